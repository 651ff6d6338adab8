"""Storage reliability, in process: real TinyDB data files in temp dirs, no mocks of the store.

Failures are injected only at the OS boundary (os.replace, os.fsync, the encoder) to show that a
failed write leaves the old file byte-for-byte intact and the in-memory state rolled back.
"""

from __future__ import annotations

import errno
import json
import os
import re
import stat
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Callable

import pytest
from hypothesis import given, settings, strategies as st

import focus_tui.storage.backups as backups_module
import focus_tui.storage.schema as schema_module
import focus_tui.storage.store as store_module
from focus_tui.domain.clock import FixedClock
from focus_tui.domain.tasks import Task, new_task
from focus_tui.storage import (
    DataFileError,
    FutureSchemaError,
    NothingToUndoError,
    ReadOnlyError,
    StorageError,
    Store,
    UnstorableValueError,
    WriteFailedError,
)
from focus_tui.storage.exchange import ImportProblem, export_data, import_data
from focus_tui.storage.store import UNDO_KEEP

from tests.filehelpers import snapshot, temp_files

UTC = timezone.utc
NOW = "2026-11-21T09:30:00+00:00"


# -- helpers ----------------------------------------------------------------------------------
def add(store: Store, title: str, **fields: Any) -> Task:
    return store.add_task(new_task(title, store.clock.now(), **fields))


def titles(store: Store, **kwargs: Any) -> list[str]:
    return [task.title for task in store.tasks(**kwargs)]


def export_payload(*task_titles: str, first_id: int = 1) -> dict[str, Any]:
    records = [
        {"id": first_id + index, "title": title, "created": NOW, "changed": NOW}
        for index, title in enumerate(task_titles)
    ]
    return {
        "format": "focus-tui-export",
        "format_version": 1,
        "next_id": {"tasks": first_id + len(records)},
        "tables": {"tasks": records},
    }


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.fixture
def two_tasks(store: Store) -> Store:
    """A store with two tasks; the second add made today's daily backup (a copy after the first)."""
    add(store, "one")
    add(store, "two")
    assert (store.backups_dir / "focus-2026-11-21.json").exists()
    return store


# -- 1. atomic writes -------------------------------------------------------------------------
def test_every_write_goes_through_a_temp_file_and_os_replace(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    replaced: list[tuple[Path, Path]] = []
    real_replace = os.replace

    def recording_replace(src, dst, *args, **kwargs):
        replaced.append((Path(src), Path(dst)))
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", recording_replace)
    add(store, "first")

    into_data_file = [src for src, dst in replaced if dst == store.data_file]
    assert len(into_data_file) == 1
    src = into_data_file[0]
    assert src.parent == store.data_dir
    assert re.fullmatch(r"\.focus\.json\.tmp-.+", src.name)
    assert not src.exists()
    assert temp_files(store.data_dir) == []
    assert json.loads(store.data_file.read_bytes())["tasks"]["1"]["title"] == "first"


def test_stale_temp_files_are_removed_on_open_and_nothing_else(two_tasks: Store, clock: FixedClock) -> None:
    data_dir = two_tasks.data_dir
    (data_dir / "archive").mkdir()
    stale = [
        data_dir / ".focus.json.tmp-a1b2c3",
        data_dir / "backups" / ".focus-2026-11-22.json.tmp-x9y8",
        data_dir / "archive" / ".tasks-2026-10.json.tmp-q7",
    ]
    for path in stale:
        path.write_bytes(b'{"half a wri')
    bystanders = [data_dir / "notes.txt", data_dir / ".hidden", data_dir / "focus.json.tmp-not-ours"]
    for path in bystanders:
        path.write_bytes(b"keep me")
    good = two_tasks.data_file.read_bytes()

    reopened = Store(data_dir, clock).open()

    assert [path for path in stale if path.exists()] == []
    assert all(path.read_bytes() == b"keep me" for path in bystanders)
    assert two_tasks.data_file.read_bytes() == good
    assert titles(reopened) == ["one", "two"]


def _payload_for_import() -> dict[str, Any]:
    return export_payload("imported a", "imported b")


OPERATIONS: dict[str, Callable[[Store], Any]] = {
    "add": lambda s: add(s, "three"),
    "edit": lambda s: s.edit_task(1, title="renamed", minutes=25),
    "complete": lambda s: s.complete_task(1),
    "remove": lambda s: s.remove_task(2),
    "undo": lambda s: s.undo(),
    "import": lambda s: import_data(s, _payload_for_import()),
}


def _fail_replace(monkeypatch: pytest.MonkeyPatch, data_file: Path, calls: list[str]) -> type[BaseException]:
    real_replace = os.replace

    def failing_replace(src, dst, *args, **kwargs):
        if Path(dst) == data_file:
            calls.append(str(src))
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", failing_replace)
    return WriteFailedError


def _fail_fsync(monkeypatch: pytest.MonkeyPatch, data_file: Path, calls: list[str]) -> type[BaseException]:
    def failing_fsync(fd):
        calls.append(os.readlink(f"/proc/self/fd/{fd}") if os.path.exists("/proc/self/fd") else str(fd))
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "fsync", failing_fsync)
    return WriteFailedError


def _fail_encoder(monkeypatch: pytest.MonkeyPatch, data_file: Path, calls: list[str]) -> type[BaseException]:
    def failing_encode(data):
        calls.append("encode")
        raise TypeError("encoder exploded")

    monkeypatch.setattr(store_module, "encode", failing_encode)
    return TypeError


FAILURES = {"os.replace": _fail_replace, "fsync": _fail_fsync, "encoder": _fail_encoder}


