"""Themes from files: bundled ones load, broken user files are reported once and never crash."""

from __future__ import annotations

from pathlib import Path

from focus_tui.themes import bundled_themes_dir, load_themes

from tests.apphelpers import make_app, run_app


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
