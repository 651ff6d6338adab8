"""parse_day: the words people type for a day, relative to a given today."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest
from hypothesis import given, settings, strategies as st

from focus_tui.domain.dates import DateParseError, parse_day

SATURDAY = date(2026, 11, 21)
WEEKDAY_WORDS = {
    0: ["monday", "mon"], 1: ["tuesday", "tue", "tues"], 2: ["wednesday", "wed"],
    3: ["thursday", "thu", "thur", "thurs"], 4: ["friday", "fri"], 5: ["saturday", "sat"], 6: ["sunday", "sun"],
}
# Realistic "today"s, far from date.min/date.max.
TODAYS = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))


def _month_length(year: int, month: int) -> int:
    if month == 12:
        return 31
    return (date(year, month + 1, 1) - timedelta(days=1)).day


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", SATURDAY), ("tod", SATURDAY),
        ("tomorrow", date(2026, 11, 22)), ("tmr", date(2026, 11, 22)),
        ("yesterday", date(2026, 11, 20)),
        ("+3d", date(2026, 11, 24)), ("3d", date(2026, 11, 24)), ("+3 days", date(2026, 11, 24)),
        ("-1d", date(2026, 11, 20)), ("+0d", SATURDAY),
        ("+2w", date(2026, 12, 5)), ("-1w", date(2026, 11, 14)),
        ("+1m", date(2026, 12, 21)), ("+1y", date(2027, 11, 21)),
        ("next month", date(2026, 12, 1)), ("next year", date(2027, 1, 1)),
        ("2026-12-01", date(2026, 12, 1)), ("1999-01-31", date(1999, 1, 31)),
    ],
)
def test_words_and_offsets(text: str, expected: date) -> None:
    assert parse_day(text, SATURDAY) == expected


@pytest.mark.parametrize("text", ["  TOMORROW ", "Tomorrow", "\ttomorrow\n", "TMRW"])
def test_whitespace_and_case_do_not_matter(text: str) -> None:
    assert parse_day(text, SATURDAY) == date(2026, 11, 22)


def test_whitespace_inside_multiword_phrases() -> None:
    assert parse_day("  Next    WEEK ", SATURDAY) == date(2026, 11, 23)
    assert parse_day("NEXT\tMonth", SATURDAY) == date(2026, 12, 1)
    assert parse_day(" FRI ", SATURDAY) == date(2026, 11, 27)


@pytest.mark.parametrize("weekday", range(7))
def test_weekday_names_mean_the_next_one_strictly_after_today(weekday: int) -> None:
    for word in WEEKDAY_WORDS[weekday]:
        result = parse_day(word, SATURDAY)
        assert result.weekday() == weekday
        assert SATURDAY < result <= SATURDAY + timedelta(days=7)
        assert parse_day(f"next {word}", SATURDAY) == result
    # Saturday on a Saturday is a week away, never today.
    assert parse_day("sat", SATURDAY) == date(2026, 11, 28)


@settings(deadline=None)  # no timing assertions
@given(TODAYS, st.integers(0, 6))
def test_weekday_property(today: date, weekday: int) -> None:
    result = parse_day(WEEKDAY_WORDS[weekday][0], today)
    assert result.weekday() == weekday
    assert 1 <= (result - today).days <= 7


def test_next_week_depends_on_the_week_start() -> None:
    assert parse_day("next week", SATURDAY, week_start=0) == date(2026, 11, 23)  # Monday
    assert parse_day("next week", SATURDAY, week_start=6) == date(2026, 11, 22)  # Sunday
    monday = date(2026, 11, 23)
    assert parse_day("next week", monday, week_start=0) == date(2026, 11, 30)
    sunday = date(2026, 11, 22)
    assert parse_day("next week", sunday, week_start=6) == date(2026, 11, 29)
    assert parse_day("next week", sunday, week_start=0) == date(2026, 11, 23)


@settings(deadline=None)  # no timing assertions
@given(TODAYS, st.integers(0, 6))
def test_next_week_property(today: date, week_start: int) -> None:
    result = parse_day("next week", today, week_start=week_start)
    assert result.weekday() == week_start
    assert 1 <= (result - today).days <= 7


@pytest.mark.parametrize(
    ("today", "expected"),
    [(date(2026, 12, 31), date(2027, 1, 1)), (date(2027, 1, 31), date(2027, 2, 1)), (date(2028, 2, 29), date(2028, 3, 1))],
)
def test_next_month_is_the_first_of_the_following_month(today: date, expected: date) -> None:
    assert parse_day("next month", today) == expected


def test_leap_years() -> None:
    assert parse_day("2028-02-29", SATURDAY) == date(2028, 2, 29)
    assert parse_day("2000-02-29", SATURDAY) == date(2000, 2, 29)
    with pytest.raises(DateParseError, match="February 2027 has 28 days"):
        parse_day("2027-02-29", SATURDAY)
    with pytest.raises(DateParseError, match="February 2100 has 28 days"):
        parse_day("2100-02-29", SATURDAY)
    assert parse_day("+1d", date(2028, 2, 28)) == date(2028, 2, 29)
    assert parse_day("+1d", date(2027, 2, 28)) == date(2027, 3, 1)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("2026-02-30", "February 2026 has 28 days"),
        ("2026-04-31", "April 2026 has 30 days"),
        ("2026-13-01", "no month 13"),
        ("2026-00-10", "no month 0"),
        ("2026-01-00", "has 31 days"),
        ("0000-01-01", "year 0"),
    ],
)
def test_impossible_dates_are_refused_with_a_reason(text: str, words: str) -> None:
    with pytest.raises(DateParseError, match=words):
        parse_day(text, SATURDAY)


@pytest.mark.parametrize(
    "text",
    ["", "   ", "someday", "next", "next fortnight", "2026-1-5", "2026/12/01", "12/01/2026", "+3x", "++3d",
     "+99999d", "fri day", None, 5],
)
def test_non_dates_are_refused(text) -> None:
    with pytest.raises(DateParseError) as caught:
        parse_day(text, SATURDAY)
    assert str(caught.value)


def test_far_offsets_are_refused_not_crashes() -> None:
    with pytest.raises(DateParseError, match="too far"):
        parse_day("+9999y", SATURDAY)
    with pytest.raises(DateParseError, match="too far"):
        parse_day("-9999y", SATURDAY)


# --- properties --------------------------------------------------------------------------------

NEAR_MISSES = st.one_of(
    st.text(),
    st.text(st.characters(categories=["Nd", "Zs", "Cc", "Cs", "Ll"]), max_size=12),
    st.from_regex(r"[+-]?\d{1,6} ?(d|w|m|y|days|weeks|months|years|x)?", fullmatch=True),
    st.from_regex(r"\d{4}-\d{2}-\d{2}", fullmatch=True),
    st.builds(lambda word, rest: f"{word} {rest}", st.sampled_from(["next", "NEXT", "+", "fri"]), st.text(max_size=8)),
)


@settings(max_examples=300, deadline=None)
@given(NEAR_MISSES, TODAYS, st.integers(0, 6))
def test_parse_day_returns_a_date_or_raises_date_parse_error(text: str, today: date, week_start: int) -> None:
    try:
        result = parse_day(text, today, week_start)
    except DateParseError as error:
        assert str(error)
        return
    assert type(result) is date


@settings(deadline=None)  # no timing assertions
@given(TODAYS, st.integers(0, 9999))
def test_plus_n_days_is_today_plus_n(today: date, days: int) -> None:
    assert parse_day(f"+{days}d", today) == today + timedelta(days=days)
    assert parse_day(f"-{days}d", today) == today - timedelta(days=days)
    assert parse_day(f"{days} days", today) == today + timedelta(days=days)


@settings(deadline=None)  # no timing assertions
@given(TODAYS, st.integers(0, 999))
def test_plus_n_weeks_is_seven_n_days(today: date, weeks: int) -> None:
    assert parse_day(f"+{weeks}w", today) == today + timedelta(weeks=weeks)


@settings(deadline=None)  # no timing assertions
@given(st.dates())
def test_iso_dates_round_trip(day: date) -> None:
    assert parse_day(day.isoformat(), SATURDAY) == day


@settings(deadline=None)  # no timing assertions
@given(st.integers(1, 9999), st.integers(1, 12), st.integers(29, 31))
def test_days_beyond_the_month_end_are_refused(year: int, month: int, day: int) -> None:
    length = _month_length(year, month)
    text = f"{year:04d}-{month:02d}-{day:02d}"
    if day <= length:
        assert parse_day(text, SATURDAY) == date(year, month, day)
        return
    with pytest.raises(DateParseError) as caught:
        parse_day(text, SATURDAY)
    message = str(caught.value)
    assert f"has {length} days" in message
    assert calendar.month_name[month] in message
