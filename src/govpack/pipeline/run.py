"""The pipeline over an audience: check, produce what changed, write it all at once.

Like Pelican's run, all reading and checking comes first; nothing is written
unless the whole run succeeds. An audience says which organisations and
documents it holds, redacted how, and which other pages it has (``Audience``):
``build`` runs the pipeline over the members' audience, ``publish`` over the
public's. The outputs are made by ``produce``, which writes only what changed
since the last run of either audience, and written by ``manifest``, which swaps
the whole set into place. A run whose inputs are all as they were, and whose
files are still as written, reads no YAML at all (``fingerprints``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Protocol

from govpack.checking.check import check
from govpack.errors import ERROR, Finding, FindingsError, has_errors, strictly
from govpack.fingerprints import Fingerprints, recall, remember
from govpack.pipeline.manifest import Output, kept_outputs, recover, unselected, write_audience
from govpack.pipeline.produce import PagesRendered, Produced, Progress, Writers, produce
from govpack.project import Project
from govpack.reading.assemble import Organisation, assemble
from govpack.reading.defaults import FOLDER
from govpack.reading.document_types import DocumentType, document_types
from govpack.reading.history import History
from govpack.reading.source import Source
from govpack.reading.load import load_file, load_tree
from govpack.reading.logs import with_logs
from govpack.reading.texts import languages
from govpack.reading.redlines import Redline, with_redlines
from govpack.checking.schema import load_schemas
from govpack.checking.validate import unfit, validate_source
from govpack.rendering.render import Renderer
from govpack.writing.pool import prepare


class Audience(Protocol):
    """Whom a run's set of files is for: the folder under build/ it is written to
    (``name``), what of the checked organisations it holds, and its other pages."""

    name: str
    # Whether it shows what changed in each document since it was approved (``reading.redlines``).
    redlines: bool
    # Whether a run of some organisations (--organisation) leaves the others' files as
    # they were, rather than a set of those organisations alone.
    keeps_others: bool

    def organisations(self, organisations: list[Organisation], findings: list[Finding]) -> tuple[list[Organisation], list[Finding]]:
        """The organisations as this audience sees them (which documents, how redacted),
        and ``findings`` with what that adds; a FindingsError if they cannot be shown."""

    def pages(self, renderer: Renderer, organisations: list[Organisation], shown: list[Organisation], outputs: list[Output], left: list[Organisation]) -> dict[str, bytes]:
        """The audience's files besides the documents' (index pages), by path within
        its folder; a FindingsError if the set must not be written. ``left``: the
        organisations whose files the run leaves as they were (``keeps_others``), each
        read from its own file alone, for the pages that list every organisation."""


@dataclass
class Ran:
    """What a run wrote (every output), the warnings it passed over, a line that sums it
    up, and whether it was the last run's set, kept because nothing it reads had changed."""

    outputs: list[Output]
    findings: list[Finding]
    summary: str
    kept: bool = False


def checked(project: Project, fingerprints: Fingerprints, strict: bool, jobs: int | None = None) -> tuple[list[Organisation], list[Finding]]:
    """What a run starts from: the organisations and the warnings passed over; a
    FindingsError if any finding is an error (every warning, if strict)."""
    organisations, findings = check(project, fingerprints, jobs)
    return organisations, passed(findings, strict)


def passed(findings: list[Finding], strict: bool) -> list[Finding]:
    """``findings``, sorted, if none stops a run; else a FindingsError."""
    if strict:
        findings = strictly(findings)
    if has_errors(findings):
        raise FindingsError(findings)
    return sorted(findings)


