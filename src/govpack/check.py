"""Check: load, assemble and validate everything, with every finding at once."""

from __future__ import annotations

import hashlib

from .assemble import Organisation, assemble
from .cache import code_digest, folder_digest, inputs_digest, recall, recall_organisations, remember, remember_organisations
from .defaults import FOLDER
from .document_types import document_types
from .errors import Finding
from .load import load_tree
from .project import Project
from .schema import load_schemas
from .validate import validate_defaults, validate_organisation


def check(project: Project) -> tuple[list[Organisation], list[Finding]]:
    """The organisations of ``project`` and every finding about them, sorted.

    A mistake in shared defaults shows in every document merged over them; it
    is reported once.
    """
    # An organisation whose files, shared defaults, schemas and day are as they were
    # when it was last checked has the findings it had then: only the others are
    # validated again, which is most of a check's time. The digests are taken before
    # anything is read, so a file saved during the run is never taken for what was read.
    digests = _organisation_digests(project)
    sources, findings = load_tree(project.root, project.content, project.includes)
    unloaded = {finding.path for finding in findings}
    organisations, shared, problems = assemble(sources, project.rel(project.content), tuple(document_types(project.schemas)), unloaded)
    findings += problems
    schemas = load_schemas(project.schemas)
    findings += validate_defaults(shared, schemas)
    last = recall_organisations(project)
    checked = {}
    for org in organisations:
        org.digest = digests.get(org.slug, "")
        # Findings name files by their path: kept for this content folder only.
        key = hashlib.sha256(f"{org.digest}\ncontent {project.rel(project.content)}\n".encode()).hexdigest()
        digest, found = last.get(org.slug, ("", []))
        if digest != key:
            found = validate_organisation(org, schemas, project.today)
        checked[org.slug] = (key, found)
        findings += found
    remember_organisations(project, {**last, **checked})  # others may be another shard's
    return organisations, sorted(set(findings))


def _organisation_digests(project: Project) -> dict[str, str]:
    """Each organisation folder's digest, with everything else on the content side its
    findings and outputs depend on: the shared defaults, the schemas, the day, govpack's code."""
    common = hashlib.sha256(f"today {project.today}\n".encode() + code_digest())
    for folder in (project.content / FOLDER, project.schemas):
        common.update(folder_digest(folder) if folder.is_dir() else b"")
    return {
        folder.name: hashlib.sha256(common.digest() + folder_digest(folder)).hexdigest()
        for folder in project.content.iterdir()
        if folder.is_dir() and not folder.name.startswith("_") and project.includes(folder.name)
    }


def findings(project: Project) -> list[Finding]:
    """Every finding ``check`` gives, from the last check when nothing it reads has changed."""
    inputs = inputs_digest(project)
    remembered = recall(project, "check", inputs)
    if remembered is not None:
        return remembered[0]
    _, found = check(project)
    remember(project, "check", inputs, found)
    return found
