"""Where a project's content, schemas, templates and build output live."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import UsageError


@dataclass(frozen=True)
class Project:
    """The folders one run of govpack reads and writes, all under ``root``."""

    root: Path
    content: Path
    output: Path

    @classmethod
    def at(cls, root: Path, content: str = "content", output: str = "build") -> Project:
        """The project at ``root``; a usage error if its content folder is missing."""
        root = root.resolve()
        project = cls(root, (root / content).resolve(), (root / output).resolve())
        if not project.content.is_dir():
            raise UsageError(f"no content folder at {project.content}")
        return project

    @property
    def schemas(self) -> Path:
        return self.root / "schemas"

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    @property
    def assets(self) -> Path:
        return self.templates / "assets"

    def rel(self, path: Path) -> str:
        """``path`` relative to the project root, as findings print it."""
        return path.resolve().relative_to(self.root).as_posix()
