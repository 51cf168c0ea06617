"""Word: each document as a .docx, for members who comment on a draft in Word.

Made from the document's print HTML, as the PDF is, so that the two say the same:
its headings become Word's heading styles (Word's navigation pane lists them), its
lists Word's list styles, its tables Word tables whose header rows repeat on each
page, its links links. A document that is not approved says so (DRAFT, SUPERSEDED)
in the header of every page, as the PDF does; the document's language is set, so
that Word checks the spelling of a Welsh text in Welsh. Nothing is laid out here:
Word lays it out. The same HTML gives the same bytes (the zip's dates are fixed).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from importlib import metadata
from typing import Any

from govpack.fingerprints import code_digest
from govpack.rendering.names import PRINT
from govpack.writing import wordml
from govpack.writing.writer import Written

# What is not part of the document's text in Word: the PDF's contents page (Word's
# navigation pane does its work) and what CSS fills in only when laid out.
_LEFT_OUT = re.compile(r"\b(contents|front-page-ref)\b")
# Elements whose text is not the document's: a page's own print rules (DRAFT in the PDF's header).
_NOT_TEXT = {"style", "script", "template", "head"}
_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "dl", "blockquote", "pre", "hr", "section", "div", "main", "header", "footer", "article", "aside", "nav", "figure", "figcaption", "svg"}
# What each inline element adds to the style of the text in it.
_INLINE_STYLE = {
    **dict.fromkeys(("strong", "b"), {"bold": True}),
    **dict.fromkeys(("em", "i", "cite"), {"italic": True}),
    **dict.fromkeys(("del", "s"), {"strike": True}),
    "ins": {"underline": True},
    "code": {"code": True},  # in a fixed-width font (wordml.styled)
}
# Each HTML heading's level in Word: the title is Word's Title, h2 its Heading 1.
_HEADING_LEVEL = {"h1": 0, "h2": 1, "h3": 2, "h4": 3, "h5": 4, "h6": 5}
# Word's language tags for the languages govpack writes (BCP 47, as Word stores them).
_WORD_LANGUAGE = {"en": "en-GB", "cy": "cy-GB"}
# A fixed date for the file's own dates, so that the same HTML gives the same bytes.
_FIXED = datetime(2000, 1, 1, tzinfo=timezone.utc)


@dataclass(frozen=True)
class DocxWriter:
    """A document as a Word file (``.docx``), from its print HTML; the members' set
    only, as a draft goes round for comment there."""

    format: str = "docx"
    medium: str = PRINT
    parallel: bool = True

    def fingerprint(self) -> bytes:
        """govpack's own code (this writer's among it) and python-docx's version."""
        return code_digest() + f"docx\npython-docx {metadata.version('python-docx')}\n".encode()

    def write(self, html: str, what: str) -> Written:
        from docx import Document
        from lxml import html as lxml_html

        page = lxml_html.document_fromstring(html)
        document = Document()
        # A sans-serif every Word has, for the plain type the PDF prints in (DejaVu Sans).
        document.styles["Normal"].font.name = "Arial"
        lang = page.get("lang", "en")
        wordml.set_language(document, _WORD_LANGUAGE.get(lang, lang))
        properties = document.core_properties
        # Word keeps at most 255 characters of each (ECMA-376's core properties).
        properties.title = " ".join(page.findtext(".//title", "").split())[:255]
        properties.author = page.xpath("string(//meta[@name='author']/@content)")[:255]
        properties.language = _WORD_LANGUAGE.get(lang, lang)
        properties.created = properties.modified = _FIXED
        properties.last_modified_by = properties.author
        properties.revision = 1
        # What the PDF prints at the top of every page (DRAFT, SUPERSEDED), from the page's own print rule.
        said = re.search(r'@top-center\s*\{\s*content:\s*"([^"]+)"', " ".join(page.xpath("//style/text()")))
        mark = said.group(1) if said else ""
        if mark:
            header = document.sections[0].header.paragraphs[0]
            header.add_run(mark).bold = True
        body = page.find(".//main")
        _Converter(document).blocks(body if body is not None else page.find(".//body"), document)
        out = io.BytesIO()
        document.save(out)
        return Written(wordml.fixed_dates(out.getvalue()))


