"""The Read the Docs reader: build.tools.python and python.version."""

import pytest
from helpers import text_file

from pyparity.errors import UnreadableFile
from pyparity.model import Purpose, Role
from pyparity.sources.readthedocs import matches, read


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        pytest.param(".readthedocs.yaml", True, id="yaml"),
        pytest.param(".readthedocs.yml", True, id="yml"),
        pytest.param("readthedocs.yml", True, id="v1-name"),
        pytest.param("docs/.readthedocs.yaml", True, id="nested"),
        pytest.param("docs/conf.py", False, id="sphinx-conf"),
    ],
)
def test_matches(path, expected):
    assert matches(path) is expected


def summary(declaration):
    span = declaration.span
    return (
        declaration.raw,
        declaration.role,
        declaration.yaml_loaded_as,
        (span.line, span.column, span.end_column),
        declaration.context,
    )


V2 = """\
# Read the Docs configuration file
version: 2
build:
  os: ubuntu-24.04
  tools:
    python: {value}
sphinx:
  configuration: docs/conf.py
"""


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param(
            '"3.12"',
            [("3.12", Role.PIN, None, (6, 14, 18), "Read the Docs build.tools.python")],
            id="quoted",
        ),
        pytest.param(
            "'3.10'",
            [("3.10", Role.PIN, None, (6, 14, 18), "Read the Docs build.tools.python")],
            id="single-quoted",
        ),
        pytest.param(
            "3.10",
            [("3.10", Role.PIN, "3.1", (6, 13, 17), "Read the Docs build.tools.python")],
            id="unquoted-float",
        ),
        pytest.param(
            "3.11",
            [("3.11", Role.PIN, None, (6, 13, 17), "Read the Docs build.tools.python")],
            id="unquoted-same",
        ),
        pytest.param(
            '"3"',
            [("3", Role.FLOATING, None, (6, 14, 15), "Read the Docs build.tools.python")],
            id="major-floats",
        ),
        pytest.param(
            '"latest"',
            [("latest", Role.FLOATING, None, (6, 14, 20), "Read the Docs build.tools.python")],
            id="latest",
        ),
        pytest.param('"miniconda3-4.7"', [], id="miniconda"),
        pytest.param('"mambaforge-22.9"', [], id="mambaforge"),
        pytest.param('"miniforge3-latest"', [], id="miniforge"),
        pytest.param('""', [], id="empty-string"),
    ],
)
def test_build_tools_python(value, expected):
    found = read(text_file(".readthedocs.yaml", V2.format(value=value)))
    assert [summary(d) for d in found] == expected
    assert all(d.purpose is Purpose.TOOLING for d in found)


def test_v1_python_version():
    """Read the Docs has failed every build of a configuration without `build.os` since
    October 2023 (outlines' and great_expectations' leftovers): its Python runs nothing."""
    text = "build:\n  image: latest\npython:\n  version: 3.6\n  setup_py_install: true\n"
    [declaration] = read(text_file("readthedocs.yml", text))
    assert summary(declaration) == (
        "3.6",
        Role.PIN,
        None,
        (4, 12, 15),
        "Read the Docs python.version, tooling: runs no Python and ships no Python output "
        "(Read the Docs has built no configuration without build.os since October 2023)",
    )


def test_python_version_beside_build_os_is_the_docs_python():
    text = "version: 2\nbuild:\n  os: ubuntu-22.04\npython:\n  version: 3.8\n"
    [declaration] = read(text_file(".readthedocs.yml", text))
    assert summary(declaration)[4] == "Read the Docs python.version"


def test_crlf_and_bom():
    text = '\ufeffversion: 2\r\nbuild:\r\n  tools:\r\n    python: "3.13"\r\n'
    [declaration] = read(text_file(".readthedocs.yml", text))
    assert summary(declaration)[3] == (4, 14, 18)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("", id="empty"),
        pytest.param("version: 2\nformats: all\n", id="no-python"),
        pytest.param("version: 2\nbuild:\n  tools: [python]\n", id="tools-list"),
    ],
)
def test_nothing_declared(text):
    assert read(text_file(".readthedocs.yaml", text)) == []


def test_garbage_is_unreadable():
    with pytest.raises(UnreadableFile):
        read(text_file(".readthedocs.yaml", "build: {tools: [\n"))


# modelled on docs builds that set their Python up with uv in build.commands
COMMANDS = """\
version: 2
build:
  os: ubuntu-24.04
  tools:
    python: miniconda3-3.12-24.1
  commands:
    - asdf install uv latest   # no python here
    - uv tool install tox --with tox-uv --python "3.13" --managed-python
    - ~/.local/bin/uv tool install tox -p 3.14
    - NO_COLOR=1 uv run --python=3.11 --group docs mkdocs build
    - uv venv -p '3.10'
    - pytest -p xdist
    - uv pip install -p 3.9x foo
"""


def test_build_commands_and_installer_pythons():
    found = read(text_file(".readthedocs.yaml", COMMANDS.replace("\n", "\r\n")))
    assert [(d.raw, d.line, d.span.column, d.role, d.purpose) for d in found] == [
        ("3.12", 5, 24, Role.PIN, Purpose.TOOLING),
        ("3.13", 8, 51, Role.PIN, Purpose.TOOLING),
        ("3.14", 9, 43, Role.PIN, Purpose.TOOLING),
        ("3.11", 10, 34, Role.PIN, Purpose.TOOLING),
        ("3.10", 11, 19, Role.PIN, Purpose.TOOLING),
    ]


@pytest.mark.parametrize("value", ["miniconda3-4.7", "mambaforge-22.9", "miniconda-latest"])
def test_an_installer_without_a_python_declares_nothing(value):
    text = f"version: 2\nbuild:\n  tools:\n    python: {value}\n"
    assert read(text_file(".readthedocs.yaml", text)) == []


PIXI_DOCS = """\
version: 2
build:
  os: ubuntu-lts-latest
  tools:
    python: "latest"
  jobs:
    create_environment:
      - asdf plugin add pixi
      - asdf install pixi latest
    install:
      - pixi install --frozen
    build:
      html:
        - pixi run sphinx-build -b html doc/source $READTHEDOCS_OUTPUT/html
"""


@pytest.mark.parametrize(
    ("text", "elsewhere"),
    [
        pytest.param(PIXI_DOCS, True, id="pixi-environment"),
        pytest.param(
            PIXI_DOCS.replace("pixi install --frozen", "conda env create -f docs/env.yml"),
            True,
            id="conda-environment",
        ),
        pytest.param(
            PIXI_DOCS.replace("pixi install --frozen", "pip install -r docs/requirements.txt"),
            False,
            id="installed-into-its-python",
        ),
    ],
)
def test_a_docs_build_in_an_environment_of_its_own(text, elsewhere):
    """ESMValTool: `tools.python` only hosts pixi; the docs build on pixi's Python, so the
    range does not judge it (outside-range skips what runs no Python)."""
    [declaration] = read(text_file(".readthedocs.yaml", text))
    assert declaration.purpose is Purpose.TOOLING
    assert ("runs no Python" in declaration.context) is elsewhere
