"""Personal contact details in text: email addresses, UK telephone numbers, NHS numbers.

A person's email and phone belong in their own fields of organisation.yaml, which
publishing withholds. Typed anywhere else (a paragraph of a terms of reference, a
shared default), they would be published with the text. ``details`` finds them in
any text, however they are written; ``Directory`` says whose they are, or that the
organisation declared them public (an FOI mailbox, a switchboard), in which case
they may be published.

The forms are those of the UK's numbering plan (Ofcom: national numbers of ten or
eleven digits, starting 01, 02, 03, 05, 07, 08 or 09, written with spaces, hyphens,
brackets, or +44) and the NHS number (ten digits whose last is the modulus 11 check
digit of the first nine: NHS Digital, NHS Number standard, ISB 0149).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterator

from .schema import Field, fields

EMAIL = "email address"
PHONE = "telephone number"
NHS_NUMBER = "NHS number"

_EMAIL = re.compile(r"(?<![\w.%+-])[\w.%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
# A first group of at least two digits (01632, 020, 07700, 0800), or +44 or 0044 with an
# optional (0); then up to three groups, separated by a space, a hyphen or nothing.
_PHONE = re.compile(
    r"(?<![\w+.-])(?:(?:\+|00)\s?44\s?(?:\(0\)\s?)?\(?|\(?0)\d{1,4}\)?(?:[ \t\n-]?\d{2,8}){1,3}(?![\w-]|\.\d)"
)
_NHS = re.compile(r"(?<![\w+.-])[1-9]\d{2}[ -]?\d{3}[ -]?\d{4}(?![\w-]|\.\d)")
_NATIONAL_STARTS = ("01", "02", "03", "05", "07", "08", "09")


@dataclass(frozen=True)
class Detail:
    """One contact detail as written in a text, and ``key``, the same detail written
    one way: an email address in lower case, a number as its national digits."""

    kind: str  # EMAIL, PHONE or NHS_NUMBER
    written: str
    key: str


def details(text: str) -> list[Detail]:
    """Every email address, UK telephone number and NHS number in ``text``, in order."""
    found: list[tuple[int, Detail]] = []
    taken: list[range] = []
    for match in _EMAIL.finditer(text):
        written = match.group().rstrip(".")
        found.append((match.start(), Detail(EMAIL, written, written.casefold())))
        taken.append(range(match.start(), match.end()))
    for match in _PHONE.finditer(text):
        national = phone_key(match.group())
        if national and not _overlaps(match, taken):
            found.append((match.start(), Detail(PHONE, " ".join(match.group().split()), national)))
            taken.append(range(match.start(), match.end()))
    for match in _NHS.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        if _nhs_check_digit(digits) and not _overlaps(match, taken):
            found.append((match.start(), Detail(NHS_NUMBER, match.group(), digits)))
    return [detail for _, detail in sorted(found, key=lambda pair: pair[0])]


def _overlaps(match: re.Match[str], taken: list[range]) -> bool:
    return any(match.start() in span or match.end() - 1 in span for span in taken)


def phone_key(written: str) -> str | None:
    """The national digits of a UK telephone number (``07700900123``), or None if
    ``written`` is not one: +44 and 0044 become 0, and a bracketed (0) after them goes."""
    digits = re.sub(r"\D", "", written)
    stripped = written.lstrip()
    if stripped.startswith("+44") or stripped.startswith("0044"):
        digits = "0" + digits[4 if stripped.startswith("0044") else 2:].removeprefix("0")
    if len(digits) in (10, 11) and digits.startswith(_NATIONAL_STARTS):
        return digits
    return None


def _nhs_check_digit(digits: str) -> bool:
    """Whether the ten ``digits`` end in the modulus 11 check digit of the first nine."""
    if len(digits) != 10:
        return False
    total = sum(int(d) * weight for d, weight in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


def key_of(value: str) -> str:
    """``value`` written one way, as ``Detail.key``: a phone's national digits, else
    the text in lower case with its spaces closed up."""
    return phone_key(value) or "".join(value.split()).casefold()


# The contract's names for people's contact fields, personal in any schema.
PERSONAL_KEYS = {"email", "phone"}


def personal_fields(data: dict[str, Any], rules: dict[str, Any]) -> Iterator[Field]:
    """Every field of ``data`` that is personal: one a schema marks ``meta: {personal:
    true}``, or one named ``email`` or ``phone`` (keys of maps of names, such as
    ``members``, are never fields)."""
    for found in fields(data, {"type": "dict", "schema": rules}):
        if (found.named and found.at[-1] in PERSONAL_KEYS) or found.rules.get("meta", {}).get("personal"):
            yield found


@dataclass
class Directory:
    """Whose each personal value is, and which contact details are declared public.

    ``personal`` maps a value's key (see ``key_of``) to a description of it, such as
    "Gwen Jones's phone"; ``public`` holds the keys of the contact points an
    organisation publishes (its publication scheme contact and ``public_contacts``).
    """

    personal: dict[str, str] = field(default_factory=dict)
    public: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, data: dict[str, Any], rules: dict[str, Any]) -> Directory:
        """The directory of one organisation file's ``data``, read with its schema's ``rules``."""
        directory = cls()
        people = data.get("people") if isinstance(data.get("people"), dict) else {}
        for found in personal_fields(data, rules):
            if isinstance(found.value, str) and found.value.strip():
                person = people.get(found.at[1]) if found.at[0] == "people" and len(found.at) > 2 else None
                name = person.get("name") if isinstance(person, dict) else None
                whose = name if isinstance(name, str) else "/".join(map(str, found.at[:-1]))
                directory.personal[key_of(found.value)] = f"{whose}'s {found.at[-1]}"
        scheme = data.get("publication_scheme") if isinstance(data.get("publication_scheme"), dict) else {}
        declared = [scheme.get("contact"), *(scheme.get("public_contacts") or [])]
        directory.public |= {key_of(value) for value in declared if isinstance(value, str)}
        return directory

    def merged(self, other: Directory) -> Directory:
        """This directory and ``other``'s, as one."""
        return Directory({**self.personal, **other.personal}, self.public | other.public)

    def owner(self, detail: Detail) -> str | None:
        """Whose personal value ``detail`` is, if it is one."""
        return self.personal.get(detail.key)

    def undeclared(self, text: str) -> Iterator[tuple[Detail, str | None]]:
        """Each contact detail in ``text`` that may not be published, with whose it
        is where it is someone's own; and each person's other personal values
        (say, a home address a schema marks personal) written in it."""
        seen = set()
        for detail in details(text):
            # Someone's own detail is never public, whatever else declares it.
            if (detail.key in self.public and detail.key not in self.personal) or detail.key in seen:
                continue
            seen.add(detail.key)
            yield detail, self.owner(detail)
        squeezed = "".join(text.split()).casefold()
        for key, whose in self.personal.items():
            if key not in seen and len(key) >= 6 and not _contact_form(key) and key in squeezed:
                seen.add(key)
                yield Detail("personal value", key, key), whose


def _contact_form(key: str) -> bool:
    """Whether ``key`` is an email or a phone, which ``details`` finds on its own."""
    return "@" in key or phone_key(key) is not None


def strings(data: Any, at: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str]]:
    """Every string under ``data`` and where it stands, depth first."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from strings(value, (*at, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from strings(value, (*at, index))
    elif isinstance(data, str):
        yield at, data
