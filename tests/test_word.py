"""Every document as a Word file, for a comment round: it opens in LibreOffice and
says what the PDF says; headings, lists, tables and links are Word's own; a draft
says DRAFT on every page; the language is set; only the members' set has them."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from docx import Document
from docx.text.paragraph import Paragraph

import govpack
from govpack.writing.word import DocxWriter

# Characters that mark a list item, which each program draws its own way.
_MARKS = re.compile(r"[•●◦▪‣·■□–\uf0b7]")
_MM = 72 / 25.4


def _words(text: str) -> set[str]:
    """The words of a text, list marks and list numbers aside, a hyphen taken as a
    space. A set: the PDF repeats a table's head on each page it runs onto."""
    text = re.sub(r"[-\u2010\u2011\u00ad]", " ", text)
    return {word for word in _MARKS.sub(" ", text).split() if not re.fullmatch(r"\d+\.", word)}


def _squashed(text: str) -> str:
    """A text with no spaces, line ends, hyphens or list marks: a word broken at a line's
    end (pdftotext joins some at their hyphen, and not others) is whole in it again."""
    return re.sub(r"[\s\-\u2010\u2011\u00ad]", "", _MARKS.sub("", text))


def _lost(words: set[str], text: str) -> list[str]:
    """The words not in ``text`` however its lines were broken."""
    squashed = _squashed(text)
    return sorted(word for word in words if word not in squashed)


def _pdf_text(path: Path) -> str:
    """The text of a WeasyPrint PDF's pages within their margins (not the running head
    and foot, which say the title and the page number again), and of its Alt texts (a
    chart's words, which Word shows as text)."""

    def pages(*crop: str) -> list[str]:
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", *crop, str(path), "-"], capture_output=True, text=True, check=True).stdout
        return text.split("\f")

    top, bottom = round(24 * _MM), round(22 * _MM)  # print.css's @page margins, in points
    whole, inside = pages(), pages("-x", "0", "-y", str(top), "-W", "595", "-H", str(842 - top - bottom))
    # A cover has no page number, nor a running head to leave out.
    kept = [cropped if re.search(r"(Page|Tudalen) \d+ (of|o) \d+", page) else page for page, cropped in zip(whole, inside, strict=True)]
    with pikepdf.open(path) as opened:
        alts = [str(obj.Alt) for obj in opened.objects if isinstance(obj, pikepdf.Dictionary) and "/Alt" in obj]
    return "\n".join(kept + alts)


def _docx_text(container: Any) -> str:
    """The text of a Word document (or a table's cell) in order: each paragraph, and each
    table's cells row by row, a merged cell once."""
    parts = []
    for child in container.iter_inner_content():
        if isinstance(child, Paragraph):
            parts.append(child.text)
            continue
        for row in child.rows:
            seen: list[Any] = []
            for cell in row.cells:
                if cell._tc not in seen:
                    seen.append(cell._tc)
                    parts.append(_docx_text(cell))
    return "\n".join(parts)


def _converted_name(built: govpack.Project, docx: Path) -> str:
    return "--".join(docx.relative_to(built.output / "internal").with_suffix(".pdf").parts)


