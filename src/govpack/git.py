"""The one way govpack runs git: the content's history, the commit it has checked out.

Beneath the stages, so that reading (the history), the fingerprints (which commit a
run reads) and writing (the time a PDF is stamped with) run it alike: never asking
for a password or a pager, never reading the network, and without the person's own
settings that would change what git prints or run a program of theirs.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

# No password prompt, no pager, no lock taken for a read.
ENVIRONMENT = {"GIT_TERMINAL_PROMPT": "0", "GIT_PAGER": "cat", "GIT_OPTIONAL_LOCKS": "0"}
# Settings of the person's own that would change what git prints (a blame that skips
# commits named in a file, signatures in a log, quoted file names) or run a program
# (a file-system monitor).
SETTINGS = ("-c", "blame.ignoreRevsFile=", "-c", "log.showSignature=false", "-c", "core.fsmonitor=false", "-c", "core.quotePath=off")


def command(folder: Path, *args: str) -> list[str]:
    """The command line of ``git ARGS`` run in ``folder``, with ``SETTINGS``."""
    return ["git", *SETTINGS, "-C", str(folder), *args]


def environment() -> dict[str, str]:
    """This process's environment with ``ENVIRONMENT``, for git to run in."""
    return {**os.environ, **ENVIRONMENT}


def git(folder: Path, *args: str, timeout: float | None = None) -> subprocess.CompletedProcess[str]:
    """``git ARGS`` run in ``folder``, its output as text (UTF-8, anything else
    replaced); raises FileNotFoundError where git is not installed, and
    subprocess.TimeoutExpired after ``timeout`` seconds, if given."""
    return subprocess.run(command(folder, *args), capture_output=True, text=True, encoding="utf-8", errors="replace", env=environment(), check=False, timeout=timeout)
