"""What the command palette adds to each screen's own actions: picking a theme with a live
preview (remembered in the config file), jumping to any screen, and the actions of widgets that
are not focused (a stage card's keys while the task list has focus)."""

from __future__ import annotations

import importlib
from functools import partial
from typing import TYPE_CHECKING, Callable, Iterable

from textual.app import SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.screen import ModalScreen, Screen
from textual.theme import BUILTIN_THEMES

from focus_tui.domain.periods import Stage
from focus_tui.stages import period_of

if TYPE_CHECKING:
    from focus_tui.app import FocusApp


class ThemeChoice:
    """A palette command that applies one theme and remembers it; highlighting it previews it.
    (This module is imported at every start, for the FocusApp mixin: a plain class here, and in
    Destination, since a dataclass costs ~1 ms to create and nothing compares these.)"""

    __slots__ = ("app", "name")

    def __init__(self, app: "FocusApp", name: str) -> None:
        self.app = app
        self.name = name

    def __call__(self) -> None:
        self.app.choose_theme(self.name)


def theme_names(app: "FocusApp") -> list[str]:
    """focus-tui's themes (bundled and the user's) first, then Textual's, each by name."""
    names = sorted(app.available_themes)
    return [name for name in names if name not in BUILTIN_THEMES] + [name for name in names if name in BUILTIN_THEMES]


def theme_help(app: "FocusApp", name: str) -> str:
    """Short enough for one line of the palette; the preview itself shows what it looks like."""
    origin = "Textual theme" if name in BUILTIN_THEMES else "focus-tui theme"
    now = " (in use)" if name == (app._theme_before_preview or app.theme) else ""
    return f"{origin}{now} · highlight to preview, enter to keep"


class ThemePicker(Provider):
    """The theme list behind Textual's "Theme" command: the theme in use first (so opening it
    changes nothing), every theme previewed while highlighted."""

    async def discover(self) -> Hits:
        app = self.app
        current = app._theme_before_preview or app.theme
        for name in [current, *(name for name in theme_names(app) if name != current)]:
            yield DiscoveryHit(name, ThemeChoice(app, name), help=theme_help(app, name))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name in theme_names(self.app):
            if (score := matcher.match(name)) > 0:
                yield Hit(score, matcher.highlight(name), ThemeChoice(self.app, name), help=theme_help(self.app, name))


class Destination:
    __slots__ = ("title", "help", "is_showing", "open")

    def __init__(self, title: str, help: str, is_showing: Callable[[Screen, "FocusApp"], bool],
                 open: Callable[[Screen, "FocusApp"], None]) -> None:
        self.title = title
        self.help = help
        self.is_showing = is_showing
        self.open = open


def _screen_class(module: str, name: str) -> type[Screen]:
    """Imported when first needed: the screens import a good part of the app."""
    return getattr(importlib.import_module(f"focus_tui.screens.{module}"), name)


def _is(module: str, *names: str) -> Callable[[Screen, "FocusApp"], bool]:
    def check(screen, _app) -> bool:
        return isinstance(screen, tuple(_screen_class(module, name) for name in names))
    return check


def _review(stage: Stage) -> tuple[Callable, Callable]:
    def period(app):
        return period_of(stage, app.today(), app.config)

    def is_showing(screen, app) -> bool:
        return _is("review", "ReviewScreen")(screen, app) and screen.stage is stage and screen.period == period(app)

    def open_it(board, app) -> None:
        app.push_screen(_screen_class("review", "review_screen")(stage, period(app)))

    return is_showing, open_it


def _okrs_showing(screen, app) -> bool:
    return _is("okr", "OkrScreen")(screen, app) and screen.quarter in (None, period_of(Stage.QUARTER, app.today(), app.config))


DESTINATIONS = (
    Destination("Board", "The focus board: the key tasks of the quarter, week and day, and today's work",
                _is("board", "BoardScreen"), lambda board, app: None),
    Destination("Queue", "Today's small tasks in timeboxed batches (the running batch, if one runs)",
                lambda screen, app: _is("queue", "QueueScreen")(screen, app) or _is("batch", "BatchScreen")(screen, app),
                lambda board, app: board.action_open_queue()),
    Destination("Blockers", "Open blockers by cause, with their age and what to raise",
                _is("blockers", "BlockersScreen"), lambda board, app: board.action_open_blockers()),
    Destination("Today's review", "What today planned, did and got blocked on; close the day",
                *_review(Stage.DAY)),
    Destination("Week review", "This week's figures, key tasks and the written review",
                *_review(Stage.WEEK)),
    Destination("Quarter review", "This quarter's figures, OKR scores and the written review",
                *_review(Stage.QUARTER)),
    Destination("OKRs", "This quarter's objectives and key results",
                _okrs_showing, lambda board, app: board.action_open_okrs()),
    Destination("Routines", "Routine checklists, their recurrence and key variables",
                _is("routines", "RoutinesScreen"), lambda board, app: board.action_open_routines()),
)


