"""Fingerprints of what a run reads, and the record of a run, to know what is outdated.

Every question of the form "is this made from what it would be made from now?" is
answered with the fingerprints here, each named by what it is of: govpack's code,
the day, the shared defaults, the schemas, the templates (with their catalogues and
assets), each organisation's own folder, and, from the writers, what files are made
with besides their HTML (``writing.writer``). ``Fingerprints.run`` is the whole
run's: a run whose inputs have the one the record in build/.cache keeps, and whose
files are still as written, need read no YAML at all. ``Fingerprints.content`` is an
organisation's, from which its findings (``Fingerprints.findings``, kept by
``checking.check``) and its outputs (``Fingerprints.outputs``) are made;
``file_digest`` is one file's.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from govpack._version import __version__
from govpack.errors import Finding
from govpack.git import git
from govpack.project import Project

# The folder of shared defaults under content/ (reading.defaults.FOLDER, which is read later).
_DEFAULTS = "_defaults"


@dataclass(frozen=True)
class Fingerprints:
    """Digests (sha256) of what a run of a project reads, taken once before anything is
    read, so that a file saved during the run is never taken for what was read.

    ``code``: govpack's version and code. ``day``: the date the run takes as today.
    ``place``: where the content folder is in the project (findings name its files by
    it; outputs do not depend on it). ``history``: the git commit the content folder
    has checked out (``_history``): what a redline is compared with, and
    when each text last changed, are read from it. ``defaults``, ``schemas`` and
    ``templates``: those folders. ``organisations``: each organisation's own folder,
    by folder name, for those the run reads. ``content``: the whole content folder, as
    the run sees it (its shard and selection too).
    """

    code: bytes
    day: bytes
    place: bytes
    defaults: bytes
    schemas: bytes
    templates: bytes
    history: bytes
    organisations: dict[str, bytes]
    content_folder: bytes

    @classmethod
    def of(cls, project: Project) -> Fingerprints:
        files = _file_digests(project.content)
        organisations = {
            folder.name: _compose(files, folder.name)
            for folder in sorted(project.content.iterdir())
            if folder.is_dir() and not folder.name.startswith("_") and project.includes(folder.name)
        }
        scope = f"shard {project.shard}\norganisations {project.selected}\n".encode()
        return cls(
            code=code_digest(),
            day=f"today {project.today.isoformat()}\n".encode(),
            place=f"content {project.rel(project.content)}\n".encode(),
            defaults=_compose(files, _DEFAULTS),
            schemas=folder_digest(project.schemas),
            templates=folder_digest(project.templates),
            history=_history(project.content),
            organisations=organisations,
            content_folder=hashlib.sha256(scope + _compose(files, "")).digest(),
        )

    def content(self, slug: str) -> str | None:
        """What an organisation's findings and outputs are made from on the content side:
        its own folder, the shared defaults, the schemas, the content's history, the day
        and govpack; None for an organisation this run does not read."""
        own = self.organisations.get(slug)
        return None if own is None else file_digest(self.code, self.day, self.defaults, self.schemas, self.history, own)

    def findings(self, slug: str) -> str | None:
        """What an organisation's findings are made from: its content, and where the
        content folder is, which the findings name."""
        content = self.content(slug)
        return None if content is None else file_digest(content.encode(), self.place)

    def outputs(self, slug: str, audience: str, lang: str, writers: bytes) -> str | None:
        """What an organisation's outputs for one audience in one language are made from:
        its content, the templates and the writers' fingerprint."""
        content = self.content(slug)
        return None if content is None else file_digest(content.encode(), f"{audience}\n{lang}\n".encode(), self.templates, writers)

    def pages(self, audience: str, lang: str, writers: bytes) -> str:
        """What every document page of an audience in one language is made from besides
        its organisation's content (which ``rendering.view`` digests, page by page, as
        each reads it): govpack, the day, the shared defaults, the schemas, the content's
        history, the templates and the writers' fingerprint."""
        return file_digest(self.code, self.day, self.defaults, self.schemas, self.history, self.templates, writers, f"{audience}\n{lang}\n".encode())

    def run(self, *more: bytes) -> str:
        """Everything a run reads, and ``more`` (the writers' fingerprint, for a build)."""
        return file_digest(self.code, self.day, self.place, self.content_folder, self.schemas, self.templates, self.history, *more)


