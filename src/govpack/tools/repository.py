"""govpack init: a cluster's own repository, started in one command.

A cluster keeps its content in a repository of its own, not in govpack's checkout.
``init`` writes what that repository needs besides the content: a first
organisation (``scaffold.new``, which also writes the JSON Schemas editors read), a
``.gitignore`` that keeps ``build/`` (members' contact details) out of git, a
pre-commit hook, a GitHub Actions workflow that checks, builds and publishes, a dev
container for a browser-based editor, and a README for the people who edit it. The
files are in ``templates/repository/``; ``@GOVPACK@`` in them is what to install
govpack from (``requirement``), ``@ORGANISATION@`` the first organisation's folder.
"""

from __future__ import annotations

import json
from importlib import metadata
from pathlib import Path

from govpack.errors import UsageError
from govpack.project import Project

# Each file init writes (a path in the new repository) from its template.
FILES = {
    ".gitignore": "gitignore",
    ".pre-commit-config.yaml": "pre-commit-config.yaml",
    ".github/workflows/governance.yml": "governance.yml",
    ".devcontainer/devcontainer.json": "devcontainer.json",
    ".devcontainer/Dockerfile": "Dockerfile",
    "README.md": "README.md",
}
# Where govpack is installed from a folder (a checkout), CI cannot install it from there.
PLACEHOLDER = "govpack @ git+https://github.com/YOUR-ORGANISATION/govpack@main"


def init(root: Path, slug: str, kind: str = "cluster", languages: str = "en", today: str | None = None) -> list[Path]:
    """Start a cluster's repository at ``root`` (made if missing) with a first
    organisation ``slug`` (``kind`` and ``languages`` as ``scaffold.new`` takes them).
    The files written. Raises UsageError if ``root`` already holds a content folder or
    any of the files, so that nothing is written over."""
    from govpack.tools.scaffold import new

    taken = [name for name in ("content", *FILES) if (root / name).exists()]
    if taken:
        raise UsageError(f"{root} already has {', '.join(taken)}: govpack init starts a repository; add an organisation with govpack new")
    made = [folder for folder in (root, root / "content") if not folder.exists()]
    (root / "content").mkdir(parents=True)
    try:
        written = new(Project.at(root, today=today), slug, kind, languages)
    except UsageError:  # the name, kind or languages refused, before anything was written
        for folder in reversed(made):
            folder.rmdir()
        raise
    templates = Project.at(root, today=today).templates / "repository"
    for target, template in FILES.items():
        text = (templates / template).read_text(encoding="utf-8")
        path = root / target
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text.replace("@GOVPACK@", requirement()).replace("@ORGANISATION@", slug), encoding="utf-8")
        written.append(path)
    return written


def requirement() -> str:
    """What CI and the dev container install govpack from, as pip takes it
    (``requirement_from``, for the govpack installed here)."""
    try:
        distribution = metadata.distribution("govpack")
    except metadata.PackageNotFoundError:
        return PLACEHOLDER
    return requirement_from(distribution.read_text("direct_url.json"), distribution.version)


def requirement_from(direct_url: str | None, version: str) -> str:
    """The requirement for a govpack installed from ``direct_url`` (the JSON pip
    records, PEP 610; None where it came from an index) at ``version``: the git
    repository and commit it was installed from, its release from an index, else
    (a folder, an archive) ``PLACEHOLDER``, to be set by hand."""
    if direct_url is None:
        return f"govpack=={version}"
    source = json.loads(direct_url)
    vcs = source.get("vcs_info") or {}
    if vcs.get("vcs") == "git" and vcs.get("commit_id") and source.get("url", "").startswith(("https://", "ssh://")):
        return f"govpack @ git+{source['url']}@{vcs['commit_id']}"
    return PLACEHOLDER