class PaletteCommands:
    """Mixed into FocusApp (which is a Textual App)."""

    _theme_before_preview: str | None = None
    """The theme in use while another one is previewed from the palette."""

    # -- what the palette offers ---------------------------------------------------------------
    def get_system_commands(self: "FocusApp", screen: Screen) -> Iterable[SystemCommand]:
        """After the screen's own actions (FocusApp): the palette's additions, then Textual's
        commands, less those a bound action already offers under the same name ("Quit")."""
        yield from self.palette_commands(screen)
        bound = {active.binding.description for active in screen.active_bindings.values() if active.binding.id}
        for command in super().get_system_commands(screen):  # type: ignore[misc]
            if command.title not in bound:
                yield command

    def palette_commands(self: "FocusApp", screen: Screen) -> Iterable[SystemCommand]:
        yield from unfocused_widget_commands(screen)
        if self.board_screen() is not None and (not isinstance(screen, ModalScreen) or is_help(screen)):
            for destination in DESTINATIONS:
                yield SystemCommand(f"Go to: {destination.title}", destination.help, partial(self.go_to, destination))
            yield SystemCommand("Go to: Help", "Every key of this screen, with what it does", self.action_show_help)
        for name in theme_names(self):
            yield SystemCommand(f"Theme: {name}", theme_help(self, name), ThemeChoice(self, name), discover=False)

    # -- jumping -------------------------------------------------------------------------------
    def board_screen(self: "FocusApp") -> Screen | None:
        board = _screen_class("board", "BoardScreen")
        return next((screen for screen in self.screen_stack if isinstance(screen, board)), None)

    def go_to(self: "FocusApp", destination: Destination) -> None:
        """Back down to the board, then up to the destination: jumping never piles screens up."""
        board = self.board_screen()
        if board is None or destination.is_showing(self.screen, self):
            return
        for _ in range(len(self.screen_stack) - 1 - self.screen_stack.index(board)):
            self.pop_screen()
        destination.open(board, self)

    # -- themes --------------------------------------------------------------------------------
    def search_themes(self: "FocusApp") -> None:
        """Textual's "Theme" command, with a live preview."""
        self.push_screen(CommandPalette(providers=[ThemePicker],
                                        placeholder="Theme… (↑↓ previews, enter keeps, esc goes back)"))

    def on_command_palette_option_highlighted(self: "FocusApp", event: CommandPalette.OptionHighlighted) -> None:
        command = getattr(getattr(event.highlighted_event.option, "hit", None), "command", None)
        if isinstance(command, ThemeChoice):
            self.preview_theme(command.name)
        else:
            self.end_theme_preview()

    def on_command_palette_closed(self: "FocusApp", event: CommandPalette.Closed) -> None:
        if event.option_selected:
            # The chosen command runs next; a theme keeps itself, anything else gets the old theme back.
            self.call_later(self.end_theme_preview)
        else:
            self.end_theme_preview()

    def preview_theme(self: "FocusApp", name: str) -> None:
        if name not in self.available_themes:
            return
        if self._theme_before_preview is None:
            self._theme_before_preview = self.theme
        if self.theme != name:
            self.theme = name

    def end_theme_preview(self: "FocusApp") -> None:
        before, self._theme_before_preview = self._theme_before_preview, None
        if before is not None and self.theme != before:
            self.theme = before

    def choose_theme(self: "FocusApp", name: str) -> None:
        """Apply the theme and remember it in the config file (for this session only if the file
        cannot take it)."""
        from focus_tui.settings_writer import SettingsWriteError, set_setting  # only when a theme is kept

        self._theme_before_preview = None
        if name not in self.available_themes:
            self.notify(f"There is no theme {name!r}.", title="Theme", severity="warning")
            return
        self.theme = name
        config_file = self.runtime.paths.config_file
        try:
            set_setting(config_file, "theme", name)
        except SettingsWriteError as error:
            self.notify(f"{error}. The theme {name} applies for this session only.", title="Theme",
                        severity="warning", timeout=12)
            return
        self.notify(f"{name}, saved in {config_file}", title="Theme")


def is_help(screen: Screen) -> bool:
    return isinstance(screen, _screen_class("help", "HelpScreen"))


def unfocused_widget_commands(screen: Screen) -> Iterable[SystemCommand]:
    """The keys of widgets that name themselves for the palette (`palette_label`) but are not in
    the focus chain, so their actions are there without tabbing to them first."""
    focused: set = set()
    node = screen.focused
    while node is not None and node is not screen:
        focused.add(node)
        node = node.parent
    for widget in screen.query("*"):
        label = getattr(widget, "palette_label", None)
        if not label or widget in focused:
            continue
        seen: set[str] = set()
        for cls in type(widget).__mro__:
            for item in cls.__dict__.get("BINDINGS", ()):
                if not isinstance(item, Binding) or not item.id or not item.description or item.action in seen:
                    continue
                seen.add(item.action)
                # Found by search ("progress"), not listed up front: three cards' keys would crowd it.
                yield SystemCommand(f"{label}: {item.description}", item.tooltip or item.description,
                                    partial(widget.run_action, item.action), discover=False)
