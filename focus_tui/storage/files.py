"""Crash-safe file primitives: strict JSON encoding and atomic replace with fsync."""

from __future__ import annotations

import math
import os
import tempfile
from pathlib import Path
from typing import Any

import orjson

from focus_tui.storage.errors import UnstorableValueError

TEMP_MARKER = ".tmp-"
_UMASK = os.umask(0)
os.umask(_UMASK)
MAX_INT = 2**63 - 1
# orjson refuses to encode nesting deeper than 254 levels; a record sits a few levels down
# in the file (table, undo entry), so values get a generous but safe budget.
MAX_DEPTH = 100


def check_storable(value: Any, where: str = "value", _depth: int = 0) -> None:
    """Refuse anything JSON cannot hold faithfully, before a byte is written."""
    if _depth > MAX_DEPTH:
        raise UnstorableValueError(f"{where} is nested more than {MAX_DEPTH} levels deep, which cannot be stored")
    if value is None or isinstance(value, bool):
        return
    if isinstance(value, str):
        # isascii() first: a C scan that clears nearly every string without looking at each character.
        if not value.isascii() and any(0xD800 <= ord(ch) <= 0xDFFF for ch in value):
            raise UnstorableValueError(f"{where} contains a lone surrogate, which is not valid text")
        return
    if isinstance(value, int):
        if not -MAX_INT - 1 <= value <= MAX_INT:
            raise UnstorableValueError(f"{where} is a number too large to store")
        return
    if isinstance(value, float):
        if not math.isfinite(value):
            raise UnstorableValueError(f"{where} is {value}, which JSON cannot hold")
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise UnstorableValueError(f"{where} has a non-text key {key!r}")
            check_storable(key, f"{where} key", _depth + 1)
            check_storable(item, f"{where}.{key}", _depth + 1)
        return
    if isinstance(value, list):
        for index, item in enumerate(value):
            check_storable(item, f"{where}[{index}]", _depth + 1)
        return
    raise UnstorableValueError(f"{where} is a {type(value).__name__}, which cannot be stored")


def encode(data: Any) -> bytes:
    return orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)


def decode(raw: bytes) -> Any:
    return orjson.loads(raw)


def fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, payload: bytes) -> None:
    """Write `payload` so `path` holds either its old or its new content, whatever happens.

    The temp file sits in the same directory (so os.replace is atomic) and is removed on failure.
    """
    fd, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}{TEMP_MARKER}")
    try:
        # mkstemp makes the file 0600; keep the mode the person gave the file, else the usual one.
        try:
            mode = os.stat(path).st_mode & 0o7777
        except FileNotFoundError:
            mode = 0o666 & ~_UMASK
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, path)
    except BaseException:
        try:
            os.unlink(temp_name)
        except OSError:
            pass
        raise
    fsync_dir(path.parent)


def temp_files(directory: Path) -> list[Path]:
    """The temp files of atomic_write in `directory`: a writer's at work, or ones a killed writer left."""
    try:
        candidates = list(directory.iterdir())
    except OSError:
        return []
    return [candidate for candidate in candidates if candidate.name.startswith(".") and TEMP_MARKER in candidate.name]


def remove_stale_temp_files(directory: Path) -> list[Path]:
    """Temp files left by a writer that was killed mid-write. Call only while holding the lock."""
    removed = []
    for candidate in temp_files(directory):
        try:
            candidate.unlink()
            removed.append(candidate)
        except OSError:
            pass
    return removed


def file_signature(path: Path) -> tuple[int, int, int] | None:
    """Cheap identity of a file's content version: inode, mtime and size (os.replace changes the inode)."""
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        return None
    return (stat.st_ino, stat.st_mtime_ns, stat.st_size)
