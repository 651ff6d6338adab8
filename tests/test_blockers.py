"""Blockers: the four causes, aging, escalation and review figures (pure), and how the store
records them (block, unblock, edit, undo, archive, export and import), all in-process."""

from __future__ import annotations

import json
import random
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from focus_tui.blocker_views import open_blockers
from focus_tui.config import Config
from focus_tui.domain.blockers import (
    MAX_NOTE,
    Blocker,
    Cause,
    age_text,
    counts_by_cause,
    edit_blocker,
    escalation_prompt,
    mean_time_to_resolve,
    needs_escalation,
    new_blocker,
    recurring_pattern,
    resolve_blocker,
    working_days_between,
)
from focus_tui.domain.clock import FixedClock
from focus_tui.domain.tasks import Status, Task, new_task
from focus_tui.domain.validation import ValidationError
from focus_tui.storage import NotFoundError, Store
from focus_tui.storage.exchange import ImportProblem, export_data, import_data

NOW = datetime.fromisoformat("2026-11-21T09:30:00+00:00")  # Saturday, like the clock fixture
# The week of 16 November 2026, Monday to Monday.
MON, TUE, WED, THU, FRI, SAT, SUN, NEXT_MON = (date(2026, 11, 16) + timedelta(days=n) for n in range(8))
WEEKDAYS = frozenset(range(5))


def at(text: str) -> datetime:
    return datetime.fromisoformat(f"{text}+00:00")


def a_task(status: str = "todo", task_id: int = 7, title: str = "Order the new laptop") -> Task:
    return replace(new_task(title, NOW, status=status), id=task_id)


def a_blocker(cause: str, opened: datetime, resolved: datetime | None = None, task_id: int = 1) -> Blocker:
    return Blocker(task_id=task_id, cause=Cause(cause), opened=opened, changed=resolved or opened, resolved=resolved)


def add(store: Store, title: str) -> Task:
    return store.add_task(new_task(title, store.clock.now(), day=store.today()))


def error_of(call, *args: Any, **kwargs: Any) -> ValidationError:
    with pytest.raises(ValidationError) as raised:
        call(*args, **kwargs)
    return raised.value


# ============================================================================================
# Causes
# ============================================================================================

@pytest.mark.parametrize(
    ("text", "cause"),
    [("task", Cause.TASK), ("people", Cause.PEOPLE), ("budget", Cause.BUDGET), ("resource", Cause.RESOURCE),
     ("t", Cause.TASK), ("p", Cause.PEOPLE), ("b", Cause.BUDGET), ("r", Cause.RESOURCE),
     ("1", Cause.TASK), ("2", Cause.PEOPLE), ("3", Cause.BUDGET), ("4", Cause.RESOURCE),
     (" People ", Cause.PEOPLE), ("R", Cause.RESOURCE), ("BUDGET", Cause.BUDGET)],
)
def test_a_cause_is_named_by_word_letter_or_number(text: str, cause: Cause) -> None:
    assert Cause.parse(text) is cause


@pytest.mark.parametrize("text", ["", "  ", "x", "money", "tasks", "peo", "resources", "0", "5", "12", "t p", None])
def test_anything_else_is_not_a_cause_and_the_error_lists_the_four(text: Any) -> None:
    error = error_of(Cause.parse, text)
    assert error.field == "cause"
    assert "task, people, budget or resource" in error.message


def test_letters_and_numbers_are_in_the_methods_order() -> None:
    assert [cause.value for cause in Cause] == ["task", "people", "budget", "resource"]
    assert [cause.key for cause in Cause] == ["t", "p", "b", "r"]
    assert [cause.number for cause in Cause] == [1, 2, 3, 4]


@pytest.mark.parametrize(
    ("cause", "description_words", "remedy_words"),
    [(Cause.TASK, ["strategy", "method"], ["adjust the strategy", "sort out the ideas"]),
     (Cause.PEOPLE, ["help"], ["talk to your lead", "the person", "early"]),
     (Cause.BUDGET, ["money"], ["ask for the money", "case"]),
     (Cause.RESOURCE, ["tools", "access", "time"], ["ask for the tool", "access", "time"])],
)
def test_each_cause_says_what_it_means_and_the_first_move(cause: Cause, description_words, remedy_words) -> None:
    for word in description_words:
        assert word in cause.description
    for word in remedy_words:
        assert word in cause.remedy
    assert "\n" not in cause.description + cause.remedy


