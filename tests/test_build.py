"""A build writes everything or nothing: a failed build leaves the last one as it was."""

from __future__ import annotations

import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

import govpack
from conftest import INVOKE, copy_examples


def _snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of the build, but the cache of what to reuse (build/.cache)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file() and ".cache" not in p.parts}


def test_failed_build_leaves_the_previous_build_byte_for_byte(tmp_path: Path) -> None:
    project = govpack.Project.at(copy_examples(tmp_path))
    shutil.rmtree(project.content / "cwm-arian")  # one organisation is enough here
    govpack.build(project)
    before = _snapshot(project.output)
    vision = project.content / "wyvern-vale" / "vision.yaml"
    vision.write_text(vision.read_text(encoding="utf-8") + "broken: [\n", encoding="utf-8")
    with pytest.raises(govpack.FindingsError) as failure:
        govpack.build(project)
    assert [f.rule for f in failure.value.findings] == ["yaml-syntax"]
    assert _snapshot(project.output) == before


def test_a_swap_cut_short_is_undone_by_the_next_run(tmp_path: Path) -> None:
    project = govpack.Project.at(copy_examples(tmp_path))
    shutil.rmtree(project.content / "cwm-arian")
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


def test_a_killed_build_leaves_the_last_good_one(tmp_path: Path) -> None:
    project = govpack.Project.at(copy_examples(tmp_path))
    govpack.build(project)
    before = _snapshot(project.output)
    vision = project.content / "wyvern-vale" / "vision.yaml"
    vision.write_text(vision.read_text(encoding="utf-8").replace("Purpose and Vision 2026-2029", "Purpose and Vision, revised", 1), encoding="utf-8")
    # One process printing every PDF again takes several seconds: killed well before it writes.
    running = subprocess.Popen([*INVOKE, "build", "--jobs", "1", "--force"], cwd=project.root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(3)
    running.send_signal(signal.SIGKILL)
    running.wait(timeout=30)
    assert {path: content for path, content in _snapshot(project.output).items() if not path.startswith(".")} == before
    govpack.build(project)  # the next run clears what the killed one left
    assert not [p for p in project.output.iterdir() if p.name.startswith(".internal")]
