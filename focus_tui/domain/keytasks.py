"""Key tasks: the one task of a day, week or quarter, its target, progress and micro goals."""

from __future__ import annotations

import math
import re
from dataclasses import field, replace
from datetime import date, datetime
from typing import Any, Iterable, Mapping

from focus_tui.domain.clock import parse_timestamp, timestamp
from focus_tui.domain.periods import Period, Stage
from focus_tui.domain.records import record
from focus_tui.domain.validation import ValidationError, clean_line, clean_title

MAX_AMOUNT = 1e12
MAX_UNIT = 24
MAX_MICRO_GOALS = 20
NUMBER = re.compile(r"^[+-]?((\d{1,3}(,\d{3})+|\d+)(\.\d+)?|\.\d+)$", re.ASCII)


def parse_amount(value: Any, field: str) -> float:
    """A number as people write it: 10000, 10,000, 2.5, or with k/m suffixes (10k)."""
    if isinstance(value, bool):
        raise ValidationError(field, "must be a number")
    if isinstance(value, (int, float)):
        number = float(value)
    elif isinstance(value, str):
        text = value.strip().lower().replace("_", "")
        multiplier = 1.0
        if text[-1:] in ("k", "m") and len(text) > 1:
            multiplier = 1_000.0 if text[-1] == "k" else 1_000_000.0
            text = text[:-1]
        if not NUMBER.match(text):
            raise ValidationError(field, f"{value!r} is not a number")
        number = float(text.replace(",", "")) * multiplier
    else:
        raise ValidationError(field, "must be a number")
    if not math.isfinite(number) or abs(number) > MAX_AMOUNT:
        raise ValidationError(field, f"{value!r} is out of range")
    return number


def clean_target(value: Any) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    number = parse_amount(value, "target")
    if number <= 0:
        raise ValidationError("target", f"must be above zero (got {format_amount(number)})")
    return number


def clean_progress(value: Any) -> float:
    """Progress to log; negative corrects an earlier entry, zero is refused."""
    number = parse_amount(value, "progress")
    if number == 0:
        raise ValidationError("progress", "is zero; give the amount done, e.g. 250")
    return number


def clean_unit(value: str | None) -> str:
    return clean_line(value, "unit", MAX_UNIT)


def format_amount(number: float) -> str:
    """10000 -> 10,000; 2.5 -> 2.5; 2124.9999 -> 2,125."""
    rounded = round(number, 1)
    if rounded == int(rounded):
        return f"{int(rounded):,}"
    return f"{rounded:,.1f}"


def pace_phrase(ahead_by: float, target: float, joiner: str = "") -> str:
    """'ahead 120', 'behind 500' or 'on pace' ('ahead by 120' with joiner="by "). A whole-number
    target is counted in whole units, so its gap is too: ahead 1,025.1 members reads ahead 1,025."""
    if float(target).is_integer():
        gap = math.copysign(math.floor(abs(ahead_by) + 0.5), ahead_by)
    else:
        gap = round(ahead_by, 1)
    if gap == 0:
        return "on pace"
    return f"{'ahead' if gap > 0 else 'behind'} {joiner}{format_amount(abs(gap))}"


def format_goal(number: float, whole_units: bool) -> str:
    """A target to reach: rounded up when the unit is counted whole (172.4 sign-ups -> 173)."""
    return format_amount(math.ceil(number - 1e-9) if whole_units else number)


@record
class ProgressEntry:
    """An amount of progress logged on a key task: when, for which day, how much."""

    at: datetime
    day: date
    amount: float


@record
class MicroGoal:
    """A small step towards a key task, ticked off when done."""

    text: str
    done: bool = False


@record
class KeyTask:
    """The one key task of a stage's period. `replaced` is set when a newer one took its place;
    replaced key tasks stay as history."""

    stage: Stage
    period_start: date
    text: str
    created: datetime
    changed: datetime
    id: int | None = None
    purpose: str = ""
    target: float | None = None
    unit: str = ""
    progress: tuple[ProgressEntry, ...] = ()
    micro_goals: tuple[MicroGoal, ...] = ()
    parent_id: int | None = None
    objective: str = ""
    replaced: datetime | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def is_current(self) -> bool:
        return self.replaced is None

    @property
    def done(self) -> float:
        return sum((entry.amount for entry in self.progress), 0.0)

    def done_on(self, day: date) -> float:
        return sum((entry.amount for entry in self.progress if entry.day == day), 0.0)

    @property
    def micro_done(self) -> int:
        return sum(goal.done for goal in self.micro_goals)

    def to_doc(self) -> dict[str, Any]:
        doc: dict[str, Any] = dict(self.extra)
        doc.update(
            stage=self.stage.value,
            period_start=self.period_start.isoformat(),
            text=self.text,
            purpose=self.purpose,
            target=self.target,
            unit=self.unit,
            progress=[[timestamp(e.at), e.day.isoformat(), e.amount] for e in self.progress],
            micro_goals=[[goal.text, goal.done] for goal in self.micro_goals],
            parent_id=self.parent_id,
            objective=self.objective,
            created=timestamp(self.created),
            changed=timestamp(self.changed),
            replaced=timestamp(self.replaced) if self.replaced else None,
        )
        return doc

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any], key_id: int | None = None) -> "KeyTask":
        known = set(KEY_TASK_FIELDS)
        return cls(
            id=key_id,
            stage=Stage(doc["stage"]),
            period_start=date.fromisoformat(doc["period_start"]),
            text=doc["text"],
            purpose=doc.get("purpose") or "",
            target=float(doc["target"]) if doc.get("target") is not None else None,
            unit=doc.get("unit") or "",
            progress=tuple(
                ProgressEntry(parse_timestamp(at), date.fromisoformat(day), float(amount))
                for at, day, amount in doc.get("progress") or ()
            ),
            micro_goals=tuple(MicroGoal(str(text), bool(done)) for text, done in doc.get("micro_goals") or ()),
            parent_id=doc.get("parent_id"),
            objective=doc.get("objective") or "",
            created=parse_timestamp(doc["created"]),
            changed=parse_timestamp(doc["changed"]),
            replaced=parse_timestamp(doc["replaced"]) if doc.get("replaced") else None,
            extra={key: value for key, value in doc.items() if key not in known},
        )


