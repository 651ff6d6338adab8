"""Add or edit a key result: what is measured, its target and unit, and what feeds its progress
(nothing, typed by hand, or the logged progress of a current key task)."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from focus_tui.domain.keytasks import KeyTask, clean_unit, format_amount
from focus_tui.domain.okr import clean_kr_target
from focus_tui.domain.records import record
from focus_tui.domain.validation import ValidationError, clean_title
from focus_tui.screens.restyle import RestylesOnlyStale

FIELDS = (
    ("text", "Result", "What is measured, e.g. Reach 10,000 members"),
    ("target", "Target", "A number above zero, e.g. 10,000"),
    ("unit", "Unit", "What is counted, e.g. members"),
)


@record
class Feed:
    """One choice of what feeds a key result's progress: None is by hand."""

    key: KeyTask | None
    label: str


def plain_number(number: float) -> str:
    """A target as it can be typed back without losing digits: 10000.0 -> 10,000; 2.25 -> 2.25."""
    return format(number, ",.10g")


def feed_prompt(feed: Feed) -> Content:
    if feed.key is None:
        return Content.assemble(("none", "bold"), (": typed by hand with u", "$foreground-muted"))
    key = feed.key
    unit = f" {key.unit}" if key.unit else ""
    amount = f" ({format_amount(key.done)} / {format_amount(key.target or 0)}{unit})" if key.target else ""
    return Content.assemble((feed.label, "bold"), (": ", ""), (key.text, ""), (amount, "$foreground-muted"))


class KeyResultDialog(RestylesOnlyStale, ModalScreen[dict[str, Any] | None]):
    """Returns {"text", "target", "unit", "key_task_id"} already checked, or None when cancelled.
    A bad value is shown in the dialog, which stays open."""

    SCOPED_CSS = False  # written as in focus.tcss, parsed on first opening (see there)
    DEFAULT_CSS = """
    #key-result-objective {
        color: $foreground-muted;
        margin-bottom: 1;
    }
    #kr-fed {
        width: 1fr;
        height: auto;
        max-height: 6;
        padding: 0 1;
        background: $boost;
    }
    .-narrow #key-result-objective {
        margin-bottom: 0;
    }
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="key_result.cancel", tooltip="Close without saving")]

    def __init__(self, title: str, objective: str, feeds: list[Feed], *, values: dict[str, Any] | None = None,
                 key_task_id: int | None = None) -> None:
        super().__init__()
        self.dialog_title = title
        self.objective_text = objective
        self.feeds = [Feed(None, "none"), *feeds]
        self.values = values or {}
        self.key_task_id = key_task_id

    def compose(self) -> ComposeResult:
        with Vertical(id="key-result", classes="dialog"):
            yield Label(self.dialog_title, classes="dialog-title")
            yield Static(self.objective_text, id="key-result-objective", markup=False)
            for name, label, placeholder in FIELDS:
                with Horizontal(classes="field-row"):
                    yield Label(label, classes="field-label")
                    field = Input(value=self.values.get(name, ""), placeholder=placeholder, id=f"kr-{name}")
                    field.cursor_blink = self.app.cursor_blink
                    yield field
            with Horizontal(classes="field-row"):
                yield Label("Fed by", classes="field-label")
                yield OptionList(*[Option(feed_prompt(feed), id=str(index)) for index, feed in enumerate(self.feeds)],
                                 id="kr-fed", compact=True)
            hint = "enter saves · tab next field · ↑↓ chooses the feed · esc cancels"
            if len(self.feeds) == 1:
                hint = "enter saves · esc cancels · no key task with a target can feed it now"
            yield Static(hint, classes="dialog-hint")
            yield Static("", id="kr-error", classes="dialog-error", markup=False)

    def on_mount(self) -> None:
        chosen = next((i for i, feed in enumerate(self.feeds) if feed.key is not None and feed.key.id == self.key_task_id), 0)
        self.query_one("#kr-fed", OptionList).highlighted = chosen

    @property
    def feed(self) -> Feed:
        highlighted = self.query_one("#kr-fed", OptionList).highlighted
        return self.feeds[highlighted or 0]

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Choosing a key task fills an empty target and unit with its own."""
        event.stop()
        key = self.feeds[event.option_index].key
        target, unit = self.query_one("#kr-target", Input), self.query_one("#kr-unit", Input)
        if key is not None and key.target and not target.value.strip():
            target.value = plain_number(key.target)
            if not unit.value.strip():
                unit.value = key.unit

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_save()

    def on_input_changed(self, _event: Input.Changed) -> None:
        self.query_one("#kr-error", Static).update("")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        typed = {name: self.query_one(f"#kr-{name}", Input).value for name, _, _ in FIELDS}
        try:
            answer = {"text": clean_title(typed["text"], "key result"), "target": clean_kr_target(typed["target"]),
                      "unit": clean_unit(typed["unit"])}
        except ValidationError as error:
            self.query_one("#kr-error", Static).update(str(error))
            return
        key = self.feed.key
        answer["key_task_id"] = key.id if key is not None else None
        self.dismiss(answer)

    def action_cancel(self) -> None:
        self.dismiss(None)
