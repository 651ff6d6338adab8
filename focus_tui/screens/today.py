"""Today's tasks, ranked: the first plain list the focus board grows from."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Label, Static

from focus_tui.dialogs.text_prompt import TextPromptDialog
from focus_tui.domain.quickadd import parse_quick_add
from focus_tui.domain.tasks import Status, is_on_day, new_task, ranked
from focus_tui.domain.validation import ValidationError, clean_title
from focus_tui.storage import DataFileError
from focus_tui.widgets.focus_header import FocusHeader
from focus_tui.widgets.task_list import TaskList

QUICK_ADD_HINT = "#kind  ~10m  !planning|!routine|!transactional  ^fri|^tomorrow|^2026-12-01"


class TodayScreen(Screen):
    BINDINGS = [
        Binding("a", "add_task", "Add", id="today.add_task", tooltip="Add a task for today; quick-add markers: " + QUICK_ADD_HINT),
        Binding("space,x", "complete_task", "Done", id="today.complete_task", tooltip="Mark the highlighted task done"),
        Binding("s", "toggle_doing", "Start/stop", id="today.toggle_doing", show=False, tooltip="Mark the highlighted task as in progress, or back to to-do"),
        Binding("e", "edit_task", "Edit", id="today.edit_task", show=False, tooltip="Change the highlighted task's title"),
        Binding("delete,D", "remove_task", "Delete", id="today.remove_task", show=False, tooltip="Delete the highlighted task (u brings it back)"),
        Binding("j", "cursor_down", "Down", id="today.cursor_down", show=False, tooltip="Move down"),
        Binding("k", "cursor_up", "Up", id="today.cursor_up", show=False, tooltip="Move up"),
    ]

    def compose(self) -> ComposeResult:
        yield FocusHeader(id="header")
        yield Static("", id="banner", markup=False)
        with Vertical(id="today"):
            yield Label("", id="today-title")
            yield TaskList(id="tasks")
            yield Static("Nothing planned for today. Press a to add a task.", id="empty", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.watch(self.app, "data_version", self.refresh_tasks)

    @property
    def tasks_list(self) -> TaskList:
        return self.query_one("#tasks", TaskList)

    def refresh_tasks(self, _version: int = 0) -> None:
        store = self.app.store
        banner = self.query_one("#banner", Static)
        banner.display = store.read_only
        if store.read_only:
            banner.update(f"Read-only: {store.data_dir} cannot be written. You can look, not change.")
        day = self.app.today()
        try:
            tasks = ranked([task for task in store.tasks() if is_on_day(task, day)])
        except DataFileError as error:
            self.app.show_data_problem(error)
            return
        option_list = self.tasks_list
        option_list.show_tasks(tasks)
        open_count = sum(task.status is not Status.BLOCKED for task in tasks)
        title = Text(f"Today · {open_count} open")
        if tasks:
            title.append("   P planning · R routine · T transactional", style="dim not bold")
        self.query_one("#today-title", Label).update(title)
        option_list.display = bool(tasks)
        self.query_one("#empty", Static).display = not tasks

    def highlighted_task_id(self) -> int | None:
        return self.tasks_list.highlighted_task_id

    # -- actions -----------------------------------------------------------------------------
    def _check_quick_add(self, line: str) -> str | None:
        parsed = parse_quick_add(line, self.app.today(), self.app.config.week_start)
        if parsed.errors:
            return f"{parsed.errors[0][0]}: {parsed.errors[0][1]}"
        try:
            clean_title(parsed.title)
        except ValidationError as error:
            return str(error)
        return None

    def action_add_task(self) -> None:
        def save(line: str | None) -> None:
            if line is None:
                return
            parsed = parse_quick_add(line, self.app.today(), self.app.config.week_start)
            fields = {"day": self.app.today(), **parsed.fields}
            task = self.app.apply_change(
                lambda: self.app.store.add_task(new_task(parsed.title, self.app.clock.now(), **fields)),
            )
            if task is not None:
                self.tasks_list.highlight_task(task.id)

        self.app.push_screen(
            TextPromptDialog("New task", placeholder="Reply to Ana #email ~10m", hint=QUICK_ADD_HINT, check=self._check_quick_add),
            save,
        )

    def action_complete_task(self) -> None:
        task_id = self.highlighted_task_id()
        if task_id is None:
            self.app.notify("No task to complete. Press a to add one.")
            return
        self.app.apply_change(lambda: self.app.store.complete_task(task_id), lambda task: f"Done: {task.title}")

    def action_toggle_doing(self) -> None:
        task_id = self.highlighted_task_id()
        if task_id is None:
            return
        current = self.app.store.task(task_id).status
        status = Status.TODO if current is Status.DOING else Status.DOING
        self.app.apply_change(lambda: self.app.store.edit_task(task_id, status=status))

    def action_edit_task(self) -> None:
        task_id = self.highlighted_task_id()
        if task_id is None:
            return

        def save(title: str | None) -> None:
            if title is not None:
                self.app.apply_change(lambda: self.app.store.edit_task(task_id, title=title))

        def check(text: str) -> str | None:
            try:
                clean_title(text)
            except ValidationError as error:
                return str(error)
            return None

        title = self.app.store.task(task_id).title
        self.app.push_screen(TextPromptDialog("Edit task", value=title, check=check), save)

    def action_remove_task(self) -> None:
        task_id = self.highlighted_task_id()
        if task_id is None:
            return
        self.app.apply_change(
            lambda: self.app.store.remove_task(task_id), lambda task: f"Deleted: {task.title} (u to undo)"
        )

    def action_cursor_down(self) -> None:
        self.tasks_list.action_cursor_down()

    def action_cursor_up(self) -> None:
        self.tasks_list.action_cursor_up()
