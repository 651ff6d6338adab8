"""Rebinding keys by binding id, from the config's `[keymap]` table.

Every focus-tui binding has a stable id (`board.add_task`). A rebind replaces all of that binding's
keys. It is refused, and the binding keeps its default keys, when the id is unknown (with the
closest id as a hint), a key name is not one Textual knows, or a key is already in use where the
binding is live: a *chain* is what Textual consults for one key press, the focused widget first,
then its screen, then (outside modal dialogs) the app. A key typed into a dialog's text field is
refused as well. The rest goes to `App.set_keymap`, so the footer and the help screen show it.

Only `catalog()` imports Textual and the screens; the checks themselves are plain functions.
"""

from __future__ import annotations

import difflib
import re
from typing import TYPE_CHECKING, Iterable

from focus_tui.domain.records import record

if TYPE_CHECKING:
    from focus_tui.config import Config

APP_CLASS = ("focus_tui.app", "FocusApp")
PACKAGES = ("focus_tui.screens", "focus_tui.dialogs", "focus_tui.widgets")
WIDGET_HOSTS: dict[str, tuple[str, ...]] = {
    # A widget with its own keys -> the screens it lives in (when focused, its keys come first).
    "TaskList": ("BoardScreen",),
    "StageCard": ("BoardScreen",),
    "BlockerList": ("BlockersScreen",),
    "OkrList": ("OkrScreen",),
    "BatchList": ("QueueScreen",),
    "RoutineList": ("RoutinesScreen",),
}
TEXT_ENTRY: dict[str, tuple[str, ...]] = {
    # Dialogs whose focus sits in a text field: printable keys are typed there, never bound.
    "TextPromptDialog": ("Input",),
    "KeyTaskDialog": ("Input",),
    "KeyResultDialog": ("Input",),
    "ValuesDialog": ("Input",),
    "RoutineFormDialog": ("Input", "TextArea"),
    "StandupDialog": ("TextArea",),
}
MODIFIERS = ("ctrl", "alt", "shift", "meta", "super", "hyper")
KEY_EXAMPLES = "n, N, ctrl+n, f2, space, enter, escape, delete, question_mark"


@record
class Bound:
    """One binding of one class: its id (None for Textual's own), what it does and its keys."""

    binding_id: str | None
    action: str
    description: str
    keys: tuple[str, ...]

    def name(self) -> str:
        if self.binding_id:
            return f"{self.binding_id} ({self.description})" if self.description else self.binding_id
        return f"Textual's {self.action.rpartition('.')[2].replace('_', ' ')}"


@record
class Chain:
    """The bindings one key press may reach, the focused widget's first."""

    scope: str
    layers: tuple[tuple[Bound, ...], ...]
    typing: bool = False
    """Printable keys go to a text field here."""


def _words(class_name: str) -> str:
    return " ".join(re.findall(r"[A-Z][a-z0-9]*", class_name)).lower()


# -- what exists (needs Textual) ------------------------------------------------------------------
def _bounds(cls: type, priority_only: bool = False) -> tuple[Bound, ...]:
    keys: dict[tuple[str | None, str], list[str]] = {}
    described: dict[tuple[str | None, str], str] = {}
    for key, bindings in cls._merged_bindings.key_to_bindings.items():
        for binding in bindings:
            if priority_only and not binding.priority:
                continue
            group = (binding.id, binding.action)
            keys.setdefault(group, []).append(key)
            described.setdefault(group, binding.description)
    return tuple(Bound(binding_id, action, described[(binding_id, action)], tuple(dict.fromkeys(found)))
                 for (binding_id, action), found in keys.items())


def binding_classes() -> list[type]:
    """Every focus-tui screen, dialog and widget class that declares keys with ids."""
    import importlib
    import inspect
    import pkgutil

    from textual.dom import DOMNode

    found: list[type] = []
    for package_name in PACKAGES:
        package = importlib.import_module(package_name)
        for module_info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{package_name}.{module_info.name}")
            for cls in vars(module).values():
                if (inspect.isclass(cls) and issubclass(cls, DOMNode) and cls.__module__ == module.__name__
                        and any(binding.id for bindings in cls._merged_bindings.key_to_bindings.values()
                                for binding in bindings)):
                    found.append(cls)
    return found


def catalog() -> list[Chain]:
    """Every chain of bindings in the app: each screen or dialog with the app's keys (only the
    app's priority keys inside a modal dialog), and each widget or text field within it."""
    import importlib

    from textual.app import App
    from textual.screen import ModalScreen, Screen
    from textual.widgets import Input, TextArea

    app_class = getattr(importlib.import_module(APP_CLASS[0]), APP_CLASS[1])
    palette = (Bound(None, "command_palette", "command palette", (App.COMMAND_PALETTE_BINDING,)),)
    app_layer = _bounds(app_class) + palette
    app_priority = _bounds(app_class, priority_only=True) + palette
    text_widgets = {"Input": Input, "TextArea": TextArea}
    classes = binding_classes()
    screens = [cls for cls in classes if issubclass(cls, Screen)]
    widgets = [cls for cls in classes if not issubclass(cls, Screen)]
    chains: list[Chain] = []
    for screen in screens:
        scope = _words(screen.__name__)
        tail = (_bounds(screen), app_priority if issubclass(screen, ModalScreen) else app_layer)
        chains.append(Chain(scope, tail))
        for widget in widgets:
            if screen.__name__ in WIDGET_HOSTS.get(widget.__name__, ()):
                chains.append(Chain(scope, (_bounds(widget), *tail)))
        for name in TEXT_ENTRY.get(screen.__name__, ()):
            chains.append(Chain(scope, (_bounds(text_widgets[name]), *tail), typing=True))
    for widget in widgets:
        if widget.__name__ not in WIDGET_HOSTS:  # a new widget nobody placed yet: alone with the app
            chains.append(Chain(_words(widget.__name__), (_bounds(widget), app_layer)))
    return chains


