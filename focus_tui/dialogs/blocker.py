"""Name what blocks a task: one key for the cause, an optional note (and for people, a name), enter.
Also the resolve dialog: a note and the method's question, root cause fixed or worked around."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from focus_tui.domain.blockers import MAX_PERSON, Cause, clean_note
from focus_tui.domain.validation import ValidationError, clean_line
from focus_tui.screens.kept import Kept, sized_for_the_terminal
from focus_tui.screens.restyle import RestylesOnlyStale
from focus_tui.widgets.unchanged import update_static

CAUSE_KEYS = [
    Binding(f"{cause.key},{cause.number}", f"choose_cause('{cause.value}')", cause.value.capitalize(),
            id=f"blocker.{cause.value}", tooltip=f"{cause.description}; first move: {cause.remedy}")
    for cause in Cause
]


_NOT_SHOWN = object()


def _field(name: str, label: str, placeholder: str, value: str, blink: bool) -> Horizontal:
    field = Input(value=value, placeholder=placeholder, id=name)
    field.cursor_blink = blink
    return Horizontal(Label(label, classes="field-label"), field, classes="field-row", id=f"{name}-row")


class BlockerDialog(Kept, ModalScreen[dict[str, Any] | None]):
    """Returns {"cause", "note", "person"} or None. The common path: cause key, then enter.
    The board's (`BlockerDialog.kept_for`) is kept between openings; see Kept."""

    SCOPED_CSS = False  # written as in focus.tcss, parsed on first opening (see there)
    DEFAULT_CSS = """
    #causes {
        height: auto;
        margin: 1 0;
    }
    #blocker-task {
        text-style: bold;
    }
    .-narrow #causes {
        margin: 0;
    }
    """

    # Nothing focused at first, so the cause keys choose a cause instead of typing into the note.
    AUTO_FOCUS = ""  # not None: None means "use the app's default", which focuses the first input

    BINDINGS = [*CAUSE_KEYS,
                Binding("enter", "save", "Save", id="blocker.save", tooltip="Park the task with this cause"),
                Binding("escape", "cancel", "Cancel", id="blocker.cancel", tooltip="Close without changing anything")]

    def __init__(self, title: str, *, cause: Cause | None = None, note: str = "", person: str = "",
                 heading: str = "What blocks it?") -> None:
        super().__init__()
        self.ask(title, cause=cause, note=note, person=person, heading=heading)
        self._causes_shown_for: object = _NOT_SHOWN
        sized_for_the_terminal(self)

    @classmethod
    def kept_for(cls, app, title: str) -> "BlockerDialog":
        """The dialog for blocking `title` with no cause chosen yet, kept between openings."""
        dialog = cls.kept(app, "blocker-dialog", lambda: cls(title))
        dialog.ask(title)
        return dialog

    def ask(self, title: str, *, cause: Cause | None = None, note: str = "", person: str = "",
            heading: str = "What blocks it?") -> None:
        self.task_title = title
        self.cause = cause
        self.note = note
        self.person = person
        self.heading = heading

    def compose(self) -> ComposeResult:
        with Vertical(id="blocker", classes="dialog"):
            yield Label(self.heading, classes="dialog-title", id="blocker-heading")
            yield Static(self.task_title, id="blocker-task", markup=False)
            yield Static("", id="causes")
            yield _field("blocker-note", "Note", "optional: what exactly is stuck", self.note, self.app.cursor_blink)
            yield _field("blocker-person", "Who", "optional: who you are waiting on", self.person, self.app.cursor_blink)
            yield Static("t p b r (or 1-4) chooses · enter saves · esc cancels", classes="dialog-hint")
            yield Static("", id="blocker-error", classes="dialog-error", markup=False)

    def on_mount(self) -> None:
        self.show_causes()
        if self.cause is not None:
            self.query_one("#blocker-note", Input).focus()

    def start_afresh(self) -> None:
        update_static(self.query_one("#blocker-heading", Label), self.heading)
        update_static(self.query_one("#blocker-task", Static), self.task_title)
        for name, value in (("#blocker-note", self.note), ("#blocker-person", self.person)):
            field = self.query_one(name, Input)
            field.value = value
            field.cursor_position = len(value)
        update_static(self.query_one("#blocker-error", Static), "")
        self.set_focus(None)
        self.show_causes()
        if self.cause is not None:
            self.query_one("#blocker-note", Input).focus()

    def show_causes(self) -> None:
        self.query_one("#blocker-person-row").display = self.cause is Cause.PEOPLE
        if self._causes_shown_for is self.cause:
            return  # drawing the grid is most of what opening the dialog again costs
        self._causes_shown_for = self.cause
        # A grid keeps wrapped descriptions aligned in a narrow pane.
        grid = Table.grid(padding=(0, 1), expand=True)
        grid.add_column(no_wrap=True)
        grid.add_column(ratio=1)
        for cause in Cause:
            chosen = cause is self.cause
            label = Text(f"{'▶' if chosen else ' '} {cause.key} {cause.value}", style="bold" if chosen else "")
            what = Text(cause.description, style="" if chosen else "dim")
            what.append(f"\n→ {cause.remedy}", style="bold italic" if chosen else "italic dim")
            grid.add_row(label, what)
        self.query_one("#causes", Static).update(grid)

    def action_choose_cause(self, cause: str) -> None:
        self.cause = Cause(cause)
        self.query_one("#blocker-error", Static).update("")
        self.show_causes()
        self.query_one("#blocker-note", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        if self.cause is None:
            self.query_one("#blocker-error", Static).update("Choose a cause first: t task, p people, b budget, r resource.")
            return
        try:
            note = clean_note(self.query_one("#blocker-note", Input).value)
            person = clean_line(self.query_one("#blocker-person", Input).value, "person", MAX_PERSON) \
                if self.cause is Cause.PEOPLE else ""
        except ValidationError as error:
            self.query_one("#blocker-error", Static).update(str(error))
            return
        self.dismiss({"cause": self.cause, "note": note, "person": person})

    def action_cancel(self) -> None:
        self.dismiss(None)


class ResolveDialog(RestylesOnlyStale, ModalScreen[dict[str, Any] | None]):
    """Returns {"note", "root_fixed"} or None. root_fixed is True, False, or None when not said."""

    AUTO_FOCUS = ""  # not None: None means "use the app's default", which focuses the first input

    BINDINGS = [
        Binding("f", "answer(True)", "Root fixed", id="resolve.root", tooltip="The root cause was fixed"),
        Binding("w", "answer(False)", "Worked around", id="resolve.workaround", tooltip="It was worked around; the cause remains"),
        Binding("enter", "save", "Resolve", id="resolve.save", tooltip="Resolve the blocker"),
        Binding("escape", "cancel", "Cancel", id="resolve.cancel", tooltip="Close without changing anything"),
    ]

    def __init__(self, title: str, cause: Cause) -> None:
        super().__init__()
        self.task_title = title
        self.blocker_cause = cause
        self.root_fixed: bool | None = None
        sized_for_the_terminal(self)

    def compose(self) -> ComposeResult:
        with Vertical(id="resolve", classes="dialog"):
            yield Label("Resolve the blocker", classes="dialog-title")
            yield Static(f"{self.task_title} ({self.blocker_cause.value})", markup=False)
            yield Static("", id="resolve-question")
            yield _field("resolve-note", "How", "optional: how it was resolved", "", self.app.cursor_blink)
            yield Static("f root fixed · w worked around · enter resolves · esc cancels", classes="dialog-hint")
            yield Static("", id="resolve-error", classes="dialog-error", markup=False)

    def on_mount(self) -> None:
        self.show_question()

    def show_question(self) -> None:
        def option(key: str, text: str, value: bool) -> tuple[str, str]:
            chosen = self.root_fixed is value
            return (f"{'▶' if chosen else ' '} {key} {text}   ", "bold $primary" if chosen else "")

        self.query_one("#resolve-question", Static).update(Content.assemble(
            ("Was the root cause fixed, or was it worked around?\n", ""),
            option("f", "root cause fixed", True), option("w", "worked around", False)))

    def action_answer(self, root_fixed: bool) -> None:
        self.root_fixed = root_fixed
        self.show_question()
        self.query_one("#resolve-note", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        try:
            note = clean_note(self.query_one("#resolve-note", Input).value, "resolution")
        except ValidationError as error:
            self.query_one("#resolve-error", Static).update(str(error))
            return
        self.dismiss({"note": note, "root_fixed": self.root_fixed})

    def action_cancel(self) -> None:
        self.dismiss(None)
