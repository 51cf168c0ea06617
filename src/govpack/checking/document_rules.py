"""The rules of each document type: what its schema cannot see within one document
or across the documents of its organisation (see ``rules``, where they are registered).
"""

from __future__ import annotations

import re

from govpack.checking.rules import Context, Problems, day_of, rule
from govpack.errors import ERROR, WARNING
from govpack.reading.source import KeyPath
from govpack.project import DECLARED_FOR, date_span, years_after
from govpack.reading.texts import texts


# Terms of reference ---------------------------------------------------------

@rule("tor-quorum", ERROR, "the quorum can be met: no larger than the voting members, as a number, a share or so many from each organisation; a sub-group's no larger than its members", "terms-of-reference")
def _quorum(c: Context) -> Problems:
    # A member whose entry does not say whether they vote may: the terms do not say they do not.
    voting = sum(1 for member in c.doc.data["membership"]["members"] if member.get("voting", True))
    meetings = c.doc.data.get("meetings", {})
    quorum, share, each = meetings.get("quorum"), meetings.get("quorum_share"), meetings.get("quorum_per_organisation")
    if quorum is not None and quorum > voting:
        yield ("meetings", "quorum"), f"the quorum is {quorum} but only {voting} member(s) vote, so no meeting could decide"
    for index, group in enumerate(c.doc.data.get("sub_groups", ())):
        if "quorum" in group and "members" in group and group["quorum"] > len(group["members"]):
            yield ("sub_groups", index, "quorum"), f'the quorum of "{texts(group["name"])[0]}" is {group["quorum"]} but it lists {len(group["members"])} member(s), so it could never decide'
    if share is not None and int(share.split("/")[0]) > int(share.split("/")[1]):
        yield ("meetings", "quorum_share"), f"the quorum is {share} of the voting members, more than all of them: write a share of 1 or less, e.g. 1/2"
    if each is not None:
        counts: dict[str, int] = {}
        for member in c.doc.data["membership"]["members"]:
            if "represents" in member and member.get("voting", True):
                counts[member["represents"]] = counts.get(member["represents"], 0) + 1
        short = [f"{texts(c.org.data['members'].get(slug, {}).get('name', slug))[0]} ({count})" for slug, count in counts.items() if count < each]
        if not counts:
            yield ("meetings", "quorum_per_organisation"), "the quorum counts members from each organisation, but no member says whom they represent: add represents to each member"
        elif short:
            yield ("meetings", "quorum_per_organisation"), f"the quorum is {each} from each member organisation, but these have fewer members who vote: {', '.join(short)}"


@rule("tor-member", ERROR, "each member is a named person or an office", "terms-of-reference")
def _member_named(c: Context) -> Problems:
    for index, member in enumerate(c.doc.data["membership"]["members"]):
        if "person" not in member and "office" not in member:
            yield ("membership", "members", index), "this member names neither a person nor an office: add person: (their key in organisation.yaml, e.g. anna-price) or office: (e.g. Chief Executive of the council)"


@rule("tor-leadership-size", WARNING, "a leadership team has 8 to 12 members (guide, Appendix 10)", "terms-of-reference")
def _leadership_size(c: Context) -> Problems:
    body = c.org.data["bodies"][c.doc.data["body"]]
    count = len(c.doc.data["membership"]["members"])
    if body["level"] == "leadership-team" and not 8 <= count <= 12:
        yield ("membership", "members"), f"the leadership team has {count} member(s); the guide advises 8 to 12 (Appendix 10)"


@rule("tor-chair", WARNING, "the chair and vice chair are members of the body", "terms-of-reference")
def _chair_is_member(c: Context) -> Problems:
    membership = c.doc.data["membership"]
    members = {member.get("person") for member in membership["members"]}
    for role in ("chair", "vice_chair"):
        if role in membership and membership[role] not in members:
            yield ("membership", role), f'the {role.replace("_", " ")}, "{membership[role]}", is not among the members'


@rule("tor-body", ERROR, "each body is constituted by one current terms of reference", "terms-of-reference")
def _one_tor_per_body(c: Context) -> Problems:
    if c.doc.control["status"] == "superseded":
        return
    body = c.doc.data["body"]
    others = [
        d.slug for d in c.documents
        if d.type == "terms-of-reference" and d is not c.doc and d.data["body"] == body and d.control["status"] != "superseded"
    ]
    if others:
        named = ", ".join(f'"{slug}"' for slug in others)
        yield ("body",), f'"{body}" is also constituted by the terms of reference {named}: supersede one of them'


# Service level agreements ---------------------------------------------------

def _parties(c: Context) -> list[str]:
    return [party["organisation"] for party in c.doc.data["parties"]]


