"""Publish: the public audience, filed under the FOI publication scheme (guide 12.7).

Only approved documents are published. Personal data is taken out of the data
before anything is rendered, never hidden with CSS: every field a schema marks
``meta: {personal: true}`` and, whatever a schema says, any field named ``email``
or ``phone``.
The public set is written under build/public/ in one swap, with the guide to
information (index.html, a page per organisation), the scheme as JSON and CSV,
what changed since the previous publication, and an accessibility statement.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .assemble import Document, Organisation
from .build import checked
from .errors import Finding, FindingsError
from .catalogue import COST_FREE, COST_PAPER
from .i18n import LANGUAGES, catalogue, label
from .load import Source
from .output import Output, recover, write_audience
from .presses import prepare
from .pdf import Printer
from .produce import Progress, produce, source_date_epoch, toolchain
from .project import Project
from .rules import PLACEHOLDER, placeholders
from .render import PUBLIC, Renderer, languages, organisation_index, page_name, site_languages
from .disclosure import disclosures
from .personal import Directory, personal_fields
from .schema import Schema, load_schemas

SCHEME = "publication-scheme"
WITHHELD = "(withheld: personal data)"
FIELDS = ["title", "class", "organisation", "document", "format", "lang", "path", "approved", "review", "version", "cost", "sha256", "bytes"]


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
                "approved": control["approved"],
                "review": control["review"],
                "version": control["version"],
                "cost": self.cost,
                "sha256": output.entry()["sha256"],
                "bytes": len(output.content),
            }
            for output in self.files
        ]


@dataclass(frozen=True)
class PublishResult:
    """What a publication wrote, what changed since the last, the warnings passed
    over, and a line that sums it up."""

    outputs: list[Output]
    items: list[dict[str, Any]]
    changes: dict[str, Any]
    findings: list[Finding]
    summary: str


def publish(project: Project, strict: bool = False, jobs: int = 1, force: bool = False, progress: Progress | None = None) -> PublishResult:
    """Check, then make, index and write the public audience of every organisation
    (PDFs unchanged since the last publication are kept; see ``build``)."""
    started = time.perf_counter()
    prepare(jobs)
    recover(project, PUBLIC)
    organisations, findings = checked(project, strict)
    schemas = load_schemas(project.schemas)
    public = [public_organisation(org, schemas) for org in organisations]
    findings = _unfinished(public, findings)
    renderer = Renderer(project.templates, project.cache)
    printer = Printer(project.assets, source_date_epoch(project))
    produced = produce(project, renderer, printer, toolchain(project, printer.source_date_epoch), public, PUBLIC, packs=True, jobs=jobs, force=force, progress=progress)
    if produced.failures:
        raise FindingsError(findings + produced.failures)
    files: dict[tuple[str, str, str], list[Output]] = {}
    for output in produced.outputs:
        files.setdefault((output.organisation, output.document, output.lang), []).append(output)
    # The entries each page language lists: an organisation's in that language if it
    # publishes in it, else in its first.
    entries = {lang: _entries(renderer, public, schemas, files, lang) for lang in site_languages(public)}
    items = sorted(
        (item for lang, listed in entries.items() for entry in listed if entry.lang == lang for item in entry.items()),
        key=lambda item: (item["organisation"], item["document"], LANGUAGES.index(item["lang"]), item["format"]),
    )
    changes = _changes(_previous_items(project.output / PUBLIC / f"{SCHEME}.json"), items)
    packs = [output for output in produced.outputs if output.type == "pack"]
    pages = _pages(renderer, public, entries, packs, changes, project)
    pages |= {f"{SCHEME}.json": _json({"items": items}), f"{SCHEME}.csv": _csv(items), "changes.json": _json(changes)}
    leaks = _disclosures(organisations, schemas, produced.outputs, pages)
    if leaks:
        raise FindingsError(findings + leaks)
    write_audience(project, PUBLIC, produced.outputs, pages)
    return PublishResult(produced.outputs, items, changes, findings, produced.summary(time.perf_counter() - started))


def _unfinished(organisations: list[Organisation], findings: list[Finding]) -> list[Finding]:
    """``findings``, if nothing about to be published holds a placeholder; else a
    FindingsError with each placeholder in the organisation files and the approved
    documents raised from a warning to an error: a draft may hold them, the public set not."""
    sources = [source for org in organisations for source in (org.source, *(doc.source for doc in org.documents))]
    unfinished = [
        source.finding(at, f"{message}: nothing with a placeholder is published; fill it in, or publish the ready organisations with --organisation", PLACEHOLDER)
        for source in sources
        for at, message in placeholders(source.data)
    ]
    if not unfinished:
        return findings
    places = {(f.path, f.line, f.col) for f in unfinished}
    raise FindingsError([f for f in findings if not (f.rule == PLACEHOLDER and (f.path, f.line, f.col) in places)] + unfinished)


def _disclosures(organisations: list[Organisation], schemas: dict[str, Schema], outputs: list[Output], pages: dict[str, bytes]) -> list[Finding]:
    """Every contact detail that the files about to be published would disclose (see ``disclosure``)."""
    directory = Directory()
    for org in organisations:
        directory = directory.merged(Directory.of(org.data, schemas["organisation"].rules))
    sources = [source for org in organisations for source in (org.source, *(doc.source for doc in org.documents))]
    files = {output.path: output.content for output in outputs} | {f"{PUBLIC}/{path}": content for path, content in pages.items()}
    return disclosures(files, directory, sources)


def public_organisation(org: Organisation, schemas: dict[str, Schema]) -> Organisation:
    """``org`` as the public may see it: its approved documents only, personal data removed."""
    documents = [
        replace(doc, source=_withheld(doc.type, _redacted(doc.source, schemas[doc.type].rules)))
        for doc in org.documents
        if doc.control.get("status") == "approved"
    ]
    return replace(org, source=_redacted(org.source, schemas["organisation"].rules), documents=documents)


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


def _withheld(doc_type: str, source: Source) -> Source:
    """A register of interests without the entries withheld from the public, saying how many it leaves out."""
    entries = source.data.get("entries")
    if doc_type != "register-of-interests" or not any("withheld" in entry for entry in entries):
        return source
    kept = [entry for entry in entries if "withheld" not in entry]
    return replace(source, data={**source.data, "entries": kept, "withheld_from_public": len(entries) - len(kept)})


def _entries(
    renderer: Renderer, organisations: list[Organisation], schemas: dict[str, Schema], files: dict[tuple[str, str, str], list[Output]], page_lang: str
) -> list[Entry]:
    """The entries a page in ``page_lang`` lists, with the words of their language."""
    entries = []
    for org in organisations:
        shown = renderer.shown(org, page_lang)
        words = catalogue(renderer.templates, shown.lang)
        charge = shown.data["publication_scheme"].get("paper_charge")
        cost = words.gettext(COST_PAPER) % {"charge": charge} if charge else words.gettext(COST_FREE)
        for doc in shown.org.documents:
            publication, meta = doc.data.get("publication", {}), schemas[doc.type].meta
            ico_class = publication.get("class", meta["ico_class"])
            entries.append(
                Entry(
                    shown.org,
                    doc,
                    shown.lang,
                    ico_class,
                    label("ico_class", ico_class, words),
                    publication.get("description") or words.gettext(meta["description"]),
                    cost,
                    files[org.slug, doc.slug, shown.lang],
                    [lang for lang in languages(org) if (org.slug, doc.slug, lang) in files],
                )
            )
    return entries


def _previous_items(path: Path) -> list[dict[str, Any]] | None:
    """The items of the last publication, or None if there was none to read."""
    try:
        items = json.loads(path.read_text(encoding="utf-8"))["items"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return items if isinstance(items, list) and all(isinstance(i, dict) for i in items) else None


def _changes(previous: list[dict[str, Any]] | None, items: list[dict[str, Any]]) -> dict[str, Any]:
    """Documents added, updated (a file, or how it is filed, changed) and withdrawn since ``previous``."""
    before, now = _by_document(previous or []), _by_document(items)
    return {
        "previous_publication": previous is not None,
        "added": [_summary(rows) for key, rows in sorted(now.items()) if key not in before],
        "updated": [_summary(rows, before[key]) for key, rows in sorted(now.items()) if key in before and _rows(rows) != _rows(before[key])],
        "withdrawn": [_summary(rows) for key, rows in sorted(before.items()) if key not in now],
    }


def _by_document(rows: list[dict[str, Any]]) -> dict[tuple[str, str], list[dict[str, Any]]]:
    grouped: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for row in rows:
        grouped.setdefault((str(row.get("organisation")), str(row.get("document"))), []).append(row)
    return grouped


def _summary(rows: list[dict[str, Any]], was: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """One document's entry in changes.json: what it is, its version (and the last), its files."""
    first = rows[0]
    out = {key: first.get(key) for key in ("organisation", "document", "title", "lang", "version")}
    if was is not None:
        out["previous_version"] = was[0].get("version")
    out["paths"] = sorted(str(row.get("path")) for row in rows)
    return out


