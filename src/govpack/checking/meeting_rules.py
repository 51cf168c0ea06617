"""The rules of meetings: each meeting's record against the body's own terms of
reference in force that day, its register of interests, and the documents it approves.

The guide asks for minutes of discussions and actions agreed (6.2), significant
decisions documented and declarations of interest openly recorded (3.2, 3.5), members
with a conflicting interest abstaining (3.6), and decisions by consensus or by a
majority that depends on whether they have financial implications (3.7). A meeting's
record is ``schemas/meeting.yaml``; where it is kept, ``reading.meetings``.
"""

from __future__ import annotations

import datetime
from typing import Any, Callable, Iterator

from govpack.checking.quorum import Quorum, majority, organisation_name, quorum, terms_in_force
from govpack.checking.rules import Context, Problems, day_of, rule
from govpack.errors import ERROR, WARNING
from govpack.reading.assemble import Document
from govpack.reading.meetings import APPROVED
from govpack.project import date_span
from govpack.reading.texts import shortened, texts

MEETING = "meeting"
_HELD = ("held", "minutes-draft", APPROVED)


def _meeting(c: Context) -> tuple[str, datetime.date]:
    assert c.doc.meeting is not None  # the rules below are of meetings only
    return c.doc.meeting.body, datetime.date.fromisoformat(c.doc.meeting.date)


def _whole(c: Context, read: Callable[[Document], bool]) -> bool:
    """Whether the documents a rule reads besides its own (those ``read`` picks) all
    passed their schemas, and no file of the organisation failed to load: a rule that
    took a broken one for missing would add a second, false, finding to its own."""
    valid = {id(doc) for doc in c.documents}
    return not c.org.unloaded and all(id(doc) in valid for doc in c.org.documents if read(doc))


def _terms_whole(c: Context, body: str) -> bool:
    return _whole(c, lambda doc: doc.type == "terms-of-reference" and doc.data.get("body") == body)


def _meetings_whole(c: Context, body: str) -> bool:
    return _whole(c, lambda doc: doc.meeting is not None and doc.meeting.body == body)


def _quorum_of(c: Context) -> Quorum | None:
    """The meeting counted under its terms; None if it was not held, its attendance
    is not recorded (meeting-record), or there are no terms (meeting-terms) or they
    are broken."""
    body, day = _meeting(c)
    if not _terms_whole(c, body):
        return None
    terms = terms_in_force(c.documents, body, day)
    held = c.doc.data["status"] in _HELD and "attendance" in c.doc.data and day <= c.today
    return quorum(terms, c.doc.data, c.org.data) if terms and held else None


def _title(doc: Document) -> str:
    """A document as a finding names it: its title, in its first language, quoted."""
    return f'"{texts(doc.control["title"])[0]}"'


def _decisions(data: dict[str, Any]) -> Iterator[tuple[int, int, dict[str, Any]]]:
    """Each decision with the index of its agenda item and its own."""
    for index, item in enumerate(data["items"]):
        for number, decision in enumerate(item.get("decisions", ())):
            yield index, number, decision


@rule("meeting-terms", WARNING, "a held meeting's body has terms of reference in force that day, against which its quorum and votes are checked (unless the change history of later terms shows it had terms not kept here)", MEETING)
def _terms(c: Context) -> Problems:
    body, day = _meeting(c)
    if c.doc.data["status"] not in _HELD or not _terms_whole(c, body) or terms_in_force(c.documents, body, day) is not None:
        return
    # Terms kept from a later version only, whose change history shows the body had
    # terms by that day: the meeting was held under a version not kept here, and
    # nothing the record could say would let it be checked. Terms being revised tell of
    # them by their version in force (a draft alone, outside git, is no record of them).
    earlier = [
        entry for doc in [*c.documents, *(d.in_force for d in c.documents if d.in_force is not None)]
        if doc.type == "terms-of-reference" and doc.data.get("body") == body and doc.control["status"] != "draft"
        for entry in doc.control.get("history", ())
        if entry["version"] != doc.control["version"] and (date_span(entry["date"]) or (day, day))[0] < day
    ]
    if not earlier:
        yield ("status",), f'no terms of reference of "{body}" approved on or before {day} are among this organisation\'s documents, so the quorum and votes of this meeting are not checked'


