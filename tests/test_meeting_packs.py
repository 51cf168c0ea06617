"""Meeting packs: what members read before a meeting, joined into one PDF (issue 18).

What goes in a pack is tested on the examples as checked; the PDF on the examples as
built: each paper starts at the pack page the agenda gives, under its own bookmark.
"""

from __future__ import annotations

import dataclasses
import json
import re
from typing import Any

import pytest
from pypdf import PdfReader

import govpack
from conftest import ROOT
from govpack.reading.assemble import Document, Organisation
from govpack.reading.document_types import document_types
from govpack.reading.logs import with_logs
from govpack.reading.meetings import Meeting
from govpack.rendering.packs import interests, packs

TYPES = document_types(ROOT / "schemas")
MEETING = "leadership-team-2027-01-14"  # Cwm Arian's meeting still to be held


@pytest.fixture(scope="module")
def organisations() -> dict[str, Organisation]:
    checked, _ = govpack.check(govpack.Project.at(ROOT))
    return {org.slug: with_logs(org, TYPES) for org in checked}


def _with(org: Organisation, *documents: Document, without: str = "") -> Organisation:
    """``org`` with ``documents`` added, and without the document named ``without``."""
    return dataclasses.replace(org, documents=[*(doc for doc in org.documents if doc.slug != without), *documents])


def _meeting(org: Organisation, slug: str, day: str, **data: Any) -> Document:
    """A copy of the meeting ``slug`` of ``org`` on another ``day``, its record's ``data`` changed."""
    record = next(doc for doc in org.documents if doc.slug == slug)
    assert record.meeting is not None
    return dataclasses.replace(record, slug=f"{record.meeting.body}-{day}", source=dataclasses.replace(record.source, data={**record.data, **data}), meeting=Meeting(record.meeting.body, day))


def test_a_meeting_still_to_be_held_has_a_pack_of_the_last_minutes_the_actions_and_its_papers(organisations: dict[str, Organisation]) -> None:
    cwm = organisations["cwm-arian"]
    made = {pack.slug: pack for pack in packs(cwm, TYPES)}
    # The governance pack, and one pack for the one meeting still planned: none for one held.
    assert list(made) == ["pack", f"{MEETING}-pack"]
    pack = made[f"{MEETING}-pack"]
    assert pack.meeting is not None and pack.meeting.slug == MEETING and pack.status == "draft"
    # The body's last minutes (not the other body's), its action log, then each paper
    # that is a govpack document in agenda order, once each.
    assert [doc.slug for doc in pack.documents] == [
        "leadership-team-2026-11-12",
        "leadership-team-action-log",
        "leadership-team",
        "role-description",
        "code-of-conduct",
        "cluster-pharmacist",
        "communication-strategy",
    ]
    assert pack.front_pages == 4  # a cover, the agenda, and two pages of the members' nine entries
    assert [pack.slug for org in organisations.values() for pack in packs(org, TYPES) if pack.meeting] == [f"{MEETING}-pack"]


def test_a_meeting_pack_holds_the_last_minutes_only_once_they_are_written_and_each_paper_once(organisations: dict[str, Organisation]) -> None:
    cwm = organisations["cwm-arian"]
    # A second meeting planned after the first: the first's minutes are not written yet,
    # and the minutes before it are not the last meeting's.
    again = _meeting(cwm, MEETING, "2027-02-11", items=[{"title": "Code of conduct", "papers": [{"document": "code-of-conduct"}]}, {"title": "Again", "papers": [{"document": "code-of-conduct"}, {"paper": "A paper"}]}])
    held = _meeting(cwm, MEETING, "2027-03-11", status="held")  # held, its minutes still to come
    after = _meeting(cwm, MEETING, "2027-04-08")
    made = {pack.slug: [doc.slug for doc in pack.documents] for pack in packs(_with(cwm, again, held, after), TYPES)}
    assert made["leadership-team-2027-02-11-pack"] == ["leadership-team-action-log", "code-of-conduct"]
    assert made["leadership-team-2027-04-08-pack"][:2] == ["leadership-team-action-log", "leadership-team"]
    assert "leadership-team-2027-03-11-pack" not in made  # held: its record is the minutes
    # A body's action log is in its packs once it has an action.
    log = next(doc for doc in cwm.documents if doc.slug == "leadership-team-action-log")
    empty = dataclasses.replace(log, source=dataclasses.replace(log.source, data={**log.data, "entries": []}))
    [pack] = [pack for pack in packs(_with(cwm, empty, without=log.slug), TYPES) if pack.meeting]
    assert "leadership-team-action-log" not in [doc.slug for doc in pack.documents]


