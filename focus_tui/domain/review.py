"""The figures of a review (METHOD sections 1, 3 and 8): what was planned and done over a day, week
or quarter, by category, with batches, switches saved, blockers by cause and the key tasks' pace.

Everything here is computed from what the app recorded; nothing is typed by the person.
"""

from __future__ import annotations

from dataclasses import field
from datetime import date, datetime, timedelta
from typing import Any, Iterable, Mapping

from focus_tui.domain.batching import BatchRules, BatchRun, is_small, switches_saved
from focus_tui.domain.blockers import Blocker, Cause, age_text
from focus_tui.domain.clock import parse_timestamp, timestamp, work_day
from focus_tui.domain.keytasks import KeyTask, format_amount
from focus_tui.domain.pacing import ALL_DAYS, Pace, pace
from focus_tui.domain.periods import Period, Stage
from focus_tui.domain.records import record
from focus_tui.domain.tasks import Category, Status, Task
from focus_tui.domain.validation import ValidationError, clean_line

TREND_DAYS = 14

# The written part of a review, in the order it is shown. A day asks three short questions; a
# week or quarter the method's five headings.
DAY_HEADINGS = ("highlights", "shortcomings", "tomorrow")
STAGE_HEADINGS = ("highlights", "shortcomings", "changes", "rules", "actions")
HEADING_PROMPTS = {
    "highlights": "Highlights",
    "shortcomings": "Shortcomings",
    "tomorrow": "What changes tomorrow",
    "changes": "Changes made during the stage",
    "rules": "Rules learned",
    "actions": "Actions for the next stage",
}
WRITTEN_LIMIT = 600


def headings_for(stage: Stage) -> tuple[str, ...]:
    return DAY_HEADINGS if stage is Stage.DAY else STAGE_HEADINGS


# -- the stored, written part ------------------------------------------------------------------
@record
class Review:
    """What the person wrote about one period, the stand-up text they edited, and when the day
    was closed. One per stage and period; a missing one reads as empty."""

    stage: Stage
    period_start: date
    id: int | None = None
    written: Mapping[str, str] = field(default_factory=dict)
    standup: str | None = None
    """The stand-up as edited; None means "generate it from the data"."""
    closed: datetime | None = None
    changed: datetime | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)

    def text(self, heading: str) -> str:
        return self.written.get(heading, "")

    def to_doc(self) -> dict[str, Any]:
        doc: dict[str, Any] = dict(self.extra)
        doc.update(
            stage=self.stage.value,
            period_start=self.period_start.isoformat(),
            written={key: value for key, value in self.written.items() if value},
            standup=self.standup,
            closed=timestamp(self.closed) if self.closed else None,
            changed=timestamp(self.changed) if self.changed else None,
        )
        return doc

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any], review_id: int | None = None) -> "Review":
        known = {"stage", "period_start", "written", "standup", "closed", "changed"}
        written = doc.get("written") or {}
        if not isinstance(written, dict) or not all(isinstance(v, str) for v in written.values()):
            raise ValueError("written must map headings to text")
        return cls(
            id=review_id,
            stage=Stage(doc["stage"]),
            period_start=date.fromisoformat(doc["period_start"]),
            written=dict(written),
            standup=doc.get("standup"),
            closed=parse_timestamp(doc["closed"]) if doc.get("closed") else None,
            changed=parse_timestamp(doc["changed"]) if doc.get("changed") else None,
            extra={key: value for key, value in doc.items() if key not in known},
        )


def clean_written(heading: str, text: Any, stage: Stage) -> str:
    """One or a few short lines; control characters and huge pastes are refused with a reason."""
    if heading not in headings_for(stage):
        names = ", ".join(headings_for(stage))
        raise ValidationError("heading", f"{heading!r} is not one of {names}")
    if text is None:
        return ""
    return clean_line(text, heading, WRITTEN_LIMIT, multiline=True)


def clean_standup(text: Any) -> str | None:
    if text is None:
        return None
    return clean_line(text, "stand-up", 4 * WRITTEN_LIMIT, multiline=True) or None


def write_review(review: Review, now: datetime, **written: Any) -> Review:
    merged = dict(review.written)
    for heading, text in written.items():
        merged[heading] = clean_written(heading, text, review.stage)
    return Review(review.stage, review.period_start, review.id, merged, review.standup, review.closed, now, review.extra)


# -- which tasks count where -------------------------------------------------------------------
def finished_on(task: Task, day_start_hour: int) -> date | None:
    return work_day(task.finished, day_start_hour) if task.finished is not None else None


