"""What is printed is all there and where a reader looks for it: measured in the PDFs
(text positions against the page box, rows per page, the page a heading falls on),
never by their bytes."""

from __future__ import annotations

import hashlib
import io
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest

import govpack
from conftest import ROOT, copy_examples, run_invoke
from govpack.checking.check import check
from govpack.pipeline.manifest import Output
from govpack.writing.pdf import Printer
from govpack.pipeline.produce import layout_findings
from govpack.rendering.names import INTERNAL
from govpack.rendering.render import breakable_words

ASSETS = ROOT / "templates" / "assets"
MM = 72 / 25.4  # PDF points in a millimetre


@dataclass(frozen=True)
class Run:
    """A run of text on one line of a page, and its box in PDF points from the page's
    bottom left."""

    text: str
    left: float
    bottom: float
    right: float
    top: float


def runs(pdf: bytes | Path) -> list[list[Run]]:
    """Each page's runs of text, in reading order."""
    document = pdfium.PdfDocument(pdf.read_bytes() if isinstance(pdf, Path) else pdf)
    pages = []
    for page in document:
        text = page.get_textpage()
        found = []
        for index in range(text.count_rects()):
            left, bottom, right, top = text.get_rect(index)
            found.append(Run(text.get_text_bounded(left, bottom, right, top).strip(), left, bottom, right, top))
        pages.append(found)
    return pages


def page_texts(pdf: bytes | Path) -> list[str]:
    """Each page's text, its lines as printed."""
    document = pdfium.PdfDocument(pdf.read_bytes() if isinstance(pdf, Path) else pdf)
    return [page.get_textpage().get_text_range() for page in document]


def _print(html: str) -> bytes:
    printer = Printer(ASSETS)
    return printer.write(printer.layout(html, "test"), "test")


def _page(body: str, style: str = "") -> str:
    return f'<html lang="en"><head><meta charset="utf-8"><title>Test</title><link rel="stylesheet" href="govpack.css"><link rel="stylesheet" href="print.css"><style>{style}</style></head><body>{body}</body></html>'


def _table(rows: int) -> str:
    body = "".join(f"<tr><td>Row {n:02d}</td><td>Some text</td></tr>" for n in range(rows))
    return f'<table><thead><tr><th scope="col">Heading one</th><th scope="col">Heading two</th></tr></thead><tbody>{body}</tbody></table>'


def _rows_per_page(pdf: bytes) -> list[list[str]]:
    return [[run.text for run in page if run.text.startswith("Row ")] for page in runs(pdf)]


@pytest.mark.parametrize("rows", [6, 30])
def test_no_page_holds_a_lone_row_of_a_table_and_every_page_repeats_its_header(rows: int) -> None:
    # The table starts a little lower down the page each time, so that each place a
    # page can break falls between every pair of its rows once.
    lone = []
    for filler in range(150, 262, 3):
        pdf = _print(_page(f'<div style="height: {filler}mm"></div>{_table(rows)}'))
        on_pages = [page for page in _rows_per_page(pdf) if page]
        lone += [(filler, page) for page in on_pages if len(page) == 1]
        for page, texts in zip(runs(pdf), _rows_per_page(pdf)):
            if texts:
                assert "Heading one" in [run.text for run in page], filler
        assert sum(len(page) for page in on_pages) == rows
    assert lone == []


def test_a_long_address_breaks_inside_its_table_cell_and_its_paragraph() -> None:
    address = "https://cwmarian.sharepoint.com/" + "ClusterGovernanceSharedDocumentsAllItems" * 2 + "0123456789"
    body = (
        '<table><thead><tr><th scope="col">Name</th><th scope="col">Where</th><th scope="col">Owner</th></tr></thead>'
        f"<tbody><tr><td>Papers</td><td>{address}</td><td>Cluster Support Manager</td></tr></tbody></table><p>See {address} for the papers.</p>"
    )
    pdf = _print(breakable_words(_page(body)))  # the long words marked, as the renderer marks them
    width = pdfium.PdfDocument(pdf)[0].get_size()[0]
    page = runs(pdf)[0]
    assert all(run.right <= width - 18 * MM + 1 for run in page), [(run.text, run.right) for run in page]
    text = re.sub(r"\s+", "", page_texts(pdf)[0])
    assert text.count(address) == 2  # nothing lost: the address is whole, twice, in reading order
    assert "Cluster Support Manager" in page_texts(pdf)[0].replace("\r\n", " ")


