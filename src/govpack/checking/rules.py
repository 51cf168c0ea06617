"""Consistency rules: what a schema cannot see within one document or across the
documents of an organisation.

Each rule has an id, a severity and a check that yields ``(key path, message)``
for each problem. Rules run only on documents whose file and organisation file
passed their schemas, so a check can trust the shape of the data; optional keys
may still be absent.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any, Callable, Iterator

from govpack.reading.assemble import Document, Organisation
from govpack.errors import ERROR, WARNING, Finding
from govpack.reading.source import KeyPath, strings
from govpack.project import date_span, parse_date
from govpack.reading.texts import shortened, texts

# What a rule finds: where, and what is wrong; and, to place it in a long text, the words it is about.
Problems = Iterator[tuple[KeyPath, str] | tuple[KeyPath, str, str | re.Pattern[str]]]
_TITLE = re.compile(r"^(dr|mr|mrs|ms|miss|mx|prof|professor)\.?\s+", re.IGNORECASE)


@dataclass(frozen=True)
class Context:
    """What a rule may look at: the document, its organisation, and the day."""

    org: Organisation
    doc: Document
    documents: list[Document]  # the organisation's documents that passed their schema
    today: datetime.date

    def person(self, slug: str) -> dict[str, Any]:
        return self.org.data["people"][slug]


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    summary: str
    types: tuple[str, ...]  # document types it applies to; empty for all
    check: Callable[[Context], Problems]
    # A rule of the document control, for documents that state one (not a meeting's
    # minutes, whose control their status stands for: ``reading.meetings``).
    of_control: bool = False


RULES: list[Rule] = []


def rule(rule_id: str, severity: str, summary: str, *types: str, of_control: bool = False) -> Callable[[Callable[[Context], Problems]], Callable[[Context], Problems]]:
    """Register a check as the rule ``rule_id`` of the document ``types`` (all if
    none); ``summary`` is its one-line description; ``of_control``: see ``Rule``."""
    def register(check: Callable[[Context], Problems]) -> Callable[[Context], Problems]:
        RULES.append(Rule(rule_id, severity, summary, types, check, of_control))
        return check

    return register


def check_rules(org: Organisation, doc: Document, documents: list[Document], today: datetime.date) -> list[Finding]:
    """Every rule's findings for one schema-valid document; ``documents`` are the
    organisation's schema-valid documents, which rules across documents compare."""
    context = Context(org, doc, documents, today)
    return [
        finding
        for r in RULES
        if (not r.types or doc.type in r.types) and not (r.of_control and "control" not in doc.data)
        for at, message, *about in r.check(context)
        for finding in doc.source.findings(at, message, r.id, r.severity, within=tuple(about))
    ]


def day_of(text: str | None) -> datetime.date | None:
    """The day a date field gives (YYYY-MM-DD), or None for a partial date or none."""
    return parse_date(text) if isinstance(text, str) else None


# Placeholders -----------------------------------------------------------------

PLACEHOLDER = "placeholder"


@rule(PLACEHOLDER, WARNING, "no text holds a placeholder: TODO (invoke new writes them; an author leaves one), a Word template's prompt, x's for a figure")
def _no_placeholders(c: Context) -> Problems:
    return placeholders(c.doc.data)


