"""The draft of an imported Word document: its parts placed in the type's fields,
free-form sections for the rest, and what the schema requires filled in.

A part (a heading and what lies under it) that names a standard section fills it
by the field's kind in the schema: Markdown text, a list of paragraphs (one item a
paragraph or list item), a list of entries (one a list item: goals, values, risks),
keyed entries (a role per heading under "Roles"), or a terms of reference's members
(``word_refs``). What the field cannot hold goes into a free-form section after it.
A required value the document does not give is a ``TODO`` text, or, where a text
cannot stand (a reference, a choice, a date), the least-invented value, commented.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Any

from govpack.checking.personal import Detail
from govpack.checking.schema import Schema
from govpack.reading.assemble import Organisation
from govpack.reading.texts import shortened
from govpack.tools import word_refs
from govpack.tools.word_labels import Labels, Match, unnumbered
from govpack.tools.word_reading import Block, escaped, items_of, markdown, plain_enough

# A version as documents state it: "Version 2.1", "Fersiwn 3", "v1.0".
_VERSION = re.compile(r"\b(?:version|fersiwn|v)\s*[:.]?\s*(\d+(?:\.\d+){0,3})\b", re.IGNORECASE)
_ONLY_VERSION = re.compile(r"\W*(?:version|fersiwn)\s*[:.]?\s*\d+(?:\.\d+){0,3}\W*", re.IGNORECASE)
# The value chosen where a choice is required and the document says nothing.
_LEAST = ("draft", "nil", "not-started")
_DEPTH = 3  # free-form sections: a section and two levels within it


@dataclass
class Part:
    """A heading of the Word document and what lies under it."""

    heading: str
    level: int
    match: Match | None
    blocks: list[Block] = field(default_factory=list)
    children: list[Part] = field(default_factory=list)
    left_out: list[Detail] = field(default_factory=list)  # from the heading itself

    def nest(self, block: Block) -> Part:
        """A part for the heading ``block`` under this one, added to its children."""
        child = Part(block.text, block.level, None, left_out=block.left_out)
        self.children.append(child)
        return child


class Draft:
    """A document's data and comments, made from the parts of a Word document."""

    def __init__(self, doc_type: str, schema: Schema, org: Organisation, defaults: dict[str, Any], today: datetime.date, labels: Labels) -> None:
        self.doc_type, self.rules, self.org, self.defaults, self.today, self.labels = doc_type, schema.rules, org, defaults, today, labels
        self.title: str | None = None
        self.data: dict[str, Any] = {}
        self.comments: dict[tuple[Any, ...], list[str]] = {}
        self.notes: list[str] = []
        self.languages = [lang for lang in ("en", "cy") if lang in (org.data.get("languages") or ["en"])]
        self.language = self.languages[0]
        self.sections: list[dict[str, Any]] = []

    # Where a part goes -----------------------------------------------------------

    def rules_at(self, key: str) -> dict[str, Any]:
        """The schema's rules for the field at the dotted ``key`` (e.g. ``meetings.quorum``)."""
        rules: dict[str, Any] = {"type": "dict", "schema": self.rules}
        for step in key.split("."):
            rules = rules.get("schema", {}).get(step, {})
        return rules

    def keyed(self, key: str) -> bool:
        """Whether the field at ``key`` holds an entry per heading beneath it (roles)."""
        values = self.rules_at(key).get("valuesrules", {}).get("schema", {})
        return "title" in values and any(_is_paragraphs(rules) for rules in values.values())

    def note(self, at: tuple[Any, ...], text: str) -> None:
        """A comment the draft writes above the value at key path ``at``."""
        self.comments.setdefault(at, []).append(text)

    def text(self, value: str) -> Any:
        """A text as the organisation gives texts: once, or per language, the others to translate."""
        if len(self.languages) < 2:
            return value
        return {lang: value if lang == self.language else f"TODO: in {lang}: {value}" for lang in self.languages}

    def build(self, parts: list[Part], title: str | None, filename: str) -> None:
        """Fill the draft's data from the Word document's ``parts`` (its headings and
        what is under them, in order): matched parts into their fields, the rest into
        free-form sections, then control and what the schema still requires."""
        matched = [p.match.language for p in parts if p.match is not None and p.match.language]
        if "cy" in self.languages and matched.count("cy") > matched.count("en"):
            self.language = "cy"
        preamble, found = parts[0], {}
        version = self._version(preamble, title)
        if any(block.text or block.rows or block.left_out for block in preamble.blocks):
            self._preamble(preamble, found)
        after: str | None = None
        for part in parts[1:]:
            if part.match is None:
                self._free(part, after)
                continue
            self._place(part, found)
            after = part.match.key.split(".")[0]
        for key, value in found.items():
            _set(self.data, key, value)
        word_refs.references(self, parts, title)
        self._required(self.rules, self.data, self.defaults, ())
        control = {"title": self.text(title or "TODO: the title"), "version": version or "TODO: the version", "status": "draft"}
        if title is None:
            self.note(("control", "title"), f"{filename} has no title: give the document's title")
        ordered = {"control": control, **{key: self.data[key] for key in self.rules if key in self.data}}
        if self.sections:
            ordered["sections"] = self.sections
        self.data = ordered

    def _version(self, preamble: Part, title: str | None) -> str | None:
        for block in preamble.blocks:
            found = _VERSION.search(block.plain) if block.kind == "text" else None
            if found:
                self.note(("control", "version"), f'from "{_short(block.plain)}"')
                if _ONLY_VERSION.fullmatch(block.plain):
                    preamble.blocks.remove(block)
                return found.group(1)
        found = _VERSION.search(title or "")
        return found.group(1) if found else None

    def _preamble(self, part: Part, found: dict[str, Any]) -> None:
        """The text before the first heading: the introduction, where the type has one,
        else a free-form section whose heading is to write."""
        if "introduction" in self.rules:
            found["introduction"] = self.text(markdown(part.blocks))
            self.note(("introduction",), "from the text before the first heading: check this is the introduction")
            self._left_out(("introduction",), part)
            return
        part.heading = "TODO: a heading for the text before the first heading"
        first = next(key for key in self.rules if key not in ("control", "publication"))
        self.note(("sections", len(self.sections)), "the text before the first heading of the Word document")
        self._free(part, first)

    def _place(self, part: Part, found: dict[str, Any]) -> None:
        key = part.match.key
        at = tuple(key.split("."))
        rules = self.rules_at(key)
        words = self.labels.english.get(key, key)
        rest: list[Block] = []
        if key in ("membership", "membership.members") and self.doc_type == "terms-of-reference":
            rest = word_refs.members(self, part, found)
        elif self.keyed(key):
            entries = self._keyed(part, rules, at, found.get(key, {}))
            if entries:
                found[key] = {**found.get(key, {}), **entries}
            rest = part.blocks
        elif _is_paragraphs(rules):
            items = items_of(part.blocks)
            if items:
                found[key] = found.get(key, []) + [self.text(item) for item in items]
        elif rules.get("type") == "list" and _entry_field(rules):
            entries, rest = self._entries(part.blocks, rules)
            if entries:
                found[key] = found.get(key, []) + entries
        elif rules.get("type") == "text" and not rules.get("meta", {}).get("markdown") and key not in found and part.blocks and plain_enough(part.blocks[0]):
            found[key] = self.text(part.blocks[0].plain)  # words without Markdown (a frequency): the first paragraph
            rest = part.blocks[1:]
        elif rules.get("type") == "text" and rules.get("meta", {}).get("markdown"):
            text = markdown(part.blocks)
            if text:
                previous = found.get(key)
                found[key] = self.text(text) if previous is None else _joined(previous, text, self.language)
        else:
            rest = part.blocks
        if part.match.guessed and (any(filled == key or filled.startswith(f"{key}.") for filled in found) or not rest):
            self.note(at, f'from "{_short(part.heading)}": check this is the {at[-1].replace("_", " ")} (printed under "{words}")')
        self._left_out(at, part, exclude=rest)
        if rest and any(block.text or block.rows for block in rest):
            kept = Part(part.heading, part.level, None, rest)
            where = len(self.sections)
            self._free(kept, at[0])
            self.note(("sections", where), f'the text under "{_short(part.heading)}" that {words} cannot hold as it is: move it there, or keep it as a section of its own')

    def _keyed(self, part: Part, rules: dict[str, Any], at: tuple[Any, ...], taken: dict[str, Any]) -> dict[str, Any]:
        """An entry per heading beneath the part (a role): its title, its paragraphs and
        its list items (responsibilities)."""
        values = rules["valuesrules"]["schema"]
        listed = next(name for name, inner in values.items() if _is_paragraphs(inner))
        summary = next((name for name, inner in values.items() if inner.get("meta", {}).get("markdown") and inner.get("type") == "text"), None)
        entries = {}
        for child in part.children:
            items = [b for b in child.blocks if b.kind == "item"]
            prose = [b for b in child.blocks if b.kind != "item"]
            entry: dict[str, Any] = {"title": self.text(unnumbered(child.heading))}
            if summary and prose and items:
                entry[summary] = self.text(markdown(prose))
            listing = items_of(items if items and summary else child.blocks)
            entry[listed] = [self.text(item) for item in listing] or [self.text(f"TODO: the {listed} of this role")]
            key = word_refs.slug(unnumbered(child.heading), {**taken, **entries})
            entries[key] = entry
            self._left_out((*at, key), child)
        return entries

    def _entries(self, blocks: list[Block], rules: dict[str, Any]) -> tuple[list[dict[str, Any]], list[Block]]:
        """A list of entries from list items, the item their first text (a goal), and
        the blocks that are not list items."""
        first = _entry_field(rules)
        entries = [{first: self.text(item)} for item in items_of([b for b in blocks if b.kind == "item"])]
        return entries, [b for b in blocks if b.kind != "item"]

    # Free-form sections ----------------------------------------------------------

    def _free(self, part: Part, after: str | None) -> None:
        at = ("sections", len(self.sections))
        self.sections.append(self._section(part, after, at, 1))
        if after is None:
            self.note(at, "before any standard section in the Word document: printed at the end unless you add after: (the key of the section it follows)")

    def _section(self, part: Part, after: str | None, at: tuple[Any, ...], depth: int) -> dict[str, Any]:
        blocks = list(part.blocks)
        if depth == _DEPTH:  # deeper headings than free sections hold: bold lines of this one
            for child in _flattened(part.children):
                blocks += [Block("text", f"**{escaped(child.heading)}**", plain=child.heading), *child.blocks]
        section: dict[str, Any] = {"heading": self.text(unnumbered(part.heading))}
        text = markdown(blocks)
        if text:
            section["text"] = self.text(text)
        if after is not None:
            section["after"] = after
        self._left_out(at, Part(part.heading, part.level, None, blocks, left_out=part.left_out))
        if part.children and depth < _DEPTH:
            section["sections"] = [self._section(child, None, (*at, "sections", index), depth + 1) for index, child in enumerate(part.children)]
        return section

    def _left_out(self, at: tuple[Any, ...], part: Part, exclude: list[Block] = ()) -> None:
        """A comment at ``at`` for each block of ``part`` whose personal details were left out."""
        if part.left_out:
            self.note(at, f'left out of the heading "{_short(part.heading)}": {_kinds(part.left_out)} (personal contact details)')
        for block in part.blocks:
            if block.left_out and block not in exclude:
                where = f'the paragraph "{_short(block.plain)}"' if block.plain else "a paragraph of its own" if block.kind != "table" else "a table"
                self.note(at, f'left out of {where} under "{_short(part.heading) or "no heading"}": {_kinds(block.left_out)} (personal contact details)')

    # What the schema requires ---------------------------------------------------

    def _required(self, rules: dict[str, Any], data: dict[str, Any], under: Any, at: tuple[Any, ...]) -> None:
        """Fill in every required field of ``data`` (at ``at``) that neither it nor the
        defaults ``under`` it give."""
        under = under if isinstance(under, dict) else {}
        for key, inner in rules.items():
            if not isinstance(inner, dict) or key in ("control", "sections"):
                continue
            if key in data:
                value, schema = data[key], inner.get("schema")
                if isinstance(value, dict) and isinstance(schema, dict) and inner.get("type") == "dict":
                    self._required(schema, value, under.get(key), (*at, key))
                elif isinstance(value, list) and isinstance(schema, dict) and isinstance(schema.get("schema"), dict):
                    for index, item in enumerate(value):
                        if isinstance(item, dict):
                            self._required(schema["schema"], item, {}, (*at, key, index))
                continue
            if key in under:  # given by the shared defaults: what they leave out, if any, is to write
                if isinstance(under[key], dict) and inner.get("type") == "dict" and isinstance(inner.get("schema"), dict):
                    inside: dict[str, Any] = {}
                    self._required(inner["schema"], inside, under[key], (*at, key))
                    if inside:
                        data[key] = inside
                continue
            if inner.get("required", True) is not False:
                data[key] = self.placeholder(inner, (*at, key))

    def placeholder(self, rules: dict[str, Any], at: tuple[Any, ...]) -> Any:
        """A value for a required field the Word document does not give."""
        kind, words = rules.get("type"), self.words(at)
        if kind == "text":
            return self.text(f"TODO: {words} (not found in the Word document)")
        if rules.get("date") or rules.get("partial_date"):
            self.note(at, "guessed: the day of the import; give the date the document means")
            return self.today.isoformat()
        if kind == "string" and "allowed" in rules:
            choice = next((value for value in _LEAST if value in rules["allowed"]), rules["allowed"][0])
            self.note(at, f"guessed: {choice} (the Word document does not say; one of {', '.join(rules['allowed'])})")
            return choice
        if kind == "string" and "ref" in rules:
            return word_refs.guess(self, rules["ref"], at)
        if kind == "list" and isinstance(rules.get("schema"), dict):
            return [self.placeholder(rules["schema"], (*at, 0))]
        if kind == "dict" and isinstance(rules.get("schema"), dict):
            data: dict[str, Any] = {}
            self._required(rules["schema"], data, {}, at)
            if not data:  # nothing required, something needed (a member: a person or an office)
                name, inner = next(((n, r) for n, r in rules["schema"].items() if r.get("type") == "text"), next(iter(rules["schema"].items())))
                data[name] = self.placeholder(inner, (*at, name))
            return data
        if kind == "dict" and isinstance(rules.get("valuesrules"), dict):
            return {"todo": self.placeholder(rules["valuesrules"], (*at, "todo"))}
        if kind in ("integer", "number"):
            self.note(at, "guessed: give the number the document states")
            return rules.get("min", 1)
        if kind == "boolean":
            self.note(at, "guessed: the Word document does not say")
            return False
        return f"TODO: {words} (not found in the Word document)"

    def words(self, at: tuple[Any, ...]) -> str:
        """The field at ``at`` in words, for a TODO: "the purpose", "the measure"."""
        keys = [str(step) for step in at if isinstance(step, str)]
        label = self.labels.english.get(".".join(keys))
        return f"the {(label or keys[-1].replace('_', ' ')).lower()}"


