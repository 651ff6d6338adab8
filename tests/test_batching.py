"""Batching against context switching: the plan (properties), the queue, the run timer, the
switches saved, and how runs are stored."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from focus_tui.config import Config
from focus_tui.domain.batching import (
    EXTENSION_MINUTES,
    MISC,
    Batch,
    BatchRules,
    BatchRun,
    end_run,
    extend,
    is_small,
    item_minutes,
    kind_of,
    pause_or_resume,
    plan_batches,
    queue_tasks,
    start_run,
    switches_saved,
)
from focus_tui.domain.clock import FixedClock
from focus_tui.domain.tasks import Category, Status, Task, new_task, rank_key
from focus_tui.storage import BatchRunningError, Store

T0 = datetime(2026, 11, 21, 9, 30, tzinfo=timezone.utc)  # the conftest clock: Saturday 09:30 UTC
TODAY = date(2026, 11, 21)
KINDS = [None, "email", "forms", "calls", "misc"]  # "misc" by hand joins the tasks without a kind

# --------------------------------------------------------------------------------------------
# Strategies
# --------------------------------------------------------------------------------------------


@st.composite
def rules(draw) -> BatchRules:
    low = draw(st.integers(1, 60))
    return BatchRules(
        small_task_minutes=draw(st.integers(1, 60)),
        min_minutes=low,
        max_minutes=draw(st.integers(max(low, 5), 120)),
        default_item_minutes=draw(st.integers(1, 30)),
    )


@st.composite
def task_lists(draw, *, with_due: bool = False) -> list[Task]:
    """Open tasks with distinct ids; estimates may be missing or far above any maximum. With
    `with_due`, also due dates and every open status, which the list's order weighs too."""
    count = draw(st.integers(0, 25))
    tasks = []
    for task_id in range(1, count + 1):
        created = T0 - timedelta(minutes=draw(st.integers(0, 60 * 24 * 10)))
        tasks.append(Task(
            id=task_id,
            title=f"Task {task_id}",
            created=created,
            changed=created,
            kind=draw(st.sampled_from(KINDS)),
            minutes=draw(st.none() | st.integers(1, 200)),
            category=draw(st.sampled_from(list(Category))),
            small=draw(st.booleans()),
            due=draw(st.none() | st.dates(TODAY - timedelta(days=3), TODAY + timedelta(days=3))) if with_due else None,
            status=draw(st.sampled_from([Status.TODO, Status.DOING, Status.BLOCKED])) if with_due else Status.TODO,
        ))
    return draw(st.permutations(tasks))


def _by_kind(batches: list[Batch]) -> dict[str, list[Batch]]:
    grouped: dict[str, list[Batch]] = {}
    for batch in batches:
        grouped.setdefault(batch.kind, []).append(batch)
    return grouped


# --------------------------------------------------------------------------------------------
# plan_batches: properties
# --------------------------------------------------------------------------------------------


@settings(deadline=None)
@given(task_lists(with_due=True), rules())
def test_every_task_is_in_exactly_one_batch_of_its_own_kind(tasks: list[Task], rule: BatchRules) -> None:
    batches = plan_batches(tasks, rule)
    placed = Counter(task.id for batch in batches for task in batch.items)
    assert placed == Counter(task.id for task in tasks)
    assert all(count == 1 for count in placed.values())
    for batch in batches:
        assert batch.items, "no empty batches"
        assert {kind_of(task) for task in batch.items} == {batch.kind}
    assert all(batch.kind == MISC for batch in batches if any(task.kind is None for task in batch.items))


@settings(deadline=None)
@given(task_lists(with_due=True), rules())
def test_batches_stay_under_the_maximum_unless_one_item_is_larger(tasks: list[Task], rule: BatchRules) -> None:
    for batch in plan_batches(tasks, rule):
        total = sum(item_minutes(task, rule) for task in batch.items)
        if len(batch.items) > 1:
            assert total <= rule.max_minutes
        if total > rule.max_minutes:  # only possible for a single item larger than the maximum
            assert len(batch.items) == 1
            assert batch.timebox == batch.minutes == total
        else:
            assert rule.min_minutes <= batch.timebox <= rule.max_minutes
            assert batch.timebox == max(rule.min_minutes, total)