@pytest.mark.parametrize("failure", FAILURES)
@pytest.mark.parametrize("operation", OPERATIONS)
def test_failed_write_keeps_old_file_and_rolls_back_memory(
    two_tasks: Store, clock: FixedClock, monkeypatch: pytest.MonkeyPatch, operation: str, failure: str
) -> None:
    store = two_tasks
    before_files = snapshot(store.data_dir)
    before_tasks = store.tasks()
    before_history = store.undo_history()
    calls: list[str] = []

    with monkeypatch.context() as patch:
        expected = FAILURES[failure](patch, store.data_file, calls)
        with pytest.raises(expected) as raised:
            OPERATIONS[operation](store)

    assert calls, "the injected failure was never reached, so this test proved nothing"
    if expected is WriteFailedError:
        assert "intact" in str(raised.value) and str(store.data_file) in str(raised.value)
    assert snapshot(store.data_dir) == before_files
    assert temp_files(store.data_dir) == []
    assert store.tasks() == before_tasks
    assert store.undo_history() == before_history

    # The rolled-back change must not sneak into the next successful write.
    add(store, "after the failure")
    fresh = Store(store.data_dir, clock).open()
    assert fresh.tasks()[:-1] == before_tasks
    assert titles(fresh)[-1] == "after the failure"
    assert fresh.undo_history() == ["add 'after the failure'", *before_history]


# -- 2. the serializer refuses what JSON cannot hold ----------------------------------------------
def _nested(depth: int) -> Any:
    value: Any = "bottom"
    for _ in range(depth):
        value = [value]
    return value


UNSTORABLE = {
    "lone surrogate": "bad \ud800 text",
    "lone surrogate in key": {"\udc00": 1},
    "nan": float("nan"),
    "inf": float("inf"),
    "-inf": float("-inf"),
    "nan in a list": [1, [2.5, float("nan")]],
    "int key": {1: "one"},
    "tuple key": {(1, 2): "pair"},
    "set": {"a", "b"},
    "bytes": b"raw bytes",
    "datetime": datetime(2026, 11, 21, 9, 30, tzinfo=UTC),
    "date": date(2026, 11, 21),
    "object": object(),
    "huge int": 2**63,
    "huge negative int": -(2**63) - 1,
    "nested too deep": _nested(300),
}


@pytest.mark.parametrize("value", UNSTORABLE.values(), ids=UNSTORABLE.keys())
@pytest.mark.parametrize("how", ["add", "edit"])
def test_unstorable_values_are_refused_before_touching_disk(two_tasks: Store, value: Any, how: str) -> None:
    store = two_tasks
    before_files = snapshot(store.data_dir)
    before_tasks = store.tasks()

    with pytest.raises(UnstorableValueError):
        if how == "add":
            store.add_task(replace(new_task("fine title", store.clock.now()), extra={"field": value}))
        else:
            store.update_task(1, lambda task: replace(task, extra={"field": value}), "edit task 1")

    assert snapshot(store.data_dir) == before_files
    assert store.tasks() == before_tasks


def test_unstorable_title_and_non_text_field_name_are_refused(two_tasks: Store) -> None:
    store = two_tasks
    before_files = snapshot(store.data_dir)
    now = store.clock.now()
    with pytest.raises(UnstorableValueError, match="surrogate"):
        store.add_task(Task(title="half an emoji \ud83d", created=now, changed=now))
    with pytest.raises(UnstorableValueError, match="non-text key"):
        store.add_task(replace(new_task("fine", now), extra={7: "seven"}))
    assert snapshot(store.data_dir) == before_files


STORABLE_EDGES = {
    "max int": 2**63 - 1,
    "min int": -(2**63),
    "big float": 1.7976931348623157e308,
    "astral text": "rocket 🚀 and 𝄞",
    "nul and escapes": "a\x00b\u2028c",
    "nested 60 deep": _nested(60),
    "empty containers": {"list": [], "dict": {}},
}


@pytest.mark.parametrize("value", STORABLE_EDGES.values(), ids=STORABLE_EDGES.keys())
def test_values_at_the_edges_are_stored_and_read_back_exactly(store: Store, clock: FixedClock, value: Any) -> None:
    task = store.add_task(replace(new_task("edge", store.clock.now()), extra={"field": value}))
    fresh = Store(store.data_dir, clock).open()
    assert fresh.task(task.id).extra == {"field": value}


# -- 3. undo ------------------------------------------------------------------------------------
@pytest.mark.parametrize("operation", ["add", "edit", "complete", "remove", "import"])
def test_every_change_is_undoable_from_a_fresh_store(two_tasks: Store, clock: FixedClock, operation: str) -> None:
    store_a = two_tasks
    before = store_a.tasks()
    clock.advance(minutes=5)
    OPERATIONS[operation](store_a)
    assert store_a.tasks() != before

    store_b = Store(store_a.data_dir, clock).open()  # a second process
    description = store_b.undo()

    assert description == {
        "add": "add 'three'",
        "edit": "edit 'renamed'",
        "complete": "complete 'one'",
        "remove": "remove 'two'",
        "import": "import",
    }[operation]
    assert store_b.tasks() == before
    store_a.reload()
    assert store_a.tasks() == before
    assert Store(store_a.data_dir, clock).open().tasks() == before


def test_ids_are_never_reused_after_remove_and_undo(store: Store, clock: FixedClock) -> None:
    assert [add(store, name).id for name in ("a", "b", "c")] == [1, 2, 3]
    store.remove_task(3)
    assert add(store, "d").id == 4
    store.undo()  # the add of d
    assert add(store, "e").id == 5
    store.undo()  # the add of e
    store.undo()  # the remove of c
    assert [task.id for task in store.tasks()] == [1, 2, 3]
    assert store.task(3).title == "c"
    assert add(store, "f").id == 6
    assert add(Store(store.data_dir, clock).open(), "g").id == 7