def test_a_numbered_list_is_printed_from_the_number_it_starts_at() -> None:
    """As the page and the Word file number it (WeasyPrint alone would start at 1)."""
    from govpack.rendering.markup import to_html

    body = to_html("1. agree\n2. sign\n\nThe board then agreed:\n\n3. publish\n4. review\n\nBy:\n\n2027. A year, as written")
    numbers = re.findall(r"^\s*(\d+)\.", page_texts(_print(_page(str(body))))[0].replace("\r\n", "\n"), re.M)
    assert numbers == ["1", "2", "3", "4", "2027"]


def test_dates_never_wrap(built: govpack.Project) -> None:
    checked = 0
    for pdf in sorted((built.output / "internal").rglob("*.pdf")):
        page = pdf.with_suffix(".html")
        if not page.exists():
            continue
        # The dates govpack prints (an author's own, in their prose, wrap as they fall).
        # A year alone (a real agreement's "2015") has no space to break at.
        dates = {date for date in re.findall(r"<time datetime=\"[-\d]+\">([^<]+)</time>", page.read_text(encoding="utf-8")) if " " in date}
        broken = {date.replace(" ", "\r\n", 1) for date in dates} | {" ".join(date.rsplit(" ", 1)).rsplit(" ", 1)[0] + "\r\n" + date.rsplit(" ", 1)[1] for date in dates}
        for number, text in enumerate(page_texts(pdf), 1):
            assert not [date for date in broken if date in text], f"{pdf.name} page {number}"
        checked += len(dates)
    assert checked > 100


@pytest.mark.parametrize("words", [12, 40, 120])
def test_a_long_title_keeps_its_cover_one_page_clear_of_the_foot_and_its_header_two_lines(tmp_path: Path, words: int) -> None:
    project = govpack.Project.at(copy_examples(tmp_path, ("wyvern-vale",)), organisations=["wyvern-vale"])
    vision = project.content / "wyvern-vale" / "vision.yaml"
    title = " ".join(["Purpose", "and", "Vision", "for", "the", "practices", "of", "the", "Vale"] * 14)[:words * 7].rsplit(" ", 1)[0]
    vision.write_text(vision.read_text(encoding="utf-8").replace("  title: Wyvern Vale GP Federation Purpose and Vision 2026-2029\n", f"  title: {title}\n", 1), encoding="utf-8")
    govpack.build(project)
    pages = runs(project.output / "internal/wyvern-vale/vision.en.pdf")
    cover, next_page = pages[0], pages[1]
    assert " ".join(run.text for run in cover).count("Vale") >= title.count("Vale")  # the whole title, on the cover
    facts = [run for run in cover if run.text.startswith("Review by")]
    foot = [run for run in cover if run.text.startswith("GP federation")]
    assert facts and foot and foot[0].top < min(run.bottom for run in cover if run is not foot[0] and "GP federation" not in run.text) - 5 * MM
    assert next_page[0].text != title.split()[-1]  # the title does not run onto a second page
    header = [run for run in next_page if run.bottom > 297 * MM - 24 * MM and run.left > 100 * MM]
    assert 1 <= len(header) <= 2, [run.text for run in header]
    assert header[-1].text.endswith("…") == (len(title) > 90)


