"""The versioned JSON export (docs/data-format.md) and its import; imports from todo.txt and
taskwarrior; exports to todo.txt and Markdown (everything, a day, a week, the backlog).

Every import reads and checks the whole file first and then writes once, in one transaction, so
`focus undo` reverts it and a file that cannot be read writes nothing. Imported tasks carry an
origin key, and a record whose origin is already here (live or archived) is skipped: importing
the same file twice adds nothing.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import tzinfo
from pathlib import PurePath
from typing import Any

from focus_tui import __version__
from focus_tui.domain.clock import timestamp
from focus_tui.domain.periods import Period, Stage, quarter_period, week_period
from focus_tui.domain.tasks import Task, new_task
from focus_tui.domain.validation import ValidationError, clean_line
from focus_tui.formats import ALREADY_IMPORTED, MALFORMED, Candidate, Parsed, Skipped, UnreadableFile
from focus_tui.formats import markdown, taskwarrior, todotxt
from focus_tui.storage.errors import StorageError, UnstorableValueError
from focus_tui.storage.files import check_storable
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


class UnknownFormat(ImportProblem):
    """The file's format cannot be told from its name or content: name it with --from."""


def _data_tables(store: Store) -> list[str]:
    names = {name for name in store._storage.data if name not in INTERNAL_TABLES}
    if store.archive_dir.is_dir():
        names.update(path.name.rsplit("-", 2)[0] for path in store.archive_dir.glob("*-*-*.json"))
    return sorted(names | {TASKS})


def _all_docs(store: Store, name: str) -> dict[int, dict[str, Any]]:
    """A table's records, live and archived."""
    docs = store.archived_docs(name)
    docs.update({doc.doc_id: dict(doc) for doc in store._table(name).all()})
    return docs


def export_data(store: Store) -> dict[str, Any]:
    """Everything the person recorded, live and archived; config and undo history are left out."""
    tables: dict[str, list[dict[str, Any]]] = {}
    for name in _data_tables(store):
        tables[name] = [{"id": doc_id, **doc} for doc_id, doc in sorted(_all_docs(store, name).items())]
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


# Which of the file's records are already here, in a merge. A record's identity is what stays
# when it moves between data dirs: not its id. Tables are matched in this order, so a blocker's
# task is known by then.
MERGE_ORDER = (TASKS, KEY_TASKS, ROUTINES, OBJECTIVES, REVIEWS, BLOCKERS, BATCH_RUNS)


def _identity(name: str, doc: dict[str, Any], task_ids: dict[int, int] | None = None) -> Any:
    """`task_ids` maps a file's blocker to the store's task (None: the doc is the store's own)."""
    if name == TASKS:
        origin = doc.get("origin")
        return ("origin", origin) if isinstance(origin, str) else (doc.get("created"), doc.get("title"))
    if name == KEY_TASKS:
        return (doc.get("stage"), doc.get("period_start"), doc.get("created"), doc.get("text"))
    if name == ROUTINES:
        return str(doc.get("name", "")).casefold()
    if name == OBJECTIVES:
        return (doc.get("quarter_start"), doc.get("created"), doc.get("text"))
    if name == REVIEWS:
        return (doc.get("stage"), doc.get("period_start"))
    if name == BLOCKERS:
        task_id = doc.get("task_id") if task_ids is None else task_ids.get(doc.get("task_id"))
        return (task_id, doc.get("opened"), doc.get("cause"))
    if name == BATCH_RUNS:
        return (doc.get("started"), doc.get("kind"))
    return json.dumps(doc, sort_keys=True, default=str)


def _already_here(store: Store, tables: dict[str, dict[int, dict[str, Any]]]) -> dict[str, dict[int, int]]:
    """For each table of the file, its records that are already in the store: file id -> store id."""
    found: dict[str, dict[int, int]] = {}
    for name in sorted(tables, key=lambda table: (MERGE_ORDER + (table,)).index(table)):
        existing: dict[Any, int] = {}
        for doc_id, doc in sorted(_all_docs(store, name).items()):
            existing.setdefault(_identity(name, doc), doc_id)
        matches = ((old, existing.get(_identity(name, doc, found.get(TASKS, {})))) for old, doc in tables[name].items())
        found[name] = {old: doc_id for old, doc_id in matches if doc_id is not None}
    return found


