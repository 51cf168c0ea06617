"""The PDF writers: print HTML to PDF/UA with WeasyPrint, a file per document, and a
pack per organisation joined from them.

WeasyPrint reads nothing but the project's own assets: the fetcher (fetch.py) refuses
every URL that is not a regular file under templates/assets, and refusing stops
the render. Anything WeasyPrint logs as an error fails the document too, so a
PDF is never quietly missing a stylesheet or an image; what it logs as a warning
(an empty box for a character no font has, CSS it cannot read) is kept with the
PDF, and reported as a finding (pipeline.produce.layout_findings).

Packs are joined from the documents' PDFs (writing/pack.py), not laid out again.
"""

from __future__ import annotations

import ctypes.util
import hashlib
import io
import logging
import os
import re
import subprocess
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Iterator
from urllib.parse import urljoin

if TYPE_CHECKING:
    from weasyprint import CSS, Document

    from govpack.writing.fetch import AssetFetcher

from govpack.errors import PdfError
from govpack.fingerprints import code_digest
from govpack.git import git
from govpack.rendering.names import PRINT
from govpack.writing.writer import Written

__all__ = ["LayoutWarning", "PackWriter", "PdfError", "PdfWriter", "Printer", "harfbuzz_subsets", "source_date_epoch"]


@dataclass(frozen=True)
class LayoutWarning:
    """What WeasyPrint warned of while printing a PDF: its message and, where it printed an
    empty box for a character that no font has (a ``.notdef`` glyph), the character."""

    message: str
    missing: str = ""


class _Collect(logging.Handler):
    """WeasyPrint's log while one PDF is printed: its errors, and its warnings."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.errors: list[str] = []
        self.warnings: list[LayoutWarning] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.ERROR:
            self.errors.append(record.getMessage())
        elif str(record.msg).startswith(".notdef glyph") and record.args:  # a message need not be a str
            # WeasyPrint logs the character and its code point (weasyprint/draw/text.py).
            self.warnings.append(LayoutWarning(record.getMessage(), str(record.args[0])))
        else:
            self.warnings.append(LayoutWarning(record.getMessage()))


@contextmanager
def _weasyprint_log(what: str, warnings: list[LayoutWarning]) -> Iterator[None]:
    """WeasyPrint's logged errors, and refused fetches, as a PdfError; its warnings
    added to ``warnings``."""
    logger = logging.getLogger("weasyprint")
    handler = _Collect()
    logger.addHandler(handler)
    # Warnings reach the handler whatever the logging the program has set up.
    level, logger.level = logger.level, logging.WARNING
    try:
        yield
    except BaseException as exc:  # FatalURLFetchingError is a BaseException
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        cause = exc.__cause__ or exc
        raise PdfError(f"{what}: {cause}") from exc
    finally:
        logger.removeHandler(handler)
        logger.level = level
    if handler.errors:
        raise PdfError(f"{what}: {handler.errors[0]}")
    for warning in handler.warnings:  # WeasyPrint warns of a character each time it prints it
        if warning not in warnings:
            warnings.append(warning)


@dataclass(frozen=True)
class Layout:
    """A laid-out document, a digest of the HTML it was laid out from, and what
    WeasyPrint warned of while laying it out and writing it, each once."""

    document: Document
    digest: bytes
    warnings: list[LayoutWarning]

    @property
    def pages(self) -> list:
        return self.document.pages


# Tagged for assistive technology, with its title shown and its language set (ISO 14289-1).
PDF_VARIANT = "pdf/ua-1"


class _Images(HTMLParser):
    """The images of a page without the text alternative a tagged PDF takes:
    an <img>'s alt, an <svg>'s <title> (which WeasyPrint makes the figure's Alt)."""

    def __init__(self) -> None:
        super().__init__()
        self.without_alt: list[str] = []
        self._svg: bool | None = None  # inside an <svg>: whether it has a title yet

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img" and not dict(attrs).get("alt"):
            self.without_alt.append(dict(attrs).get("src") or "img")
        elif tag == "svg":
            self._svg = False
        elif tag == "title" and self._svg is False:
            self._svg = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg":
            if not self._svg:
                self.without_alt.append("svg")
            self._svg = None


def _accessible(document: Document, html: str, what: str) -> None:
    """A PdfError unless the PDF/UA essentials are there: a title, a language, and
    a text alternative for every image, which WeasyPrint would otherwise pass over."""
    missing = []
    if not (document.metadata.title or "").strip():
        missing.append("a title (<title>)")
    if not document.metadata.lang:
        missing.append('a language (<html lang="...">)')
    images = _Images()
    images.feed(html)
    missing += [f"a text alternative for the image {image}" for image in images.without_alt]
    if missing:
        raise PdfError(f"{what}: an accessible PDF needs {', '.join(missing)}")


def harfbuzz_subsets() -> bool:
    """Whether WeasyPrint can subset fonts with HarfBuzz, fast and without a timestamp,
    rather than with fontTools."""
    return ctypes.util.find_library("harfbuzz-subset") is not None


@contextmanager
def _font_timestamp(epoch: int) -> Iterator[None]:
    """SOURCE_DATE_EPOCH, which fontTools reads when it stamps a font, for one write;
    a value the person running govpack set stands."""
    if "SOURCE_DATE_EPOCH" in os.environ:
        yield
        return
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]


