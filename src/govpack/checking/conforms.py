"""Whether a document conforms to its schema, told quickly, as cerberus would tell it.

Cerberus makes a validator for every mapping and list it descends into and runs each
rule through its dispatcher: most of a check's time, spent mostly on documents with
nothing wrong. ``conforms`` walks a document once against the same rules and answers
only "nothing wrong"; where something is wrong, or the rules hold anything it does
not know, it says no and cerberus validates, as it words the findings. It follows
cerberus 1.3's order of rules where that decides the verdict: a null value is refused
unless ``nullable``, and then passes every other rule (``excludes`` aside, which
still counts); an empty value allowed by ``empty`` skips ``allowed``, ``minlength``,
``maxlength`` and ``regex``; a required field may be left out where a field that
``excludes`` it is given. Tests hold its verdicts to cerberus's on every document
the examples and the rule cases validate, on 400 broken copies of the cases' base
documents, and on small rule sets for each rule.
"""
from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Mapping, Sequence, Sized
from typing import Any

from govpack.checking.schema import GovpackValidator
from govpack.project import parse_date, parse_partial_date

# The rules this knows: any other in a schema leaves the verdict to cerberus.
_KNOWN = frozenset(
    {"type", "empty", "required", "meta", "languages", "schema", "minlength", "maxlength", "ref", "allowed",
     "date", "partial_date", "regex", "excludes", "min", "max", "keysrules", "valuesrules", "allow_unknown", "nullable"}
)
# What an empty value allowed by ``empty`` is not held to (cerberus's _validate_empty).
_SKIPPED_WHEN_EMPTY = frozenset({"allowed", "minlength", "maxlength", "regex"})
# Rules judged before the others (``_value``, ``_mapping``), or that are not rules of a value.
_NOT_IN_TURN = frozenset({"type", "empty", "nullable", "excludes", "meta", "required", "allow_unknown"})


class _Unsure(Exception):
    """The rules hold something ``conforms`` does not judge."""


def conforms(document: Mapping[str, Any], checker: GovpackValidator) -> bool:
    """True only where ``checker.validate(document, normalize=False)`` would find
    nothing wrong, with the checker's own rules, ``require_all`` and refs; False where
    it would, or where the rules use something this module does not judge."""
    try:
        return _mapping(document, checker.schema, checker, checker.allow_unknown)
    except _Unsure:
        return False


def _mapping(document: Mapping[Any, Any], schema: Mapping[Any, Any], checker: GovpackValidator, unknown: Any) -> bool:
    """A mapping against the rules of its keys (cerberus's validate, as a child validator
    with ``allow_unknown`` ``unknown``): each value given, then the keys required."""
    require_all = checker.require_all
    unrequired: set[Any] = set()  # cerberus's _unrequired_by_excludes
    for key, value in document.items():
        rules = schema.get(key)
        if rules is None:
            if not unknown or (unknown is not True and not _element(value, unknown, checker, unknown)):
                return False
            continue
        if not isinstance(rules, Mapping):
            raise _Unsure
        if "excludes" in rules:
            excluded = rules["excludes"]
            # As cerberus reads it: one field where it is hashable (a name), else a list of them.
            excluded = [excluded] if isinstance(excluded, Hashable) else excluded
            if rules.get("required", require_all):
                unrequired.add(key)
                unrequired.update(other for other in excluded if other in schema)
            if any(other in document for other in excluded):
                return False
        if not _value(value, rules, checker, unknown):
            return False
    for key, rules in schema.items():
        if not isinstance(rules, Mapping):
            raise _Unsure
        if key not in document and key not in unrequired and rules.get("required", require_all) is True:
            return False
    return not unrequired or any(document.get(key) is not None for key in unrequired)


def _element(value: Any, rules: Any, checker: GovpackValidator, unknown: Any) -> bool:
    """An item of a list, a key or value of a map of names, or an unknown key's value:
    each of which cerberus judges in a mapping of its own, where ``excludes`` means
    otherwise than among named keys."""
    if not isinstance(rules, Mapping) or "excludes" in rules:
        raise _Unsure
    return _value(value, rules, checker, unknown)


def _value(value: Any, rules: Mapping[str, Any], checker: GovpackValidator, unknown: Any) -> bool:
    """One value against its rules (cerberus's __validate_definitions)."""
    if not _KNOWN.issuperset(rules):
        raise _Unsure
    if value is None:
        return bool(rules.get("nullable"))
    kinds = rules.get("type")
    if kinds and not _typed(value, kinds, checker):  # cerberus passes an empty type
        return False
    empty = "empty" in rules and isinstance(value, Sized) and len(value) == 0
    if empty and not rules["empty"]:
        return False
    for rule, constraint in rules.items():
        if rule in _NOT_IN_TURN or (empty and rule in _SKIPPED_WHEN_EMPTY):
            continue
        if not _rule(rule, constraint, value, rules, checker, unknown):
            return False
    return True


def _rule(rule: str, constraint: Any, value: Any, rules: Mapping[str, Any], checker: GovpackValidator, unknown: Any) -> bool:
    """Whether ``value`` passes one rule, of those ``_value`` judges in turn."""
    if rule == "schema":
        if constraint is None:
            return True
        if isinstance(value, Sequence) and not isinstance(value, str):
            return all(_element(item, constraint, checker, unknown) for item in value)
        if isinstance(value, Mapping):
            if not isinstance(constraint, Mapping):
                raise _Unsure  # a schema named in cerberus's registry
            return _mapping(value, constraint, checker, rules.get("allow_unknown", unknown))
        return True
    if rule == "keysrules":
        return not isinstance(value, Mapping) or all(_element(key, constraint, checker, unknown) for key in value)
    if rule == "valuesrules":
        return not isinstance(value, Mapping) or all(_element(each, constraint, checker, unknown) for each in value.values())
    if rule == "languages":
        return not isinstance(value, Mapping) or all(key in constraint and isinstance(text, str) and text for key, text in value.items())
    if rule == "minlength":
        return not isinstance(value, Iterable) or len(value) >= constraint
    if rule == "maxlength":
        return not isinstance(value, Iterable) or len(value) <= constraint
    if rule == "allowed":
        if isinstance(value, Iterable) and not isinstance(value, str):
            return all(each in constraint for each in value)
        return value in constraint
    if rule == "regex":
        return not isinstance(value, str) or re.fullmatch(constraint, value) is not None
    if rule in ("min", "max"):
        try:
            return not (value < constraint if rule == "min" else value > constraint)
        except TypeError:
            return True
    if rule == "ref":
        known = checker.refs.get(constraint)
        return known is None or not isinstance(value, str) or value in known
    if rule == "date":
        return not constraint or not isinstance(value, str) or parse_date(value) is not None
    if rule == "partial_date":
        text = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
        return not constraint or not isinstance(text, str) or parse_date(text) is not None or parse_partial_date(text) is not None
    raise _Unsure  # not reached: _value judges only the rules it knows


def _typed(value: Any, kinds: Any, checker: GovpackValidator) -> bool:
    for kind in (kinds,) if isinstance(kinds, str) else kinds:
        definition = checker.types_mapping.get(kind)
        if definition is None:
            raise _Unsure  # a type cerberus checks by a method of its own
        if isinstance(value, definition.included_types) and not isinstance(value, definition.excluded_types):
            return True
    return False