@rule("meeting-quorate", ERROR, "a held meeting was quorate under the body's terms of reference in force that day", MEETING)
def _quorate(c: Context) -> Problems:
    body, _ = _meeting(c)
    found = _quorum_of(c)
    if found is None:
        return  # not held, or no terms to count by (meeting-terms)
    if not found.quorate:
        yield ("attendance", "present"), f'the meeting was not quorate under the terms of reference {_title(found.terms)}: {len(found.counted)} voting member(s) counted towards it, and the quorum is {"; ".join(found.unmet)}{"; not counted: " + "; ".join(found.passed_over) if found.passed_over else ""}'
    named = {m["person"]: m.get("proxy") for m in found.terms.data["membership"]["members"] if "person" in m}
    for index, proxy in enumerate(c.doc.data["attendance"].get("proxies", ())):
        if proxy["member"] not in named:
            yield ("attendance", "proxies", index, "member"), f'"{proxy["member"]}" is not a member of "{body}" under the terms of reference {_title(found.terms)}, so no proxy stands in for them'
        elif named[proxy["member"]] != proxy["proxy"] and "agreed" not in proxy:
            yield ("attendance", "proxies", index, "proxy"), f'the terms of reference {_title(found.terms)} do not name "{proxy["proxy"]}" as the proxy of "{proxy["member"]}": say how the chair agreed it (agreed), or they neither count towards the quorum nor vote'


@rule("meeting-majority", ERROR, "each vote is counted, with no more votes than voting members present and taking part, and reached the majority the terms of reference require, financial or not, with the chair's casting vote only on a tie and where the terms give one", MEETING)
def _majority(c: Context) -> Problems:
    found = _quorum_of(c)
    for index, number, decision in _decisions(c.doc.data):
        at = ("items", index, "decisions", number)
        votes, casting = decision.get("votes"), decision.get("casting_vote")
        if decision["reached"] != "vote":
            if casting is not None:
                yield (*at, "casting_vote"), f"the decision was reached by {decision['reached']}, not a vote, so no casting vote was given: remove casting_vote, or set reached: vote"
            continue
        if votes is None:
            yield at, "the decision was reached by a vote: give the count (votes: {for: ..., against: ..., abstained: ...})"
            continue
        if len(decision.get("abstained_for_interest", ())) > votes.get("abstained", 0):
            yield (*at, "votes"), f'{len(decision["abstained_for_interest"])} member(s) abstained for an interest, but the count gives {votes.get("abstained", 0)} abstaining: count them among those abstaining'
        if casting is not None and votes["for"] != votes["against"]:
            yield (*at, "casting_vote"), f'the chair gives a casting vote only when the votes are tied, and they were {votes["for"]} for and {votes["against"]} against: remove casting_vote'
            casting = None
        if found is None:
            continue
        kind = "vote_with_financial" if decision.get("financial") else "vote_without_financial"
        share = found.terms.data.get("decisions", {}).get(kind, {})
        about = "with" if decision.get("financial") else "without"
        if casting is not None and not share.get("casting_vote"):
            yield (*at, "casting_vote"), f"the terms of reference {_title(found.terms)} give the chair no casting vote on a decision {about} financial implications (decisions: {kind}: casting_vote: true)"
            casting = None
        apart = set(decision.get("took_no_part", ()))
        taking_part = sum(1 for seat, voter in found.voting_people.items() if not {seat, voter} & apart)
        total = votes["for"] + votes["against"] + votes.get("abstained", 0)
        if total > taking_part:
            yield (*at, "votes"), f"{total} votes are counted, but {taking_part} voting member(s) were present, or represented by an allowed proxy, and took part in the decision"
        counted = {**votes, casting: votes[casting] + 1} if casting else votes
        reached, words = majority(share, counted, taking_part, len(found.seats))
        if not reached:
            given = f", with the chair's casting vote {casting}," if casting else ""
            yield (*at, "votes"), f'{votes["for"]} for and {votes["against"]} against{given} is not the majority the terms of reference {_title(found.terms)} require of a decision {about} financial implications: {words}'


def _register(c: Context) -> Document | None | bool:
    """The organisation's register of interests in force; None if it keeps none;
    False if one is broken (its own findings say how)."""
    if not _whole(c, lambda doc: doc.type == "register-of-interests"):
        return False
    registers = [d for d in c.documents if d.type == "register-of-interests" and d.control["status"] != "superseded"]
    return registers[0] if registers else None


def _live(entry: dict[str, Any], day: datetime.date, held_by: bool = False) -> bool:
    """Whether a register entry is an interest that had not ended before ``day``;
    ``held_by``: and was held by then, since the day it began (``held_since``) or
    else was declared (an interest taken up since does not make an earlier vote a
    conflict, but does register an earlier declaration)."""
    ended, since = day_of(entry.get("ended")), day_of(entry.get("held_since", entry["declared"]))
    return entry["kind"] != "nil" and (ended is None or ended >= day) and not (held_by and since is not None and since > day)


