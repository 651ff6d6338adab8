"""Reviews as the review screens and `focus review` show them: the recorded figures of a day, week or
quarter with what the person wrote, rendered as Markdown, plain text or JSON. No Textual here."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any, Callable, TypeVar
from weakref import WeakKeyDictionary

from dateutil.relativedelta import relativedelta

from focus_tui.batch_views import rules_from
from focus_tui.config import Config
from focus_tui.domain.blockers import Cause
from focus_tui.domain.keytasks import KeyTask, current_key_of, format_amount, pace_phrase
from focus_tui.domain.okr import Objective
from focus_tui.domain.pacing import ALL_DAYS
from focus_tui.domain.periods import Period, Stage
from focus_tui.domain.records import record
from focus_tui.domain.review import (
    HEADING_PROMPTS,
    Figures,
    KeyFigures,
    Review,
    TrendDay,
    compute_figures,
    headings_for,
    key_figures,
    standup_text,
    trend,
)
from focus_tui.domain.tasks import Category, Status, Task, board_ranked, is_on_day
from focus_tui.domain.validation import ValidationError
from focus_tui.remembered import Remembered
from focus_tui.routine_views import routine_flags_for_day
from focus_tui.stages import STAGES, period_of
from focus_tui.storage import Store
from focus_tui.storage.routines import ROUTINES
from focus_tui.storage.store import KEY_TASKS, TASKS

T = TypeVar("T")

SUB_STAGE = {Stage.QUARTER: Stage.WEEK, Stage.WEEK: Stage.DAY, Stage.DAY: None}
LIST_LIMIT = 30
TITLES = {Stage.DAY: "Daily review", Stage.WEEK: "Week review", Stage.QUARTER: "Quarter review"}


@record
class ObjectiveView:
    objective: Objective
    fed: dict[int, float]
    """Progress of the key tasks that feed key results, by key task id."""

    @property
    def score(self) -> float | None:
        return self.objective.score(self.fed)


@record
class ReviewView:
    stage: Stage
    period: Period
    figures: Figures
    review: Review
    generated_standup: str
    trend: tuple[TrendDay, ...]
    sub_key_tasks: tuple[KeyFigures, ...]
    """Each day's key task in a week review, each week's in a quarter review."""
    objectives: tuple[ObjectiveView, ...]
    flags: tuple[str, ...] = ()
    """Routine key variables outside their expectation on the reviewed days: "Community check:
    new members 18, expected >= 30"."""

    @property
    def standup(self) -> str:
        return self.review.standup or self.generated_standup

    @property
    def closed(self) -> bool:
        return self.review.closed is not None


# -- reading which period is meant ---------------------------------------------------------------
WEEK_CODE = re.compile(r"^(\d{4})-?w(\d{1,2})$")
QUARTER_CODE = re.compile(r"^(?:(\d{4})-?)?q([1-4])$")


def parse_week(text: str, today: date, config: Config) -> Period:
    """`this`, `last`, `2026-W47` (ISO week), or any day in the week (`2026-11-18`, `fri`, `-1w`)."""
    from focus_tui.domain.dates import parse_day

    words = text.strip().lower()
    if words in ("", "this", "current"):
        return period_of(Stage.WEEK, today, config)
    if words in ("last", "previous", "prev"):
        return period_of(Stage.WEEK, today - timedelta(weeks=1), config)
    match = WEEK_CODE.match(words)
    if match:
        year, week = int(match.group(1)), int(match.group(2))
        try:
            monday = date.fromisocalendar(year, week, 1)
        except ValueError:
            raise ValidationError("week", f"{text!r} is not a week of {year}") from None
        return period_of(Stage.WEEK, monday, config)
    return period_of(Stage.WEEK, parse_day(text, today, config.week_start), config)


