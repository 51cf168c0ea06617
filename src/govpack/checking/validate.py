"""Validate stage: each source against its cerberus schema, as located findings.

Cerberus reports errors by document path; the loader kept the line and column of
every path, so each error becomes a finding at the key or item it is about, in
words for the person who edits the YAML.
"""

from __future__ import annotations

import datetime
import difflib
from dataclasses import replace
from collections.abc import Mapping
from typing import Any, Iterable

from cerberus import errors as cerr

from govpack.reading.assemble import Document, Organisation
from govpack.reading.redlines import Redline
from govpack.reading.defaults import Defaults
from govpack.errors import ERROR, WARNING, Finding
from govpack.reading.source import KeyPath, Source, dotted
from govpack.checking import markdown
from govpack.checking.conforms import conforms
from govpack.reading.texts import LANGUAGES, per_language
from govpack.checking.personal import NHS_NUMBER, RULE as PERSONAL_DATA, Directory, is_personal
from govpack.checking.rules import PLACEHOLDER, SCHEME_CONTACT, check_rules, organisation_problems, placeholders
from govpack.checking.languages import language_findings
from govpack.checking.written import comments, escapes, is_prose
from govpack.checking.schema import Field, Schema, field_name, fields, load_schemas, validator, values_rules

_TYPE_WORDS = {
    "string": "text",
    "text": "text, or text per language such as {en: ..., cy: ...}",
    "list": "a list",
    "dict": "a mapping of keys to values",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
}
_REF_WORDS = {
    "person": "a person in organisation.yaml (people)",
    "organisation": "an organisation in organisation.yaml (members or partners)",
    "body": "a body in organisation.yaml (bodies)",
    "audience": "an audience of this document (audiences)",
    "document": "another document of this organisation (its file name without .yaml)",
}
_PLAIN = {
    cerr.EMPTY_NOT_ALLOWED.code: ("{name} must not be empty", "schema-empty"),
    cerr.NOT_NULLABLE.code: ("{name} must have a value", "schema-empty"),
    cerr.MIN_LENGTH.code: ("{name} needs at least {constraint} item(s)", "schema-length"),
    cerr.MAX_LENGTH.code: ("{name} takes at most {constraint} item(s)", "schema-length"),
    cerr.MIN_VALUE.code: ("{name} must be at least {constraint}", "schema-range"),
    cerr.MAX_VALUE.code: ("{name} must be at most {constraint}", "schema-range"),
}
_FORMS = {
    "[a-z0-9]+(-[a-z0-9]+)*": "lower-case letters and digits joined by hyphens",
    "[A-Z][0-9]{5}": "a practice code such as W91234",
    r"[^@\s]+@[^@\s]+\.[^@\s]+": "an email address such as office@example.org",
    "[0-9 +()-]{7,20}": "a telephone number such as 01632 960000",
    "[1-9][0-9]*/[1-9][0-9]*": "a fraction such as 1/2",
}


def validate(organisations: Iterable[Organisation], shared: Defaults, schemas_dir: Any, today: datetime.date) -> list[Finding]:
    """Every schema finding of every defaults file, organisation file and document,
    and the consistency rules' findings for the documents that passed their schema."""
    schemas = load_schemas(schemas_dir)
    findings = validate_defaults(shared, schemas)
    for org in organisations:
        findings += validate_organisation(org, schemas, today)
    return findings


def validate_defaults(shared: Defaults, schemas: dict[str, Schema]) -> list[Finding]:
    """Each defaults file alone, so that one no document uses is checked too: keys and
    types only, as what is required and what references resolve depend on the document."""
    findings: list[Finding] = []
    for (_, doc_type), source in sorted(shared.files.items(), key=lambda item: item[1].path):
        findings += validate_source(source, schemas[doc_type], {}, partial=True)
    return findings


