"""`record`: pyparity's frozen data classes, made at import for less.

A `@record` class is a frozen, slotted, keyword-only dataclass (`fields`, `replace`,
`is_dataclass`, pickling and copying work as for `@dataclass(frozen=True, slots=True,
kw_only=True)`), but dataclasses generates none of its methods. It writes and compiles five
per frozen class (`__init__`, `__setattr__`, `__delattr__`, `__eq__`, `__hash__`, and
`__repr__` unless told not to): nine tenths of the time a class takes to make, and a run
imports thirty to ninety of them before reading a file, most of which it never instantiates.
Here `__setattr__`, `__delattr__`, `__eq__`, `__hash__`, `__repr__`, `__getstate__` and
`__setstate__` are shared closures over the class's field names, and `__init__` is compiled
on the class's first instantiation (the same code dataclasses would write: one keyword
parameter per field, defaults and factories, `__post_init__`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from operator import attrgetter
from typing import Any, TypeVar, dataclass_transform

_T = TypeVar("_T")
_FROZEN = dataclasses.FrozenInstanceError


@dataclass_transform(
    frozen_default=True, kw_only_default=True, field_specifiers=(dataclasses.field,)
)
def record(cls: type[_T]) -> type[_T]:
    made: Any = dataclasses.dataclass(
        init=False, repr=False, eq=False, frozen=False, slots=True, kw_only=True
    )(cls)
    params = made.__dataclass_params__  # what the class is, for code that asks dataclasses
    params.init = params.repr = params.eq = params.frozen = True
    fields = dataclasses.fields(made)
    names = tuple(f.name for f in fields)
    compared = _values([f.name for f in fields if f.compare])
    hashed = _values([f.name for f in fields if (f.compare if f.hash is None else f.hash)])
    shown = [f.name for f in fields if f.repr]
    state = _values(list(names))

    def __init__(self: Any, /, *args: Any, **kwargs: Any) -> None:
        made.__init__ = _compiled_init(made, fields)
        made.__init__(self, *args, **kwargs)

    def __setattr__(self: Any, name: str, value: object) -> None:
        raise _FROZEN(f"cannot assign to field {name!r}")

    def __delattr__(self: Any, name: str) -> None:
        raise _FROZEN(f"cannot delete field {name!r}")

    def __eq__(self: Any, other: object) -> Any:
        if other.__class__ is self.__class__:
            return compared(self) == compared(other)
        return NotImplemented

    def __hash__(self: Any) -> int:
        return hash(hashed(self))

    def __repr__(self: Any) -> str:
        values = ", ".join(f"{name}={getattr(self, name)!r}" for name in shown)
        return f"{self.__class__.__qualname__}({values})"

    def __getstate__(self: Any) -> tuple[Any, ...]:
        return state(self)

    def __setstate__(self: Any, values: tuple[Any, ...]) -> None:
        for name, value in zip(names, values, strict=True):
            object.__setattr__(self, name, value)

    for method in (
        __init__,
        __setattr__,
        __delattr__,
        __eq__,
        __hash__,
        __repr__,
        __getstate__,
        __setstate__,
    ):
        method.__qualname__ = f"{made.__qualname__}.{method.__name__}"
        setattr(made, method.__name__, method)
    return made  # type: ignore[no-any-return]


def _compiled_init(cls: type, fields: tuple[dataclasses.Field[Any], ...]) -> Callable[..., None]:
    """The `__init__` dataclasses writes for a frozen keyword-only class: each field set with
    `object.__setattr__`, a default factory called when its argument is not given."""
    namespace: dict[str, Any] = {"_record_set": object.__setattr__, "_record_factory": _FACTORY}
    parameters, body = [], []
    for index, f in enumerate(fields):
        has_default = f.default is not dataclasses.MISSING
        factory = f.default_factory is not dataclasses.MISSING
        if has_default:
            namespace[f"_record_default{index}"] = f.default
        if factory:
            namespace[f"_record_factory{index}"] = f.default_factory
        if f.init:
            if factory:
                parameters.append(f"{f.name}=_record_factory")
                value = f"_record_factory{index}() if {f.name} is _record_factory else {f.name}"
            else:
                parameters.append(f"{f.name}=_record_default{index}" if has_default else f.name)
                value = f.name
        elif factory:
            value = f"_record_factory{index}()"
        elif has_default:
            value = f"_record_default{index}"
        else:
            continue
        body.append(f"    _record_set(self, {f.name!r}, {value})")
    if hasattr(cls, "__post_init__"):
        body.append("    self.__post_init__()")
    signature = ", ".join(["self", "*", *parameters]) if parameters else "self"
    source = f"def __init__({signature}):\n" + ("\n".join(body) or "    pass") + "\n"
    exec(source, namespace)  # our own text: the class's field names, nothing read
    made: Callable[..., None] = namespace["__init__"]
    made.__qualname__ = f"{cls.__qualname__}.__init__"
    return made


class _Factory:
    """The default of a parameter whose field has a default factory: not given."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<factory>"


_FACTORY = _Factory()


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
