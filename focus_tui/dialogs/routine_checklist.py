"""Running a routine instance from the board: its checklist (each tick saved at once), and the
day's key variables when it is finished. Also the board's flows that chain them."""

from __future__ import annotations

from typing import Any, Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from focus_tui.dialogs.confirm import ConfirmDialog
from focus_tui.domain.keytasks import format_amount
from focus_tui.domain.routines import Routine, clean_values, steps_done
from focus_tui.domain.tasks import Task
from focus_tui.domain.validation import ValidationError
from focus_tui.screens.restyle import RestylesOnlyStale


class ChecklistDialog(RestylesOnlyStale, ModalScreen[Task | None]):
    """Returns the instance when ticking finished it here (so the caller can ask for the values),
    else None. `toggle(index)` saves one tick and returns the updated task, or None if refused."""

    SCOPED_CSS = False  # written as in focus.tcss, parsed on first opening (see there)
    DEFAULT_CSS = """
    #checklist-steps {
        height: auto;
        max-height: 16;
        border: none;
        background: $surface;
    }
    """

    BINDINGS = [
        Binding("space,x", "toggle_step", "Tick", id="checklist.toggle", tooltip="Tick or untick the highlighted step (saved at once)"),
        Binding("v", "log_values", "Values", id="checklist.values", tooltip="Log the day's key variables now"),
        Binding("escape,enter", "close", "Close", id="checklist.close", tooltip="Back to the board"),
    ]

    def __init__(self, task: Task, *, toggle: Callable[[int], Task | None],
                 log_values: Callable[[Task], None] | None = None) -> None:
        super().__init__()
        self.instance = task
        self.toggle = toggle
        self.log_values = log_values

    def compose(self) -> ComposeResult:
        with Vertical(id="checklist", classes="dialog"):
            yield Label("", id="checklist-title", classes="dialog-title")
            yield OptionList(id="checklist-steps")
            hint = "space ticks · " + ("v logs values · " if self.log_values else "") + "esc closes"
            yield Static(hint, classes="dialog-hint")

    def on_mount(self) -> None:
        first_open = next((index for index, step in enumerate(self.instance.steps) if not step.done), 0)
        self.show(self.instance, first_open)

    def show(self, task: Task, highlight: int | None = None) -> None:
        self.instance = task
        done = steps_done(task)
        title = Text(f"{task.title} · {done}/{len(task.steps)}")
        if not task.is_open:
            title.append(f" · {task.status.value}", style="bold")
        self.query_one("#checklist-title", Label).update(title)
        steps = self.query_one("#checklist-steps", OptionList)
        previous = steps.highlighted if highlight is None else highlight
        steps.clear_options()
        for step in task.steps:
            steps.add_option(Option(Text(f"{'☑' if step.done else '☐'} {step.text}",
                                         style="dim" if step.done else "")))
        if task.steps:
            steps.highlighted = min(previous or 0, len(task.steps) - 1)

    def action_toggle_step(self) -> None:
        index = self.query_one("#checklist-steps", OptionList).highlighted
        if index is None or not self.instance.steps:
            return
        was_open = self.instance.is_open
        updated = self.toggle(index)
        if updated is None:
            return
        self.show(updated, index)
        if was_open and not updated.is_open:
            self.dismiss(updated)
        elif index + 1 < len(updated.steps) and updated.steps[index].done:
            self.query_one("#checklist-steps", OptionList).highlighted = index + 1

    def action_log_values(self) -> None:
        if self.log_values is not None:
            self.log_values(self.instance)

    def action_close(self) -> None:
        self.dismiss(None)


