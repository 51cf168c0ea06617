"""The version of a document the public reads while a new version of it is drafted.

A body revising a document still works under the version it approved: the version in
force (``Document.in_force``), which check finds in the content's git history. The
publication scheme keeps that version available until the new one is approved, so a
draft does not take the document off the website (``publish``). It is the newest
commit that says the document is approved in that version, with any edit made since
the approval that left it so (a translation added, a contact point put right), as the
website had it (``reading.redlines.version_in_force``).

It was checked when it was approved, by the rules of its day. Before it is published
again it is held to today's, as any text about to be published is: one that no longer
fits today's schemas or organisation file, holds a placeholder or a contact detail
that is not the organisation's declared contact point, or lacks a language the
organisation publishes in, is left out. It cannot be edited (it is a commit of the
history), only replaced by approving the new version, so it is left out rather than
stopping the publication, and the publication report says why.
"""

from __future__ import annotations

from dataclasses import replace

from govpack.checking.languages import LANGUAGE_MISSING, language_findings
from govpack.checking.personal import Directory
from govpack.checking.rules import placeholders
from govpack.checking.schema import Schema, fields
from govpack.reading.assemble import Document, Organisation
from govpack.reading.document_types import DocumentType
from govpack.reading.source import strings
from govpack.reading.texts import languages, localised


def published_version(doc: Document) -> Document:
    """``doc``, or the version of it in force where it is a draft of a new one."""
    return doc.in_force if doc.control.get("status") == "draft" and doc.in_force is not None else doc


def drafted(organisations: list[Organisation], types: dict[str, DocumentType]) -> list[dict[str, str]]:
    """Each published document drafted anew whose history has a version in force: its
    organisation, document, title (in its organisation's first language), the version
    in force and the draft's, and ``left_out``: why it is not published ("" until
    ``left_out`` finds a reason; said here where the version no longer fits today's
    schemas, ``Document.in_force_unfit``, and is not published, its version then unknown)."""
    entries = []
    for org in organisations:
        for doc in org.documents:
            if not types[doc.type].published or doc.control.get("status") != "draft" or (doc.in_force is None and not doc.in_force_unfit):
                continue
            then = doc.in_force.control if doc.in_force is not None else {}
            entries.append({
                "organisation": org.slug,
                "document": doc.slug,
                "title": localised(then.get("title", doc.control.get("title", doc.slug)), languages(org)[0]),
                "version": str(then.get("version", "")),
                "draft_version": str(doc.control.get("version")),
                "left_out": f"it no longer fits today's schemas or organisation file: {doc.in_force_unfit}" if doc.in_force is None else "",
            })
    return entries


def left_out(org: Organisation, entries: list[dict[str, str]], directory: Directory, schemas: dict[str, Schema]) -> Organisation:
    """``org`` as published (``publish.public_organisation``) without each version in
    force of ``entries`` (``drafted``) that holds a placeholder or a contact detail
    ``directory`` does not declare public, or lacks a text in a language ``org``
    publishes in; each one left out says why in its entry's ``left_out``."""
    kept = []
    for doc in org.documents:
        entry = next((e for e in entries if (e["organisation"], e["document"]) == (org.slug, doc.slug)), None)
        why = _unfit(doc, directory, schemas[doc.type], languages(org)) if entry is not None else ""
        if entry is not None and why:
            entry["left_out"] = why
        else:
            kept.append(doc)
    return org if len(kept) == len(org.documents) else replace(org, documents=kept)


def _unfit(doc: Document, directory: Directory, schema: Schema, published_in: list[str]) -> str:
    """Why ``doc``, a version in force as published, cannot be published ("" if it can)."""
    for _, message, _ in placeholders(doc.data):
        return f"it holds a placeholder, {message.replace('still to be written: ', '', 1)}"
    for _, text in strings(doc.data):
        for detail, whose in directory.undeclared(text):
            return f'it holds {whose or detail.described}, "{detail.written}"'
    if len(published_in) > 1:
        missing = [f for f in language_findings(doc.source, list(fields(doc.data, {"type": "dict", "schema": schema.rules})), published_in) if f.rule == LANGUAGE_MISSING]
        if missing:
            return f"{missing[0].message} (line {missing[0].line} of it as approved)"
    return ""
