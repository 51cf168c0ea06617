"""Translations kept in step: a text whose words in one language changed after its words
in another last did (rule ``translation-stale``).

The Welsh Language Standards (Welsh Language (Wales) Measure 2011) require that Welsh
is not treated less favourably than English: where the English of an approved
document changes and the Welsh does not, the Welsh version silently says something
else. For an organisation that publishes in more than one language, each text
written per language in its own files (``{en: ..., cy: ...}``) is held to the
content's git history (``reading.history``): the commit that last changed each
language's lines, by ``git blame``, a change not yet committed counting as the latest.
The texts are written in the language the organisation lists first (``languages:
[en, cy]``; a Welsh-first organisation lists ``[cy, en]``) and translated into the
others: a translation whose lines last changed before the text it translates did is
stale, a warning at it naming both changes (an error under ``--strict``, as every
warning is).

Where the other language is already right (an English typo fixed), a person says so,
and the finding goes: a commit with the trailer ``Translation-checked: yes`` counts
as changing every language of the texts it changes; ``control.translation_checked:
YYYY-MM-DD`` in a document clears every change committed on or before that day.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from govpack.errors import WARNING, Finding
from govpack.reading.assemble import Organisation
from govpack.reading.history import TRANSLATION_CHECKED, History, Stamp
from govpack.reading.load import KeyPath, Source, dotted, strings
from govpack.reading.texts import LANGUAGES, NAMES, languages, per_language

RULE = "translation-stale"


@dataclass(frozen=True)
class Stale:
    """A text whose translation into ``lang`` last changed (``then``) before its words
    in ``newer``, the language it is written in, did (``changed``): where it is
    (``source``, ``at``), and both texts."""

    source: Source
    at: KeyPath
    lang: str
    then: Stamp
    newer: str
    changed: Stamp

    def finding(self) -> Finding:
        said = f'the {NAMES[self.newer]} of this text changed {_when(self.changed)}, after its {NAMES[self.lang]} last did {_when(self.then)}'
        advice = (f"make the {NAMES[self.lang]} say the same; if it already does, set control.translation_checked to the day you checked it, "
                  f'or commit with the line "{TRANSLATION_CHECKED}: yes"')
        return self.source.finding((*self.at, self.lang), f"{said}: {advice}", RULE, WARNING, own=True)

    @property
    def texts(self) -> dict[str, str]:
        """The text in each language, as written now."""
        return dict(_value(self.source.data, self.at))


def stale_translations(org: Organisation, history: History, root: Path) -> list[Stale]:
    """Every stale text of ``org``'s own files (its organisation file and documents),
    for an organisation that publishes in more than one language; none outside git.
    ``root``: the project's folder, which the sources' paths are relative to."""
    langs = languages(org)
    if len(langs) < 2 or history.missing:
        return []
    listed = org.data.get("languages") or langs
    langs = sorted(langs, key=lambda lang: listed.index(lang) if lang in listed else len(listed))  # the one written in first
    found: list[Stale] = []
    for source, checked in [(org.source, None), *((doc.source, _checked_on(doc.control)) for doc in org.documents)]:
        blame = history.blame(root / source.path)
        if blame:
            found += _stale(source, blame, langs, checked)
    return found


def _checked_on(control: dict[str, Any]) -> str | None:
    day = control.get("translation_checked")
    return str(day) if day is not None else None


def _stale(source: Source, blame: dict[int, Stamp], langs: list[str], checked: str | None) -> Iterator[Stale]:
    """The translations (``langs`` after the first) in ``source`` older than their text."""
    for at, value in _per_language(source.data):
        last: dict[str, Stamp] = {}
        for lang in langs:
            span = source.spans.get((*at, lang))
            if lang not in value or span is None or span.path != source.path:  # from shared defaults, or missing (a check of its own)
                continue
            stamps = [blame[n] for n in range(span.first, span.first + len(span.lines)) if n in blame]
            if stamps:
                last[lang] = max(stamps, key=lambda stamp: stamp.time)
        written = langs[0]
        if written not in last:
            continue
        changed = last[written]
        if changed.translations_checked or (checked is not None and changed.commit != Stamp.UNCOMMITTED and changed.day <= checked):
            continue
        for lang, then in last.items():
            if then.time < changed.time:
                yield Stale(source, at, lang, then, written, changed)


def _per_language(data: Any) -> Iterator[tuple[KeyPath, dict[str, str]]]:
    """Each text given per language in ``data``, with where it is."""
    for at in dict.fromkeys(at[:-1] for at, _ in strings(data) if at and at[-1] in LANGUAGES):
        value = _value(data, at)
        if per_language(value):
            yield at, value


def _value(data: Any, at: KeyPath) -> Any:
    for key in at:
        data = data[key]
    return data


def _when(stamp: Stamp) -> str:
    if stamp.commit == Stamp.UNCOMMITTED:
        return "in a change not committed yet"
    return f"on {stamp.day} (commit {stamp.commit[:7]})"


def where(stale: Stale) -> str:
    """Which text a stale one is, as its key path: ``purpose``, ``functions.3``."""
    return dotted(stale.at)
