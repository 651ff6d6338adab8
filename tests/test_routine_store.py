"""Routines in storage, on real TinyDB files in temp dirs: idempotent daily generation (also with
processes racing to open the same new day), undo, missed occurrences, DST, flags, export/import."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from datetime import date, datetime, timedelta

import pytest

from focus_tui.domain.clock import FixedClock
from focus_tui.domain.routines import RoutineState, new_routine
from focus_tui.domain.tasks import Status
from focus_tui.domain.validation import ValidationError
from focus_tui.routine_views import find_routine, routine_flags_for_day, routine_rows
from focus_tui.storage import NotFoundError, Store
from focus_tui.storage import routines as routine_storage, store as store_module
from focus_tui.storage.exchange import export_data, import_data

SAT = date(2026, 11, 21)


def add(store: Store, name: str = "Community check", every: str = "daily", **fields):
    fields.setdefault("steps", ["Count new members", "Welcome them"])
    fields.setdefault("variables", ["new members >= 30"])
    return store.add_routine(new_routine(name, every, store.clock.now(), store.today(), **fields))


def instances(store: Store, day: date | None = None):
    return [task for task in store.tasks() if task.routine_id is not None and (day is None or task.routine_day == day)]


def test_the_table_names_agree_with_the_store():
    assert routine_storage.TASKS == store_module.TASKS
    assert routine_storage.ROUTINE_STATE in store_module.INTERNAL_TABLES


def test_adding_a_routine_due_today_puts_it_on_todays_list_in_the_same_change(store):
    routine = add(store)
    [task] = instances(store)
    assert (task.title, task.day, task.routine_day, task.routine_id) == ("Community check", SAT, SAT, routine.id)
    assert store.undo_history() == ["add routine 'Community check'"]
    store.undo()  # takes both back
    assert store.routines() == [] and store.tasks() == []


def test_generation_is_idempotent_and_a_quiet_day_writes_nothing(store, clock):
    add(store, every="daily")
    add(store, "Weekly report", every="fri")
    clock.advance(days=1)
    first = store.ensure_routine_instances()
    assert [task.title for task in first.created] == ["Community check"]
    assert store.undo_history()[0] == "add Sun 22 Nov's routines (Community check)"
    before = store.data_file.read_bytes()
    history = store.undo_history()
    for _ in range(3):  # reopening the same day, in this process or a fresh one
        assert store.ensure_routine_instances().created == ()
        assert Store(store.data_dir, clock).open().ensure_routine_instances().created == ()
    assert store.data_file.read_bytes() == before  # no empty write
    assert store.undo_history() == history  # no undo entry
    assert len(instances(store, date(2026, 11, 22))) == 1


def test_nothing_due_takes_no_lock_and_reads_no_archive(store, clock, monkeypatch):
    add(store, every="fri")
    clock.advance(days=1)
    monkeypatch.setattr(Store, "archived_docs", lambda *a, **k: pytest.fail("the archive was read"))
    monkeypatch.setattr(Store, "_locked", lambda self: pytest.fail("the lock was taken"))
    assert store.ensure_routine_instances().created == ()


def test_undoing_the_generation_does_not_bring_it_back_the_same_day(store, clock):
    add(store)
    clock.advance(days=1)
    store.ensure_routine_instances()
    assert "routines" in store.undo()
    assert instances(store, date(2026, 11, 22)) == []
    assert Store(store.data_dir, clock).open().ensure_routine_instances().created == ()
    assert instances(store, date(2026, 11, 22)) == []
    # The person can still put it on the day by hand, and the next day generates as usual.
    task = store.add_routine_instance(1, date(2026, 11, 22))
    assert task.routine_day == date(2026, 11, 22)
    with pytest.raises(ValidationError, match="already on the list"):
        store.add_routine_instance(1, date(2026, 11, 22))
    clock.advance(days=1)
    assert len(store.ensure_routine_instances().created) == 1


def test_an_imported_instance_for_today_is_not_doubled(store, clock, tmp_path):
    add(store)
    payload = export_data(store)
    fresh = Store(tmp_path / "other", clock).open()  # no generation state: only the instance itself
    import_data(fresh, payload)
    assert fresh.ensure_routine_instances().created == ()
    assert len(instances(fresh, SAT)) == 1


def test_missed_days_are_recorded_when_the_next_day_opens(store, clock):
    add(store, every="weekdays")
    clock.set(datetime.fromisoformat("2026-11-23T09:00:00+00:00"))  # Monday
    store.ensure_routine_instances()
    clock.set(datetime.fromisoformat("2026-11-26T09:00:00+00:00"))  # Thursday: Tue and Wed passed unopened
    result = store.ensure_routine_instances()
    assert result.missed == (("Community check", (date(2026, 11, 24), date(2026, 11, 25))),)
    assert len(instances(store)) == 2  # Monday's and Thursday's: no task per missed day
    [row] = routine_rows(store)
    assert row.missed == (date(2026, 11, 24), date(2026, 11, 25))
    clock.set(datetime.fromisoformat("2026-11-28T09:00:00+00:00"))  # Saturday: nothing due, Friday missed
    assert store.ensure_routine_instances().created == ()
    [row] = routine_rows(store)
    assert row.missed == (date(2026, 11, 24), date(2026, 11, 25), date(2026, 11, 27))
    assert store.routine_states()[1].last_generated == date(2026, 11, 26)


def test_an_unfinished_instance_is_carried_not_regenerated(store, clock):
    add(store)
    clock.advance(days=1)
    store.ensure_routine_instances()
    yesterday, today = instances(store, SAT)[0], instances(store, date(2026, 11, 22))[0]
    assert yesterday.is_open and yesterday.day == SAT  # still open: the board shows it carried
    assert today.id != yesterday.id


def test_pause_and_resume(store, clock):
    routine = add(store, every="daily")
    store.pause_routine(routine.id, True)
    clock.advance(days=3)
    assert store.ensure_routine_instances().created == ()
    assert routine_rows(store)[0].missed == ()
    resumed = store.pause_routine(routine.id, False)
    assert resumed.resumed == date(2026, 11, 24) and not resumed.paused
    assert len(instances(store, date(2026, 11, 24))) == 1  # resuming on a due day puts it on the list
    assert routine_rows(store)[0].missed == ()  # the paused days were not missed


def test_removing_a_routine_keeps_its_instances(store):
    routine = add(store)
    store.remove_routine(routine.id)
    assert store.routines() == [] and len(instances(store)) == 1
    with pytest.raises(NotFoundError):
        store.routine(routine.id)
    store.undo()
    assert store.routine(routine.id).name == "Community check"


def test_names_are_unique_and_found_by_id_name_or_prefix(store):
    add(store, "Inbox batch")
    add(store, "Inbox review")
    with pytest.raises(ValidationError, match="exists already"):
        add(store, "inbox BATCH")
    assert find_routine(store, "2").name == "Inbox review"
    assert find_routine(store, "INBOX BATCH").id == 1
    assert find_routine(store, "inbox r").id == 2
    with pytest.raises(ValidationError, match="matches 'Inbox batch', 'Inbox review'"):
        find_routine(store, "inbox")
    with pytest.raises(NotFoundError, match="no routine 'weekly'"):
        find_routine(store, "weekly")


def test_ticking_logging_and_flags(store, clock):
    routine = add(store, variables=["new members >= 30", "reply time <= 2 h"])
    [task] = instances(store)
    store.toggle_routine_step(task.id, 0)
    done = store.toggle_routine_step(task.id, 1)
    assert done.status is Status.DONE
    logged = store.log_routine_values(task.id, {"new members": "18", "reply time": "1.5"})
    assert logged.values == {"new members": 18.0, "reply time": 1.5}
    assert [flag.message for flag in routine_flags_for_day(store, SAT)] == ["new members 18, expected >= 30"]
    assert routine_flags_for_day(store, SAT + timedelta(days=1)) == []
    before = store.data_file.read_bytes()
    with pytest.raises(ValidationError, match="'eighteen' is not a number"):
        store.log_routine_values(task.id, {"new members": "eighteen"})
    with pytest.raises(ValidationError, match="its variables: new members, reply time"):
        store.log_routine_values(task.id, {"members": "3"})
    assert store.data_file.read_bytes() == before  # nothing written
    assert routine.id == 1


def test_finishing_a_blocked_instance_closes_its_blocker(store):
    add(store)
    [task] = instances(store)
    store.block_task(task.id, "resource")
    store.complete_routine_instance(task.id)
    assert not store.blockers()[0].is_open


def test_routines_round_trip_through_export_and_import(store, clock, tmp_path):
    add(store, every="every 2 weeks on mon", kind="community", minutes=20)
    [task] = [add(store, "Inbox", every="daily")] and instances(store)
    store.log_routine_values(task.id, {"new members": "12"})
    payload = export_data(store)
    assert "routine_state" not in payload["tables"]
    assert [r["name"] for r in payload["tables"]["routines"]] == ["Community check", "Inbox"]

    empty = Store(tmp_path / "empty", clock).open()
    import_data(empty, payload)
    assert empty.routines() == store.routines()
    assert empty.tasks() == store.tasks()

    # Into data that has routines already: new ids, and the instance follows its routine.
    other = Store(tmp_path / "other", clock).open()
    add(other, "Something else", every="fri")
    import_data(other, payload)
    inbox = find_routine(other, "Inbox")
    [copied] = [t for t in other.tasks() if t.title == "Inbox"]
    assert inbox.id != 2 and copied.routine_id == inbox.id and copied.values == {"new members": 12.0}


def test_an_import_with_a_bad_routine_writes_nothing(store, tmp_path, clock):
    add(store)
    payload = export_data(store)
    payload["tables"]["routines"][0]["steps"] = ["fine", "\x1b[31mred"]
    target = Store(tmp_path / "t", clock).open()
    with pytest.raises(Exception, match=r"routines\[0\].*step 2"):
        import_data(target, payload)
    assert target.routines() == [] and not target.data_file.exists()


# -- daylight saving ------------------------------------------------------------------------------
@pytest.fixture
def berlin():
    os.environ["TZ"] = "Europe/Berlin"
    time.tzset()
    yield
    os.environ["TZ"] = "UTC"
    time.tzset()


@pytest.mark.parametrize("first", ["2027-03-25", "2027-10-28"], ids=["spring-forward", "fall-back"])
@pytest.mark.parametrize("hour", [0, 2, 3, 9, 23])
def test_daily_generation_across_dst_makes_one_instance_a_day(tmp_path, berlin, first, hour):
    """Days are naive dates, so the 23- and 25-hour days of March and October each get exactly one
    instance; a local clock read at any hour names the right work day."""
    start = datetime.fromisoformat(f"{first}T{hour:02d}:30:00").astimezone()  # local Berlin time
    clock = FixedClock(start)
    store = Store(tmp_path / "data", clock).open()
    add(store, every="daily")
    add(store, "Weekend check", every="weekends")
    seen = []
    for offset in range(8):  # across the last Sunday of the month
        local = datetime.fromisoformat(first) + timedelta(days=offset, hours=hour, minutes=30)
        clock.set(local.astimezone())
        store.ensure_routine_instances()
        store.ensure_routine_instances()
        seen.append(store.today())
    daily = sorted(task.routine_day for task in instances(store) if task.title == "Community check")
    assert daily == sorted(set(seen)) and len(daily) == len(seen) == len(set(seen))
    weekend = [task.routine_day for task in instances(store) if task.title == "Weekend check"]
    assert sorted(weekend) == sorted(day for day in seen if day.weekday() >= 5)
    assert store.routine_states()[1].missed == ()


# -- processes opening the same new day at once ---------------------------------------------------
OPENER = textwrap.dedent(
    """
    import sys, time
    from datetime import datetime
    from pathlib import Path
    from focus_tui.domain.clock import FixedClock
    from focus_tui.storage import Store

    data_dir, name, gate = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
    store = Store(data_dir, FixedClock(datetime.fromisoformat("2026-11-22T08:00:00+00:00")), lock_timeout=120).open()
    (gate.parent / f"ready-{name}").touch()
    while not gate.exists():
        time.sleep(0.001)
    result = store.ensure_routine_instances()
    print(len(result.created))
    """
)


@pytest.mark.parametrize("round_", range(3))
def test_processes_opening_the_same_new_day_at_once_make_one_instance_each(tmp_path, clock, isolated_env, round_):
    data_dir, gate = tmp_path / "data", tmp_path / "go"
    seeded = Store(data_dir, clock).open()
    for number in range(4):
        add(seeded, f"Routine {number}", every="daily")
    names = [f"p{n}" for n in range(4)]
    env = {**os.environ, **isolated_env}
    workers = [subprocess.Popen([sys.executable, "-c", OPENER, str(data_dir), name, str(gate)], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for name in names]
    try:
        deadline = time.monotonic() + 60
        while not all((tmp_path / f"ready-{name}").exists() for name in names):
            assert all(worker.poll() is None for worker in workers), [w.communicate() for w in workers]
            assert time.monotonic() < deadline, "the workers did not start"
            time.sleep(0.005)
        gate.touch()
        results = [worker.communicate(timeout=120) for worker in workers]
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
    assert [worker.returncode for worker in workers] == [0] * len(workers), results
    created = sorted(int(out.strip()) for out, _err in results)
    assert created == [0, 0, 0, 4]  # one process made all four; the others found them made
    store = Store(data_dir, clock).open()
    new_day = instances(store, date(2026, 11, 22))
    assert sorted(task.title for task in new_day) == [f"Routine {n}" for n in range(4)]
    assert [entry for entry in store.undo_history() if "routines" in entry] == [
        "add Sun 22 Nov's routines (Routine 0, Routine 1, Routine 2 and 1 more)"]
    assert all(state == RoutineState(date(2026, 11, 22)) for state in store.routine_states().values())
