"""Messages about what just happened, in the bottom-right corner: Textual's toasts, drawn by widgets
each screen keeps.

Textual mounts a new toast widget for every message, over several turns of the event loop, each
asking for its own layout: a saved change reached the screen in one frame and its message one or
two frames later, and mounting cost a change as much CPU as the change itself. Here a screen
builds its notice boxes once and a message updates them in place, in the same frame as the change.
"""

from __future__ import annotations

from typing import Iterable

from textual import events
from textual.app import ComposeResult
from textual.containers import Container
from textual.content import Content
from textual.geometry import Size
from textual.notifications import Notification
from textual.timer import Timer
from textual.widgets import Static

SHOWN_AT_MOST = 3
"""The newest messages shown at once; older ones still live for their timeout, unseen."""

SEVERITIES = ("information", "warning", "error")


class NoticeBox(Static):
    """One message: its title in the severity's colour, then the text. Clicking it dismisses it."""

    ALLOW_SELECT = False

    def __init__(self) -> None:
        super().__init__()
        self.display = False
        self.notification: Notification | None = None

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
        """Widget keeps its arranged virtual size in a reactive that asks for a layout when it
        changes: a box appearing cost the screen a second full layout. A box never scrolls, so
        nothing else reads it."""
        return super()._size_updated(size, virtual_size, container_size, layout=False)

    def show_notification(self, notification: Notification) -> None:
        if notification is self.notification and self.display:
            return
        self.notification = notification
        for severity in SEVERITIES:
            self.set_class(severity == notification.severity, f"-{severity}")
        message = Content.from_markup(notification.message) if notification.markup else Content(notification.message)
        if notification.title:
            message = Content.assemble((notification.title, f"bold $text-{_title_colour(notification.severity)}"), "\n", message)
        self.update(message)
        self.display = True

    def clear(self) -> None:
        self.notification = None
        self.display = False

    def on_click(self, event: events.Click) -> None:
        event.stop()
        if self.notification is not None:
            self.app._unnotify(self.notification)


def _title_colour(severity: str) -> str:
    return "success" if severity == "information" else severity


class Notices(Container, can_focus=False):
    """The screen's notice boxes, stacked from the bottom right, newest last. The rack stays laid
    out, empty, when no box shows: a layer that appears changes every widget's place in the
    compositor's order, and a message then redrew every cell of the screen."""

    DEFAULT_CSS = """
    Notices {
        layer: _toastrack;
        dock: bottom;
        width: 1fr;
        height: auto;
        align: right bottom;
        layout: vertical;
        margin-bottom: 1;
        padding-right: 2;  /* the columns Textual's toast rack keeps for its scrollbar */
        visibility: hidden;
    }
    Notices > NoticeBox {
        width: 60;
        max-width: 50%;
        height: auto;
        margin-top: 1;
        padding: 1 1;
        visibility: visible;
        background: $panel-lighten-1;
        &:ansi { background: $ansi-background; }
        &.-information { border-left: outer $success; }
        &.-warning { border-left: outer $warning; }
        &.-error { border-left: outer $error; }
    }
    """

    def __init__(self) -> None:
        super().__init__(id="notices")
        self._expiry: Timer | None = None

    def compose(self) -> ComposeResult:
        for _ in range(SHOWN_AT_MOST):
            yield NoticeBox()

    def on_mount(self) -> None:
        self.show(self.app._notifications)

    def show(self, notifications: Iterable[Notification]) -> None:
        """Show the newest live notifications; a box with none to show is hidden."""
        boxes = list(self.query_children(NoticeBox))
        if not boxes:  # not composed yet: on_mount shows whatever is current then
            return
        live = list(notifications)[-len(boxes):]  # Textual's Notifications drops expired ones as it is read
        for index, box in enumerate(boxes):
            if index < len(live):
                box.show_notification(live[index])
            else:
                box.clear()
        if self._expiry is not None:
            self._expiry.stop()
            self._expiry = None
        if live:
            # Whichever ends first: the boxes are redrawn then, with what is still live.
            soonest = min(notification.time_left for notification in live)
            self._expiry = self.set_timer(max(soonest, 0.01), self._refresh_after_expiry, name="notice-expiry")

    def _refresh_after_expiry(self) -> None:
        self._expiry = None
        self.show(self.app._notifications)
