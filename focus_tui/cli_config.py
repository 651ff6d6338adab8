"""`focus config init|path|check`: write the documented default settings file, say where it is,
and validate it. `init` and `path` never import Textual; `check` does, to know every binding id."""

from __future__ import annotations

import argparse
import sys
from typing import Any

VERBS: tuple[str, ...] = ("config",)
NEEDS_STORE = False
EXIT_OK, EXIT_PROBLEMS = 0, 1


def add_parsers(verbs: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    """Add this family's verbs to the `focus` parser."""
    config = verbs.add_parser(
        "config", help="write, find or check the settings file",
        description="The settings file is one TOML file (FOCUS_CONFIG, else the user config dir). "
        "Every setting is optional and documented in the file `focus config init` writes.",
    )
    actions = config.add_subparsers(dest="config_verb", metavar="ACTION", parser_class=parser_class, required=True)
    init = actions.add_parser("init", help="write the default settings, every one documented (never overwrites)")
    init.add_argument("--print", dest="print_only", action="store_true",
                      help="print the default file to standard output instead of writing it")
    actions.add_parser("path", help="print where the settings file is (whether or not it exists)")
    actions.add_parser("check", help="list every problem in the settings file with its line; exit 1 if any")


def run(args: argparse.Namespace, runtime: Any, store: Any) -> int:
    path = runtime.paths.config_file
    if args.config_verb == "path":
        print(path)
        return EXIT_OK
    if args.config_verb == "init":
        return _init(path, args.print_only)
    return _check(path)


def _init(path, print_only: bool) -> int:
    from focus_tui.config import default_config_text

    text = default_config_text()
    if print_only:
        sys.stdout.write(text)
        return EXIT_OK
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "x", encoding="utf-8") as handle:  # "x": never over an existing file
            handle.write(text)
    except FileExistsError:
        print(f"focus: error: {path} already exists; left as it is (focus config check validates it, "
              "focus config init --print shows the default)", file=sys.stderr)
        return EXIT_PROBLEMS
    except OSError as error:
        print(f"focus: error: cannot write {path}: {error.strerror or error}", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"wrote {path}")
    return EXIT_OK


def config_problems(path) -> list[str]:
    """Everything the app would report about the file, each as `path:line: problem`."""
    from focus_tui.config import by_line, load_config
    from focus_tui.keymap import check_config_keymap

    config = load_config(path)
    _keymap, keymap_problems = check_config_keymap(config)
    return by_line([*config.problems, *keymap_problems, *_theme_problems(config)], path)


def _theme_problems(config) -> list[str]:
    """The theme must be a bundled one, one in themes/ next to the config, or a Textual theme."""
    if "theme" not in config.lines:
        return []
    from textual.theme import BUILTIN_THEMES

    from focus_tui.themes import bundled_themes_dir, load_themes

    themes, _problems = load_themes([bundled_themes_dir(), config.path.parent / "themes"])
    names = {theme.name for theme in themes} | set(BUILTIN_THEMES)
    if config.theme in names:
        return []
    bundled = ", ".join(sorted(theme.name for theme in themes))
    return [f'{config.where("theme")}theme "{config.theme}" is not available (yours go in '
            f"{config.path.parent / 'themes'}; bundled: {bundled}); the app uses its default theme"]


def _check(path) -> int:
    if not path.exists():
        print(f"{path}: no such file; the defaults are in use (focus config init writes a documented one)")
        return EXIT_OK
    problems = config_problems(path)
    if not problems:
        print(f"{path}: no problems")
        return EXIT_OK
    for problem in problems:
        print(problem)
    count = len(problems)
    print(f"focus: {count} problem{'s' * (count != 1)} in {path}; the app uses the defaults for those",
          file=sys.stderr)
    return EXIT_PROBLEMS
