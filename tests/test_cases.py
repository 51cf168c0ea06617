"""Each folder in tests/cases/ is a small project; its findings are asserted exactly."""

from __future__ import annotations

from pathlib import Path

import pytest

import govpack
from conftest import CASES

CASE_DIRS = sorted(p for p in CASES.iterdir() if (p / "expected-findings.txt").exists())


@pytest.mark.parametrize("case", CASE_DIRS, ids=[p.name for p in CASE_DIRS])
def test_case_findings(case: Path) -> None:
    expected = (case / "expected-findings.txt").read_text(encoding="utf-8").splitlines()
    _, findings = govpack.check(govpack.Project.at(case))
    assert [str(f) for f in findings] == expected


def test_file_over_a_megabyte_is_refused_before_parsing(tmp_path: Path) -> None:
    org = tmp_path / "content" / "acme"
    org.mkdir(parents=True)
    (org / "organisation.yaml").write_text("name: x\n" + "# padding\n" * 120_000, encoding="utf-8")
    _, findings = govpack.check(govpack.Project.at(tmp_path))
    assert [str(f) for f in findings] == [
        "content/acme/organisation.yaml:1:1: error: file is 1,200,008 bytes; the limit is 1,000,000 [yaml-too-large]"
    ]


def test_utf16_is_refused(tmp_path: Path) -> None:
    org = tmp_path / "content" / "acme"
    org.mkdir(parents=True)
    (org / "organisation.yaml").write_bytes("name: x\n".encode("utf-16"))
    _, findings = govpack.check(govpack.Project.at(tmp_path))
    assert [str(f) for f in findings] == [
        "content/acme/organisation.yaml:1:1: error: file is UTF-16: save it as UTF-8 [yaml-encoding]"
    ]
