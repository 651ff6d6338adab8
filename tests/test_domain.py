"""The pure domain: tasks, ranking, the clock, validation and quick add."""

from __future__ import annotations

import json
import unicodedata
from dataclasses import fields, replace
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings, strategies as st

from focus_tui.domain.clock import FixedClock, parse_timestamp, timestamp, today, work_day
from focus_tui.domain.quickadd import parse_quick_add
from focus_tui.domain.tasks import (
    TASK_FIELDS,
    Category,
    Status,
    Step,
    Task,
    edit_task,
    is_on_day,
    new_task,
    ranked,
)
from focus_tui.domain.validation import (
    LINE_BREAKERS,
    ValidationError,
    clean_kind,
    clean_line,
    clean_minutes,
    clean_notes,
    clean_title,
)
from focus_tui.storage.files import decode, encode

UTC = timezone.utc
NOW = datetime(2026, 11, 21, 9, 30, tzinfo=UTC)  # a Saturday
SATURDAY = date(2026, 11, 21)


def _next_weekday_after(day: date, weekday: int) -> date:
    """Independent reference: walk forward one day at a time."""
    candidate = day + timedelta(days=1)
    while candidate.weekday() != weekday:
        candidate += timedelta(days=1)
    return candidate


# --------------------------------------------------------------------------------------------
# new_task: every field is validated
# --------------------------------------------------------------------------------------------

def test_new_task_defaults() -> None:
    task = new_task("  Write the plan  ", NOW)
    assert task.title == "Write the plan"
    assert task.created == task.changed == NOW
    assert task.id is None
    assert task.status is Status.TODO
    assert task.category is Category.ROUTINE
    assert task.finished is None
    assert (task.kind, task.minutes, task.day, task.due, task.purpose, task.notes) == (None, None, None, None, "", "")


def test_new_task_accepts_every_field() -> None:
    task = new_task(
        "Plan Q1", NOW, purpose=" so the team knows ", notes="line one\nline two\tindented",
        category="plan", kind="#Email", minutes="45", status="DOING",
        day=date(2026, 11, 23), due=date(2026, 11, 30),
    )
    assert task.purpose == "so the team knows"
    assert task.notes == "line one\nline two\tindented"
    assert task.category is Category.PLANNING
    assert task.kind == "email"
    assert task.minutes == 45
    assert task.status is Status.DOING
    assert task.day == date(2026, 11, 23)
    assert task.due == date(2026, 11, 30)


