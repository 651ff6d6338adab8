"""Help generated from the live bindings of the screen it was opened over, so it never goes stale."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static


def help_rows(bindings: dict[str, ActiveBinding], key_display) -> list[tuple[str, str, str]]:
    """One row per action: every key bound to it, its name and what it does."""
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
    return [
        (" / ".join(dict.fromkeys(keys[row])), binding.description,
         binding.tooltip if binding.tooltip != binding.description else "")
        for row, binding in first.items()
    ]


def rows_table(rows: list[tuple[str, str, str]]) -> Table:
    table = Table.grid(padding=(0, 2), expand=True)
    table.add_column(no_wrap=True)
    table.add_column(ratio=1)
    for keys, description, tooltip in rows:
        what = Text(description, style="bold")
        if tooltip:
            what.append(f"  {tooltip}", style="dim")
        table.add_row(Text(keys, style="bold"), what)
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark,q", "close", "Close", id="help.close", tooltip="Close help")]

    def __init__(self, bindings: dict[str, ActiveBinding]) -> None:
        super().__init__()
        self.rows: list[tuple[str, str, str]] = []
        self.live_bindings = bindings

    def compose(self) -> ComposeResult:
        with Vertical(id="help", classes="dialog"):
            yield Label("Keys", classes="dialog-title")
            with VerticalScroll(id="help-keys"):
                self.rows = help_rows(self.live_bindings, self.app.get_key_display)
                yield Static(rows_table(self.rows))
            yield Static("↑ ↓ move · ctrl+p finds any action · esc closes", classes="dialog-hint")

    def action_close(self) -> None:
        self.dismiss(None)
