"""The focus board driven through Textual's Pilot: the real app, real data files in the test's
FOCUS_HOME and a fixed clock. Each test checks what the screen shows and what is on disk, read back
through a fresh Store."""

from __future__ import annotations

import asyncio
from datetime import date, datetime
from pathlib import Path

from focus_tui.app import FocusApp
from focus_tui.config import Config
from focus_tui.dialogs.confirm import ConfirmDialog
from focus_tui.dialogs.key_task import KeyTaskDialog
from focus_tui.dialogs.micro_goals import MicroGoalsDialog
from focus_tui.dialogs.task_details import TaskDetailsDialog
from focus_tui.dialogs.text_prompt import TextPromptDialog
from focus_tui.domain.clock import FixedClock
from focus_tui.domain.periods import Stage
from focus_tui.domain.tasks import Category, Status, new_task
from focus_tui.screens.board import BoardScreen
from focus_tui.screens.help import HelpScreen
from focus_tui.stages import log_stage_progress, set_key_task
from focus_tui.storage import Store
from focus_tui.widgets.stage_card import StageCard

from tests.apphelpers import make_app, run_app, seed_realistic_day

SIZE = (100, 40)  # wide enough that no card line wraps, narrow enough that the cards stack
SATURDAY = date(2026, 11, 21)


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text + "+00:00")


def stored(data_dir: Path, clock) -> Store:
    """A fresh look at the files on disk, independent of the app's own Store."""
    return Store(data_dir, clock).open()


def rows(app: FocusApp) -> list[str]:
    task_list = app.screen.tasks_list
    return [str(task_list.get_option_at_index(i).prompt) for i in range(task_list.option_count)]


def row_titles(app: FocusApp) -> list[str]:
    """Each visible row's title, without the category mark, markers and details."""
    board = app.screen
    return [board.app.store.task(task_id).title for task_id in board.tasks_list.task_ids]


def card(app: FocusApp, stage: Stage) -> StageCard:
    return app.screen.query_one(f"#card-{stage.value}", StageCard)


def card_text(app: FocusApp, stage: Stage) -> str:
    """The card's lines as they are rendered at its current width."""
    widget = card(app, stage)
    return "\n".join(line.plain for line in widget.card_lines(widget.content_region.width))


def title_line(app: FocusApp) -> str:
    return str(app.screen.query_one("#today-title").render())


def prompt_error(app: FocusApp) -> str:
    return str(app.screen.query_one("#prompt-error").render())


async def wait_until(pilot, condition, seconds: float = 2.0) -> bool:
    for _ in range(int(seconds / 0.05)):
        if condition():
            return True
        await pilot.pause(0.05)
    return condition()


def seed_key_tasks(data_dir: Path, clock) -> Store:
    """Key tasks seen on Saturday 21 Nov 2026: the quarter's stated on 1 Oct and the week's on Monday
    16 Nov, with progress logged on Friday; the day's stated this morning. Q4 has 66 working days,
    37 of them before today; the week's five working days are all behind us; a Saturday paces over
    itself."""
    earlier = FixedClock(utc("2026-10-01T10:00:00"))
    store = stored(data_dir, earlier)
    config = Config()
    set_key_task(store, config, Stage.QUARTER, "Launch the community programme",
                 purpose="Members help each other", target="66", unit="calls")
    earlier.set(utc("2026-11-16T10:00:00"))
    set_key_task(store, config, Stage.WEEK, "Publish the onboarding guide",
                 purpose="New members find their way", target="5", unit="drafts")
    earlier.set(utc("2026-11-20T16:00:00"))
    log_stage_progress(store, config, Stage.QUARTER, "40")
    log_stage_progress(store, config, Stage.WEEK, "3")
    store = stored(data_dir, clock)
    set_key_task(store, config, Stage.DAY, "Write the FAQ page", purpose="Fewer repeat questions",
                 target="4", unit="pages")
    return store


# -- the three cards -----------------------------------------------------------------------------


