"""``govpack changes``: what changed in each document since the version of it last
approved (or since a commit named with ``--since``), as a summary for a terminal;
with ``--welsh``, every text whose translation fell behind, with its text in each
language, for a translator.

The same comparison the redlines of a build show (``reading.redlines``,
``rendering.redline``), section by section, in each language the organisation
publishes in. Where there is nothing to compare with (outside git, never approved,
not committed, a shallow clone) a note says so; that is not an error.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from govpack.errors import Finding, UsageError
from govpack.checking.translations import stale_translations, where
from govpack.checking.schema import Schema, load_schemas
from govpack.checking.validate import unfit
from govpack.fingerprints import Fingerprints
from govpack.pipeline.run import checked
from govpack.project import Project
from govpack.reading.assemble import Document, Organisation
from govpack.reading.document_types import HISTORY, DocumentType, document_types
from govpack.reading.history import Commit, History, Stamp
from govpack.reading.load import read_text
from govpack.reading.redlines import approved_version, organisation_at, redline, version_at
from govpack.reading.texts import NAMES, languages, localised
from govpack.rendering.redline import summary
from govpack.rendering.render import Renderer

NO_CHANGES = "no changes"
# Its data differs, but nothing it prints: a reference renamed, say.
NO_PRINTED_CHANGES = "no changes in print"


@dataclass
class Changes:
    """One document's changes: ``name`` (``organisation/document``), ``title``, what it
    is compared with (``since``, in words), and ``sections``: each changed section's
    headings with a line for each change (``rendering.redline.summary``); or ``note``,
    why there is nothing to compare."""

    name: str
    title: str
    since: str = ""
    sections: list[tuple[str, list[str]]] = field(default_factory=list)
    note: str = ""

    def lines(self) -> list[str]:
        """The summary as a terminal shows it: a line naming the document and what it is
        compared with, then each changed section's headings, and its changes indented."""
        what = f"{self.name}: {self.title}"
        if self.note in (NO_CHANGES, NO_PRINTED_CHANGES):
            return [f"{what}: {self.note} since {self.since}"]
        if self.note:
            return [f"{what}: " + (f"compared with {self.since}, {self.note}" if self.since else self.note)]
        return [f"{what}: changes since {self.since}", *(line for headings, changes in self.sections for line in [f"  {headings}", *(f"    {c}" for c in changes)])]


def changes(project: Project, organisation: str | None = None, document: str | None = None, since: str | None = None) -> list[Changes]:
    """The changes of every written document (of ``organisation``, of ``document``
    there) since the version last approved, or since the commit ``since`` names.

    Raises FindingsError where the content has errors (it is checked first, as for a
    build), UsageError for an organisation, document or commit there is not.
    """
    organisations, _ = checked(project, Fingerprints.of(project), strict=False)
    types = document_types(project.schemas)
    redline_type = next(t for t in types.values() if t.derived == HISTORY)
    chosen = _chosen(project, organisations, organisation)
    comparing = _Comparing(project, Renderer(project.templates, types, project.cache), load_schemas(project.schemas), redline_type)
    found: list[Changes] = []
    with History.of(project.content) as history:
        commit = _commit(history, since) if since is not None else None
        for org in chosen:
            written = [doc for doc in org.documents if types[doc.type].written and document in (None, doc.slug)]
            if document is not None and not written:
                raise UsageError(f'{org.slug} has no document "{document}": give its file name without .yaml')
            found += [_changes(comparing, org, doc, history, commit) for doc in written]
    return found


@dataclass(frozen=True)
class _Comparing:
    """What comparing each document needs, made once."""

    project: Project
    renderer: Renderer
    schemas: dict[str, Schema]
    redline_type: DocumentType


