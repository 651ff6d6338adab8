"""Help generated from the live bindings of the screen it was opened over, so it never goes stale."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static


def bindings_table(bindings: dict[str, ActiveBinding], key_display) -> Table:
    """One row per action: every key bound to it, its name and what it does (wrapping to fit)."""
    keys: dict[tuple[int, str], list[str]] = {}
    first: dict[tuple[int, str], Binding] = {}
    for key, active in bindings.items():
        binding = active.binding
        # Only focus-tui's own bindings carry ids; widget internals are the same in every app.
        if not binding.id or not binding.description:
            continue
        row = (id(active.node), binding.action)
        keys.setdefault(row, []).append(key_display(binding.with_key(key)))
        first.setdefault(row, binding)
    table = Table.grid(padding=(0, 2), expand=True)
    table.add_column(no_wrap=True)
    table.add_column(ratio=1)
    for row, binding in first.items():
        what = Text(binding.description, style="bold")
        if binding.tooltip and binding.tooltip != binding.description:
            what.append(f"  {binding.tooltip}", style="dim")
        table.add_row(Text(" / ".join(dict.fromkeys(keys[row])), style="bold"), what)
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark,q", "close", "Close", id="help.close", tooltip="Close help")]

    def __init__(self, bindings: dict[str, ActiveBinding]) -> None:
        super().__init__()
        self.live_bindings = bindings

    def compose(self) -> ComposeResult:
        with Vertical(id="help", classes="dialog"):
            yield Label("Keys", classes="dialog-title")
            with VerticalScroll(id="help-keys"):
                yield Static(bindings_table(self.live_bindings, self.app.get_key_display))
            yield Static("↑ ↓ move · ctrl+p finds any action · esc closes", classes="dialog-hint")

    def action_close(self) -> None:
        self.dismiss(None)
