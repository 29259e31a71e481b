"""The Action's `fix-to` input: a minor (`3.12`), `newest` (the newest minor released by the
run's date) or `oldest-supported` (the oldest released minor whose end of life is more than
six months away), resolved against the release data shipped with pyparity."""

from __future__ import annotations

import datetime as dt

from pyparity import releases
from pyparity.model import Minor
from pyparity.rules._lifecycle import SOON

NEWEST = "newest"
OLDEST_SUPPORTED = "oldest-supported"
WORDS = (NEWEST, OLDEST_SUPPORTED)


class BadTarget(ValueError):
    """A `fix-to` value that names no minor; the message says what is accepted."""


def parse(value: str) -> Minor | str | None:
    """None for "" (the source of truth decides), a word kept as it is, or the minor named;
    a minor must be one the release data knows (`3.8` to the newest planned)."""
    value = value.strip()
    if not value:
        return None
    if value in WORDS:
        return value
    major, dot, minor = value.partition(".")
    if dot and major.isdigit() and minor.isdigit() and len(major) <= 2 and len(minor) <= 3:
        named = Minor(int(major), int(minor))
        if releases.load().known(named):
            return named
        known = releases.load().minors
        raise BadTarget(
            f"{value!r} is not a Python minor the release data knows "
            f"({known[0]} to {known[-1]}); use a known minor, `newest` or `oldest-supported`"
        )
    raise BadTarget(
        f"must be a Python minor (X.Y, e.g. 3.12), `newest` or `oldest-supported`, not {value!r}"
    )


def resolve(value: Minor | str | None, today: dt.date) -> Minor | None:
    """The minor `value` names on `today` (None: the source of truth decides)."""
    if value is None or isinstance(value, Minor):
        return value
    data = releases.load()
    released = [m for m in data.released_by(today) if m.major == 3]
    if value == NEWEST:
        chosen = max(released, default=None)
    else:
        chosen = min(
            (m for m in released if data.by_minor[m].end_of_life > today + SOON), default=None
        )
    if chosen is None:
        raise BadTarget(f"the release data names no {value} Python on {today}")
    return chosen
