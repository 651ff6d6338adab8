"""The focus board: the key task of the quarter, week and day with their pace, and today's ranked work."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Vertical
from textual.content import Content
from textual.geometry import Region
from textual.screen import Screen
from textual.strip import Strip
from textual.widgets import Input, Label, Static

from focus_tui.blocker_views import counts as blocker_counts, open_blockers
from focus_tui.domain.keytasks import (
    add_micro_goal, clean_progress, edit_key_task, format_amount, new_key_task,
    remove_micro_goal, toggle_micro_goal,
)
from focus_tui.domain.periods import Stage
from focus_tui.domain.tasks import Status, Task, board_ranked, is_on_day, new_task, reorder_positions
from focus_tui.domain.validation import ValidationError, clean_title
from focus_tui.remembered import Remembered
from focus_tui.screens.restyle import RestylesOnlyStale
from focus_tui.routine_views import flags_line, routine_flags_for_day
from focus_tui.stages import (
    PARENT, STAGES, StageView, catch_up_goal, log_stage_progress, period_of, set_key_task, stage_views,
)
from focus_tui.startup_cache import DiskCachedStylesheet
from focus_tui.storage import DataFileError
from focus_tui.storage.routines import ROUTINES
from focus_tui.storage.store import BLOCKERS, TASKS
from focus_tui.widgets.focus_header import FocusHeader
from focus_tui.widgets.stage_card import StageCard
from focus_tui.widgets.task_list import TaskList
from focus_tui.widgets.unchanged import update_static
from focus_tui.widgets.key_bar import KeyBar

# Dialogs and quick-add parsing are imported in the methods that use them: the first frame of the
# board needs none of them, and every start would pay for importing them all.

QUICK_ADD_HINT = "#kind  ~10m  !planning|!routine|!transactional  ^fri|^tomorrow|^2026-12-01"
STAGE_NAMES = {Stage.QUARTER: "quarter", Stage.WEEK: "week", Stage.DAY: "day"}

def describe_quick_add(fields: dict[str, Any]) -> str:
    parts = []
    if "kind" in fields:
        parts.append(f"kind #{fields['kind']}")
    if "minutes" in fields:
        parts.append(f"{fields['minutes']} min")
    if "category" in fields:
        parts.append(fields["category"].value)
    if "day" in fields:
        parts.append(f"on {fields['day']:%a %d %b}")
    return " · ".join(parts)


class BoardScreen(RestylesOnlyStale, Screen):
    AUTO_FOCUS = "#tasks"  # the list, not the first card, has focus in the very first frame
    # Task keys live on the list (TaskList.BINDINGS), so they never act on a task while a card is focused.
    BINDINGS = [
        Binding("a", "add_task", "Add", id="board.add_task", tooltip="Add a task for today; quick-add markers: " + QUICK_ADD_HINT),
        Binding("Q", "open_queue", "Queue", id="board.open_queue", tooltip="Small tasks in batches of one kind, each in a timebox"),
        Binding("R", "open_review", "Review", id="board.open_review", tooltip="Today's review: what was planned, done and blocked; close the day"),
        Binding("O", "open_okrs", "OKRs", id="board.open_okrs", show=False, tooltip="The quarter's objectives and key results"),
        Binding("B", "open_blockers", "Blockers", id="board.open_blockers", show=False, tooltip="Open blockers by cause, with their age"),
        Binding("P", "open_routines", "Routines", id="board.open_routines", show=False, tooltip="Procedures: routine checklists, their recurrence and key variables"),
        Binding("slash", "filter_tasks", "Filter", id="board.filter_tasks", show=False, tooltip="Show only tasks whose title or kind contains some text"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.views: dict[Stage, StageView] = {}
        self.shown_day: date | None = None
        self.filter_text = ""
        self.filter_input: Input | None = None
        """Made when `/` is first pressed: most starts never filter, and even hidden it would be
        styled and mounted before the first frame."""
        self.first_run_started = False
        self._parts = Remembered()
        """Parts of the board, made again only when their data changes: see refresh_board."""
        self._background: tuple[tuple, list[Strip]] | None = None

    def render_lines(self, crop: Region) -> list[Strip]:
        """The screen's own lines, a blank background, kept while what they are made of is the
        same. Textual draws them again whenever the screen is refreshed, as it is each time a dialog
        over the board closes (about 2 ms of each), though the board's widgets cover all of it."""
        made_from = (crop, self.size, self.styles.background, self.styles.color, self.app.current_theme,
                     tuple(self.get_line_filters()))
        if self._background is not None and self._background[0] == made_from:
            return self._background[1]
        lines = super().render_lines(crop)
        self._background = (made_from, lines)
        return lines

    def _compositor_refresh(self) -> None:
        """Textual throws away every frame composed while a batch update is open (App._display), and
        the app's start-up is one: the board's first frame was composed there and dropped, then
        composed again. Left for the app to ask for once the batch is over (FocusApp._end_batch)."""
        if self.app._batch_count and self is self.app.screen:
            self.app._refresh_after_batch = True
            return
        super()._compositor_refresh()

    def compose(self) -> ComposeResult:
        stylesheet = self.app.stylesheet
        if isinstance(stylesheet, DiskCachedStylesheet):  # styled once: see RestylesOnlyStale
            stylesheet.add_default_css(FocusHeader, Label, Static, Vertical, Container, StageCard, TaskList, KeyBar)
        yield FocusHeader(id="header")
        yield Static("", id="banner", markup=False)
        with Vertical(id="board"):
            with Container(id="cards"):
                for stage in STAGES:
                    yield StageCard(stage)
            yield Static("", id="blockers-panel")
            yield Static("", id="routine-flags", markup=False)
            yield Label("", id="today-title")
            yield TaskList(id="tasks")
            yield Static("", id="empty", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.watch(self.app, "data_version", self.refresh_board)
        self.tasks_list.focus()
        if self.app.store.read_only or not self.app.first_run:
            return
        if not self.app.store.tasks() and not self.app.store.key_tasks(include_archived=True):
            self.call_after_refresh(self.start_first_run)

    @property
    def tasks_list(self) -> TaskList:
        return self.query_one("#tasks", TaskList)

    # -- showing -------------------------------------------------------------------------------
    def refresh_board(self, _version: int = 0) -> None:
        """Show the data as it is now; runs after every change. Widgets whose content is unchanged
        are left alone: any update that asks for a layout arranges the whole screen again."""
        store = self.app.store
        banner = self.query_one("#banner", Static)
        banner.display = store.read_only
        if store.read_only:
            update_static(banner, f"Read-only: {store.data_dir} cannot be written. You can look, not change.")
        today = self.app.today()
        if self.shown_day != today:
            self.shown_day = today
            self.query_one(FocusHeader).tick()
        try:
            self.views = stage_views(store, self.app.config, today)
            tasks = store.tasks()
        except DataFileError as error:
            self.app.show_data_problem(error)
            return
        for card in self.query_one("#cards").children:  # not a query of the whole screen
            if isinstance(card, StageCard):
                card.show(self.views[card.stage])
        day_key = self.views[Stage.DAY].key
        day_key_id = day_key.id if day_key else None
        # Each part below is worked out again only when what it is made of changed: a change to a
        # key task (logging progress) leaves the list, the blockers and the routine flags as they were.
        config = self.app.config
        carried, todays = self._parts.get("rows", (store.versions(TASKS), today, day_key_id),
                                     lambda: self._ranked_rows(tasks, today, day_key_id))
        self._show_blockers_panel(self._parts.get("blockers", (store.versions(TASKS, BLOCKERS), today, config),
                                             lambda: self._blockers_panel(tasks)))
        flags = self.query_one("#routine-flags", Static)
        flags_text = self._parts.get("flags", (store.versions(TASKS, ROUTINES), today, store.day_start_hour),
                                lambda: flags_line(routine_flags_for_day(store, today, tasks)))
        flags.display = bool(flags_text)
        update_static(flags, flags_text)
        shown = carried + todays
        if self.filter_text:
            needle = self.filter_text.lower()
            shown = [t for t in shown if needle in t.title.lower() or needle in (t.kind or "")]
        self.tasks_list.show_tasks(shown, today=today, day_key_id=day_key_id)
        self._show_title(todays, carried, shown)

    @staticmethod
    def _ranked_rows(tasks: list[Task], today: date, day_key_id: int | None) -> tuple[list[Task], list[Task]]:
        """Open work carried from earlier days (oldest first), and today's work ranked. Blocked work
        leaves the ranked list; the blockers panel keeps it in sight."""
        carried, on_today = [], []
        for task in tasks:
            if task.status is Status.BLOCKED or not task.is_open:
                continue
            if task.day is not None and task.day < today:
                carried.append(task)
            elif is_on_day(task, today):
                on_today.append(task)
        carried.sort(key=lambda t: (t.day, t.id))
        return carried, board_ranked(on_today, day_key_id)

    def _blockers_panel(self, tasks: list[Task]) -> Content | None:
        """The line of open blockers by cause (None when there are none). It depends on the day,
        not the moment: it counts blockers and those to raise, and shows no ages."""
        rows = open_blockers(self.app.store, self.app.config, self.app.clock.now(), tasks)
        if not rows:
            return None
        by_cause = blocker_counts(rows)
        parts: list[tuple[str, str]] = [(f"⊘ {len(rows)} blocked: ", "bold $warning")]
        for index, (cause, count) in enumerate((cause, count) for cause, count in by_cause.items() if count):
            if index:
                parts.append((" · ", ""))
            parts.append((f"{cause.value} {count}", f"$cause-{cause.value}"))  # the theme's cause colour
        stuck = sum(row.escalate for row in rows)
        if stuck:
            parts.append((f" · ⚠ {stuck} to raise", "bold $warning"))
        parts.append(("  (B)", "$foreground-muted"))
        return Content.assemble(*parts)

    def _show_blockers_panel(self, line: Content | None) -> None:
        panel = self.query_one("#blockers-panel", Static)
        panel.display = line is not None
        if line is not None:
            update_static(panel, line)

    def action_open_queue(self) -> None:
        from focus_tui.screens.queue import QueueScreen

        if self.app.store.active_run() is not None:
            from focus_tui.screens.batch import BatchScreen

            self.app.push_screen(BatchScreen())
            return
        self.app.push_screen(QueueScreen.kept_for(self.app))

    def action_open_review(self) -> None:
        from focus_tui.screens.review import DayReviewScreen

        self.app.push_screen(DayReviewScreen.kept_for(self.app, period_of(Stage.DAY, self.app.today(), self.app.config)))

    def action_open_okrs(self) -> None:
        from focus_tui.screens.okr import OkrScreen

        self.app.push_screen(OkrScreen(period_of(Stage.QUARTER, self.app.today(), self.app.config)))

    def action_open_blockers(self) -> None:
        from focus_tui.screens.blockers import BlockersScreen

        self.app.push_screen(BlockersScreen())

    def action_open_routines(self) -> None:
        from focus_tui.screens.routines import RoutinesScreen

        self.app.push_screen(RoutinesScreen())

    def action_block_task(self) -> None:
        from focus_tui.dialogs.blocker import BlockerDialog

        task = self.highlighted_task()
        if task is None:
            self.app.notify("No task here to block.")
            return

        def save(answer):
            if answer is not None:
                self.app.apply_change(
                    lambda: self.app.store.block_task(task.id, answer["cause"], note=answer["note"], person=answer["person"]),
                    lambda blocker: f"Blocked ({blocker.cause.value}). First move: {blocker.cause.remedy}.")

        self.app.push_screen(BlockerDialog.kept_for(self.app, task.title), save)

    def _show_title(self, todays: list[Task], carried: list[Task], shown: list[Task]) -> None:
        open_count = sum(task.status is not Status.BLOCKED for task in todays)
        title = Text(f"Today · {open_count} open")
        if carried:
            title.append(f" · {len(carried)} carried (t keep, d tomorrow, D drop)", style="bold")
        if self.filter_text:
            title.append(f" · filter {self.filter_text!r}: {len(shown)} shown", style="italic")
        elif todays and not carried:
            title.append("   P planning · R routine · T transactional", style="dim not bold")
        update_static(self.query_one("#today-title", Label), title)
        self.tasks_list.display = bool(shown)
        empty = self.query_one("#empty", Static)
        empty.display = not shown
        update_static(empty, "Nothing matches the filter. esc clears it." if self.filter_text
                      else "Nothing planned for today. Press a to add a task.")

    def highlighted_task(self) -> Task | None:
        task_id = self.tasks_list.highlighted_task_id
        if task_id is None:
            return None
        try:
            return self.app.store.task(task_id)
        except Exception:
            return None

    # -- task actions ----------------------------------------------------------------------------
    def _quick_add_problem(self, line: str) -> str | None:
        from focus_tui.domain.quickadd import parse_quick_add

        parsed = parse_quick_add(line, self.app.today(), self.app.config.week_start)
        if parsed.errors:
            return f"{parsed.errors[0][0]}: {parsed.errors[0][1]}"
        try:
            clean_title(parsed.title)
        except ValidationError as error:
            return str(error)
        return None

    def _quick_add_preview(self, line: str) -> str:
        if not line.strip():
            return ""
        from focus_tui.domain.quickadd import parse_quick_add

        parsed = parse_quick_add(line, self.app.today(), self.app.config.week_start)
        if parsed.errors:
            return f"✗ {parsed.errors[0][0]}: {parsed.errors[0][1]}"
        details = describe_quick_add(parsed.fields)
        return f"→ {parsed.title or '(no title yet)'}" + (f"  ·  {details}" if details else "")

    def action_add_task(self, then=None) -> None:
        from focus_tui.dialogs.text_prompt import TextPromptDialog
        from focus_tui.domain.quickadd import parse_quick_add

        def save(line: str | None) -> None:
            if line is not None:
                parsed = parse_quick_add(line, self.app.today(), self.app.config.week_start)
                fields = {"day": self.app.today(), **parsed.fields}
                task = self.app.apply_change(
                    lambda: self.app.store.add_task(new_task(parsed.title, self.app.clock.now(), **fields)))
                if task is not None:
                    self.tasks_list.highlight_task(task.id)
            if then:
                then(line)

        self.app.push_screen(
            TextPromptDialog("New task", placeholder="Reply to Ana #email ~10m", hint=QUICK_ADD_HINT,
                             check=self._quick_add_problem, preview=self._quick_add_preview),
            save,
        )

    def _act(self, change, describe=None) -> None:
        task = self.highlighted_task()
        if task is None:
            self.app.notify("No task here. Press a to add one.")
            return
        self.app.apply_change(lambda: change(task), describe)

    def action_complete_task(self) -> None:
        task = self.highlighted_task()
        if task is not None and task.routine_id is not None:
            from focus_tui.dialogs.routine_checklist import finish_instance

            finish_instance(self.app, task)  # steps left: confirm ticking them all; then the values
            return
        self._act(lambda task: self.app.store.complete_task(task.id), lambda task: f"Done: {task.title}")

    def action_start_task(self) -> None:
        def toggle(task: Task) -> Task:
            if task.status is Status.DOING:
                return self.app.store.edit_task(task.id, status=Status.TODO)
            return self.app.store.start_task(task.id)
        self._act(toggle)

    def action_defer_task(self) -> None:
        tomorrow = self.app.today() + timedelta(days=1)
        self._act(lambda task: self.app.store.edit_task(task.id, day=tomorrow),
                  lambda task: f"Tomorrow: {task.title} (u to undo)")

    def action_keep_task(self) -> None:
        task = self.highlighted_task()
        if task is not None and task.day == self.app.today():
            self.app.notify("It is already on today's list.")
            return
        self._act(lambda task: self.app.store.edit_task(task.id, day=self.app.today()))

    def action_drop_task(self) -> None:
        self._act(lambda task: self.app.store.edit_task(task.id, status=Status.DROPPED),
                  lambda task: f"Dropped: {task.title} (u to undo)")

    def action_remove_task(self) -> None:
        self._act(lambda task: self.app.store.remove_task(task.id),
                  lambda task: f"Deleted: {task.title} (u to undo)")

    def action_toggle_directive(self) -> None:
        self._act(lambda task: self.app.store.edit_task(task.id, directive=not task.directive))

    def action_toggle_link(self) -> None:
        day_key = self.views.get(Stage.DAY).key if self.views.get(Stage.DAY) else None
        if day_key is None:
            self.app.notify("Today has no key task to link to. Tab to the DAY card and press enter.")
            return
        self._act(lambda task: self.app.store.edit_task(
            task.id, key_task_id=None if task.key_task_id == day_key.id else day_key.id))

    def _move(self, step: int) -> None:
        day_key = self.views[Stage.DAY].key
        task_list = self.tasks_list
        ordered = [self.app.store.task(task_id) for task_id in task_list.task_ids]
        index = task_list.highlighted
        if index is None:
            return
        if ordered[index].day and ordered[index].day < self.app.today():
            self.app.notify("Carried tasks are not ranked yet: keep it on today (t) first.")
            return
        positions = reorder_positions(ordered, index, step, day_key.id if day_key else None)
        if positions is None:
            self.app.notify("It is at the edge of its rank; the method's order decides across ranks.")
            return
        self.app.apply_change(lambda: self.app.store.set_positions(positions))

    def action_move_down(self) -> None:
        self._move(+1)

    def action_move_up(self) -> None:
        self._move(-1)

    def action_edit_task(self) -> None:
        from focus_tui.dialogs.text_prompt import TextPromptDialog
        from focus_tui.domain.quickadd import parse_quick_add

        task = self.highlighted_task()
        if task is None:
            return
        line = " ".join(filter(None, [
            task.title, f"#{task.kind}" if task.kind else "", f"~{task.minutes}m" if task.minutes else "",
            f"!{task.category.value}", f"^{task.day.isoformat()}" if task.day else "",
        ]))

        def save(new_line: str | None) -> None:
            if new_line is None:
                return
            parsed = parse_quick_add(new_line, self.app.today(), self.app.config.week_start)
            changes = {"title": parsed.title, "kind": None, "minutes": None, **parsed.fields}
            self.app.apply_change(lambda: self.app.store.edit_task(task.id, **changes))

        self.app.push_screen(TextPromptDialog("Edit task", value=line, hint=QUICK_ADD_HINT,
                                              check=self._quick_add_problem, preview=self._quick_add_preview), save)

    def action_show_details(self) -> None:
        task = self.highlighted_task()
        if task is None:
            return
        if task.steps:
            from focus_tui.dialogs.routine_checklist import open_checklist

            open_checklist(self.app, task)  # a routine instance: its checklist
            return
        key_text = None
        if task.key_task_id:
            try:
                key_text = self.app.store.key_task(task.key_task_id).text
            except Exception:
                key_text = None
        history = [b for b in self.app.store.blockers(include_archived=True) if b.task_id == task.id]
        from focus_tui.dialogs.task_details import TaskDetailsDialog

        self.app.push_screen(TaskDetailsDialog(task, key_text, blockers=history))

    async def action_filter_tasks(self) -> None:
        field = self.filter_input
        if field is None:
            field = Input(placeholder="filter: part of a title or kind; esc clears", id="filter")
            field.cursor_blink = self.app.cursor_blink
            self.filter_input = field
            # Awaited, so the keys typed after `/` reach a mounted field.
            await self.mount(field, before=self.query_one(KeyBar))
        field.display = True
        field.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "filter":
            self.filter_text = event.value.strip()
            self.refresh_board()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "filter":
            event.stop()
            if not self.filter_text:
                event.input.display = False
            self.tasks_list.focus()

    def key_escape(self) -> None:
        field = self.filter_input
        if field is not None and field.display:
            field.value = ""
            field.display = False
            self.filter_text = ""
            self.refresh_board()
            self.tasks_list.focus()

    # -- key tasks (called by the stage cards) -------------------------------------------------------
    def _key_problem(self, stage: Stage):
        def check(values: dict[str, Any]) -> str | None:
            try:
                new_key_task(period_of(stage, self.app.today(), self.app.config), values["text"],
                             self.app.clock.now(), purpose=values["purpose"], target=values["target"],
                             unit=values["unit"], objective=values["objective"])
            except ValidationError as error:
                return str(error)
            return None
        return check

    def _state_key_task(self, stage: Stage, replace: bool, then=None) -> None:
        view = self.views.get(stage)
        parent_stage = PARENT[stage]
        parent = self.views[parent_stage].key if parent_stage else None
        note = f"Serves the {STAGE_NAMES[parent_stage]}'s key task: {parent.text}" if parent else ""
        if then is not None:
            note = ("Welcome. One sentence for each stage: quarter, week, day. esc skips one. " + note).strip()

        def save(values: dict[str, Any] | None) -> None:
            if values is not None:
                self.app.apply_change(lambda: set_key_task(self.app.store, self.app.config, stage,
                                                           values.pop("text"), replace=replace, **values))
            if then:
                then(values)

        label = view.period.label if view else ""
        from focus_tui.dialogs.key_task import KeyTaskDialog

        self.app.push_screen(KeyTaskDialog(f"Key task of the {STAGE_NAMES[stage]} ({label})", note=note,
                                           check=self._key_problem(stage)), save)

    def edit_key_task(self, stage: Stage) -> None:
        key = self.views[stage].key
        if key is None:
            self._state_key_task(stage, replace=False)
            return
        values = {"text": key.text, "purpose": key.purpose, "unit": key.unit, "objective": key.objective,
                  "target": format_amount(key.target).replace(",", "") if key.target else ""}

        def save(typed: dict[str, Any] | None) -> None:
            if typed is not None:
                now = self.app.clock.now()
                self.app.apply_change(lambda: self.app.store.update_key_task(
                    key.id, lambda current: edit_key_task(current, now, **typed), "edit key task"))

        from focus_tui.dialogs.key_task import KeyTaskDialog

        self.app.push_screen(KeyTaskDialog(f"Edit the {STAGE_NAMES[stage]}'s key task", values=values,
                                           check=self._key_problem(stage)), save)

    def new_key_task(self, stage: Stage) -> None:
        key = self.views[stage].key
        if key is None:
            self._state_key_task(stage, replace=False)
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._state_key_task(stage, replace=True)

        from focus_tui.dialogs.confirm import ConfirmDialog

        self.app.push_screen(ConfirmDialog(
            "Replace the key task?",
            f"The {STAGE_NAMES[stage]} already has a key task: {key.text}. "
            "A new one takes its place; the old one stays in history."), confirmed)

    def log_progress(self, stage: Stage) -> None:
        view = self.views[stage]
        key = view.key
        if key is None or key.target is None:
            self.app.notify(f"The {STAGE_NAMES[stage]}'s key task has no target to log progress against; "
                            "press enter on its card to give it one.")
            return
        # The card's figure, in words: today's target on a pacing day, else the pace per pacing day.
        goal = catch_up_goal(view)
        catch_up = "" if goal is None else f" Today's catch-up target: {goal}." if view.pace.today_is_pacing_day \
            else f" Catch-up pace: {goal} a workday."

        def check(text: str) -> str | None:
            try:
                clean_progress(text)
            except ValidationError as error:
                return str(error)
            return None

        def save(amount: str | None) -> None:
            if amount is not None:
                self.app.apply_change(lambda: log_stage_progress(self.app.store, self.app.config, stage, amount))

        from focus_tui.dialogs.text_prompt import TextPromptDialog

        self.app.push_screen(TextPromptDialog.kept_for(
            self.app, "progress-prompt",
            f"Log progress: {key.text}", placeholder=f"amount of {key.unit or 'progress'}, e.g. 250",
            hint=f"Done so far {format_amount(key.done)} of {format_amount(key.target)} {key.unit}.{catch_up} "
                 "A negative amount corrects.", check=check), save)

    def open_micro_goals(self, stage: Stage) -> None:
        key = self.views[stage].key
        if key is None:
            self.app.notify(f"State the {STAGE_NAMES[stage]}'s key task first: press enter on its card.")
            return

        def change(apply, verb):
            def run(argument):
                now = self.app.clock.now()
                return self.app.apply_change(lambda: self.app.store.update_key_task(
                    key.id, lambda current: apply(current, argument, now), verb))
            return run

        from focus_tui.dialogs.micro_goals import MicroGoalsDialog

        self.app.push_screen(MicroGoalsDialog(
            key,
            toggle=change(lambda current, index, now: toggle_micro_goal(current, index, now), "tick a step of"),
            add=change(lambda current, text, now: add_micro_goal(current, text, now), "add a step to"),
            remove=change(lambda current, index, now: remove_micro_goal(current, index, now), "remove a step from"),
        ))

    # -- first run ---------------------------------------------------------------------------------
    def start_first_run(self) -> None:
        """Walk a new person through the three key tasks (each skippable) and a first few tasks."""
        if self.first_run_started:
            return
        self.first_run_started = True
        steps = list(STAGES)

        def next_stage(_values: Any = None) -> None:
            if steps:
                self._state_key_task(steps.pop(0), replace=False, then=next_stage)
            else:
                add_first_tasks()

        def add_first_tasks(line: str | None = "") -> None:
            if line is None:
                self.app.notify("You are set. ? shows every key; tab moves to the cards.", timeout=6)
                return
            self.action_add_task(then=add_first_tasks)

        next_stage()
