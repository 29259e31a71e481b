"""## wheels-mismatch (warning)

**What it does.** Compares the CPython wheels cibuildwheel builds (`CIBW_BUILD` in a
workflow, `[tool.cibuildwheel] build` in `pyproject.toml`, less `skip` and outside
`CIBW_PROJECT_REQUIRES_PYTHON` or `requires-python`), and those a maturin release build
makes (`maturin-action`'s `args: --interpreter 3.11 3.12`, over the job's matrix), with the
classifiers and the supported range of the scope. It fires when a classifier names a
released minor no wheel is built for, when the classifiers leave out a released minor wheels
are built for, and when the range admits a released minor between its floor and the newest
wheel that has no wheel. Without an explicit build list (`build` unset, `*`, `cp3*-*`)
cibuildwheel builds every version the range admits, and the rule says nothing. Runtime pins
are not compared.

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
    wheel_builder,
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
    yield from _wheels_without_classifiers(scope, list(groups.values()))


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
            f"classifier {minor} ({declaration.where}) has no wheel: "
            f"{wheel_builder(entries[0])} ({entries[0].where}) builds {listed(built)}",
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
                f"{wheel_builder(entries[0])} ({entries[0].where}) builds no wheel for "
                f"{listed(missing)}, "
                f"which {range_name(range_declaration)} admits",
                [range_declaration],
            )


def _wheels_without_classifiers(
    scope: ScopeInput, groups: list[list[Declaration]]
) -> Iterator[Finding]:
    """Released minors the scope's wheel sets build that its classifier list leaves out:
    once per classifier list, on its first entry (previews and trials are not counted)."""
    released = set(load().released_by(scope.today))
    built: dict[Minor, Declaration] = {}
    for entries in groups:
        for declaration in entries:
            minor = cpython_minor(declaration, scope.today)
            if minor is None or minor not in released or is_trial(declaration, scope.today):
                continue
            if minor not in built or _place(declaration) < _place(built[minor]):
                built[minor] = declaration
    lists: dict[str, list[Declaration]] = defaultdict(list)
    for declaration in scope.declarations:
        if declaration.role is Role.MATRIX and declaration.group.endswith(CLASSIFIERS):
            lists[declaration.group].append(declaration)
    for classifiers in lists.values():
        claimed = {m for d in classifiers if (m := cpython_minor(d, scope.today)) is not None}
        missing = sorted(m for m in built if m not in claimed)
        if not claimed or not missing:
            continue
        first = min(classifiers, key=_place)
        builders = list(dict.fromkeys(built[m] for m in missing))
        yield finding(
            NAME,
            SEVERITY,
            first,
            f"the classifiers ({first.where}) leave out {listed(missing)}, which "
            f"{wheel_builder(builders[0])} ({builders[0].where}) builds wheels for",
            builders,
        )


def _place(declaration: Declaration) -> tuple[str, int, int]:
    return declaration.file, declaration.span.line, declaration.span.column
