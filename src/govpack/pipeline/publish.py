"""Publish: the public audience, filed under the FOI publication scheme (guide 12.7).

Only approved documents are published. Personal data is taken out of the data
before anything is rendered, never hidden with CSS: every field a schema marks
``meta: {personal: true}`` and, whatever a schema says, any field named ``email``
or ``phone``.
The public set is written under build/public/ in one swap, with the guide to
information (index.html, a page per organisation), the scheme as JSON and CSV,
and an accessibility statement; the publication report, what to upload and what
to take down, is written beside it in build/ (see ``report``).
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from govpack.checking.disclosure import disclosures
from govpack.checking.personal import Directory, personal_fields
from govpack.checking.rules import PLACEHOLDER, placeholders
from govpack.checking.schema import Schema, load_schemas
from govpack.errors import Finding, FindingsError, UsageError
from govpack.pipeline.in_force import drafted, left_out, published_version
from govpack.pipeline.manifest import Output, assets
from govpack.pipeline.produce import Progress
from govpack.pipeline.report import RECORD, REPORT, SCHEME, as_text, json_file, previous_publication, report, scheme_csv, scheme_files
from govpack.pipeline.run import run
from govpack.project import Project
from govpack.reading.assemble import Document, Organisation
from govpack.reading.document_types import DocumentType, document_types
from govpack.reading.source import Source
from govpack.reading.texts import LANGUAGES, languages, site_languages
from govpack.rendering.catalogue import COST_FREE, COST_PAPER
from govpack.rendering.i18n import catalogue, label
from govpack.rendering.names import PUBLIC, organisation_index, page_name
from govpack.rendering.render import Renderer

WITHHELD = "(withheld: personal data)"


@dataclass
class Entry:
    """One published document in one language, ``lang``, as the guide to information
    lists it: its texts, and its files, in that language."""

    org: Organisation
    doc: Document
    lang: str
    ico_class: str
    class_label: str
    description: str
    cost: str
    files: list[Output] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)  # every language it is published in

    def items(self) -> list[dict[str, Any]]:
        """The rows of the publication scheme for this document, one per file."""
        control = self.doc.control
        return [
            {
                "title": control["title"],
                "class": self.class_label,
                "organisation": self.org.slug,
                "document": self.doc.slug,
                "format": output.format,
                "lang": output.lang,
                "path": output.path.removeprefix(f"{PUBLIC}/"),
                "approved": str(control["approved"]),  # a year written unquoted is a number
                "review": control.get("review", ""),  # as the CSV gives it: a document may state none
                "version": control.get("version", ""),  # minutes have none
                "cost": self.cost,
                "sha256": output.entry()["sha256"],
                "bytes": len(output.content),
            }
            for output in self.files
        ]


@dataclass(frozen=True)
class PublishResult:
    """What a publication wrote, its report (``report.report``), the warnings passed
    over, and a line that sums it up."""

    outputs: list[Output]
    items: list[dict[str, Any]]
    report: dict[str, Any]
    findings: list[Finding]
    summary: str


class Public:
    """The public's audience: each organisation's approved documents, personal data
    withheld, filed under the publication scheme (an ``Audience``). After ``pages``,
    ``items`` are the scheme's rows and ``files`` the whole set, by path within it;
    ``drafted``, the documents whose version in force is published while a new one is
    drafted, or left out, and why (``in_force.drafted``)."""

    name = PUBLIC
    redlines = False  # what changed is for the members who approve it
    keeps_others = False  # the set is what is published: those named, alone (README)

    def __init__(self, project: Project) -> None:
        self.project = project
        self.schemas: dict[str, Schema] = {}
        self.items: list[dict[str, Any]] = []
        self.files: dict[str, bytes] = {}
        self.drafted: list[dict[str, str]] = []

    def organisations(self, organisations: list[Organisation], findings: list[Finding]) -> tuple[list[Organisation], list[Finding]]:
        """Each organisation as the public may see it (``public_organisation``); a
        FindingsError if any of it holds a placeholder."""
        self.schemas, types = load_schemas(self.project.schemas), document_types(self.project.schemas)
        self.drafted = drafted(organisations, types)
        # Each held to its own organisation's contact points, as check holds it, and as its
        # outputs are kept or made again from its own files (another's are not among them).
        public = [left_out(public_organisation(org, self.schemas, types), self.drafted, Directory.of(org.data, self.schemas["organisation"].rules), self.schemas) for org in organisations]
        return public, _unfinished(public, findings)

    def pages(self, renderer: Renderer, organisations: list[Organisation], shown: list[Organisation], outputs: list[Output], left: list[Organisation]) -> dict[str, bytes]:
        """The guide to information, the accessibility statement, each organisation's
        page, and the publication scheme as JSON and CSV; a FindingsError if any file of
        the set would disclose a personal contact detail."""
        by_document: dict[tuple[str, str, str], list[Output]] = {}
        for output in outputs:
            by_document.setdefault((output.organisation, output.document, output.lang), []).append(output)
        # The entries each page language lists: an organisation's in that language if it
        # publishes in it, else in its first.
        entries = {lang: _entries(renderer, shown, by_document, lang) for lang in site_languages(shown)}
        self.items = sorted(
            (item for lang, listed in entries.items() for entry in listed if entry.lang == lang for item in entry.items()),
            key=lambda item: (item["organisation"], item["document"], LANGUAGES.index(item["lang"]), item["format"]),
        )
        packs = [output for output in outputs if output.type == "pack"]
        pages = _pages(renderer, shown, entries, packs, self.project)
        pages[f"{SCHEME}.csv"] = scheme_csv(self.items)
        files = {output.path.removeprefix(f"{PUBLIC}/"): output.content for output in outputs} | pages | assets(self.project)
        pages[f"{SCHEME}.json"] = files[f"{SCHEME}.json"] = json_file({"items": self.items, "files": scheme_files(files)})
        leaks = _disclosures(self.project, organisations, shown, self.schemas, files)
        if leaks:
            raise FindingsError(leaks)
        self.files = files
        return pages

    def written(self) -> None:
        """``items``, ``files`` and ``drafted`` of the set already in build/public, when a
        run kept it (``drafted`` as the last report, written with it, says)."""
        folder = self.project.output / PUBLIC
        self.files = {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}
        self.items = json.loads(self.files[f"{SCHEME}.json"])["items"]
        last = self.project.output / f"{REPORT}.json"
        self.drafted = json.loads(last.read_bytes())["documents"].get("drafted", []) if last.is_file() else []


def publish(
    project: Project, strict: bool = False, jobs: int = 1, force: bool = False, progress: Progress | None = None, since: str | None = None
) -> PublishResult:
    """Check, then make, index and write the public audience of every organisation
    (see ``run``), and the publication report against the publication the website
    holds (``since``, a path to its publication-scheme.json, else the project's
    ``published.json``; see ``report``).

    Raises FindingsError with every finding if any is an error (any, if ``strict``),
    a document cannot be made, an approved document holds a placeholder, or a file
    would disclose a personal contact detail; nothing is written then. Raises
    UsageError if the previous publication cannot be read.
    """
    previous = previous_publication(project.root, since)
    public = Public(project)
    ran = run(project, public, strict, jobs, force, progress)
    if ran.kept:
        public.written()
    body = report(previous, public.items, public.files, public.drafted)
    _write_report(project, body)
    return PublishResult(ran.outputs, public.items, body, ran.findings, ran.summary)


def _write_report(project: Project, body: dict[str, Any]) -> None:
    """The publication report, as JSON and as text, in build/ beside the public set, never in it."""
    for suffix, content in ((".json", json_file(body)), (".txt", as_text(body, project.rel(project.output / PUBLIC)).encode())):
        target = project.output / f"{REPORT}{suffix}"
        temporary = target.with_name(f".{target.name}.new")
        temporary.write_bytes(content)
        os.replace(temporary, target)


def record_upload(project: Project) -> tuple[Path, list[str]]:
    """Record that the website now holds the public set in build/public: its
    publication-scheme.json becomes ``published.json`` at the top of the project,
    which the next publication is compared with (see ``report``). The record's path,
    and the files the report said to take down, which the website no longer holds.

    Raises UsageError if nothing has been published, or if build/public is not the
    set its publication report describes (it was changed, or the report is gone).
    """
    scheme = project.output / PUBLIC / f"{SCHEME}.json"
    written = project.output / f"{REPORT}.json"
    try:
        body = json.loads(written.read_text(encoding="utf-8"))
        listed = {f["path"] for f in body["files"] if f["change"] != "withdrawn"}
        withdrawn = [f["path"] for f in body["files"] if f["change"] == "withdrawn"]
        recorded = {entry["path"]: entry["sha256"] for entry in json.loads(scheme.read_text(encoding="utf-8"))["files"]}
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise UsageError(f"nothing to record: {project.rel(written)} or {project.rel(scheme)} is missing or unreadable; run publish first") from exc
    held = {p.relative_to(scheme.parent).as_posix() for p in scheme.parent.rglob("*") if p.is_file()}
    if held != listed or any(hashlib.sha256((scheme.parent / path).read_bytes()).hexdigest() != digest for path, digest in recorded.items()):
        raise UsageError(f"{project.rel(scheme.parent)}/ is not the set {project.rel(written)} describes: run publish again, upload by its report, then record it")
    target = project.root / RECORD
    temporary = target.with_name(f".{RECORD}.new")
    temporary.write_bytes(scheme.read_bytes())
    os.replace(temporary, target)
    return target, withdrawn


def _unfinished(organisations: list[Organisation], findings: list[Finding]) -> list[Finding]:
    """``findings``, if nothing about to be published holds a placeholder.

    Raises FindingsError with each placeholder in the organisation files and the
    approved documents raised from a warning to an error (a draft may hold them, the
    public set not), in place of the warnings ``findings`` hold for them.
    """
    sources = [source for org in organisations for source in (org.source, *(doc.source for doc in org.documents))]
    others = ", or publish without this organisation by naming the others with --organisation" if len(organisations) > 1 else ""
    unfinished = [
        finding
        for source in sources
        for at, message, todo in placeholders(source.data)
        for finding in source.findings(at, f"{message}: nothing with a placeholder is published; fill it in{others}", PLACEHOLDER, within=(todo,))
    ]
    if not unfinished:
        return findings
    places = {(f.path, f.line, f.col) for f in unfinished}
    raise FindingsError([f for f in findings if not (f.rule == PLACEHOLDER and (f.path, f.line, f.col) in places)] + unfinished)


def _disclosures(project: Project, organisations: list[Organisation], public: list[Organisation], schemas: dict[str, Schema], files: dict[str, bytes]) -> list[Finding]:
    """Every contact detail that ``files`` (by path within the public set) would
    disclose (see ``disclosure``), found in ``public``, the organisations as published,
    or in the people's own fields of ``organisations``, as written."""
    directory = _directory(organisations, schemas)
    texts = [source for org in public for source in (org.source, *(doc.source for doc in org.documents))]
    named = {f"{project.rel(project.output / PUBLIC)}/{path}": content for path, content in files.items()}
    return disclosures(named, directory, texts, [org.source for org in organisations])


