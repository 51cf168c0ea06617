"""Shards split the organisations; an unchanged run reads nothing again; the benchmark runs."""

from __future__ import annotations

import importlib
import json
import os
import shutil
from pathlib import Path

import pytest

import govpack
from conftest import EXAMPLES, copy_examples, run_invoke
from govpack.checking.check import findings as check_findings
from govpack.tools.bench import corpus


def test_shards_split_the_organisations_between_them_and_keep_the_shared_defaults(tmp_path: Path) -> None:
    root = tmp_path / "many"
    corpus(EXAMPLES, root, 12)
    slugs = {p.name for p in (root / "content").iterdir() if not p.name.startswith("_")}
    shares = []
    for k in (1, 2, 3):
        project = govpack.Project.at(root, shard=f"{k}/3")
        organisations, findings = govpack.check(project)
        assert [f for f in findings if f.severity == govpack.ERROR] == []  # defaults still merged
        shares.append({org.slug for org in organisations})
    assert set().union(*shares) == slugs and sum(map(len, shares)) == len(slugs)
    assert all(shares)  # twelve organisations: none of three shares is empty
    again = govpack.check(govpack.Project.at(root, shard="2/3"))[0]
    assert {org.slug for org in again} == shares[1]  # stable


def test_a_shard_that_is_not_k_of_n_is_a_usage_error(tmp_path: Path) -> None:
    copy_examples(tmp_path)
    for bad in ("0/2", "3/2", "1", "a/b", "1/0"):
        result = run_invoke("check", "--shard", bad, cwd=tmp_path)
        assert (result.returncode, result.stderr.strip()) == (2, f'error: --shard is "{bad}": write K/N, such as 1/4, with K from 1 to N')


def test_an_unchanged_check_gives_the_same_findings_and_a_change_is_checked_again(tmp_path: Path) -> None:
    project = govpack.Project.at(copy_examples(tmp_path))
    vision = project.content / "wyvern-vale" / "vision.yaml"
    vision.write_text(vision.read_text(encoding="utf-8") + "unknown_key: 1\n", encoding="utf-8")
    first = check_findings(project)
    assert [f.rule for f in first] == ["schema-unknown-key"]
    assert json.loads((project.cache / "check.json").read_text(encoding="utf-8"))["findings"][0]["rule"] == "schema-unknown-key"
    assert check_findings(project) == first
    vision.write_text(vision.read_text(encoding="utf-8").replace("unknown_key: 1\n", ""), encoding="utf-8")
    assert check_findings(project) == []
    # Another day is another check: review dates are held against it.
    later = govpack.Project.at(project.root, today="2031-01-01")
    assert any(f.rule == "control-review-past" for f in check_findings(later))


def test_an_unchanged_build_reports_its_warnings_again_and_strict_still_refuses_them(tmp_path: Path) -> None:
    project = copy_examples(tmp_path, ("wyvern-vale",))
    first = run_invoke("build", "--today", "2031-01-01", cwd=project)
    warnings = [line for line in first.stderr.splitlines() if ": warning: " in line]
    assert first.returncode == 0 and warnings
    again = run_invoke("build", "--today", "2031-01-01", cwd=project)
    assert again.stderr.splitlines() == first.stderr.splitlines()
    assert "0 rendered, 40 unchanged, 0 removed in " in again.stdout
    strict = run_invoke("build", "--today", "2031-01-01", "--strict", cwd=project)
    assert strict.returncode == 1 and ": error: " in strict.stderr


