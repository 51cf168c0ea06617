"""Produce: every output of an audience, made again only where its inputs changed.

Screen and print HTML are rendered for every document on every run: that is
cheap, and the print HTML holds everything a PDF is made from on the content
side (merged data, defaults, organisation file, templates, catalogues,
schemas' labels). A PDF's digest is that HTML's and the toolchain's (see
``toolchain``); a PDF whose digest is the one the manifest lists is kept. A
pack's digest is its front matter's and its documents' PDFs'. What is left is
printed on every core (presses.py), documents first, then the packs, which join
the documents' PDFs behind a cover and contents without laying them out again.
"""

from __future__ import annotations

import hashlib
import subprocess
import unicodedata
from collections.abc import Callable
from concurrent.futures import Future, as_completed
from dataclasses import dataclass, field, replace
from importlib import metadata
from pathlib import Path

from .assemble import Document, Organisation
from .cache import code_digest, folder_digest
from .errors import ERROR, WARNING, Finding
from .output import Output, kept_organisation, last_outputs, outputs_by_digest, unchanged, warnings_of
from .pdf import PdfError, Printer, harfbuzz_subsets
from .presses import Presses, Printed
from .project import Project
from .render import PRINT, SCREEN, Renderer, filename, languages

Progress = Callable[[int, int], None]  # (printed so far, to print in all)


@dataclass
class Produced:
    """An audience's outputs, the documents that could not be printed, what printing
    warned of, and a tally."""

    outputs: list[Output] = field(default_factory=list)
    failures: list[Finding] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)  # WeasyPrint's, at the content they are about
    rendered: int = 0
    unchanged: int = 0
    removed: int = 0

    def summary(self, seconds: float) -> str:
        return f"{self.rendered} rendered, {self.unchanged} unchanged, {self.removed} removed in {seconds:.1f} s"


def produce(
    project: Project,
    renderer: Renderer,
    printer: Printer,
    tools: bytes,
    organisations: list[Organisation],
    audience: str,
    *,
    packs: bool,
    jobs: int,
    force: bool = False,
    progress: Progress | None = None,
) -> Produced:
    """The outputs of ``audience`` for ``organisations``: each document's HTML and
    PDF and, with ``packs``, each organisation's pack; with ``force``, all printed again.
    ``tools`` is the ``toolchain`` digest for ``printer``."""
    run = _Run(project, audience, tools, force, progress)
    templates = folder_digest(project.templates)
    # An organisation made from the same inputs as last time keeps its outputs, unrendered.
    todo = [(org, lang) for org in organisations for lang in languages(org) if not run.keep_organisation(org, lang, templates)]
    with Presses(printer, jobs) as presses:
        documents = [(org, lang, doc, run.document(presses, renderer, org, doc, lang)) for org, lang in todo for doc in org.documents]
        printed = run.wait([future for *_, future in documents])
        for org, lang, doc, future in documents:
            if future in printed:
                run.add(_document_output(org, doc, lang, "pdf", printed[future], audience, run.digests[future]), future not in run.printing)
            else:
                run.fail(doc.source.path, f"the PDF could not be made: {run.errors[future]}")
        if packs:
            pack_futures = [run.pack(presses, renderer, org, lang, documents) for org, lang in todo]
            run.wait([future for future in pack_futures if future is not None])
            for future in pack_futures:
                if future is not None:
                    run.finish_pack(future, presses, renderer)
    produced = run.produced()
    produced.warnings = layout_findings(organisations, produced.outputs)
    return produced


# When the sources are not in git: a fixed moment, so that builds still agree.
_EPOCH_WITHOUT_GIT = 315532800  # 1980-01-01, the earliest date a zip file can hold


