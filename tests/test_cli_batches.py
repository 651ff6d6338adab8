"""`focus queue` and `focus batch start|status|stop`, run for real in subprocesses with a frozen clock."""

from __future__ import annotations

import json
import os
import subprocess
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from focus_tui.domain.batching import pause_or_resume
from focus_tui.domain.clock import FixedClock
from focus_tui.domain.tasks import new_task

from tests.clihelpers import failed, ok, probe_verb

SATURDAY = "2026-11-21T09:30:00+00:00"  # the default clock of these tests


def later(**delta: float) -> str:
    return (datetime.fromisoformat(SATURDAY) + timedelta(**delta)).isoformat()


@pytest.fixture
def focus(run_cli):
    """`focus ARGS...` on Saturday 2026-11-21 09:30 UTC unless `at=` says otherwise."""

    def run(*args: str, at: str = SATURDAY) -> subprocess.CompletedProcess:
        return run_cli(*args, env={"FOCUS_CLOCK": at})

    return run


def _store(data_dir: Path, at: str = SATURDAY):
    from focus_tui.storage import Store

    return Store(data_dir, FixedClock(datetime.fromisoformat(at))).open()


@pytest.fixture
def seeded(data_dir: Path) -> Path:
    """Written in-process (fast), a minute apart, all for today unless said:
    1 email 5m, 2 forms 10m, 3 email 5m, 4 email marked small without an estimate, 5 a 60-minute
    planning task (not small), 6 email 5m tomorrow, 7 email 5m blocked, 8 forms 5m done.
    Returns the data file."""
    store = _store(data_dir)
    clock = store.clock
    today = store.today()
    rows = [
        ("Reply to Ana", dict(kind="email", minutes=5)),
        ("Expense form", dict(kind="forms", minutes=10)),
        ("Reply to Bob", dict(kind="email", minutes=5)),
        ("Answer the survey", dict(kind="email", small=True)),
        ("Write the plan", dict(minutes=60, category="planning")),
        ("Reply to Cy", dict(kind="email", minutes=5, day=today + timedelta(days=1))),
        ("Reply to Dee", dict(kind="email", minutes=5)),
        ("Travel form", dict(kind="forms", minutes=5)),
    ]
    for title, fields in rows:
        fields.setdefault("day", today)
        store.add_task(new_task(title, clock.now(), **fields))
        clock.advance(minutes=1)
    store.block_task(7, "people", person="Dee")
    store.complete_task(8)
    store.close()
    return store.data_file


def queue_json(focus, at: str = SATURDAY) -> list[dict]:
    return json.loads(ok(focus("queue", "--json", at=at)))


def status_json(focus, at: str) -> dict | None:
    return json.loads(ok(focus("batch", "status", "--json", at=at)))


# --------------------------------------------------------------------------------------------
# focus queue
# --------------------------------------------------------------------------------------------

def test_help_lists_the_verbs(focus) -> None:
    out = ok(focus("--help"))
    for verb in ("queue", "batch"):
        assert f"    {verb} " in out
    batch_help = ok(focus("batch", "--help"))
    for action in ("start", "status", "stop"):
        assert action in batch_help


def test_an_empty_queue_says_what_makes_a_task_small_in_one_line(focus, data_dir: Path) -> None:
    out = ok(focus("queue"))
    assert out.count("\n") == 1
    assert "15 min or less" in out and "marked small" in out
    assert 'focus add "Reply to Ana #email ~5m"' in out
    assert queue_json(focus) == []


def test_the_empty_queue_hint_follows_the_configured_threshold(focus, isolated_env) -> None:
    config_file = Path(isolated_env["FOCUS_CONFIG"])
    config_file.parent.mkdir(parents=True)
    config_file.write_text("[batches]\nsmall_task_minutes = 20\n", encoding="utf-8")
    assert "20 min or less" in ok(focus("queue"))


def test_queue_in_text(focus, seeded: Path) -> None:
    assert ok(focus("queue")) == (
        "email · 3 items · 15 min\n"
        "     1     5m  Reply to Ana\n"
        "     3     5m  Reply to Bob\n"
        "     4      -  Answer the survey\n"
        "\n"
        "forms · 1 item · 10 min\n"
        "     2    10m  Expense form\n"
        "\n"
        "switches saved today: 0\n"
    )


