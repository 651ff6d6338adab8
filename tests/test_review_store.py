"""Reviews, closing the day and objectives as the store keeps them, on real TinyDB files: one record
per stage and period, nothing written when a change is refused, one undo step for closing a day, the
rule of three held across processes, and old reviews read back from their month's archive."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from focus_tui.config import Config
from focus_tui.domain.clock import FixedClock
from focus_tui.domain.okr import add_key_result, edit_objective, record_confidence
from focus_tui.domain.periods import Stage, day_period, week_period
from focus_tui.domain.tasks import Status, Task, new_task
from focus_tui.domain.validation import ValidationError
from focus_tui.review_views import load_review
from focus_tui.storage import NotFoundError, Store

# The clock fixture: Saturday 21 November 2026, 09:30 UTC.
MON, TUE, WED, THU, FRI, SAT, SUN = (date(2026, 11, 16) + timedelta(days=n) for n in range(7))
Q4 = date(2026, 10, 1)
Q1 = date(2027, 1, 1)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.fromisoformat(f"{day.isoformat()}T{hour:02d}:{minute:02d}:00+00:00")


def file_bytes(store: Store) -> bytes:
    return store.data_file.read_bytes()


def stored(store: Store) -> dict:
    return json.loads(file_bytes(store))


def add(store: Store, title: str, day: date | None, **fields) -> Task:
    return store.add_task(new_task(title, store.clock.now(), day=day, **fields))


def refused(call, *args, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as raised:
        call(*args, **kwargs)
    return raised.value


# ============================================================================================
# Written reviews
# ============================================================================================

def test_writing_a_review_creates_one_record_and_later_writes_update_it(store: Store, data_dir: Path,
                                                                        clock: FixedClock) -> None:
    first = store.write_review(Stage.DAY, FRI, highlights="  Shipped the onboarding flow ")
    assert first.id is not None and first.text("highlights") == "Shipped the onboarding flow"
    clock.advance(minutes=10)
    second = store.write_review(Stage.DAY, FRI, shortcomings="Too many meetings", tomorrow="Block the morning")
    assert second.id == first.id
    assert dict(second.written) == {"highlights": "Shipped the onboarding flow", "shortcomings": "Too many meetings",
                                    "tomorrow": "Block the morning"}
    assert second.changed == clock.now()
    assert [review.id for review in store.reviews()] == [first.id]
    assert len(stored(store)["reviews"]) == 1

    reopened = Store(data_dir, clock).open()
    again = reopened.review(Stage.DAY, FRI)
    assert (again.id, dict(again.written), again.changed) == (first.id, dict(second.written), clock.now())


def test_each_stage_and_period_has_its_own_record(store: Store) -> None:
    day = store.write_review(Stage.DAY, MON, highlights="day")
    week = store.write_review(Stage.WEEK, MON, highlights="week", rules="Batch email twice a day")
    other_day = store.write_review(Stage.DAY, TUE, highlights="tuesday")
    assert len({day.id, week.id, other_day.id}) == 3
    assert store.review(Stage.DAY, MON).text("highlights") == "day"
    assert store.review(Stage.WEEK, MON).text("rules") == "Batch email twice a day"
    assert store.review(Stage.DAY, TUE).text("highlights") == "tuesday"
    assert len(store.reviews()) == 3


def test_a_review_never_written_reads_as_empty_without_creating_a_record(store: Store) -> None:
    add(store, "something", SAT)
    before = file_bytes(store)
    review = store.review(Stage.WEEK, MON)
    assert (review.id, dict(review.written), review.standup, review.closed) == (None, {}, None, None)
    assert file_bytes(store) == before


@pytest.mark.parametrize(("stage", "written"), [
    (Stage.DAY, {"rules": "x"}), (Stage.DAY, {"highlights": "ok", "actions": "x"}),
    (Stage.WEEK, {"tomorrow": "x"}), (Stage.QUARTER, {"highlights": "ok", "tomorrow": "x"}),
    (Stage.DAY, {"highlights": "bad \x1b[31m"}), (Stage.WEEK, {"highlights": "x" * 601}),
])
def test_a_refused_heading_or_text_writes_nothing(store: Store, stage: Stage, written: dict) -> None:
    store.write_review(stage, MON, shortcomings="kept")
    before, history = file_bytes(store), store.undo_history()
    refused(store.write_review, stage, MON, **written)
    assert file_bytes(store) == before
    assert store.undo_history() == history
    assert dict(store.review(stage, MON).written) == {"shortcomings": "kept"}


def test_writing_a_review_is_undoable(store: Store) -> None:
    store.write_review(Stage.WEEK, MON, highlights="first")
    store.write_review(Stage.WEEK, MON, highlights="second")
    assert store.undo().startswith("write the week review")
    assert store.review(Stage.WEEK, MON).text("highlights") == "first"
    store.undo()
    assert store.review(Stage.WEEK, MON).id is None and store.reviews() == []


def test_the_standup_is_saved_and_cleared_back_to_the_generated_one(store: Store, data_dir: Path,
                                                                    clock: FixedClock) -> None:
    saved = store.save_standup(FRI, "Finished: the deck.\nNext: the webinar.\nBlocked: nothing.")
    assert saved.standup == "Finished: the deck.\nNext: the webinar.\nBlocked: nothing."
    store.write_review(Stage.DAY, FRI, highlights="good day")
    assert Store(data_dir, clock).open().review(Stage.DAY, FRI).standup == saved.standup
    assert store.save_standup(FRI, "   ").standup is None
    store.save_standup(FRI, "again")
    cleared = store.save_standup(FRI, None)
    assert cleared.standup is None and cleared.id == saved.id
    assert cleared.text("highlights") == "good day"  # the written part is untouched
    assert len(store.reviews()) == 1


def test_a_standup_with_control_characters_is_refused(store: Store) -> None:
    store.save_standup(FRI, "fine")
    before = file_bytes(store)
    refused(store.save_standup, FRI, "bad \x07 bell")
    assert file_bytes(store) == before


# ============================================================================================
# Deciding about unfinished work and closing the day
# ============================================================================================

def a_day_of_work(store: Store, day: date) -> dict[str, int]:
    ids = {
        "todo": add(store, "Draft the newsletter", day).id,
        "doing": add(store, "Call the venue", day).id,
        "blocked": add(store, "Sign the contract", day).id,
        "done": add(store, "Book the room", day).id,
        "dropped": add(store, "Old idea", day).id,
        "overdue": add(store, "Chase the invoice", day - timedelta(days=2)).id,
        "due": add(store, "Pay the supplier", None, due=day).id,
        "later": add(store, "Prepare the 1:1", day + timedelta(days=3)).id,
        "backlog": add(store, "Someday", None).id,
    }
    store.start_task(ids["doing"])
    store.block_task(ids["blocked"], "people", person="Ana")
    store.complete_task(ids["done"])
    store.edit_task(ids["dropped"], status=Status.DROPPED)
    return ids


def test_only_open_unblocked_work_on_the_days_list_needs_a_decision(store: Store) -> None:
    ids = a_day_of_work(store, FRI)
    assert {task.id for task in store.needs_decision(FRI)} == {ids["todo"], ids["doing"], ids["overdue"], ids["due"]}


@pytest.mark.parametrize(("closing", "goes_to"), [(SAT, SUN), (FRI, SAT), (THU, SAT), (MON, SAT)])
def test_tomorrow_is_the_next_day_or_today_when_closing_a_past_day(store: Store, closing: date, goes_to: date) -> None:
    assert store.next_day_after(closing) == goes_to
    task = add(store, "Draft the newsletter", closing)
    moved = store.decide_task(closing, task.id, "tomorrow")
    assert (moved.day, moved.status) == (goes_to, Status.TODO)
    # The day it left is recorded (and today, whose list an overdue task was on), nothing else.
    assert closing in moved.carried_from and set(moved.carried_from) <= {closing, SAT}
    assert store.task(task.id).day == goes_to
    figures = {day: load_review(store, Config(), Stage.DAY, day_period(day)).figures for day in (closing, SAT)}
    assert task.id in {t.id for t in figures[closing].planned}
    assert task.id in {t.id for t in figures[closing].unfinished}
    if goes_to == SAT:
        assert task.id in {t.id for t in figures[SAT].planned}


def test_backlog_and_drop_decisions(store: Store, clock: FixedClock) -> None:
    to_backlog = add(store, "Someday maybe", FRI)
    to_drop = add(store, "Not worth it", FRI)
    backlog = store.decide_task(FRI, to_backlog.id, "backlog")
    assert (backlog.day, backlog.status) == (None, Status.TODO) and FRI in backlog.carried_from
    dropped = store.decide_task(FRI, to_drop.id, "drop")
    assert (dropped.status, dropped.finished, dropped.day) == (Status.DROPPED, clock.now(), FRI)
    assert store.undo_history()[:2] == ["drop 'Not worth it'", "move to backlog 'Someday maybe'"]


def test_an_unknown_decision_or_task_changes_nothing(store: Store) -> None:
    task = add(store, "Draft", FRI)
    before = file_bytes(store)
    refused(store.decide_task, FRI, task.id, "later")
    with pytest.raises(NotFoundError):
        store.decide_task(FRI, 999, "drop")
    assert file_bytes(store) == before


def test_closing_refuses_while_tasks_are_undecided_naming_them_and_writes_nothing(store: Store) -> None:
    ids = a_day_of_work(store, FRI)
    before, history = file_bytes(store), store.undo_history()
    error = refused(store.close_day, FRI)
    assert error.field == "close"
    assert "4 unfinished tasks still need a decision" in error.message
    assert "'Draft the newsletter'" in error.message and "'Call the venue'" in error.message
    # Deciding some is not enough; the decided ones are not applied either.
    error = refused(store.close_day, FRI, {ids["todo"]: "tomorrow", ids["doing"]: "drop", ids["overdue"]: "backlog"})
    assert "1 unfinished task still needs a decision: 'Pay the supplier'" in error.message
    assert file_bytes(store) == before and store.undo_history() == history
    assert store.task(ids["todo"]).day == FRI and store.review(Stage.DAY, FRI).closed is None


def test_closing_applies_every_decision_and_closes_in_one_undoable_step(store: Store, clock: FixedClock) -> None:
    ids = a_day_of_work(store, FRI)
    history = store.undo_history()
    decisions = {ids["todo"]: "tomorrow", ids["doing"]: "backlog", ids["overdue"]: "drop", ids["due"]: "tomorrow"}
    review = store.close_day(FRI, decisions)
    assert review.closed == clock.now() and review.id is not None
    assert store.undo_history() == [f"close {FRI.isoformat()}"] + history
    todo, doing, overdue, due = (store.task(ids[name]) for name in ("todo", "doing", "overdue", "due"))
    assert todo.day == SAT and FRI in todo.carried_from  # a past day's "tomorrow" is today
    assert (doing.day, doing.status) == (None, Status.TODO) and FRI in doing.carried_from
    assert overdue.status is Status.DROPPED
    assert due.day == SAT
    assert store.task(ids["blocked"]).status is Status.BLOCKED  # parked with its blocker, untouched
    assert not {task.id for task in store.needs_decision(FRI)} & {ids["todo"], ids["doing"], ids["overdue"]}

    assert store.undo() == f"close {FRI.isoformat()}"
    assert store.review(Stage.DAY, FRI).closed is None
    for name in ("todo", "doing", "overdue", "due"):
        task = store.task(ids[name])
        assert task.status in (Status.TODO, Status.DOING) and task.carried_from == (), name
    assert store.task(ids["todo"]).day == FRI and store.task(ids["doing"]).status is Status.DOING
    assert store.undo_history() == history


def test_a_due_task_moved_to_tomorrow_no_longer_needs_a_decision_on_the_closed_day(store: Store) -> None:
    due = add(store, "Pay the supplier", None, due=FRI)
    scheduled = add(store, "Send the invoice", FRI, due=FRI)
    store.close_day(FRI, {due.id: "tomorrow", scheduled.id: "tomorrow"})
    assert store.task(due.id).day == SAT and store.task(scheduled.id).day == SAT
    assert store.needs_decision(FRI) == []
    store.reopen_day(FRI)
    store.close_day(FRI)  # nothing left to decide: it was decided already


def test_closing_a_day_with_nothing_to_decide_and_reopening_it(store: Store, clock: FixedClock) -> None:
    done = add(store, "Book the room", FRI)
    store.complete_task(done.id)
    closed = store.close_day(FRI)
    assert closed.closed == clock.now()
    clock.advance(minutes=5)
    reopened = store.reopen_day(FRI)
    assert reopened.closed is None and reopened.id == closed.id and len(store.reviews()) == 1


def test_a_day_that_has_not_begun_cannot_be_closed(store: Store) -> None:
    add(store, "Sunday thing", SUN)
    before = file_bytes(store)
    error = refused(store.close_day, SUN)
    assert "has not begun" in error.message
    assert file_bytes(store) == before
    store.close_day(SAT, {task.id: "tomorrow" for task in store.needs_decision(SAT)})  # today may be closed


def test_after_midnight_the_previous_work_day_is_still_today(data_dir: Path) -> None:
    clock = FixedClock(at(SUN, 2))  # 02:00 Sunday is Saturday's work day (day starts at 04:00)
    store = Store(data_dir, clock).open()
    task = add(store, "Late one", SAT)
    assert store.next_day_after(SAT) == SUN
    refused(store.close_day, SUN)
    store.close_day(SAT, {task.id: "tomorrow"})
    # Left Saturday's list; Sunday (the calendar date at 02:00) has not come as a work day.
    assert (store.task(task.id).day, store.task(task.id).carried_from) == (SUN, (SAT,))


def test_work_carried_by_closing_still_counts_as_planned_on_the_day_it_left(store: Store, data_dir: Path,
                                                                           clock: FixedClock) -> None:
    ids = a_day_of_work(store, FRI)
    store.close_day(FRI, {ids["todo"]: "tomorrow", ids["doing"]: "backlog", ids["overdue"]: "tomorrow",
                          ids["due"]: "drop"})
    fresh = Store(data_dir, clock).open()  # from the file, as another process would see it
    assert FRI in fresh.task(ids["todo"]).carried_from and FRI in fresh.task(ids["doing"]).carried_from
    friday = load_review(fresh, Config(), Stage.DAY, day_period(FRI)).figures
    planned = {task.id for task in friday.planned}
    assert {ids["todo"], ids["doing"], ids["done"], ids["dropped"], ids["blocked"], ids["due"]} <= planned
    assert {ids["todo"], ids["doing"]} <= {task.id for task in friday.unfinished}
    saturday = load_review(fresh, Config(), Stage.DAY, day_period(SAT)).figures
    assert {ids["todo"], ids["overdue"]} <= {task.id for task in saturday.planned}
    thursday = load_review(fresh, Config(), Stage.DAY, day_period(THU)).figures
    assert ids["todo"] not in {task.id for task in thursday.planned}  # never on Thursday's list


# ============================================================================================
# Objectives
# ============================================================================================

def test_three_objectives_a_quarter_and_the_fourth_refused_with_nothing_written(store: Store) -> None:
    made = [store.add_objective(Q4, text) for text in ("Launch the flow", "Grow to 5,000", "Hire a moderator")]
    assert [o.id for o in made] == [1, 2, 3]
    before, history = file_bytes(store), store.undo_history()
    error = refused(store.add_objective, Q4, "Cut churn")
    assert "rule of three" in error.message
    assert file_bytes(store) == before and store.undo_history() == history
    assert [o.text for o in store.objectives(Q4)] == ["Launch the flow", "Grow to 5,000", "Hire a moderator"]
    assert store.add_objective(Q1, "Next quarter's").quarter_start == Q1  # another quarter has its own three
    assert len(store.objectives()) == 4 and len(store.objectives(Q4)) == 3


def test_an_objective_is_updated_removed_and_brought_back_by_undo(store: Store, data_dir: Path,
                                                                  clock: FixedClock) -> None:
    first = store.add_objective(Q4, "Launch the flow")
    second = store.add_objective(Q4, "Grow the community")
    now = clock.now()
    store.update_objective(second.id, lambda o: edit_objective(o, now, "Grow the community to 5,000"), "rename")
    store.update_objective(second.id, lambda o: add_key_result(o, now, "Members", "5k", unit="members"), "add a KR to")
    store.update_objective(second.id, lambda o: record_confidence(o, MON, 7, now), "record confidence of")
    reread = Store(data_dir, clock).open().objective(second.id)
    assert reread.text == "Grow the community to 5,000"
    assert [(kr.text, kr.target, kr.unit) for kr in reread.key_results] == [("Members", 5000.0, "members")]
    assert reread.latest_confidence == 7
    assert store.undo_history()[0] == "record confidence of 'Grow the community to 5,000'"

    removed = store.remove_objective(first.id)
    assert removed.text == "Launch the flow"
    with pytest.raises(NotFoundError):
        store.objective(first.id)
    assert store.undo() == "remove objective 'Launch the flow'"
    assert store.objective(first.id).text == "Launch the flow"
    with pytest.raises(NotFoundError):
        store.remove_objective(99)
    with pytest.raises(NotFoundError):
        store.update_objective(99, lambda o: o, "touch")


def test_undoing_an_add_frees_the_place_and_ids_are_not_reused(store: Store) -> None:
    for text in ("a", "b", "c"):
        store.add_objective(Q4, text)
    assert store.undo() == "add objective 'c'"
    assert len(store.objectives(Q4)) == 2
    again = store.add_objective(Q4, "c again")
    assert again.id == 4


def test_two_processes_cannot_make_a_fourth_objective(data_dir: Path, clock: FixedClock) -> None:
    one = Store(data_dir, clock).open()
    two = Store(data_dir, clock).open()
    one.add_objective(Q4, "from one, first")
    two.add_objective(Q4, "from two")  # re-reads under the lock: sees one's
    one.add_objective(Q4, "from one, second")  # and one sees two's
    for store in (two, one):
        error = refused(store.add_objective, Q4, "one too many")
        assert "rule of three" in error.message
    texts = [o.text for o in Store(data_dir, clock).open().objectives(Q4)]
    assert texts == ["from one, first", "from two", "from one, second"]
    assert len({o.id for o in one.objectives(Q4)}) == 3


def test_removing_one_in_another_process_makes_room(data_dir: Path, clock: FixedClock) -> None:
    one = Store(data_dir, clock).open()
    two = Store(data_dir, clock).open()
    made = [one.add_objective(Q4, text) for text in ("a", "b", "c")]
    two.remove_objective(made[1].id)
    assert one.add_objective(Q4, "d").text == "d"
    assert two.changed_on_disk()
    two.reload()
    assert [o.text for o in two.objectives(Q4)] == ["a", "c", "d"]
    assert "rule of three" in refused(two.add_objective, Q4, "e").message


def test_objectives_of_a_quarter_count_against_that_quarter_only(store: Store) -> None:
    for text in ("a", "b", "c"):
        store.add_objective(Q1, text)
    assert store.add_objective(Q4, "still room here").quarter_start == Q4
    assert "rule of three" in refused(store.add_objective, Q1, "a fourth").message
    assert [len(store.objectives(q)) for q in (Q4, Q1)] == [1, 3]


# ============================================================================================
# Old reviews in the archive
# ============================================================================================

def test_old_reviews_move_to_their_months_archive_and_stay_readable_and_writable(store: Store,
                                                                                 data_dir: Path,
                                                                                 clock: FixedClock) -> None:
    day_review = store.write_review(Stage.DAY, MON, highlights="Monday went well")
    week_review = store.write_review(Stage.WEEK, MON, rules="Email twice a day")
    october = store.write_review(Stage.DAY, date(2026, 10, 30), tomorrow="Plan November")
    recent = store.write_review(Stage.DAY, FRI, highlights="Friday")  # also past the cutoff by then

    later_clock = FixedClock(clock.now() + timedelta(days=60))  # 20 January 2027
    later = Store(data_dir, later_clock, archive_after_days=30).open()
    archive = data_dir / "archive" / "reviews-2026-11.json"
    assert archive.exists() and (data_dir / "archive" / "reviews-2026-10.json").exists()
    archived = json.loads(archive.read_bytes())["docs"]
    assert {int(key) for key in archived} == {day_review.id, week_review.id, recent.id}
    assert archived[str(day_review.id)]["written"] == {"highlights": "Monday went well"}
    assert stored(later).get("reviews", {}) == {}  # the live file no longer holds them

    again = later.review(Stage.DAY, MON)
    assert (again.id, again.text("highlights")) == (day_review.id, "Monday went well")
    assert later.review(Stage.WEEK, MON).text("rules") == "Email twice a day"
    assert later.review(Stage.DAY, date(2026, 10, 30)).id == october.id
    assert {r.id for r in later.reviews(include_archived=True)} == {day_review.id, week_review.id, october.id,
                                                                     recent.id}

    rewritten = later.write_review(Stage.DAY, MON, shortcomings="Said yes too often")
    assert rewritten.id == day_review.id
    assert dict(rewritten.written) == {"highlights": "Monday went well", "shortcomings": "Said yes too often"}
    assert later.review(Stage.DAY, MON).text("shortcomings") == "Said yes too often"
    assert [r.id for r in later.reviews()] == [day_review.id]
    assert len(later.reviews(include_archived=True)) == 4  # not a duplicate
    new = later.write_review(Stage.DAY, date(2027, 1, 19), highlights="new year")
    assert new.id not in {day_review.id, week_review.id, october.id, recent.id}

    # Opening later again archives the rewritten one over its old copy.
    last = Store(data_dir, later_clock, archive_after_days=30).open()
    assert last.review(Stage.DAY, MON).text("shortcomings") == "Said yes too often"
    assert json.loads(archive.read_bytes())["docs"][str(day_review.id)]["written"]["shortcomings"] == \
        "Said yes too often"


def test_recent_reviews_stay_in_the_live_file(store: Store, data_dir: Path, clock: FixedClock) -> None:
    review = store.write_review(Stage.DAY, FRI, highlights="recent")
    soon = Store(data_dir, FixedClock(clock.now() + timedelta(days=20)), archive_after_days=30).open()
    assert str(review.id) in stored(soon)["reviews"]
    assert not (data_dir / "archive" / "reviews-2026-11.json").exists()


def test_closing_an_archived_day_keeps_its_review_id(store: Store, data_dir: Path, clock: FixedClock) -> None:
    first = store.write_review(Stage.DAY, MON, highlights="old")
    later = Store(data_dir, FixedClock(clock.now() + timedelta(days=60)), archive_after_days=30).open()
    closed = later.close_day(MON)
    assert closed.id == first.id and closed.text("highlights") == "old" and closed.closed is not None


def test_objectives_of_a_quarter_long_past_leave_the_live_file_but_still_show(data_dir):
    """A year after its quarter ends an objective moves to the archive; the quarter still lists it."""
    store = Store(data_dir, FixedClock(datetime.fromisoformat("2025-02-10T09:00:00+00:00"))).open()
    old = store.add_objective(date(2025, 1, 1), "Launch the community")
    recent = store.add_objective(date(2026, 10, 1), "Grow it to 5,000")
    later = Store(data_dir, FixedClock(datetime.fromisoformat("2026-11-21T09:30:00+00:00"))).open()
    assert [objective.id for objective in later.objectives()] == [recent.id]
    assert (later.archive_dir / "objectives-2025-01.json").is_file()
    assert [objective.text for objective in later.objectives(date(2025, 1, 1))] == ["Launch the community"]
    assert [objective.id for objective in later.objectives(date(2025, 1, 1))] == [old.id]


def test_an_unreadable_archive_month_is_reported_and_the_review_reads_as_unwritten(store: Store, data_dir: Path,
                                                                                  clock: FixedClock) -> None:
    store.write_review(Stage.DAY, MON, highlights="Monday went well")
    later = Store(data_dir, FixedClock(clock.now() + timedelta(days=60)), archive_after_days=30).open()
    archive = data_dir / "archive" / "reviews-2026-11.json"
    archive.write_bytes(b"{not json")

    review = later.review(Stage.DAY, MON)
    assert review.id is None and not review.text("highlights")
    assert any(str(archive) in notice and "could not be read" in notice for notice in later.notices)
    assert archive.read_bytes() == b"{not json"  # left as it is
