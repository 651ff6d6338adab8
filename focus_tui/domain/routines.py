"""Routines: standard procedures for recurring work (the method's section 7).

A routine is a template: a name, a recurrence, an ordered checklist of steps and a few key
variables, each with the value or range it is expected to land in. On each day its recurrence
hits, one task (an *instance*) carries the checklist onto that day's list. A key variable logged
outside its expectation is *flagged*, so the person sees it the day it happens.

Recurrence is expanded on naive dates with dateutil's rrule, so a daylight-saving change can
neither skip nor double a day.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import field, replace
from datetime import date, datetime, time, timedelta
from itertools import islice
from typing import TYPE_CHECKING, Any, Iterable, Mapping

from focus_tui.domain.clock import parse_timestamp, timestamp, work_day
from focus_tui.domain.keytasks import clean_unit, format_amount, parse_amount
from focus_tui.domain.records import record
from focus_tui.domain.tasks import Category, Status, Step, Task, edit_task, new_task
from focus_tui.domain.validation import ValidationError, clean_kind, clean_minutes, clean_title

if TYPE_CHECKING:
    from dateutil.rrule import rrule

MAX_NAME = 80
MAX_STEPS = 30
MAX_VARIABLES = 8
MAX_VARIABLE_NAME = 40
MAX_INTERVAL = 365
MISSED_LOOKBACK_DAYS = 60
"""Missed occurrences older than this are no longer worth showing."""
MISSED_KEEP = 31

WEEKDAY_SHORT = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_WEEKDAY_WORDS = {
    **{name.lower(): index for index, name in enumerate(WEEKDAY_SHORT)},
    **{name: index for index, name in enumerate(
        ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))},
    "tues": 1, "wednes": 2, "thur": 3, "thurs": 3,
}
RECURRENCE_EXAMPLES = ("daily, weekdays, weekends, mon,thu, every monday, every 2 weeks on mon, "
                       "monthly on 15, monthly on the last day, every 3 days")


# -- recurrence ---------------------------------------------------------------------------------
def ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def day_list(days: Iterable[date], limit: int = 3) -> str:
    """`Tue 17, Wed 18` (the newest `limit`, with `+2 earlier` in front of the rest)."""
    days = sorted(days)
    shown = ", ".join(f"{day:%a %d}" for day in days[-limit:])
    hidden = len(days) - limit
    return f"{shown} (+{hidden} earlier)" if hidden > 0 else shown


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


@record
class Recurrence:
    """When a routine runs, stored in a structured form (never the text that was typed).

    freq `daily` runs every `interval` days from `starts`; `weekly` on `weekdays` (0 = Monday)
    every `interval` weeks counted from the week of `starts`; `monthly` on `monthday` (1-31, or
    -1 for the last day; 29-31 fall back to the last day of shorter months)."""

    freq: str
    starts: date
    interval: int = 1
    weekdays: tuple[int, ...] = ()
    monthday: int | None = None

    # -- words ---------------------------------------------------------------------------------
    def describe(self) -> str:
        if self.freq == "daily":
            return "every day" if self.interval == 1 else f"every {self.interval} days from {self.starts:%a %d %b}"
        if self.freq == "weekly":
            if self.weekdays == (0, 1, 2, 3, 4) and self.interval == 1:
                return "every weekday"
            days = _and([WEEKDAY_SHORT[day] for day in self.weekdays])
            if self.interval == 1:
                return f"every {days}"
            return f"every {self.interval} weeks on {days}, from {self.starts:%a %d %b}"
        if self.monthday == -1:
            return "monthly on the last day"
        text = f"monthly on the {ordinal(self.monthday or 1)}"
        return text + " (the last day in shorter months)" if (self.monthday or 1) > 28 else text

    def as_text(self) -> str:
        """A form parse_recurrence reads back to the same rule (`every 2 weeks on mon`)."""
        days = ",".join(WEEKDAY_SHORT[day].lower() for day in self.weekdays)
        if self.freq == "daily":
            return "daily" if self.interval == 1 else f"every {self.interval} days"
        if self.freq == "weekly":
            if self.interval > 1:
                return f"every {self.interval} weeks on {days}"
            return {(0, 1, 2, 3, 4): "weekdays", (5, 6): "weekends"}.get(self.weekdays, days)
        return "monthly on the last day" if self.monthday == -1 else f"monthly on {self.monthday}"

    # -- expansion -----------------------------------------------------------------------------
    def _rule(self, near: date, until: date) -> rrule:
        """An rrule equivalent to this recurrence from `near` on, started close to `near` so that
        expanding a window costs the window, not the routine's whole history."""
        from dateutil.rrule import DAILY, MO, MONTHLY, WEEKLY, rrule  # see hits(): most starts need none

        near = max(near, self.starts)
        end = datetime.combine(until, time())
        if self.freq == "daily":
            anchor = self.starts + timedelta(days=(near - self.starts).days // self.interval * self.interval)
            return rrule(DAILY, interval=self.interval, dtstart=datetime.combine(anchor, time()), until=end)
        if self.freq == "weekly":
            first_week = self.starts - timedelta(days=self.starts.weekday())
            near_week = near - timedelta(days=near.weekday())
            weeks = (near_week - first_week).days // 7 // self.interval * self.interval
            anchor = first_week + timedelta(weeks=weeks)
            return rrule(WEEKLY, interval=self.interval, byweekday=self.weekdays, wkst=MO,
                         dtstart=datetime.combine(anchor, time()), until=end)
        anchor = datetime.combine(near.replace(day=1), time())
        if self.monthday is not None and self.monthday > 28:
            # The 31st is the last day of a shorter month: the latest of 28..31 that exists.
            return rrule(MONTHLY, bymonthday=tuple(range(28, self.monthday + 1)), bysetpos=-1, dtstart=anchor, until=end)
        return rrule(MONTHLY, bymonthday=self.monthday or 1, dtstart=anchor, until=end)

    def between(self, first: date, last: date) -> list[date]:
        """Every day from `first` to `last` (both included) the recurrence hits."""
        if last < first or last < self.starts:
            return []
        return [moment.date() for moment in self._rule(first, last) if moment.date() >= max(first, self.starts)]

    def hits(self, day: date) -> bool:
        """Whether the recurrence hits `day`: the same answer as between(day, day), read off the
        rule for the shapes parse_recurrence and from_doc make. Every start asks it of each routine
        not yet generated that day, and then needs neither rrule nor its import (~1 ms)."""
        if day < self.starts:
            return False
        interval, monthday = self.interval, self.monthday or 1
        if type(interval) is not int or interval < 1:
            return bool(self.between(day, day))
        if self.freq == "daily":
            return (day - self.starts).days % interval == 0
        if self.freq == "weekly" and self.weekdays and all(type(weekday) is int and 0 <= weekday <= 6
                                                           for weekday in self.weekdays):
            weeks = (day - self.starts).days + self.starts.weekday() - day.weekday()  # Monday to Monday
            return day.weekday() in self.weekdays and weeks // 7 % interval == 0
        if self.freq == "monthly" and type(monthday) is int and (monthday == -1 or 1 <= monthday <= 31):
            last = calendar.monthrange(day.year, day.month)[1]
            # The 29th to the 31st fall back to the last day of a shorter month (see _rule).
            return day.day == (last if monthday == -1 else min(monthday, last))
        return bool(self.between(day, day))

    def next_dates(self, after: date, count: int = 5, *, include: bool = True) -> list[date]:
        """The next `count` days it hits, from `after` (included unless `include` is False)."""
        first = after if include else after + timedelta(days=1)
        horizon = first + timedelta(days=max(count, 1) * 31 * self.interval + 62)
        return list(islice(self.between(first, horizon), count))

    # -- storage -------------------------------------------------------------------------------
    def to_doc(self) -> dict[str, Any]:
        return {"freq": self.freq, "interval": self.interval, "weekdays": list(self.weekdays),
                "monthday": self.monthday, "starts": self.starts.isoformat()}

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> "Recurrence":
        freq = doc["freq"]
        interval = int(doc.get("interval") or 1)
        weekdays = tuple(sorted({int(day) for day in doc.get("weekdays") or ()}))
        monthday = doc.get("monthday")
        if freq not in ("daily", "weekly", "monthly") or not 1 <= interval <= MAX_INTERVAL:
            raise ValueError(f"not a recurrence: {dict(doc)!r}")
        if freq == "weekly" and (not weekdays or not all(0 <= day <= 6 for day in weekdays)):
            raise ValueError(f"a weekly recurrence needs weekdays 0-6: {dict(doc)!r}")
        if freq == "monthly" and (not isinstance(monthday, int) or monthday not in (-1, *range(1, 32))):
            raise ValueError(f"a monthly recurrence needs a day 1-31 or -1: {dict(doc)!r}")
        return cls(freq=freq, starts=date.fromisoformat(doc["starts"]), interval=interval, weekdays=weekdays,
                   monthday=int(monthday) if freq == "monthly" else None)


def _recurrence_error(text: str, detail: str = "") -> ValidationError:
    return ValidationError("recurrence", f"{text!r} {detail or 'is not a recurrence I know'}; try: {RECURRENCE_EXAMPLES}")


def _weekdays(words: str, text: str) -> tuple[int, ...]:
    days = set()
    for word in re.split(r"[,\s]+|\band\b", words):
        if not word:
            continue
        key = word[:-1] if word.endswith("s") and word[:-1] in _WEEKDAY_WORDS else word
        if key not in _WEEKDAY_WORDS:
            raise _recurrence_error(text, f"names {word!r}, which is not a weekday")
        days.add(_WEEKDAY_WORDS[key])
    if not days:
        raise _recurrence_error(text, "names no weekday")
    return tuple(sorted(days))


def _interval(number: str, text: str) -> int:
    value = 2 if number == "other" else int(number)
    if not 1 <= value <= MAX_INTERVAL:
        raise _recurrence_error(text, f"needs an interval from 1 to {MAX_INTERVAL}")
    return value


def parse_recurrence(text: str, starts: date) -> Recurrence:
    """Read what a person types (case-insensitive): daily, every day, weekdays, weekends,
    mon,wed,fri, weekly on mon,thu, every monday, every 2 weeks on mon, monthly on 15,
    monthly on the 15th, monthly on the last day, every N days."""
    if not isinstance(text, str):
        raise ValidationError("recurrence", "must be text")
    words = " ".join(text.strip().lower().replace(",", ", ").split()).replace(" ,", ",")
    if not words:
        raise ValidationError("recurrence", f"is empty; try: {RECURRENCE_EXAMPLES}")
    if words in ("daily", "every day", "each day"):
        return Recurrence("daily", starts)
    if words in ("weekdays", "every weekday", "on weekdays", "workdays", "every workday"):
        return Recurrence("weekly", starts, weekdays=(0, 1, 2, 3, 4))
    if words in ("weekends", "every weekend", "on weekends", "every weekend day"):
        return Recurrence("weekly", starts, weekdays=(5, 6))
    if words in ("weekly", "every week"):
        return Recurrence("weekly", starts, weekdays=(starts.weekday(),))
    if words == "monthly":
        return Recurrence("monthly", starts, monthday=starts.day)
    if match := re.fullmatch(r"every (\d+|other) days?", words):
        interval = _interval(match[1], text)
        return Recurrence("daily", starts, interval=interval)
    if match := re.fullmatch(r"every (\d+|other) weeks?(?: on (.+))?", words):
        interval = _interval(match[1], text)
        days = _weekdays(match[2], text) if match[2] else (starts.weekday(),)
        # Counted from the first day it hits, so "every 2 weeks on mon" starts with the coming Monday.
        first = next(starts + timedelta(days=ahead) for ahead in range(7) if (starts.weekday() + ahead) % 7 in days)
        return Recurrence("weekly", first, interval=interval, weekdays=days)
    if match := re.fullmatch(r"monthly(?: on)?(?: the)? (?:(\d{1,2})(?:st|nd|rd|th)?|(last))(?: day)?(?: of the month)?", words):
        if match[2]:
            return Recurrence("monthly", starts, monthday=-1)
        day = int(match[1])
        if not 1 <= day <= 31:
            raise _recurrence_error(text, "names a day of the month outside 1-31")
        return Recurrence("monthly", starts, monthday=day)
    if match := re.fullmatch(r"(?:weekly on|every|on)? ?([a-z, ]+)", words):
        days = _weekdays(match[1], text)
        if len(days) == 7:
            return Recurrence("daily", starts)
        return Recurrence("weekly", starts, weekdays=days)
    raise _recurrence_error(text)


# -- key variables ------------------------------------------------------------------------------
OPERATORS = (">=", "<=", "==", "=", ">", "<")
_NUMBER = r"[-+]?(?:\d[\d,]*(?:\.\d+)?|\.\d+)(?:[km](?![a-z]))?"
# Patterns, not compiled ones (case-insensitive where used): only typed variables are parsed, and
# compiling both at import was ~1 ms of every start. re keeps what it compiles.
_COMPARISON = rf"^(?P<name>.*?)\s*(?P<op>>=|<=|==|=|>|<)\s*(?P<value>{_NUMBER}|\S*?)(?:(?<=\d)(?P<unit1>[a-z%].*)|\s+(?P<unit2>.*))?$"
_RANGE = rf"^(?P<name>.*?)\s+(?P<low>{_NUMBER})\s*\.\.\s*(?P<high>{_NUMBER})\s*(?P<unit>.*)$"
VARIABLE_HELP = "write NAME OP NUMBER [UNIT] (members >= 30, reply time <= 2 h) or NAME LOW..HIGH [UNIT] (score 7..9)"


@record
class Variable:
    """A key variable of a routine and the value (or range) it is expected to meet."""

    name: str
    op: str
    value: float
    high: float | None = None
    unit: str = ""

    def check(self, number: float) -> bool:
        if self.op == "..":
            return self.value <= number <= (self.high if self.high is not None else self.value)
        return {">=": number >= self.value, "<=": number <= self.value, ">": number > self.value,
                "<": number < self.value, "==": number == self.value}[self.op]

    def _with_unit(self, text: str) -> str:
        return f"{text} {self.unit}" if self.unit else text

    @property
    def expectation(self) -> str:
        """`>= 30`, `<= 2 h`, `7..9`."""
        if self.op == "..":
            return self._with_unit(f"{format_amount(self.value)}..{format_amount(self.high or 0)}")
        return self._with_unit(f"{'=' if self.op == '==' else self.op} {format_amount(self.value)}")

    @property
    def expression(self) -> str:
        """The variable as it is typed back: `members >= 30`, `score 7..9`."""
        return f"{self.name} {self.expectation}"

    def show(self, number: float) -> str:
        return self._with_unit(f"{self.name} {format_amount(number)}")

    def to_doc(self) -> dict[str, Any]:
        return {"name": self.name, "op": self.op, "value": self.value, "high": self.high, "unit": self.unit}

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> "Variable":
        op = doc["op"]
        if op not in (*OPERATORS, ".."):
            raise ValueError(f"unknown operator {op!r}")
        high = float(doc["high"]) if doc.get("high") is not None else None
        if op == ".." and high is None:
            raise ValueError("a range needs its high end")
        return cls(name=str(doc["name"]), op="==" if op == "=" else op, value=float(doc["value"]), high=high,
                   unit=str(doc.get("unit") or ""))


def _variable_name(text: str, whole: str) -> str:
    name = text.strip()
    if not name:
        raise ValidationError("variable", f"{whole!r} has no name; {VARIABLE_HELP}")
    name = clean_title(name, "variable")
    if len(name) > MAX_VARIABLE_NAME:
        raise ValidationError("variable", f"the name {name!r} is too long (the limit is {MAX_VARIABLE_NAME} characters)")
    return name


def parse_variable(text: str) -> Variable:
    """`members>=30`, `reply time <= 2 h`, `errors < 5`, `score 7..9`: a name, then what is expected."""
    if not isinstance(text, str):
        raise ValidationError("variable", "must be text")
    whole = " ".join(text.split())
    if not whole:
        raise ValidationError("variable", f"is empty; {VARIABLE_HELP}")
    if ".." in whole:
        match = re.match(_RANGE, whole, re.I)
        if not match:
            raise ValidationError("variable", f"{whole!r} does not parse as a range; {VARIABLE_HELP}")
        name = _variable_name(match["name"], whole)
        low = parse_amount(match["low"], f"variable {name!r}")
        high = parse_amount(match["high"], f"variable {name!r}")
        if low > high:
            raise ValidationError("variable", f"{whole!r}: the range {match['low']}..{match['high']} runs backwards")
        return Variable(name, "..", low, high, clean_unit(match["unit"]))
    match = re.match(_COMPARISON, whole, re.I)
    if not match:
        raise ValidationError("variable", f"{whole!r} has no expectation; {VARIABLE_HELP}")
    name = _variable_name(match["name"], whole)
    if not match["value"]:
        raise ValidationError("variable", f"{whole!r} has no expected value after {match['op']}; {VARIABLE_HELP}")
    value = parse_amount(match["value"], f"variable {name!r}")
    unit = clean_unit(match["unit1"] or match["unit2"] or "")
    op = "==" if match["op"] == "=" else match["op"]
    return Variable(name, op, value, None, unit)


def parse_value(text: Any, variable: Variable) -> float:
    """A logged value: a number as people write it (18, 1,500, 2.5, 10k)."""
    return parse_amount(text, variable.name)


# -- routines -----------------------------------------------------------------------------------
@record
class Routine:
    """A routine template. `resumed` is the day it was last resumed after a pause: occurrences
    before it were paused, not missed."""

    name: str
    recurrence: Recurrence
    created: datetime
    changed: datetime
    id: int | None = None
    steps: tuple[str, ...] = ()
    variables: tuple[Variable, ...] = ()
    category: Category = Category.ROUTINE
    kind: str | None = None
    minutes: int | None = None
    paused: bool = False
    resumed: date | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def every(self) -> str:
        return self.recurrence.describe()

    def variable(self, name: str) -> Variable | None:
        wanted = name.strip().lower()
        return next((variable for variable in self.variables if variable.name.lower() == wanted), None)

    def to_doc(self) -> dict[str, Any]:
        doc: dict[str, Any] = dict(self.extra)
        doc.update(
            name=self.name,
            recurrence=self.recurrence.to_doc(),
            steps=list(self.steps),
            variables=[variable.to_doc() for variable in self.variables],
            category=self.category.value,
            kind=self.kind,
            minutes=self.minutes,
            paused=self.paused,
            resumed=self.resumed.isoformat() if self.resumed else None,
            created=timestamp(self.created),
            changed=timestamp(self.changed),
        )
        return doc

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any], routine_id: int | None = None) -> "Routine":
        return cls(
            id=routine_id,
            name=str(doc["name"]),
            recurrence=Recurrence.from_doc(doc["recurrence"]),
            steps=tuple(str(step) for step in doc.get("steps") or ()),
            variables=tuple(Variable.from_doc(variable) for variable in doc.get("variables") or ()),
            category=Category(doc.get("category") or Category.ROUTINE.value),
            kind=doc.get("kind"),
            minutes=doc.get("minutes"),
            paused=bool(doc.get("paused", False)),
            resumed=date.fromisoformat(doc["resumed"]) if doc.get("resumed") else None,
            created=parse_timestamp(doc["created"]),
            changed=parse_timestamp(doc["changed"]),
            extra={key: value for key, value in doc.items() if key not in ROUTINE_FIELDS},
        )


