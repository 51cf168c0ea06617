"""Shared fixtures: the example content built once, and helpers to run govpack."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import govpack
from govpack.project import TODAY_VARIABLE

ROOT = Path(__file__).resolve().parents[1]
# The day the tests hold review dates against, in this process and in the invoke
# runs it starts, so that the examples' findings do not change with the clock.
TODAY = "2026-11-23"
os.environ[TODAY_VARIABLE] = TODAY
EXAMPLES = ROOT / "content"
CASES = ROOT / "tests" / "cases"
INVOKE = [sys.executable, "-m", "invoke", "--search-root", str(ROOT)]


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
