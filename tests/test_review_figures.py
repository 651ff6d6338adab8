"""The figures of a review, pure (no storage): planned vs done, by category, switches saved, batches,
blockers by cause, key-task pace, the 14-day trend, the stand-up and the written part.

The heart of this file is a generator of several weeks of realistic work (seeded): tasks in the three
categories are planned, finished on their day or late at night, carried over day to day with the
clock moving, dropped, sent to the backlog, finished a day late, blocked and unblocked, done without
being planned; batches are run; day key tasks get progress. The generator keeps its OWN log of what
it did (which lists each task was on, the work day it was finished or dropped, which blockers it
opened and resolved on which days, how long each batch ran), and every figure is checked against a
straightforward recount of that log, never against the helpers that compute the figures.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from focus_tui.domain.batching import BatchRules, BatchRun
from focus_tui.domain.blockers import Blocker, Cause, new_blocker, resolve_blocker
from focus_tui.domain.keytasks import KeyTask, add_micro_goal, log_progress, new_key_task, toggle_micro_goal
from focus_tui.domain.pacing import ALL_DAYS, WEEKDAYS
from focus_tui.domain.periods import Period, Stage, day_period, quarter_period, week_period
from focus_tui.domain.review import (
    DAY_HEADINGS,
    STAGE_HEADINGS,
    TREND_DAYS,
    Figures,
    Review,
    clean_written,
    compute_figures,
    done_on,
    key_figures,
    key_percent,
    review_days,
    standup_text,
    trend,
    was_planned_on,
    write_review,
)
from focus_tui.domain.tasks import Category, Status, Task, edit_task, new_task
from focus_tui.domain.validation import ValidationError
from focus_tui.review_views import key_line, totals_line

UTC = timezone.utc
DSH = 4
RULES = BatchRules()  # small: 15 minutes or less

# The week of 16 November 2026 for the hand-made cases; "now" is Thursday afternoon.
MON, TUE, WED, THU, FRI, SAT, SUN = (date(2026, 11, 16) + timedelta(days=n) for n in range(7))
THU_NOW = datetime(2026, 11, 19, 15, 0, tzinfo=UTC)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """A moment on `day`; an hour of 24 or more is that night, after midnight."""
    return datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(hours=hour, minutes=minute)


def ids(tasks) -> set[int]:
    return {task.id for task in tasks}


def a_task(task_id: int, title: str, created: datetime, **fields) -> Task:
    return replace(new_task(title, created, **fields), id=task_id)


def figures_of(period: Period, tasks=(), blockers=(), runs=(), keys=(), *, today: date = THU,
               now: datetime = THU_NOW, day_start_hour: int = DSH, rules: BatchRules = RULES) -> Figures:
    return compute_figures(period.stage, period, today, now, list(tasks), list(blockers), list(runs), list(keys),
                           rules, day_start_hour)


# ============================================================================================
# The generator of realistic weeks, with its own log
# ============================================================================================

GEN_START = date(2026, 10, 19)  # a Monday: five weeks up to...
GEN_TODAY = date(2026, 11, 19)  # ...this Thursday
GEN_NOW = datetime(2026, 11, 19, 16, 0, tzinfo=UTC)

VERBS = ("Reply to", "Review", "Draft", "Call", "File", "Plan", "Update", "Check")
NOUNS = ("the venue", "Ana's budget", "the Q1 plan", "the beta feedback", "the expense form", "the newsletter",
         "the onboarding flow", "the supplier", "the metrics report", "Marta's deck")
KINDS = ("email", "forms", "calls", "report", None)
MINUTES = (5, 10, 15, 15, 20, 30, 45, 60, 90, None)
PEOPLE = ("Ana", "Marta", "Lee")


@dataclass
class Log:
    """What the generator did, in its own terms."""

    lists: dict[int, set[date]] = field(default_factory=dict)
    """For each task, the days whose list it was on (as the generator put it there)."""
    done: dict[int, date] = field(default_factory=dict)
    dropped: dict[int, date] = field(default_factory=dict)
    category: dict[int, Category] = field(default_factory=dict)
    small: dict[int, bool] = field(default_factory=dict)
    kind: dict[int, str | None] = field(default_factory=dict)
    created: dict[int, datetime] = field(default_factory=dict)
    finished_at: dict[int, datetime] = field(default_factory=dict)
    title: dict[int, str] = field(default_factory=dict)
    blockers: list[tuple[int, Cause, date, date | None]] = field(default_factory=list)
    """(task id, cause, work day opened, work day resolved or None)."""
    runs: list[tuple[date, int, int]] = field(default_factory=list)
    """(work day started, minutes worked, distinct items done)."""
    key_percent: dict[date, float] = field(default_factory=dict)


@dataclass
class World:
    tasks: list[Task]
    blockers: list[Blocker]
    runs: list[BatchRun]
    day_keys: dict[date, KeyTask]
    log: Log
    start: date
    today: date
    now: datetime


class Generator:
    def __init__(self, seed: int, start: date = GEN_START, today: date = GEN_TODAY, now: datetime = GEN_NOW) -> None:
        self.rng = random.Random(seed)
        self.start, self.today, self.now = start, today, now
        self.tasks: dict[int, Task] = {}
        self.last: dict[int, datetime] = {}
        self.blockers: list[Blocker] = []
        self.runs: list[BatchRun] = []
        self.day_keys: dict[date, KeyTask] = {}
        self.log = Log()
        self.tick = 0

    # -- calendar
    def work_days(self) -> list[date]:
        days, day = [], self.start
        while day <= self.today:
            if day.weekday() < 5:
                days.append(day)
            day += timedelta(days=1)
        return days

    @staticmethod
    def next_work_day(day: date) -> date:
        day += timedelta(days=1)
        while day.weekday() >= 5:
            day += timedelta(days=1)
        return day

    def unique(self, moment: datetime) -> datetime:
        """No two events share a moment, so orders never depend on tie-breaks."""
        self.tick += 1
        return moment + timedelta(microseconds=self.tick)

    # -- task events, each after the task's previous one
    def create(self, created: datetime, lists: set[date], **fields) -> int:
        task_id = len(self.tasks) + 1
        minutes = self.rng.choice(MINUTES)
        small_flag = self.rng.random() < 0.1
        kind = self.rng.choice(KINDS)
        category = self.rng.choice(list(Category))
        title = f"{self.rng.choice(VERBS)} {self.rng.choice(NOUNS)} #{task_id}"
        created = self.unique(created)
        task = a_task(task_id, title, created, category=category, kind=kind, minutes=minutes, small=small_flag,
                      **fields)
        self.tasks[task_id] = task
        self.last[task_id] = created
        log = self.log
        log.lists[task_id] = set(lists)
        log.category[task_id] = category
        log.small[task_id] = small_flag or (minutes is not None and minutes <= 15)
        log.kind[task_id] = kind
        log.created[task_id] = created
        log.title[task_id] = title
        return task_id

    def edit(self, task_id: int, moment: datetime, **changes) -> datetime:
        moment = self.unique(max(moment, self.last[task_id] + timedelta(minutes=1)))
        assert moment <= self.now
        self.tasks[task_id] = edit_task(self.tasks[task_id], moment, **changes)
        self.last[task_id] = moment
        return moment

    def finish(self, task_id: int, day: date, status: Status = Status.DONE) -> None:
        """Finish on work day `day`: in working hours, or (not today) late that night."""
        if day < self.today and self.rng.random() < 0.15:
            moment = at(day, 24 + self.rng.randint(0, 3), self.rng.randint(0, 59))  # 00:00-03:59 next morning
        else:
            moment = at(day, self.rng.randint(9, 14), self.rng.randint(0, 59))
        moment = self.edit(task_id, moment, status=status)
        (self.log.done if status is Status.DONE else self.log.dropped)[task_id] = day
        self.log.finished_at[task_id] = moment

    # -- one day's work
    def planned_task(self, day: date) -> None:
        rng = self.rng
        if rng.random() < 0.7:
            created = at(day, 8, rng.randint(0, 50))
        else:
            created = at(day - timedelta(days=1), 19, rng.randint(0, 50))  # planned the evening before
        fate = rng.choices(["done", "carry", "drop", "late", "backlog", "blocked", "ahead"],
                           weights=[40, 20, 7, 8, 6, 10, 5])[0]
        nxt = self.next_work_day(day)
        if fate == "ahead":
            # Scheduled two work days out, then pushed one further before that day came: only the
            # final day's list ever held it.
            first = self.next_work_day(nxt)
            final = self.next_work_day(first)
            if final > self.today:
                fate = "done"
            else:
                task_id = self.create(created, {final}, day=first)
                self.edit(task_id, at(day, 12), day=final)
                self.finish(task_id, final)
                return
        task_id = self.create(created, {day}, day=day)
        if fate == "done":
            self.finish(task_id, day)
        elif fate == "drop":
            self.edit(task_id, at(day, 15, rng.randint(0, 30)), status=Status.DROPPED)
            self.log.dropped[task_id] = day
        elif fate == "late":
            # Left on its day, picked up the next: on that day's list, done there.
            if day.weekday() < 4 and day + timedelta(days=1) <= self.today:
                late = day + timedelta(days=1)
                self.log.lists[task_id].add(late)
                if late == self.today and rng.random() < 0.4:
                    return  # still open, overdue, on today's list
                self.finish(task_id, late)
            else:
                self.finish(task_id, day)
        elif fate == "backlog":
            if day < self.today:
                self.edit(task_id, at(day, 18, rng.randint(0, 50)), day=None)
            # (today: simply still open)
        elif fate == "carry":
            current, carries = day, 0
            while carries < 3:
                following = self.next_work_day(current)
                if following > self.today or (carries and rng.random() > 0.55):
                    break
                self.edit(task_id, at(current, 18, 30 + rng.randint(0, 20)), day=following)
                self.log.lists[task_id].add(following)
                current, carries = following, carries + 1
            ending = rng.choice(["done", "drop", "backlog"] if current < self.today else ["done", "open"])
            if ending == "done":
                self.finish(task_id, current)
            elif ending == "drop":
                self.edit(task_id, at(current, 16, rng.randint(0, 30)), status=Status.DROPPED)
                self.log.dropped[task_id] = current
            elif ending == "backlog":
                self.edit(task_id, at(current, 18, rng.randint(0, 50)), day=None)
        elif fate == "blocked":
            self.blocked(task_id, day)

    def blocked(self, task_id: int, day: date, wait: int | None | str = "any", night_open: bool | None = None,
                night_resolve: bool | None = None) -> None:
        rng = self.rng
        cause = rng.choice(list(Cause))
        person = rng.choice(PEOPLE) if cause is Cause.PEOPLE and rng.random() < 0.8 else None
        night = day < self.today and (rng.random() < 0.2 if night_open is None else night_open)
        # (blocked after midnight: still this work day)
        opened = self.edit(task_id, at(day, 25 if night else 11, rng.randint(0, 59)), status=Status.BLOCKED)
        blocker = replace(new_blocker(replace(self.tasks[task_id], status=Status.TODO), cause, opened,
                                      note="waiting", person=person), id=len(self.blockers) + 1)
        if wait == "any":
            wait = rng.choice([0, 0, 1, 1, 2, 3, None])
        resolved_day = day
        for _ in range(wait or 0):
            resolved_day = self.next_work_day(resolved_day)
        if wait is None or resolved_day > self.today:
            self.blockers.append(blocker)
            self.log.blockers.append((task_id, cause, day, None))
            self.log.lists[task_id].add(self.today)  # open and overdue: on today's list
            return
        hour = 14 if resolved_day == day else 10
        if resolved_day < self.today and (rng.random() < 0.25 if night_resolve is None else night_resolve):
            hour = 24 + rng.randint(0, 2)  # sorted out after midnight: still that work day
        moment = self.edit(task_id, at(resolved_day, hour, rng.randint(0, 59)), status=Status.TODO)
        self.blockers.append(resolve_blocker(blocker, moment, note="sorted"))
        self.log.blockers.append((task_id, cause, day, resolved_day))
        # Parked on its day while blocked (not carried), then taken up and done on the day it was
        # freed: on that day's list too. The days in between, where it sat parked, are not counted.
        self.log.lists[task_id].add(resolved_day)
        moment = self.edit(task_id, at(resolved_day, 15, rng.randint(0, 30)), status=Status.DONE)
        self.log.done[task_id] = resolved_day
        self.log.finished_at[task_id] = moment

    def unplanned_task(self, day: date) -> None:
        """From the backlog, never scheduled: done, but on no list."""
        created = at(self.start - timedelta(days=self.rng.randint(1, 20)), 9, self.rng.randint(0, 59))
        task_id = self.create(created, set())
        self.finish(task_id, day)

    def due_task(self, day: date) -> None:
        """No day of its own, due on `day`: on that day's list."""
        created = at(day - timedelta(days=self.rng.randint(1, 6)), 10)
        task_id = self.create(created, {day}, due=day)
        if day == self.today and self.rng.random() < 0.5:
            return
        self.finish(task_id, day)

    def batch_runs(self, day: date) -> None:
        rng = self.rng
        done_here = sorted(task_id for task_id, finished in self.log.done.items() if finished == day)
        count = rng.choice([0, 1, 1, 2])
        for number in range(count):
            if day < self.today and rng.random() < 0.15:
                started = at(day, 24, rng.randint(0, 60))  # after midnight: still this work day
            else:
                started = at(day, 9 + 3 * number, rng.randint(0, 40))
            worked = rng.randint(5, 45)
            paused = rng.choice([0, 0, 5, 12])
            pauses = ((started + timedelta(minutes=3), started + timedelta(minutes=3 + paused)),) if paused else ()
            items = tuple(rng.sample(done_here, min(len(done_here), rng.randint(0, 3))))
            run = BatchRun(kind=rng.choice(["email", "forms", "calls"]), planned=items, timebox=30, started=started,
                           id=len(self.runs) + 1, pauses=pauses, done=items,
                           ended=started + timedelta(minutes=worked + paused), end_reason="finished")
            self.runs.append(run)
            self.log.runs.append((day, worked, len(items)))
        if day == self.today:
            started = self.now - timedelta(minutes=25)  # running now
            self.runs.append(BatchRun(kind="email", planned=(), timebox=30, started=started, id=len(self.runs) + 1))
            self.log.runs.append((day, 25, 0))

    def day_key(self, day: date) -> None:
        rng = self.rng
        if rng.random() < 0.4:
            return
        key = replace(new_key_task(day_period(day), f"Key of {day:%a %d %b}", at(day, 8), target=rng.choice(
            [None, 10, 40, 200])), id=len(self.day_keys) + 1)
        if key.target is not None:
            total = 0.0
            for _ in range(rng.randint(0, 3)):
                amount = rng.randint(1, int(key.target * 0.6))
                key = log_progress(key, amount, at(day, 13), day)
                total += amount
            self.log.key_percent[day] = min(total / key.target, 1.0) * 100
        else:
            goals = rng.randint(1, 5)
            ticked = rng.randint(0, goals)
            for number in range(goals):
                key = add_micro_goal(key, f"step {number + 1}", at(day, 8))
            for index in range(ticked):
                key = toggle_micro_goal(key, index, at(day, 12))
            self.log.key_percent[day] = ticked / goals * 100
        self.day_keys[day] = key

    def run(self) -> World:
        rng = self.rng
        for day in self.work_days():
            for _ in range(rng.randint(3, 7)):
                self.planned_task(day)
            for _ in range(rng.choice([0, 0, 1, 2])):
                self.unplanned_task(day)
            if rng.random() < 0.3:
                self.due_task(day)
            self.batch_runs(day)
            self.day_key(day)
        # A blocker open across several days, still open today.
        stuck_day = self.work_days()[-4]
        self.blocked(self.create(at(stuck_day, 8), {stuck_day}, day=stuck_day), stuck_day, wait=None, night_open=True)
        # And one sorted out after midnight, a day after it was raised.
        late_day = self.work_days()[-6]
        self.blocked(self.create(at(late_day, 8), {late_day}, day=late_day), late_day, wait=1, night_resolve=True)
        # A Saturday of unplanned work, and work scheduled beyond today.
        saturday = self.start + timedelta(days=5)
        self.unplanned_task(saturday)
        for offset in (1, 4):
            self.create(self.now - timedelta(hours=1), set(), day=self.today + timedelta(days=offset))
        return World(list(self.tasks.values()), self.blockers, self.runs, self.day_keys, self.log,
                     self.start, self.today, self.now)


