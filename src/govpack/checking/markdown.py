"""The Markdown prose fields are written in, and what of it a pack will not show.

The parser reads Markdown as the editors' previews authors look at show it
(CommonMark, as VS Code and GitHub do; bare addresses linked, ~~struck through~~),
and never passes HTML through: ``<script>`` is shown as text. ``problems`` tells the
author what of their text is not shown as they wrote it; rendering
(``rendering.markup``) uses the same parser and keeps the same links.
"""

from __future__ import annotations

import re
import textwrap
from html.parser import HTMLParser

from linkify_it import LinkifyIt
from markdown_it import MarkdownIt

from govpack.reading.texts import shortened

# The one list of the link targets a pack keeps, whatever form the link was written in.
SCHEMES = ("https", "http", "mailto")


def allowed_link(url: str) -> bool:
    """Whether a pack keeps a link to ``url``: an absolute https:, http: or mailto: address."""
    return url.strip().lower().startswith(tuple(f"{scheme}:" for scheme in SCHEMES))


# What a text holds if it has any of the problems below: the mark of a link, an image,
# a tag, a table or a link's definition, or a tab; a code block's; or a line after the
# first marked as a list's. Most texts hold none. Sought one by one: as alternatives of
# one pattern they took three times as long.
_MAYBE_MARKUP = re.compile(r"[\[<|\t]")
# Stars around a part of a word or a figure ("5*3*2", "a*b*c"), which Markdown reads as
# italics, the stars not shown; "**bold**" and "2 * 3" are written as meant.
_STARRED = re.compile(r"([^\W_]+\*(?=[^\s*])[^*\n]*?(?<=[^\s*])\*[^\W_]+)")
_CODE_MARKS = ("    ", "```", "~~~")
# How Word marks a list's items, which Markdown does not: bullets; and, more often
# prose too, small letters and small Roman numbers (a capital is more often an
# initial), any of them or a number in brackets as a clause is numbered ("(2)"), and
# a dash (Word's AutoFormat makes "- " one).
_WORD_BULLETS = "[•▪◦‣●○■]"
_WORD_NUMBERS = r"(?:(?:[a-z]|[ivx]{1,5})[.)]|\((?:[a-z]|[ivx]{1,5}|\d{1,3})\)|[–—])"
_MARKED_LINE = re.compile(rf"\n[ \t>]*(?:\d{{1,9}}[.)]|{_WORD_NUMBERS}|{_WORD_BULLETS})")
# A line marked as Word marks a list's item, which Markdown reads as a line of the
# paragraph before it: a bullet; a letter or Roman number under a line ending in a
# colon, or beside another such line (alone it is as often "p. 12", "s. 47 enquiries"
# or "c. 1990" wrapped).
_PASTED_ITEM = re.compile(rf"^[ \t>]*(?:(?P<bullet>{_WORD_BULLETS})|{_WORD_NUMBERS})[ \t]+\S")
# A table's delimiter row, under its header row: "| --- | :---: |" or "--- | ---".
_TABLE_DELIMITER = re.compile(r"^ {0,3}\|?(?: *:?-+:? *\|)+ *:?-*:? *$", re.M)
_SCHEME_WORDS = ", ".join(f"{scheme}:" for scheme in SCHEMES[:-1]) + f" or {SCHEMES[-1]}:"
# A tag as HTML writes one, whole ("<b>", "</b>", "<a href=...>"): "costs < the limit" and
# "<the limit" are text, printed as they read.
_HTML_TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9-]*)(?:\s[^<>]*)?/?>")
# Anchors and images written as raw HTML, which is shown as text: their targets are reported too.
_RAW_LINK = re.compile(r"<\s*a\b[^>]*?\bhref\s*=\s*[\"']?([^\"'\s>]*)", re.IGNORECASE)
_RAW_IMAGE = re.compile(r"<\s*img\b[^>]*?\bsrc\s*=\s*[\"']?([^\"'\s>]*)", re.IGNORECASE)


