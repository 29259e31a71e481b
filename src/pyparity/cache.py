"""The cache: what each file's content gave last time, so an unchanged tree is not read again.

Like ruff's: `.pyparity_cache/` at the root of the checked tree (or `--cache-dir`), ignored
by git (it writes its own `.gitignore`). It holds one JSON file per tree and settings
(pyparity's version and code, the release data file, the configuration with `--today`,
the running Python and vermin): for each declaring file its reading (declarations and
parse errors) and for each file of code its needs, each under the file's content id. A
file of code's id is the staged blob's object name where the git index shows the file
unchanged since it was staged (same size, times and inode, staged before the index was
written: git's racy-clean rule), so an unchanged file is not even read; else, and for the
declaring files (whose text the run needs anyway), a hash of the bytes read.

It is data, never code: JSON, checked entry by entry when used. An entry that does not
check (a damaged, truncated or planted file) is a miss, never trusted: it cannot name
another file, a path outside the tree, or a value the rules cannot handle. A cache folder
inside the tree that git lists (committed: a fork could plant one), that is a link, or
whose files were written in another folder (a copy, a checkout) is never used. Writes are
atomic (a temporary file renamed over the old one), so concurrent runs each leave a
whole file; each run keeps only the entries it used, and a folder keeps at most
`MAX_FILES` files.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pyparity import __version__, gitindex
from pyparity.cache_files import (
    FORMAT,
    Location,
    content_hash,
    data_fingerprint,
    hasher,
    json_text,
    load_json,
    package_fingerprint,
    prune,
    vermin_fingerprint,
    write_json_text,
)
from pyparity.gitindex import Staged, safe_path
from pyparity.model import (
    Declaration,
    Finding,
    Minor,
    Purpose,
    Requirement,
    Role,
    Severity,
    Span,
)
from pyparity.records import fields

if TYPE_CHECKING:
    from pyparity.code.needs import Need
    from pyparity.config import Config

DEFAULT_DIRECTORY = ".pyparity_cache"
_MAX_INT = 10_000_000


def open_cache(root: Path, directory: Path, config: Config, listed: Sequence[str]) -> Cache | None:
    """The cache for this tree and configuration in `directory`; None where none may be used
    (a folder in the tree that git lists, or a link)."""
    location = Location.of(root, directory, listed)
    if location is None:
        return None
    settings = _settings_key(root, config)
    name = hasher(f"{settings}\0{root.resolve()}".encode(), size=16).hexdigest()
    cache = Cache(root=root, location=location, name=f"{name}.json", settings=settings)
    cache.load()
    return cache


class Cache:
    """Entries loaded from this tree's cache file (`_stored`), those this run used or made
    (`_kept`, what `save` writes), and whether any was made (`_missed`)."""

    __slots__ = (
        "_hits",
        "_kept",
        "_missed",
        "_misses",
        "_staged",
        "_staged_read",
        "_stored",
        "location",
        "name",
        "root",
        "settings",
    )

    def __init__(self, *, root: Path, location: Location, name: str, settings: str) -> None:
        self.root = root
        self.location = location
        self.name = name
        self.settings = settings
        self._stored: dict[str, dict[str, Any]] = {}
        self._kept: dict[str, dict[str, list[Any] | str]] = {"reads": {}, "needs": {}}
        """Each path's `[content id, entry]`, or that as JSON text (a reading, made as it was
        read: the helper makes its own files' text, in parallel)."""
        self._missed = False
        self._staged: Staged | None = None
        self._staged_read = False
        self._hits = 0
        self._misses = 0

    # -- content ids ------------------------------------------------------------------

    def content_id(
        self, path: str, data: bytes | None = None, *, staged: bool = True
    ) -> str | None:
        """The file's content id: its staged blob if git shows it unchanged (`staged`: where
        that spares reading the file, the code scan's case), else a hash of `data` (None
        without data)."""
        if staged and not self._staged_read:
            self._staged_read = True
            self._staged = gitindex.staged(self.root)
        if staged and self._staged is not None:
            blob = self._staged.blob(self.root, path)
            if blob is not None:
                return f"g{blob}"
        if data is None:
            return None
        return content_hash(data)

    # -- readings ---------------------------------------------------------------------

    def holds_readings(self) -> bool:
        """Did an earlier run keep readings here? (None on a first run: nothing to look up.)"""
        return bool(self._stored.get("reads"))

    def reading(
        self, path: str, key: str, line_count: int
    ) -> tuple[list[Declaration], list[Finding]] | None:
        entry = self._entry("reads", path, key)
        if entry is None:
            return None
        try:
            declarations = [_declaration(item, path, line_count) for item in entry[0]]
            errors = [_parse_error(item, path) for item in entry[1]]
        except (_Invalid, TypeError, ValueError, KeyError, IndexError):
            self._miss()
            return None
        self._keep("reads", path, key, entry)
        return declarations, errors

    def keep_reading(
        self,
        path: str,
        key: str,
        declarations: Iterable[Declaration],
        errors: Iterable[Finding],
        *,
        encoded: str | None = None,
    ) -> None:
        """Keep a file's reading; `encoded`: its `reading_json`, made where it was read."""
        self._missed = True
        if encoded is None:
            encoded = reading_json(declarations, errors)
        self._kept["reads"][path] = f"[{json_text(key)},{encoded}]"

    # -- needs of code ----------------------------------------------------------------

    def needs(self, path: str, key: str) -> list[Need] | None:
        entry = self._entry("needs", path, key)
        if entry is None:
            return None
        try:
            needs = [_need(item, path) for item in entry]
        except (_Invalid, TypeError, ValueError, KeyError, IndexError):
            self._miss()
            return None
        self._keep("needs", path, key, entry)
        return needs

    def keep_needs(self, path: str, key: str, needs: Iterable[Need]) -> None:
        self._missed = True
        self._keep("needs", path, key, [_need_json(need) for need in needs])

    # -- the file ---------------------------------------------------------------------

    def load(self) -> None:
        document = load_json(self.location.folder / self.name)
        if (
            isinstance(document, dict)
            and document.get("format") == FORMAT
            and document.get("settings") == self.settings
            and document.get("home") == self.location.identity()
        ):
            for kind in ("reads", "needs"):
                table = document.get(kind)
                if isinstance(table, dict):
                    self._stored[kind] = table

    def save(self) -> None:
        """Write what this run used, if that differs from what was loaded."""
        unused = any(set(self._stored.get(kind, {})) - set(self._kept[kind]) for kind in self._kept)
        if not self._missed and not unused:
            return
        try:
            self.location.prepare(self.location.folder)
            head = {"format": FORMAT, "settings": self.settings, "home": self.location.identity()}
            # The document's text from its parts, the readings' made as they were read: the
            # text `json_text` gives the whole document (`test_cache` compares the two).
            tables = [
                json_text(kind)
                + ":{"
                + ",".join(
                    f"{json_text(path)}:{kept if isinstance(kept, str) else json_text(kept)}"
                    for path, kept in entries.items()
                )
                + "}"
                for kind, entries in self._kept.items()
            ]
            text = json_text(head)[:-1] + "".join("," + table for table in tables) + "}"
            write_json_text(self.location.folder / self.name, text)
            prune(self.location.folder)
        except OSError:
            pass  # a read-only or full disk only costs the next run its speed

    @property
    def hits(self) -> int:
        return self._hits

    @property
    def misses(self) -> int:
        return self._misses

    def _entry(self, kind: str, path: str, key: str) -> Any:
        stored = self._stored.get(kind, {}).get(path)
        if (
            isinstance(stored, list)
            and len(stored) == 2
            and stored[0] == key
            and isinstance(stored[1], list)
        ):
            self._hits += 1
            return stored[1]
        self._misses += 1
        return None

    def _miss(self) -> None:
        """An entry that did not check: counted as a miss, and dropped (not kept)."""
        self._hits -= 1
        self._misses += 1

    def _keep(self, kind: str, path: str, key: str, entry: list[Any]) -> None:
        self._kept[kind][path] = [key, entry]


