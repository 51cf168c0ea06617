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
import zipfile
from dataclasses import dataclass
from datetime import datetime, timezone
from importlib import metadata
from typing import Any

from govpack.fingerprints import code_digest
from govpack.rendering.names import PRINT
from govpack.writing.writer import Written

# What is not part of the document's text in Word: the PDF's contents page (Word's
# navigation pane does its work) and what CSS fills in only when laid out.
_LEFT_OUT = re.compile(r"\b(contents|front-page-ref)\b")
# Elements whose text is not the document's: a page's own print rules (DRAFT in the PDF's header).
_NOT_TEXT = {"style", "script", "template", "head"}
_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "dl", "blockquote", "pre", "section", "div", "main", "header", "footer", "article", "aside", "nav", "figure", "figcaption", "svg"}
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
        _set_language(document, _WORD_LANGUAGE.get(lang, lang))
        properties = document.core_properties
        properties.title = " ".join(page.findtext(".//title", "").split())
        properties.author = page.xpath("string(//meta[@name='author']/@content)")
        properties.language = _WORD_LANGUAGE.get(lang, lang)
        properties.created = properties.modified = _FIXED
        properties.last_modified_by = properties.author
        properties.revision = 1
        mark = page.xpath("string(//*[contains(concat(' ', @class, ' '), ' status-mark ')]/strong)").strip()
        if mark:  # every page of a document that is not approved says so, as the PDF's header does
            header = document.sections[0].header.paragraphs[0]
            header.add_run(mark).bold = True
        body = page.find(".//main")
        _Converter(document).blocks(body if body is not None else page.find(".//body"), document)
        out = io.BytesIO()
        document.save(out)
        return Written(_fixed_dates(out.getvalue()))


class _Converter:
    """Walks print HTML, adding what it says to a Word document (or a table's cell)."""

    def __init__(self, document: Any) -> None:
        self.document = document

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
        if loose and any(isinstance(part, str) and part.strip() or not isinstance(part, str) for part in loose):
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
            paragraph = container.add_paragraph(style="Title" if tag == "h1" else f"Heading {_HEADING_LEVEL[tag]}")
            self.runs(element, paragraph)
        elif tag == "p":
            self.runs(element, container.add_paragraph())
        elif tag == "figcaption":
            self.flow(element, container, {})
        elif tag == "pre":
            container.add_paragraph(element.text_content())
        elif tag == "blockquote":
            self.blocks(element, container, level)
        elif tag in ("ul", "ol"):
            for item in element.iterchildren("li"):
                self.list_item(item, "List Number" if tag == "ol" else "List Bullet", container, level)
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

    def list_item(self, item: Any, style: str, container: Any, level: int) -> None:
        """A list item: its own text in Word's list style for its depth, then any list inside it."""
        styled = style if level == 0 else f"{style} {min(level + 1, 3)}"
        paragraph = container.add_paragraph(style=styled)
        if item.text:
            _run(paragraph, item.text, {})
        for child in item:
            if not isinstance(child.tag, str):
                continue
            if child.tag in ("ul", "ol"):
                for nested in child.iterchildren("li"):
                    self.list_item(nested, "List Number" if child.tag == "ol" else "List Bullet", container, level + 1)
                if (child.tail or "").strip():
                    container.add_paragraph(" ".join(child.tail.split()))
            elif child.tag == "p":  # a block: on a line of its own within the item
                if paragraph.text.strip():
                    paragraph.add_run().add_break()
                self.runs(child, paragraph)
            else:
                self.inline(child, paragraph, {})
                if child.tail:
                    _run(paragraph, child.tail, {})
        _collapse(paragraph)

    def table(self, element: Any, container: Any) -> None:
        """A Word table; the rows of the HTML's head repeat at the top of each page."""
        rows = element.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr")  # not a nested table's
        if not rows:
            return
        width = max(sum(int(cell.get("colspan", 1)) for cell in row if cell.tag in ("th", "td")) for row in rows)
        table = container.add_table(rows=len(rows), cols=width)
        table.style = "Table Grid"
        for index, row in enumerate(rows):
            if row.getparent().tag == "thead":
                _repeat_as_header(table.rows[index])
            column = 0
            for cell in row:
                if cell.tag not in ("th", "td"):
                    continue
                span = int(cell.get("colspan", 1))
                target = table.cell(index, column)
                if span > 1:
                    target = target.merge(table.cell(index, column + span - 1))
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
        inner = {
            **style,
            **({"bold": True} if tag in ("strong", "b") else {}),
            **({"italic": True} if tag in ("em", "i", "cite") else {}),
            **({"strike": True} if tag in ("del", "s") else {}),
            **({"underline": True} if tag == "ins" else {}),
        }
        if tag == "a" and element.get("href", "").startswith(("http://", "https://", "mailto:")):
            _hyperlink(paragraph, element.get("href"), element.text_content(), inner)
            return
        if element.text:
            _run(paragraph, element.text, inner)
        for child in element:
            self.inline(child, paragraph, inner)
            if child.tail:
                _run(paragraph, child.tail, inner)