class _Converter:
    """Walks print HTML, adding what it says to a Word document (or a table's cell)."""

    def __init__(self, document: Any) -> None:
        self.document = document
        self.style_ids: dict[str, str] = {}  # each style's id, by its name

    def paragraph(self, container: Any, style: str) -> Any:
        """A new paragraph at the end of ``container``, in the paragraph style named."""
        paragraph = container.add_paragraph()
        paragraph._p.style = self.style_id(style)
        return paragraph

    def style_id(self, style: str) -> str:
        """The id of the style named, looked up once a document: python-docx looks up the
        style, and which is the default, among all of them each time it gives one by name."""
        if style not in self.style_ids:
            self.style_ids[style] = self.document.styles[style].style_id
        return self.style_ids[style]

    def blocks(self, element: Any, container: Any, level: int = 0) -> None:
        """Each child of ``element`` into ``container``; text between blocks as a paragraph."""
        loose: list[Any] = []  # inline content not in a block of its own
        if (element.text or "").strip():
            loose.append(element.text)
        for child in element:
            if not isinstance(child.tag, str):  # a comment
                self._tail(child, loose)
                continue
            tag = child.tag.lower()
            if tag in _NOT_TEXT or _LEFT_OUT.search(child.get("class", "")):
                self._tail(child, loose)
                continue
            if tag in _BLOCKS or tag == "li":
                self._flush(loose, container)
                self.block(child, tag, container, level)
                if (child.tail or "").strip():
                    loose.append(child.tail)
            else:
                loose.append(child)
                # the child's tail is written with it (inline)
        self._flush(loose, container)

    @staticmethod
    def _tail(child: Any, loose: list[Any]) -> None:
        if (child.tail or "").strip():
            loose.append(child.tail)

    def _flush(self, loose: list[Any], container: Any) -> None:
        if loose:  # texts are added only when they hold more than whitespace
            paragraph = container.add_paragraph()
            for part in loose:
                if isinstance(part, str):
                    _run(paragraph, part, {})
                else:
                    self.inline(part, paragraph, {})
                    if part.tail:
                        _run(paragraph, part.tail, {})
            _collapse(paragraph)
        loose.clear()

    def block(self, element: Any, tag: str, container: Any, level: int) -> None:
        """One block element into ``container``."""
        if tag in _HEADING_LEVEL:
            paragraph = self.paragraph(container, "Title" if tag == "h1" else f"Heading {_HEADING_LEVEL[tag]}")
            self.runs(element, paragraph)
        elif tag == "p":
            self.runs(element, container.add_paragraph())
        elif tag == "figcaption":
            self.flow(element, container, {})
        elif tag == "pre":
            self.preformatted(element, container)
        elif tag == "hr":
            wordml.rule(container.add_paragraph())
        elif tag == "blockquote":  # in Word's Quote style, set apart as the page sets it apart
            before = len(container.paragraphs)
            self.blocks(element, container, level)
            for paragraph in container.paragraphs[before:]:
                if paragraph.style.name == "Normal":
                    paragraph._p.style = self.style_id("Quote")
        elif tag in ("ul", "ol"):
            self.list(element, container, level)
        elif tag == "li":
            self.list_item(element, "List Bullet", container, level)
        elif tag == "dl":
            for child in element.iterchildren("dt", "dd"):
                self.flow(child, container, {"bold": True} if child.tag == "dt" else {})
        elif tag == "table":
            self.table(element, container)
        elif tag == "svg":  # a chart: its title is its text, as it is the PDF's Alt text
            title = element.findtext("title") or element.findtext("{http://www.w3.org/2000/svg}title")
            if title:
                container.add_paragraph(" ".join(title.split()))
        else:
            self.blocks(element, container, level)

    def flow(self, element: Any, container: Any, style: dict[str, bool]) -> None:
        """An element that may hold text or blocks: one paragraph of its text, or its blocks."""
        if any(isinstance(child.tag, str) and child.tag in _BLOCKS for child in element):
            self.blocks(element, container)
        else:
            self.runs(element, container.add_paragraph(), style)

    def list_item(self, item: Any, style: str, container: Any, level: int, numbering: Any = None) -> None:
        """A list item: its own text in Word's list style for its depth (a number from
        ``numbering`` where it is numbered), any list inside it below, and what follows
        that list in a continuation paragraph, so nothing moves ahead of the inner list."""
        depth = "" if level == 0 else f" {min(level + 1, 3)}"
        paragraph = self.paragraph(container, f"{style}{depth}")
        if numbering is not None:
            wordml.number(paragraph, numbering)
        if item.text:
            _run(paragraph, item.text, {})

        def continued() -> Any:  # the item goes on after a list inside it
            return self.paragraph(container, f"List Continue{depth}")

        for child in item:
            if not isinstance(child.tag, str) or child.tag in _NOT_TEXT:  # a comment: only its tail is text
                if (child.tail or "").strip():
                    paragraph = continued() if paragraph is None else paragraph
                    _run(paragraph, child.tail, {})
                continue
            if child.tag in ("ul", "ol", "pre"):  # below the item's text, on lines of their own
                if paragraph is not None:
                    _collapse(paragraph)
                if child.tag == "pre":
                    self.preformatted(child, container)
                else:
                    self.list(child, container, level + 1)
                paragraph = None
                if (child.tail or "").strip():
                    paragraph = continued()
                    _run(paragraph, child.tail, {})
                continue
            if paragraph is None:
                paragraph = continued()
            if child.tag in _BLOCKS:  # a paragraph or a quotation in the item: on lines of its own
                for block in [child] if child.tag == "p" or not len(child) else child.iterchildren():
                    if paragraph.text.strip():
                        paragraph.add_run().add_break()
                    self.runs(block, paragraph)
                if child.tail:
                    _run(paragraph, child.tail, {})
            else:
                self.inline(child, paragraph, {})
                if child.tail:
                    _run(paragraph, child.tail, {})
        if paragraph is not None:
            _collapse(paragraph)

    def preformatted(self, element: Any, container: Any) -> None:
        """A code block: its lines as written, white space and all, in a fixed-width font."""
        self.paragraph(container, wordml.code_style(self.document)).add_run(element.text_content().rstrip("\n"))

    def list(self, element: Any, container: Any, level: int) -> None:
        """A list's items; a numbered list numbered from its own start, not on from the
        last (an inner one keeps its style's numbering, and its indent)."""
        start = element.get("start", "1")
        numbering = wordml.new_numbering(self.document, int(start) if start.isdigit() else 1) if element.tag == "ol" and level == 0 else None
        for item in element.iterchildren("li"):
            self.list_item(item, "List Number" if element.tag == "ol" else "List Bullet", container, level, numbering)

    def table(self, element: Any, container: Any) -> None:
        """A Word table; the rows of the HTML's head repeat at the top of each page."""
        rows = element.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr")  # not a nested table's
        if not rows:
            return
        width = max(sum(int(cell.get("colspan", 1)) for cell in row if cell.tag in ("th", "td")) for row in rows)
        table = container.add_table(rows=len(rows), cols=width)
        table._tbl.tblStyle_val = self.style_id("Table Grid")
        for row, word_row in zip(rows, table.rows):
            if row.getparent().tag == "thead":
                wordml.repeat_as_header(word_row)
            # The row's cells by column, taken before any is merged (table.cell finds
            # each by walking the whole table, which made a long table's time its square).
            cells = word_row.cells
            column = 0
            for cell in row:
                if cell.tag not in ("th", "td"):
                    continue
                span = int(cell.get("colspan", 1))
                target = cells[column]
                if span > 1:
                    target = target.merge(cells[column + span - 1])
                first = target.paragraphs[0]
                self._cell(cell, target, first, bold=cell.tag == "th")
                column += span

    def _cell(self, cell: Any, target: Any, first: Any, bold: bool) -> None:
        if any(isinstance(child.tag, str) and child.tag in _BLOCKS | {"li"} for child in cell):
            self.blocks(cell, target)
            if not first.text and len(target.paragraphs) > 1:  # the cell's own empty first paragraph
                first._element.getparent().remove(first._element)
        else:
            self.runs(cell, first, {"bold": bold} if bold else {})

    def runs(self, element: Any, paragraph: Any, style: dict[str, bool] | None = None) -> None:
        """The text of ``element`` and its inline children into ``paragraph``, whitespace
        collapsed as a browser does."""
        style = style or {}
        if element.text:
            _run(paragraph, element.text, style)
        for child in element:
            if isinstance(child.tag, str) and child.tag in ("ul", "ol"):
                continue  # a list inside a paragraph-like element: written by blocks
            self.inline(child, paragraph, style)
            if child.tail:
                _run(paragraph, child.tail, style)
        _collapse(paragraph)

    def inline(self, element: Any, paragraph: Any, style: dict[str, bool]) -> None:
        """An inline element: bold, italic, struck, a link, a line break, or plain text."""
        if not isinstance(element.tag, str) or element.tag in _NOT_TEXT or _LEFT_OUT.search(element.get("class", "")):
            return
        tag = element.tag.lower()
        if tag == "br":
            paragraph.add_run().add_break()
            return
        if tag in ("svg", "img"):
            alt = element.get("alt") or element.findtext("title") or ""
            if alt:
                _run(paragraph, alt, style)
            return
        inner = {**style, **_INLINE_STYLE.get(tag, {})}
        if tag == "a" and element.get("href", "").startswith(("http://", "https://", "mailto:")):
            wordml.hyperlink(paragraph, element.get("href"), _styled_texts(element, inner))
            return
        if element.text:
            _run(paragraph, element.text, inner)
        for child in element:
            self.inline(child, paragraph, inner)
            if child.tail:
                _run(paragraph, child.tail, inner)