def parse_quarter(text: str, today: date, config: Config) -> Period:
    """`this`, `last`, `Q3` (this year), `2026-Q3`, or any day in the quarter. With a fiscal year,
    Q1 is the quarter that starts in the fiscal start month of that (calendar) year."""
    from focus_tui.domain.dates import parse_day

    words = text.strip().lower()
    if words in ("", "this", "current"):
        return period_of(Stage.QUARTER, today, config)
    if words in ("last", "previous", "prev"):
        this = period_of(Stage.QUARTER, today, config)
        return period_of(Stage.QUARTER, this.start - timedelta(days=1), config)
    match = QUARTER_CODE.match(words)
    if match:
        year = int(match.group(1)) if match.group(1) else today.year
        first = date(year, config.fiscal_year_start_month, 1)
        return period_of(Stage.QUARTER, first + relativedelta(months=3 * (int(match.group(2)) - 1)), config)
    return period_of(Stage.QUARTER, parse_day(text, today, config.week_start), config)


# -- loading -----------------------------------------------------------------------------------
def _fed_progress(keys: list[KeyTask]) -> dict[int, float]:
    return {key.id: key.done for key in keys if key.id is not None}


def objective_views(store: Store, quarter: Period, keys: list[KeyTask] | None = None) -> tuple[ObjectiveView, ...]:
    keys = store.key_tasks(include_archived=True) if keys is None else keys
    fed = _fed_progress(keys)
    return tuple(ObjectiveView(objective, fed) for objective in store.objectives(quarter.start))


def load_review(store: Store, config: Config, stage: Stage, period: Period) -> ReviewView:
    """The review of a period that has begun; a future one is refused with a clear reason."""
    today = store.today()
    if period.start > today:
        raise ValidationError("review", f"{period.label} has not begun yet; a review covers what already happened")
    history = store.reaches_archive(period.start if stage is not Stage.DAY else period.start - timedelta(days=14))
    tasks = store.tasks(include_archived=history)
    blockers = store.blockers(include_archived=history)
    runs = store.batch_runs(include_archived=history)
    keys = store.key_tasks(include_archived=history)
    days = tuple(day for day in period.days() if day <= today) or (period.start,)

    # What follows depends on the data and the day, not on the moment: kept while neither changes,
    # so opening the review again (or a change that does not touch it) does not work it all out again.
    key_rows, sub_rows = _kept(store, ("keys", stage, period, today, config, history, store.day_start_hour,
                                       store.versions(KEY_TASKS)),
                               lambda: _key_rows(store, config, stage, days, keys))

    now = store.clock.now()
    figures = compute_figures(stage, period, today, now, tasks, blockers, runs, key_rows, rules_from(config),
                              store.day_start_hour)
    review = store.review(stage, period.start)
    trend_rows: tuple[TrendDay, ...] = ()
    generated = ""
    if stage is Stage.DAY:
        by_tasks_and_keys = (period.start, today, config, history, store.day_start_hour, store.versions(TASKS, KEY_TASKS))
        trend_rows = _kept(store, ("trend", *by_tasks_and_keys), lambda: trend(
            period.start, today, tasks, {key.period_start: key for key in keys if key.stage is Stage.DAY and key.is_current},
            store.day_start_hour))
        coming = _kept(store, ("next", *by_tasks_and_keys), lambda: tuple(next_up(store, config, period.start, tasks, keys)))
        generated = standup_text(figures, list(coming))
    quarter = period if stage is Stage.QUARTER else period_of(Stage.QUARTER, days[-1], config)
    objectives = objective_views(store, quarter, keys if history else None) if stage is not Stage.DAY else ()
    flag_days = days if stage is not Stage.QUARTER else ()
    flags = _kept(store, ("flags", stage, flag_days, history, store.day_start_hour, store.versions(TASKS, ROUTINES)),
                  lambda: tuple(f"{day:%a %d}: {flag.routine}: {flag.message}" if stage is not Stage.DAY
                                else f"{flag.routine}: {flag.message}"
                                for day in flag_days for flag in routine_flags_for_day(store, day, tasks)))
    return ReviewView(stage, period, figures, review, generated, trend_rows, tuple(sub_rows), objectives, flags)


_parts_by_store: WeakKeyDictionary[Store, Remembered] = WeakKeyDictionary()
"""Per store, each part of the last review loaded (see load_review)."""


def _kept(store: Store, inputs: tuple, make: Callable[[], T]) -> T:
    """The part named by inputs[0], made again only when `inputs` differ from the last time."""
    return _parts_by_store.setdefault(store, Remembered()).get(inputs[0], inputs, make)


