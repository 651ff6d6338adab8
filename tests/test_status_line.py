"""`focus status --format`: the one-line summary for tmux, polybar or starship.

Run in-process through `focus_tui.cli.main` (the real parser and dispatch, without a subprocess
per line); one subprocess check proves the verb loads no Textual.
"""

from __future__ import annotations

import json
import os
from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from focus_tui.cli import main
from focus_tui.config import Config
from focus_tui.batch_views import rules_from, todays_batches
from focus_tui.domain.batching import end_run, pause_or_resume, start_run
from focus_tui.domain.keytasks import add_micro_goal, toggle_micro_goal
from focus_tui.domain.periods import Stage
from focus_tui.domain.routines import new_routine
from focus_tui.domain.tasks import new_task
from focus_tui.domain.validation import ValidationError
from focus_tui.review_views import load_day_review
from focus_tui.stages import log_stage_progress, set_key_task
from focus_tui.status_line import FIELDS, parse_format, pace_text, progress_text, render, shorten

from tests.clihelpers import probe_verb

FROZEN = "2026-11-21T09:30:00+00:00"  # Saturday morning, the clock of the `store` fixture
EVENING = "2026-11-21T18:00:00+00:00"  # after the default review time, 17:30
SAT = date(2026, 11, 21)


def line(monkeypatch, capsys, fmt: str, *extra: str, at: str = FROZEN) -> str:
    monkeypatch.setenv("FOCUS_CLOCK", at)
    code = main(["status", "--format", fmt, *extra])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert err == "" and out.endswith("\n") and out.count("\n") == 1, (out, err)
    return out[:-1]


def usage_error(monkeypatch, capsys, *args: str) -> str:
    monkeypatch.setenv("FOCUS_CLOCK", FROZEN)
    code = main(["status", *args])
    out, err = capsys.readouterr()
    assert code == 2 and out == "", (code, out, err)
    assert err.startswith("focus: error: ") and err.count("\n") == 1
    return err


@pytest.fixture
def day(store):
    """Key tasks for the three stages, today's list with done, open, carried and blocked work,
    and a running email batch."""
    config = Config()
    set_key_task(store, config, Stage.QUARTER, "Grow the community to 5,000 members", target="5000", unit="members")
    set_key_task(store, config, Stage.WEEK, "Launch the new onboarding flow for every member", target="2000",
                 unit="signups")
    log_stage_progress(store, config, Stage.WEEK, "1500")
    key = set_key_task(store, config, Stage.DAY, "Run the launch webinar")
    now = store.clock.now()
    store.update_key_task(key.id, lambda k: toggle_micro_goal(
        add_micro_goal(add_micro_goal(k, "Send invites", now), "Rehearse", now), 0, now), "micro goals")

    ids = {}
    for name, fields in {
        "deck": dict(day=SAT, minutes=60),
        "plan": dict(day=SAT, minutes=90),
        "mail1": dict(day=SAT, kind="email", minutes=5),
        "mail2": dict(day=SAT, kind="email", minutes=5),
        "carried": dict(day=SAT - timedelta(days=2)),
        "stuck": dict(day=SAT),
        "later": dict(day=SAT + timedelta(days=3)),
    }.items():
        ids[name] = store.add_task(new_task(f"Task {name}", now, **fields)).id
    store.complete_task(ids["deck"])
    store.complete_task(store.add_task(new_task("Unplanned fix", now)).id)  # no day: not planned, done today
    store.block_task(ids["stuck"], "people", person="Marta")
    [batch] = [b for b in todays_batches(store, config, SAT) if b.kind == "email"]
    store.start_batch(start_run(batch, now, rules_from(config)))
    return ids


# -- the fields --------------------------------------------------------------------------------
def test_every_field_of_a_full_day(day, monkeypatch, capsys) -> None:
    text = "|".join(f"{{{name}}}" for name in FIELDS)
    values = dict(zip(FIELDS, line(monkeypatch, capsys, text).split("|")))
    assert values == {
        "day": "Run the launch webinar",
        "week": "Launch the new onboarding flo…",  # shortened to the default 30 characters
        "quarter": "Grow the community to 5,000 m…",
        "day_progress": "1/2 steps",
        "week_progress": "1,500/2,000 signups",
        "quarter_progress": "0/5,000 members",
        "pace": values["pace"],  # checked against `focus status --json` below
        "done": "1",
        "planned": "6",  # deck, plan, two mails, the stuck one, and the one carried in from Thursday
        "unplanned": "1",
        "open": "4",  # plan, two mails, carried; the blocked one is not open work
        "blocked": "1",
        "batch": "▶ email 10:00",
        "review": "",
        "flags": "0",
    }