@pytest.mark.parametrize(
    ("fields", "bad_field"),
    [
        ({"purpose": "why\x07"}, "purpose"),
        ({"purpose": "x" * 501}, "purpose"),
        ({"purpose": 5}, "purpose"),
        ({"notes": "bell\x07"}, "notes"),
        ({"notes": "x" * 10_001}, "notes"),
        ({"category": "urgent"}, "category"),
        ({"category": ""}, "category"),
        ({"category": 5}, "category"),
        ({"kind": "two words"}, "kind"),
        ({"kind": ""}, "kind"),
        ({"minutes": -5}, "minutes"),
        ({"minutes": "ten"}, "minutes"),
        ({"status": "finished"}, "status"),
        ({"status": 3}, "status"),
        ({"day": "2026-11-21"}, "day"),
        ({"day": NOW}, "day"),  # a date-time is not a day
        ({"due": 20261121}, "due"),
        ({"colour": "red"}, "colour"),
        ({"finished": NOW}, "finished"),
        ({"created": NOW}, "created"),
    ],
)
def test_new_task_rejects_bad_fields(fields: dict, bad_field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        new_task("A fine title", NOW, **fields)
    assert caught.value.field == bad_field
    assert caught.value.message


@pytest.mark.parametrize("title", ["", "   ", "\t", "x" * 501, "a\x00b", "\x1b[31mred", "a\ud800b", None, 12])
def test_new_task_rejects_bad_titles(title) -> None:
    with pytest.raises(ValidationError) as caught:
        new_task(title, NOW)
    assert caught.value.field == "title"


def test_new_task_finished_status_is_stamped() -> None:
    assert new_task("x", NOW, status="done").finished == NOW
    assert new_task("x", NOW, status="dropped").finished == NOW
    assert new_task("x", NOW, status="blocked").finished is None


# --------------------------------------------------------------------------------------------
# edit_task
# --------------------------------------------------------------------------------------------

def test_edit_finishing_stamps_finished_and_reopening_clears_it() -> None:
    task = replace(new_task("x", NOW), id=7)
    later = NOW + timedelta(hours=2)
    done = edit_task(task, later, status="done")
    assert done.status is Status.DONE
    assert done.finished == later
    assert done.changed == later
    assert done.created == NOW
    assert done.id == 7

    reopened = edit_task(done, later + timedelta(hours=1), status="todo")
    assert reopened.status is Status.TODO
    assert reopened.finished is None
    assert reopened.changed == later + timedelta(hours=1)


def test_edit_other_fields_of_finished_task_keeps_finished() -> None:
    done = new_task("x", NOW, status="done")
    renamed = edit_task(done, NOW + timedelta(days=1), title="y")
    assert renamed.title == "y"
    assert renamed.finished == NOW


def test_edit_between_open_states_leaves_finished_empty() -> None:
    task = new_task("x", NOW)
    for status in ("doing", "blocked", "todo"):
        task = edit_task(task, NOW, status=status)
        assert task.finished is None


def test_edit_validates_and_leaves_original_alone() -> None:
    task = new_task("keep me", NOW)
    with pytest.raises(ValidationError):
        edit_task(task, NOW, title="   ")
    with pytest.raises(ValidationError):
        edit_task(task, NOW, id=3)
    assert task.title == "keep me"


def test_edit_can_clear_day_and_due() -> None:
    task = new_task("x", NOW, day=SATURDAY, due=SATURDAY)
    cleared = edit_task(task, NOW, day=None, due=None)
    assert cleared.day is None and cleared.due is None


# --------------------------------------------------------------------------------------------
# to_doc / from_doc
# --------------------------------------------------------------------------------------------

def test_doc_round_trip_with_every_field() -> None:
    task = replace(
        new_task("Plan", NOW, purpose="p", notes="n\nm", category="t", kind="forms", minutes=15,
                 status="done", day=SATURDAY, due=date(2026, 12, 1)),
        id=12,
    )
    doc = task.to_doc()
    # Only JSON types: the doc survives the real encoder unchanged.
    assert decode(encode(doc)) == doc
    assert json.loads(json.dumps(doc)) == doc
    assert Task.from_doc(doc, 12) == task


def test_doc_round_trip_keeps_unknown_fields() -> None:
    doc = new_task("x", NOW).to_doc()
    doc["colour"] = "red"
    doc["future_field"] = {"nested": [1, 2, {"deep": None}]}
    task = Task.from_doc(doc, 3)
    assert dict(task.extra) == {"colour": "red", "future_field": {"nested": [1, 2, {"deep": None}]}}
    again = task.to_doc()
    assert again == doc
    # An edit keeps them too.
    assert edit_task(task, NOW, title="y").to_doc()["colour"] == "red"


def test_from_doc_fills_defaults_for_a_minimal_doc() -> None:
    task = Task.from_doc({"title": "t", "created": timestamp(NOW), "changed": timestamp(NOW)}, 1)
    assert task.status is Status.TODO
    assert task.category is Category.ROUTINE
    assert (task.purpose, task.notes, task.day, task.due, task.finished) == ("", "", None, None, None)
    assert task.extra == {}


def test_from_doc_refuses_timestamps_without_offset() -> None:
    # A naive time cannot be ordered against the aware ones the app writes.
    doc = new_task("x", NOW).to_doc()
    doc["created"] = "2026-11-21T09:30:00"
    with pytest.raises(ValueError):
        Task.from_doc(doc, 1)


def _from_doc_by_the_constructor(doc, task_id):
    """Task.from_doc as it was before it skipped the constructor: the reference it must match."""
    known = set(TASK_FIELDS)
    return Task(
        id=task_id,
        title=doc["title"],
        purpose=doc.get("purpose") or "",
        notes=doc.get("notes") or "",
        category=Category(doc.get("category") or Category.ROUTINE.value),
        kind=doc.get("kind"),
        minutes=doc.get("minutes"),
        status=Status(doc.get("status") or Status.TODO.value),
        day=date.fromisoformat(doc["day"]) if doc.get("day") else None,
        due=date.fromisoformat(doc["due"]) if doc.get("due") else None,
        created=parse_timestamp(doc["created"]),
        changed=parse_timestamp(doc["changed"]),
        finished=parse_timestamp(doc["finished"]) if doc.get("finished") else None,
        key_task_id=doc.get("key_task_id"),
        directive=bool(doc.get("directive", False)),
        position=float(doc["position"]) if doc.get("position") is not None else None,
        small=bool(doc.get("small", False)),
        carried_from=tuple(date.fromisoformat(day) for day in doc.get("carried_from") or ()),
        routine_id=doc.get("routine_id"),
        routine_day=date.fromisoformat(doc["routine_day"]) if doc.get("routine_day") else None,
        steps=tuple(Step(str(text), bool(done)) for text, done in doc.get("steps") or ()),
        values={str(name): float(value) for name, value in (doc.get("values") or {}).items()},
        extra={key: value for key, value in doc.items() if key not in known},
    )


def _outcome(build, doc):
    """What building gives: every attribute in order, or the error's type and message."""
    try:
        task = build(doc, 7)
    except Exception as error:
        return ("raises", type(error), str(error))
    return ("task", type(task), list(vars(task).items()))


_iso_days = st.dates(date(2000, 1, 1), date(2040, 1, 1)).map(date.isoformat)
_stamps = st.datetimes(datetime(2000, 1, 1), datetime(2040, 1, 1), timezones=st.just(UTC)).map(timestamp)
_odd = st.one_of(st.none(), st.just(""), st.just(0), st.just(False), st.just([]), st.just({}), st.just("junk"),
                 st.just(1.5), st.just(["2026-11-21"]), st.just({"a": 1}))
_task_docs = st.fixed_dictionaries(
    {"title": st.text(max_size=5), "created": st.one_of(_stamps, st.just("2026-11-21T09:30:00")), "changed": _stamps},
    optional={
        "purpose": st.one_of(st.text(max_size=3), _odd), "notes": st.one_of(st.text(max_size=3), _odd),
        "category": st.one_of(st.sampled_from([c.value for c in Category]), st.sampled_from(list(Category)), _odd),
        "status": st.one_of(st.sampled_from([s.value for s in Status]), _odd),
        "kind": st.one_of(st.text(max_size=3), _odd), "minutes": st.one_of(st.integers(0, 600), _odd),
        "day": st.one_of(_iso_days, _odd), "due": st.one_of(_iso_days, _odd),
        "finished": st.one_of(_stamps, _odd, st.just("2026-11-21T09:30:00")),
        "key_task_id": st.one_of(st.integers(1, 9), _odd), "directive": st.one_of(st.booleans(), _odd),
        "position": st.one_of(st.floats(allow_nan=False, allow_infinity=False), st.integers(), _odd, st.just("2.5")),
        "small": st.one_of(st.booleans(), _odd), "carried_from": st.one_of(st.lists(_iso_days, max_size=3), _odd),
        "routine_id": st.one_of(st.integers(1, 9), _odd), "routine_day": st.one_of(_iso_days, _odd),
        "steps": st.one_of(st.lists(st.tuples(st.text(max_size=3), st.booleans()).map(list), max_size=3), _odd,
                           st.just([["a", 1, 2]])),
        "values": st.one_of(st.dictionaries(st.text(max_size=3), st.floats(allow_nan=False)), _odd,
                            st.just({"x": "nope"})),
        "colour": st.one_of(st.text(max_size=3), _odd),
    },
).flatmap(lambda doc: st.sets(st.sampled_from(["title", "created", "changed"]), max_size=2).map(
    lambda dropped: {key: value for key, value in doc.items() if key not in dropped}))


@settings(max_examples=400, deadline=None)
@given(_task_docs)
def test_from_doc_builds_what_the_constructor_built(doc) -> None:
    """Same attributes in the same order for every stored shape, and the same first error for a
    damaged record, as building the task through Task(...)."""
    assert _outcome(Task.from_doc, doc) == _outcome(_from_doc_by_the_constructor, doc)


def test_from_doc_relies_on_task_having_no_post_init() -> None:
    # from_doc skips the generated __init__: a __post_init__ (or an InitVar) would be skipped too.
    assert not hasattr(Task, "__post_init__")
    assert [f.name for f in fields(Task)] == list(vars(Task.from_doc(new_task("x", NOW).to_doc(), 1)))


# --------------------------------------------------------------------------------------------
# Category and Status
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("p", Category.PLANNING), ("PLAN", Category.PLANNING), ("planning", Category.PLANNING),
        ("r", Category.ROUTINE), ("  Rout ", Category.ROUTINE),
        ("t", Category.TRANSACTIONAL), ("trans", Category.TRANSACTIONAL),
    ],
)
def test_category_parse_prefixes(text: str, expected: Category) -> None:
    assert Category.parse(text) is expected