def _run(paragraph: Any, text: str, style: dict[str, bool]) -> Any:
    """A run of ``text`` in ``style``, its whitespace one space as a browser shows it (a
    line end in HTML is no break in Word; _collapse trims what is left)."""
    run = paragraph.add_run(re.sub(r"\s+", " ", text))
    for name, value in style.items():
        setattr(run.font if name == "strike" else run, name, value)
    return run


def _collapse(paragraph: Any) -> None:
    """Whitespace in the paragraph's runs as a browser shows it: each run of spaces and
    line ends one space, none at either end, none doubled across runs."""
    previous_space = True  # at the start, a space is dropped
    runs = paragraph.runs
    for run in runs:
        if run._r.xpath("./w:br | ./w:tab"):  # a line break made on purpose (<br>, a block in a list item)
            previous_space = True
            continue
        if not run.text:
            continue
        text = re.sub(r"\s+", " ", run.text)
        if previous_space and text.startswith(" "):
            text = text[1:]
        run.text = text
        if text:
            previous_space = text.endswith(" ")
    for run in reversed(runs):
        if run._r.xpath("./w:br | ./w:tab"):
            break
        if run.text:
            run.text = run.text.rstrip(" ")
            if run.text:
                break


def _hyperlink(paragraph: Any, url: str, text: str, style: dict[str, bool]) -> None:
    """A link Word follows: a hyperlink element around a run in Word's Hyperlink style."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml.ns import qn
    from docx.text.run import Run

    part = paragraph.part
    relationship = part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = paragraph._p.makeelement(qn("w:hyperlink"), {qn("r:id"): relationship})
    paragraph._p.append(link)
    run = Run(link.makeelement(qn("w:r"), {}), paragraph)
    link.append(run._r)
    run.text = re.sub(r"\s+", " ", text)
    styles = part.document.styles
    if "Hyperlink" not in [s.name for s in styles if s.type == WD_STYLE_TYPE.CHARACTER]:
        hyperlink = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
        hyperlink.font.underline = True
        hyperlink.font.color.rgb = _link_colour()
    run.style = "Hyperlink"
    for name, value in style.items():
        setattr(run.font if name == "strike" else run, name, value)


def _link_colour() -> Any:
    from docx.shared import RGBColor

    return RGBColor(0x00, 0x5A, 0x70)  # the accent links take on screen (govpack.css)


def _repeat_as_header(row: Any) -> None:
    """Mark a table row as a header row: Word repeats it at the top of each page."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _set_language(document: Any, tag: str) -> None:
    """The language of every run that does not say otherwise: the document defaults'."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    defaults = document.styles.element.find(qn("w:docDefaults"))
    properties = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    language = properties.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        properties.append(language)
    language.set(qn("w:val"), tag)


def _fixed_dates(content: bytes) -> bytes:
    """The zip ``content`` with every member dated the same, in the same order."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()