# A placeholder: TODO as a word (not "TODOs"), a text's first in any case (invoke new
# writes it there, "TODO-lead@example.org" in an email's field), or in capitals anywhere
# (an author's note: "Todo items" is prose); an author's note in any case where it is
# one ("(todo - check with Claire)", "To do: add the quorum", FIXME, "[DN: check with
# the LMC]", "[Comment: not agreed]", "[check]"; not "things to do: ..."); a Word
# template's prompt in square, curly or angle brackets, in English or Welsh: one that tells
# the reader to write ("[Insert name of practice]", "[Enter date]", "[insert]", "[Rhowch
# enw'r practis]"; not "[Enter and View]", a power of Healthwatch), or names what to write
# ("[Name of practice]", "[PRACTICE NAME]", "[Date]", "[MONTH YEAR]", "[amount]", "[Job
# title]", "[Email address]", "<Surname>", "[Dyddiad]"; not "[Name withheld]" or "[updated
# to date]"), not a link's words ("[name](...)"); a mail merge's field ("«Practice_Name»",
# "{{practice_name}}"); Word's own prompt in an empty field ("Click or tap here to enter
# text.", "Click or tap to enter a date.", "Choose an item."); x's standing for a figure
# ("£xxx", "£XX.XX", "XXX"; not a code, "XXX-L", nor a Roman numeral, "Annex XXX"), a
# date ("xx/xx/2026", "DD/MM/YYYY") or a letter after a word ("Unit [X]"; not a ticked box); two question marks or more; Lorem ipsum. Not TBC:
# minutes record "the venue is TBC" as it was said, and are approved so.
# _TODO_WRITTEN finds them anywhere in a text (not in a "TODOs"); _as_written places each.
_TELLS = r"(?i:insert|enter|add|type|rhowch|ychwanegwch|teipiwch)\s+(?!and\b|\d|[IVX]+\b)[\w'’][^\]}>]*|(?i:insert|rhowch|ychwanegwch)"
_WHAT = (
    r"(?i:name|surname|date|day|month|year|address|postcode|venue|place|location|time|title|role|number|email|amount|figure|sum|cost|fee"
    r"|enw|dyddiad|cyfeiriad|swm)"
)
_NAMES = rf"{_WHAT}(?:\s+(?i:of|y|yr)\b[^\]}}>]*)?|Enw'r\b[^\]}}>]*|[A-Z][\w'’]*(?:\s+[\w'’]+)?\s+{_WHAT}"
_NOTES = r"(?i:DN|drafting note|comment|check|to check|check with\b[^\]]*|nodyn drafftio|sylw|gwirio)(?::[^\]]*)?"
_NUMERAL = "".join(f"(?<!(?i:{word}) )" for word in ("Annex", "Appendix", "Schedule", "Part", "Chapter", "Section", "Article", "Clause", "Psalm", "Volume", "Book"))
_TODO_WRITTEN = re.compile(
    rf"(?<![\w-])TODO(?![\w-])|(?<![\w-])(?i:fixme)(?![\w-])|(?:(?m:^)|(?<=[(\[]))(?i:to[ -]?do)(?=\s*[:\-–—])"
    rf"|(?<![\]}}])[\[{{<](?:{_TELLS}|{_NAMES})[\]}}>](?![(\[:])|\[(?:{_NOTES})\](?![(\[:])"
    rf"|«[\w ]{{1,60}}»|\{{\{{\s*[\w.]+\s*\}}\}}"
    rf"|(?i:click (?:or tap )?(?:here )?to enter (?:text|a date)|cliciwch (?:neu tapiwch )?(?:yma )?i (?:roi|nodi)|lorem ipsum)|Choose an item\.|Dewiswch eitem\."
    rf"|(?<![\w-]){_NUMERAL}(?:[Xx]{{3,}}|[Xx]{{2}}(?:/[Xx]{{2,4}})+)(?![\w-])|(?<=[£$€])\s?[Xx]+(?:[.,][Xx]+)*(?![\w-])"
    rf"|(?<![\w/.-])(?i:DD[/.-]MM[/.-](?:YYYY|YY)|MM[/.-]YYYY)(?![\w/-])|(?<=\w )\[X{{1,4}}\]|\?{{2,}}"
)
_TODO = re.compile(rf"\A\s*(?i:todo)(?!\w)|{_TODO_WRITTEN.pattern}")


def placeholders(data: Any) -> Iterator[tuple[KeyPath, str, re.Pattern[str] | str]]:
    """Every placeholder in a text (``_TODO``): where its text stands, the message, and
    a pattern that finds each place it is written in the text, for a finding at each
    (``Source.findings``); else "", where it is the text's start (the finding is at the
    text's key: the whole text is to be written; then each other placeholder in it). Each
    different placeholder of a text is one, from the first place it is written."""
    for at, written in strings(data):
        found = _TODO.search(written)
        if found is None:
            continue
        start = found.start() + len(found.group()) - len(found.group().lstrip())  # after any space before it
        whole = not written[:start].strip()  # no words before it: the text is to be written, then its others said
        if whole:
            yield at, f"still to be written: {shortened(' '.join(written[start:].split()), 80)}", ""
        seen: set[str] = set()
        for match in _TODO_WRITTEN.finditer(written):
            if match.group() not in seen and not (whole and match.start() == start):
                seen.add(match.group())
                text = " ".join(written[match.start():].split())  # from the placeholder, on one line, however the text was written
                yield at, f"still to be written: …{shortened(text, 80)}", _as_written(match.group())


def _as_written(placeholder: str) -> re.Pattern[str]:
    """The places ``placeholder`` is written, as a word where it starts or ends with one."""
    before, after = (r"(?<![\w-])" if placeholder[0].isalnum() else ""), (r"(?![\w-])" if placeholder[-1].isalnum() else "")
    return re.compile(before + re.escape(placeholder) + after)


# A value a word processor quoted ("“2.0”"): written whole in curly quotes, one word.
_CURLY_QUOTED = re.compile(r"\A\s*[“‘„](\S+)[”’]\s*\Z")


@rule("curly-quotes", WARNING, "no value is a word written whole in curly quotes (“2.0”), which YAML reads as part of it, and which are printed")
def _curly_quotes(c: Context) -> Problems:
    for at, written in strings(c.doc.data):
        quoted = _CURLY_QUOTED.match(written)
        if quoted is not None:
            yield at, (
                f'{written.strip()} is in curly quotes, which YAML does not read as quotes: they are part of the value, and printed '
                f'({written.strip()} is not {quoted[1]}): write it in straight quotes, "{quoted[1]}", or none'
            )


# The organisation file ---------------------------------------------------------

SCHEME_CONTACT = "scheme-contact"


