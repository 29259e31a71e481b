"""Standalone tool configuration files: ruff.toml, ty.toml, mypy.ini, pyrightconfig.json
(modelled on a root ruff.toml with a nested package's own, a lib/mypy.ini and a ty.toml,
written for these tests); and the same targets and Poetry classifiers in pyproject.toml."""

import pytest
from helpers import text_file

from pyparity.errors import UnreadableFile
from pyparity.model import Role
from pyparity.sources import source_for
from pyparity.sources.pyproject import read as read_pyproject
from pyparity.sources.tool_config import matches, read, target_version


def _text_at(content, declaration):
    line = content.split("\n")[declaration.span.line - 1]
    return line[declaration.span.column - 1 : declaration.span.end_column - 1]


@pytest.mark.parametrize(
    ("path", "content", "raw", "minor", "context"),
    [
        pytest.param(
            "ruff.toml",
            'line-length = 100\ntarget-version = "py311"\n\n[lint]\nselect = ["UP"]\n',
            "py311",
            "3.11",
            "ruff target-version",
            id="ruff-toml",
        ),
        pytest.param(
            "packages/client/.ruff.toml",
            "extend = '../../ruff.toml'\ntarget-version = 'py39'\n",
            "py39",
            "3.9",
            "ruff target-version",
            id="dot-ruff-toml-nested",
        ),
        pytest.param(
            "ty.toml",
            '[environment]\npython-version = "3.12"\n',
            "3.12",
            "3.12",
            "ty python-version",
            id="ty-toml",
        ),
        pytest.param(
            "lib/mypy.ini",
            "[mypy]\npython_version = 3.10\nstrict = True\n\n[mypy-tests.*]\nstrict = False\n",
            "3.10",
            "3.10",
            "mypy python_version",
            id="mypy-ini",
        ),
        pytest.param(
            ".mypy.ini",
            "[mypy]\n# the oldest supported\npython_version=3.9\n",
            "3.9",
            "3.9",
            "mypy python_version",
            id="dot-mypy-ini",
        ),
        pytest.param(
            "pyrightconfig.json",
            '{\n  // comments are allowed\n  "include": ["src"],\n  "pythonVersion": "3.13",\n}\n',
            "3.13",
            "3.13",
            "pyright pythonVersion",
            id="pyrightconfig",
        ),
    ],
)
def test_the_target_of_each_file(path, content, raw, minor, context):
    assert source_for(path).kind == "tool-config"
    [declaration] = read(text_file(path, content))
    assert declaration.role is Role.TARGET
    assert (declaration.raw, str(declaration.requirement.minors[0]), declaration.context) == (
        raw,
        minor,
        context,
    )
    assert _text_at(content, declaration) == raw


@pytest.mark.parametrize(
    ("path", "content"),
    [
        pytest.param("ruff.toml", "[lint]\nselect = ['E']\n", id="ruff-without-target"),
        pytest.param("ruff.toml", "target-version = 311\n", id="ruff-not-a-string"),
        pytest.param("mypy.ini", "[mypy-foo.*]\npython_version = 3.8\n", id="other-section"),
        pytest.param("pyrightconfig.json", '{"include": ["src"]}', id="pyright-without"),
        pytest.param("pyrightconfig.json", "[1, 2]", id="pyright-not-an-object"),
        pytest.param("ty.toml", "[rules]\nunused-ignore-comment = 'warn'\n", id="ty-without"),
        pytest.param("ruff.toml", "target-version = \n", id="broken-toml"),
    ],
)
def test_files_that_name_no_target(path, content):
    assert read(text_file(path, content)) == []


