"""Messages in the corner (focus_tui/widgets/notices.py): drawn with the change they describe, newest
last, gone after their timeout or a click, and shown on whichever screen is on top."""

from __future__ import annotations

import asyncio
from datetime import date

from focus_tui.domain.tasks import new_task
from focus_tui.widgets.notices import SHOWN_AT_MOST, NoticeBox, Notices
from tests.apphelpers import make_app, seed_realistic_day

SIZE = (100, 30)


def run_with_notices(app, scenario):
    """As tests.apphelpers.run_app, with messages switched on (run_app turns them off)."""

    async def main():
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await pilot.pause()
            return await scenario(pilot)

    return asyncio.run(main())


def shown_messages(app) -> list[str]:
    try:
        notices = app.screen.get_child_by_id("notices", Notices)
    except Exception:
        return []
    if not notices.display:
        return []
    return [str(box.render()) for box in notices.query_children(NoticeBox) if box.display]


async def wait_until(pilot, condition, seconds: float = 3.0) -> bool:
    for _ in range(int(seconds / 0.05)):
        if condition():
            return True
        await pilot.pause(0.05)
    return condition()


def test_a_change_and_its_message_are_shown_by_the_same_call(data_dir, clock):
    """No turn of the event loop between the change and its message, so no frame can show one
    without the other."""
    seed_realistic_day(data_dir, clock)
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        await wait_until(pilot, lambda: bool(app.screen.query(Notices)))
        await pilot.press("g")
        board = app.screen
        task_id = board.tasks_list.highlighted_task_id
        board.action_complete_task()  # what the key runs; nothing awaited after it
        at_once = shown_messages(app), task_id in board.tasks_list.task_ids
        await pilot.pause()
        box = next(box for box in app.screen.query(NoticeBox) if box.display)
        return at_once, box.region, len(app.screen.query("Toast"))

    (messages, still_listed), region, textual_toasts = run_with_notices(app, scenario)
    assert messages == ["Done: Draft the Q1 community plan"]
    assert not still_listed
    # Where Textual's toasts were: bottom right, clear of the rack's scrollbar, above the key bar.
    assert region.right == SIZE[0] - 2 and region.bottom == SIZE[1] - 1 and region.width <= SIZE[0] // 2
    assert textual_toasts == 0


def test_the_newest_messages_show_newest_last_and_a_warning_says_so(data_dir, clock):
    seed_realistic_day(data_dir, clock)
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        for number in range(SHOWN_AT_MOST + 1):
            app.notify(f"message {number}")
        app.notify("Check the date", title="Not saved", severity="warning")
        await pilot.pause()
        boxes = [box for box in app.screen.query(NoticeBox) if box.display]
        return shown_messages(app), [sorted(box.classes) for box in boxes]

    messages, classes = run_with_notices(app, scenario)
    assert messages == [f"message {n}" for n in range(2, SHOWN_AT_MOST + 1)] + ["Not saved\nCheck the date"]
    assert classes[-1] == ["-warning"] and classes[0] == ["-information"]


def test_a_message_leaves_after_its_timeout_or_a_click(data_dir, clock):
    seed_realistic_day(data_dir, clock)
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        app.notify("brief", timeout=0.2)
        app.notify("stays until clicked", timeout=60)
        await pilot.pause()
        both = shown_messages(app)
        expired = await wait_until(pilot, lambda: shown_messages(app) == ["stays until clicked"])
        box = next(box for box in app.screen.query(NoticeBox) if box.display)
        await pilot.click(box)
        cleared = await wait_until(pilot, lambda: shown_messages(app) == [])
        return both, expired, cleared, len(app._notifications)

    both, expired, cleared, left = run_with_notices(app, scenario)
    assert both == ["brief", "stays until clicked"]
    assert expired and cleared and left == 0


def test_messages_follow_the_screen_on_top_and_markup_in_a_title_shows_literally(data_dir, clock):
    """A message raised on the board is still shown after a dialog opens over it; text from the
    user's data is not read as markup."""
    seed_realistic_day(data_dir, clock)
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        app.notify("[bold]Ship[/bold] it", markup=False)
        await pilot.press("b")  # the blocker dialog
        await wait_until(pilot, lambda: bool(shown_messages(app)))
        on_dialog = type(app.screen).__name__, shown_messages(app)
        await pilot.press("escape")
        await pilot.pause()
        return on_dialog, shown_messages(app)

    (screen, on_dialog), back_on_board = run_with_notices(app, scenario)
    assert screen == "BlockerDialog"
    assert on_dialog == back_on_board == ["[bold]Ship[/bold] it"]


def test_messages_stay_off_when_the_app_runs_without_them(data_dir, clock):
    """run_test(notifications=False), as the snapshot tests run: nothing is mounted or drawn."""
    seed_realistic_day(data_dir, clock)
    app = make_app(data_dir, clock)

    async def main():
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            app.notify("not drawn")
            await pilot.pause()
            return len(app.screen.query(Notices)), [n.message for n in app._notifications]

    mounted, kept = asyncio.run(main())
    assert mounted == 0 and kept == ["not drawn"]


def test_a_message_appearing_redraws_only_its_box(data_dir, clock):
    """Its box lies on its own layer, so only the box's cells are drawn again, once: not the board
    beneath, and not the task list's scrollbar. (The whole screen was, in two frames.)"""
    store = seed_realistic_day(data_dir, clock)
    for number in range(40):  # a list longer than the screen: it has a scrollbar
        store.add_task(new_task(f"Small thing {number}", clock.now(), day=date(2026, 11, 21)))
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        await wait_until(pilot, lambda: bool(app.screen.query(Notices)))
        await pilot.pause(0.1)
        board = app.screen
        redrawn: list[tuple[set, set]] = []  # (regions, widget types) each frame drew again
        original = board._compositor_refresh

        def compositor_refresh() -> None:
            redrawn.append((set(board._compositor._dirty_regions), {type(w).__name__ for w in board._dirty_widgets}))
            original()

        board._compositor_refresh = compositor_refresh
        app.notify("hello")
        await wait_until(pilot, lambda: shown_messages(app) == ["hello"])
        await pilot.pause(0.2)
        box = next(box for box in board.query(NoticeBox) if box.display)
        return redrawn, box.region, board.tasks_list.show_vertical_scrollbar

    redrawn, box_region, has_scrollbar = run_with_notices(app, scenario)
    assert has_scrollbar
    assert len(redrawn) == 1, "the message took more than one frame"
    assert all(box_region.contains_region(region) for regions, _widgets in redrawn for region in regions)
    assert all(widgets <= {"NoticeBox", "Notices"} for _regions, widgets in redrawn)
