"""The Textual application: opens the data, keeps it in sync with other processes, hosts the screens."""

from __future__ import annotations

import asyncio
import gc
from contextlib import suppress
from datetime import date
from functools import partial
from pathlib import Path
from typing import Callable, Iterable, TypeVar

from textual.app import App, ScreenStackError, SystemCommand
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.notifications import Notification, SeverityLevel
from textual.reactive import var
from textual.screen import Screen

from focus_tui.config import Config, problems_notice
from focus_tui.domain.clock import Clock, work_day
from focus_tui.domain.dates import DateParseError
from focus_tui.domain.validation import ValidationError
from focus_tui.notifications import AgingBlockerNotices, announce
from focus_tui.runtime import Runtime, load_runtime
from focus_tui.status_line import batch_label as status_batch_label, review_due as status_review_due
from focus_tui.storage import DataFileError, NothingToUndoError, StorageError, Store
from focus_tui.screens.palette import PaletteCommands
from focus_tui.themes import bundled_themes_dir, load_themes, semantic_colors
from focus_tui.widgets.notices import Notices

T = TypeVar("T")


# Python functions, not gc.freeze and gc.enable themselves: Textual reads the signature of what it
# calls back, and reading a built-in's parses its text signature (~2.5 ms the first time).
def _freeze_what_is_built() -> None:
    gc.freeze()


def _collect_again() -> None:
    gc.enable()


IMPORTED_AHEAD = (
    "filelock",  # the first saved change's lock: ~15 ms
    "focus_tui.dialogs.text_prompt",
    "focus_tui.dialogs.blocker",
    "focus_tui.dialogs.task_details",
    "focus_tui.screens.queue",
    "focus_tui.screens.review",
    "focus_tui.screens.help",
)
"""What the board's most used keys need and the start leaves out, imported one per turn of the
event loop shortly after the first frame, so the first time each key is pressed it does not wait
for them (the first review waited ~10 ms, the first change ~15 ms)."""
IMPORT_AHEAD_AFTER = 0.5
"""Seconds after the first frame: the start is over and a person has hardly begun reading."""


