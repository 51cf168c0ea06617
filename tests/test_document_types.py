"""Document types: each is its schema, its template and its scaffold (and catalogue
entries), and nothing under src/ has to change to add one."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from cerberus import SchemaError
from babel.messages.pofile import read_po

import govpack
from conftest import EXAMPLES, ROOT
from govpack.reading.document_types import REQUIRED_META, document_types
from govpack.checking.schema import load_schemas, valid_definition
from govpack.errors import UsageError
from govpack.reading.texts import LANGUAGES, SOURCE_LANGUAGE
from govpack.rendering.i18n import LABELS, po_file
from govpack.project import Project
from govpack.tools.scaffold import new

TYPES = document_types(ROOT / "schemas")

# A type no cluster has yet: a yearly report of what the organisation did.
ANNUAL_REPORT_SCHEMA = """\
# Annual report: what the organisation did in the year, for its commissioner.
meta:
  label: Annual report
  order: 35
  description: "What the organisation did in the year, and what it spent."
  ico_class: priorities
schema:
  control: control
  publication: publication
  summary: markdown
  achievements:
    type: list
    minlength: 1
    schema: {type: dict, schema: {title: name, text: markdown}}
"""
ANNUAL_REPORT_TEMPLATE = """\
{% extends "document.html.j2" %}
{% from "_macros.html.j2" import heading, prose %}
{% block body %}
{{ prose(doc, "summary", _("Summary"), data.summary) }}
<section>
{{ heading(2, doc, "achievements", "What we achieved") }}
{% for item in data.achievements %}<h3>{{ item.title }}</h3>{{ item.text | md }}{% endfor %}
</section>
{% endblock %}
"""
ANNUAL_REPORT_SCAFFOLD = """\
{% from "_control.yaml.j2" import control with context %}
# {{ name }}: annual report.
{{ control((name ~ " Annual Report"), "Cluster Lead") }}
summary: |
  TODO: the year in a paragraph.
achievements:
  - title: "TODO: an achievement"
    text: |
      TODO: what was done, and what difference it made.
"""
ANNUAL_REPORT = """\
control:
  title: Wyvern Vale Annual Report 2026
  version: "1.0"
  status: approved
  approved_by: federation-board
  approved: 2026-06-01
  review: 2027-06-01
  owner: Cluster Lead
  history:
    - {version: "1.0", date: 2026-06-01, summary: First report.}
summary: |
  A year of **joint working** across the valley.
achievements:
  - title: Weekend phlebotomy
    text: Blood tests on Saturdays at two practices.
