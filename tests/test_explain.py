"""invoke explain: every value of a merged document and the file:line it came from."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import ROOT, copy_examples, run_invoke

LINE = re.compile(r"(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<key>[\w.\[\]-]+) = (?P<value>.+)")


def test_code_of_conduct_names_its_own_file_and_both_levels_of_defaults() -> None:
    result = run_invoke("explain", "cwm-arian", "code-of-conduct", cwd=ROOT)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert 'content/cwm-arian/code-of-conduct.yaml:4:5: control.title.en = "Cwm Arian Cluster Code of Conduct"' in lines
    assert 'content/_defaults/code-of-conduct.yaml:64:7: principles.leadership.meaning.en = "Holders of public office should exhibit these principles in…"' in lines
    assert 'content/_defaults/bae-cymoedd-uhb/code-of-conduct.yaml:6:3: confidentiality.en = "In respect of information about individual patients, the Lea…"' in lines
    assert all(LINE.fullmatch(line) for line in lines), [line for line in lines if not LINE.fullmatch(line)]
    # Every line points at the place the value is written.
    for line in lines:
        match = LINE.fullmatch(line)
        written = (ROOT / match["path"]).read_text(encoding="utf-8").splitlines()[int(match["line"]) - 1]
        last_key = re.sub(r"\[\d+\]$", "", match["key"]).rsplit(".", 1)[-1]
        assert written[int(match["col"]) - 1:].startswith((f"{last_key}:", "- ")), line


def test_an_organisation_value_overrides_the_default_and_says_so(tmp_path: Path) -> None:
    project = copy_examples(tmp_path)
    own = project / "content" / "wyvern-vale" / "code-of-conduct.yaml"
    text = own.read_text(encoding="utf-8").replace("  honesty:\n", "  honesty:\n    meaning: Holders of public office tell the truth.\n", 1)
    own.write_text(text, encoding="utf-8")
    line = text.splitlines().index("    meaning: Holders of public office tell the truth.") + 1
    result = run_invoke("explain", "wyvern-vale", "code-of-conduct", "--full", cwd=project)
    assert result.returncode == 0, result.stderr
    honesty = [entry for entry in result.stdout.splitlines() if ": principles.honesty.meaning = " in entry]
    assert honesty == [f'content/wyvern-vale/code-of-conduct.yaml:{line}:5: principles.honesty.meaning = "Holders of public office tell the truth."']


def test_full_shows_long_texts_whole() -> None:
    result = run_invoke("explain", "cwm-arian", "code-of-conduct", "--full", cwd=ROOT)
    assert 'principles.honesty.meaning.en = "Holders of public office should be truthful.\\n"' in result.stdout
    assert "…" not in result.stdout


def test_unknown_organisation_or_document_is_a_usage_error() -> None:
    nobody = run_invoke("explain", "nobody", "vision", cwd=ROOT)
    assert (nobody.returncode, nobody.stderr.strip()) == (2, 'error: no organisation "nobody" (organisations: cwm-arian, severnbrook, wyvern-vale)')
    nothing = run_invoke("explain", "wyvern-vale", "nothing", cwd=ROOT)
    assert nothing.returncode == 2
    assert nothing.stderr.startswith('error: organisation "wyvern-vale" has no document "nothing" (documents: vision, terms-of-reference,')


def test_what_govpack_makes_rather_than_reads_is_explained_by_what_it_is_made_from() -> None:
    log = run_invoke("explain", "wyvern-vale", "federation-board-decision-log", cwd=ROOT)
    assert (log.returncode, log.stderr.strip()) == (2, 'error: "federation-board-decision-log" is not written but made by govpack from the records of the meetings of federation-board: explain one of those (federation-board-2026-03-10, federation-board-2026-04-14, federation-board-2026-05-12, federation-board-2026-07-14)')
    pack = run_invoke("explain", "cwm-arian", "leadership-team-2027-01-14-pack", cwd=ROOT)
    assert (pack.returncode, pack.stderr.strip()) == (2, 'error: "leadership-team-2027-01-14-pack" is not written but made by govpack from the record of the meeting and its papers: explain leadership-team-2027-01-14, or the documents it names')


def test_a_document_that_fails_to_load_is_explained_by_its_finding(tmp_path: Path) -> None:
    project = copy_examples(tmp_path)
    vision = project / "content" / "wyvern-vale" / "vision.yaml"
    lines = vision.read_text(encoding="utf-8").count("\n")
    vision.write_text(vision.read_text(encoding="utf-8") + "broken: [unclosed\n", encoding="utf-8")
    result = run_invoke("explain", "wyvern-vale", "vision", cwd=project)
    assert result.returncode == 1
    assert result.stderr.startswith(f"content/wyvern-vale/vision.yaml:{lines + 1}:9: error:")
