"""Snapshot tests of every screen and dialog: fixed clock, fixed size, no animation or blinking."""

from __future__ import annotations

import pytest

import shutil
import tempfile
from pathlib import Path

from focus_tui.storage import Store

from tests.apphelpers import make_app, seed_realistic_board, seed_realistic_day


@pytest.fixture
def stable_data_dir(monkeypatch):
    """Screens that print the data dir need the same path on every run to compare."""
    path = Path(tempfile.gettempdir()) / "focus-tui-snapshot-data"
    shutil.rmtree(path, ignore_errors=True)
    monkeypatch.setenv("FOCUS_HOME", str(path))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.mark.parametrize("size", [(80, 24), (60, 20), (160, 48)], ids=["80x24", "60x20", "160x48"])
def test_board_with_a_realistic_day(snap_compare, data_dir, clock, size):
    seed_realistic_board(data_dir, clock)
    assert snap_compare(make_app(data_dir, clock), terminal_size=size)


def test_board_empty_says_what_to_do(snap_compare, data_dir, clock):
    assert snap_compare(make_app(data_dir, clock), terminal_size=(80, 24))


@pytest.mark.parametrize("size", [(80, 24), (60, 20)], ids=["80x24", "60x20"])
def test_help_screen(snap_compare, data_dir, clock, size):
    seed_realistic_day(data_dir, clock)
    assert snap_compare(make_app(data_dir, clock), terminal_size=size, press=["question_mark"])


def test_add_dialog_shows_a_bad_date_inline(snap_compare, data_dir, clock):
    async def type_bad_date(pilot):
        await pilot.press("a")
        await pilot.press(*"Call the printer ^2026-02-30")
        await pilot.press("enter")
        await pilot.pause()

    assert snap_compare(make_app(data_dir, clock), terminal_size=(80, 24), run_before=type_bad_date)


def test_data_problem_dialog(snap_compare, stable_data_dir, clock):
    seed_realistic_day(stable_data_dir, clock)
    clock.advance(days=1)
    Store(stable_data_dir, clock).open().complete_task(2)  # a new day's first change makes a backup
    (stable_data_dir / "focus.json").write_bytes(b"\x00\x01 not json")
    assert snap_compare(make_app(stable_data_dir, clock), terminal_size=(80, 24))


def test_read_only_banner(snap_compare, stable_data_dir, clock, monkeypatch):
    seed_realistic_day(stable_data_dir, clock)
    monkeypatch.setattr(Store, "_probe_writable", lambda self: False)
    assert snap_compare(make_app(stable_data_dir, clock), terminal_size=(80, 24))


@pytest.mark.parametrize("size", [(80, 24), (60, 20)], ids=["80x24", "60x20"])
def test_key_task_dialog(snap_compare, data_dir, clock, size):
    seed_realistic_board(data_dir, clock)

    async def open_week_card(pilot):
        pilot.app.screen.query_one("#card-week").focus()
        await pilot.press("e")
        await pilot.pause()

    assert snap_compare(make_app(data_dir, clock), terminal_size=size, run_before=open_week_card)


def test_first_run_asks_for_the_quarters_key_task(snap_compare, data_dir, clock):
    assert snap_compare(make_app(data_dir, clock, first_run=True), terminal_size=(80, 24))


def test_quick_add_shows_what_it_parsed(snap_compare, data_dir, clock):
    seed_realistic_board(data_dir, clock)

    async def type_line(pilot):
        await pilot.press("a", *"Reply to Bob #email ~10m !transactional ^mon")
        await pilot.pause()

    assert snap_compare(make_app(data_dir, clock), terminal_size=(80, 24), run_before=type_line)


def test_micro_goals_dialog(snap_compare, data_dir, clock):
    seed_realistic_board(data_dir, clock)

    async def open_goals(pilot):
        pilot.app.screen.query_one("#card-day").focus()
        await pilot.press("m")
        await pilot.pause()

    assert snap_compare(make_app(data_dir, clock), terminal_size=(80, 24), run_before=open_goals)


def test_log_progress_prompt(snap_compare, data_dir, clock):
    seed_realistic_board(data_dir, clock)

    async def open_progress(pilot):
        pilot.app.screen.query_one("#card-quarter").focus()
        await pilot.press("plus")
        await pilot.pause()

    assert snap_compare(make_app(data_dir, clock), terminal_size=(80, 24), run_before=open_progress)


def test_replace_confirmation(snap_compare, data_dir, clock):
    seed_realistic_board(data_dir, clock)

    async def ask_replace(pilot):
        pilot.app.screen.query_one("#card-day").focus()
        await pilot.press("n")
        await pilot.pause()

    assert snap_compare(make_app(data_dir, clock), terminal_size=(60, 20), run_before=ask_replace)


def test_task_details(snap_compare, data_dir, clock):
    seed_realistic_board(data_dir, clock)
    assert snap_compare(make_app(data_dir, clock), terminal_size=(80, 24), press=["enter"])


def test_filter(snap_compare, data_dir, clock):
    seed_realistic_board(data_dir, clock)
    assert snap_compare(make_app(data_dir, clock), terminal_size=(80, 24), press=["slash", *"email"])


@pytest.mark.parametrize("size", [(80, 24), (60, 20)], ids=["80x24", "60x20"])
def test_blocker_dialog_with_people_chosen(snap_compare, data_dir, clock, size):
    seed_realistic_board(data_dir, clock)
    assert snap_compare(make_app(data_dir, clock), terminal_size=size, press=["b", "p"])


@pytest.mark.parametrize("size", [(80, 24), (60, 20)], ids=["80x24", "60x20"])
def test_blockers_screen(snap_compare, data_dir, clock, size):
    from datetime import datetime

    store = seed_realistic_board(data_dir, clock)
    now = clock.now()
    clock.set(datetime.fromisoformat("2026-11-19T15:00:00+00:00"))
    store.block_task(4, "budget", note="The card limit is reached")
    clock.set(now)
    store.block_task(3, "people", person="Ana", note="needs the venue quote")
    clock.advance(minutes=40)
    assert snap_compare(make_app(data_dir, clock), terminal_size=size, press=["B"])


def _seed_small(data_dir, clock):
    from datetime import date

    from focus_tui.domain.tasks import new_task

    store = seed_realistic_board(data_dir, clock)
    for title, kind, minutes in (("Reply to Bob about the slides", "email", 10), ("Send Carla the invoice", "email", 5),
                                 ("Call the printer", "calls", 5)):
        store.add_task(new_task(title, clock.now(), kind=kind, minutes=minutes, day=date(2026, 11, 21)))
    return store


@pytest.mark.parametrize("size", [(80, 24), (60, 20)], ids=["80x24", "60x20"])
def test_queue_screen(snap_compare, data_dir, clock, size):
    _seed_small(data_dir, clock)
    assert snap_compare(make_app(data_dir, clock), terminal_size=size, press=["Q"])


@pytest.mark.parametrize("size", [(80, 24), (60, 20)], ids=["80x24", "60x20"])
def test_running_batch(snap_compare, data_dir, clock, size):
    _seed_small(data_dir, clock)

    async def start_and_work(pilot):
        await pilot.press("Q", "enter")
        await pilot.pause()
        clock.advance(minutes=3, seconds=12)
        await pilot.press("space")
        await pilot.pause()

    assert snap_compare(make_app(data_dir, clock), terminal_size=size, run_before=start_and_work)