def _history(content: Path) -> bytes:
    """The commit the content folder's repository has checked out, where the folder is
    within it, and whether the clone is shallow (``git fetch --unshallow`` changes what
    the history tells), in one quick call; not the history itself, which
    ``reading.history`` reads where a run needs it. Not where the repository is on disk:
    a project copied or cloned elsewhere, with its build/, keeps what it made."""
    try:
        found = git(content, "rev-parse", "--show-prefix", "--is-shallow-repository", "HEAD")
    except FileNotFoundError:
        return b"no git\n"
    return f"history {found.returncode}\n{found.stdout}".encode()


def file_digest(*parts: bytes) -> str:
    """The digest of what one thing is made from, ``parts`` in order (hex)."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()


# The libraries that read, check and render content, whose versions outputs and
# findings depend on as on govpack's own code (a newer Markdown parser may print a
# text otherwise). The writers name theirs (writing.writer: WeasyPrint, python-docx).
_LIBRARIES = ("ruamel.yaml", "cerberus", "babel", "jinja2", "markupsafe", "markdown-it-py", "linkify-it-py", "nh3", "icalendar")


@functools.cache
def code_digest() -> bytes:
    """A digest of govpack's version, its own code and the versions of the libraries it
    reads and renders content with (``_LIBRARIES``): a checkout edited, or a library
    upgraded, since the last run is another govpack."""
    from importlib import metadata  # (cerberus has imported it)

    versions = "".join(f"{library} {metadata.version(library)}\n" for library in _LIBRARIES)
    return hashlib.sha256(f"govpack {__version__}\n{versions}".encode() + folder_digest(Path(__file__).parent, "*.py")).digest()


def folder_digest(folder: Path, pattern: str = "*") -> bytes:
    """A digest of the names and contents of every file under ``folder`` (nothing, if there is no such folder)."""
    return _compose(_file_digests(folder, pattern), "")


def _file_digests(folder: Path, pattern: str = "*") -> dict[str, bytes]:
    """Each file under ``folder`` by its path within it: the digest of its content."""
    if not folder.is_dir():
        return {}
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).digest() for path in folder.rglob(pattern) if path.is_file()}


def _compose(files: dict[str, bytes], under: str) -> bytes:
    """A digest of the names and digests of the files ``under`` a folder (every file, for "")."""
    digest = hashlib.sha256()
    for path in sorted(files):
        if not under or path.partition("/")[0] == under:  # paths are POSIX (``_file_digests``)
            digest.update(f"{path}\n".encode() + files[path])
    return digest.digest()


ORGANISATIONS = "organisations"  # the findings of each organisation, by its digest


def recall_organisations(project: Project) -> dict[str, tuple[str, list[Finding]]]:
    """Each organisation's digest and findings when it was last checked."""
    try:
        record = json.loads((project.cache / f"{ORGANISATIONS}.json").read_text(encoding="utf-8"))
        return {slug: (entry["digest"], [Finding(**f) for f in entry["findings"]]) for slug, entry in record.items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def remember_organisations(project: Project, checked: dict[str, tuple[str, list[Finding]]]) -> None:
    record = {slug: {"digest": digest, "findings": [dataclasses.asdict(f) for f in found]} for slug, (digest, found) in sorted(checked.items())}
    _write(project, ORGANISATIONS, record)


def recall(project: Project, run: str, inputs: str) -> tuple[list[Finding], dict[str, str]] | None:
    """The findings and written files (path within build/: sha256) of the last ``run``
    made from ``inputs``; None if it was made from others, or a file has changed."""
    try:
        record = json.loads((project.cache / f"{run}.json").read_text(encoding="utf-8"))
        if record["inputs"] != inputs:
            return None
        findings = [Finding(**finding) for finding in record["findings"]]
        files: dict[str, str] = record["files"]
        for path, sha256 in files.items():
            if hashlib.sha256((project.output / path).read_bytes()).hexdigest() != sha256:
                return None
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return findings, files


def remember(project: Project, run: str, inputs: str, findings: list[Finding], files: dict[str, bytes] | None = None) -> None:
    """Keep what ``run`` found and wrote (path within build/: content) for the next run."""
    record: dict[str, Any] = {
        "inputs": inputs,
        "findings": [dataclasses.asdict(finding) for finding in findings],
        "files": {path: hashlib.sha256(content).hexdigest() for path, content in (files or {}).items()},
    }
    _write(project, run, record)


def _write(project: Project, name: str, record: dict[str, Any]) -> None:
    project.cache.mkdir(parents=True, exist_ok=True)
    # A file of its own to write to, then put in place: another run may be keeping the
    # same record at the same moment (a check on save while serve builds), and with one
    # name between them, the second to finish found the file gone.
    handle, temporary = tempfile.mkstemp(prefix=f".{name}.", suffix=".new", dir=project.cache)
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
    os.replace(temporary, project.cache / f"{name}.json")