# -- the settings -----------------------------------------------------------------------


def _settings_key(root: Path, config: Config) -> str:
    del root  # the tree is in the file's name, not in its settings
    parts = {
        "format": FORMAT,
        "pyparity": __version__,
        "code": package_fingerprint(),
        "data": data_fingerprint(),
        "config": _canonical(config),
        "python": [sys.implementation.name, *sys.version_info[:3]],
        "vermin": vermin_fingerprint() if config.code else None,
    }
    return hasher(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def _canonical(value: object) -> object:
    if hasattr(value, "__record_fields__") and not isinstance(value, type):
        return {
            field.name: _canonical(getattr(value, field.name))
            for field in fields(value)  # type: ignore[arg-type]
        }
    if isinstance(value, dict):
        return sorted([str(k), _canonical(v)] for k, v in value.items())
    if isinstance(value, frozenset | set):
        return sorted(str(item) for item in value)
    if isinstance(value, tuple | list):
        return [_canonical(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return repr(value)


# -- entries, written and checked ---------------------------------------------------------


class _Invalid(Exception):
    pass


def reading_json(declarations: Iterable[Declaration], errors: Iterable[Finding]) -> str:
    """A file's reading as the cache keeps it, as JSON text."""
    return json_text(
        [[_declaration_json(d) for d in declarations], [_error_json(e) for e in errors]]
    )


def _declaration_json(declaration: Declaration) -> dict[str, Any]:
    item: dict[str, Any] = {
        "span": list(declaration.span),
        "source": declaration.source,
        "role": declaration.role.value,
        "raw": declaration.raw,
    }
    requirement = declaration.requirement
    if requirement is not None:
        item["requirement"] = {
            "specifier": requirement.specifier,
            "minors": [list(minor) for minor in requirement.minors],
            "implementation": requirement.implementation,
            "version": requirement.version,
            "floating": requirement.floating,
            "unknown": list(requirement.unknown),
        }
    for name, default in _OPTIONAL.items():
        value = getattr(declaration, name)
        if value != default:
            item[name] = value.value if isinstance(value, Purpose) else value
    return item


_OPTIONAL: dict[str, object] = {
    "context": "",
    "scope": ".",
    "purpose": None,
    "group": "",
    "ships": False,
    "may_fail": False,
    "yaml_loaded_as": None,
    "note": "",
    "anchor": None,
    "origin": "",
    "test_image": False,
}
_STRINGS = ("context", "group", "note")
_FLAGS = ("ships", "may_fail")


def _declaration(item: Any, path: str, line_count: int) -> Declaration:
    _check(isinstance(item, dict))
    _check(
        set(item)
        <= {
            "span",
            "source",
            "role",
            "raw",
            "requirement",
            *_STRINGS,
            *_FLAGS,
            "purpose",
            "yaml_loaded_as",
            "anchor",
        }
    )
    span = _span(item["span"])
    _check(span.line <= line_count and span.end_line <= line_count)
    fields: dict[str, Any] = {
        "file": path,
        "span": span,
        "source": _text(item["source"]),
        "role": Role(_text(item["role"])),
        "raw": _text(item["raw"]),
        "requirement": _requirement(item["requirement"]) if "requirement" in item else None,
    }
    for name in _STRINGS:
        if name in item:
            fields[name] = _text(item[name])
    for name in _FLAGS:
        if name in item:
            _check(isinstance(item[name], bool))
            fields[name] = item[name]
    if "purpose" in item:
        fields["purpose"] = Purpose(_text(item["purpose"]))
    if "yaml_loaded_as" in item:
        fields["yaml_loaded_as"] = _text(item["yaml_loaded_as"])
    if "anchor" in item:
        anchor = _text(item["anchor"])
        _check(anchor == "." or safe_path(anchor))
        fields["anchor"] = anchor
    return Declaration(**fields)


def _requirement(item: Any) -> Requirement:
    _check(isinstance(item, dict))
    _check(set(item) == {"specifier", "minors", "implementation", "version", "floating", "unknown"})
    specifier = _text(item["specifier"])
    _check(_valid_specifier(specifier))
    minors = item["minors"]
    _check(isinstance(minors, list))
    version = item["version"]
    _check(version is None or isinstance(version, str))
    _check(isinstance(item["floating"], bool))
    unknown = item["unknown"]
    _check(isinstance(unknown, list))
    return Requirement(
        specifier=specifier,
        minors=tuple(_minor(minor) for minor in minors),
        implementation=_text(item["implementation"]),
        version=version,
        floating=item["floating"],
        unknown=tuple(_text(text) for text in unknown),
    )


def _valid_specifier(specifier: str) -> bool:
    """One the rules can read (`admits_minor` parses it): else it would stop the run."""
    from pyparity import versions

    try:
        versions.admits_minor(specifier, Minor(3, 0))
        versions.has_lower_bound(specifier)
    except Exception:
        return False
    return True


def _error_json(finding: Finding) -> list[Any]:
    notice = [Severity.NOTICE.value] if finding.severity is Severity.NOTICE else []
    return [finding.message, *finding.span, *notice]


def _parse_error(item: Any, path: str) -> Finding:
    _check(isinstance(item, list) and len(item) in (5, 6))
    _check(len(item) == 5 or item[5] == Severity.NOTICE.value)
    message = _text(item[0])
    _check(message.startswith(f"{path}: "))
    return Finding(
        rule="parse-error",
        severity=Severity.NOTICE if len(item) == 6 else Severity.WARNING,
        file=path,
        span=_span(item[1:]),
        message=message,
    )


def _need_json(need: Need) -> list[Any]:
    return [list(need.minor), need.feature, list(need.span)]


def _need(item: Any, path: str) -> Need:
    from pyparity.code.needs import Need

    _check(type(item) is list and len(item) == 3)
    minor, feature, span = item
    return Need(minor=_minor(minor), feature=_text(feature), file=path, span=_span(span))


def _span(item: Any) -> Span:
    _check(type(item) is list and len(item) == 4)
    line, column, end_line, end_column = item
    _check(
        type(line) is int
        and type(column) is int
        and type(end_line) is int
        and type(end_column) is int
        and 1 <= line <= end_line <= _MAX_INT
        and 0 <= column <= _MAX_INT
        and 0 <= end_column <= _MAX_INT
    )
    return Span(line=line, column=column, end_line=end_line, end_column=end_column)


def _minor(item: Any) -> Minor:
    _check(type(item) is list and len(item) == 2)
    major, minor = item
    _check(type(major) is int and type(minor) is int and 0 <= major <= 1000 and 0 <= minor <= 1000)
    return Minor(major, minor)


def _number(value: Any) -> int:
    _check(type(value) is int and 0 <= value <= _MAX_INT)
    number: int = value
    return number


def _text(value: Any) -> str:
    _check(isinstance(value, str))
    text: str = value
    return text


def _check(condition: bool) -> None:
    if not condition:
        raise _Invalid
