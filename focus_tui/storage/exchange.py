"""The versioned JSON export (docs/data-format.md), its import, and a Markdown export for reading."""

from __future__ import annotations

from typing import Any

from focus_tui import __version__
from focus_tui.domain.clock import timestamp
from focus_tui.domain.tasks import Task, new_task, ranked
from focus_tui.domain.validation import ValidationError, clean_line
from focus_tui.storage.errors import StorageError
from focus_tui.domain.keytasks import KeyTask, edit_key_task
from focus_tui.domain.blockers import MAX_PERSON, Blocker, clean_note
from focus_tui.domain.okr import Objective
from focus_tui.domain.review import Review
from focus_tui.domain.routines import CheckedRoutine
from focus_tui.storage.routines import ROUTINES
from focus_tui.storage.store import BATCH_RUNS, BLOCKERS, INTERNAL_TABLES, KEY_TASKS, OBJECTIVES, REVIEWS, TASKS, Store

# Fields that hold ids of other records: remapped when an import adds records with new ids.
REFERENCES = {TASKS: {"key_task_id": KEY_TASKS, "routine_id": ROUTINES}, KEY_TASKS: {"parent_id": KEY_TASKS}, BLOCKERS: {"task_id": TASKS}}
# Lists of ids of other records, remapped the same way.
LIST_REFERENCES = {BATCH_RUNS: {"planned": TASKS, "done": TASKS, "skipped": TASKS}}

EXPORT_FORMAT = "focus-tui-export"
EXPORT_VERSION = 1


class ImportProblem(StorageError):
    """The file cannot be imported; nothing was written."""


def _data_tables(store: Store) -> list[str]:
    names = {name for name in store._db.storage.data if name not in INTERNAL_TABLES}
    if store.archive_dir.is_dir():
        names.update(path.name.rsplit("-", 2)[0] for path in store.archive_dir.glob("*-*-*.json"))
    return sorted(names | {TASKS})


def export_data(store: Store) -> dict[str, Any]:
    """Everything the person recorded, live and archived; config and undo history are left out."""
    tables: dict[str, list[dict[str, Any]]] = {}
    for name in _data_tables(store):
        docs = store.archived_docs(name)
        docs.update({doc.doc_id: dict(doc) for doc in store._table(name).all()})
        tables[name] = [{"id": doc_id, **doc} for doc_id, doc in sorted(docs.items())]
    counters = dict(store._meta().get("next_id", {}))
    counters.pop("undo", None)
    return {
        "format": EXPORT_FORMAT,
        "format_version": EXPORT_VERSION,
        "app_version": __version__,
        "exported_at": timestamp(store.clock.now()),
        "next_id": counters,
        "tables": tables,
    }


def _checked_task(record: dict[str, Any], where: str) -> dict[str, Any]:
    """Re-validate an imported task with the same rules as typed input."""
    try:
        task = Task.from_doc(record)
        fields = {name: getattr(task, name) for name in ("purpose", "notes", "category", "kind", "minutes", "status", "day", "due")}
        new_task(task.title, task.created, **fields)
    except ValidationError as error:
        raise ImportProblem(f"{where}: {error}; nothing was imported") from None
    except (KeyError, TypeError, ValueError) as error:
        raise ImportProblem(f"{where}: not a valid task ({error!s}); nothing was imported") from None
    return task.to_doc()


def _checked_key_task(record: dict[str, Any], where: str) -> dict[str, Any]:
    try:
        key = KeyTask.from_doc(record)
        edit_key_task(key, key.changed, text=key.text, purpose=key.purpose, objective=key.objective,
                      target=key.target, unit=key.unit)
    except ValidationError as error:
        raise ImportProblem(f"{where}: {error}; nothing was imported") from None
    except (KeyError, TypeError, ValueError) as error:
        raise ImportProblem(f"{where}: not a valid key task ({error!s}); nothing was imported") from None
    return key.to_doc()


def _checked_blocker(record: dict[str, Any], where: str) -> dict[str, Any]:
    try:
        blocker = Blocker.from_doc(record)
        clean_line(blocker.person, "person", MAX_PERSON)
        clean_note(blocker.note)
        clean_note(blocker.resolution, "resolution")
    except ValidationError as error:
        raise ImportProblem(f"{where}: {error}; nothing was imported") from None
    except (KeyError, TypeError, ValueError) as error:
        raise ImportProblem(f"{where}: not a valid blocker ({error!s}); nothing was imported") from None
    return blocker.to_doc()


def _checked_shape(model: Any, what: str) -> Any:
    """A checker for records with no typed input of their own: they must load as `model`."""
    def check(record: dict[str, Any], where: str) -> dict[str, Any]:
        try:
            return model.from_doc(record).to_doc()
        except (KeyError, TypeError, ValueError) as error:
            raise ImportProblem(f"{where}: not a valid {what} ({error!s}); nothing was imported") from None
    return check


CHECKERS = {
    TASKS: _checked_task, KEY_TASKS: _checked_key_task, BLOCKERS: _checked_blocker,
    REVIEWS: _checked_shape(Review, "review"), OBJECTIVES: _checked_shape(Objective, "objective"),
    ROUTINES: _checked_shape(CheckedRoutine, "routine"),
}


