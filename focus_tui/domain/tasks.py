"""Tasks: what they hold, how they are validated, changed and ranked."""

from __future__ import annotations

from dataclasses import field, replace
from datetime import date, datetime
from enum import Enum
from typing import Any, Mapping

from focus_tui.domain.clock import parse_timestamp, timestamp
from focus_tui.domain.records import record
from focus_tui.domain.validation import (
    ValidationError,
    clean_kind,
    clean_line,
    clean_minutes,
    clean_notes,
    clean_title,
)


class Category(str, Enum):
    """The method's three kinds of work, highest priority first."""

    PLANNING = "planning"
    ROUTINE = "routine"
    TRANSACTIONAL = "transactional"

    @property
    def priority(self) -> int:
        return list(Category).index(self)

    @classmethod
    def parse(cls, text: str) -> "Category":
        """Accepts the full name or any unambiguous prefix (`p`, `rout`)."""
        if not isinstance(text, str):
            raise ValidationError("category", "must be text")
        words = text.strip().lower()
        matches = [category for category in cls if words and category.value.startswith(words)]
        if len(matches) != 1:
            names = ", ".join(category.value for category in cls)
            raise ValidationError("category", f"{text!r} is not one of {names}")
        return matches[0]


class Status(str, Enum):
    TODO = "todo"
    DOING = "doing"
    BLOCKED = "blocked"
    DONE = "done"
    DROPPED = "dropped"

    @property
    def is_open(self) -> bool:
        return self in (Status.TODO, Status.DOING, Status.BLOCKED)

    @classmethod
    def parse(cls, text: str) -> "Status":
        if not isinstance(text, str):
            raise ValidationError("status", "must be text")
        try:
            return cls(text.strip().lower())
        except ValueError:
            names = ", ".join(status.value for status in cls)
            raise ValidationError("status", f"{text!r} is not one of {names}") from None


DEFAULT_CATEGORY = Category.ROUTINE


@record
class Step:
    """One step of a routine instance's checklist."""

    text: str
    done: bool = False


@record
class Task:
    """One piece of work. `id` is None until storage assigns one; ids are never reused."""

    title: str
    created: datetime
    changed: datetime
    id: int | None = None
    purpose: str = ""
    notes: str = ""
    category: Category = DEFAULT_CATEGORY
    kind: str | None = None
    minutes: int | None = None
    status: Status = Status.TODO
    day: date | None = None
    due: date | None = None
    finished: datetime | None = None
    key_task_id: int | None = None
    """The key task this task serves; linked tasks rank first on the board."""
    directive: bool = False
    """A directive from one's lead: the one thing allowed to jump the line."""
    position: float | None = None
    """Manual order within its rank (J/K on the board); None keeps the natural order."""
    small: bool = False
    """Marked small by hand, whatever its estimate: it goes into a batch of its kind."""
    carried_from: tuple[date, ...] = ()
    """Days whose list this task was on and left unfinished (moved on to a later day or the
    backlog): the daily review counts it as planned on each of them."""
    routine_id: int | None = None
    """The routine this task is an instance of (domain/routines.py); None for other tasks."""
    routine_day: date | None = None
    """The day the routine ran for; stays when the instance is carried to a later day."""
    steps: tuple[Step, ...] = ()
    """A routine instance's checklist, in order."""
    values: Mapping[str, float] = field(default_factory=dict)
    """The key variables logged on a routine instance, by variable name."""
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def is_open(self) -> bool:
        return self.status.is_open

    def to_doc(self) -> dict[str, Any]:
        """The stored shape: JSON types only, dates as ISO strings. `extra` keeps fields from
        newer versions or imports that this version does not model, so they are not lost."""
        doc: dict[str, Any] = dict(self.extra)
        doc.update(
            title=self.title,
            purpose=self.purpose,
            notes=self.notes,
            category=self.category.value,
            kind=self.kind,
            minutes=self.minutes,
            status=self.status.value,
            day=self.day.isoformat() if self.day else None,
            due=self.due.isoformat() if self.due else None,
            created=timestamp(self.created),
            changed=timestamp(self.changed),
            finished=timestamp(self.finished) if self.finished else None,
            key_task_id=self.key_task_id,
            directive=self.directive,
            position=self.position,
            small=self.small,
        )
        if self.carried_from:
            doc["carried_from"] = [day.isoformat() for day in self.carried_from]
        if self.routine_id is not None:
            doc["routine_id"] = self.routine_id
        if self.routine_day is not None:
            doc["routine_day"] = self.routine_day.isoformat()
        if self.steps:
            doc["steps"] = [[step.text, step.done] for step in self.steps]
        if self.values:
            doc["values"] = dict(self.values)
        return doc

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any], task_id: int | None = None) -> "Task":
        # Every start parses each live task, most of the cost of reading the data: so each field
        # is read once, the enums are found by a dict lookup, and the task is built without the
        # frozen __init__ (see _built). Fields are read in the order TASK_FIELDS lists them, as
        # before, so a damaged record reports the same first problem.
        get = doc.get
        title = doc["title"]
        purpose = get("purpose") or ""
        notes = get("notes") or ""
        category = _member(Category, _CATEGORIES, get("category") or DEFAULT_CATEGORY.value)
        kind = get("kind")
        minutes = get("minutes")
        status = _member(Status, _STATUSES, get("status") or Status.TODO.value)
        day = get("day")
        day = _date(day) if day else None
        due = get("due")
        due = _date(due) if due else None
        created = parse_timestamp(doc["created"])
        changed = parse_timestamp(doc["changed"])
        finished = get("finished")
        finished = parse_timestamp(finished) if finished else None
        key_task_id = get("key_task_id")
        directive = bool(get("directive", False))
        position = get("position")
        position = float(position) if position is not None else None
        small = bool(get("small", False))
        carried_from = get("carried_from")
        carried_from = tuple(map(_date, carried_from)) if carried_from else ()
        routine_id = get("routine_id")
        routine_day = get("routine_day")
        routine_day = _date(routine_day) if routine_day else None
        steps = get("steps")
        steps = tuple(Step(str(text), bool(done)) for text, done in steps) if steps else ()
        values = get("values")
        values = {str(name): float(value) for name, value in values.items()} if values else {}
        extra = {} if _TASK_KEYS.issuperset(doc) else {key: value for key, value in doc.items() if key not in _TASK_KEYS}
        return _built(cls, {
            "title": title, "created": created, "changed": changed, "id": task_id, "purpose": purpose,
            "notes": notes, "category": category, "kind": kind, "minutes": minutes, "status": status,
            "day": day, "due": due, "finished": finished, "key_task_id": key_task_id, "directive": directive,
            "position": position, "small": small, "carried_from": carried_from, "routine_id": routine_id,
            "routine_day": routine_day, "steps": steps, "values": values, "extra": extra,
        })


