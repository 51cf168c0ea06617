"""Build: check everything, render and print everything, then write it all at once.

Like Pelican's run, all reading and checking comes first; nothing is written
unless the whole build succeeds. Outputs are staged in a sibling folder and
swapped into place, so a failed build leaves the previous one as it was.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Collection

from ._version import __version__
from .assemble import Document, Organisation
from .check import check
from .errors import ERROR, WARNING, Finding, FindingsError, has_errors, strictly
from .pdf import Layout, PdfError, Printer
from .project import Project
from .render import INTERNAL, PRINT, SCREEN, Renderer, filename

BUILT_LANGUAGES = ("en",)


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

    def entry(self) -> dict[str, Any]:
        """This output as a manifest entry."""
        return {
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
        }


@dataclass
class BuildResult:
    """What a build wrote, and the warnings it passed over."""

    outputs: list[Output]
    findings: list[Finding]


def checked(project: Project, strict: bool) -> tuple[list[Organisation], list[Finding]]:
    """What a build or publication starts from: the organisations and the warnings
    passed over; a FindingsError if any finding is an error (every warning, if strict)."""
    organisations, findings = check(project)
    findings += _language_warnings(organisations)
    if strict:
        findings = strictly(findings)
    if has_errors(findings):
        raise FindingsError(findings)
    return organisations, sorted(findings)


def build(project: Project, strict: bool = False, only: Collection[str] | None = None) -> BuildResult:
    """Check, render and write the internal audience of every organisation.

    With ``only``, the organisations it names are rendered again and the others'
    documents are taken from the last build, which the caller knows they match
    (``invoke serve``, when nothing but those organisations' own files changed).
    Everything is still checked, and everything is written again.
    """
    recover(project, INTERNAL)
    organisations, findings = checked(project, strict)
    renderer = Renderer(project.templates)
    printer = Printer(project.assets, source_date_epoch(project))
    previous = _previous_outputs(project) if only is not None else {}
    outputs: list[Output] = []
    pages: dict[str, bytes] = {}
    failures: list[Finding] = []
    for org in organisations:
        for lang in BUILT_LANGUAGES:
            kept = previous.get((org.slug, lang))
            if only is not None and org.slug not in only and kept:
                org_outputs, org_failures = kept, []
            else:
                org_outputs, org_failures = _organisation(renderer, printer, org, lang)
            outputs += org_outputs
            failures += org_failures
            if not org_failures:
                sizes = {Path(o.path).name: len(o.content) for o in org_outputs}
                pages[f"{org.slug}/index.html"] = renderer.organisation_index(org, lang, sizes).encode()
    if failures:
        raise FindingsError(findings + failures)
    pages["index.html"] = renderer.site_index(organisations, BUILT_LANGUAGES[0]).encode()
    write_audience(project, INTERNAL, outputs, pages)
    return BuildResult(outputs, sorted(findings))


# When the sources are not in git: a fixed moment, so that builds still agree.
_EPOCH_WITHOUT_GIT = 315532800  # 1980-01-01, the earliest date a zip file can hold


def source_date_epoch(project: Project) -> int:
    """The time of the content's last commit, to stamp where a timestamp cannot be
    avoided (fonts subset without HarfBuzz): the same sources, the same bytes."""
    try:
        done = subprocess.run(
            ["git", "log", "-1", "--format=%ct", "--", "."], cwd=project.content, capture_output=True, text=True, timeout=30
        )
        return int(done.stdout.strip())
    except (OSError, ValueError, subprocess.SubprocessError):
        return _EPOCH_WITHOUT_GIT


def _previous_outputs(project: Project) -> dict[tuple[str, str], list[Output]]:
    """The last build's outputs by organisation and language, if all of them are still there."""
    try:
        entries = json.loads((project.output / "manifest.json").read_text(encoding="utf-8"))["outputs"]
        found: dict[tuple[str, str], list[Output]] = {}
        for e in entries:
            if e["audience"] == INTERNAL:
                content = (project.output / e["path"]).read_bytes()
                output = Output(e["path"], e["organisation"], e["document"], e["type"], e["lang"], e["format"], INTERNAL, e["status"], content)
                found.setdefault((e["organisation"], e["lang"]), []).append(output)
        return found
    except (OSError, ValueError, KeyError, TypeError):
        return {}  # no usable last build: render everything


def _language_warnings(organisations: list[Organisation]) -> list[Finding]:
    findings = []
    for org in organisations:
        languages = org.data.get("languages") or []
        for index, lang in enumerate(languages):
            if lang not in BUILT_LANGUAGES:
                findings.append(org.source.finding(("languages", index), f'outputs in "{lang}" are not built yet; only English is', "language-not-built", WARNING))
    return findings


def _organisation(renderer: Renderer, printer: Printer, org: Organisation, lang: str) -> tuple[list[Output], list[Finding]]:
    outputs: list[Output] = []
    failures: list[Finding] = []
    laid_out = []
    for doc in org.documents:
        try:
            layout, html, pdf = render_document(renderer, printer, org, doc, lang)
        except PdfError as exc:
            failures.append(Finding(doc.source.path, 1, 1, ERROR, f"the PDF could not be made: {exc}", "pdf-render"))
            continue
        if doc.control["status"] != "superseded":  # the pack is the governance in force
            laid_out.append((doc, layout))
        outputs.append(document_output(org, doc, lang, "html", html, INTERNAL))
        outputs.append(document_output(org, doc, lang, "pdf", pdf, INTERNAL))
    if failures:
        return outputs, failures

    def front(counts: list[int]) -> str:
        return renderer.pack_front(org, _contents([d for d, _ in laid_out], counts), lang)

    try:
        pack = printer.pack(front, [layout for _, layout in laid_out], f"{org.source.path} (pack)")
    except PdfError as exc:
        return outputs, [Finding(org.source.path, 1, 1, ERROR, f"the pack PDF could not be made: {exc}", "pdf-render")]
    statuses = {doc.control["status"] for doc, _ in laid_out}
    status = "approved" if statuses == {"approved"} else "draft"
    path = f"{INTERNAL}/{org.slug}/{filename('pack', lang, 'pdf')}"
    outputs.append(Output(path, org.slug, "pack", "pack", lang, "pdf", INTERNAL, status, pack))
    return outputs, []


def render_document(renderer: Renderer, printer: Printer, org: Organisation, doc: Document, lang: str, audience: str = INTERNAL) -> tuple[Layout, bytes, bytes]:
    """One document's print layout, PDF and screen HTML; a PdfError if the PDF fails."""
    layout = printer.layout(renderer.document(org, doc, lang, PRINT, audience), doc.source.path)
    pdf = printer.write(layout, doc.source.path)
    return layout, renderer.document(org, doc, lang, SCREEN, audience).encode(), pdf


def _contents(documents: list[Document], counts: list[int]) -> list[tuple[Document, int]]:
    """Each document with the pack page it starts on, after a cover and a contents page."""
    start, contents = 3, []
    for doc, count in zip(documents, counts, strict=True):
        contents.append((doc, start))
        start += count
    return contents


def document_output(org: Organisation, doc: Document, lang: str, fmt: str, content: bytes, audience: str) -> Output:
    """One format of one document, as written under build/<audience>/<organisation>/."""
    path = f"{audience}/{org.slug}/{filename(doc.slug, lang, fmt)}"
    return Output(path, org.slug, doc.slug, doc.type, lang, fmt, audience, doc.control["status"], content)


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


def write_audience(project: Project, audience: str, outputs: list[Output], pages: dict[str, bytes]) -> None:
    """Stage every file of an audience beside build/<audience>, swap it in, then
    write the manifest; ``pages`` are other files, by path within the audience."""
    out = project.output
    staging, final, old = _places(project, audience)
    recover(project, audience)
    files = {o.path.removeprefix(f"{audience}/"): o.content for o in outputs} | pages
    for asset in sorted(project.assets.glob("*.css")):
        files[f"assets/{asset.name}"] = asset.read_bytes()
    for rel, content in files.items():
        target = staging / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    if final.exists():
        final.rename(old)
    staging.rename(final)
    shutil.rmtree(old, ignore_errors=True)
    _write_manifest(out, audience, [o.entry() for o in outputs])


def _write_manifest(out: Path, audience: str, entries: list[dict[str, Any]]) -> None:
    """The manifest, keeping the entries of other audiences that are still on disk."""
    manifest = out / "manifest.json"
    kept = []
    if manifest.exists():
        previous = json.loads(manifest.read_text(encoding="utf-8")).get("outputs", [])
        kept = [e for e in previous if e.get("audience") != audience and (out / e["path"]).is_file()]
    body = {"generator": f"govpack {__version__}", "outputs": sorted(kept + entries, key=lambda e: e["path"])}
    temporary = out / ".manifest.json.new"
    temporary.write_text(json.dumps(body, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(temporary, manifest)
