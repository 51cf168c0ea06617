"""invoke publish: the approved documents, personal data removed, filed by ICO class."""

from __future__ import annotations

import csv
import hashlib
import io
import importlib
import itertools
import json
import os
import re
import shutil
import time
import zlib
from dataclasses import replace
from pathlib import Path
from typing import Iterator

import pytest
from pypdf import PdfReader
from ruamel.yaml import YAML

import govpack
from conftest import ROOT, copy_examples, run_invoke
from govpack.reading.document_types import document_types
from govpack.rendering.i18n import LABELS
from govpack.pipeline.publish import WITHHELD, public_organisation, record_upload
from govpack.pipeline.report import as_text
from govpack.rendering.names import PUBLIC, SCREEN
from govpack.rendering.render import Renderer
from govpack.checking.schema import load_schemas

CORES = importlib.import_module("govpack.cores")

CLASSES = set(LABELS["ico_class"].values())


def _items(build: Path) -> list[dict]:
    return json.loads((build / "public" / "publication-scheme.json").read_text(encoding="utf-8"))["items"]


def test_the_public_set_holds_the_guide_and_the_scheme(published: govpack.Project) -> None:
    said = (published.root / "publish.log").read_text(encoding="utf-8")
    assert "documents: 29 added, 0 updated, 0 withdrawn" in said  # 17 documents, 9 approved minutes, 3 decision logs
    for name in ("index.html", "publication-scheme.json", "publication-scheme.csv", "accessibility.html"):
        assert (published.output / "public" / name).is_file(), name
    for org in ("cwm-arian", "wyvern-vale"):
        assert (published.output / "public" / org / "index.html").is_file()


def test_only_approved_documents_are_published(published: govpack.Project) -> None:
    documents = {(item["organisation"], item["document"]) for item in _items(published.output)}
    assert ("cwm-arian", "communication-strategy") not in documents  # the draft
    assert ("cwm-arian", "stakeholder-board-2025") not in documents  # superseded
    assert ("cwm-arian", "stakeholder-board") in documents
    assert list((published.output / "public" / "cwm-arian").glob("communication-strategy*")) == []
    assert list((published.output / "public" / "wyvern-vale").glob("communication-strategy*")) != []  # approved there
    manifest = json.loads((published.output / "manifest.json").read_text(encoding="utf-8"))["outputs"]
    public = [entry for entry in manifest if entry["audience"] == "public"]
    assert {entry["status"] for entry in public} == {"approved"}


def test_every_item_names_one_of_the_seven_classes_by_default_or_by_choice(published: govpack.Project) -> None:
    items = [item for item in _items(published.output) if item["lang"] == "en"]
    assert {item["class"] for item in items} <= CLASSES
    classes = {(item["organisation"], item["document"]): item["class"] for item in items}
    assert classes[("cwm-arian", "leadership-team")] == "Who we are and what we do"  # the type's default
    assert classes[("wyvern-vale", "terms-of-reference")] == "How we make decisions"  # the document's own
    assert classes[("wyvern-vale", "service-level-agreement")] == "What we spend and how we spend it"


def test_json_and_csv_hold_the_same_rows_and_match_the_files(published: govpack.Project) -> None:
    items = _items(published.output)
    rows = list(csv.DictReader(io.StringIO((published.output / "public" / "publication-scheme.csv").read_text(encoding="utf-8"))))
    assert list(rows[0]) == ["title", "class", "organisation", "document", "format", "lang", "path", "approved", "review", "version", "cost", "sha256", "bytes"]
    assert rows == [{key: str(value) for key, value in item.items()} for item in items]
    for item in items:
        content = (published.output / "public" / item["path"]).read_bytes()
        assert (item["sha256"], item["bytes"]) == (hashlib.sha256(content).hexdigest(), len(content))
    costs = {(item["organisation"], item["lang"]): item["cost"] for item in items}
    assert costs == {
        ("cwm-arian", "en"): "Free",
        ("cwm-arian", "cy"): "Am ddim",
        ("severnbrook", "en"): "Free",
        ("wyvern-vale", "en"): "Free online; on paper: 10p a page after the first 20 pages, plus second-class postage",
    }


