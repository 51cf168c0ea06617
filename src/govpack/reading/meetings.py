"""Meeting records: one file per meeting of a governance body, kept by body and day.

A document type whose schema's ``meta`` gives a ``folder`` (the minutes: folder
``meetings``) keeps its documents as::

    content/<organisation>/<folder>/<body>/<YYYY-MM-DD>.yaml

The path says which body met (a key of the organisation's ``bodies``) and on which
day, so the file does not repeat them. The minutes' slug, which names their
outputs, is ``<body>-<YYYY-MM-DD>``.

A meeting states its own status (planned, held, minutes-draft, minutes-approved)
rather than a document control: its ``control`` is read from that, so that the
minutes are published, listed and marked DRAFT like any document.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

# The status of a meeting whose minutes the public may see.
APPROVED = "minutes-approved"


@dataclass(frozen=True)
class Meeting:
    """Which body met (its key in the organisation's ``bodies``) and the day (ISO)."""

    body: str
    date: str

    @property
    def slug(self) -> str:
        return f"{self.body}-{self.date}"


def meeting_at(rel: PurePosixPath) -> Meeting | str:
    """The meeting a file at ``rel`` (``<body>/<YYYY-MM-DD>.yaml``, under the
    type's folder) records, or what is wrong with its place, in words."""
    if len(rel.parts) != 2:
        return "a meeting's record is kept as <body>/<YYYY-MM-DD>.yaml: a folder for the body, a file named for the day it met"
    try:
        day = datetime.date.fromisoformat(rel.stem)
    except ValueError:
        return f'the file name "{rel.name}" is not the day of the meeting: name it YYYY-MM-DD.yaml, e.g. 2026-03-12.yaml'
    if day.isoformat() != rel.stem:
        return f'the file name "{rel.name}" is not the day of the meeting: name it {day.isoformat()}.yaml'
    return Meeting(rel.parts[0], rel.stem)


def meeting_control(data: dict[str, Any], meeting: Meeting) -> dict[str, Any]:
    """The document control that the minutes' status (``schemas/meeting.yaml``)
    stands for: approved once a later meeting approved them (status
    minutes-approved, on ``minutes_approved``), a draft until then; approved by the
    body itself. The minutes have no version: none is made up."""
    control: dict[str, Any] = {"title": data.get("title", meeting.slug), "status": "approved" if data.get("status") == APPROVED else "draft", "approved_by": meeting.body}
    if data.get("minutes_approved") is not None:
        control["approved"] = data["minutes_approved"]
    return control
