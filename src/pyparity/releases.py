"""The CPython release calendar from `data/python-releases.toml`."""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

import tomli

from pyparity.model import Minor
from pyparity.records import field, record


@record
class Release:
    """One Python minor: release date, end of life and newest patch."""

    minor: Minor
    released: dt.date
    end_of_life: dt.date
    latest: str | None


@record
class Releases:
    """The release data file: every minor's, and GraalPy's CPython minors."""

    updated: dt.date
    by_minor: dict[Minor, Release]
    graalpy: dict[str, Minor]
    minors: tuple[Minor, ...] = field(init=False)
    _released_by: dict[dt.date, tuple[Minor, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        object.__setattr__(self, "minors", tuple(sorted(self.by_minor)))

    def known(self, minor: Minor) -> bool:
        return minor in self.by_minor

    def released_by(self, today: dt.date) -> tuple[Minor, ...]:
        released = self._released_by.get(today)
        if released is None:
            released = tuple(m for m in self.minors if self.by_minor[m].released <= today)
            self._released_by[today] = released
        return released

    def newest(self, today: dt.date, among: tuple[Minor, ...] | None = None) -> Minor | None:
        """The newest minor released by `today` (optionally among `among`)."""
        released = [m for m in self.released_by(today) if among is None or m in among]
        return max(released) if released else None


_DATA_FILE = Path(__file__).parent / "data" / "python-releases.toml"


@cache
def load() -> Releases:
    # A plain read: importlib.resources costs more to import than the file costs to parse,
    # and the package is always installed as files (the wheel, the image, editable).
    raw = tomli.loads(_DATA_FILE.read_text("utf-8"))
    by_minor = {}
    for entry in raw["release"]:
        minor = Minor.parse(entry["minor"])
        by_minor[minor] = Release(
            minor=minor,
            released=entry["released"],
            end_of_life=entry["end_of_life"],
            latest=entry.get("latest"),
        )
    graalpy = {release: Minor.parse(level) for release, level in raw.get("graalpy", {}).items()}
    return Releases(updated=raw["updated"], by_minor=by_minor, graalpy=graalpy)
