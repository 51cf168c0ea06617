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
as changing every language of the texts it changes; a later commit with the trailer
``Translation-checked: <file>`` (one of its own, ``git commit --allow-empty``) clears
every change to that file before it; ``control.translation_checked: YYYY-MM-DD`` in a
document clears every change to its own file committed on or before that day. Texts
of the shared defaults are held to the defaults' file, and found once, there.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from govpack.errors import WARNING, Finding
from govpack.reading.assemble import Organisation
from govpack.reading.history import TRANSLATION_CHECKED, History, Stamp
from govpack.reading.source import KeyPath, Source, dotted, strings
from govpack.reading.texts import LANGUAGES, NAMES, languages, per_language

RULE = "translation-stale"


@dataclass(frozen=True)
class Stale:
    """A text whose translation into ``lang`` last changed (``then``) before its words
    in ``newer``, the language it is written in, did (``changed``): where it is
    (``source``, ``at``; ``file``, the file its words are in: the document's own, or
    shared defaults), and whether its document has a control block, where it may say
    its translations were checked (``has_control``)."""

    source: Source
    at: KeyPath
    file: str
    lang: str
    then: Stamp
    newer: str
    changed: Stamp
    has_control: bool = False

    def finding(self) -> Finding:
        said = f"the {NAMES[self.newer]} of this text changed {_when(self.changed)}, after its {NAMES[self.lang]} last did {_when(self.then)}"
        advice = f'make the {NAMES[self.lang]} say the same; if it already does, commit with the line "{TRANSLATION_CHECKED}: {self.file}"'
        if self.has_control and self.file == self.source.path:
            advice += ", or set control.translation_checked to the day you checked it"
        return self.source.finding((*self.at, self.lang), f"{said}: {advice}", RULE, WARNING)

    @property
    def texts(self) -> dict[str, str]:
        """The text in each language, as written now."""
        return dict(_value(self.source.data, self.at))


def stale_translations(org: Organisation, history: History, root: Path) -> list[Stale]:
    """Every stale text of ``org``'s files (its organisation file and documents, and
    the shared defaults they are merged over), for an organisation that publishes in
    more than one language; none outside git. ``root``: the project's folder, which the
    sources' paths are relative to."""
    langs = languages(org)
    if len(langs) < 2 or history.missing:
        return []
    listed = org.data.get("languages") or langs
    langs = sorted(langs, key=lambda lang: listed.index(lang) if lang in listed else len(listed))  # the one written in first
    blames: dict[str, dict[int, Stamp]] = {}
    checked_files = history.checked_files()

    def blame(path: str) -> dict[int, Stamp]:
        if path not in blames:
            blames[path] = history.blame(root / path)
        return blames[path]

    def checked_until(path: str) -> int:
        """The time of the latest commit that names the file as checked (0: none): by
        its path as findings give it, or as git does."""
        return max((time for name, time in checked_files.items() if name in (path, history.path(root / path))), default=0)

    found: list[Stale] = []
    sources = [(org.source, None, False), *((doc.source, _checked_on(doc.control), "control" in doc.source.data) for doc in org.documents)]
    for source, checked, has_control in sources:
        for at, value in _per_language(source.data):
            last: dict[str, Stamp] = {}
            for lang in langs:
                span = source.spans.get((*at, lang))
                if lang not in value or span is None:  # missing: a check of its own
                    continue
                stamps = [stamp for n in range(span.first, span.first + len(span.lines)) if (stamp := blame(span.path).get(n))]
                if stamps:
                    last[lang] = max(stamps, key=lambda stamp: stamp.time)
            written = langs[0]
            if written not in last:
                continue
            changed, file = last[written], source.spans[(*at, written)].path
            own = file == source.path
            if changed.translations_checked or changed.time <= checked_until(file):
                continue
            if own and checked is not None and changed.commit != Stamp.UNCOMMITTED and changed.day <= checked:
                continue
            found += [Stale(source, at, file, lang, then, written, changed, has_control) for lang, then in last.items() if then.time < changed.time]
    return found


def _checked_on(control: dict[str, Any]) -> str | None:
    day = control.get("translation_checked")
    return str(day) if day is not None else None


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