def generate(seed: int, **kwargs) -> World:
    return Generator(seed, **kwargs).run()


# -- the recount, from the log only -------------------------------------------------------------
def switches(kinds: list) -> int:
    return sum(1 for before, after in zip(kinds, kinds[1:]) if before != after)


@dataclass
class Expected:
    planned: set[int]
    done: set[int]
    dropped: set[int]
    by_category: dict[Category, tuple[int, int]]
    runs: int
    minutes: int
    items: int
    small_done: int
    switches_made: int
    switches_added: int
    opened: dict[Cause, int]
    resolved: dict[Cause, int]
    still_open: dict[Cause, int]
    open_titles: list[str]


def expected_for(log: Log, days: list[date]) -> Expected:
    span = set(days)
    last = max(days)
    planned = {task_id for task_id, lists in log.lists.items() if lists & span}
    done = {task_id for task_id, day in log.done.items() if day in span}
    dropped = {task_id for task_id, day in log.dropped.items() if day in span}
    by_category = {
        category: (sum(1 for t in planned if log.category[t] is category),
                   sum(1 for t in done if log.category[t] is category))
        for category in Category
    }
    runs = [(minutes, items) for day, minutes, items in log.runs if day in span]
    small = [t for t in done if log.small[t]]
    made = switches([log.kind[t] for t in sorted(small, key=lambda t: log.finished_at[t])])
    added = switches([log.kind[t] for t in sorted(small, key=lambda t: log.created[t])])
    opened = {c: 0 for c in Cause}
    resolved = {c: 0 for c in Cause}
    still_open = {c: 0 for c in Cause}
    open_titles = []
    for task_id, cause, opened_day, resolved_day in log.blockers:
        opened[cause] += opened_day in span
        resolved[cause] += resolved_day is not None and resolved_day in span
        if opened_day <= last and (resolved_day is None or resolved_day > last):
            still_open[cause] += 1
            open_titles.append(log.title[task_id])
    return Expected(planned, done, dropped, by_category, len(runs), sum(m for m, _ in runs), sum(i for _, i in runs),
                    len(small), made, added, opened, resolved, still_open, sorted(open_titles))