# A stylesheet of a page, linked or written in it, as the templates write them (content's
# Markdown is sanitised and its text escaped, so neither can write one).
_STYLESHEET = re.compile(r'<link rel="stylesheet" href="([^"]*)">|<style>(.*?)</style>', re.S)
# Any stylesheet, however written: one written otherwise (with a media attribute, say) is
# left to WeasyPrint, and then so are all the page's, so that they keep their ranks.
_ANY_STYLESHEET = re.compile(r"<style\b|<link\b[^>]*\bstylesheet\b", re.I)
# Each stylesheet this process has parsed, by its address and text, with what WeasyPrint
# warned of while parsing it: kept by the process, not by a printer, as the pool hands each
# worker a printer of its own for every document. A file edited while served is parsed
# again (its text differs); a few dozen are all a build's pages have.
_PARSED: dict[tuple[str, str | bytes], tuple[CSS | None, tuple[LayoutWarning, ...]]] = {}
# Rules that reach beyond the stylesheet they are in: another file (which an edit while
# served would not renew), or fonts, counters and colour profiles, which WeasyPrint takes
# into the document only from stylesheets it parses for it. A page with one is left to WeasyPrint.
_BEYOND = re.compile(r"@(import|font-face|counter-style|color-profile)\b", re.I)
_PARSED_AT_MOST = 256
# WeasyPrint numbers a list from its start only with presentational hints on, which bring
# a stylesheet of every other hint too (Kozea/WeasyPrint#2003): the one hint is written
# as the rule it stands for. (Every <li> adds one to list-item before it is shown.)
_LIST_START = re.compile(r'<ol start="(-?\d{1,9})"')


