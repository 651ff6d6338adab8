"""Blockers (METHOD section 6): the four causes, their first remedies, aging, escalation and patterns."""

from __future__ import annotations

from collections import Counter
from dataclasses import field, replace
from datetime import date, datetime, timedelta
from enum import Enum
from typing import Any, Iterable, Mapping

from dateutil.relativedelta import relativedelta

from focus_tui.domain.clock import parse_timestamp, timestamp
from focus_tui.domain.records import record
from focus_tui.domain.tasks import Status, Task
from focus_tui.domain.validation import ValidationError, clean_line

MAX_NOTE = 300
MAX_PERSON = 60


class Cause(str, Enum):
    TASK = "task"
    PEOPLE = "people"
    BUDGET = "budget"
    RESOURCE = "resource"

    @property
    def key(self) -> str:
        return self.value[0]

    @property
    def number(self) -> int:
        return list(Cause).index(self) + 1

    @property
    def description(self) -> str:
        return {
            Cause.TASK: "wrong strategy or method, no idea how",
            Cause.PEOPLE: "ability, thinking, or someone's help",
            Cause.BUDGET: "money is missing",
            Cause.RESOURCE: "tools, access, support or time missing",
        }[self]

    @property
    def remedy(self) -> str:
        return {
            Cause.TASK: "adjust the strategy, sort out the ideas",
            Cause.PEOPLE: "talk to your lead or the person, early",
            Cause.BUDGET: "ask for the money, with the case for it",
            Cause.RESOURCE: "ask for the tool, the access or the time",
        }[self]

    @classmethod
    def parse(cls, text: str) -> "Cause":
        words = text.strip().lower() if isinstance(text, str) else ""
        for cause in cls:
            if words in (cause.value, cause.key, str(cause.number)):
                return cause
        raise ValidationError("cause", f"{text!r} is not a cause; use task, people, budget or resource")


@record
class Blocker:
    """Why a task is blocked, from when it was opened until it is resolved (and how)."""

    task_id: int
    cause: Cause
    opened: datetime
    changed: datetime
    id: int | None = None
    note: str = ""
    person: str = ""
    resolved: datetime | None = None
    resolution: str = ""
    root_fixed: bool | None = None
    """True when the root cause was fixed, False when it was worked around, None if not said."""
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def is_open(self) -> bool:
        return self.resolved is None

    def to_doc(self) -> dict[str, Any]:
        doc: dict[str, Any] = dict(self.extra)
        doc.update(
            task_id=self.task_id, cause=self.cause.value, note=self.note, person=self.person,
            opened=timestamp(self.opened), changed=timestamp(self.changed),
            resolved=timestamp(self.resolved) if self.resolved else None,
            resolution=self.resolution, root_fixed=self.root_fixed,
        )
        return doc

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any], blocker_id: int | None = None) -> "Blocker":
        known = {"task_id", "cause", "note", "person", "opened", "changed", "resolved", "resolution", "root_fixed"}
        root = doc.get("root_fixed")
        return cls(
            id=blocker_id,
            task_id=int(doc["task_id"]),
            cause=Cause(doc["cause"]),
            note=doc.get("note") or "",
            person=doc.get("person") or "",
            opened=parse_timestamp(doc["opened"]),
            changed=parse_timestamp(doc["changed"]),
            resolved=parse_timestamp(doc["resolved"]) if doc.get("resolved") else None,
            resolution=doc.get("resolution") or "",
            root_fixed=None if root is None else bool(root),
            extra={key: value for key, value in doc.items() if key not in known},
        )


def clean_note(text: str | None, field_name: str = "note") -> str:
    return clean_line(text, field_name, MAX_NOTE)


def new_blocker(task: Task, cause: Cause | str, now: datetime, *, note: str | None = None,
                person: str | None = None) -> Blocker:
    """A blocker for an open task that is not blocked already."""
    if task.status is Status.BLOCKED:
        raise ValidationError("task", f"{task.title!r} is already blocked; edit that blocker instead")
    if not task.is_open:
        raise ValidationError("task", f"{task.title!r} is {task.status.value}; only open work can be blocked")
    cause = cause if isinstance(cause, Cause) else Cause.parse(cause)
    person_name = clean_line(person, "person", MAX_PERSON)
    if person_name and cause is not Cause.PEOPLE:
        raise ValidationError("person", "a name belongs to a people blocker; choose the people cause")
    assert task.id is not None
    return Blocker(task_id=task.id, cause=cause, note=clean_note(note), person=person_name, opened=now, changed=now)


