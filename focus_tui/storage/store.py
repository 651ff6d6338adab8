"""The one place that reads and writes focus-tui data, through TinyDB over a crash-safe file.

Every change is one locked read-modify-write: take the inter-process lock, reload if another
process wrote since we last looked, apply the change in memory, write the whole file atomically,
record how to undo it. Readers never need the lock because writes replace the file atomically.
"""

from __future__ import annotations

import errno
import os
from contextlib import contextmanager
from dataclasses import replace as dataclass_replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Callable, Iterator

from focus_tui.domain.clock import Clock, DEFAULT_DAY_START_HOUR, SystemClock, timestamp, work_day
from focus_tui.domain.blockers import Blocker, Cause, edit_blocker, new_blocker, resolve_blocker
from focus_tui.domain.keytasks import KeyTask
from focus_tui.domain.periods import Period, Stage, period_end
from focus_tui.domain.tasks import Status, Task, edit_task
from focus_tui.domain.validation import ValidationError
from focus_tui.paths import DATA_FILE_NAME, DataLayout
from focus_tui.storage import backups
from focus_tui.storage.errors import (
    BusyError,
    DataFileError,
    BatchRunningError,
    KeyTaskExistsError,
    FutureSchemaError,
    NotFoundError,
    NothingToUndoError,
    ReadOnlyError,
    StorageError,
    WriteFailedError,
)
from focus_tui.storage.routines import ROUTINE_STATE, RoutineStore
from focus_tui.storage.files import (
    atomic_write,
    check_storable,
    decode,
    encode,
    file_signature,
    remove_stale_temp_files,
    temp_files,
)
from focus_tui.storage.schema import (
    META_ID,
    META_TABLE,
    SCHEMA_VERSION,
    ShapeError,
    empty_data,
    migrate,
    schema_of,
)

if TYPE_CHECKING:
    from filelock import FileLock
    from tinydb import TinyDB
    from tinydb.table import Table

    # Batch runs are parsed when a screen lists them; the board only asks for a running one.
    from focus_tui.domain.batching import BatchRun

    # Reviews and objectives are imported where they are read or written: the board's first
    # frame needs neither, and the review module alone is ~10 ms of every start.
    from focus_tui.domain.okr import Objective
    from focus_tui.domain.review import Review

TASKS = "tasks"
KEY_TASKS = "key_tasks"
BLOCKERS = "blockers"
BATCH_RUNS = "batch_runs"
REVIEWS = "reviews"
OBJECTIVES = "objectives"
UNDO = "undo"
UNDO_KEEP = 100
INTERNAL_TABLES = (META_TABLE, UNDO, ROUTINE_STATE)
LOCK_TIMEOUT_SECONDS = 10.0
ARCHIVE_FORMAT = "focus-tui-archive"


