"""Objectives and key results for a quarter (METHOD section 8): at most three objectives, each
with two to five measurable key results scored 0-1, and a weekly confidence from 1 to 10."""

from __future__ import annotations

from dataclasses import field, replace
from datetime import date, datetime
from typing import Any, Mapping

from focus_tui.domain.clock import parse_timestamp, timestamp
from focus_tui.domain.keytasks import clean_target, clean_unit, format_amount, parse_amount
from focus_tui.domain.records import record
from focus_tui.domain.validation import ValidationError, clean_title

MAX_OBJECTIVES = 3
MIN_KEY_RESULTS, MAX_KEY_RESULTS = 2, 5
RULE_OF_THREE = (
    f"a quarter holds at most {MAX_OBJECTIVES} objectives (the rule of three): "
    "more than three means none of them gets the focus; drop or merge one first"
)


def clean_score(value: Any) -> float:
    try:
        score = float(value)
    except (TypeError, ValueError):
        raise ValidationError("score", f"{value!r} is not a number from 0.0 to 1.0") from None
    if isinstance(value, bool) or not 0.0 <= score <= 1.0 or score != score:
        raise ValidationError("score", f"{value!r} is outside 0.0-1.0")
    return score


def clean_confidence(value: Any) -> int:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise ValidationError("confidence", f"{value!r} is not a whole number from 1 to 10") from None
    if isinstance(value, bool) or not 1 <= number <= 10:
        raise ValidationError("confidence", f"{value!r} is outside 1-10")
    return number


def clean_kr_target(value: Any) -> float:
    target = clean_target(value)
    if target is None:
        raise ValidationError("target", "a key result needs a measurable target above zero")
    return target


@record
class KeyResult:
    """A measurable result. Its progress is typed by hand, or fed by a key task's logged progress
    (`key_task_id`); a score set by hand overrides the computed one."""

    text: str
    target: float
    unit: str = ""
    done: float = 0.0
    key_task_id: int | None = None
    score_override: float | None = None

    def progress(self, fed: Mapping[int, float] | None = None) -> float:
        if self.key_task_id is not None and fed is not None and self.key_task_id in fed:
            return fed[self.key_task_id]
        return self.done

    def computed_score(self, fed: Mapping[int, float] | None = None) -> float:
        return max(0.0, min(self.progress(fed) / self.target, 1.0))

    def score(self, fed: Mapping[int, float] | None = None) -> float:
        return self.score_override if self.score_override is not None else self.computed_score(fed)

    def describe(self, fed: Mapping[int, float] | None = None) -> str:
        unit = f" {self.unit}" if self.unit else ""
        return f"{format_amount(self.progress(fed))} / {format_amount(self.target)}{unit}"

    def to_doc(self) -> dict[str, Any]:
        return {"text": self.text, "target": self.target, "unit": self.unit, "done": self.done,
                "key_task_id": self.key_task_id, "score_override": self.score_override}

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> "KeyResult":
        override = doc.get("score_override")
        return cls(text=doc["text"], target=float(doc["target"]), unit=doc.get("unit") or "",
                   done=float(doc.get("done") or 0.0), key_task_id=doc.get("key_task_id"),
                   score_override=float(override) if override is not None else None)


@record
class Confidence:
    week_start: date
    value: int
    at: datetime


@record
class Objective:
    quarter_start: date
    text: str
    created: datetime
    changed: datetime
    id: int | None = None
    key_results: tuple[KeyResult, ...] = ()
    confidence: tuple[Confidence, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=dict)

    def score(self, fed: Mapping[int, float] | None = None) -> float | None:
        """The mean of its key results' scores; None until it has one."""
        if not self.key_results:
            return None
        return sum(kr.score(fed) for kr in self.key_results) / len(self.key_results)

    @property
    def latest_confidence(self) -> int | None:
        return self.confidence[-1].value if self.confidence else None

    @property
    def warning(self) -> str | None:
        count = len(self.key_results)
        if count < MIN_KEY_RESULTS:
            return f"has {count} key result{'s' if count != 1 else ''}; an objective needs {MIN_KEY_RESULTS} to {MAX_KEY_RESULTS}"
        if count > MAX_KEY_RESULTS:
            return f"has {count} key results; more than {MAX_KEY_RESULTS} spreads it thin"
        return None

    def to_doc(self) -> dict[str, Any]:
        doc: dict[str, Any] = dict(self.extra)
        doc.update(
            quarter_start=self.quarter_start.isoformat(), text=self.text,
            created=timestamp(self.created), changed=timestamp(self.changed),
            key_results=[kr.to_doc() for kr in self.key_results],
            confidence=[{"week_start": c.week_start.isoformat(), "value": c.value, "at": timestamp(c.at)}
                        for c in self.confidence],
        )
        return doc

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any], objective_id: int | None = None) -> "Objective":
        known = {"quarter_start", "text", "created", "changed", "key_results", "confidence"}
        return cls(
            id=objective_id, quarter_start=date.fromisoformat(doc["quarter_start"]), text=doc["text"],
            created=parse_timestamp(doc["created"]), changed=parse_timestamp(doc["changed"]),
            key_results=tuple(KeyResult.from_doc(kr) for kr in doc.get("key_results") or ()),
            confidence=tuple(Confidence(date.fromisoformat(c["week_start"]), int(c["value"]), parse_timestamp(c["at"]))
                             for c in doc.get("confidence") or ()),
            extra={key: value for key, value in doc.items() if key not in known},
        )


