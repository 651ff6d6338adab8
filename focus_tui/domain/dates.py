"""Turning the words people type for a day ("fri", "+3d", "next week", 2026-12-01) into dates."""

from __future__ import annotations

import calendar
import re
from datetime import date

from dateutil.relativedelta import relativedelta, weekday as RelativeWeekday
from dateutil.relativedelta import MO, TU, WE, TH, FR, SA, SU

WEEKDAYS: dict[str, RelativeWeekday] = {}
for _names, _weekday in (
    (("monday", "mon"), MO),
    (("tuesday", "tue", "tues"), TU),
    (("wednesday", "wed"), WE),
    (("thursday", "thu", "thur", "thurs"), TH),
    (("friday", "fri"), FR),
    (("saturday", "sat"), SA),
    (("sunday", "sun"), SU),
):
    for _name in _names:
        WEEKDAYS[_name] = _weekday

# Patterns, not compiled ones: the app imports this module at every start but parses typed dates
# only later, and re keeps what it compiles.
OFFSET = r"^([+-]?)(\d{1,4})\s*(d|day|days|w|wk|week|weeks|m|mo|month|months|y|year|years)$"
ISO_DATE = r"^(\d{4})-(\d{2})-(\d{2})$"

DAY_WORDS_HELP = "today, tomorrow, yesterday, a weekday (fri), +3d, +2w, next week, next month or 2026-12-01"


class DateParseError(ValueError):
    """Text that does not name a day; the message says what was expected."""


def _offset(sign: str, amount: int, unit: str) -> relativedelta:
    amount = -amount if sign == "-" else amount
    if unit.startswith("d"):
        return relativedelta(days=amount)
    if unit.startswith("w"):
        return relativedelta(weeks=amount)
    if unit.startswith("m"):
        return relativedelta(months=amount)
    return relativedelta(years=amount)


def _iso_date(text: str) -> date:
    match = re.match(ISO_DATE, text)
    assert match
    year, month, day = (int(part) for part in match.groups())
    if year < 1:
        raise DateParseError(f"{text} is not a real date: there is no year 0")
    if not 1 <= month <= 12:
        raise DateParseError(f"{text} is not a real date: there is no month {month}")
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise DateParseError(
            f"{text} is not a real date: {calendar.month_name[month]} {year} has {last} days"
        )
    return date(year, month, day)


def parse_day(text: str, today: date, week_start: int = 0) -> date:
    """A day from what a person typed, relative to `today`.

    A weekday name means the next such day after today; `next week` is the first day of next
    week (week_start: 0 = Monday ... 6 = Sunday).
    """
    if not isinstance(text, str):
        raise DateParseError("a date must be text")
    words = " ".join(text.strip().lower().split())
    if not words:
        raise DateParseError(f"no date given; use {DAY_WORDS_HELP}")
    if words in ("today", "tod", "now"):
        return today
    if words in ("tomorrow", "tom", "tmr", "tmrw"):
        return today + relativedelta(days=1)
    if words in ("yesterday", "yest"):
        return today - relativedelta(days=1)
    if words in WEEKDAYS:
        return today + relativedelta(days=1, weekday=WEEKDAYS[words](+1))
    if words.startswith("next ") and words[5:] in WEEKDAYS:
        return today + relativedelta(days=1, weekday=WEEKDAYS[words[5:]](+1))
    if words == "next week":
        start = [MO, TU, WE, TH, FR, SA, SU][week_start % 7]
        return today + relativedelta(days=1, weekday=start(+1))
    if words == "next month":
        return today + relativedelta(months=1, day=1)
    if words == "next year":
        return today + relativedelta(years=1, month=1, day=1)
    match = re.match(OFFSET, words)
    if match:
        sign, amount, unit = match.groups()
        try:
            return today + _offset(sign, int(amount), unit)
        except (OverflowError, ValueError) as error:
            raise DateParseError(f"{text!r} is too far away") from error
    if re.match(ISO_DATE, words):
        return _iso_date(words)
    raise DateParseError(f"{text!r} is not a date; use {DAY_WORDS_HELP}")