def test_a_meeting_pack_shows_the_register_entries_of_the_body_s_members_on_the_day(organisations: dict[str, Organisation]) -> None:
    cwm = organisations["cwm-arian"]
    meeting = next(doc for doc in cwm.documents if doc.slug == MEETING)
    found = interests(cwm, meeting)
    # The members the Team's terms list, in their order; not the stakeholder board's.
    assert found.members == ["rhian-morgan", "owain-price", "sian-llewellyn", "carys-jenkins", "rajesh-patel", "bethan-pritchard", "sarah-powell", "dafydd-lewis", "glyn-edwards", "eleri-thomas"]
    assert [entry["person"] for entry in found.entries] == found.members[:-1]  # a member of the board only (aled-rees) is not here
    assert found.unregistered == ["eleri-thomas"]  # a member with no entry at all
    # An interest that ended before the day is not one to declare against; one ending that day is.
    register = found.register
    assert register is not None and register.control["status"] == "approved"
    ended = [
        {"person": "owain-price", "kind": "financial", "description": "Ended before", "declared": "2026-01-05", "ended": "2027-01-13"},
        {"person": "dafydd-lewis", "kind": "financial", "description": "Ends that day", "declared": "2026-01-05", "ended": "2027-01-14"},
    ]
    source = dataclasses.replace(register.source, data={**register.data, "entries": [*register.data["entries"], *ended]})
    described = [entry.get("description") for entry in interests(_with(cwm, dataclasses.replace(register, source=source), without=register.slug), meeting).entries]
    assert "Ends that day" in described and "Ended before" not in described
    # No register: the members, with nothing to show. No terms in force: no members known.
    unregistered = interests(_with(cwm, without=register.slug), meeting)
    assert (unregistered.register, unregistered.entries, unregistered.unregistered) == (None, [], found.members)
    early = interests(cwm, _meeting(cwm, MEETING, "2025-01-01"))  # before the Team's first terms
    assert early.members is None and early.entries == []


def test_a_member_who_sits_by_office_is_named_as_a_seat_and_the_chair_s_entries_are_shown(organisations: dict[str, Organisation]) -> None:
    severnbrook, cwm = organisations["severnbrook"], organisations["cwm-arian"]
    board = _meeting(severnbrook, "partnership-board-2024-05-16", "2027-01-10", status="planned")  # chaired by Cllr Hollis
    register = next(doc for doc in cwm.documents if doc.type == "register-of-interests")
    entries = [{"person": "denise-hollis", "kind": "financial", "description": "Landlord of two homes let through Brookside Homes.", "declared": "2026-04-01"}]
    own = dataclasses.replace(register, slug="register-of-interests", source=dataclasses.replace(register.source, data={**register.data, "entries": entries}))
    found = interests(_with(severnbrook, own), board)
    # The chair holds an office seat, which names no one: shown as the chair; the seats are named.
    assert found.members == ["ruth-okafor", "james-whitfield", "denise-hollis"]
    assert [entry["person"] for entry in found.entries] == ["denise-hollis"] and found.unregistered == ["ruth-okafor", "james-whitfield"]
    assert found.offices[0] == "Cabinet Member for Housing, Severnbrook Borough Council" and len(found.offices) == 4


