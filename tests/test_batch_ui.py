"""The queue and a running batch, driven through Pilot with an injected clock that advances."""

from __future__ import annotations

from datetime import date

from focus_tui.dialogs.blocker import BlockerDialog
from focus_tui.domain.blockers import Cause
from focus_tui.domain.tasks import Status, new_task
from focus_tui.screens.batch import BatchScreen, CarryOverDialog
from focus_tui.screens.board import BoardScreen
from focus_tui.screens.queue import QueueScreen
from focus_tui.storage import Store

from tests.apphelpers import make_app, run_app

TODAY = date(2026, 11, 21)


def seed_small_tasks(data_dir, clock) -> Store:
    store = Store(data_dir, clock).open()
    for title, kind, minutes in (("Reply to Ana", "email", 5), ("Reply to Bob", "email", 5),
                                 ("Reply to Cy", "email", 5), ("Expense form", "forms", 10),
                                 ("Write the plan", None, 90)):
        store.add_task(new_task(title, clock.now(), kind=kind, minutes=minutes, day=TODAY))
        clock.advance(minutes=1)
    return store


def fresh(data_dir, clock) -> Store:
    return Store(data_dir, clock).open()


def countdown(app) -> str:
    return app.screen.query_one("#countdown").value


def test_the_queue_groups_small_tasks_by_kind(data_dir, clock):
    seed_small_tasks(data_dir, clock)
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        await pilot.press("Q")
        await pilot.pause()
        screen = app.screen
        return isinstance(screen, QueueScreen), [(b.kind, [t.title for t in b.items], b.timebox) for b in screen.batches]

    is_queue, batches = run_app(app, scenario)
    assert is_queue
    assert batches == [("email", ["Reply to Ana", "Reply to Bob", "Reply to Cy"], 15), ("forms", ["Expense form"], 10)]


def test_a_whole_batch_with_the_clock_moving(data_dir, clock):
    seed_small_tasks(data_dir, clock)
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        seen = {}
        await pilot.press("Q", "enter")
        await pilot.pause()
        assert isinstance(app.screen, BatchScreen)
        seen["start"] = countdown(app)
        clock.advance(minutes=4)
        app.screen.tick()
        seen["after 4 min"] = countdown(app)
        await pilot.press("space")  # Ana done
        await pilot.press("n")  # skip Bob to the end
        await pilot.pause()
        seen["current"] = str(app.screen.query_one("#batch-current").render())
        await pilot.press("p")  # pause
        clock.advance(minutes=10)
        app.screen.tick()
        seen["paused"] = countdown(app)
        await pilot.press("p", "plus")  # resume and extend by 5 minutes
        await pilot.pause()
        seen["extended"] = countdown(app)
        clock.advance(minutes=16)  # past the end of the timebox
        app.screen.tick()
        await pilot.pause()
        seen["carry"] = isinstance(app.screen, CarryOverDialog) and [t.title for t in app.screen.items]
        await pilot.press("t", "n")  # the first to tomorrow, the other stays for the next batch
        await pilot.pause()
        seen["after"] = type(app.screen)
        return seen

    seen = run_app(app, scenario)
    assert seen["start"] == "15:00" and seen["after 4 min"] == "11:00"
    assert "Reply to Cy" in seen["current"]
    assert seen["paused"] == "11:00"  # a pause stops the clock
    assert seen["extended"] == "16:00"
    assert seen["carry"] == ["Reply to Cy", "Reply to Bob"]
    store = fresh(data_dir, clock)
    tasks = {task.title: task for task in store.tasks()}
    assert tasks["Reply to Ana"].status is Status.DONE
    assert tasks["Reply to Cy"].day == date(2026, 11, 22) and tasks["Reply to Bob"].day == TODAY
    [run] = store.batch_runs()
    assert run.end_reason == "timebox" and run.extensions == 1 and len(run.pauses) == 1
    assert run.done == (tasks["Reply to Ana"].id,)


def test_the_timer_survives_a_restart(data_dir, clock):
    seed_small_tasks(data_dir, clock)
    app = make_app(data_dir, clock)

    async def start(pilot):
        await pilot.press("Q", "enter")
        await pilot.pause()

    run_app(app, start)
    clock.advance(minutes=6, seconds=30)  # the app is closed meanwhile
    reopened = make_app(data_dir, clock)

    async def look(pilot):
        await pilot.pause()
        header = str(app_header(reopened))
        return type(reopened.screen), countdown(reopened), header

    screen, value, header = run_app(reopened, look)
    assert screen is BatchScreen and value == "08:30" and "email 08:30" in header


