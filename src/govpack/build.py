"""Build: check everything, make what changed, then write it all at once.

Like Pelican's run, all reading and checking comes first; nothing is written
unless the whole build succeeds. The outputs are made by ``produce``, which
prints only what changed since the last build, on every core, and written by
``output``, which swaps the whole set into place.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from .assemble import Organisation
from .check import check
from .document_types import document_types
from .errors import Finding, FindingsError, has_errors, strictly
from .cache import inputs_digest, recall, remember
from .output import Output, kept_outputs, recover, write_audience
from .pdf import Printer
from .presses import prepare
from .produce import Produced, Progress, produce, source_date_epoch, toolchain
from .project import Project
from .render import INTERNAL, Renderer, languages, organisation_index, page_name, site_languages


@dataclass
class BuildResult:
    """What a build wrote, the warnings it passed over, and a line that sums it up."""

    outputs: list[Output]
    findings: list[Finding]
    summary: str


def checked(project: Project, strict: bool) -> tuple[list[Organisation], list[Finding]]:
    """What a build or publication starts from: the organisations and the warnings
    passed over; a FindingsError if any finding is an error (every warning, if strict)."""
    organisations, findings = check(project)
    return organisations, passed(findings, strict)


def passed(findings: list[Finding], strict: bool) -> list[Finding]:
    """``findings``, sorted, if none stops a build; else a FindingsError."""
    if strict:
        findings = strictly(findings)
    if has_errors(findings):
        raise FindingsError(findings)
    return sorted(findings)


def build(project: Project, strict: bool = False, jobs: int = 1, force: bool = False, progress: Progress | None = None) -> BuildResult:
    """Check, then make and write the internal audience of every organisation:
    each document's HTML and PDF, and each organisation's pack.

    PDFs whose inputs are unchanged since the last build are kept (``force``:
    none are); the rest are printed on ``jobs`` processes.
    """
    started = time.perf_counter()
    recover(project, INTERNAL)
    printer = Printer(project.assets, source_date_epoch(project))
    tools = toolchain(project, printer.source_date_epoch)
    inputs = inputs_digest(project, tools)
    remembered = None if force else recall(project, INTERNAL, inputs)
    if remembered is not None:  # nothing read has changed, and build/ is as it was left
        findings = passed(remembered[0], strict)
        outputs = kept_outputs(project.output, INTERNAL)
        return BuildResult(outputs, findings, Produced(unchanged=len(outputs)).summary(time.perf_counter() - started))
    prepare(jobs)
    organisations, findings = checked(project, strict)
    renderer = Renderer(project.templates, document_types(project.schemas), project.cache)
    produced = produce(project, renderer, printer, tools, organisations, INTERNAL, packs=True, jobs=jobs, force=force, progress=progress)
    if produced.failures:
        raise FindingsError(findings + produced.failures + produced.warnings)
    # What printing warned of stops the build under --strict, as check's warnings do.
    findings = passed(findings + produced.warnings, strict)
    pages = {page_name("index", lang): renderer.site_index(organisations, lang).encode() for lang in site_languages(organisations)}
    for org in organisations:
        for lang in languages(org):
            sizes = {Path(o.path).name: len(o.content) for o in produced.outputs if o.organisation == org.slug and o.lang == lang}
            pages[f"{org.slug}/{organisation_index(org, lang)}"] = renderer.organisation_index(org, lang, sizes).encode()
    written = write_audience(project, INTERNAL, produced.outputs, pages)
    remember(project, INTERNAL, inputs, findings, written)
    return BuildResult(produced.outputs, sorted(findings), produced.summary(time.perf_counter() - started))

