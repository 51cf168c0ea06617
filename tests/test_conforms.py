"""``conforms`` says a document has nothing wrong exactly where cerberus says so: on
every document the examples and the rule cases hold, and on broken copies of them."""

from __future__ import annotations

import copy
import datetime
import shutil
from pathlib import Path
from typing import Any, Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import govpack
from conftest import CASE_DIRS, EXAMPLES, ROOT, case_organisations, case_project, key_paths
from govpack.checking import validate as validation
from govpack.checking.conforms import conforms
from govpack.checking.schema import GovpackValidator, Schema, load_schemas, validator


class Verdicts:
    """Both verdicts on every document validation judges while it is installed."""

    def __init__(self) -> None:
        self.judged: list[tuple[bool, bool]] = []
        self.disagreements: list[str] = []

    def judge(self, document: dict[str, Any], checker: GovpackValidator) -> bool:
        fast = conforms(document, checker)
        errors = [] if checker.validate(document, normalize=False) else checker.errors
        self.judged.append((fast, not errors))
        if fast != (not errors):
            self.disagreements.append(f"conforms says {fast}, cerberus says {errors or 'nothing'} of {document!r}")
        return fast


@pytest.fixture
def verdicts(monkeypatch: pytest.MonkeyPatch) -> Iterator[Verdicts]:
    judged = Verdicts()
    monkeypatch.setattr(validation, "conforms", judged.judge)
    yield judged


def _case_projects(tmp_path: Path) -> Iterator[govpack.Project]:
    """The examples and every rule case, as the case tests lay them out."""
    shutil.copytree(EXAMPLES, tmp_path / "examples" / "content")
    yield govpack.Project.at(tmp_path / "examples")
    for case in CASE_DIRS:
        yield govpack.Project.at(case_project(case, tmp_path / "cases" / case.name))


def test_conforms_agrees_with_cerberus_on_the_examples_and_every_case(tmp_path: Path, verdicts: Verdicts) -> None:
    for project in _case_projects(tmp_path):
        govpack.check(project, jobs=1)  # in this process, where the verdicts are taken
    assert verdicts.disagreements == []
    # Both verdicts were given, many times: the cases break the schemas on purpose.
    assert sum(fast for fast, _ in verdicts.judged) > 1000
    assert sum(not fast for fast, _ in verdicts.judged) >= 20


SCHEMAS = load_schemas(ROOT / "schemas")
BASES = [case_organisations(base)[0] for base in ("_documents", "_meetings")]
JUNK = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 3), st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=6),
    st.sampled_from(["", "2024-02-30", "2026-01-01", "2026", "2026-13", "anna-price", "leadership-team", "draft", "en", "cy", "W91234", "1/2"]),
    st.lists(st.sampled_from(["anna-price", "x", "", None]), max_size=3),
    st.dictionaries(st.sampled_from(["en", "cy", "fr", "person", "role", "name", "voting"]), st.sampled_from(["x", "", None, 1, "anna-price"]), max_size=3),
)


def _break(data: dict[str, Any], at: tuple[Any, ...], how: str, junk: Any) -> None:
    """Set the value at ``at`` to ``junk``, take it away, or add an unknown key beside it."""
    parent = data
    for step in at[:-1]:
        parent = parent[step]
    if how == "set":
        parent[at[-1]] = junk
    elif how == "remove":
        del parent[at[-1]]
    elif isinstance(parent, dict):
        parent[f"{at[-1]}_x"] = junk


