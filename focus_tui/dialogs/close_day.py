"""Closing a day: every unfinished task gets a decision (tomorrow, backlog or drop), one key each
or all at once, so nothing is carried silently. Each decision is saved as it is made."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from focus_tui.domain.tasks import Task
from focus_tui.screens.kept import stop_watching_data
from focus_tui.screens.restyle import RestylesOnlyStale

DECISION_WORDS = {"tomorrow": "moved on", "backlog": "to the backlog", "drop": "dropped"}


class CloseDayDialog(RestylesOnlyStale, ModalScreen[bool]):
    """Returns True once the day is closed; False when left with decisions still to make."""

    SCOPED_CSS = False  # written as in focus.tcss, parsed on first opening (see there)
    DEFAULT_CSS = """
    #close-items {
        height: auto;
        max-height: 12;
        border: none;
        background: $surface;
    }
    """

    BINDINGS = [
        Binding("t", "decide('tomorrow')", "Next day", id="close.tomorrow", tooltip="Move it to the next day"),
        Binding("b", "decide('backlog')", "Backlog", id="close.backlog", tooltip="Take it off the days: the backlog"),
        Binding("d", "decide('drop')", "Drop", id="close.drop", tooltip="Drop it: it will not be done"),
        Binding("T", "decide_all('tomorrow')", "All next day", id="close.all_tomorrow",
                tooltip="Move every unfinished task to the next day and close"),
        Binding("B", "decide_all('backlog')", "All backlog", id="close.all_backlog",
                tooltip="Send every unfinished task to the backlog and close"),
        Binding("D", "decide_all('drop')", "All drop", id="close.all_drop", tooltip="Drop every unfinished task and close"),
        Binding("escape", "leave", "Later", id="close.later", tooltip="Stop here; decisions made so far are kept"),
    ]

    def __init__(self, day: date) -> None:
        super().__init__()
        self.day = day
        self.items: list[Task] = []
        self.decided: dict[int, str] = {}
        """Decisions made here; an overdue task sent to the backlog is still due, so it would
        otherwise come straight back."""

    def compose(self) -> ComposeResult:
        store = self.app.store
        self.items = store.needs_decision(self.day)
        next_day = store.next_day_after(self.day)
        next_word = "tomorrow" if next_day > self.app.today() else "today"
        with Vertical(id="close-day", classes="dialog"):
            yield Label(f"Close {self.day:%a %d %b}: {len(self.items)} unfinished", classes="dialog-title")
            yield OptionList(*[Option(Text(task.title), id=str(task.id)) for task in self.items], id="close-items")
            yield Static(f"t {next_word} · b backlog · d drop · T/B/D all of them · esc later",
                         id="close-hint", classes="dialog-hint")

    def on_mount(self) -> None:
        if not self.items:
            self.call_after_refresh(self._close, {})
            return
        self.watch(self.app, "data_version", self._drop_finished_elsewhere, init=False)

    def on_unmount(self) -> None:
        stop_watching_data(self)  # else the app's watcher keeps this closed screen alive

    def _drop_finished_elsewhere(self, _version: int) -> None:
        """Tasks decided here, or finished in another window or from the CLI meanwhile, leave the list."""
        still = {task.id for task in self.app.store.needs_decision(self.day)} - set(self.decided)
        option_list = self.query_one("#close-items", OptionList)
        for task in [task for task in self.items if task.id not in still]:
            option_list.remove_option(str(task.id))
        self.items = [task for task in self.items if task.id in still]
        self._show_count()

    def _show_count(self) -> None:
        self.query_one(".dialog-title", Label).update(f"Close {self.day:%a %d %b}: {len(self.items)} unfinished")

    def _close(self, decisions: dict[int, str]) -> None:
        review = self.app.apply_change(lambda: self.app.store.close_day(self.day, decisions))
        if review is not None:
            moved = {choice: sum(1 for c in decisions.values() if c == choice) for choice in DECISION_WORDS}
            summary = ", ".join(f"{count} {DECISION_WORDS[choice]}" for choice, count in moved.items() if count)
            self.app.notify(f"Day closed{': ' + summary if summary else ''}.")
            self.dismiss(True)

    def action_decide(self, choice: str) -> None:
        option_list = self.query_one("#close-items", OptionList)
        if option_list.highlighted is None or not self.items:
            return
        task_id = int(option_list.get_option_at_index(option_list.highlighted).id)
        decided = self.app.apply_change(lambda: self.app.store.decide_task(self.day, task_id, choice))
        if decided is None:
            return
        self.decided[task_id] = choice
        self._drop_finished_elsewhere(0)  # also drops the one just decided
        if not self.items:
            self._close(self.decided)

    def action_decide_all(self, choice: str) -> None:
        self._close({**self.decided, **{task.id: choice for task in self.items}})

    def action_leave(self) -> None:
        self.dismiss(False)
