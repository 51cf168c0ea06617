"""History: the versions of the content's files that git keeps, by commit.

A cluster keeps its content in git (``govpack init``), so every version of a
document that was ever approved is in its history, and so is the day each text
last changed. govpack reads that history with the ``git`` command: ``git log`` once
for the whole content folder (which commits changed which files), one
``git cat-file --batch`` process for the text of each version asked for, and
``git blame`` for each file whose translations are held to it, so that a build
starts a few processes, not one for each version. The command
rather than GitPython: GitPython runs the same command underneath, for these two
calls it would be a dependency and a layer to learn, and its maintainers keep it in
maintenance mode. Nothing here reads the network.

Where there is no history to read (the content is not in a git repository, git is
not installed, nothing is committed yet) ``History.missing`` says so in words a
reader can act on; a shallow clone (what a CI checkout makes unless told otherwise)
has only part of it, and ``History.shallow`` says so.
"""

from __future__ import annotations

import datetime
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from govpack.git import command, environment, git
from govpack.reading.load import MAX_BYTES

# The trailer that says a commit's translations are checked: each text it changes is
# taken to be in step in every language (see ``checking.translations``); its values
# that say so (any other, "no", says they are not).
TRANSLATION_CHECKED = "Translation-checked"
CHECKED = {"yes", "y", "true", "done", "checked", "ie", "do"}
_RECORD, _FIELD = "\x1e", "\x1f"


@dataclass(frozen=True)
class Commit:
    """One commit that changed the content: its ``id`` (40 hex digits), the ``day`` it
    was committed (YYYY-MM-DD, the committer's), its ``subject`` line, and whether it
    carries a ``Translation-checked:`` trailer (``translations_checked``)."""

    id: str
    day: str
    subject: str
    translations_checked: bool = False

    @property
    def short(self) -> str:
        """The id as people quote it: its first seven digits."""
        return self.id[:7]


# Later than any commit: a line changed since the last commit was changed now.
_UNCOMMITTED_TIME = 2**62


@dataclass(frozen=True)
class Stamp:
    """When a line last changed: the ``commit`` (``UNCOMMITTED`` for a change not yet
    committed), its ``time`` (seconds since 1970, the committer's; later than any
    commit's for a change not committed), and whether that commit says its
    translations were checked."""

    UNCOMMITTED = "0" * 40
    commit: str
    time: int
    translations_checked: bool = False

    @property
    def day(self) -> str:
        """The day it was committed (YYYY-MM-DD, UTC), or "not committed yet"."""
        if self.commit == self.UNCOMMITTED:
            return "not committed yet"
        return datetime.datetime.fromtimestamp(self.time, datetime.timezone.utc).date().isoformat()