def test_the_manifest_lists_public_outputs_beside_internal_ones(published: govpack.Project) -> None:
    manifest = json.loads((published.output / "manifest.json").read_text(encoding="utf-8"))["outputs"]
    public = sorted(entry["path"] for entry in manifest if entry["audience"] == "public" and entry["type"] != "pack")
    assert public == sorted(f"public/{item['path']}" for item in _items(published.output))
    packs = sorted(entry["path"] for entry in manifest if entry["audience"] == "public" and entry["type"] == "pack")
    assert packs == ["public/cwm-arian/pack.cy.pdf", "public/cwm-arian/pack.en.pdf", "public/severnbrook/pack.en.pdf", "public/wyvern-vale/pack.en.pdf"]
    assert any(entry["audience"] == "internal" for entry in manifest)


def test_the_guide_links_every_item_and_says_how_to_obtain_it(published: govpack.Project) -> None:
    guide = (published.output / "public" / "index.html").read_text(encoding="utf-8")
    welsh_guide = (published.output / "public" / "index.cy.html").read_text(encoding="utf-8")
    for item in _items(published.output):
        assert f'href="{item["path"]}"' in (guide if item["lang"] == "en" else welsh_guide)
    for name in CLASSES:
        assert f">{name}</h2>" in guide.replace("&#39;", "'")
    assert 'href="mailto:governance@example.com"' in guide
    statement = (published.output / "public" / "accessibility.html").read_text(encoding="utf-8")
    assert "WCAG" in statement and "PDF/UA-1" in statement and "governance@example.com" in statement


def _changed(report: dict, change: str) -> list[str]:
    return [f["path"] for f in report["files"] if f["change"] == change]


def test_the_report_compares_with_the_publication_the_website_holds(tmp_path: Path) -> None:
    # One organisation, in one language, its documents without its minutes, to keep the six publications quick.
    project = govpack.Project.at(copy_examples(tmp_path), organisations=["wyvern-vale"])
    shutil.rmtree(project.content / "wyvern-vale" / "meetings")
    first = govpack.publish(project)
    public = sorted(p.relative_to(project.output / "public").as_posix() for p in (project.output / "public").rglob("*") if p.is_file())
    assert first.report["previous_publication"] is None
    assert _changed(first.report, "added") == public  # every file: packs, pages, CSV, JSON, assets
    assert len(first.report["documents"]["added"]) == 6
    assert not list((project.output / "public").rglob("*report*")) and not (project.output / "public" / "changes.json").exists()
    written = json.loads((project.output / "publication-report.json").read_text(encoding="utf-8"))
    assert written == first.report
    # Nothing recorded as uploaded: publishing again still lists every file to upload.
    assert _changed(govpack.publish(project).report, "added") == public
    assert (project.root / "published.json").exists() is False
    record_upload(project)
    assert (project.root / "published.json").read_bytes() == (project.output / "public" / "publication-scheme.json").read_bytes()
    again = govpack.publish(project)
    assert _changed(again.report, "unchanged") == public and again.report["documents"]["added"] == []

    vision = project.content / "wyvern-vale" / "vision.yaml"
    text = vision.read_text(encoding="utf-8")
    vision.write_text(text.replace('  version: "2.0"\n', '  version: "2.1"\n', 1).replace("  history:\n", '  history:\n    - version: "2.1"\n      date: 2026-11-01\n      summary: Milestones brought up to date.\n', 1), encoding="utf-8")
    sla = project.content / "wyvern-vale" / "service-level-agreement.yaml"
    sla.write_text(sla.read_text(encoding="utf-8").replace("  status: approved\n", "  status: draft\n", 1), encoding="utf-8")
    changed = govpack.publish(project).report
    withdrawn = ["wyvern-vale/service-level-agreement.en.html", "wyvern-vale/service-level-agreement.en.pdf"]
    assert _changed(changed, "withdrawn") == withdrawn
    updated = _changed(changed, "updated")
    for path in ("wyvern-vale/vision.en.html", "wyvern-vale/vision.en.pdf", "wyvern-vale/pack.en.pdf", "wyvern-vale/index.html", "publication-scheme.json", "publication-scheme.csv", "index.html"):
        assert path in updated, path
    assert "wyvern-vale/code-of-conduct.en.pdf" in _changed(changed, "unchanged")
    assert [(c["document"], c["previous_version"], c["version"]) for c in changed["documents"]["updated"]] == [("vision", "2.0", "2.1")]
    assert [c["document"] for c in changed["documents"]["withdrawn"]] == ["service-level-agreement"]
    assert not (project.output / "public" / "wyvern-vale" / "service-level-agreement.en.pdf").exists()

    # Publishing twice before uploading, cleaning, publishing from nothing: still to take down.
    assert _changed(govpack.publish(project).report, "withdrawn") == withdrawn
    shutil.rmtree(project.output)
    assert _changed(govpack.publish(project).report, "withdrawn") == withdrawn
    text = (project.output / "publication-report.txt").read_text(encoding="utf-8")
    assert "Remove these files from the website: 2\n  wyvern-vale/service-level-agreement.en.html\n  wyvern-vale/service-level-agreement.en.pdf\n" in text
    assert text.endswith("When the website holds this set, run the task uploaded (invoke uploaded, or govpack uploaded) and commit published.json: the next report starts from it.\n")
    guide = (project.output / "public" / "index.html").read_text(encoding="utf-8")
    assert "remove the files" not in guide and "replace the files" not in guide and "service-level-agreement.en.pdf" not in guide


