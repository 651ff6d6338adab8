"""Checks on what people type: every rejection says what is wrong in words a person can act on."""

from __future__ import annotations

import re
import unicodedata

MAX_TITLE = 500
MAX_TEXT = 10_000
MAX_KIND = 32
MAX_MINUTES = 24 * 60

KIND_PATTERN = re.compile(r"^[a-z][a-z0-9_-]*$")


class ValidationError(ValueError):
    """A value a person gave cannot be stored; the message says why."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


# Invisible characters that reorder or break a terminal line (bidi overrides and isolates, line
# and paragraph separators). Zero-width joiners stay allowed: emoji sequences need them.
LINE_BREAKERS = {chr(code) for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x2028, 0x2029)}


def _has_lone_surrogate(text: str) -> bool:
    return any(0xD800 <= ord(ch) <= 0xDFFF for ch in text)


def check_characters(field: str, text: str, *, allow_newlines: bool = False) -> None:
    if _has_lone_surrogate(text):
        raise ValidationError(field, "contains bytes that are not valid text (a lone surrogate)")
    for ch in text:
        if allow_newlines and ch in "\n\t":
            continue
        if unicodedata.category(ch) == "Cc":
            shown = "an escape sequence" if ch == "\x1b" else f"control character U+{ord(ch):04X}"
            raise ValidationError(field, f"contains {shown}; type plain text")
        if ch in LINE_BREAKERS:
            raise ValidationError(field, f"contains the invisible character U+{ord(ch):04X}; type plain text")


def clean_title(text: str, field: str = "title") -> str:
    """A one-line title: stripped, non-empty, bounded, free of control characters."""
    if not isinstance(text, str):
        raise ValidationError(field, "must be text")
    check_characters(field, text, allow_newlines=False)
    cleaned = text.strip()
    if not cleaned:
        raise ValidationError(field, "is empty; type a few words")
    if len(cleaned) > MAX_TITLE:
        raise ValidationError(field, f"is too long ({len(cleaned):,} characters; the limit is {MAX_TITLE})")
    return cleaned


def clean_line(text: str | None, field: str, limit: int = MAX_TITLE, *, multiline: bool = False) -> str:
    """An optional text such as a purpose (one line) or notes (`multiline`): may be empty."""
    if text is None:
        return ""
    if not isinstance(text, str):
        raise ValidationError(field, "must be text")
    check_characters(field, text, allow_newlines=multiline)
    cleaned = text.strip()
    if len(cleaned) > limit:
        raise ValidationError(field, f"is too long ({len(cleaned):,} characters; the limit is {limit:,})")
    return cleaned


def clean_notes(text: str | None, field: str = "notes") -> str:
    """Free text that may span lines."""
    return clean_line(text, field, MAX_TEXT, multiline=True)


def clean_kind(text: str | None, field: str = "kind") -> str | None:
    """A batching label such as `email`: lower case, one word."""
    if text is None:
        return None
    if not isinstance(text, str):
        raise ValidationError(field, "must be text")
    cleaned = text.strip().lstrip("#").lower()
    if not cleaned:
        raise ValidationError(field, "is empty; give one word such as email or forms")
    if len(cleaned) > MAX_KIND:
        raise ValidationError(field, f"is too long (the limit is {MAX_KIND} characters)")
    if not KIND_PATTERN.match(cleaned):
        raise ValidationError(field, f"{cleaned!r} must be one word of letters, digits, - or _ starting with a letter")
    return cleaned


def clean_minutes(value: int | str | None, field: str = "minutes") -> int | None:
    """An estimate in whole minutes, above zero and at most a day."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValidationError(field, "must be a whole number of minutes")
    if isinstance(value, str):
        text = value.strip()
        if not re.fullmatch(r"[+-]?\d{1,7}", text):
            raise ValidationError(field, f"{value!r} is not a whole number of minutes")
        value = int(text)
    if not isinstance(value, int):
        raise ValidationError(field, "must be a whole number of minutes")
    if value <= 0:
        raise ValidationError(field, f"must be above zero (got {value})")
    if value > MAX_MINUTES:
        raise ValidationError(field, f"{value} is more than a day; split the task")
    return value
