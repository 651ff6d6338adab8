"""The user's settings from one TOML file; a bad key falls back to its default and is reported."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Callable

WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
SHORT_WEEKDAYS = tuple(name[:3] for name in WEEKDAY_NAMES)


@dataclass(frozen=True)
class Config:
    day_start_hour: int = 4
    week_start: int = 0
    fiscal_year_start_month: int = 1
    working_days: frozenset[int] = frozenset(range(5))
    pace_over_working_days: bool = True
    blocker_escalation_days: int = 1
    small_task_minutes: int = 15
    batch_min_minutes: int = 10
    batch_max_minutes: int = 45
    batch_default_item_minutes: int = 5
    desktop_notifications: bool = False
    review_time: tuple[int, int] = (17, 30)
    """From this time of day the header offers the end-of-day review (never forces it)."""
    theme: str = "focus-dark"
    archive_after_days: int = 30
    backups_keep: int = 14
    problems: tuple[str, ...] = field(default=(), compare=False)


def _int_in(low: int, high: int) -> Callable[[Any], int]:
    def check(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ValueError(f"must be a whole number from {low} to {high}")
        return value
    return check


def _weekday(value: Any) -> int:
    if isinstance(value, str) and value.strip().lower()[:3] in SHORT_WEEKDAYS:
        return SHORT_WEEKDAYS.index(value.strip().lower()[:3])
    raise ValueError("must be a weekday name such as \"monday\"")


def _weekdays(value: Any) -> frozenset[int]:
    if not isinstance(value, list) or not value:
        raise ValueError('must be a list of weekday names such as ["monday", "tuesday"]')
    return frozenset(_weekday(item) for item in value)


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("must be true or false")
    return value


def _clock_time(value: Any) -> tuple[int, int]:
    if isinstance(value, str):
        hours, _, minutes = value.strip().partition(":")
        if hours.isdigit() and minutes.isdigit() and int(hours) < 24 and int(minutes) < 60 and len(minutes) == 2:
            return int(hours), int(minutes)
    raise ValueError('must be a time of day such as "17:30"')


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("must be a non-empty string")
    return value.strip()


# key in the file -> (Config field, check). Sections are flattened as "section.key".
SETTINGS: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "day_start_hour": ("day_start_hour", _int_in(0, 12)),
    "week_start": ("week_start", _weekday),
    "fiscal_year_start_month": ("fiscal_year_start_month", _int_in(1, 12)),
    "working_days": ("working_days", _weekdays),
    "pace_over_working_days": ("pace_over_working_days", _bool),
    "blocker_escalation_days": ("blocker_escalation_days", _int_in(1, 60)),
    "batches.small_task_minutes": ("small_task_minutes", _int_in(1, 240)),
    "batches.min_minutes": ("batch_min_minutes", _int_in(1, 240)),
    "batches.max_minutes": ("batch_max_minutes", _int_in(5, 480)),
    "batches.default_item_minutes": ("batch_default_item_minutes", _int_in(1, 60)),
    "notifications.desktop": ("desktop_notifications", _bool),
    "review.time": ("review_time", _clock_time),
    "theme": ("theme", _text),
    "storage.archive_after_days": ("archive_after_days", _int_in(1, 3650)),
    "storage.backups_keep": ("backups_keep", _int_in(1, 365)),
}


def _flatten(table: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}."))
        else:
            flat[name] = value
    return flat


def load_config(path: Path) -> Config:
    """Never raises for a bad file: every problem is collected in `Config.problems`."""
    if not path.exists():
        return Config()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return Config(problems=(f"{path}: {error}; using the defaults",))
    if not isinstance(raw, dict):
        return Config()
    values: dict[str, Any] = {}
    problems: list[str] = []
    for key, value in _flatten(raw).items():
        if key not in SETTINGS:
            problems.append(f"{path}: unknown setting {key!r} ignored")
            continue
        attribute, check = SETTINGS[key]
        try:
            values[attribute] = check(value)
        except ValueError as error:
            default = getattr(Config(), attribute)
            problems.append(f"{path}: {key} {error}; using the default ({default!r})")
    known = {f.name for f in fields(Config)}
    return Config(**{k: v for k, v in values.items() if k in known}, problems=tuple(problems))
