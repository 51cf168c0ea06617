"""Markdown for prose fields: raw HTML escaped, then an allow-list sanitiser.

Content comes from many hands and is published, so the Markdown parser never
passes HTML through (its HTML handlers are removed, so ``<script>`` becomes text),
and nh3 keeps only the tags, attributes and link targets listed here: no
``javascript:``, ``data:`` or ``file:`` links, no relative paths, no images.
``problems`` tells the author what of their text is not shown as they wrote it.
"""

from __future__ import annotations

import functools
import re

import markdown
import nh3
from markupsafe import Markup

TAGS = {"p", "br", "ul", "ol", "li", "strong", "em", "code", "blockquote", "a"}
ATTRIBUTES = {"a": {"href"}}
SCHEMES = {"https", "http", "mailto"}
_LINK_PREFIXES = ("https://", "http://", "mailto:")


_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]*)")
_LINK = re.compile(r"(?<!!)\[[^\]]*\]\(\s*<?([^)\s>]*)")
_HTML_TAG = re.compile(r"<\s*/?\s*([a-zA-Z][a-zA-Z0-9-]*)(?=[\s/>])")


def problems(text: str) -> list[str]:
    """What of a Markdown text a pack will not show as written, in words for its author."""
    found = [f"an image ({_short(url)}) is not shown: packs hold no images" for url in _IMAGE.findall(text)]
    tags = sorted({tag.lower() for tag in _HTML_TAG.findall(text)})
    if tags:
        found.append(f"HTML ({', '.join(f'<{tag}>' for tag in tags)}) is shown as text, not used")
    found += [
        f"the link to {_short(url)} is left out: links go to https:, http: or mailto: addresses"
        for url in _LINK.findall(text)
        if not url.strip().lower().startswith(_LINK_PREFIXES)
    ]
    return found


def _short(url: str) -> str:
    return url if len(url) <= 40 else url[:39] + "…"


def _keep_absolute_links(tag: str, attribute: str, value: str) -> str | None:
    if tag == "a" and attribute == "href":
        return value if value.strip().lower().startswith(_LINK_PREFIXES) else None
    return value


def _parser() -> markdown.Markdown:
    md = markdown.Markdown(extensions=["sane_lists"], output_format="html")
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return md


_MD = _parser()


@functools.lru_cache(maxsize=4096)  # each text is shown on screen and in print
def to_html(text: str) -> Markup:
    """Block HTML for a Markdown prose field, safe to place in any page."""
    html = _MD.reset().convert(text)
    return Markup(
        nh3.clean(
            html,
            tags=TAGS,
            attributes=ATTRIBUTES,
            attribute_filter=_keep_absolute_links,
            url_schemes=SCHEMES,
            link_rel="noopener noreferrer",
        )
    )


def to_inline_html(text: str) -> Markup:
    """Inline HTML for a short Markdown field: one paragraph without its <p>."""
    html = str(to_html(text)).strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return Markup(html)