@settings(deadline=None)
@given(task_lists(), rules())
def test_batches_are_ordered_by_highest_priority_then_oldest(tasks: list[Task], rule: BatchRules) -> None:
    def key(batch: Batch) -> tuple:
        best = min(task.category.priority for task in batch.items)
        return best, min(task.created for task in batch.items if task.category.priority == best)

    keys = [key(batch) for batch in plan_batches(tasks, rule)]
    assert keys == sorted(keys)


@settings(deadline=None)
@given(task_lists(with_due=True), rules())
def test_a_kind_is_split_in_priority_order_and_only_when_the_next_item_does_not_fit(
        tasks: list[Task], rule: BatchRules) -> None:
    plan = plan_batches(tasks, rule)
    # Work in progress leads and blocked work trails, as on the list; among to-do batches (all the
    # queue ever holds) the highest priority still comes first whatever the due dates.
    priorities = [min(task.category.priority for task in batch.items) for batch in plan
                  if all(task.status is Status.TODO for task in batch.items)]
    assert priorities == sorted(priorities)
    for kind, batches in _by_kind(plan).items():
        ordered = sorted((task for task in tasks if kind_of(task) == kind), key=rank_key)
        # Reading the kind's batches in the plan's order gives its tasks in the list's order:
        # `focus batch start KIND` takes the first, so it holds the kind's most important work.
        assert [task.id for batch in batches for task in batch.items] == [task.id for task in ordered]
        for batch, following in zip(batches, batches[1:]):
            total = sum(item_minutes(task, rule) for task in batch.items)
            assert total + item_minutes(following.items[0], rule) > rule.max_minutes


def test_a_lower_priority_older_task_does_not_pull_a_later_split_ahead() -> None:
    """The counter-example hypothesis found: the second email batch holds an old transactional
    task, and must still come after the first, which holds the planning work."""
    rule = BatchRules(max_minutes=45)

    def task(task_id: int, category: Category, minutes: int, hours_ago: int) -> Task:
        created = T0 - timedelta(hours=hours_ago)
        return Task(id=task_id, title=f"T{task_id}", created=created, changed=created, kind="email",
                    minutes=minutes, category=category, small=True)

    planning_big = task(1, Category.PLANNING, 40, hours_ago=1)
    planning_small = task(2, Category.PLANNING, 10, hours_ago=1)
    old_transactional = task(3, Category.TRANSACTIONAL, 5, hours_ago=48)
    batches = plan_batches([old_transactional, planning_small, planning_big], rule)
    assert [[t.id for t in batch.items] for batch in batches] == [[1], [2, 3]]


def test_an_empty_plan() -> None:
    assert plan_batches([], BatchRules()) == []


# --------------------------------------------------------------------------------------------
# is_small and the queue
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("minutes", "small", "expected"), [
    (15, False, True), (1, False, True), (16, False, False), (None, False, False),
    (60, True, True), (None, True, True),
])
def test_is_small_by_threshold_or_by_mark(minutes: int | None, small: bool, expected: bool) -> None:
    task = new_task("Reply to Ana", T0, minutes=minutes, small=small)
    assert is_small(task, BatchRules(small_task_minutes=15)) is expected


def test_the_threshold_comes_from_the_rules() -> None:
    task = new_task("Reply to Ana", T0, minutes=20)
    assert not is_small(task, BatchRules(small_task_minutes=15))
    assert is_small(task, BatchRules(small_task_minutes=20))


