"""The user's settings from one TOML file; a bad key falls back to its default and is reported.

Every problem names the file and, when it can be found, the line: `config.toml:12: batches.max_minutes
must be a whole number from 5 to 480, not 900; using the default (45)`. tomllib keeps no positions, so
a light scan of the text (table headers and `key =` lines) finds each key's line.
"""

from __future__ import annotations

import re
from dataclasses import field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Mapping

from focus_tui.domain.records import record

if TYPE_CHECKING:
    import tomllib

WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
SHORT_WEEKDAYS = tuple(name[:3] for name in WEEKDAY_NAMES)
MAX_NOTICE_PROBLEMS = 4
"""The app's one notice lists this many problems, to fit a 60x20 pane; `focus config check` lists all."""


@record
class Config:
    """Every setting, with its default unless the file set it, and the file's problems."""

    day_start_hour: int = 4
    week_start: int = 0
    fiscal_year_start_month: int = 1
    working_days: frozenset[int] = frozenset(range(5))
    pace_over_working_days: bool = True
    blocker_escalation_days: int = 1
    small_task_minutes: int = 15
    batch_min_minutes: int = 10
    batch_max_minutes: int = 45
    batch_default_item_minutes: int = 5
    bell: bool = True
    """The terminal bell rings with each notice below (when that notice is on)."""
    desktop_notifications: bool = False
    """Each notice below also goes to notify-send, when it is installed."""
    notify_timebox: bool = True
    notify_aging_blockers: bool = True
    notify_review_offer: bool = True
    review_time: tuple[int, int] = (17, 30)
    """From this time of day the header offers the end-of-day review (never forces it)."""
    theme: str = "focus-dark"
    archive_after_days: int = 30
    backups_keep: int = 14
    keymap: tuple[tuple[str, str], ...] = ()
    """(binding id, comma-separated keys) in file order, as written; keymap.py validates them."""
    problems: tuple[str, ...] = field(default=(), compare=False)
    path: Path | None = field(default=None, compare=False)
    lines: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)
    """Where each setting is in the file: "batches.max_minutes" -> 12, "keymap.app.help" -> 40."""

    def where(self, key: str) -> str:
        """`path:line: ` for a setting (or its table, or just `path: ` when neither is found)."""
        return _where(self.path, self.lines, key)


class _Invalid(ValueError):
    """A check's failure: what the value must be, and optionally how to show what was found."""

    def __init__(self, requirement: str, found: str | None = None) -> None:
        super().__init__(requirement)
        self.found = found


def _int_in(low: int, high: int) -> Callable[[Any], int]:
    def check(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise _Invalid(f"must be a whole number from {low} to {high}")
        return value
    return check


def _weekday(value: Any) -> int:
    word = value.strip().lower() if isinstance(value, str) else ""
    for index, name in enumerate(WEEKDAY_NAMES):
        if len(word) >= 3 and name.startswith(word):
            return index
    raise _Invalid('must be a weekday name such as "monday" or "mon"')


def _weekdays(value: Any) -> frozenset[int]:
    requirement = 'must be a list of weekday names such as ["mon", "tue"]'
    if not isinstance(value, list) or not value:
        raise _Invalid(requirement)
    days = set()
    for item in value:
        try:
            days.add(_weekday(item))
        except _Invalid:
            raise _Invalid(requirement, f"{toml_text(item)} in {toml_text(value)}") from None
    return frozenset(days)


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise _Invalid("must be true or false")
    return value


def _clock_time(value: Any) -> tuple[int, int]:
    if isinstance(value, str):
        hours, _, minutes = value.strip().partition(":")
        if hours.isdigit() and minutes.isdigit() and int(hours) < 24 and int(minutes) < 60 and len(minutes) == 2:
            return int(hours), int(minutes)
    raise _Invalid('must be a time of day such as "17:30"')


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _Invalid("must be a non-empty string")
    return value.strip()


# key in the file -> (Config field, check). Sections are flattened as "section.key".
SETTINGS: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "day_start_hour": ("day_start_hour", _int_in(0, 12)),
    "week_start": ("week_start", _weekday),
    "fiscal_year_start_month": ("fiscal_year_start_month", _int_in(1, 12)),
    "working_days": ("working_days", _weekdays),
    "pace_over_working_days": ("pace_over_working_days", _bool),
    "blocker_escalation_days": ("blocker_escalation_days", _int_in(1, 60)),
    "batches.small_task_minutes": ("small_task_minutes", _int_in(1, 240)),
    "batches.min_minutes": ("batch_min_minutes", _int_in(1, 240)),
    "batches.max_minutes": ("batch_max_minutes", _int_in(5, 480)),
    "batches.default_item_minutes": ("batch_default_item_minutes", _int_in(1, 60)),
    "notifications.bell": ("bell", _bool),
    "notifications.desktop": ("desktop_notifications", _bool),
    "notifications.timebox": ("notify_timebox", _bool),
    "notifications.aging_blockers": ("notify_aging_blockers", _bool),
    "notifications.review_offer": ("notify_review_offer", _bool),
    "review.time": ("review_time", _clock_time),
    "theme": ("theme", _text),
    "storage.archive_after_days": ("archive_after_days", _int_in(1, 3650)),
    "storage.backups_keep": ("backups_keep", _int_in(1, 365)),
}
KEYMAP_TABLE = "keymap"
TABLES = frozenset({*(key.partition(".")[0] for key in SETTINGS if "." in key), KEYMAP_TABLE})


