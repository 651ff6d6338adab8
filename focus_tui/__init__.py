"""focus-tui: a terminal app for personal daily focus."""

__version__ = "0.1.0"
