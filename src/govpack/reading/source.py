"""What a loaded document is: its data, where each key and item was written, and
the lines each text was written on, to place a finding at the line it is about.
Made by ``load``; merged over shared defaults by ``defaults``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterator

from govpack.errors import ERROR, Finding

KeyPath = tuple[Any, ...]  # keys and list indexes from the root of a document


def dotted(at: KeyPath) -> str:
    """A key path as people write it: ``membership.members[0].person``."""
    text = ""
    for step in at:
        text += f"[{step}]" if isinstance(step, int) else f".{step}"
    return text.lstrip(".")


def strings(data: Any, at: KeyPath = ()) -> Iterator[tuple[KeyPath, str]]:
    """Every string under ``data`` and where it stands, depth first."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from strings(value, (*at, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from strings(value, (*at, index))
    elif isinstance(data, str):
        yield at, data


@dataclass(frozen=True)
class Location:
    """Where a key or item was written: file, 1-based line and column."""

    path: str
    line: int
    col: int


@dataclass(frozen=True)
class Span:
    """The lines of a file a text value was written on: ``first`` is the 1-based line
    it starts on, ``lines`` those lines as written, indentation and all."""

    path: str
    first: int
    lines: tuple[str, ...]

    def find(self, needle: str | re.Pattern[str]) -> Location | None:
        """Where ``needle`` is first written in these lines (see ``find_all``)."""
        return next(self._places(needle), None)

    def find_all(self, needle: str | re.Pattern[str]) -> list[Location]:
        """Every place ``needle`` (a text, or a pattern, which may match across lines)
        is written in these lines, in order."""
        return list(self._places(needle))

    def _places(self, needle: str | re.Pattern[str]) -> Iterator[Location]:
        text = "\n".join(self.lines)
        for match in (re.compile(re.escape(needle)) if isinstance(needle, str) else needle).finditer(text):
            yield Location(self.path, self.first + text.count("\n", 0, match.start()), match.start() - text.rfind("\n", 0, match.start()))


@dataclass
class Source:
    """A document's data, where each key and item was written, and the lines each
    text value was written on (``spans``).

    Loaded from one file, every location is in ``path``; merged over shared
    defaults (see ``defaults``), some are in the defaults' files.
    """

    path: str
    data: dict[str, Any]
    positions: dict[KeyPath, Location] = field(default_factory=dict)
    spans: dict[KeyPath, Span] = field(default_factory=dict)

    def position(self, at: KeyPath, own: bool = False) -> Location:
        """Where ``at``, or its nearest ancestor that has a place, was written;
        with ``own``, the nearest that was written in ``path`` itself."""
        while at:
            location = self.positions.get(at)
            if location is not None and (not own or location.path == self.path):
                return location
            at = at[:-1]
        return Location(self.path, 1, 1)

    def finding(self, at: KeyPath, message: str, rule: str, severity: str = ERROR, own: bool = False, within: tuple[str | re.Pattern[str], ...] = ()) -> Finding:
        """A finding located where ``at`` was written (see ``position``); or, where
        ``at`` is a text and one of ``within`` (a text or a pattern) is written in it,
        at the first place, so that a finding in a long text names its own line."""
        return self.findings(at, message, rule, severity, own, within)[0]

    def findings(self, at: KeyPath, message: str, rule: str, severity: str = ERROR, own: bool = False, within: tuple[str | re.Pattern[str], ...] = ()) -> list[Finding]:
        """As ``finding``, a finding at each place the first of ``within`` found is
        written in the text ``at``, where it is a pattern (a detail typed twice is two
        findings), at the first where it is a text (a part of one, say); at least one."""
        where = [self.position(at, own)]
        span = self.spans.get(at)
        if span is not None and (not own or span.path == self.path):
            found = next((found if isinstance(needle, re.Pattern) else found[:1] for needle in within if needle and (found := span.find_all(needle))), None)
            where = found or where
        return [Finding(place.path, place.line, place.col, severity, message, rule) for place in where]