@dataclass(frozen=True)
class Printer:
    """Lays out print HTML against the assets folder and writes PDFs.

    The stylesheets of a page are parsed once a process, not once a page:
    parsing them was most of what the print CSS cost beyond laying out the text
    (WeasyPrint's maintainers advise passing parsed stylesheets: Kozea/WeasyPrint#618).
    They are taken out of the page and given to WeasyPrint in the page's order, all
    of them, linked and written: WeasyPrint ranks given stylesheets below the page's
    own (the user's origin), so one left in the page would outrank the rest, and an
    inline page-number rule would print numbers on covers.
    """

    assets: Path
    # Seconds since 1970 to stamp into subset fonts where WeasyPrint subsets them with
    # fontTools (no HarfBuzz subsetter), which would otherwise stamp the time of the run.
    source_date_epoch: int = 0

    def layout(self, html: str, what: str) -> Layout:
        """Lay out one page of print HTML; ``what`` names it in errors. Raises PdfError."""
        # WeasyPrint is imported when the first page is laid out: importing it takes most
        # of a second and needs Pango, and check, explain and new lay out nothing.
        from weasyprint import HTML

        from govpack.writing.fetch import AssetFetcher

        warnings: list[LayoutWarning] = []
        html = _LIST_START.sub(lambda start: f'{start[0]} style="counter-reset: list-item {int(start[1]) - 1}"', html)
        base = self.assets.resolve().as_uri() + "/"
        fetcher = AssetFetcher(self.assets)
        written = _STYLESHEET.findall(html)
        parsed = [_stylesheet(base, href, text, fetcher, what) for href, text in written]
        taken = len(written) == len(_ANY_STYLESHEET.findall(html)) and all(sheet is not None for sheet, _ in parsed)
        stylesheets = [sheet for sheet, _ in parsed] if taken else []
        for _, parsing in parsed if taken else []:
            warnings.extend(warning for warning in parsing if warning not in warnings)
        with _weasyprint_log(what, warnings):
            source = HTML(string=_STYLESHEET.sub("", html) if taken else html, base_url=base, url_fetcher=fetcher)
            document = source.render(stylesheets=stylesheets)
        _accessible(document, html, what)
        return Layout(document, hashlib.sha256(html.encode()).digest(), warnings)

    def write(self, layout: Layout, what: str) -> bytes:
        """The PDF bytes of a laid-out document, the same for the same input."""
        # The file identifier comes from the content, so the same sources give the same bytes.
        identifier = layout.digest.hex()[:32].encode()
        with _weasyprint_log(what, layout.warnings), _font_timestamp(self.source_date_epoch):
            return layout.document.write_pdf(pdf_identifier=identifier, pdf_variant=PDF_VARIANT)


def _stylesheet(base: str, href: str, text: str, fetcher: AssetFetcher, what: str) -> tuple[CSS | None, tuple[LayoutWarning, ...]]:
    """A stylesheet of a page, linked (``href``) or written in it (``text``), parsed once,
    and what WeasyPrint warned of in parsing it; None for one with a rule that reaches
    beyond it (``_BEYOND``). A linked file is read each time (a refused one is a PdfError),
    and decoded as WeasyPrint decodes it (a byte-order mark, @charset)."""
    from weasyprint import CSS

    url = urljoin(base, href) if href else base
    if href:
        with _weasyprint_log(what, []):
            content: str | bytes = fetcher.fetch(url).read()
    else:
        content = text
    if (url, content) not in _PARSED:
        parsing: list[LayoutWarning] = []
        sheet = None
        if not _BEYOND.search(content if isinstance(content, str) else content.decode("utf-8", "replace")):
            source = {"string": content} if isinstance(content, str) else {"file_obj": io.BytesIO(content)}
            with _weasyprint_log(what, parsing):
                sheet = CSS(**source, base_url=url, url_fetcher=fetcher)
        if len(_PARSED) >= _PARSED_AT_MOST:
            _PARSED.clear()
        _PARSED[(url, content)] = (sheet, tuple(parsing))
    return _PARSED[(url, content)]


@dataclass(frozen=True)
class PdfWriter:
    """The PDF of a document, from its print HTML (a ``Writer``)."""

    printer: Printer
    format: str = "pdf"
    medium: str = PRINT
    parallel: bool = True  # WeasyPrint is single-threaded, and laying out is most of a build
    toolchain: bytes = field(default=b"", repr=False)

    @classmethod
    def made_with(cls, assets: Path, epoch: int) -> PdfWriter:
        """A writer printing against ``assets`` (its fingerprint taken once, here)."""
        printer = Printer(assets, epoch)
        return cls(printer, toolchain=_toolchain(printer))

    def fingerprint(self) -> bytes:
        return self.toolchain

    def write(self, html: str, what: str) -> Written:
        layout = self.printer.layout(html, what)
        pdf = self.printer.write(layout, what)
        return Written(pdf, len(layout.pages), tuple(layout.warnings))


