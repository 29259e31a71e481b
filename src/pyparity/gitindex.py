"""The files a git repository tracks, read from its index (`.git/index`) without git.

The Action's image has no git (it would add more than the rest of the image), and walking
the checkout lists what git ignores too: files earlier steps of the job wrote, a vendored
tree. The index of a checkout names exactly the tracked files. Formats 2, 3 and 4 are read,
with SHA-1 or SHA-256 object names; anything else (a split index, a `.git` file pointing
elsewhere, a damaged or hostile index) gives None and the caller walks the tree instead.
"""

from __future__ import annotations

import os
import stat
import struct
from collections.abc import Iterator
from pathlib import Path

from pyparity import lazy_re

MAX_INDEX_BYTES = 256 * 1024 * 1024
MAX_ENTRIES = 4_000_000
MAX_PATH_BYTES = 4096
NAMES_PER_INDEX_BYTE = 8
MIN_NAMES_BYTES = 1024 * 1024
"""Format 4 spells each name as a change to the one before, so 70 bytes of a hostile index
can spell a 4,000-byte name. The names may add up to 8 bytes per byte of the index (at
least 1 MiB): a real index's names, shared prefixes and all, come to about twice its size."""

_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_SIGNATURE = b"DIRC"
_STAT_BYTES = 40  # ctime, mtime (8 each), dev, ino, mode, uid, gid, size (4 each)
_EXTENDED = 0x4000  # in an entry's flags (version 3 and later): two more bytes of flags
_GITLINK = 0o160000  # a submodule: a folder, not a file
_SPLIT_INDEX = b"link"  # the entries are only a change to a shared index elsewhere


class _Damaged(Exception):
    pass


def tracked_files(root: Path) -> list[str] | None:
    """POSIX paths relative to `root` of the files its `.git/index` tracks; None if there is
    no such index or it cannot be read completely."""
    git = root / ".git"
    if git.is_symlink() or not git.is_dir():
        return None
    data = _read(git / "index")
    if data is None:
        return None
    try:
        return _entries(data, hash_bytes=32 if _sha256(git / "config") else 20)
    except (_Damaged, IndexError, ValueError):
        return None


def _read(path: Path) -> bytes | None:
    if path.is_symlink():  # O_NOFOLLOW says so on POSIX; this, where there is none
        return None
    try:
        descriptor = os.open(path, os.O_RDONLY | _NO_FOLLOW | _CLOEXEC)
    except OSError:
        return None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_INDEX_BYTES:
            return None
        with os.fdopen(os.dup(descriptor), "rb") as file:
            return file.read(MAX_INDEX_BYTES + 1)
    except OSError:
        return None
    finally:
        os.close(descriptor)


def _sha256(config: Path) -> bool:
    """`[extensions] objectFormat = sha256`: object names of 32 bytes."""
    try:
        text = config.read_text("utf-8", "replace")
    except OSError:
        return False
    return any(
        line.strip().replace(" ", "").replace("\t", "").lower() == "objectformat=sha256"
        for line in text.splitlines()
    )


def _entries(data: bytes, *, hash_bytes: int) -> list[str]:
    paths: set[str] = set()
    for name, _, _ in _raw_entries(data, hash_bytes=hash_bytes):
        path = name.decode("utf-8", "surrogateescape")
        if safe_path(path):
            paths.add(path)
    return sorted(paths)


