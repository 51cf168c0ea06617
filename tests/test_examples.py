"""The example content builds into the outputs the contract promises, and they read right."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

import govpack
from conftest import ROOT
from govpack.reading.document_types import document_types

TYPES = ("vision", "terms-of-reference", "code-of-conduct", "communication-strategy", "service-level-agreement")
# The cluster and the federation keep every core type, and state all the guide
# recommends; the partnership keeps two, as its members wrote them (test_real_documents).
ORGANISATIONS = ("cwm-arian", "wyvern-vale")
LANGUAGES = {"cwm-arian": ("cy", "en"), "wyvern-vale": ("en",)}
GOLDEN = ROOT / "tests" / "golden" / "examples"

# What a reader must find in the PDF of each type of a document that states all the
# guide recommends (lower-case words).
MUST_SAY = {
    "vision": ["vision", "mission", "values", "common purpose", "sign-up", "milestones"],
    "terms-of-reference": ["membership", "quorum", "voting", "proxies", "review", "chair", "declarations of interest", "signatures"],
    "code-of-conduct": ["selflessness", "integrity", "objectivity", "accountability", "openness", "honesty", "leadership", "interest"],
    "communication-strategy": ["audiences", "channels", "goals", "service users", "cluster staff", "objectives", "audience insight"],
    "service-level-agreement": ["parties", "performance", "review", "monitoring", "notice", "disputes", "signatures"],
}


def manifest(project: govpack.Project) -> list[dict]:
    return json.loads((project.output / "manifest.json").read_text(encoding="utf-8"))["outputs"]


def pdf_text(path: Path) -> str:
    text = " ".join(page.extract_text() or "" for page in PdfReader(path).pages)
    return re.sub(r"\s+", " ", text).lower()


def test_manifest_lists_every_type_in_html_pdf_and_word_and_a_pack(built: govpack.Project) -> None:
    entries = manifest(built)
    for org in ORGANISATIONS:
        for doc_type in TYPES:
            formats = {e["format"] for e in entries if e["organisation"] == org and e["type"] == doc_type}
            assert formats == {"html", "pdf", "docx"}, (org, doc_type)
        packs = [e for e in entries if e["organisation"] == org and e["document"] == "pack"]  # meeting packs: test_meeting_packs
        assert [(p["format"], p["document"], p["lang"]) for p in packs] == [("pdf", "pack", lang) for lang in LANGUAGES[org]]
        assert {e["lang"] for e in entries if e["organisation"] == org} == set(LANGUAGES[org])
    assert {e["audience"] for e in entries} == {"internal"}


def test_manifest_checksums_and_sizes_match_the_files(built: govpack.Project) -> None:
    generator = json.loads((built.output / "manifest.json").read_text(encoding="utf-8"))["generator"]
    assert generator == f"govpack {govpack.__version__}"
    for entry in manifest(built):
        content = (built.output / entry["path"]).read_bytes()
        assert entry["bytes"] == len(content), entry["path"]
        assert entry["sha256"] == hashlib.sha256(content).hexdigest(), entry["path"]


@pytest.mark.parametrize("doc_type", TYPES)
def test_pdfs_say_what_their_type_must_hold(built: govpack.Project, doc_type: str) -> None:
    # In English; test_languages holds the Welsh to the same layout.
    pdfs = [e for e in manifest(built) if e["type"] == doc_type and e["format"] == "pdf" and e["lang"] == "en" and e["organisation"] in ORGANISATIONS]
    assert pdfs
    for entry in pdfs:
        text = pdf_text(built.output / entry["path"])
        missing = [word for word in MUST_SAY[doc_type] if word not in text]
        assert missing == [], entry["path"]


MARKS = {"en": {"draft": "DRAFT", "superseded": "SUPERSEDED"}, "cy": {"draft": "DRAFFT", "superseded": "WEDI'I DISODLI"}}


def test_draft_and_superseded_are_marked_on_every_page_and_approved_documents_never(built: govpack.Project) -> None:
    pdfs = [e for e in manifest(built) if e["format"] == "pdf" and e["type"] != "pack"]
    assert {e["status"] for e in pdfs} == {"draft", "approved", "superseded"}, "the examples should hold each status"
    for entry in pdfs:
        pages = [page.extract_text() or "" for page in PdfReader(built.output / entry["path"]).pages]
        for status, mark in MARKS[entry["lang"]].items():
            assert [mark in text for text in pages] == [entry["status"] == status] * len(pages), entry["path"]


def test_a_superseded_document_names_and_links_its_successor(built: govpack.Project) -> None:
    html = (built.output / "internal/cwm-arian/stakeholder-board-2025.en.html").read_text(encoding="utf-8")
    successor = '<a href="stakeholder-board.en.html">Terms of Reference of the Cwm Arian Cluster Stakeholder Board, version 2.0</a>'
    assert html.count(successor) == 2  # in the mark at the top and in the document control table
    pdf = pdf_text(built.output / "internal/cwm-arian/stakeholder-board-2025.en.pdf")
    assert "superseded by terms of reference of the cwm arian cluster stakeholder board, version 2.0" in pdf


def test_pack_holds_every_document_in_force_behind_a_cover_and_contents(built: govpack.Project) -> None:
    entries = manifest(built)
    for org in ORGANISATIONS:
        for lang, heading in (("en", "Contents"), ("cy", "Cynnwys")):
            if lang not in LANGUAGES[org]:
                continue
            docs = [
                e for e in entries
                if e["organisation"] == org and e["lang"] == lang and e["format"] == "pdf" and e["type"] != "pack" and document_types(ROOT / "schemas")[e["type"]].in_pack and e["status"] != "superseded"
            ]  # a meeting's minutes and a body's logs are not in the pack (their type's meta: in_pack)
            pack = PdfReader(built.output / f"internal/{org}/pack.{lang}.pdf")
            pages = sum(len(PdfReader(built.output / e["path"]).pages) for e in docs)
            assert len(pack.pages) == 2 + pages
            assert heading in pack.pages[1].extract_text()
            titles = [item.title for item in pack.outline if not isinstance(item, list)]
            assert len(titles) >= len(docs) + 1  # the pack's own title, then each document's


def test_no_pdf_points_into_the_machine_that_made_it(built: govpack.Project) -> None:
    for entry in manifest(built):
        if entry["format"] == "pdf":
            assert b"file:" not in (built.output / entry["path"]).read_bytes(), entry["path"]


def test_every_pdf_has_a_title_and_is_tagged(built: govpack.Project) -> None:
    for entry in manifest(built):
        if entry["format"] == "pdf":
            reader = PdfReader(built.output / entry["path"])
            assert reader.metadata.title, entry["path"]
            assert "/StructTreeRoot" in reader.trailer["/Root"], entry["path"]
            assert len(reader.pages) >= 2, entry["path"]


def test_indexes_link_every_document_html_and_pdf(built: govpack.Project) -> None:
    site = (built.output / "internal/index.html").read_text(encoding="utf-8")
    for org in ORGANISATIONS:
        assert f'href="{org}/index.html"' in site
        for lang in LANGUAGES[org]:
            index = (built.output / f"internal/{org}/{'index.html' if lang == 'en' else f'index.{lang}.html'}").read_text(encoding="utf-8")
            docs = [e for e in manifest(built) if e["organisation"] == org and e["lang"] == lang]
            for entry in docs:
                assert f'href="{Path(entry["path"]).name}"' in index, entry["path"]


def test_html_matches_golden_files(built: govpack.Project, update_goldens: bool) -> None:
    """Every built page equals its golden copy; ``pytest --update-goldens`` rewrites them."""
    internal = built.output / "internal"
    built_pages = {p.relative_to(internal).as_posix(): p.read_text(encoding="utf-8") for p in sorted(internal.rglob("*.html"))}
    if update_goldens:
        for rel, text in built_pages.items():
            (GOLDEN / rel).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / rel).write_text(text, encoding="utf-8")
    golden = {p.relative_to(GOLDEN).as_posix(): p.read_text(encoding="utf-8") for p in sorted(GOLDEN.rglob("*.html"))}
    assert sorted(built_pages) == sorted(golden)
    for rel, text in built_pages.items():
        assert text == golden[rel], f"{rel} differs from tests/golden/examples/{rel}"
