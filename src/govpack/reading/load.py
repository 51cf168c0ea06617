"""Load stage: YAML files in, plain data with the line and column of every key out.

Only the safe, plain part of YAML 1.2 is accepted: no anchors or aliases, no tags,
no other YAML version, one document per file, UTF-8, at most 1 MB and 40 levels
deep. Dates stay strings: the validator decides whether ``2024-02-30`` is a date.
Anything else is a finding at its line and column, never a traceback.
"""

from __future__ import annotations

import codecs
import os
import re
from pathlib import Path
from typing import Any, Callable

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.composer import Composer
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent, CollectionStartEvent, ScalarEvent

from govpack.reading import plainyaml
from govpack.reading import syntax
from govpack.errors import ERROR, Finding
from govpack.reading.source import KeyPath, Location, Source, Span

MAX_BYTES = 1_000_000
MAX_DEPTH = 40

class _Refused(MarkedYAMLError):
    """YAML that parses but that govpack does not accept (anchors, tags)."""

    def __init__(self, rule: str, message: str, mark: Any) -> None:
        super().__init__(problem=message, problem_mark=mark)
        self.rule = rule


class _PlainComposer(Composer):
    """Refuses anchors, aliases, tags and other YAML versions as the parser meets them."""

    def compose_document(self) -> Any:
        event = self.parser.peek_event()
        if getattr(event, "version", None) not in (None, (1, 2)):
            version = ".".join(map(str, event.version))
            raise _Refused("yaml-version", f"%YAML {version} is not supported: govpack reads YAML 1.2; remove the directive", event.start_mark)
        return super().compose_document()

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.parser.peek_event()
        if isinstance(event, AliasEvent):
            raise _Refused("yaml-alias", f"aliases (*{event.anchor}) are not allowed: write the value out", event.start_mark)
        if event.anchor is not None:
            raise _Refused("yaml-anchor", f"anchors (&{event.anchor}) are not allowed: write the value out; if it is text starting with &, put the whole text in quotes", event.start_mark)
        if _explicit_tag(event):
            tag = str(event.tag).replace("tag:yaml.org,2002:", "!!")
            raise _Refused("yaml-tag", f"tags ({tag}) are not allowed: write plain values; if it is text starting with !, put the whole text in quotes", event.start_mark)
        if index is None and isinstance(event, ScalarEvent) and event.value == "<<" and not event.style:
            raise _Refused("yaml-merge", "merge keys (<<) are not allowed: write the keys out", event.start_mark)
        return super().compose_node(parent, index)


def _explicit_tag(event: Any) -> bool:
    if isinstance(event, ScalarEvent):
        return event.tag is not None and not any(event.implicit)
    if isinstance(event, CollectionStartEvent):
        return event.tag is not None and not event.implicit
    return False


class _StringDatesConstructor(RoundTripConstructor):
    """Keeps timestamps as the text written, for the validator to judge."""


_StringDatesConstructor.add_constructor(
    "tag:yaml.org,2002:timestamp", RoundTripConstructor.construct_yaml_str
)


def _yaml() -> YAML:
    yaml = YAML(typ="rt", pure=True)
    yaml.Composer = _PlainComposer
    yaml.Constructor = _StringDatesConstructor
    yaml.allow_duplicate_keys = False
    # ruamel counts scalars as a level too: a value 40 mappings down is at 41.
    yaml.max_depth = MAX_DEPTH + 1
    return yaml


def load_file(root: Path, file: Path) -> Source | Finding:
    """Load one YAML file; a finding instead where it cannot be accepted."""
    rel = Path(os.path.relpath(file, root)).as_posix()
    size = file.stat().st_size
    if size > MAX_BYTES:
        return Finding(rel, 1, 1, ERROR, f"file is {size:,} bytes; the limit is {MAX_BYTES:,}", "yaml-too-large")
    text = _decode(rel, file.read_bytes())
    return text if isinstance(text, Finding) else read_text(rel, text)


def read_text(rel: str, text: str) -> Source | Finding:
    """The YAML ``text`` of the file ``rel``, now or as a commit had it (plainyaml where it
    is sure of it, else ruamel.yaml, which explains every refusal), or a finding."""
    unseen = syntax.invisible(text)
    if unseen is not None:
        return Finding(rel, unseen[0], unseen[1], ERROR, unseen[2], "yaml-invisible")
    plain = plainyaml.read(text, MAX_DEPTH)
    if plain is None:
        return read_carefully(rel, text)
    data, places, lines = plain
    return Source(rel, data, {at: Location(rel, line, col) for at, (line, col) in places.items()}, _spans(rel, text, lines))


