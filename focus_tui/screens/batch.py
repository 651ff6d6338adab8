"""Running a batch: a large countdown against the wall clock, the current item, and the rest."""

from __future__ import annotations

from datetime import timedelta

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Digits, Label, OptionList, Static
from textual.widgets.option_list import Option

from focus_tui.dialogs.blocker import BlockerDialog
from focus_tui.dialogs.text_prompt import TextPromptDialog
from focus_tui.domain.batching import (
    BatchRun, add_item, end_run, extend, format_countdown, pause_or_resume, skip_to_end,
)
from focus_tui.domain.quickadd import parse_quick_add
from focus_tui.domain.tasks import Status, Task, new_task
from focus_tui.notifications import announce
from focus_tui.screens.restyle import RestylesOnlyStale
from focus_tui.storage import StorageError
from focus_tui.widgets.focus_header import FocusHeader
from focus_tui.widgets.stage_card import progress_bar
from focus_tui.widgets.key_bar import KeyBar
from focus_tui.screens.kept import stop_watching_data


class CarryOverDialog(RestylesOnlyStale, ModalScreen[None]):
    """At the end of a timebox every unfinished item gets a decision: next batch or tomorrow."""

    SCOPED_CSS = False  # written as in focus.tcss, parsed on first opening (see there)
    DEFAULT_CSS = """
    #carry-items {
        height: auto;
        max-height: 100%;
        border: none;
        background: $background;
    }
    """

    BINDINGS = [
        Binding("n", "decide('next')", "Next batch", id="carry.next", tooltip="Keep it for the next batch of its kind"),
        Binding("t", "decide('tomorrow')", "Tomorrow", id="carry.tomorrow", tooltip="Move it to tomorrow"),
        Binding("N", "decide_all('next')", "All next", id="carry.all_next", tooltip="Keep every unfinished item for the next batch"),
        Binding("T", "decide_all('tomorrow')", "All tomorrow", id="carry.all_tomorrow", tooltip="Move every unfinished item to tomorrow"),
    ]

    def __init__(self, items: list[Task], reason: str = "timebox") -> None:
        super().__init__()
        self.items = items
        self.reason = reason

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            heading = "Time is up." if self.reason == "timebox" else "Batch stopped."
            yield Label(f"{heading} What happens to the rest?", classes="dialog-title")
            yield OptionList(*[Option(Text(task.title), id=str(task.id)) for task in self.items], id="carry-items")
            yield Static("n next batch · t tomorrow · N all next · T all tomorrow", classes="dialog-hint")

    def _apply(self, task_ids: list[int], choice: str) -> None:
        if choice == "tomorrow":
            tomorrow = self.app.today() + timedelta(days=1)
            for task_id in task_ids:
                self.app.apply_change(lambda task_id=task_id: self.app.store.edit_task(task_id, day=tomorrow))
        remaining = [task for task in self.items if task.id not in task_ids]
        self.items = remaining
        option_list = self.query_one("#carry-items", OptionList)
        for task_id in task_ids:
            option_list.remove_option(str(task_id))
        if not remaining:
            self.dismiss(None)

    def action_decide(self, choice: str) -> None:
        option_list = self.query_one("#carry-items", OptionList)
        if option_list.highlighted is not None:
            self._apply([int(option_list.get_option_at_index(option_list.highlighted).id)], choice)

    def action_decide_all(self, choice: str) -> None:
        self._apply([task.id for task in self.items], choice)


