"""Markdown for reading: everything, one day, one week, or the backlog. Pure rendering: the caller
gives the tasks and key tasks; which tasks a day "planned" follows the review's rule."""

from __future__ import annotations

from datetime import date, datetime
from typing import Iterable

from focus_tui.domain.keytasks import KeyTask, current_key_of, format_amount
from focus_tui.domain.periods import Period, Stage
from focus_tui.domain.review import done_on, was_planned_on
from focus_tui.domain.tasks import Category, Status, Task, ranked

CATEGORY_TITLES = {Category.PLANNING: "Planning", Category.ROUTINE: "Routine", Category.TRANSACTIONAL: "Transactional"}
BOXES = {Status.DONE: "[x]", Status.DROPPED: "[-]"}


def escape(text: str) -> str:
    """Titles are shown literally: Markdown's marks in them stay text."""
    for mark in ("\\", "[", "*", "_", "`", "<"):
        text = text.replace(mark, "\\" + mark)
    return text


def task_line(task: Task, *, category: bool = True) -> str:
    """`- [x] Title (planning, #email, 5 min, due 2026-11-24) <!-- id 7 -->`; `[-]` is dropped."""
    details = [task.category.value] if category else []
    if task.kind:
        details.append(f"#{task.kind}")
    if task.minutes:
        details.append(f"{task.minutes} min")
    if task.day:
        details.append(f"day {task.day.isoformat()}")
    if task.due:
        details.append(f"due {task.due.isoformat()}")
    if task.status in (Status.DOING, Status.BLOCKED):
        details.append(task.status.value)
    shown = f" ({', '.join(details)})" if details else ""
    return f"- {BOXES.get(task.status, '[ ]')} {escape(task.title)}{shown} <!-- id {task.id} -->"


def everything(tasks: list[Task], now: datetime) -> str:
    """Open work, ranked, then what was finished, newest first."""
    lines = [f"# focus-tui export, {now:%Y-%m-%d %H:%M}", ""]
    lines += ["## Open", ""]
    lines += [task_line(task) for task in ranked([task for task in tasks if task.is_open])] or ["(none)"]
    finished = sorted((task for task in tasks if not task.is_open), key=lambda t: t.finished or t.changed, reverse=True)
    lines += ["", "## Finished", ""]
    lines += [task_line(task) for task in finished] or ["(none)"]
    return "\n".join(lines) + "\n"


def _by_category(tasks: Iterable[Task], empty: str) -> list[str]:
    tasks = ranked(list(tasks))
    if not tasks:
        return ["", empty]
    lines: list[str] = []
    for category, title in CATEGORY_TITLES.items():
        group = [task for task in tasks if task.category is category]
        if group:
            lines += ["", f"## {title}", ""] + [task_line(task, category=False) for task in group]
    return lines


def _key_line(label: str, key: KeyTask) -> str:
    line = f"- **{label}:** {escape(key.text)}"
    if key.target is not None:
        line += f" ({format_amount(key.done)}/{format_amount(key.target)}{' ' + key.unit if key.unit else ''})"
    elif key.micro_goals:
        line += f" (steps {key.micro_done}/{len(key.micro_goals)})"
    return line


def planned_in(tasks: Iterable[Task], days: list[date], today: date, day_start_hour: int) -> tuple[list[Task], list[Task]]:
    """Tasks on the list of any of `days`, and tasks done on them that never were: the review's rule."""
    planned, unplanned = [], []
    for task in tasks:
        if any(was_planned_on(task, day, today, day_start_hour) for day in days):
            planned.append(task)
        elif any(done_on(task, day, day_start_hour) for day in days):
            unplanned.append(task)
    return planned, unplanned


def period_page(period: Period, tasks: list[Task], keys: list[KeyTask], stage_periods: list[Period],
                today: date, day_start_hour: int) -> str:
    """A day or a week: its key tasks (with those of the stages above, and in a week each day's),
    then the tasks planned for it by category, with their state now, then what was done unplanned."""
    if period.stage is Stage.DAY:
        title = f"# {period.start:%a %d %b %Y}"
    else:
        last = period.days()[-1]
        title = f"# Week of {period.start:%a %d %b %Y} (to {last:%a %d %b})"
    lines = [title, "", "## Key tasks", ""]
    key_lines = []
    for above in stage_periods:
        key = current_key_of(keys, above)
        if key is not None:
            key_lines.append(_key_line(above.stage.value.capitalize(), key))
    if period.stage is Stage.WEEK:
        for day in period.days():
            key = current_key_of(keys, Period(Stage.DAY, day, day, ""))
            if key is not None:
                key_lines.append(_key_line(f"{day:%a %d}", key))
    lines += key_lines or ["(none set)"]
    planned, unplanned = planned_in(tasks, period.days(), today, day_start_hour)
    lines += _by_category(planned, "(nothing planned)")
    if unplanned:
        lines += ["", "## Done, not planned", ""] + [task_line(task) for task in ranked(unplanned)]
    return "\n".join(lines) + "\n"


def backlog_page(tasks: list[Task], now: datetime) -> str:
    """Open tasks with no day, by category."""
    backlog = [task for task in tasks if task.is_open and task.day is None]
    lines = [f"# Backlog, {now:%Y-%m-%d}", "", f"{len(backlog)} open task{'' if len(backlog) == 1 else 's'} with no day."]
    lines += _by_category(backlog, "(empty)")
    return "\n".join(lines) + "\n"
