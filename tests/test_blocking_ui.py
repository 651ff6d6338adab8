"""The blocker dialog, the board's blockers panel and the blockers screen, driven through Pilot."""

from __future__ import annotations

from datetime import datetime

from focus_tui.dialogs.blocker import BlockerDialog, ResolveDialog
from focus_tui.dialogs.task_details import TaskDetailsDialog
from focus_tui.domain.blockers import Cause
from focus_tui.domain.tasks import Status
from focus_tui.screens.blockers import BlockersScreen
from focus_tui.screens.board import BoardScreen
from focus_tui.storage import Store

from tests.apphelpers import make_app, run_app, seed_realistic_day


def fresh(data_dir, clock) -> Store:
    return Store(data_dir, clock).open()


def test_three_keystrokes_park_a_task_with_its_cause(data_dir, clock):
    seed_realistic_day(data_dir, clock)
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        board = app.screen
        board.tasks_list.highlighted = 1  # the weekly metrics report
        blocked_id = board.tasks_list.highlighted_task_id
        next_id = board.tasks_list.task_ids[2]
        await pilot.press("b", "p", "enter")
        await pilot.pause()
        panel = str(board.query_one("#blockers-panel").render())
        return blocked_id, next_id, board.tasks_list.task_ids, board.tasks_list.highlighted_task_id, panel

    blocked_id, next_id, shown, highlighted, panel = run_app(app, scenario)
    store = fresh(data_dir, clock)
    assert store.task(blocked_id).status is Status.BLOCKED
    [blocker] = store.blockers()
    assert (blocker.task_id, blocker.cause, blocker.opened) == (blocked_id, Cause.PEOPLE, clock.now())
    assert blocked_id not in shown  # it left the ranked list...
    assert "1 blocked" in panel and "people 1" in panel  # ...but stays in sight
    assert highlighted == next_id  # the next in rank is current


def test_note_and_person_and_number_keys(data_dir, clock):
    seed_realistic_day(data_dir, clock)
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        await pilot.press("b", "2")  # 2 = people
        await pilot.press(*"quote")
        await pilot.press("tab", *"Ana", "enter")
        await pilot.pause()
        await pilot.press("b", "4", "enter")  # 4 = resource
        await pilot.pause()

    run_app(app, scenario)
    first, second = fresh(data_dir, clock).blockers()
    assert (first.cause, first.note, first.person) == (Cause.PEOPLE, "quote", "Ana")
    assert second.cause is Cause.RESOURCE and second.person == ""


def test_escape_cancels_and_enter_without_a_cause_asks_for_one(data_dir, clock):
    seed_realistic_day(data_dir, clock)
    before = (data_dir / "focus.json").read_bytes()
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        await pilot.press("b", "enter")
        await pilot.pause()
        dialog = app.screen
        error = str(dialog.query_one("#blocker-error").render())
        await pilot.press("escape")
        await pilot.pause()
        return isinstance(dialog, BlockerDialog), error, type(app.screen)

    was_dialog, error, after = run_app(app, scenario)
    assert was_dialog and "Choose a cause" in error and after is BoardScreen
    assert (data_dir / "focus.json").read_bytes() == before


def test_a_note_that_cannot_be_stored_is_refused_inline(data_dir, clock):
    seed_realistic_day(data_dir, clock)
    before = (data_dir / "focus.json").read_bytes()
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        await pilot.press("b", "t")
        app.screen.query_one("#blocker-note").value = "x" * 100_000
        await pilot.press("enter")
        await pilot.pause()
        first = str(app.screen.query_one("#blocker-error").render())
        app.screen.query_one("#blocker-note").value = "bad \x1b[31m"
        await pilot.press("enter")
        await pilot.pause()
        return first, str(app.screen.query_one("#blocker-error").render()), type(app.screen)

    too_long, escape, screen = run_app(app, scenario)
    assert "too long" in too_long and "escape sequence" in escape and screen is BlockerDialog
    assert (data_dir / "focus.json").read_bytes() == before


