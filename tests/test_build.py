"""A build writes everything or nothing: a failed build leaves the last one as it was."""

from __future__ import annotations

import dataclasses

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

import govpack
from conftest import INVOKE, copy_built, copy_examples


def _snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of the build, but the cache of what to reuse (build/.cache)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file() and ".cache" not in p.parts}


def test_failed_build_leaves_the_previous_build_byte_for_byte(tmp_path: Path) -> None:
    project = govpack.Project.at(copy_examples(tmp_path, ("wyvern-vale",)))
    govpack.build(project)
    before = _snapshot(project.output)
    vision = project.content / "wyvern-vale" / "vision.yaml"
    vision.write_text(vision.read_text(encoding="utf-8") + "broken: [\n", encoding="utf-8")
    with pytest.raises(govpack.FindingsError) as failure:
        govpack.build(project)
    assert [f.rule for f in failure.value.findings] == ["yaml-syntax"]
    assert _snapshot(project.output) == before


def test_a_swap_cut_short_is_undone_by_the_next_run(tmp_path: Path) -> None:
    project = govpack.Project.at(copy_examples(tmp_path, ("wyvern-vale",)))
    govpack.build(project)
    before = _snapshot(project.output)
    # As a run killed between its two renames leaves it: the last good set moved aside,
    # and a half-staged new one.
    (project.output / "internal").rename(project.output / ".internal.old")
    (project.output / ".internal.new" / "wyvern-vale").mkdir(parents=True)
    (project.output / ".internal.new" / "wyvern-vale" / "vision.en.html").write_text("half", encoding="utf-8")
    vision = project.content / "wyvern-vale" / "vision.yaml"
    vision.write_text(vision.read_text(encoding="utf-8") + "broken: [\n", encoding="utf-8")
    with pytest.raises(govpack.FindingsError):
        govpack.build(project)
    assert _snapshot(project.output) == before


def test_a_killed_build_leaves_the_last_good_one(built: govpack.Project, tmp_path: Path) -> None:
    project = copy_built(built, tmp_path)
    before = _snapshot(project.output)
    vision = project.content / "wyvern-vale" / "vision.yaml"
    vision.write_text(vision.read_text(encoding="utf-8").replace("Purpose and Vision 2026-2029", "Purpose and Vision, revised", 1), encoding="utf-8")
    # One process printing every PDF again takes half a minute: killed once it has spent
    # two seconds of processor time, which is past reading and checking, into printing.
    running = subprocess.Popen([*INVOKE, "build", "--jobs", "1", "--force"], cwd=project.root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while _cpu_seconds(running.pid) < 2 and running.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert running.poll() is None, "the build ended before it could be killed"
    running.send_signal(signal.SIGKILL)
    running.wait(timeout=30)
    assert {path: content for path, content in _snapshot(project.output).items() if not path.startswith(".")} == before
    govpack.build(project)  # the next run clears what the killed one left
    assert not [p for p in project.output.iterdir() if p.name.startswith(".internal")]


def _cpu_seconds(pid: int) -> float:
    """The processor time a running process has used, from /proc (proc(5): utime, stime)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _one_document(tmp_path: Path) -> Path:
    """The English federation with its vision alone: a pack of one document."""
    project = copy_examples(tmp_path, ("wyvern-vale",))
    for path in (project / "content" / "wyvern-vale").glob("*.yaml"):
        if path.name not in ("organisation.yaml", "vision.yaml"):
            path.unlink()
    shutil.rmtree(project / "content" / "wyvern-vale" / "meetings")
    return project


# Each place a PDF is made, by what is being printed ("what" names it in errors).
FAILING_STEPS = {
    "a document laid out": ("layout", lambda what: what.endswith("vision.yaml")),
    "a document written": ("write", lambda what: what.endswith("vision.yaml")),
    "a pack's front matter": ("layout", lambda what: what.endswith("(pack)")),
    "a pack's page numbers": ("layout", lambda what: what.endswith("page numbers")),
}


@pytest.mark.parametrize("step", [*FAILING_STEPS, "a pack joined", "a pack's front matter printed again"])
def test_a_pdf_that_cannot_be_made_at_any_step_is_a_finding_exit_1_and_no_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], step: str
) -> None:
    import pikepdf

    from govpack.pipeline import produce
    from govpack.tools import tasks
    from govpack.writing import pack as combine
    from govpack.writing.pdf import Printer

    project = _one_document(tmp_path)
    if step in FAILING_STEPS:
        method, fails = FAILING_STEPS[step]
        original = getattr(Printer, method)

        def failing(self, first, what):
            if fails(what):
                raise govpack.PdfError(f"{what}: stopped by the test")
            return original(self, first, what)

        monkeypatch.setattr(Printer, method, failing)
    elif step == "a pack joined":
        monkeypatch.setattr(combine, "combine", lambda *args: (_ for _ in ()).throw(pikepdf.PdfError("damaged")))
    else:  # the front matter assumed one page, is two, and fails when printed again
        every = produce.packs
        monkeypatch.setattr(produce, "packs", lambda org, types: [dataclasses.replace(pack, front_pages=1) for pack in every(org, types)])
        original, packs = Printer.layout, []

        def failing_again(self, html, what):
            packs.append(what) if what.endswith("(pack)") else None
            if packs.count(what) > 1:
                raise govpack.PdfError(f"{what}: stopped by the test")
            return original(self, html, what)

        monkeypatch.setattr(Printer, "layout", failing_again)
    monkeypatch.chdir(project)
    with pytest.raises(SystemExit) as exited:
        tasks.program.run(["govpack", "build", "--jobs", "1"])
    assert exited.value.code == 1
    printed = capsys.readouterr()
    assert "Traceback" not in printed.err + printed.out
    made = "the PDF could not be made" if step.startswith("a document") else "the pack PDF could not be made"
    source = "content/wyvern-vale/vision.yaml" if step.startswith("a document") else "content/wyvern-vale/organisation.yaml"
    [finding] = printed.err.splitlines()
    assert finding.startswith(f"{source}:1:1: error: {made}: ") and finding.endswith("[pdf-render]")
    assert "nothing was built" in printed.out
    assert not (project / "build" / "internal").exists()