def _key_rows(store: Store, config: Config, stage: Stage, days: tuple[date, ...],
              keys: list[KeyTask]) -> tuple[tuple[KeyFigures, ...], tuple[KeyFigures, ...]]:
    """The key tasks' figures of the reviewed stage and the stages above, and of each sub-period."""
    today = store.today()
    working = config.working_days if config.pace_over_working_days else ALL_DAYS
    key_rows = []
    for key_stage in STAGES:
        if key_stage is Stage.DAY and stage is not Stage.DAY:
            continue
        if key_stage is Stage.WEEK and stage is Stage.QUARTER:
            continue
        key_period = period_of(key_stage, days[-1], config)
        key_rows.append(key_figures(key_stage, key_period, current_key_of(keys, key_period), days,
                                    store.day_start_hour, working))

    sub_rows = []
    sub_stage = SUB_STAGE[stage]
    if sub_stage is not None:
        seen = set()
        for day in days:
            sub_period = period_of(sub_stage, day, config)
            if sub_period.start in seen:
                continue
            seen.add(sub_period.start)
            key = current_key_of(keys, sub_period)
            if key is not None:
                sub_days = tuple(d for d in sub_period.days() if d <= today)
                sub_rows.append(key_figures(sub_stage, sub_period, key, sub_days, store.day_start_hour, working))
    return tuple(key_rows), tuple(sub_rows)


def next_up(store: Store, config: Config, day: date, tasks: list[Task], keys: list[KeyTask]) -> list[str]:
    """What comes next after `day`: the next day's key task if set, else the day's own while its
    target is unmet, then the open work at the top of the list."""
    following = day + timedelta(days=1)
    titles = []
    next_key = current_key_of(keys, period_of(Stage.DAY, following, config))
    if next_key is not None:
        titles.append(next_key.text)
    day_key = current_key_of(keys, period_of(Stage.DAY, day, config))
    if next_key is None and day_key is not None and (day_key.target is None or day_key.done < day_key.target):
        titles.append(day_key.text)
    open_work = board_ranked([task for task in tasks if is_on_day(task, following) and task.status is not Status.BLOCKED],
                             day_key.id if day_key else None)
    titles.extend(task.title for task in open_work if task.title not in titles)
    return titles


def load_day_review(store: Store, config: Config, day: date) -> ReviewView:
    return load_review(store, config, Stage.DAY, period_of(Stage.DAY, day, config))


# -- figures as words --------------------------------------------------------------------------
def key_line(row: KeyFigures) -> str:
    """`Grow sign-ups: 4,200 / 10,000 sign-ups · behind by 300 · catch-up 2,125`."""
    key = row.key
    if key is None:
        return "no key task"
    parts = [key.text]
    if key.target is not None:
        unit = f" {key.unit}" if key.unit else ""
        parts.append(f"{format_amount(row.done)} / {format_amount(key.target)}{unit}")
        if row.reached:
            parts.append("target reached")
        elif row.pace is not None:
            parts.append(pace_phrase(row.pace.ahead_by, key.target, joiner="by "))
    if key.micro_goals:
        parts.append(f"{key.micro_done}/{len(key.micro_goals)} steps")
    return " · ".join(parts)


def batches_line(figures: Figures) -> str:
    batches = figures.batches
    runs = f"{batches.runs} batch{'es' if batches.runs != 1 else ''}, {format_amount(batches.minutes)} min"
    return (f"{runs}; {batches.small_done} small task{'s' if batches.small_done != 1 else ''} done; "
            f"{batches.switches_saved} context switch{'es' if batches.switches_saved != 1 else ''} saved")


def totals_line(figures: Figures) -> str:
    extra = f", plus {figures.unplanned_done} unplanned" if figures.unplanned_done else ""
    dropped = f"; {len(figures.dropped)} dropped" if figures.dropped else ""
    return f"Done {figures.done_of_planned} of {len(figures.planned)} planned{extra}{dropped}"


def category_rows(figures: Figures) -> list[tuple[str, int, int]]:
    rows = [(category.value.capitalize(), figures.by_category[category].planned, figures.by_category[category].done)
            for category in Category]
    rows.append(("Total", len(figures.planned), len(figures.done)))
    return rows


