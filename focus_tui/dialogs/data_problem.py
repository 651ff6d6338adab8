"""Shown when the data file cannot be read: says what is wrong and offers the newest good backup."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from focus_tui.screens.restyle import RestylesOnlyStale


class DataProblemDialog(RestylesOnlyStale, ModalScreen[str]):
    """Returns "restore" or "quit". The bad file is never deleted: restoring moves it aside."""

    BINDINGS = [
        Binding("r", "restore", "Restore backup", id="data_problem.restore", tooltip="Put the newest good backup in place; the bad file is kept aside"),
        Binding("q,escape", "quit_app", "Quit", id="data_problem.quit", tooltip="Leave without changing anything"),
    ]

    def __init__(self, message: str, backup: Path | None) -> None:
        super().__init__()
        self.message = message
        self.backup = backup

    def compose(self) -> ComposeResult:
        with Vertical(id="data-problem", classes="dialog"):
            yield Label("Your data file cannot be read", classes="dialog-title")
            yield Static(self.message, markup=False, id="data-problem-message")
            if self.backup:
                yield Static(f"Restore {self.backup.name}? The unreadable file will be kept next to it.", markup=False)
            with Horizontal(classes="dialog-buttons"):
                if self.backup:
                    yield Button("Restore backup (r)", id="restore", variant="primary")
                yield Button("Quit (q)", id="quit")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss("restore" if event.button.id == "restore" else "quit")

    def action_restore(self) -> None:
        if self.backup:
            self.dismiss("restore")

    def action_quit_app(self) -> None:
        self.dismiss("quit")
