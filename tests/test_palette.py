"""The command palette: every action of every screen with its help, jumping to any screen without
piling screens up, and choosing a theme with a live preview that is remembered in the config."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest
from textual.binding import Binding
from textual.command import CommandList, CommandPalette
from textual.dom import DOMNode

import focus_tui.dialogs
import focus_tui.screens
import focus_tui.widgets
from focus_tui.app import FocusApp
from focus_tui.config import load_config
from focus_tui.screens.palette import DESTINATIONS

from tests.apphelpers import make_app, run_app, seed_realistic_board

def our_classes():
    for package in (focus_tui.screens, focus_tui.widgets, focus_tui.dialogs):
        for info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            for _, cls in inspect.getmembers(module, inspect.isclass):
                if cls.__module__ == module.__name__ and issubclass(cls, DOMNode):
                    yield cls
    yield FocusApp


def test_every_binding_of_every_screen_widget_and_dialog_has_an_id_a_name_and_help():
    checked = 0
    for cls in our_classes():
        for binding in cls.__dict__.get("BINDINGS", []):
            assert isinstance(binding, Binding), (cls, binding)
            assert binding.id and binding.description and binding.tooltip, (cls.__name__, binding.key, binding.action)
            checked += 1
    assert checked > 80


# -- driving the palette -------------------------------------------------------------------------

async def palette_lines(pilot, query: str) -> list[tuple[str, str]]:
    """Open the palette, type `query`, and return the (title, help) of every line it offers."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    if query:
        await pilot.press(*query)
    await pilot.pause(0.5)  # the palette gathers hits in batches of 0.25 s
    commands = pilot.app.screen.query_one(CommandList)
    lines = []
    for index in range(commands.option_count):
        hit = getattr(commands.get_option_at_index(index), "hit", None)
        if hit is not None:
            lines.append((str(hit.text), str(hit.help or "")))
    return lines


async def run_command(pilot, query: str) -> None:
    lines = await palette_lines(pilot, query)
    assert lines, f"nothing matches {query!r}"
    await pilot.press("enter")
    await pilot.pause(0.2)


def stack_names(app) -> list[str]:
    return [type(screen).__name__ for screen in app.screen_stack][1:]


@pytest.fixture
def board_app(data_dir, clock):
    seed_realistic_board(data_dir, clock)
    return make_app(data_dir, clock)


def test_typing_a_screen_name_and_enter_opens_it(board_app):
    async def scenario(pilot):
        await run_command(pilot, "routines")
        return stack_names(pilot.app)

    assert run_app(board_app, scenario) == ["BoardScreen", "RoutinesScreen"]


def test_go_to_is_offered_for_every_screen_with_help(board_app):
    async def scenario(pilot):
        return dict(await palette_lines(pilot, ""))

    offered = run_app(board_app, scenario)
    for title in [*(f"Go to: {d.title}" for d in DESTINATIONS), "Go to: Help"]:
        assert offered.get(title), title


def test_jumping_around_never_piles_screens_up(board_app):
    async def scenario(pilot):
        seen = []
        for query in ["go to queue", "go to blockers", "go to routines", "go to okrs", "go to week review",
                      "go to quarter review", "go to today's review", "go to queue", "go to queue", "go to board"]:
            await run_command(pilot, query)
            seen.append(stack_names(pilot.app))
        return seen

    seen = run_app(board_app, scenario)
    assert seen == [
        ["BoardScreen", "QueueScreen"], ["BoardScreen", "BlockersScreen"], ["BoardScreen", "RoutinesScreen"],
        ["BoardScreen", "OkrScreen"], ["BoardScreen", "StageReviewScreen"], ["BoardScreen", "StageReviewScreen"],
        ["BoardScreen", "DayReviewScreen"], ["BoardScreen", "QueueScreen"], ["BoardScreen", "QueueScreen"],
        ["BoardScreen"],
    ]