def test_every_page_of_a_pack_shows_its_words_and_no_cover_is_painted_over(built: govpack.Project) -> None:
    """The pack's page numbers are laid over its pages; a page rule of the covers' (their
    colour) once painted each cover over, the pack's own and each document's."""
    for pack in sorted((built.output / "internal").glob("*/pack.*.pdf")):
        document = pdfium.PdfDocument(pack)
        for number, page in enumerate(document, 1):
            pixels = bytes(page.render(scale=0.5).buffer)
            # White text on the cover's colour (#005a70, no channel above 0x70), or dark text on white: either has bright pixels.
            assert sum(1 for value in pixels if value > 0xC0) > 500, f"{pack.name} page {number} shows nothing"


def test_signatures_are_signed_on_one_page(built: govpack.Project) -> None:
    checked = 0
    for pdf in sorted((built.output / "internal").rglob("*.en.pdf")):
        if pdf.name.split(".")[0].endswith("pack"):  # a pack holds several documents' signatures
            continue
        pages = [number for number, text in enumerate(page_texts(pdf)) if "On behalf of" in text]
        if pages:
            checked += 1
            assert len(pages) == 1, pdf.name  # the header row is repeated on any page the table runs onto
            assert "Signatures" in page_texts(pdf)[pages[0]], pdf.name
    assert checked >= 4


def test_register_of_interests_gives_the_interest_room(built: govpack.Project) -> None:
    pdf = built.output / "internal" / "cwm-arian" / "register-of-interests.en.pdf"
    for page in runs(pdf):
        headers = {run.text: run for run in page if run.text in ("Name", "Interest", "Declared")}
        if len(headers) == 3:
            table = headers["Declared"].left - headers["Name"].left
            assert headers["Declared"].left - headers["Interest"].left > 0.35 * table
    assert len(page_texts(pdf)) <= 4  # it ran to five pages; now its entries fit on two


def test_a_role_on_the_body_named_as_the_persons_own_is_not_said_twice(built: govpack.Project) -> None:
    page = (built.output / "internal" / "cwm-arian" / "leadership-team.en.html").read_text(encoding="utf-8")
    pairs = re.findall(r"<td>([^<]*)(?:<a [^>]*>[^<]*</a>)?<br><span class=\"note\">Role: (?:<a [^>]*>)?([^<]*)", page)
    assert pairs  # a member whose role here says more than their own still has it
    assert all(own.strip().lower() != role.strip().lower() for own, role in pairs)
    assert "Cluster Support Manager" in page


def test_audiences_a_channel_reaches_are_set_apart(built: govpack.Project) -> None:
    pdf = built.output / "internal" / "cwm-arian" / "communication-strategy.en.pdf"
    for page in runs(pdf):
        texts = [run.text for run in page]
        if "Seldom-heard" in texts and "carers and the" in texts:
            wrapped, next_item = page[texts.index("carers and the")], page[texts.index("Seldom-heard")]
            line = page[texts.index("carers and the") + 1]  # "public", the same item's next line
            assert line.text == "public"
            # From the top of one line to the next (each has a letter as tall as "d"): a
            # line further from the next item than from the line before it in its own.
            assert (line.top - next_item.top) > (wrapped.top - line.top) + 2
            return
    raise AssertionError("the channels table was not found")


def test_pack_pages_are_numbered_as_its_contents_numbers_them(built: govpack.Project) -> None:
    pdf = built.output / "internal" / "cwm-arian" / "pack.en.pdf"
    texts = page_texts(pdf)
    total = len(texts)
    width = pdfium.PdfDocument(pdf)[0].get_size()[0]
    # The contents' last column, right-aligned: the page each document starts on.
    starts = [int(run.text) for run in runs(pdf)[1] if run.text.isdigit() and run.left > 0.8 * width]
    with pikepdf.open(pdf) as pack, pack.open_outline() as outline:
        titles = [item.title for item in outline.root][1:]
    assert len(starts) == len(titles) == 10
    for title, page in zip(titles, starts):
        assert title.split()[-1] in texts[page - 1].split()  # its cover
        assert "Document control" in texts[page]
    for number, text in enumerate(texts, 1):
        if number == 1 or number in starts:
            assert "Pack page" not in text  # a cover has none
        else:
            assert f"Pack page {number} of {total}" in text, number
    # A document's own numbering stays beside the pack's.
    assert re.search(r"Page 2 of \d+", texts[min(starts)])


