"""The register of interests, the key elements self-assessment and role descriptions."""

from __future__ import annotations

import json
import re
from pathlib import Path

import govpack
from conftest import EXAMPLES, ROOT, copy_examples, run_invoke


def test_the_manifest_lists_the_new_documents_of_both_examples(built: govpack.Project) -> None:
    manifest = json.loads((built.output / "manifest.json").read_text(encoding="utf-8"))["outputs"]
    made = {(e["organisation"], e["type"], e["format"]) for e in manifest}
    wanted = {
        ("cwm-arian", "register-of-interests"), ("cwm-arian", "self-assessment"), ("cwm-arian", "role-description"),
        ("wyvern-vale", "register-of-interests"), ("wyvern-vale", "self-assessment"),
    }
    assert {(org, kind, fmt) for org, kind in wanted for fmt in ("html", "pdf")} <= made


def test_the_self_assessment_marks_status_in_words_and_sums_each_heading(built: govpack.Project) -> None:
    page = (built.output / "internal" / "cwm-arian" / "self-assessment.en.html").read_text(encoding="utf-8")
    # Nine headings of Resource Pack 6, each a row of the summary with a drawn bar that says its counts.
    summary = page.split('<table class="assessment-summary">')[1].split("</table>")[0]
    assert summary.count('<th scope="row">') == 9
    assert len(re.findall(r'<svg class="progress" role="img"[^>]*aria-label="\d+ of \d+ in place, \d+ in progress"', page)) == 9
    for status in ("In place", "In progress", "Not started"):
        assert f"</span> {status}</td>" in page  # a word beside every symbol, not colour alone
    # Evidence is a link to the document of the pack it names.
    assert '<a href="register-of-interests.en.html">Cwm Arian Cluster Register of Interests, version 2026.2</a>' in page


def test_terms_of_reference_link_each_member_to_their_role(built: govpack.Project) -> None:
    page = (built.output / "internal" / "cwm-arian" / "leadership-team.en.html").read_text(encoding="utf-8")
    assert '<a href="role-description.en.html#role-description-chair">Chair</a>' in page
    assert page.count('href="role-description.en.html#role-description-') == 10  # every member has a described role
    roles = (built.output / "internal" / "cwm-arian" / "role-description.en.html").read_text(encoding="utf-8")
    assert 'id="role-description-chair"' in roles and "Arranges regular evaluation of the performance of the team" in roles  # the defaults'


def test_the_vision_may_say_where_the_organisation_is_and_wants_to_be(built: govpack.Project) -> None:
    page = (built.output / "internal" / "wyvern-vale" / "vision.en.html").read_text(encoding="utf-8")
    assert "Where we are now, and where we want to be" in page
    assert "<tr><td>A loose federation of practices</td><td>A clustered federation of four localities with central support</td></tr>" in page


def test_each_register_is_published_under_lists_and_registers_without_its_withheld_entries(built: govpack.Project, published: govpack.Project) -> None:
    public = published.output / "public"
    items = json.loads((public / "publication-scheme.json").read_text(encoding="utf-8"))["items"]
    registers = {(i["organisation"], i["lang"], i["format"]) for i in items if i["document"] == "register-of-interests"}
    languages = {"cwm-arian": ("en", "cy"), "wyvern-vale": ("en",)}
    assert registers == {(org, lang, fmt) for org, langs in languages.items() for lang in langs for fmt in ("html", "pdf")}
    assert {(i["lang"], i["class"]) for i in items if i["document"] == "register-of-interests"} == {("en", "Lists and registers"), ("cy", "Rhestrau a chofrestrau")}
    register = (public / "cwm-arian" / "register-of-interests.en.html").read_text(encoding="utf-8")
    assert "1 entry is withheld from this public register" in register
    assert "long-term condition" not in register and "Dr Nia Hopkins" not in register
    internal = (built.output / "internal" / "cwm-arian" / "register-of-interests.en.html").read_text(encoding="utf-8")
    assert "long-term condition" in internal and "Withheld from the public register" in internal


def test_new_writes_the_standard_defaults_and_a_skeleton_of_every_new_document(tmp_path: Path) -> None:
    result = run_invoke("new", "afon-teifi", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    defaults = tmp_path / "content" / "_defaults"
    for name in ("self-assessment", "role-description"):
        written = (defaults / f"{name}.yaml").read_text(encoding="utf-8")
        standard = (ROOT / "templates" / "scaffold" / "defaults" / f"{name}.yaml").read_text(encoding="utf-8")
        assert written.endswith(standard.split("\n", 1)[1])
        assert written.count("yaml-language-server") == 1  # the standard's own modeline not repeated
        # The examples' shared defaults are the standard ones, as `new` writes them.
        assert (EXAMPLES / "_defaults" / f"{name}.yaml").read_text(encoding="utf-8").endswith(standard)
    skeleton = (tmp_path / "content" / "afon-teifi" / "self-assessment.yaml").read_text(encoding="utf-8")
    assert skeleton.count("status: not-started") == 24  # every statement of the checklist
    check = run_invoke("check", cwd=tmp_path)
    assert check.returncode == 0 and ": error: " not in check.stderr


def test_a_superseded_register_and_terms_of_reference_are_not_held_to_today(tmp_path: Path) -> None:
    project = copy_examples(tmp_path)
    folder = project / "content" / "cwm-arian"
    (folder / "register-of-interests").mkdir()
    (folder / "register-of-interests.yaml").rename(folder / "register-of-interests" / "register-of-interests.yaml")
    old = (folder / "register-of-interests" / "register-of-interests.yaml").read_text(encoding="utf-8")
    old = old.replace("  status: approved\n", "  status: superseded\n  superseded_by: register-of-interests\n", 1).replace("declared: 2026-", "declared: 2024-")
    old = old.replace("  approved_by: leadership-team\n", "", 1)  # approved before the body's meeting records begin
    (folder / "register-of-interests" / "register-2024.yaml").write_text(old, encoding="utf-8")
    terms = (folder / "terms-of-reference" / "stakeholder-board-2025.yaml")
    text = terms.read_text(encoding="utf-8")
    terms.write_text(text.replace("      voting: true\n", "      voting: true\n      role: retired-role\n", 1), encoding="utf-8")
    findings = govpack.check(govpack.Project.at(project))[1]
    assert findings == []  # both pass their schemas, so the rules did look at them
