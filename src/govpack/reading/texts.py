"""Texts per language: any text of the content may be given once, or per language
as ``{en: ..., cy: ...}``. Which languages there are, which an organisation
publishes in, and one language's texts taken throughout.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # assemble reads defaults, which reads texts
    from govpack.reading.assemble import Organisation

# The languages a text may be given in and an organisation may publish in, in the order pages list them.
LANGUAGES = ("en", "cy")
SOURCE_LANGUAGE = "en"  # of the templates, the labels and a text given once
# Each language's name in itself, for the link from a page to its twin and for findings.
ENDONYMS = {"en": "English", "cy": "Cymraeg"}
# Each language's name in English, for findings, which are in English.
NAMES = {"en": "English", "cy": "Welsh"}


def shortened(text: str, most: int) -> str:
    """``text`` for a message: as it is if ``most`` characters or fewer, else cut to
    ``most`` with an ellipsis."""
    return text if len(text) <= most else text[: most - 1] + "…"


def per_language(value: Any) -> bool:
    """Whether ``value`` is a text given per language: language codes to texts.

    The schemas allow such a mapping only where they allow a text. (A map of
    names whose only keys were language codes, each naming a text, would read as
    one; no map of names in the schemas holds texts under such keys.)
    """
    return isinstance(value, dict) and bool(value) and all(key in LANGUAGES and isinstance(text, str) for key, text in value.items())


def texts(value: Any) -> list[str]:
    """Every language's text of ``value``: itself if it is a text, none if not text."""
    if per_language(value):
        return list(value.values())
    return [value] if isinstance(value, str) else []


def localised(data: Any, lang: str) -> Any:
    """``data`` with each text given per language replaced by its text in ``lang``
    (or, where that is missing, which a check reports, by its first)."""
    if per_language(data):
        return data.get(lang, next(iter(data.values())))
    if isinstance(data, dict):
        return {key: localised(value, lang) for key, value in data.items()}
    if isinstance(data, list):
        return [localised(value, lang) for value in data]
    return data


def missing(value: Any, languages: list[str]) -> list[str]:
    """The ``languages`` a text lacks. A text given once is in every language when
    there is one; where there are more, only the same text given per language is."""
    if per_language(value):
        return [lang for lang in languages if lang not in value]
    return list(languages) if isinstance(value, str) and len(languages) > 1 else []


def languages(org: Organisation) -> list[str]:
    """The languages an organisation publishes in, in the order pages list them."""
    listed = org.data.get("languages") or [SOURCE_LANGUAGE]
    return [lang for lang in LANGUAGES if lang in listed]


def site_languages(organisations: list[Organisation]) -> list[str]:
    """The languages of the pages about every organisation: English, and any other
    an organisation publishes in."""
    used = {SOURCE_LANGUAGE} | {lang for org in organisations for lang in languages(org)}
    return [lang for lang in LANGUAGES if lang in used]
