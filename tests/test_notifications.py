"""The end of a timebox, an aging blocker and the review offer: the bell, the in-app notice and the
desktop notice, each as `[notifications]` allows (Pilot, with app.bell counted and a fake notify-send)."""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path

import pytest

from focus_tui.domain.blockers import Cause
from focus_tui.domain.tasks import new_task
from focus_tui.notifications import notify_desktop
from focus_tui.screens.batch import CarryOverDialog
from focus_tui.storage import Store
from tests.apphelpers import make_app, run_app

TODAY = date(2026, 11, 21)  # a Saturday


def write_config(isolated_env, text: str) -> None:
    path = Path(isolated_env["FOCUS_CONFIG"])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def counted(app) -> list[int]:
    bells: list[int] = []
    app.bell = lambda: bells.append(1)
    return bells


def notes(app, title: str) -> list[str]:
    return [note.message for note in app._notifications if note.title == title]


@pytest.fixture
def fake_notify_send(tmp_path, monkeypatch) -> Path:
    """A notify-send on PATH that appends its arguments to a file."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    record = tmp_path / "notified.txt"
    fake = bin_dir / "notify-send"
    fake.write_text(f'#!/bin/sh\necho "$@" >> {record}\n')
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    return record


async def wait_for(path: Path, pilot) -> None:
    for _ in range(50):
        if path.exists():
            return
        await pilot.pause(0.02)


# -- the end of a timebox -------------------------------------------------------------------------------


def run_a_timebox_out(data_dir, clock):
    store = Store(data_dir, clock).open()
    for title in ("Reply to Ana", "Reply to Bob"):
        store.add_task(new_task(title, clock.now(), kind="email", minutes=5, day=TODAY))
    app = make_app(data_dir, clock)
    bells = counted(app)

    async def scenario(pilot):
        await pilot.press("Q", "enter")
        await pilot.pause()
        clock.advance(minutes=11)
        app.screen.tick()
        await pilot.pause()
        return type(app.screen)

    screen = run_app(app, scenario)
    return screen, len(bells), notes(app, "Time is up")


@pytest.mark.parametrize("config, bells, noticed", [
    ("", 1, True),
    ("[notifications]\nbell = false\n", 0, True),
    ("[notifications]\ntimebox = false\n", 0, False),
], ids=["default", "bell off", "timebox off"])
def test_the_end_of_a_timebox(data_dir, clock, isolated_env, config, bells, noticed):
    write_config(isolated_env, config)
    screen, rang, messages = run_a_timebox_out(data_dir, clock)
    assert screen is CarryOverDialog  # the decision about the rest comes whatever the switches say
    assert rang == bells
    assert messages == (["The email timebox is over."] if noticed else [])


# -- aging blockers -------------------------------------------------------------------------------------


def seed_blockers(data_dir, clock) -> None:
    """One blocker opened on Thursday (a working day ago by Saturday), one opened this morning."""
    now = clock.now()
    clock.set(datetime.fromisoformat("2026-11-19T10:00:00+00:00"))
    store = Store(data_dir, clock).open()
    old = store.add_task(new_task("Send the [b]deck[/b] to Marta", clock.now(), day=date(2026, 11, 19)))
    store.block_task(old.id, Cause.PEOPLE, person="Marta")
    clock.set(now)
    fresh = store.add_task(new_task("Order the test phone", clock.now(), day=TODAY))
    store.block_task(fresh.id, Cause.RESOURCE)


def test_an_aging_blocker_is_announced_once_a_day(data_dir, clock, isolated_env):
    seed_blockers(data_dir, clock)
    app = make_app(data_dir, clock)
    bells = counted(app)

    async def scenario(pilot):
        await pilot.pause()
        first = list(notes(app, "Raise it with your lead"))
        app.check_for_outside_changes()  # the same day: nothing new
        app._announce_aging_blockers()
        same_day = len(notes(app, "Raise it with your lead"))
        clock.advance(days=2)  # Monday: still open
        app.check_for_outside_changes()
        await pilot.pause()
        return first, same_day, notes(app, "Raise it with your lead")

    first, same_day, later = run_app(app, scenario)
    assert first == ["Send the [b]deck[/b] to Marta (people, open 47h): stuck since Thu: raise it with your lead."]
    assert same_day == 1
    assert len(later) == 2 and later[1].startswith("2 blockers are stuck")  # Monday: the morning's one too
    assert "Order the test phone (resource, open 2d)" in later[1]
    assert len(bells) == 2


def test_aging_blockers_can_be_switched_off(data_dir, clock, isolated_env):
    write_config(isolated_env, "[notifications]\naging_blockers = false\n")
    seed_blockers(data_dir, clock)
    app = make_app(data_dir, clock)
    bells = counted(app)

    async def scenario(pilot):
        await pilot.pause()
        return notes(app, "Raise it with your lead")

    assert run_app(app, scenario) == [] and bells == []


# -- the review offer -----------------------------------------------------------------------------------


@pytest.mark.parametrize("switch, offers", [("true", 1), ("false", 0)])
def test_the_review_offer_once_a_day_and_its_switch(data_dir, clock, isolated_env, switch, offers):
    write_config(isolated_env, f'[review]\ntime = "09:00"\n[notifications]\nreview_offer = {switch}\n')
    app = make_app(data_dir, clock, poll_seconds=0.02)
    bells = counted(app)

    async def scenario(pilot):
        await pilot.pause(0.3)  # many polls
        return notes(app, "End of day"), bool(app.screen.query_one("FocusHeader").review_text)

    messages, header_shown = run_app(app, scenario)
    assert len(messages) == offers and len(bells) == offers
    assert header_shown  # the quiet reminder in the header stays either way


# -- the desktop ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("desktop", [True, False])
def test_desktop_notices_go_through_notify_send_only_when_enabled(data_dir, clock, isolated_env, fake_notify_send,
                                                                   desktop):
    write_config(isolated_env, f"[notifications]\ndesktop = {str(desktop).lower()}\n")
    seed_blockers(data_dir, clock)
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        await wait_for(fake_notify_send, pilot)

    run_app(app, scenario)
    if desktop:
        assert "focus: raise it with your lead Send the [b]deck[/b] to Marta" in fake_notify_send.read_text()
    else:
        assert not fake_notify_send.exists()


def test_without_notify_send_a_desktop_notice_is_skipped_quietly(data_dir, clock, isolated_env, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert notify_desktop("focus: test", "body") is False
    write_config(isolated_env, "[notifications]\ndesktop = true\n")
    seed_blockers(data_dir, clock)
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        await pilot.pause()
        return notes(app, "Raise it with your lead")

    assert len(run_app(app, scenario)) == 1
