"""The interface words of each language: the message catalogues, labels, dates and money.

Texts of the content given per language are ``reading.texts``'. Interface words (headings,
"Page N of M", the labels of the schemas' fixed values) are English in the
templates and here, and come from the message catalogues under
templates/locale/ in other languages; dates are written by Babel in each
language's own form. The guide's own wording is used for the labels of its lists
(section 1.1's purposes, 1.2's drivers).
"""

from __future__ import annotations

import datetime
import functools
import gettext
import io
from pathlib import Path

from babel.dates import format_date as babel_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from govpack.project import parse_date, parse_partial_date
from govpack.reading.texts import SOURCE_LANGUAGE
# On the cover of a document, in the language of its twin, which it cannot link to.
ALSO_IN = {"en": "This document is also available in English.", "cy": "Mae’r ddogfen hon ar gael yn Gymraeg hefyd."}
DOMAIN = "messages"

LABELS: dict[str, dict[str, str]] = {
    "purpose": {
        "local-health-needs": "Local health needs approach",
        "integration": "Integration of local services",
        "quality-improvement": "Quality improvement",
        "service-delivery": "Service delivery",
        "management-of-resources": "Management of resources",
        "communication": "Communication",
        "sustaining-core-services": "Sustaining core services",
        "informing-planning": "Informing planning",
    },
    "driver": {
        "outcomes": "Better health and wellbeing outcomes",
        "timescales": "Timescales",
        "workload": "Workload",
        "workforce": "Workforce",
        "economies-of-scale": "Economies of scale",
        "autonomy": "Autonomy",
        "finance": "Finance",
        "prudence": "Prudence",
        "estates": "Estates",
    },
    "principle": {
        "selflessness": "Selflessness",
        "integrity": "Integrity",
        "objectivity": "Objectivity",
        "accountability": "Accountability",
        "openness": "Openness",
        "honesty": "Honesty",
        "leadership": "Leadership",
    },
    "kind": {
        "cluster": "Primary care cluster",
        "federation": "GP federation",
        "network": "Primary care network",
        "locality": "Locality",
        "public-services-board": "Public services board",
        "partnership": "Partnership",
        "other": "Organisation",
        "service-level-agreement": "Service level agreement",
        "memorandum-of-understanding": "Memorandum of understanding",
    },
    # The organisation's kind as headings name it, with its article, which Welsh
    # varies by the noun: "Communication within the network", "o fewn yr ardal".
    "noun": {
        "cluster": "the cluster",
        "federation": "the federation",
        "network": "the network",
        "locality": "the locality",
        "public-services-board": "the board",
        "partnership": "the partnership",
        "other": "the organisation",
    },
    "member": {
        "gp-practice": "GP practice",
        "community-pharmacy": "Community pharmacy",
        "dental-practice": "Dental practice",
        "optometry": "Optometry",
        "local-authority": "Local authority",
        "third-sector": "Third sector",
        "ambulance-service": "Ambulance service",
        "health-board": "Health board",
        "community-services": "Community services",
        "company": "Company",
        "other": "Other",
    },
    "status": {
        "draft": "Draft",
        "approved": "Approved",
        "superseded": "Superseded",
    },
    # Where a meeting's record stands (schemas/meeting.yaml).
    "meeting": {
        "planned": "Planned",
        "held": "Held: minutes being written",
        "minutes-draft": "Draft minutes",
        "minutes-approved": "Minutes approved",
    },
    "action": {
        "open": "Open",
        "done": "Done",
        "dropped": "Dropped",
    },
    # Guide 3.6: the kinds of interest a register records.
    "interest": {
        "financial": "Financial",
        "non-financial-professional": "Non-financial professional",
        "non-financial-personal": "Non-financial personal",
        "indirect": "Indirect",
        "nil": "Nil return",
    },
    "assessment": {
        "in-place": "In place",
        "in-progress": "In progress",
        "not-started": "Not started",
    },
    "lang": {
        "en": "English",
        "cy": "Cymraeg",
    },
    # The seven classes of the ICO model publication scheme, in the ICO's order.
    "ico_class": {
        "who-we-are": "Who we are and what we do",
        "what-we-spend": "What we spend and how we spend it",
        "priorities": "What our priorities are and how we are doing",
        "decisions": "How we make decisions",
        "policies": "Our policies and procedures",
        "lists": "Lists and registers",
        "services": "The services we offer",
    },
}


def po_file(templates: Path, lang: str) -> Path:
    """Where the templates' message catalogue for ``lang`` is, in gettext's layout."""
    return templates / "locale" / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.lru_cache(maxsize=None)
def catalogue(templates: Path, lang: str) -> gettext.NullTranslations:
    """The interface words of ``lang`` for ``templates``; none for the source
    language, whose words are the templates' own."""
    if lang == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    with po_file(templates, lang).open("rb") as po:
        messages = read_po(po, locale=lang, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, messages, use_fuzzy=False)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def label(group: str, key: str, words: gettext.NullTranslations | None = None) -> str:
    """The reader's words for one of the schema's fixed values, in the language of ``words``."""
    english = LABELS[group].get(key)
    if english is None:
        return key
    return words.pgettext(group, english) if words is not None else english


@functools.lru_cache(maxsize=4096)  # a document shows the same few dates many times, on screen and in print
def format_date(text: str | int | None, lang: str = SOURCE_LANGUAGE) -> str:
    """``2026-03-12`` as ``12 March 2026`` (``12 Mawrth 2026``); a month, ``2015-03``,
    as ``March 2015``; a year as itself; text that is not a date as it is."""
    if not text:
        return ""
    text = str(text)  # a year written unquoted is a number
    day = parse_date(text)
    if day:
        return babel_date(day, "d MMMM y", locale=lang)
    partial = parse_partial_date(text)
    if partial and partial[1]:
        # The month's name as it stands alone (LLLL), which Welsh gives as in a date.
        return babel_date(datetime.date(partial[0], partial[1], 1), "LLLL y", locale=lang)
    return text


def format_money(value: float) -> str:
    """Pounds sterling, with pence only where there are any."""
    return f"£{value:,.2f}" if value % 1 else f"£{value:,.0f}"