def _directory(organisations: list[Organisation], schemas: dict[str, Schema]) -> Directory:
    """Whose each contact detail of ``organisations`` is, and which are declared public."""
    directory = Directory()
    for org in organisations:
        directory = directory.merged(Directory.of(org.data, schemas["organisation"].rules))
    return directory


def public_organisation(org: Organisation, schemas: dict[str, Schema], types: dict[str, DocumentType]) -> Organisation:
    """``org`` as the public may see it: its approved documents of types that are
    published (``DocumentType.published``) only, personal data removed, and the list
    items its type withholds (``DocumentType.withholds``) left out; the titles of its
    superseded documents kept (``Organisation.titles``), for the minutes that name them.

    A draft of a new version is published as the version in force, the one the
    content's git history last had approved (``Document.in_force``), until it is
    approved itself: a body revising its terms still works under those it approved,
    and the publication scheme keeps them available meanwhile (ICO model publication
    scheme: information is published as it stands, and kept while it is current)."""
    documents = [
        replace(doc, source=_withheld(types[doc.type], _registered_withheld(_redacted(doc.source, schemas[doc.type].rules), types[doc.type], org)))
        for doc in (published_version(doc) for doc in org.documents)
        if doc.control.get("status") == "approved" and types[doc.type].published
    ]
    titles = {
        doc.slug: doc.control.get("title")
        for doc in org.documents
        if doc.control.get("status") == "superseded" and types[doc.type].published and not any(placeholders({"title": doc.control.get("title")}))
    }
    return replace(org, source=_redacted(org.source, schemas["organisation"].rules), documents=documents, titles=titles)