def test_the_report_says_minutes_changed_without_asking_them_for_a_version() -> None:
    minutes = {"organisation": "cwm-arian", "document": "leadership-team-2026-03-12", "title": "Leadership Team, 12 March 2026", "lang": "en", "version": "", "previous_version": ""}
    vision = {"organisation": "cwm-arian", "document": "vision", "title": "Vision", "lang": "en", "version": "2.0", "previous_version": "2.0"}
    body = {"previous_publication": "published.json", "files": [], "documents": {"added": [], "updated": [minutes, vision], "withdrawn": [], "drafted": []}}
    text = as_text(body, "build/public")
    assert "  cwm-arian/leadership-team-2026-03-12 (en): Leadership Team, 12 March 2026 (its text changed)\n" in text
    assert "  cwm-arian/vision (en): Vision, version 2.0 (its text changed, but not its version: give it a new version and a line in its change history)\n" in text
    body["documents"]["drafted"] = [{"organisation": "cwm-arian", "document": "vision", "title": "Vision", "version": "2.0", "draft_version": "2.1", "left_out": ""}]
    assert "  cwm-arian/vision (en): Vision, version 2.0 (the version in force, printed again as its new version is drafted)\n" in as_text(body, "build/public")


def test_a_publication_given_with_since_is_what_the_report_compares_with(tmp_path: Path) -> None:
    project = copy_examples(tmp_path, ("wyvern-vale",))
    shutil.rmtree(project / "content" / "wyvern-vale" / "meetings")
    first = run_invoke("publish", cwd=project)
    assert first.returncode == 0, first.stderr
    assert "to remove from the website: unknown (no publication recorded: see the report)" in first.stdout
    shutil.copy(project / "build" / "public" / "publication-scheme.json", tmp_path / "website.json")
    shutil.rmtree(project / "build")
    result = run_invoke("publish", "--since", str(tmp_path / "website.json"), cwd=project)
    assert result.returncode == 0, result.stderr
    assert "to upload: 0 new and 0 changed file(s); to remove from the website: 0; unchanged: 21." in result.stdout
    # Compared with the website's own scheme, as CI does: the next report starts from it again.
    report = (project / "build" / "publication-report.txt").read_text(encoding="utf-8")
    assert report.endswith("The next report starts from the publication scheme the website holds then, given again with publish --since, or from published.json if you record this set with the task uploaded.\n")
    missing = run_invoke("publish", "--since", str(tmp_path / "nothing.json"), cwd=project)
    assert missing.returncode == 2 and missing.stderr.startswith(f"error: cannot read {tmp_path / 'nothing.json'} (No such file or directory)")
    (tmp_path / "other.json").write_text('{"title": "not a scheme"}', encoding="utf-8")
    broken = run_invoke("publish", "--since", str(tmp_path / "other.json"), cwd=project)
    assert broken.returncode == 2 and "is not a publication-scheme.json govpack wrote (it has no list of documents and files)" in broken.stderr
    recorded = run_invoke("uploaded", cwd=project)
    assert recorded.returncode == 0 and (project / "published.json").is_file()


