"""The `focus` command, run for real in subprocesses with isolated data and config dirs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib.metadata import version as installed_version
from pathlib import Path

import pytest

import focus_tui
from focus_tui.config import Config, load_config
from focus_tui.domain.tasks import new_task
from focus_tui.paths import resolve_paths

from tests.clihelpers import failed, probe_verb

FROZEN = "2026-11-21T09:30:00+00:00"  # a Saturday morning
VERBS = ("add", "list", "done", "edit", "rm", "undo", "export", "import", "paths", "restore")


@pytest.fixture
def focus(run_cli):
    """`focus ARGS...` with the clock frozen at FROZEN (extra env on top)."""

    def run(*args: str, env: dict[str, str] | None = None, **kwargs) -> subprocess.CompletedProcess:
        return run_cli(*args, env={"FOCUS_CLOCK": FROZEN, **(env or {})}, **kwargs)

    return run


def ok(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 0, f"exit {result.returncode}: {result.stderr}"
    assert "Traceback" not in result.stderr
    return result.stdout


def tasks_json(focus, *extra: str) -> list[dict]:
    data = json.loads(ok(focus("list", "--json", *extra)))
    assert isinstance(data, list)
    return data


def all_tasks(focus) -> dict[int, dict]:
    return {task["id"]: task for task in tasks_json(focus, "--all")}


def add(focus, *args: str, **kwargs) -> int:
    out = ok(focus("add", *args, **kwargs))
    return int(out)


@pytest.fixture
def seeded(store):
    """One task written in-process (fast), so the data file exists. Returns the data file."""
    store.add_task(new_task("Seed task", store.clock.now(), day=store.today()))
    assert store.data_file.exists()
    return store.data_file


# --------------------------------------------------------------------------------------------
# Entry points
# --------------------------------------------------------------------------------------------

def test_help_lists_every_verb_and_the_exit_codes(focus) -> None:
    out = ok(focus("--help"))
    assert out.startswith("usage: focus")
    for verb in VERBS:
        assert verb in out
    assert "Exit codes" in out


def test_verb_help(focus) -> None:
    out = ok(focus("add", "--help"))
    assert "--minutes" in out and "--raw" in out


def test_version_matches_the_package(focus) -> None:
    out = ok(focus("--version"))
    assert out.strip() == f"focus-tui {focus_tui.__version__}"
    assert installed_version("focus-tui") == focus_tui.__version__


def test_focus_script_and_python_m_are_the_same_command(focus, isolated_env) -> None:
    script = Path(sys.executable).parent / "focus"
    assert script.exists()
    env = {**os.environ, **isolated_env, "FOCUS_CLOCK": FROZEN}
    for args in (["--version"], ["paths", "--json"]):
        via_script = subprocess.run([str(script), *args], capture_output=True, text=True, env=env, timeout=60)
        via_module = focus(*args)
        assert via_script.returncode == via_module.returncode == 0
        assert via_script.stdout == via_module.stdout


# --------------------------------------------------------------------------------------------
# add / list
# --------------------------------------------------------------------------------------------

def test_add_prints_only_the_new_id(focus) -> None:
    first = focus("add", "Write the plan")
    assert ok(first) == "1\n"
    assert first.stderr == ""
    assert ok(focus("add", "Second")) == "2\n"
    assert [task["title"] for task in tasks_json(focus)] == ["Write the plan", "Second"]


def test_add_reads_quick_add_markers(focus) -> None:
    task_id = add(focus, "Reply to Bob #email ~10m !transactional ^fri")
    task = all_tasks(focus)[task_id]
    assert task["title"] == "Reply to Bob"
    assert task["kind"] == "email"
    assert task["minutes"] == 10
    assert task["category"] == "transactional"
    assert task["day"] == "2026-11-27"  # the Friday after Saturday 2026-11-21


def test_add_raw_keeps_markers_in_the_title(focus) -> None:
    task_id = add(focus, "--raw", "Use #hashtags ~10m")
    task = all_tasks(focus)[task_id]
    assert task["title"] == "Use #hashtags ~10m"
    assert task["kind"] is None and task["minutes"] is None


def test_add_with_every_option(focus) -> None:
    task_id = add(
        focus, "Quarterly", "plan", "--kind", "#Deep", "--minutes", "90", "--category", "plan",
        "--day", "tomorrow", "--due", "2026-12-01", "--purpose", "so the team knows", "--notes", "n1",
    )
    task = all_tasks(focus)[task_id]
    assert task["title"] == "Quarterly plan"
    assert task["kind"] == "deep"
    assert task["minutes"] == 90
    assert task["category"] == "planning"
    assert task["day"] == "2026-11-22"
    assert task["due"] == "2026-12-01"
    assert task["purpose"] == "so the team knows"
    assert task["notes"] == "n1"
    assert task["status"] == "todo"
    assert task["created"] == FROZEN


def test_add_defaults_to_today(focus) -> None:
    task_id = add(focus, "x")
    task = all_tasks(focus)[task_id]
    assert task["day"] == "2026-11-21"
    assert task["category"] == "routine"


def test_list_shows_todays_open_tasks_ranked(focus) -> None:
    routine = add(focus, "Routine today")
    tomorrow = add(focus, "Tomorrow's task", "--day", "tomorrow")
    finished = add(focus, "Finished")
    ok(focus("done", str(finished)))
    overdue = add(focus, "Overdue", "--day=-2d", "--category", "t")  # `--day -2d` reads as an option
    due_today = add(focus, "Due today", "--day", "+5d", "--due", "today", "--category", "r")
    planning = add(focus, "Planning", "--category", "planning")
    doing = add(focus, "In progress", "--category", "transactional")
    ok(focus("edit", str(doing), "--status", "doing"))
    blocked = add(focus, "Blocked planning", "--category", "planning")
    ok(focus("block", str(blocked), "--cause", "task"))

    listed = tasks_json(focus)
    ids = [task["id"] for task in listed]
    assert tomorrow not in ids and finished not in ids
    # doing first; then planning; routine (nearest due first); transactional; blocked last.
    assert ids == [doing, planning, due_today, routine, overdue, blocked]

    table = ok(focus("list"))
    assert "Routine today" in table and "Overdue" in table
    assert "Tomorrow's task" not in table and "Finished" not in table
    assert table.index("In progress") < table.index("Planning") < table.index("Blocked planning")


def test_list_all_includes_every_state(focus) -> None:
    a = add(focus, "today")
    b = add(focus, "later", "--day", "next month")
    c = add(focus, "done one")
    ok(focus("done", str(c)))
    d = add(focus, "dropped one")
    ok(focus("edit", str(d), "--status", "dropped"))
    every = all_tasks(focus)
    assert set(every) == {a, b, c, d}
    assert every[c]["status"] == "done" and every[c]["finished"] == FROZEN
    assert every[d]["status"] == "dropped"


def test_list_json_shape(focus) -> None:
    add(focus, "x #email ~5m")
    raw = ok(focus("list", "--json"))
    data = json.loads(raw)
    assert isinstance(data, list) and len(data) == 1
    assert {"id", "title", "status", "category", "kind", "minutes"} <= set(data[0])
    assert (data[0]["id"], data[0]["kind"], data[0]["minutes"]) == (1, "email", 5)


def test_list_when_empty(focus) -> None:
    assert json.loads(ok(focus("list", "--json"))) == []
    assert "No open tasks" in ok(focus("list"))


def test_rich_markup_is_stored_and_shown_literally(focus) -> None:
    task_id = add(focus, "[bold]x[/bold]")
    assert all_tasks(focus)[task_id]["title"] == "[bold]x[/bold]"
    assert "[bold]x[/bold]" in ok(focus("list"))


def test_unicode_title_round_trips(focus) -> None:
    task_id = add(focus, "Café ☕ 日本語")
    assert all_tasks(focus)[task_id]["title"] == "Café ☕ 日本語"


# --------------------------------------------------------------------------------------------
# done / edit / rm / undo
# --------------------------------------------------------------------------------------------

def test_done(focus) -> None:
    task_id = add(focus, "Ship it")
    out = ok(focus("done", str(task_id)))
    assert "Ship it" in out
    task = all_tasks(focus)[task_id]
    assert task["status"] == "done"
    assert task["finished"] == FROZEN
    assert tasks_json(focus) == []


def test_edit_changes_fields(focus) -> None:
    task_id = add(focus, "Old title", "--due", "2026-12-01")
    ok(focus("edit", str(task_id), "--title", "New title", "--minutes", "30", "--kind", "calls",
             "--status", "doing", "--category", "t", "--day", "mon", "--due", "none"))
    task = all_tasks(focus)[task_id]
    assert task["title"] == "New title"
    assert (task["minutes"], task["kind"], task["status"], task["category"]) == (30, "calls", "doing", "transactional")
    assert task["day"] == "2026-11-23"
    assert task["due"] is None


def test_edit_reopen_clears_finished(focus) -> None:
    task_id = add(focus, "x")
    ok(focus("done", str(task_id)))
    ok(focus("edit", str(task_id), "--status", "todo"))
    task = all_tasks(focus)[task_id]
    assert task["status"] == "todo" and task["finished"] is None


def test_edit_with_no_options_is_a_usage_error(focus, seeded) -> None:
    before = seeded.read_bytes()
    line = failed(focus("edit", "1"), 2)
    assert "nothing to change" in line
    assert seeded.read_bytes() == before


def test_rm_then_undo_restores_the_same_task(focus) -> None:
    add(focus, "keep")
    task_id = add(focus, "Doomed #email ~5m", "--due", "2026-12-24", "--purpose", "why")
    before = all_tasks(focus)
    out = ok(focus("rm", str(task_id)))
    assert "Doomed" in out and "undo" in out
    assert task_id not in all_tasks(focus)
    assert "undone" in ok(focus("undo"))
    assert all_tasks(focus) == before  # same id, every field


def test_ids_are_not_reused_after_rm(focus) -> None:
    add(focus, "a")
    second = add(focus, "b")
    ok(focus("rm", str(second)))
    assert add(focus, "c") == second + 1


def test_undo_reverts_newest_change_first(focus) -> None:
    task_id = add(focus, "x")
    ok(focus("edit", str(task_id), "--title", "y"))
    ok(focus("undo"))
    assert all_tasks(focus)[task_id]["title"] == "x"
    ok(focus("undo"))
    assert all_tasks(focus) == {}


def test_undo_with_nothing_to_undo(focus) -> None:
    line = failed(focus("undo"), 1)
    assert "nothing to undo" in line


# --------------------------------------------------------------------------------------------
# export / import
# --------------------------------------------------------------------------------------------

def _make_history(focus) -> None:
    add(focus, "Plan Q1 #planning-session ~1.5h !p ^mon", "--due", "2026-12-01", "--purpose", "direction")
    done = add(focus, "Reply to Bob #email ~10m !t")
    ok(focus("done", str(done)))
    gone = add(focus, "Removed")
    ok(focus("rm", str(gone)))
    add(focus, "Café ☕ [bold]literal[/bold]", "--notes", "two\nlines")


def test_export_json_is_versioned(focus) -> None:
    _make_history(focus)
    data = json.loads(ok(focus("export")))
    assert data["format"] == "focus-tui-export"
    assert isinstance(data["format_version"], int) and data["format_version"] >= 1
    assert data["app_version"] == focus_tui.__version__
    assert data["exported_at"] == FROZEN
    titles = {record["title"] for record in data["tables"]["tasks"]}
    assert titles == {"Plan Q1", "Reply to Bob", "Café ☕ [bold]literal[/bold]"}
    assert all(isinstance(record["id"], int) for record in data["tables"]["tasks"])


def test_export_markdown(focus) -> None:
    _make_history(focus)
    text = ok(focus("export", "--format", "md"))
    assert text.startswith("# focus-tui export")
    open_part, finished_part = text.split("## Finished")
    assert "Plan Q1" in open_part and "Reply to Bob" not in open_part
    assert "[x] Reply to Bob" in finished_part
    assert "Removed" not in text


def test_export_to_a_file(focus, tmp_path: Path) -> None:
    _make_history(focus)
    target = tmp_path / "out" / "export.json"
    target.parent.mkdir()
    out = ok(focus("export", "--output", str(target)))
    assert str(target) in out
    assert json.loads(target.read_text(encoding="utf-8")) == json.loads(ok(focus("export")))


def test_export_to_a_missing_directory_fails_cleanly(focus, tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "dir" / "export.json"
    failed(focus("export", "-o", str(target)), 1)
    assert not target.exists()


def test_import_into_an_empty_home_reproduces_the_export(focus, tmp_path: Path) -> None:
    _make_history(focus)
    export_file = tmp_path / "export.json"
    ok(focus("export", "-o", str(export_file)))
    original = json.loads(export_file.read_text(encoding="utf-8"))

    fresh = {"FOCUS_HOME": str(tmp_path / "fresh-home"), "FOCUS_CLOCK": "2027-01-05T12:00:00+00:00"}
    out = ok(focus("import", str(export_file), env=fresh))
    assert "imported" in out
    again = json.loads(ok(focus("export", env=fresh)))
    assert again.pop("exported_at") != original.pop("exported_at")
    assert again == original
    # The id counter came along too: the next id is the same on both sides.
    assert add(focus, "next") == add(lambda *a, **k: focus(*a, env=fresh, **k), "next")


def test_import_refuses_lone_surrogates_and_writes_nothing(focus, tmp_path: Path, data_dir: Path) -> None:
    export_file = tmp_path / "bad.json"
    record = {"id": 1, "title": "PLACEHOLDER", "created": FROZEN, "changed": FROZEN}
    payload = {"format": "focus-tui-export", "format_version": 1, "tables": {"tasks": [record]}}
    text = json.dumps(payload).replace("PLACEHOLDER", "bad \\ud800 text")
    assert "\\ud800" in text
    export_file.write_text(text, encoding="ascii")
    line = failed(focus("import", str(export_file)), 1)
    assert "surrogate" in line
    assert not (data_dir / "focus.json").exists()


def test_import_refuses_timestamps_without_an_offset(focus, tmp_path: Path, seeded: Path) -> None:
    export_file = tmp_path / "naive.json"
    record = {"id": 1, "title": "naive", "created": "2026-11-20T08:00:00", "changed": "2026-11-20T08:00:00"}
    export_file.write_text(json.dumps({"format": "focus-tui-export", "format_version": 1,
                                       "tables": {"tasks": [record]}}), encoding="utf-8")
    before = seeded.read_bytes()
    failed(focus("import", str(export_file)), 1)
    assert seeded.read_bytes() == before
    ok(focus("list"))


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("{not json", "not valid JSON"),
        ('{"hello": "world"}', "not a focus-tui export"),
        ('{"format": "focus-tui-export", "format_version": 99, "tables": {}}', "newer"),
        ('{"format": "focus-tui-export", "format_version": 1, "tables": {"tasks": [{"id": 1, "title": "x"}]}}', "tasks[0]"),
    ],
)
def test_import_of_bad_files_changes_nothing(focus, tmp_path: Path, seeded: Path, content: str, words: str) -> None:
    export_file = tmp_path / "bad.json"
    export_file.write_text(content, encoding="utf-8")
    before = seeded.read_bytes()
    line = failed(focus("import", str(export_file)), 1)
    assert words in line
    assert seeded.read_bytes() == before


def test_import_of_a_missing_file(focus, tmp_path: Path) -> None:
    failed(focus("import", str(tmp_path / "missing.json")), 1)


# --------------------------------------------------------------------------------------------
# paths, FOCUS_HOME and --data-dir
# --------------------------------------------------------------------------------------------

def test_paths_shows_focus_home_and_focus_config(focus, isolated_env) -> None:
    home, config = isolated_env["FOCUS_HOME"], isolated_env["FOCUS_CONFIG"]
    data = json.loads(ok(focus("paths", "--json")))
    assert data["data"] == home
    assert data["config"] == config
    assert Path(data["data_file"]).parent == Path(home)
    assert Path(data["backups"]).parent == Path(home)
    assert data["cache"] == str(Path(isolated_env["XDG_CACHE_HOME"]) / "focus-tui" / "startup-cache.pickle")
    text = ok(focus("paths"))
    rows = dict(line.split(None, 1) for line in text.splitlines())
    assert rows["data"] == home
    assert rows["config"] == config
    assert rows["cache"] == data["cache"]


def test_focus_home_wins_over_data_dir(focus, isolated_env, tmp_path: Path) -> None:
    other = tmp_path / "other-dir"
    result = focus("--data-dir", str(other), "add", "where am I")
    assert ok(result) == "1\n"
    assert "FOCUS_HOME" in result.stderr and "ignored" in result.stderr
    assert (Path(isolated_env["FOCUS_HOME"]) / "focus.json").exists()
    assert not other.exists()
    shown = json.loads(ok(focus("--data-dir", str(other), "paths", "--json")))
    assert shown["data"] == isolated_env["FOCUS_HOME"]


def test_data_dir_is_used_when_focus_home_is_unset(isolated_env, tmp_path: Path) -> None:
    env = {**os.environ, **isolated_env, "FOCUS_CLOCK": FROZEN, "HOME": str(tmp_path / "home")}
    del env["FOCUS_HOME"]
    chosen = tmp_path / "chosen"

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "focus_tui", "--data-dir", str(chosen), *args],
                              capture_output=True, text=True, env=env, timeout=60)

    added = run("add", "in the chosen dir")
    assert ok(added) == "1\n"
    assert added.stderr == ""  # no FOCUS_HOME note
    assert (chosen / "focus.json").exists()
    assert not Path(isolated_env["FOCUS_HOME"]).exists()
    assert json.loads(ok(run("paths", "--json")))["data"] == str(chosen)
    assert [task["title"] for task in json.loads(ok(run("list", "--json")))] == ["in the chosen dir"]


def test_resolve_paths_precedence(tmp_path: Path, isolated_env) -> None:
    env = {"FOCUS_HOME": str(tmp_path / "h"), "FOCUS_CONFIG": str(tmp_path / "c.toml")}
    paths = resolve_paths(tmp_path / "flag", env)
    assert paths.data_dir == tmp_path / "h"
    assert paths.config_file == tmp_path / "c.toml"
    assert paths.data_file == tmp_path / "h" / "focus.json"
    assert paths.user_themes_dir == tmp_path / "themes"
    assert resolve_paths(tmp_path / "flag", {}).data_dir == tmp_path / "flag"
    if sys.platform.startswith("linux"):  # platformdirs follows the (isolated) XDG dirs
        fallback = resolve_paths(None, {})
        assert fallback.data_dir == Path(isolated_env["XDG_DATA_HOME"]) / "focus-tui"
        assert fallback.config_file == Path(isolated_env["XDG_CONFIG_HOME"]) / "focus-tui" / "config.toml"


# --------------------------------------------------------------------------------------------
# Exit codes and bad input: one line on stderr, nothing written
# --------------------------------------------------------------------------------------------

NINES = "9" * 400

USAGE_ERRORS = [
    pytest.param(["bogus"], "invalid choice", id="unknown-verb"),
    pytest.param(["list", "--bogus"], "unrecognized", id="bad-option"),
    pytest.param(["--bogus"], "unrecognized", id="bad-global-option"),
    pytest.param(["add"], "required", id="add-without-title"),
    pytest.param(["add", ""], "empty", id="empty-title"),
    pytest.param(["add", "   "], "empty", id="whitespace-title"),
    pytest.param(["add", "x" * 100_000], "too long", id="huge-title"),
    pytest.param(["add", "bell\x07ring"], "control character", id="control-character"),
    pytest.param(["add", "del\x7f"], "control character", id="delete-character"),
    pytest.param(["add", "\x1b[31mred"], "escape sequence", id="escape-sequence"),
    pytest.param(["add", "--raw", "two\nlines"], "control character", id="raw-newline"),
    pytest.param(["add", "x", "--purpose", "\x1b]0;title\x07"], "purpose", id="escape-in-purpose"),
    pytest.param(["add", "x", "--day", "2026-02-30"], "February 2026 has 28 days", id="impossible-date"),
    pytest.param(["add", "x ^2026-02-30"], "February 2026 has 28 days", id="impossible-date-marker"),
    pytest.param(["add", "x", "--due", "someday"], "not a date", id="bad-due"),
    pytest.param(["add", "x", "--day", "0000-01-01"], "year 0", id="year-zero"),
    pytest.param(["add", "x", "--minutes", "-5"], "above zero", id="negative-minutes"),
    pytest.param(["add", "x", "--minutes=-5"], "above zero", id="negative-minutes-equals"),
    pytest.param(["add", "x", "--minutes", "0"], "above zero", id="zero-minutes"),
    pytest.param(["add", "x", "--minutes", "1441"], "more than a day", id="minutes-over-a-day"),
    pytest.param(["add", "x", "--minutes", "ten"], "not a whole number", id="non-numeric-minutes"),
    pytest.param(["add", "x ~0.5m"], "whole number", id="fractional-estimate"),
    pytest.param(["add", f"x ~{NINES}h"], "more than a day", id="enormous-estimate"),
    pytest.param(["add", "x", "--category", "urgent"], "category", id="bad-category"),
    pytest.param(["add", "x", "--kind", "two words"], "kind", id="bad-kind"),
    pytest.param(["done", "abc"], "not a task id", id="non-numeric-id"),
    pytest.param(["done", "0"], "not a task id", id="zero-id"),
    pytest.param(["done", "-1"], "not a task id", id="negative-id"),
    pytest.param(["done", "1.5"], "not a task id", id="fractional-id"),
    pytest.param(["rm", "²"], "not a task id", id="superscript-id"),
    pytest.param(["edit", "x1", "--title", "y"], "not a task id", id="edit-bad-id"),
    pytest.param(["edit", "1", "--status", "finished"], "status", id="bad-status"),
    pytest.param(["edit", "1", "--title", ""], "empty", id="edit-empty-title"),
    pytest.param(["export", "--format", "pdf"], "invalid choice", id="bad-export-format"),
]


@pytest.mark.parametrize(("args", "words"), USAGE_ERRORS)
def test_usage_errors_exit_2_and_write_nothing(focus, seeded: Path, args: list[str], words: str) -> None:
    before = seeded.read_bytes()
    line = failed(focus(*args), 2)
    assert words in line
    assert seeded.read_bytes() == before


@pytest.mark.parametrize(
    "args",
    [["add", ""], ["add", "\x1b[31mred"], ["add", "x", "--day", "2026-02-30"], ["add", "x", "--minutes", "-5"]],
)
def test_bad_input_into_an_empty_home_creates_no_data_file(focus, data_dir: Path, args: list[str]) -> None:
    failed(focus(*args), 2)
    assert not (data_dir / "focus.json").exists()


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["done", "99"], "no task with id 99"),
        (["rm", "99"], "no task with id 99"),
        (["edit", "99", "--title", "x"], "no task with id 99"),
        (["done", "9" * 30], "no task with id"),
    ],
)
def test_unknown_ids_exit_1_and_write_nothing(focus, seeded: Path, args: list[str], words: str) -> None:
    before = seeded.read_bytes()
    assert words in failed(focus(*args), 1)
    assert seeded.read_bytes() == before


@pytest.mark.parametrize("content", [b"{not json", b"", b"[1, 2]", b'{"tasks": {}}', b"\xff\xfe\x00"])
def test_corrupt_data_file_exits_1_and_is_left_untouched(focus, data_dir: Path, content: bytes) -> None:
    data_dir.mkdir(parents=True)
    data_file = data_dir / "focus.json"
    data_file.write_bytes(content)
    for args in (["list"], ["add", "x"]):
        line = failed(focus(*args), 1)
        assert str(data_file) in line
        assert data_file.read_bytes() == content


def test_bad_focus_clock_is_one_line(focus) -> None:
    line = failed(focus("list", env={"FOCUS_CLOCK": "yesterday-ish"}), 1)
    assert "FOCUS_CLOCK" in line


def test_frozen_clock_decides_today(focus) -> None:
    task_id = add(focus, "x", env={"FOCUS_CLOCK": "2026-11-22T03:00:00+00:00"})  # before 04:00: still Saturday
    assert all_tasks(focus)[task_id]["day"] == "2026-11-21"
    task_id = add(focus, "y", env={"FOCUS_CLOCK": "2026-11-22T04:00:00+00:00"})
    assert all_tasks(focus)[task_id]["day"] == "2026-11-22"


# --------------------------------------------------------------------------------------------
# Scripting verbs never load the UI
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [["add", "x #email ~5m"], ["list"], ["list", "--json"], ["done", "1"], ["undo"], ["paths"],
     ["export"], ["export", "--format", "md"]],
    ids=lambda args: " ".join(args),
)
def test_scripting_verbs_do_not_import_textual(isolated_env, seeded: Path, args: list[str]) -> None:
    env = {**os.environ, **isolated_env, "FOCUS_CLOCK": FROZEN}
    report = probe_verb(args, env)
    assert report["code"] == 0, report["stderr"]
    assert report["textual"] is False
    if args[0] != "paths":
        assert report["storage"] is True  # the verb really ran against the store


# --------------------------------------------------------------------------------------------
# Config
# --------------------------------------------------------------------------------------------

def _config(tmp_path: Path, text: str | bytes) -> Config:
    path = tmp_path / "config.toml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return load_config(path)


def test_missing_config_file_gives_the_defaults(tmp_path: Path) -> None:
    config = load_config(tmp_path / "nope.toml")
    assert config == Config()
    assert config.problems == ()


def test_good_config_is_read(tmp_path: Path) -> None:
    config = _config(tmp_path, 'day_start_hour = 6\nweek_start = "Sunday"\ntheme = "focus-light"\n'
                               "[storage]\narchive_after_days = 7\nbackups_keep = 3\n")
    assert (config.day_start_hour, config.week_start, config.theme) == (6, 6, "focus-light")
    assert (config.archive_after_days, config.backups_keep) == (7, 3)
    assert config.problems == ()


@pytest.mark.parametrize("content", ["day_start_hour = ", "[storage\nx=1", 'theme = "unterminated', b"\xff\xfe bad"])
def test_unreadable_config_falls_back_to_defaults(tmp_path: Path, content) -> None:
    config = _config(tmp_path, content)
    assert config == Config()
    assert len(config.problems) == 1
    assert "config.toml" in config.problems[0] and "defaults" in config.problems[0]


def test_config_that_is_a_directory_does_not_raise(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.mkdir()
    config = load_config(path)
    assert config == Config() and len(config.problems) == 1


def test_bad_values_fall_back_each_on_its_own(tmp_path: Path) -> None:
    config = _config(tmp_path, 'day_start_hour = 25\nweek_start = "funday"\ntheme = "  "\n'
                               '[storage]\narchive_after_days = 0\nbackups_keep = true\n')
    assert config == Config()
    joined = "\n".join(config.problems)
    assert len(config.problems) == 5
    for key in ("day_start_hour", "week_start", "theme", "storage.archive_after_days", "storage.backups_keep"):
        assert key in joined


def test_good_values_survive_next_to_bad_ones(tmp_path: Path) -> None:
    config = _config(tmp_path, 'day_start_hour = "4"\nweek_start = "tuesday"\n')
    assert config.week_start == 1
    assert config.day_start_hour == Config().day_start_hour
    assert len(config.problems) == 1 and "day_start_hour" in config.problems[0]


def test_unknown_keys_are_reported(tmp_path: Path) -> None:
    config = _config(tmp_path, 'colour = "red"\n[storage]\nbackups_keep = 5\nfoo = 1\n[ui]\nbar = 2\n')
    assert config.backups_keep == 5
    joined = "\n".join(config.problems)
    assert len(config.problems) == 3
    for key in ("'colour'", "'storage.foo'", "'ui.bar'"):
        assert key in joined


def test_config_week_start_and_day_start_reach_the_cli(focus, isolated_env) -> None:
    config_file = Path(isolated_env["FOCUS_CONFIG"])
    config_file.parent.mkdir(parents=True)
    config_file.write_text('week_start = "sunday"\nday_start_hour = 10\n', encoding="utf-8")
    first = add(focus, "x", "--day", "next week")
    second = add(focus, "y")  # 09:30 is before the 10:00 day start: still Friday
    tasks = all_tasks(focus)
    assert tasks[first]["day"] == "2026-11-22"
    assert tasks[second]["day"] == "2026-11-20"


def test_broken_config_does_not_stop_the_cli(focus, isolated_env) -> None:
    config_file = Path(isolated_env["FOCUS_CONFIG"])
    config_file.parent.mkdir(parents=True)
    config_file.write_text("this is [not toml", encoding="utf-8")
    assert add(focus, "still works") == 1