# ============================================================================================
# new_blocker, edit_blocker, resolve_blocker
# ============================================================================================

@pytest.mark.parametrize("status", ["todo", "doing"])
def test_open_work_can_be_blocked(status: str) -> None:
    blocker = new_blocker(a_task(status), "people", NOW, note="  waiting for the spec  ", person=" Ana ")
    assert (blocker.task_id, blocker.cause, blocker.note, blocker.person) == (7, Cause.PEOPLE, "waiting for the spec", "Ana")
    assert blocker.opened == blocker.changed == NOW
    assert blocker.is_open and blocker.resolved is None and blocker.root_fixed is None and blocker.id is None


@pytest.mark.parametrize(("status", "words"), [("done", "is done"), ("dropped", "is dropped"), ("blocked", "already blocked")])
def test_finished_or_already_blocked_work_cannot_be_blocked(status: str, words: str) -> None:
    error = error_of(new_blocker, a_task(status), "task", NOW)
    assert error.field == "task"
    assert words in error.message and "Order the new laptop" in error.message


@pytest.mark.parametrize("cause", ["task", "budget", "resource"])
def test_a_person_belongs_only_to_a_people_blocker(cause: str) -> None:
    error = error_of(new_blocker, a_task(), cause, NOW, person="Ana")
    assert error.field == "person" and "people" in error.message
    assert new_blocker(a_task(), cause, NOW, person="  ").person == ""  # a blank name is no name


def test_a_note_of_exactly_the_limit_is_kept() -> None:
    assert MAX_NOTE == 300
    assert new_blocker(a_task(), "task", NOW, note="n" * 300).note == "n" * 300


@pytest.mark.parametrize(
    ("note", "words"),
    [("n" * 301, "too long"), ("n" * 100_000, "too long"), ("bell\x07", "control character"),
     ("\x1b[31mred", "escape sequence"), ("two\nlines", "control character"), ("tab\there", "control character"),
     ("flip\u202eit", "invisible character"), ("nul\x00", "control character")],
    ids=["301", "100k", "bell", "escape", "newline", "tab", "bidi", "nul"],
)
def test_bad_notes_are_refused(note: str, words: str) -> None:
    error = error_of(new_blocker, a_task(), "resource", NOW, note=note)
    assert error.field == "note" and words in error.message


def test_bad_names_and_causes_are_refused() -> None:
    assert error_of(new_blocker, a_task(), "people", NOW, person="\x1b]0;x\x07").field == "person"
    assert error_of(new_blocker, a_task(), "people", NOW, person="A" * 61).field == "person"
    assert error_of(new_blocker, a_task(), "money", NOW).field == "cause"


def test_edit_blocker_changes_cause_and_note_and_a_name_only_stays_with_people() -> None:
    blocker = new_blocker(a_task(), "people", NOW, note="waiting on Ana", person="Ana")
    later = NOW + timedelta(hours=2)
    renoted = edit_blocker(blocker, later, note="waiting on Ana's review")
    assert (renoted.cause, renoted.person, renoted.note) == (Cause.PEOPLE, "Ana", "waiting on Ana's review")
    moved = edit_blocker(blocker, later, cause="r")
    assert (moved.cause, moved.person, moved.note) == (Cause.RESOURCE, "", "waiting on Ana")
    assert moved.opened == NOW and moved.changed == later
    assert edit_blocker(moved, later, cause="people", person="Bo").person == "Bo"
    assert edit_blocker(moved, later, person="Bo").person == ""  # still not a people blocker
    assert error_of(edit_blocker, blocker, later, note="\x1b[2J").field == "note"
    assert error_of(edit_blocker, blocker, later, cause="weather").field == "cause"


@pytest.mark.parametrize("root_fixed", [True, False, None])
def test_resolving_records_when_how_and_whether_the_root_was_fixed(root_fixed: bool | None) -> None:
    blocker = new_blocker(a_task(), "budget", NOW)
    later = NOW + timedelta(days=1)
    resolved = resolve_blocker(blocker, later, note=" approved ", root_fixed=root_fixed)
    assert (resolved.resolved, resolved.changed, resolved.resolution, resolved.root_fixed) == (later, later, "approved", root_fixed)
    assert not resolved.is_open and resolved.opened == NOW
    assert error_of(resolve_blocker, resolved, later).field == "blocker"
    assert Blocker.from_doc(resolved.to_doc(), 3) == replace(resolved, id=3)


# ============================================================================================
# Age
# ============================================================================================

