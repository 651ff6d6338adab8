"""Routines as the board, the routines screen, the daily review and `focus routine` see them (no UI)."""

from __future__ import annotations

from datetime import date
from typing import Any

from focus_tui.domain.records import record
from focus_tui.domain.routines import (
    Flag,
    Routine,
    RoutineState,
    day_list,
    is_relevant_to,
    missed_days,
    steps_done,
    variable_flags,
    variable_history,
)
from focus_tui.domain.tasks import Task, is_on_day
from focus_tui.domain.validation import ValidationError
from focus_tui.storage import NotFoundError, Store
from focus_tui.storage.routines import Generation

NEXT_COUNT = 5


def open_todays_routines(store: Store) -> Generation:
    """Generate today's instances (see Store.ensure_routine_instances); nothing in read-only mode."""
    if store.read_only:
        return Generation()
    return store.ensure_routine_instances(store.today())


def generation_notice(result: Generation) -> str | None:
    """One line about occurrences that passed while nothing was open, or None."""
    if not result.missed:
        return None
    parts = [f"{name} {day_list(days)}" for name, days in result.missed]
    return "Missed while closed: " + "; ".join(parts) + " (P shows routines)"


def routine_flags_for_day(store: Store, day: date, tasks: list[Task] | None = None) -> list[Flag]:
    """Key variables outside their expectation on instances that ran for `day` or were finished
    on it. `Flag.message` reads "new members 18, expected >= 30". Pass `tasks` when loaded."""
    if tasks is None:
        tasks = store.tasks(include_archived=store.reaches_archive(day))
    instances = [task for task in tasks
                 if task.routine_id is not None and task.values and is_relevant_to(task, day, store.day_start_hour)]
    if not instances:
        return []
    return variable_flags(instances, store.routines())


def flags_line(flags: list[Flag]) -> str:
    """`⚠ new members 18, expected >= 30 · +1 more`: one line for the board."""
    if not flags:
        return ""
    more = f" · +{len(flags) - 1} more (P)" if len(flags) > 1 else " (P)"
    return f"⚠ {flags[0].message}{more}"


def progress(task: Task) -> str:
    """`2/5` ticked steps of an instance."""
    return f"{steps_done(task)}/{len(task.steps)}"


def todays_instance(routine: Routine, tasks: list[Task], today: date) -> Task | None:
    """The instance that ran for today, else an open one on today's list (carried), newest first."""
    mine = [task for task in tasks if task.routine_id == routine.id]
    for task in mine:
        if task.routine_day == today:
            return task
    carried = [task for task in mine if is_on_day(task, today)]
    return max(carried, key=lambda task: (task.routine_day or date.min, task.id or 0)) if carried else None


@record
class RoutineRow:
    """A routine as its list shows it: next and missed occurrences, today's instance, its flags."""

    routine: Routine
    next: tuple[date, ...]
    missed: tuple[date, ...]
    today: Task | None
    flags: tuple[Flag, ...]

    def as_json(self) -> dict[str, Any]:
        """One element of `focus routine list --json`."""
        routine, today = self.routine, self.today
        return {
            "id": routine.id,
            "name": routine.name,
            "every": routine.every,
            "recurrence": routine.recurrence.to_doc(),
            "steps": list(routine.steps),
            "variables": [{"name": v.name, "unit": v.unit, "expectation": v.expectation} for v in routine.variables],
            "kind": routine.kind,
            "minutes": routine.minutes,
            "category": routine.category.value,
            "paused": routine.paused,
            "next": [day.isoformat() for day in self.next],
            "missed": [day.isoformat() for day in self.missed],
            "today": None if today is None else {
                "task_id": today.id, "steps_done": steps_done(today), "steps": len(today.steps),
                "done": not today.is_open, "values": dict(today.values),
            },
            "flags": [flag.message for flag in self.flags],
        }


def routine_rows(store: Store, today: date | None = None, tasks: list[Task] | None = None) -> list[RoutineRow]:
    """Every routine with its next dates, missed occurrences, today's instance and flags. Reads
    the live file only (pass `tasks` when loaded)."""
    today = today or store.today()
    tasks = store.tasks() if tasks is None else tasks
    states = store.routine_states()
    routines = store.routines()
    flags = variable_flags([task for task in tasks if task.routine_id is not None and task.values
                            and is_relevant_to(task, today, store.day_start_hour)], routines)
    rows = []
    for routine in routines:
        state = states.get(routine.id, RoutineState())
        instance_days = [task.routine_day for task in tasks if task.routine_id == routine.id and task.routine_day]
        upcoming = () if routine.paused else tuple(routine.recurrence.next_dates(today, NEXT_COUNT))
        rows.append(RoutineRow(
            routine=routine, next=upcoming,
            missed=tuple(missed_days(routine, state, today, instance_days)),
            today=todays_instance(routine, tasks, today),
            flags=tuple(flag for flag in flags if flag.routine == routine.name),
        ))
    return rows


def history(store: Store, routine: Routine) -> dict[str, list[tuple[date, float]]]:
    """Each key variable's logged values, oldest first (archived instances included)."""
    instances = store.routine_instances(routine.id, include_archived=True)
    return {variable.name: variable_history(instances, variable.name) for variable in routine.variables}


def find_routine(store: Store, text: str) -> Routine:
    """A routine by id, by name (any case), or by a unique prefix of its name."""
    wanted = text.strip()
    routines = store.routines()
    if wanted.isdecimal():
        return store.routine(int(wanted))
    lowered = wanted.lower()
    exact = [routine for routine in routines if routine.name.lower() == lowered]
    if exact:
        return exact[0]
    matches = [routine for routine in routines if lowered and routine.name.lower().startswith(lowered)]
    if len(matches) == 1:
        return matches[0]
    if matches:
        names = ", ".join(repr(routine.name) for routine in matches)
        raise ValidationError("routine", f"{text!r} matches {names}; give more of the name or the id")
    known = ", ".join(f"{routine.id} {routine.name!r}" for routine in routines) or "none yet (focus routine add)"
    raise NotFoundError(f"no routine {text!r}; routines: {known}")


SPARK_BARS = "▁▂▃▄▅▆▇█"


def spark(values: list[float]) -> str:
    """A trend in one line of text: `▂▅▃▁`."""
    if not values:
        return ""
    low, high = min(values), max(values)
    if high == low:
        return SPARK_BARS[3] * len(values)
    return "".join(SPARK_BARS[round((value - low) / (high - low) * (len(SPARK_BARS) - 1))] for value in values)


def recent_values(tasks: list[Task], routine: Routine, limit: int = 8) -> dict[str, list[float]]:
    """The last `limit` values of each key variable among `tasks` (the live ones for the list)."""
    instances = [task for task in tasks if task.routine_id == routine.id and task.values]
    return {variable.name: [value for _day, value in variable_history(instances, variable.name)][-limit:]
            for variable in routine.variables}
