"""Showing a screen restyles only the widgets that need it: mixed into every screen and dialog.

Textual restyles every widget of a screen each time it is pushed (ScreenResume.refresh_styles): a
new screen's widgets a second time right after mounting styled them, a kept one's all over again.
That was the largest part of opening a dialog after building it, and of opening a kept screen for
the first time."""

from __future__ import annotations

from textual import events

from focus_tui.startup_cache import DiskCachedStylesheet


class RestylesOnlyStale:
    """A widget styled with the rules now in force, while the app's own classes were as they are
    now, is up to date: any later change of its classes or pseudo-classes, or an ancestor's,
    restyled it as it happened. Restyled are the widgets styled with other rules (a widget type's
    CSS met after they were styled, a theme changed while the screen was closed), or all of them
    when the app's own classes changed (dark or light, the terminal's focus) since it was styled."""

    _styled_in_app_state: tuple[frozenset[str], frozenset[str]] | None = None

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        # Runs before Screen's own handler, which does the restyle when refresh_styles is left on.
        if not event.refresh_styles:
            return
        app = self.app  # type: ignore[attr-defined]
        app_state = (frozenset(app.classes), frozenset(app.get_pseudo_classes()))
        stylesheet = app.stylesheet
        if isinstance(stylesheet, DiskCachedStylesheet) and self._styled_in_app_state in (None, app_state):
            event.refresh_styles = False
            stale = stylesheet.styled_before_current_rules(self)  # type: ignore[arg-type]
            if stale:
                stylesheet.update_nodes(stale)
        self._styled_in_app_state = app_state
