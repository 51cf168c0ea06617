"""Welsh and English: texts per language, the catalogues, and one full output set per language."""

from __future__ import annotations

import json
import shutil
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.checkers import python_format
from babel.messages.pofile import read_po
from pypdf import PdfReader

import govpack
from conftest import ROOT, copy_examples
from govpack.rendering.catalogue import interface
from govpack.reading.texts import LANGUAGES, SOURCE_LANGUAGE, localised, missing
from govpack.rendering.i18n import catalogue, format_date, label, po_file
from govpack.reading.document_types import document_types
from govpack.rendering.packs import Pack
from govpack.rendering.render import Renderer

WELSH_CLUSTER = "cwm-arian"
ENGLISH_ONLY = "wyvern-vale"


def _manifest(project: govpack.Project) -> list[dict]:
    return json.loads((project.output / "manifest.json").read_text(encoding="utf-8"))["outputs"]


# Texts per language -----------------------------------------------------------


def test_localised_takes_each_text_in_one_language_and_leaves_the_rest() -> None:
    data = {"title": {"en": "Vision", "cy": "Gweledigaeth"}, "people": {"en": {"name": "Dr Nia Rees"}}, "items": [{"cy": "Un"}], "n": 3}
    assert localised(data, "cy") == {"title": "Gweledigaeth", "people": {"en": {"name": "Dr Nia Rees"}}, "items": ["Un"], "n": 3}
    assert localised(data, "en")["title"] == "Vision"
    assert localised(data, "en")["items"] == ["Un"]  # missing English, which check reports: the text there is


def test_a_text_lacks_a_language_unless_given_in_it_or_there_is_only_one() -> None:
    assert missing({"en": "Vision"}, ["en", "cy"]) == ["cy"]
    assert missing("Vision", ["en", "cy"]) == ["en", "cy"]
    assert missing("Vision", ["en"]) == []
    assert missing({"cy": "Gweledigaeth"}, ["en"]) == ["en"]
    assert missing({"en": "Vision", "cy": "Gweledigaeth"}, ["cy", "en"]) == []


def test_a_text_in_a_language_govpack_does_not_know_is_refused(tmp_path: Path) -> None:
    project = copy_examples(tmp_path)
    vision = project / "content" / WELSH_CLUSTER / "vision.yaml"
    text = vision.read_text(encoding="utf-8")
    vision.write_text(text.replace("\n    cy: Gweledigaeth, Gwerthoedd", "\n    fr: Gweledigaeth, Gwerthoedd", 1), encoding="utf-8")
    _, findings = govpack.check(govpack.Project.at(project))
    assert [str(f) for f in findings] == [
        f'content/{WELSH_CLUSTER}/vision.yaml:5:5: error: "fr" is not a language a text may be given in: use en, cy [schema-allowed]'
    ]


# The catalogues -----------------------------------------------------------------


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != SOURCE_LANGUAGE])
def test_every_interface_message_is_translated_with_its_placeholders(lang: str) -> None:
    wanted = interface(govpack.Project.at(ROOT))
    with po_file(ROOT / "templates", lang).open("rb") as po:
        translated = read_po(po, locale=lang)
    keys = {(m.id, m.context) for m in wanted if m.id}
    have = {(m.id, m.context) for m in translated if m.id}
    assert sorted(map(str, keys - have)) == [], "new messages: run scripts/catalogues and translate them"
    assert sorted(map(str, have - keys)) == [], "messages no longer used: run scripts/catalogues"
    for message in translated:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings) and not message.fuzzy, f"untranslated: {message.id!r}"
        python_format(translated, message)  # raises TranslationError on a placeholder lost or added


def test_welsh_words_dates_and_labels_come_from_the_catalogue_and_babel() -> None:
    words = catalogue(ROOT / "templates", "cy")
    assert words.gettext("Page") == "Tudalen"
    assert label("status", "approved", words) == "Wedi'i chymeradwyo"
    assert label("status", "approved") == "Approved"
    assert format_date("2026-03-12", "cy") == "12 Mawrth 2026"
    assert format_date("2026-03-12") == "12 March 2026"
    # Welsh counts take the singular noun after "o", one entry its own sentence.
    assert words.ngettext(*_withheld_message(), 1) % {"count": 1} != words.ngettext(*_withheld_message(), 3) % {"count": 3}