def _registered_withheld(source: Source, doc_type: DocumentType, org: Organisation) -> Source:
    """``source`` with each declaration of an interest the register withholds (an entry
    of the same person and kind, in any register of the type its meta's
    ``declarations_withheld_by`` names, gives a reason under ``withheld``) kept to its
    item's number, as ``{item: n, withheld_from_public: "register"}``."""
    register = doc_type.meta.get("declarations_withheld_by")
    declarations = source.data.get("declarations")
    if not register or not isinstance(declarations, list):
        return source
    withheld = {
        (entry.get("person"), entry.get("kind"))
        for doc in org.documents if doc.type == register
        for entry in doc.data.get("entries", ()) if isinstance(entry, dict) and entry.get("withheld")
    }
    kept = [
        {"item": entry.get("item"), "withheld_from_public": "register"} if isinstance(entry, dict) and (entry.get("person"), entry.get("kind")) in withheld else entry
        for entry in declarations
    ]
    return replace(source, data={**source.data, "declarations": kept}) if kept != declarations else source


def _redacted(source: Source, rules: dict[str, Any]) -> Source:
    """``source`` with every personal field (``personal.personal_fields``) withheld.
    The value is replaced, so a template that shows it shows that it was withheld,
    and nothing of it."""
    data = copy.deepcopy(source.data)
    for found in personal_fields(source.data, rules):
        place = data
        for step in found.at[:-1]:
            place = place[step]
        place[found.at[-1]] = WITHHELD
    return replace(source, data=data)


