"""The batch queue: today's small tasks grouped by kind into timeboxes, ready to run one by one."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from focus_tui.dialogs.text_prompt import TextPromptDialog
from focus_tui.batch_views import rules_from, switches_today, todays_batches
from focus_tui.domain.batching import Batch, item_minutes, start_run
from focus_tui.domain.periods import Stage
from focus_tui.domain.quickadd import parse_quick_add
from focus_tui.domain.tasks import new_task
from focus_tui.domain.validation import ValidationError, clean_kind
from focus_tui.screens.kept import KeptScreen
from focus_tui.stages import stage_view
from focus_tui.widgets.focus_header import FocusHeader
from focus_tui.widgets.key_bar import KeyBar
from focus_tui.widgets.unchanged import update_static


class BatchList(OptionList):
    BINDINGS = [
        Binding("enter,s", "screen.start_batch", "Start", id="queue.start", tooltip="Start the batch of the highlighted line"),
        Binding("a", "screen.add_to_batch", "Add", id="queue.add", tooltip="Add a small task straight into this batch"),
        Binding("m", "screen.move_item", "Move", id="queue.move", tooltip="Move the highlighted item to another kind (batch)"),
    ]


class QueueScreen(KeptScreen):
    """Kept between openings (see KeptScreen): `QueueScreen.kept_for(app)` is the one to push."""

    SCOPED_CSS = False  # written as in focus.tcss, parsed on first opening (see there)
    DEFAULT_CSS = """
    #queue-key {
        height: auto;
    }
    #batch-list {
        height: auto;
        max-height: 100%;
        border: none;
        background: $background;
    }
    """

    BINDINGS = [Binding("escape,Q", "close", "Board", id="queue.close", tooltip="Back to the board")]

    def __init__(self) -> None:
        super().__init__()
        self.batches: list[Batch] = []
        self.line_batch: dict[str, int] = {}
        self._shown_lines: list[tuple] = []

    @classmethod
    def kept_for(cls, app) -> "QueueScreen":
        return cls.kept(app, "queue", cls)

    def compose(self) -> ComposeResult:
        yield FocusHeader(id="header")
        with Vertical(id="queue-body", classes="screen-body"):
            yield Static("", id="queue-key")
            yield Label("", id="queue-title", classes="screen-title")
            yield BatchList(id="batch-list")
            yield Static("", id="queue-empty", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#batch-list").focus()

    def start_afresh(self) -> None:
        option_list = self.query_one("#batch-list", OptionList)
        if option_list.highlighted:
            option_list.highlighted = None  # the first line, as on a new queue (refresh_queue puts it there)
        option_list.scroll_home(animate=False, immediate=True)
        option_list.focus()

    def show_data(self) -> None:
        self.refresh_queue()

    def refresh_queue(self, _version: int = 0) -> None:
        store, config, today = self.app.store, self.app.config, self.app.today()
        rules = rules_from(config)
        self.batches = todays_batches(store, config, today)
        day = stage_view(store, config, Stage.DAY, today).key
        update_static(self.query_one("#queue-key", Static),
                     Content.assemble(("DAY     ", "bold $primary"), (day.text, "bold")) if day
                     else Content.styled("No key task for today: state it on the board.", "$foreground-muted"))
        saved = switches_today(store, config, today)[2]
        option_list = self.query_one("#batch-list", OptionList)
        keep = option_list.highlighted
        # The same lines as shown are left alone: rebuilding them throws away their drawn lines.
        lines = [(batch.kind, len(batch.items), batch.timebox,
                  tuple((task.id, task.title, item_minutes(task, rules)) for task in batch.items))
                 for batch in self.batches]
        if lines != self._shown_lines:
            self._shown_lines = lines
            self.line_batch = {}
            options = []
            for index, (kind, count, timebox, items) in enumerate(lines):
                heading_id = f"batch-{index}"
                self.line_batch[heading_id] = index
                options.append(Option(Content.assemble(
                    (f"{kind}", "bold $primary"), (f" · {count} item{'' if count == 1 else 's'} · {timebox} min", "")),
                    id=heading_id))
                for task_id, title, minutes in items:
                    line_id = f"item-{task_id}"
                    self.line_batch[line_id] = index
                    options.append(Option(Text(f"   {title}  {minutes}m"), id=line_id))
            option_list.clear_options().add_options(options)
        active = store.active_run()
        title = f"Batches · {sum(len(b.items) for b in self.batches)} small tasks · switches saved today: {saved}"
        if active:
            title += f" · the {active.kind} batch is running"
        update_static(self.query_one("#queue-title", Label), title)
        option_list.display = bool(self.batches)
        empty = self.query_one("#queue-empty", Static)
        empty.display = not self.batches
        update_static(empty, f"No small tasks today. A task is small with an estimate of {rules.small_task_minutes} min or less: "
                     "on the board, a then e.g. Reply to Ana #email ~5m.")
        if self.batches:
            option_list.highlighted = min(keep or 0, option_list.option_count - 1)

    def highlighted(self) -> tuple[Batch | None, int | None]:
        option_list = self.query_one("#batch-list", OptionList)
        if option_list.highlighted is None or not self.batches:
            return None, None
        option_id = option_list.get_option_at_index(option_list.highlighted).id
        batch = self.batches[self.line_batch[option_id]]
        task_id = int(option_id.split("-", 1)[1]) if option_id.startswith("item-") else None
        return batch, task_id

    def action_start_batch(self) -> None:
        batch, _ = self.highlighted()
        if batch is None:
            return
        run = start_run(batch, self.app.clock.now(), rules_from(self.app.config))
        if self.app.apply_change(lambda: self.app.store.start_batch(run)) is not None:
            from focus_tui.screens.batch import BatchScreen

            self.app.push_screen(BatchScreen())

    def action_add_to_batch(self) -> None:
        batch, _ = self.highlighted()
        kind = batch.kind if batch else None

        def save(line: str | None) -> None:
            if not line:
                return
            parsed = parse_quick_add(line, self.app.today(), self.app.config.week_start)
            fields = {"day": self.app.today(), "small": True, **parsed.fields}
            if kind and kind != "misc" and "kind" not in parsed.fields:
                fields["kind"] = kind
            self.app.apply_change(lambda: self.app.store.add_task(new_task(parsed.title, self.app.clock.now(), **fields)))

        self.app.push_screen(TextPromptDialog(f"Add a small task{f' to {kind}' if kind else ''}",
                                              placeholder="Reply to Bob #email ~5m"), save)

    def action_move_item(self) -> None:
        _, task_id = self.highlighted()
        if task_id is None:
            self.app.notify("Highlight an item to move it to another kind.")
            return

        def check(text: str) -> str | None:
            try:
                clean_kind(text)
            except ValidationError as error:
                return str(error)
            return None

        def save(kind: str | None) -> None:
            if kind:
                self.app.apply_change(lambda: self.app.store.edit_task(task_id, kind=kind))

        self.app.push_screen(TextPromptDialog("Move to kind", placeholder="email, forms, calls...", check=check), save)

    def action_close(self) -> None:
        self.app.pop_screen()
