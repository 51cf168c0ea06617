"""Writers: one per output format, each turning a document's rendered HTML into a file.

A writer says which format it writes (the file suffix, and ``format`` in the
manifest), which rendering it writes from (``medium``: the screen page or the print
HTML), whether its work is worth a worker process of its own (``parallel``), and its
fingerprint: a digest of what its files are made from besides the HTML (for a PDF:
govpack, WeasyPrint, the stylesheets, the fonts). A file made from the same HTML
with the same fingerprint is the same file, so the pipeline keeps it rather than
writing it again. ``write`` may run in any process and gives the same bytes for the
same HTML.

A new format (Word, a calendar) is a module with one such class, which the pipeline
is given with the others.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from govpack.rendering.names import SCREEN


@dataclass(frozen=True)
class Written:
    """A file a writer made: its bytes, its number of pages where it has pages (which a
    pack's contents need), and what the writer warned of about the content
    (``pdf.LayoutWarning``: a character no font has)."""

    content: bytes
    pages: int | None = None
    warnings: tuple[Any, ...] = ()


class Writer(Protocol):
    """What the pipeline needs of a writer; see the module's docstring."""

    format: str
    medium: str
    parallel: bool

    def fingerprint(self) -> bytes:
        """A digest of what the files are made from besides the HTML."""

    def write(self, html: str, what: str) -> Written:
        """The file made from ``html``; ``what`` names the document in errors, which are
        ``GovpackError``s (a ``PdfError`` for a PDF)."""


@dataclass(frozen=True)
class HtmlWriter:
    """The web page of a document: its screen HTML, as rendered."""

    format: str = "html"
    medium: str = SCREEN
    parallel: bool = False

    def fingerprint(self) -> bytes:
        return b"html\n"  # the page is the rendered HTML itself

    def write(self, html: str, what: str) -> Written:
        return Written(html.encode())
