"""Builds print only what changed, on any number of processes, with the same bytes."""

from __future__ import annotations

import importlib
import json
import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest

import govpack
from conftest import copy_built, copy_examples, run_invoke
from govpack.rendering.render import Renderer
from govpack.writing.pdf import Printer

CHECK = importlib.import_module("govpack.checking.check")  # the module; govpack.check is its function


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file() and ".cache" not in p.parts}


def _digests(project: govpack.Project) -> dict[str, str]:
    manifest = json.loads((project.output / "manifest.json").read_text(encoding="utf-8"))
    return {entry["path"]: entry["digest"] for entry in manifest["outputs"]}


def _changed(before: dict[str, str], after: dict[str, str]) -> set[str]:
    return {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_each_change_prints_exactly_what_it_reaches_and_the_result_is_a_clean_build(built: govpack.Project, tmp_path: Path) -> None:
    project = copy_built(built, tmp_path / "incremental")  # a build from nothing of the examples, moved
    digests = _digests(project)
    assert govpack.build(project, jobs=2).summary.startswith("0 rendered, 204 unchanged, 0 removed in ")  # Cwm Arian in Welsh and English

    # One document's title: its HTML, PDF and Word file, the self-assessment that cites it as
    # evidence, the minutes of the meeting that approved it and the body's decision log, and the pack.
    _edit(project.content / "wyvern-vale" / "vision.yaml", "Purpose and Vision 2026-2029", "Purpose and Vision, revised")
    assert govpack.build(project, jobs=2).summary.startswith("13 rendered, 191 unchanged, 0 removed in ")
    assert _changed(digests, digests := _digests(project)) == {
        "internal/wyvern-vale/vision.en.html", "internal/wyvern-vale/vision.en.pdf", "internal/wyvern-vale/vision.en.docx", "internal/wyvern-vale/pack.en.pdf",
        "internal/wyvern-vale/self-assessment.en.html", "internal/wyvern-vale/self-assessment.en.pdf", "internal/wyvern-vale/self-assessment.en.docx",
        "internal/wyvern-vale/federation-board-2026-04-14.en.html", "internal/wyvern-vale/federation-board-2026-04-14.en.pdf", "internal/wyvern-vale/federation-board-2026-04-14.en.docx",
        "internal/wyvern-vale/federation-board-decision-log.en.html", "internal/wyvern-vale/federation-board-decision-log.en.pdf", "internal/wyvern-vale/federation-board-decision-log.en.docx",
    }

    # A shared default's English: only the documents merged over it, and the packs they are
    # in, in English: the governance pack, and the pack of the meeting that reviews it.
    _edit(project.content / "_defaults" / "bae-cymoedd-uhb" / "code-of-conduct.yaml", "Members also keep confidential", "Members also keep strictly confidential")
    govpack.build(project, jobs=2)
    assert _changed(digests, digests := _digests(project)) == {
        "internal/cwm-arian/code-of-conduct.en.html", "internal/cwm-arian/code-of-conduct.en.pdf", "internal/cwm-arian/code-of-conduct.en.docx", "internal/cwm-arian/pack.en.pdf",
        "internal/cwm-arian/leadership-team-2027-01-14-pack.en.pdf",
    }

    # What a page reads of other documents, by type and by name: a role's title, which the
    # terms of reference list by their roles, and a decision's words, which the decision
    # log gathers from every meeting of its body. (The clean build below holds each page
    # left unrendered to what it would be.)
    _edit(project.content / "cwm-arian" / "role-description.yaml", "en: Deputy Cluster Lead", "en: Deputy Lead of the Cluster")
    _edit(project.content / "cwm-arian" / "meetings" / "leadership-team" / "2026-11-12.yaml", "meeting of 8 October 2026.", "meeting of 8 October 2026, as amended.")
    govpack.build(project, jobs=2)
    changed = _changed(digests, digests := _digests(project))
    assert {"internal/cwm-arian/leadership-team.en.html", "internal/cwm-arian/leadership-team-decision-log.en.html", "internal/cwm-arian/leadership-team-2026-11-12.en.html"} <= changed
    assert not any("/wyvern-vale/" in path or ".cy." in path for path in changed)

    # A document whose file is gone: its outputs go too. (A draft nothing names: minutes name
    # the documents they approve, so deleting one of those is a finding.)
    (project.content / "wyvern-vale" / "self-assessment.yaml").unlink()
    result = govpack.build(project, jobs=2)
    assert " 3 removed in " in result.summary  # its page, its PDF and its Word file
    assert not (project.output / "internal" / "wyvern-vale" / "self-assessment.en.pdf").exists()
    assert "internal/wyvern-vale/self-assessment.en.pdf" not in _digests(project)

    incremental = _snapshot(project.output)
    clean = govpack.Project.at(tmp_path / "clean", content=str(project.content))
    govpack.build(clean, jobs=1)
    assert _snapshot(clean.output) == incremental  # the same bytes as a build from nothing


def test_any_number_of_jobs_and_force_give_the_same_bytes(built: govpack.Project, tmp_path: Path) -> None:
    project = copy_built(built, tmp_path)  # the session's build, made on one process
    forced = govpack.build(project, jobs=3, force=True)
    assert forced.summary.startswith("204 rendered, 0 unchanged")  # printed again, every one, on three
    assert _snapshot(project.output) == _snapshot(built.output)


def test_an_output_changed_by_hand_is_made_again(built: govpack.Project, tmp_path: Path) -> None:
    project = govpack.Project.at(tmp_path, content=str(built.content))
    shutil.copytree(built.output, project.output)
    pdf = project.output / "internal" / "wyvern-vale" / "vision.en.pdf"
    pdf.write_bytes(b"tampered")
    result = govpack.build(project)
    assert result.summary.startswith("1 rendered, 203 unchanged")  # printed again; the pack it is in came out the same
    assert pdf.read_bytes() == (built.output / "internal" / "wyvern-vale" / "vision.en.pdf").read_bytes()


def test_the_pack_joins_the_documents_pages_with_their_tags_and_bookmarks(built: govpack.Project) -> None:
    folder = built.output / "internal" / "wyvern-vale"
    pack = pikepdf.open(folder / "pack.en.pdf")
    documents = ["vision", "terms-of-reference", "code-of-conduct", "communication-strategy", "service-level-agreement", "register-of-interests", "self-assessment"]
    counts = [len(pikepdf.open(folder / f"{slug}.en.pdf").pages) for slug in documents]
    assert len(pack.pages) == 2 + sum(counts)  # cover and contents, then every page of every document

    tree = pack.Root.StructTreeRoot
    top = tree.K[0] if isinstance(tree.K, pikepdf.Array) else tree.K
    parts = [kid for kid in top.K if kid.get("/S") == "/Part" and kid.get("/P") == top]
    assert len(parts) >= len(documents)
    # Every page's marked content and every link's structure element are in the parent tree.
    nums = tree.ParentTree.Nums
    keys = {int(nums[index]) for index in range(0, len(nums), 2)}
    page_keys = [int(page.obj.StructParents) for page in pack.pages]
    link_keys = [int(a.StructParent) for page in pack.pages for a in page.obj.get("/Annots", []) if "/StructParent" in a]
    assert len(set(page_keys + link_keys)) == len(page_keys + link_keys) and set(page_keys + link_keys) <= keys
    assert int(tree.ParentTreeNextKey) > max(keys)

    # A bookmark for each document, at its first page, after the front matter's.
    titles = {slug: pikepdf.open(folder / f"{slug}.en.pdf").open_outline().root[0].title for slug in documents}
    bookmarks = {item.title: pack.pages.index(pikepdf.Page(item.destination[0])) for item in pack.open_outline().root}
    starts = [2 + sum(counts[:index]) for index in range(len(documents))]
    assert [bookmarks[titles[slug]] for slug in documents] == starts


def test_build_prints_a_summary_line_and_takes_jobs_and_force(tmp_path: Path) -> None:
    project = copy_examples(tmp_path, ("wyvern-vale",))
    first = run_invoke("build", "--jobs", "2", cwd=project)
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("built 40 output(s) into build/: 40 rendered, 0 unchanged, 0 removed in ")
    again = run_invoke("build", "--force", "--jobs", "1", cwd=project)
    assert "40 rendered, 0 unchanged" in again.stdout
    assert "printing [" not in again.stderr  # no progress bar where stderr is not a terminal
    for bad in ("0", "-1", "two"):
        refused = run_invoke("build", "--jobs", bad, cwd=project)
        assert (refused.returncode, refused.stderr.strip()) == (2, f'error: --jobs is "{bad}"; give a number of processes, 1 or more')


def test_publish_takes_a_pdf_from_the_build_when_it_was_made_from_the_same_html(published: govpack.Project, tmp_path: Path) -> None:
    said = (published.root / "publish.log").read_text(encoding="utf-8")  # a publication after a build
    # The approved documents and minutes (Cwm Arian's in two languages): every HTML page is
    # new, and 24 of the PDFs are the build's. The others differ by what the public set
    # withholds in them or in a document they name: members' contact details in terms of
    # reference, a register's entry, a draft a self-assessment cites, an item taken in
    # private, a paper not published. The 4 packs hold some of those.
    assert ": 72 rendered, 24 unchanged, 0 removed in " in said
    alone = govpack.Project.at(tmp_path / "alone", content=str(published.content))
    govpack.publish(alone)
    assert _snapshot(published.output / "public") == _snapshot(alone.output / "public")


def test_an_edit_checks_and_renders_again_only_its_own_organisation(built: govpack.Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = copy_built(built, tmp_path)
    checked, rendered = [], []
    validate_organisation, document = CHECK.validate_organisation, Renderer.document
    monkeypatch.setattr(CHECK, "validate_organisation", lambda org, *a: checked.append(org.slug) or validate_organisation(org, *a))
    monkeypatch.setattr(Renderer, "document", lambda self, org, doc, *a: rendered.append(org.slug) or document(self, org, doc, *a))
    _edit(project.content / "wyvern-vale" / "vision.yaml", "Purpose and Vision 2026-2029", "Purpose and Vision, revised")
    govpack.build(project)
    assert checked == ["wyvern-vale"] and set(rendered) == {"wyvern-vale"}
    # What the other organisations had is left as it was (that an edit's build is the
    # same as one from nothing is the test above's).
    others = {path: digest for path, digest in _digests(project).items() if "/wyvern-vale/" not in path}
    assert others == {path: digest for path, digest in _digests(built).items() if "/wyvern-vale/" not in path}


def test_a_build_of_one_organisation_leaves_the_others_files_for_the_next_build(built: govpack.Project, tmp_path: Path) -> None:
    project = copy_built(built, tmp_path)
    before = _snapshot(project.output / "internal")
    _edit(project.content / "wyvern-vale" / "vision.yaml", "Purpose and Vision 2026-2029", "Purpose and Vision, revised")
    one = run_invoke("build", "--organisation", "wyvern-vale", cwd=project.root)
    assert one.returncode == 0, one.stderr
    assert re.search(r"0 removed in [0-9.]+ s; 2 other organisation\(s\) left as the last build made them$", one.stdout.strip()), one.stdout
    after = _snapshot(project.output / "internal")
    others = [path for path in before if path.split("/")[0] in ("cwm-arian", "severnbrook")]
    assert others and {path: after.get(path) for path in others} == {path: before[path] for path in others}
    assert {path for path in _digests(project) if "/wyvern-vale/" not in path} == {path for path in _digests(built) if "/wyvern-vale/" not in path}
    # The site's index pages list every organisation in the set, in English and in Welsh
    # (which Cwm Arian's Welsh pages link to, though this build made none), as before.
    assert {name: after[name] for name in ("index.html", "index.cy.html")} == {name: before[name] for name in ("index.html", "index.cy.html")}
    assert all(name in after["index.html"].decode() for name in ("Cwm Arian", "Severnbrook", "Wyvern Vale"))
    # Built again with nothing changed, it says so, and still that the others were left.
    same = run_invoke("build", "--organisation", "wyvern-vale", cwd=project.root)
    assert re.search(r" 0 rendered, [0-9]+ unchanged, 0 removed in [0-9.]+ s; 2 other organisation\(s\) left as the last build made them$", same.stdout.strip()), same.stdout
    # The next whole build makes nothing of the others, whose files it finds as they were.
    whole = govpack.build(project)
    assert whole.summary.startswith("0 rendered, ") and "Cwm Arian" in (project.output / "internal" / "index.html").read_text(encoding="utf-8")
    # An organisation no longer in the content is not left, nor listed.
    shutil.rmtree(project.content / "severnbrook")
    again = run_invoke("build", "--organisation", "wyvern-vale", cwd=project.root)
    assert again.stdout.strip().endswith("1 other organisation(s) left as the last build made them"), again.stdout
    assert not (project.output / "internal" / "severnbrook").exists()
    assert "Severnbrook" not in (project.output / "internal" / "index.html").read_text(encoding="utf-8")
    # One whose organisation file no longer reads, fails its schema, names languages its
    # files are not in, or is gone, is left, but not listed: its own run will say why.
    organisation = project.content / "cwm-arian" / "organisation.yaml"
    written = organisation.read_text(encoding="utf-8")
    for change in (("name:", "name: ["), ("population: 52000", "population: about 52,000"), ("languages: [en, cy]", "languages: [en]"), None):
        if change is None:
            organisation.unlink()
        else:
            organisation.write_text(written.replace(*change, 1), encoding="utf-8")
        broken = run_invoke("build", "--organisation", "wyvern-vale", cwd=project.root)
        assert broken.returncode == 0, (change, broken.stderr)
        assert (project.output / "internal" / "cwm-arian").is_dir()
        assert "Cwm Arian" not in (project.output / "internal" / "index.html").read_text(encoding="utf-8"), change


def test_an_edit_renders_again_only_the_pages_that_read_what_changed(built: govpack.Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = copy_built(built, tmp_path)
    rendered, document = [], Renderer.document
    monkeypatch.setattr(Renderer, "document", lambda self, org, doc, lang, medium, *a: rendered.append((org.slug, doc.slug, lang, medium)) or document(self, org, doc, lang, medium, *a))
    _edit(project.content / "wyvern-vale" / "vision.yaml", "Purpose and Vision 2026-2029", "Purpose and Vision, revised")
    govpack.build(project)
    # The vision, and the pages that show its title: the self-assessment that cites it, the
    # minutes that approved it and their body's decision log; each for screen and print.
    reading = ["federation-board-2026-04-14", "federation-board-decision-log", "self-assessment", "vision"]
    assert sorted(rendered) == sorted(("wyvern-vale", slug, "en", medium) for slug in reading for medium in ("print", "screen"))
    entry = next(e for e in json.loads((project.output / "manifest.json").read_text(encoding="utf-8"))["outputs"] if e["path"] == "internal/wyvern-vale/self-assessment.en.html")
    assert "document:vision" in entry["reads"] and len(entry["reads_digest"]) == 64


def test_a_long_contents_gives_the_pages_the_documents_start_on(tmp_path: Path) -> None:
    project = govpack.Project.at(copy_examples(tmp_path, ("wyvern-vale",)))
    folder = project.content / "wyvern-vale" / "service-level-agreement"
    folder.mkdir()
    original = (project.content / "wyvern-vale" / "service-level-agreement.yaml")
    text = original.read_text(encoding="utf-8")
    original.unlink()
    title = re.search(r"^  title: (.*)$", text, re.M)[1]
    for n in range(1, 27):  # 33 documents: the contents run onto a second page
        name = "service-level-agreement" if n == 1 else f"service-{n:02d}"  # the self-assessment cites the first
        copy = text.replace(title, f"{title} number {n}", 1)
        copy = copy if n == 1 else copy.replace("  approved_by: federation-board\n", "", 1)  # no minute approves the copies
        (folder / f"{name}.yaml").write_text(copy, encoding="utf-8")
    govpack.build(project, jobs=2)
    path = project.output / "internal" / "wyvern-vale" / "pack.en.pdf"
    pack = pikepdf.open(path)
    bookmarks = {item.title: pack.pages.index(pikepdf.Page(item.destination[0])) + 1 for item in pack.open_outline().root}
    # Each document's first bookmark is its title, where it starts.
    starts = sorted(page for name, page in bookmarks.items() if name.startswith(("Wyvern Vale GP Federation", "Terms of Reference", "Service Level Agreement")))
    contents = subprocess.run(["pdftotext", "-layout", "-f", "2", "-l", "4", str(path), "-"], capture_output=True, text=True, check=True).stdout
    listed = [int(m[1]) for m in re.finditer(r"\s(?:Approved|Draft)\s+(\d+)\s*$", contents, re.M)]
    assert len(starts) == 32 and starts[0] == 4  # the cover, then contents on two pages
    assert listed == starts
    # The pack's page numbers were made for the longer front matter too.
    for number in (3, starts[0] + 1, len(pack.pages)):
        page = subprocess.run(["pdftotext", "-f", str(number), "-l", str(number), str(path), "-"], capture_output=True, text=True, check=True).stdout
        assert f"Pack page {number} of {len(pack.pages)}" in page


def test_a_pack_s_page_numbers_are_printed_again_only_when_its_pages_change(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = govpack.Project.at(copy_examples(tmp_path, ("wyvern-vale",)))
    govpack.build(project)
    printed = []
    layout = Printer.layout
    monkeypatch.setattr(Printer, "layout", lambda self, html, what: printed.append(what) or layout(self, html, what))
    vision = project.content / "wyvern-vale" / "vision.yaml"
    _edit(vision, "Purpose and Vision 2026-2029", "Purpose and Vision, revised")  # a word: no page more or less
    govpack.build(project)
    assert printed and not [what for what in printed if what.endswith("page numbers")]
    clean = govpack.Project.at(tmp_path / "clean", content=str(project.content))
    govpack.build(clean)
    assert _snapshot(clean.output) == _snapshot(project.output)  # the same pack as from nothing

    printed.clear()
    vision.write_text(vision.read_text(encoding="utf-8") + "\n".join(  # pages more
        ["sections:"] + [f"  - heading: Added part {n}\n    text: {'A paragraph long enough to take some room on the page. ' * 40}" for n in range(12)]
    ) + "\n", encoding="utf-8")
    govpack.build(project)
    assert [what for what in printed if what.endswith("page numbers")] == ["content/wyvern-vale/organisation.yaml (pack) page numbers"]
    pack = project.output / "internal" / "wyvern-vale" / "pack.en.pdf"
    count = len(pikepdf.open(pack).pages)
    last = subprocess.run(["pdftotext", "-f", str(count), "-l", str(count), str(pack), "-"], capture_output=True, text=True, check=True).stdout
    assert f"Pack page {count} of {count}" in last


def test_a_library_upgraded_makes_every_output_outdated(monkeypatch: pytest.MonkeyPatch) -> None:
    """An upgraded Markdown parser may print a text otherwise: govpack's code fingerprint
    holds the versions of the libraries that read and render content."""
    from importlib import metadata

    from govpack.fingerprints import code_digest

    now = code_digest()
    version = metadata.version
    monkeypatch.setattr(metadata, "version", lambda name: "99.0" if name == "markdown-it-py" else version(name))
    code_digest.cache_clear()
    try:
        assert code_digest() != now
    finally:
        monkeypatch.undo()
        code_digest.cache_clear()
    assert code_digest() == now
