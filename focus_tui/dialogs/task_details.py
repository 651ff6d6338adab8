"""Everything recorded about one task, read-only."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from focus_tui.domain.blockers import Blocker
from focus_tui.domain.tasks import Task
from focus_tui.screens.restyle import RestylesOnlyStale


def blocker_history(blockers: list[Blocker]) -> Text:
    lines = Text()
    for blocker in sorted(blockers, key=lambda b: b.opened):
        lines.append(f"{blocker.opened:%a %d %b %H:%M} {blocker.cause.value}", style="bold")
        if blocker.person:
            lines.append(f" · waiting on {blocker.person}")
        if blocker.note:
            lines.append(f" · {blocker.note}")
        if blocker.resolved:
            how = {True: "root cause fixed", False: "worked around", None: "resolved"}[blocker.root_fixed]
            lines.append(f"\n  {how} {blocker.resolved:%a %d %b %H:%M}", style="dim")
            if blocker.resolution:
                lines.append(f": {blocker.resolution}", style="dim")
        else:
            lines.append("\n  still open", style="dim")
        lines.append("\n")
    return lines


def details_table(task: Task, key_text: str | None, blockers: list[Blocker] | None = None) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="dim", no_wrap=True)
    table.add_column(ratio=1)
    rows = [
        ("title", task.title), ("why", task.purpose), ("notes", task.notes),
        ("category", task.category.value), ("kind", f"#{task.kind}" if task.kind else ""),
        ("estimate", f"{task.minutes} min" if task.minutes else ""), ("status", task.status.value),
        ("day", task.day.isoformat() if task.day else "backlog"), ("due", task.due.isoformat() if task.due else ""),
        ("serves", key_text or ""), ("directive", "yes, from your lead" if task.directive else ""),
        ("created", f"{task.created:%Y-%m-%d %H:%M}"), ("changed", f"{task.changed:%Y-%m-%d %H:%M}"),
        ("finished", f"{task.finished:%Y-%m-%d %H:%M}" if task.finished else ""), ("id", str(task.id)),
    ]
    for name, value in rows:
        if value:
            table.add_row(name, Text(value))
    if blockers:
        table.add_row("blockers", blocker_history(blockers))
    return table


class TaskDetailsDialog(RestylesOnlyStale, ModalScreen[None]):
    BINDINGS = [Binding("escape,enter,q", "close", "Close", id="details.close", tooltip="Back to the board")]

    def __init__(self, task: Task, key_text: str | None = None, blockers: list[Blocker] | None = None) -> None:
        super().__init__()
        self.task_shown = task
        self.key_text = key_text
        self.blockers = blockers or []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Task", classes="dialog-title")
            with VerticalScroll(id="details"):
                yield Static(details_table(self.task_shown, self.key_text, self.blockers))
            yield Static("e edits on the board · esc closes", classes="dialog-hint")

    def action_close(self) -> None:
        self.dismiss(None)
