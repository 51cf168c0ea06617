"""The publication report: what to upload and what to take down, for the person uploading.

The previous publication is what the website holds, not whatever is left in the
local build/public: its ``publication-scheme.json``, which lists every document
(``items``) and every other file of the set (``files``) with its sha256. It is
kept as ``published.json`` at the top of the repository (``invoke uploaded``
writes it once the website holds a set; commit it), or given with ``publish
--since PATH``, such as a copy of the website's own. So publishing twice before
uploading, ``invoke clean`` and a fresh checkout all compare with the same set.

The report lists every file of the new set as added, updated or unchanged, and
every file the website holds that the set does not as withdrawn, with the
documents behind them. It is written to build/, never into the public set.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from govpack.errors import UsageError

RECORD = "published.json"  # at the top of the repository: the set the website holds
REPORT = "publication-report"  # build/publication-report.json and .txt
SCHEME = "publication-scheme"
CHANGES = ("added", "updated", "unchanged", "withdrawn")
# The columns of publication-scheme.csv: a row per file of each document published.
FIELDS = ["title", "class", "organisation", "document", "format", "lang", "path", "approved", "review", "version", "cost", "sha256", "bytes"]


@dataclass(frozen=True)
class Previous:
    """The publication the website holds: where its record was read from, its
    documents (the scheme's items), and its files by path, with their sha256."""

    source: str
    items: list[dict[str, Any]]
    files: dict[str, str]


def previous_publication(root: Path, since: str | None) -> Previous | None:
    """The publication given by ``since`` (a path), else the one recorded in
    ``published.json`` under ``root``; None if none was ever recorded.

    Raises UsageError if ``since`` names a file that cannot be read as a
    publication scheme, or if ``published.json`` is not one.
    """
    path = Path(since) if since else root / RECORD
    if not path.is_absolute():
        path = root / path
    if since is None and not path.exists():
        return None
    unknown = "so what the website holds is unknown: give the publication-scheme.json of the set it holds"
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {path} ({exc.strerror}), {unknown}") from exc
    try:
        body = json.loads(raw.decode("utf-8"))
        items = body["items"]
        files = {str(f["path"]): str(f["sha256"]) for f in body.get("files", [])}
        if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
            raise TypeError
    except (UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise UsageError(f"{path} is not a publication-scheme.json govpack wrote (it has no list of documents and files), {unknown}") from exc
    # The scheme lists every file but itself: it is known by the record's own digest.
    files[f"{SCHEME}.json"] = hashlib.sha256(raw).hexdigest()
    for item in items:
        files.setdefault(str(item.get("path")), str(item.get("sha256")))
    return Previous(str(path), items, files)


def json_file(body: Any) -> bytes:
    """``body`` as a JSON file people may read too: indented, its text as written (UTF-8)."""
    return (json.dumps(body, indent=2, ensure_ascii=False) + "\n").encode()


def scheme_csv(items: list[dict[str, Any]]) -> bytes:
    """publication-scheme.csv: the scheme's ``items``, a row each, in ``FIELDS``' columns."""
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=FIELDS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows({key: _cell(value) for key, value in item.items()} for item in items)
    return text.getvalue().encode()


def _cell(value: Any) -> Any:
    """A value a spreadsheet will not run: titles come from untrusted content."""
    if isinstance(value, str) and value.startswith(("=", "+", "-", "@", "\t", "\r")):
        return "'" + value
    return value


def scheme_files(files: dict[str, bytes]) -> list[dict[str, Any]]:
    """The ``files`` of publication-scheme.json: every file of the set (by path within
    it) but the scheme itself, with its sha256 and size in bytes."""
    return [
        {"path": path, "sha256": hashlib.sha256(content).hexdigest(), "bytes": len(content)}
        for path, content in sorted(files.items())
        if path != f"{SCHEME}.json"
    ]


def report(previous: Previous | None, items: list[dict[str, Any]], files: dict[str, bytes], drafted: list[dict[str, str]]) -> dict[str, Any]:
    """The publication report of the set ``files`` (by path within the set, every file
    included), whose documents are ``items``, against the ``previous`` publication;
    ``drafted``: the documents whose version in force is published while a new version
    is drafted, or left out, and why (``in_force.drafted``), listed as they are.

    Shape: ``{"previous_publication": path or None, "documents": {"added": [...],
    "updated": [...], "withdrawn": [...], "drafted": [...]}, "files": [{"path",
    "change", "bytes"}]}``, ``change`` one of added, updated, unchanged, withdrawn;
    with no previous publication, what the website holds is unknown and nothing is
    withdrawn.
    """
    before = previous.files if previous else {}
    listed = []
    for path, content in sorted(files.items()):
        digest = hashlib.sha256(content).hexdigest()
        change = "added" if path not in before else "unchanged" if before[path] == digest else "updated"
        listed.append({"path": path, "change": change, "bytes": len(content)})
    listed += [{"path": path, "change": "withdrawn", "bytes": None} for path in sorted(set(before) - set(files))]
    return {
        "previous_publication": previous.source if previous else None,
        "documents": {**document_changes(previous.items if previous else None, items), "drafted": drafted},
        "files": listed,
    }


def document_changes(previous: list[dict[str, Any]] | None, items: list[dict[str, Any]]) -> dict[str, Any]:
    """Documents added, updated (a file, or how it is filed, changed) and withdrawn since ``previous``."""
    before, now = _by_document(previous or []), _by_document(items)
    return {
        "added": [_summary(rows) for key, rows in sorted(now.items()) if key not in before],
        "updated": [_summary(rows, before[key]) for key, rows in sorted(now.items()) if key in before and _rows(rows) != _rows(before[key])],
        "withdrawn": [_summary(rows) for key, rows in sorted(before.items()) if key not in now],
    }


def _by_document(rows: list[dict[str, Any]]) -> dict[tuple[str, str], list[dict[str, Any]]]:
    grouped: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for row in rows:
        grouped.setdefault((str(row.get("organisation")), str(row.get("document"))), []).append(row)
    return grouped


def _summary(rows: list[dict[str, Any]], was: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """One document's entry: what it is, its version (and the last), its files."""
    first = rows[0]
    out = {key: first.get(key) for key in ("organisation", "document", "title", "lang", "version")}
    if was is not None:
        out["previous_version"] = was[0].get("version")
    out["paths"] = sorted(str(row.get("path")) for row in rows)
    return out


def _rows(rows: list[dict[str, Any]]) -> set[tuple[tuple[str, str], ...]]:
    # A row changes with its file, or with how the scheme files it (class, cost).
    return {tuple(sorted((key, str(value)) for key, value in row.items())) for row in rows}


def counts(body: dict[str, Any]) -> dict[str, int]:
    """How many files of a report are added, updated, unchanged and withdrawn."""
    return {change: sum(1 for f in body["files"] if f["change"] == change) for change in CHANGES}


def as_text(body: dict[str, Any], public: str) -> str:
    """The report for a person: the files to upload, then those to take down, then the rest."""
    since = body["previous_publication"]
    lines = [
        "Publication report",
        "",
        f"The set in {public}/ compared with "
        + (f"the publication recorded in {since}." if since else f"nothing: no publication is recorded ({RECORD} or publish --since), so every file is new."),
        "",
    ]
    heads = {
        "added": "Upload these new files:",
        "updated": "Upload these changed files, in place of the website's:",
        "withdrawn": "Remove these files from the website:",
        "unchanged": "Unchanged, nothing to do:",
    }
    for change in ("added", "updated", "withdrawn", "unchanged"):
        paths = [f["path"] for f in body["files"] if f["change"] == change]
        if change == "withdrawn" and not since:
            lines += [f"{heads[change]} unknown: compare the website with this set, and remove any file it does not hold", ""]
            continue
        lines.append(f"{heads[change]} {len(paths)}")
        lines += [f"  {path}" for path in paths]
        lines.append("")
    documents = body["documents"]
    in_force = {(doc["organisation"], doc["document"]) for doc in documents.get("drafted", []) if not doc.get("left_out")}
    for change, word in (("added", "Documents published for the first time"), ("updated", "Documents updated"), ("withdrawn", "Documents withdrawn")):
        if documents[change]:
            lines.append(f"{word}:")
            for doc in documents[change]:
                version = f", version {doc['version']}" if doc["version"] else ""  # minutes have none
                was = f" (was {doc['previous_version']})" if "previous_version" in doc else ""
                if doc.get("previous_version") == doc["version"]:
                    was = " (its text changed, but not its version: give it a new version and a line in its change history)" if version else " (its text changed)"
                    if (doc["organisation"], doc["document"]) in in_force:  # a commit of the history: printed again, not edited
                        was = " (the version in force, printed again as its new version is drafted)"
                lines.append(f"  {doc['organisation']}/{doc['document']} ({doc['lang']}): {doc['title']}{version}{was}")
            lines.append("")
    drafted = documents.get("drafted", [])
    for left_out, head in ((False, "Published at the version in force, while a new version is drafted (approve the draft to publish it):"),
                           (True, "Not published while a new version is drafted: the version in force cannot be published as it is, nor edited (approve the draft to publish it):")):
        listed = [doc for doc in drafted if bool(doc.get("left_out")) == left_out]
        if listed:
            lines.append(head)
            lines += [f"  {doc['organisation']}/{doc['document']}: {doc['title']}" + (f", version {doc['version']}" if doc["version"] else "") + f" (version {doc['draft_version']} is a draft)"
                      + (f": {doc['left_out']}" if left_out else "") for doc in listed]
            lines.append("")
    if since and Path(since).name != RECORD:  # a copy of the website's own scheme, as in CI
        lines.append(f"The next report starts from the publication scheme the website holds then, given again with publish --since, or from {RECORD} if you record this set with the task uploaded.")
    else:
        lines.append(f"When the website holds this set, run the task uploaded (invoke uploaded, or govpack uploaded) and commit {RECORD}: the next report starts from it.")
    return "\n".join(lines) + "\n"
