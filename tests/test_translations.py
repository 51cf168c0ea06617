"""Welsh kept in step: a text whose English changed in a commit after the one that last
changed its Welsh is a warning, until the Welsh changes or someone says it was checked
(issue 19, item 3)."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import govpack
from conftest import ROOT, copy_examples, run_invoke

TERMS = "content/cwm-arian/terms-of-reference/leadership-team.yaml"
ENGLISH = ("health and wellbeing develops in the Arian valley", "health and wellbeing grows in the Arian valley")
WELSH = ("llesiant yn datblygu yng Nghwm", "llesiant yn tyfu yng Nghwm")
# The purpose's Welsh starts on this line of the terms (its key, "cy:").
WELSH_LINE = 39


def git(root: Path, *args: str, day: str = "2026-01-01") -> str:
    when = f"{day}T10:00:00Z"
    people = {"GIT_AUTHOR_NAME": "Cluster Support Manager", "GIT_AUTHOR_EMAIL": "csm@example.org", "GIT_COMMITTER_NAME": "Cluster Support Manager",
              "GIT_COMMITTER_EMAIL": "csm@example.org", "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, text=True, env={**os.environ, **people}).stdout


def in_step(root: Path) -> Path:
    """Cwm Arian (English and Welsh) in a new repository, every text in step."""
    copy_examples(root, ("cwm-arian",))
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Our documents")
    return root


def edit(root: Path, *changes: tuple[str, str]) -> None:
    terms = root / TERMS
    text = terms.read_text(encoding="utf-8")
    for old, new in changes:
        assert old in text
        text = text.replace(old, new, 1)
    terms.write_text(text, encoding="utf-8")


def stale_findings(root: Path) -> list[str]:
    _, findings = govpack.check(govpack.Project.at(root, today="2026-11-23"))
    return [str(f) for f in findings if f.rule == "translation-stale"]


def test_english_changed_after_the_welsh_leaves_the_welsh_stale_until_it_changes_too(tmp_path: Path) -> None:
    root = in_step(tmp_path)
    first = git(root, "rev-parse", "--short=7", "HEAD").strip()
    assert stale_findings(root) == []
    edit(root, ENGLISH)
    assert stale_findings(root) == [
        f"{TERMS}:{WELSH_LINE}:3: warning: the English of this text changed in a change not committed yet, after its Welsh last did on 2026-01-01 (commit {first}): "
        f'make the Welsh say the same; if it already does, commit with the line "Translation-checked: {TERMS}", or set control.translation_checked to the day you checked it [translation-stale]'
    ]
    git(root, "commit", "-q", "-am", "The purpose reworded", day="2026-02-01")
    second = git(root, "rev-parse", "--short=7", "HEAD").strip()
    assert stale_findings(root) == [
        f"{TERMS}:{WELSH_LINE}:3: warning: the English of this text changed on 2026-02-01 (commit {second}), after its Welsh last did on 2026-01-01 (commit {first}): "
        f'make the Welsh say the same; if it already does, commit with the line "Translation-checked: {TERMS}", or set control.translation_checked to the day you checked it [translation-stale]'
    ]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.sub(r"commit [0-9a-f]{7}", "commit C", stale_findings(root)[0]) in re.sub(r"commit [0-9a-f]{7}", "commit C", readme)
    listed = run_invoke("changes", "cwm-arian", "--welsh", cwd=root)
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.splitlines()[0] == f"{TERMS}:{WELSH_LINE}:3: purpose: the Welsh (2026-01-01, commit {first}) is behind the English (2026-02-01, commit {second})"
    assert listed.stdout.splitlines()[1].startswith("  English: To make sure a new culture for health and wellbeing grows in the Arian valley,")
    assert listed.stdout.splitlines()[2].startswith("  Welsh: Sicrhau bod diwylliant newydd ar gyfer iechyd a llesiant yn datblygu yng Nghwm")
    strict = run_invoke("check", "--strict", cwd=root)
    assert strict.returncode == 1 and "error: the English of this text changed" in strict.stderr
    edit(root, WELSH)
    git(root, "commit", "-q", "-am", "Y pwrpas wedi'i aralleirio", day="2026-02-03")
    assert stale_findings(root) == []
    assert run_invoke("changes", "--welsh", cwd=root).stdout == "every translation is in step with the text it translates\n"


def test_a_commit_that_says_its_translations_were_checked_leaves_nothing_stale_and_one_that_says_no_does(tmp_path: Path) -> None:
    root = in_step(tmp_path)
    edit(root, ENGLISH)
    git(root, "commit", "-q", "-am", "A word in the purpose\n\nThe Welsh already says this.\n\nTranslation-checked: yes", day="2026-02-01")
    assert stale_findings(root) == []
    edit(root, ("grows in the Arian valley", "thrives in the Arian valley"))
    git(root, "commit", "-q", "-am", "Another word\n\nTranslation-checked: no, ask Rhian", day="2026-02-02")
    assert len(stale_findings(root)) == 1
    # Checked afterwards, in a commit of its own that names the file.
    git(root, "commit", "-q", "--allow-empty", "-m", "Welsh checked", "-m", f"Translation-checked: {TERMS}", day="2026-02-03")
    assert stale_findings(root) == []


def test_a_translation_checked_day_clears_what_was_committed_by_then_and_not_after(tmp_path: Path) -> None:
    root = in_step(tmp_path)
    edit(root, ENGLISH)
    git(root, "commit", "-q", "-am", "The purpose reworded", day="2026-02-01")
    edit(root, ("  review: 2027-01-14\n", "  review: 2027-01-14\n  translation_checked: 2026-01-31\n"))
    git(root, "commit", "-q", "-am", "Checked the Welsh a day too early", day="2026-02-02")
    assert len(stale_findings(root)) == 1
    edit(root, ("translation_checked: 2026-01-31", "translation_checked: 2026-02-02"))
    git(root, "commit", "-q", "-am", "Checked the Welsh", day="2026-02-02")
    assert stale_findings(root) == []


def test_an_organisation_in_one_language_and_content_outside_git_have_nothing_to_keep_in_step(tmp_path: Path) -> None:
    outside = copy_examples(tmp_path / "outside", ("cwm-arian",))
    edit(outside, ENGLISH)
    assert stale_findings(outside) == []
    english = copy_examples(tmp_path / "english", ("severnbrook",))
    git(english, "init", "-q")
    git(english, "add", "-A")
    git(english, "commit", "-q", "-m", "ours")
    assert stale_findings(english) == []


def test_a_welsh_first_organisation_s_english_is_the_translation(tmp_path: Path) -> None:
    root = tmp_path
    copy_examples(root, ("cwm-arian",))
    organisation = root / "content/cwm-arian/organisation.yaml"
    organisation.write_text(organisation.read_text(encoding="utf-8").replace("languages: [en, cy]", "languages: [cy, en]"), encoding="utf-8")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Ein dogfennau")
    edit(root, ENGLISH)
    git(root, "commit", "-q", "-am", "The English reworded", day="2026-02-01")
    assert stale_findings(root) == []  # a translation newer than its text is no harm
    edit(root, WELSH)
    git(root, "commit", "-q", "-am", "Y Gymraeg wedi'i haralleirio", day="2026-03-01")
    (found,) = stale_findings(root)
    assert found.startswith(f"{TERMS}:33:3: warning: the Welsh of this text changed on 2026-03-01")


def test_shared_defaults_are_held_to_their_own_file_once_and_a_shallow_clone_says_it_cannot_tell(tmp_path: Path) -> None:
    root = in_step(tmp_path / "full")
    defaults = root / "content/_defaults/bae-cymoedd-uhb/code-of-conduct.yaml"
    text = defaults.read_text(encoding="utf-8")
    assert "£25,000" in text
    defaults.write_text(text.replace("£25,000", "£30,000", 1), encoding="utf-8")
    git(root, "commit", "-q", "-am", "The threshold raised", day="2026-02-01")
    found = stale_findings(root)
    assert len(found) == 1 and found[0].startswith("content/_defaults/bae-cymoedd-uhb/code-of-conduct.yaml:")
    assert '"Translation-checked: content/_defaults/bae-cymoedd-uhb/code-of-conduct.yaml"' in found[0] and "control.translation_checked" not in found[0]
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{root}", str(shallow)], check=True)
    _, findings = govpack.check(govpack.Project.at(shallow, today="2026-11-23"))
    assert [(f.path, f.rule) for f in findings if f.rule.startswith(("translation", "history"))] == [("content/cwm-arian/organisation.yaml", "history-shallow")]
    listed = run_invoke("changes", "--welsh", cwd=shallow)
    assert listed.stdout.startswith("this clone is shallow, so whether each translation is in step cannot be told")
    outside = copy_examples(tmp_path / "outside", ("cwm-arian",))
    assert run_invoke("changes", "--welsh", cwd=outside).stdout.startswith("the content folder is not in a git repository")
