"""The cache's folder and files, shared by the per-file cache (`cache.py`) and the cache of
whole runs (`run_cache.py`): where the folder may be (never one the tree commits, never
through a link), atomic writes, a bounded number of files, and the fingerprint of the code
and data that made them. Imports nothing of the pipeline: a run replayed from the cache
loads this and little else."""

from __future__ import annotations

import contextlib
import functools
import os
import time
from collections.abc import Sequence
from pathlib import Path

from pyparity.discover import CACHE_TAG  # the tag the walk skips, written here

TYPE_CHECKING = False  # typing's constant, without importing typing (see cli.py)
if TYPE_CHECKING:
    from json import JSONEncoder

try:  # CPython's own module: `hashlib` also loads OpenSSL (4 ms), which a replayed run skips
    from _blake2 import blake2b
except ImportError:  # pragma: no cover (another Python)
    from hashlib import blake2b

FORMAT = 1
MAX_FILE_BYTES = 64 * 1024 * 1024
"""A larger cache file is neither read nor written (the 40,000-file benchmark needs 3 MiB)."""
MAX_FILES = 32
"""Cache files kept in one folder (one per tree and settings): the oldest go first."""
MAX_FOLDER_BYTES = 256 * 1024 * 1024
_STALE_TEMPORARY_SECONDS = 3600
_GITIGNORE = "# Automatically created by pyparity.\n*\n"
_CACHEDIR_TAG_TEXT = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by pyparity.\n"
)
_PACKAGE = os.path.dirname(__file__)
DATA_FILE = Path(_PACKAGE) / "data" / "python-releases.toml"


class Location:
    """`folder`, `<directory>/v<FORMAT>`, holds the cache files; `in_tree`: the directory
    lies in the checked tree. (Plain classes here: a dataclass costs more to define than a
    run spends using it.)"""

    __slots__ = ("directory", "folder", "in_tree")

    def __init__(self, *, folder: Path, directory: Path, in_tree: bool) -> None:
        self.folder = folder
        self.directory = directory
        self.in_tree = in_tree

    @classmethod
    def of(cls, root: Path, directory: Path, listed: Sequence[str]) -> Location | None:
        """None where no cache may be used: a folder in the tree that git lists (committed or
        planted: never trusted), the tree's root itself, or a folder reached through a link."""
        real_root = os.path.realpath(root)
        absolute = directory if directory.is_absolute() else Path.cwd() / directory
        relative = os.path.relpath(os.path.abspath(absolute), os.path.abspath(root))
        in_tree = relative != ".." and not relative.startswith(".." + os.sep)
        if not in_tree:
            real = os.path.relpath(os.path.realpath(absolute), real_root)
            in_tree = real != ".." and not real.startswith(".." + os.sep)
        if in_tree:
            if relative == "." or _through_a_link(root, relative):
                return None
            prefix = relative.replace(os.sep, "/")
            if any(path == prefix or path.startswith(prefix + "/") for path in listed):
                return None
        return cls(folder=absolute / f"v{FORMAT}", directory=absolute, in_tree=in_tree)

    def identity(self) -> list[int] | None:
        """The folder's device, inode and change time (its entries were last added or
        removed, which only the first run does): a copy or a checkout of the folder has
        others, even where the file system reuses the inode."""
        if not self.in_tree:
            return None
        try:
            info = os.lstat(self.directory)
        except OSError:
            return None
        return [info.st_dev, info.st_ino, info.st_ctime_ns]

    def prepare(self, folder: Path) -> None:
        """Make `folder` (the version folder or one below it), with the directory's
        `.gitignore` and cache tag."""
        self.directory.mkdir(parents=True, exist_ok=True)
        for name, text in ((".gitignore", _GITIGNORE), (CACHE_TAG, _CACHEDIR_TAG_TEXT)):
            if not os.path.lexists(self.directory / name):
                write_atomically(self.directory / name, text.encode())
        folder.mkdir(parents=True, exist_ok=True)


def _through_a_link(root: Path, relative: str) -> bool:
    current = root
    for part in Path(relative).parts:
        current = current / part
        if current.is_symlink():
            return True
    return False


