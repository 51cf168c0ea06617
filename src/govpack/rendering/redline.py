"""Redline: what changed between two renderings of a document, section by section.

Both versions are compared as they print (the ``<main>`` of their pages), so the
changes come in the order the document gives its fields, under the headings a reader
knows them by, in the page's language, for every document type alike. Each page is
read as blocks: headings, paragraphs, list items (with their depth), table rows (cell
by cell), terms and definitions. Sections are matched by their headings' anchors,
which the templates make from the field names, so a heading reworded is a heading
changed, not a section removed and another added.

Within a section, blocks are matched with ``difflib`` (Python's own, a sequence
matcher, rather than diff-match-patch, which compares characters and needs a
word-mode workaround): a block on one side only is added or removed, a pair that
still shares most of its words is changed, word by word, and a block removed in one
place and added unchanged in another is moved, not a deletion and an insertion.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from lxml import html as lxml_html

SAME, ADDED, REMOVED, CHANGED, MOVED = "same", "added", "removed", "changed", "moved"
# A pair of blocks that share less than this of their words is a removal and an addition.
_ALIKE = 0.4
_HEADINGS = {"h2", "h3", "h4", "h5", "h6"}
_TEXTS = {"p", "dt", "dd", "caption", "pre", "figcaption"}
# What a page shows around a document's own text, which is not the document's to change.
_FURNITURE = re.compile(r"\b(lede|status-mark|doc-title|visually-hidden|cover)\b")
# A word, with what joins its parts (1.0, £10,000, don't, part-time); a mark; a space.
_WORD = re.compile(r"\w+(?:[.,'’-]\w+)*|[^\w\s]|\s+")

Segment = tuple[str, str]  # ("", text) unchanged, ("ins", text) added, ("del", text) removed


@dataclass(frozen=True)
class Block:
    """One block of a page: ``kind`` is its tag (``h2``, ``p``, ``li``, ``tr``, ``dt``…),
    ``depth`` a list item's nesting (0 at the top), ``cells`` its text (a row's, cell by
    cell; one for the rest), ``header`` whether a row is of header cells."""

    kind: str
    cells: tuple[str, ...]
    depth: int = 0
    header: bool = False

    @property
    def text(self) -> str:
        return " | ".join(self.cells)


@dataclass(frozen=True)
class Change:
    """A block as it changed: ``state`` (same, added, removed, changed, moved), the block
    (as it is now; as it was, if removed), and each cell's text as segments marked
    inserted or deleted. ``moved_from``: the heading of the section a moved block left,
    where that is another; ``moved_up`` which way it moved within its own."""

    state: str
    block: Block
    cells: tuple[tuple[Segment, ...], ...]
    moved_from: str = ""
    moved_up: bool = False


@dataclass
class Section:
    """A heading and the blocks under it, up to the next heading."""

    anchor: str
    heading: Change
    changes: list[Change] = field(default_factory=list)

    @property
    def level(self) -> int:
        return int(self.heading.block.kind[1])

    @property
    def changed(self) -> bool:
        return any(c.state != SAME for c in [self.heading, *self.changes])

    @property
    def groups(self) -> list[tuple[str, list[Change]]]:
        """The changes in runs a page shows together: list items (``li``), table rows
        (``tr``), and the rest (``p``), in order."""
        groups: list[tuple[str, list[Change]]] = []
        for change in self.changes:
            kind = change.block.kind if change.block.kind in ("li", "tr") else "p"
            if groups and groups[-1][0] == kind:
                groups[-1][1].append(change)
            else:
                groups.append((kind, [change]))
        return groups


def compare(old_page: str, new_page: str) -> list[Section]:
    """The sections of ``new_page``, with those only ``old_page`` had where they were,
    each block marked as it changed (pages: a document's rendered HTML)."""
    old, new = _sections(old_page), _sections(new_page)
    old_anchors, new_anchors = [s[0] for s in old], [s[0] for s in new]
    sections: list[Section] = []
    matcher = difflib.SequenceMatcher(None, old_anchors, new_anchors, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            sections += [_section(old[i], new[j]) for i, j in zip(range(i1, i2), range(j1, j2))]
            continue
        sections += [_one_side(old[i], REMOVED) for i in range(i1, i2)]
        sections += [_one_side(new[j], ADDED) for j in range(j1, j2)]
    return _moves(sections)


def _sections(page: str) -> list[tuple[str, Block, list[Block]]]:
    """Each section of a page: its heading's anchor, its heading, its blocks."""
    main = lxml_html.document_fromstring(page).find(".//main")
    blocks: list[tuple[str | None, Block]] = []
    _walk(main, 0, blocks)
    sections: list[tuple[str, Block, list[Block]]] = []
    for anchor, block in blocks:
        if anchor is not None:
            sections.append((anchor, block, []))
        elif sections:
            sections[-1][2].append(block)
    return sections


def _walk(element: lxml_html.HtmlElement, depth: int, out: list[tuple[str | None, Block]]) -> None:
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or _FURNITURE.search(child.get("class", "")) or tag in ("nav", "script", "style", "template"):
            continue
        if tag in _HEADINGS:
            out.append((child.get("id") or _text(child), Block(tag, (_text(child),))))
        elif tag == "tr":
            cells = [cell for cell in child if cell.tag in ("td", "th")]
            out.append((None, Block("tr", tuple(_text(cell) for cell in cells), header=all(cell.tag == "th" for cell in cells))))
        elif tag == "li":
            out.append((None, Block("li", (_text(child, own=True),), depth)))
            for inner in child:  # a list inside the item: its items one deeper
                if inner.tag in ("ul", "ol"):
                    _walk(inner, depth + 1, out)
        elif tag in _TEXTS or (tag == "blockquote" and not len(child)):
            out.append((None, Block(tag, (_text(child),))))
        else:
            _walk(child, depth, out)


def _text(element: lxml_html.HtmlElement, own: bool = False) -> str:
    """An element's text, its spaces as a reader sees them; ``own``: a list item's,
    without the items of a list inside it."""
    parts = []

    def gather(node: lxml_html.HtmlElement) -> None:
        parts.append(node.text or "")
        for child in node:
            if isinstance(child.tag, str) and not (own and child.tag in ("ul", "ol")) and not _FURNITURE.search(child.get("class", "")):
                gather(child)
            parts.append(child.tail or "")

    gather(element)
    return " ".join("".join(parts).split())


def _section(old: tuple[str, Block, list[Block]], new: tuple[str, Block, list[Block]]) -> Section:
    anchor, old_heading, old_blocks = old
    _, new_heading, new_blocks = new
    heading = _pair(old_heading, new_heading) if old_heading != new_heading else _same(new_heading)
    return Section(anchor, heading, _blocks(old_blocks, new_blocks))


def _one_side(section: tuple[str, Block, list[Block]], state: str) -> Section:
    anchor, heading, blocks = section
    return Section(anchor, _whole(heading, state), [_whole(block, state) for block in blocks])


def _blocks(old: list[Block], new: list[Block]) -> list[Change]:
    """The blocks of a section, matched old to new."""
    changes: list[Change] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            changes += [_same(block) for block in new[j1:j2]]
            continue
        removed, added = old[i1:i2], new[j1:j2]
        for index in range(max(len(removed), len(added))):
            before = removed[index] if index < len(removed) else None
            after = added[index] if index < len(added) else None
            if before is not None and after is not None and _alike(before, after):
                changes.append(_pair(before, after))
                continue
            changes += [_whole(before, REMOVED)] if before is not None else []
            changes += [_whole(after, ADDED)] if after is not None else []
    return changes


def _alike(before: Block, after: Block) -> bool:
    if (before.kind, before.depth, before.header) != (after.kind, after.depth, after.header):
        return False
    return difflib.SequenceMatcher(None, before.text.split(), after.text.split(), autojunk=False).ratio() >= _ALIKE


def _same(block: Block) -> Change:
    return Change(SAME, block, tuple((("", cell),) for cell in block.cells))


def _whole(block: Block, state: str) -> Change:
    op = "ins" if state == ADDED else "del"
    return Change(state, block, tuple(((op, cell),) for cell in block.cells))


def _pair(before: Block, after: Block) -> Change:
    """A block changed: each cell word by word (a row whose cells were added or taken
    away, cell by cell as far as both go)."""
    cells = []
    for index in range(max(len(before.cells), len(after.cells))):
        old = before.cells[index] if index < len(before.cells) else ""
        new = after.cells[index] if index < len(after.cells) else ""
        cells.append(words(old, new))
    return Change(CHANGED, after, tuple(cells))


def words(old: str, new: str) -> tuple[Segment, ...]:
    """``new`` as changed from ``old``, word by word: unchanged, inserted and deleted runs."""
    before, after = _WORD.findall(old), _WORD.findall(new)
    segments: list[Segment] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if op == "equal":
            segments.append(("", "".join(after[j1:j2])))
        if op in ("delete", "replace"):
            segments.append(("del", "".join(before[i1:i2])))
        if op in ("insert", "replace"):
            segments.append(("ins", "".join(after[j1:j2])))
    return tuple(_joined(segments))


def _joined(segments: list[Segment]) -> list[Segment]:
    """A space alone between two changes taken into both, so that "one two" changed to
    "three four" reads as one deletion and one insertion, not two of each."""
    out: list[Segment] = []
    for index, (op, text) in enumerate(segments):
        between = op == "" and not text.strip() and 0 < index < len(segments) - 1
        if between and segments[index - 1][0] and segments[index + 1][0]:
            out += [("del", text), ("ins", text)]
        else:
            out.append((op, text))
    return _merge_runs(out)


def _merge_runs(segments: list[Segment]) -> list[Segment]:
    """Deletions before insertions in each run of changes, each kind once."""
    out: list[Segment] = []
    run: dict[str, str] = {}
    for op, text in [*segments, ("", "")]:
        if op in ("ins", "del"):
            run[op] = run.get(op, "") + text
            continue
        out += [(kind, run[kind]) for kind in ("del", "ins") if run.get(kind)]
        run = {}
        if text:
            out.append((op, text))
    return out


# Where a moved block was: left out, as it is shown where it is now.
_LEFT = Change(REMOVED, Block("", ()), ())


def _moves(sections: list[Section]) -> list[Section]:
    """Blocks removed in one place and added, the same, in another: shown once, where
    they are now, as moved."""
    removed = {}
    for section in sections:
        for index, change in enumerate(section.changes):
            if change.state == REMOVED:
                removed.setdefault(change.block, (section, index))
    for number, section in enumerate(sections):
        for index, change in enumerate(section.changes):
            if change.state != ADDED or change.block not in removed:
                continue
            origin, old_index = removed.pop(change.block)
            left = origin.heading.block.text if origin is not section else ""
            up = sections.index(origin) > number if origin is not section else old_index > index
            section.changes[index] = Change(MOVED, change.block, _same(change.block).cells, left, up)
            origin.changes[old_index] = _LEFT
    for section in sections:
        section.changes = [c for c in section.changes if c is not _LEFT]
    return sections


def summary(sections: list[Section]) -> list[tuple[str, list[str]]]:
    """What changed, for a terminal: each changed section's headings (its path, with
    the sections above it), and a line for each change: ``added: "…"``, ``removed: "…"``,
    ``moved up: "…"``, ``changed: "… [-old-]{+new+} …"``."""
    out: list[tuple[str, list[str]]] = []
    path: list[str] = []
    for section in sections:
        path = [*path[: section.level - 2], section.heading.block.text]
        if not section.changed:
            continue
        lines = [] if section.heading.state == SAME else [f"heading {_line(section.heading)}"]
        lines += [_line(change) for change in section.changes if change.state != SAME]
        out.append((" › ".join(path), lines))
    return out


def _line(change: Change) -> str:
    if change.state == CHANGED:
        text = " | ".join("".join(f"[-{t}-]" if op == "del" else f"{{+{t}+}}" if op == "ins" else t for op, t in cell) for cell in change.cells)
        return f"changed: {text}"
    if change.state == MOVED:
        where = f'moved from "{change.moved_from}"' if change.moved_from else ("moved up" if change.moved_up else "moved down")
        return f'{where}: "{change.block.text}"'
    return f'{change.state}: "{change.block.text}"'
