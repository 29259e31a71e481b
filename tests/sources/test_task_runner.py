"""Task runners and scripts: justfile and Makefile recipes, shell scripts under scripts/,
ci/ and tools/ (modelled on a justfile with one test recipe per Python beside docs and lint
recipes, a Makefile that makes one virtualenv per Python, and a test script with a default
Python; written for these tests)."""

import pytest
from helpers import text_file

from pyparity.model import Purpose, Role
from pyparity.sources import source_for
from pyparity.sources.task_runner import matches, read

JUSTFILE = """\
set shell := ["bash", "-c"]
python := "3.12"

# Build the docs
docs:
    uv run --python=3.13 --isolated --group docs -- sphinx-build docs docs/_build

# Every supported Python
test-all:
    uv run --python=3.10 --isolated --group test -- pytest
    uv run -p 3.11 --isolated --group test -- pytest

[group('dev')]
api-docs:
    uvx --with-editable . \\
        --python 3.12 \\
        mdxify --all

schema:
    uv run --python {{python}} scripts/schema.py
"""


def _summary(found):
    return [(d.line, d.raw, d.role, d.purpose) for d in found]


def _text_at(content, declaration):
    line = content.split("\n")[declaration.span.line - 1]
    return line[declaration.span.column - 1 : declaration.span.end_column - 1]


def test_justfile_recipes():
    found = read(text_file("justfile", JUSTFILE))
    assert _summary(found) == [
        (2, "3.12", Role.PIN, Purpose.TOOLING),  # `{{python}}`: where the variable is set
        (6, "3.13", Role.PIN, Purpose.TOOLING),
        (10, "3.10", Role.MATRIX, None),
        (11, "3.11", Role.MATRIX, None),
        (16, "3.12", Role.PIN, Purpose.TOOLING),
    ]
    for declaration in found:
        assert _text_at(JUSTFILE, declaration) == declaration.raw
    assert {d.group for d in found if d.role is Role.MATRIX} == {"justfile recipes"}
    assert found[2].context == "recipe test-all: uv run, runs pytest"
    assert found[1].context == "recipe docs: uv run, tooling"


CODEGEN = """\
#!/usr/bin/env bash
# Regenerates the protobuf modules (modelled on opentelemetry-python's scripts).
set -euo pipefail

protoc() {
    uvx -c "$repo_root/gen-requirements.txt" \\
        --python 3.12 \\
        --from grpcio-tools \\
        --with mypy-protobuf \\
        python -m grpc_tools.protoc "$@"
}

check() {
    uv run --with=pytest-xdist --python 3.11 pytest -n auto
}
"""


def test_packages_uv_installs_are_not_the_commands_it_runs():
    found = read(text_file("scripts/proto_codegen.sh", CODEGEN))
    assert [(d.line, d.raw, d.role, d.purpose) for d in found] == [
        (7, "3.12", Role.PIN, Purpose.TOOLING),  # a protoc plugin named for mypy runs no mypy
        (14, "3.11", Role.MATRIX, None),  # pytest, not its plugin, runs the tests
    ]
    assert found[1].context == "recipe proto_codegen: uv run, runs pytest"


MAKEFILE = """\
PYVER ?= 3.11
.PHONY: test35 build

test36:
\tvirtualenv local --python=python3.6
\t. local/bin/activate && pytest

build:
\tpython$(PYVER) -m venv .venv && uv venv --python $(PYVER) .uv
\tuv build --python "$(NOWHERE)"
\t-uv python install 3.12 3.13
"""


def test_makefile_recipes():
    found = read(text_file("Makefile", MAKEFILE))
    assert [(d.line, d.raw, d.role) for d in found] == [
        (1, "3.11", Role.PIN),
        (5, "python3.6", Role.PIN),
        (10, "$(NOWHERE)", Role.UNRESOLVED),
        (11, "3.12", Role.PIN),
        (11, "3.13", Role.PIN),
    ]
    assert found[2].note == "the Python is set by a variable of the script or recipe"


