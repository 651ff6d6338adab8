"""Help generated from the live bindings of the screen it was opened over, so it never goes stale."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from focus_tui.screens.restyle import RestylesOnlyStale


def help_rows(bindings: dict[str, ActiveBinding], key_display) -> list[tuple[str, str, str]]:
    """One row per action: every key bound to it, its name and what it does."""
    return [row[:3] for row in help_rows_with_ids(bindings, key_display)]


def help_rows_with_ids(bindings: dict[str, ActiveBinding], key_display) -> list[tuple[str, str, str, str]]:
    """As `help_rows`, plus each binding's id: what the config's [keymap] rebinds."""
    keys: dict[tuple[int, str], list[str]] = {}
    first: dict[tuple[int, str], Binding] = {}
    declared: dict[tuple[int, str], int] = {}
    for key, active in bindings.items():
        binding = active.binding
        # Only focus-tui's own bindings carry ids; widget internals are the same in every app.
        if not binding.id or not binding.description:
            continue
        row = (id(active.node), binding.action)
        keys.setdefault(row, []).append(key_display(binding.with_key(key)))
        first.setdefault(row, binding)
        # A rebound key moves to the end of Textual's map: keep the order the class declares.
        order = [b.id for found in type(active.node)._merged_bindings.key_to_bindings.values() for b in found]
        declared.setdefault(row, order.index(binding.id) if binding.id in order else len(order))
    nodes = list(dict.fromkeys(node for node, _action in first))
    ranked = sorted(first, key=lambda row: (nodes.index(row[0]), declared[row]))
    return [
        (" / ".join(dict.fromkeys(keys[row])), first[row].description,
         first[row].tooltip if first[row].tooltip != first[row].description else "", first[row].id)
        for row in ranked
    ]


def rows_table(rows: list[tuple[str, str, str]] | list[tuple[str, str, str, str]]) -> Table:
    table = Table.grid(padding=(0, 2), expand=True)
    table.add_column(no_wrap=True)
    table.add_column(ratio=1)
    for keys, description, tooltip, *binding_id in rows:
        what = Text(description, style="bold")
        if tooltip:
            what.append(f"  {tooltip}", style="dim")
        if binding_id:
            what.append(f"  {binding_id[0]}", style="dim italic")
        table.add_row(Text(keys, style="bold"), what)
    return table


class HelpScreen(RestylesOnlyStale, ModalScreen[None]):
    SCOPED_CSS = False  # written as in focus.tcss, parsed on first opening (see there)
    DEFAULT_CSS = """
    #help-keys {
        height: auto;
        max-height: 20;
    }
    """

    BINDINGS = [Binding("escape,question_mark,q", "close", "Close", id="help.close", tooltip="Close help")]

    def __init__(self, bindings: dict[str, ActiveBinding]) -> None:
        super().__init__()
        self.rows: list[tuple[str, str, str]] = []
        self.ids: list[str] = []
        """Each row's binding id, shown in italics, for rebinding in the config's [keymap]."""
        self.live_bindings = bindings

    def compose(self) -> ComposeResult:
        with Vertical(id="help", classes="dialog"):
            yield Label("Keys", classes="dialog-title")
            with VerticalScroll(id="help-keys"):
                entries = help_rows_with_ids(self.live_bindings, self.app.get_key_display)
                self.rows, self.ids = [entry[:3] for entry in entries], [entry[3] for entry in entries]
                yield Static(rows_table(entries))
            yield Static("↑ ↓ move · ctrl+p finds any action · esc closes · in italics: the id that "
                         "[keymap] in the config rebinds", classes="dialog-hint", markup=False)

    def action_close(self) -> None:
        self.dismiss(None)
