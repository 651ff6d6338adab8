"""The header line: app name, the day, week and quarter we are in, and a clock that ticks per minute."""

from __future__ import annotations

from datetime import date, datetime

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Label

from focus_tui.widgets.unchanged import update_static


def stage_line(moment: datetime, day: date) -> str:
    week = day.isocalendar().week
    quarter = (day.month - 1) // 3 + 1
    return f"{day:%a %d %b} · week {week} · Q{quarter} {day.year}"


class FocusHeader(Horizontal):
    """Reads the time only from the app's injected clock."""

    _batch_text = ""

    def compose(self) -> ComposeResult:
        yield Label("◉ focus", id="header-title")
        yield Label("", id="header-stage")
        yield Label("", id="header-batch")
        yield Label("", id="header-review")
        yield Label("", id="header-clock")

    def on_mount(self) -> None:
        self.tick()
        self.watch(self.app, "data_version", self._data_changed, init=False)
        # Align ticks to the minute so the clock never lags by up to a minute.
        seconds_left = 60 - self.app.clock.now().second
        self.set_timer(seconds_left, self._start_minute_ticks)

    def _start_minute_ticks(self) -> None:
        self.tick()
        self.set_interval(60, self.tick)

    def _data_changed(self, _version: int) -> None:
        self.show_batch(self.app.batch_label())
        self.show_review_offer()

    def show_review_offer(self) -> None:
        label = self.query_one("#header-review", Label)
        # On the review screens themselves the reminder would only be noise.
        due = self.app.review_due() and not getattr(self.screen, "is_review", False)
        # Runs on every change of the data: an unchanged label must not ask for a layout.
        update_static(label, Content(f"◇ review: {self.app.live_key('board.open_review', 'R')}") if due else "")
        label.display = due

    def tick(self) -> None:
        now = self.app.clock.now()
        self.query_one("#header-stage", Label).update(stage_line(now, self.app.today()))
        self.query_one("#header-clock", Label).update(f"{now:%H:%M}")
        self.show_batch(self.app.batch_label())
        self.show_review_offer()

    def show_batch(self, text: str) -> None:
        """Called every second while a batch runs: only a change of width relayouts the header,
        so a ticking countdown redraws one label, not the screen."""
        label = self.query_one("#header-batch", Label)
        shown = self._batch_text
        if text == shown:
            return
        self._batch_text = text
        label.update(text, layout=len(text) != len(shown))
        if label.display != bool(text):
            label.display = bool(text)

