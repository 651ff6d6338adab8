"""focus_tui.domain.records: a record behaves as the frozen dataclass it stands for (repr, equality,
hashing, immutability, replace, inheritance, per-field options), only cheaper to create."""

from __future__ import annotations

import dataclasses
from dataclasses import FrozenInstanceError, dataclass, field

import pytest
from hypothesis import given, strategies as st

from focus_tui.domain.records import record


def both(body: dict, bases: tuple = ()) -> tuple[type, type]:
    """The same class made by @dataclass(frozen=True) and by @record."""
    return (dataclass(frozen=True)(type("Shape", bases[:1], dict(body))),
            record(type("Shape", bases[1:2] or bases[:1], dict(body))))


SHAPES = {
    "several fields": {"__annotations__": {"name": "str", "count": "int", "tags": "tuple"}, "tags": ()},
    "one field": {"__annotations__": {"name": "str"}},
    "no fields": {"__annotations__": {}},
    "field options": {"__annotations__": {"name": "str", "note": "str", "cache": "int", "key": "int"},
                      "note": field(default="", compare=False), "cache": field(default=0, repr=False),
                      "key": field(default=0, hash=False)},
}
VALUES = st.one_of(st.none(), st.integers(), st.text(max_size=5), st.tuples(st.integers()))


def instances(cls: type, values: list) -> object:
    names = [f.name for f in dataclasses.fields(cls) if f.init]
    return cls(**dict(zip(names, values)))


@pytest.mark.parametrize("shape", SHAPES)
@given(first=st.lists(VALUES, min_size=4, max_size=4), second=st.lists(VALUES, min_size=4, max_size=4))
def test_a_record_shows_compares_and_hashes_as_the_dataclass_does(shape, first, second):
    as_dataclass, as_record = both(SHAPES[shape])
    d1, d2 = instances(as_dataclass, first), instances(as_dataclass, second)
    r1, r2 = instances(as_record, first), instances(as_record, second)
    assert repr(r1) == repr(d1) and repr(r2) == repr(d2)
    assert (r1 == r2) == (d1 == d2) and (r1 != r2) == (d1 != d2)
    assert r1 == instances(as_record, first)
    try:
        expected = hash(d1)
    except TypeError:  # an unhashable value in a hashed field
        with pytest.raises(TypeError):
            hash(r1)
    else:
        assert hash(r1) == expected


def test_a_record_is_frozen_replaceable_and_equal_only_to_its_own_class():
    as_dataclass, as_record = both(SHAPES["several fields"])
    item = as_record("a", 1)
    with pytest.raises(FrozenInstanceError):
        item.name = "b"  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        del item.name  # type: ignore[misc]
    assert dataclasses.replace(item, count=2) == as_record("a", 2)
    assert item != as_dataclass("a", 1) and item != ("a", 1, ())
    assert {item, as_record("a", 1)} == {item}
    assert dataclasses.is_dataclass(item) and item.__match_args__ == ("name", "count", "tags")


def test_a_subclass_record_compares_its_own_fields_and_never_equals_its_base():
    @record
    class Base:
        name: str

    @record
    class Child(Base):
        extra: int = 0

    @dataclass(frozen=True)
    class BaseD:
        name: str

    @dataclass(frozen=True)
    class ChildD(BaseD):
        extra: int = 0

    assert Child("a", 1) != Child("a", 2) and Child("a", 1) == Child("a", 1)
    assert Child("a") != Base("a") and ChildD("a") != BaseD("a")
    assert repr(Child("a", 1)) == repr(ChildD("a", 1)).replace("ChildD", "Child")
    assert hash(Child("a", 1)) == hash(ChildD("a", 1))


def test_a_records_own_methods_are_kept_and_a_body_with_eq_still_hashes():
    @record
    class Shown:
        name: str

        def __repr__(self) -> str:
            return f"<{self.name}>"

    @record
    class CaseBlind:
        name: str

        def __eq__(self, other: object) -> bool:
            return isinstance(other, CaseBlind) and other.name.lower() == self.name.lower()

    @dataclass(frozen=True)
    class CaseBlindD:
        name: str

        def __eq__(self, other: object) -> bool:
            return isinstance(other, CaseBlindD) and other.name.lower() == self.name.lower()

    assert repr(Shown("x")) == "<x>"
    assert CaseBlind("A") == CaseBlind("a")
    assert hash(CaseBlind("A")) == hash(CaseBlindD("A"))  # dataclass still generates the hash


INIT_SHAPE = {
    "__annotations__": {"name": "str", "count": "int", "tags": "list", "seen": "int", "note": "str"},
    "count": 0,
    "tags": field(default_factory=list),
    "seen": field(default=7, init=False),
    "note": field(default="", kw_only=True),
}
CALLS = [
    (("a",), {}), (("a", 2), {}), (("a", 2, [1]), {}), ((), {"name": "a", "note": "n"}),
    (("a",), {"count": 3, "note": "x"}),
    ((), {}), (("a", 1, [], 9), {}), (("a",), {"name": "b"}), (("a",), {"seen": 1}), (("a",), {"nope": 1}),
]


@pytest.mark.parametrize("args, kwargs", CALLS)
def test_a_record_is_made_from_the_arguments_dataclass_takes(args, kwargs):
    """The same arguments make the same fields (defaults, factories, init=False, keyword-only), and
    what dataclass's __init__ refuses, the record's refuses with the same kind of error."""
    as_dataclass, as_record = both(INIT_SHAPE)
    try:
        expected = vars(as_dataclass(*args, **kwargs))
    except TypeError:
        with pytest.raises(TypeError):
            as_record(*args, **kwargs)
        return
    made = as_record(*args, **kwargs)
    assert vars(made) == expected
    assert list(vars(made)) == list(expected)  # fields in their order, as repr and replace read them
    assert vars(dataclasses.replace(made, count=5)) == {**expected, "count": 5}


def test_a_records_factory_runs_for_each_instance_and_post_init_runs_after_the_fields():
    @record
    class WithPostInit:
        name: str
        tags: list = field(default_factory=list)

        def __post_init__(self) -> None:
            object.__setattr__(self, "checked", self.name.upper())

    first, second = WithPostInit("a"), WithPostInit("b")
    assert first.tags is not second.tags
    assert (first.checked, second.checked) == ("A", "B")


def test_a_subclass_record_takes_its_bases_fields_first_and_freezes_them_all():
    @record
    class Base:
        name: str
        count: int = 0

    @record
    class Child(Base):
        extra: str = "x"

    child = Child("a", 1, "y")
    assert (child.name, child.count, child.extra) == ("a", 1, "y")
    for name in ("name", "extra", "anything"):
        with pytest.raises(FrozenInstanceError):
            setattr(child, name, 1)
    with pytest.raises(TypeError):
        Child("a", 1, "y", "z")
