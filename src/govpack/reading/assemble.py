"""Assemble stage: loaded sources grouped into organisations and their documents.

The layout under content/ says what each file is::

    content/<organisation>/organisation.yaml
    content/<organisation>/<type>.yaml           one document of a type
    content/<organisation>/<type>/<slug>.yaml    several of a type
    content/<organisation>/meetings/<body>/<YYYY-MM-DD>.yaml
                                                 a meeting's record (see ``meetings``)
    content/_defaults/...                        shared defaults (see ``defaults``)

A document's slug is its file name without ``.yaml``; it names the outputs. Each
document is its own file merged over the shared defaults of its type.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from govpack.reading import defaults
from govpack.reading.defaults import Defaults
from govpack.reading.document_types import HISTORY, DocumentType
from govpack.reading.meetings import Meeting, meeting_at, meeting_control
from govpack.errors import ERROR, Finding
from govpack.reading.source import Source

RESERVED_SLUGS = {"index", "pack"}
# Folder and file names become output paths and links on the public web: kept to
# characters every URL, file system and web server takes as they are.
SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
# An organisation's outputs go in build/<audience>/<slug>/, beside the build's own assets.
RESERVED_ORGANISATIONS = {"assets"}


@dataclass
class Document:
    """One governance document of an organisation."""

    slug: str
    type: str
    source: Source
    # The body and day a meeting's record is of (its place under meetings/), or None.
    meeting: Meeting | None = None
    # The shared defaults its own file is merged over, outermost first (``defaults``).
    layers: tuple[Source, ...] = ()
    # Of a draft of a new version: the version in force, the one the content's git
    # history last had approved, which meetings are held under meanwhile (``redlines``).
    in_force: Document | None = None
    # Why the history's version in force is not used, where it is not: it no longer fits
    # today's schemas or organisation file (``checking.validate.keep_versions_in_force``).
    in_force_unfit: str = ""

    @property
    def data(self) -> dict[str, Any]:
        return self.source.data

    @property
    def control(self) -> dict[str, Any]:
        if self.meeting is not None:
            return meeting_control(self.source.data, self.meeting)
        control = self.source.data.get("control")
        return control if isinstance(control, dict) else {}


@dataclass
class Organisation:
    """An organisation file and the documents beside it."""

    slug: str
    source: Source
    documents: list[Document] = field(default_factory=list)
    # Documents whose files failed to load: their findings say so, and a reference
    # to one of them is not a second finding.
    unloaded: set[str] = field(default_factory=set)
    # Of documents not among ``documents`` that a page may still name, their titles by
    # name: those a public set no longer publishes but did (superseded), which the
    # minutes that approved them name.
    titles: dict[str, Any] = field(default_factory=dict)

    @property
    def data(self) -> dict[str, Any]:
        return self.source.data

    def refs(self) -> dict[str, set[str]]:
        """What documents may name, by kind of reference."""
        def keys(name: str) -> set[str]:
            value = self.data.get(name)
            return set(value) if isinstance(value, dict) else set()

        return {
            "person": keys("people"),
            "organisation": keys("members") | keys("partners"),
            "body": keys("bodies"),
        }


def assemble(
    sources: list[Source], content_prefix: str, types: dict[str, DocumentType], unloaded: set[str] = frozenset()
) -> tuple[list[Organisation], Defaults, list[Finding]]:
    """Group sources under ``content_prefix`` into organisations, in slug order,
    with the shared defaults they were merged over.

    ``types``: the document types (``document_types``), in the order an
    organisation's documents are listed.

    ``unloaded`` names the files that failed to load: their findings are already
    made, so an organisation whose organisation.yaml is among them is skipped, as
    is a document whose defaults are among them.
    """
    by_org: dict[str, list[tuple[PurePosixPath, Source]]] = {}
    findings: list[Finding] = []
    for source in sources:
        rel = PurePosixPath(source.path).relative_to(content_prefix)
        if len(rel.parts) < 2:
            findings.append(_misplaced(source, "a content file belongs in a folder per organisation: content/<organisation>/"))
            continue
        unslugged = _unslugged(rel)
        if unslugged:
            findings.append(Finding(source.path, 1, 1, ERROR, unslugged, "content-name"))
            continue
        by_org.setdefault(rel.parts[0], []).append((PurePosixPath(*rel.parts[1:]), source))
    shared, problems = _defaults(by_org.pop(defaults.FOLDER, []), content_prefix, types, unloaded)
    findings += problems
    organisations = []
    for slug, files in sorted(by_org.items()):
        if slug in RESERVED_ORGANISATIONS:
            findings += [_misplaced(source, f"{content_prefix}/{slug}/ is a name govpack's build uses for itself; rename the folder") for _, source in files]
            continue
        if slug.startswith("_"):
            findings += [_misplaced(source, f"folders whose names start with _ are kept for govpack ({defaults.FOLDER}); rename {content_prefix}/{slug}/") for _, source in files]
            continue
        if f"{content_prefix}/{slug}/organisation.yaml" in unloaded:
            continue
        org, problems = _organisation(slug, files, content_prefix, types, shared)
        findings += problems
        if org is not None:
            org.unloaded |= {_slug(PurePosixPath(path).relative_to(f"{content_prefix}/{slug}"), types) for path in unloaded if path.startswith(f"{content_prefix}/{slug}/")}
            organisations.append(org)
    return organisations, shared, findings


def _slug(rel: PurePosixPath, types: dict[str, DocumentType]) -> str:
    """The slug of the document at ``rel`` under its organisation's folder."""
    kept = _folders(types).get(rel.parts[0])
    meeting = meeting_at(PurePosixPath(*rel.parts[1:])) if kept and len(rel.parts) > 1 else None
    return meeting.slug if isinstance(meeting, Meeting) else rel.stem


