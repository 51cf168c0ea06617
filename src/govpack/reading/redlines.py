"""Redlines: each document beside the version of it last approved, for the members
who approve it again.

The version last approved is found in the content's git history (``history``):
the commit that approved the version the newest commit saying ``status: approved``
has (``approved_version``). It is merged over the shared defaults as that commit
had them, and printed with the organisation file as it had it, so that the redline
shows what the members approved then against what they are asked to approve now.
A document whose data is the same as then has no redline; nor has one superseded,
one never approved in the history, or any outside git (``approved_version`` says why).

A document type whose schema's ``meta`` says ``derived: history`` is a redline's
(``schemas/changes.yaml``): its ``title`` in each language names the document's title
(``{title}``) and the version approved (``{version}``). A redline is a ``Redline``
named ``<document>-<type>``; what changed, section by section, is the renderer's to
find (``rendering.redline``), from the two versions as they print.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from govpack.reading.assemble import Document, Organisation
from govpack.reading.defaults import merge
from govpack.reading.document_types import HISTORY, DocumentType
from govpack.reading.history import Commit, History
from govpack.reading.source import Source
from govpack.reading.load import read_text
from govpack.reading.texts import localised

# A file's status approved, as written: how a version is known for approved before it is read.
# A person's contact details (ARCHITECTURE: people's personal contact fields).
_CONTACT = ("email", "phone")
_APPROVED = re.compile(r"\bstatus:\s*[\"']?approved\b")


@dataclass
class Redline(Document):
    """What changed in ``document`` since ``approved``, the version of it the
    content's history last had approved, at ``commit``, when the organisation file was
    ``organisation``."""

    document: Document | None = None
    approved: Document | None = None
    commit: Commit | None = None
    organisation: Source | None = None  # the organisation file then, which ``approved`` was printed with
    # Why ``approved`` does not fit today's schemas, where it does not (``checking.validate.unfit``).
    unfit: str = ""


def approved_version(doc: Document, history: History, root: Path) -> tuple[Commit, Document] | str:
    """The commit that approved the version of ``doc`` last approved, and that version
    as a document (``version_at``); or why there is none, for a person (``root``: the
    project's folder, which ``doc``'s path is relative to).

    The version last approved is in the newest commit whose copy of the file says
    ``status: approved``; the commit that approved it is the oldest of the run of
    commits before it that say approved with the same version and day (a later edit
    that left them so is not an approval, and is shown as a change since)."""
    run = _approved_run(doc, history, root)
    if isinstance(run, str):
        return run
    commit, source = run[-1]
    return commit, version_at(doc, source, history, commit, root)


def version_in_force(doc: Document, history: History, root: Path) -> Document | None:
    """The version of ``doc`` in force: the version last approved as the newest commit
    that says so has it, with the edits made since it was approved that left it
    approved (a translation added, a contact point put right), as the public set had
    it; None where the history has none (see ``approved_version``)."""
    run = _approved_run(doc, history, root)
    if isinstance(run, str):
        return None
    commit, source = run[0]
    return version_at(doc, source, history, commit, root)


def _approved_run(doc: Document, history: History, root: Path) -> list[tuple[Commit, Source]] | str:
    """The commits, newest first, whose copies of ``doc``'s file say it is approved with
    the version and day the newest of them says, each with its copy; or why there are
    none (``approved_version``)."""
    if history.missing:
        return history.missing
    own = root / doc.source.path
    run: list[tuple[Commit, Source]] = []
    for commit in history.commits(own):
        text = history.text(commit, own)
        # A draft's status is passed over unread: most versions of a long history are drafts.
        source = read_text(doc.source.path, text) if text is not None and _APPROVED.search(text) else None
        approval = _approval(source) if isinstance(source, Source) else None
        if run and approval != _approval(run[0][1]):
            break
        if approval is not None:
            run.append((commit, source))  # type: ignore[arg-type]
    commits = history.commits(own)
    if run and history.shallow and run[-1][0] == commits[-1]:
        run = []  # the approval may be older than the clone's history: not known
    if run:
        return run
    if history.shallow:
        return "the clone is shallow, so the version of it approved cannot be found: fetch its whole history (git fetch --unshallow)"
    return "no version of it in the content's git history is approved" if commits else "it is not committed to git yet"


def _approval(source: Source) -> tuple[str, str] | None:
    """The version and day a file says it was approved, if it says it is approved."""
    control = source.data.get("control")
    if not isinstance(control, dict) or control.get("status") != "approved":
        return None
    return str(control.get("version")), str(control.get("approved"))


def version_at(doc: Document, source: Source, history: History, commit: Commit, root: Path) -> Document:
    """``doc`` as another version of its own file, ``source``, has it: merged over the
    shared defaults it is merged over as ``commit`` had them (as they are now, where a
    defaults file was not there then or cannot be read)."""
    for layer in reversed(doc.layers):
        then = _source_at(layer, history, commit, root)
        source = merge(then or layer, source)
    return replace(doc, source=source)


def organisation_at(org: Organisation, history: History, commit: Commit, root: Path) -> Source:
    """The organisation file as ``commit`` had it (people's names and roles then); as it
    is now, where it cannot be read then. A person no longer in it comes back without
    their contact details (left empty): whoever has left, or asked to be forgotten, is
    not brought back with them."""
    then = _source_at(org.source, history, commit, root)
    if then is None:
        return org.source
    people, now = then.data.get("people"), org.data.get("people")
    if isinstance(people, dict) and isinstance(now, dict):
        kept = {key: person if key in now or not isinstance(person, dict) else {**person, **{k: "" for k in _CONTACT if k in person}} for key, person in people.items()}
        then = replace(then, data={**then.data, "people": kept})
    return then


def _source_at(now: Source, history: History, commit: Commit, root: Path) -> Source | None:
    text = history.text(commit, root / now.path)
    source = read_text(now.path, text) if text is not None else None
    return source if isinstance(source, Source) else None


def with_versions_in_force(org: Organisation, history: History, root: Path, types: dict[str, DocumentType]) -> None:
    """Give each draft of ``org``'s written documents the version of it in force, where
    the history has one approved (``Document.in_force``): a body revising its terms of
    reference still meets under those it approved, and a document it superseded stays
    superseded by the one in force."""
    for doc in org.documents:
        if types[doc.type].written and doc.control.get("status") == "draft":
            doc.in_force = version_in_force(doc, history, root)


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
        if not types[doc.type].written or doc.control.get("status") == "superseded":  # kept for the record, not approved again
            continue
        found = approved_version(doc, history, root)
        if isinstance(found, str) or found[1].data == doc.data:
            continue
        commit, approved = found
        documents.append(redline(doc, approved, commit, redline_type, organisation_at(org, history, commit, root)))
    return org if len(documents) == len(org.documents) else replace(org, documents=documents)


def redline(doc: Document, approved: Document, commit: Commit, redline_type: DocumentType, organisation: Source) -> Redline:
    """The redline of ``doc`` against ``approved``, its version at ``commit``, when the
    organisation file was ``organisation``."""
    then = approved.control
    title = {lang: words.format(title=localised(doc.control.get("title", doc.slug), lang), version=then.get("version", "")) for lang, words in redline_type.meta["title"].items()}
    control: dict[str, Any] = {"title": title, "status": doc.control.get("status", "draft")}
    if "version" in doc.control:
        control["version"] = doc.control["version"]
    since = {key: then[key] for key in ("version", "approved", "approved_by") if key in then}
    data = {"control": control, "document": doc.slug, "since": {**since, "commit": commit.short, "day": commit.day}}
    return Redline(f"{doc.slug}-{redline_type.name}", redline_type.name, Source(doc.source.path, data), document=doc, approved=approved, commit=commit, organisation=organisation)
