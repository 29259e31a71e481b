"""## matrix-misses-floor (warning)

**What it does.** Finds the lowest minor the scope's supported range admits
(`requires-python`, Poetry's `python`, `python_requires`) and checks that something tests
it: a CI matrix entry, a tox env, a nox session, a runtime pin, or a cibuildwheel build that
tests its wheels (`CIBW_TEST_COMMAND`, `[tool.cibuildwheel] test-command`) and builds the
floor (a selector naming it, or no selector: every version the range admits from 3.8 on).
It only speaks when the scope has a range and at least one CI test job; the finding sits on
the range. A range with no lower bound (`<3.13`) has no floor and is left to
`range-without-floor`.

**Why it matters.** The floor is where new syntax and new standard-library names break
first: code using `datetime.UTC` (3.11) passes a 3.11 to 3.13 matrix and fails for every user
on 3.10 that `requires-python = ">=3.10"` invites.

**Example.** `requires-python = ">=3.9"` with a matrix of 3.10 to 3.13:
`nothing tests 3.9, the lowest minor requires-python >=3.9 (pyproject.toml:5) admits; the
tests run 3.10, 3.11, 3.12 and 3.13`.

**How to fix.** Add the floor to the matrix, or raise the range's floor to the lowest
minor you test.
"""

from __future__ import annotations

from collections.abc import Iterator

from pyparity.model import (
    WHEEL_TESTS,
    Declaration,
    Finding,
    Minor,
    Purpose,
    Role,
    Severity,
)
from pyparity.rules import ScopeInput
from pyparity.rules._shared import finding, is_runtime_pin, minor_at
from pyparity.rules._tested import (
    OLDEST_WHEELS,
    every_wheel_tested,
    floor_of,
    is_ci,
    is_classifier,
    is_wheels,
    listed,
    range_name,
    ranges,
    unknown_ci_test,
)

NAME = "matrix-misses-floor"
SEVERITY = Severity.WARNING


def check(scope: ScopeInput) -> Iterator[Finding]:
    for range_declaration, floor, tested in _untested_once(scope):
        yield finding(
            NAME,
            SEVERITY,
            range_declaration,
            f"nothing tests {floor}, the lowest minor {range_name(range_declaration)} admits"
            + (f"; the tests run {listed(tested)}" if tested else ""),
        )


def untested_floors(scope: ScopeInput) -> set[Minor]:
    """The floors this rule reports: `matrix-mismatch` leaves them to it (the classifiers
    that list a floor nothing tests say the same thing once more)."""
    return {floor for _, floor, _ in _untested_once(scope)}


_Untested = list[tuple[Declaration, Minor, set[Minor]]]
_LAST: list[tuple[ScopeInput, _Untested]] = []
"""The last scope's answer: `matrix-mismatch` asks it, then this rule (the entry holds its
scope, so an id is never mistaken for another's)."""


def _untested_once(scope: ScopeInput) -> _Untested:
    if _LAST and _LAST[0][0] is scope:
        return _LAST[0][1]
    found = list(_untested(scope))
    _LAST[:] = [(scope, found)]
    return found


def _untested(scope: ScopeInput) -> Iterator[tuple[Declaration, Minor, set[Minor]]]:
    """Each range whose floor nothing tests, its floor, and the minors that are tested."""
    declared_ranges = ranges(scope.declarations)
    if not declared_ranges or not _has_ci_tests(scope) or unknown_ci_test(scope.declarations):
        return
    tested = {
        minor
        for d in scope.declarations
        if (
            (d.role is Role.MATRIX and not is_classifier(d) and not is_wheels(d))
            or is_runtime_pin(d)
        )
        and d.implementation == "cpython"
        and (minor := minor_at(d, scope.today)) is not None
    }
    tested |= _tested_wheels(scope)
    every_wheel = every_wheel_tested(scope)
    said: set[tuple[str, Minor]] = set()
    for range_declaration in declared_ranges:
        floor = floor_of(range_declaration)
        if floor is None or floor in tested:
            continue
        if (range_declaration.file, floor) in said:
            continue  # a conda recipe's run requirement repeats its host one: said once
        said.add((range_declaration.file, floor))
        if every_wheel and floor >= OLDEST_WHEELS:
            continue  # cibuildwheel builds and tests a wheel of the floor
        yield range_declaration, floor, tested


def _has_ci_tests(scope: ScopeInput) -> bool:
    """A CI job that may test the scope; a wheel build tests nothing here (awkward-cpp's
    wheels are built by CI and tested through awkward's suite, in another scope)."""
    return any(
        is_ci(d)
        and d.purpose not in (Purpose.TOOLING, Purpose.BUILD)
        and (d.role is Role.MATRIX or is_runtime_pin(d))
        and not is_wheels(d)
        for d in scope.declarations
    )


def _tested_wheels(scope: ScopeInput) -> set[Minor]:
    """The minors of the wheels a cibuildwheel build tests (`CIBW_TEST_COMMAND`)."""
    return {
        minor
        for d in scope.declarations
        if d.role is not Role.UNRESOLVED
        and WHEEL_TESTS in d.context
        and d.implementation == "cpython"
        and (minor := minor_at(d, scope.today)) is not None
    }