class BatchScreen(RestylesOnlyStale, Screen):
    SCOPED_CSS = False  # written as in focus.tcss, parsed on first opening (see there)
    DEFAULT_CSS = """
    #countdown {
        width: auto;
        margin: 1 0 0 0;
    }
    #batch-current {
        margin: 1 0;
        height: auto;
    }
    #batch-rest {
        height: auto;
    }
    """

    BINDINGS = [
        Binding("space,x", "done_item", "Done", id="batch.done", tooltip="The current item is done"),
        Binding("n", "skip_item", "Skip", id="batch.skip", tooltip="Skip the current item to the end of the batch"),
        Binding("a", "add_item", "Add", id="batch.add", tooltip="Add an item of this kind to the batch"),
        Binding("p", "pause", "Pause", id="batch.pause", tooltip="Pause or resume the timer"),
        Binding("plus", "extend", "+5 min", id="batch.extend", tooltip="Extend the timebox by 5 minutes"),
        Binding("b", "block_item", "Blocked", id="batch.block", tooltip="Name what blocks the current item"),
        Binding("escape", "stop", "Stop", id="batch.stop", tooltip="Stop the batch; unfinished items get a decision"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.run: BatchRun | None = None
        self.ending = False

    def compose(self) -> ComposeResult:
        yield FocusHeader(id="header")
        with Vertical(id="batch-body", classes="screen-body"):
            yield Label("", id="batch-title", classes="screen-title")
            yield Digits("00:00", id="countdown")
            yield Static("", id="batch-bar")
            yield Static("", id="batch-current")
            yield Static("", id="batch-rest")
        yield KeyBar()

    def on_mount(self) -> None:
        self.watch(self.app, "data_version", self.refresh_batch)
        self.set_interval(1, self.tick, name="batch-countdown")

    def on_unmount(self) -> None:
        stop_watching_data(self)  # else the app's watcher keeps this closed screen alive

    def refresh_batch(self, _version: int = 0) -> None:
        self.run = self.app.store.active_run()
        if self.run is None:
            if self.is_current:
                self.app.pop_screen()
            return
        tasks = {task.id: task for task in self.app.store.tasks()}
        open_ids = [i for i in self.run.open_items() if i in tasks and tasks[i].status is Status.TODO]
        current = tasks[open_ids[0]] if open_ids else None
        done = len(self.run.done)
        self.query_one("#batch-title", Label).update(
            f"{self.run.kind} batch · {done}/{len(self.run.planned)} done" + (" · paused" if self.run.is_paused else ""))
        self.query_one("#batch-current", Static).update(
            Text.assemble(("now  ", "bold"), current.title) if current else Text("All items done. esc ends the batch.", style="bold"))
        rest = Text()
        for task_id in open_ids[1:]:
            rest.append(f"next {tasks[task_id].title}\n", style="dim")
        self.query_one("#batch-rest", Static).update(rest)
        self.current_task = current
        self.tick()

    def tick(self) -> None:
        if self.run is None:
            return
        now = self.app.clock.now()
        remaining = self.run.remaining_seconds(now)
        self.query_one("#countdown", Digits).update(format_countdown(remaining))
        total = self.run.total_seconds
        bar = progress_bar(1 - remaining / total if total else 1, max(self.size.width - 4, 10), "$primary")
        self.query_one("#batch-bar", Static).update(bar)
        if remaining == 0 and not self.ending and not self.run.is_paused:
            self.ending = True
            announce(self.app, "timebox", f"The {self.run.kind} timebox is over.", title="Time is up")
            self.finish("timebox")

    def _change(self, change, verb: str) -> None:
        if self.run is not None:
            self.app.apply_change(lambda: self.app.store.update_run(self.run.id, change, verb))

    def action_done_item(self) -> None:
        task = getattr(self, "current_task", None)
        if task is not None and self.run is not None:
            self.app.apply_change(lambda: self.app.store.finish_batch_item(self.run.id, task.id))

    def action_skip_item(self) -> None:
        task = getattr(self, "current_task", None)
        if task is not None:
            self._change(lambda run: skip_to_end(run, task.id), "skip in batch")

    def action_pause(self) -> None:
        now = self.app.clock.now()
        self._change(lambda run: pause_or_resume(run, now), "pause or resume the batch")

    def action_extend(self) -> None:
        self._change(extend, "extend the batch")

    def action_add_item(self) -> None:
        if self.run is None:
            return
        kind = self.run.kind

        def save(line: str | None) -> None:
            if not line:
                return
            parsed = parse_quick_add(line, self.app.today(), self.app.config.week_start)
            fields = {"day": self.app.today(), "small": True, **parsed.fields}
            if kind != "misc":
                fields["kind"] = kind

            def add_to_batch():
                task = self.app.store.add_task(new_task(parsed.title, self.app.clock.now(), **fields))
                return self.app.store.update_run(self.run.id, lambda run: add_item(run, task.id), "add to batch")

            self.app.apply_change(add_to_batch)

        self.app.push_screen(TextPromptDialog(f"Add to the {kind} batch", placeholder="Reply to Bob ~5m"), save)

    def action_block_item(self) -> None:
        task = getattr(self, "current_task", None)
        if task is None:
            return

        def save(answer):
            if answer is not None:
                self.app.apply_change(lambda: self.app.store.block_task(
                    task.id, answer["cause"], note=answer["note"], person=answer["person"]),
                    lambda blocker: f"Blocked ({blocker.cause.value}). First move: {blocker.cause.remedy}.")

        self.app.push_screen(BlockerDialog(task.title), save)

    def action_stop(self) -> None:
        self.finish("stopped")

    def finish(self, reason: str) -> None:
        """End the run; then each unfinished item gets a decision."""
        run = self.run
        if run is None:
            return
        tasks = {task.id: task for task in self.app.store.tasks()}
        unfinished = [tasks[i] for i in run.open_items() if i in tasks and tasks[i].status is Status.TODO]
        now = self.app.clock.now()
        try:
            self.app.store.update_run(run.id, lambda current: end_run(current, now, reason), "end the batch")
        except StorageError as error:
            self.app.notify(str(error), severity="error")
            return
        self.app.data_version += 1
        if unfinished:
            self.app.push_screen(CarryOverDialog(unfinished, reason))
