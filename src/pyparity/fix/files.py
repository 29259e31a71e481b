"""Reading and writing the repository's files for `fix`: never through a symbolic link,
never outside the tree, and each write atomic (a temporary file beside it, then a rename)
with the file's mode kept. The repository's files are data: nothing in them is run."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path, PurePosixPath


class UnsafePath(Exception):
    """A path `fix` will not read or write; the message says why."""


def _checked(root: Path, relative: str) -> Path:
    parts = PurePosixPath(relative).parts
    if not parts or PurePosixPath(relative).is_absolute() or ".." in parts:
        raise UnsafePath("outside the tree")
    path = root
    for part in parts:
        path = path / part
        try:
            mode = os.lstat(path).st_mode
        except OSError as error:
            raise UnsafePath(f"cannot be read ({error.strerror})") from None
        if stat.S_ISLNK(mode):
            raise UnsafePath("is or lies under a symbolic link")
    if not stat.S_ISREG(mode):
        raise UnsafePath("not a regular file")
    return path


def read(root: Path, relative: str) -> bytes:
    path = _checked(root, relative)
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(descriptor, "rb") as handle:
        return handle.read()


def write(root: Path, relative: str, data: bytes) -> None:
    """Replace the file's content: a temporary file in the same folder, its mode set to the
    file's, then renamed over it (a reader sees the old file or the new, never half)."""
    path = _checked(root, relative)
    mode = stat.S_IMODE(os.lstat(path).st_mode)
    descriptor, temporary = tempfile.mkstemp(prefix=".pyparity-fix-", dir=path.parent)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fchmod(handle.fileno(), mode)
        _checked(root, relative)  # still a regular file, not swapped for a link meanwhile
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
