"""Explain: every value of one document as merged, with the place it was written.

A document is its own file laid over the shared defaults; ``invoke explain ORG DOC``
shows which file and line each value comes from, so that a person can see what
to edit, or what their organisation overrides. It explains a document as loaded
and merged, before validation: a document with schema findings can be explained.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any, Iterator

from govpack.reading.assemble import Organisation, assemble
from govpack.reading.document_types import DocumentType, document_types
from govpack.errors import Finding, FindingsError, UsageError
from govpack.reading.source import KeyPath, Location, Source, dotted
from govpack.reading.load import load_tree
from govpack.project import Project
from govpack.rendering.names import meeting_pack

SHORT = 60  # characters of a text value shown unless asked for all of it


@dataclass(frozen=True)
class Value:
    """One value of a merged document and where it was written."""

    where: Location
    at: KeyPath
    value: Any

    def show(self, full: bool = False) -> str:
        text = self.value
        if isinstance(text, str) and not full and len(text) > SHORT:
            text = text[:SHORT].rstrip() + "…"
        return f"{self.where.path}:{self.where.line}:{self.where.col}: {dotted(self.at)} = {json.dumps(text, ensure_ascii=False)}"


def explain(project: Project, org_slug: str, doc_slug: str) -> list[Value]:
    """Every value of document ``doc_slug`` of organisation ``org_slug``, in order."""
    sources, findings = load_tree(project.root, project.content)
    content = project.rel(project.content)
    types = document_types(project.schemas)
    organisations, _, problems = assemble(sources, content, types, {f.path for f in findings})
    # A file that failed to load is why a document is missing: say so, not "unknown".
    relevant = [
        f for f in findings + problems
        if PurePosixPath(f.path).parts[len(PurePosixPath(content).parts)] in (org_slug, "_defaults")
    ]
    org = _find_organisation(organisations, org_slug, relevant)
    doc = next((d for d in org.documents if d.slug == doc_slug), None)
    if doc is None:
        if relevant:
            raise FindingsError(relevant)
        made = _made_from(org, doc_slug, types)
        if made:
            raise UsageError(f'"{doc_slug}" is not written but made by govpack from {made}')
        known = ", ".join(d.slug for d in org.documents) or "none"
        raise UsageError(f'organisation "{org_slug}" has no document "{doc_slug}" (documents: {known})')
    return list(_values(doc.source))


def _made_from(org: Organisation, slug: str, types: dict[str, DocumentType]) -> str:
    """What an output govpack makes rather than reads is made from, in words, for a
    person who asked to explain it; empty for any other name. A body's log
    (``reading.logs``: ``<body>-<type>``) comes from its meetings' records; a meeting's
    pack (``rendering.names.meeting_pack``), from its record and papers."""
    for meeting in (d for d in org.documents if d.meeting is not None):
        if slug == meeting_pack(meeting.slug):
            return f"the record of the meeting and its papers: explain {meeting.slug}, or the documents it names"
    for log in (t for t in types.values() if t.derived):
        for body in org.data.get("bodies", {}):
            if slug == f"{body}-{log.name}":
                records = [d.slug for d in org.documents if d.meeting is not None and d.meeting.body == body]
                return f"the records of the meetings of {body}: explain one of those ({', '.join(records) or 'none yet'})"
    return ""


def _find_organisation(organisations: list[Organisation], slug: str, relevant: list[Finding]) -> Organisation:
    org = next((o for o in organisations if o.slug == slug), None)
    if org is None and relevant:
        raise FindingsError(relevant)
    if org is None:
        known = ", ".join(o.slug for o in organisations) or "none"
        raise UsageError(f'no organisation "{slug}" (organisations: {known})')
    return org


def _values(source: Source) -> Iterator[Value]:
    stack: list[tuple[KeyPath, Any]] = [((), source.data)]
    while stack:
        at, node = stack.pop()
        if isinstance(node, (dict, list)) and node:
            items = node.items() if isinstance(node, dict) else enumerate(node)
            stack.extend(reversed([((*at, key), value) for key, value in items]))
        else:
            yield Value(source.position(at), at, node)