def test_queue_json_contract(focus, seeded: Path) -> None:
    batches = queue_json(focus)
    for batch in batches:
        assert {"kind", "minutes", "items"} <= set(batch)
        for item in batch["items"]:
            assert {"id", "title", "minutes"} <= set(item)
    assert [(b["kind"], b["minutes"]) for b in batches] == [("email", 15), ("forms", 10)]
    assert batches[0]["items"] == [
        {"id": 1, "title": "Reply to Ana", "minutes": 5},
        {"id": 3, "title": "Reply to Bob", "minutes": 5},
        {"id": 4, "title": "Answer the survey", "minutes": None},  # counted as 5 by default
    ]
    assert batches[1]["items"] == [{"id": 2, "title": "Expense form", "minutes": 10}]


def test_a_kind_larger_than_the_maximum_is_split_and_a_task_without_kind_is_misc(focus, isolated_env) -> None:
    config_file = Path(isolated_env["FOCUS_CONFIG"])
    config_file.parent.mkdir(parents=True)
    config_file.write_text("[batches]\nmax_minutes = 20\nmin_minutes = 15\n", encoding="utf-8")
    for line in ("Reply to Ana #email ~10m", "Reply to Bob #email ~10m", "Reply to Cy #email ~10m", "Water plants ~5m"):
        ok(focus("add", line))
    assert [(b["kind"], b["minutes"], [i["id"] for i in b["items"]]) for b in queue_json(focus)] == [
        ("email", 20, [1, 2]), ("email", 15, [3]), ("misc", 15, [4])]


def test_switches_saved_today(focus, seeded: Path) -> None:
    # Added email(1), forms(2), email(3): finishing 1, 3, then 2 makes one switch instead of two.
    ok(focus("done", "1", at=later(minutes=30)))
    ok(focus("done", "3", at=later(minutes=31)))
    ok(focus("done", "2", at=later(minutes=32)))
    # 8 (forms) was done first, at 09:38. Done: forms, email, email, forms -> 2 switches made;
    # in the order added (email 1, forms 2, email 3, forms 8) -> 3: one saved.
    out = ok(focus("queue", at=later(minutes=40)))
    assert out.endswith("\nswitches saved today: 1\n")
    assert "Answer the survey" in out

    # 4 (email, added before 8) done last: forms, email, email, forms, email -> 3 made; the order
    # added (email, forms, email, email, forms) -> 3 as well: none saved, never a negative figure.
    ok(focus("done", "4", at=later(minutes=41)))
    out = ok(focus("queue", at=later(minutes=42)))  # empty queue: the hint, then the day's figure
    assert out.splitlines()[1:] == ["switches saved today: 0"]
    assert "marked small" in out.splitlines()[0]
    # The next work day starts afresh: Sunday's queue holds Reply to Cy, and nothing is done yet.
    sunday = ok(focus("queue", at=later(days=1)))
    assert "Reply to Cy" in sunday and sunday.endswith("\nswitches saved today: 0\n")


# --------------------------------------------------------------------------------------------
# focus batch start | status | stop
# --------------------------------------------------------------------------------------------

def test_start_status_and_stop_as_the_clock_moves(focus, seeded: Path) -> None:
    assert ok(focus("batch", "status")) == "no batch running\n"
    assert ok(focus("batch", "status", "--json")) == "null\n"

    assert ok(focus("batch", "start", "email")) == "started the email batch: 3 items, 15:00\n"
    assert ok(focus("batch", "status", at=later(minutes=3, seconds=20))) == (
        "email 11:40 left · 0/3 done · now: Reply to Ana\n")

    first = status_json(focus, at=later(minutes=3, seconds=20))
    assert first == {"kind": "email", "remaining_seconds": 700, "remaining": "11:40", "paused": False, "done": 0,
                     "planned": 3, "current": {"id": 1, "title": "Reply to Ana"}, "started": SATURDAY}
    second = status_json(focus, at=later(minutes=7, seconds=5))
    assert first["remaining_seconds"] - second["remaining_seconds"] == 225  # exactly the time that passed
    assert second["remaining"] == "07:55"

    ok(focus("done", "1", at=later(minutes=8)))
    assert ok(focus("batch", "status", at=later(minutes=9))) == "email 06:00 left · 1/3 done · now: Reply to Bob\n"
    assert ok(focus("batch", "status", at=later(minutes=20))) == (
        "email 00:00 left · 1/3 done · time is up · now: Reply to Bob\n")

    assert ok(focus("batch", "stop", at=later(minutes=12))) == "stopped the email batch: 1/3 done, 12:00 worked\n"
    assert ok(focus("batch", "status", at=later(minutes=13))) == "no batch running\n"
    assert status_json(focus, at=later(minutes=13)) is None
    # A stopped batch can be followed by another.
    assert ok(focus("batch", "start", "forms", at=later(minutes=14))) == "started the forms batch: 1 item, 10:00\n"


