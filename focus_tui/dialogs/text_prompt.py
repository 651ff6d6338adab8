"""A one-line text prompt that checks the input as it is typed and only closes on valid text."""

from __future__ import annotations

from typing import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from focus_tui.screens.kept import Kept, sized_for_the_terminal
from focus_tui.widgets.unchanged import update_static


class TextPromptDialog(Kept, ModalScreen[str | None]):
    """Returns the text, or None when cancelled. `check` returns an error message or None.
    A prompt asked often can be kept between openings (`TextPromptDialog.kept_for`, see Kept)."""

    SCOPED_CSS = False  # written as in focus.tcss, parsed on first opening (see there)
    DEFAULT_CSS = """
    #prompt-preview {
        color: $foreground-muted;
        height: auto;
    }
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="prompt.cancel", tooltip="Close without saving")]

    def __init__(self, title: str, **question) -> None:
        """`question`: the keyword arguments of `ask`."""
        super().__init__()
        self.ask(title, **question)
        sized_for_the_terminal(self)

    @classmethod
    def kept_for(cls, app, name: str, title: str, **question) -> "TextPromptDialog":
        """The prompt kept as `name`, asking `title` (and the keyword arguments of a new one)."""
        dialog = cls.kept(app, name, lambda: cls(title, **question))
        dialog.ask(title, **question)
        return dialog

    def ask(
        self,
        title: str,
        *,
        value: str = "",
        placeholder: str = "",
        hint: str = "",
        check: Callable[[str], str | None] | None = None,
        preview: Callable[[str], str] | None = None,
    ) -> None:
        self.prompt_title = title
        self.initial_value = value
        self.placeholder = placeholder
        self.hint = hint
        self.check = check
        self.preview = preview

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt", classes="dialog"):
            yield Label(self.prompt_title, classes="dialog-title", id="prompt-title")
            field = Input(value=self.initial_value, placeholder=self.placeholder, id="prompt-input")
            field.cursor_blink = self.app.cursor_blink
            yield field
            yield Static(self.preview(self.initial_value) if self.preview else "", id="prompt-preview", markup=False)
            yield Static(self.hint, id="prompt-hint", classes="dialog-hint", markup=False)
            yield Static("", id="prompt-error", classes="dialog-error", markup=False)

    def start_afresh(self) -> None:
        update_static(self.query_one("#prompt-title", Label), self.prompt_title)
        field = self.query_one("#prompt-input", Input)
        field.placeholder = self.placeholder
        field.value = self.initial_value
        field.cursor_position = len(self.initial_value)
        update_static(self.query_one("#prompt-preview", Static), self.preview(self.initial_value) if self.preview else "")
        update_static(self.query_one("#prompt-hint", Static), self.hint)
        update_static(self.query_one("#prompt-error", Static), "")
        field.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one("#prompt-error", Static).update("")
        if self.preview:
            self.query_one("#prompt-preview", Static).update(self.preview(event.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        problem = self.check(event.value) if self.check else None
        if problem:
            self.query_one("#prompt-error", Static).update(problem)
            return
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
