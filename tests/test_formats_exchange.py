"""`focus import` and `focus export` across formats: detection, reports, exit codes, dry runs, undo,
idempotent focus-tui imports, the Markdown views, and that none of it loads Textual."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from clihelpers import failed, ok, probe_verb
from filehelpers import snapshot
from focus_tui.domain.keytasks import new_key_task
from focus_tui.domain.periods import day_period, week_period
from focus_tui.domain.tasks import new_task
from focus_tui.storage import Store
from focus_tui.storage.exchange import (
    UnknownFormat, detect, export_data, export_markdown_backlog, export_markdown_period, import_data, import_file,
)

DATA = Path(__file__).parent / "data"
FROZEN = "2026-11-21T09:30:00+00:00"  # a Saturday


@pytest.fixture
def focus(run_cli):
    def run(*args: str, env: dict[str, str] | None = None, **kwargs) -> subprocess.CompletedProcess:
        return run_cli(*args, env={"FOCUS_CLOCK": FROZEN, **(env or {})}, **kwargs)

    return run


@pytest.fixture
def files(tmp_path: Path) -> Path:
    for name in ("todo.txt", "todo-malformed.txt", "taskwarrior-2.6.2-export.json"):
        shutil.copy(DATA / name, tmp_path / name)
    return tmp_path


# -- the CLI --------------------------------------------------------------------------------------
def test_import_prints_the_report_and_a_second_import_adds_nothing(focus, files: Path) -> None:
    out = ok(focus("import", str(files / "taskwarrior-2.6.2-export.json")))
    lines = out.splitlines()
    assert lines[0].startswith("imported 7, skipped 2 (deleted 1, recurring template 1) from ")
    assert len(lines) == 10 and "record 9 (uuid 6cae02e0-7079-4ea7-ba59-4b10905deebb): skipped: deleted" in lines[-1]
    again = ok(focus("import", str(files / "taskwarrior-2.6.2-export.json")))
    assert again.splitlines()[0].startswith("imported 0, skipped 9 (already imported 7, deleted 1, recurring template 1)")
    assert len(json.loads(ok(focus("list", "--all", "--json")))) == 7


def test_a_dry_run_changes_no_byte(focus, files: Path, store: Store) -> None:
    store.add_task(new_task("Mine", store.clock.now()))
    before = snapshot(store.data_dir)
    out = ok(focus("import", "--dry-run", str(files / "todo.txt")))
    assert out.startswith("would import 17 from ") and "dry run, nothing was written" in out.splitlines()[0]
    assert snapshot(store.data_dir) == before


def test_a_dry_run_into_an_empty_home_creates_nothing(focus, files: Path, data_dir: Path) -> None:
    ok(focus("import", "-n", str(files / "taskwarrior-2.6.2-export.json")))
    assert not (data_dir / "focus.json").exists()


def test_one_focus_undo_reverts_an_import(focus, files: Path, store: Store) -> None:
    store.add_task(new_task("Mine", store.clock.now()))
    before = json.loads(ok(focus("list", "--all", "--json")))
    ok(focus("import", str(files / "todo.txt")))
    assert len(json.loads(ok(focus("list", "--all", "--json")))) == 18
    assert ok(focus("undo")) == f"undone: import 17 tasks from {files / 'todo.txt'}\n"
    assert json.loads(ok(focus("list", "--all", "--json"))) == before


def test_standard_input_is_read_as_todotxt_or_json(focus, files: Path) -> None:
    out = ok(focus("import", "-", input="(A) From a pipe @email\n"))
    assert out.splitlines() == ["imported 1 from <stdin> (todo.txt); focus undo reverts it",
                                '<stdin>:1: task 1: "From a pipe" → planning, #email, backlog']
    out = ok(focus("import", "-", input=(files / "taskwarrior-2.6.2-export.json").read_text(encoding="utf-8")))
    assert out.startswith("imported 7, skipped 2")


def test_a_file_of_malformed_lines_only_exits_1_after_the_report(focus, tmp_path: Path, data_dir: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_text("2026-02-30 Bad date\n+only @tags\n", encoding="utf-8")
    result = focus("import", str(path))
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == f"imported 0, skipped 2 (malformed 2) from {path} (todo.txt)"
    assert result.stderr == f"focus: error: nothing was imported from {path}: 2 malformed records (listed above)\n"
    assert not (data_dir / "focus.json").exists()


@pytest.mark.parametrize(
    ("name", "content", "code", "words"),
    [
        ("todo.txt", "Caf\xe9\n".encode("latin-1"), 1, "is not UTF-8 text (byte 0xe9 on line 1, at offset 3)"),
        ("tasks.json", b"[{\"uuid\": ", 1, "is not valid JSON"),
        ("deep.json", b"[" * 100_000 + b"]" * 100_000, 1, "is not valid JSON (nested too deeply)"),
        ("tasks.csv", b"title,due\nx,2026-12-01\n", 2, "cannot tell the format of"),
        ("notes.md", b"# Notes\n", 2, "name it with --from"),
    ],
    ids=["not-utf8", "bad-json", "deep-json", "csv", "markdown"],
)
def test_unreadable_files_write_nothing(focus, tmp_path: Path, seeded_file: Path, name: str, content: bytes,
                                        code: int, words: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    before = seeded_file.read_bytes()
    assert words in failed(focus("import", str(path)), code)
    assert seeded_file.read_bytes() == before


def test_from_names_the_format(focus, tmp_path: Path) -> None:
    path = tmp_path / "tasks.csv"
    path.write_text("Call the bank @phone\n", encoding="utf-8")
    assert ok(focus("import", str(path), "--from", "todotxt")).startswith("imported 1 from")
    json_path = tmp_path / "export.json"
    json_path.write_text("[]", encoding="utf-8")
    assert "not a focus-tui export" in failed(focus("import", str(json_path), "--from", "focus"), 1)
    assert "invalid choice" in failed(focus("import", str(path), "--from", "csv"), 2)


def test_export_todotxt_and_markdown_views(focus, files: Path) -> None:
    ok(focus("import", str(files / "todo.txt")))
    todo = ok(focus("export", "--format", "todotxt"))
    assert todo.splitlines()[0] == "(A) 2026-11-20 Draft the Q1 community plan +community @planning due:2026-11-27"
    assert len(ok(focus("export", "--all")).splitlines()) == 17  # --all alone means todo.txt
    week = ok(focus("export", "--week", "2026-W48"))  # --week alone means Markdown
    assert week.startswith("# Week of Mon 23 Nov 2026 (to Sun 29 Nov)\n")
    assert "- [ ] Weekly metrics report (#report, day 2026-11-23) <!-- id 2 -->" in week
    assert "# Backlog, 2026-11-21" in ok(focus("export", "-f", "md", "--backlog"))
    assert ok(focus("export", "-f", "md", "--day", "2026-11-23")).startswith("# Mon 23 Nov 2026\n")


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--format", "json", "--day", "today"], "--day, --week and --backlog are Markdown views"),
        (["--format", "todotxt", "--backlog"], "--day, --week and --backlog are Markdown views"),
        (["--format", "md", "--all"], "--all is for --format todotxt"),
        (["--day", "today", "--week", "this"], "not allowed with argument"),
        (["--day", "2026-02-30"], "28 days"),
        (["--week", "2026-W60"], "is not a week of 2026"),
        (["--format", "txt"], "invalid choice"),
    ],
)
def test_export_usage_errors(focus, seeded_file: Path, args: list[str], words: str) -> None:
    assert words in failed(focus("export", *args), 2)


@pytest.mark.parametrize(
    "args",
    [["import", "{todo}"], ["import", "-n", "{tw}"], ["export", "--format", "todotxt", "--all"],
     ["export", "--day", "today"], ["export", "--week", "last"], ["export", "--backlog"]],
    ids=lambda args: " ".join(args),
)
def test_import_and_export_verbs_do_not_import_textual(isolated_env, seeded_file: Path, files: Path, args: list[str]) -> None:
    env = {**os.environ, **isolated_env, "FOCUS_CLOCK": FROZEN}
    paths = {"{todo}": str(files / "todo.txt"), "{tw}": str(files / "taskwarrior-2.6.2-export.json")}
    report = probe_verb([paths.get(arg, arg) for arg in args], env)
    assert report["code"] == 0, report["stderr"]
    assert report["textual"] is False and report["storage"] is True


def test_the_formats_package_needs_no_storage_and_no_ui() -> None:
    code = ("import sys, focus_tui.formats.todotxt, focus_tui.formats.taskwarrior, focus_tui.formats.markdown\n"
            "print(sorted(m for m in ('tinydb', 'textual', 'focus_tui.storage', 'focus_tui.app') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "[]", result.stderr


# -- detection ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ('{"format": "focus-tui-export", "format_version": 1, "tables": {}}', "backup", "focus"),
        ("[]", "export.json", "taskwarrior"),
        ('[{"uuid": "x", "description": "y"}]', "anything.data", "taskwarrior"),
        ("(A) Call Mom", "todo.txt", "todotxt"),
        ("[waiting] Call Mom", "todo.txt", "todotxt"),  # not JSON, and a .txt name
        ("Call Mom", "TODO", "todotxt"),
        ("Call Mom", "<stdin>", "todotxt"),
        ("Call Mom", "list.todo", "todotxt"),
    ],
)
def test_the_format_is_told_from_content_and_name(text: str, name: str, expected: str) -> None:
    assert detect(text, name)[0] == expected


def test_a_text_file_with_another_extension_needs_from() -> None:
    with pytest.raises(UnknownFormat):
        detect("Call Mom", "notes.md")
    assert detect("Call Mom", "notes.md", "todotxt")[0] == "todotxt"


# -- the focus-tui export ---------------------------------------------------------------------------
def test_importing_a_focus_export_twice_adds_nothing(store: Store, tmp_path: Path) -> None:
    now = store.clock.now()
    task = store.add_task(new_task("Plan", now, day=store.today()))
    store.block_task(task.id, "people", person="Ana")
    store.set_key_task(new_key_task(day_period(store.today()), "Ship it", now))
    payload = json.loads(json.dumps(export_data(store)))

    target = Store(tmp_path / "other", store.clock).open()
    assert import_data(target, payload) == {"blockers": 1, "key_tasks": 1, "tasks": 1}
    before = target.data_file.read_bytes()
    report = import_file(target, json.dumps(payload).encode(), "backup.json")
    assert report.summary() == "imported 0, skipped 3 (already imported 3) from backup.json (focus-tui export)"
    assert report.lines()[0] == "backup.json: blockers[0] (id 1): skipped: already here as blockers id 1"
    assert target.data_file.read_bytes() == before
    # Into the data it came from, nothing either; a new task in the file is added, linked to what is here.
    payload["tables"]["tasks"].append({**payload["tables"]["tasks"][0], "id": 9, "title": "Plan B"})
    payload["tables"]["blockers"].append({**payload["tables"]["blockers"][0], "id": 5, "task_id": 9})
    assert import_data(store, payload) == {"blockers": 1, "key_tasks": 0, "tasks": 1}
    assert [b.task_id for b in store.blockers()] == [1, 2] and store.task(2).title == "Plan B"


def test_a_dry_run_of_a_focus_export_counts_and_writes_nothing(store: Store) -> None:
    store.add_task(new_task("Plan", store.clock.now()))
    payload = export_data(store)
    payload["tables"]["tasks"].append({**payload["tables"]["tasks"][0], "id": 2, "title": "Other"})
    before = store.data_file.read_bytes()
    report = import_file(store, json.dumps(payload).encode(), "b.json", dry_run=True)
    assert report.summary() == ("would import 1 (tasks 1), skip 1 (already imported 1) from b.json (focus-tui export); "
                                "dry run, nothing was written")
    assert store.data_file.read_bytes() == before


# -- Markdown views -------------------------------------------------------------------------------
def test_markdown_day_week_and_backlog(store: Store) -> None:
    now, today = store.clock.now(), store.today()  # Saturday 21 November 2026
    store.set_key_task(new_key_task(day_period(today), "Run the webinar", now))
    store.set_key_task(new_key_task(week_period(today), "Launch onboarding", now, target=40, unit="signups"))
    planned = store.add_task(new_task("Draft the plan *now*", now, category="planning", day=today, minutes=90))
    store.add_task(new_task("Reply to Ana", now, category="transactional", kind="email", day=today))
    unplanned = store.add_task(new_task("Fix the typo", now, category="transactional"))
    store.complete_task(unplanned.id)
    store.complete_task(planned.id)
    store.add_task(new_task("Someday", now, category="routine"))
    store.add_task(new_task("Monday thing", now, category="routine", day=date(2026, 11, 23)))

    day = export_markdown_period(store, day_period(today))
    assert day == "\n".join([
        "# Sat 21 Nov 2026", "", "## Key tasks", "",
        "- **Week:** Launch onboarding (0/40 signups)",
        "- **Day:** Run the webinar", "",
        "## Planning", "",
        "- [x] Draft the plan \\*now\\* (90 min, day 2026-11-21) <!-- id 1 -->", "",
        "## Transactional", "",
        "- [ ] Reply to Ana (#email, day 2026-11-21) <!-- id 2 -->", "",
        "## Done, not planned", "",
        "- [x] Fix the typo (transactional) <!-- id 3 -->",
    ]) + "\n"
    week = export_markdown_period(store, week_period(today))
    assert week.startswith("# Week of Mon 16 Nov 2026 (to Sun 22 Nov)\n")
    assert "- **Sat 21:** Run the webinar" in week and "Monday thing" not in week
    nothing = export_markdown_period(store, day_period(date(2026, 11, 10)))
    assert nothing.endswith("## Key tasks\n\n(none set)\n\n(nothing planned)\n")
    assert export_markdown_backlog(store) == "\n".join([
        "# Backlog, 2026-11-21", "", "1 open task with no day.", "", "## Routine", "",
        "- [ ] Someday <!-- id 4 -->"]) + "\n"


@pytest.fixture
def seeded_file(store: Store) -> Path:
    store.add_task(new_task("Seed task", store.clock.now(), day=store.today()))
    return store.data_file