def _spans(rel: str, text: str, lines: dict[KeyPath, tuple[int, int]]) -> dict[KeyPath, Span]:
    """The Span of each text value, from the first and last 1-based lines it is on."""
    raw = text.splitlines()
    return {at: Span(rel, first, tuple(raw[first - 1 : last])) for at, (first, last) in lines.items()}


def read_carefully(rel: str, text: str) -> Source | Finding:
    """Read ``text`` with ruamel.yaml's own parser, which explains every refusal;
    plainyaml reads the plain files it is sure of, the same way, faster."""
    try:
        documents = list(_yaml().load_all(text))
    except MarkedYAMLError as exc:
        # The parser's own errors, and an alias that cannot be one (text follows it), may
        # be text YAML read otherwise; anchors, tags, merge keys and depth are what they say.
        guessed = type(exc).__name__ in ("ScannerError", "ParserError") or getattr(exc, "rule", None) == "yaml-alias"
        explained = syntax.explain(text, exc) if guessed else None
        if explained is not None:
            (line, col, message), rule = explained
            return Finding(rel, line, col, ERROR, message, rule)
        return _marked(rel, exc, exc.rule if isinstance(exc, _Refused) else _rule_for(exc), text)
    except YAMLError as exc:  # the reader's errors carry an offset, not a mark
        return _at_offset(rel, exc, text)
    except ValueError as exc:  # a number Python will not convert: more than 4,300 digits
        return Finding(rel, 1, 1, ERROR, f"a value cannot be read: {_first_line(str(exc))}", "yaml-syntax")
    return _source(rel, documents, text)


def _decode(rel: str, raw: bytes) -> str | Finding:
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return Finding(rel, 1, 1, ERROR, "file is UTF-16: save it as UTF-8", "yaml-encoding")
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return Finding(rel, line, col, ERROR, f"byte 0x{raw[exc.start]:02x} is not UTF-8: save the file as UTF-8", "yaml-encoding")


def _rule_for(exc: MarkedYAMLError) -> str:
    name = type(exc).__name__
    if name == "DuplicateKeyError":
        return "yaml-duplicate-key"
    if name == "MaxDepthExceededError":
        return "yaml-too-deep"
    return "yaml-syntax"


def _marked(rel: str, exc: MarkedYAMLError, rule: str, text: str) -> Finding:
    mark = exc.problem_mark or exc.context_mark
    if "<stream end>" in (exc.problem or "") and exc.context_mark:
        mark = exc.context_mark  # where the unclosed thing opened, not the end of the file
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    if rule == "yaml-duplicate-key":
        key = re.search(r'duplicate key "(.*?)"', exc.problem or "")
        message = f'duplicate key "{key[1]}"' if key else _first_line(exc.problem)
        opened = exc.context_mark.line if exc.context_mark else -1
        if 0 <= opened < len(lines := text.splitlines()) and lines[opened].lstrip().startswith("- "):  # its mapping is a list's item
            message += ': a key is given once in an item of a list; if this line begins another item, write "- " before it, under the "- " above'
    elif rule == "yaml-too-deep":
        message = f"nested more than {MAX_DEPTH} levels deep"
    elif "'\\t'" in (exc.problem or ""):
        message = "a tab character: indent with spaces, not tabs"
    else:
        message = " ".join(filter(None, [_first_line(exc.context), _first_line(exc.problem)]))
        message = message.replace("'<stream end>'", "the end of the file")
    return Finding(rel, line, col, ERROR, message or "not valid YAML", rule)


def _first_line(text: str | None) -> str:
    return (text or "").strip().splitlines()[0] if (text or "").strip() else ""


def _at_offset(rel: str, exc: YAMLError, text: str) -> Finding:
    offset = getattr(exc, "position", 0)
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return Finding(rel, line, col, ERROR, _first_line(str(exc)) or "not valid YAML", "yaml-syntax")


def _source(rel: str, documents: list[Any], text: str) -> Source | Finding:
    if len(documents) > 1:
        return Finding(rel, 1, 1, ERROR, "a file holds one YAML document; split the others out", "yaml-documents")
    data = documents[0] if documents else None
    if not isinstance(data, CommentedMap):
        what = "empty" if data is None else f"a {_kind(data)}"
        return Finding(rel, 1, 1, ERROR, f"the file is {what}; it must be a mapping of keys to values", "yaml-not-mapping")
    source = Source(rel, {})
    starts: dict[KeyPath, int] = {}
    problem = _plain_into(source, data, starts)
    if problem:
        return problem
    # ruamel.yaml marks where a value starts, not where it ends: a text is taken to end
    # on the line before the next key or item, or at the end of the file.
    taken = sorted({location.line for location in source.positions.values()} | set(starts.values()))
    last = text.count("\n") + 1
    ends = {at: next((line - 1 for line in taken if line > first), last) for at, first in starts.items()}
    source.spans = _spans(rel, text, {at: (first, ends[at]) for at, first in starts.items()})
    return source


