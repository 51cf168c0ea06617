"""The Markdown prose fields are written in, and what of it a pack will not show.

The parser reads Markdown as the editors' previews authors look at show it
(CommonMark lists, bare addresses linked, ~~struck through~~), and never passes HTML
through: its HTML handlers are removed, so ``<script>`` becomes text. ``problems``
tells the author what of their text is not shown as they wrote it; rendering
(``rendering.markup``) uses the same parser and keeps the same links.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from xml.etree import ElementTree

import markdown
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

# The one list of the link targets a pack keeps, whatever form the link was written in.
SCHEMES = ("https", "http", "mailto")


def allowed_link(url: str) -> bool:
    """Whether a pack keeps a link to ``url``: an absolute https:, http: or mailto: address."""
    return url.strip().lower().startswith(tuple(f"{scheme}:" for scheme in SCHEMES))


_MAYBE_MARKUP = re.compile(r"[\[<|]")
# A table's delimiter row, under its header row: "| --- | :---: |" or "--- | ---".
_TABLE_DELIMITER = re.compile(r"^ {0,3}\|?(?: *:?-+:? *\|)+ *:?-*:? *$", re.M)
_SCHEME_WORDS = ", ".join(f"{scheme}:" for scheme in SCHEMES[:-1]) + f" or {SCHEMES[-1]}:"
_HTML_TAG = re.compile(r"<\s*/?\s*([a-zA-Z][a-zA-Z0-9-]*)(?=[\s/>])")
# Anchors and images written as raw HTML, which is shown as text: their targets are reported too.
_RAW_LINK = re.compile(r"<\s*a\b[^>]*?\bhref\s*=\s*[\"']?([^\"'\s>]*)", re.IGNORECASE)
_RAW_IMAGE = re.compile(r"<\s*img\b[^>]*?\bsrc\s*=\s*[\"']?([^\"'\s>]*)", re.IGNORECASE)


class _Targets(HTMLParser):
    """The link and image targets of the HTML the Markdown parser made, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.images: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href") is not None:
            self.links.append(values["href"] or "")
        elif tag == "img":
            self.images.append(values.get("src") or "")


def problems(text: str) -> list[tuple[str, str]]:
    """What of a Markdown text a pack will not show as written, in words for its author:
    each problem, and the text it is about (an address, a tag), to find its line by.

    Links and images are read from what the parser makes of the text, so every form
    is held to the same rule: inline, reference-style, autolinks, and raw HTML
    (which is shown as text, its target reported as a link would be).
    """
    if not _MAYBE_MARKUP.search(text):
        return []  # no link, image, tag or table can be written without one of these (most texts)
    found = []
    delimiter = _TABLE_DELIMITER.search(text)
    before = text[: delimiter.start()] if delimiter else ""
    header = before[:-1].rsplit("\n", 1)[-1] if before.endswith("\n") else ""  # the line straight above
    if delimiter and header.strip() and "|" in header + delimiter.group():
        found.append(("a table is printed as lines of text with | between the cells, not as a table: write its rows as a list", header.strip()))
    targets = _Targets()
    targets.feed(PARSER.reset().convert(text))
    images = dict.fromkeys(targets.images + _RAW_IMAGE.findall(text))
    found += [(f"an image ({_short(url)}) is not shown: packs hold no images", url) for url in images]
    tags = sorted({tag.lower() for tag in _HTML_TAG.findall(text)})
    if tags:
        found.append((f"HTML ({', '.join(f'<{tag}>' for tag in tags)}) is shown as text, not used", f"<{tags[0]}"))
    if "<!--" in text:
        found.append(("an HTML comment (<!-- -->) is shown as text, not hidden: take it out, or write what it says", "<!--"))
    links = targets.links + _RAW_LINK.findall(text)
    found += [
        (f"the link to {_short(url)} is left out: links go to {_SCHEME_WORDS} addresses", url)
        for url in dict.fromkeys(links)
        if not allowed_link(url)
    ]
    return found


def _short(url: str) -> str:
    return url if len(url) <= 40 else url[:39] + "…"


_ITEM = re.compile(r"^( *)([-*+]|\d{1,9}[.)])[ \t]+\S")
_BACKSLASH_BREAK = re.compile(r"(?<!\\)(?:\\\\)*\\$")  # an odd number of backslashes ends the line


