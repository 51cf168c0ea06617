"""Shared fixtures: the example content built once, and helpers to run govpack."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest

import govpack
from govpack.project import TODAY_VARIABLE
from govpack.reading.assemble import Organisation

ROOT = Path(__file__).resolve().parents[1]
# The day the tests hold review dates against, in this process and in the invoke
# runs it starts, so that the examples' findings do not change with the clock.
TODAY = "2026-11-23"
os.environ[TODAY_VARIABLE] = TODAY
EXAMPLES = ROOT / "content"
CASES = ROOT / "tests" / "cases"
INVOKE = [sys.executable, "-m", "invoke", "--search-root", str(ROOT)]


def _case_builds() -> set[Path]:
    return set(CASES.glob("*/build"))


# What a run of govpack left in tests/cases before the tests ran (by hand, say).
_CASE_BUILDS = _case_builds()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the run where a test checked or built a case folder in place: every test
    works on a copy (``case_project``), as a run writes build/ beside the content."""
    if hasattr(session.config, "workerinput"):  # a worker of pytest-xdist: the controller looks
        return
    made = sorted(_case_builds() - _CASE_BUILDS)
    if made:
        session.config.get_terminal_writer().line(f"a test wrote into tests/cases: {', '.join(str(p.relative_to(ROOT)) for p in made)}", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-goldens", action="store_true", help="rewrite golden files from this run's output")


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


def copy_examples(to: Path, organisations: tuple[str, ...] = ()) -> Path:
    """A project at ``to`` holding a copy of the example content: every organisation,
    or only ``organisations`` (and the shared defaults)."""

    def left_out(folder: str, names: list[str]) -> list[str]:
        if not organisations or Path(folder) != EXAMPLES:
            return []
        return [name for name in names if not name.startswith("_") and name not in organisations]

    shutil.copytree(EXAMPLES, to / "content", ignore=left_out)
    return to


# The rule cases (tests/cases/): each folder with the findings it must give.
CASE_DIRS = sorted(p for p in CASES.iterdir() if (p / "expected-findings.txt").exists())


def case_project(case: Path, to: Path) -> Path:
    """The case folder ``case`` as a project at ``to``, where it is checked, as a check
    writes its cache (build/.cache) beside the content, never into tests/cases. A case
    with a ``base`` file is laid over the folder it names: the base's content is copied,
    then the case's own files on top."""
    if not (case / "base").exists():
        return Path(shutil.copytree(case, to, symlinks=True))
    base = CASES / (case / "base").read_text(encoding="utf-8").strip()
    shutil.copytree(base / "content", to / "content")
    if (case / "content").exists():  # a case that is its base, checked otherwise, has none
        shutil.copytree(case / "content", to / "content", dirs_exist_ok=True)
    return to


def case_organisations(name: str) -> list[Organisation]:
    """The organisations of the case folder ``name``, checked in a temporary copy of it."""
    with tempfile.TemporaryDirectory(prefix="govpack-case-") as folder:
        return govpack.check(govpack.Project.at(case_project(CASES / name, Path(folder) / name)), jobs=1)[0]


def key_paths(data: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every key path under ``data``: keys and list indexes from its root, depth first."""
    found = [at] if at else []
    if isinstance(data, dict):
        for key, value in data.items():
            found += key_paths(value, (*at, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += key_paths(value, (*at, index))
    return found


def run_invoke(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``invoke ARGS`` as a user would, in ``cwd``, with govpack's tasks and ``env`` added."""
    return subprocess.run([*INVOKE, *args], cwd=cwd, capture_output=True, text=True, timeout=600, env={**os.environ, **(env or {})})


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> govpack.Project:
    """The example content, built once for the whole session."""
    project = govpack.Project.at(copy_examples(tmp_path_factory.mktemp("examples")))
    result = govpack.build(project)
    assert [str(f) for f in result.findings] == []
    return project


def copy_built(built: govpack.Project, to: Path) -> govpack.Project:
    """A copy at ``to`` of a built project: its content, and its build/ with the record
    of the run, so that a build or a publication there makes only what differs from it
    (the record names files relative to the project, not where it is)."""
    shutil.copytree(built.content, to / "content")
    shutil.copytree(built.output, to / "build")
    return govpack.Project.at(to)


@pytest.fixture(scope="session")
def published(built: govpack.Project, tmp_path_factory: pytest.TempPathFactory) -> govpack.Project:
    """The example content, built and then published from the command line as a user
    would, once for the session, in a copy of the session's build (which others read
    as a build alone)."""
    project = copy_built(built, tmp_path_factory.mktemp("published"))
    result = run_invoke("publish", cwd=project.root)
    assert result.returncode == 0, result.stderr
    (project.root / "publish.log").write_text(result.stdout, encoding="utf-8")  # what it said, for the tests of it
    return project