@rule("meeting-conflict", ERROR, "no member votes on an item where they declared, or the register of interests shows, a conflicting interest, unless they abstained or took no part, or the minutes record the chair's reason; a proxy by their own interests", MEETING)
def _conflicts(c: Context) -> Problems:
    _, day = _meeting(c)
    register = _register(c)
    entries = [e for e in register.data["entries"] if _live(e, day, held_by=True)] if isinstance(register, Document) else []
    found = _quorum_of(c)
    for index, number, decision in _decisions(c.doc.data):
        if decision["reached"] != "vote" or found is None:
            continue
        declared = {d["person"]: d for d in c.doc.data.get("declarations", ()) if d["item"] == index + 1}
        parties = _parties(c, decision)
        concerns = set(decision.get("concerns", ())) | set(parties)
        apart = set(decision.get("abstained_for_interest", ())) | set(decision.get("took_no_part", ()))
        for seat, person in sorted(found.voting_people.items()):
            if {seat, person} & apart or "allowed_to_vote" in declared.get(person, {}):
                continue
            held = sorted({e["organisation"] for e in entries if e["person"] == person and e.get("organisation") in concerns})
            if person in declared:
                why = "declared an interest in this item"
            elif held:
                about = [f"{organisation_name(c.org.data, org)}{' (a party to ' + _title(parties[org]) + ')' if org in parties else ''}" for org in held]
                why = f"has an interest in {', '.join(about)} in the register of interests, which this decision concerns"
            else:
                continue
            proxy = f" as the proxy of \"{seat}\"" if seat != person else ""
            yield ("items", index, "decisions", number), f'"{person}" {why}, and voted{proxy}: add them to abstained_for_interest (or took_no_part, if they left the room), or record the chair\'s reason for letting them vote in their declaration (allowed_to_vote)'


def _parties(c: Context, decision: dict[str, Any]) -> dict[str, Document]:
    """The parties of the agreement a decision approves, if it approves one, with it."""
    approved = decision.get("approves", {}).get("document")
    doc = next((d for d in c.documents if d.slug == approved), None)
    return {party["organisation"]: doc for party in doc.data.get("parties", ())} if doc else {}


@rule("meeting-declaration-registered", WARNING, "an interest declared at a meeting is in the register of interests, for the register's owner to add", MEETING)
def _declarations_registered(c: Context) -> Problems:
    _, day = _meeting(c)
    register = _register(c)
    if register is False:
        return
    for index, declaration in enumerate(c.doc.data.get("declarations", ())):
        person, kind = declaration["person"], declaration["kind"]
        if register is None:
            yield ("declarations", index), f'"{person}" declared a {kind} interest, and this organisation keeps no register of interests yet: start one (register-of-interests.yaml) with it'
            continue
        theirs = [e for e in register.data["entries"] if e["person"] == person and e["kind"] == kind]
        if any(_live(e, day) for e in theirs):
            continue
        if theirs:
            said = f"the register ({register.slug}) holds a {kind} interest of theirs that ended before the meeting"
        else:
            said = f"the register ({register.slug}) holds no {kind} interest of theirs"
        yield ("declarations", index), f'"{person}" declared a {kind} interest on {day}, and {said}: the register\'s owner ({texts(register.control.get("owner", "its owner"))[0]}) adds it'


@rule("meeting-action-overdue", WARNING, "an action past its due date is done or dropped (an error with --strict)", MEETING)
def _actions_overdue(c: Context) -> Problems:
    for index, item in enumerate(c.doc.data["items"]):
        for number, action in enumerate(item.get("actions", ())):
            due = day_of(action["due"])
            if action["status"] == "open" and due and due < c.today:
                owner = texts(c.org.data["people"][action["person"]]["name"] if "person" in action else action.get("role", "no one"))[0]
                what = shortened(" ".join(texts(action["action"])[0].split()), 60)
                yield ("items", index, "actions", number, "due"), f'the action "{what}" (who: {owner}) was due on {due} and is still open (today is {c.today}): record it as done, with the day, or dropped, or agree a new due date'


