"""Render stage: validated organisations to HTML, for the screen and for print.

One template per document type under templates/, over a base layout. Templates
autoescape everything and fail on an undefined name; prose fields go through
``markup.to_html``. The same template serves both media, so a page and its PDF
show the same content in the same order; ``medium`` only adds the cover page
and print furniture, or the site navigation.
"""

from __future__ import annotations

import functools
import html
import re

from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable, Iterator

from babel.dates import get_month_names
from markupsafe import Markup, escape
from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined, UndefinedError

from govpack._version import __version__
from govpack.reading.assemble import Document, Organisation
from govpack.reading.document_types import DocumentType
from govpack.reading.redlines import Redline
from govpack.rendering.i18n import ALSO_IN, LABELS, catalogue, format_date, format_money, label
from govpack.rendering.names import INTERNAL, PRINT, PUBLIC, SCREEN, filename, meeting_pack, page_name
from govpack.rendering.packs import Pack, interests
from govpack.rendering.redline import Section, compare
from govpack.reading.texts import ENDONYMS, languages, site_languages
from govpack.rendering.markup import to_html, to_inline_html
from govpack.rendering.view import OrganisationView, Reads, document_digests, localised_organisation, read_digest
from govpack.errors import UsageError
from govpack.project import parse_date, parse_partial_date

