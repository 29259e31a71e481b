"""vermin's source visitor, linear in the file it reads.

vermin keeps the modules, members and keyword arguments a file uses in lists, and a few of
its steps compare each new use with every earlier one: a file of many distinct module
attributes (`os.a1`, `os.a2`, ...), keyword arguments or imports, or of many names of its own
and many stdlib members, takes time quadratic in its size (a hostile 1 MB file: minutes,
from a fork's pull request). Found with bench/hostile.py's code cases:

- `__add_module` and `__add_kwargs` ask `x not in list` on every use: here the modules' list
  answers `in` from a set (`_SeenList`), and the keyword arguments' says no at once, which
  keeps every use of one, each to be reported where it is (`_EveryUse`, `_EachPlace`);
- `visit_Attribute` walks every module seen so far for each attribute; only two outcomes of
  that walk count (the attribute's first name is a module; some other module is there), so
  here the walk sees that name and one other module (`_SeenList.walk_for`);
- the last step drops the modules and members named like a name the file defines, comparing
  each name with each of them: here with a set;
- the names the file defines are copied on entering each function, class, lambda,
  comprehension and `except` handler (and the copy put back on leaving it): here a copy is a
  mark in a log of the names added, and putting it back undoes what was added after it
  (`_ScopedNames`);
- the check for a parenthesized `with` of several items reads `lineno + 10` lines from the
  statement (ten were meant): here ten.

What vermin reports is unchanged, less the repeats of one member that the long walk added.
This leans on vermin's private state (`_SourceVisitor__s`); a vermin without it gets its own
visitor (`visitor_class`), as does one whose state does not look as expected.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

_STATE = "_SourceVisitor__s"
_WITH_LOOKAHEAD = 10
_PRIVATE = ("_SourceVisitor__get_attribute_name", "_SourceVisitor__after_visit_all")


class _SeenList(list[Any]):
    """A list that answers `in` from a set of its items (vermin only appends to these while
    it visits). While `head` is set (vermin's walk of the modules for one attribute), it
    iterates over that name, if listed, then over one other item if there is one by then."""

    __slots__ = ("_seen", "head")

    def __init__(self) -> None:
        super().__init__()
        self._seen: set[Any] = set()
        self.head: object = None

    def append(self, item: Any) -> None:
        self._seen.add(item)
        super().append(item)

    def __contains__(self, item: object) -> bool:
        return item in self._seen

    def keep_only(self, kept: list[Any]) -> None:
        self[:] = kept
        self._seen = set(kept)

    def __iter__(self) -> Iterator[Any]:
        head, self.head = self.head, None
        if head is None:
            return super().__iter__()
        return self._walk_for(head)

    def _walk_for(self, head: object) -> Iterator[Any]:
        if head in self._seen:
            yield head  # (vermin may append a module here: the walk goes on after it)
        other = next((item for item in self[:2] if item != head), None)
        if other is not None:  # modules are distinct: among the first two, one is not `head`
            yield other


class _EveryUse(list[Any]):
    """vermin's keyword arguments: it keeps the first use of each (`if fn_kw not in
    kwargs`) and reports it there; saying none is there yet keeps every use, each reported
    at its own place (`_EachPlace`): one probed in a `try:` hides no other."""

    __slots__ = ()

    def __contains__(self, item: object) -> bool:
        return False


class _Book:
    __slots__ = ("live", "log", "names")

    def __init__(self, names: set[str]) -> None:
        self.names = names
        self.log: list[str] = []
        """The names added, in turn (each not there before)."""
        self.live: _ScopedNames | None = None


class _ScopedNames:
    """vermin's `user_defs`: a set whose copies are marks in one shared log. vermin only adds
    names, asks for them, copies the set and later puts a copy back in its place, in the
    order it made them (leaving a scope); the first use of a copy put back undoes the names
    added since it was made."""

    __slots__ = ("_book", "_mark")

    def __init__(self, book: _Book, mark: int) -> None:
        self._book = book
        self._mark = mark

    @classmethod
    def holding(cls, names: set[str]) -> _ScopedNames:
        book = _Book(set(names))
        book.live = cls(book, 0)
        return book.live

    def _names(self) -> set[str]:
        book = self._book
        if book.live is not self:
            for name in book.log[self._mark :]:
                book.names.discard(name)
            del book.log[self._mark :]
            book.live = self
        return book.names

    def add(self, name: str) -> None:
        names = self._names()
        if name not in names:
            names.add(name)
            self._book.log.append(name)

    def __contains__(self, name: object) -> bool:
        return name in self._names()

    def copy(self) -> _ScopedNames:
        self._names()
        return _ScopedNames(self._book, len(self._book.log))

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._names()))

    def __len__(self) -> int:
        return len(self._names())


class _EachPlace(dict[str, Any]):
    """vermin keeps one (line, column) per feature, its last use's, and reports every use of
    it there (a use on line 4 and one on line 20: both on line 20). Here each report of a
    feature takes the next use's place, in the order of the uses (that of the reports), and
    any report beyond them the last."""

    def __init__(self) -> None:
        super().__init__()
        self._places: dict[str, list[Any]] = {}
        self._taken: dict[str, int] = {}

    def __setitem__(self, entity: str, place: Any) -> None:
        places = self._places.setdefault(entity, [])
        if not places or places[-1] != place:  # vermin notes some uses twice
            places.append(place)
        super().__setitem__(entity, place)

    def __getitem__(self, entity: str) -> Any:
        places = self._places.get(entity)
        if not places:
            return super().__getitem__(entity)
        taken = self._taken.get(entity, 0)
        self._taken[entity] = taken + 1
        return places[min(taken, len(places) - 1)]


@functools.cache
def visitor_class(vermin: Any) -> type[Any]:
    """The visitor to use with this vermin: ours where its private parts are as expected."""
    base = vermin.SourceVisitor
    if not all(callable(getattr(base, name, None)) for name in _PRIVATE):
        return base  # type: ignore[no-any-return]

    class LinearSourceVisitor(base):  # type: ignore[misc, valid-type]
        def __init__(self, *arguments: Any, **options: Any) -> None:
            super().__init__(*arguments, **options)
            state = getattr(self, _STATE, None)
            self._linear = _has_expected_state(state)
            self._last_name: tuple[object, list[str]] | None = None
            if state is not None and self._linear:
                state.modules = _SeenList()
                state.kwargs = _EveryUse()
                state.user_defs = _ScopedNames.holding(state.user_defs)
                state.line_col_entities = _EachPlace()

        def tour(self, node: Any) -> None:
            if not self._linear:
                super().tour(node)
                return
            self.visit(node)
            state = getattr(self, _STATE)
            defined = state.user_defs
            state.modules.keep_only([m for m in state.modules if m not in defined])
            state.members[:] = [m for m in state.members if m not in defined]

        def visit_Attribute(self, node: Any) -> None:
            if self._linear:
                name = super()._SourceVisitor__get_attribute_name(node)
                if name:
                    getattr(self, _STATE).modules.head = name[0]
                self._last_name = (node, name)
            super().visit_Attribute(node)

        def _SourceVisitor__get_source_lines(self, line_begin: int, amount: int) -> str:
            # vermin's `with` check asks for `lineno + 10` lines from a `with`'s line (it means
            # ten): each `with (...)` of several items copied the rest of the file.
            text: str = super()._SourceVisitor__get_source_lines(
                line_begin, min(amount, _WITH_LOOKAHEAD)
            )
            return text

        def _SourceVisitor__get_attribute_name(self, node: Any) -> list[str]:
            # vermin's visit_Attribute asks for the name found just above: not twice.
            last, self._last_name = self._last_name, None
            if last is not None and last[0] is node:
                return last[1]
            name: list[str] = super()._SourceVisitor__get_attribute_name(node)
            return name

    return LinearSourceVisitor


def _has_expected_state(state: Any) -> bool:
    return (
        state is not None
        and isinstance(getattr(state, "user_defs", None), set)
        and type(getattr(state, "line_col_entities", None)) is dict
        and not state.line_col_entities
        and all(
            type(getattr(state, name, None)) is list and not getattr(state, name)
            for name in ("modules", "members", "kwargs")
        )
    )