SCRIPT = """\
#!/usr/bin/env bash
set -eu
PY_VERSION="3.12"
while [[ $# -gt 0 ]]; do
  case "$1" in --py) PY_VERSION="$2"; shift 2;; esac
done
uv run --isolated --python "$PY_VERSION" --group test pytest "$@"
uv run --python "${OTHER:-3.11}" pytest tests/slow
pyenv install --skip-existing 3.10.14 system
VERSION_ALIAS="python3.9" pyenv install 3.9.19
uv run python -m build  # no Python named
"""


def test_script_defaults_and_installs():
    found = read(text_file("scripts/test.sh", SCRIPT))
    assert _summary(found) == [
        (3, "3.12", Role.MATRIX, None),
        (8, "3.11", Role.MATRIX, None),
        (9, "3.10.14", Role.PIN, Purpose.TOOLING),
        (10, "3.9.19", Role.PIN, Purpose.TOOLING),
    ]
    for declaration in found:
        assert _text_at(SCRIPT, declaration) == declaration.raw


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("justfile", True),
        ("Justfile", True),
        ("sub/.justfile", True),
        ("Makefile", True),
        ("docs/makefile", True),
        ("GNUmakefile", True),
        ("scripts/test.sh", True),
        ("tools/ci/run.sh", True),
        ("ci/install.sh", True),
        ("install.sh", True),  # a script at the root (build-docs.sh, lint.sh)
        ("src/pkg/run.sh", True),  # any folder (crates/dev/test.sh, pkg/debian/install.sh)
        ("scripts/test", True),  # no extension
        ("script/bootstrap", True),
        ("scripts/README", True),
        ("docs/test", False),
        ("bin/tool", False),  # maybe a program
        ("scripts/", False),
        ("scripts/test.py", False),
        ("Makefile.am", False),
    ],
)
def test_matches(path, expected):
    assert matches(path) is expected
    assert (source_for(path) is not None and source_for(path).kind == "task-runner") is expected


def test_a_command_named_in_text_is_not_a_python():
    content = "help:\n\techo 'use: make test'\n\tpytest -p no:cacheprovider -p 3.12\n"
    assert read(text_file("Makefile", content)) == []


def test_a_variable_named_for_the_python_is_a_tooling_pin_where_written():
    # modelled on Makefiles that name the Python in a variable used by commands not read
    # (`python$(PYVER) -m venv`, `--build-arg PYTHON_VERSION=$(PYTHON_VERSION)`)
    content = (
        "override PYVER = 3.8\n"
        "build/%: PYTHON_VERSION?=3.13\n"
        "build310: PY = python3.10\n"
        "NODE_VERSION = 20.1\n"
        "PYTHON = python\n"
        "venv:\n\tpython$(PYVER) -m venv .env\n"
    )
    found = read(text_file("Makefile", content))
    assert [(d.line, d.raw, d.role, d.purpose, d.context) for d in found] == [
        (1, "3.8", Role.PIN, Purpose.TOOLING, "variable PYVER, tooling"),
        (2, "3.13", Role.PIN, Purpose.TOOLING, "variable PYTHON_VERSION, tooling"),
        (3, "python3.10", Role.PIN, Purpose.TOOLING, "variable PY, tooling"),
    ]
    for declaration in found:
        assert _text_at(content, declaration) == declaration.raw


def test_comments_and_help_text_name_no_python():
    content = (
        "#!/bin/sh\n"
        "# pyenv install 3.8.20 (no longer needed)\n"
        'echo "run: uv run --python 3.9 pytest"\n'
        "  # uv run -p 3.7 old\n"
        "uv run -p 3.12 pytest  # the real one\n"
        "# and below a comment\n"
        "pyenv install 3.11\n"
    )
    found = read(text_file("scripts/t.sh", content))
    assert [(d.line, d.raw) for d in found] == [(5, "3.12"), (7, "3.11")]


