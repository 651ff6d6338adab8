"""Change one setting in the user's TOML config file and leave every other line as it was.

`set_setting(path, "theme", "focus-light")` or `set_setting(path, "review.time", "18:00")`
replaces the key's value where it stands (keeping its comment), or adds it: a top-level key before
the first table, a section key at the end of its `[section]`, a missing section at the end of the
file. The file is written atomically (a temp file in the same directory, then `os.replace`), and
created if missing. A file that is not valid TOML is never touched: `SettingsWriteError` says why.
No Textual here: the CLI may use it too.
"""

from __future__ import annotations

import copy
import math
import os
import re
import tempfile
import tomllib
from pathlib import Path

Value = str | bool | int | float | list

BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
# A table header; `[[array]]` headers are tables too, but never ones we write into.
HEADER = re.compile(r"^\s*\[(?!\[)\s*([^\]]+?)\s*\]\s*(?:#.*)?$")
ARRAY_HEADER = re.compile(r"^\s*\[\[")


class SettingsWriteError(Exception):
    """The setting could not be written; the message says why, and the file is unchanged."""


def set_setting(path: Path | str, key: str, value: Value) -> None:
    """Set `key` ("name" or "section.name") to `value` in the TOML file at `path`."""
    path = Path(path)
    parts = key.split(".")
    if not 1 <= len(parts) <= 2 or not all(BARE_KEY.fullmatch(part) for part in parts):
        raise SettingsWriteError(f"{key!r} is not a setting name (use name or section.name)")
    section, name = (None, parts[0]) if len(parts) == 1 else (parts[0], parts[1])
    rendered = render_value(value)
    text = _read(path)
    try:
        before = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise SettingsWriteError(f"{path} is not valid TOML ({error}); it was left unchanged") from None
    newline = "\r\n" if "\r\n" in text else "\n"
    updated = _updated_text(text, section, name, rendered, newline)
    expected = copy.deepcopy(before)
    table = expected if section is None else expected.setdefault(section, {})
    if not isinstance(table, dict):
        raise SettingsWriteError(f"{path}: {section} is not a [section]; it was left unchanged")
    table[name] = tomllib.loads(f"v = {rendered}")["v"]
    try:
        after = tomllib.loads(updated)
    except tomllib.TOMLDecodeError:
        after = None
    if after != expected:
        # The layout was one this line editor does not understand (an inline table, say).
        raise SettingsWriteError(f"{path}: could not change {key} without disturbing the rest; "
                                 "it was left unchanged")
    _write_atomically(path, updated)


def render_value(value: Value) -> str:
    """A TOML literal for a string, boolean, number or list of them."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise SettingsWriteError("a setting cannot be infinite or NaN")
        return repr(value)
    if isinstance(value, str):
        return _basic_string(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(render_value(item) for item in value) + "]"
    raise SettingsWriteError(f"cannot write a {type(value).__name__} as a setting")


def _basic_string(text: str) -> str:
    escapes = {"\\": "\\\\", '"': '\\"', "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}
    out = []
    for char in text:
        if char in escapes:
            out.append(escapes[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04X}")
        elif 0xD800 <= ord(char) <= 0xDFFF:
            raise SettingsWriteError("a setting cannot contain a lone surrogate")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _read(path: Path) -> str:
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            return handle.read()
    except FileNotFoundError:
        return ""
    except UnicodeDecodeError:
        raise SettingsWriteError(f"{path} is not UTF-8 text; it was left unchanged") from None
    except OSError as error:
        raise SettingsWriteError(f"{path} cannot be read ({error.strerror or error})") from None


def _key_of(line: str) -> str | None:
    """The key of a `key = value` line, normalised ("a . b" -> "a.b", quotes dropped), else None."""
    stripped = line.strip()
    if not stripped or stripped.startswith("#") or stripped.startswith("["):
        return None
    match = re.match(r"""^((?:[A-Za-z0-9_-]+|"[^"\\]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"\\]*"|'[^']*'))*)\s*=""",
                     stripped)
    if not match:
        return None
    pieces = re.findall(r"""[A-Za-z0-9_-]+|"[^"\\]*"|'[^']*'""", match.group(1))
    return ".".join(piece.strip("\"'") for piece in pieces)


def _value_end(lines: list[str], start: int) -> tuple[int, str]:
    """The last line of the key/value that begins at `start` (values may span lines), and the
    comment after the value on that line with the spaces before it ("" if none)."""
    for end in range(start, len(lines)):
        chunk = "".join(lines[start:end + 1])
        body = chunk.rstrip("\r\n")
        try:
            tomllib.loads(body)
        except tomllib.TOMLDecodeError:
            continue
        # The whole chunk parses; find where the value stops and a trailing comment begins.
        last = lines[end].rstrip("\r\n")
        offset = len(body) - len(last)
        for position in [m.start() for m in re.finditer("#", last)]:
            try:
                tomllib.loads(body[:offset + position])
            except tomllib.TOMLDecodeError:
                continue
            return end, last[len(last[:position].rstrip()):]  # with the spaces before it
        return end, ""
    return start, ""


def _updated_text(text: str, section: str | None, name: str, rendered: str, newline: str) -> str:
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += newline
    current: str | None = None  # None: the top level, before any header
    in_array = False
    first_header: int | None = None
    section_header: int | None = None
    last_in_target: int | None = None  # the last line of the target table's last key/value
    index = 0
    while index < len(lines):
        line = lines[index]
        header = HEADER.match(line.rstrip("\r\n"))
        if header or ARRAY_HEADER.match(line):
            if first_header is None:
                first_header = index
            in_array = not header
            current = ".".join(piece.strip().strip("\"'") for piece in header.group(1).split(".")) if header else "[["
            if header and current == section and section is not None:
                section_header = index
            index += 1
            continue
        key = _key_of(line)
        if key is None:
            index += 1
            continue
        end, comment = _value_end(lines, index)
        in_target = not in_array and current == section
        dotted_at_top = section is not None and current is None and key == f"{section}.{name}"
        if (in_target and key == name) or dotted_at_top:
            lead = line[:line.index("=") + 1]
            spacing = " " if not lead.endswith(" ") else ""
            lines[index:end + 1] = [f"{lead}{spacing}{rendered}{comment}{newline}"]
            return "".join(lines)
        if in_target:
            last_in_target = end
        index = end + 1
    new_line = f"{name} = {rendered}{newline}"
    if last_in_target is not None:
        lines.insert(last_in_target + 1, new_line)
    elif section is None:
        if first_header is None:
            lines.append(new_line)
        else:
            # Before the first table, the comment on top of it and the blank lines above that.
            at = first_header
            while at > 0 and lines[at - 1].lstrip().startswith("#"):
                at -= 1
            while at > 0 and not lines[at - 1].strip():
                at -= 1
            lines[at:at] = [new_line] + ([newline] if lines[at].strip() else [])
    elif section_header is not None:
        lines.insert(section_header + 1, new_line)
    else:
        if lines and lines[-1].strip():
            lines.append(newline)
        lines += [f"[{section}]{newline}", new_line]
    return "".join(lines)


def _write_atomically(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        mode = path.stat().st_mode & 0o777 if path.exists() else None
        handle, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
                out.write(text)
                out.flush()
                os.fsync(out.fileno())
            if mode is not None:
                os.chmod(temp_name, mode)
            os.replace(temp_name, path)
        except BaseException:
            Path(temp_name).unlink(missing_ok=True)
            raise
    except OSError as error:
        raise SettingsWriteError(f"{path} cannot be written ({error.strerror or error})") from None
