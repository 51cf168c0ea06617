"""The cerberus schemas in schemas/, and the validator that applies them.

Each schema file is YAML: ``meta`` (what the type is: see ``document_types``) and
``schema`` (cerberus rules). ``_common.yaml`` holds rule sets shared by name, such as
``date``, ``markdown`` and ``control``. Every field is required unless it says
``required: false``, and every required string must hold something. ``type: text``
is words a reader sees: a string, or a string per language (``{en: ..., cy: ...}``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from cerberus import TypeDefinition, Validator, errors
from ruamel.yaml import YAML

from govpack.project import parse_date
from govpack.reading.document_types import ORGANISATION, document_types
from govpack.reading.texts import LANGUAGES



@dataclass(frozen=True)
class Schema:
    """One document type's rules and what the schema says about the type."""

    name: str
    meta: dict[str, Any]
    rules: dict[str, Any]
    # Validators by ``partial``, made once: cerberus checks the schema itself when a
    # validator is made, which costs more than validating a document.
    validators: dict[bool, GovpackValidator] = field(default_factory=dict, compare=False, repr=False)


class GovpackValidator(Validator):
    """Cerberus with dates as ISO text, booleans kept apart from numbers, and refs.

    ``refs`` maps a kind of reference (person, organisation, body, audience,
    document) to
    the keys it may name; a kind that is absent is not checked.
    """

    types_mapping = {
        **Validator.types_mapping,
        "integer": TypeDefinition("integer", (int,), (bool,)),
        "number": TypeDefinition("number", (int, float), (bool,)),
        # A text, or its text per language; _expand adds the rules for the languages.
        "text": TypeDefinition("text", (str, dict), ()),
    }

    # In the configuration, which cerberus hands on to the validators of nested fields.
    @property
    def refs(self) -> dict[str, set[str]]:
        return self._config.get("refs", {})

    @refs.setter
    def refs(self, refs: dict[str, set[str]]) -> None:
        self._config["refs"] = refs

    def _validate_regex(self, pattern: str, field: str, value: Any) -> None:
        """{'type': 'string'}"""
        # The whole text must match: cerberus's own check lets a trailing newline through,
        # which the JSON Schemas (and the editors that read them) refuse.
        if isinstance(value, str) and not re.fullmatch(pattern, value):
            self._error(field, errors.REGEX_MISMATCH)

    def _validate_date(self, wanted: bool, field: str, value: Any) -> None:
        """{'type': 'boolean'}"""
        if wanted and isinstance(value, str) and parse_date(value) is None:
            self._error(field, "schema-date")

    def _validate_ref(self, kind: str, field: str, value: Any) -> None:
        """{'type': 'string', 'allowed': ['person', 'organisation', 'body', 'audience', 'document']}"""
        known = self.refs.get(kind)
        if known is not None and isinstance(value, str) and value not in known:
            self._error(field, f"ref-{kind}")


@dataclass(frozen=True)
class Field:
    """One value of a document, where it is, and what the schema says of it."""

    at: tuple[Any, ...]
    value: Any
    rules: dict[str, Any]
    named: bool  # the schema lists its key by name (not a key of a map of names)


def fields(data: Any, rules: dict[str, Any], at: tuple[Any, ...] = ()) -> Iterator[Field]:
    """Every value under ``data``, depth first, with the rules the schema gives it."""
    if isinstance(data, dict):
        listed = rules.get("schema") if rules.get("type") == "dict" and isinstance(rules.get("schema"), dict) else {}
        for key, value in data.items():
            inner = listed.get(key) if key in listed else rules.get("valuesrules") or rules.get("allow_unknown") or {}
            inner = inner if isinstance(inner, dict) else {}
            yield Field((*at, key), value, inner, key in listed)
            yield from fields(value, inner, (*at, key))
    elif isinstance(data, list):
        inner = rules.get("schema") if isinstance(rules.get("schema"), dict) else {}
        for index, value in enumerate(data):
            yield Field((*at, index), value, inner, False)
            yield from fields(value, inner, (*at, index))


def load_schemas(folder: Path) -> dict[str, Schema]:
    """Every schema in ``folder`` by name (the organisation's, then each document
    type's in pack order), with shared rule sets written in."""
    # Our own files, which use anchors: libyaml where it is installed, as it is much faster.
    yaml = YAML(typ="safe")
    common = yaml.load((folder / "_common.yaml").read_text(encoding="utf-8"))
    schemas = {}
    for name in (ORGANISATION, *document_types(folder)):
        raw = yaml.load((folder / f"{name}.yaml").read_text(encoding="utf-8"))
        rules = {key: _expand(value, common) for key, value in raw["schema"].items()}
        schemas[name] = Schema(name, raw.get("meta", {}), rules)
    return schemas


def validator(schema: Schema, refs: dict[str, set[str]], partial: bool = False) -> GovpackValidator:
    """A validator for one schema: unknown keys refused, every field required
    unless ``partial`` (a defaults file, which need not say everything)."""
    checker = schema.validators.get(partial)
    if checker is None:
        checker = schema.validators[partial] = GovpackValidator(schema.rules, require_all=not partial, allow_unknown=False)
    checker.refs = refs
    return checker


def _expand(rules: Any, common: dict[str, Any]) -> Any:
    """A rule set with shared rule sets named by string written out in full.

    Strings get ``empty: false`` unless they say otherwise: a required text holds
    text. ``type: date`` is text that must be a calendar date written YYYY-MM-DD
    (the loader keeps dates as text).
    """
    if isinstance(rules, str):
        return _expand(common[rules], common)
    if not isinstance(rules, dict):
        return rules  # allow_unknown: false
    out = dict(rules)
    if out.get("type") == "date":
        out.update(type="string", date=True)
    if out.get("type") in ("string", "text"):
        out.setdefault("empty", False)
    if out.get("type") == "text":
        out.update(keysrules={"type": "string", "allowed": list(LANGUAGES)}, valuesrules={"type": "string", "empty": False})
    inner = out.get("schema")
    if isinstance(inner, dict) and out.get("type") == "dict":
        out["schema"] = {key: _expand(value, common) for key, value in inner.items()}
    elif inner is not None:
        out["schema"] = _expand(inner, common)
    for key in ("keysrules", "valuesrules", "allow_unknown"):
        if key in out:
            out[key] = _expand(out[key], common)
    return out
