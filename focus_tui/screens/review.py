"""The review screens: the end-of-day review (figures, trend, three short lines, the stand-up and
closing the day) and the week and quarter reviews (figures, OKR scores and the five headings)."""

from __future__ import annotations

from datetime import date, timedelta

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Input, Label, Sparkline, Static

from focus_tui.domain.blockers import Cause
from focus_tui.domain.okr import draft_objectives
from focus_tui.domain.periods import Period, Stage
from focus_tui.domain.review import HEADING_PROMPTS, headings_for
from focus_tui.review_views import (
    ReviewView,
    batches_line,
    category_rows,
    confidence_text,
    key_line,
    load_review,
    score_text,
    totals_line,
)
from focus_tui.screens.kept import KeptScreen, sized_for_the_terminal
from focus_tui.stages import period_of
from focus_tui.storage import DataFileError
from focus_tui.widgets.focus_header import FocusHeader
from focus_tui.widgets.key_bar import KeyBar
from focus_tui.widgets.unchanged import update_static

# Shown after each screen's own keys in the footer, so the day's actions come first.
LEAVING_BINDINGS = [
    Binding("O", "open_okrs", "OKRs", id="review.open_okrs",
            tooltip="Objectives and key results of the quarter, with scores and confidence"),
    Binding("escape", "back", "Back", id="review.back", tooltip="Leave a field, or go back"),
]
STAGE_TAGS = {Stage.QUARTER: "Q", Stage.WEEK: "W", Stage.DAY: "D"}
UP = {Stage.DAY: Stage.WEEK, Stage.WEEK: Stage.QUARTER, Stage.QUARTER: None}
DOWN = {Stage.QUARTER: Stage.WEEK, Stage.WEEK: Stage.DAY, Stage.DAY: None}
SHORT_PROMPTS = {"tomorrow": "Tomorrow", "changes": "Changes", "rules": "Rules", "actions": "Actions"}
LIST_LIMIT = 12


def review_screen(stage: Stage, period: Period) -> "ReviewScreen":
    return sized_for_the_terminal(DayReviewScreen(period) if stage is Stage.DAY else StageReviewScreen(period))


class WrittenInput(Input):
    """One of the written headings: saved on enter and when focus leaves it."""

    def __init__(self, heading: str, **kwargs) -> None:
        super().__init__(id=f"written-{heading}", **kwargs)
        self.heading = heading
        self.saved_value = ""
        self.refused_value: str | None = None


