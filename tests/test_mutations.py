"""Appending a mistake to any example file is found at the new line, and only there."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import govpack
from conftest import EXAMPLES, copy_examples, run_invoke

FILES = sorted(p.relative_to(EXAMPLES.parent).as_posix() for p in EXAMPLES.rglob("*.yaml"))
MISTAKES = {
    "unknown key": ("not_a_field: 1\n", 'error: unknown key "not_a_field" [schema-unknown-key]'),
    "duplicate key": ("{first}: again\n", 'error: duplicate key "{first}" [yaml-duplicate-key]'),
    "syntax error": ("broken: [unclosed\n", "error: while parsing a flow sequence"),
}


def _first_key(path: Path) -> str:
    return next(m[1] for m in re.finditer(r"^([a-z_]+):", path.read_text(encoding="utf-8"), re.M))


def _append(project: Path, rel: str, text: str) -> int:
    """Append ``text`` to a file and return the line number it landed on."""
    path = project / rel
    body = path.read_text(encoding="utf-8")
    if not body.endswith("\n"):
        body += "\n"
    path.write_text(body + text, encoding="utf-8")
    return body.count("\n") + 1


@pytest.fixture(scope="module")
def examples(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_examples(tmp_path_factory.mktemp("mutations"))


@pytest.mark.parametrize("mistake", MISTAKES)
@pytest.mark.parametrize("rel", FILES)
def test_mistake_is_found_at_its_line(examples: Path, rel: str, mistake: str) -> None:
    first = _first_key(examples / rel)
    text, expected = (part.format(first=first) for part in MISTAKES[mistake])
    original = (examples / rel).read_bytes()
    try:
        line = _append(examples, rel, text)
        _, findings = govpack.check(govpack.Project.at(examples))
    finally:
        (examples / rel).write_bytes(original)
    lines = [str(f) for f in findings]
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"{rel}:{line}:")
    assert expected in lines[0]


def test_check_reports_every_mistake_at_once_and_exits_1(tmp_path: Path) -> None:
    project = copy_examples(tmp_path)
    first = _append(project, FILES[0], "not_a_field: 1\n")
    last = _append(project, FILES[-1], f"{_first_key(project / FILES[-1])}: again\n")
    result = run_invoke("check", cwd=project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stderr.splitlines() == [
        f'{FILES[0]}:{first}:1: error: unknown key "not_a_field" [schema-unknown-key]',
        f'{FILES[-1]}:{last}:1: error: duplicate key "{_first_key(project / FILES[-1])}" [yaml-duplicate-key]',
    ]