def test_the_queue_holds_only_todays_open_small_to_do_tasks() -> None:
    def task(task_id: int, **fields) -> Task:
        fields.setdefault("day", TODAY)
        fields.setdefault("minutes", 5)
        return replace(new_task(f"Task {task_id}", T0, **fields), id=task_id)

    kept = [
        task(1),
        task(2, day=TODAY - timedelta(days=2)),               # overdue: still today's
        task(3, day=None, due=TODAY),                         # due today
        task(4, minutes=None, small=True),                    # marked small
    ]
    left_out = [
        task(10, minutes=30),                                 # not small
        task(11, minutes=None),                               # no estimate, not marked
        task(12, status="blocked"),
        task(13, status="done"),
        task(14, status="dropped"),
        task(15, day=TODAY + timedelta(days=1)),              # future
        task(16, day=None),                                   # not scheduled
        task(17, day=None, due=TODAY + timedelta(days=2)),    # due later
    ]
    queue = queue_tasks(left_out + kept, TODAY, BatchRules())
    assert sorted(t.id for t in queue) == [1, 2, 3, 4]


# --------------------------------------------------------------------------------------------
# The run timer, with an injected clock
# --------------------------------------------------------------------------------------------


def _batch(timebox: int = 20) -> Batch:
    items = tuple(Task(id=i, title=f"T{i}", created=T0, changed=T0, kind="email", minutes=5) for i in (1, 2, 3))
    return Batch(kind="email", items=items, timebox=timebox)


def test_the_timer_counts_down_pauses_resumes_and_extends() -> None:
    clock = FixedClock(T0)
    run = start_run(_batch(20), clock.now(), BatchRules())
    assert (run.planned, run.timebox, run.planned_minutes, run.started) == ((1, 2, 3), 20, 15, T0)
    assert run.remaining_seconds(clock.now()) == 20 * 60

    clock.advance(minutes=5)
    assert run.remaining_seconds(clock.now()) == 15 * 60

    run = pause_or_resume(run, clock.now())
    assert run.is_paused
    clock.advance(minutes=10)
    assert run.remaining_seconds(clock.now()) == 15 * 60  # paused: frozen

    run = pause_or_resume(run, clock.now())
    assert not run.is_paused
    clock.advance(minutes=3, seconds=30)
    assert run.remaining_seconds(clock.now()) == 11 * 60 + 30

    run = extend(run)
    assert EXTENSION_MINUTES == 5
    assert run.total_seconds == 25 * 60
    assert run.remaining_seconds(clock.now()) == 16 * 60 + 30

    clock.advance(hours=2)
    assert run.remaining_seconds(clock.now()) == 0  # overrun: zero, never negative


def test_ending_a_paused_run_closes_the_pause() -> None:
    clock = FixedClock(T0)
    run = start_run(_batch(20), clock.now(), BatchRules())
    clock.advance(minutes=4)
    run = pause_or_resume(run, clock.now())
    clock.advance(minutes=6)
    run = end_run(run, clock.now(), "stopped")
    assert not run.is_running and not run.is_paused
    assert run.pauses == ((T0 + timedelta(minutes=4), T0 + timedelta(minutes=10)),)
    assert (run.ended, run.end_reason) == (T0 + timedelta(minutes=10), "stopped")
    clock.advance(hours=1)
    assert run.worked_seconds(clock.now()) == 4 * 60  # an ended run no longer ticks
    assert run.remaining_seconds(clock.now()) == 16 * 60


OPERATIONS = st.lists(st.tuples(st.sampled_from(["wait", "pause", "extend"]), st.integers(-3 * 3600, 3 * 3600)),
                      max_size=12)


@settings(deadline=None)
@given(OPERATIONS, st.integers(1, 120))
def test_no_clock_jump_gives_a_negative_or_too_large_remaining_time(operations, timebox: int) -> None:
    clock = FixedClock(T0)
    run = start_run(_batch(timebox), clock.now(), BatchRules())
    for name, seconds in operations:
        clock.advance(seconds=seconds)  # negative: the clock jumped backwards
        if name == "pause":
            run = pause_or_resume(run, clock.now())
        elif name == "extend":
            run = extend(run)
        remaining = run.remaining_seconds(clock.now())
        assert 0 <= remaining <= run.total_seconds
        assert run.worked_seconds(clock.now()) >= 0