def was_planned_on(task: Task, day: date, today: date, day_start_hour: int) -> bool:
    """A task was planned on a day when it was on that day's list: scheduled for it, due on it
    with no day of its own, moved on from it unfinished, or carried into it from an earlier day
    (and then finished that day, or still open when that day is today)."""
    if day in task.carried_from:
        return True
    finished = finished_on(task, day_start_hour)
    if not task.is_open and finished is not None and finished < day:
        return False  # finished before its day came: it never reached that day's list
    if task.day == day:
        return True
    if task.day is None and task.due == day:
        return True
    if task.day is not None and task.day < day:
        if task.status is Status.DONE and finished == day:
            return True
        if task.is_open and day == today:
            return True
    return False


def done_on(task: Task, day: date, day_start_hour: int) -> bool:
    return task.status is Status.DONE and finished_on(task, day_start_hour) == day


# -- the figures -------------------------------------------------------------------------------
@record
class CategoryFigures:
    planned: int = 0
    done: int = 0


@record
class BlockerLine:
    task_title: str
    cause: Cause
    age: str
    person: str = ""
    note: str = ""


@record
class BlockerFigures:
    opened: Mapping[Cause, int]
    resolved: Mapping[Cause, int]
    still_open: Mapping[Cause, int]
    open_now: tuple[BlockerLine, ...] = ()

    def as_json(self) -> dict[str, dict[str, int]]:
        return {
            cause.value: {"opened": self.opened[cause], "resolved": self.resolved[cause], "open": self.still_open[cause]}
            for cause in Cause
        }


@record
class KeyFigures:
    stage: Stage
    period: Period
    key: KeyTask | None
    done: float = 0.0
    """Progress logged up to the end of the reviewed period (or today, whichever is first)."""
    done_in_range: float = 0.0
    """Progress logged within the reviewed days."""
    pace: Pace | None = None

    @property
    def reached(self) -> bool:
        return self.key is not None and self.key.target is not None and self.done >= self.key.target

    def as_json(self) -> dict[str, Any] | None:
        if self.key is None:
            return None
        key = self.key
        return {
            "stage": self.stage.value,
            "period": self.period.label,
            "text": key.text,
            "purpose": key.purpose,
            "target": key.target,
            "unit": key.unit,
            "done": self.done,
            "done_in_review": self.done_in_range,
            "ahead": round(self.pace.ahead_by, 2) if self.pace else None,
            "catch_up": round(self.pace.catch_up_today, 2) if self.pace else None,
            "micro_goals_done": key.micro_done,
            "micro_goals": len(key.micro_goals),
        }


@record
class BatchFigures:
    runs: int = 0
    minutes: float = 0.0
    items_done: int = 0
    small_done: int = 0
    switches_made: int = 0
    switches_would_have: int = 0

    @property
    def switches_saved(self) -> int:
        return max(self.switches_would_have - self.switches_made, 0)


@record
class Figures:
    """The data part of a review of `days` (one day, a week or a quarter), as of `today`."""

    stage: Stage
    period: Period
    days: tuple[date, ...]
    today: date
    planned: tuple[Task, ...]
    done: tuple[Task, ...]
    dropped: tuple[Task, ...]
    unfinished: tuple[Task, ...]
    """Planned and not done or dropped by the end of the period: carried over, or still to decide."""
    by_category: Mapping[Category, CategoryFigures]
    batches: BatchFigures
    blockers: BlockerFigures
    key_tasks: tuple[KeyFigures, ...]

    @property
    def done_of_planned(self) -> int:
        planned = {task.id for task in self.planned}
        return sum(1 for task in self.done if task.id in planned)

    @property
    def unplanned_done(self) -> int:
        return len(self.done) - self.done_of_planned

    @property
    def is_empty(self) -> bool:
        """Nothing was recorded for these days: the review says so rather than showing zeros."""
        return (not self.planned and not self.done and not self.dropped and self.batches.runs == 0
                and not any(self.blockers.opened.values()) and not any(self.blockers.resolved.values())
                and all(k.key is None for k in self.key_tasks))

    @property
    def in_future(self) -> bool:
        return self.days[0] > self.today


def review_days(period: Period, today: date) -> tuple[date, ...]:
    """The days of a period that have begun: a week under way is reviewed up to today."""
    days = [day for day in period.days() if day <= today]
    return tuple(days) or (period.start,)


