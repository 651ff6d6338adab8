"""taskwarrior's `task export`: the shared 2.6.2 sample record by record, malformed records, and re-imports."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from focus_tui.domain.tasks import Category, Status
from focus_tui.formats import UnreadableFile
from focus_tui.formats.taskwarrior import parse_export
from focus_tui.formats.todotxt import render, task_entry
from focus_tui.storage import Store
from focus_tui.storage.exchange import ImportProblem, export_todotxt, import_file

DATA = Path(__file__).parent / "data"
SAMPLE = DATA / "taskwarrior-2.6.2-export.json"
MALFORMED = DATA / "taskwarrior-malformed.json"
NOW = datetime(2026, 11, 21, 9, 30, tzinfo=timezone.utc)
MOMENT = datetime(2026, 11, 21, 19, 20, 8, tzinfo=timezone.utc)  # entry, end and modified in the sample


def import_path(store: Store, path: Path, name: str = "tw.json", **options):
    return import_file(store, path.read_bytes(), name, **options)


def test_the_sample_imports_seven_and_skips_two_with_the_reason(store: Store) -> None:
    report = import_path(store, SAMPLE)
    assert report.summary() == ("imported 7, skipped 2 (deleted 1, recurring template 1) from tw.json "
                                "(taskwarrior export); focus undo reverts it")
    assert report.lines() == [
        'tw.json: record 1 (uuid ecde99b7-177d-438b-a7ed-33b7b396e33d): task 1: "Write quarterly plan" → planning, #planning, backlog, due 2026-11-28',
        'tw.json: record 2 (uuid 1dd98491-28cc-4cfb-ad14-88a1522ea6f9): task 2: "Reply to vendor email" → transactional, #email, backlog',
        "tw.json: record 3 (uuid f25f2bdd-4841-46b1-b31f-1d8fd6a838ac): skipped: a recurring template (recur: weekly); "
        "its instances are imported as tasks of their own (for repeating work use focus routines)",
        'tw.json: record 4 (uuid 9081ec2a-966e-44ca-8576-06ab093d5c06): task 3: "Review onboarding copy — ünïcode ✓" → routine, day 2026-11-25',
        'tw.json: record 5 (uuid 3695fa07-4d02-4848-a0c3-c99dfb205e20): task 4: "Old thing" → transactional, backlog',
        'tw.json: record 6 (uuid b4cb8e9b-fee6-4917-a62b-b4591a3720eb): task 5: "Waiting on legal" → transactional, day 2026-12-01',
        'tw.json: record 7 (uuid 5ee3a60b-f259-4d4b-99a9-529b2bf29c3a): task 6: "Weekly report" → transactional, backlog, due 2026-11-27',
        'tw.json: record 8 (uuid 45d0e173-9b74-44c7-906d-3398482ccabc): task 7: "Submit expense form" → transactional, #forms, backlog, due 2026-11-22, done',
        "tw.json: record 9 (uuid 6cae02e0-7079-4ea7-ba59-4b10905deebb): skipped: deleted in taskwarrior; not imported",
    ]


def test_each_sample_record_maps_as_documented(store: Store) -> None:
    import_path(store, SAMPLE)
    tasks = {task.title: task for task in store.tasks()}
    plan = tasks["Write quarterly plan"]
    assert (plan.category, plan.kind, plan.due, plan.day, plan.status) == (
        Category.PLANNING, "planning", date(2026, 11, 28), None, Status.TODO)
    assert plan.notes == "project: ops\n2026-11-21: Draft in shared drive"
    assert plan.created == MOMENT
    assert plan.extra["origin"] == "taskwarrior:ecde99b7-177d-438b-a7ed-33b7b396e33d"
    assert (plan.extra["projects"], plan.extra["contexts"]) == (["ops"], ["planning"])
    assert plan.extra["taskwarrior"] == {"id": 1, "modified": "20261121T192008Z", "priority": "H",
                                         "uuid": "ecde99b7-177d-438b-a7ed-33b7b396e33d", "urgency": 14.5683}
    review = tasks["Review onboarding copy — ünïcode ✓"]
    assert (review.category, review.day, review.notes) == (Category.ROUTINE, date(2026, 11, 25), "project: growth")
    assert tasks["Waiting on legal"].day == date(2026, 12, 1)  # hidden until then in taskwarrior
    assert tasks["Old thing"].category is Category.TRANSACTIONAL
    instance = tasks["Weekly report"]
    assert instance.extra["taskwarrior"]["parent"] == "f25f2bdd-4841-46b1-b31f-1d8fd6a838ac"
    assert instance.extra["projects"] == ["ops.reports"]
    done = tasks["Submit expense form"]
    assert (done.status, done.finished, done.kind) == (Status.DONE, MOMENT, "forms")
    assert "Get design sign-off" not in tasks


def test_importing_the_sample_again_adds_nothing(store: Store) -> None:
    import_path(store, SAMPLE)
    before = store.data_file.read_bytes()
    report = import_path(store, SAMPLE)
    assert report.summary() == ("imported 0, skipped 9 (already imported 7, deleted 1, recurring template 1) "
                                "from tw.json (taskwarrior export)")
    assert report.lines()[0] == "tw.json: record 1 (uuid ecde99b7-177d-438b-a7ed-33b7b396e33d): skipped: already imported as task 1"
    assert store.data_file.read_bytes() == before


def test_malformed_records_are_reported_and_skipped(store: Store) -> None:
    report = import_path(store, MALFORMED, "bad.json")
    assert report.summary() == ("imported 2, skipped 10 (malformed 9, repeated in the file 1) from bad.json "
                                "(taskwarrior export); focus undo reverts it")
    assert [line for line in report.lines() if "skipped" in line] == [
        "bad.json: record 2: skipped: is not a JSON object",
        "bad.json: record 3: skipped: has no valid uuid",
        "bad.json: record 4 (uuid 44444444-4444-4444-8444-444444444444): skipped: due '20261301T000000Z' is not a "
        "taskwarrior date (like 20261128T000000Z)",
        "bad.json: record 5 (uuid 55555555-5555-4555-8555-555555555555): skipped: status 'zombie' is not one of "
        "pending, waiting, completed, deleted, recurring",
        "bad.json: record 6 (uuid 66666666-6666-4666-8666-666666666666): skipped: title: contains an escape sequence; "
        "type plain text",
        "bad.json: record 7 (uuid 77777777-7777-4777-8777-777777777777): skipped: tags is not a list of words",
        "bad.json: record 8 (uuid 11111111-1111-4111-8111-111111111111): skipped: the same uuid as record 1",
        "bad.json: record 9 (uuid 99999999-9999-4999-8999-999999999999): skipped: title: is empty; type a few words",
        "bad.json: record 11 (uuid bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb): skipped: annotation 1 has no description",
        "bad.json: record 12 (uuid cccccccc-cccc-4ccc-8ccc-cccccccccccc): skipped: entry 'yesterday' is not a "
        "taskwarrior date (like 20261128T000000Z)",
    ]
    tasks = {task.title: task for task in store.tasks(include_archived=True)}
    assert set(tasks) == {"A fine pending task", "Completed without an end date"}
    done = tasks["Completed without an end date"]
    assert (done.status, done.category, done.finished) == (Status.DONE, Category.ROUTINE,
                                                            datetime(2026, 11, 20, 10, tzinfo=timezone.utc))


def test_a_value_json_cannot_store_makes_only_that_record_malformed(store: Store) -> None:
    records = [{"uuid": "a1", "status": "pending", "description": "fine"},
               {"uuid": "a2", "status": "pending", "description": "huge", "urgency": 10 ** 30},
               {"uuid": "a3", "status": "pending", "description": "lone \ud800 surrogate"}]
    report = import_file(store, json.dumps(records).encode(), "tw.json")
    assert report.count == 1
    assert [(skip.position, skip.reason) for skip in report.skipped] == [(2, "malformed"), (3, "malformed")]
    assert "too large" in report.skipped[0].problem and "surrogate" in report.skipped[1].problem


def test_dates_are_taken_in_the_local_time_zone() -> None:
    """taskwarrior keeps UTC: a due date set at midnight in Berlin is the evening before in UTC."""
    record = {"uuid": "b1", "status": "pending", "description": "x", "due": "20261127T230000Z",
              "scheduled": "20260714T220000Z", "entry": "20261120T230000Z"}
    berlin_winter = timezone(timedelta(hours=1))
    [candidate] = parse_export([record], NOW, berlin_winter).candidates
    assert candidate.task.due == date(2026, 11, 28)
    assert candidate.task.created.utcoffset() == timedelta(hours=1)
    [utc] = parse_export([record], NOW, timezone.utc).candidates
    assert utc.task.due == date(2026, 11, 27)


def test_waiting_status_and_the_later_of_scheduled_and_wait() -> None:
    record = {"uuid": "c1", "status": "waiting", "description": "x", "scheduled": "20261125T000000Z",
              "wait": "20261201T000000Z", "priority": "L"}
    [candidate] = parse_export([record], NOW, timezone.utc).candidates
    assert (candidate.task.status, candidate.task.day, candidate.task.category) == (
        Status.TODO, date(2026, 12, 1), Category.TRANSACTIONAL)


@pytest.mark.parametrize("payload", [{"uuid": "x"}, "text", 5])
def test_a_payload_that_is_not_an_array_is_unreadable(payload) -> None:
    with pytest.raises(UnreadableFile):
        parse_export(payload, NOW)


def test_an_unrecognised_json_file_is_refused_whole(store: Store) -> None:
    with pytest.raises(ImportProblem, match="not a focus-tui export .* nor a taskwarrior export"):
        import_file(store, b'[{"title": "not taskwarrior"}]', "other.json")
    with pytest.raises(ImportProblem, match="not a taskwarrior export"):
        import_file(store, b'{"uuid": "x"}', "tw.json", source="taskwarrior")
    assert not store.data_file.exists()


def test_imported_taskwarrior_tasks_export_to_todotxt_with_projects_and_tags(store: Store) -> None:
    import_path(store, SAMPLE)
    assert export_todotxt(store, everything=True).splitlines() == [
        "(A) 2026-11-21 Write quarterly plan +ops @planning due:2026-11-28",
        "2026-11-21 Reply to vendor email +ops @email",
        "(B) 2026-11-21 Review onboarding copy — ünïcode ✓ +growth t:2026-11-25",
        "2026-11-21 Old thing",
        "2026-11-21 Waiting on legal t:2026-12-01",
        "2026-11-21 Weekly report +ops.reports due:2026-11-27",
        "x 2026-11-21 2026-11-21 Submit expense form @forms due:2026-11-22",
    ]
    # A project name with spaces cannot be a todo.txt word: it is joined with underscores.
    task = store.tasks()[0]
    spaced = replace(task, extra={**task.extra, "projects": ["Q1 plan"]})
    assert "+Q1_plan" in render(task_entry(spaced)).split()
