"""`record` classes behave as dataclasses do (`@record` as `@dataclass(frozen=True,
slots=True, kw_only=True)`, `@record(frozen=False, kw_only=False)` as `@dataclass(slots=True)`):
the same construction, equality, hash and repr, frozen, slotted, with `fields` and `replace`,
pickled and copied; each compared here with its twin made by dataclasses."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from dataclasses import dataclass, field

import pytest

from pyparity import records
from pyparity.model import Declaration, Minor, Purpose, Requirement, Role, Span
from pyparity.records import record


@record
class Point:
    """Two compared fields, one left out of equality, one out of the repr."""

    x: int
    y: int = 0
    label: str = records.field(default="", compare=False)
    secret: str = records.field(default="", repr=False)


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
    unhashed: int = records.field(default=0, hash=False)
    extra: int = records.field(default=0, compare=False, hash=True)


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
    tags: list[str] = records.field(default_factory=list)
    size: int = 3
    derived: str = records.field(init=False, default="")
    seen: dict[str, int] = records.field(init=False, default_factory=dict, compare=False)
    counted: int = records.field(init=False, compare=False)

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
    if dataclasses.is_dataclass(item):
        return [getattr(item, f.name) for f in dataclasses.fields(item)]
    return [getattr(item, f.name) for f in records.fields(item)]  # type: ignore[arg-type]


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
    assert records.replace(Made(name="a", tags=["t"]), size=9) == Made(name="a", tags=["t"], size=9)
    with pytest.raises(ValueError, match="init=False"):
        records.replace(Made(name="a"), derived="x")
    theirs = records.replace(MadeTwin(name="a"), size=9)  # a dataclass: dataclasses' replace
    assert _state(theirs) == _state(MadeTwin(name="a", size=9))


@pytest.mark.parametrize("calls_before", [0, records._COMPILE_AFTER])
def test_replace_does_what_dataclasses_replace_does(calls_before):
    """Before and after the class's `replace` is compiled."""
    for size in range(calls_before):
        assert records.replace(Made(name="a"), size=size).size == size
    if calls_before:
        assert "__record_replacing__" in Made.__dict__
    for changes in [{}, {"size": 3}, {"name": "b", "tags": ["y"]}, {"tags": []}]:
        ours = records.replace(Made(name="a", tags=["x"]), **changes)
        theirs = dataclasses.replace(MadeTwin(name="a", tags=["x"]), **changes)
        assert _state(ours) == _state(theirs)  # `__post_init__` ran again: derived, counted
    assert records.replace(Made(name="a"), size=2) is not records.replace(Made(name="a"), size=2)
    for wrong, error in [
        ({"derived": "x"}, ValueError),  # init=False
        ({"other": 1}, TypeError),  # no such field
        ({"size": 1, "other": 1}, TypeError),
    ]:
        with pytest.raises(error) as ours_error:
            records.replace(Made(name="a"), **wrong)
        with pytest.raises(error) as their_error:
            dataclasses.replace(MadeTwin(name="a"), **wrong)
        assert str(ours_error.value) == str(their_error.value).replace("MadeTwin", "Made")
    with pytest.raises(TypeError, match="positional"):
        records.replace(Made(name="a"), "b")  # type: ignore[misc]


def test_a_record_is_frozen_and_pickled_and_copied_as_the_generated_one():
    made = Made(name="a", tags=["t"], size=2)
    for change in (
        lambda item: setattr(item, "name", "b"),
        lambda item: setattr(item, "unknown", "b"),
        lambda item: delattr(item, "name"),
    ):
        with pytest.raises(records.FrozenInstanceError):
            change(made)
    for change in (lambda item: setattr(item, "name", "b"), lambda item: delattr(item, "name")):
        with pytest.raises(dataclasses.FrozenInstanceError):  # (the twin fails otherwise on
            change(MadeTwin(name="a"))  # other names: Python 3.11's `super()` in slots)
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
    assert isinstance(records.FrozenInstanceError(), AttributeError)  # as dataclasses' is


def test_unpickling_sets_every_field_and_checks_the_state():
    # `__setstate__` is compiled on its first call: every later one takes the same path.
    items = [Made(name=str(n), tags=[str(n)], size=n) for n in range(3)]
    for item in items:
        again = pickle.loads(pickle.dumps(item))
        assert again == item
        assert _state(again) == _state(item)
        with pytest.raises(records.FrozenInstanceError):
            again.name = "changed"
    fresh = object.__new__(Made)
    with pytest.raises(ValueError, match="not enough values"):
        fresh.__setstate__(_state(items[0])[:-1])
    with pytest.raises(ValueError, match="too many values"):
        fresh.__setstate__((*_state(items[0]), "one too many"))


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


def test_records_are_frozen_and_slotted_with_fields_and_replace():
    point = Point(x=1)
    with pytest.raises(records.FrozenInstanceError):
        point.x = 2  # type: ignore[misc]
    assert not hasattr(point, "__dict__")
    assert set(Point.__slots__) == {"x", "y", "label", "secret"}  # type: ignore[attr-defined]
    assert [f.name for f in records.fields(point)] == ["x", "y", "label", "secret"]  # type: ignore[arg-type]
    assert records.fields(Point) == records.fields(point)  # type: ignore[arg-type]
    moved = records.replace(point, y=5)
    assert moved == Point(x=1, y=5)
    assert pickle.loads(pickle.dumps(moved)) == moved
    with pytest.raises(TypeError):
        Point(1)  # type: ignore[misc]  # keyword-only
    assert Point.__eq__.__qualname__ == "Point.__eq__"


