"""PDF stage: print HTML to PDF with WeasyPrint, one file per document plus a pack.

WeasyPrint reads nothing but the project's own assets: the fetcher (fetch.py) refuses
every URL that is not a regular file under templates/assets, and refusing stops
the render. Anything WeasyPrint logs as an error fails the document too, so a
PDF is never quietly missing a stylesheet or an image; what it logs as a warning
(an empty box for a character no font has, CSS it cannot read) is kept with the
PDF, and reported as a finding (produce.layout_findings).

Packs are joined from the documents' PDFs (combine.py), not laid out again.
"""

from __future__ import annotations

import ctypes.util
import hashlib
import logging
import os
from html.parser import HTMLParser
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

if TYPE_CHECKING:
    from weasyprint import Document

from .errors import PdfError

__all__ = ["LayoutWarning", "PdfError", "Printer", "harfbuzz_subsets"]


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
        elif record.msg.startswith(".notdef glyph") and record.args:
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


@dataclass(frozen=True)
class Printer:
    """Lays out print HTML against the assets folder and writes PDFs."""

    assets: Path
    # Seconds since 1970 to stamp into subset fonts where WeasyPrint subsets them with
    # fontTools (no HarfBuzz subsetter), which would otherwise stamp the time of the run.
    source_date_epoch: int = 0

    def layout(self, html: str, what: str) -> Layout:
        """Lay out one page of print HTML; ``what`` names it in errors."""
        # WeasyPrint is imported when the first page is laid out: importing it takes most
        # of a second and needs Pango, and check, explain and new lay out nothing.
        from weasyprint import HTML

        from .fetch import AssetFetcher

        warnings: list[LayoutWarning] = []
        with _weasyprint_log(what, warnings):
            source = HTML(string=html, base_url=self.assets.resolve().as_uri() + "/", url_fetcher=AssetFetcher(self.assets))
            document = source.render()
        _accessible(document, html, what)
        return Layout(document, hashlib.sha256(html.encode()).digest(), warnings)

    def write(self, layout: Layout, what: str) -> bytes:
        """The PDF bytes of a laid-out document, the same for the same input."""
        # The file identifier comes from the content, so the same sources give the same bytes.
        identifier = layout.digest.hex()[:32].encode()
        with _weasyprint_log(what, layout.warnings), _font_timestamp(self.source_date_epoch):
            return layout.document.write_pdf(pdf_identifier=identifier, pdf_variant=PDF_VARIANT)
