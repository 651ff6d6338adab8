"""Screens and dialogs opened many times a day (the batch queue, the day's review, the blocker
dialog, the progress prompt) are kept and shown again rather than composed anew for each opening:
composing, mounting and styling a screen costs several times what reading its figures again does,
and a new screen's first resize lays out the screens under it again too.

A kept screen never shows stale data: it reads the data each time it is shown, and follows every
change while it is on the screen stack (under a dialog too). Off the stack it ignores changes, so
keeping it costs the board's own keys nothing. A kept dialog is given its question anew each time."""

from __future__ import annotations

from typing import Callable, TypeVar

from textual import events
from textual.app import App
from textual.message_pump import NoActiveAppError
from textual.screen import Screen

from focus_tui.screens.restyle import RestylesOnlyStale

KeptT = TypeVar("KeptT", bound="Kept")
ScreenT = TypeVar("ScreenT", bound=Screen)


def stop_watching_data(screen: Screen) -> None:
    """Drop the data watchers of a screen being removed. Textual drops a removed node's watcher only
    when the watched value next changes; until then the watcher would keep the whole screen (and
    every screen closed since) alive."""
    watchers = getattr(screen.app, "__watchers", {}).get("data_version")
    if watchers:
        watchers[:] = [(node, callback) for node, callback in watchers
                       if node is not screen and not getattr(node, "_pruning", False)]


def sized_for_the_terminal(screen: ScreenT) -> ScreenT:
    """The screen with the breakpoint class it would get on its first resize, given before its
    widgets are styled (FocusApp._sized_for_the_terminal); unchanged outside a running FocusApp."""
    try:
        app = screen.app
    except NoActiveAppError:
        return screen
    size = getattr(app, "_sized_for_the_terminal", None)
    return size(screen) if size is not None else screen


class Kept(RestylesOnlyStale):
    """Mixed into a Screen or ModalScreen that can be kept. Subclasses put back what a newly
    composed one starts with (highlight, scroll, focus, typed text) in `start_afresh`."""

    _shown_again = False

    @classmethod
    def kept(cls: type[KeptT], app: App, name: str, make: Callable[[], KeptT],
             fits: Callable[[KeptT], bool] = lambda screen: True) -> KeptT:
        """The screen kept as `name`, to push again; a new one kept in its place when the kept one
        does not `fit` (the review of another day). One already on the stack is not pushed twice:
        a new, unkept one is made instead."""
        if app.is_screen_installed(name):
            screen = app.get_screen(name)
            if screen in app.screen_stack:
                return make()
            if fits(screen):
                screen._shown_again = True
                return screen
            app.uninstall_screen(name)
            screen.remove()
        screen = sized_for_the_terminal(make())
        app.install_screen(screen, name)
        return screen

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        if self._shown_again:
            self._shown_again = False
            self.show_again()

    def show_again(self) -> None:
        self.start_afresh()

    def start_afresh(self) -> None:
        """Put back what a new screen starts with."""


class KeptScreen(Kept, Screen):
    """A full screen that can be kept: it draws the data in `show_data`, when mounted, on each
    change while it is on the stack, and each time it is shown again."""

    def on_mount(self) -> None:
        self.watch(self.app, "data_version", self._data_changed, init=False)
        self.show_data()

    def on_unmount(self) -> None:
        stop_watching_data(self)

    def _data_changed(self, _version: int) -> None:
        if self in self.app.screen_stack:
            self.show_data()

    def show_again(self) -> None:
        self.start_afresh()
        self.show_data()

    def show_data(self) -> None:
        raise NotImplementedError