def test_bench_measures_every_step_and_writes_its_report(tmp_path: Path) -> None:
    result = run_invoke("bench", "--organisations", "1", "--jobs", "2", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    report = json.loads((tmp_path / "build" / "bench.json").read_text(encoding="utf-8"))
    steps = {step["name"]: step for step in report["steps"]}
    assert list(steps) == [
        "cold build", "publish, after the cold build", "no-op rebuild", "one-document edit", "shared-default edit", "check, cold", "check, nothing changed",
        "serve: first save, reloaded", "serve: next save, reloaded", "floor: bare WeasyPrint, serial",
    ]
    assert "0 rendered" in steps["no-op rebuild"]["govpack said"]
    assert "13 rendered" in steps["one-document edit"]["govpack said"]  # the vision, the self-assessment citing it, the minutes and decision log naming it (a page, a PDF and a Word file each), the pack
    assert "5 rendered" in steps["shared-default edit"]["govpack said"]  # the code of conduct the default reaches (a page, a PDF, a Word file), and the two packs holding it
    assert all("13 rendered" in steps[f"serve: {which} save, reloaded"]["govpack said"] for which in ("first", "next"))
    assert all(step["seconds"] > 0 for step in report["steps"]) and report["peak_memory_mib"] > 0
    assert set(report["ratios"]) >= {"cold / floor", "cold build + publish / floor", "no-op / cold", "one-document edit / cold", "print CSS cost (share of floor time)", "serve: next save to reloaded page (s)"}
    assert report["ratios"]["floor pages/s per core, print CSS"] > 0 and report["ratios"]["floor pages/s per core, plain page"] > 0
    assert "cold build" in result.stdout and "cold / floor" in result.stdout


CHECK = importlib.import_module("govpack.checking.check")  # the module; govpack.check is its function
CORES = importlib.import_module("govpack.cores")


def test_a_file_saved_while_a_check_reads_is_checked_again_next_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = govpack.Project.at(copy_examples(tmp_path))
    vision = project.content / "wyvern-vale" / "vision.yaml"
    load_tree = CHECK.load_tree

    def load_then_save(*args):  # the save lands after the files were read
        loaded = load_tree(*args)
        vision.write_text(vision.read_text(encoding="utf-8") + "unknown_key: 1\n", encoding="utf-8")
        return loaded

    monkeypatch.setattr(CHECK, "load_tree", load_then_save)
    assert govpack.check(project)[1] == []  # what was read was good
    monkeypatch.setattr(CHECK, "load_tree", load_tree)
    assert [f.rule for f in govpack.check(project)[1]] == ["schema-unknown-key"]


def test_two_runs_keeping_their_findings_at_once_both_keep_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Another check (on save in an editor, say) keeps the same record while this one is
    # putting its own in place: with one temporary name between them, this one crashed.
    project = govpack.Project.at(copy_examples(tmp_path))
    replace = os.replace
    others = []

    def another_run_first(source, target):
        if not others:
            others.append(target)
            assert check_findings(project) == []  # the other run, from start to end
        replace(source, target)

    monkeypatch.setattr(os, "replace", another_run_first)
    assert check_findings(project) == []
    assert others and sorted(p.name for p in project.cache.iterdir() if p.name.endswith(".new")) == []


def test_findings_kept_from_another_content_folder_are_not_given_again(tmp_path: Path) -> None:
    copy_examples(tmp_path)
    vision = tmp_path / "content" / "wyvern-vale" / "vision.yaml"
    vision.write_text(vision.read_text(encoding="utf-8") + "unknown_key: 1\n", encoding="utf-8")
    shutil.copytree(tmp_path / "content", tmp_path / "governance")
    assert check_findings(govpack.Project.at(tmp_path))[0].path == "content/wyvern-vale/vision.yaml"
    assert check_findings(govpack.Project.at(tmp_path, content="governance"))[0].path == "governance/wyvern-vale/vision.yaml"
    assert govpack.check(govpack.Project.at(tmp_path, content="governance"))[1][0].path == "governance/wyvern-vale/vision.yaml"


def test_many_organisations_are_validated_on_every_core_with_the_same_findings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus(EXAMPLES, tmp_path, CHECK.PARALLEL_FROM + 1)
    for name, old, new in (("wyvern-vale", "Wyvern Vale GP Federation Purpose and Vision 2026-2029", "TODO write the title"), ("cwm-arian-2", "approved", "approvedd")):
        vision = tmp_path / "content" / name / "vision.yaml"
        vision.write_text(vision.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    validate_organisation, pids = CHECK.validate_organisation, tmp_path / "pids"

    def noting_the_process(org, *args):  # a worker's own list would not come back: a file does
        with pids.open("a", encoding="utf-8") as noted:
            noted.write(f"{os.getpid()}\n")
        return validate_organisation(org, *args)

    monkeypatch.setattr(CHECK, "validate_organisation", noting_the_process)
    monkeypatch.setattr(CORES, "available_cores", lambda: 2)
    _, shared = govpack.check(govpack.Project.at(tmp_path))
    assert len(pids.read_text(encoding="utf-8").split()) == CHECK.PARALLEL_FROM + 1
    assert str(os.getpid()) not in pids.read_text(encoding="utf-8").split()  # all in workers
    monkeypatch.setattr(CORES, "available_cores", lambda: 1)
    shutil.rmtree(tmp_path / "build")
    _, alone = govpack.check(govpack.Project.at(tmp_path))
    assert shared == alone
    assert {f.rule for f in alone} >= {"placeholder", "schema-allowed"} and {f.path.split("/")[1] for f in alone} == {"wyvern-vale", "cwm-arian-2"}


def test_check_reads_and_validates_many_organisations_in_workers_with_the_same_findings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # govpack check reads each organisation in the worker that validates it, and hands
    # back findings alone: a mistake of each kind is found there as check finds it.
    corpus(EXAMPLES, tmp_path, CHECK.PARALLEL_FROM + 1)
    content = tmp_path / "content"
    for path, old, new in (
        (content / "wyvern-vale" / "vision.yaml", "Wyvern Vale GP Federation Purpose and Vision 2026-2029", "TODO write the title"),  # a rule
        (content / "cwm-arian-2" / "vision.yaml", "approved", "approvedd"),  # the schema
        (content / "cwm-arian-3" / "vision.yaml", "control:", "control: [\n"),  # the YAML
        (content / "_defaults" / "bae-cymoedd-uhb" / "code-of-conduct.yaml", "\n", "\nunknown_key: 1\n"),  # shared defaults
    ):
        path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    (content / "notes.yaml").write_text("a: 1\n", encoding="utf-8")  # not in an organisation's folder
    validate_organisation, pids = CHECK.validate_organisation, tmp_path / "pids"

    def noting_the_process(org, *args):  # a worker's own list would not come back: a file does
        with pids.open("a", encoding="utf-8") as noted:
            noted.write(f"{os.getpid()}\n")
        return validate_organisation(org, *args)

    load_tree, readers = CHECK.load_tree, tmp_path / "readers"

    def noting_the_reader(root, content, folders):
        if any(folders(slug) for slug in os.listdir(content) if not slug.startswith("_")):  # an organisation's folder
            with readers.open("a", encoding="utf-8") as noted:
                noted.write(f"{os.getpid()}\n")
        return load_tree(root, content, folders)

    monkeypatch.setattr(CHECK, "validate_organisation", noting_the_process)
    monkeypatch.setattr(CHECK, "load_tree", noting_the_reader)
    monkeypatch.setattr(CORES, "available_cores", lambda: 2)
    in_workers = check_findings(govpack.Project.at(tmp_path))
    assert len(set(pids.read_text(encoding="utf-8").split())) == 2 and str(os.getpid()) not in pids.read_text(encoding="utf-8").split()
    assert set(readers.read_text(encoding="utf-8").split()) == set(pids.read_text(encoding="utf-8").split())  # read where validated
    shutil.rmtree(tmp_path / "build")
    monkeypatch.setattr(CORES, "available_cores", lambda: 1)
    assert check_findings(govpack.Project.at(tmp_path)) == in_workers
    shutil.rmtree(tmp_path / "build")
    assert govpack.check(govpack.Project.at(tmp_path))[1] == in_workers
    where = {(f.path.split("/")[1], f.rule) for f in in_workers}
    assert {("wyvern-vale", "placeholder"), ("cwm-arian-2", "schema-allowed"), ("cwm-arian-3", "yaml-syntax"), ("_defaults", "schema-unknown-key"), ("notes.yaml", "content-layout")} <= where, where
    assert len(in_workers) == len(set(in_workers))
