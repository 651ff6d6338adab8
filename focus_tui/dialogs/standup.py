"""Editing the stand-up text: it starts from the generated one; clearing it goes back to that."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static, TextArea

from focus_tui.domain.review import clean_standup
from focus_tui.domain.validation import ValidationError
from focus_tui.screens.restyle import RestylesOnlyStale


class StandupDialog(RestylesOnlyStale, ModalScreen[str | None]):
    """Returns the edited text ("" to go back to the generated one), or None when cancelled."""

    SCOPED_CSS = False  # written as in focus.tcss, parsed on first opening (see there)
    DEFAULT_CSS = """
    #standup-text {
        height: 8;
    }
    """

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="standup.save", tooltip="Save the stand-up"),
        Binding("ctrl+r", "regenerate", "Regenerate", id="standup.regenerate",
                tooltip="Start again from the text generated from today's data"),
        Binding("escape", "cancel", "Cancel", id="standup.cancel", tooltip="Close without saving"),
    ]

    def __init__(self, text: str, generated: str) -> None:
        super().__init__()
        self.text = text
        self.generated = generated

    def compose(self) -> ComposeResult:
        with Vertical(id="standup-dialog", classes="dialog"):
            yield Label("Stand-up: finished, next, blocked and help needed", classes="dialog-title")
            area = TextArea(self.text, id="standup-text", soft_wrap=True, show_line_numbers=False)
            area.cursor_blink = self.app.cursor_blink
            yield area
            yield Static("ctrl+s save · ctrl+r regenerate from the data · esc cancel", classes="dialog-hint")
            yield Static("", id="standup-error", classes="dialog-error", markup=False)

    def action_save(self) -> None:
        text = self.query_one("#standup-text", TextArea).text
        try:
            cleaned = clean_standup(text) or ""
        except ValidationError as error:
            self.query_one("#standup-error", Static).update(str(error))
            return
        self.dismiss("" if cleaned == self.generated.strip() else cleaned)

    def action_regenerate(self) -> None:
        self.query_one("#standup-text", TextArea).text = self.generated

    def action_cancel(self) -> None:
        self.dismiss(None)
