"""todo.txt (the format of github.com/todotxt/todo.txt): lines read into tasks, tasks written as lines.

`parse_line` reads a line into an `Entry`, the format's own fields. `entry_task` makes an entry a
task; `task_entry` makes a task an entry again. `render` writes an entry in one canonical form:
the marks at the start (`x` and the completion date, or the priority; then the creation date),
the description, then +projects, @contexts, other key:value pairs, due:, t:, and for a finished
task pri: and status:dropped. An imported line's origin key is the SHA-1 of that canonical form,
so the same line read twice, or written back by `focus export --format todotxt`, is the same
task. A line edited in any other way is a new task.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import replace
from datetime import date, datetime, tzinfo
from typing import Any, Iterable

from focus_tui.domain.records import record
from focus_tui.domain.tasks import Category, Status, Task, new_task
from focus_tui.domain.validation import LINE_BREAKERS, ValidationError
from focus_tui.formats import (
    DUPLICATE, MALFORMED, Candidate, Parsed, Skipped, as_kind, first_kind, local_noon, notes_for,
)

ORIGIN = "todotxt"
MAX_LINE = 10_000
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
PRIORITY = re.compile(r"\(([A-Z])\)")
LETTER = re.compile(r"[A-Z]")
# key:value: both without whitespace or colons (the spec); the key starts with a letter, so
# `10:30` stays text, and a value starting with `//` is a URL, not a pair.
PAIR = re.compile(r"([A-Za-z][A-Za-z0-9_-]*):((?!//)[^\s:]+)")

PRIORITY_OF_CATEGORY = {Category.PLANNING: "A", Category.ROUTINE: "B", Category.TRANSACTIONAL: None}


def category_of(priority: str | None) -> Category:
    """(A) is planning, (B) routine; (C)-(Z) and no priority are transactional."""
    return {"A": Category.PLANNING, "B": Category.ROUTINE}.get(priority or "", Category.TRANSACTIONAL)


class LineProblem(ValueError):
    """Why one line cannot be imported."""


@record
class Entry:
    """One todo.txt line, as the format sees it."""

    text: str
    done: bool = False
    priority: str | None = None
    completed: date | None = None
    created: date | None = None
    projects: tuple[str, ...] = ()
    contexts: tuple[str, ...] = ()
    pairs: tuple[tuple[str, str], ...] = ()
    """key:value pairs other than due:, t:, a finished line's pri: and status:dropped, in order."""
    due: date | None = None
    threshold: date | None = None
    dropped: bool = False
    """A finished line with `status:dropped`: how a dropped task is written."""


# -- reading ----------------------------------------------------------------------------------
def _check_characters(line: str) -> None:
    for ch in line:
        if ch == "\t":
            continue
        if ch == "\x1b":
            raise LineProblem("contains an escape sequence")
        if unicodedata.category(ch) in ("Cc", "Cs"):
            raise LineProblem(f"contains the control character U+{ord(ch):04X}")
        if ch in LINE_BREAKERS:
            raise LineProblem(f"contains the invisible character U+{ord(ch):04X}")


