"""The pre-commit reader: default_language_version.python."""

import pytest
from helpers import text_file

from pyparity.errors import UnreadableFile
from pyparity.model import Purpose, Role
from pyparity.sources.precommit import CONTEXT, matches, read

PATH = ".pre-commit-config.yaml"
HOOKS = """\
repos:
  - repo: https://github.com/astral-sh/ruff-pre-commit
    rev: v0.8.0
    hooks:
      - id: ruff
"""


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        pytest.param(".pre-commit-config.yaml", True, id="root"),
        pytest.param("sub/project/.pre-commit-config.yaml", True, id="nested"),
        pytest.param(".pre-commit-config.yml", True, id="yml"),
        pytest.param(".pre-commit-hooks.yaml", False, id="hooks-manifest"),
        pytest.param("pre-commit-config.yaml", False, id="no-dot"),
    ],
)
def test_matches(path, expected):
    assert matches(path) is expected


def summary(declaration):
    span = declaration.span
    version = declaration.requirement.version if declaration.requirement else None
    return (
        declaration.raw,
        declaration.role,
        version,
        declaration.implementation,
        (span.line, span.column, span.end_column),
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param(
            "python3.11",
            [("python3.11", Role.PIN, "3.11", "cpython", (2, 17, 21))],
            id="python3.11",
        ),
        pytest.param(
            '"python3.12"', [("python3.12", Role.PIN, "3.12", "cpython", (2, 18, 22))], id="quoted"
        ),
        pytest.param(
            "python3  # any",
            [("python3", Role.FLOATING, None, "cpython", (2, 11, 18))],
            id="python3-floats",
        ),
        pytest.param(
            "python", [("python", Role.FLOATING, None, "cpython", (2, 11, 17))], id="python-floats"
        ),
        pytest.param("pypy3.10", [("pypy3.10", Role.PIN, "3.10", "pypy", (2, 15, 19))], id="pypy"),
        pytest.param(
            "/usr/bin/python3.9",
            [("/usr/bin/python3.9", Role.PIN, "3.9", "cpython", (2, 26, 29))],
            id="path",
        ),
        pytest.param("py", [], id="py-launcher"),
        pytest.param("system", [], id="system"),
        pytest.param("[python3.11]", [], id="not-a-scalar"),
    ],
)
def test_default_language_version(value, expected):
    text = f"default_language_version:\n  python: {value}\n{HOOKS}"
    found = read(text_file(PATH, text))
    assert [summary(d) for d in found] == expected
    for declaration in found:
        assert (declaration.purpose, declaration.context) == (Purpose.TOOLING, CONTEXT)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("", id="empty"),
        pytest.param(HOOKS, id="no-default"),
        pytest.param("default_language_version:\n  node: 20.0.0\n", id="other-language"),
        pytest.param("# comment only\r\n", id="crlf-comment"),
    ],
)
def test_nothing_declared(text):
    assert read(text_file(PATH, text)) == []


def test_crlf_bom_and_tab_comment():
    text = "\ufeffdefault_language_version:\r\n  python: python3.13\t# pinned\r\n"
    [declaration] = read(text_file(PATH, text))
    assert summary(declaration)[4] == (2, 17, 21)


@pytest.mark.parametrize(
    "text",
    [pytest.param("repos: [\n", id="unclosed"), pytest.param("- a\n", id="list-root")],
)
def test_unreadable(text):
    with pytest.raises(UnreadableFile):
        read(text_file(PATH, text))
