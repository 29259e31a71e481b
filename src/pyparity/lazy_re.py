"""Regular expressions compiled on first use (start-up, issue 18).

A module holds its patterns as `X = lazy_re.compile(r"...", re.M)`: an object that keeps the
text and flags and compiles nothing at import, so a run that never applies a pattern never pays
re's compiler for it. The first call of one of its methods compiles the pattern and puts the
compiled pattern's bound methods into the object's slots; every later call then costs what a
call on the compiled pattern costs. Where a real `re.Pattern` is needed, `.compiled` is one.

The analyser of tests/adversarial/regex_shapes.py reads `lazy_re.compile(...)` calls as it
reads `re.compile(...)`: keep this spelling (no other name for the module or the function).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator

TYPE_CHECKING = False  # typing's constant, without importing typing (see cli.py)
if TYPE_CHECKING:
    from typing import Any

_METHODS = ("match", "search", "fullmatch", "finditer", "findall", "sub", "subn", "split")


class LazyPattern:
    """A pattern compiled when first applied; `pattern` and `flags` are the ones given.

    Made unfilled (`_Unfilled`, whose `__getattr__` catches the first use of a method); once
    compiled it becomes a plain LazyPattern, whose methods are slots read with no detour.
    """

    __slots__ = ("_compiled", "flags", "pattern", *_METHODS)

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        return self._compiled or self._compile()

    def _compile(self) -> re.Pattern[str]:
        compiled = re.compile(self.pattern, self.flags)
        for name in _METHODS:
            setattr(self, name, getattr(compiled, name))
        self._compiled = compiled
        self.__class__ = LazyPattern
        return compiled

    def __repr__(self) -> str:
        return f"lazy_re.compile({self.pattern!r}, {self.flags!r})"

    if TYPE_CHECKING:
        # The slots' types once filled: the compiled pattern's bound methods.
        def match(
            self, string: str, pos: int = 0, endpos: int = sys.maxsize
        ) -> re.Match[str] | None: ...
        def search(
            self, string: str, pos: int = 0, endpos: int = sys.maxsize
        ) -> re.Match[str] | None: ...
        def fullmatch(
            self, string: str, pos: int = 0, endpos: int = sys.maxsize
        ) -> re.Match[str] | None: ...
        def finditer(
            self, string: str, pos: int = 0, endpos: int = sys.maxsize
        ) -> Iterator[re.Match[str]]: ...
        def findall(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> list[Any]: ...
        def split(self, string: str, maxsplit: int = 0) -> list[str | Any]: ...
        def sub(
            self, repl: str | Callable[[re.Match[str]], str], string: str, count: int = 0
        ) -> str: ...
        def subn(
            self, repl: str | Callable[[re.Match[str]], str], string: str, count: int = 0
        ) -> tuple[str, int]: ...


class _Unfilled(LazyPattern):
    """A LazyPattern not compiled yet (the same slots, so that it can become one)."""

    __slots__ = ()

    def __getattr__(self, name: str) -> object:
        # Reached only while a method's slot is empty: the pattern's first use.
        if name not in _METHODS:
            raise AttributeError(name)
        self._compile()
        return object.__getattribute__(self, name)


def compile(pattern: str, flags: int = 0) -> LazyPattern:
    """A pattern that `re.compile(pattern, flags)` makes on its first use."""
    return _Unfilled(pattern, flags)


def compile_pending(namespace: dict[str, object], go_on: Callable[[], bool]) -> bool:
    """Compile the patterns of a module's namespace not compiled yet, while `go_on()` (a
    process with time to spare before its work arrives); whether it got through them."""
    for value in list(namespace.values()):
        if value.__class__ is _Unfilled:
            if not go_on():
                return False
            value._compile()
    return True


class deferred_in:  # a lower-case name: used as a statement, `with lazy_re.deferred_in(...)`
    """While in this block, `re.compile` called by a module of `package` returns a lazy
    pattern: for importing a library that compiles at import patterns a run may never apply.
    PyYAML compiles six (its pure-Python reader's check of printable characters alone costs 6
    ms of re's compiler), though the C parser we use applies at most its resolver's. Calls
    from any other module (another thread's included) get `re.compile`'s own patterns.

    For a library that only calls the patterns' methods (`match`, `search`, ...): a lazy
    pattern is not an instance of `re.Pattern`."""

    __slots__ = ("_compile", "_package")

    def __init__(self, package: str) -> None:
        self._package = package
        self._compile = re.compile

    def __enter__(self) -> None:
        real, package = self._compile, self._package

        def compile_deferred(pattern: Any, flags: int = 0) -> Any:
            caller = sys._getframe(1).f_globals.get("__name__", "")
            if isinstance(pattern, str) and caller.partition(".")[0] == package:
                return _Unfilled(pattern, flags)
            return real(pattern, flags)

        re.compile = compile_deferred

    def __exit__(self, *_: object) -> None:
        re.compile = self._compile
