"""The header line: app name, the day, week and quarter we are in, and a clock that ticks per minute."""

from __future__ import annotations

from datetime import date, datetime

from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.content import Content
from textual.strip import Strip
from textual.visual import RenderOptions
from textual.widget import Widget


def stage_line(moment: datetime, day: date) -> str:
    week = day.isocalendar().week
    quarter = (day.month - 1) // 3 + 1
    return f"{day:%a %d %b} · week {week} · Q{quarter} {day.year}"


TITLE = "◉ focus"


class FocusHeader(Widget):
    """Reads the time only from the app's injected clock.

    One widget drawing its parts, not a row of labels: it is on every main screen, and each label
    cost its own mount, styling and layout at start. The parts are laid out as the labels were: the
    title, then the day, week and quarter taking what room is left, then the running batch, the
    review reminder and the clock, each of those three padded by a space either side."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.stage_text = ""
        self.batch_text = ""
        """The running batch as the status line shows it (`▶ email 12:34`), or empty."""
        self.review_text = ""
        """The end-of-day reminder while the review is due, or empty."""
        self.clock_text = ""

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        blank = RichStyle(bgcolor=self.rich_style.bgcolor)  # what a label's padding and spare room show
        if y:
            return Strip.blank(width, blank)
        options = RenderOptions(self._get_style, self.styles)
        base = self.visual_style

        def drawn(text: str, style: str, room: int | None = None) -> list[Segment]:
            """The text in the style, as a label given `room` cells (its own width if None) draws it:
            wrapped, of which a one-line label shows the first line, then blank to its width."""
            content = Content.styled(text, style)
            room = content.cell_length if room is None else room
            strips = content.render_strips(room, 1, base, options) if room and text else []
            line = list(strips[0]) if strips else []
            spare = room - sum(segment.cell_length for segment in line)
            return line + ([Segment(" " * spare, blank)] if spare > 0 else [])

        pad = [Segment(" ", blank)]
        right: list[Segment] = []
        for text, style in ((self.batch_text, "bold $warning"), (self.review_text, "$accent"), (self.clock_text, "bold")):
            if text:
                right += pad + drawn(text, style) + pad
        title = pad + drawn(TITLE, "bold $primary") + pad
        used = sum(segment.cell_length for segment in title + right)
        # A 1fr label keeps one cell however little room is left (the parts after it then overflow).
        stage = drawn(self.stage_text, "$foreground-muted", max(width - used, 1))
        return Strip(title + stage + right).crop(0, width)

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
        # On the review screens themselves the reminder would only be noise.
        due = self.app.review_due() and not getattr(self.screen, "is_review", False)
        self._show(review_text=f"◇ review: {self.app.live_key('board.open_review', 'R')}" if due else "")

    def tick(self) -> None:
        now = self.app.clock.now()
        self._show(stage_text=stage_line(now, self.app.today()), clock_text=f"{now:%H:%M}")
        self.show_batch(self.app.batch_label())
        self.show_review_offer()

    def show_batch(self, text: str) -> None:
        """Called every second while a batch runs: redraws the header line, never a layout."""
        self._show(batch_text=text)

    def _show(self, **texts: str) -> None:
        """Runs on every change of the data and every batch second: redraws only when a part changed."""
        if any(getattr(self, name) != text for name, text in texts.items()):
            for name, text in texts.items():
                setattr(self, name, text)
            self.refresh()
