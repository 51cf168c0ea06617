"""The writer seam: a format is one writer class, which the pipeline runs, keeps and lists."""

from __future__ import annotations

import json
import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import EXAMPLES
from govpack.checking.check import check
from govpack.errors import PdfError
from govpack.pipeline.build import Members
from govpack.pipeline.produce import Writers
from govpack.pipeline.run import run
from govpack.project import Project
from govpack.reading.document_types import document_types
from govpack.rendering.names import PRINT, SCREEN
from govpack.rendering.packs import packs
from govpack.writing.pdf import PackWriter, PdfWriter, source_date_epoch
from govpack.writing.writer import HtmlWriter, Written


@dataclass(frozen=True)
class PlainText:
    """A toy format: each document's page as plain text, written in a worker."""

    edition: str = "1"
    format: str = "txt"
    medium: str = SCREEN
    parallel: bool = True

    def fingerprint(self) -> bytes:
        return f"plain text {self.edition}\n".encode()

    def write(self, html: str, what: str) -> Written:
        return Written(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip().encode())


def _project(tmp_path: Path) -> Project:
    shutil.copytree(EXAMPLES / "_defaults", tmp_path / "content" / "_defaults")
    shutil.copytree(EXAMPLES / "wyvern-vale", tmp_path / "content" / "wyvern-vale")
    return Project.at(tmp_path)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_new_format_is_one_writer_the_pipeline_runs_keeps_and_lists(tmp_path: Path, jobs: int) -> None:
    project = _project(tmp_path)
    writers = Writers((HtmlWriter(), PlainText()))  # no pack: there are no PDFs to join
    ran = run(project, Members(project.today), jobs=jobs, writers=writers)
    manifest = json.loads((tmp_path / "build" / "manifest.json").read_text(encoding="utf-8"))["outputs"]
    formats = {(e["document"], e["format"]) for e in manifest}
    documents = {e["document"] for e in manifest}
    assert formats == {(doc, fmt) for doc in documents for fmt in ("html", "txt")}
    text = (tmp_path / "build" / "internal" / "wyvern-vale" / "terms-of-reference.en.txt").read_text(encoding="utf-8")
    assert "Terms of reference" in text and "<" not in text
    assert ran.summary.startswith(f"{2 * len(documents)} rendered, 0 unchanged")

    # Kept when nothing it is made from has changed; written again when its writer has.
    (tmp_path / "content" / "wyvern-vale" / "vision.yaml").write_text(
        (tmp_path / "content" / "wyvern-vale" / "vision.yaml").read_text(encoding="utf-8") + "\n# an edit that changes nothing printed\n", encoding="utf-8"
    )
    again = run(project, Members(project.today), jobs=jobs, writers=writers)
    assert again.summary.startswith(f"0 rendered, {2 * len(documents)} unchanged")
    newer = run(project, Members(project.today), jobs=jobs, writers=Writers((HtmlWriter(), PlainText(edition="2"))))
    assert newer.summary.startswith(f"{len(documents)} rendered, {len(documents)} unchanged")


@dataclass(frozen=True)
class PackSaysBegun:
    """The pack writer, leaving a mark in ``begun`` (a file) as it starts a pack."""

    pack: PackWriter
    begun: str
    joins: str = "pdf"
    parallel: bool = True

    def fingerprint(self) -> bytes:
        return self.pack.fingerprint()

    def write(self, *args: object) -> Written:
        Path(self.begun).touch()
        return self.pack.write(*args)


@dataclass(frozen=True)
class PdfAfterPack:
    """The PDF writer, which prints the document of ``waits`` only once a pack has begun."""

    pdf: PdfWriter
    waits: str
    begun: str
    format: str = "pdf"
    medium: str = PRINT
    parallel: bool = True

    def fingerprint(self) -> bytes:
        return self.pdf.fingerprint()

    def write(self, html: str, what: str) -> Written:
        if what == self.waits:
            deadline = time.monotonic() + 120
            while not Path(self.begun).exists():
                if time.monotonic() > deadline:
                    raise PdfError(f"{what}: no pack was begun while it waited")
                time.sleep(0.05)
        return self.pdf.write(html, what)


def test_a_pack_is_begun_once_the_files_it_joins_are_made_not_every_file_of_its_organisation(tmp_path: Path) -> None:
    # A document in no pack is printed only once a pack has begun: were packs begun only
    # when all their organisation's files were made, it would wait for ever.
    project = _project(tmp_path)
    org = check(project)[0][0]
    in_packs = {doc.slug for pack in packs(org, document_types(project.schemas)) for doc in pack.documents}
    alone = next(doc for doc in org.documents if doc.slug not in in_packs and doc.meeting is not None)
    pdf = PdfWriter.made_with(project.assets, source_date_epoch(project.content))
    begun = str(tmp_path / "a pack has begun")
    writers = Writers((HtmlWriter(), PdfAfterPack(pdf, alone.source.path, begun)), PackSaysBegun(PackWriter(pdf), begun))
    ran = run(project, Members(project.today), jobs=2, writers=writers)
    assert (tmp_path / "build" / "internal" / "wyvern-vale" / f"{alone.slug}.en.pdf").is_file()
    assert (tmp_path / "build" / "internal" / "wyvern-vale" / "pack.en.pdf").is_file()
    assert not ran.findings
