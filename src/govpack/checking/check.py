"""Check: load, assemble and validate everything, with every finding at once."""

from __future__ import annotations

import datetime
import multiprocessing
import re
from collections.abc import Callable
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
from govpack.cores import fork_workers, forked_map
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
    organisations, shared, findings = _read(project, project.includes)
    schemas = load_schemas(project.schemas)
    last = recall_organisations(project)
    todo = _todo(organisations, fingerprints, last)
    with History.of(project.content) as history:
        validated = _validated(project, organisations, todo, schemas, history, lambda them: validate_organisations(them, schemas, project.today, jobs))
    return organisations, _merged(project, fingerprints, [org.slug for org in organisations], last, validated, findings + validate_defaults(shared, schemas))


def findings(project: Project) -> list[Finding]:
    """Every finding ``check`` gives, from the last check when nothing it reads has changed."""
    fingerprints = Fingerprints.of(project)
    inputs = fingerprints.run()
    remembered = recall(project, "check", inputs)
    if remembered is not None:
        return remembered[0]
    found = _checked_in_shares(project, fingerprints)
    if found is None:
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


def _read(project: Project, folders: Callable[[str], bool]) -> tuple[list[Organisation], Defaults, list[Finding]]:
    """The organisations of the content's ``folders`` (and the shared defaults, whose
    folder a run always reads), assembled over their shared defaults, and the findings
    of reading them."""
    sources, found = load_tree(project.root, project.content, folders)
    unloaded = {finding.path for finding in found}
    organisations, shared, problems = assemble(sources, project.rel(project.content), document_types(project.schemas), unloaded)
    return organisations, shared, found + problems


def _changed(slug: str, fingerprints: Fingerprints, last: dict[str, tuple[str, list[Finding]]]) -> bool:
    """Whether an organisation must be validated: its inputs are not as they were when
    last checked (else its findings are those it had then: ``Fingerprints.findings``)."""
    key = fingerprints.findings(slug)
    return not key or last.get(slug, ("", []))[0] != key


def _todo(organisations: list[Organisation], fingerprints: Fingerprints, last: dict[str, tuple[str, list[Finding]]]) -> list[Organisation]:
    """The organisations to validate (``_changed``)."""
    return [org for org in organisations if _changed(org.slug, fingerprints, last)]


def _validated(
    project: Project,
    organisations: list[Organisation],
    todo: list[Organisation],
    schemas: dict[str, Schema],
    history: History,
    validate: Callable[[list[Organisation]], dict[str, list[Finding]]],
) -> dict[str, list[Finding]]:
    """The findings of each of ``todo`` (some of ``organisations``), by its slug: as
    ``validate`` finds them, with the versions in force of every organisation's drafts
    found first, and texts whose translation fell behind, from the content's git
    history (only for those validated again, as the history is part of what their
    findings are made from)."""
    types = document_types(project.schemas)
    for org in organisations:
        with_versions_in_force(org, history, project.root, types)
        keep_versions_in_force(org, schemas)
    validated = validate(todo)
    for org in todo:
        shallow = _shallow(org, history, types)
        stale = [each.finding() for each in stale_translations(org, history, project.root)]
        validated[org.slug] = validated.get(org.slug, []) + stale + ([shallow] if shallow else []) + _in_force(org)
    return validated


VERSION_IN_FORCE = "version-in-force"


def _in_force(org: Organisation) -> list[Finding]:
    """Warnings (rule ``version-in-force``) at each draft whose version in force, in the
    history, no longer fits today's schemas or organisation file (``Document.in_force_unfit``):
    meetings are checked without it, and publish leaves the document out until the draft
    is approved; and at each draft numbered as the version in force, or before it: the
    public set keeps that version while the draft is written, and two texts under one
    number cannot be told apart in a minute, a pack or the publication report."""
    findings = []
    for doc in org.documents:
        if doc.in_force_unfit:
            findings.append(doc.source.finding(("control", "status"), (
                f"the version of this document in force no longer fits: {doc.in_force_unfit}; meetings are checked without it, "
                "and publish leaves the document out until this draft is approved (or put back what changed)"
            ), VERSION_IN_FORCE, WARNING))
        elif doc.in_force is not None and (said := _numbered_before(doc.control.get("version"), doc.in_force.control.get("version"))):
            control = doc.in_force.control
            in_force = f"{control.get('version')} (approved on {control.get('approved')})"
            if said == "as":
                number = f"this draft has the number of the version in force, {in_force}"
            else:
                number = f"this draft's number, {doc.control.get('version')}, comes before the version in force's, {in_force}"
            findings.append(doc.source.finding(("control", "version"), (
                f"{number}, which is published until the draft is approved: give the draft a later number, so that the two are told apart"
            ), VERSION_IN_FORCE, WARNING))
    return findings


