"""A stage card: the key task of the quarter, week or day, why it matters, what it serves, and its pace."""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.widget import Widget

from focus_tui.domain.keytasks import format_amount, pace_phrase
from focus_tui.domain.periods import Stage
from focus_tui.stages import StageView, catch_up_goal
from focus_tui.widgets.unchanged import same_content

TAGS = {Stage.QUARTER: "QUARTER", Stage.WEEK: "WEEK", Stage.DAY: "DAY"}
PHRASE = {Stage.QUARTER: "this quarter", Stage.WEEK: "this week", Stage.DAY: "today"}
COMPACT_BELOW = 70
TAG_WIDTH = 8


def progress_bar(fraction: float, width: int, style: str) -> Content:
    filled = max(0, min(width, round(fraction * width)))
    return Content.assemble(("━" * filled, style), ("━" * (width - filled), "$panel-lighten-2"))


def pace_words(view: StageView) -> tuple[str, str]:
    """("behind 500", style) or ("ahead 120", style) or ("on pace", style)."""
    pace = view.pace
    assert pace is not None and view.key is not None
    if view.key.target is not None and view.key.done >= view.key.target:
        return "target reached", "$pace-ahead"
    phrase = pace_phrase(pace.ahead_by, view.key.target)
    return phrase, "$pace-behind" if phrase.startswith("behind") else "$pace-ahead"


class StageCard(Widget, can_focus=True):
    """Focus it (tab, or click) to act on its key task."""

    BINDINGS = [
        Binding("enter,e", "edit_key", "Edit", id="card.edit_key", tooltip="State or edit this stage's key task"),
        Binding("n", "new_key", "Replace", id="card.new_key", tooltip="Replace this stage's key task; the old one stays in history"),
        Binding("plus", "log_progress", "Progress", id="card.log_progress", tooltip="Add to the key task's progress (a negative amount corrects)"),
        Binding("m", "micro_goals", "Steps", id="card.micro_goals", tooltip="Tick, add or remove the key task's small steps"),
    ]

    def __init__(self, stage: Stage, **kwargs) -> None:
        super().__init__(id=f"card-{stage.value}", classes="stage-card", **kwargs)
        self.stage = stage
        self.view: StageView | None = None
        self.view_has_why = False
        self.palette_label = f"{TAGS[stage].title()} key task"
        """Names this card's keys in the command palette while another widget has focus."""
        self._wrapped: tuple[StageView | None, int, bool, list[Content]] | None = None
        """The last card_lines, with what they were made from: Textual asks for the card's height
        several times per layout, and each time wrapped the whole card again."""

    def show(self, view: StageView) -> None:
        """Redraw only a card that reads differently, and ask for a layout (which arranges the
        whole screen again) only when its height changes. A view can change without its card
        changing: progress on the quarter's key task is in the week's view, as its parent."""
        if view == self.view:
            return
        width = self.content_region.width
        wrapped = self._wrapped
        shown = wrapped if width and wrapped is not None and wrapped[0] is self.view and wrapped[1] == width else None
        self.view = view
        if not width:
            self.refresh(layout=True)
            return
        lines = self.card_lines(width)
        if shown is not None and shown[2] == self._wrapped[2] and len(lines) == len(shown[3]) \
                and all(same_content(old, new) for old, new in zip(shown[3], lines)):
            return
        self.refresh(layout=len(lines) != self.content_region.height)

    def on_focus(self) -> None:
        self.refresh(layout=True)

    def on_blur(self) -> None:
        self.refresh(layout=True)

    def get_content_height(self, container, viewport, width: int) -> int:
        return len(self.card_lines(width))

    def render(self) -> Content:
        return Content("\n").join(self.card_lines(self.content_region.width or self.size.width))

    def card_lines(self, width: int) -> list[Content]:
        """The card wrapped to `width`, with the stage tag hanging to the left of every line."""
        # A card shows everything when focused or when there is room beside the others; otherwise
        # the why line keeps to one line, so a short pane still has room for today's list.
        full = self.has_focus or self.screen.has_class("-wide")
        wrapped = self._wrapped
        # show() replaces the view whenever it changes, so the same view object means the same card.
        if wrapped is not None and wrapped[0] is self.view and wrapped[1:3] == (width, full):
            return wrapped[3]
        lines = self._wrap_card(width, full)
        self._wrapped = (self.view, width, full, lines)
        return lines

    def _wrap_card(self, width: int, full: bool) -> list[Content]:
        lines: list[Content] = []
        body_width = max(width - TAG_WIDTH, 10)
        for index, body in enumerate(self.card_bodies(width < COMPACT_BELOW)):
            prefix = Content.styled(f"{TAGS[self.stage]:<{TAG_WIDTH}}" if index == 0 else " " * TAG_WIDTH,
                                    "bold $primary")
            if index == 1 and self.view_has_why and not full:
                body = body.truncate(body_width, ellipsis=True)
            for wrapped_index, part in enumerate(body.wrap(body_width)):
                lines.append(prefix + part if wrapped_index == 0 else Content(" " * TAG_WIDTH) + part)
                prefix = Content(" " * TAG_WIDTH)
        return lines or [Content.styled(TAGS[self.stage], "bold $primary")]

    def card_bodies(self, compact: bool) -> list[Content]:
        view = self.view
        if view is None:
            return []
        key = view.key
        if key is None:
            return [Content.styled(f"No key task for {PHRASE[self.stage]} yet: tab here, enter states it.",
                                   "$foreground-muted")]
        bodies = [Content.styled(key.text, "bold")]
        why: list[tuple[str, str]] = []
        if key.purpose:
            why += [("why: ", "$foreground-muted"), (key.purpose, "")]
        if view.parent is not None:
            why += [("  ↑ " if why else "↑ ", "$foreground-muted"), (view.parent.text, "$foreground-muted italic")]
        if key.objective:
            why += [("  team: " if why else "team: ", "$foreground-muted"), (key.objective, "$foreground-muted")]
        if why:
            bodies.append(Content.assemble(*why))
        self.view_has_why = bool(why)
        measures = self._measures(compact)
        if measures is not None:
            bodies.append(measures)
        return bodies

    def _measures(self, compact: bool) -> Content | None:
        view = self.view
        key = view.key
        parts: list[tuple[str, str] | Content] = []
        if key.target:
            pace = view.pace
            pace_text, pace_style = pace_words(view)
            parts.append(progress_bar(key.done / key.target, 6 if compact else 12, pace_style))
            parts.append((f" {format_amount(key.done)}/{format_amount(key.target)} {key.unit}".rstrip(), "bold"))
            parts.append((f" · {pace_text}", pace_style))
            goal = catch_up_goal(view)
            if goal is not None:
                if pace.today_is_pacing_day:
                    parts.append((f" · today {format_amount(pace.done_today)}/{goal}", ""))
                else:
                    parts.append((f" · {goal}/workday", ""))
        if key.micro_goals:
            total = len(key.micro_goals)
            if not key.target:
                parts.append(progress_bar(key.micro_done / total, 6 if compact else 12, "$success"))
            parts.append((f"{' · ' if key.target else ' '}steps {key.micro_done}/{total}", ""))
        return Content.assemble(*parts) if parts else None

    def action_edit_key(self) -> None:
        self.screen.edit_key_task(self.stage)

    def action_new_key(self) -> None:
        self.screen.new_key_task(self.stage)

    def action_log_progress(self) -> None:
        self.screen.log_progress(self.stage)

    def action_micro_goals(self) -> None:
        self.screen.open_micro_goals(self.stage)