def score_text(score: float | None) -> str:
    return "-" if score is None else f"{score:.2f}"


def confidence_text(objective: Objective) -> str:
    if not objective.confidence:
        return "no confidence recorded"
    history = " → ".join(str(entry.value) for entry in objective.confidence[-6:])
    return f"confidence {history} /10"


# -- JSON --------------------------------------------------------------------------------------
def _task_brief(task: Task) -> dict[str, Any]:
    return {"id": task.id, "title": task.title, "category": task.category.value, "kind": task.kind}


def objective_json(view: ObjectiveView) -> dict[str, Any]:
    objective = view.objective
    return {
        "id": objective.id,
        "quarter_start": objective.quarter_start.isoformat(),
        "text": objective.text,
        "score": None if view.score is None else round(view.score, 2),
        "warning": objective.warning,
        "key_results": [
            {"ref": f"{objective.id}.{number}", "text": kr.text, "target": kr.target, "unit": kr.unit,
             "done": kr.progress(view.fed), "key_task_id": kr.key_task_id,
             "score": round(kr.score(view.fed), 2), "score_overridden": kr.score_override is not None}
            for number, kr in enumerate(objective.key_results, start=1)
        ],
        "confidence": [{"week_start": c.week_start.isoformat(), "value": c.value} for c in objective.confidence],
    }


def review_json(view: ReviewView) -> dict[str, Any]:
    figures = view.figures
    data: dict[str, Any] = {
        "stage": view.stage.value,
        "period": view.period.label,
        "date": view.period.start.isoformat(),
        "end": figures.days[-1].isoformat(),
        "empty": figures.is_empty,
        "planned": len(figures.planned),
        "done": len(figures.done),
        "done_of_planned": figures.done_of_planned,
        "unplanned_done": figures.unplanned_done,
        "dropped": len(figures.dropped),
        "by_category": {category.value: {"planned": row.planned, "done": row.done}
                        for category, row in figures.by_category.items()},
        "finished": [_task_brief(task) for task in figures.done],
        "unfinished": [_task_brief(task) for task in figures.unfinished],
        "batches": {"runs": figures.batches.runs, "minutes": figures.batches.minutes,
                    "items_done": figures.batches.items_done, "small_done": figures.batches.small_done},
        "switches_saved": figures.batches.switches_saved,
        "blockers_by_cause": figures.blockers.as_json(),
        "open_blockers": [{"title": line.task_title, "cause": line.cause.value, "age": line.age,
                           "person": line.person, "note": line.note} for line in figures.blockers.open_now],
        "key_tasks": {row.stage.value: row.as_json() for row in figures.key_tasks},
        "routine_flags": list(view.flags),
    }
    for heading in headings_for(view.stage):
        data[heading] = view.review.text(heading)
    if view.stage is Stage.DAY:
        data["standup"] = view.standup
        data["closed"] = view.review.closed.isoformat(timespec="seconds") if view.review.closed else None
        data["trend"] = [{"date": row.day.isoformat(), "planned": row.planned, "done": row.done,
                          "key_progress": round(row.key_progress, 1)} for row in view.trend]
    else:
        data["sub_key_tasks"] = [row.as_json() for row in view.sub_key_tasks]
        data["objectives"] = [objective_json(objective) for objective in view.objectives]
    return data


# -- Markdown and plain text -------------------------------------------------------------------
def _heading_title(view: ReviewView) -> str:
    return f"{TITLES[view.stage]}: {view.period.label}"