def _numbered_before(draft: object, in_force: object) -> str:
    """How a draft's version number stands to its version in force's, where it does not
    come after it: "as" (the same), "before", or "" (after, or not comparable). Numbers
    are compared part by part (2.10 comes after 2.9, 3 is 3.0); other versions only as text."""
    draft, in_force = str(draft).strip(), str(in_force).strip()
    if draft == in_force:
        return "as"
    parts = [re.fullmatch(r"\d+(?:\.\d+)*", v) for v in (draft, in_force)]
    if all(parts):
        # Each as long as the longer, so that 3 is 3.0.
        length = max(v.count(".") for v in (draft, in_force)) + 1
        mine, theirs = ((*map(int, v.split(".")), *(0,) * length)[:length] for v in (draft, in_force))
        return "as" if mine == theirs else "before" if mine < theirs else ""
    return ""


def _merged(
    project: Project,
    fingerprints: Fingerprints,
    slugs: list[str],
    last: dict[str, tuple[str, list[Finding]]],
    validated: dict[str, list[Finding]],
    findings: list[Finding],
) -> list[Finding]:
    """``findings`` and those of each organisation of ``slugs``, validated or as last
    checked, sorted; each organisation's kept for the next check."""
    checked = {slug: (fingerprints.findings(slug) or "", validated.get(slug, last.get(slug, ("", []))[1])) for slug in slugs}
    remember_organisations(project, {**last, **checked})  # others may be another shard's
    return sorted(set(findings + [finding for _, found in checked.values() for finding in found]))


# Fewer organisations than this are validated in this process: a worker's start costs more.
PARALLEL_FROM = 8


def validate_organisations(
    organisations: list[Organisation], schemas: dict[str, Schema], today: datetime.date, jobs: int | None = None
) -> dict[str, list[Finding]]:
    """The findings of each organisation (``validate_organisation``), by its slug.

    Validating is most of a check's time and each organisation is validated alone, so
    where there are many, they are shared among worker processes forked from this one
    (``cores.forked_map``), which share what was read without copying it. Raises
    BrokenProcessPool if a worker dies (killed, out of memory).
    """
    found = forked_map(lambda index: validate_organisation(organisations[index], schemas, today), len(organisations), PARALLEL_FROM, jobs)
    return {org.slug: findings for org, findings in zip(organisations, found, strict=True)}


def _shared_folder(folder: str) -> bool:
    """Whether a folder of the content is for every organisation (``_defaults``), which every run reads."""
    return folder.startswith("_")


def _checked_in_shares(project: Project, fingerprints: Fingerprints) -> list[Finding] | None:
    """Every finding ``check`` gives, each organisation read and validated in a worker
    process, a share of them each (``cores.fork_workers``); None where there are too few to
    validate again for that to be worth it, or they cannot be forked: check's way then.

    Reading the YAML is as much of a check as validating it, and ``check`` reads in
    one process. A worker here reads its own share and hands back findings alone:
    handing back what it read would cost more than reading it. Raises
    BrokenProcessPool if a worker dies.
    """
    last = recall_organisations(project)
    slugs = sorted(fingerprints.organisations)
    workers = fork_workers(None, sum(_changed(slug, fingerprints, last) for slug in slugs), PARALLEL_FROM)
    if not workers:
        return None
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        shares = [pool.submit(_check_share, project, fingerprints, last, slugs[start::workers]) for start in range(workers)]
        # The shared defaults are read by every worker, and validated here meanwhile.
        _, shared, _ = _read(project, _shared_folder)
        findings = validate_defaults(shared, load_schemas(project.schemas))
        listed, validated = [], {}
        for share in shares:
            found, slugs_read, validated_here = share.result()
            findings += found
            listed += slugs_read
            validated |= validated_here
    return _merged(project, fingerprints, sorted(listed), last, validated, findings)


def _check_share(
    project: Project, fingerprints: Fingerprints, last: dict[str, tuple[str, list[Finding]]], share: list[str]
) -> tuple[list[Finding], list[str], dict[str, list[Finding]]]:
    """In a worker: the findings of reading the organisations of ``share`` (by folder),
    their slugs as read, and the findings of those to validate again (``_todo``)."""
    organisations, _, findings = _read(project, lambda folder: _shared_folder(folder) or folder in share)
    schemas = load_schemas(project.schemas)
    with History.of(project.content) as history:
        todo = _todo(organisations, fingerprints, last)
        validated = _validated(project, organisations, todo, schemas, history, lambda them: {org.slug: validate_organisation(org, schemas, project.today) for org in them})
    return findings, [org.slug for org in organisations], validated