class _MemoryStorage:
    """The data the Store loaded, and TinyDB's storage over it (a tinydb Storage in all but name:
    subclassing it would import TinyDB at every start, ~3 ms, when reads go to the dict itself).
    Disk I/O is the Store's job, so that one change touching several tables is written once,
    atomically, under the lock."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data

    def read(self) -> dict[str, Any]:
        return self.data

    def write(self, data: dict[str, Any]) -> None:
        self.data = data

    def close(self) -> None:
        pass


def undo_patch(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """What turns `after` back into `before`: fields to set, fields to drop, and lists that only
    grew, to cut back to their earlier length (a progress log gains one entry per amount)."""
    patch: dict[str, Any] = {"set": {}, "drop": [field for field in after if field not in before], "cut": {}}
    for field, earlier in before.items():
        now = after.get(field, _MISSING)
        if now == earlier:
            continue
        if isinstance(earlier, list) and isinstance(now, list) and len(now) > len(earlier) \
                and now[:len(earlier)] == earlier:
            patch["cut"][field] = len(earlier)
        else:
            patch["set"][field] = earlier
    return patch


def apply_undo_patch(after: dict[str, Any], patch: dict[str, Any]) -> dict[str, Any]:
    doc = {field: value for field, value in after.items() if field not in patch["drop"]}
    for field, length in patch["cut"].items():
        doc[field] = doc[field][:length]
    doc.update(patch["set"])
    return doc


_MISSING = object()


class Transaction:
    """One change in progress. Records each record's state before its first change, for undo.
    A plain class: as a dataclass, creating it was ~0.5 ms of every start, for a repr and an
    equality nothing uses."""

    def __init__(self, store: "Store", description: str) -> None:
        self.store = store
        self.description = description
        self.before: dict[tuple[str, int], dict[str, Any] | None] = {}

    def table(self, name: str) -> Table:
        return self.store._table(name)

    # get and all copy from the loaded data, as TinyDB's get and all (and a dict() of each) did,
    # without its Document copies: about half the cost, and a change needs no TinyDB.
    def get(self, table: str, doc_id: int) -> dict[str, Any] | None:
        doc = self.store._raw_table(table).get(str(doc_id))
        return dict(doc) if doc is not None else None

    def all(self, table: str) -> dict[int, dict[str, Any]]:
        return {int(key): dict(doc) for key, doc in self.store._raw_table(table).items()}

    def _remember(self, table: str, doc_id: int) -> None:
        if table == TASKS:  # every change passes here: only this task's parsed copy is stale now
            self.store._stale_task_ids.add(doc_id)
        self.store._table_changes[table] = self.store._table_changes.get(table, 0) + 1
        if table not in INTERNAL_TABLES and (table, doc_id) not in self.before:
            self.before[(table, doc_id)] = self.get(table, doc_id)

    def put(self, table: str, doc_id: int, doc: dict[str, Any]) -> None:
        check_storable(doc, f"{table} #{doc_id}")
        self._remember(table, doc_id)
        self.store._put_raw(table, doc_id, doc)

    def put_many(self, table: str, docs: dict[int, dict[str, Any]]) -> None:
        """Insert many new records in one pass (imports)."""
        for doc_id, doc in docs.items():
            check_storable(doc, f"{table} #{doc_id}")
            self._remember(table, doc_id)
        from tinydb.table import Document

        self.table(table).insert_multiple(Document(doc, doc_id=doc_id) for doc_id, doc in docs.items())

    def delete(self, table: str, doc_id: int) -> None:
        self._remember(table, doc_id)
        self.store._raw_table(table).pop(str(doc_id), None)

    def new_id(self, table: str) -> int:
        """Ids only grow, so an undone delete never collides with a later add. The counter lives
        in the meta record; the table is scanned only when a counter is missing."""
        counters = self.store._meta().setdefault("next_id", {})
        if table not in counters:
            counters[table] = max((int(key) for key in self.store._raw_table(table)), default=0) + 1
        doc_id = counters[table]
        counters[table] = doc_id + 1
        return doc_id


class Store(RoutineStore, DataLayout):
    """focus-tui's data in one directory: the live file, its lock, backups and archives."""

    def __init__(
        self,
        data_dir: Path,
        clock: Clock | None = None,
        *,
        day_start_hour: int = DEFAULT_DAY_START_HOUR,
        archive_after_days: int = 30,
        backups_keep: int = 14,
        lock_timeout: float = LOCK_TIMEOUT_SECONDS,
    ) -> None:
        self.data_dir = Path(data_dir)
        self.clock = clock or SystemClock()
        self.day_start_hour = day_start_hour
        self.archive_after_days = archive_after_days
        self.backups_keep = backups_keep
        self.lock_timeout = lock_timeout
        self.read_only = False
        self.notices: list[str] = []
        self._signature: tuple[int, int, int] | None = None
        # The open file of the version we last read or wrote. Files are only ever replaced, never
        # changed in place, and holding this keeps its inode from being reused by a later write:
        # so "same inode" reliably means "same version", even where timestamps are coarse.
        self._held: BinaryIO | None = None
        self._storage = _MemoryStorage(empty_data())
        self._tinydb: TinyDB | None = None
        """Made for the first TinyDB table operation (see _table): most starts need none."""
        self._live_tasks: list[Task] | None = None
        """The live tasks in id order, parsed once: the board, the header, blockers and reviews all
        ask for them after every change. A change re-parses only the tasks it wrote or removed
        (_stale_task_ids); data read from disk drops them all."""
        self._parsed_tasks: dict[int, Task] = {}
        self._stale_task_ids: set[int] = set()
        self._loads = 0
        self._table_changes: dict[str, int] = {}
        self._parsed_records: dict[str, tuple[tuple[int, ...], list]] = {}
        """Other tables' live records, parsed once per version of the table (see versions())."""
        self._running: tuple[tuple[int, ...], BatchRun | None] | None = None
        """active_run() for one version of the batch runs."""
        self._lock: FileLock | None = None
        """Made for the first write (see _locked): reading, and most opens, need no lock."""
        self._opened = False

    # -- locations: data_file, lock_file, backups_dir, archive_dir come from DataLayout
    def today(self) -> date:
        return work_day(self.clock.now(), self.day_start_hour)

    def reaches_archive(self, day: date) -> bool:
        """Whether finished work of `day` may already have moved to the archive files."""
        return day < self.today() - timedelta(days=max(self.archive_after_days - 1, 0))

    # -- opening and loading -----------------------------------------------------------------
    def open(self) -> "Store":
        """Load the data, cleaning up after any killed writer, migrating and archiving as needed.

        Raises DataFileError (and FutureSchemaError) without touching a bad file.
        """
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            if not self.data_dir.is_dir():
                raise StorageError(f"cannot create the data directory {self.data_dir}: {error.strerror}") from None
        self.read_only = not self._probe_writable()
        if self.read_only:
            self._load_from_disk(allow_migration_in_memory=True)
        else:
            archivable = self._read_without_lock()
            if archivable is None or archivable:
                with self._locked():
                    remove_stale_temp_files(self.data_dir)
                    remove_stale_temp_files(self.backups_dir)
                    remove_stale_temp_files(self.archive_dir)
                    if archivable is None or self.changed_on_disk():
                        self._load_from_disk()
                        archivable = None
                    self._archive_finished_work(archivable)
        self._opened = True
        return self

    def _read_without_lock(self) -> dict[str, dict[str, dict[int, dict[str, Any]]]] | None:
        """Open's first step: the data read without the lock, and what of it the archive should take
        (see _archivable); None when opening must write under the lock anyway: temp files a killed
        writer left, or a file of an older schema. Writers replace files atomically, so this reads
        a version some writer finished, as under the lock. Most opens have nothing to write, and
        then never take the lock, nor import filelock (~15 ms of a start, more of a CLI verb)."""
        if any(temp_files(directory) for directory in (self.data_dir, self.backups_dir, self.archive_dir)):
            return None
        if not self._load_from_disk(upgrade=False):
            return None  # an older schema: upgrading it writes, under the lock
        return self._archivable()

    def _probe_writable(self) -> bool:
        try:
            with open(self.lock_file, "a"):
                pass
        except OSError as error:
            if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
                return False
            raise StorageError(f"cannot use the data directory {self.data_dir}: {error.strerror}") from None
        return os.access(self.data_dir, os.W_OK)

    @contextmanager
    def _locked(self) -> Iterator[None]:
        from filelock import FileLock, Timeout

        if self._lock is None:
            self._lock = FileLock(str(self.lock_file), timeout=self.lock_timeout)
        try:
            self._lock.acquire()
        except Timeout:
            raise BusyError(self.lock_file, self.lock_timeout) from None
        try:
            yield
        finally:
            self._lock.release()

    def _parse(self, raw: bytes) -> dict[str, Any]:
        if not raw.strip():
            raise DataFileError(self.data_file, "the file is empty", backups.newest_good_backup(self.backups_dir))
        try:
            data = decode(raw)
            version = schema_of(data)
        except (ValueError, ShapeError) as error:
            reason = f"it is not valid focus-tui data ({error})"
            raise DataFileError(self.data_file, reason, backups.newest_good_backup(self.backups_dir)) from None
        if version > SCHEMA_VERSION:
            raise FutureSchemaError(self.data_file, version, SCHEMA_VERSION)
        return data

    def _load_from_disk(self, *, allow_migration_in_memory: bool = False, upgrade: bool = True) -> bool:
        """Read the data file, upgrading one of an older schema. With upgrade=False such a file is
        left unread and False returned."""
        try:
            handle = open(self.data_file, "rb")
        except FileNotFoundError:
            self._set_data(empty_data(), None, None)
            return True
        except OSError as error:
            raise StorageError(f"cannot read {self.data_file}: {error.strerror}") from None
        try:
            stat = os.fstat(handle.fileno())
            raw = handle.read()
            data = self._parse(raw)
        except BaseException:
            handle.close()
            raise
        if not upgrade and schema_of(data) < SCHEMA_VERSION:
            handle.close()
            return False
        self._set_data(data, (stat.st_ino, stat.st_mtime_ns, stat.st_size), handle)
        if schema_of(data) < SCHEMA_VERSION:
            self._storage.data = self._migrate(data, write=not allow_migration_in_memory)
        return True

    def _migrate(self, data: dict[str, Any], *, write: bool) -> dict[str, Any]:
        old = schema_of(data)
        try:
            migrated = migrate(data)
        except ShapeError as error:  # e.g. schema 0: there is no way to upgrade it
            raise DataFileError(self.data_file, f"it cannot be upgraded ({error})", backups.newest_good_backup(self.backups_dir)) from None
        if write:
            try:
                backup = backups.pre_migration_backup(self.data_file, self.backups_dir, old, SCHEMA_VERSION, self.clock.now())
            except OSError as error:
                raise WriteFailedError(self.backups_dir, error) from None
            self.notices.append(f"Data upgraded from schema {old} to {SCHEMA_VERSION}; the old file is kept at {backup}")
            self._write(migrated)
        return migrated

    def _set_data(self, data: dict[str, Any], signature: tuple[int, int, int] | None, held: BinaryIO | None) -> None:
        if data is not self._storage.data:
            # Read from disk (another process's version, or ours after a failed change): nothing
            # parsed before can be trusted. Our own write keeps the dict, whose changes were tracked.
            self._forget_parsed()
        self._storage.data = data
        self._signature = signature
        if self._held is not None:
            self._held.close()
        self._held = held

    def _forget_parsed(self) -> None:
        """Drop every parsed task and record: the data changed without a transaction recording how."""
        self._loads += 1  # any table may differ now: see versions()
        self._live_tasks = None
        self._parsed_tasks = {}
        self._stale_task_ids = set()

    def close(self) -> None:
        if self._held is not None:
            self._held.close()
            self._held = None

    def changed_on_disk(self) -> bool:
        """True when another process has written since we last read or wrote (one stat call)."""
        return file_signature(self.data_file) != self._signature

    def reload(self) -> None:
        self._load_from_disk(allow_migration_in_memory=self.read_only)

    def versions(self, *tables: str) -> tuple[int, ...]:
        """A token that stays the same while none of `tables` changed in memory: views built from
        them can be kept until it differs. Reading from disk changes every token."""
        return (self._loads, *(self._table_changes.get(table, 0) for table in tables))

    # -- writing -----------------------------------------------------------------------------
    def _write(self, data: dict[str, Any]) -> None:
        try:
            atomic_write(self.data_file, encode(data))
            held = open(self.data_file, "rb")
        except OSError as error:
            raise WriteFailedError(self.data_file, error) from None
        stat = os.fstat(held.fileno())
        self._set_data(data, (stat.st_ino, stat.st_mtime_ns, stat.st_size), held)

    @contextmanager
    def transaction(self, description: str, *, undoable: bool = True) -> Iterator[Transaction]:
        """Apply a change under the lock and write it once. If anything fails, nothing is written
        and the in-memory state is reloaded from the untouched file."""
        if self.read_only:
            raise ReadOnlyError(self.data_dir)
        with self._locked():
            if self.changed_on_disk():
                self._load_from_disk()
            tx = Transaction(self, description)
            try:
                yield tx
                if tx.before:
                    if undoable:
                        self._record_undo(tx)
                    try:
                        backups.ensure_daily_backup(self.data_file, self.backups_dir, self.today(), self.backups_keep)
                    except OSError as error:
                        raise WriteFailedError(self.backups_dir, error) from None
                    self._write(self._storage.data)
            except BaseException:
                self._load_from_disk()
                raise

    def _table(self, name: str) -> Table:
        if self._tinydb is None:
            from tinydb import TinyDB

            self._tinydb = TinyDB(storage=lambda: self._storage)
        return self._tinydb.table(name, cache_size=0)

    def _raw_table(self, name: str) -> dict[str, Any]:
        return self._storage.data.get(name, {})

    def _put_raw(self, table: str, doc_id: int, doc: dict[str, Any]) -> None:
        """Store one record in the loaded data, as TinyDB's insert and update would: a new record
        last, a changed one in place. Done here, not through TinyDB, because TinyDB copies the whole
        table twice for each insert, update or remove (to integer ids and back): about 1 ms of
        every change with ~500 live tasks."""
        raw = self._storage.data.setdefault(table, {})
        stored = raw.get(str(doc_id))
        if stored is None:
            raw[str(doc_id)] = dict(doc)
        else:
            stored.clear()
            stored.update(doc)

    def _meta(self) -> dict[str, Any]:
        return self._storage.data.setdefault(META_TABLE, {}).setdefault(META_ID, {"schema": SCHEMA_VERSION})

    def _record_undo(self, tx: Transaction) -> None:
        """Records created by the change are listed by id only (an import may create thousands);
        deleted ones keep their whole earlier state, changed ones only what changed (see
        undo_patch): a key task's progress log would otherwise be copied whole at every logged
        amount, and the undo entries grow the live file that every change writes."""
        created: dict[str, list[int]] = {}
        replaced: list[list[Any]] = []
        patched: list[list[Any]] = []
        for (table, doc_id), before in tx.before.items():
            after = self._raw_table(table).get(str(doc_id))
            if before is None:
                created.setdefault(table, []).append(doc_id)
            elif after is None:
                replaced.append([table, doc_id, before])
            else:
                patched.append([table, doc_id, undo_patch(before, after)])
        entry = {
            "at": timestamp(self.clock.now()),
            "description": tx.description,
            "created": created,
            "replaced": replaced,
            "patched": patched,
        }
        check_storable(entry, "undo entry")
        entry_id = tx.new_id(UNDO)
        self._put_raw(UNDO, entry_id, entry)
        entries = self._raw_table(UNDO)
        for stale in [key for key in entries if int(key) <= entry_id - UNDO_KEEP]:
            del entries[stale]

    def undo(self) -> str:
        """Reverse the newest change made by any process; returns what was undone."""
        archived: dict[str, set[int]] = {}
        with self.transaction("undo", undoable=False) as tx:
            entries = self._raw_table(UNDO)
            if not entries:
                raise NothingToUndoError("nothing to undo")
            newest_id = max(int(key) for key in entries)
            newest = entries[str(newest_id)]
            for table, doc_ids in newest.get("created", {}).items():
                for doc_id in doc_ids:
                    if tx.get(table, doc_id) is None:
                        archived.setdefault(table, set()).add(doc_id)  # finished work archived since
                    else:
                        tx.delete(table, doc_id)
            for table, doc_id, before in newest.get("replaced", []):
                tx.put(table, doc_id, before)
            for table, doc_id, patch in newest.get("patched", []):
                # The newest change is undone first, so the record is as this change left it: in
                # the live file, or in the archive if it has moved there since.
                after = tx.get(table, doc_id)
                if after is None:
                    after = self.archived_docs(table).get(doc_id)
                    archived.setdefault(table, set()).add(doc_id)
                if after is not None:
                    tx.put(table, doc_id, apply_undo_patch(after, patch))
            for table, doc_id, before in newest.get("changes", []):  # entries from 0.1.0 pre-releases
                if before is None:
                    tx.delete(table, doc_id)
                else:
                    tx.put(table, doc_id, before)
            tx.delete(UNDO, newest_id)
            description = newest["description"]
        # After the live file no longer lists the change: a crash in between leaves archived
        # copies behind (visible, never lost), not an undo entry pointing at nothing.
        for table, doc_ids in archived.items():
            self._remove_from_archive(table, doc_ids)
        return description

    def undo_history(self) -> list[str]:
        """Descriptions of undoable changes, newest first."""
        entries = sorted(self._table(UNDO).all(), key=lambda doc: doc.doc_id, reverse=True)
        return [entry["description"] for entry in entries]

    # -- tasks ---------------------------------------------------------------------------------
    def _record(self, model, doc: dict[str, Any], record_id: int, name: str):
        """A stored record as a domain object; one damaged by hand-editing is a data-file problem."""
        try:
            return model.from_doc(doc, record_id)
        except (KeyError, TypeError, ValueError) as error:
            reason = f"{name} {record_id} is damaged ({type(error).__name__}: {error})"
            raise DataFileError(self.data_file, reason, backups.newest_good_backup(self.backups_dir)) from None

    def _task(self, doc: dict[str, Any], task_id: int) -> Task:
        return self._record(Task, doc, task_id, "task")

    def tasks(self, *, include_archived: bool = False) -> list[Task]:
        if self._live_tasks is None or self._stale_task_ids:
            self._live_tasks = self._parse_live_tasks()
        if not include_archived:
            return list(self._live_tasks)
        live_ids = {task.id for task in self._live_tasks}
        archived = [self._task(doc, doc_id) for doc_id, doc in self.archived_docs(TASKS).items() if doc_id not in live_ids]
        return sorted(archived + self._live_tasks, key=lambda task: task.id)

    def _parse_live_tasks(self) -> list[Task]:
        live = self._raw_table(TASKS)
        if self._live_tasks is None:
            self._parsed_tasks = {int(key): self._task(doc, int(key)) for key, doc in live.items()}
        else:
            for task_id in self._stale_task_ids:
                doc = live.get(str(task_id))
                if doc is None:
                    self._parsed_tasks.pop(task_id, None)
                else:
                    self._parsed_tasks[task_id] = self._task(doc, task_id)
        self._stale_task_ids = set()
        return [self._parsed_tasks[task_id] for task_id in sorted(self._parsed_tasks)]

    def task(self, task_id: int) -> Task:
        if self._live_tasks is not None and task_id not in self._stale_task_ids and task_id in self._parsed_tasks:
            return self._parsed_tasks[task_id]
        doc = self._table(TASKS).get(doc_id=task_id)
        if doc is None:
            raise NotFoundError(f"no task with id {task_id}")
        return self._task(doc, task_id)

    def add_task(self, task: Task) -> Task:
        with self.transaction(f"add {_quote(task.title)}") as tx:
            task_id = tx.new_id(TASKS)
            tx.put(TASKS, task_id, task.to_doc())
        return Task.from_doc(task.to_doc(), task_id)

    def update_task(self, task_id: int, change: Callable[[Task], Task], verb: str) -> Task:
        """Apply `change` to the freshest copy of the task, under the lock. The undo log says
        `verb` and the title, e.g. "complete 'Reply to Ana'"."""
        with self.transaction(verb) as tx:
            doc = tx.get(TASKS, task_id)
            if doc is None:
                raise NotFoundError(f"no task with id {task_id}")
            updated = change(self._task(doc, task_id))
            tx.description = f"{verb} {_quote(updated.title)}"
            tx.put(TASKS, task_id, updated.to_doc())
        return updated

    def edit_task(self, task_id: int, **changes: Any) -> Task:
        """Putting a task in progress sends any other in-progress task back to to-do, in the same change."""
        now = self.clock.now()
        with self.transaction("edit") as tx:
            doc = tx.get(TASKS, task_id)
            if doc is None:
                raise NotFoundError(f"no task with id {task_id}")
            current = self._task(doc, task_id)
            updated = edit_task(current, now, today=self.today(), **changes)
            if "status" in changes and (updated.status is Status.BLOCKED) != (current.status is Status.BLOCKED):
                if updated.status is Status.BLOCKED:
                    raise ValidationError("status", "a task is blocked with a cause: use b on the board or focus block")
                # A task marked blocked before blockers were recorded has no blocker to resolve.
                if updated.is_open and self._open_blocker_ids(tx, task_id):
                    raise ValidationError("status", "resolve the blocker first: r on the blockers screen or focus unblock")
                self._close_blockers(tx, task_id, updated, now)
            if updated.status is Status.DOING:
                for other_id, other in tx.all(TASKS).items():
                    if other_id != task_id and other.get("status") == Status.DOING.value:
                        tx.put(TASKS, other_id, edit_task(self._task(other, other_id), now, status=Status.TODO).to_doc())
            verb = "start" if updated.status is Status.DOING and "status" in changes else "edit"
            tx.description = f"{verb} {_quote(updated.title)}"
            tx.put(TASKS, task_id, updated.to_doc())
        return updated

    def complete_task(self, task_id: int) -> Task:
        now = self.clock.now()
        with self.transaction("complete") as tx:
            doc = tx.get(TASKS, task_id)
            if doc is None:
                raise NotFoundError(f"no task with id {task_id}")
            updated = edit_task(self._task(doc, task_id), now, status=Status.DONE)
            tx.description = f"complete {_quote(updated.title)}"
            tx.put(TASKS, task_id, updated.to_doc())
            self._close_blockers(tx, task_id, updated, now)
        return updated

    @staticmethod
    def _open_blocker_ids(tx: Transaction, task_id: int) -> list[int]:
        return [bid for bid, doc in tx.all(BLOCKERS).items() if doc.get("task_id") == task_id and not doc.get("resolved")]

    def _close_blockers(self, tx: Transaction, task_id: int, task: Task, now: datetime) -> None:
        """Finishing or dropping blocked work closes its blocker, so nothing stays open for it."""
        for blocker_id in self._open_blocker_ids(tx, task_id):
            closed = resolve_blocker(self._blocker(tx.get(BLOCKERS, blocker_id), blocker_id), now,
                                     note=f"closed: the task was {task.status.value}")
            tx.put(BLOCKERS, blocker_id, closed.to_doc())

    def start_task(self, task_id: int) -> Task:
        """Mark a task in progress; only one task is in progress at a time."""
        return self.edit_task(task_id, status=Status.DOING)

    def set_positions(self, positions: dict[int, float]) -> None:
        """Store a manual order (from reorder_positions) in one change."""
        with self.transaction("reorder") as tx:
            for task_id, position in positions.items():
                doc = tx.get(TASKS, task_id)
                if doc is not None:
                    tx.put(TASKS, task_id, {**doc, "position": position})

    def remove_task(self, task_id: int) -> Task:
        with self.transaction("remove") as tx:
            doc = tx.get(TASKS, task_id)
            if doc is None:
                raise NotFoundError(f"no task with id {task_id}")
            task = self._task(doc, task_id)
            tx.description = f"remove {_quote(task.title)}"
            tx.delete(TASKS, task_id)
            # Its blockers go with it (undo brings them back): none may point at a missing task.
            for blocker_id, blocker_doc in tx.all(BLOCKERS).items():
                if blocker_doc.get("task_id") == task_id:
                    tx.delete(BLOCKERS, blocker_id)
        return task

    # -- key tasks -------------------------------------------------------------------------------
    def _key_task(self, doc: dict[str, Any], key_id: int) -> KeyTask:
        return self._record(KeyTask, doc, key_id, "key task")

    def _records(self, table: str, load, include_archived: bool) -> list:
        """Every record of a table in id order, the archived ones first read when asked for."""
        if not include_archived:
            return list(self._live_records(table, load))
        docs = self.archived_docs(table)
        docs.update({int(key): doc for key, doc in self._raw_table(table).items()})
        return [load(doc, record_id) for record_id, doc in sorted(docs.items())]

    def _live_records(self, table: str, load) -> list:
        """The live records of a table, parsed again only after the table changed: the board and
        the header read key tasks, blockers and batch runs after every change, mostly unchanged."""
        version = self.versions(table)
        parsed = self._parsed_records.get(table)
        if parsed is None or parsed[0] != version:
            raw = self._raw_table(table)
            parsed = (version, [load(raw[key], int(key)) for key in sorted(raw, key=int)])
            self._parsed_records[table] = parsed
        return parsed[1]

    def key_tasks(self, *, include_archived: bool = False) -> list[KeyTask]:
        return self._records(KEY_TASKS, self._key_task, include_archived)

    def key_task(self, key_id: int) -> KeyTask:
        doc = self._raw_table(KEY_TASKS).get(str(key_id))
        if doc is None:
            raise NotFoundError(f"no key task with id {key_id}")
        return self._key_task(doc, key_id)

    def current_key_task(self, period: Period) -> KeyTask | None:
        """The one key task of a period (the newest, should a replaced one linger)."""
        current = [
            self._key_task(doc, int(key_id))
            for key_id, doc in self._raw_table(KEY_TASKS).items()
            if doc.get("stage") == period.stage.value and doc.get("period_start") == period.start.isoformat()
            and not doc.get("replaced")
        ]
        return max(current, key=lambda key: key.id or 0) if current else None

    def set_key_task(self, key: KeyTask, *, replace: bool = False) -> KeyTask:
        """Make `key` the key task of its period. An existing one is kept as history when
        `replace` is given, and refused (KeyTaskExistsError) otherwise."""
        period_start = key.period_start.isoformat()
        with self.transaction(f"set {key.stage.value} key task {_quote(key.text)}") as tx:
            for key_id, doc in tx.all(KEY_TASKS).items():
                if doc.get("stage") == key.stage.value and doc.get("period_start") == period_start and not doc.get("replaced"):
                    if not replace:
                        raise KeyTaskExistsError(self._key_task(doc, key_id))
                    tx.put(KEY_TASKS, key_id, {**doc, "replaced": timestamp(self.clock.now())})
            key_id = tx.new_id(KEY_TASKS)
            tx.put(KEY_TASKS, key_id, key.to_doc())
            if replace:
                self._follow_replacement(tx, key.stage.value, period_start, key_id)
        return KeyTask.from_doc(key.to_doc(), key_id)

    def _follow_replacement(self, tx: Transaction, stage: str, period_start: str, new_id: int) -> None:
        """Key tasks that served the replaced one, and open tasks linked to it, now serve the new one."""
        replaced = {key_id for key_id, doc in tx.all(KEY_TASKS).items()
                    if doc.get("stage") == stage and doc.get("period_start") == period_start and doc.get("replaced")}
        for key_id, doc in tx.all(KEY_TASKS).items():
            if doc.get("parent_id") in replaced and not doc.get("replaced"):
                tx.put(KEY_TASKS, key_id, {**doc, "parent_id": new_id})
        for task_id, doc in tx.all(TASKS).items():
            if doc.get("key_task_id") in replaced and doc.get("status") in ("todo", "doing", "blocked"):
                tx.put(TASKS, task_id, {**doc, "key_task_id": new_id})
        for objective_id, doc in tx.all(OBJECTIVES).items():
            results = doc.get("key_results") or []
            if any(kr.get("key_task_id") in replaced for kr in results):
                moved = [{**kr, "key_task_id": new_id} if kr.get("key_task_id") in replaced else kr for kr in results]
                tx.put(OBJECTIVES, objective_id, {**doc, "key_results": moved})

    def _update_record(self, table: str, name: str, record_id: int, load: Callable, change: Callable, verb: str):
        """Apply `change` to the freshest copy of a record with a `text`, under the lock; the undo
        log says `verb` and the text, e.g. "log progress on 'Grow sign-ups'"."""
        with self.transaction(verb) as tx:
            doc = tx.get(table, record_id)
            if doc is None:
                raise NotFoundError(f"no {name} with id {record_id}")
            updated = change(load(doc, record_id))
            tx.description = f"{verb} {_quote(updated.text)}"
            tx.put(table, record_id, updated.to_doc())
        return updated

    def update_key_task(self, key_id: int, change: Callable[[KeyTask], KeyTask], verb: str) -> KeyTask:
        return self._update_record(KEY_TASKS, "key task", key_id, self._key_task, change, verb)

    # -- blockers --------------------------------------------------------------------------------
    def _blocker(self, doc: dict[str, Any], blocker_id: int) -> Blocker:
        return self._record(Blocker, doc, blocker_id, "blocker")

    def blockers(self, *, include_archived: bool = False) -> list[Blocker]:
        return self._records(BLOCKERS, self._blocker, include_archived)

    def open_blocker_of(self, task_id: int) -> Blocker | None:
        found = [b for b in self.blockers() if b.task_id == task_id and b.is_open]
        return found[-1] if found else None

    def block_task(self, task_id: int, cause: Cause | str, *, note: str | None = None,
                   person: str | None = None) -> Blocker:
        """The task becomes blocked and a blocker records why, in one change."""
        now = self.clock.now()
        with self.transaction("block") as tx:
            doc = tx.get(TASKS, task_id)
            if doc is None:
                raise NotFoundError(f"no task with id {task_id}")
            task = self._task(doc, task_id)
            blocker = new_blocker(task, cause, now, note=note, person=person)
            tx.description = f"block {_quote(task.title)} ({blocker.cause.value})"
            tx.put(TASKS, task_id, edit_task(task, now, status=Status.BLOCKED).to_doc())
            blocker_id = tx.new_id(BLOCKERS)
            tx.put(BLOCKERS, blocker_id, blocker.to_doc())
        return dataclass_replace(blocker, id=blocker_id)

    def unblock_task(self, task_id: int, *, note: str | None = None, root_fixed: bool | None = None) -> Blocker:
        """Resolve the task's open blocker; the task goes back to the ranked list as to-do."""
        now = self.clock.now()
        with self.transaction("unblock") as tx:
            doc = tx.get(TASKS, task_id)
            if doc is None:
                raise NotFoundError(f"no task with id {task_id}")
            task = self._task(doc, task_id)
            open_ids = self._open_blocker_ids(tx, task_id)
            if task.status is not Status.BLOCKED:
                raise ValidationError("task", f"{task.title!r} is not blocked")
            if not open_ids:
                raise ValidationError("task", f"{task.title!r} has no recorded blocker; set its status to todo instead")
            blocker_id = open_ids[-1]
            resolved = resolve_blocker(self._blocker(tx.get(BLOCKERS, blocker_id), blocker_id), now,
                                       note=note, root_fixed=root_fixed)
            tx.description = f"unblock {_quote(task.title)}"
            tx.put(BLOCKERS, blocker_id, resolved.to_doc())
            tx.put(TASKS, task_id, edit_task(task, now, status=Status.TODO).to_doc())
        return resolved

    def edit_blocker(self, blocker_id: int, **changes: Any) -> Blocker:
        now = self.clock.now()
        with self.transaction("edit blocker") as tx:
            doc = tx.get(BLOCKERS, blocker_id)
            if doc is None:
                raise NotFoundError(f"no blocker with id {blocker_id}")
            updated = edit_blocker(self._blocker(doc, blocker_id), now, **changes)
            tx.put(BLOCKERS, blocker_id, updated.to_doc())
        return updated

    # -- batch runs ------------------------------------------------------------------------------
    def _run(self, doc: dict[str, Any], run_id: int) -> BatchRun:
        from focus_tui.domain.batching import BatchRun

        return self._record(BatchRun, doc, run_id, "batch")

    def batch_runs(self, *, include_archived: bool = False) -> list[BatchRun]:
        return self._records(BATCH_RUNS, self._run, include_archived)

    def active_run(self) -> BatchRun | None:
        """The running batch, if any. Only runs without an end (is_running) are parsed: the board
        asks at every start, which then needs neither the finished runs nor, mostly, the batching
        module (~3 ms together)."""
        version = self.versions(BATCH_RUNS)
        if self._running is None or self._running[0] != version:
            raw = self._raw_table(BATCH_RUNS)
            running = [self._run(raw[key], int(key)) for key in sorted(raw, key=int) if not raw[key].get("ended")]
            self._running = (version, running[-1] if running else None)
        return self._running[1]

    def start_batch(self, run: BatchRun) -> BatchRun:
        with self.transaction(f"start the {run.kind} batch") as tx:
            for run_id, doc in tx.all(BATCH_RUNS).items():
                if not doc.get("ended"):
                    raise BatchRunningError(f"the {doc.get('kind')} batch is still running; stop it first")
            run_id = tx.new_id(BATCH_RUNS)
            tx.put(BATCH_RUNS, run_id, run.to_doc())
        return dataclass_replace(run, id=run_id)

    def update_run(self, run_id: int, change: Callable[[BatchRun], BatchRun], verb: str) -> BatchRun:
        with self.transaction(verb) as tx:
            doc = tx.get(BATCH_RUNS, run_id)
            if doc is None:
                raise NotFoundError(f"no batch with id {run_id}")
            updated = change(self._run(doc, run_id))
            tx.put(BATCH_RUNS, run_id, updated.to_doc())
        return updated

    def finish_batch_item(self, run_id: int, task_id: int) -> Task:
        """Done in a batch: the task is completed and the batch records it, in one change."""
        now = self.clock.now()
        with self.transaction("done in batch") as tx:
            doc, run_doc = tx.get(TASKS, task_id), tx.get(BATCH_RUNS, run_id)
            if doc is None or run_doc is None:
                raise NotFoundError(f"no task {task_id} in batch {run_id}")
            task = edit_task(self._task(doc, task_id), now, status=Status.DONE)
            tx.description = f"complete {_quote(task.title)}"
            tx.put(TASKS, task_id, task.to_doc())
            from focus_tui.domain.batching import mark_done

            tx.put(BATCH_RUNS, run_id, mark_done(self._run(run_doc, run_id), task_id).to_doc())
            self._close_blockers(tx, task_id, task, now)
        return task

    # -- reviews ---------------------------------------------------------------------------------
    def _review(self, doc: dict[str, Any], review_id: int) -> Review:
        from focus_tui.domain.review import Review

        return self._record(Review, doc, review_id, "review")

    @staticmethod
    def _review_id(docs: dict[Any, dict[str, Any]], stage: Stage, period_start: date) -> int | None:
        for review_id, doc in docs.items():
            if doc.get("stage") == stage.value and doc.get("period_start") == period_start.isoformat():
                return int(review_id)
        return None

    def review(self, stage: Stage, period_start: date) -> Review:
        """The written review of a period; an empty one when nothing was written. Old reviews are
        read from their month's archive file only."""
        live = self._raw_table(REVIEWS)
        review_id = self._review_id(live, stage, period_start)
        if review_id is not None:
            return self._review(live[str(review_id)], review_id)
        archived = self._archived_month(REVIEWS, period_start)
        review_id = self._review_id(archived, stage, period_start)
        if review_id is not None:
            return self._review(archived[review_id], review_id)
        from focus_tui.domain.review import Review

        return Review(stage, period_start)

    def reviews(self, *, include_archived: bool = False) -> list[Review]:
        return self._records(REVIEWS, self._review, include_archived)

    def _change_review(self, tx: Transaction, stage: Stage, period_start: date, change: Callable[[Review], Review]) -> Review:
        """Apply `change` to the period's review, creating it (or bringing it back from the archive,
        keeping its id) when needed."""
        review_id = self._review_id(tx.all(REVIEWS), stage, period_start)
        current = self._review(tx.get(REVIEWS, review_id), review_id) if review_id is not None else self.review(stage, period_start)
        updated = change(current)
        if review_id is None:
            review_id = current.id if current.id is not None else tx.new_id(REVIEWS)
        tx.put(REVIEWS, review_id, updated.to_doc())
        return dataclass_replace(updated, id=review_id)

    def write_review(self, stage: Stage, period_start: date, **written: Any) -> Review:
        """Save what the person wrote under some headings (highlights, shortcomings, ...)."""
        from focus_tui.domain.review import write_review

        now = self.clock.now()
        headings = ", ".join(written)
        with self.transaction(f"write the {stage.value} review ({headings})") as tx:
            return self._change_review(tx, stage, period_start, lambda review: write_review(review, now, **written))

    def save_standup(self, day: date, text: str | None) -> Review:
        """Keep the edited stand-up of a day; None or empty goes back to the generated one."""
        from focus_tui.domain.review import clean_standup

        now = self.clock.now()
        cleaned = clean_standup(text)
        with self.transaction("edit the stand-up") as tx:
            return self._change_review(tx, Stage.DAY, day,
                                       lambda review: dataclass_replace(review, standup=cleaned, changed=now))

    def write_standup_file(self, text: str) -> Path:
        """The stand-up as a file in the data dir, for when no clipboard reaches the terminal."""
        path = self.data_dir / "standup.txt"
        try:
            atomic_write(path, (text.rstrip("\n") + "\n").encode("utf-8"))
        except OSError as error:
            raise WriteFailedError(path, error) from None
        return path

    def needs_decision(self, day: date) -> list[Task]:
        """Unfinished work on a day's list that closing the day must decide about. Blocked tasks
        are not among them: they are parked with their blocker."""
        def on_list(task: Task) -> bool:
            # A task's own day wins over its due date: one moved on past `day` is decided.
            if task.day is not None:
                return task.day <= day
            return task.due is not None and task.due <= day

        return [task for task in self.tasks() if task.status in (Status.TODO, Status.DOING) and on_list(task)]

    def _decide(self, tx: Transaction, task_id: int, decision: str, next_day: date, now: datetime) -> Task:
        doc = tx.get(TASKS, task_id)
        if doc is None:
            raise NotFoundError(f"no task with id {task_id}")
        task = self._task(doc, task_id)
        if task.status not in (Status.TODO, Status.DOING):
            # Finished or blocked in another window while the day was being closed: leave it be.
            raise ValidationError("decision", f"{_quote(task.title)} is already {task.status.value}")
        if decision == "tomorrow":
            updated = edit_task(task, now, today=self.today(), day=next_day, status=Status.TODO)
        elif decision == "backlog":
            updated = edit_task(task, now, today=self.today(), day=None, status=Status.TODO)
        elif decision == "drop":
            updated = edit_task(task, now, status=Status.DROPPED)
        else:
            raise ValidationError("decision", f"{decision!r} is not one of tomorrow, backlog, drop")
        tx.put(TASKS, task_id, updated.to_doc())
        return updated

    def next_day_after(self, day: date) -> date:
        """Where "tomorrow" sends unfinished work when closing `day`: the day after it, or today
        when closing a day already past."""
        return max(day + timedelta(days=1), self.today())

    def decide_task(self, day: date, task_id: int, decision: str) -> Task:
        """One unfinished task of `day` goes to the next day, the backlog, or is dropped."""
        now = self.clock.now()
        with self.transaction(decision) as tx:
            task = self._decide(tx, task_id, decision, self.next_day_after(day), now)
            tx.description = f"{'move to ' if decision != 'drop' else ''}{decision} {_quote(task.title)}"
        return task

    def close_day(self, day: date, decisions: dict[int, str] | None = None) -> Review:
        """Apply the remaining decisions and mark the day closed, as one undoable change. Every
        unfinished task must have a decision: nothing is carried silently."""
        if day > self.today():
            raise ValidationError("day", f"{day.isoformat()} has not begun; only a day that has begun can be closed")
        decisions = dict(decisions or {})
        now = self.clock.now()
        with self.transaction(f"close {day.isoformat()}") as tx:
            pending = {task.id: task for task in self.needs_decision(day)}
            # Decisions about tasks finished elsewhere meanwhile are dropped, never applied.
            decisions = {task_id: choice for task_id, choice in decisions.items() if task_id in pending}
            undecided = [task for task in pending.values() if task.id not in decisions]
            if undecided:
                titles = ", ".join(_quote(task.title) for task in undecided[:3])
                raise ValidationError("close", f"{len(undecided)} unfinished task{'s' if len(undecided) != 1 else ''}"
                                      f" still need{'s' if len(undecided) == 1 else ''} a decision: {titles}")
            next_day = self.next_day_after(day)
            for task_id, decision in decisions.items():
                self._decide(tx, task_id, decision, next_day, now)
            return self._change_review(tx, Stage.DAY, day,
                                       lambda review: dataclass_replace(review, closed=now, changed=now))

    def reopen_day(self, day: date) -> Review:
        now = self.clock.now()
        with self.transaction(f"reopen {day.isoformat()}") as tx:
            return self._change_review(tx, Stage.DAY, day,
                                       lambda review: dataclass_replace(review, closed=None, changed=now))

    # -- objectives and key results ------------------------------------------------------------
    def _objective(self, doc: dict[str, Any], objective_id: int) -> Objective:
        from focus_tui.domain.okr import Objective

        return self._record(Objective, doc, objective_id, "objective")

    def objectives(self, quarter_start: date | None = None) -> list[Objective]:
        """The live objectives, or a quarter's, read from its archive file when it is long past."""
        found = self._records(OBJECTIVES, self._objective, False)
        if quarter_start is None:
            return found
        found = [objective for objective in found if objective.quarter_start == quarter_start]
        live_ids = {objective.id for objective in found}
        found += [self._objective(doc, doc_id) for doc_id, doc in sorted(self._archived_month(OBJECTIVES, quarter_start).items())
                  if doc_id not in live_ids and doc.get("quarter_start") == quarter_start.isoformat()]
        return found

    def objective(self, objective_id: int) -> Objective:
        doc = self._raw_table(OBJECTIVES).get(str(objective_id))
        if doc is None:
            raise NotFoundError(f"no objective with id {objective_id}")
        return self._objective(doc, objective_id)

    def add_objective(self, quarter_start: date, text: str) -> Objective:
        """Refused when the quarter already has three (counted under the lock, so two processes
        cannot make four)."""
        from focus_tui.domain.okr import new_objective

        now = self.clock.now()
        with self.transaction("add objective") as tx:
            existing = sum(1 for doc in tx.all(OBJECTIVES).values() if doc.get("quarter_start") == quarter_start.isoformat())
            objective = new_objective(quarter_start, text, now, existing)
            tx.description = f"add objective {_quote(objective.text)}"
            objective_id = tx.new_id(OBJECTIVES)
            tx.put(OBJECTIVES, objective_id, objective.to_doc())
        return dataclass_replace(objective, id=objective_id)

    def add_objectives(self, quarter_start: date, texts: list[str]) -> list[Objective]:
        """Several objectives as one change (drafted from a review's actions); the rule of three
        refuses the whole change rather than part of it."""
        from focus_tui.domain.okr import new_objective

        now = self.clock.now()
        made = []
        with self.transaction(f"draft {len(texts)} objectives") as tx:
            existing = sum(1 for doc in tx.all(OBJECTIVES).values() if doc.get("quarter_start") == quarter_start.isoformat())
            for text in texts:
                objective = new_objective(quarter_start, text, now, existing)
                objective_id = tx.new_id(OBJECTIVES)
                tx.put(OBJECTIVES, objective_id, objective.to_doc())
                made.append(dataclass_replace(objective, id=objective_id))
                existing += 1
        return made

    def update_objective(self, objective_id: int, change: Callable[[Objective], Objective], verb: str) -> Objective:
        return self._update_record(OBJECTIVES, "objective", objective_id, self._objective, change, verb)

    def remove_objective(self, objective_id: int) -> Objective:
        with self.transaction("remove objective") as tx:
            doc = tx.get(OBJECTIVES, objective_id)
            if doc is None:
                raise NotFoundError(f"no objective with id {objective_id}")
            objective = self._objective(doc, objective_id)
            tx.description = f"remove objective {_quote(objective.text)}"
            tx.delete(OBJECTIVES, objective_id)
        return objective

    # -- archive -------------------------------------------------------------------------------
    def _archive_file(self, table: str, period: str) -> Path:
        return self.archive_dir / f"{table}-{period}.json"

    def _read_archive(self, path: Path) -> dict[int, dict[str, Any]]:
        raw = decode(path.read_bytes())
        if not isinstance(raw, dict) or raw.get("format") != ARCHIVE_FORMAT or not isinstance(raw.get("docs"), dict):
            raise ValueError("not a focus-tui archive file")
        return {int(doc_id): doc for doc_id, doc in raw["docs"].items()}

    def archived_docs(self, table: str) -> dict[int, dict[str, Any]]:
        """Everything moved out of the live file, read lazily: history views and export use it."""
        docs: dict[int, dict[str, Any]] = {}
        if not self.archive_dir.is_dir():
            return docs
        for path in sorted(self.archive_dir.glob(f"{table}-*.json")):
            docs.update(self._read_archive_or_note(path))
        return docs

    def _archived_month(self, table: str, day: date) -> dict[int, dict[str, Any]]:
        """The archived records of `table` from the month of `day` (none if nothing was archived)."""
        path = self._archive_file(table, day.isoformat()[:7])
        return self._read_archive_or_note(path) if path.exists() else {}

    def _read_archive_or_note(self, path: Path) -> dict[int, dict[str, Any]]:
        """An unreadable archive file is reported and left as it is, never a crash of a read."""
        try:
            return self._read_archive(path)
        except (OSError, ValueError) as error:
            self.notices.append(f"archive file {path} could not be read ({error}); it was left as it is")
            return {}

    def _remove_from_archive(self, table: str, doc_ids: set[int]) -> None:
        """Undo of a change whose records have since moved to the archive takes them from there."""
        if not self.archive_dir.is_dir():
            return
        for path in sorted(self.archive_dir.glob(f"{table}-*.json")):
            try:
                raw = decode(path.read_bytes())
                docs = self._read_archive(path)
            except (OSError, ValueError):
                continue
            if not doc_ids & set(docs):
                continue
            kept = {str(doc_id): doc for doc_id, doc in sorted(docs.items()) if doc_id not in doc_ids}
            try:
                atomic_write(path, encode({**raw, "docs": kept}))
            except OSError as error:
                raise WriteFailedError(path, error) from None

    def _archive_month(self, table: str, doc: dict[str, Any], cutoff: str) -> str | None:
        """The archive month a record belongs to once it is old enough to leave the live file."""
        if table == TASKS:
            finished = doc.get("finished")
            if doc.get("status") in ("done", "dropped") and finished and finished[:10] < cutoff:
                return finished[:7]
        elif table == BATCH_RUNS:
            ended = doc.get("ended")
            if ended and ended[:10] < cutoff:
                return ended[:7]
        elif table == BLOCKERS:
            resolved = doc.get("resolved")
            if resolved and resolved[:10] < cutoff:
                return resolved[:7]
        elif table == REVIEWS:
            try:
                end = period_end(Stage(doc["stage"]), date.fromisoformat(doc["period_start"]))
            except (KeyError, ValueError):
                return None
            if end.isoformat() < cutoff:
                return doc["period_start"][:7]
        elif table == OBJECTIVES:
            # Kept live for a year after their quarter, so a late quarter review can still score them.
            try:
                end = period_end(Stage.QUARTER, date.fromisoformat(doc["quarter_start"]))
            except (KeyError, ValueError):
                return None
            if (end + timedelta(days=365)).isoformat() < cutoff:
                return doc["quarter_start"][:7]
        elif table == KEY_TASKS:
            try:
                end = period_end(Stage(doc["stage"]), date.fromisoformat(doc["period_start"]))
            except (KeyError, ValueError):
                return None
            if end.isoformat() < cutoff:
                return doc["period_start"][:7]
        return None

    def _archivable(self) -> dict[str, dict[str, dict[int, dict[str, Any]]]]:
        """Per table and archive month, the records in memory old enough to leave the live file."""
        cutoff = (self.today() - timedelta(days=self.archive_after_days)).isoformat()
        archivable: dict[str, dict[str, dict[int, dict[str, Any]]]] = {}
        for table in (TASKS, KEY_TASKS, BLOCKERS, BATCH_RUNS, REVIEWS, OBJECTIVES):
            by_month: dict[str, dict[int, dict[str, Any]]] = {}
            for key, doc in self._raw_table(table).items():
                month = self._archive_month(table, doc, cutoff)
                if month:
                    by_month.setdefault(month, {})[int(key)] = dict(doc)
            if by_month:
                archivable[table] = by_month
        return archivable

    def _archive_finished_work(self, archivable: dict[str, dict[str, dict[int, dict[str, Any]]]] | None = None) -> None:
        """Move finished tasks and ended key tasks older than the cutoff to per-month archive files,
        so the live file, rewritten on every change, stays small however long the history grows.
        `archivable`: _archivable() of the data in memory, when already known."""
        moved: dict[str, list[int]] = {}
        for table, by_month in (self._archivable() if archivable is None else archivable).items():
            for month, docs in sorted(by_month.items()):
                path = self._archive_file(table, month)
                try:
                    existing = self._read_archive(path) if path.exists() else {}
                    existing.update(docs)
                    self.archive_dir.mkdir(parents=True, exist_ok=True)
                    payload = {"format": ARCHIVE_FORMAT, "schema": SCHEMA_VERSION, "table": table, "period": month,
                               "docs": {str(doc_id): doc for doc_id, doc in sorted(existing.items())}}
                    atomic_write(path, encode(payload))
                except (OSError, ValueError) as error:
                    self.notices.append(f"could not archive to {path} ({error}); those records stay in the live file")
                    continue
                moved.setdefault(table, []).extend(docs)
        if moved:
            self._forget_parsed()  # removed here without a transaction to track them
            for table, ids in moved.items():
                self._table(table).remove(doc_ids=ids)
            try:
                self._write(self._storage.data)
            except WriteFailedError:
                # The archive files hold copies; the live file still has the originals, so no loss.
                self._load_from_disk()

    # -- repair ----------------------------------------------------------------------------------
    def restore_backup(self, backup: Path) -> Path | None:
        """Put `backup` in place of the data file. The current file is moved aside, never deleted;
        returns where it went."""
        if self.read_only or not self._probe_writable():  # restore runs without open()
            raise ReadOnlyError(self.data_dir)
        if not backups.is_good(backup):
            raise StorageError(f"{backup} is not a good focus-tui backup; nothing was changed")
        with self._locked():
            moved_to = None
            if self.data_file.exists():
                stem = f"{DATA_FILE_NAME}.bad-{self.clock.now():%Y%m%d-%H%M%S}"
                moved_to = self.data_file.with_name(stem)
                number = 1
                while moved_to.exists():  # two restores in one second must not overwrite the first
                    number += 1
                    moved_to = self.data_file.with_name(f"{stem}-{number}")
                try:
                    os.replace(self.data_file, moved_to)
                except OSError as error:
                    raise WriteFailedError(self.data_file, error) from None
            try:
                atomic_write(self.data_file, backup.read_bytes())
            except OSError as error:
                raise WriteFailedError(self.data_file, error) from None
            self._load_from_disk()
        return moved_to

    def newest_good_backup(self) -> Path | None:
        return backups.newest_good_backup(self.backups_dir)


def _quote(title: str, limit: int = 40) -> str:
    return repr(title if len(title) <= limit else title[: limit - 1] + "…")
