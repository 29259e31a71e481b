"""The code floor: does the code need a newer Python than the repository declares?

For each scope with declarations, the lowest minor it supports (`floor`: the range's, else the
classifiers', else the lowest runtime pin outside CI) is compared with what
the scope's own `.py` files need (`scan`: vermin plus `features`). One `code-floor` finding per
scope sits on the newest feature used and points at the declarations that admit the floor.
"""

from __future__ import annotations

import fnmatch
import importlib.util
import posixpath
from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING

from pyparity import lazy_re, scope
from pyparity.code.backports import InstalledBackports
from pyparity.code.files import code_files
from pyparity.code.floor import Floor, floors
from pyparity.code.needs import Need, newest_first
from pyparity.code.optional import OptionalCode
from pyparity.code.shipped import unshipped
from pyparity.config import Config
from pyparity.discover import Root, read_bytes
from pyparity.errors import UnreadableFile
from pyparity.model import Declaration, Finding, Location, Minor, Role, Severity
from pyparity.versions import effective_minor

if TYPE_CHECKING:
    from pyparity.cache import Cache

RULE = "code-floor"
_LISTED = 3
_NAMED = 5
"""Other declarations admitting the floor a message names (a tox env list names it on each
line)."""


def code_floor_findings(
    root: Root,
    paths: Sequence[str],
    declarations: Sequence[Declaration],
    config: Config,
    *,
    processes: int | None = None,
    limit: int = 0,
    cache: Cache | None = None,
) -> list[Finding]:
    """`processes`: scan in exactly this many; otherwise as many as help, at most `limit`
    (0: no limit of the caller's)."""
    scope_floors = floors(declarations, config.today)
    if not scope_floors:
        return []
    from pyparity.code.scan import FileJob, scan

    scope_of = dict(_scoped_files(paths, declarations, config))
    if not config.code_paths:  # (a selection given by hand is taken as given)
        for path in unshipped(scope_of, paths, lambda path: _text(root, path)):
            del scope_of[path]
    jobs = [
        FileJob(root=root, path=path, floor=scope_floors[name].minor, backports=config.backports)
        for path, name in scope_of.items()
        if name in scope_floors
    ]
    by_scope: dict[str, list[Need]] = defaultdict(list)
    optional = OptionalCode(scope_of, lambda path: _text(root, path))
    installed = InstalledBackports(paths, lambda path: _text(root, path))
    targeted = _Targets(_own_targets(declarations, config))
    for need in scan(jobs, processes=processes, limit=limit, cache=cache):
        name = scope_of[need.file]
        if _named_for(need) or targeted.allow(need):
            continue  # a variant kept for the Python its name or ruff's target says
        if not optional.requires_dependency(need.file) and not installed.covers(name, need.feature):
            by_scope[name].append(need)
    return [
        code_floor_finding(needs, scope_floors[name]) for name, needs in sorted(by_scope.items())
    ]


# `_py310.py`, `-py3.12.py`, `tutorial001_py310/`: the end of a file's or folder's name that
# says the Python it is for.
_MINOR_SUFFIX = lazy_re.compile(r"[_-]py3\.?(?P<minor>\d{1,2})(?:\.py$|/)")


def _named_for(need: Need) -> bool:
    """A file named for the Python it needs, or in a folder so named
    (`docs_src/tutorial001_py310.py` beside `tutorial001.py`: documentation's variant for
    3.10 and newer, which its tests run only there) is kept for that Python on purpose."""
    return any(
        need.minor <= Minor(3, int(found["minor"])) for found in _MINOR_SUFFIX.finditer(need.file)
    )


def _own_targets(declarations: Sequence[Declaration], config: Config) -> list[tuple[str, Minor]]:
    """(glob, minor) of each ruff `per-file-target-version`: the files it names target that
    Python on purpose (robotframework's type-alias resolver, py312, imported only under
    `if sys.version_info >= (3, 12):`)."""
    found = []
    for declaration in declarations:
        if not (
            declaration.role is Role.TARGET
            and declaration.context.startswith(_PER_FILE)
            and (declaration.anchor or "").startswith(scope.OWN_SCOPE)
            and declaration.requirement is not None
        ):
            continue
        minor = effective_minor(declaration.requirement, config.today)
        if minor is not None:
            found.append((str(declaration.anchor).removeprefix(scope.OWN_SCOPE), minor))
    return found


