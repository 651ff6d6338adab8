"""A quarter's objectives and key results (METHOD section 8): at most three objectives, each scored
by the mean of its two to five key results, with the weekly confidence of reaching it."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any, Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from focus_tui.dialogs.confirm import ConfirmDialog
from focus_tui.dialogs.key_result import Feed, KeyResultDialog, plain_number
from focus_tui.dialogs.text_prompt import TextPromptDialog
from focus_tui.domain.keytasks import KeyTask, format_amount, parse_amount
from focus_tui.domain.okr import (
    MAX_OBJECTIVES, RULE_OF_THREE, KeyResult, Objective, add_key_result, change_key_result, clean_confidence,
    clean_score, edit_objective, record_confidence, remove_key_result,
)
from focus_tui.domain.periods import Period, Stage
from focus_tui.domain.validation import ValidationError, clean_title
from focus_tui.review_views import ObjectiveView, confidence_text, objective_views, score_text
from focus_tui.screens.restyle import RestylesOnlyStale
from focus_tui.stages import STAGES, period_of
from focus_tui.storage import DataFileError
from focus_tui.widgets.focus_header import FocusHeader
from focus_tui.widgets.key_bar import KeyBar
from focus_tui.screens.kept import stop_watching_data

BAR_CELLS = 10
MAX_WIDTH = 100
MIN_TEXT = 24
"""Narrower than this, a key result's progress moves under its text."""
GAP = "  "


def score_bar(score: float | None, cells: int = BAR_CELLS) -> Content:
    filled = round((score or 0.0) * cells)
    return Content.assemble(("█" * filled, "$primary"), ("░" * (cells - filled), "$foreground-muted"))


def beside(prefix: Content, text: Content, right: Content, width: int, indent: int = 0) -> list[Content]:
    """`prefix` then `text` wrapped into the room `right` leaves, `right` at the end of the first
    line; continuation lines line up under the text. Too little room puts `right` on its own line."""
    pad = " " * indent
    hang = " " * prefix.cell_length
    room = width - indent - prefix.cell_length - right.cell_length - len(GAP)
    if room < MIN_TEXT:
        lines = text.wrap(max(width - indent - prefix.cell_length, 4))
        return [pad + prefix + lines[0], *(pad + hang + line for line in lines[1:]), right.right(width)]
    lines = text.wrap(room)
    first = pad + prefix + lines[0].truncate(room, pad=True) + GAP + right
    return [first, *(pad + hang + line for line in lines[1:])]


class OkrList(OptionList):
    """Enter edits the highlighted objective or key result (OptionList would take enter otherwise)."""

    BINDINGS = [Binding("enter", "screen.edit", "Edit", id="okr.enter_edit", show=False,
                        tooltip="Edit the highlighted objective or key result")]


