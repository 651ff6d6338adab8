"""Batches against context switching (METHOD section 5): small tasks grouped by kind into timeboxes,
the timer of a running batch, and the switches a day's order saved."""

from __future__ import annotations

from dataclasses import field, replace
from datetime import date, datetime
from typing import Any, Iterable, Mapping

from focus_tui.domain.clock import parse_timestamp, timestamp
from focus_tui.domain.records import record
from focus_tui.domain.tasks import Status, Task, is_on_day, rank_key

MISC = "misc"
EXTENSION_MINUTES = 5


@record
class BatchRules:
    small_task_minutes: int = 15
    min_minutes: int = 10
    max_minutes: int = 45
    default_item_minutes: int = 5


def is_small(task: Task, rules: BatchRules) -> bool:
    return task.small or (task.minutes is not None and task.minutes <= rules.small_task_minutes)


def kind_of(task: Task) -> str:
    return task.kind or MISC


def item_minutes(task: Task, rules: BatchRules) -> int:
    return task.minutes if task.minutes is not None else rules.default_item_minutes


@record
class Batch:
    kind: str
    items: tuple[Task, ...]
    timebox: int
    """Minutes: the items' estimates, within the configured minimum and maximum."""

    @property
    def minutes(self) -> int:
        return self.timebox


def queue_tasks(tasks: Iterable[Task], today: date, rules: BatchRules) -> list[Task]:
    """Today's open, unblocked small tasks: what the queue batches."""
    return [t for t in tasks if t.status is Status.TODO and is_on_day(t, today) and is_small(t, rules)]


def plan_batches(tasks: Iterable[Task], rules: BatchRules) -> list[Batch]:
    """One kind per batch; a kind with more work than the maximum is split in priority order (an
    item larger than the maximum gets a batch of its own). Batches are ordered by the highest
    priority they contain, then (as on the list) the nearest due date and the oldest age of that work."""
    by_kind: dict[str, list[Task]] = {}
    for task in sorted(tasks, key=rank_key):
        by_kind.setdefault(kind_of(task), []).append(task)
    batches: list[Batch] = []
    for kind, items in by_kind.items():
        chunk: list[Task] = []
        total = 0
        for task in items:
            minutes = item_minutes(task, rules)
            if chunk and total + minutes > rules.max_minutes:
                batches.append(_batch(kind, chunk, total, rules))
                chunk, total = [], 0
            chunk.append(task)
            total += minutes
        if chunk:
            batches.append(_batch(kind, chunk, total, rules))
    # A batch ranks as its first (best-ranked) item does: the highest priority it holds, then
    # the oldest of that priority. Taking the oldest of all its items instead would let a later
    # split of a kind, holding old low-priority work, jump ahead of the kind's first split.
    # Ties go to the kind's name, then to the order the kind's batches were split in.
    return sorted(batches, key=lambda b: (rank_key(b.items[0])[:-1], b.kind, b.items[0].id or 0))


def _batch(kind: str, items: list[Task], total: int, rules: BatchRules) -> Batch:
    timebox = max(rules.min_minutes, min(total, rules.max_minutes)) if total <= rules.max_minutes else total
    return Batch(kind=kind, items=tuple(items), timebox=timebox)


def context_switches(kinds: list[str]) -> int:
    return sum(1 for before, after in zip(kinds, kinds[1:]) if before != after)


def switches_saved(finished_small: Iterable[Task]) -> tuple[int, int]:
    """(switches made, switches the same tasks would have cost in the order they were added)."""
    tasks = list(finished_small)
    done_order = [kind_of(t) for t in sorted(tasks, key=lambda t: (t.finished or t.changed, t.id or 0))]
    added_order = [kind_of(t) for t in sorted(tasks, key=lambda t: (t.created, t.id or 0))]
    return context_switches(done_order), context_switches(added_order)


