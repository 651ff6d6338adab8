"""The review screens (issue 6) driven through Textual's Pilot: the real app, real data files in the
test's FOCUS_HOME and a fixed clock (Sat 21 Nov 2026 09:30 UTC). Each test checks what the screen
renders and what is on disk, read back through a fresh Store."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from textual import events

from focus_tui.app import FocusApp
from focus_tui.dialogs.close_day import CloseDayDialog
from focus_tui.dialogs.confirm import ConfirmDialog
from focus_tui.dialogs.standup import StandupDialog
from focus_tui.domain.periods import Stage
from focus_tui.domain.tasks import Status, new_task
from focus_tui.screens.board import BoardScreen
from focus_tui.screens.review import DayReviewScreen, StageReviewScreen, WrittenInput
from focus_tui.storage import Store

from tests.apphelpers import make_app, run_app, seed_realistic_board

SATURDAY = date(2026, 11, 21)
SUNDAY = date(2026, 11, 22)
FRIDAY = date(2026, 11, 20)
SIZE = (100, 40)
# seed_realistic_board's open, unblocked tasks on Saturday's list (3 gets blocked, 6 is done,
# 7 is for Monday): the five of the realistic day, the key-linked typo fix, the directive and
# Friday's newsletter carried into today.
UNFINISHED = {1, 2, 4, 5, 8, 9, 10}


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text + "+00:00")


def stored(data_dir: Path, clock) -> Store:
    """A fresh look at the files on disk, independent of the app's own Store."""
    return Store(data_dir, clock).open()


def seed(data_dir: Path, clock) -> Store:
    """The realistic board with a blocked task (people: Ana) on top."""
    store = seed_realistic_board(data_dir, clock)
    store.block_task(3, "people", person="Ana", note="needs the venue quote")
    return store