ROUTINE_FIELDS = ("name", "recurrence", "steps", "variables", "category", "kind", "minutes", "paused",
                  "resumed", "created", "changed")


def _lines(value: str | Iterable[str] | None) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return value.splitlines()
    return list(value)


def clean_steps(value: str | Iterable[str] | None, *, from_text: bool = False) -> tuple[str, ...]:
    """An ordered checklist. Typed one per line (`from_text`), blank lines are skipped; given as a
    list (the CLI's --step), an empty step is refused, naming it."""
    steps = []
    for number, text in enumerate(_lines(value), start=1):
        if from_text and not text.strip():
            continue
        steps.append(clean_title(text, f"step {number}"))
    if len(steps) > MAX_STEPS:
        raise ValidationError("steps", f"a checklist holds at most {MAX_STEPS} steps (got {len(steps)})")
    return tuple(steps)


def clean_variables(value: str | Iterable[str] | None, *, from_text: bool = False) -> tuple[Variable, ...]:
    variables: list[Variable] = []
    for text in _lines(value):
        if from_text and not text.strip():
            continue
        variable = parse_variable(text)
        if any(other.name.lower() == variable.name.lower() for other in variables):
            raise ValidationError("variable", f"{variable.name!r} is named twice")
        variables.append(variable)
    if len(variables) > MAX_VARIABLES:
        raise ValidationError("variables", f"a routine has at most {MAX_VARIABLES} key variables; keep the few that matter")
    return tuple(variables)