class _Targets(HTMLParser):
    """The link and image targets of the HTML the Markdown parser made, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.images: list[str] = []
        self.words: dict[str, str] = {}  # each image's words (its alt text), which go with it

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href") is not None:
            self.links.append(values["href"] or "")
        elif tag == "img":
            self.images.append(values.get("src") or "")
            self.words.setdefault(self.images[-1], " ".join((values.get("alt") or "").split()))


def problems(text: str) -> list[tuple[str, str]]:
    """What of a Markdown text a pack will not show as written, in words for its author:
    each problem, and the text it is about (an address, a tag, a line), to find its line
    by. A table, an image, HTML, a code block, a link's definition no link uses, a list
    pasted from Word, a list's number printed as another, a link left out.

    Links, images, code blocks and lists are read from what the parser makes of the
    text, so every form is held to the same rule: links inline, reference-style,
    autolinks, and raw HTML (which is shown as text, its target reported as a link
    would be).
    """
    starred = _STARRED.search(text)
    if not (_MAYBE_MARKUP.search(text) or any(mark in text for mark in _CODE_MARKS) or _MARKED_LINE.search(text) or starred):
        return []  # (most texts)
    found = []
    if starred is not None:
        found.append((
            f"{starred.group(1)} is printed as {starred.group(1).replace('*', '')}, its middle in italics: a star between two characters "
            "marks italics; write × for times, or put a backslash before each star",
            starred.group(1),
        ))
    delimiter = _TABLE_DELIMITER.search(text)
    before = text[: delimiter.start()] if delimiter else ""
    header = before[:-1].rsplit("\n", 1)[-1] if before.endswith("\n") else ""  # the line straight above
    if delimiter and header.strip() and "|" in header + delimiter.group():
        found.append(("a table is not printed as a table: its rows run together in one paragraph, | and all: write its rows as a list", header.strip()))
    targets = _Targets()
    env: dict = {}
    tokens = _PARSER.parse(text, env)
    targets.feed(_PARSER.renderer.render(tokens, _PARSER.options, env))
    images = dict.fromkeys(targets.images + _RAW_IMAGE.findall(text))
    found += [
        (f"an image ({shortened(url, 40)}) is not shown, nor its words \"{targets.words[url]}\": packs hold no images: write what it shows as text", url)
        if targets.words.get(url) else (f"an image ({shortened(url, 40)}) is not shown: packs hold no images", url)
        for url in images
    ]
    tags = sorted({tag.lower() for tag in _HTML_TAG.findall(text)})
    if tags:
        found.append((f"HTML ({', '.join(f'<{tag}>' for tag in tags)}) is shown as text, not used", f"<{tags[0]}"))
    code = next((token for token in tokens if token.type in ("code_block", "fence") and token.map), None)
    if code is not None:
        found.append((
            "text indented four spaces or more, or between ``` lines, is printed as code, on lines of its own, as the preview shows it: if it is text, take the spaces or the ``` out",
            _line(text, code.map[0]).rstrip(),  # its first line, indented as it is (an item before it may say the same)
        ))
    found += [
        (f"{line} is read as the address of a link, and is not shown: if it is text, put a backslash before its [", line)
        for line in _unused_definitions(text, tokens, env)
    ]
    pasted = _pasted_item(_lines(text))
    if pasted is not None:
        found.append((
            "this line runs into the line before it: Markdown marks a list's lines - or 1., not with a bullet, a letter, a Roman number, a number in brackets or a long dash: start it with - or 1.",
            pasted,
        ))
    found += [
        (
            f'"{written}" at the start of this line is printed as the number {printed}: a numbered list counts on from its first item; '
            f"if {written[:-1]} belongs to the sentence, write {written[:-1]}\\{written[-1]} instead",
            _line(text, line).strip(),
        )
        for written, printed, line in _renumbered(tokens)
    ]
    if "<!--" in text:
        found.append(("an HTML comment (<!-- -->) is shown as text, not hidden: take it out, or write what it says", "<!--"))
    links = targets.links + _RAW_LINK.findall(text)
    found += [
        (f"the link to {shortened(url, 40)} is left out: links go to {_SCHEME_WORDS} addresses", url)
        for url in dict.fromkeys(links)
        if not allowed_link(url)
    ]
    return found


def _pasted_item(lines: list[str]) -> str | None:
    """The first line marked as Word marks a list's items (``_PASTED_ITEM``) straight
    under a line of text, which it runs into."""
    for number in range(1, len(lines)):
        marked = _PASTED_ITEM.match(lines[number])
        before = lines[number - 1].lstrip(" \t>").rstrip()
        if marked is None or not before or lines[number - 1].endswith(("  ", "\\")):
            continue  # a line of its own after a hard line break, as it reads
        after = lines[number + 1] if number + 1 < len(lines) else ""
        # A bracketed number or letter, or a dash, as often starts a wrapped line of a
        # clause ("section 47\n(1) of the Act"): a list's only under a line ending in a colon.
        weak = marked.group().lstrip(" \t>")[:1] in "(–—"
        if marked["bullet"] or before.endswith(":") or (not weak and (_PASTED_ITEM.match(after) or _PASTED_ITEM.match(before))):
            return lines[number].strip()
    return None


def _lines(text: str) -> list[str]:
    """The lines of ``text``, counted as the parser counts them (not at U+2028, say)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _line(text: str, number: int) -> str:
    """Line ``number`` (from 0) of ``text``, as the parser counts them."""
    lines = _lines(text)
    return lines[number] if number < len(lines) else ""