def new_objective(quarter_start: date, text: str, now: datetime, existing: int) -> Objective:
    """Refused, with the reason, when the quarter already has three."""
    if existing >= MAX_OBJECTIVES:
        raise ValidationError("objective", RULE_OF_THREE)
    return Objective(quarter_start=quarter_start, text=clean_title(text, "objective"), created=now, changed=now)


def edit_objective(objective: Objective, now: datetime, text: str) -> Objective:
    return replace(objective, text=clean_title(text, "objective"), changed=now)


def _kr_index(objective: Objective, number: int) -> int:
    if not 1 <= number <= len(objective.key_results):
        raise ValidationError("key result", f"objective {objective.id} has no key result {number}"
                              f" (it has {len(objective.key_results)})")
    return number - 1


def add_key_result(objective: Objective, now: datetime, text: str, target: Any, unit: str | None = None,
                   key_task_id: int | None = None) -> Objective:
    """Adding a sixth is allowed but warned about (Objective.warning), as the method's 2-5 is a guide."""
    kr = KeyResult(text=clean_title(text, "key result"), target=clean_kr_target(target), unit=clean_unit(unit),
                   key_task_id=key_task_id)
    return replace(objective, key_results=objective.key_results + (kr,), changed=now)


def change_key_result(objective: Objective, number: int, now: datetime, **changes: Any) -> Objective:
    """`done` (by hand), `score` (override, None clears), `text`, `target`, `unit`, `key_task_id`."""
    index = _kr_index(objective, number)
    kr = objective.key_results[index]
    cleaned: dict[str, Any] = {}
    for name, value in changes.items():
        if name == "done":
            if kr.key_task_id is not None:
                raise ValidationError("done", f"key result {objective.id}.{number} is fed by key task "
                                      f"{kr.key_task_id}; log progress there, or unlink it first")
            cleaned["done"] = parse_amount(value, "done") if value is not None else 0.0
            if cleaned["done"] < 0:
                raise ValidationError("done", "cannot be below zero")
        elif name == "score":
            cleaned["score_override"] = clean_score(value) if value is not None else None
        elif name == "text":
            cleaned["text"] = clean_title(value, "key result")
        elif name == "target":
            cleaned["target"] = clean_kr_target(value)
        elif name == "unit":
            cleaned["unit"] = clean_unit(value)
        elif name == "key_task_id":
            cleaned["key_task_id"] = value
        else:
            raise ValidationError(name, "is not a field of a key result")
    results = list(objective.key_results)
    results[index] = replace(kr, **cleaned)
    return replace(objective, key_results=tuple(results), changed=now)


def remove_key_result(objective: Objective, number: int, now: datetime) -> Objective:
    index = _kr_index(objective, number)
    results = objective.key_results[:index] + objective.key_results[index + 1:]
    return replace(objective, key_results=results, changed=now)


def record_confidence(objective: Objective, week_start: date, value: Any, now: datetime) -> Objective:
    """One value per week: recording again in the same week replaces that week's value."""
    number = clean_confidence(value)
    kept = tuple(c for c in objective.confidence if c.week_start != week_start)
    history = tuple(sorted(kept + (Confidence(week_start, number, now),), key=lambda c: c.week_start))
    return replace(objective, confidence=history, changed=now)


def parse_kr_ref(text: str) -> tuple[int, int]:
    """"2.1" -> objective 2, key result 1."""
    parts = str(text).strip().split(".")
    if len(parts) != 2 or not all(part.isdecimal() and part.isascii() for part in parts) or int(parts[0]) < 1 or int(parts[1]) < 1:
        raise ValidationError("key result", f"{text!r} is not OBJECTIVE.RESULT, e.g. 2.1")
    return int(parts[0]), int(parts[1])


def draft_objectives(actions: str, existing: int) -> tuple[list[str], list[str]]:
    """Objective texts drafted from a review's actions, one per non-empty line, and the lines left
    out by the rule of three."""
    lines = [line.strip(" -*•\t") for line in actions.splitlines()]
    lines = [line for line in lines if line]
    room = max(MAX_OBJECTIVES - existing, 0)
    return lines[:room], lines[room:]
