"""YAML syntax errors in the words of the person who made them.

Most YAML errors in content files come from text written without quotes that YAML
reads as something else: a ``: `` inside a sentence, a sentence starting with
``*`` (Markdown bold) or ``[``, an apostrophe inside single quotes, a quote never
closed; and from characters an editor does not show (a no-break space in the
indentation). The parser reports where it gave up, in its own terms; ``explain``
finds the cause on the line and says how to fix it, at the line and column of the
cause.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

Explanation = tuple[int, int, str]  # 1-based line and column, and the message
QUOTING, SYNTAX = "yaml-quoting", "yaml-syntax"  # the rules: text YAML read as something else; a line YAML cannot place

# Characters that look like a space, or like nothing, and which YAML does not take as one.
_INVISIBLE = re.compile("[\u00a0\u1680\u2000-\u200d\u2028\u2029\u202f\u205f\u2060\u3000\ufeff]")
# A line up to its key's colon, and the start of a key.
_KEY = re.compile(r"\s*(?:-\s+)*[^\s:#'\"\-][^:#]*:")
_KEY_START = re.compile(r"\s*(?:-\s+)*[^\s:#'\"\-][^:#]*")
# The start of a value on a line: after "key: " or "- ", with what follows.
_VALUE = re.compile(r"^(\s*(?:-\s+)*(?:[^\s#'\"][^:#]*?:\s+|-\s+))(.+)$")
_MEANINGS = {
    "*": "an alias (a reference to another value)",
    "&": "an anchor (a name for the value)",
    "!": "a tag (a type for the value)",
    "[": "a list",
    "{": "a mapping",
    "`": "a character it keeps for itself, which no text may start with unquoted",
    "@": "a character it keeps for itself, which no text may start with unquoted",
    "%": "a directive",
    "|": "the start of a block of text on the lines below",
    ">": "the start of a block of text on the lines below",
}


def invisible(text: str) -> Explanation | None:
    """The first character no editor shows, or shows as a plain space, where YAML needs
    a plain space or nothing: in the indentation, in a key, or just after a key's
    ``:``. In the words of a text such characters are the author's to keep."""
    if not _INVISIBLE.search(text):
        return None
    for number, line in enumerate(text.splitlines(), start=1):
        for match in _INVISIBLE.finditer(line):
            before = line[: match.start()]
            indentation = not before.strip(" -")
            in_key = _KEY_START.fullmatch(before) is not None and ":" in line[match.end() :]
            after_key = _KEY.fullmatch(before.rstrip(" ")) is not None
            if (indentation or in_key or after_key) and not before.lstrip().startswith("#"):
                name = unicodedata.name(match.group(), f"U+{ord(match.group()):04X}").lower()
                message = f"a {name} (U+{ord(match.group()):04X}), which looks like a space or nothing, where YAML needs a plain space or nothing: delete it and type a space if one is needed"
                return number, match.start() + 1, message
    return None


def explain(text: str, exc: Any) -> tuple[Explanation, str] | None:
    """The cause of the parser's error ``exc`` (a ruamel.yaml MarkedYAMLError) in
    ``text``, where it is and what to do, and its rule: ``SYNTAX`` for a line YAML
    cannot place (a key without its ": ", a line indented as no key is), ``QUOTING``
    for text YAML read as something else. None if it is none of the kinds known here."""
    mark = exc.problem_mark or exc.context_mark
    if mark is None:
        return None
    lines = text.splitlines()
    placed = _unplaced(lines, exc, mark)
    if placed is not None:
        return placed, SYNTAX
    quoting = _quoting(lines, exc, mark)
    return (quoting, QUOTING) if quoting is not None else None


