"""What an earlier start worked out and the next one can use as it is, kept in one file in the user's
cache dir (`startup_cache_file()`): Textual's parsed CSS, and the theme files as read
(focus_tui/themes.py, KnownThemeFiles). `StartupCache` is that file as one start uses it: read
when a section is first asked for, written at most once, after the first frame, and only if a
section differs from what was read.

Textual parses every stylesheet it meets at start (ours, and each widget type's DEFAULT_CSS when
that type first mounts) and keeps the result only in memory: some 20 ms of each cold start.
Unpickling the same rules takes about a third of that. `DiskCachedStylesheet` is Textual's
stylesheet with one more cache under its own: rules parsed at an earlier start, read from the
file, and the rules this start needed written back with the rest of it (`StartupCache.save`).

A cache never changes what is drawn: an entry is used only when everything that shapes the parse
is the same (the CSS text, where it came from, whether it is a widget's default CSS, its tie
breaker and scope, the stylesheet's variables, Textual itself, focus-tui and this file's format;
for a theme file, the file as found and the code that checks it, see KnownThemeFiles), and
anything wrong with the file (missing, unreadable, corrupt, truncated, from another Textual, not
writable) only means parsing as Textual (or tomllib) would have.

The file is a pickle, so loading it runs whatever it says. It lives in the user's own cache dir:
whoever can write there can already run code as the user, so loading it opens nothing new.
"""

from __future__ import annotations

import os
import pickle
from contextlib import suppress
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Callable

from textual.css.model import RuleSet
from textual.css.stylesheet import RulesMap, Stylesheet
from textual.css.tokenize import tokenize_values
from textual.css.types import CSSLocation
from textual.dom import DOMNode

from focus_tui import __version__
from focus_tui.paths import startup_cache_file

FORMAT = 2
"""Bumped whenever what the file holds changes shape."""
STYLESHEET_SECTION = "stylesheets"
VARIABLE_TOKENS_SECTION = "variable tokens"

SourceKey = tuple[CSSLocation, bool, int, str]
"""Where the CSS came from, whether it is a widget's default CSS, its tie breaker and scope."""
Entry = tuple[str, dict[str, str], bytes]
"""The CSS text and the variables it was parsed with, and the pickled rules."""


def textual_identity() -> str:
    """Which Textual made the rules: its version, read from the name of its dist-info directory
    (importlib.metadata would cost some 15 ms of the start it is meant to shorten), and the size and
    modification time of the modules whose classes the pickled rules are made of, for a Textual
    edited in place."""
    import textual
    import textual.css.model
    import textual.css.parse
    import textual.css.styles

    package_dir = os.path.dirname(textual.__file__ or "")
    try:
        dist_infos = sorted(entry.name for entry in os.scandir(os.path.dirname(package_dir))
                            if entry.name.startswith("textual-") and entry.name.endswith(".dist-info"))
    except OSError:
        dist_infos = []
    modules = []
    for module in (textual.css.model, textual.css.parse, textual.css.styles):
        stat = os.stat(module.__file__ or "")
        modules.append(f"{stat.st_size}:{stat.st_mtime_ns}")
    return f"{package_dir} {','.join(dist_infos)} {' '.join(modules)}"


def cache_header() -> bytes:
    """The file's first line: a file written by another format, focus-tui or Textual is not read."""
    return f"focus-tui start-up cache {FORMAT}; focus-tui {__version__}; textual {textual_identity()}\n".encode()


class StartupCache:
    """The cache file as one start uses it. Each section has its keeper (`keep`): the stylesheet's
    rules, the theme files read. Read when a section is first asked for (`stored`); written once
    (`save`, after the first frame) with what each keeper holds then, if any of it differs from
    what was read, so an unchanged start writes nothing. A section without a keeper at this start is
    dropped. Whatever goes wrong, the file is only missing next time."""

    def __init__(self, path: Path | None = None) -> None:
        self._path = path
        self._sections: dict[str, Any] | None = None
        self._keepers: dict[str, Callable[[], tuple[Any, bool]]] = {}
        self._saved = False

    @property
    def path(self) -> Path:
        if self._path is None:
            self._path = startup_cache_file()
        return self._path

    def stored(self, section: str) -> Any:
        """What the file held for `section` (to be checked by whoever reads it), or None."""
        if self._sections is None:
            try:
                self._sections = read_cache_file(self.path)
            except Exception:  # no cache dir to be found: every section is worked out again
                self._sections = {}
        return self._sections.get(section)

    def keep(self, section: str, current: Callable[[], tuple[Any, bool]]) -> None:
        """`current()`, when saving: what `section` is to hold, and whether that differs from what
        it held when read."""
        self._keepers[section] = current

    def save(self) -> None:
        if self._saved:
            return
        self._saved = True
        sections: dict[str, Any] = {}
        changed = False
        with suppress(Exception):
            for section, current in self._keepers.items():
                sections[section], differs = current()
                changed = changed or differs
            if changed:
                write_atomically(self.path, cache_header() + pickle.dumps(sections, protocol=pickle.HIGHEST_PROTOCOL))