def known_ids(chains: Iterable[Chain]) -> set[str]:
    return {bound.binding_id for chain in chains for layer in chain.layers for bound in layer if bound.binding_id}


def normalize_key(text: str) -> str | None:
    """A key as Textual names it (`?` -> question_mark, `Ctrl+N` -> ctrl+N), or None when it is
    not a key Textual can report."""
    from textual.keys import KEY_TO_UNICODE_NAME, Keys, _character_to_key

    text = text.strip()
    if len(text) == 1:
        return _character_to_key(text) if text.isprintable() else None
    *modifiers, base = text.split("+")
    modifiers = [modifier.strip().lower() for modifier in modifiers]
    if any(modifier not in MODIFIERS for modifier in modifiers) or len(set(modifiers)) != len(modifiers):
        return None
    if len(base) == 1:
        base = _character_to_key(base) if base.isprintable() and base != " " else ""
    else:
        named = {key.value for key in Keys if "+" not in key.value and not key.value.startswith("<")}
        characters = {_character_to_key(chr(code)) for code in range(33, 127)}
        base = base.lower()
        if base not in named | characters | set(KEY_TO_UNICODE_NAME) | {"space", "minus", "plus"}:
            return None
    return "+".join([*modifiers, base]) if base else None


def _is_typed(key: str) -> bool:
    from textual.keys import key_to_character

    character = key_to_character(key)
    return character is not None and character.isprintable()


# -- checking a keymap ----------------------------------------------------------------------------
def _holders(chain: Chain, keymap: dict[str, str]) -> dict[str, list[Bound]]:
    held: dict[str, list[Bound]] = {}
    for layer in chain.layers:
        for bound in layer:
            keys = keymap[bound.binding_id].split(",") if bound.binding_id in keymap else bound.keys
            for key in keys:
                if bound not in held.setdefault(key, []):
                    held[key].append(bound)
    return held


def _first_conflict(chains: list[Chain], keymap: dict[str, str]) -> tuple[str, str] | None:
    """(binding id, why) for the first rebind that must go, or None when the keymap is clean."""
    order = list(keymap)
    for chain in chains:
        for key, holders in _holders(chain, keymap).items():
            rebound = sorted((b for b in holders if b.binding_id in keymap), key=lambda b: order.index(b.binding_id))
            if chain.typing and rebound and _is_typed(key):
                return rebound[0].binding_id, f"{key} would be typed into the text field of the {chain.scope}"
            if len(holders) < 2 or not rebound:
                continue
            fixed = [bound for bound in holders if bound.binding_id not in keymap]
            if fixed:
                return rebound[0].binding_id, f"{key} is already used by {fixed[0].name()} on the {chain.scope}"
            return rebound[-1].binding_id, f"{key} is also given to {rebound[0].binding_id} above, on the {chain.scope}"
    return None


def _default_keys(chains: list[Chain]) -> dict[str, str]:
    return {bound.binding_id: ", ".join(bound.keys)
            for chain in chains for layer in chain.layers for bound in layer if bound.binding_id}


def resolve(entries: Iterable[tuple[str, str]], chains: list[Chain]) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """Split `[keymap]` entries into the keymap to apply and (binding id, problem) pairs, in file
    order. Each refused entry is reported once, and its binding keeps its default keys."""
    defaults = _default_keys(chains)
    keymap: dict[str, str] = {}
    order: list[str] = []
    problems: dict[str, str] = {}
    for binding_id, keys in entries:
        order.append(binding_id)
        if binding_id not in defaults:
            close = difflib.get_close_matches(binding_id, sorted(defaults), n=1, cutoff=0.6)
            hint = f'did you mean "{close[0]}"?' if close else "the help screen (?) shows each key's id"
            problems[binding_id] = f"no binding has this id ({hint}); ignored"
            continue
        names = [normalize_key(key) for key in keys.split(",")]
        bad = [key.strip() for key, name in zip(keys.split(","), names) if name is None]
        if bad:
            problems[binding_id] = (f'"{bad[0]}" is not a key name (such as {KEY_EXAMPLES}); '
                                    f"it keeps its default key {defaults[binding_id]!r}")
            continue
        keymap[binding_id] = ",".join(dict.fromkeys(name for name in names if name))
    while conflict := _first_conflict(chains, keymap):
        binding_id, why = conflict
        del keymap[binding_id]
        problems[binding_id] = f"{why}; it keeps its default key {defaults[binding_id]!r}"
    return keymap, sorted(problems.items(), key=lambda problem: order.index(problem[0]))


def check_config_keymap(config: Config, chains: list[Chain] | None = None) -> tuple[dict[str, str], list[str]]:
    """The keymap to apply and each problem as `path:line: keymap ...`. Empty at no cost when the
    config rebinds nothing."""
    if not config.keymap:
        return {}, []
    keymap, problems = resolve(config.keymap, catalog() if chains is None else chains)
    return keymap, [f"{config.where(f'keymap.{binding_id}')}keymap {binding_id}: {message}"
                    for binding_id, message in problems]