def default_config_text() -> str:
    """The fully commented default file that `focus config init` writes; it loads to `Config()`."""
    from importlib import resources  # only `focus config init` needs it

    return resources.files("focus_tui").joinpath("data/config-default.toml").read_text(encoding="utf-8")


# -- showing values as they are written in the file ---------------------------------------------
def toml_text(value: Any) -> str:
    """A value as TOML would write it: true, 45, "text", ["mon", "tue"]."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml_text(item) for item in value) + "]"
    if isinstance(value, dict):
        return "a table"
    return str(value)


def setting_text(key: str, value: Any) -> str:
    """A Config value of setting `key`, written as the file would have it."""
    if key == "week_start":
        return toml_text(WEEKDAY_NAMES[value])
    if key == "working_days":
        return toml_text([SHORT_WEEKDAYS[day] for day in sorted(value)])
    if key == "review.time":
        return toml_text(f"{value[0]:02d}:{value[1]:02d}")
    return toml_text(value)


def _default_text(key: str) -> str:
    return setting_text(key, getattr(Config(), SETTINGS[key][0]))


# -- where each key is in the file --------------------------------------------------------------
_KEY_PART = r'(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|\'[^\']*\')'
_DOTTED = rf"{_KEY_PART}(?:\s*\.\s*{_KEY_PART})*"
# Patterns, not compiled ones: only a config file that exists is scanned, and compiling both at
# import (~1 ms) would slow every start without one. re keeps what it compiles.
_HEADER = rf"^\s*\[\[?\s*({_DOTTED})\s*\]\]?"
_ASSIGNMENT = rf"^\s*({_DOTTED})\s*="


def _key_name(dotted: str) -> str:
    parts = re.findall(_KEY_PART, dotted)
    return ".".join(part[1:-1] if part[:1] in "\"'" else part for part in parts)


def key_lines(text: str) -> dict[str, int]:
    """"section.key" -> 1-based line of its first appearance, and each table header's line. A light
    scan, not a parser: good enough to point at a line, and it never raises."""
    lines: dict[str, int] = {}
    table = ""
    in_string: str | None = None  # inside a multi-line string opened by this delimiter
    for number, line in enumerate(text.splitlines(), 1):
        if in_string:
            if line.count(in_string) % 2:
                in_string = None
            continue
        if header := re.match(_HEADER, line):
            table = _key_name(header.group(1))
            lines.setdefault(table, number)
        elif assignment := re.match(_ASSIGNMENT, line):
            name = _key_name(assignment.group(1))
            lines.setdefault(f"{table}.{name}" if table else name, number)
        for delimiter in ('"""', "'''"):
            if line.count(delimiter) % 2:
                in_string = delimiter
    return lines


def _where(path: Path | None, lines: Mapping[str, int], key: str) -> str:
    name = key
    while name:
        if name in lines:
            return f"{path}:{lines[name]}: "
        name = name.rpartition(".")[0]
    return f"{path}: "


# -- reading -------------------------------------------------------------------------------------
def _flatten(table: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}."))
        else:
            flat[name] = value
    return flat


def _syntax_problem(path: Path, error: tomllib.TOMLDecodeError) -> str:
    """tomllib says "... (at line 3, column 7)": put the line where a compiler would."""
    message = str(error)
    found = re.search(r"\s*\(at line (\d+), column (\d+)\)$", message)
    if found:
        message = f"{message[:found.start()]} (column {found.group(2)})"
        return f"{path}:{found.group(1)}: not valid TOML: {message}; using the defaults for every setting"
    return f"{path}: not valid TOML: {message}; using the defaults for every setting"