def validate_organisation(org: Organisation, schemas: dict[str, Schema], today: datetime.date) -> list[Finding]:
    """The findings of one organisation: its file's and its documents' schemas, then
    the rules, on the documents that passed their schema."""
    findings: list[Finding] = []
    refs = org.refs()
    org_fields = _walk(org.source, schemas["organisation"])
    org_findings = validate_source(org.source, schemas["organisation"], refs)
    findings += org_findings + _markup(org.source, org_fields) + comments(org.source, org_fields) + escapes(org.source, org_fields)
    languages = org.data.get("languages") if not org_findings else None
    directory = Directory.of(org.data, schemas["organisation"].rules)
    findings += _personal_data(org.source, org_fields, directory, "approved", languages)
    findings += [f for at, message, todo in placeholders(org.data) for f in org.source.findings(at, message, PLACEHOLDER, WARNING, within=(todo,))]
    valid = []
    for doc in org.documents:
        others = {d.slug for d in org.documents if d is not doc} | org.unloaded
        doc_refs = {**refs, "audience": set(_audiences(doc)), "document": others}
        doc_fields = _walk(doc.source, schemas[doc.type])
        doc_findings = [naming(f, doc) for f in validate_source(doc.source, schemas[doc.type], doc_refs)]
        findings += doc_findings + _markup(doc.source, doc_fields) + [naming(f, doc) for f in comments(doc.source, doc_fields) + escapes(doc.source, doc_fields)]
        findings += [naming(f, doc) for f in _personal_data(doc.source, doc_fields, directory, str(doc.control.get("status")), languages)]
        if not doc_findings:
            valid.append(doc)
            if languages:
                findings += [naming(f, doc) for f in language_findings(doc.source, doc_fields, languages)]
    if languages:
        findings += language_findings(org.source, org_fields, languages)
    if not org_findings:
        findings += [org.source.finding(at, message, SCHEME_CONTACT) for at, message in organisation_problems(org.data)]
        findings += [naming(f, doc) for doc in valid for f in check_rules(org, doc, valid, today)]
    return findings


def _walk(source: Source, schema: Schema) -> list[Field]:
    """Every value of ``source`` with the rules ``schema`` gives it (``fields``), walked
    once for all the checks of its texts."""
    return list(fields(source.data, {"type": "dict", "schema": schema.rules}))


def _markup(source: Source, walked: list[Field]) -> list[Finding]:
    """A warning for each Markdown text with something a pack will not show as written
    (its lines joined by YAML included), and each text of a field that takes no Markdown
    written as if it did; ``walked``: the source's fields (``_walk``)."""
    return [
        source.finding(at, problem, MARKUP, WARNING, within=(about,))
        for found in walked
        # A text, in each of its languages (each language's string is walked too: not twice).
        if found.rules.get("meta", {}).get("markdown") or (found.rules.get("type") == "text" and is_prose(found.rules))
        for at, text in _texts_at(found)
        for problem, about in (
            [*markdown.folded_list(source.spans[at].lines if at in source.spans else (), text), *markdown.problems(text)]
            if found.rules.get("meta", {}).get("markdown")
            else markdown.plain_problems(text)
        )
    ]


def _texts_at(found: Any) -> list[tuple[KeyPath, str]]:
    """Each language's text of a text field, where it is written."""
    if per_language(found.value):
        return [((*found.at, lang), text) for lang, text in found.value.items()]
    return [(found.at, found.value)] if isinstance(found.value, str) else []


_DECLARED = ("publication_scheme", "public_contacts")


_WHERE = {
    "approved": "this text is published",
    "draft": "this text is published once the document is approved",
    "superseded": "this document is no longer published, but its text is kept with the content",
}


def _personal_data(source: Source, walked: list[Field], directory: Directory, status: str, languages: list[str] | None) -> list[Finding]:
    """A finding at each text that holds a personal contact detail (see ``personal``):
    an error where the text is published (``status`` approved, as the organisation
    file always is), a warning where it is not (draft or superseded). A text in a
    language the organisation does not publish in (``languages``) is never shown.

    The personal fields themselves, and the contact points the organisation
    declares public, are where such details belong. ``walked``: the source's fields (``_walk``).
    """
    severity, where = (ERROR if status == "approved" else WARNING), _WHERE.get(status, _WHERE["draft"])
    personal = {found.at for found in walked if is_personal(found)}
    findings = []
    for found in walked:
        if found.rules.get("type") not in ("string", "text") or not isinstance(found.value, str):
            continue  # unknown keys are findings of their own; their values are never shown
        if found.at in personal or found.at == ("publication_scheme", "contact") or found.at[:2] == _DECLARED:
            continue
        if languages and found.at[-1] in LANGUAGES and found.at[-1] not in languages:
            continue
        placed: set[tuple[int, int]] = set()  # two ways of writing a number both match either place: one finding at each
        for detail, whose in directory.undeclared(found.value):
            if whose:
                advice = "take it out; people's contact details belong in their own fields of organisation.yaml, which are never published"
            elif detail.kind == NHS_NUMBER:
                advice = "take it out"
            else:
                advice = "take it out, or, if it is the organisation's own contact point (a role mailbox, a switchboard), list it in publication_scheme.public_contacts of organisation.yaml"
            message = f'"{detail.written}" is {whose or detail.described}, and {where}: {advice}'
            for finding in source.findings(found.at, message, PERSONAL_DATA, severity, within=detail.needles):
                if (finding.line, finding.col) not in placed:
                    placed.add((finding.line, finding.col))
                    findings.append(finding)
    return findings


