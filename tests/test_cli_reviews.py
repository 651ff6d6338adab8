"""`focus review` and `focus okr`, run for real in subprocesses against real data files."""

from __future__ import annotations

import json
import os
import subprocess
from datetime import datetime
from pathlib import Path

import pytest

from focus_tui.domain.clock import FixedClock

from tests.clihelpers import failed, ok, probe_verb

FROZEN = "2026-11-21T09:30:00+00:00"  # Saturday morning: the clock fixture's instant
SUNDAY = "2026-11-22T09:30:00+00:00"
MONDAY = "2026-11-23T09:30:00+00:00"
GOLDEN = Path(__file__).parent / "data" / "review-golden.md"


@pytest.fixture
def focus(run_cli):
    """`focus ARGS...` with the clock frozen at FROZEN unless `at=` says otherwise."""

    def run(*args: str, at: str = FROZEN, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
        return run_cli(*args, env={"FOCUS_CLOCK": at, **(env or {})})

    return run


def _at(clock: FixedClock, moment: str) -> None:
    clock.set(datetime.fromisoformat(f"2026-11-21T{moment}:00+00:00"))


@pytest.fixture
def board(data_dir: Path, clock: FixedClock) -> Path:
    """The realistic board, seeded at 08:00 on Saturday 2026-11-21; three small tasks done in the
    order email, email, feedback (added as email, feedback, email: one switch saved), the expense
    form blocked on Marta at 09:00. The clock ends at 09:30, the CLI's FROZEN. Returns the data file.

    Tasks: 1 plan (planning, doing), 2 metrics report, 3 reply to Ana (email 5m, done), 4 expense
    form (blocked), 5 beta feedback (15m, done), 6 webinar room (done by the seed), 7 Monday's 1:1
    (on the 23rd), 8 signup typo (email 5m, done), 9 board deck, 10 newsletter (from the 20th).
    Key tasks: 1 quarter (2,240 / 5,000 members), 2 week (31 / 40 signups), 3 day (1/3 steps)."""
    from tests.apphelpers import seed_realistic_board

    _at(clock, "08:00")
    store = seed_realistic_board(data_dir, clock)
    for moment, task_id in (("08:30", 3), ("08:35", 8), ("08:40", 5)):
        _at(clock, moment)
        store.complete_task(task_id)
    _at(clock, "09:00")
    store.block_task(4, "p", person="Marta")
    _at(clock, "09:30")
    assert clock.now() == datetime.fromisoformat(FROZEN)
    store.close()
    return store.data_file


@pytest.fixture
def objective(board: Path, data_dir: Path, clock: FixedClock) -> Path:
    """The board plus objective 1 "Grow" with one key result, 1.1 "Members" (0 / 100), written
    in-process (fast). Returns the data file."""
    from focus_tui.domain.okr import add_key_result
    from focus_tui.storage import Store

    store = Store(data_dir, clock).open()
    store.add_objective(datetime(2026, 10, 1).date(), "Grow")
    store.update_objective(1, lambda current: add_key_result(current, clock.now(), "Members", 100), "add a key result to")
    store.close()
    return board


def review_json(focus, *args: str, at: str = FROZEN) -> dict:
    return json.loads(ok(focus("review", "--format", "json", *args, at=at)))


def added(result: subprocess.CompletedProcess) -> str:
    """Success, where stderr may carry a warning (an objective outside 2-5 key results)."""
    assert result.returncode == 0, f"exit {result.returncode}: {result.stderr}"
    assert all(line.startswith("focus: warning: ") for line in result.stderr.splitlines()), result.stderr
    return result.stdout


def tasks_by_id(focus, at: str = FROZEN) -> dict[int, dict]:
    return {task["id"]: task for task in json.loads(ok(focus("list", "--all", "--json", at=at)))}


NO_BLOCKERS = {"opened": 0, "resolved": 0, "open": 0}
BLOCKERS_SEEN = {"task": NO_BLOCKERS, "people": {"opened": 1, "resolved": 0, "open": 1},
                 "budget": NO_BLOCKERS, "resource": NO_BLOCKERS}
CATEGORIES_SEEN = {"planning": {"planned": 1, "done": 0}, "routine": {"planned": 4, "done": 1},
                   "transactional": {"planned": 4, "done": 3}}


def _figures_of_the_board(data: dict) -> None:
    """The same tasks are the whole of the day, the week and the quarter on the seeded board."""
    assert data["empty"] is False
    assert (data["planned"], data["done"], data["done_of_planned"], data["unplanned_done"], data["dropped"]) == (9, 4, 4, 0, 0)
    assert data["by_category"] == CATEGORIES_SEEN
    assert [task["id"] for task in data["finished"]] == [3, 5, 6, 8]
    assert [task["id"] for task in data["unfinished"]] == [1, 2, 4, 9, 10]
    assert data["batches"] == {"runs": 0, "minutes": 0.0, "items_done": 0, "small_done": 3}
    assert data["switches_saved"] == 1
    assert data["blockers_by_cause"] == BLOCKERS_SEEN
    assert data["open_blockers"] == [{"title": "Expense form for October", "cause": "people", "age": "30m",
                                      "person": "Marta", "note": ""}]


# --------------------------------------------------------------------------------------------
# focus review: the three stages in the three formats
# --------------------------------------------------------------------------------------------

def test_day_review_json_has_the_exact_figures(focus, board: Path) -> None:
    data = review_json(focus)
    assert (data["stage"], data["date"], data["end"], data["period"]) == ("day", "2026-11-21", "2026-11-21", "Sat 21 Nov 2026")
    _figures_of_the_board(data)
    keys = data["key_tasks"]
    assert set(keys) == {"quarter", "week", "day"}
    assert (keys["quarter"]["done"], keys["quarter"]["done_in_review"], keys["quarter"]["target"]) == (2240.0, 140.0, 5000.0)
    assert (keys["week"]["done"], keys["week"]["done_in_review"], keys["week"]["ahead"]) == (31.0, 0.0, -9.0)
    assert (keys["day"]["text"], keys["day"]["micro_goals_done"], keys["day"]["micro_goals"]) == ("Run the launch webinar", 1, 3)
    assert (data["highlights"], data["shortcomings"], data["tomorrow"]) == ("", "", "")
    assert "changes" not in data and "objectives" not in data
    assert data["closed"] is None
    assert data["standup"].splitlines() == [
        "Finished: Reply to Ana about the venue; Review [bold]feedback[/bold] from the beta; Book the webinar room;"
        " Fix the signup email typo.",
        "Next: Run the launch webinar; Draft the Q1 community plan; Send the board deck to Marta (and 2 more).",
        "Blocked: Expense form for October (people, Marta, 30m). Help needed: time with Marta.",
    ]
    assert len(data["trend"]) == 14
    assert data["trend"][-2:] == [{"date": "2026-11-20", "planned": 1, "done": 0, "key_progress": 0.0},
                                  {"date": "2026-11-21", "planned": 9, "done": 4, "key_progress": 33.3}]


def test_day_review_markdown_matches_the_golden_file(focus, board: Path) -> None:
    """Byte for byte. UPDATE_GOLDEN=1 rewrites the file; read the diff before committing it."""
    written = focus("review", "--highlights", "The webinar invite went out",
                    "--shortcomings", "The expense form waits on Marta", "--tomorrow", "Ask Marta first thing")
    out = ok(written)
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_bytes(out.encode("utf-8"))
    assert out.encode("utf-8") == GOLDEN.read_bytes()
    assert ok(focus("review")) == out  # saved: a plain review prints the same
    assert ok(focus("review", "--format", "md")) == out


def test_day_review_as_text(focus, board: Path) -> None:
    out = ok(focus("review", "--format", "text"))
    lines = out.splitlines()
    assert lines[:2] == ["Daily review: Sat 21 Nov 2026", "=" * len("Daily review: Sat 21 Nov 2026")]
    assert "  Day (Sat 21 Nov 2026): Run the launch webinar · 1/3 steps" in lines
    table = lines[lines.index("Planned vs done") + 1: lines.index("Planned vs done") + 7]
    assert table == ["                 planned  done", "  Planning             1     0", "  Routine              4     1",
                     "  Transactional        4     3", "  Total                9     4", "  Done 4 of 9 planned."]
    assert "  0 batches, 0 min; 3 small tasks done; 1 context switch saved" in lines
    assert "  open: Expense form for October (people, Marta, 30m)" in lines
    assert "  Day not closed." in lines
    assert "#" not in out and "**" not in out


def test_week_review_in_each_format(focus, board: Path) -> None:
    out = ok(focus("review", "--week", "this", "--changes", "Batched the email", "--rules", "Block on people early",
                   "--actions", "Hire a second host"))
    assert out.startswith("# Week review: week of 16 Nov\n")
    assert "## Each day\n\n- Sat 21 Nov 2026: Run the launch webinar · 1/3 steps\n" in out
    assert "**Changes made during the stage:** Batched the email\n" in out
    assert "**Rules learned:** Block on people early\n" in out
    assert "**Actions for the next stage:** Hire a second host\n" in out
    assert "## Objectives\n\n- none set for this quarter\n" in out
    assert "Stand-up" not in out and "What changes tomorrow" not in out

    text = ok(focus("review", "--week", "this", "--format", "text"))
    assert text.startswith("Week review: week of 16 Nov\n===========================\n")
    assert "Rules learned\n  Block on people early\n" in text

    data = review_json(focus, "--week", "2026-W47")
    assert (data["stage"], data["date"], data["end"], data["period"]) == ("week", "2026-11-16", "2026-11-21", "week of 16 Nov")
    _figures_of_the_board(data)
    assert set(data["key_tasks"]) == {"quarter", "week"}
    assert data["key_tasks"]["week"]["done_in_review"] == 31.0
    assert [row["text"] for row in data["sub_key_tasks"]] == ["Run the launch webinar"]
    assert data["objectives"] == []
    assert {name: data[name] for name in ("highlights", "shortcomings", "changes", "rules", "actions")} == {
        "highlights": "", "shortcomings": "", "changes": "Batched the email", "rules": "Block on people early",
        "actions": "Hire a second host"}
    assert "tomorrow" not in data and "standup" not in data and "closed" not in data


def test_quarter_review_in_each_format(focus, board: Path) -> None:
    assert ok(focus("okr", "add", "Build a community that grows itself")) == "1\n"
    out = ok(focus("review", "--quarter", "this", "--highlights", "Onboarding shipped"))
    assert out.startswith("# Quarter review: Q4 2026\n")
    assert "## Each week\n\n- week of 16 Nov: Launch the new onboarding flow · 31 / 40 signups · behind by 9\n" in out
    assert "- 1. Build a community that grows itself: score -, no confidence recorded\n" in out
    assert "**Highlights:** Onboarding shipped\n" in out

    text = ok(focus("review", "--quarter", "Q4", "-f", "text"))
    assert text.startswith("Quarter review: Q4 2026\n=======================\n")
    assert "Highlights\n  Onboarding shipped\n" in text

    data = review_json(focus, "--quarter", "2026-Q4")
    assert (data["stage"], data["date"], data["end"], data["period"]) == ("quarter", "2026-10-01", "2026-11-21", "Q4 2026")
    _figures_of_the_board(data)
    assert set(data["key_tasks"]) == {"quarter"}
    assert data["key_tasks"]["quarter"]["done_in_review"] == 2240.0
    assert [row["period"] for row in data["sub_key_tasks"]] == ["week of 16 Nov"]
    assert [(o["id"], o["text"], o["score"]) for o in data["objectives"]] == [(1, "Build a community that grows itself", None)]
    assert data["highlights"] == "Onboarding shipped" and data["actions"] == ""


@pytest.mark.parametrize(
    ("args", "stage", "start"),
    [
        ([], "day", "2026-11-21"),
        (["--date", "today"], "day", "2026-11-21"),
        (["--date", "yesterday"], "day", "2026-11-20"),
        (["--date", "fri"], "day", "2026-11-20"),  # a weekday looks back in a review
        (["--date", "sat"], "day", "2026-11-21"),
        (["--date=-3d"], "day", "2026-11-18"),
        (["--date", "2026-11-18"], "day", "2026-11-18"),
        (["--week", "this"], "week", "2026-11-16"),
        (["--week", "last"], "week", "2026-11-09"),
        (["--week", "2026-W47"], "week", "2026-11-16"),
        (["--week", "2026-11-12"], "week", "2026-11-09"),
        (["--week", "mon"], "week", "2026-11-16"),
        (["--quarter", "this"], "quarter", "2026-10-01"),
        (["--quarter", "last"], "quarter", "2026-07-01"),
        (["--quarter", "Q3"], "quarter", "2026-07-01"),
        (["--quarter", "2026-Q1"], "quarter", "2026-01-01"),
        (["--quarter", "2026-08-15"], "quarter", "2026-07-01"),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) else value,
)
def test_which_period_is_reviewed(focus, args: list[str], stage: str, start: str) -> None:
    data = review_json(focus, *args)
    assert (data["stage"], data["date"]) == (stage, start)


def test_an_empty_day_says_nothing_was_recorded(focus, data_dir: Path) -> None:
    assert "\nNothing was recorded for this period.\n" in ok(focus("review"))
    assert "\n  Nothing was recorded for this period.\n" in ok(focus("review", "-f", "text"))
    data = review_json(focus)
    assert data["empty"] is True and (data["planned"], data["done"]) == (0, 0)
    assert data["standup"] == "Finished: nothing recorded yet.\nNext: nothing planned yet.\nBlocked: nothing."
    assert not (data_dir / "focus.json").exists()  # reading a review writes nothing


# --------------------------------------------------------------------------------------------
# focus review: writing
# --------------------------------------------------------------------------------------------

def test_written_fields_and_standup_are_saved_and_cleared(focus, board: Path) -> None:
    ok(focus("review", "--highlights", "Two lines:\nboth kept", "--tomorrow", "Start with the deck"))
    data = review_json(focus)
    assert (data["highlights"], data["shortcomings"], data["tomorrow"]) == ("Two lines:\nboth kept", "", "Start with the deck")

    generated = data["standup"]
    ok(focus("review", "--standup", "Finished: the webinar.\nNext: the deck.\nBlocked: nothing."))
    assert review_json(focus)["standup"] == "Finished: the webinar.\nNext: the deck.\nBlocked: nothing."
    assert "## Stand-up\n\nFinished: the webinar.  \nNext: the deck.  \nBlocked: nothing.\n" in ok(focus("review"))

    ok(focus("review", "--highlights", "", "--standup", ""))  # empty clears; the stand-up is generated again
    data = review_json(focus)
    assert (data["highlights"], data["tomorrow"], data["standup"]) == ("", "Start with the deck", generated)

    ok(focus("review", "--date", "yesterday", "--shortcomings", "Left the newsletter"))
    assert review_json(focus, "--date", "yesterday")["shortcomings"] == "Left the newsletter"
    assert review_json(focus)["shortcomings"] == ""


def test_writing_is_undone_one_command_at_a_time(focus, board: Path) -> None:
    ok(focus("review", "--highlights", "first"))
    ok(focus("review", "--highlights", "second"))
    assert "write the day review" in ok(focus("undo"))
    assert review_json(focus)["highlights"] == "first"


# --------------------------------------------------------------------------------------------
# focus review: bad input exits 2 and writes nothing
# --------------------------------------------------------------------------------------------

REVIEW_USAGE_ERRORS = [
    pytest.param(["--date", "tomorrow"], "has not begun yet", id="future-date"),
    pytest.param(["--date", "2026-12-25", "--highlights", "x"], "has not begun yet", id="future-date-with-writing"),
    pytest.param(["--week", "next"], "week of 23 Nov has not begun yet", id="week-next"),
    pytest.param(["--week", "next week"], "week of 23 Nov has not begun yet", id="week-next-week"),
    pytest.param(["--quarter", "next"], "Q1 2027 has not begun yet", id="quarter-next"),
    pytest.param(["--quarter", "2027-Q1"], "Q1 2027 has not begun yet", id="quarter-2027-Q1"),
    pytest.param(["--date", "2026-02-30"], "February 2026 has 28 days", id="impossible-date"),
    pytest.param(["--week", "2026-02-30"], "February 2026 has 28 days", id="impossible-date-in-week"),
    pytest.param(["--week", "2025-W53"], "not a week of 2025", id="impossible-iso-week"),
    pytest.param(["--date", "someday"], "not a date", id="not-a-date"),
    pytest.param(["--date", "today", "--week", "this"], "not allowed with", id="two-periods"),
    pytest.param(["--format", "pdf"], "invalid choice", id="bad-format"),
    pytest.param(["--highlights", "bell\x07ring"], "control character", id="control-character"),
    pytest.param(["--tomorrow", "\x1b[31mred"], "escape sequence", id="escape-sequence"),
    pytest.param(["--standup", "x\x01y"], "control character", id="control-in-standup"),
    pytest.param(["--highlights", "x" * 601], "too long", id="too-long"),
    pytest.param(["--highlights", "ok", "--changes", "x"], "--changes does not belong to a day review", id="week-heading-on-day"),
    pytest.param(["--week", "this", "--tomorrow", "x"], "--tomorrow does not belong to a week review", id="day-heading-on-week"),
    pytest.param(["--quarter", "this", "--standup", "x"], "--standup is for a day review", id="standup-on-quarter"),
    pytest.param(["--week", "this", "--close"], "--close is for a day review", id="close-a-week"),
    pytest.param(["--all", "drop"], "--all goes with --close", id="all-without-close"),
    pytest.param(["--close", "--all", "later"], "invalid choice", id="bad-decision"),
    pytest.param(["--close", "--format", "json"], "--close prints what it did", id="close-with-format"),
    pytest.param(["--close", "--highlights", "x"], "still need a decision", id="close-undecided-with-writing"),
]


@pytest.mark.parametrize(("args", "words"), REVIEW_USAGE_ERRORS)
def test_review_usage_errors_exit_2_and_write_nothing(focus, board: Path, args: list[str], words: str) -> None:
    before = board.read_bytes()
    line = failed(focus("review", *args), 2)
    assert words in line
    assert board.read_bytes() == before


# --------------------------------------------------------------------------------------------
# focus review --close
# --------------------------------------------------------------------------------------------

def test_close_refuses_undecided_tasks_naming_them(focus, board: Path) -> None:
    before = board.read_bytes()
    line = failed(focus("review", "--close"), 2)
    assert "4 unfinished tasks still need a decision" in line
    for task_id, title in ((1, "Draft the Q1 community plan"), (2, "Weekly metrics report"),
                           (9, "Send the board deck to Marta"), (10, "Draft the newsletter")):
        assert f"{task_id} {title!r}" in line
    assert "Expense form" not in line  # blocked work stays parked with its blocker
    assert "--all tomorrow" in line
    assert board.read_bytes() == before


def test_close_all_tomorrow_moves_the_work_and_undo_reverts_it_in_one_step(focus, board: Path) -> None:
    before = tasks_by_id(focus)
    assert ok(focus("review", "--close", "--all", "tomorrow")) == (
        "closed 2026-11-21: 4 moved to 2026-11-22 (focus undo reopens it)\n")
    data = review_json(focus)
    assert data["closed"] == FROZEN
    assert data["planned"] == 9  # what was on the day's list still counts as planned on it
    assert "Day closed at 09:30." in ok(focus("review"))

    moved = [1, 2, 9, 10]
    after = tasks_by_id(focus)
    assert all(after[task_id]["day"] == "2026-11-22" and after[task_id]["status"] == "todo" for task_id in moved)
    assert after[4]["status"] == "blocked" and after[4]["day"] == "2026-11-21"
    tomorrow = {task["id"] for task in json.loads(ok(focus("list", "--json", at=SUNDAY)))}
    assert set(moved) <= tomorrow
    assert not set(moved) & {task["id"] for task in json.loads(ok(focus("list", "--json")))}

    assert ok(focus("undo")) == "undone: close 2026-11-21\n"
    assert review_json(focus)["closed"] is None
    assert tasks_by_id(focus) == before


@pytest.mark.parametrize(("decision", "said", "days", "status"),
                         [("backlog", "moved to the backlog", [None] * 4, "todo"),
                          ("drop", "dropped", ["2026-11-21"] * 3 + ["2026-11-20"], "dropped")])
def test_close_all_backlog_or_drop(focus, board: Path, decision: str, said: str, days: list, status: str) -> None:
    assert ok(focus("review", "--close", "--all", decision)) == f"closed 2026-11-21: 4 {said} (focus undo reopens it)\n"
    after = tasks_by_id(focus)
    assert [(after[i]["day"], after[i]["status"]) for i in (1, 2, 9, 10)] == [(day, status) for day in days]
    assert review_json(focus)["closed"] == FROZEN


def test_closing_a_past_day_sends_its_work_to_today(focus, board: Path) -> None:
    assert ok(focus("review", "--date", "yesterday", "--close", "--all", "tomorrow")) == (
        "closed 2026-11-20: 1 moved to 2026-11-21 (focus undo reopens it)\n")
    assert tasks_by_id(focus)[10]["day"] == "2026-11-21"
    assert review_json(focus, "--date", "yesterday")["closed"] == FROZEN
    assert review_json(focus)["closed"] is None


def test_close_with_nothing_left_to_decide_and_with_writing(focus, board: Path) -> None:
    for task_id in ("1", "2", "9", "10"):
        ok(focus("done", task_id))
    assert ok(focus("review", "--close", "--tomorrow", "Rest")) == "closed 2026-11-21: nothing left to decide\n"
    data = review_json(focus)
    assert data["closed"] == FROZEN and data["tomorrow"] == "Rest"
    ok(focus("undo"))  # the close first, then the writing
    assert review_json(focus)["closed"] is None and review_json(focus)["tomorrow"] == "Rest"


# --------------------------------------------------------------------------------------------
# focus okr
# --------------------------------------------------------------------------------------------

def okr_list(focus, *args: str, at: str = FROZEN) -> list[dict]:
    return json.loads(ok(focus("okr", "list", "--json", *args, at=at)))


def test_okr_flow_with_fed_key_results_overrides_and_confidence(focus, board: Path) -> None:
    assert ok(focus("okr", "add", "Build a community that grows itself")) == "1\n"
    assert ok(focus("okr", "add", "Make", "onboarding", "effortless", "--quarter", "2026-Q4")) == "2\n"

    first = focus("okr", "kr", "1", "Reach 5,000 members", "--feed", "quarter")  # target and unit from the key task
    assert first.returncode == 0 and first.stdout == "1.1\n"
    assert first.stderr == "focus: warning: objective 1 has 1 key result; an objective needs 2 to 5\n"
    assert ok(focus("okr", "kr", "1", "Run 4 meetups", "--target", "4", "--unit", "meetups")) == "1.2\n"
    assert added(focus("okr", "kr", "2", "Signups in week one", "--key-task", "2")) == "2.1\n"  # 40 signups
    assert ok(focus("okr", "kr", "2", "Activation rate", "--target", "60", "--unit", "%")) == "2.2\n"

    assert ok(focus("okr", "update", "1.2", "3")) == "1.2 Run 4 meetups: 3 / 4 meetups · score 0.75\n"
    assert ok(focus("okr", "score", "1.2", "0.9")) == "1.2 Run 4 meetups: 3 / 4 meetups · score 0.90 (set by hand)\n"
    assert okr_list(focus)[0]["key_results"][1]["score"] == 0.9
    assert ok(focus("okr", "score", "1.2", "clear")) == "1.2 Run 4 meetups: 3 / 4 meetups · score 0.75\n"
    ok(focus("okr", "score", "2.2", "0.4"))

    line = failed(focus("okr", "update", "1.1", "5"), 2)  # fed by the quarter key task
    assert "1.1 is fed by key task 1" in line

    ok(focus("okr", "confidence", "1", "6"))
    assert ok(focus("okr", "confidence", "1", "8", at=SUNDAY)) == (
        "objective 1: 8/10 for the week of 16 Nov (history: 8)\n")  # the same week: replaced
    ok(focus("okr", "confidence", "1", "7", at=MONDAY))

    assert ok(focus("progress", "quarter", "100")).startswith("quarter: 2,340 / 5,000 members")
    assert okr_list(focus) == [
        {"id": 1, "quarter_start": "2026-10-01", "text": "Build a community that grows itself", "score": 0.61,
         "warning": None,
         "key_results": [
             {"ref": "1.1", "text": "Reach 5,000 members", "target": 5000.0, "unit": "members", "done": 2340.0,
              "key_task_id": 1, "score": 0.47, "score_overridden": False},
             {"ref": "1.2", "text": "Run 4 meetups", "target": 4.0, "unit": "meetups", "done": 3.0,
              "key_task_id": None, "score": 0.75, "score_overridden": False}],
         "confidence": [{"week_start": "2026-11-16", "value": 8}, {"week_start": "2026-11-23", "value": 7}]},
        {"id": 2, "quarter_start": "2026-10-01", "text": "Make onboarding effortless", "score": 0.59, "warning": None,
         "key_results": [
             {"ref": "2.1", "text": "Signups in week one", "target": 40.0, "unit": "signups", "done": 31.0,
              "key_task_id": 2, "score": 0.78, "score_overridden": False},
             {"ref": "2.2", "text": "Activation rate", "target": 60.0, "unit": "%", "done": 0.0,
              "key_task_id": None, "score": 0.4, "score_overridden": True}],
         "confidence": []},
    ]
    assert okr_list(focus, "--quarter", "last") == []

    assert ok(focus("okr", "list")) == (
        "Q4 2026\n"
        "1. Build a community that grows itself · score 0.61 · confidence 8 → 7 /10\n"
        "   1.1 Reach 5,000 members: 2,340 / 5,000 members · score 0.47 · fed by 'Grow the community to 5,000 members'\n"
        "   1.2 Run 4 meetups: 3 / 4 meetups · score 0.75\n"
        "2. Make onboarding effortless · score 0.59 · no confidence recorded\n"
        "   2.1 Signups in week one: 31 / 40 signups · score 0.78 · fed by 'Launch the new onboarding flow'\n"
        "   2.2 Activation rate: 0 / 60 % · score 0.40 (set by hand)\n"
    )
    # The quarter review shows the same scores.
    assert "  - 1.1 Reach 5,000 members: 2,340 / 5,000 members, score 0.47\n" in ok(focus("review", "--quarter", "this"))


def test_okr_edit_remove_and_undo(focus, board: Path) -> None:
    ok(focus("okr", "add", "Grow"))
    added(focus("okr", "kr", "1", "Members", "--target", "100"))
    ok(focus("okr", "kr", "1", "Meetups", "--target", "4"))
    ok(focus("okr", "kr", "1", "Posts", "--target", "10"))
    assert ok(focus("okr", "edit", "1", "Grow", "the", "community")) == "edited objective 1: Grow the community\n"

    removed = focus("okr", "rm-kr", "1.2")
    assert removed.stdout == "removed key result 1.2: Meetups\n" and removed.stderr == ""
    assert [kr["ref"] + " " + kr["text"] for kr in okr_list(focus)[0]["key_results"]] == ["1.1 Members", "1.2 Posts"]
    again = focus("okr", "rm-kr", "1.1")
    assert again.returncode == 0
    assert again.stderr == "focus: warning: objective 1 has 1 key result; an objective needs 2 to 5\n"
    assert okr_list(focus)[0]["warning"] == "has 1 key result; an objective needs 2 to 5"
    ok(focus("undo"))

    before = okr_list(focus)
    assert ok(focus("okr", "rm", "1")) == "removed objective 1: Grow the community (2 key results; focus undo brings it back)\n"
    assert okr_list(focus) == []
    assert ok(focus("undo")) == "undone: remove objective 'Grow the community'\n"
    assert okr_list(focus) == before


def test_a_fourth_objective_is_refused_by_the_rule_of_three(focus, board: Path) -> None:
    for text in ("One", "Two", "Three"):
        ok(focus("okr", "add", text))
    ok(focus("okr", "add", "Next quarter's", "--quarter", "2027-Q1"))  # another quarter has room
    before = board.read_bytes()
    line = failed(focus("okr", "add", "Four"), 2)
    assert "rule of three" in line and "at most 3 objectives" in line
    assert board.read_bytes() == before
    assert [o["text"] for o in okr_list(focus)] == ["One", "Two", "Three"]


OKR_USAGE_ERRORS = [
    pytest.param(["okr"], "required", id="no-action"),
    pytest.param(["okr", "bogus"], "invalid choice", id="unknown-action"),
    pytest.param(["okr", "add", ""], "empty", id="empty-objective"),
    pytest.param(["okr", "add", "bell\x07"], "control character", id="control-in-objective"),
    pytest.param(["okr", "kr", "1", "More", "--target", "0"], "above zero", id="target-zero"),
    pytest.param(["okr", "kr", "1", "More", "--target", "-5"], "above zero", id="target-negative"),
    pytest.param(["okr", "kr", "1", "More", "--target", "lots"], "not a number", id="target-not-a-number"),
    pytest.param(["okr", "kr", "1", "More"], "needs a measurable target", id="no-target"),
    pytest.param(["okr", "kr", "1", "More", "--target", "5", "--feed", "year"], "invalid choice", id="bad-feed"),
    pytest.param(["okr", "kr", "1", "More", "--target", "5", "--feed", "day", "--key-task", "1"], "not allowed with",
                 id="feed-and-key-task"),
    pytest.param(["okr", "kr", "x", "More", "--target", "5"], "not an objective id", id="bad-objective-id"),
    pytest.param(["okr", "kr", "1", "More", "--target", "5", "--key-task", "k"], "not a key task id", id="bad-key-task-id"),
    pytest.param(["okr", "score", "1.1", "1.5"], "outside 0.0-1.0", id="score-above-one"),
    pytest.param(["okr", "score", "1.1", "-0.1"], "outside 0.0-1.0", id="score-below-zero"),
    pytest.param(["okr", "score", "1.1", "high"], "not a number", id="score-not-a-number"),
    pytest.param(["okr", "confidence", "1", "0"], "outside 1-10", id="confidence-0"),
    pytest.param(["okr", "confidence", "1", "11"], "outside 1-10", id="confidence-11"),
    pytest.param(["okr", "confidence", "1", "abc"], "not a whole number", id="confidence-abc"),
    pytest.param(["okr", "update", "1.1", "-5"], "below zero", id="done-negative"),
    pytest.param(["okr", "update", "1.1", "some"], "not a number", id="done-not-a-number"),
    pytest.param(["okr", "update", "1", "5"], "not OBJECTIVE.RESULT", id="ref-without-dot"),
    pytest.param(["okr", "update", "1.x", "5"], "not OBJECTIVE.RESULT", id="ref-not-a-number"),
    pytest.param(["okr", "update", "1.²", "5"], "not OBJECTIVE.RESULT", id="ref-superscript"),
    pytest.param(["okr", "update", "0.1", "5"], "not OBJECTIVE.RESULT", id="ref-zero"),
    pytest.param(["okr", "edit", "1", "\x1b[2J"], "escape sequence", id="escape-in-edit"),
    pytest.param(["okr", "rm", "-1"], "not an objective id", id="negative-objective-id"),
    pytest.param(["okr", "list", "--quarter", "Q5"], "not a date", id="bad-quarter"),
]


@pytest.mark.parametrize(("args", "words"), OKR_USAGE_ERRORS)
def test_okr_usage_errors_exit_2_and_write_nothing(focus, objective: Path, args: list[str], words: str) -> None:
    before = objective.read_bytes()
    line = failed(focus(*args), 2)
    assert words in line
    assert objective.read_bytes() == before


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["okr", "rm", "99"], "no objective with id 99"),
        (["okr", "edit", "99", "x"], "no objective with id 99"),
        (["okr", "confidence", "99", "5"], "no objective with id 99"),
        (["okr", "kr", "99", "x", "--target", "5"], "no objective with id 99"),
        (["okr", "update", "9.1", "5"], "no objective with id 9"),
        (["okr", "update", "1.2", "5"], "objective 1 has no key result 2 (it has 1: 1.1)"),
        (["okr", "score", "1.3", "0.5"], "objective 1 has no key result 3"),
        (["okr", "rm-kr", "1.2"], "objective 1 has no key result 2"),
        (["okr", "kr", "1", "x", "--target", "5", "--key-task", "99"], "no key task with id 99"),
    ],
)
def test_okr_unknown_ids_exit_1_and_write_nothing(focus, objective: Path, args: list[str], words: str) -> None:
    before = objective.read_bytes()
    assert words in failed(focus(*args), 1)
    assert objective.read_bytes() == before


