"""New organisations: a complete, commented skeleton to fill in (``invoke new``).

Every document type is written from ``templates/scaffold/<name>.yaml.j2``, with
comments that say what each field is for. Text still to be written starts with
``TODO``; the check reports each such placeholder as a warning (rule
``placeholder``) until it is filled, so a new organisation passes ``invoke check``
and builds at once. An organisation publishing in more than one language has each
text as ``{en: ..., cy: ...}``, the other languages' placeholders to be translated.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import LiteralScalarString

from govpack.reading.assemble import RESERVED_ORGANISATIONS
from govpack.reading.defaults import FOLDER as DEFAULTS
from govpack.tools.editor_schema import modeline, schema_file, write_json_schemas
from govpack.errors import UsageError
from govpack.reading.document_types import ORGANISATION, document_types
from govpack.checking.schema import Schema, fields, load_schemas
from govpack.project import Project, parse_date, years_after
from govpack.reading.texts import LANGUAGES, localised
from govpack.rendering.i18n import format_date

_SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def new(project: Project, slug: str, kind: str = "cluster", languages: str = "en") -> list[Path]:
    """Write content/<slug>/ for a new organisation; the files written."""
    wanted = list(dict.fromkeys(lang.strip() for lang in languages.split(",") if lang.strip()))
    if not _SLUG.fullmatch(slug) or len(slug) > 60 or slug in RESERVED_ORGANISATIONS:
        raise UsageError(f'"{slug}" is not a name for an organisation folder: use up to 60 lower-case letters and digits joined by hyphens, other than {", ".join(sorted(RESERVED_ORGANISATIONS))}')
    schemas = load_schemas(project.schemas)
    kinds = schemas[ORGANISATION].rules["kind"]["allowed"]
    if kind not in kinds:
        raise UsageError(f'--kind is "{kind}"; it must be one of: {", ".join(kinds)}')
    if not wanted or any(lang not in LANGUAGES for lang in wanted):
        raise UsageError(f'--languages is "{languages}"; give one or more of {", ".join(LANGUAGES)}, separated by commas')
    folder = project.content / slug
    if folder.exists():
        raise UsageError(f"{project.rel(folder)}/ already exists: choose another name, or edit it")
    env = _environment(project)
    written = _standard_defaults(project)
    today = project.today
    context = {
        "slug": slug,
        "name": slug.replace("-", " ").title(),
        "kind": kind,
        "languages": wanted,
        "today": today.isoformat(),
        "review": years_after(today, 1).isoformat(),
        # Types with shared defaults in this content folder: their wording is not repeated.
        "shared": {name for name in schemas if (project.content / DEFAULTS / f"{name}.yaml").is_file()},
        "checklist": _checklist(project),
    }
    folder.mkdir(parents=True)
    # Only the types written as <type>.yaml: a meeting has a scaffold of its own (new_meeting), and a body's logs are made from its meetings.
    types = document_types(project.schemas)
    for name in [name for name in schemas if name == ORGANISATION or types[name].written]:
        path = folder / f"{name}.yaml"
        body = env.get_template(f"{name}.yaml.j2").render(**context)
        if len(wanted) > 1:
            body = _per_language(body, schemas[name], wanted)
        path.write_text(f"{modeline(project.root, name, path)}\n{body}", encoding="utf-8")
        written.append(path)
    if not schema_file(project.root, ORGANISATION).exists():  # what the modelines name
        written += write_json_schemas(project.schemas, project.root)
    return written


def _environment(project: Project) -> Environment:
    """The templates of templates/scaffold/, which write YAML."""
    env = Environment(
        loader=FileSystemLoader(project.templates / "scaffold"),
        autoescape=False,  # YAML, not HTML: every value goes through the yaml filter
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["yaml"] = lambda value: json.dumps(value, ensure_ascii=False)  # JSON strings are YAML strings
    return env


# A meeting's title as the scaffold writes it, by language (any other: the English).
_MEETING_TITLE = {"en": "{name} meeting, {date}", "cy": "Cyfarfod {name}, {date}"}


def new_meeting(project: Project, org: str, body: str, day: str) -> Path:
    """Write content/<org>/meetings/<body>/<day>.yaml: a planned meeting of ``body``
    with the guide's standing items (6.2, 3.6), titled in each of the organisation's
    languages; the path written. Raises ``UsageError`` for an organisation, body or
    day that is not one, or a meeting already recorded."""
    folder = project.content / org
    try:
        data = YAML(typ="safe").load((folder / "organisation.yaml").read_text(encoding="utf-8"))
    except (OSError, YAMLError) as err:
        raise UsageError(f"{project.rel(folder)}/organisation.yaml cannot be read ({err}): give the folder name of an organisation under {project.rel(project.content)}/") from err
    bodies = data.get("bodies") if isinstance(data, dict) and isinstance(data.get("bodies"), dict) else {}
    if body not in bodies:
        raise UsageError(f'"{body}" is not a body of {project.rel(folder)}/organisation.yaml: use one of {", ".join(bodies) or "its bodies, once it lists them"}')
    date = parse_date(day)
    if date is None:
        raise UsageError(f'"{day}" is not a day: write it YYYY-MM-DD, e.g. {project.today.isoformat()}')
    # The type kept one file per meeting (DocumentType.folder), and its scaffold.
    schema = next(schema for schema in load_schemas(project.schemas).values() if schema.meta.get("folder"))
    path = folder / schema.meta["folder"] / body / f"{date.isoformat()}.yaml"
    if path.exists():
        raise UsageError(f"{project.rel(path)} already exists: edit it")
    languages = [lang for lang in data.get("languages", ["en"]) if lang in LANGUAGES] or ["en"]
    name = {lang: localised(bodies[body].get("name", body), lang) for lang in languages}
    title = {lang: _MEETING_TITLE.get(lang, _MEETING_TITLE["en"]).format(name=name[lang], date=format_date(date.isoformat(), lang)) for lang in languages}
    members = _members(folder, body)
    text = _environment(project).get_template(f"{schema.name}.yaml.j2").render(
        title=title if len(languages) > 1 else title[languages[0]],
        body=body, date=date.isoformat(), languages=languages,
        chair=members[1], members=members[0] or ["TODO"],
    )
    if len(languages) > 1:
        text = _per_language(text, schema, languages)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{modeline(project.root, schema.name, path)}\n{text}", encoding="utf-8")
    return path



def _members(folder: Path, body: str) -> tuple[list[str], str | None]:
    """The members of ``body`` (person keys) and its chair, from its terms of reference
    in ``folder`` that are not superseded; none where they cannot be read."""
    for path in [folder / "terms-of-reference.yaml", *sorted((folder / "terms-of-reference").glob("*.yaml"))]:
        try:
            terms = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
            if terms.get("body") != body or terms.get("control", {}).get("status") == "superseded":
                continue
            membership = terms["membership"]
            return [m["person"] for m in membership["members"] if "person" in m], membership.get("chair")
        except (OSError, YAMLError, AttributeError, KeyError, TypeError):
            continue
    return [], None


def _per_language(body: str, schema: Schema, languages: list[str]) -> str:
    """The skeleton ``body`` with each text given per language: the skeleton's
    English, and a placeholder for each other language (comments kept)."""
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)  # the skeletons' own style
    data = yaml.load(body)
    texts = [
        found.at
        for found in fields(data, {"type": "dict", "schema": schema.rules})
        if found.rules.get("type") == "text" and isinstance(found.value, str) and not found.rules.get("meta", {}).get("proper_name")
    ]
    for at in texts:
        parent: Any = data
        for step in at[:-1]:
            parent = parent[step]
        english = parent[at[-1]]
        per_language = CommentedMap((lang, english if lang == "en" else _untranslated(english, lang)) for lang in languages)
        # The comment after the text is about what follows it: it stays after the last language.
        comment = parent.ca.items.pop(at[-1], None)
        if comment is not None:
            # ruamel keeps a list item's comment first, a mapping value's third.
            after = comment[0] if isinstance(at[-1], int) else comment[2]
            per_language.ca.items[languages[-1]] = [None, None, after, None]
        parent[at[-1]] = per_language
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def _untranslated(english: str, lang: str) -> str:
    """A placeholder for ``english`` in ``lang``, in the same style of scalar."""
    todo = f"TODO: in {lang}: {english.removeprefix('TODO: ')}"
    return LiteralScalarString(todo) if isinstance(english, LiteralScalarString) else todo


def _standard_defaults(project: Project) -> list[Path]:
    """Shared defaults every organisation starts from, in the guidance's own words
    (templates/scaffold/defaults/<type>.yaml), written into content/_defaults/ for
    each type that has none there; the files written."""
    written = []
    for standard_file in sorted((project.templates / "scaffold" / "defaults").glob("*.yaml")):
        name = standard_file.stem
        path = project.content / DEFAULTS / f"{name}.yaml"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            standard = standard_file.read_text(encoding="utf-8")
            # The standard names its schema as the examples' copy does; this copy's own path may differ.
            if standard.startswith("# yaml-language-server:"):
                standard = standard.split("\n", 1)[1]
            path.write_text(f"{modeline(project.root, name, path)}\n{standard}", encoding="utf-8")
            written.append(path)
    return written


def _checklist(project: Project) -> dict:
    """The self-assessment's headings and statements: the project's shared ones, or the standard."""
    for folder in (project.content / DEFAULTS, project.templates / "scaffold" / "defaults"):
        try:
            checklist = YAML(typ="safe").load((folder / "self-assessment.yaml").read_text(encoding="utf-8"))["checklist"]
            if isinstance(checklist, dict) and all(isinstance(h, dict) and isinstance(h.get("statements"), dict) for h in checklist.values()):
                return checklist
        except (OSError, YAMLError, KeyError, TypeError):
            continue
    return {}