def test_cards_show_key_task_purpose_alignment_progress_and_pace(data_dir, clock):
    seed_key_tasks(data_dir, clock)
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        return {stage: card_text(app, stage) for stage in Stage}

    cards = run_app(app, scenario, SIZE)
    quarter, week, day = cards[Stage.QUARTER], cards[Stage.WEEK], cards[Stage.DAY]
    assert quarter.startswith("QUARTER") and week.startswith("WEEK") and day.startswith("DAY")

    assert "Launch the community programme" in quarter
    assert "why: Members help each other" in quarter
    assert "↑" not in quarter  # nothing above the quarter
    # 66 calls over 66 working days: 37 expected by this morning, 40 done; (66 - 40) / 29 days left.
    # Saturday is not a working day, so the catch-up is shown for the working days ahead.
    assert "40/66 calls · ahead 3 · 1/workday" in quarter

    assert "Publish the onboarding guide" in week
    assert "why: New members find their way  ↑ Launch the community programme" in week
    # Saturday: the week's working days are over, so there is no "today" goal on the week.
    assert "3/5 drafts · behind 2" in week and "today" not in week

    assert "Write the FAQ page" in day
    assert "why: Fewer repeat questions  ↑ Publish the onboarding guide" in day
    assert "0/4 pages · on pace · today 0/4" in day


def test_the_methods_example_logged_through_the_week_card(data_dir):
    clock = FixedClock(utc("2026-11-16T10:00:00"))  # Monday
    set_key_task(stored(data_dir, clock), Config(), Stage.WEEK, "10,000 sign-ups", target="10000", unit="sign-ups")
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        card(app, Stage.WEEK).focus()
        await pilot.press("plus")
        assert isinstance(app.screen, TextPromptDialog)
        hint = str(app.screen.query_one("#prompt-hint").render())
        await pilot.press(*"1500", "enter")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        monday = card_text(app, Stage.WEEK)
        clock.advance(days=1)  # Tuesday 10:00
        app.data_version += 1
        await pilot.pause()
        return hint, monday, card_text(app, Stage.WEEK)

    hint, monday, tuesday = run_app(app, scenario, SIZE)
    assert "Done so far 0 of 10,000 sign-ups" in hint and "catch-up target: 2,000" in hint
    # Monday: the pace asked for nothing before this morning, so all of today's work counts as ahead.
    assert "1,500/10,000 sign-ups · ahead 1,500 · today 1,500/2,000" in monday
    assert "1,500/10,000 sign-ups · behind 500 · today 0/2,125" in tuesday
    [week] = stored(data_dir, clock).key_tasks()
    assert [(entry.day, entry.amount) for entry in week.progress] == [(date(2026, 11, 16), 1500.0)]


def test_the_progress_prompt_gives_the_cards_catch_up_figure_on_a_day_off(data_dir, clock):
    seed_key_tasks(data_dir, clock)  # Saturday: not a pacing day
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        shown = card_text(app, Stage.QUARTER)
        card(app, Stage.QUARTER).focus()
        await pilot.press("plus")
        assert isinstance(app.screen, TextPromptDialog)
        return str(app.screen.query_one("#prompt-hint").render()), shown

    hint, quarter = run_app(app, scenario, SIZE)
    # 26 calls over the quarter's pacing days left is under one a day; calls are counted whole.
    assert "· 1/workday" in quarter
    assert "Catch-up pace: 1 a workday." in hint and "Today's" not in hint


def test_logging_progress_refuses_zero_and_words_inline(data_dir, clock):
    seed_key_tasks(data_dir, clock)
    before = {key.id: key.progress for key in stored(data_dir, clock).key_tasks()}
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        card(app, Stage.DAY).focus()
        await pilot.press("plus")
        dialog = app.screen
        assert isinstance(dialog, TextPromptDialog)
        errors = {}
        for bad in ("0", "abc", "1,50"):
            dialog.query_one("#prompt-input").value = ""
            await pilot.press(*bad, "enter")
            await pilot.pause()
            assert app.screen is dialog, bad
            errors[bad] = prompt_error(app)
        await pilot.press("escape")
        await pilot.pause()
        return errors, card_text(app, Stage.DAY)

    errors, day = run_app(app, scenario, SIZE)
    assert "zero" in errors["0"]
    assert "'abc' is not a number" in errors["abc"]
    assert "'1,50' is not a number" in errors["1,50"]
    assert "0/4 pages" in day
    assert {key.id: key.progress for key in stored(data_dir, clock).key_tasks()} == before