def test_nothing_to_undo(store: Store, clock: FixedClock) -> None:
    with pytest.raises(NothingToUndoError):
        store.undo()
    assert not store.data_file.exists()

    add(store, "only")
    store.undo()
    written = snapshot(store.data_dir)
    with pytest.raises(NothingToUndoError):
        Store(store.data_dir, clock).open().undo()
    assert snapshot(store.data_dir) == written
    assert store.tasks() == []


def test_undo_log_is_bounded(store: Store, clock: FixedClock) -> None:
    total = UNDO_KEEP + 5
    for number in range(1, total + 1):
        add(store, f"task {number}")

    assert len(store.undo_history()) == UNDO_KEEP
    assert len(json.loads(store.data_file.read_bytes())["undo"]) == UNDO_KEEP

    fresh = Store(store.data_dir, clock).open()
    undone = [fresh.undo() for _ in range(UNDO_KEEP)]
    assert undone == [f"add 'task {number}'" for number in range(total, 5, -1)]
    with pytest.raises(NothingToUndoError):
        fresh.undo()
    assert titles(fresh) == [f"task {number}" for number in range(1, 6)]


# -- 4. writes by another process -----------------------------------------------------------------
def test_changed_on_disk_and_reload(store: Store, clock: FixedClock) -> None:
    add(store, "from A")
    other = Store(store.data_dir, clock).open()
    assert not store.changed_on_disk()

    add(other, "from B")

    assert store.changed_on_disk()
    assert titles(store) == ["from A"]
    store.reload()
    assert titles(store) == ["from A", "from B"]
    assert not store.changed_on_disk()


def test_editing_without_reload_does_not_lose_the_other_stores_task(store: Store, clock: FixedClock) -> None:
    add(store, "from A")
    other = Store(store.data_dir, clock).open()
    add(other, "from B")

    store.edit_task(1, title="from A, edited")  # no reload first
    added = add(store, "A again")

    assert added.id == 3
    fresh = Store(store.data_dir, clock).open()
    assert [(task.id, task.title) for task in fresh.tasks()] == [(1, "from A, edited"), (2, "from B"), (3, "A again")]
    assert fresh.undo_history() == ["add 'A again'", "edit 'from A, edited'", "add 'from B'", "add 'from A'"]


def test_two_stores_interleaving_never_overwrite_each_other(store: Store, clock: FixedClock) -> None:
    other = Store(store.data_dir, clock).open()
    for number in range(20):
        add(store, f"A{number}")
        add(other, f"B{number}")
        if number % 5 == 4:
            store.complete_task(2 * number + 2)  # B's newest task, completed by A
    fresh = Store(store.data_dir, clock).open()
    assert [task.id for task in fresh.tasks()] == list(range(1, 41))
    assert sorted(titles(fresh)) == sorted([f"A{n}" for n in range(20)] + [f"B{n}" for n in range(20)])
    assert sum(not task.is_open for task in fresh.tasks()) == 4


def test_a_store_never_overwrites_a_file_it_cannot_read(two_tasks: Store) -> None:
    two_tasks.data_file.write_bytes(b'{"meta": {"1": {"sche')  # someone else broke it
    broken = snapshot(two_tasks.data_dir)
    with pytest.raises(DataFileError):
        add(two_tasks, "would overwrite")
    assert snapshot(two_tasks.data_dir) == broken


