"""The bottom line of keys: the focused screen's shown bindings, drawn as one line of text.

It looks like Textual's Footer but is a single widget updated in place. Footer rebuilds a widget
per key after each screen push or focus change, which left every newly opened screen without its
keys for a frame or three (about 45 ms on a 2-core machine) and cost as much CPU again."""

from __future__ import annotations

from typing import NamedTuple

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.widget import Widget


class KeySpan(NamedTuple):
    """Where one key sits on the bar, for clicks and tooltips."""

    start: int
    end: int
    key: str
    enabled: bool
    tooltip: str


class KeyBar(Widget, can_focus=False):
    """Clicking a key presses it; hovering shows its tooltip, as Footer does."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description", "key-bar--separator"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        text-wrap: nowrap;
        text-overflow: clip;
        .key-bar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .key-bar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .key-bar--separator {
            color: $foreground 20%;
        }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._keys: list[tuple[Binding, bool, str]] = []
        self._palette: Binding | None = None
        self._spans: list[KeySpan] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._read_bindings()

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen) -> None:
        if screen is self.screen:
            self._read_bindings()

    def _read_bindings(self) -> None:
        """Collect the shown bindings, one per action (the first, as Footer shows them)."""
        active = self.screen.active_bindings
        keys: list[tuple[Binding, bool, str]] = []
        actions: set[str] = set()
        for _node, binding, enabled, tooltip in active.values():
            if binding.show and binding.action not in actions:
                actions.add(binding.action)
                keys.append((binding, enabled, tooltip or binding.description))
        palette = None
        if self.app.ENABLE_COMMAND_PALETTE and self.app.COMMAND_PALETTE_BINDING in active:
            palette = active[self.app.COMMAND_PALETTE_BINDING].binding
        if keys != self._keys or palette != self._palette:
            self._keys, self._palette = keys, palette
            self.refresh()

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-bar--key")
        description_style = self.get_component_rich_style("key-bar--description")
        line = Text(no_wrap=True, end="")
        spans: list[KeySpan] = []
        for binding, enabled, tooltip in self._keys:
            start = line.cell_len
            line.append(f" {self.app.get_key_display(binding)} ", key_style)
            line.append(f"{binding.description} ", description_style)
            if not enabled:
                line.stylize("dim", start)
            spans.append(KeySpan(start, line.cell_len, binding.key, enabled, tooltip))
        if self._palette is not None:
            palette = Text(no_wrap=True, end="")
            palette.append("▏", self.get_component_rich_style("key-bar--separator"))
            # Footer draws the palette key compact: no padding around the key itself.
            palette.append(self.app.get_key_display(self._palette), key_style)
            palette.append(f" {self._palette.description}", description_style)
            palette.append(" ")
            # Docked right, as in Footer: it covers the keys that do not fit.
            start = max(0, self.size.width - palette.cell_len)
            line.truncate(start, pad=True)
            spans = [span for span in spans if span.start < start]
            line.append_text(palette)
            spans.append(KeySpan(start, line.cell_len, self._palette.key, True, self._palette.description))
        self._spans = spans
        line.stylize_before(self.rich_style)
        return line

    def _span_at(self, x: int) -> KeySpan | None:
        return next((span for span in self._spans if span.start <= x < span.end), None)

    def on_click(self, event: events.Click) -> None:
        span = self._span_at(event.x)
        if span is None:
            return
        if span.enabled:
            self.app.simulate_key(span.key.split(",")[0])
        else:
            self.app.bell()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        span = self._span_at(event.x)
        self.tooltip = span.tooltip if span is not None else None

    @property
    def shown_keys(self) -> dict[str, str]:
        """Each shown binding's description and its key (after the keymap)."""
        return {binding.description: binding.key for binding, _, _ in self._keys}
