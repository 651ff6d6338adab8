"""Quick add: one typed line such as `Reply to Bob #email ~10m !transactional ^fri` into task fields."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from focus_tui.domain.dates import DateParseError, parse_day
from focus_tui.domain.tasks import Category
from focus_tui.domain.validation import (
    MAX_MINUTES,
    ValidationError,
    check_characters,
    clean_kind,
    clean_minutes,
)

KIND_TOKEN = re.compile(r"^#([A-Za-z][\w-]*)$")
ESTIMATE_TOKEN = re.compile(r"^~(\d+(?:\.\d+)?)(m|min|mins|h|hr|hrs)?$")
ESTIMATE_LIKE = re.compile(r"^~[+-]?\d")
CATEGORY_TOKEN = re.compile(r"^!([A-Za-z]+)$")
DAY_TOKEN = re.compile(r"^\^(.+)$")


@dataclass
class QuickAdd:
    """The parsed line: `fields` for new_task, and `errors` (field, message) to show inline."""

    title: str
    fields: dict[str, Any] = field(default_factory=dict)
    errors: list[tuple[str, str]] = field(default_factory=list)


def _minutes(number: str, unit: str | None) -> int:
    value = float(number)
    if unit and unit.startswith("h"):
        value *= 60
    if value > MAX_MINUTES:
        raise ValidationError("estimate", f"~{number}{unit or ''} is more than a day; split the task")
    if value != int(value):
        raise ValidationError("estimate", f"~{number}{unit or ''} is not a whole number of minutes")
    return clean_minutes(int(value), "estimate")


def parse_quick_add(line: str, today: date, week_start: int = 0) -> QuickAdd:
    """Tokens that do not parse as markers stay in the title, so nothing typed is lost."""
    title_words: list[str] = []
    result = QuickAdd(title="")
    try:
        # Checked before splitting, which would quietly turn tabs and control characters into spaces.
        check_characters("title", line)
    except ValidationError as error:
        result.errors.append((error.field, error.message))
        return result
    for word in line.split():
        try:
            if match := KIND_TOKEN.match(word):
                result.fields["kind"] = clean_kind(match.group(1))
            elif word.lower() == "~small":
                result.fields["small"] = True
            elif match := ESTIMATE_TOKEN.match(word):
                result.fields["minutes"] = _minutes(match.group(1), match.group(2))
            elif ESTIMATE_LIKE.match(word):
                raise ValidationError("estimate", f"{word} is not an estimate; write ~10m, ~90 or ~1.5h")
            elif (match := CATEGORY_TOKEN.match(word)) and _is_category(match.group(1)):
                result.fields["category"] = Category.parse(match.group(1))
            elif match := DAY_TOKEN.match(word):
                result.fields["day"] = parse_day(match.group(1).replace("_", " "), today, week_start)
            else:
                title_words.append(word)
        except ValidationError as error:
            result.errors.append((error.field, error.message))
        except DateParseError as error:
            result.errors.append(("day", str(error)))
    result.title = " ".join(title_words)
    return result


def _is_category(text: str) -> bool:
    words = text.lower()
    return sum(category.value.startswith(words) for category in Category) == 1