def clean_name(text: str) -> str:
    name = clean_title(text, "name")
    if len(name) > MAX_NAME:
        raise ValidationError("name", f"is too long ({len(name)} characters; the limit is {MAX_NAME})")
    if name.isdecimal():
        raise ValidationError("name", f"{name!r} is only digits, which reads as an id; add a word")
    return name


def _routine_fields(changes: Mapping[str, Any], today: date, *, from_text: bool) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    for name, value in changes.items():
        if name == "name":
            cleaned[name] = clean_name(value)
        elif name == "every":
            cleaned["recurrence"] = parse_recurrence(value, today)
        elif name == "steps":
            cleaned[name] = clean_steps(value, from_text=from_text)
        elif name == "variables":
            cleaned[name] = clean_variables(value, from_text=from_text)
        elif name == "kind":
            cleaned[name] = clean_kind(value) if value is not None and str(value).strip() else None
        elif name == "minutes":
            cleaned[name] = clean_minutes(value) if value is not None and str(value).strip() else None
        elif name == "category":
            text = value.value if isinstance(value, Category) else value
            cleaned[name] = Category.parse(text) if text is not None and str(text).strip() else Category.ROUTINE
        else:
            raise ValidationError(name, "is not a field of a routine")
    return cleaned


def new_routine(name: str, every: str, now: datetime, today: date, *, from_text: bool = False,
                **fields: Any) -> Routine:
    """A validated routine; raises ValidationError naming the first bad field. `from_text`: steps
    and variables come one per line from a form, where blank lines are skipped."""
    cleaned = _routine_fields({"name": name, "every": every, **fields}, today, from_text=from_text)
    return Routine(created=now, changed=now, **cleaned)


