"""Each folder in tests/cases/ is a small project; its findings are asserted exactly.

A case with a file ``guide`` is checked as ``check --guide`` checks. A case with a ``base`` file is laid over the folder it names: the base's content is
copied, then the case's own files on top. ``_documents`` is a base holding one good
document of every type, in shared defaults, so that a rule's case need only write
the few lines it is about. Every consistency rule has a case named after it, which
breaks it, and one named ``<rule>-good``, which comes close and does not.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import govpack
from conftest import CASE_DIRS, CASES, case_project
from govpack.project import HOME
from govpack.checking.check import guide_findings
from govpack.checking.guide import GUIDE_GAP
from govpack.checking.rules import RULES
from govpack.checking.schema import load_schemas



def _findings(case: Path, tmp_path: Path) -> list[str]:
    """The case's findings: ``check``'s, or with a file ``guide``, ``check --guide``'s."""
    project = govpack.Project.at(case_project(case, tmp_path / case.name))
    findings = guide_findings(project) if (case / "guide").exists() else govpack.check(project)[1]
    return [str(f) for f in findings]


@pytest.mark.parametrize("case", CASE_DIRS, ids=[p.name for p in CASE_DIRS])
def test_case_findings(case: Path, tmp_path: Path) -> None:
    expected = (case / "expected-findings.txt").read_text(encoding="utf-8").splitlines()
    assert _findings(case, tmp_path) == expected


# The reference rules cerberus applies (schema.GovpackValidator) and assembly's own.
REFERENCE_RULES = {"ref-person", "ref-organisation", "ref-body", "ref-audience", "ref-document", "ref-defaults"}
# rules.organisation_problems; validate._markup, _personal_data; written.comments, escapes; languages.language_findings; guide.guide_gaps
OTHER_RULES = {"scheme-contact", "markup", "language-missing", "language-copied", "personal-data", "yaml-comment", "yaml-escape", GUIDE_GAP}


def _rule_ids() -> list[str]:
    ids = {rule.id for rule in RULES} | REFERENCE_RULES | OTHER_RULES
    for schema in load_schemas(HOME / "schemas").values():
        ids |= set(_meta_rules(schema.rules))
    return sorted(ids)


def _meta_rules(rules: object) -> list[str]:
    """Rule ids a schema gives its fields in ``meta: {rule: ...}``."""
    if isinstance(rules, dict):
        found = [rules["meta"]["rule"]] if isinstance(rules.get("meta"), dict) and "rule" in rules["meta"] else []
        return found + [rule for value in rules.values() for rule in _meta_rules(value)]
    return []


@pytest.mark.parametrize("rule", _rule_ids())
def test_every_rule_has_a_bad_and_a_good_case(rule: str) -> None:
    bad, good = CASES / rule, CASES / f"{rule}-good"
    assert (bad / "expected-findings.txt").exists() and (good / "expected-findings.txt").exists(), rule
    assert any(line.endswith(f"[{rule}]") for line in (bad / "expected-findings.txt").read_text(encoding="utf-8").splitlines())
    assert (good / "expected-findings.txt").read_text(encoding="utf-8") == ""


def test_a_5_mb_file_is_refused_before_parsing(tmp_path: Path) -> None:
    org = tmp_path / "content" / "acme"
    org.mkdir(parents=True)
    (org / "organisation.yaml").write_text("name: x\n" + "# padding\n" * 500_000, encoding="utf-8")
    _, findings = govpack.check(govpack.Project.at(tmp_path))
    assert [str(f) for f in findings] == [
        "content/acme/organisation.yaml:1:1: error: file is 5,000,008 bytes; the limit is 1,000,000 [yaml-too-large]"
    ]


def test_utf16_is_refused(tmp_path: Path) -> None:
    org = tmp_path / "content" / "acme"
    org.mkdir(parents=True)
    (org / "organisation.yaml").write_bytes("name: x\n".encode("utf-16"))
    _, findings = govpack.check(govpack.Project.at(tmp_path))
    assert [str(f) for f in findings] == [
        "content/acme/organisation.yaml:1:1: error: file is UTF-16: save it as UTF-8 [yaml-encoding]"
    ]


def test_readme_lists_every_rule() -> None:
    readme = (HOME / "README.md").read_text(encoding="utf-8")
    assert [rule for rule in _rule_ids() if f"`{rule}`" not in readme] == []


