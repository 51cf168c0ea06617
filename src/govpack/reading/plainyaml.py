"""A fast reader for plain YAML, the kind nearly every content file is.

libyaml (ruamel.yaml.clib) parses; this module composes its events into plain
data and the line and column of every key and item, as the careful reader in
load.py does, about forty times faster. It accepts only what it is sure of: at
the first anchor, alias, tag, directive, duplicate or unusual key, number it
would have to interpret, or anything else out of the ordinary, it gives up and
the careful reader reads the file and reports what is wrong.
"""

from __future__ import annotations

import re
from typing import Any

from ruamel.yaml.reader import Reader
from ruamel.yaml.resolver import VersionedResolver

try:
    from ruamel.yaml.cyaml import CParser
except ImportError:  # no libyaml for this platform: the careful reader reads everything
    CParser = None

# YAML 1.2's implicit types by the first character of the text, as ruamel.yaml's
# resolver holds them; looked up directly, as the resolver would, without its
# per-call overhead, which cost more than libyaml's parsing.
_IMPLICIT = VersionedResolver(version=(1, 2)).versioned_resolver
_TAG = "tag:yaml.org,2002:"
_INT = re.compile(r"[-+]?[0-9]+")
_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?|[-+]?[0-9]+[eE][-+]?[0-9]+")


# Characters libyaml reads otherwise than ruamel.yaml does: tabs (which ruamel refuses
# in places libyaml takes them) and the line breaks and byte-order mark beyond \n and \r.
_UNUSUAL = re.compile("[\t\x85\u2028\u2029\ufeff]")


class _GiveUp(Exception):
    """Something the careful reader should judge."""


Positions = dict[tuple[Any, ...], tuple[int, int]]


def read(text: str, max_depth: int) -> tuple[dict[str, Any], Positions, Positions] | None:
    """The mapping ``text`` holds, the 1-based (line, column) of every key and item
    path, and the first and last 1-based line of each text value; None if the
    careful reader must read it."""
    if CParser is None or Reader.NON_PRINTABLE.search(text) or _UNUSUAL.search(text):
        return None
    try:
        return _compose(CParser(text), max_depth)
    except _GiveUp:
        return None
    except Exception:  # libyaml's syntax errors: the careful reader words them
        return None


def _compose(parser: Any, max_depth: int) -> tuple[dict[str, Any], Positions, Positions]:
    events = iter(parser.get_event, None)
    _expect(next(events), "StreamStartEvent")
    start = next(events)
    _expect(start, "DocumentStartEvent")
    if start.version not in (None, (1, 2)) or start.tags:
        raise _GiveUp
    top = next(events)
    _expect(top, "MappingStartEvent")
    _plain_collection(top)
    data: dict[str, Any] = {}
    positions: Positions = {}
    lines: Positions = {}
    # Each open collection: its value, its key path, and the key awaiting a value.
    stack: list[list[Any]] = [[data, (), None]]
    for event in events:
        kind = type(event).__name__
        container, at, key = stack[-1]
        if kind in ("MappingEndEvent", "SequenceEndEvent"):
            stack.pop()
            if not stack:
                break
            continue
        here = _place(event)
        if isinstance(container, dict) and key is None:  # a key
            if kind != "ScalarEvent":
                raise _GiveUp
            name = _scalar(event)
            if not isinstance(name, str) or name in container:
                raise _GiveUp
            stack[-1][2] = name
            positions[(*at, name)] = here
            continue
        if isinstance(container, dict):
            path = (*at, key)
            stack[-1][2] = None
        else:
            path = (*at, len(container))
            positions[path] = here
        value = _value(event, kind)
        if isinstance(value, str):
            # A block scalar's end mark is the start of the line after it.
            last = event.end_mark.line + (0 if event.end_mark.column or event.style not in ("|", ">") else -1)
            lines[path] = (event.start_mark.line + 1, max(last, event.start_mark.line) + 1)
        if isinstance(container, dict):
            container[key] = value
        else:
            container.append(value)
        if isinstance(value, (dict, list)):
            if len(stack) >= max_depth:
                raise _GiveUp
            stack.append([value, path, None])
    _expect(next(events), "DocumentEndEvent")
    _expect(next(events), "StreamEndEvent")
    return data, positions, lines


def _expect(event: Any, kind: str) -> None:
    if type(event).__name__ != kind:
        raise _GiveUp


def _place(event: Any) -> tuple[int, int]:
    return event.start_mark.line + 1, event.start_mark.column + 1


def _plain_collection(event: Any) -> None:
    if event.anchor is not None or (event.tag is not None and not event.implicit):
        raise _GiveUp


def _value(event: Any, kind: str) -> Any:
    if kind == "ScalarEvent":
        return _scalar(event)
    if kind in ("MappingStartEvent", "SequenceStartEvent"):
        _plain_collection(event)
        return {} if kind == "MappingStartEvent" else []
    raise _GiveUp  # an alias


def _scalar(event: Any) -> Any:
    if event.anchor is not None:
        raise _GiveUp
    plain, quoted = event.implicit
    if event.style:  # quoted or block: text, unless tagged
        if not quoted:
            raise _GiveUp
        return event.value
    if not plain:
        raise _GiveUp
    text = event.value
    tag = _implicit_tag(text)
    if tag in ("str", "timestamp"):  # dates stay text, for the validator to judge
        return text
    if tag == "null":
        return None
    if tag == "bool":
        return text.lower() == "true"
    if tag == "int" and _INT.fullmatch(text):
        return int(text)
    if tag == "float" and _FLOAT.fullmatch(text):
        return float(text)
    raise _GiveUp


def _implicit_tag(text: str) -> str:
    for tag, pattern in _IMPLICIT.get(text[:1], []) + _IMPLICIT.get(None, []):
        if pattern.match(text):
            return tag.removeprefix(_TAG)
    return "str"