def test_every_prefix_of_every_category_is_unambiguous() -> None:
    for category in Category:
        for end in range(1, len(category.value) + 1):
            assert Category.parse(category.value[:end].upper()) is category


@pytest.mark.parametrize("text", ["", "   ", "x", "plannings", "routinely", "urgent"])
def test_category_parse_refuses_unknown_or_ambiguous(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Category.parse(text)
    # The empty prefix matches all three: the message lists what would be accepted.
    for category in Category:
        assert category.value in caught.value.message


def test_category_priority_is_planning_routine_transactional() -> None:
    assert Category.PLANNING.priority < Category.ROUTINE.priority < Category.TRANSACTIONAL.priority


def test_status_parse() -> None:
    assert Status.parse(" Done ") is Status.DONE
    assert [s.is_open for s in (Status.TODO, Status.DOING, Status.BLOCKED, Status.DONE, Status.DROPPED)] == [
        True, True, True, False, False,
    ]
    with pytest.raises(ValidationError):
        Status.parse("finished")


# --------------------------------------------------------------------------------------------
# Ranking and the day's list
# --------------------------------------------------------------------------------------------

def _task(title: str, *, id: int, category: str = "routine", status: str = "todo",
          due: date | None = None, age_minutes: int = 0) -> Task:
    created = NOW - timedelta(minutes=age_minutes)
    return replace(new_task(title, created, category=category, status=status, due=due, day=SATURDAY), id=id)


def test_doing_comes_before_any_category() -> None:
    doing = _task("doing transactional", id=1, category="transactional", status="doing")
    planning = _task("todo planning", id=2, category="planning", age_minutes=999)
    assert ranked([planning, doing]) == [doing, planning]


def test_category_order_planning_routine_transactional() -> None:
    t = _task("t", id=1, category="transactional", age_minutes=30)
    r = _task("r", id=2, category="routine", age_minutes=20)
    p = _task("p", id=3, category="planning", age_minutes=10)
    assert [task.title for task in ranked([t, r, p])] == ["p", "r", "t"]


def test_category_beats_due_date() -> None:
    routine_due_today = _task("routine due", id=1, category="routine", due=SATURDAY)
    planning_no_due = _task("planning", id=2, category="planning")
    assert ranked([routine_due_today, planning_no_due])[0] is planning_no_due


def test_nearer_due_date_first_then_undated() -> None:
    later = _task("later", id=1, due=SATURDAY + timedelta(days=5), age_minutes=50)
    sooner = _task("sooner", id=2, due=SATURDAY, age_minutes=1)
    undated = _task("undated", id=3, age_minutes=100)
    assert [task.title for task in ranked([undated, later, sooner])] == ["sooner", "later", "undated"]


def test_older_first_when_all_else_is_equal() -> None:
    young = _task("young", id=1, age_minutes=1)
    old = _task("old", id=2, age_minutes=60)
    assert [task.title for task in ranked([young, old])] == ["old", "young"]


def test_blocked_goes_last_whatever_its_category() -> None:
    blocked = _task("blocked planning", id=1, category="planning", status="blocked", due=SATURDAY, age_minutes=999)
    transactional = _task("transactional", id=2, category="transactional")
    assert ranked([blocked, transactional]) == [transactional, blocked]


RANKING_EXPECTED = [
    "doing transactional", "planning due today", "planning old", "planning new",
    "routine", "transactional", "blocked planning",
]
RANKING_TASKS = [
    _task("blocked planning", id=7, category="planning", status="blocked", age_minutes=500),
    _task("transactional", id=6, category="transactional", due=SATURDAY, age_minutes=400),
    _task("routine", id=5, category="routine", age_minutes=300),
    _task("planning new", id=4, category="planning", age_minutes=1),
    _task("planning old", id=3, category="planning", age_minutes=200),
    _task("planning due today", id=2, category="planning", due=SATURDAY),
    _task("doing transactional", id=1, category="transactional", status="doing"),
]


@settings(deadline=None)  # no timing assertions
@given(st.permutations(RANKING_TASKS))
def test_ranking_does_not_depend_on_input_order(tasks: list[Task]) -> None:
    assert [task.title for task in ranked(tasks)] == RANKING_EXPECTED


def test_is_on_day() -> None:
    base = new_task("x", NOW)
    tomorrow = SATURDAY + timedelta(days=1)
    assert is_on_day(replace(base, day=SATURDAY), SATURDAY)
    assert is_on_day(replace(base, day=SATURDAY - timedelta(days=3)), SATURDAY)  # overdue carries over
    assert not is_on_day(replace(base, day=tomorrow), SATURDAY)
    assert is_on_day(replace(base, day=tomorrow + timedelta(days=5), due=SATURDAY), SATURDAY)  # due pulls it in
    assert is_on_day(replace(base, due=SATURDAY - timedelta(days=1)), SATURDAY)
    assert not is_on_day(replace(base, due=tomorrow), SATURDAY)
    assert not is_on_day(base, SATURDAY)  # neither scheduled nor due
    for status in (Status.DONE, Status.DROPPED):
        assert not is_on_day(replace(base, day=SATURDAY, status=status), SATURDAY)
    assert is_on_day(replace(base, day=SATURDAY, status=Status.BLOCKED), SATURDAY)


# --------------------------------------------------------------------------------------------
# The clock
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (datetime(2026, 11, 22, 2, 0, tzinfo=UTC), date(2026, 11, 21)),  # 02:00 still belongs to yesterday
        (datetime(2026, 11, 22, 3, 59, 59, tzinfo=UTC), date(2026, 11, 21)),
        (datetime(2026, 11, 22, 4, 0, tzinfo=UTC), date(2026, 11, 22)),  # 04:00 starts the new day
        (datetime(2026, 11, 22, 23, 59, tzinfo=UTC), date(2026, 11, 22)),
        (datetime(2027, 1, 1, 1, 0, tzinfo=UTC), date(2026, 12, 31)),  # across a year end
        (datetime(2028, 3, 1, 3, 0, tzinfo=UTC), date(2028, 2, 29)),  # across a leap day
    ],
)
def test_work_day_with_the_four_oclock_day_start(moment: datetime, expected: date) -> None:
    assert work_day(moment) == expected