def _documents_copy(tmp_path: Path) -> Path:
    shutil.copytree(CASES / "_documents" / "content", tmp_path / "content")
    return tmp_path


def test_a_link_out_of_the_content_folder_is_a_finding_and_is_not_read(tmp_path: Path) -> None:
    project = _documents_copy(tmp_path / "project")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "vision.yaml").write_text("statement: From outside.\n", encoding="utf-8")
    (outside / "terms-of-reference").mkdir()
    (project / "content" / "acme" / "vision.yaml").unlink()
    (project / "content" / "acme" / "vision.yaml").symlink_to(outside / "vision.yaml")
    (project / "content" / "acme" / "terms-of-reference").symlink_to(outside / "terms-of-reference", target_is_directory=True)
    organisations, findings = govpack.check(govpack.Project.at(project))
    assert [str(f) for f in findings] == [
        f"content/acme/terms-of-reference:1:1: error: this folder is a link to {outside}/terms-of-reference, outside content/: govpack reads only what is in the content folder; copy the folder in instead [content-path]",
        f"content/acme/vision.yaml:1:1: error: this file is a link to {outside}/vision.yaml, outside content/: govpack reads only what is in the content folder; copy the file in instead [content-path]",
    ]
    assert "vision" not in {doc.slug for doc in organisations[0].documents}


def test_a_link_to_nothing_or_to_itself_is_a_finding(tmp_path: Path) -> None:
    project = _documents_copy(tmp_path)
    (project / "content" / "acme" / "loop.yaml").symlink_to("loop.yaml")
    (project / "content" / "acme" / "gone.yaml").symlink_to("nothing.yaml")
    _, findings = govpack.check(govpack.Project.at(project))
    assert [str(f) for f in findings] == [
        f"content/acme/{name}.yaml:1:1: error: this is a link to {target}.yaml, which does not exist or leads back to itself: govpack reads only files in content/; put the file itself here [content-path]"
        for name, target in (("gone", "nothing"), ("loop", "loop"))
    ]


def test_a_link_within_the_content_folder_is_read(tmp_path: Path) -> None:
    project = _documents_copy(tmp_path)
    acme = project / "content" / "acme"
    (acme / "vision.yaml").rename(project / "content" / "vision-source.yaml.txt")
    (acme / "vision.yaml").symlink_to(project / "content" / "vision-source.yaml.txt")
    organisations, findings = govpack.check(govpack.Project.at(project))
    assert findings == [] and "vision" in {doc.slug for doc in organisations[0].documents}


@pytest.mark.parametrize(
    ("path", "finding"),
    [
        ("acme/service-level-agreement/sla (copy).yaml", 'content/acme/service-level-agreement/sla (copy).yaml:1:1: error: the file name "sla (copy).yaml" would be part of web addresses, which take lower-case letters, digits and hyphens: rename it "sla-copy.yaml" [content-name]'),
        ("acme/terms-of-reference/Bwrdd Ŵyn.yaml", 'content/acme/terms-of-reference/Bwrdd Ŵyn.yaml:1:1: error: the file name "Bwrdd Ŵyn.yaml" would be part of web addresses, which take lower-case letters, digits and hyphens: rename it "bwrdd-wyn.yaml" [content-name]'),
        ("acme/terms-of-reference/Straße.yaml", 'content/acme/terms-of-reference/Straße.yaml:1:1: error: the file name "Straße.yaml" would be part of web addresses, which take lower-case letters, digits and hyphens: rename it "strasse.yaml" [content-name]'),
        ("Cwm Arian/organisation.yaml", 'content/Cwm Arian/organisation.yaml:1:1: error: the folder name "Cwm Arian" would be part of web addresses, which take lower-case letters, digits and hyphens: rename it "cwm-arian" [content-name]'),
    ],
)
def test_folder_and_file_names_are_slugs(tmp_path: Path, path: str, finding: str) -> None:
    project = _documents_copy(tmp_path)
    target = project / "content" / path
    target.parent.mkdir(parents=True, exist_ok=True)
    source = "service-level-agreement.yaml" if "service-level" in path else "terms-of-reference.yaml" if "terms" in path else "organisation.yaml"
    shutil.copy(project / "content" / "acme" / source, target)
    if "service-level" in path or "terms" in path:
        (project / "content" / "acme" / source).unlink()
    _, findings = govpack.check(govpack.Project.at(project))
    assert [str(f) for f in findings if f.rule == "content-name"] == [finding]