@settings(deadline=None)
@given(st.integers(1, 3600), st.lists(st.integers(-3 * 3600, 3 * 3600), min_size=1, max_size=6))
def test_a_paused_run_stays_frozen_whichever_way_the_clock_moves(worked: int, moves: list[int]) -> None:
    clock = FixedClock(T0)
    run = start_run(_batch(120), clock.now(), BatchRules())
    clock.advance(seconds=worked)
    run = pause_or_resume(run, clock.now())
    frozen = run.remaining_seconds(clock.now())
    assert frozen == 120 * 60 - worked
    for seconds in moves:
        clock.advance(seconds=seconds)
        assert run.remaining_seconds(clock.now()) == frozen


def test_a_run_round_trips_through_its_stored_shape() -> None:
    run = BatchRun(
        kind="email", planned=(3, 1, 2), timebox=25, started=T0, id=7, planned_minutes=20,
        pauses=((T0 + timedelta(minutes=2), T0 + timedelta(minutes=4)), (T0 + timedelta(minutes=9), None)),
        extensions=2, done=(3,), skipped=(2,), extra={"from_a_newer_version": [1, "x"]},
    )
    doc = run.to_doc()
    assert doc["from_a_newer_version"] == [1, "x"]
    assert BatchRun.from_doc(doc, 7) == run
    ended = end_run(run, T0 + timedelta(minutes=30), "time up")
    assert BatchRun.from_doc(ended.to_doc(), 7) == ended


def test_the_remaining_time_is_right_after_a_restart(data_dir: Path, clock: FixedClock, store: Store) -> None:
    run = store.start_batch(start_run(_batch(20), clock.now(), BatchRules()))
    clock.advance(minutes=5)
    store.update_run(run.id, lambda r: pause_or_resume(r, clock.now()), "pause the email batch")
    clock.advance(minutes=7)
    store.update_run(run.id, lambda r: pause_or_resume(r, clock.now()), "resume the email batch")
    store.update_run(run.id, extend, "extend the email batch")
    clock.advance(minutes=1)
    store.close()

    # "Restart": a new process reads the run from disk; nothing ticked in between.
    fresh = Store(data_dir, FixedClock(clock.now())).open()
    restored = fresh.active_run()
    assert restored is not None and restored.id == run.id
    assert restored.remaining_seconds(clock.now()) == (20 + 5 - 5 - 1) * 60
    clock.advance(minutes=30)
    assert restored.remaining_seconds(clock.now()) == 0
    fresh.close()


# --------------------------------------------------------------------------------------------
# Switches saved
# --------------------------------------------------------------------------------------------


def _finished(task_id: int, kind: str, created_minute: int, finished_minute: int) -> Task:
    created = T0 + timedelta(minutes=created_minute)
    finished = T0 + timedelta(hours=1, minutes=finished_minute)
    return Task(id=task_id, title=f"T{task_id}", created=created, changed=finished, finished=finished,
                kind=kind, minutes=5, status=Status.DONE)


def test_switches_made_and_what_the_order_of_adding_would_have_cost() -> None:
    # Added: email, forms, email, forms. Done: email, email, forms, forms.
    tasks = [_finished(1, "email", 0, 0), _finished(2, "forms", 1, 2), _finished(3, "email", 2, 1),
             _finished(4, "forms", 3, 3)]
    assert switches_saved(tasks) == (1, 3)
    assert switches_saved(reversed(tasks)) == (1, 3)  # the input order does not matter