def _withheld(doc_type: DocumentType, source: Source) -> Source:
    """``source`` without the items of its type's list ``withholds`` that give a
    reason under ``withheld_by`` (a register's entries with ``withheld``), saying in
    ``withheld_from_public`` how many it leaves out. A type whose meta says
    ``withheld_in_place`` keeps each such item's place, as ``{withheld_from_public:
    true}`` and nothing else: a meeting's confidential item keeps its number. Its
    ``withheld_with`` names lists whose entries refer to an item by its number (a
    meeting's declarations, by ``item``): an entry at a withheld item keeps that
    number and nothing else, as what was declared may tell what the item was."""
    field, key = doc_type.withholds, doc_type.withheld_by
    items = source.data.get(field) if field else None
    if not isinstance(items, list) or not any(isinstance(item, dict) and key in item for item in items):
        return source
    if doc_type.meta.get("withheld_in_place"):
        numbers = {number for number, item in enumerate(items, start=1) if isinstance(item, dict) and key in item}
        data = {**source.data, field: [{"withheld_from_public": True} if number in numbers else item for number, item in enumerate(items, start=1)]}
        for other, by in doc_type.meta.get("withheld_with", {}).items():
            entries = data.get(other)
            if isinstance(entries, list):
                data[other] = [{by: entry[by], "withheld_from_public": True} if isinstance(entry, dict) and entry.get(by) in numbers else entry for entry in entries]
        return replace(source, data=data)
    kept = [item for item in items if not (isinstance(item, dict) and key in item)]
    return replace(source, data={**source.data, field: kept, "withheld_from_public": len(items) - len(kept)})


def _entries(renderer: Renderer, organisations: list[Organisation], files: dict[tuple[str, str, str], list[Output]], page_lang: str) -> list[Entry]:
    """The entries a page in ``page_lang`` lists, with the words of their language."""
    entries = []
    for org in organisations:
        shown = renderer.shown(org, page_lang)
        words = catalogue(renderer.templates, shown.lang)
        charge = shown.data["publication_scheme"].get("paper_charge")
        cost = words.gettext(COST_PAPER) % {"charge": charge} if charge else words.gettext(COST_FREE)
        for doc in shown.whole.documents:
            publication, doc_type = doc.data.get("publication", {}), renderer.types[doc.type]
            ico_class = publication.get("class", doc_type.ico_class)
            entries.append(
                Entry(
                    shown.whole,
                    doc,
                    shown.lang,
                    ico_class,
                    label("ico_class", ico_class, words),
                    publication.get("description") or words.gettext(doc_type.description),
                    cost,
                    files[org.slug, doc.slug, shown.lang],
                    [lang for lang in languages(org) if (org.slug, doc.slug, lang) in files],
                )
            )
    return entries


def _pages(
    renderer: Renderer, organisations: list[Organisation], entries: dict[str, list[Entry]], packs: list[Output], project: Project
) -> dict[str, bytes]:
    """The guide to information and the accessibility statement in every language of
    the set, and each organisation's page, with its pack of approved documents, in each of its own."""
    pages = {}
    for lang, listed in entries.items():
        pages[page_name("index", lang)] = renderer.guide(listed, organisations, lang)
        pages[page_name("accessibility", lang)] = renderer.accessibility(organisations, project.today.isoformat(), lang)
    for org in organisations:
        for lang in languages(org):
            own = [entry for entry in entries[lang] if entry.org.slug == org.slug]
            pack = next((o for o in packs if (o.organisation, o.lang) == (org.slug, lang)), None)
            pages[f"{org.slug}/{organisation_index(org, lang)}"] = renderer.public_organisation(org, own, pack, lang)
    return {path: page.encode() for path, page in pages.items()}
