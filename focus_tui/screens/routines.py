"""Routine templates: when each recurs, today's progress, what comes next, what was missed, and
the recent trend of each key variable. Add, edit, pause, delete, import starters."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from focus_tui.dialogs.confirm import ConfirmDialog
from focus_tui.dialogs.routine import RoutineDetailsDialog, RoutineFormDialog, StartersDialog
from focus_tui.domain.keytasks import format_amount
from focus_tui.domain.routines import day_list, edit_routine, new_routine, starter_routines
from focus_tui.routine_views import RoutineRow, history, progress, recent_values, routine_rows, spark
from focus_tui.screens.restyle import RestylesOnlyStale
from focus_tui.storage import DataFileError
from focus_tui.widgets.focus_header import FocusHeader
from focus_tui.widgets.key_bar import KeyBar
from focus_tui.screens.kept import stop_watching_data

EMPTY = ("No routines yet. Routine work runs best from a checklist: a adds one, "
         "i imports starters (inbox batch, weekly report, end-of-day review, monthly expenses).")


def routine_line(row: RoutineRow, trends: dict[str, list[float]]) -> Content:
    """Name and recurrence; today, next and missed; then each key variable's recent trend."""
    routine = row.routine
    parts: list[tuple[str, str]] = [(routine.name, "bold"), (f"  {routine.every}", "$foreground-muted")]
    if routine.paused:
        parts.append(("  paused", "bold $warning"))
    status = []
    if row.today is not None:
        done = not row.today.is_open
        status.append(("today ✓ done" if done else f"today {progress(row.today)}" if row.today.steps else "today open",
                       "$success" if done else "bold"))
    if row.next:
        upcoming = [day for day in row.next if row.today is None or day > row.today.routine_day]
        if upcoming:
            status.append((f"next {upcoming[0]:%a %d}", ""))
    if row.missed:
        status.append((f"missed {day_list(row.missed)}", "bold $warning"))
    if status:
        parts.append(("\n  ", ""))
        for index, part in enumerate(status):
            parts.extend(([(" · ", "$foreground-muted")] if index else []) + [part])
    flagged = {flag.variable for flag in row.flags}
    shown = [(variable, trends.get(variable.name, [])) for variable in routine.variables]
    for variable, values in shown:
        parts.append((f"\n  {variable.expression}", "$foreground-muted"))
        if values:
            warn = variable.name in flagged
            parts.append((f"  {spark(values)} {format_amount(values[-1])}" + (" ⚠" if warn else ""),
                          "bold $warning" if warn else "$accent"))
    return Content.assemble(*parts)


class RoutineList(OptionList):
    """Enter opens the details (OptionList would otherwise take enter for its own selection)."""

    BINDINGS = [Binding("enter", "screen.show_details", "Details", id="routines.details",
                        tooltip="Next occurrences, missed ones, the checklist and each key variable's trend")]


