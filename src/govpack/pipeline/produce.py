"""Produce: every output of an audience, made again only where its inputs changed.

Each document of an organisation whose inputs changed is rendered for every medium
its writers write from, unless what its pages read is as it was when this audience
last rendered them (``PageReads``: its own document, the organisation file, the other
documents the pages showed something of, and the templates and toolchain); the
rendered HTML holds everything a file is made from on the content side (merged data,
defaults, organisation file, templates, catalogues, labels). A file's digest is that
HTML's and its writer's fingerprint (see ``writing.writer``); a file whose digest the
manifest lists, still as written, is kept, whichever audience made it. A pack's digest is its front matter's and its
documents' PDFs'. What is left is written by the writers, on every core for those
that are worth it (``writing.pool``): documents, and each pack (an organisation's,
and one for each meeting still to be held: ``rendering.packs``) as soon as the PDFs
it joins behind its front matter are made, without laying them out again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from concurrent.futures import Future, as_completed
from dataclasses import dataclass, field, replace

from govpack.errors import ERROR, Finding, GovpackError
from govpack.fingerprints import Fingerprints, file_digest
from govpack.pipeline.layout import layout_findings
from govpack.pipeline.manifest import Output, PageReads, kept_organisation, last_outputs, outputs_by_digest, unchanged, warnings_of
from govpack.project import Project
from govpack.reading.assemble import Document, Organisation
from govpack.reading.texts import languages
from govpack.rendering.names import filename
from govpack.rendering.packs import Pack, packs
from govpack.rendering.render import Renderer
from govpack.writing.pdf import PackWriter, PdfWriter, source_date_epoch
from govpack.writing.pool import Pool
from govpack.writing.word import DocxWriter
from govpack.writing.writer import HtmlWriter, Writer, Written

Progress = Callable[[int, int], None]  # (printed so far, to print in all)
# The audience's web pages by path within its folder, once all are rendered and before
# any other file is written: what a live preview can show while PDFs are printed.
PagesRendered = Callable[[dict[str, bytes]], None]
# A document's rendering for one writer: the writer, the HTML it writes from, and the
# digest of the file it would make.
Rendering = tuple[Writer, str, str]


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
    others: int = 0  # organisations the run did not read, whose files were left as they were

    def summary(self, seconds: float) -> str:
        left = f"; {self.others} other organisation(s) left as the last build made them" if self.others else ""
        return f"{self.rendered} rendered, {self.unchanged} unchanged, {self.removed} removed in {seconds:.1f} s{left}"

    def leaving(self, others: list[Output]) -> None:
        """Count ``others``, the last run's outputs of organisations this run did not
        read, as left as they were, not removed."""
        self.removed -= len(others)
        self.others += len({output.organisation for output in others})


@dataclass(frozen=True)
class Writers:
    """The writers of an audience's files: one per format for each document, and the
    pack's, which joins the files of the format it names (``joins``), if there are packs."""

    documents: tuple[Writer, ...]
    pack: PackWriter | None = None

    @classmethod
    def standard(cls, project: Project) -> Writers:
        """Each document as a web page and as a PDF, and the packs joined from the PDFs."""
        pdf = PdfWriter.made_with(project.assets, source_date_epoch(project.content))
        return cls((HtmlWriter(), pdf), PackWriter(pdf, project.cache / "page-numbers"))

    @classmethod
    def members(cls, project: Project) -> Writers:
        """The standard writers, and each document as a Word file for a comment round:
        the members' set only (a draft goes round in Word; the public read the PDF)."""
        standard = cls.standard(project)
        return cls((*standard.documents, DocxWriter()), standard.pack)

    def fingerprint(self) -> bytes:
        """A digest of every writer's fingerprint."""
        digest = hashlib.sha256()
        for writer in (*self.documents, *([self.pack] if self.pack else [])):
            digest.update(hashlib.sha256(writer.fingerprint()).digest())
        return digest.digest()