# -- stating and replacing key tasks --------------------------------------------------------------


def test_stating_a_key_task_on_an_empty_card_checks_every_field(data_dir, clock):
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        empty_card = card_text(app, Stage.DAY)
        card(app, Stage.DAY).focus()
        await pilot.press("enter")
        dialog = app.screen
        assert isinstance(dialog, KeyTaskDialog)

        def fill(**values):
            for name in ("text", "purpose", "target", "unit", "objective"):
                dialog.query_one(f"#key-{name}").value = values.get(name, "")

        errors = {}
        for case, values in {
            "empty": dict(text="   ", purpose="why not"),
            "zero": dict(text="Write the FAQ", target="0"),
            "words": dict(text="Write the FAQ", target="abc"),
            "unit": dict(text="Write the FAQ", unit="pages"),
        }.items():
            fill(**values)
            dialog.query_one("#key-text").focus()
            await pilot.press("enter")
            await pilot.pause()
            assert app.screen is dialog, case
            errors[case] = str(dialog.query_one("#key-error").render())
            assert stored(data_dir, clock).key_tasks() == [], case
        fill(text="Write the FAQ", purpose="Fewer repeat questions", target="4", unit="pages",
             objective="Self-serve support")
        dialog.query_one("#key-objective").focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        return empty_card, errors, card_text(app, Stage.DAY)

    empty_card, errors, day = run_app(app, scenario, SIZE)
    assert "No key task for today yet" in empty_card
    assert "empty" in errors["empty"]
    assert "above zero" in errors["zero"]
    assert "'abc' is not a number" in errors["words"]
    assert "needs a target" in errors["unit"]
    assert "Write the FAQ" in day and "team: Self-serve support" in day and "0/4 pages" in day
    [key] = stored(data_dir, clock).key_tasks()
    assert (key.stage, key.period_start, key.text, key.purpose, key.target, key.unit, key.objective) == (
        Stage.DAY, SATURDAY, "Write the FAQ", "Fewer repeat questions", 4.0, "pages", "Self-serve support")


def test_a_new_key_task_asks_first_and_keeps_the_old_one_in_history(data_dir, clock):
    seed_key_tasks(data_dir, clock)
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        card(app, Stage.WEEK).focus()
        await pilot.press("n")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        after_no = [key.text for key in stored(data_dir, clock).key_tasks() if key.stage is Stage.WEEK]
        await pilot.press("n")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, KeyTaskDialog)
        await pilot.press(*"Ship chapter one", "enter")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        return after_no, card_text(app, Stage.WEEK), card_text(app, Stage.DAY)

    after_no, week, day = run_app(app, scenario, SIZE)
    assert after_no == ["Publish the onboarding guide"]
    assert "Ship chapter one" in week and "onboarding guide" not in week
    assert "↑ Launch the community programme" in week  # the new one serves the quarter too
    keys = stored(data_dir, clock).key_tasks()
    weeks = [key for key in keys if key.stage is Stage.WEEK]
    assert [(key.text, key.replaced is not None) for key in weeks] == [
        ("Publish the onboarding guide", True), ("Ship chapter one", False)]
    assert weeks[0].done == 3 and weeks[1].progress == ()  # the old one keeps its progress as history
    # The day's key task now serves the new week key task.
    [day_key] = [key for key in keys if key.stage is Stage.DAY]
    assert day_key.parent_id == weeks[1].id and "↑ Ship chapter one" in day


def test_micro_goals_added_and_ticked_show_on_the_card_and_on_disk(data_dir, clock):
    seed_key_tasks(data_dir, clock)
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        card(app, Stage.DAY).focus()
        await pilot.press("m")
        dialog = app.screen
        assert isinstance(dialog, MicroGoalsDialog)
        await pilot.press("a", *"List questions", "enter")
        await pilot.press(*"Draft answers", "enter")
        await pilot.pause()
        await pilot.press("escape")  # stops adding; the dialog stays
        assert app.screen is dialog
        await pilot.press("space")  # the newest step is highlighted
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        return card_text(app, Stage.DAY)

    day = run_app(app, scenario, SIZE)
    assert " · steps 1/2" in day  # set apart from the target's figures
    [key] = [key for key in stored(data_dir, clock).key_tasks() if key.stage is Stage.DAY]
    assert [(goal.text, goal.done) for goal in key.micro_goals] == [
        ("List questions", False), ("Draft answers", True)]


