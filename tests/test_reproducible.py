"""The same sources give the same bytes: two builds agree, with or without HarfBuzz's subsetter."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import govpack
from conftest import ROOT, copy_examples


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_two_clean_builds_are_byte_identical(published: govpack.Project, tmp_path: Path) -> None:
    # The session's build and publication were made minutes ago, elsewhere: a wall-clock
    # stamp or a path anywhere would differ.
    second = govpack.Project.at(copy_examples(tmp_path / "second"))
    govpack.build(second)
    govpack.publish(second)
    assert _files(published.output) == _files(second.output)


# A build in a fresh process with WeasyPrint made to subset fonts with fontTools, as on a
# machine without Debian's libharfbuzz-subset0; fontTools stamps fonts with the time.
_WITHOUT_HARFBUZZ = """
import sys, pathlib
import weasyprint.pdf.fonts
weasyprint.pdf.fonts.harfbuzz_subset = None
import govpack
govpack.build(govpack.Project.at(pathlib.Path(sys.argv[1])))
"""


def test_builds_agree_without_the_harfbuzz_subsetter(tmp_path: Path) -> None:
    builds = []
    for name in ("first", "second"):
        project = copy_examples(tmp_path / name, ("wyvern-vale",))
        subprocess.run([sys.executable, "-c", _WITHOUT_HARFBUZZ, str(project)], check=True, cwd=ROOT)
        builds.append(_files(project / "build"))
        time.sleep(1.1)
    assert builds[0] == builds[1]
