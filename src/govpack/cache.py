"""Remembering a run, to know when the next would make nothing new.

A run's inputs are every file it reads (content, schemas, templates and their
assets), the day it checks against, govpack's version and whatever else the
caller adds (the toolchain, for a build). Their digest is kept in build/.cache
with the run's findings and the files it wrote; a run whose inputs have the
same digest, and whose files are still as written, need read no YAML at all.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from typing import Any

from ._version import __version__
from .errors import Finding
from .project import Project


def inputs_digest(project: Project, *more: bytes) -> str:
    """A digest of everything a run of ``project`` reads, and of ``more``."""
    digest = hashlib.sha256(f"govpack {__version__}\ntoday {project.today.isoformat()}\nshard {project.shard}\n".encode())
    for folder in (project.content, project.schemas, project.templates):
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest.update(f"{path.relative_to(folder).as_posix()}\n".encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        digest.update(b"\0")
    for part in more:
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()


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
    project.cache.mkdir(parents=True, exist_ok=True)
    temporary = project.cache / f".{run}.json.new"
    temporary.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(temporary, project.cache / f"{run}.json")
