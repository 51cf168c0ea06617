"""Import from Word: a .docx made as an author would make it, imported through the
command line, passes the check, keeps every paragraph, leaves out contact details,
and builds."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
import pytest
from pypdf import PdfReader
from ruamel.yaml import YAML

import govpack
from conftest import ROOT, copy_examples, run_invoke
from govpack.checking.check import findings as check_findings
from govpack.checking.schema import load_schemas
from govpack.reading.document_types import document_types
from govpack.rendering.i18n import catalogue
from govpack.tools.word_import import import_word
from govpack.tools.word_reading import LEFT_OUT
from govpack.tools.word_labels import LABELS, Labels, Match, normalised

# Every type a document is written as; a meeting's record is started with new-meeting instead.
TYPES = [name for name, t in document_types(ROOT / "schemas").items() if t.written]
ORG = "wyvern-vale"
EMAIL, PHONE = "clerk.jones@example.org", "01632 960456"
UNKNOWN = "Legal status"

# Per type: headings that name its standard sections, in order, with the key each
# names; the unknown section comes after the second, so it is placed after that key.
HEADINGS = {
    "terms-of-reference": [("Purpose and duty", "purpose"), ("2. Functions", "functions"), ("Membership", "membership"), ("Declarations of interest", "declarations_of_interest")],
    "code-of-conduct": [("Who this code binds", "applies_to"), ("Probity", "probity"), ("Confidentiality", "confidentiality")],
    "communication-strategy": [("Goals", "goals"), ("Principles", "principles"), ("How success is measured", "measurement")],
    "register-of-interests": [("Interests declared", "entries"), ("About this register", "introduction")],
    "role-description": [("What every member brings", "core_skills"), ("Appointment", "appointment"), ("Roles", "roles")],
    "self-assessment": [("Summary", None), ("About this self-assessment", "introduction")],
    "service-level-agreement": [("Parties", "parties"), ("The service", "service"), ("Resolving disputes", "disputes")],
    "vision": [("Our vision", "statement"), ("Our mission", "mission"), ("Our way of working", "way_of_working")],
}
# Where each type's draft is written: beside the example's own document of the type.
OUTPUTS = {doc_type: f"content/{ORG}/{doc_type}/{doc_type}-from-word.yaml" for doc_type in TYPES}
OUTPUTS["role-description"] = f"content/{ORG}/role-description.yaml"  # the default: the example has none


def _word(path: Path, doc_type: str) -> list[str]:
    """Write a Word document of ``doc_type`` to ``path``; its paragraphs, as a reader sees them."""
    document = docx.Document()
    document.add_heading(f"Locality Leads Group {doc_type.replace('-', ' ')}", 0)
    document.add_paragraph("Version 1.3")
    said = []
    for index, (heading, key) in enumerate(HEADINGS[doc_type]):
        document.add_heading(heading, 1)
        paragraph = document.add_paragraph(f"The {key or 'summary'} section says ")
        paragraph.add_run("what matters most").bold = True
        paragraph.add_run(f" about {heading.lower()}.")
        said.append(paragraph.text)
        if doc_type == "service-level-agreement" and key == "parties":
            said.append(document.add_paragraph("Between Kingsmere Medical Practice and Wyvern Vale Integrated Care Board.").text)
        if key == "membership":
            table = document.add_table(rows=3, cols=5)
            rows = [["Name", "Role", "Organisation", "Voting", "Telephone"], ["Dr Priya Shah", "Locality Lead", "Oldbury Road Surgery", "Yes", PHONE], ["A. Carter", "Chief Executive", "Acme County Council", "No", ""]]
            for r, row in enumerate(rows):
                for c, text in enumerate(row):
                    table.cell(r, c).text = text
        elif key == "roles":
            document.add_heading("Chair", 2)
            said += [document.add_paragraph(text, style="List Bullet").text for text in ("Chairs the meetings.", "Speaks for the group.")]
        elif index == 0:
            said += [document.add_paragraph(text, style="List Bullet").text for text in ("A first point to make.", "A second point to make.")]
        if index == 1:
            document.add_heading(UNKNOWN, 1)
            said.append(document.add_paragraph("The group is a committee of the board and has no legal personality.").text)
            if doc_type in ("terms-of-reference", "vision"):
                contact = document.add_paragraph(f"Write to the clerk at {EMAIL} or call {PHONE} with any question.")
                said.append(contact.text.replace(EMAIL, LEFT_OUT).replace(PHONE, LEFT_OUT))  # for the author to write again
    document.save(path)
    return said


def _normal(text: str) -> str:
    return " ".join(text.replace("*", "").replace("\\", "").split())


def _texts(value: object) -> list[str]:
    if isinstance(value, dict):
        return [text for item in value.values() for text in _texts(item)]
    if isinstance(value, list):
        return [text for item in value for text in _texts(item)]
    return [value] if isinstance(value, str) else []


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, list[str]], subprocess.CompletedProcess[str]]:
    """The examples with a Word document of every type imported into one organisation,
    the paragraphs of each, and the check of them all."""
    root = copy_examples(tmp_path_factory.mktemp("import"))
    said = {}
    for doc_type in TYPES:
        source = root / f"{doc_type}.docx"
        said[doc_type] = _word(source, doc_type)
        done = run_invoke("import", str(source), "--type", doc_type, "--organisation", ORG, "--output", OUTPUTS[doc_type], cwd=root)
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith(f"wrote {OUTPUTS[doc_type]}")
    return root, said, run_invoke("check", "--organisation", ORG, cwd=root)


def test_every_type_has_a_case() -> None:
    assert sorted(HEADINGS) == sorted(TYPES)


def test_the_drafts_pass_the_check_with_warnings_only(imported) -> None:
    root, _, check = imported
    assert check.returncode == 0, check.stderr
    assert " error: " not in check.stderr
    # What the author must confirm is listed: at least the heading to write for the text before the first one.
    assert "[placeholder]" in check.stderr


@pytest.mark.parametrize("doc_type", TYPES)
def test_every_paragraph_is_in_the_draft_and_the_unknown_section_is_placed(imported, doc_type: str) -> None:
    root, said, _ = imported
    written = (root / OUTPUTS[doc_type]).read_text(encoding="utf-8")
    data = YAML(typ="safe").load(written)
    text = _normal(" ".join(_texts(data)))
    for paragraph in said[doc_type]:
        assert _normal(paragraph) in text, paragraph
    assert "**what matters most**" in written  # bold as Markdown
    assert data["control"] == {"title": f"Locality Leads Group {doc_type.replace('-', ' ')}", "version": "1.3", "status": "draft"}
    unknown = [section for section in data["sections"] if section["heading"] == UNKNOWN]
    assert len(unknown) == 1
    assert unknown[0].get("after") == HEADINGS[doc_type][1][1]


@pytest.mark.parametrize("doc_type", ["terms-of-reference", "vision"])
def test_contact_details_are_left_out_and_said_to_be(imported, doc_type: str) -> None:
    root, _, _ = imported
    written = (root / OUTPUTS[doc_type]).read_text(encoding="utf-8")
    assert EMAIL not in written and PHONE not in written and "960456" not in written
    comments = [line.strip() for line in written.splitlines() if line.strip().startswith("#")]
    assert any("left out" in line and "an email address" in line and "a telephone number" in line and UNKNOWN in line for line in comments), comments
    # Where each stood, a placeholder, so that the sentence is written again before it is published.
    _, _, check = imported
    assert f"still to be written: …{LEFT_OUT} or call {LEFT_OUT} with any question. [placeholder]" in check.stderr


def test_a_table_of_members_becomes_offices(imported) -> None:
    root, _, _ = imported
    written = (root / OUTPUTS["terms-of-reference"]).read_text(encoding="utf-8")
    data = YAML(typ="safe").load(written)
    assert data["body"] == "locality-leads-group"  # named in the title
    assert data["membership"]["members"] == [
        {"office": "Locality Lead", "represents": "oldbury-road-surgery", "voting": True},
        {"office": "Chief Executive, Acme County Council", "voting": False},
    ]
    assert "Telephone (personal contact details)" in written  # the column left out, and said to be
    assert "guessed" not in written.split("membership:")[1].split("sections:")[0]


def test_a_role_under_roles_is_a_role_and_a_list_its_items(imported) -> None:
    root, _, _ = imported
    data = YAML(typ="safe").load((root / OUTPUTS["role-description"]).read_text(encoding="utf-8"))
    assert data["roles"] == {"chair": {"title": "Chair", "responsibilities": ["Chairs the meetings.", "Speaks for the group."]}}
    assert data["core_skills"][1:] == ["A first point to make.", "A second point to make."]


def test_an_agreement_names_the_parties_its_text_names(imported) -> None:
    root, _, _ = imported
    data = YAML(typ="safe").load((root / OUTPUTS["service-level-agreement"]).read_text(encoding="utf-8"))
    assert data["parties"] == [{"organisation": "kingsmere-medical-practice"}, {"organisation": "wyvern-vale-icb"}]


def test_guesses_are_commented(imported) -> None:
    root, _, _ = imported
    written = (root / OUTPUTS["role-description"]).read_text(encoding="utf-8")
    assert "# from the title or the text before the first heading, which names it: check this is the body\nbody: locality-leads-group\n" in written
    written = (root / OUTPUTS["register-of-interests"]).read_text(encoding="utf-8")
    assert "# guessed: the first of 21 in organisation.yaml; the Word document does not say which person" in written
    written = (root / OUTPUTS["communication-strategy"]).read_text(encoding="utf-8")
    data = YAML(typ="safe").load(written)
    assert [goal["goal"] for goal in data["goals"]] == ["A first point to make.", "A second point to make."]  # a goal per list item
    assert data["goals"][0]["measure"].startswith("TODO:")  # to write: the document does not say


def test_the_drafts_build_with_their_paragraphs(imported) -> None:
    root, said, _ = imported
    project = govpack.Project.at(root, organisations=(ORG,))
    result = govpack.build(project)
    assert [str(f) for f in result.findings if f.severity == govpack.ERROR] == []
    folder = project.output / "internal" / ORG
    for doc_type in ("terms-of-reference", "service-level-agreement"):
        name = Path(OUTPUTS[doc_type]).stem
        page = re.sub(r"<[^>]+>", " ", (folder / f"{name}.en.html").read_text(encoding="utf-8"))
        pdf = " ".join(p.extract_text() for p in PdfReader(folder / f"{name}.en.pdf").pages)
        for paragraph in said[doc_type]:
            assert _normal(paragraph) in _normal(page), paragraph
            assert _normal(paragraph) in _normal(pdf), paragraph
    # Its members are offices, which have no role of their own: no column of empty cells.
    terms = (folder / f"{Path(OUTPUTS['terms-of-reference']).stem}.en.html").read_text(encoding="utf-8")
    assert ">Member</th>" in terms and ">Role</th>" not in terms


def test_headings_in_welsh_are_matched(tmp_path: Path) -> None:
    root = copy_examples(tmp_path)
    org = root / "content" / "cwm-arian" / "organisation.yaml"
    text = org.read_text(encoding="utf-8").replace(
        "\nbodies:\n",
        "\nbodies:\n  cluster-forum:\n    name: {en: Cwm Arian Cluster Forum, cy: Fforwm Clwstwr Cwm Arian}\n    level: committee\n    purpose: {en: A forum., cy: Fforwm.}\n",
    )
    org.write_text(text, encoding="utf-8")
    welsh = catalogue(ROOT / "templates", "cy")
    document = docx.Document()
    document.add_heading("Cylch gorchwyl Fforwm Clwstwr Cwm Arian", 0)
    document.add_heading(f"1. {welsh.gettext('Purpose and duty')}", 1)
    document.add_paragraph("Mae'r fforwm yn dod â'r practisau ynghyd.")
    document.add_heading(welsh.gettext("Membership"), 1)
    table = document.add_table(rows=2, cols=3)
    for c, cell in enumerate(["Enw", "Rôl", "Sefydliad"]):
        table.cell(0, c).text = cell
    for c, cell in enumerate(["Dr Siân Morgan", "Arweinydd", "Meddygfa Abercwm"]):
        table.cell(1, c).text = cell
    document.add_heading(welsh.gettext("Quorum and attendance"), 2)
    document.add_paragraph("Pedwar aelod.")
    document.save(root / "cylch.docx")
    done = run_invoke("import", "cylch.docx", "--type", "terms-of-reference", "--organisation", "cwm-arian", "--output", "content/cwm-arian/terms-of-reference/fforwm.yaml", cwd=root)
    assert done.returncode == 0, done.stderr
    data = YAML(typ="safe").load((root / "content/cwm-arian/terms-of-reference/fforwm.yaml").read_text(encoding="utf-8"))
    assert data["purpose"]["cy"] == "Mae'r fforwm yn dod â'r practisau ynghyd."
    assert data["purpose"]["en"].startswith("TODO: in en:")  # to translate: the organisation publishes in both
    assert data["body"] == "cluster-forum"
    assert data["membership"]["members"][0]["represents"] == "abercwm-surgery"
    assert data["meetings"]["quorum_rules"]["cy"] == "Pedwar aelod."
    check = run_invoke("check", "--organisation", "cwm-arian", cwd=root)
    assert check.returncode == 0 and " error: " not in check.stderr, check.stderr


@pytest.mark.parametrize(
    ("name", "content", "args", "says"),
    [
        ("notes.txt", b"just text", ("--type", "vision"), "not a Word document (.docx)"),
        ("broken.docx", b"PK\x03\x04 not really a zip", ("--type", "vision"), "cannot be read as a Word document"),
        ("fine.docx", None, ("--type", "minutes"), '--type is "minutes"'),
        ("fine.docx", None, ("--type", "vision", "--organisation", "nowhere"), '--organisation is "nowhere"'),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, name: str, content: bytes | None, args: tuple[str, ...], says: str) -> None:
    root = copy_examples(tmp_path)
    if content is None:
        docx.Document().save(root / name)
    else:
        (root / name).write_bytes(content)
    if "--organisation" not in args:
        args = (*args, "--organisation", ORG)
    done = run_invoke("import", name, *args, cwd=root)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and done.stderr.startswith("error: ") and says in done.stderr, done.stderr


def test_an_existing_file_is_not_overwritten(tmp_path: Path) -> None:
    root = copy_examples(tmp_path)
    _word(root / "vision.docx", "vision")
    before = (root / "content" / ORG / "vision.yaml").read_bytes()
    done = run_invoke("import", "vision.docx", "--type", "vision", "--organisation", ORG, cwd=root)
    assert done.returncode == 2 and "already exists" in done.stderr and "--output" in done.stderr
    assert (root / "content" / ORG / "vision.yaml").read_bytes() == before


def test_headings_match_whatever_their_numbering_case_and_language() -> None:
    labels = Labels("terms-of-reference", ROOT / "templates")
    assert labels.match("3.1 Quorum") == Match("meetings.quorum_rules", True, None)  # a synonym: a guess
    assert labels.match("PURPOSE AND DUTY:") == Match("purpose", False, "en")
    assert labels.match("(b) Diben a dyletswydd") == Match("purpose", False, "cy")
    assert labels.match("Communication within the federation") == Match("communication", False, "en")
    assert labels.match("Section 4 - Declarations of Interests") == Match("declarations_of_interest", False, "en")
    assert labels.match("Aims & objectives") == Match("purpose", True, None)
    assert labels.match("Steering group") is None and labels.match("2027") is None


def test_a_document_set_by_hand_is_read_as_its_author_meant(tmp_path: Path) -> None:
    # No Title or Heading styles: a bold first line, bold lines for headings; a
    # numbered and a nested list; a free-form section four levels deep; the address
    # the organisation publishes (publication_scheme.contact), which is kept.
    root = copy_examples(tmp_path)
    document = docx.Document()
    document.add_paragraph().add_run("Locality Leads Group: terms of reference").bold = True
    document.add_paragraph("Agreed by the Board, Fersiwn 4.")
    document.add_paragraph().add_run("Purpose").bold = True
    document.add_paragraph("The group does three things (ask governance@example.com, the federation's published address):")
    for text, style in (("Links the localities.", "List Number"), ("With each practice.", "List Bullet 2"), ("Reports to the board.", "List Number")):
        document.add_paragraph(text, style=style)
    document.add_heading("Working groups", 1)
    document.add_heading("Estates", 2)
    document.add_heading("Buildings", 3)
    document.add_heading("Leases", 4)
    document.add_paragraph("Each lease is reviewed.")
    document.save(root / "by-hand.docx")
    project = govpack.Project.at(root, organisations=(ORG,))
    imported = import_word(project, root / "by-hand.docx", "terms-of-reference", ORG, f"content/{ORG}/terms-of-reference/by-hand.yaml")
    written = imported.path.read_text(encoding="utf-8")
    data = YAML(typ="safe").load(written)
    assert data["control"]["title"] == "Locality Leads Group: terms of reference" and data["control"]["version"] == "4"
    assert "# from the first line of the Word document: check this is the title" in written
    assert data["purpose"] == "The group does three things (ask governance@example.com, the federation's published address):\n\n1. Links the localities.\n   - With each practice.\n1. Reports to the board.\n"
    assert data["membership"]["members"] == [{"office": "TODO: the office (not found in the Word document)"}]
    sections = {section["heading"]: section for section in data["sections"]}
    assert sections["TODO: a heading for the text before the first heading"]["text"] == "Agreed by the Board, Fersiwn 4."
    estates = sections["Working groups"]["sections"][0]
    assert estates["heading"] == "Estates" and estates["sections"][0]["heading"] == "Buildings"
    assert estates["sections"][0]["text"] == "**Leases**\n\nEach lease is reviewed.\n"  # deeper than sections go: a bold line
    assert [str(f) for f in check_findings(project) if f.severity == govpack.ERROR] == []
    assert data["body"] == "locality-leads-group" and imported.notes == []  # named in the title: no guess


def test_every_heading_listed_names_a_field_and_its_first_is_the_templates() -> None:
    schemas = load_schemas(ROOT / "schemas")
    for doc_type, keys in LABELS.items():
        template = (ROOT / "templates" / f"{doc_type}.html.j2").read_text(encoding="utf-8")
        for key, labels in keys.items():
            rules = {"schema": schemas[doc_type].rules}
            for step in key.split("."):
                rules = rules["schema"][step]
            assert f'_("{labels[0].removeprefix("~")}"' in template, (doc_type, key)
            assert len(labels) == len(set(labels)), (doc_type, key)
        # A heading names one field, but for a template's heading over several (~), which names the first.
        named = [(normalised(label).removesuffix("s"), key) for key, labels in keys.items() for label in labels if not label.startswith("~")]
        assert len({words for words, _ in named}) == len(named), doc_type


def test_tracked_changes_are_said_to_be_unread(tmp_path: Path) -> None:
    root = copy_examples(tmp_path)
    document = docx.Document()
    paragraph = document.add_paragraph("A healthy ")
    inserted = OxmlElement("w:ins")
    inserted.set(qn("w:id"), "1")
    inserted.set(qn("w:author"), "An editor")
    inserted.append(paragraph.add_run("and happy ")._r)  # the run moved into the insertion
    paragraph._p.append(inserted)
    document.save(root / "tracked.docx")
    imported = import_word(govpack.Project.at(root, organisations=(ORG,)), root / "tracked.docx", "vision", ORG, f"content/{ORG}/vision/tracked.yaml")
    assert imported.notes[0].startswith("tracked.docx has tracked changes, whose text was not read: accept or reject them in Word")
    assert imported.path.read_text(encoding="utf-8").splitlines()[1].startswith("# WARNING: tracked.docx has tracked changes")


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def test_text_in_content_controls_fields_smart_tags_and_notes_is_read_and_what_is_not_is_said(tmp_path: Path) -> None:
    """Templates hold their text in content controls and fields; a footnote's text is
    the author's too. A text box and a symbol font's character are not read: said, as
    tracked changes are, never lost without a word."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import parse_xml

    from govpack.checking.personal import Directory
    from govpack.tools.word_reading import read_word

    document = docx.Document()
    body = document.element.body
    body.insert(len(body) - 1, parse_xml(f'<w:sdt {W}><w:sdtPr/><w:sdtContent><w:p><w:r><w:t>The chair is elected annually.</w:t></w:r></w:p></w:sdtContent></w:sdt>'))
    paragraph = document.add_paragraph("Members: ")
    for inner in (
        '<w:sdt {W}><w:sdtContent><w:r><w:t xml:space="preserve">every practice, </w:t></w:r></w:sdtContent></w:sdt>',
        '<w:fldSimple {W} w:instr="DOCPROPERTY Company"><w:r><w:t xml:space="preserve">Teifi Ltd, </w:t></w:r></w:fldSimple>',
        '<w:smartTag {W} w:element="place"><w:r><w:t>Cardigan</w:t></w:r></w:smartTag>',
        '<w:r {W}><w:t xml:space="preserve"> as the Act says</w:t></w:r>',
        '<w:r {W}><w:footnoteReference w:id="1"/></w:r>',
        '<w:r {W}><w:t>.</w:t></w:r>',
    ):
        paragraph._p.append(parse_xml(inner.format(W=W)))
    document.add_paragraph("Agreed ").add_run()._r.append(parse_xml(f'<w:sym {W} w:font="Wingdings" w:char="F0FC"/>'))
    box = document.add_paragraph().add_run()._r
    box.append(parse_xml(f'<w:pict {W} xmlns:v="urn:schemas-microsoft-com:vml"><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>Contact the office</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict>'))
    table = document.add_table(rows=1, cols=1)
    table.cell(0, 0)._tc.append(parse_xml(f'<w:sdt {W}><w:sdtContent><w:p><w:r><w:t>In a cell</w:t></w:r></w:p></w:sdtContent></w:sdt>'))
    notes = f'<w:footnotes {W}><w:footnote w:id="1"><w:p><w:r><w:t>Section 2 of the 2020 Act.</w:t></w:r></w:p></w:footnote></w:footnotes>'
    part = Part(PackURI("/word/footnotes.xml"), "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml", notes.encode(), document.part.package)
    document.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
    document.save(tmp_path / "controls.docx")

    blocks, _, unread = read_word(tmp_path / "controls.docx", Directory())
    assert [block.text for block in blocks if block.kind == "text"][:2] == [
        "The chair is elected annually.",
        "Members: every practice, Teifi Ltd, Cardigan as the Act says (Section 2 of the 2020 Act.).",
    ]
    assert [block.rows for block in blocks if block.kind == "table"] == [[["In a cell"]]]
    assert unread == [
        'controls.docx has 1 text box(es) ("Contact the office"), whose text was not read: copy it into the document\'s own text, or import and copy it in',
        'a character of the Wingdings font in "Agreed" was not read: write what it means in words ("yes" for a tick)',
    ]


