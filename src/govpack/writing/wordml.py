"""WordprocessingML (ECMA-376) that python-docx has no call for: links, a numbered
list's own numbering, table header rows, the document's language, and a zip whose
dates are fixed so that the same document gives the same bytes. Each takes
python-docx's objects; python-docx is imported when first needed."""

from __future__ import annotations

import io
import re
import struct
import zipfile
from typing import Any


def hyperlink(paragraph: Any, url: str, parts: list[tuple[str, dict[str, bool]]]) -> None:
    """A link Word follows: a hyperlink element around a run in Word's Hyperlink style
    for each of ``parts`` (its text, and its bold, italic, struck or underlined)."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml.ns import qn
    from docx.text.run import Run

    part = paragraph.part
    relationship = part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = paragraph._p.makeelement(qn("w:hyperlink"), {qn("r:id"): relationship})
    paragraph._p.append(link)
    styles = part.document.styles
    if "Hyperlink" not in styles:  # the first link of the document
        hyperlink = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
        hyperlink.font.underline = True
        hyperlink.font.color.rgb = _link_colour()
    for text, style in parts:
        run = Run(link.makeelement(qn("w:r"), {}), paragraph)
        link.append(run._r)
        set_text(run, collapsed(text))
        run.style = "Hyperlink"
        styled(run, style)


# The white space HTML collapses (its ASCII whitespace): a no-break space is the text's own.
_COLLAPSED = re.compile(r"[ \t\n\r\f]+")


def collapsed(text: str) -> str:
    """``text`` with each run of the white space a browser collapses one space; a
    no-break space, and any other, kept as written."""
    return _COLLAPSED.sub(" ", text)


# A tab or a line break, which python-docx's Run.text writes as an element of its own.
_NOT_PLAIN = re.compile(r"[\t\r\n]")


def set_text(run: Any, text: str) -> None:
    """``run``'s text replaced by ``text``, as python-docx's ``Run.text`` sets it.

    A text with no tab or line break is one ``w:t``, made here: python-docx searches
    the run's content by XPath and passes over every character, which was a third of
    the time a Word file took to make."""
    if _NOT_PLAIN.search(text):
        run.text = text
        return
    from docx.oxml.ns import qn

    element = run._r
    for child in list(element):
        if child.tag != qn("w:rPr"):
            element.remove(child)
    if text:
        written = element.makeelement(qn("w:t"), {})
        written.text = text
        if len(text.strip()) < len(text):
            written.set(qn("xml:space"), "preserve")
        element.append(written)


def text_of(run: Any) -> str:
    """``run``'s text, as python-docx's ``Run.text`` reads it, without its XPath search
    where the run holds only text."""
    from docx.oxml.ns import qn

    parts = []
    for child in run._r:
        if child.tag == qn("w:t"):
            parts.append(child.text or "")
        elif child.tag != qn("w:rPr"):
            return run.text  # a break, a tab: python-docx's to read
    return "".join(parts)


# The fixed-width font of code, which every Word has (the PDF prints code in DejaVu Sans Mono).
FIXED_WIDTH = "Courier New"


def styled(run: Any, style: dict[str, bool]) -> Any:
    """``run`` in ``style`` (bold, italic, underline, strike, code: True or False); the run."""
    for name, value in style.items():
        if name == "code":
            run.font.name = FIXED_WIDTH if value else None
        else:
            setattr(run.font if name == "strike" else run, name, value)
    return run


def code_style(document: Any) -> str:
    """The name of the paragraph style of a code block: Normal's, in the fixed-width
    font (``FIXED_WIDTH``); added on first use."""
    from docx.enum.style import WD_STYLE_TYPE

    if "Code" not in document.styles:
        style = document.styles.add_style("Code", WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = document.styles["Normal"]
        style.font.name = FIXED_WIDTH
    return "Code"


def _link_colour() -> Any:
    from docx.shared import RGBColor

    return RGBColor(0x00, 0x5A, 0x70)  # the accent links take on screen (govpack.css)


def new_numbering(document: Any, start: int) -> Any:
    """A numbering of its own for one numbered list (Word's List Number style numbers
    every list of the document on from the last): a new ``w:num`` over the style's
    abstract numbering, restarted at ``start``. Its ``numId``."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    numbering = document.part.numbering_part.element
    style = document.styles["List Number"].element
    used = style.xpath("./w:pPr/w:numPr/w:numId/@w:val")
    abstract = numbering.xpath(f"./w:num[@w:numId='{used[0]}']/w:abstractNumId/@w:val")[0]
    number = OxmlElement("w:num")
    number_id = str(max(int(n) for n in numbering.xpath("./w:num/@w:numId")) + 1)
    number.set(qn("w:numId"), number_id)
    reference = OxmlElement("w:abstractNumId")
    reference.set(qn("w:val"), abstract)
    number.append(reference)
    for level in range(9):  # every depth starts again (nested lists have their own)
        override = OxmlElement("w:lvlOverride")
        override.set(qn("w:ilvl"), str(level))
        begin = OxmlElement("w:startOverride")
        begin.set(qn("w:val"), str(start if level == 0 else 1))
        override.append(begin)
        number.append(override)
    numbering.append(number)
    return number_id


def number(paragraph: Any, number_id: str) -> None:
    """Number ``paragraph`` by ``number_id`` (``_new_numbering``), at its style's level."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = paragraph._p.get_or_add_pPr()
    numbered = OxmlElement("w:numPr")
    level = OxmlElement("w:ilvl")
    level.set(qn("w:val"), "0")
    reference = OxmlElement("w:numId")
    reference.set(qn("w:val"), number_id)
    numbered.extend([level, reference])
    properties.append(numbered)


def rule(paragraph: Any) -> None:
    """Draw a line under an empty ``paragraph``: a rule the author wrote between parts
    of a text (``<hr>``), in the colour of the page's rules (govpack.css ``--rule``)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for name, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "B8C4C9")):
        bottom.set(qn(f"w:{name}"), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def breaks_line(run: Any) -> bool:
    """Whether a run holds a line break or a tab (<w:br>, <w:tab>): looked for among its
    children directly, which an XPath query for them took a hundred times as long to do."""
    from docx.oxml.ns import qn

    return any(child.tag in (qn("w:br"), qn("w:tab")) for child in run._r)


def repeat_as_header(row: Any) -> None:
    """Mark a table row as a header row: Word repeats it at the top of each page."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def set_language(document: Any, tag: str) -> None:
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


def fixed_dates(content: bytes) -> bytes:
    """The zip ``content`` with every member dated 1 January 1980, the earliest date a zip
    can hold, and otherwise as it was. A member's date is in its local header and in its
    entry in the central directory (APPNOTE.TXT 4.3.7 and 4.3.12), and no checksum covers
    it, so each is set where it is rather than the members compressed again."""
    dated = bytearray(content)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        entry = archive.start_dir  # the central directory's entries, in the order infolist gives
        for info in archive.infolist():
            struct.pack_into("<HH", dated, info.header_offset + 10, 0, _JANUARY_1980)
            struct.pack_into("<HH", dated, entry + 12, 0, _JANUARY_1980)
            names, extra, comment = struct.unpack_from("<HHH", dated, entry + 28)
            entry += 46 + names + extra + comment
    return bytes(dated)


# 1 January 1980 as MS-DOS writes a date: the year since 1980, the month and the day in 7, 4 and 5 bits.
_JANUARY_1980 = (0 << 9) | (1 << 5) | 1