def test_go_to_a_review_opens_the_current_period_of_that_stage(board_app):
    async def scenario(pilot):
        await run_command(pilot, "go to week review")
        week = pilot.app.screen.period
        await run_command(pilot, "go to quarter review")
        return week.label, pilot.app.screen.period.label

    week, quarter = run_app(board_app, scenario)
    assert (week, quarter) == ("week of 16 Nov", "Q4 2026")


def test_go_to_help_shows_the_keys_of_the_screen_you_are_on(board_app):
    async def scenario(pilot):
        await pilot.press("B")
        await pilot.pause()
        await run_command(pilot, "go to help")
        help_screen = pilot.app.screen
        return type(help_screen).__name__, [row[1] for row in help_screen.rows]

    name, actions = run_app(board_app, scenario)
    assert name == "HelpScreen" and "Resolve" in actions


def every_screen():
    """(how to get there from the board, the screen class name)."""
    return [([], "BoardScreen"), (["Q"], "QueueScreen"), (["B"], "BlockersScreen"), (["R"], "DayReviewScreen"),
            (["R", "greater_than_sign"], "StageReviewScreen"), (["O"], "OkrScreen"), (["P"], "RoutinesScreen"),
            (["question_mark"], "HelpScreen")]


@pytest.mark.parametrize("keys, screen_name", every_screen(), ids=[name for _, name in every_screen()])
def test_the_palette_offers_every_action_of_every_screen_with_its_help(board_app, keys, screen_name):
    async def scenario(pilot):
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        screen = pilot.app.screen
        assert type(screen).__name__ == screen_name
        expected = {(active.binding.description, active.binding.tooltip)
                    for active in screen.active_bindings.values() if active.binding.id}
        return expected, set(await palette_lines(pilot, ""))

    expected, offered = run_app(board_app, scenario)
    assert expected and expected <= offered, expected - offered


def test_batch_screen_actions_are_in_the_palette(data_dir, clock):
    from focus_tui.domain.tasks import new_task
    from focus_tui.storage import Store

    store = Store(data_dir, clock).open()
    store.add_task(new_task("Reply to Ana", clock.now(), day=clock.now().date(), kind="email", minutes=5))
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        await pilot.press("Q", "enter")
        await pilot.pause()
        assert type(pilot.app.screen).__name__ == "BatchScreen"
        return dict(await palette_lines(pilot, ""))

    offered = run_app(app, scenario)
    for title in ("Done", "Skip", "Pause", "+5 min", "Blocked", "Stop", "Go to: Board"):
        assert offered.get(title), title


def test_a_stage_cards_keys_are_offered_while_the_task_list_has_focus(board_app):
    async def scenario(pilot):
        return dict(await palette_lines(pilot, "key task"))

    offered = run_app(board_app, scenario)
    for stage in ("Quarter", "Week", "Day"):
        assert offered.get(f"{stage} key task: Progress", "").startswith("Add to the key task's progress")


def test_a_card_command_acts_on_its_card(board_app):
    async def scenario(pilot):
        await run_command(pilot, "week key task progress")
        await pilot.press("2", "enter")
        await pilot.pause()
        return pilot.app.store

    from focus_tui.domain.periods import Stage
    from focus_tui.stages import stage_views

    store = run_app(board_app, scenario)
    assert stage_views(store, board_app.config, board_app.today())[Stage.WEEK].key.done == 33


# -- themes ---------------------------------------------------------------------------------------

def test_theme_commands_are_found_by_search_not_listed_up_front(board_app):
    async def scenario(pilot):
        empty = [title for title, _ in await palette_lines(pilot, "")]
        await pilot.press("escape")
        searched = await palette_lines(pilot, "theme light")
        return empty, searched

    empty, searched = run_app(board_app, scenario)
    assert not any(title.startswith("Theme: ") for title in empty)
    assert searched[0][0] == "Theme: focus-light"
    assert searched[0][1] == "focus-tui theme · highlight to preview, enter to keep"


