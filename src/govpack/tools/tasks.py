"""govpack's tasks, thin over the library: ``invoke --list`` (in a checkout) or
``govpack --list`` (where govpack is installed) shows them.

They parse options, call the library, print, and set the exit code. They live in
the package, not only in the checkout's tasks.py, so that an installed govpack, as
pre-commit installs it, has the same commands.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from functools import partial
from invoke import Collection, Exit
from invoke.program import Program

import govpack
# What each task runs is imported by the task: a check needs none of building, and a build
# starts the server its printing processes fork from (``writing.pool``) before it reads
# the rest of govpack, so that the server imports WeasyPrint meanwhile.
from govpack.errors import FORMATS, formatted, has_errors, strictly
from govpack.tools.command_line import command as _command, task
from govpack.cores import available_cores
from govpack.project import HOME


def _project(content: str, today: str | None = None, shard: str | None = None, organisation: list[str] | None = None) -> govpack.Project:
    return _told(partial(govpack.Project.at, Path.cwd(), content, today=today, shard=shard, organisations=organisation or ()))


def _told(step, *args):
    """``step(*args)``; a GovpackError raised as the one line a person reads, and its exit code."""
    try:
        return step(*args)
    except govpack.GovpackError as exc:
        raise Exit(f"error: {exc}", code=exc.exit_code) from exc


def _report(findings: list[govpack.Finding], strict: bool, stopped: str = "") -> None:
    """Print ``findings`` on stderr; with any error, a line that counts them and says
    what was not done (``stopped``), and exit 1."""
    if strict:
        findings = strictly(findings)
    for finding in findings:
        print(finding, file=sys.stderr)
    if has_errors(findings):
        errors = sum(1 for f in findings if f.severity == govpack.ERROR)
        print(f"{errors} error(s) and {len(findings) - errors} warning(s){stopped}: the errors are listed above, each at its file and line")
        raise Exit(code=1)


_CHECKING = {
    "content": "content folder (default: content)",
    "strict": "treat warnings as errors",
    "today": "the date to hold review dates against, YYYY-MM-DD (default: $GOVPACK_TODAY, else today)",
    "shard": "K/N: only the Kth of N stable shares of the organisations, for a CI matrix",
    "organisation": "only this organisation (its folder name); give it again for more",
}


@task(
    iterable=["organisation"],
    help={
        **_CHECKING,
        "format": "text (default), github (Actions annotations, on stdout) or json (on stdout)",
        "guide": "also list what the guide recommends that a document does not state (warnings, rule guide-gap)",
    },
)
def check(c, content="content", strict=False, today=None, format="text", shard=None, organisation=None, guide=False):
    """Validate the content and print every finding; build nothing."""
    if format not in FORMATS:
        raise Exit(f"error: --format must be one of: {', '.join(FORMATS)}", code=2)
    from govpack.checking.check import findings as check_findings, guide_findings

    project = _project(content, today, shard, organisation)
    findings = guide_findings(project) if guide else check_findings(project)
    if format == "text":
        _report(findings, strict)
        print(f"checked: {len(findings)} finding(s)")
        return
    if strict:
        findings = strictly(findings)
    if findings or format == "json":
        print(formatted(findings, format))
    if has_errors(findings):
        raise Exit(code=1)


_MAKING = {
    **_CHECKING,
    "jobs": "processes to print PDFs on (default: one per core)",
    "force": "print every PDF again, changed or not",
}


def _jobs(jobs: str | None) -> int:
    if jobs is None:
        return available_cores()
    if not str(jobs).isdigit() or int(jobs) < 1:
        raise Exit(f'error: --jobs is "{jobs}"; give a number of processes, 1 or more', code=2)
    return int(jobs)


class _Bar:
    """A progress bar on a terminal's stderr; nothing where stderr is not a terminal (CI)."""

    def __init__(self) -> None:
        self.shown = sys.stderr.isatty()

    def __call__(self, done: int, total: int) -> None:
        if self.shown and total:
            filled = 30 * done // total
            print(f"\rprinting [{'#' * filled}{'.' * (30 - filled)}] {done}/{total}", end="", file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.shown:
            print("\r\033[K", end="", file=sys.stderr, flush=True)


def _carry_out(run: str, project: govpack.Project, strict: bool, jobs: str | None, force: bool, stopped: str, **options):
    """Run ``run`` (build or publish) with ``options``, print its findings, and exit 1 if
    it stopped on errors, saying so (``stopped``). The printing processes' server starts
    first, before the run is imported."""
    from govpack.writing.pool import prepare

    jobs = _jobs(jobs)
    prepare(jobs)
    bar = _Bar()
    try:
        result = getattr(govpack, run)(project, strict=strict, jobs=jobs, force=force, progress=bar, **options)
    except govpack.FindingsError as exc:
        bar.close()
        _report(exc.findings, strict, stopped)
        raise Exit(code=1) from exc
    except govpack.GovpackError as exc:
        bar.close()
        raise Exit(f"error: {exc}{stopped}", code=exc.exit_code) from exc
    bar.close()
    _report(result.findings, strict, stopped)
    return result


@task(iterable=["organisation"], help=_MAKING)
def build(c, content="content", strict=False, today=None, jobs=None, force=False, shard=None, organisation=None):
    """Build every document as HTML and PDF, and a pack per organisation."""
    project = _project(content, today, shard, organisation)
    result = _carry_out("build", project, strict, jobs, force, "; nothing was built, and the last build is as it was")
    print(f"built {len(result.outputs)} output(s) into {project.rel(project.output)}/: {result.summary}")


@task(
    iterable=["organisation"],
    help={**_MAKING, "since": "the publication-scheme.json of the set the website holds (default: published.json, which the uploaded task writes)"},
)
def publish(c, content="content", strict=False, today=None, jobs=None, force=False, shard=None, organisation=None, since=None):
    """Publish the approved documents, personal data removed, under the FOI publication scheme."""
    from govpack.pipeline.report import counts as report_counts

    project = _project(content, today, shard, organisation)
    result = _carry_out("publish", project, strict, jobs, force, "; nothing was published, and the last public set is as it was", since=since)
    documents, files = result.report["documents"], report_counts(result.report)
    print(
        f"published {len(result.report['files']) - files['withdrawn']} file(s) into {project.rel(project.output)}/public/: {result.summary}; "
        f"documents: {len(documents['added'])} added, {len(documents['updated'])} updated, {len(documents['withdrawn'])} withdrawn"
        + "".join(f", {count} {what}" for count, what in (
            (sum(not doc["left_out"] for doc in documents["drafted"]), "at the version in force while a new version is drafted"),
            (sum(bool(doc["left_out"]) for doc in documents["drafted"]), "left out while a new version is drafted (see the report)"),
        ) if count)
    )
    removed = files["withdrawn"] if result.report["previous_publication"] else "unknown (no publication recorded: see the report)"
    print(
        f"to upload: {files['added']} new and {files['updated']} changed file(s); to remove from the website: {removed}; "
        f"unchanged: {files['unchanged']}. The list: {project.rel(project.output)}/publication-report.txt"
    )


@task(help={"content": "content folder (default: content)"})
def uploaded(c, content="content"):
    """Record that the website now holds build/public: writes published.json (commit it), which the next publish compares with."""
    from govpack.pipeline.publish import record_upload

    project = _project(content)
    record, withdrawn = _told(record_upload, project)
    if withdrawn:
        print(f"the website no longer holds these {len(withdrawn)} file(s), as the report said:")
        print("\n".join(f"  {path}" for path in withdrawn))
    print(f"recorded the published set in {project.rel(record)}: commit it, so the next publication report starts from it")


@task(
    positional=["org", "doc"],
    help={
        "org": "organisation slug (its folder under content/)",
        "doc": "document slug (its file name without .yaml)",
        "content": "content folder (default: content)",
        "full": "show long texts whole",
    },
)
def explain(c, org, doc, content="content", full=False):
    """Print every value of a merged document with the file:line it came from."""
    from govpack.tools.explain import explain as explain_values

    try:
        values = explain_values(_project(content), org, doc)
    except govpack.FindingsError as exc:
        _report(exc.findings, strict=False)
        raise Exit(code=1) from exc
    except govpack.GovpackError as exc:
        raise Exit(f"error: {exc}", code=exc.exit_code) from exc
    try:
        for value in values:
            print(value.show(full))
    except BrokenPipeError:  # piped into head: the reader has all it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


@task(
    help={
        "org": "only this organisation (its folder name); may be given first, without --org",
        "doc": "only this document of it (its file name without .yaml); may follow ORG, without --doc",
        "content": "content folder (default: content)",
        "since": "compare with this commit, tag or branch instead of the version last approved",
        "welsh": "list instead every text whose Welsh (or other translation) last changed before its English, with both texts",
    },
)
def changes(c, org=None, doc=None, content="content", since=None, welsh=False):
    """Print what changed in each document since the version last approved (from git): changes [ORG [DOC]] [--since REF]."""
    from govpack.tools.changes import changes as compared, stale

    if welsh and since is not None:
        raise Exit("error: --welsh lists the translations behind now; --since compares versions: give one or the other", code=2)
    try:
        if welsh:
            lines = stale(_project(content), org, doc) or ["every translation is in step with the text it translates"]
        else:
            lines = [line for each in compared(_project(content), org, doc, since) for line in each.lines()]
    except govpack.FindingsError as exc:
        _report(exc.findings, strict=False, stopped=", so nothing was compared")
        raise Exit(code=1) from exc
    except govpack.GovpackError as exc:
        raise Exit(f"error: {exc}", code=exc.exit_code) from exc
    try:
        print("\n".join(lines))
    except BrokenPipeError:  # piped into head: the reader has all it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


_STARTING = {
    "org": "the new organisation's folder name, e.g. afon-teifi (lower case, hyphens)",
    "kind": "cluster (default), federation, network, locality, public-services-board, partnership or other",
    "languages": "languages it publishes in: en (default), or en,cy",
}


@task(positional=["org"], help={**_STARTING, "content": "content folder (default: content)"})
def new(c, org, kind="cluster", languages="en", content="content"):
    """Start a new organisation: every document as commented YAML to fill in."""
    from govpack.tools.scaffold import new as new_organisation

    (Path.cwd() / content).mkdir(parents=True, exist_ok=True)  # a new repository starts here
    project = _project(content)
    written = _told(new_organisation, project, org, kind, languages)
    for path in written:
        print(f"wrote {project.rel(path)}")
    print(f"next: fill in every TODO ({_command()} check lists them), then {_command()} build")


@task(positional=["org"], help={**_STARTING, "directory": "the repository's folder (default: this one)"})
def init(c, org, kind="cluster", languages="en", directory="."):
    """Start a cluster's own repository: a first organisation, its CI, hooks, dev container and README."""
    from govpack.tools.repository import PLACEHOLDER, init as start_repository, requirement

    root = Path.cwd() / directory
    for done, path in _told(start_repository, root, org, kind, languages):
        print(f"{done} {path.relative_to(root).as_posix()}")
    if requirement() == PLACEHOLDER:  # this govpack was installed from a folder, which CI cannot reach
        print(f'set where to install govpack from: "{PLACEHOLDER}" in .github/workflows/governance.yml and .devcontainer/Dockerfile')
    move = f"cd {directory}; " if Path(directory) != Path(".") else ""
    print(f"next: {move}fill in every TODO ({_command()} check lists them), then {_command()} build; commit, and push to a private repository to run the checks and publish")


@task(
    name="new-meeting",
    positional=["org", "body", "date"],
    help={
        "org": "the organisation's folder name under content/, e.g. cwm-arian",
        "body": "the body that meets: its key under bodies in organisation.yaml, e.g. leadership-team",
        "date": "the day of the meeting, YYYY-MM-DD",
        "content": "content folder (default: content)",
    },
)
def new_meeting(c, org, body, date, content="content"):
    """Record a meeting of a body: its agenda to fill in, then its minutes."""
    from govpack.tools.scaffold import new_meeting as scaffold_meeting

    project = _project(content)
    path = _told(scaffold_meeting, project, org, body, date)
    print(f"wrote {project.rel(path)}")
    print(f"next: fill in the agenda ({_command()} check lists each TODO); after the meeting, who attended, the minutes and the status")


@task(
    name="import",
    positional=["file"],
    help={
        "file": "the Word document (.docx) to import",
        "type": "its document type, e.g. terms-of-reference",
        "organisation": "the organisation it belongs to (its folder under content/)",
        "output": "the YAML file to write (default: content/<organisation>/<type>.yaml, or a file in content/<organisation>/<type>/)",
        "content": "content folder (default: content)",
    },
)
def import_document(c, file, type=None, organisation=None, output=None, content="content"):
    """Draft a document from a Word file: YAML to check, its guesses commented."""
    if not type or not organisation:
        raise Exit("error: give the document's --type and --organisation, e.g. govpack import terms.docx --type terms-of-reference --organisation afon-teifi", code=2)
    from govpack.tools.word_import import import_word

    project = _project(content, organisation=[organisation])
    imported = _told(import_word, project, Path(file), type, project.selected[0], output)
    print(f"wrote {project.rel(imported.path)}")
    for note in imported.notes:
        print(f"  check: {note}")
    print(f"next: read the comments in it (each guess says so), then {_command()} check lists every TODO to write")


@task(help={**{k: v for k, v in _CHECKING.items() if k not in ("shard", "organisation")}, "port": "the port on 127.0.0.1 to serve on (default: 8000)", "jobs": _MAKING["jobs"]})
def serve(c, port="8000", content="content", strict=False, today=None, jobs=None):
    """Build, serve build/internal on 127.0.0.1, and rebuild and reload on every save."""
    if not str(port).isdigit() or not 1 <= int(port) <= 65535:
        raise Exit(f'error: --port is "{port}"; give a port from 1 to 65535', code=2)
    from govpack.tools.serve import serve as serve_project

    try:
        serve_project(_project(content, today), int(port), strict=strict, jobs=_jobs(jobs))
    except OSError as exc:
        raise Exit(f"error: cannot serve on 127.0.0.1:{port}: {exc.strerror}", code=2) from exc
    except KeyboardInterrupt:
        print("stopped")


@task(help={"content": "content folder (default: content)"})
def schema(c, content="content"):
    """Write the JSON Schemas editors use (schemas/json/) from the cerberus schemas."""
    from govpack.tools.editor_schema import write_json_schemas

    project = _project(content)
    for path in write_json_schemas(project.schemas, project.root):
        print(f"wrote {project.rel(path)}")


@task(help={"organisations": "how many organisations the synthetic corpus has (default: 64)", "jobs": _MAKING["jobs"]})
def bench(c, organisations="64", jobs=None):
    """Measure cold, no-op and incremental builds and check on a synthetic corpus; print a table, write build/bench.json."""
    from govpack.tools.bench import bench as measure
    from govpack.tools.bench import table

    if not str(organisations).isdigit() or int(organisations) < 1:
        raise Exit(f'error: --organisations is "{organisations}"; give a number, 1 or more', code=2)
    report = measure(HOME / "content", int(organisations), _jobs(jobs))
    print(table(report))
    out = Path.cwd() / "build" / "bench.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out.relative_to(Path.cwd()).as_posix()}")


@task
def clean(c):
    """Remove the build folder."""
    shutil.rmtree(Path.cwd() / "build", ignore_errors=True)


@task(help={"k": "only tests whose names match this expression"})
def test(c, k=""):
    """Run govpack's own test suite, on every core (in its checkout, set up by scripts/setup)."""
    if not (HOME / "tests").is_dir():  # an installed govpack carries no tests
        raise Exit("error: govpack's tests are in its own checkout (scripts/setup, then .venv/bin/invoke test); to check this repository's content, run govpack check", code=2)
    args = [sys.executable, "-m", "pytest", "-q", "-n", "auto"] + (["-k", k] if k else [])
    raise Exit(code=subprocess.call(args, cwd=HOME))


# The `govpack` command: these tasks, for an installed govpack (pyproject's scripts).
program = Program(namespace=Collection.from_module(sys.modules[__name__]), name="govpack", binary="govpack", version=govpack.__version__)