"""


@pytest.mark.parametrize("name", list(TYPES))
def test_every_document_type_has_its_template_scaffold_and_words(name: str) -> None:
    doc_type = TYPES[name]
    assert (ROOT / "templates" / f"{name}.html.j2").is_file()
    # A type govpack derives (a body's logs) is never written, so has no scaffold.
    assert (ROOT / "templates" / "scaffold" / f"{name}.yaml.j2").is_file() != bool(doc_type.derived)
    assert doc_type.ico_class in LABELS["ico_class"]
    for lang in LANGUAGES:
        if lang == SOURCE_LANGUAGE:
            continue
        with po_file(ROOT / "templates", lang).open("rb") as po:
            messages = read_po(po, locale=lang)
        for message, context in ((doc_type.label, "type"), (doc_type.description, None)):
            found = messages.get(message, context=context)
            assert found is not None and found.string, f"{lang}: {message!r} is not translated"


def test_types_come_in_the_order_their_schemas_give() -> None:
    assert [t.order for t in TYPES.values()] == sorted(t.order for t in TYPES.values())
    assert list(TYPES)[:2] == ["vision", "terms-of-reference"]


@pytest.mark.parametrize("name", sorted(load_schemas(ROOT / "schemas")))
def test_every_schema_s_rules_are_rules_cerberus_takes(name: str) -> None:
    # Validators trust the rules (cerberus does not check them in a run): this is where they are checked.
    valid_definition(load_schemas(ROOT / "schemas")[name])


def test_rules_cerberus_does_not_know_are_refused_by_the_schema_check() -> None:
    schema = load_schemas(ROOT / "schemas")["vision"]
    broken = replace(schema, rules={**schema.rules, "summary": {"type": "text", "maxlenght": 10}})
    with pytest.raises(SchemaError, match="maxlenght"):
        valid_definition(broken)


def test_a_schema_that_does_not_say_what_its_type_is_named_in_a_usage_error(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "schemas", tmp_path, dirs_exist_ok=True)
    (tmp_path / "minutes.yaml").write_text("meta:\n  label: Minutes\n  order: later\nschema: {}\n", encoding="utf-8")
    with pytest.raises(UsageError, match=r"minutes\.yaml: a document type's schema says in meta: description, ico_class"):
        document_types(tmp_path)
    (tmp_path / "minutes.yaml").write_text("meta: {label: Minutes, order: later, description: x, ico_class: decisions}\nschema: {}\n", encoding="utf-8")
    with pytest.raises(UsageError, match='order is "later"'):
        document_types(tmp_path)
    assert set(REQUIRED_META) == {"label", "description", "order", "ico_class"}


def test_a_document_type_added_as_three_files_is_scaffolded_checked_built_and_published(tmp_path: Path) -> None:
    # A copy of govpack's schemas and templates, to which the three files are added:
    # the code under src/ is the installed one, unchanged.
    home = tmp_path / "home"
    for folder in ("schemas", "templates"):
        shutil.copytree(ROOT / folder, home / folder)
    (home / "schemas" / "annual-report.yaml").write_text(ANNUAL_REPORT_SCHEMA, encoding="utf-8")
    (home / "templates" / "annual-report.html.j2").write_text(ANNUAL_REPORT_TEMPLATE, encoding="utf-8")
    (home / "templates" / "scaffold" / "annual-report.yaml.j2").write_text(ANNUAL_REPORT_SCAFFOLD, encoding="utf-8")

    # A new organisation gets the type's skeleton, which checks with placeholders only.
    scaffolded = tmp_path / "scaffolded"
    (scaffolded / "content").mkdir(parents=True)
    project = Project.at(scaffolded, home=home)
    written = new(project, "afon")
    assert scaffolded / "content" / "afon" / "annual-report.yaml" in written
    assert (scaffolded / "schemas" / "json" / "annual-report.schema.json").is_file()
    _, findings = govpack.check(project)
    assert any(f.path == "content/afon/annual-report.yaml" and f.rule == "placeholder" for f in findings)
    assert not [f for f in findings if f.severity == govpack.ERROR]

    # An organisation with one such document builds it, lists it in its place and publishes it.
    root = tmp_path / "project"
    shutil.copytree(EXAMPLES / "_defaults", root / "content" / "_defaults")
    (root / "content" / "wyvern-vale").mkdir(parents=True)
    shutil.copy(EXAMPLES / "wyvern-vale" / "organisation.yaml", root / "content" / "wyvern-vale")
    shutil.copy(EXAMPLES / "wyvern-vale" / "vision.yaml", root / "content" / "wyvern-vale")
    shutil.copy(EXAMPLES / "wyvern-vale" / "code-of-conduct.yaml", root / "content" / "wyvern-vale")
    (root / "content" / "wyvern-vale" / "annual-report.yaml").write_text(ANNUAL_REPORT, encoding="utf-8")
    project = Project.at(root, home=home)
    result = govpack.build(project)
    assert not [f for f in result.findings if f.severity == govpack.ERROR]
    internal = root / "build" / "internal" / "wyvern-vale"
    page = (internal / "annual-report.en.html").read_text(encoding="utf-8")
    assert "Annual report" in page and "<strong>joint working</strong>" in page and "Weekend phlebotomy" in page
    assert (internal / "annual-report.en.pdf").read_bytes().startswith(b"%PDF-")
    index = (internal / "index.html").read_text(encoding="utf-8")
    # Its order, 35, places it after the code of conduct (30).
    assert index.index("Vision and common purpose") < index.index("Code of conduct") < index.index("Annual report")
    manifest = json.loads((root / "build" / "manifest.json").read_text(encoding="utf-8"))["outputs"]
    assert {(e["type"], e["format"]) for e in manifest if e["document"] == "annual-report"} == {("annual-report", "html"), ("annual-report", "pdf"), ("annual-report", "docx")}

    govpack.publish(project)
    scheme = json.loads((root / "build" / "public" / "publication-scheme.json").read_text(encoding="utf-8"))
    listed = [item for item in scheme["items"] if item["document"] == "annual-report"]
    assert listed and all(item["class"] == "What our priorities are and how we are doing" for item in listed)
    guide = (root / "build" / "public" / "index.html").read_text(encoding="utf-8")
    assert "What the organisation did in the year, and what it spent." in guide
