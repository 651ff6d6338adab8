"""Themes from files: bundled ones load, broken user files are reported once and never crash, and a
start whose files are unchanged since the last one takes them from the start-up cache, unparsed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from focus_tui.themes import (
    AA_TEXT, SEMANTIC_VARIABLES, bundled_themes_dir, contrast_ratio, load_theme_file, load_themes, semantic_colors,
    text_contrasts,
)

from tests.apphelpers import make_app, run_app, seed_realistic_board


def write(directory: Path, name: str, text: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def test_bundled_themes_all_load():
    themes, problems = load_themes([bundled_themes_dir()])
    assert problems == []
    assert {"focus-dark", "focus-light"} <= {theme.name for theme in themes}


def test_each_broken_file_is_named_with_its_problem(tmp_path):
    user = tmp_path / "themes"
    write(user, "good.toml", 'name = "mine"\nprimary = "#112233"\n[variables]\ncategory-planning = "red"\n')
    write(user, "syntax.toml", 'name = "x"\nprimary = \n')
    write(user, "colour.toml", 'name = "y"\nprimary = "not-a-colour"\n')
    write(user, "unknown.toml", 'name = "z"\nprimary = "#000000"\nsparkle = true\n')
    write(user, "noprimary.toml", 'name = "w"\n')
    themes, problems = load_themes([bundled_themes_dir(), user])
    assert "mine" in {theme.name for theme in themes}
    assert len(problems) == 4
    joined = "\n".join(problems)
    for fragment in ("syntax.toml", "colour.toml: primary", "unknown.toml: unknown key 'sparkle'", "noprimary.toml: primary colour is missing"):
        assert fragment in joined


def test_a_user_theme_may_replace_a_bundled_one_by_name(tmp_path):
    user = tmp_path / "themes"
    write(user, "override.toml", 'name = "focus-dark"\nprimary = "#FF0000"\n')
    themes, _ = load_themes([bundled_themes_dir(), user])
    [dark] = [theme for theme in themes if theme.name == "focus-dark"]
    assert dark.primary == "#FF0000"


def test_app_shows_theme_and_config_problems_once_and_uses_the_configured_theme(data_dir, clock, isolated_env):
    config = Path(isolated_env["FOCUS_CONFIG"])
    write(config.parent, config.name, 'theme = "focus-light"\nday_start_hour = 99\n')
    write(config.parent / "themes", "broken.toml", "primary = [\n")
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        return app.theme, [note.message for note in app._notifications]

    theme, notes = run_app(app, scenario)
    assert theme == "focus-light"
    assert sum("broken.toml" in note for note in notes) == 1
    assert sum("day_start_hour" in note for note in notes) == 1


# -- the four bundled themes -------------------------------------------------------------------

BUNDLED = ("focus-dark", "focus-light", "focus-high-contrast", "focus-ember")


def bundled(name: str):
    return load_theme_file(bundled_themes_dir() / f"{name}.toml")


def test_four_themes_are_bundled_a_dark_default_a_light_one_and_high_contrast():
    names = {path.stem for path in bundled_themes_dir().glob("*.toml")}
    assert set(BUNDLED) <= names
    assert bundled("focus-dark").dark and not bundled("focus-light").dark
    for name in BUNDLED:
        theme = bundled(name)
        assert theme.name == name
        # Every bundled theme chooses its own semantic colours rather than relying on fallbacks.
        assert set(SEMANTIC_VARIABLES) <= set(theme.variables), name


def test_contrast_ratio_follows_wcag():
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast_ratio("#FFFFFF", "#FFFFFF") == pytest.approx(1.0)
    assert contrast_ratio("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)  # the classic AA grey
    # A translucent colour is blended onto the background first.
    assert contrast_ratio("#FFFFFF00", "#000000") == pytest.approx(1.0)


@pytest.mark.parametrize("name", BUNDLED)
def test_text_contrast_of_every_bundled_theme(name, capsys):
    ratios = text_contrasts(bundled(name))
    # The report: every text colour the app uses, against the background it is drawn on.
    with capsys.disabled():
        low = {f"{text} on {back}": ratio for (text, back), ratio in ratios.items() if ratio < AA_TEXT}
        print(f"\n{name}: lowest {min(ratios.values()):.2f}:1, below AA: {low or 'none'}")
    assert ratios[("foreground", "background")] >= AA_TEXT
    if name == "focus-high-contrast":
        failing = {pair: ratio for pair, ratio in ratios.items() if ratio < AA_TEXT}
        assert not failing
        assert min(ratios.values()) >= 7  # it promises AAA
    # The bundled themes are all designed to AA for every text colour; keep it that way.
    assert min(ratios.values()) >= AA_TEXT, {pair: r for pair, r in ratios.items() if r < AA_TEXT}


def test_every_semantic_variable_is_used_by_the_ui():
    sources = "\n".join(path.read_text(encoding="utf-8") for path in Path("focus_tui").rglob("*.py")
                        if path.name != "themes.py")
    sources += (Path("focus_tui") / "focus.tcss").read_text(encoding="utf-8")
    for variable in SEMANTIC_VARIABLES:
        family = variable.split("-")[0]
        # Either spelled out ($pace-ahead) or built from the enum value ($cause-{cause.value}).
        assert f"${variable}" in sources or f"${family}-{{" in sources, variable


def test_textual_themes_get_semantic_colours_from_their_own_palette():
    from textual.theme import BUILTIN_THEMES

    light = semantic_colors(BUILTIN_THEMES["textual-light"])
    assert set(light) == set(SEMANTIC_VARIABLES)
    generated = BUILTIN_THEMES["textual-light"].to_color_system().generate()
    assert light["pace-behind"] == generated["warning"] and light["category-planning"] == generated["primary"]


# -- broken files ------------------------------------------------------------------------------

@pytest.mark.parametrize("text, problem", [
    ('name = "x"\nprimary = "#12345"\n', "primary = '#12345' is not a colour"),
    ('name = "x"\nprimary = "#112233"\nbackground = 12\n', "background must be a colour string"),
    ('name = "x"\nprimary = "#112233"\n[variables]\ncause-people = "blurple"\n',
     "variables.cause-people = 'blurple' is not a colour"),
    ('name = "x"\nprimary = "#112233"\n[variables]\n"Cause People" = "#FFFFFF"\n', "'Cause People' is not a variable name"),
    ('name = "x"\nbackground = "#000000"\n', "primary colour is missing"),
    ('name = ""\nprimary = "#112233"\n', "name must be a non-empty string"),
    ('name = "x"\nprimary = "#112233"\ndark = "yes"\n', "dark must be true or false"),
    ('name = "x"\nprimary = "#112233"\nvariables = "red"\n', "[variables] must be a table"),
    ('name = "x"\nprimary = "#112233"\ntext_alpha = "high"\n', "text_alpha must be a number"),
    ("<theme><primary>#112233</primary></theme>\n", "not valid TOML"),
    ('name = "x"\nprimary = "#112233"\nprimary = "#445566"\n', "not valid TOML"),
])
def test_each_kind_of_broken_file_is_reported_with_file_and_problem_and_skipped(tmp_path, text, problem):
    write(tmp_path, "mine.toml", 'name = "mine"\nprimary = "#112233"\n')
    write(tmp_path, "broken.toml", text)
    themes, problems = load_themes([tmp_path])
    assert [theme.name for theme in themes] == ["mine"]
    [message] = problems
    assert "broken.toml: " in message and problem in message, message


def test_a_theme_file_that_is_not_utf8_or_not_readable(tmp_path):
    (tmp_path / "latin1.toml").write_bytes(b'name = "caf\xe9"\nprimary = "#112233"\n')
    (tmp_path / "folder.toml").mkdir()
    themes, problems = load_themes([tmp_path])
    assert themes == []
    assert any("latin1.toml: not UTF-8 text" in p for p in problems)
    assert any("folder.toml: cannot be read" in p for p in problems)


def test_the_app_uses_a_users_theme_that_replaces_a_bundled_one(data_dir, clock, isolated_env):
    config = Path(isolated_env["FOCUS_CONFIG"])
    write(config.parent / "themes", "my-dark.toml", 'name = "focus-dark"\nprimary = "#FF0000"\n')
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        return app.theme, app.current_theme.primary, [n.message for n in app._notifications]

    theme, primary, notes = run_app(app, scenario)
    assert (theme, primary) == ("focus-dark", "#FF0000")
    assert not any("Themes" in note for note in notes)


def test_all_broken_theme_files_are_listed_in_one_notice(data_dir, clock, isolated_env):
    config = Path(isolated_env["FOCUS_CONFIG"])
    themes = config.parent / "themes"
    write(themes, "colour.toml", 'name = "c"\nprimary = "nope"\n')
    write(themes, "syntax.toml", "primary = [\n")
    write(themes, "fine.toml", 'name = "fine"\nprimary = "#336699"\n')
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        return [(n.title, n.message) for n in app._notifications], set(app.available_themes)

    notes, available = run_app(app, scenario)
    theme_notes = [message for title, message in notes if title == "Themes"]
    assert len(theme_notes) == 1
    [message] = theme_notes
    assert f"{themes}/colour.toml: primary = 'nope' is not a colour" in message
    assert f"{themes}/syntax.toml: not valid TOML" in message
    assert "fine" in available and {"c"}.isdisjoint(available)


def test_an_unknown_configured_theme_falls_back_to_focus_dark_and_says_so(data_dir, clock, isolated_env):
    config = Path(isolated_env["FOCUS_CONFIG"])
    write(config.parent, config.name, 'theme = "no-such-theme"\n')
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        return app.theme, [n.message for n in app._notifications]

    theme, notes = run_app(app, scenario)
    assert theme == "focus-dark"
    assert any("'no-such-theme' is not available" in note for note in notes)


@pytest.mark.parametrize("name", ["focus-light", "textual-light"])
def test_the_ui_draws_with_the_semantic_colours_of_the_theme(data_dir, clock, isolated_env, name):
    """Category marks, pace words and cause names resolve to the theme's $category-*, $pace-* and
    $cause-* colours (Textual's themes get fallbacks from their own palette)."""
    from textual.color import Color
    from textual.geometry import Region

    from focus_tui.widgets.task_list import TaskList

    config = Path(isolated_env["FOCUS_CONFIG"])
    write(config.parent, config.name, f'theme = "{name}"\n')
    seed_realistic_board(data_dir, clock)
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        tasks = app.screen.query_one(TaskList)
        [strip] = tasks.render_lines(Region(0, 1, tasks.size.width, 1))  # "P ▶ Draft the Q1 community plan"
        mark = next(segment for segment in strip if segment.text.strip())
        return app.theme_variables, tasks.get_option_at_index(1).prompt, mark

    variables, prompt, mark = run_app(app, scenario)
    assert mark.text.startswith("P")
    assert Color.from_rich_color(mark.style.color) == Color.parse(variables["category-planning"])
    assert set(SEMANTIC_VARIABLES) <= set(variables)
    assert prompt.plain.startswith("P ")
    assert any("$category-planning" in str(span.style) for span in prompt.spans)
    Color.parse(variables["category-planning"])


# -- theme files kept in the start-up cache ----------------------------------------------------

GOOD = 'name = "mine"\nprimary = "#112233"\n[variables]\ncause-people = "#445566"\n'


@pytest.fixture
def toml_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The text of every theme file parsed with tomllib (calls of tomllib.loads)."""
    import tomllib

    seen: list[str] = []
    loads = tomllib.loads

    def counting_loads(text, *args, **kwargs):
        seen.append(text)
        return loads(text, *args, **kwargs)

    monkeypatch.setattr(tomllib, "loads", counting_loads)
    return seen


def start(user: Path, cache_file: Path) -> tuple[list, list[str]]:
    """What a start loads, as FocusApp._load_themes does: the bundled themes (trusted) and the
    user's, with the cache file read first and saved after."""
    from focus_tui.startup_cache import StartupCache
    from focus_tui.themes import KnownThemeFiles

    cache = StartupCache(cache_file)
    known = KnownThemeFiles.kept_in(cache)
    loaded = load_themes([bundled_themes_dir(), user], trusted=bundled_themes_dir(), known=known)
    cache.save()
    return loaded


def uncached(user: Path) -> tuple[list, list[str]]:
    return load_themes([bundled_themes_dir(), user], trusted=bundled_themes_dir())


def test_a_start_with_unchanged_theme_files_parses_none_and_loads_the_same_themes(tmp_path, toml_reads):
    user = tmp_path / "themes"
    write(user, "mine.toml", GOOD)
    write(user, "broken.toml", 'name = "x"\nprimary = "nope"\n')
    first = start(user, tmp_path / "cache.pickle")
    assert len(toml_reads) == len(list(bundled_themes_dir().glob("*.toml"))) + 2
    toml_reads.clear()
    second = start(user, tmp_path / "cache.pickle")
    assert toml_reads == ['name = "x"\nprimary = "nope"\n']  # a broken file is read, and reported, every time
    assert second == first == uncached(user)
    [broken] = second[1]
    assert "broken.toml: primary = 'nope' is not a colour" in broken
    [mine] = [theme for theme in second[0] if theme.name == "mine"]
    assert (mine.primary, mine.variables) == ("#112233", {"cause-people": "#445566"})


def test_an_unchanged_start_does_not_rewrite_the_cache(tmp_path):
    user = tmp_path / "themes"
    write(user, "mine.toml", GOOD)
    cache_file = tmp_path / "cache.pickle"
    start(user, cache_file)
    written = cache_file.stat()
    start(user, cache_file)
    assert (cache_file.stat().st_ino, cache_file.stat().st_mtime_ns) == (written.st_ino, written.st_mtime_ns)


def same_size_and_mtime(path: Path, text: str) -> None:
    """Another text of the same length, with the old modification time put back (as `touch -r`
    or a restore would): only the change time tells."""
    before = path.stat()
    assert len(text.encode()) == before.st_size
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


@pytest.mark.parametrize("change", ["edited", "edited keeping size and mtime", "added", "removed", "broken",
                                    "replaced by a directory", "renamed"])
def test_a_changed_added_removed_or_broken_theme_file_is_noticed(tmp_path, toml_reads, change):
    user = tmp_path / "themes"
    mine = write(user, "mine.toml", GOOD)
    write(user, "other.toml", 'name = "other"\nprimary = "#778899"\n')
    start(user, tmp_path / "cache.pickle")
    if change == "edited":
        write(user, "mine.toml", GOOD.replace("#112233", "#AABBCCDD"))
    elif change == "edited keeping size and mtime":
        same_size_and_mtime(mine, GOOD.replace("#112233", "#FF0000"))
    elif change == "added":
        write(user, "new.toml", 'name = "new"\nprimary = "#010203"\n')
    elif change == "removed":
        mine.unlink()
    elif change == "broken":
        write(user, "mine.toml", GOOD.replace('primary = "#112233"', "primary = [\n"))
    elif change == "replaced by a directory":
        mine.unlink()
        mine.mkdir()
    else:
        mine.rename(user / "yours.toml")
    toml_reads.clear()
    second = start(user, tmp_path / "cache.pickle")
    assert len(toml_reads) == (0 if change in ("removed", "replaced by a directory") else 1)  # only that file
    assert second == uncached(user)  # what a start without any cache loads and reports
    themes = {theme.name: theme for theme in second[0]}
    expected_primary = {"edited": "#AABBCCDD", "edited keeping size and mtime": "#FF0000", "added": "#112233",
                        "renamed": "#112233"}.get(change)
    assert (themes["mine"].primary if "mine" in themes else None) == expected_primary
    assert ("new" in themes) == (change == "added")
    assert len(second[1]) == (1 if change in ("broken", "replaced by a directory") else 0)
    # And the start after that, with nothing changed, reads nothing again but a broken file.
    toml_reads.clear()
    assert start(user, tmp_path / "cache.pickle") == second
    assert len(toml_reads) == (1 if change == "broken" else 0)


def test_a_name_given_by_the_file_or_taken_from_its_path_is_kept_as_it_was(tmp_path, toml_reads):
    user = tmp_path / "themes"
    write(user, "from-path.toml", 'primary = "#112233"\n')
    write(user, "padded.toml", 'name = "  padded  "\nprimary = "#112233"\n')
    first = start(user, tmp_path / "cache.pickle")
    toml_reads.clear()
    second = start(user, tmp_path / "cache.pickle")
    assert toml_reads == []
    assert second == first
    assert {"from-path", "padded"} <= {theme.name for theme in second[0]}


@pytest.mark.parametrize("damage", ["garbage", "another focus-tui", "section not a dict", "files not a dict",
                                    "entry not a theme", "option of the wrong type", "another themes.py"])
def test_a_corrupt_or_foreign_cache_means_reading_every_file_again(tmp_path, toml_reads, monkeypatch, damage):
    import pickle

    import focus_tui.startup_cache as startup_cache
    import focus_tui.themes as themes_module

    user = tmp_path / "themes"
    write(user, "mine.toml", GOOD)
    cache_file = tmp_path / "cache.pickle"
    first = start(user, cache_file)
    header = startup_cache.cache_header()
    sections = pickle.loads(cache_file.read_bytes()[len(header):])
    files = sections["theme files"]["files"]

    def with_themes(section) -> bytes:
        return header + pickle.dumps({**sections, "theme files": section})

    if damage == "garbage":
        cache_file.write_bytes(b"\x80\x05not a pickle at all")
    elif damage == "another focus-tui":
        monkeypatch.setattr(startup_cache, "__version__", "99.0")
    elif damage == "section not a dict":
        cache_file.write_bytes(with_themes(["a", "list"]))
    elif damage == "files not a dict":
        cache_file.write_bytes(with_themes({**sections["theme files"], "files": ["a", "list"]}))
    elif damage == "entry not a theme":
        cache_file.write_bytes(with_themes({**sections["theme files"], "files": dict.fromkeys(files, "not a theme")}))
    elif damage == "option of the wrong type":
        cache_file.write_bytes(with_themes({**sections["theme files"], "files": {
            key: (name, {**options, "primary": 12}) for key, (name, options) in files.items()}}))
    else:
        monkeypatch.setattr(themes_module, "_reader_identity", lambda: "a themes.py changed since")
    toml_reads.clear()
    assert start(user, cache_file) == first
    assert len(toml_reads) == len(files)
    toml_reads.clear()
    assert start(user, cache_file) == first  # and the file was rewritten for the next start
    assert toml_reads == []


def test_an_unwritable_cache_means_reading_every_file_at_every_start(tmp_path, toml_reads):
    in_the_way = tmp_path / "a-file"
    in_the_way.write_text("not a directory")
    user = tmp_path / "themes"
    write(user, "mine.toml", GOOD)
    first = start(user, in_the_way / "cache.pickle")
    reads = len(toml_reads)
    second = start(user, in_the_way / "cache.pickle")
    assert len(toml_reads) == 2 * reads
    assert second == first == uncached(user)


def test_theme_files_are_those_glob_finds(tmp_path):
    from focus_tui.themes import theme_files

    for name in ("b.toml", "a.toml", ".hidden.toml", "UPPER.TOML", "notes.toml.bak", "plain.txt", ".toml"):
        write(tmp_path, name, "")
    (tmp_path / "folder.toml").mkdir()
    (tmp_path / "dangling.toml").symlink_to(tmp_path / "nowhere")
    assert theme_files(tmp_path) == sorted(tmp_path.glob("*.toml"))
    assert theme_files(tmp_path / "missing") == []


def test_the_app_second_start_uses_the_kept_themes_and_reports_the_same(data_dir, clock, isolated_env, toml_reads):
    config = Path(isolated_env["FOCUS_CONFIG"])
    write(config.parent, config.name, 'theme = "mine"\n')
    user = config.parent / "themes"
    write(user, "mine.toml", GOOD)
    write(user, "broken.toml", "primary = [\n")

    async def scenario(pilot):
        app = pilot.app
        themes = {name: app.get_theme(name) for name in app.available_themes}
        return app.theme, themes, app.theme_variables, [(n.title, n.message) for n in app._notifications]

    first = run_app(make_app(data_dir, clock), scenario)
    toml_reads.clear()
    second = run_app(make_app(data_dir, clock), scenario)
    assert sorted(toml_reads) == ["primary = [\n", 'theme = "mine"\n']  # the config file, and the broken theme file
    assert second == first
    theme, _, variables, notes = second
    assert theme == "mine" and variables["cause-people"] == "#445566"
    assert sum("broken.toml: not valid TOML" in message for title, message in notes if title == "Themes") == 1
    # An edit between starts is seen at the next one.
    write(user, "mine.toml", GOOD.replace("#445566", "#665544"))
    theme, _, variables, _ = run_app(make_app(data_dir, clock), scenario)
    assert theme == "mine" and variables["cause-people"] == "#665544"


def test_a_start_with_a_saved_cache_never_imports_tomllib(data_dir, clock, isolated_env):
    """In a process of its own, as `focus` starts: tomllib is not even imported."""
    import subprocess
    import sys

    async def scenario(pilot):  # the first start, which saves the cache after its first frame
        return [pilot.app.theme, sorted(pilot.app.available_themes), pilot.app.theme_problems]

    first = run_app(make_app(data_dir, clock), scenario)
    script = (
        "import sys; from focus_tui.app import FocusApp; from focus_tui.domain.clock import FixedClock;"
        "from datetime import datetime;"
        f"app = FocusApp(clock=FixedClock(datetime.fromisoformat({clock.now().isoformat()!r})), data_dir={str(data_dir)!r});"
        "print(repr([app.theme, sorted(app.available_themes), app.theme_problems])); print('tomllib' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                            env={**os.environ, **isolated_env}, check=True)
    loaded, tomllib_imported = result.stdout.splitlines()
    assert loaded == repr(first) and "focus-ember" in loaded
    assert tomllib_imported == "False"