@pytest.mark.parametrize(
    ("elapsed", "shown"),
    [(timedelta(0), "0m"), (timedelta(seconds=59), "0m"), (timedelta(minutes=40), "40m"),
     (timedelta(minutes=59, seconds=59), "59m"), (timedelta(hours=1), "1h"), (timedelta(minutes=119), "1h"),
     (timedelta(hours=3), "3h"), (timedelta(hours=47, minutes=59), "47h"), (timedelta(hours=48), "2d"),
     (timedelta(days=2, hours=23), "2d"), (timedelta(days=10, minutes=5), "10d")],
)
def test_age_text(elapsed: timedelta, shown: str) -> None:
    assert age_text(NOW, NOW + elapsed) == shown


@pytest.mark.parametrize("backwards", [timedelta(seconds=1), timedelta(minutes=30), timedelta(days=3)])
def test_age_is_never_negative_when_the_clock_went_backwards(backwards: timedelta) -> None:
    assert age_text(NOW, NOW - backwards) == "0m"


# ============================================================================================
# Working days and escalation
# ============================================================================================

@pytest.mark.parametrize(
    ("start", "end", "working_days", "count"),
    [(TUE, TUE, WEEKDAYS, 0), (TUE, WED, WEEKDAYS, 1), (TUE, THU, WEEKDAYS, 2), (FRI, SAT, WEEKDAYS, 0),
     (FRI, SUN, WEEKDAYS, 0), (FRI, NEXT_MON, WEEKDAYS, 1), (SAT, NEXT_MON, WEEKDAYS, 1), (MON, NEXT_MON, WEEKDAYS, 5),
     (WED, TUE, WEEKDAYS, 0), (FRI, NEXT_MON, frozenset({6, 0, 1, 2, 3}), 2), (THU, SAT, frozenset({6, 0, 1, 2, 3}), 0)],
)
def test_working_days_after_the_start_up_to_the_end(start: date, end: date, working_days, count: int) -> None:
    assert working_days_between(start, end, working_days) == count


SUNDAY_TO_THURSDAY = frozenset({6, 0, 1, 2, 3})


@pytest.mark.parametrize(
    ("opened", "today", "threshold", "working_days", "escalate"),
    [
        (TUE, TUE, 1, WEEKDAYS, False),
        (TUE, WED, 1, WEEKDAYS, True),
        (FRI, SAT, 1, WEEKDAYS, False),
        (FRI, SUN, 1, WEEKDAYS, False),
        (FRI, NEXT_MON, 1, WEEKDAYS, True),
        (TUE, WED, 2, WEEKDAYS, False),
        (TUE, THU, 2, WEEKDAYS, True),
        (FRI, NEXT_MON, 2, WEEKDAYS, False),
        (FRI, NEXT_MON + timedelta(days=1), 2, WEEKDAYS, True),
        (THU, FRI, 1, SUNDAY_TO_THURSDAY, False),
        (THU, SAT, 1, SUNDAY_TO_THURSDAY, False),
        (THU, SUN, 1, SUNDAY_TO_THURSDAY, True),
        (FRI, SAT, 1, frozenset(range(7)), True),
    ],
)
def test_needs_escalation_after_the_threshold_in_working_days(opened: date, today: date, threshold: int,
                                                              working_days, escalate: bool) -> None:
    blocker = a_blocker("people", datetime(opened.year, opened.month, opened.day, 10).astimezone())
    assert needs_escalation(blocker, today, opened, threshold_days=threshold, working_days=working_days) is escalate


def test_a_resolved_blocker_never_needs_escalation() -> None:
    blocker = a_blocker("people", at("2026-11-17T10:00:00"), resolved=at("2026-11-20T10:00:00"))
    assert not needs_escalation(blocker, NEXT_MON, TUE)


def test_the_escalation_prompt_names_the_day_it_got_stuck() -> None:
    assert escalation_prompt(TUE) == "stuck since Tue: raise it with your lead"
    assert escalation_prompt(FRI) == "stuck since Fri: raise it with your lead"


# ============================================================================================
# Figures for the review
# ============================================================================================