def _rows(rows: list[dict[str, Any]]) -> set[tuple[tuple[str, str], ...]]:
    # A row changes with its file, or with how the scheme files it (class, cost).
    return {tuple(sorted((key, str(value)) for key, value in row.items())) for row in rows}


def _pages(
    renderer: Renderer, organisations: list[Organisation], entries: dict[str, list[Entry]], packs: list[Output], changes: dict[str, Any], project: Project
) -> dict[str, bytes]:
    """The guide to information and the accessibility statement in every language of
    the set, and each organisation's page, with its pack of approved documents, in each of its own."""
    pages = {}
    for lang, listed in entries.items():
        pages[page_name("index", lang)] = renderer.guide(listed, organisations, changes, lang)
        pages[page_name("accessibility", lang)] = renderer.accessibility(organisations, project.today.isoformat(), lang)
    for org in organisations:
        for lang in languages(org):
            own = [entry for entry in entries[lang] if entry.org.slug == org.slug]
            pack = next((o for o in packs if (o.organisation, o.lang) == (org.slug, lang)), None)
            pages[f"{org.slug}/{organisation_index(org, lang)}"] = renderer.public_organisation(org, own, pack, lang)
    return {path: page.encode() for path, page in pages.items()}


def _json(body: Any) -> bytes:
    return (json.dumps(body, indent=2, ensure_ascii=False) + "\n").encode()


def _csv(items: list[dict[str, Any]]) -> bytes:
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=FIELDS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows({key: _cell(value) for key, value in item.items()} for item in items)
    return text.getvalue().encode()


def _cell(value: Any) -> Any:
    """A value a spreadsheet will not run: titles come from untrusted content."""
    if isinstance(value, str) and value.startswith(("=", "+", "-", "@", "\t", "\r")):
        return "'" + value
    return value