def edit_routine(routine: Routine, now: datetime, today: date, *, from_text: bool = False, **changes: Any) -> Routine:
    """A changed recurrence counts from `today`."""
    return replace(routine, changed=now, **_routine_fields(changes, today, from_text=from_text))


def pause_routine(routine: Routine, now: datetime, today: date, paused: bool) -> Routine:
    return replace(routine, paused=paused, changed=now, resumed=today if not paused else routine.resumed)


# -- generation bookkeeping ---------------------------------------------------------------------
@record
class RoutineState:
    """Bookkeeping kept per routine outside the undo log: the last day an instance was generated,
    and the occurrences that passed with the app and the CLI closed (missed)."""

    last_generated: date | None = None
    missed: tuple[date, ...] = ()

    def to_doc(self) -> dict[str, Any]:
        return {"last_generated": self.last_generated.isoformat() if self.last_generated else None,
                "missed": [day.isoformat() for day in self.missed]}

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any] | None) -> "RoutineState":
        if not doc:
            return cls()
        last = doc.get("last_generated")
        return cls(date.fromisoformat(last) if last else None,
                   tuple(date.fromisoformat(day) for day in doc.get("missed") or ()))


def _active_from(routine: Routine, state: RoutineState) -> date:
    first = max(routine.recurrence.starts, routine.resumed or routine.recurrence.starts)
    if state.last_generated is not None:
        first = max(first, state.last_generated + timedelta(days=1))
    return first


