"""The parsed-CSS cache (focus_tui/startup_cache.py): a later start uses the rules an earlier one
saved and draws the same screen; anything that changes a parse misses; a broken or unwritable
cache only means parsing again. Real files, in the test's own XDG cache dir. (The theme files kept
in the same file: tests/test_themes.py.)"""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest
import textual.css.stylesheet as textual_stylesheet
from textual.css.stylesheet import StylesheetParseError

import focus_tui.startup_cache as startup_cache
from focus_tui.app import FocusApp
from focus_tui.screens.board import BoardScreen
from focus_tui.paths import startup_cache_file
from focus_tui.startup_cache import STYLESHEET_SECTION, DiskCachedStylesheet, read_cache_file

from tests.apphelpers import make_app, run_app, seed_realistic_board, seed_realistic_day

CSS = """
Label.note {
    color: $accent;
    padding: 1 2;
}
#title > Static { text-style: bold; }
"""
VARIABLES = {"accent": "#ff8800"}
SOURCE = ("/somewhere/notes.tcss", "")


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Where each CSS text Textual really parsed came from (calls of textual.css.parse.parse)."""
    seen: list[tuple[str, str]] = []
    parse = textual_stylesheet.parse

    def counting_parse(scope, css, read_from, *args, **kwargs):
        seen.append(read_from)
        return parse(scope, css, read_from, *args, **kwargs)

    monkeypatch.setattr(textual_stylesheet, "parse", counting_parse)
    return seen


def stylesheet_with(css: str = CSS, variables: dict[str, str] = VARIABLES, read_from=SOURCE, is_default=False,
                    tie_breaker=0, scope="") -> DiskCachedStylesheet:
    stylesheet = DiskCachedStylesheet(variables=dict(variables))
    stylesheet.add_source(css, read_from=read_from, is_default_css=is_default, tie_breaker=tie_breaker, scope=scope)
    stylesheet.parse()
    return stylesheet


def saved(stylesheet: DiskCachedStylesheet) -> DiskCachedStylesheet:
    stylesheet.startup_cache.save()
    return stylesheet


def stored_rules(cache: Path) -> dict:
    """The stylesheet entries the cache file holds."""
    return startup_cache.stored_rules(startup_cache.read_cache_file(cache).get(STYLESHEET_SECTION))


def rules_css(stylesheet) -> list[str]:
    return [rule.css for rule in stylesheet.rules]


def rules_in_full(stylesheet) -> list[tuple]:
    """Every part of every rule (RuleSet.css fails on some of Textual's own default rules)."""
    from textual.layout import Layout

    def comparable(value):  # a parse makes a new (stateless) layout object for each rule
        return repr(value) if isinstance(value, Layout) else value

    return [(rule.selectors, {name: comparable(value) for name, value in rule.styles.get_rules().items()},
             sorted(rule.styles.important), rule.errors, rule.is_default_rules, rule.tie_breaker,
             sorted(rule.selector_names), sorted(rule.pseudo_classes)) for rule in stylesheet.rules]


def test_the_cache_lives_in_the_user_cache_dir(isolated_env):
    assert startup_cache_file() == Path(isolated_env["XDG_CACHE_HOME"]) / "focus-tui" / "startup-cache.pickle"


def test_a_second_start_uses_the_saved_rules_and_draws_the_same_screen(data_dir, clock, parses):
    seed_realistic_day(data_dir, clock)

    def start() -> tuple[str, list[tuple], type]:
        app = make_app(data_dir, clock)

        async def scenario(pilot):
            await pilot.pause()
            return app.export_screenshot(), rules_in_full(app.stylesheet), type(app.screen)

        return run_app(app, scenario, size=(120, 36))

    first = start()
    parsed_at_first = list(parses)
    assert startup_cache_file().exists()
    parses.clear()
    second = start()
    assert any(path.endswith("focus.tcss") for path, _ in parsed_at_first)
    assert parses == []  # focus.tcss, and every widget's default CSS, came from the file
    assert second[2] is BoardScreen
    assert second[1] == first[1]
    assert second[0] == first[0]


def test_the_rules_are_saved_after_the_first_frame_and_not_rewritten_when_unchanged(data_dir, clock, monkeypatch):
    seed_realistic_day(data_dir, clock)
    cache = startup_cache_file()
    exists_at_first_frame: list[bool] = []
    display = FocusApp._display

    def noting_display(app, screen, renderable):
        if renderable is not None and not exists_at_first_frame:
            exists_at_first_frame.append(cache.exists())
        return display(app, screen, renderable)

    monkeypatch.setattr(FocusApp, "_display", noting_display)
    run_app(make_app(data_dir, clock), lambda pilot: pilot.pause())
    assert exists_at_first_frame == [False] and cache.exists()
    written = cache.stat()
    run_app(make_app(data_dir, clock), lambda pilot: pilot.pause())
    assert (cache.stat().st_ino, cache.stat().st_mtime_ns) == (written.st_ino, written.st_mtime_ns)


def test_stored_rules_are_used_when_nothing_changed(parses):
    first = saved(stylesheet_with())
    assert len(parses) == 1
    second = stylesheet_with()
    assert len(parses) == 1
    assert rules_css(second) == rules_css(first)
    assert "#FF8800" in rules_css(second)[0]


@pytest.mark.parametrize("change", [
    dict(css=CSS.replace("padding: 1 2", "padding: 2 1")),
    dict(variables={"accent": "#0088ff"}),
    dict(read_from=("/elsewhere/notes.tcss", "")),
    dict(is_default=True),
    dict(tie_breaker=1),
    dict(scope="Screen"),
], ids=["css", "variables", "read_from", "default css", "tie breaker", "scope"])
def test_anything_that_changes_a_parse_misses(parses, change):
    saved(stylesheet_with())
    changed = stylesheet_with(**change)
    fresh = textual_stylesheet.Stylesheet(variables=dict(change.get("variables", VARIABLES)))
    fresh.add_source(change.get("css", CSS), read_from=change.get("read_from", SOURCE),
                     is_default_css=change.get("is_default", False), tie_breaker=change.get("tie_breaker", 0),
                     scope=change.get("scope", ""))
    assert len(parses) == 2
    assert rules_css(changed) == rules_css(fresh)


@pytest.mark.parametrize("other", ["textual", "focus-tui", "format"])
def test_a_file_written_by_another_textual_focus_tui_or_format_is_not_read(parses, monkeypatch, other):
    saved(stylesheet_with())
    if other == "textual":
        identity = startup_cache.textual_identity()
        monkeypatch.setattr(startup_cache, "textual_identity", lambda: identity + " (another install)")
    elif other == "focus-tui":
        monkeypatch.setattr(startup_cache, "__version__", "99.0")
    else:
        monkeypatch.setattr(startup_cache, "FORMAT", startup_cache.FORMAT + 1)
    saved(stylesheet_with())
    assert len(parses) == 2
    stylesheet_with()  # and the file was rewritten for this one
    assert len(parses) == 2


def test_rules_with_errors_are_never_kept(parses):
    broken = "Label { colour: red; }"
    for _ in range(2):
        stylesheet = DiskCachedStylesheet(variables=dict(VARIABLES))
        stylesheet.add_source(broken, read_from=SOURCE)
        with pytest.raises(StylesheetParseError):
            stylesheet.parse()
        stylesheet.startup_cache.save()
    assert len(parses) == 2
    # The file may keep the variables' tokens (made for the parse), never the broken rules.
    assert not read_cache_file(startup_cache_file()).get(STYLESHEET_SECTION)


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty", "header only", "not a dict", "section not a dict",
                                    "bad entry", "entry not rules"])