class RoutinesScreen(RestylesOnlyStale, Screen):
    SCOPED_CSS = False  # written as in focus.tcss, parsed on first opening (see there)
    DEFAULT_CSS = """
    #routine-list {
        height: 1fr;
        border: none;
        background: $background;
    }
    #routines-empty {
        color: $foreground-muted;
        height: auto;
        padding: 1 0;
    }
    """

    BINDINGS = [
        Binding("a", "add", "Add", id="routines.add", tooltip="A new routine: recurrence, checklist, key variables"),
        Binding("e", "edit", "Edit", id="routines.edit", tooltip="Change the highlighted routine"),
        Binding("p", "pause", "Pause/resume", id="routines.pause", tooltip="Pause or resume the highlighted routine"),
        Binding("t", "add_today", "On today", id="routines.today", show=False,
                tooltip="Put the highlighted routine on today's list now (also when it is not due)"),
        Binding("D,delete", "delete", "Delete", id="routines.delete", show=False,
                tooltip="Delete the highlighted template; instances already made stay"),
        Binding("i", "import_starters", "Starters", id="routines.starters", tooltip="Import starter templates (you choose)"),
        Binding("escape,P", "close", "Board", id="routines.close", tooltip="Back to the board"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[RoutineRow] = []

    def compose(self) -> ComposeResult:
        yield FocusHeader(id="header")
        with Vertical(id="routines-body", classes="screen-body"):
            yield Label("", id="routines-title", classes="screen-title")
            yield RoutineList(id="routine-list")
            yield Static(EMPTY, id="routines-empty", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.watch(self.app, "data_version", self.refresh_routines)
        self.query_one("#routine-list", OptionList).focus()

    def on_unmount(self) -> None:
        stop_watching_data(self)  # else the app's watcher keeps this closed screen alive

    def refresh_routines(self, _version: int = 0) -> None:
        store = self.app.store
        try:
            tasks = store.tasks()
            self.rows = routine_rows(store, self.app.today(), tasks)
        except DataFileError as error:
            self.app.show_data_problem(error)
            return
        option_list = self.query_one("#routine-list", OptionList)
        keep = option_list.highlighted
        option_list.clear_options()
        for row in self.rows:
            option_list.add_option(Option(routine_line(row, recent_values(tasks, row.routine)), id=str(row.routine.id)))
        active = sum(not row.routine.paused for row in self.rows)
        due = [row for row in self.rows if row.today is not None]
        title = f"Routines · {active} active"
        if len(self.rows) > active:
            title += f" · {len(self.rows) - active} paused"
        if due:
            title += f" · today {sum(not row.today.is_open for row in due)}/{len(due)} done"
        self.query_one("#routines-title", Label).update(title)
        option_list.display = bool(self.rows)
        self.query_one("#routines-empty", Static).display = not self.rows
        if self.rows:
            option_list.highlighted = min(keep or 0, len(self.rows) - 1)

    def highlighted_row(self) -> RoutineRow | None:
        index = self.query_one("#routine-list", OptionList).highlighted
        if index is None or not self.rows or index >= len(self.rows):
            return None
        return self.rows[index]

    def _highlight(self, routine_id: int) -> None:
        option_list = self.query_one("#routine-list", OptionList)
        for index, row in enumerate(self.rows):
            if row.routine.id == routine_id:
                option_list.highlighted = index

    # -- actions ---------------------------------------------------------------------------------
    def action_add(self) -> None:
        def save(values):
            if values is None:
                return
            now, today = self.app.clock.now(), self.app.today()
            added = self.app.apply_change(
                lambda: self.app.store.add_routine(new_routine(values.pop("name"), values.pop("every"), now, today,
                                                               from_text=True, **values)),
                lambda routine: f"Added {routine.name} ({routine.every})")
            if added is not None:
                self._highlight(added.id)

        self.app.push_screen(RoutineFormDialog(self.app.today(), self.app.clock.now()), save)

    def action_edit(self) -> None:
        row = self.highlighted_row()
        if row is None:
            self.app.notify("No routine here. a adds one.")
            return

        def save(values):
            if values is not None:
                now, today = self.app.clock.now(), self.app.today()
                self.app.apply_change(lambda: self.app.store.update_routine(
                    row.routine.id, lambda current: edit_routine(current, now, today, from_text=True, **values), "edit"))

        self.app.push_screen(RoutineFormDialog(self.app.today(), self.app.clock.now(), row.routine), save)

    def action_pause(self) -> None:
        row = self.highlighted_row()
        if row is not None:
            paused = not row.routine.paused
            self.app.apply_change(lambda: self.app.store.pause_routine(row.routine.id, paused),
                                  lambda routine: f"{'Paused' if paused else 'Resumed'}: {routine.name}")

    def action_add_today(self) -> None:
        row = self.highlighted_row()
        if row is not None:
            self.app.apply_change(lambda: self.app.store.add_routine_instance(row.routine.id, self.app.today()),
                                  lambda task: f"On today's list: {task.title}")

    def action_delete(self) -> None:
        row = self.highlighted_row()
        if row is None:
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.app.apply_change(lambda: self.app.store.remove_routine(row.routine.id),
                                      lambda routine: f"Deleted {routine.name} (u brings it back)")

        self.app.push_screen(ConfirmDialog(
            "Delete the routine?",
            f"{row.routine.name} stops recurring. Instances already on a day's list stay there."), confirmed)

    def action_show_details(self) -> None:
        row = self.highlighted_row()
        if row is not None:
            try:
                trend = history(self.app.store, row.routine)
            except DataFileError as error:
                self.app.show_data_problem(error)
                return
            self.app.push_screen(RoutineDetailsDialog(row, trend))

    def action_import_starters(self) -> None:
        templates = starter_routines(self.app.clock.now(), self.app.today())
        existing = {row.routine.name.lower() for row in self.rows}
        if all(routine.name.lower() in existing for routine in templates.values()):
            self.app.notify("Every starter routine is added already.")
            return

        def save(keys: list[str] | None) -> None:
            if keys:
                chosen = [templates[key] for key in keys]
                self.app.apply_change(
                    lambda: self.app.store.add_routines(chosen, f"add starter routines ({', '.join(r.name for r in chosen)})"),
                    lambda added: f"Added {', '.join(routine.name for routine in added)} (u takes them back)")

        self.app.push_screen(StartersDialog(templates, existing), save)

    def action_close(self) -> None:
        self.app.pop_screen()
