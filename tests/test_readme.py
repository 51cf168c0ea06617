"""The README's commands, run as it shows them, print what it says they print; the
files it says a build and a publication write are there; the workflows it shows pass
actionlint. A README that drifts from govpack fails here, not in a reader's hands."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import govpack
from conftest import ROOT, copy_built, copy_examples, run_invoke

README = (ROOT / "README.md").read_text(encoding="utf-8")


def block_after(marker: str) -> list[str]:
    """The lines of the first fenced block after ``marker`` in the README, unindented."""
    start = README.index(marker)
    fence = re.compile(r"^( *)```[a-z]*\n(.*?)^\1```", re.MULTILINE | re.DOTALL).search(README, start)
    assert fence, marker
    indent = len(fence.group(1))
    return [line[indent:] for line in fence.group(2).splitlines() if line.strip()]


def test_the_tutorials_first_check_lists_what_the_readme_shows(tmp_path: Path) -> None:
    assert run_invoke("new", "afon-teifi", cwd=tmp_path).returncode == 0
    first, elided, last = block_after("**See what is left to write**")
    done = run_invoke("check", cwd=tmp_path)
    assert done.returncode == 0 and elided == "..."
    assert (first, last) == (done.stderr.splitlines()[0], done.stdout.splitlines()[-1])


def test_check_prints_the_readme_s_example_findings_for_its_mistakes(tmp_path: Path) -> None:
    project = copy_examples(tmp_path, ("cwm-arian",))
    shown = block_after("2. Check it: `.venv/bin/invoke check`")
    # The README's mistakes, made where it says they are: a key misspelt, a day that is not.
    mistakes = {"[schema-unknown-key]": ("email:", "emial:"), "[schema-date]": (None, '"2026-02-30"')}
    for finding in shown:
        if finding.split()[-1] not in mistakes:
            continue  # what the mistake also leads to (a key misspelt is a key missing)
        old, new = mistakes.pop(finding.split()[-1])
        path, line, col = re.match(r"(\S+?):(\d+):(\d+):", finding).groups()
        lines = (project / path).read_text(encoding="utf-8").splitlines(keepends=True)
        text, at = lines[int(line) - 1], int(col) - 1
        if old:
            assert text[at:].startswith(old), (path, text)
            lines[int(line) - 1] = text[:at] + new + text[at + len(old) :]
        else:  # the value after the key at that column
            lines[int(line) - 1] = f"{text[:at]}{text[at:].split(':', 1)[0]}: {new}\n"
        (project / path).write_text("".join(lines), encoding="utf-8")
    assert mistakes == {}
    done = run_invoke("check", cwd=project)
    assert done.returncode == 1
    assert [line for line in done.stderr.splitlines() if ": error: " in line] == shown


def test_explain_prints_the_readme_s_example(tmp_path: Path) -> None:
    shown = block_after("`--full` shows long texts whole")
    command, *lines = shown
    assert command == "$ .venv/bin/invoke explain cwm-arian code-of-conduct"
    done = run_invoke(*command.split()[2:], cwd=copy_examples(tmp_path, ("cwm-arian",)))
    assert done.returncode == 0, done.stderr
    assert [line for line in lines if line not in done.stdout.splitlines()] == []


def test_new_meeting_writes_the_file_the_readme_names(tmp_path: Path) -> None:
    (command,) = block_after("day; start one with")
    project = copy_examples(tmp_path, ("cwm-arian",))
    done = run_invoke(*command.split()[1:], cwd=project)
    assert done.returncode == 0, done.stderr
    written = re.search(r"which writes `([^`]+)`", README[README.index(command) :]).group(1)
    assert (project / written).is_file()


def _paths(marker: str) -> list[str]:
    """The files a README listing names, as glob patterns (``<organisation>`` and the
    like stand for any name), in the listing's order."""
    paths = []
    for line in block_after(marker):
        if line.startswith(" "):  # the explanation of the line above, run on
            continue
        first, *rest = re.sub(r"<[a-z-]+>", "*", line).split()
        path = first.rstrip(",")
        paths.append(path)
        if first.endswith(",") and rest[0].startswith("."):  # "<name>.en.html, .en.pdf": the same name, another format
            name = path.rsplit("/", 1)[-1]
            paths.append(path[: len(path) - len(name)] + name.split(".")[0] + rest[0])
    return paths


def test_the_files_a_build_writes_are_where_the_readme_says(built: govpack.Project) -> None:
    paths = _paths("The build writes to `build/`:")
    assert "build/internal/*/pack.en.pdf" in paths
    assert [path for path in paths if not list(built.root.glob(path))] == []


def test_the_files_a_publication_writes_are_where_the_readme_says(published: govpack.Project) -> None:
    paths = _paths("makes the public set under `build/public/`")
    assert "build/public/publication-scheme.json" in paths
    assert [path for path in paths if not list(published.root.glob(path))] == []


def test_publish_ends_as_the_readme_shows(published: govpack.Project, tmp_path: Path) -> None:
    # The README's figures are one example's; the words and their order are publish's own,
    # once the website's set is recorded, as the README's example is.
    project = copy_built(published, tmp_path)
    assert run_invoke("uploaded", cwd=project.root).returncode == 0
    done = run_invoke("publish", cwd=project.root)
    assert done.returncode == 0, done.stderr
    shown = block_after("as **withdrawn** (remove it from the website), with the documents behind them. It ends:")
    for example, line in zip(shown, done.stdout.splitlines()[-len(shown) :], strict=True):
        form = re.sub(r"\d+", r"\\d+", re.escape(example)).replace(r"\.\.\.", ".*")
        assert re.fullmatch(form, line), (example, line)


def test_the_readme_s_workflows_pass_actionlint(tmp_path: Path) -> None:
    shown = [block.group(1) for block in re.finditer(r"```yaml\n(.*?)```", README, re.DOTALL) if "runs-on:" in block.group(1)]
    assert shown
    for number, workflow in enumerate(shown):
        file = tmp_path / f"readme-{number}.yml"
        file.write_text(workflow if re.search(r"^on:", workflow, re.MULTILINE) else f"on: push\n{workflow}", encoding="utf-8")
        linted = subprocess.run([str(Path(sys.executable).with_name("actionlint")), "-no-color", "-oneline", str(file)], capture_output=True, text=True)
        assert linted.returncode == 0, linted.stdout


def test_the_commands_the_readme_shows_exist() -> None:
    from govpack.tools.tasks import program

    tasks = set(program.namespace.tasks)
    shown = set(re.findall(r"(?:^|`|\$ )(?:\.venv/bin/invoke|govpack) ([a-z][a-z-]+)", README, re.MULTILINE))
    assert {"build", "check", "init", "new-meeting"} <= shown
    assert shown - tasks == set(), "the README shows a command govpack does not have"