def _withheld_message() -> tuple[str, str]:
    entry = next(m for m in interface(govpack.Project.at(ROOT)) if isinstance(m.id, tuple))
    return entry.id


# One full output set per language ---------------------------------------------------------


def test_the_welsh_cluster_has_every_document_and_pack_in_welsh_and_english_in_both_audiences(published: govpack.Project) -> None:
    outputs = _manifest(published)
    for audience in ("internal", "public"):
        own = [o for o in outputs if o["organisation"] == WELSH_CLUSTER and o["audience"] == audience]
        documents = {o["document"] for o in own}
        packs = {o["document"] for o in own if o["type"] == "pack"}
        assert "pack" in packs
        for lang in ("cy", "en"):
            for fmt in ("html", "pdf"):
                made = {o["document"] for o in own if (o["lang"], o["format"]) == (lang, fmt)}
                assert made == (documents - packs if fmt == "html" else documents), (audience, lang, fmt)
    # An organisation publishing in English alone has no Welsh outputs.
    assert {o["lang"] for o in outputs if o["organisation"] == ENGLISH_ONLY} == {"en"}


def test_a_welsh_pdf_is_in_welsh_throughout(built: govpack.Project) -> None:
    welsh = PdfReader(built.output / "internal" / WELSH_CLUSTER / "leadership-team.cy.pdf")
    english = PdfReader(built.output / "internal" / WELSH_CLUSTER / "leadership-team.en.pdf")
    assert len(welsh.pages) > 2 and len(english.pages) > 2
    cover, second = (" ".join(page.extract_text().split()) for page in welsh.pages[:2])
    assert "Cylch Gorchwyl Tîm Arwain Clwstwr Cwm Arian" in cover and "Ionawr 2026" in cover
    assert "This document is also available in English." in cover
    assert f"Tudalen 2 o {len(welsh.pages)}" in second and "Rheoli dogfennau" in second
    assert f"Page 2 of {len(english.pages)}" in english.pages[1].extract_text()