def source_date_epoch(project: Project) -> int:
    """The time of the content's last commit, to stamp where a timestamp cannot be
    avoided (fonts subset without HarfBuzz): the same sources, the same bytes."""
    try:
        done = subprocess.run(
            ["git", "log", "-1", "--format=%ct", "--", "."], cwd=project.content, capture_output=True, text=True, timeout=30, check=False
        )
        return int(done.stdout.strip())
    except (OSError, ValueError, subprocess.SubprocessError):
        return _EPOCH_WITHOUT_GIT


def toolchain(project: Project, epoch: int) -> bytes:
    """A digest of what a PDF is made with besides its HTML: govpack, WeasyPrint and
    the libraries it writes with, the stylesheets and other assets, the fonts
    fontconfig offers, and, where fontTools rather than HarfBuzz subsets fonts, the
    timestamp it stamps them with."""
    digest = hashlib.sha256(code_digest())
    for package in ("weasyprint", "pydyf", "fonttools", "pikepdf"):
        digest.update(f"{package} {metadata.version(package)}\n".encode())
    for asset in sorted(p for p in project.assets.rglob("*") if p.is_file()):
        digest.update(f"{asset.relative_to(project.assets).as_posix()}\n".encode() + asset.read_bytes())
    digest.update(_fonts())
    if not harfbuzz_subsets():
        digest.update(f"fonts stamped {epoch}\n".encode())
    return digest.digest()


