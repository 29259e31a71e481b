"""Pants builds: `[python] interpreter_constraints` of `pants.toml` is the repository's
range (fixtures modelled on StackStorm's and a small Pants monorepo's, written for these
tests)."""

from __future__ import annotations

import pytest
from helpers import text_file

from pyparity.model import Role
from pyparity.sources import source_for
from pyparity.sources.pants import CONTEXT, matches, read

INTERPOLATED = """\
[GLOBAL]
pants_version = "2.25.0"
backend_packages = ["pants.backend.python"]

# DEFAULT has values that we can reuse/interpolate below
[DEFAULT]
# The range of Pythons we support.
service_interpreter_constraints = "CPython>=3.10.1,<3.13"
plugins_interpreter_constraints = "CPython==3.11.*"

[python]
enable_resolves = true
interpreter_constraints = ["%(service_interpreter_constraints)s"]
"""


def _text_at(content: str, line: int, column: int, end_column: int) -> str:
    return content.splitlines()[line - 1][column - 1 : end_column - 1]


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        pytest.param("pants.toml", True, id="root"),
        pytest.param("pants.ci.toml", True, id="ci-overrides"),
        pytest.param("build/pants.toml", True, id="nested"),
        pytest.param("pantsfile.toml", False, id="other"),
        pytest.param("pants.ini", False, id="old-ini"),
    ],
)
def test_matches(path: str, expected: bool) -> None:
    assert matches(path) is expected


def test_the_registry_reads_pants_toml() -> None:
    found = source_for("pants.toml")
    assert found is not None
    assert found.kind == "pants"


def test_a_default_interpolated_into_the_constraints_is_the_range_where_it_is_written() -> None:
    [found] = read(text_file("pants.toml", INTERPOLATED))
    span = found.span
    assert (found.role, found.raw, found.context) == (Role.RANGE, ">=3.10.1,<3.13", CONTEXT)
    assert span.line == 8
    assert _text_at(INTERPOLATED, span.line, span.column, span.end_column) == (
        "CPython>=3.10.1,<3.13"
    )
    assert found.requirement is not None
    assert [str(minor) for minor in found.requirement.minors] == ["3.10", "3.11", "3.12"]


@pytest.mark.parametrize(
    ("constraint", "raw"),
    [
        pytest.param("==3.13.*", "==3.13.*", id="one-minor"),
        pytest.param("CPython>=3.9, <3.12", ">=3.9,<3.12", id="spaces"),
        pytest.param("CPython >=3.11", ">=3.11", id="space-after-name"),
    ],
)
def test_one_constraint_is_the_range(constraint: str, raw: str) -> None:
    content = (
        "\ufeff[python]\r\n# every target\r\n"
        f'interpreter_constraints = ["{constraint}"]  # keep in sync\r\n'
    )
    [found] = read(text_file("pants.toml", content))
    assert (found.role, found.raw, found.span.line) == (Role.RANGE, raw, 3)
    assert _text_at(content, 3, found.span.column, found.span.end_column) == constraint


@pytest.mark.parametrize(
    ("constraints", "note"),
    [
        pytest.param('["==3.9.*", "==3.11.*"]', "2 constraints", id="a-union"),
        pytest.param('["PyPy>=3.9"]', "not a constraint on CPython", id="pypy"),
        pytest.param('["%(env.PYTHON_RANGE)s"]', "only the machine knows", id="environment"),
        pytest.param('["%(undefined)s"]', "only the machine knows", id="no-default"),
    ],
)
def test_constraints_pyparity_does_not_compare_are_unresolved(constraints: str, note: str) -> None:
    content = f"[python]\ninterpreter_constraints = {constraints}\n"
    [found] = read(text_file("pants.toml", content))
    assert found.role is Role.UNRESOLVED
    assert note in found.note


@pytest.mark.parametrize(
    "content",
    [
        pytest.param("", id="empty"),
        pytest.param('[GLOBAL]\npants_version = "2.25.0"\n', id="no-python-table"),
        pytest.param("[python]\ninterpreter_constraints = []\n", id="empty-list"),
        pytest.param('[black]\ninterpreter_constraints = ["==3.12.*"]\n', id="a-tools-own"),
    ],
)
def test_nothing_declared(content: str) -> None:
    assert read(text_file("pants.toml", content)) == []