_LIST_ITEM_LINE = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")  # a line that may begin a list's item


def folded_list(lines: tuple[str, ...], text: str) -> list[tuple[str, str]]:
    """A list in a Markdown text whose lines YAML joined before Markdown read them, as
    ``problems`` gives it: ``lines`` are those of the file the text is written on (its
    key's first), ``text`` the text YAML read from them. Written in YAML's folded style
    (``en: >``), or without | (a plain or quoted text over several lines), a line end is
    read as a space, so a list written on its own lines is printed as one line."""
    # Most texts are written with |, which keeps every line end, or hold no line that
    # could begin a list: neither is parsed (parsing every text twice was half of check).
    if len(lines) < 2 or text.count("\n") >= len(lines) - 1 or not any(_LIST_ITEM_LINE.match(line) for line in lines[1:]):
        return []
    written = textwrap.dedent("\n".join(lines[1:]))
    items = [token for token in _PARSER.parse(written) if token.type == "list_item_open" and token.map]
    read = sum(token.type == "list_item_open" for token in _PARSER.parse(text))
    if len(items) <= read:
        return []  # every item written is an item as read (a literal |, or items apart in a >)
    # The first item that is not one as read: the items joined to the text before them,
    # or to the item before (a text of a list alone, "- a - b").
    return [(
        "this text's list is printed as one line: YAML joins the lines of a text written with > after its key, "
        "or without | after it, before Markdown reads them: write | after the key, and the text on the lines under it",
        _line(written, items[read].map[0] if read else items[0].map[0]).strip(),
    )]


# In a text that takes no Markdown: bold, and a line that would be a list's item.
_BOLD = re.compile(r"\*\*[^\s*](?:[^*]*?[^\s*])?\*\*")
_ITEM_LINE = re.compile(r"^[ \t]*(?:[-*+•]|\d{1,9}[.)])[ \t]+\S")


def plain_problems(text: str) -> list[tuple[str, str]]:
    """What of a text in a field that takes no Markdown is printed otherwise than it
    reads: such a text is printed as one paragraph, as written, so Markdown's bold is
    printed with its stars, and a list's lines and paragraphs are run together. A list
    is two lines marked as items, or one under a line ending in a colon: a wrapped line
    that starts with a year or a dash is prose. Each problem, and the line it is about."""
    if "\n" not in text.strip() and "**" not in text:
        return []  # one line, no bold: printed as it reads (most texts)
    bold = _BOLD.search(text)
    if bold is not None:
        return [("this text takes no Markdown: it is printed as written, so **bold** is printed with its stars: take them out", _line_at(text, bold.start()))]
    lines = [line.strip() for line in _lines(text.strip())]
    for number, line in enumerate(lines[1:], 1):
        if _ITEM_LINE.match(line) and (lines[number - 1].endswith(":") or (number + 1 < len(lines) and _ITEM_LINE.match(lines[number + 1]))):
            return [("this text takes no Markdown: it is printed as one paragraph, so its list's lines run together: write it as sentences", line)]
    paragraphs = [part.strip() for part in re.split(r"\n[ \t]*\n", text.strip())]
    if len(paragraphs) > 1:
        return [("this text takes no Markdown: it is printed as one paragraph, its paragraphs run together: write it as one", paragraphs[1].split("\n")[0])]
    return []