def _fonts() -> bytes:
    """The font files fontconfig offers, each with its size and time."""
    try:
        listed = subprocess.run(["fc-list", "--format", "%{file}\n"], capture_output=True, text=True, timeout=30, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return b"no fontconfig\n"
    lines = []
    for name in sorted(set(listed.splitlines())):
        try:
            stat = Path(name).stat()
        except OSError:
            continue
        lines.append(f"{name} {stat.st_size} {stat.st_mtime_ns}\n")
    return "".join(lines).encode()


def _digest(*parts: bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()


def _done(value: object) -> Future:
    future: Future = Future()
    future.set_result(value)
    return future


def _document_output(org: Organisation, doc: Document, lang: str, fmt: str, made: bytes | Printed, audience: str, digest: str) -> Output:
    path = f"{audience}/{org.slug}/{filename(doc.slug, lang, fmt)}"
    content, pages, warnings = (made.pdf, made.pages, made.warnings) if isinstance(made, Printed) else (made, None, ())
    return Output(path, org.slug, doc.slug, doc.type, lang, fmt, audience, doc.control["status"], content, digest, pages, warnings=warnings)


_ANOTHER_WAY = 'Write it another way, or install a font that has it (see "Fonts and layout" in govpack\'s README)'


def layout_findings(organisations: list[Organisation], outputs: list[Output]) -> list[Finding]:
    """What WeasyPrint warned of while printing ``outputs``, as findings at the content:
    a character that no font has (rule ``missing-glyph``) where the document or the
    organisation file first has it, any other warning (``pdf-warning``) at the file."""
    sources = {(org.slug, doc.slug): doc.source for org in organisations for doc in org.documents}
    sources |= {(org.slug, "pack"): org.source for org in organisations}
    findings = []
    for output in outputs:
        source = sources.get((output.organisation, output.document))
        if source is None or not output.warnings:
            continue
        name = Path(output.path).name
        for warning in output.warnings:
            if not warning.missing:
                findings.append(Finding(source.path, 1, 1, WARNING, f"{name}: WeasyPrint warned while printing it: {warning.message}", "pdf-warning"))
                continue
            where = next((found for span in source.spans.values() if (found := span.find(warning.missing))), None)
            path, line, col = (where.path, where.line, where.col) if where else (source.path, 1, 1)
            message = f"{name} shows an empty box for {_character(warning.missing)}: no font installed has it. {_ANOTHER_WAY}"
            findings.append(Finding(path, line, col, WARNING, message, "missing-glyph"))
    return sorted(set(findings))


def _character(char: str) -> str:
    """A character as a person can find it again: ``"ਸ" (U+0A38 GURMUKHI LETTER SA)``;
    one that shows nothing, by its code point and what it is."""
    if unicodedata.category(char) == "Co":  # where Word's Symbol and Wingdings fonts put their bullets
        return f"U+{ord(char):04X} (a private-use character, often a bullet or symbol pasted from Word)"
    name = unicodedata.name(char, "")
    if not name:
        return f"U+{ord(char):04X} (not a character Unicode assigns)"
    return f'"{char}" (U+{ord(char):04X} {name})'


# The pages of a pack's cover and contents, until the contents need more than one.
FRONT_PAGES = 2


def _contents(documents: list[Document], counts: list[int], front_pages: int = FRONT_PAGES) -> list[tuple[Document, int]]:
    """Each document with the pack page it starts on, after the front matter."""
    start, contents = front_pages + 1, []
    for doc, count in zip(documents, counts, strict=True):
        contents.append((doc, start))
        start += count
    return contents


class _Run:
    """One audience's outputs as they are made: what is kept, what is printed, the tally."""

    def __init__(self, project: Project, audience: str, tools: bytes, force: bool, progress: Progress | None) -> None:
        self.project, self.audience, self.tools, self.force, self.progress = project, audience, tools, force, progress
        self.last = last_outputs(project.output, audience)  # what the last run of this audience made
        self.made = {} if force else outputs_by_digest(project.output)  # what may be kept, by digest
        self.result = Produced()
        self.digests: dict[Future, str] = {}
        self.errors: dict[Future, PdfError] = {}
        self.printing: set[Future] = set()  # sent to the presses, not kept
        self.packs: dict[Future, tuple[Organisation, Output]] = {}
        self.inputs: dict[tuple[str, str], str] = {}  # by organisation and language

    def keep_organisation(self, org: Organisation, lang: str, templates: bytes) -> bool:
        """Whether the organisation's outputs in ``lang`` are kept from the last run, as
        made from the same inputs: its content (``org.digest``), the templates and the
        toolchain. Records those inputs for the outputs made anew either way."""
        inputs = hashlib.sha256(f"{org.digest}\n{self.audience}\n{lang}\n".encode() + templates + self.tools).hexdigest()
        self.inputs[org.slug, lang] = inputs
        entries = [e for e in self.last.values() if (e.get("organisation"), e.get("lang")) == (org.slug, lang)]
        kept = None if self.force or not org.digest else kept_organisation(self.project.output, entries, inputs)
        for output in kept or []:
            self.add(output, kept=True)
        return kept is not None

    def add(self, output: Output, kept: bool) -> None:
        """One output, ``kept`` from the last run or made anew."""
        self.result.outputs.append(replace(output, inputs=self.inputs.get((output.organisation, output.lang), "")))
        if kept:
            self.result.unchanged += 1
        else:
            self.result.rendered += 1

    def fail(self, path: str, message: str) -> None:
        self.result.failures.append(Finding(path, 1, 1, ERROR, message, "pdf-render"))

    def document(self, presses: Presses, renderer: Renderer, org: Organisation, doc: Document, lang: str) -> Future:
        """The document's screen HTML, added; a future of its PDF, kept or to be printed."""
        screen = renderer.document(org, doc, lang, SCREEN, self.audience).encode()
        html_digest = _digest(screen)
        same = not self.force and self.last.get(f"{self.audience}/{org.slug}/{filename(doc.slug, lang, 'html')}", {}).get("digest") == html_digest
        self.add(_document_output(org, doc, lang, "html", screen, self.audience, html_digest), kept=same)
        html = renderer.document(org, doc, lang, PRINT, self.audience)
        digest = _digest(self.tools, html.encode())
        # Any file made from the same: this one's last run, or the other audience's.
        entry = self.made.get(digest)
        kept = unchanged(self.project.output, entry, digest)
        if kept is not None and isinstance(entry.get("pages"), int):
            future = _done(Printed(kept, entry["pages"], warnings_of(entry)))
        else:
            future = self._printing(presses.document(html, doc.source.path))
        self.digests[future] = digest
        return future

    def pack(self, presses: Presses, renderer: Renderer, org: Organisation, lang: str, documents: list) -> Future | None:
        """A future of the organisation's pack, kept or to be printed; None if one of
        its documents could not be printed, or it has none to hold."""
        own = [(doc, future) for o, l, doc, future in documents if o is org and l == lang]
        if any(future in self.errors for _, future in own):
            return None
        members = [(doc, future.result()) for doc, future in own if doc.control["status"] != "superseded"]
        if not members:
            return None
        front, numbers = self._front(renderer, org, lang, members, FRONT_PAGES)
        digest = _digest(self.tools, front.encode(), numbers.encode(), *(p.pdf for _, p in members))
        path = f"{self.audience}/{org.slug}/{filename('pack', lang, 'pdf')}"
        kept = unchanged(self.project.output, self.made.get(digest), digest)
        if kept is not None:
            future = _done(Printed(kept, FRONT_PAGES, warnings_of(self.made.get(digest))))
        else:
            future = self._printing(presses.pack(front, numbers, [p.pdf for _, p in members], f"{org.source.path} (pack)"))
        status = "approved" if {doc.control["status"] for doc, _ in members} == {"approved"} else "draft"
        self.packs[future] = (org, lang, members, Output(path, org.slug, "pack", "pack", lang, "pdf", self.audience, status, b"", digest))
        return future

    def _front(self, renderer: Renderer, org: Organisation, lang: str, members: list, front_pages: int) -> tuple[str, str]:
        """The print HTML of a pack's front matter, and of its page numbers."""
        counts = [p.pages for _, p in members]
        front = renderer.pack_front(org, _contents([doc for doc, _ in members], counts, front_pages), lang)
        # The first page of the front matter and of each document is a cover.
        covers = [page == 0 for count in [front_pages, *counts] for page in range(count)]
        return front, renderer.pack_numbers(org, covers, lang)

    def finish_pack(self, future: Future, presses: Presses, renderer: Renderer) -> None:
        org, lang, members, output = self.packs[future]
        if future in self.errors:
            self.fail(org.source.path, f"the pack PDF could not be made: {self.errors[future]}")
            return
        printed, assumed = future.result(), FRONT_PAGES
        # A long contents takes more pages than assumed, which moves every document: the
        # front matter is printed again, numbered from where the documents really start.
        for _ in range(3):  # page numbers cannot lengthen the contents by more
            if printed.pages == assumed:
                break
            assumed = printed.pages
            front, numbers = self._front(renderer, org, lang, members, assumed)
            try:
                printed = presses.pack(front, numbers, [p.pdf for _, p in members], f"{org.source.path} (pack)").result()
            except PdfError as exc:
                self.fail(org.source.path, f"the pack PDF could not be made: {exc}")
                return
        self.add(replace(output, content=printed.pdf, warnings=printed.warnings), future not in self.printing)

    def _printing(self, future: Future) -> Future:
        self.printing.add(future)
        self._report()
        return future

    def wait(self, futures: list[Future]) -> dict[Future, object]:
        """The results of ``futures`` as they come; failures are kept in ``errors``."""
        results: dict[Future, object] = {}
        for future in as_completed(futures):
            try:
                results[future] = future.result()
            except PdfError as exc:
                self.errors[future] = exc
            if future in self.printing:
                self._report()
        return results

    def _report(self) -> None:
        if self.progress is not None:
            self.progress(sum(f.done() for f in self.printing), len(self.printing))

    def produced(self) -> Produced:
        """The outputs in path order, and how many the last run had that this one has not."""
        self.result.outputs.sort(key=lambda o: o.path)
        self.result.removed = len(set(self.last) - {o.path for o in self.result.outputs})
        return self.result
