"""Realistic focus-tui data for the benchmark: a person's history of use, built with the app's own
domain constructors, written through the export/import path, then a morning of real changes.

    python bench/generate.py 10k            # 10,000 tasks at the pace of 10k/730 days, into the cache
    python bench/generate.py 50k@730 --out /tmp/dense

Each day of history has, as a person who uses every part of the app would leave it:
- the key task of the day (and, on their first days, of the week and the quarter), each serving the
  stage above, most with a target and progress logs, some with micro goals, a few replaced;
- ranked work of every category and kind: most done, some dropped, some carried to later days or
  sent to the backlog, a few blocked by a named cause and resolved later (people, budget...); at
  each quarter review most of the backlog older than 60 days is dropped, so the open backlog stays
  at a steady size however long the history is (as for anyone who keeps the method);
- batches of small work of one kind, with their planned, done and skipped items, pauses and
  extensions, and the finishing times of their items inside the timebox;
- the end-of-day review (three written lines, the day closed), and week and quarter reviews;
- three objectives a quarter with key results (one fed by the quarter's key task) and a weekly
  confidence;
- routines (the starters plus two of the person's own) with one instance per due day, steps ticked
  and key variables logged.

History is built in memory with domain objects (new_task, edit_task, log_progress, new_blocker,
start_run, write_review, new_objective, new_instance...), so the records are what the app itself
would write; `import_data` into an empty directory reproduces them, ids included, and re-validates
every record with the rules of typed input. A fresh Store then opens the data, so archiving runs as
it would for the real person. Finally "today" (the last day) is played through the real Store API
with a clock that moves through the morning: today's routines, the day's key task, some 100
changes (so the undo log is full, as it is for anyone who has used the app for a while).
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from focus_tui.config import Config  # noqa: E402
from focus_tui.domain.batching import BatchRules, end_run, extend, mark_done, pause_or_resume, plan_batches, skip_to_end, start_run  # noqa: E402
from focus_tui.domain.blockers import Cause, new_blocker, resolve_blocker  # noqa: E402
from focus_tui.domain.clock import FixedClock  # noqa: E402
from focus_tui.domain.keytasks import add_micro_goal, log_progress, new_key_task, toggle_micro_goal  # noqa: E402
from focus_tui.domain.okr import add_key_result, change_key_result, new_objective, record_confidence  # noqa: E402
from focus_tui.domain.periods import Stage, day_period, quarter_period, week_period  # noqa: E402
from focus_tui.domain.review import Review, write_review  # noqa: E402
from focus_tui.domain.routines import complete_instance, log_values, new_instance, new_routine, starter_routines, toggle_step  # noqa: E402
from focus_tui.domain.tasks import Category, Status, Task, edit_task, new_task  # noqa: E402
from focus_tui.storage import Store  # noqa: E402
from focus_tui.storage.exchange import EXPORT_FORMAT, EXPORT_VERSION, import_data  # noqa: E402

GENERATOR_VERSION = 3
"""Bump when the generated data, or what the store does when it first opens it, changes: cached
data sets are keyed by size and this version. (3: objectives now reach the archive a year after
their quarter; a set generated before that rule had each start archive them again.)"""

NOW = datetime.fromisoformat("2026-11-19T10:30:00+00:00")
"""'Now' of every data set: a Thursday morning. The benchmark's clocks start here."""
PACE = 10_000 / 730
"""Tasks per day of the target data set (10,000 over 730 days); other sizes keep this pace."""

KINDS = ["email", "email", "email", "forms", "feedback", "calls", "review", "report", "admin", "writing", "code"]
SMALL_KINDS = {"email", "forms", "feedback", "calls", "admin"}
VERBS = ("Reply to", "Draft", "Review", "Send", "Check", "Update", "Prepare", "Call", "Write", "Fix", "Book",
         "Sort", "Ask", "Plan", "Finish", "Read", "Approve", "Follow up on", "Outline", "Test")
THINGS = ("the venue contract", "Ana's question", "the Q1 budget", "the onboarding doc", "the newsletter",
          "the signup flow", "the expense form", "Bob's feedback", "the board deck", "the hiring plan",
          "the release notes", "the webinar invite", "the metrics report", "the partner email", "the roadmap",
          "the support queue", "the design review", "the survey results", "the travel booking", "the invoice",
          "the community call", "the blog post", "the API change", "the team retro", "the vendor quote")
