"""The three stages as the board and `focus status` see them: each period's key task and its pace."""

from __future__ import annotations

from datetime import date
from typing import Any
from weakref import WeakKeyDictionary

from focus_tui.config import Config
from focus_tui.domain.clock import work_day
from focus_tui.domain.keytasks import KeyTask, format_goal, log_progress, new_key_task
from focus_tui.domain.pacing import ALL_DAYS, Pace, pace
from focus_tui.domain.periods import Period, Stage, period_for
from focus_tui.domain.records import record
from focus_tui.domain.validation import ValidationError
from focus_tui.storage import Store, StorageError
from focus_tui.storage.store import KEY_TASKS

# Quarter first: each stage serves the one above it.
STAGES = (Stage.QUARTER, Stage.WEEK, Stage.DAY)
PARENT = {Stage.DAY: Stage.WEEK, Stage.WEEK: Stage.QUARTER, Stage.QUARTER: None}


class NoKeyTaskError(StorageError):
    """Progress or an edit for a stage that has no key task yet."""


@record
class StageView:
    """What a stage card shows: the period's key task, its pace and the key task it serves."""

    stage: Stage
    period: Period
    key: KeyTask | None
    pace: Pace | None
    parent: KeyTask | None

    def as_json(self) -> dict[str, Any] | None:
        """The `focus status --json` object of a stage (null when it has no key task)."""
        if self.key is None:
            return None
        key = self.key
        return {
            "id": key.id,
            "text": key.text,
            "purpose": key.purpose,
            "target": key.target,
            "unit": key.unit,
            "done": key.done,
            "done_today": self.pace.done_today if self.pace else None,
            "catch_up": round(self.pace.catch_up_today, 2) if self.pace else None,
            "ahead": round(self.pace.ahead_by, 2) if self.pace else None,
            "expected": round(self.pace.expected_before_today, 2) if self.pace else None,
            "days_left": self.pace.days_left if self.pace else None,
            "micro_goals_done": key.micro_done,
            "micro_goals": len(key.micro_goals),
            "period": self.period.label,
            "period_start": self.period.start.isoformat(),
            "serves": self.parent.text if self.parent else None,
            "objective": key.objective,
        }


def catch_up_goal(view: StageView) -> str | None:
    """What each pacing day left must bring to land on the target, as the card and the progress
    prompt both show it (rounded up for a unit counted whole: 13.2 sign-ups a day is 14). None
    once the target is met or the period has no pacing day left."""
    pace, key = view.pace, view.key
    if pace is None or key is None or not key.target or not pace.days_left or key.done >= key.target:
        return None
    return format_goal(pace.catch_up_today, float(key.target).is_integer())


def period_of(stage: Stage, day: date, config: Config) -> Period:
    return period_for(stage, day, week_start=config.week_start, fiscal_start_month=config.fiscal_year_start_month)


def stage_view(store: Store, config: Config, stage: Stage, today: date) -> StageView:
    period = period_of(stage, today, config)
    key = store.current_key_task(period)
    key_pace = None
    if key is not None and key.target is not None:
        days = config.working_days if config.pace_over_working_days else ALL_DAYS
        stated = work_day(key.created, store.day_start_hour)
        key_pace = pace(period, today, key.target, key.done, key.done_on(today), days, since=stated)
    parent = None
    if key is not None and key.parent_id is not None:
        try:
            parent = store.key_task(key.parent_id)
        except StorageError:
            parent = None
    return StageView(stage, period, key, key_pace, parent)


_views_built: WeakKeyDictionary[Store, tuple[tuple[Any, ...], Config, dict[Stage, StageView]]] = WeakKeyDictionary()
"""Per store, the last views built and what they were built from: the board asks after every
change, and a quarter's pace alone walks its ninety-odd days."""


def stage_views(store: Store, config: Config, today: date) -> dict[Stage, StageView]:
    inputs = (store.versions(KEY_TASKS), today, store.day_start_hour)
    built = _views_built.get(store)
    if built is not None and built[0] == inputs and built[1] is config:
        return dict(built[2])
    views = {stage: stage_view(store, config, stage, today) for stage in STAGES}
    _views_built[store] = (inputs, config, views)
    return dict(views)


def set_key_task(store: Store, config: Config, stage: Stage, text: str, *, replace: bool = False, **fields: Any) -> KeyTask:
    """The new key task serves the current key task of the stage above, unless told otherwise."""
    today = store.today()
    period = period_of(stage, today, config)
    parent_id = fields.pop("parent_id", None)
    if parent_id is None and PARENT[stage] is not None:
        parent = store.current_key_task(period_of(PARENT[stage], today, config))
        parent_id = parent.id if parent else None
    key = new_key_task(period, text, store.clock.now(), parent_id=parent_id, **fields)
    return store.set_key_task(key, replace=replace)


def current_key_or_fail(store: Store, config: Config, stage: Stage) -> KeyTask:
    key = store.current_key_task(period_of(stage, store.today(), config))
    if key is None:
        raise NoKeyTaskError(f"the {stage.value} has no key task yet; set one first (focus key {stage.value} TEXT)")
    return key


def log_stage_progress(store: Store, config: Config, stage: Stage, amount: Any) -> KeyTask:
    key = current_key_or_fail(store, config, stage)
    if key.target is None:
        raise ValidationError(
            "progress", f"the {stage.value}'s key task has no target to count towards; give it one first"
        )
    today = store.today()
    return store.update_key_task(key.id, lambda current: log_progress(current, amount, store.clock.now(), today),
                                 "log progress on")