@record
class BatchRun:
    """A batch being (or having been) worked: start, pauses and extensions are stored, never a
    ticking counter, so the remaining time is right after a restart or a crash."""

    kind: str
    planned: tuple[int, ...]
    timebox: int
    started: datetime
    id: int | None = None
    planned_minutes: int = 0
    pauses: tuple[tuple[datetime, datetime | None], ...] = ()
    extensions: int = 0
    done: tuple[int, ...] = ()
    skipped: tuple[int, ...] = ()
    ended: datetime | None = None
    end_reason: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def is_running(self) -> bool:
        return self.ended is None

    @property
    def is_paused(self) -> bool:
        return bool(self.pauses) and self.pauses[-1][1] is None

    @property
    def total_seconds(self) -> int:
        return (self.timebox + self.extensions * EXTENSION_MINUTES) * 60

    def worked_seconds(self, now: datetime) -> float:
        """Time spent working: wall time since the start, less pauses. A clock that jumped
        backwards never makes it negative."""
        end = self.ended or now
        paused = sum(((stop or end) - start).total_seconds() for start, stop in self.pauses)
        return max((end - self.started).total_seconds() - paused, 0.0)

    def remaining_seconds(self, now: datetime) -> int:
        return int(max(min(self.total_seconds - self.worked_seconds(now), self.total_seconds), 0))

    def open_items(self) -> list[int]:
        finished = set(self.done)
        return [task_id for task_id in self.planned if task_id not in finished]

    def to_doc(self) -> dict[str, Any]:
        doc: dict[str, Any] = dict(self.extra)
        doc.update(
            kind=self.kind, planned=list(self.planned), timebox=self.timebox, planned_minutes=self.planned_minutes,
            started=timestamp(self.started),
            pauses=[[timestamp(a), timestamp(b) if b else None] for a, b in self.pauses],
            extensions=self.extensions, done=list(self.done), skipped=list(self.skipped),
            ended=timestamp(self.ended) if self.ended else None, end_reason=self.end_reason,
        )
        return doc

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any], run_id: int | None = None) -> "BatchRun":
        known = {"kind", "planned", "timebox", "planned_minutes", "started", "pauses", "extensions", "done",
                 "skipped", "ended", "end_reason"}
        return cls(
            id=run_id, kind=doc["kind"], planned=tuple(int(i) for i in doc["planned"]), timebox=int(doc["timebox"]),
            planned_minutes=int(doc.get("planned_minutes") or 0), started=parse_timestamp(doc["started"]),
            pauses=tuple((parse_timestamp(a), parse_timestamp(b) if b else None) for a, b in doc.get("pauses") or ()),
            extensions=int(doc.get("extensions") or 0), done=tuple(int(i) for i in doc.get("done") or ()),
            skipped=tuple(int(i) for i in doc.get("skipped") or ()),
            ended=parse_timestamp(doc["ended"]) if doc.get("ended") else None, end_reason=doc.get("end_reason") or "",
            extra={k: v for k, v in doc.items() if k not in known},
        )


def start_run(batch: Batch, now: datetime, rules: BatchRules) -> BatchRun:
    return BatchRun(kind=batch.kind, planned=tuple(t.id for t in batch.items), timebox=batch.timebox,
                    planned_minutes=sum(item_minutes(t, rules) for t in batch.items), started=now)


def pause_or_resume(run: BatchRun, now: datetime) -> BatchRun:
    if run.is_paused:
        start, _ = run.pauses[-1]
        return replace(run, pauses=run.pauses[:-1] + ((start, max(now, start)),))
    return replace(run, pauses=run.pauses + ((now, None),))


def extend(run: BatchRun) -> BatchRun:
    return replace(run, extensions=run.extensions + 1)


def mark_done(run: BatchRun, task_id: int) -> BatchRun:
    return replace(run, done=run.done + (task_id,))


def skip_to_end(run: BatchRun, task_id: int) -> BatchRun:
    planned = tuple(i for i in run.planned if i != task_id) + (task_id,)
    return replace(run, planned=planned, skipped=run.skipped + (task_id,))


def add_item(run: BatchRun, task_id: int) -> BatchRun:
    return replace(run, planned=run.planned + (task_id,))


def end_run(run: BatchRun, now: datetime, reason: str) -> BatchRun:
    if run.is_paused:
        run = pause_or_resume(run, now)
    return replace(run, ended=max(now, run.started), end_reason=reason)


def actual_minutes(run: BatchRun, now: datetime) -> float:
    return run.worked_seconds(now) / 60


def format_countdown(seconds: int) -> str:
    seconds = max(seconds, 0)
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