def test_work_day_uses_the_moments_own_wall_clock() -> None:
    tokyo = timezone(timedelta(hours=9))
    assert work_day(datetime(2026, 11, 22, 2, 0, tzinfo=tokyo)) == date(2026, 11, 21)
    assert work_day(datetime(2026, 11, 22, 5, 0, tzinfo=tokyo)) == date(2026, 11, 22)


def test_work_day_with_other_day_start_hours() -> None:
    moment = datetime(2026, 11, 22, 0, 30, tzinfo=UTC)
    assert work_day(moment, 0) == date(2026, 11, 22)
    assert work_day(moment, 1) == date(2026, 11, 21)
    assert work_day(datetime(2026, 11, 22, 11, 0, tzinfo=UTC), 12) == date(2026, 11, 21)


def test_fixed_clock_advance_and_today(clock: FixedClock) -> None:
    assert clock.now() == datetime(2026, 11, 21, 9, 30, tzinfo=UTC)
    assert today(clock) == SATURDAY
    moved = clock.advance(hours=16, minutes=30)  # 02:00 on Sunday
    assert moved == clock.now() == datetime(2026, 11, 22, 2, 0, tzinfo=UTC)
    assert today(clock) == SATURDAY
    clock.advance(hours=2)  # 04:00 on Sunday
    assert today(clock) == date(2026, 11, 22)
    clock.advance(days=-1)
    assert clock.now() == datetime(2026, 11, 21, 4, 0, tzinfo=UTC)


