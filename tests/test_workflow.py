"""The GitHub Actions workflow govpack init writes: linted by actionlint, and its
``run:`` steps run here, in order, as a runner would run them, so that it cannot rot
unseen between releases."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from conftest import TODAY

BIN = Path(sys.executable).parent
WORKFLOW = ".github/workflows/governance.yml"
# What a runner installs in steps this machine has done already (scripts/setup).
INSTALLS = {"Install Pango and fonts", "Install govpack"}


def _start(root: Path) -> None:
    """A cluster's repository, started by govpack init, its organisation file
    written (no placeholders), so that it publishes."""
    started = subprocess.run([str(BIN / "govpack"), "init", "afon-teifi"], cwd=root, capture_output=True, text=True, env={**os.environ, "GOVPACK_TODAY": TODAY})
    assert started.returncode == 0, started.stderr
    organisation = root / "content/afon-teifi/organisation.yaml"
    organisation.write_text(re.sub(r"TODO: |TODO-", "", organisation.read_text(encoding="utf-8")), encoding="utf-8")


def _expand(text: str, expressions: dict[str, str]) -> str:
    """``text`` with each ``${{ expression }}`` replaced by its value here; an
    expression the test does not know fails it, so the workflow gains none unseen."""

    def value(match: re.Match[str]) -> str:
        assert match.group(1) in expressions, f"the test does not know ${{{{ {match.group(1)} }}}}"
        return expressions[match.group(1)]

    return re.sub(r"\$\{\{\s*(.+?)\s*\}\}", value, text)


def run_job(root: Path, job: str, expressions: dict[str, str]) -> tuple[list[subprocess.CompletedProcess[str]], str]:
    """Run the ``run:`` steps of ``job`` in ``root`` as a runner does (bash -eo
    pipefail; GITHUB_ENV read between steps), stopping at the first that fails; the
    steps' results and the job summary they wrote."""
    workflow = YAML(typ="safe").load((root / WORKFLOW).read_text(encoding="utf-8"))
    runner = Path(tempfile.mkdtemp(prefix=f"runner-{job}-", dir=root.parent))
    files = {name: runner / name for name in ("env", "summary")}
    for file in files.values():
        file.touch()
    environment = {
        **os.environ,
        **workflow.get("env", {}),
        "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
        "GOVPACK_TODAY": TODAY,
        "GITHUB_ENV": str(files["env"]),
        "GITHUB_STEP_SUMMARY": str(files["summary"]),
        "RUNNER_TEMP": str(runner),
    }
    results = []
    for step in workflow["jobs"][job]["steps"]:
        if "run" not in step or step.get("name") in INSTALLS:
            continue
        assert "if" not in step, "a run: step with a condition: teach the test to decide it"
        step_environment = {**environment, **{key: _expand(str(value), expressions) for key, value in step.get("env", {}).items()}}
        step_environment.update(line.split("=", 1) for line in files["env"].read_text(encoding="utf-8").splitlines() if "=" in line)
        result = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", _expand(step["run"], expressions)], cwd=root, env=step_environment, capture_output=True, text=True)
        results.append(result)
        if result.returncode != 0:
            break
    return results, files["summary"].read_text(encoding="utf-8")


def test_actionlint_passes_the_workflow_init_writes(tmp_path: Path) -> None:
    assert shutil.which("shellcheck"), "scripts/setup installs shellcheck, with which actionlint reads each run: step"
    _start(tmp_path)
    linted = subprocess.run([str(BIN / "actionlint"), "-no-color", "-oneline", WORKFLOW], cwd=tmp_path, capture_output=True, text=True)
    assert linted.returncode == 0, linted.stdout + linted.stderr
    # The same linter finds a mistake in an expression and one in a run: step's shell.
    workflow = tmp_path / WORKFLOW
    text = workflow.read_text(encoding="utf-8")
    workflow.write_text(text.replace("github.event_name == 'push'", "github.evnt_name == 'push'").replace('[ -n "$SITE" ]', "[ -n $SITE ]"), encoding="utf-8")
    broken = subprocess.run([str(BIN / "actionlint"), "-no-color", "-oneline", WORKFLOW], cwd=tmp_path, capture_output=True, text=True)
    assert broken.returncode == 1
    assert 'property "evnt_name" is not defined' in broken.stdout and "SC2070" in broken.stdout


@pytest.mark.parametrize("site", ["pages", "none"])
def test_the_workflow_steps_check_build_and_publish_here(tmp_path: Path, site: str) -> None:
    root = tmp_path / "cluster"
    root.mkdir()
    _start(root)
    # Pull request: the check's annotations (TODOs are warnings, not a failure), then the members' packs.
    steps, _ = run_job(root, "check-and-build", {})
    assert [step.returncode for step in steps] == [0, 0], steps[-1].stderr
    assert re.search(r"^::warning file=content/afon-teifi/vision\.yaml,line=\d+,col=\d+", steps[0].stdout, re.MULTILINE)
    assert (root / "build/internal/afon-teifi/pack.en.pdf").is_file()

    # The default branch, the first time: nothing on the website yet.
    website = tmp_path / "website"
    expressions = {"steps.pages.outputs.base_url || vars.SITE_URL": website.as_uri() if site == "pages" else ""}
    steps, summary = run_job(root, "publish", expressions)
    assert [step.returncode for step in steps] == [0, 0, 0], steps[-1].stderr
    assert summary.startswith("```\nPublication report\n") and summary.endswith("```\n")
    assert "compared with nothing: no publication is recorded" in summary
    assert "Upload these new files:" in summary and "afon-teifi/index.html" in summary

    # Deployed; the next run compares with what the website holds.
    shutil.copytree(root / "build/public", website)
    if site == "none":  # no website to ask: the record committed instead
        assert subprocess.run([str(BIN / "govpack"), "uploaded"], cwd=root, capture_output=True).returncode == 0
    shutil.rmtree(root / "build")
    steps, summary = run_job(root, "publish", expressions)
    assert [step.returncode for step in steps] == [0, 0, 0], steps[-1].stderr
    recorded = "publication-scheme.json" if site == "pages" else "published.json"
    assert re.search(rf"compared with the publication recorded in \S*{recorded}\.", summary), summary
    assert "Upload these new files: 0\n" in summary and "Remove these files from the website: 0\n" in summary
    if site == "pages":  # the website's own scheme is the record: nothing to commit
        assert "The next report starts from the publication scheme the website holds then" in summary
    else:
        assert "run the task uploaded (invoke uploaded, or govpack uploaded) and commit published.json" in summary