def _text(page) -> str:
    return " ".join(page.extract_text().split())


def test_each_paper_starts_at_the_pack_page_the_agenda_gives_under_its_own_bookmark(built: govpack.Project) -> None:
    folder = built.output / "internal" / "cwm-arian"
    entries = json.loads((built.output / "manifest.json").read_text(encoding="utf-8"))["outputs"]
    mine = [(e["document"], e["lang"], e["status"]) for e in entries if e["type"] == "pack" and e["document"] != "pack"]
    assert mine == [(f"{MEETING}-pack", "cy", "draft"), (f"{MEETING}-pack", "en", "draft")]
    pack = PdfReader(folder / f"{MEETING}-pack.en.pdf")
    papers = [PdfReader(folder / f"{slug}.en.pdf") for slug in ("leadership-team-2026-11-12", "leadership-team-action-log", "leadership-team", "role-description", "code-of-conduct", "cluster-pharmacist", "communication-strategy")]
    bookmarks = [(item.title, pack.get_destination_page_number(item) + 1) for item in pack.outline if not isinstance(item, list)]
    # The front matter's bookmark, then each paper's, at the page after the one before it ends.
    assert bookmarks[0] == ("Leadership Team meeting, 14 January 2027", 1)
    front = bookmarks[1][1] - 1
    assert len(pack.pages) == front + sum(len(paper.pages) for paper in papers)
    starts = [front + 1 + sum(len(paper.pages) for paper in papers[:index]) for index in range(len(papers))]
    assert [page for _, page in bookmarks[1:]] == starts
    assert [title for title, _ in bookmarks[1:]] == [paper.outline[0].title for paper in papers]
    agenda = _text(pack.pages[1])
    assert agenda.startswith("Agenda Welcome and apologies Declarations of interest")
    for (title, page), paper in zip(bookmarks[1:], papers):
        assert re.search(rf"{re.escape(title)}[^,]*(, version [\d.]+)?( \(Draft\))?, page {page}\b", agenda), (title, page)
        assert _text(pack.pages[page - 1]).replace(" ", "").find(title.replace(" ", "")) >= 0  # its cover
        assert _text(paper.pages[0]).replace(" ", "").find(title.replace(" ", "")) >= 0
    assert "Cluster risk register, January 2027 (circulated separately)" in agenda  # a paper govpack does not hold
    # The register entries at the page the agenda gives, with the pack's page numbers.
    register_page = int(re.search(r"Also in this pack Declarations of interest: the register, page (\d+)", agenda).group(1))
    register = _text(pack.pages[register_page - 1])
    assert "Declarations of interest: the register" in register and "Dr Rhian Morgan" in register and "Aled Rees" not in register
    assert f"Pack page {register_page} of {len(pack.pages)}" in register and "Pack page" not in _text(pack.pages[0])
    assert "Members with no entry in the register, not even a nil return: Eleri Thomas." in " ".join(_text(page) for page in pack.pages[2:front])
    # Listed beside the meeting on the organisation's page, in each of its languages.
    assert f'href="{MEETING}-pack.en.pdf"' in (folder / "index.html").read_text(encoding="utf-8")
    welsh = PdfReader(folder / f"{MEETING}-pack.cy.pdf")
    assert "Datganiadau o fuddiannau: y gofrestr" in " ".join(_text(page) for page in welsh.pages[2:front + 1])
    assert f'href="{MEETING}-pack.cy.pdf"' in (folder / "index.cy.html").read_text(encoding="utf-8")


def test_no_meeting_pack_reaches_the_public_set(published: govpack.Project) -> None:
    """A pack is for a meeting still to be held, whose record is a draft: members only."""
    assert list(published.output.glob("public/**/*-pack.*")) == []
    assert list(published.output.glob(f"internal/cwm-arian/{MEETING}-pack.*.pdf"))