def naming(finding: Finding, doc: Document) -> Finding:
    """A finding in a defaults file that holds for this document only says so."""
    if finding.path == doc.source.path or finding.rule.startswith(("schema-", "yaml-")) or finding.rule == MARKUP:
        return finding
    return replace(finding, message=f"{finding.message} (merged into {doc.source.path})")


def _audiences(doc: Document) -> Iterable[str]:
    audiences = doc.source.data.get("audiences")
    return audiences.keys() if isinstance(audiences, dict) else ()


def keep_versions_in_force(org: Organisation, schemas: dict[str, Schema]) -> None:
    """Keep only the versions in force (``Document.in_force``, from the git history)
    that still fit today's schemas and organisation file, whose names they may use (a
    person named then may have left): the rules read them as they read documents. Of
    one that does not, ``Document.in_force_unfit`` says why."""
    refs = org.refs()
    for doc in org.documents:
        if doc.in_force is not None:
            others = {d.slug for d in org.documents if d is not doc} | org.unloaded
            found = validate_source(doc.in_force.source, schemas[doc.type], {**refs, "audience": set(_audiences(doc.in_force)), "document": others})
            if found:
                doc.in_force, doc.in_force_unfit = None, f"{found[0].message} (line {found[0].line} of it as approved)"


def unfit(redline: Redline, org: Organisation, schemas: dict[str, Schema]) -> str:
    """Why the version a redline compares with cannot be printed with today's templates,
    in words ("" where it can): it no longer fits today's schema of its type, with the
    names of the organisation file as it was then (``Redline.organisation``)."""
    if redline.approved is None:
        return ""
    then = Organisation(org.slug, redline.organisation or org.source, org.documents, org.unloaded)
    others = {d.slug for d in org.documents if d.slug != redline.approved.slug} | org.unloaded
    refs = {**then.refs(), "audience": set(_audiences(redline.approved)), "document": others}
    found = validate_source(redline.approved.source, schemas[redline.approved.type], refs)
    return f"{found[0].message} (line {found[0].line} of {found[0].path} then)" if found else ""


def validate_source(source: Source, schema: Schema, refs: dict[str, set[str]], partial: bool = False) -> list[Finding]:
    """Findings for one source checked against one schema; ``partial``: nothing required."""
    checker = validator(schema, refs, partial)
    # Most documents have nothing wrong, which conforms tells in a fifth of cerberus's time.
    if conforms(source.data, checker) or checker.validate(source.data, normalize=False):
        return []
    # Cerberus keeps the structured errors, not only their messages, in _errors.
    return [_finding(source, error, checker) for error in _leaves(checker._errors)]


def _leaves(errors: Iterable[cerr.ValidationError]) -> Iterable[cerr.ValidationError]:
    for error in errors:
        if error.is_group_error:
            yield from _leaves(error.child_errors)
        else:
            yield error


MARKUP = "markup"
_ABSENT = {cerr.REQUIRED_FIELD.code, cerr.EMPTY_NOT_ALLOWED.code, cerr.NOT_NULLABLE.code, cerr.MIN_LENGTH.code}