def _listed(path, content):
    return [(d.raw, d.line, d.role, d.purpose) for d in read(text_file(path, content))]


def test_variables_named_for_the_python_and_lists_of_them():
    # modelled on a dev-environment script's default and a Makefile's lock recipes
    content = (
        "#!/bin/bash\r\n"
        'DEFAULT_PY_VERSION="3.11"  # fallback\r\n'
        "PY_VERSIONS=(\"3.10\" '3.11'\t3.12)\r\n"
        "SUPPORTED_PY_MIN=10\r\n"
        'PY_VERSION_MIN=">=3.9.0"\r\n'
        "_DEFAULT_PYTHON=3.10\r\n"
        "GREETING=(hello world)\r\n"
    )
    assert _listed("scripts/dev", content) == [
        ("3.11", 2, Role.PIN, Purpose.TOOLING),
        ("3.10", 3, Role.PIN, Purpose.TOOLING),
        ("3.11", 3, Role.PIN, Purpose.TOOLING),
        ("3.12", 3, Role.PIN, Purpose.TOOLING),
        (">=3.9.0", 5, Role.UNRESOLVED, None),  # a range: which Python uv picks is not known
        ("3.10", 6, Role.PIN, Purpose.TOOLING),
    ]
    make = "PYTHON_VERSIONS := 3.10 3.11 3.12\nOTHER := 1 2\n\nlock:\n\techo $(PYTHON_VERSIONS)\n"
    assert [(raw, line) for raw, line, _, _ in _listed("Makefile", make)] == [
        ("3.10", 1),
        ("3.11", 1),
        ("3.12", 1),
    ]


def test_a_loop_over_literal_versions():
    content = (
        "set -e\nfor python in 3.9 3.10 '3.11'; do\n  build --python-version=$python\ndone\n"
        "for f in a b; do echo $f; done\nfor v in 3.12 latest; do :; done\n"
    )
    assert _listed("scripts/build-images", content) == [
        ("3.9", 2, Role.PIN, Purpose.TOOLING),
        ("3.10", 2, Role.PIN, Purpose.TOOLING),
        ("3.11", 2, Role.PIN, Purpose.TOOLING),
    ]


def test_tox_envs_a_recipe_runs():
    content = (
        '.PHONY: test\ntest: ## Run tests\n\t@echo "+ $@"\n\t@tox -e py310\n\n'
        "lint:\n\t@tox -e lint\n\nall:\n\ttox run -e py311-django42,py312,docs\n"
        "help:\n\t@echo 'tox -e py39'\n"
    )
    found = read(text_file("Makefile", content))
    assert [(d.raw, d.line, d.span.column, d.role, d.group) for d in found] == [
        ("py310", 4, 10, Role.MATRIX, "Makefile recipes"),
        ("py311", 10, 13, Role.MATRIX, "Makefile recipes"),
        ("py312", 10, 28, Role.MATRIX, "Makefile recipes"),
    ]


def test_a_python_image_a_script_runs():
    content = (
        "docker run --platform=linux/amd64 \\\n  -v $PWD:/src \\\n"
        '  python:3.8-slim /bin/bash -c "pip install ."\n'
        "docker pull cr.example.org/stable/python:3.9-ubuntu20.04  # for users' sessions\n"
        "docker run docker.io/library/python:3.12.4-alpine true\n"
        "docker run mypython:3.9 true\n"
        "# docker run python:3.7\n"
        "podman create python:3.14\n"
    )
    found = read(text_file("scripts/release.sh", content))
    assert [(d.raw, d.line, d.span.column, d.purpose) for d in found] == [
        ("3.8", 3, 10, Purpose.TOOLING),
        ("3.12.4", 5, 37, Purpose.TOOLING),  # not the image line 4 only pulls
        ("3.14", 8, 22, Purpose.TOOLING),
    ]


