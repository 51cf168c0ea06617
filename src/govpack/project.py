"""Where a project's content, schemas, templates and build output live."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .errors import UsageError

# The govpack checkout, whose schemas/ and templates/ every project uses.
HOME = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Project:
    """The folders one run of govpack reads and writes.

    Content and output are under ``root``; findings name files relative to it.
    Schemas and templates come from ``home``, the govpack checkout.
    """

    root: Path
    content: Path
    output: Path
    home: Path = HOME

    @classmethod
    def at(cls, root: Path, content: str = "content", output: str = "build", home: Path = HOME) -> Project:
        """The project at ``root``; a usage error if its content folder is missing."""
        root = root.resolve()
        project = cls(root, (root / content).resolve(), (root / output).resolve(), home)
        if not project.content.is_dir():
            raise UsageError(f"no content folder at {project.content}")
        return project

    @property
    def schemas(self) -> Path:
        return self.home / "schemas"

    @property
    def templates(self) -> Path:
        return self.home / "templates"

    @property
    def assets(self) -> Path:
        return self.templates / "assets"

    def rel(self, path: Path) -> str:
        """``path`` relative to the project root, as findings print it."""
        return Path(os.path.relpath(path.resolve(), self.root)).as_posix()