@rule("sla-parties", ERROR, "an agreement has two or more different parties", "service-level-agreement")
def _two_parties(c: Context) -> Problems:
    parties = _parties(c)
    for index, party in enumerate(parties):
        if party in parties[:index]:
            yield ("parties", index, "organisation"), f'"{party}" is a party more than once'
    if len(set(parties)) < 2:
        yield ("parties",), f"an agreement needs two or more parties; this names {len(set(parties))}"


@rule("sla-not-party", ERROR, "the host and the employer are parties to the agreement", "service-level-agreement")
def _roles_are_parties(c: Context) -> Problems:
    parties = set(_parties(c))
    roles: dict[KeyPath, str] = {("host",): c.doc.data["host"]} if "host" in c.doc.data else {}
    if "employment" in c.doc.data:
        roles[("employment", "employer")] = c.doc.data["employment"]["employer"]
    for at, value in roles.items():
        if value not in parties:
            yield at, f'"{value}" is not a party to this agreement'


@rule("sla-signatory", ERROR, "every signatory signs for a party they belong to", "service-level-agreement")
def _signatories(c: Context) -> Problems:
    parties = set(_parties(c))
    for index, signature in enumerate(c.doc.data.get("signatures", ())):
        signs_for = signature["organisation"]
        if signs_for not in parties:
            yield ("signatures", index, "organisation"), f'"{signs_for}" signs but is not a party to this agreement'
        elif (belongs := c.person(signature["person"])["organisation"]) != signs_for:
            yield ("signatures", index, "person"), f'"{signature["person"]}" signs for "{signs_for}" but belongs to "{belongs}"'


@rule("sla-sign-off", ERROR, "an approved agreement is signed by every party", "service-level-agreement")
def _signed_by_all(c: Context) -> Problems:
    if c.doc.control["status"] != "approved":
        return
    signed = {signature["organisation"] for signature in c.doc.data.get("signatures", ())}
    missing = [party for party in dict.fromkeys(_parties(c)) if party not in signed]
    if missing:
        yield ("signatures",), f"an approved agreement is signed by every party; not signed for: {', '.join(missing)}"


@rule("sla-dates", ERROR, "an agreement ends after it starts", "service-level-agreement")
def _ends_after_start(c: Context) -> Problems:
    start, end = date_span(c.doc.data.get("start")), date_span(c.doc.data.get("end"))
    if start and end and end[1] <= start[0]:
        yield ("end",), f'the agreement ends on {c.doc.data["end"]}, not after it starts on {c.doc.data["start"]}'



# Vision ----------------------------------------------------------------------

@rule("vision-sign-up", WARNING, "every member organisation has signed up to the vision, with a date", "vision")
def _universal_sign_up(c: Context) -> Problems:
    if "sign_up" not in c.doc.data:
        return  # not stated: check --guide says so (guide 1)
    sign_up = c.doc.data["sign_up"]
    signed = {entry["organisation"] for entry in sign_up}
    missing = [member for member in c.org.data["members"] if member not in signed]
    if missing:
        yield ("sign_up",), f"every member signs up to the vision (guide 1); not signed up: {', '.join(missing)}"
    for index, entry in enumerate(sign_up):
        if entry["agreed"] is None:
            yield ("sign_up", index, "agreed"), f'"{entry["organisation"]}" has not agreed yet: give the date it agreed'


# Communication strategy ------------------------------------------------------

@rule("comms-audience-reached", WARNING, "every audience is reached by at least one channel", "communication-strategy")
def _audiences_reached(c: Context) -> Problems:
    if "channels" not in c.doc.data:
        return  # not stated: check --guide says so (guide 14.5)
    reached = {audience for channel in c.doc.data["channels"] for audience in channel.get("audiences", ())}
    for audience in c.doc.data["audiences"]:
        if audience not in reached:
            yield ("audiences", audience), f'no channel reaches the audience "{audience}"'


# Register of interests ---------------------------------------------------------

@rule("interests-described", ERROR, "an interest says what it is; only a nil return need not", "register-of-interests")
def _interest_described(c: Context) -> Problems:
    for index, entry in enumerate(c.doc.data["entries"]):
        if entry["kind"] != "nil" and "description" not in entry:
            yield ("entries", index), f'the {entry["kind"]} interest of "{entry["person"]}" does not say what it is: add a description'


@rule("interests-dates", ERROR, "an interest's dates are in order: held since a day on or before it was declared, and ended on or after that day", "register-of-interests")
def _interest_dates(c: Context) -> Problems:
    for index, entry in enumerate(c.doc.data["entries"]):
        declared, since, ended = day_of(entry["declared"]), day_of(entry.get("held_since")), day_of(entry.get("ended"))
        if since is not None and declared is not None and since > declared:
            yield ("entries", index, "held_since"), f'the interest of "{entry["person"]}" was held since {since}, after it was declared on {declared}: held_since is for an interest that began before its declaration; leave it out, or give the day it began'
        # An interest may be declared after it ended (one held in the year declared for), not end before it began.
        if ended is not None and since is not None and ended < since:
            yield ("entries", index, "ended"), f'the interest of "{entry["person"]}" ended on {ended}, before it was held since {since}: give the day it ended'