def test_freebsd_packages_built_for_a_python():
    content = (
        "elif which pkg > /dev/null; then\n"
        "    sudo pkg install -y python3 py39-pip py39-sqlite3 npm\n"
        "    sudo pkg install -y chromium\n"
    )
    [declaration] = read(text_file("bin/setup.sh", content))
    assert (declaration.raw, declaration.line, declaration.span.column) == ("py39-pip", 2, 33)
    assert str(declaration.requirement.minors[0]) == "3.9"


def test_pyupgrade_in_a_script_is_a_target():
    content = "pytest src\nshopt -s globstar && pyupgrade --py37-plus --py312-plus src/*.py\n"
    [declaration] = read(text_file("lint.sh", content))
    assert (declaration.raw, declaration.line, declaration.role, declaration.context) == (
        "--py312-plus",
        2,
        Role.TARGET,
        "pyupgrade target",
    )
    assert str(declaration.requirement.minors[0]) == "3.12"


def test_a_script_at_the_root_and_one_with_no_extension():
    content = "#!/usr/bin/env bash\nuv sync --python 3.12 --group docs\nmkdocs build\n"
    assert _listed("build-docs.sh", content) == [("3.12", 2, Role.PIN, Purpose.TOOLING)]
    assert _listed("scripts/docs", content) == [("3.12", 2, Role.PIN, Purpose.TOOLING)]
    assert _listed("scripts/empty", "") == []


def test_a_python_request_variable_is_unresolved():
    content = (
        '#!/usr/bin/env bash\nPY_VERSION_MIN=">=3.9.0"\nPY_VERSION_MAX=">=3.14.0"\n'
        "OTHER_MIN='>=1.0'\nUV_PYTHON=\"$PY_VERSION_MIN\" run_tests\n"
    )
    found = read(text_file("scripts/test", content))
    assert [(d.raw, d.line, d.role) for d in found] == [
        (">=3.9.0", 2, Role.UNRESOLVED),
        (">=3.14.0", 3, Role.UNRESOLVED),
    ]
    assert "uv resolves" in found[0].note


def test_a_bound_a_makefile_checks_is_no_python_it_runs():
    # modelled on a Makefile that refuses to run on too old a Python
    content = (
        "PYTHON = python3\n"
        "PYTHON_VERSION_MIN=3.0\n"
        "PY_VERSION_MAX := 3.13  # newest we try\n"
        "PYTHON_VERSION_OK=$(shell $(PYTHON) -c 'import sys;\\\n"
        '  print(int(float("%d.%d"% sys.version_info[0:2]) >= $(PYTHON_VERSION_MIN)))\' )\n'
        "PYVER ?= 3.12\n"
    )
    found = read(text_file("Makefile", content))
    assert [(d.raw, d.line) for d in found] == [("python3", 1), ("3.12", 6)]


def test_a_dockerfile_a_recipe_writes():
    content = (
        "Dockerfile:\n"
        '\t@+python -c \'open("Dockerfile", "w").write("FROM python:3.14-alpine\\nCOPY . .\\n")\'\n'
        "other:\n\tcat <<EOF > Dockerfile\nFROM docker.io/library/python:3.12.1-slim AS base\n"
        "FROM jupyter/minimal-notebook:python-3.9.13\nFROM mypython:3.9\nEOF\n"
    )
    found = read(text_file("Makefile", content))
    assert [(d.raw, d.line, d.span.column, d.purpose) for d in found] == [
        ("3.14", 2, 58, Purpose.TOOLING),
        ("3.12.1", 5, 31, Purpose.TOOLING),
        ("3.9.13", 6, 38, Purpose.TOOLING),  # a tag that names the image's Python
    ]


def test_a_venvs_interpreter_path_names_no_version():
    content = 'uv pip install --python "$VENV_DIR/bin/python" pkg\nuv venv -p $PY\n'
    found = read(text_file("utils/install.sh", content))
    assert [(d.raw, d.line, d.role) for d in found] == [("$PY", 2, Role.UNRESOLVED)]


