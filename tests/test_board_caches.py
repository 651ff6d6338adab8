"""What the board, its task list and today's review keep between changes (worked out again only when
what they are made of changed) never shows a stale value: each test makes a change that touches one
input of a kept part and checks the screen against the data."""

from __future__ import annotations

from datetime import date, timedelta

from focus_tui.app import FocusApp
from focus_tui.domain.periods import Stage
from focus_tui.domain.tasks import Status, new_task
from focus_tui.screens.review import DayReviewScreen
from focus_tui.stages import log_stage_progress
from focus_tui.storage import Store

from tests.apphelpers import make_app, run_app, seed_realistic_board

SATURDAY = date(2026, 11, 21)
SIZE = (100, 40)


def rows(app: FocusApp) -> list[str]:
    task_list = app.screen.tasks_list
    return [str(task_list.get_option_at_index(i).prompt) for i in range(task_list.option_count)]


def expected_titles(app: FocusApp) -> set[str]:
    """Today's list worked out from the data, as a fresh board would show it."""
    today = app.today()
    return {task.title for task in app.store.tasks()
            if task.status in (Status.TODO, Status.DOING) and task.day is not None and task.day <= today}


def shown_titles(app: FocusApp) -> set[str]:
    return {app.store.task(task_id).title for task_id in app.screen.tasks_list.task_ids}


def panel(app: FocusApp) -> str | None:
    widget = app.screen.query_one("#blockers-panel")
    return str(widget.render()) if widget.display else None


def card(app: FocusApp, stage: Stage) -> str:
    widget = app.screen.query_one(f"#card-{stage.value}")
    return "\n".join(line.plain for line in widget.card_lines(widget.content_region.width))


def test_the_board_follows_changes_to_each_part_it_keeps(data_dir, clock):
    seed_realistic_board(data_dir, clock)
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        seen = {"start": (shown_titles(app), expected_titles(app), panel(app))}
        # A key task's progress only: the kept list and panel stand, the card follows.
        app.apply_change(lambda: log_stage_progress(app.store, app.config, Stage.WEEK, "2"))
        await pilot.pause()
        seen["progress"] = (shown_titles(app), expected_titles(app), panel(app), card(app, Stage.WEEK))
        # A blocker: the task leaves the list and the panel counts it.
        app.apply_change(lambda: app.store.block_task(1, "people", person="Ana"))
        await pilot.pause()
        seen["blocked"] = (shown_titles(app), expected_titles(app), panel(app))
        app.apply_change(app.store.undo)
        await pilot.pause()
        seen["unblocked"] = (shown_titles(app), expected_titles(app), panel(app))
        # Written by another process: read from disk, every kept part is made again.
        other = Store(data_dir, clock).open()
        other.add_task(new_task("Written from another pane", clock.now(), day=SATURDAY))
        other.block_task(2, "budget")
        app.check_for_outside_changes()
        await pilot.pause()
        seen["outside"] = (shown_titles(app), expected_titles(app), panel(app))
        return seen

    seen = run_app(app, scenario, SIZE)
    for name, (shown, expected, *_rest) in seen.items():
        assert shown == expected, name
    assert seen["start"][2] is None and seen["unblocked"][2] is None
    assert "33 / 40 signups" in seen["progress"][3] or "33/40 signups" in seen["progress"][3]
    assert "Draft the Q1 community plan" not in seen["blocked"][0]
    assert seen["blocked"][2].startswith("⊘ 1 blocked: people 1")
    assert "Written from another pane" in seen["outside"][0]
    assert seen["outside"][2].startswith("⊘ 1 blocked: budget 1")


def test_a_card_is_drawn_again_only_when_it_reads_differently(data_dir, clock):
    """Progress on the quarter's key task changes the week's view too (the quarter is its parent),
    but not what the week's card says: only the quarter's card is drawn again."""
    seed_realistic_board(data_dir, clock)
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        cards = {stage: app.screen.query_one(f"#card-{stage.value}") for stage in (Stage.QUARTER, Stage.WEEK)}
        before = {stage: card(app, stage) for stage in cards}
        redrawn: list[str] = []
        for stage, widget in cards.items():
            original = widget.refresh
            widget.refresh = lambda *regions, stage=stage, original=original, **options: (
                redrawn.append(stage.value), original(*regions, **options))[1]
        app.apply_change(lambda: log_stage_progress(app.store, app.config, Stage.QUARTER, "25"))
        await pilot.pause()
        week_view_changed = cards[Stage.WEEK].view.parent.done
        return before, {stage: card(app, stage) for stage in cards}, redrawn, week_view_changed

    before, after, redrawn, week_parent_done = run_app(app, scenario, SIZE)
    assert week_parent_done == 2265  # the week's view has the quarter's new figure
    assert after[Stage.WEEK] == before[Stage.WEEK]
    assert "2,265" in after[Stage.QUARTER] or "2265" in after[Stage.QUARTER]
    assert redrawn == ["quarter"]


