"""The task list draws a row that fits on one line its own, cheaper way (TaskList._draw_one_line_row);
these tests hold it to exactly what OptionList draws: the same segments, text and styles (meta
included, which carries clicks and text selection), for rows of every shape task_line makes, in
each row state, theme, width and option padding, and check it stands aside (OptionList draws the
row) whenever the row wraps or anything it does not handle is in play."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual.app import App, ComposeResult
from textual.content import Content
from textual.geometry import Offset
from textual.selection import Selection
from textual.strip import Strip
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from focus_tui.domain.tasks import Category, Status, Step, new_task
from focus_tui.widgets.task_list import TaskList, task_line

from tests.apphelpers import make_app, run_app, seed_realistic_day

SATURDAY = date(2026, 11, 21)
SATURDAY_MORNING = datetime.fromisoformat("2026-11-21T09:30:00+00:00")
DAY_KEY_ID = 7
ROW_STATES = ("option-list--option-highlighted", "option-list--option-hover", "option-list--option-disabled", "")


def drawn(strips: list[Strip]) -> list[tuple]:
    """Everything a strip hands on: each segment's text, its style, that style's meta, its control
    codes, and the strip's length."""
    return [(strip.cell_length, [(segment.text, segment.style, segment.style.meta if segment.style else None,
                                  segment.control) for segment in strip]) for strip in strips]


def row_styles(task_list: TaskList) -> list:
    """The styles OptionList draws a row with: plain, highlighted, hovered, disabled."""
    return [task_list.get_visual_style("option-list--option", *([state] if state else [])) for state in ROW_STATES]


def compare_rows(task_list: TaskList) -> tuple[int, int]:
    """Every row of the list in every style, both ways; returns how many the quick way drew and how
    many it left to OptionList."""
    padding = task_list.get_component_styles("option-list--option").padding
    width = task_list.scrollable_content_region.width
    quick = textual = 0
    for index, option in enumerate(task_list.options):
        for style in row_styles(task_list):
            expected = drawn(OptionList._get_option_render(task_list, option, style))
            one_line = task_list._draw_one_line_row(option, style, padding, width, index)
            if one_line is None:
                textual += 1
            else:
                quick += 1
                assert drawn(one_line) == expected, (option.prompt.plain, width, style)
            assert drawn(task_list._get_option_render(option, style)) == expected, (option.prompt.plain, width, style)
    return quick, textual


def every_shape(now) -> list:
    """Rows of each shape task_line makes: each category, carried, directive, the day's key task,
    doing, blocked, steps, kind, minutes, long titles that wrap, wide characters, emoji, markup."""
    titles = [
        "Draft the Q1 community plan", "Weekly metrics report", "x", "Review [bold]feedback[/bold] from the beta",
        "[red]not red[/] $category-planning \\[escaped]", "会議の準備をする 📅 🚀 ünïcödé", "e\u0301te\u0301 combining marks",
        "trailing spaces   ", "  leading spaces", "family 👨\u200d👩\u200d👧 joined", "heart ❤\ufe0f selector",
        "tab\tinside", "Plan " + "the very long quarter " * 8, "ワイド" * 30, "a" * 200,
        # more characters than cells, ending in spaces (Content.rstrip_end counts characters)
        "e\u0301" * 20 + "     ", "e\u0301" * 35 + "     ", "e\u0301" * 60 + "     ",
    ]
    shapes = [
        dict(category=Category.ROUTINE),
        dict(category=Category.PLANNING, minutes=90),
        dict(category=Category.ROUTINE, kind="report", minutes=30, day=SATURDAY - timedelta(days=2)),
        dict(category=Category.TRANSACTIONAL, kind="email", minutes=5, directive=True),
        dict(category=Category.PLANNING, key_task_id=DAY_KEY_ID, status=Status.DOING),
        dict(category=Category.ROUTINE, status=Status.BLOCKED, kind="forms"),
        dict(category=Category.TRANSACTIONAL, steps=(Step("one", True), Step("two"), Step("three", True))),
        dict(category=Category.ROUTINE, directive=True, key_task_id=DAY_KEY_ID, status=Status.DOING,
             day=SATURDAY - timedelta(days=9), kind="feedback", minutes=15),
        dict(category=Category.PLANNING, status=Status.BLOCKED, directive=True, day=SATURDAY - timedelta(days=1),
             steps=(Step("only"),), kind="a-very-long-kind-name", minutes=480),
    ]
    tasks = []
    for title in titles:
        for shape in shapes:
            fields = {"day": SATURDAY, **shape}
            tasks.append(replace(new_task("placeholder", now), id=len(tasks) + 1, title=title, **fields))
    return tasks


def test_every_row_shape_draws_as_option_list_draws_it(data_dir, clock):
    seed_realistic_day(data_dir, clock)
    app = make_app(data_dir, clock)
    tasks = every_shape(clock.now())

    async def scenario(pilot):
        task_list = app.screen.tasks_list
        counts = []
        for theme in ("focus-dark", "focus-light"):
            app.theme = theme
            for width in (48, 100, 160):
                await pilot.resize_terminal(width, 30)
                await pilot.pause()
                task_list.show_tasks(tasks, SATURDAY, DAY_KEY_ID)
                for focused in (True, False):
                    if focused:
                        task_list.focus()
                    else:
                        app.screen.set_focus(None)
                    await pilot.pause()
                    counts.append((theme, width, focused, *compare_rows(task_list)))
        return counts

    counts = run_app(app, scenario, (100, 30))
    assert len({theme for theme, *_ in counts}) == 2
    for theme, width, focused, quick, textual in counts:
        assert quick and textual, (theme, width, focused, quick, textual)  # both ways were compared