class Renderer:
    """Renders pages from the templates folder of a project, in any language."""

    def __init__(self, templates: Path, types: dict[str, DocumentType], cache: Path | None = None) -> None:
        """``types``: the document types (``document_types``), whose labels pages show.
        ``cache``: a folder to keep compiled templates in from one run to the next."""
        self.templates = templates
        self.types = types
        self.bytecode_cache = FileSystemBytecodeCache(_folder(cache)) if cache else None
        self.envs: dict[str, Environment] = {}
        # Each organisation in each language, localised once for all its pages, and the
        # digest of each of its documents (``view.document_digests``), once asked for.
        self.views: dict[tuple[int, str], tuple[Organisation, OrganisationView]] = {}
        self.digests: dict[tuple[int, str], dict[str, str]] = {}
        self.reads = Reads()  # what the pages being rendered read, told by the views
        # Each redline's comparison in each language, for the page and its PDF alike; kept
        # beside its redline, as views are beside their organisation.
        self.compared: dict[tuple[int, str], tuple[Redline, list[Section] | str]] = {}

    def env(self, lang: str) -> Environment:
        """The templates with the interface words and dates of ``lang``."""
        if lang not in self.envs:
            env = Environment(
                loader=FileSystemLoader(self.templates),
                bytecode_cache=self.bytecode_cache,
                # Every template is HTML: escape everything, whatever its suffix.
                autoescape=True,
                undefined=StrictUndefined,
                extensions=["jinja2.ext.i18n"],
                trim_blocks=True,
                lstrip_blocks=True,
            )
            words = catalogue(self.templates, lang)
            env.install_gettext_translations(words, newstyle=True)  # type: ignore[attr-defined]
            env.filters.update(md=to_html, md_inline=to_inline_html, date=lambda text: _time(text, lang), money=format_money, dates_kept=lambda text: _dates_kept(text, lang))
            env.globals.update(
                label=lambda group, key: label(group, key, words),
                # What the organisation is ("Primary care network") and the noun headings
                # use for it ("within the network"), which an organisation of kind other names.
                org_kind=lambda org: _kind(org, "kind", words),
                org_noun=lambda org: _kind(org, "noun", words),
                # A document type's label, from its schema (English) and the catalogue.
                type_label=lambda name: words.pgettext("type", self.types[name].label),
                doc_type=lambda name: self.types[name],
                filename=filename,
                meeting_pack=meeting_pack,
                page_name=page_name,
                # Text in another language than the page's is marked as such (WCAG 3.1.2).
                lang_attribute=lambda text_lang: _lang_attribute(text_lang, lang),
                marked=lambda text, text_lang: Markup("<span{}>{}</span>").format(_lang_attribute(text_lang, lang), text) if text_lang != lang else escape(text),
                endonyms=ENDONYMS,
                also_in=ALSO_IN,
                version=__version__,
            )
            self.envs[lang] = env
        return self.envs[lang]

    def view(self, org: Organisation, lang: str) -> OrganisationView:
        """``org`` in ``lang``, as templates see it."""
        # Keeping the organisation beside its view keeps its id from being reused.
        kept = self.views.get((id(org), lang))
        if kept is None:
            kept = self.views[id(org), lang] = (org, OrganisationView(localised_organisation(org, lang), lang, self.reads))
        return kept[1]

    @contextmanager
    def recording(self) -> Iterator[set[str]]:
        """What the pages rendered within read of their organisations' documents
        besides the organisation file (``view.OrganisationView``), as it is read."""
        reads: set[str] = set()
        self.reads.open.append(reads)
        try:
            yield reads
        finally:
            self.reads.open.pop()

    def read_digest(self, org: Organisation, lang: str, reads: frozenset[str]) -> str:
        """The digest of what a page of ``org`` in ``lang`` read (``view.read_digest``):
        the same as when it was last rendered, the page would be the same."""
        whole = self.view(org, lang).whole
        if (id(org), lang) not in self.digests:
            self.digests[id(org), lang] = document_digests(whole)
        return read_digest(whole, reads, self.digests[id(org), lang])

    def shown(self, org: Organisation, page_lang: str) -> OrganisationView:
        """``org`` as a page in ``page_lang`` shows it: in that language if it
        publishes in it, else in its first (which the page marks)."""
        own = languages(org)
        return self.view(org, page_lang if page_lang in own else own[0])

    def document(self, org: Organisation, doc: Document, lang: str, medium: str, audience: str = INTERNAL) -> str:
        """One document in ``lang`` as a page (``screen``) or as the source of its PDF (``print``)."""
        view = self.view(org, lang)
        extra = {"sections": self.changes(org, doc, lang, audience)} if isinstance(doc, Redline) else {}
        local = view.document(doc.slug)
        twins = _twins(view.languages, lang, lambda other: filename(doc.slug, other, "html"))
        page = self._render(
            f"{doc.type}.html.j2",
            lang,
            org=view,
            doc=local,
            data=local.data,
            control=local.control,
            audience=audience,
            twins=twins,
            **extra,
            **({"medium": PRINT, "root": "", "assets": ""} if medium == PRINT else _screen(1)),
        )
        _placed_every_section(page, local)
        return page

    def changes(self, org: Organisation, redline: Redline, lang: str, audience: str = INTERNAL) -> list[Section] | str:
        """What changed in a redline's document since the version it was approved at, as
        both print in ``lang`` (``rendering.redline``); or, where the version approved
        does not fit today's schemas (``Redline.unfit``), why, for the page to say."""
        key = (id(redline), lang)
        if key not in self.compared:
            assert redline.document is not None and redline.approved is not None
            if redline.unfit:  # checked against the schemas of its day, not today's
                self.compared[key] = (redline, redline.unfit)
                return redline.unfit
            then = replace(org, source=redline.organisation or org.source, documents=[redline.approved if doc.slug == redline.document.slug else doc for doc in org.documents])
            try:
                old = self.document(then, redline.approved, lang, SCREEN, audience)
            except (UndefinedError, LookupError) as exc:  # what it names that the rest of today's content does not have
                self.compared[key] = (redline, f"it names what today's content does not have ({exc})")
                return self.compared[key][1]
            self.compared[key] = (redline, compare(old, self.document(org, redline.document, lang, SCREEN, audience)))
        return self.compared[key][1]

    def pack_front(self, org: Organisation, pack: Pack, contents: list[tuple[Document, int]], lang: str) -> str:
        """The front matter of one of an organisation's packs in ``lang``, with
        ``contents`` (its documents, each with the pack page it starts on): for the
        governance pack a cover and contents; for a meeting pack a cover, the agenda
        and the register entries of the body's members (``packs.interests``)."""
        view = self.view(org, lang)
        contents = [(view.document(doc.slug), page) for doc, page in contents]
        twins = _twins(view.languages, lang, lambda other: filename(pack.slug, other, "pdf"))
        context: dict[str, Any] = {}
        if pack.meeting is not None:
            meeting = view.document(pack.meeting.slug)
            on_agenda = {paper["document"] for item in meeting.data["items"] for paper in item.get("papers", ()) if "document" in paper}
            pages = {doc.slug: page for doc, page in contents}
            context = {"doc": meeting, "data": meeting.data, "interests": interests(view.whole, meeting), "pages": pages, "papers_on_agenda": on_agenda}
        return self._render(pack.template, lang, org=view, contents=contents, medium=PRINT, audience=INTERNAL, root="", assets="", twins=twins, **context)

    def organisation_index(self, org: Organisation, lang: str, sizes: dict[str, int], formats: list[str]) -> str:
        """The page listing every document of one organisation in ``lang``: its web page,
        and a column for each of ``formats`` (``pdf``) with the file's size from
        ``sizes`` (by file name, in bytes)."""
        view = self.view(org, lang)
        return self._render("organisation.html.j2", lang, org=view, sizes=sizes, formats=formats, audience=INTERNAL, twins=_twins(view.languages, lang, view.index_name), **_screen(1))

    def site_index(self, organisations: list[Organisation], lang: str) -> str:
        """The page listing every organisation, in ``lang``."""
        views = [self.shown(org, lang) for org in organisations]
        return self._render("index.html.j2", lang, organisations=views, audience=INTERNAL, twins=_site_twins("index", organisations, lang), **_screen(0))

    def guide(self, entries: list[Any], organisations: list[Organisation], lang: str) -> str:
        """The guide to information in ``lang``: every published document, by class,
        then organisation. ``entries`` are made for this page's language."""
        views = [self.shown(org, lang) for org in organisations]
        classes = list(LABELS["ico_class"])
        twins = _site_twins("index", organisations, lang)
        return self._render("guide.html.j2", lang, entries=entries, classes=classes, organisations=views, audience=PUBLIC, twins=twins, **_screen(0))

    def public_organisation(self, org: Organisation, entries: list[Any], pack: Any, lang: str) -> str:
        """One organisation's page of the guide to information, in ``lang``, with
        its ``pack`` of published documents (an Output), if it has any."""
        view = self.view(org, lang)
        classes = list(LABELS["ico_class"])
        twins = _twins(view.languages, lang, view.index_name)
        return self._render("public-organisation.html.j2", lang, org=view, entries=entries, pack=pack, classes=classes, audience=PUBLIC, twins=twins, **_screen(1))

    def accessibility(self, organisations: list[Organisation], today: str, lang: str) -> str:
        """The accessibility statement of the published set, in ``lang``."""
        views = [self.shown(org, lang) for org in organisations]
        twins = _site_twins("accessibility", organisations, lang)
        return self._render("accessibility.html.j2", lang, organisations=views, today=today, audience=PUBLIC, twins=twins, **_screen(0))

    def pack_numbers(self, org: Organisation, covers: list[bool], lang: str) -> str:
        """A page for each of the pack's pages, empty but for the pack page number in its
        footer; ``covers`` says, for each page, whether it is a cover, which has none."""
        view = self.view(org, lang)
        return self._render("pack-numbers.html.j2", lang, org=view, covers=covers, medium=PRINT, audience=INTERNAL, root="", assets="", twins=[])

    def _render(self, template: str, lang: str, **context: Any) -> str:
        page = self.env(lang).get_template(template).render(lang=lang, **context)
        page = breakable_words(page)
        return scrollable_tables(page) if context.get("medium") == SCREEN else page


