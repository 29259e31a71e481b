"""What a person at a terminal sees besides the report: whether to colour it, and a progress
line on stderr while a long run reads files and scans code.

Reads the environment (`NO_COLOR`, `FORCE_COLOR`, `TERM`) and whether a stream is a terminal.
The progress line is drawn from the main process when the pipeline reports a step (no
thread: the code scan forks its workers only while this process has a single thread).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import TextIO

DELAY_SECONDS = 2.0
"""The line appears only for runs longer than this."""
_INTERVAL_SECONDS = 0.2


def use_color(stream: TextIO, environ: Mapping[str, str] | None = None) -> bool:
    """NO_COLOR (any value) turns colour off, FORCE_COLOR (any value but 0) turns it on;
    otherwise a terminal that is not `dumb` gets colour (https://no-color.org)."""
    environ = os.environ if environ is None else environ
    if environ.get("NO_COLOR"):
        return False
    force = environ.get("FORCE_COLOR")
    if force is not None and force != "":
        return force != "0"
    return _is_terminal(stream) and environ.get("TERM") != "dumb"


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a replaced or closed stream
        return False


class _Progress:
    """The progress line drawn on a terminal during a long run (a plain class: a dataclass
    costs its import about half a millisecond)."""

    __slots__ = (
        "code_scanned",
        "code_total",
        "drawn",
        "files_read",
        "shown_at",
        "started",
        "stream",
    )

    def __init__(self) -> None:
        self.stream: TextIO | None = None
        self.started = 0.0
        self.shown_at = 0.0
        self.drawn = False
        self.files_read = 0
        self.code_total = 0
        self.code_scanned = 0

    def draw(self) -> None:
        now = time.monotonic()
        if now - self.started < DELAY_SECONDS or now - self.shown_at < _INTERVAL_SECONDS:
            return
        assert self.stream is not None
        self.shown_at, self.drawn = now, True
        self.stream.write(f"\r\x1b[K{self.line()}")
        self.stream.flush()

    def line(self) -> str:
        text = f"pyparity: {self.files_read:,} declaring files read"
        if self.code_total:
            text += f", {self.code_scanned:,} of {self.code_total:,} code files scanned"
        return text


_progress = _Progress()


@contextmanager
def progress(stream: TextIO) -> Iterator[None]:
    """Show progress on `stream` while the block runs, if it is a terminal."""
    global _progress
    _progress = _Progress()
    if _is_terminal(stream) and os.environ.get("TERM") != "dumb":
        _progress.stream = stream
        _progress.started = time.monotonic()
    try:
        yield
    finally:
        if _progress.stream is not None and _progress.drawn:
            _progress.stream.write("\r\x1b[K")
            _progress.stream.flush()
        _progress.stream = None


def files_read(count: int) -> None:
    if _progress.stream is not None:
        _progress.files_read = count
        _progress.draw()


def code_files(total: int) -> None:
    if _progress.stream is not None:
        _progress.code_total = total
        _progress.draw()


def code_file_scanned() -> None:
    if _progress.stream is not None:
        _progress.code_scanned += 1
        _progress.draw()
