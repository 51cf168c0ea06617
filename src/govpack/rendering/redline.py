"""Redline: what changed between two renderings of a document, section by section.

Both versions are compared as they print (the ``<main>`` of their pages), so the
changes come in the order the document gives its fields, under the headings a reader
knows them by, in the page's language, for every document type alike. Each page is
read as blocks: headings, paragraphs, list items (with their depth), table rows (cell
by cell), terms and definitions. Sections are matched by their headings' anchors,
which the templates make from the field names, so a heading reworded is a heading
changed, not a section removed and another added.

Within a section, blocks are matched with Python's own ``difflib``: a block on one
side only is added or removed, a pair that still shares most of its words is
changed, word by word (``word_diff``), and a block removed in one place and added
unchanged in another is moved, not a deletion and an insertion.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field, replace
from urllib.parse import unquote

from lxml import html as lxml_html

from govpack.checking.markdown import allowed_link
from govpack.rendering.word_diff import Segment, words

SAME, ADDED, REMOVED, CHANGED, MOVED = "same", "added", "removed", "changed", "moved"
# A pair of blocks that keep less than this of the shorter one's words is a removal and an addition.
_ALIKE = 0.5
# How many of the blocks added after the last pair an old block is compared with.
_WINDOW = 12
_HEADINGS = {"h2", "h3", "h4", "h5", "h6"}
# Elements whose edges part words: a line break, and blocks.
_APART = {"br", "p", "div", "li", "ul", "ol", "dt", "dd", "td", "th", "blockquote", "pre", "table", "tr"}
_TEXTS = {"p", "dt", "dd", "caption", "pre", "figcaption"}
# What a page shows around a document's own text, which is not the document's to change.
_FURNITURE = re.compile(r"\b(lede|status-mark|doc-title|visually-hidden|cover)\b")
_SCHEME = re.compile(r"^(?:mailto:|https?://)", re.IGNORECASE)  # a bare address linked is shown without it


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
    where that is another; ``moved_up`` which way it moved within its own;
    ``changed_too`` whether it was reworded as well."""

    state: str
    block: Block
    cells: tuple[tuple[Segment, ...], ...]
    moved_from: str = ""
    moved_up: bool = False
    changed_too: bool = False  # moved, and its words changed: ``cells`` mark them


