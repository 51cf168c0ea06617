"""Accessible PDFs, checked as an auditor would: every PDF's structure, with pikepdf."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pikepdf
import pytest

import govpack
from conftest import ROOT
from govpack.writing.pdf import PdfError, Printer


@pytest.fixture(scope="module")
def every_pdf(published: govpack.Project) -> list[tuple[Path, dict]]:
    """Every PDF of a build and a publication, with its manifest entry."""
    manifest = json.loads((published.output / "manifest.json").read_text(encoding="utf-8"))["outputs"]
    found = [(published.output / entry["path"], entry) for entry in manifest if entry["format"] == "pdf"]
    assert {entry["audience"] for _, entry in found} == {"internal", "public"}
    return found


def _elements(node: object) -> list[pikepdf.Dictionary]:
    """The structure elements under ``node``, in reading order."""
    if isinstance(node, pikepdf.Array):
        return [element for item in node for element in _elements(item)]
    if isinstance(node, pikepdf.Dictionary) and "/S" in node:
        return [node, *_elements(node.get("/K"))]
    return []


def test_every_pdf_is_tagged_pdf_ua_1_with_a_title_and_its_language(every_pdf: list[tuple[Path, dict]]) -> None:
    for path, entry in every_pdf:
        pdf = pikepdf.open(path)
        assert pdf.Root.MarkInfo.Marked is True, path
        assert "/StructTreeRoot" in pdf.Root, path
        assert str(pdf.Root.Lang) == entry["lang"], path
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True, path
        with pdf.open_metadata() as xmp:
            assert xmp.get("{http://www.aiim.org/pdfua/ns/id/}part") == "1", path
            assert xmp.get("{http://purl.org/dc/elements/1.1/}title", "").strip(), path


def test_headings_run_in_order_tables_have_header_cells_and_figures_text(every_pdf: list[tuple[Path, dict]]) -> None:
    for path, _ in every_pdf:
        pdf = pikepdf.open(path)
        elements = _elements(pdf.Root.StructTreeRoot.K)
        kinds = [str(element.S) for element in elements]
        levels = [int(kind[2]) for kind in kinds if kind in {f"/H{n}" for n in range(1, 7)}]
        assert levels and levels[0] == 1, path
        assert all(later <= earlier + 1 for earlier, later in zip(levels, levels[1:])), (path, levels)
        for index, element in enumerate(elements):
            if kinds[index] == "/Table":
                assert any(str(inner.S) == "/TH" for inner in _elements(element.get("/K"))), path
            if kinds[index] == "/Figure":
                assert str(element.get("/Alt", "")).strip(), path


@pytest.mark.parametrize(
    ("html", "missing"),
    [
        ('<html lang="en"><head></head><body><p>Text</p></body></html>', "a title (<title>)"),
        ("<html><head><title>T</title></head><body><p>Text</p></body></html>", 'a language (<html lang="...">)'),
        ('<html lang="en"><head><title>T</title></head><body><svg width="10" height="10"><rect width="5" height="5"/></svg></body></html>', "a text alternative for the image svg"),
    ],
)
def test_a_pdf_without_a_title_language_or_text_alternative_is_an_error(html: str, missing: str) -> None:
    with pytest.raises(PdfError, match="an accessible PDF needs " + missing.replace("(", r"\(").replace(")", r"\)")):
        Printer(ROOT / "templates" / "assets").layout(html, "page.html")


AXE = ROOT / "tests" / "axe"


def _browse(pages: list[Path]) -> dict[str, dict]:
    """For each page, in Debian's Chromium (scripts/setup installs it and axe-core):
    axe-core's WCAG 2.2 A and AA violations at 1280 px, and at 320 px the page's
    width and the elements that reach past the viewport outside a scroll container."""
    assert (AXE / "node_modules" / "axe-core").is_dir(), "axe-core is not installed: run scripts/setup"
    done = subprocess.run(["node", str(AXE / "check.mjs"), *map(str, pages)], capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def every_page(published: govpack.Project) -> dict[str, dict]:
    """What the browser found on every HTML page of a build and a publication, both languages."""
    internal, public = sorted((published.output / "internal").rglob("*.html")), sorted((published.output / "public").rglob("*.html"))
    assert len(internal) == 72 and len(public) == 54  # every document, and every index, guide and statement page, in each language
    assert any(page.name.endswith(".cy.html") for page in public)
    return _browse(internal + public)


def test_axe_finds_no_wcag_violation_on_any_built_page(every_page: dict[str, dict]) -> None:
    violations = {page: found["violations"] for page, found in every_page.items() if found["violations"]}
    assert violations == {}


def test_every_page_reflows_at_320_css_pixels(every_page: dict[str, dict]) -> None:
    """WCAG 2.2 SC 1.4.10: no page scrolls sideways on a 320 px screen; wide tables scroll in their own container."""
    wider = {page: found["reflow"] for page, found in every_page.items() if found["reflow"]["width"] > 320 or found["reflow"]["wider"]}
    assert wider == {}


def test_the_browser_reports_what_it_should(tmp_path: Path) -> None:
    page = tmp_path / "bad.html"
    page.write_text('<!DOCTYPE html><html><head><title>Bad</title></head><body><img src="x.png"><a href="#"></a><div class="wide" style="width: 600px">x</div></body></html>', encoding="utf-8")
    found = _browse([page])[str(page)]
    assert {"html-has-lang", "image-alt", "link-name"} <= {violation["id"] for violation in found["violations"]}
    assert found["reflow"]["width"] > 320 and found["reflow"]["wider"] == ["div.wide"]


def test_a_wide_table_scrolls_in_a_container_the_keyboard_reaches_and_a_heading_names(built: govpack.Project) -> None:
    page = (built.output / "internal" / "cwm-arian" / "register-of-interests.en.html").read_text(encoding="utf-8")
    assert re.search(r'<h2[^>]*>Interests declared</h2>\s*<div class="table-scroll" role="region" tabindex="0" aria-label="Interests declared"><table class="register">', page), page[:3000]