@rule("meeting-action-dates", WARNING, "an action is due, and done, on or after the day of the meeting that agreed it (a day before it is most often a year mistyped)", MEETING)
def _action_dates(c: Context) -> Problems:
    _, day = _meeting(c)
    for index, item in enumerate(c.doc.data["items"]):
        for number, action in enumerate(item.get("actions", ())):
            for part, said in (("due", "is due"), ("done", "was done")):
                when = day_of(action.get(part))
                if when is not None and when < day:
                    yield ("items", index, "actions", number, part), f"the action {said} on {when}, before this meeting ({day}) agreed it: check the year, or, if it was agreed at an earlier meeting, record it there"


@rule("meeting-minutes-approved", ERROR, "minutes are approved at a later meeting of the same body, which is recorded, and only approved minutes say when", MEETING)
def _minutes_approved(c: Context) -> Problems:
    body, day = _meeting(c)
    status, approved = c.doc.data["status"], day_of(c.doc.data.get("minutes_approved"))
    if status == APPROVED and approved is None:
        yield ("status",), "the minutes are approved: say on which day, the day of the later meeting that approved them (minutes_approved)"
    if status != APPROVED and approved is not None:
        yield ("minutes_approved",), f"the status is {status}, so the minutes are not approved yet: set status: {APPROVED}, or remove minutes_approved"
    if approved is None:
        return
    if approved <= day:
        yield ("minutes_approved",), f"the minutes are approved on {approved}, but the meeting was on {day}: minutes are approved at a later meeting"
        return
    if not _meetings_whole(c, body):
        return
    later = next((d for d in c.org.documents if d.meeting and d.meeting.body == body and d.meeting.date == approved.isoformat()), None)
    if later is None:
        yield ("minutes_approved",), f'"{body}" has no meeting record on {approved}: add it (govpack new-meeting {c.org.slug} {body} {approved}), or give the day of the meeting that approved these minutes'
    elif later.data.get("status") == "planned":
        yield ("minutes_approved",), f"the meeting of {approved} that approves these minutes is still planned: approve them once it is held"


@rule("meeting-planned-past", WARNING, "a meeting still planned is on a day to come: once held, its record says so", MEETING)
def _planned_past(c: Context) -> Problems:
    _, day = _meeting(c)
    if c.doc.data["status"] == "planned" and day < c.today:
        yield ("status",), f"the meeting was planned for {day}, which has passed: record it as held, with who attended and what was decided (or delete the file if it did not take place)"


@rule("meeting-record", ERROR, "a meeting's record is consistent: it ends after it starts; a held meeting records who attended, once each; declarations name an item of the agenda; papers and actions say what or who; a done action says when", MEETING)
def _record(c: Context) -> Problems:
    data, (_, day) = c.doc.data, _meeting(c)
    if data["status"] in _HELD and "attendance" not in data:
        yield ("status",), f"the record says the meeting was held (status: {data['status']}): record who attended (attendance: present: [...])"
    if data["status"] in _HELD and day > c.today:
        yield ("status",), f"the meeting is on {day}, after today ({c.today}), so it cannot have been held yet: set status: planned"
    if "time" in data and "ends" in data and data["ends"] <= data["time"]:
        yield ("ends",), f"the meeting ends at {data['ends']}, but starts at {data['time']}: give when it ended, on the 24-hour clock (e.g. 16:30)"
    attendance = data.get("attendance", {})
    seen: dict[str, str] = {}
    for part in ("present", "apologies", "absent"):
        for index, person in enumerate(attendance.get(part, ())):
            if person in seen:
                listed = f"twice as {part}" if seen[person] == part else f"as {seen[person]} and as {part}"
                yield ("attendance", part, index), f'"{person}" is listed {listed}: list them once'
            seen.setdefault(person, part)
    there = {*attendance.get("present", ()), *(p[part] for p in attendance.get("proxies", ()) for part in ("member", "proxy"))}
    for index, proxy in enumerate(attendance.get("proxies", ())):
        if proxy["member"] in attendance.get("present", ()):
            yield ("attendance", "proxies", index, "member"), f'"{proxy["member"]}" is listed as present, so no proxy stands in for them: remove the proxy, or list them under apologies'
    for index, declaration in enumerate(data.get("declarations", ())):
        if declaration["item"] > len(data["items"]):
            yield ("declarations", index, "item"), f"the declaration is at item {declaration['item']}, but the agenda has {len(data['items'])} item(s)"
    for index, item in enumerate(data["items"]):
        for number, paper in enumerate(item.get("papers", ())):
            if "document" not in paper and "paper" not in paper:
                yield ("items", index, "papers", number), "a paper is a document of this organisation (document: its file name) or another paper (paper: its title)"
        for number, action in enumerate(item.get("actions", ())):
            if "person" not in action and "role" not in action:
                yield ("items", index, "actions", number), "say who does the action: person: (their key in organisation.yaml) or role: (e.g. Cluster Support Manager)"
            done = day_of(action.get("done"))
            if action["status"] == "done" and done is None:
                yield ("items", index, "actions", number, "status"), "the action is done: say when (done: YYYY-MM-DD)"
            if action["status"] != "done" and done is not None:
                yield ("items", index, "actions", number, "done"), f"the action is {action['status']}, not done: remove the day it was done, or set status: done"
            if done is not None and done > c.today:
                yield ("items", index, "actions", number, "done"), f"the action was done on {done}, after today ({c.today}): give the day it was done"
        for number, decision in enumerate(item.get("decisions", ())):
            for part, did in (("abstained_for_interest", "abstained"), ("took_no_part", "took no part")):
                for person in decision.get(part, ()):
                    if person not in there:
                        yield ("items", index, "decisions", number, part), f'"{person}" {did}, but is not recorded as present, as a proxy, or as represented by one'