_TABLE = re.compile(r"<table\b.*?</table>", re.S)
_HEADING = re.compile(r"<(h[1-6])\b[^>]*>(.*?)</\1>", re.S)
_TAG = re.compile(r"<[^>]*>")


# Shorter words fit any column; a longer one may be an address with nowhere to break.
LONG_WORD = 20
_BODY = re.compile(r"<body\b[^>]*>")
_TEXT_OR_TAG = re.compile(r"(<[^>]*>)")
_LONG = re.compile(rf"[^\s<>]{{{LONG_WORD},}}")


def breakable_words(page: str) -> str:
    """``page`` with each word of ``LONG_WORD`` characters or more in the text of its body
    in a ``<span class="long">``, which the stylesheet lets break anywhere: a long web
    address in a table cell breaks inside the cell rather than pushing the next column
    off the page. Only those words are marked because letting every word break anywhere
    makes a table's layout take twice as long.

    Content in the page is escaped, so ``<`` in its body always starts a tag."""
    body = _BODY.search(page)
    if body is None:
        return page
    parts = _TEXT_OR_TAG.split(page[body.end() :])
    # Even parts are text between tags; odd ones are the tags themselves.
    for index in range(0, len(parts), 2):
        parts[index] = _LONG.sub(lambda word: f'<span class="long">{word.group()}</span>', parts[index])
    return page[: body.end()] + "".join(parts)