def test_a_failed_publication_leaves_the_last_public_set_as_it_was(tmp_path: Path) -> None:
    project = govpack.Project.at(copy_examples(tmp_path))
    govpack.publish(project)
    before = {p: p.read_bytes() for p in sorted((project.output / "public").rglob("*")) if p.is_file()}
    vision = project.content / "wyvern-vale" / "vision.yaml"
    vision.write_text(vision.read_text(encoding="utf-8") + "broken: [unclosed\n", encoding="utf-8")
    with pytest.raises(govpack.FindingsError):
        govpack.publish(project)
    after = {p: p.read_bytes() for p in sorted((project.output / "public").rglob("*")) if p.is_file()}
    assert after == before


EMAIL_CANARY = "canary-5e1f7"
PHONE_CANARY = "07700 918273"


def _canaries(text: str) -> list[str]:
    """The canaries in ``text``, however spaced: PDF text may be split or re-spaced."""
    squeezed = re.sub(r"\s+", "", text)
    return [c for c in (EMAIL_CANARY, PHONE_CANARY.replace(" ", "")) if c in squeezed]


def _pdf_strings(path: Path) -> list[str]:
    """Everything a PDF could say: its text, metadata, bookmarks and every stream, decompressed."""
    raw = path.read_bytes()
    reader = PdfReader(path)
    said = [page.extract_text() or "" for page in reader.pages]
    said.append(repr(dict(reader.metadata or {})))
    said.append(repr(reader.outline))
    for stream in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", raw, re.S):
        try:
            said.append(zlib.decompress(stream[1]).decode("latin-1"))
        except zlib.error:
            said.append(stream[1].decode("latin-1"))
    return said


def test_personal_contact_details_never_reach_the_public_set(tmp_path: Path) -> None:
    project = copy_examples(tmp_path)
    for org in ("cwm-arian", "wyvern-vale"):
        path = project / "content" / org / "organisation.yaml"
        text = re.sub(r"(\n    email: ).*", rf"\g<1>{EMAIL_CANARY}@example.org", path.read_text(encoding="utf-8"))
        text = re.sub(r"(\n    phone: ).*", rf'\g<1>"{PHONE_CANARY}"', text)
        path.write_text(text, encoding="utf-8")
    built = govpack.Project.at(project)
    # The members' build of one organisation is enough to show the canaries are there to find.
    govpack.build(govpack.Project.at(project, organisations=("wyvern-vale",)))
    govpack.publish(built)
    # The canaries are findable where members may see them: the search works.
    internal = (built.output / "internal" / "wyvern-vale" / "terms-of-reference.en.html").read_text(encoding="utf-8")
    assert _canaries(internal) == [EMAIL_CANARY, PHONE_CANARY.replace(" ", "")]
    assert _canaries(" ".join(_pdf_strings(built.output / "internal" / "wyvern-vale" / "terms-of-reference.en.pdf"))) != []
    files = [p for p in sorted((built.output / "public").rglob("*")) if p.is_file()]
    assert files
    for path in files:
        assert _canaries(path.read_bytes().decode("latin-1")) == [], path
        if path.suffix == ".pdf":
            assert [_canaries(text) for text in _pdf_strings(path) if _canaries(text)] == [], path


