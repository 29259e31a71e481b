"""## end-of-life (warning; audit only)

**What it does.** Flags every declaration naming a CPython minor past its end of life
at `--today` (in `pyparity audit` only): a pin (for a floating one, what it means today), a
CI matrix entry, and a supported range (`requires-python`, Poetry's `python`) that still
admits one. One finding per declaration; a range's names every such minor it admits.
End-of-life dates come from pyparity's release data (the devguide's "Status of Python
versions" and the release PEPs).

**Why it matters.** A Python past its end of life gets no more releases, security fixes
included. Running it ships known holes; testing it spends CI on a version nobody should
use; a range that admits it tells users it is still a fine choice.

**Example.** On 2026-11-26, `.python-version` holding `3.9`:
`.python-version:1 pins 3.9; Python 3.9 reached end of life on 2025-10-31`, and
`requires-python = ">=3.9"`: `pyproject.toml:5: requires-python >=3.9 admits 3.9 and
3.10, past end of life since 2025-10-31 and 2026-10-31; raise the floor to 3.11`.

**How to fix.** Move pins to a supported minor, drop end-of-life entries from the CI
matrix, and raise the range's floor (with the classifiers and tool targets that follow it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from pyparity.model import Declaration, Finding, Minor, Severity
from pyparity.rules import ScopeInput
from pyparity.rules._lifecycle import (
    end_of_life,
    is_current,
    is_past_end_of_life,
    listed,
    one_minor,
    released_admitted,
)
from pyparity.rules._shared import finding, restated, spelled, verb

NAME = "end-of-life"
SEVERITY = Severity.WARNING
AUDIT_ONLY = True


def check(scope: ScopeInput) -> Iterator[Finding]:
    repeats = restated(scope.declarations)
    for declaration in scope.declarations:
        if id(declaration) in repeats:
            continue
        message = _range_message(declaration, scope.today) or _one_minor_message(
            declaration, scope.today
        )
        if message:
            yield finding(NAME, SEVERITY, declaration, message)


def _one_minor_message(declaration: Declaration, today: dt.date) -> str | None:
    minor = one_minor(declaration, today)
    if minor is None or not is_past_end_of_life(minor, today):
        return None
    return (
        f"{declaration.where} {verb(declaration)} {spelled(declaration, today)}; "
        f"Python {minor} reached end of life on {end_of_life(minor)}"
    )


def _range_message(declaration: Declaration, today: dt.date) -> str | None:
    admitted = released_admitted(declaration, today)
    past = tuple(m for m in admitted if is_past_end_of_life(m, today))
    if not past:
        return None
    supported = [m for m in admitted if is_current(m, today)]
    advice = (
        f"raise the floor to {supported[0]}"
        if supported
        else "no Python it admits is still supported"
    )
    return (
        f"{declaration.where}: {declaration.context or 'the supported range'} "
        f"{declaration.raw} admits {listed(past)}, past end of life {_since(past)}; {advice}"
    )


def _since(minors: tuple[Minor, ...]) -> str:
    if len(minors) > 3:
        return f"({minors[-1]} since {end_of_life(minors[-1])})"
    return "since " + _listed_dates(minors)


def _listed_dates(minors: tuple[Minor, ...]) -> str:
    dates = [str(end_of_life(m)) for m in minors]
    if len(dates) == 1:
        return dates[0]
    return ", ".join(dates[:-1]) + " and " + dates[-1]
