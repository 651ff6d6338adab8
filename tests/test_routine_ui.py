"""Routines in the real app, driven through Pilot: ticking an instance's checklist, logging the
day's key variables, the board's flag line, and the routines screen."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from textual.widgets import Input, SelectionList, Sparkline, TextArea

from focus_tui.dialogs.confirm import ConfirmDialog
from focus_tui.dialogs.routine import RoutineDetailsDialog, RoutineFormDialog, StartersDialog
from focus_tui.dialogs.routine_checklist import ChecklistDialog, ValuesDialog, unticked_question
from focus_tui.domain.routines import new_routine
from focus_tui.domain.tasks import Status, Step, new_task
from focus_tui.screens.board import BoardScreen
from focus_tui.screens.routines import RoutinesScreen
from focus_tui.storage import Store

from tests.apphelpers import make_app, run_app

SAT = date(2026, 11, 21)


def seed(data_dir, clock, **fields) -> Store:
    store = Store(data_dir, clock).open()
    store.add_task(new_task("Draft the Q1 plan", clock.now(), day=SAT, category="planning", minutes=90))
    fields.setdefault("steps", ["Count new members", "Welcome them", "Answer questions"])
    fields.setdefault("variables", ["new members >= 30", "reply time <= 2 h"])
    store.add_routine(new_routine("Community check", "daily", clock.now(), SAT, kind="community", **fields))
    return store


def fresh(data_dir, clock) -> Store:
    return Store(data_dir, clock).open()


def instance(store: Store):
    return next(task for task in store.tasks() if task.routine_id is not None)


def row_text(app, task_id: int) -> str:
    task_list = app.screen.tasks_list
    return str(task_list.get_option(str(task_id)).prompt)


async def highlight(pilot, task_id: int) -> None:
    pilot.app.screen.tasks_list.highlight_task(task_id)
    await pilot.pause()


def test_ticking_a_routine_saves_each_tick_and_logging_flags_the_day(data_dir, clock):
    task_id = instance(seed(data_dir, clock)).id
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        seen = {"row": row_text(app, task_id)}
        await highlight(pilot, task_id)
        await pilot.press("enter")
        await pilot.pause()
        seen["dialog"] = type(app.screen)
        await pilot.press("space")
        await pilot.pause()
        seen["after one"] = [step.done for step in instance(fresh(data_dir, clock)).steps]  # saved at once
        seen["title"] = str(app.screen.query_one("#checklist-title").render())
        await pilot.press("space", "space")
        await pilot.pause()
        seen["values dialog"] = type(app.screen)
        await pilot.press(*"18", "tab", *"1.5", "enter")
        await pilot.pause()
        seen["back"] = type(app.screen)
        seen["flags"] = str(app.screen.query_one("#routine-flags").render())
        seen["flags shown"] = app.screen.query_one("#routine-flags").display
        return seen

    seen = run_app(app, scenario)
    assert "Community check" in seen["row"] and "☑ 0/3" in seen["row"]
    assert seen["dialog"] is ChecklistDialog
    assert seen["after one"] == [True, False, False]
    assert "Community check · 1/3" in seen["title"]
    assert seen["values dialog"] is ValuesDialog
    assert seen["back"] is BoardScreen
    done = instance(fresh(data_dir, clock))
    assert done.status is Status.DONE and all(step.done for step in done.steps)
    assert done.values == {"new members": 18.0, "reply time": 1.5}
    assert seen["flags shown"] and "⚠ new members 18, expected >= 30" in seen["flags"]


def test_a_non_numeric_value_keeps_the_dialog_open_and_escape_skips(data_dir, clock):
    store = seed(data_dir, clock, steps=["Only step"])
    task_id = instance(store).id
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        await highlight(pilot, task_id)
        await pilot.press("enter", "space")
        await pilot.pause()
        await pilot.press(*"lots", "enter")
        await pilot.pause()
        still = type(app.screen)
        error = str(app.screen.query_one("#values-error").render())
        written = fresh(data_dir, clock).task(task_id).values
        await pilot.press("escape")
        await pilot.pause()
        return still, error, written, type(app.screen), app.screen.query_one("#routine-flags").display

    still, error, written, after, flags_shown = run_app(app, scenario)
    assert still is ValuesDialog
    assert "new members: 'lots' is not a number" in error
    assert written == {}
    assert after is BoardScreen and not flags_shown
    task = fresh(data_dir, clock).task(task_id)
    assert task.status is Status.DONE and task.values == {}


def test_space_with_steps_left_asks_before_ticking_them_all(data_dir, clock):
    task_id = instance(seed(data_dir, clock)).id
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        await highlight(pilot, task_id)
        await pilot.press("space")
        await pilot.pause()
        asked = type(app.screen), " ".join(str(widget.render()) for widget in app.screen.query(".dialog Static"))
        await pilot.press("n")
        await pilot.pause()
        untouched = fresh(data_dir, clock).task(task_id).status
        await pilot.press("space")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        values = type(app.screen)
        await pilot.press("escape")
        await pilot.pause()
        return asked, untouched, values

    (dialog, question), untouched, values = run_app(app, scenario)
    assert dialog is ConfirmDialog and "3 of 3 steps of Community check are not ticked" in question
    assert untouched is Status.TODO
    assert values is ValuesDialog
    task = fresh(data_dir, clock).task(task_id)
    assert task.status is Status.DONE and all(step.done for step in task.steps)


def test_the_question_names_three_steps_left_and_counts_the_rest(clock):
    steps = [Step("Sort"), Step("Answer", done=True), Step("File"), Step("Reply"), Step("Archive"), Step("Plan")]
    question = unticked_question(replace(new_task("Inbox batch", clock.now()), steps=tuple(steps)))
    assert question.startswith("5 of 6 steps of Inbox batch are not ticked: Sort; File; Reply; and 2 more. ")
    three = unticked_question(replace(new_task("Inbox batch", clock.now()), steps=tuple(steps[:4])))
    assert "not ticked: Sort; File; Reply. Tick them all" in three


def test_a_routine_without_variables_finishes_without_asking_for_values(data_dir, clock):
    task_id = instance(seed(data_dir, clock, variables=[], steps=[])).id
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        await highlight(pilot, task_id)
        await pilot.press("space")
        await pilot.pause()
        return type(app.screen)

    assert run_app(app, scenario) is BoardScreen
    assert fresh(data_dir, clock).task(task_id).status is Status.DONE


def test_the_app_opening_a_new_day_generates_once_and_reports_missed_days(data_dir, clock):
    seed(data_dir, clock)
    clock.advance(days=3)  # Sun and Mon passed with the app closed
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        messages = [notification.message for notification in app._notifications]
        return messages, list(app.screen.tasks_list.task_ids)

    messages, shown = run_app(app, scenario)
    store = fresh(data_dir, clock)
    tuesday = [task for task in store.tasks() if task.routine_day == date(2026, 11, 24)]
    assert len(tuesday) == 1 and tuesday[0].id in shown
    assert any("Missed while closed: Community check Sun 22, Mon 23" in message for message in messages)
    assert run_app(make_app(data_dir, clock), lambda pilot: pilot.pause()) is None
    assert len([task for task in fresh(data_dir, clock).tasks() if task.routine_day == date(2026, 11, 24)]) == 1


def test_the_board_moves_to_a_new_day_and_generates_its_routines(data_dir, clock):
    seed(data_dir, clock)
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        clock.advance(days=1)
        app.check_for_outside_changes()
        await pilot.pause()
        return list(app.screen.tasks_list.task_ids)

    shown = run_app(app, scenario)
    sunday = [task for task in fresh(data_dir, clock).tasks() if task.routine_day == date(2026, 11, 22)]
    assert len(sunday) == 1 and sunday[0].id in shown


# -- the routines screen ------------------------------------------------------------------------------
def test_add_a_routine_with_a_live_preview_and_refusals(data_dir, clock):
    Store(data_dir, clock).open()
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        seen = {}
        await pilot.press("P")
        await pilot.pause()
        seen["screen"] = type(app.screen)
        seen["empty"] = str(app.screen.query_one("#routines-empty").render())
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        seen["form"] = type(form)
        await pilot.press(*"Metrics check", "tab", *"mon,thu")
        await pilot.pause()
        seen["preview"] = str(form.query_one("#routine-preview").render())
        form.query_one("#routine-every", Input).value = "funday"
        await pilot.pause()
        seen["bad preview"] = str(form.query_one("#routine-preview").render())
        form.query_one("#routine-every", Input).value = "weekends"
        form.query_one("#routine-steps", TextArea).text = "Check the dashboard\n\nPost the summary"
        form.query_one("#routine-variables", TextArea).text = "signups >= lots"
        await pilot.press("ctrl+s")
        await pilot.pause()
        seen["error"] = str(form.query_one("#routine-error").render())
        seen["still"] = type(app.screen)
        seen["written"] = fresh(data_dir, clock).routines()
        form.query_one("#routine-variables", TextArea).text = "signups >= 30"
        form.query_one("#routine-minutes", Input).value = "15"
        await pilot.press("ctrl+s")
        await pilot.pause()
        seen["after"] = type(app.screen)
        seen["list"] = str(app.screen.query_one("#routine-list").get_option_at_index(0).prompt)
        return seen

    seen = run_app(app, scenario)
    assert seen["screen"] is RoutinesScreen and "No routines yet" in seen["empty"]
    assert seen["form"] is RoutineFormDialog
    assert "every Mon and Thu → Mon 23, Thu 26, Mon 30, Thu 03, Mon 07" in seen["preview"]
    assert "✗ 'funday' names 'funday', which is not a weekday" in seen["bad preview"]
    assert "variable 'signups': 'lots' is not a number" in seen["error"]
    assert seen["still"] is RoutineFormDialog and seen["written"] == []
    assert seen["after"] is RoutinesScreen
    [routine] = fresh(data_dir, clock).routines()
    assert (routine.name, routine.every, routine.steps, routine.minutes) == (
        "Metrics check", "every Sat and Sun", ("Check the dashboard", "Post the summary"), 15)
    assert [variable.expression for variable in routine.variables] == ["signups >= 30"]
    assert "Metrics check" in seen["list"] and "today 0/2" in seen["list"]  # due on Saturday: on the list
    assert any(task.routine_id == routine.id for task in fresh(data_dir, clock).tasks())


def test_edit_pause_delete_and_details(data_dir, clock):
    store = seed(data_dir, clock)
    task = instance(store)
    store.log_routine_values(task.id, {"new members": "18"})
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        seen = {}
        await pilot.press("P", "enter")
        await pilot.pause()
        seen["details"] = type(app.screen)
        seen["spark"] = [list(spark.data) for spark in app.screen.query(Sparkline) if spark.display]
        await pilot.press("escape", "e")
        await pilot.pause()
        form = app.screen
        seen["every"] = form.query_one("#routine-every", Input).value
        form.query_one("#routine-name", Input).value = "Community round"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        seen["paused"] = fresh(data_dir, clock).routine(1).paused
        seen["row"] = str(app.screen.query_one("#routine-list").get_option_at_index(0).prompt)
        await pilot.press("p", "D")
        await pilot.pause()
        seen["confirm"] = type(app.screen)
        await pilot.press("y")
        await pilot.pause()
        seen["empty"] = app.screen.query_one("#routines-empty").display
        await pilot.press("escape")
        await pilot.pause()
        seen["board"] = type(app.screen)
        return seen

    seen = run_app(app, scenario)
    assert seen["details"] is RoutineDetailsDialog and seen["spark"] == [[18.0]]
    assert seen["every"] == "daily"
    assert seen["paused"] is True and "  paused" in seen["row"] and "Community round" in seen["row"]
    assert seen["confirm"] is ConfirmDialog and seen["empty"] and seen["board"] is BoardScreen
    after = fresh(data_dir, clock)
    assert after.routines() == [] and instance(after).id == task.id  # the instance stayed
    assert after.undo_history()[:3] == ["remove routine 'Community round'", "resume 'Community round'",
                                       "pause 'Community round'"]


def test_starters_are_added_only_when_chosen(data_dir, clock):
    Store(data_dir, clock).open()
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        await pilot.press("P", "i")
        await pilot.pause()
        dialog = app.screen
        await pilot.press("enter")
        await pilot.pause()
        refused = str(dialog.query_one("#starters-error").render()), fresh(data_dir, clock).routines()
        await pilot.press("space", "down", "space")
        await pilot.pause()
        chosen = list(dialog.query_one(SelectionList).selected)
        await pilot.press("enter")
        await pilot.pause()
        return type(dialog), refused, chosen, type(app.screen)

    dialog, (refusal, written), chosen, after = run_app(app, scenario)
    assert dialog is StartersDialog and "Tick one or more" in refusal and written == []
    assert chosen == ["inbox", "weekly-report"] and after is RoutinesScreen
    assert [routine.name for routine in fresh(data_dir, clock).routines()] == ["Inbox batch", "Weekly report"]


def test_routines_are_in_the_command_palette_and_help(data_dir, clock):
    Store(data_dir, clock).open()
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        commands = [command.title for command in app.get_system_commands(app.screen)]
        await pilot.press("question_mark")
        await pilot.pause()
        rows = [row[1] for row in app.screen.rows]
        return commands, rows

    commands, rows = run_app(app, scenario)
    assert "Routines" in commands and "Routines" in rows