# Issue 16: YAML's errors said as the author's mistake, at its line and column, with the fix.
QUOTING = [
    ('summary: "Approved by the board\nnext: "value"\n', '1:10: error: this text opens a quote (") that is not closed on its line, so YAML reads on to the quote on line 2: close it at the end of the text [yaml-quoting]'),
    ('a: 1\nsummary: "Approved by the board\n', '2:10: error: this text opens a quote (") that is never closed: close it at the end of the text [yaml-quoting]'),
    ('a: 1\nsaved: "Saved at: S:\\Governance\\Policies"\n', '2:21: error: a backslash in a text in double quotes starts a code to YAML ("\\n" is a line break), and "\\G" is none: '
     'if the backslash is meant, write the text in single quotes, where a backslash is itself, or write it twice (\\\\) [yaml-quoting]'),
    ("summary: 'The board's decision'\n", "1:20: error: an apostrophe inside a text in single quotes ends the text there: write it twice ('') or put the whole text in double quotes [yaml-quoting]"),
    ("summary: Approved: by the board\n", '1:18: error: ": " inside a text reads in YAML as the start of another key: put the whole text in quotes: "Approved: by the board" [yaml-quoting]'),
    ("functions:\n  - **Maintain** the register\n", '2:5: error: a text starting with * reads in YAML as an alias (a reference to another value): if it is text, put the whole text in quotes: "**Maintain** the register" [yaml-quoting]'),
    ("summary: &partners and friends\n", "1:10: error: anchors (&partners) are not allowed: write the value out; if it is text starting with &, put the whole text in quotes [yaml-anchor]"),
    ("summary: & partners\n", '1:10: error: a text starting with & reads in YAML as an anchor (a name for the value): if it is text, put the whole text in quotes: "& partners" [yaml-quoting]'),
    ("summary: !important note\n", "1:10: error: tags (!important) are not allowed: write plain values; if it is text starting with !, put the whole text in quotes [yaml-tag]"),
    ("summary: [draft] text\n", '1:10: error: a text starting with [ reads in YAML as a list: if it is text, put the whole text in quotes: "[draft] text" [yaml-quoting]'),
    ("summary: {draft} text\n", '1:10: error: a text starting with { reads in YAML as a mapping: if it is text, put the whole text in quotes: "{draft} text" [yaml-quoting]'),
    ("summary: `code` text\n", '1:10: error: a text starting with ` reads in YAML as a character it keeps for itself, which no text may start with unquoted: if it is text, put the whole text in quotes: "`code` text" [yaml-quoting]'),
    ("summary: @cluster on social media\n", '1:10: error: a text starting with @ reads in YAML as a character it keeps for itself, which no text may start with unquoted: if it is text, put the whole text in quotes: "@cluster on social media" [yaml-quoting]'),
    ("summary: %50 of practices\n", '1:10: error: a text starting with % reads in YAML as a directive: if it is text, put the whole text in quotes: "%50 of practices" [yaml-quoting]'),
    ("summary: | or not\n", '1:10: error: a text starting with | reads in YAML as the start of a block of text on the lines below: if it is text, put the whole text in quotes: "| or not" [yaml-quoting]'),
    ("summary: > 50 practices\n", '1:10: error: a text starting with > reads in YAML as the start of a block of text on the lines below: if it is text, put the whole text in quotes: "> 50 practices" [yaml-quoting]'),
    ("control:\n\u00a0 title: x\n", "2:1: error: a no-break space (U+00A0), which looks like a space or nothing, where YAML needs a plain space or nothing: delete it and type a space if one is needed [yaml-invisible]"),
    ("sum\u200bmary: x\n", "1:4: error: a zero width space (U+200B), which looks like a space or nothing, where YAML needs a plain space or nothing: delete it and type a space if one is needed [yaml-invisible]"),
    ("summary:\u00a0text\n", "1:9: error: a no-break space (U+00A0), which looks like a space or nothing, where YAML needs a plain space or nothing: delete it and type a space if one is needed [yaml-invisible]"),
    # Found by a new-user trial: each said in the parser's words, or at the wrong line, or with a fix that fixed nothing.
    ("control:\n  owner: Chief Executive: Federation\n", '2:25: error: ": " inside a text reads in YAML as the start of another key: put the whole text in quotes: "Chief Executive: Federation" [yaml-quoting]'),
    ("control:\n  owner: \u201cChief Executive: Federation\u201d\n", '2:10: error: \u201c and \u201d are not quote marks to YAML, which reads them as part of the text, and the ": " inside it as the start of another key: write the text in straight quotes: "Chief Executive: Federation" [yaml-quoting]'),
    ("control:\n  owner Chief Executive\n  review: 2027-04-13\n", '3:9: error: YAML reads line 2 and this one as one text, and the ": " here as the start of a key: if line 2 starts with a key, put ": " after it; if this line goes on with the text above it, put the whole text in quotes [yaml-syntax]'),
    ("control:\n  owner:Chief Executive\n  review: 2027-04-13\n", '2:9: error: a key\'s ":" needs a space after it: write "owner: Chief Executive" [yaml-syntax]'),
    ("control:\n  review: 2027-04-13\n   owner: Chief Executive\n", '3:1: error: YAML reads this line as more of "review:"\'s text, and the ": " in it as the start of a key: if it is a key of its own, indent it as "review:" is (2 spaces); if it goes on with that text, put the whole text in quotes [yaml-syntax]'),
    ("control:\n  review: 2027-04-13\n owner: Chief Executive\n", "3:1: error: this line is indented 1 space, which lines it up with no key above it: indent it as the keys around it are (2 spaces), or as the key they are under [yaml-syntax]"),
    # Said both ways where YAML cannot tell a key without ": " from a text's lines, or a key indented one more from a text's next line (a reviewer's cases).
    ("summary:\n  First line of text\n  Note: second line\n", '3:7: error: YAML reads line 2 and this one as one text, and the ": " here as the start of a key: if line 2 starts with a key, put ": " after it; if this line goes on with the text above it, put the whole text in quotes [yaml-syntax]'),
    ("control:  \n  owner: Chief Executive: Federation\n", '2:25: error: ": " inside a text reads in YAML as the start of another key: put the whole text in quotes: "Chief Executive: Federation" [yaml-quoting]'),
    ("summary: See the page at\nhttps://example.org/page\nnext: 1\n", '2:1: error: this line is not "key: value", nor indented under the text above it: if it goes on with that text, indent it more than the text\'s key; if it starts with a key, put ": " after the key [yaml-syntax]'),
    ("control:\n  summary: |\n    Text here\n owner: Jo\n", "4:1: error: this line is indented 1 space, which lines it up with no key above it: indent it as the keys around it are (2 spaces), or as the key they are under [yaml-syntax]"),
    ("items:\n  - title: a\n    owner: b\n  title: c\n", '4:1: error: this line is indented 2 spaces, which lines it up with no key above it: indent it as the keys around it are (4 spaces), or as the key they are under; or, if it begins another item of the list above, write "- " before it [yaml-syntax]'),
    ("\u2028\"x", '1:2: error: this text opens a quote (") that is never closed: close it at the end of the text [yaml-quoting]'),
('control:\n  history:\n    - version: "1.0"\n      date: 2023-06-13\n      version: "1.1"\n', '5:7: error: duplicate key "version": a key is given once in an item of a list; if this line begins another item, write "- " before it, under the "- " above [yaml-duplicate-key]'),
]


@pytest.mark.parametrize(("text", "finding"), QUOTING, ids=[f"quoting-{n}" for n in range(len(QUOTING))])
def test_a_yaml_mistake_is_said_as_the_authors_at_its_cause(tmp_path: Path, text: str, finding: str) -> None:
    project = _documents_copy(tmp_path)
    (project / "content" / "acme" / "vision.yaml").write_text(text, encoding="utf-8")
    _, findings = govpack.check(govpack.Project.at(project))
    assert [str(f) for f in findings] == [f"content/acme/vision.yaml:{finding}"]


def test_invisible_characters_inside_a_text_are_the_authors_to_keep(tmp_path: Path) -> None:
    project = _documents_copy(tmp_path)
    vision = project / "content" / "acme" / "vision.yaml"
    vision.write_text(vision.read_text(encoding="utf-8") + "mission: Gwen\u00a0Jones leads the work\u200b of the cluster.\n", encoding="utf-8")
    _, findings = govpack.check(govpack.Project.at(project))
    assert findings == []