class _Page(HTMLParser):
    """The language of a page, its links to its twins, and the text under each ``lang``."""

    def __init__(self) -> None:
        super().__init__()
        self.lang, self.twins, self.stack, self.text = "", {}, [], {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "html":
            self.lang = found["lang"] or ""
        if tag == "a" and found.get("hreflang") and found.get("lang"):
            self.twins[found["lang"]] = found["href"]
        if tag not in {"br", "meta", "link", "img", "input", "hr"}:
            self.stack.append(found.get("lang") or (self.stack[-1] if self.stack else ""))

    def handle_endtag(self, tag: str) -> None:
        if tag not in {"br", "meta", "link", "img", "input", "hr"} and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        lang = self.stack[-1] if self.stack else self.lang
        self.text[lang] = self.text.get(lang, "") + data


def _page(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def test_every_page_of_the_welsh_cluster_links_to_its_twin_and_back(published: govpack.Project) -> None:
    pages = [p for audience in ("internal", "public") for p in (published.output / audience).rglob("*.html")]
    bilingual = [p for p in pages if WELSH_CLUSTER in p.parts or p.parent.name in ("internal", "public")]
    assert len(bilingual) > 40
    for path in bilingual:
        page = _page(path)
        other = "en" if page.lang == "cy" else "cy"
        assert set(page.twins) == {other}, path
        twin = (path.parent / page.twins[other]).resolve()
        assert _page(twin).lang == other, path
        assert (path.parent / _page(twin).twins[page.lang]).resolve() == path.resolve(), path
    # English alone: no language links.
    assert all(_page(p).twins == {} for p in pages if ENGLISH_ONLY in p.parts)


def test_welsh_pages_show_no_english_interface_words(published: govpack.Project) -> None:
    words = catalogue(ROOT / "templates", "cy")
    english = [m.id for m in interface(govpack.Project.at(ROOT)) if isinstance(m.id, str) and len(m.id) > 12 and "%" not in m.id and words.gettext(m.id) != m.id]
    for path in (published.output / "public" / WELSH_CLUSTER).glob("*.cy.html"):
        text = " ".join(_page(path).text.get("cy", "").split())
        assert [words_ for words_ in english if words_ in text] == [], path


def test_on_the_welsh_guide_an_english_only_organisation_is_marked_as_english(published: govpack.Project) -> None:
    page = _page(published.output / "public" / "index.cy.html")
    assert page.lang == "cy"
    assert "Wyvern Vale GP Federation" in page.text["en"]
    assert "Wyvern Vale GP Federation" not in page.text["cy"]
    assert re.search(r'<a href="wyvern-vale/index.html" lang="en">', (published.output / "public" / "index.cy.html").read_text(encoding="utf-8"))


def test_a_document_text_over_a_bilingual_default_replaces_it_in_every_language(tmp_path: Path) -> None:
    project = copy_examples(tmp_path)
    own = project / "content" / WELSH_CLUSTER / "code-of-conduct.yaml"
    own.write_text(own.read_text(encoding="utf-8") + "confidentiality:\n  en: Our own words on confidentiality.\n", encoding="utf-8")
    line = own.read_text(encoding="utf-8").splitlines().index("confidentiality:") + 1
    organisations, findings = govpack.check(govpack.Project.at(project))
    assert [str(f) for f in findings] == [
        f'content/{WELSH_CLUSTER}/code-of-conduct.yaml:{line}:1: error: "confidentiality" has no text in cy (Cymraeg), which the organisation publishes in [language-missing]'
    ]
    welsh = next(org for org in organisations if org.slug == WELSH_CLUSTER)
    conduct = next(doc for doc in welsh.documents if doc.slug == "code-of-conduct")
    assert conduct.data["confidentiality"] == {"en": "Our own words on confidentiality."}  # not beside the default's Welsh


def test_a_bilingual_organisation_with_no_documents_yet_builds_its_pages_in_both(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "tests" / "cases" / "language-missing-good" / "content", tmp_path / "content")
    project = govpack.Project.at(tmp_path)
    assert govpack.build(project).outputs == []  # no documents, so no pack either
    for page in ("index.html", "index.cy.html", "afon/index.html", "afon/index.cy.html"):
        assert (project.output / "internal" / page).is_file(), page


def test_an_organisation_publishing_in_welsh_alone_opens_on_its_welsh_index(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "tests" / "cases" / "language-missing-good" / "content", tmp_path / "content")
    organisation = tmp_path / "content" / "afon" / "organisation.yaml"
    organisation.write_text(organisation.read_text(encoding="utf-8").replace("languages: [en, cy]", "languages: [cy]"), encoding="utf-8")
    project = govpack.Project.at(tmp_path)
    govpack.build(project)
    govpack.publish(project)
    for audience in ("internal", "public"):
        folder = project.output / audience
        assert _page(folder / "afon" / "index.html").lang == "cy"
        assert not (folder / "afon" / "index.cy.html").exists()
        assert [_page(folder / name).lang for name in ("index.html", "index.cy.html")] == ["en", "cy"]  # the site's pages
        for page in folder.rglob("*.html"):
            for href in re.findall(r'href="([^":#]+)"', page.read_text(encoding="utf-8")):
                assert (page.parent / href).exists(), (page, href)


def test_counts_take_the_plural_their_number_needs_in_each_language() -> None:
    """Issue 16: a pack of one document said "1 documents"."""
    project = govpack.Project.at(ROOT)
    organisations, _ = govpack.check(project)
    renderer = Renderer(project.templates, document_types(project.schemas))
    cwm = next(org for org in organisations if org.slug == "cwm-arian")
    pack = Pack("pack", tuple(cwm.documents[:3]))
    one, three = [(cwm.documents[0], 3)], [(doc, 3) for doc in cwm.documents[:3]]
    assert "1 document</p>" in renderer.pack_front(cwm, pack, one, "en") and "3 documents</p>" in renderer.pack_front(cwm, pack, three, "en")
    assert "1 dogfen</p>" in renderer.pack_front(cwm, pack, one, "cy")