# -- acting on tasks -------------------------------------------------------------------------------


def test_starting_a_task_puts_the_one_in_progress_back(data_dir, clock):
    seed_realistic_day(data_dir, clock)  # task 1 is in progress
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        await pilot.press("G", "s")
        await pilot.pause()
        return rows(app)

    shown = run_app(app, scenario, SIZE)
    statuses = {task.title: task.status for task in stored(data_dir, clock).tasks()}
    doing = [title for title, status in statuses.items() if status is Status.DOING]
    assert len(doing) == 1 and doing != ["Draft the Q1 community plan"]
    assert statuses["Draft the Q1 community plan"] is Status.TODO
    assert shown[0].startswith("T ▶ " + doing[0])  # the task in progress leads the list
    assert sum("▶" in row for row in shown) == 1


def test_defer_drop_delete_and_undo(data_dir, clock):
    seed_realistic_day(data_dir, clock)
    app = make_app(data_dir, clock)

    def on_disk():
        return {task.id: (task.status, task.day) for task in stored(data_dir, clock).tasks()}

    async def scenario(pilot):
        seen = {"start": on_disk()}
        board = app.screen
        await pilot.press("g", "j")
        deferred = board.tasks_list.highlighted_task_id
        await pilot.press("d")
        seen["defer"], seen["defer rows"] = on_disk(), row_titles(app)
        dropped = board.tasks_list.highlighted_task_id
        await pilot.press("D")
        seen["drop"], seen["drop rows"] = on_disk(), row_titles(app)
        deleted = board.tasks_list.highlighted_task_id
        await pilot.press("delete")
        seen["delete"], seen["delete rows"] = on_disk(), row_titles(app)
        await pilot.press("u")
        seen["undo 1"] = on_disk()
        await pilot.press("u")
        seen["undo 2"] = on_disk()
        await pilot.press("u")
        seen["undo 3"], seen["undo rows"] = on_disk(), row_titles(app)
        return seen, deferred, dropped, deleted

    seen, deferred, dropped, deleted = run_app(app, scenario, SIZE)
    start = seen["start"]
    assert len({deferred, dropped, deleted}) == 3
    assert seen["defer"][deferred] == (Status.TODO, date(2026, 11, 22))
    assert seen["drop"][dropped] == (Status.DROPPED, SATURDAY)
    assert deleted not in seen["delete"]
    titles = {task.id: task.title for task in stored(data_dir, clock).tasks()}
    assert titles[deferred] not in seen["defer rows"]
    assert titles[dropped] not in seen["drop rows"]
    assert len(seen["delete rows"]) == len(seen["drop rows"]) - 1
    # Each u takes back the newest change: the delete, then the drop, then the defer.
    assert seen["undo 1"][deleted] == start[deleted]
    assert seen["undo 2"][dropped] == start[dropped]
    assert seen["undo 3"] == start
    assert set(seen["undo rows"]) == {titles[task_id] for task_id, (status, day) in start.items()
                                      if status.is_open and day == SATURDAY}


def test_after_a_change_each_row_shows_and_clicks_through_to_its_own_task(data_dir, clock):
    """Rows drawn before a change are reused after it (see TaskList._get_option_render): a row that
    moved up when the task above it was done must still select its own task when clicked."""
    seed_realistic_day(data_dir, clock)
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        board = app.screen
        task_list = board.tasks_list
        seen = {"before": row_titles(app)}
        await pilot.press("g", "space")  # the first row is done: every row below moves up one
        await pilot.pause()
        seen["after"] = row_titles(app)
        for index in range(len(seen["after"])):
            await pilot.click(task_list, offset=(4, index))
            seen[index] = app.store.task(task_list.highlighted_task_id).title
        await pilot.press("u")
        await pilot.pause()
        seen["undone"] = row_titles(app)
        await pilot.click(task_list, offset=(4, 1))
        seen["undone click"] = app.store.task(task_list.highlighted_task_id).title
        return seen

    seen = run_app(app, scenario, SIZE)
    assert seen["after"] == seen["before"][1:]
    assert [seen[index] for index in range(len(seen["after"]))] == seen["after"]
    assert seen["undone"] == seen["before"] and seen["undone click"] == seen["before"][1]