@dataclass
class Section:
    """A heading and the blocks under it, up to the next heading."""

    anchor: str
    heading: Change
    changes: list[Change] = field(default_factory=list)

    @property
    def level(self) -> int:
        return int(self.heading.block.kind[1])

    # Whether a section under this one changed (set by ``compare``): its heading is not "unchanged".
    changed_below: bool = False

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
    each block marked as it changed (pages: a document's rendered HTML).

    Sections are matched by their headings as read, under the headings above them; a
    heading reworded in place keeps its anchor, which the templates make from the
    field's name, so it is matched by that; a section that moved, by its words."""
    old, new = _sections(old_page), _sections(new_page)
    sections: list[Section] = []
    read: dict[int, _Read] = {}  # the sections on one side only, as read

    def one_side(section: _Read, state: str) -> Section:
        made = Section(section.anchor, _whole(section.heading, state), [_whole(block, state) for block in section.blocks])
        read[id(made)] = section
        return made

    matcher = difflib.SequenceMatcher(None, [s.path for s in old], [s.path for s in new], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            sections += [_section(old[i], new[j]) for i, j in zip(range(i1, i2), range(j1, j2))]
            continue
        gone = {s.anchor: s for s in old[i1:i2]}
        came = []
        for section in new[j1:j2]:
            before = gone.get(section.anchor)
            if before is not None and before.heading.kind == section.heading.kind:
                came.append(_section(gone.pop(section.anchor), section))
            else:
                came.append(one_side(section, ADDED))
        sections += [one_side(section, REMOVED) for section in gone.values()] + came
    return _below(_moves(_moved_sections(sections, read)))


def _below(sections: list[Section]) -> list[Section]:
    """``sections``, each marked where a section under it changed."""
    for index, section in enumerate(sections):
        for later in sections[index + 1 :]:
            if later.level <= section.level:
                break
            if later.changed:
                section.changed_below = True
                break
    return sections


@dataclass(frozen=True)
class _Read:
    """A section as read from a page: its heading's anchor, the headings down to its
    own (``path``), its heading, its blocks."""

    anchor: str
    path: tuple[str, ...]
    heading: Block
    blocks: list[Block]


def _moved_sections(sections: list[Section], read: dict[int, _Read]) -> list[Section]:
    """A section removed in one place and added, under the same heading, in another:
    shown once, where it is now, as moved, and compared with what it was (``read``:
    the sections on one side only, as read, by their Section's id)."""
    removed: dict[str, Section] = {}
    for section in sections:
        if section.heading.state == REMOVED:
            removed.setdefault(section.heading.block.text, section)
    taken: set[int] = set()
    out = []
    moving = 0  # the level of the section moving, whose sections under it move with it
    for index, section in enumerate(sections):
        if moving and section.level <= moving:
            moving = 0
        then = removed.get(section.heading.block.text) if section.heading.state == ADDED else None
        if then is None or id(then) in taken:
            out.append(section)
            continue
        taken.add(id(then))
        moved = _section(read[id(then)], read[id(section)])
        if moving:  # under a section that moved: said there
            out.append(moved)
            continue
        moving = section.level
        up = next(i for i, s in enumerate(sections) if s is then) > index
        out.append(Section(moved.anchor, Change(MOVED, moved.heading.block, moved.heading.cells, "", up), moved.changes))
    return [section for section in out if id(section) not in taken]


def _sections(page: str) -> list[_Read]:
    """Each section of a page, as read."""
    main = lxml_html.document_fromstring(page).find(".//main")
    blocks: list[tuple[str | None, Block]] = []
    _walk(main, 0, blocks)
    sections: list[_Read] = []
    above: list[Block] = []  # the headings over the current one, by level
    for anchor, block in blocks:
        if anchor is not None:
            above = [*[h for h in above if h.kind < block.kind], block]
            sections.append(_Read(anchor, tuple(f"{h.kind} {h.text}" for h in above), block, []))
        elif sections:
            sections[-1].blocks.append(block)
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
        # A line break, and the edges of a block (an item of a list in a table's cell), read as a space.
        apart = " " if node.tag in _APART else ""
        parts.append(apart + (node.text or ""))
        for child in node:
            if isinstance(child.tag, str) and not (own and child.tag in ("ul", "ol")) and not _FURNITURE.search(child.get("class", "")):
                gather(child)
            parts.append(child.tail or "")
        parts.append(_address(node) + apart)

    gather(element)
    return " ".join("".join(parts).split())


def _address(node: lxml_html.HtmlElement) -> str:
    """Where an author's link goes, " (https://...)", unless its text says it: it is approved too."""
    address = unquote(node.get("href") or "") if node.tag == "a" else ""  # a page's own links (a role, an item) are not the author's
    shown = " ".join(node.text_content().split())
    return f" ({address})" if allowed_link(address) and _SCHEME.sub("", address) != _SCHEME.sub("", shown) else ""


def _section(old: _Read, new: _Read) -> Section:
    heading = _pair(old.heading, new.heading) if old.heading != new.heading else _same(new.heading)
    return Section(new.anchor, heading, _blocks(old.blocks, new.blocks))


def _blocks(old: list[Block], new: list[Block]) -> list[Change]:
    """The blocks of a section, matched old to new: where a run of blocks differs, each
    old one is paired with the most alike new one after the last paired (a list item
    edited among items added stays one change), and the rest are removed or added."""
    changes: list[Change] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            changes += [_same(block) for block in new[j1:j2]]
            continue
        removed, added = old[i1:i2], new[j1:j2]
        pairs: dict[int, int] = {}  # added index: removed index
        start = 0
        for index, before in enumerate(removed):
            # Within a window: a long table changed throughout stays quick to compare.
            scores = [(_alike(before, after), j) for j, after in enumerate(added[start : start + _WINDOW], start)]
            best = max(scores, default=(0.0, -1))
            if best[0] >= _ALIKE:
                pairs[best[1]] = index
                start = best[1] + 1
        left = 0  # the removed blocks not yet placed: each before what was added in its stretch
        for j, after in enumerate(added):
            upto = min((pairs[k] for k in pairs if k >= j), default=len(removed))
            changes += [_whole(block, REMOVED) for block in removed[left:upto]]
            left = max(left, upto)
            if j in pairs:
                changes.append(_pair(removed[pairs[j]], after))
                left = pairs[j] + 1
            else:
                changes.append(_whole(after, ADDED))
        changes += [_whole(block, REMOVED) for block in removed[left:]]
    return changes


def _alike(before: Block, after: Block) -> float:
    """How alike two blocks are, 0 to 1: the share of the shorter one's words the other
    keeps in order (an added sentence leaves a paragraph alike); 0 for blocks of another
    kind or depth."""
    if (before.kind, before.depth, before.header) != (after.kind, after.depth, after.header):
        return 0.0
    old, new = before.text.split(), after.text.split()
    if not old or not new:
        return 0.0
    kept = sum(size for *_, size in difflib.SequenceMatcher(None, old, new, autojunk=False).get_matching_blocks())
    return kept / min(len(old), len(new))


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


# Where a moved block was: left out, as it is shown where it is now.
_LEFT = Change(REMOVED, Block("", ()), ())


def _moves(sections: list[Section]) -> list[Section]:
    """Blocks removed in one place and added, the same, in another: shown once, where
    they are now, as moved."""
    removed = {}
    for number, section in enumerate(sections):
        for index, change in enumerate(section.changes):
            if change.state == REMOVED:
                removed.setdefault(change.block, (section, number, index))
    for number, section in enumerate(sections):
        for index, change in enumerate(section.changes):
            if change.state != ADDED or change.block not in removed:
                continue
            origin, at, old_index = removed.pop(change.block)
            left = origin.heading.block.text if origin is not section else ""
            up = at > number if origin is not section else old_index > index
            section.changes[index] = Change(MOVED, change.block, _same(change.block).cells, left, up)
            origin.changes[old_index] = _LEFT
    for section in sections:
        _moved_and_changed(section)
        section.changes = [c for c in section.changes if c is not _LEFT]
    return sections


def _moved_and_changed(section: Section) -> None:
    """Within a section, a block removed in one place and added, much alike, in another
    (a list item moved and reworded): shown once, where it is now, as moved and changed."""
    removed = [index for index, change in enumerate(section.changes) if change.state == REMOVED]
    added = [index for index, change in enumerate(section.changes) if change.state == ADDED]
    if len(removed) * len(added) > _WINDOW * _WINDOW * 4:  # a table rewritten: removed and added as they are
        return
    for index in added:
        after = section.changes[index].block
        best = max(((_alike(section.changes[old].block, after), old) for old in removed), default=(0.0, -1))
        if best[0] < _ALIKE:
            continue
        before = section.changes[best[1]].block
        section.changes[index] = replace(_pair(before, after), state=MOVED, moved_up=best[1] > index, changed_too=True)
        section.changes[best[1]] = _LEFT
        removed.remove(best[1])


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


def _marked(change: Change) -> str:
    """A change's words, deletions as ``[-…-]`` and insertions as ``{+…+}``, cells apart."""
    return " | ".join("".join(f"[-{t}-]" if op == "del" else f"{{+{t}+}}" if op == "ins" else t for op, t in cell) for cell in change.cells)


def _line(change: Change) -> str:
    if change.state == CHANGED:
        return f"changed: {_marked(change)}"
    if change.state == MOVED:
        where = f'moved from "{change.moved_from}"' if change.moved_from else ("moved up" if change.moved_up else "moved down")
        return f"{where} and changed: {_marked(change)}" if change.changed_too else f'{where}: "{change.block.text}"'
    return f'{change.state}: "{change.block.text}"'