PEOPLE = ("Marta", "Bob", "Ana", "Luis", "Priya", "Chen", "Sam", "Noor")
WEEKEND_SHARE = 0.3
"""A weekend day has this share of a working day's tasks."""
UNITS = ("signups", "members", "calls", "pages", "demos", "interviews")


def parse_size(text: str) -> tuple[int, int]:
    """'10k' -> (10000, 730): a size keeps the target data set's pace of use (10,000 tasks over 730
    days), so a bigger size is a longer history. 'N@D' gives the days explicitly ('50k@730')."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)([kK]?)(?:@(\d+))?\s*", text)
    if not match:
        raise ValueError(f"{text!r} is not a size such as 1k, 10k, 50k or 50k@730")
    tasks = int(float(match[1]) * (1000 if match[2] else 1))
    days = int(match[3]) if match[3] else max(2, round(tasks / PACE))
    if tasks < 10 or days < 2:
        raise ValueError(f"{text!r} is too small: at least 10 tasks over 2 days")
    return tasks, days


def size_label(tasks: int, days: int) -> str:
    name = f"{tasks // 1000}k" if tasks % 1000 == 0 else str(tasks)
    return name if parse_size(name)[1] == days else f"{name}@{days}"


class History:
    """Records built in memory, by table, with ids assigned in creation order."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.tables: dict[str, dict[int, Any]] = {name: {} for name in (
            "tasks", "key_tasks", "blockers", "batch_runs", "reviews", "objectives", "routines")}

    def add(self, table: str, record: Any) -> int:
        record_id = len(self.tables[table]) + 1
        self.tables[table][record_id] = replace(record, id=record_id)
        return record_id

    def set(self, table: str, record: Any) -> None:
        self.tables[table][record.id] = record

    def payload(self) -> dict[str, Any]:
        tables = {}
        for name, records in self.tables.items():
            tables[name] = [{"id": record_id, **record.to_doc()} for record_id, record in sorted(records.items())]
        return {"format": EXPORT_FORMAT, "format_version": EXPORT_VERSION,
                "next_id": {name: len(records) + 1 for name, records in self.tables.items()}, "tables": tables}


