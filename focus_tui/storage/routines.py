"""Routine templates and their daily instances, as a mixin of Store (storage/store.py).

Generation bookkeeping (the last day each routine was generated, and its missed occurrences)
lives in an internal table outside the undo log: undoing "add today's routines" removes the
tasks but does not make the same day generate them again.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping

from focus_tui.domain.routines import (
    Routine,
    RoutineState,
    complete_instance,
    generated,
    log_values,
    needs_instance,
    new_instance,
    pause_routine,
    toggle_step,
)
from focus_tui.domain.tasks import Task
from focus_tui.domain.validation import ValidationError
from focus_tui.storage.errors import NotFoundError

if TYPE_CHECKING:
    from focus_tui.storage.store import Transaction

ROUTINES = "routines"
ROUTINE_STATE = "routine_state"
"""Internal (not undone, not exported): keyed by routine id."""
TASKS = "tasks"  # store.TASKS: store.py imports this module, so this one cannot import it


class Generation:
    """What opening a day did: the instances it put on the list, and per routine name the
    occurrences that passed unopened since its last generation. A plain class: nothing compares
    or prints one, and as a frozen dataclass it took ~0.5 ms of every start to create."""

    __slots__ = ("created", "missed")

    def __init__(self, created: tuple[Task, ...] = (), missed: tuple[tuple[str, tuple[date, ...]], ...] = ()) -> None:
        self.created = created
        self.missed = missed


class RoutineStore:
    """Methods Store gains for routines. Relies on Store's transaction, _raw_table and _record."""

    # -- reading -------------------------------------------------------------------------------
    def _routine(self, doc: dict[str, Any], routine_id: int) -> Routine:
        return self._record(Routine, doc, routine_id, "routine")  # type: ignore[attr-defined]

    def routines(self) -> list[Routine]:
        return list(self._live_records(ROUTINES, self._routine))  # type: ignore[attr-defined]

    def routine(self, routine_id: int) -> Routine:
        doc = self._raw_table(ROUTINES).get(str(routine_id))  # type: ignore[attr-defined]
        if doc is None:
            raise NotFoundError(f"no routine with id {routine_id}")
        return self._routine(doc, routine_id)

    def routine_states(self) -> dict[int, RoutineState]:
        raw = self._raw_table(ROUTINE_STATE)  # type: ignore[attr-defined]
        return {int(key): RoutineState.from_doc(doc) for key, doc in raw.items()}

    def routine_instances(self, routine_id: int | None = None, *, include_archived: bool = False) -> list[Task]:
        """Instances (of one routine, or of all), live and optionally archived, in id order."""
        return [task for task in self.tasks(include_archived=include_archived)  # type: ignore[attr-defined]
                if task.routine_id is not None and (routine_id is None or task.routine_id == routine_id)]

    # -- generation ----------------------------------------------------------------------------
    @staticmethod
    def _candidates(routines: Mapping[Any, dict[str, Any]], states: Mapping[Any, dict[str, Any]], day: date,
                    load: Callable[[dict[str, Any], int], Routine]) -> list[tuple[Routine, RoutineState]]:
        due = []
        for key, doc in routines.items():
            if doc.get("paused"):
                continue
            state = RoutineState.from_doc(states.get(str(key)) or states.get(int(key)))
            routine = load(doc, int(key))
            if needs_instance(routine, state, day):
                due.append((routine, state))
        return due

    def _generate(self, tx: "Transaction", day: date, only: Iterable[int] | None = None) -> Generation:
        """Create `day`'s instance of every due routine (or of `only` these) that has none, inside
        the caller's transaction. Whether one exists is decided here, under the lock."""
        candidates = self._candidates(tx.all(ROUTINES), tx.all(ROUTINE_STATE), day, self._routine)
        if only is not None:
            wanted = set(only)
            candidates = [(routine, state) for routine, state in candidates if routine.id in wanted]
        if not candidates:
            return Generation()
        existing = {(doc.get("routine_id"), doc.get("routine_day")) for doc in tx.all(TASKS).values()
                    if doc.get("routine_id") is not None}
        now = self.clock.now()  # type: ignore[attr-defined]
        created, missed = [], []
        for routine, state in candidates:
            after = generated(routine, state, day)
            new_missed = tuple(sorted(set(after.missed) - set(state.missed)))
            if new_missed:
                missed.append((routine.name, new_missed))
            # Bookkeeping, not the person's data: kept out of the undo log on purpose.
            tx.put(ROUTINE_STATE, routine.id, after.to_doc())
            if (routine.id, day.isoformat()) in existing:
                continue
            task_id = tx.new_id(TASKS)
            instance = new_instance(routine, day, now)
            tx.put(TASKS, task_id, instance.to_doc())
            created.append(replace(instance, id=task_id))
        return Generation(tuple(created), tuple(missed))

    def ensure_routine_instances(self, day: date | None = None) -> Generation:
        """Put `day`'s (default: today's) routine instances on its list, once.

        One transaction under the lock, so two processes opening the same new day make one
        instance each. When nothing is due it writes nothing and records no undo entry. Cheap:
        reads the routines and, only when one is due, the live tasks; never the archive."""
        day = day or self.today()  # type: ignore[attr-defined]
        if self.read_only:  # type: ignore[attr-defined]
            return Generation()
        if not self._candidates(self._raw_table(ROUTINES), self._raw_table(ROUTINE_STATE), day,  # type: ignore[attr-defined]
                                self._routine):
            return Generation()  # decided without the lock; the transaction checks again under it
        with self.transaction("add today's routines") as tx:  # type: ignore[attr-defined]
            result = self._generate(tx, day)
            if result.created:
                names = ", ".join(task.title for task in result.created[:3])
                more = f" and {len(result.created) - 3} more" if len(result.created) > 3 else ""
                tx.description = f"add {day:%a %d %b}'s routines ({names}{more})"
            # With nothing created, nothing is written: the state table is not in the undo log,
            # so a state change alone leaves the transaction empty.
        return result

    def add_routine_instance(self, routine_id: int, day: date) -> Task:
        """Put a routine on `day`'s list by hand (also when it is not due, or after its generated
        instance was undone). Refused when that day already has one."""
        now = self.clock.now()  # type: ignore[attr-defined]
        with self.transaction("add routine to the day") as tx:  # type: ignore[attr-defined]
            routine = self._routine_in(tx, routine_id)
            for doc in tx.all(TASKS).values():
                if doc.get("routine_id") == routine_id and doc.get("routine_day") == day.isoformat():
                    raise ValidationError("routine", f"{routine.name!r} is already on the list for {day:%a %d %b}")
            task_id = tx.new_id(TASKS)
            instance = new_instance(routine, day, now)
            tx.put(TASKS, task_id, instance.to_doc())
            state = RoutineState.from_doc(tx.get(ROUTINE_STATE, routine_id))
            if state.last_generated is None or state.last_generated < day:
                tx.put(ROUTINE_STATE, routine_id, generated(routine, state, day).to_doc())
            tx.description = f"add {routine.name!r} to {day:%a %d %b}"
        return replace(instance, id=task_id)

    # -- templates -----------------------------------------------------------------------------
    def _routine_in(self, tx: "Transaction", routine_id: int) -> Routine:
        doc = tx.get(ROUTINES, routine_id)
        if doc is None:
            raise NotFoundError(f"no routine with id {routine_id}")
        return self._routine(doc, routine_id)

    @staticmethod
    def _check_unique(tx: "Transaction", name: str, routine_id: int | None = None) -> None:
        for other_id, doc in tx.all(ROUTINES).items():
            if other_id != routine_id and str(doc.get("name", "")).lower() == name.lower():
                raise ValidationError("name", f"a routine named {doc.get('name')!r} exists already (id {other_id})")

    def add_routines(self, routines: list[Routine], description: str | None = None) -> list[Routine]:
        """Add templates (one, or several starters) in one undoable change. A template due today
        is put on today's list in the same change, so undo takes both back."""
        added = []
        names = ", ".join(repr(routine.name) for routine in routines)
        with self.transaction(description or f"add routine {names}") as tx:  # type: ignore[attr-defined]
            for routine in routines:
                self._check_unique(tx, routine.name)
                routine_id = tx.new_id(ROUTINES)
                tx.put(ROUTINES, routine_id, routine.to_doc())
                added.append(replace(routine, id=routine_id))
            self._generate(tx, self.today(), only=[routine.id for routine in added])  # type: ignore[attr-defined]
        return added

    def add_routine(self, routine: Routine) -> Routine:
        return self.add_routines([routine])[0]

    def update_routine(self, routine_id: int, change: Callable[[Routine], Routine], verb: str) -> Routine:
        """Change a template. If the change makes it due today (a new recurrence, a resume), today's
        instance comes with it. Instances already made keep their checklist."""
        with self.transaction(verb) as tx:  # type: ignore[attr-defined]
            updated = change(self._routine_in(tx, routine_id))
            self._check_unique(tx, updated.name, routine_id)
            tx.description = f"{verb} {updated.name!r}"
            tx.put(ROUTINES, routine_id, updated.to_doc())
            if not updated.paused:
                self._generate(tx, self.today(), only=[routine_id])  # type: ignore[attr-defined]
        return updated

    def pause_routine(self, routine_id: int, paused: bool) -> Routine:
        now, today = self.clock.now(), self.today()  # type: ignore[attr-defined]
        return self.update_routine(routine_id, lambda routine: pause_routine(routine, now, today, paused),
                                   "pause" if paused else "resume")

    def remove_routine(self, routine_id: int) -> Routine:
        """The template goes; instances already made stay on their days (undo brings it back)."""
        with self.transaction("remove routine") as tx:  # type: ignore[attr-defined]
            routine = self._routine_in(tx, routine_id)
            tx.description = f"remove routine {routine.name!r}"
            tx.delete(ROUTINES, routine_id)
        return routine

    # -- instances -----------------------------------------------------------------------------
    def _change_instance(self, task_id: int, verb: str, change: Callable[[Task], Task]) -> Task:
        with self.transaction(verb) as tx:  # type: ignore[attr-defined]
            doc = tx.get(TASKS, task_id)
            if doc is None:
                raise NotFoundError(f"no task with id {task_id}")
            task = self._task(doc, task_id)  # type: ignore[attr-defined]
            updated = change(task)
            tx.description = f"{verb} {task.title!r}"
            tx.put(TASKS, task_id, updated.to_doc())
            if not updated.is_open and task.is_open:
                self._close_blockers(tx, task_id, updated, updated.changed)  # type: ignore[attr-defined]
        return updated

    def toggle_routine_step(self, task_id: int, index: int) -> Task:
        """Tick or untick one step; the instance is done when every step is."""
        now = self.clock.now()  # type: ignore[attr-defined]
        return self._change_instance(task_id, "tick a step of", lambda task: toggle_step(task, index, now))

    def complete_routine_instance(self, task_id: int) -> Task:
        """Tick every step and finish the instance, in one change."""
        now = self.clock.now()  # type: ignore[attr-defined]
        return self._change_instance(task_id, "complete", lambda task: complete_instance(task, now))

    def log_routine_values(self, task_id: int, values: Mapping[str, Any]) -> Task:
        """Record key variables on an instance (names are the routine's, values numbers)."""
        now = self.clock.now()  # type: ignore[attr-defined]

        def change(task: Task) -> Task:
            if task.routine_id is None:
                raise ValidationError("task", f"{task.title!r} is not a routine instance")
            return log_values(task, self.routine(task.routine_id), values, now)

        return self._change_instance(task_id, "log values of", change)
