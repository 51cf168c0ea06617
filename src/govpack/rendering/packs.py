"""What each pack holds: documents already written, joined behind front matter.

An organisation's governance pack holds its governance documents in force: those
whose type is ``in_pack`` and that are not superseded, in pack order, each changed
since the version of it last approved followed by what changed (its redline,
``reading.redlines``), for the members who approve it again.

A meeting pack is what a body's members read before a meeting still to be held
(status ``planned``), in the order a meeting takes them (guide 6.2: "supported by an
agenda, minutes of discussions and actions agreed"): its front matter (a cover, the
agenda, and the register entries of the body's members, which they declare against
at the declarations item, guide 3.6), then the minutes of the body's last meeting,
the body's action log, and each paper on the agenda that is a govpack document, in
agenda order, once each, a changed one followed by its redline. A meeting once held has no pack: its minutes are its
record, and a pack made again afterwards would not be what members were sent (the
last minutes approved since, the actions moved on).
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field
from typing import Any

from govpack.checking.quorum import terms_in_force
from govpack.project import parse_date
from govpack.reading.assemble import Document, Organisation
from govpack.reading.document_types import DocumentType
from govpack.reading.meetings import APPROVED
from govpack.reading.redlines import Redline
from govpack.rendering.names import meeting_pack

REGISTER = "register-of-interests"
ACTION_LOG = "action-log"  # the type of a body's log of actions (reading.logs)
# The statuses of a meeting whose minutes are written (schemas/meeting.yaml).
MINUTED = ("minutes-draft", APPROVED)


@dataclass(frozen=True)
class Pack:
    """A pack of an organisation: ``slug`` names its file (``pack``, or
    ``<meeting>-pack``); ``documents`` are joined in order behind its front matter;
    ``meeting`` is the record of the meeting it is for, if it is a meeting pack;
    ``front_pages``: the pages its front matter is taken to fill until it is printed
    (a cover and contents; a cover, the agenda and the register entries)."""

    slug: str
    documents: tuple[Document, ...]
    meeting: Document | None = None
    front_pages: int = 2

    @property
    def template(self) -> str:
        """The template of its front matter."""
        return "meeting-pack.html.j2" if self.meeting is not None else "pack.html.j2"

    @property
    def status(self) -> str:
        """``approved`` where everything in it is; a meeting pack is as its meeting (a draft)."""
        if self.meeting is not None:
            return self.meeting.control["status"]
        return "approved" if {doc.control["status"] for doc in self.documents} == {"approved"} else "draft"


def packs(org: Organisation, types: dict[str, DocumentType]) -> list[Pack]:
    """The organisation's governance pack, if it has a document in force, then a pack
    for each meeting still to be held, by body and day."""
    made = []
    in_force = _with_redlines(org, [doc for doc in org.documents if doc.control["status"] != "superseded" and types[doc.type].in_pack])
    if in_force:
        made.append(Pack("pack", in_force))
    meetings = sorted((doc for doc in org.documents if doc.meeting is not None), key=lambda doc: doc.slug)
    for meeting in meetings:
        if meeting.data.get("status") == "planned":
            made.append(Pack(meeting_pack(meeting.slug), _papers(org, meeting, meetings), meeting, front_pages=_front_pages(org, meeting)))
    return made


# Register entries a page of a meeting pack holds, about: a guess, which saves laying out
# the front matter twice where it is right, and costs nothing but that where it is wrong.
_ENTRIES_PER_PAGE = 6


def _with_redlines(org: Organisation, documents: list[Document]) -> tuple[Document, ...]:
    """``documents``, each followed by its redline where it has one."""
    redlines = {doc.document.slug: doc for doc in org.documents if isinstance(doc, Redline) and doc.document is not None}
    return tuple(shown for doc in documents for shown in (doc, *([redlines[doc.slug]] if doc.slug in redlines else [])))


def _front_pages(org: Organisation, meeting: Document) -> int:
    """The pages a meeting pack's front matter is taken to fill until it is printed: a
    cover, the agenda, and the register entries, about six to a page."""
    return 2 + max(1, math.ceil(len(interests(org, meeting).entries) / _ENTRIES_PER_PAGE))


def _papers(org: Organisation, meeting: Document, meetings: list[Document]) -> tuple[Document, ...]:
    """The minutes of the body's last meeting before this one (``meetings``, in day
    order), where they are written (not while that meeting is planned, or held with its
    minutes still to come); the body's action log, once it has an action; and the
    agenda's papers that are govpack documents; each once."""
    assert meeting.meeting is not None
    body = meeting.meeting.body
    earlier = [doc for doc in meetings if doc.meeting is not None and doc.meeting.body == body and doc.meeting.date < meeting.meeting.date]
    papers = [earlier[-1]] if earlier and earlier[-1].data.get("status") in MINUTED else []
    papers += [doc for doc in org.documents if doc.type == ACTION_LOG and doc.data.get("body") == body and doc.data["entries"]]
    by_slug = {doc.slug: doc for doc in org.documents}
    for item in meeting.data["items"]:
        papers += _with_redlines(org, [by_slug[paper["document"]] for paper in item.get("papers", ()) if "document" in paper and paper["document"] in by_slug])
    once: dict[str, Document] = {}
    for doc in papers:
        once.setdefault(doc.slug, doc)
    return tuple(once.values())


@dataclass(frozen=True)
class Interests:
    """The register entries a meeting's members declare against: ``register`` (the
    organisation's register of interests not superseded, the approved one before a
    draft; None where it keeps none), ``members`` (the people the body's terms of
    reference in force on the day name, by key, in their order, and the meeting's chair
    where they are not among them; None where it has no terms), ``offices`` (the
    seats the terms give to an office, which name no one, so show no entries),
    ``entries`` (the register's entries of the members not ended before the day, in
    the members' order) and ``unregistered`` (members with no such entry, not even
    "nothing to declare")."""

    register: Document | None
    members: list[str] | None
    entries: list[dict[str, Any]]
    unregistered: list[str]
    offices: list[Any] = field(default_factory=list)


def interests(org: Organisation, meeting: Document) -> Interests:
    """What the members of ``meeting``'s body have in the register on its day.
    ``org`` may be localised: the entries are its register's, in its language."""
    assert meeting.meeting is not None
    day = datetime.date.fromisoformat(meeting.meeting.date)
    registers = [doc for doc in org.documents if doc.type == REGISTER and doc.control["status"] != "superseded"]
    register = min(registers, key=lambda doc: doc.control["status"] != "approved") if registers else None
    terms = terms_in_force(org.documents, meeting.meeting.body, day)
    if terms is None:
        return Interests(register, None, [], [])
    seats = terms.data["membership"]["members"]
    chair = [meeting.data["chair"]] if "chair" in meeting.data else []
    members = list(dict.fromkeys([*(m["person"] for m in seats if "person" in m), *chair]))
    live = [entry for entry in (register.data["entries"] if register else []) if entry["person"] in members and _not_ended(entry, day)]
    entries = sorted(live, key=lambda entry: members.index(entry["person"]))
    registered = {entry["person"] for entry in entries}
    return Interests(register, members, entries, [person for person in members if person not in registered], [m["office"] for m in seats if "office" in m])


def _not_ended(entry: dict[str, Any], day: datetime.date) -> bool:
    ended = parse_date(entry["ended"]) if isinstance(entry.get("ended"), str) else None
    return ended is None or ended >= day