class ReviewScreen(KeptScreen):
    """What the day, week or quarter recorded, and what the person writes about it. The board's
    review of today is kept between openings (see KeptScreen); the others are made per opening."""

    SCOPED_CSS = False  # written as in focus.tcss, parsed on first opening (see there)
    DEFAULT_CSS = """
    #review-title {
        padding: 1 0 0 0;
    }
    #review-empty, #review-hint {
        color: $foreground-muted;
    }
    #standup {
        height: auto;
        padding: 0 0 1 2;
    }
    """

    BINDINGS = [
        Binding("left_square_bracket", "previous_period", "Previous", id="review.previous", show=False,
                tooltip="The review of the previous period"),
        Binding("right_square_bracket", "next_period", "Next", id="review.next", show=False,
                tooltip="The review of the next period (up to the current one)"),
        Binding("greater_than_sign", "up_stage", "Stage up", id="review.up_stage", show=False,
                tooltip="The review of the stage above: day → week → quarter"),
        Binding("less_than_sign", "down_stage", "Stage down", id="review.down_stage", show=False,
                tooltip="The review of the stage below: quarter → week → day"),
    ]

    stage = Stage.DAY
    is_review = True

    def __init__(self, period: Period) -> None:
        super().__init__()
        self.period = period
        self.view: ReviewView | None = None

    # -- layout --------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield FocusHeader(id="header")
        with VerticalScroll(id="review-body", classes="screen-body"):
            yield Label("", id="review-title")
            yield Static("[ ] earlier/later · < > stage below/above · tab to write", id="review-hint", markup=False)
            yield Static("", id="review-empty", classes="review-section", markup=False)
            yield Static("", id="review-keys", classes="review-section")
            yield Static("", id="review-sub-keys", classes="review-section")
            yield Static("", id="review-work", classes="review-section")
            yield from self.compose_trend()
            yield Static("", id="review-blockers", classes="review-section")
            yield Static("", id="review-okrs", classes="review-section")
            yield Label("Written (enter saves, tab moves on)", classes="review-heading")
            for heading in headings_for(self.stage):
                with Horizontal(classes="field-row written-row"):
                    yield Label(SHORT_PROMPTS.get(heading, HEADING_PROMPTS[heading]), classes="field-label")
                    field = WrittenInput(heading, placeholder=HEADING_PROMPTS[heading].lower() + " (optional)")
                    field.cursor_blink = self.app.cursor_blink
                    yield field
            yield from self.compose_extra()
        yield KeyBar()

    def compose_trend(self) -> ComposeResult:
        yield from ()

    def compose_extra(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        self.query_one("#review-body").focus()

    def start_afresh(self) -> None:
        # Typed text that was never saved (refused) goes, as it would with a new screen; it goes
        # before focus moves, so leaving the field does not save it.
        for field in self.query(WrittenInput):
            field.value = field.saved_value
            field.refused_value = None
        body = self.query_one("#review-body")
        body.scroll_home(animate=False, immediate=True)
        body.focus()

    def show_data(self) -> None:
        self.refresh_review()

    # -- showing -------------------------------------------------------------------------------
    def refresh_review(self, _version: int = 0) -> None:
        try:
            self.view = load_review(self.app.store, self.app.config, self.stage, self.period)
        except DataFileError as error:
            self.app.show_data_problem(error)
            return
        view = self.view
        figures = view.figures
        update_static(self.query_one("#review-title", Label), self.title_text(view))
        empty = self.query_one("#review-empty", Static)
        empty.display = figures.is_empty
        update_static(empty, "Nothing was recorded for this period. The review still has room for what you write.")
        keys = [Content.assemble((f"{STAGE_TAGS[row.stage]} ", "bold $primary"),
                                 (key_line(row), "" if row.key else "$foreground-muted"))
                for row in figures.key_tasks]
        update_static(self.query_one("#review-keys", Static), Content("\n").join([Content.styled("Key tasks", "bold")] + keys))
        sub = self.query_one("#review-sub-keys", Static)
        sub.display = bool(view.sub_key_tasks)
        update_static(sub, Content("\n").join(
            [Content.styled("Each day" if self.stage is Stage.WEEK else "Each week", "bold")]
            + [Content(f"  {row.period.label}: {key_line(row)}") for row in view.sub_key_tasks]))
        update_static(self.query_one("#review-work", Static), self.work_text(view))
        update_static(self.query_one("#review-blockers", Static), self.blockers_text(view))
        okrs = self.query_one("#review-okrs", Static)
        okrs.display = self.stage is not Stage.DAY
        if self.stage is not Stage.DAY:
            update_static(okrs, self.okr_text(view))
        for field in self.query(WrittenInput):
            # A field with unsaved (or refused) edits keeps them; others follow the stored text,
            # which another window or the CLI may have changed.
            text = view.review.text(field.heading).replace("\n", " / ")
            if field.value.strip() == field.saved_value and not field.has_focus:
                field.value = text
                field.saved_value = text
        self.refresh_extra(view)

    def refresh_extra(self, view: ReviewView) -> None:
        """Day-only parts: trend, stand-up, closed state."""

    def title_text(self, view: ReviewView) -> Content:
        names = {Stage.DAY: "Daily review", Stage.WEEK: "Week review", Stage.QUARTER: "Quarter review"}
        return Content.assemble((f"{names[self.stage]} · {view.period.label}", "bold $primary"))

    def work_text(self, view: ReviewView) -> Content:
        figures = view.figures
        split = "  ".join(f"{name.lower()} {done}/{planned}" for name, planned, done in category_rows(figures)[:-1])
        lines = [
            Content.assemble(("Planned vs done  ", "bold"), (f"{totals_line(figures)}", "")),
            Content.styled(f"  {split}  (done/planned)", "$foreground-muted"),
            Content.assemble(("Batches  ", "bold"), batches_line(figures)),
        ]
        if figures.done:
            titles = [task.title for task in figures.done]
            lines.append(Content.assemble(("Finished  ", "bold $success"), self._listing(titles)))
        if figures.unfinished:
            titles = [task.title for task in figures.unfinished]
            lines.append(Content.assemble(("Unfinished  ", "bold $warning"), self._listing(titles)))
        return Content("\n").join(lines)

    @staticmethod
    def _listing(titles: list[str]) -> str:
        shown = titles[:LIST_LIMIT]
        more = len(titles) - len(shown)
        return " · ".join(shown) + (f" (and {more} more)" if more else "")

    def blockers_text(self, view: ReviewView) -> Content:
        blockers = view.figures.blockers
        counts = [f"{cause.value} {blockers.opened[cause]}/{blockers.resolved[cause]}/{blockers.still_open[cause]}"
                  for cause in Cause
                  if blockers.opened[cause] or blockers.resolved[cause] or blockers.still_open[cause]]
        head = Content.assemble(("Blockers  ", "bold"),
                                ("opened/resolved/open: " + " · ".join(counts)) if counts else ("none", "$foreground-muted"))
        lines = [head]
        for line in blockers.open_now[:LIST_LIMIT]:
            who = f", {line.person}" if line.person else ""
            lines.append(Content.styled(f"  ⊘ {line.task_title} ({line.cause.value}{who}, {line.age})", "$warning"))
        if view.flags:
            lines.append(Content.styled("Key variables off expectation", "bold"))
            lines += [Content.styled(f"  ⚠ {flag}", "$warning") for flag in view.flags[:LIST_LIMIT]]
        return Content("\n").join(lines)

    def okr_text(self, view: ReviewView) -> Content:
        lines = [Content.styled("Objectives  (O to manage)", "bold")]
        if not view.objectives:
            lines.append(Content.styled("  none set for this quarter", "$foreground-muted"))
        for objective_view in view.objectives:
            objective = objective_view.objective
            lines.append(Content.assemble((f"  {score_text(objective_view.score)} ", "bold $primary"), objective.text,
                                          (f"  {confidence_text(objective)}", "$foreground-muted")))
            for number, kr in enumerate(objective.key_results, start=1):
                lines.append(Content(f"      {kr.score(objective_view.fed):.2f} {kr.text}: {kr.describe(objective_view.fed)}"))
        return Content("\n").join(lines)

    # -- writing -------------------------------------------------------------------------------
    def on_input_submitted(self, event: Input.Submitted) -> None:
        if isinstance(event.input, WrittenInput):
            event.stop()
            if self.save_field(event.input):
                self.focus_next()

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        if isinstance(event.widget, WrittenInput):
            self.save_field(event.widget)

    def save_field(self, field: WrittenInput) -> bool:
        """Save the field if it changed; False when the text was refused (it stays for fixing,
        and the same refused text is not announced twice)."""
        text = field.value.strip()
        if text == field.saved_value:
            return True
        if text == field.refused_value:
            return False
        # " / " is how a multi-line answer shows in one line; it goes back to lines when saved.
        lines = "\n".join(part.strip() for part in text.split(" / "))
        saved = self.app.apply_change(
            lambda: self.app.store.write_review(self.stage, self.period.start, **{field.heading: lines}))
        if saved is None:
            field.refused_value = text
            return False
        field.saved_value = text
        field.refused_value = None
        return True

    # -- moving around -------------------------------------------------------------------------
    def action_back(self) -> None:
        if isinstance(self.focused, Input):
            self.query_one("#review-body").focus()
            return
        self.app.pop_screen()

    def _go_to(self, stage: Stage, day: date) -> None:
        period = period_of(stage, day, self.app.config)
        if period.start > self.app.today():
            self.app.notify(f"{period.label} has not begun yet.")
            return
        self.app.switch_screen(review_screen(stage, period))

    def action_previous_period(self) -> None:
        self._go_to(self.stage, self.period.start - timedelta(days=1))

    def action_next_period(self) -> None:
        self._go_to(self.stage, self.period.end)

    def _last_day(self) -> date:
        return min(self.period.end - timedelta(days=1), self.app.today())

    def action_up_stage(self) -> None:
        above = UP[self.stage]
        if above is None:
            self.app.notify("The quarter is the top stage.")
            return
        self._go_to(above, self._last_day())

    def action_down_stage(self) -> None:
        below = DOWN[self.stage]
        if below is None:
            self.app.notify("The day is the smallest stage.")
            return
        self._go_to(below, self._last_day())

    def action_open_okrs(self) -> None:
        from focus_tui.screens.okr import OkrScreen

        self.app.push_screen(OkrScreen(period_of(Stage.QUARTER, self._last_day(), self.app.config)))


class DayReviewScreen(ReviewScreen):
    """The end-of-day review: opened from the board with R, for today or any past day."""

    BINDINGS = [
        Binding("c", "close_day", "Close day", id="review.close_day",
                tooltip="Decide about every unfinished task (tomorrow, backlog, drop) and close the day"),
        Binding("y", "copy_standup", "Copy stand-up", id="review.copy_standup",
                tooltip="Copy the stand-up to the clipboard (and to standup.txt in the data dir)"),
        Binding("E", "edit_standup", "Edit stand-up", id="review.edit_standup",
                tooltip="Edit the stand-up text; an empty text goes back to the generated one"),
        *LEAVING_BINDINGS,
    ]
    stage = Stage.DAY

    @classmethod
    def kept_for(cls, app, period: Period) -> "DayReviewScreen":
        """The board's review of `period` (today), kept between openings."""
        return cls.kept(app, "day-review", lambda: cls(period), fits=lambda screen: screen.period == period)

    def compose_trend(self) -> ComposeResult:
        with Horizontal(id="review-trend", classes="review-section"):
            yield Label("Done, 14 days ", classes="trend-label")
            yield Sparkline([], id="trend-done", summary_function=max)
            yield Label(" Key task ", classes="trend-label")
            yield Sparkline([], id="trend-key", summary_function=max)

    def compose_extra(self) -> ComposeResult:
        yield Label("Stand-up  (y copies, E edits)", classes="review-heading")
        yield Static("", id="standup", markup=False)

    def title_text(self, view: ReviewView) -> Content:
        state = (f"closed at {view.review.closed:%H:%M}", "$success") if view.closed else ("not closed (c closes)", "$warning")
        return Content.assemble((f"Daily review · {view.period.label}", "bold $primary"), ("  ", ""), state)

    def refresh_extra(self, view: ReviewView) -> None:
        self.query_one("#trend-done", Sparkline).data = [row.done for row in view.trend]
        self.query_one("#trend-key", Sparkline).data = [row.key_progress for row in view.trend]
        update_static(self.query_one("#standup", Static), view.standup)

    def action_copy_standup(self) -> None:
        if self.view is None:
            return
        text = self.view.standup
        self.app.copy_to_clipboard(text)
        path = self.app.apply_change(lambda: self.app.store.write_standup_file(text))
        where = f" (also in {path})" if path is not None else ""
        self.app.notify(f"Stand-up copied{where}.")

    def action_edit_standup(self) -> None:
        from focus_tui.dialogs.standup import StandupDialog

        if self.view is None:
            return

        def save(text: str | None) -> None:
            if text is not None:
                self.app.apply_change(lambda: self.app.store.save_standup(self.period.start, text),
                                      lambda _review: "Stand-up saved.")

        self.app.push_screen(StandupDialog(self.view.standup, self.view.generated_standup), save)

    def action_close_day(self) -> None:
        from focus_tui.dialogs.close_day import CloseDayDialog

        if self.view is not None and self.view.closed:
            self.app.apply_change(lambda: self.app.store.reopen_day(self.period.start),
                                  lambda _review: "Day reopened.")
            return
        self.app.push_screen(CloseDayDialog(self.period.start))


class StageReviewScreen(ReviewScreen):
    """The week or quarter review: the stage's figures, OKR scores and the five headings."""

    BINDINGS = [
        Binding("N", "draft_objectives", "Draft next OKRs", id="review.draft_objectives",
                tooltip="Draft next quarter's objectives from this quarter's actions, one per line"),
        *LEAVING_BINDINGS,
    ]

    def __init__(self, period: Period) -> None:
        self.stage = period.stage
        super().__init__(period)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "draft_objectives":
            return self.stage is Stage.QUARTER
        return True

    def action_draft_objectives(self) -> None:
        from focus_tui.dialogs.confirm import ConfirmDialog

        if self.view is None:
            return
        actions = self.view.review.text("actions")
        if not actions:
            self.app.notify("Write the actions for the next stage first (one per line, or separated by /).")
            return
        next_quarter = period_of(Stage.QUARTER, self.period.end, self.app.config)
        existing = len(self.app.store.objectives(next_quarter.start))
        drafts, left_out = draft_objectives(actions, existing)
        if not drafts:
            self.app.notify(f"{next_quarter.label} already has three objectives (the rule of three).", severity="warning")
            return
        question = "\n".join(f"• {text}" for text in drafts)
        if left_out:
            question += f"\n\nLeft out by the rule of three: {', '.join(left_out)}"

        def create(yes: bool | None) -> None:
            if yes:
                self.app.apply_change(
                    lambda: self.app.store.add_objectives(next_quarter.start, drafts),
                    lambda made: f"Drafted {len(made)} objective{'s' if len(made) != 1 else ''} for {next_quarter.label}.")

        self.app.push_screen(ConfirmDialog(f"Draft objectives for {next_quarter.label}?", question), create)
