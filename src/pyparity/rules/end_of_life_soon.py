"""## end-of-life-soon (notice; audit only)

**What it does.** Flags a pin, CI matrix entry or supported range whose CPython minor
reaches its end of life within six months (183 days) of `--today` (in `pyparity audit`
only).
A range is flagged when its oldest admitted minor is the one ending; a range that still
admits a minor already past its end of life gets an `end-of-life` warning instead.

**Why it matters.** Moving a project to a newer Python takes planning: dependencies,
images and CI all have to follow. Six months' notice leaves time to do it before the old
version stops getting security fixes.

**Example.** On 2027-05-01, `FROM python:3.11-slim`:
`Dockerfile:1 pins 3.11; Python 3.11 reaches end of life on 2027-10-31, in 183 days`.

**How to fix.** Plan the move to a newer minor: pins, CI matrix and the range's floor.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from pyparity.model import Declaration, Finding, Minor, Severity
from pyparity.rules import ScopeInput
from pyparity.rules._lifecycle import (
    end_of_life,
    ends_soon,
    is_past_end_of_life,
    one_minor,
    released_admitted,
)
from pyparity.rules._shared import finding, restated, spelled, verb

NAME = "end-of-life-soon"
SEVERITY = Severity.NOTICE
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
    if minor is None or not ends_soon(minor, today):
        return None
    named = f"{verb(declaration)} {spelled(declaration, today)}"
    return f"{declaration.where} {named}; {_ending(minor, today)}"


def _range_message(declaration: Declaration, today: dt.date) -> str | None:
    admitted = released_admitted(declaration, today)
    if not admitted or any(is_past_end_of_life(m, today) for m in admitted):
        return None
    floor = admitted[0]
    if not ends_soon(floor, today):
        return None
    return (
        f"{declaration.where}: {declaration.context or 'the supported range'} "
        f"{declaration.raw} admits {floor}; {_ending(floor, today)}"
    )


def _ending(minor: Minor, today: dt.date) -> str:
    date = end_of_life(minor)
    assert date is not None  # ends_soon() found it
    days = (date - today).days
    return f"Python {minor} reaches end of life on {date}, in {days} day{'s' if days > 1 else ''}"
