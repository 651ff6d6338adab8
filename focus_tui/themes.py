"""Themes from TOML files: the bundled ones and the user's own, with every broken file reported.
A file found as it was at the last start gives what it gave then (KnownThemeFiles), so a start
with unchanged theme files needs neither tomllib (some 2.5 ms to import) nor its checks."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.color import Color, ColorParseError
from textual.theme import Theme

if TYPE_CHECKING:
    from focus_tui.startup_cache import StartupCache

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


VARIABLE_NAME = r"[a-z][a-z0-9-]*"
"""A pattern, compiled (by re) when a file first needs it: compiling costs some 0.2 ms of a start
that reads no file."""

ThemeArguments = tuple[str, dict[str, Any]]
"""What a file without problems gives: its theme's name, and Theme's other arguments."""
ThemeFileKey = tuple[str, int, int, int, bool]
"""A theme file as found: its path, size, modification and change times (ns; the change time moves
with any write, rename or change of permissions, even one that keeps the modification time), and
whether Textual was to build its colours."""
OPTION_TYPES = {**dict.fromkeys(COLOR_FIELDS, str), **dict.fromkeys(NUMBER_FIELDS, float), "dark": bool, "variables": dict}


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
    return theme_from(read_theme_file(path, build_colours=build_colours))


def read_theme_file(path: Path, *, build_colours: bool = True) -> ThemeArguments:
    """What load_theme_file makes its theme of."""
    import tomllib  # here, not at the top: a start whose theme files are unchanged reads none

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
                if not re.fullmatch(VARIABLE_NAME, variable):
                    raise ThemeFileError(f"{path.name}: {variable!r} is not a variable name (use a-z, 0-9 and -)")
                _check_color(path, f"variables.{variable}", colour)
            options[key] = {str(k): str(v) for k, v in value.items()}
        elif key != "name":
            raise ThemeFileError(f"{path.name}: unknown key {key!r}")
    arguments = (name.strip(), options)
    if not build_colours:
        return arguments
    try:
        theme_from(arguments).to_color_system().generate()
    except Exception as error:  # whatever Textual objects to, the file is reported and skipped
        raise ThemeFileError(f"{path.name}: Textual cannot build its colours ({error})") from None
    return arguments


def theme_from(arguments: ThemeArguments) -> Theme:
    name, options = arguments
    if "variables" in options:  # the theme's own dict: what is kept for the next start stays what the file gave
        options = {**options, "variables": dict(options["variables"])}
    return Theme(name=name, **options)


def _check_color(path: Path, key: str, value: object) -> None:
    if not isinstance(value, str):
        raise ThemeFileError(f"{path.name}: {key} must be a colour string such as \"#6CA6E0\"")
    try:
        Color.parse(value)
    except ColorParseError:
        raise ThemeFileError(f"{path.name}: {key} = {value!r} is not a colour") from None


def load_themes(directories: list[Path], *, trusted: Path | None = None,
                known: KnownThemeFiles | None = None) -> tuple[list[Theme], list[str]]:
    """All loadable themes from the directories, later ones overriding earlier by name, plus one
    message per file that failed. The files in `trusted` (the bundled themes, which the tests build)
    are read and checked but not built by Textual: that is most of the cost, and paid at start.
    `known`: files unchanged since an earlier start give what they gave then, unread; and every
    file without problems is noted in it for the next start."""
    themes: dict[str, Theme] = {}
    problems: list[str] = []
    for directory in directories:
        if not directory.is_dir():
            continue
        build_colours = directory != trusted
        for path in theme_files(directory):
            key = _file_key(path, build_colours) if known is not None else None
            arguments = known.earlier.get(key) if known is not None and key is not None else None
            if arguments is None:
                try:
                    arguments = read_theme_file(path, build_colours=build_colours)
                except ThemeFileError as error:
                    problems.append(f"theme file {directory}/{error}")
                    continue
            if known is not None and key is not None:
                known.now[key] = arguments
            theme = theme_from(arguments)
            themes[theme.name] = theme
    return list(themes.values()), problems


def theme_files(directory: Path) -> list[Path]:
    """The files `sorted(directory.glob("*.toml"))` finds, without the 0.2 ms the first glob of a
    process spends compiling its pattern: every entry whose name ends in .toml (any case on
    Windows), hidden ones and directories too, and none in a directory it cannot list."""
    try:
        with os.scandir(directory) as entries:
            return sorted(directory / entry.name for entry in entries if os.path.normcase(entry.name).endswith(".toml"))
    except OSError:
        return []


class KnownThemeFiles:
    """The theme files read without problems at an earlier start, each with what it gave, kept in
    the start-up cache (focus_tui/startup_cache.py); and those of this start, kept for the next. A
    file is taken as read when it is found at the same path with the same size, modification and
    change times (ThemeFileKey), and this module is the one that read it. A file with problems is
    never kept: it is read, and reported, at every start."""

    SECTION = "theme files"

    def __init__(self, stored: object = None) -> None:
        self.reader = _reader_identity()
        self.earlier: dict[ThemeFileKey, ThemeArguments] = {}
        if isinstance(stored, dict) and stored.get("reader") == self.reader and isinstance(stored.get("files"), dict):
            self.earlier = {key: arguments for key, arguments in stored["files"].items() if _well_formed(arguments)}
        self.now: dict[ThemeFileKey, ThemeArguments] = {}

    @classmethod
    def kept_in(cls, cache: StartupCache) -> KnownThemeFiles:
        """The files `cache` holds; this start's are saved into it with the rest of it."""
        known = cls(cache.stored(cls.SECTION))
        cache.keep(cls.SECTION, known.to_keep)
        return known

    def to_keep(self) -> tuple[dict[str, Any], bool]:
        """The section to save (this start's files), and whether it differs from the stored one."""
        return {"reader": self.reader, "files": self.now}, self.now != self.earlier


def _file_key(path: Path, build_colours: bool) -> ThemeFileKey | None:
    try:
        stat = os.stat(path)
    except OSError:  # reading it will say what is wrong
        return None
    return (str(path), stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, build_colours)


def _reader_identity() -> str:
    """This module's size and modification time: in a checkout, a changed check reads every file
    again (an installed upgrade changes focus-tui's version, which the cache file's header holds)."""
    try:
        stat = os.stat(__file__)
    except OSError:
        return ""
    return f"{stat.st_size}:{stat.st_mtime_ns}"


def _well_formed(arguments: object) -> bool:
    if not (isinstance(arguments, tuple) and len(arguments) == 2):
        return False
    name, options = arguments
    return (isinstance(name, str) and isinstance(options, dict)
            and all(type(value) is OPTION_TYPES.get(option) for option, value in options.items())
            and all(isinstance(variable, str) and isinstance(colour, str)
                    for variable, colour in options.get("variables", {}).items()))


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