def _keymap_entries(config_where: Callable[[str], str], table: Any) -> tuple[list[tuple[str, str]], list[str]]:
    """The [keymap] table as (binding id, "key,key") pairs; a value of the wrong shape is reported."""
    if not isinstance(table, dict):
        return [], [f"{config_where(KEYMAP_TABLE)}keymap must be a table of binding id = keys "
                    f'(such as [keymap] "board.add_task" = "n"), not {toml_text(table)}; ignored']
    entries, problems = [], []
    for binding_id, value in _flatten(table).items():
        keys = [value] if isinstance(value, str) else value
        if isinstance(keys, str):
            keys = [keys]
        if isinstance(keys, list) and keys and all(isinstance(key, str) for key in keys):
            split = [part.strip() for key in keys for part in key.split(",")]
            if all(split):
                entries.append((binding_id, ",".join(split)))
                continue
        problems.append(f"{config_where(f'{KEYMAP_TABLE}.{binding_id}')}keymap {binding_id}: must be a key "
                        f'such as "n", keys such as "n,ctrl+n" or a list such as ["n", "f2"], '
                        f"not {toml_text(value)}; the default keys stay")
    return entries, problems


def _unknown(key: str) -> str:
    import difflib  # only a misspelt setting needs it

    close = difflib.get_close_matches(key, [*SETTINGS, *TABLES], n=1, cutoff=0.7)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return f"unknown setting {key!r} ignored{hint}"


def load_config(path: Path) -> Config:
    """Never raises for a bad file: every problem is collected in `Config.problems`."""
    if not path.exists():
        return Config(path=path)
    import tomllib  # only a file that exists is parsed: ~2 ms of every start without one

    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        return Config(path=path, problems=(f"{path}: not UTF-8 text ({error.reason} at byte {error.start}); "
                                           "using the defaults for every setting",))
    except OSError as error:
        return Config(path=path, problems=(f"{path}: cannot be read ({error.strerror or error}); "
                                           "using the defaults for every setting",))
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return Config(path=path, problems=(_syntax_problem(path, error),))
    lines = key_lines(text)

    def where(key: str) -> str:
        return _where(path, lines, key)

    values: dict[str, Any] = {}
    problems: list[str] = []
    keymap: list[tuple[str, str]] = []
    for top, value in raw.items():
        if top == KEYMAP_TABLE:
            keymap, keymap_problems = _keymap_entries(where, value)
            problems.extend(keymap_problems)
            continue
        if isinstance(value, dict) and not value and top not in TABLES:
            problems.append(f"{where(top)}{_unknown(top).replace('setting', 'table', 1)}")
            continue
        if top in TABLES and not isinstance(value, dict):
            problems.append(f"{where(top)}{top} must be a table ([{top}]), not {toml_text(value)}; "
                            f"using the defaults for its settings")
            continue
        for key, item in _flatten({top: value}).items():
            if key not in SETTINGS:
                problems.append(f"{where(key)}{_unknown(key)}")
                continue
            attribute, check = SETTINGS[key]
            try:
                values[attribute] = check(item)
            except _Invalid as error:
                found = error.found or toml_text(item)
                problems.append(f"{where(key)}{key} {error}, not {found}; using the default ({_default_text(key)})")
    low, high = values.get("batch_min_minutes"), values.get("batch_max_minutes")
    if low is not None and high is not None and low > high:
        del values["batch_min_minutes"], values["batch_max_minutes"]
        problems.append(f"{where('batches.min_minutes')}batches.min_minutes ({low}) is above batches.max_minutes "
                        f"({high}); using the defaults for both ({_default_text('batches.min_minutes')} and "
                        f"{_default_text('batches.max_minutes')})")
    known = {f.name for f in fields(Config)}
    return Config(**{k: v for k, v in values.items() if k in known}, keymap=tuple(keymap),
                  problems=tuple(problems), path=path, lines=lines)


def by_line(problems: list[str] | tuple[str, ...], path: Path | None) -> list[str]:
    """`path:line: ...` problems in the order of their lines (those without a line first)."""
    prefix = f"{path}:"

    def line(problem: str) -> int:
        number = problem[len(prefix):].partition(":")[0] if problem.startswith(prefix) else ""
        return int(number) if number.isdigit() else 0

    return sorted(problems, key=line)


def problems_notice(problems: list[str] | tuple[str, ...], path: Path | None, limit: int = MAX_NOTICE_PROBLEMS) -> str:
    """The app's one notice for a bad config: the file once, then each problem by its line."""
    prefix = f"{path}:"
    problems = by_line(problems, path)
    shown = []
    for problem in problems[:limit]:
        rest = problem[len(prefix):] if problem.startswith(prefix) else problem
        rest = rest.rpartition("; ")[0] or rest  # "using the default ..." is said once, above
        line, colon, text = rest.partition(": ")
        shown.append(f"line {line}: {text}" if colon and line.isdigit() else rest.strip())
    more = len(problems) - len(shown)
    count = f"{len(problems)} problem{'s' * (len(problems) != 1)}"
    home = str(Path.home())
    shown_path = f"~{str(path)[len(home):]}" if str(path).startswith(home + "/") else str(path)
    lines = [f"{count} in {shown_path}; the defaults are used instead:", *(f"• {item}" for item in shown)]
    if more:
        lines.append(f"… and {more} more: focus config check lists them all.")
    return "\n".join(lines)
