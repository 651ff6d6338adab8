"""Leaving a widget alone when what it would show has not changed.

Static.update always asks for a layout, which arranges the whole screen again before the next
frame can be drawn: after each change the board would pay that for every panel, changed or not.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.content import Content
from textual.visual import VisualType
from textual.widgets import Static


def same_content(shown: object, new: object) -> bool:
    """Whether two visuals draw the same. Content's own == compares the text only, so a change of
    style alone (a task becoming blocked, a pace turning behind) would be missed."""
    if isinstance(shown, Content) and isinstance(new, Content):
        return shown.plain == new.plain and list(shown.spans) == list(new.spans)
    if isinstance(shown, Text) and isinstance(new, Text):
        return shown == new and shown.style == new.style
    return type(shown) is type(new) and shown == new


def update_static(widget: Static, content: VisualType) -> None:
    """Update `widget` only if it would show something else, asking for a layout only when its
    size may change."""
    shown = widget.content
    if not same_content(shown, content):
        widget.update(content, layout=not _same_room(widget, shown, content))


def _same_room(widget: Static, shown: object, new: object) -> bool:
    """True when the new content surely takes the room of the old: one line each, equally wide,
    and fitting the widget (so it is not wrapped, whether the widget is as wide as its content or
    wider)."""
    old_text, new_text = _plain(shown), _plain(new)
    if old_text is None or new_text is None or "\n" in old_text or "\n" in new_text:
        return False
    width = cell_len(new_text)
    return 0 < width == cell_len(old_text) and width <= widget.content_region.width


def _plain(content: object) -> str | None:
    if isinstance(content, (Content, Text)):
        return content.plain
    if isinstance(content, str) and "[" not in content:  # no markup that would change its width
        return content
    return None
