"""Values worth keeping between redraws: each is made again only when what it is made from changes."""

from __future__ import annotations

from typing import Any, Callable, Hashable, TypeVar

T = TypeVar("T")


class Remembered:
    """Named values, each with the inputs it was made from (data versions, the day, the config)."""

    def __init__(self) -> None:
        self._values: dict[str, tuple[Hashable, Any]] = {}

    def get(self, name: str, inputs: Hashable, make: Callable[[], T]) -> T:
        """The value made last time under `name` if `inputs` are equal to that time's, else make()."""
        kept = self._values.get(name)
        if kept is not None and kept[0] == inputs:
            return kept[1]
        value = make()
        self._values[name] = (inputs, value)
        return value