class DiskCachedStylesheet(Stylesheet):
    """Textual's Stylesheet, whose parses come from the cache file when it has them, and which notes
    on each node it styles the parse of the rules that did it (see styled_before_current_rules)."""

    def __init__(self, *, variables: dict[str, str] | None = None, startup_cache: StartupCache | None = None) -> None:
        super().__init__(variables=variables)
        self._variables_parsed_with = dict(self._variables)
        """A copy, so an entry's variables stay those its rules were parsed with."""
        self.startup_cache = startup_cache or StartupCache()
        self.startup_cache.keep(STYLESHEET_SECTION, self._rules_to_keep)
        self._stored: dict[SourceKey, Entry] | None = None
        """The file's entries, read at the first parse."""
        self._used: dict[SourceKey, Entry] = {}
        """Stored entries this start used, written back as they were."""
        self._parsed: dict[SourceKey, tuple[str, dict[str, str], list[RuleSet]]] = {}
        """Rules this start parsed itself (without errors), pickled when saved."""
        self.startup_cache.keep(VARIABLE_TOKENS_SECTION, self._tokens_to_keep)
        self._tokens_entry: tuple[dict[str, str], bytes] | None = None
        self._tokens_made = False

    @classmethod
    def replacing(cls, stylesheet: Stylesheet, startup_cache: StartupCache | None = None) -> DiskCachedStylesheet:
        """One to take the place of `stylesheet` (App.__init__'s, before any CSS is read), with its
        variables and sources."""
        replacement = cls(variables=stylesheet._variables, startup_cache=startup_cache)
        replacement.source = stylesheet.source.copy()
        replacement._require_parse = stylesheet._require_parse
        return replacement

    def set_variables(self, variables: dict[str, str]) -> None:
        super().set_variables(variables)
        self._variables_parsed_with = dict(variables)

    @property
    def _variable_tokens(self) -> dict[str, Any]:
        """Textual's, from the cache file when the theme's variables are unchanged: with the rules
        stored, the first `$variable` in a widget's style was left to tokenize all ~180 of them
        (about 1.3 ms, 0.25 to unpickle)."""
        tokens = self._Stylesheet__variable_tokens  # type: ignore[attr-defined]
        if tokens is None:
            tokens = self._stored_tokens()
            if tokens is None:
                tokens = tokenize_values(self._variables)
                with suppress(Exception):
                    self._tokens_entry = (dict(self._variables), pickle.dumps(tokens, protocol=pickle.HIGHEST_PROTOCOL))
                    self._tokens_made = True
            self._Stylesheet__variable_tokens = tokens  # type: ignore[attr-defined]
        return tokens

    def _stored_tokens(self) -> dict[str, Any] | None:
        entry = self.startup_cache.stored(VARIABLE_TOKENS_SECTION)
        if not (isinstance(entry, tuple) and len(entry) == 2 and entry[0] == self._variables and isinstance(entry[1], bytes)):
            return None
        try:
            tokens = pickle.loads(entry[1])
        except Exception:
            return None
        if not isinstance(tokens, dict):
            return None
        self._tokens_entry = entry
        return tokens

    def _tokens_to_keep(self) -> tuple[tuple[dict[str, str], bytes] | None, bool]:
        return self._tokens_entry, self._tokens_made

    def _parse_rules(self, css: str, read_from: CSSLocation, is_default_rules: bool = False,
                     tie_breaker: int = 0, scope: str = "") -> list[RuleSet]:
        with suppress(KeyError):  # Textual's own (in-memory) cache comes first
            return self._parse_cache[(css, read_from, is_default_rules, tie_breaker, scope)]
        source: SourceKey = (read_from, is_default_rules, tie_breaker, scope)
        rules = self._stored_rules(source, css)
        if rules is not None:
            self._parse_cache[(css, read_from, is_default_rules, tie_breaker, scope)] = rules
            return rules
        rules = super()._parse_rules(css, read_from, is_default_rules, tie_breaker, scope)
        if not any(rule.errors for rule in rules):  # rules with errors are reported, never kept
            self._parsed[source] = (css, self._variables_parsed_with, rules)
        return rules

    def _stored_rules(self, source: SourceKey, css: str) -> list[RuleSet] | None:
        if self._stored is None:
            self._stored = stored_rules(self.startup_cache.stored(STYLESHEET_SECTION))
        entry = self._stored.get(source)
        if entry is None:
            return None
        stored_css, variables, pickled = entry
        if stored_css != css or variables != self._variables_parsed_with:
            return None
        try:
            rules = pickle.loads(pickled)
        except Exception:
            return None
        if not (isinstance(rules, list) and all(isinstance(rule, RuleSet) for rule in rules)):
            return None
        self._used[source] = entry
        return rules

    def apply(self, node: DOMNode, *, animate: bool = False, cache: dict[tuple, RulesMap] | None = None) -> None:
        super().apply(node, animate=animate, cache=cache)
        node._focus_styled_with = self._rules  # type: ignore[attr-defined]

    def styled_before_current_rules(self, root: DOMNode) -> list[DOMNode]:
        """`root` and the nodes under it last styled with other rules than those now in force. Each
        parse (a widget type's CSS met for the first time, a theme change) makes a new list of
        rules; a node styled with the current list is up to date, since any later change of its
        classes or pseudo-classes, or of an ancestor's, restyles it."""
        rules = self._rules
        return [node for node in root.walk_children(with_self=True) if getattr(node, "_focus_styled_with", None) is not rules]

    def add_default_css(self, *widget_types: type[DOMNode]) -> None:
        """The DEFAULT_CSS of these widget types (and the bases they inherit it from), as mounting
        the first widget of each type would add it (Widget._post_register). Added before a screen
        composes widgets of several types, they are styled once with the rules they end up with:
        otherwise the widgets mounted first are styled before the later types bring in their CSS
        (see styled_before_current_rules)."""
        for widget_type in widget_types:
            bases = SimpleNamespace(_node_bases=widget_type._css_bases(widget_type))
            for read_from, css, tie_breaker, scope in DOMNode._get_default_css(bases):  # type: ignore[arg-type]
                self.add_source(css, read_from=read_from, is_default_css=True, tie_breaker=tie_breaker, scope=scope)

    def _rules_to_keep(self) -> tuple[dict[SourceKey, Entry], bool]:
        """The entries this start used (and only those, so the file never grows past one start's
        CSS), and whether any are new or any stored one went unused."""
        stored = self._stored or {}
        entries: dict[SourceKey, Entry] = dict(self._used)
        for source, (css, variables, rules) in self._parsed.items():
            try:
                entries[source] = (css, variables, pickle.dumps(rules, protocol=pickle.HIGHEST_PROTOCOL))
            except Exception:
                continue  # not picklable (a Textual we do not know): parsed at every start
        return entries, bool(self._parsed) or len(self._used) != len(stored)


def read_cache_file(path: Path) -> dict[str, Any]:
    """The file's sections, or none if it is missing, unreadable, from another Textual or broken."""
    try:
        data = path.read_bytes()
        header = cache_header()
        if not data.startswith(header):
            return {}
        sections: Any = pickle.loads(data[len(header):])
    except Exception:
        return {}
    if not isinstance(sections, dict):
        return {}
    return sections


def stored_rules(section: object) -> dict[SourceKey, Entry]:
    """The well-formed entries of the file's stylesheet section."""
    if not isinstance(section, dict):
        return {}
    return {source: entry for source, entry in section.items() if _well_formed(entry)}


def _well_formed(entry: object) -> bool:
    return (isinstance(entry, tuple) and len(entry) == 3 and isinstance(entry[0], str)
            and isinstance(entry[1], dict) and isinstance(entry[2], bytes))


def write_atomically(path: Path, data: bytes) -> None:
    """Into a temporary file beside it, then renamed over it: a reader sees the old file or the
    new one, never part of one; of two starts saving at once, the last one's file stays."""
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(temporary)
        raise
