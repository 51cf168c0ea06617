"""Shared defaults: wording many organisations share, merged under their documents.

    content/_defaults/<type>.yaml            under every document of that type
    content/_defaults/<group>/<type>.yaml    under the documents of organisations
                                             whose organisation.yaml says
                                             ``defaults: <group>`` (a health board,
                                             a federation)

A document's own file wins over its group's defaults, which win over the shared
ones. Mappings merge key by key, at any depth; anything else, lists included, is
replaced whole: a document that sets a list sets all of it. So is a text given per
language: a document's own text replaces the default's in every language, rather
than standing beside a translation of other words. Every value keeps the
location it was written at, so findings and ``invoke explain`` name the defaults
file a value came from.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from govpack.reading.source import KeyPath, Source
from govpack.reading.texts import per_language

FOLDER = "_defaults"


@dataclass
class Defaults:
    """The defaults files of a content folder, by group (None: everyone) and type."""

    files: dict[tuple[str | None, str], Source] = field(default_factory=dict)
    # Files that failed to load: documents they would sit under are not assembled,
    # so that one broken defaults file does not read as many missing values.
    broken: set[tuple[str | None, str]] = field(default_factory=set)

    @property
    def groups(self) -> set[str]:
        return {group for group, _ in self.files.keys() | self.broken if group is not None}

    def under(self, group: str | None, doc_type: str) -> list[Source] | None:
        """The defaults a document lies on, outermost first; None if one is broken."""
        levels = [(None, doc_type)] + ([(group, doc_type)] if group is not None else [])
        if any(level in self.broken for level in levels):
            return None
        return [self.files[level] for level in levels if level in self.files]


def merge(under: Source, over: Source) -> Source:
    """``over`` laid on ``under``: the result is ``over``'s document, filled in.

    Keys keep ``over``'s order, followed by those only ``under`` has.
    """
    replaced: set[KeyPath] = set()
    data = _merged(under.data, over.data, (), replaced)
    positions = {at: where for at, where in under.positions.items() if not _within(at, replaced)}
    positions.update(over.positions)
    spans = {at: span for at, span in under.spans.items() if not _within(at, replaced)}
    spans.update(over.spans)
    return Source(over.path, data, positions, spans)


def _merged(under: dict[str, Any], over: dict[str, Any], at: KeyPath, replaced: set[KeyPath]) -> dict[str, Any]:
    data = {}
    for key, value in over.items():
        here = (*at, key)
        if isinstance(under.get(key), dict) and isinstance(value, dict) and not per_language(value):
            data[key] = _merged(under[key], value, here, replaced)
        else:
            data[key] = value
            if key in under:
                replaced.add(here)
    for key, value in under.items():
        data.setdefault(key, copy.deepcopy(value))
    return data


def _within(at: KeyPath, replaced: set[KeyPath]) -> bool:
    return any(at[:depth] in replaced for depth in range(1, len(at) + 1))
