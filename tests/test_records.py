"""A record behaves as the frozen, slotted dataclass it stands for: the same values, comparisons and errors."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from dataclasses import FrozenInstanceError, dataclass, field
from typing import Any, Generic, TypeVar

import pytest

from meshgate import records
from meshgate.records import record

T = TypeVar("T")


def _first_line() -> int:
    return 1


@record
class Point:
    """A record with every kind of field a record may have."""

    x: int
    label: str = "origin"
    tags: tuple[str, ...] = ()
    seen: list[int] = field(default_factory=list)
    where: Any = field(default=_first_line, compare=False)


@dataclass(frozen=True, slots=True)
class PointAsDataclass:
    """The same class made by dataclass."""

    x: int
    label: str = "origin"
    tags: tuple[str, ...] = ()
    seen: list[int] = field(default_factory=list)
    where: Any = field(default=_first_line, compare=False)


@record(kw_only=True)
class Named:
    """Keyword-only fields."""

    name: str
    size: int = 0


@record
class Moved(Point):
    """A record subclassing a record."""

    by: int = 0


@record
class Box(Generic[T]):
    """A generic record."""

    value: T


CALLS = [
    ((1,), {}),
    ((1, "a", ("t",), [2]), {}),
    ((), {"x": 3, "seen": [1, 2], "where": None}),
]


@pytest.mark.parametrize(("args", "kwargs"), CALLS)
def test_a_record_is_built_compared_and_shown_as_the_dataclass_would(args: Any, kwargs: Any) -> None:
    ours, theirs = Point(*args, **kwargs), PointAsDataclass(*args, **kwargs)
    assert repr(ours) == repr(theirs).replace("PointAsDataclass", "Point")
    assert dataclasses.astuple(ours) == dataclasses.astuple(theirs)
    assert dataclasses.asdict(ours) == dataclasses.asdict(theirs)
    assert [item.name for item in dataclasses.fields(ours)] == [item.name for item in dataclasses.fields(theirs)]
    assert ours == Point(*args, **kwargs)
    assert ours.__eq__(theirs) is NotImplemented  # another class, as for dataclasses
    assert dataclasses.is_dataclass(ours)


def test_equality_and_hashing_leave_out_what_the_fields_say() -> None:
    assert Point(1, where=1) == Point(1, where=2)  # compare=False
    assert Point(1) != Point(2)
    assert hash(Named(name="a")) == hash(Named(name="a"))
    assert len({Named(name="a"), Named(name="a"), Named(name="b")}) == 2
    assert hash(Point(1, tags=("a",), seen=None, where=3)) == hash(Point(1, tags=("a",), seen=None, where=4))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="unhashable"):
        hash(Point(1))  # a list field, as for the dataclass


def test_defaults_are_shared_and_factories_called_each_time() -> None:
    assert Point(1).seen is not Point(1).seen
    assert Point(1).where is _first_line


def test_a_record_is_frozen() -> None:
    point = Point(1)
    with pytest.raises(FrozenInstanceError, match="cannot assign to field 'x'"):
        point.x = 2  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError, match="cannot delete field 'x'"):
        del point.x
    with pytest.raises(AttributeError):
        object.__setattr__(point, "other", 1)  # slotted: no other attribute
    assert dataclasses.replace(point, x=5) == Point(5)


def test_keyword_only_fields_refuse_positions() -> None:
    assert Named(name="a") == Named(name="a", size=0)
    with pytest.raises(TypeError, match="positional"):
        Named("a")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="name"):
        Named()  # type: ignore[call-arg]


def test_a_record_subclass_and_a_generic_record() -> None:
    moved = Moved(1, by=2)
    assert repr(moved) == f"Moved(x=1, label='origin', tags=(), seen=[], where={_first_line!r}, by=2)"
    assert moved != Point(1)
    assert Point(1) == Point(1)  # the base's own __init__ and __eq__, made before or after the subclass's
    assert Box(3) == Box[int](3)
    assert repr(Box("a")) == "Box(value='a')"


@pytest.mark.parametrize("protocol", range(2, pickle.HIGHEST_PROTOCOL + 1))
def test_a_record_pickles_and_copies(protocol: int) -> None:
    for value in (Point(1, "a", ("t",), [2]), Named(name="n"), Moved(1, by=2), Box((1, 2))):
        assert pickle.loads(pickle.dumps(value, protocol)) == value
        assert copy.copy(value) == value
        assert copy.deepcopy(value) == value


def test_what_a_record_cannot_be_is_refused_at_definition() -> None:
    with pytest.raises(TypeError, match="__post_init__"):

        @record
        class Checked:
            """Validates itself."""

            x: int

            def __post_init__(self) -> None:
                pass

    with pytest.raises(TypeError, match="__init__"):

        @record
        class Derived:
            """A field __init__ does not set."""

            x: int
            y: int = field(init=False, default=0)


def test_the_first_instances_and_the_compiled_init_agree() -> None:
    """A class's first COMPILE_AFTER instances bind their arguments in Python; later ones use compiled code."""

    @record(kw_only=False)
    class Fresh:
        """Built often enough to be compiled."""

        a: int
        b: str = "b"
        c: list[int] = field(default_factory=list)
        d: int = field(default=0, kw_only=True)

    def built() -> list[Any]:
        return [Fresh(1), Fresh(1, "x"), Fresh(a=2, c=[1], d=3), Fresh(1, "x", [2], d=4)]

    def refused() -> list[str]:
        fresh: Any = Fresh  # called wrongly on purpose
        wrong: list[tuple[tuple[Any, ...], dict[str, Any]]] = [
            ((), {}),
            ((1, "x", [], 4), {}),
            ((1,), {"e": 2}),
            ((1,), {"a": 2}),
        ]
        messages = []
        for args, kwargs in wrong:
            with pytest.raises(TypeError) as raised:
                fresh(*args, **kwargs)
            messages.append(str(raised.value))
        return messages

    interpreted, interpreted_errors = built(), refused()
    assert Fresh.__init__.__code__.co_filename == records.__file__  # not compiled yet
    while Fresh.__init__.__code__.co_filename == records.__file__:
        Fresh(0)
    compiled, compiled_errors = built(), refused()
    assert interpreted == compiled
    assert [repr(item) for item in interpreted] == [repr(item) for item in compiled]
    assert interpreted[0].c is not compiled[0].c
    for before, after in zip(interpreted_errors, compiled_errors, strict=True):
        # The same complaint; CPython words a compiled function's own errors with its qualified name.
        assert before.split("()", 1)[1] == after.split("()", 1)[1]