def _folders(types: dict[str, DocumentType]) -> dict[str, str]:
    """The types kept in a folder of their own (``DocumentType.folder``), by folder."""
    return {t.folder: t.name for t in types.values() if t.folder}


def _defaults(files: list[tuple[PurePosixPath, Source]], prefix: str, types: dict[str, DocumentType], unloaded: set[str]) -> tuple[Defaults, list[Finding]]:
    shared = Defaults()
    findings = []
    for path in unloaded:
        rel = PurePosixPath(path).relative_to(prefix)
        if rel.parts[0] == defaults.FOLDER and _defaults_level(rel, types) is not None:
            shared.broken.add(_defaults_level(rel, types))
    for rel, source in files:
        level = _defaults_level(PurePosixPath(defaults.FOLDER, rel), types)
        if level is None:
            findings.append(_misplaced(source, f"not a known place for defaults: use {defaults.FOLDER}/<type>.yaml or {defaults.FOLDER}/<group>/<type>.yaml, where type is one of {', '.join(name for name, t in types.items() if not t.derived)}"))
        elif level in shared.files:
            findings.append(_misplaced(source, f"another defaults file is for the same documents ({shared.files[level].path})"))
        else:
            shared.files[level] = source
    return shared, findings


def _defaults_level(rel: PurePosixPath, types: dict[str, DocumentType]) -> tuple[str | None, str] | None:
    """The (group, type) a file under _defaults/ gives defaults for, if it is one."""
    if rel.stem not in types or types[rel.stem].derived or rel.suffix not in (".yaml", ".yml"):
        return None
    if len(rel.parts) == 2:
        return None, rel.stem
    if len(rel.parts) == 3:
        return rel.parts[1], rel.stem
    return None


