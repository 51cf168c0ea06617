"""An installed govpack, as pre-commit and a cluster's CI install it, has everything it needs."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from conftest import CASES, ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out), str(ROOT)], check=True, capture_output=True)
    return next(out.glob("govpack-*.whl"))


def _tracked(folder: str) -> list[str]:
    listed = subprocess.run(["git", "ls-files", folder], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    return sorted(f"govpack/{name}" for name in listed)


def test_the_wheel_carries_every_schema_and_template_and_the_command(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    for folder in ("schemas", "templates"):
        assert [name for name in _tracked(folder) if name not in names] == []
    entry_points = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("entry_points.txt"))).decode()
    assert "govpack = govpack.tools.tasks:program.run" in entry_points


def test_the_installed_command_checks_a_project(wheel: Path, tmp_path: Path) -> None:
    environment = tmp_path / "venv"
    venv.create(environment, with_pip=True)
    python = environment / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", str(wheel)], check=True, capture_output=True)
    # The dependencies come from this test run's environment; govpack from the wheel.
    env = {"PYTHONPATH": sysconfig.get_paths()["purelib"], "PATH": "/usr/bin:/bin"}
    case = shutil.copytree(CASES / "ref-body", tmp_path / "case", ignore=shutil.ignore_patterns("build"))  # check writes build/.cache
    result = subprocess.run([str(environment / "bin" / "govpack"), "check"], cwd=case, env=env, capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr.endswith("[ref-body]\n")
    # And starts a cluster's repository from the files the wheel carries.
    started = subprocess.run([str(environment / "bin" / "govpack"), "init", "afon-teifi", "--directory", "cluster"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert started.returncode == 0, started.stderr
    assert (tmp_path / "cluster/.github/workflows/governance.yml").is_file() and (tmp_path / "cluster/.devcontainer/Dockerfile").is_file()
    home = subprocess.run([str(python), "-c", "import govpack.project as p; print(p.HOME)"], env=env, capture_output=True, text=True, check=True)
    assert Path(home.stdout.strip()).is_relative_to(environment)
    # govpack's own tests are not installed with it: test says where they are, and what to run here.
    tested = subprocess.run([str(environment / "bin" / "govpack"), "test"], cwd=tmp_path / "cluster", env=env, capture_output=True, text=True)
    assert tested.returncode == 2
    assert tested.stderr == "error: govpack's tests are in its own checkout (scripts/setup, then .venv/bin/invoke test); to check this repository's content, run govpack check\n"


def test_the_pre_commit_hook_runs_the_installed_command() -> None:
    hooks = YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [(hook["id"], hook["entry"], hook["language"], hook["pass_filenames"]) for hook in hooks] == [
        ("govpack-check", "govpack check", "python", False)
    ]


@pytest.mark.parametrize("platform", ["win_amd64", "macosx_11_0_arm64", "macosx_12_0_x86_64", "manylinux_2_17_x86_64"])
def test_every_dependency_installs_from_a_wheel_on_windows_macos_and_linux(platform: str, tmp_path: Path) -> None:
    # Editors on Windows laptops install govpack with pip and nothing to compile: pip,
    # resolving for that platform from the package index, finds a wheel for each.
    resolved = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed", "--only-binary=:all:", "--platform", platform,
         "--python-version", "3.11", "--implementation", "cp", "--target", str(tmp_path / "target"), "--disable-pip-version-check",
         "--quiet", "--report", str(tmp_path / "report.json"), str(ROOT)],
        capture_output=True, text=True,
    )
    assert resolved.returncode == 0, resolved.stderr
    installed = {item["metadata"]["name"].lower() for item in json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))["install"]}
    assert {"weasyprint", "ruamel.yaml.clib", "nh3", "pikepdf", "pypdfium2", "watchfiles", "lxml"} <= installed