def _as_listed(project: Project, others: list[Output], types: dict[str, DocumentType]) -> list[Organisation]:
    """The organisations of ``others`` (the outputs a run leaves as they were) as an index
    lists them: each read from its own organisation file alone, with no documents. One is
    listed only if that file is a file of the content folder that passes its schema and
    names the languages its outputs are in; else its file has changed since its outputs
    were made, and its own run will make them again, or say what is wrong."""
    made_in: dict[str, set[str]] = {}
    for output in others:
        made_in.setdefault(output.organisation, set()).add(output.lang)
    files = [project.content / slug / "organisation.yaml" for slug in sorted(made_in)]
    sources = [load_file(project.root, file) for file in files if file.is_file() and not file.is_symlink()]
    if not sources:
        return []
    shared, _ = load_tree(project.root, project.content, lambda folder: folder == FOLDER)  # the shared defaults it names
    organisations, _, findings = assemble(shared + [source for source in sources if isinstance(source, Source)], project.rel(project.content), types)
    schema = load_schemas(project.schemas)["organisation"]
    failed = {finding.path for finding in findings if finding.severity == ERROR}
    return [
        org
        for org in organisations
        if org.source.path not in failed and set(languages(org)) == made_in[org.slug] and not has_errors(validate_source(org.source, schema, org.refs()))
    ]


def _comparable(project: Project, organisations: list[Organisation]) -> None:
    """Say of each redline whose version approved does not fit today's schemas why not."""
    redlines = [(org, doc) for org in organisations for doc in org.documents if isinstance(doc, Redline)]
    if redlines:
        schemas = load_schemas(project.schemas)
        for org, redline in redlines:
            redline.unfit = unfit(redline, org, schemas)


def run(
    project: Project,
    audience: Audience,
    strict: bool = False,
    jobs: int = 1,
    force: bool = False,
    progress: Progress | None = None,
    writers: Writers | None = None,
    pages_rendered: PagesRendered | None = None,
) -> Ran:
    """Check, then make and write ``audience``'s set: each document's files of each of
    ``writers``' formats (``Writers.standard``: a web page and a PDF), each
    organisation's pack, and the audience's pages.

    Files whose inputs are unchanged since they were last made, for either audience,
    are kept (``force``: none are); the rest are written on ``jobs`` processes.
    ``pages_rendered`` is given the web pages made anew before the rest is written.
    Raises FindingsError with every finding when anything stops the run.
    """
    started = time.perf_counter()
    recover(project, audience.name)
    writers = writers or Writers.standard(project)
    fingerprints = Fingerprints.of(project)
    inputs = fingerprints.run(writers.fingerprint())
    remembered = None if force else recall(project, audience.name, inputs)
    # Left as they were: the organisations named runs leave out, that are still in the
    # content (a shard's others are another runner's, and never on this one's disk).
    keeps = audience.keeps_others and project.selected and project.shard is None
    if remembered is not None:  # nothing read has changed, and the set is as it was left
        kept = kept_outputs(project.output, audience.name)
        outputs = [output for output in kept if project.includes(output.organisation)]
        left = len({output.organisation for output in kept if not project.includes(output.organisation)}) if keeps else 0
        return Ran(outputs, passed(remembered[0], strict), Produced(unchanged=len(outputs), others=left).summary(time.perf_counter() - started), kept=True)
    prepare(jobs)
    organisations, findings = checked(project, fingerprints, strict, jobs)
    types = document_types(project.schemas)
    # What govpack makes from what passed the check: each body's logs of its meetings,
    # and what changed in each document since the version of it last approved.
    organisations = [with_logs(org, types) for org in organisations]
    if audience.redlines:
        with History.of(project.content) as history:
            organisations = [with_redlines(org, history, project.root, types) for org in organisations]
        _comparable(project, organisations)
    shown, findings = audience.organisations(organisations, findings)
    renderer = Renderer(project.templates, types, project.cache)
    produced = produce(project, fingerprints, renderer, writers, shown, audience.name, jobs=jobs, force=force, progress=progress, pages_rendered=pages_rendered)
    if produced.failures:
        raise FindingsError(findings + produced.failures + produced.warnings)
    # What writing warned of stops the run under --strict, as check's warnings do.
    findings = passed(findings + produced.warnings, strict)
    others, files = unselected(project.output, audience.name, lambda slug: not project.includes(slug) and (project.content / slug).is_dir()) if keeps else ([], {})
    produced.leaving(others)
    try:
        pages = audience.pages(renderer, organisations, shown, produced.outputs, _as_listed(project, others, types))
    except FindingsError as exc:
        raise FindingsError(findings + exc.findings) from None
    written = write_audience(project, audience.name, produced.outputs + others, files | pages)
    remember(project, audience.name, inputs, findings, written)
    return Ran(produced.outputs, findings, produced.summary(time.perf_counter() - started))
