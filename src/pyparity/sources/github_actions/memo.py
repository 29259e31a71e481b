"""Answers kept while one workflow file is read: a job's steps are asked about step by step and
run by run, and answering each time made a job of many steps and a large matrix quadratic.

An answer is keyed by the identity of the objects it is about, and its entry holds them, so
an id is never mistaken for another object's. Every memo is emptied once the file is read
(`forget`): an entry holds a job, and so its whole YAML tree.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

V = TypeVar("V")


class FileMemo(Generic[V]):
    __slots__ = ("_entries", "_limit")

    def __init__(self, limit: int | None = None) -> None:
        """`limit`: entries kept at most (past it the memo starts again), where each entry
        may be large."""
        self._entries: dict[tuple[int, ...], tuple[tuple[object, ...], V]] = {}
        self._limit = limit
        _CLEARS.append(self._entries.clear)

    def get(self, about: tuple[object, ...], make: Callable[[], V]) -> V:
        key = tuple(id(item) for item in about)
        entry = self._entries.get(key)
        if entry is not None and all(a is b for a, b in zip(entry[0], about, strict=True)):
            return entry[1]
        value = make()
        if self._limit is not None and len(self._entries) >= self._limit:
            self._entries.clear()
        self._entries[key] = (about, value)
        return value


_CLEARS: list[Callable[[], None]] = []


def forget() -> None:
    """Empty every memo: the file is read."""
    for clear in _CLEARS:
        clear()