class OkrScreen(RestylesOnlyStale, Screen):
    SCOPED_CSS = False  # written as in focus.tcss, parsed on first opening (see there)
    DEFAULT_CSS = """
    #okr-list {
        height: 1fr;
        border: none;
        padding: 0;
        background: $background;
        scrollbar-size-vertical: 1;
        scrollbar-gutter: stable;
    }
    #okr-empty {
        padding: 1 0;
        color: $foreground-muted;
    }
    """

    BINDINGS = [
        Binding("a", "add_objective", "Objective", id="okr.add_objective",
                tooltip="Add an objective to this quarter (at most three: the rule of three)"),
        Binding("k", "add_key_result", "Key result", id="okr.add_key_result",
                tooltip="Add a measurable key result to the highlighted objective (2-5 each)"),
        Binding("v", "update_value", "Value", id="okr.update_value",
                tooltip="Type the highlighted key result's progress (key results fed by a key task update themselves)"),
        Binding("s", "set_score", "Score", id="okr.set_score", show=False,
                tooltip="Set the highlighted key result's score by hand (0.0-1.0); empty goes back to the computed one"),
        Binding("c", "record_confidence", "Confidence", id="okr.record_confidence",
                tooltip="How sure you are this week of reaching the objective, 1-10 (again the same week replaces it)"),
        Binding("e", "edit", "Edit", id="okr.edit", show=False,
                tooltip="Edit the highlighted objective's text, or the key result's text, target, unit and feed"),
        Binding("D,delete", "delete", "Delete", id="okr.delete", show=False,
                tooltip="Delete the highlighted objective (with its key results) or key result, after asking"),
        Binding("left_square_bracket", "quarter(-1)", "Previous", id="okr.previous_quarter", show=False,
                tooltip="The previous quarter's objectives"),
        Binding("right_square_bracket", "quarter(1)", "Next", id="okr.next_quarter", show=False,
                tooltip="The next quarter's objectives"),
        Binding("escape", "close", "Back", id="okr.close", tooltip="Back to where you came from"),
    ]

    def __init__(self, quarter: Period | None = None) -> None:
        super().__init__()
        self.quarter = quarter
        self.views: tuple[ObjectiveView, ...] = ()
        self.keys: dict[int, KeyTask] = {}
        self.select_id: str | None = None
        """The row to highlight after the next refresh (a key result just added)."""

    # -- building ----------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield FocusHeader(id="header")
        with Vertical(id="okr-body", classes="screen-body"):
            yield Label("", id="okr-title", classes="screen-title")
            yield OkrList(id="okr-list")
            yield Static("", id="okr-empty", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        if self.quarter is None:
            self.quarter = period_of(Stage.QUARTER, self.app.today(), self.app.config)
        self.watch(self.app, "data_version", self.refresh_okr)
        self.query_one("#okr-list", OptionList).focus()

    def on_unmount(self) -> None:
        stop_watching_data(self)  # else the app's watcher keeps this closed screen alive

    def on_resize(self, _event: Resize) -> None:
        self.show_rows()

    def refresh_okr(self, _version: int = 0) -> None:
        try:
            keys = self.app.store.key_tasks(include_archived=True)
            self.views = objective_views(self.app.store, self.quarter, keys)
        except DataFileError as error:
            self.app.show_data_problem(error)
            return
        self.keys = {key.id: key for key in keys if key.id is not None}
        self.show_rows()

    @property
    def is_current(self) -> bool:
        return self.app.today() in self.quarter

    def show_rows(self) -> None:
        if self.quarter is None:
            return
        option_list = self.query_one("#okr-list", OptionList)
        highlighted = option_list.highlighted_option
        keep = self.select_id or (highlighted.id if highlighted else None)
        self.select_id = None
        option_list.clear_options()
        # The body's padding and the list's scrollbar gutter; beyond MAX_WIDTH the eye loses the row.
        width = max(min(self.size.width - 3, MAX_WIDTH), 20)
        # The text's room beside the longest "done / target unit", the score and the gaps.
        compact = width - 3 - len("9.9 ") - self.progress_width - len(GAP) * 2 - len("0.00*") < MIN_TEXT
        for index, view in enumerate(self.views):
            if index:
                option_list.add_option(None)
            option_list.add_option(Option(self.objective_prompt(view, width), id=f"o:{view.objective.id}"))
            for number, kr in enumerate(view.objective.key_results, start=1):
                option_list.add_option(Option(self.kr_prompt(view, number, kr, width, compact),
                                              id=f"k:{view.objective.id}:{number}"))
        label = self.quarter.label
        self.query_one("#okr-title", Label).update(f"Objectives · {label} · {len(self.views)} of {MAX_OBJECTIVES}")
        option_list.display = bool(self.views)
        empty = self.query_one("#okr-empty", Static)
        empty.display = not self.views
        empty.update(f"No objectives for {label} yet. a adds one; at most three, each with 2-5 measurable key results."
                     "\n\n[ and ] show the previous and next quarter.")
        if self.views:
            ids = [option.id for option in option_list.options if option.id]
            option_list.highlighted = option_list.get_option_index(keep if keep in ids else ids[0])

    def objective_prompt(self, view: ObjectiveView, width: int) -> Content:
        objective = view.objective
        right = score_bar(view.score, BAR_CELLS if width >= 50 else 5) + f" {score_text(view.score)} "
        lines = beside(Content.styled(f"{objective.id}  ", "bold $primary"),
                       Content.styled(objective.text, "bold $primary"), right, width)
        history = confidence_text(objective)
        if self.is_current and not self.recorded_this_week(objective):
            history += " · c records this week's"
        lines += [Content(" " * 3) + line for line in Content.styled(history, "$foreground-muted").wrap(width - 3)]
        if objective.warning:
            lines += [Content(" " * 3) + line for line in Content.styled(f"⚠ {objective.warning}", "$warning").wrap(width - 3)]
        return Content("\n").join(lines)

    def kr_prompt(self, view: ObjectiveView, number: int, kr: KeyResult, width: int, compact: bool) -> Content:
        ref = f"{view.objective.id}.{number} "
        overridden = kr.score_override is not None
        score = Content.styled(f"{kr.score(view.fed):.2f}{'*' if overridden else ' '}", "bold")
        progress = kr.describe(view.fed)
        details = []
        if compact:
            details.append(progress)
            right = score
        else:
            right = Content(progress).pad_left(self.progress_width - len(progress)) + GAP + score
        if kr.key_task_id is not None:
            details.append(f"◆ {self.fed_by(kr.key_task_id)}")
        if overridden:
            details.append(f"* score set by hand (computed {kr.computed_score(view.fed):.2f})")
        lines = beside(Content.styled(ref, "$foreground-muted"), Content(kr.text), right, width, indent=3)
        indent = " " * (3 + len(ref))
        for detail in details:
            lines += [Content(indent) + line for line in
                      Content.styled(detail, "$foreground-muted").wrap(max(width - len(indent), 10))]
        return Content("\n").join(lines)

    @property
    def progress_width(self) -> int:
        return max((len(kr.describe(view.fed)) for view in self.views for kr in view.objective.key_results), default=0)

    def fed_by(self, key_id: int) -> str:
        key = self.keys.get(key_id)
        if key is None:
            return f"fed by key task {key_id}, which no longer exists; e unlinks it"
        replaced = " (since replaced; e links the new one)" if not key.is_current else ""
        return f"fed by the {key.stage.value} key task{replaced}"

    def recorded_this_week(self, objective: Objective) -> bool:
        return any(entry.week_start == self.week_start for entry in objective.confidence)

    @property
    def week_start(self):
        return period_of(Stage.WEEK, self.app.today(), self.app.config).start

    # -- the highlighted row -----------------------------------------------------------------
    def highlighted(self) -> tuple[ObjectiveView | None, int | None]:
        """The highlighted objective and, on a key result's row, its number."""
        option = self.query_one("#okr-list", OptionList).highlighted_option
        if option is None or not option.id or not self.views:
            return None, None
        _kind, objective_id, *number = option.id.split(":")
        view = next((view for view in self.views if str(view.objective.id) == objective_id), None)
        return view, int(number[0]) if view is not None and number else None

    def highlighted_objective(self) -> Objective | None:
        view, _number = self.highlighted()
        if view is None:
            self.app.notify("Add an objective first: a.", severity="warning")
        return view.objective if view is not None else None

    def highlighted_kr(self, doing: str) -> tuple[ObjectiveView, int, KeyResult] | None:
        view, number = self.highlighted()
        if view is None or number is None:
            self.app.notify(f"Highlight a key result first (↑↓) to {doing}.", severity="warning")
            return None
        return view, number, view.objective.key_results[number - 1]

    def change_objective(self, objective: Objective, change: Callable[[Objective, Any], Objective], verb: str,
                         describe: Callable[[Objective], str]) -> Objective | None:
        """Apply `change(objective, now)` to the freshest copy under the store's lock."""
        store, clock = self.app.store, self.app.clock
        return self.app.apply_change(
            lambda: store.update_objective(objective.id, lambda current: change(current, clock.now()), verb), describe)

    def change_kr(self, objective: Objective, number: int, change: Callable[[Objective, Any], Objective], verb: str,
                  describe: Callable[[Objective], str]) -> Objective | None:
        """Like change_objective, refused when the key result was changed elsewhere since it was shown,
        so a number never lands on another key result."""
        shown = objective.key_results[number - 1]

        def checked(current: Objective, now: Any) -> Objective:
            if len(current.key_results) < number or current.key_results[number - 1].text != shown.text:
                raise ValidationError("key result", f"{objective.id}.{number} was changed elsewhere meanwhile; "
                                      "nothing was saved, have a look and try again")
            return change(current, now)

        return self.change_objective(objective, checked, verb, describe)

    # -- actions -----------------------------------------------------------------------------
    def action_add_objective(self) -> None:
        if len(self.views) >= MAX_OBJECTIVES:
            self.app.notify(str(ValidationError("objective", RULE_OF_THREE)), title="Not added", severity="warning")
            return
        quarter = self.quarter

        def save(text: str | None) -> None:
            if text is not None:
                added = self.app.apply_change(lambda: self.app.store.add_objective(quarter.start, text),
                                              lambda objective: f"Objective added: {objective.text}")
                if added is not None:
                    self.select_id = f"o:{added.id}"
                    self.show_rows()

        self.app.push_screen(TextPromptDialog(
            f"New objective for {quarter.label} ({len(self.views) + 1} of {MAX_OBJECTIVES})",
            placeholder="Where you want to be at the end of the quarter, in words",
            hint="An objective is qualitative; k then adds 2-5 measurable key results · enter saves · esc cancels",
            check=_check(lambda text: clean_title(text, "objective"))), save)

    def feeds(self, keep: int | None = None) -> list[Feed]:
        """The current key tasks with a target, when this is the current quarter; and the one a key
        result is fed by now, so editing it does not unlink it by accident."""
        feeds = []
        if self.is_current:
            today, store, config = self.app.today(), self.app.store, self.app.config
            for stage in STAGES:
                key = store.current_key_task(period_of(stage, today, config))
                if key is not None and key.target:
                    feeds.append(Feed(key, stage.value))
        if keep is not None and keep not in [feed.key.id for feed in feeds] and keep in self.keys:
            feeds.append(Feed(self.keys[keep], f"as now ({self.keys[keep].stage.value})"))
        return feeds

    def action_add_key_result(self) -> None:
        objective = self.highlighted_objective()
        if objective is None:
            return

        def save(answer: dict[str, Any] | None) -> None:
            if answer is None:
                return
            added = self.change_objective(objective, lambda current, now: add_key_result(current, now, **answer),
                                          "add a key result to", lambda _o: f"Key result added: {answer['text']}")
            if added is not None:
                self.select_id = f"k:{added.id}:{len(added.key_results)}"
                self.show_rows()

        self.app.push_screen(KeyResultDialog(f"New key result for objective {objective.id}", objective.text,
                                             self.feeds()), save)

    def action_update_value(self) -> None:
        found = self.highlighted_kr("update its value")
        if found is None:
            return
        view, number, kr = found
        ref = f"{view.objective.id}.{number}"
        if kr.key_task_id is not None:
            key = self.keys.get(kr.key_task_id)
            where = f"the {key.stage.value} key task ({key.text})" if key else f"key task {kr.key_task_id}"
            self.app.notify(f"{ref} is fed by {where}: its progress comes from there. Log progress on the board "
                            "(+ on the key task's card), or e to unlink it and type it here.", title="Fed",
                            severity="warning", timeout=10)
            return
        unit = f" {kr.unit}" if kr.unit else ""

        def preview(text: str) -> str:
            try:
                done = _done(text)
            except ValidationError:
                return ""
            score = replace(kr, done=done).computed_score()
            return f"{format_amount(done)} / {format_amount(kr.target)}{unit} · score {score:.2f}"

        def save(text: str | None) -> None:
            if text is not None:
                self.change_kr(view.objective, number, lambda current, now: change_key_result(current, number, now, done=_done(text)),
                               "update a key result of", lambda _o: f"{ref} now {preview(text)}")

        self.app.push_screen(TextPromptDialog(
            f"Progress of {ref}: {kr.text}", value=plain_number(kr.done), placeholder="How much is done, e.g. 4,200",
            hint=f"The total so far, out of {format_amount(kr.target)}{unit} · enter saves · esc cancels",
            check=_check(_done), preview=preview), save)

    def action_set_score(self) -> None:
        found = self.highlighted_kr("set its score")
        if found is None:
            return
        view, number, kr = found
        ref = f"{view.objective.id}.{number}"
        computed = kr.computed_score(view.fed)

        def score(text: str) -> float | None:
            return clean_score(text.strip()) if text.strip() else None

        def describe(text: str) -> str:
            chosen = score(text)
            return f"{ref} score back to the computed {computed:.2f}" if chosen is None else f"{ref} score set to {chosen:.2f}"

        def save(text: str | None) -> None:
            if text is not None:
                self.change_kr(view.objective, number, lambda current, now: change_key_result(current, number, now, score=score(text)),
                               "score a key result of", lambda _o: describe(text))

        value = "" if kr.score_override is None else f"{kr.score_override:g}"
        self.app.push_screen(TextPromptDialog(
            f"Score of {ref}: {kr.text}", value=value, placeholder=f"0.0-1.0; empty uses the computed {computed:.2f}",
            hint=f"Computed from its progress: {computed:.2f}. A score set by hand overrides it; "
                 "empty goes back to the computed one · enter saves · esc cancels",
            check=_check(score)), save)

    def action_record_confidence(self) -> None:
        objective = self.highlighted_objective()
        if objective is None:
            return
        if not self.is_current:
            self.app.notify(f"{self.quarter.label} is not this quarter; confidence is recorded week by week "
                            "while it runs.", severity="warning")
            return
        week_start = self.week_start
        this_week = next((entry.value for entry in objective.confidence if entry.week_start == week_start), None)

        def save(text: str | None) -> None:
            if text is not None:
                self.change_objective(
                    objective, lambda current, now: record_confidence(current, week_start, text, now),
                    "record confidence in", lambda _o: f"Confidence {clean_confidence(text)}/10 for the week of {week_start:%d %b}")

        def preview(text: str) -> str:
            try:
                return confidence_text(record_confidence(objective, week_start, text, self.app.clock.now()))
            except ValidationError:
                return confidence_text(objective)

        again = f"; {this_week} this week already, saving replaces it" if this_week is not None else ""
        self.app.push_screen(TextPromptDialog(
            f"Confidence in {objective.id}: {objective.text}", value="" if this_week is None else str(this_week),
            placeholder="1-10: how sure you are of reaching it",
            hint=f"1 = it will not happen, 10 = as good as done{again} · enter saves · esc cancels",
            check=_check(clean_confidence), preview=preview), save)

    def action_edit(self) -> None:
        view, number = self.highlighted()
        if view is None:
            return
        objective = view.objective
        if number is None:
            def save_text(text: str | None) -> None:
                if text is not None:
                    self.change_objective(objective, lambda current, now: edit_objective(current, now, text),
                                          "edit objective", lambda _o: "Objective changed")

            self.app.push_screen(TextPromptDialog(f"Edit objective {objective.id}", value=objective.text,
                                                  check=_check(lambda text: clean_title(text, "objective"))), save_text)
            return
        kr = objective.key_results[number - 1]

        def save(answer: dict[str, Any] | None) -> None:
            if answer is not None:
                self.change_kr(objective, number, lambda current, now: change_key_result(current, number, now, **answer),
                               "edit a key result of", lambda _o: f"Key result {objective.id}.{number} changed")

        values = {"text": kr.text, "target": plain_number(kr.target), "unit": kr.unit}
        self.app.push_screen(KeyResultDialog(f"Edit key result {objective.id}.{number}", objective.text,
                                             self.feeds(kr.key_task_id), values=values, key_task_id=kr.key_task_id), save)

    def action_delete(self) -> None:
        view, number = self.highlighted()
        if view is None:
            return
        objective = view.objective
        if number is None:
            count = len(objective.key_results)
            question = (f"Delete objective {objective.id}, \"{objective.text}\", with its {count} key "
                        f"result{'s' if count != 1 else ''} and its confidence history? u undoes it.")

            def delete() -> None:
                self.app.apply_change(lambda: self.app.store.remove_objective(objective.id),
                                      lambda removed: f"Deleted objective: {removed.text}")
        else:
            kr = objective.key_results[number - 1]
            question = f"Delete key result {objective.id}.{number}, \"{kr.text}\"? u undoes it."

            def delete() -> None:
                self.change_kr(objective, number, lambda current, now: remove_key_result(current, number, now),
                               "delete a key result of", lambda _o: f"Deleted key result: {kr.text}")

        self.app.push_screen(ConfirmDialog("Delete?", question), lambda yes: delete() if yes else None)

    def action_quarter(self, step: int) -> None:
        day = self.quarter.start - timedelta(days=1) if step < 0 else self.quarter.end
        self.quarter = period_of(Stage.QUARTER, day, self.app.config)
        self.refresh_okr()

    def action_close(self) -> None:
        self.app.pop_screen()


def _done(text: str) -> float:
    done = parse_amount(text, "done")
    if done < 0:
        raise ValidationError("done", "cannot be below zero")
    return done


def _check(clean: Callable[[str], Any]) -> Callable[[str], str | None]:
    """A TextPromptDialog check from a cleaner that raises ValidationError."""

    def check(text: str) -> str | None:
        try:
            clean(text)
        except ValidationError as error:
            return str(error)
        return None

    return check
