"""The JSON Schemas editors use: up to date, named by every content file, and in
agreement with cerberus on every file of every case."""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from conftest import CASES, EXAMPLES, ROOT
from govpack.tools.editor_schema import json_schemas, modeline, schema_file
from govpack.reading.source import Source
from govpack.reading.load import load_file
from govpack.reading.document_types import ORGANISATION, document_types
from govpack.checking.schema import load_schemas
from govpack.checking.validate import validate_source

SCHEMAS = load_schemas(ROOT / "schemas")
JSON_SCHEMAS = json_schemas(ROOT / "schemas")
DOCUMENT_TYPES = tuple(name for name, t in document_types(ROOT / "schemas").items() if not t.derived)  # the types someone writes


def _kind(content: Path, file: Path) -> str | None:
    """Which schema a file under a content folder answers to, by where it is."""
    parts = PurePosixPath(file.relative_to(content).as_posix()).parts
    if len(parts) == 2 and parts[1] == "organisation.yaml" and not parts[0].startswith("_"):
        return ORGANISATION
    stem = PurePosixPath(parts[-1]).stem
    if len(parts) in (2, 3) and stem in DOCUMENT_TYPES:
        return stem
    if len(parts) == 3 and parts[1] in DOCUMENT_TYPES and not parts[0].startswith("_"):
        return parts[1]
    return None


def _files(content: Path) -> list[tuple[Path, str]]:
    found = []
    for file in sorted(content.rglob("*.y*ml")):
        kind = _kind(content, file)
        if kind is not None:
            found.append((file, kind))
    return found


def _json_valid(data: dict, kind: str) -> bool:
    return Draft202012Validator(JSON_SCHEMAS[kind], format_checker=FormatChecker()).is_valid(data)


def _cerberus_valid(source: Source, kind: str) -> bool:
    return validate_source(source, SCHEMAS[kind], {}, partial=kind != ORGANISATION) == []


def test_committed_json_schemas_are_up_to_date() -> None:
    for name, body in JSON_SCHEMAS.items():
        committed = json.loads(schema_file(ROOT, name).read_text(encoding="utf-8"))
        assert committed == body, f"run `invoke schema`: {schema_file(ROOT, name).relative_to(ROOT)} is stale"


# Every case file govpack loads (the others are YAML findings: nothing to compare).
CASE_FILES = [
    (f"{case.name}/{file.relative_to(case / 'content').as_posix()}", source, kind)
    for case in sorted(CASES.iterdir()) if (case / "content").is_dir()
    for file, kind in _files(case / "content")
    if isinstance(source := load_file(case, file), Source)
]


@pytest.mark.parametrize("source, kind", [(s, k) for _, s, k in CASE_FILES], ids=[name for name, _, _ in CASE_FILES])
def test_json_schema_and_cerberus_agree_on_every_case_file(source: Source, kind: str) -> None:
    assert _json_valid(source.data, kind) == _cerberus_valid(source, kind)


def test_the_cases_hold_files_each_side_refuses() -> None:
    assert {_cerberus_valid(source, kind) for _, source, kind in CASE_FILES} == {True, False}


@pytest.mark.parametrize("file, kind", _files(EXAMPLES), ids=[f.relative_to(EXAMPLES).as_posix() for f, _ in _files(EXAMPLES)])
def test_every_content_file_names_its_schema_and_passes_it(file: Path, kind: str) -> None:
    assert file.read_text(encoding="utf-8").splitlines()[0] == modeline(ROOT, kind, file)
    source = load_file(ROOT, file)
    assert isinstance(source, Source)
    assert _json_valid(source.data, kind)
    assert not _json_valid({**source.data, "not_a_field": 1}, kind)