def test_fixed_clock_makes_naive_moments_aware() -> None:
    clock = FixedClock(datetime(2026, 1, 1, 12, 0))
    assert clock.now().tzinfo is not None
    clock.set(datetime(2026, 6, 1, 8, 0))
    assert clock.now().tzinfo is not None
    assert clock.now().replace(tzinfo=None) == datetime(2026, 6, 1, 8, 0)


def test_timestamp_round_trip() -> None:
    moment = datetime(2026, 11, 21, 9, 30, 15, 123456, tzinfo=timezone(timedelta(hours=-5)))
    text = timestamp(moment)
    assert text == "2026-11-21T09:30:15-05:00"
    assert parse_timestamp(text) == moment.replace(microsecond=0)
    with pytest.raises(ValueError):
        parse_timestamp("2026-11-21T09:30:15")


# --------------------------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["", " ", "      ", "\u3000 \u00a0"])
def test_empty_titles_are_refused(text: str) -> None:
    with pytest.raises(ValidationError, match="empty"):
        clean_title(text)


def test_title_length_limit() -> None:
    assert clean_title("x" * 500) == "x" * 500
    assert clean_title("  " + "x" * 500 + "  ") == "x" * 500  # the limit applies after stripping
    with pytest.raises(ValidationError, match="100,000 characters"):
        clean_title("x" * 100_000)


