"""Findings and the errors that carry them to the person who edits the YAML.

    GovpackError         anything govpack reports to a person, never as a traceback
     ├── UsageError      bad options, a missing content folder (exit code 2)
     └── FindingsError   the input has findings of error severity (exit code 1)

A ``Finding`` is one problem at one place in one file, printed the way compilers
and Sphinx print them: ``path:line:col: error: message [rule-id]``.
"""

from __future__ import annotations

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