def test_page_numbers_laid_over_the_pack_are_artifacts_not_content(built: govpack.Project) -> None:
    with pikepdf.open(built.output / "internal" / "cwm-arian" / "pack.en.pdf") as pack:
        page = pack.pages[3]
        forms = [xobject for xobject in page.Resources.XObject.values() if xobject.get("/Subtype") == "/Form"]
        marked = [operands[0] for form in forms for operands, operator in pikepdf.parse_content_stream(form) if str(operator) == "BDC"]
        assert marked and all(tag == pikepdf.Name.Artifact for tag in marked)


def test_bookmarks_nest_each_documents_sections_under_its_title(built: govpack.Project) -> None:
    with pikepdf.open(built.output / "internal" / "cwm-arian" / "pack.en.pdf") as pack, pack.open_outline() as outline:
        top = [item.title for item in outline.root]
        assert top[0] == "Governance pack"
        assert len(top) == 11 and "Document control" not in top
        for item in outline.root[1:]:
            assert item.children[0].title == "Document control", item.title
    with pikepdf.open(built.output / "internal" / "cwm-arian" / "code-of-conduct.en.pdf") as own, own.open_outline() as outline:
        assert [item.title for item in outline.root] == ["Cwm Arian Cluster Code of Conduct"]
        assert "Signatures" in [item.title for item in outline.root[0].children]


SCRIPTS = {
    "Welsh": "Croeso i'r ŵyl a'r ŷd",
    "Polish": "Zażółć gęślą jaźń",
    "Romanian": "Sănătate și îngrijire",
    "Arabic": "مرحبا بكم",
    "Urdu": "خوش آمدید",
    "Punjabi": "ਸਿਹਤ ਸੇਵਾਵਾਂ",
    "Bengali": "স্বাস্থ্য সেবা",
    "Hindi": "स्वास्थ्य सेवा",
    "Chinese": "健康服务",
    "emoji": "👍 ❤",
}


def test_every_script_the_communities_read_prints_with_a_font_that_has_it() -> None:
    pdf = Printer(ASSETS)
    layout = pdf.layout(_page("".join(f"<p>{name}: {text}</p>" for name, text in SCRIPTS.items())), "test")
    written = pdf.write(layout, "test")
    assert layout.warnings == []
    with pikepdf.open(io.BytesIO(written)) as document:
        fonts = {str(font.BaseFont).split("+")[-1] for font in document.pages[0].Resources.Font.values()}
    assert {"Noto-Sans-Gurmukhi", "Noto-Sans-Bengali", "Noto-Sans-Devanagari", "Noto-Sans-CJK-SC", "Noto-Color-Emoji"} <= fonts
    assert "DejaVu-Sans" in fonts


def test_weasyprints_warnings_are_kept_and_become_findings_at_the_document(tmp_path: Path) -> None:
    printer = Printer(ASSETS)
    layout = printer.layout(_page('<p style="colour: red">Mark \ue000 here</p><p>Mark \ue000 again</p>'), "test")
    printer.write(layout, "test")
    assert [w.missing for w in layout.warnings if w.missing] == ["\ue000"]  # each once
    assert [w.message for w in layout.warnings if not w.missing] == ["Ignored `colour: red` at 1:1, unknown property."]
    organisations, _ = check(govpack.Project.at(copy_examples(tmp_path)))
    org = organisations[0]
    doc = org.documents[0]
    name = f"{doc.slug}.en.pdf"
    output = Output(f"internal/{org.slug}/{name}", org.slug, doc.slug, doc.type, "en", "pdf", INTERNAL, "approved", b"", "", warnings=tuple(layout.warnings))
    found = [str(f) for f in layout_findings(organisations, [output])]
    assert f"{doc.source.path}:1:1: warning: {name}: WeasyPrint warned while printing it: Ignored `colour: red` at 1:1, unknown property. [pdf-warning]" in found


