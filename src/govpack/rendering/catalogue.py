"""The message catalogues: every interface message, and the .po files kept up to date.

Translators work in templates/locale/<lang>/LC_MESSAGES/messages.po with any
gettext tool (Poedit, Weblate); ``scripts/catalogues`` adds what the templates
have gained and drops what they have lost. A test holds every catalogue complete.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from govpack.reading.document_types import document_types
from govpack.reading.texts import LANGUAGES, SOURCE_LANGUAGE
from govpack.rendering.calendar import DECLARATION_DUE, REVIEW_DUE
from govpack.rendering.i18n import DOMAIN, LABELS, po_file
from govpack.project import Project

# Words publish writes into the publication scheme, in each file's language.
COST_FREE = "Free"
COST_PAPER = "Free online; on paper: %(charge)s"


def interface(project: Project) -> Catalog:
    """Every message an output may show, as a catalogue template."""
    types = document_types(project.schemas).values()
    template = Catalog(domain=DOMAIN, project="govpack")
    for message, context in messages(project.templates, [*((t.label, "type") for t in types), *((t.description, None) for t in types), (COST_FREE, None), (COST_PAPER, None), (REVIEW_DUE, None), (DECLARATION_DUE, None)]):
        template.add(message, context=context)
    return template


def update(project: Project) -> list[Path]:
    """Each language's catalogue updated to the interface's messages; the files written."""
    template, written = interface(project), []
    for lang in LANGUAGES:
        if lang == SOURCE_LANGUAGE:
            continue
        path = po_file(project.templates, lang)
        with path.open("rb") as po:
            catalogue = read_po(po, locale=lang, domain=DOMAIN)
        created = catalogue.creation_date  # kept, so that an update changes only messages
        catalogue.update(template, no_fuzzy_matching=True)
        catalogue.obsolete.clear()
        catalogue.creation_date = catalogue.revision_date = created
        with path.open("wb") as po:
            write_po(po, catalogue, width=100, omit_header=False, sort_output=True, include_lineno=False)
        written.append(path)
    return written


def messages(templates: Path, more: list[tuple[str, str | None]]) -> Iterator[tuple[str | tuple[str, str], str | None]]:
    """Every interface message to translate, with its context: the templates' (by
    Babel's extraction), the labels (their group as context) and ``more`` (the
    document types' labels and descriptions, the words publish writes), each with its context."""
    options = {"extensions": "jinja2.ext.i18n", "trim_blocks": "True", "lstrip_blocks": "True"}
    for _, _, message, _, context in extract_from_dir(
        templates, method_map=[("**.j2", "jinja2.ext:babel_extract")], options_map={"**.j2": options}
    ):
        yield message, context
    for group, labels in LABELS.items():
        for english in labels.values():
            yield english, group
    yield from more