def _week_of_blockers() -> list[Blocker]:
    return [
        a_blocker("task", at("2026-11-13T10:00:00")),                                    # before the week, open
        a_blocker("resource", at("2026-11-16T10:00:00"), at("2026-11-17T11:00:00")),     # Mon -> Tue (25h)
        a_blocker("resource", at("2026-11-17T09:00:00")),                                # Tue, open
        a_blocker("people", at("2026-11-17T12:00:00"), at("2026-11-17T15:00:00")),       # Tue -> Tue (3h)
        a_blocker("task", at("2026-11-18T09:00:00"), at("2026-11-20T09:00:00")),         # Wed -> Fri (48h)
        a_blocker("budget", at("2026-11-19T09:00:00"), at("2026-11-23T09:00:00")),       # Thu -> next Mon (96h)
        a_blocker("resource", at("2026-11-20T08:00:00"), at("2026-11-20T09:00:00")),     # Fri (1h)
        a_blocker("people", at("2026-11-23T00:00:00")),                                  # on the week's end: outside
    ]


def test_counts_by_cause_over_one_day() -> None:
    counts = counts_by_cause(_week_of_blockers(), at("2026-11-17T00:00:00"), at("2026-11-18T00:00:00"))
    assert counts.opened == {Cause.TASK: 0, Cause.PEOPLE: 1, Cause.BUDGET: 0, Cause.RESOURCE: 1}
    assert counts.resolved == {Cause.TASK: 0, Cause.PEOPLE: 1, Cause.BUDGET: 0, Cause.RESOURCE: 1}
    assert counts.still_open == {Cause.TASK: 1, Cause.PEOPLE: 0, Cause.BUDGET: 0, Cause.RESOURCE: 1}


def test_counts_by_cause_over_a_week() -> None:
    counts = counts_by_cause(_week_of_blockers(), at("2026-11-16T00:00:00"), at("2026-11-23T00:00:00"))
    assert counts.opened == {Cause.TASK: 1, Cause.PEOPLE: 1, Cause.BUDGET: 1, Cause.RESOURCE: 3}
    assert counts.resolved == {Cause.TASK: 1, Cause.PEOPLE: 1, Cause.BUDGET: 0, Cause.RESOURCE: 2}
    # Still open when the week ended: resolved later counts as open then.
    assert counts.still_open == {Cause.TASK: 1, Cause.PEOPLE: 0, Cause.BUDGET: 1, Cause.RESOURCE: 1}


def test_counts_of_an_empty_window_are_all_zero() -> None:
    counts = counts_by_cause([], at("2026-11-16T00:00:00"), at("2026-11-23T00:00:00"))
    assert counts.opened == counts.resolved == counts.still_open == {cause: 0 for cause in Cause}


def test_mean_time_to_resolve_by_cause_leaves_out_open_blockers() -> None:
    means = mean_time_to_resolve(_week_of_blockers())
    assert means == {
        Cause.RESOURCE: timedelta(hours=13),  # (25h + 1h) / 2
        Cause.PEOPLE: timedelta(hours=3),
        Cause.TASK: timedelta(hours=48),
        Cause.BUDGET: timedelta(hours=96),
    }
    assert mean_time_to_resolve([a_blocker("task", NOW)]) == {}


def _series(*causes: str) -> list[Blocker]:
    """Blockers opened an hour apart, oldest first."""
    return [a_blocker(cause, NOW + timedelta(hours=index)) for index, cause in enumerate(causes)]


@pytest.mark.parametrize(
    ("causes", "pattern"),
    [
        (["resource", "task", "resource", "people", "resource", "resource"], "4 of your last 6 blockers were resource"),
        # Only the last six count: the older people blockers do not outweigh them.
        (["people"] * 5 + ["resource", "task", "resource", "budget", "resource", "resource"],
         "4 of your last 6 blockers were resource"),
        (["people", "people", "people"], "3 of your last 3 blockers were people"),
        (["task", "budget", "budget", "budget", "people"], "3 of your last 5 blockers were budget"),
        (["resource", "resource", "resource", "task", "task", "task"], None),  # half is not a majority
        (["task", "people", "budget", "resource", "task", "people"], None),
        (["resource", "resource"], None),  # too few to call it a pattern
        ([], None),
    ],
)
def test_recurring_pattern(causes: list[str], pattern: str | None) -> None:
    blockers = _series(*causes)
    random.Random(4).shuffle(blockers)  # recency is by opening time, not by list order
    assert recurring_pattern(blockers) == pattern


# ============================================================================================
# Storage
# ============================================================================================