def scrollable_tables(page: str) -> str:
    """``page`` (a screen page's HTML) with each table in a scroll container of its own,
    which the keyboard can reach and which is named by the heading before it (or the
    page's title, before any heading): on a
    phone the page reflows and a wide table scrolls within it (WCAG 2.2 SC 1.4.10,
    Reflow, which exempts data tables that need two dimensions).

    Tables come from govpack's own templates, never nested, and content in them is
    escaped, so ``<table`` in the page is always a table's start."""
    title = re.search(r"<title>(.*?)</title>", page, re.S)
    out, last, name = [], 0, " ".join(html.unescape(title.group(1)).split()) if title else ""
    for table in _TABLE.finditer(page):
        headings = _HEADING.findall(page, last, table.start())
        if headings:
            name = " ".join(html.unescape(_TAG.sub("", headings[-1][1])).split())
        out += [page[last : table.start()], Markup('<div class="table-scroll" role="region" tabindex="0" aria-label="{}">').format(name), table.group(), "</div>"]
        last = table.end()
    return "".join(out) + page[last:]


def _twins(languages: list[str], lang: str, name: Callable[[str], str]) -> list[tuple[str, str]]:
    """The same page in each of ``languages`` but ``lang``: (language, its file's ``name``)."""
    return [(other, name(other)) for other in languages if other != lang]


def _site_twins(stem: str, organisations: list[Organisation], lang: str) -> list[tuple[str, str]]:
    return _twins(site_languages(organisations), lang, lambda other: page_name(stem, other))


def _placed_every_section(page: str, doc: Document) -> None:
    """Raise ``UsageError`` if a free-form section of ``doc`` is not on its page:
    its type's template has no place for sections after the key it names (see
    ``free_sections`` in _macros.html.j2), and the author's words would be lost."""
    for number, section in enumerate(doc.data.get("sections", ()), start=1):
        if f'id="{doc.slug}-section-{number}"' not in page:
            after = section.get("after")
            raise UsageError(
                f'templates/{doc.type}.html.j2 has no place for the free-form sections after "{after}", which {doc.source.path} '
                f'places there: add {{{{ free_sections(doc, ["{after}"]) }}}} after that section of the template'
            )


def _kind(org: OrganisationView, group: str, words: Any) -> str:
    """The organisation's kind as a label (``group`` kind) or as a noun with its
    article (``noun``), in the language of ``words``; an organisation of kind
    other gives its own label in ``kind_name``."""
    own = org.data.get("kind_name")
    if group == "kind" and org.data["kind"] == "other" and own:
        return own[:1].upper() + own[1:]
    return label(group, org.data["kind"], words)


def _time(text: str | int | None, lang: str) -> Markup:
    """A date as a ``<time>`` element, which the stylesheets keep on one line, with
    the ISO date for machines; text that is not a date as it is."""
    shown = format_date(text, lang)
    # HTML's <time> takes a year or a month as it is written (YYYY, YYYY-MM); a
    # year written unquoted is a number.
    text = str(text) if isinstance(text, int) else text
    known = text and (parse_date(text) or parse_partial_date(text))
    return Markup('<time datetime="{}">{}</time>').format(text, shown) if known else escape(shown)


@functools.lru_cache(maxsize=8)
def _written_dates(lang: str) -> re.Pattern[str]:
    """A date as govpack writes it in ``lang`` (12 March 2026, 12 Mawrth 2026)."""
    months = "|".join(re.escape(name) for name in get_month_names("wide", locale=lang).values())
    return re.compile(rf"\b\d{{1,2}} (?:{months}) \d{{4}}\b")


def _dates_kept(text: str, lang: str) -> Markup:
    """``text``, escaped, with each date written in full marked to be kept on one line in print (a title
    such as "Leadership Team meeting, 9 July 2026", which a cover sets large)."""
    parts, last = [], 0
    for found in _written_dates(lang).finditer(text):
        parts += [escape(text[last : found.start()]), Markup('<span class="date-kept">{}</span>').format(found.group())]
        last = found.end()
    return Markup("").join([*parts, escape(text[last:])])


def _lang_attribute(text_lang: str, page_lang: str) -> Markup:
    """`` lang="…"`` on an element of text in another language than its page's."""
    return Markup(' lang="{}"').format(text_lang) if text_lang != page_lang else Markup("")


def _screen(depth: int) -> dict[str, str]:
    """Where a screen page stands: ``depth`` folders below its audience's root."""
    root = "../" * depth
    return {"medium": SCREEN, "root": root, "assets": f"{root}assets/"}


def _folder(path: Path) -> str:
    path.mkdir(parents=True, exist_ok=True)
    return str(path)
