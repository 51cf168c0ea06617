"""Where a project's content, schemas, templates and build output live, and its day."""

from __future__ import annotations

import datetime
import hashlib
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from govpack.errors import UsageError

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

def _home() -> Path:
    """Where schemas/ and templates/ are: in the package where govpack is installed
    from a wheel, else at the top of the checkout it runs from."""
    package = Path(__file__).resolve().parent
    return package if (package / "schemas").is_dir() else package.parents[1]


# Holds the schemas/ and templates/ every project uses.
HOME = _home()
# Names the date a run takes as today, so that builds and tests do not drift with the clock.
TODAY_VARIABLE = "GOVPACK_TODAY"


@dataclass(frozen=True)
class Project:
    """The folders one run of govpack reads and writes.

    Content and output are under ``root``; findings name files relative to it.
    Schemas and templates come from ``home``, the govpack checkout. ``today`` is
    the date review dates are held against.
    """

    root: Path
    content: Path
    output: Path
    home: Path = HOME
    today: datetime.date = field(default_factory=datetime.date.today)
    shard: tuple[int, int] | None = None  # (K, N): the Kth of N shares of the organisations
    selected: tuple[str, ...] = ()  # the organisations to read, by folder name; () for all

    @classmethod
    def at(
        cls,
        root: Path,
        content: str = "content",
        output: str = "build",
        home: Path = HOME,
        today: str | None = None,
        shard: str | None = None,
        organisations: list[str] | tuple[str, ...] = (),
    ) -> Project:
        """The project at ``root``; a usage error if its content folder is missing.

        ``today`` is YYYY-MM-DD; without it, $GOVPACK_TODAY, else the clock's date.
        ``shard`` is K/N: only the Kth of N shares of the organisations is read.
        ``organisations``: only these, by folder name, are read (a usage error if one
        has no folder); none means all.
        """
        root = root.resolve()
        project = cls(root, (root / content).resolve(), (root / output).resolve(), home, _today(today), _shard(shard))
        if not project.content.is_dir():
            raise UsageError(f"no content folder at {project.content}")
        return replace(project, selected=tuple(sorted({project._organisation(name) for name in organisations})))

    def _organisation(self, name: str) -> str:
        """The folder name of the organisation ``name`` gives, which may be written as a
        path to the folder (``content/afon-teifi/``, as a shell completes it); a usage
        error if it is not an organisation's folder."""
        known = sorted(p.name for p in self.content.iterdir() if p.is_dir() and not p.name.startswith("_"))
        folder = (self.root / name).resolve()
        slug = folder.name if folder.parent == self.content else name.rstrip("/" + os.sep)
        if slug not in known:
            raise UsageError(f'--organisation is "{name}", which is not a folder of {self.rel(self.content)}/ (organisations: {", ".join(known) or "none"})')
        return slug

    @property
    def schemas(self) -> Path:
        return self.home / "schemas"

    @property
    def templates(self) -> Path:
        return self.home / "templates"

    @property
    def cache(self) -> Path:
        """Where a run keeps what it can reuse in the next (compiled templates)."""
        return self.output / ".cache"

    @property
    def assets(self) -> Path:
        return self.templates / "assets"

    def includes(self, folder: str) -> bool:
        """Whether this run reads the folder of that name under content/: shared
        folders (``_defaults``) always; an organisation's, if it is selected and in the shard."""
        if folder.startswith("_"):
            return True
        if self.selected and folder not in self.selected:
            return False
        if self.shard is None:
            return True
        k, n = self.shard
        # By a digest of the name, not by position: an organisation stays in its shard
        # as others come and go, so a shard's kept build stays useful.
        return int(hashlib.sha256(folder.encode()).hexdigest(), 16) % n == k - 1

    def rel(self, path: Path) -> str:
        """``path`` relative to the project root, as findings print it."""
        return Path(os.path.relpath(path.resolve(), self.root)).as_posix()


# The years a declaration of interests stands before the next is due (guide 3.6: kept up
# to date; govpack asks for one every year: rule interests-declared, the calendar).
DECLARED_FOR = 1


def years_after(day: datetime.date, years: int) -> datetime.date:
    """The same day ``years`` later (earlier, if negative); 28 February for 29 February
    in a year without one."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def parse_date(text: str) -> datetime.date | None:
    """The date written as YYYY-MM-DD, or None if it is not a calendar date (the
    day a run takes as today, and every date of the content)."""
    if not _ISO_DATE.fullmatch(text):
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


_PARTIAL_DATE = re.compile(r"([0-9]{4})(?:-(0[1-9]|1[0-2]))?")


def parse_partial_date(text: str) -> tuple[int, int | None] | None:
    """A date written as only a year (``2015``) or a year and month (``2015-03``),
    as (year, month or None); None if it is not one. For what a real document
    gives no more of, such as "signed in 2015"."""
    match = _PARTIAL_DATE.fullmatch(text)
    if not match:
        return None
    return int(match.group(1)), int(match.group(2)) if match.group(2) else None


def date_span(value: Any) -> tuple[datetime.date, datetime.date] | None:
    """The first and last day a date, a month (``2015-03``) or a year (``2015``, a
    number when written unquoted) may mean; None for what is not one. Rules compare
    spans, so a year counts as any day in it."""
    text = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
    if not isinstance(text, str):
        return None
    day = parse_date(text)
    if day:
        return day, day
    partial = parse_partial_date(text)
    if not partial:
        return None
    year, month = partial
    if month is None:
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    return datetime.date(year, month, 1), following - datetime.timedelta(days=1)


def _shard(option: str | None) -> tuple[int, int] | None:
    if option is None:
        return None
    k, _, n = option.partition("/")
    if not (k.isdigit() and n.isdigit() and 1 <= int(k) <= int(n)):
        raise UsageError(f'--shard is "{option}": write K/N, such as 1/4, with K from 1 to N')
    return int(k), int(n)


def _today(option: str | None) -> datetime.date:
    text = option if option is not None else os.environ.get(TODAY_VARIABLE)
    if option is None and not text:
        return datetime.date.today()
    date = parse_date(text)
    if date is not None:
        return date
    source = "--today" if option is not None else f"${TODAY_VARIABLE}"
    raise UsageError(f'{source} is "{text}", which is not a date: write YYYY-MM-DD')
