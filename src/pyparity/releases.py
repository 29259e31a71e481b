"""The CPython release calendar from `data/python-releases.toml`."""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from pyparity.model import Minor


@dataclass(frozen=True, slots=True, kw_only=True)
class Release:
    minor: Minor
    released: dt.date
    end_of_life: dt.date
    latest: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Releases:
    updated: dt.date
    by_minor: dict[Minor, Release]
    graalpy: dict[str, Minor]

    @property
    def minors(self) -> tuple[Minor, ...]:
        return tuple(sorted(self.by_minor))

    def known(self, minor: Minor) -> bool:
        return minor in self.by_minor

    def released_by(self, today: dt.date) -> tuple[Minor, ...]:
        return tuple(m for m in self.minors if self.by_minor[m].released <= today)

    def newest(self, today: dt.date, among: tuple[Minor, ...] | None = None) -> Minor | None:
        """The newest minor released by `today` (optionally among `among`)."""
        released = [m for m in self.released_by(today) if among is None or m in among]
        return max(released) if released else None


@cache
def load() -> Releases:
    raw = tomllib.loads(
        resources.files("pyparity").joinpath("data/python-releases.toml").read_text("utf-8")
    )
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
