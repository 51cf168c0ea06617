"""What changed since a document was approved: its version last approved found in the
content's git history, compared with the working copy as both print, in HTML, PDF and
the terminal (issue 19, item 1)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import html as lxml_html
from pypdf import PdfReader

import govpack
from govpack.reading.history import History
from govpack.rendering.redline import CHANGED, MOVED, REMOVED, compare, summary
from govpack.rendering.render import Renderer
from govpack.rendering.word_diff import words
from conftest import ROOT, copy_examples, run_invoke

TERMS = "content/severnbrook/terms-of-reference.yaml"
# Commits made on a fixed day, by a fixed person, so the outputs are the same each run.
GIT = {"GIT_AUTHOR_NAME": "Partnership Manager", "GIT_AUTHOR_EMAIL": "pm@example.org", "GIT_COMMITTER_NAME": "Partnership Manager",
       "GIT_COMMITTER_EMAIL": "pm@example.org", "GIT_AUTHOR_DATE": "2026-06-01T10:00:00Z", "GIT_COMMITTER_DATE": "2026-06-01T10:00:00Z"}
# Version 3.1 for the board: three fields changed, a function added, one moved to the top, one deleted.
EDITS = [
    ('version: "3.0"\n  status: approved', 'version: "3.1"\n  status: draft'),
    ("damp and cold homes, homelessness", "damp, mouldy and cold homes, homelessness"),
    ("  owner: Partnership Manager\n", "  owner: Partnership Director\n"),
    ("    quorum: 3\n", "    quorum: 4\n"),
    ("  - Share information about need, within the law, so that each member plans with the same picture.\n", ""),
    ("  - Speak for the Partnership to the Integrated Care Partnership and to the council's Cabinet.\n", ""),
    ("functions:\n", "functions:\n  - Speak for the Partnership to the Integrated Care Partnership and to the council's Cabinet.\n"),
    ("\nmembership:", "  - Publish the joint plan and a yearly report on it.\n\nmembership:"),
]
EXPECTED = [
    ("Document control", [
        "changed: Version | [-3.0-]{+3.1+}",
        "changed: Status | [-Approved-]{+Draft+}",
        "changed: Owner | Partnership [-Manager-]{+Director+}",
    ]),
    ("Purpose and duty", ["changed: The Board brings together the organisations that house, treat and care for the people of Severnbrook, to plan and act "
                 "together where housing and health meet: damp{+, mouldy+} and cold homes, homelessness and hospital discharge, adaptations for people "
                 "who are older or disabled, and the health of people in temporary accommodation."]),
    ("Functions", [
        'moved up: "Speak for the Partnership to the Integrated Care Partnership and to the council\'s Cabinet."',
        'removed: "Share information about need, within the law, so that each member plans with the same picture."',
        'added: "Publish the joint plan and a yearly report on it."',
    ]),
]


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, text=True, env={**os.environ, **GIT}).stdout


def approved_then_changed(root: Path) -> Path:
    """Severnbrook in a new git repository: version 3.0 approved, then 3.1 with ``EDITS``."""
    copy_examples(root, ("severnbrook",))
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Terms of reference 3.0, approved")
    terms = root / TERMS
    text = terms.read_text(encoding="utf-8")
    for old, new in EDITS:
        assert old in text, old
        text = text.replace(old, new, 1)
    terms.write_text(text, encoding="utf-8")
    git(root, "commit", "-q", "-am", "Terms of reference 3.1 for the board")
    return root


@pytest.fixture(scope="module")
def redlined(tmp_path_factory: pytest.TempPathFactory) -> govpack.Project:
    project = govpack.Project.at(approved_then_changed(tmp_path_factory.mktemp("redline")))
    govpack.build(project)
    return project


def marked(page: Path) -> list[tuple[str, str]]:
    """Each change a page marks: its class and its text, spaces as read."""
    tree = lxml_html.parse(str(page))
    changes = tree.xpath('//main//*[starts-with(@class, "change-") and not(contains(@class, "change-same")) and not(contains(@class, "change-section")) '
                         'and not(contains(@class, "change-cell")) and not(contains(@class, "change-label"))]')
    def text(element: lxml_html.HtmlElement) -> str:  # a row's cells a space apart
        return " ".join(cell.text_content() for cell in element) if element.tag == "tr" else element.text_content()

    return [(element.get("class").split()[0], " ".join(text(element).split())) for element in changes]


def test_the_redline_page_marks_exactly_the_changes_made_since_the_version_approved(redlined: govpack.Project) -> None:
    page = redlined.output / "internal/severnbrook/terms-of-reference-changes.en.html"
    assert marked(page) == [
        ("change-changed", "Changed: Version 3.0 3.1"),
        ("change-changed", "Changed: Status Approved Draft"),
        ("change-changed", "Changed: Owner Partnership Manager Director"),
        ("change-changed", "Changed: The Board brings together the organisations that house, treat and care for the people of Severnbrook, to plan and act "
                           "together where housing and health meet: damp, mouldy and cold homes, homelessness and hospital discharge, adaptations for people "
                           "who are older or disabled, and the health of people in temporary accommodation."),
        ("change-moved", "Moved up: Speak for the Partnership to the Integrated Care Partnership and to the council's Cabinet."),
        ("change-removed", "Removed: Share information about need, within the law, so that each member plans with the same picture."),
        ("change-added", "Added: Publish the joint plan and a yearly report on it."),
        ("change-changed", "Changed: The quorum of the group is 3 4 members."),
    ]
    tree = lxml_html.parse(str(page))
    assert [e.text_content() for e in tree.iter("del")] == ["3.0", "Approved", "Manager", "Share information about need, within the law, so that each member plans with the same picture.", "3"]
    assert [e.text_content() for e in tree.iter("ins")] == ["3.1", "Draft", "Director", ", mouldy", "Publish the joint plan and a yearly report on it.", "4"]
    # Unchanged sections are there by their headings only.
    unchanged = tree.xpath('//section[contains(@class, "unchanged")]')
    assert unchanged and all(len(section.xpath(".//p | .//li | .//tr")) == 0 for section in unchanged)


def test_the_redline_pdf_says_the_same_changes_in_words(redlined: govpack.Project) -> None:
    pdf = PdfReader(redlined.output / "internal/severnbrook/terms-of-reference-changes.en.pdf")
    text = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
    labels = [label for label in ("Changed:", "Moved up:", "Removed:", "Added:") for _ in range(text.count(label))]
    assert sorted(labels) == sorted(["Changed:"] * 5 + ["Moved up:", "Removed:", "Added:"])
    assert "Publish the joint plan and a yearly report on it." in text and "DRAFT" in text
    assert "/StructTreeRoot" in pdf.trailer["/Root"]  # tagged, as every document's PDF (PDF/UA)


def test_changes_prints_the_summary_and_the_manifest_and_pack_hold_the_redline(redlined: govpack.Project) -> None:
    ran = run_invoke("changes", "severnbrook", "terms-of-reference", cwd=redlined.root)
    assert ran.returncode == 0, ran.stderr
    lines = ran.stdout.splitlines()
    assert lines[0].startswith("severnbrook/terms-of-reference: Severnbrook Health and Housing Partnership Board Terms of Reference: changes since version 3.0, approved on 2024-05-16 (commit ")
    shown = [line.strip() for line in lines[1:]]
    assert shown == [line for heading, changes in EXPECTED for line in [heading, *changes]] + ["Sub-groups › The delivery group › Members of the group", "changed: The quorum of the group is [-3-]{+4+} members."]
    # The README shows this run, its long line shortened with "...".
    readme = (ROOT / "README.md").read_text(encoding="utf-8").split("$ .venv/bin/invoke changes severnbrook terms-of-reference\n")[1].split("```")[0]
    for shown_line, line in zip(readme.splitlines(), lines, strict=True):
        pattern = re.escape(shown_line).replace(re.escape("..."), ".*").replace("5d1e0c2", "[0-9a-f]{7}")
        assert re.fullmatch(pattern, line), (shown_line, line)
    manifest = json.loads((redlined.output / "manifest.json").read_text())["outputs"]
    redlines = sorted((o["format"], o["audience"], o["type"], o["status"]) for o in manifest if o["document"] == "terms-of-reference-changes")
    assert redlines == [("docx", "internal", "changes", "draft"), ("html", "internal", "changes", "draft"), ("pdf", "internal", "changes", "draft")]
    pack = PdfReader(redlined.output / "internal/severnbrook/pack.en.pdf")
    titles = [item.title for item in pack.outline if not isinstance(item, list)]
    terms = titles.index("Severnbrook Health and Housing Partnership Board Terms of Reference")
    assert titles[terms + 1] == "Severnbrook Health and Housing Partnership Board Terms of Reference: changes since version 3.0"
    index = (redlined.output / "internal/severnbrook/index.html").read_text()
    assert 'href="terms-of-reference-changes.en.html">Changes since version 3.0</a>' in index


def test_a_redline_is_never_published(redlined: govpack.Project, tmp_path: Path) -> None:
    ran = run_invoke("publish", cwd=redlined.root)
    assert ran.returncode == 0, ran.stderr
    published = [p for p in (redlined.output / "public").rglob("*") if p.is_file()]
    assert published and not [p.name for p in published if "changes" in p.name]
    scheme = json.loads((redlined.output / "public/publication-scheme.json").read_text())["items"]
    assert scheme and not [item for item in scheme if "changes" in item["path"]]
    pages = " ".join(p.read_text(encoding="utf-8") for p in published if p.suffix == ".html")
    assert "changes since version" not in pages.lower() and "terms-of-reference-changes" not in pages


def test_a_draft_of_a_new_version_leaves_the_version_in_force_published_and_the_report_says_so(redlined: govpack.Project) -> None:
    ran = run_invoke("publish", cwd=redlined.root)
    assert ran.returncode == 0, ran.stderr
    assert "1 at the version in force while a new version is drafted" in ran.stdout
    # The public reads the terms approved, 3.0, not the draft's words: not withdrawn meanwhile.
    page = (redlined.output / "public/severnbrook/terms-of-reference.en.html").read_text(encoding="utf-8")
    assert "damp and cold homes" in page and "mouldy" not in page and "Partnership Director" not in page
    scheme = json.loads((redlined.output / "public/publication-scheme.json").read_text())["items"]
    assert {item["version"] for item in scheme if item["document"] == "terms-of-reference"} == {"3.0"}
    pack = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(redlined.output / "public/severnbrook/pack.en.pdf").pages)
    assert "damp and cold homes" in pack and "mouldy" not in pack
    report = (redlined.output / "publication-report.txt").read_text(encoding="utf-8")
    assert ("Published at the version in force, while a new version is drafted (approve the draft to publish it):\n"
            "  severnbrook/terms-of-reference: Severnbrook Health and Housing Partnership Board Terms of Reference, version 3.0 (version 3.1 is a draft)\n") in report
    # Published again with nothing changed, the set is kept, and the report still says so.
    again = run_invoke("publish", cwd=redlined.root)
    assert "0 rendered" in again.stdout and "1 at the version in force" in again.stdout
    assert (redlined.output / "publication-report.txt").read_text(encoding="utf-8") == report


def test_a_version_in_force_that_cannot_be_published_is_left_out_and_the_report_says_why(tmp_path: Path) -> None:
    root = copy_examples(tmp_path, ("severnbrook",))
    terms = root / TERMS
    text = terms.read_text(encoding="utf-8")
    # Approved, and committed, with a number in its text that check would have stopped.
    terms.write_text(text.replace("and the health of people in temporary accommodation.", "and the health of people in temporary accommodation (ring 07700 900321).", 1), encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Terms of reference 3.0, approved")
    terms.write_text(text.replace('version: "3.0"\n  status: approved', 'version: "3.1"\n  status: draft', 1), encoding="utf-8")
    ran = run_invoke("publish", cwd=root)
    assert ran.returncode == 0, ran.stderr
    assert "1 left out while a new version is drafted (see the report)" in ran.stdout and "at the version in force" not in ran.stdout
    assert not (root / "build/public/severnbrook/terms-of-reference.en.html").exists()
    report = (root / "build/publication-report.txt").read_text(encoding="utf-8")
    assert ("Not published while a new version is drafted: the version in force cannot be published as it is, nor edited (approve the draft to publish it):\n"
            "  severnbrook/terms-of-reference: Severnbrook Health and Housing Partnership Board Terms of Reference, version 3.0 (version 3.1 is a draft): "
            'it holds a telephone number, "07700 900321"\n') in report
    assert "900321" not in " ".join(p.read_text(encoding="utf-8", errors="replace") for p in (root / "build/public").rglob("*.html"))


def test_the_version_in_force_is_the_newest_commit_that_left_it_approved_and_one_that_no_longer_fits_is_said(tmp_path: Path) -> None:
    root = copy_examples(tmp_path, ("severnbrook",))
    terms = root / TERMS
    text = terms.read_text(encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    terms.write_text(text.replace("temporary accommodation.", "temporary accommodation (ring 07700 900321).", 1), encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Terms of reference 3.0, approved, with a mobile number in them")
    terms.write_text(text.replace("temporary accommodation.", "temporary accommodation (write to the Partnership Manager).", 1), encoding="utf-8")
    git(root, "commit", "-q", "-am", "The number put right, still 3.0 as approved")
    terms.write_text(text.replace('version: "3.0"\n  status: approved', 'version: "3.1"\n  status: draft', 1), encoding="utf-8")
    ran = run_invoke("publish", cwd=root)
    assert ran.returncode == 0, ran.stderr
    page = (root / "build/public/severnbrook/terms-of-reference.en.html").read_text(encoding="utf-8")
    assert "(write to the Partnership Manager)" in page and "900321" not in page  # as the website had it
    # The redline still compares with what the members approved.
    changes = run_invoke("changes", "severnbrook", "terms-of-reference", cwd=root)
    assert "(ring 07700 900321)" in changes.stdout
    # A person the approved terms name, renamed in the organisation file since: the version no longer fits, and the report says so.
    for path in (root / "content/severnbrook").rglob("*.yaml"):
        path.write_text(path.read_text(encoding="utf-8").replace("ruth-okafor", "ruth-okafor-jones"), encoding="utf-8")
    ran = run_invoke("publish", cwd=root)
    assert ran.returncode == 0, ran.stderr
    # check says so before publish does: the author may put back what changed.
    assert ('content/severnbrook/terms-of-reference.yaml:8:3: warning: the version of this document in force no longer fits: "person" names "ruth-okafor"' in ran.stderr
            and "publish leaves the document out until this draft is approved (or put back what changed) [version-in-force]" in ran.stderr)
    assert not (root / "build/public/severnbrook/terms-of-reference.en.html").exists()
    report = (root / "build/publication-report.txt").read_text(encoding="utf-8")
    assert ("  severnbrook/terms-of-reference: Severnbrook Health and Housing Partnership Board Terms of Reference (version 3.1 is a draft): "
            "it no longer fits today's schemas or organisation file: ") in report and "ruth-okafor" in report.split("Not published while")[1]


@pytest.mark.parametrize(("draft", "said"), [
    ("3.0", "this draft has the number of the version in force, 3.0 (approved on 2024-05-16)"),
    ("3", "this draft has the number of the version in force, 3.0 (approved on 2024-05-16)"),
    ("2.10", "this draft's number, 2.10, comes before the version in force's, 3.0 (approved on 2024-05-16)"),
    ("3.1", None),
    ("3.0.1", None),
    ("2026 revision", None),
])
def test_a_draft_numbered_as_the_version_in_force_or_before_it_is_warned_of(tmp_path: Path, draft: str, said: str | None) -> None:
    root = copy_examples(tmp_path, ("severnbrook",))
    terms = root / TERMS
    text = terms.read_text(encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Terms of reference 3.0, approved")
    terms.write_text(text.replace('version: "3.0"\n  status: approved', f'version: "{draft}"\n  status: draft', 1), encoding="utf-8")
    ran = run_invoke("check", "--organisation", "severnbrook", cwd=root)
    assert ran.returncode == 0, ran.stderr
    warned = [line for line in ran.stderr.splitlines() if line.endswith("[version-in-force]")]
    if said is None:
        assert warned == []
    else:
        line = text.splitlines().index('  version: "3.0"') + 1
        assert warned == [f"{TERMS}:{line}:3: warning: {said}, which is published until the draft is approved: give the draft a later number, so that the two are told apart [version-in-force]"]


def test_without_history_or_an_approved_version_changes_says_why_and_succeeds(tmp_path: Path) -> None:
    outside = copy_examples(tmp_path / "outside", ("severnbrook",))
    ran = run_invoke("changes", "severnbrook", cwd=outside)
    assert ran.returncode == 0, ran.stderr
    assert "severnbrook/terms-of-reference: Severnbrook Health and Housing Partnership Board Terms of Reference: the content folder is not in a git repository" in ran.stdout
    inside = copy_examples(tmp_path / "inside", ("severnbrook",))
    git(inside, "init", "-q")
    ran = run_invoke("changes", "severnbrook", cwd=inside)
    assert "nothing is committed yet, so there is no history to compare with" in ran.stdout
    git(inside, "add", "-A")
    git(inside, "commit", "-q", "-m", "first")
    ran = run_invoke("changes", "severnbrook", "service-level-agreement", cwd=inside)
    assert ran.stdout.endswith("no changes since version 1.0, approved on 2015 (commit " + git(inside, "rev-parse", "--short=7", "HEAD").strip() + ")\n")
    (inside / TERMS).write_text((inside / TERMS).read_text().replace("status: approved", "status: draft"))
    git(inside, "commit", "-q", "-am", "a draft, never approved in this history")
    ran = run_invoke("changes", "severnbrook", "terms-of-reference", "--since", "nowhere", cwd=inside)
    assert ran.returncode == 2 and '--since "nowhere" names no commit' in ran.stderr


# The comparison itself, on pages made for it ------------------------------------------------

def page(body: str) -> str:
    return f"<html><body><nav><p>Menu</p></nav><main><h1 class='doc-title'>T</h1><p class='lede'>About</p>{body}</main></body></html>"


def test_a_word_changed_is_a_deletion_and_an_insertion_with_the_rest_unchanged() -> None:
    assert words("The quorum is five members.", "The quorum is six voting members.") == (("", "The quorum is "), ("del", "five"), ("ins", "six voting"), ("", " members."))
    assert words("Version 1.0 of £10,000", "Version 1.1 of £12,000") == (("", "Version "), ("del", "1.0"), ("ins", "1.1"), ("", " of £"), ("del", "10,000"), ("ins", "12,000"))


def test_sections_match_by_anchor_and_a_block_moved_between_them_is_moved_not_removed_and_added() -> None:
    old = page("<h2 id='a'>Aims</h2><ul><li>One</li><li>Two<ul><li>Two and a half</li></ul></li></ul><h2 id='b'>Budget</h2><p>Money</p><h2 id='c'>Gone</h2><p>Old</p>")
    new = page("<h2 id='a'>Our aims</h2><ul><li>Two<ul><li>Two and a half</li></ul></li></ul><h2 id='b'>Budget</h2><p>Money</p><ul><li>One</li></ul>")
    sections = compare(old, new)
    assert [(s.anchor, s.heading.state) for s in sections] == [("a", CHANGED), ("b", "same"), ("c", REMOVED)]
    assert [(c.state, c.block.text, c.block.depth) for c in sections[0].changes] == [("same", "Two", 0), ("same", "Two and a half", 1)]
    assert [(c.state, c.block.kind, c.block.text, c.moved_from) for c in sections[1].changes] == [("same", "p", "Money", ""), (MOVED, "li", "One", "Our aims")]
    assert summary(sections) == [
        ("Our aims", ["heading changed: [-Aims-]{+Our aims+}"]),
        ("Budget", ['moved from "Our aims": "One"']),
        ("Gone", ['heading removed: "Gone"', 'removed: "Old"']),
    ]


def test_a_table_row_changes_cell_by_cell_and_a_header_row_stays_a_header() -> None:
    old = page("<h2 id='m'>Members</h2><table><tr><th>Name</th><th>Role</th></tr><tr><td>Ann</td><td>Chair</td></tr></table>")
    new = page("<h2 id='m'>Members</h2><table><tr><th>Name</th><th>Role</th></tr><tr><td>Ann</td><td>Vice chair</td></tr></table>")
    (section,) = compare(old, new)
    header, row = section.changes
    assert header.block.header and header.state == "same"
    assert (row.state, row.cells) == (CHANGED, ((("", "Ann"),), (("del", "Chair"), ("ins", "Vice chair"))))
    assert summary([section]) == [("Members", ["changed: Ann | [-Chair-]{+Vice chair+}"])]


def test_sections_swapped_with_the_headings_under_them_are_moved_and_unchanged() -> None:
    group = "<h3 id='g-{n}'>{name}</h3><p>{what}</p><h4 id='g-{n}-members'>Members of the group</h4><ul><li>{who}</li></ul>"
    prescribing = {"name": "Prescribing group", "what": "Reviews prescribing.", "who": "Pharmacist"}
    estates = {"name": "Estates group", "what": "Plans the buildings.", "who": "Practice manager"}
    old = page("<h2 id='s'>Sub-groups</h2>" + group.format(n=1, **prescribing) + group.format(n=2, **estates))
    new = page("<h2 id='s'>Sub-groups</h2>" + group.format(n=1, **estates) + group.format(n=2, **prescribing))
    assert summary(compare(old, new)) == [("Sub-groups › Estates group", ['heading moved up: "Estates group"'])]
    sections = compare(old, new)
    assert [(s.heading.block.text, s.heading.state, s.changed_below) for s in sections] == [
        ("Sub-groups", "same", True), ("Estates group", MOVED, False), ("Members of the group", "same", False),
        ("Prescribing group", "same", False), ("Members of the group", "same", False),
    ]


def test_an_item_edited_among_items_added_under_another_stays_one_change() -> None:
    old = page("<h2 id='r'>Roles</h2><ul><li>Chair: leads the board.</li><li>Vice chair: stands in.</li><li>Clinical governance lead: quality and safety.</li></ul>")
    new = page("<h2 id='r'>Roles</h2><ul><li>Chair: leads the board.</li><li>Vice chair: stands in.<ul><li>for the chair</li><li>at the board</li></ul></li>"
               "<li>Clinical governance lead: quality, safety and audit.</li></ul>")
    ((_, lines),) = summary(compare(old, new))
    assert lines == ['added: "for the chair"', 'added: "at the board"', "changed: Clinical governance lead: quality{+, safety+} and [-safety-]{+audit+}."]


def test_a_link_whose_address_changed_or_that_was_added_is_a_change_though_its_words_are_not() -> None:
    old = page("<h2 id='m'>Measures</h2><p>See <a href='https://example.org/stats'>website visits</a> and complaints.</p>"
               "<p>Write to <a href='mailto:foi@example.org'>foi@example.org</a>, <a href='http://www.example.org'>www.example.org</a>.</p>")
    new = page("<h2 id='m'>Measures</h2><p>See <a href='https://evil.example.com/stats'>website visits</a> and <a href='https://example.org/c'>complaints</a>.</p>"
               "<p>Write to <a href='mailto:foi@example.org'>foi@example.org</a>, <a href='http://www.example.org'>www.example.org</a>.</p>")
    assert summary(compare(old, new)) == [("Measures", [
        "changed: See website visits (https://[-example.org-]{+evil.example.com+}/stats) and complaints{+ (https://example.org/c)+}.",
    ])]
    # A page's own links (a role's description, an item of the minutes) are not the author's; an address is read as shown.
    own = page("<h2 id='r'>Roles</h2><p>The <a href='role-chair.en.html'>Chair</a> leads item <a href='#m-item-4'>4</a>, <a href='https://example.org/caf%C3%A9'>https://example.org/café</a>.</p>")
    assert [c.block.text for s in compare(own, own) for c in s.changes] == ["The Chair leads item 4, https://example.org/café."]


def test_a_paragraph_with_a_long_passage_added_is_changed_and_a_line_break_reads_as_a_space() -> None:
    old = page("<h2 id='p'>Purpose</h2><p>We plan care.</p><table><tr><td>Ann<br><span>Role: Chair</span></td></tr></table>")
    new = page("<h2 id='p'>Purpose</h2><p>We plan care. We also commission services for the whole valley, with the council and the third sector, every year.</p>"
               "<table><tr><td>Ann<br><span>Role: Chair</span></td></tr></table>")
    (section,) = compare(old, new)
    assert [(c.state, c.block.text) for c in section.changes][1] == ("same", "Ann Role: Chair")
    assert section.changes[0].state == CHANGED


def test_an_approved_document_edited_without_a_new_version_is_compared_with_the_commit_that_approved_it(tmp_path: Path) -> None:
    root = copy_examples(tmp_path, ("severnbrook",))
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Terms of reference 3.0, approved")
    approval = git(root, "rev-parse", "--short=7", "HEAD").strip()
    terms = root / TERMS
    terms.write_text(terms.read_text().replace("damp and cold homes", "damp, cold homes"), encoding="utf-8")
    git(root, "commit", "-q", "-am", "A comma, still 3.0 and approved")
    ran = run_invoke("changes", "severnbrook", "terms-of-reference", cwd=root)
    assert ran.stdout.splitlines()[0].endswith(f"changes since version 3.0, approved on 2024-05-16 (commit {approval})")
    assert "meet: damp[- and-]{+,+} cold homes" in ran.stdout


def test_a_document_renamed_keeps_its_approved_version_and_is_printed_with_the_organisation_file_as_it_was(tmp_path: Path) -> None:
    root = approved_then_changed(tmp_path)
    git(root, "mv", TERMS, "content/severnbrook/terms-of-reference.yml")
    organisation = root / "content/severnbrook/organisation.yaml"
    text = organisation.read_text(encoding="utf-8")
    assert "name: Ruth Okafor" in text
    organisation.write_text(text.replace("name: Ruth Okafor", "name: Ruth Okafor-Hughes"), encoding="utf-8")
    git(root, "commit", "-q", "-am", "Renamed; Ruth's new name")
    ran = run_invoke("changes", "severnbrook", "terms-of-reference", cwd=root)
    assert ran.returncode == 0, ran.stderr
    assert "changes since version 3.0, approved on 2024-05-16" in ran.stdout.splitlines()[0]
    assert "changed: Ruth [-Okafor-]{+Okafor-Hughes+} | Director of Housing and Communities | Severnbrook Borough Council" in ran.stdout


def test_a_draft_of_new_terms_leaves_the_approved_ones_in_force_for_meetings_and_successions(tmp_path: Path) -> None:
    root = copy_examples(tmp_path / "in-git", ("cwm-arian",))
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Approved")
    for name, version in (("leadership-team", "1.0"), ("stakeholder-board", "2.0")):
        terms = root / f"content/cwm-arian/terms-of-reference/{name}.yaml"
        text = terms.read_text(encoding="utf-8")
        assert f'version: "{version}"\n  status: approved' in text
        terms.write_text(text.replace(f'version: "{version}"\n  status: approved', f'version: "{version}1"\n  status: draft'), encoding="utf-8")
    conduct = root / "content/cwm-arian/code-of-conduct.yaml"  # a paper too, edited without a new version
    conduct.write_text(conduct.read_text(encoding="utf-8").replace("anyone invited to a cluster meeting.", "anyone invited to a meeting.", 1), encoding="utf-8")
    git(root, "commit", "-q", "-am", "Both terms revised, in draft")
    organisations, findings = govpack.check(govpack.Project.at(root, today="2026-11-23"))
    assert [f.rule for f in findings if f.rule in ("meeting-terms", "control-superseded", "meeting-quorum")] == []
    # Both drafts have a redline; the terms they superseded, kept for the record, have none.
    built = govpack.build(govpack.Project.at(root, today="2026-11-23", organisations=["cwm-arian"]))
    redlines = sorted({o.document for o in built.outputs if o.type == "changes"})
    assert redlines == ["code-of-conduct-changes", "leadership-team-changes", "stakeholder-board-changes"]
    # The meeting pack's agenda says a redline's own version only where it is another than the one it is compared with.
    agenda = " ".join(PdfReader(root / "build/internal/cwm-arian/leadership-team-2027-01-14-pack.en.pdf").pages[1].extract_text().split())
    assert "changes since version 1.0, version 1.01 (Draft), page " in agenda
    assert re.search(r"Code of Conduct: changes since version 2\.0, page \d", agenda), agenda
    # The terms they superseded name the version in force, not the draft.
    superseded = (root / "build/internal/cwm-arian/stakeholder-board-2025.en.html").read_text(encoding="utf-8")
    assert "Stakeholder Board, version 2.0</a>" in superseded and "version 2.01" not in superseded
    # Outside git there is no version in force to hold them to: what is in force is unknown.
    outside = root.parent / "outside"
    shutil.copytree(root / "content", outside / "content")
    _, findings = govpack.check(govpack.Project.at(outside, today="2026-11-23"))
    assert {f.rule for f in findings} >= {"meeting-terms", "control-superseded"}


def test_a_draft_of_new_terms_leaves_the_meetings_before_the_version_in_force_as_they_were(tmp_path: Path) -> None:
    """Found by a new-user trial: terms drafted anew, their approval taken out, made the
    meetings held before the version in force say no terms were approved by then, though
    the change history shows versions 1.0 and 2.0 (an error under --strict)."""
    root = copy_examples(tmp_path, ("wyvern-vale",))
    terms = root / "content/wyvern-vale/terms-of-reference.yaml"
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Approved")
    text = terms.read_text(encoding="utf-8")
    draft = text.replace('version: "3.0"\n  status: approved\n  approved_by: federation-board\n  approved: 2026-05-12\n', 'version: "3.1"\n  status: draft\n', 1)
    assert draft != text
    terms.write_text(draft.replace("  history:\n", '  history:\n    - version: "3.1"\n      date: 2026-11-01\n      summary: Revised.\n', 1), encoding="utf-8")
    _, findings = govpack.check(govpack.Project.at(root, today="2026-11-23"))
    assert [str(f) for f in findings if f.rule.startswith("meeting-")] == []


def test_a_list_in_a_table_cell_reads_as_separate_words() -> None:
    old = page("<h2 id='a'>Audiences</h2><table><tr><td><ul><li>the public</li><li>Seldom-heard communities</li></ul></td></tr></table>")
    new = page("<h2 id='a'>Audiences</h2><table><tr><td><ul><li>the public and carers</li><li>Seldom-heard communities</li></ul></td></tr></table>")
    ((_, lines),) = summary(compare(old, new))
    assert lines == ["changed: the public {+and carers +}Seldom-heard communities"]


def test_history_reads_on_after_a_folder_and_a_version_that_does_not_fit_today_is_said_in_words(tmp_path: Path) -> None:
    root = copy_examples(tmp_path, ("severnbrook",))
    git(root, "init", "-q")
    terms = root / TERMS
    terms.write_text(terms.read_text(encoding="utf-8").replace("purpose: |", "motto: Together\npurpose: |", 1), encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Approved, with a field govpack no longer reads")
    with History.of(root / "content") as history:
        (commit,) = history.commits(terms)
        assert history.text(commit, root / "content/severnbrook") is None  # a folder: no text, and the reader keeps its place
        assert history.text(commit, terms).startswith("# yaml-language-server")
    terms.write_text(terms.read_text(encoding="utf-8").replace("motto: Together\n", "").replace("damp and cold", "damp, cold"), encoding="utf-8")
    ran = run_invoke("changes", "severnbrook", "terms-of-reference", cwd=root)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.endswith('compared with version 3.0, approved on 2024-05-16 (commit ' + git(root, "rev-parse", "--short=7", "HEAD").strip()
                               + '), cannot be compared: unknown key "motto" (line 22 of content/severnbrook/terms-of-reference.yaml then)\n')


def test_a_person_s_key_renamed_prints_the_version_approved_with_them_as_they_were_without_their_contact_details(tmp_path: Path) -> None:
    root = approved_then_changed(tmp_path)
    for file in (root / "content/severnbrook").rglob("*.yaml"):
        file.write_text(file.read_text(encoding="utf-8").replace("ruth-okafor", "ruth-hughes"), encoding="utf-8")
    git(root, "commit", "-q", "-am", "Ruth's key renamed")
    built = govpack.build(govpack.Project.at(root, today="2026-11-23"))
    assert "terms-of-reference-changes" in {o.document for o in built.outputs}
    ran = run_invoke("changes", "severnbrook", "terms-of-reference", cwd=root)
    assert ran.returncode == 0, ran.stderr
    # Under her old key, as approved, with no contact details; under her new one, today's.
    assert "  Membership › Members' contact details\n    changed: Ruth Okafor | {+ruth.okafor@example.net+} | {+01632 962101+}\n" in ran.stdout


def test_a_shallow_clone_says_it_cannot_find_the_version_approved(tmp_path: Path) -> None:
    root = approved_then_changed(tmp_path / "full")
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{root}", str(shallow)], check=True)
    ran = run_invoke("changes", "severnbrook", "terms-of-reference", cwd=shallow)
    assert ran.stdout.endswith("the clone is shallow, so the version of it approved cannot be found: fetch its whole history (git fetch --unshallow)\n")
    _, findings = govpack.check(govpack.Project.at(shallow, today="2026-11-23"))
    assert [(f.path, f.rule) for f in findings if f.rule == "history-shallow"] == [("content/severnbrook/organisation.yaml", "history-shallow")]


def test_an_item_moved_and_reworded_is_moved_and_changed() -> None:
    old = page("<h2 id='f'>Functions</h2><ul><li>Agree the plan.</li><li>Keep the risk register.</li><li>Report to the board.</li></ul>")
    new = page("<h2 id='f'>Functions</h2><ul><li>Keep the cluster risk register.</li><li>Agree the plan.</li><li>Report to the board.</li></ul>")
    ((_, lines),) = summary(compare(old, new))
    assert lines == ["moved up and changed: Keep the{+ cluster+} risk register."]


def test_a_project_in_git_copied_elsewhere_keeps_what_it_built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The history's fingerprint is the commit and where the content is in the repository,
    # not where the repository is on disk: a copy, or a clone with its build/, renders nothing.
    root = approved_then_changed(tmp_path / "here")
    govpack.build(govpack.Project.at(root, today="2026-11-23"))
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(root, elsewhere)
    rendered: list[object] = []
    document = Renderer.document
    monkeypatch.setattr(Renderer, "document", lambda self, *args, **kwargs: rendered.append(args) or document(self, *args, **kwargs))
    result = govpack.build(govpack.Project.at(elsewhere, today="2026-11-23"))
    assert result.summary.startswith("0 rendered, ") and rendered == []
