"""`record` classes behave as `@dataclass(frozen=True, slots=True, kw_only=True)` ones: the
same construction, equality, hash and repr (shared functions, and an `__init__` compiled on
first use, instead of generated code), frozen, slotted, and still dataclasses (`fields`,
`replace`, pickling, copying)."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from dataclasses import dataclass, field

import pytest

from pyparity.model import Declaration, Minor, Purpose, Requirement, Role, Span
from pyparity.records import record


@record
class Point:
    """Two compared fields, one left out of equality, one out of the repr."""

    x: int
    y: int = 0
    label: str = field(default="", compare=False)
    secret: str = field(default="", repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class PointTwin:
    """The same, made by dataclasses."""

    x: int
    y: int = 0
    label: str = field(default="", compare=False)
    secret: str = field(default="", repr=False)


@record
class One:
    """One field: its hash is that of a one-item tuple."""

    value: str


@record
class Empty:
    """No field."""


@record
class Hashed:
    """A field compared but not hashed, and one hashed though not compared."""

    kept: int
    unhashed: int = field(default=0, hash=False)
    extra: int = field(default=0, compare=False, hash=True)


@dataclass(frozen=True, slots=True, kw_only=True)
class HashedTwin:
    """The same, made by dataclasses."""

    kept: int
    unhashed: int = field(default=0, hash=False)
    extra: int = field(default=0, compare=False, hash=True)


@record
class Made:
    """Every way a field gets its value: given, a default, a factory, not an argument."""

    name: str
    tags: list[str] = field(default_factory=list)
    size: int = 3
    derived: str = field(init=False, default="")
    seen: dict[str, int] = field(init=False, default_factory=dict, compare=False)
    counted: int = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "derived", f"{self.name}:{self.size}")
        object.__setattr__(self, "counted", len(self.tags))


@dataclass(frozen=True, slots=True, kw_only=True)
class MadeTwin:
    """The same, made by dataclasses."""

    name: str
    tags: list[str] = field(default_factory=list)
    size: int = 3
    derived: str = field(init=False, default="")
    seen: dict[str, int] = field(init=False, default_factory=dict, compare=False)
    counted: int = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "derived", f"{self.name}:{self.size}")
        object.__setattr__(self, "counted", len(self.tags))


def _state(item: object) -> list[object]:
    return [getattr(item, f.name) for f in dataclasses.fields(item)]  # type: ignore[arg-type]


def test_construction_is_the_generated_one():
    for arguments in [
        {"name": "a"},
        {"name": "b", "tags": ["x"], "size": 0},
        {"name": "c", "size": 7},
    ]:
        ours, theirs = Made(**arguments), MadeTwin(**arguments)  # type: ignore[arg-type]
        assert _state(ours) == _state(theirs)
        assert repr(ours).replace("Made(", "MadeTwin(", 1) == repr(theirs)
    assert Made(name="a").tags is not Made(name="a").tags  # a new list each time
    assert Made(name="a").seen is not Made(name="a").seen
    given = ["kept"]
    assert Made(name="a", tags=given).tags is given
    for wrong in [
        lambda cls: cls(),  # a required field missing
        lambda cls: cls("a"),  # positional
        lambda cls: cls(name="a", derived="x"),  # not an argument
        lambda cls: cls(name="a", other=1),  # no such field
    ]:
        with pytest.raises(TypeError) as ours_error:
            wrong(Made)
        with pytest.raises(TypeError) as their_error:
            wrong(MadeTwin)
        assert str(ours_error.value) == str(their_error.value).replace("MadeTwin", "Made")
    assert Empty() == Empty()
    assert Made.__init__.__qualname__ == "Made.__init__"
    assert dataclasses.replace(Made(name="a", tags=["t"]), size=9) == Made(
        name="a", tags=["t"], size=9
    )


def test_a_record_is_frozen_and_pickled_and_copied_as_the_generated_one():
    made = Made(name="a", tags=["t"], size=2)
    for change in (
        lambda item: setattr(item, "name", "b"),
        lambda item: setattr(item, "unknown", "b"),
        lambda item: delattr(item, "name"),
    ):
        with pytest.raises(dataclasses.FrozenInstanceError):
            change(made)
    assert made.name == "a"
    for again in (
        pickle.loads(pickle.dumps(made)),
        pickle.loads(pickle.dumps(made, protocol=2)),
        copy.copy(made),
        copy.deepcopy(made),
    ):
        assert again == made
        assert _state(again) == _state(made)
    assert copy.deepcopy(made).tags is not made.tags
    params = Made.__dataclass_params__  # type: ignore[attr-defined]
    assert (params.init, params.repr, params.eq, params.frozen) == (True, True, True, True)


def test_equality_hash_and_repr_are_the_generated_ones():
    pairs = [
        (Point(x=1, y=2, label="a", secret="s"), PointTwin(x=1, y=2, label="a", secret="s")),
        (Point(x=1), PointTwin(x=1)),
        (Point(x=-3, y=10**20, label="é\n"), PointTwin(x=-3, y=10**20, label="é\n")),
    ]
    for ours, theirs in pairs:
        assert hash(ours) == hash(theirs)
        assert repr(ours).replace("Point(", "PointTwin(", 1) == repr(theirs)
    assert Point(x=1, label="a") == Point(x=1, label="b")  # label is not compared
    assert Point(x=1) != Point(x=1, y=1)
    assert Point(x=1).__eq__(PointTwin(x=1)) is NotImplemented
    assert Point(x=1) != PointTwin(x=1)
    assert "secret" not in repr(Point(x=1, secret="hidden"))
    assert hash(One(value="a")) == hash(("a",))
    assert repr(One(value="a")) == "One(value='a')"
    assert Empty() == Empty()
    assert hash(Empty()) == hash(())
    assert repr(Empty()) == "Empty()"
    for kept, unhashed, extra in [(1, 2, 3), (1, 5, 3), (0, 0, 0)]:
        ours, theirs = (
            Hashed(kept=kept, unhashed=unhashed, extra=extra),
            HashedTwin(kept=kept, unhashed=unhashed, extra=extra),
        )
        assert hash(ours) == hash(theirs)
    assert Hashed(kept=1, extra=1) == Hashed(kept=1, extra=2)


def test_records_stay_frozen_slotted_dataclasses():
    point = Point(x=1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        point.x = 2  # type: ignore[misc]
    assert not hasattr(point, "__dict__")
    assert set(Point.__slots__) == {"x", "y", "label", "secret"}  # type: ignore[attr-defined]
    assert dataclasses.is_dataclass(point)
    assert [f.name for f in dataclasses.fields(point)] == ["x", "y", "label", "secret"]
    moved = dataclasses.replace(point, y=5)
    assert moved == Point(x=1, y=5)
    assert pickle.loads(pickle.dumps(moved)) == moved
    with pytest.raises(TypeError):
        Point(1)  # type: ignore[misc]  # keyword-only
    assert Point.__eq__.__qualname__ == "Point.__eq__"


def test_model_records_hash_and_compare_by_value():
    def declaration(scope: str) -> Declaration:
        return Declaration(
            file="Dockerfile",
            span=Span(1, 6, 1, 20),
            raw="python:3.12-slim",
            source="dockerfile",
            role=Role.PIN,
            purpose=Purpose.RUNTIME,
            requirement=Requirement(minors=(Minor(3, 12),), specifier="==3.12.*"),
            scope=scope,
        )

    first, second = declaration("."), declaration(".")
    assert first == second
    assert hash(first) == hash(second)
    assert len({first, second, declaration("services/api")}) == 2
    assert repr(first).startswith("Declaration(file='Dockerfile', span=Span(")
