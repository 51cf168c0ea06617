"""The tasks' contract: exit codes 0, 1 and 2, and no traceback for bad input."""

from __future__ import annotations

from pathlib import Path

from conftest import CASES, run_invoke


def test_check_of_good_content_exits_0() -> None:
    result = run_invoke("check", cwd=CASES / "good-organisation")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_check_of_bad_content_exits_1_with_findings_only() -> None:
    case = CASES / "yaml-tag"
    result = run_invoke("check", cwd=case)
    assert result.returncode == 1
    assert result.stderr.splitlines() == (case / "expected-findings.txt").read_text(encoding="utf-8").splitlines()


def test_unknown_option_exits_2() -> None:
    result = run_invoke("check", "--no-such-option", cwd=CASES / "good-organisation")
    assert result.returncode == 2
    assert "--no-such-option" in result.stderr


def test_missing_content_folder_exits_2(tmp_path: Path) -> None:
    result = run_invoke("build", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("error: no content folder at ")
    assert "Traceback" not in result.stderr


def test_every_contract_task_has_one_line_of_help() -> None:
    result = run_invoke("--list", cwd=CASES / "good-organisation")
    for name in ("build", "check", "clean", "test"):
        assert f"  {name} " in result.stdout
