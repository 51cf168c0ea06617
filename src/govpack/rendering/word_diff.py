"""Word by word: what changed within a passage, as runs of words unchanged, deleted
and inserted, for a redline (``rendering.redline``).

Python's own ``difflib`` matches the words, which are words as a reader counts them:
a number with its point or comma (1.0, £10,000), a word with its apostrophe or hyphen
(don't, part-time), each mark, each run of space. diff-match-patch would compare
characters, and needs a word-mode workaround to do the same.
"""

from __future__ import annotations

import difflib
import re

Segment = tuple[str, str]  # ("", text) unchanged, ("ins", text) added, ("del", text) removed

# A word, with what joins its parts (1.0, £10,000, don't, part-time); a mark; a space.
_WORD = re.compile(r"\w+(?:[.,'’-]\w+)*|[^\w\s]|\s+")


def words(old: str, new: str) -> tuple[Segment, ...]:
    """``new`` as changed from ``old``, word by word: unchanged, inserted and deleted runs."""
    before, after = _WORD.findall(old), _WORD.findall(new)
    segments: list[Segment] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if op == "equal":
            segments.append(("", "".join(after[j1:j2])))
        if op in ("delete", "replace"):
            segments.append(("del", "".join(before[i1:i2])))
        if op in ("insert", "replace"):
            segments.append(("ins", "".join(after[j1:j2])))
    return tuple(_joined(segments))


def _joined(segments: list[Segment]) -> list[Segment]:
    """A space alone between two changes taken into both, so that "one two" changed to
    "three four" reads as one deletion and one insertion, not two of each."""
    out: list[Segment] = []
    for index, (op, text) in enumerate(segments):
        between = op == "" and not text.strip() and 0 < index < len(segments) - 1
        if between and segments[index - 1][0] and segments[index + 1][0]:
            out += [("del", text), ("ins", text)]
        else:
            out.append((op, text))
    return _merge_runs(out)


def _merge_runs(segments: list[Segment]) -> list[Segment]:
    """Deletions before insertions in each run of changes, each kind once."""
    out: list[Segment] = []
    run: dict[str, str] = {}
    for op, text in [*segments, ("", "")]:
        if op in ("ins", "del"):
            run[op] = run.get(op, "") + text
            continue
        out += [(kind, run[kind]) for kind in ("del", "ins") if run.get(kind)]
        run = {}
        if text:
            out.append((op, text))
    return out