def test_any_field_a_schema_marks_personal_is_withheld_before_rendering() -> None:
    project = govpack.Project.at(ROOT)
    organisations, _ = govpack.check(project)
    schemas = load_schemas(project.schemas)
    people = schemas["organisation"].rules["people"]["valuesrules"]["schema"]
    marked = {**schemas, "organisation": replace(schemas["organisation"], rules={
        **schemas["organisation"].rules,
        "people": {**schemas["organisation"].rules["people"], "valuesrules": {"type": "dict", "schema": {**people, "role": {**people["role"], "meta": {"personal": True}}}}},
    })}
    wyvern = next(org for org in organisations if org.slug == "wyvern-vale")
    public = public_organisation(wyvern, marked, document_types(ROOT / "schemas"))
    for slug, person in public.data["people"].items():
        original = wyvern.data["people"][slug]
        assert person == {**original, "role": WITHHELD, "email": WITHHELD, "phone": WITHHELD}
    assert {doc.control["status"] for doc in public.documents} == {"approved"}
    # Templates that show a withheld field show that it was withheld, and nothing of it.
    terms = next(doc for doc in public.documents if doc.type == "terms-of-reference")
    html = Renderer(project.templates, document_types(project.schemas)).document(public, terms, "en", SCREEN, PUBLIC)
    assert WITHHELD in html


def test_keys_that_are_names_are_never_taken_for_personal_fields(tmp_path: Path) -> None:
    project = govpack.Project.at(copy_examples(tmp_path))
    strategy = project.content / "wyvern-vale" / "communication-strategy.yaml"
    text = strategy.read_text(encoding="utf-8")
    text = text.replace("\naudiences:\n", "\naudiences:\n  email:\n    name: People who write to us\n    description: Everyone who emails the federation.\n", 1)
    text = text.replace("\nchannels:\n  - name: ", "\nchannels:\n  - name: Email replies\n    description: Replies to every email within five working days.\n    audiences: [email]\n  - name: ", 1)
    strategy.write_text(text, encoding="utf-8")
    result = govpack.publish(project)
    assert result.findings == []
    page = (project.output / "public" / "wyvern-vale" / "communication-strategy.en.html").read_text(encoding="utf-8")
    assert "People who write to us" in page


def _people(org: Path) -> list[tuple[str, str]]:
    """Each person's email and phone in an organisation's file, as written."""
    data = YAML(typ="safe").load((org / "organisation.yaml").read_text(encoding="utf-8"))
    return [(person["email"], person["phone"]) for person in data["people"].values()]


def _plant(path: Path, canaries: Iterator[str]) -> list[str]:
    """A canary appended to every long text of the document at ``path``, in each of
    its languages; the canaries planted, in order."""
    yaml = YAML()
    yaml.preserve_quotes = True
    data = yaml.load(path.read_text(encoding="utf-8"))
    planted: list[str] = []

    def visit(node: object) -> None:
        keys = list(node.keys()) if isinstance(node, dict) else range(len(node)) if isinstance(node, list) else []
        for key in keys:
            value = node[key]
            if isinstance(value, str) and len(value.split()) >= 6:
                canary = next(canaries)
                node[key] = f"{value.rstrip()} For urgent items call on {canary}."
                planted.append(canary)
            elif isinstance(value, (dict, list)) and key != "control":
                visit(value)

    visit(data)
    out = io.StringIO()
    yaml.dump(data, out)
    path.write_text(out.getvalue(), encoding="utf-8")
    return planted


def test_every_persons_contact_details_typed_into_published_texts_stop_publishing(tmp_path: Path) -> None:
    """Layer one: check. Each person's email and phone, planted in a free-text field of
    every approved document in each of its languages, is an error at its line."""
    project = govpack.Project.at(copy_examples(tmp_path))
    organisations, _ = govpack.check(project)
    planted: dict[str, list[str]] = {}
    for org in organisations:
        details = [value for pair in _people(project.content / org.slug) for value in pair]
        canaries = itertools.cycle(details)
        for doc in org.documents:
            if doc.control["status"] == "approved":
                planted[doc.source.path] = _plant(project.root / doc.source.path, canaries)
        assert set(details) <= {canary for path, found in planted.items() if f"/{org.slug}/" in path for canary in found}
    assert "content/cwm-arian/terms-of-reference/leadership-team.yaml" in planted  # a document in Welsh and English
    before = {p: p.read_bytes() for p in (project.output / "public").rglob("*")} if (project.output / "public").exists() else {}
    with pytest.raises(govpack.FindingsError) as raised:
        govpack.publish(project)
    errors = [f for f in raised.value.findings if f.rule == "personal-data"]
    for path, canaries in planted.items():
        for canary in canaries:
            assert any(f.path == path and f'"{canary}" is ' in f.message and f.severity == "error" for f in errors), (path, canary)
    assert not (project.output / "public").exists() or before