def _styled_texts(element: Any, style: dict[str, bool]) -> list[tuple[str, dict[str, bool]]]:
    """The texts of an inline element, each with its style (``_Converter.inline``'s), in order."""
    texts = [(element.text, style)] if element.text else []
    for child in element:
        if isinstance(child.tag, str) and child.tag not in _NOT_TEXT:
            texts += _styled_texts(child, {**style, **_INLINE_STYLE.get(child.tag.lower(), {})})
        if child.tail:
            texts.append((child.tail, style))
    return texts


def _run(paragraph: Any, text: str, style: dict[str, bool]) -> Any:
    """A run of ``text`` in ``style``, its whitespace one space as a browser shows it (a
    line end in HTML is no break in Word; _collapse trims what is left)."""
    run = paragraph.add_run()
    wordml.set_text(run, wordml.collapsed(text))
    return wordml.styled(run, style)


def _collapse(paragraph: Any) -> None:
    """Whitespace in the paragraph's runs (a link's among them) as a browser shows it:
    each run of spaces and line ends one space, none at either end, none doubled across runs."""
    from docx.text.run import Run

    previous_space = True  # at the start, a space is dropped
    runs = [run for part in paragraph.iter_inner_content() for run in ([part] if isinstance(part, Run) else part.runs)]
    # Each run's text once it is collapsed; None for a line break made on purpose (<br>, a
    # block in a list item). A run's text is read once: python-docx reads it by XPath.
    texts: list[str | None] = []
    for run in runs:
        if wordml.breaks_line(run):
            previous_space = True
            texts.append(None)
            continue
        written = text = wordml.text_of(run)
        if text:
            text = wordml.collapsed(text)
            if previous_space and text.startswith(" "):
                text = text[1:]
            if text != written:
                wordml.set_text(run, text)
            if text:
                previous_space = text.endswith(" ")
        texts.append(text)
    for run, text in zip(reversed(runs), reversed(texts)):
        if text is None:
            break
        if text:
            wordml.set_text(run, text.rstrip(" "))
            if text.rstrip(" "):
                break
