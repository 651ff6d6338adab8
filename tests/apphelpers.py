"""Helpers for driving the real app in tests: a fixed clock, fixed size, no blinking, temp data."""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path
from typing import Awaitable, Callable

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