class ValuesDialog(RestylesOnlyStale, ModalScreen[dict[str, float] | None]):
    """One field per key variable; empty fields are skipped and esc skips them all. Returns the
    values typed (as numbers), or None. A value that is not a number keeps the dialog open."""

    BINDINGS = [
        Binding("escape", "skip", "Skip", id="values.skip", tooltip="Log nothing now"),
        Binding("ctrl+s", "save", "Save", id="values.save", tooltip="Save the values typed"),
    ]

    def __init__(self, routine: Routine, current: dict[str, float] | None = None) -> None:
        super().__init__()
        self.routine = routine
        self.current = current or {}

    def compose(self) -> ComposeResult:
        with Vertical(id="values", classes="dialog"):
            yield Label(f"Key variables: {self.routine.name}", classes="dialog-title", markup=False)
            for index, variable in enumerate(self.routine.variables):
                value = self.current.get(variable.name)
                field = Input(value=format_amount(value).replace(",", "") if value is not None else "",
                              placeholder="a number, or empty to skip", id=f"value-{index}")
                field.cursor_blink = self.app.cursor_blink
                yield Horizontal(Label(variable.name, classes="field-label", markup=False), field,
                                 Label(f"expected {variable.expectation}", classes="inline-hint", markup=False),
                                 classes="field-row value-row")
            yield Static("enter saves · empty fields are skipped · tab moves · esc skips", classes="dialog-hint")
            yield Static("", id="values-error", classes="dialog-error", markup=False)

    def typed(self) -> dict[str, str]:
        return {variable.name: self.query_one(f"#value-{index}", Input).value
                for index, variable in enumerate(self.routine.variables)
                if self.query_one(f"#value-{index}", Input).value.strip()}

    def on_input_changed(self, _event: Input.Changed) -> None:
        self.query_one("#values-error", Static).update("")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        try:
            values = clean_values(self.routine, self.typed())
        except ValidationError as error:
            self.query_one("#values-error", Static).update(f"{error}; type a number such as 18, 2.5 or 1,500")
            return
        self.dismiss(values)

    def action_skip(self) -> None:
        self.dismiss(None)


# -- the board's flows ---------------------------------------------------------------------------
def _routine_of(app: Any, task: Task) -> Routine | None:
    try:
        return app.store.routine(task.routine_id) if task.routine_id is not None else None
    except Exception:  # deleted template: the instance still works as a checklist
        return None


def ask_values(app: Any, task: Task, then: Callable[[], None] | None = None) -> None:
    """The values dialog for an instance whose routine has key variables; flags are announced."""
    routine = _routine_of(app, task)
    if routine is None or not routine.variables:
        if then:
            then()
        return

    def save(values: dict[str, float] | None) -> None:
        if values:
            updated = app.apply_change(lambda: app.store.log_routine_values(task.id, values))
            if updated is not None:
                from focus_tui.domain.routines import variable_flags

                for flag in variable_flags([updated], [routine]):
                    app.notify(f"⚠ {flag.message}", title=routine.name, severity="warning", timeout=10)
        if then:
            then()

    app.push_screen(ValuesDialog(routine, dict(task.values)), save)


def open_checklist(app: Any, task: Task) -> None:
    """enter on a routine instance: tick steps; finishing the last asks for the day's values."""
    def toggle(index: int) -> Task | None:
        return app.apply_change(lambda: app.store.toggle_routine_step(task.id, index))

    def log_now(current: Task) -> None:
        ask_values(app, current)

    def closed(finished: Task | None) -> None:
        if finished is not None:
            app.notify(f"Done: {finished.title}")
            ask_values(app, finished)

    routine = _routine_of(app, task)
    app.push_screen(ChecklistDialog(task, toggle=toggle,
                                    log_values=log_now if routine is not None and routine.variables else None), closed)


def finish_instance(app: Any, task: Task) -> None:
    """space on a routine instance: with steps left, confirm ticking them all; then the values."""
    def finish() -> None:
        finished = app.apply_change(lambda: app.store.complete_routine_instance(task.id),
                                    lambda done: f"Done: {done.title}")
        if finished is not None:
            ask_values(app, finished)

    left = [step.text for step in task.steps if not step.done]
    if not left or not task.is_open:
        finish()
        return

    def confirmed(yes: bool | None) -> None:
        if yes:
            finish()

    app.push_screen(ConfirmDialog("Tick every step?", unticked_question(task)), confirmed)


def unticked_question(task: Task) -> str:
    """The steps left, the first three by name: a long checklist still fits the dialog."""
    left = [step.text for step in task.steps if not step.done]
    listed = "; ".join(left[:3]) + (f"; and {len(left) - 3} more" if len(left) > 3 else "")
    return (f"{len(left)} of {len(task.steps)} steps of {task.title} are not ticked: {listed}. "
            "Tick them all and mark it done?")
