"""Phased targets (METHOD section 3): the even pace to date and today's catch-up target."""

from __future__ import annotations

from datetime import date

from focus_tui.domain.periods import Period
from focus_tui.domain.records import record

ALL_DAYS = frozenset(range(7))
WEEKDAYS = frozenset(range(5))


@record
class Pace:
    """Where a key task's progress stands against an even pace over its period."""

    target: float
    done: float
    done_today: float
    expected_before_today: float
    """What the even pace asks to have done by the start of today."""
    catch_up_today: float
    """What remains at the start of today, divided by the pacing days left including today."""
    days_left: int
    today_is_pacing_day: bool = True
    """False on a day off (a weekend with working-day pacing): the catch-up then applies from the next one."""

    @property
    def ahead_by(self) -> float:
        """Everything done so far, today included, against what the even pace asked for by this
        morning: positive is ahead, negative behind. Logging today's work shrinks a gap at once."""
        return self.done - self.expected_before_today

    @property
    def remaining(self) -> float:
        return max(self.target - self.done, 0.0)

    @property
    def today_remaining(self) -> float:
        return max(self.catch_up_today - self.done_today, 0.0)


def pacing_days(period: Period, working_days: frozenset[int] = WEEKDAYS) -> list[date]:
    """The days a target is spread over; a period with no working days falls back to every day."""
    days = [day for day in period.days() if day.weekday() in working_days]
    return days or period.days()


def pace(period: Period, today: date, target: float, done: float, done_today: float,
         working_days: frozenset[int] = WEEKDAYS, since: date | None = None) -> Pace:
    """Example from the method: 10,000 over 5 working days, 1,500 on day one: day two's
    catch-up is (10,000 - 1,500) / 4 = 2,125. `since` is the day the key task was stated."""
    days = pacing_days(period, working_days)
    if since is not None and since > period.start:
        # A key task stated mid-period is paced from the day it was stated, not judged on the days before.
        days = [day for day in days if day >= since] or [max(since, days[-1])]
    before = [day for day in days if day < today]
    left = [day for day in days if day >= today]
    per_day = target / len(days)
    done_before_today = done - done_today
    if left:
        catch_up = max(target - done_before_today, 0.0) / len(left)
    else:
        catch_up = 0.0
    return Pace(
        target=target,
        done=done,
        done_today=done_today,
        expected_before_today=per_day * len(before),
        catch_up_today=catch_up,
        days_left=len(left),
        today_is_pacing_day=today in days,
    )
