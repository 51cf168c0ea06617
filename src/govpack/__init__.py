"""govpack: governance packs from YAML, as accessible HTML and PDF.

The library is the stages of one run, each a package that knows nothing of the
stages after it, with the tools above them and four small modules beneath::

    content/**/*.yaml
      │  reading     load (YAML, with the line and column of every value), shared
      │              defaults merged, assemble (organisations and their documents by
      │              type: document_types, from schemas/; meetings, each body's
      │              records by day), texts per language; the content's git history
      │              (each document's version approved, in force while a draft
      │              revises it; its redline; each body's logs of its meetings)
      ▼
    organisations ─► checking   schemas (cerberus, told first by conforms), validation,
      │                         the rules of the guide and the cluster (of documents;
      │                         of meetings, counted by quorum), personal data, Markdown,
      │                         translations kept in step (git blame) ─► findings
      │  rendering   HTML per document, language, medium (screen, print) and
      │              audience: templates, Markdown, translations, names of outputs;
      │              a redline: two versions compared as they print, word by word;
      │              what each page reads of the other documents (the view)
      ▼
    HTML ─────────► writing    a PDF per document (WeasyPrint, in a pool of worker
      │                         processes, reading only the project's assets), a Word
      │                         file for members, packs joined from the PDFs (an
      ▼                         organisation's; a meeting's papers)
    pipeline        what is outdated (fingerprints), the manifest, and the run over an
                    audience: build (build/internal, every document for members) and
                    publish (build/public: approved documents, personal data withheld,
                    the publication scheme)

    tools           the command line (tasks), serve, new, init, import, explain, changes,
                    bench, the editors' JSON Schemas
    beneath all     errors (findings and the error types), project (the folders and the
                    day), fingerprints (digests of what a run reads), cores (the cores
                    there are, and work shared among processes forked on them: checking,
                    and publish reading its files), git (how git is run)

The names below are the library's interface: a project, the three runs, the findings
they give and the errors they raise. Everything else is internal to govpack and may
change from one release to the next.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from govpack._version import __version__
from govpack.errors import ERROR, WARNING, Finding, FindingsError, GovpackError, PdfError, UsageError
from govpack.project import Project

if TYPE_CHECKING:
    from govpack.checking.check import check
    from govpack.pipeline.build import build
    from govpack.pipeline.publish import publish


# The runs are imported when first asked for: build and publish bring jinja2, pikepdf and
# icalendar, which a check (the command run most, on every save) needs none of; and a
# process that only prints PDFs (``writing.pool``) imports govpack and needs no run.
_RUNS = {"check": "govpack.checking.check", "build": "govpack.pipeline.build", "publish": "govpack.pipeline.publish"}


def __getattr__(name: str) -> Any:
    if name in _RUNS:
        return getattr(importlib.import_module(_RUNS[name]), name)
    raise AttributeError(f"module 'govpack' has no attribute {name!r}")


__all__ = [
    "ERROR",
    "WARNING",
    "Finding",
    "FindingsError",
    "GovpackError",
    "PdfError",
    "Project",
    "UsageError",
    "__version__",
    "build",
    "check",
    "publish",
]
