"""The data file's schema version, its shape check, and migrations from older versions."""

from __future__ import annotations

from typing import Any, Callable

SCHEMA_VERSION = 1
META_TABLE = "meta"
META_ID = "1"

# MIGRATIONS[n] turns a schema-n document into schema n+1. Each step must be pure.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


class ShapeError(ValueError):
    """The parsed JSON is not a focus-tui data file."""


def schema_of(data: Any) -> int:
    """The schema version of parsed data, or ShapeError saying why it is not ours."""
    if not isinstance(data, dict):
        raise ShapeError(f"expected a JSON object at the top, found a JSON {type(data).__name__}")
    meta = data.get(META_TABLE, {}).get(META_ID) if isinstance(data.get(META_TABLE), dict) else None
    if not isinstance(meta, dict) or not isinstance(meta.get("schema"), int) or isinstance(meta.get("schema"), bool):
        raise ShapeError("it has no focus-tui schema version, so it is not a focus-tui data file")
    for name, table in data.items():
        if not isinstance(table, dict) or not all(isinstance(doc, dict) for doc in table.values()):
            raise ShapeError(f"table {name!r} is not a set of records")
    return meta["schema"]


def empty_data() -> dict[str, Any]:
    return {META_TABLE: {META_ID: {"schema": SCHEMA_VERSION, "next_id": {}}}}


def migrate(data: dict[str, Any]) -> dict[str, Any]:
    """Bring older data up to SCHEMA_VERSION, one step at a time."""
    version = schema_of(data)
    while version < SCHEMA_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise ShapeError(f"no migration from schema {version}")
        data = step(data)
        version += 1
        data[META_TABLE][META_ID]["schema"] = version
    return data
