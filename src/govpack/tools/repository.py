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
import os
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
# Files a repository made on GitHub may already have: init adds to them, not over them.
ADDED_TO = {".gitignore", "README.md"}
# Where govpack is installed from a folder (a checkout), CI cannot install it from there.
PLACEHOLDER = "govpack @ git+https://github.com/YOUR-ORGANISATION/govpack@main"


def init(root: Path, slug: str, kind: str = "cluster", languages: str = "en", today: str | None = None) -> list[tuple[str, Path]]:
    """Start a cluster's repository at ``root`` (made if missing) with a first
    organisation ``slug`` (``kind`` and ``languages`` as ``scaffold.new`` takes them).
    What was done, in order, as ``("wrote" or "added to", path)``: a ``.gitignore``
    or ``README.md`` already there (as GitHub makes them) is added to, keeping what
    it says. Raises UsageError, having written nothing and left no folder it made,
    if ``root`` already holds a content folder or a file init would write over, if a
    file stands where init needs a folder, or if ``scaffold.new`` refuses the name,
    kind or languages."""
    from govpack.tools.scaffold import new

    _refuse_what_init_would_write_over(root)
    made = _missing_folders(root / "content")
    (root / "content").mkdir(parents=True)
    try:
        done = [("wrote", path) for path in new(Project.at(root, today=today), slug, kind, languages)]
    except UsageError:  # the name, kind or languages refused, before anything was written
        for folder in made:
            folder.rmdir()
        raise
    templates = Project.at(root, today=today).templates / "repository"
    install = requirement()
    for target, template in FILES.items():
        text = (templates / template).read_text(encoding="utf-8").replace("@GOVPACK@", install).replace("@ORGANISATION@", slug)
        path = root / target
        if path.exists():
            if _add_to(path, text):
                done.append(("added to", path))
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        done.append(("wrote", path))
    return done


def _refuse_what_init_would_write_over(root: Path) -> None:
    """Raise UsageError, before anything is written, where init cannot start a
    repository at ``root``: a file where a folder goes, a content folder, a file of its
    own (a workflow, a hook, a dev container) already there, or a README or
    .gitignore it cannot add to."""
    nearest = next(folder for folder in (root, *root.parents) if folder.exists())
    folders = {nearest, root, *(root / folder for folder in ("content", "schemas", "schemas/json"))}
    folders |= {root / parent for target in FILES for parent in Path(target).parents if parent != Path(".")}
    for folder in sorted(folders):
        if folder.exists() and not folder.is_dir():
            raise UsageError(f"{folder} is a file, where govpack init makes a folder: move it aside or start the repository in another folder; nothing was written")
    if os.path.lexists(root / "content"):
        raise UsageError(f"{root} already has a content folder: govpack init starts a repository; to add an organisation to this one, run govpack new ORGANISATION; nothing was written")
    taken = [target for target in FILES if target not in ADDED_TO and os.path.lexists(root / target)]
    if taken:
        raise UsageError(f"{root} already has {', '.join(taken)}, which govpack init writes: move {'them' if len(taken) > 1 else 'it'} aside and run it again; nothing was written")
    for target in ADDED_TO:
        path = root / target
        if not os.path.lexists(path):
            continue
        try:
            path.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            raise UsageError(f"{path} is not a text file in UTF-8, which govpack init adds to: save it as UTF-8, or move it aside; nothing was written") from None


def _missing_folders(folder: Path) -> list[Path]:
    """``folder`` and each of its parents that does not exist yet, deepest first."""
    return [path for path in (folder, *folder.parents) if not path.exists()]


def _add_to(path: Path, text: str) -> bool:
    """Add ``text`` (init's own file) to the end of the file at ``path``, in its line
    endings, unless every line it would add is there already; whether it added."""
    existing = path.read_bytes().decode("utf-8")
    have = {line.strip() for line in existing.splitlines()}
    if all(line.strip() in have for line in text.splitlines() if line.strip() and not line.startswith("#")):
        return False
    newline = "\r\n" if "\r\n" in existing else "\n"
    separator = "" if not existing or existing.endswith(newline * 2) else (newline if existing.endswith(newline) else newline * 2)
    path.write_bytes(f"{existing}{separator}{text.replace(chr(10), newline)}".encode("utf-8"))
    return True


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
    repository and commit or the archive it was installed from over https, its
    release from an index, else (a folder, a local file, ssh) ``PLACEHOLDER``, to
    be set by hand."""
    if direct_url is None:
        return f"govpack=={version}"
    source = json.loads(direct_url)
    vcs = source.get("vcs_info") or {}
    url = source.get("url", "")
    # Only https: CI holds no key to fetch over ssh, and cannot reach this machine's files.
    if not url.startswith("https://"):
        return PLACEHOLDER
    if vcs.get("vcs") == "git" and vcs.get("commit_id"):
        return f"govpack @ git+{url}@{vcs['commit_id']}"
    if "archive_info" in source:
        return f"govpack @ {url}"
    return PLACEHOLDER
