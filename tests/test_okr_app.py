"""The OKR screen in the real app: every change is checked in the data file read back afresh."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.widgets import Input, OptionList, Static

from focus_tui.config import Config
from focus_tui.domain.clock import FixedClock
from focus_tui.domain.okr import RULE_OF_THREE, add_key_result, change_key_result, record_confidence, remove_key_result
from focus_tui.domain.periods import Stage
from focus_tui.screens.okr import OkrScreen
from focus_tui.stages import log_stage_progress, set_key_task
from focus_tui.storage import Store

from tests.apphelpers import make_app, run_app, seed_realistic_board

Q4 = date(2026, 10, 1)


def seed_okr(data_dir: Path, clock: FixedClock) -> Store:
    """The realistic board plus three Q4 objectives: one key result fed by the quarter key task, one
    score set by hand, weeks of confidence, and an objective with too few key results."""
    store = seed_realistic_board(data_dir, clock)
    quarter_key = store.current_key_task(_quarter())
    now = clock.now()
    plan = [
        ("Build a community people recommend to friends",
         [("Grow the community to 5,000 members", 5000, "members", None, quarter_key.id),
          ("Reach a 40% weekly active rate", 40, "%", 31, None),
          ("Publish 12 member stories on the blog", 12, "stories", 5, None)],
         [(date(2026, 11, 2), 6), (date(2026, 11, 9), 7), (date(2026, 11, 16), 7)]),
        ("Make onboarding effortless",
         [("Onboarding survey score of 8 or more", 8, "points", 6.5, None),
          ("Ship 5 onboarding improvements", 5, "improvements", 2, None)],
         [(date(2026, 11, 9), 5), (date(2026, 11, 16), 4)]),
        ("Run the team on a quarterly rhythm", [("Hold 3 quarterly planning sessions", 3, "sessions", 1, None)], []),
    ]
    for text, results, confidence in plan:
        objective = store.add_objective(Q4, text)

        def build(current, results=results, confidence=confidence):
            for kr_text, target, unit, done, key_id in results:
                current = add_key_result(current, now, kr_text, target, unit, key_task_id=key_id)
                if done is not None:
                    current = change_key_result(current, len(current.key_results), now, done=done)
            for week, value in confidence:
                current = record_confidence(current, week, value, now)
            return current

        store.update_objective(objective.id, build, "seed")
    store.update_objective(1, lambda current: change_key_result(current, 3, now, score=0.6), "seed")
    return store


def _quarter():
    from focus_tui.stages import period_of

    return period_of(Stage.QUARTER, date(2026, 11, 21), Config())


def fresh(data_dir: Path, clock: FixedClock) -> Store:
    return Store(data_dir, clock).open()


def seeded_app(data_dir: Path, clock: FixedClock):
    seed_okr(data_dir, clock)
    return make_app(data_dir, clock)


def with_objectives(data_dir: Path, clock: FixedClock, *texts: str) -> Store:
    store = fresh(data_dir, clock)
    for text in texts:
        store.add_objective(Q4, text)
    return store


async def open_okr(pilot, row: str | None = None) -> OkrScreen:
    """The OKR screen of today's quarter, with `row` ("o:1", "k:1:2") highlighted if given."""
    await pilot.pause()
    screen = OkrScreen()
    pilot.app.push_screen(screen)
    await pilot.pause()
    if row is not None:
        await highlight(pilot, row)
    return screen


