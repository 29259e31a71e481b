"""`record`: pyparity's frozen data classes, made at import for less.

A `@record` class is `@dataclass(frozen=True, slots=True, kw_only=True)` whose `__eq__`,
`__hash__` and `__repr__` are the same as dataclasses' but are not generated code:
dataclasses writes and compiles those three methods for every class, about two thirds of
the time a class takes to make, and most runs import some sixty of them before reading a
file. Each behaves as the generated one does: equal when of the same class with equal
compared fields (in order, as a tuple), hashed as the tuple of those fields, shown as
`Name(field=value, ...)`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from operator import attrgetter
from typing import Any, TypeVar, dataclass_transform

_T = TypeVar("_T")


@dataclass_transform(
    frozen_default=True, kw_only_default=True, field_specifiers=(dataclasses.field,)
)
def record(cls: type[_T]) -> type[_T]:
    made = dataclasses.dataclass(frozen=True, slots=True, kw_only=True, eq=False, repr=False)(cls)
    fields = dataclasses.fields(made)  # type: ignore[arg-type]
    compared = _values([f.name for f in fields if f.compare])
    hashed = _values([f.name for f in fields if (f.compare if f.hash is None else f.hash)])
    shown = [f.name for f in fields if f.repr]

    def __eq__(self: Any, other: object) -> Any:
        if other.__class__ is self.__class__:
            return compared(self) == compared(other)
        return NotImplemented

    def __hash__(self: Any) -> int:
        return hash(hashed(self))

    def __repr__(self: Any) -> str:
        values = ", ".join(f"{name}={getattr(self, name)!r}" for name in shown)
        return f"{self.__class__.__qualname__}({values})"

    for method in (__eq__, __hash__, __repr__):
        method.__qualname__ = f"{made.__qualname__}.{method.__name__}"
        setattr(made, method.__name__, method)
    return made


def _values(names: list[str]) -> Callable[[Any], tuple[Any, ...]]:
    """The named attributes of an object, as a tuple (`attrgetter` gives a bare value for one
    name and fails for none)."""
    if not names:
        return lambda _: ()
    if len(names) == 1:
        get = attrgetter(names[0])
        return lambda item: (get(item),)
    values: Callable[[Any], tuple[Any, ...]] = attrgetter(*names)
    return values
