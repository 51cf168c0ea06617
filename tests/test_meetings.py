"""Meeting records: where they are kept, how one is started, and what reaches the public.

The rules about meetings have their cases in tests/cases/ (meeting-*, approval-*).
"""

from __future__ import annotations

import datetime
import json
import shutil
import subprocess
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from jsonschema import Draft202012Validator
from pypdf import PdfReader

import govpack
from conftest import CASES, ROOT, run_invoke
from govpack.reading.source import Source
from govpack.reading.load import load_file
from govpack.tools.editor_schema import json_schemas

MEETINGS = CASES / "_meetings"


def _project(tmp_path: Path) -> Path:
    shutil.copytree(MEETINGS / "content", tmp_path / "content")
    return tmp_path


def _findings(project: Path) -> list[str]:
    return [str(f) for f in govpack.check(govpack.Project.at(project))[1]]


@pytest.mark.parametrize(
    ("place", "message"),
    [
        ("meetings/stakeholder-board/2026-13-01.yaml", 'the file name "2026-13-01.yaml" is not the day of the meeting: name it YYYY-MM-DD.yaml, e.g. 2026-03-12.yaml'),
        ("meetings/stakeholder-board/march.yaml", 'the file name "march.yaml" is not the day of the meeting: name it YYYY-MM-DD.yaml, e.g. 2026-03-12.yaml'),
        ("meetings/stakeholder-board/2026/2026-03-12.yaml", "a meeting's record is kept as <body>/<YYYY-MM-DD>.yaml: a folder for the body, a file named for the day it met"),
        ("meetings/2026-03-12.yaml", "a meeting's record is kept as <body>/<YYYY-MM-DD>.yaml: a folder for the body, a file named for the day it met"),
        ("meetings/the-board/2026-03-12.yaml", 'meetings/the-board/ names no body of organisation.yaml (bodies: leadership-team, stakeholder-board): name the folder for the body that met'),
        ("meeting.yaml", "not a known place for a document: use <type>.yaml or <type>/<name>.yaml, where type is one of vision, terms-of-reference, code-of-conduct, communication-strategy, service-level-agreement, register-of-interests, self-assessment, role-description; or meetings/<body>/<YYYY-MM-DD>.yaml for meeting"),
        # A body's logs are made from its minutes, never written.
        ("decision-log.yaml", "govpack makes each body's decision log from the records of its meetings, so it is not written: delete this file, and change the records instead"),
    ],
)
def test_a_meeting_kept_in_the_wrong_place_is_a_finding_that_says_where(tmp_path: Path, place: str, message: str) -> None:
    project = _project(tmp_path)
    record = next((project / "content" / "acme" / "meetings").rglob("*.yaml"))
    target = project / "content" / "acme" / place
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(record, target)
    layout = [f for f in _findings(project) if f.endswith("[content-layout]")]
    assert layout == [f"content/acme/{place}:1:1: error: {message} [content-layout]"]


def test_a_meeting_is_named_for_its_body_and_day_and_its_status_is_its_control(tmp_path: Path) -> None:
    organisations, findings = govpack.check(govpack.Project.at(_project(tmp_path)))
    assert findings == []
    meetings = [doc for doc in organisations[0].documents if doc.meeting]
    assert meetings and all(doc.slug == f"{doc.meeting.body}-{doc.meeting.date}" and doc.type == "meeting" for doc in meetings)
    for doc in meetings:
        approved = doc.data["status"] == "minutes-approved"
        assert doc.control["status"] == ("approved" if approved else "draft")
        assert doc.control["approved_by"] == doc.meeting.body and "version" not in doc.control
        assert doc.control.get("approved") == doc.data.get("minutes_approved")