async def press(pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await pilot.pause()


def shown(screen) -> str:
    """Every row of the list, the title and the empty text, as plain text."""
    option_list = screen.query_one("#okr-list", OptionList)
    rows = [str(option.prompt) for option in option_list.options]
    return "\n".join([str(screen.query_one("#okr-title").render()), *rows,
                      str(screen.query_one("#okr-empty", Static).render())])


async def highlight(pilot, row_id: str) -> None:
    option_list = pilot.app.screen.query_one("#okr-list", OptionList)
    option_list.highlighted = option_list.get_option_index(row_id)
    await pilot.pause()


def prompt(app) -> Input:
    return app.screen.query_one("#prompt-input", Input)


async def answer(pilot, text: str) -> None:
    """Replace what the open prompt holds with `text`, typed, then enter."""
    prompt(pilot.app).value = ""
    await press(pilot, *text, "enter")


def notes(app) -> list[str]:
    return [notification.message for notification in app._notifications]


# -- objectives --------------------------------------------------------------------------------
def test_the_fourth_objective_is_refused_and_not_written(data_dir, clock):
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        screen = await open_okr(pilot)
        assert "No objectives for Q4 2026 yet" in shown(screen)
        for text in ("Grow the community", "Make onboarding effortless", "Ship the mobile app"):
            await pilot.press("a")
            await answer(pilot, text)
        assert "Objectives · Q4 2026 · 3 of 3" in shown(screen)
        await press(pilot, "a")
        assert isinstance(app.screen, OkrScreen), "no dialog opens for a fourth"
        assert any(RULE_OF_THREE in note for note in notes(app))

    run_app(app, scenario)
    objectives = fresh(data_dir, clock).objectives(Q4)
    assert [o.text for o in objectives] == ["Grow the community", "Make onboarding effortless", "Ship the mobile app"]


def test_a_fourth_added_elsewhere_meanwhile_is_refused_by_the_store(data_dir, clock):
    """The dialog opened with room for one more; another process filled it before enter."""
    with_objectives(data_dir, clock, "One", "Two")
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        await open_okr(pilot)
        await press(pilot, "a")
        fresh(data_dir, clock).add_objective(Q4, "Three, from the CLI")
        await answer(pilot, "Four")
        assert any(RULE_OF_THREE in note for note in notes(app))

    run_app(app, scenario)
    assert [o.text for o in fresh(data_dir, clock).objectives(Q4)] == ["One", "Two", "Three, from the CLI"]


def test_edit_and_delete_an_objective_with_confirmation(data_dir, clock):
    with_objectives(data_dir, clock, "Grow the comunity", "Drop me")
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        screen = await open_okr(pilot)
        await press(pilot, "e")
        await answer(pilot, "Grow the community")
        await highlight(pilot, "o:2")
        await press(pilot, "D")
        await press(pilot, "n")
        assert len(fresh(data_dir, clock).objectives(Q4)) == 2, "no keeps it"
        await press(pilot, "delete")
        await press(pilot, "y")
        assert "Drop me" not in shown(screen)
        assert "1 of 3" in shown(screen)

    run_app(app, scenario)
    assert [o.text for o in fresh(data_dir, clock).objectives(Q4)] == ["Grow the community"]


# -- key results -------------------------------------------------------------------------------
def test_add_key_results_and_a_bad_target_keeps_the_dialog_open(data_dir, clock):
    with_objectives(data_dir, clock, "Grow the community")
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        screen = await open_okr(pilot)
        assert "has 0 key results" in shown(screen)
        for bad in ("0", "-1", "abc"):
            await press(pilot, "k")
            dialog = app.screen
            await press(pilot, *"Reach 10,000 members", "tab", *bad, "tab", *"members", "enter")
            assert app.screen is dialog, f"target {bad!r} closed the dialog"
            assert "target" in str(dialog.query_one("#kr-error", Static).render())
            await press(pilot, "escape")
        assert fresh(data_dir, clock).objective(1).key_results == ()
        await press(pilot, "k")
        await press(pilot, *"Reach 10,000 members", "tab", *"10k", "tab", *"members", "enter")
        await press(pilot, "k")
        await press(pilot, *"Publish 12 stories", "tab", *"12", "enter")
        text = shown(screen)
        assert "1.1 Reach 10,000 members" in text and "0 / 10,000 members" in text
        assert "1.2 Publish 12 stories" in text
        assert "⚠" not in text, "two key results: the warning is gone"

    run_app(app, scenario)
    results = fresh(data_dir, clock).objective(1).key_results
    assert [(kr.text, kr.target, kr.unit, kr.key_task_id) for kr in results] == [
        ("Reach 10,000 members", 10000.0, "members", None), ("Publish 12 stories", 12.0, "", None)]


def test_update_a_value_by_hand(data_dir, clock):
    app = seeded_app(data_dir, clock)

    async def scenario(pilot):
        screen = await open_okr(pilot, row="k:1:2")
        await press(pilot, "v")
        assert prompt(app).value == "31"
        await answer(pilot, "-3")
        assert "below zero" in str(app.screen.query_one("#prompt-error", Static).render())
        await answer(pilot, "36")
        assert "36 / 40 %" in shown(screen) and "0.90" in shown(screen)

    run_app(app, scenario, size=(120, 40))
    kr = fresh(data_dir, clock).objective(1).key_results[1]
    assert kr.done == 36 and kr.score() == 0.9


def test_a_fed_key_result_follows_the_quarter_key_task_and_refuses_a_typed_value(data_dir, clock):
    store = fresh(data_dir, clock)
    set_key_task(store, Config(), Stage.QUARTER, "Grow the community to 5,000 members", target=5000, unit="members")
    log_stage_progress(store, Config(), Stage.QUARTER, 1000)
    set_key_task(store, Config(), Stage.DAY, "Run the launch webinar")  # no target: nothing to count
    store.add_objective(Q4, "Build a community people recommend")
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        screen = await open_okr(pilot)
        await press(pilot, "k")
        dialog = app.screen
        fed = dialog.query_one("#kr-fed", OptionList)
        assert fed.option_count == 2, "none, and the quarter key task (the week has none, the day's has no target)"
        assert "Grow the community to 5,000 members" in str(fed.get_option_at_index(1).prompt)
        await press(pilot, *"Reach 5,000 members", "tab", "tab", "tab", "down")
        assert dialog.query_one("#kr-target", Input).value == "5,000", "the key task's target is offered"
        assert dialog.query_one("#kr-unit", Input).value == "members"
        await press(pilot, "enter")
        text = shown(screen)
        assert "1,000 / 5,000 members" in text and "0.20" in text
        assert "◆ fed by the quarter key task" in text
        log_stage_progress(fresh(data_dir, clock), Config(), Stage.QUARTER, 1500)
        app.check_for_outside_changes()
        await pilot.pause()
        assert "2,500 / 5,000 members" in shown(screen) and "0.50" in shown(screen)
        await press(pilot, "v")
        assert isinstance(app.screen, OkrScreen), "no prompt for a fed key result"
        assert any("fed by the quarter key task" in note for note in notes(app))

    run_app(app, scenario)
    kr = fresh(data_dir, clock).objective(1).key_results[0]
    assert kr.key_task_id == 1 and kr.done == 0 and kr.target == 5000


def test_override_a_score_then_clear_it(data_dir, clock):
    app = seeded_app(data_dir, clock)

    async def scenario(pilot):
        screen = await open_okr(pilot, row="k:2:2")
        await press(pilot, "s")
        await answer(pilot, "1.5")
        assert "outside 0.0-1.0" in str(app.screen.query_one("#prompt-error", Static).render())
        await answer(pilot, "0.7")
        assert fresh(data_dir, clock).objective(2).key_results[1].score_override == 0.7
        assert "0.70*" in shown(screen) and "set by hand (computed 0.40)" in shown(screen)
        await press(pilot, "s")
        assert prompt(app).value == "0.7"
        await answer(pilot, "")
        assert "set by hand (computed 0.40)" not in shown(screen)

    run_app(app, scenario)
    assert fresh(data_dir, clock).objective(2).key_results[1].score_override is None


def test_edit_a_key_result_keeps_its_feed(data_dir, clock):
    app = seeded_app(data_dir, clock)

    async def scenario(pilot):
        await open_okr(pilot, row="k:1:1")
        await press(pilot, "e")
        assert app.screen.query_one("#kr-target", Input).value == "5,000"
        app.screen.query_one("#kr-text", Input).value = "Grow to 5,000 members"
        await press(pilot, "enter")

    run_app(app, scenario)
    kr = fresh(data_dir, clock).objective(1).key_results[0]
    assert (kr.text, kr.key_task_id, kr.target) == ("Grow to 5,000 members", 1, 5000)


def test_delete_a_key_result_with_confirmation(data_dir, clock):
    app = seeded_app(data_dir, clock)

    async def scenario(pilot):
        screen = await open_okr(pilot, row="k:2:1")
        await press(pilot, "D")
        await press(pilot, "y")
        assert "Onboarding survey" not in shown(screen)
        assert "has 1 key result; an objective needs 2 to 5" in shown(screen)

    run_app(app, scenario)
    assert [kr.text for kr in fresh(data_dir, clock).objective(2).key_results] == ["Ship 5 onboarding improvements"]


def test_a_key_result_changed_elsewhere_meanwhile_is_not_touched(data_dir, clock):
    """Deleting 2.1 after the CLI removed it (so 2.2 became 2.1) must not delete the other one."""
    app = seeded_app(data_dir, clock)

    async def scenario(pilot):
        await open_okr(pilot, row="k:2:1")
        await press(pilot, "D")
        fresh(data_dir, clock).update_objective(2, lambda current: remove_key_result(current, 1, clock.now()), "cli")
        await press(pilot, "y")
        assert any("changed elsewhere meanwhile" in note for note in notes(app))

    run_app(app, scenario)
    assert [kr.text for kr in fresh(data_dir, clock).objective(2).key_results] == ["Ship 5 onboarding improvements"]


# -- confidence --------------------------------------------------------------------------------
def test_confidence_twice_in_one_week_keeps_one_entry(data_dir, clock):
    app = seeded_app(data_dir, clock)

    async def scenario(pilot):
        screen = await open_okr(pilot, row="k:3:1")  # a key result's row means its objective
        assert "c records this week's" in shown(screen).split("3  Run the team")[1]
        await press(pilot, "c")
        await answer(pilot, "11")
        assert "outside 1-10" in str(app.screen.query_one("#prompt-error", Static).render())
        await answer(pilot, "6")
        await press(pilot, "c")
        assert prompt(app).value == "6", "this week's value is offered"
        await answer(pilot, "8")
        assert "confidence 8 /10" in shown(screen)

    run_app(app, scenario)
    confidence = fresh(data_dir, clock).objective(3).confidence
    assert [(c.week_start, c.value) for c in confidence] == [(date(2026, 11, 16), 8)]


# -- quarters ----------------------------------------------------------------------------------
def test_quarter_navigation(data_dir, clock):
    store = seed_okr(data_dir, clock)
    store.add_objective(date(2027, 1, 1), "Open the second chapter")
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        screen = await open_okr(pilot)
        assert "Objectives · Q4 2026 · 3 of 3" in shown(screen)
        await press(pilot, "right_square_bracket")
        assert "Objectives · Q1 2027 · 1 of 3" in shown(screen) and "Open the second chapter" in shown(screen)
        await press(pilot, "c")
        assert isinstance(app.screen, OkrScreen), "confidence is for the running quarter only"
        await press(pilot, "left_square_bracket", "left_square_bracket")
        assert "No objectives for Q3 2026 yet" in shown(screen)
        await pilot.press("a")
        await answer(pilot, "Looking back")
        await press(pilot, "escape")
        assert not isinstance(app.screen, OkrScreen)

    run_app(app, scenario)
    assert [o.text for o in fresh(data_dir, clock).objectives(date(2026, 7, 1))] == ["Looking back"]


def test_the_realistic_quarter_reads_right(data_dir, clock):
    app = seeded_app(data_dir, clock)

    async def scenario(pilot):
        text = shown(await open_okr(pilot))
        assert "1  Build a community people recommend to friends" in text
        assert "confidence 6 → 7 → 7 /10" in text
        assert "1.1 Grow the community to 5,000 members" in text and "2,240 / 5,000 members" in text
        assert "0.60*" in text and "set by hand (computed 0.42)" in text
        # (0.448 + 0.775 + 0.6) / 3
        assert "0.61" in text.split("1.1")[0]
        assert "⚠ has 1 key result; an objective needs 2 to 5" in text

    run_app(app, scenario, size=(120, 40))