def _sections(view: ReviewView) -> list[tuple[str, list[str]]]:
    """The review as titled blocks of plain lines; Markdown and text differ only in decoration."""
    figures = view.figures
    sections: list[tuple[str, list[str]]] = []
    if figures.is_empty:
        sections.append(("", ["Nothing was recorded for this period."]))
    sections.append(("Key tasks", [f"{row.stage.value.capitalize()} ({row.period.label}): {key_line(row)}"
                                   for row in figures.key_tasks]))
    if view.sub_key_tasks:
        label = "Each day" if view.stage is Stage.WEEK else "Each week"
        sections.append((label, [f"{row.period.label}: {key_line(row)}" for row in view.sub_key_tasks]))
    sections.append(("Finished", _capped([task.title for task in figures.done]) or ["nothing"]))
    if figures.unfinished:
        sections.append(("Unfinished", _capped([task.title for task in figures.unfinished])))
    sections.append(("Batches", [batches_line(figures)]))
    blocker_lines = [
        f"{cause.value}: {figures.blockers.opened[cause]} opened, {figures.blockers.resolved[cause]} resolved, "
        f"{figures.blockers.still_open[cause]} open"
        for cause in Cause
        if figures.blockers.opened[cause] or figures.blockers.resolved[cause] or figures.blockers.still_open[cause]
    ] or ["none"]
    for line in figures.blockers.open_now:
        who = f", {line.person}" if line.person else ""
        blocker_lines.append(f"open: {line.task_title} ({line.cause.value}{who}, {line.age})")
    sections.append(("Blockers", blocker_lines))
    if view.flags:
        sections.append(("Key variables off expectation", list(view.flags)))
    if view.stage is not Stage.DAY:
        okr_lines = []
        for objective_view in view.objectives:
            objective = objective_view.objective
            okr_lines.append(f"{objective.id}. {objective.text}: score {score_text(objective_view.score)}, "
                             f"{confidence_text(objective)}")
            for number, kr in enumerate(objective.key_results, start=1):
                okr_lines.append(f"  {objective.id}.{number} {kr.text}: {kr.describe(objective_view.fed)}, "
                                 f"score {kr.score(objective_view.fed):.2f}")
        sections.append(("Objectives", okr_lines or ["none set for this quarter"]))
    for heading in headings_for(view.stage):
        sections.append((HEADING_PROMPTS[heading], view.review.text(heading).splitlines() or ["-"]))
    if view.stage is Stage.DAY:
        sections.append(("Stand-up", view.standup.splitlines()))
        closed = view.review.closed
        sections.append(("", [f"Day closed at {closed:%H:%M}." if closed else "Day not closed."]))
    return sections


def _capped(titles: list[str], limit: int = LIST_LIMIT) -> list[str]:
    """A quarter can finish hundreds of tasks; a status report wants the first few and a count."""
    if len(titles) <= limit:
        return titles
    return titles[:limit] + [f"... and {len(titles) - limit} more"]


def review_markdown(view: ReviewView) -> str:
    figures = view.figures
    out = [f"# {_heading_title(view)}", ""]
    for title, lines in _sections(view):
        if title == "Finished":
            out += ["## Planned vs done", "", "| | Planned | Done |", "|---|---:|---:|"]
            out += [f"| {name} | {planned} | {done} |" for name, planned, done in category_rows(figures)]
            out += ["", f"{totals_line(figures)}.", ""]
        if title in ("Stand-up",):
            out += [f"## {title}", ""] + [f"{line}  " if i < len(lines) - 1 else line for i, line in enumerate(lines)] + [""]
        elif title in HEADING_PROMPTS.values():
            if len(lines) == 1:
                out += [f"**{title}:** {lines[0]}", ""]
            else:
                out += [f"**{title}:**", ""] + [f"- {line}" for line in lines] + [""]
        elif title:
            out += [f"## {title}", ""] + [_md_bullet(line) for line in lines] + [""]
        else:
            out += lines + [""]
    return "\n".join(out).rstrip() + "\n"


def _md_bullet(line: str) -> str:
    indent = len(line) - len(line.lstrip(" "))
    return f"{'  ' * (indent // 2)}- {line.strip()}"


def review_text(view: ReviewView) -> str:
    figures = view.figures
    title = _heading_title(view)
    out = [title, "=" * len(title), ""]
    for heading, lines in _sections(view):
        if heading == "Finished":
            out += ["Planned vs done"]
            out += [f"  {name:<14}{planned:>8}{done:>6}" for name, planned, done in
                    [("", "planned", "done")] + category_rows(figures)]  # type: ignore[list-item]
            out += [f"  {totals_line(figures)}.", ""]
        if heading:
            out.append(heading)
        out += [f"  {line}" for line in lines] + [""]
    return "\n".join(out).rstrip() + "\n"