def rendered(app: FocusApp, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


def messages(app: FocusApp) -> list[str]:
    return [note.message for note in app._notifications]


def field(app: FocusApp, heading: str) -> WrittenInput:
    return app.screen.query_one(f"#written-{heading}", WrittenInput)


def close_items(app: FocusApp) -> list[int]:
    option_list = app.screen.query_one("#close-items")
    return [int(option_list.get_option_at_index(i).id) for i in range(option_list.option_count)]


def highlight(app: FocusApp, task_id: int) -> None:
    option_list = app.screen.query_one("#close-items")
    option_list.highlighted = close_items(app).index(task_id)


async def open_review(pilot) -> DayReviewScreen:
    await pilot.press("R")
    await pilot.pause()
    assert isinstance(pilot.app.screen, DayReviewScreen)
    return pilot.app.screen


async def paste_into(pilot, heading: str, text: str) -> WrittenInput:
    written = field(pilot.app, heading)
    written.focus()
    await pilot.pause()
    written.post_message(events.Paste(text))
    await pilot.pause()
    return written


# -- what the daily review shows -----------------------------------------------------------------
def test_R_on_the_board_opens_todays_review_with_the_recorded_figures(data_dir, clock):
    store = seed(data_dir, clock)
    store.complete_task(2)  # the weekly metrics report: a second finished task
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        screen = await open_review(pilot)
        shown = {name: rendered(app, f"#review-{name}") for name in ("title", "keys", "work", "blockers")}
        return screen.period.start, shown, rendered(app, "#standup"), app.screen.query_one("#review-empty").display

    start, shown, standup, empty_shown = run_app(app, scenario, size=SIZE)
    assert start == SATURDAY
    assert "Daily review · Sat 21 Nov 2026" in shown["title"] and "not closed" in shown["title"]
    work = shown["work"]
    assert "Done 2 of 9 planned" in work
    assert "routine 1/4" in work and "transactional 1/4" in work and "planning 0/1" in work
    finished = next(line for line in work.splitlines() if line.startswith("Finished"))
    assert "Book the webinar room" in finished and "Weekly metrics report" in finished
    unfinished = next(line for line in work.splitlines() if line.startswith("Unfinished"))
    assert "Review [bold]feedback[/bold] from the beta" in unfinished  # a title is text, never markup
    assert "Weekly metrics report" not in unfinished
    assert "people 1/0/1" in shown["blockers"]
    assert "⊘ Reply to Ana about the venue (people, Ana, 0m)" in shown["blockers"]
    keys = shown["keys"].splitlines()
    assert keys[0] == "Key tasks"
    assert keys[1].startswith("Q Grow the community to 5,000 members · 2,240 / 5,000 members")
    assert keys[2].startswith("W Launch the new onboarding flow · 31 / 40 signups")
    assert keys[3] == "D Run the launch webinar · 1/3 steps"
    assert standup.startswith("Finished: Weekly metrics report; Book the webinar room.\nNext: Run the launch webinar")
    assert "Blocked: Reply to Ana about the venue (people, Ana, 0m). Help needed: time with Ana." in standup
    assert not empty_shown


def test_a_day_with_no_data_says_nothing_was_recorded(data_dir, clock):
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        await open_review(pilot)
        empty = app.screen.query_one("#review-empty")
        return empty.display, str(empty.render()), rendered(app, "#review-work")

    shown, text, work = run_app(app, scenario)
    assert shown and "Nothing was recorded" in text
    assert "Done 0 of 0 planned" in work


# -- writing -----------------------------------------------------------------------------------
def test_enter_saves_a_heading_escape_saves_on_leaving_and_the_text_survives_reopening(data_dir, clock):
    seed(data_dir, clock)
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        await open_review(pilot)
        await pilot.press("tab")  # from the body into the first heading
        assert app.focused is field(app, "highlights")
        await pilot.press(*"Webinar room booked", "enter")
        await pilot.pause()
        after_enter = stored(data_dir, clock).review(Stage.DAY, SATURDAY).text("highlights")
        moved_to = app.focused
        await pilot.press(*"Too many small tasks")
        await pilot.press("escape")  # leaves the field (and saves it), stays on the review
        await pilot.pause()
        after_escape = stored(data_dir, clock).review(Stage.DAY, SATURDAY).text("shortcomings")
        still_review = isinstance(app.screen, DayReviewScreen)
        await pilot.press("escape")  # now back to the board
        await pilot.pause()
        back_on_board = isinstance(app.screen, BoardScreen)
        await open_review(pilot)
        values = {heading: field(app, heading).value for heading in ("highlights", "shortcomings", "tomorrow")}
        return after_enter, moved_to, after_escape, still_review, back_on_board, values

    after_enter, moved_to, after_escape, still_review, back_on_board, values = run_app(app, scenario)
    assert after_enter == "Webinar room booked"
    assert moved_to is not None and moved_to.id == "written-shortcomings"
    assert after_escape == "Too many small tasks"
    assert still_review and back_on_board
    assert values == {"highlights": "Webinar room booked", "shortcomings": "Too many small tasks", "tomorrow": ""}


def test_lines_separated_by_a_slash_are_stored_as_lines_and_shown_back_with_slashes(data_dir, clock):
    seed(data_dir, clock)
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        await open_review(pilot)
        field(app, "tomorrow").focus()
        await pilot.press(*"Start with the plan / No email before 11", "enter")
        await pilot.pause()
        await pilot.press("escape", "escape")
        await open_review(pilot)
        return field(app, "tomorrow").value

    shown_again = run_app(app, scenario)
    stored_text = stored(data_dir, clock).review(Stage.DAY, SATURDAY).text("tomorrow")
    assert stored_text == "Start with the plan\nNo email before 11"
    assert shown_again == "Start with the plan / No email before 11"


def test_a_pasted_escape_sequence_is_refused_with_a_notice_and_nothing_written(data_dir, clock):
    seed(data_dir, clock)
    before = (data_dir / "focus.json").read_bytes()
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        await open_review(pilot)
        highlights = await paste_into(pilot, "highlights", "Good day \x1b[31mred")
        pasted = highlights.value
        await pilot.press("enter")
        await pilot.pause()
        return pasted, messages(app)

    pasted, notes = run_app(app, scenario)
    assert "\x1b" in pasted  # it reached the field; saving is what refuses it
    assert any("escape sequence" in note for note in notes)
    assert (data_dir / "focus.json").read_bytes() == before
    assert stored(data_dir, clock).review(Stage.DAY, SATURDAY).text("highlights") == ""


def test_enter_on_a_refused_heading_keeps_the_focus_there_and_says_so_once(data_dir, clock):
    seed(data_dir, clock)
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        await open_review(pilot)
        await paste_into(pilot, "highlights", "Good day \x1b[31mred")
        await pilot.press("enter")
        await pilot.pause()
        return app.focused, [note for note in messages(app) if "escape sequence" in note]

    focused, refusals = run_app(app, scenario)
    assert focused is not None and focused.id == "written-highlights"
    assert len(refusals) == 1


def test_a_refused_heading_is_not_wiped_by_the_next_save(data_dir, clock):
    seed(data_dir, clock)
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        await open_review(pilot)
        highlights = await paste_into(pilot, "highlights", "Good day \x1b[31mred")
        await pilot.press("tab")  # leaving it: refused
        await pilot.pause()
        await pilot.press(*"Too many meetings", "enter")  # another heading saves: the review refreshes
        await pilot.pause()
        return highlights.value, stored(data_dir, clock).review(Stage.DAY, SATURDAY).text("shortcomings")

    value, shortcomings = run_app(app, scenario)
    assert shortcomings == "Too many meetings"
    assert value == "Good day \x1b[31mred"


# -- closing a day -----------------------------------------------------------------------------
def test_c_lists_exactly_the_unfinished_unblocked_tasks_of_the_day(data_dir, clock):
    seed(data_dir, clock)
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        await open_review(pilot)
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CloseDayDialog)
        return close_items(app), str(app.screen.query_one(".dialog-title").render()), rendered(app, "#close-hint")

    items, title, hint = run_app(app, scenario)
    assert set(items) == UNFINISHED and len(items) == len(UNFINISHED)
    assert title == "Close Sat 21 Nov: 7 unfinished"
    assert hint.startswith("t tomorrow")


