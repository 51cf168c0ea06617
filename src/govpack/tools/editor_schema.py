"""JSON Schemas (2020-12) from the cerberus schemas, for editors to check as people type.

Each content file names its JSON Schema in a modeline that YAML editors read::

    # yaml-language-server: $schema=../../schemas/json/vision.schema.json

A JSON Schema says what one file may hold: its keys, their types, forms and allowed
values, and no unknown keys. It does not require a document's keys, because any of
them may come from shared defaults; the organisation file, which has none, is held
to every required key. What needs more than one file (references, the consistency
rules) and whether a date is on the calendar are left to ``invoke check``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from govpack.reading.document_types import ORGANISATION
from govpack.checking.schema import Schema, load_schemas
from govpack.reading.texts import LANGUAGES

DRAFT = "https://json-schema.org/draft/2020-12/schema"
FOLDER = "json"  # under schemas/
_SIMPLE = {"string": "string", "integer": "integer", "number": "number", "boolean": "boolean"}


def schema_file(root: Path, name: str) -> Path:
    """Where a project at ``root`` keeps the JSON Schema of ``name`` (a document type
    or organisation): in its own schemas/json/, so that the modelines that name it
    hold in every clone of the project, wherever govpack is installed."""
    return root / "schemas" / FOLDER / f"{name}.schema.json"


def modeline(root: Path, name: str, file: Path) -> str:
    """The first line of ``file``, naming its JSON Schema by a path relative to it."""
    relative = Path(os.path.relpath(schema_file(root, name), file.parent)).as_posix()
    return f"# yaml-language-server: $schema={relative}"


def json_schemas(schemas_dir: Path) -> dict[str, dict[str, Any]]:
    """The JSON Schema of the organisation file and of every document type someone
    writes, by name: not of those govpack derives (a body's logs)."""
    schemas = load_schemas(schemas_dir)
    return {name: json_schema(schema, required=name == ORGANISATION) for name, schema in schemas.items() if not schema.meta.get("derived")}


def json_schema(schema: Schema, required: bool) -> dict[str, Any]:
    """One cerberus schema as a JSON Schema document."""
    body = _translate({"type": "dict", "schema": schema.rules}, required)
    head = {"$schema": DRAFT, "title": schema.meta.get("label", schema.name)}
    if "description" in schema.meta:
        head["description"] = schema.meta["description"]
    return {**head, **body}


def write_json_schemas(schemas_dir: Path, root: Path) -> list[Path]:
    """Write the JSON Schema of every cerberus schema in ``schemas_dir`` into the
    project at ``root``; the paths written."""
    written = []
    for name, body in json_schemas(schemas_dir).items():
        path = schema_file(root, name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render(body), encoding="utf-8")
        written.append(path)
    return written


def render(body: dict[str, Any]) -> str:
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"


def _translate(rules: dict[str, Any], required: bool) -> dict[str, Any]:
    kind = rules.get("type")
    out: dict[str, Any] = {}
    help_text = rules.get("meta", {}).get("help")
    if help_text:
        out["description"] = help_text
    if rules.get("partial_date"):
        # A date, a month or a year; a year written unquoted is a number in YAML.
        out["anyOf"] = [
            {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "format": "date"},
            {"type": "string", "pattern": r"^\d{4}(-(0[1-9]|1[0-2]))?$"},
            {"type": "integer", "minimum": 1000, "maximum": 9999},
        ]
        return out
    if kind == "text":
        words = {"type": "string", "minLength": 1}
        per_language = {"type": "object", "minProperties": 1, "propertyNames": {"enum": list(LANGUAGES)}, "additionalProperties": words}
        out["anyOf"] = [words, per_language]
    if kind in _SIMPLE:
        out["type"] = _SIMPLE[kind]
    if kind == "string":
        if rules.get("empty") is False:
            out["minLength"] = 1
        if rules.get("date"):
            out.update(pattern=r"^\d{4}-\d{2}-\d{2}$", format="date")
        if "regex" in rules:
            out["pattern"] = f"^(?:{rules['regex']})$"
    if "allowed" in rules:
        out["enum"] = list(rules["allowed"])
    for cerberus_rule, keyword in (("min", "minimum"), ("max", "maximum")):
        if cerberus_rule in rules:
            out[keyword] = rules[cerberus_rule]
    if kind == "list":
        out["type"] = "array"
        if isinstance(rules.get("schema"), dict):
            out["items"] = _translate(rules["schema"], required)
        _lengths(rules, out, "minItems", "maxItems")
    if kind == "dict":
        out["type"] = "object"
        _lengths(rules, out, "minProperties", "maxProperties")
        fields = rules.get("schema")
        if isinstance(fields, dict):
            out["properties"] = {key: _translate(value, required) for key, value in fields.items()}
            if required:
                out["required"] = [key for key, value in fields.items() if value.get("required", True)]
            # Two keys that say the same thing two ways (a member's person or office).
            pairs = sorted({tuple(sorted((key, value["excludes"]))) for key, value in fields.items() if isinstance(value.get("excludes"), str)})
            if pairs:
                out["allOf"] = [{"not": {"required": list(pair)}} for pair in pairs]
        if isinstance(rules.get("keysrules"), dict) and "regex" in rules["keysrules"]:
            out["propertyNames"] = {"pattern": f"^(?:{rules['keysrules']['regex']})$"}
        extra = rules.get("valuesrules") or rules.get("allow_unknown")
        out["additionalProperties"] = _translate(extra, required) if isinstance(extra, dict) else False
    if rules.get("nullable"):
        out["type"] = [out["type"], "null"]
    return out


def _lengths(rules: dict[str, Any], out: dict[str, Any], least: str, most: str) -> None:
    if "minlength" in rules:
        out[least] = rules["minlength"]
    if "maxlength" in rules:
        out[most] = rules["maxlength"]