def edit_blocker(blocker: Blocker, now: datetime, *, cause: Cause | str | None = None, note: str | None = None,
                 person: str | None = None) -> Blocker:
    new_cause = blocker.cause if cause is None else (cause if isinstance(cause, Cause) else Cause.parse(cause))
    new_person = blocker.person if person is None else clean_line(person, "person", MAX_PERSON)
    if new_cause is not Cause.PEOPLE:
        new_person = ""
    return replace(blocker, cause=new_cause, note=blocker.note if note is None else clean_note(note),
                   person=new_person, changed=now)


def resolve_blocker(blocker: Blocker, now: datetime, *, note: str | None = None,
                    root_fixed: bool | None = None) -> Blocker:
    if not blocker.is_open:
        raise ValidationError("blocker", "this blocker is already resolved")
    return replace(blocker, resolved=now, resolution=clean_note(note, "resolution"), root_fixed=root_fixed,
                   changed=now)


def age_text(opened: datetime, now: datetime) -> str:
    """"40m", "3h", "2d": short enough for a narrow pane."""
    minutes = max(int((now - opened).total_seconds() // 60), 0)
    if minutes < 60:
        return f"{minutes}m"
    if minutes < 48 * 60:
        return f"{minutes // 60}h"
    return f"{minutes // (24 * 60)}d"


def working_days_between(start: date, end: date, working_days: frozenset[int]) -> int:
    """Working days after `start` up to and including `end`."""
    count, day = 0, start + relativedelta(days=1)
    while day <= end:
        count += day.weekday() in working_days
        day += relativedelta(days=1)
    return count


def needs_escalation(blocker: Blocker, today: date, opened_day: date, *, threshold_days: int = 1,
                     working_days: frozenset[int] = frozenset(range(5))) -> bool:
    """Open for at least `threshold_days` working days: time to raise it with one's lead."""
    return blocker.is_open and working_days_between(opened_day, today, working_days) >= threshold_days


def escalation_prompt(opened_day: date) -> str:
    return f"stuck since {opened_day:%a}: raise it with your lead"


# -- figures for the review --------------------------------------------------------------------
@record
class CauseCounts:
    """Blockers opened, resolved and still open in a span of time, by cause."""

    opened: dict[Cause, int]
    resolved: dict[Cause, int]
    still_open: dict[Cause, int]


def counts_by_cause(blockers: Iterable[Blocker], start: datetime, end: datetime) -> CauseCounts:
    """Opened and resolved within [start, end), and still open at `end`, by cause."""
    opened: Counter = Counter()
    resolved: Counter = Counter()
    still_open: Counter = Counter()
    for blocker in blockers:
        if start <= blocker.opened < end:
            opened[blocker.cause] += 1
        if blocker.resolved and start <= blocker.resolved < end:
            resolved[blocker.cause] += 1
        if blocker.opened < end and (blocker.resolved is None or blocker.resolved >= end):
            still_open[blocker.cause] += 1
    every = {cause: 0 for cause in Cause}
    return CauseCounts({**every, **opened}, {**every, **resolved}, {**every, **still_open})


def mean_time_to_resolve(blockers: Iterable[Blocker]) -> dict[Cause, timedelta]:
    spans: dict[Cause, list[timedelta]] = {}
    for blocker in blockers:
        if blocker.resolved:
            spans.setdefault(blocker.cause, []).append(blocker.resolved - blocker.opened)
    return {cause: sum(values, timedelta()) / len(values) for cause, values in spans.items()}


def recurring_pattern(blockers: Iterable[Blocker], last: int = 6, at_least: int = 3) -> str | None:
    """"4 of your last 6 blockers were resource", when one cause dominates the recent ones."""
    recent = sorted(blockers, key=lambda blocker: blocker.opened)[-last:]
    if len(recent) < at_least:
        return None
    cause, count = Counter(blocker.cause for blocker in recent).most_common(1)[0]
    if count < at_least or count * 2 <= len(recent):
        return None
    return f"{count} of your last {len(recent)} blockers were {cause.value}"
