"""Redlines: each document beside the version of it last approved, for the members
who approve it again.

The version last approved is the newest commit in the content's git history
(``history``) whose version of the document's own file says ``status: approved``; it
is merged over today's shared defaults, as the document is, so that what differs is
what its own file changed. A document whose data is the same as then has no redline;
one never approved in the history, or outside git, has none either, and
``approved_version`` says why.

A document type whose schema's ``meta`` says ``derived: history`` is a redline's
(``schemas/changes.yaml``): its ``title`` in each language names the document's title
(``{title}``) and the version approved (``{version}``). A redline is a ``Redline``
named ``<document>-<type>``; what changed, section by section, is the renderer's to
find (``rendering.redline``), from the two versions as they print.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from govpack.errors import Finding
from govpack.reading.assemble import Document, Organisation
from govpack.reading.defaults import merge
from govpack.reading.document_types import DocumentType
from govpack.reading.history import Commit, History
from govpack.reading.load import Source, read_carefully
from govpack.reading.texts import localised

HISTORY = "history"  # what a redline type's ``meta`` says it is derived from


@dataclass
class Redline(Document):
    """What changed in ``document`` since ``approved``, the version of it the
    content's history last had approved, at ``commit``."""

    document: Document | None = None
    approved: Document | None = None
    commit: Commit | None = None


def approved_version(doc: Document, history: History, root: Path) -> tuple[Commit, Document] | str:
    """The newest commit in ``history`` whose version of ``doc`` is approved, and that
    version as a document (merged over the defaults ``doc`` is merged over); or why
    there is none, for a person (``root``: the project's folder, which ``doc``'s path is
    relative to)."""
    if history.missing:
        return history.missing
    own = root / doc.source.path
    for commit in history.commits(own):
        text = history.text(commit, own)
        if text is None or "approved" not in text:  # the status is written out; most drafts are passed over unread
            continue
        source = read_carefully(doc.source.path, text)
        if isinstance(source, Finding):
            continue
        control = source.data.get("control")
        if isinstance(control, dict) and control.get("status") == "approved":
            return commit, version_of(doc, source)
    if history.shallow:
        return "no version of it in this clone's history is approved, and the clone is shallow: fetch its whole history (git fetch --unshallow) to find one"
    return "no version of it in the content's git history is approved" if history.commits(own) else "it is not committed to git yet"


def version_of(doc: Document, source: Source) -> Document:
    """``doc`` as another version of its own file, ``source``, has it: merged over the
    same shared defaults."""
    for layer in reversed(doc.layers):
        source = merge(layer, source)
    return replace(doc, source=source)


def with_redlines(org: Organisation, history: History, root: Path, types: dict[str, DocumentType]) -> Organisation:
    """``org`` with, after each written document that differs from the version of it
    last approved, its redline (of the ``types`` derived from the history); ``org``
    itself where none does."""
    redline_type = next((t for t in types.values() if t.derived == HISTORY), None)
    if redline_type is None or history.missing:
        return org
    documents: list[Document] = []
    for doc in org.documents:
        documents.append(doc)
        if not types[doc.type].written:
            continue
        found = approved_version(doc, history, root)
        if isinstance(found, str) or found[1].data == doc.data:
            continue
        commit, approved = found
        documents.append(redline(doc, approved, commit, redline_type))
    return org if len(documents) == len(org.documents) else replace(org, documents=documents)


def redline(doc: Document, approved: Document, commit: Commit, redline_type: DocumentType) -> Redline:
    """The redline of ``doc`` against ``approved``, its version at ``commit``."""
    then = approved.control
    title = {lang: words.format(title=localised(doc.control.get("title", doc.slug), lang), version=then.get("version", "")) for lang, words in redline_type.meta["title"].items()}
    control: dict[str, Any] = {"title": title, "status": doc.control.get("status", "draft")}
    if "version" in doc.control:
        control["version"] = doc.control["version"]
    since = {key: then[key] for key in ("version", "approved", "approved_by") if key in then}
    data = {"control": control, "document": doc.slug, "since": {**since, "commit": commit.short, "day": commit.day}}
    return Redline(f"{doc.slug}-{redline_type.name}", redline_type.name, Source(doc.source.path, data), document=doc, approved=approved, commit=commit)