def test_t_d_and_b_are_each_saved_at_once_and_the_dialog_stays_open(data_dir, clock):
    seed(data_dir, clock)
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        await open_review(pilot)
        await pilot.press("c")
        await pilot.pause()
        seen = {}
        for key, task_id in (("t", 2), ("d", 4), ("b", 10)):
            highlight(app, task_id)
            await pilot.press(key)
            await pilot.pause()
            task = stored(data_dir, clock).task(task_id)  # on disk before the dialog closes
            seen[key] = (task.day, task.status, isinstance(app.screen, CloseDayDialog), task_id in close_items(app))
        title = str(app.screen.query_one(".dialog-title").render())
        return seen, title

    seen, title = run_app(app, scenario)
    assert seen["t"] == (SUNDAY, Status.TODO, True, False)
    assert seen["d"][1:] == (Status.DROPPED, True, False)
    assert seen["b"] == (None, Status.TODO, True, False)
    assert title == "Close Sat 21 Nov: 4 unfinished"
    assert stored(data_dir, clock).review(Stage.DAY, SATURDAY).closed is None


def test_deciding_the_last_task_closes_the_day_and_the_board_no_longer_shows_them(data_dir, clock):
    seed(data_dir, clock)
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        await open_review(pilot)
        await pilot.press("c")
        await pilot.pause()
        for _ in range(len(UNFINISHED) - 1):
            await pilot.press("t")
            await pilot.pause()
        one_left = (isinstance(app.screen, CloseDayDialog), stored(data_dir, clock).review(Stage.DAY, SATURDAY).closed)
        await pilot.press("t")
        await pilot.pause()
        screen, title = app.screen, rendered(app, "#review-title")
        await pilot.press("escape")
        await pilot.pause()
        board_ids = set(app.screen.tasks_list.task_ids)
        return one_left, screen, title, messages(app), board_ids

    one_left, screen, title, notes, board_ids = run_app(app, scenario)
    assert one_left == (True, None)
    assert isinstance(screen, DayReviewScreen) and "closed at 09:30" in title
    assert f"Day closed: {len(UNFINISHED)} moved on." in notes  # the summary counts the one-by-one decisions
    store = stored(data_dir, clock)
    assert store.review(Stage.DAY, SATURDAY).closed == clock.now()
    assert all(store.task(task_id).day == SUNDAY for task_id in UNFINISHED)
    assert board_ids.isdisjoint(UNFINISHED)


@pytest.mark.parametrize("key,day,status", [("T", SUNDAY, Status.TODO), ("B", None, Status.TODO),
                                            ("D", "kept", Status.DROPPED)], ids=["T", "B", "D"])
