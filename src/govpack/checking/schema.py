"""The cerberus schemas in schemas/, and the validator that applies them.

Each schema file is YAML: ``meta`` (what the type is: see ``document_types``) and
``schema`` (cerberus rules). ``_common.yaml`` holds rule sets shared by name, such as
``date``, ``markdown`` and ``control``. Every field is required unless it says
``required: false``, and every required string must hold something. ``type: text``
is words a reader sees: a string, or a string per language (``{en: ..., cy: ...}``).

What the guide recommends a document states, and a real document may not, is
listed in the ``meta: recommends`` of the type, or of a shared rule set such as
``control`` (a field's dotted path: the guide's section, and after a colon what
the field states, where its key does not say it well): those fields are optional,
and ``recommended`` finds the ones a document leaves out, for ``check --guide``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from cerberus import TypeDefinition, Validator, errors
from cerberus.schema import DefinitionSchema, UnvalidatedSchema
from ruamel.yaml import YAML

from govpack.errors import UsageError
from govpack.project import parse_date, parse_partial_date
from govpack.reading.document_types import ORGANISATION, document_types
from govpack.reading.texts import LANGUAGES


# The free-form sections every document type has, from the shared rule set of that name.
SECTIONS = "sections"
# The rules of each language's text in a ``type: text`` given per language.
PER_LANGUAGE = {"type": "string", "empty": False}


@dataclass(frozen=True)
class Schema:
    """One document type's rules and what the schema says about the type."""

    name: str
    meta: dict[str, Any]
    rules: dict[str, Any]
    # Validators by ``partial``, made once per process.
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

    def _validate_partial_date(self, wanted: bool, field: str, value: Any) -> None:
        """{'type': 'boolean'}"""
        # A year written unquoted reaches us as a number.
        text = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
        if wanted and isinstance(text, str) and parse_date(text) is None and parse_partial_date(text) is None:
            self._error(field, "schema-partial-date")

    def _validate_languages(self, languages: list[str], field: str, value: Any) -> None:
        """{'type': 'list'}"""
        # A text per language is checked here in one pass. Cerberus's keysrules and
        # valuesrules, which say the same, made two child validators for every text of
        # every document: more than half of a check's time. The errors are the ones
        # they gave, at the same places, so the findings are worded as before.
        if not isinstance(value, dict):
            return
        found = []
        for language, text in value.items():
            at = (*self.document_path, field, language)
            if language not in languages:
                found.append(errors.ValidationError(at, (*self.schema_path, field, "keysrules", language, "allowed"), errors.UNALLOWED_VALUE.code, "allowed", languages, language, ()))
            if text is None:
                error, constraint = errors.NOT_NULLABLE, False
            elif not isinstance(text, str):
                error, constraint = errors.BAD_TYPE, PER_LANGUAGE["type"]
            elif not text:
                error, constraint = errors.EMPTY_NOT_ALLOWED, False
            else:
                continue
            found.append(errors.ValidationError(at, (*self.schema_path, field, "valuesrules", language, error.rule), error.code, error.rule, constraint, text, ()))
        if found:
            self._error(found)

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


def field_name(at: tuple[Any, ...]) -> str:
    """A field as a message names it: '"mission"', 'item 2 of "values"', "the document"."""
    if not at:
        return "the document"
    if isinstance(at[-1], int):
        parent = f'"{at[-2]}"' if len(at) > 1 else "the list"
        return f"item {at[-1] + 1} of {parent}"
    return f'"{at[-1]}"'


def fields(data: Any, rules: dict[str, Any], at: tuple[Any, ...] = ()) -> Iterator[Field]:
    """Every value under ``data``, depth first, with the rules the schema gives it."""
    if isinstance(data, dict):
        listed = rules.get("schema") if rules.get("type") == "dict" and isinstance(rules.get("schema"), dict) else {}
        for key, value in data.items():
            inner = listed.get(key) if key in listed else values_rules(rules)
            yield Field((*at, key), value, inner, key in listed)
            yield from fields(value, inner, (*at, key))
    elif isinstance(data, list):
        inner = rules.get("schema") if isinstance(rules.get("schema"), dict) else {}
        for index, value in enumerate(data):
            yield Field((*at, index), value, inner, False)
            yield from fields(value, inner, (*at, index))


def values_rules(rules: dict[str, Any]) -> dict[str, Any]:
    """The rules of each value of a mapping with ``rules`` whose keys the rules do not
    list by name: a text's languages, or a map of names (``valuesrules``)."""
    if rules.get("type") == "text":
        return PER_LANGUAGE
    inner = rules.get("valuesrules") or rules.get("allow_unknown") or {}
    return inner if isinstance(inner, dict) else {}


def load_schemas(folder: Path) -> dict[str, Schema]:
    """Every schema in ``folder`` by name (the organisation's, then each document
    type's in pack order), with shared rule sets written in."""
    # Our own files, which use anchors: libyaml where it is installed, as it is much faster.
    yaml = YAML(typ="safe")
    common = yaml.load((folder / "_common.yaml").read_text(encoding="utf-8"))
    schemas = {}
    for name in (ORGANISATION, *document_types(folder)):
        path = folder / f"{name}.yaml"
        raw = yaml.load(path.read_text(encoding="utf-8"))
        meta = raw.get("meta", {})
        try:
            rules = _expand({"type": "dict", "schema": raw["schema"], "meta": meta}, common)["schema"]
        except ValueError as err:
            raise UsageError(f"{path}: {err}") from err
        if name != ORGANISATION:
            rules[SECTIONS] = _free_sections(rules, common)
        schemas[name] = Schema(name, meta, rules)
    return schemas


