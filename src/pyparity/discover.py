"""Which files to read: `git ls-files` in a work tree, else a pruned walk.

Never follows a symlink whose target leaves the scanned root, and never reads more than
the size cap of one file.
"""

from __future__ import annotations

import fnmatch
import os
import re
import stat
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from functools import cache
from pathlib import Path

from pyparity import lazy_re
from pyparity.errors import TooLarge, UnreadableFile
from pyparity.gitindex import safe_path

MAX_FILE_BYTES = 1024 * 1024
CACHE_TAG = "CACHEDIR.TAG"
"""A folder that holds this file is a cache (https://bford.info/cachedir/): not walked."""
SMALL_INDEX_BYTES = 128 * 1024
"""A git index smaller than this lists about 1,000 files or fewer."""
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)  # POSIX; Windows handles are not inherited anyway

SKIPPED_DIRECTORIES = frozenset(
    {
        ".git",
        "node_modules",
        ".venv",
        "venv",
        ".tox",
        ".nox",
        "__pycache__",
        "site-packages",
        "dist",
        "build",
        ".mypy_cache",
        ".ruff_cache",
        ".pyparity_cache",
        ".pytest_cache",
    }
)


class Root:
    """The scanned tree; `real` is its resolved path, the boundary for symlinks. (A plain
    class: `dataclasses` costs a run replayed from the cache a tenth of its time.)"""

    __slots__ = ("path", "real", "real_directories")

    def __init__(self, path: Path, real: Path) -> None:
        self.path = path
        self.real = real
        self.real_directories: dict[str, str] = {}
        """Resolved folders, by relative path: most files share a folder with another."""

    def __repr__(self) -> str:
        return f"Root(path={self.path!r}, real={self.real!r})"

    @classmethod
    def at(cls, path: str | Path) -> Root:
        given = Path(path)
        return cls(path=given, real=given.resolve())


class Listing:
    """`git ls-files` started early: it runs in its own process while this one imports the
    rest of the pipeline, and `files()` collects it. Without git (the Action's image), the
    files the index tracks; without an index that can be read, a walk of the tree.

    `untracked`: also the files git does not track and does not ignore (the CLI's choice, as
    linters do: a new Dockerfile before `git add`). The Action checks what the commit holds,
    tracked files only: an earlier step may have written credentials into the workspace.
    Vendored trees (virtual environments, `node_modules`, `.tox`, `.nox`) are never listed."""

    __slots__ = ("_listed", "_process", "declaring", "listed", "root", "unreadable")

    def __init__(self, root: Root, *, untracked: bool = True) -> None:
        self.root = root
        self._listed = False
        self._process = _start_git(root, untracked=untracked)
        self.unreadable: list[str] = []
        """Folders the walk could not open (relative POSIX paths): their files are unknown."""
        self.listed: list[str] = []
        """What `files()` returned."""
        self.declaring: list[str] | None = None
        """Those of them a reader may read, once a run has found them (`check.py`): the run
        cache asks again (10,000 files: 15 ms)."""

    def files(self) -> list[str]:
        """Every file below the root as a POSIX path relative to it (listed once: a second
        call returns the same list)."""
        if self._listed:
            return self.listed
        self._listed = True
        listed = _git_output(self._process) if self._process is not None else None
        self._process = None
        if listed is None and (self.root.path / ".git").exists():
            from pyparity.gitindex import tracked_files

            listed = tracked_files(self.root.path)
        if listed is None:
            self.listed = list(_walk(self.root, self.unreadable))
        elif not _any_vendored_folder(listed):  # the usual case: no name tested alone
            self.listed = listed
        else:
            self.listed = [path for path in listed if not _vendored(path)]
        return self.listed

    def close(self) -> None:
        """Stop git if the listing is not wanted after all (a configuration error)."""
        if self._process is not None:
            self._process.kill()
            self._process = None


def small_tree(root: Root) -> bool:
    """A git index that lists about 1,000 files or fewer (False without an index)."""
    try:
        return os.stat(os.path.join(root.path, ".git", "index")).st_size < SMALL_INDEX_BYTES
    except OSError:
        return False


def list_files(root: Root) -> list[str]:
    """Every file below the root as a POSIX path relative to it."""
    return Listing(root).files()


def excluded(path: str, patterns: Iterable[str]) -> bool:
    """Does a pattern match the path (`fnmatch`) or name a folder it is in?

    The patterns are compiled once per tuple (the configuration's), so a long list costs
    each path a few set lookups: literal patterns are a set, globs are one regular
    expression per first folder they name (plus one for those that name none)."""
    if not _CASE_KEPT:  # Windows: fnmatch folds case and slashes; keep its own rules
        return any(
            fnmatch.fnmatch(path, pattern) or path.startswith(pattern.rstrip("/") + "/")
            for pattern in patterns
        )
    return _compiled(patterns).matches(path)


