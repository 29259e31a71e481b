"""## stale-release-data (warning; audit only)

**What it does.** Warns when pyparity's own release data (the calendar of CPython
releases, end-of-life dates and newest patches it ships with) was last updated more than
a year before `--today` (in `pyparity audit` only). The finding sits on the first
declaration of each scope, since it qualifies every time-based finding there.

**Why it matters.** The time-based rules are only as good as that calendar. With a stale
one, a Python released since is unknown, its newest patches are missed, and an audit can
come out clean while it should not.

**Example.** `pyparity's release data was last updated on 2026-11-26, 366 days before
2027-11-27: newer Pythons, patches and end-of-life dates may be missing; upgrade pyparity`.

**How to fix.** Upgrade pyparity (`pip install -U pyparity`, or a newer tag of the
Action).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from pyparity.model import Finding, Severity
from pyparity.releases import load
from pyparity.rules import ScopeInput
from pyparity.rules._shared import finding

NAME = "stale-release-data"
SEVERITY = Severity.WARNING
AUDIT_ONLY = True

MAX_AGE = dt.timedelta(days=365)


def check(scope: ScopeInput) -> Iterator[Finding]:
    message = stale_message(load().updated, scope.today)
    if message is None or not scope.declarations:
        return
    anchor = min(scope.declarations, key=lambda d: (d.file, d.span.line, d.span.column))
    yield finding(NAME, SEVERITY, anchor, message)


def stale_message(updated: dt.date, today: dt.date) -> str | None:
    """The warning when data last updated on `updated` is more than a year old at `today`."""
    age = today - updated
    if age <= MAX_AGE:
        return None
    return (
        f"pyparity's release data was last updated on {updated}, {age.days} days before "
        f"{today}: newer Pythons, patches and end-of-life dates may be missing; "
        "upgrade pyparity"
    )
