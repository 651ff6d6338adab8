"""`python -m focus_tui` is the same as the `focus` command."""

from focus_tui.cli import main

raise SystemExit(main())
