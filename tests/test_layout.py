"""The library's layout: a package per stage, each knowing nothing of the stages after it."""

from __future__ import annotations

import ast
from pathlib import Path

import govpack
from conftest import ROOT

SOURCE = ROOT / "src" / "govpack"
# In the order of a run; the modules beneath them (errors, project, fingerprints,
# cores, git, _version) import none of them, and tools may import any.
STAGES = ("reading", "checking", "rendering", "writing", "pipeline", "tools")
BENEATH = {"errors", "project", "fingerprints", "cores", "git", "_version"}


def _imports(path: Path) -> set[str]:
    """The govpack modules ``path`` imports, as dotted names under govpack."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("govpack."):
            found.add(node.module.removeprefix("govpack."))
        elif isinstance(node, ast.Import):
            found |= {alias.name.removeprefix("govpack.") for alias in node.names if alias.name.startswith("govpack.")}
    return found


def _place(module: str) -> int:
    """Where a module stands: -1 beneath the stages, else its stage's index."""
    top = module.split(".")[0]
    return -1 if top in BENEATH else STAGES.index(top)


def test_every_module_is_in_a_stage_or_beneath_them() -> None:
    for path in SOURCE.rglob("*.py"):
        parts = path.relative_to(SOURCE).with_suffix("").parts
        assert parts[0] in STAGES or parts == ("__init__",) or (len(parts) == 1 and parts[0] in BENEATH), path


def test_no_stage_imports_a_later_one() -> None:
    wrong = []
    for path in SOURCE.rglob("*.py"):
        module = ".".join(path.relative_to(SOURCE).with_suffix("").parts)
        if module == "__init__":
            continue
        for imported in _imports(path):
            if _place(imported) > _place(module):
                wrong.append(f"{module} imports {imported}")
    assert wrong == []


def test_no_module_is_over_400_lines() -> None:
    long = {str(path.relative_to(SOURCE)): n for path in SOURCE.rglob("*.py") if (n := len(path.read_text(encoding="utf-8").splitlines())) > 400}
    assert long == {}


def test_the_package_root_exports_the_library_interface_only() -> None:
    assert sorted(govpack.__all__) == sorted([
        "ERROR", "WARNING", "Finding", "FindingsError", "GovpackError", "PdfError", "Project", "UsageError", "__version__", "build", "check", "publish",
    ])
    assert all(hasattr(govpack, name) for name in govpack.__all__)