def stale(project: Project, organisation: str | None = None, document: str | None = None) -> list[str]:
    """Every text whose translation fell behind (``checking.translations``), of
    ``organisation`` (and ``document`` there), for a translator: where it is, which
    language is behind which, and the text in each, as written now.

    Raises FindingsError where the content has errors, UsageError for an organisation
    or document there is not.
    """
    organisations, _ = checked(project, Fingerprints.of(project), strict=False)
    chosen = _chosen(project, organisations, organisation)
    lines: list[str] = []
    with History.of(project.content) as history:
        if any(len(languages(org)) > 1 for org in chosen) and (history.missing or history.shallow):
            return [history.missing or "this clone is shallow, so whether each translation is in step cannot be told: fetch its whole history (git fetch --unshallow)"]
        for org in chosen:
            paths = {doc.source.path for doc in org.documents if document in (None, doc.slug)}
            if document is not None and not paths:
                raise UsageError(f'{org.slug} has no document "{document}": give its file name without .yaml')
            for each in stale_translations(org, history, project.root):
                if document is None or each.source.path in paths:
                    finding = each.finding()
                    lines += [f"{finding.path}:{finding.line}:{finding.col}: {where(each)}: the {NAMES[each.lang]} ({_stamped(each.then)}) is behind the {NAMES[each.newer]} ({_stamped(each.changed)})"]
                    lines += [f"  {NAMES[lang]}: {' '.join(text.split())}" for lang, text in each.texts.items()]
    return lines


def _stamped(stamp: Stamp) -> str:
    return stamp.day if stamp.commit == Stamp.UNCOMMITTED else f"{stamp.day}, commit {stamp.commit[:7]}"


def _chosen(project: Project, organisations: list[Organisation], organisation: str | None) -> list[Organisation]:
    chosen = [org for org in organisations if organisation in (None, org.slug)]
    if organisation is not None and not chosen:
        raise UsageError(f'no organisation "{organisation}": give its folder name under {project.rel(project.content)}/')
    return chosen


def _commit(history: History, since: str) -> Commit:
    if history.missing:
        raise UsageError(f"--since {since}: {history.missing}")
    commit = history.commit(since)
    if commit is None:
        raise UsageError(f'--since "{since}" names no commit of the content\'s repository: give a commit, tag or branch (git log lists them)')
    return commit


def _changes(comparing: _Comparing, org: Organisation, doc: Document, history: History, commit: Commit | None) -> Changes:
    project = comparing.project
    langs = languages(org)
    name, title = f"{org.slug}/{doc.slug}", str(localised(doc.control.get("title", doc.slug), langs[0]))
    then = _then(project, doc, history, commit) if commit is not None else approved_version(doc, history, project.root)
    if isinstance(then, str):
        return Changes(name, title, note=then)
    at, approved = then
    version = approved.control.get("version", "")
    said = f"commit {at.short} of {at.day}" if commit is not None else f"version {version}, approved on {approved.control.get('approved', at.day)} (commit {at.short})"
    if approved.data == doc.data:
        return Changes(name, title, said, note=NO_CHANGES)
    shown = redline(doc, approved, at, comparing.redline_type, organisation_at(org, history, at, project.root))
    shown.unfit = unfit(shown, org, comparing.schemas)
    with_it = replace(org, documents=[*org.documents, shown])
    sections: list[tuple[str, list[str]]] = []
    for lang in langs:  # each language's changes, under its name where there are more
        compared = comparing.renderer.changes(with_it, shown, lang)
        if isinstance(compared, str):
            return Changes(name, title, said, note=f"cannot be compared: {compared}")
        found = summary(compared)
        sections += [(f"{NAMES[lang]}: {headings}" if len(langs) > 1 else headings, lines) for headings, lines in found]
    return Changes(name, title, said, sections, note="" if sections else NO_PRINTED_CHANGES)


def _then(project: Project, doc: Document, history: History, commit: Commit) -> tuple[Commit, Document] | str:
    """The document as ``commit`` had it, merged over the defaults as they were; or why not."""
    text = history.text(commit, project.root / doc.source.path)
    if text is None:
        return f"it was not in the content at commit {commit.short}"
    source = read_text(doc.source.path, text)
    if isinstance(source, Finding):
        return f"its file at commit {commit.short} cannot be read: {source.message}"
    return commit, version_at(doc, source, history, commit, project.root)