def _unplaced(lines: list[str], exc: Any, mark: Any) -> Explanation | None:
    problem = f"{exc.context or ''} {exc.problem or ''}"
    if "could not find expected ':'" in problem and exc.context_mark is not None:
        return _no_colon(lines, exc.context_mark.line)
    if "expected <block end>" in problem and mark.line < len(lines):
        return _misaligned(lines, mark.line)
    if "mapping values are not allowed" in problem and mark.line < len(lines):
        above = _above(lines, mark.line)
        if above is not None and _indent(lines[above]) == _indent(lines[mark.line]) and not _KEY_VALUE.match(lines[above]):
            # Read as one key over two lines: a key without its ": " (or its space) above, or a text's lines.
            return _tight_colon(lines, above) or (mark.line + 1, mark.column + 1, (
                f'YAML reads line {above + 1} and this one as one text, and the ": " here as the start of a key: if line {above + 1} '
                'starts with a key, put ": " after it; if this line goes on with the text above it, put the whole text in quotes'
            ))
        return _indented_under_text(lines, mark.line)
    return None


_KEY_NAME = re.compile(r"[A-Za-z_][\w-]*")  # a key as govpack's schemas name them
_KEY_LINE = re.compile(r"\s*(?:-\s+)?[A-Za-z_][\w-]*:(?:\s|$)")  # a line that starts with one
_KEY_VALUE = re.compile(r"\s*(?:-\s|#|[^:]*:(?:\s|$))")  # a line that is a key (with its value or not), an item or a comment


def _quoting(lines: list[str], exc: Any, mark: Any) -> Explanation | None:
    problem = f"{exc.context or ''} {exc.problem or ''}"
    unknown = re.search(r"unknown escape character '(.)'", problem)
    if unknown is not None and exc.problem_mark is not None:  # "S:\Governance": \G is no code
        return exc.problem_mark.line + 1, max(exc.problem_mark.column, 1), (
            f'a backslash in a text in double quotes starts a code to YAML ("\\n" is a line break), and "\\{unknown[1]}" is none: '
            "if the backslash is meant, write the text in single quotes, where a backslash is itself, or write it twice (\\\\)"
        )
    if "scanning a quoted scalar" in problem and exc.context_mark is not None:
        start = exc.context_mark
        quote = lines[start.line][start.column] if start.line < len(lines) and start.column < len(lines[start.line]) else '"'
        return start.line + 1, start.column + 1, f"this text opens a quote ({quote}) that is never closed: close it at the end of the text"
    line = lines[mark.line] if mark.line < len(lines) else ""
    unclosed = _unclosed_quote(lines, mark.line, mark.column)
    if unclosed is not None:
        return unclosed
    value = _VALUE.match(line)
    if value is None:
        return None
    col, written = len(value.group(1)) + 1, value.group(2)
    first = written[:1]
    # An alias, anchor or tag alone is YAML used on purpose (refused as such); followed
    # by more words, it was text.
    if first in _MEANINGS and ("mapping values" not in problem or first in "[{") and (first not in "*&!" or " " in written.strip()):
        quoted = written.replace('"', '\\"')
        return mark.line + 1, col, f'a text starting with {first} reads in YAML as {_MEANINGS[first]}: if it is text, put the whole text in quotes: "{quoted}"'
    if "mapping values are not allowed" in problem:
        quoted = written.replace('"', '\\"')
        if written[:1] in _CURLY and written[-1:] in _CURLY.values():
            return mark.line + 1, col, (
                f"{written[0]} and {written[-1]} are not quote marks to YAML, which reads them as part of the text, and the \": \" inside it "
                f'as the start of another key: write the text in straight quotes: "{quoted[1:-1]}"'
            )
        return mark.line + 1, mark.column + 1, f'": " inside a text reads in YAML as the start of another key: put the whole text in quotes: "{quoted}"'
    return None


_CURLY = {"\u201c": "\u201d", "\u2018": "\u2019", "\u201e": "\u201d"}  # the quotes a word processor types: “ ” ‘ ’ „
_INDENT = re.compile(r"[ ]*")


def _indent(line: str) -> int:
    return len(_INDENT.match(line).group())


def _above(lines: list[str], number: int) -> int | None:
    """The number of the nearest line above ``number`` that holds more than a comment."""
    for back in range(number - 1, -1, -1):
        if lines[back].strip() and not lines[back].lstrip().startswith("#"):
            return back
    return None


def _no_colon(lines: list[str], number: int) -> Explanation:
    """A line under a key that holds keys, which is not "key: value": its colon has no
    space after it, or it has none (the parser finds out a line later)."""
    line = lines[number] if number < len(lines) else ""
    return _tight_colon(lines, number) or (
        number + 1, _indent(line) + 1,
        'this line is not "key: value", nor indented under the text above it: if it goes on with that text, indent it more than the text\'s key; if it starts with a key, put ": " after the key',
    )


