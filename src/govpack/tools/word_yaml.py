"""A draft's data written as plain YAML 1.2, with a comment above any key or item.

Written by hand rather than by a YAML library, so that each comment stands on a line
of its own above what it is about (a comment after a text on its line would hide
part of it, rule ``yaml-comment``): mappings and lists in block style, Markdown in
literal blocks, other words double-quoted (a JSON string is a YAML string), and
only keys, slugs and dates plain. No anchors, aliases or tags.
"""

from __future__ import annotations

import json
import re
from typing import Any

_PLAIN = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*|\d{4}-\d{2}(?:-\d{2})?")
_WORDS_YAML_READS_OTHERWISE = {"true", "false", "null", "yes", "no", "on", "off", "y", "n", "nan", "inf"}

Comments = dict[tuple[Any, ...], list[str]]


def dump(data: dict[str, Any], comments: Comments, header: list[str]) -> str:
    """``data`` as YAML, ``header`` as comment lines at its top, and each of ``comments``
    (by the key path of what it is about) above its key or list item."""
    lines = [f"# {_one_line(line)}" if line else "#" for line in header]
    _mapping(data, (), 0, lines, comments, None)
    return "\n".join(lines) + "\n"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _comment(lines: list[str], comments: Comments, at: tuple[Any, ...], indent: int) -> None:
    lines += [f"{' ' * indent}# {_one_line(text)}" for text in comments.get(at, [])]


def _mapping(data: dict[str, Any], at: tuple[Any, ...], indent: int, lines: list[str], comments: Comments, first: str | None) -> None:
    """Each key of ``data``; ``first``: what the first key's line starts with ("- " in a list)."""
    for index, (key, value) in enumerate(data.items()):
        here = (*at, key)
        lead = first if first is not None and index == 0 else " " * indent
        if not (first is not None and index == 0):  # a list item's first key: its comments went above the dash
            _comment(lines, comments, here, indent)
        _entry(f"{lead}{_scalar(str(key)) if not _PLAIN.fullmatch(str(key)) else key}:", value, here, indent, lines, comments)


def _entry(prefix: str, value: Any, at: tuple[Any, ...], indent: int, lines: list[str], comments: Comments) -> None:
    if isinstance(value, dict) and value:
        lines.append(prefix)
        _mapping(value, at, indent + 2, lines, comments, None)
    elif isinstance(value, list) and value:
        lines.append(prefix)
        _sequence(value, at, indent + 2, lines, comments)  # items indented under their key
    elif isinstance(value, str) and "\n" in value.strip() and _literal(value):
        lines.append(f"{prefix} |")
        lines += [f"{' ' * (indent + 2)}{line}" if line else "" for line in value.strip("\n").split("\n")]
    else:
        lines.append(f"{prefix} {_scalar(value) if value not in ([], {}) else json.dumps(value)}")


def _sequence(items: list[Any], at: tuple[Any, ...], indent: int, lines: list[str], comments: Comments) -> None:
    pad = " " * indent
    for index, item in enumerate(items):
        here = (*at, index)
        _comment(lines, comments, here, indent)
        if isinstance(item, dict) and item:
            _comment(lines, comments, (*here, next(iter(item))), indent)
            _mapping(item, here, indent + 2, lines, comments, f"{pad}- ")
        else:
            _entry(f"{pad}-", item, here, indent, lines, comments)


def _literal(text: str) -> bool:
    """Whether ``text`` can be a literal block: no line starts with a space (the block's
    indentation would be read otherwise) or ends with one (editors drop them)."""
    return all(not line or (line[0] != " " or index > 0) and line == line.rstrip() for index, line in enumerate(text.strip("\n").split("\n")))


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if value is None:
        return "null"
    text = str(value)
    if _PLAIN.fullmatch(text) and not text.isdigit() and text.lower() not in _WORDS_YAML_READS_OTHERWISE:
        return text
    return json.dumps(text, ensure_ascii=False)