def test_feeding_from_a_stage_without_a_key_task_exits_1(focus, data_dir: Path) -> None:
    ok(focus("okr", "add", "Grow"))
    data_file = data_dir / "focus.json"
    before = data_file.read_bytes()
    line = failed(focus("okr", "kr", "1", "Members", "--target", "5", "--feed", "week"), 1)
    assert "the week has no key task yet" in line
    assert data_file.read_bytes() == before


# --------------------------------------------------------------------------------------------
# Help, and no UI
# --------------------------------------------------------------------------------------------

def test_help_lists_review_and_okr(focus) -> None:
    out = ok(focus("--help"))
    assert "    review " in out and "    okr " in out
    review_help = ok(focus("review", "--help"))
    for option in ("--date", "--week", "--quarter", "--format", "--highlights", "--shortcomings", "--tomorrow",
                   "--changes", "--rules", "--actions", "--standup", "--close", "--all"):
        assert option in review_help
    okr_help = ok(focus("okr", "--help"))
    for action in ("list", "add", "kr", "update", "score", "confidence", "edit", "rm", "rm-kr"):
        assert action in okr_help


@pytest.mark.parametrize(
    "args",
    [["review"], ["review", "--format", "json"], ["review", "--week", "this", "-f", "text"],
     ["review", "--quarter", "this"], ["review", "--highlights", "x"], ["review", "--close", "--all", "tomorrow"],
     ["okr", "list"], ["okr", "list", "--json"], ["okr", "add", "Grow"], ["okr", "kr", "1", "Members", "--feed", "quarter"]],
    ids=lambda args: " ".join(args),
)
def test_review_and_okr_verbs_do_not_import_textual(isolated_env, board: Path, args: list[str]) -> None:
    env = {**os.environ, **isolated_env, "FOCUS_CLOCK": FROZEN}
    if args[:2] == ["okr", "kr"]:
        assert probe_verb(["okr", "add", "Grow"], env)["code"] == 0
    report = probe_verb(args, env)
    assert report["code"] == 0, report["stderr"]
    assert report["textual"] is False
    assert report["storage"] is True
