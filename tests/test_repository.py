"""govpack init: a cluster's own repository, started in one command, that checks,
builds and publishes with nothing of govpack's checkout around it."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from conftest import TODAY
from govpack.tools.repository import FILES, PLACEHOLDER, requirement, requirement_from

# The command a cluster's editors run: govpack as pip installs it.
GOVPACK = Path(sys.executable).with_name("govpack")


def govpack(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(GOVPACK), *args], cwd=cwd, capture_output=True, text=True, timeout=600, env={**os.environ, "GOVPACK_TODAY": TODAY})


def git(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty git repository in which govpack init has started afon-teifi."""
    root = tmp_path_factory.mktemp("cluster")
    git("init", "-q", cwd=root)
    done = govpack("init", "afon-teifi", cwd=root)
    assert done.returncode == 0, done.stderr
    return root


def test_init_writes_content_schemas_and_what_the_repository_needs(repository: Path) -> None:
    for path in ["content/afon-teifi/organisation.yaml", "content/afon-teifi/vision.yaml", "schemas/json/vision.schema.json", *FILES]:
        assert (repository / path).is_file(), path
    # The modelines name the JSON Schemas written beside the content.
    first = (repository / "content/afon-teifi/vision.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../schemas/json/vision.schema.json"


def test_a_new_repository_checks_builds_and_publishes_and_git_never_sees_the_build(repository: Path) -> None:
    assert govpack("check", cwd=repository).returncode == 0  # its TODOs are warnings
    built = govpack("build", cwd=repository)
    assert built.returncode == 0, built.stderr
    assert (repository / "build/internal/afon-teifi/vision.en.pdf").is_file()
    # Nothing unfinished is published: the organisation file's placeholders stop it.
    refused = govpack("publish", cwd=repository)
    assert refused.returncode == 1 and "nothing with a placeholder is published" in refused.stderr
    organisation = repository / "content/afon-teifi/organisation.yaml"
    written = re.sub(r"TODO: |TODO-", "", organisation.read_text(encoding="utf-8"))
    organisation.write_text(written, encoding="utf-8")
    published = govpack("publish", cwd=repository)
    assert published.returncode == 0, published.stderr
    assert (repository / "build/public/publication-scheme.json").is_file()
    # build/internal holds members' contact details: git ignores all of build/.
    assert git("check-ignore", "-q", "build/internal/afon-teifi/index.html", cwd=repository).returncode == 0
    git("add", ".", cwd=repository)
    staged = git("diff", "--cached", "--name-only", cwd=repository).stdout.split()
    assert staged and not [path for path in staged if path.startswith("build/")]


def test_the_workflow_checks_builds_and_publishes_with_this_govpack(repository: Path) -> None:
    text = (repository / ".github/workflows/governance.yml").read_text(encoding="utf-8")
    workflow = YAML(typ="safe").load(text)
    assert workflow["env"]["GOVPACK"] == requirement()
    runs = {name: [step.get("run", "") for step in job["steps"]] for name, job in workflow["jobs"].items()}
    assert any("govpack check --strict --format github" in run for run in runs["check-and-build"])
    assert any("govpack publish" in run for run in runs["publish"])
    assert workflow["jobs"]["publish"]["if"] == "github.event_name == 'push'"
    uses = [step.get("uses", "") for step in workflow["jobs"]["publish"]["steps"]]
    assert "actions/deploy-pages@v4" in uses and "actions/upload-artifact@v4" in uses


def test_the_dev_container_builds_from_its_dockerfile_with_the_yaml_extension(repository: Path) -> None:
    container = json.loads((repository / ".devcontainer/devcontainer.json").read_text(encoding="utf-8"))
    assert (repository / ".devcontainer" / container["build"]["dockerfile"]).is_file()
    assert "redhat.vscode-yaml" in container["customizations"]["vscode"]["extensions"]
    dockerfile = (repository / ".devcontainer/Dockerfile").read_text(encoding="utf-8")
    assert "libpango-1.0-0" in dockerfile and f'pip install --no-cache-dir "{requirement()}"' in dockerfile


def test_the_pre_commit_hook_runs_the_check(repository: Path) -> None:
    config = YAML(typ="safe").load((repository / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (hook,) = config["repos"][0]["hooks"]
    assert hook["entry"] == "govpack check" and hook["pass_filenames"] is False


def test_init_writes_over_nothing(repository: Path) -> None:
    before = (repository / "README.md").read_text(encoding="utf-8")
    done = govpack("init", "another", cwd=repository)
    assert done.returncode == 2 and "already has content" in done.stderr and "govpack new" in done.stderr
    assert (repository / "README.md").read_text(encoding="utf-8") == before
    assert not (repository / "content/another").exists()


def test_a_refused_name_leaves_no_folder_behind(tmp_path: Path) -> None:
    done = govpack("init", "Afon Teifi", "--directory", "cluster", cwd=tmp_path)
    assert done.returncode == 2 and "is not a name for an organisation folder" in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_this_govpack_installed_from_its_folder_asks_where_ci_should_install_it_from(tmp_path: Path) -> None:
    # scripts/setup installs this checkout with pip -e: a folder CI cannot reach.
    assert requirement() == PLACEHOLDER
    done = govpack("init", "afon-teifi", cwd=tmp_path)
    assert done.returncode == 0
    assert f'set where to install govpack from: "{PLACEHOLDER}"' in done.stdout


@pytest.mark.parametrize(
    ("direct_url", "wanted"),
    [
        (None, "govpack==0.3.0"),  # from an index
        ('{"url": "https://github.com/bae-cymoedd/govpack", "vcs_info": {"vcs": "git", "commit_id": "4f2a9c1"}}', "govpack @ git+https://github.com/bae-cymoedd/govpack@4f2a9c1"),
        ('{"url": "file:///home/me/govpack", "dir_info": {"editable": true}}', PLACEHOLDER),
        ('{"url": "file:///tmp/govpack-0.3.0.tar.gz", "archive_info": {}}', PLACEHOLDER),
    ],
)
def test_the_requirement_is_where_pip_installed_govpack_from(direct_url: str | None, wanted: str) -> None:
    assert requirement_from(direct_url, "0.3.0") == wanted
