"""Texts YAML read otherwise than they were written, without an error: the words an
author typed that would not reach the page.

YAML reads the rest of a line after `` #`` as a comment, so an unquoted text
loses it (rule ``yaml-comment``); and in double quotes it reads a backslash as the
start of a code, so a path or a name written with one is printed otherwise (rule
``yaml-escape``): "C:\\new files" is "C:", a line break and "ew files". Both
parse, so only the text as written, beside the text as read, shows them.
"""

from __future__ import annotations

import re
from typing import Any

from govpack.errors import WARNING, Finding
from govpack.checking.schema import Field
from govpack.reading.source import Source

YAML_COMMENT = "yaml-comment"
YAML_ESCAPE = "yaml-escape"
_COMMENT = re.compile(r"[ \t]+#.*")


def is_prose(rules: dict[str, Any]) -> bool:
    """Whether a string field holds words (not a choice, a date, a reference or a form)."""
    return not any(key in rules for key in ("allowed", "regex", "ref", "date"))


def comments(source: Source, walked: list[Field]) -> list[Finding]:
    """A warning at each text written without quotes and followed on its line by
    `` #``: YAML reads the rest of the line as a comment, so the text loses it
    ("Posts tagged #CwmArianCares" reads as "Posts tagged"). Only texts: a comment
    after a name, a date or a choice (``status: draft  # until May``) loses nothing.
    ``walked``: the source's fields (``schema.fields``)."""
    findings = []
    for found in walked:
        if found.rules.get("type") not in ("string", "text") or not is_prose(found.rules) or not isinstance(found.value, str) or "\n" in found.value:
            continue
        span = source.spans.get(found.at)
        if span is None or len(span.lines) < 1:
            continue
        line = span.lines[0]
        start = line.rfind(found.value)
        comment = _COMMENT.match(line, start + len(found.value)) if start >= 0 and found.value else None
        if comment is None or line[start - 1 : start] in ("'", '"'):
            continue
        whole = (found.value + comment.group()).replace('"', '\\"')
        message = (
            f'the text reads "{found.value}": YAML takes everything from " #" to the end of the line as a comment and leaves it out; '
            f'if it is part of the text, put the whole text in quotes: "{whole}"; if it is a note, put it on a line of its own'
        )
        hash_col = comment.start() + len(comment.group()) - len(comment.group().lstrip()) + 1
        findings.append(Finding(span.path, span.first, hash_col, WARNING, message, YAML_COMMENT))
    return findings


# What YAML reads each code in double quotes as (YAML 1.2, 5.7): the ones a backslash
# typed as itself, in a path or a name, makes. "\\" and "\"" are how a backslash and a
# quote are written on purpose, and "\/" and "\ " read as what was typed.
_CODES = {
    "n": "a line break", "t": "a tab", "r": "a carriage return", "b": "a backspace", "f": "a form feed",
    "v": "a vertical tab", "a": "a bell", "e": "an escape character", "0": "a null character",
    "N": "a next-line character", "_": "a no-break space", "L": "a line separator", "P": "a paragraph separator",
    "x": "the character whose code follows", "u": "the character whose code follows", "U": "the character whose code follows",
    "\t": "a tab", "\n": "nothing, joining the line to the next",
}
_VALUE_START = re.compile(r"[^:]*:[ \t]+")  # from a key's first character to its value's


def escapes(source: Source, walked: list[Field]) -> list[Finding]:
    """A warning at each backslash in a text written in double quotes that YAML reads as
    a code (``_CODES``), at the backslash: the text is printed otherwise than typed.
    ``walked``: the source's fields (``schema.fields``)."""
    findings = []
    for found in walked:
        if found.rules.get("type") not in ("string", "text"):
            continue
        for at, text in _texts(found):
            span, place = source.spans.get(at), source.positions.get(at)
            if span is None or place is None or place.path != span.path or place.line != span.first or "\\" not in "".join(span.lines):
                continue
            written = "\n".join(span.lines)
            start = place.col - 1
            if not isinstance(at[-1], int):  # a key's value: after the key and its ": "
                key = _VALUE_START.match(written, start)
                start = key.end() if key else -1
            if written[start : start + 1] == '"':
                findings += [_escape(span, written, index) for index in _codes(written, start + 1)]
    return findings


def _texts(found: Field) -> list[tuple[tuple[Any, ...], str]]:
    if isinstance(found.value, dict):  # a text in each language
        return [((*found.at, lang), text) for lang, text in found.value.items() if isinstance(text, str)]
    return [(found.at, found.value)] if isinstance(found.value, str) else []


def _codes(written: str, start: int) -> list[int]:
    """Where each backslash that starts a code of ``_CODES`` is, in the text in double
    quotes that starts at ``start`` of ``written`` (after its opening quote)."""
    found, index = [], start
    while index < len(written) and written[index] != '"':
        if written[index] == "\\":
            if written[index + 1 : index + 2] in _CODES:
                found.append(index)
            index += 2
        else:
            index += 1
    return found


def _escape(span: Any, written: str, index: int) -> Finding:
    code = written[index + 1]
    line_start = written.rfind("\n", 0, index) + 1
    word = (re.search(r"\S*\Z", written[line_start:index]).group() + "\\" + re.match(r"[^\s\"]*", written[index + 1 :]).group()).rstrip(".,;:!?)")
    if code == "\n":
        said = "a backslash at the end of a line in a text in double quotes joins the line to the next, with no space between them"
    else:
        shown = "a tab" if code == "\t" else f'"\\{code}"'
        said = f"a backslash before {shown} in a text in double quotes is read by YAML as {_CODES[code]}, so {word} is not printed as written"
    message = f"{said}: if the backslash is meant, write the text in single quotes, where a backslash is itself, or write it twice (\\\\)"
    return Finding(span.path, span.first + written.count("\n", 0, index), index - line_start + 1, WARNING, message, YAML_ESCAPE)