def _raw_entries(data: bytes, *, hash_bytes: int) -> Iterator[tuple[bytes, int, int]]:
    """(name, mode, offset of the entry) of each file entry (not submodules or folders);
    raises _Damaged (or IndexError, ValueError) on an index it cannot read completely."""
    if len(data) < 12 or data[:4] != _SIGNATURE:
        raise _Damaged
    version = int.from_bytes(data[4:8], "big")
    count = int.from_bytes(data[8:12], "big")
    if version not in (2, 3, 4) or count > MAX_ENTRIES:
        raise _Damaged
    fixed = _STAT_BYTES + hash_bytes + 2
    position = 12
    previous = b""
    names_bytes = 0
    max_names_bytes = max(MIN_NAMES_BYTES, NAMES_PER_INDEX_BYTE * len(data))
    for _ in range(count):
        start = position
        mode = int.from_bytes(data[start + 24 : start + 28], "big")
        flags = int.from_bytes(data[start + fixed - 2 : start + fixed], "big")
        position = start + fixed
        if version >= 3 and flags & _EXTENDED:
            position += 2
        if version == 4:
            strip, position = _varint(data, position)
            if strip > len(previous):
                raise _Damaged
            end = data.index(b"\0", position)
            name = previous[: len(previous) - strip] + data[position:end]
            position = end + 1
        else:
            end = data.index(b"\0", position)
            name = data[position:end]
            position = start + ((end - start) // 8 + 1) * 8  # 1 to 8 NULs pad the entry
        names_bytes += len(name)
        if position > len(data) or len(name) > MAX_PATH_BYTES or names_bytes > max_names_bytes:
            raise _Damaged
        previous = name
        if stat.S_IFMT(mode) != _GITLINK and not stat.S_ISDIR(mode):
            yield name, mode, start
    if data[position : position + 4] == _SPLIT_INDEX:
        raise _Damaged


def _varint(data: bytes, position: int) -> tuple[int, int]:
    """Git's offset encoding: seven bits a byte, each continuation adding one."""
    byte = data[position]
    value = byte & 0x7F
    position += 1
    while byte & 0x80:
        byte = data[position]
        position += 1
        value = ((value + 1) << 7) | (byte & 0x7F)
        if value > 1 << 32:
            raise _Damaged
    return value, position


def safe_path(name: str) -> bool:
    """A path git itself would write: relative, no empty, `.` or `..` part, no `.git`. Names
    from the index and names `git ls-files` prints are held to it alike."""
    # One search of the name between slashes, not a loop over its parts (a large tree
    # lists tens of thousands of names): an empty part is `//`, the others `/part/`.
    # `str.lower` works character by character (Greek final sigma aside, no letter of
    # `.git`) and leaves `/` alone, so the lowered name's parts are the lowered parts.
    return bool(name) and _UNSAFE_PART.search(f"/{name.lower()}/") is None


_UNSAFE_PART = lazy_re.compile(r"/(?:\.\.?|\.git)?/")


_STAT = struct.Struct(">10I")
_STAGE_BITS = 0x3000  # in an entry's flags: a merge conflict's sides, not the staged file


class StagedFile:
    """What the index recorded of a regular file when it was staged: `blob`, the object
    name (hex) of the staged content; `size` and `inode` truncated to 32 bits, as the index
    stores them. (A plain class: a dataclass costs more to define than a run uses it.)"""

    __slots__ = ("blob", "ctime_ns", "inode", "mtime_ns", "size")

    def __init__(self, *, blob: str, mtime_ns: int, ctime_ns: int, size: int, inode: int) -> None:
        self.blob = blob
        self.mtime_ns = mtime_ns
        self.ctime_ns = ctime_ns
        self.size = size
        self.inode = inode


class Staged:
    """The index's regular files by path, and when the index was written (`written_ns`): a
    file modified at or after it may have changed within the timestamp's granularity after it
    was staged (git's "racily clean" entries)."""

    __slots__ = ("files", "written_ns")

    def __init__(self, *, files: dict[str, StagedFile], written_ns: int) -> None:
        self.files = files
        self.written_ns = written_ns

    def blob(self, root: Path, path: str) -> str | None:
        """The staged content's object name if the file is unchanged since it was staged by
        git's rule (same size, times and inode, and staged before the index was written);
        else None."""
        staged = self.files.get(path)
        if staged is None:
            return None
        try:
            info = os.lstat(os.path.join(root, path))
        except OSError:
            return None
        if (
            not stat.S_ISREG(info.st_mode)
            or info.st_mtime_ns != staged.mtime_ns
            or info.st_ctime_ns != staged.ctime_ns
            or info.st_size & 0xFFFFFFFF != staged.size
            or info.st_ino & 0xFFFFFFFF != staged.inode
            or info.st_mtime_ns >= self.written_ns
        ):
            return None
        return staged.blob


def staged(root: Path) -> Staged | None:
    """The regular files `root/.git/index` records with their stat data; None if there is no
    index that can be read completely."""
    git = root / ".git"
    if git.is_symlink() or not git.is_dir():
        return None
    index = git / "index"
    data = _read(index)
    if data is None:
        return None
    try:
        written_ns = os.lstat(index).st_mtime_ns
        hash_bytes = 32 if _sha256(git / "config") else 20
        files = {}
        for name, mode, start in _raw_entries(data, hash_bytes=hash_bytes):
            flags = int.from_bytes(data[start + 40 + hash_bytes : start + 42 + hash_bytes], "big")
            if not stat.S_ISREG(mode) or flags & _STAGE_BITS:
                continue
            path = name.decode("utf-8", "surrogateescape")
            ctime, ctime_ns, mtime, mtime_ns, _, inode, _, _, _, size = _STAT.unpack_from(
                data, start
            )
            files[path] = StagedFile(
                blob=data[start + 40 : start + 40 + hash_bytes].hex(),
                ctime_ns=ctime * 1_000_000_000 + ctime_ns,
                mtime_ns=mtime * 1_000_000_000 + mtime_ns,
                inode=inode,
                size=size,
            )
    except (_Damaged, IndexError, ValueError, OSError):
        return None
    return Staged(files=files, written_ns=written_ns)
