"""Counting a meeting by its body's terms of reference: which terms it was held
under, who counted towards its quorum, who could vote, and what majority a vote needed.

Guide 3.10 asks terms of reference to state the quorum and its rules, and 3.7 the
majorities a body decides by, with and without financial implications; the terms'
schema states both as data (``meetings.quorum``, ``quorum_share``,
``quorum_per_organisation``, ``quorum_proxies``; ``decisions.vote_...``).
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from govpack.project import date_span
from govpack.reading.assemble import Document
from govpack.reading.texts import texts

TERMS = "terms-of-reference"


def terms_in_force(documents: list[Document], body: str, day: datetime.date) -> Document | None:
    """The terms of reference of ``body`` a meeting on ``day`` is held under: of
    those approved before it (superseded since or not), the last approved, as a
    meeting that approves new terms is held under the old; where none was, the
    first terms approved that day, which a new body adopts at its first meeting;
    None if there are none. Terms being revised count as the version in force
    (``Document.in_force``)."""
    approved = []
    # A draft of new terms is not in force; the version it revises, approved, is.
    for doc in [*documents, *(d.in_force for d in documents if d.in_force is not None)]:
        span = date_span(doc.control.get("approved"))
        if doc.type == TERMS and doc.data.get("body") == body and doc.control.get("status") != "draft" and span and span[0] <= day:
            approved.append((span[0] < day, span[0], doc))
    return max(approved, key=lambda found: found[:2])[2] if approved else None


@dataclass(frozen=True)
class Quorum:
    """A held meeting counted under ``terms``.

    ``seats``: the voting members the terms list (a person's key, or an office
    with the organisation it represents, in words). ``counted``: the seats counted
    towards the quorum. ``voting_people``: the seats that could vote, each with who
    voted in it, by key: a member present, the proxy the terms allow of one absent (a
    proxy may vote where it does not count towards the quorum), or someone holding an
    office seat for its organisation; their own interests are the ones a vote is
    checked against. ``unmet``: each quorum the terms state that the meeting did not
    reach, in words; ``passed_over``: the proxies and office seats that did not count, and why.
    """

    terms: Document
    seats: list[str]
    counted: list[str]
    voting_people: dict[str, str]
    unmet: list[str]
    passed_over: list[str]

    @property
    def quorate(self) -> bool:
        return not self.unmet


def quorum(terms: Document, meeting: dict[str, Any], organisation: dict[str, Any]) -> Quorum:
    """The quorum of a held meeting (its record's data) under ``terms``, with the
    ``organisation``'s data (its people and members, by key).

    Each quorum the terms state must be met: a number of voting members, a share of
    them, so many from each member organisation. A member counts when present. A
    proxy counts for an absent member where the terms name them as that member's
    proxy, or the record says how it was given or agreed, unless the terms say such
    proxies do not count towards the quorum (``quorum_proxies``: ``named`` for those
    membership names only, ``none``); they may still vote. A seat held by an office (the chief executive of the council)
    counts when someone of the organisation it represents is present who is not a
    named member: the record names people, not offices.
    """
    members = [m for m in terms.data["membership"]["members"] if m.get("voting", True) and ("person" in m or "office" in m)]
    attendance = meeting.get("attendance", {})
    present = set(attendance.get("present", ()))
    named = {m["person"]: m.get("proxy") for m in terms.data["membership"]["members"] if "person" in m}
    allowed = [p for p in attendance.get("proxies", ()) if p["member"] not in present and (named.get(p["member"]) == p["proxy"] or "agreed" in p)]
    proxied = {p["member"]: p["proxy"] for p in allowed}
    rule = terms.data.get("meetings", {}).get("quorum_proxies", "all")
    in_quorum = {p["member"] for p in allowed if rule == "all" or (rule == "named" and named.get(p["member"]) == p["proxy"])}
    passed_over = [
        f'the proxy for {p["member"]} ({p["proxy"]}), as the terms count {"only the proxies membership names" if rule == "named" else "no proxies"} towards the quorum'
        for p in allowed if p["member"] not in in_quorum
    ]
    rules = terms.data.get("meetings", {})
    people = organisation.get("people", {})
    holders = [p for p in attendance.get("present", ()) if p not in named]  # who may hold an office seat
    seats, counted, counts = [], [], []
    voting_people: dict[str, str] = {}
    for member in members:
        if "person" in member:
            seat, here, by_proxy = member["person"], member["person"] in present, member["person"] in proxied
            if here or by_proxy:
                voting_people[seat] = seat if here else proxied[seat]
        else:
            seat = f'{texts(member["office"])[0]}'
            holder = next((p for p in holders if member.get("represents") and people.get(p, {}).get("organisation") == member["represents"]), None)
            here, by_proxy = holder is not None, False
            if holder is not None:
                holders.remove(holder)
                voting_people[holder] = holder
            else:
                whose = organisation_name(organisation, member["represents"]) if member.get("represents") else "its organisation (the terms do not say which: add represents)"
                passed_over.append(f"the seat of the {seat}, as no one of {whose} who is not a named member came")
        seats.append(seat)
        counts.append(here or (by_proxy and seat in in_quorum))
        if counts[-1]:
            counted.append(seat)
    unmet = []
    if "quorum" in rules and len(counted) < rules["quorum"]:
        unmet.append(f"{rules['quorum']} voting members")
    if "quorum_share" in rules and len(counted) < Fraction(rules["quorum_share"]) * len(seats):
        needed = math.ceil(Fraction(rules["quorum_share"]) * len(seats))
        unmet.append(f"{rules['quorum_share']} of the {len(seats)} voting members, which is {needed}")
    if "quorum_per_organisation" in rules:
        each = rules["quorum_per_organisation"]
        for org in dict.fromkeys(m["represents"] for m in members if "represents" in m):
            here = sum(1 for m, count in zip(members, counts) if m.get("represents") == org and count)
            if here < each:
                unmet.append(f"{each} from {organisation_name(organisation, org)} ({here} came)")
    return Quorum(terms, seats, counted, voting_people, unmet, passed_over)


def organisation_name(organisation: dict[str, Any], slug: str) -> str:
    """The name of a member or partner of the organisation, in its first language."""
    known = {**organisation.get("partners", {}), **organisation.get("members", {})}
    return texts(known.get(slug, {}).get("name", slug))[0] if isinstance(known.get(slug), dict) else slug


def majority(share: dict[str, Any], votes: dict[str, int], present: int, members: int) -> tuple[bool, str]:
    """Whether ``votes`` (for, against, abstained; with the chair's casting vote
    among them, if given) reach ``share`` (a ``vote_...`` of the terms: ``more_than``
    or ``at_least`` a fraction ``of`` the votes cast, of the ``present`` voting
    members who took part in the decision, or of all the ``members`` who vote), and
    the majority needed in words, with the votes for it takes; with no share, more
    votes for than against."""
    if "more_than" not in share and "at_least" not in share:
        return votes["for"] > votes["against"], "more votes for than against"
    base = {"cast": votes["for"] + votes["against"], "present": present, "members": members}[share["of"]]
    whole = {"cast": "the votes cast", "present": "the voting members present", "members": "all the voting members"}[share["of"]]
    if "more_than" in share:
        fraction, needed = Fraction(share["more_than"]), math.floor(Fraction(share["more_than"]) * base) + 1
        words = f"more than {share['more_than']} of {whole} ({base})"
    else:
        fraction, needed = Fraction(share["at_least"]), math.ceil(Fraction(share["at_least"]) * base)
        words = f"at least {share['at_least']} of {whole} ({base})"
    reached = votes["for"] > fraction * base if "more_than" in share else votes["for"] >= fraction * base
    return reached, f"{words}, that is {needed} or more votes for"
