"""State or edit a stage's key task: one sentence, why, an optional target with its unit, and the
team objective it supports."""

from __future__ import annotations

from typing import Any, Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from focus_tui.screens.restyle import RestylesOnlyStale

FIELDS = (
    ("text", "Key task", "One sentence: the one thing that makes this period a success"),
    ("purpose", "Why", "One line: why it matters"),
    ("target", "Target", "A number, if it can be counted (e.g. 10,000)"),
    ("unit", "Unit", "What is counted (e.g. sign-ups)"),
    ("objective", "Team objective", "The shared objective it supports, if any"),
)


class KeyTaskDialog(RestylesOnlyStale, ModalScreen[dict[str, Any] | None]):
    """Returns the typed fields, or None when cancelled. `check` returns an error or None, so the
    dialog only closes on values that will be accepted."""

    BINDINGS = [Binding("escape", "cancel", "Skip" , id="key_task.cancel", tooltip="Close without saving")]

    def __init__(self, title: str, *, values: dict[str, Any] | None = None, note: str = "",
                 check: Callable[[dict[str, Any]], str | None] | None = None) -> None:
        super().__init__()
        self.dialog_title = title
        self.values = values or {}
        self.note = note
        self.check = check

    def compose(self) -> ComposeResult:
        with Vertical(id="key-task", classes="dialog"):
            yield Label(self.dialog_title, classes="dialog-title")
            if self.note:
                yield Static(self.note, classes="dialog-hint", markup=False)
            for name, label, placeholder in FIELDS:
                with Horizontal(classes="field-row"):
                    yield Label(label, classes="field-label")
                    value = self.values.get(name)
                    field = Input(value="" if value is None else str(value), placeholder=placeholder, id=f"key-{name}")
                    field.cursor_blink = self.app.cursor_blink
                    yield field
            yield Static("enter saves · tab next field · esc skips", classes="dialog-hint")
            yield Static("", id="key-error", classes="dialog-error", markup=False)

    def typed(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for name, _, _ in FIELDS:
            text = self.query_one(f"#key-{name}", Input).value
            values[name] = text if text.strip() or name == "text" else None
        return values

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one("#key-error", Static).update("")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        values = self.typed()
        problem = self.check(values) if self.check else None
        if problem:
            self.query_one("#key-error", Static).update(problem)
            return
        self.dismiss(values)

    def action_cancel(self) -> None:
        self.dismiss(None)