def test_blockers_screen_ages_escalates_and_lists_people_by_person(data_dir, clock):
    store = seed_realistic_day(data_dir, clock)
    store.block_task(2, "people", person="Ana", note="needs the numbers")
    store.block_task(3, "budget")
    clock.set(datetime.fromisoformat("2026-11-23T10:10:00+00:00"))  # Monday: one working day later
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        await pilot.press("B")
        await pilot.pause()
        screen = app.screen
        rows = {row.task.id: (row.age, row.escalate, row.prompt) for row in screen.rows}
        title = str(screen.query_one("#blockers-title").render())
        await pilot.press("p")
        await pilot.pause()
        people = [(str(heading), [row.task.id for row in group]) for heading, group in screen.groups()]
        await pilot.press("escape")
        return isinstance(screen, BlockersScreen), rows, title, people, type(app.screen)

    is_screen, rows, title, people, back = run_app(app, scenario)
    assert is_screen and back is BoardScreen
    assert rows[2] == ("2d", True, "stuck since Sat: raise it with your lead")
    assert rows[3][1] is True
    assert "2 open" in title and "2 to raise with your lead" in title
    assert people == [("Ana", [2])]


def test_resolve_asks_root_or_workaround_and_returns_the_task(data_dir, clock):
    store = seed_realistic_day(data_dir, clock)
    store.block_task(2, "resource", note="no access")
    clock.advance(hours=3)
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        await pilot.press("B")
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        dialog_shown = isinstance(app.screen, ResolveDialog)
        await pilot.press("f", *"granted", "enter")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        return dialog_shown, app.screen.tasks_list.task_ids

    dialog_shown, shown = run_app(app, scenario)
    assert dialog_shown and 2 in shown
    after = fresh(data_dir, clock)
    [blocker] = after.blockers()
    assert (blocker.resolution, blocker.root_fixed, blocker.resolved) == ("granted", True, clock.now())
    assert after.task(2).status is Status.TODO


def test_edit_changes_the_cause_and_enter_shows_the_history(data_dir, clock):
    store = seed_realistic_day(data_dir, clock)
    store.block_task(2, "task", note="unclear")
    store.unblock_task(2, root_fixed=False)
    store.block_task(2, "people", person="Ana")
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        await pilot.press("B")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("escape")  # leave the note field focused by editing: cancel writes nothing
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        app.screen.action_choose_cause("resource")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        details = app.screen
        return isinstance(details, TaskDetailsDialog), [b.cause for b in details.blockers]

    is_details, history = run_app(app, scenario)
    assert is_details and history == [Cause.TASK, Cause.RESOURCE]
    current = fresh(data_dir, clock).open_blocker_of(2)
    assert current.cause is Cause.RESOURCE and current.person == ""


def test_the_blocker_dialog_opened_again_asks_afresh_about_the_new_task(data_dir, clock):
    """The board's blocker dialog is kept between openings: what was chosen and typed for one task
    must not carry over to the next."""
    seed_realistic_day(data_dir, clock)
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        board = app.screen
        board.tasks_list.highlighted = 1
        await pilot.press("b", "p", *"quote", "tab", *"Ana")
        await pilot.pause()
        first = app.screen
        await pilot.press("escape")
        await pilot.pause()
        board.tasks_list.highlighted = 2
        title = app.store.task(board.tasks_list.highlighted_task_id).title
        await pilot.press("b")
        await pilot.pause()
        dialog = app.screen
        seen = (dialog is first, str(dialog.query_one("#blocker-task").render()), dialog.query_one("#blocker-note").value,
                dialog.query_one("#blocker-person").value, dialog.query_one("#blocker-person-row").display,
                app.focused, "▶" in str(dialog.query_one("#causes").render()))
        await pilot.press("enter")  # no cause chosen yet: refused, as in a new dialog
        await pilot.pause()
        refused = str(dialog.query_one("#blocker-error").render())
        await pilot.press("t", "enter")
        await pilot.pause()
        return title, seen, refused, board.tasks_list.task_ids

    title, (same, shown_title, note, person, person_shown, focused, chosen), refused, _ = run_app(app, scenario)
    assert same
    assert shown_title == title
    assert (note, person, person_shown, focused, chosen) == ("", "", False, None, False)
    assert refused.startswith("Choose a cause first")
    [blocker] = fresh(data_dir, clock).blockers()
    assert (blocker.cause, blocker.note, blocker.person) == (Cause.TASK, "", "")
