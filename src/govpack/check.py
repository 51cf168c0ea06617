"""Check: load, assemble and validate everything, with every finding at once."""

from __future__ import annotations

import hashlib

from .assemble import Organisation, assemble
from .cache import code_digest, folder_digest, inputs_digest, recall, recall_organisations, remember, remember_organisations
from .defaults import FOLDER
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
    sources, findings = load_tree(project.root, project.content, project.includes)
    unloaded = {finding.path for finding in findings}
    organisations, shared, problems = assemble(sources, project.rel(project.content), unloaded)
    findings += problems
    schemas = load_schemas(project.schemas)
    findings += validate_defaults(shared, schemas)
    # An organisation whose files, shared defaults, schemas and day are as they were
    # when it was last checked has the findings it had then: only the others are
    # validated again, which is most of a check's time.
    common = hashlib.sha256(f"today {project.today}\n".encode() + code_digest())
    for folder in (project.content / FOLDER, project.schemas):
        common.update(folder_digest(folder) if folder.is_dir() else b"")
    last = recall_organisations(project)
    checked = {}
    for org in organisations:
        org.digest = hashlib.sha256(common.digest() + folder_digest(project.content / org.slug)).hexdigest()
        digest, found = last.get(org.slug, ("", []))
        if digest != org.digest:
            found = validate_organisation(org, schemas, project.today)
        checked[org.slug] = (org.digest, found)
        findings += found
    remember_organisations(project, {**last, **checked})  # others may be another shard's
    return organisations, sorted(set(findings))


def findings(project: Project) -> list[Finding]:
    """Every finding ``check`` gives, from the last check when nothing it reads has changed."""
    inputs = inputs_digest(project)
    remembered = recall(project, "check", inputs)
    if remembered is not None:
        return remembered[0]
    _, found = check(project)
    remember(project, "check", inputs, found)
    return found