def test_an_edit_that_keeps_the_order_redraws_the_row_and_keeps_the_highlight(data_dir, clock):
    seed_realistic_day(data_dir, clock)
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        task_list = app.screen.tasks_list
        await pilot.press("g", "j", "j")
        highlighted = task_list.highlighted_task_id
        options_before = [task_list.get_option_at_index(i) for i in range(task_list.option_count)]
        app.apply_change(lambda: app.store.edit_task(highlighted, title="Reply to Ana about the venue, again"))
        await pilot.pause()
        options_after = [task_list.get_option_at_index(i) for i in range(task_list.option_count)]
        return highlighted, task_list.highlighted_task_id, rows(app), options_before, options_after

    highlighted, still, shown, options_before, options_after = run_app(app, scenario, SIZE)
    assert still == highlighted
    assert any("Reply to Ana about the venue, again" in row for row in shown)
    assert options_after == options_before  # the same rows, only a prompt replaced


def test_a_directive_jumps_the_line_and_linked_work_outranks_category(data_dir, clock):
    store = seed_realistic_day(data_dir, clock)
    set_key_task(store, Config(), Stage.DAY, "Write the FAQ page")
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        seen = {"start": row_titles(app)}
        await pilot.press("G")  # "Expense form for October", transactional, last
        await pilot.press("exclamation_mark")
        await pilot.pause()
        seen["directive"] = row_titles(app)
        seen["directive row"] = rows(app)[1]
        await pilot.press("G")  # now "Reply to Ana about the venue", transactional
        await pilot.press("l")
        await pilot.pause()
        seen["linked"] = row_titles(app)
        seen["linked row"] = rows(app)[2]
        return seen

    seen = run_app(app, scenario, SIZE)
    assert seen["start"] == ["Draft the Q1 community plan", "Weekly metrics report",
                             "Review [bold]feedback[/bold] from the beta", "Reply to Ana about the venue",
                             "Expense form for October"]
    # The directive goes straight after the task in progress, above planning and routine work.
    assert seen["directive"][:2] == ["Draft the Q1 community plan", "Expense form for October"]
    assert "⚑" in seen["directive row"]
    # Linked to today's key task, the transactional reply outranks the routine work (and would
    # outrank unlinked planning): linked comes before category.
    assert seen["linked"] == ["Draft the Q1 community plan", "Expense form for October",
                              "Reply to Ana about the venue", "Weekly metrics report",
                              "Review [bold]feedback[/bold] from the beta"]
    assert "◆" in seen["linked row"]
    on_disk = {task.id: task for task in stored(data_dir, clock).tasks()}
    assert on_disk[4].directive and not on_disk[3].directive
    [day_key] = stored(data_dir, clock).key_tasks()
    assert on_disk[3].key_task_id == day_key.id and on_disk[4].key_task_id is None


def test_linked_transactional_work_ranks_above_unlinked_planning(data_dir, clock):
    store = stored(data_dir, clock)
    key = set_key_task(store, Config(), Stage.DAY, "Write the FAQ page")
    now = clock.now()
    store.add_task(new_task("Plan the next quarter", now, day=SATURDAY, category=Category.PLANNING))
    store.add_task(new_task("Send the FAQ link", now, day=SATURDAY, category=Category.TRANSACTIONAL))
    app = make_app(data_dir, clock)
    linked_on_disk = None

    async def scenario(pilot):
        before = row_titles(app)
        await pilot.press("G", "l")
        await pilot.pause()
        linked = row_titles(app)
        nonlocal linked_on_disk
        linked_on_disk = stored(data_dir, clock).task(2).key_task_id
        await pilot.press("l")  # l again unlinks
        await pilot.pause()
        return before, linked, row_titles(app)

    before, linked, unlinked = run_app(app, scenario, SIZE)
    assert before == unlinked == ["Plan the next quarter", "Send the FAQ link"]
    assert linked == ["Send the FAQ link", "Plan the next quarter"]
    assert stored(data_dir, clock).task(2).key_task_id is None  # l again unlinked it on disk
    assert linked_on_disk == key.id


