"""The key bar at the bottom of every screen: what it shows, when it changes, and that its keys click."""

from __future__ import annotations

from focus_tui.dialogs.text_prompt import TextPromptDialog
from focus_tui.widgets.key_bar import KeyBar
from tests.apphelpers import make_app, run_app, seed_realistic_day


def bar_text(app) -> str:
    return app.screen.query_one(KeyBar).render().plain


def test_the_board_shows_its_shown_keys_and_the_palette_on_the_right(data_dir, clock):
    seed_realistic_day(data_dir, clock)
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        return bar_text(app), app.screen.query_one(KeyBar).shown_keys

    text, keys = run_app(app, scenario)
    assert text.startswith(" space Done  b Blocked  a Add ")
    assert text.endswith("▏^p palette ") and len(text) == 80
    # Bindings marked show=False (defer, drop...) stay in help and the palette, not on the bar.
    assert "Tomorrow" not in keys and keys["Queue"] == "Q"


def test_a_pushed_screen_shows_its_own_keys(data_dir, clock):
    seed_realistic_day(data_dir, clock)
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        await pilot.press("Q")
        await pilot.pause()
        queue = bar_text(app)
        await pilot.press("escape")
        await pilot.pause()
        return queue, bar_text(app)

    queue, board = run_app(app, scenario)
    assert " esc Board " in queue and " m Move " in queue and "Blocked" not in queue
    assert " b Blocked " in board and "Board" not in board


def test_the_keys_follow_the_focus(data_dir, clock):
    seed_realistic_day(data_dir, clock)
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        on_list = app.screen.query_one(KeyBar).shown_keys
        app.screen.query_one("#card-day").focus()
        await pilot.pause()
        return on_list, app.screen.query_one(KeyBar).shown_keys

    on_list, on_card = run_app(app, scenario)
    assert "Done" in on_list and "Progress" not in on_list
    assert "Progress" in on_card and "Done" not in on_card


def test_clicking_a_key_presses_it(data_dir, clock):
    seed_realistic_day(data_dir, clock)
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        text = bar_text(app)
        await pilot.click(KeyBar, offset=(text.index("Add"), 0))
        await pilot.pause()
        after_add = type(app.screen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.click(KeyBar, offset=(text.index("   ") + 1, 0))  # a gap between keys does nothing
        await pilot.pause()
        return after_add, type(app.screen).__name__

    after_add, after_gap = run_app(app, scenario)
    assert after_add is TextPromptDialog
    assert after_gap == "BoardScreen"


def test_hovering_a_key_shows_its_tooltip(data_dir, clock):
    seed_realistic_day(data_dir, clock)
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        bar = app.screen.query_one(KeyBar)
        text = bar_text(app)
        await pilot.hover(KeyBar, offset=(text.index("Blocked"), 0))
        await pilot.pause()
        return bar.tooltip

    assert "blocks the highlighted task" in run_app(app, scenario)
