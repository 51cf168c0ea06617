"""Import from Word (``govpack import``): a first YAML draft of a governance
document from a .docx file, for its author to check.

The Word document's headings are matched to the type's standard sections
(``word_labels``), in English or Welsh; the text under each becomes that field's
Markdown, a list field's items, or, for a terms of reference, its members (from a
table of members: ``word_fields``). Whatever matches no standard section becomes a
free-form section, in the Word document's order, placed after the standard section
it followed. What the draft had to guess (a heading matched by a synonym, a body or
party no text named) has a comment saying so, and what the schema requires that the
document does not say is a ``TODO`` the check lists, so the draft passes ``govpack
check`` and builds at once. Personal contact details are left out, with a comment.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from govpack.checking.personal import Directory
from govpack.checking.schema import load_schemas
from govpack.checking.validate import validate_source
from govpack.errors import ERROR, UsageError
from govpack.project import Project
from govpack.reading.assemble import Organisation, RESERVED_SLUGS, assemble, slug_for
from govpack.reading.document_types import document_types
from govpack.reading.load import load_tree
from govpack.tools.editor_schema import modeline
from govpack.tools.word_fields import Draft, Part
from govpack.tools.word_labels import Labels
from govpack.tools.word_reading import Block, escaped, read_word
from govpack.tools.word_yaml import dump


@dataclass
class Imported:
    """What an import wrote, and what its author should check first."""

    path: Path
    notes: list[str] = field(default_factory=list)


def import_word(project: Project, file: Path, doc_type: str, slug: str, output: str | None = None) -> Imported:
    """Write the draft of the Word document ``file`` as a ``doc_type`` of the
    organisation ``slug`` (to ``output``, else where a document of that type goes)."""
    schemas = load_schemas(project.schemas)
    types = [name for name, t in document_types(project.schemas).items() if t.written]
    if schemas.get(doc_type) is not None and schemas[doc_type].meta.get("folder"):
        raise UsageError(f'a {doc_type}\'s record is not imported from Word: start it with govpack new-meeting ORGANISATION BODY YYYY-MM-DD, then copy its text in')
    if schemas.get(doc_type) is not None and schemas[doc_type].meta.get("derived"):
        raise UsageError(f'a {doc_type} is not imported or written: govpack makes it from the records of the body\'s {schemas[doc_type].meta["derived"]}')
    if doc_type not in types:
        raise UsageError(f'--type is "{doc_type}"; it must be one of: {", ".join(types)}')
    org, defaults = _organisation(project, slug, doc_type)
    wrong = [f for f in validate_source(org.source, schemas["organisation"], org.refs()) if f.severity == ERROR]
    if wrong:  # the draft refers to it: it must be read as check reads it
        raise UsageError(f"{wrong[0]}; the organisation file has {len(wrong)} error(s) (govpack check lists them): fix them, then import")
    directory = Directory.of(org.data, schemas["organisation"].rules)
    blocks, properties_title, unread = read_word(file, directory)
    labels = Labels(doc_type, project.templates)
    draft = Draft(doc_type, schemas[doc_type], org, defaults, project.today, labels)
    parts = _parts(blocks, labels, draft)
    title = draft.title or properties_title
    if draft.title is None and properties_title:
        draft.note(("control", "title"), "from the Word file's properties (File, Info): check this is the title")
    draft.build(parts, title, file.name)
    path, said = _output(project, org, doc_type, title or file.stem, output)
    header = [
        modeline(project.root, doc_type, path).removeprefix("# "),
        f"Imported from {file.name} by govpack import on {project.today.isoformat()}: a first draft.",
        "Check each comment below (a heading matched by a guess, a value guessed, text left out),",
        "then run govpack check, which lists every TODO still to write.",
    ]
    for number, warning in enumerate(unread, 1):  # what was not read, at the top of the file and said
        header.insert(number, f"WARNING: {warning}.")
    said[:0] = unread
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as out:  # "x": never over a file written since
        out.write(dump(draft.data, draft.comments, header))
    return Imported(path, draft.notes + said)


def _organisation(project: Project, slug: str, doc_type: str) -> tuple[Organisation, dict[str, Any]]:
    """The organisation ``slug``, as check reads it, and the shared defaults its
    documents of ``doc_type`` lie on, merged (plain data)."""
    sources, found = load_tree(project.root, project.content, lambda name: name.startswith("_") or name == slug)
    organisations, shared, problems = assemble(sources, project.rel(project.content), document_types(project.schemas), {f.path for f in found})
    org = next((o for o in organisations if o.slug == slug), None)
    if org is None:
        wrong = [str(f) for f in found + problems if f"/{slug}/" in f"/{f.path}"]
        raise UsageError(f"the organisation {slug} cannot be read: {wrong[0] if wrong else 'it has no organisation.yaml'}; run govpack check")
    group = org.data.get("defaults") if isinstance(org.data.get("defaults"), str) else None
    merged: dict[str, Any] = {}
    for layer in shared.under(group, doc_type) or []:
        merged = _deep_merge(merged, layer.data)
    return org, merged


def _deep_merge(under: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    data = dict(under)
    for key, value in over.items():
        data[key] = _deep_merge(data[key], value) if isinstance(data.get(key), dict) and isinstance(value, dict) else value
    return data


def _parts(blocks: list[Block], labels: Labels, draft: Draft) -> list[Part]:
    """The Word document as parts in order: the text before any heading, each heading
    and what lies under it, free-form headings nested as the document nests them."""
    blocks = _titled(blocks, labels, draft)
    parts: list[Part] = [Part("", 0, None)]  # what comes before the first heading
    open_free: list[Part] = []  # the free-form sections the next heading may be nested in
    current: Part = parts[0]
    last_level = 1
    for block in blocks:
        if block.kind == "text" and _heading(block, labels):
            block = Block("heading", block.plain, level=last_level, left_out=block.left_out, plain=block.plain)  # a heading set in bold
        if block.kind != "heading":
            current.blocks.append(block)
            continue
        last_level = block.level
        while open_free and open_free[-1].level >= block.level:
            open_free.pop()
        if open_free:  # a heading under a free-form section stays in it
            current = open_free[-1].nest(block)
            open_free.append(current)
            continue
        above = next((part for part in reversed(parts) if part.level < block.level), parts[0])
        if above.match is not None and draft.keyed(above.match.key):  # a role under "Roles", and what is under it
            if above.children and block.level > above.children[-1].level:
                current.blocks.append(Block("text", f"**{escaped(block.text)}**", left_out=block.left_out, plain=block.text))
            else:
                current = above.nest(block)
            continue
        match = labels.match(block.text)
        current = Part(block.text, block.level, match, left_out=block.left_out)
        parts.append(current)
        if match is None:
            open_free.append(current)
    return parts


def _heading(block: Block, labels: Labels) -> bool:
    """Whether ``block`` is a heading: in a heading style, or a short line all in bold
    that names a standard section (as many documents set headings)."""
    return block.kind == "heading" or (block.kind == "text" and block.bold and len(block.plain) <= 80 and labels.match(block.plain) is not None)


def _titled(blocks: list[Block], labels: Labels, draft: Draft) -> list[Block]:
    """The blocks less the title, which ``draft`` takes: the paragraph in Word's Title
    style, else a first line that is a heading or all bold and names no section."""
    for block in blocks:
        if block.kind == "title":
            draft.title = block.text
            return [other for other in blocks if other is not block]
    shown = [block for block in blocks if block.text or block.rows]
    first = shown[0] if shown else None
    # Followed by a paragraph of prose before the next heading, it heads a section ("Introduction").
    after = next((block for block in shown[1:] if _heading(block, labels) or len(block.plain) > 100 or block.kind != "text"), None)
    prose = after is not None and not _heading(after, labels)
    if first is not None and (first.kind == "heading" or (first.kind == "text" and first.bold and len(first.plain) <= 150)) and not labels.match(first.plain) and not prose:
        draft.title = first.plain
        draft.note(("control", "title"), "from the first line of the Word document: check this is the title")
        return [other for other in blocks if other is not first]
    return blocks


def _output(project: Project, org: Organisation, doc_type: str, title: str, output: str | None) -> tuple[Path, list[str]]:
    """Where the draft goes: ``output``, else content/<org>/<type>.yaml, or
    content/<org>/<type>/<slug>.yaml where the organisation keeps several; never over
    a file. With it, anything to say about the place."""
    folder = project.content / org.slug
    taken = {doc.slug for doc in org.documents}
    if output is not None:
        return _given(project, folder, doc_type, taken, (project.root / output).resolve(), output)
    if (folder / doc_type).is_dir():
        name = slug_for(title)
        name = name if name not in RESERVED_SLUGS else f"{name}-{doc_type}"
        while name in taken or (folder / doc_type / f"{name}.yaml").exists():
            name = _next(name)
        return folder / doc_type / f"{name}.yaml", []
    path = folder / f"{doc_type}.yaml"
    if path.exists():
        suggested = project.rel(folder / doc_type / f"{slug_for(title)}.yaml")
        raise UsageError(f"{project.rel(path)} already exists and is not overwritten: write the draft beside it with --output {suggested}")
    return path, []


def _given(project: Project, folder: Path, doc_type: str, taken: set[str], path: Path, output: str) -> tuple[Path, list[str]]:
    """``--output``, if the draft may be written there."""
    if path.suffix != ".yaml":
        raise UsageError(f'--output is "{output}"; give a file name ending .yaml')
    if path.exists():
        raise UsageError(f"{project.rel(path)} already exists and is not overwritten: give another file with --output")
    if not path.is_relative_to(folder):
        return path, [f"{project.rel(path)} is outside {project.rel(folder)}/, so govpack check and build do not read it: move it there when it is ready"]
    rel = path.relative_to(folder)
    if rel.parts not in ((f"{doc_type}.yaml",), (doc_type, rel.name)):
        raise UsageError(f'--output is "{output}"; a {doc_type} of {folder.name} is {project.rel(folder)}/{doc_type}.yaml or {project.rel(folder)}/{doc_type}/<name>.yaml')
    if path.stem in taken or path.stem in RESERVED_SLUGS or slug_for(path.stem) != path.stem:
        raise UsageError(f'--output is "{output}"; "{path.stem}" is taken or is not a name for a document: use lower-case letters, digits and hyphens, a name no other document of {folder.name} has')
    return path, []


def _next(name: str) -> str:
    stem, _, number = name.rpartition("-")
    return f"{stem}-{int(number) + 1}" if stem and number.isdigit() else f"{name}-2"