def _built(cls: type, attributes: dict[str, Any]) -> Any:
    """An instance of a frozen dataclass holding `attributes` (every field, in field order), made
    without its __init__, which sets each field through object.__setattr__: for Task that is over
    half the cost of parsing it. Only for classes whose __init__ does nothing more (no
    __post_init__, no InitVar); tests check the result against the one __init__ makes."""
    instance = object.__new__(cls)
    object.__setattr__(instance, "__dict__", attributes)
    return instance


def _member(enum: type[Enum], by_value: Mapping[Any, Any], value: Any) -> Any:
    """enum(value), by a dict lookup for the stored values; anything else goes through enum()
    itself, for its result or its error."""
    try:
        return by_value[value]
    except (KeyError, TypeError):
        return enum(value)


_date = date.fromisoformat
_CATEGORIES = {category.value: category for category in Category}
_STATUSES = {status.value: status for status in Status}


TASK_FIELDS = (
    "title", "purpose", "notes", "category", "kind", "minutes", "status",
    "day", "due", "created", "changed", "finished", "key_task_id", "directive", "position", "small",
    "carried_from", "routine_id", "routine_day", "steps", "values",
)
_TASK_KEYS = frozenset(TASK_FIELDS)
EDITABLE_FIELDS = (
    "title", "purpose", "notes", "category", "kind", "minutes", "status", "day", "due",
    "key_task_id", "directive", "position", "small",
)


def _clean_field(name: str, value: Any) -> Any:
    if name == "title":
        return clean_title(value)
    if name == "purpose":
        return clean_line(value, "purpose")
    if name == "notes":
        return clean_notes(value)
    if name == "category":
        return value if isinstance(value, Category) else Category.parse(value)
    if name == "status":
        return value if isinstance(value, Status) else Status.parse(value)
    if name == "kind":
        return clean_kind(value)
    if name == "minutes":
        return clean_minutes(value)
    if name == "key_task_id":
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
            raise ValidationError(name, "must be a key task id")
        return value
    if name in ("directive", "small"):
        if not isinstance(value, bool):
            raise ValidationError(name, "must be true or false")
        return value
    if name == "position":
        if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
            raise ValidationError(name, "must be a number")
        return float(value) if value is not None else None
    if name in ("day", "due"):
        if value is not None and (not isinstance(value, date) or isinstance(value, datetime)):
            raise ValidationError(name, "must be a date")
        return value
    raise ValidationError(name, "is not a field of a task")