class _ListsAsPreviewed(Preprocessor):
    """Lists as the editors' previews authors look at (CommonMark: VS Code, GitHub)
    show them, which Python-Markdown reads otherwise:

    - a list straight under its lead-in line, with no blank line between, is a list
      (Python-Markdown: part of the paragraph, dashes and all), if it is a bulleted
      list or a numbered one starting at 1, as CommonMark has it: a line of a
      paragraph that starts "2027. " is not a list;
    - a list item indented by two or three spaces under another is nested in it
      (Python-Markdown: nested only at four);
    - a numbered item straight after a bulleted one, or a bulleted after a numbered,
      starts a list of its own, at any depth (Python-Markdown: a line of the item
      before). Within another list, Python-Markdown ends the nested list only at a
      blank line, which makes the items around it paragraphs; ``_TightLists`` takes
      those paragraphs away again where the author wrote no blank line in a list;
    - an item numbered "1)" is numbered as "1." is (Python-Markdown: a paragraph, its
      lines joined); a change from one to the other continues the list;
    - a backslash at the end of a line breaks the line (Python-Markdown: a backslash).

    It writes the blank lines, the four spaces and the "1." Python-Markdown needs.
    """

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        indents: list[int] = []  # of the open list items' markers, outermost first
        numbered: list[bool] = []  # whether each of those lists is numbered
        # The depth of a nested list a blank line was written into, if one was: the next
        # item less deep needs one too, or Python-Markdown runs it into the item before.
        loosened = 0
        self.md.lists_loosened = False  # whether it wrote a blank line into a list no author's blank line made loose
        loose = False
        after_blank = True
        for line in lines:
            if not line.strip():
                out.append(line)
                after_blank = True
                continue
            # An author's blank line within a list (an item or an indented line follows it).
            loose = loose or bool(after_blank and indents and (line.startswith((" ", "\t")) or _ITEM.match(line)))
            if _BACKSLASH_BREAK.search(line):
                line = line[:-1] + "  "  # the two trailing spaces Python-Markdown breaks a line at
            item = _ITEM.match(line)
            if item is None:
                if after_blank and not line.startswith(" "):
                    # A paragraph of its own ends the list; a line straight after an item continues it.
                    indents, numbered, loosened = [], [], 0
                out.append(line)
                after_blank = False
                continue
            indent, marker = len(item.group(1)), item.group(2)
            is_numbered = marker[0].isdigit()
            opens = not indents or indent >= indents[-1] + 2  # a list of its own, not an item of one
            if opens and not after_blank and is_numbered and marker[:-1] != "1":
                out.append(line)  # "31 March\n2027. A practice ...": a number, not a list
                continue
            if not indents and not after_blank:
                out.append("")  # the lead-in line's paragraph ends here
            while indents and indent < indents[-1]:
                indents.pop()
                numbered.pop()
            if loosened > len(indents):
                if not after_blank:
                    out.append("")
                loosened = len(indents) if len(indents) > 1 else 0  # and so does each less deep after it
            if not indents or indent >= indents[-1] + 2:  # (``opens``, once less deep lists are closed)
                indents.append(indent)
                numbered.append(is_numbered)
            elif numbered[-1] != is_numbered:
                out.append("")  # another kind of list begins
                numbered[-1] = is_numbered
                if len(indents) > 1:
                    loosened = len(indents)
                    self.md.lists_loosened = True
            if marker.endswith(")"):
                line = line[: item.end(2) - 1] + "." + line[item.end(2) :]
            out.append(" " * (4 * (len(indents) - 1)) + line.lstrip(" "))
            after_blank = False
        self.md.lists_loosened = self.md.lists_loosened and not loose
        return out


class _TightLists(Treeprocessor):
    """The lists a blank line of ``_ListsAsPreviewed`` made loose, tight again as written:
    each item's paragraphs unwrapped, where no blank line of the author's made a list loose."""

    def run(self, root: ElementTree.Element) -> None:
        if not getattr(self.md, "lists_loosened", False):
            return
        for item in root.iter("li"):
            for paragraph in [child for child in item if child.tag == "p"]:
                _unwrap(item, paragraph)


def _unwrap(parent: ElementTree.Element, child: ElementTree.Element) -> None:
    """``child`` taken out of ``parent``, its text and elements left where it was."""
    index = list(parent).index(child)
    before = parent[index - 1] if index else None
    text = child.text or ""
    if before is None:
        parent.text = (parent.text or "") + text
    else:
        before.tail = (before.tail or "") + text
    parent.remove(child)
    for offset, element in enumerate(child):
        parent.insert(index + offset, element)
    last = parent[index + len(child) - 1] if len(child) else before
    tail = child.tail or ""
    if last is None:
        parent.text = (parent.text or "") + tail
    else:
        last.tail = (last.tail or "") + tail


def _parser() -> markdown.Markdown:
    # The previews link bare web and email addresses (pymdownx.magiclink) and strike
    # through ~~text~~ (pymdownx.tilde); ~ alone is left as written.
    md = markdown.Markdown(
        extensions=["sane_lists", "pymdownx.magiclink", "pymdownx.tilde"],
        extension_configs={"pymdownx.tilde": {"subscript": False}},
        output_format="html",
    )
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    md.preprocessors.register(_ListsAsPreviewed(md), "lists_as_previewed", 25)
    md.treeprocessors.register(_TightLists(md), "tight_lists", 15)  # after the inline patterns (20)
    return md


PARSER = _parser()
