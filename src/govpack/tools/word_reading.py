"""A Word document (.docx) read as the blocks a draft is made of: its title, headings,
paragraphs and list items as Markdown, and tables as rows of cells.

python-docx reads the file; it is imported here only, when a document is imported,
so that nothing else govpack does loads it. Bold and italic become ``**`` and ``*``;
Word's bulleted and numbered lists become Markdown lists; links to web and email
addresses are kept. Personal contact details (email addresses, UK telephone
numbers: ``checking.personal``) are taken out as the text is read, each block
saying what it lost, unless the organisation declares the detail public.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import unquote

from govpack.checking.markdown import allowed_link
from govpack.checking.personal import Detail, Directory, details
from govpack.errors import UsageError
from govpack.reading.texts import shortened

_NAMESPACES = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}


def _w(name: str) -> str:
    return f"{{{_NAMESPACES['w']}}}{name}"


_HEADING_STYLE = re.compile(r"heading\s*(\d)", re.IGNORECASE)
_LIST_LEVEL = re.compile(r"list (?:bullet|number|continue)\s*(\d)?", re.IGNORECASE)
# Markdown's inline markers, escaped so that text reads as Word showed it.
_INLINE = re.compile(r"([\\`*]|~~|(?<!\w)_|_(?!\w))")
# What would start a heading, quote or list at the start of a line of Markdown.
_BLOCK_START = re.compile(r"^(\s*)(#|>|[-+](?=\s)|\d+(?=[.)]\s))", re.MULTILINE)
# Characters YAML may not hold (controls, unpaired surrogates) or reads as line breaks.
_UNWRITABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")


@dataclass
class Block:
    """One piece of a Word document, in order."""

    kind: str  # "title", "heading", "text", "item" (of a list) or "table"
    text: str = ""  # Markdown for text and items; plain words for a title or heading
    level: int = 0  # a heading's level (1 and down); an item's depth in its list (0 and up)
    numbered: bool = False  # an item of a numbered list
    bold: bool = False  # a paragraph all in bold, which may be a heading set by hand
    rows: list[list[str]] = field(default_factory=list)  # a table's cells, as plain words
    left_out: list[Detail] = field(default_factory=list)  # personal contact details taken out
    plain: str = ""  # the words as Word shows them, for comments that say where a block was


def read_word(path: Path, directory: Directory) -> tuple[list[Block], str | None, list[str]]:
    """The blocks of the Word document at ``path``, the title its properties give, and
    what of it was not read, each in a sentence saying what to do (tracked changes, a
    text box, a symbol font's character); a usage error if it is not a Word document
    python-docx can read.

    Text in content controls, fields, smart tags and custom XML is read as the text
    around it; a footnote's or endnote's, in brackets where it is referred to."""
    import docx  # only here: see the module's docstring
    from docx.opc.exceptions import PackageNotFoundError

    if path.suffix.lower() != ".docx":
        raise UsageError(f"{path.name} is not a Word document (.docx): open it in Word and save it as a Word Document (.docx)")
    if not path.is_file():
        raise UsageError(f"no file at {path}")
    try:
        document = docx.Document(str(path))
        reading = _Reading(_notes(document))
        blocks = list(_blocks(document, directory, reading))
        title = (document.core_properties.title or "").strip() or None
        unread = []
        if document.element.body.xpath(".//w:ins | .//w:del | .//w:moveTo | .//w:moveFrom"):
            unread.append(f"{path.name} has tracked changes, whose text was not read: accept or reject them in Word, save, and import again")
        boxes = document.element.body.xpath(".//w:txbxContent")
        if boxes:
            first = shortened(" ".join("".join(boxes[0].xpath(".//w:t/text()", namespaces=_NAMESPACES)).split()), 40)
            unread.append(f'{path.name} has {len(boxes)} text box(es) ("{first}"), whose text was not read: copy it into the document\'s own text, or import and copy it in')
        unread += reading.unread
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise UsageError(f"{path.name} cannot be read as a Word document (.docx): {exc or type(exc).__name__}") from exc
    except Exception as exc:  # lxml's XMLSyntaxError and the like: a damaged file, never a traceback
        raise UsageError(f"{path.name} cannot be read as a Word document (.docx): it may be damaged ({type(exc).__name__})") from exc
    return blocks, title, unread


@dataclass
class _Reading:
    """What a reading of a document needs besides its paragraphs: its footnotes' and
    endnotes' texts by their reference (``_notes``), and what it could not read."""

    notes: dict[tuple[str, str], str]
    unread: list[str] = field(default_factory=list)


# Where Word holds text inside another element, read as the text around it: a content
# control, a field's result, a smart tag, custom XML, a run of another direction.
_WRAPPERS = {_w(name) for name in ("sdt", "sdtContent", "fldSimple", "smartTag", "customXml", "dir", "bdo")}


def _blocks(document: Any, directory: Directory, reading: _Reading) -> Iterator[Block]:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    formats = _list_formats(document)
    for element in _content(document.element.body):
        if element.tag == _w("tbl"):
            yield _table(Table(element, document), directory, reading)
            continue
        block = _paragraph(Paragraph(element, document), directory, formats, reading)
        if block is not None:
            yield block


def _content(container: Any) -> Iterator[Any]:
    """The paragraphs (``w:p``) and tables (``w:tbl``) of a body or a table's cell, in
    order, those in content controls and custom XML among them."""
    for child in container:
        if child.tag in (_w("p"), _w("tbl")):
            yield child
        elif child.tag in _WRAPPERS:
            yield from _content(child)


def _notes(document: Any) -> dict[tuple[str, str], str]:
    """The text of each footnote and endnote, by its kind and id: python-docx reads
    their parts but names no API for them."""
    from lxml import etree

    notes = {}
    for relationship in document.part.rels.values():
        kind = relationship.reltype.rsplit("/", 1)[-1]
        if kind in ("footnotes", "endnotes") and not relationship.is_external:
            for note in etree.fromstring(relationship.target_part.blob).iterchildren(_w(kind[:-1])):
                notes[(kind[:-1], note.get(_w("id")))] = " ".join("".join(note.xpath(".//w:t/text()", namespaces=_NAMESPACES)).split())
    return notes


def _styles(paragraph: Any) -> list[str]:
    """The names of the paragraph's style and the styles it is based on."""
    names, style = [], paragraph.style
    while style is not None and len(names) < 10:
        names.append(style.name or "")
        style = style.base_style
    return names


def _paragraph(paragraph: Any, directory: Directory, formats: dict[tuple[str, str], str], reading: _Reading) -> Block | None:
    segments = list(_segments(paragraph, paragraph._p, reading))
    segments, left_out = _without_details(segments, directory)
    plain = " ".join("".join(text for text, *_ in segments).split())
    if not plain:
        return Block("text", left_out=left_out) if left_out else None
    styles = _styles(paragraph)
    for name in styles:
        if name.lower() == "title":
            return Block("title", plain, left_out=left_out, plain=plain)
        heading = _HEADING_STYLE.fullmatch(name.strip())
        if heading:
            return Block("heading", plain, level=max(1, int(heading.group(1))), left_out=left_out, plain=plain)
    markdown = _markdown(segments)
    bold = all(bold for text, bold, *_ in segments if text.strip())
    numbering = paragraph._p.pPr.numPr if paragraph._p.pPr is not None else None  # python-docx names no API for it
    for name in styles:
        listed = _LIST_LEVEL.fullmatch(name.strip())
        if listed:
            depth = int(listed.group(1) or 1) - 1
            if numbering is not None and numbering.ilvl is not None:
                depth = numbering.ilvl.val
            return Block("item", markdown, level=depth, numbered="number" in name.lower(), left_out=left_out, plain=plain)
    if numbering is not None and numbering.numId is not None and numbering.numId.val != 0:  # 0: numbering taken off
        depth = numbering.ilvl.val if numbering.ilvl is not None else 0
        numbered = formats.get((str(numbering.numId.val), str(depth)), "bullet") not in ("bullet", "none")
        return Block("item", markdown, level=depth, numbered=numbered, left_out=left_out, plain=plain)
    return Block("text", markdown, bold=bold, left_out=left_out, plain=plain)


def _list_formats(document: Any) -> dict[tuple[str, str], str]:
    """Each Word list's number format ("bullet", "decimal" ...) by (list id, level),
    from the numbering part, which python-docx reads but names no API for."""
    try:
        numbering = document.part.numbering_part.element
    except (KeyError, AttributeError, NotImplementedError):
        return {}
    abstract = {}
    for definition in numbering.findall(_w("abstractNum")):
        levels = {}
        for lvl in definition.findall(_w("lvl")):
            fmt = lvl.find(_w("numFmt"))
            levels[lvl.get(_w("ilvl"))] = fmt.get(_w("val")) if fmt is not None else "decimal"
        abstract[definition.get(_w("abstractNumId"))] = levels
    formats = {}
    for num in numbering.findall(_w("num")):
        used = num.find(_w("abstractNumId"))
        for level, fmt in abstract.get(used.get(_w("val")) if used is not None else None, {}).items():
            formats[(num.get(_w("numId")), level)] = fmt
    return formats


def _segments(paragraph: Any, element: Any, reading: _Reading, url: str | None = None) -> Iterator[tuple[str, bool, bool, str | None]]:
    """The text of ``element`` (a paragraph's, or a link's or a wrapper's in it) in
    pieces: (words, bold, italic, link address). A footnote's text in brackets where it
    is referred to; a character of a symbol font (Wingdings' tick) is not text: said."""
    from docx.text.hyperlink import Hyperlink
    from docx.text.run import Run

    for child in element:
        if child.tag == _w("r"):
            run = Run(child, paragraph)
            style = (run.style.name if run.style is not None else "") or ""
            text = _UNWRITABLE.sub(" ", run.text.replace("\t", " "))
            yield text, bool(run.bold) or style == "Strong", bool(run.italic) or style == "Emphasis", url
            for mark in child:
                kind = {_w("footnoteReference"): "footnote", _w("endnoteReference"): "endnote"}.get(mark.tag)
                if kind and reading.notes.get((kind, mark.get(_w("id")))):
                    yield f" ({reading.notes[(kind, mark.get(_w('id')))]})", False, False, None
                elif mark.tag == _w("sym"):
                    where = shortened(" ".join(paragraph.text.split()), 40) or "an empty paragraph"
                    reading.unread.append(f'a character of the {mark.get(_w("font")) or "symbol"} font in "{where}" was not read: write what it means in words ("yes" for a tick)')
        elif child.tag == _w("hyperlink"):
            yield from _segments(paragraph, child, reading, Hyperlink(child, paragraph).url or None)
        elif child.tag in _WRAPPERS:
            yield from _segments(paragraph, child, reading, url)


# In place of a contact detail taken out: a placeholder (rule placeholder), so that the
# sentence it leaves ("write to the clerk at  or call ") is written again before it is published.
LEFT_OUT = "[Insert a contact point]"


def _without_details(segments: list[tuple[str, bool, bool, str | None]], directory: Directory) -> tuple[list[tuple[str, bool, bool, str | None]], list[Detail]]:
    """``segments`` with every personal contact detail taken out (``LEFT_OUT`` in its
    place), and the details."""
    raw = "".join(text for text, *_ in segments)
    found = [detail for detail in details(raw) if not directory.declares(detail)]
    # A link's address may hold one its words do not show: "the clerk" to mailto:..., "WhatsApp" to wa.me/44...
    linked = {url: [detail for detail in details(unquote(url)) if not directory.declares(detail)] for _, _, _, url in segments if url}
    if not found and not any(linked.values()):
        return segments, []
    cut: set[int] = set()
    starts: set[int] = set()
    for detail in found:
        for match in detail.pattern.finditer(raw):
            cut |= set(range(match.start(), match.end()))
            starts.add(match.start())
    kept, start = [], 0
    for text, bold, italic, url in segments:
        here = "".join(LEFT_OUT if index in starts else char for index, char in enumerate(text, start) if index not in cut or index in starts)
        start += len(text)
        if url and (linked.get(url) or any(d.key in url.casefold() or d.written in url for d in found)):
            hidden = [d for d in linked.get(url, []) if d.key not in {f.key for f in found}]
            if hidden:  # its words kept, and a placeholder where the detail was, as in the text
                found += hidden
                here = f"{here} {LEFT_OUT}"
            url = None  # a link to a detail, taken out with it
        kept.append((here, bold, italic, url))
    return kept, found


def _markdown(segments: list[tuple[str, bool, bool, str | None]]) -> str:
    """The segments as one paragraph of Markdown."""
    merged: list[list[Any]] = []
    for text, bold, italic, url in segments:
        if merged and merged[-1][1:] == [bold, italic, url]:
            merged[-1][0] += text
        else:
            merged.append([text, bold, italic, url])
    out = []
    for text, bold, italic, url in merged:
        core = text.strip()
        if not core:
            out.append(" " if text else "")
            continue
        words = _INLINE.sub(r"\\\1", core)
        if url and allowed_link(url):
            words = url if core == url else f"[{words}]({url})"
        marker = ("**" if bold else "") + ("*" if italic else "")
        lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
        out.append(f"{' ' if lead else ''}{marker}{words}{marker[::-1]}{' ' if trail else ''}")
    lines = [" ".join(line.split()) for line in "".join(out).split("\n")]
    return _BLOCK_START.sub(_escaped_start, "\n".join(line for line in lines if line))


def _escaped_start(match: re.Match[str]) -> str:
    """A line's first characters with the one that would start a block escaped: "\\#", "3\\."."""
    marker = match.group(2)
    return f"{match.group(1)}{marker}\\" if marker[0].isdigit() else f"{match.group(1)}\\{marker}"


def escaped(text: str) -> str:
    """Plain words as Markdown that shows them as they are."""
    return _BLOCK_START.sub(_escaped_start, _INLINE.sub(r"\\\1", text))


def _table(table: Any, directory: Directory, reading: _Reading) -> Block:
    from docx.text.paragraph import Paragraph

    rows, left_out = [], []
    for row in table.rows:
        cells: list[str] = []
        seen: list[Any] = []  # the cells' elements, held so that each keeps its identity
        for cell in row.cells:
            if any(cell._tc is other for other in seen):  # a merged cell, which python-docx gives once per column it spans
                continue
            seen.append(cell._tc)
            paragraphs = [Paragraph(p, cell) for p in _content(cell._tc) if p.tag == _w("p")]  # (a table in a cell: its own cells' text is not read)
            text = " ".join(_UNWRITABLE.sub(" ", "".join(part for part, *_ in _segments(p, p._p, reading))) for p in paragraphs)
            text = " ".join(text.split())
            found = [d for d in details(text) if not directory.declares(d)]
            for detail in found:
                text = " ".join(detail.pattern.sub(f" {LEFT_OUT} ", text).split())
            left_out += found
            cells.append(text)
        if any(cells):
            rows.append(cells)
    return Block("table", rows=rows, left_out=left_out)


# Blocks as Markdown ------------------------------------------------------------

def markdown(blocks: list[Block]) -> str:
    """Blocks as one Markdown text: paragraphs, lists (nested as Word nested them),
    and a table as a list of its rows."""
    chunks: list[str] = []
    items: list[str] = []
    widths: list[int] = []  # of the markers of the open list levels
    levels: list[int] = []  # Word's level of each: a list may start at any (List Number 2)
    for block in blocks:
        if block.kind == "item":
            # At the depth of the open level Word's is, or the first under it; else one deeper.
            depth = next((open_at for open_at, level in enumerate(levels) if level >= block.level), len(levels))
            marker = "1. " if block.numbered else "- "
            indent = sum(widths[:depth])
            widths, levels = widths[:depth] + [len(marker)], levels[:depth] + [block.level]
            items.append(" " * indent + marker + block.text.replace("\n", "\n" + " " * (indent + len(marker))))
            continue
        if items:
            chunks.append("\n".join(items))
            items, widths, levels = [], [], []
        if block.kind == "table" and block.rows:
            chunks.append(table_markdown(block.rows))
        elif block.text:
            chunks.append(block.text)
    if items:
        chunks.append("\n".join(items))
    return "\n\n".join(chunks)


def table_markdown(rows: list[list[str]]) -> str:
    """A table as a list, a row an item: "Header: cell; Header: cell" under a header row."""
    header = rows[0] if len(rows) > 1 and len(rows[0]) > 1 else None
    # A header row with merged cells is shorter than the rows under it: their last cells
    # have no heading, and are kept without one rather than cut off.
    width = max(len(row) for row in rows)
    heads = (header or []) + [""] * (width - len(header or []))
    lines = []
    for row in rows[1:] if header else rows:
        cells = [f"{escaped(head)}: {escaped(cell)}" if header and head else escaped(cell) for head, cell in zip(heads, row) if cell]
        if cells:
            lines.append("- " + "; ".join(cells))
    return "\n".join(lines)


def items_of(blocks: list[Block]) -> list[str]:
    """One text per paragraph or top-level list item, deeper items nested in theirs."""
    items: list[list[Block]] = []
    for block in blocks:
        if block.kind == "item" and block.level > 0 and items:
            items[-1].append(Block("item", block.text, level=block.level - 1, numbered=block.numbered))
        elif block.kind == "table":
            items += [[Block("text", line[2:])] for line in table_markdown(block.rows).splitlines()]
        elif block.text:
            items.append([Block("text", block.text)])
    return [markdown(group) for group in items]


def plain_enough(block: Block) -> bool:
    """Whether a plain text field (not Markdown) can hold the block as it is."""
    return block.kind == "text" and bool(block.text) and block.text == escaped(block.plain)
