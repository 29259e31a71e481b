"""Run one function in a forked copy of this process, on another core, and collect its result.

Reading a large monorepo's declaring files is CPU work in pure Python; a second process
halves it on the two-core machines CI runs on. A fork shares everything already imported and
needs no pickling of the work, only of the result, which the child writes to an anonymous
in-memory file (a pipe would block the child once its buffer fills while the parent is busy).

The parent never depends on the child: if the child fails for any reason, `result()` returns
None and the caller does the work itself. Forking is used only where it is safe and cheap: on
Linux (`memfd_create`), with more than one usable core, and with no other thread running
(a thread holding a lock at the fork would leave that lock held forever in the child).
"""

from __future__ import annotations

import os
import pickle
import sys
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


def available() -> bool:
    """Can a second process help here?"""
    if not hasattr(os, "fork") or not hasattr(os, "memfd_create"):
        return False
    if usable_cores() < 2:
        return False
    threading = sys.modules.get("threading")
    return threading is None or threading.active_count() == 1


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


class Forked(Generic[T]):
    """`function` running in a child process from construction until `result()`."""

    __slots__ = ("_file", "_pid")

    def __init__(self, function: Callable[[], T]) -> None:
        self._file = os.memfd_create("pyparity-result", os.MFD_CLOEXEC)
        try:
            self._pid = os.fork()
        except OSError:
            os.close(self._file)
            raise
        if self._pid == 0:  # the child: never returns
            _run_child(function, self._file)

    def result(self) -> T | None:
        """What the function returned, or None if the child failed."""
        try:
            _, status = os.waitpid(self._pid, 0)
            if os.waitstatus_to_exitcode(status) != 0:
                return None
            data = _read_all(self._file)
            value: T = pickle.loads(data)
            return value
        except Exception:  # a broken child is only a lost speed-up: the caller redoes its work
            return None
        finally:
            os.close(self._file)


def _run_child(function: Callable[[], T], file: int) -> None:
    """Run, write the pickled result, and leave with `os._exit`: no atexit handlers, no
    flushing of the parent's buffered output, no cleanup meant for the parent."""
    code = 1
    try:
        data = pickle.dumps(function(), protocol=pickle.HIGHEST_PROTOCOL)
        view = memoryview(data)
        while view:
            view = view[os.write(file, view) :]
        code = 0
    finally:
        os._exit(code)


def _read_all(file: int) -> bytes:
    size = os.fstat(file).st_size
    chunks = []
    offset = 0
    while offset < size:
        chunk = os.pread(file, size - offset, offset)
        if not chunk:
            break
        chunks.append(chunk)
        offset += len(chunk)
    return b"".join(chunks)