def _organisation(slug: str, files: list[tuple[PurePosixPath, Source]], prefix: str, types: dict[str, DocumentType], shared: Defaults) -> tuple[Organisation | None, list[Finding]]:
    org_source = next((s for rel, s in files if str(rel) == "organisation.yaml"), None)
    if org_source is None:
        first = files[0][1]
        return None, [Finding(first.path, 1, 1, ERROR, f"{prefix}/{slug}/ has no organisation.yaml, so its documents cannot be built", "content-organisation")]
    org = Organisation(slug, org_source)
    group, findings = _group(org_source, shared, prefix)
    seen: dict[str, Document] = {}
    folders = _folders(types)
    for rel, source in files:
        if source is org_source:
            continue
        meeting: Meeting | str | None = None
        if rel.parts[0] in folders:
            doc_type, meeting = folders[rel.parts[0]], meeting_at(PurePosixPath(*rel.parts[1:]))
            if isinstance(meeting, str):
                findings.append(_misplaced(source, meeting))
                continue
            if meeting.body not in org.refs()["body"]:
                findings.append(_misplaced(source, f'{rel.parts[0]}/{meeting.body}/ names no body of organisation.yaml (bodies: {", ".join(sorted(org.refs()["body"])) or "none yet"}): name the folder for the body that met'))
                continue
        else:
            doc_type = rel.parent.name if len(rel.parts) == 2 else rel.stem
        places = ", ".join(f"{folder}/<body>/<YYYY-MM-DD>.yaml for {name}" for folder, name in folders.items())
        if meeting is None and doc_type in types and types[doc_type].derived:
            findings.append(_misplaced(source, f"govpack makes each body's {types[doc_type].label.lower()} from the records of its {types[doc_type].derived}, so it is not written: delete this file, and change the records instead"))
            continue
        if meeting is None and (len(rel.parts) > 2 or doc_type not in types or not types[doc_type].written):
            listed = ", ".join(name for name, t in types.items() if t.written)
            findings.append(_misplaced(source, f"not a known place for a document: use <type>.yaml or <type>/<name>.yaml, where type is one of {listed}" + (f"; or {places}" if places else "")))
            continue
        name = meeting.slug if isinstance(meeting, Meeting) else rel.stem
        # The logs govpack makes of each body's meetings (reading.logs) are named <body>-<type>.
        logs = {f"{body}-{name}" for body in org.refs()["body"] for name, t in types.items() if t.derived}
        if name in RESERVED_SLUGS or name in logs:
            findings.append(_misplaced(source, f'"{name}" names a file govpack writes itself; rename the document'))
            continue
        if name in seen:
            findings.append(_misplaced(source, f'another document of this organisation is also named "{name}" ({seen[name].source.path})'))
            continue
        layers = shared.under(group, doc_type)
        if layers is None:  # its defaults are broken: reported there, and referring to it is no mistake
            org.unloaded.add(name)
            continue
        merged = source
        for layer in reversed(layers):
            merged = defaults.merge(layer, merged)
        seen[name] = Document(name, doc_type, merged, meeting if isinstance(meeting, Meeting) else None, tuple(layers))
        org.documents.append(seen[name])
    # What changed in a document since approved is written as <document>-<type> (``redlines``).
    for redline_type in (t for t in types.values() if t.derived == HISTORY):
        for doc in list(org.documents):
            if doc.slug.endswith(f"-{redline_type.name}") and doc.slug.removesuffix(f"-{redline_type.name}") in seen:
                findings.append(_misplaced(doc.source, f'"{doc.slug}" names the file govpack writes for what changed in "{doc.slug.removesuffix(f"-{redline_type.name}")}" since it was approved; rename the document'))
                org.documents.remove(doc)
    order = list(types)
    org.documents.sort(key=lambda d: (order.index(d.type), d.slug))
    return org, findings


def _group(org_source: Source, shared: Defaults, prefix: str) -> tuple[str | None, list[Finding]]:
    """The defaults group an organisation names, if it names one that exists."""
    group = org_source.data.get("defaults")
    if not isinstance(group, str):
        return None, []  # absent, or a type the schema reports
    if group not in shared.groups:
        known = ", ".join(sorted(shared.groups)) or "none yet"
        message = f'"defaults" names "{group}", which is not a folder of {prefix}/{defaults.FOLDER}/ (groups: {known})'
        return None, [org_source.finding(("defaults",), message, "ref-defaults")]
    return group, []


def _unslugged(rel: PurePosixPath) -> str | None:
    """What is wrong with the first folder or file name of ``rel`` that is not a slug,
    if one is not; folders of content/ starting with _ are judged by their own rule."""
    parts = [*rel.parts[:-1], rel.stem]
    for index, part in enumerate(parts):
        if (index == 0 and part.startswith("_")) or SLUG.fullmatch(part):
            continue
        what = "folder" if index < len(parts) - 1 else "file"
        wanted = slug_for(part) + ("" if what == "folder" else rel.suffix)
        given = part + ("" if what == "folder" else rel.suffix)
        return f'the {what} name "{given}" would be part of web addresses, which take lower-case letters, digits and hyphens: rename it "{wanted}"'
    return None


def slug_for(name: str) -> str:
    """``name`` as a slug: lower case, accents dropped (ŵ is w, ß is ss), every run of other
    characters one hyphen; "document" if nothing is left."""
    plain = unicodedata.normalize("NFKD", name.casefold()).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", plain.lower())) or "document"


def _misplaced(source: Source, message: str) -> Finding:
    return Finding(source.path, 1, 1, ERROR, message, "content-layout")