def test_pace_is_the_weeks_key_task_as_focus_status_json_says(day, monkeypatch, capsys) -> None:
    monkeypatch.setenv("FOCUS_CLOCK", FROZEN)
    assert main(["status", "--json"]) == 0
    ahead = json.loads(capsys.readouterr().out)["week"]["ahead"]
    assert ahead > 0
    assert line(monkeypatch, capsys, "{pace}") == f"ahead {ahead:,.0f}"


def test_done_and_planned_are_the_daily_reviews_figures(day, store, monkeypatch, capsys) -> None:
    figures = load_day_review(store, Config(), SAT).figures
    assert line(monkeypatch, capsys, "{done}/{planned} +{unplanned}") == (
        f"{figures.done_of_planned}/{len(figures.planned)} +{figures.unplanned_done}")


def test_a_paused_batch_and_no_batch(day, store, monkeypatch, capsys) -> None:
    run = store.active_run()
    store.update_run(run.id, lambda r: pause_or_resume(r, store.clock.now()), "pause")
    assert line(monkeypatch, capsys, "{batch}", at="2026-11-21T09:45:00+00:00") == "▶ email paused 10:00"
    store.update_run(run.id, lambda r: pause_or_resume(r, store.clock.now()), "resume")
    store.update_run(run.id, lambda r: end_run(r, store.clock.now(), "stopped"), "stop")
    assert line(monkeypatch, capsys, "[{batch}]") == "[]"


def test_review_shows_from_review_time_until_the_day_is_closed(day, store, monkeypatch, capsys) -> None:
    assert line(monkeypatch, capsys, "{review}") == ""
    assert line(monkeypatch, capsys, "{review}", at=EVENING) == "review"
    decisions = {task.id: "tomorrow" for task in store.needs_decision(SAT)}
    store.close_day(SAT, decisions)
    assert line(monkeypatch, capsys, "{review}", at=EVENING) == ""


def test_routine_flags_count(store, monkeypatch, capsys) -> None:
    store.add_routine(new_routine("Community check", "daily", store.clock.now(), SAT,
                                  variables=["new members >= 30"]))
    [instance] = [task for task in store.tasks() if task.routine_id is not None]
    assert line(monkeypatch, capsys, "{flags}") == "0"
    store.log_routine_values(instance.id, {"new members": "18"})
    assert line(monkeypatch, capsys, "⚠{flags}") == "⚠1"


def test_routine_instances_due_today_count_as_planned(store, monkeypatch, capsys) -> None:
    store.add_routine(new_routine("Inbox zero", "daily", store.clock.now(), SAT))
    assert line(monkeypatch, capsys, "{done}/{planned}") == "0/1"


def test_no_data_at_all(monkeypatch, capsys) -> None:
    assert line(monkeypatch, capsys, "{day} {done}/{planned} {batch} ⊘{blocked}") == "0/0 ⊘0"


def test_width_shortens_key_tasks_only(day, monkeypatch, capsys) -> None:
    assert line(monkeypatch, capsys, "{week}", "--width", "12") == "Launch the…"
    assert line(monkeypatch, capsys, "{week}|{done}", "--width", "0") == "Launch the new onboarding flow for every member|1"


# -- the format itself ---------------------------------------------------------------------------
def test_literal_braces_specs_and_text_pass_through(day, monkeypatch, capsys) -> None:
    assert line(monkeypatch, capsys, "{{done}} = {done}") == "{done} = 1"
    assert line(monkeypatch, capsys, "[{open:>3}]") == "[  4]"
    assert line(monkeypatch, capsys, "#[fg=red]{blocked}#[default]") == "#[fg=red]1#[default]"


