"""An organisation as templates see it, and the record of what each page reads of it.

A document's page shows its own document and the organisation file, and may show
others: the title of a document it cites, the terms of reference a meeting approved,
every meeting of a body in its decision log. Every way a template reaches another
document goes through ``OrganisationView``, which records it (``Reads``): by name
(``document``, ``has_document``), by type (``documents_of``), or all of them (``org``,
the organisation itself). ``read_digest`` is the digest of what a page read, so that
a page whose digest is as it was need not be rendered again (``pipeline.produce``).
"""

from __future__ import annotations

import dataclasses
import hashlib
import pickle
from dataclasses import dataclass, field, replace
from typing import Any, Callable

from govpack.reading.assemble import Document, Organisation
from govpack.reading.source import Source
from govpack.reading.texts import SOURCE_LANGUAGE, languages, localised
from govpack.rendering.names import organisation_index

# What a page read, as the view records it: a document by name, the documents of a
# type, or all of them.
DOCUMENT, TYPE, ALL = "document:", "type:", "all"


def localised_organisation(org: Organisation, lang: str) -> Organisation:
    """``org`` and its documents with every text in ``lang``."""
    documents = [replace(doc, source=replace(doc.source, data=localised(doc.source.data, lang))) for doc in org.documents]
    return replace(org, source=replace(org.source, data=localised(org.source.data, lang)), documents=documents, titles=localised(org.titles, lang))


def _unrecorded(_: str) -> None:
    pass


@dataclass(frozen=True)
class OrganisationView:
    """An organisation as templates see it: its data in one language, ``lang``, and
    its references resolved; each other document reached is told to ``record``."""

    whole: Organisation
    lang: str = SOURCE_LANGUAGE
    record: Callable[[str], None] = field(default=_unrecorded, compare=False, repr=False)

    @property
    def org(self) -> Organisation:
        """The organisation itself: a page that takes it may read any of its documents."""
        self.record(ALL)
        return self.whole

    @property
    def languages(self) -> list[str]:
        return languages(self.whole)

    def index_name(self, lang: str) -> str:
        """The file name of this organisation's index page in ``lang``."""
        return organisation_index(self.whole, lang)

    @property
    def slug(self) -> str:
        return self.whole.slug

    @property
    def data(self) -> dict[str, Any]:
        return self.whole.data

    @property
    def name(self) -> str:
        return self.whole.data["name"]

    def person(self, slug: str) -> dict[str, Any]:
        return self.whole.data["people"][slug]

    def organisation(self, slug: str) -> dict[str, Any]:
        members = self.whole.data["members"]
        return members[slug] if slug in members else self.whole.data["partners"][slug]

    def body(self, slug: str) -> dict[str, Any]:
        return self.whole.data["bodies"][slug]

    def document(self, slug: str) -> Document:
        self.record(DOCUMENT + slug)
        return next(doc for doc in self.whole.documents if doc.slug == slug)

    def has_document(self, slug: str) -> bool:
        """Whether the document is among these: the public set has the approved ones only."""
        self.record(DOCUMENT + slug)
        return any(doc.slug == slug for doc in self.whole.documents)

    def title(self, slug: str) -> str | None:
        """A document's title: of one among these, or one they no longer hold but may
        name (``Organisation.titles``); None for any other (a draft the public set
        does not hold)."""
        self.record(DOCUMENT + slug)
        found = next((doc for doc in self.whole.documents if doc.slug == slug), None)
        return found.control.get("title") if found is not None else self.whole.titles.get(slug)

    def documents_of(self, doc_type: str) -> list[Document]:
        """This organisation's documents of one type, in slug order (none if it has none)."""
        self.record(TYPE + doc_type)
        return [doc for doc in self.whole.documents if doc.type == doc_type]


class Reads:
    """What the pages rendered while ``recording`` read of their organisations' other
    documents; a page rendered within another (a redline's versions) adds to both."""

    def __init__(self) -> None:
        self.open: list[set[str]] = []

    def __call__(self, what: str) -> None:
        for reads in self.open:
            reads.add(what)


def read_digest(org: Organisation, reads: frozenset[str], digests: dict[str, str]) -> str:
    """The digest of what a page of ``org`` (localised) read: the organisation file, and
    each document ``reads`` names (``digests``: each document's, by name; an absent one
    as absent), in a fixed order."""
    parts = [_digest(replace(org, documents=[]))]
    for what in sorted(reads):
        if what == ALL:
            parts += [f"{doc.slug} {digests[doc.slug]}" for doc in org.documents]
        elif what.startswith(TYPE):
            parts += [f"{doc.slug} {digests[doc.slug]}" for doc in org.documents if doc.type == what.removeprefix(TYPE)]
        else:
            parts.append(f"{what} {digests.get(what.removeprefix(DOCUMENT), 'absent')}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def document_digests(org: Organisation) -> dict[str, str]:
    """The digest of each of ``org``'s documents (localised), by name: of all it holds
    that a page may show (``_printed``)."""
    return {doc.slug: _digest(doc) for doc in org.documents}


def _digest(value: Any) -> str:
    # Pickled, sets sorted (one pickles in an order that differs from run to run).
    return hashlib.sha256(pickle.dumps(_printed(value), protocol=5)).hexdigest()


def _printed(value: Any) -> Any:
    """Every field of a document or an organisation, and of what it holds (a redline's
    versions, a draft's version in force), but where its texts were written: of a
    Source its data alone (not its path, lines and columns, which no page shows and
    which differ where the content folder is elsewhere), and not the shared defaults a
    document was merged over, whose texts its data holds."""
    if isinstance(value, Source):
        return value.data
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return type(value).__name__, [(each.name, _printed(getattr(value, each.name))) for each in dataclasses.fields(value) if each.name != "layers"]
    if isinstance(value, (list, tuple)):
        return [_printed(each) for each in value]
    if isinstance(value, (set, frozenset)):
        return sorted(map(repr, value))
    return value