@dataclass
class History:
    """The content folder's history: ``top`` is the repository's top folder, ``head``
    the commit checked out, ``changed`` each file (by its path under ``top`` now) with
    the commits that changed it, newest first, and its path in each (a file renamed
    keeps its history). ``missing`` says why there is no
    history (an empty history then); ``shallow`` that the clone has only its latest
    commits."""

    top: Path | None = None
    head: str = ""
    changed: dict[str, list[tuple[Commit, str]]] = field(default_factory=dict)
    missing: str = ""
    shallow: bool = False
    _batch: subprocess.Popen[bytes] | None = field(default=None, repr=False)
    _checked: dict[str, int] | None = field(default=None, repr=False)  # checked_files, read once

    @classmethod
    def of(cls, content: Path) -> History:
        """The history of the content folder ``content``. Never raises: where git cannot
        tell, the history is empty and ``missing`` says why."""
        try:
            found = git(content, "rev-parse", "--show-toplevel", "--is-shallow-repository")
        except FileNotFoundError:
            return cls(missing="git is not installed, so there is no history to compare with")
        if found.returncode != 0:
            # git's own words ("fatal: not a git repository", or a repository it will not trust) are for a programmer.
            return cls(missing="the content folder is not in a git repository that git can read, so there is no history to compare with")
        top, shallow = found.stdout.splitlines()[:2]
        head = git(content, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
        if head.returncode != 0:
            return cls(Path(top), missing="nothing is committed yet, so there is no history to compare with")
        log = git(
            content, "log", "HEAD", "-M", "--name-status",
            f"--format={_RECORD}%H{_FIELD}%cs{_FIELD}%s{_FIELD}%(trailers:key={TRANSLATION_CHECKED},valueonly,separator=%x1F)",
            "--", ".",
        )
        return cls(Path(top), head.stdout.strip(), _changed(log.stdout), shallow=shallow == "true")

    def commit(self, name: str) -> Commit | None:
        """The commit ``name`` names (an id, a tag, a branch, ``HEAD~2``), or None."""
        if self.top is None or name.startswith("-"):
            return None
        found = git(self.top, "log", "-1", "--no-walk", f"--format=%H{_FIELD}%cs{_FIELD}%s", f"{name}^{{commit}}", "--")
        if found.returncode != 0 or not found.stdout.strip():
            return None
        commit_id, day, subject = (found.stdout.strip().split(_FIELD) + ["", ""])[:3]
        return Commit(commit_id, day, subject)

    def checked_files(self) -> dict[str, int]:
        """The files a commit's ``Translation-checked:`` trailer names (``Translation-checked:
        content/cwm-arian/organisation.yaml``; a commit of its own may say it, with
        ``--allow-empty``), each with the time of the latest such commit (seconds since
        1970): every text of the file changed before then counts as checked."""
        if self._checked is None:
            self._checked = self._checked_files()
        return self._checked

    def _checked_files(self) -> dict[str, int]:
        if self.top is None or not self.head:
            return {}
        found = git(self.top, "log", "HEAD", "-i", f"--grep=^{TRANSLATION_CHECKED}:", f"--format=%ct{_FIELD}%(trailers:key={TRANSLATION_CHECKED},valueonly,separator=%x1F)")
        files: dict[str, int] = {}
        for line in found.stdout.splitlines():
            time, *values = line.split(_FIELD)
            for value in (part for value in values for part in value.split(",")):  # one trailer may name several
                name = value.strip().strip("/")
                if time.isdigit() and name and name.lower() not in CHECKED and "." in name:
                    files[name] = max(files.get(name, 0), int(time))
        return files

    def path(self, file: Path) -> str | None:
        """``file``'s path as git names it (under ``top``), or None outside the repository."""
        if self.top is None:
            return None
        try:
            return file.resolve().relative_to(self.top.resolve()).as_posix()
        except ValueError:
            return None

    def commits(self, file: Path) -> list[Commit]:
        """The commits that changed ``file``, newest first (none outside the history)."""
        path = self.path(file)
        return [commit for commit, _ in self.changed.get(path, [])] if path is not None else []

    def text(self, commit: Commit, file: Path) -> str | None:
        """``file`` as ``commit`` left it (under the name it had then), or None where it
        had no such file or the text is not UTF-8."""
        path = self.path(file)
        if path is None or self.top is None:
            return None
        # The name it had in that commit: the one it changed under, else each it has had in turn.
        history = self.changed.get(path, [])
        names = [then for made, then in history if made.id == commit.id] or list(dict.fromkeys([path, *(then for _, then in history)]))
        for name in names:
            content = self._object(f"{commit.id}:{name}")
            if content is not None:
                try:
                    return content.decode("utf-8")
                except UnicodeDecodeError:
                    return None
        return None

    def _object(self, name: str) -> bytes | None:
        """The file ``name`` (``<commit>:<path>``) names, from the one cat-file process;
        None where it names none (or a folder), or the process has gone."""
        if "\n" in name or "\r" in name:  # one name a line: a line end would be read as two
            return None
        if self._batch is None:
            self._batch = subprocess.Popen(command(self.top, "cat-file", "--batch"), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=environment())
        stdin, stdout = self._batch.stdin, self._batch.stdout
        assert stdin is not None and stdout is not None
        try:
            stdin.write(f"{name}\n".encode())
            stdin.flush()
            header = stdout.readline().split()
            if len(header) != 3:  # "<name> missing"
                return None
            content = _read(stdout, int(header[2]))
            _read(stdout, 1)  # the newline after each object, read whatever the object was
        except OSError:
            return None
        # A file over the size govpack reads today is not read as it was either.
        return content if header[1] == b"blob" and len(content) <= MAX_BYTES else None

    def blame(self, file: Path) -> dict[int, Stamp]:
        """The commit that last changed each line of ``file`` as it is now (1-based line
        numbers); a line changed since the last commit has ``Stamp.UNCOMMITTED``'s. Empty
        outside the history, or where git cannot tell (a file not yet added)."""
        path = self.path(file)
        if path is None or self.top is None:
            return {}
        found = git(self.top, "blame", "--porcelain", "--", path)
        if found.returncode != 0:
            return {}
        checked = {c.id for commits in self.changed.values() for c, _ in commits if c.translations_checked}
        stamps: dict[int, Stamp] = {}
        times: dict[str, int] = {}
        current, line = "", 0
        for row in found.stdout.splitlines():
            if row.startswith("\t"):
                continue
            fields = row.split(" ")
            if len(fields) >= 3 and len(fields[0]) == 40 and fields[1].isdigit():
                current, line = fields[0], int(fields[2])
                stamps[line] = Stamp(current, 0, current in checked)
            elif fields[0] == "committer-time" and len(fields) == 2 and fields[1].isdigit():
                times[current] = int(fields[1])
        return {number: Stamp(s.commit, _UNCOMMITTED_TIME if s.commit == Stamp.UNCOMMITTED else times.get(s.commit, 0), s.translations_checked) for number, s in stamps.items()}

    def close(self) -> None:
        """Stop the process that reads the files' versions, if one was started."""
        if self._batch is not None:
            self._batch.communicate()  # closes its input, so it ends, and its output
            self._batch = None

    def __enter__(self) -> History:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _changed(log: str) -> dict[str, list[tuple[Commit, str]]]:
    """Each file named in ``git log -M --name-status`` output (newest first), by its
    name now, with the commits that changed it and its name in each."""
    changed: dict[str, list[tuple[Commit, str]]] = {}
    now: dict[str, str] = {}  # a name a file had before it was renamed: its name now
    for record in log.split(_RECORD)[1:]:
        header, _, names = record.partition("\n")
        commit_id, day, subject, *checked = header.split(_FIELD)
        commit = Commit(commit_id, day, subject, any(value.strip().lower() in CHECKED for value in checked))
        for line in names.splitlines():
            status, *paths = line.split("\t")
            if not paths:
                continue
            then = paths[-1]
            changed.setdefault(now.get(then, then), []).append((commit, then))
            if status.startswith("R") and len(paths) == 2:  # older commits name it as it was
                now[paths[0]] = now.get(then, then)
    return changed


def _read(stream: IO[bytes], size: int) -> bytes:
    chunks, left = [], size
    while left:
        chunk = stream.read(left)
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)