def test_the_rows_shown_at_start_are_drawn_the_quick_way(data_dir, clock):
    """So the quick way is what the board really uses: its rows fit (or this test, not the board,
    needs looking at)."""
    seed_realistic_day(data_dir, clock)
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        return compare_rows(app.screen.tasks_list)

    quick, textual = run_app(app, scenario, (100, 30))
    assert quick and not textual


TITLES = st.text(st.characters(codec="utf-8"), max_size=90) | st.sampled_from(
    ["[b]x[/b]", "📅📅", "a\u200db", "\t", "\n", "ー" * 60, "   ", "$foreground", "@click=app.bell", "\u0301"])


def test_any_title_kind_and_state_draws_as_option_list_draws_it(data_dir, clock):
    seed_realistic_day(data_dir, clock)
    app = make_app(data_dir, clock)
    now = clock.now()

    async def scenario(pilot):
        task_list = app.screen.tasks_list
        task_list.focus()
        await pilot.pause()
        drawn_quick = []

        @settings(max_examples=150, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        @given(titles=st.lists(TITLES, min_size=1, max_size=4),
               category=st.sampled_from(list(Category)),
               status=st.sampled_from([Status.TODO, Status.DOING, Status.BLOCKED]),
               kind=st.none() | st.text("abcdefghijklmnopqrstuvwxyz-é", min_size=1, max_size=40),
               minutes=st.none() | st.integers(1, 100_000),
               days_back=st.integers(0, 3), directive=st.booleans(), linked=st.booleans(),
               steps=st.lists(st.booleans(), max_size=12))
        def check(titles, category, status, kind, minutes, days_back, directive, linked, steps):
            tasks = [replace(new_task("placeholder", now), id=number, title=title, category=category, status=status,
                             kind=kind, minutes=minutes, day=SATURDAY - timedelta(days=days_back), directive=directive,
                             key_task_id=DAY_KEY_ID if linked else None,
                             steps=tuple(Step(f"step {n}", done) for n, done in enumerate(steps)))
                     for number, title in enumerate(titles, 1)]
            task_list.show_tasks(tasks, SATURDAY, DAY_KEY_ID)
            drawn_quick.append(compare_rows(task_list)[0])

        check()
        return drawn_quick

    drawn_quick = run_app(app, scenario, (80, 24))
    assert sum(drawn_quick) > 100


CATEGORY_COLOURS = {"category-planning": "#d08770", "category-routine": "#88c0d0", "category-transactional": "#a3be8c"}


class ListApp(App):
    """A task list alone, styled by the CSS each test gives."""

    def __init__(self, css: str) -> None:
        self.CSS = css
        super().__init__()

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return {**super().get_theme_variable_defaults(), **CATEGORY_COLOURS}

    def compose(self) -> ComposeResult:
        yield TaskList()


def run_list(css: str, prompts: list[Content], prepare=None):
    """Compare every row of a TaskList showing `prompts` under `css`; returns the counts of
    compare_rows. `prepare(app, task_list)` runs before the list has any row to draw."""
    app = ListApp(css)

    async def main(pilot):
        task_list = app.query_one(TaskList)
        if prepare is not None:
            prepare(app, task_list)
        task_list.set_options(Option(prompt, id=str(number)) for number, prompt in enumerate(prompts))
        task_list.highlighted = 0
        await pilot.pause()
        return compare_rows(task_list)

    return run_app(app, main, (70, 20))


def shape_prompts() -> list[Content]:
    return [task_line(task, SATURDAY, DAY_KEY_ID) for task in every_shape(SATURDAY_MORNING)]


def test_option_padding_is_drawn_as_option_list_draws_it():
    for padding in ("0 1", "0 1 0 3", "0 0 0 2", "0 5 0 0"):
        quick, textual = run_list(f"TaskList > .option-list--option {{ padding: {padding}; }}", shape_prompts())
        assert quick and textual, padding


def test_what_the_quick_way_does_not_handle_is_left_to_option_list():
    """Vertical padding, other alignments, wrapping rules and line padding: every row goes
    OptionList's way (and still draws the same)."""
    for css in ("TaskList > .option-list--option { padding: 1 1; }", "TaskList { text-align: right; }",
                "TaskList { text-align: center; }", "TaskList { content-align: center middle; }",
                "TaskList { line-pad: 1; }", "TaskList { text-wrap: nowrap; text-overflow: ellipsis; }",
                "TaskList { text-overflow: ellipsis; }", "TaskList { text-wrap: nowrap; }"):
        quick, textual = run_list(css, shape_prompts())
        assert not quick and textual, css


def test_selected_text_and_clickable_markup_are_left_to_option_list():
    """(OptionList does not let a person select text, but its drawing would show a selection.)"""
    def select(app, task_list):
        app.screen.selections = {task_list: Selection(Offset(0, 0), Offset(5, 1))}

    quick, textual = run_list("", shape_prompts(), select)
    assert not quick and textual
    clickable = [Content.from_markup("[@click=app.bell]ring[/] the bell"), Content.from_markup("[link='https://x']link[/]")]
    quick, textual = run_list("", clickable)
    assert not quick and textual
