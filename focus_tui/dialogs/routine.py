"""Routine templates: the add/edit form (with a live preview of the recurrence), the starter
templates to import, and a routine's details with the trend of each key variable."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, SelectionList, Sparkline, Static, TextArea

from focus_tui.domain.keytasks import format_amount
from focus_tui.domain.routines import Routine, day_list, edit_routine, new_routine, parse_recurrence
from focus_tui.domain.validation import ValidationError
from focus_tui.routine_views import RoutineRow, progress
from focus_tui.screens.restyle import RestylesOnlyStale

FORM_FIELDS = ("name", "every", "kind", "minutes", "category")


def recurrence_preview(text: str, today: date) -> Text:
    """`every weekday → Mon 23, Tue 24, ...`, or what is wrong with the text."""
    if not text.strip():
        return Text("daily · weekdays · mon,thu · every 2 weeks on mon · monthly on 15 · every 3 days", style="dim")
    try:
        recurrence = parse_recurrence(text, today)
    except ValidationError as error:
        return Text(f"✗ {error.message.split('; try:')[0]}", style="bold")
    upcoming = ", ".join(f"{day:%a %d}" for day in recurrence.next_dates(today, 5))
    return Text(f"{recurrence.describe()} → {upcoming}")


class RoutineFormDialog(RestylesOnlyStale, ModalScreen[dict[str, Any] | None]):
    """Add or edit a routine. Returns the checked fields, ready for new_routine/edit_routine
    with from_text=True (steps and variables one per line), or None when cancelled. `every` is
    left out when editing without changing it, so an `every 3 days` keeps its anchor."""

    SCOPED_CSS = False  # written as in focus.tcss, parsed on first opening (see there)
    DEFAULT_CSS = """
    #routine-preview {
        height: auto;
        padding: 0 0 0 15;
        color: $foreground-muted;
    }
    .-narrow #routine-preview {
        padding: 0 0 0 9;
    }
    """

    AUTO_FOCUS = "#routine-name"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="routine_form.save", tooltip="Save the routine"),
        Binding("escape", "cancel", "Cancel", id="routine_form.cancel", tooltip="Close without saving"),
    ]

    def __init__(self, today: date, now: datetime, routine: Routine | None = None) -> None:
        super().__init__()
        self.today = today
        self.now = now
        self.routine = routine

    def _field(self, name: str, label: str, value: str, placeholder: str) -> Horizontal:
        field = Input(value=value, placeholder=placeholder, id=f"routine-{name}")
        field.cursor_blink = self.app.cursor_blink
        return Horizontal(Label(label, classes="field-label"), field, classes="field-row")

    def _area(self, name: str, label: str, lines: list[str], placeholder: str) -> Horizontal:
        area = TextArea("\n".join(lines), id=f"routine-{name}", soft_wrap=True, compact=True, placeholder=placeholder)
        area.cursor_blink = self.app.cursor_blink
        return Horizontal(Label(label, classes="field-label"), area, classes="field-row area-row")

    def compose(self) -> ComposeResult:
        routine = self.routine
        with VerticalScroll(id="routine-form", classes="dialog"):
            yield Label("Edit the routine" if routine else "New routine", classes="dialog-title")
            yield self._field("name", "Name", routine.name if routine else "", "Inbox batch")
            yield self._field("every", "Every", routine.recurrence.as_text() if routine else "", "weekdays")
            yield Static(recurrence_preview(routine.recurrence.as_text() if routine else "", self.today),
                         id="routine-preview")
            yield self._area("steps", "Steps", list(routine.steps) if routine else [], "one step per line, in order")
            yield self._area("variables", "Variables",
                             [variable.expression for variable in routine.variables] if routine else [],
                             "one per line: members >= 30 · reply time <= 2 h · score 7..9")
            with Horizontal(id="routine-extras", classes="field-row"):
                for name, label, value, placeholder in (
                    ("kind", "Kind", (routine.kind or "") if routine else "", "email"),
                    ("minutes", "Min", str(routine.minutes or "") if routine else "", "30"),
                    ("category", "Category", routine.category.value if routine else "routine", "routine"),
                ):
                    yield Label(label, classes="field-label" if name == "kind" else "inline-label")
                    field = Input(value=value, placeholder=placeholder, id=f"routine-{name}", classes="extra")
                    field.cursor_blink = self.app.cursor_blink
                    yield field
            yield Static("ctrl+s saves · tab moves · enter in a text area adds a line · esc cancels",
                         classes="dialog-hint")
            yield Static("", id="routine-error", classes="dialog-error", markup=False)

    def values(self) -> dict[str, Any]:
        values: dict[str, Any] = {name: self.query_one(f"#routine-{name}", Input).value for name in FORM_FIELDS}
        for name in ("steps", "variables"):
            values[name] = self.query_one(f"#routine-{name}", TextArea).text
        if self.routine is not None and values["every"].strip().lower() == self.routine.recurrence.as_text():
            values.pop("every")
        return values

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one("#routine-error", Static).update("")
        if event.input.id == "routine-every":
            self.query_one("#routine-preview", Static).update(recurrence_preview(event.value, self.today))

    def on_text_area_changed(self, _event: TextArea.Changed) -> None:
        self.query_one("#routine-error", Static).update("")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        values = self.values()
        try:
            if self.routine is None:
                new_routine(values.pop("name"), values.pop("every"), self.now, self.today, from_text=True, **values)
            else:
                edit_routine(self.routine, self.now, self.today, from_text=True, **values)
        except ValidationError as error:
            self.query_one("#routine-error", Static).update(str(error))
            return
        self.dismiss(self.values())

    def action_cancel(self) -> None:
        self.dismiss(None)


class StartersDialog(RestylesOnlyStale, ModalScreen[list[str] | None]):
    """The starter templates with checkboxes; returns the keys chosen, or None. Nothing is added
    until enter confirms the choice."""

    SCOPED_CSS = False  # written as in focus.tcss, parsed on first opening (see there)
    DEFAULT_CSS = """
    #starter-list {
        height: auto;
        max-height: 16;
        border: none;
        background: $surface;
    }
    #starters-added {
        color: $foreground-muted;
    }
    """

    BINDINGS = [
        Binding("enter", "add", "Add chosen", id="starters.add", tooltip="Add the ticked templates", priority=True),
        Binding("escape", "cancel", "Cancel", id="starters.cancel", tooltip="Add nothing"),
    ]

    def __init__(self, templates: dict[str, Routine], existing: set[str]) -> None:
        super().__init__()
        self.templates = templates
        self.existing = existing

    def compose(self) -> ComposeResult:
        choices = []
        added = [routine.name for routine in self.templates.values() if routine.name.lower() in self.existing]
        for key, routine in self.templates.items():
            if routine.name.lower() in self.existing:
                continue
            prompt = Text(routine.name, style="bold")
            prompt.append(f"  {routine.every} · {len(routine.steps)} steps · "
                          + ", ".join(variable.expression for variable in routine.variables), style="dim")
            choices.append((prompt, key, False))
        with Vertical(id="starters", classes="dialog"):
            yield Label("Starter routines", classes="dialog-title")
            yield SelectionList[str](*choices, id="starter-list")
            if added:
                yield Static(f"Already added: {', '.join(added)}", id="starters-added", markup=False)
            yield Static("space ticks · enter adds the ticked ones · esc adds nothing", classes="dialog-hint")
            yield Static("", id="starters-error", classes="dialog-error", markup=False)

    def action_add(self) -> None:
        chosen = list(self.query_one("#starter-list", SelectionList).selected)
        if not chosen:
            self.query_one("#starters-error", Static).update("Tick one or more with space first.")
            return
        self.dismiss(chosen)

    def action_cancel(self) -> None:
        self.dismiss(None)


def _variable_rows(row: RoutineRow, history: dict[str, list[tuple[date, float]]]) -> list[Horizontal]:
    rows = []
    for variable in row.routine.variables:
        points = history.get(variable.name, [])[-20:]
        if points:
            last_day, last = points[-1]
            ok = variable.check(last)
            text = Text(f"last {format_amount(last)} ({last_day:%a %d})", style="" if ok else "bold")
            if not ok:
                text.append(" ⚠", style="bold")
        else:
            text = Text("no values yet", style="dim")
        spark = Sparkline([value for _day, value in points], classes="variable-trend")
        spark.styles.width = max(len(points), 1)
        spark.display = bool(points)
        rows.append(Horizontal(Label(Text(variable.expression), classes="variable-name"), spark,
                               Label(text, classes="variable-last"), classes="variable-row"))
    return rows


def details_table(row: RoutineRow) -> Table:
    routine = row.routine
    table = Table.grid(padding=(0, 2))
    table.add_column(style="dim", no_wrap=True)
    table.add_column(ratio=1)
    details = [routine.category.value]
    if routine.kind:
        details.append(f"#{routine.kind}")
    if routine.minutes:
        details.append(f"{routine.minutes} min")
    table.add_row("every", Text(routine.every + ("  (paused)" if routine.paused else "")))
    table.add_row("work", Text(" · ".join(details)))
    table.add_row("next", Text(", ".join(f"{day:%a %d %b}" for day in row.next) or "paused"))
    table.add_row("missed", Text(day_list(row.missed, 5) if row.missed else "none"))
    if row.today is not None:
        state = "done" if not row.today.is_open else f"{progress(row.today)} ticked"
        table.add_row("today", Text(f"{state} (task {row.today.id})"))
    steps = Text()
    for number, step in enumerate(routine.steps, start=1):
        steps.append(f"{'' if number == 1 else chr(10)}{number}. {step}")
    table.add_row("steps", steps if routine.steps else Text("none: space on the board finishes it"))
    return table


class RoutineDetailsDialog(RestylesOnlyStale, ModalScreen[None]):
    """A routine's next occurrences, missed ones, checklist, and each key variable's trend."""

    SCOPED_CSS = False  # written as in focus.tcss, parsed on first opening (see there)
    DEFAULT_CSS = """
    #routine-details-body {
        height: auto;
        max-height: 20;
    }
    """

    BINDINGS = [Binding("escape,enter,q", "close", "Close", id="routine_details.close", tooltip="Back to the routines")]

    def __init__(self, row: RoutineRow, history: dict[str, list[tuple[date, float]]]) -> None:
        super().__init__()
        self.row = row
        self.history = history

    def compose(self) -> ComposeResult:
        with Vertical(id="routine-details", classes="dialog"):
            yield Label(self.row.routine.name, classes="dialog-title", markup=False)
            with VerticalScroll(id="routine-details-body"):
                yield Static(details_table(self.row))
                if self.row.routine.variables:
                    yield Label("Key variables (trend of the last 20)", classes="section-title")
                    yield from _variable_rows(self.row, self.history)
            yield Static("esc closes", classes="dialog-hint")

    def action_close(self) -> None:
        self.dismiss(None)
