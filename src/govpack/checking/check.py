"""Check: load, assemble and validate everything, with every finding at once."""

from __future__ import annotations

import datetime
import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor

from govpack.reading.assemble import Organisation, assemble
from govpack.fingerprints import Fingerprints, recall, recall_organisations, remember, remember_organisations
from govpack.reading.document_types import DocumentType, document_types
from govpack.errors import WARNING, Finding
from govpack.reading.load import load_tree
from govpack.project import Project
from govpack.checking.guide import guide_gaps
from govpack.checking.schema import Schema, load_schemas
from govpack.reading.defaults import Defaults
from govpack.checking.validate import keep_versions_in_force, validate_defaults, validate_organisation
from govpack.checking.translations import stale_translations
from govpack.cores import available_cores
from govpack.reading.history import History
from govpack.reading.redlines import with_versions_in_force
from govpack.reading.texts import languages


def check(project: Project, fingerprints: Fingerprints | None = None, jobs: int | None = None) -> tuple[list[Organisation], list[Finding]]:
    """The organisations of ``project`` and every finding about them, sorted.

    A mistake in shared defaults shows in every document merged over them; it
    is reported once. ``fingerprints``: of the project, taken before the run read
    anything (taken here if not given); ``jobs``: the processes organisations may be
    validated on (``validate_organisations``; None: one per core).
    """
    # An organisation whose files, shared defaults, schemas and day are as they were
    # when it was last checked has the findings it had then: only the others are
    # validated again, which is most of a check's time. The fingerprints are taken
    # before anything is read, so a file saved during the run is never taken for what was read.
    fingerprints = fingerprints or Fingerprints.of(project)
    organisations, shared, findings = _read(project)
    schemas = load_schemas(project.schemas)
    findings += validate_defaults(shared, schemas)
    last = recall_organisations(project)
    keys = {org.slug: fingerprints.findings(org.slug) or "" for org in organisations}
    todo = [org for org in organisations if not keys[org.slug] or last.get(org.slug, ("", []))[0] != keys[org.slug]]
    with History.of(project.content) as history:
        types = document_types(project.schemas)
        for org in organisations:
            with_versions_in_force(org, history, project.root, types)
            keep_versions_in_force(org, schemas)
        validated = validate_organisations(todo, schemas, project.today, jobs)
        # Texts whose translation fell behind, from the content's git history: only for
        # those validated again, as the history is part of what their findings are made from.
        for org in todo:
            shallow = _shallow(org, history, types)
            stale = [each.finding() for each in stale_translations(org, history, project.root)]
            validated[org.slug] = validated.get(org.slug, []) + stale + ([shallow] if shallow else [])
    checked = {org.slug: (keys[org.slug], validated.get(org.slug, last.get(org.slug, ("", []))[1])) for org in organisations}
    for _, found in checked.values():
        findings += found
    remember_organisations(project, {**last, **checked})  # others may be another shard's
    return organisations, sorted(set(findings))


def findings(project: Project) -> list[Finding]:
    """Every finding ``check`` gives, from the last check when nothing it reads has changed."""
    fingerprints = Fingerprints.of(project)
    inputs = fingerprints.run()
    remembered = recall(project, "check", inputs)
    if remembered is not None:
        return remembered[0]
    _, found = check(project, fingerprints)
    remember(project, "check", inputs, found)
    return found


def guide_findings(project: Project) -> list[Finding]:
    """Every finding ``check`` gives, and a ``guide-gap`` warning for each thing the
    guide recommends that a document leaves out (``guide.guide_gaps``), sorted."""
    organisations, found = check(project)
    return sorted(set(found + guide_gaps(organisations, load_schemas(project.schemas))))


def _shallow(org: Organisation, history: History, types: dict[str, DocumentType]) -> Finding | None:
    """A warning (rule ``history-shallow``), for an organisation whose findings the
    history tells (its translations, where it publishes in more than one language;
    the versions in force of its drafts), that the clone has only its latest commits,
    so that they cannot be told; None where that is not so."""
    drafts = any(types[doc.type].written and doc.control.get("status") == "draft" for doc in org.documents)
    if not history.shallow or not (drafts or len(languages(org)) > 1):
        return None
    message = ("this clone of the content's repository is shallow (a CI checkout's default), so the versions approved that its drafts revise, "
               "and whether each translation is in step, cannot be found: fetch its whole history (git fetch --unshallow; in GitHub Actions, fetch-depth: 0)")
    return org.source.finding((), message, "history-shallow", WARNING)


def _read(project: Project) -> tuple[list[Organisation], Defaults, list[Finding]]:
    """The project's organisations, assembled over their shared defaults, and the
    findings of reading them."""
    sources, found = load_tree(project.root, project.content, project.includes)
    unloaded = {finding.path for finding in found}
    organisations, shared, problems = assemble(sources, project.rel(project.content), document_types(project.schemas), unloaded)
    return organisations, shared, found + problems


# Fewer organisations than this are validated in this process: a worker's start costs more.
PARALLEL_FROM = 8
_TO_VALIDATE: tuple[list[Organisation], dict[str, Schema], datetime.date] | None = None  # what workers fork with


def validate_organisations(
    organisations: list[Organisation], schemas: dict[str, Schema], today: datetime.date, jobs: int | None = None
) -> dict[str, list[Finding]]:
    """The findings of each organisation (``validate_organisation``), by its slug.

    Validating is most of a check's time and each organisation is validated alone, so
    where there are many and ``jobs`` (None: one per core) allows more than one
    process, they are shared among worker processes forked from this one: a fork
    shares what was read without copying it, where any other way to start a worker
    would have to pickle every document. Not where this process runs other threads
    (``serve``), which a fork does not take along safely, nor where the system cannot
    fork (Windows). Raises BrokenProcessPool if a worker dies (killed, out of memory).
    """
    workers = min(jobs or available_cores(), available_cores(), len(organisations))
    forkable = "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
    if len(organisations) < PARALLEL_FROM or workers < 2 or not forkable:
        return {org.slug: validate_organisation(org, schemas, today) for org in organisations}
    global _TO_VALIDATE
    _TO_VALIDATE = (organisations, schemas, today)
    try:
        shares = [range(start, len(organisations), workers) for start in range(workers)]
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            return {slug: found for share in pool.map(_validate_share, shares) for slug, found in share}
    finally:
        _TO_VALIDATE = None


def _validate_share(share: range) -> list[tuple[str, list[Finding]]]:
    """In a worker: the findings of the organisations at ``share`` of those it forked with."""
    assert _TO_VALIDATE is not None
    organisations, schemas, today = _TO_VALIDATE
    return [(organisations[index].slug, validate_organisation(organisations[index], schemas, today)) for index in share]