# -- 5. schema migrations ---------------------------------------------------------------------------
@pytest.fixture
def schema_v2(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Pretend this build reads schema 2, with a v1 -> v2 step that labels every task."""
    steps: list[int] = []

    def v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
        steps.append(1)
        for doc in data.get("tasks", {}).values():
            doc["labels"] = ["migrated"]
        return data

    monkeypatch.setattr(schema_module, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(schema_module, "MIGRATIONS", {1: v1_to_v2})
    # Imported by name: each module holds its own reference.
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(backups_module, "SCHEMA_VERSION", 2)
    return steps


def test_migration_backs_up_then_writes_once(
    two_tasks: Store, clock: FixedClock, monkeypatch: pytest.MonkeyPatch, schema_v2: list[int]
) -> None:
    data_dir = two_tasks.data_dir
    two_tasks.complete_task(2)
    v1_bytes = two_tasks.data_file.read_bytes()
    assert json.loads(v1_bytes)["meta"]["1"]["schema"] == 1
    backups_before = set(os.listdir(two_tasks.backups_dir))
    writes: list[Path] = []
    real_write = store_module.atomic_write

    def counting_write(path, payload):
        writes.append(Path(path))
        return real_write(path, payload)

    monkeypatch.setattr(store_module, "atomic_write", counting_write)

    migrated = Store(data_dir, clock).open()

    assert writes == [two_tasks.data_file]
    assert schema_v2 == [1]
    new_backups = set(os.listdir(two_tasks.backups_dir)) - backups_before
    assert len(new_backups) == 1
    backup = two_tasks.backups_dir / new_backups.pop()
    assert re.fullmatch(r"focus-schema1-before-v2-\d{8}-\d{6}\.json", backup.name)
    assert backup.read_bytes() == v1_bytes
    on_disk = json.loads(two_tasks.data_file.read_bytes())
    assert on_disk["meta"]["1"]["schema"] == 2
    assert [doc["labels"] for doc in on_disk["tasks"].values()] == [["migrated"], ["migrated"]]
    assert [task.extra for task in migrated.tasks()] == [{"labels": ["migrated"]}] * 2
    assert any("schema 1 to 2" in notice and str(backup) in notice for notice in migrated.notices)
    assert temp_files(data_dir) == []

    # Opening again finds nothing to do.
    writes.clear()
    settled = snapshot(data_dir)
    Store(data_dir, clock).open()
    assert writes == [] and schema_v2 == [1]
    assert snapshot(data_dir) == settled


def test_read_only_store_migrates_in_memory_only(
    two_tasks: Store, clock: FixedClock, monkeypatch: pytest.MonkeyPatch, schema_v2: list[int]
) -> None:
    before = snapshot(two_tasks.data_dir)
    monkeypatch.setattr(Store, "_probe_writable", lambda self: False)
    read_only = Store(two_tasks.data_dir, clock).open()
    assert read_only.read_only
    assert [task.extra for task in read_only.tasks()] == [{"labels": ["migrated"]}] * 2
    with pytest.raises(ReadOnlyError):
        add(read_only, "nope")
    assert snapshot(two_tasks.data_dir) == before


def test_future_schema_is_refused_untouched(two_tasks: Store, clock: FixedClock) -> None:
    data = json.loads(two_tasks.data_file.read_bytes())
    data["meta"]["1"]["schema"] = 99
    data["tasks"]["1"]["new_field_from_the_future"] = {"x": 1}
    two_tasks.data_file.write_bytes(json.dumps(data, indent=2).encode())
    before = snapshot(two_tasks.data_dir)

    with pytest.raises(FutureSchemaError) as raised:
        Store(two_tasks.data_dir, clock).open()

    assert raised.value.found == 99 and raised.value.path == two_tasks.data_file
    assert str(two_tasks.data_file) in str(raised.value) and "newer" in str(raised.value)
    assert snapshot(two_tasks.data_dir) == before


# -- 6. rotating backups ----------------------------------------------------------------------------
def test_one_backup_per_day_of_use_bounded(data_dir: Path, clock: FixedClock) -> None:
    store = Store(data_dir, clock, backups_keep=3).open()
    first_day = clock.now()
    for day in range(6):
        clock.set(first_day + timedelta(days=day))
        add(store, f"day {day} morning")
        clock.advance(hours=2)
        add(store, f"day {day} later")

    names = sorted(path.name for path in store.backups_dir.iterdir())
    assert names == ["focus-2026-11-24.json", "focus-2026-11-25.json", "focus-2026-11-26.json"]
    # Each day's copy is the data as it was before that day's first change.
    for name, day in zip(names, (3, 4, 5)):
        saved = json.loads((store.backups_dir / name).read_bytes())
        assert len(saved["tasks"]) == 2 * day


def test_newest_good_backup_skips_unreadable_ones(data_dir: Path, clock: FixedClock) -> None:
    store = Store(data_dir, clock).open()
    for day in range(4):
        clock.set(at("2026-11-21T09:30:00") + timedelta(days=day))
        add(store, f"day {day}")
    backups_dir = store.backups_dir
    assert store.newest_good_backup() == backups_dir / "focus-2026-11-24.json"

    (backups_dir / "focus-2026-11-24.json").write_bytes(b"\x00\xffnot json")
    assert store.newest_good_backup() == backups_dir / "focus-2026-11-23.json"
    (backups_dir / "focus-2026-11-23.json").write_bytes(b"")
    assert store.newest_good_backup() == backups_dir / "focus-2026-11-22.json"
    future = json.loads((backups_dir / "focus-2026-11-22.json").read_bytes())
    future["meta"]["1"]["schema"] = 99
    (backups_dir / "focus-2026-11-22.json").write_bytes(json.dumps(future).encode())
    assert store.newest_good_backup() is None  # day 0 never made a backup: there was no file yet


# -- 7. corrupt shapes ----------------------------------------------------------------------------
CORRUPT: dict[str, tuple[Callable[[bytes], bytes], str]] = {
    "truncated": (lambda good: good[: len(good) // 2], "not valid focus-tui data"),
    "empty": (lambda good: b"", "empty"),
    "whitespace": (lambda good: b"  \n\t \r\n", "empty"),
    "binary junk": (lambda good: bytes(range(256)) * 3, "not valid focus-tui data"),
    "json list": (lambda good: b"[1, 2, 3]\n", "JSON list"),
    "object without meta": (lambda good: b'{"tasks": {"1": {"title": "x"}}}\n', "schema version"),
    "table not records": (lambda good: b'{"meta": {"1": {"schema": 1}}, "tasks": [1, 2]}', "not a set of records"),
    "schema 0": (lambda good: b'{"meta": {"1": {"schema": 0}}, "tasks": {}}', "cannot be upgraded"),
}


@pytest.mark.parametrize("shape", CORRUPT)
def test_corrupt_file_is_refused_untouched_naming_the_backup(two_tasks: Store, clock: FixedClock, shape: str) -> None:
    make_bad, reason = CORRUPT[shape]
    two_tasks.data_file.write_bytes(make_bad(two_tasks.data_file.read_bytes()))
    before = snapshot(two_tasks.data_dir)
    backup = two_tasks.backups_dir / "focus-2026-11-21.json"

    with pytest.raises(DataFileError) as raised:
        Store(two_tasks.data_dir, clock).open()

    error = raised.value
    assert error.path == two_tasks.data_file
    assert reason in error.reason
    assert error.backup == backup
    message = str(error)
    assert str(two_tasks.data_file) in message and str(backup) in message and reason in message
    assert "\n" not in message
    assert snapshot(two_tasks.data_dir) == before


def test_corrupt_file_without_backups_says_so(store: Store, clock: FixedClock) -> None:
    store.data_file.write_bytes(b"{")
    with pytest.raises(DataFileError, match="no good backup") as raised:
        Store(store.data_dir, clock).open()
    assert raised.value.backup is None
    assert store.data_file.read_bytes() == b"{"


def test_restore_moves_bad_files_aside_and_never_overwrites_one(two_tasks: Store, clock: FixedClock) -> None:
    data_dir = two_tasks.data_dir
    bad = b'{"meta": {"1": {"schema": 1}}, "tasks": {"1": {"tit'
    two_tasks.data_file.write_bytes(bad)
    backup = two_tasks.newest_good_backup()

    moved = Store(data_dir, clock).restore_backup(backup)
    assert moved is not None and moved.read_bytes() == bad
    assert two_tasks.data_file.read_bytes() == backup.read_bytes()
    # Restoring again in the same second must keep the first bad file too.
    moved_again = Store(data_dir, clock).restore_backup(backup)
    assert moved_again != moved
    assert moved.read_bytes() == bad
    assert sorted(path.name for path in data_dir.glob("focus.json.bad-*")) == sorted([moved.name, moved_again.name])
    assert titles(Store(data_dir, clock).open()) == ["one"]


# -- 8. archive ---------------------------------------------------------------------------------------
def test_old_finished_tasks_move_to_monthly_archives(data_dir: Path, clock: FixedClock) -> None:
    clock.set(at("2026-09-10T09:00:00"))
    store = Store(data_dir, clock).open()
    done = add(store, "done in September")
    dropped = add(store, "dropped in September")
    open_ids = [add(store, f"still {status}", day=date(2026, 9, 10)).id for status in ("todo", "doing", "blocked")]
    store.complete_task(done.id)
    store.edit_task(dropped.id, status="dropped")
    store.edit_task(open_ids[1], status="doing")
    store.block_task(open_ids[2], "resource")
    clock.set(at("2026-10-21T12:00:00"))
    thirty_one = add(store, "finished 31 days before")
    store.complete_task(thirty_one.id)
    clock.set(at("2026-10-22T12:00:00"))
    thirty = add(store, "finished 30 days before")
    store.complete_task(thirty.id)
    everything = store.tasks()

    clock.set(at("2026-11-21T09:30:00"))
    reopened = Store(data_dir, clock).open()

    archived_ids = {done.id, dropped.id, thirty_one.id}
    live = json.loads(store.data_file.read_bytes())["tasks"]
    assert sorted(int(key) for key in live) == sorted(open_ids + [thirty.id])
    september = json.loads((data_dir / "archive" / "tasks-2026-09.json").read_bytes())
    october = json.loads((data_dir / "archive" / "tasks-2026-10.json").read_bytes())
    assert sorted(september["docs"]) == sorted([str(done.id), str(dropped.id)])
    assert list(october["docs"]) == [str(thirty_one.id)]
    assert sorted(path.name for path in (data_dir / "archive").iterdir()) == ["tasks-2026-09.json", "tasks-2026-10.json"]

    assert [task.id for task in reopened.tasks()] == sorted(open_ids + [thirty.id])
    assert reopened.tasks(include_archived=True) == everything
    exported = export_data(reopened)["tables"]["tasks"]
    assert [record["id"] for record in exported] == [task.id for task in everything]
    assert archived_ids <= {record["id"] for record in exported}

    settled = snapshot(data_dir)
    Store(data_dir, clock).open()
    assert snapshot(data_dir) == settled


def test_archiving_later_adds_to_the_same_month_file(data_dir: Path, clock: FixedClock) -> None:
    clock.set(at("2026-09-10T09:00:00"))
    store = Store(data_dir, clock).open()
    early = add(store, "early")
    late = add(store, "late")
    store.complete_task(early.id)
    clock.set(at("2026-09-25T09:00:00"))
    store.complete_task(late.id)

    clock.set(at("2026-10-20T09:00:00"))
    first = Store(data_dir, clock).open()
    assert titles(first) == ["late"]
    clock.set(at("2026-11-21T09:30:00"))
    second = Store(data_dir, clock).open()

    archive = json.loads((data_dir / "archive" / "tasks-2026-09.json").read_bytes())
    assert [doc["title"] for doc in archive["docs"].values()] == ["early", "late"]
    assert titles(second) == []
    assert titles(second, include_archived=True) == ["early", "late"]


# -- 9. export and import -------------------------------------------------------------------------------
def _populate(data_dir: Path, clock: FixedClock) -> Store:
    clock.set(at("2026-09-01T08:00:00"))
    store = Store(data_dir, clock).open()
    add(store, "Straße 🚀 日本語 — ünïcödé", kind="email", minutes=25, category="planning",
        purpose="why: ∑ of things", notes="line one\nline two\twith tab")
    markup = add(store, "[bold]not bold[/bold] and [red]not red")
    gone = add(store, "to be removed")
    dropped = add(store, "[link=https://x]dropped[/link]")
    store.complete_task(markup.id)
    store.edit_task(dropped.id, status="dropped")
    store.remove_task(gone.id)
    clock.set(at("2026-11-21T09:30:00"))
    store = Store(data_dir, clock).open()  # archives the two finished in September
    today = store.today()
    doing = add(store, "open today *with* _markdown_", day=today, due=today + timedelta(days=3))
    store.edit_task(doing.id, status="doing")
    store.add_task(replace(new_task("from a newer version", clock.now()), extra={"colour": {"rgb": [1, 2, 3]}}))
    return store


def _comparable(export: dict[str, Any]) -> dict[str, Any]:
    assert isinstance(export.pop("exported_at"), str)
    return export


def test_export_import_round_trip(tmp_path: Path, clock: FixedClock) -> None:
    source = _populate(tmp_path / "source", clock)
    assert titles(source) != titles(source, include_archived=True)  # some are archived
    first_text = json.dumps(export_data(source), ensure_ascii=False, indent=2)
    first = json.loads(first_text)
    assert [record["id"] for record in first["tables"]["tasks"]] == [1, 2, 4, 5, 6]
    assert first["tables"]["tasks"][1]["title"] == "[bold]not bold[/bold] and [red]not red"

    target = Store(tmp_path / "target", clock).open()
    assert import_data(target, json.loads(first_text)) == {"tasks": 5}
    clock.advance(hours=1)
    second = export_data(target)
    assert second["exported_at"] != first["exported_at"]
    assert _comparable(second) == _comparable(json.loads(first_text))
    assert target.tasks() == source.tasks(include_archived=True)

    # Reopening archives the old ones in the target too; the export does not change.
    third = export_data(Store(tmp_path / "target", clock).open())
    assert _comparable(third) == _comparable(json.loads(first_text))
    assert add(target, "next").id == 7


def _task(**fields: Any) -> dict[str, Any]:
    return {"id": 1, "title": "fine", "created": NOW, "changed": NOW, **fields}


def _export(tasks: Any, **top: Any) -> dict[str, Any]:
    return {"format": "focus-tui-export", "format_version": 1, "tables": {"tasks": tasks}, **top}


BAD_IMPORTS: dict[str, Any] = {
    "not an object": [1, 2],
    "wrong format": {"format": "todo.txt", "format_version": 1, "tables": {"tasks": []}},
    "newer format": _export([_task()], format_version=2),
    "no tables": {"format": "focus-tui-export", "format_version": 1},
    "undo table": {"format": "focus-tui-export", "format_version": 1, "tables": {"undo": []}},
    "empty title": _export([_task(title="   ")]),
    "escape in title": _export([_task(title="\x1b[31mred")]),
    "title not text": _export([_task(title=42)]),
    "bad status": _export([_task(status="finished")]),
    "negative minutes": _export([_task(minutes=-5)]),
    "bad date": _export([_task(day="2026-13-45")]),
    "missing created": _export([{"id": 1, "title": "no dates"}]),
    "duplicate ids": _export([_task(), _task(title="other")]),
    "missing id": _export([{k: v for k, v in _task().items() if k != "id"}]),
    "id zero": _export([_task(id=0)]),
    "id is bool": _export([_task(id=True)]),
    "good then bad": _export([_task(), _task(id=2, title="")]),
    "nan in a field": _export([_task(score=float("nan"))]),
    "too deep in another table": {
        "format": "focus-tui-export", "format_version": 1,
        "tables": {"tasks": [_task()], "notes": [{"id": 1, "body": _nested(300)}]},
    },
}


@pytest.mark.parametrize("payload", BAD_IMPORTS.values(), ids=BAD_IMPORTS.keys())
@pytest.mark.parametrize("into", ["empty", "populated"])
def test_bad_import_writes_nothing(store: Store, clock: FixedClock, payload: Any, into: str) -> None:
    if into == "populated":
        add(store, "one")
        add(store, "two")
    before_files = snapshot(store.data_dir)
    before_tasks = store.tasks()

    with pytest.raises(StorageError) as raised:
        import_data(store, json.loads(json.dumps(payload)))

    if isinstance(raised.value, ImportProblem):
        assert "nothing was imported" in str(raised.value) or "upgrade" in str(raised.value)
    else:
        assert isinstance(raised.value, UnstorableValueError)
    assert snapshot(store.data_dir) == before_files
    assert store.tasks() == before_tasks
    assert Store(store.data_dir, clock).open().tasks() == before_tasks


def test_import_into_a_store_with_data_adds_new_ids_and_is_undoable(two_tasks: Store, clock: FixedClock) -> None:
    before = two_tasks.tasks()
    import_data(two_tasks, export_payload("x", "y"))
    assert [(task.id, task.title) for task in two_tasks.tasks()] == [(1, "one"), (2, "two"), (3, "x"), (4, "y")]
    assert Store(two_tasks.data_dir, clock).open().undo() == "import"
    two_tasks.reload()
    assert two_tasks.tasks() == before


def test_import_never_shadows_archived_tasks_or_reuses_their_ids(data_dir: Path, clock: FixedClock) -> None:
    clock.set(at("2026-09-01T09:00:00"))
    store = Store(data_dir, clock).open()
    for number in range(1, 4):
        store.complete_task(add(store, f"old {number}").id)
    clock.set(at("2026-11-21T09:30:00"))
    store = Store(data_dir, clock).open()
    assert titles(store) == [] and titles(store, include_archived=True) == ["old 1", "old 2", "old 3"]

    import_data(store, export_payload("imported"))  # ids 1 and next_id 2 in the file
    added = add(store, "added after")

    everything = store.tasks(include_archived=True)
    assert sorted(task.title for task in everything) == ["added after", "imported", "old 1", "old 2", "old 3"]
    assert len({task.id for task in everything}) == 5
    assert added.id > 3


def test_the_store_holds_the_version_it_knows_so_its_inode_cannot_be_reused(store: Store, clock: FixedClock) -> None:
    """Writers alternate between two inodes on some file systems; holding the known version open
    makes a same-size write within one timestamp tick still look like a change."""
    add(store, "one")
    other = Store(store.data_dir, clock).open()
    for title in ("two", "six", "ten"):  # same-size writes
        add(other, title)
        assert store.changed_on_disk()
        store.reload()
        assert not store.changed_on_disk()
    assert {task.title for task in store.tasks()} == {"one", "two", "six", "ten"}


def test_a_damaged_record_is_a_data_file_problem_not_a_crash(store: Store, clock: FixedClock) -> None:
    add(store, "fine")
    raw = json.loads(store.data_file.read_bytes())
    raw["tasks"]["1"]["created"] = "yesterday-ish"
    store.data_file.write_text(json.dumps(raw))
    fresh = Store(store.data_dir, clock).open()
    with pytest.raises(DataFileError, match="task 1 is damaged"):
        fresh.tasks()


def test_undo_still_reads_entries_in_the_pre_release_format(store: Store, clock: FixedClock) -> None:
    add(store, "kept")
    raw = json.loads(store.data_file.read_bytes())
    raw["tasks"]["2"] = dict(raw["tasks"]["1"], title="added by 0.1.0")
    raw["undo"] = {"5": {"at": "2026-11-21T09:30:00+00:00", "description": "add 'added by 0.1.0'",
                         "changes": [["tasks", 2, None]]}}
    store.data_file.write_text(json.dumps(raw))
    fresh = Store(store.data_dir, clock).open()
    assert fresh.undo() == "add 'added by 0.1.0'"
    assert [task.title for task in fresh.tasks()] == ["kept"]


json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=5),
                           lambda inner: st.lists(inner, max_size=4), max_leaves=8)
records = st.dictionaries(st.sampled_from(["title", "status", "progress", "steps", "extra"]), json_values, max_size=5)


@settings(max_examples=300, deadline=None)
@given(before=records, after=records, grown=st.lists(json_values, max_size=3))
def test_an_undo_patch_turns_any_record_back_into_its_earlier_state(before, after, grown) -> None:
    assert store_module.apply_undo_patch(after, store_module.undo_patch(before, after)) == before
    if isinstance(before.get("progress"), list):  # a list that only grew is cut back, not copied
        longer = dict(after, progress=before["progress"] + grown)
        patch = store_module.undo_patch(before, longer)
        assert store_module.apply_undo_patch(longer, patch) == before
        assert "progress" not in patch["set"] or not grown


def test_logging_progress_keeps_a_small_undo_entry_and_undo_restores_the_key_task(store: Store, clock: FixedClock) -> None:
    from focus_tui.domain.keytasks import log_progress, new_key_task
    from focus_tui.domain.periods import week_period

    key = store.set_key_task(new_key_task(week_period(clock.now().date()), "Sign-ups", clock.now(), target=1000))
    for _ in range(40):
        clock.advance(minutes=1)
        store.update_key_task(key.id, lambda current: log_progress(current, 5, clock.now(), store.today()), "log progress on")
    before_last = json.loads(store.data_file.read_bytes())["key_tasks"][str(key.id)]
    clock.advance(minutes=1)
    store.update_key_task(key.id, lambda current: log_progress(current, 7, clock.now(), store.today()), "log progress on")

    undo = json.loads(store.data_file.read_bytes())["undo"]
    newest = undo[max(undo, key=int)]
    assert len(json.dumps(newest)) < 400  # not the 40 earlier entries again
    fresh = Store(store.data_dir, clock).open()  # another process undoes it
    fresh.undo()
    assert json.loads(store.data_file.read_bytes())["key_tasks"][str(key.id)] == before_last
    assert fresh.key_task(key.id).done == 200


def test_undo_of_a_change_to_a_record_archived_since_brings_it_back_once(store: Store, clock: FixedClock) -> None:
    task = add(store, "finished, then regretted")
    store.complete_task(task.id)
    clock.advance(days=45)
    reopened = Store(store.data_dir, clock).open()  # moves the finished task to the archive
    assert reopened.tasks() == []
    assert reopened.undo() == "complete 'finished, then regretted'"
    everywhere = reopened.tasks(include_archived=True)
    assert [(t.title, t.status.value) for t in everywhere] == [("finished, then regretted", "todo")]
    assert reopened.archived_docs("tasks") == {}
    assert [t.title for t in Store(store.data_dir, clock).open().tasks()] == ["finished, then regretted"]


def test_writes_keep_the_file_mode_the_person_chose(store: Store) -> None:
    add(store, "one")
    os.chmod(store.data_file, 0o640)
    add(store, "two")
    assert stat.S_IMODE(os.stat(store.data_file).st_mode) == 0o640


def test_only_one_task_is_in_progress_whichever_way_it_is_started(store: Store) -> None:
    first, second = add(store, "first"), add(store, "second")
    store.start_task(first.id)
    store.edit_task(second.id, status="doing")  # the CLI's `focus edit ID --status doing`
    statuses = {task.title: task.status.value for task in store.tasks()}
    assert statuses == {"first": "todo", "second": "doing"}
    assert store.undo() == "start 'second'"
    assert {task.title: task.status.value for task in store.tasks()} == {"first": "doing", "second": "todo"}


def test_parsed_tasks_follow_every_change_undo_and_outside_write(store: Store, clock: FixedClock) -> None:
    """The parsed tasks are kept across changes and only the written ones re-parsed: each read
    here comes after an earlier read, so a copy kept too long would show up as a stale task."""
    def same_as_on_disk() -> None:
        fresh = Store(store.data_dir, clock).open()
        assert store.tasks() == fresh.tasks()
        for task in fresh.tasks():
            assert store.task(task.id) == task

    first, second = add(store, "first"), add(store, "second")
    same_as_on_disk()
    store.edit_task(first.id, title="first, edited")
    assert [task.title for task in store.tasks()] == ["first, edited", "second"]
    assert store.task(first.id).title == "first, edited"
    same_as_on_disk()
    store.complete_task(second.id)
    assert store.task(second.id).status.value == "done"
    store.undo()
    assert [(task.title, task.status.value) for task in store.tasks()] == [("first, edited", "todo"), ("second", "todo")]
    same_as_on_disk()
    store.remove_task(first.id)
    assert titles(store) == ["second"]
    store.undo()
    assert titles(store) == ["first, edited", "second"]
    same_as_on_disk()

    other = Store(store.data_dir, clock).open()
    other.edit_task(first.id, title="first, by B")  # another process; same task, no reload here yet
    store.reload()
    assert titles(store) == ["first, by B", "second"]
    assert store.task(first.id).title == "first, by B"
    other.edit_task(second.id, title="second, by B")
    store.edit_task(first.id, title="first, by A")  # reloads under the lock before changing
    assert titles(store) == ["first, by A", "second, by B"]
    same_as_on_disk()

    import_data(store, export_payload("imported"))
    assert titles(store) == ["first, by A", "second, by B", "imported"]
    store.undo()
    assert titles(store) == ["first, by A", "second, by B"]
    same_as_on_disk()


def test_parsed_tasks_roll_back_with_a_failed_write(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    task = add(store, "kept")
    assert titles(store) == ["kept"]

    def refuse(*_args: Any, **_kwargs: Any) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(WriteFailedError):
        with store.transaction("edit") as tx:
            tx.put("tasks", task.id, {**tx.get("tasks", task.id), "title": "never saved"})
            assert titles(store) == ["never saved"]  # read while the change is in progress
    assert titles(store) == ["kept"]
    assert store.task(task.id).title == "kept"


def test_parsed_tasks_drop_what_the_archive_took(store: Store, clock: FixedClock) -> None:
    old = add(store, "old")
    add(store, "recent")
    store.complete_task(old.id)
    assert titles(store) == ["old", "recent"]
    clock.advance(days=40)
    store.open()  # the same store opened later moves the old finished task to the archive
    assert titles(store) == ["recent"]
    assert titles(store, include_archived=True) == ["old", "recent"]


def test_parsed_records_of_other_tables_follow_changes_undo_and_outside_writes(store: Store, clock: FixedClock) -> None:
    """Blockers, batch runs and key tasks are also kept parsed between changes (Store.versions)."""
    task = add(store, "waiting on Ana")
    assert store.blockers() == []
    store.block_task(task.id, "people", note="Ana is away")
    assert [(b.note, b.is_open) for b in store.blockers()] == [("Ana is away", True)]
    store.unblock_task(task.id)
    assert [b.is_open for b in store.blockers()] == [False]
    store.undo()
    assert [b.is_open for b in store.blockers()] == [True]

    other = Store(store.data_dir, clock).open()
    other.unblock_task(task.id)
    before = store.versions("blockers")
    store.reload()
    assert store.versions("blockers") != before
    assert [b.is_open for b in store.blockers()] == [False]
    fresh = Store(store.data_dir, clock).open()
    assert store.blockers() == fresh.blockers()


def test_active_run_follows_starts_ends_undo_and_outside_writes(store: Store, clock: FixedClock) -> None:
    """active_run parses only runs without an end; it must still be the newest running one."""
    from focus_tui.domain.batching import BatchRun, end_run

    def run(kind: str) -> BatchRun:
        return BatchRun(kind=kind, planned=(), timebox=10, started=clock.now())

    assert store.active_run() is None
    first = store.start_batch(run("email"))
    assert store.active_run() == first
    store.update_run(first.id, lambda r: end_run(r, clock.now(), "done"), "end")
    assert store.active_run() is None
    second = store.start_batch(run("calls"))
    assert store.active_run() == second == store.batch_runs()[-1]
    store.undo()
    assert store.active_run() is None
    Store(store.data_dir, clock).open().start_batch(run("forms"))
    store.reload()
    assert store.active_run().kind == "forms"
    assert store.active_run() == [r for r in store.batch_runs() if r.is_running][-1]


def test_reading_what_the_board_shows_needs_no_tinydb_batching_or_rrule(store: Store, clock: FixedClock) -> None:
    """Each is imported on first use (~6 ms of a start together): opening the data and reading
    tasks, blockers, key tasks, routines and the running batch, or writing a change, needs none."""
    import subprocess
    import sys

    from focus_tui.domain.batching import BatchRun, end_run
    from focus_tui.domain.routines import new_routine

    task = add(store, "waiting on Ana", day=store.today())
    store.block_task(task.id, "people")
    started = store.start_batch(BatchRun(kind="email", planned=(), timebox=10, started=clock.now()))
    store.update_run(started.id, lambda r: end_run(r, clock.now(), "done"), "end")
    store.add_routine(new_routine("Friday report", "every friday", clock.now(), store.today()))  # a Saturday: not due
    code = (
        "import sys\n"
        "from focus_tui.domain.clock import FixedClock\n"
        "from focus_tui.domain.clock import parse_timestamp\n"
        "from focus_tui.storage import Store\n"
        f"store = Store({str(store.data_dir)!r}, FixedClock(parse_timestamp({NOW!r}))).open()\n"
        "store.tasks(); store.blockers(); store.key_tasks(); store.routines(); store.routine_states()\n"
        "assert store.active_run() is None and not store.ensure_routine_instances().created\n"
        "store.complete_task(store.tasks()[0].id)\n"
        "print(sorted(m for m in ('tinydb', 'focus_tui.domain.batching', 'dateutil.rrule') if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "[]", result.stderr