def produce(
    project: Project,
    fingerprints: Fingerprints,
    renderer: Renderer,
    writers: Writers,
    organisations: list[Organisation],
    audience: str,
    *,
    jobs: int,
    force: bool = False,
    progress: Progress | None = None,
    pages_rendered: PagesRendered | None = None,
) -> Produced:
    """The outputs of ``audience`` for ``organisations``: each document's file of each
    of ``writers``' formats and, if they have a pack writer, each organisation's packs;
    with ``force``, all written again. ``fingerprints``: of what the run read;
    ``pages_rendered`` is given the web pages made anew as soon as they are."""
    run = _Run(project, fingerprints, audience, writers, force, progress)
    # An organisation made from the same inputs as last time keeps its outputs, unrendered.
    todo = [(org, lang) for org in organisations for lang in languages(org) if not run.keep_organisation(org, lang)]
    with Pool(jobs) as pool:
        if pages_rendered is None:  # each document's files begun as soon as it is rendered
            documents = [(org, lang, doc, run.document(pool, renderer, org, doc, lang)) for org, lang in todo for doc in org.documents]
        else:  # a live preview: every page rendered anew is shown before anything is printed
            kept = {(org.slug, lang, doc.slug): run.keep_document(renderer, org, doc, lang) for org, lang in todo for doc in org.documents}
            rendered = [(org, lang, doc, run.render(renderer, org, doc, lang)) for org, lang in todo for doc in org.documents if kept[org.slug, lang, doc.slug] is None]
            pages_rendered(_pages(rendered))
            written = {(org.slug, lang, doc.slug): run.write(pool, doc, made) for org, lang, doc, made in rendered}
            documents = [(org, lang, doc, kept[org.slug, lang, doc.slug] or written[org.slug, lang, doc.slug]) for org, lang in todo for doc in org.documents]
        # Each pack is begun as soon as the files it joins are made, not when every file of
        # its organisation is, so that it is printed beside the documents still to print.
        packs: list[Future] = []
        joining: dict[Future, list[_PackParts]] = {}  # the packs each file is a part of, by its future

        def begin_pack(parts: _PackParts) -> None:
            if not any(future in run.errors for future in parts.futures):  # none of a pack a part of which failed
                packs.append(run.pack(pool, renderer, parts.org, parts.lang, parts.pack, list(zip(parts.pack.documents, [f.result() for f in parts.futures]))))

        def made(future: Future) -> None:
            for parts in joining.get(future, ()):
                parts.left.discard(future)
                if not parts.left:
                    begin_pack(parts)

        for parts in run.pack_parts(renderer, todo, documents):
            for future in parts.left:
                joining.setdefault(future, []).append(parts)
            if not parts.left:
                begin_pack(parts)
        written = run.wait([future for *_, futures in documents for future in futures.values()], made)
        for org, lang, doc, futures in documents:
            for fmt, future in futures.items():
                if future in written:
                    output = _document_output(org, doc, lang, fmt, written[future], audience, run.digests[future])
                    run.add(replace(output, reads=run.page_reads[org.slug, lang, doc.slug]), future not in run.writing)
                else:
                    run.fail(doc.source.path, f"the {fmt.upper()} could not be made: {run.errors[future]}")
        run.wait(packs)
        for future in packs:
            run.finish_pack(future, pool, renderer)
    produced = run.produced()
    produced.warnings = layout_findings(organisations, produced.outputs)
    return produced


@dataclass
class _PackParts:
    """A pack to be written, the futures of the files it joins in order, and those of
    them not yet made."""

    org: Organisation
    lang: str
    pack: Pack
    futures: list[Future]
    left: set[Future]


def _done(value: object) -> Future:
    future: Future = Future()
    future.set_result(value)
    return future


def _pages(rendered: list[tuple[Organisation, str, Document, list[Rendering]]]) -> dict[str, bytes]:
    """The web pages among ``rendered`` (each document with its renderings, by
    organisation and language), by path within the audience's folder."""
    return {
        f"{org.slug}/{filename(doc.slug, lang, writer.format)}": html.encode()
        for org, lang, doc, renderings in rendered
        for writer, html, _ in renderings
        if writer.format == HtmlWriter.format
    }


def _document_output(org: Organisation, doc: Document, lang: str, fmt: str, made: Written, audience: str, digest: str) -> Output:
    path = f"{audience}/{org.slug}/{filename(doc.slug, lang, fmt)}"
    return Output(path, org.slug, doc.slug, doc.type, lang, fmt, audience, doc.control["status"], made.content, digest, made.pages, warnings=made.warnings)


def _numbers_kept_as(path: str, front_pages: int) -> str:
    """The name a pack's page numbers are kept under: one for each length of front matter
    they are printed for, as a long contents prints them for two (see ``finish_pack``)."""
    return f"{path}.{front_pages}-front-pages"


def _contents(documents: list[Document], counts: list[int], front_pages: int) -> list[tuple[Document, int]]:
    """Each document with the pack page it starts on, after the front matter."""
    start, contents = front_pages + 1, []
    for doc, count in zip(documents, counts, strict=True):
        contents.append((doc, start))
        start += count
    return contents