def needs_instance(routine: Routine, state: RoutineState, day: date) -> bool:
    """Whether opening `day` should put this routine on its list: active, due, and not yet
    generated for that day (undoing a generation does not bring it back)."""
    if routine.paused or (state.last_generated is not None and state.last_generated >= day):
        return False
    return routine.recurrence.hits(day)


def pending_missed(routine: Routine, state: RoutineState, today: date) -> list[date]:
    """Occurrences since the last generation and before `today` that nobody opened."""
    if routine.paused:
        return []
    first = max(_active_from(routine, state), today - timedelta(days=MISSED_LOOKBACK_DAYS))
    return routine.recurrence.between(first, today - timedelta(days=1))


def generated(routine: Routine, state: RoutineState, day: date) -> RoutineState:
    """The state after generating `day`'s instance: what was skipped on the way is missed."""
    missed = sorted(set(state.missed) | set(pending_missed(routine, state, day)))
    return RoutineState(day, tuple(missed[-MISSED_KEEP:]))


def missed_days(routine: Routine, state: RoutineState, today: date, instance_days: Iterable[date] = ()) -> list[date]:
    """Recorded and pending missed occurrences within the look-back, without days that do have an
    instance (for example one added by hand)."""
    since = today - timedelta(days=MISSED_LOOKBACK_DAYS)
    have = set(instance_days)
    return sorted(day for day in set(state.missed) | set(pending_missed(routine, state, today))
                  if day >= since and day not in have)


