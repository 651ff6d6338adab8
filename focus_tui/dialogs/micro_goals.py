"""The micro goals of a key task: small, measurable steps, ticked as they are done."""

from __future__ import annotations

from typing import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from focus_tui.domain.keytasks import KeyTask
from focus_tui.screens.restyle import RestylesOnlyStale


class MicroGoalsDialog(RestylesOnlyStale, ModalScreen[None]):
    """Each tick, addition or removal is saved at once through the callbacks, which return the
    updated key task (or None when the change was refused)."""

    BINDINGS = [
        Binding("space,x", "toggle_goal", "Tick", id="micro.toggle", tooltip="Tick or untick the highlighted step"),
        Binding("a", "add_goal", "Add step", id="micro.add", tooltip="Add a step"),
        Binding("delete", "remove_goal", "Remove", id="micro.remove", tooltip="Remove the highlighted step"),
        Binding("escape", "close", "Close", id="micro.close", tooltip="Back to the board"),
    ]

    def __init__(self, key: KeyTask, *, toggle: Callable[[int], KeyTask | None],
                 add: Callable[[str], KeyTask | None], remove: Callable[[int], KeyTask | None]) -> None:
        super().__init__()
        self.key = key
        # Not self.remove/self.add: those would shadow Widget.remove, which closing the dialog calls.
        self.toggle_step = toggle
        self.add_step = add
        self.remove_step = remove

    def compose(self) -> ComposeResult:
        with Vertical(id="micro-goals", classes="dialog"):
            yield Label(f"Micro goals: {self.key.text}", classes="dialog-title", markup=False)
            yield OptionList(id="goals")
            field = Input(placeholder="New step; enter adds it, esc stops adding", id="new-goal")
            field.cursor_blink = self.app.cursor_blink
            field.display = False
            yield field
            yield Static("space ticks · a adds · del removes · esc closes", classes="dialog-hint")

    def on_mount(self) -> None:
        self.show(self.key)

    def show(self, key: KeyTask, highlight: int | None = None) -> None:
        self.key = key
        goals = self.query_one("#goals", OptionList)
        previous = goals.highlighted if highlight is None else highlight
        goals.clear_options()
        for goal in key.micro_goals:
            goals.add_option(Option(Text(f"{'[x]' if goal.done else '[ ]'} {goal.text}")))
        if not key.micro_goals:
            goals.add_option(Option(Text("No steps yet. Press a to add one.", style="dim"), disabled=True))
        elif previous is not None:
            goals.highlighted = min(previous, len(key.micro_goals) - 1)
        else:
            goals.highlighted = 0

    def _highlighted(self) -> int | None:
        index = self.query_one("#goals", OptionList).highlighted
        return index if index is not None and self.key.micro_goals else None

    def action_toggle_goal(self) -> None:
        index = self._highlighted()
        if index is not None and (updated := self.toggle_step(index)):
            self.show(updated, index)

    def action_remove_goal(self) -> None:
        index = self._highlighted()
        if index is not None and (updated := self.remove_step(index)):
            self.show(updated, max(index - 1, 0))

    def action_add_goal(self) -> None:
        field = self.query_one("#new-goal", Input)
        field.display = True
        field.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip() and (updated := self.add_step(event.value)):
            self.show(updated, len(updated.micro_goals) - 1)
        event.input.value = ""

    def action_close(self) -> None:
        field = self.query_one("#new-goal", Input)
        if field.has_focus:
            field.display = False
            self.query_one("#goals", OptionList).focus()
            return
        self.dismiss(None)