class _Patterns:
    __slots__ = ("exact", "folders", "globs", "rooted", "sources")

    def __init__(self, patterns: Iterable[str]) -> None:
        self.exact: set[str] = set()
        self.folders: set[str] = set()
        by_folder: dict[str | None, list[str]] = {}
        for pattern in patterns:
            self.folders.add(pattern.rstrip("/"))
            if not _glob_re().search(pattern):
                self.exact.add(pattern)
                continue
            first, slash, _ = pattern.partition("/")
            key = first if slash and not _glob_re().search(first) else None
            by_folder.setdefault(key, []).append(pattern)
        self.sources = by_folder
        self.rooted: dict[str, re.Pattern[str]] = {}
        self.globs = _union(by_folder.pop(None, []))

    def matches(self, path: str) -> bool:
        if path in self.exact or (self.globs is not None and self.globs.match(path)):
            return True
        first, slash, _ = path.partition("/")
        if slash and first in self.sources:
            if first not in self.rooted:
                self.rooted[first] = _union(self.sources[first]) or re.compile("(?!)")
            if self.rooted[first].match(path):
                return True
        at = path.find("/")
        while at != -1:
            if path[:at] in self.folders:
                return True
            at = path.find("/", at + 1)
        return False


@cache
def _glob_re() -> re.Pattern[str]:
    return re.compile(r"[*?\[]")


_CASE_KEPT = os.path.normcase("A/b") == "A/b"
_COMPILED: dict[int, tuple[tuple[str, ...], _Patterns]] = {}


def _union(globs: list[str]) -> re.Pattern[str] | None:
    """One expression for many globs (fnmatch's translations are linear: each `*` is an
    atomic group)."""
    unique = dict.fromkeys(globs)
    return re.compile("|".join(map(fnmatch.translate, unique))) if unique else None


def _compiled(patterns: Iterable[str]) -> _Patterns:
    if not isinstance(patterns, tuple):
        return _Patterns(patterns)
    held = _COMPILED.get(id(patterns))
    if held is None or held[0] is not patterns:
        if len(_COMPILED) >= 8:
            _COMPILED.clear()
        held = (patterns, _Patterns(patterns))
        _COMPILED[id(patterns)] = held
    return held[1]


_reads: set[str] | None = None


@contextmanager
def recording_reads() -> Iterator[set[str]]:
    """The files `read_bytes` reads in this process while the block runs (what a run kept
    in the cache of whole runs could have used)."""
    global _reads
    reads: set[str] = set()
    _reads = reads
    try:
        yield reads
    finally:
        _reads = None


def read_bytes(root: Root, relative: str, *, limit: int = MAX_FILE_BYTES) -> bytes:
    """The file's bytes, refusing links out of the tree, non-regular files and big files."""
    if _reads is not None:
        _reads.add(relative)
    real = _real_path(root, relative)
    if not _inside(real, os.fspath(root.real)):
        raise UnreadableFile("symbolic link to a place outside the scanned tree; not followed")
    try:
        info = os.stat(real)
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableFile("not a regular file")
        if info.st_size > limit:
            raise TooLarge(f"larger than {limit} bytes; not read")
        data = _read_at_most(real, limit + 1)
    except OSError as error:
        if isinstance(error, FileNotFoundError) and os.path.islink(
            os.path.join(root.path, relative)
        ):
            target = os.path.relpath(real, root.real).replace(os.sep, "/")
            target = target if target.isprintable() else repr(target)
            raise UnreadableFile(f"a symbolic link to {target}, which does not exist") from None
        raise UnreadableFile(f"cannot read: {error.strerror or type(error).__name__}") from None
    if len(data) > limit:
        raise TooLarge(f"larger than {limit} bytes; not read")
    return data


def links_to_an_absent_tree(root: Root, relative: str) -> bool:
    """A symbolic link whose target lies in a git submodule that is not checked out
    (`.pre-commit-config.yaml -> common/pre-commit-config.yaml`) or in a folder a tool makes
    (`.activate.sh -> .tox/py310/bin/activate`): the file is absent from this checkout, not
    broken."""
    full = os.path.join(root.path, relative)
    if not os.path.islink(full) or os.path.exists(full):
        return False
    target = os.path.relpath(os.path.realpath(full), root.real)
    if target == ".." or target.startswith(".." + os.sep):
        return False
    target = target.replace(os.sep, "/")
    if target.split("/", 1)[0] in _GENERATED_FOLDERS:
        return True
    return any(target.startswith(folder + "/") for folder in _submodule_folders(root))