def test_status_of_a_paused_batch_is_frozen(focus, seeded: Path, data_dir: Path) -> None:
    ok(focus("batch", "start", "#Email"))  # the kind is read as quick add writes it
    store = _store(data_dir, later(minutes=4))
    run = store.active_run()
    store.update_run(run.id, lambda r: pause_or_resume(r, store.clock.now()), "pause the email batch")
    store.close()
    for at in (later(minutes=5), later(minutes=50)):
        assert ok(focus("batch", "status", at=at)) == "email 11:00 paused · 0/3 done · now: Reply to Ana\n"
        assert status_json(focus, at=at)["paused"] is True


def test_undo_takes_back_a_start(focus, seeded: Path) -> None:
    ok(focus("batch", "start", "forms"))
    assert ok(focus("undo")) == "undone: start the forms batch\n"
    assert ok(focus("batch", "status")) == "no batch running\n"


def test_a_second_batch_is_refused_while_one_runs(focus, seeded: Path) -> None:
    ok(focus("batch", "start", "email"))
    before = seeded.read_bytes()
    line = failed(focus("batch", "start", "forms", at=later(minutes=2)), 1)
    assert "email batch is running (13:00 left)" in line
    assert "focus batch stop" in line
    assert seeded.read_bytes() == before


@pytest.mark.parametrize(("kind", "words"), [
    ("calls", "no 'calls' batch in today's queue; batches today: email, forms"),
    ("", "give the kind of batch to start; batches today: email, forms"),
    ("  ", "give the kind of batch to start"),
], ids=["unknown", "empty", "blank"])
def test_an_unknown_or_empty_kind_exits_2_listing_the_kinds(focus, seeded: Path, kind: str, words: str) -> None:
    before = seeded.read_bytes()
    assert words in failed(focus("batch", "start", kind), 2)
    assert seeded.read_bytes() == before


def test_a_kind_without_a_batch_today_exits_2(focus, seeded: Path) -> None:
    # Reply to Cy (email) is tomorrow's, Write the plan (no kind) is not small: neither makes a batch today.
    line = failed(focus("batch", "start", "misc"), 2)
    assert "no 'misc' batch" in line and "email, forms" in line


def test_start_with_an_empty_queue_says_there_are_no_batches(focus, data_dir: Path) -> None:
    assert "no batches today (see: focus queue)" in failed(focus("batch", "start", "email"), 2)
    assert not (data_dir / "focus.json").exists()


def test_stop_without_a_running_batch_exits_1(focus, seeded: Path) -> None:
    before = seeded.read_bytes()
    assert "no batch is running" in failed(focus("batch", "stop"), 1)
    assert seeded.read_bytes() == before


@pytest.mark.parametrize(("args", "words"), [
    (["batch"], "required: ACTION"),
    (["batch", "start"], "required: KIND"),
    (["batch", "pause"], "invalid choice"),
    (["batch", "stop", "now"], "unrecognized arguments"),
    (["queue", "--all"], "unrecognized arguments"),
])
def test_bad_command_lines_exit_2(focus, seeded: Path, args: list[str], words: str) -> None:
    assert words in failed(focus(*args), 2)


# --------------------------------------------------------------------------------------------
# These verbs never load the UI
# --------------------------------------------------------------------------------------------

def test_queue_and_batch_verbs_do_not_import_textual(isolated_env, seeded: Path) -> None:
    env = {**os.environ, **isolated_env, "FOCUS_CLOCK": SATURDAY}
    for args in (["queue"], ["queue", "--json"], ["batch", "start", "email"], ["batch", "status"],
                 ["batch", "status", "--json"], ["batch", "stop"]):
        report = probe_verb(args, env)
        assert report["code"] == 0, (args, report["stderr"])
        assert report["textual"] is False, args
        assert report["storage"] is True, args
    store = _store(seeded.parent)  # the calls really ran: one batch, started and stopped
    assert [(run.kind, run.end_reason) for run in store.batch_runs()] == [("email", "stopped")]
    store.close()


def test_a_task_can_be_marked_small_whatever_its_estimate(focus) -> None:
    big = ok(focus("add", "Sort the shared drive", "--small", "--kind", "admin", "--minutes", "40")).strip()
    ok(focus("add", "Skim the brief #reading ~small"))
    queued = {batch["kind"]: [item["title"] for item in batch["items"]] for batch in json.loads(ok(focus("queue", "--json")))}
    assert queued == {"reading": ["Skim the brief"], "admin": ["Sort the shared drive"]}
    ok(focus("edit", big, "--no-small"))
    assert "admin" not in {batch["kind"] for batch in json.loads(ok(focus("queue", "--json")))}