def test_a_character_no_font_has_is_a_finding_at_its_line_and_an_error_under_strict(tmp_path: Path) -> None:
    # Word's Symbol font puts its bullet at U+F0B7, which a paste from Word keeps: pasted
    # where the README's example says, the build says what the README shows.
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    expected = next(line.strip() for line in readme.splitlines() if line.strip().endswith("[missing-glyph]"))
    path, line, col = re.match(r"(\S+?):(\d+):(\d+):", expected).groups()
    project = copy_examples(tmp_path, (path.split("/")[1],))
    shutil.rmtree(project / path.rsplit("/", 1)[0] / "meetings")  # not needed here: a quicker build
    lines = (project / path).read_text(encoding="utf-8").splitlines(keepends=True)
    text = lines[int(line) - 1]
    lines[int(line) - 1] = text[: int(col) - 1] + "\uf0b7" + text[int(col) - 1 :]
    (project / path).write_text("".join(lines), encoding="utf-8")
    done = run_invoke("build", cwd=project)
    assert done.returncode == 0, done.stderr
    assert expected in done.stderr.splitlines()
    # A build that prints nothing again still says so, and --strict stops it.
    strict = run_invoke("build", "--strict", cwd=project)
    assert strict.returncode == 1
    assert expected.replace(": warning: ", ": error: ") in strict.stderr.splitlines()


def test_no_page_ends_with_a_heading(built: govpack.Project) -> None:
    # PDFium gives sizes in the units WeasyPrint draws in (CSS px): a heading's text is
    # 14.4 or more, body text 13.3 or less. The lowest text of a page's body (between its
    # header and footer) must not be a heading's.
    checked = 0
    for pdf in sorted((built.output / "internal").rglob("*.pdf")):
        if pdf.name.startswith("pack."):
            continue  # its pages are its documents'
        document = pdfium.PdfDocument(pdf)
        for number, page in enumerate(document, 1):
            if number == 1:
                continue  # the cover, which is not laid out in a body
            text, height = page.get_textpage(), page.get_size()[1]
            lowest = None
            for index in range(text.count_chars()):
                box = text.get_charbox(index)
                if 22 * MM < box[1] < height - 24 * MM and text.get_text_range(index, 1).strip():
                    if lowest is None or box[1] < lowest[0]:
                        lowest = (box[1], pdfium.raw.FPDFText_GetFontSize(text.raw, index))
            if lowest is not None:
                checked += 1
                assert lowest[1] < 14, f"{pdf.name} page {number}"
    assert checked > 150


def test_a_page_prints_as_weasyprint_prints_it_with_its_stylesheets_parsed_once(tmp_path: Path) -> None:
    # The printer gives WeasyPrint a page's stylesheets parsed once a process; a draft's
    # page has them in its head and its body, and its cover overrides the header they set.
    from weasyprint import HTML

    from govpack.reading.document_types import document_types
    from govpack.rendering.names import PRINT
    from govpack.rendering.render import Renderer
    from govpack.writing.fetch import AssetFetcher

    organisations, _ = check(govpack.Project.at(copy_examples(tmp_path)))
    renderer = Renderer(ROOT / "templates", document_types(ROOT / "schemas"))
    pages = [renderer.document(org, doc, "en", PRINT) for org in organisations for doc in org.documents if doc.control.get("status") == "draft"][:2]
    assert len(pages) == 2 and all('<style>@page { @top-center { content: "DRAFT"' in page for page in pages)
    printer = Printer(ASSETS)
    for page in pages * 2:  # the second time round, every stylesheet is one parsed before
        as_printed = printer.write(printer.layout(page, "test"), "test")
        as_written = printer.write(printer.layout(page, "test"), "test")
        bare = HTML(string=page, base_url=ASSETS.as_uri() + "/", url_fetcher=AssetFetcher(ASSETS)).render()
        assert as_printed == as_written == bare.write_pdf(pdf_identifier=hashlib.sha256(page.encode()).hexdigest()[:32].encode(), pdf_variant="pdf/ua-1")
    headers = [[run.text for run in page if run.bottom > (297 - 24) * MM] for page in runs(as_printed)]
    assert "DRAFT" not in headers[0] and "DRAFT" in headers[1]  # the header's, not on the cover


