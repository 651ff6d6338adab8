"""Themes from TOML files: the bundled ones and the user's own, with every broken file reported."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from textual.color import Color, ColorParseError
from textual.theme import Theme

COLOR_FIELDS = (
    "primary", "secondary", "accent", "foreground", "background", "surface", "panel", "boost",
    "warning", "error", "success",
)
NUMBER_FIELDS = ("luminosity_spread", "text_alpha")

# The app's own semantic colours, each with the theme colour it falls back to when a theme (any of
# Textual's built-in ones, or a user's file) does not set it in [variables].
SEMANTIC_FALLBACKS = {
    "category-planning": "primary",
    "category-routine": "secondary",
    "category-transactional": "foreground",
    "cause-task": "accent",
    "cause-people": "primary",
    "cause-budget": "warning",
    "cause-resource": "error",
    "pace-ahead": "success",
    "pace-behind": "warning",
}
SEMANTIC_VARIABLES = tuple(SEMANTIC_FALLBACKS)

# Text colours checked for contrast against the background (WCAG 2 relative luminance).
STATUS_TEXT = ("primary", "secondary", "accent", "success", "warning", "error", "foreground-muted")
AA_TEXT = 4.5


VARIABLE_NAME = re.compile(r"[a-z][a-z0-9-]*")


class ThemeFileError(ValueError):
    pass


def bundled_themes_dir() -> Path:
    """Inside an installed wheel the themes sit in the package; in a checkout, at the top level."""
    packaged = Path(__file__).resolve().parent / "themes"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "themes"


def load_theme_file(path: Path, *, build_colours: bool = True) -> Theme:
    """The theme in a file, or ThemeFileError naming the file and its problem. `build_colours`:
    also have Textual build every colour from it (about a millisecond a theme), which catches what
    Textual alone objects to."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise ThemeFileError(f"{path.name}: not valid TOML ({error})") from None
    except UnicodeDecodeError:
        raise ThemeFileError(f"{path.name}: not UTF-8 text") from None
    except OSError as error:
        raise ThemeFileError(f"{path.name}: cannot be read ({error.strerror or error})") from None
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
                if not VARIABLE_NAME.fullmatch(variable):
                    raise ThemeFileError(f"{path.name}: {variable!r} is not a variable name (use a-z, 0-9 and -)")
                _check_color(path, f"variables.{variable}", colour)
            options[key] = {str(k): str(v) for k, v in value.items()}
        elif key != "name":
            raise ThemeFileError(f"{path.name}: unknown key {key!r}")
    theme = Theme(name=name.strip(), **options)
    if not build_colours:
        return theme
    try:
        theme.to_color_system().generate()
    except Exception as error:  # whatever Textual objects to, the file is reported and skipped
        raise ThemeFileError(f"{path.name}: Textual cannot build its colours ({error})") from None
    return theme


def _check_color(path: Path, key: str, value: object) -> None:
    if not isinstance(value, str):
        raise ThemeFileError(f"{path.name}: {key} must be a colour string such as \"#6CA6E0\"")
    try:
        Color.parse(value)
    except ColorParseError:
        raise ThemeFileError(f"{path.name}: {key} = {value!r} is not a colour") from None


def load_themes(directories: list[Path], *, trusted: Path | None = None) -> tuple[list[Theme], list[str]]:
    """All loadable themes from the directories, later ones overriding earlier by name, plus one
    message per file that failed. The files in `trusted` (the bundled themes, which the tests build)
    are read and checked but not built by Textual: that is most of the cost, and paid at start."""
    themes: dict[str, Theme] = {}
    problems: list[str] = []
    for directory in directories:
        if not directory.is_dir():
            continue
        for path in sorted(directory.glob("*.toml")):
            try:
                theme = load_theme_file(path, build_colours=directory != trusted)
            except ThemeFileError as error:
                problems.append(f"theme file {directory}/{error}")
                continue
            themes[theme.name] = theme
    return list(themes.values()), problems


def semantic_defaults(colors: dict[str, str]) -> dict[str, str]:
    """The semantic variables taken from a theme's generated colours (its $primary, $warning...)."""
    return {name: colors[source] for name, source in SEMANTIC_FALLBACKS.items() if source in colors}


def theme_colors(theme: Theme, generated: dict[str, str] | None = None) -> dict[str, str]:
    """Every CSS variable the theme produces, the semantic ones included. `generated`: the theme's
    colours as Textual builds them, when the caller has them already (building takes ~1 ms)."""
    if generated is None:
        generated = theme.to_color_system().generate()
    return {**semantic_defaults(generated), **generated, **theme.variables}


def semantic_colors(theme: Theme, generated: dict[str, str] | None = None) -> dict[str, str]:
    """The app's semantic variables for a theme: its own, or the fallbacks."""
    colors = theme_colors(theme, generated)
    return {name: colors[name] for name in SEMANTIC_VARIABLES if name in colors}


def relative_luminance(color: Color) -> float:
    def channel(value: int) -> float:
        value /= 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)


def contrast_ratio(foreground: str | Color, background: str | Color) -> float:
    """WCAG 2 contrast ratio (1 to 21); a translucent foreground is blended onto the background."""
    back = background if isinstance(background, Color) else Color.parse(background)
    fore = foreground if isinstance(foreground, Color) else Color.parse(foreground)
    fore = back + fore
    lighter, darker = sorted((relative_luminance(fore), relative_luminance(back)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def text_contrasts(theme: Theme) -> dict[tuple[str, str], float]:
    """(text colour, background colour) -> contrast ratio, for every colour the app writes text in:
    the foreground on the three backgrounds, the header title on the panel, and every status and
    semantic colour on the background."""
    colors = theme_colors(theme)
    pairs = [("foreground", "background"), ("foreground", "surface"), ("foreground", "panel"),
             ("primary", "panel")]
    pairs += [(name, "background") for name in (*STATUS_TEXT, *SEMANTIC_VARIABLES)]
    return {(text, back): round(contrast_ratio(colors[text], colors[back]), 2) for text, back in pairs}