def test_the_last_gate_reads_every_published_file_whatever_check_missed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Layer two: with the check's rule switched off, publishing reads the pages,
    PDFs, JSON and CSV it would write, refuses, and names the file and the text."""
    import govpack.checking.validate

    monkeypatch.setattr(govpack.checking.validate, "_personal_data", lambda *args, **kwargs: [])
    project = govpack.Project.at(copy_examples(tmp_path), organisations=["wyvern-vale"])
    govpack.publish(project)
    before = {p: p.read_bytes() for p in sorted((project.output / "public").rglob("*")) if p.is_file()}
    terms = project.content / "wyvern-vale" / "terms-of-reference.yaml"
    text = terms.read_text(encoding="utf-8")
    email = _people(project.content / "wyvern-vale")[0][0]
    lines = text.splitlines(keepends=True)
    title = next(i for i, line in enumerate(lines) if line.startswith("  title: "))
    lines[title] = lines[title].rstrip("\n") + f" (ask {email} or 07700 900123)\n"
    terms.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(govpack.FindingsError) as raised:
        govpack.publish(project)
    leaks = [str(f) for f in raised.value.findings if f.rule == "personal-data"]
    # Each finding stands where the detail is written in the line.
    phone_at = f"content/wyvern-vale/terms-of-reference.yaml:{title + 1}:{lines[title].index('07700') + 1}: error: publishing stopped, nothing was published: build/"
    email_at = f"content/wyvern-vale/terms-of-reference.yaml:{title + 1}:{lines[title].index(email) + 1}: error: publishing stopped, nothing was published: build/"
    for published in ("public/wyvern-vale/terms-of-reference.en.html", "public/wyvern-vale/terms-of-reference.en.pdf", "public/wyvern-vale/pack.en.pdf", "public/publication-scheme.json", "public/publication-scheme.csv", "public/index.html"):
        assert f'{phone_at}{published} would show "07700 900123", a telephone number; take it out of this text, or, if it is the organisation\'s own contact point, list it in publication_scheme.public_contacts [personal-data]' in leaks, published
        assert any(line.startswith(f'{email_at}{published} would show "{email}", ') and "'s email; take it out of this text" in line for line in leaks), published
    after = {p: p.read_bytes() for p in sorted((project.output / "public").rglob("*")) if p.is_file()}
    assert after == before  # nothing was published


def test_the_last_gate_reads_many_files_on_every_core_with_the_same_findings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from govpack.checking import disclosure
    from govpack.checking.personal import Directory

    files = {f"build/public/page-{n}.html": f"<p>page {n}, 2026</p>".encode() for n in range(disclosure.PARALLEL_FROM + 8)}
    files["build/public/page-7.html"] = b"<p>ask jo.bloggs&#64;example.org</p>"
    read, pids = disclosure.published_text, tmp_path / "pids"

    main = os.getpid()

    def noting_the_process(path: str, content: bytes) -> str:  # a worker's own list would not come back: a file does
        with pids.open("a", encoding="utf-8") as noted:
            noted.write(f"{os.getpid()}\n")
        # A worker waits for the other to begin: on a busy machine the first to start could
        # otherwise take both shares before the second has started.
        waited = time.monotonic()
        while os.getpid() != main and len(set(pids.read_text(encoding="utf-8").split())) < 2 and time.monotonic() - waited < 60:
            time.sleep(0.01)
        return read(path, content)

    monkeypatch.setattr(disclosure, "published_text", noting_the_process)
    monkeypatch.setattr(CORES, "available_cores", lambda: 2)
    shared = disclosure.disclosures(files, Directory(), [], [])
    readers = pids.read_text(encoding="utf-8").split()
    assert len(readers) == len(files) and len(set(readers)) == 2 and str(os.getpid()) not in readers
    monkeypatch.setattr(CORES, "available_cores", lambda: 1)
    assert disclosure.disclosures(files, Directory(), [], []) == shared
    assert [f.message for f in shared] == ['publishing stopped, nothing was published: build/public/page-7.html would show "jo.bloggs@example.org", an email address, which no text of the content holds: report this to govpack\'s developers']


def test_a_detail_no_text_holds_is_named_at_the_organisation_whose_file_shows_it() -> None:
    """Not at the first text of whichever organisation comes first."""
    from govpack.checking import disclosure
    from govpack.checking.personal import Directory
    from govpack.reading.source import Source

    texts = [Source(f"content/{slug}/vision.yaml", {"vision": "Our aims."}, {}) for slug in ("acme", "zenith")]
    own = [Source(f"content/{slug}/organisation.yaml", {"name": slug}, {}) for slug in ("acme", "zenith")]
    files = {"build/public/zenith/vision.en.html": b"<p>ask jo.bloggs&#64;example.org</p>", "build/public/index.html": b"<p>ask jo&#64;example.org</p>"}
    found = disclosure.disclosures(files, Directory(), texts, own)
    assert [(f.path, f.line) for f in found] == [("content/acme/vision.yaml", 1), ("content/zenith/organisation.yaml", 1)]
    assert all(f.message.endswith("which no text of the content holds: report this to govpack's developers") for f in found)


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("Ask jo.**bloggs**@example.org.", b"<p>Ask jo.<strong>bloggs</strong>@example.org.</p>"),
        ("Ask jo.[bloggs](https://example.org)@example.org.", b'<p>Ask jo.<a href="https://example.org">bloggs</a>@example.org.</p>'),
    ],
)
def test_the_last_gate_reads_a_page_as_shown_and_names_the_text_written_in_markdown(written: str, shown: bytes) -> None:
    # An address split by emphasis or a link: the page shows it whole, the PDF too; each is
    # named at the line of the content that holds it, not as a text no content holds.
    from govpack.checking import disclosure
    from govpack.checking.personal import Directory
    from govpack.reading.source import Location, Source

    text = Source("content/acme/vision.yaml", {"vision": written}, {("vision",): Location("content/acme/vision.yaml", 4, 3)})
    files = {"build/public/acme/vision.en.html": shown}
    found = disclosure.disclosures(files, Directory(), [text], [])
    assert [str(f) for f in found] == [
        'content/acme/vision.yaml:4:3: error: publishing stopped, nothing was published: build/public/acme/vision.en.html would show "jo.bloggs@example.org", an email address; '
        "take it out of this text, or, if it is the organisation's own contact point, list it in publication_scheme.public_contacts [personal-data]"
    ]


def test_placeholders_stop_publishing_and_the_ready_organisations_publish_alone(tmp_path: Path) -> None:
    project = copy_examples(tmp_path)
    assert run_invoke("new", "afon-teifi", cwd=project).returncode == 0
    # An author's note left in approved minutes, after words of the text.
    minutes = project / "content" / "cwm-arian" / "meetings" / "leadership-team" / "2026-10-08.yaml"
    written = minutes.read_text(encoding="utf-8")
    minutes.write_text(written.replace("visit of the year.", "visit of the year. TODO: add the figures.", 1), encoding="utf-8")
    refused = run_invoke("publish", cwd=project)
    assert refused.returncode == 1
    errors = [line for line in refused.stderr.splitlines() if ": error: " in line]
    note = "content/cwm-arian/meetings/leadership-team/2026-10-08.yaml:58:28: error: still to be written: …TODO: add the figures.: nothing with a placeholder is published"
    assert [line for line in errors if not line.startswith("content/afon-teifi/")] == [f"{note}; fill it in, or publish without this organisation by naming the others with --organisation [placeholder]"]
    assert all(line.endswith("[placeholder]") for line in errors)
    minutes.write_text(written, encoding="utf-8")
    assert "content/afon-teifi/organisation.yaml:5:1: error: still to be written: TODO: the full name, e.g. Afon Teifi Primary Care Cluster: nothing with a placeholder is published; fill it in, or publish without this organisation by naming the others with --organisation [placeholder]" in errors
    assert any(": warning: " in line and "content/afon-teifi/vision.yaml" in line for line in refused.stderr.splitlines())  # a draft may hold them
    assert not (project / "build" / "public").exists()
    ready = run_invoke("publish", "--organisation", "wyvern-vale", "--organisation", "content/cwm-arian/", cwd=project)
    assert ready.returncode == 0, ready.stderr
    assert sorted(p.name for p in (project / "build" / "public").iterdir() if p.is_dir()) == ["assets", "cwm-arian", "wyvern-vale"]
    assert run_invoke("check", "--organisation", "nowhere", cwd=project).returncode == 2


def test_an_organisation_with_nothing_approved_offers_nothing_to_download(tmp_path: Path) -> None:
    project = govpack.Project.at(copy_examples(tmp_path), organisations=["wyvern-vale"])
    for path in (project.content / "wyvern-vale").glob("*.yaml"):
        path.write_text(path.read_text(encoding="utf-8").replace("  status: approved\n", "  status: draft\n"), encoding="utf-8")
    for path in (project.content / "wyvern-vale" / "meetings").rglob("*.yaml"):  # and no minutes approved
        text = re.sub(r"\nminutes_approved: .*", "", path.read_text(encoding="utf-8"))
        path.write_text(text.replace("\nstatus: minutes-approved\n", "\nstatus: minutes-draft\n"), encoding="utf-8")
    govpack.publish(project)
    page = (project.output / "public" / "wyvern-vale" / "index.html").read_text(encoding="utf-8")
    assert "No approved documents are published yet." in page
    assert "Download" not in page and "Paper copies" not in page and "pack.en.pdf" not in page
    assert "To ask about the governance of Wyvern Vale GP Federation, email" in " ".join(page.split())


def test_a_declaration_of_an_interest_the_register_withholds_is_withheld_from_the_public_minutes(tmp_path: Path) -> None:
    """The register withholds Nia Hopkins's interest (it would reveal a health condition):
    declared at a meeting, the public minutes keep only its item's number (found by a
    new-user trial: the minutes published what the register keeps back)."""
    from govpack.pipeline.publish import public_organisation
    from govpack.reading.document_types import document_types
    from govpack.checking.schema import load_schemas
    from govpack.rendering.names import SCREEN
    from govpack.rendering.render import Renderer

    project = copy_examples(tmp_path, ("cwm-arian",))
    minutes = project / "content" / "cwm-arian" / "meetings" / "stakeholder-board" / "2025-09-11.yaml"
    declared = ("declarations:\n  - person: nia-hopkins\n    item: 5\n    kind: non-financial-personal\n"
                "    interest:\n      en: Member of a local support group for people living with a long-term condition.\n"
                "      cy: Aelod o grŵp cymorth lleol i bobl sy'n byw gyda chyflwr hirdymor.\n")
    minutes.write_text(minutes.read_text(encoding="utf-8").replace("declarations:\n", declared, 1), encoding="utf-8")
    checked = govpack.Project.at(project, today="2026-11-23")
    organisations, findings = govpack.check(checked)
    assert {f.rule for f in findings if f.severity == govpack.ERROR} <= {"meeting-conflict"}  # she voted at the item: another matter
    types = document_types(checked.schemas)
    public = public_organisation(organisations[0], load_schemas(checked.schemas), types)
    meeting = next(doc for doc in public.documents if doc.slug == "stakeholder-board-2025-09-11")
    assert meeting.data["declarations"][0] == {"item": 5, "withheld_from_public": "register"}
    assert meeting.data["declarations"][1]["person"] == "dafydd-lewis"  # one the register publishes stays
    for lang, said in (("en", "An interest declared at item 5 is not published: the register of interests withholds it."), ("cy", "Nid yw buddiant a ddatganwyd yn eitem 5 yn cael ei gyhoeddi")):
        page = Renderer(checked.templates, types).document(public, meeting, lang, SCREEN)
        assert said in page.replace("&#39;", "'") and "support group" not in page and "grŵp cymorth" not in page