def test_a_broken_cache_file_means_parsing_again_and_is_replaced(parses, damage):
    saved(stylesheet_with())
    cache = startup_cache_file()
    good = cache.read_bytes()
    header = startup_cache.cache_header()
    entries = pickle.loads(good[len(header):])[STYLESHEET_SECTION]

    def with_rules(section) -> bytes:
        return header + pickle.dumps({STYLESHEET_SECTION: section})

    damaged = {
        "garbage": b"\x80\x05not a pickle at all",
        "truncated": good[: len(good) // 2],
        "empty": b"",
        "header only": header,
        "not a dict": header + pickle.dumps(["a", "list"]),
        "section not a dict": with_rules(["a", "list"]),
        "bad entry": with_rules({key: (css, variables, b"\x80\x05broken") for key, (css, variables, _) in entries.items()}),
        "entry not rules": with_rules({key: (css, variables, pickle.dumps({"not": "rules"}))
                                       for key, (css, variables, _) in entries.items()}),
    }[damage]
    cache.write_bytes(damaged)
    if damage not in ("bad entry", "entry not rules"):
        assert stored_rules(cache) == {}
    again = saved(stylesheet_with())
    assert len(parses) == 2
    assert rules_css(again) == rules_css(stylesheet_with())  # the new file's rules
    assert len(parses) == 2
    assert cache.read_bytes() != damaged


def test_an_app_starts_over_a_corrupt_cache_file_and_replaces_it(data_dir, clock):
    seed_realistic_day(data_dir, clock)
    cache = startup_cache_file()
    cache.parent.mkdir(parents=True)
    cache.write_bytes(b"focus-tui start-up cache, cut short")

    async def scenario(pilot):
        return type(pilot.app.screen)

    assert run_app(make_app(data_dir, clock), scenario) is BoardScreen
    assert stored_rules(cache)


def test_only_the_rules_a_start_used_are_kept(parses):
    two = DiskCachedStylesheet(variables=dict(VARIABLES))
    two.add_source(CSS, read_from=SOURCE)
    two.add_source("Static { width: 1fr; }", read_from=("/somewhere/other.tcss", ""))
    two.parse()
    two.startup_cache.save()
    assert len(stored_rules(startup_cache_file())) == 2
    saved(stylesheet_with())
    assert list(stored_rules(startup_cache_file())) == [(SOURCE, False, 0, "")]
    assert len(parses) == 2


def test_rules_that_cannot_be_pickled_are_skipped_and_the_rest_saved(parses):
    stylesheet = DiskCachedStylesheet(variables=dict(VARIABLES))
    stylesheet.add_source(CSS, read_from=SOURCE)
    stylesheet.add_source("Static { width: 1fr; }", read_from=("/somewhere/other.tcss", ""))
    stylesheet.parse()
    stylesheet.rules[-1].styles.node = lambda: None  # a lambda cannot be pickled
    stylesheet.startup_cache.save()
    assert list(stored_rules(startup_cache_file())) == [(SOURCE, False, 0, "")]


def test_a_cache_dir_that_cannot_be_created_does_not_break_the_start(data_dir, clock, isolated_env, monkeypatch, tmp_path):
    in_the_way = tmp_path / "a-file"
    in_the_way.write_text("not a directory")
    monkeypatch.setenv("XDG_CACHE_HOME", str(in_the_way / "cache"))
    seed_realistic_day(data_dir, clock)

    async def scenario(pilot):
        await pilot.pause()
        return type(pilot.app.screen)

    assert run_app(make_app(data_dir, clock), scenario) is BoardScreen
    assert not startup_cache_file().exists()


@pytest.mark.parametrize("how", ["mode 0500", "EROFS"])
def test_a_read_only_cache_dir_does_not_break_the_start(data_dir, clock, monkeypatch, how):
    seed_realistic_day(data_dir, clock)
    cache_dir = startup_cache_file().parent
    cache_dir.mkdir(parents=True)
    if how == "EROFS":  # what root, whom no mode stops, meets on a read-only mount
        import tempfile

        def read_only(*args, **kwargs):
            raise OSError(30, "Read-only file system")

        monkeypatch.setattr(tempfile, "mkstemp", read_only)
    elif hasattr(os, "geteuid") and os.geteuid() == 0:
        pytest.skip("root writes into a read-only dir")
    cache_dir.chmod(0o500)
    try:
        async def scenario(pilot):
            await pilot.pause()
            return type(pilot.app.screen)

        assert run_app(make_app(data_dir, clock), scenario) is BoardScreen
        assert list(cache_dir.iterdir()) == []
    finally:
        cache_dir.chmod(0o700)


@pytest.mark.parametrize("failing", ["write", "replace"])
def test_a_full_disk_leaves_the_old_file_and_no_temporary_one(parses, monkeypatch, failing):
    saved(stylesheet_with())
    cache = startup_cache_file()
    before = cache.read_bytes()

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    if failing == "write":
        monkeypatch.setattr(startup_cache.os, "fdopen", full)
    else:
        monkeypatch.setattr(startup_cache.os, "replace", full)
    saved(stylesheet_with(css=CSS + "\nStatic { height: 3; }"))
    assert cache.read_bytes() == before
    assert [path.name for path in cache.parent.iterdir()] == [cache.name]


def test_two_starts_saving_one_after_the_other_leave_the_last_ones_file(parses):
    first = stylesheet_with()
    second = stylesheet_with(css=CSS + "\nStatic { height: 3; }")
    first.startup_cache.save()
    second.startup_cache.save()
    cache = startup_cache_file()
    assert [path.name for path in cache.parent.iterdir()] == [cache.name]
    stylesheet_with(css=CSS + "\nStatic { height: 3; }")
    assert len(parses) == 2


def computed_styles(screen) -> dict[str, dict]:
    return {f"{type(node).__name__}#{node.id}/{index}": dict(node._css_styles._rules)
            for index, node in enumerate(screen.walk_children(with_self=True))}


@pytest.mark.parametrize("size", [(80, 24), (60, 20), (120, 36)])
@pytest.mark.parametrize("theme", ["focus-dark", "focus-light"])
def test_the_board_shown_first_is_styled_as_a_full_restyle_would_style_it(data_dir, clock, size, theme, monkeypatch):
    """At its first showing the board restyles only what was styled before the rules changed
    (BoardScreen.on_screen_resume), where Textual restyles every widget: the result must be what
    restyling every widget gives."""
    seed_realistic_day(data_dir, clock)
    app = make_app(data_dir, clock)
    app._start_with_theme(theme)  # before any CSS is read, as at start
    restyled_at_first_show: list[int] = []
    update_nodes = DiskCachedStylesheet.update_nodes

    def counting_update_nodes(stylesheet, nodes, animate=False):
        nodes = list(nodes)
        if any(isinstance(node, BoardScreen) for node in nodes):
            restyled_at_first_show.append(len(nodes))
        return update_nodes(stylesheet, nodes, animate)

    monkeypatch.setattr(DiskCachedStylesheet, "update_nodes", counting_update_nodes)

    async def scenario(pilot):
        await pilot.pause()
        board = app.screen
        assert isinstance(board, BoardScreen)
        shown = computed_styles(board)
        app.stylesheet.update_nodes(board.walk_children(with_self=True))
        return shown, computed_styles(board)

    shown, restyled_fully = run_app(app, scenario, size=size)
    assert shown == restyled_fully
    assert len(shown) > 10
    # Only the screen itself (styled before it composed its widgets) was restyled at first show.
    assert restyled_at_first_show[0] == 1


OPENED_BY = {  # key on the board: the screen or dialog it opens
    "R": "DayReviewScreen", "Q": "QueueScreen", "b": "BlockerDialog", "question_mark": "HelpScreen",
    "enter": "TaskDetailsDialog", "B": "BlockersScreen", "O": "OkrScreen", "a": "TextPromptDialog",
}


@pytest.mark.parametrize("key", sorted(OPENED_BY))
def test_every_screen_and_dialog_opened_is_styled_as_a_full_restyle_would_style_it(data_dir, clock, key):
    """Opened for the first time, again, again after a theme change while it was closed, and again
    after the app's own classes changed: each time the screen restyles only what is stale
    (RestylesOnlyStale), and must look as Textual's restyle of every widget does."""
    seed_realistic_board(data_dir, clock)
    app = make_app(data_dir, clock)

    async def open_and_compare(pilot) -> tuple[str, bool]:
        app.screen.query_one("#tasks").focus() if isinstance(app.screen, BoardScreen) else None
        await pilot.press(key)
        await pilot.pause()
        screen = app.screen
        shown = computed_styles(screen)
        app.stylesheet.update_nodes(screen.walk_children(with_self=True))
        same = shown == computed_styles(screen)
        await pilot.press("escape")
        await pilot.pause()
        return type(screen).__name__, same

    async def scenario(pilot):
        await pilot.pause()
        # Styles that follow the app's own classes, as a user's CSS or a later Textual could have.
        app.stylesheet.add_source("App.-probe Screen { background: red; } App.-probe Static { color: red; }",
                                  read_from=("test", "app classes"))
        app.stylesheet.update(app)
        await pilot.pause()
        results = [await open_and_compare(pilot), await open_and_compare(pilot)]
        app.theme = "focus-light"
        await pilot.pause()
        results.append(await open_and_compare(pilot))
        app.add_class("-probe")  # Textual restyles only the screen on top for it
        await pilot.pause()
        results.append(await open_and_compare(pilot))
        return results

    results = run_app(app, scenario, size=(100, 30))
    assert [name for name, _same in results] == [OPENED_BY[key]] * 4
    assert [same for _name, same in results] == [True] * 4


def test_nodes_styled_before_new_css_came_in_are_found_and_only_they(data_dir, clock):
    seed_realistic_day(data_dir, clock)
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        await pilot.pause()
        board = app.screen
        stylesheet = app.stylesheet
        up_to_date = stylesheet.styled_before_current_rules(board)
        stylesheet.add_source("#banner { color: red; }", read_from=("test", "late"))
        stylesheet.rules  # parsed now: a new list of rules
        all_stale = stylesheet.styled_before_current_rules(board)
        banner = board.query_one("#banner")
        stylesheet.update_nodes([banner])
        return up_to_date, len(all_stale), len(list(board.walk_children(with_self=True))), banner in stylesheet.styled_before_current_rules(board)

    up_to_date, stale, nodes, banner_stale = run_app(app, scenario)
    assert up_to_date == []
    assert stale == nodes
    assert not banner_stale


def test_the_theme_variables_are_tokenized_once_and_again_only_when_they_change(monkeypatch):
    import focus_tui.startup_cache as startup_cache

    made: list[int] = []
    tokenize = startup_cache.tokenize_values

    def counting_tokenize(variables):
        made.append(len(variables))
        return tokenize(variables)

    monkeypatch.setattr(startup_cache, "tokenize_values", counting_tokenize)

    def tokens_of(variables: dict[str, str]) -> dict:
        stylesheet = DiskCachedStylesheet(variables=dict(variables))
        tokens = stylesheet._variable_tokens
        stylesheet.startup_cache.save()
        return tokens

    first = tokens_of(VARIABLES)
    second = tokens_of(VARIABLES)
    assert made == [1]
    assert [token.value for token in second["accent"]] == [token.value for token in first["accent"]] == ["#ff8800"]
    tokens_of({"accent": "#0088ff"})
    assert made == [1, 1]
    assert [token.value for token in tokens_of({"accent": "#0088ff"})["accent"]] == ["#0088ff"]
    assert made == [1, 1]
