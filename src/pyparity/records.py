"""`record`: pyparity's data classes, made at import for less, without `dataclasses`.

`@record` makes a frozen, slotted, keyword-only data class (`@record(frozen=False)` a mutable
one, `kw_only=False` one whose fields may be given by position, in order), with what
`@dataclass(frozen=True, slots=True, kw_only=True)` gives: an `__init__` with one parameter
per field, defaults, default factories, fields left out of `__init__` (`field(init=False)`),
`__post_init__`, equality and hash of the compared fields as a tuple, `Name(field=value)`
for `repr`, `FrozenInstanceError` on assignment, pickling and copying, and `fields` and
`replace` below.

Why not `dataclasses`: importing it (with `inspect`, `ast`, `dis` and `tokenize`) costs a
run 8 ms, and it writes and compiles five methods per frozen class at import, 0.3 ms a
class; a run imports thirty to ninety of them before reading a file and instantiates fewer
than half. Here every method but `__init__` is a closure shared over the class's field
names, and `__init__` (the code dataclasses would write) is compiled on the class's first
instantiation.

For type checkers, `field`, `fields` and `replace` are dataclasses' own and `record` is a
`dataclass_transform`, so a wrong field name or type in a call is still an error.
"""

from __future__ import annotations

from operator import attrgetter
from typing import Any, TypeVar, dataclass_transform

TYPE_CHECKING = False  # typing's constant (see cli.py)
if TYPE_CHECKING:
    from collections.abc import Callable
    from dataclasses import field as field
    from dataclasses import fields as fields
    from dataclasses import replace as replace

_T = TypeVar("_T")


class FrozenInstanceError(AttributeError):
    """A field of a frozen record was assigned or deleted."""


class _Missing:
    __slots__ = ()

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


class Field:
    """What `field(...)` says of one field; `name` is set when the class is made."""

    __slots__ = ("compare", "default", "default_factory", "hash", "init", "name", "repr")

    def __init__(
        self,
        *,
        default: Any = MISSING,
        default_factory: Any = MISSING,
        init: bool = True,
        repr: bool = True,
        compare: bool = True,
        hash: bool | None = None,
    ) -> None:
        if default is not MISSING and default_factory is not MISSING:
            raise ValueError("cannot specify both default and default_factory")
        self.name = ""
        self.default = default
        self.default_factory = default_factory
        self.init = init
        self.repr = repr
        self.compare = compare
        self.hash = hash

    def __repr__(self) -> str:
        return f"Field(name={self.name!r}, default={self.default!r}, init={self.init!r})"


def _field(**options: Any) -> Any:
    """A field's default, default factory, and whether it is in `__init__`, the comparison,
    the hash and the repr (dataclasses' `field`)."""
    return Field(**options)


def _fields(item: Any) -> tuple[Field, ...]:
    """The fields of a record or record class, in order (dataclasses' `fields`)."""
    try:
        return item.__record_fields__  # type: ignore[no-any-return]
    except AttributeError:
        raise TypeError("must be called with a record or an instance of one") from None


def _replace(item: Any, /, **changes: Any) -> Any:
    """A new record of the same class with `changes` (dataclasses' `replace`)."""
    made = item.__class__
    replacing = made.__dict__.get("__record_replacing__")
    if replacing is not None:
        try:
            return replacing(item, **changes)
        except TypeError:
            pass  # a name that is no parameter: the plain way says which error it is
    plain = _PLAIN.get(made)
    if plain is None:
        if not hasattr(made, "__record_fields__"):
            import dataclasses  # a caller's own dataclass

            return dataclasses.replace(item, **changes)
        specs = made.__record_fields__
        given = [spec.name for spec in specs if spec.init]
        plain = _PLAIN[made] = (given, _values(given), {s.name for s in specs if not s.init})
        _REPLACED[made] = 0
    given, values, not_given = plain
    if not_given and not not_given.isdisjoint(changes):
        name = next(name for name in changes if name in not_given)
        raise ValueError(
            f"field {name} is declared with init=False, it cannot be specified with replace()"
        )
    if replacing is None:
        _REPLACED[made] += 1
        if _REPLACED[made] == _COMPILE_AFTER:
            made.__record_replacing__ = _compiled_replace(made, made.__record_fields__)
    arguments = dict(zip(given, values(item), strict=True))
    arguments.update(changes)
    return made(**arguments)


_PLAIN: dict[type, tuple[list[str], Callable[[Any], tuple[Any, ...]], set[str]]] = {}
"""Per record class: the names `__init__` takes, a getter of their values, the others."""
_REPLACED: dict[type, int] = {}
_COMPILE_AFTER = 64
"""A class's `replace` is compiled (0.1-0.4 ms) once it has been called this many times: it
then costs 40% less a call, which a small run's few calls would not pay back."""


