"""The yardstick: the smallest full-screen Textual app (Header, Static, Footer)."""

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static


class MinimalApp(App):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("focus-tui benchmark: the minimal Textual app")
        yield Footer()


if __name__ == "__main__":
    MinimalApp().run()