@rule("interests-declared", WARNING, "every voting member of every body has declared, or made a nil return, in the last 12 months", "register-of-interests")
def _interests_declared(c: Context) -> Problems:
    if c.doc.control["status"] == "superseded":
        return  # the register of its day
    since = years_after(c.today, -DECLARED_FOR)
    recent = {entry["person"] for entry in c.doc.data["entries"] if (day_of(entry["declared"]) or since) > since}
    voting: dict[str, str] = {}  # person: the first body they vote on
    for doc in c.documents:
        if doc.type == "terms-of-reference" and doc.control["status"] != "superseded":
            for member in doc.data["membership"]["members"]:
                if member.get("voting", True) and "person" in member:
                    voting.setdefault(member["person"], doc.data["body"])
    for person, body in voting.items():
        if person not in recent:
            yield ("entries",), f'"{person}" votes on "{body}" but has made no declaration or nil return since {since} (guide 3.6)'


# Self-assessment -----------------------------------------------------------------

@rule("assessment-statement", ERROR, "every statement of the checklist is assessed, and every assessment is of a statement", "self-assessment")
def _every_statement_assessed(c: Context) -> Problems:
    statements = [key for heading in c.doc.data["checklist"].values() for key in heading["statements"]]
    assessment = c.doc.data["assessment"]
    for key in assessment:
        if key not in statements:
            yield ("assessment", key), f'"{key}" is not a statement of the checklist: use a statement\'s key, e.g. "{statements[0]}"'
    missing = [key for key in statements if key not in assessment]
    if missing:
        yield ("assessment",), f"statements not assessed: {', '.join(missing)}"


@rule("assessment-evidence", WARNING, "an element assessed as in place names the documents that show it, or says how in its notes (Resource Pack 6)", "self-assessment")
def _in_place_shown(c: Context) -> Problems:
    if c.doc.control["status"] == "superseded":
        return  # the assessment of its day
    # Of all the organisation's documents, not only those that passed their schemas: one that
    # failed is said of where it is, and one that could not be read may be in force.
    in_force = {doc.slug for doc in c.org.documents if doc.control.get("status") == "approved" or doc.in_force is not None} | c.org.unloaded
    for key, assessed in c.doc.data["assessment"].items():
        if assessed["status"] != "in-place" or any(re.search(r"\w\w", text) for text in texts(assessed.get("notes", ""))):
            continue
        evidence = assessed.get("evidence") or []
        if not evidence:
            yield ("assessment", key, "status"), f'"{key}" is assessed as in place with nothing to show it: name the documents that show it under evidence, or say how it is in place in notes'
        elif not in_force.intersection(evidence):
            yield ("assessment", key, "evidence"), (
                f'"{key}" is assessed as in place, shown only by documents not in force ({", ".join(evidence)}: a draft, or superseded): '
                "name one in force, or say how it is in place in notes"
            )


@rule("assessment-target", WARNING, "an element not yet in place has a target date to come (an error with --strict)", "self-assessment")
def _targets_to_come(c: Context) -> Problems:
    if c.doc.control["status"] == "superseded":
        return
    for key, assessed in c.doc.data["assessment"].items():
        target = day_of(assessed["target"])
        if assessed["status"] != "in-place" and target and target < c.today:
            yield ("assessment", key, "target"), f'"{key}" is {assessed["status"]}, and its target, {target}, has passed (today is {c.today}): set the date it will now be in place by, or say it is in place'


# Role descriptions ---------------------------------------------------------------

@rule("role-described", WARNING, "a member's role has a description, for the body they sit on", "terms-of-reference")
def _roles_described(c: Context) -> Problems:
    if c.doc.control["status"] == "superseded":
        return  # the roles of its day
    if c.org.unloaded or any(doc.type == "role-description" and doc not in c.documents for doc in c.org.documents):
        return  # a role description that could not be read may be the one that describes them
    body = c.doc.data["body"]
    described = {
        role
        for doc in c.documents
        if doc.type == "role-description" and doc.data["body"] == body and doc.control["status"] != "superseded"
        for role in doc.data["roles"]
    }
    for index, member in enumerate(c.doc.data["membership"]["members"]):
        role = member.get("role")
        if role is not None and role not in described:
            known = f"; described: {', '.join(sorted(described))}" if described else ""
            yield ("membership", "members", index, "role"), f'no role description of "{body}" describes the role "{role}" (Appendix 10){known}'
