"""Themes from TOML files: the bundled ones and the user's own, with every broken file reported."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path

from textual.color import Color, ColorParseError
from textual.theme import Theme

COLOR_FIELDS = (
    "primary", "secondary", "accent", "foreground", "background", "surface", "panel", "boost",
    "warning", "error", "success",
)
NUMBER_FIELDS = ("luminosity_spread", "text_alpha")

# The app's own semantic colours; every theme (Textual's built-in ones too) gets these defaults.
APP_VARIABLE_DEFAULTS = {
    "category-planning": "#6CA6E0",
    "category-routine": "#8FB3A9",
    "category-transactional": "#9AA3AD",
    "pace-ahead": "#8CC98A",
    "pace-behind": "#E5C07B",
}


class ThemeFileError(ValueError):
    pass


def bundled_themes_dir() -> Path:
    """Inside an installed wheel the themes sit in the package; in a checkout, at the top level."""
    packaged = Path(str(resources.files("focus_tui"))) / "themes"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "themes"


def load_theme_file(path: Path) -> Theme:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ThemeFileError(f"{path.name}: {error}") from None
    name = raw.get("name", path.stem)
    if not isinstance(name, str) or not name.strip():
        raise ThemeFileError(f"{path.name}: name must be a non-empty string")
    if "primary" not in raw:
        raise ThemeFileError(f"{path.name}: primary colour is missing")
    options: dict = {}
    for key, value in raw.items():
        if key in COLOR_FIELDS:
            _check_color(path, key, value)
            options[key] = value
        elif key in NUMBER_FIELDS:
            if not isinstance(value, (int, float)) or isinstance(value, bool):
                raise ThemeFileError(f"{path.name}: {key} must be a number")
            options[key] = float(value)
        elif key == "dark":
            if not isinstance(value, bool):
                raise ThemeFileError(f"{path.name}: dark must be true or false")
            options[key] = value
        elif key == "variables":
            if not isinstance(value, dict):
                raise ThemeFileError(f"{path.name}: [variables] must be a table")
            for variable, colour in value.items():
                _check_color(path, f"variables.{variable}", colour)
            options[key] = {str(k): str(v) for k, v in value.items()}
        elif key != "name":
            raise ThemeFileError(f"{path.name}: unknown key {key!r}")
    return Theme(name=name.strip(), **options)


def _check_color(path: Path, key: str, value: object) -> None:
    if not isinstance(value, str):
        raise ThemeFileError(f"{path.name}: {key} must be a colour string such as \"#6CA6E0\"")
    try:
        Color.parse(value)
    except ColorParseError:
        raise ThemeFileError(f"{path.name}: {key} = {value!r} is not a colour") from None


def load_themes(directories: list[Path]) -> tuple[list[Theme], list[str]]:
    """All loadable themes from the directories, later ones overriding earlier by name, plus one
    message per file that failed."""
    themes: dict[str, Theme] = {}
    problems: list[str] = []
    for directory in directories:
        if not directory.is_dir():
            continue
        for path in sorted(directory.glob("*.toml")):
            try:
                theme = load_theme_file(path)
            except ThemeFileError as error:
                problems.append(f"theme file {directory}/{error}")
                continue
            themes[theme.name] = theme
    return list(themes.values()), problems