@pytest.mark.parametrize("text", ["a\x00b", "bell\x07", "a\nb", "a\tb", "a\rb", "del\x7f", "nel\x85x", "\x9bcsi"])
def test_control_characters_are_refused(text: str) -> None:
    with pytest.raises(ValidationError, match="control character"):
        clean_title(text)


def test_escape_sequences_are_refused() -> None:
    with pytest.raises(ValidationError, match="escape sequence"):
        clean_title("\x1b[31mred")


@pytest.mark.parametrize("text", ["\ud800", "a\udfffb", "\udc80"])
def test_lone_surrogates_are_refused(text: str) -> None:
    for check in (clean_title, lambda t: clean_line(t, "purpose"), clean_notes):
        with pytest.raises(ValidationError, match="surrogate"):
            check(text)


def test_rich_markup_is_plain_text() -> None:
    assert clean_title("[bold]x[/bold]") == "[bold]x[/bold]"
    assert clean_title("[red]alert[/]") == "[red]alert[/]"


def test_unicode_titles_are_kept() -> None:
    assert clean_title("Café ☕ 日本語 🎉") == "Café ☕ 日本語 🎉"


def test_clean_line_and_notes() -> None:
    assert clean_line(None, "purpose") == ""
    assert clean_line("  ", "purpose") == ""
    with pytest.raises(ValidationError):
        clean_line("a\nb", "purpose")
    assert clean_notes("a\nb\tc") == "a\nb\tc"
    assert clean_notes("x" * 10_000) == "x" * 10_000
    with pytest.raises(ValidationError, match="10,000"):
        clean_notes("x" * 10_001)
    with pytest.raises(ValidationError):
        clean_notes("a\x1b[2Jb")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("email", "email"), ("#Email", "email"), (" forms ", "forms"), ("deep-work_2", "deep-work_2"), (None, None)],
)
def test_kind_accepted(text, expected) -> None:
    assert clean_kind(text) == expected