_PER_FILE = "ruff per-file-target-version "


class _Targets:
    """The newest target ruff's `per-file-target-version` gives each file, matched once a
    file (a file's needs are many, a hostile configuration's globs a thousand)."""

    def __init__(self, targets: Sequence[tuple[str, Minor]]) -> None:
        self.targets = targets
        self.by_file: dict[str, Minor | None] = {}

    def allow(self, need: Need) -> bool:
        if not self.targets:
            return False
        if need.file not in self.by_file:
            matched = [m for pattern, m in self.targets if fnmatch.fnmatchcase(need.file, pattern)]
            self.by_file[need.file] = max(matched) if matched else None
        target = self.by_file[need.file]
        return target is not None and need.minor <= target


def _scoped_files(
    paths: Sequence[str], declarations: Sequence[Declaration], config: Config
) -> list[tuple[str, str]]:
    """(file, scope) for each file of code; scopes as `scope.assign` gives declarations."""
    names = scope.find_scopes(paths) | {d.scope for d in declarations} | {"."}
    merged = {member: group[0] for group in config.scopes for member in group}
    files = code_files(paths, include=config.code_paths, exclude=config.code_exclude)
    result = []
    for path in files:
        name = scope.nearest(posixpath.dirname(path) or ".", names)
        result.append((path, merged.get(name, name)))
    return result


def _text(root: Root, path: str) -> str | None:
    try:
        return importlib.util.decode_source(read_bytes(root, path))
    except (UnreadableFile, SyntaxError, UnicodeDecodeError, LookupError):
        return None


def code_floor_finding(needs: Sequence[Need], floor: Floor) -> Finding:
    """The finding for one scope: the newest need, the declarations, how many more places."""
    ordered = _one_per_line(newest_first(needs))
    newest, others = ordered[0], ordered[1:]
    message = f"{newest.feature} needs Python {newest.minor}, but {_declared(floor)}"
    if others:
        message += _more(others, floor.minor)
    return Finding(
        rule=RULE,
        severity=Severity.ERROR,
        file=newest.file,
        span=newest.span,
        message=message,
        related=tuple(Location(file=d.file, line=d.line) for d in floor.declarations),
    )


def _one_per_line(needs: list[Need]) -> list[Need]:
    seen: set[tuple[str, int]] = set()
    kept = []
    for need in needs:
        if (need.file, need.span.line) not in seen:
            seen.add((need.file, need.span.line))
            kept.append(need)
    return kept


def _declared(floor: Floor) -> str:
    declaration = floor.declarations[0]
    if declaration.role in {Role.PIN, Role.FLOATING}:
        text = f"{declaration.where} pins {declaration.raw}"
    elif declaration.role is Role.MATRIX:
        text = f"{declaration.where} lists {declaration.raw}"
    else:
        label = declaration.raw
        if declaration.role in {Role.RANGE, Role.TARGET} and declaration.context:
            label = f"{declaration.context} {declaration.raw}"
        text = f"`{label}` ({declaration.where}) admits {floor.minor}"
    if len(floor.declarations) > 1:
        others = list(dict.fromkeys(d.where for d in floor.declarations[1:]))
        named = ", ".join(others[:_NAMED])
        if len(others) > _NAMED:
            named += f" and {len(others) - _NAMED:,} more"
        text += f" (so does {named})"
    return text


def _more(others: Sequence[Need], floor: Minor) -> str:
    places = ", ".join(need.where for need in others[:_LISTED])
    if len(others) > _LISTED:
        places += ", ..."
    noun = "place needs" if len(others) == 1 else "places need"
    return f"; {len(others)} more {noun} more than {floor}: {places}"