class FocusApp(PaletteCommands, App[int]):
    """focus-tui. With no arguments it reads FOCUS_HOME and the user's config, like the CLI."""

    CSS_PATH = "focus.tcss"
    # Every screen, dialogs included, gets -narrow / -normal / -wide to fit the pane it lives in.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (70, "-normal"), (120, "-wide")]
    TITLE = "focus"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit", show=False, tooltip="Leave focus-tui (everything is already saved)"),
        Binding("question_mark", "show_help", "Help", id="app.help", tooltip="Show every key of this screen"),
        Binding("u,ctrl+z", "undo", "Undo", id="app.undo", show=False, tooltip="Undo the newest change, made here or from the CLI"),
    ]

    data_version: var[int] = var(0, init=False)
    """Bumped whenever the data changes, here or in another process; screens watch it. A var: as a
    reactive it repainted the whole screen after every change, where only what shows the data
    needs redrawing, and each widget that changes asks for that itself."""

    def __init__(
        self,
        runtime: Runtime | None = None,
        *,
        clock: Clock | None = None,
        data_dir: str | Path | None = None,
        poll_seconds: float = 1.0,
        cursor_blink: bool = True,
        first_run: bool = True,
        freeze_after_start: bool = False,
    ) -> None:
        """`freeze_after_start`: the `focus` command's choice; left off wherever many apps share one
        process (tests), since frozen objects are never collected."""
        super().__init__()
        from focus_tui.startup_cache import DiskCachedStylesheet

        # Rules parsed at an earlier start come from the user's cache dir; saved after the first frame.
        self.stylesheet = self.disk_cached_stylesheet = DiskCachedStylesheet.replacing(self.stylesheet)
        self.freeze_after_start = freeze_after_start
        self.runtime = runtime or load_runtime(str(data_dir) if data_dir else None, clock)
        if clock is not None:
            self.runtime.clock = clock
        if data_dir is not None and runtime is None:
            # An explicit data dir given in code (tests, embedding) is honoured even under FOCUS_HOME.
            from focus_tui.paths import Paths

            self.runtime.paths = Paths(Path(data_dir), self.runtime.paths.config_file)
        self.clock: Clock = self.runtime.clock
        self.config: Config = self.runtime.config
        self.store: Store = self.runtime.store()
        self.poll_seconds = poll_seconds
        self.cursor_blink = cursor_blink
        self.first_run = first_run
        """Walk a person with no data through their key tasks; tests of other things turn it off."""
        self._problem_shown = False
        self._shown_day: date | None = None
        self._batch_timer = None
        self._active_run = None
        self._review_offered_on: date | None = None
        self._aging_notices = AgingBlockerNotices()
        self.theme_problems: list[str] = []
        self._load_themes()

    _refresh_after_batch = False
    """A screen skipped composing a frame Textual would have dropped: see BoardScreen._compositor_refresh."""

    def _end_batch(self) -> None:
        super()._end_batch()
        if not self._batch_count and self._refresh_after_batch:
            self._refresh_after_batch = False
            self.screen.refresh()

    def today(self) -> date:
        return work_day(self.clock.now(), self.config.day_start_hour)

    _theme_chosen = False
    """Set once the app's own theme is in place (_start_with_theme)."""

    def get_css_variables(self) -> dict[str, str]:
        """Textual's, plus the semantic colours ($category-*, $cause-*, $pace-*) of a theme that does
        not set them, built from the theme's colours once; and none for the theme Textual's __init__
        starts with: _start_with_theme replaces it before any CSS is parsed."""
        if not self._theme_chosen:
            return {}
        theme = self.current_theme
        generated = theme.to_color_system().generate()
        self.theme_variables = {**super().get_theme_variable_defaults(), **semantic_colors(theme, generated),
                                **generated, **theme.variables}
        return self.theme_variables

    # -- start-up ----------------------------------------------------------------------------
    def on_mount(self) -> None:
        settings_problems = [*self.config.problems, *self._apply_keymap()]
        if settings_problems:  # every config problem, by its line, in one notice
            fits = 4 if self.size.height >= 24 else 2  # a 60x20 pane still shows the notice whole
            self.notify(problems_notice(settings_problems, self.config.path, fits), title="Settings",
                        severity="warning", timeout=20, markup=False)
        if self.theme_problems:  # every broken theme file, in one notice
            self.notify("\n".join(self.theme_problems), title="Themes", severity="warning", timeout=20)
        self.open_data()
        if self.freeze_after_start:
            # The `focus` command paused the collector for the start-up (cli.main); after open_data's
            # freeze, whatever screen came first (the board, or a data problem), it runs again.
            self.call_after_refresh(_collect_again)

    def _load_themes(self) -> None:
        from focus_tui.themes import KnownThemeFiles

        bundled = bundled_themes_dir()
        # Theme files unchanged since the last start come from the start-up cache, without tomllib;
        # this start's are saved with the parsed CSS after the first frame (StartupCache.save).
        known = KnownThemeFiles.kept_in(self.disk_cached_stylesheet.startup_cache)
        themes, self.theme_problems = load_themes([bundled, self.runtime.paths.user_themes_dir], trusted=bundled,
                                                  known=known)
        for theme in themes:
            self.register_theme(theme)
        if self.config.theme in self.available_themes:
            self._start_with_theme(self.config.theme)
        else:
            self.theme_problems.append(f"theme {self.config.theme!r} is not available; using focus-dark")
            self._start_with_theme("focus-dark" if "focus-dark" in self.available_themes else "textual-dark")

    def _start_with_theme(self, name: str) -> None:
        """What Textual does when `theme` is set (App._watch_theme), short of refreshing the CSS: this
        runs before any CSS is parsed, and setting `theme` would parse all of it twice at start
        (Textual reparses every stylesheet from scratch on a theme change)."""
        self.set_reactive(App.theme, name)
        self._theme_chosen = True
        dark = self.current_theme.dark
        self.set_class(True, f"-theme-{name}", update=False)
        self.set_class(dark, "-dark-mode", update=False)
        self.set_class(not dark, "-light-mode", update=False)
        self._refresh_truecolor_filter(self.ansi_theme)
        self.stylesheet.set_variables(self.get_css_variables())

    def open_data(self) -> None:
        try:
            self.store.open()
        except DataFileError as error:
            self.show_data_problem(error)
            return
        except StorageError as error:
            self.show_data_problem(error)
            return
        for notice in self.store.notices:
            self.notify(notice, severity="warning", timeout=15)
        self.store.notices.clear()
        from focus_tui.screens.board import BoardScreen

        self._shown_day = self.today()
        self.open_todays_routines()
        self.push_screen(self._sized_for_the_terminal(BoardScreen()))
        if self.store.active_run() is not None:
            # A batch was running when the app closed: its timer kept counting; show it.
            from focus_tui.screens.batch import BatchScreen

            self.push_screen(self._sized_for_the_terminal(BatchScreen()))
        self.set_interval(self.poll_seconds, self.check_for_outside_changes, name="poll-data-file")
        # The board draws itself when it mounts; bumping data_version here would draw it twice.
        self.watch_data_version(self.data_version)
        self._announce_aging_blockers()
        # Built after the first frame, so neither the start nor the first change pays for them.
        self.call_after_refresh(self._screen_notices, build=True)
        self.call_after_refresh(self.disk_cached_stylesheet.startup_cache.save)
        if self.freeze_after_start:
            # Everything built to show the board lives as long as the app. Frozen, the collector's
            # full passes skip it: otherwise one lands every few keys and costs 25-30 ms of that key.
            self.call_after_refresh(_freeze_what_is_built)
        self.set_timer(IMPORT_AHEAD_AFTER, partial(self._import_ahead, IMPORTED_AHEAD), name="import-ahead")

    def _import_ahead(self, modules: tuple[str, ...]) -> None:
        """Import the first of `modules` and leave the rest for the next turn, so a key pressed
        meanwhile waits for one import at most (IMPORTED_AHEAD)."""
        if not modules:
            if self.freeze_after_start:
                _freeze_what_is_built()  # the modules live as long as the app too
            return
        import importlib

        with suppress(ImportError):  # then it fails, and says why, where it is used
            importlib.import_module(modules[0])
        self.call_later(self._import_ahead, modules[1:])

    def _sized_for_the_terminal(self, screen: Screen) -> Screen:
        """The screen with the breakpoint class (-narrow / -normal / -wide) it would get on its first
        resize: given before its widgets are styled, rather than after, when it restyles all of them."""
        breakpoints = self.HORIZONTAL_BREAKPOINTS if screen.HORIZONTAL_BREAKPOINTS is None else screen.HORIZONTAL_BREAKPOINTS
        fitting = [name for width, name in sorted(breakpoints or []) if self.size.width >= width]
        if fitting:
            # No style update now: pushing the screen styles it and every widget it composes.
            screen.add_class(fitting[-1], update=False)
        return screen

    def open_todays_routines(self) -> None:
        """Put today's due routines on its list, once per day (at start and on the day rollover);
        say which occurrences passed while nothing was open."""
        from focus_tui.routine_views import generation_notice, open_todays_routines

        result = self.apply_change(lambda: open_todays_routines(self.store))
        notice = generation_notice(result) if result is not None else None
        if notice:
            self.notify(notice, title="Routines", severity="warning", timeout=12)

    def show_data_problem(self, error: StorageError) -> None:
        from focus_tui.dialogs.data_problem import DataProblemDialog

        if self._problem_shown:
            return
        self._problem_shown = True
        backup = getattr(error, "backup", None)

        def decide(choice: str | None) -> None:
            self._problem_shown = False
            if choice != "restore" or backup is None:
                self.exit(return_code=1, message=str(error))
                return
            try:
                moved = self.store.restore_backup(backup)
            except StorageError as restore_error:
                self.exit(return_code=1, message=str(restore_error))
                return
            self.notify(f"Restored {backup.name}" + (f"; the unreadable file is kept as {moved.name}" if moved else ""))
            if isinstance(self.screen, Screen) and self.screen.id != "_default" and len(self.screen_stack) > 1:
                self.data_version += 1
            else:
                self.open_data()

        self.push_screen(DataProblemDialog(str(error), backup), decide)

    # -- keeping in sync with other processes ---------------------------------------------------
    def batch_label(self) -> str:
        """`▶ email 12:34` while a batch runs, for the header of every screen (as in the status line)."""
        return status_batch_label(self._active_run, self.clock.now())

    def review_due(self) -> bool:
        """From the configured end-of-day time until the day is closed, the review is offered."""
        if not self.store._opened:
            return False
        return status_review_due(self.store, self.config, self.today(), self.clock.now())

    def _offer_review(self) -> None:
        """Once a day, a gentle notice; the header keeps a quiet reminder. Never forced."""
        today = self.today()
        if self._review_offered_on == today or not self.review_due():
            return
        self._review_offered_on = today
        key = self.live_key("board.open_review", "R")
        announce(self, "review_offer", f"Time to review the day: {key} on the board opens it "
                 "(what was planned, done and blocked).", title="End of day")

    def _announce_aging_blockers(self) -> None:
        """At start and on each new day: blockers open `blocker_escalation_days` working days or more,
        each announced once a day."""
        if not self.config.notify_aging_blockers or not self.store._opened:
            return
        from focus_tui.blocker_views import open_blockers

        try:
            rows = open_blockers(self.store, self.config, self.clock.now())
        except StorageError:
            return  # the board shows the data problem
        fresh = self._aging_notices.fresh(rows, self.today())
        if fresh:
            announce(self, "aging_blockers", AgingBlockerNotices.message(fresh), title="Raise it with your lead",
                     severity="warning", timeout=15)

    # -- keys ------------------------------------------------------------------------------------
    def _apply_keymap(self) -> list[str]:
        """The config's [keymap] through `set_keymap`; returns the rebinds refused, by line."""
        if not self.config.keymap:
            return []
        from focus_tui.keymap import check_config_keymap

        keymap, problems = check_config_keymap(self.config)
        if keymap:
            self.set_keymap(keymap)
        return problems

    def live_key(self, binding_id: str, default: str) -> str:
        """How to show the key of a binding in a hint, after the user's keymap."""
        keys = self._keymap.get(binding_id)
        return self.get_key_display(Binding(keys.split(",")[0], "")) if keys else default

    def watch_data_version(self, _version: int) -> None:
        """Tick once a second only while a batch runs, so an idle board costs nothing. The running
        batch is read here, once per change, not on every tick."""
        self._active_run = self.store.active_run() if self.store._opened else None
        running = self._active_run is not None
        if running and self._batch_timer is None:
            self._batch_timer = self.set_interval(1, self._tick_batch, name="batch-header")
        elif not running and self._batch_timer is not None:
            self._batch_timer.stop()
            self._batch_timer = None
        self._tick_batch()

    def _tick_batch(self) -> None:
        from focus_tui.widgets.focus_header import FocusHeader

        label = self.batch_label()
        for header in self.screen.query(FocusHeader):
            header.show_batch(label)

    def check_for_outside_changes(self) -> None:
        """One stat() a second: cheap enough to leave running all day. Also notices the day-start
        hour passing, so a board left open overnight moves to the new day by itself."""
        if self.today() != self._shown_day:
            self._shown_day = self.today()
            self.open_todays_routines()
            self.data_version += 1
            self._announce_aging_blockers()
        self._offer_review()
        if self._problem_shown or not self.store.changed_on_disk():
            return
        try:
            self.store.reload()
        except StorageError as error:
            self.show_data_problem(error)
            return
        self.data_version += 1

    # -- changes -------------------------------------------------------------------------------
    def apply_change(self, change: Callable[[], T], describe: Callable[[T], str] | None = None) -> T | None:
        """Run one change through the store; bad input or a storage problem becomes a message."""
        try:
            result = change()
        except (ValidationError, DateParseError) as error:
            self.notify(str(error), severity="warning")
            return None
        except NothingToUndoError:
            self.notify("Nothing to undo.")
            return None
        except DataFileError as error:
            self.show_data_problem(error)
            return None
        except StorageError as error:
            self.notify(str(error), title="Not saved", severity="error", timeout=10)
            return None
        if describe:
            self.notify(describe(result))
        self.data_version += 1
        return result

    # -- messages ------------------------------------------------------------------------------
    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        """As App.notify, but on the app's own loop the message is shown at once, so it reaches the
        screen in the same frame as the change it describes (widgets/notices.py)."""
        try:
            asyncio.get_running_loop()
        except RuntimeError:  # another thread, or not running yet: Textual's way, by a message
            super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)
            return
        timeout = self.NOTIFICATION_TIMEOUT if timeout is None else timeout
        self._notifications.add(Notification(message, title, severity, timeout, markup=markup))
        self._refresh_notifications()

    def _refresh_notifications(self) -> None:
        """Textual calls this whenever the notifications or the screen change: the current screen's
        notice boxes show them, in place of Textual's toasts (mounted anew for every message)."""
        notices = self._screen_notices(build=bool(len(self._notifications)))
        if notices is not None:
            notices.show(self._notifications)

    def _screen_notices(self, build: bool) -> Notices | None:
        """The current screen's notice boxes; `build` mounts them when the screen has none yet (they
        show what is current once mounted, a frame later)."""
        if self._disable_notifications:  # run_test(notifications=False): toasts off, as Textual has it
            return None
        try:
            screen = self.screen
            return screen.get_child_by_id("notices", Notices)
        except ScreenStackError:
            return None
        except NoMatches:
            if build:
                screen.mount(Notices())
            return None

    def action_undo(self) -> None:
        self.apply_change(self.store.undo, lambda description: f"Undone: {description}")

    def action_show_help(self) -> None:
        from focus_tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.screen.active_bindings))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette offers every bound action of the current screen, then Textual's own."""
        offered: set[str] = set()
        for active in screen.active_bindings.values():
            binding = active.binding
            if not binding.id or not binding.description or binding.action in offered:
                continue
            offered.add(binding.action)
            yield SystemCommand(binding.description, binding.tooltip or binding.description,
                                partial(active.node.run_action, binding.action))
        yield from super().get_system_commands(screen)  # PaletteCommands': go to, themes; then Textual's