class _Run:
    """One audience's outputs as they are made: what is kept, what is written, the tally."""

    def __init__(self, project: Project, fingerprints: Fingerprints, audience: str, writers: Writers, force: bool, progress: Progress | None) -> None:
        self.project, self.fingerprints, self.audience, self.writers, self.force, self.progress = project, fingerprints, audience, writers, force, progress
        self.tools = writers.fingerprint()
        self.last = last_outputs(project.output, audience)  # what the last run of this audience made
        self.made = {} if force else outputs_by_digest(project.output)  # what may be kept, by digest
        self.result = Produced()
        self.digests: dict[Future, str] = {}
        self.errors: dict[Future, GovpackError] = {}
        self.writing: set[Future] = set()  # written in this run, not kept
        self.pooled: set[Future] = set()  # of those, the ones whose progress is shown
        self.pending_packs: dict[Future, tuple[Organisation, str, Pack, list[tuple[Document, Written]], Output]] = {}
        self.inputs: dict[tuple[str, str], str] = {}  # by organisation and language
        self.page_reads: dict[tuple[str, str, str], PageReads] = {}  # by organisation, language and document

    def keep_organisation(self, org: Organisation, lang: str) -> bool:
        """Whether the organisation's outputs in ``lang`` are kept from the last run, as
        made from the same inputs (``Fingerprints.outputs``). Records those inputs for
        the outputs made anew either way."""
        inputs = self.fingerprints.outputs(org.slug, self.audience, lang, self.tools)
        self.inputs[org.slug, lang] = inputs or ""
        entries = [e for e in self.last.values() if (e.get("organisation"), e.get("lang")) == (org.slug, lang)]
        kept = None if self.force or inputs is None else kept_organisation(self.project.output, entries, inputs)
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

    def document(self, pool: Pool, renderer: Renderer, org: Organisation, doc: Document, lang: str) -> dict[str, Future]:
        """A future of the document's file of each format, kept or to be written."""
        return self.keep_document(renderer, org, doc, lang) or self.write(pool, doc, self.render(renderer, org, doc, lang))

    def keep_document(self, renderer: Renderer, org: Organisation, doc: Document, lang: str) -> dict[str, Future] | None:
        """A future of the document's file of each format, kept from this audience's last
        run unrendered, where its pages read then what they would read now (``PageReads``)
        and the files are as written; None where it must be rendered."""
        paths = [(writer.format, f"{self.audience}/{org.slug}/{filename(doc.slug, lang, writer.format)}") for writer in self.writers.documents]
        entries = [self.last.get(path) for _, path in paths]
        if self.force or any(entry is None or not PageReads.of(entry).digest for entry in entries):
            return None
        reads = self._page_reads(renderer, org, lang, frozenset(PageReads.of(entries[0]).read))
        futures = {}
        for (fmt, _), entry in zip(paths, entries):
            content = unchanged(self.project.output, entry, entry["digest"]) if PageReads.of(entry) == reads else None
            if content is None:
                return None
            futures[fmt] = _done(Written(content, entry.get("pages"), warnings_of(entry)))
            self.digests[futures[fmt]] = entry["digest"]
        self.page_reads[org.slug, lang, doc.slug] = reads
        return futures

    def render(self, renderer: Renderer, org: Organisation, doc: Document, lang: str) -> list[Rendering]:
        """The document rendered for each writer (once for each medium), with a record
        of what its pages read of the organisation's other documents."""
        renderings, rendered = [], {}
        with renderer.recording() as read:
            for writer in self.writers.documents:
                if writer.medium not in rendered:
                    rendered[writer.medium] = renderer.document(org, doc, lang, writer.medium, self.audience)
                html = rendered[writer.medium]
                renderings.append((writer, html, file_digest(writer.fingerprint(), html.encode())))
        self.page_reads[org.slug, lang, doc.slug] = self._page_reads(renderer, org, lang, frozenset(read))
        return renderings

    def _page_reads(self, renderer: Renderer, org: Organisation, lang: str, read: frozenset[str]) -> PageReads:
        """``read``, and the digest of it now, with all else a page is made from besides
        its organisation's content (``Fingerprints.pages``)."""
        made_from = self.fingerprints.pages(self.audience, lang, self.tools)
        return PageReads(tuple(sorted(read)), file_digest(made_from.encode(), renderer.read_digest(org, lang, read).encode()))

    def write(self, pool: Pool, doc: Document, renderings: list[Rendering]) -> dict[str, Future]:
        """A future of each rendering's file, by format: kept where any file was made from
        the same (this audience's last run, or the other audience's), else to be written."""
        futures = {}
        for writer, html, digest in renderings:
            entry = self.made.get(digest)
            kept = unchanged(self.project.output, entry, digest)
            if kept is not None:
                future = _done(Written(kept, entry.get("pages"), warnings_of(entry)))
            else:
                future = self._writing(pool.write(writer, html, doc.source.path), writer.parallel)
            self.digests[future] = digest
            futures[writer.format] = future
        return futures

    def pack_parts(self, renderer: Renderer, todo: list[tuple[Organisation, str]], documents: list) -> list[_PackParts]:
        """Each pack of the organisations in ``todo`` (``rendering.packs``), in each
        language, with the futures of the files it joins; none if there is no pack
        writer, and none of a pack one of whose documents has no such file."""
        writer = self.writers.pack
        if writer is None:
            return []
        files = {(org.slug, lang, doc.slug): futures.get(writer.joins) for org, lang, doc, futures in documents}
        made = []
        for org, lang in todo:
            for pack in packs(org, renderer.types):
                futures = [files.get((org.slug, lang, doc.slug)) for doc in pack.documents]
                if all(future is not None for future in futures):
                    made.append(_PackParts(org, lang, pack, futures, set(futures)))
        return made

    def pack(self, pool: Pool, renderer: Renderer, org: Organisation, lang: str, pack: Pack, members: list[tuple[Document, Written]]) -> Future:
        writer = self.writers.pack
        front, numbers = self._front(renderer, org, lang, pack, members, pack.front_pages)
        digest = file_digest(writer.fingerprint(), front.encode(), numbers.encode(), *(p.content for _, p in members))
        path = f"{self.audience}/{org.slug}/{filename(pack.slug, lang, writer.joins)}"
        kept = unchanged(self.project.output, self.made.get(digest), digest)
        if kept is not None:
            future = _done(Written(kept, pack.front_pages, warnings_of(self.made.get(digest))))
        else:
            future = self._writing(pool.write(writer, front, numbers, [p.content for _, p in members], f"{org.source.path} ({pack.slug})", _numbers_kept_as(path, pack.front_pages)), writer.parallel)
        self.pending_packs[future] = (org, lang, pack, members, Output(path, org.slug, pack.slug, "pack", lang, writer.joins, self.audience, pack.status, b"", digest))
        return future

    def _front(self, renderer: Renderer, org: Organisation, lang: str, pack: Pack, members: list[tuple[Document, Written]], front_pages: int) -> tuple[str, str]:
        """The print HTML of a pack's front matter, and of its page numbers."""
        counts = [p.pages or 0 for _, p in members]
        front = renderer.pack_front(org, pack, _contents([doc for doc, _ in members], counts, front_pages), lang)
        # The first page of the front matter and of each document is a cover.
        covers = [page == 0 for count in [front_pages, *counts] for page in range(count)]
        return front, renderer.pack_numbers(org, covers, lang)

    def finish_pack(self, future: Future, pool: Pool, renderer: Renderer) -> None:
        """The pack's output, or its failure at the file it is made for (the meeting's record, or the organisation's)."""
        org, lang, pack, members, output = self.pending_packs[future]
        if future in self.errors:
            self.fail((pack.meeting or org).source.path, f"the pack PDF could not be made: {self.errors[future]}")
            return
        written, assumed = future.result(), pack.front_pages
        # A long contents takes more pages than assumed, which moves every document: the
        # front matter is written again, numbered from where the documents really start.
        for _ in range(3):  # page numbers cannot lengthen the contents by more
            if written.pages == assumed:
                break
            assumed = written.pages
            front, numbers = self._front(renderer, org, lang, pack, members, assumed)
            try:
                written = pool.write(self.writers.pack, front, numbers, [p.content for _, p in members], f"{org.source.path} ({pack.slug})", _numbers_kept_as(output.path, assumed)).result()
            except GovpackError as exc:
                self.fail((pack.meeting or org).source.path, f"the pack PDF could not be made: {exc}")
                return
        self.add(replace(output, content=written.content, warnings=written.warnings), future not in self.writing)

    def _writing(self, future: Future, pooled: bool) -> Future:
        self.writing.add(future)
        if pooled:
            self.pooled.add(future)
            self._report()
        return future

    def wait(self, futures: list[Future], made: Callable[[Future], None] | None = None) -> dict[Future, Written]:
        """The results of ``futures`` as they come; failures are kept in ``errors``.
        ``made`` is told of each future as it is taken, failed or not."""
        results: dict[Future, Written] = {}
        for future in as_completed(futures):
            try:
                results[future] = future.result()
            except GovpackError as exc:
                self.errors[future] = exc
            if future in self.pooled:
                self._report()
            if made is not None:
                made(future)
        return results

    def _report(self) -> None:
        if self.progress is not None:
            self.progress(sum(f.done() for f in self.pooled), len(self.pooled))

    def produced(self) -> Produced:
        """The outputs in path order, and how many the last run had that this one has not."""
        self.result.outputs.sort(key=lambda o: o.path)
        self.result.removed = len(set(self.last) - {o.path for o in self.result.outputs})
        return self.result
