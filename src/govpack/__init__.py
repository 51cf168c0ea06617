"""govpack: governance packs from YAML, as accessible HTML and PDF."""

from __future__ import annotations

from .build import BuildResult, build
from .check import check
from .check import findings as check_findings
from .explain import explain
from .errors import ERROR, FORMATS, WARNING, Finding, FindingsError, GovpackError, PdfError, UsageError, formatted, has_errors, strictly
from .presses import available_cores
from .project import Project
from .publish import PublishResult, publish
from .scaffold import new
from .serve import serve

from ._version import __version__

__all__ = [
    "BuildResult",
    "ERROR",
    "FORMATS",
    "WARNING",
    "Finding",
    "FindingsError",
    "GovpackError",
    "PdfError",
    "Project",
    "PublishResult",
    "UsageError",
    "__version__",
    "available_cores",
    "build",
    "check",
    "check_findings",
    "explain",
    "formatted",
    "has_errors",
    "new",
    "publish",
    "serve",
    "strictly",
]