# -- instances ----------------------------------------------------------------------------------
def new_instance(routine: Routine, day: date, now: datetime) -> Task:
    """The one task that carries a routine's checklist onto `day`'s list."""
    task = new_task(routine.name, now, category=routine.category, kind=routine.kind, minutes=routine.minutes, day=day)
    return replace(task, routine_id=routine.id, routine_day=day, steps=tuple(Step(text) for text in routine.steps))


def steps_done(task: Task) -> int:
    return sum(step.done for step in task.steps)


def _settle(task: Task, now: datetime) -> Task:
    """An instance is done when its steps are; unticking a step of a done one reopens it."""
    complete = all(step.done for step in task.steps)
    if complete and task.is_open and task.status is not Status.BLOCKED:
        return edit_task(task, now, status=Status.DONE)
    if not complete and task.status is Status.DONE:
        return edit_task(task, now, status=Status.TODO)
    return replace(task, changed=now)


def toggle_step(task: Task, index: int, now: datetime) -> Task:
    if not 0 <= index < len(task.steps):
        raise ValidationError("step", f"there is no step {index + 1}")
    if task.status is Status.DROPPED:
        raise ValidationError("step", f"{task.title!r} was dropped; keep it on a day first")
    steps = list(task.steps)
    steps[index] = replace(steps[index], done=not steps[index].done)
    return _settle(replace(task, steps=tuple(steps)), now)


