"""Periods of the three stages and the method's phased-target pacing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, strategies as st

from focus_tui.domain.pacing import ALL_DAYS, pace, pacing_days
from focus_tui.domain.periods import Stage, day_period, period_end, period_for, quarter_period, week_period


def test_week_starts_on_monday_by_default_and_on_any_configured_day():
    saturday = date(2026, 11, 21)
    assert week_period(saturday).start == date(2026, 11, 16)
    assert week_period(saturday, week_start=6).start == date(2026, 11, 15)
    assert week_period(date(2026, 11, 16)).start == date(2026, 11, 16)  # a Monday is its own start



@given(st.sampled_from(list(Stage)), st.dates(date(1, 1, 1), date(9999, 9, 1)))
def test_period_end_is_the_start_of_the_next_period(stage, start):
    """A day, a week or three months after the start, as relativedelta counts them, and the end of
    the period that start begins."""
    from dateutil.relativedelta import relativedelta

    assert period_end(stage, start) == start + {Stage.DAY: relativedelta(days=1), Stage.WEEK: relativedelta(weeks=1),
                                                Stage.QUARTER: relativedelta(months=3)}[stage]
    assert period_end(stage, period_for(stage, start).start) == period_for(stage, start).end


def test_calendar_and_fiscal_quarters():
    assert (quarter_period(date(2026, 11, 21)).start, quarter_period(date(2026, 11, 21)).label) == (date(2026, 10, 1), "Q4 2026")
    april_fiscal = quarter_period(date(2026, 11, 21), fiscal_start_month=4)
    assert (april_fiscal.start, april_fiscal.end, april_fiscal.label) == (date(2026, 10, 1), date(2027, 1, 1), "Q3 FY2027")
    assert quarter_period(date(2027, 2, 28), fiscal_start_month=4).label == "Q4 FY2027"
    assert quarter_period(date(2026, 4, 1), fiscal_start_month=4).label == "Q1 FY2027"
    october_fiscal = quarter_period(date(2026, 11, 21), fiscal_start_month=10)
    assert (october_fiscal.start, october_fiscal.label) == (date(2026, 10, 1), "Q1 FY2027")


def test_leap_year_quarter_has_the_29th_of_february():
    assert date(2028, 2, 29) in quarter_period(date(2028, 2, 29))
    assert len(quarter_period(date(2028, 1, 5)).days()) == 91
    assert len(quarter_period(date(2027, 1, 5)).days()) == 90


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(9998, 1, 1)), st.integers(0, 6), st.integers(1, 12))
def test_every_day_lies_in_exactly_the_periods_computed_for_it(day, week_start, fiscal_start):
    for stage in Stage:
        period = period_for(stage, day, week_start=week_start, fiscal_start_month=fiscal_start)
        assert day in period
        assert period.end - timedelta(days=1) in period and period.end not in period
    week = week_period(day, week_start)
    assert week.start.weekday() == week_start and len(week.days()) == 7
    quarter = quarter_period(day, fiscal_start)
    assert quarter.start.day == 1 and (quarter.start.month - fiscal_start) % 3 == 0


def test_the_methods_example_two_thousand_one_hundred_and_twenty_five():
    week = week_period(date(2026, 11, 16))  # Monday to Sunday, 5 working days
    monday_pace = pace(week, date(2026, 11, 16), target=10_000, done=0, done_today=0)
    assert monday_pace.catch_up_today == 2_000
    tuesday = pace(week, date(2026, 11, 17), target=10_000, done=1_500, done_today=0)
    assert tuesday.catch_up_today == 2_125
    assert tuesday.expected_before_today == 2_000 and tuesday.ahead_by == -500
    assert tuesday.days_left == 4


def test_progress_logged_today_does_not_move_todays_catch_up_target():
    week = week_period(date(2026, 11, 16))
    later = pace(week, date(2026, 11, 17), target=10_000, done=2_100, done_today=600)
    assert later.catch_up_today == 2_125 and later.today_remaining == 1_525


def test_weekends_are_not_pacing_days_unless_configured():
    week = week_period(date(2026, 11, 16))
    assert len(pacing_days(week)) == 5 and len(pacing_days(week, ALL_DAYS)) == 7
    saturday = pace(week, date(2026, 11, 21), target=700, done=300, done_today=0, working_days=ALL_DAYS)
    assert saturday.catch_up_today == 200  # 400 left over Saturday and Sunday


def test_after_the_last_pacing_day_there_is_no_catch_up_and_no_division_by_zero():
    week = week_period(date(2026, 11, 16))
    saturday = pace(week, date(2026, 11, 21), target=10_000, done=9_000, done_today=0)
    assert saturday.catch_up_today == 0 and saturday.days_left == 0 and saturday.ahead_by == -1_000


def test_a_day_period_is_one_day():
    period = day_period(date(2026, 11, 21))
    assert period.days() == [date(2026, 11, 21)] and period.key == "day:2026-11-21"


def test_logging_today_shrinks_the_gap_at_once():
    week = week_period(date(2026, 11, 16))
    morning = pace(week, date(2026, 11, 17), target=10_000, done=1_500, done_today=0)
    later = pace(week, date(2026, 11, 17), target=10_000, done=2_100, done_today=600)
    assert morning.ahead_by == -500 and later.ahead_by == 100


# --------------------------------------------------------------------------------------------
# Daylight saving changes, leap-year quarters and a Sunday week across the new year
# --------------------------------------------------------------------------------------------

from datetime import datetime, timezone  # noqa: E402  (kept with the tests that need them)
from zoneinfo import ZoneInfo  # noqa: E402

from focus_tui.domain.clock import work_day  # noqa: E402


def _wall(zone: str, utc: str) -> datetime:
    """The instant `utc` as the wall clock in `zone` shows it (an aware datetime, fold set right)."""
    return datetime.fromisoformat(utc).replace(tzinfo=timezone.utc).astimezone(ZoneInfo(zone))


def _work_day_starts(zone: str, first_utc: str, hours: int, day_start_hour: int = 4) -> dict[date, datetime]:
    """For every minute in `hours` from `first_utc`: the first UTC instant of each work day seen."""
    first = datetime.fromisoformat(first_utc).replace(tzinfo=timezone.utc)
    starts: dict[date, datetime] = {}
    previous = None
    for minute in range(hours * 60):
        instant = first + timedelta(minutes=minute)
        day = work_day(instant.astimezone(ZoneInfo(zone)), day_start_hour)
        assert previous is None or day in (previous, previous + timedelta(days=1)), instant  # never back, never a skip
        starts.setdefault(day, instant)
        previous = day
    return starts


@pytest.mark.parametrize(
    ("zone", "utc", "wall", "day"),
    [
        # Berlin springs forward on 2026-03-29: 02:00 CET becomes 03:00 CEST (01:00 UTC).
        ("Europe/Berlin", "2026-03-28T23:00:00", "2026-03-29T00:00:00+01:00", date(2026, 3, 28)),
        ("Europe/Berlin", "2026-03-29T00:59:00", "2026-03-29T01:59:00+01:00", date(2026, 3, 28)),
        ("Europe/Berlin", "2026-03-29T01:00:00", "2026-03-29T03:00:00+02:00", date(2026, 3, 28)),
        ("Europe/Berlin", "2026-03-29T01:59:00", "2026-03-29T03:59:00+02:00", date(2026, 3, 28)),
        ("Europe/Berlin", "2026-03-29T02:00:00", "2026-03-29T04:00:00+02:00", date(2026, 3, 29)),
        ("Europe/Berlin", "2026-03-30T01:59:00", "2026-03-30T03:59:00+02:00", date(2026, 3, 29)),
        # Berlin falls back on 2026-10-25: 03:00 CEST becomes 02:00 CET (01:00 UTC); 02:xx happens twice.
        ("Europe/Berlin", "2026-10-25T00:30:00", "2026-10-25T02:30:00+02:00", date(2026, 10, 24)),
        ("Europe/Berlin", "2026-10-25T01:30:00", "2026-10-25T02:30:00+01:00", date(2026, 10, 24)),
        ("Europe/Berlin", "2026-10-25T02:59:00", "2026-10-25T03:59:00+01:00", date(2026, 10, 24)),
        ("Europe/Berlin", "2026-10-25T03:00:00", "2026-10-25T04:00:00+01:00", date(2026, 10, 25)),
        # New York springs forward on 2026-03-08: 02:00 EST becomes 03:00 EDT (07:00 UTC).
        ("America/New_York", "2026-03-08T06:59:00", "2026-03-08T01:59:00-05:00", date(2026, 3, 7)),
        ("America/New_York", "2026-03-08T07:00:00", "2026-03-08T03:00:00-04:00", date(2026, 3, 7)),
        ("America/New_York", "2026-03-08T07:59:00", "2026-03-08T03:59:00-04:00", date(2026, 3, 7)),
        ("America/New_York", "2026-03-08T08:00:00", "2026-03-08T04:00:00-04:00", date(2026, 3, 8)),
    ],
)
def test_work_day_follows_the_wall_clock_on_dst_change_days(zone: str, utc: str, wall: str, day: date):
    moment = _wall(zone, utc)
    assert moment.isoformat() == wall  # the zone data says what we think it says
    assert work_day(moment, 4) == day


@pytest.mark.parametrize(
    ("zone", "first_utc", "short_or_long", "hours"),
    [
        ("Europe/Berlin", "2026-03-27T00:00:00", date(2026, 3, 28), 23),
        ("Europe/Berlin", "2026-10-23T00:00:00", date(2026, 10, 24), 25),
        ("America/New_York", "2026-03-06T00:00:00", date(2026, 3, 7), 23),
    ],
)
def test_the_work_day_before_a_dst_change_is_an_hour_short_or_long(zone: str, first_utc: str, short_or_long: date, hours: int):
    starts = _work_day_starts(zone, first_utc, 4 * 24)
    days = sorted(starts)
    assert days == [days[0] + timedelta(days=n) for n in range(len(days))]  # every day, in order
    for day in days[1:]:
        assert starts[day].astimezone(ZoneInfo(zone)).strftime("%H:%M") == "04:00"
    length = starts[short_or_long + timedelta(days=1)] - starts[short_or_long]
    assert length == timedelta(hours=hours)
    assert starts[short_or_long + timedelta(days=2)] - starts[short_or_long + timedelta(days=1)] == timedelta(hours=24)


def test_both_passes_of_a_repeated_hour_belong_to_one_day():
    first, second = _wall("Europe/Berlin", "2026-10-25T00:30:00"), _wall("Europe/Berlin", "2026-10-25T01:30:00")
    assert (first.fold, second.fold) == (0, 1) and first.replace(tzinfo=None) == second.replace(tzinfo=None)
    assert work_day(first, 2) == work_day(second, 2) == date(2026, 10, 25)
    assert work_day(_wall("Europe/Berlin", "2026-10-24T23:59:00"), 2) == date(2026, 10, 24)  # 01:59 CEST
    # A day start that the spring change skips: the new day begins at the first wall time after it.
    assert work_day(_wall("Europe/Berlin", "2026-03-29T00:59:00"), 2) == date(2026, 3, 28)  # 01:59 CET
    assert work_day(_wall("Europe/Berlin", "2026-03-29T01:00:00"), 2) == date(2026, 3, 29)  # 03:00 CEST


@pytest.mark.parametrize(
    ("zone", "utc", "week_start", "quarter_start", "quarter_label"),
    [
        ("Europe/Berlin", "2026-03-29T01:30:00", date(2026, 3, 23), date(2026, 1, 1), "Q1 2026"),  # 03:30 CEST: Saturday's
        ("Europe/Berlin", "2026-03-29T10:00:00", date(2026, 3, 23), date(2026, 1, 1), "Q1 2026"),
        ("Europe/Berlin", "2026-03-30T01:59:00", date(2026, 3, 23), date(2026, 1, 1), "Q1 2026"),  # Monday 03:59: still Sunday's
        ("Europe/Berlin", "2026-03-30T02:00:00", date(2026, 3, 30), date(2026, 1, 1), "Q1 2026"),  # Monday 04:00: a new week
        ("Europe/Berlin", "2026-04-01T01:30:00", date(2026, 3, 30), date(2026, 1, 1), "Q1 2026"),  # 1 Apr 03:30: March's
        ("Europe/Berlin", "2026-04-01T02:00:00", date(2026, 3, 30), date(2026, 4, 1), "Q2 2026"),
        ("Europe/Berlin", "2026-10-25T01:30:00", date(2026, 10, 19), date(2026, 10, 1), "Q4 2026"),  # second 02:30
        ("Europe/Berlin", "2026-10-26T02:59:00", date(2026, 10, 19), date(2026, 10, 1), "Q4 2026"),  # Monday 03:59 CET
        ("Europe/Berlin", "2026-10-26T03:00:00", date(2026, 10, 26), date(2026, 10, 1), "Q4 2026"),
        ("America/New_York", "2026-03-08T07:30:00", date(2026, 3, 2), date(2026, 1, 1), "Q1 2026"),  # 03:30 EDT
        ("America/New_York", "2026-03-09T07:59:00", date(2026, 3, 2), date(2026, 1, 1), "Q1 2026"),  # Monday 03:59 EDT
        ("America/New_York", "2026-03-09T08:00:00", date(2026, 3, 9), date(2026, 1, 1), "Q1 2026"),
    ],
)
def test_week_and_quarter_of_moments_around_dst_changes(zone, utc, week_start, quarter_start, quarter_label):
    day = work_day(_wall(zone, utc), 4)
    week = period_for(Stage.WEEK, day)
    quarter = period_for(Stage.QUARTER, day)
    assert (week.start, len(week.days()), len(pacing_days(week))) == (week_start, 7, 5)
    assert day in week and day in quarter
    assert (quarter.start, quarter.label) == (quarter_start, quarter_label)


def test_a_week_starting_on_the_dst_sunday_is_seven_calendar_days():
    for sunday in (date(2026, 3, 29), date(2026, 10, 25), date(2026, 3, 8)):
        week = week_period(sunday, week_start=6)
        assert week.start == sunday and week.end == sunday + timedelta(days=7)
        assert [day.weekday() for day in week.days()] == [6, 0, 1, 2, 3, 4, 5]
    fiscal = quarter_period(date(2026, 3, 29), fiscal_start_month=4)
    assert (fiscal.start, fiscal.end, fiscal.label) == (date(2026, 1, 1), date(2026, 4, 1), "Q4 FY2026")


@pytest.mark.parametrize(
    ("fiscal_start", "start", "days", "label"),
    [
        (1, date(2028, 1, 1), 91, "Q1 2028"),
        (2, date(2028, 2, 1), 90, "Q1 FY2029"),
        (3, date(2027, 12, 1), 91, "Q4 FY2028"),
        (4, date(2028, 1, 1), 91, "Q4 FY2028"),
        (7, date(2028, 1, 1), 91, "Q3 FY2028"),
        (10, date(2028, 1, 1), 91, "Q2 FY2028"),
        (11, date(2028, 2, 1), 90, "Q2 FY2028"),
        (12, date(2027, 12, 1), 91, "Q1 FY2028"),
    ],
)
def test_the_leap_year_quarter_holding_29_february_2028(fiscal_start: int, start: date, days: int, label: str):
    leap_day = date(2028, 2, 29)
    quarter = quarter_period(leap_day, fiscal_start)
    assert (quarter.start, len(quarter.days()), quarter.label) == (start, days, label)
    assert leap_day in quarter and leap_day in quarter.days()
    assert quarter_period(quarter.start, fiscal_start) == quarter == quarter_period(quarter.end - timedelta(days=1), fiscal_start)
    a_year_before = quarter_period(date(2027, 2, 28), fiscal_start)
    assert len(a_year_before.days()) == days - 1  # the same quarter in 2027 lacks the 29th
    assert leap_day.weekday() == 1 and leap_day in pacing_days(quarter)  # a Tuesday: a pacing day


def test_a_sunday_week_across_the_new_year():
    old_year = week_period(date(2026, 12, 31), week_start=6)  # a Thursday
    assert (old_year.start, old_year.end, old_year.label) == (date(2026, 12, 27), date(2027, 1, 3), "week of 27 Dec 2026")
    assert week_period(date(2027, 1, 2), week_start=6) == old_year  # the Saturday after
    assert date(2027, 1, 1) in old_year and date(2027, 1, 3) not in old_year
    new_year = week_period(date(2027, 1, 3), week_start=6)
    assert (new_year.start, new_year.label) == (date(2027, 1, 3), "week of 03 Jan")
    # 28 Dec to 1 Jan are the working days; on New Year's Day, what is left is due that day.
    assert pacing_days(old_year) == [date(2026, 12, 28), date(2026, 12, 29), date(2026, 12, 30), date(2026, 12, 31), date(2027, 1, 1)]
    last_day = pace(old_year, date(2027, 1, 1), target=500, done=400, done_today=0)
    assert (last_day.catch_up_today, last_day.days_left, last_day.expected_before_today) == (100, 1, 400)
    # A week that ends on 31 December stays in its year; one starting on 1 January needs no year.
    assert week_period(date(2022, 12, 31), week_start=6).label == "week of 25 Dec"
    assert week_period(date(2023, 1, 1), week_start=6).label == "week of 01 Jan"
    # A work day that starts before 04:00 on 3 January still belongs to the old week.
    assert week_period(work_day(datetime(2027, 1, 3, 3, 59, tzinfo=timezone.utc)), week_start=6) == old_year


def test_a_key_task_stated_mid_period_is_paced_from_that_day():
    quarter = quarter_period(date(2026, 11, 17))
    from_start = pace(quarter, date(2026, 11, 17), target=6_600, done=0, done_today=0)
    stated_today = pace(quarter, date(2026, 11, 17), target=6_600, done=0, done_today=0, since=date(2026, 11, 17))
    assert from_start.ahead_by < -3_000  # judged on October without the `since`
    assert stated_today.ahead_by == 0 and stated_today.expected_before_today == 0
    working_days_left = len([d for d in pacing_days(quarter) if d >= date(2026, 11, 17)])
    assert stated_today.catch_up_today == pytest.approx(6_600 / working_days_left)


def test_on_a_day_off_the_catch_up_applies_from_the_next_working_day():
    quarter = quarter_period(date(2026, 11, 21))
    saturday = pace(quarter, date(2026, 11, 21), target=660, done=0, done_today=0, since=date(2026, 10, 1))
    monday = pace(quarter, date(2026, 11, 23), target=660, done=0, done_today=0, since=date(2026, 10, 1))
    assert not saturday.today_is_pacing_day and monday.today_is_pacing_day
    assert saturday.catch_up_today == monday.catch_up_today