def _is_empty(store: Store) -> bool:
    # Archived records count too: ids reproduced from the file must not shadow them.
    return not any(store._table(name).all() or store.archived_docs(name) for name in _data_tables(store))


def _focus_skipped(tables: dict[str, dict[int, dict[str, Any]]], found: dict[str, dict[int, int]]) -> list[Skipped]:
    skipped = []
    position = 0  # across tables, in file order
    for name, docs in tables.items():
        for index, old in enumerate(docs):
            position += 1
            if old in found.get(name, {}):
                skipped.append(Skipped(ALREADY_IMPORTED, f"already here as {name} id {found[name][old]}",
                                       position, f"{name}[{index}] (id {old})"))
    return skipped


def _merge_focus(store: Store, payload: Any, *, dry_run: bool = False) -> tuple[dict[str, int], list[Skipped]]:
    """Into an empty data dir the export is reproduced exactly, ids included. Into one that has
    data, records not already here are added with new ids, and references follow them (to the
    record already here, for one that was skipped). One undoable change either way."""
    tables, counters = _read_export(payload)
    if dry_run:
        found = {} if _is_empty(store) else _already_here(store, tables)
        return ({name: len(docs) - len(found.get(name, {})) for name, docs in tables.items()},
                _focus_skipped(tables, found))
    with store.transaction("import") as tx:
        if _is_empty(store):
            for name, docs in tables.items():
                tx.put_many(name, docs)
            meta_counters = store._meta().setdefault("next_id", {})
            for name, docs in tables.items():
                # Never lower a counter: ids of removed records (still in the undo log) stay unused.
                meta_counters[name] = max(meta_counters.get(name, 1), counters.get(name, 1), max(docs, default=0) + 1)
            return {name: len(docs) for name, docs in tables.items()}, []
        found = _already_here(store, tables)
        new_ids = {name: {old: tx.new_id(name) for old in docs if old not in found[name]} for name, docs in tables.items()}
        mapping = {name: {**found[name], **new_ids[name]} for name in tables}
        for name, docs in tables.items():
            remapped = {}
            for old, doc in docs.items():
                if old in found[name]:
                    continue
                doc = dict(doc)
                for field_name, target in REFERENCES.get(name, {}).items():
                    if doc.get(field_name) is not None:
                        doc[field_name] = mapping.get(target, {}).get(doc[field_name])
                for field_name, target in LIST_REFERENCES.get(name, {}).items():
                    ids = mapping.get(target, {})
                    doc[field_name] = [ids[old_id] for old_id in doc.get(field_name) or () if old_id in ids]
                if name == OBJECTIVES:
                    key_ids = mapping.get(KEY_TASKS, {})
                    doc["key_results"] = [{**kr, "key_task_id": key_ids.get(kr["key_task_id"])}
                                          if kr.get("key_task_id") is not None else kr
                                          for kr in doc.get("key_results") or ()]
                remapped[new_ids[name][old]] = doc
            if remapped:
                tx.put_many(name, remapped)
    return {name: len(ids) for name, ids in new_ids.items()}, _focus_skipped(tables, found)


def import_data(store: Store, payload: Any) -> dict[str, int]:
    """Import a focus-tui export (see `_merge_focus`); returns how many records of each table were added."""
    return _merge_focus(store, payload)[0]


# -- imports from other tools ------------------------------------------------------------------
FORMATS = {"focus": "focus-tui export", "todotxt": "todo.txt", "taskwarrior": "taskwarrior export"}
TEXT_SUFFIXES = ("", ".txt", ".todo")