def assert_matches_log(figures: Figures, log: Log, days: list[date]) -> None:
    want = expected_for(log, days)
    assert list(figures.days) == days
    assert len(figures.planned) == len(ids(figures.planned)), "a task counted twice"
    assert ids(figures.planned) == want.planned
    assert ids(figures.done) == want.done
    assert ids(figures.dropped) == want.dropped
    assert ids(figures.unfinished) == want.planned - want.done - want.dropped
    assert figures.done_of_planned == len(want.done & want.planned)
    assert figures.unplanned_done == len(want.done - want.planned)
    assert {c: (row.planned, row.done) for c, row in figures.by_category.items()} == want.by_category
    assert (figures.batches.runs, figures.batches.items_done) == (want.runs, want.items)
    assert figures.batches.minutes == pytest.approx(want.minutes)
    assert figures.batches.small_done == want.small_done
    assert (figures.batches.switches_made, figures.batches.switches_would_have) == (want.switches_made,
                                                                                   want.switches_added)
    assert figures.batches.switches_saved == max(want.switches_added - want.switches_made, 0)
    assert dict(figures.blockers.opened) == want.opened
    assert dict(figures.blockers.resolved) == want.resolved
    assert dict(figures.blockers.still_open) == want.still_open
    assert sorted(line.task_title for line in figures.blockers.open_now) == want.open_titles


def every_day(world: World) -> list[date]:
    return [world.start + timedelta(days=n) for n in range((world.today - world.start).days + 1)]


SEEDS = [7, 2026, 31337]


@pytest.fixture(scope="module", params=SEEDS)
def world(request) -> World:
    return generate(request.param)


def test_the_generator_makes_realistic_varied_weeks(world: World) -> None:
    """Guard on the generator itself: every kind of story the checks rely on does occur."""
    log = world.log
    assert len(world.tasks) > 100
    carried = [t for t in world.tasks if len(t.carried_from) >= 2]
    assert carried, "no task carried over two days"
    assert any(len(lists) == 0 and t in log.done for t, lists in log.lists.items()), "no unplanned done task"
    assert log.dropped and any(t.day is None and t.is_open for t in world.tasks)
    assert any(finished.hour < DSH for finished in log.finished_at.values()), "nothing finished after midnight"
    assert any(resolved is None for *_, resolved in log.blockers)
    assert any(resolved is not None and resolved > opened for _, _, opened, resolved in log.blockers)
    assert {category for category in log.category.values()} == set(Category)
    assert any(run.started.hour < DSH for run in world.runs)
    assert any(b.opened.hour < DSH for b in world.blockers) and any(
        b.resolved is not None and b.resolved.hour < DSH for b in world.blockers), "no blocker event after midnight"
    assert log.key_percent and any(key.micro_goals for key in world.day_keys.values())


def test_each_day_matches_the_log(world: World) -> None:
    for day in every_day(world):
        figures = figures_of(day_period(day), world.tasks, world.blockers, world.runs,
                             today=world.today, now=world.now)
        assert_matches_log(figures, world.log, [day])


def test_each_week_matches_the_log(world: World) -> None:
    start = world.start
    while start <= world.today:
        week = week_period(start)
        days = review_days(week, world.today)
        figures = figures_of(week, world.tasks, world.blockers, world.runs, today=world.today, now=world.now)
        assert_matches_log(figures, world.log, list(days))
        start += timedelta(days=7)


def test_the_quarter_matches_the_log(world: World) -> None:
    quarter = quarter_period(world.today)
    figures = figures_of(quarter, world.tasks, world.blockers, world.runs, today=world.today, now=world.now)
    days = [quarter.start + timedelta(days=n) for n in range((world.today - quarter.start).days + 1)]
    assert_matches_log(figures, world.log, days)
    assert len(figures.done) > 80