def load_json(path: Path) -> object:
    """The JSON document in `path`; None if it is missing, a link, too big or not JSON."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    # Here: a run without a cache file (a first run) imports JSON only where it writes one,
    # while it reads files, not before it has started to.
    import json

    try:
        with os.fdopen(descriptor, "rb") as file:
            data = file.read(MAX_FILE_BYTES + 1)
    except OSError:
        return None
    if len(data) > MAX_FILE_BYTES:
        return None
    try:
        return json.loads(data)
    except (ValueError, RecursionError):
        return None


def write_json(path: Path, document: object) -> None:
    write_json_text(path, json_text(document))


def json_text(value: object) -> str:
    """`value` as the cache files write it: compact, and a part of a document written alone
    is the text it has in the whole."""
    return _encoder().encode(value)


@functools.cache
def _encoder() -> JSONEncoder:
    """One encoder for every call (`json.dumps` with options makes a new one each time)."""
    from json import JSONEncoder

    return JSONEncoder(separators=(",", ":"), ensure_ascii=False)


def write_json_text(path: Path, text: str) -> None:
    data = text.encode()
    if len(data) <= MAX_FILE_BYTES:
        write_atomically(path, data)


def write_atomically(path: Path, data: bytes) -> None:
    descriptor, temporary = _temporary_file(path.parent)
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _temporary_file(folder: Path) -> tuple[int, str]:
    """A new file in `folder`, opened for writing, never through a link, readable by other
    users' runs; what `tempfile.mkstemp` does without importing `tempfile` (which brings
    `shutil`, `random` and the compression modules: 3 ms of a run)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    for _ in range(100):
        temporary = os.path.join(folder, f".{os.getpid()}-{os.urandom(6).hex()}.tmp")
        try:
            return os.open(temporary, flags, 0o644), temporary
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name in {folder}")


def prune(folder: Path, max_files: int | None = None) -> None:
    """Keep the newest cache files, at most `max_files` (`MAX_FILES`) and `MAX_FOLDER_BYTES`
    (the newest is always kept); remove temporary files a killed run left."""
    limit = MAX_FILES if max_files is None else max_files
    now = time.time()
    files = []
    for entry in os.scandir(folder):
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        modified, size = info.st_mtime, info.st_size
        if entry.name.endswith(".tmp"):
            if now - modified > _STALE_TEMPORARY_SECONDS:
                _remove(entry.path)
        elif entry.name.endswith(".json"):
            files.append((modified, size, entry.path))
    total = 0
    for index, (_, size, path) in enumerate(sorted(files, reverse=True)):
        total += size
        if index >= limit or (index and total > MAX_FOLDER_BYTES):
            _remove(path)


def _remove(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


@functools.cache
def package_fingerprint() -> tuple[int, int, int]:
    """Newest modification time, count and total size of pyparity's own modules: a checkout
    whose code changed without a new version number does not reuse older results. (Once a
    process: both caches ask, and the modules it runs were loaded at its start.)"""
    newest = count = size = 0
    pending = [_PACKAGE]
    while pending:
        with os.scandir(pending.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False) and entry.name != "__pycache__":
                    pending.append(entry.path)
                elif entry.name.endswith((".py", ".toml")):
                    info = entry.stat()
                    newest = max(newest, info.st_mtime_ns)
                    count += 1
                    size += info.st_size
    return newest, count, size


@functools.cache
def data_fingerprint() -> str | None:
    """The digest of the release data file (once a process, as `package_fingerprint`)."""
    return file_digest(DATA_FILE)


def content_hash(data: bytes) -> str:
    """A file's content id when git gives none (`cache.Cache.content_id`)."""
    return "h" + hasher(data, size=20).hexdigest()


def hasher(data: bytes = b"", *, size: int = 32) -> blake2b:
    """A hash of `data` that more bytes can be added to (`size` bytes; 256 bits)."""
    return blake2b(data, digest_size=size)


def file_digest(path: Path) -> str | None:
    try:
        return hasher(path.read_bytes()).hexdigest()
    except OSError:
        return None


@functools.cache
def vermin_fingerprint() -> str | None:
    """vermin's version (its constants module) without importing it (nor `importlib.util`)."""
    from importlib.machinery import PathFinder

    try:
        spec = PathFinder.find_spec("vermin")
        if spec is None:  # installed behind another finder (an editable install)
            import importlib.util

            spec = importlib.util.find_spec("vermin")
    except (ImportError, ValueError):
        return None
    if spec is None or spec.origin is None:
        return None
    return file_digest(Path(spec.origin).parent / "constants.py")
