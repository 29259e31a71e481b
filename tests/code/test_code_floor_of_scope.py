"""The lowest minor a scope's declarations admit, and which declaration to name."""

from __future__ import annotations

from dataclasses import replace

from helpers import TODAY, at, matrix_entry, runtime_pin, supported

from pyparity.code.floor import floors, lowest_admitted
from pyparity.model import Minor, Purpose, Role
from pyparity.sources._common import pin, unresolved


def test_lowest_across_pins_ranges_matrices_and_targets() -> None:
    declarations = [
        runtime_pin("Dockerfile", "3.12.4"),
        supported("pyproject.toml", ">=3.10,<3.14", line=4),
        matrix_entry(".github/workflows/ci.yml", "3.11", line=12),
        replace(pin("pyproject.toml", at(20), "3.9", source="pyproject"), role=Role.TARGET),
    ]
    floor = floors(declarations, TODAY)["."]
    assert floor.minor == Minor(3, 9)
    assert [d.role for d in floor.declarations] == [Role.TARGET]


def test_range_is_named_before_a_pin_of_the_same_minor() -> None:
    declarations = [
        runtime_pin(".python-version", "3.9.6"),
        supported("pyproject.toml", ">=3.9", line=9),
    ]
    floor = floors(declarations, TODAY)["."]
    assert [d.file for d in floor.declarations] == ["pyproject.toml", ".python-version"]


def test_scopes_are_separate() -> None:
    declarations = [
        replace(supported("a/pyproject.toml", ">=3.8"), scope="a"),
        replace(supported("b/pyproject.toml", ">=3.12"), scope="b"),
    ]
    result = floors(declarations, TODAY)
    assert {name: f.minor for name, f in result.items()} == {
        "a": Minor(3, 8),
        "b": Minor(3, 12),
    }


def test_not_counted() -> None:
    tooling = runtime_pin(".pre-commit-config.yaml", "3.8", purpose=Purpose.TOOLING)
    nothing = unresolved("ci.yml", at(3), "${{ inputs.python }}", source="workflow")
    assert lowest_admitted(tooling, TODAY) is None
    assert lowest_admitted(nothing, TODAY) is None
    assert floors([tooling, nothing], TODAY) == {}


def test_python_2_in_a_range_is_skipped_and_floating_means_today() -> None:
    assert lowest_admitted(supported("setup.cfg", ">=2.7"), TODAY) == Minor(3, 0)
    floating = runtime_pin("Dockerfile", "3")
    assert floating.role is Role.FLOATING
    newest = lowest_admitted(floating, TODAY)
    assert newest is not None
    assert newest >= Minor(3, 13)
