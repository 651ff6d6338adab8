"""Rotating daily backups, pre-migration backups, and finding the newest good one."""

from __future__ import annotations

import os
import re
from datetime import date, datetime
from pathlib import Path

from focus_tui.storage.files import atomic_write, decode
from focus_tui.storage.schema import SCHEMA_VERSION, ShapeError, schema_of

DAILY = re.compile(r"^focus-(\d{4}-\d{2}-\d{2})\.json$")


def daily_backup_path(backups_dir: Path, day: date) -> Path:
    return backups_dir / f"focus-{day.isoformat()}.json"


def ensure_daily_backup(data_file: Path, backups_dir: Path, day: date, keep: int) -> Path | None:
    """Copy the data file as it is now, once per day of use; keep the newest `keep` daily copies."""
    target = daily_backup_path(backups_dir, day)
    if target.exists() or not data_file.exists():
        return None
    backups_dir.mkdir(parents=True, exist_ok=True)
    atomic_write(target, data_file.read_bytes())
    daily = sorted(path for path in backups_dir.iterdir() if DAILY.match(path.name))
    for old in daily[:-keep]:
        old.unlink(missing_ok=True)
    return target


def pre_migration_backup(data_file: Path, backups_dir: Path, old: int, new: int, now: datetime) -> Path:
    backups_dir.mkdir(parents=True, exist_ok=True)
    target = backups_dir / f"focus-schema{old}-before-v{new}-{now:%Y%m%d-%H%M%S}.json"
    atomic_write(target, data_file.read_bytes())
    return target


def is_good(path: Path) -> bool:
    try:
        return schema_of(decode(path.read_bytes())) <= SCHEMA_VERSION
    except (OSError, ValueError, ShapeError):
        return False


def list_backups(backups_dir: Path) -> list[Path]:
    """Backups, newest first."""
    try:
        files = [path for path in backups_dir.iterdir() if path.suffix == ".json" and path.is_file()]
    except OSError:
        return []
    return sorted(files, key=lambda path: (os.stat(path).st_mtime_ns, path.name), reverse=True)


def newest_good_backup(backups_dir: Path) -> Path | None:
    return next((path for path in list_backups(backups_dir) if is_good(path)), None)