def test_switches_in_the_order_added_save_nothing() -> None:
    tasks = [_finished(1, "email", 0, 0), _finished(2, "forms", 1, 1), _finished(3, None, 2, 2)]
    assert switches_saved(tasks) == (2, 2)
    assert switches_saved([]) == (0, 0)
    assert switches_saved(tasks[:1]) == (0, 0)


# --------------------------------------------------------------------------------------------
# Storage
# --------------------------------------------------------------------------------------------


def _add(store: Store, title: str, **fields) -> Task:
    return store.add_task(new_task(title, store.clock.now(), day=store.today(), **fields))


def test_only_one_batch_runs_and_a_refused_start_writes_nothing(store: Store, clock: FixedClock) -> None:
    first = store.start_batch(start_run(_batch(), clock.now(), BatchRules()))
    before = store.data_file.read_bytes()
    history = store.undo_history()
    clock.advance(minutes=1)
    other = Batch(kind="forms", items=_batch().items, timebox=10)
    with pytest.raises(BatchRunningError, match="email batch is still running"):
        store.start_batch(start_run(other, clock.now(), BatchRules()))
    assert store.data_file.read_bytes() == before
    assert store.undo_history() == history
    assert [run.id for run in store.batch_runs()] == [first.id]
    assert store.active_run().kind == "email"


def test_a_new_batch_may_start_once_the_running_one_ended(store: Store, clock: FixedClock) -> None:
    first = store.start_batch(start_run(_batch(), clock.now(), BatchRules()))
    store.update_run(first.id, lambda run: end_run(run, clock.now(), "stopped"), "stop the email batch")
    assert store.active_run() is None
    second = store.start_batch(start_run(_batch(), clock.now(), BatchRules()))
    assert second.id != first.id and store.active_run().id == second.id


def test_done_in_a_batch_is_one_undoable_change(store: Store, clock: FixedClock) -> None:
    ana = _add(store, "Reply to Ana", kind="email", minutes=5)
    bob = _add(store, "Reply to Bob", kind="email", minutes=5)
    rules = BatchRules()
    (batch,) = plan_batches(queue_tasks(store.tasks(), store.today(), rules), rules)
    run = store.start_batch(start_run(batch, clock.now(), rules))
    clock.advance(minutes=3)

    finished = store.finish_batch_item(run.id, ana.id)
    assert (finished.status, finished.finished) == (Status.DONE, clock.now())
    assert store.task(ana.id).status is Status.DONE
    assert store.active_run().done == (ana.id,)
    assert store.active_run().open_items() == [bob.id]
    assert store.undo_history()[0] == "complete 'Reply to Ana'"

    assert store.undo() == "complete 'Reply to Ana'"  # one undo reverts both
    assert store.task(ana.id).status is Status.TODO
    assert store.active_run().done == ()
    assert store.active_run().is_running


def test_done_in_a_batch_closes_the_tasks_blocker(store: Store, clock: FixedClock) -> None:
    """A task blocked while its batch runs and then done in the batch leaves no blocker open,
    as `focus done` does."""
    ana = _add(store, "Reply to Ana", kind="email", minutes=5)
    run = store.start_batch(start_run(Batch("email", (ana,), 10), clock.now(), BatchRules()))
    store.block_task(ana.id, "people", person="Ana")
    store.finish_batch_item(run.id, ana.id)
    assert store.task(ana.id).status is Status.DONE
    assert store.open_blocker_of(ana.id) is None