def test_a_week_is_the_sum_of_its_days(world: World) -> None:
    week = week_period(world.today - timedelta(days=7))
    figures = figures_of(week, world.tasks, world.blockers, world.runs, today=world.today, now=world.now)
    daily = [figures_of(day_period(day), world.tasks, world.blockers, world.runs, today=world.today, now=world.now)
             for day in week.days()]
    assert len(figures.done) == sum(len(day.done) for day in daily)
    assert len(figures.dropped) == sum(len(day.dropped) for day in daily)
    assert ids(figures.planned) == set().union(*(ids(day.planned) for day in daily))
    assert figures.batches.runs == sum(day.batches.runs for day in daily)
    for cause in Cause:
        assert figures.blockers.opened[cause] == sum(day.blockers.opened[cause] for day in daily)
        assert figures.blockers.resolved[cause] == sum(day.blockers.resolved[cause] for day in daily)
        assert figures.blockers.still_open[cause] == daily[-1].blockers.still_open[cause]


def test_days_with_nothing_recorded_are_empty_and_others_are_not(world: World) -> None:
    log = world.log
    for day in every_day(world):
        figures = figures_of(day_period(day), world.tasks, world.blockers, world.runs,
                             today=world.today, now=world.now)
        anything = (any(day in lists for lists in log.lists.values()) or day in log.done.values()
                    or day in log.dropped.values() or any(d == day for d, _, _ in log.runs)
                    or any(day in (opened, resolved) for _, _, opened, resolved in log.blockers))
        assert figures.is_empty is (not anything), day
        assert not figures.in_future


def test_the_trend_matches_the_log(world: World) -> None:
    log = world.log
    for last in (world.today, world.today - timedelta(days=9)):
        rows = trend(last, world.today, world.tasks, world.day_keys, DSH)
        assert [row.day for row in rows] == [last - timedelta(days=n) for n in range(TREND_DAYS - 1, -1, -1)]
        for row in rows:
            assert row.planned == sum(1 for lists in log.lists.values() if row.day in lists), row.day
            assert row.done == sum(1 for day in log.done.values() if day == row.day), row.day
            assert row.key_progress == pytest.approx(log.key_percent.get(row.day, 0.0)), row.day


def check_invariants(figures: Figures) -> None:
    planned, done, dropped, unfinished = (ids(figures.planned), ids(figures.done), ids(figures.dropped),
                                          ids(figures.unfinished))
    assert figures.done_of_planned <= len(figures.planned)
    assert figures.done_of_planned + figures.unplanned_done == len(figures.done)
    assert unfinished <= planned
    assert not unfinished & done and not unfinished & dropped and not done & dropped
    assert sum(row.planned for row in figures.by_category.values()) == len(figures.planned)
    assert sum(row.done for row in figures.by_category.values()) == len(figures.done)
    assert all(row.done <= len(figures.done) for row in figures.by_category.values())
    assert figures.batches.switches_saved >= 0
    assert figures.batches.small_done <= len(figures.done)
    assert sum(figures.blockers.still_open.values()) == len(figures.blockers.open_now)


@settings(deadline=None, max_examples=15, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 2**32 - 1), st.integers(0, 27))
def test_any_generated_history_matches_its_log(seed: int, day_offset: int) -> None:
    world = generate(seed, start=date(2026, 10, 26))
    day = date(2026, 10, 26) + timedelta(days=day_offset % 25)
    daily = figures_of(day_period(day), world.tasks, world.blockers, world.runs, today=world.today, now=world.now)
    assert_matches_log(daily, world.log, [day])
    check_invariants(daily)
    week = week_period(day)
    weekly = figures_of(week, world.tasks, world.blockers, world.runs, today=world.today, now=world.now)
    assert_matches_log(weekly, world.log, list(review_days(week, world.today)))
    check_invariants(weekly)


# -- a property over arbitrary (not only realistic) task states ---------------------------------
WINDOW = [MON - timedelta(days=3) + timedelta(days=n) for n in range(12)]


@st.composite
def arbitrary_tasks(draw) -> list[Task]:
    tasks = []
    for task_id in range(1, draw(st.integers(0, 25)) + 1):
        status = draw(st.sampled_from(list(Status)))
        day = draw(st.none() | st.sampled_from(WINDOW))
        due = draw(st.none() | st.sampled_from(WINDOW))
        carried = tuple(sorted(set(draw(st.lists(st.sampled_from(WINDOW), max_size=3)))))
        finished = None
        if not status.is_open:
            finished = at(draw(st.sampled_from(WINDOW)), draw(st.integers(0, 23)), draw(st.integers(0, 59)))
        created = at(WINDOW[0], 8) + timedelta(minutes=task_id)
        tasks.append(Task(title=f"task {task_id}", created=created, changed=created, id=task_id,
                          category=draw(st.sampled_from(list(Category))), kind=draw(st.sampled_from(KINDS)),
                          minutes=draw(st.sampled_from(MINUTES)), status=status, day=day, due=due,
                          finished=finished, carried_from=carried))
    return tasks


@settings(deadline=None, max_examples=150)
@given(arbitrary_tasks(), st.sampled_from(WINDOW[3:10]), st.integers(0, 6))
def test_figures_are_consistent_for_any_tasks(tasks: list[Task], today: date, hour: int) -> None:
    week = week_period(MON)
    weekly = figures_of(week, tasks, today=today, now=at(today, 10), day_start_hour=hour)
    check_invariants(weekly)
    daily = [figures_of(day_period(day), tasks, today=today, now=at(today, 10), day_start_hour=hour)
             for day in review_days(week, today)]
    for figures in daily:
        check_invariants(figures)
    assert ids(weekly.planned) == set().union(set(), *(ids(f.planned) for f in daily))
    assert sorted(t.id for f in daily for t in f.done) == sorted(ids(weekly.done))
    # What counts where agrees with the per-task predicates.
    for figures in daily:
        day = figures.days[0]
        assert ids(figures.planned) == {t.id for t in tasks if was_planned_on(t, day, today, hour)}
        assert ids(figures.done) == {t.id for t in tasks if done_on(t, day, hour)}


# ============================================================================================
# Hand-made cases for each rule
# ============================================================================================

def test_a_task_carried_mon_to_tue_and_done_wed_is_planned_three_times_and_done_once() -> None:
    task = a_task(1, "Draft the Q1 community plan", at(MON, 8), day=MON, category=Category.PLANNING)
    task = edit_task(task, at(MON, 18), day=TUE)  # the clock moves on: Monday evening...
    task = edit_task(task, at(TUE, 18), day=WED)  # ...Tuesday evening
    task = edit_task(task, at(WED, 11), status=Status.DONE)
    assert task.carried_from == (MON, TUE)
    for day in (MON, TUE):
        figures = figures_of(day_period(day), [task])
        assert (ids(figures.planned), ids(figures.done), ids(figures.unfinished)) == ({1}, set(), {1}), day
        assert figures.by_category[Category.PLANNING].planned == 1
    wed = figures_of(day_period(WED), [task])
    assert (ids(wed.planned), ids(wed.done), ids(wed.unfinished)) == ({1}, {1}, set())
    assert (wed.done_of_planned, wed.unplanned_done) == (1, 0)
    thu = figures_of(day_period(THU), [task])
    assert thu.is_empty and not thu.planned
    week = figures_of(week_period(MON), [task])
    assert (len(week.planned), len(week.done), week.done_of_planned) == (1, 1, 1)
    assert [row.planned for row in trend(THU, THU, [task], {}, DSH)[-4:]] == [1, 1, 1, 0]
    assert [row.done for row in trend(THU, THU, [task], {}, DSH)[-4:]] == [0, 0, 1, 0]


