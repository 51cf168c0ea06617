"""What an imported draft refers to in the organisation file: the body a terms of
reference constitutes, an agreement's parties and kind, the members of a table of
members, and the statements a self-assessment assesses.

Each is taken from the Word document where it names it (a body's or an
organisation's name in the title, the text before the first heading, or the
section on the parties; an organisation in a member's row); where it does not,
the organisation file's only candidate, or its first, with a comment saying so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from govpack.reading.assemble import slug_for
from govpack.reading.texts import texts
from govpack.tools.word_labels import normalised
from govpack.tools.word_reading import Block

if TYPE_CHECKING:
    from govpack.tools.word_fields import Draft, Part

# The columns of a table of members, by the words of their headings.
COLUMNS = {
    "name": ("name", "member", "members", "member name", "enw", "aelod"),
    "role": ("role", "position", "title", "job title", "office", "designation", "post", "rol", "swydd", "teitl"),
    "organisation": ("organisation", "organization", "represents", "representing", "practice", "employer", "body", "sefydliad", "yn cynrychioli", "cynrychioli"),
    "voting": ("voting", "vote", "voting member", "voting rights", "pleidleisio", "pleidlais"),
    "deputy": ("deputy", "substitute", "nominated deputy", "dirprwy"),
    "contact": ("email", "e mail", "email address", "phone", "telephone", "tel", "contact", "contact details", "mobile", "e bost", "ffon", "rhif ffon", "cyswllt"),
}
_YES = {"yes", "y", "true", "voting", "ie", "oes", "ydy", "✓", "✔", "☑"}
_NO = {"no", "n", "false", "non voting", "nonvoting", "not voting", "na", "nac oes", "nac ydy", "dim"}
_MOU = ("memorandum of understanding", "mou", "memorandwm cyd ddealltwriaeth")
_SLA = ("service level agreement", "sla", "cytundeb lefel gwasanaeth")


def named(draft: Draft, *maps: str) -> dict[str, list[str]]:
    """The names, in every language, of the organisation file's entries of ``maps``, by key."""
    out: dict[str, list[str]] = {}
    for name in maps:
        entries = draft.org.data.get(name)
        for key, entry in (entries.items() if isinstance(entries, dict) else ()):
            given = texts(entry.get("name")) if isinstance(entry, dict) else []
            out[key] = [words for words in (normalised(text) for text in given) if words]
    return out


def mentioned(text: str, names: dict[str, list[str]]) -> list[str]:
    """The keys whose names ``text`` mentions, in the order it first mentions them."""
    words = f" {normalised(text)} "
    first: dict[str, int] = {}
    for key, given in names.items():
        places = [words.find(f" {name} ") for name in given if f" {name} " in words]
        if places:
            first[key] = min(places)
    return sorted(first, key=first.get)


def references(draft: Draft, parts: list[Part], title: str | None) -> None:
    """The references the type requires, from the Word document or guessed."""
    scope = " ".join([title or "", *(block.plain for block in parts[0].blocks)])
    everything = " ".join([scope, *(block.plain for part in parts for block in part.blocks)])
    if "body" in draft.rules and "body" not in draft.data:
        draft.data["body"] = _body(draft, scope)
    if draft.doc_type == "service-level-agreement":
        if "kind" not in draft.data:
            draft.data["kind"] = _kind(draft, title or "", everything)
        if "parties" not in draft.data:
            said = " ".join([scope, *(b.plain for p in parts if p.match and p.match.key == "parties" for b in p.blocks)])
            draft.data["parties"] = _parties(draft, said)
    if draft.doc_type == "self-assessment" and "assessment" not in draft.data:
        checklist = draft.data.get("checklist") or draft.defaults.get("checklist") or {}
        statements = [key for heading in checklist.values() if isinstance(heading, dict) for key in (heading.get("statements") or {})]
        if statements:
            day = draft.today.isoformat()
            draft.data["assessment"] = {key: {"status": "not-started", "owner": draft.text("TODO: who owns this (not found in the Word document)"), "target": day} for key in statements}
            draft.note(("assessment",), "guessed: every statement not started, with the day of the import as its target: give each its status, owner and target date")
    if draft.doc_type == "register-of-interests" and "entries" not in draft.data:
        entry = draft.placeholder(draft.rules["entries"]["schema"], ("entries", 0))
        entry["description"] = draft.text("TODO: what the interest is (not found in the Word document); leave this out for a nil return")
        draft.data["entries"] = [entry]
        draft.note(("entries",), "not in the Word document: an entry to replace with the register's own")


def _body(draft: Draft, scope: str) -> str:
    bodies = named(draft, "bodies")
    said = mentioned(scope, bodies)
    if said:
        draft.note(("body",), "from the title or the text before the first heading, which names it: check this is the body")
        chosen = said[0]
    else:
        chosen = guess(draft, "body", ("body",))
    constituted = _constituted(draft)
    if draft.doc_type == "terms-of-reference" and chosen in constituted:
        draft.notes.append(f'the body "{chosen}" already has terms of reference ({constituted[chosen]}): supersede one of them, or change body:')
    return chosen


def _constituted(draft: Draft) -> dict[str, str]:
    """Bodies already constituted by a current terms of reference, and by which."""
    return {
        doc.data.get("body"): doc.slug
        for doc in draft.org.documents
        if doc.type == "terms-of-reference" and doc.control.get("status") != "superseded" and isinstance(doc.data.get("body"), str)
    }


