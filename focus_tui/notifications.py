"""The three things that may interrupt: the end of a timebox, an aging blocker and the end-of-day
review offer. Each is an in-app notice, with the terminal bell and a desktop notice (notify-send)
when those are on; `[notifications]` in the config switches each event and each channel. No Textual
here: `announce` takes the running app."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from typing import Any, Iterable

from focus_tui.config import Config

EVENTS = {
    # event -> the Config switch that allows it
    "timebox": "notify_timebox",
    "aging_blockers": "notify_aging_blockers",
    "review_offer": "notify_review_offer",
}


def notify_desktop(title: str, body: str) -> bool:
    """notify-send when it is installed; never blocks the UI and never fails loudly."""
    command = shutil.which("notify-send")
    if command is None:
        return False
    try:
        subprocess.Popen([command, title, body], stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    except OSError:
        return False
    return True


def event_enabled(config: Config, event: str) -> bool:
    return bool(getattr(config, EVENTS[event]))


def announce(app: Any, event: str, message: str, *, title: str, severity: str = "information",
             timeout: float = 12) -> bool:
    """Notify in the app (the message is shown literally), ring the bell and tell the desktop, as
    the config allows. False when the event is switched off."""
    config: Config = app.config
    if not event_enabled(config, event):
        return False
    if config.bell:
        app.bell()
    app.notify(message, title=title, severity=severity, timeout=timeout, markup=False)
    if config.desktop_notifications:
        notify_desktop(f"focus: {title.lower()}", message)
    return True


class AgingBlockerNotices:
    """Each aging blocker is announced once a day: when the app opens, and again each new day it is
    still open (the method: raise it with your lead). Several at once share one notice."""

    def __init__(self) -> None:
        self.announced: set[tuple[date, int]] = set()

    def fresh(self, rows: Iterable[Any], today: date) -> list[Any]:
        """The escalating rows (blocker_views.OpenBlocker) not yet announced today; marks them."""
        new = [row for row in rows if row.escalate and (today, row.blocker.id) not in self.announced]
        self.announced.update((today, row.blocker.id) for row in new)
        return new

    @staticmethod
    def message(rows: list[Any]) -> str:
        if len(rows) == 1:
            row = rows[0]
            return f"{row.task.title} ({row.blocker.cause.value}, open {row.age}): {row.prompt}."
        lines = [f"{len(rows)} blockers are stuck; raise them with your lead:"]
        lines += [f"• {row.task.title} ({row.blocker.cause.value}, open {row.age})" for row in rows]
        return "\n".join(lines)
