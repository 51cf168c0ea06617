"""The tasks' contract: exit codes 0, 1 and 2, and no traceback for bad input."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import govpack
from conftest import CASES, ROOT, case_project, copy_examples, run_invoke
from govpack.errors import formatted
from govpack.project import TODAY_VARIABLE


def test_check_of_good_content_exits_0(tmp_path: Path) -> None:
    result = run_invoke("check", cwd=case_project(CASES / "good-organisation", tmp_path / "case"))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_check_of_bad_content_exits_1_with_findings_only(tmp_path: Path) -> None:
    case = case_project(CASES / "yaml-tag", tmp_path / "case")
    result = run_invoke("check", cwd=case)
    assert result.returncode == 1
    assert result.stderr.splitlines() == (case / "expected-findings.txt").read_text(encoding="utf-8").splitlines()


def test_unknown_option_exits_2(tmp_path: Path) -> None:
    result = run_invoke("check", "--no-such-option", cwd=case_project(CASES / "good-organisation", tmp_path / "case"))
    assert result.returncode == 2
    assert "--no-such-option" in result.stderr


def test_missing_content_folder_exits_2(tmp_path: Path) -> None:
    result = run_invoke("build", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("error: no content folder at ")
    assert "Traceback" not in result.stderr


def test_every_contract_task_has_one_line_of_help(tmp_path: Path) -> None:
    result = run_invoke("--list", cwd=case_project(CASES / "good-organisation", tmp_path / "case"))
    for name in ("bench", "build", "check", "clean", "explain", "import", "new", "publish", "schema", "serve", "test", "uploaded"):
        assert f"  {name} " in result.stdout


def test_every_command_answers_help_and_does_nothing_else(tmp_path: Path) -> None:
    from govpack.tools.tasks import program

    for name, task in program.namespace.tasks.items():
        done = run_invoke(name, "--help", cwd=tmp_path)
        assert done.returncode == 0 and done.stderr == "", name
        shown = " ".join(done.stdout.split())
        assert task.__doc__.split("\n")[0] in shown, name
        # Every option with its help: a task whose arguments were read before (changes)
        # once showed its options bare.
        # (Compared without spaces: the help is wrapped, at a hyphen too.)
        assert all("".join(words.split()) in "".join(shown.split()) for words in task.help.values()), name
    assert list(tmp_path.iterdir()) == []  # nothing was made, built or removed


def test_what_the_parser_refuses_is_said_in_govpack_s_words(tmp_path: Path) -> None:
    for args, said in (
        (("changes", "cwm-arian", "--since"), "error: --since needs a value: compare with this commit, tag or branch instead of the version last approved (see govpack changes --help)"),
        (("build", "-j"), "error: --jobs needs a value: processes to print PDFs on (default: one per core) (see govpack build --help)"),
        (("check", "--no-such-option"), "error: check has no option --no-such-option (see govpack check --help)"),
        (("check", "it's"), 'error: check does not take "it\'s" (see govpack check --help)'),
        # invoke's own options may follow a task too.
        (("check", "--config"), "error: --config needs a value (see govpack check --help)"),
        (("chek",), 'error: there is no command "chek" (see govpack --list)'),
        (("--no-such-option",), "error: govpack has no option --no-such-option (see govpack --help)"),
    ):
        done = run_invoke(*args, cwd=tmp_path)
        assert (done.returncode, done.stderr) == (2, said + "\n"), args


def test_today_option_and_variable_set_the_date_reviews_are_held_against(tmp_path: Path) -> None:
    copy_examples(tmp_path)
    assert run_invoke("check", "--today", "2027-01-12", cwd=tmp_path).stderr == ""
    later = run_invoke("check", "--today", "2027-01-15", cwd=tmp_path)
    assert later.returncode == 0  # a warning only
    assert "content/cwm-arian/code-of-conduct.yaml:10:3: warning: review date 2027-01-14 has passed (today is 2027-01-15)" in later.stderr
    by_variable = run_invoke("check", cwd=tmp_path, env={TODAY_VARIABLE: "2027-01-15"})
    assert by_variable.stderr == later.stderr


def test_strict_turns_warnings_into_errors_for_check_and_build(tmp_path: Path) -> None:
    copy_examples(tmp_path)
    for task in ("check", "build"):
        result = run_invoke(task, "--strict", "--today", "2027-01-15", cwd=tmp_path)
        assert result.returncode == 1, task
        assert "content/cwm-arian/code-of-conduct.yaml:10:3: error: review date 2027-01-14 has passed" in result.stderr
    assert not (tmp_path / "build" / "internal").exists()


def test_a_today_that_is_not_a_date_is_a_usage_error(tmp_path: Path) -> None:
    case = case_project(CASES / "good-organisation", tmp_path / "case")
    result = run_invoke("check", "--today", "2027-02-30", cwd=case)
    assert (result.returncode, result.stderr.strip()) == (2, 'error: --today is "2027-02-30", which is not a date: write YYYY-MM-DD')
    result = run_invoke("check", cwd=case, env={TODAY_VARIABLE: "soon"})
    assert (result.returncode, result.stderr.strip()) == (2, 'error: $GOVPACK_TODAY is "soon", which is not a date: write YYYY-MM-DD')


def test_check_formats_findings_for_github_actions_and_for_tools(tmp_path: Path) -> None:
    case = case_project(CASES / "ref-body", tmp_path / "case")
    github = run_invoke("check", "--format", "github", cwd=case)
    assert github.returncode == 1
    assert github.stdout.splitlines() == [
        '::error file=content/acme/organisation.yaml,line=29,col=3,title=ref-body::"owner" names "bored", which is not a body in organisation.yaml (bodies)'
    ]
    as_json = run_invoke("check", "--format", "json", cwd=case)
    assert as_json.returncode == 1
    assert json.loads(as_json.stdout) == {
        "findings": [{
            "path": "content/acme/organisation.yaml", "line": 29, "col": 3, "severity": "error",
            "message": '"owner" names "bored", which is not a body in organisation.yaml (bodies)', "rule": "ref-body",
        }],
        "errors": 1,
        "warnings": 0,
    }
    good = run_invoke("check", "--format", "json", cwd=case_project(CASES / "good-organisation", tmp_path / "good"))
    assert (good.returncode, json.loads(good.stdout)["findings"]) == (0, [])
    unknown = run_invoke("check", "--format", "xml", cwd=case)
    assert (unknown.returncode, unknown.stderr.strip()) == (2, "error: --format must be one of: text, github, json")


def test_github_annotations_escape_what_would_end_them() -> None:
    finding = govpack.Finding("a,b:c.yaml", 1, 2, "warning", "50% done\nnext", "rule")
    assert formatted([finding], "github") == "::warning file=a%2Cb%3Ac.yaml,line=1,col=2,title=rule::50%25 done%0Anext"


def test_the_readme_pictures_exist() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    pictures = re.findall(r"!\[[^\]]+\]\(([^)]+)\)", readme)
    assert len(pictures) == 3
    assert [p for p in pictures if not (ROOT / p).is_file()] == []


def test_check_imports_nothing_only_building_needs(tmp_path: Path) -> None:
    # WeasyPrint takes most of a second and needs Pango, and the rest a few tenths:
    # a check, run on every save and before every commit, makes no page and no file.
    building = ("weasyprint", "jinja2", "pikepdf", "icalendar", "docx")
    script = f"import sys, pathlib, govpack, govpack.tools.tasks; govpack.check(govpack.Project.at(pathlib.Path(sys.argv[1]))); print([m for m in {building!r} if m in sys.modules])"
    case = shutil.copytree(CASES / "good-organisation", tmp_path / "case", ignore=shutil.ignore_patterns("build"))  # check writes build/.cache
    done = subprocess.run([sys.executable, "-c", script, str(case)], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_the_printers_server_and_the_tasks_import_no_run() -> None:
    # A build starts the server its printing processes fork from before it imports the
    # run, so that the server imports WeasyPrint while the content is read and checked;
    # the tasks, and what the server imports, bring none of the runs' modules.
    runs = ("govpack.checking.check", "govpack.pipeline.build", "govpack.pipeline.publish", "govpack.reading.load", "cerberus", "jinja2")
    script = f"import sys, govpack.tools.tasks, govpack.writing.pool, govpack.writing.pdf; print([m for m in {runs!r} if m in sys.modules])"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_check_runs_where_weasyprint_cannot_be_imported(tmp_path: Path) -> None:
    # As on a Windows laptop without Pango: checking needs nothing but Python.
    shutil.copytree(CASES / "good-organisation", tmp_path / "case", ignore=shutil.ignore_patterns("build"))
    script = "import sys; sys.modules['weasyprint'] = None; from govpack.tools.tasks import program; program.run(['govpack', 'check'])"
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path / "case", capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("checked: ")


@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_help_after_a_task_that_takes_a_name_is_help(tmp_path: Path, flag: str) -> None:
    # invoke gives the word after "new" to its organisation name, "--help" included.
    for words, says in ((("new",), "Start a new organisation"), (("explain",), "Print every value of a merged document"), (("new-meeting", "cwm-arian"), "Record a meeting of a body")):
        done = run_invoke(*words, flag, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        assert says in done.stdout and done.stderr == ""
    assert not (tmp_path / "content").exists()  # nothing was made


def test_a_name_left_out_is_asked_for_in_the_task_s_own_words(tmp_path: Path) -> None:
    done = run_invoke("new-meeting", "cwm-arian", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr == (
        "error: new-meeting needs BODY, the body that meets: its key under bodies in organisation.yaml, e.g. leadership-team; "
        "DATE, the day of the meeting, YYYY-MM-DD (see govpack new-meeting --help)\n"
    )