@pytest.mark.parametrize("text", ["", "#", "   ", "two words", "2fa", "-x", "e.mail", "café", "x" * 33, 5])
def test_kind_refused(text) -> None:
    with pytest.raises(ValidationError):
        clean_kind(text)


@pytest.mark.parametrize(("value", "expected"), [(1, 1), (1440, 1440), ("25", 25), (" 30 ", 30), ("+5", 5), (None, None)])
def test_minutes_accepted(value, expected) -> None:
    assert clean_minutes(value) == expected


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (-5, "above zero"), ("-5", "above zero"), (0, "above zero"), ("0", "above zero"),
        (1441, "more than a day"), (10**30, "more than a day"),
        ("ten", "not a whole number"), ("1.5", "not a whole number"), ("", "not a whole number"),
        ("99999999", "not a whole number"), (2.0, "whole number"), (True, "whole number"), (False, "whole number"),
    ],
)
def test_minutes_refused(value, words: str) -> None:
    with pytest.raises(ValidationError, match=words):
        clean_minutes(value)


# Any text at all, with the awkward characters made likely.
AWKWARD = st.one_of(
    st.characters(),
    st.characters(categories=["Cc", "Cs", "Cf", "Zs", "Zl", "Zp"]),
    st.sampled_from([" ", "\t", "\n", "\x1b", "[", "]", "/", "#", "~", "!", "^"]),
)
ANY_TEXT = st.one_of(st.text(AWKWARD, max_size=40), st.text(AWKWARD, min_size=495, max_size=510))


@settings(deadline=None)  # no timing assertions
@given(ANY_TEXT)
def test_clean_title_accepts_exactly_the_storable_titles(text: str) -> None:
    try:
        cleaned = clean_title(text)
    except ValidationError as error:
        assert error.field == "title"
        stripped = text.strip()
        assert (
            not stripped
            or len(stripped) > 500
            or any(unicodedata.category(ch) in ("Cc", "Cs") or ch in LINE_BREAKERS for ch in text)
        )
        return
    assert cleaned == text.strip()
    assert cleaned and len(cleaned) <= 500
    assert not any(unicodedata.category(ch) in ("Cc", "Cs") or ch in LINE_BREAKERS for ch in cleaned)
    doc = {"title": cleaned}
    assert decode(encode(doc)) == doc


# --------------------------------------------------------------------------------------------
# Quick add
# --------------------------------------------------------------------------------------------

def test_quick_add_full_line() -> None:
    parsed = parse_quick_add("Reply to Bob #email ~10m !transactional ^fri", SATURDAY)
    assert parsed.errors == []
    assert parsed.title == "Reply to Bob"
    assert parsed.fields == {
        "kind": "email",
        "minutes": 10,
        "category": Category.TRANSACTIONAL,
        "day": _next_weekday_after(SATURDAY, 4),
    }
    assert parsed.fields["day"] == date(2026, 11, 27)
    # The fields are exactly what new_task takes.
    task = new_task(parsed.title, NOW, **parsed.fields)
    assert (task.kind, task.minutes, task.category) == ("email", 10, Category.TRANSACTIONAL)


@pytest.mark.parametrize(
    ("token", "minutes"),
    [("~1h", 60), ("~1.5h", 90), ("~2hrs", 120), ("~45", 45), ("~90min", 90), ("~0.25h", 15), ("~24h", 1440)],
)
def test_quick_add_estimates(token: str, minutes: int) -> None:
    parsed = parse_quick_add(f"Task {token}", SATURDAY)
    assert parsed.errors == []
    assert parsed.fields["minutes"] == minutes
    assert parsed.title == "Task"


