"""A build writes everything or nothing: a failed build leaves the last one as it was."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import govpack
from conftest import copy_examples


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


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
