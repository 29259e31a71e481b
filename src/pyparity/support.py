"""The support window of an audit: which declared CPython minors are past (or near) their
end of life, and which supported minors nothing tests. Pure: a `Result` and a date in,
a `SupportWindow` and text lines out.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable

from pyparity.model import Declaration, Location, Minor, Result, Role
from pyparity.records import record
from pyparity.rules._lifecycle import (
    current_minors,
    end_of_life,
    ends_soon,
    is_past_end_of_life,
    named_minors,
    one_minor,
    released_admitted,
)


@record
class DeclaredMinor:
    """A minor the repository declares, its end of life, and where it is declared."""

    minor: Minor
    end_of_life: dt.date
    where: tuple[Location, ...]


@record
class SupportWindow:
    """`untested`: supported minors that the declared ranges admit (all supported minors
    when no range is declared) and that no pin or CI matrix entry names."""

    today: dt.date
    supported: tuple[Minor, ...]
    past_end_of_life: tuple[DeclaredMinor, ...]
    ending_soon: tuple[DeclaredMinor, ...]
    tested: tuple[Minor, ...]
    untested: tuple[Minor, ...]


def support_window(result: Result, today: dt.date) -> SupportWindow:
    declared = _declared(result.declarations, today)
    supported = current_minors(today)
    tested = {
        minor
        for declaration in result.declarations
        if (minor := one_minor(declaration, today)) is not None
    }
    wanted = _range_admits(result.declarations, today, supported)
    return SupportWindow(
        today=today,
        supported=supported,
        past_end_of_life=_select(declared, lambda m: is_past_end_of_life(m, today)),
        ending_soon=_select(declared, lambda m: ends_soon(m, today)),
        tested=tuple(m for m in supported if m in tested),
        untested=tuple(m for m in wanted if m not in tested),
    )


def render_support_window(window: SupportWindow) -> list[str]:
    """The text block the text report shows after the version table in audits."""
    lines = [f"support window on {window.today}:"]
    lines.append(f"  supported: {_every(window.supported) or 'none known'}")
    for label, entries in (
        ("past end of life", window.past_end_of_life),
        ("end of life within 6 months", window.ending_soon),
    ):
        for entry in entries:
            places = ", ".join(f"{w.file}:{w.line}" for w in entry.where)
            lines.append(f"  {label}: {entry.minor} ({entry.end_of_life}), declared at {places}")
    lines.append(f"  pinned or tested: {_every(window.tested) or 'no supported Python'}")
    if window.untested:
        lines.append(f"  supported but neither pinned nor tested: {_every(window.untested)}")
    return lines


def _every(minors: tuple[Minor, ...]) -> str:
    return ", ".join(str(m) for m in minors)


def _declared(declarations: Iterable[Declaration], today: dt.date) -> dict[Minor, list[Location]]:
    where: dict[Minor, list[Location]] = defaultdict(list)
    for declaration in declarations:
        for minor in named_minors(declaration, today):
            location = Location(file=declaration.file, line=declaration.line)
            if location not in where[minor]:
                where[minor].append(location)
    return where


def _select(
    declared: dict[Minor, list[Location]], keep: Callable[[Minor], bool]
) -> tuple[DeclaredMinor, ...]:
    return tuple(
        DeclaredMinor(minor=minor, end_of_life=date, where=tuple(declared[minor]))
        for minor in sorted(declared)
        if keep(minor) and (date := end_of_life(minor)) is not None
    )


def _range_admits(
    declarations: Iterable[Declaration], today: dt.date, supported: tuple[Minor, ...]
) -> tuple[Minor, ...]:
    ranges = [d for d in declarations if d.role is Role.RANGE and d.requirement is not None]
    if not ranges:
        return supported
    admitted = {m for d in ranges for m in released_admitted(d, today)}
    return tuple(m for m in supported if m in admitted)