@pytest.mark.parametrize("token", ["~0.5m", "~0m", "~25h", "~1.01h", "~" + "9" * 400, "~" + "9" * 400 + "h"])
def test_quick_add_bad_estimates_are_errors_not_crashes(token: str) -> None:
    parsed = parse_quick_add(f"Task {token}", SATURDAY)
    assert [field for field, _ in parsed.errors] == ["estimate"]
    assert "minutes" not in parsed.fields
    assert parsed.title == "Task"


@pytest.mark.parametrize("line", ["Call #5 about it", "Wow !! great", "Fix it !important", "Pay ~", "^ up", "cost ~$5"])
def test_quick_add_unknown_tokens_stay_in_the_title(line: str) -> None:
    parsed = parse_quick_add(line, SATURDAY)
    assert parsed.errors == []
    assert parsed.fields == {}
    assert parsed.title == line


def test_quick_add_bad_date_is_reported_and_the_rest_still_parses() -> None:
    parsed = parse_quick_add("Pay rent ^2026-02-30 #bills ~5m !r", SATURDAY)
    assert len(parsed.errors) == 1
    field, message = parsed.errors[0]
    assert field == "day"
    assert "28 days" in message
    assert parsed.title == "Pay rent"
    assert parsed.fields == {"kind": "bills", "minutes": 5, "category": Category.ROUTINE}


def test_quick_add_day_words_with_underscores() -> None:
    parsed = parse_quick_add("Review ^next_week", SATURDAY)
    assert parsed.fields["day"] == date(2026, 11, 23)
    sunday_start = parse_quick_add("Review ^next_week", SATURDAY, week_start=6)
    assert sunday_start.fields["day"] == date(2026, 11, 22)
    assert parse_quick_add("x ^+3d", SATURDAY).fields["day"] == date(2026, 11, 24)


def test_quick_add_markers_anywhere_and_last_wins() -> None:
    parsed = parse_quick_add("#forms File the ~5m expense ~10m claim", SATURDAY)
    assert parsed.title == "File the expense claim"
    assert parsed.fields == {"kind": "forms", "minutes": 10}


def test_quick_add_of_only_markers_leaves_an_empty_title_that_new_task_refuses() -> None:
    parsed = parse_quick_add("#email ~5m", SATURDAY)
    assert parsed.title == ""
    with pytest.raises(ValidationError):
        new_task(parsed.title, NOW, **parsed.fields)


@settings(max_examples=200, deadline=None)
@given(st.text(AWKWARD, max_size=60))
def test_quick_add_never_raises(line: str) -> None:
    # Control characters anywhere refuse the whole line (title error) rather than being split away.
    parsed = parse_quick_add(line, SATURDAY)
    assert isinstance(parsed.title, str)
    for field, message in parsed.errors:
        assert field in ("title", "kind", "estimate", "category", "day") and message


@pytest.mark.parametrize("line", ["tab\there #email", "bell\x07 ~5m", "unit sep\x1f x"])
def test_quick_add_refuses_control_characters_instead_of_splitting_them_away(line: str) -> None:
    parsed = parse_quick_add(line, SATURDAY)
    assert parsed.errors and parsed.errors[0][0] == "title"


@pytest.mark.parametrize("char", ["\u202e", "\u2066", "\u2028", "\u2029"])
def test_titles_refuse_invisible_characters_that_reorder_or_break_a_line(char: str) -> None:
    with pytest.raises(ValidationError, match=f"U\\+{ord(char):04X}"):
        clean_title(f"pay {char}invoice")


def test_titles_keep_zero_width_joiners_used_by_emoji() -> None:
    family = "Plan the trip \U0001F468\u200d\U0001F469\u200d\U0001F467"
    assert clean_title(family) == family