def _finding(source: Source, error: cerr.ValidationError, checker: Any) -> Finding:
    at = tuple(error.document_path)
    name = field_name(at)
    code = error.code
    meta = _rules_at(checker, at).get("meta", {})
    if code in _ABSENT and "rule" in meta:
        # The schema names the governance rule an absent value breaks, and why.
        if code == cerr.REQUIRED_FIELD.code:
            return source.finding(at[:-1], f"{meta['missing']}: add {name}", meta["rule"], own=True)
        return source.finding(at, f"{meta['missing']}: {name} is empty", meta["rule"])
    if code == cerr.UNKNOWN_FIELD.code:
        known = _known_keys(checker, at[:-1])
        close = difflib.get_close_matches(str(at[-1]), known, n=1)
        hint = f': did you mean "{close[0]}"?' if close else ""
        return source.finding(at, f"unknown key {name}{hint}", "schema-unknown-key")
    if code == cerr.REQUIRED_FIELD.code:
        return _missing(source, at, name)
    if code == cerr.EXCLUDES_FIELD.code:
        others = " or ".join(f'"{other}"' for other in ([error.constraint] if isinstance(error.constraint, str) else error.constraint))
        return source.finding(at, f"give {name} or {others}, not both: they are two ways of saying who or what it is", "schema-excludes")
    if code == cerr.BAD_TYPE.code:
        kinds = [error.constraint] if isinstance(error.constraint, str) else error.constraint
        if "partial_date" in _rules_at(checker, at):
            return source.finding(at, f'{name} must be a date: write YYYY-MM-DD, or YYYY-MM or YYYY where the document gives no more', "schema-type")
        quote = ": YAML reads what is written as a number or a yes or no: put it in quotes" if "string" in kinds and isinstance(error.value, (int, float, bool)) else ""
        return source.finding(at, f"{name} must be {' or '.join(_TYPE_WORDS.get(kind, kind) for kind in kinds)}{quote}", "schema-type")
    if code == cerr.MIN_LENGTH.code and _rules_at(checker, at).get("type") == "dict":
        return source.finding(at, f"{name} is empty: write what it says, or leave it out", "schema-length")
    if code in _PLAIN:
        message, rule = _PLAIN[code]
        return source.finding(at, message.format(name=name, constraint=error.constraint), rule)
    if code == cerr.UNALLOWED_VALUE.code and "keysrules" in error.schema_path and _rules_at(checker, at[:-1]).get("type") == "text":
        allowed = ", ".join(str(a) for a in error.constraint)
        return source.finding(at, f'"{error.value}" is not a language a text may be given in: use {allowed}', "schema-allowed")
    if code == cerr.UNALLOWED_VALUE.code:
        allowed = ", ".join(str(a) for a in error.constraint)
        return source.finding(at, f'{name} is "{error.value}"; it must be one of: {allowed}', "schema-allowed")
    if code == cerr.REGEX_MISMATCH.code:
        form = _FORMS.get(error.constraint, "the expected form")
        if "keysrules" in error.schema_path:
            return source.finding(at, f"the key {name} must be {form}", "schema-form")
        if error.constraint not in _FORMS and meta.get("help"):  # the schema says how it is written
            return source.finding(at, f'{name} is "{error.value}", not written as it must be: {meta["help"]}', "schema-form")
        return source.finding(at, f'{name} is "{error.value}"; it must be {form}', "schema-form")
    if code == cerr.CUSTOM.code and error.info[0] in ("schema-date", "schema-partial-date"):
        partial = ", or YYYY-MM or YYYY where the document gives no more" if error.info[0] == "schema-partial-date" else ""
        return source.finding(at, f'{name} is "{error.value}", which is not a date: write YYYY-MM-DD{partial}', "schema-date")
    if code == cerr.CUSTOM.code and str(error.info[0]).startswith("ref-"):
        rule = str(error.info[0])
        kind = rule.removeprefix("ref-")
        return source.finding(at, f'{name} names "{error.value}", which is not {_REF_WORDS[kind]}', rule)
    return source.finding(at, f"{name}: {error.rule} {error.constraint!r} not met", f"schema-{error.rule}")


def _missing(source: Source, at: KeyPath, name: str) -> Finding:
    """A missing key, at the nearest place in the document's own file, where the person
    adds it; naming its parent in full where that came from shared defaults."""
    parent = at[:-1]
    where = source.position(parent, own=True)
    context = f" in {dotted(parent)}" if parent and where != source.positions.get(parent) else ""
    return source.finding(parent, f"missing {name}{context}", "schema-required", own=True)


def _known_keys(checker: Any, at: tuple[Any, ...]) -> list[str]:
    """The keys the schema allows at ``at``, for a did-you-mean hint."""
    rules = _rules_at(checker, at)
    inner = rules.get("schema")
    return list(inner) if isinstance(inner, Mapping) and rules.get("type") == "dict" else []


def _rules_at(checker: Any, at: tuple[Any, ...]) -> Mapping[str, Any]:
    """The rules the schema gives the value at document path ``at``."""
    rules: Any = {"type": "dict", "schema": checker.schema}
    for step in at:
        if rules.get("type") == "dict" and isinstance(rules.get("schema"), Mapping):
            rules = rules["schema"].get(step) or rules.get("allow_unknown") or {}
            rules = rules if isinstance(rules, Mapping) else {}
        elif rules.get("type") == "text" or "valuesrules" in rules:
            rules = values_rules(rules)
        else:
            rules = rules.get("schema", {})
    return rules