def _free_sections(rules: dict[str, Any], common: dict[str, Any]) -> dict[str, Any]:
    """The rules of a document type's free-form sections: ``after`` may name any of
    its own sections (its top-level keys, less control and publication)."""
    sections = _expand(SECTIONS, common)
    placed = [key for key in rules if key not in ("control", "publication")]
    sections["schema"]["schema"]["after"]["allowed"] = placed
    return sections


def _recommend(rules: dict[str, Any], dotted: str, section: str) -> None:
    """Make the field at ``dotted`` in the dict schema ``rules`` optional, noting
    the guide's ``section`` that recommends it. Raises ``ValueError`` for a path
    the schema does not have."""
    listed, steps = rules, dotted.split(".")
    for step in steps[:-1]:
        inner = listed.get(step) if isinstance(listed, dict) else None
        listed = inner.get("schema") if isinstance(inner, dict) and inner.get("type") == "dict" else None
    field = listed.get(steps[-1]) if isinstance(listed, dict) else None
    if not isinstance(field, dict):
        raise ValueError(f'meta: recommends names "{dotted}", which is not a field of the schema')
    section, _, what = section.partition(": ")
    words = {"guide_what": what} if what else {}
    listed[steps[-1]] = {**field, "required": False, "meta": {**field.get("meta", {}), "guide": section, **words}}


@dataclass(frozen=True)
class Gap:
    """A field the guide recommends that a document does not state: its parent's
    key path, the field's own key, the guide's section, and what the field states
    in words (its key's words unless the schema says better)."""

    parent: tuple[Any, ...]
    key: str
    section: str
    what: str


def recommended(data: Any, rules: dict[str, Any], at: tuple[Any, ...] = ()) -> Iterator[Gap]:
    """Every field under ``data`` that the schema says the guide recommends and that
    ``data`` leaves out (nor states another way: the field's ``meta: alternatives``),
    in the schema's order; within stated fields only (a section left out is one
    gap, not one per field of it)."""
    if not isinstance(data, dict):
        return
    for key, inner in rules.items():
        if not isinstance(inner, dict):
            continue
        if key not in data:
            meta = inner.get("meta", {})
            # A field whose ``alternatives`` say the same another way is stated by any of them.
            if "guide" in meta and not any(other in data for other in meta.get("alternatives", ())):
                yield Gap(at, key, meta["guide"], meta.get("guide_what") or key.replace("_", " "))
        elif inner.get("type") == "dict" and isinstance(inner.get("schema"), dict):
            yield from recommended(data[key], inner["schema"], (*at, key))


def validator(schema: Schema, refs: dict[str, set[str]], partial: bool = False) -> GovpackValidator:
    """A validator for one schema: unknown keys refused, every field required
    unless ``partial`` (a defaults file, which need not say everything)."""
    checker = schema.validators.get(partial)
    if checker is None:
        # The schemas are govpack's own files, whose rules a test holds valid
        # (``valid_definition``): cerberus checking them again in every run cost a
        # third of a second, more than validating an organisation's documents.
        definition = UnvalidatedSchema(DefinitionSchema.expand(schema.rules))
        checker = schema.validators[partial] = GovpackValidator(definition, require_all=not partial, allow_unknown=False)
    checker.refs = refs
    return checker


def valid_definition(schema: Schema) -> None:
    """Nothing if cerberus takes ``schema``'s rules as a valid schema; else raises
    cerberus's ``SchemaError``, which names each rule it refuses. Run by the tests,
    not by ``validator``, which trusts the rules it is given."""
    DefinitionSchema(GovpackValidator(), schema.rules)


def _expand(rules: Any, common: dict[str, Any]) -> Any:
    """A rule set with shared rule sets named by string written out in full.

    Strings get ``empty: false`` unless they say otherwise: a required text holds
    text. ``type: date`` is text that must be a calendar date written YYYY-MM-DD
    (the loader keeps dates as text); ``type: partial_date`` may also be a year
    (YYYY) or a month (YYYY-MM), where a document says no more.
    """
    if isinstance(rules, str):
        return _expand(common[rules], common)
    if not isinstance(rules, dict):
        return rules  # allow_unknown: false
    out = dict(rules)
    if out.get("type") == "date":
        out.update(type="string", date=True)
    if out.get("type") == "partial_date":
        out.update(type=["string", "integer"], partial_date=True)
    if out.get("type") in ("string", "text"):
        out.setdefault("empty", False)
    if out.get("type") == "text":
        out.update(languages=list(LANGUAGES))
    inner = out.get("schema")
    if isinstance(inner, dict) and out.get("type") == "dict":
        out["schema"] = {key: _expand(value, common) for key, value in inner.items()}
        for dotted, section in out.get("meta", {}).get("recommends", {}).items():
            _recommend(out["schema"], dotted, str(section))
    elif inner is not None:
        out["schema"] = _expand(inner, common)
    for key in ("keysrules", "valuesrules", "allow_unknown"):
        if key in out:
            out[key] = _expand(out[key], common)
    return out
