"""todo.txt: reading lines, the mapping to tasks and back, malformed lines, and import round trips."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from focus_tui.domain.tasks import Category, Status, new_task
from focus_tui.formats.todotxt import Entry, LineProblem, entry_task, parse_file, parse_line, render, task_entry
from focus_tui.storage import Store
from focus_tui.storage.exchange import ImportProblem, export_todotxt, import_file

DATA = Path(__file__).parent / "data"
SAMPLE = DATA / "todo.txt"
MALFORMED = DATA / "todo-malformed.txt"
NOW = datetime(2026, 11, 21, 9, 30, tzinfo=timezone.utc)


def sample_lines() -> list[str]:
    return [line for line in SAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]


def import_path(store: Store, path: Path, **options):
    return import_file(store, path.read_bytes(), path.name, **options)


def import_text(store: Store, text: str, name: str = "todo.txt", **options):
    return import_file(store, text.encode("utf-8"), name, **options)


# -- reading lines --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("(A) Thank Mom for the meatballs @phone", Entry("Thank Mom for the meatballs", priority="A", contexts=("phone",))),
        ("(B) 2026-11-20 Schedule pickup +GarageSale @phone", Entry(
            "Schedule pickup", priority="B", created=date(2026, 11, 20), projects=("GarageSale",), contexts=("phone",))),
        ("x 2011-03-02 2011-03-01 Review Tim's pull request +TodoTxtTouch @github", Entry(
            "Review Tim's pull request", done=True, completed=date(2011, 3, 2), created=date(2011, 3, 1),
            projects=("TodoTxtTouch",), contexts=("github",))),
        ("x 2026-11-20 Send the deck pri:A", Entry("Send the deck", done=True, priority="A", completed=date(2026, 11, 20))),
        ("x (B) 2026-11-20 Old style", Entry("Old style", done=True, priority="B", completed=date(2026, 11, 20))),
        ("x 2026-11-20 Ordered chairs status:dropped", Entry("Ordered chairs", done=True, completed=date(2026, 11, 20),
                                                              dropped=True)),
        ("Pay rent due:2026-12-01 t:2026-11-28 rec:1m", Entry(
            "Pay rent", due=date(2026, 12, 1), threshold=date(2026, 11, 28), pairs=(("rec", "1m"),))),
        # The spec's examples of what is not a priority, not done, not a context or a project.
        ("Really gotta call Mom (A) @phone @someday", Entry("Really gotta call Mom (A)", contexts=("phone", "someday"))),
        ("(b) Get back to the boss", Entry("(b) Get back to the boss")),
        ("(B)->Submit TPS report", Entry("(B)->Submit TPS report")),
        ("xylophone lesson", Entry("xylophone lesson")),
        ("X 2012-01-01 Make resolutions", Entry("X 2012-01-01 Make resolutions")),
        ("(A) x Find ticket prices", Entry("x Find ticket prices", priority="A")),
        ("(A) Call Mom 2011-03-02", Entry("Call Mom 2011-03-02", priority="A")),
        ("Email SoAndSo at soandso@example.com", Entry("Email SoAndSo at soandso@example.com")),
        ("Learn how to add 2+2", Entry("Learn how to add 2+2")),
        # Times and URLs are text, not key:value pairs; an open line keeps `pri:` as a pair.
        ("Meet at 10:30 see https://example.com/a pri:C", Entry("Meet at 10:30 see https://example.com/a",
                                                                 pairs=(("pri", "C"),))),
        ("\tTabs\tand   spaces  ", Entry("Tabs and spaces")),
    ],
)
def test_lines_are_read_as_the_spec_says(line: str, expected: Entry) -> None:
    assert parse_line(line) == expected


@pytest.mark.parametrize("line", ["", "   ", "\t"])
def test_blank_lines_are_no_task(line: str) -> None:
    assert parse_line(line) is None


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("2026-02-30 Bad creation date", "the creation date 2026-02-30 is not a real date"),
        ("x 2026-13-01 Done in no month", "the completion date 2026-13-01 is not a real date"),
        ("Pay the rent due:2026-02-30", "due:2026-02-30 is not a real date"),
        ("Pay the rent due:tomorrow", "due:tomorrow is not a date (YYYY-MM-DD)"),
        ("Later t:2026-11-31", "t:2026-11-31 is not a real date"),
        ("Twice due:2026-12-01 due:2026-12-02", "due: is given twice"),
        ("+project @context", "has no description, only marks and tags"),
        ("x 2026-11-20", "has no description, only marks and tags"),
        ("Red \x1b[31malert", "contains an escape sequence"),
        ("Ring \x07 the bell", "contains the control character U+0007"),
        ("Nul \x00 byte", "contains the control character U+0000"),
        ("Form\x0cfeed", "contains the control character U+000C"),
        ("Reversed \u202etext", "contains the invisible character U+202E"),
        ("Line\u2028separator", "contains the invisible character U+2028"),
        ("x" * 10_001, "the line is too long (10,001 characters; the limit is 10,000)"),
    ],
)
def test_malformed_lines_say_what_is_wrong(line: str, problem: str) -> None:
    with pytest.raises(LineProblem) as raised:
        parse_line(line)
    assert str(raised.value) == problem


def test_a_title_over_500_characters_is_refused_like_typed_input() -> None:
    with pytest.raises(LineProblem, match=r"title: is too long \(501 characters; the limit is 500\)"):
        entry_task(parse_line("a" * 501), NOW)


# -- the mapping ---------------------------------------------------------------------------------
def test_the_mapping_to_tasks() -> None:
    parsed = parse_file(SAMPLE.read_text(encoding="utf-8"), NOW, timezone.utc)
    assert parsed.skipped == ()
    tasks = {candidate.position: candidate.task for candidate in parsed.candidates}
    plan = tasks[1]
    assert (plan.title, plan.category, plan.kind, plan.due, plan.day) == (
        "Draft the Q1 community plan", Category.PLANNING, "planning", date(2026, 11, 27), None)
    assert plan.created == datetime(2026, 11, 20, 12, tzinfo=timezone.utc)
    assert plan.notes == "project: community"
    assert tasks[2].category is Category.ROUTINE and tasks[2].day == date(2026, 11, 23)
    assert tasks[2].extra["todotxt"] == {"undated": True}
    assert tasks[2].created == NOW  # no creation date: the import time
    assert tasks[3].category is Category.TRANSACTIONAL and tasks[3].extra["todotxt"] == {"priority": "C"}
    assert tasks[4].category is Category.TRANSACTIONAL  # no priority
    assert (tasks[5].title, tasks[5].kind, tasks[5].extra["contexts"]) == ("Eskimo pies", "grocerystore", ["GroceryStore"])
    # The first context that is a valid kind becomes the kind; all contexts are kept in order.
    assert (tasks[13].kind, tasks[13].extra["contexts"], tasks[13].extra["projects"]) == ("calls", ["büro", "calls"], ["café"])
    assert tasks[11].extra["todotxt"] == {"priority": "D", "pairs": [["rec", "1y"]]}
    board = tasks[16]
    assert (board.status, board.category, board.kind) == (Status.DONE, Category.PLANNING, "email")
    assert board.finished == datetime(2026, 11, 20, 12, tzinfo=timezone.utc)
    assert tasks[18].category is Category.ROUTINE  # `x (B) …`
    assert tasks[19].status is Status.DROPPED
    assert all(task.extra["origin"].startswith("todotxt:") for task in tasks.values())
    assert len({task.extra["origin"] for task in tasks.values()}) == len(tasks)


def test_a_native_task_is_written_with_its_category_kind_day_and_due() -> None:
    task = new_task("Write the plan", NOW, category="planning", kind="writing", day=date(2026, 11, 23),
                    due=date(2026, 11, 27))
    assert render(task_entry(task)) == "(A) 2026-11-21 Write the plan @writing due:2026-11-27 t:2026-11-23"
    routine = new_task("Inbox zero", NOW, category="routine")
    assert render(task_entry(routine)) == "(B) 2026-11-21 Inbox zero"
    done = new_task("Sent the deck", NOW, category="planning", status="done")
    assert render(task_entry(done)) == "x 2026-11-21 2026-11-21 Sent the deck pri:A"
    dropped = new_task("Chairs", NOW, category="transactional", status="dropped")
    assert render(task_entry(dropped)) == "x 2026-11-21 2026-11-21 Chairs status:dropped"
    # A title that would read as a mark keeps its creation date in front of it.
    assert render(task_entry(new_task("x marks the spot", NOW, category="transactional"))) == "2026-11-21 x marks the spot"


def test_a_changed_kind_takes_the_place_of_the_old_context() -> None:
    [candidate] = parse_file("(B) Call the bank @2nd-floor @Phone @errands\n", NOW).candidates
    task = candidate.task
    assert task.kind == "phone"
    assert render(task_entry(task)) == "(B) Call the bank @2nd-floor @Phone @errands"
    assert render(task_entry(replace(task, kind="calls"))) == "(B) Call the bank @2nd-floor @calls @errands"
    assert render(task_entry(replace(task, kind=None))) == "(B) Call the bank @2nd-floor @errands"
    # Recategorised: the priority follows the category, not the line.
    assert render(task_entry(replace(task, category=Category.PLANNING))).startswith("(A) ")


# -- importing files -------------------------------------------------------------------------------
def test_sample_round_trip_keeps_every_lines_meaning(store: Store) -> None:
    report = import_path(store, SAMPLE)
    assert (report.count, report.skipped) == (17, [])
    exported = export_todotxt(store, everything=True).splitlines()
    originals = sample_lines()
    assert len(exported) == len(originals)
    for original, written in zip(originals, exported):
        assert parse_line(written) == parse_line(original), (original, written)
        assert written == render(parse_line(original))  # the canonical form: tags after the description
    # Lines whose tags already stood at the end come back byte for byte.
    assert set(originals) & set(exported) >= {
        "(A) 2026-11-20 Draft the Q1 community plan +community @planning due:2026-11-27",
        "(B) Café ☕ review with Jürgen +café @büro @calls",
        "x 2026-11-20 2026-11-18 Send the board deck to Marta +board @email pri:A",
        "x 2026-11-15 2026-11-10 Order new chairs +office status:dropped",
    }
    # The written file is the same tasks: importing it back adds nothing.
    again = import_text(store, "\n".join(exported) + "\n", "exported.txt")
    assert again.count == 0 and {skip.reason for skip in again.skipped} == {"already imported"}


def test_the_default_export_is_the_open_tasks(store: Store) -> None:
    import_path(store, SAMPLE)
    lines = export_todotxt(store).splitlines()
    assert len(lines) == 13 and not any(line.startswith("x ") for line in lines)


def test_importing_the_same_file_twice_adds_nothing(store: Store) -> None:
    first = import_path(store, SAMPLE)
    before = store.data_file.read_bytes()
    second = import_path(store, SAMPLE)
    assert (first.count, second.count) == (17, 0)
    assert [skip.problem for skip in second.skipped][:2] == ["already imported as task 1", "already imported as task 2"]
    assert second.summary() == "imported 0, skipped 17 (already imported 17) from todo.txt (todo.txt)"
    assert store.data_file.read_bytes() == before  # no write at all, and no undo step
    assert store.undo_history()[0] == "import 17 tasks from todo.txt"


def test_an_edited_line_is_a_new_task_and_a_reordered_one_is_not(store: Store) -> None:
    import_text(store, "(A) Call Mom @phone +family\n")
    report = import_text(store, "(A) Call Mom +family @phone\n(A) Call Mom today @phone +family\nx 2026-11-21 (A) Call Mom @phone +family\n")
    assert [(skip.position, skip.reason) for skip in report.skipped] == [(1, "already imported")]
    assert report.count == 2  # the edited line, and the same line marked done


def test_archived_tasks_count_as_already_imported(data_dir: Path, clock) -> None:
    clock.set(datetime(2026, 9, 1, 9, tzinfo=timezone.utc))
    store = Store(data_dir, clock).open()
    import_text(store, "x 2026-08-30 2026-08-01 Filed the taxes\n")
    clock.set(datetime(2026, 11, 21, 9, 30, tzinfo=timezone.utc))
    store = Store(data_dir, clock).open()  # moves the finished task to the archive
    assert store.tasks() == [] and len(store.tasks(include_archived=True)) == 1
    report = import_text(store, "x 2026-08-30 2026-08-01 Filed the taxes\n")
    assert report.count == 0 and report.skipped[0].problem == "already imported as task 1"


def test_malformed_lines_are_reported_and_skipped(store: Store) -> None:
    report = import_path(store, MALFORMED)
    assert report.summary() == ("imported 2, skipped 10 (malformed 9, repeated in the file 1) "
                                "from todo-malformed.txt (todo.txt); focus undo reverts it")
    assert [line for line in report.lines() if "skipped" in line] == [
        "todo-malformed.txt:2: skipped: the creation date 2026-02-30 is not a real date",
        "todo-malformed.txt:3: skipped: due:2026-02-30 is not a real date",
        "todo-malformed.txt:4: skipped: due:tomorrow is not a date (YYYY-MM-DD)",
        "todo-malformed.txt:6: skipped: due: is given twice",
        "todo-malformed.txt:7: skipped: has no description, only marks and tags",
        "todo-malformed.txt:8: skipped: the completion date 2026-13-01 is not a real date",
        "todo-malformed.txt:9: skipped: the same task as line 1",
        "todo-malformed.txt:11: skipped: t:2026-11-31 is not a real date",
        "todo-malformed.txt:12: skipped: title: is too long (629 characters; the limit is 500)",
        "todo-malformed.txt:13: skipped: has no description, only marks and tags",
    ]
    assert [task.title for task in store.tasks()] == ["Good line one", "Good line two"]


def test_control_characters_and_huge_lines_are_skipped_with_their_line_numbers(store: Store) -> None:
    lines = ["First fine", "Red \x1b[31malert", "", "Bell \x07", "y" * 200_000, "Bidi \u202eevil", "Last fine"]
    report = import_text(store, "\r\n".join(lines) + "\r\n")
    assert report.count == 2
    assert [(skip.position, skip.problem) for skip in report.skipped] == [
        (2, "contains an escape sequence"), (4, "contains the control character U+0007"),
        (5, "the line is too long (200,000 characters; the limit is 10,000)"),
        (6, "contains the invisible character U+202E")]
    assert [task.title for task in store.tasks()] == ["First fine", "Last fine"]


@pytest.mark.parametrize("text", ["\ufeffOne\ntwo\n", "One\r\ntwo", "One\rtwo\r", "One\n\n   \n\ttwo\n"])
def test_line_endings_a_bom_and_blank_lines(store: Store, text: str) -> None:
    report = import_text(store, text)
    assert (report.count, report.skipped) == (2, [])
    assert [task.title for task in store.tasks()] == ["One", "two"]


def test_an_empty_file_imports_nothing_and_is_no_error(store: Store) -> None:
    report = import_text(store, "\n\n")
    assert report.summary() == "imported 0 from todo.txt (todo.txt)"
    assert not store.data_file.exists()


def test_a_file_that_is_not_utf8_is_refused_whole(store: Store) -> None:
    store.add_task(new_task("Mine", NOW))
    before = store.data_file.read_bytes()
    with pytest.raises(ImportProblem, match=r"todo.txt is not UTF-8 text \(byte 0xe9 on line 2, at offset 8\); "
                       "nothing was imported"):
        import_file(store, "Fine\nCafé\n".encode("latin-1"), "todo.txt")
    assert store.data_file.read_bytes() == before


def test_a_dry_run_writes_nothing(store: Store) -> None:
    store.add_task(new_task("Mine", NOW))
    before = store.data_file.read_bytes()
    report = import_path(store, SAMPLE, dry_run=True)
    assert report.summary().startswith("would import 17 from todo.txt (todo.txt); dry run, nothing was written")
    assert report.lines()[0] == 'todo.txt:1: would be a task: "Draft the Q1 community plan" → planning, #planning, backlog, due 2026-11-27'
    assert store.data_file.read_bytes() == before
    assert [task.title for task in Store(store.data_dir, store.clock).open().tasks()] == ["Mine"]


def test_one_undo_reverts_the_whole_import(store: Store, clock) -> None:
    mine = store.add_task(new_task("Mine", NOW))
    import_path(store, SAMPLE)
    assert len(store.tasks()) == 18
    other = Store(store.data_dir, clock).open()  # as `focus undo` would, from another process
    assert other.undo() == "import 17 tasks from todo.txt"
    assert other.tasks() == [mine]


def test_undo_reverts_an_import_of_old_finished_tasks_after_they_were_archived(store: Store, clock) -> None:
    import_text(store, "x 2025-01-02 2025-01-01 Done long ago\nOpen now\n")
    reopened = Store(store.data_dir, clock).open()  # archives the old finished task
    reopened.undo()
    assert reopened.tasks(include_archived=True) == []
