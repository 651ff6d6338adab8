"""Helpers for driving the real app in tests: a fixed clock, fixed size, no blinking, temp data."""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path
from typing import Callable

from focus_tui.app import FocusApp
from focus_tui.domain.clock import FixedClock
from focus_tui.domain.tasks import Category, Status, new_task
from focus_tui.storage import Store


def make_app(data_dir: Path, clock: FixedClock, **options) -> FocusApp:
    options.setdefault("cursor_blink", False)
    options.setdefault("first_run", False)
    return FocusApp(clock=clock, data_dir=data_dir, **options)


def run_app(app: FocusApp, scenario: Callable, size: tuple[int, int] = (80, 24)):
    async def main():
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            return await scenario(pilot)

    return asyncio.run(main())


def seed_realistic_day(data_dir: Path, clock: FixedClock) -> Store:
    """A plausible Saturday morning: planning work, routine, small transactional things."""
    store = Store(data_dir, clock).open()
    today = date(2026, 11, 21)
    now = clock.now()
    specs = [
        ("Draft the Q1 community plan", dict(category=Category.PLANNING, minutes=90, purpose="The plan the whole quarter hangs on")),
        ("Weekly metrics report", dict(category=Category.ROUTINE, kind="report", minutes=30)),
        ("Reply to Ana about the venue", dict(category=Category.TRANSACTIONAL, kind="email", minutes=5)),
        ("Expense form for October", dict(category=Category.TRANSACTIONAL, kind="forms", minutes=10)),
        ("Review [bold]feedback[/bold] from the beta", dict(category=Category.ROUTINE, kind="feedback", minutes=15)),
    ]
    for title, fields in specs:
        store.add_task(new_task(title, now, day=today, **fields))
    store.edit_task(1, status=Status.DOING)
    done = store.add_task(new_task("Book the webinar room", now, day=today, category=Category.TRANSACTIONAL, kind="email"))
    store.complete_task(done.id)
    store.add_task(new_task("Prepare Monday's 1:1", now, day=date(2026, 11, 23)))
    return store


def seed_realistic_board(data_dir: Path, clock: FixedClock) -> Store:
    """seed_realistic_day plus the three key tasks with progress, micro goals, a task carried from
    yesterday, a directive and a task linked to the day's key task."""
    from datetime import datetime, timedelta

    from focus_tui.config import Config
    from focus_tui.domain.keytasks import add_micro_goal, toggle_micro_goal
    from focus_tui.domain.periods import Stage
    from focus_tui.stages import log_stage_progress, set_key_task

    store = seed_realistic_day(data_dir, clock)
    config = Config()
    now = clock.now()
    # Stated when their periods began, as a person would, so the pace reflects the whole period.
    clock.set(datetime.fromisoformat("2026-10-01T09:00:00+00:00"))
    set_key_task(store, config, Stage.QUARTER, "Grow the community to 5,000 members", target=5000, unit="members",
                 purpose="Members are the product", objective="Community-led growth")
    clock.set(datetime.fromisoformat("2026-11-16T09:00:00+00:00"))
    set_key_task(store, config, Stage.WEEK, "Launch the new onboarding flow", target=40, unit="signups",
                 purpose="New members need a first win in week one")
    log_stage_progress(store, config, Stage.WEEK, 31)
    log_stage_progress(store, config, Stage.QUARTER, 2100)
    clock.set(now)
    day = set_key_task(store, config, Stage.DAY, "Run the launch webinar", purpose="Show the flow to 200 people")
    log_stage_progress(store, config, Stage.QUARTER, 140)
    for step in ("Send the invite", "Rehearse the demo", "Prepare Q&A answers"):
        store.update_key_task(day.id, lambda key, step=step: add_micro_goal(key, step, now), "add a step to")
    store.update_key_task(day.id, lambda key: toggle_micro_goal(key, 0, now), "tick a step of")
    store.add_task(new_task("Fix the signup email typo", now, day=date(2026, 11, 21), category=Category.TRANSACTIONAL,
                            kind="email", minutes=5, key_task_id=day.id))
    store.add_task(new_task("Send the board deck to Marta", now, day=date(2026, 11, 21), directive=True, minutes=20))
    store.add_task(new_task("Draft the newsletter", now - timedelta(days=1), day=date(2026, 11, 20), kind="writing"))
    return store