@pytest.mark.parametrize("fmt, expected", [
    ("{batch} {done}/{planned}", "3/5"),
    ("{done}/{planned} {batch}", "3/5"),
    ("{day} {batch} {done}", "Plan 3"),
    ("{batch}  {done}", "3"),  # one space goes with the field, the line's outer spaces are trimmed
    ("{batch} {review}", ""),
    ("[{batch}] {done}", "[] 3"),
    ("{batch}", ""),
])
def test_an_empty_field_takes_one_neighbouring_space(fmt: str, expected: str) -> None:
    values = {"batch": "", "review": "", "done": "3", "planned": "5", "day": "Plan"}
    assert render(parse_format(fmt), values) == expected


def test_unknown_field_exits_2_naming_every_field(monkeypatch, capsys) -> None:
    error = usage_error(monkeypatch, capsys, "--format", "{done} {nope}")
    assert "unknown field {nope}" in error
    for name in FIELDS:
        assert f"{{{name}}}" in error


@pytest.mark.parametrize("args, says", [
    (["--format", "{done"], "literal brace"),
    (["--format", "done}"], "literal brace"),
    (["--format", "{done!r}"], "unknown field {done!r}"),
    (["--format", "{}"], "unknown field {}"),
    (["--format", "{done:d}"], "{done:d}"),
    (["--format", "{done}", "--width", "-1"], "--width"),
    (["--format", "{done}", "--width", "wide"], "--width"),
    (["--format", "{done}", "--json"], "not allowed with"),
])
def test_bad_formats_are_usage_errors(monkeypatch, capsys, args: list[str], says: str) -> None:
    assert says in usage_error(monkeypatch, capsys, *args)


def test_parse_format_refuses_before_anything_is_computed() -> None:
    with pytest.raises(ValidationError, match="unknown field"):
        parse_format("{planned} {done.real}")
    assert parse_format("a {done} b") == [("a ", "done", ""), (" b", None, "")]


def test_shorten() -> None:
    assert shorten("Run the launch webinar", 30) == "Run the launch webinar"
    assert shorten("Run the launch webinar", 10) == "Run the l…"
    assert shorten("Run the launch webinar", 9) == "Run the…"  # no space before the …
    assert shorten("Run  the\tlaunch", 0) == "Run the launch"
    assert shorten("abc", 1) == "…"


def _view(done: float, target: float | None, ahead: float = 0.0, days_left: int = 3, micro=()) -> SimpleNamespace:
    key = SimpleNamespace(done=done, target=target, unit="signups", micro_goals=micro,
                          micro_done=sum(1 for goal in micro if goal))
    pace = None if target is None else SimpleNamespace(ahead_by=ahead, days_left=days_left)
    return SimpleNamespace(key=key, pace=pace)


@pytest.mark.parametrize("view, expected", [
    (_view(1500, 2000, ahead=-500), "behind 500"),
    (_view(1620, 2000, ahead=120), "ahead 120"),
    (_view(1500, 2000, ahead=0.04), "on pace"),
    (_view(2000, 2000, ahead=300), "reached"),
    (_view(1800, 2000, ahead=-200, days_left=0), "short 200"),
    (_view(3, None), ""),
    (SimpleNamespace(key=None, pace=None), ""),
])
def test_pace_words(view, expected: str) -> None:
    assert pace_text(view) == expected


def test_progress_words() -> None:
    assert progress_text(_view(1500, 2000).key) == "1,500/2,000 signups"
    assert progress_text(_view(0, None, micro=(True, False, False)).key) == "1/3 steps"
    assert progress_text(_view(0, None).key) == ""
    assert progress_text(None) == ""


# -- `focus status` keeps its other forms; no UI is loaded ---------------------------------------------
def test_plain_status_is_unchanged_by_the_new_options(day, monkeypatch, capsys) -> None:
    monkeypatch.setenv("FOCUS_CLOCK", FROZEN)
    assert main(["status"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [row.split()[0] for row in lines] == ["quarter", "week", "day"]
    assert "Launch the new onboarding flow for every member · 1,500 / 2,000 signups" in lines[1]


def test_the_status_line_loads_no_textual(day, isolated_env) -> None:
    env = {**os.environ, **isolated_env, "FOCUS_CLOCK": FROZEN}
    report = probe_verb(["status", "--format", "{day} {done}/{planned} {batch}"], env)
    assert report["code"] == 0, report["stderr"]
    assert report["textual"] is False
