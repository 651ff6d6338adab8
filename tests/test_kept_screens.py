"""Screens and dialogs kept between openings (focus_tui/screens/kept.py) look and ask as new ones
would: after a theme change or a resize while they were closed, and for another question."""

from __future__ import annotations

import pytest

from focus_tui.dialogs.text_prompt import TextPromptDialog
from focus_tui.domain.periods import Stage
from focus_tui.screens.board import BoardScreen
from focus_tui.screens.queue import QueueScreen
from focus_tui.storage import Store

from tests.apphelpers import make_app, run_app, seed_realistic_board


def test_a_theme_chosen_while_the_queue_was_closed_shows_when_it_opens_again(data_dir, clock):
    seed_realistic_board(data_dir, clock)
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        await pilot.press("Q")
        await pilot.pause()
        queue = app.screen
        before = queue.query_one("#queue-title").styles.color
        await pilot.press("escape")
        await pilot.pause()
        app.theme = "textual-light"
        await pilot.pause()
        await pilot.press("Q")
        await pilot.pause()
        after = app.screen.query_one("#queue-title").styles.color
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("Q")  # nothing changed since: the same colours
        await pilot.pause()
        return app.screen is queue, before, after, app.screen.query_one("#queue-title").styles.color

    same, before, after, again = run_app(app, scenario)
    assert same and before != after and again == after


def test_a_resize_while_the_queue_was_closed_gives_it_the_new_width_class(data_dir, clock):
    seed_realistic_board(data_dir, clock)
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        await pilot.press("Q")
        await pilot.pause()
        wide = set(app.screen.classes)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.resize_terminal(60, 24)
        await pilot.pause()
        await pilot.press("Q")
        await pilot.pause()
        return isinstance(app.screen, QueueScreen), wide, set(app.screen.classes), app.screen.size.width

    is_queue, wide, narrow, width = run_app(app, scenario, size=(130, 30))
    assert is_queue
    assert "-wide" in wide and "-narrow" in narrow and "-wide" not in narrow
    assert width == 60


def test_the_progress_prompt_opened_again_asks_about_the_card_it_was_opened_on(data_dir, clock):
    seed_realistic_board(data_dir, clock)
    app = make_app(data_dir, clock)

    async def prompt_on(pilot, card: str) -> TextPromptDialog:
        app.screen.query_one(card).focus()
        await pilot.pause()
        await pilot.press("plus")
        await pilot.pause()
        return app.screen

    async def scenario(pilot):
        first = await prompt_on(pilot, "#card-quarter")
        await pilot.press(*"12x", "enter")  # refused: stays open with the reason
        await pilot.pause()
        refused = str(first.query_one("#prompt-error").render())
        await pilot.press("escape")
        await pilot.pause()
        second = await prompt_on(pilot, "#card-week")
        shown = (str(second.query_one("#prompt-title").render()), second.query_one("#prompt-input").value,
                 str(second.query_one("#prompt-error").render()), str(second.query_one("#prompt-hint").render()),
                 app.focused is second.query_one("#prompt-input"))
        await pilot.press("4", "enter")
        await pilot.pause()
        return first is second, refused, shown, type(app.screen)

    same, refused, (title, value, error, hint, focused), screen = run_app(app, scenario, size=(100, 40))
    assert same and refused
    assert title == "Log progress: Launch the new onboarding flow"
    assert (value, error, focused) == ("", "", True)
    assert hint.startswith("Done so far 31 of 40 signups.")
    assert screen is BoardScreen
    store = Store(data_dir, clock).open()
    week = next(key for key in store.key_tasks() if key.stage is Stage.WEEK)
    assert week.done == 35


@pytest.mark.parametrize("key", ["O", "P"])
def test_closed_screens_that_are_not_kept_are_let_go(data_dir, clock, key):
    """The OKR and routines screens watch the data while open; closing one must drop that watcher,
    or it (and every screen closed since) stays in memory until the next change. (The blockers
    screen is still held after closing by an asyncio context; not yet found.)"""
    import gc

    from focus_tui.screens.okr import OkrScreen
    from focus_tui.screens.routines import RoutinesScreen

    seed_realistic_board(data_dir, clock)
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        for _ in range(2):
            await pilot.press(key)
            await pilot.pause()
            await pilot.press("escape")
            await pilot.pause()
        gc.collect()
        return type(app.screen), [type(o).__name__ for o in gc.get_objects() if isinstance(o, (OkrScreen, RoutinesScreen))]

    screen, alive = run_app(app, scenario)
    assert screen is BoardScreen
    assert alive == []