def _kind(value: Any) -> str:
    return "list" if isinstance(value, list) else "single value"


def _plain_into(source: Source, data: CommentedMap, starts: dict[KeyPath, int]) -> Finding | None:
    """Fill ``source`` with plain Python data and positions, depth first, and
    ``starts`` with the 1-based line each text value starts on."""
    source.data = {}
    stack: list[tuple[Any, KeyPath, Any]] = [(data, (), source.data)]
    while stack:
        node, at, out = stack.pop()
        items = node.items() if isinstance(node, CommentedMap) else enumerate(node)
        for key, value in items:
            if isinstance(node, CommentedMap):
                line, col = node.lc.key(key)
                if not isinstance(key, str):
                    return Finding(source.path, line + 1, col + 1, ERROR, _key_problem(key), "yaml-key")
            else:
                line, col = node.lc.item(key)
            here = (*at, key)
            source.positions[here] = Location(source.path, line + 1, col + 1)
            if isinstance(value, str):
                starts[here] = (node.lc.value(key)[0] if isinstance(node, CommentedMap) else line) + 1
            plain = _plain_scalar(value)
            if isinstance(value, (CommentedMap, CommentedSeq)):
                plain = {} if isinstance(value, CommentedMap) else []
                stack.append((value, here, plain))
            if isinstance(out, dict):
                out[key] = plain
            else:
                out.append(plain)
    return None


def _key_problem(key: Any) -> str:
    """Keys are names: text. A number, a truth value or nothing is a slip."""
    if key is None:
        return "a key has no name"
    if isinstance(key, bool):
        return f'the key {str(key).lower()} is true or false: keys are names; write "{str(key).lower()}" in quotes if it is one'
    if isinstance(key, (int, float)):
        return f'the key {key} is a number: keys are names; write "{key}" in quotes if it is one'
    return "a key must be a plain name"


def _plain_scalar(value: Any) -> Any:
    if value is None or isinstance(value, (bool, CommentedMap, CommentedSeq)):
        return value
    if isinstance(value, str):
        return str(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return str(value)


def load_tree(root: Path, content: Path, folders: Callable[[str], bool] = lambda name: True) -> tuple[list[Source], list[Finding]]:
    """Every YAML file under ``content``, in path order, and the findings of those that
    fail; of the folders directly under ``content``, only those ``folders`` accepts.

    A file or folder that is a symbolic link to somewhere outside ``content`` is a
    finding and is not read: what is published comes from the content folder only.
    """
    sources: list[Source] = []
    findings: list[Finding] = []
    inside = content.resolve()
    files = []
    for path in sorted(content.rglob("*")):
        rel = path.relative_to(content)
        if not (len(rel.parts) == 1 or folders(rel.parts[0])):
            continue
        if path.is_symlink() and not _leads_inside(path, inside):
            findings.append(_outside(root, content, path))
        elif path.suffix in (".yaml", ".yml") and path.is_file():
            files.append(path)
    for file in files:
        result = load_file(root, file)
        if isinstance(result, Finding):
            findings.append(result)
        else:
            sources.append(result)
    return sources, findings


def _leads_inside(link: Path, inside: Path) -> bool:
    """Whether the symbolic link ``link`` leads to a file or folder under ``inside``."""
    try:
        return link.resolve(strict=True).is_relative_to(inside)
    except (OSError, RuntimeError):  # a link to nothing, or a loop of links
        return False


def _outside(root: Path, content: Path, link: Path) -> Finding:
    """A link that leads out of the content folder, or nowhere, which is not followed."""
    rel = Path(os.path.relpath(link, root)).as_posix()
    folder = Path(os.path.relpath(content, root)).as_posix()
    try:
        target = link.resolve(strict=True)
    except (OSError, RuntimeError):
        message = f"this is a link to {os.readlink(link)}, which does not exist or leads back to itself: govpack reads only files in {folder}/; put the file itself here"
        return Finding(rel, 1, 1, ERROR, message, "content-path")
    what = "folder" if target.is_dir() else "file"
    message = f"this {what} is a link to {target}, outside {folder}/: govpack reads only what is in the content folder; copy the {what} in instead"
    return Finding(rel, 1, 1, ERROR, message, "content-path")
