"""Records: frozen dataclasses whose methods are shared, not compiled per class.

Python 3.11 compiles every method a dataclass generates from source text when the class is
created: about 1 ms for a frozen dataclass (its __init__, __setattr__, __delattr__, __repr__,
__eq__ and __hash__), and the app builds some twenty of them at every start (3.13 builds them in
one go). A record is a dataclass (fields, replace, asdict and is_dataclass work on it) whose
methods are six shared functions that do what dataclass's would: __init__ takes the same
arguments and fills the same defaults, a field can be neither assigned nor deleted, the repr is
the same text, a record equals only an instance of its own class with equal compared fields, and
hashes as those fields as a tuple. tests/test_records.py holds them to dataclass's behaviour.
"""
from __future__ import annotations

from dataclasses import MISSING, FrozenInstanceError, dataclass, fields
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


def record_init(self: Any, *args: Any, **kwargs: Any) -> None:
    cls = type(self)
    positional, init_names, plan = cls._record_init
    if len(args) > len(positional):
        raise TypeError(f"{cls.__qualname__}.__init__() takes {len(positional) + 1} positional arguments "
                        f"but {len(args) + 1} were given")
    given = dict(zip(positional, args))
    for name, value in kwargs.items():
        if name in given:
            raise TypeError(f"{cls.__qualname__}.__init__() got multiple values for argument {name!r}")
        if name not in init_names:
            raise TypeError(f"{cls.__qualname__}.__init__() got an unexpected keyword argument {name!r}")
        given[name] = value
    attributes: dict[str, Any] = {}
    missing = []
    for name, init, default, factory in plan:
        if init and name in given:
            attributes[name] = given[name]
        elif factory is not MISSING:
            attributes[name] = factory()
        elif init:
            if default is MISSING:
                missing.append(repr(name))
            else:
                attributes[name] = default
        # As dataclass's: a field that __init__ does not take reads its default from the class.
    if missing:
        raise TypeError(f"{cls.__qualname__}.__init__() missing {len(missing)} required argument"
                        f"{'s' if len(missing) > 1 else ''}: {', '.join(missing)}")
    object.__setattr__(self, "__dict__", attributes)
    post_init = getattr(self, "__post_init__", None)
    if post_init is not None:
        post_init()


def record_setattr(self: Any, name: str, value: Any) -> None:
    cls = type(self)
    if "_record_init" in cls.__dict__ or name in cls.__dataclass_fields__:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")
    object.__setattr__(self, name, value)


def record_delattr(self: Any, name: str) -> None:
    cls = type(self)
    if "_record_init" in cls.__dict__ or name in cls.__dataclass_fields__:
        raise FrozenInstanceError(f"cannot delete field {name!r}")
    object.__delattr__(self, name)


def _getter(names: list[str]) -> Callable[[Any], tuple]:
    """The fields as a tuple, as dataclass's methods build it (attrgetter alone gives one field bare)."""
    if len(names) == 1:
        only = attrgetter(names[0])
        return lambda instance: (only(instance),)
    if not names:
        return lambda instance: ()
    return attrgetter(*names)


SHARED = (("__init__", record_init), ("__setattr__", record_setattr), ("__delattr__", record_delattr),
          ("__repr__", record_repr), ("__eq__", record_eq), ("__hash__", record_hash))


@dataclass_transform(frozen_default=True)
def record(cls: T) -> T:
    """@dataclass(frozen=True) with the shared methods (a class's own __init__, __repr__, __eq__
    or __hash__ is kept; InitVar fields are not supported)."""
    own = {name for name in ("__init__", "__repr__", "__eq__") if name in cls.__dict__}
    if cls.__dict__.get("__hash__") is not None:  # None is what a class body with __eq__ gets
        own.add("__hash__")
    if "__setattr__" in cls.__dict__ or "__delattr__" in cls.__dict__:
        raise TypeError(f"a record is frozen: {cls.__qualname__} cannot define __setattr__ or __delattr__")
    # Nothing for dataclass to compile: no __init__, repr or eq, and frozen is ours (record_setattr).
    made = dataclass(init=False, repr=False, eq=False)(cls)
    if any("InitVar" in str(field.type) for field in made.__dataclass_fields__.values()):
        raise TypeError(f"{cls.__qualname__}: a record cannot have InitVar fields")
    every = fields(made)
    made._record_init = (
        tuple(field.name for field in every if field.init and not field.kw_only),
        frozenset(field.name for field in every if field.init),
        tuple((field.name, field.init, field.default, field.default_factory) for field in every),
    )
    made._record_compared = staticmethod(_getter([field.name for field in every if field.compare]))
    made._record_hashed = staticmethod(_getter([field.name for field in every
                                                if (field.compare if field.hash is None else field.hash)]))
    for name, shared in SHARED:
        if name not in own:
            setattr(made, name, shared)
    return made
