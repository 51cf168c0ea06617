"""Render stage: validated organisations to HTML, for the screen and for print.

One template per document type under templates/, over a base layout. Templates
autoescape everything and fail on an undefined name; prose fields go through
``markup.to_html``. The same template serves both media, so a page and its PDF
show the same content in the same order; ``medium`` only adds the cover page
and print furniture, or the site navigation.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined

from ._version import __version__
from .assemble import Document, Organisation
from .i18n import LABELS, format_date, format_money, label
from .markup import to_html, to_inline_html

SCREEN = "screen"
PRINT = "print"
INTERNAL = "internal"  # the audiences: members, and the public
PUBLIC = "public"


def filename(slug: str, lang: str, fmt: str) -> str:
    """The output file name of a document (or ``pack``) in one language and format."""
    return f"{slug}.{lang}.{fmt}"


@dataclass(frozen=True)
class OrganisationView:
    """An organisation as templates see it: its data, and its references resolved."""

    org: Organisation

    @property
    def slug(self) -> str:
        return self.org.slug

    @property
    def data(self) -> dict[str, Any]:
        return self.org.data

    @property
    def name(self) -> str:
        return self.org.data["name"]

    def person(self, slug: str) -> dict[str, Any]:
        return self.org.data["people"][slug]

    def organisation(self, slug: str) -> dict[str, Any]:
        members = self.org.data["members"]
        return members[slug] if slug in members else self.org.data["partners"][slug]

    def body(self, slug: str) -> dict[str, Any]:
        return self.org.data["bodies"][slug]

    def document(self, slug: str) -> Document:
        return next(doc for doc in self.org.documents if doc.slug == slug)

    def has_document(self, slug: str) -> bool:
        """Whether the document is among these: the public set has the approved ones only."""
        return any(doc.slug == slug for doc in self.org.documents)

    def role_description(self, body: str, role: str) -> Document | None:
        """The role descriptions of ``body`` that describe ``role``, if there are any."""
        return next(
            (doc for doc in self.org.documents if doc.type == "role-description" and doc.data["body"] == body and role in doc.data["roles"]),
            None,
        )


class Renderer:
    """Renders pages from the templates folder of a project."""

    def __init__(self, templates: Path, cache: Path | None = None) -> None:
        """``cache``: a folder to keep compiled templates in from one run to the next."""
        env = Environment(
            loader=FileSystemLoader(templates),
            bytecode_cache=FileSystemBytecodeCache(_folder(cache)) if cache else None,
            # Every template is HTML: escape everything, whatever its suffix.
            autoescape=True,
            undefined=StrictUndefined,
            extensions=["jinja2.ext.i18n"],
            trim_blocks=True,
            lstrip_blocks=True,
        )
        env.install_null_translations(newstyle=True)  # type: ignore[attr-defined]
        env.filters.update(md=to_html, md_inline=to_inline_html, date=format_date, money=format_money)
        env.globals.update(label=label, filename=filename, version=__version__)
        self.env = env

    def document(self, org: Organisation, doc: Document, lang: str, medium: str, audience: str = INTERNAL) -> str:
        """One document as a page (``screen``) or as the source of its PDF (``print``)."""
        return self._render(
            f"{doc.type}.html.j2",
            org=OrganisationView(org),
            doc=doc,
            data=doc.data,
            control=doc.control,
            lang=lang,
            audience=audience,
            **({"medium": PRINT, "root": "", "assets": ""} if medium == PRINT else _screen(1)),
        )

    def pack_front(self, org: Organisation, contents: list[tuple[Document, int]], lang: str) -> str:
        """The cover and contents pages of an organisation's combined pack."""
        return self._render(
            "pack.html.j2", org=OrganisationView(org), contents=contents, lang=lang, medium=PRINT, audience=INTERNAL, root="", assets=""
        )

    def organisation_index(self, org: Organisation, lang: str, sizes: dict[str, int]) -> str:
        """The page listing every document of one organisation, HTML and PDF."""
        return self._render("organisation.html.j2", org=OrganisationView(org), lang=lang, sizes=sizes, audience=INTERNAL, **_screen(1))

    def site_index(self, organisations: list[Organisation], lang: str) -> str:
        """The page listing every organisation."""
        views = [OrganisationView(org) for org in organisations]
        return self._render("index.html.j2", organisations=views, lang=lang, audience=INTERNAL, **_screen(0))

    def guide(self, entries: list[Any], organisations: list[Organisation], changes: dict[str, Any], lang: str) -> str:
        """The guide to information: every published document, by class, then organisation."""
        views = [OrganisationView(org) for org in organisations]
        classes = list(LABELS["ico_class"])
        return self._render(
            "guide.html.j2", entries=entries, classes=classes, organisations=views, changes=changes, lang=lang, audience=PUBLIC, **_screen(0)
        )

    def public_organisation(self, org: Organisation, entries: list[Any], lang: str) -> str:
        """One organisation's page of the guide to information."""
        classes = list(LABELS["ico_class"])
        return self._render(
            "public-organisation.html.j2", org=OrganisationView(org), entries=entries, classes=classes, lang=lang, audience=PUBLIC, **_screen(1)
        )

    def accessibility(self, organisations: list[Organisation], today: str, lang: str) -> str:
        """The accessibility statement of the published set."""
        views = [OrganisationView(org) for org in organisations]
        return self._render("accessibility.html.j2", organisations=views, today=today, lang=lang, audience=PUBLIC, **_screen(0))

    def _render(self, template: str, **context: Any) -> str:
        return self.env.get_template(template).render(**context)


def _screen(depth: int) -> dict[str, str]:
    """Where a screen page stands: ``depth`` folders below its audience's root."""
    root = "../" * depth
    return {"medium": SCREEN, "root": root, "assets": f"{root}assets/"}


def _folder(path: Path) -> str:
    path.mkdir(parents=True, exist_ok=True)
    return str(path)