@dataclass
class ImportReport:
    """What an import did (or, dry, would do): counted for the summary, and record by record."""

    name: str
    source: str
    dry_run: bool
    imported: list[tuple[Candidate, int | None]] = field(default_factory=list)
    """Each task imported with its new id (None in a dry run), in file order."""
    skipped: list[Skipped] = field(default_factory=list)
    tables: dict[str, int] = field(default_factory=dict)
    """For a focus-tui export: records added by table."""

    @property
    def count(self) -> int:
        return sum(self.tables.values()) if self.source == "focus" else len(self.imported)

    @property
    def malformed(self) -> int:
        return sum(1 for skip in self.skipped if skip.reason == MALFORMED)

    def summary(self) -> str:
        """`imported 12, skipped 3 (already imported 2, malformed 1) from todo.txt (todo.txt)`."""
        verb, skip = ("would import", "skip") if self.dry_run else ("imported", "skipped")
        text = f"{verb} {self.count}"
        if self.source == "focus" and self.count:
            text += " (" + ", ".join(f"{name} {count}" for name, count in self.tables.items() if count) + ")"
        if self.skipped:
            reasons = Counter(skip.reason for skip in self.skipped)
            order = [ALREADY_IMPORTED, MALFORMED] + sorted(set(reasons) - {ALREADY_IMPORTED, MALFORMED})
            text += f", {skip} {len(self.skipped)} (" + ", ".join(f"{r} {reasons[r]}" for r in order if r in reasons) + ")"
        text += f" from {self.name} ({FORMATS[self.source]})"
        if self.dry_run:
            return text + "; dry run, nothing was written"
        return text + ("; focus undo reverts it" if self.count else "")

    def lines(self) -> list[str]:
        """One line per record, in file order: what it became, or why it was skipped."""
        rows: list[tuple[int, str]] = []
        for candidate, task_id in self.imported:
            became = f"task {task_id}" if task_id is not None else "would be a task"
            rows.append((candidate.position, f"{candidate.where(self.name)}: {became}: {_mapped(candidate.task)}"))
        rows += [(skip.position, f"{skip.where(self.name)}: skipped: {skip.problem}") for skip in self.skipped]
        return [row for _, row in sorted(rows, key=lambda row: row[0])]


def _mapped(task: Task) -> str:
    """`"Call Mom" -> planning, #phone, day 2026-11-24, due 2026-11-28, done`."""
    parts = [task.category.value]
    if task.kind:
        parts.append(f"#{task.kind}")
    parts.append(f"day {task.day.isoformat()}" if task.day else "backlog")
    if task.due:
        parts.append(f"due {task.due.isoformat()}")
    if not task.is_open:
        parts.append(task.status.value)
    return f"{json.dumps(task.title, ensure_ascii=False)} → {', '.join(parts)}"