def app_header(app):
    return app.screen.query_one("FocusHeader").batch_text


def test_the_header_shows_the_batch_on_the_board(data_dir, clock):
    seed_small_tasks(data_dir, clock)
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        await pilot.press("Q", "enter")
        await pilot.pause()
        await pilot.press("escape")  # stop...
        await pilot.pause()
        stopped = isinstance(app.screen, CarryOverDialog)
        await pilot.press("N")
        await pilot.pause()
        await pilot.press("escape")  # back to the board
        await pilot.press("Q", "enter")  # start again, then leave it running
        await pilot.pause()
        app.pop_screen()  # the batch screen, back to the queue
        await pilot.pause()
        app.pop_screen()  # the queue, back to the board
        await pilot.pause()
        return stopped, type(app.screen), str(app_header(app))

    stopped, screen, header = run_app(app, scenario)
    assert stopped and screen is BoardScreen and header.startswith("▶ email")


def test_three_keystrokes_block_the_current_item_of_a_running_batch(data_dir, clock):
    seed_small_tasks(data_dir, clock)
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        await pilot.press("Q", "enter")
        await pilot.pause()
        await pilot.press("b")
        await pilot.pause()
        dialog = isinstance(app.screen, BlockerDialog)
        await pilot.press("r", "enter")
        await pilot.pause()
        return dialog, type(app.screen), str(app.screen.query_one("#batch-current").render())

    dialog, screen, current = run_app(app, scenario)
    assert dialog and screen is BatchScreen and "Reply to Bob" in current
    store = fresh(data_dir, clock)
    [blocker] = store.blockers()
    assert blocker.cause is Cause.RESOURCE and store.task(blocker.task_id).title == "Reply to Ana"


def test_a_second_batch_cannot_start_while_one_runs(data_dir, clock):
    seed_small_tasks(data_dir, clock)
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        await pilot.press("Q", "enter")
        await pilot.pause()
        app.pop_screen()
        await pilot.pause()
        queue = QueueScreen()
        app.push_screen(queue)
        await pilot.pause()
        await pilot.press("G", "enter")  # the forms batch
        await pilot.pause()
        return [n.message for n in app._notifications]

    notes = run_app(app, scenario)
    assert any("still running" in note for note in notes)
    assert len(fresh(data_dir, clock).batch_runs()) == 1


def test_desktop_notification_runs_notify_send_when_enabled(data_dir, clock, tmp_path, monkeypatch):
    """A fake notify-send on PATH records its arguments; the real app calls it at the end of a timebox."""
    import os
    from dataclasses import replace

    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    record = tmp_path / "notified.txt"
    fake = bin_dir / "notify-send"
    fake.write_text(f"#!/bin/sh\necho \"$@\" > {record}\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    seed_small_tasks(data_dir, clock)
    app = make_app(data_dir, clock)
    app.config = replace(app.config, desktop_notifications=True)

    async def scenario(pilot):
        await pilot.press("Q", "enter")
        await pilot.pause()
        clock.advance(minutes=20)
        app.screen.tick()
        for _ in range(50):
            await pilot.pause(0.02)
            if record.exists():
                break

    run_app(app, scenario)
    assert "time is up" in record.read_text()


def test_the_queue_opened_again_is_the_same_screen_showing_what_changed_meanwhile(data_dir, clock):
    """The queue is kept between openings (KeptScreen): it must still show the data as it is now,
    from its first line, and a closed queue must not pile up."""
    seed_small_tasks(data_dir, clock)
    app = make_app(data_dir, clock)

    def lines(screen) -> list[str]:
        option_list = screen.query_one("#batch-list")
        return [str(option_list.get_option_at_index(i).prompt) for i in range(option_list.option_count)]

    async def scenario(pilot):
        await pilot.press("Q")
        await pilot.pause()
        first = app.screen
        await pilot.press("down", "down", "escape")
        await pilot.pause()
        app.apply_change(lambda: app.store.add_task(new_task("Call Dee", clock.now(), kind="calls", minutes=5, day=TODAY)))
        app.apply_change(lambda: app.store.complete_task(1))  # Reply to Ana
        await pilot.pause()
        await pilot.press("Q")
        await pilot.pause()
        second = app.screen
        return first is second, lines(second), second.query_one("#batch-list").highlighted, \
            str(second.query_one("#queue-title").render())

    same, shown, highlighted, title = run_app(app, scenario)
    assert same
    assert "   Call Dee  5m" in shown and "   Reply to Ana  5m" not in shown
    assert highlighted == 0  # as on a newly opened queue
    assert title.startswith("Batches · 4 small tasks")