def _approval(c: Context) -> Iterator[tuple[bool, Any, str]]:
    """What is wrong with the minute behind a document's approval: whether the
    body's meeting records reach back to the day, where, and in words."""
    control = c.doc.control
    approved, body = day_of(control.get("approved")), control.get("approved_by")
    if c.doc.meeting is not None or control.get("status") == "draft" or approved is None or body is None:
        return
    if not any(d.meeting for d in c.org.documents):
        return  # the organisation keeps no meeting records in govpack (yet): nothing to hold its approvals to
    if not _meetings_whole(c, body) or not _terms_whole(c, body):
        return
    records = [d.meeting.date for d in c.org.documents if d.meeting and d.meeting.body == body]
    records_from = day_of(c.org.data["bodies"].get(body, {}).get("records_from"))
    if records_from is not None and approved < records_from:
        return  # before the body's records here begin, as organisation.yaml says
    kept = records_from is not None or any(date <= approved.isoformat() for date in records)
    backing = next((d for d in c.org.documents if d.meeting and d.meeting.body == body and d.meeting.date == approved.isoformat()), None)
    if backing is None:
        command = f"govpack new-meeting {c.org.slug} {body} {approved}"
        if kept:
            yield kept, ("control", "approved"), f'approved by "{body}" on {approved}, but "{body}" has no meeting record that day: add it ({command}), or give the day of the meeting that approved the document'
        else:
            since = f"begin on {min(records)}" if records else "are not kept"
            yield kept, ("control", "approved"), f'approved by "{body}" on {approved}, and its meeting records {since}: add the record of that meeting ({command}), with the decision that approves version {control["version"]}, or say from which day its meetings are recorded (bodies: {body}: records_from in organisation.yaml)'
        return
    decisions = [d for _, _, d in _decisions(backing.data) if d.get("approves", {}).get("document") == c.doc.slug]
    if not any(d["approves"]["version"] == control["version"] for d in decisions):
        given = ", ".join(sorted({d["approves"]["version"] for d in decisions}))
        was = f" (it approves version {given})" if given else ""
        yield True, ("control", "version"), f'the meeting of "{body}" on {approved} ({backing.source.path}) records no decision approving version {control["version"]} of this document{was}: add approves: {{document: {c.doc.slug}, version: "{control["version"]}"}} to the decision that approved it'
        return
    terms = terms_in_force(c.documents, body, approved)
    if backing.data["status"] not in _HELD:
        yield True, ("control", "approved"), f'the meeting of "{body}" on {approved} that approved this document is recorded as {backing.data["status"]}, not held'
    elif terms is not None and "attendance" in backing.data and not quorum(terms, backing.data, c.org.data).quorate:
        yield True, ("control", "approved"), f'the meeting of "{body}" on {approved} that approved this document was not quorate, so it could not approve it'


@rule("approval-minuted", ERROR, "a document approved by a body on a day is approved, in that version, by a decision of a quorate meeting of the body that day, where the body's meeting records reach back to it")
def _approval_minuted(c: Context) -> Problems:
    return ((at, message) for kept, at, message in _approval(c) if kept)


@rule("approval-unminuted", WARNING, "where an organisation keeps meeting records, a document approved by a body on a day before the body's first record, or by a body whose meetings it does not record, has the record of that meeting added, unless the body's records_from says its records begin later")
def _approval_unminuted(c: Context) -> Problems:
    return ((at, message) for kept, at, message in _approval(c) if not kept)
