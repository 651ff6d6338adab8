"""The `focus` command: starts the app, or runs one scripting verb without loading the UI.

Task verbs (add, list, done, edit, rm), key-task verbs for the three stages (key, progress,
status), blocker verbs (block, unblock, blockers), batch verbs (queue, batch start/status/stop),
and data verbs (undo, export, import, paths, restore). Reviews and OKRs (cli_reviews) and
routines (cli_routines) live in their own modules. None of them imports Textual.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, Sequence

from focus_tui import __version__

if TYPE_CHECKING:
    import argparse  # imported where a command line is parsed: bare `focus` never parses one

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Exit code 2: the command line itself is wrong."""


def _build_parser() -> argparse.ArgumentParser:
    import argparse

    class _Parser(argparse.ArgumentParser):
        def error(self, message: str) -> None:  # argparse would print the whole usage block
            raise UsageError(f"{message} (see: {self.prog} --help)")

    parser = _Parser(
        prog="focus",
        description="Personal daily focus in the terminal. With no verb, starts the app.",
        epilog="Dates: today, tomorrow, yesterday, a weekday (fri), +3d, +2w, next week, next month, 2026-12-01. "
        "Stages: day, week, quarter; each has one key task. Amounts: 10000, 10,000, 2.5, 10k. "
        "Exit codes: 0 ok, 1 data or runtime problem, 2 usage problem.",
    )
    parser.add_argument("--version", action="version", version=f"focus-tui {__version__}")
    parser.add_argument("--data-dir", metavar="DIR", help="data directory (FOCUS_HOME, when set, wins)")
    verbs = parser.add_subparsers(dest="verb", metavar="VERB", parser_class=_Parser)

    def task_options(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--kind", "-k", help="context label used for batching, e.g. email")
        sub.add_argument("--minutes", "-m", help="estimate in minutes")
        sub.add_argument("--category", "-c", help="planning, routine or transactional")
        sub.add_argument("--day", "-d", help="the day it is scheduled for (default for add: today)")
        sub.add_argument("--due", help="due date")
        sub.add_argument("--purpose", "-p", help="one line: why this matters")
        sub.add_argument("--notes", help="free notes")
        sub.add_argument("--small", action=argparse.BooleanOptionalAction, default=None,
                         help="mark it small (it joins a batch of its kind whatever its estimate); --no-small unmarks")

    add = verbs.add_parser("add", help="add a task; prints its id")
    add.add_argument("title", nargs="+", help="the title; quick-add markers #kind ~10m !category ^day are read")
    task_options(add)
    add.add_argument("--raw", action="store_true", help="take the title literally, without quick-add markers")

    listing = verbs.add_parser("list", help="today's open tasks, ranked")
    listing.add_argument("--all", action="store_true", help="every task, in any state, archived included")
    listing.add_argument("--json", action="store_true", help="print a JSON array")

    done = verbs.add_parser("done", help="mark a task done")
    done.add_argument("id", help="task id")

    edit = verbs.add_parser("edit", help="change a task")
    edit.add_argument("id", help="task id")
    edit.add_argument("--title", "-t", help="new title")
    edit.add_argument("--status", "-s", help="todo, doing, blocked, done or dropped")
    task_options(edit)

    remove = verbs.add_parser("rm", help="delete a task (undoable)")
    remove.add_argument("id", help="task id")

    key = verbs.add_parser(
        "key", help="set the key task of today, this week or this quarter",
        description="Set the one key task of the current day, week or quarter. It serves the key task "
        "of the stage above (day -> week -> quarter) automatically.",
    )
    key.add_argument("stage", type=_stage, metavar="STAGE", help="day, week or quarter")
    key.add_argument("text", nargs="+", metavar="TEXT", help="the key task")
    key.add_argument("--target", metavar="N", help="a number to reach in the period: 10000, 10,000, 2.5, 10k")
    key.add_argument("--unit", metavar="U", help="what the target counts, e.g. signups (needs --target)")
    key.add_argument("--purpose", "-p", metavar="TEXT", help="one line: why this matters")
    key.add_argument("--serves", "--objective", dest="objective", metavar="TEXT",
                     help="the team objective it serves (free text)")
    key.add_argument("--replace", action="store_true",
                     help="replace the period's key task; the old one stays in history")

    progress = verbs.add_parser(
        "progress", help="log progress towards a stage's key task target",
        description="Add AMOUNT to the current key task of STAGE. A negative amount corrects an "
        "earlier entry: focus progress week -250.",
    )
    progress.add_argument("stage", type=_stage, metavar="STAGE", help="day, week or quarter")
    progress.add_argument("amount", metavar="AMOUNT", help="how much was done: 250, 1,500, 2.5, 1k, or negative to correct")

    status = verbs.add_parser("status", help="the key tasks of the quarter, week and day, with their pace")
    status_output = status.add_mutually_exclusive_group()
    status_output.add_argument("--json", action="store_true", help="print a JSON object with keys quarter, week, day")
    from focus_tui.status_line import DEFAULT_WIDTH, FIELDS

    status_output.add_argument("--format", metavar="FORMAT",
                               help="one line for a status bar, e.g. '{batch} {done}/{planned}'; an empty field "
                                    "takes one space with it; {{ is a literal brace. Fields: "
                                    + " ".join(f"{{{name}}}" for name in FIELDS))
    status.add_argument("--width", type=int, default=DEFAULT_WIDTH, metavar="N",
                        help=f"with --format: shorten key tasks to N characters (default {DEFAULT_WIDTH}; 0: no limit)")

    verbs.add_parser("undo", help="undo the newest change, made here or in the app")

    export = verbs.add_parser("export", help="export data: focus JSON (all of it), todo.txt or Markdown")
    export.add_argument("--format", "-f", choices=("json", "md", "todotxt"),
                        help="json (default; everything, read back by focus import), md (Markdown) or todotxt")
    export.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of standard output")
    scope = export.add_mutually_exclusive_group()
    scope.add_argument("--day", metavar="DAY", help="Markdown of one day: its key tasks and planned tasks (today, fri, 2026-11-20)")
    scope.add_argument("--week", metavar="WEEK", help="Markdown of one week (this, last, 2026-W47 or any day in it)")
    scope.add_argument("--backlog", action="store_true", help="Markdown of the open tasks with no day")
    scope.add_argument("--all", action="store_true", help="todo.txt: done and dropped tasks too, archived included")

    importing = verbs.add_parser("import", help="import a focus-tui export, a todo.txt file or a taskwarrior export")
    importing.add_argument("file", metavar="FILE", help="the file to import; - reads standard input")
    importing.add_argument("--from", dest="source", choices=("focus", "todotxt", "taskwarrior"),
                           help="the file's format (default: told from its content and name)")
    importing.add_argument("--dry-run", "-n", action="store_true", help="report what would be imported; write nothing")

    paths = verbs.add_parser("paths", help="where data, config, backups and themes live")
    paths.add_argument("--json", action="store_true")

    block = verbs.add_parser("block", help="park a task, naming the cause that blocks it")
    block.add_argument("id", help="task id")
    block.add_argument("--cause", "-c", required=True, type=_cause_name, metavar="CAUSE",
                       help="task, people, budget or resource (or t p b r, 1-4): task = strategy or method; "
                            "people = ability or someone's help; budget = money; resource = tools, access or time")
    block.add_argument("--note", "-n", help="one line: what exactly is stuck")
    block.add_argument("--person", help="for a people blocker: who you are waiting on")

    unblock = verbs.add_parser("unblock", help="resolve a task's blocker; the task returns to the list")
    unblock.add_argument("id", help="task id")
    unblock.add_argument("--note", "-n", help="one line: how it was resolved")
    fix = unblock.add_mutually_exclusive_group()
    fix.add_argument("--root", action="store_true", help="the root cause was fixed")
    fix.add_argument("--workaround", action="store_true", help="it was worked around; the cause remains")

    blockers = verbs.add_parser("blockers", help="open blockers by cause, with their age")
    blockers.add_argument("--json", action="store_true", help="print a JSON array")

    queue = verbs.add_parser("queue", help="today's small tasks, batched by kind into timeboxes")
    queue.add_argument("--json", action="store_true", help="print a JSON array of batches")

    batch = verbs.add_parser("batch", help="start, check or stop a batch of small tasks of one kind")
    batch_verbs = batch.add_subparsers(dest="batch_verb", metavar="ACTION", parser_class=_Parser, required=True)
    batch_start = batch_verbs.add_parser("start", help="start the first batch of KIND in today's queue")
    batch_start.add_argument("kind", metavar="KIND", help="a kind from focus queue, e.g. email (misc: no kind)")
    batch_status = batch_verbs.add_parser("status", help="the running batch: time left, items done, current item")
    batch_status.add_argument("--json", action="store_true", help="print a JSON object, or null when none runs")
    batch_verbs.add_parser("stop", help="end the running batch")

    restore = verbs.add_parser("restore", help="put a backup in place of the data file (the current file is kept aside)")
    restore.add_argument("backup", nargs="?", metavar="FILE", help="default: the newest good backup")
    restore.add_argument("--list", action="store_true", help="list the backups, newest first")

    # Verb families that live in their own modules: each adds its parsers and runs its verbs.
    for family in _verb_families():
        family.add_parsers(verbs, _Parser)
    return parser


def _verb_families() -> list[Any]:
    """Modules with `VERBS`, `add_parsers(verbs, parser_class)` and `run(args, runtime, store)`."""
    from focus_tui import cli_config, cli_reviews, cli_routines, cli_shell

    return [cli_reviews, cli_routines, cli_config, cli_shell]


STAGE_NAMES = ("day", "week", "quarter")


def _stage(text: str) -> Any:
    import argparse

    from focus_tui.domain.periods import Stage

    word = text.strip().lower()
    if word not in STAGE_NAMES:
        raise argparse.ArgumentTypeError(f"{text!r} is not a stage; use day, week or quarter")
    return Stage(word)


def _negative_amount_as_positional(argv: list[str]) -> list[str]:
    """`focus progress week -5`: argparse would read `-1,500` or `-1k` as an option, so a
    negative amount right after `progress STAGE` gets a `--` in front of it."""
    index = 0
    while index < len(argv) and argv[index].startswith("-"):
        if argv[index] == "--":
            return argv
        index += 2 if argv[index] == "--data-dir" else 1
    amount = index + 2
    if (
        index < len(argv) and argv[index] == "progress" and amount < len(argv)
        and not argv[index + 1].startswith("-")
        and len(argv[amount]) > 1 and argv[amount][0] == "-" and (argv[amount][1].isdigit() or argv[amount][1] == ".")
    ):
        return [*argv[:amount], "--", *argv[amount:]]
    return argv


def _cause_name(text: str) -> str:
    """The same cause words and keys as the app's blocker dialog; anything else lists the four."""
    import argparse

    from focus_tui.domain.blockers import Cause
    from focus_tui.domain.validation import ValidationError

    try:
        return Cause.parse(text).value
    except ValidationError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a cause; use task, people, budget or resource") from None


def _task_id(text: str) -> int:
    if not text.strip().isdecimal() or int(text) < 1:
        raise UsageError(f"{text!r} is not a task id (ids are whole numbers such as 12)")
    return int(text)


def _field_changes(args: argparse.Namespace, today: Any, week_start: int) -> dict[str, Any]:
    from focus_tui.domain.dates import parse_day

    changes: dict[str, Any] = {}
    for name in ("title", "status", "kind", "minutes", "category", "purpose", "notes", "small"):
        value = getattr(args, name, None)
        if value is not None:
            changes[name] = value
    for name in ("day", "due"):
        value = getattr(args, name, None)
        if value is not None:
            changes[name] = None if value.strip().lower() in ("none", "-") else parse_day(value, today, week_start)
    return changes


def _task_json(task: Any) -> dict[str, Any]:
    return {"id": task.id, **task.to_doc()}


def _print_table(tasks: list[Any]) -> None:
    if not tasks:
        print("No open tasks for today. Add one: focus add \"Write the plan\"")
        return
    print(f"{'ID':>4}  {'CATEGORY':<13} {'KIND':<10} {'MIN':>4}  {'STATUS':<7} TITLE")
    for task in tasks:
        print(
            f"{task.id:>4}  {task.category.value:<13} {task.kind or '':<10} {task.minutes or '':>4}  "
            f"{task.status.value:<7} {task.title}"
        )


def _run_verb(args: argparse.Namespace, runtime: Any) -> int:
    if args.verb == "paths":
        return _paths(args, runtime)
    for family in _verb_families():
        # Families that need no data (config, completion) say so with NEEDS_STORE = False.
        if args.verb in family.VERBS and not getattr(family, "NEEDS_STORE", True):
            return family.run(args, runtime, None)
    if args.verb == "restore":
        return _restore(args, runtime)

    store = runtime.store().open()
    for notice in store.notices:
        print(f"focus: {notice}", file=sys.stderr)
    if args.verb in ("list", "status", "queue"):
        from focus_tui.routine_views import open_todays_routines

        open_todays_routines(store)
    today = store.today()
    week_start = runtime.config.week_start

    if args.verb == "add":
        from focus_tui.domain.quickadd import parse_quick_add
        from focus_tui.domain.tasks import new_task

        line = " ".join(args.title)
        fields: dict[str, Any] = {}
        if args.raw:
            title = line
        else:
            parsed = parse_quick_add(line, today, week_start)
            if parsed.errors:
                field, message = parsed.errors[0]
                raise UsageError(f"{field}: {message}")
            title, fields = parsed.title, parsed.fields
        options = _field_changes(args, today, week_start)
        options.pop("title", None)
        fields.update(options)
        fields.setdefault("day", today)
        task = store.add_task(new_task(title, store.clock.now(), **fields))
        print(task.id)
    elif args.verb == "list":
        from focus_tui.domain.tasks import is_on_day, ranked

        if args.all:
            tasks = store.tasks(include_archived=True)
        else:
            tasks = ranked([task for task in store.tasks() if is_on_day(task, today)])
        if args.json:
            print(json.dumps([_task_json(task) for task in tasks], ensure_ascii=False, indent=2))
        else:
            _print_table(tasks)
    elif args.verb == "done":
        task = store.complete_task(_task_id(args.id))
        print(f"done: {task.id} {task.title}")
    elif args.verb == "edit":
        changes = _field_changes(args, today, week_start)
        if not changes:
            raise UsageError("nothing to change; give at least one option such as --title or --day")
        task = store.edit_task(_task_id(args.id), **changes)
        print(f"edited: {task.id} {task.title}")
    elif args.verb == "rm":
        task = store.remove_task(_task_id(args.id))
        print(f"removed: {task.id} {task.title} (focus undo brings it back)")
    elif args.verb == "key":
        return _key(args, runtime, store)
    elif args.verb == "progress":
        return _progress(args, runtime, store)
    elif args.verb == "status":
        return _status(args, runtime, store)
    elif args.verb == "block":
        blocker = store.block_task(_task_id(args.id), args.cause, note=args.note, person=args.person)
        task = store.task(blocker.task_id)
        print(f"blocked: {task.id} {task.title} ({blocker.cause.value}); first move: {blocker.cause.remedy}")
    elif args.verb == "unblock":
        root = True if args.root else False if args.workaround else None
        blocker = store.unblock_task(_task_id(args.id), note=args.note, root_fixed=root)
        print(f"unblocked: {blocker.task_id} {store.task(blocker.task_id).title}")
    elif args.verb == "blockers":
        return _blockers(args, runtime, store)
    elif args.verb == "queue":
        return _queue(args, runtime, store)
    elif args.verb == "batch":
        return _batch(args, runtime, store)
    elif args.verb == "undo":
        print(f"undone: {store.undo()}")
    elif args.verb == "export":
        return _export(args, store)
    elif args.verb == "import":
        return _import(args, store)
    else:
        for family in _verb_families():
            if args.verb in family.VERBS:
                return family.run(args, runtime, store)
    return EXIT_OK


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _amount_line(view: Any) -> str:
    """`1,500 / 10,000 signups · behind by 500 · catch-up today 2,125`, for a key task with a target."""
    from focus_tui.domain.keytasks import format_amount as fmt, pace_phrase
    from focus_tui.stages import catch_up_goal

    key, pace = view.key, view.pace
    parts = [f"{fmt(key.done)} / {fmt(key.target)}" + (f" {key.unit}" if key.unit else "")]
    if key.done >= key.target:
        parts.append("target reached")
    elif pace.days_left == 0:
        parts.append(f"{fmt(key.target - key.done)} short; no pacing days left")
    else:
        parts.append(pace_phrase(pace.ahead_by, key.target, joiner="by "))
        goal = catch_up_goal(view)  # the card's figure
        today = f"catch-up today {goal}" if pace.today_is_pacing_day else f"{goal} per working day from the next one"
        if pace.done_today:
            today += f" (done today {fmt(pace.done_today)}, {fmt(pace.today_remaining)} to go)"
        parts.append(today)
    return " · ".join(parts)


def _key(args: argparse.Namespace, runtime: Any, store: Any) -> int:
    from focus_tui.domain.keytasks import format_amount
    from focus_tui.stages import set_key_task, stage_view
    from focus_tui.storage import KeyTaskExistsError, StorageError

    stage = args.stage
    try:
        key = set_key_task(
            store, runtime.config, stage, " ".join(args.text), replace=args.replace,
            target=args.target, unit=args.unit, purpose=args.purpose, objective=args.objective,
        )
    except KeyTaskExistsError as error:
        raise StorageError(
            f"the {stage.value} already has a key task: {error.existing.text!r}; "
            "add --replace to replace it (it stays in history)"
        ) from None
    view = stage_view(store, runtime.config, stage, store.today())
    details = []
    if key.target is not None:
        details.append(f"target {format_amount(key.target)}" + (f" {key.unit}" if key.unit else ""))
    if view.parent is not None:
        details.append(f"serves: {_short(view.parent.text)}")
    if key.objective:
        details.append(f"objective: {_short(key.objective)}")
    print(f"{stage.value} key task: {key.text}" + (f" ({'; '.join(details)})" if details else ""))
    return EXIT_OK


def _progress(args: argparse.Namespace, runtime: Any, store: Any) -> int:
    from focus_tui.domain.keytasks import clean_progress
    from focus_tui.stages import log_stage_progress, stage_view

    amount = clean_progress(args.amount)  # a bad amount is a usage problem even without a key task
    log_stage_progress(store, runtime.config, args.stage, amount)
    view = stage_view(store, runtime.config, args.stage, store.today())
    print(f"{args.stage.value}: {_amount_line(view)}")
    return EXIT_OK


def _status(args: argparse.Namespace, runtime: Any, store: Any) -> int:
    if args.format is not None:  # one line for a status bar: only the named fields are computed
        from focus_tui.status_line import status_line

        print(status_line(store, runtime.config, args.format, width=args.width))
        return EXIT_OK
    from focus_tui.stages import stage_views

    views = stage_views(store, runtime.config, store.today())
    if args.json:
        print(json.dumps({stage.value: view.as_json() for stage, view in views.items()}, ensure_ascii=False, indent=2))
        return EXIT_OK
    width = max(len(f"{stage.value} ({view.period.label})") for stage, view in views.items())
    for stage, view in views.items():
        head = f"{stage.value} ({view.period.label})".ljust(width)
        if view.key is None:
            print(f"{head}  no key task yet; set one: focus key {stage.value} TEXT")
            continue
        parts = [view.key.text]
        if view.key.target is not None:
            parts.append(_amount_line(view))
        if view.key.micro_goals:
            parts.append(f"micro goals {view.key.micro_done}/{len(view.key.micro_goals)}")
        print(f"{head}  " + " · ".join(parts))
    return EXIT_OK


def _export(args: argparse.Namespace, store: Any) -> int:
    from focus_tui.storage import exchange

    markdown_scope = args.day is not None or args.week is not None or args.backlog
    fmt = args.format or ("md" if markdown_scope else "todotxt" if args.all else "json")
    if markdown_scope and fmt != "md":
        raise UsageError("--day, --week and --backlog are Markdown views: use them with --format md")
    if args.all and fmt != "todotxt":
        raise UsageError("--all is for --format todotxt (the JSON and Markdown exports hold everything already)")
    if fmt == "json":
        text = json.dumps(exchange.export_data(store), ensure_ascii=False, indent=2) + "\n"
    elif fmt == "todotxt":
        text = exchange.export_todotxt(store, everything=args.all)
    elif args.backlog:
        text = exchange.export_markdown_backlog(store)
    elif markdown_scope:
        from focus_tui.config import load_config
        from focus_tui.domain.dates import parse_day
        from focus_tui.domain.periods import day_period
        from focus_tui.paths import resolve_paths
        from focus_tui.review_views import parse_week

        config = load_config(resolve_paths(args.data_dir).config_file)
        today = store.today()
        period = (day_period(parse_day(args.day, today, config.week_start)) if args.day is not None
                  else parse_week(args.week, today, config))
        text = exchange.export_markdown_period(store, period, week_start=config.week_start,
                                               fiscal_start_month=config.fiscal_year_start_month)
    else:
        text = exchange.export_markdown(store)
    if args.output:
        from focus_tui.storage.files import atomic_write

        target = Path(args.output)
        try:
            atomic_write(target, text.encode("utf-8"))
        except OSError as error:
            print(f"focus: error: cannot write {target}: {error.strerror}", file=sys.stderr)
            return EXIT_DATA
        print(f"exported to {target}")
    else:
        sys.stdout.write(text)
    return EXIT_OK


def _import(args: argparse.Namespace, store: Any) -> int:
    from focus_tui.storage.exchange import UnknownFormat, import_file

    name = "<stdin>" if args.file == "-" else args.file
    try:
        raw = sys.stdin.buffer.read() if args.file == "-" else Path(args.file).read_bytes()
    except OSError as error:
        print(f"focus: error: cannot read {name}: {error.strerror}", file=sys.stderr)
        return EXIT_DATA
    try:
        report = import_file(store, raw, name, source=args.source, dry_run=args.dry_run)
    except UnknownFormat as error:
        raise UsageError(str(error)) from None
    print(report.summary())
    for line in report.lines():
        print(line)
    if report.count == 0 and report.malformed:
        print(f"focus: error: nothing was imported from {name}: {report.malformed} malformed "
              f"record{'' if report.malformed == 1 else 's'} (listed above)", file=sys.stderr)
        return EXIT_DATA
    return EXIT_OK


def _paths(args: argparse.Namespace, runtime: Any) -> int:
    from focus_tui.paths import startup_cache_file

    paths = runtime.paths
    rows = {
        "data": str(paths.data_dir),
        "data_file": str(paths.data_file),
        "config": str(paths.config_file),
        "backups": str(paths.backups_dir),
        "archive": str(paths.archive_dir),
        "themes": str(paths.user_themes_dir),
        "cache": str(startup_cache_file()),
    }
    if args.json:
        print(json.dumps(rows, indent=2))
    else:
        for name, value in rows.items():
            print(f"{name:<10} {value}")
    return EXIT_OK


def _blockers(args: argparse.Namespace, runtime: Any, store: Any) -> int:
    from focus_tui.blocker_views import open_blockers, pattern
    from focus_tui.domain.blockers import Cause

    rows = open_blockers(store, runtime.config, store.clock.now())
    if args.json:
        print(json.dumps([row.as_json() for row in rows], ensure_ascii=False, indent=2))
        return EXIT_OK
    if not rows:
        print("No open blockers.")
    for cause in Cause:
        group = [row for row in rows if row.blocker.cause is cause]
        if not group:
            continue
        print(f"{cause.value.upper()} ({len(group)}): first move: {cause.remedy}")
        for row in group:
            who = f" · waiting on {row.blocker.person}" if row.blocker.person else ""
            note = f" · {row.blocker.note}" if row.blocker.note else ""
            flag = f"  ! {row.prompt}" if row.escalate else ""
            print(f"  {row.task.id:>4}  {row.age:>4}  {row.task.title}{who}{note}{flag}")
    seen = pattern(store)
    if seen:
        print(f"Pattern: {seen}.")
    return EXIT_OK


def _queue(args: argparse.Namespace, runtime: Any, store: Any) -> int:
    from focus_tui.batch_views import rules_from, switches_today, todays_batches

    config = runtime.config
    today = store.today()
    batches = todays_batches(store, config, today)
    if args.json:
        rows = [{"kind": batch.kind, "minutes": batch.minutes,
                 "items": [{"id": task.id, "title": task.title, "minutes": task.minutes} for task in batch.items]}
                for batch in batches]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return EXIT_OK
    made, would_have, saved = switches_today(store, config, today)
    if not batches:
        threshold = rules_from(config).small_task_minutes
        print(f"No small tasks in today's queue. A task is small when its estimate is {threshold} min or less, "
              f"or it is marked small; add one: focus add \"Reply to Ana #email ~5m\"")
        if would_have:
            print(f"switches saved today: {saved}")
        return EXIT_OK
    for index, batch in enumerate(batches):
        if index:
            print()
        count = len(batch.items)
        print(f"{batch.kind} · {count} item{'' if count == 1 else 's'} · {batch.minutes} min")
        for task in batch.items:
            estimate = f"{task.minutes}m" if task.minutes is not None else "-"
            print(f"  {task.id:>4}  {estimate:>5}  {task.title}")
    print()
    print(f"switches saved today: {saved}")
    return EXIT_OK


def _batch(args: argparse.Namespace, runtime: Any, store: Any) -> int:
    from focus_tui.batch_views import rules_from, run_status, todays_batches
    from focus_tui.domain.batching import end_run, format_countdown, start_run
    from focus_tui.storage import BatchRunningError, StorageError

    now = store.clock.now()
    if args.batch_verb == "status":
        status = run_status(store, now)
        if args.json:
            print(json.dumps(status, ensure_ascii=False, indent=2))
        elif status is None:
            print("no batch running")
        else:
            parts = [f"{status['kind']} {status['remaining']} {'paused' if status['paused'] else 'left'}",
                     f"{status['done']}/{status['planned']} done"]
            if status["remaining_seconds"] == 0:
                parts.append("time is up")
            if status["current"] is not None:
                parts.append(f"now: {_short(status['current']['title'])}")
            print(" · ".join(parts))
        return EXIT_OK

    if args.batch_verb == "stop":
        running = store.active_run()
        if running is None:
            raise StorageError("no batch is running; start one: focus batch start KIND (kinds: focus queue)")
        status = run_status(store, now)
        stopped = store.update_run(running.id, lambda run: end_run(run, now, "stopped"), f"stop the {running.kind} batch")
        worked = format_countdown(int(stopped.worked_seconds(now)))
        print(f"stopped the {stopped.kind} batch: {status['done']}/{status['planned']} done, {worked} worked")
        return EXIT_OK

    # start
    rules = rules_from(runtime.config)
    batches = todays_batches(store, runtime.config, store.today())
    kinds = list(dict.fromkeys(batch.kind for batch in batches))
    available = f"batches today: {', '.join(kinds)}" if kinds else "no batches today (see: focus queue)"
    wanted = args.kind.strip().lstrip("#").lower()
    if not wanted:
        raise UsageError(f"give the kind of batch to start; {available}")
    batch = next((batch for batch in batches if batch.kind == wanted), None)
    if batch is None:
        raise UsageError(f"no {wanted!r} batch in today's queue; {available}")
    try:
        run = store.start_batch(start_run(batch, now, rules))
    except BatchRunningError:
        running = store.active_run()
        which = f"the {running.kind} batch is running ({format_countdown(running.remaining_seconds(now))} left)" \
            if running is not None else "a batch is running"
        raise StorageError(f"{which}; stop it first: focus batch stop") from None
    count = len(run.planned)
    print(f"started the {run.kind} batch: {count} item{'' if count == 1 else 's'}, "
          f"{format_countdown(run.remaining_seconds(now))}")
    return EXIT_OK


def _restore(args: argparse.Namespace, runtime: Any) -> int:
    from focus_tui.storage import backups

    store = runtime.store()
    if args.list:
        found = backups.list_backups(store.backups_dir)
        for path in found:
            print(f"{path}{'' if backups.is_good(path) else '  (unreadable)'}")
        if not found:
            print(f"no backups in {store.backups_dir}")
        return EXIT_OK
    backup = Path(args.backup) if args.backup else store.newest_good_backup()
    if backup is None:
        print(f"focus: error: no good backup in {store.backups_dir}", file=sys.stderr)
        return EXIT_DATA
    moved = store.restore_backup(backup)
    print(f"restored {backup}" + (f"; the previous data file was kept as {moved}" if moved else ""))
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    argv = _negative_amount_as_positional(list(sys.argv[1:] if argv is None else argv))
    try:
        # Bare `focus` starts the app: what the parser would return, without building its ~40 verbs
        # (or importing argparse, ~2 ms).
        args = _build_parser().parse_args(argv) if argv else SimpleNamespace(data_dir=None, verb=None)
    except UsageError as error:
        print(f"focus: error: {error}", file=sys.stderr)
        return EXIT_USAGE

    if args.verb is None:
        import gc

        # Starting the app only builds what it keeps: the collections before its first frame (every
        # import included) free nothing and cost ~30 ms. FocusApp turns the collector on again then.
        gc.disable()

    from focus_tui.runtime import load_runtime

    if args.data_dir and os.environ.get("FOCUS_HOME") and Path(args.data_dir) != Path(os.environ["FOCUS_HOME"]):
        print(f"focus: note: FOCUS_HOME is set, so --data-dir {args.data_dir} is ignored", file=sys.stderr)
    runtime = load_runtime(args.data_dir)

    if args.verb is None:
        from focus_tui.app import FocusApp

        # What is imported by now lives as long as the process: leave it out of every later
        # collection (one full collection at start alone walks all of it, ~10 ms).
        gc.freeze()
        app = FocusApp(runtime=runtime, freeze_after_start=True)
        try:
            app.run()
        finally:
            gc.enable()  # whether or not the app got as far as its first frame
        return app.return_code or EXIT_OK

    from focus_tui.domain.dates import DateParseError
    from focus_tui.domain.validation import ValidationError
    from focus_tui.storage import StorageError

    try:
        return _run_verb(args, runtime)
    except (UsageError, ValidationError, DateParseError) as error:
        print(f"focus: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except StorageError as error:
        print(f"focus: error: {error}", file=sys.stderr)
        return EXIT_DATA
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as error:  # a bug: still one line, with a way to see more
        if os.environ.get("FOCUS_DEBUG"):
            raise
        print(f"focus: internal error: {type(error).__name__}: {error} (run with FOCUS_DEBUG=1 for details)", file=sys.stderr)
        return EXIT_DATA


if __name__ == "__main__":
    raise SystemExit(main())
