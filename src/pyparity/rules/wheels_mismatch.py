"""## wheels-mismatch (warning)

**What it does.** Compares the CPython wheels cibuildwheel builds (`CIBW_BUILD` in a
workflow, `[tool.cibuildwheel] build` in `pyproject.toml`, less `skip` and outside
`CIBW_PROJECT_REQUIRES_PYTHON` or `requires-python`) with the classifiers and the supported
range of the scope. It fires when a classifier names a released minor no wheel is built for,
and when the range admits a released minor between its floor and the newest wheel that has
no wheel. Without an explicit build list (`build` unset, `*`, `cp3*-*`) cibuildwheel builds
every version the range admits, and the rule says nothing. Runtime pins are not compared.

**Why it matters.** A user on a Python the package claims but ships no wheel for gets the
source distribution: a compiler toolchain, a long install or a failed one.

**Example.** Classifiers for 3.10 to 3.14 with `CIBW_BUILD: "cp310-* cp311-* cp312-*
cp313-*"`: `classifier 3.14 (pyproject.toml:20) has no wheel: cibuildwheel
(.github/workflows/wheels.yml:15) builds 3.10, 3.11, 3.12 and 3.13`.

**How to fix.** Add the missing `cpXY-*` patterns (or use `cp3*-*` and let `requires-python`
decide), or drop the classifier.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from pyparity.model import Declaration, Finding, Minor, Role, Severity
from pyparity.releases import load
from pyparity.rules import ScopeInput
from pyparity.rules._shared import finding
from pyparity.rules._tested import (
    CLASSIFIERS,
    admits,
    cpython_minor,
    floor_of,
    is_trial,
    is_wheels,
    listed,
    range_name,
    ranges,
)

NAME = "wheels-mismatch"
SEVERITY = Severity.WARNING


def check(scope: ScopeInput) -> Iterator[Finding]:
    groups: dict[str, list[Declaration]] = defaultdict(list)
    for declaration in scope.declarations:
        if is_wheels(declaration):
            groups[declaration.group].append(declaration)
    for entries in groups.values():
        built = {m for d in entries if (m := cpython_minor(d, scope.today)) is not None}
        if built:
            yield from _classifiers_without_wheels(scope, entries, built)
            yield from _range_without_wheels(scope, entries, built)


def _classifiers_without_wheels(
    scope: ScopeInput, entries: list[Declaration], built: set[Minor]
) -> Iterator[Finding]:
    for declaration in scope.declarations:
        if declaration.role is not Role.MATRIX or not declaration.group.endswith(CLASSIFIERS):
            continue
        minor = cpython_minor(declaration, scope.today)
        if minor is None or minor in built or is_trial(declaration, scope.today):
            continue
        yield finding(
            NAME,
            SEVERITY,
            declaration,
            f"classifier {minor} ({declaration.where}) has no wheel: cibuildwheel "
            f"({entries[0].where}) builds {listed(built)}",
            [entries[0]],
        )


def _range_without_wheels(
    scope: ScopeInput, entries: list[Declaration], built: set[Minor]
) -> Iterator[Finding]:
    released = load().released_by(scope.today)
    for range_declaration in ranges(scope.declarations):
        floor = floor_of(range_declaration)
        if floor is None:
            continue
        missing = [
            m
            for m in released
            if floor <= m <= max(built) and m not in built and admits(range_declaration, m)
        ]
        if missing:
            yield finding(
                NAME,
                SEVERITY,
                entries[0],
                f"cibuildwheel ({entries[0].where}) builds no wheel for {listed(missing)}, "
                f"which {range_name(range_declaration)} admits",
                [range_declaration],
            )