def test_all_at_once_closes_the_day_as_one_undo_step(data_dir, clock, key, day, status):
    seed(data_dir, clock)
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        await open_review(pilot)
        await pilot.press("c", key)
        await pilot.pause()
        closed_screen = app.screen
        store = stored(data_dir, clock)
        after_close = ({task_id: (store.task(task_id).day, store.task(task_id).status) for task_id in UNFINISHED},
                       store.review(Stage.DAY, SATURDAY).closed)
        await pilot.press("escape")  # back to the board, where u undoes the newest change
        await pilot.pause()
        closed_board = set(app.screen.tasks_list.task_ids)
        await pilot.press("u")
        await pilot.pause()
        return closed_screen, after_close, closed_board, set(app.screen.tasks_list.task_ids), messages(app)

    closed_screen, (decided, closed), closed_board, undone_board, notes = run_app(app, scenario, size=SIZE)
    assert isinstance(closed_screen, DayReviewScreen)
    own_day = {task_id: FRIDAY if task_id == 10 else SATURDAY for task_id in UNFINISHED}  # a drop keeps it
    assert decided == {task_id: (own_day[task_id] if day == "kept" else day, status) for task_id in UNFINISHED}
    assert closed == clock.now()
    assert closed_board.isdisjoint(UNFINISHED)
    assert any(note.startswith("Day closed: 7 ") for note in notes)
    assert "Undone: close 2026-11-21" in notes
    store = stored(data_dir, clock)
    assert store.review(Stage.DAY, SATURDAY).closed is None
    assert {task_id: store.task(task_id).status for task_id in UNFINISHED} == {
        task_id: (Status.DOING if task_id == 1 else Status.TODO) for task_id in UNFINISHED}
    assert store.task(10).day == FRIDAY and store.task(2).day == SATURDAY
    assert UNFINISHED <= undone_board


def test_escape_keeps_the_decisions_made_and_leaves_the_day_open(data_dir, clock):
    seed(data_dir, clock)
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        await open_review(pilot)
        await pilot.press("c")
        await pilot.pause()
        assert close_items(app)[5] == 9
        await pilot.press(*["down"] * 5, "d", "escape")  # the arrow keys pick the task
        await pilot.pause()
        return app.screen, rendered(app, "#review-title")

    screen, title = run_app(app, scenario)
    assert isinstance(screen, DayReviewScreen) and "not closed" in title
    store = stored(data_dir, clock)
    assert store.task(9).status is Status.DROPPED
    assert store.review(Stage.DAY, SATURDAY).closed is None
    assert {task.id for task in store.needs_decision(SATURDAY)} == UNFINISHED - {9}


def test_c_on_a_closed_day_reopens_it(data_dir, clock):
    store = seed(data_dir, clock)
    store.close_day(SATURDAY, {task_id: "tomorrow" for task_id in UNFINISHED})
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        await open_review(pilot)
        closed_title = rendered(app, "#review-title")
        await pilot.press("c")
        await pilot.pause()
        return closed_title, app.screen, rendered(app, "#review-title"), messages(app)

    closed_title, screen, title, notes = run_app(app, scenario)
    assert "closed at 09:30" in closed_title
    assert isinstance(screen, DayReviewScreen) and "not closed" in title  # no dialog: it just reopens
    assert "Day reopened." in notes
    assert stored(data_dir, clock).review(Stage.DAY, SATURDAY).closed is None


def test_closing_a_day_with_nothing_unfinished_closes_it_at_once(data_dir, clock):
    store = Store(data_dir, clock).open()
    done = store.add_task(new_task("Book the webinar room", clock.now(), day=SATURDAY))
    store.complete_task(done.id)
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        await open_review(pilot)
        await pilot.press("c")
        await pilot.pause()
        await pilot.pause()
        return app.screen, rendered(app, "#review-title"), messages(app)

    screen, title, notes = run_app(app, scenario)
    assert isinstance(screen, DayReviewScreen) and "closed at 09:30" in title
    assert "Day closed." in notes
    assert stored(data_dir, clock).review(Stage.DAY, SATURDAY).closed == clock.now()