def test_reordering_within_a_rank_persists_and_across_ranks_is_refused(data_dir, clock):
    store = stored(data_dir, clock)
    now = clock.now()
    for title, category in [("Plan A", Category.PLANNING), ("Routine one", Category.ROUTINE),
                            ("Routine two", Category.ROUTINE), ("Routine three", Category.ROUTINE)]:
        store.add_task(new_task(title, now, day=SATURDAY, category=category))
    app = make_app(data_dir, clock)

    def positions():
        return {task.title: task.position for task in stored(data_dir, clock).tasks()}

    async def scenario(pilot):
        seen = {"start": row_titles(app)}
        await pilot.press("G", "K")  # Routine three up, above Routine two
        seen["K"], seen["K disk"] = row_titles(app), positions()
        await pilot.press("K")  # and above Routine one
        seen["KK"] = row_titles(app)
        await pilot.press("K")  # the edge of the routine rank: Plan A stays first
        seen["edge"], seen["edge disk"] = row_titles(app), positions()
        seen["edge note"] = [n.message for n in app._notifications]
        await pilot.press("g", "J")  # Plan A down is across ranks as well
        seen["down"] = row_titles(app)
        return seen

    seen = run_app(app, scenario, SIZE)
    assert seen["start"] == ["Plan A", "Routine one", "Routine two", "Routine three"]
    assert seen["K"] == ["Plan A", "Routine one", "Routine three", "Routine two"]
    assert seen["K disk"]["Routine three"] < seen["K disk"]["Routine two"]
    assert seen["KK"] == seen["edge"] == seen["down"] == ["Plan A", "Routine three", "Routine one", "Routine two"]
    assert any("edge of its rank" in note for note in seen["edge note"])
    assert seen["edge disk"]["Plan A"] is None  # a refused move writes nothing
    # A fresh app reads the same order from disk.
    again = make_app(data_dir, clock)

    async def look(pilot):
        return row_titles(again)

    assert run_app(again, look, SIZE) == seen["KK"]


def test_filter_narrows_by_title_or_kind_and_escape_shows_all(data_dir, clock):
    seed_realistic_day(data_dir, clock)
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        seen = {"all": row_titles(app)}
        await pilot.press("slash", *"email")
        seen["email"], seen["email title"] = row_titles(app), title_line(app)
        app.screen.query_one("#filter").value = ""
        await pilot.press(*"REPORT")
        seen["report"] = row_titles(app)
        app.screen.query_one("#filter").value = ""
        await pilot.press(*"zzz")
        seen["none"] = str(app.screen.query_one("#empty").render())
        await pilot.press("escape")
        await pilot.pause()
        seen["cleared"], seen["filter shown"] = row_titles(app), app.screen.query_one("#filter").display
        return seen

    seen = run_app(app, scenario, SIZE)
    assert len(seen["all"]) == 5
    assert seen["email"] == ["Reply to Ana about the venue"]  # by its kind, #email
    assert "filter 'email': 1 shown" in seen["email title"]
    assert seen["report"] == ["Weekly metrics report"]  # by title, any case
    assert "Nothing matches the filter" in seen["none"]
    assert seen["cleared"] == seen["all"] and seen["filter shown"] is False


def test_cursor_keys_and_task_details(data_dir, clock):
    seed_realistic_day(data_dir, clock)
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        task_list = app.screen.tasks_list
        seen = {}
        await pilot.press("G")
        seen["G"] = task_list.highlighted
        await pilot.press("k", "k")
        seen["kk"] = task_list.highlighted
        await pilot.press("g")
        seen["g"] = task_list.highlighted
        await pilot.press("j")
        seen["j"] = task_list.highlighted_task_id
        await pilot.press("enter")
        await pilot.pause()
        dialog = app.screen
        seen["dialog"] = type(dialog)
        seen["details"] = dialog.task_shown.title if isinstance(dialog, TaskDetailsDialog) else None
        await pilot.press("escape")
        await pilot.pause()
        seen["after"] = type(app.screen)
        return seen, task_list.option_count

    seen, count = run_app(app, scenario, SIZE)
    assert (seen["G"], seen["kk"], seen["g"]) == (count - 1, count - 3, 0)
    assert seen["dialog"] is TaskDetailsDialog
    assert seen["details"] == "Weekly metrics report" == stored(data_dir, clock).task(seen["j"]).title
    assert seen["after"] is BoardScreen


