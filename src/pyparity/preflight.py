"""What the command line checks before and after a scan, so a user's mistake is one line and
exit 2, never a traceback: the root folder, the `--output` path, the source of truth.

Reads only the file system's answers about the paths the user named (and, for the notice
about unreadable folders, the folders that hold the listed files).
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterable
from pathlib import Path

from pyparity.errors import ConfigError

TYPE_CHECKING = False  # typing's constant, without importing typing (see cli.py)
if TYPE_CHECKING:
    from pyparity.model import Result


def readable_root(path: str) -> None:
    """The folder to check exists, is a folder, and can be listed."""
    root = Path(path)
    if not root.exists():
        raise ConfigError(f"{path}: no such folder; give the repository's root folder")
    if not root.is_dir():
        raise ConfigError(f"{path} is not a folder; give the repository's root folder")
    try:
        with os.scandir(root):
            pass
    except OSError as error:
        raise ConfigError(
            f"cannot read the folder {path}: {_reason(error)}; "
            "run as a user who can read it, or fix its permissions"
        ) from None


def writable_output(output: Path | None) -> None:
    """`--output` names a file in an existing folder that can be written to (checked before
    the scan, which can take a minute on a large tree)."""
    if output is None:
        return
    if output.is_dir():
        raise ConfigError(
            f"--output {output} is a folder; name a file, e.g. --output {output / 'pyparity.txt'}"
        )
    folder = output.parent
    if not folder.is_dir():
        raise ConfigError(f"--output {output}: the folder {folder} does not exist; create it first")
    if not os.access(folder, os.W_OK) or (output.exists() and not os.access(output, os.W_OK)):
        raise ConfigError(f"--output {output}: permission denied; choose a path you can write to")


def write_output(output: Path, text: str) -> None:
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        raise ConfigError(
            f"--output {output}: cannot write the report: {_reason(error)}; "
            "choose a path you can write to"
        ) from None


def source_of_truth_exists(root: str, name: str | None, origin: str) -> None:
    """The source of truth names a file under the root (`origin`: where it was set)."""
    if name is None:
        return
    if not (Path(root) / name).is_file():
        raise ConfigError(
            f"{origin} {name}: no such file in {root}; name a declaring file relative to the "
            "checked folder (`pyparity list` shows them)"
        )


def source_of_truth_declares(result: Result, name: str | None, origin: str) -> None:
    """The source of truth declares a version: otherwise it cannot decide anything."""
    if name is None:
        return
    wanted = posixpath.normpath(name.replace(os.sep, "/"))
    if not any(declaration.file == wanted for declaration in result.declarations):
        raise ConfigError(
            f"{origin} {name} declares no Python version (or is excluded); name a file that "
            "`pyparity list` shows"
        )


def unreadable_folders(root: str, paths: Iterable[str], walk_errors: Iterable[str]) -> list[str]:
    """The folders below the root whose files could not be listed or read: those the walk
    could not open, and those holding listed files that cannot be entered."""
    folders = set(walk_errors)
    listed = {path.rpartition("/")[0] for path in paths}  # (listed paths: no `//`, no `/` last)
    listed.discard("")
    for folder in listed:
        where = os.path.join(root, folder)
        # A folder git lists that is not there holds deleted files (or, in a partial copy,
        # files never written): nothing was refused, so nothing to say.
        if not os.access(where, os.R_OK | os.X_OK) and os.path.lexists(where):
            folders.add(folder)
    return sorted(f for f in folders if not any(a in folders for a in _ancestors(f)))


def _ancestors(folder: str) -> list[str]:
    parts = folder.split("/")
    return ["/".join(parts[:end]) for end in range(1, len(parts))]


def _reason(error: OSError) -> str:
    return (error.strerror or type(error).__name__).lower()