def _set(data: dict[str, Any], key: str, value: Any) -> None:
    *parents, last = key.split(".")
    for step in parents:
        data = data.setdefault(step, {})
    data[last] = value


def _is_paragraphs(rules: dict[str, Any]) -> bool:
    return rules.get("type") == "list" and isinstance(rules.get("schema"), dict) and rules["schema"].get("type") == "text"


def _entry_field(rules: dict[str, Any]) -> str | None:
    """The field an entry of a list is named by (a goal's goal), where every other
    field it requires is words a TODO can stand for."""
    schema = rules.get("schema", {}).get("schema") if isinstance(rules.get("schema"), dict) else None
    if not isinstance(schema, dict) or not schema:
        return None
    required = {name: inner for name, inner in schema.items() if inner.get("required", True) is not False}
    first = next(iter(schema))
    if schema[first].get("type") != "text" or any(inner.get("type") != "text" for inner in required.values()):
        return None
    return first


def _joined(previous: Any, text: str, language: str) -> Any:
    if isinstance(previous, dict):
        return {lang: f"{value}\n\n{text}" if lang == language else value for lang, value in previous.items()}
    return f"{previous}\n\n{text}"


def _flattened(parts: list[Part]) -> list[Part]:
    return [flat for part in parts for flat in (part, *_flattened(part.children))]


def _kinds(details: list[Detail]) -> str:
    kinds = list(dict.fromkeys(detail.described for detail in details))
    return kinds[0] if len(kinds) == 1 else ", ".join(kinds[:-1]) + " and " + kinds[-1]


def _short(text: str) -> str:
    """``text`` on one line, shortened for a comment."""
    return shortened(" ".join(text.split()), 60)
