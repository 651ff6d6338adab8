"""Key tasks in the domain and in storage, and the board's task order, tested in-process."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from focus_tui.config import Config
from focus_tui.domain.clock import FixedClock
from focus_tui.domain.keytasks import (
    MAX_MICRO_GOALS,
    KeyTask,
    MicroGoal,
    ProgressEntry,
    add_micro_goal,
    edit_key_task,
    format_amount,
    log_progress,
    new_key_task,
    pace_phrase,
    parse_amount,
    remove_micro_goal,
    toggle_micro_goal,
)
from focus_tui.domain.periods import Stage, day_period, week_period
from focus_tui.domain.tasks import Status, Task, board_ranked, new_task, reorder_positions
from focus_tui.domain.validation import ValidationError
from focus_tui.stages import set_key_task as set_stage_key_task
from focus_tui.storage import KeyTaskExistsError, NotFoundError, Store
from focus_tui.storage.exchange import export_data, import_data

TUESDAY = datetime.fromisoformat("2026-11-17T10:00:00+00:00")
WEEK = week_period(date(2026, 11, 17))


def at(text: str) -> datetime:
    return datetime.fromisoformat(f"{text}+00:00")


def key(text: str = "Launch the onboarding flow", **fields: Any) -> KeyTask:
    return new_key_task(WEEK, text, TUESDAY, **fields)


# --------------------------------------------------------------------------------------------
# Domain: validation
# --------------------------------------------------------------------------------------------

def test_new_key_task_cleans_and_keeps_its_period() -> None:
    made = key("  Launch it  ", target="10k", unit=" signups ", purpose=" first impressions ",
               objective=" Grow the community ", parent_id=3)
    assert (made.stage, made.period_start, made.text) == (Stage.WEEK, date(2026, 11, 16), "Launch it")
    assert (made.target, made.unit, made.purpose, made.objective, made.parent_id) == (
        10_000, "signups", "first impressions", "Grow the community", 3)
    assert made.created == made.changed == TUESDAY
    assert (made.id, made.replaced, made.progress, made.micro_goals, made.done) == (None, None, (), (), 0)
    assert made.is_current
    bare = key("x", target="", unit="")
    assert (bare.target, bare.unit, bare.purpose, bare.objective, bare.parent_id) == (None, "", "", "", None)


@pytest.mark.parametrize(
    ("text", "fields", "words"),
    [
        ("", {}, "key task: is empty"),
        ("   ", {}, "key task: is empty"),
        ("x" * 501, {}, "key task: is too long"),
        ("bell\x07", {}, "control character"),
        ("\u202eevil", {}, "invisible character"),
        ("x", {"target": 0}, "target: must be above zero"),
        ("x", {"target": "-5"}, "target: must be above zero (got -5)"),
        ("x", {"target": "abc"}, "target: 'abc' is not a number"),
        ("x", {"target": True}, "target: must be a number"),
        ("x", {"unit": "signups"}, "unit: 'signups' needs a target"),
        ("x", {"target": 5, "unit": "u" * 25}, "unit: is too long"),
        ("x", {"purpose": "\x1b[31m"}, "purpose: contains an escape sequence"),
        ("x", {"objective": "two\nlines"}, "team objective: contains control character"),
    ],
)
def test_new_key_task_refuses_bad_input(text: str, fields: dict[str, Any], words: str) -> None:
    with pytest.raises(ValidationError) as raised:
        key(text, **fields)
    assert words in str(raised.value)


def test_edit_key_task_uses_the_same_rules() -> None:
    original = key("Old", target=100, unit="calls")
    later = TUESDAY + timedelta(hours=2)
    edited = edit_key_task(original, later, text=" New ", target="2.5k", purpose="why", objective="okr")
    assert (edited.text, edited.target, edited.unit, edited.purpose, edited.objective) == ("New", 2_500, "calls", "why", "okr")
    assert (edited.created, edited.changed) == (TUESDAY, later)
    assert original.text == "Old"  # frozen: a new value, not a change in place
    with pytest.raises(ValidationError, match="unit: 'calls' needs a target"):
        edit_key_task(original, later, target=None)  # the unit would be left with nothing to count
    assert edit_key_task(original, later, target=None, unit="").target is None
    for changes, words in (({"text": ""}, "is empty"), ({"target": "0"}, "above zero"), ({"unit": "x" * 30}, "too long")):
        with pytest.raises(ValidationError, match=words):
            edit_key_task(original, later, **changes)


# --------------------------------------------------------------------------------------------
# Domain: amounts
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("value", "number"),
    [("10000", 10_000), ("10,000", 10_000), ("2.5", 2.5), ("10k", 10_000), ("10K", 10_000), ("2.5k", 2_500),
     ("1.5m", 1_500_000), (" 7 ", 7), ("+5", 5), ("-1,500", -1_500), ("1_000", 1_000), ("1,234,567.25", 1_234_567.25),
     ("0", 0), (3, 3), (2.5, 2.5), ("1,000,000,000,000", 1e12), (1e12, 1e12)],
)
def test_parse_amount_reads_numbers_as_people_write_them(value: Any, number: float) -> None:
    parsed = parse_amount(value, "target")
    assert parsed == number and isinstance(parsed, float)


@pytest.mark.parametrize(
    ("value", "words"),
    [("", "is not a number"), ("abc", "is not a number"), ("k", "is not a number"), ("1,00", "is not a number"),
     ("1,0000", "is not a number"), ("10kk", "is not a number"), ("1.2.3", "is not a number"), ("1e5", "is not a number"),
     ("inf", "is not a number"), ("nan", "is not a number"), ("-", "is not a number"), ("²", "is not a number"),
     (float("inf"), "out of range"), (float("nan"), "out of range"), ("9" * 400, "out of range"),
     ("1,000,000,000,001", "out of range"), ("1000001m", "out of range"), (-2e12, "out of range"),
     (True, "must be a number"), (None, "must be a number"), ([1], "must be a number")],
)
def test_parse_amount_refuses_junk_and_huge_numbers(value: Any, words: str) -> None:
    with pytest.raises(ValidationError) as raised:
        parse_amount(value, "progress")
    assert raised.value.field == "progress"
    assert words in raised.value.message


@pytest.mark.parametrize(
    ("number", "text"),
    [(10_000, "10,000"), (2.5, "2.5"), (2124.9999, "2,125"), (0, "0"), (0.0, "0"), (-1_500, "-1,500"),
     (1234.56, "1,234.6"), (0.04, "0"), (1e12, "1,000,000,000,000"), (999.95, "1,000")],
)
def test_format_amount(number: float, text: str) -> None:
    assert format_amount(number) == text


# --------------------------------------------------------------------------------------------
# Domain: progress and micro goals
# --------------------------------------------------------------------------------------------

def test_log_progress_and_done_on() -> None:
    monday, tuesday = date(2026, 11, 16), date(2026, 11, 17)
    target = key(target=10_000)
    first = log_progress(target, "1,500", TUESDAY - timedelta(days=1), monday)
    second = log_progress(first, 700, TUESDAY, tuesday)
    third = log_progress(second, "-200", TUESDAY + timedelta(hours=1), tuesday)  # a correction
    assert target.progress == () and target.done == 0
    assert third.done == 2_000
    assert (third.done_on(monday), third.done_on(tuesday), third.done_on(date(2026, 11, 18))) == (1_500, 500, 0)
    assert [entry.amount for entry in third.progress] == [1_500, 700, -200]
    assert third.progress[0] == ProgressEntry(TUESDAY - timedelta(days=1), monday, 1_500)
    assert third.changed == TUESDAY + timedelta(hours=1)
    for bad, words in ((0, "is zero"), ("0.0", "is zero"), ("x", "not a number")):
        with pytest.raises(ValidationError, match=words):
            log_progress(third, bad, TUESDAY, tuesday)


def test_micro_goals_add_toggle_remove_and_their_limit() -> None:
    goals = key()
    for text in ("Copy", "Emails", "Landing page"):
        goals = add_micro_goal(goals, f" {text} ", TUESDAY)
    assert goals.micro_goals == (MicroGoal("Copy"), MicroGoal("Emails"), MicroGoal("Landing page"))
    goals = toggle_micro_goal(goals, 1, TUESDAY)
    assert goals.micro_done == 1 and goals.micro_goals[1].done
    assert toggle_micro_goal(goals, 1, TUESDAY).micro_done == 0  # toggling again undoes it
    removed = remove_micro_goal(goals, 0, TUESDAY)
    assert removed.micro_goals == (MicroGoal("Emails", True), MicroGoal("Landing page"))
    for index in (-1, 3, 99):
        with pytest.raises(ValidationError, match="there is no micro goal"):
            toggle_micro_goal(goals, index, TUESDAY)
        with pytest.raises(ValidationError, match="there is no micro goal"):
            remove_micro_goal(goals, index, TUESDAY)
    with pytest.raises(ValidationError, match="micro goal: is empty"):
        add_micro_goal(goals, "  ", TUESDAY)

    full = key()
    for number in range(MAX_MICRO_GOALS):
        full = add_micro_goal(full, f"goal {number}", TUESDAY)
    with pytest.raises(ValidationError, match=f"at most {MAX_MICRO_GOALS}"):
        add_micro_goal(full, "one too many", TUESDAY)
    assert len(add_micro_goal(remove_micro_goal(full, 0, TUESDAY), "room again", TUESDAY).micro_goals) == MAX_MICRO_GOALS


def test_to_doc_from_doc_round_trip_keeps_everything() -> None:
    full = log_progress(key(target=10_000, unit="signups", purpose="why", objective="okr", parent_id=4), 1_500, TUESDAY,
                        date(2026, 11, 17))
    full = toggle_micro_goal(add_micro_goal(add_micro_goal(full, "a", TUESDAY), "b", TUESDAY), 0, TUESDAY)
    full = replace(full, replaced=TUESDAY + timedelta(days=1), extra={"colour": {"rgb": [1, 2, 3]}})
    doc = json.loads(json.dumps(full.to_doc()))  # through JSON, as stored
    assert doc["colour"] == {"rgb": [1, 2, 3]} and doc["stage"] == "week" and doc["period_start"] == "2026-11-16"
    back = KeyTask.from_doc(doc, 9)
    assert back == replace(full, id=9)
    assert back.to_doc() == full.to_doc()
    bare = KeyTask.from_doc(json.loads(json.dumps(key("bare").to_doc())))
    assert bare == key("bare")


# --------------------------------------------------------------------------------------------
# Storage
# --------------------------------------------------------------------------------------------

def _open(data_dir: Path, moment: datetime | str) -> Store:
    clock = FixedClock(moment if isinstance(moment, datetime) else at(moment))
    return Store(data_dir, clock).open()


def test_set_key_task_refuses_without_replace_and_keeps_history_with_it(data_dir: Path) -> None:
    store = _open(data_dir, TUESDAY)
    first = store.set_key_task(key("First", target=10))
    before = store.data_file.read_bytes()
    with pytest.raises(KeyTaskExistsError) as raised:
        store.set_key_task(key("Second"))
    assert raised.value.existing.id == first.id and raised.value.existing.text == "First"
    assert "'First'" in str(raised.value)
    assert store.data_file.read_bytes() == before

    store.clock.advance(hours=1)
    second = store.set_key_task(key("Second"), replace=True)
    assert second.id == first.id + 1
    assert store.current_key_task(WEEK) == second
    history = store.key_tasks()
    assert [(k.text, k.replaced) for k in history] == [("First", TUESDAY + timedelta(hours=1)), ("Second", None)]
    assert store.key_task(first.id).target == 10  # the replaced one is kept whole
    # Another stage or another period is not a conflict.
    store.set_key_task(new_key_task(day_period(date(2026, 11, 17)), "Today", TUESDAY))
    store.set_key_task(new_key_task(week_period(date(2026, 11, 24)), "Next week", TUESDAY))
    assert len(store.key_tasks()) == 4
    with pytest.raises(NotFoundError):
        store.key_task(99)


def test_current_key_task_picks_the_current_one(data_dir: Path) -> None:
    store = _open(data_dir, TUESDAY)
    assert store.current_key_task(WEEK) is None
    store.set_key_task(key("Old"))
    newest = store.set_key_task(key("New"), replace=True)
    store.set_key_task(new_key_task(week_period(date(2026, 11, 24)), "Next week", TUESDAY))
    assert store.current_key_task(WEEK) == newest
    assert store.current_key_task(week_period(date(2026, 11, 9))) is None
    assert store.current_key_task(day_period(date(2026, 11, 17))) is None
    # Should two unreplaced ones share a period (an import can do that), the newest wins.
    import_data(store, {"format": "focus-tui-export", "format_version": 1,
                        "tables": {"key_tasks": [{"id": 1, **key("Imported").to_doc()}]}})
    assert store.current_key_task(WEEK).text == "Imported"


def test_stages_set_key_task_links_each_stage_to_the_one_above(data_dir: Path) -> None:
    store = _open(data_dir, TUESDAY)
    config = Config()
    day_first = set_stage_key_task(store, config, Stage.DAY, "Day before the week has one")
    assert day_first.parent_id is None
    quarter = set_stage_key_task(store, config, Stage.QUARTER, "Quarter")
    week = set_stage_key_task(store, config, Stage.WEEK, "Week", target="10k")
    day = set_stage_key_task(store, config, Stage.DAY, "Day", replace=True)
    assert (quarter.parent_id, week.parent_id, day.parent_id) == (None, quarter.id, week.id)
    assert week.period_start == date(2026, 11, 16) and quarter.period_start == date(2026, 10, 1)


def test_key_tasks_of_ended_periods_move_to_the_archive(data_dir: Path) -> None:
    store = _open(data_dir, "2026-10-08T10:00:00")  # a Thursday, 40 days before Tuesday 2026-11-17
    config = Config()
    quarter = set_stage_key_task(store, config, Stage.QUARTER, "Q4 goal")
    old_week = set_stage_key_task(store, config, Stage.WEEK, "Old week")
    old_day = set_stage_key_task(store, config, Stage.DAY, "Old day", target=5)
    store.close()

    store = _open(data_dir, "2026-11-07T10:00:00")  # the day ended 30 days ago: not yet
    assert [k.id for k in store.key_tasks()] == [quarter.id, old_week.id, old_day.id]
    store.close()

    store = _open(data_dir, TUESDAY)
    archive = data_dir / "archive" / "key_tasks-2026-10.json"
    assert sorted(path.name for path in (data_dir / "archive").iterdir()) == ["key_tasks-2026-10.json"]
    stored = json.loads(archive.read_bytes())
    assert sorted(stored["docs"]) == sorted([str(old_week.id), str(old_day.id)])
    assert stored["docs"][str(old_day.id)]["text"] == "Old day"
    live = json.loads(store.data_file.read_bytes())["key_tasks"]
    assert list(live) == [str(quarter.id)]  # the quarter has not ended
    assert [k.id for k in store.key_tasks()] == [quarter.id]
    everything = store.key_tasks(include_archived=True)
    assert [k.text for k in everything] == ["Q4 goal", "Old week", "Old day"]
    assert everything[2] == old_day
    # New ids never reuse archived ones.
    assert set_stage_key_task(store, config, Stage.DAY, "Today").id == old_day.id + 1


def _populate(data_dir: Path) -> Store:
    store = _open(data_dir, "2026-10-08T10:00:00")
    config = Config()
    set_stage_key_task(store, config, Stage.QUARTER, "Q4 goal", target=100, unit="deals", objective="okr")
    set_stage_key_task(store, config, Stage.WEEK, "Old week")
    store.close()
    store = _open(data_dir, TUESDAY)  # archives the old week
    week = set_stage_key_task(store, config, Stage.WEEK, "This week", target="10k", unit="signups")
    store.update_key_task(week.id, lambda k: add_micro_goal(log_progress(k, 1_500, TUESDAY, store.today()), "copy", TUESDAY),
                          "log progress on")
    store.add_task(new_task("Serves the week", TUESDAY, day=store.today(), key_task_id=week.id))
    store.add_task(new_task("Free", TUESDAY))
    return store


def test_export_import_round_trip_with_key_tasks(tmp_path: Path) -> None:
    source = _populate(tmp_path / "source")
    assert len(source.key_tasks()) < len(source.key_tasks(include_archived=True))  # one is archived
    first = json.loads(json.dumps(export_data(source)))
    assert [k["text"] for k in first["tables"]["key_tasks"]] == ["Q4 goal", "Old week", "This week"]

    target = _open(tmp_path / "target", TUESDAY)
    assert import_data(target, json.loads(json.dumps(first))) == {"key_tasks": 3, "tasks": 2}
    second = export_data(target)
    first.pop("exported_at"), second.pop("exported_at")
    assert second == first
    assert target.key_tasks() == source.key_tasks(include_archived=True)
    assert target.tasks() == source.tasks()


def test_merge_import_remaps_key_task_references(data_dir: Path, tmp_path: Path) -> None:
    exported = export_data(_populate(tmp_path / "source"))
    exported["tables"]["tasks"].append(
        {"id": 9, **new_task("Points nowhere", TUESDAY).to_doc(), "key_task_id": 77})

    store = _open(data_dir, TUESDAY)
    mine = store.set_key_task(new_key_task(day_period(date(2026, 11, 17)), "My day", TUESDAY))
    my_task = store.add_task(new_task("My task", TUESDAY, key_task_id=mine.id))
    import_data(store, json.loads(json.dumps(exported)))

    keys = {k.text: k for k in store.key_tasks()}
    tasks = {t.title: t for t in store.tasks()}
    assert len({k.id for k in keys.values()}) == 4 and len({t.id for t in tasks.values()}) == 4
    assert keys["My day"] == mine and tasks["My task"] == my_task  # untouched
    assert keys["Old week"].parent_id == keys["Q4 goal"].id != 1
    assert keys["This week"].parent_id == keys["Q4 goal"].id
    assert tasks["Serves the week"].key_task_id == keys["This week"].id
    assert keys["This week"].id != exported["tables"]["tasks"][0]["key_task_id"]
    assert tasks["Free"].key_task_id is None
    assert tasks["Points nowhere"].key_task_id is None  # a dangling reference is dropped, not misdirected
    assert store.undo() == "import"
    assert store.key_tasks() == [mine] and store.tasks() == [my_task]


# --------------------------------------------------------------------------------------------
# Domain: the board's order and manual reordering
# --------------------------------------------------------------------------------------------

DAY_KEY = 7


def task(task_id: int, category: str = "routine", *, age: int = 0, **fields: Any) -> Task:
    created = TUESDAY - timedelta(hours=age)
    status = fields.pop("status", None)
    made = replace(new_task(f"t{task_id}", created, category=category, **fields), id=task_id)
    return replace(made, status=Status(status)) if status else made


def test_board_ranked_order() -> None:
    tasks = [
        task(1, "transactional", age=1),
        task(2, "planning", status="blocked", age=50),
        task(3, "routine", age=5),
        task(4, "routine", age=9),  # older than 3
        task(5, "routine", due=date(2026, 11, 20)),  # a due date beats age
        task(6, "routine", position=1.0),  # a manual position beats a due date
        task(7, "routine", position=0.0),
        task(8, "transactional", key_task_id=DAY_KEY),  # linked to today's key task
        task(9, "planning", key_task_id=DAY_KEY, directive=True),
        task(10, "transactional", directive=True, age=1),
        task(11, "planning", key_task_id=99),  # linked to another key task: only its category counts
        task(12, "transactional", status="doing"),
        task(13, "routine", key_task_id=DAY_KEY),
    ]
    order = [t.id for t in board_ranked(tasks, DAY_KEY)]
    # doing; directives (linked first); linked by category; then category, position, due, age; blocked last.
    assert order == [12, 9, 10, 13, 8, 11, 7, 6, 5, 4, 3, 1, 2]
    # Without a key task for today, a link counts for nothing.
    assert [t.id for t in board_ranked(tasks, None)] == [12, 9, 10, 11, 7, 6, 5, 4, 3, 13, 1, 8, 2]
    assert board_ranked(list(reversed(tasks)), DAY_KEY) == board_ranked(tasks, DAY_KEY)


def test_reorder_positions_moves_within_a_group_only() -> None:
    tasks = [
        task(1, "routine", status="doing"),
        task(2, "planning", age=3),
        task(3, "routine", age=3),
        task(4, "routine", age=2),
        task(5, "routine", age=1),
        task(6, "transactional"),
    ]
    ordered = board_ranked(tasks, DAY_KEY)
    assert [t.id for t in ordered] == [1, 2, 3, 4, 5, 6]

    moved = reorder_positions(ordered, 3, -1, DAY_KEY)  # task 4 up past task 3
    assert moved == {4: 0.0, 3: 1.0, 5: 2.0}  # the whole routine group, never the doing task
    positioned = [replace(t, position=moved.get(t.id, t.position)) for t in tasks]
    assert [t.id for t in board_ranked(positioned, DAY_KEY)] == [1, 2, 4, 3, 5, 6]
    assert reorder_positions(ordered, 4, 1, DAY_KEY) is None  # routine -> transactional: a group edge
    assert reorder_positions(ordered, 2, -1, DAY_KEY) is None  # routine -> planning: a group edge
    assert reorder_positions(ordered, 1, -1, DAY_KEY) is None  # would pass the doing task
    assert reorder_positions(ordered, 0, 1, DAY_KEY) is None  # the doing task never moves
    assert reorder_positions(ordered, 5, 1, DAY_KEY) is None  # the end of the list
    assert reorder_positions(ordered, 0, -1, DAY_KEY) is None
    down = reorder_positions(ordered, 2, 1, DAY_KEY)
    assert down == {4: 0.0, 3: 1.0, 5: 2.0}


def test_amounts_take_ascii_digits_and_a_leading_point_only() -> None:
    from focus_tui.domain.keytasks import parse_amount

    assert parse_amount(".5", "target") == 0.5
    with pytest.raises(ValidationError):
        parse_amount("١٢", "target")


def test_a_correction_may_not_take_progress_below_zero() -> None:
    from focus_tui.domain.keytasks import log_progress, new_key_task
    from focus_tui.domain.periods import week_period

    now = datetime(2026, 11, 17, 10, tzinfo=timezone.utc)
    key = log_progress(new_key_task(week_period(date(2026, 11, 17)), "Sign-ups", now, target=100),
                       30, now, date(2026, 11, 17))
    assert log_progress(key, -30, now, date(2026, 11, 17)).done == 0
    with pytest.raises(ValidationError, match="below zero"):
        log_progress(key, -31, now, date(2026, 11, 17))


def test_replacing_a_key_task_moves_what_served_it_to_the_new_one(store) -> None:
    from focus_tui.config import Config
    from focus_tui.domain.periods import Stage
    from focus_tui.domain.tasks import new_task
    from focus_tui.stages import set_key_task

    config = Config()
    set_key_task(store, config, Stage.QUARTER, "Quarter")
    old_week = set_key_task(store, config, Stage.WEEK, "Old week")
    day = set_key_task(store, config, Stage.DAY, "Day")
    linked = store.add_task(new_task("Linked to the day", store.clock.now(), key_task_id=day.id))
    new_day = set_key_task(store, config, Stage.DAY, "New day", replace=True)
    new_week = set_key_task(store, config, Stage.WEEK, "New week", replace=True)
    assert store.key_task(new_day.id).parent_id == new_week.id != old_week.id
    assert store.task(linked.id).key_task_id == new_day.id


def test_the_pace_gap_of_a_whole_number_target_is_in_whole_units():
    """The even pace is fractional (5,000 members over 64 working days), the members are not."""
    assert pace_phrase(1025.1, 5000) == "ahead 1,025"
    assert pace_phrase(-562.6, 5000) == "behind 563"
    assert pace_phrase(-0.4, 40) == pace_phrase(0.3, 40) == "on pace"
    assert pace_phrase(8.5, 40, joiner="by ") == "ahead by 9"
    # A target with a fraction keeps one decimal.
    assert pace_phrase(-1.25, 7.5) == "behind 1.2" and pace_phrase(0.04, 7.5) == "on pace"
