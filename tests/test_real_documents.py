"""Real documents fit: what a document states is printed where it belongs, and what
it does not state is left out, never filled in (issue 21).

One organisation holds a document of every type with only its required fields, and
a terms of reference with free-form sections among its standard ones; it is built
once, to HTML and PDF, and each test reads what was made.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

import govpack
from conftest import CASES, ROOT, TODAY
from govpack.checking.check import guide_findings
from govpack.reading.document_types import document_types

TYPES = [name for name, t in document_types(ROOT / "schemas").items() if not t.derived]  # the types someone writes
CONTROL = 'control: {title: "%s", version: "1.0", status: draft}\n'

# Each type with only what makes it that document, as the schema requires it.
MINIMAL = {
    "terms-of-reference": """\
body: leadership-team
purpose: The team leads the cluster's work.
membership:
  members:
    - person: anna-price
    - person: ben-hughes
""",
    "service-level-agreement": """\
kind: memorandum-of-understanding
service: The parties work together on housing and health.
parties:
  - organisation: acme-health-board
  - organisation: acme-council
""",
    "vision": "statement: A healthy Acme.\n",
    "code-of-conduct": "",
    "communication-strategy": """\
goals:
  - goal: People know what the cluster does.
    measure: A survey each year.
audiences:
  residents: {name: Residents, description: Everyone who lives in Acme.}
""",
    "register-of-interests": """\
entries:
  - {person: anna-price, kind: nil, declared: 2026-01-10}
""",
    "role-description": """\
body: leadership-team
roles:
  chair:
    title: Chair
    responsibilities: [Chairs the meetings.]
""",
    "self-assessment": """\
checklist:
  leadership:
    title: Leadership
    statements: {vision-agreed: The vision is agreed.}
assessment:
  vision-agreed: {status: in-place, owner: Cluster Lead, target: 2027-01-01}
""",
    "meeting": """\
title: The meeting of the minimal-meeting
status: planned
items:
  - title: Welcome
""",
}

# A terms of reference as a network writes it: a steering group inside it, a legal
# status the guide has no heading for, and its own sections in its own order.
WITH_SECTIONS = """\
control: {title: "Acme Network Board", version: "2.0", status: draft}
body: stakeholder-board
purpose: The board leads the network.
membership:
  members:
    - person: anna-price
      represents: acme-road-surgery
    - person: carys-morgan
      represents: hill-street-practice
    - office: Chief Executive, Acme County Council
      deputy: A director the Chief Executive names
      represents: acme-council
  participants:
    - The Police and Crime Commissioner, as an invited participant
  partners_engaged:
    - Acme Housing Association
meetings:
  quorum_per_organisation: 1
  frequency: Monthly.
sections:
  - heading: Legal status
    text: The board is not a legal entity.
  - heading: Steering group
    after: membership
    text: A steering group of three does the work between meetings.
    sections:
      - heading: Its members
        text: "The lead GP of each practice, **by office**."
        sections:
          - heading: Deputies
            text: Each names a deputy.
  - heading: Reporting back
    after: membership
    text: The steering group reports to each meeting.
"""

# A memorandum as real ones are: signed in a year, with no day or month; approved
# that year; no money, no host, no end date.
SIGNED_IN_2015 = """\
control:
  title: Housing and health memorandum
  version: "1.0"
  status: approved
  approved: 2015
  history:
    - {version: "1.0", date: 2015-03, summary: Signed.}
kind: memorandum-of-understanding
service: The parties share what they know of housing and health.
parties:
  - {organisation: acme-health-board, role: NHS body}
  - {organisation: acme-council, role: Housing authority}
start: 2015-03
signatures:
  - {person: ian-roberts, organisation: acme-health-board, date: 2015}
  - {person: kate-jenkins, organisation: acme-council, date: "2015"}
"""

# Wording that states a fact: none may appear where the document does not state it.
INVENTED = ["not stated", "£0", "hosts the service", "Voting", "Named proxy", "The quorum is", "Agreed on", "To be reviewed", "Review by", "Chair:"]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> govpack.Project:
    root = tmp_path_factory.mktemp("real")
    org = root / "content" / "acme"
    org.mkdir(parents=True)
    shutil.copy(CASES / "_documents" / "content" / "acme" / "organisation.yaml", org)
    # What a real organisation may not state: its commissioner, area and population.
    text = (org / "organisation.yaml").read_text(encoding="utf-8")
    text = re.sub(r"^(commissioner|area|population):.*\n", "", text, flags=re.M)
    (org / "organisation.yaml").write_text(text, encoding="utf-8")
    for doc_type, body in MINIMAL.items():
        if doc_type == "meeting":  # kept by body and day, with no document control
            (org / "meetings" / "leadership-team").mkdir(parents=True)
            (org / "meetings" / "leadership-team" / "2026-12-10.yaml").write_text(body, encoding="utf-8")
            continue
        (org / doc_type).mkdir()
        (org / doc_type / f"minimal-{doc_type}.yaml").write_text(CONTROL % doc_type + body, encoding="utf-8")
    (org / "terms-of-reference" / "network-board.yaml").write_text(WITH_SECTIONS, encoding="utf-8")
    (org / "service-level-agreement" / "housing.yaml").write_text(SIGNED_IN_2015, encoding="utf-8")
    built = govpack.Project.at(root, today=TODAY)
    result = govpack.build(built)
    # Only advice: a team of two is small, two members have made no declaration, and an element in place names nothing to show it.
    assert {f.rule for f in result.findings} == {"tor-leadership-size", "interests-declared", "assessment-evidence"}
    assert all(f.severity == govpack.WARNING for f in result.findings)
    return built


def _text(project: govpack.Project, name: str) -> tuple[str, str]:
    """The text of a built document's page (tags taken out) and of its PDF."""
    name = "leadership-team-2026-12-10" if name == "minimal-meeting" else name
    folder = project.output / "internal" / "acme"
    page = re.sub(r"<[^>]+>", " ", (folder / f"{name}.en.html").read_text(encoding="utf-8"))
    pdf = " ".join(page.extract_text() for page in PdfReader(folder / f"{name}.en.pdf").pages)
    return " ".join(page.split()), " ".join(pdf.split())


