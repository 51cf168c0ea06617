"""Findings and the errors that carry them to the person who edits the YAML.

    GovpackError         anything govpack reports to a person, never as a traceback
     ├── UsageError      bad options, a missing content folder (exit code 2)
     ├── FindingsError   the input has findings of error severity (exit code 1)
     └── PdfError        WeasyPrint or pikepdf could not make a PDF as asked; a build
                         reports it as a finding at the document (rule pdf-render)

The tasks catch GovpackError, so that whatever the input causes reaches the person
as a line, not a traceback.

A ``Finding`` is one problem at one place in one file, printed the way compilers
and Sphinx print them: ``path:line:col: error: message [rule-id]``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Iterable

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Finding:
    """One problem in the input, located at a line and column of a file."""

    path: str
    line: int
    col: int
    severity: str
    message: str
    rule: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.severity}: {self.message} [{self.rule}]"


FORMATS = ("text", "github", "json")


def formatted(findings: list[Finding], fmt: str) -> str:
    """Findings for people (``text``), for GitHub Actions annotations (``github``)
    or for other tools (``json``); text and github hold a line per finding."""
    if fmt == "json":
        body = {
            "findings": [
                {"path": f.path, "line": f.line, "col": f.col, "severity": f.severity, "message": f.message, "rule": f.rule}
                for f in findings
            ],
            "errors": sum(1 for f in findings if f.severity == ERROR),
            "warnings": sum(1 for f in findings if f.severity == WARNING),
        }
        return json.dumps(body, indent=2, ensure_ascii=False)
    if fmt == "github":
        return "\n".join(_annotation(f) for f in findings)
    return "\n".join(str(f) for f in findings)


def _annotation(finding: Finding) -> str:
    # GitHub's workflow command syntax: data escapes %, CR and LF; properties also : and ,.
    def data(text: str) -> str:
        return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

    def prop(text: str) -> str:
        return data(text).replace(":", "%3A").replace(",", "%2C")

    return (
        f"::{finding.severity} file={prop(finding.path)},line={finding.line},col={finding.col},"
        f"title={prop(finding.rule)}::{data(finding.message)}"
    )


def has_errors(findings: Iterable[Finding]) -> bool:
    """Whether any finding is of error severity."""
    return any(finding.severity == ERROR for finding in findings)


def strictly(findings: Iterable[Finding]) -> list[Finding]:
    """The findings with every warning raised to an error (``--strict``)."""
    return [
        Finding(f.path, f.line, f.col, ERROR, f.message, f.rule) for f in findings
    ]


class GovpackError(Exception):
    """Base of every error govpack reports to a person."""

    exit_code = 1


class UsageError(GovpackError):
    """The command was asked for something it cannot do: exit code 2."""

    exit_code = 2


class FindingsError(GovpackError):
    """The input has findings of error severity: exit code 1."""

    def __init__(self, findings: Iterable[Finding]) -> None:
        self.findings = sorted(findings)
        errors = sum(1 for f in self.findings if f.severity == ERROR)
        super().__init__(f"{errors} error(s) found")


class PdfError(GovpackError):
    """WeasyPrint or pikepdf could not make a PDF as asked; the message says why."""
