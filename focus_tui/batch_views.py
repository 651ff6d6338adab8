"""Batches as the queue, status bars and `focus queue` / `focus batch` show them. No Textual here:
`focus batch status` runs every second from status bars."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from focus_tui.config import Config
from focus_tui.domain.batching import (
    Batch,
    BatchRules,
    format_countdown,
    is_small,
    plan_batches,
    queue_tasks,
    switches_saved,
)
from focus_tui.domain.clock import timestamp, work_day
from focus_tui.domain.tasks import Status
from focus_tui.storage import Store


def rules_from(config: Config) -> BatchRules:
    """The batching rules of the settings. A minimum above the maximum (each is valid on its own)
    is read as the maximum, so a timebox never exceeds `batches.max_minutes` for small work."""
    return BatchRules(
        small_task_minutes=config.small_task_minutes,
        min_minutes=min(config.batch_min_minutes, config.batch_max_minutes),
        max_minutes=config.batch_max_minutes,
        default_item_minutes=config.batch_default_item_minutes,
    )


def todays_batches(store: Store, config: Config, today: date) -> list[Batch]:
    """Today's small to-do tasks, grouped by kind into timeboxes, in the order to work them."""
    rules = rules_from(config)
    return plan_batches(queue_tasks(store.tasks(), today, rules), rules)


def run_status(store: Store, now: datetime) -> dict[str, Any] | None:
    """The running batch for a status bar, or None when none runs.

    `done` and `planned` count the batch's items; an item counts as done when it was done in the
    batch or its task was completed elsewhere. `current` is the first item still open."""
    run = store.active_run()
    if run is None:
        return None
    tasks = {task.id: task for task in store.tasks()}
    recorded = set(run.done)
    done = [task_id for task_id in run.planned
            if task_id in recorded or (task_id in tasks and tasks[task_id].status is Status.DONE)]
    current = next((tasks[task_id] for task_id in run.open_items()
                    if task_id in tasks and tasks[task_id].is_open and task_id not in done), None)
    remaining = run.remaining_seconds(now)
    return {
        "kind": run.kind,
        "remaining_seconds": remaining,
        "remaining": format_countdown(remaining),
        "paused": run.is_paused,
        "done": len(done),
        "planned": len(run.planned),
        "current": {"id": current.id, "title": current.title} if current is not None else None,
        "started": timestamp(run.started),
    }


def switches_today(store: Store, config: Config, today: date) -> tuple[int, int, int]:
    """(switches made, switches the order of adding would have cost, switches saved) over the small
    tasks completed on the work day `today`. Saved is never below zero."""
    rules = rules_from(config)
    finished = [
        task for task in store.tasks()
        if task.status is Status.DONE and task.finished is not None and is_small(task, rules)
        and work_day(task.finished, config.day_start_hour) == today
    ]
    made, would_have = switches_saved(finished)
    return made, would_have, max(would_have - made, 0)
