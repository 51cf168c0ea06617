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
    shared = (repository / "content/_defaults/role-description.yaml").read_text(encoding="utf-8")
    assert shared.startswith("# yaml-language-server: $schema=../../schemas/json/role-description.schema.json\n")
    assert shared.count("yaml-language-server") == 1


def test_a_new_repository_checks_builds_and_publishes_and_git_never_sees_the_build(repository: Path) -> None:
    assert govpack("check", cwd=repository).returncode == 0  # its TODOs are warnings
    built = govpack("build", cwd=repository)
    assert built.returncode == 0, built.stderr
    assert (repository / "build/internal/afon-teifi/vision.en.pdf").is_file()
    # Nothing unfinished is published: the organisation file's placeholders stop it.
    refused = govpack("publish", cwd=repository)
    assert refused.returncode == 1 and "nothing with a placeholder is published; fill it in [placeholder]" in refused.stderr
    assert "--organisation" not in refused.stderr  # there are no others to publish alone
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
    # Errors stop the run; the TODOs a new repository starts with do not.
    assert "govpack check --format github" in runs["check-and-build"] and not any("--strict" in run for run in runs["check-and-build"])
    # The fonts every script prints with, as the dev container installs them.
    dockerfile = (repository / ".devcontainer/Dockerfile").read_text(encoding="utf-8")
    container = set(re.search(r"install -y --no-install-recommends ([^\\\n]+)", dockerfile).group(1).split()) - {"git"}
    for job in runs.values():
        (installs,) = [run for run in job if "apt-get install" in run]
        assert set(installs.split("--no-install-recommends ")[1].split()) == container
    # A newer push cancels a pull request's run, never a publication.
    assert workflow["concurrency"]["cancel-in-progress"] == "${{ github.event_name == 'pull_request' }}"
    assert any("govpack publish" in run for run in runs["publish"])
    assert workflow["jobs"]["publish"]["if"] == "github.event_name == 'push'"
    uses = [step.get("uses", "") for step in workflow["jobs"]["publish"]["steps"]]
    assert {use.split("@")[0] for use in uses} >= {"actions/deploy-pages", "actions/upload-artifact"}


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
    assert done.stderr == f"error: {repository} already has a content folder: govpack init starts a repository; to add an organisation to this one, run govpack new ORGANISATION; nothing was written\n"
    assert done.returncode == 2
    assert (repository / "README.md").read_text(encoding="utf-8") == before
    assert not (repository / "content/another").exists()


def test_a_refused_name_leaves_no_folder_behind(tmp_path: Path) -> None:
    for directory in ("cluster", "governance/cluster/documents"):
        done = govpack("init", "Afon Teifi", "--directory", directory, cwd=tmp_path)
        assert done.returncode == 2 and "is not a name for an organisation folder" in done.stderr
        assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("file", [".github", ".devcontainer", "cluster"])
def test_a_file_where_init_makes_a_folder_stops_it_before_it_writes(tmp_path: Path, file: str) -> None:
    (tmp_path / file).write_text("a file\n", encoding="utf-8")
    done = govpack("init", "afon-teifi", "--directory", "cluster" if file == "cluster" else ".", cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert done.stderr == f"error: {tmp_path / file} is a file, where govpack init makes a folder: move it aside or start the repository in another folder; nothing was written\n"
    assert [p.name for p in tmp_path.iterdir()] == [file]


def test_a_repository_made_on_github_keeps_its_readme_and_gitignore(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("# cwm-taf-governance\n\nOur cluster's documents.\n", encoding="utf-8")
    (tmp_path / ".gitignore").write_text("*.pyc\n", encoding="utf-8")
    done = govpack("init", "afon-teifi", "--directory", ".", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "added to .gitignore" in done.stdout.splitlines() and "added to README.md" in done.stdout.splitlines()
    readme = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("# cwm-taf-governance\n\nOur cluster's documents.\n\n# Governance documents\n")
    assert (tmp_path / ".gitignore").read_text(encoding="utf-8").startswith("*.pyc\n\n# What govpack builds")
    assert git("init", "-q", cwd=tmp_path).returncode == 0
    assert git("check-ignore", "-q", "build/internal/afon-teifi/index.html", cwd=tmp_path).returncode == 0


def test_a_gitignore_that_already_keeps_the_build_out_is_left_alone(tmp_path: Path) -> None:
    ignored = "build/\n.venv/\n__pycache__/\n*.pyc\n"
    (tmp_path / ".gitignore").write_text(ignored, encoding="utf-8")
    done = govpack("init", "afon-teifi", cwd=tmp_path)
    assert done.returncode == 0 and ".gitignore" not in done.stdout
    assert (tmp_path / ".gitignore").read_text(encoding="utf-8") == ignored


def test_init_writes_over_no_workflow(tmp_path: Path) -> None:
    workflow = tmp_path / ".github/workflows/governance.yml"
    workflow.parent.mkdir(parents=True)
    workflow.write_text("name: ours\n", encoding="utf-8")
    done = govpack("init", "afon-teifi", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr == f"error: {tmp_path} already has .github/workflows/governance.yml, which govpack init writes: move it aside and run it again; nothing was written\n"
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == [".github", ".github/workflows", ".github/workflows/governance.yml"]


def test_init_in_another_folder_says_to_go_there(tmp_path: Path) -> None:
    done = govpack("init", "afon-teifi", "--directory", "cluster", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1].startswith("next: cd cluster; fill in every TODO (govpack check lists them)")


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
        ('{"url": "https://example.org/govpack-0.3.0.tar.gz", "archive_info": {}}', "govpack @ https://example.org/govpack-0.3.0.tar.gz"),
        # CI holds no key to fetch over ssh.
        ('{"url": "ssh://git@github.com/bae-cymoedd/govpack.git", "vcs_info": {"vcs": "git", "commit_id": "4f2a9c1"}}', PLACEHOLDER),
    ],
)
def test_the_requirement_is_where_pip_installed_govpack_from(direct_url: str | None, wanted: str) -> None:
    assert requirement_from(direct_url, "0.3.0") == wanted


def test_a_readme_init_cannot_add_to_or_a_schemas_file_stops_it_before_it_writes(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_bytes("# Caf\xe9\n".encode("latin-1"))
    done = govpack("init", "afon-teifi", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr == f"error: {tmp_path / 'README.md'} is not a text file in UTF-8, which govpack init adds to: save it as UTF-8, or move it aside; nothing was written\n"
    (tmp_path / "README.md").unlink()
    (tmp_path / "schemas").write_text("a file\n", encoding="utf-8")
    done = govpack("init", "afon-teifi", cwd=tmp_path)
    assert done.returncode == 2 and done.stderr.startswith(f"error: {tmp_path / 'schemas'} is a file, where govpack init makes a folder")
    assert [p.name for p in tmp_path.iterdir()] == ["schemas"]


def test_a_gitignore_with_windows_line_ends_keeps_them(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_bytes(b"*.pyc\r\n")
    assert govpack("init", "afon-teifi", cwd=tmp_path).returncode == 0
    written = (tmp_path / ".gitignore").read_bytes()
    assert written.startswith(b"*.pyc\r\n\r\n# What govpack builds") and b"build/\r\n" in written and b"\n" not in written.replace(b"\r\n", b"")
