"""Build: the pipeline (``run``) over the members' audience, build/internal: every
document of every organisation, drafts included, and an index page of each
organisation's documents and of them all.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from govpack.errors import Finding
from govpack.pipeline.manifest import Output
from govpack.pipeline.produce import PagesRendered, Progress, Writers
from govpack.pipeline.run import run
from govpack.project import Project
from govpack.reading.assemble import Organisation
from govpack.reading.texts import languages, site_languages
from govpack.rendering.calendar import calendar
from govpack.rendering.i18n import catalogue
from govpack.rendering.names import CALENDAR, INTERNAL, filename, organisation_index, page_name
from govpack.rendering.render import Renderer
from govpack.writing.writer import HtmlWriter


@dataclass
class BuildResult:
    """What a build wrote, the warnings it passed over, and a line that sums it up."""

    outputs: list[Output]
    findings: list[Finding]
    summary: str


@dataclass
class Members:
    """The members' audience: everything, as written (an ``Audience``), on ``today``."""

    today: datetime.date
    name = INTERNAL
    redlines = True  # the members approve each document again
    # A build of one organisation is a look at it, not a new set: the others' files stay.
    keeps_others = True

    def organisations(self, organisations: list[Organisation], findings: list[Finding]) -> tuple[list[Organisation], list[Finding]]:
        return organisations, findings

    def pages(self, renderer: Renderer, organisations: list[Organisation], shown: list[Organisation], outputs: list[Output], left: list[Organisation]) -> dict[str, bytes]:
        """The index of every organisation in each language of the set, those ``left``
        as the last build made them included, and each organisation's index of its
        documents, with their files of each format besides the web page, and their
        sizes, and its calendar (``rendering.calendar``)."""
        # The PDF first, the file everyone can read; then the others (Word) by name.
        formats = sorted({o.format for o in outputs if o.type != "pack"} - {HtmlWriter.format}, key=lambda fmt: (fmt != "pdf", fmt))
        listed = sorted([*shown, *left], key=lambda org: org.slug)
        pages = {page_name("index", lang): renderer.site_index(listed, lang).encode() for lang in site_languages(listed)}
        for org in shown:
            for lang in languages(org):
                sizes = {Path(o.path).name: len(o.content) for o in outputs if o.organisation == org.slug and o.lang == lang}
                events = calendar(org, lang, catalogue(renderer.templates, lang), self.today)
                if events is not None:  # linked from the index where there is one
                    pages[f"{org.slug}/{filename(CALENDAR, lang, 'ics')}"] = events
                    sizes[filename(CALENDAR, lang, "ics")] = len(events)
                pages[f"{org.slug}/{organisation_index(org, lang)}"] = renderer.organisation_index(org, lang, sizes, formats).encode()
        return pages


def build(
    project: Project, strict: bool = False, jobs: int = 1, force: bool = False, progress: Progress | None = None, pages_rendered: PagesRendered | None = None
) -> BuildResult:
    """Check, then make and write the internal audience of every organisation:
    each document's HTML, PDF and Word file, and each organisation's pack (see ``run``).

    ``pages_rendered`` is given the web pages made anew as soon as they are rendered,
    before any PDF is printed (``serve`` shows them at once).

    Raises FindingsError with every finding if any is an error (any, if ``strict``)
    or a document cannot be made; nothing is written then.
    """
    ran = run(project, Members(project.today), strict, jobs, force, progress, Writers.members(project), pages_rendered)
    return BuildResult(ran.outputs, ran.findings, ran.summary)