def _tight_colon(lines: list[str], number: int) -> Explanation | None:
    """A key whose ":" has no space after it ("owner:Chief Executive"); not an address or
    a time ("https://...", "14:00"), which a text may start a line with."""
    line = lines[number] if number < len(lines) else ""
    key, colon, value = line.strip().partition(":")
    if colon and _KEY_NAME.fullmatch(key) and value and not value[0].isspace() and not value.startswith("//") and not value[0].isdigit():
        return number + 1, _indent(line) + len(key) + 2, f'a key\'s ":" needs a space after it: write "{key}: {value}"'
    return None


def _indented_under_text(lines: list[str], number: int) -> Explanation | None:
    """A "key: value" line indented more than the key above it, which holds a value on its
    own line: YAML reads it as more of that value, and its ": " as a key inside a text."""
    above = _above(lines, number)
    if above is None or not _KEY.match(lines[number]):
        return None
    before = _VALUE.match(lines[above])
    if before is None or _indent(lines[number]) <= _indent(lines[above]) or before.group(1).lstrip().startswith("-"):
        return None
    if not before.group(2).strip() or before.group(2).lstrip().startswith("#"):
        return None  # the key above holds this line: no text of its own on its line
    key = before.group(1).strip().rstrip(":")
    spaces = _indent(lines[above])
    return number + 1, 1, (
        f'YAML reads this line as more of "{key}:"\'s text, and the ": " in it as the start of a key: if it is a key of its own, '
        f'indent it as "{key}:" is ({spaces} space{"s" if spaces != 1 else ""}); if it goes on with that text, put the whole text in quotes'
    )


def _misaligned(lines: list[str], number: int) -> Explanation | None:
    """A key indented less than the keys above it, but more than the key they are
    under: it lines up with neither. The keys above: the nearest line above that is a
    key indented more (not a text's line, nor a line of a | block)."""
    line = lines[number]
    keys = (_indent(lines[back]) for back in range(number - 1, -1, -1) if _KEY_LINE.match(lines[back]) and _indent(lines[back]) > _indent(line))
    spaces = next(keys, None)
    if spaces is None or not _KEY.match(line):
        return None
    # Under a list's items, at their "- ": most often the "- " of the next item left out.
    level = next((lines[back] for back in range(number - 1, -1, -1) if lines[back].strip() and _indent(lines[back]) <= _indent(line)), "")
    item = '; or, if it begins another item of the list above, write "- " before it' if _indent(level) == _indent(line) and level.lstrip().startswith("- ") else ""
    return number + 1, 1, (
        f"this line is indented {_indent(line)} space{'s' if _indent(line) != 1 else ''}, which lines it up with no key above it: "
        f"indent it as the keys around it are ({spaces} space{'s' if spaces != 1 else ''}), or as the key they are under{item}"
    )


def _unclosed_quote(lines: list[str], number: int, column: int) -> Explanation | None:
    """A quoted text that ended where its author did not mean it to: an apostrophe
    inside single quotes, or a quote left open on an earlier line that the next
    quote closed. Found from the error's place, just after the text the parser read."""
    line = lines[number] if number < len(lines) else ""
    before = line[:column].rstrip()
    if not before or before[-1] not in "'\"":
        return None
    quote = before[-1]
    # Where the quoted text the parser read began: the quote before this one.
    for back in range(number, -1, -1):
        text = lines[back][: len(before) - 1] if back == number else lines[back]
        opened = text.rfind(quote)
        if opened >= 0:
            break
    else:
        return None
    if back < number:
        return back + 1, opened + 1, f"this text opens a quote ({quote}) that is not closed on its line, so YAML reads on to the quote on line {number + 1}: close it at the end of the text"
    if quote == "'":
        return number + 1, len(before), "an apostrophe inside a text in single quotes ends the text there: write it twice ('') or put the whole text in double quotes"
    return number + 1, len(before), 'a " inside a text in double quotes ends the text there: write it as \\" or put the whole text in single quotes'
