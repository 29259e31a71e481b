"""Whole runs kept: `pyparity check` run again with the same options on a tree none of whose
files changed prints what it printed last time, and exits as it did, without reading a file.

The per-file cache (`cache.py`) spares the reading, not the start-up: importing the readers,
the rules and the report costs a small tree more than the rest of its run. A run is found by
what it was asked: pyparity's version, code and release data, the running Python and vermin,
every option, the working folder and the tree's root, today's date, the environment the
report reads (`NO_COLOR`, `FORCE_COLOR`, `TERM`, `PYPARITY_*`) and whether stdout is a
terminal. Its entry holds what it was given: the listing (every file's name, and the folders
that could not be read), and the `stat` (type, size, modification and change times, inode;
of the target where it is a link) of each file whose content it could have used: every file
a reader claims, every `.py` file when code is scanned, every other file read (a Dockerfile a
compose file names), and the configuration files. A run replays only when all of that is the
same: a file that changes gets a new change time, which no program can set back.

Looking a run up waits for the listing only when an entry is there: a run with nothing to
replay overlaps `git ls-files` with its imports as before, and the files are stated after it.
A run is kept only when it ended with 0 or 1 (never a usage or internal error), and only when
none of those files changed after `RECENT_NS` before it started: a file system whose clock
ticks coarsely could otherwise give a file changed again within the same tick the same
times, and a file changed while the run read it has a change time after its start. The entry,
JSON in `<cache>/v1/runs/`, is checked when used: its key, the folder it was written in (a
copy, or a folder the tree commits, is never used, as for the per-file cache), the types of
what it holds, and that the files it names are files of the listing. At most `MAX_RUNS` are
kept, the least recently used go first.
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
    FORMAT,
    Location,
    data_fingerprint,
    hasher,
    load_json,
    package_fingerprint,
    prune,
    vermin_fingerprint,
    write_json,
)
from pyparity.settings import CONFIGURATION_FILES

TYPE_CHECKING = False  # typing's constant, without importing typing (see cli.py)
if TYPE_CHECKING:
    from pyparity.config import Config
    from pyparity.discover import Listing

RUNS_FOLDER = "runs"
MAX_RUNS = 16
RECENT_NS = 2_000_000_000
"""A run whose files changed this close to its start is not kept (coarse file-system clocks)."""
_ENVIRONMENT = ("NO_COLOR", "FORCE_COLOR", "TERM")
_ENVIRONMENT_PREFIX = "PYPARITY_"


class Kept:
    """What a run gave: its report (written where the run writes it), its messages on
    stderr, and its exit status."""

    __slots__ = ("messages", "report", "status")

    def __init__(self, report: str, messages: str, status: int) -> None:
        self.report = report
        self.messages = messages
        self.status = status


class RunCache:
    """This run's entry: `replay` gives what a run asked the same on the same files kept,
    `keep` stores this run's outcome."""

    __slots__ = ("_document", "configuration", "key", "location", "path", "root")

    def __init__(
        self, *, root: Path, location: Location, key: str, configuration: Path | None
    ) -> None:
        self.root = root
        self.location = location
        self.key = key
        self.configuration = configuration
        self.path = location.folder / RUNS_FOLDER / f"{key[:40]}.json"
        self._document = load_json(self.path)

    def replay(self, listing: Listing) -> Kept | None:
        document = self._document
        if not (
            isinstance(document, dict)
            and document.get("format") == FORMAT
            and document.get("key") == self.key
            and document.get("home") == self.location.identity()
        ):
            return None
        report, messages, status, read, listed_digest, stats_digest = (
            document.get(name)
            for name in ("report", "messages", "status", "read", "listing", "stats")
        )
        if not (
            isinstance(report, str)
            and isinstance(messages, str)
            and type(status) is int
            and status in (0, 1)
            and isinstance(read, list)
            and all(type(path) is str for path in read)
            and isinstance(listed_digest, str)
            and isinstance(stats_digest, str)
        ):
            return None
        listed = listing.files()
        if Location.of(self.root, self.location.directory, listed) is None:
            return None  # the folder is one the tree lists: committed, never trusted
        if _listing_digest(listed, listing.unreadable) != listed_digest:
            return None
        known = set(listed)
        if not all(path in known for path in read):
            return None
        digest, _ = self._stats(read)
        if digest != stats_digest:
            return None
        with contextlib.suppress(OSError):
            os.utime(self.path)  # recently used: pruned last
        return Kept(report, messages, status)

    def keep(self, kept: Kept, listing: Listing, read: Iterable[str], started: int) -> None:
        """Store this run: `read`, the files whose content it could have used; `started`, the
        time (`time.time_ns`) before it read any."""
        if kept.status not in (0, 1):
            return
        listed = listing.files()
        if Location.of(self.root, self.location.directory, listed) is None:
            return
        known = set(listed)
        read = sorted({path for path in read if path in known})
        digest, newest = self._stats(read)
        if newest >= started - RECENT_NS:
            return
        folder = self.path.parent
        try:
            self.location.prepare(folder)
            document = {
                "format": FORMAT,
                "key": self.key,
                "home": self.location.identity(),
                "listing": _listing_digest(listed, listing.unreadable),
                "read": read,
                "stats": digest,
                "report": kept.report,
                "messages": kept.messages,
                "status": kept.status,
            }
            write_json(self.path, document)
            prune(folder, MAX_RUNS)
        except OSError:
            pass  # a read-only or full disk only costs the next run its speed

    def _stats(self, read: Sequence[str]) -> tuple[str, int]:
        """A digest of the files' `stat`, and the newest of their times."""
        prefix = os.path.join(os.fspath(self.root), "")  # (a Path joined per file costs more)
        files = [(path, prefix + path) for path in read]
        configured = [self.configuration] if self.configuration is not None else []
        files += [(f"\0{path}", os.fspath(path)) for path in configured]
        files += [(f"\0{name}", prefix + name) for name in CONFIGURATION_FILES]
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
        encoded = repr(stats).encode("utf-8", "surrogateescape")
        return hasher(encoded).hexdigest(), newest


