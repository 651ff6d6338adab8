"""The stages' periods: the day, the week (configurable start) and the quarter (optional fiscal year)."""

from __future__ import annotations

from datetime import date, timedelta
from enum import Enum

from dateutil.relativedelta import relativedelta, MO, TU, WE, TH, FR, SA, SU

from focus_tui.domain.records import record

WEEKDAY_STARTS = (MO, TU, WE, TH, FR, SA, SU)


class Stage(str, Enum):
    DAY = "day"
    WEEK = "week"
    QUARTER = "quarter"


@record
class Period:
    """A half-open range of days [start, end) that one key task belongs to."""

    stage: Stage
    start: date
    end: date
    label: str

    @property
    def key(self) -> str:
        """Stable identity for storage: the stage and its first day."""
        return f"{self.stage.value}:{self.start.isoformat()}"

    def days(self) -> list[date]:
        count = (self.end - self.start).days
        # timedelta, not relativedelta: a quarter's pace asks for its ~90 days after every change.
        return [self.start + timedelta(days=offset) for offset in range(count)]

    def __contains__(self, day: date) -> bool:
        return self.start <= day < self.end


def day_period(day: date) -> Period:
    return Period(Stage.DAY, day, day + relativedelta(days=1), f"{day:%a %d %b %Y}")


def week_period(day: date, week_start: int = 0) -> Period:
    """The week holding `day`, starting on `week_start` (0 = Monday ... 6 = Sunday)."""
    start = day + relativedelta(weekday=WEEKDAY_STARTS[week_start % 7](-1))
    end = start + relativedelta(weeks=1)
    last = end - relativedelta(days=1)
    label = f"week of {start:%d %b}" if start.year == last.year else f"week of {start:%d %b %Y}"
    return Period(Stage.WEEK, start, end, label)


def quarter_period(day: date, fiscal_start_month: int = 1) -> Period:
    """The quarter holding `day`. With a fiscal year starting in another month, quarters count from
    it and the fiscal year is named by the calendar year it ends in (FY2027 = Apr 2026-Mar 2027)."""
    months_in = (day.month - fiscal_start_month) % 12
    quarter_index = months_in // 3
    start = date(day.year, day.month, 1) - relativedelta(months=months_in % 3)
    end = start + relativedelta(months=3)
    if fiscal_start_month == 1:
        label = f"Q{quarter_index + 1} {start.year}"
    else:
        fiscal_year_start = start - relativedelta(months=quarter_index * 3)
        fiscal_year_end = fiscal_year_start + relativedelta(years=1, days=-1)
        label = f"Q{quarter_index + 1} FY{fiscal_year_end.year}"
    return Period(Stage.QUARTER, start, end, label)


def period_for(stage: Stage, day: date, *, week_start: int = 0, fiscal_start_month: int = 1) -> Period:
    if stage is Stage.DAY:
        return day_period(day)
    if stage is Stage.WEEK:
        return week_period(day, week_start)
    return quarter_period(day, fiscal_start_month)


# Made once, and plain timedeltas where those give the same day: opening the data asks period_end
# of every live review and key task (making three relativedeltas each time was ~1 ms of a start).
_LENGTHS = {Stage.DAY: timedelta(days=1), Stage.WEEK: timedelta(weeks=1), Stage.QUARTER: relativedelta(months=3)}


def period_end(stage: Stage, start: date) -> date:
    """The first day after the period that starts on `start`."""
    return start + _LENGTHS[stage]