def test_rescheduling_a_day_still_ahead_does_not_count_as_planned_then() -> None:
    task = a_task(1, "Book the room", at(MON, 8), day=WED)
    task = edit_task(task, at(TUE, 9), day=THU)  # Wednesday has not come: no record of it
    assert task.carried_from == ()
    assert not figures_of(day_period(WED), [task]).planned
    assert ids(figures_of(day_period(THU), [task]).planned) == {1}


def test_planned_done_dropped_unplanned_and_unfinished_on_one_day() -> None:
    tasks = [
        a_task(1, "On time", at(TUE, 8), day=TUE, category=Category.PLANNING),
        a_task(2, "Left over", at(TUE, 8), day=TUE, category=Category.ROUTINE),
        a_task(3, "Dropped", at(TUE, 8), day=TUE, category=Category.TRANSACTIONAL),
        a_task(4, "From the backlog", at(MON, 8), category=Category.TRANSACTIONAL),
        a_task(5, "Due today, no day", at(MON, 8), due=TUE, category=Category.ROUTINE),
        a_task(6, "Next week", at(TUE, 8), day=MON + timedelta(days=7)),
        a_task(7, "Yesterday's, done today", at(MON, 8), day=MON, category=Category.ROUTINE),
    ]
    tasks[0] = edit_task(tasks[0], at(TUE, 10), status=Status.DONE)
    tasks[2] = edit_task(tasks[2], at(TUE, 11), status=Status.DROPPED)
    tasks[3] = edit_task(tasks[3], at(TUE, 12), status=Status.DONE)
    tasks[6] = edit_task(tasks[6], at(TUE, 13), status=Status.DONE)
    figures = figures_of(day_period(TUE), tasks)
    assert ids(figures.planned) == {1, 2, 3, 5, 7}
    assert ids(figures.done) == {1, 4, 7}
    assert ids(figures.dropped) == {3}
    assert ids(figures.unfinished) == {2, 5}
    assert (figures.done_of_planned, figures.unplanned_done) == (2, 1)
    assert {c: (r.planned, r.done) for c, r in figures.by_category.items()} == {
        Category.PLANNING: (1, 1), Category.ROUTINE: (3, 1), Category.TRANSACTIONAL: (1, 1)}
    assert totals_line(figures) == "Done 2 of 5 planned, plus 1 unplanned; 1 dropped"
    monday = figures_of(day_period(MON), tasks)
    assert ids(monday.planned) == {7} and ids(monday.unfinished) == {7}


def test_an_open_overdue_task_is_on_todays_list_only() -> None:
    task = a_task(1, "Chase the invoice", at(MON, 8), day=MON)
    assert ids(figures_of(day_period(THU), [task]).planned) == {1}  # today
    assert not figures_of(day_period(WED), [task]).planned  # a past day it was not carried into
    assert ids(figures_of(day_period(MON), [task]).unfinished) == {1}


@pytest.mark.parametrize(("hour", "done_day", "planned_days"), [(4, MON, {MON}), (0, TUE, {MON, TUE})])
def test_work_after_midnight_belongs_to_the_work_day_it_continues(hour: int, done_day: date, planned_days) -> None:
    late = edit_task(a_task(1, "Finish the deck", at(MON, 8), day=MON), at(TUE, 2), status=Status.DONE)
    edge = edit_task(a_task(2, "Early start", at(TUE, 3), day=TUE), at(TUE, 4), status=Status.DONE)
    just_before = edit_task(a_task(3, "Last mail", at(MON, 9), day=MON), at(TUE, 3, 59), status=Status.DONE)
    run = BatchRun(kind="email", planned=(3,), timebox=20, started=at(TUE, 1, 30), id=1, done=(3,),
                   ended=at(TUE, 1, 45))
    blocker = Blocker(task_id=1, cause=Cause.BUDGET, opened=at(TUE, 3), changed=at(TUE, 3))
    sorted_at_night = Blocker(task_id=3, cause=Cause.RESOURCE, opened=at(MON, 10), changed=at(TUE, 2, 30),
                              resolved=at(TUE, 2, 30))
    blockers = [blocker, sorted_at_night]
    tasks = [late, edge, just_before]
    for day in (MON, TUE):
        figures = figures_of(day_period(day), tasks, blockers, [run], day_start_hour=hour)
        assert (1 in ids(figures.done)) is (day == done_day)
        assert (1 in ids(figures.planned)) is (day in planned_days)
    monday = figures_of(day_period(MON), tasks, blockers, [run], day_start_hour=hour)
    tuesday = figures_of(day_period(TUE), tasks, blockers, [run], day_start_hour=hour)
    if hour == 4:
        assert ids(monday.done) == {1, 3} and ids(tuesday.done) == {2}
        assert (monday.batches.runs, monday.batches.minutes, tuesday.batches.runs) == (1, 15.0, 0)
        assert (monday.blockers.opened[Cause.BUDGET], tuesday.blockers.opened[Cause.BUDGET]) == (1, 0)
        assert (monday.blockers.resolved[Cause.RESOURCE], monday.blockers.still_open[Cause.RESOURCE]) == (1, 0)
        assert tuesday.blockers.resolved[Cause.RESOURCE] == 0
    else:
        assert ids(monday.done) == set() and ids(tuesday.done) == {1, 2, 3}
        assert (monday.batches.runs, tuesday.batches.runs) == (0, 1)
        assert (monday.blockers.opened[Cause.BUDGET], tuesday.blockers.opened[Cause.BUDGET]) == (0, 1)
        assert (monday.blockers.resolved[Cause.RESOURCE], monday.blockers.still_open[Cause.RESOURCE]) == (0, 1)
        assert tuesday.blockers.resolved[Cause.RESOURCE] == 1


def test_switches_saved_by_doing_small_tasks_in_batches_of_their_kind() -> None:
    # Added interleaved: email, forms, email, calls, forms, email -> 5 switches in the order added.
    kinds = ["email", "forms", "email", "calls", "forms", "email"]
    tasks = [a_task(n, f"{kind} {n}", at(MON, 8, n), day=TUE, kind=kind, minutes=5) for n, kind in enumerate(kinds, 1)]
    # Done by kind: the three emails, the two forms, then the call -> 2 switches.
    order = [1, 3, 6, 2, 5, 4]
    for minute, task_id in enumerate(order):
        tasks[task_id - 1] = edit_task(tasks[task_id - 1], at(TUE, 10, minute), status=Status.DONE)
    # Not small, so outside the count even when done in between: a 60-minute report, an unestimated call.
    big = edit_task(a_task(7, "Quarterly report", at(MON, 7), day=TUE, kind="report", minutes=60),
                    at(TUE, 10, 2), status=Status.DONE)
    unestimated = edit_task(a_task(8, "Call the bank", at(MON, 8, 30), day=TUE, kind="calls"),
                            at(TUE, 10, 3), status=Status.DONE)
    # Marked small by hand, with no estimate: counts, done with the emails.
    marked = edit_task(a_task(9, "Forward the invite", at(MON, 9), day=TUE, kind="email", small=True),
                       at(TUE, 10, 2) + timedelta(seconds=30), status=Status.DONE)
    figures = figures_of(day_period(TUE), tasks + [big, unestimated, marked])
    # Added: email forms email calls forms email email(9) -> 5; done: email email email(9) email forms forms calls -> 2.
    assert figures.batches.small_done == 7
    assert (figures.batches.switches_made, figures.batches.switches_would_have) == (2, 5)
    assert figures.batches.switches_saved == 3