def complete_instance(task: Task, now: datetime) -> Task:
    """Every step ticked and the task done."""
    ticked = replace(task, steps=tuple(replace(step, done=True) for step in task.steps))
    return edit_task(ticked, now, status=Status.DONE) if task.status is not Status.DONE else replace(ticked, changed=now)


def clean_values(routine: Routine, typed: Mapping[str, Any]) -> dict[str, float]:
    """The day's values of key variables by their names in the routine (any case), as numbers.
    Raises ValidationError naming an unknown variable (with the valid ones) or a bad number."""
    values: dict[str, float] = {}
    for name, raw in typed.items():
        variable = routine.variable(name)
        if variable is None:
            known = ", ".join(v.name for v in routine.variables) or "none"
            raise ValidationError("variable", f"{routine.name!r} has no key variable {name!r}; its variables: {known}")
        values[variable.name] = parse_value(raw, variable)
    return values


def log_values(task: Task, routine: Routine, typed: Mapping[str, Any], now: datetime) -> Task:
    """Record the day's values of key variables on an instance (see clean_values)."""
    return replace(task, values={**task.values, **clean_values(routine, typed)}, changed=now)


# -- flags and history --------------------------------------------------------------------------
@record
class Flag:
    """A key variable that missed its expectation: `new members 18, expected >= 30`."""

    routine: str
    variable: str
    value: float
    expectation: str
    unit: str = ""
    task_id: int | None = None
    day: date | None = None

    @property
    def message(self) -> str:
        shown = f"{format_amount(self.value)} {self.unit}".strip()
        return f"{self.variable} {shown}, expected {self.expectation}"