def test_block_records_the_blocker_and_blocks_the_task_in_one_undoable_change(store: Store, clock: FixedClock) -> None:
    task = add(store, "Review the contract")
    clock.advance(minutes=10)
    history = store.undo_history()

    blocker = store.block_task(task.id, "p", note="legal has it", person="Ana")
    assert blocker.id is not None
    assert (blocker.task_id, blocker.cause, blocker.note, blocker.person) == (task.id, Cause.PEOPLE, "legal has it", "Ana")
    assert blocker.opened == clock.now()
    assert store.task(task.id).status is Status.BLOCKED
    assert store.undo_history() == ["block 'Review the contract' (people)", *history]
    fresh = Store(store.data_dir, clock).open()  # what another process reads
    assert fresh.blockers() == [blocker]
    assert fresh.open_blocker_of(task.id) == blocker

    clock.advance(minutes=1)
    assert store.undo() == "block 'Review the contract' (people)"
    assert store.task(task.id).status is Status.TODO
    assert store.task(task.id) == task
    assert store.blockers() == [] and store.open_blocker_of(task.id) is None
    assert Store(store.data_dir, clock).open().blockers() == []


@pytest.mark.parametrize("root_fixed", [True, False, None])
def test_unblock_resolves_the_blocker_and_returns_the_task_to_todo(store: Store, clock: FixedClock,
                                                                   root_fixed: bool | None) -> None:
    task = add(store, "Order the new laptop")
    store.edit_task(task.id, status="doing")
    opened = store.block_task(task.id, "resource", note="IT has no stock")
    clock.advance(hours=5)

    resolved = store.unblock_task(task.id, note="IT found one", root_fixed=root_fixed)
    assert resolved.id == opened.id
    assert (resolved.resolved, resolved.resolution, resolved.root_fixed) == (clock.now(), "IT found one", root_fixed)
    assert (resolved.note, resolved.opened) == ("IT has no stock", opened.opened)
    assert store.task(task.id).status is Status.TODO
    assert store.open_blocker_of(task.id) is None
    assert Store(store.data_dir, clock).open().blockers() == [resolved]

    assert store.undo() == "unblock 'Order the new laptop'"
    assert store.task(task.id).status is Status.BLOCKED
    assert store.blockers() == [opened]


def test_unblock_of_a_task_that_is_not_blocked_raises_and_writes_nothing(store: Store) -> None:
    todo = add(store, "Still to do")
    done = add(store, "Already done")
    store.complete_task(done.id)
    before = store.data_file.read_bytes()
    for task_id in (todo.id, done.id):
        error = error_of(store.unblock_task, task_id, note="x")
        assert "is not blocked" in error.message
    with pytest.raises(NotFoundError):
        store.unblock_task(99)
    assert store.data_file.read_bytes() == before


@pytest.mark.parametrize(
    ("state", "words"), [("blocked", "already blocked"), ("done", "is done"), ("dropped", "is dropped")])
def test_block_of_blocked_done_or_dropped_work_raises_and_writes_nothing(store: Store, state: str, words: str) -> None:
    task = add(store, "Finished business")
    if state == "blocked":
        store.block_task(task.id, "budget")
    elif state == "done":
        store.complete_task(task.id)
    else:
        store.edit_task(task.id, status="dropped")
    before = store.data_file.read_bytes()
    assert words in error_of(store.block_task, task.id, "task").message
    assert store.data_file.read_bytes() == before
    assert store.task(task.id).status.value == state


@pytest.mark.parametrize(
    ("cause", "options", "field"),
    [("money", {}, "cause"), ("task", {"person": "Ana"}, "person"), ("people", {"note": "\x1b[31m"}, "note"),
     ("people", {"note": "x" * 100_000}, "note")],
)
def test_a_refused_block_writes_nothing(store: Store, cause: str, options: dict, field: str) -> None:
    task = add(store, "Plan the offsite")
    before = store.data_file.read_bytes()
    assert error_of(store.block_task, task.id, cause, **options).field == field
    assert store.data_file.read_bytes() == before
    assert store.task(task.id).status is Status.TODO and store.blockers() == []
    with pytest.raises(NotFoundError):
        store.block_task(99, "task")


def test_every_blocker_is_kept_block_unblock_and_block_again(store: Store, clock: FixedClock) -> None:
    task = add(store, "Publish the report")
    first = store.block_task(task.id, "task", note="no outline")
    clock.advance(hours=1)
    store.unblock_task(task.id, note="outlined", root_fixed=True)
    clock.advance(hours=1)
    second = store.block_task(task.id, "budget", note="printing costs")

    blockers = store.blockers()
    assert [(b.id, b.task_id, b.cause, b.is_open) for b in blockers] == [
        (first.id, task.id, Cause.TASK, False), (second.id, task.id, Cause.BUDGET, True)]
    assert second.id > first.id
    assert store.open_blocker_of(task.id) == second


