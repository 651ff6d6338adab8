"""Periods of the three stages and the method's phased-target pacing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, strategies as st

from focus_tui.domain.pacing import ALL_DAYS, pace, pacing_days
from focus_tui.domain.periods import Stage, day_period, period_for, quarter_period, week_period


def test_week_starts_on_monday_by_default_and_on_any_configured_day():
    saturday = date(2026, 11, 21)
    assert week_period(saturday).start == date(2026, 11, 16)
    assert week_period(saturday, week_start=6).start == date(2026, 11, 15)
    assert week_period(date(2026, 11, 16)).start == date(2026, 11, 16)  # a Monday is its own start


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