def _compiled_replace(made: type, specs: tuple[Field, ...]) -> Callable[..., Any]:
    """`replace` for one class: a keyword parameter per field in `__init__`, whose default
    means "this record's value" (40% less time than building the arguments as a dict). A
    frozen record whose `__init__` only sets its fields (`_direct`) is made without it: each
    field set through its slot's descriptor, as that `__init__` would (another 45% less than
    passing every field to it by keyword)."""
    given = [spec.name for spec in specs if spec.init]
    parameters = "".join(f", {name}=_record_same" for name in given)
    source = f"def replace(self, /{', *' if given else ''}{parameters}):\n"
    namespace: dict[str, Any] = {"_record_class": made, "_record_same": _FACTORY}
    if made.__dict__.get("__record_direct__", False):
        namespace["_record_new"] = object.__new__
        source += "    made = _record_new(_record_class)\n"
        for index, name in enumerate(given):
            namespace[f"_record_set{index}"] = made.__dict__[name].__set__
            value = f"self.{name} if {name} is _record_same else {name}"
            source += f"    _record_set{index}(made, {value})\n"
        source += "    return made\n"
    else:
        arguments = ", ".join(
            f"{name}=self.{name} if {name} is _record_same else {name}" for name in given
        )
        source += f"    return _record_class({arguments})\n"
    exec(source, namespace)  # our own text: the class's field names, nothing read
    replacing: Callable[..., Any] = namespace["replace"]
    return replacing


if not TYPE_CHECKING:
    field, fields, replace = _field, _fields, _replace


@dataclass_transform(frozen_default=True, kw_only_default=True, field_specifiers=(field,))
def record(cls: Any = None, /, *, frozen: bool = True, kw_only: bool = True) -> Any:
    """Make `cls` a record: `@record`, or `@record(frozen=False, kw_only=False)`."""
    if cls is None:
        return lambda cls: _made(cls, frozen=frozen, kw_only=kw_only)
    return _made(cls, frozen=frozen, kw_only=kw_only)


def _made(cls: type[_T], *, frozen: bool, kw_only: bool) -> type[_T]:
    if any(hasattr(base, "__record_fields__") for base in cls.__mro__[1:]):
        raise TypeError(f"{cls.__name__}: a record cannot derive from another")
    specs = _specs(cls, kw_only=kw_only)
    names = tuple(spec.name for spec in specs)
    namespace = {
        key: value
        for key, value in cls.__dict__.items()
        if key not in names and key not in ("__dict__", "__weakref__")
    }
    namespace["__slots__"] = names
    namespace["__record_fields__"] = specs
    namespace["__match_args__"] = () if kw_only else tuple(s.name for s in specs if s.init)
    # `replace` may set the fields itself where `__init__` would do nothing else.
    namespace["__record_direct__"] = (
        frozen
        and all(spec.init for spec in specs)
        and "__init__" not in cls.__dict__
        and not hasattr(cls, "__post_init__")
        and cls.__new__ is object.__new__
    )
    metaclass: Any = type(cls)
    made: Any = metaclass(cls.__name__, cls.__bases__, namespace)
    made.__qualname__ = cls.__qualname__
    methods = _methods(made, specs, frozen=frozen, kw_only=kw_only)
    own = set(cls.__dict__)
    if cls.__dict__.get("__hash__", 0) is None and "__eq__" in own:
        own.discard("__hash__")  # Python's own None for a class defining `__eq__`, as dataclasses
    for name, method in methods.items():
        if name not in own:
            if callable(method):
                method.__qualname__ = f"{made.__qualname__}.{name}"
            setattr(made, name, method)
    return made  # type: ignore[no-any-return]


def _specs(cls: type, *, kw_only: bool) -> tuple[Field, ...]:
    specs = []
    own = cls.__dict__.get("__annotations__", {})  # noqa: RUF063 (inspect: 7 ms to import)
    for name, annotation in own.items():
        if str(annotation).removeprefix("typing.").startswith("ClassVar"):
            continue
        value = cls.__dict__.get(name, MISSING)
        spec = value if isinstance(value, Field) else Field(default=value)
        spec.name = name
        specs.append(spec)
    if not kw_only:
        defaulted = False
        for spec in specs:
            has_default = spec.default is not MISSING or spec.default_factory is not MISSING
            if spec.init and defaulted and not has_default:
                raise TypeError(f"non-default argument {spec.name!r} follows default argument")
            defaulted = defaulted or (spec.init and has_default)
    return tuple(specs)