def test_edit_blocker_changes_cause_and_note_and_clears_the_person(store: Store, clock: FixedClock) -> None:
    task = add(store, "Sign the lease")
    blocker = store.block_task(task.id, "people", note="waiting on Ana", person="Ana")
    clock.advance(minutes=30)
    edited = store.edit_blocker(blocker.id, cause="budget", note="deposit not approved")
    assert (edited.cause, edited.note, edited.person) == (Cause.BUDGET, "deposit not approved", "")
    assert edited.changed == clock.now() and edited.opened == blocker.opened
    assert Store(store.data_dir, clock).open().blockers() == [edited]
    assert store.task(task.id).status is Status.BLOCKED

    before = store.data_file.read_bytes()
    with pytest.raises(ValidationError):
        store.edit_blocker(blocker.id, note="\x07")
    with pytest.raises(NotFoundError):
        store.edit_blocker(99, note="x")
    assert store.data_file.read_bytes() == before

    store.undo()
    assert store.blockers() == [blocker]


def test_edit_task_cannot_set_or_leave_blocked_directly(store: Store) -> None:
    todo = add(store, "Plain task")
    blocked = add(store, "Blocked task")
    store.block_task(blocked.id, "resource")
    before = store.data_file.read_bytes()

    assert "focus block" in error_of(store.edit_task, todo.id, status="blocked").message
    for status in ("todo", "doing"):
        assert "resolve the blocker first" in error_of(store.edit_task, blocked.id, status=status).message
    with pytest.raises(ValidationError):
        store.start_task(blocked.id)
    assert store.data_file.read_bytes() == before
    # Other fields of a blocked task can still change.
    assert store.edit_task(blocked.id, title="Blocked task, renamed").status is Status.BLOCKED


@pytest.mark.parametrize("how", ["complete", "done", "dropped"])
def test_finishing_a_blocked_task_closes_its_blocker(store: Store, clock: FixedClock, how: str) -> None:
    task = add(store, "Ship the beta")
    opened = store.block_task(task.id, "resource")
    clock.advance(hours=2)
    if how == "complete":
        store.complete_task(task.id)
        status = "done"
    else:
        store.edit_task(task.id, status=how)
        status = how

    (closed,) = store.blockers()
    assert (closed.resolved, closed.resolution, closed.root_fixed) == (clock.now(), f"closed: the task was {status}", None)
    assert store.open_blocker_of(task.id) is None
    assert store.task(task.id).status.value == status
    # One change: one undo reopens both.
    store.undo()
    assert store.task(task.id).status is Status.BLOCKED
    assert store.blockers() == [opened]


def test_a_task_marked_blocked_before_blockers_existed_can_be_set_back_to_todo(store: Store) -> None:
    legacy = store.add_task(new_task("Blocked the old way", store.clock.now(), status="blocked"))
    assert "no recorded blocker" in error_of(store.unblock_task, legacy.id).message
    assert store.edit_task(legacy.id, status="todo").status is Status.TODO


def test_removing_a_blocked_task_removes_its_blockers_and_undo_brings_both_back(store: Store) -> None:
    task = add(store, "Throwaway")
    blocker = store.block_task(task.id, "task")
    store.remove_task(task.id)
    assert store.blockers() == []
    store.undo()
    assert store.blockers() == [blocker] and store.task(task.id).status is Status.BLOCKED


