"""`focus status --format FORMAT`: one line for a status bar (tmux, polybar, starship).

A status bar runs it every few seconds, so it computes only the fields the format names, parses
the live tasks at most once, and never reads the archive. Each figure comes from the same code
as the board, the header and the daily review, so the line never disagrees with the app.
No Textual here.
"""

from __future__ import annotations

import string
from datetime import date, datetime, time
from functools import cached_property
from typing import Any

from focus_tui.domain.validation import ValidationError

FIELDS: dict[str, str] = {
    "day": "the day's key task, shortened to --width",
    "week": "the week's key task, shortened to --width",
    "quarter": "the quarter's key task, shortened to --width",
    "day_progress": "the day's key task: 1,500/2,000 signups, or 2/5 steps with micro goals",
    "week_progress": "the same for the week's key task",
    "quarter_progress": "the same for the quarter's key task",
    "pace": "the week's key task against the even pace: behind 500, ahead 120, on pace, reached",
    "done": "today's planned tasks that are done (as the daily review counts them)",
    "planned": "tasks planned for today (as the daily review counts them)",
    "unplanned": "tasks done today that were not planned",
    "open": "open tasks on today's list, carried ones included, blocked ones not",
    "blocked": "open blockers",
    "batch": "the running batch as the header shows it: ▶ email 12:34 (▶ email paused 12:34)",
    "review": "'review' from review.time until the day is closed",
    "flags": "today's routine key variables outside their expectation",
}
DEFAULT_WIDTH = 30


def parse_format(text: str) -> list[tuple[str, str | None, str]]:
    """The format as (literal, field, spec) pieces; `{{` and `}}` are literal braces. An unknown
    field, a conversion (`!r`) or a spec that cannot format text is refused, naming the fields."""
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError as error:  # a lone `{` or `}`
        raise ValidationError("--format", f"{error}; write {{{{ or }}}} for a literal brace") from None
    pieces = []
    for literal, name, spec, conversion in parsed:
        if name is not None:
            if name not in FIELDS or conversion:
                known = " ".join(f"{{{field}}}" for field in FIELDS)
                raise ValidationError("--format", f"unknown field {{{name}{'!' + conversion if conversion else ''}}}; "
                                      f"the fields are {known}")
            try:
                format("", spec)
            except ValueError as error:
                raise ValidationError("--format", f"{{{name}:{spec}}}: {error}") from None
        pieces.append((literal, name, spec or ""))
    return pieces


def shorten(text: str, width: int) -> str:
    """One line of at most `width` characters (0: no limit), ending in … when cut."""
    text = " ".join(text.split())
    if width <= 0 or len(text) <= width:
        return text
    return text[: width - 1].rstrip() + "…"


def render(pieces: list[tuple[str, str | None, str]], values: dict[str, str]) -> str:
    """Fill the fields. An empty field takes one neighbouring space with it, so
    `{batch} {done}/{planned}` reads `3/5`, not ` 3/5`, when no batch runs."""
    out = ""
    eat_space = False
    for literal, name, spec in pieces:
        if eat_space and literal.startswith(" "):
            literal = literal[1:]
        eat_space = False
        out += literal
        if name is None:
            continue
        value = format(values[name], spec)
        if value:
            out += value
        elif out.endswith(" "):
            out = out[:-1]
        else:
            eat_space = True
    return out.strip(" ")