def organisation_problems(data: dict[str, Any]) -> Problems:
    """The publication scheme's contact is published: it may not be a person's own address."""
    contact = data["publication_scheme"]["contact"].casefold()
    for slug, person in data["people"].items():
        if person["email"].casefold() == contact:
            yield ("publication_scheme", "contact"), f'the contact is published, and it is {slug}\'s own email: give a role mailbox instead'


# Document control -----------------------------------------------------------

@rule("control-approved", ERROR, "an approved or superseded document says when it was approved", of_control=True)
def _approved_date(c: Context) -> Problems:
    control = c.doc.control
    if control["status"] != "draft" and "approved" not in control:
        yield ("control", "status"), f'the document is {control["status"]} but does not say when: add control.approved'


@rule("control-review-order", ERROR, "the review date falls after the approval date, a review without change between approval and today, and the day translations were checked is not to come", of_control=True)
def _review_after_approval(c: Context) -> Problems:
    control = c.doc.control
    approved, review, reviewed = (date_span(control.get(key)) for key in ("approved", "review", "reviewed"))
    if approved and review and review[1] <= approved[0]:
        yield ("control", "review"), f'review date {control["review"]} is not after the approval date {control["approved"]}'
    if approved and reviewed and reviewed[1] < approved[0]:
        yield ("control", "reviewed"), f'the document was last reviewed on {control["reviewed"]}, before it was approved on {control["approved"]}'
    if reviewed and reviewed[0] > c.today:
        yield ("control", "reviewed"), f'the document was last reviewed on {control["reviewed"]}, which is after today ({c.today}): give the date of the review'
    # A day to come would clear every change to the text until then, before its translation is checked.
    checked = date_span(control.get("translation_checked"))
    if checked and checked[0] > c.today:
        yield ("control", "translation_checked"), f'the translations were checked on {control["translation_checked"]}, which is after today ({c.today}): give the day they were checked'


@rule("control-review-past", WARNING, "the review date has not passed (an error with --strict)", of_control=True)
def _review_not_past(c: Context) -> Problems:
    review = day_of(c.doc.control.get("review"))
    if c.doc.control["status"] != "superseded" and review and review < c.today:
        yield ("control", "review"), f"review date {review} has passed (today is {c.today}): review the document and set the next date"


@rule("control-superseded", ERROR, "a superseded document names its successor, of its own type, which is in force or superseded in turn, and only a superseded one does", of_control=True)
def _superseded_names_successor(c: Context) -> Problems:
    control = c.doc.control
    if control["status"] == "superseded" and "superseded_by" not in control:
        yield ("control", "status"), "a superseded document names its successor: add control.superseded_by"
    if control["status"] != "superseded" and "superseded_by" in control:
        yield ("control", "superseded_by"), f'the document is {control["status"]}, so it is not superseded: remove superseded_by or set status: superseded'
    if control["status"] == "superseded" and "superseded_by" in control:
        problem = _succession(c, c.doc)
        if problem:
            yield ("control", "superseded_by"), problem


def _succession(c: Context, doc: Document) -> str | None:
    """What is wrong with the line of successors from ``doc``, if anything."""
    by_slug = {d.slug: d for d in c.documents}
    line = [doc.slug]
    current = doc
    while current.control["status"] == "superseded":
        successor = by_slug.get(current.control.get("superseded_by", ""))
        if successor is None:
            return None  # not valid, or not superseded properly: reported where it is
        if successor.type != doc.type:
            return f'"{successor.slug}" is a {successor.type}; a {doc.type} is superseded by another {doc.type}'
        if successor.slug in line:
            return f"the successors go round in a circle: {' → '.join([*line, successor.slug])}"
        line.append(successor.slug)
        current = successor
    if current.control["status"] == "draft" and current.in_force is None:  # a draft of a new version of one approved is fine
        return (f'"{current.slug}", which replaces it, is still a draft: supersede a document when its successor is approved '
                "(a draft of a new version is in order where the content's git history, whole, has the version approved)")
    return None


@rule("control-owner", WARNING, "the owner is a role, not a person's name, so that it outlives a change of staff", of_control=True)
def _owner_is_a_role(c: Context) -> Problems:
    names = {_TITLE.sub("", name).casefold() for person in c.org.data["people"].values() for name in texts(person["name"])}
    for owner in texts(c.doc.control.get("owner")):
        if _TITLE.sub("", owner).casefold() in names:
            yield ("control", "owner"), f'the owner "{owner}" is a person: name their role instead, e.g. Cluster Lead'
            return


@rule("control-history", WARNING, "the change history has an entry for the current version", of_control=True)
def _history_has_version(c: Context) -> Problems:
    control = c.doc.control
    if "history" in control and all(entry["version"] != control["version"] for entry in control["history"]):
        yield ("control", "history"), f'the change history has no entry for version {control["version"]}'


# The rules of each document type, and of meetings, register themselves here: imported
# last, as they use ``rule`` and ``Context`` above.
from govpack.checking import document_rules, meeting_rules  # noqa: E402,F401