def guess(draft: Draft, ref: str, at: tuple[Any, ...]) -> str:
    """A key of the organisation file for a reference the Word document does not make."""
    kinds = {"body": ("bodies",), "organisation": ("members", "partners"), "person": ("people",)}
    candidates = list(named(draft, *kinds.get(ref, ())))
    if ref == "body" and draft.doc_type == "terms-of-reference":
        unconstituted = [key for key in candidates if key not in _constituted(draft)]
        candidates = unconstituted or candidates
    if not candidates:
        draft.note(at, f"guessed: the organisation file has no {ref} to refer to; add one")
        return "todo"
    which = "the only one" if len(candidates) == 1 else f"the first of {len(candidates)}"
    draft.note(at, f"guessed: {which} in organisation.yaml; the Word document does not say which {ref}")
    draft.notes.append(f"{'.'.join(str(step) for step in at)}: guessed {candidates[0]}, {which}; check it")
    return candidates[0]


def _kind(draft: Draft, title: str, everything: str) -> str:
    for text, where in ((title, "the title"), (everything, "the text")):
        words = f" {normalised(text)} "
        for phrases, kind in ((_MOU, "memorandum-of-understanding"), (_SLA, "service-level-agreement")):
            if any(f" {phrase} " in words for phrase in phrases):
                draft.note(("kind",), f"from {where}")
                return kind
    draft.note(("kind",), "guessed: the Word document does not say whether it is a service level agreement or a memorandum of understanding")
    return "service-level-agreement"


def _parties(draft: Draft, said: str) -> list[dict[str, str]]:
    organisations = named(draft, "members", "partners")
    parties = [{"organisation": key} for key in mentioned(said, organisations)]
    for index in range(len(parties)):
        draft.note(("parties", index), "from the Word document, which names it")
    for key in organisations:
        if len(parties) >= 2:
            break
        if all(party["organisation"] != key for party in parties):
            draft.note(("parties", len(parties)), "guessed: the Word document names no more parties the organisation file has; an agreement has two or more")
            draft.notes.append(f"parties[{len(parties)}]: guessed {key}; check it")
            parties.append({"organisation": key})
    return parties


def members(draft: Draft, part: Part, found: dict[str, Any]) -> list[Block]:
    """The members a terms of reference lists in a table (or, with no table, a list)
    under its heading on membership; the blocks that are not members."""
    listed: list[dict[str, Any]] = found.setdefault("membership.members", [])
    rest = []
    for block in part.blocks:
        columns = _columns(block.rows[0]) if block.kind == "table" and len(block.rows) > 1 else None
        if columns is None:
            rest.append(block)
            continue
        at = ("membership", "members")
        dropped = [head for head, column in zip(block.rows[0], columns) if column == "contact"]
        if dropped or block.left_out:
            draft.note(at, f"left out of the table of members: {', '.join(dropped) or 'contact details'} (personal contact details)")
            block.left_out = []  # said here
        for row in block.rows[1:]:
            member = _member(draft, dict(zip(columns, row)))
            if member:
                shown = " | ".join(cell for cell, column in zip(row, columns) if cell and column != "contact")
                draft.note((*at, len(listed)), f'from the table: "{shown}"')
                listed.append(member)
    if not listed and any(block.kind == "item" and block.level == 0 for block in rest):
        for block in [b for b in rest if b.kind == "item" and b.level == 0]:
            draft.note(("membership", "members", len(listed)), "guessed: a list item under the heading on membership, as an office")
            listed.append({"office": draft.text(block.text)})
            rest.remove(block)
    if not listed:
        found.pop("membership.members")
    return rest


def _columns(header: list[str]) -> list[str | None] | None:
    """What each column of a table holds, if its header row is a table of members'."""
    columns = [next((column for column, words in COLUMNS.items() if normalised(cell) in words), None) for cell in header]
    known = {column for column in columns if column}
    return columns if ({"name", "role"} & known) and len(known - {"contact"}) >= 2 else None


def _member(draft: Draft, cells: dict[str | None, str]) -> dict[str, Any] | None:
    """A member as an office: the role (or else the name), with the organisation's name
    where the organisation file does not have it."""
    organisation = cells.get("organisation", "")
    represents = mentioned(organisation, named(draft, "members", "partners"))[:1] if organisation else []
    office = cells.get("role") or cells.get("name") or ""
    if organisation and not represents:
        office = f"{office}, {organisation}" if office else organisation
    if not office:
        return None
    member: dict[str, Any] = {"office": draft.text(office)}
    if cells.get("deputy"):
        member["deputy"] = draft.text(cells["deputy"])
    if represents:
        member["represents"] = represents[0]
    vote = cells.get("voting", "").strip()
    if vote in _YES or normalised(vote) in _YES:
        member["voting"] = True
    elif normalised(vote) in _NO:
        member["voting"] = False
    return member


def slug(heading: str, taken: dict[str, Any]) -> str:
    """A key for an entry named ``heading`` (a role) that ``taken`` does not have."""
    key = slug_for(heading)
    number = 2
    while key in taken:
        key, number = f"{slug_for(heading)}-{number}", number + 1
    return key
