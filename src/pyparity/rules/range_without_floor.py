"""## range-without-floor (notice)

**What it does.** Flags a supported range (`requires-python`, Poetry's `python`,
`python_requires`) with no lower bound: `<3.13`, `!=3.0.*,!=3.1.*`, `>=3`, `*`. Such a range
has no floor, so the floor-based checks (`matrix-misses-floor`, `target-mismatch`, the
missing classifiers of `classifier-mismatch`, the range's part in `code-floor`) say nothing
about it; this notice says it once, and suggests the lowest minor the scope tests or pins.

**Why it matters.** pip installs the package on every Python the range admits: with
`requires-python = "<3.13"` a user on 3.8 gets a release that fails at import instead of the
last release that supports 3.8. The lower bound is what makes pip pick the right release.

**Example.** `requires-python = "<3.13"` with a CI matrix of 3.10 to 3.12:
`requires-python <3.13 (pyproject.toml:5) has no lower bound, so pip installs it on any
older Python; add one, such as >=3.10 (the lowest minor the scope tests or pins)`.

**How to fix.** Add the lowest minor you support: `requires-python = ">=3.10,<3.13"`.
"""

from __future__ import annotations

from collections.abc import Iterator

from pyparity.model import Declaration, Finding, Minor, Role, Severity
from pyparity.rules import ScopeInput
from pyparity.rules._shared import finding, is_runtime_pin
from pyparity.rules._tested import cpython_minor, floor_of, is_trial, is_wheels, range_name, ranges

NAME = "range-without-floor"
SEVERITY = Severity.NOTICE


def check(scope: ScopeInput) -> Iterator[Finding]:
    floorless = [r for r in ranges(scope.declarations) if floor_of(r) is None]
    if not floorless:
        return  # most scopes: the lowest minor tested or pinned is then not asked
    lowest = _lowest_tested_or_pinned(scope)
    advice = f", such as >={lowest} (the lowest minor the scope tests or pins)" if lowest else ""
    for range_declaration in floorless:
        yield finding(
            NAME,
            SEVERITY,
            range_declaration,
            f"{range_name(range_declaration)} has no lower bound, so pip installs it on any "
            f"older Python; add one{advice}",
        )


def _lowest_tested_or_pinned(scope: ScopeInput) -> Minor | None:
    minors = [
        minor
        for d in scope.declarations
        if _tests_or_pins(d)
        and not is_trial(d, scope.today)
        and (minor := cpython_minor(d, scope.today)) is not None
    ]
    return min(minors, default=None)


def _tests_or_pins(declaration: Declaration) -> bool:
    if declaration.role is Role.MATRIX:
        return not is_wheels(declaration)
    return is_runtime_pin(declaration)