def test_a_highlighted_theme_previews_and_escape_restores_it(board_app, isolated_env):
    config = Path(isolated_env["FOCUS_CONFIG"])

    async def scenario(pilot):
        app = pilot.app
        seen = [app.theme]
        await palette_lines(pilot, "theme contrast")
        seen.append(app.theme)  # the highlighted line is previewed
        await pilot.press("escape")
        await pilot.pause()
        seen.append(app.theme)
        return seen

    assert run_app(board_app, scenario) == ["focus-dark", "focus-high-contrast", "focus-dark"]
    assert not config.exists()  # a preview is not a choice


def test_moving_over_themes_previews_each_one(board_app):
    async def scenario(pilot):
        app = pilot.app
        lines = await palette_lines(pilot, "theme: focus")
        seen = [app.theme]
        await pilot.press("down")
        await pilot.pause()
        seen.append(app.theme)
        return [title for title, _ in lines], seen

    titles, seen = run_app(board_app, scenario)
    assert [f"Theme: {name}" for name in seen] == titles[:2]


def test_choosing_a_theme_applies_it_and_remembers_it_in_the_config(board_app, isolated_env, data_dir, clock):
    config = Path(isolated_env["FOCUS_CONFIG"])
    config.parent.mkdir(parents=True)
    config.write_text("# mine\nday_start_hour = 5  # early\n", encoding="utf-8")

    async def scenario(pilot):
        await run_command(pilot, "theme light")
        return pilot.app.theme, [(n.title, n.message) for n in pilot.app._notifications]

    theme, notes = run_app(board_app, scenario)
    assert theme == "focus-light"
    assert config.read_text(encoding="utf-8") == '# mine\nday_start_hour = 5  # early\ntheme = "focus-light"\n'
    assert ("Theme", f"focus-light, saved in {config}") in notes

    async def reopened(pilot):
        return pilot.app.theme

    assert load_config(config).theme == "focus-light"
    assert run_app(make_app(data_dir, clock), reopened) == "focus-light"


def test_choosing_another_command_after_a_preview_puts_the_theme_back(board_app):
    async def scenario(pilot):
        await palette_lines(pilot, "theme light")
        assert pilot.app.theme == "focus-light"
        await pilot.press(*["backspace"] * len("theme light"))
        await pilot.press(*"go to routines")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause(0.2)
        return pilot.app.theme, stack_names(pilot.app)

    theme, stack = run_app(board_app, scenario)
    assert theme == "focus-dark" and stack[-1] == "RoutinesScreen"


def test_a_broken_config_file_keeps_the_theme_for_this_session_only(board_app, isolated_env):
    config = Path(isolated_env["FOCUS_CONFIG"])
    config.parent.mkdir(parents=True)
    config.write_text("theme = \n", encoding="utf-8")

    async def scenario(pilot):
        await run_command(pilot, "theme ember")
        return pilot.app.theme, [n.message for n in pilot.app._notifications]

    theme, notes = run_app(board_app, scenario)
    assert theme == "focus-ember"
    assert config.read_text(encoding="utf-8") == "theme = \n"
    [note] = [note for note in notes if "session only" in note]
    assert "not valid TOML" in note and str(config) in note and "focus-ember applies for this session only" in note


def test_textuals_theme_picker_starts_on_the_theme_in_use_and_previews_live(board_app):
    async def scenario(pilot):
        app = pilot.app
        await run_command(pilot, "Theme")  # Textual's own command opens the theme list
        assert CommandPalette.is_open(app)
        await pilot.pause(0.5)
        commands = app.screen.query_one(CommandList)
        first = commands.get_option_at_index(0).hit.text
        seen = [app.theme]
        await pilot.press("down")
        await pilot.pause()
        seen.append(app.theme)
        await pilot.press("escape")
        await pilot.pause()
        seen.append(app.theme)
        return first, seen

    first, seen = run_app(board_app, scenario)
    assert first == "focus-dark"
    assert seen[0] == seen[2] == "focus-dark" and seen[1] != "focus-dark"


def test_textual_builtin_themes_stay_available(board_app):
    async def scenario(pilot):
        await run_command(pilot, "theme: nord")
        return pilot.app.theme

    assert run_app(board_app, scenario) == "nord"
