"""settings_writer changes one setting and leaves every other byte of the config file alone."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from focus_tui.config import load_config
from focus_tui.settings_writer import SettingsWriteError, set_setting

COMMENTED = """\
# focus-tui settings
# (hand-written, keep the comments)

day_start_hour = 5        # I start early
theme = "focus-dark"      # the # sign in a comment
working_days = [
    "mon", "tue",   # short week
    "wed",
]

[batches]
# batches of small work
small_task_minutes = 10   # not 15

[review]
time = "17:30"
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
    return path


def read(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


def test_replacing_a_top_level_value_keeps_every_other_line_and_its_comment(tmp_path):
    path = write(tmp_path / "config.toml", COMMENTED)
    set_setting(path, "theme", "focus-light")
    expected = COMMENTED.replace('theme = "focus-dark"      # the # sign', 'theme = "focus-light"      # the # sign')
    assert read(path) == expected
    assert load_config(path).theme == "focus-light"


def test_replacing_a_section_value_touches_only_that_line(tmp_path):
    path = write(tmp_path / "config.toml", COMMENTED)
    set_setting(path, "batches.small_task_minutes", 12)
    assert read(path) == COMMENTED.replace("small_task_minutes = 10   # not 15", "small_task_minutes = 12   # not 15")


def test_a_value_spanning_lines_is_replaced_whole(tmp_path):
    path = write(tmp_path / "config.toml", COMMENTED)
    set_setting(path, "working_days", ["mon", "tue", "wed", "thu"])
    text = read(path)
    assert 'working_days = ["mon", "tue", "wed", "thu"]\n\n[batches]' in text
    assert "short week" not in text  # the comment lived inside the old value
    assert tomllib.loads(text)["working_days"] == ["mon", "tue", "wed", "thu"]
    assert text.replace('working_days = ["mon", "tue", "wed", "thu"]\n', "") == \
        COMMENTED.replace('working_days = [\n    "mon", "tue",   # short week\n    "wed",\n]\n', "")


def test_a_missing_top_level_key_goes_before_the_first_table(tmp_path):
    path = write(tmp_path / "config.toml", COMMENTED.replace('theme = "focus-dark"      # the # sign in a comment\n', ""))
    set_setting(path, "theme", "focus-ember")
    text = read(path)
    assert text.index('theme = "focus-ember"') < text.index("[batches]")
    assert tomllib.loads(text)["theme"] == "focus-ember"
    assert text.count("\n") == COMMENTED.count("\n")


def test_a_file_of_tables_only_gets_the_key_above_them_not_inside_one(tmp_path):
    path = write(tmp_path / "config.toml", "# mine\n\n# the batches\n[batches]\nmax_minutes = 30\n")
    set_setting(path, "theme", "focus-light")
    assert read(path) == '# mine\ntheme = "focus-light"\n\n# the batches\n[batches]\nmax_minutes = 30\n'
    assert tomllib.loads(read(path)) == {"theme": "focus-light", "batches": {"max_minutes": 30}}


def test_a_missing_key_of_an_existing_section_joins_that_section(tmp_path):
    path = write(tmp_path / "config.toml", COMMENTED)
    set_setting(path, "batches.max_minutes", 40)
    text = read(path)
    assert "small_task_minutes = 10   # not 15\nmax_minutes = 40\n\n[review]" in text
    assert tomllib.loads(text)["batches"] == {"small_task_minutes": 10, "max_minutes": 40}


def test_a_missing_section_is_added_at_the_end(tmp_path):
    path = write(tmp_path / "config.toml", COMMENTED)
    set_setting(path, "notifications.desktop", True)
    assert read(path) == COMMENTED + "\n[notifications]\ndesktop = true\n"


def test_a_dotted_key_at_the_top_is_updated_where_it_is(tmp_path):
    path = write(tmp_path / "config.toml", 'review.time = "17:00"  # dotted\n')
    set_setting(path, "review.time", "18:15")
    assert read(path) == 'review.time = "18:15"  # dotted\n'


def test_a_missing_file_and_directory_are_created(tmp_path):
    path = tmp_path / "new" / "focus-tui" / "config.toml"
    set_setting(path, "theme", "focus-light")
    assert read(path) == 'theme = "focus-light"\n'
    assert load_config(path).theme == "focus-light"


def test_an_empty_file_gets_the_setting(tmp_path):
    path = write(tmp_path / "config.toml", "")
    set_setting(path, "review.time", "18:00")
    assert read(path) == '[review]\ntime = "18:00"\n'


def test_a_file_without_a_final_newline(tmp_path):
    path = write(tmp_path / "config.toml", "day_start_hour = 5")
    set_setting(path, "theme", "focus-light")
    assert read(path) == 'day_start_hour = 5\ntheme = "focus-light"\n'


def test_windows_line_endings_are_kept(tmp_path):
    path = write(tmp_path / "config.toml", 'theme = "focus-dark"\r\n[review]\r\ntime = "17:30"\r\n')
    set_setting(path, "theme", "focus-light")
    set_setting(path, "notifications.desktop", False)
    assert path.read_bytes() == (b'theme = "focus-light"\r\n[review]\r\ntime = "17:30"\r\n\r\n'
                                 b'[notifications]\r\ndesktop = false\r\n')


def test_unicode_in_comments_and_values_survives(tmp_path):
    path = write(tmp_path / "config.toml", "# Einstellungen für Jörg ☕\ntheme = \"focus-dark\" # dunkel 🌙\n")
    set_setting(path, "theme", "thème-été ☀")
    assert read(path) == '# Einstellungen für Jörg ☕\ntheme = "thème-été ☀" # dunkel 🌙\n'
    assert tomllib.loads(read(path))["theme"] == "thème-été ☀"


def test_quotes_backslashes_and_control_characters_are_escaped(tmp_path):
    path = tmp_path / "config.toml"
    value = 'a "quoted" \\ back\tslash\x01'
    set_setting(path, "theme", value)
    assert tomllib.loads(read(path))["theme"] == value


@pytest.mark.parametrize("broken", ["theme = \n", "[batches\nx = 1\n", 'theme = "a"\ntheme = "b"\n'])
def test_a_file_that_is_not_valid_toml_is_refused_and_left_alone(tmp_path, broken):
    path = write(tmp_path / "config.toml", broken)
    with pytest.raises(SettingsWriteError) as error:
        set_setting(path, "theme", "focus-light")
    assert str(path) in str(error.value) and "not valid TOML" in str(error.value)
    assert read(path) == broken


def test_a_file_that_is_not_utf8_is_refused(tmp_path):
    path = tmp_path / "config.toml"
    path.write_bytes(b'theme = "caf\xe9"\n')
    with pytest.raises(SettingsWriteError, match="not UTF-8"):
        set_setting(path, "theme", "focus-light")
    assert path.read_bytes() == b'theme = "caf\xe9"\n'


def test_a_layout_it_cannot_edit_safely_is_refused_not_mangled(tmp_path):
    text = 'review = { time = "17:00" }\n'
    path = write(tmp_path / "config.toml", text)
    with pytest.raises(SettingsWriteError, match="left unchanged"):
        set_setting(path, "review.time", "18:00")
    assert read(path) == text


@pytest.mark.parametrize("key", ["", "a.b.c", "bad key", "a..b"])
def test_bad_setting_names_are_refused(tmp_path, key):
    with pytest.raises(SettingsWriteError):
        set_setting(tmp_path / "config.toml", key, 1)
    assert not (tmp_path / "config.toml").exists()


def test_the_write_is_atomic_and_keeps_the_file_mode(tmp_path):
    path = write(tmp_path / "config.toml", COMMENTED)
    os.chmod(path, 0o600)
    set_setting(path, "theme", "focus-light")
    assert path.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["config.toml"]  # no temp file left behind


def test_a_failed_write_is_reported_and_leaves_the_file_and_no_temp_file(tmp_path, monkeypatch):
    import focus_tui.settings_writer as writer

    path = write(tmp_path / "config.toml", COMMENTED)

    def refuse(*_args):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(writer.os, "replace", refuse)
    with pytest.raises(SettingsWriteError, match="cannot be written .Permission denied"):
        set_setting(path, "theme", "focus-light")
    assert read(path) == COMMENTED
    assert [p.name for p in tmp_path.iterdir()] == ["config.toml"]


values = st.one_of(st.booleans(), st.integers(-10**6, 10**6),
                   st.text(st.characters(blacklist_categories=("Cs",)), max_size=20))


@settings(max_examples=60, deadline=None)
@given(key=st.sampled_from(["theme", "day_start_hour", "batches.max_minutes", "review.time", "storage.new_key"]),
       value=values)
def test_any_value_round_trips_and_the_rest_is_unchanged(tmp_path_factory, key, value):
    path = write(tmp_path_factory.mktemp("cfg") / "config.toml", COMMENTED)
    set_setting(path, key, value)
    parsed = tomllib.loads(read(path))
    expected = tomllib.loads(COMMENTED)
    section, _, name = key.rpartition(".")
    (expected.setdefault(section, {}) if section else expected)[name] = value
    assert parsed == expected