def _methods(made: Any, specs: tuple[Field, ...], *, frozen: bool, kw_only: bool) -> dict[str, Any]:
    names = [spec.name for spec in specs]
    compared = _values([s.name for s in specs if s.compare])
    hashed = _values([s.name for s in specs if (s.compare if s.hash is None else s.hash)])
    shown = [s.name for s in specs if s.repr]

    def __init__(self: Any, /, *args: Any, **kwargs: Any) -> None:
        made.__init__ = _compiled_init(made, specs, frozen=frozen, kw_only=kw_only)
        made.__init__(self, *args, **kwargs)

    def __eq__(self: Any, other: object) -> Any:
        if other.__class__ is self.__class__:
            return compared(self) == compared(other)
        return NotImplemented

    def __repr__(self: Any) -> str:
        values = ", ".join(f"{name}={getattr(self, name)!r}" for name in shown)
        return f"{self.__class__.__qualname__}({values})"

    methods: dict[str, Any] = {"__init__": __init__, "__eq__": __eq__, "__repr__": __repr__}
    if not frozen:
        methods["__hash__"] = None  # mutable and compared by value, as a dataclass: unhashable
        return methods

    def __setattr__(self: Any, name: str, value: object) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self: Any, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def __hash__(self: Any) -> int:
        return hash(hashed(self))

    state = _values(names)

    def __getstate__(self: Any) -> tuple[Any, ...]:
        return state(self)

    def __setstate__(self: Any, values: tuple[Any, ...]) -> None:
        made.__setstate__ = _compiled_setstate(made, names)
        made.__setstate__(self, values)

    methods.update(
        __setattr__=__setattr__,
        __delattr__=__delattr__,
        __hash__=__hash__,
        __getstate__=__getstate__,
        __setstate__=__setstate__,
    )
    return methods


def _compiled_init(
    cls: type, specs: tuple[Field, ...], *, frozen: bool, kw_only: bool
) -> Callable[..., None]:
    """The `__init__` dataclasses writes: each field set (a frozen record's through its slot's
    descriptor, as `object.__setattr__` would, in a third less time), a default factory called
    when its argument is not given, then `__post_init__`."""
    namespace: dict[str, Any] = {"_record_factory": _FACTORY}
    parameters, body = [], []
    for index, spec in enumerate(specs):
        name = spec.name
        has_default = spec.default is not MISSING
        factory = spec.default_factory is not MISSING
        if has_default:
            namespace[f"_record_default{index}"] = spec.default
        if factory:
            namespace[f"_record_factory{index}"] = spec.default_factory
        if spec.init:
            if factory:
                parameters.append(f"{name}=_record_factory")
                value = f"_record_factory{index}() if {name} is _record_factory else {name}"
            else:
                parameters.append(f"{name}=_record_default{index}" if has_default else name)
                value = name
        elif factory:
            value = f"_record_factory{index}()"
        elif has_default:
            value = f"_record_default{index}"
        else:
            continue
        if frozen:
            namespace[f"_record_set{index}"] = cls.__dict__[name].__set__
            body.append(f"    _record_set{index}(self, {value})")
        else:
            body.append(f"    self.{name} = {value}")
    if hasattr(cls, "__post_init__"):
        body.append("    self.__post_init__()")
    leading = ["self", "*"] if kw_only and parameters else ["self"]
    source = f"def __init__({', '.join(leading + parameters)}):\n"
    source += "\n".join(body or ["    pass"]) + "\n"
    exec(source, namespace)  # our own text: the class's field names, nothing read
    made: Callable[..., None] = namespace["__init__"]
    made.__qualname__ = f"{cls.__qualname__}.__init__"
    return made


def _compiled_setstate(cls: type, names: list[str]) -> Callable[[Any, tuple[Any, ...]], None]:
    """`__setstate__` of a frozen record (unpickling what a helper process read): each field
    set through its slot's descriptor, as the compiled `__init__` does, not by a loop of
    `object.__setattr__` (a third of the time it takes to unpickle a declaration)."""
    namespace: dict[str, Any] = {
        f"_record_set{index}": cls.__dict__[name].__set__ for index, name in enumerate(names)
    }
    unpacked = "".join(f"_record_value{index}, " for index in range(len(names)))
    body = [f"    {unpacked}= values"] if names else ["    () = values"]
    body += [f"    _record_set{index}(self, _record_value{index})" for index in range(len(names))]
    source = "def __setstate__(self, values):\n" + "\n".join(body) + "\n"
    exec(source, namespace)  # our own text: the class's field names, nothing read
    made: Callable[[Any, tuple[Any, ...]], None] = namespace["__setstate__"]
    made.__qualname__ = f"{cls.__qualname__}.__setstate__"
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