def test_a_compiled_replace_that_sets_the_fields_itself_does_what_dataclasses_replace_does():
    """A frozen record whose `__init__` only sets its fields: past the calls before `replace`
    is compiled, it is made without `__init__`; with `__post_init__` it is not."""
    assert Point.__record_direct__  # type: ignore[attr-defined]
    assert not Made.__record_direct__  # type: ignore[attr-defined]
    for _ in range(2 * records._COMPILE_AFTER):
        for changes in ({}, {"y": 5}, {"x": 2, "label": "b", "secret": "s"}):
            ours = records.replace(Point(x=1, label="a"), **changes)
            theirs = dataclasses.replace(PointTwin(x=1, label="a"), **changes)
            assert _state(ours) == _state(theirs)
            assert type(ours) is Point
    assert "__record_replacing__" in Point.__dict__
    with pytest.raises(records.FrozenInstanceError):
        records.replace(Point(x=1), y=2).y = 3  # type: ignore[misc]
    with pytest.raises(TypeError):
        records.replace(Point(x=1), z=2)  # type: ignore[call-arg]


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


@record(frozen=False, kw_only=False)
class Counter:
    """Mutable, fields given by position."""

    name: str
    counts: dict[str, int] = records.field(default_factory=dict)
    total: int = 0


@dataclass(slots=True)
class CounterTwin:
    """The same, made by dataclasses."""

    name: str
    counts: dict[str, int] = field(default_factory=dict)
    total: int = 0


@record(kw_only=False)
class Pair:
    """Frozen, fields given by position."""

    left: str
    right: str = "r"


@dataclass(frozen=True, slots=True)
class PairTwin:
    """The same, made by dataclasses."""

    left: str
    right: str = "r"


def test_mutable_and_positional_records_are_the_generated_ones():
    ours, theirs = Counter("a", {"x": 1}), CounterTwin("a", {"x": 1})
    assert _state(ours) == _state(theirs)
    assert repr(ours).replace("Counter(", "CounterTwin(", 1) == repr(theirs)
    ours.total += 2
    theirs.total += 2
    assert _state(ours) == _state(theirs)
    assert ours == Counter("a", {"x": 1}, 2)
    assert ours != Counter("a", {"x": 1}, 3)
    assert Counter.__hash__ is None  # type: ignore[comparison-overlap]
    assert CounterTwin.__hash__ is None  # type: ignore[comparison-overlap]
    with pytest.raises(AttributeError):
        ours.other = 1  # type: ignore[attr-defined]  # slotted
    assert Counter("b").counts is not Counter("b").counts
    assert Counter.__match_args__ == CounterTwin.__match_args__ == ("name", "counts", "total")
    assert Pair("l") == Pair(left="l", right="r")
    assert hash(Pair("l", "x")) == hash(PairTwin("l", "x"))
    assert repr(Pair("l")).replace("Pair(", "PairTwin(", 1) == repr(PairTwin("l"))
    for wrong in [
        lambda cls: cls(),
        lambda cls: cls("a", "b", "c"),
        lambda cls: cls("a", left="b"),
    ]:
        with pytest.raises(TypeError) as ours_error:
            wrong(Pair)
        with pytest.raises(TypeError) as their_error:
            wrong(PairTwin)
        assert str(ours_error.value) == str(their_error.value).replace("PairTwin", "Pair")
    with pytest.raises(records.FrozenInstanceError):
        Pair("l").left = "x"  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(ours)) == ours
    assert copy.deepcopy(Pair("l")) == Pair("l")


def test_what_dataclasses_refuses_records_refuse():
    with pytest.raises(TypeError, match="non-default argument 'late' follows default argument"):

        @record(kw_only=False)
        class Late:
            """A positional field without a default after one with a default."""

            early: int = 0
            late: int

    with pytest.raises(ValueError, match="both default and default_factory"):
        records.field(default=1, default_factory=list)
    with pytest.raises(TypeError, match="cannot derive"):

        @record
        class Derived(Point):  # type: ignore[misc]
            """Records do not derive from records."""

    with pytest.raises(TypeError):
        records.fields(object())  # type: ignore[arg-type]


def test_a_run_imports_no_dataclasses():
    # A fresh interpreter: a whole check of every fixture (without the code scan) imports
    # neither dataclasses nor inspect, whose imports cost a run 8 ms.
    import subprocess
    import sys
    from pathlib import Path

    fixture = Path(__file__).parent / "fixtures"
    probe = f"""
import sys
from pyparity import cli
try:
    cli.main(["check", "--no-code", "--no-cache", "--format", "json", {str(fixture)!r}])
except SystemExit:
    pass
print(sorted(name for name in ("dataclasses", "inspect") if name in sys.modules))
"""
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1] == "[]", done.stderr


def test_a_record_defining_its_own_equality_is_hashed_as_a_dataclass_would_be():
    @record
    class Named:
        """Equal by name only (its own `__eq__`); Python sets `__hash__` to None for it."""

        name: str
        note: str = ""

        def __eq__(self, other: object) -> bool:
            return isinstance(other, Named) and other.name == self.name

    @dataclass(frozen=True, slots=True, kw_only=True)
    class NamedTwin:
        """The same, made by dataclasses."""

        name: str
        note: str = ""

        def __eq__(self, other: object) -> bool:
            return isinstance(other, NamedTwin) and other.name == self.name

    assert Named(name="a", note="x") == Named(name="a", note="y")
    assert hash(Named(name="a", note="x")) == hash(NamedTwin(name="a", note="x"))
