"""`focus routine`: routine templates from the command line. No Textual here.

`focus routine add|list|log|pause|resume|rm|starters`. Every verb first puts today's due routine
instances on today's list (once a day, idempotent), like opening the app does.

Errors follow `focus_tui.cli`: a usage or validation problem (a recurrence, step, variable or
value that does not parse, a routine not due today, an unknown variable) exits 2; a data problem
(an unknown routine) exits 1; nothing is written in either case. A logged value outside its
expectation is printed as `focus: flag: ...` on stderr, with exit 0.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

VERBS: tuple[str, ...] = ("routine",)


def add_parsers(verbs: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    """Add `routine` to the `focus` parser."""
    routine = verbs.add_parser(
        "routine", help="routines: recurring checklists with key variables",
        description="Routine templates put one task with their checklist on each day they recur. "
        "Recurrence: daily, weekdays, weekends, mon,thu, every monday, every 2 weeks on mon, monthly on 15, "
        "monthly on the last day, every 3 days. Key variables: members>=30, \"reply time <= 2 h\", score 7..9.",
    )
    actions = routine.add_subparsers(dest="routine_verb", metavar="ACTION", parser_class=parser_class, required=True)

    add = actions.add_parser("add", help="add a routine template; prints its id")
    add.add_argument("name", nargs="+", metavar="NAME")
    add.add_argument("--every", "-e", required=True, metavar="TEXT",
                     help="when it recurs: daily, weekdays, mon,thu, every 2 weeks on mon, monthly on 15, every 3 days")
    add.add_argument("--step", "-s", action="append", default=[], metavar="TEXT", help="a checklist step (repeat, in order)")
    add.add_argument("--var", "-v", action="append", default=[], metavar="EXPR",
                     help="a key variable and what is expected: members>=30, \"reply time <= 2 h\", score 7..9 (repeat)")
    add.add_argument("--kind", "-k", help="context label used for batching, e.g. email")
    add.add_argument("--minutes", "-m", help="estimate in minutes")
    add.add_argument("--category", "-c", help="planning, routine (default) or transactional")

    listing = actions.add_parser("list", help="routines: when they recur, today's progress, next dates, missed")
    listing.add_argument("--json", action="store_true", help="print a JSON array")

    log = actions.add_parser("log", help="log key variables on today's instance: focus routine log inbox members=18")
    log.add_argument("routine", metavar="NAME", help="a routine id, name or unique start of a name")
    log.add_argument("values", nargs="+", metavar="VAR=VALUE", help="a key variable and its value today")

    for verb, text in (("pause", "stop putting it on the list (nothing is missed while paused)"),
                       ("resume", "put it on the list again from today"),
                       ("rm", "delete the template; instances already made stay (undoable)")):
        action = actions.add_parser(verb, help=text)
        action.add_argument("routine", metavar="NAME", help="a routine id, name or unique start of a name")

    starters = actions.add_parser("starters", help="list the starter templates, or add some of them")
    which = starters.add_mutually_exclusive_group()
    which.add_argument("--add", action="append", default=[], metavar="NAME", help="add this starter (repeat)")
    which.add_argument("--all", action="store_true", help="add every starter not added yet")


def run(args: argparse.Namespace, runtime: Any, store: Any) -> int:
    from focus_tui.routine_views import open_todays_routines

    if args.routine_verb not in ("pause", "rm"):
        open_todays_routines(store)
    verb = args.routine_verb
    if verb == "add":
        return _add(args, store)
    if verb == "list":
        return _list(args, store)
    if verb == "log":
        return _log(args, store)
    if verb == "starters":
        return _starters(args, store)
    return _change(args, store)


def _usage(message: str) -> Exception:
    from focus_tui.cli import UsageError

    return UsageError(message)


def _short_date(day: Any) -> str:
    return f"{day:%a %d %b}"


def _today_note(store: Any, routine: Any) -> str:
    from focus_tui.routine_views import todays_instance

    instance = todays_instance(routine, store.tasks(), store.today())
    if instance is not None:
        return f"on today's list as task {instance.id}"
    upcoming = routine.recurrence.next_dates(store.today(), 1)
    return f"next: {_short_date(upcoming[0])}" if upcoming and not routine.paused else "not on today's list"


def _add(args: argparse.Namespace, store: Any) -> int:
    from focus_tui.domain.routines import new_routine

    routine = new_routine(" ".join(args.name), args.every, store.clock.now(), store.today(), steps=args.step,
                          variables=args.var, kind=args.kind, minutes=args.minutes, category=args.category)
    routine = store.add_routine(routine)
    count = len(routine.steps)
    details = [routine.every, f"{count} step{'' if count == 1 else 's'}"]
    if routine.variables:
        details.append(", ".join(variable.expression for variable in routine.variables))
    print(f"added routine {routine.id}: {routine.name} ({'; '.join(details)}); {_today_note(store, routine)}")
    return 0


def _list(args: argparse.Namespace, store: Any) -> int:
    from focus_tui.domain.routines import day_list
    from focus_tui.routine_views import progress, routine_rows

    today = store.today()
    rows = routine_rows(store, today)
    if args.json:
        print(json.dumps([row.as_json() for row in rows], ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print("No routines yet. Add one: focus routine add \"Inbox batch\" --every weekdays --step \"Sort\" "
              "--var \"left in inbox <= 5\", or see the starters: focus routine starters")
        return 0
    for row in rows:
        routine = row.routine
        parts = [routine.every]
        if routine.paused:
            parts.append("paused")
        if row.today is not None:
            state = "done" if not row.today.is_open else progress(row.today) if row.today.steps else "open"
            parts.append(f"today {state} (task {row.today.id})")
        upcoming = [day for day in row.next if day > today or (day == today and row.today is None)]
        if upcoming:
            parts.append(f"next {_short_date(upcoming[0])}")
        if row.missed:
            parts.append(f"missed {day_list(row.missed)}")
        print(f"{routine.id:>4}  {routine.name} · " + " · ".join(parts))
        for flag in row.flags:
            print(f"      ⚠ {flag.message}")
    return 0


def _log(args: argparse.Namespace, store: Any) -> int:
    from focus_tui.domain.routines import clean_values
    from focus_tui.domain.validation import ValidationError
    from focus_tui.routine_views import find_routine, routine_flags_for_day, todays_instance

    routine = find_routine(store, args.routine)
    typed: dict[str, str] = {}
    for item in args.values:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise _usage(f"{item!r} is not VAR=VALUE, e.g. members=18")
        typed[name.strip()] = value
    if not routine.variables:
        raise ValidationError("routine", f"{routine.name!r} has no key variables to log")
    clean_values(routine, typed)  # checked first, so a bad name or value writes nothing at all
    today = store.today()
    instance = todays_instance(routine, store.tasks(), today)
    if instance is None:
        if not routine.recurrence.hits(today):
            upcoming = routine.recurrence.next_dates(today, 1)
            after = f"; next: {_short_date(upcoming[0])}" if upcoming else ""
            raise ValidationError("routine", f"{routine.name!r} is not due today ({routine.every}) and is not on "
                                             f"today's list{after}")
        instance = store.add_routine_instance(routine.id, today)
    updated = store.log_routine_values(instance.id, typed)
    shown = ", ".join(variable.show(updated.values[variable.name]) for variable in routine.variables
                      if variable.name in updated.values)
    print(f"logged on task {updated.id} {routine.name}: {shown}")
    for flag in routine_flags_for_day(store, today):
        if flag.task_id == updated.id:
            print(f"focus: flag: {flag.routine}: {flag.message}", file=sys.stderr)
    return 0


def _change(args: argparse.Namespace, store: Any) -> int:
    from focus_tui.routine_views import find_routine

    routine = find_routine(store, args.routine)
    if args.routine_verb == "rm":
        store.remove_routine(routine.id)
        print(f"removed routine {routine.id}: {routine.name}; instances already made stay (focus undo brings it back)")
        return 0
    paused = args.routine_verb == "pause"
    if routine.paused == paused:
        raise _usage(f"{routine.name!r} is already {'paused' if paused else 'active'}")
    updated = store.pause_routine(routine.id, paused)
    if paused:
        print(f"paused routine {updated.id}: {updated.name} (focus routine resume {updated.id} brings it back)")
    else:
        print(f"resumed routine {updated.id}: {updated.name} ({updated.every}); {_today_note(store, updated)}")
    return 0


def _starters(args: argparse.Namespace, store: Any) -> int:
    from focus_tui.domain.routines import STARTERS, starter_routines

    templates = starter_routines(store.clock.now(), store.today())
    existing = {routine.name.lower() for routine in store.routines()}
    if not args.add and not args.all:
        print("Starter templates (add with: focus routine starters --add KEY, or --all):")
        for spec in STARTERS:
            routine = templates[spec["key"]]
            mark = "  (added)" if routine.name.lower() in existing else ""
            variables = ", ".join(variable.expression for variable in routine.variables)
            print(f"  {spec['key']:<14} {routine.name} · {routine.every} · {len(routine.steps)} steps · {variables}{mark}")
        return 0
    chosen = list(templates) if args.all else [_starter_key(text, templates) for text in args.add]
    wanted = [templates[key] for key in dict.fromkeys(chosen)]
    skipped = [routine.name for routine in wanted if routine.name.lower() in existing]
    wanted = [routine for routine in wanted if routine.name.lower() not in existing]
    if not wanted:
        print("nothing added: " + ", ".join(skipped) + " already there")
        return 0
    added = store.add_routines(wanted, f"add starter routines ({', '.join(r.name for r in wanted)})")
    print("added " + ", ".join(f"{routine.id} {routine.name}" for routine in added)
          + (f"; already there: {', '.join(skipped)}" if skipped else "") + " (focus undo takes them back)")
    return 0


def _starter_key(text: str, templates: dict[str, Any]) -> str:
    wanted = text.strip().lower()
    for key, routine in templates.items():
        if wanted in (key, routine.name.lower()):
            return key
    matches = [key for key, routine in templates.items() if key.startswith(wanted) or routine.name.lower().startswith(wanted)]
    if wanted and len(matches) == 1:
        return matches[0]
    raise _usage(f"{text!r} is not a starter; starters: {', '.join(templates)}")
