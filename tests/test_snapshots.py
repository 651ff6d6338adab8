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


# -- objectives and key results (OkrScreen) ----------------------------------------------------
async def _open_okr(pilot):
    from focus_tui.screens.okr import OkrScreen

    await pilot.pause()
    pilot.app.push_screen(OkrScreen())
    await pilot.pause()


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_okr_screen(snap_compare, data_dir, clock, size):
    from tests.test_okr_app import seed_okr

    seed_okr(data_dir, clock)
    assert snap_compare(make_app(data_dir, clock), terminal_size=size, run_before=_open_okr)


def test_okr_screen_empty_says_what_to_do(snap_compare, data_dir, clock):
    assert snap_compare(make_app(data_dir, clock), terminal_size=(80, 24), run_before=_open_okr)


def test_okr_key_result_dialog(snap_compare, data_dir, clock):
    from tests.test_okr_app import seed_okr

    seed_okr(data_dir, clock)

    async def add_key_result(pilot):
        await _open_okr(pilot)
        await pilot.press("k", *"Reach 10,000", "tab", "0", "enter")
        await pilot.pause()

    assert snap_compare(make_app(data_dir, clock), terminal_size=(60, 20), run_before=add_key_result)


def _seed_review_day(data_dir, clock):
    """The realistic board with a blocker, two more finished tasks and what the person wrote."""
    from datetime import date

    from focus_tui.domain.periods import Stage

    store = seed_realistic_board(data_dir, clock)
    store.block_task(3, "people", person="Ana", note="needs the venue quote")
    store.complete_task(2)
    store.complete_task(8)
    store.write_review(Stage.DAY, date(2026, 11, 21), highlights="Webinar room booked early",
                       shortcomings="Too many small tasks before noon")
    return store


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_daily_review(snap_compare, data_dir, clock, size):
    _seed_review_day(data_dir, clock)
    assert snap_compare(make_app(data_dir, clock), terminal_size=size, press=["R"])


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_week_review(snap_compare, data_dir, clock, size):
    _seed_review_day(data_dir, clock)
    assert snap_compare(make_app(data_dir, clock), terminal_size=size, press=["R", "greater_than_sign"])


def test_close_day_dialog(snap_compare, data_dir, clock):
    _seed_review_day(data_dir, clock)
    assert snap_compare(make_app(data_dir, clock), terminal_size=(80, 24), press=["R", "c"])


def _seed_routines(data_dir, clock):
    """A week of routines: daily values with a trend, a missed day, a weekly report, a paused one."""
    from datetime import datetime

    from focus_tui.domain.routines import new_routine

    store = seed_realistic_day(data_dir, clock)
    now = clock.now()
    clock.set(datetime.fromisoformat("2026-11-16T08:30:00+00:00"))
    store.add_routine(new_routine("Community check", "daily", clock.now(), store.today(), kind="community", minutes=20,
                                  steps=["Count new members", "Welcome them", "Answer open questions"],
                                  variables=["new members >= 30", "reply time <= 2 h"]))
    store.add_routine(new_routine("Weekly report", "fri", clock.now(), store.today(), kind="report", minutes=45,
                                  steps=["Pull the numbers", "Write three lines", "Send it"],
                                  variables=["key results on track >= 3"]))
    store.add_routine(new_routine("Monthly expenses", "monthly on the last day", clock.now(), store.today(),
                                  steps=["Collect receipts", "File the report"]))
    store.pause_routine(3, True)
    for members, reply in ((34, 1.5), (41, 1), (29, 2.5), (36, 1.2)):  # Mon-Thu; Friday passes unopened
        store.ensure_routine_instances()
        task = next(t for t in store.tasks() if t.routine_id == 1 and t.routine_day == store.today())
        store.complete_routine_instance(task.id)
        store.log_routine_values(task.id, {"new members": members, "reply time": reply})
        clock.advance(days=1)
    clock.set(now)
    store.ensure_routine_instances()
    task = next(t for t in store.tasks() if t.routine_id == 1 and t.routine_day == store.today())
    store.toggle_routine_step(task.id, 0)
    store.log_routine_values(task.id, {"new members": 18})
    return store


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_routines_screen(snap_compare, data_dir, clock, size):
    _seed_routines(data_dir, clock)
    assert snap_compare(make_app(data_dir, clock), terminal_size=size, press=["P"])


def test_routine_checklist_dialog(snap_compare, data_dir, clock):
    store = _seed_routines(data_dir, clock)
    task_id = next(t.id for t in store.tasks() if t.routine_id == 1 and t.routine_day == store.today())

    async def open_checklist(pilot):
        pilot.app.screen.tasks_list.highlight_task(task_id)
        await pilot.press("enter")
        await pilot.pause()

    assert snap_compare(make_app(data_dir, clock), terminal_size=(80, 24), run_before=open_checklist)


BUNDLED_THEMES = ["focus-dark", "focus-light", "focus-high-contrast", "focus-ember"]


@pytest.mark.parametrize("theme", BUNDLED_THEMES)
def test_board_in_each_bundled_theme(snap_compare, data_dir, clock, isolated_env, theme):
    """The same realistic board, two blockers included, in every bundled theme: categories, pace
    and causes in their theme colours."""
    config = Path(isolated_env["FOCUS_CONFIG"])
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(f'theme = "{theme}"\n', encoding="utf-8")
    store = seed_realistic_board(data_dir, clock)
    store.block_task(4, "budget", note="The card limit is reached")
    store.block_task(3, "people", person="Ana")
    assert snap_compare(make_app(data_dir, clock), terminal_size=(80, 24))