# -- quick add ----------------------------------------------------------------------------------


def test_quick_add_previews_what_it_understood_and_refuses_a_bad_date(data_dir, clock):
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        await pilot.press("a")
        dialog = app.screen
        assert isinstance(dialog, TextPromptDialog)
        await pilot.press(*"Reply to Bob #email ~10m !transactional ^mon")
        good = str(dialog.query_one("#prompt-preview").render())
        dialog.query_one("#prompt-input").value = ""
        await pilot.press(*"Pay ^2026-02-30")
        bad = str(dialog.query_one("#prompt-preview").render())
        await pilot.press("enter")
        await pilot.pause()
        return good, bad, app.screen is dialog, prompt_error(app)

    good, bad, still_open, error = run_app(app, scenario, SIZE)
    assert good == "→ Reply to Bob  ·  kind #email · 10 min · transactional · on Mon 23 Nov"
    assert bad.startswith("✗ day:") and "February 2026 has 28 days" in bad
    assert still_open and "February 2026 has 28 days" in error
    assert stored(data_dir, clock).tasks() == []


# -- the day rolling over ----------------------------------------------------------------------------


def test_an_open_board_rolls_over_at_the_day_start_hour_and_carries_open_work(data_dir):
    clock = FixedClock(utc("2026-11-21T23:00:00"))  # Saturday night
    store = stored(data_dir, clock)
    store.add_task(new_task("Finish the slides", clock.now(), day=SATURDAY))
    app = make_app(data_dir, clock, poll_seconds=0.05)

    def header() -> str:
        return app.screen.query_one("FocusHeader").stage_text

    async def scenario(pilot):
        seen = {"header": header()}
        clock.set(utc("2026-11-22T03:30:00"))  # still Saturday's work day
        await pilot.pause(0.3)
        seen["03:30 header"], seen["03:30 rows"], seen["03:30 title"] = header(), rows(app), title_line(app)
        clock.set(utc("2026-11-22T05:00:00"))
        seen["rolled"] = await wait_until(pilot, lambda: header().startswith("Sun 22 Nov"))
        seen["05:00 rows"], seen["05:00 title"] = rows(app), title_line(app)
        await pilot.press("t")
        await pilot.pause()
        seen["kept rows"], seen["kept title"] = rows(app), title_line(app)
        return seen

    seen = run_app(app, scenario, SIZE)
    assert seen["header"].startswith("Sat 21 Nov")
    assert seen["03:30 header"].startswith("Sat 21 Nov")
    assert "↶" not in seen["03:30 rows"][0] and "carried" not in seen["03:30 title"]
    assert seen["rolled"]
    assert seen["05:00 rows"][0].startswith("R ↶ Sat 21 Finish the slides")
    assert "1 carried" in seen["05:00 title"]
    assert "↶" not in seen["kept rows"][0] and "carried" not in seen["kept title"]
    [task] = stored(data_dir, clock).tasks()
    assert task.day == date(2026, 11, 22) and task.status is Status.TODO


# -- first run ---------------------------------------------------------------------------------------


