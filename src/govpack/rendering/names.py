"""What outputs are called and for whom: the audiences, the media a page is
rendered for, and the file names of documents and index pages, which templates
link by and writers write to."""

from __future__ import annotations

from typing import TYPE_CHECKING

from govpack.reading.texts import SOURCE_LANGUAGE, languages

if TYPE_CHECKING:
    from govpack.reading.assemble import Organisation

SCREEN = "screen"  # the media: a web page, or the source of a PDF
PRINT = "print"
INTERNAL = "internal"  # the audiences: members, and the public
PUBLIC = "public"
# The stem of an organisation's calendar (rendering.calendar): calendar.<lang>.ics,
# which no document's file (.html, .pdf) can be.
CALENDAR = "calendar"


def filename(slug: str, lang: str, fmt: str) -> str:
    """The output file name of a document (or ``pack``) in one language and format."""
    return f"{slug}.{lang}.{fmt}"


def meeting_pack(slug: str) -> str:
    """The name of the pack of a meeting's papers (``rendering.packs``), by the slug
    of the meeting's record: ``<body>-<YYYY-MM-DD>-pack``."""
    return f"{slug}-pack"


def page_name(stem: str, lang: str) -> str:
    """The file name of an index page (``index``, ``accessibility``) in ``lang``:
    English has the plain name, which web servers open first."""
    return f"{stem}.html" if lang == SOURCE_LANGUAGE else f"{stem}.{lang}.html"


def organisation_index(org: Organisation, lang: str) -> str:
    """The file name of an organisation's own index page in ``lang``: its first
    language's is ``index.html``, so that its folder opens on one."""
    return "index.html" if lang == languages(org)[0] else page_name("index", lang)