def _read_export(payload: Any) -> tuple[dict[str, dict[int, dict[str, Any]]], dict[str, int]]:
    if not isinstance(payload, dict) or payload.get("format") != EXPORT_FORMAT:
        raise ImportProblem("not a focus-tui export (no \"format\": \"focus-tui-export\"); nothing was imported")
    version = payload.get("format_version")
    if not isinstance(version, int) or version > EXPORT_VERSION:
        raise ImportProblem(f"export format version {version!r} is newer than this focus-tui reads ({EXPORT_VERSION}); upgrade focus-tui")
    raw_tables = payload.get("tables")
    if not isinstance(raw_tables, dict):
        raise ImportProblem("the export has no \"tables\" object; nothing was imported")
    tables: dict[str, dict[int, dict[str, Any]]] = {}
    for name, records in raw_tables.items():
        if name in INTERNAL_TABLES or not isinstance(records, list):
            raise ImportProblem(f"table {name!r} is not a list of records; nothing was imported")
        docs: dict[int, dict[str, Any]] = {}
        for index, record in enumerate(records):
            where = f"{name}[{index}]"
            if not isinstance(record, dict):
                raise ImportProblem(f"{where} is not an object; nothing was imported")
            record = dict(record)
            doc_id = record.pop("id", None)
            if isinstance(doc_id, bool) or not isinstance(doc_id, int) or doc_id < 1 or doc_id in docs:
                raise ImportProblem(f"{where} has a missing, invalid or repeated id; nothing was imported")
            checker = CHECKERS.get(name)
            docs[doc_id] = checker(record, where) if checker else record
        tables[name] = docs
    # A blocker needs its task: a merge would otherwise store it with no task id at all.
    task_ids = set(tables.get(TASKS, {}))
    for index, (doc_id, doc) in enumerate(tables.get(BLOCKERS, {}).items()):
        if doc["task_id"] not in task_ids:
            raise ImportProblem(f"blockers[{index}] (id {doc_id}) is for task {doc['task_id']}, which is not in the file; "
                                "nothing was imported")
    counters = payload.get("next_id") if isinstance(payload.get("next_id"), dict) else {}
    return tables, {k: v for k, v in counters.items() if isinstance(v, int) and not isinstance(v, bool)}


def import_data(store: Store, payload: Any) -> dict[str, int]:
    """Into an empty data dir the export is reproduced exactly, ids included. Into one that has
    data, records are added with new ids. One undoable change either way; returns counts."""
    tables, counters = _read_export(payload)
    with store.transaction("import") as tx:
        # Archived records count too: ids reproduced from the file must not shadow them.
        empty = not any(store._table(name).all() or store.archived_docs(name) for name in _data_tables(store))
        if empty:
            for name, docs in tables.items():
                tx.put_many(name, docs)
        else:
            new_ids = {name: {old: tx.new_id(name) for old in docs} for name, docs in tables.items()}
            for name, docs in tables.items():
                remapped = {}
                for old, doc in docs.items():
                    doc = dict(doc)
                    for field, target in REFERENCES.get(name, {}).items():
                        if doc.get(field) is not None:
                            doc[field] = new_ids.get(target, {}).get(doc[field])
                    for field, target in LIST_REFERENCES.get(name, {}).items():
                        mapping = new_ids.get(target, {})
                        doc[field] = [mapping[old] for old in doc.get(field) or () if old in mapping]
                    if name == OBJECTIVES:
                        key_ids = new_ids.get(KEY_TASKS, {})
                        doc["key_results"] = [{**kr, "key_task_id": key_ids.get(kr["key_task_id"])}
                                              if kr.get("key_task_id") is not None else kr
                                              for kr in doc.get("key_results") or ()]
                    remapped[new_ids[name][old]] = doc
                tx.put_many(name, remapped)
        if empty:
            meta_counters = store._meta().setdefault("next_id", {})
            for name, docs in tables.items():
                # Never lower a counter: ids of removed records (still in the undo log) stay unused.
                meta_counters[name] = max(meta_counters.get(name, 1), counters.get(name, 1), max(docs, default=0) + 1)
    return {name: len(docs) for name, docs in tables.items()}


def export_markdown(store: Store) -> str:
    """A readable summary: open work by day, then what was finished."""
    tasks = store.tasks(include_archived=True)
    lines = [f"# focus-tui export, {store.clock.now():%Y-%m-%d %H:%M}", ""]
    open_tasks = ranked([task for task in tasks if task.is_open])
    lines += ["## Open", ""]
    lines += [_markdown_line(task) for task in open_tasks] or ["(none)"]
    finished = sorted((task for task in tasks if not task.is_open), key=lambda t: t.finished or t.changed, reverse=True)
    lines += ["", "## Finished", ""]
    lines += [_markdown_line(task) for task in finished] or ["(none)"]
    return "\n".join(lines) + "\n"


def _markdown_line(task: Task) -> str:
    box = "[x]" if task.status.value == "done" else "[-]" if task.status.value == "dropped" else "[ ]"
    details = [task.category.value]
    if task.kind:
        details.append(f"#{task.kind}")
    if task.minutes:
        details.append(f"{task.minutes} min")
    if task.day:
        details.append(f"day {task.day.isoformat()}")
    if task.due:
        details.append(f"due {task.due.isoformat()}")
    if task.status.value in ("doing", "blocked"):
        details.append(task.status.value)
    title = task.title.replace("\\", "\\\\").replace("[", "\\[").replace("*", "\\*").replace("_", "\\_")
    return f"- {box} {title} ({', '.join(details)}) <!-- id {task.id} -->"
