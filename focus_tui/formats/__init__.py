"""Other tools' formats: todo.txt and taskwarrior's `task export` read into tasks, todo.txt and
Markdown written from them. Pure parsing and rendering: nothing here touches storage, so an
import can read and check a whole file before a single byte is written."""

from __future__ import annotations

from datetime import date, datetime, time, tzinfo

from focus_tui.domain.records import record
from focus_tui.domain.tasks import Task
from focus_tui.domain.validation import ValidationError, clean_kind

# The reasons a record is skipped, as counted in the import summary.
MALFORMED = "malformed"
DUPLICATE = "repeated in the file"
ALREADY_IMPORTED = "already imported"


class Located:
    """Where a record is in its file: `position` is the line number (from 1), or in a file of
    records the record's number, with `record` naming it ("record 3 (uuid …)")."""

    position: int
    record: str | None

    def where(self, name: str) -> str:
        """`todo.txt:7` or `tw.json: record 3 (uuid …)`."""
        return f"{name}:{self.position}" if self.record is None else f"{name}: {self.record}"


@record
class Candidate(Located):
    """One record of the file, read and checked: the task it becomes (validated, without an id;
    `extra["origin"]` is the record's stable origin key)."""

    task: Task
    position: int
    record: str | None = None

    @property
    def origin(self) -> str:
        return str(self.task.extra["origin"])


@record
class Skipped(Located):
    """A record that is not imported: `reason` is the short word counted in the summary,
    `problem` the sentence shown for that record."""

    reason: str
    problem: str
    position: int
    record: str | None = None


@record
class Parsed:
    """Everything read from one file: tasks to import and records skipped, in file order."""

    candidates: tuple[Candidate, ...]
    skipped: tuple[Skipped, ...]


class UnreadableFile(ValueError):
    """The file as a whole cannot be read in this format; nothing from it may be imported."""


def local_noon(day: date, tz: tzinfo | None = None) -> datetime:
    """A date-only value as a moment: noon, so it counts for that day whatever the day-start hour."""
    moment = datetime.combine(day, time(12))
    return moment.replace(tzinfo=tz) if tz is not None else moment.astimezone()


def to_local(moment: datetime, tz: tzinfo | None = None) -> datetime:
    """An aware moment in the zone tasks are kept in (default: the machine's, with its DST rules)."""
    return moment.astimezone(tz) if tz is not None else moment.astimezone()


def notes_for(projects: list[str], more: tuple[str, ...] | list[str] = ()) -> str:
    """A readable trace in the task's notes of what the app has no field for."""
    lines = []
    if projects:
        lines.append(("project: " if len(projects) == 1 else "projects: ") + ", ".join(projects))
    lines.extend(more)
    return "\n".join(lines)


def first_kind(labels: list[str]) -> str | None:
    """The first label (todo.txt @context, taskwarrior tag) that is a valid kind, lower-cased."""
    for label in labels:
        kind = as_kind(label)
        if kind is not None:
            return kind
    return None


def as_kind(label: str) -> str | None:
    try:
        return clean_kind(label)
    except ValidationError:
        return None


__all__ = [
    "ALREADY_IMPORTED", "Candidate", "DUPLICATE", "MALFORMED", "Parsed", "Skipped", "UnreadableFile",
    "as_kind", "first_kind", "local_noon", "notes_for", "to_local",
]
