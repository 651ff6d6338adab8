"""Records: frozen dataclasses whose __repr__, __eq__ and __hash__ are shared, not compiled per class.

Python 3.11 compiles every method a dataclass generates from source text when the class is
created: about 1 ms for a frozen dataclass, and the app builds some twenty of them at every start
(3.13 builds them in one go). A record has dataclass's own __init__ and frozen __setattr__ and
__delattr__; its repr, equality and hash are three shared functions that do what dataclass's
would: the same text, equal only to an instance of the same class with equal compared fields, and
the hash of those fields as a tuple. tests/test_records.py holds them to dataclass's behaviour.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from operator import attrgetter
from typing import Any, Callable, TypeVar, dataclass_transform

T = TypeVar("T", bound=type)


def record_repr(self: Any) -> str:
    shown = ", ".join(f"{field.name}={getattr(self, field.name)!r}" for field in fields(self) if field.repr)
    return f"{type(self).__qualname__}({shown})"


def record_eq(self: Any, other: Any) -> Any:
    if other.__class__ is self.__class__:
        compared = self._record_compared
        return compared(self) == compared(other)
    return NotImplemented


def record_hash(self: Any) -> int:
    return hash(self._record_hashed(self))


def _getter(names: list[str]) -> Callable[[Any], tuple]:
    """The fields as a tuple, as dataclass's methods build it (attrgetter alone gives one field bare)."""
    if len(names) == 1:
        only = attrgetter(names[0])
        return lambda instance: (only(instance),)
    if not names:
        return lambda instance: ()
    return attrgetter(*names)


@dataclass_transform(frozen_default=True)
def record(cls: T) -> T:
    """@dataclass(frozen=True) with the shared repr, equality and hash (a class's own __repr__,
    __eq__ or __hash__ is kept)."""
    own = {name for name in ("__repr__", "__eq__") if name in cls.__dict__}
    if cls.__dict__.get("__hash__") is not None:  # None is what a class body with __eq__ gets
        own.add("__hash__")
    made = dataclass(frozen=True, repr=False, eq=False)(cls)
    compared = [field.name for field in fields(made) if field.compare]
    hashed = [field.name for field in fields(made) if (field.compare if field.hash is None else field.hash)]
    made._record_compared = staticmethod(_getter(compared))
    made._record_hashed = staticmethod(_getter(hashed))
    for name, shared in (("__repr__", record_repr), ("__eq__", record_eq), ("__hash__", record_hash)):
        if name not in own:
            setattr(made, name, shared)
    return made