def variable_flags(instances: Iterable[Task], routines: Iterable[Routine] | Mapping[int, Routine]) -> list[Flag]:
    """Every logged value outside its expectation, in the order of the instances and variables.
    Expectations are the routine's current ones; instances of a deleted routine raise no flags."""
    by_id = dict(routines) if isinstance(routines, Mapping) else {routine.id: routine for routine in routines}
    flags = []
    for task in instances:
        routine = by_id.get(task.routine_id)
        if routine is None or not task.values:
            continue
        for variable in routine.variables:
            value = task.values.get(variable.name)
            if value is not None and not variable.check(value):
                flags.append(Flag(routine.name, variable.name, value, variable.expectation, variable.unit,
                                  task.id, task.routine_day))
    return flags


def is_relevant_to(task: Task, day: date, day_start_hour: int) -> bool:
    """An instance belongs to a day's flags when it ran for that day or was finished on it."""
    if task.routine_day == day:
        return True
    return task.finished is not None and work_day(task.finished, day_start_hour) == day


def variable_history(instances: Iterable[Task], variable: str) -> list[tuple[date, float]]:
    """The logged values of one variable, oldest first."""
    points = [(task.routine_day or task.created.date(), task.values[variable])
              for task in instances if variable in task.values]
    return sorted(points, key=lambda point: point[0])


def check_routine(routine: Routine) -> Routine:
    """The same rules as typed input, for a routine read from an import file."""
    clean_name(routine.name)
    clean_steps(routine.steps)
    clean_variables([variable.expression for variable in routine.variables])
    clean_kind(routine.kind)
    clean_minutes(routine.minutes)
    return routine


class CheckedRoutine:
    """Loads like Routine.from_doc and then applies check_routine: the import's checker."""

    @staticmethod
    def from_doc(doc: Mapping[str, Any]) -> Routine:
        return check_routine(Routine.from_doc(doc))


# -- starter templates --------------------------------------------------------------------------
STARTERS: tuple[dict[str, Any], ...] = (
    {"key": "inbox", "name": "Inbox batch", "every": "weekdays", "kind": "email", "minutes": 30,
     "steps": ["Sort the inbox oldest first", "Answer what takes under two minutes",
               "Turn requests into tasks with a day", "Archive the rest"],
     "variables": ["left in inbox <= 5"]},
    {"key": "weekly-report", "name": "Weekly report", "every": "every friday", "kind": "report", "minutes": 45,
     "steps": ["Pull the week's numbers", "Compare them with the week's key task target",
               "Write what went well, what did not, and next week's focus", "Send it to your lead"],
     "variables": ["key results on track >= 3"]},
    {"key": "day-review", "name": "End-of-day review", "every": "weekdays", "kind": "review", "minutes": 15,
     "steps": ["Tick off what was done", "Decide each unfinished task: tomorrow, backlog or drop",
               "Note one thing that went well and one to improve", "Set tomorrow's key task"],
     "variables": ["focus score 6..10"]},
    {"key": "expenses", "name": "Monthly expenses", "every": "monthly on the last day", "kind": "admin", "minutes": 30,
     "steps": ["Collect the month's receipts", "File the expense report", "Check last month's reimbursement"],
     "variables": ["missing receipts == 0"]},
)


def starter_routines(now: datetime, today: date) -> dict[str, Routine]:
    """The starter templates by key, built through the same validation as typed ones."""
    return {spec["key"]: new_routine(spec["name"], spec["every"], now, today,
                                     **{name: spec[name] for name in ("steps", "variables", "kind", "minutes")})
            for spec in STARTERS}
