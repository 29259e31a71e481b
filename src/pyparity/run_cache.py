"""Whole runs kept: `pyparity check` run again with the same options on a tree none of whose
files changed prints what it printed last time, and exits as it did, without reading a file.

The per-file cache (`cache.py`) spares the reading, not the start-up: importing the readers,
the rules and the report costs a small tree more than the rest of its run. A run's key holds
everything its report depends on: pyparity's version, code and release data, the running
Python and vermin, the options (every parsed one), the working folder, today's date, the
environment the report reads (`NO_COLOR`, `FORCE_COLOR`, `TERM`, `PYPARITY_*`) and whether
stdout is a terminal, the listing (every file's name, and the folders that could not be
read) and each listed file's `stat` (type, size, modification and change times, inode; of
the target where it is a link), and the configuration files'. A file that changes gets a new
change time, which no program can set back, so a changed tree has another key.

A run is kept only when it ended with 0 or 1 (never a usage or internal error), and only
when no file it stats changed within `RECENT_NS` of its start: a file system whose clock
ticks coarsely could otherwise give a file changed again within the same tick the same
times. The entry, JSON in `<cache>/v1/runs/`, is checked when used: its key, the folder it
was written in (a copy or a planted folder is never used, as for the per-file cache), and
the types of what it holds. At most `MAX_RUNS` are kept, the least recently used go first.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

from pyparity import __version__
from pyparity.cache_files import (
    DATA_FILE,
    FORMAT,
    Location,
    file_digest,
    hasher,
    load_json,
    package_fingerprint,
    prune,
    vermin_fingerprint,
    write_json,
)

RUNS_FOLDER = "runs"
MAX_RUNS = 16
RECENT_NS = 2_000_000_000
"""A run whose files changed this close to its start is not kept (coarse file-system clocks)."""
_ENVIRONMENT = ("NO_COLOR", "FORCE_COLOR", "TERM")
_ENVIRONMENT_PREFIX = "PYPARITY_"
_CONFIGURATION_FILES = (".pyparity.toml", "pyproject.toml")


class Kept:
    """What a run gave: its report (written where the run writes it), its messages on
    stderr, and its exit status."""

    __slots__ = ("messages", "report", "status")

    def __init__(self, report: str, messages: str, status: int) -> None:
        self.report = report
        self.messages = messages
        self.status = status


class RunCache:
    """One run's entry: `replay` gives what a run with the same key kept, `keep` stores this
    run's outcome."""

    __slots__ = ("key", "location", "path", "storable")

    def __init__(self, *, location: Location, key: str, storable: bool) -> None:
        self.location = location
        self.key = key
        self.storable = storable
        self.path = location.folder / RUNS_FOLDER / f"{key[:40]}.json"

    def replay(self) -> Kept | None:
        document = load_json(self.path)
        if not (
            isinstance(document, dict)
            and document.get("format") == FORMAT
            and document.get("key") == self.key
            and document.get("home") == self.location.identity()
        ):
            return None
        report, messages, status = (document.get(k) for k in ("report", "messages", "status"))
        if not (
            isinstance(report, str)
            and isinstance(messages, str)
            and type(status) is int
            and status in (0, 1)
        ):
            return None
        with contextlib.suppress(OSError):
            os.utime(self.path)  # recently used: pruned last
        return Kept(report, messages, status)

    def keep(self, kept: Kept) -> None:
        if not self.storable or kept.status not in (0, 1):
            return
        folder = self.path.parent
        try:
            self.location.prepare(folder)
            document = {
                "format": FORMAT,
                "key": self.key,
                "home": self.location.identity(),
                "report": kept.report,
                "messages": kept.messages,
                "status": kept.status,
            }
            write_json(self.path, document)
            prune(folder, MAX_RUNS)
        except OSError:
            pass  # a read-only or full disk only costs the next run its speed


def open_run_cache(
    root: Path,
    directory: Path,
    listed: Sequence[str],
    unreadable: Sequence[str],
    options: Iterable[tuple[str, object]],
    configuration: Path | None,
) -> RunCache | None:
    """The entry of this run in the cache folder `directory`; None where no cache may be
    used (see `Location.of`). `options`: every parsed option, by name."""
    location = Location.of(root, directory, listed)
    if location is None:
        return None
    started = time.time_ns()
    settings = {
        "format": FORMAT,
        "pyparity": __version__,
        "code": package_fingerprint(),
        "data": file_digest(DATA_FILE),
        "python": [sys.implementation.name, sys.version],
        "vermin": vermin_fingerprint(),
        "folder": os.getcwd(),
        "root": os.path.realpath(root),
        "options": sorted([name, repr(value)] for name, value in options),
        "today": time.strftime("%Y-%m-%d"),  # the local date, as `date.today()`
        "environment": _environment(),
        "terminal": _is_terminal(),
        "unreadable": list(unreadable),
    }
    digest = hasher(repr(sorted(settings.items())).encode())
    prefix = os.path.join(os.fspath(root), "")  # (a Path joined per file costs more than a stat)
    files = [(path, prefix + path) for path in listed]
    configured = [configuration] if configuration is not None else []
    files += [(f"\0{path}", os.fspath(path)) for path in configured]
    files += [(f"\0{name}", prefix + name) for name in _CONFIGURATION_FILES]
    stats: list[tuple[str, int, int, int, int, int] | str] = []
    newest = 0
    for name, path in files:
        try:
            info = os.stat(path)
        except (OSError, ValueError):
            stats.append(name)
            continue
        newest = max(newest, info.st_mtime_ns, info.st_ctime_ns)
        stats.append(
            (name, info.st_mode, info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
        )
    digest.update(repr(stats).encode("utf-8", "surrogateescape"))
    storable = newest < started - RECENT_NS
    return RunCache(location=location, key=digest.hexdigest(), storable=storable)


def _environment() -> list[list[str]]:
    return sorted(
        [name, value]
        for name, value in os.environ.items()
        if name in _ENVIRONMENT or name.startswith(_ENVIRONMENT_PREFIX)
    )


def _is_terminal() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False