def _decode(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise ImportProblem(f"{name} is not UTF-8 text (byte 0x{raw[error.start]:02x} on line {line}, at offset "
                            f"{error.start}); nothing was imported") from None


def _json(text: str, name: str) -> Any:
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as error:
        reason = "nested too deeply" if isinstance(error, RecursionError) else str(error)
        raise ImportProblem(f"{name} is not valid JSON ({reason}); nothing was imported") from None


def detect(text: str, name: str, source: str | None = None) -> tuple[str, Any]:
    """The file's format and its content (decoded JSON, or the text): `source` when given, else a
    focus-tui export or a taskwarrior array by content, else todo.txt for a .txt, .todo or
    extension-less name (and standard input)."""
    if source == "todotxt":
        return source, text
    if source in ("focus", "taskwarrior"):
        return source, _json(text, name)
    suffix = PurePath(name).suffix.lower()
    if suffix == ".json" or text.lstrip()[:1] in ("{", "["):
        try:
            payload = json.loads(text)
        except (ValueError, RecursionError):
            if suffix == ".json" or suffix not in TEXT_SUFFIXES:
                _json(text, name)  # raises, saying why
            payload = text
        if payload is not text:
            if isinstance(payload, dict) and payload.get("format") == EXPORT_FORMAT:
                return "focus", payload
            if taskwarrior.looks_like_export(payload):
                return "taskwarrior", payload
            raise ImportProblem(f'{name} is not a focus-tui export (no "format": "{EXPORT_FORMAT}") nor a taskwarrior '
                                "export (a JSON array of tasks); nothing was imported")
    if suffix in TEXT_SUFFIXES:
        return "todotxt", text
    raise UnknownFormat(f"cannot tell the format of {name}; name it with --from focus, --from todotxt or --from taskwarrior")


def _storable(parsed: Parsed) -> tuple[list[Candidate], list[Skipped]]:
    """Candidates whose record JSON can hold; a value it cannot (a lone surrogate, a huge number
    in a kept field) makes that record malformed instead of failing the whole write."""
    fine, skipped = [], list(parsed.skipped)
    for candidate in parsed.candidates:
        try:
            check_storable(candidate.task.to_doc(), "the record")
        except UnstorableValueError as error:
            skipped.append(Skipped(MALFORMED, str(error), candidate.position, candidate.record))
        else:
            fine.append(candidate)
    return fine, skipped


def _not_yet_imported(store: Store, candidates: list[Candidate]) -> tuple[list[Candidate], list[Skipped]]:
    """Candidates whose origin is not here yet, live or archived; the others are skipped."""
    origins: dict[str, int] = {}
    for doc_id, doc in sorted(_all_docs(store, TASKS).items()):
        if isinstance(doc.get("origin"), str):
            origins.setdefault(doc["origin"], doc_id)
    fresh, skipped = [], []
    for candidate in candidates:
        if candidate.origin in origins:
            skipped.append(Skipped(ALREADY_IMPORTED, f"already imported as task {origins[candidate.origin]}",
                                   candidate.position, candidate.record))
        else:
            fresh.append(candidate)
    return fresh, skipped


def import_file(store: Store, raw: bytes, name: str, *, source: str | None = None, dry_run: bool = False,
                tz: tzinfo | None = None) -> ImportReport:
    """Import a focus-tui export, a todo.txt file or a taskwarrior export (`source`, or detected).
    Raises ImportProblem, writing nothing, when the file cannot be read as a whole; records that
    are malformed, already imported or not importable are skipped and reported. `tz` is the zone
    dates are read in (default: the machine's)."""
    kind, content = detect(_decode(raw, name), name, source)
    report = ImportReport(name=name, source=kind, dry_run=dry_run)
    if kind == "focus":
        report.tables, report.skipped = _merge_focus(store, content, dry_run=dry_run)
        return report
    now = store.clock.now()
    try:
        parsed = todotxt.parse_file(content, now, tz) if kind == "todotxt" else taskwarrior.parse_export(content, now, tz)
    except UnreadableFile as error:
        raise ImportProblem(f"{name}: {error}; nothing was imported") from None
    candidates, report.skipped = _storable(parsed)
    if dry_run:
        fresh, already = _not_yet_imported(store, candidates)
        report.imported = [(candidate, None) for candidate in fresh]
    else:
        with store.transaction(f"import from {name}") as tx:
            fresh, already = _not_yet_imported(store, candidates)  # under the lock: the freshest data
            ids = {tx.new_id(TASKS): candidate for candidate in fresh}
            if ids:
                tx.put_many(TASKS, {task_id: candidate.task.to_doc() for task_id, candidate in ids.items()})
            tx.description = f"import {len(ids)} task{'' if len(ids) == 1 else 's'} from {name}"
        report.imported = [(candidate, task_id) for task_id, candidate in ids.items()]
    report.skipped = sorted(report.skipped + already, key=lambda skip: skip.position)
    return report


# -- exports to other formats --------------------------------------------------------------------
def export_markdown(store: Store) -> str:
    """A readable summary: open work ranked, then what was finished."""
    return markdown.everything(store.tasks(include_archived=True), store.clock.now())


def export_markdown_period(store: Store, period: Period, *, week_start: int = 0, fiscal_start_month: int = 1) -> str:
    """A day or a week: its key tasks and those of the stages above, and the tasks planned for it."""
    above = [quarter_period(period.start, fiscal_start_month)]
    if period.stage is Stage.DAY:
        above.append(week_period(period.start, week_start))
    return markdown.period_page(period, store.tasks(include_archived=True), store.key_tasks(include_archived=True),
                                [*above, period], store.today(), store.day_start_hour)


def export_markdown_backlog(store: Store) -> str:
    return markdown.backlog_page(store.tasks(), store.clock.now())


def export_todotxt(store: Store, *, everything: bool = False) -> str:
    """Open tasks as todo.txt lines; `everything` adds done and dropped ones, archived included."""
    tasks = store.tasks(include_archived=everything)
    return todotxt.render_tasks(task for task in tasks if everything or task.is_open)
