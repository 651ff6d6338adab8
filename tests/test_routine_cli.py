"""`focus routine`, run for real in subprocesses with isolated data and a frozen clock."""

from __future__ import annotations

import json
import os
import threading

import pytest

from tests.clihelpers import failed, ok, probe_verb

SATURDAY = "2026-11-21T09:30:00+00:00"
MONDAY = "2026-11-23T09:30:00+00:00"


@pytest.fixture
def focus(run_cli):
    def run(*args: str, at: str = SATURDAY):
        return run_cli(*args, env={"FOCUS_CLOCK": at})
    return run


def listed(focus, at: str = SATURDAY) -> list[dict]:
    return json.loads(ok(focus("routine", "list", "--json", at=at)))


def test_add_list_and_json(focus):
    out = ok(focus("routine", "add", "Community", "check", "--every", "weekdays", "--step", "Count new members",
                   "--step", "Welcome them", "--var", "members>=30", "--var", "reply time <= 2 h",
                   "--kind", "community", "--minutes", "20"))
    assert out == ("added routine 1: Community check (every weekday; 2 steps; members >= 30, reply time <= 2 h); "
                   "next: Mon 23 Nov\n")
    [row] = listed(focus)
    assert row == {
        "id": 1, "name": "Community check", "every": "every weekday",
        "recurrence": {"freq": "weekly", "interval": 1, "weekdays": [0, 1, 2, 3, 4], "monthday": None,
                       "starts": "2026-11-21"},
        "steps": ["Count new members", "Welcome them"],
        "variables": [{"name": "members", "unit": "", "expectation": ">= 30"},
                      {"name": "reply time", "unit": "h", "expectation": "<= 2 h"}],
        "kind": "community", "minutes": 20, "category": "routine", "paused": False,
        "next": ["2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26", "2026-11-27"],
        "missed": [], "today": None, "flags": [],
    }
    assert ok(focus("routine", "list")) == "   1  Community check · every weekday · next Mon 23 Nov\n"


def test_a_due_routine_lands_on_todays_list_once(focus):
    ok(focus("routine", "add", "Inbox", "--every", "daily", "--step", "Sort", "--step", "Answer"))
    for _ in range(3):
        [row] = listed(focus)
    assert row["today"] == {"task_id": 1, "steps_done": 0, "steps": 2, "done": False, "values": {}}
    tasks = json.loads(ok(focus("list", "--json")))
    assert [(task["title"], task["routine_id"], task["steps"]) for task in tasks] == [
        ("Inbox", 1, [["Sort", False], ["Answer", False]])]
    # Monday: the routine verbs open the day; Sunday passed unopened and shows as missed.
    [row] = listed(focus, at=MONDAY)
    assert row["today"]["task_id"] == 2 and row["missed"] == ["2026-11-22"]
    assert "missed Sun 22" in ok(focus("routine", "list", at=MONDAY))


def test_log_values_flags_on_stderr_with_exit_0(focus):
    ok(focus("routine", "add", "Community check", "--every", "daily", "--var", "new members>=30",
             "--var", "reply time <= 2 h"))
    result = focus("routine", "log", "community", "new members=18", "Reply Time=1.5")
    assert result.returncode == 0
    assert result.stdout == "logged on task 1 Community check: new members 18, reply time 1.5 h\n"
    assert result.stderr == "focus: flag: Community check: new members 18, expected >= 30\n"
    [row] = listed(focus)
    assert row["today"]["values"] == {"new members": 18.0, "reply time": 1.5}
    assert row["flags"] == ["new members 18, expected >= 30"]
    assert "⚠ new members 18, expected >= 30" in ok(focus("routine", "list"))
    good = focus("routine", "log", "1", "new members=1,500")
    assert good.returncode == 0 and good.stderr == ""


def test_log_creates_todays_instance_when_due(focus):
    ok(focus("routine", "add", "Weekly report", "--every", "sat", "--var", "on track >= 3"))
    ok(focus("rm", "1"))  # the generated instance is deleted; logging brings one back
    ok(focus("routine", "log", "weekly", "on track=4"))
    [row] = listed(focus)
    assert row["today"]["values"] == {"on track": 4.0}