class Snapshot:
    """The figures of one moment, each computed on first use from the open store."""

    def __init__(self, store: Any, config: Any, width: int = DEFAULT_WIDTH) -> None:
        self.store, self.config, self.width = store, config, width
        self.today = store.today()
        self.now = store.clock.now()
        self._views: dict[Any, Any] = {}

    def value(self, name: str) -> str:
        return str(getattr(self, f"_{name}")())

    # -- sources, loaded once and only when a field needs them --------------------------------
    @cached_property
    def tasks(self) -> list[Any]:
        return self.store.tasks()

    def view(self, stage_name: str) -> Any:
        from focus_tui.domain.periods import Stage
        from focus_tui.stages import stage_view

        stage = Stage(stage_name)
        if stage not in self._views:
            self._views[stage] = stage_view(self.store, self.config, stage, self.today)
        return self._views[stage]

    @cached_property
    def day_figures(self) -> Any:
        """Today's figures by the daily review's own code (planned and done, same definitions)."""
        from focus_tui.batch_views import rules_from
        from focus_tui.domain.periods import Stage
        from focus_tui.domain.review import compute_figures
        from focus_tui.stages import period_of

        period = period_of(Stage.DAY, self.today, self.config)
        return compute_figures(Stage.DAY, period, self.today, self.now, self.tasks, (), (), (),
                               rules_from(self.config), self.store.day_start_hour)

    # -- the fields ------------------------------------------------------------------------------
    def _day(self) -> str:
        return self._key_text("day")

    def _week(self) -> str:
        return self._key_text("week")

    def _quarter(self) -> str:
        return self._key_text("quarter")

    def _key_text(self, stage: str) -> str:
        key = self.view(stage).key
        return shorten(key.text, self.width) if key is not None else ""

    def _day_progress(self) -> str:
        return progress_text(self.view("day").key)

    def _week_progress(self) -> str:
        return progress_text(self.view("week").key)

    def _quarter_progress(self) -> str:
        return progress_text(self.view("quarter").key)

    def _pace(self) -> str:
        return pace_text(self.view("week"))

    def _done(self) -> int:
        return self.day_figures.done_of_planned

    def _planned(self) -> int:
        return len(self.day_figures.planned)

    def _unplanned(self) -> int:
        return self.day_figures.unplanned_done

    def _open(self) -> int:
        from focus_tui.domain.tasks import Status, is_on_day

        return sum(1 for task in self.tasks if is_on_day(task, self.today) and task.status is not Status.BLOCKED)

    def _blocked(self) -> int:
        from focus_tui.blocker_views import open_blockers

        return len(open_blockers(self.store, self.config, self.now, self.tasks))

    def _batch(self) -> str:
        return batch_label(self.store.active_run(), self.now)

    def _review(self) -> str:
        return "review" if review_due(self.store, self.config, self.today, self.now) else ""

    def _flags(self) -> int:
        from focus_tui.routine_views import routine_flags_for_day

        return len(routine_flags_for_day(self.store, self.today, self.tasks))


def progress_text(key: Any) -> str:
    """`1,500/2,000 signups` for a target, `2/5 steps` for micro goals, else empty."""
    from focus_tui.domain.keytasks import format_amount

    if key is None:
        return ""
    if key.target is not None:
        return f"{format_amount(key.done)}/{format_amount(key.target)}" + (f" {key.unit}" if key.unit else "")
    if key.micro_goals:
        return f"{key.micro_done}/{len(key.micro_goals)} steps"
    return ""


def pace_text(view: Any) -> str:
    """Where a key task with a target stands against its even pace, in two words at most."""
    from focus_tui.domain.keytasks import format_amount, pace_phrase

    key, pace = view.key, view.pace
    if key is None or pace is None:
        return ""
    if key.done >= key.target:
        return "reached"
    if pace.days_left == 0:
        return f"short {format_amount(key.target - key.done)}"
    return pace_phrase(pace.ahead_by, key.target)


def batch_label(run: Any, now: datetime) -> str:
    """`▶ email 12:34` while a batch runs (`▶ email paused 12:34` when paused), else empty."""
    if run is None:
        return ""
    from focus_tui.domain.batching import format_countdown

    state = "paused " if run.is_paused else ""
    return f"▶ {run.kind} {state}{format_countdown(run.remaining_seconds(now))}"


def review_due(store: Any, config: Any, today: date, now: datetime) -> bool:
    """From the configured end-of-day time until the day is closed, the review is offered."""
    from focus_tui.domain.periods import Stage

    hour, minute = config.review_time
    if now.replace(tzinfo=None) < datetime.combine(today, time(hour, minute)):
        return False
    return store.review(Stage.DAY, today).closed is None


def status_line(store: Any, config: Any, text: str, *, width: int = DEFAULT_WIDTH) -> str:
    """The one line for `text`, e.g. `{batch} {done}/{planned} ⊘{blocked}`."""
    pieces = parse_format(text)
    if width < 0:
        raise ValidationError("--width", "give 0 (no limit) or more characters")
    snapshot = Snapshot(store, config, width)
    values = {name: snapshot.value(name) for _literal, name, _spec in pieces if name is not None}
    return render(pieces, values)

