"""The version of a document the public reads while a new version of it is drafted.

A body revising a document still works under the version it approved: the version in
force (``Document.in_force``), which check finds in the content's git history. The
publication scheme keeps that version available until the new one is approved, so a
draft does not take the document off the website (``publish``).

The version in force was checked when it was approved, by the rules of its day.
Before it is published again it is held to today's, as any text about to be
published is: one that holds a placeholder, or a contact detail that is not the
organisation's declared contact point, is left out. It cannot be edited (it is a
commit of the history), only replaced by approving the new version, so it is left
out rather than stopping the publication, and the publication report says why.
"""

from __future__ import annotations

from dataclasses import replace

from govpack.checking.personal import Directory
from govpack.checking.rules import placeholders
from govpack.reading.assemble import Document, Organisation
from govpack.reading.document_types import DocumentType
from govpack.reading.source import strings
from govpack.reading.texts import languages, localised


def published_version(doc: Document) -> Document:
    """``doc``, or the version of it in force where it is a draft of a new one."""
    return doc.in_force if doc.control.get("status") == "draft" and doc.in_force is not None else doc


def drafted(organisations: list[Organisation], types: dict[str, DocumentType]) -> list[dict[str, str]]:
    """Each published document whose draft of a new version leaves the version in force
    to be published: its organisation, document, title (in its organisation's first
    language), the version in force and the draft's, and ``left_out``: "" (see
    ``left_out``)."""
    return [
        {
            "organisation": org.slug,
            "document": doc.slug,
            "title": localised(doc.in_force.control.get("title", doc.slug), languages(org)[0]),
            "version": str(doc.in_force.control.get("version")),
            "draft_version": str(doc.control.get("version")),
            "left_out": "",
        }
        for org in organisations
        for doc in org.documents
        if types[doc.type].published and doc.in_force is not None and published_version(doc) is doc.in_force
    ]


def left_out(org: Organisation, entries: list[dict[str, str]], directory: Directory) -> Organisation:
    """``org`` as published (``publish.public_organisation``) without each version in
    force of ``entries`` (``drafted``) that holds a placeholder or a contact detail
    ``directory`` does not declare public; each one left out says why in its entry's
    ``left_out``."""
    kept = []
    for doc in org.documents:
        entry = next((e for e in entries if (e["organisation"], e["document"]) == (org.slug, doc.slug)), None)
        why = _unfit(doc, directory) if entry is not None else ""
        if entry is not None and why:
            entry["left_out"] = why
        else:
            kept.append(doc)
    return org if len(kept) == len(org.documents) else replace(org, documents=kept)


def _unfit(doc: Document, directory: Directory) -> str:
    """Why ``doc``, a version in force as published, cannot be published ("" if it can)."""
    for _, message, _ in placeholders(doc.data):
        return f"it holds a placeholder, {message.replace('still to be written: ', '', 1)}"
    for _, text in strings(doc.data):
        for detail, whose in directory.undeclared(text):
            return f'it holds {whose or detail.described}, "{detail.written}"'
    return ""
