"""The app shell driven through Textual's Pilot, on real data files."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from focus_tui.app import FocusApp
from focus_tui.dialogs.data_problem import DataProblemDialog
from focus_tui.dialogs.text_prompt import TextPromptDialog
from focus_tui.domain.tasks import Status
from focus_tui.screens.help import HelpScreen
from focus_tui.screens.board import BoardScreen
from focus_tui.storage import Store

from tests.apphelpers import make_app, run_app, seed_realistic_day


def visible_titles(app: FocusApp) -> list[str]:
    option_list = app.screen.tasks_list
    return [str(option_list.get_option_at_index(i).prompt) for i in range(option_list.option_count)]


def stored(data_dir: Path, clock) -> Store:
    return Store(data_dir, clock).open()


def test_app_needs_no_arguments_and_reads_focus_home(data_dir):
    app = FocusApp()
    assert app.store.data_dir == data_dir


def test_shell_lists_todays_open_tasks_ranked(data_dir, clock):
    seed_realistic_day(data_dir, clock)
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        assert isinstance(app.screen, BoardScreen)
        return visible_titles(app)

    titles = run_app(app, scenario)
    # In progress first, then planning > routine > transactional; done and future tasks absent.
    assert "Draft the Q1 community plan" in titles[0]
    assert [t.split("  ")[0][2:] for t in titles[1:3]] == ["Weekly metrics report", "Review [bold]feedback[/bold] from the beta"]
    assert not any("Book the webinar room" in t or "Monday's 1:1" in t for t in titles)


def test_markup_in_titles_shows_literally(data_dir, clock):
    seed_realistic_day(data_dir, clock)
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        return visible_titles(app)

    assert any("[bold]feedback[/bold]" in title for title in run_app(app, scenario))


def test_add_complete_and_undo_from_the_keyboard(data_dir, clock):
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        await pilot.press("a")
        assert isinstance(app.screen, TextPromptDialog)
        await pilot.press(*"Reply to Bob #email ~10m !transactional")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        await pilot.press("space")
        await pilot.pause()
        after_done = stored(data_dir, clock).tasks()
        await pilot.press("u")
        await pilot.pause()
        return after_done

    after_done = run_app(app, scenario)
    [task] = after_done
    assert (task.title, task.kind, task.minutes, task.category.value) == ("Reply to Bob", "email", 10, "transactional")
    assert task.status is Status.DONE
    assert stored(data_dir, clock).task(task.id).status is Status.TODO


def test_every_keystroke_is_on_disk_when_it_returns(data_dir, clock):
    seed_realistic_day(data_dir, clock)
    app = make_app(data_dir, clock)

    def on_disk():
        return {t.id: (t.status, t.day) for t in stored(data_dir, clock).tasks()}

    async def scenario(pilot):
        seen = {}
        await pilot.press("j")  # the weekly report, below the task in progress
        await pilot.press("s")  # start it: the one in progress goes back to to-do
        seen["start"] = on_disk()
        await pilot.press("D")  # drop it
        seen["drop"] = on_disk()
        await pilot.press("g", "d")  # defer the top task to tomorrow
        seen["defer"] = on_disk()
        await pilot.press("g", "delete")
        seen["delete"] = on_disk()
        return seen

    seen = run_app(app, scenario)
    assert seen["start"][2][0] is Status.DOING and seen["start"][1][0] is Status.TODO
    assert seen["drop"][2][0] is Status.DROPPED
    tomorrow = date(2026, 11, 22)
    deferred = [task_id for task_id, (_, day) in seen["defer"].items() if day == tomorrow and seen["drop"][task_id][1] != tomorrow]
    assert len(deferred) == 1
    assert len(seen["delete"]) == len(seen["defer"]) - 1


def test_bad_title_is_refused_in_the_dialog_and_nothing_is_written(data_dir, clock):
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        messages = []
        for bad in ("   ", "evil \x1b[31m red", "x" * 100_000, "date ^2026-02-30", "neg ~-5m"):
            await pilot.press("a")
            dialog = app.screen
            dialog.query_one("#prompt-input").value = bad
            await pilot.press("enter")
            await pilot.pause()
            assert app.screen is dialog, bad
            messages.append(str(dialog.query_one("#prompt-error").render()))
            await pilot.press("escape")
            await pilot.pause()
        return messages

    messages = run_app(app, scenario)
    assert "empty" in messages[0]
    assert "escape sequence" in messages[1]
    assert "too long" in messages[2]
    assert "February 2026 has 28 days" in messages[3]
    assert "neg ~-5m" and stored(data_dir, clock).tasks() == []


def test_help_is_built_from_the_live_bindings(data_dir, clock):
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        rows = app.screen.rows
        await pilot.press("escape")
        return rows

    rows = run_app(app, scenario)
    by_name = {description: keys for keys, description, _ in rows}
    assert by_name["Add"] == "a" and by_name["Done"] == "space / x" and by_name["Undo"] == "u / ^z"
    for description in ("Start", "Edit", "Tomorrow", "Drop", "Delete", "Filter", "Details", "Quit", "Help"):
        assert description in by_name


def test_help_follows_a_rebound_key(data_dir, clock):
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        app.set_keymap({"board.add_task": "n"})
        await pilot.press("question_mark")
        await pilot.pause()
        rows = app.screen.rows
        await pilot.press("escape")
        await pilot.press("n")
        return rows, type(app.screen)

    rows, screen_after_n = run_app(app, scenario)
    assert ("n", "Add") in [(keys, description) for keys, description, _ in rows]
    assert screen_after_n is TextPromptDialog


def test_command_palette_offers_every_bound_action(data_dir, clock):
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        screen = app.screen
        offered = {command.title for command in app.get_system_commands(screen)}
        bound = {b.binding.description for b in screen.active_bindings.values() if b.binding.id}
        return offered, bound

    offered, bound = run_app(app, scenario)
    assert bound and bound <= offered


def test_a_cli_add_while_the_app_is_open_appears_and_survives_its_next_edit(data_dir, clock, run_cli):
    seed_realistic_day(data_dir, clock)
    app = make_app(data_dir, clock, poll_seconds=0.05)

    async def scenario(pilot):
        result = run_cli("add", "Added from another pane #email")
        assert result.returncode == 0, result.stderr
        for _ in range(100):
            await pilot.pause(0.05)
            if any("Added from another pane" in title for title in visible_titles(app)):
                break
        seen = visible_titles(app)
        await pilot.press("space")  # complete the top task in the app
        return seen

    seen = run_app(app, scenario)
    assert any("Added from another pane" in title for title in seen)
    titles = {task.title: task.status for task in stored(data_dir, clock).tasks()}
    assert titles["Added from another pane"] is Status.TODO
    assert titles["Draft the Q1 community plan"] is Status.DONE


def test_an_edit_never_overwrites_a_write_it_has_not_seen_yet(data_dir, clock, run_cli):
    seed_realistic_day(data_dir, clock)
    app = make_app(data_dir, clock, poll_seconds=3600)  # the app will not notice by polling

    async def scenario(pilot):
        assert run_cli("add", "Written behind the app's back").returncode == 0
        await pilot.press("space")
        await pilot.pause()

    run_app(app, scenario)
    titles = {task.title for task in stored(data_dir, clock).tasks()}
    assert "Written behind the app's back" in titles


def test_corrupt_data_offers_the_newest_good_backup_and_keeps_the_bad_file(data_dir, clock):
    seed_realistic_day(data_dir, clock)
    clock.advance(days=1)
    stored(data_dir, clock).add_task(__import__("focus_tui.domain.tasks", fromlist=["new_task"]).new_task("next day", clock.now()))
    data_file = data_dir / "focus.json"
    junk = b'{"meta": {"1": {"schema": 1}}, "tasks": {"1": '
    data_file.write_bytes(junk)
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        assert isinstance(app.screen, DataProblemDialog)
        message = app.screen.message
        await pilot.press("r")
        await pilot.pause()
        return message, type(app.screen)

    message, screen = run_app(app, scenario)
    assert str(data_file) in message and "backup" in message
    assert screen is BoardScreen
    kept = list(data_dir.glob("focus.json.bad-*"))
    assert len(kept) == 1 and kept[0].read_bytes() == junk
    assert json.loads(data_file.read_bytes())["tasks"]


def test_quitting_from_the_data_problem_leaves_the_file_untouched(data_dir, clock):
    data_dir.mkdir(parents=True)
    data_file = data_dir / "focus.json"
    data_file.write_bytes(b"")
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        assert isinstance(app.screen, DataProblemDialog)
        await pilot.press("q")
        await pilot.pause()

    run_app(app, scenario)
    assert app.return_code == 1
    assert data_file.read_bytes() == b""


def test_read_only_data_shows_a_banner_and_refuses_changes(data_dir, clock, monkeypatch):
    seed_realistic_day(data_dir, clock)
    before = (data_dir / "focus.json").read_bytes()
    monkeypatch.setattr(Store, "_probe_writable", lambda self: False)
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        banner = app.screen.query_one("#banner")
        shown = banner.display, str(banner.render())
        await pilot.press("space")
        await pilot.pause()
        return shown, [n.message for n in app._notifications]

    (displayed, text), notes = run_app(app, scenario)
    assert displayed and "Read-only" in text
    assert any("read-only" in note for note in notes)
    assert (data_dir / "focus.json").read_bytes() == before


def test_header_clock_moves_with_the_injected_clock(data_dir, clock):
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        header = app.screen.query_one("FocusHeader")
        first = header.clock_text
        clock.advance(minutes=1)
        header.tick()
        await pilot.pause()
        return first, header.clock_text

    assert run_app(app, scenario) == ("09:30", "09:31")


def test_the_cursor_stops_at_the_ends_instead_of_wrapping(data_dir, clock):
    seed_realistic_day(data_dir, clock)
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        task_list = app.screen.tasks_list
        await pilot.press("k")
        at_top = task_list.highlighted
        await pilot.press(*["j"] * (task_list.option_count + 2))
        at_bottom = task_list.highlighted
        await pilot.press("down")
        return at_top, at_bottom, task_list.highlighted, task_list.option_count

    at_top, at_bottom, after_down, count = run_app(app, scenario)
    assert at_top == 0
    assert at_bottom == after_down == count - 1


def test_a_new_task_is_highlighted_and_a_key_acts_on_it(data_dir, clock):
    seed_realistic_day(data_dir, clock)
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        await pilot.press("a", *"Call the printer #calls !t", "enter")
        await pilot.pause()
        await pilot.press("j", "x")
        await pilot.pause()

    run_app(app, scenario)
    statuses = {task.title: task.status for task in stored(data_dir, clock).tasks()}
    assert statuses["Call the printer"] is Status.DONE
    assert statuses["Draft the Q1 community plan"] is Status.DOING


def test_a_record_damaged_by_hand_editing_opens_the_data_problem_dialog(data_dir, clock):
    seed_realistic_day(data_dir, clock)
    data_file = data_dir / "focus.json"
    raw = json.loads(data_file.read_bytes())
    raw["tasks"]["2"]["created"] = "last tuesday"
    damaged = json.dumps(raw).encode()
    data_file.write_bytes(damaged)
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        return type(app.screen), getattr(app.screen, "message", "")

    screen, message = run_app(app, scenario)
    assert screen is DataProblemDialog and "task 2 is damaged" in message
    assert data_file.read_bytes() == damaged


def test_the_focus_command_freezes_what_start_up_built_and_tests_do_not(data_dir, clock):
    """Frozen start-up objects keep full garbage collections (25-30 ms) out of key presses; an app
    in a shared process (tests) must not freeze, since frozen objects are never collected."""
    import gc

    from focus_tui import cli

    gc.unfreeze()
    try:
        run_app(make_app(data_dir, clock), lambda pilot: pilot.pause())
        unfrozen = gc.get_freeze_count()
        run_app(make_app(data_dir, clock, freeze_after_start=True), lambda pilot: pilot.pause())
        frozen = gc.get_freeze_count()
    finally:
        gc.unfreeze()
    assert unfrozen == 0 and frozen > 0
    assert "freeze_after_start=True" in Path(cli.__file__).read_text(encoding="utf-8")


def test_the_board_is_composed_once_at_start_after_the_start_up_batch(data_dir, clock, monkeypatch):
    """Textual drops every frame composed inside a batch update, and the app's start-up is one: the
    board waits for it to end (BoardScreen._compositor_refresh), then composes its first frame."""
    from textual._compositor import Compositor

    seed_realistic_day(data_dir, clock)
    app = make_app(data_dir, clock)
    composed: list[tuple[str, int]] = []
    render_update = Compositor.render_update

    def noting_render_update(compositor, *args, **kwargs):
        if isinstance(app.screen, BoardScreen) and app.screen._compositor is compositor:
            composed.append(("board", app._batch_count))
        return render_update(compositor, *args, **kwargs)

    monkeypatch.setattr(Compositor, "render_update", noting_render_update)

    async def scenario(pilot):
        await pilot.pause()
        return visible_titles(app)

    titles = run_app(app, scenario)
    assert composed and composed[0] == ("board", 0)
    assert all(batch == 0 for _, batch in composed)
    assert "Draft the Q1 community plan" in titles[0]


def test_the_header_lays_out_its_parts_like_a_row_of_labels(data_dir, clock):
    """Title, then the day, week and quarter in what room is left (a longer text shows what fits on
    its first wrapped line), then the batch, the review reminder and the clock, each padded."""
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        header = app.screen.query_one("FocusHeader")
        header.show_batch("▶ email 12:34")
        header._show(review_text="◇ review: R")
        lines = {}
        for width in (100, 60):
            await pilot.resize_terminal(width, 24)
            await pilot.pause()
            lines[width] = header.render_line(0).text
        return lines

    lines = run_app(app, scenario, size=(100, 24))
    wide, narrow = lines[100], lines[60]
    assert len(wide) == 100 and len(narrow) == 60
    assert wide.startswith(" ◉ focus Sat 21 Nov · week 47 · Q4 2026 ")
    assert wide.endswith(" ▶ email 12:34  ◇ review: R  09:30 ")
    # 60 columns leave the stage 16 cells: its first wrapped line, then blank to the batch.
    assert narrow == " ◉ focus " + "Sat 21 Nov ·    " + " ▶ email 12:34  ◇ review: R  09:30 "


def test_what_the_most_used_keys_need_is_imported_shortly_after_the_first_frame(data_dir, clock, isolated_env):
    """In a process of its own, as `focus` runs: none of it is imported before the first frame (the
    start stays as short), and all of it is soon after, before a person presses a key."""
    import os
    import subprocess
    import sys

    from focus_tui.app import IMPORTED_AHEAD

    seed_realistic_day(data_dir, clock)
    script = f"""
import asyncio, json, sys
from datetime import datetime
from focus_tui.app import FocusApp, IMPORT_AHEAD_AFTER, IMPORTED_AHEAD
from focus_tui.domain.clock import FixedClock

async def main():
    app = FocusApp(clock=FixedClock(datetime.fromisoformat({clock.now().isoformat()!r})), data_dir={str(data_dir)!r},
                   cursor_blink=False, first_run=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        at_first_frame = [name for name in IMPORTED_AHEAD if name in sys.modules]
        await pilot.pause(IMPORT_AHEAD_AFTER + 1.0)
        later = [name for name in IMPORTED_AHEAD if name in sys.modules]
    print(json.dumps([at_first_frame, later]))

asyncio.run(main())
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                            env={**os.environ, **isolated_env})
    assert result.returncode == 0, result.stderr
    at_first_frame, later = json.loads(result.stdout.strip().splitlines()[-1])
    assert at_first_frame == []
    assert later == list(IMPORTED_AHEAD)
