"""A saved change and the toast that says what it did reach the screen in one frame.

Textual mounts a toast over several turns of the event loop (App.notify posts a message, the toast
rack mounts a holder, the holder composes the toast), while a change redraws the board at once.
Left alone, the next frame shows the board and the toast comes a frame or two later: the key's
result appears in two steps, and the second sets how long the key took. So frames are held
(App.batch_update) from the change until the toast is mounted, for a few milliseconds at most.
"""

from __future__ import annotations

import time

from textual.app import App, ScreenStackError
from textual.css.query import NoMatches
from textual.screen import Screen

HOLD_AT_MOST = 0.05
"""Seconds: the screen is never frozen for longer, whatever becomes of the toast."""
POLL = 0.001


def hold_frames_for_toast(app: App) -> None:
    """Call right after App.notify: frames wait until a toast the rack did not hold before is
    mounted. The DOM changes at once as ever; only drawing waits."""
    try:
        screen = app.screen
        rack = screen.query_one("#textual-toastrack")
    except (ScreenStackError, NoMatches):  # no screen yet, or notifications switched off
        return
    before = set(rack.children)
    holding = app.batch_update()
    holding.__enter__()
    give_up_at = time.monotonic() + HOLD_AT_MOST

    def release() -> None:
        holding.__exit__(None, None, None)
        current = _current_screen(app)
        if current is not None:
            current.check_idle()  # the screen starts its frame timer when it next goes idle: now

    def check() -> None:
        new = [holder for holder in rack.children if holder not in before]
        # Another screen on top shows the toast in its own rack: that one is not waited for.
        if ((new and all(_mounted(holder) for holder in new)) or _current_screen(app) is not screen
                or time.monotonic() > give_up_at):
            release()
        else:
            app.set_timer(POLL, check, name="toast-frame")

    app.set_timer(POLL, check, name="toast-frame")


def _current_screen(app: App) -> Screen | None:
    try:
        return app.screen
    except ScreenStackError:  # the app is closing
        return None


def _mounted(widget) -> bool:
    return widget.is_mounted and all(_mounted(child) for child in widget.children)
