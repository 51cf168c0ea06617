"""Property-based tests: whatever the text or the data, the outcome is findings or success."""

from __future__ import annotations

import copy
import datetime
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import govpack
from conftest import CASES, ROOT, case_organisations, key_paths
from govpack.reading.defaults import Defaults
from govpack.reading import plainyaml
from govpack.reading.source import Source
from govpack.reading.load import MAX_DEPTH, load_file, read_carefully
from govpack.checking.validate import validate

# Deterministic, so CI gives the same verdict each run; no example database on disk.
PROPERTY = settings(max_examples=300, deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow])
# YAML's own punctuation and the pieces of the refusals, joined at random.
YAMLISH = st.lists(
    st.sampled_from(list("abc:-_ []{},&*!|>'\"#%@`?\t\n\r\x00é£") + ["- ", ": ", "\n  ", "\n- ", "!!python/object ", "&a ", "*a", "%YAML 1.1\n", "---\n", "2024-02-30", "1e9", "~"]),
    max_size=60,
).map("".join)


@PROPERTY
@given(YAMLISH)
def test_any_text_loads_or_is_a_finding(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        file = Path(folder) / "vision.yaml"
        file.write_text(text, encoding="utf-8", newline="")
        result = load_file(Path(folder), file)
    assert isinstance(result, (Source, govpack.Finding))
    if isinstance(result, govpack.Finding):
        assert result.line >= 1 and result.col >= 1 and "\n" not in str(result)


# The base of the rule cases: one good document of every type, merged and assembled.
BASE = case_organisations("_documents")
JUNK = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 5), st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=12),
    st.sampled_from(["", "TODO: x", "2024-02-30", "2026-01-01", "anna-price", "acme-pharmacy", "leadership-team", "superseded"]),
    st.lists(st.sampled_from(["anna-price", "x", ""]), max_size=3), st.dictionaries(st.sampled_from(["a", "person", "voting"]), st.integers(0, 2), max_size=2),
)


def _set(data: Any, at: tuple, value: Any) -> None:
    for step in at[:-1]:
        data = data[step]
    data[at[-1]] = value


@PROPERTY
@given(st.data())
def test_documents_near_the_schemas_give_findings_or_pass(data: st.DataObject) -> None:
    org = copy.deepcopy(BASE[0])
    doc = data.draw(st.sampled_from(org.documents))
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.sampled_from(key_paths(doc.source.data)))
        try:
            _set(doc.source.data, at, data.draw(JUNK))
        except (KeyError, IndexError, TypeError):
            pass  # an earlier change took the path away
    findings = validate([org], Defaults(), ROOT / "schemas", datetime.date(2026, 11, 23))
    assert all(isinstance(f, govpack.Finding) and "\n" not in str(f) for f in findings)


# Values written in the styles people use: plain, quoted, block, flow, numbers, dates.
SCALARS = st.sampled_from(
    ["x", "two words", "'quoted'", '"dq \\u00e9"', "1", "-3", "0777", "+1", "1.5", ".5", "1e3", "1_000", "0x1f", ".inf", "true", "False",
     "yes", "no", "~", "null", "", "2024-02-30", "12:30", "1.1.2", "=", "<<", "|\n  block\n  text\n", ">-\n  folded\n  text\n", "[a, 1]", "{a: 1}", "- a"]
)
KEYS = st.sampled_from(["a", "b", "person", "'q'", "1", "true", "null", "<<", "? x", "a b"])


def _yaml_text(tree: Any, indent: int = 0) -> str:
    """YAML for a tree of lists (sequences), tuples of pairs (mappings) and written scalars."""
    pad = " " * indent
    if isinstance(tree, list):
        return "".join(f"{pad}- {_inline(item, indent + 2)}" for item in tree) or f"{pad}[]\n"
    return "".join(f"{pad}{key}: {_inline(value, indent + 2)}" for key, value in tree) or f"{pad}{{}}\n"


def _inline(value: Any, indent: int) -> str:
    if isinstance(value, str):
        return value.replace("\n  ", "\n" + " " * (indent + 2)) + ("" if value.endswith("\n") else "\n")
    return "\n" + _yaml_text(value, indent)


TREES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3) | st.lists(st.tuples(KEYS, inner), max_size=3).map(tuple), max_leaves=12)
FILES = st.lists(st.tuples(KEYS, TREES), min_size=1, max_size=4).map(lambda pairs: _yaml_text(tuple(pairs)))


def _agree(text: str) -> None:
    fast = plainyaml.read(text, MAX_DEPTH)
    if fast is None:
        return  # the careful reader reads it, and judges it, alone
    careful = read_carefully("f.yaml", text)
    assert isinstance(careful, Source), f"fast reader took what the careful one refuses: {careful}"
    data, places, lines = fast
    assert data == careful.data and all(type(a) is type(b) for a, b in zip(_leaves(data), _leaves(careful.data), strict=True))
    assert places == {at: (where.line, where.col) for at, where in careful.positions.items()}
    assert {at: first for at, (first, _) in lines.items()} == {at: span.first for at, span in careful.spans.items()}


def _leaves(data: Any) -> list[Any]:
    if isinstance(data, dict):
        return [leaf for value in data.values() for leaf in _leaves(value)]
    if isinstance(data, list):
        return [leaf for value in data for leaf in _leaves(value)]
    return [data]


@PROPERTY
@given(st.one_of(YAMLISH, FILES))
def test_the_fast_reader_agrees_with_the_careful_one(text: str) -> None:
    _agree(text)


def test_the_fast_reader_reads_the_examples_and_cases_as_the_careful_one_does() -> None:
    files = sorted((ROOT / "content").rglob("*.yaml")) + sorted(CASES.rglob("*.yaml"))
    read_fast = 0
    for file in files:
        text = file.read_bytes().decode("utf-8", errors="replace")
        _agree(text)
        read_fast += plainyaml.read(text, MAX_DEPTH) is not None
    assert read_fast > len(files) * 0.8  # the fast reader is the one that usually reads


def test_the_fast_reader_leaves_tabs_and_unusual_line_breaks_to_the_careful_one() -> None:
    # libyaml takes these otherwise than ruamel.yaml: a trailing tab, a tab before a
    # colon, the line and paragraph separators, NEL, and a byte-order mark in the text.
    for text in ["a: b\t\n", "a\t: b\n", "a: [x\ty]\n", 'a: "x\u2028y"\nb: 1\n', "y:\u2028t:\n", "a: b\x85c: d\n", "a: b\ufeff\n"]:
        assert plainyaml.read(text, MAX_DEPTH) is None, repr(text)


def test_what_the_careful_reader_cannot_convert_is_a_finding() -> None:
    result = read_carefully("f.yaml", "a: " + "9" * 5000 + "\n")
    assert isinstance(result, govpack.Finding) and result.rule == "yaml-syntax"
    merged = read_carefully("f.yaml", "a:\n  <<: {b: 1}\n  c: 2\n")
    assert isinstance(merged, govpack.Finding) and (merged.line, merged.col, merged.rule) == (2, 3, "yaml-merge")
