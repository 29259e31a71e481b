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
        ("install.sh", False),
        ("src/pkg/run.sh", False),
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