def test_a_row_follows_its_task(data_dir, clock):
    """A row is made again when its task changes: its markers (⚑ directive, ◆ linked to today's
    key task) and its title."""
    store = seed_realistic_board(data_dir, clock)
    linked = next(task for task in store.tasks() if task.title == "Fix the signup email typo")
    app = make_app(data_dir, clock)

    def row_of(title: str) -> str:
        return next(row for row in rows(app) if title in row)

    async def scenario(pilot):
        seen = {"start": row_of(linked.title)}
        app.apply_change(lambda: app.store.edit_task(linked.id, directive=True, title="Fix the signup email typos"))
        await pilot.pause()
        seen["edited"] = row_of("Fix the signup email typos")
        app.apply_change(lambda: app.store.edit_task(linked.id, key_task_id=None))
        await pilot.pause()
        seen["unlinked"] = row_of("Fix the signup email typos")
        return seen

    seen = run_app(app, scenario, SIZE)
    assert "◆" in seen["start"] and "⚑" not in seen["start"]
    assert "◆" in seen["edited"] and "⚑" in seen["edited"]
    assert "◆" not in seen["unlinked"] and "⚑" in seen["unlinked"]


def test_the_list_shrinking_and_growing_keeps_its_scrollable_height_and_scrollbar_right(data_dir, clock):
    """A row added or removed repaints the list without laying out the screen (TaskList.virtual_size):
    its scrollable height must still follow, and a scrollbar come and go with it."""
    store = Store(data_dir, clock).open()
    for number in range(30):
        store.add_task(new_task(f"Task number {number}", clock.now(), day=SATURDAY))
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        task_list = app.screen.tasks_list
        seen = [(task_list.option_count, task_list.virtual_size.height, task_list.show_vertical_scrollbar)]
        for _ in range(25):
            app.apply_change(lambda: app.store.complete_task(task_list.highlighted_task_id))
            await pilot.pause()
            seen.append((task_list.option_count, task_list.virtual_size.height, task_list.show_vertical_scrollbar))
        for _ in range(3):
            app.apply_change(app.store.undo)
            await pilot.pause()
        seen.append((task_list.option_count, task_list.virtual_size.height, task_list.show_vertical_scrollbar))
        return seen, task_list.scrollable_content_region.height

    seen, viewport = run_app(app, scenario, (80, 24))
    assert [count for count, _height, _bar in seen] == [30 - n for n in range(26)] + [8]
    for count, height, scrollbar in seen:
        assert height == count
        assert scrollbar == (count > viewport)
    assert seen[0][2] and not seen[-2][2]


def test_todays_review_shown_again_follows_changes_made_while_it_was_closed(data_dir, clock):
    seed_realistic_board(data_dir, clock)
    app = make_app(data_dir, clock)

    def shown() -> dict[str, str]:
        screen = app.screen
        assert isinstance(screen, DayReviewScreen)
        return {name: str(screen.query_one(f"#{name}").render())
                for name in ("review-keys", "review-work", "review-blockers", "standup")} | {
            "trend": repr(screen.query_one("#trend-done").data)}

    async def scenario(pilot):
        await pilot.press("R")
        await pilot.pause()
        first = shown()
        await pilot.press("escape")
        await pilot.pause()
        app.apply_change(lambda: app.store.complete_task(2))  # done today: figures, trend, stand-up
        app.apply_change(lambda: log_stage_progress(app.store, app.config, Stage.WEEK, "2"))  # key tasks
        app.apply_change(lambda: app.store.block_task(4, "people", person="Ana"))
        clock.set(clock.now() + timedelta(hours=2))  # the blocker's age moves with the clock
        await pilot.press("R")
        await pilot.pause()
        second = shown()
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("R")
        await pilot.pause()
        return first, second, shown()

    first, second, third = run_app(app, scenario, SIZE)
    assert "Weekly metrics report" not in first["standup"].split("\n")[0]
    assert "Weekly metrics report" in second["standup"].split("\n")[0]
    assert "Done 2 of" in second["review-work"] and "Done 1 of" in first["review-work"]
    assert "31 / 40 signups" in first["review-keys"] and "33 / 40 signups" in second["review-keys"]
    assert second["trend"] != first["trend"]
    assert "people, Ana, 2h" in second["review-blockers"]
    assert third == second