def test_resolved_blockers_move_to_monthly_archives(data_dir: Path, clock: FixedClock) -> None:
    clock.set(at("2026-09-20T09:00:00"))
    store = Store(data_dir, clock).open()
    tasks = {name: add(store, name) for name in ("old", "edge", "recent", "open")}
    for task in tasks.values():
        store.block_task(task.id, "resource")
    clock.set(at("2026-10-05T12:00:00"))
    store.unblock_task(tasks["old"].id, note="done early", root_fixed=True)
    clock.set(at("2026-10-22T12:00:00"))  # exactly 30 days before the reopening: stays live
    store.unblock_task(tasks["edge"].id)
    clock.set(at("2026-11-15T12:00:00"))
    store.unblock_task(tasks["recent"].id)
    everything = store.blockers()
    ids = {task.title: blocker.id for blocker in everything for task in tasks.values() if blocker.task_id == task.id}

    clock.set(NOW)
    reopened = Store(data_dir, clock, archive_after_days=30).open()

    archive = json.loads((data_dir / "archive" / "blockers-2026-10.json").read_bytes())
    assert (archive["format"], archive["table"], archive["period"]) == ("focus-tui-archive", "blockers", "2026-10")
    assert list(archive["docs"]) == [str(ids["old"])]
    assert archive["docs"][str(ids["old"])]["resolution"] == "done early"
    assert not list((data_dir / "archive").glob("blockers-2026-11.json"))
    live = json.loads(reopened.data_file.read_bytes())["blockers"]
    assert sorted(int(key) for key in live) == sorted([ids["edge"], ids["recent"], ids["open"]])
    assert [blocker.id for blocker in reopened.blockers()] == sorted([ids["edge"], ids["recent"], ids["open"]])
    assert reopened.blockers(include_archived=True) == everything
    # The pattern and the export see the archived one too.
    assert [record["id"] for record in export_data(reopened)["tables"]["blockers"]] == [b.id for b in everything]


def _blocked_history(store: Store, clock: FixedClock) -> None:
    first = add(store, "Book the venue")
    second = add(store, "Hire the caterer")
    store.block_task(first.id, "budget", note="deposit")
    clock.advance(hours=1)
    store.unblock_task(first.id, note="approved", root_fixed=False)
    store.block_task(second.id, "people", note="no reply", person="Ana")


def test_export_and_import_round_trip_includes_blockers(store: Store, clock: FixedClock, tmp_path: Path) -> None:
    _blocked_history(store, clock)
    payload = json.loads(json.dumps(export_data(store)))
    assert [(r["id"], r["task_id"], r["cause"], r["resolved"] is None) for r in payload["tables"]["blockers"]] == [
        (1, 1, "budget", False), (2, 2, "people", True)]

    other = Store(tmp_path / "elsewhere", clock).open()
    assert import_data(other, payload)["blockers"] == 2
    assert other.blockers() == store.blockers()
    assert other.tasks() == store.tasks()
    # Ids carry on after the imported ones.
    third = add(other, "Send invitations")
    assert other.block_task(third.id, "task").id == 3


def test_a_merge_import_remaps_the_task_of_each_blocker(store: Store, clock: FixedClock, tmp_path: Path) -> None:
    _blocked_history(store, clock)
    payload = export_data(store)

    target = Store(tmp_path / "elsewhere", clock).open()
    mine = [add(target, "Mine one"), add(target, "Mine two"), add(target, "Mine three")]
    target.block_task(mine[1].id, "resource")
    import_data(target, payload)

    by_title = {target.task(b.task_id).title: b for b in target.blockers()}
    assert set(by_title) == {"Mine two", "Book the venue", "Hire the caterer"}
    assert by_title["Mine two"].task_id == mine[1].id
    assert by_title["Book the venue"].task_id > mine[2].id
    assert (by_title["Book the venue"].resolution, by_title["Book the venue"].root_fixed) == ("approved", False)
    hired = by_title["Hire the caterer"]
    assert (hired.person, hired.is_open, target.task(hired.task_id).status) == ("Ana", True, Status.BLOCKED)
    assert target.open_blocker_of(hired.task_id) == hired
    target.undo()
    assert [b.task_id for b in target.blockers()] == [mine[1].id]


@pytest.mark.parametrize(
    ("change", "words"),
    [({"cause": "weather"}, "blockers[0]"), ({"note": "\x1b[31m"}, "escape sequence"),
     ({"task_id": 99}, "task 99, which is not in the file"), ({"opened": "yesterday"}, "not a valid blocker")],
)
def test_a_bad_blocker_in_an_import_is_refused_and_nothing_is_written(store: Store, clock: FixedClock,
                                                                     tmp_path: Path, change: dict, words: str) -> None:
    _blocked_history(store, clock)
    payload = export_data(store)
    payload["tables"]["blockers"][0].update(change)
    for target in (Store(tmp_path / "empty", clock).open(), store):  # a fresh import and a merge
        before = target.data_file.read_bytes() if target.data_file.exists() else None
        with pytest.raises(ImportProblem) as raised:
            import_data(target, payload)
        assert words in str(raised.value) and "nothing was imported" in str(raised.value)
        assert (target.data_file.read_bytes() if target.data_file.exists() else None) == before


# ============================================================================================
# blocker_views.open_blockers
# ============================================================================================