def test_a_contact_detail_in_a_link_s_address_is_taken_out_with_the_link_and_its_words_kept(tmp_path: Path) -> None:
    """A link's words may not show the detail its address holds: "the clerk" to a
    mailto:, "WhatsApp" to wa.me/44... (found by a new-user trial: imported as they were)."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import parse_xml

    from govpack.checking.personal import Directory
    from govpack.tools.word_reading import read_word

    document = docx.Document()
    paragraph = document.add_paragraph("Write to ")
    for words, address in (("the clerk", "mailto:clerk.jones@gmail.com"), ("WhatsApp", "https://wa.me/447700900461"), ("the guide", "https://example.org/guide")):
        rid = document.part.relate_to(address, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
        R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
        paragraph._p.append(parse_xml(f'<w:hyperlink {W} {R} r:id="{rid}"><w:r><w:t>{words}</w:t></w:r></w:hyperlink>'))
        paragraph._p.append(parse_xml(f'<w:r {W}><w:t xml:space="preserve">, </w:t></w:r>'))
    document.save(tmp_path / "links.docx")
    blocks, _, _ = read_word(tmp_path / "links.docx", Directory())
    [text] = [block for block in blocks if block.kind == "text"]
    assert text.text == f"Write to the clerk {LEFT_OUT}, WhatsApp {LEFT_OUT}, [the guide](https://example.org/guide),"
    assert sorted(detail.key for detail in text.left_out) == ["07700900461", "clerk.jones@gmail.com"]  # said in the file's comments


def test_a_list_that_starts_at_word_s_second_level_is_a_list_of_siblings() -> None:
    """Word's List Number 2 begins a list at its second level: its items are one list,
    not each nested in the one before (found by a new-user trial: the PDF printed the
    second as a sub-point of the first, both numbered 1)."""
    from govpack.tools.word_reading import Block, markdown

    majority = [Block("item", "a simple majority", level=1, numbered=True), Block("item", "a two-thirds majority", level=1, numbered=True)]
    assert markdown(majority) == "1. a simple majority\n1. a two-thirds majority"
    levels = [Block("item", text, level=level) for text, level in (("a", 0), ("b", 1), ("c", 0), ("d", 2), ("e", 1))]
    assert markdown(levels) == "- a\n  - b\n- c\n  - d\n  - e"
