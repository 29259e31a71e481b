"""## target-mismatch (warning)

**What it does.** Compares each tool's target Python (ruff `target-version`, black
`target-version` (its lowest entry), mypy `python_version`, pyright `pythonVersion`) with
the floor of the scope's supported range, the lowest minor it admits. Without a range, or
with a range that has no lower bound (`<3.13`), it says nothing.

**Why it matters.** A tool targets one minor: ruff's pyupgrade rules rewrite code to the
target's syntax, and mypy checks against the target's standard library. A target above
the floor lets code that breaks on the floor pass lint and type checks; a target below it
leaves modernisations and checks unused.

**Example.** `requires-python = ">=3.10"` with `[tool.ruff] target-version = "py39"`:
`ruff target-version py39 (pyproject.toml:30) targets 3.9 but the floor of requires-python
>=3.10 (pyproject.toml:5) is 3.10`.

A type checker (mypy, pyright) set above the floor is not reported: checking against a
newer standard library is a common, deliberate choice (`code-floor` finds code that needs
more than the floor). A target at the lowest the tool supports (ruff `py37`, mypy 3.9)
under an older floor is as close as the tool gets, and is not reported either.

**How to fix.** Set the target to the range's floor, or drop it: ruff and black read
`requires-python` themselves when no target is set.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from pyparity.model import Declaration, Finding, Minor, Role, Severity
from pyparity.rules import ScopeInput
from pyparity.rules._shared import finding
from pyparity.rules._tested import cpython_minor, floor_of, range_name, ranges

NAME = "target-mismatch"
SEVERITY = Severity.WARNING

_TYPE_CHECKERS = frozenset({"mypy", "pyright", "basedpyright"})
_LOWEST_TARGET = {"ruff": Minor(3, 7), "mypy": Minor(3, 9), "black": Minor(3, 3)}
"""The oldest Python each tool's current releases can target."""


def check(scope: ScopeInput) -> Iterator[Finding]:
    declared_ranges = ranges(scope.declarations)
    if not declared_ranges:
        return
    for target in _targets(scope):
        minor = cpython_minor(target, scope.today)
        if minor is None:
            continue
        tool = target.context.split(" ", 1)[0]
        for range_declaration in declared_ranges:
            floor = floor_of(range_declaration)
            if floor is None or floor == minor:
                continue
            if minor > floor and tool in _TYPE_CHECKERS:
                continue  # checking against a newer standard library is a common choice
            if minor > floor and _LOWEST_TARGET.get(tool) == minor:
                continue  # the tool cannot target the floor: its lowest is as close as it gets
            yield finding(
                NAME,
                SEVERITY,
                target,
                f"{target.context or 'tool target'} {target.raw} ({target.where}) targets "
                f"{minor} but the floor of {range_name(range_declaration)} is {floor}",
                [range_declaration],
            )
            break


def _targets(scope: ScopeInput) -> Iterator[Declaration]:
    """Each single target, and the lowest entry of a target list (black)."""
    groups: dict[str, list[Declaration]] = defaultdict(list)
    for declaration in scope.declarations:
        if declaration.role is not Role.TARGET:
            continue
        if not declaration.group:
            yield declaration
        else:
            groups[declaration.group].append(declaration)
    for entries in groups.values():
        known = [d for d in entries if cpython_minor(d, scope.today) is not None]
        if known:
            yield min(known, key=lambda d: cpython_minor(d, scope.today) or (0, 0))