def test_every_type_has_a_minimal_case() -> None:
    assert sorted(MINIMAL) == sorted(TYPES)


@pytest.mark.parametrize("doc_type", TYPES)
def test_a_document_of_only_its_required_fields_prints_no_invented_fact(project: govpack.Project, doc_type: str) -> None:
    for text in _text(project, f"minimal-{doc_type}"):
        assert doc_type in text  # its title: what it does state is there
        assert [word for word in INVENTED if word in text] == []


def test_the_guide_lists_what_a_minimal_document_leaves_out(project: govpack.Project) -> None:
    gaps = [f for f in guide_findings(project) if f.rule == "guide-gap"]
    said = {(f.path, re.search(r"; add (\w+)", f.message).group(1)) for f in gaps}
    tor, board = "content/acme/terms-of-reference/minimal-terms-of-reference.yaml", "content/acme/terms-of-reference/network-board.yaml"
    assert (tor, "meetings") in said and (tor, "quorum") not in said  # meetings left out: one gap, not one a field
    assert ("content/acme/service-level-agreement/minimal-service-level-agreement.yaml", "host") in said
    assert (board, "agenda") in said and (board, "quorum") not in said  # stated per organisation
    assert all(f.severity == govpack.WARNING and "which the guide recommends (guide" in f.message for f in gaps)
    assert "not stated: which party hosts the service" in {f.message.split(",")[0] for f in gaps}


def test_free_sections_come_where_the_author_placed_them(project: govpack.Project) -> None:
    order = ["Membership", "Steering group", "Its members", "Deputies", "Reporting back", "Business and meeting arrangements", "Legal status"]
    for text in _text(project, "network-board"):
        places = [text.find(heading) for heading in order]
        assert -1 not in places and places == sorted(places), (order, places)
        assert "by office" in text and "A steering group of three does the work" in text


def test_members_by_office_tiers_and_a_quorum_per_organisation_are_printed_as_written(project: govpack.Project) -> None:
    for text in _text(project, "network-board"):
        assert "Chief Executive, Acme County Council" in text and "Deputy: A director the Chief Executive names" in text
        assert "The Police and Crime Commissioner, as an invited participant" in text and "Acme Housing Association" in text
        assert "At least 1 member from each member organisation must be present." in text
        assert "The quorum is" not in text


def test_free_sections_have_outline_entries_beneath_the_documents_title(project: govpack.Project) -> None:
    outline = PdfReader(project.output / "internal" / "acme" / "network-board.en.pdf").outline
    titles = [item.title for item in outline[1] if not isinstance(item, list)]
    assert titles[titles.index("Membership") + 1 : titles.index("Membership") + 3] == ["Steering group", "Reporting back"]
    assert titles[-1] == "Legal status"


def test_headings_name_the_organisations_kind(tmp_path: Path) -> None:
    shutil.copytree(CASES / "_documents" / "content", tmp_path / "content")
    org = tmp_path / "content" / "acme" / "organisation.yaml"
    org.write_text(org.read_text(encoding="utf-8").replace("kind: cluster", "kind: network"), encoding="utf-8")
    project = govpack.Project.at(tmp_path, today=TODAY)
    result = govpack.build(project)
    assert [str(f) for f in result.findings] == []
    page = (project.output / "internal" / "acme" / "terms-of-reference.en.html").read_text(encoding="utf-8")
    assert "Communication within the network" in page and "within the cluster" not in page
    assert "Primary care network" in (project.output / "internal" / "index.html").read_text(encoding="utf-8")


def test_an_agreement_signed_in_a_year_is_approved_and_says_no_more_than_that(project: govpack.Project) -> None:
    for text in _text(project, "housing"):
        assert "DRAFT" not in text and "Date approved 2015" in text
        assert "March 2015" in text and "Memorandum of understanding" in text
        assert [word for word in ["£", "hosts", "Ends", "Review"] if word in text] == []
    page = (project.output / "internal" / "acme" / "housing.en.html").read_text(encoding="utf-8")
    assert '<time datetime="2015">2015</time>' in page and '<time datetime="2015-03">March 2015</time>' in page
