"""Routines, pure: recurrence parsing, words and expansion (month ends, leap years, DST), key
variables and their flags, checklist ticking."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings, strategies as st

from focus_tui.domain.routines import (
    STARTERS,
    Recurrence,
    Routine,
    RoutineState,
    Variable,
    clean_steps,
    clean_values,
    complete_instance,
    edit_routine,
    generated,
    missed_days,
    needs_instance,
    new_instance,
    new_routine,
    parse_recurrence,
    parse_variable,
    pending_missed,
    starter_routines,
    toggle_step,
    variable_flags,
)
from focus_tui.domain.tasks import Category, Status, Task
from focus_tui.domain.validation import ValidationError

SAT = date(2026, 11, 21)
NOW = datetime.fromisoformat("2026-11-21T09:30:00+00:00")


def days(text: str, first: date, last: date, starts: date = SAT) -> list[date]:
    return parse_recurrence(text, starts).between(first, last)


# -- parsing and words --------------------------------------------------------------------------
@pytest.mark.parametrize("text, words, next_five", [
    ("daily", "every day", ["2026-11-21", "2026-11-22", "2026-11-23", "2026-11-24", "2026-11-25"]),
    ("Every Day", "every day", ["2026-11-21", "2026-11-22", "2026-11-23", "2026-11-24", "2026-11-25"]),
    ("weekdays", "every weekday", ["2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26", "2026-11-27"]),
    ("every weekday", "every weekday", ["2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26", "2026-11-27"]),
    ("weekends", "every Sat and Sun", ["2026-11-21", "2026-11-22", "2026-11-28", "2026-11-29", "2026-12-05"]),
    ("mon,wed,fri", "every Mon, Wed and Fri", ["2026-11-23", "2026-11-25", "2026-11-27", "2026-11-30", "2026-12-02"]),
    ("weekly on mon,thu", "every Mon and Thu", ["2026-11-23", "2026-11-26", "2026-11-30", "2026-12-03", "2026-12-07"]),
    ("every monday", "every Mon", ["2026-11-23", "2026-11-30", "2026-12-07", "2026-12-14", "2026-12-21"]),
    ("EVERY 2 WEEKS ON MON", "every 2 weeks on Mon, from Mon 23 Nov",
     ["2026-11-23", "2026-12-07", "2026-12-21", "2027-01-04", "2027-01-18"]),
    ("monthly on 15", "monthly on the 15th", ["2026-12-15", "2027-01-15", "2027-02-15", "2027-03-15", "2027-04-15"]),
    ("monthly on the 15th", "monthly on the 15th", ["2026-12-15", "2027-01-15", "2027-02-15", "2027-03-15", "2027-04-15"]),
    ("monthly on the last day", "monthly on the last day",
     ["2026-11-30", "2026-12-31", "2027-01-31", "2027-02-28", "2027-03-31"]),
    ("monthly on 31", "monthly on the 31st (the last day in shorter months)",
     ["2026-11-30", "2026-12-31", "2027-01-31", "2027-02-28", "2027-03-31"]),
    ("every 3 days", "every 3 days from Sat 21 Nov", ["2026-11-21", "2026-11-24", "2026-11-27", "2026-11-30", "2026-12-03"]),
])
def test_accepted_recurrences_in_words_and_dates(text, words, next_five):
    recurrence = parse_recurrence(text, SAT)
    assert recurrence.describe() == words
    assert [day.isoformat() for day in recurrence.next_dates(SAT, 5)] == next_five
    # Stored structured, not as text, and read back the same.
    assert "text" not in recurrence.to_doc()
    assert Recurrence.from_doc(recurrence.to_doc()) == recurrence
    # The editable text reads back to the same rule.
    assert parse_recurrence(recurrence.as_text(), recurrence.starts) == recurrence


@pytest.mark.parametrize("text, problem", [
    ("funday", "'funday', which is not a weekday"),
    ("mon,xyz", "'xyz', which is not a weekday"),
    ("every 0 days", "interval from 1 to 365"),
    ("monthly on 32", "outside 1-31"),
    ("", "is empty"),
    ("twice a fortnight!", "is not a recurrence I know"),
])
def test_unparseable_recurrence_names_the_problem(text, problem):
    with pytest.raises(ValidationError) as caught:
        parse_recurrence(text, SAT)
    assert caught.value.field == "recurrence"
    assert problem in str(caught.value)
    assert "try: daily, weekdays" in str(caught.value)


# -- expansion ----------------------------------------------------------------------------------
def test_the_31st_is_the_last_day_of_shorter_months_across_a_leap_year():
    hits = days("monthly on 31", date(2027, 12, 1), date(2028, 12, 31), starts=date(2027, 12, 1))
    assert [day.isoformat() for day in hits] == [
        "2027-12-31", "2028-01-31", "2028-02-29", "2028-03-31", "2028-04-30", "2028-05-31", "2028-06-30",
        "2028-07-31", "2028-08-31", "2028-09-30", "2028-10-31", "2028-11-30", "2028-12-31"]


@pytest.mark.parametrize("text, february", [("monthly on 29", ["2027-02-28", "2028-02-29"]),
                                            ("monthly on 30", ["2027-02-28", "2028-02-29"]),
                                            ("monthly on the last day", ["2027-02-28", "2028-02-29"])])
def test_late_days_in_february_of_common_and_leap_years(text, february):
    for year, expected in zip((2027, 2028), february):
        assert [d.isoformat() for d in days(text, date(year, 2, 1), date(year, 2, 29 if year == 2028 else 28),
                                            starts=date(2027, 1, 1))] == [expected]


def test_every_n_days_runs_on_across_month_and_year_ends():
    hits = days("every 10 days", date(2026, 12, 20), date(2027, 3, 5), starts=date(2026, 12, 25))
    assert hits[:4] == [date(2026, 12, 25), date(2027, 1, 4), date(2027, 1, 14), date(2027, 1, 24)]
    assert all((later - earlier).days == 10 for earlier, later in zip(hits, hits[1:]))
    assert date(2027, 3, 5) in hits  # through February of a common year


def test_leap_day_itself_is_a_day_like_any_other():
    assert days("daily", date(2028, 2, 28), date(2028, 3, 1), starts=date(2028, 1, 1)) == [
        date(2028, 2, 28), date(2028, 2, 29), date(2028, 3, 1)]
    assert date(2028, 2, 29) in days("tue", date(2028, 2, 26), date(2028, 3, 3))
    assert days("monthly on 29", date(2028, 2, 1), date(2028, 3, 31)) == [date(2028, 2, 29), date(2028, 3, 29)]


def test_nothing_before_the_start():
    assert days("daily", date(2026, 11, 1), date(2026, 11, 22)) == [SAT, date(2026, 11, 22)]
    assert parse_recurrence("daily", SAT).hits(date(2026, 11, 20)) is False


def _brute(recurrence: Recurrence, first: date, last: date) -> list[date]:
    """The rule read literally, day by day, for comparison with the rrule expansion."""
    found = []
    day = first
    while day <= last:
        if day >= recurrence.starts:
            if recurrence.freq == "daily":
                hit = (day - recurrence.starts).days % recurrence.interval == 0
            elif recurrence.freq == "weekly":
                week = (day - timedelta(days=day.weekday()) - (recurrence.starts - timedelta(days=recurrence.starts.weekday()))).days // 7
                hit = day.weekday() in recurrence.weekdays and week % recurrence.interval == 0
            else:
                last_day = ((day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)).day
                want = last_day if recurrence.monthday == -1 else min(recurrence.monthday, last_day)
                hit = day.day == want
            if hit:
                found.append(day)
        day += timedelta(days=1)
    return found


recurrences = st.one_of(
    st.builds(lambda n, s: Recurrence("daily", s, interval=n), st.integers(1, 40), st.dates(date(2020, 1, 1), date(2030, 1, 1))),
    st.builds(lambda n, d, s: Recurrence("weekly", s, interval=n, weekdays=tuple(sorted(d))),
              st.integers(1, 4), st.sets(st.integers(0, 6), min_size=1), st.dates(date(2020, 1, 1), date(2030, 1, 1))),
    st.builds(lambda m, s: Recurrence("monthly", s, monthday=m), st.sampled_from([-1, *range(1, 32)]),
              st.dates(date(2020, 1, 1), date(2030, 1, 1))),
)


@settings(max_examples=150, deadline=None)
@given(recurrences, st.dates(date(2019, 6, 1), date(2031, 1, 1)), st.integers(0, 120))
def test_expansion_matches_the_rule_read_day_by_day(recurrence, first, length):
    last = first + timedelta(days=length)
    assert recurrence.between(first, last) == _brute(recurrence, first, last)


@settings(max_examples=150, deadline=None)
@given(recurrences, st.dates(date(2019, 6, 1), date(2031, 1, 1)))
def test_hits_agrees_with_the_expansion_day_by_day(recurrence, first):
    """hits() reads the rule off directly, without rrule: over a year and more (every kind of
    month end) it must pick exactly the days between() expands to."""
    last = first + timedelta(days=400)
    window = [first + timedelta(days=offset) for offset in range((last - first).days + 1)]
    assert [day for day in window if recurrence.hits(day)] == recurrence.between(first, last)


# Shapes no stored recurrence takes (from_doc refuses them), which hits() leaves to between().
odd_recurrences = st.builds(
    Recurrence, st.sampled_from(["daily", "weekly", "monthly", "yearly"]), st.dates(date(2020, 1, 1), date(2030, 1, 1)),
    interval=st.sampled_from([1, 2, 0]), weekdays=st.sampled_from([(), (0,), (2, 6), (7,), (True,)]),
    monthday=st.sampled_from([None, 0, -1, -2, 15, 31, 32, True]),
)


@settings(max_examples=100, deadline=None)
@given(odd_recurrences, st.dates(date(2019, 6, 1), date(2031, 1, 1)), st.integers(0, 10))
def test_hits_of_an_odd_recurrence_is_still_the_expansion_of_that_day(recurrence, first, length):
    for day in (first + timedelta(days=offset) for offset in range(length + 1)):
        try:
            expected = bool(recurrence.between(day, day))
        except Exception as error:  # a shape rrule refuses: hits() fails the same way
            with pytest.raises(type(error)):
                recurrence.hits(day)
        else:
            assert recurrence.hits(day) is expected, day


# -- key variables --------------------------------------------------------------------------------
@pytest.mark.parametrize("text, expression, good, bad", [
    ("members>=30", "members >= 30", 30, 29),
    ("reply time <= 2 h", "reply time <= 2 h", 2, 2.5),
    ("reply time <= 2h", "reply time <= 2 h", 1, 3),
    ("errors < 5", "errors < 5", 4, 5),
    ("uptime > 99.5 %", "uptime > 99.5 %", 99.9, 99.5),
    ("missing receipts = 0", "missing receipts = 0", 0, 1),
    ("missing == 0", "missing = 0", 0, 2),
    ("score 7..9", "score 7..9", 8, 9.5),
    ("signups >= 1,000", "signups >= 1,000", 1000, 999),
    ("reach >= 10k views", "reach >= 10,000 views", 10_000, 9_999),
])
def test_variable_expectations(text, expression, good, bad):
    variable = parse_variable(text)
    assert variable.expression == expression
    assert variable.check(good) and not variable.check(bad)
    assert parse_variable(variable.expression) == variable  # shown as typed back
    assert Variable.from_doc(variable.to_doc()) == variable


@pytest.mark.parametrize("text, problem", [
    ("members", "has no expectation"),
    ("members >= lots", "'lots' is not a number"),
    (">= 30", "has no name"),
    ("score 9..7", "runs backwards"),
    ("members >=", "has no expected value"),
    ("", "is empty"),
])
def test_a_variable_that_does_not_parse_says_why(text, problem):
    with pytest.raises(ValidationError) as caught:
        parse_variable(text)
    assert problem in str(caught.value)


def make(name="Community check", every="daily", **fields) -> Routine:
    fields.setdefault("steps", ["Count new members", "Welcome them"])
    fields.setdefault("variables", ["new members >= 30", "reply time <= 2 h"])
    return Routine(**{**new_routine(name, every, NOW, SAT, **fields).__dict__, "id": 1})


def test_bad_routine_input_names_what_is_wrong():
    with pytest.raises(ValidationError, match="step 2: is empty"):
        new_routine("Inbox", "daily", NOW, SAT, steps=["Sort", "  "])
    with pytest.raises(ValidationError, match="'Members' is named twice"):
        new_routine("Inbox", "daily", NOW, SAT, variables=["members > 1", "Members < 5"])
    with pytest.raises(ValidationError, match="name: is empty"):
        new_routine(" ", "daily", NOW, SAT)
    with pytest.raises(ValidationError, match="minutes"):
        new_routine("Inbox", "daily", NOW, SAT, minutes="soon")
    # From a form, blank lines between steps are skipped rather than refused.
    assert clean_steps("Sort\n\n  Answer \n", from_text=True) == ("Sort", "Answer")


def test_a_routine_round_trips_and_keeps_unknown_fields():
    routine = make(kind="community", minutes=20, category="planning")
    doc = {**routine.to_doc(), "from_the_future": 1}
    again = Routine.from_doc(doc, 1)
    assert again == Routine(**{**routine.__dict__, "extra": {"from_the_future": 1}})
    assert again.category is Category.PLANNING


def test_editing_without_a_new_recurrence_keeps_its_anchor():
    routine = make(every="every 3 days")
    later = date(2026, 11, 25)
    assert edit_routine(routine, NOW, later, name="Renamed").recurrence == routine.recurrence
    assert edit_routine(routine, NOW, later, every="every 3 days").recurrence.starts == later


def test_clean_values_knows_the_variables_and_wants_numbers():
    routine = make()
    assert clean_values(routine, {"New Members": "1,500", "reply time": "2.5"}) == {"new members": 1500, "reply time": 2.5}
    with pytest.raises(ValidationError, match="no key variable 'signups'; its variables: new members, reply time"):
        clean_values(routine, {"signups": "3"})
    with pytest.raises(ValidationError, match="new members: 'many' is not a number"):
        clean_values(routine, {"new members": "many"})


# -- instances ----------------------------------------------------------------------------------
def instance(routine: Routine | None = None, **changes) -> Task:
    task = new_instance(routine or make(), SAT, NOW)
    return Task(**{**task.__dict__, "id": 7, **changes})


def test_an_instance_carries_the_checklist_and_round_trips():
    task = instance(make(kind="community", minutes=20))
    assert (task.title, task.kind, task.minutes, task.category, task.day) == ("Community check", "community", 20,
                                                                              Category.ROUTINE, SAT)
    assert (task.routine_id, task.routine_day, [s.text for s in task.steps]) == (1, SAT, ["Count new members", "Welcome them"])
    doc = task.to_doc()
    assert doc["routine_id"] == 1 and doc["steps"] == [["Count new members", False], ["Welcome them", False]]
    assert Task.from_doc(doc, 7) == task
    assert "routine_id" not in Task.from_doc(doc, 7).extra


def test_a_plain_task_does_not_grow_routine_fields():
    plain = Task.from_doc(instance().to_doc() | {"routine_id": None, "routine_day": None, "steps": [], "values": {}}, 3)
    assert not {"routine_id", "routine_day", "steps", "values"} & set(plain.to_doc())


def test_the_instance_is_done_when_its_steps_are_and_unticking_reopens_it():
    later = NOW + timedelta(minutes=5)
    task = toggle_step(instance(), 0, later)
    assert task.status is Status.TODO and [s.done for s in task.steps] == [True, False]
    task = toggle_step(task, 1, later)
    assert task.status is Status.DONE and task.finished == later
    task = toggle_step(task, 0, later)
    assert task.status is Status.TODO and task.finished is None
    with pytest.raises(ValidationError, match="no step 3"):
        toggle_step(task, 2, later)


def test_complete_ticks_every_step():
    task = complete_instance(instance(), NOW)
    assert task.status is Status.DONE and all(step.done for step in task.steps)


def test_flags_name_the_variable_value_and_expectation():
    routine = make()
    logged = instance(routine, values={"new members": 18.0, "reply time": 1.5})
    [flag] = variable_flags([logged], [routine])
    assert flag.message == "new members 18, expected >= 30"
    assert (flag.routine, flag.task_id, flag.day) == ("Community check", 7, SAT)
    slow = instance(routine, values={"reply time": 3.0})
    assert [f.message for f in variable_flags([slow], {1: routine})] == ["reply time 3 h, expected <= 2 h"]
    assert variable_flags([instance(routine, values={"new members": 30.0})], [routine]) == []
    assert variable_flags([logged], []) == []  # the template was deleted: nothing to compare with


# -- generation bookkeeping -----------------------------------------------------------------------
def test_needs_instance_once_per_day_and_never_while_paused():
    routine = make(every="weekdays")
    monday = date(2026, 11, 23)
    assert needs_instance(routine, RoutineState(), monday)
    assert not needs_instance(routine, RoutineState(), SAT)  # not due
    assert not needs_instance(routine, RoutineState(monday), monday)  # generated already
    assert not needs_instance(Routine(**{**routine.__dict__, "paused": True}), RoutineState(), monday)


def test_missed_occurrences_are_recorded_not_dropped():
    routine = make(every="weekdays")
    state = RoutineState(date(2026, 11, 23))  # generated Monday; closed Tue and Wed
    thursday = date(2026, 11, 26)
    assert pending_missed(routine, state, thursday) == [date(2026, 11, 24), date(2026, 11, 25)]
    after = generated(routine, state, thursday)
    assert after == RoutineState(thursday, (date(2026, 11, 24), date(2026, 11, 25)))
    # Saturday: nothing generated since Thursday; Friday shows as missed, computed.
    assert missed_days(routine, after, date(2026, 11, 28)) == [date(2026, 11, 24), date(2026, 11, 25), date(2026, 11, 27)]
    # A day with an instance added by hand is not missed.
    assert date(2026, 11, 27) not in missed_days(routine, after, date(2026, 11, 28), [date(2026, 11, 27)])


def test_paused_days_are_not_missed():
    routine = make(every="daily")
    paused = Routine(**{**routine.__dict__, "paused": True})
    assert pending_missed(paused, RoutineState(SAT), date(2026, 11, 30)) == []
    resumed = Routine(**{**routine.__dict__, "resumed": date(2026, 11, 29)})
    assert pending_missed(resumed, RoutineState(SAT), date(2026, 11, 30)) == [date(2026, 11, 29)]


def test_starters_are_valid_and_useful():
    templates = starter_routines(NOW, SAT)
    assert set(templates) == {spec["key"] for spec in STARTERS}
    assert templates["inbox"].kind == "email" and templates["inbox"].every == "every weekday"
    assert templates["weekly-report"].every == "every Fri" and templates["weekly-report"].variables
    assert templates["day-review"].every == "every weekday"
    assert all(routine.steps for routine in templates.values())