def test_no_switches_are_saved_when_the_order_was_worse_than_added() -> None:
    tasks = [a_task(1, "a", at(MON, 8, 1), day=TUE, kind="email", minutes=5),
             a_task(2, "b", at(MON, 8, 2), day=TUE, kind="email", minutes=5),
             a_task(3, "c", at(MON, 8, 3), day=TUE, kind="forms", minutes=5)]
    for minute, index in enumerate([0, 2, 1]):
        tasks[index] = edit_task(tasks[index], at(TUE, 10, minute), status=Status.DONE)
    figures = figures_of(day_period(TUE), tasks)
    assert (figures.batches.switches_made, figures.batches.switches_would_have) == (2, 1)
    assert figures.batches.switches_saved == 0


def test_batch_minutes_and_runs_count_by_the_work_day_they_started() -> None:
    runs = [
        # Monday morning: 40 minutes of wall time, 15 of them paused -> 25 worked.
        BatchRun(kind="email", planned=(1, 2), timebox=30, started=at(MON, 10), id=1, done=(1, 2, 2),
                 pauses=((at(MON, 10, 10), at(MON, 10, 25)),), ended=at(MON, 10, 40)),
        # Monday night into Tuesday: 30 minutes, all Monday's.
        BatchRun(kind="forms", planned=(3,), timebox=30, started=at(MON, 23, 50), id=2, done=(3,),
                 ended=at(MON, 24, 20)),
        # Tuesday 02:00 is still Monday's work day.
        BatchRun(kind="calls", planned=(), timebox=15, started=at(MON, 26), id=3, ended=at(MON, 26, 15)),
        # Thursday: still running and paused since 14:40 -> 10 minutes so far at 15:00.
        BatchRun(kind="email", planned=(4,), timebox=30, started=at(THU, 14, 30), id=4,
                 pauses=((at(THU, 14, 40), None),)),
    ]
    monday = figures_of(day_period(MON), runs=runs)
    assert (monday.batches.runs, monday.batches.minutes, monday.batches.items_done) == (3, 70.0, 3)
    assert figures_of(day_period(TUE), runs=runs).batches.runs == 0
    thursday = figures_of(day_period(THU), runs=runs)
    assert (thursday.batches.runs, thursday.batches.minutes) == (1, 10.0)
    week = figures_of(week_period(MON), runs=runs)
    assert (week.batches.runs, week.batches.minutes, week.batches.items_done) == (4, 80.0, 3)


# -- blockers ------------------------------------------------------------------------------------
def blocker_world() -> tuple[list[Task], list[Blocker]]:
    tasks = [a_task(n, title, at(MON, 8), day=MON) for n, title in
             enumerate(["Sign the venue contract", "Get VPN access", "Approve the ad spend", "Pick the survey tool",
                        "Agree the agenda"], 1)]
    blockers = [
        # Open since Monday 11:00 and still open: across four days.
        Blocker(task_id=1, cause=Cause.PEOPLE, person="Ana", note="legal review", opened=at(MON, 11),
                changed=at(MON, 11), id=1),
        # Tuesday to Wednesday.
        Blocker(task_id=2, cause=Cause.RESOURCE, opened=at(TUE, 9), changed=at(WED, 16), resolved=at(WED, 16), id=2),
        # Opened and resolved on Wednesday.
        Blocker(task_id=3, cause=Cause.BUDGET, opened=at(WED, 10), changed=at(WED, 12), resolved=at(WED, 12), id=3),
        # Thursday, two hours ago.
        Blocker(task_id=4, cause=Cause.TASK, opened=at(THU, 13), changed=at(THU, 13), id=4),
        # A people blocker with no name given, opened Wednesday night after midnight: Wednesday's.
        Blocker(task_id=5, cause=Cause.PEOPLE, opened=at(WED, 25), changed=at(WED, 25), id=5),
    ]
    return tasks, blockers


def counts(mapping) -> tuple[int, int, int, int]:
    return tuple(mapping[cause] for cause in Cause)  # task, people, budget, resource


@pytest.mark.parametrize(("day", "opened", "resolved", "still_open"), [
    (MON, (0, 1, 0, 0), (0, 0, 0, 0), (0, 1, 0, 0)),
    (TUE, (0, 0, 0, 1), (0, 0, 0, 0), (0, 1, 0, 1)),
    (WED, (0, 1, 1, 0), (0, 0, 1, 1), (0, 2, 0, 0)),
    (THU, (1, 0, 0, 0), (0, 0, 0, 0), (1, 2, 0, 0)),
])
def test_blockers_opened_resolved_and_still_open_by_cause_per_day(day, opened, resolved, still_open) -> None:
    tasks, blockers = blocker_world()
    figures = figures_of(day_period(day), tasks, blockers)
    assert counts(figures.blockers.opened) == opened
    assert counts(figures.blockers.resolved) == resolved
    assert counts(figures.blockers.still_open) == still_open
    assert figures.blockers.as_json()["people"] == {"opened": opened[1], "resolved": resolved[1],
                                                    "open": still_open[1]}


def test_week_blocker_figures_and_the_age_of_those_open_now() -> None:
    tasks, blockers = blocker_world()
    week = figures_of(week_period(MON), tasks, blockers)
    assert counts(week.blockers.opened) == (1, 2, 1, 1)
    assert counts(week.blockers.resolved) == (0, 0, 1, 1)
    assert counts(week.blockers.still_open) == (1, 2, 0, 0)
    lines = {line.task_title: line for line in week.blockers.open_now}
    assert set(lines) == {"Sign the venue contract", "Pick the survey tool", "Agree the agenda"}
    assert lines["Sign the venue contract"].age == "3d"  # Monday 11:00 to Thursday 15:00
    assert (lines["Sign the venue contract"].person, lines["Sign the venue contract"].note) == ("Ana", "legal review")
    assert lines["Pick the survey tool"].age == "2h"
    # Opened after midnight, so Wednesday's, but its age runs from the moment: Thursday 01:00 to 15:00.
    assert lines["Agree the agenda"].age == "14h"


def test_a_blocker_resolved_after_the_reviewed_day_is_open_on_it_but_not_today() -> None:
    tasks, blockers = blocker_world()
    tuesday = figures_of(day_period(TUE), tasks, blockers)
    line = next(line for line in tuesday.blockers.open_now if line.task_title == "Get VPN access")
    # Its age is never more than the 31 hours it was open (Tuesday 09:00 to Wednesday 16:00), whether
    # it is read at the end of Tuesday or at the resolution; not counted on to now (Thursday 15:00).
    assert line.age.endswith("h") and int(line.age[:-1]) <= 31
    thursday = figures_of(day_period(THU), tasks, blockers)
    assert "Get VPN access" not in {line.task_title for line in thursday.blockers.open_now}


# -- key tasks -----------------------------------------------------------------------------------
def pledges(created: datetime = at(MON, 9)) -> KeyTask:
    week = week_period(MON)
    return replace(new_key_task(week, "Raise pledges", created, target=10_000, unit="pledges"), id=1)


