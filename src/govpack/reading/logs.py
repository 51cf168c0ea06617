"""The logs a body's meeting records make: its decisions and its actions, each a
document of its own, made from the records rather than written.

A document type whose schema's ``meta`` says ``derived: meetings`` is such a log
(``DocumentType.derived``: the folder of the type it is made from, the minutes'); its
``meta`` gives its ``title`` in each language (``{name}`` is the body's name) and which
list of a record's agenda items it gathers (``gathers``: ``decisions`` or
``actions``). Each body with meeting records has one log of each such type, slug
``<body>-<type>``, which assemble keeps written documents from. Each entry is the decision or action as the
minutes give it, with the meeting (``meeting``, its slug; ``date``) and the agenda
item (``item``, its number; ``item_title``) it was made at. An entry the public may
not see says why under ``not_public``: the reason its item is withheld by (the
minutes' type's ``withheld_by``: ``confidential``), or ``minutes-not-approved``.

Logs are made after the check, from records that passed it, and say nothing the
records do not: a log is approved as far as the minutes it gathers are (its
``approved`` is the last day minutes of the body were approved), and a draft while
none are.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from govpack.reading.assemble import Document, Organisation
from govpack.reading.document_types import DocumentType
from govpack.reading.source import Source
from govpack.reading.meetings import APPROVED
from govpack.reading.texts import localised

# Why an entry of minutes still to be approved is not public.
NOT_APPROVED = "minutes-not-approved"


def with_logs(org: Organisation, types: dict[str, DocumentType]) -> Organisation:
    """``org`` with, after its own documents, each log (``types`` that are derived
    from a type kept in a folder, the minutes) of each body that has a meeting
    record; ``org`` itself where it keeps none."""
    made = []
    folders = {t.folder: t for t in types.values() if t.folder}
    for log in (t for t in types.values() if t.derived in folders):
        source = folders[log.derived]
        records = [doc for doc in org.documents if doc.type == source.name and doc.meeting is not None]
        for body in sorted({doc.meeting.body for doc in records if doc.meeting}):
            made.append(_log(org, body, log, source, [doc for doc in records if doc.meeting and doc.meeting.body == body]))
    return replace(org, documents=[*org.documents, *made]) if made else org


def _log(org: Organisation, body: str, log: DocumentType, source: DocumentType, records: list[Document]) -> Document:
    """The ``log`` of ``body``, from its ``records`` (of type ``source``), which are in day order."""
    entries = [entry for doc in records for entry in _entries(doc, log.meta["gathers"], source.withheld_by)]
    approved = [str(doc.data["minutes_approved"]) for doc in records if doc.data.get("status") == APPROVED]
    name = org.data["bodies"][body]["name"]
    title = {lang: words.format(name=localised(name, lang)) for lang, words in log.meta["title"].items()}
    control: dict[str, Any] = {"title": title, "status": "approved" if approved else "draft", "approved_by": body}
    if approved:
        control["approved"] = max(approved)
    folder = org.source.path.rsplit("/", 1)[0]
    return Document(f"{body}-{log.name}", log.name, Source(f"{folder}/{log.derived}/{body}", {"control": control, "body": body, "entries": entries}))


def _entries(doc: Document, gathers: str, withheld_by: str) -> list[dict[str, Any]]:
    """Each decision or action of a meeting's record, with where it was made."""
    assert doc.meeting is not None
    entries = []
    for number, item in enumerate(doc.data["items"], start=1):
        for made in item.get(gathers, ()):
            entry = {**made, "meeting": doc.slug, "date": doc.meeting.date, "item": number, "item_title": item["title"]}
            if withheld_by in item:
                entry["not_public"] = item[withheld_by]
            elif doc.data["status"] != APPROVED:
                entry["not_public"] = NOT_APPROVED
            entries.append(entry)
    return entries