@settings(max_examples=400, deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_conforms_agrees_with_cerberus_on_broken_documents(data: st.DataObject, verdicts: Verdicts) -> None:
    org = copy.deepcopy(data.draw(st.sampled_from(BASES)))
    doc = data.draw(st.sampled_from([org.source, *[doc.source for doc in org.documents]]))
    for _ in range(data.draw(st.integers(1, 3))):
        places = key_paths(doc.data)
        if places:
            try:
                _break(doc.data, data.draw(st.sampled_from(places)), data.draw(st.sampled_from(["set", "remove", "add"])), data.draw(JUNK))
            except (KeyError, IndexError, TypeError):
                pass  # an earlier change took the place away
    validation.validate_organisation(org, SCHEMAS, datetime.date(2026, 11, 23))
    assert verdicts.disagreements == []


def _schema(rules: dict[str, Any]) -> Schema:
    return Schema("test", {}, rules)


@pytest.mark.parametrize(
    "rules, document",
    [
        ({"a": {"type": "string", "check_with": "x"}}, {"a": "x"}),  # a rule it does not know
        ({"a": {"type": "email"}}, {"a": "x"}),  # a type cerberus checks by a method
        ({"a": {"type": "list", "schema": {"type": "string", "excludes": "b"}}}, {"a": ["x"]}),  # excludes among items
    ],
)
def test_conforms_leaves_to_cerberus_what_it_does_not_judge(rules: dict[str, Any], document: dict[str, Any]) -> None:
    assert not conforms(document, validator(_schema(rules), {}))


# Small rule sets for what the documents reach little or not at all, each with documents
# cerberus passes and documents it refuses.
SMALL = {
    "excludes and required": (
        {"person": {"type": "string", "excludes": "organisation"}, "organisation": {"type": "string", "excludes": "person"}, "role": {"type": "string"}},
        [{"person": "x", "role": "r"}, {"organisation": "x", "role": "r"}, {"role": "r"}, {"person": "x", "organisation": "y", "role": "r"}, {"person": "x"}],
    ),
    "excludes of a null": (
        {"person": {"type": "string", "nullable": True, "excludes": "organisation"}, "organisation": {"type": "string", "excludes": "person"}},
        [{"person": None}, {"person": "x"}, {"organisation": "y"}, {}],
    ),
    "excludes written otherwise": (
        {"a": {"type": "integer", "excludes": ("b", "c")}, "b": {"type": "integer"}, "c": {"type": "integer", "required": False}, "d": {"type": "integer", "excludes": 5, "required": False}},
        [{"a": 1}, {"a": 1, "b": 2}, {"b": 2}, {"b": 2, "d": 1}],
    ),
    "keysrules": (
        {"map": {"type": "dict", "keysrules": {"type": "string", "regex": "[a-z]+"}, "valuesrules": {"type": "integer"}}},
        [{"map": {"abc": 1}}, {"map": {"Abc": 1}}, {"map": {"abc": "x"}}, {"map": {}}],
    ),
    "unknown keys under a rule set": (
        {"known": {"type": "string"}, "nested": {"type": "dict", "allow_unknown": {"type": "dict", "schema": {"name": {"type": "string"}}}, "schema": {"x": {"type": "integer"}}}},
        [{"known": "k", "nested": {"x": 1, "extra": {"name": "n"}}}, {"known": "k", "nested": {"x": 1, "extra": {"name": 1}}}, {"known": "k", "nested": {"x": 1, "extra": "n"}}, {"known": "k", "other": 1, "nested": {"x": 1}}],
    ),
    "lengths and bounds": (
        {"items": {"type": "list", "minlength": 1, "maxlength": 2, "schema": {"type": "integer", "min": 0, "max": 9}}, "note": {"type": "string", "empty": True, "maxlength": 3}},
        [{"items": [1], "note": ""}, {"items": [1, 2, 3], "note": "a"}, {"items": [], "note": "a"}, {"items": [10], "note": "a"}, {"items": [1], "note": "long"}],
    ),
    "an empty type": ({"a": {"type": []}}, [{"a": 1}, {"b": 1}]),
}


@pytest.mark.parametrize("rules, documents", SMALL.values(), ids=SMALL.keys())
def test_conforms_follows_cerberus_on_small_rule_sets(rules: dict[str, Any], documents: list[dict[str, Any]]) -> None:
    verdicts = set()
    for partial in (False, True):
        checker = validator(_schema(rules), {}, partial)
        said = [(conforms(document, checker), checker.validate(document, normalize=False)) for document in documents]
        assert all(fast == slow for fast, slow in said), (partial, said)
        verdicts |= {fast for fast, _ in said}
    assert verdicts == {True, False}
