"""taskwarrior's `task export` (a JSON array of task objects, as 2.6 writes it) read into tasks.

Each record is checked on its own: a malformed one is skipped with the reason, the rest are
imported. Deleted tasks and recurring templates are skipped on purpose (see docs/data-format.md).
The record's uuid is its origin key, so importing the same export again adds nothing.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime, timezone, tzinfo
from typing import Any

from focus_tui.domain.tasks import Category, Status, Task, new_task
from focus_tui.domain.validation import ValidationError, check_characters
from focus_tui.formats import (
    DUPLICATE, MALFORMED, Candidate, Parsed, Skipped, UnreadableFile, first_kind, notes_for, to_local,
)

ORIGIN = "taskwarrior"
DELETED = "deleted"
RECURRING = "recurring template"
CATEGORY_OF_PRIORITY = {"H": Category.PLANNING, "M": Category.ROUTINE, "L": Category.TRANSACTIONAL}
DATE_FIELDS = ("entry", "end", "due", "scheduled", "wait", "modified")
# Fields that become task fields or notes; every other field is kept in the task's `taskwarrior` object.
MAPPED = ("description", "status", "entry", "end", "due", "scheduled", "tags", "project", "annotations")
COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z")
UUID = re.compile(r"[0-9A-Za-z-]{1,64}")


class RecordProblem(ValueError):
    """Why one record cannot be imported."""


def looks_like_export(payload: Any) -> bool:
    """A JSON array of taskwarrior tasks: empty, or holding an object with a uuid or description."""
    return isinstance(payload, list) and (
        not payload or any(isinstance(item, dict) and ("uuid" in item or "description" in item) for item in payload))


def parse_moment(value: Any, field: str) -> datetime:
    """taskwarrior's `20261128T000000Z` (UTC), or an ISO 8601 moment with an offset."""
    if isinstance(value, str):
        compact = COMPACT.fullmatch(value)
        try:
            if compact:
                return datetime(*map(int, compact.groups()), tzinfo=timezone.utc)
            moment = datetime.fromisoformat(value)
            if moment.tzinfo is not None:
                return moment
        except ValueError:
            pass
    raise RecordProblem(f"{field} {value!r} is not a taskwarrior date (like 20261128T000000Z)")


def _text_list(record: dict[str, Any], field: str) -> list[str]:
    value = record.get(field)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise RecordProblem(f"{field} is not a list of words")
    return value


def _annotations(record: dict[str, Any], tz: tzinfo | None) -> list[str]:
    value = record.get("annotations")
    if value is None:
        return []
    if not isinstance(value, list):
        raise RecordProblem("annotations is not a list")
    lines = []
    for number, note in enumerate(value, start=1):
        if not isinstance(note, dict) or not isinstance(note.get("description"), str):
            raise RecordProblem(f"annotation {number} has no description")
        if note.get("entry") is None:
            lines.append(note["description"])
        else:
            day = to_local(parse_moment(note["entry"], f"annotation {number} entry"), tz).date()
            lines.append(f"{day.isoformat()}: {note['description']}")
    return lines


def record_task(record: dict[str, Any], now: datetime, tz: tzinfo | None = None) -> Task:
    """The task a pending, waiting or completed record becomes. Raises RecordProblem."""
    description = record.get("description")
    if not isinstance(description, str):
        raise RecordProblem("has no description")
    moments = {field: to_local(parse_moment(record[field], field), tz)
               for field in DATE_FIELDS if record.get(field) is not None}
    priority = record.get("priority")
    if priority is not None and not isinstance(priority, str):
        raise RecordProblem(f"priority {priority!r} is not text")
    project = record.get("project")
    if project is not None and not isinstance(project, str):
        raise RecordProblem(f"project {project!r} is not text")
    tags = _text_list(record, "tags")
    projects = [project] if project else []
    notes = notes_for(projects, _annotations(record, tz))
    # Shown on a day: scheduled for it, or waiting until it (hidden until then); the later wins.
    shown = [moments[field].date() for field in ("scheduled", "wait") if field in moments]
    done = record["status"] == "completed"
    try:
        task = new_task(
            description, now, category=CATEGORY_OF_PRIORITY.get(priority or "", Category.TRANSACTIONAL),
            kind=first_kind(tags), status=Status.DONE if done else Status.TODO, notes=notes,
            day=max(shown) if shown else None, due=moments["due"].date() if "due" in moments else None,
        )
        for label, text in (("project", project or ""), *((f"tag {n}", tag) for n, tag in enumerate(tags, start=1))):
            check_characters(label, text)
    except ValidationError as error:
        raise RecordProblem(str(error)) from None
    created = moments.get("entry", now)
    finished = (moments.get("end") or moments.get("modified") or now) if done else None
    kept = {key: value for key, value in record.items() if key not in MAPPED}
    extra: dict[str, Any] = {"origin": f"{ORIGIN}:{record['uuid']}", ORIGIN: kept}
    if projects:
        extra["projects"] = projects
    if tags:
        extra["contexts"] = list(tags)
    return replace(task, created=created, finished=finished, extra=extra)


def _where(number: int, record: Any) -> str:
    uuid = record.get("uuid") if isinstance(record, dict) else None
    return f"record {number} (uuid {uuid})" if isinstance(uuid, str) and UUID.fullmatch(uuid) else f"record {number}"


def parse_export(payload: Any, now: datetime, tz: tzinfo | None = None) -> Parsed:
    """Every record read, in order; `payload` is the decoded JSON. Raises UnreadableFile when it
    is not an array at all."""
    if not isinstance(payload, list):
        raise UnreadableFile("not a taskwarrior export (task export writes a JSON array of tasks)")
    candidates: list[Candidate] = []
    skipped: list[Skipped] = []
    seen: dict[str, int] = {}
    for number, record in enumerate(payload, start=1):
        where = _where(number, record)
        try:
            if not isinstance(record, dict):
                raise RecordProblem("is not a JSON object")
            uuid = record.get("uuid")
            if not isinstance(uuid, str) or not UUID.fullmatch(uuid):
                raise RecordProblem("has no valid uuid")
            status = record.get("status")
            if status == "deleted":
                skipped.append(Skipped(DELETED, "deleted in taskwarrior; not imported", number, where))
                continue
            if status == "recurring":
                recur = record.get("recur")
                every = f" (recur: {recur})" if isinstance(recur, str) else ""
                skipped.append(Skipped(RECURRING, f"a recurring template{every}; its instances are imported as "
                                       "tasks of their own (for repeating work use focus routines)", number, where))
                continue
            if status not in ("pending", "waiting", "completed"):
                raise RecordProblem(f"status {status!r} is not one of pending, waiting, completed, deleted, recurring")
            if uuid in seen:
                skipped.append(Skipped(DUPLICATE, f"the same uuid as record {seen[uuid]}", number, where))
                continue
            seen[uuid] = number
            candidates.append(Candidate(record_task(record, now, tz), number, where))
        except RecordProblem as problem:
            skipped.append(Skipped(MALFORMED, str(problem), number, where))
    return Parsed(tuple(candidates), tuple(skipped))

