"""Pausing Python's cycle collector where pyparity makes many objects and frees next to none.

Start-up (imports, the parser, the configuration) and the scan (declarations kept to the end)
make no cycles worth collecting; reference counting frees the rest. The collector's passes
there find nothing and cost 5-15% of a run. The code-floor scan runs with it on: vermin's
trees are its own business.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_outermost: list[bool] = []
"""Whether the collector was on when each pause still in force began."""
_process_ends: list[bool] = []
"""Set by `the_process_ends`: nothing but the exit follows the command."""


@contextmanager
def paused() -> Iterator[None]:
    """The collector off inside the block, and on again after it if it was on before."""
    enabled = gc.isenabled()
    _outermost.append(enabled)
    gc.disable()
    try:
        yield
    finally:
        _outermost.pop()
        if enabled:
            if _process_ends and not _outermost:
                # What the pause made is kept to the exit: on again, the collector would go
                # once through all of it (its youngest generation), to free nothing (5-10 ms
                # after a large tree's check).
                gc.freeze()
            gc.enable()


@contextmanager
def resumed() -> Iterator[None]:
    """The collector on inside a pause, where the work makes cycles (vermin's trees), if it
    was on before the outermost pause: a caller that turned it off keeps it off."""
    enabled = gc.isenabled()
    if _outermost[0] if _outermost else enabled:
        gc.enable()
    try:
        yield
    finally:
        if not enabled:
            gc.disable()


def the_process_ends() -> None:
    """Only the exit follows what runs from now on (the command, not a caller that goes on):
    what an outermost pause made is taken out of the collector's reach when it ends."""
    _process_ends.append(True)


def spare_the_exit() -> None:
    """The process ends next: take what it made out of the collector's reach. The interpreter
    collects once more on its way out, through every object left, to free none of them (a
    twelfth of a small tree's run, ~10 ms). Only for the command: a caller that goes on would
    keep any cycle among these objects for good."""
    gc.freeze()
