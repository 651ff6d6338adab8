"""`focus review` and `focus okr`: reviews and objectives from the command line. No Textual here.

`focus review` prints the review of a day (default: today), a week (`--week`) or a quarter
(`--quarter`) as Markdown, plain text or JSON; it can also save the written part (`--highlights`,
`--shortcomings`, `--tomorrow` for a day; `--changes`, `--rules`, `--actions` for a week or a
quarter), an edited stand-up (`--standup`), and close the day (`--close [--all DECISION]`).

`focus okr list|add|kr|update|score|confidence|edit|rm|rm-kr` manages a quarter's objectives and
their key results (`OBJ.N`, e.g. `1.2`).

Errors follow `focus_tui.cli`: a usage or validation problem exits 2, a data problem (an unknown
objective or key result, no key task to feed from) exits 1; nothing is written in either case.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

VERBS: tuple[str, ...] = ("review", "okr")

HEADINGS = ("highlights", "shortcomings", "tomorrow", "changes", "rules", "actions")
HEADING_HELP = {
    "highlights": "what went well (day, week or quarter)",
    "shortcomings": "what fell short (day, week or quarter)",
    "tomorrow": "what changes tomorrow (day only)",
    "changes": "changes made during the stage (week or quarter)",
    "rules": "rules learned (week or quarter)",
    "actions": "actions for the next stage (week or quarter)",
}
DECISIONS = ("tomorrow", "backlog", "drop")
FORMATS = ("md", "json", "text")
STAGE_WORDS = ("quarter", "week", "day")


def add_parsers(verbs: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    """Add `review` and `okr` to the `focus` parser."""
    review = verbs.add_parser(
        "review", help="the review of a day, week or quarter; save what you write about it; close the day",
        description="Print the review of today (or --date, --week, --quarter) as Markdown, JSON or text. "
        "Giving --highlights and the other headings saves them first (an empty string clears one). "
        "--close closes the day; unfinished tasks need --all tomorrow|backlog|drop.",
    )
    period = review.add_mutually_exclusive_group()
    period.add_argument("--date", metavar="DAY",
                        help="the day to review: today (default), yesterday, fri (the latest Friday), -3d, 2026-11-18")
    period.add_argument("--week", metavar="WEEK", help="a week: this, last, 2026-W47 or a day in it")
    period.add_argument("--quarter", metavar="QUARTER", help="a quarter: this, last, Q3, 2026-Q3 or a day in it")
    review.add_argument("--format", "-f", choices=FORMATS, default=None,
                        help="md (default), json or text")
    for heading in HEADINGS:
        review.add_argument(f"--{heading}", metavar="TEXT", help=HEADING_HELP[heading])
    review.add_argument("--standup", metavar="TEXT",
                        help="save an edited stand-up for the day; an empty string goes back to the generated one")
    review.add_argument("--close", action="store_true",
                        help="close the day (unfinished tasks need a decision: see --all); prints what was done")
    review.add_argument("--all", dest="decide_all", choices=DECISIONS, metavar="DECISION",
                        help="with --close: send every unfinished task to tomorrow, the backlog, or drop it")

    okr = verbs.add_parser(
        "okr", help="objectives and key results of a quarter",
        description="At most three objectives a quarter, each with two to five key results (OBJ.N, e.g. 1.2) "
        "scored 0.0-1.0, and a weekly confidence from 1 to 10.",
    )
    actions = okr.add_subparsers(dest="okr_verb", metavar="ACTION", parser_class=parser_class, required=True)

    listing = actions.add_parser("list", help="the quarter's objectives, key results, scores and confidence")
    listing.add_argument("--quarter", metavar="QUARTER", help="this (default), last, Q3, 2026-Q3 or a day in it")
    listing.add_argument("--json", action="store_true", help="print a JSON array of objectives")

    add = actions.add_parser("add", help="add an objective; prints its id")
    add.add_argument("text", nargs="+", metavar="TEXT")
    add.add_argument("--quarter", metavar="QUARTER", help="this (default), Q1, 2027-Q1 or a day in it")

    kr = actions.add_parser("kr", help="add a key result to an objective; prints its reference (OBJ.N)")
    kr.add_argument("objective", metavar="OBJ_ID")
    kr.add_argument("text", nargs="+", metavar="TEXT")
    kr.add_argument("--target", metavar="N", help="the measurable target: 40, 10,000, 2.5, 10k "
                    "(defaults to the fed key task's target)")
    kr.add_argument("--unit", metavar="U", help="what it counts, e.g. signups (defaults to the fed key task's unit)")
    feed = kr.add_mutually_exclusive_group()
    feed.add_argument("--key-task", metavar="ID", help="feed its progress from the key task with this id")
    feed.add_argument("--feed", choices=STAGE_WORDS, metavar="STAGE",
                      help="feed its progress from the current key task of quarter, week or day")

    update = actions.add_parser("update", help="set how much of a key result is done (by hand)")
    update.add_argument("ref", metavar="REF", help="OBJ.N, e.g. 1.2")
    update.add_argument("value", metavar="VALUE", help="the amount done so far: 25, 1,500, 2.5, 1k")

    score = actions.add_parser("score", help="set a key result's score by hand, or clear it")
    score.add_argument("ref", metavar="REF", help="OBJ.N, e.g. 1.2")
    score.add_argument("score", metavar="SCORE", help="0.0 to 1.0, or clear to go back to the computed score")

    confidence = actions.add_parser("confidence", help="record this week's confidence in an objective")
    confidence.add_argument("objective", metavar="OBJ_ID")
    confidence.add_argument("value", metavar="N", help="1 to 10; recording again this week replaces it")

    edit = actions.add_parser("edit", help="reword an objective")
    edit.add_argument("objective", metavar="OBJ_ID")
    edit.add_argument("text", nargs="+", metavar="TEXT")

    remove = actions.add_parser("rm", help="remove an objective with its key results (undoable)")
    remove.add_argument("objective", metavar="OBJ_ID")

    remove_kr = actions.add_parser("rm-kr", help="remove a key result; the ones after it move up a number")
    remove_kr.add_argument("ref", metavar="REF", help="OBJ.N, e.g. 1.2")


def run(args: argparse.Namespace, runtime: Any, store: Any) -> int:
    if args.verb == "review":
        return _review(args, runtime, store)
    return _okr(args, runtime, store)


# -- which period -------------------------------------------------------------------------------
def _latest_weekday(text: str, today: Any) -> str:
    """A bare weekday looks back in a review: `fri` is the latest Friday up to today (elsewhere
    in the CLI it is the next one, which a review could never cover)."""
    from datetime import timedelta

    from focus_tui.domain.dates import WEEKDAYS

    word = text.strip().lower()
    if word not in WEEKDAYS:
        return text
    back = (today.weekday() - WEEKDAYS[word].weekday) % 7
    return (today - timedelta(days=back)).isoformat()


def _review_period(args: argparse.Namespace, today: Any, config: Any) -> tuple[Any, Any]:
    from datetime import timedelta

    from focus_tui.domain.dates import parse_day
    from focus_tui.domain.periods import Stage
    from focus_tui.review_views import parse_week
    from focus_tui.stages import period_of

    if args.week is not None:
        if args.week.strip().lower() == "next":
            return Stage.WEEK, period_of(Stage.WEEK, today + timedelta(weeks=1), config)
        return Stage.WEEK, parse_week(_latest_weekday(args.week, today), today, config)
    if args.quarter is not None:
        return Stage.QUARTER, _quarter(args.quarter, today, config)
    day = today if args.date is None else parse_day(_latest_weekday(args.date, today), today, config.week_start)
    return Stage.DAY, period_of(Stage.DAY, day, config)


def _quarter(text: str | None, today: Any, config: Any) -> Any:
    from focus_tui.domain.periods import Stage
    from focus_tui.review_views import parse_quarter
    from focus_tui.stages import period_of

    if text is None:
        return period_of(Stage.QUARTER, today, config)
    if text.strip().lower() == "next":
        return period_of(Stage.QUARTER, period_of(Stage.QUARTER, today, config).end, config)
    return parse_quarter(_latest_weekday(text, today), today, config)


# -- focus review -------------------------------------------------------------------------------
def _review(args: argparse.Namespace, runtime: Any, store: Any) -> int:
    from focus_tui.cli import UsageError
    from focus_tui.domain.periods import Stage
    from focus_tui.domain.review import clean_standup, clean_written, headings_for
    from focus_tui.review_views import load_review, review_json, review_markdown, review_text

    config = runtime.config
    stage, period = _review_period(args, store.today(), config)
    written = {heading: getattr(args, heading) for heading in HEADINGS if getattr(args, heading) is not None}

    # Every check before the first write, so a refused command changes nothing.
    allowed = headings_for(stage)
    wrong = [heading for heading in written if heading not in allowed]
    if wrong:
        flags = ", ".join(f"--{heading}" for heading in allowed)
        raise UsageError(f"--{wrong[0]} does not belong to a {stage.value} review; it takes {flags}")
    if stage is not Stage.DAY:
        for flag, given in (("--standup", args.standup is not None), ("--close", args.close)):
            if given:
                raise UsageError(f"{flag} is for a day review, not a {stage.value} review")
    if args.decide_all and not args.close:
        raise UsageError("--all goes with --close: focus review --close --all tomorrow")
    if args.close and args.format is not None:
        raise UsageError("--close prints what it did, not the review; run focus review --format ... after it")
    for heading, text in written.items():
        clean_written(heading, text, stage)
    if args.standup is not None:
        clean_standup(args.standup)
    view = load_review(store, config, stage, period)  # a period not begun yet is refused here
    day = period.start
    if args.close and not args.decide_all:
        _refuse_undecided(store, day)

    if written:
        store.write_review(stage, period.start, **written)
    if args.standup is not None:
        store.save_standup(day, args.standup)
    if args.close:
        print(_close(store, day, args.decide_all))
        return 0
    if written or args.standup is not None:
        view = load_review(store, config, stage, period)

    chosen = args.format or "md"
    if chosen == "json":
        print(json.dumps(review_json(view), ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(review_markdown(view) if chosen == "md" else review_text(view))
    return 0


def _refuse_undecided(store: Any, day: Any) -> None:
    from focus_tui.domain.validation import ValidationError

    undecided = store.needs_decision(day)
    if not undecided:
        return
    shown = ", ".join(f"{task.id} {task.title!r}" for task in undecided[:5])
    more = f" and {len(undecided) - 5} more" if len(undecided) > 5 else ""
    count = len(undecided)
    raise ValidationError(
        "close", f"{count} unfinished task{'s' if count != 1 else ''} still need{'s' if count == 1 else ''} "
        f"a decision: {shown}{more}; add --all tomorrow, --all backlog or --all drop "
        "(or move each first with focus edit ID --day / --status dropped)")


def _close(store: Any, day: Any, decision: str | None) -> str:
    decisions = {task.id: decision for task in store.needs_decision(day)} if decision else {}
    next_day = store.next_day_after(day)
    store.close_day(day, decisions)
    count = len(decisions)
    if not count:
        return f"closed {day.isoformat()}: nothing left to decide"
    where = {"tomorrow": f"moved to {next_day.isoformat()}", "backlog": "moved to the backlog", "drop": "dropped"}
    return f"closed {day.isoformat()}: {count} {where[decision]} (focus undo reopens it)"


# -- focus okr ----------------------------------------------------------------------------------
def _okr(args: argparse.Namespace, runtime: Any, store: Any) -> int:
    from focus_tui.domain import okr
    from focus_tui.domain.periods import Stage
    from focus_tui.stages import period_of

    config = runtime.config
    today = store.today()
    now = store.clock.now
    action = args.okr_verb

    if action == "list":
        return _okr_list(args, store, _quarter(args.quarter, today, config))
    if action == "add":
        quarter = _quarter(args.quarter, today, config)
        objective = store.add_objective(quarter.start, " ".join(args.text))
        print(objective.id)
        return 0
    if action == "kr":
        return _okr_add_kr(args, runtime, store)
    if action in ("update", "score", "rm-kr"):
        objective, number = _kr_ref(store, args.ref)
        ref = f"{objective.id}.{number}"
        if action == "update":
            updated = store.update_objective(
                objective.id, lambda current: okr.change_key_result(current, number, now(), done=args.value),
                f"update key result {ref} of")
            print(_kr_line(store, updated, number))
        elif action == "score":
            value = None if args.score.strip().lower() == "clear" else args.score
            updated = store.update_objective(
                objective.id, lambda current: okr.change_key_result(current, number, now(), score=value),
                f"score key result {ref} of")
            print(_kr_line(store, updated, number))
        else:
            removed = objective.key_results[number - 1]
            updated = store.update_objective(
                objective.id, lambda current: okr.remove_key_result(current, number, now()),
                f"remove key result {ref} from")
            print(f"removed key result {ref}: {removed.text}")
            _warn(updated)
        return 0

    objective_id = _objective_id(args.objective)
    if action == "confidence":
        week = period_of(Stage.WEEK, today, config)
        updated = store.update_objective(
            objective_id, lambda current: okr.record_confidence(current, week.start, args.value, now()),
            "record confidence in")
        print(f"objective {objective_id}: {updated.latest_confidence}/10 for the {week.label} "
              f"(history: {' → '.join(str(entry.value) for entry in updated.confidence)})")
    elif action == "edit":
        updated = store.update_objective(
            objective_id, lambda current: okr.edit_objective(current, now(), " ".join(args.text)), "edit objective")
        print(f"edited objective {objective_id}: {updated.text}")
    elif action == "rm":
        removed = store.remove_objective(objective_id)
        count = len(removed.key_results)
        print(f"removed objective {objective_id}: {removed.text} "
              f"({count} key result{'s' if count != 1 else ''}; focus undo brings it back)")
    return 0


def _objective_id(text: str) -> int:
    from focus_tui.cli import UsageError

    if not text.strip().isdecimal() or int(text) < 1:
        raise UsageError(f"{text!r} is not an objective id (ids are whole numbers such as 1; see focus okr list)")
    return int(text)


def _kr_ref(store: Any, text: str) -> tuple[Any, int]:
    """The objective and key result number of `1.2`. A malformed reference is a usage problem
    (exit 2); one naming a missing objective or key result is not found (exit 1), as for tasks."""
    import re

    from focus_tui.domain.okr import parse_kr_ref
    from focus_tui.domain.validation import ValidationError
    from focus_tui.storage import NotFoundError

    if not re.fullmatch(r"\s*\d+\.\d+\s*", text):  # parse_kr_ref lets `1.²` through to int(), which fails
        raise ValidationError("key result", f"{text!r} is not OBJECTIVE.RESULT, e.g. 2.1")
    objective_id, number = parse_kr_ref(text)
    objective = store.objective(objective_id)
    count = len(objective.key_results)
    if number > count:
        raise NotFoundError(f"objective {objective_id} has no key result {number} "
                            f"(it has {count}{': ' + ', '.join(f'{objective_id}.{n}' for n in range(1, count + 1)) if count else ''})")
    return objective, number


def _okr_add_kr(args: argparse.Namespace, runtime: Any, store: Any) -> int:
    from focus_tui.cli import UsageError
    from focus_tui.domain import okr
    from focus_tui.domain.periods import Stage
    from focus_tui.stages import current_key_or_fail

    objective_id = _objective_id(args.objective)
    store.objective(objective_id)  # an unknown objective is reported before anything about key tasks
    key = None
    if args.key_task is not None:
        if not args.key_task.strip().isdecimal() or int(args.key_task) < 1:
            raise UsageError(f"{args.key_task!r} is not a key task id (ids are whole numbers)")
        key = store.key_task(int(args.key_task))
    elif args.feed is not None:
        key = current_key_or_fail(store, runtime.config, Stage(args.feed))
    target = args.target
    if target is None:
        if key is None or key.target is None:
            raise UsageError("a key result needs a measurable target: add --target N")
        target = key.target
    unit = args.unit if args.unit is not None else (key.unit if key is not None else None)
    text = " ".join(args.text)
    key_id = key.id if key is not None else None
    updated = store.update_objective(
        objective_id,
        lambda current: okr.add_key_result(current, store.clock.now(), text, target, unit, key_task_id=key_id),
        "add a key result to")
    print(f"{objective_id}.{len(updated.key_results)}")
    _warn(updated)
    return 0


def _warn(objective: Any) -> None:
    if objective.warning:
        print(f"focus: warning: objective {objective.id} {objective.warning}", file=sys.stderr)


def _fed(store: Any) -> dict[int, float]:
    return {key.id: key.done for key in store.key_tasks(include_archived=True) if key.id is not None}


def _kr_line(store: Any, objective: Any, number: int) -> str:
    from focus_tui.review_views import score_text

    kr = objective.key_results[number - 1]
    fed = _fed(store) if kr.key_task_id is not None else {}
    how = " (set by hand)" if kr.score_override is not None else ""
    return f"{objective.id}.{number} {kr.text}: {kr.describe(fed)} · score {score_text(kr.score(fed))}{how}"


def _okr_list(args: argparse.Namespace, store: Any, quarter: Any) -> int:
    from focus_tui.review_views import confidence_text, objective_json, objective_views, score_text

    keys = store.key_tasks(include_archived=True)
    views = objective_views(store, quarter, keys)
    if args.json:
        print(json.dumps([objective_json(view) for view in views], ensure_ascii=False, indent=2))
        return 0
    if not views:
        print(f"No objectives for {quarter.label}. Add one: focus okr add \"TEXT\"")
        return 0
    texts = {key.id: key.text for key in keys}
    print(quarter.label)
    for view in views:
        objective = view.objective
        print(f"{objective.id}. {objective.text} · score {score_text(view.score)} · {confidence_text(objective)}")
        for number, kr in enumerate(objective.key_results, start=1):
            parts = [f"{kr.describe(view.fed)}", f"score {score_text(kr.score(view.fed))}"
                     + (" (set by hand)" if kr.score_override is not None else "")]
            if kr.key_task_id is not None:
                name = texts.get(kr.key_task_id)
                parts.append(f"fed by {name!r}" if name else f"fed by key task {kr.key_task_id}")
            print(f"   {objective.id}.{number} {kr.text}: " + " · ".join(parts))
        if objective.warning:
            print(f"   warning: {objective.warning}")
    return 0
