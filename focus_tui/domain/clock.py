"""The injected clock and the rule for which calendar day "today" is."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Protocol

DEFAULT_DAY_START_HOUR = 4


class Clock(Protocol):
    """Anything that can say what time it is, as an aware local datetime."""

    def now(self) -> datetime: ...


class SystemClock:
    """The real wall clock, in the machine's local time zone."""

    def now(self) -> datetime:
        return datetime.now().astimezone()


@dataclass
class FixedClock:
    """A clock that only moves when told to: for tests and reproducible screenshots."""

    current: datetime = field(default_factory=lambda: datetime(2026, 11, 21, 9, 30).astimezone())

    def __post_init__(self) -> None:
        if self.current.tzinfo is None:
            self.current = self.current.astimezone()

    def now(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> datetime:
        self.current = self.current + timedelta(**delta)
        return self.current

    def set(self, moment: datetime) -> None:
        self.current = moment if moment.tzinfo else moment.astimezone()


def work_day(moment: datetime, day_start_hour: int = DEFAULT_DAY_START_HOUR) -> date:
    """The day a moment belongs to: before the day-start hour it still counts as the previous day."""
    return (moment.replace(tzinfo=None) - timedelta(hours=day_start_hour)).date()


def today(clock: Clock, day_start_hour: int = DEFAULT_DAY_START_HOUR) -> date:
    return work_day(clock.now(), day_start_hour)


def timestamp(moment: datetime) -> str:
    """How moments are stored: ISO 8601 with the UTC offset, to the second."""
    return moment.isoformat(timespec="seconds")


def parse_timestamp(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError(f"{text!r} has no UTC offset")
    return moment
