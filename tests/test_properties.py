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
from conftest import CASES, ROOT
from govpack.defaults import Defaults
from govpack.load import Source, load_file
from govpack.validate import validate

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
BASE, _ = govpack.check(govpack.Project.at(CASES / "_documents"))
JUNK = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 5), st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=12),
    st.sampled_from(["", "TODO: x", "2024-02-30", "2026-01-01", "anna-price", "acme-pharmacy", "leadership-team", "superseded"]),
    st.lists(st.sampled_from(["anna-price", "x", ""]), max_size=3), st.dictionaries(st.sampled_from(["a", "person", "voting"]), st.integers(0, 2), max_size=2),
)


def _paths(data: Any, at: tuple = ()) -> list[tuple]:
    found = [at] if at else []
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*at, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _paths(value, (*at, index))
    return found


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
        at = data.draw(st.sampled_from(_paths(doc.source.data)))
        try:
            _set(doc.source.data, at, data.draw(JUNK))
        except (KeyError, IndexError, TypeError):
            pass  # an earlier change took the path away
    findings = validate([org], Defaults(), ROOT / "schemas", datetime.date(2026, 11, 23))
    assert all(isinstance(f, govpack.Finding) and "\n" not in str(f) for f in findings)
