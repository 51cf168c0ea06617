"""Check: load, assemble and validate everything, with every finding at once."""

from __future__ import annotations

from .assemble import Organisation, assemble
from .cache import inputs_digest, recall, remember
from .errors import Finding
from .load import load_tree
from .project import Project
from .validate import validate


def check(project: Project) -> tuple[list[Organisation], list[Finding]]:
    """The organisations of ``project`` and every finding about them, sorted.

    A mistake in shared defaults shows in every document merged over them; it
    is reported once.
    """
    sources, findings = load_tree(project.root, project.content, project.includes)
    unloaded = {finding.path for finding in findings}
    organisations, shared, problems = assemble(sources, project.rel(project.content), unloaded)
    findings += problems
    findings += validate(organisations, shared, project.schemas, project.today)
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
