"""Run work in a forked copy of this process, on another core, and collect its result.

Reading a large monorepo's declaring files is CPU work in pure Python; a second process
halves it on the two-core machines CI runs on. A fork shares everything already imported and
needs no pickling of the code, only of the work's input and result. The input arrives by a
pipe, so a child can be forked early, prepare (import what its work needs) while this process
does its own imports, and then wait for its input. The result goes to an anonymous in-memory
file (a pipe would block the child once its buffer fills while the parent is busy).

The parent never depends on the child: if the child fails for any reason, `result()` returns
None and the caller does the work itself. Forking is used only where it is safe and cheap: on
Linux (`memfd_create`), with more than one usable core, and with no other thread running
(a thread holding a lock at the fork would leave that lock held forever in the child).
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Callable
from functools import partial
from typing import Generic, TypeVar

In = TypeVar("In")
Out = TypeVar("Out")


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


class Forked(Generic[In, Out]):
    """A child forked at construction: it runs `prepare(idle)`, waits for `submit(value)`
    and runs `work(value)`; `result()` collects what that returned. `idle()` says whether
    the input has still not arrived: a long preparation stops where it is once it has."""

    __slots__ = ("_input", "_output", "_pid", "_submitted")

    def __init__(
        self,
        work: Callable[[In], Out],
        *,
        prepare: Callable[[Callable[[], bool]], object] | None = None,
    ) -> None:
        self._output = os.memfd_create("pyparity-result", os.MFD_CLOEXEC)
        read_end, self._input = os.pipe()
        try:
            self._pid = os.fork()
        except OSError:
            for descriptor in (self._output, read_end, self._input):
                os.close(descriptor)
            raise
        if self._pid == 0:  # the child: never returns
            os.close(self._input)
            _run_child(work, prepare, read_end, self._output)
        os.close(read_end)
        self._submitted = False

    def submit(self, value: In) -> None:
        """Give the child its input (once)."""
        import pickle  # here, not at the top: a helper cancelled on a small tree needs none

        self._submitted = True
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            _write_all(self._input, len(data).to_bytes(_LENGTH_BYTES, "big") + data)
        except OSError:  # the child is gone: result() says so
            pass
        finally:
            os.close(self._input)

    def result(self) -> Out | None:
        """What the work returned, or None if the child failed."""
        if not self._submitted:
            self.cancel()
            return None
        if self._output < 0:
            return None
        import pickle

        try:
            _, status = os.waitpid(self._pid, 0)
            if os.waitstatus_to_exitcode(status) != 0:
                return None
            value: Out = pickle.loads(_read_all(self._output))
            return value
        except Exception:  # a broken child is only a lost speed-up: the caller redoes its work
            return None
        finally:
            self._close_output()

    def cancel(self) -> None:
        """Stop a child that will get no input (safe to call more than once)."""
        if self._submitted:
            return
        self._submitted = True
        os.close(self._input)
        try:
            os.kill(self._pid, signal.SIGKILL)
            os.waitpid(self._pid, 0)
        except OSError:
            pass
        self._close_output()

    def _close_output(self) -> None:
        if self._output >= 0:
            os.close(self._output)
            self._output = -1


def _run_child(
    work: Callable[[In], Out],
    prepare: Callable[[Callable[[], bool]], object] | None,
    source: int,
    sink: int,
) -> None:
    """Prepare, take the input, work, write the pickled result, and leave with `os._exit`:
    no atexit handlers, no flushing of the parent's buffered output, no cleanup meant for the
    parent. No input (the parent cancelled or died) means no work."""
    code = 1
    try:
        import pickle

        if prepare is not None:
            with contextlib.suppress(Exception):  # only a head start: the work imports anyway
                prepare(partial(_nothing_in, source))
        data = _read_input(source)
        if data is None:  # cancelled, or the parent died
            code = 0
            return
        result = work(pickle.loads(data))
        _write_all(sink, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
        code = 0
    finally:
        os._exit(code)


def _nothing_in(descriptor: int) -> bool:
    import select

    poller = select.poll()  # (not `select.select`: no limit on the descriptor's number)
    poller.register(descriptor, select.POLLIN)
    return not poller.poll(0)


def _write_all(descriptor: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(descriptor, view) :]


_LENGTH_BYTES = 8


def _read_input(descriptor: int) -> bytes | None:
    """The length-prefixed input, or None if the pipe closes first. A length, not the end
    of the pipe: a child forked later holds a copy of this pipe's writing end, so the end
    of the pipe would come only when that child exits."""
    header = _read_exactly(descriptor, _LENGTH_BYTES)
    if header is None:
        return None
    return _read_exactly(descriptor, int.from_bytes(header, "big"))


def _read_exactly(descriptor: int, size: int) -> bytes | None:
    chunks = []
    remaining = size
    while remaining:
        chunk = os.read(descriptor, min(remaining, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def _read_all(descriptor: int) -> bytes:
    size = os.fstat(descriptor).st_size
    chunks = []
    offset = 0
    while offset < size:
        chunk = os.pread(descriptor, size - offset, offset)
        if not chunk:
            break
        chunks.append(chunk)
        offset += len(chunk)
    return b"".join(chunks)
