"""The release calendar as the time-based rules and the support window read it.

Only CPython's calendar is known: a PyPy or GraalPy declaration names a language level,
whose support its own project decides, so it is never judged here.
"""

from __future__ import annotations

import datetime as dt

from pyparity.model import Declaration, Minor, Role
from pyparity.releases import load
from pyparity.versions import effective_minor

SOON = dt.timedelta(days=183)
"""How long before its end of life a minor counts as ending soon (about six months)."""

ONE_MINOR_ROLES = (Role.PIN, Role.FLOATING, Role.MATRIX)


def end_of_life(minor: Minor) -> dt.date | None:
    release = load().by_minor.get(minor)
    return release.end_of_life if release else None


def is_past_end_of_life(minor: Minor, today: dt.date) -> bool:
    """True from the end-of-life day itself: that day the minor gets no more releases."""
    date = end_of_life(minor)
    return date is not None and date <= today


def ends_soon(minor: Minor, today: dt.date) -> bool:
    date = end_of_life(minor)
    return date is not None and today < date <= today + SOON


def is_current(minor: Minor, today: dt.date) -> bool:
    """Released by `today` and not past its end of life."""
    release = load().by_minor.get(minor)
    return release is not None and release.released <= today < release.end_of_life


def current_minors(today: dt.date) -> tuple[Minor, ...]:
    return tuple(m for m in load().minors if is_current(m, today))


def one_minor(declaration: Declaration, today: dt.date) -> Minor | None:
    """The CPython minor a pin or matrix entry names today (a floating one's current meaning)."""
    requirement = declaration.requirement
    if (
        declaration.role not in ONE_MINOR_ROLES
        or requirement is None
        or requirement.implementation != "cpython"
    ):
        return None
    return effective_minor(requirement, today)


def released_admitted(declaration: Declaration, today: dt.date) -> tuple[Minor, ...]:
    """The released CPython minors a range admits, oldest first."""
    requirement = declaration.requirement
    if (
        declaration.role is not Role.RANGE
        or requirement is None
        or requirement.implementation != "cpython"
    ):
        return ()
    released = set(load().released_by(today))
    return tuple(m for m in requirement.minors if m in released)


def named_minors(declaration: Declaration, today: dt.date) -> tuple[Minor, ...]:
    """Every released CPython minor a declaration names: its one minor, or a range's."""
    minor = one_minor(declaration, today)
    return (minor,) if minor is not None else released_admitted(declaration, today)


def listed(minors: tuple[Minor, ...]) -> str:
    """`3.9`, `3.9 and 3.10`, `3.8, 3.9 and 3.10`, or `2.7 to 3.10 (11 minors)`."""
    names = [str(m) for m in minors]
    if len(names) > 3:
        return f"{names[0]} to {names[-1]} ({len(names)} minors)"
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
