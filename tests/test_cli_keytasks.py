"""`focus key`, `focus progress` and `focus status`, run for real in subprocesses."""

from __future__ import annotations

import json
import os
import subprocess
from datetime import datetime
from pathlib import Path

import pytest

from focus_tui.config import Config
from focus_tui.domain.clock import FixedClock
from focus_tui.domain.keytasks import add_micro_goal, toggle_micro_goal
from focus_tui.domain.periods import Stage
from focus_tui.stages import log_stage_progress, set_key_task

from tests.clihelpers import failed, ok, probe_verb

MONDAY = "2026-11-16T10:00:00+00:00"
TUESDAY = "2026-11-17T10:00:00+00:00"  # the default clock of these tests


@pytest.fixture
def focus(run_cli):
    """`focus ARGS...` on Tuesday 2026-11-17 unless `at=` says otherwise."""

    def run(*args: str, at: str = TUESDAY, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
        return run_cli(*args, env={"FOCUS_CLOCK": at, **(env or {})})

    return run


def status(focus, at: str = TUESDAY) -> dict:
    data = json.loads(ok(focus("status", "--json", at=at)))
    assert set(data) == {"day", "week", "quarter"}
    return data


def key_tasks(focus) -> list[dict]:
    return json.loads(ok(focus("export")))["tables"].get("key_tasks", [])


def _store(data_dir: Path, at: str = TUESDAY):
    from focus_tui.storage import Store

    return Store(data_dir, FixedClock(datetime.fromisoformat(at))).open()


@pytest.fixture
def seeded_week(data_dir: Path) -> Path:
    """A week key task with a target, written in-process (fast). Returns the data file."""
    store = _store(data_dir)
    set_key_task(store, Config(), Stage.WEEK, "Launch the onboarding flow", target=10_000, unit="signups")
    log_stage_progress(store, Config(), Stage.WEEK, 1_000)  # so a correction has something to correct
    store.close()
    return store.data_file


# --------------------------------------------------------------------------------------------
# key
# --------------------------------------------------------------------------------------------

def test_help_lists_the_new_verbs(focus) -> None:
    out = ok(focus("--help"))
    for verb in ("key", "progress", "status"):
        assert f"    {verb} " in out
    key_help = ok(focus("key", "--help"))
    for option in ("--target", "--unit", "--purpose", "--serves", "--objective", "--replace"):
        assert option in key_help


def test_a_key_task_for_each_stage_and_each_serves_the_one_above(focus) -> None:
    assert ok(focus("key", "quarter", "Grow", "the", "community", "--objective", "Community OKR")) == (
        "quarter key task: Grow the community (objective: Community OKR)\n"
    )
    assert ok(focus("key", "week", "Launch the onboarding flow", "--target", "40", "--unit", "signups",
                    "--purpose", "first impressions")) == (
        "week key task: Launch the onboarding flow (target 40 signups; serves: Grow the community)\n"
    )
    assert ok(focus("key", "day", "Write the welcome email", "--serves", "Activation goal")) == (
        "day key task: Write the welcome email (serves: Launch the onboarding flow; objective: Activation goal)\n"
    )
    data = status(focus)
    quarter, week, day = data["quarter"], data["week"], data["day"]
    assert (quarter["text"], quarter["period_start"], quarter["serves"], quarter["objective"]) == (
        "Grow the community", "2026-10-01", None, "Community OKR")
    assert (week["text"], week["period_start"], week["serves"], week["purpose"]) == (
        "Launch the onboarding flow", "2026-11-16", "Grow the community", "first impressions")
    assert (day["text"], day["period_start"], day["serves"], day["objective"]) == (
        "Write the welcome email", "2026-11-17", "Launch the onboarding flow", "Activation goal")
    # The five public keys, with and without a target.
    assert (week["target"], week["done"], week["unit"], week["catch_up"]) == (40, 0, "signups", 10)
    assert (day["target"], day["done"], day["unit"], day["catch_up"]) == (None, 0, "", None)
    # The chain is stored as ids: day -> week -> quarter.
    stored = {record["stage"]: record for record in key_tasks(focus)}
    assert stored["day"]["parent_id"] == stored["week"]["id"]
    assert stored["week"]["parent_id"] == stored["quarter"]["id"]
    assert stored["quarter"]["parent_id"] is None


@pytest.mark.parametrize(("written", "value"), [("10000", 10_000), ("10,000", 10_000), ("2.5", 2.5), ("10k", 10_000)])
def test_target_is_read_as_people_write_it(focus, written: str, value: float) -> None:
    ok(focus("key", "week", "Count things", "--target", written))
    assert status(focus)["week"]["target"] == value


def test_a_second_key_task_needs_replace_and_the_old_one_stays_in_history(focus, data_dir: Path) -> None:
    ok(focus("key", "week", "Launch the onboarding flow", "--target", "10000"))
    data_file = data_dir / "focus.json"
    before = data_file.read_bytes()

    line = failed(focus("key", "week", "Ship the beta"), 1)
    assert "already has a key task: 'Launch the onboarding flow'" in line
    assert "--replace" in line and "history" in line
    assert data_file.read_bytes() == before

    # Options may come before the words.
    assert ok(focus("key", "week", "--replace", "Ship", "the", "beta")) == "week key task: Ship the beta\n"
    assert status(focus)["week"]["text"] == "Ship the beta"
    records = key_tasks(focus)
    assert [(record["text"], record["replaced"]) for record in records] == [
        ("Launch the onboarding flow", TUESDAY),
        ("Ship the beta", None),
    ]


def test_the_methods_example_through_the_cli(focus) -> None:
    ok(focus("key", "week", "Launch the onboarding flow", "--target", "10000", "--unit", "signups", at=MONDAY))
    out = ok(focus("progress", "week", "1500", at=MONDAY))
    # Progress logged today counts towards ahead/behind at once, but does not move today's
    # catch-up target: it shows as done today.
    assert out == "week: 1,500 / 10,000 signups · ahead by 1,500 · catch-up today 2,000 (done today 1,500, 500 to go)\n"
    week = status(focus, at=TUESDAY)["week"]
    assert week["catch_up"] == 2125
    assert (week["done"], week["target"], week["ahead"], week["days_left"], week["done_today"]) == (1500, 10_000, -500, 4, 0)
    text = ok(focus("status", at=TUESDAY))
    assert "week (week of 16 Nov)  Launch the onboarding flow · 1,500 / 10,000 signups · behind by 500 · catch-up today 2,125\n" in text


def test_progress_on_the_day_and_reaching_the_target(focus) -> None:
    ok(focus("key", "day", "Calls", "--target", "10", "--unit", "calls"))
    assert ok(focus("progress", "day", "4")) == "day: 4 / 10 calls · ahead by 4 · catch-up today 10 (done today 4, 6 to go)\n"
    assert ok(focus("progress", "day", "6")) == "day: 10 / 10 calls · target reached\n"


def test_negative_progress_corrects_an_earlier_entry(focus) -> None:
    ok(focus("key", "week", "Signups", "--target", "10k"))
    ok(focus("progress", "week", "3,000"))
    assert ok(focus("progress", "week", "-500")).startswith("week: 2,500 / 10,000 ·")
    assert ok(focus("progress", "week", "-1,000")).startswith("week: 1,500 / 10,000 ·")  # not an option either
    assert ok(focus("progress", "week", "--", "-0.5")).startswith("week: 1,499.5 / 10,000 ·")
    progress = key_tasks(focus)[0]["progress"]
    assert [amount for _at, _day, amount in progress] == [3000, -500, -1000, -0.5]
    assert {day for _at, day, _amount in progress} == {"2026-11-17"}


def test_progress_without_a_key_task_exits_1_and_writes_nothing(focus, data_dir: Path, seeded_week: Path) -> None:
    before = seeded_week.read_bytes()
    line = failed(focus("progress", "day", "5"), 1)
    assert "the day has no key task yet" in line and "focus key day" in line
    assert seeded_week.read_bytes() == before


def test_progress_without_a_target_is_a_usage_error(focus, seeded_week: Path) -> None:
    ok(focus("key", "day", "Write the spec"))
    before = seeded_week.read_bytes()
    assert "no target" in failed(focus("progress", "day", "1"), 2)
    assert seeded_week.read_bytes() == before


BAD_INPUT = [
    pytest.param(["key", "day", ""], "is empty", id="empty-text"),
    pytest.param(["key", "day", "  ", " "], "is empty", id="blank-words"),
    pytest.param(["key", "day", "bell\x07"], "control character", id="control-character"),
    pytest.param(["key", "day", "x", "--target", "0"], "above zero", id="target-zero"),
    pytest.param(["key", "day", "x", "--target", "-5"], "above zero", id="target-negative"),
    pytest.param(["key", "day", "x", "--target=-1,000"], "above zero", id="target-negative-grouped"),
    pytest.param(["key", "day", "x", "--target", "abc"], "'abc' is not a number", id="target-not-a-number"),
    pytest.param(["key", "day", "x", "--target", "inf"], "not a number", id="target-inf"),
    pytest.param(["key", "day", "x", "--target", "2e12"], "not a number", id="target-exponent"),
    pytest.param(["key", "day", "x", "--target", "9" * 400], "out of range", id="target-huge"),
    pytest.param(["key", "day", "x", "--unit", "signups"], "needs a target", id="unit-without-target"),
    pytest.param(["key", "month", "x"], "'month' is not a stage; use day, week or quarter", id="key-unknown-stage"),
    pytest.param(["key", "week"], "required", id="key-without-text"),
    pytest.param(["progress", "week", "0"], "zero", id="progress-zero"),
    pytest.param(["progress", "week", "-0"], "zero", id="progress-minus-zero"),
    pytest.param(["progress", "week", "x"], "'x' is not a number", id="progress-not-a-number"),
    pytest.param(["progress", "week", "1.2.3"], "not a number", id="progress-two-dots"),
    pytest.param(["progress", "week"], "required", id="progress-without-amount"),
    pytest.param(["progress", "year", "5"], "'year' is not a stage; use day, week or quarter", id="progress-unknown-stage"),
    pytest.param(["progress", "day", "x"], "not a number", id="bad-amount-before-missing-key-task"),
    pytest.param(["status", "--all"], "unrecognized", id="status-bad-option"),
]


@pytest.mark.parametrize(("args", "words"), BAD_INPUT)
def test_bad_input_exits_2_and_writes_nothing(focus, seeded_week: Path, args: list[str], words: str) -> None:
    before = seeded_week.read_bytes()
    line = failed(focus(*args), 2)
    assert words in line
    assert seeded_week.read_bytes() == before


@pytest.mark.parametrize("args", [["key", "week", ""], ["key", "week", "x", "--target", "0"],
                                  ["progress", "week", "5"], ["status"], ["status", "--json"]])
def test_a_fresh_home_gets_no_data_file_from_a_refusal_or_a_read(focus, data_dir: Path, args: list[str]) -> None:
    focus(*args)
    assert not (data_dir / "focus.json").exists()


def test_undo_reverts_progress_and_key_tasks(focus) -> None:
    ok(focus("key", "week", "First", "--target", "100"))
    ok(focus("progress", "week", "30"))
    assert ok(focus("undo")) == "undone: log progress on 'First'\n"
    assert status(focus)["week"]["done"] == 0

    ok(focus("key", "week", "Second", "--replace"))
    assert ok(focus("undo")) == "undone: set week key task 'Second'\n"
    assert [(record["text"], record["replaced"]) for record in key_tasks(focus)] == [("First", None)]
    assert status(focus)["week"]["text"] == "First"

    ok(focus("undo"))
    assert status(focus)["week"] is None
    assert key_tasks(focus) == []


def test_status_text_lines(focus, data_dir: Path) -> None:
    assert ok(focus("status")) == (
        "quarter (Q4 2026)      no key task yet; set one: focus key quarter TEXT\n"
        "week (week of 16 Nov)  no key task yet; set one: focus key week TEXT\n"
        "day (Tue 17 Nov 2026)  no key task yet; set one: focus key day TEXT\n"
    )
    assert status(focus) == {"day": None, "week": None, "quarter": None}

    store = _store(data_dir, MONDAY)
    set_key_task(store, Config(), Stage.QUARTER, "Grow the community")
    week = set_key_task(store, Config(), Stage.WEEK, "Launch the onboarding flow", target=10_000, unit="signups")
    now = store.clock.now()
    for goal in ("Copy", "Emails", "Landing page"):
        store.update_key_task(week.id, lambda key, goal=goal: add_micro_goal(key, goal, now), "add micro goal to")
    store.update_key_task(week.id, lambda key: toggle_micro_goal(key, 1, now), "toggle")
    store.close()
    ok(focus("progress", "week", "2,600", at=MONDAY))

    assert ok(focus("status")) == (
        "quarter (Q4 2026)      Grow the community\n"
        "week (week of 16 Nov)  Launch the onboarding flow · 2,600 / 10,000 signups · ahead by 600"
        " · catch-up today 1,850 · micro goals 1/3\n"
        "day (Tue 17 Nov 2026)  no key task yet; set one: focus key day TEXT\n"
    )
    data = status(focus)
    assert (data["week"]["micro_goals_done"], data["week"]["micro_goals"]) == (1, 3)
    assert data["day"] is None and data["quarter"]["target"] is None


def test_status_follows_the_configured_week_start(focus, isolated_env) -> None:
    config_file = Path(isolated_env["FOCUS_CONFIG"])
    config_file.parent.mkdir(parents=True)
    config_file.write_text('week_start = "sunday"\n', encoding="utf-8")
    ok(focus("key", "week", "Sunday weeks"))
    assert status(focus)["week"]["period_start"] == "2026-11-15"
    assert "week (week of 15 Nov)  Sunday weeks\n" in ok(focus("status"))


# --------------------------------------------------------------------------------------------
# These verbs never load the UI
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [["key", "day", "Write the spec"], ["progress", "week", "250"], ["progress", "week", "-250"],
     ["status"], ["status", "--json"]],
    ids=lambda args: " ".join(args),
)
def test_key_progress_and_status_do_not_import_textual(isolated_env, seeded_week: Path, args: list[str]) -> None:
    env = {**os.environ, **isolated_env, "FOCUS_CLOCK": TUESDAY}
    report = probe_verb(args, env)
    assert report["code"] == 0, report["stderr"]
    assert report["textual"] is False
    assert report["storage"] is True