def test_a_warning_in_a_stylesheet_is_kept_with_every_page_that_has_it() -> None:
    printer = Printer(ASSETS)
    for _ in range(2):
        layout = printer.layout(_page("<p>Text</p>", style="p { colour: red }"), "test")
        assert [w.message for w in layout.warnings] == ["Ignored `colour: red ` at 1:5, unknown property."]


def test_a_stylesheet_edited_while_the_process_runs_is_read_again(tmp_path: Path) -> None:
    # serve prints in one process for as long as it runs, while its stylesheets may be edited.
    assets = tmp_path / "assets"
    shutil.copytree(ASSETS, assets)
    printer = Printer(assets)
    sizes = []
    for size in ("A4", "A5"):
        (assets / "print.css").write_text(f"@page {{ size: {size} }}", encoding="utf-8")
        written = printer.write(printer.layout(_page("<p>Text</p>"), "test"), "test")
        with pikepdf.open(io.BytesIO(written)) as document:
            sizes.append(round(float(document.pages[0].MediaBox[3]) / MM))
    assert sizes == [297, 210]


def test_a_page_with_a_stylesheet_written_otherwise_is_printed_as_weasyprint_reads_it() -> None:
    # A stylesheet for one medium is not one the printer passes parsed: WeasyPrint reads
    # all of that page's as they are written, so that each keeps its rank and its medium.
    from weasyprint import HTML

    from govpack.writing.fetch import AssetFetcher

    page = _page(
        """<section class="cover">Cover</section><p>Text</p><style media="print">@page { @top-center { content: "HEADER" } }</style>""",
        style="@page cover { @top-center { content: none } }",  # outranks the header, as the cover's page
    )
    printer = Printer(ASSETS)
    printed = printer.write(printer.layout(page, "test"), "test")
    bare = HTML(string=page, base_url=ASSETS.as_uri() + "/", url_fetcher=AssetFetcher(ASSETS)).render()
    assert printed == bare.write_pdf(pdf_identifier=hashlib.sha256(page.encode()).hexdigest()[:32].encode(), pdf_variant="pdf/ua-1")
    headers = [[run.text for run in each if run.bottom > (297 - 24) * MM] for each in runs(printed)]
    assert headers == [[], ["HEADER"]]


def test_stylesheets_print_as_weasyprint_reads_them_whatever_their_encoding_or_rules(tmp_path: Path) -> None:
    # A byte-order mark, and rules that reach beyond their stylesheet (a list's own
    # counter style, another file imported), print as WeasyPrint prints the page as written.
    from weasyprint import HTML

    from govpack.writing.fetch import AssetFetcher

    assets = tmp_path / "assets"
    shutil.copytree(ASSETS, assets)
    (assets / "marked.css").write_bytes(b"\xef\xbb\xbfp { color: #a4000f }")
    (assets / "imported.css").write_text("li { color: #005a70 }", encoding="utf-8")
    (assets / "importing.css").write_text('@import "imported.css";', encoding="utf-8")
    pages = [
        _page('<link rel="stylesheet" href="marked.css"><p>Red</p>'),
        _page('<ul><li>One</li></ul>', style='@counter-style stars { system: cyclic; symbols: "*"; suffix: " " } ul { list-style: stars }'),
        _page('<link rel="stylesheet" href="importing.css"><ul><li>One</li></ul>'),
    ]
    printer = Printer(assets)
    for page in pages:
        printed = printer.write(printer.layout(page, "test"), "test")
        bare = HTML(string=page, base_url=assets.as_uri() + "/", url_fetcher=AssetFetcher(assets)).render()
        assert printed == bare.write_pdf(pdf_identifier=hashlib.sha256(page.encode()).hexdigest()[:32].encode(), pdf_variant="pdf/ua-1")
