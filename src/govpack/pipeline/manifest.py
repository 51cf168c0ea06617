"""Outputs: the files of an audience, written all at once, and the manifest that lists them.

An audience (build/internal, build/public) is staged in a sibling folder and
swapped into place, so a failed or killed run leaves the previous one as it was.
The manifest lists every output with what it was made from (``digest``), which
is how the next build knows what it need not make again.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from govpack._version import __version__
from govpack.writing.pdf import LayoutWarning
from govpack.project import Project

MANIFEST = "manifest.json"
PRINT_STYLESHEET = "print.css"  # linked by print HTML, for WeasyPrint, never by a page


@dataclass(frozen=True)
class PageReads:
    """What a document's pages read of its organisation's other documents (``read``:
    ``rendering.view``'s record), and the digest of that and of all else the pages are
    made from (``digest``): while it is the same, so are the pages."""

    read: tuple[str, ...] = ()
    digest: str = ""

    @classmethod
    def of(cls, entry: dict[str, Any]) -> PageReads:
        """What a manifest entry says its pages read; nothing, where it says nothing."""
        read, digest = entry.get("reads"), entry.get("reads_digest")
        if not isinstance(read, list) or not all(isinstance(what, str) for what in read) or not isinstance(digest, str):
            return cls()
        return cls(tuple(read), digest)


@dataclass(frozen=True)
class Output:
    """One file of the build and what the manifest says of it."""

    path: str  # relative to build/
    organisation: str
    document: str
    type: str
    lang: str
    format: str
    audience: str
    status: str
    content: bytes = field(repr=False)
    digest: str  # of everything the file was made from
    pages: int | None = None  # of a document's PDF
    inputs: str = ""  # of everything its organisation's outputs in its language are made from
    warnings: tuple[LayoutWarning, ...] = ()  # WeasyPrint's, while printing a PDF
    reads: PageReads = PageReads()  # of a document's file: what its pages read

    def entry(self) -> dict[str, Any]:
        """This output as a manifest entry."""
        entry = {
            "path": self.path,
            "organisation": self.organisation,
            "document": self.document,
            "type": self.type,
            "lang": self.lang,
            "format": self.format,
            "audience": self.audience,
            "status": self.status,
            "sha256": hashlib.sha256(self.content).hexdigest(),
            "bytes": len(self.content),
            "digest": self.digest,
        }
        if self.pages is not None:
            entry["pages"] = self.pages
        if self.inputs:
            entry["inputs"] = self.inputs
        if self.reads.digest:
            entry["reads"], entry["reads_digest"] = list(self.reads.read), self.reads.digest
        if self.warnings:  # kept, so that a PDF kept by the next build still reports them
            entry["warnings"] = [{"message": w.message, "missing": w.missing} if w.missing else {"message": w.message} for w in self.warnings]
        return entry


def _entries(out: Path) -> list[dict[str, Any]]:
    """The manifest's entries; none if there is no manifest that can be read."""
    try:
        entries = json.loads((out / MANIFEST).read_text(encoding="utf-8"))["outputs"]
    except (OSError, ValueError, KeyError, TypeError):
        return []
    return [e for e in entries if isinstance(e, dict) and isinstance(e.get("path"), str)] if isinstance(entries, list) else []


def last_outputs(out: Path, audience: str) -> dict[str, dict[str, Any]]:
    """The manifest entries of an audience's last run, by path."""
    return {e["path"]: e for e in _entries(out) if e.get("audience") == audience}


def outputs_by_digest(out: Path) -> dict[str, dict[str, Any]]:
    """The manifest entries of every audience by digest: a public PDF made from the
    same HTML as an internal one is the same file."""
    return {e["digest"]: e for e in _entries(out) if isinstance(e.get("digest"), str)}


def unchanged(out: Path, entry: dict[str, Any] | None, digest: str) -> bytes | None:
    """The file ``entry`` lists, if it was made from ``digest`` and is still as written."""
    if entry is None or entry.get("digest") != digest:
        return None
    try:
        content = (out / entry["path"]).read_bytes()
    except OSError:
        return None
    return content if hashlib.sha256(content).hexdigest() == entry.get("sha256") else None


def _places(project: Project, audience: str) -> tuple[Path, Path, Path]:
    """Where an audience is staged, where it stands, and where the last one waits during the swap."""
    out = project.output
    return out / f".{audience}.new", out / audience, out / f".{audience}.old"


def recover(project: Project, audience: str) -> None:
    """Undo what an interrupted run left: a half-staged set goes, and a last good
    set moved aside for a swap that never finished comes back."""
    staging, final, old = _places(project, audience)
    shutil.rmtree(staging, ignore_errors=True)
    if old.is_dir() and not final.exists():
        old.rename(final)
    shutil.rmtree(old, ignore_errors=True)


def kept_outputs(out: Path, audience: str) -> list[Output]:
    """The outputs of an audience's last run, as the manifest lists them."""
    return [
        _output(out, e) for e in last_outputs(out, audience).values()
    ]


def _output(out: Path, e: dict[str, Any], content: bytes | None = None) -> Output:
    """The output a manifest entry lists, with its file's content."""
    content = (out / e["path"]).read_bytes() if content is None else content
    return Output(
        e["path"], e["organisation"], e["document"], e["type"], e["lang"], e["format"], e["audience"], e["status"],
        content, e["digest"], e.get("pages"), e.get("inputs", ""), warnings_of(e), PageReads.of(e),
    )


def warnings_of(entry: dict[str, Any] | None) -> tuple[LayoutWarning, ...]:
    """The warnings a manifest entry keeps of the printing of its PDF."""
    listed = (entry or {}).get("warnings")
    if not isinstance(listed, list):
        return ()
    return tuple(LayoutWarning(w["message"], str(w.get("missing", ""))) for w in listed if isinstance(w, dict) and isinstance(w.get("message"), str))


def kept_organisation(out: Path, entries: list[dict[str, Any]], inputs: str) -> list[Output] | None:
    """The outputs ``entries`` list, if all were made from ``inputs`` and are still as written."""
    if not entries or any(e.get("inputs") != inputs for e in entries):
        return None
    kept = []
    for e in entries:
        content = unchanged(out, e, e["digest"])
        if content is None:
            return None
        kept.append(_output(out, e, content))
    return kept


def unselected(out: Path, audience: str, left: Callable[[str], bool]) -> tuple[list[Output], dict[str, bytes]]:
    """The outputs of an audience's last run of each organisation to be ``left`` as it
    was (by folder name), the other files of its folder (its index page, its calendar),
    and the site's index pages, by path within the audience, as they are on disk; the
    run's own pages replace the index pages in the languages it makes, and the others
    stay for the pages left to link to. An organisation any of whose outputs is not as
    written is not left: the next run that reads it makes it again."""
    listed: dict[str, list[dict[str, Any]]] = {}
    for entry in last_outputs(out, audience).values():
        if isinstance(entry.get("organisation"), str) and left(entry["organisation"]):
            listed.setdefault(entry["organisation"], []).append(entry)
    outputs, files = [], {}
    if listed:
        files = {page.name: page.read_bytes() for page in sorted((out / audience).glob("*.html")) if page.is_file()}
    for slug, entries in listed.items():
        contents = [unchanged(out, entry, entry["digest"]) for entry in entries]
        if any(content is None for content in contents):
            continue
        outputs += [_output(out, entry, content) for entry, content in zip(entries, contents)]
        paths = {entry["path"] for entry in entries}
        for file in sorted((out / audience / slug).rglob("*")):
            path = file.relative_to(out).as_posix()
            if file.is_file() and path not in paths:
                files[path.removeprefix(f"{audience}/")] = file.read_bytes()
    return outputs, files


def assets(project: Project) -> dict[str, bytes]:
    """The stylesheets and scripts the pages link, by their path in an audience's
    folder: all but print.css, which only WeasyPrint reads, from templates/assets."""
    found = sorted([*project.assets.glob("*.css"), *project.assets.glob("*.js")])
    return {f"assets/{asset.name}": asset.read_bytes() for asset in found if asset.name != PRINT_STYLESHEET}


def write_audience(project: Project, audience: str, outputs: list[Output], pages: dict[str, bytes]) -> dict[str, bytes]:
    """Stage every file of an audience beside build/<audience>, swap it in, then
    write the manifest; ``pages`` are other files, by path within the audience.
    Every file written, by path within build/."""
    out = project.output
    staging, final, old = _places(project, audience)
    recover(project, audience)
    files = {o.path.removeprefix(f"{audience}/"): o.content for o in outputs} | pages | assets(project)
    for rel, content in files.items():
        target = staging / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    if final.exists():
        final.rename(old)
    staging.rename(final)
    shutil.rmtree(old, ignore_errors=True)
    _write_manifest(out, audience, [o.entry() for o in outputs])
    return {f"{audience}/{rel}": content for rel, content in files.items()}


def _write_manifest(out: Path, audience: str, entries: list[dict[str, Any]]) -> None:
    """The manifest, keeping the entries of other audiences that are still on disk."""
    kept = [e for e in _entries(out) if e.get("audience") != audience and (out / e["path"]).is_file()]
    body = {"generator": f"govpack {__version__}", "outputs": sorted(kept + entries, key=lambda e: e["path"])}
    temporary = out / f".{MANIFEST}.new"
    temporary.write_text(json.dumps(body, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(temporary, out / MANIFEST)
