"""Open blockers as the board, the blockers screen and `focus blockers` show them: age and escalation."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from focus_tui.config import Config
from focus_tui.domain.blockers import Blocker, Cause, age_text, escalation_prompt, needs_escalation, recurring_pattern
from focus_tui.domain.clock import work_day
from focus_tui.domain.records import record
from focus_tui.domain.tasks import Task
from focus_tui.storage import Store


@record
class OpenBlocker:
    """An open blocker with its task, how long it has been open and whether to raise it."""

    blocker: Blocker
    task: Task
    age: str
    age_minutes: int
    escalate: bool
    prompt: str

    def as_json(self) -> dict[str, Any]:
        """One element of `focus blockers --json`."""
        blocker = self.blocker
        return {
            "id": blocker.id,
            "task_id": blocker.task_id,
            "title": self.task.title,
            "cause": blocker.cause.value,
            "note": blocker.note,
            "person": blocker.person,
            "opened": blocker.opened.isoformat(timespec="seconds"),
            "age_minutes": self.age_minutes,
            "escalate": self.escalate,
        }


def open_blockers(store: Store, config: Config, now: datetime, tasks: list[Task] | None = None) -> list[OpenBlocker]:
    """Open blockers, oldest first, each with its task (pass `tasks` when already loaded)."""
    tasks = {task.id: task for task in (store.tasks() if tasks is None else tasks)}
    today = work_day(now, config.day_start_hour)
    rows = []
    for blocker in store.blockers():
        task = tasks.get(blocker.task_id)
        if not blocker.is_open or task is None:
            continue
        opened_day = work_day(blocker.opened, config.day_start_hour)
        escalate = needs_escalation(blocker, today, opened_day, threshold_days=config.blocker_escalation_days,
                                    working_days=config.working_days)
        rows.append(OpenBlocker(
            blocker=blocker, task=task, age=age_text(blocker.opened, now),
            age_minutes=max(int((now - blocker.opened).total_seconds() // 60), 0),
            escalate=escalate, prompt=escalation_prompt(opened_day) if escalate else "",
        ))
    return sorted(rows, key=lambda row: row.blocker.opened)


def counts(rows: list[OpenBlocker]) -> dict[Cause, int]:
    return {cause: sum(row.blocker.cause is cause for row in rows) for cause in Cause}


def pattern(store: Store) -> str | None:
    return recurring_pattern(store.blockers(include_archived=True))