def test_the_methods_pace_example_as_of_day_two() -> None:
    """10,000 over a five-working-day week, 1,500 logged on day one: on day two the catch-up is
    (10,000 - 1,500) / 4 = 2,125, and the week is 500 behind the even 2,000 a day."""
    key = log_progress(pledges(), 1500, at(MON, 17), MON)
    key = log_progress(key, 3000, at(WED, 17), WED)  # later work is not part of a review as of Tuesday
    row = key_figures(Stage.WEEK, week_period(MON), key, (MON, TUE), DSH, WEEKDAYS)
    assert (row.done, row.done_in_range) == (1500, 1500)
    assert row.pace.catch_up_today == pytest.approx(2125)
    assert row.pace.ahead_by == pytest.approx(-500)
    assert row.pace.days_left == 4
    assert not row.reached
    assert key_line(row) == "Raise pledges · 1,500 / 10,000 pledges · behind by 500"
    assert row.as_json()["catch_up"] == 2125 and row.as_json()["ahead"] == -500
    # The daily review of Tuesday shows the week's standing and nothing done within the day.
    tuesday = key_figures(Stage.WEEK, week_period(MON), key, (TUE,), DSH, WEEKDAYS)
    assert (tuesday.done, tuesday.done_in_range, tuesday.pace.catch_up_today) == (1500, 0, pytest.approx(2125))


def test_pace_as_of_day_three_and_when_the_target_is_reached() -> None:
    key = log_progress(log_progress(pledges(), 1500, at(MON, 17), MON), 3000, at(WED, 17), WED)
    row = key_figures(Stage.WEEK, week_period(MON), key, (MON, TUE, WED), DSH, WEEKDAYS)
    assert row.done == 4500 and row.done_in_range == 4500
    assert row.pace.ahead_by == pytest.approx(500)  # 4,500 against the 4,000 asked by Wednesday morning
    assert row.pace.catch_up_today == pytest.approx(8500 / 3)
    done = log_progress(key, 6000, at(THU, 12), THU)
    reached = key_figures(Stage.WEEK, week_period(MON), done, (MON, TUE, WED, THU), DSH, WEEKDAYS)
    assert reached.reached and "target reached" in key_line(reached)


def test_a_key_task_stated_mid_week_is_paced_from_that_day() -> None:
    row = key_figures(Stage.WEEK, week_period(MON), pledges(at(WED, 9)), (MON, TUE, WED), DSH, WEEKDAYS)
    assert row.pace.ahead_by == pytest.approx(0)  # not judged on Monday and Tuesday
    assert row.pace.catch_up_today == pytest.approx(10_000 / 3)


def test_no_key_task_gives_an_empty_row() -> None:
    row = key_figures(Stage.DAY, day_period(TUE), None, (TUE,), DSH)
    assert row.key is None and row.pace is None and row.as_json() is None and key_line(row) == "no key task"


# -- trend ---------------------------------------------------------------------------------------
def test_key_percent_from_the_target_or_the_micro_goals() -> None:
    key = log_progress(log_progress(pledges(), 1500, at(MON, 17), MON), 3000, at(WED, 17), WED)
    assert key_percent(key, TUE) == pytest.approx(15.0)
    assert key_percent(key, WED) == pytest.approx(45.0)
    over = log_progress(key, 9000, at(THU, 9), THU)
    assert key_percent(over, THU) == 100.0
    steps = replace(new_key_task(day_period(TUE), "Run the webinar", at(TUE, 8)), id=2)
    assert key_percent(steps, TUE) == 0.0
    for text in ("invite", "rehearse", "Q&A", "follow up"):
        steps = add_micro_goal(steps, text, at(TUE, 8))
    steps = toggle_micro_goal(steps, 2, at(TUE, 10))
    assert key_percent(steps, TUE) == 25.0
    assert key_percent(None, TUE) == 0.0


def test_a_fourteen_day_trend_with_key_progress() -> None:
    tasks = []
    for n, day in enumerate([MON, TUE, WED, THU], 1):
        tasks.append(edit_task(a_task(n, f"daily {n}", at(day, 8), day=day), at(day, 12), status=Status.DONE))
    tasks.append(a_task(9, "left open on Tuesday", at(TUE, 8), day=TUE))  # Tue and today
    steps = replace(new_key_task(day_period(WED), "Webinar", at(WED, 8)), id=3)
    steps = toggle_micro_goal(add_micro_goal(add_micro_goal(steps, "a", at(WED, 8)), "b", at(WED, 8)), 0, at(WED, 9))
    target = log_progress(replace(new_key_task(day_period(TUE), "Calls", at(TUE, 8), target=8), id=4),
                          2, at(TUE, 16), TUE)
    rows = trend(THU, THU, tasks, {WED: steps, TUE: target}, DSH)
    assert len(rows) == 14 and rows[0].day == THU - timedelta(days=13) and rows[-1].day == THU
    tail = {row.day: (row.planned, row.done, row.key_progress) for row in rows[-4:]}
    assert tail == {MON: (1, 1, 0.0), TUE: (2, 1, 25.0), WED: (1, 1, 50.0), THU: (2, 1, 0.0)}
    assert all(row.planned == row.done == 0 for row in rows[:-4])


# -- the stand-up --------------------------------------------------------------------------------
def standup_world() -> Figures:
    tasks, blockers = blocker_world()
    tasks.append(edit_task(a_task(10, "Send the board deck", at(THU, 8), day=THU), at(THU, 10), status=Status.DONE))
    tasks.append(edit_task(a_task(11, "Reply to Ana", at(THU, 8), day=THU), at(THU, 11), status=Status.DONE))
    return figures_of(day_period(THU), tasks, blockers)


def test_the_standup_says_what_was_finished_what_is_next_and_each_blocker_with_its_help() -> None:
    text = standup_text(standup_world(), ["Run the launch webinar", "Expense form"])
    finished, next_line, blocked = text.splitlines()
    assert finished == "Finished: Send the board deck; Reply to Ana."
    assert next_line == "Next: Run the launch webinar; Expense form."
    assert blocked.startswith("Blocked: ")
    assert "Sign the venue contract (people, Ana, 3d)" in blocked
    assert "Pick the survey tool (task, 2h)" in blocked
    assert "Agree the agenda (people, 14h)" in blocked
    help_needed = blocked.split("Help needed: ", 1)[1]
    assert help_needed.rstrip(".").split("; ") == ["time with Ana", "a second view on the approach",
                                                   "time with my lead"]


@pytest.mark.parametrize(("cause", "person", "help_text"), [
    (Cause.PEOPLE, "Marta", "time with Marta"), (Cause.PEOPLE, "", "time with my lead"),
    (Cause.TASK, "", "a second view on the approach"), (Cause.BUDGET, "", "a budget decision"),
    (Cause.RESOURCE, "", "the missing tool, access or time")])
def test_each_cause_asks_for_its_own_help(cause: Cause, person: str, help_text: str) -> None:
    task = a_task(1, "Stuck thing", at(THU, 8), day=THU)
    blocker = Blocker(task_id=1, cause=cause, person=person, opened=at(THU, 14, 20), changed=at(THU, 14, 20))
    text = standup_text(figures_of(day_period(THU), [task], [blocker]), [])
    assert text.splitlines()[2] == (f"Blocked: Stuck thing ({cause.value}{', ' + person if person else ''}, 40m)."
                                    f" Help needed: {help_text}.")