@pytest.fixture(scope="module")
def converted(built: govpack.Project, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every Word file of the examples' build, converted to PDF by LibreOffice at once."""
    out = tmp_path_factory.mktemp("word")
    files = []
    for docx in sorted((built.output / "internal").rglob("*.docx")):  # one folder: names made unique
        files.append(str(out / _converted_name(built, docx).replace(".pdf", ".docx")))
        Path(files[-1]).write_bytes(docx.read_bytes())
    assert files
    done = subprocess.run(
        ["soffice", "--headless", "--norestore", "--convert-to", "pdf", "--outdir", str(out), *files],
        capture_output=True, text=True, timeout=900, env={**os.environ, "HOME": str(out)},
    )
    assert done.returncode == 0, done.stderr
    return out


def test_every_document_has_a_word_file_in_the_members_set_only(built: govpack.Project, published: govpack.Project) -> None:
    manifest = json.loads((built.output / "manifest.json").read_text(encoding="utf-8"))
    outputs = manifest["outputs"] if isinstance(manifest, dict) else manifest
    pdfs = {o["path"][: -len(".pdf")] for o in outputs if o["format"] == "pdf" and o.get("type") != "pack" and "pack" not in Path(o["path"]).name}
    words = {o["path"][: -len(".docx")] for o in outputs if o["format"] == "docx"}
    assert words and words == pdfs
    assert not list((published.output / "public").rglob("*.docx"))
    index = (built.output / "internal" / "wyvern-vale" / "index.html").read_text(encoding="utf-8")
    assert '<th scope="col">Word</th>' in index and ">Wyvern Vale GP Federation Purpose and Vision 2026-2029, Word</a>" in index


def test_every_word_file_says_what_the_pdf_says(built: govpack.Project) -> None:
    # Every word of the PDF is in the Word file, and every word of the Word file in the
    # PDF: the two are laid out by different programs, so lines break in other places.
    differ = []
    for docx in sorted((built.output / "internal").rglob("*.docx")):
        printed, word = _pdf_text(docx.with_suffix(".pdf")), _docx_text(Document(str(docx)))
        only_printed, only_word = _lost(_words(printed), word), _lost(_words(word), printed)
        if only_printed or only_word:
            differ.append(f"{docx.relative_to(built.output)}: only in the PDF {only_printed[:8]}, only in Word {only_word[:8]}")
    assert differ == [], "\n".join(differ)


def test_every_word_file_opens_in_libreoffice(built: govpack.Project, converted: Path) -> None:
    for docx in sorted((built.output / "internal").rglob("*.docx")):
        opened = converted / _converted_name(built, docx)
        assert opened.is_file(), docx
        title = Document(str(docx)).core_properties.title.split(" | ")[0]
        assert _words(title) <= _words(subprocess.run(["pdftotext", "-enc", "UTF-8", str(opened), "-"], capture_output=True, text=True, check=True).stdout), docx


def test_word_s_own_headings_lists_tables_links_language_and_draft_mark(built: govpack.Project) -> None:
    folder = built.output / "internal"
    vision = Document(str(folder / "wyvern-vale" / "vision.en.docx"))
    styles = [p.style.name for p in vision.paragraphs]
    assert styles.count("Title") == 1 and "Heading 1" in styles and "Heading 2" in styles
    assert [p.text for p in vision.paragraphs if p.style.name == "Heading 1"][:2] == ["Document control", "Our vision"]
    history = vision.tables[1]
    assert [c.text for c in history.rows[0].cells] == ["Version", "Date", "Summary of change"]
    assert history.rows[0]._tr.xpath("./w:trPr/w:tblHeader")  # repeated at the top of each page
    assert vision.sections[0].header.paragraphs[0].text == ""  # approved: no mark
    assert vision.core_properties.title.startswith("Wyvern Vale GP Federation Purpose and Vision 2026-2029")
    assert vision.styles.element.xpath("//w:docDefaults//w:lang/@w:val") == ["en-GB"]
    # A draft says so on every page; a Welsh text is Welsh to Word's spelling checker.
    draft = next(p for p in sorted(folder.rglob("*.cy.docx")) if Document(str(p)).sections[0].header.paragraphs[0].text)
    welsh = Document(str(draft))
    assert welsh.sections[0].header.paragraphs[0].text == "DRAFFT"
    assert welsh.styles.element.xpath("//w:docDefaults//w:lang/@w:val") == ["cy-GB"]


def test_the_word_writer_keeps_every_word_in_word_s_own_forms() -> None:
    html = """<!DOCTYPE html><html lang="en"><head><title>T | Org</title><meta name="author" content="Org"></head>
    <body><main><style>@page { @top-center { content: "DRAFT" } }</style>
    <p class="status-mark"><strong>DRAFT</strong> This document is a draft.</p>
    <h1>The title</h1><h2>Part one</h2><h3>A section</h3>
    <p>Read <a href="https://example.org/guide">the guide</a>, <em>then</em> ask
       <a href="mailto:office@example.org">the office</a>.<br>A second line.</p>
    <ul><li>First <strong>point</strong><ul><li>Inner point</li></ul></li><li>Second point<p class="papers">Papers: none</p></li></ul>
    <ol><li>Numbered</li></ol>
    <dl><dt>Term</dt><dd>Defined<ul><li>with a list</li></ul></dd></dl>
    <table><thead><tr><th>Name</th><th>Role</th><th>Since</th></tr></thead><tbody><tr><td colspan="3">All columns</td></tr>
    <tr><td colspan="2">Two columns</td><td>2026</td></tr><tr><td>Ann</td><td colspan="2">Two more</td></tr></tbody></table>
    <svg role="img"><title>3 of 4 in place</title></svg>
    </main></body></html>"""
    written = DocxWriter().write(html, "test")
    assert DocxWriter().write(html, "test").content == written.content  # the same bytes again
    with zipfile.ZipFile(io.BytesIO(written.content)) as archive:  # whatever the time it was written
        assert archive.testzip() is None
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    document = Document(io.BytesIO(written.content))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    assert paragraphs == [
        ("Normal", "DRAFT This document is a draft."),
        ("Title", "The title"),
        ("Heading 1", "Part one"),
        ("Heading 2", "A section"),
        ("Normal", "Read the guide, then ask the office.\nA second line."),
        ("List Bullet", "First point"),
        ("List Bullet 2", "Inner point"),
        ("List Bullet", "Second point\nPapers: none"),
        ("List Number", "Numbered"),
        ("Normal", "Term"),
        ("Normal", "Defined"),
        ("List Bullet", "with a list"),
        ("Normal", "3 of 4 in place"),
    ]
    assert document.paragraphs[4].runs[0].text == "Read " and document.paragraphs[4].hyperlinks[0].address == "https://example.org/guide"
    assert [link.address for link in document.paragraphs[4].hyperlinks] == ["https://example.org/guide", "mailto:office@example.org"]
    assert document.paragraphs[9].runs[0].bold  # a term
    (table,) = document.tables
    assert [c.text for c in table.rows[0].cells] == ["Name", "Role", "Since"] and table.rows[0]._tr.xpath("./w:trPr/w:tblHeader")
    # A merged cell is one cell, listed once for each column it spans; the cells after it are where they stand.
    assert [[c.text for c in row.cells] for row in table.rows[1:]] == [["All columns"] * 3, ["Two columns", "Two columns", "2026"], ["Ann", "Two more", "Two more"]]
    assert [len(row._tr.tc_lst) for row in table.rows] == [3, 1, 2, 2]
    assert document.sections[0].header.paragraphs[0].text == "DRAFT"
    assert (document.core_properties.title, document.core_properties.author, document.core_properties.language) == ("T | Org", "Org", "en-GB")


def _converted(body: str, head: str = "") -> Any:
    html = f'<!DOCTYPE html><html lang="en"><head><title>T</title>{head}</head><body><main>{body}</main></body></html>'
    return Document(io.BytesIO(DocxWriter().write(html, "test").content))


def test_words_around_a_link_keep_their_spaces_and_lists_keep_their_order_and_numbers() -> None:
    linked = _converted('<p>See <a href="https://example.org">the site</a> for more.</p><h2>See <a href="https://example.org">it</a></h2>')
    assert [p.text for p in linked.paragraphs] == ["See the site for more.", "See it"]
    # Each numbered list numbered from its start, not on from the one before.
    lists = _converted('<ol><li>alpha</li><li>beta</li></ol><p>between</p><ol start="3"><li>gamma</li></ol>')
    numbers = [p._p.xpath("./w:pPr/w:numPr/w:numId/@w:val") for p in lists.paragraphs]
    assert numbers[0] == numbers[1] and numbers[0] != numbers[3] and numbers[2] == []
    restart = lists.part.numbering_part.element.xpath(f"./w:num[@w:numId='{numbers[3][0]}']/w:lvlOverride[@w:ilvl='0']/w:startOverride/@w:val")
    assert restart == ["3"]
    # What follows a list inside an item stays after it; a quotation in an item is on lines of its own.
    nested = _converted("<ul><li><p>a</p><ul><li>b</li></ul><p>c</p></li><li>item<blockquote><p>x</p><p>y</p></blockquote></li></ul>")
    assert [(p.style.name, p.text) for p in nested.paragraphs] == [
        ("List Bullet", "a"), ("List Bullet 2", "b"), ("List Continue", "c"), ("List Bullet", "item\nx\ny"),
    ]


def test_a_link_keeps_the_emphasis_of_its_words_and_two_lists_in_an_item_follow_each_other() -> None:
    linked = _converted('<p>See <a href="https://example.org">the <em>new</em> <strong>plan</strong></a>.</p>')
    runs = [(run.text, bool(run.italic), bool(run.bold)) for run in linked.paragraphs[0].hyperlinks[0].runs]
    assert runs == [("the ", False, False), ("new", True, False), (" ", False, False), ("plan", False, True)]
    assert linked.paragraphs[0].text == "See the new plan."
    # A bulleted list then a numbered one inside an item, as Markdown makes of "- b" then "1. c" under it.
    item = _converted("<ul><li>a<ul>\n<li>b</li>\n</ul>\n<ol>\n<li>c</li>\n</ol>\n</li><li>e</li></ul>")
    assert [(p.style.name, p.text) for p in item.paragraphs] == [
        ("List Bullet", "a"), ("List Bullet 2", "b"), ("List Number 2", "c"), ("List Bullet", "e"),
    ]


def test_a_code_block_keeps_its_lines_and_spaces_in_a_fixed_width_font() -> None:
    code = _converted("<p>Our aims:</p><pre><code>- listen   well\n- act\n</code></pre><ul><li><p>item</p><pre><code>one  two\n</code></pre><p>after</p></li></ul>")
    assert [(p.style.name, p.text) for p in code.paragraphs] == [
        ("Normal", "Our aims:"), ("Code", "- listen   well\n- act"), ("List Bullet", "item"), ("Code", "one  two"), ("List Continue", "after"),
    ]
    assert code.styles["Code"].font.name == "Courier New"


def test_a_quotation_is_set_apart_and_code_is_in_a_fixed_width_font_as_on_the_page() -> None:
    quoted = _converted("<p>He wrote:</p><blockquote><p>We <strong>agree</strong>.</p></blockquote><p>Run <code>invoke build</code> now.</p>")
    assert [(p.style.name, p.text) for p in quoted.paragraphs] == [("Normal", "He wrote:"), ("Quote", "We agree."), ("Normal", "Run invoke build now.")]
    assert [(run.text, run.font.name) for run in quoted.paragraphs[2].runs if run.font.name] == [("invoke build", "Courier New")]


def test_a_rule_between_parts_is_a_line_in_word_as_on_the_page() -> None:
    ruled = _converted("<p>Part one.</p><hr><p>Part two.</p>")
    assert [p.text for p in ruled.paragraphs] == ["Part one.", "", "Part two."]
    borders = [p._p.xpath("./w:pPr/w:pBdr/w:bottom/@w:val") for p in ruled.paragraphs]
    assert borders == [[], ["single"], []]


def test_a_no_break_space_is_kept_as_the_browser_keeps_it() -> None:
    spaced = _converted("<p>a non\u00a0breaking space,  two\u00a0\u00a0no-break\n spaces <em>and\u00a0</em>more</p>")
    assert [p.text for p in spaced.paragraphs] == ["a non\u00a0breaking space, two\u00a0\u00a0no-break spaces and\u00a0more"]


def test_the_header_says_what_the_pdf_s_header_says_and_long_titles_fit() -> None:
    # A confidential item's note is not the document's status: an approved record's pages say nothing.
    confidential = _converted('<p class="status-mark"><strong>Confidential</strong> Not published</p>')
    assert confidential.sections[0].header.paragraphs[0].text == ""
    draft = _converted("<p>x</p>", '<style>@page { @top-center { content: "DRAFT"; color: #a4000f; } }</style>')
    assert draft.sections[0].header.paragraphs[0].text == "DRAFT"
    long = Document(io.BytesIO(DocxWriter().write(f'<html lang="en"><head><title>{"T" * 400}</title></head><body><main><p>x</p></main></body></html>', "t").content))
    assert long.core_properties.title == "T" * 255  # Word keeps 255 characters of it