@dataclass(frozen=True)
class PackWriter:
    """An organisation's pack: its front matter (cover and contents) printed, then its
    documents' PDFs joined behind it (``pack.combine``) and its page numbers (print
    HTML of a page for each of the pack's) laid over them. The written ``pages`` are
    the front matter's, on which the contents' page numbers depend.

    The page numbers of each pack are kept in ``numbers_kept`` (a folder), under the name
    the pipeline gives (the pack's path and the front matter's length it assumed): they
    change only when a page is added or taken away, so an edit of a word prints them
    again only then (laying them out is a second or so of a pack's time)."""

    pdf: PdfWriter
    numbers_kept: Path | None = None
    joins: str = "pdf"  # the format of the documents' files it joins
    parallel: bool = True

    def fingerprint(self) -> bytes:
        return self.pdf.fingerprint()

    def write(self, front: str, numbers: str, documents: Sequence[bytes], what: str, kept_as: str = "") -> Written:
        """The pack from its front matter's and page numbers' print HTML and its documents'
        PDFs; ``what`` names it in errors, ``kept_as`` its page numbers in ``numbers_kept``
        (a relative path; none: not kept). Raises PdfError."""
        from govpack.writing.pack import combine  # pikepdf takes a while to import, and check needs none of it

        import pikepdf

        cover = self.pdf.write(front, what)
        numbered = self._numbers(numbers, f"{what} page numbers", kept_as)
        try:
            joined = combine(cover.content, documents, numbered.content)
        except pikepdf.PdfError as exc:
            raise PdfError(f"{what}: its documents could not be joined: {exc}") from exc
        return Written(joined, cover.pages, cover.warnings + numbered.warnings)

    def _numbers(self, html: str, what: str, kept_as: str) -> Written:
        """The page numbers' PDF: as kept under ``kept_as`` if made from the same HTML with
        the same toolchain, else printed and kept. A kept file starts with that digest's
        line. Keeping is a saving, not a duty: a folder that cannot be written is passed over."""
        kept = self.numbers_kept / kept_as if self.numbers_kept is not None and kept_as else None
        digest = hashlib.sha256(self.fingerprint() + html.encode()).hexdigest().encode() + b"\n"
        try:
            if kept is not None and (content := kept.read_bytes()).startswith(digest):
                return Written(content[len(digest) :])
        except OSError:
            pass  # not kept yet
        numbered = self.pdf.write(html, what)
        if kept is not None and not numbered.warnings:
            partial = kept.with_name(f"{kept.name}.{os.getpid()}.partial")  # another process may keep the same
            try:
                kept.parent.mkdir(parents=True, exist_ok=True)
                partial.write_bytes(digest + numbered.content)
                os.replace(partial, kept)
            except OSError:
                partial.unlink(missing_ok=True)
        return numbered


# When the sources are not in git: a fixed moment, so that builds still agree.
_EPOCH_WITHOUT_GIT = 315532800  # 1980-01-01, the earliest date a zip file can hold


def source_date_epoch(content: Path) -> int:
    """The time of the last commit of the ``content`` folder, to stamp where a timestamp
    cannot be avoided (fonts subset without HarfBuzz): the same sources, the same bytes."""
    try:
        return int(git(content, "log", "-1", "--format=%ct", "--", ".", timeout=30).stdout.strip())
    except (OSError, ValueError, subprocess.SubprocessError):
        return _EPOCH_WITHOUT_GIT


def _toolchain(printer: Printer) -> bytes:
    """A digest of what a PDF is made with besides its HTML: govpack, WeasyPrint and
    the libraries it writes with, the stylesheets and other assets, the fonts
    fontconfig offers, and, where fontTools rather than HarfBuzz subsets fonts, the
    timestamp it stamps them with."""
    digest = hashlib.sha256(code_digest())
    for package in ("weasyprint", "pydyf", "fonttools", "pikepdf"):
        digest.update(f"{package} {metadata.version(package)}\n".encode())
    for asset in sorted(p for p in printer.assets.rglob("*") if p.is_file()):
        digest.update(f"{asset.relative_to(printer.assets).as_posix()}\n".encode() + asset.read_bytes())
    digest.update(_fonts())
    if not harfbuzz_subsets():
        digest.update(f"fonts stamped {printer.source_date_epoch}\n".encode())
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