def test_new_meeting_starts_a_planned_meeting_in_each_language_that_checks_with_placeholders_only(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    made = run_invoke("new", "wye-valley", "--languages", "en,cy", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    made = run_invoke("new-meeting", "wye-valley", "board", "2026-12-10", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    path = tmp_path / "content" / "wye-valley" / "meetings" / "board" / "2026-12-10.yaml"
    assert made.stdout.splitlines()[0] == "wrote content/wye-valley/meetings/board/2026-12-10.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../../../schemas/json/meeting.schema.json\n")
    source = load_file(tmp_path, path)
    assert isinstance(source, Source)
    assert source.data["status"] == "planned"
    assert source.data["title"]["cy"].startswith("Cyfarfod ") and source.data["title"]["cy"].endswith(", 10 Rhagfyr 2026")
    assert source.data["title"]["en"].endswith(" meeting, 10 December 2026")
    assert [item["title"]["cy"] for item in source.data["items"]][:2] == ["Croeso ac ymddiheuriadau", "Datganiadau o fuddiant"]
    assert list(Draft202012Validator(json_schemas(ROOT / "schemas")["meeting"]).iter_errors(source.data)) == []
    checked = run_invoke("check", cwd=tmp_path)
    assert checked.returncode == 0, checked.stderr
    own = [line for line in checked.stderr.splitlines() if "/meetings/" in line]
    assert own and all(line.endswith("[placeholder]") for line in own), own


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("acme", "the-board", "2026-12-10"), 'error: "the-board" is not a body of content/acme/organisation.yaml: use one of leadership-team, stakeholder-board'),
        (("acme", "stakeholder-board", "10/12/2026"), 'error: "10/12/2026" is not a day: write it YYYY-MM-DD, e.g. 2026-11-23'),
        (("nowhere", "stakeholder-board", "2026-12-10"), "error: content/nowhere/organisation.yaml cannot be read"),
        (("acme", "stakeholder-board", "2026-01-15"), "error: content/acme/meetings/stakeholder-board/2026-01-15.yaml already exists: edit it"),
    ],
)
def test_new_meeting_refuses_what_is_not_a_body_a_day_or_a_new_meeting(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    project = _project(tmp_path)
    made = run_invoke("new-meeting", *args, cwd=project)
    assert made.returncode != 0 and made.stderr.startswith(message), made.stderr


def _said(path: Path) -> str:
    """Everything a public file says, one space between words: a page's text, a PDF's text."""
    if path.suffix == ".pdf":
        text = " ".join(page.extract_text() or "" for page in PdfReader(path).pages)
    else:
        text = path.read_text(encoding="utf-8", errors="replace")
    return " ".join(text.split())


def test_an_item_taken_in_private_and_what_was_declared_at_it_never_reach_the_public_set(published: govpack.Project) -> None:
    project = published
    # Canaries: the private item's title, its reason, its minute, its paper, and the interest declared at it.
    canaries = [
        "Office premises from 2027",
        "terms offered by prospective landlords",
        "landlord has proposed a rent increase of 18%",
        "Director of Ashcombe Primary Care Estates Ltd",
    ]
    minutes = "wyvern-vale/federation-board-2026-04-14.en"
    internal = _said(project.output / "internal" / f"{minutes}.html") + _said(project.output / "internal" / f"{minutes}.pdf")
    assert [c for c in canaries if c not in internal] == []  # members read all of it: the search works
    # Wyvern Vale's files and those of every organisation (the guide, the scheme's JSON and CSV).
    public = [p for p in sorted((project.output / "public").rglob("*")) if p.suffix in (".html", ".pdf", ".json", ".csv") and p.parent.name in ("public", "wyvern-vale")]
    assert project.output / "public" / f"{minutes}.html" in public  # the approved minutes are published
    leaked = {p.relative_to(project.output).as_posix(): [c for c in canaries if c in _said(p)] for p in public}
    assert {path: found for path, found in leaked.items() if found} == {}
    page = _said(project.output / "public" / f"{minutes}.html")
    assert "9. Confidential item" in page and "An interest declared at item 9, which was taken in private, is not published." in page
    assert "Dr Sanjay Mehta" not in page.split("Declarations of interest")[1].split("Minutes")[0]


def test_public_minutes_name_a_superseded_document_they_approved_by_its_title(published: govpack.Project) -> None:
    # The terms the stakeholder board approved in January 2025 are superseded: not published, but named, never by file name.
    for lang, title in (("en", "Terms of Reference of the Cwm Arian Cluster Stakeholder Board"), ("cy", "Cylch Gorchwyl Bwrdd Rhanddeiliaid Clwstwr Cwm Arian")):
        page = _said(published.output / "public" / f"cwm-arian/stakeholder-board-2025-01-16.{lang}.html")
        assert page.count(title) >= 2 and "stakeholder-board-2025." not in page  # a paper, and what the decision approves
    assert not (published.output / "public/cwm-arian/stakeholder-board-2025.en.html").exists()


def _rows(page: str, section: str) -> list[str]:
    """The rows of the table under a section's heading (by its anchor), as text."""
    table = page.split(f'id="{section}"')[1].split("</table>")[0]
    return [" ".join(row.split()) for row in table.split("<tbody>")[1].split("</tr>")[:-1]]


def test_each_body_s_decisions_and_actions_are_gathered_into_its_logs(built: govpack.Project) -> None:
    folder = built.output / "internal" / "wyvern-vale"
    decisions = (folder / "federation-board-decision-log.en.html").read_text(encoding="utf-8")
    assert "<h1 class=\"doc-title\">Decision log: Wyvern Vale GP Federation Board</h1>" in decisions
    rows = _rows(decisions, "federation-board-decision-log-decisions")
    # Every decision of every meeting, the latest first, each linked to its item of the minutes.
    assert len(rows) == 14 and 'data-sort="2026-07-14-005"' in rows[0] and 'data-sort="2026-03-10-003"' in rows[-1]
    assert 'href="federation-board-2026-05-12.en.html#federation-board-2026-05-12-item-9"' in rows[2]
    assert "Decided by a vote: 7 for, 2 against, 1 abstaining. It has financial implications." in rows[2]
    assert "Not published: Commercially sensitive." in rows[2]  # members see why the public do not
    assert "Not published until the minutes are approved." in rows[0]  # July's minutes are a draft
    actions = (folder / "federation-board-action-log.en.html").read_text(encoding="utf-8")
    open_rows, closed_rows = _rows(actions, "federation-board-action-log-open"), _rows(actions, "federation-board-action-log-closed")
    assert open_rows and all(">Open<" in row for row in open_rows) and all(">Open<" not in row for row in closed_rows)
    due = [row.split('data-sort="')[1][:10] for row in open_rows]
    assert due == sorted(due)  # the soonest due first
    # An action of an item taken in private says so, as its decision does; one of draft minutes does not (the log is never published).
    private = [row for row in open_rows + closed_rows if "federation-board-2026-05-12-item-9" in row]
    assert private and all("Not published: Commercially sensitive." in row for row in private)
    assert "Not published until" not in actions
    # In Welsh too, for the organisation that publishes in both.
    welsh = (built.output / "internal" / "cwm-arian" / "leadership-team-decision-log.cy.html").read_text(encoding="utf-8")
    assert "Log penderfyniadau: Tîm Arwain Clwstwr Cwm Arian" in welsh


def test_the_public_decision_log_holds_only_what_approved_minutes_publish(published: govpack.Project) -> None:
    public = published.output / "public" / "wyvern-vale"
    page = (public / "federation-board-decision-log.en.html").read_text(encoding="utf-8")
    rows = _rows(page, "federation-board-decision-log-decisions")
    assert "Harlow Cross" not in page and "phlebotomy" not in page  # decisions of items taken in private
    assert len(rows) == 9 and all("2026-07-14" not in row for row in rows)  # nor of minutes not yet approved
    assert "5 decisions are not published: they are from minutes not yet approved, or from items taken in private." in page
    assert "Not published" not in page.replace("decisions are not published", "")
    # The action log is for members: it names who does what by when.
    assert list(published.output.glob("public/*/*-action-log.*")) == []
    scheme = json.loads((published.output / "public" / "publication-scheme.json").read_text(encoding="utf-8"))["items"]
    logs = {(item["organisation"], item["lang"], item["class"]) for item in scheme if item["document"].endswith("-decision-log") and item["format"] == "html"}
    assert ("wyvern-vale", "en", "How we make decisions") in logs and ("cwm-arian", "cy", "Sut rydym yn gwneud penderfyniadau") in logs


def test_a_sortable_log_sorts_in_the_browser_by_the_heading_pressed(built: govpack.Project) -> None:
    page = built.output / "internal" / "wyvern-vale" / "federation-board-decision-log.en.html"
    done = subprocess.run(["node", str(ROOT / "tests" / "axe" / "sort.mjs"), str(page)], capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    printed, ascending, descending = json.loads(done.stdout)
    assert printed["sort"] == "descending" and printed["button"]  # as printed: the latest first
    assert ascending["sort"] == "ascending" and ascending["keys"] == sorted(printed["keys"])
    assert descending["sort"] == "descending" and descending["keys"] == printed["keys"]


def test_a_log_is_not_imported_from_word(tmp_path: Path) -> None:
    project = _project(tmp_path)
    (project / "minutes.docx").write_bytes(b"")
    made = run_invoke("import", "minutes.docx", "--type", "decision-log", "--organisation", "acme", cwd=project)
    assert made.returncode != 0 and "a decision-log is not imported or written: govpack makes it from the records of the body's meetings" in made.stderr, made.stderr


def test_each_organisation_s_calendar_holds_its_meetings_reviews_and_declarations_due(built: govpack.Project) -> None:
    folder = built.output / "internal" / "wyvern-vale"
    events = {str(event["uid"]): event for event in Calendar.from_ical((folder / "calendar.en.ics").read_bytes()).walk("VEVENT")}
    board = events["meeting-federation-board-2026-05-12.en@wyvern-vale.govpack"]
    assert str(board["summary"]) == "Federation Board meeting, 12 May 2026"
    assert board.decoded("dtstart") == datetime.datetime(2026, 5, 12, 18, 30, tzinfo=ZoneInfo("Europe/London"))
    assert board.decoded("dtend") == datetime.datetime(2026, 5, 12, 20, 50, tzinfo=ZoneInfo("Europe/London"))
    assert str(board["location"]).startswith("Boardroom, Unit 4, Ashcombe Business Park")
    review = events["review-vision.en@wyvern-vale.govpack"]
    assert (review.decoded("dtstart"), str(review["summary"])) == (datetime.date(2027, 4, 13), "Review due: Wyvern Vale GP Federation Purpose and Vision 2026-2029")
    due = events["declaration-helen-ashworth.en@wyvern-vale.govpack"]  # declared on 12 May 2026
    assert (due.decoded("dtstart"), str(due["summary"])) == (datetime.date(2027, 5, 12), "Declaration of interests due: Dr Helen Ashworth")
    # Made on the run's day, never the clock's: the same sources give the same bytes.
    assert {event.decoded("dtstamp") for event in events.values()} == {datetime.datetime(2026, 11, 23, tzinfo=datetime.timezone.utc)}
    assert 'href="calendar.en.ics"' in (folder / "index.html").read_text(encoding="utf-8")
    welsh = Calendar.from_ical((built.output / "internal" / "cwm-arian" / "calendar.cy.ics").read_bytes())
    assert any(str(event["summary"]).startswith("Adolygiad yn ddyledus: ") for event in welsh.walk("VEVENT"))
    # Where it is, as the minutes say: its place, and online where members join online.
    joined = {str(event["uid"]): event for event in welsh.walk("VEVENT")}["meeting-leadership-team-2026-09-10.cy@cwm-arian.govpack"]
    assert str(joined["location"]) == "Swyddfa'r Clwstwr, Canolfan Iechyd Pontarian, Heol y Bont, Pontarian; ar-lein"
