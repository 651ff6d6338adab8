"""The settings file: every problem with its file and line (golden messages), the documented default
that `focus config init` writes, `focus config path|check`, and an app that starts whatever the file says."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from focus_tui.config import (
    SETTINGS, Config, default_config_text, key_lines, load_config, problems_notice,
)
from tests.apphelpers import make_app, run_app
from tests.clihelpers import failed, ok, probe_verb

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parent.parent


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def config_file(isolated_env) -> Path:
    return Path(isolated_env["FOCUS_CONFIG"])


@pytest.fixture
def focus(run_cli):
    return run_cli


# -- the default file ------------------------------------------------------------------------------


def test_the_default_file_loads_to_exactly_the_defaults(tmp_path):
    config = load_config(write(tmp_path / "config.toml", default_config_text()))
    assert config == Config()
    assert config.problems == ()


def test_the_default_file_documents_every_setting_in_place():
    text = default_config_text()
    lines = key_lines(text)
    rows = text.splitlines()
    for key in SETTINGS:
        assert key in lines, f"{key} is missing from the default file"
        assert "#" in rows[lines[key] - 1], f"{key} has no comment on its line"
    assert "keymap" in lines


def test_the_default_files_keymap_examples_are_valid(tmp_path):
    """Uncommenting the examples gives a working keymap."""
    from focus_tui.keymap import check_config_keymap

    examples = [line.lstrip("# ") for line in default_config_text().splitlines() if line.startswith('# "')]
    assert len(examples) >= 2
    config = load_config(write(tmp_path / "config.toml", "[keymap]\n" + "\n".join(examples) + "\n"))
    keymap, problems = check_config_keymap(config)
    assert problems == [] and config.problems == ()
    assert len(keymap) == len(examples)


def test_the_default_file_ships_in_the_wheel(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True, capture_output=True, timeout=300,
    )
    [wheel] = tmp_path.glob("focus_tui-*.whl")
    shipped = zipfile.ZipFile(wheel).read("focus_tui/data/config-default.toml").decode()
    assert shipped == default_config_text()


# -- focus config init / path / check --------------------------------------------------------------


def test_init_writes_the_default_creating_its_directory_and_check_passes(focus, config_file):
    assert not config_file.parent.exists()
    assert ok(focus("config", "init")) == f"wrote {config_file}\n"
    assert config_file.read_text(encoding="utf-8") == default_config_text()
    assert ok(focus("config", "check")) == f"{config_file}: no problems\n"


def test_init_never_overwrites_an_existing_file(focus, config_file):
    write(config_file, "day_start_hour = 6  # mine\n")
    line = failed(focus("config", "init"), 1)
    assert str(config_file) in line and "already exists" in line
    assert config_file.read_text(encoding="utf-8") == "day_start_hour = 6  # mine\n"


def test_init_print_writes_nothing(focus, config_file):
    assert ok(focus("config", "init", "--print")) == default_config_text()
    assert not config_file.exists()


def test_path_prints_the_config_file(focus, config_file):
    assert ok(focus("config", "path")) == f"{config_file}\n"


def test_check_without_a_file_says_the_defaults_are_used(focus, config_file):
    out = ok(focus("config", "check"))
    assert str(config_file) in out and "defaults" in out and "focus config init" in out


def test_check_prints_every_problem_with_its_line_golden(focus, config_file):
    write(config_file, (DATA / "config-bad.toml").read_text(encoding="utf-8"))
    result = focus("config", "check")
    assert result.returncode == 1
    expected = (DATA / "config-bad.expected").read_text(encoding="utf-8").replace("{path}", str(config_file))
    assert result.stdout == expected
    assert result.stderr == f"focus: 17 problems in {config_file}; the app uses the defaults for those\n"


def test_check_reports_a_toml_syntax_error_at_its_line(focus, config_file):
    write(config_file, 'day_start_hour = 6\n\n[batches]\nmax_minutes = = 3\n')
    result = focus("config", "check")
    assert result.returncode == 1
    assert result.stdout.startswith(f"{config_file}:4: not valid TOML: ")
    assert result.stdout.rstrip().endswith("using the defaults for every setting")


def test_check_reports_a_theme_that_is_not_available(focus, config_file):
    write(config_file, 'day_start_hour = 5\ntheme = "no-such-theme"\n')
    result = focus("config", "check")
    assert result.returncode == 1
    assert result.stdout.startswith(f'{config_file}:2: theme "no-such-theme" is not available')
    assert "focus-dark" in result.stdout


def test_path_and_init_do_not_import_textual(isolated_env):
    env = {**os.environ, **isolated_env}
    for args in (["config", "path"], ["config", "init"], ["config", "init", "--print"]):
        report = probe_verb(args, env)
        assert report["code"] == 0, report["stderr"]
        assert report["textual"] is False


def test_config_needs_an_action(focus):
    assert "ACTION" in failed(focus("config"), 2)


# -- reading ------------------------------------------------------------------------------------------


def test_problems_carry_the_line_of_their_key(tmp_path):
    path = write(tmp_path / "config.toml", '# top\nweek_start = "sunday"\n\n[batches]\n\nmax_minutes = 900\n')
    config = load_config(path)
    assert config.week_start == 6
    assert config.problems == (f"{path}:6: batches.max_minutes must be a whole number from 5 to 480, not 900; "
                               "using the default (45)",)


def test_key_lines_follow_tables_dotted_and_quoted_keys_and_skip_multiline_strings():
    text = ('a = 1\n[batches]\nmin_minutes = 3\nnotes = """\nfake = 1\n"""\n'
            '[keymap]\n"board.add_task" = "n"\napp.help = "h"\n[review]  # c\ntime = "9:00"\n')
    lines = key_lines(text)
    assert lines["a"] == 1 and lines["batches"] == 2 and lines["batches.min_minutes"] == 3
    assert "batches.fake" not in lines
    assert lines["keymap.board.add_task"] == 8 and lines["keymap.app.help"] == 9
    assert lines["review"] == 10 and lines["review.time"] == 11


def test_an_inline_table_points_at_its_line(tmp_path):
    path = write(tmp_path / "config.toml", "\nbatches = { max_minutes = 1 }\n")
    assert load_config(path).problems[0].startswith(f"{path}:2: batches.max_minutes")


def test_quoted_and_dotted_keymap_ids_both_work(tmp_path):
    path = write(tmp_path / "config.toml", '[keymap]\n"board.add_task" = "i"\napp.help = ["f1", "?"]\n')
    assert load_config(path).keymap == (("board.add_task", "i"), ("app.help", "f1,?"))


def test_weekday_names_are_whole_prefixes(tmp_path):
    path = write(tmp_path / "config.toml", 'week_start = "Tues"\nworking_days = ["monkey"]\n')
    config = load_config(path)
    assert config.week_start == 1
    assert config.working_days == Config().working_days
    assert '"monkey"' in config.problems[0]


def test_notification_switches_are_read(tmp_path):
    path = write(tmp_path / "config.toml", "[notifications]\nbell = false\ndesktop = true\ntimebox = false\n"
                                           "aging_blockers = false\nreview_offer = false\n")
    config = load_config(path)
    assert config.problems == ()
    assert (config.bell, config.desktop_notifications) == (False, True)
    assert not (config.notify_timebox or config.notify_aging_blockers or config.notify_review_offer)


def test_the_app_notice_names_the_file_once_and_each_problem_by_line(tmp_path):
    path = tmp_path / "config.toml"
    problems = [f"{path}:{line}: problem {line}; using the default" for line in (9, 2, 5, 7, 8, 11, 12, 3)]
    notice = problems_notice([f"{path}: unreadable", *problems], path)
    lines = notice.splitlines()
    assert lines[0] == f"9 problems in {path}; the defaults are used instead:"
    assert lines[1:] == ["• unreadable", "• line 2: problem 2", "• line 3: problem 3", "• line 5: problem 5",
                         "… and 5 more: focus config check lists them all."]


# -- the app starts whatever the file says ----------------------------------------------------------


def test_an_app_with_every_kind_of_problem_starts_and_says_so_once(data_dir, clock, config_file):
    write(config_file, (DATA / "config-bad.toml").read_text(encoding="utf-8"))
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        await pilot.pause()
        return type(app.screen).__name__, [(note.title, note.message) for note in app._notifications]

    screen, notes = run_app(app, scenario)
    assert screen == "BoardScreen"
    settings = [message for title, message in notes if title == "Settings"]
    assert len(settings) == 1
    assert settings[0].startswith(f"17 problems in {config_file}; the defaults are used instead:")
    assert '• line 2: day_start_hour must be a whole number from 0 to 12, not "4"\n' in settings[0]
    # The good lines still count: f for the filter, f1 for help, the light theme, batches of 20 minutes.
    assert app.config.small_task_minutes == 20 and app.config.blocker_escalation_days == 2
    assert app.theme == "focus-light"
    assert app._keymap == {"board.filter_tasks": "f", "app.help": "f1,question_mark"}


@pytest.mark.parametrize("content", ["this is [not toml", b"\xff\xfe bad"])
def test_an_app_with_an_unreadable_config_starts_with_the_defaults(data_dir, clock, config_file, content):
    config_file.parent.mkdir(parents=True)
    config_file.write_bytes(content.encode() if isinstance(content, str) else content)
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        return type(app.screen).__name__, [note.message for note in app._notifications if note.title == "Settings"]

    screen, settings = run_app(app, scenario)
    assert screen == "BoardScreen" and len(settings) == 1
    assert app.config == Config()


# -- the README shows what the code does ----------------------------------------------------------------


def _readme_block(after: str, language: str) -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index(f"```{language}\n", text.index(after)) + len(language) + 4
    return text[start:text.index("```", start)]


def test_the_readme_shows_the_default_file():
    assert _readme_block("The default file, as `focus config init` writes it", "toml") == default_config_text()


def test_the_readmes_keymap_example_is_accepted(tmp_path):
    from focus_tui.keymap import check_config_keymap

    config = load_config(write(tmp_path / "config.toml", _readme_block("## Keys and keymap", "toml")))
    keymap, problems = check_config_keymap(config)
    assert config.problems == () and problems == [] and len(keymap) == 4
