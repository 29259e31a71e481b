"""Reading the declaring files: each once, a failure as a parse-error, in parallel when large.

A large tree's files are read by this process and forked children (`forked.py`) with the same
code; the children send back what they read. With one child (a two-core machine) the two
processes take files from the two ends of one list until they meet (`_Ends`), so neither
waits for the other however unevenly the files cost or the cores run; with more, each child
gets a share of about equal estimated cost. The result is the same as reading alone, in the
same order; a child that fails only costs the time to read here what it did not send.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from typing import TYPE_CHECKING, TypeAlias

from pyparity import discover
from pyparity.errors import Encrypted, TooLarge, UnreadableFile
from pyparity.model import Declaration, Finding, Severity, Span
from pyparity.records import field, record
from pyparity.sources import FAMILIES, Source, candidates, source_for, source_module
from pyparity.textfile import TextFile

if TYPE_CHECKING:
    from pyparity.cache import Cache
    from pyparity.forked import Forked

    _Child: TypeAlias = "Forked[_Work, list[_ReadFile]]"

MAX_DECLARATIONS_PER_FILE = 1000
"""More is a hostile file: each declaration costs every rule and every report a row."""

FILES_PER_PROCESS = 40
"""Below this many declaring files a process costs more (fork, imports, sending the result
back) than it saves."""

MAX_PROCESSES = 4
"""With `jobs=0`: more processes each import the readers again and gain little."""

_JOIN_AT = 100
"""Reading from both ends, a process goes on into the files kept for the other (the YAML
readers' for this one, Dockerfiles for the child) only while this many are left: importing
their readers costs 20-30 ms, as much as reading about this many files."""

_COST_PER_FILE = 200
"""Reading a file costs about as much as parsing this many of its bytes (measured on the
benchmark's monorepo): a share's cost is its bytes plus this per file."""


@record(frozen=False, kw_only=False)
class Reader:
    """Reads each declaring file once, turning any failure into a parse-error finding."""

    root: discover.Root
    listed: frozenset[str] | None = None
    """The tree's files: a link (`python-version-file:`, a compose build's Dockerfile) resolves
    only to one of them, never to a file under `.git/`, outside the tree, or not listed."""
    texts: dict[str, TextFile] = field(default_factory=dict)
    declarations: dict[str, list[Declaration]] = field(default_factory=dict)
    errors: list[Finding] = field(default_factory=list)
    cache: Cache | None = None
    """Readings of earlier runs, by content (`cache.py`)."""
    content_ids: bool = False
    """Without a cache here: find each file's content id as it is read (a child reading for
    a process that has one), for `_keys`."""
    _keys: dict[str, str] = field(default_factory=dict)
    """Content ids of the files the cache missed, for the files read in other processes (in
    a child, of the files it read)."""
    _prefetched: dict[str, tuple[bytes, TextFile]] = field(default_factory=dict)
    """Files the cache missed, as read when it was asked: not read twice here."""

    def read(self, path: str, source: Source) -> list[Declaration]:
        if path in self.declarations:
            return self.declarations[path]
        found: list[Declaration] = []
        key = None
        first_error = len(self.errors)
        try:
            prefetched = self._prefetched.pop(path, None)
            data, text = prefetched if prefetched is not None else self._load(path)
            self.texts[path] = text
            if self.cache is not None:
                key = self.cache.content_id(path, data, staged=False)
                looked_up = path in self._keys  # a miss already, before the shares were made
                if not looked_up and (cached := self._cached(path, key, text)) is not None:
                    return cached
            elif self.content_ids:
                from pyparity.cache_files import content_hash

                self._keys[path] = content_hash(data)
            declared = list(source.read(text))
            if len(declared) > MAX_DECLARATIONS_PER_FILE:
                raise UnreadableFile(
                    f"declares more than {MAX_DECLARATIONS_PER_FILE} versions, which is not a "
                    "real configuration, so none of them is used"
                )
            found = declared
        except TooLarge as error:
            if source.kind in _GENERATED_WHEN_LARGE:
                # A shell script or Makefile of megabytes is generated (an installer that
                # carries its manifests): no one wrote a Python version there by hand.
                message = f"{error.message} (a generated script?)"
                self.errors.append(parse_error(path, message, 1, 1, Severity.NOTICE))
            else:
                self.errors.append(parse_error(path, error.message, 1, 1))
        except Encrypted:
            pass  # the repository keeps it secret on purpose: nothing to report
        except UnreadableFile as error:
            if not (
                discover.links_to_an_absent_tree(self.root, path)
                or discover.is_submodule(self.root, path)
            ):
                self.errors.append(parse_error(path, error.message, error.line, error.column))
        except Exception as error:  # the per-file guard: one bad file never stops the scan
            self.errors.append(
                parse_error(path, f"could not be read ({type(error).__name__}: {error})", 1, 1)
            )
        self.declarations[path] = found
        if self.cache is not None and key is not None:
            self.cache.keep_reading(path, key, found, self.errors[first_error:])
        return found

    def _cached(self, path: str, key: str | None, text: TextFile) -> list[Declaration] | None:
        if self.cache is None or key is None:
            return None
        cached = self.cache.reading(path, key, text.line_count)
        if cached is None:
            return None
        self.declarations[path], errors = cached
        self.errors += errors
        return self.declarations[path]

    def _read_from_cache(self, path: str) -> bool:
        """Read the file here if the cache has its reading; else note its content id for
        the process that reads it."""
        if self.cache is None or not candidates(path):
            return False  # (`candidates`, not `source_for`: a hit imports no reader)
        try:
            data = discover.read_bytes(self.root, path)
            text = TextFile.from_bytes(path, data)
        except UnreadableFile:
            return False
        key = self.cache.content_id(path, data, staged=False)  # the text is read anyway
        if key is not None and self._cached(path, key, text) is not None:
            self.texts[path] = text
            return True
        if key is not None:
            self._keys[path] = key
            self._prefetched[path] = (data, text)
        return False

    def _load(self, path: str) -> tuple[bytes, TextFile]:
        data = discover.read_bytes(self.root, path)
        return data, TextFile.from_bytes(path, data)

    def read_declaring(
        self,
        paths: Sequence[str],
        *,
        jobs: int = 0,
        helper: Helper | None = None,
        meanwhile: Callable[[], object] | None = None,
    ) -> None:
        """Read those of `paths` that a source reader matches, using up to `jobs` processes
        (0: as many as help); `helper`, from `start_helper`, is the first of them.
        `meanwhile` is called once this process has read its files while other processes may
        still be reading theirs (the caller's imports for what comes next); not without them.

        Declarations and errors end up in `paths` order whichever process read them."""
        first_error = len(self.errors)
        every = paths
        if self.cache is not None and self.cache.holds_readings():  # (none: a first run)
            paths = [path for path in paths if not self._read_from_cache(path)]
        processes = _processes(jobs, len(paths))
        if processes == 1 and helper is not None:
            helper.cancel()
            helper = None
        if processes == 2:
            self._read_from_both_ends(paths, helper or _start_child(self.root), meanwhile)
        elif processes > 2:
            self._read_in_shares(paths, processes, helper, meanwhile)
        else:
            self._read_share(paths)
        self._restore_order(every, first_error)
        self._prefetched.clear()  # those read by other processes

    def _read_in_shares(
        self,
        paths: Sequence[str],
        processes: int,
        helper: Helper | None,
        meanwhile: Callable[[], object] | None,
    ) -> None:
        shares = _shares(self.root, paths, processes, helped=helper is not None)
        children: list[Helper | None] = [helper] if helper is not None else []
        children += [_start_child(self.root) for _ in shares[len(children) + 1 :]]
        for child, share in zip(children, shares[1:], strict=True):
            if child is not None:
                child.submit(_Work(share, from_the_back=False, content_ids=self.cache is not None))
        self._read_share(shares[0])
        if meanwhile is not None:
            meanwhile()
        for child, share in zip(children, shares[1:], strict=True):
            self._collect(child, share)

    def _read_from_both_ends(
        self, paths: Sequence[str], child: Helper | None, meanwhile: Callable[[], object] | None
    ) -> None:
        """This process reads from the front of the list (Dockerfiles first), the child from
        the back (the YAML files its readers are imported for), until they meet."""
        if child is None:  # no process to spare
            self._read_share(paths)
            return
        ordered, own_end, child_start = _two_ends(paths)
        ends = child.ends
        ends.start(len(ordered))
        child.submit(
            _Work(ordered, from_the_back=True, kept=own_end, content_ids=self.cache is not None)
        )
        top = os.fspath(self.root.path)
        for index, path in enumerate(ordered):
            left = ends.back - index
            if left <= 0 or (index >= child_start and left < _JOIN_AT):
                break
            ends.front = index + 1
            self._read_one(top, path)
        if meanwhile is not None:
            meanwhile()
        self._collect(child, ordered)

    def _read_one(self, top: str, path: str) -> None:
        source = source_for(path)
        if source is not None and os.path.lexists(os.path.join(top, path)):
            self.read(path, source)

    def text(self, path: str) -> TextFile | None:
        """A file of the tree as text (a Dockerfile named by a compose file); None if it is
        not a file of this repository or is unreadable."""
        if not self.is_listed(path):
            return None
        if path not in self.texts:
            try:
                data = discover.read_bytes(self.root, path)
                self.texts[path] = TextFile.from_bytes(path, data)
            except UnreadableFile:
                return None
        return self.texts[path]

    def linked(self, path: str) -> list[Declaration] | None:
        """A file named by another (python-version-file); None when it is not a file of this
        repository. A file no reader knows is read as a version file; one that does not hold
        versions declares nothing (its text is never echoed: it may be a secret)."""
        if not self.is_listed(path):
            return None
        source = source_for(path)
        if source is not None:
            return self.read(path, source)
        declared = self.read(path, _plain_version_file())
        if any(d.requirement is None or d.requirement.unknown for d in declared):
            self.declarations[path] = []
            return []
        return declared

    def is_listed(self, path: str) -> bool:
        """Is `path` (as another file names it) a file of this repository? One answer for
        absent, outside, `.git/` and unlisted paths: no probe of what exists."""
        if (
            not path
            or path.startswith("/")
            or path == ".."
            or path.startswith("../")
            or path == ".git"
            or path.startswith(".git/")
        ):
            return False
        if self.listed is not None:
            return path in self.listed
        return os.path.lexists(os.path.join(self.root.path, path))

    def _read_share(self, paths: Iterable[str]) -> None:
        top = os.fspath(self.root.path)
        for path in paths:
            self._read_one(top, path)

    def _collect(self, child: Helper | None, share: Sequence[str]) -> None:
        """Take what a child read (a file read here as well keeps this reading), then read
        here what is left of its share: all of it if the child failed."""
        read = child.result() if child is not None else None
        for path, declared, errors, text, content_id, encoded in read or ():
            if path in self.declarations:
                continue
            self.declarations[path] = declared
            self.errors += errors
            if text is not None:
                self.texts[path] = TextFile(path, text)
            key = self._keys.get(path, content_id)
            if self.cache is not None and key is not None and text is not None:
                self.cache.keep_reading(path, key, declared, errors, encoded=encoded)
        self._read_share(path for path in share if path not in self.declarations)

    def _restore_order(self, paths: Sequence[str], first_error: int) -> None:
        if len(self.declarations) > 1:
            self.declarations = {p: self.declarations[p] for p in paths if p in self.declarations}
        read_errors = self.errors[first_error:]
        if len(read_errors) > 1:
            position = {path: index for index, path in enumerate(paths)}
            read_errors.sort(key=lambda finding: position.get(finding.file, len(position)))
            self.errors[first_error:] = read_errors


_ReadFile = tuple[str, list[Declaration], list[Finding], str | None, str | None, str | None]
"""What a child sends back per file: path, declarations, parse errors, decoded text, and
with `_Work.content_ids` its content id and its reading as the cache keeps it (JSON text,
`cache.reading_json`, made here: the parent has no more to do for its cache)."""


def start_helper(root: discover.Root, jobs: int = 0) -> Helper | None:
    """Fork the first helper now, before the caller's imports: it imports the YAML readers
    (the most expensive family) on another core meanwhile, then, until its files arrive,
    the readers it meets next and their patterns (`_prepare_helper`)."""
    if jobs == 1 or discover.small_tree(root):  # too few files for a second process
        return None
    from pyparity import forked

    if not forked.available():
        return None
    return _start_child(root, prepare=_prepare_helper)


def _prepare_helper(idle: Callable[[], bool]) -> None:
    """The YAML readers (the helper reads their files first, from the back of the list);
    then, while `idle()` (its files have not arrived), the readers of the families it meets
    next and the patterns of every reader imported, each of which would otherwise cost the
    first file that uses it (up to 8 ms, 25 ms in all)."""
    for name in _HELPER_READERS:
        source_module(name)
    for name in _LATER_READERS:
        if not idle():
            return
        source_module(name)
    from pyparity import lazy_re

    for name, module in list(sys.modules.items()):
        if name.startswith(_READING_MODULES) and not lazy_re.compile_pending(vars(module), idle):
            return


_HELPER_FAMILY = "yaml"
_HELPER_READERS = ("workflow", "compose")
_LATER_READERS = ("tox", "python_version_file", "pyproject", "setup_cfg")
"""The most common readers after the YAML family's, in the order `_two_ends` gives them to
the helper (from the back)."""
_READING_MODULES = ("pyparity.sources", "pyparity.parsers", "pyparity.versions", "pyparity.images")


@record(kw_only=False)
class _Work:
    """A child's input: the files, and whether it takes them from the back of the list as
    the parent takes them from the front (`_Ends`), leaving the first `kept` to the parent
    while fewer than `_JOIN_AT` are left; else it reads them all. `content_ids`: send each
    file's content id and its reading as the cache keeps it (the parent has a cache)."""

    paths: Sequence[str]
    from_the_back: bool
    kept: int = 0
    content_ids: bool = False


def _read_in_child(root: discover.Root, ends: _Ends, work: _Work) -> list[_ReadFile]:
    gc.disable()  # a short-lived process that keeps what it makes (see check.py)
    reader = Reader(root, content_ids=work.content_ids)
    read: list[_ReadFile] = []
    top = os.fspath(root.path)
    if work.from_the_back:
        for index in range(len(work.paths) - 1, -1, -1):
            left = index + 1 - ends.front
            if left <= 0 or (index < work.kept and left < _JOIN_AT):
                break
            ends.back = index
            _read_for_parent(reader, top, work.paths[index], read)
    else:
        for path in work.paths:
            _read_for_parent(reader, top, path, read)
    return read


def _read_for_parent(reader: Reader, top: str, path: str, read: list[_ReadFile]) -> None:
    """Read one file and add what the parent needs of it to `read`, made now, while the
    parent is reading too (after the last file, the parent would wait for it)."""
    if path in reader.declarations:  # (a list names each file once; sent once regardless)
        return
    first_error = len(reader.errors)
    reader._read_one(top, path)
    declared = reader.declarations.get(path)
    if declared is None:
        return
    errors = reader.errors[first_error:]
    text = reader.texts.get(path)
    encoded = None
    if reader.content_ids:
        from pyparity.cache import reading_json

        encoded = reading_json(declared, errors)
    key = reader._keys.get(path)
    read.append((path, declared, errors, text.text if text is not None else None, key, encoded))


class _Ends:
    """Where two processes reading one list of files from its two ends have got to: `front`,
    the files this process has taken, and `back`, the index of the last file the child has
    taken. Each counter is written by one process only, in memory the fork shares; each
    process takes its next file only while the other has not taken it, so every file is
    read, and the one they may both take at the meeting point is read twice, harmlessly
    (the parent keeps its own reading). No lock is needed, and none could be lost: a counter
    read mid-write (it never is on Linux's 64-bit platforms) would only stop a process early,
    and the parent reads whatever neither process read."""

    __slots__ = ("_counters",)

    def __init__(self, counters: memoryview) -> None:
        self._counters = counters

    @classmethod
    def shared(cls) -> _Ends:
        import mmap

        return cls(memoryview(mmap.mmap(-1, 16)).cast("q"))  # MAP_SHARED: seen by a fork

    def start(self, files: int) -> None:
        """Before the child gets its list: nothing taken yet at either end."""
        self._counters[0] = 0
        self._counters[1] = files

    @property
    def front(self) -> int:
        return self._counters[0]

    @front.setter
    def front(self, taken: int) -> None:
        self._counters[0] = taken

    @property
    def back(self) -> int:
        return self._counters[1]

    @back.setter
    def back(self, index: int) -> None:
        self._counters[1] = index


class Helper:
    """A forked process that reads files for this one, and the ends they share."""

    __slots__ = ("_process", "ends")

    def __init__(self, process: _Child, ends: _Ends) -> None:
        self._process = process
        self.ends = ends

    def submit(self, work: _Work) -> None:
        self._process.submit(work)

    def result(self) -> list[_ReadFile] | None:
        return self._process.result()

    def cancel(self) -> None:
        self._process.cancel()


def _start_child(
    root: discover.Root, prepare: Callable[[Callable[[], bool]], object] | None = None
) -> Helper | None:
    from pyparity import forked

    try:
        ends = _Ends.shared()
        return Helper(forked.Forked(partial(_read_in_child, root, ends), prepare=prepare), ends)
    except OSError:  # no process or memory to spare: the share is read here instead
        return None


def _two_ends(paths: Sequence[str]) -> tuple[list[str], int, int]:
    """`paths` in the order of reading from both ends: Dockerfiles first (read here: following
    compose and devcontainer build links later reuses their parse), the YAML family last
    (the helper has imported its readers), other families between, each kept together.
    Also the number of Dockerfiles and where the YAML family starts."""
    families: dict[str, list[str]] = {}
    for path in paths:
        names = candidates(path)
        family = FAMILIES.get(names[0], names[0]) if names else ""
        families.setdefault(family, []).append(path)
    first = families.pop(_READ_HERE, [])
    last = families.pop(_HELPER_FAMILY, [])
    between = [path for family in sorted(families) for path in families[family]]
    return [*first, *between, *last], len(first), len(first) + len(between)


def _processes(jobs: int, files: int) -> int:
    limit = jobs if jobs > 0 else MAX_PROCESSES
    if limit < 2 or files < 2 * FILES_PER_PROCESS:
        return 1
    from pyparity import forked

    if not forked.available():
        return 1
    return max(1, min(limit, forked.usable_cores(), files // FILES_PER_PROCESS))


def _shares(
    root: discover.Root, paths: Sequence[str], processes: int, *, helped: bool = False
) -> list[list[str]]:
    """Split `paths` into `processes` shares of about equal cost; the first is this process's.

    A family of readers (one expensive import) stays in one process where the balance
    allows, and Dockerfiles are read here: following compose and devcontainer build links
    later reuses their parse. `helped`: the second share goes to the helper, which has
    imported the YAML readers already."""
    if processes == 1:
        return [list(paths)]
    top = os.fspath(root.path)
    families: dict[str, list[tuple[str, int]]] = {}
    for path in paths:
        names = candidates(path)
        if names:
            family = FAMILIES.get(names[0], names[0])
            families.setdefault(family, []).append((path, _cost(os.path.join(top, path))))
    plan = _Plan(processes)
    if helped:
        plan.families[1][_HELPER_FAMILY] = 0  # imported, though no file is assigned yet
    pinned = {_READ_HERE: 0, _HELPER_FAMILY: 1} if helped else {_READ_HERE: 0}
    for family, index in pinned.items():
        for path, cost in families.pop(family, []):
            plan.add(index, family, path, cost)
    for family, members in sorted(families.items(), key=lambda item: -_total(item[1])):
        lightest = plan.lightest()
        for path, cost in members:
            plan.add(lightest, family, path, cost)
    plan.even_out()
    return [[path for _, path, _ in share] for share in plan.shares]


_READ_HERE = "dockerfile"

_IMPORT_COSTS = {"yaml": 60_000, "dockerfile": 20_000}
"""What importing a family's readers costs, in the units of `_cost` (about 0.5 µs each);
another family costs `_IMPORT_COST`. Measured on the development machine: rough, but it
keeps a process from taking one YAML file and paying for the whole YAML stack."""
_IMPORT_COST = 10_000


class _Plan:
    """Shares being filled: their files (family, path, cost), costs and families."""

    __slots__ = ("costs", "families", "shares")

    def __init__(self, processes: int) -> None:
        self.shares: list[list[tuple[str, str, int]]] = [[] for _ in range(processes)]
        self.costs = [0] * processes
        self.families: list[dict[str, int]] = [{} for _ in range(processes)]

    def lightest(self) -> int:
        return self.costs.index(min(self.costs))

    def add(self, index: int, family: str, path: str, cost: int) -> None:
        self.shares[index].append((family, path, cost))
        self.costs[index] += cost + self._import_cost(index, family)
        self.families[index][family] = self.families[index].get(family, 0) + 1

    def even_out(self) -> None:
        """Move files from the heaviest share to the lightest while that lowers the heaviest."""
        while True:
            heaviest = self.costs.index(max(self.costs))
            lightest = self.lightest()
            if heaviest == lightest or not self.shares[heaviest]:
                return
            family, path, cost = self.shares[heaviest][-1]
            if (
                self.costs[lightest] + cost + self._import_cost(lightest, family)
                >= (self.costs[heaviest])
            ):
                return
            self.shares[heaviest].pop()
            self.families[heaviest][family] -= 1
            if not self.families[heaviest][family]:
                del self.families[heaviest][family]
                self.costs[heaviest] -= _IMPORT_COSTS.get(family, _IMPORT_COST)
            self.costs[heaviest] -= cost
            self.add(lightest, family, path, cost)

    def _import_cost(self, index: int, family: str) -> int:
        if family in self.families[index]:
            return 0
        return _IMPORT_COSTS.get(family, _IMPORT_COST)


_GENERATED_WHEN_LARGE = frozenset({"task-runner", "pep723"})
"""Readers of scripts (shell scripts, Makefiles, justfiles, PEP 723 scripts): one over the
size cap is a generated file, said as a notice, not a warning."""


def _total(members: Sequence[tuple[str, int]]) -> int:
    return sum(cost for _, cost in members)


def _cost(path: str) -> int:
    try:
        return _COST_PER_FILE + os.lstat(path).st_size
    except OSError:
        return _COST_PER_FILE


def parse_error(
    path: str, message: str, line: int, column: int, severity: Severity = Severity.WARNING
) -> Finding:
    return Finding(
        rule="parse-error",
        severity=severity,
        file=path,
        span=Span(line=line, column=column, end_line=line, end_column=column),
        message=f"{path}: {message}",
    )


def _plain_version_file() -> Source:
    """A linked file no reader knows, read as a `.python-version`."""
    from pyparity.sources.python_version_file import read

    return Source(kind="python-version-file", matches=lambda path: False, read=read, doc="")