def _date(text: str, shown: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise LineProblem(f"{shown} is not a real date") from None


def parse_line(line: str) -> Entry | None:
    """The entry a line holds; None for a blank line. Raises LineProblem for a malformed one."""
    if len(line) > MAX_LINE:
        raise LineProblem(f"the line is too long ({len(line):,} characters; the limit is {MAX_LINE:,})")
    _check_characters(line)
    words = line.split()
    if not words:
        return None
    done, priority, completed, created = False, None, None, None
    at = 0
    if words[0] == "x":
        done, at = True, 1
        if at < len(words) and PRIORITY.fullmatch(words[at]):  # `x (A) 2026-…`, as some clients write it
            priority, at = words[at][1], at + 1
        if at < len(words) and DATE.fullmatch(words[at]):
            completed, at = _date(words[at], f"the completion date {words[at]}"), at + 1
            if at < len(words) and DATE.fullmatch(words[at]):
                created, at = _date(words[at], f"the creation date {words[at]}"), at + 1
    else:
        if PRIORITY.fullmatch(words[0]):
            priority, at = words[0][1], 1
        if at < len(words) and DATE.fullmatch(words[at]):
            created, at = _date(words[at], f"the creation date {words[at]}"), at + 1

    text: list[str] = []
    projects: list[str] = []
    contexts: list[str] = []
    pairs: list[tuple[str, str]] = []
    dates: dict[str, date] = {}
    dropped = False
    for word in words[at:]:
        pair = PAIR.fullmatch(word)
        if len(word) > 1 and word[0] == "+":
            projects.append(word[1:])
        elif len(word) > 1 and word[0] == "@":
            contexts.append(word[1:])
        elif pair and pair.group(1) in ("due", "t"):
            key, value = pair.groups()
            if key in dates:
                raise LineProblem(f"{key}: is given twice")
            if not DATE.fullmatch(value):
                raise LineProblem(f"{word} is not a date (YYYY-MM-DD)")
            dates[key] = _date(value, word)
        elif pair and done and pair.group(1) == "pri" and LETTER.fullmatch(pair.group(2)) and priority in (None, pair.group(2)):
            priority = pair.group(2)
        elif pair and done and word == "status:dropped" and not dropped:
            dropped = True
        elif pair:
            pairs.append((pair.group(1), pair.group(2)))
        else:
            text.append(word)
    if not text:
        raise LineProblem("has no description, only marks and tags")
    return Entry(
        text=" ".join(text), done=done, priority=priority, completed=completed, created=created,
        projects=tuple(projects), contexts=tuple(contexts), pairs=tuple(pairs),
        due=dates.get("due"), threshold=dates.get("t"), dropped=dropped,
    )


def origin_of(entry: Entry) -> str:
    return f"{ORIGIN}:{hashlib.sha1(render(entry).encode('utf-8')).hexdigest()}"


def entry_task(entry: Entry, now: datetime, tz: tzinfo | None = None) -> Task:
    """The task an entry becomes (see the mapping in docs/data-format.md). Raises LineProblem when
    a field breaks the rules for typed input (a title over 500 characters, say)."""
    category = category_of(entry.priority)
    status = (Status.DROPPED if entry.dropped else Status.DONE) if entry.done else Status.TODO
    try:
        task = new_task(entry.text, now, category=category, kind=first_kind(list(entry.contexts)), status=status,
                        day=entry.threshold, due=entry.due, notes=notes_for(list(entry.projects)))
    except ValidationError as error:
        raise LineProblem(str(error)) from None
    created = local_noon(entry.created, tz) if entry.created else now
    finished = None
    if entry.done:
        finished = local_noon(entry.completed, tz) if entry.completed else created
    info: dict[str, Any] = {}
    if entry.priority is not None and PRIORITY_OF_CATEGORY[category] != entry.priority:
        info["priority"] = entry.priority
    if entry.created is None:
        info["undated"] = True
    if entry.pairs:
        info["pairs"] = [list(pair) for pair in entry.pairs]
    extra: dict[str, Any] = {"origin": origin_of(entry)}
    if entry.projects:
        extra["projects"] = list(entry.projects)
    if entry.contexts:
        extra["contexts"] = list(entry.contexts)
    if info:
        extra[ORIGIN] = info
    return replace(task, created=created, finished=finished, extra=extra)


def split_lines(text: str) -> list[str]:
    """Lines as an editor numbers them: \\n, \\r\\n or a lone \\r ends a line; nothing else does."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")


def parse_file(text: str, now: datetime, tz: tzinfo | None = None) -> Parsed:
    """Every line read: blank lines are ignored, malformed ones and repeats skipped with the reason."""
    candidates: list[Candidate] = []
    skipped: list[Skipped] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(split_lines(text), start=1):
        try:
            entry = parse_line(line)
            if entry is None:
                continue
            canonical = render(entry)
            if canonical in seen:
                skipped.append(Skipped(DUPLICATE, f"the same task as line {seen[canonical]}", number))
                continue
            seen[canonical] = number
            candidates.append(Candidate(entry_task(entry, now, tz), number))
        except LineProblem as problem:
            skipped.append(Skipped(MALFORMED, str(problem), number))
    return Parsed(tuple(candidates), tuple(skipped))


# -- writing ----------------------------------------------------------------------------------
def _tokens(value: Any) -> list[str]:
    """Stored projects or contexts as todo.txt words (whitespace would split a tag)."""
    if not isinstance(value, list):
        return []
    words = ("_".join(item.split()) for item in value if isinstance(item, str))
    return [word for word in words if word and not any(unicodedata.category(ch) == "Cc" for ch in word)]


def _ambiguous_start(text: str, done: bool, priority: str | None) -> bool:
    """A description that would read as a mark where it stands with no creation date before it:
    a date after the priority or completion date, `x ` or `(A)` at the start of the line."""
    first = text.split(" ", 1)[0]
    return bool(DATE.fullmatch(first)) or (not done and not priority and (first == "x" or bool(PRIORITY.fullmatch(first))))


def task_entry(task: Task) -> Entry:
    """A task as a todo.txt entry: an imported task that was not changed gives back its line."""
    info = task.extra.get(ORIGIN)
    info = info if isinstance(info, dict) else {}
    letter = info.get("priority")
    if not (isinstance(letter, str) and LETTER.fullmatch(letter) and category_of(letter) is task.category):
        letter = PRIORITY_OF_CATEGORY[task.category]
    # The kind is the first context that is a valid kind: it takes that place back, in its own spelling.
    contexts = _tokens(task.extra.get("contexts"))
    index = next((at for at, context in enumerate(contexts) if as_kind(context) is not None), None)
    if task.kind and index is None:
        contexts.insert(0, task.kind)
    elif task.kind and as_kind(contexts[index]) != task.kind:
        contexts[index] = task.kind
    elif not task.kind and index is not None:
        del contexts[index]
    raw_pairs = info.get("pairs") if isinstance(info.get("pairs"), list) else []
    pairs = tuple((pair[0], pair[1]) for pair in raw_pairs
                  if isinstance(pair, list) and len(pair) == 2 and all(isinstance(part, str) for part in pair)
                  and PAIR.fullmatch(f"{pair[0]}:{pair[1]}"))
    text = " ".join(task.title.split())
    done = task.status in (Status.DONE, Status.DROPPED)
    undated = info.get("undated") is True and not _ambiguous_start(text, done, letter)
    return Entry(
        text=text, done=done, priority=letter,
        completed=task.finished.date() if done and task.finished else None,
        created=None if undated else task.created.date(),
        projects=tuple(_tokens(task.extra.get("projects"))), contexts=tuple(contexts), pairs=pairs,
        due=task.due, threshold=task.day, dropped=task.status is Status.DROPPED,
    )


def render(entry: Entry) -> str:
    words: list[str] = []
    if entry.done:
        words.append("x")
        if entry.completed:
            words.append(entry.completed.isoformat())
            if entry.created:
                words.append(entry.created.isoformat())
    else:
        if entry.priority:
            words.append(f"({entry.priority})")
        if entry.created:
            words.append(entry.created.isoformat())
    words.append(entry.text)
    words += [f"+{project}" for project in entry.projects]
    words += [f"@{context}" for context in entry.contexts]
    words += [f"{key}:{value}" for key, value in entry.pairs]
    if entry.due:
        words.append(f"due:{entry.due.isoformat()}")
    if entry.threshold:
        words.append(f"t:{entry.threshold.isoformat()}")
    if entry.done and entry.priority:
        words.append(f"pri:{entry.priority}")
    if entry.dropped:
        words.append("status:dropped")
    return " ".join(words)


def render_tasks(tasks: Iterable[Task]) -> str:
    """A todo.txt file: one line per task, in the order given."""
    return "".join(render(task_entry(task)) + "\n" for task in tasks)