def test_a_map_named_for_the_python():
    content = (
        'declare -A CTK_NUMPY_VMAP=( ["11.2"]="1.24" )\n'
        'declare -A CTK_PYTHON_VMAP=( ["11.2"]="3.10" [\'11.8\']=3.12 [x]="latest")\n'
        'PYTHON_VER="${CTK_PYTHON_VMAP[$CUDA_VER]}"\n'
    )
    found = read(text_file("buildscripts/ci/build.sh", content))
    assert [(d.raw, d.line, d.span.column, d.purpose) for d in found] == [
        ("3.10", 2, 40, Purpose.TOOLING),
        ("3.12", 2, 55, Purpose.TOOLING),
    ]


def test_a_written_dockerfile_on_an_image_whose_tag_names_python():
    content = "docker build -f- . <<EOF\nFROM jupyter/minimal-notebook:python-3.9.13\nEOF\n"
    [declaration] = read(text_file("scripts/image.sh", content))
    assert (declaration.raw, declaration.line, declaration.span.column) == ("3.9.13", 2, 38)


# modelled on a Makefile that takes python3 unless its version is past what the package
# supports, then falls back to an older interpreter found on the PATH
GUARDED_DEFAULT = """\
PYTHON ?= python3
TOO_NEW := $(shell $(PYTHON) -c "import sys; print(int(sys.version_info[:2] > (3, 11)))")
ifeq ($(TOO_NEW),1)
  ifneq ($(shell command -v python3.11 2>/dev/null),)
    PYTHON = python3.11
  else
    PYTHON = python3.10
  endif
endif

install:
\t$(PYTHON) -m venv .venv
\t.venv/bin/pip install -e .
"""


def test_a_bare_default_the_makefile_replaces_under_a_version_check_is_no_pin():
    found = read(text_file("Makefile", GUARDED_DEFAULT))
    assert [(d.line, d.raw) for d in found] == [(5, "python3.11"), (7, "python3.10")]
    alone = read(
        text_file("Makefile", "PYTHON ?= python3\n\ninstall:\n\t$(PYTHON) -m venv .venv\n")
    )
    assert [(d.line, d.raw, d.role) for d in alone] == [(1, "python3", Role.FLOATING)]


def test_an_interpreter_called_by_its_version_to_run_the_tests():
    """A test script that installs and tests the Python 2 build beside the Python 3 ones."""
    content = (
        "#!/bin/bash\r\nset -e\r\n\r\n# Python 2.\r\n(\r\n"
        "    python2.7 setup.py install --prefix ci/legacy\r\n"
        "    cd ci\r\n"
        "    PYTHONPATH=legacy/lib/python2.7/site-packages python2.7 -m mylib.tests\r\n"
        ")\r\n"
        "pypy3.10 -m pytest -x tests && python3.12 -m tox -e lint\r\n"
        "python3.11 -m pip install -e . ; python3.9 -m nox -s tests\r\n"
        '# python3.8 -m pytest\r\necho "python3.7 -m pytest"\r\n'
    )
    found = read(text_file("test.sh", content))
    assert [(d.raw, d.line, d.span.column, d.role, d.group) for d in found] == [
        ("python2.7", 8, 51, Role.MATRIX, "test.sh recipes"),
        ("pypy3.10", 10, 1, Role.MATRIX, "test.sh recipes"),
    ]
    assert [_text_at(content.replace("\r", ""), d) for d in found] == ["python2.7", "pypy3.10"]
    assert [(d.implementation, str(d.requirement.minors[0])) for d in found] == [
        ("cpython", "2.7"),
        ("pypy", "3.10"),
    ]


def test_a_makefile_recipe_that_tests_on_a_named_interpreter():
    content = "test-py2:\n\tpython2.7 -m unittest discover -s tests\n\n"
    content += "build:\n\tpython3.8 -m build\n"
    [declaration] = read(text_file("Makefile", content))
    assert (declaration.raw, declaration.line, declaration.span.column) == ("python2.7", 2, 2)
    assert "runs unittest" in declaration.context