def test_ended_runs_older_than_the_archive_age_leave_the_live_file(data_dir: Path) -> None:
    old_clock = FixedClock(T0 - timedelta(days=40))
    store = Store(data_dir, old_clock, archive_after_days=30).open()
    old = store.start_batch(start_run(_batch(), old_clock.now(), BatchRules()))
    store.update_run(old.id, lambda run: end_run(run, old_clock.now() + timedelta(minutes=20), "time up"), "end")
    still_running = store.start_batch(start_run(_batch(), old_clock.now() + timedelta(hours=1), BatchRules()))
    store.close()

    store = Store(data_dir, FixedClock(T0), archive_after_days=30).open()
    assert [run.id for run in store.batch_runs()] == [still_running.id]  # a running batch is never archived
    assert [run.id for run in store.batch_runs(include_archived=True)] == [old.id, still_running.id]
    assert (store.archive_dir / "batch_runs-2026-10.json").is_file()
    live = json.loads(store.data_file.read_text(encoding="utf-8"))["batch_runs"]
    assert list(live) == [str(still_running.id)]
    store.close()

    recent = Store(data_dir, FixedClock(T0), archive_after_days=60).open()
    assert [run.id for run in recent.batch_runs(include_archived=True)] == [old.id, still_running.id]
    recent.close()


# --------------------------------------------------------------------------------------------
# The views the CLI and status bars use
# --------------------------------------------------------------------------------------------


def test_rules_from_the_config() -> None:
    from focus_tui.batch_views import rules_from

    assert rules_from(Config()) == BatchRules(small_task_minutes=15, min_minutes=10, max_minutes=45,
                                              default_item_minutes=5)
    custom = Config(small_task_minutes=20, batch_min_minutes=60, batch_max_minutes=30, batch_default_item_minutes=7)
    assert rules_from(custom) == BatchRules(20, 30, 30, 7)  # a minimum above the maximum reads as the maximum


def test_run_status_and_switches_today(store: Store, clock: FixedClock) -> None:
    from focus_tui.batch_views import run_status, switches_today, todays_batches

    config = Config()
    assert run_status(store, clock.now()) is None
    for title, kind in (("E1", "email"), ("F1", "forms"), ("E2", "email"), ("F2", "forms")):
        _add(store, title, kind=kind, minutes=5)
        clock.advance(minutes=1)
    batches = todays_batches(store, config, store.today())
    assert [(b.kind, [t.title for t in b.items], b.timebox) for b in batches] == [
        ("email", ["E1", "E2"], 10), ("forms", ["F1", "F2"], 10)]

    run = store.start_batch(start_run(batches[0], clock.now(), BatchRules()))
    clock.advance(minutes=2, seconds=5)
    status = run_status(store, clock.now())
    assert status == {"kind": "email", "remaining_seconds": 475, "remaining": "07:55", "paused": False,
                      "done": 0, "planned": 2, "current": {"id": 1, "title": "E1"},
                      "started": "2026-11-21T09:34:00+00:00"}
    store.finish_batch_item(run.id, 1)
    store.update_run(run.id, lambda r: pause_or_resume(r, clock.now()), "pause")
    clock.advance(minutes=10)
    status = run_status(store, clock.now())
    assert (status["done"], status["current"], status["paused"], status["remaining"]) == (
        1, {"id": 3, "title": "E2"}, True, "07:55")

    store.complete_task(3)  # done outside the batch still counts
    status = run_status(store, clock.now())
    assert (status["done"], status["current"]) == (2, None)

    clock.advance(minutes=1)
    store.complete_task(2)
    clock.advance(minutes=1)
    store.complete_task(4)
    assert switches_today(store, config, store.today()) == (1, 3, 2)
    # Before the day starts (04:00) the same moment counts for the previous day.
    assert switches_today(store, config, store.today() - timedelta(days=1)) == (0, 0, 0)


def test_switches_today_never_reports_a_negative_saving(store: Store, clock: FixedClock) -> None:
    from focus_tui.batch_views import switches_today

    for title, kind in (("E1", "email"), ("E2", "email"), ("F1", "forms")):
        _add(store, title, kind=kind, minutes=5)
        clock.advance(minutes=1)
    _add(store, "Big", kind="email", minutes=90)  # not small: not counted
    for task_id in (1, 4, 3, 2):  # email, (big email), forms, email: worse than the order added
        clock.advance(minutes=1)
        store.complete_task(task_id)
    assert switches_today(store, Config(), store.today()) == (2, 1, 0)