def new_task(title: str, now: datetime, **fields: Any) -> Task:
    """A validated new task; raises ValidationError naming the first bad field."""
    cleaned = {name: _clean_field(name, value) for name, value in fields.items()}
    task = Task(title=clean_title(title), created=now, changed=now, **cleaned)
    if task.status in (Status.DONE, Status.DROPPED):
        task = replace(task, finished=now)
    return task


def edit_task(task: Task, now: datetime, *, today: date | None = None, **changes: Any) -> Task:
    """The task with `changes` applied and validated; finishing stamps `finished`, reopening clears it.
    `today` is the work day (default: the calendar date of `now`)."""
    cleaned = {name: _clean_field(name, value) for name, value in changes.items()}
    updated = replace(task, changed=now, **cleaned)
    if "day" in cleaned and cleaned["day"] != task.day and task.is_open:
        updated = replace(updated, carried_from=_days_left_behind(task, today or now.date()))
    if "status" in cleaned:
        if updated.status.is_open:
            updated = replace(updated, finished=None)
        elif task.status.is_open or task.finished is None:
            updated = replace(updated, finished=now)
    return updated


def _days_left_behind(task: Task, today: date) -> tuple[date, ...]:
    """Moving open work off a day that has come keeps the record that it was on that day's list,
    and on today's too when it had been carried into today. Rescheduling ahead records nothing."""
    days = list(task.carried_from)
    old_day = task.day
    if old_day is not None and old_day <= today:
        for day in (old_day, today):
            if day not in days:
                days.append(day)
    return tuple(days)


def is_on_day(task: Task, day: date) -> bool:
    """An open task belongs to a day's list when it is scheduled for that day or earlier, or due."""
    if not task.is_open:
        return False
    if task.day is not None and task.day <= day:
        return True
    return task.due is not None and task.due <= day


def rank_key(task: Task) -> tuple:
    """The order of a day's list: what is in progress, then the method's category priority,
    then the nearest due date, then the oldest."""
    return (
        task.status is Status.BLOCKED,
        task.status is not Status.DOING,
        task.category.priority,
        task.due or date.max,
        task.created,
        task.id or 0,
    )


def ranked(tasks: list[Task]) -> list[Task]:
    return sorted(tasks, key=rank_key)


def rank_group(task: Task, day_key_id: int | None) -> tuple:
    """Tasks in the same group may be reordered by hand; groups themselves keep the method's order:
    a directive from one's lead first, then work serving today's key task, then by category."""
    linked = day_key_id is not None and task.key_task_id == day_key_id
    return (task.status is Status.BLOCKED, not task.directive, not linked, task.category.priority)


def board_rank_key(task: Task, day_key_id: int | None) -> tuple:
    """The board's order: the one task in progress, then by group, then the manual order, then
    the nearest due date, then the oldest."""
    return (
        task.status is not Status.DOING,
        *rank_group(task, day_key_id),
        task.position is None,
        task.position or 0.0,
        task.due or date.max,
        task.created,
        task.id or 0,
    )


def board_ranked(tasks: list[Task], day_key_id: int | None) -> list[Task]:
    return sorted(tasks, key=lambda task: board_rank_key(task, day_key_id))


def reorder_positions(ordered: list[Task], index: int, step: int, day_key_id: int | None) -> dict[int, float] | None:
    """New positions after moving ordered[index] one place up (-1) or down (+1) within its group,
    or None when it is already at the edge of its group. Every task of the group gets a position,
    so the order is fully manual from then on."""
    target = index + step
    if not 0 <= target < len(ordered) or ordered[index].status is Status.DOING or ordered[target].status is Status.DOING:
        return None
    group = rank_group(ordered[index], day_key_id)
    if rank_group(ordered[target], day_key_id) != group:
        return None
    members = [task for task in ordered if rank_group(task, day_key_id) == group and task.status is not Status.DOING]
    ids = [task.id for task in members]
    here, there = ids.index(ordered[index].id), ids.index(ordered[target].id)
    ids[here], ids[there] = ids[there], ids[here]
    return {task_id: float(order) for order, task_id in enumerate(ids)}