@pytest.mark.parametrize(
    ("path", "content", "raw"),
    [
        pytest.param(
            "ruff.toml",
            'target-version = "py312"\nper-file-target-version = {\n  "a.py" = "py38",\n}\n',
            "py312",
            id="ruff-inline-table-over-lines",
        ),
        pytest.param(
            "ty.toml",
            "[src]\ninclude = [\n]\n[environment]\n  python-version = '3.11'\nx = {\n}\n",
            "3.11",
            id="ty-table",
        ),
        pytest.param(
            "ruff.toml", "x = {\n}\n[lint]\ntarget-version = 'py38'\n", None, id="wrong-table"
        ),
    ],
)
def test_toml_1_1_files_are_read_line_by_line(path, content, raw):
    # ruff and ty accept TOML 1.1 (newlines in inline tables); Python's parser does not
    found = [d for d in read(text_file(path, content)) if "per-file" not in d.context]
    assert [d.raw for d in found] == ([raw] if raw else [])
    for declaration in found:
        assert _text_at(content, declaration) == raw


@pytest.mark.parametrize(
    ("path", "content"),
    [
        pytest.param("pyrightconfig.json", '{"pythonVersion": ', id="json"),
        pytest.param("pyrightconfig.json", '{"pythonVersion": "3.1', id="unterminated"),
    ],
)
def test_broken_json_is_unreadable(path, content):
    with pytest.raises(UnreadableFile):
        read(text_file(path, content))


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("ruff.toml", True),
        ("crates/pkg/python/ruff.toml", True),
        (".ruff.toml", True),
        ("ty.toml", True),
        ("mypy.ini", True),
        ("src/.mypy.ini", True),
        ("pyrightconfig.json", True),
        ("ruff.toml.bak", False),
        ("mypy_self_check.ini", True),  # passed with --config-file
        ("tox_mypy.ini", False),
        ("mypy.ini.bak", False),
        ("pylintrc", True),
        ("tools/.pylintrc", True),
        ("pylintrc.toml", False),
        ("pyrefly.toml", True),
        ("pyright.json", False),
    ],
)
def test_matches(path, expected):
    assert matches(path) is expected


def test_target_version_spellings():
    assert [target_version(t) for t in ("py37", "PY312", "3.11", "py3", "python")] == [
        "3.7",
        "3.12",
        "3.11",
        "py3",
        "python",
    ]


def test_ty_target_in_pyproject_inline_or_as_a_table():
    for content in (
        '[project]\nname = "x"\n\n[tool.ty]\nenvironment = { python-version = "3.11" }\n',
        '[project]\nname = "x"\n\n[tool.ty.environment]\npython-version = "3.11"\n',
    ):
        [declaration] = read_pyproject(text_file("pyproject.toml", content))
        assert (declaration.role, declaration.raw, declaration.context) == (
            Role.TARGET,
            "3.11",
            "ty python-version",
        )
        assert _text_at(content, declaration) == "3.11"


def test_blacks_target_with_an_underscore():
    """black turns `-` into `_` in its keys, so either spelling sets its target (StackStorm)."""
    content = "[tool.black]\nmax-line-length = 100\ntarget_version = ['py38']\n"
    [declaration] = read_pyproject(text_file("pyproject.toml", content))
    assert (declaration.role, declaration.raw, declaration.context) == (
        Role.TARGET,
        "py38",
        "black target_version",
    )
    assert _text_at(content, declaration) == "py38"


POETRY = """\
[tool.poetry]
name = "x"
classifiers = [
    "Programming Language :: Python :: 3.10",
    "Programming Language :: Python :: 3.11",
]

[tool.poetry.dependencies]
python = "^3.10"
"""


def test_poetry_classifiers_are_the_classifier_set():
    declarations = read_pyproject(text_file("pyproject.toml", POETRY))
    classifiers = [d for d in declarations if d.context == "classifiers"]
    assert [(d.raw, d.line, d.role, d.group) for d in classifiers] == [
        ("3.10", 4, Role.MATRIX, "pyproject.toml classifiers"),
        ("3.11", 5, Role.MATRIX, "pyproject.toml classifiers"),
    ]


def test_project_classifiers_win_over_poetrys():
    content = POETRY.replace(
        "[tool.poetry]",
        '[project]\nname = "x"\nclassifiers = ["Programming Language :: Python :: 3.12"]\n\n'
        "[tool.poetry]",
    )
    declarations = read_pyproject(text_file("pyproject.toml", content))
    assert [d.raw for d in declarations if d.context == "classifiers"] == ["3.12"]