def _blocker_figures(blockers: Iterable[Blocker], tasks: Mapping[int, Task], days: tuple[date, ...],
                     now: datetime, day_start_hour: int) -> BlockerFigures:
    first, last = days[0], days[-1]
    every = {cause: 0 for cause in Cause}
    opened, resolved, still_open = dict(every), dict(every), dict(every)
    lines: list[BlockerLine] = []
    for blocker in blockers:
        opened_day = work_day(blocker.opened, day_start_hour)
        resolved_day = work_day(blocker.resolved, day_start_hour) if blocker.resolved else None
        if first <= opened_day <= last:
            opened[blocker.cause] += 1
        if resolved_day is not None and first <= resolved_day <= last:
            resolved[blocker.cause] += 1
        if opened_day <= last and (resolved_day is None or resolved_day > last):
            still_open[blocker.cause] += 1
            task = tasks.get(blocker.task_id)
            end = min(now, blocker.resolved) if blocker.resolved else now
            lines.append(BlockerLine(task.title if task else f"task {blocker.task_id}", blocker.cause,
                                     age_text(blocker.opened, end), blocker.person, blocker.note))
    return BlockerFigures(opened, resolved, still_open, tuple(lines))


def key_figures(stage: Stage, period: Period, key: KeyTask | None, days: tuple[date, ...],
                day_start_hour: int, working_days: frozenset[int] = ALL_DAYS) -> KeyFigures:
    """A key task's standing at the end of the reviewed days: done so far, done within them, and the
    pace as it stood on the last of them (today's catch-up for a day under review)."""
    if key is None:
        return KeyFigures(stage, period, None)
    last = days[-1]
    done = sum((entry.amount for entry in key.progress if entry.day <= last), 0.0)
    in_range = sum((entry.amount for entry in key.progress if days[0] <= entry.day <= last), 0.0)
    key_pace = None
    if key.target is not None and last in period:
        stated = work_day(key.created, day_start_hour)
        done_last = sum((entry.amount for entry in key.progress if entry.day == last), 0.0)
        key_pace = pace(period, last, key.target, done, done_last, working_days, since=stated)
    return KeyFigures(stage, period, key, done, in_range, key_pace)


def compute_figures(
    stage: Stage,
    period: Period,
    today: date,
    now: datetime,
    tasks: Iterable[Task],
    blockers: Iterable[Blocker],
    runs: Iterable[BatchRun],
    key_tasks: Iterable[KeyFigures],
    rules: BatchRules,
    day_start_hour: int,
) -> Figures:
    """Every figure of a review of `period` as of `today`. Tasks, blockers and runs may be all of
    them: the ones outside the period are ignored here, so callers need not pre-filter."""
    days = review_days(period, today)
    day_set = set(days)
    all_tasks = list(tasks)
    finished_near = _FinishedNear(days[0], days[-1], day_start_hour)
    planned, done, dropped = [], [], []
    for task in all_tasks:
        finished = finished_near(task)
        if any(was_planned_on(task, day, today, day_start_hour) for day in _candidate_days(task, day_set, today, finished)):
            planned.append(task)
        if task.status is Status.DONE and finished in day_set:
            done.append(task)
        if task.status is Status.DROPPED and finished in day_set:
            dropped.append(task)
    finished_ids = {task.id for task in done} | {task.id for task in dropped}
    unfinished = [task for task in planned if task.id not in finished_ids]

    by_category = {}
    for category in Category:
        by_category[category] = CategoryFigures(
            planned=sum(1 for task in planned if task.category is category),
            done=sum(1 for task in done if task.category is category),
        )

    small_done = [task for task in done if is_small(task, rules)]
    made, would_have = switches_saved(small_done)
    minutes, runs_count, items_done = 0.0, 0, 0
    for run in runs:
        if work_day(run.started, day_start_hour) in day_set:
            runs_count += 1
            minutes += run.worked_seconds(now) / 60
            items_done += len(set(run.done))
    batches = BatchFigures(runs_count, round(minutes, 1), items_done, len(small_done), made, would_have)

    by_id = {task.id: task for task in all_tasks}
    blocker_figures = _blocker_figures(blockers, by_id, days, now, day_start_hour)
    return Figures(
        stage=stage, period=period, days=days, today=today,
        planned=tuple(planned), done=tuple(done), dropped=tuple(dropped), unfinished=tuple(unfinished),
        by_category=by_category, batches=batches, blockers=blocker_figures, key_tasks=tuple(key_tasks),
    )