def test_open_blockers_oldest_first_with_age_and_escalation(store: Store, clock: FixedClock) -> None:
    titles = ["Third blocked", "First blocked", "Resolved one", "Second blocked"]
    tasks = {title: add(store, title) for title in titles}
    clock.set(at("2026-11-17T10:00:00"))  # Tuesday
    store.block_task(tasks["First blocked"].id, "people", person="Ana")
    clock.set(at("2026-11-17T16:00:00"))
    store.block_task(tasks["Resolved one"].id, "task")
    clock.set(at("2026-11-18T09:00:00"))  # Wednesday
    store.block_task(tasks["Second blocked"].id, "budget", note="quote pending")
    clock.set(at("2026-11-18T11:30:00"))
    store.block_task(tasks["Third blocked"].id, "resource")
    store.unblock_task(tasks["Resolved one"].id)

    clock.set(at("2026-11-18T12:00:00"))
    rows = open_blockers(store, Config(), clock.now())
    assert [row.task.title for row in rows] == ["First blocked", "Second blocked", "Third blocked"]
    assert [(row.age, row.age_minutes) for row in rows] == [("26h", 26 * 60), ("3h", 180), ("30m", 30)]
    assert [row.escalate for row in rows] == [True, False, False]
    assert [row.prompt for row in rows] == ["stuck since Tue: raise it with your lead", "", ""]
    # A slower team escalates after two working days.
    assert [row.escalate for row in open_blockers(store, Config(blocker_escalation_days=2), clock.now())] == [False] * 3

    clock.advance(days=1)  # Thursday noon
    rows = open_blockers(store, Config(), clock.now())
    assert [(row.age, row.escalate) for row in rows] == [("2d", True), ("27h", True), ("24h", True)]
    assert [row.prompt for row in rows] == [f"stuck since {day}: raise it with your lead" for day in ("Tue", "Wed", "Wed")]
    assert [row.escalate for row in open_blockers(store, Config(blocker_escalation_days=2), clock.now())] == [True, False, False]
    # When Thursday is not a working day, nothing has aged a working day since Wednesday.
    mon_to_wed = Config(working_days=frozenset({0, 1, 2}))
    assert [row.escalate for row in open_blockers(store, mon_to_wed, clock.now())] == [True, False, False]


def test_open_blockers_count_the_day_from_the_day_start_hour(store: Store, clock: FixedClock) -> None:
    task = add(store, "Late night")
    clock.set(at("2026-11-18T02:00:00"))  # Wednesday 02:00 still belongs to Tuesday
    store.block_task(task.id, "people")
    (row,) = open_blockers(store, Config(day_start_hour=4), at("2026-11-18T10:00:00"))
    assert (row.escalate, row.prompt) == (True, "stuck since Tue: raise it with your lead")
    (row,) = open_blockers(store, Config(day_start_hour=0), at("2026-11-18T10:00:00"))
    assert row.escalate is False


def test_open_blockers_leave_out_finished_and_resolved_work(store: Store, clock: FixedClock) -> None:
    done, resolved, open_ = (add(store, title) for title in ("Done now", "Resolved", "Still stuck"))
    for task in (done, resolved, open_):
        store.block_task(task.id, "task")
    store.complete_task(done.id)
    store.unblock_task(resolved.id)
    assert [row.task.id for row in open_blockers(store, Config(), clock.now())] == [open_.id]


def test_open_blockers_age_never_goes_negative(store: Store, clock: FixedClock) -> None:
    task = add(store, "Clock skew")
    store.block_task(task.id, "resource")
    (row,) = open_blockers(store, Config(), clock.now() - timedelta(hours=2))
    assert (row.age, row.age_minutes, row.escalate) == ("0m", 0, False)


def test_as_json_has_the_documented_keys(store: Store, clock: FixedClock) -> None:
    task = add(store, "Hire the caterer")
    store.block_task(task.id, "people", note="no reply", person="Ana")
    clock.advance(minutes=95)
    (row,) = open_blockers(store, Config(), clock.now())
    data = json.loads(json.dumps(row.as_json()))
    assert {"task_id", "title", "cause", "note", "person", "opened", "age_minutes"} <= set(data)
    assert set(data) == {"id", "task_id", "title", "cause", "note", "person", "opened", "age_minutes", "escalate"}
    assert data == {
        "id": row.blocker.id, "task_id": task.id, "title": "Hire the caterer", "cause": "people", "note": "no reply",
        "person": "Ana", "opened": "2026-11-21T09:30:00+00:00", "age_minutes": 95, "escalate": False,
    }
