"""The Markdown prose fields are written in, and what of it a pack will not show.

The parser reads Markdown as the editors' previews authors look at show it
(CommonMark, as VS Code and GitHub do; bare addresses linked, ~~struck through~~),
and never passes HTML through: ``<script>`` is shown as text. ``problems`` tells the
author what of their text is not shown as they wrote it; rendering
(``rendering.markup``) uses the same parser and keeps the same links.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from markdown_it import MarkdownIt

# The one list of the link targets a pack keeps, whatever form the link was written in.
SCHEMES = ("https", "http", "mailto")


def allowed_link(url: str) -> bool:
    """Whether a pack keeps a link to ``url``: an absolute https:, http: or mailto: address."""
    return url.strip().lower().startswith(tuple(f"{scheme}:" for scheme in SCHEMES))


# What a link, an image, a tag or a table is written with: most texts have none.
_MAYBE_MARKUP = re.compile(r"[\[<|]")
# Where a code block may start: a text's first line or one after a blank line, indented
# (it cannot interrupt a paragraph), or a fence. Sought only in a text with four spaces,
# a tab or a fence in it: searching every text for it took five times as long as the rest.
_MAYBE_CODE = re.compile(r"(?:\A|\n[ \t]*\n)(?: {4}|\t)|^ {0,3}(?:```|~~~)", re.M)
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
    if not _MAYBE_MARKUP.search(text) and not (any(mark in text for mark in ("    ", "\t", "```", "~~~")) and _MAYBE_CODE.search(text)):
        return []
    found = []
    delimiter = _TABLE_DELIMITER.search(text)
    before = text[: delimiter.start()] if delimiter else ""
    header = before[:-1].rsplit("\n", 1)[-1] if before.endswith("\n") else ""  # the line straight above
    if delimiter and header.strip() and "|" in header + delimiter.group():
        found.append(("a table is printed as lines of text with | between the cells, not as a table: write its rows as a list", header.strip()))
    targets = _Targets()
    tokens = _PARSER.parse(text)
    html = _PARSER.renderer.render(tokens, _PARSER.options, {})
    targets.feed(html)
    images = dict.fromkeys(targets.images + _RAW_IMAGE.findall(text))
    found += [(f"an image ({_short(url)}) is not shown: packs hold no images", url) for url in images]
    tags = sorted({tag.lower() for tag in _HTML_TAG.findall(text)})
    if tags:
        found.append((f"HTML ({', '.join(f'<{tag}>' for tag in tags)}) is shown as text, not used", f"<{tags[0]}"))
    code = next((token for token in tokens if token.type in ("code_block", "fence") and token.map), None)
    if code is not None:
        found.append((
            "text indented four spaces or more, or between ``` lines, is printed as code, on lines of its own, as the preview shows it: if it is text, take the spaces or the ``` out",
            text.splitlines()[code.map[0]].strip(),  # its first line
        ))
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


def _parser() -> MarkdownIt:
    """CommonMark, as the previews read it (VS Code's is markdown-it, of which this is
    the port), with bare web and email addresses linked (linkify) and ~~struck
    through~~ (GitHub's strikethrough; ~ alone is left as written)."""
    md = MarkdownIt("commonmark", {"html": False, "linkify": True}).enable(["linkify", "strikethrough"])
    # Every link is made a link here, whatever its target: ``problems`` reports the
    # targets a pack leaves out, and the sanitiser (rendering.markup) takes them out.
    md.validateLink = lambda url: True
    # Struck-through text as <del>, as the sanitiser keeps it (markdown-it writes <s>).
    md.add_render_rule("s_open", lambda self, tokens, index, options, env: "<del>")
    md.add_render_rule("s_close", lambda self, tokens, index, options, env: "</del>")
    return md


_PARSER = _parser()


def parsed(text: str) -> str:
    """A Markdown text as HTML, as the previews show it, not yet sanitised: any HTML
    written in it is escaped, shown as text."""
    return _PARSER.render(text)