class _FinishedNear:
    """`finished_on` for the tasks that may have been finished within first..last, and FAR (a day
    outside them) for the others without working out their day: a review reads every task ever
    made, and most were finished long before the reviewed days."""

    FAR = date.min

    def __init__(self, first: date, last: date, day_start_hour: int) -> None:
        # A moment's work day is its wall-clock day shifted by the day-start hour, so a task whose
        # wall-clock day is outside these bounds cannot have been finished within first..last.
        shift = timedelta(hours=day_start_hour)
        self.earliest = (datetime.combine(first, datetime.min.time()) + shift).date()
        self.latest = (datetime.combine(last + timedelta(days=1), datetime.min.time()) + shift).date()
        self.day_start_hour = day_start_hour

    def __call__(self, task: Task) -> date | None:
        if task.finished is None:
            return None
        if not self.earliest <= task.finished.date() <= self.latest:
            return self.FAR
        return work_day(task.finished, self.day_start_hour)


def _candidate_days(task: Task, days: set[date], today: date, finished: date | None) -> list[date]:
    """The only days a task can have been planned on, so a quarter's review does not test every
    task against ninety days. `finished` is its finished day (None when unfinished)."""
    candidates = [day for day in task.carried_from if day in days]
    if task.day is not None:
        also = (task.day, task.due, finished if finished is not None else today)
    elif task.due is not None:
        also = (task.due,)
    else:
        return candidates
    for day in also:
        if day is not None and day in days and day not in candidates:
            candidates.append(day)
    return candidates


# -- trend -------------------------------------------------------------------------------------
@record
class TrendDay:
    day: date
    planned: int
    done: int
    key_progress: float
    """How far the day's key task got, 0-100: its target reached in percent, else micro goals."""


def key_percent(key: KeyTask | None, upto: date) -> float:
    if key is None:
        return 0.0
    if key.target:
        done = sum((entry.amount for entry in key.progress if entry.day <= upto), 0.0)
        return max(0.0, min(done / key.target, 1.0)) * 100
    if key.micro_goals:
        return key.micro_done / len(key.micro_goals) * 100
    return 0.0


def trend(last_day: date, today: date, tasks: Iterable[Task], day_keys: Mapping[date, KeyTask],
          day_start_hour: int, days: int = TREND_DAYS) -> tuple[TrendDay, ...]:
    """Planned, done and day-key-task progress for the `days` days ending with `last_day`."""
    window = [last_day - timedelta(days=offset) for offset in range(days - 1, -1, -1)]
    window_set = set(window)
    finished_near = _FinishedNear(window[0], window[-1], day_start_hour)
    planned = {day: 0 for day in window}
    done = {day: 0 for day in window}
    for task in tasks:
        finished = finished_near(task)
        for day in _candidate_days(task, window_set, today, finished):
            if was_planned_on(task, day, today, day_start_hour):
                planned[day] += 1
        if task.status is Status.DONE and finished in window_set:
            done[finished] += 1
    return tuple(TrendDay(day, planned[day], done[day], key_percent(day_keys.get(day), day)) for day in window)


# -- the stand-up ------------------------------------------------------------------------------
HELP_BY_CAUSE = {
    Cause.TASK: "a second view on the approach",
    Cause.PEOPLE: "time with {person}",
    Cause.BUDGET: "a budget decision",
    Cause.RESOURCE: "the missing tool, access or time",
}


def _list_sentence(titles: list[str], limit: int = 4) -> str:
    shown = titles[:limit]
    more = len(titles) - len(shown)
    return "; ".join(shown) + (f" (and {more} more)" if more > 0 else "")


def standup_text(figures: Figures, next_up: list[str]) -> str:
    """The stand-up's three sentences, from the data: finished, next, blocked and the help needed."""
    finished = [task.title for task in figures.done]
    for key in figures.key_tasks:
        if key.stage is Stage.DAY and key.key is not None and key.key.target and key.done_in_range:
            unit = f" {key.key.unit}" if key.key.unit else ""
            finished.insert(0, f"{format_amount(key.done_in_range)}{unit} towards \"{key.key.text}\"")
    lines = [f"Finished: {_list_sentence(finished)}." if finished else "Finished: nothing recorded yet."]
    lines.append(f"Next: {_list_sentence(next_up, 3)}." if next_up else "Next: nothing planned yet.")
    if figures.blockers.open_now:
        blocked = []
        helps = []
        for line in figures.blockers.open_now:
            who = f", {line.person}" if line.person else ""
            blocked.append(f"{line.task_title} ({line.cause.value}{who}, {line.age})")
            help_text = HELP_BY_CAUSE[line.cause].format(person=line.person or "my lead")
            if help_text not in helps:
                helps.append(help_text)
        lines.append(f"Blocked: {_list_sentence(blocked, 3)}. Help needed: {'; '.join(helps)}.")
    else:
        lines.append("Blocked: nothing.")
    return "\n".join(lines)