def is_submodule(root: Root, relative: str) -> bool:
    """A path git lists that is a folder here: a submodule (`git ls-files` lists its gitlink,
    pywikibot's `scripts/i18n`), checked out or not; none of this repository's files."""
    full = os.path.join(root.path, relative)
    return os.path.isdir(full) and not os.path.islink(full)


_GENERATED_FOLDERS = frozenset(
    {".tox", ".nox", ".venv", "venv", "node_modules", ".eggs", "__pycache__"}
)


def _submodule_folders(root: Root) -> list[str]:
    try:
        text = read_bytes(root, ".gitmodules", limit=64 * 1024).decode("utf-8", "replace")
    except UnreadableFile:
        return []
    folders = []
    for line in text.splitlines():
        key, _, value = line.partition("=")
        if key.strip() == "path" and value.strip():
            folders.append(value.strip().strip("/"))
    return folders


def _real_path(root: Root, relative: str) -> str:
    """`os.path.realpath` of the file, resolving its folder once per folder (realpath costs an
    lstat per path component)."""
    directory, _, name = relative.rpartition("/")
    if name in {"", ".", ".."}:
        return os.path.realpath(os.path.join(root.path, relative))
    parent = root.real_directories.get(directory)
    if parent is None:
        parent = os.path.realpath(os.path.join(root.path, directory))
        root.real_directories[directory] = parent
    candidate = os.path.join(parent, name)
    return os.path.realpath(candidate) if os.path.islink(candidate) else candidate


def _read_at_most(path: str, size: int) -> bytes:
    """Raw `os.read`: `open()` builds a buffered file object per file, which costs more than
    the read itself for the small files read here."""
    descriptor = os.open(path, os.O_RDONLY | _CLOEXEC)
    try:
        chunks = []
        remaining = size
        while remaining > 0:
            chunk = os.read(descriptor, remaining)
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(descriptor)


def _inside(real: str, boundary: str) -> bool:
    """Is the resolved `real` the resolved `boundary` or below it? (Strings, not `Path.parents`,
    which builds a Path per ancestor: this runs once per file read.)"""
    prefix = boundary if boundary.endswith(os.sep) else boundary + os.sep
    return real == boundary or real.startswith(prefix)


_GIT_LS_FILES = (
    "git",
    "-c",
    "safe.directory=*",
    "-c",
    "core.quotepath=off",
    "-c",
    "core.fsmonitor=false",  # the tree's own .git/config could name a command
    "-c",
    f"core.excludesFile={os.devnull}",  # only the repository's own ignore files
    "ls-files",
    "-z",
    "--cached",
)
_GIT_UNTRACKED = ("--others", "--exclude-standard")
_GIT_TIMEOUT_SECONDS = 10
"""A listing takes well under a second on large trees; a FIFO named `.gitignore` would stall
git until the timeout, after which the index is read directly."""

_VENDORED = frozenset({"node_modules", ".venv", "venv", ".tox", ".nox", "site-packages"})


def _vendored(path: str) -> bool:
    """A folder of the path is one of `_VENDORED` (one search, not a loop over the parts)."""
    return _VENDORED_FOLDER.search(path) is not None


_VENDORED_FOLDER = lazy_re.compile(
    "(?:^|/)(?:" + "|".join(re.escape(name) for name in sorted(_VENDORED)) + ")/"
)


def _any_vendored_folder(names: list[str]) -> bool:
    """Might one of `names` lie in a vendored folder? (Yes for every one that does; perhaps
    for none, where a name ends in such a folder's name: then each is tested.)"""
    joined = "/" + "/".join(names)
    return any(f"/{folder}/" in joined for folder in _VENDORED)


def _start_git(root: Root, *, untracked: bool = True) -> _Git | None:
    if not (root.path / ".git").exists():
        return None
    arguments = _GIT_LS_FILES + (_GIT_UNTRACKED if untracked else ())
    try:
        if hasattr(os, "posix_spawnp"):
            return _Spawned(arguments, str(root.path))
        return _Started(arguments, str(root.path))
    except OSError:  # no git
        return None


def _git_output(process: _Git) -> list[str] | None:
    output = process.output(_GIT_TIMEOUT_SECONDS)
    return None if output is None else _listed_names(output)


def _listed_names(output: bytes) -> list[str]:
    """The names in what `git ls-files -z` printed that pass the index reader's rule (a
    hooked or hostile git on PATH could print any)."""
    text = output.decode("utf-8", "surrogateescape")
    names = text.split("\0")
    names.sort()  # git's order already, mostly: a merge of sorted runs, not a whole sort
    if not _any_unsafe_part(text.rstrip("\0")):  # the usual case: no name tested alone
        distinct = list(dict.fromkeys(names))
        return distinct[1:] if distinct and not distinct[0] else distinct
    return [name for name in dict.fromkeys(names) if safe_path(name)]


