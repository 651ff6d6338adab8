"""`focus` verbs for config. No Textual here."""

from __future__ import annotations

import argparse
from typing import Any

VERBS: tuple[str, ...] = ()


def add_parsers(verbs: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    """Add this family's verbs to the `focus` parser."""


def run(args: argparse.Namespace, runtime: Any, store: Any) -> int:
    raise NotImplementedError(args.verb)