def test_an_empty_day_has_an_honest_standup() -> None:
    figures = figures_of(day_period(THU))
    assert figures.is_empty
    assert standup_text(figures, []) == "Finished: nothing recorded yet.\nNext: nothing planned yet.\nBlocked: nothing."


def test_long_lists_are_shortened_with_a_count_and_the_day_key_leads() -> None:
    tasks = [edit_task(a_task(n, f"Thing {n}", at(THU, 8), day=THU), at(THU, 9, n), status=Status.DONE)
             for n in range(1, 6)]
    key = log_progress(replace(new_key_task(day_period(THU), "Call donors", at(THU, 8), target=20, unit="calls"),
                               id=1), 12, at(THU, 14), THU)
    row = key_figures(Stage.DAY, day_period(THU), key, (THU,), DSH)
    text = standup_text(figures_of(day_period(THU), tasks, keys=[row]), ["a", "b", "c", "d", "e"])
    finished, next_line, _ = text.splitlines()
    assert finished == 'Finished: 12 calls towards "Call donors"; Thing 1; Thing 2; Thing 3 (and 2 more).'
    assert next_line == "Next: a; b; c (and 2 more)."


# -- empty, future -------------------------------------------------------------------------------
@pytest.mark.parametrize("what", ["planned", "unplanned done", "dropped", "run", "blocker opened",
                                  "blocker resolved", "key task"])
def test_any_one_record_makes_a_day_not_empty(what: str) -> None:
    tasks, blockers, runs, keys = [], [], [], [key_figures(Stage.DAY, day_period(TUE), None, (TUE,), DSH)]
    if what == "planned":
        tasks = [a_task(1, "x", at(MON, 8), day=TUE)]
    elif what == "unplanned done":
        tasks = [edit_task(a_task(1, "x", at(MON, 8)), at(TUE, 10), status=Status.DONE)]
    elif what == "dropped":
        tasks = [edit_task(a_task(1, "x", at(MON, 8)), at(TUE, 10), status=Status.DROPPED)]
    elif what == "run":
        runs = [BatchRun(kind="email", planned=(), timebox=10, started=at(TUE, 10), ended=at(TUE, 10, 10))]
    elif what == "blocker opened":
        blockers = [Blocker(task_id=1, cause=Cause.TASK, opened=at(TUE, 10), changed=at(TUE, 10))]
    elif what == "blocker resolved":
        blockers = [Blocker(task_id=1, cause=Cause.TASK, opened=at(MON, 10), changed=at(TUE, 9),
                            resolved=at(TUE, 9))]
    else:
        key = replace(new_key_task(day_period(TUE), "Key", at(TUE, 8)), id=1)
        keys = [key_figures(Stage.DAY, day_period(TUE), key, (TUE,), DSH)]
    assert figures_of(day_period(TUE), keys=[key_figures(Stage.DAY, day_period(TUE), None, (TUE,), DSH)]).is_empty
    assert not figures_of(day_period(TUE), tasks, blockers, runs, keys).is_empty


def test_a_blocker_only_carried_through_a_day_leaves_it_empty() -> None:
    blocker = Blocker(task_id=1, cause=Cause.TASK, opened=at(MON, 10), changed=at(MON, 10))
    figures = figures_of(day_period(TUE), blockers=[blocker])
    assert figures.is_empty and figures.blockers.still_open[Cause.TASK] == 1


def test_a_period_not_yet_begun_is_in_the_future() -> None:
    friday = figures_of(day_period(FRI))
    assert friday.in_future and friday.days == (FRI,)
    next_week = figures_of(week_period(MON + timedelta(days=7)))
    assert next_week.in_future
    assert not figures_of(day_period(THU)).in_future
    this_week = figures_of(week_period(MON))
    assert not this_week.in_future and this_week.days == (MON, TUE, WED, THU)


def test_review_days_cover_what_has_begun() -> None:
    assert review_days(week_period(MON), WED) == (MON, TUE, WED)
    assert review_days(week_period(MON), SUN + timedelta(days=3)) == (MON, TUE, WED, THU, FRI, SAT, SUN)
    assert review_days(day_period(FRI), WED) == (FRI,)


# -- known wrong figure ----------------------------------------------------------------------------
@pytest.mark.parametrize("status", [Status.DONE, Status.DROPPED])
def test_work_finished_before_its_day_is_not_on_that_days_list(status: Status) -> None:
    early = edit_task(a_task(1, "Prepare Friday's 1:1", at(MON, 8), day=FRI), at(WED, 10), status=status)
    due = edit_task(a_task(2, "Pay the invoice", at(MON, 8), due=FRI), at(WED, 11), status=status)
    friday = figures_of(day_period(FRI), [early, due], today=FRI, now=at(FRI, 17))
    assert ids(friday.unfinished) == set()
    assert ids(friday.planned) == set()
    assert trend(FRI, FRI, [early, due], {}, DSH)[-1].planned == 0


# ============================================================================================
# The written part
# ============================================================================================

def test_writing_a_review_cleans_merges_and_stamps() -> None:
    review = Review(Stage.DAY, TUE)
    first = write_review(review, at(TUE, 18), highlights="  Shipped the flow \n")
    second = write_review(first, at(TUE, 19), shortcomings="Too many meetings", tomorrow=None)
    assert second.written == {"highlights": "Shipped the flow", "shortcomings": "Too many meetings", "tomorrow": ""}
    assert second.changed == at(TUE, 19) and second.text("highlights") == "Shipped the flow"
    assert second.text("rules") == ""
    assert "tomorrow" not in second.to_doc()["written"]  # empty text is not stored


@pytest.mark.parametrize(("stage", "heading"), [(Stage.DAY, "rules"), (Stage.DAY, "actions"),
                                                (Stage.WEEK, "tomorrow"), (Stage.QUARTER, "nonsense")])
def test_a_heading_of_another_stage_is_refused_naming_the_right_ones(stage: Stage, heading: str) -> None:
    with pytest.raises(ValidationError) as raised:
        clean_written(heading, "text", stage)
    expected = DAY_HEADINGS if stage is Stage.DAY else STAGE_HEADINGS
    assert all(name in raised.value.message for name in expected)


@pytest.mark.parametrize("text", ["x" * 601, "bad \x1b[31m colour", "\u202eflipped"])
def test_written_text_that_cannot_be_kept_is_refused(text: str) -> None:
    with pytest.raises(ValidationError):
        clean_written("highlights", text, Stage.WEEK)


def test_multiline_written_text_is_kept() -> None:
    assert clean_written("actions", "- one\n- two", Stage.QUARTER) == "- one\n- two"
    assert clean_written("highlights", "x" * 600, Stage.DAY) == "x" * 600


def test_a_review_round_trips_through_its_stored_shape_keeping_unknown_fields() -> None:
    review = Review(Stage.WEEK, MON, id=4, written={"highlights": "a", "rules": "b\nc"}, standup="edited",
                    closed=at(FRI, 18), changed=at(FRI, 18, 5), extra={"from_the_future": [1, 2]})
    doc = review.to_doc()
    assert doc["from_the_future"] == [1, 2] and doc["period_start"] == "2026-11-16" and doc["stage"] == "week"
    assert Review.from_doc(doc, 4) == review
    assert Review.from_doc({"stage": "day", "period_start": "2026-11-17"}) == Review(Stage.DAY, TUE)
    with pytest.raises(ValueError):
        Review.from_doc({"stage": "day", "period_start": "2026-11-17", "written": {"highlights": 3}})
