"""Every text in each language the organisation publishes in, and in that language's
own words (rules ``language-missing`` and ``language-copied``).

The Welsh Language Standards (Welsh Language (Wales) Measure 2011) require that Welsh
is not treated less favourably than English: a Welsh reader is given the whole
document in Welsh. A text missing in one language is an error, as the page would be
blank or in the other language there. A text given per language whose words are the
same in two of them was copied to fill the place and not translated: a warning, as
the page would read in the other language while saying it is in this one. A name or a
term may be the same in both ("Fferyllfa Pontarian", "GP"): only a text of several
words is held to it.
"""

from __future__ import annotations

import re

from govpack.errors import WARNING, Finding
from govpack.checking.schema import Field, field_name
from govpack.reading.source import Source
from govpack.reading.texts import ENDONYMS, missing, per_language

LANGUAGE_MISSING = "language-missing"
LANGUAGE_COPIED = "language-copied"
# Of a text held to be written in each language's words: fewer may be a name or a term.
_FEWEST_WORDS = 5
_WORD = re.compile(r"\w+")
_STOPS = ".,;:!?()[]*_\"'“”‘’"  # around a word; a hyphenated name ("Pen-y-bont") is one word, not a small one
_ADDRESS = re.compile(r"\S*(?:https?://|www\.|@)\S*")  # a web or email address, an account ("@cwmarian")


def language_findings(source: Source, walked: list[Field], languages: list[str]) -> list[Finding]:
    """An error at each text a reader of one of ``languages`` would not have in theirs,
    and a warning at each whose words in two of them are the same.

    Where an organisation publishes in more than one language, every text is given
    per language; a proper name (a person's) may be given once, for all. ``walked``:
    the source's fields (``validate._walk``)."""
    findings = []
    for found in walked:
        proper_name = found.rules.get("meta", {}).get("proper_name")  # may be the same in every language
        if found.rules.get("type") != "text" or (proper_name and isinstance(found.value, str)):
            continue
        lacking = missing(found.value, languages)
        copied = [] if proper_name else _copied(found.value, languages)
        if lacking:
            wanted = ", ".join(f"{lang} ({ENDONYMS[lang]})" for lang in lacking)
            if per_language(found.value):
                message = f"{field_name(found.at)} has no text in {wanted}, which the organisation publishes in"
            else:
                example = ", ".join(f"{lang}: ..." for lang in languages)
                message = f"{field_name(found.at)} is in one language; the organisation publishes in {len(languages)}: give it as {{{example}}}"
            findings.append(source.finding(found.at, message, LANGUAGE_MISSING))
        elif copied:
            same = " and ".join(f"{lang} ({ENDONYMS[lang]})" for lang in copied)
            message = f"{field_name(found.at)} has the same words in {same}: one was copied, not translated; write it in each language's own words"
            findings.append(source.finding((*found.at, copied[1]), message, LANGUAGE_COPIED, WARNING))
    return findings


def _copied(value: object, languages: list[str]) -> list[str]:
    """The first two of ``languages`` whose texts in ``value`` are the same words (in
    any case, whatever the spaces, marks and stops between them), where they are prose:
    at least ``_FEWEST_WORDS`` words, three of them in small letters and not in a web
    address (a list of names, of places, of abbreviations or of accounts is the same in
    both); else []."""
    if not per_language(value) or len(languages) < 2:
        return []
    seen: dict[tuple[str, ...], str] = {}
    for lang in languages:
        text = value.get(lang)  # type: ignore[union-attr]
        if not isinstance(text, str):
            continue
        prose = _ADDRESS.sub(" ", text)
        words = tuple(_WORD.findall(prose.casefold()))
        small = [word for word in (token.strip(_STOPS) for token in prose.split()) if word.isalpha() and word.islower() and len(word) > 1]
        if len(words) < _FEWEST_WORDS or len(small) < 3:
            continue
        if words in seen:
            return [seen[words], lang]
        seen[words] = lang
    return []