def _line_at(text: str, index: int) -> str:
    """The line of ``text`` that character ``index`` is on, without its indentation."""
    return text[text.rfind("\n", 0, index) + 1 :].split("\n", 1)[0].strip()


def _renumbered(tokens: list) -> list[tuple[str, int, int]]:
    """The items of numbered lists printed with another number than the one written
    (CommonMark numbers a list on from its first item): each item's number as written,
    with its mark, the number printed, and its line. An item numbered as its list's
    first (``1.`` each time, as some number every item) is left: that is how it is meant."""
    renumbered = []
    lists: list[list[int] | None] = []  # each open list: its start and items so far; None for a bulleted one
    for token in tokens:
        if token.type in ("ordered_list_open", "bullet_list_open"):
            start = token.attrGet("start")  # none: from 1 (0 is a start)
            lists.append([int(start) if start is not None else 1, 0] if token.type == "ordered_list_open" else None)
        elif token.type in ("ordered_list_close", "bullet_list_close"):
            lists.pop()
        elif token.type == "list_item_open" and lists and lists[-1] is not None and token.info:
            start, items = lists[-1]
            lists[-1][1] += 1
            if int(token.info) not in (start + items, start) and token.map:
                renumbered.append((f"{token.info}{token.markup}", start + items, token.map[0]))
    return renumbered


def _unused_definitions(text: str, tokens: list, env: dict) -> list[str]:
    """The lines of the link definitions (``[Chair]: Jones``) no link of the text uses: a
    definition is never shown, so one that no link names is text lost."""
    used = {token.attrGet("href") for block in tokens for token in block.children or [] if token.type == "link_open"}
    unused = [label for label, reference in env.get("references", {}).items() if reference["href"] not in used]
    lines = [line.strip() for line in _lines(text)]
    # The parser keeps each label folded to capitals, its white space made one space.
    return [next((line for line in lines if " ".join(line.upper().split()).startswith(f"[{label}]:")), f"[{label}]:") for label in unused]


def _parser() -> MarkdownIt:
    """CommonMark, as the previews read it (VS Code's is markdown-it, of which this is
    the port), with bare web and email addresses linked (linkify) and ~~struck
    through~~ (GitHub's strikethrough; ~ alone is left as written)."""
    md = MarkdownIt("commonmark", {"html": False, "linkify": True}).enable(["linkify", "strikethrough"])
    md.linkify = _Linkify()
    # A link's text as written: markdown-it shows an address decoded (%20 as a space,
    # punycode as the letters it stands for, which may mimic another address's).
    md.normalizeLinkText = lambda url: url
    # Every link is made a link here, whatever its target: ``problems`` reports the
    # targets a pack leaves out, and the sanitiser (rendering.markup) takes them out.
    md.validateLink = lambda url: True
    # Struck-through text as <del>, as the sanitiser keeps it (markdown-it writes <s>).
    md.add_render_rule("s_open", lambda self, tokens, index, options, env: "<del>")
    md.add_render_rule("s_close", lambda self, tokens, index, options, env: "</del>")
    return md


class _Linkify(LinkifyIt):
    """Bare addresses made links as GitHub and the earlier previews make them: a web
    address written with https:, http: or www., and an email address; not a file's or
    a place's name that ends like a domain (``app.py``, ``St.Davids.uk``)."""

    def match(self, text: str) -> list | None:
        kept = [
            found for found in super().match(text) or []
            if found.schema in ("https:", "http:", "mailto:") or (not found.schema and found.raw.lower().startswith("www."))
        ]
        return kept or None


_PARSER = _parser()


def parsed(text: str) -> str:
    """A Markdown text as HTML, as the previews show it, not yet sanitised: any HTML
    written in it is escaped, shown as text."""
    return _PARSER.render(text)
