"""Objectives and key results (pure): scores, the rule of three, the 2-5 key results guide, checks on
what people type, fed key results, the weekly confidence history and the stored shape."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings, strategies as st

from focus_tui.domain.okr import (
    MAX_OBJECTIVES,
    Confidence,
    KeyResult,
    Objective,
    add_key_result,
    change_key_result,
    clean_confidence,
    clean_score,
    draft_objectives,
    edit_objective,
    new_objective,
    parse_kr_ref,
    record_confidence,
    remove_key_result,
)
from focus_tui.domain.validation import ValidationError

UTC = timezone.utc
NOW = datetime(2026, 11, 21, 9, 30, tzinfo=UTC)
Q4 = date(2026, 10, 1)
WEEKS = [date(2026, 10, 5) + timedelta(weeks=n) for n in range(8)]  # Mondays of the quarter


def error_of(call, *args, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as raised:
        call(*args, **kwargs)
    return raised.value


def objective(*key_results: tuple[str, float, float], existing: int = 0) -> Objective:
    made = new_objective(Q4, "Grow the community", NOW, existing)
    for number, (text, target, done) in enumerate(key_results, start=1):
        made = add_key_result(made, NOW, text, target)
        if done:
            made = change_key_result(made, number, NOW, done=done)
    return made


# ============================================================================================
# Scores
# ============================================================================================

@pytest.mark.parametrize(("done", "target", "score"), [
    (0, 100, 0.0), (25, 100, 0.25), (70, 100, 0.7), (100, 100, 1.0), (250, 100, 1.0), (3, 8, 0.375)])
def test_a_key_result_scores_done_over_target_capped_at_one(done: float, target: float, score: float) -> None:
    assert KeyResult("Sign-ups", target, done=done).score() == pytest.approx(score)


def test_a_score_set_by_hand_wins_even_when_it_is_zero_and_clearing_it_restores_the_computed_one() -> None:
    made = objective(("Members", 5000, 5000), ("NPS", 50, 10))
    assert made.key_results[0].score() == 1.0
    made = change_key_result(made, 1, NOW, score=0.0)
    assert made.key_results[0].score() == 0.0
    assert made.key_results[0].computed_score() == 1.0
    made = change_key_result(made, 2, NOW, score="0.9")
    assert made.key_results[1].score() == 0.9
    assert made.score() == pytest.approx(0.45)
    made = change_key_result(made, 1, NOW, score=None)
    assert made.key_results[0].score_override is None and made.key_results[0].score() == 1.0


def test_an_objective_scores_the_mean_of_its_key_results() -> None:
    made = objective(("Members", 5000, 2500), ("Events", 4, 4), ("Newsletter", 10, 1))
    assert made.score() == pytest.approx((0.5 + 1.0 + 0.1) / 3)


def test_an_objective_without_key_results_has_no_score_yet() -> None:
    made = objective()
    assert made.score() is None
    assert made.score({1: 10.0}) is None


@settings(deadline=None)
@given(st.lists(st.tuples(st.floats(0, 1e6), st.floats(0.01, 1e6), st.none() | st.floats(0, 1)), min_size=1,
                max_size=7))
def test_scores_always_stay_between_zero_and_one(results) -> None:
    made = Objective(Q4, "o", NOW, NOW, key_results=tuple(
        KeyResult(f"kr {n}", target, done=done, score_override=override) for n, (done, target, override)
        in enumerate(results)))
    for kr in made.key_results:
        assert 0.0 <= kr.score() <= 1.0
    assert 0.0 <= made.score() <= 1.0
    assert made.score() == pytest.approx(sum(kr.score() for kr in made.key_results) / len(results))


# ============================================================================================
# The rule of three, and two to five key results
# ============================================================================================

@pytest.mark.parametrize("existing", [0, 1, 2])
def test_up_to_three_objectives_a_quarter(existing: int) -> None:
    made = new_objective(Q4, "  Launch the onboarding flow  ", NOW, existing)
    assert (made.text, made.quarter_start, made.created, made.changed, made.id) == (
        "Launch the onboarding flow", Q4, NOW, NOW, None)


@pytest.mark.parametrize("existing", [3, 4, 10])
def test_a_fourth_objective_is_refused_by_the_rule_of_three(existing: int) -> None:
    error = error_of(new_objective, Q4, "One more thing", NOW, existing)
    assert error.field == "objective"
    assert "rule of three" in error.message and str(MAX_OBJECTIVES) in error.message


@pytest.mark.parametrize("text", ["", "   ", "a\x1b[2Jb", "x" * 501, None])
def test_an_objective_needs_a_plain_title(text) -> None:
    error_of(new_objective, Q4, text, NOW, 0)
    error_of(edit_objective, objective(), NOW, text)


def test_editing_an_objective_changes_its_text_and_stamp_only() -> None:
    made = objective(("Members", 5000, 0), ("Events", 4, 0))
    later = NOW + timedelta(hours=2)
    edited = edit_objective(made, later, " Grow the community to 5,000 ")
    assert (edited.text, edited.changed, edited.created, edited.key_results) == (
        "Grow the community to 5,000", later, NOW, made.key_results)


@pytest.mark.parametrize(("count", "warning"), [
    (0, "has 0 key results; an objective needs 2 to 5"),
    (1, "has 1 key result; an objective needs 2 to 5"),
    (2, None), (3, None), (5, None),
    (6, "has 6 key results; more than 5 spreads it thin"),
    (7, "has 7 key results; more than 5 spreads it thin"),
])
def test_fewer_than_two_or_more_than_five_key_results_is_warned_about(count: int, warning) -> None:
    made = objective(*[(f"result {n}", 10, 0) for n in range(count)])
    assert len(made.key_results) == count  # a sixth is allowed, only warned about
    assert made.warning == warning


# ============================================================================================
# Key results: targets, done, fed progress
# ============================================================================================

@pytest.mark.parametrize("target", [0, -5, "0", "-1", None, "", "  ", "ten", True, float("nan"), float("inf")])
def test_a_key_result_needs_a_measurable_target_above_zero(target) -> None:
    error = error_of(add_key_result, objective(), NOW, "Members", target)
    assert error.field == "target"


@pytest.mark.parametrize(("target", "value"), [(5000, 5000.0), ("10k", 10_000.0), ("2,500", 2500.0), (0.5, 0.5)])
def test_targets_are_read_as_people_write_them(target, value: float) -> None:
    made = add_key_result(objective(), NOW, "Members", target, unit="members")
    assert (made.key_results[0].target, made.key_results[0].unit) == (value, "members")


def test_a_target_cannot_be_changed_to_zero_either() -> None:
    made = objective(("Members", 100, 0))
    assert change_key_result(made, 1, NOW, target="250").key_results[0].target == 250.0
    assert error_of(change_key_result, made, 1, NOW, target=0).field == "target"


def test_done_by_hand_and_its_checks() -> None:
    made = objective(("Members", 5000, 0))
    assert change_key_result(made, 1, NOW, done="1,250").key_results[0].done == 1250.0
    assert change_key_result(made, 1, NOW, done=None).key_results[0].done == 0.0
    assert error_of(change_key_result, made, 1, NOW, done=-1).field == "done"
    assert error_of(change_key_result, made, 1, NOW, done="lots").field == "done"
    assert error_of(change_key_result, made, 1, NOW, colour="red").field == "colour"


def test_a_fed_key_result_counts_the_key_tasks_progress_and_refuses_done_by_hand() -> None:
    made = add_key_result(objective(), NOW, "Sign-ups", 40, unit="sign-ups", key_task_id=7)
    made = add_key_result(made, NOW, "Events", 4)
    made = change_key_result(made, 2, NOW, done=2)
    fed = {7: 30.0, 8: 999.0}
    kr = made.key_results[0]
    assert kr.progress(fed) == 30.0 and kr.score(fed) == pytest.approx(0.75)
    assert kr.describe(fed) == "30 / 40 sign-ups"
    assert made.score(fed) == pytest.approx((0.75 + 0.5) / 2)
    # Without the key task's figures (or when it is gone) the typed value, zero, stands.
    assert kr.progress() == 0.0 and kr.progress({8: 5.0}) == 0.0
    error = error_of(change_key_result, made, 1, NOW, done=12)
    assert error.field == "done" and "key task 7" in error.message
    # Unlinked, it can be typed again.
    unlinked = change_key_result(made, 1, NOW, key_task_id=None)
    assert change_key_result(unlinked, 1, NOW, done=12).key_results[0].progress(fed) == 12.0


def test_a_fed_key_result_over_its_target_scores_one() -> None:
    kr = KeyResult("Sign-ups", 40, key_task_id=3)
    assert kr.score({3: 55.0}) == 1.0


@pytest.mark.parametrize("number", [0, 3, -1])
def test_key_results_are_numbered_from_one(number: int) -> None:
    made = objective(("a", 1, 0), ("b", 1, 0))
    error = error_of(change_key_result, made, number, NOW, done=1)
    assert "has no key result" in error.message and "(it has 2)" in error.message
    error_of(remove_key_result, made, number, NOW)


def test_removing_a_key_result_keeps_the_others_in_order() -> None:
    made = objective(("a", 1, 0), ("b", 2, 0), ("c", 3, 0))
    later = NOW + timedelta(minutes=5)
    removed = remove_key_result(made, 2, later)
    assert [kr.text for kr in removed.key_results] == ["a", "c"] and removed.changed == later


# ============================================================================================
# What people type for a score and a confidence
# ============================================================================================

@pytest.mark.parametrize(("value", "score"), [(0, 0.0), (1, 1.0), (0.7, 0.7), ("0.25", 0.25), (" 1.0 ", 1.0),
                                              ("-0", 0.0)])
def test_scores_from_zero_to_one_are_accepted(value, score: float) -> None:
    assert clean_score(value) == score


@pytest.mark.parametrize("value", [-0.01, 1.01, 7, "1.5", float("nan"), "nan", float("inf"), "-inf",
                                   True, False, None, "", "high", [0.5]])
def test_anything_else_is_not_a_score(value) -> None:
    assert error_of(clean_score, value).field == "score"


@pytest.mark.parametrize(("value", "number"), [(1, 1), (10, 10), ("7", 7), (" 8 ", 8), ("+3", 3)])
def test_confidence_is_a_whole_number_from_one_to_ten(value, number: int) -> None:
    assert clean_confidence(value) == number


@pytest.mark.parametrize("value", [0, 11, -3, "0", "11", 7.5, "7.5", "seven", "", None, True, False,
                                   float("nan"), "1e1", [7]])
def test_anything_else_is_not_a_confidence(value) -> None:
    assert error_of(clean_confidence, value).field == "confidence"


@settings(deadline=None)
@given(st.one_of(st.integers(), st.floats(allow_nan=True), st.text(max_size=6), st.booleans(), st.none()))
def test_clean_score_and_confidence_never_let_out_of_range_values_through(value) -> None:
    try:
        score = clean_score(value)
    except ValidationError:
        pass
    else:
        assert not isinstance(value, bool) and 0.0 <= score <= 1.0 and not math.isnan(score)
    try:
        confidence = clean_confidence(value)
    except ValidationError:
        pass
    else:
        assert not isinstance(value, bool) and isinstance(confidence, int) and 1 <= confidence <= 10


# ============================================================================================
# Confidence history
# ============================================================================================

def test_recording_confidence_keeps_one_value_a_week_in_week_order() -> None:
    made = objective(("a", 1, 0), ("b", 1, 0))
    assert made.latest_confidence is None
    moments = [NOW + timedelta(minutes=n) for n in range(5)]
    made = record_confidence(made, WEEKS[2], 6, moments[0])
    made = record_confidence(made, WEEKS[0], 8, moments[1])  # a forgotten week filled in later
    made = record_confidence(made, WEEKS[1], "7", moments[2])
    assert [(c.week_start, c.value) for c in made.confidence] == [(WEEKS[0], 8), (WEEKS[1], 7), (WEEKS[2], 6)]
    assert made.latest_confidence == 6  # the latest week's, not the last typed
    made = record_confidence(made, WEEKS[1], 4, moments[3])  # changed mind within the week: replaced
    assert [(c.week_start, c.value) for c in made.confidence] == [(WEEKS[0], 8), (WEEKS[1], 4), (WEEKS[2], 6)]
    assert made.confidence[1].at == moments[3] and made.changed == moments[3]
    made = record_confidence(made, WEEKS[3], 9, moments[4])
    assert made.latest_confidence == 9 and len(made.confidence) == 4


def test_a_bad_confidence_changes_nothing() -> None:
    made = record_confidence(objective(), WEEKS[0], 5, NOW)
    error_of(record_confidence, made, WEEKS[0], 11, NOW)
    assert [c.value for c in made.confidence] == [5]


@settings(deadline=None)
@given(st.lists(st.tuples(st.sampled_from(WEEKS), st.integers(1, 10)), max_size=20))
def test_confidence_history_is_sorted_unique_and_holds_each_weeks_last_value(entries) -> None:
    made = objective()
    for number, (week, value) in enumerate(entries):
        made = record_confidence(made, week, value, NOW + timedelta(minutes=number))
    last = {}
    for week, value in entries:
        last[week] = value
    assert [c.week_start for c in made.confidence] == sorted(last)
    assert {c.week_start: c.value for c in made.confidence} == last
    assert made.latest_confidence == (last[max(last)] if last else None)


# ============================================================================================
# References, drafts, the stored shape
# ============================================================================================

@pytest.mark.parametrize(("text", "ref"), [("2.1", (2, 1)), (" 1.3 ", (1, 3)), ("12.10", (12, 10)), ("3.05", (3, 5))])
def test_a_key_result_is_named_objective_dot_number(text: str, ref) -> None:
    assert parse_kr_ref(text) == ref


@pytest.mark.parametrize("text", ["2", "2.", ".1", "0.1", "1.0", "a.b", "1.2.3", "-1.2", "1 .2", "", "1,2", "1.x"])
def test_anything_else_is_not_a_key_result_reference(text: str) -> None:
    error = error_of(parse_kr_ref, text)
    assert error.field == "key result" and "e.g. 2.1" in error.message


def test_a_reference_with_superscript_digits_is_refused_with_the_reason() -> None:
    """"²" passes str.isdigit() but not int(): refused with the reason, not a bare ValueError."""
    error = error_of(parse_kr_ref, "².1")
    assert "e.g. 2.1" in error.message


@pytest.mark.parametrize(("existing", "kept", "left_out"), [
    (0, ["Launch the flow", "Grow to 5,000", "Hire a mod"], ["Cut churn"]),
    (1, ["Launch the flow", "Grow to 5,000"], ["Hire a mod", "Cut churn"]),
    (2, ["Launch the flow"], ["Grow to 5,000", "Hire a mod", "Cut churn"]),
    (3, [], ["Launch the flow", "Grow to 5,000", "Hire a mod", "Cut churn"]),
    (5, [], ["Launch the flow", "Grow to 5,000", "Hire a mod", "Cut churn"]),
])
def test_drafted_objectives_respect_the_room_left_by_the_rule_of_three(existing: int, kept, left_out) -> None:
    actions = "- Launch the flow\n\n* Grow to 5,000\n   \n\t• Hire a mod\nCut churn  \n"
    assert draft_objectives(actions, existing) == (kept, left_out)


def test_nothing_to_draft_from_empty_actions() -> None:
    assert draft_objectives("", 0) == ([], [])
    assert draft_objectives(" - \n*\n", 0) == ([], [])


def test_an_objective_round_trips_through_its_stored_shape() -> None:
    made = add_key_result(objective(("Members", 5000, 1200)), NOW, "Sign-ups", "40", unit="sign-ups", key_task_id=7)
    made = change_key_result(made, 1, NOW, score=0.3)
    made = record_confidence(record_confidence(made, WEEKS[1], 7, NOW), WEEKS[0], 5, NOW + timedelta(seconds=1))
    made = replace(made, id=4, extra={"colour": "teal"})
    doc = made.to_doc()
    assert doc["colour"] == "teal" and doc["quarter_start"] == "2026-10-01"
    assert doc["key_results"][0] == {"text": "Members", "target": 5000.0, "unit": "", "done": 1200.0,
                                     "key_task_id": None, "score_override": 0.3}
    assert [c["week_start"] for c in doc["confidence"]] == ["2026-10-05", "2026-10-12"]
    back = Objective.from_doc(doc, 4)
    assert back == made
    assert back.score({7: 20.0}) == pytest.approx((0.3 + 0.5) / 2)
    assert isinstance(back.confidence[0], Confidence)


def test_an_old_record_without_key_results_or_confidence_reads_as_empty() -> None:
    doc = {"quarter_start": "2026-10-01", "text": "Old", "created": "2026-10-01T09:00:00+00:00",
           "changed": "2026-10-01T09:00:00+00:00"}
    back = Objective.from_doc(doc, 1)
    assert (back.key_results, back.confidence, back.score(), back.latest_confidence) == ((), (), None, None)
