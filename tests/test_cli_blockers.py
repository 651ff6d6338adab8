"""`focus block`, `focus unblock` and `focus blockers`, run for real in subprocesses."""

from __future__ import annotations

import json
import os
import subprocess
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from focus_tui.domain.blockers import Cause
from focus_tui.domain.clock import FixedClock
from focus_tui.domain.tasks import new_task

from tests.clihelpers import failed, ok, probe_verb

TUESDAY = "2026-11-17T10:00:00+00:00"  # the default clock of these tests


def later(**delta: float) -> str:
    return (datetime.fromisoformat(TUESDAY) + timedelta(**delta)).isoformat()


@pytest.fixture
def focus(run_cli):
    """`focus ARGS...` on Tuesday 2026-11-17 10:00 unless `at=` says otherwise."""

    def run(*args: str, at: str = TUESDAY, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
        return run_cli(*args, env={"FOCUS_CLOCK": at, **(env or {})})

    return run


def exported(focus, at: str = TUESDAY) -> dict[str, list[dict]]:
    return json.loads(ok(focus("export", at=at)))["tables"]


def statuses(focus, at: str = TUESDAY) -> dict[int, str]:
    return {record["id"]: record["status"] for record in exported(focus, at)["tasks"]}


def blockers_json(focus, at: str = TUESDAY) -> list[dict]:
    return json.loads(ok(focus("blockers", "--json", at=at)))


def _store(data_dir: Path, at: str = TUESDAY):
    from focus_tui.storage import Store

    return Store(data_dir, FixedClock(datetime.fromisoformat(at))).open()


@pytest.fixture
def seeded(data_dir: Path) -> Path:
    """Written in-process (fast): 1 todo, 2 done, 3 dropped, 4 blocked (resource, since Tuesday 10:00).
    Returns the data file."""
    store = _store(data_dir)
    now = store.clock.now()
    ids = [store.add_task(new_task(title, now, day=store.today())).id
           for title in ("Write the spec", "Send the invoice", "Old idea", "Order the new laptop")]
    assert ids == [1, 2, 3, 4]
    store.complete_task(2)
    store.edit_task(3, status="dropped")
    store.block_task(4, "resource", note="IT has no stock")
    store.close()
    return store.data_file


# --------------------------------------------------------------------------------------------
# block, unblock, blockers
# --------------------------------------------------------------------------------------------

def test_help_lists_the_verbs_and_their_options(focus) -> None:
    out = ok(focus("--help"))
    for verb in ("block", "unblock", "blockers"):
        assert f"    {verb} " in out
    block_help = ok(focus("block", "--help"))
    for word in ("--cause", "task", "people", "budget", "resource", "--note", "--person"):
        assert word in block_help
    unblock_help = ok(focus("unblock", "--help"))
    for option in ("--note", "--root", "--workaround"):
        assert option in unblock_help


def test_block_blockers_and_unblock_in_text(focus) -> None:
    assert ok(focus("add", "Order the new laptop")) == "1\n"
    assert ok(focus("block", "1", "--cause", "resource", "--note", "IT has no stock")) == (
        f"blocked: 1 Order the new laptop (resource); first move: {Cause.RESOURCE.remedy}\n"
    )
    assert statuses(focus) == {1: "blocked"}

    assert ok(focus("blockers", at=later(minutes=90))) == (
        f"RESOURCE (1): first move: {Cause.RESOURCE.remedy}\n"
        "     1    1h  Order the new laptop · IT has no stock\n"
    )

    assert ok(focus("unblock", "1", "--note", "IT found one", "--root", at=later(hours=2))) == (
        "unblocked: 1 Order the new laptop\n"
    )
    assert statuses(focus) == {1: "todo"}
    assert ok(focus("blockers", at=later(hours=3))) == "No open blockers.\n"
    (record,) = exported(focus)["blockers"]
    assert (record["task_id"], record["cause"], record["note"], record["opened"]) == (1, "resource", "IT has no stock", TUESDAY)
    assert (record["resolved"], record["resolution"], record["root_fixed"]) == (later(hours=2), "IT found one", True)


@pytest.mark.parametrize(("flag", "root_fixed"), [("--root", True), ("--workaround", False), (None, None)])
def test_unblock_says_whether_the_root_cause_was_fixed(focus, seeded: Path, flag: str | None, root_fixed) -> None:
    ok(focus("unblock", "4", *([flag] if flag else [])))
    (record,) = exported(focus)["blockers"]
    assert (record["root_fixed"], record["resolution"], record["resolved"]) == (root_fixed, "", TUESDAY)


def test_blockers_groups_by_cause_with_the_first_move_and_who_it_waits_on(focus, seeded: Path) -> None:
    ok(focus("block", "1", "--cause", "people", "--person", "Ana", "--note", "needs sign-off", at=later(minutes=30)))
    assert ok(focus("blockers", at=later(hours=1))) == (
        f"PEOPLE (1): first move: {Cause.PEOPLE.remedy}\n"
        "     1   30m  Write the spec · waiting on Ana · needs sign-off\n"
        f"RESOURCE (1): first move: {Cause.RESOURCE.remedy}\n"
        "     4    1h  Order the new laptop · IT has no stock\n"
    )


def test_blockers_json_ages_with_the_clock(focus, seeded: Path) -> None:
    assert blockers_json(focus) == [{
        "id": 1, "task_id": 4, "title": "Order the new laptop", "cause": "resource", "note": "IT has no stock",
        "person": "", "opened": TUESDAY, "age_minutes": 0, "escalate": False,
    }]
    ok(focus("block", "1", "-c", "people", "-n", "needs sign-off", "--person", "Ana", at=later(minutes=30)))

    rows = blockers_json(focus, at=later(minutes=90))
    for row in rows:
        assert {"task_id", "title", "cause", "note", "person", "opened", "age_minutes"} <= set(row)
    assert [(row["task_id"], row["opened"], row["age_minutes"]) for row in rows] == [
        (4, TUESDAY, 90), (1, later(minutes=30), 60)]  # oldest first
    assert (rows[1]["cause"], rows[1]["person"], rows[1]["note"], rows[1]["title"]) == (
        "people", "Ana", "needs sign-off", "Write the spec")

    rows = blockers_json(focus, at=later(hours=5, minutes=1))
    assert [row["age_minutes"] for row in rows] == [301, 271]
    # The clock going backwards never gives a negative age.
    assert [row["age_minutes"] for row in blockers_json(focus, at=later(minutes=-10))] == [0, 0]


def test_done_on_a_blocked_task_closes_its_blocker(focus, seeded: Path) -> None:
    assert ok(focus("done", "4", at=later(hours=1))) == "done: 4 Order the new laptop\n"
    assert blockers_json(focus) == []
    (record,) = exported(focus)["blockers"]
    assert (record["resolved"], record["resolution"]) == (later(hours=1), "closed: the task was done")


# --------------------------------------------------------------------------------------------
# Refusals: one line, the right exit code, nothing written
# --------------------------------------------------------------------------------------------

BAD_INPUT = [
    pytest.param(["block", "1", "--cause", "money"], "'money' is not a cause", id="unknown-cause"),
    pytest.param(["block", "1"], "required: --cause", id="no-cause"),
    pytest.param(["block", "1", "--cause", "task", "--note", "x" * 100_000], "too long", id="note-100k"),
    pytest.param(["block", "1", "--cause", "task", "--note", "x" * 301], "the limit is 300", id="note-301"),
    pytest.param(["block", "1", "--cause", "task", "--note", "\x1b[31mred"], "escape sequence", id="note-escape"),
    pytest.param(["block", "1", "--cause", "task", "--note", "two\nlines"], "control character", id="note-newline"),
    pytest.param(["block", "1", "--cause", "task", "--person", "Ana"], "people", id="person-without-people"),
    pytest.param(["block", "1", "--cause", "people", "--person", "\x1b]0;x\x07"], "person", id="person-escape"),
    pytest.param(["block", "one", "--cause", "task"], "'one' is not a task id", id="block-bad-id"),
    pytest.param(["unblock", "4", "--root", "--workaround"], "not allowed with argument", id="root-and-workaround"),
    pytest.param(["unblock", "4", "--note", "\x1b[2J"], "escape sequence", id="unblock-note-escape"),
    pytest.param(["unblock", "4", "--note", "x" * 100_000], "too long", id="unblock-note-100k"),
    pytest.param(["blockers", "--all"], "unrecognized", id="blockers-bad-option"),
]


@pytest.mark.parametrize(("args", "words"), BAD_INPUT)
def test_bad_input_exits_2_and_writes_nothing(focus, seeded: Path, args: list[str], words: str) -> None:
    before = seeded.read_bytes()
    line = failed(focus(*args), 2)
    assert words in line
    assert seeded.read_bytes() == before


def test_an_unknown_cause_names_the_four_causes(focus, data_dir: Path) -> None:
    line = failed(focus("block", "1", "--cause", "weather"), 2)
    for cause in ("task", "people", "budget", "resource"):
        assert cause in line
    assert not (data_dir / "focus.json").exists()


@pytest.mark.parametrize(
    ("task_id", "words"),
    [("2", "'Send the invoice' is done"), ("3", "'Old idea' is dropped"), ("4", "'Order the new laptop' is already blocked")],
    ids=["done", "dropped", "blocked"],
)
def test_block_of_finished_or_blocked_work_is_refused_and_writes_nothing(focus, seeded: Path, task_id: str,
                                                                         words: str) -> None:
    before = seeded.read_bytes()
    assert words in failed(focus("block", task_id, "--cause", "task"), 2)
    assert seeded.read_bytes() == before


@pytest.mark.parametrize("task_id", ["1", "2", "3"], ids=["todo", "done", "dropped"])
def test_unblock_of_a_task_that_is_not_blocked_is_refused_and_writes_nothing(focus, seeded: Path, task_id: str) -> None:
    before = seeded.read_bytes()
    assert "is not blocked" in failed(focus("unblock", task_id, "--root"), 2)
    assert seeded.read_bytes() == before


@pytest.mark.parametrize("args", [["block", "99", "--cause", "task"], ["unblock", "99"]])
def test_an_unknown_task_exits_1_and_writes_nothing(focus, seeded: Path, args: list[str]) -> None:
    before = seeded.read_bytes()
    assert "no task with id 99" in failed(focus(*args), 1)
    assert seeded.read_bytes() == before


def test_edit_cannot_set_or_clear_blocked(focus, seeded: Path) -> None:
    before = seeded.read_bytes()
    assert "focus block" in failed(focus("edit", "1", "--status", "blocked"), 2)
    assert "focus unblock" in failed(focus("edit", "4", "--status", "todo"), 2)
    assert seeded.read_bytes() == before


# --------------------------------------------------------------------------------------------
# Undo
# --------------------------------------------------------------------------------------------

def test_undo_after_block_and_after_unblock(focus, seeded: Path) -> None:
    ok(focus("block", "1", "--cause", "budget", "--note", "no licence"))
    assert ok(focus("undo")) == "undone: block 'Write the spec' (budget)\n"
    assert statuses(focus)[1] == "todo"
    assert [record["task_id"] for record in exported(focus)["blockers"]] == [4]

    ok(focus("unblock", "4", "--workaround", "--note", "borrowed one", at=later(hours=1)))
    assert statuses(focus)[4] == "todo"
    assert ok(focus("undo", at=later(hours=1))) == "undone: unblock 'Order the new laptop'\n"
    assert statuses(focus)[4] == "blocked"
    (record,) = exported(focus)["blockers"]
    assert (record["resolved"], record["resolution"], record["root_fixed"]) == (None, "", None)
    assert [row["task_id"] for row in blockers_json(focus)] == [4]


# --------------------------------------------------------------------------------------------
# Escalation and patterns
# --------------------------------------------------------------------------------------------

def test_blockers_prompts_escalation_after_a_working_day(focus, seeded: Path) -> None:
    same_day = ok(focus("blockers", at=later(hours=6)))
    assert "!" not in same_day and "stuck since" not in same_day
    assert blockers_json(focus, at=later(hours=6))[0]["escalate"] is False

    thursday = ok(focus("blockers", at=later(days=2)))
    assert "     4    2d  Order the new laptop · IT has no stock  ! stuck since Tue: raise it with your lead\n" in thursday
    (row,) = blockers_json(focus, at=later(days=2))
    assert (row["escalate"], row["age_minutes"]) == (True, 2 * 24 * 60)


def test_the_escalation_threshold_comes_from_the_config(focus, seeded: Path, isolated_env) -> None:
    config_file = Path(isolated_env["FOCUS_CONFIG"])
    config_file.parent.mkdir(parents=True)
    config_file.write_text('blocker_escalation_days = 3\nworking_days = ["mon", "tue", "wed", "thu"]\n', encoding="utf-8")
    # Wed, Thu, (Fri, Sat, Sun not working), Mon: the third working day is Monday.
    assert "stuck since" not in ok(focus("blockers", at=later(days=4)))
    assert "! stuck since Tue: raise it with your lead" in ok(focus("blockers", at=later(days=6)))


def _history(data_dir: Path, causes: list[str]) -> None:
    """One blocked-then-resolved task per cause, an hour apart, then one still open."""
    store = _store(data_dir)
    for index, cause in enumerate(causes):
        store.clock.advance(hours=1)
        task = store.add_task(new_task(f"Task {index}", store.clock.now(), day=store.today()))
        store.block_task(task.id, cause)
        if index < len(causes) - 1:
            store.unblock_task(task.id)
    store.close()


def test_blockers_shows_a_recurring_pattern(focus, data_dir: Path) -> None:
    _history(data_dir, ["people", "resource", "task", "resource", "resource", "people", "resource"])
    out = ok(focus("blockers", at=later(hours=12)))
    assert out.endswith("Pattern: 4 of your last 6 blockers were resource.\n")
    assert out.count("Pattern:") == 1


def test_no_pattern_line_when_no_cause_dominates(focus, data_dir: Path) -> None:
    _history(data_dir, ["resource", "task", "resource", "task", "resource", "task"])
    assert "Pattern" not in ok(focus("blockers", at=later(hours=12)))


# --------------------------------------------------------------------------------------------
# These verbs never load the UI
# --------------------------------------------------------------------------------------------

def test_block_unblock_and_blockers_do_not_import_textual(isolated_env, seeded: Path) -> None:
    env = {**os.environ, **isolated_env, "FOCUS_CLOCK": TUESDAY}
    for args in (["block", "1", "--cause", "people", "--person", "Ana"], ["unblock", "4", "--root"],
                 ["blockers"], ["blockers", "--json"]):
        report = probe_verb(args, env)
        assert report["code"] == 0, (args, report["stderr"])
        assert report["textual"] is False, args
        assert report["storage"] is True, args
    # The calls really ran: task 1 is now the one blocked.
    from focus_tui.storage import Store

    store = Store(seeded.parent, FixedClock(datetime.fromisoformat(TUESDAY))).open()
    assert [(b.task_id, b.is_open) for b in store.blockers()] == [(4, False), (1, True)]


@pytest.mark.parametrize("spelling", ["p", "2", "People", " people "])
def test_the_cli_takes_the_same_cause_keys_as_the_app(focus, seeded: Path, spelling: str) -> None:
    task_id = ok(focus("add", "Wait for the quote")).strip()
    result = focus("block", task_id, "--cause", spelling)
    assert result.returncode == 0, result.stderr
    assert "(people)" in result.stdout
