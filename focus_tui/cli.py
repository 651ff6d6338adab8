"""The `focus` command: starts the app, or runs one scripting verb without loading the UI."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any, Sequence

from focus_tui import __version__

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Exit code 2: the command line itself is wrong."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse would print the whole usage block
        raise UsageError(f"{message} (see: {self.prog} --help)")


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="focus",
        description="Personal daily focus in the terminal. With no verb, starts the app.",
        epilog="Dates: today, tomorrow, yesterday, a weekday (fri), +3d, +2w, next week, next month, 2026-12-01. "
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

    verbs.add_parser("undo", help="undo the newest change, made here or in the app")

    export = verbs.add_parser("export", help="export all data")
    export.add_argument("--format", "-f", choices=("json", "md"), default="json")
    export.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of standard output")

    importing = verbs.add_parser("import", help="import a focus-tui JSON export")
    importing.add_argument("file", metavar="FILE")

    paths = verbs.add_parser("paths", help="where data, config, backups and themes live")
    paths.add_argument("--json", action="store_true")

    restore = verbs.add_parser("restore", help="put a backup in place of the data file (the current file is kept aside)")
    restore.add_argument("backup", nargs="?", metavar="FILE", help="default: the newest good backup")
    restore.add_argument("--list", action="store_true", help="list the backups, newest first")
    return parser


def _task_id(text: str) -> int:
    if not text.strip().isdecimal() or int(text) < 1:
        raise UsageError(f"{text!r} is not a task id (ids are whole numbers such as 12)")
    return int(text)


def _field_changes(args: argparse.Namespace, today: Any, week_start: int) -> dict[str, Any]:
    from focus_tui.domain.dates import parse_day

    changes: dict[str, Any] = {}
    for name in ("title", "status", "kind", "minutes", "category", "purpose", "notes"):
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
    if args.verb == "restore":
        return _restore(args, runtime)

    store = runtime.store().open()
    for notice in store.notices:
        print(f"focus: {notice}", file=sys.stderr)
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
    elif args.verb == "undo":
        print(f"undone: {store.undo()}")
    elif args.verb == "export":
        return _export(args, store)
    elif args.verb == "import":
        return _import(args, store)
    return EXIT_OK


def _export(args: argparse.Namespace, store: Any) -> int:
    from focus_tui.storage.exchange import export_data, export_markdown

    if args.format == "json":
        text = json.dumps(export_data(store), ensure_ascii=False, indent=2) + "\n"
    else:
        text = export_markdown(store)
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
    from focus_tui.storage.exchange import import_data

    source = Path(args.file)
    try:
        raw = source.read_bytes()
    except OSError as error:
        print(f"focus: error: cannot read {source}: {error.strerror}", file=sys.stderr)
        return EXIT_DATA
    try:
        payload = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as error:
        print(f"focus: error: {source} is not valid JSON ({error}); nothing was imported", file=sys.stderr)
        return EXIT_DATA
    counts = import_data(store, payload)
    summary = ", ".join(f"{count} {name}" for name, count in counts.items()) or "nothing"
    print(f"imported {summary} from {source} (focus undo reverts it)")
    return EXIT_OK


def _paths(args: argparse.Namespace, runtime: Any) -> int:
    paths = runtime.paths
    rows = {
        "data": str(paths.data_dir),
        "data_file": str(paths.data_file),
        "config": str(paths.config_file),
        "backups": str(paths.backups_dir),
        "archive": str(paths.archive_dir),
        "themes": str(paths.user_themes_dir),
    }
    if args.json:
        print(json.dumps(rows, indent=2))
    else:
        for name, value in rows.items():
            print(f"{name:<10} {value}")
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
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        args = _build_parser().parse_args(argv)
    except UsageError as error:
        print(f"focus: error: {error}", file=sys.stderr)
        return EXIT_USAGE

    from focus_tui.runtime import load_runtime

    if args.data_dir and os.environ.get("FOCUS_HOME") and Path(args.data_dir) != Path(os.environ["FOCUS_HOME"]):
        print(f"focus: note: FOCUS_HOME is set, so --data-dir {args.data_dir} is ignored", file=sys.stderr)
    runtime = load_runtime(args.data_dir)

    if args.verb is None:
        from focus_tui.app import FocusApp

        app = FocusApp(runtime=runtime)
        app.run()
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
