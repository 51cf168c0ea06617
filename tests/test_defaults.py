"""Shared defaults: how a document is laid over them, and where its values come from."""

from __future__ import annotations

import shutil
from pathlib import Path

import govpack
from conftest import CASES
from govpack.reading.defaults import merge
from govpack.reading.source import Location
from govpack.reading.load import load_file


def _load(tmp_path: Path, name: str, text: str):
    (tmp_path / name).write_text(text, encoding="utf-8")
    return load_file(tmp_path, tmp_path / name)


def test_mappings_merge_by_key_and_everything_else_is_replaced(tmp_path: Path) -> None:
    under = _load(tmp_path, "under.yaml", "a: 1\nmap:\n  x: from defaults\n  y: kept\nlist: [1, 2, 3]\nonly_here: true\n")
    over = _load(tmp_path, "over.yaml", "map:\n  x: own\nlist: [9]\nnew: 2\n")
    merged = merge(under, over)
    assert merged.path == "over.yaml"
    assert merged.data == {"map": {"x": "own", "y": "kept"}, "list": [9], "new": 2, "a": 1, "only_here": True}
    assert list(merged.data) == ["map", "list", "new", "a", "only_here"]  # own order, then the defaults'


def test_every_value_keeps_the_place_it_was_written(tmp_path: Path) -> None:
    under = _load(tmp_path, "under.yaml", "map:\n  x: from defaults\n  y: kept\nlist: [1, 2, 3]\n")
    over = _load(tmp_path, "over.yaml", "map:\n  x: own\nlist: [9]\n")
    merged = merge(under, over)
    assert merged.position(("map", "x")) == Location("over.yaml", 2, 3)
    assert merged.position(("map", "y")) == Location("under.yaml", 3, 3)
    assert merged.position(("list", 0)) == Location("over.yaml", 3, 8)
    # A replaced list leaves nothing of the default's behind, not even its places.
    assert ("list", 2) not in merged.positions


def test_defaults_are_not_changed_by_the_documents_merged_over_them(tmp_path: Path) -> None:
    under = _load(tmp_path, "under.yaml", "map:\n  x: 1\n")
    merge(under, _load(tmp_path, "over.yaml", "map:\n  y: 2\n"))
    assert under.data == {"map": {"x": 1}}


def test_a_key_missing_under_a_default_mapping_is_reported_in_the_document_itself(tmp_path: Path) -> None:
    shutil.copytree(CASES / "_documents" / "content", tmp_path / "content")
    defaults = tmp_path / "content" / "_defaults" / "code-of-conduct.yaml"
    text = defaults.read_text(encoding="utf-8")
    start = text.index("  honesty:\n")
    commitment = text.index("    commitment:", start)
    defaults.write_text(text[:commitment] + text[text.index("\n", commitment) + 1:], encoding="utf-8")
    _, findings = govpack.check(govpack.Project.at(tmp_path))
    assert [str(f) for f in findings] == [
        'content/acme/code-of-conduct.yaml:1:1: error: missing "commitment" in principles.honesty [schema-required]'
    ]
