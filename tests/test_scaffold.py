"""invoke new: a commented skeleton that passes the check with warnings only, and builds."""

from __future__ import annotations

import json
import re
from pathlib import Path

from jsonschema import Draft202012Validator

from conftest import CASES, ROOT, case_project, copy_examples, run_invoke
from govpack.tools.editor_schema import json_schemas
from govpack.reading.source import Source
from govpack.reading.load import load_file

TYPES = [
    "organisation", "vision", "terms-of-reference", "code-of-conduct", "communication-strategy", "service-level-agreement",
    "register-of-interests", "self-assessment", "role-description",
]
WARNING = re.compile(r"content/[a-z-]+/[a-z-]+\.yaml:\d+:\d+: warning: .* \[(placeholder|vision-sign-up)\]")


def test_a_new_cluster_passes_the_check_with_warnings_and_builds(tmp_path: Path) -> None:
    project = copy_examples(tmp_path)
    made = run_invoke("new", "afon-teifi", cwd=project)
    assert made.returncode == 0, made.stderr
    assert [line for line in made.stdout.splitlines() if line.startswith("wrote ")] == [
        *(f"wrote content/afon-teifi/{name}.yaml" for name in TYPES),
        *(f"wrote schemas/json/{name}.schema.json" for name in [*TYPES, "meeting"]),  # what the modelines name, in the project
    ]
    checked = run_invoke("check", cwd=project)
    assert checked.returncode == 0, checked.stderr
    warnings = checked.stderr.splitlines()
    assert warnings and all(WARNING.fullmatch(line) for line in warnings), [line for line in warnings if not WARNING.fullmatch(line)]
    assert all(line.startswith("content/afon-teifi/") for line in warnings)
    built = run_invoke("build", cwd=project)
    assert built.returncode == 0, built.stderr
    manifest = json.loads((project / "build" / "manifest.json").read_text(encoding="utf-8"))["outputs"]
    assert {e["document"] for e in manifest if e["organisation"] == "afon-teifi"} == {*TYPES[1:], "pack"}
    assert all(e["status"] == "draft" for e in manifest if e["organisation"] == "afon-teifi")


def test_a_new_federation_in_welsh_and_english_stands_without_shared_defaults(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    made = run_invoke("new", "wye-valley", "--kind", "federation", "--languages", "en,cy", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    organisation = (tmp_path / "content" / "wye-valley" / "organisation.yaml").read_text(encoding="utf-8")
    assert "\nkind: federation\n" in organisation and "\nlanguages: [en, cy]\n" in organisation
    checked = run_invoke("check", cwd=tmp_path)
    assert checked.returncode == 0, checked.stderr
    assert all(WARNING.fullmatch(line) for line in checked.stderr.splitlines())
    schemas = json_schemas(ROOT / "schemas")
    for name in TYPES:
        file = tmp_path / "content" / "wye-valley" / f"{name}.yaml"
        source = load_file(tmp_path, file)
        assert isinstance(source, Source)
        assert file.read_text(encoding="utf-8").startswith(f"# yaml-language-server: $schema=../../schemas/json/{name}.schema.json\n")
        assert (tmp_path / "schemas" / "json" / f"{name}.schema.json").is_file()
        assert list(Draft202012Validator(schemas[name]).iter_errors(source.data)) == [], name


def test_new_refuses_what_it_cannot_make(tmp_path: Path) -> None:
    cwd = case_project(CASES / "good-organisation", tmp_path / "case")
    cases = {
        ("acme",): 'error: content/acme/ already exists: choose another name, or edit it',
        ("Afon Teifi",): 'error: "Afon Teifi" is not a name for an organisation folder: use up to 60 lower-case letters and digits joined by hyphens, other than assets',
        ("assets",): 'error: "assets" is not a name for an organisation folder: use up to 60 lower-case letters and digits joined by hyphens, other than assets',
        ("afon", "--kind", "trust"): 'error: --kind is "trust"; it must be one of: cluster, federation, network, locality, public-services-board, partnership, other',
        ("afon", "--languages", "fr"): 'error: --languages is "fr"; give one or more of en, cy, separated by commas',
    }
    for args, message in cases.items():
        result = run_invoke("new", *args, cwd=cwd)
        assert (result.returncode, result.stderr.strip()) == (2, message), args
    assert sorted(p.name for p in (cwd / "content").iterdir()) == ["acme"]