KEY_TASK_FIELDS = (
    "stage", "period_start", "text", "purpose", "target", "unit", "progress", "micro_goals",
    "parent_id", "objective", "created", "changed", "replaced",
)


def new_key_task(
    period: Period,
    text: str,
    now: datetime,
    *,
    purpose: str | None = None,
    target: Any = None,
    unit: str | None = None,
    objective: str | None = None,
    parent_id: int | None = None,
) -> KeyTask:
    """A validated key task; a unit without a target is refused (there is nothing to count)."""
    target_value = clean_target(target)
    unit_value = clean_unit(unit)
    if unit_value and target_value is None:
        raise ValidationError("unit", f"{unit_value!r} needs a target to count towards; give a target too")
    return KeyTask(
        stage=period.stage,
        period_start=period.start,
        text=clean_title(text, "key task"),
        purpose=clean_line(purpose, "purpose"),
        target=target_value,
        unit=unit_value,
        objective=clean_line(objective, "team objective"),
        parent_id=parent_id,
        created=now,
        changed=now,
    )


def edit_key_task(key: KeyTask, now: datetime, **changes: Any) -> KeyTask:
    """Change text, purpose, target, unit or objective, with the same rules as new_key_task."""
    fields: dict[str, Any] = {}
    if "text" in changes:
        fields["text"] = clean_title(changes["text"], "key task")
    if "purpose" in changes:
        fields["purpose"] = clean_line(changes["purpose"], "purpose")
    if "objective" in changes:
        fields["objective"] = clean_line(changes["objective"], "team objective")
    if "target" in changes:
        fields["target"] = clean_target(changes["target"])
    if "unit" in changes:
        fields["unit"] = clean_unit(changes["unit"])
    updated = replace(key, changed=now, **fields)
    if updated.unit and updated.target is None:
        raise ValidationError("unit", f"{updated.unit!r} needs a target to count towards; give a target too")
    return updated


def log_progress(key: KeyTask, amount: Any, now: datetime, day: date) -> KeyTask:
    entry = ProgressEntry(now, day, clean_progress(amount))
    if key.done + entry.amount < 0:
        raise ValidationError("progress", f"a correction of {format_amount(entry.amount)} would take the total "
                                          f"below zero (it is {format_amount(key.done)})")
    return replace(key, progress=key.progress + (entry,), changed=now)


def add_micro_goal(key: KeyTask, text: str, now: datetime) -> KeyTask:
    if len(key.micro_goals) >= MAX_MICRO_GOALS:
        raise ValidationError("micro goal", f"a key task holds at most {MAX_MICRO_GOALS}; finish or merge some first")
    goal = MicroGoal(clean_title(text, "micro goal"))
    return replace(key, micro_goals=key.micro_goals + (goal,), changed=now)


def toggle_micro_goal(key: KeyTask, index: int, now: datetime) -> KeyTask:
    if not 0 <= index < len(key.micro_goals):
        raise ValidationError("micro goal", f"there is no micro goal {index + 1}")
    goals = list(key.micro_goals)
    goals[index] = replace(goals[index], done=not goals[index].done)
    return replace(key, micro_goals=tuple(goals), changed=now)


def remove_micro_goal(key: KeyTask, index: int, now: datetime) -> KeyTask:
    if not 0 <= index < len(key.micro_goals):
        raise ValidationError("micro goal", f"there is no micro goal {index + 1}")
    goals = key.micro_goals[:index] + key.micro_goals[index + 1:]
    return replace(key, micro_goals=goals, changed=now)


def current_key_of(keys: Iterable[KeyTask], period: Period) -> KeyTask | None:
    """A period's key task among `keys`: the newest that was not replaced."""
    current = [key for key in keys if key.stage is period.stage and key.period_start == period.start and key.is_current]
    return max(current, key=lambda key: key.id or 0) if current else None
