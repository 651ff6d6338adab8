"""Looking at a data directory from tests: exact contents, and temp files left behind."""

from __future__ import annotations

from pathlib import Path


def snapshot(directory: Path) -> dict[str, bytes]:
    """Every file under `directory`, by relative path, with its exact bytes."""
    return {
        str(path.relative_to(directory)): path.read_bytes()
        for path in sorted(directory.rglob("*"))
        if path.is_file()
    }


def temp_files(directory: Path) -> list[Path]:
    return [path for path in directory.rglob("*") if ".tmp-" in path.name]
