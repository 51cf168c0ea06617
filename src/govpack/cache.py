"""Remembering a run, to know when the next would make nothing new.

A run's inputs are every file it reads (content, schemas, templates and their
assets), the day it checks against, govpack's version and whatever else the
caller adds (the toolchain, for a build). Their digest is kept in build/.cache
with the run's findings and the files it wrote; a run whose inputs have the
same digest, and whose files are still as written, need read no YAML at all.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from ._version import __version__
from .errors import Finding
from .project import Project


def inputs_digest(project: Project, *more: bytes) -> str:
    """A digest of everything a run of ``project`` reads, and of ``more``."""
    digest = hashlib.sha256(f"today {project.today.isoformat()}\nshard {project.shard}\norganisations {project.selected}\ncontent {project.rel(project.content)}\n".encode() + code_digest())
    for folder in (project.content, project.schemas, project.templates):
        digest.update(folder_digest(folder))
    for part in more:
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()


@functools.cache
def code_digest() -> bytes:
    """A digest of govpack's version and its own code: a checkout edited since the last
    run is another govpack."""
    return hashlib.sha256(f"govpack {__version__}\n".encode() + folder_digest(Path(__file__).parent, "*.py")).digest()


def folder_digest(folder: Path, pattern: str = "*") -> bytes:
    """A digest of the names and contents of every file under ``folder``."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob(pattern) if p.is_file()):
        digest.update(f"{path.relative_to(folder).as_posix()}\n".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
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
    temporary = project.cache / f".{name}.json.new"
    temporary.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(temporary, project.cache / f"{name}.json")