def test_first_run_walks_through_the_stages_and_a_first_task(data_dir, clock):
    app = make_app(data_dir, clock, first_run=True)

    async def scenario(pilot):
        seen = {}
        await pilot.pause()
        seen["quarter"] = (type(app.screen), getattr(app.screen, "dialog_title", ""))
        await pilot.press(*"Grow to 500 members", "enter")
        await pilot.pause()
        seen["week"] = (type(app.screen), getattr(app.screen, "dialog_title", ""), getattr(app.screen, "note", ""))
        await pilot.press("escape")
        await pilot.pause()
        seen["day"] = (type(app.screen), getattr(app.screen, "dialog_title", ""))
        await pilot.press("escape")
        await pilot.pause()
        seen["add"] = (type(app.screen), getattr(app.screen, "prompt_title", ""))
        await pilot.press(*"Invite testers #email", "enter")
        await pilot.pause()
        seen["add again"] = type(app.screen)
        await pilot.press("escape")
        await pilot.pause()
        seen["end"] = type(app.screen)
        seen["quarter card"] = card_text(app, Stage.QUARTER)
        return seen

    seen = run_app(app, scenario, SIZE)
    assert seen["quarter"] == (KeyTaskDialog, "Key task of the quarter (Q4 2026)")
    assert seen["week"][:2] == (KeyTaskDialog, "Key task of the week (week of 16 Nov)")
    assert "Serves the quarter's key task: Grow to 500 members" in seen["week"][2]
    assert seen["day"] == (KeyTaskDialog, "Key task of the day (Sat 21 Nov 2026)")
    assert seen["add"] == (TextPromptDialog, "New task")
    assert seen["add again"] is TextPromptDialog  # one more, until escape
    assert seen["end"] is BoardScreen
    assert "Grow to 500 members" in seen["quarter card"]
    store = stored(data_dir, clock)
    assert [(key.stage, key.text) for key in store.key_tasks()] == [(Stage.QUARTER, "Grow to 500 members")]
    [task] = store.tasks()
    assert (task.title, task.kind, task.day) == ("Invite testers", "email", SATURDAY)


# -- help and palette ----------------------------------------------------------------------------------


def test_every_board_and_card_key_is_in_help_and_the_palette(data_dir, clock):
    seed_key_tasks(data_dir, clock)
    app = make_app(data_dir, clock)

    def palette() -> set[str]:
        return {command.title for command in app.get_system_commands(app.screen)}

    async def help_rows(pilot) -> dict[str, str]:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        found = {description: keys for keys, description, _ in app.screen.rows}
        await pilot.press("escape")
        await pilot.pause()
        return found

    async def scenario(pilot):
        seen = {"list palette": palette(), "list help": await help_rows(pilot)}
        card(app, Stage.WEEK).focus()
        await pilot.pause()
        seen["card palette"], seen["card help"] = palette(), await help_rows(pilot)
        return seen

    seen = run_app(app, scenario, SIZE)
    board = {binding.description for binding in BoardScreen.BINDINGS}
    cards = {binding.description for binding in StageCard.BINDINGS}
    assert len(board) == len(BoardScreen.BINDINGS) and len(cards) == len(StageCard.BINDINGS)
    for found in (seen["list palette"], seen["list help"]):
        assert board | {"Details", "Undo", "Help", "Quit"} <= set(found)
    assert seen["list help"]["Link to day"] == "l" and seen["list help"]["Directive"] == "!"
    for found in (seen["card palette"], seen["card help"]):
        assert cards <= set(found)
    assert seen["card help"]["Progress"] == "+" and seen["card help"]["Edit"].endswith(" / e")


def test_the_boards_background_is_drawn_again_only_when_it_would_look_different(data_dir, clock):
    """Closing a dialog refreshes the board, which drew its blank background again each time: it
    is kept, and always what Textual's own drawing gives, after a theme change and a resize too."""
    from textual.geometry import Region
    from textual.screen import Screen

    seed_realistic_day(data_dir, clock)
    app = make_app(data_dir, clock)

    def textuals_own(board) -> list:
        board._styles_cache.clear()
        return Screen.render_lines(board, Region(0, 0, *board.size))

    async def scenario(pilot):
        board = app.screen
        seen = []
        for change in ("start", "dialog", "theme", "resize"):
            if change == "dialog":
                await pilot.press("question_mark")
                await pilot.pause()
                await pilot.press("escape")
            elif change == "theme":
                app.theme = "focus-light"
            elif change == "resize":
                await pilot.resize_terminal(70, 22)
            await pilot.pause()
            kept = board.render_lines(Region(0, 0, *board.size))
            seen.append((change, kept, board.render_lines(Region(0, 0, *board.size)), textuals_own(board)))
        return seen

    seen = run_app(app, scenario, size=(90, 26))
    for change, kept, again, own in seen:
        assert kept is again, change  # kept while nothing it is made of changed
        assert kept == own, change
    assert seen[1][1] is seen[0][1]  # a dialog closing did not draw it again
    assert seen[2][1] != seen[1][1] and len(seen[3][1]) == 22