def _any_unsafe_part(joined: str) -> bool:
    """Might a name of these (joined by NULs) hold a part `safe_path` refuses: empty, `.`,
    `..` or `.git` in any case? With every NUL a slash, each name's parts are between
    slashes, as `safe_path` puts them: a few substring searches of the whole listing, not a
    pattern searched name by name (10,000 names: 9 ms). It may say yes for none (an empty
    name), never no for one."""
    parts = f"/{joined.replace(chr(0), '/').lower()}/"
    return any(unsafe in parts for unsafe in ("//", "/./", "/../", "/.git/"))


class _Spawned:
    """git, started with `os.posix_spawnp` (POSIX), standard input and error on the null
    device: what `subprocess` does here, without importing it (with `threading`,
    `selectors` and `signal`: 3 ms of every run)."""

    __slots__ = ("_pid", "_reader")

    def __init__(self, arguments: tuple[str, ...], folder: str) -> None:
        reader, writer = os.pipe()  # neither inherited: git gets copies as 1 (and 0, 2 null)
        try:
            null = os.open(os.devnull, os.O_RDWR | _CLOEXEC)
            try:
                self._pid = os.posix_spawnp(
                    arguments[0],
                    [arguments[0], "-C", folder, *arguments[1:]],
                    os.environ,
                    file_actions=[
                        (os.POSIX_SPAWN_DUP2, null, 0),
                        (os.POSIX_SPAWN_DUP2, writer, 1),
                        (os.POSIX_SPAWN_DUP2, null, 2),
                    ],
                )
            finally:
                os.close(null)
        except BaseException:
            os.close(reader)
            raise
        finally:
            os.close(writer)
        self._reader = reader

    def output(self, timeout: float) -> bytes | None:
        """What git printed; None if it failed or did not end within `timeout` seconds (it
        is then killed)."""
        import select

        deadline = time.monotonic() + timeout
        chunks = []
        poller = select.poll()
        poller.register(self._reader, select.POLLIN)
        try:
            while True:
                left = deadline - time.monotonic()
                if left <= 0 or not poller.poll(left * 1000):
                    self._stop()
                    return None
                chunk = os.read(self._reader, 1 << 16)
                if not chunk:
                    break
                chunks.append(chunk)
        except OSError:
            self._stop()
            return None
        finally:
            os.close(self._reader)
        try:
            _, status = os.waitpid(self._pid, 0)
        except ChildProcessError:  # reaped already (SIGCHLD ignored): its status is unknown
            return None
        return b"".join(chunks) if os.waitstatus_to_exitcode(status) == 0 else None

    def kill(self) -> None:
        """Stop git before its output is read."""
        self._stop()
        os.close(self._reader)

    def _stop(self) -> None:
        with suppress(OSError):
            os.kill(self._pid, 9)  # SIGKILL (the `signal` module is another import)
        with suppress(OSError):
            os.waitpid(self._pid, 0)


class _Started:
    """git, started by `subprocess` (where `os.posix_spawnp` is missing: Windows)."""

    __slots__ = ("_process",)

    def __init__(self, arguments: tuple[str, ...], folder: str) -> None:
        import subprocess

        try:
            self._process = subprocess.Popen(
                arguments,
                cwd=folder,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
        except subprocess.SubprocessError as error:
            raise OSError(str(error)) from error

    def output(self, timeout: float) -> bytes | None:
        import subprocess

        try:
            output, _ = self._process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            return None
        except (OSError, subprocess.SubprocessError):
            return None
        return output if self._process.returncode == 0 else None

    def kill(self) -> None:
        self._process.kill()
        self._process.communicate()


_Git = _Spawned | _Started


def _walk(root: Root, unreadable: list[str] | None = None) -> Iterator[str]:
    def skipped(error: OSError) -> None:
        if unreadable is not None and error.filename is not None:
            folder = os.path.relpath(error.filename, root.path)
            unreadable.append("." if folder == "." else folder.replace(os.sep, "/"))

    for directory, subdirectories, files in os.walk(root.path, onerror=skipped):
        if CACHE_TAG in files and directory != os.fspath(root.path):
            subdirectories[:] = []  # a cache folder (ours at `--cache-dir`, or another tool's)
            continue
        subdirectories[:] = sorted(d for d in subdirectories if d not in SKIPPED_DIRECTORIES)
        relative = os.path.relpath(directory, root.path)
        prefix = "" if relative == "." else relative.replace(os.sep, "/") + "/"
        for name in sorted(files):
            yield prefix + name