@pytest.mark.parametrize("args, message", [
    (("log", "weekly", "on track=3"), "'Weekly report' is not due today (every Fri) and is not on today's list; next: Fri 27 Nov"),
    (("log", "weekly", "signups=3"), "'Weekly report' has no key variable 'signups'; its variables: on track"),
    (("log", "weekly", "on track=lots"), "on track: 'lots' is not a number"),
    (("log", "weekly", "on track"), "'on track' is not VAR=VALUE"),
    (("add", "X", "--every", "fortnightly-ish"), "recurrence: 'fortnightly-ish'"),
    (("add", "X", "--every", "daily", "--step", "Sort", "--step", ""), "step 2: is empty"),
    (("add", "X", "--every", "daily", "--var", "members"), "variable: 'members' has no expectation"),
    (("add", "X", "--every", "daily", "--var", "members >= many"), "'many' is not a number"),
    (("add", "X", "--every", "daily", "--minutes", "lots"), "minutes"),
    (("add", "Weekly report", "--every", "daily"), "a routine named 'Weekly report' exists already"),
    (("add", "X"), "--every"),
    (("starters", "--add", "nonsense"), "'nonsense' is not a starter"),
    (("resume", "weekly"), "'Weekly report' is already active"),
])
def test_bad_input_exits_2_in_one_line_and_writes_nothing(focus, data_dir, args, message):
    ok(focus("routine", "add", "Weekly report", "--every", "fri", "--var", "on track >= 3"))
    before = (data_dir / "focus.json").read_bytes()
    line = failed(focus("routine", *args), 2)
    assert message in line
    assert (data_dir / "focus.json").read_bytes() == before


def test_an_unknown_routine_is_a_data_problem(focus):
    ok(focus("routine", "add", "Inbox", "--every", "daily"))
    assert "no routine 'weekly'; routines: 1 'Inbox'" in failed(focus("routine", "log", "weekly", "x=1"), 1)
    assert "no routine with id 9" in failed(focus("routine", "pause", "9"), 1)


def test_pause_resume_rm_and_undo(focus):
    ok(focus("routine", "add", "Inbox", "--every", "daily", "--step", "Sort"))
    assert ok(focus("routine", "pause", "inbox")).startswith("paused routine 1: Inbox")
    [row] = listed(focus, at=MONDAY)
    assert row["paused"] and row["next"] == [] and row["missed"] == []
    assert "resumed routine 1: Inbox (every day); on today's list as task 2" in ok(focus("routine", "resume", "1", at=MONDAY))
    assert "instances already made stay" in ok(focus("routine", "rm", "Inbox", at=MONDAY))
    assert listed(focus, at=MONDAY) == []
    assert len(json.loads(ok(focus("list", "--json", at=MONDAY)))) == 2  # Saturday's (carried) and Monday's
    assert ok(focus("undo", at=MONDAY)) == "undone: remove routine 'Inbox'\n"
    assert [row["name"] for row in listed(focus, at=MONDAY)] == ["Inbox"]


def test_starters_are_listed_and_only_added_when_asked(focus):
    out = ok(focus("routine", "starters"))
    assert "inbox" in out and "weekly-report" in out and "day-review" in out
    assert listed(focus) == []  # listing added nothing
    assert ok(focus("routine", "starters", "--add", "inbox", "--add", "Weekly")).startswith(
        "added 1 Inbox batch, 2 Weekly report")
    out = ok(focus("routine", "starters", "--all"))
    assert "already there: Inbox batch, Weekly report" in out
    assert [row["name"] for row in listed(focus)] == ["Inbox batch", "Weekly report", "End-of-day review", "Monthly expenses"]
    assert ok(focus("routine", "starters", "--all")).startswith("nothing added")


def test_routine_verbs_never_import_textual(focus, isolated_env):
    ok(focus("routine", "add", "Inbox", "--every", "daily"))
    env = {**os.environ, **isolated_env, "FOCUS_CLOCK": SATURDAY}
    for args in (["routine", "list", "--json"], ["routine", "log", "inbox", "x=1"], ["routine", "starters"]):
        report = probe_verb(args, env)
        assert report["textual"] is False, report


def test_cli_loops_opening_a_new_day_at_once_make_one_instance(focus):
    ok(focus("routine", "add", "Inbox", "--every", "daily"))
    results = []

    def loop() -> None:
        for _ in range(3):
            results.append(focus("routine", "list", "--json", at=MONDAY))

    threads = [threading.Thread(target=loop) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(result.returncode == 0 for result in results), [r.stderr for r in results]
    tasks = json.loads(ok(focus("list", "--all", "--json", at=MONDAY)))
    assert sorted(task["routine_day"] for task in tasks) == ["2026-11-21", "2026-11-23"]


@pytest.mark.parametrize("verb", ["list", "status", "queue"])
def test_verbs_that_show_today_open_the_day(focus, verb):
    ok(focus("routine", "add", "Inbox", "--every", "daily"))
    ok(focus(verb, at=MONDAY))
    tasks = json.loads(ok(focus("list", "--all", "--json", at=MONDAY)))
    assert "2026-11-23" in [task.get("routine_day") for task in tasks]