def at(day: date, hour: float) -> datetime:
    """A moment of `day` at a fractional hour, in NOW's time zone."""
    minutes = int(round(hour * 60))
    return datetime.combine(day, time(minutes // 60 % 24, minutes % 60), tzinfo=NOW.tzinfo)


def title(rng: random.Random, number: int) -> str:
    return f"{rng.choice(VERBS)} {rng.choice(THINGS)}" + (f" ({number % 7 + 1})" if rng.random() < 0.3 else "")


def build_history(tasks_wanted: int, days: int, seed: int = 7) -> tuple[History, dict[str, Any]]:
    """Every day before today. Returns the records and what today's script needs (current keys)."""
    history = History(seed)
    rng = history.rng
    today = NOW.date()
    first = today - timedelta(days=days - 1)
    rules = BatchRules()

    # -- routines: the starters and two of the person's own, from the first day ---------------------
    made = first - timedelta(days=1)
    routines = list(starter_routines(at(made, 9), first).values())
    routines.append(new_routine("Morning planning", "daily", at(made, 9), first, kind="planning", minutes=10,
                                steps=["Read yesterday's review", "Pick the day's key task", "Order today's list"],
                                variables=["energy 1..10"]))
    routines.append(new_routine("1:1 prep", "every tuesday", at(made, 9), first, kind="calls", minutes=15,
                                steps=["Collect people blockers", "Write the agenda"]))
    routine_ids = [history.add("routines", routine) for routine in routines]
    routines = [history.tables["routines"][rid] for rid in routine_ids]
    routine_share = sum(1 for day in (first + timedelta(days=n) for n in range(days - 1))
                        for routine in routines if routine.recurrence.hits(day))
    task_budget = max(tasks_wanted - routine_share, days)
    history_days = [first + timedelta(days=n) for n in range(days - 1)]
    weekdays = sum(day.weekday() < 5 for day in history_days)
    per_day = task_budget / max(weekdays + WEEKEND_SHARE * (len(history_days) - weekdays), 1)

    quarter_key = week_key = None
    objective_ids: list[int] = []
    open_backlog: list[int] = []
    pending: dict[date, list[tuple[int, str]]] = {}  # day -> [(task id, what happens to it that day)]
    number = 0

    def finish(task_id: int, moment: datetime, status: Status = Status.DONE, day: date | None = None) -> None:
        task = history.tables["tasks"][task_id]
        history.set("tasks", edit_task(task, moment, today=day, status=status))

    for offset in range(days - 1):
        day = first + timedelta(days=offset)
        weekday = day.weekday() < 5
        morning = at(day, 8.5 + rng.random())

        # -- stages: the quarter's and the week's key tasks on their first day (or the first day of use)
        quarter = quarter_period(day)
        if quarter_key is None or history.tables["key_tasks"][quarter_key].period_start != quarter.start:
            if quarter_key is not None:
                # The quarter review is when stale backlog goes: most of what waited 60 days is dropped.
                stale = [task_id for task_id in open_backlog
                         if history.tables["tasks"][task_id].created.date() < day - timedelta(days=60) and rng.random() < 0.8]
                for task_id in stale:
                    open_backlog.remove(task_id)
                    finish(task_id, morning, Status.DROPPED, day)
                history.add("reviews", _stage_review(rng, Stage.QUARTER, history.tables["key_tasks"][quarter_key].period_start, morning))
            key = new_key_task(quarter, f"Grow the community to {rng.choice([4, 5, 6])},000 members", morning,
                               purpose="Members are the product", target=rng.choice([3000, 4000, 5000]),
                               unit="members", objective="Community-led growth")
            quarter_key = history.add("key_tasks", key)
            objective_ids = []
            for index, text in enumerate(("Grow an engaged community", "Ship the new onboarding", "Make support self-serve")):
                objective = new_objective(quarter.start, text, morning, index)
                objective = add_key_result(objective, morning, "Members", 5000, "members", key_task_id=quarter_key if index == 0 else None)
                objective = add_key_result(objective, morning, "Weekly active share", 40, "%")
                objective = add_key_result(objective, morning, "Events run", 6, "events")
                objective_ids.append(history.add("objectives", objective))
        week = week_period(day)
        if week_key is None or history.tables["key_tasks"][week_key].period_start != week.start:
            if week_key is not None:
                history.add("reviews", _stage_review(rng, Stage.WEEK, history.tables["key_tasks"][week_key].period_start, morning))
                for objective_id in objective_ids:
                    objective = history.tables["objectives"][objective_id]
                    objective = record_confidence(objective, week.start, rng.randint(4, 9), morning)
                    objective = change_key_result(objective, 2, morning, done=rng.randint(5, 40))
                    history.set("objectives", objective)
            key = new_key_task(week, f"Launch {rng.choice(THINGS)}", morning, purpose="A first win for new members",
                               target=rng.choice([20, 40, 60]), unit="signups", parent_id=quarter_key)
            week_key = history.add("key_tasks", key)

        # -- the day's key task: most have a target or micro goals; a few are replaced during the day
        if rng.random() < 0.05:
            old = new_key_task(day_period(day), f"Run {rng.choice(THINGS)}", morning, parent_id=week_key)
            history.add("key_tasks", replace(old, replaced=morning + timedelta(minutes=40)))
        with_target = rng.random() < 0.5
        day_key_obj = new_key_task(day_period(day), f"{rng.choice(VERBS)} {rng.choice(THINGS)}", morning,
                                   purpose="It moves the week's key task", parent_id=week_key,
                                   target=rng.choice([3, 5, 8, 12]) if with_target else None,
                                   unit=rng.choice(UNITS) if with_target else None)
        if not with_target and rng.random() < 0.7:
            for step in range(rng.randint(2, 4)):
                day_key_obj = add_micro_goal(day_key_obj, f"Step {step + 1}: {rng.choice(VERBS).lower()} {rng.choice(THINGS)}", morning)
            for index in range(len(day_key_obj.micro_goals)):
                if rng.random() < 0.7:
                    day_key_obj = toggle_micro_goal(day_key_obj, index, morning + timedelta(hours=index + 1))
        day_key = history.add("key_tasks", day_key_obj)
        if weekday:
            for key_id, low, high in ((quarter_key, 20, 90), (week_key, 1, 6), (day_key if with_target else None, 1, 4)):
                if key_id is None:
                    continue
                key = history.tables["key_tasks"][key_id]
                for entry in range(rng.randint(1, 2)):
                    key = log_progress(key, rng.randint(low, high), at(day, 11 + 3 * entry + rng.random()), day)
                history.set("key_tasks", key)

        # -- routine instances of the day
        for routine in routines:
            if not routine.recurrence.hits(day):
                continue
            instance_id = history.add("tasks", new_instance(routine, day, at(day, 4.5)))
            instance = history.tables["tasks"][instance_id]
            done_at = at(day, 9 + rng.random() * 8)
            roll = rng.random()
            if roll < 0.85:
                instance = complete_instance(instance, done_at)
                if routine.variables:
                    variable = routine.variables[0]
                    instance = log_values(instance, routine, {variable.name: rng.randint(0, 10)}, done_at)
            elif roll < 0.95 and instance.steps:
                instance = toggle_step(instance, 0, done_at)
                instance = edit_task(instance, at(day, 18), status=Status.DROPPED)
            else:
                instance = edit_task(instance, at(day, 18), status=Status.DROPPED)
            history.set("tasks", instance)

        # -- the day's own work, and work carried in from earlier days
        mean = per_day if weekday else per_day * WEEKEND_SHARE
        count = max(0, int(round(rng.gauss(mean, mean * 0.25))))
        todays: list[int] = []
        for _ in range(count):
            number += 1
            kind = rng.choice(KINDS)
            small = kind in SMALL_KINDS and rng.random() < 0.8
            minutes = rng.choice([5, 5, 10, 15]) if small else rng.choice([None, 30, 45, 60, 90, 120])
            category = Category.TRANSACTIONAL if small else rng.choice([Category.PLANNING, Category.ROUTINE, Category.ROUTINE])
            created = at(day, 8 + rng.random() * 8)
            fields: dict[str, Any] = dict(category=category, kind=kind, minutes=minutes, day=day)
            if rng.random() < 0.15:
                fields["purpose"] = f"So that {rng.choice(THINGS)} is ready"
            if rng.random() < 0.08:
                fields["notes"] = f"Ask {rng.choice(PEOPLE)} first; see {rng.choice(THINGS)}."
            if rng.random() < 0.1:
                fields["due"] = day + timedelta(days=rng.randint(0, 5))
            if rng.random() < 0.03:
                fields["directive"] = True
            if rng.random() < 0.12:
                fields["key_task_id"] = day_key
            if rng.random() < 0.03 and not small:
                fields["small"] = True
            if rng.random() < 0.05:
                fields["day"] = None  # straight to the backlog
            task_id = history.add("tasks", new_task(title(rng, number), created, **fields))
            if fields["day"] is None:
                open_backlog.append(task_id)
            else:
                todays.append(task_id)
        # the backlog: now and then something from it is scheduled today
        while open_backlog and rng.random() < 0.3:
            task_id = open_backlog.pop(rng.randrange(len(open_backlog)))
            history.set("tasks", edit_task(history.tables["tasks"][task_id], morning, today=day, day=day))
            todays.append(task_id)
        todays += [task_id for task_id, _ in pending.pop(day, [])]

        # -- fates: done (in a batch when small), dropped, blocked, carried, to the backlog
        small_done: list[Task] = []
        unfinished: list[int] = []
        for task_id in todays:
            task = history.tables["tasks"][task_id]
            if not task.is_open:
                continue
            roll = rng.random()
            if roll < 0.03 and day < today - timedelta(days=1) or roll < 0.01:
                blocked_at = at(day, 10 + rng.random() * 6)
                cause = rng.choice(list(Cause))
                blocker = new_blocker(task, cause, blocked_at, note=f"waiting on {rng.choice(THINGS)}",
                                      person=rng.choice(PEOPLE) if cause is Cause.PEOPLE else None)
                history.set("tasks", edit_task(task, blocked_at, status=Status.BLOCKED))
                resolved_day = day + timedelta(days=rng.choice([0, 1, 1, 2, 3, 5]))
                if resolved_day < today:
                    resolved_at = max(at(resolved_day, 15 + rng.random() * 2), blocked_at + timedelta(minutes=30))
                    blocker = resolve_blocker(blocker, resolved_at, note=rng.choice(["asked for access", "talked it through",
                                                                                    "budget approved", "changed the approach"]),
                                              root_fixed=rng.random() < 0.6)
                    reopened = edit_task(history.tables["tasks"][task_id], resolved_at, today=resolved_day,
                                         status=Status.TODO, day=resolved_day)
                    history.set("tasks", edit_task(reopened, resolved_at + timedelta(minutes=30 + rng.randint(0, 90)),
                                                   status=Status.DONE))
                history.add("blockers", blocker)
            elif roll < 0.80:
                if task.kind in SMALL_KINDS and (task.minutes or 0) <= rules.small_task_minutes:
                    small_done.append(task)
                else:
                    finish(task_id, at(day, 9 + rng.random() * 8.5))
            elif roll < 0.84:
                finish(task_id, at(day, 17.5), Status.DROPPED)
            else:
                unfinished.append(task_id)

        # small work goes in batches of one kind, each item finished inside its timebox
        clock = at(day, 10)
        for batch in plan_batches(small_done, rules):
            if rng.random() < 0.25:  # done one by one, outside a batch
                for task in batch.items:
                    finish(task.id, at(day, 9 + rng.random() * 8))
                continue
            run = start_run(batch, clock, rules)
            moment = clock
            for index, task in enumerate(batch.items):
                if rng.random() < 0.1 and index < len(batch.items) - 1:
                    run = skip_to_end(run, task.id)
                moment += timedelta(minutes=rng.randint(2, 9))
                finish(task.id, moment)
                run = mark_done(run, task.id)
            if rng.random() < 0.2:
                run = pause_or_resume(run, moment)
                moment += timedelta(minutes=rng.randint(3, 12))
                run = pause_or_resume(run, moment)
            if rng.random() < 0.15:
                run = extend(run)
            run = end_run(run, moment, rng.choice(["done", "done", "timebox", "stopped"]))
            history.add("batch_runs", run)
            clock = moment + timedelta(minutes=rng.randint(20, 60))

        # -- end of day: every unfinished task gets a decision; most days are reviewed and closed
        evening = at(day, 17.75)
        for task_id in unfinished:
            task = history.tables["tasks"][task_id]
            roll = rng.random()
            if roll < 0.6:
                later = day + timedelta(days=rng.choice([1, 1, 1, 2, 3]))
                history.set("tasks", edit_task(task, evening, today=day, day=later))
                if later < today:
                    pending.setdefault(later, []).append((task_id, "carried"))
            elif roll < 0.85:
                history.set("tasks", edit_task(task, evening, today=day, day=None))
                open_backlog.append(task_id)
            else:
                finish(task_id, evening, Status.DROPPED, day)
        if rng.random() < (0.9 if weekday else 0.3):
            review = write_review(Review(Stage.DAY, day), evening,
                                  highlights=f"Finished {rng.choice(THINGS)}",
                                  shortcomings=rng.choice(["", "Too many switches after lunch", "Started late"]),
                                  tomorrow=f"Start with {rng.choice(THINGS)}")
            history.add("reviews", replace(review, closed=evening + timedelta(minutes=5), changed=evening + timedelta(minutes=5)))
        # the backlog slowly gets finished or dropped
        if open_backlog and rng.random() < 0.35:
            task_id = open_backlog.pop(rng.randrange(len(open_backlog)))
            finish(task_id, at(day, 18.5), rng.choice([Status.DONE, Status.DROPPED]), day)

    return history, {"quarter_key": quarter_key, "week_key": week_key}


def _stage_review(rng: random.Random, stage: Stage, start: date, now: datetime) -> Review:
    return write_review(Review(stage, start), now, highlights=f"Shipped {rng.choice(THINGS)}",
                        shortcomings="Blockers sat too long before I raised them",
                        changes="Batched email twice a day", rules="Name the blocker's cause the same day",
                        actions=f"Finish {rng.choice(THINGS)}\nHire a community lead")


def play_today(store: Store, clock: FixedClock, seed: int = 11) -> None:
    """The morning of the last day, through the real API: some 100 changes, like a real person's."""
    from focus_tui.stages import log_stage_progress, set_key_task

    rng = random.Random(seed)
    config = Config()
    today = NOW.date()
    clock.set(at(today, 8.5))
    store.ensure_routine_instances(today)
    day_key = set_key_task(store, config, Stage.DAY, "Run the launch webinar", target=8, unit="calls",
                           purpose="Show the new flow to 200 people")
    for step in ("Send the invite", "Rehearse the demo", "Prepare Q&A answers"):
        store.update_key_task(day_key.id, lambda key, step=step: add_micro_goal(key, step, clock.now()), "add a step to")
    added = []
    specs = [("Draft the Q1 community plan", "planning", "planning", 90), ("Weekly metrics report", "routine", "report", 30),
             ("Review the beta feedback", "routine", "feedback", 15), ("Send the board deck to Marta", "routine", None, 20)]
    specs += [(f"Reply to {person} about {rng.choice(THINGS)}", "transactional", "email", rng.choice([5, 10]))
              for person in PEOPLE[:6]]
    specs += [(f"{rng.choice(VERBS)} {rng.choice(THINGS)}", rng.choice(["planning", "routine", "transactional"]),
               rng.choice(KINDS), rng.choice([5, 15, 30, 60])) for _ in range(12)]
    for index, (text, category, kind, minutes) in enumerate(specs):
        clock.advance(minutes=2)
        task = new_task(text, clock.now(), category=Category(category), kind=kind, minutes=minutes, day=today,
                        directive=index == 3, key_task_id=day_key.id if index == 2 else None)
        added.append(store.add_task(task))
    changes = 0
    while changes < 80:
        clock.advance(minutes=1)
        task = rng.choice(added[4:])
        roll = rng.random()
        if roll < 0.35:
            store.edit_task(task.id, title=f"{task.title.split(' (')[0]} ({changes})")
        elif roll < 0.55:
            log_stage_progress(store, config, rng.choice([Stage.WEEK, Stage.QUARTER, Stage.DAY]), rng.randint(1, 3))
        elif roll < 0.7:
            store.edit_task(task.id, minutes=rng.choice([5, 10, 15, 30]))
        elif roll < 0.85:
            store.edit_task(task.id, notes=f"note {changes}")
        else:
            store.update_key_task(day_key.id, lambda key: toggle_micro_goal(key, rng.randrange(3), clock.now()), "tick a step of")
        changes += 1
    store.start_task(added[0].id)
    store.complete_task(added[5].id)
    store.complete_task(added[6].id)
    store.block_task(added[7].id, Cause.PEOPLE, note="waiting for the venue answer", person="Ana")
    clock.set(NOW)


def generate(out: Path, tasks: int, days: int, seed: int = 7) -> dict[str, Any]:
    """Write the data set into `out` (made empty first). Returns counts for the report."""
    if out.exists():
        shutil.rmtree(out)
    history, _ = build_history(tasks, days, seed)
    clock = FixedClock(at(NOW.date(), 4.5))
    importer = Store(out, clock).open()
    counts = import_data(importer, history.payload())
    importer.close()
    store = Store(out, clock).open()  # a fresh start: archiving runs as it would for the person
    play_today(store, clock)
    store.close()
    live = Store(out, FixedClock(NOW)).open()
    info = {"tasks": len(live.tasks(include_archived=True)), "days": days, "live_tasks": len(live.tasks()),
            "live_bytes": live.data_file.stat().st_size,
            "archive_bytes": sum(path.stat().st_size for path in live.archive_dir.glob("*.json")),
            "imported": counts}
    live.close()
    return info


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("size", help="1k, 10k, 50k, or N@DAYS such as 50k@730")
    parser.add_argument("--out", required=True, help="the data directory to write (replaced)")
    args = parser.parse_args()
    tasks, days = parse_size(args.size)
    info = generate(Path(args.out), tasks, days)
    print(info)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