def test_closing_a_past_day_sends_its_tasks_to_today(data_dir, clock):
    seed(data_dir, clock)
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        await open_review(pilot)
        await pilot.press("left_square_bracket")
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        items, hint = close_items(app), rendered(app, "#close-hint")
        await pilot.press("T")
        await pilot.pause()
        return items, hint

    items, hint = run_app(app, scenario)
    assert items == [10]  # only Friday's newsletter was on Friday's list
    assert hint.startswith("t today")
    store = stored(data_dir, clock)
    assert store.task(10).day == SATURDAY
    assert store.review(Stage.DAY, FRIDAY).closed == clock.now()


@pytest.mark.parametrize("keys", [("t",), ("T",)], ids=["t", "T"])
def test_a_task_finished_elsewhere_while_closing_stays_done(data_dir, clock, keys):
    seed(data_dir, clock)
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        await open_review(pilot)
        await pilot.press("c")
        await pilot.pause()
        stored(data_dir, clock).complete_task(2)  # from the CLI, say, while the dialog is open
        highlight(app, 2)
        await pilot.press(*keys)
        await pilot.pause()

    run_app(app, scenario)
    task = stored(data_dir, clock).task(2)
    assert task.status is Status.DONE and task.day == SATURDAY


# -- the stand-up ------------------------------------------------------------------------------
def test_E_edits_the_standup_and_ctrl_s_saves_it(data_dir, clock):
    seed(data_dir, clock)
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        screen = await open_review(pilot)
        generated = screen.view.generated_standup
        await pilot.press("E")
        await pilot.pause()
        dialog = app.screen
        area = dialog.query_one("#standup-text")
        opened_with = area.text
        area.clear()
        await pilot.press(*"Webinar room booked.", "enter", *"Next: the Q1 plan.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        return generated, isinstance(dialog, StandupDialog), opened_with, app.screen, rendered(app, "#standup")

    generated, was_dialog, opened_with, screen, shown = run_app(app, scenario)
    assert was_dialog and opened_with == generated and "Finished: Book the webinar room." in generated
    assert isinstance(screen, DayReviewScreen)
    assert shown == "Webinar room booked.\nNext: the Q1 plan."
    assert stored(data_dir, clock).review(Stage.DAY, SATURDAY).standup == "Webinar room booked.\nNext: the Q1 plan."


def test_an_empty_standup_goes_back_to_the_generated_one_and_escape_cancels(data_dir, clock):
    store = seed(data_dir, clock)
    store.save_standup(SATURDAY, "My own words")
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        screen = await open_review(pilot)
        generated = screen.view.generated_standup
        await pilot.press("E")
        await pilot.pause()
        area = app.screen.query_one("#standup-text")
        opened_with = area.text
        await pilot.press("ctrl+r")  # regenerate, then cancel: nothing changes
        await pilot.pause()
        regenerated = area.text
        await pilot.press("escape")
        await pilot.pause()
        after_cancel = stored(data_dir, clock).review(Stage.DAY, SATURDAY).standup
        await pilot.press("E")
        await pilot.pause()
        app.screen.query_one("#standup-text").clear()
        await pilot.press("ctrl+s")
        await pilot.pause()
        return generated, opened_with, regenerated, after_cancel, rendered(app, "#standup")

    generated, opened_with, regenerated, after_cancel, shown = run_app(app, scenario)
    assert opened_with == "My own words"
    assert regenerated == generated
    assert after_cancel == "My own words"
    assert stored(data_dir, clock).review(Stage.DAY, SATURDAY).standup is None
    assert shown == generated


def test_a_standup_with_an_escape_sequence_is_refused_inline(data_dir, clock):
    seed(data_dir, clock)
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        await open_review(pilot)
        await pilot.press("E")
        await pilot.pause()
        app.screen.query_one("#standup-text").text = "Done \x1b[2J"
        await pilot.press("ctrl+s")
        await pilot.pause()
        return app.screen, rendered(app, "#standup-error")

    screen, error = run_app(app, scenario)
    assert isinstance(screen, StandupDialog) and "escape sequence" in error
    assert stored(data_dir, clock).review(Stage.DAY, SATURDAY).standup is None


def test_y_writes_standup_txt_in_the_data_dir_and_says_so(data_dir, clock):
    seed(data_dir, clock)
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        screen = await open_review(pilot)
        await pilot.press("y")
        await pilot.pause()
        return screen.view.standup, messages(app)

    standup, notes = run_app(app, scenario)
    path = data_dir / "standup.txt"
    assert path.read_text(encoding="utf-8") == standup + "\n"
    assert "Finished: Book the webinar room." in standup
    assert f"Stand-up copied (also in {path})." in notes


# -- moving between periods and stages ---------------------------------------------------------
def test_brackets_move_between_days_but_not_into_the_future(data_dir, clock):
    seed(data_dir, clock)
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        await open_review(pilot)
        await pilot.press("left_square_bracket")
        await pilot.pause()
        friday = (app.screen.period.start, rendered(app, "#review-title"))
        await pilot.press("right_square_bracket")
        await pilot.pause()
        saturday = app.screen.period.start
        await pilot.press("right_square_bracket")
        await pilot.pause()
        return friday, saturday, app.screen, messages(app), len(app.screen_stack)

    friday, saturday, screen, notes, depth = run_app(app, scenario)
    assert friday[0] == FRIDAY and "Daily review · Fri 20 Nov 2026" in friday[1]
    assert saturday == SATURDAY
    assert isinstance(screen, DayReviewScreen) and screen.period.start == SATURDAY
    assert "Sun 22 Nov 2026 has not begun yet." in notes
    assert depth == 3  # default, board, one review: moving around replaces, never piles up


def test_stage_keys_climb_to_the_week_and_quarter_and_come_back_down(data_dir, clock):
    seed(data_dir, clock)
    app = make_app(data_dir, clock)

    def state():
        screen = app.screen
        return (type(screen).__name__, screen.period.stage, screen.period.start, rendered(app, "#review-title"),
                [field.heading for field in screen.query(WrittenInput)])

    async def scenario(pilot):
        await open_review(pilot)
        seen = []
        for key in ("greater_than_sign", "greater_than_sign", "greater_than_sign",
                    "less_than_sign", "less_than_sign", "less_than_sign"):
            await pilot.press(key)
            await pilot.pause()
            seen.append(state())
        return seen, messages(app)

    seen, notes = run_app(app, scenario)
    five = ["highlights", "shortcomings", "changes", "rules", "actions"]
    week = ("StageReviewScreen", Stage.WEEK, date(2026, 11, 16), "Week review · week of 16 Nov", five)
    quarter = ("StageReviewScreen", Stage.QUARTER, date(2026, 10, 1), "Quarter review · Q4 2026", five)
    day = ("DayReviewScreen", Stage.DAY, SATURDAY, "Daily review · Sat 21 Nov 2026  not closed (c closes)",
           ["highlights", "shortcomings", "tomorrow"])
    assert seen == [week, quarter, quarter, week, day, day]
    assert "The quarter is the top stage." in notes and "The day is the smallest stage." in notes


def test_the_week_review_shows_each_days_key_task_and_the_objectives(data_dir, clock):
    seed(data_dir, clock)
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        await open_review(pilot)
        await pilot.press("greater_than_sign")
        await pilot.pause()
        return {name: rendered(app, f"#review-{name}") for name in ("keys", "sub-keys", "okrs", "work")}

    shown = run_app(app, scenario, size=SIZE)
    assert shown["keys"].splitlines()[1:] == [
        "Q Grow the community to 5,000 members · 2,240 / 5,000 members · behind by 563",
        "W Launch the new onboarding flow · 31 / 40 signups · behind by 9",
    ]  # no day row in a week review
    assert shown["sub-keys"] == "Each day\n  Sat 21 Nov 2026: Run the launch webinar · 1/3 steps"
    assert shown["okrs"] == "Objectives  (O to manage)\n  none set for this quarter"
    assert "Done 1 of 9 planned" in shown["work"]


def test_N_drafts_next_quarters_objectives_from_the_actions_at_most_three(data_dir, clock):
    seed(data_dir, clock)
    app = make_app(data_dir, clock)
    actions = ["Grow to 5,000 members", "Launch the ambassador programme", "Publish the playbook",
               "Hire a community manager"]

    async def scenario(pilot):
        await open_review(pilot)
        await pilot.press("greater_than_sign")
        await pilot.pause()
        await pilot.press("N")  # a week review has no N
        await pilot.pause()
        on_week = type(app.screen)
        await pilot.press("greater_than_sign")
        await pilot.pause()
        field(app, "actions").focus()
        await pilot.press(*" / ".join(actions), "enter")
        await pilot.pause()
        assert app.focused is app.screen.query_one("#review-body")  # enter on the last heading leaves writing
        await pilot.press("N")
        await pilot.pause()
        dialog = app.screen
        question = (str(dialog.query_one(".dialog-title").render()),
                    "\n".join(str(widget.render()) for widget in dialog.query("Static")))
        await pilot.press("y")
        await pilot.pause()
        return on_week, isinstance(dialog, ConfirmDialog), question, app.screen, messages(app)

    on_week, asked, (title, question), screen, notes = run_app(app, scenario, size=SIZE)
    assert on_week is StageReviewScreen
    assert asked and title == "Draft objectives for Q1 2027?"
    assert "• Grow to 5,000 members\n• Launch the ambassador programme\n• Publish the playbook" in question
    assert "Left out by the rule of three: Hire a community manager" in question
    assert isinstance(screen, StageReviewScreen) and screen.period.stage is Stage.QUARTER
    assert "Drafted 3 objectives for Q1 2027." in notes
    store = stored(data_dir, clock)
    assert store.review(Stage.QUARTER, date(2026, 10, 1)).text("actions") == "\n".join(actions)
    assert [objective.text for objective in store.objectives(date(2027, 1, 1))] == actions[:3]
    assert store.objectives(date(2026, 10, 1)) == []


def test_N_does_not_announce_objectives_that_were_refused(data_dir, clock):
    store = seed(data_dir, clock)
    store.write_review(Stage.QUARTER, date(2026, 10, 1), actions="x" * 550)  # fits a review, not an objective
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        await open_review(pilot)
        await pilot.press("greater_than_sign", "greater_than_sign")
        await pilot.pause()
        await pilot.press("N", "y")
        await pilot.pause()
        return messages(app)

    notes = run_app(app, scenario)
    assert stored(data_dir, clock).objectives() == []
    assert any("too long" in note for note in notes)
    assert not any(note.startswith("Drafted") for note in notes)


def test_N_without_actions_asks_for_them_and_drafts_nothing(data_dir, clock):
    seed(data_dir, clock)
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        await open_review(pilot)
        await pilot.press("greater_than_sign", "greater_than_sign")
        await pilot.pause()
        await pilot.press("N")
        await pilot.pause()
        return app.screen, messages(app)

    screen, notes = run_app(app, scenario)
    assert isinstance(screen, StageReviewScreen)
    assert any(note.startswith("Write the actions for the next stage first") for note in notes)
    assert stored(data_dir, clock).objectives() == []


def test_O_opens_the_quarters_okrs(data_dir, clock):
    okr = pytest.importorskip("focus_tui.screens.okr")
    seed(data_dir, clock)
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        await open_review(pilot)
        await pilot.press("O")
        await pilot.pause()
        return app.screen

    screen = run_app(app, scenario)
    assert isinstance(screen, okr.OkrScreen)


# -- the end-of-day offer ----------------------------------------------------------------------
def _offer(app: FocusApp) -> tuple[bool, str]:
    header = app.screen.query_one("FocusHeader")
    return bool(header.review_text), header.review_text


def _offers(app: FocusApp) -> int:
    return sum(1 for note in messages(app) if note.startswith("Time to review the day"))


def test_after_the_review_time_the_header_offers_the_review_once_until_the_day_is_closed(data_dir, clock):
    seed(data_dir, clock)
    clock.set(utc("2026-11-21T17:45:00"))
    app = make_app(data_dir, clock, poll_seconds=0.05)

    async def scenario(pilot):
        await pilot.pause(0.4)  # several polls: still one notice
        offered = _offer(app), _offers(app)
        await open_review(pilot)
        await pilot.press("c", "T")
        await pilot.pause()
        after_close = _offer(app)
        await pilot.press("escape")
        await pilot.pause(0.2)
        return offered, after_close, _offer(app), _offers(app)

    (offered, count), after_close, on_board, final_count = run_app(app, scenario)
    assert offered == (True, "◇ review: R") and count == 1
    assert after_close == (False, "") and on_board == (False, "")
    assert final_count == 1


def test_before_the_review_time_nothing_is_offered(data_dir, clock):
    seed(data_dir, clock)  # 09:30
    app = make_app(data_dir, clock, poll_seconds=0.05)

    async def scenario(pilot):
        await pilot.pause(0.3)
        return _offer(app), _offers(app), app.review_due()

    offer, count, due = run_app(app, scenario)
    assert offer == (False, "") and count == 0 and not due


def test_the_review_time_comes_from_the_config(data_dir, clock, isolated_env):
    config = Path(isolated_env["FOCUS_CONFIG"])
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('[review]\ntime = "09:00"\n', encoding="utf-8")
    seed(data_dir, clock)  # 09:30: after 09:00
    app = make_app(data_dir, clock, poll_seconds=0.05)

    async def scenario(pilot):
        await pilot.pause(0.3)
        return _offer(app), _offers(app)

    offer, count = run_app(app, scenario)
    assert offer == (True, "◇ review: R") and count == 1


def test_the_offer_comes_back_the_next_day(data_dir, clock):
    seed(data_dir, clock)
    clock.set(utc("2026-11-21T17:45:00"))
    app = make_app(data_dir, clock, poll_seconds=0.05)

    async def scenario(pilot):
        await pilot.pause(0.3)
        clock.set(utc("2026-11-22T18:00:00"))
        await pilot.pause(0.3)
        return _offers(app), _offer(app)

    count, offer = run_app(app, scenario)
    assert count == 2
    assert offer == (True, "◇ review: R")


# -- opening the review again --------------------------------------------------------------------
def test_the_review_opened_again_is_the_same_screen_showing_what_changed_meanwhile(data_dir, clock):
    """Today's review is kept between openings (KeptScreen): opened again it shows the data as it
    is now, scrolled to the top with the body focused and without text that was refused."""
    seed(data_dir, clock)
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        first = await open_review(pilot)
        before = rendered(app, "#review-work")
        await paste_into(pilot, "highlights", "Good day \x1b[31mred")
        first.query_one("#review-body").scroll_end(animate=False)
        await pilot.press("escape", "escape")  # leaving the field refuses the text; then the board
        await pilot.pause()
        app.apply_change(lambda: app.store.complete_task(1))
        await pilot.pause()
        second = await open_review(pilot)
        return (first is second, before, rendered(app, "#review-work"), rendered(app, "#standup"),
                field(app, "highlights").value, app.focused, second.query_one("#review-body").scroll_y)

    same, before, after, standup, highlights, focused, scrolled = run_app(app, scenario, size=SIZE)
    assert same
    assert "Done 1 of 9 planned" in before and "Done 2 of 9 planned" in after
    assert "Draft the Q1 community plan" in next(line for line in after.splitlines() if line.startswith("Finished"))
    assert "Draft the Q1 community plan" in standup.splitlines()[0]
    assert highlights == ""
    assert focused is not None and focused.id == "review-body" and scrolled == 0


def test_the_review_opened_on_a_new_day_is_that_days_review(data_dir, clock):
    seed(data_dir, clock)
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        first = await open_review(pilot)
        await pilot.press("escape")
        await pilot.pause()
        clock.set(utc("2026-11-22T09:30:00"))
        second = await open_review(pilot)
        return first is second, second.period.start, rendered(app, "#review-title")

    same, start, title = run_app(app, scenario, size=SIZE)
    assert not same and start == SUNDAY
    assert "Sun 22 Nov 2026" in title


def test_closed_reviews_are_not_kept_alive(data_dir, clock):
    """Reviews of other days and stages, reached with [ ] < >, are let go once closed; only
    today's is kept for the next opening."""
    import gc

    from focus_tui.screens.review import ReviewScreen

    seed(data_dir, clock)
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        for _ in range(3):
            await open_review(pilot)
            await pilot.press("left_square_bracket", "greater_than_sign", "escape")
            await pilot.pause()
        gc.collect()
        return type(app.screen), [type(o).__name__ for o in gc.get_objects() if isinstance(o, ReviewScreen)]

    screen, alive = run_app(app, scenario, size=SIZE)
    assert screen is BoardScreen
    assert alive == ["DayReviewScreen"]
