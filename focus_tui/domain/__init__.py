"""The pure domain: tasks, dates, the clock and validation. Imports neither Textual nor TinyDB."""