def open_run_cache(
    root: Path,
    directory: Path,
    options: Iterable[tuple[str, object]],
    configuration: Path | None,
) -> RunCache | None:
    """The entry of a run asked this in the cache folder `directory`; None where no cache may
    be used (see `Location.of`: the listing's part of that check is made before an entry is
    used). `options`: every parsed option, by name."""
    location = Location.of(root, directory, ())
    if location is None:
        return None
    asked = sorted([name, repr(value)] for name, value in options)
    scans_code = ["no_code", "True"] not in asked  # else vermin's version cannot matter
    settings = {
        "format": FORMAT,
        "pyparity": __version__,
        "code": package_fingerprint(),
        "data": data_fingerprint(),
        "python": [sys.implementation.name, sys.version],
        "vermin": vermin_fingerprint() if scans_code else None,
        "folder": os.getcwd(),
        "root": os.path.realpath(root),
        "options": asked,
        "today": time.strftime("%Y-%m-%d"),  # the local date, as `date.today()`
        "environment": _environment(),
        "terminal": _is_terminal(),
    }
    key = hasher(repr(sorted(settings.items())).encode()).hexdigest()
    return RunCache(root=root, location=location, key=key, configuration=configuration)


def read_set(
    listed: Sequence[str],
    config: Config,
    read: Iterable[str],
    declaring: Sequence[str] | None = None,
) -> set[str]:
    """The files whose content a run could have used: those a reader claims (`declaring`,
    if the run found them), the code files the scan would choose when code is scanned, and
    those it read (`read`, the in-process reads)."""
    from pyparity.sources import candidates

    if declaring is None:
        declaring = [path for path in listed if candidates(path)]
    claimed = set(declaring)
    if config.code:
        from pyparity.code.files import code_files

        claimed.update(code_files(listed, include=config.code_paths, exclude=config.code_exclude))
    return claimed | set(read)


def _listing_digest(listed: Sequence[str], unreadable: Sequence[str]) -> str:
    """The names joined by NULs, which no name holds and none is empty, and the unreadable
    folders after two (not their `repr`: 10,000 names, 2 ms less)."""
    joined = "\0".join(listed) + "\0\0" + "\0".join(unreadable)
    return hasher(joined.encode("utf-8", "surrogateescape")).hexdigest()


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
