"""Open blockers grouped by cause (or, for people, by person: the next 1:1's agenda), with their age
and an escalation prompt once they have aged past the threshold."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from focus_tui.blocker_views import OpenBlocker, open_blockers, pattern
from focus_tui.dialogs.blocker import BlockerDialog, ResolveDialog
from focus_tui.dialogs.task_details import TaskDetailsDialog
from focus_tui.domain.blockers import Cause
from focus_tui.screens.restyle import RestylesOnlyStale
from focus_tui.storage import DataFileError
from focus_tui.widgets.focus_header import FocusHeader
from focus_tui.widgets.key_bar import KeyBar
from focus_tui.screens.kept import stop_watching_data


def blocker_line(row: OpenBlocker) -> Content:
    """The age and title, then (indented) who and what, then the escalation prompt if it is due."""
    blocker = row.blocker
    parts: list[tuple[str, str]] = [(f"{row.age:>4}  ", "bold $warning" if row.escalate else "bold"),
                                    (row.task.title, "")]
    details = [f"waiting on {blocker.person}"] if blocker.person else []
    if blocker.note:
        details.append(blocker.note)
    if details:
        parts.append(("\n      " + " · ".join(details), "$foreground-muted"))
    if row.escalate:
        parts.append((f"\n      ⚠ {row.prompt}", "bold $warning"))
    return Content.assemble(*parts)


class BlockerList(OptionList):
    """Enter opens the task (OptionList would otherwise take enter for its own selection)."""

    BINDINGS = [Binding("enter", "screen.open_task", "Open task", id="blockers.open_task",
                        tooltip="The task's details and its blocker history")]


class BlockersScreen(RestylesOnlyStale, Screen):
    SCOPED_CSS = False  # written as in focus.tcss, parsed on first opening (see there)
    DEFAULT_CSS = """
    #blocker-list {
        height: 1fr;
        border: none;
        background: $background;
    }
    #blockers-empty, #blockers-pattern {
        color: $foreground-muted;
        height: auto;
    }
    """

    BINDINGS = [
        Binding("r", "resolve", "Resolve", id="blockers.resolve", tooltip="Resolve the highlighted blocker; the task returns to the list"),
        Binding("e", "edit", "Edit", id="blockers.edit", tooltip="Change the cause, the note or the person"),
        Binding("p", "toggle_people", "By person", id="blockers.by_person", tooltip="People blockers by person: the agenda for your next 1:1"),
        Binding("escape,B", "close", "Board", id="blockers.close", tooltip="Back to the board"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[OpenBlocker] = []
        self.by_person = False

    def compose(self) -> ComposeResult:
        yield FocusHeader(id="header")
        with Vertical(id="blockers-body", classes="screen-body"):
            yield Label("", id="blockers-title", classes="screen-title")
            yield BlockerList(id="blocker-list")
            yield Static("", id="blockers-empty", markup=False)
            yield Static("", id="blockers-pattern")
        yield KeyBar()

    def on_mount(self) -> None:
        self.watch(self.app, "data_version", self.refresh_blockers)
        # Ages move with the clock; once a minute is enough for "40m" and "3h".
        self.set_interval(60, self.refresh_blockers, name="blocker-ages")
        self.query_one("#blocker-list", OptionList).focus()

    def on_unmount(self) -> None:
        stop_watching_data(self)  # else the app's watcher keeps this closed screen alive

    def refresh_blockers(self, _version: int = 0) -> None:
        try:
            self.rows = open_blockers(self.app.store, self.app.config, self.app.clock.now())
            seen = pattern(self.app.store)
        except DataFileError as error:
            self.app.show_data_problem(error)
            return
        option_list = self.query_one("#blocker-list", OptionList)
        keep = option_list.highlighted
        option_list.clear_options()
        for heading, group in self.groups():
            option_list.add_option(Option(heading, disabled=True))
            for row in group:
                option_list.add_option(Option(blocker_line(row), id=str(row.blocker.id)))
        stuck = sum(row.escalate for row in self.rows)
        title = f"Blockers · {len(self.rows)} open" + (f" · {stuck} to raise with your lead" if stuck else "")
        title += "  (by person)" if self.by_person else ""
        self.query_one("#blockers-title", Label).update(title)
        option_list.display = bool(self.rows)
        empty = self.query_one("#blockers-empty", Static)
        empty.display = not self.rows
        empty.update("Nothing is blocked. On the board, b on a task parks it with its cause.")
        self.query_one("#blockers-pattern", Static).update(f"Pattern: {seen}." if seen else "")
        if self.rows:
            enabled = [i for i in range(option_list.option_count) if not option_list.get_option_at_index(i).disabled]
            option_list.highlighted = keep if keep in enabled else enabled[0]

    def groups(self) -> list[tuple[Content, list[OpenBlocker]]]:
        if self.by_person:
            people = [row for row in self.rows if row.blocker.cause is Cause.PEOPLE]
            names = sorted({row.blocker.person or "(no name)" for row in people}, key=str.lower)
            return [(Content.styled(f"{name}", "bold $primary"),
                     [row for row in people if (row.blocker.person or "(no name)") == name]) for name in names]
        groups = []
        for cause in Cause:
            group = [row for row in self.rows if row.blocker.cause is cause]
            if group:
                heading = Content.assemble((f"{cause.value.upper()} ({len(group)})", f"bold $cause-{cause.value}"),
                                           (f"\n  → {cause.remedy}", "italic $foreground-muted"))
                groups.append((heading, group))
        return groups

    def highlighted_row(self) -> OpenBlocker | None:
        option_list = self.query_one("#blocker-list", OptionList)
        if option_list.highlighted is None or not self.rows:
            return None
        option = option_list.get_option_at_index(option_list.highlighted)
        return next((row for row in self.rows if str(row.blocker.id) == option.id), None)

    def action_resolve(self) -> None:
        row = self.highlighted_row()
        if row is None:
            return

        def save(answer):
            if answer is not None:
                self.app.apply_change(
                    lambda: self.app.store.unblock_task(row.task.id, note=answer["note"], root_fixed=answer["root_fixed"]),
                    lambda _blocker: f"Unblocked: {row.task.title}")

        self.app.push_screen(ResolveDialog(row.task.title, row.blocker.cause), save)

    def action_edit(self) -> None:
        row = self.highlighted_row()
        if row is None:
            return

        def save(answer):
            if answer is not None:
                self.app.apply_change(lambda: self.app.store.edit_blocker(
                    row.blocker.id, cause=answer["cause"], note=answer["note"], person=answer["person"]))

        blocker = row.blocker
        self.app.push_screen(BlockerDialog(row.task.title, cause=blocker.cause, note=blocker.note,
                                           person=blocker.person, heading="Edit the blocker"), save)

    def action_open_task(self) -> None:
        row = self.highlighted_row()
        if row is not None:
            history = [b for b in self.app.store.blockers(include_archived=True) if b.task_id == row.task.id]
            self.app.push_screen(TaskDetailsDialog(row.task, blockers=history))

    def action_toggle_people(self) -> None:
        self.by_person = not self.by_person
        self.refresh_blockers()

    def action_close(self) -> None:
        self.app.pop_screen()
