"""Markdown for prose fields as HTML: the dialect's parser, then an allow-list sanitiser.

Content comes from many hands and is published, so nh3 keeps only the tags,
attributes and link targets listed here: no ``javascript:``, ``data:`` or
``file:`` links, no relative paths, no images. The parser, which passes no HTML
through, is ``checking.markdown``'s, which tells the author what is left out.
"""

from __future__ import annotations

import functools
import re

import nh3
from markupsafe import Markup

from govpack.checking.markdown import SCHEMES, allowed_link, parsed

TAGS = {"p", "br", "ul", "ol", "li", "strong", "em", "del", "code", "pre", "blockquote", "hr", "a"}  # pre: a code block, its lines as written; hr: a line of *** or ---
ATTRIBUTES = {"a": {"href"}, "ol": {"start"}}  # a numbered list may start at any number


def _keep_absolute_links(tag: str, attribute: str, value: str) -> str | None:
    if tag == "a" and attribute == "href":
        return value if allowed_link(value) else None
    return value


_HEADING = re.compile(r"<(h[1-6])>(.*?)</\1>", re.S)


@functools.lru_cache(maxsize=4096)  # each text is shown on screen and in print
def to_html(text: str) -> Markup:
    """Block HTML for a Markdown prose field, safe to place in any page."""
    # A heading inside a text is a bold line of it: the document's own headings make its outline.
    html = _HEADING.sub(r"<p><strong>\2</strong></p>", parsed(text).rstrip("\n"))  # placed in a page, as it ends
    return Markup(
        nh3.clean(
            html,
            tags=TAGS,
            attributes=ATTRIBUTES,
            attribute_filter=_keep_absolute_links,
            url_schemes=set(SCHEMES),
            link_rel="noopener noreferrer",
        )
    )


def to_inline_html(text: str) -> Markup:
    """Inline HTML for a short Markdown field: one paragraph without its <p>."""
    html = str(to_html(text)).strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return Markup(html)
