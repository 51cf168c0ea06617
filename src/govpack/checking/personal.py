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

import functools
import html
import re
from dataclasses import dataclass, field
from typing import Any, Iterator
from urllib.parse import unquote

from govpack.checking.markdown import parsed
from govpack.checking.schema import Field, fields

RULE = "personal-data"
EMAIL = "email address"
PHONE = "telephone number"
NHS_NUMBER = "NHS number"

_EMAIL = re.compile(r"(?<![\w.%+-])[\w.%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
# An address written so that machines do not read it (for people they do): "jo [at]
# example [dot] org", "jo(at)example.org", "jo at example dot org", "jo @ example . org",
# "jo [@] example [.] org". It ends in a domain people write (.org, .uk, .wales), and an
# "at" in words is only taken for one with a bracketed "at" or a "dot" in words: "find
# us at example.org" is a web address, "staff at reception dot every i" prose.
_SPELT_AT = r"\s*[\[({]\s*(?:at|@)\s*[\])}]\s*|\s+at\s+|\s+@\s*|\s*@\s+"
_SPELT_DOT = r"\s*[\[({]\s*(?:dot|\.)\s*[\])}]\s*|\s+dot\s+|\s+\.\s+"
_DOMAINS = r"(?:com|org|net|uk|gov|nhs|wales|cymru|scot|eu|edu|ac|co|info|io|me|biz)"
_SPELT_EMAIL = re.compile(
    rf"(?<![\w.%+-])([\w.%+-]+)(?:{_SPELT_AT})([A-Za-z0-9-]+(?:(?:{_SPELT_DOT}|\.)[A-Za-z0-9-]+)*(?:{_SPELT_DOT}|\.){_DOMAINS})(?![\w-])", re.IGNORECASE
)
# Whether a text may hold one: what _SPELT_AT and _SPELT_DOT find, from the first character
# that is not a space (a search that starts on each space of a long run is slow).
_SPELT = re.compile(r"[\[({]\s*(?:at|@|dot|\.)\s*[\])}]|\s@|@\s|\sdot\s|\s\.\s", re.IGNORECASE)
# +44 or 0044, bracketed or not, with an optional (0) and a group of one to four digits;
# or a first group of three to five digits starting 0 (020, 0121, 01632, 07700, 0800),
# bracketed or not. Then up to three more groups, separated by a space, a hyphen, a dot,
# a slash (each with a space either side or not) or nothing. Not after a letter, a digit
# or a decimal point; Markdown's underscores for emphasis may stand around it.
_SEPARATOR = r"(?:[ \n]?[-./][ \n]?|[ \n])?"
_PHONE = re.compile(
    r"(?<![^\W_]|\+)(?<!\d\.)(?:\(?(?:\+|00)\s?44\)?[ -]?(?:\(0\)[ -]?)?\(?\d{1,4}|\(?0\d{2,4})\)?"
    rf"(?:{_SEPARATOR}\d{{2,8}}){{1,3}}(?![^\W_]|-\d|\.\d)"
)
# A UK number in a web address's path or query, international without its + ("wa.me/447700900123").
_IN_ADDRESS = re.compile(r"(?<=[/=])44[1-9]\d{8,9}(?!\d)")
_TRAILING_GROUP = re.compile(rf"{_SEPARATOR}\d+$")
_NHS = re.compile(r"(?<![^\W_]|[+.-])[1-9]\d{2}[ \n-]?\d{3}[ \n-]?\d{4}(?![^\W_]|-|\.\d)")
# An ISBN-10 passes the NHS number's check, and may start 0 like a phone number.
_ISBN = re.compile(r"ISBN(?:-10)?:? ?$", re.IGNORECASE)
_NATIONAL_STARTS = ("01", "02", "03", "05", "07", "08", "09")
# Spaces and dashes an editor, a web page or a PDF may write for a plain space or hyphen.
_SPACES = re.compile(r"[^\S\n]|\r")
# Full-width forms (U+FF01 to U+FF5E, as East Asian input methods type them) of ASCII's characters.
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_WIDE = re.compile("[\uff01-\uff5e]")
# Characters no reader sees, which would otherwise split a detail: soft hyphen, zero-width ones.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")
_DASHES = re.compile("[\u2010-\u2015\u2212]")
_LINE_BREAK = re.compile(r" *\n *")


@dataclass(frozen=True)
class Detail:
    """One contact detail as written in a text, and ``key``, the same detail written
    one way: an email address in lower case, a number as its national digits."""

    kind: str  # EMAIL, PHONE, NHS_NUMBER, or "personal value"
    written: str
    key: str

    @property
    def pattern(self) -> re.Pattern[str]:
        """The detail however it may be written in YAML and read as itself (``plain``,
        ``as_read``): each character, or a character reference for it; any kind of
        dash for a hyphen; and between characters any spaces or line breaks, characters
        no reader sees, Markdown's marks and a link's brackets and address; not inside a
        longer number or address. To find each place it is written by."""
        return _written_pattern(self.written)

    @property
    def needles(self) -> tuple[re.Pattern[str], str]:
        """What to find where it is written by (``Source.finding``'s ``within``): its
        ``pattern``, else its first part, as a YAML escape (\\u00a0) may hide the rest."""
        return self.pattern, self.written.split()[0]

    @property
    def described(self) -> str:
        """What it is, for a message: "a telephone number", "an NHS number"."""
        return f"an {self.kind}" if self.kind[0] in "aeiouN" else f"a {self.kind}"


# What may stand between two characters of a detail that is read as one (Detail.pattern).
_BETWEEN = r"(?:[\s\u00ad\u200b-\u200d\u2060\ufeff*_~`\\\[]|\]\([^()\s]*\)|\]\[[^\[\]]*\])*"


@functools.lru_cache(maxsize=256)
def _written_pattern(written: str) -> re.Pattern[str]:
    """``Detail.pattern`` of the detail written ``written``."""
    parts = [
        "[-\u2010-\u2015\u2212\uff0d]" if character == "-" else rf"(?:{re.escape(character)}|{_full_width(character)}&#?\w+;|%[0-9A-Fa-f]{{2}})"
        for character in written
        if not character.isspace()
    ]
    return re.compile(rf"(?<![\w.%+-]){_BETWEEN.join(parts)}(?![\w-]|\.\w)", re.IGNORECASE)


def _full_width(character: str) -> str:
    """The full-width form of an ASCII ``character`` as a pattern's alternative ("\uff10|"), or ""."""
    return f"{chr(ord(character) + 0xFEE0)}|" if "!" <= character <= "~" else ""


def _narrow(text: str) -> str:
    """``text`` with full-width characters as ASCII's; most have none, and are not copied."""
    return text.translate(_FULL_WIDTH) if _WIDE.search(text) else text


def plain(text: str) -> str:
    """``text`` as contact details are matched: characters no reader sees taken out,
    every kind of space (no-break, thin, a carriage return) a plain space, a line break
    with the spaces around it one line break, every kind of dash a hyphen, and
    full-width letters, digits and signs (０７７００) as ASCII's."""
    return _LINE_BREAK.sub("\n", _DASHES.sub("-", _SPACES.sub(" ", _INVISIBLE.sub("", _narrow(text)))))


def details(text: str) -> list[Detail]:
    """Every email address, UK telephone number and NHS number in ``text``, in order."""
    text = plain(text)
    found: list[tuple[int, Detail]] = []
    taken: list[range] = []
    for match in _EMAIL.finditer(text):
        written = match.group()
        found.append((match.start(), Detail(EMAIL, written, written.casefold())))
        taken.append(range(match.start(), match.end()))
    for match in _SPELT_EMAIL.finditer(text):
        span = range(match.start(), match.end())
        if _SPELT.search(match.group()) and not _overlaps(span, taken):
            domain = re.sub(_SPELT_DOT, ".", match.group(2), flags=re.IGNORECASE)
            found.append((match.start(), Detail(EMAIL, " ".join(match.group().split()), f"{match.group(1)}@{domain}".casefold())))
            taken.append(span)
    for match in _PHONE.finditer(text):
        if _ISBN.search(text, max(0, match.start() - 10), match.start()):
            continue
        written = match.group()
        national = phone_key(written)
        while national is None and _TRAILING_GROUP.search(written) and sum(c.isdigit() for c in written) > 10:
            written = _TRAILING_GROUP.sub("", written)  # a number run on into the next: "07700 900123 24 hours"
            national = phone_key(written)
        span = range(match.start(), match.start() + len(written))
        if national and not _overlaps(span, taken):
            found.append((match.start(), Detail(PHONE, " ".join(written.split()), national)))
            taken.append(span)
    for match in _IN_ADDRESS.finditer(text):  # wa.me/447700900123, ?phone=447700900123: +44 without its +
        national = phone_key(f"+{match.group()}")
        span = range(match.start(), match.end())
        if national and not _overlaps(span, taken):
            found.append((match.start(), Detail(PHONE, match.group(), national)))
            taken.append(span)
    for match in _NHS.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        if _ISBN.search(text, max(0, match.start() - 10), match.start()):
            continue
        if _nhs_check_digit(digits) and not _overlaps(range(match.start(), match.end()), taken):
            found.append((match.start(), Detail(NHS_NUMBER, " ".join(match.group().split()), digits)))
    return [detail for _, detail in sorted(found, key=lambda pair: pair[0])]


def _overlaps(span: range, taken: list[range]) -> bool:
    return any(span.start < other.stop and other.start < span.stop for other in taken)


def phone_key(written: str) -> str | None:
    """The national digits of a UK telephone number (``07700900123``), or None if
    ``written`` is not one: +44 and 0044 become 0, and a bracketed (0) after them goes."""
    digits = re.sub(r"\D", "", written)
    international = re.match(r"\(?(\+|00)\s?44", written.lstrip())
    if international:
        digits = "0" + digits[2 if international.group(1) == "+" else 4 :].removeprefix("0")
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


_MAYBE = re.compile(r"[\d@&]")  # what any email, number or character reference holds
_FEWEST_DIGITS = 10  # of a UK telephone number or an NHS number
_SHORTEST_VALUE = 6  # a personal value shorter is not sought in texts: it would be found by chance
# In the HTML the previews show (checking.markdown): where a block ends (a blank line
# between blocks: a detail is not read across two), and any tag (a line break's <br> is
# followed by a line end, across which a number may run on, as it does on the page).
_BLOCK_END = re.compile(r"</(?:p|li|h[1-6]|blockquote|pre|td|th)>")
_TAG = re.compile(r"<[^>]*>")  # the parser escapes every < written in the text
_DIGIT_RUN = re.compile(r"[+(]?\d[\d ().+\n-]{5,}\d")
# The contract's names for people's contact fields, personal in any schema.
PERSONAL_KEYS = {"email", "phone"}


def personal_fields(data: dict[str, Any], rules: dict[str, Any]) -> Iterator[Field]:
    """Every field of ``data`` that is personal (``is_personal``)."""
    return (found for found in fields(data, {"type": "dict", "schema": rules}) if is_personal(found))


def is_personal(found: Field) -> bool:
    """Whether a field is personal: one a schema marks ``meta: {personal: true}``, or one
    named ``email`` or ``phone`` (keys of maps of names, such as ``members``, are never
    fields)."""
    return (found.named and found.at[-1] in PERSONAL_KEYS) or bool(found.rules.get("meta", {}).get("personal"))


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
        for value in declared:
            if isinstance(value, str):  # "01632 960000 (option 2)" declares the number in it
                directory.public |= {key_of(value), *(detail.key for detail in details(value))}
        return directory

    @functools.cached_property
    def _other_values(self) -> bool:
        """Whether any personal value is neither an email nor a number (a schema may mark
        any field personal), which text without digits or @ might still hold."""
        return any(not key.isdigit() and "@" not in key for key in self.personal)

    @functools.cached_property
    def _fewest_digits(self) -> int:
        """The fewest digits a number this directory finds can have: a UK telephone or
        NHS number's, or a shorter personal value's (those under six are not sought)."""
        return min([_FEWEST_DIGITS, *(len(key) for key in self.personal if key.isdigit() and len(key) >= _SHORTEST_VALUE)])

    def merged(self, other: Directory) -> Directory:
        """This directory and ``other``'s, as one."""
        return Directory({**self.personal, **other.personal}, self.public | other.public)

    def declares(self, detail: Detail) -> bool:
        """Whether ``detail`` may be published: the organisation declares it public, and it
        is no one's own (someone's own detail is never public, whatever else declares it)."""
        return detail.key in self.public and detail.key not in self.personal

    def owner(self, detail: Detail) -> str | None:
        """Whose personal value ``detail`` is, if it is one."""
        return self.personal.get(detail.key)

    def undeclared(self, text: str, markdown: bool = True) -> Iterator[tuple[Detail, str | None]]:
        """Each contact detail in ``text`` that may not be published, with whose it
        is where it is someone's own; and each person's other personal values
        (say, a home address a schema marks personal) written in it. ``text`` is read
        as written and, if it is Markdown (``markdown``: a text of the content), as
        shown (``as_read``); a published file's text is read as it is, as shown."""
        text = _narrow(text)  # "jo＠example.org", "０７７００ ９００１２３"
        spelt = _SPELT.search(text) is not None  # "jo [at] example [dot] org"
        if not _MAYBE.search(text) and not self._other_values and not spelt:
            return  # no digit, no @, no character reference: nothing to find (most texts)
        if not self._other_values and not {"@", "&", "%"} & set(text) and not spelt and _digits(text) < self._fewest_digits:
            return  # as read, it holds no more than as written: a date, a version (most of the rest)
        read = as_read(text) if markdown else text
        if "%" in text:  # an address in a link's query, its @ encoded: ?to=jo%40example.org
            read = f"{read}\n{unquote(text)}"
        if not self._other_values and "@" not in text + read and not spelt and max(_digits(text), _digits(read)) < self._fewest_digits:
            return  # no email, and too few digits for any number sought (a date, a version): most of the rest
        if read != text:  # scanned as written and as shown: "jo&#64;example.org", "jo@example\.org"
            text = f"{text}\n{read}"
        text = plain(text)  # once, for each search below
        forms: set[tuple[str, str]] = set()
        for detail in details(text):
            # Each way it is written is said (+44 7700 900123 and 07700 900123): each is found by its own pattern.
            form = (detail.key, " ".join(detail.written.split()).casefold())
            if self.declares(detail) or form in forms:
                continue
            forms.add(form)
            yield detail, self.owner(detail)
        # A person's own value however it is written: inside a longer run of digits,
        # with odd separators, or a value that is no email or phone (a schema may mark
        # any field personal).
        squeezed = "".join(text.split()).casefold()
        runs = [phone_key(run) or re.sub(r"\D", "", run) for run in _DIGIT_RUN.findall(text)]
        runs += ["0" + run[2:] for run in runs if run.startswith("44")]  # +44 written without its +
        seen = {key for key, _ in forms}
        for key, whose in self.personal.items():
            if key in seen or len(key) < _SHORTEST_VALUE:
                continue
            if (key in squeezed) if not key.isdigit() else any(key in run for run in runs):
                seen.add(key)
                yield Detail("personal value", key, key), whose


def _digits(text: str) -> int:
    """How many digits ``text`` has (any that ``\\d`` matches)."""
    return sum(map(str.isdigit, text))


def as_read(text: str) -> str:
    """``text`` as a reader of its Markdown sees it, read from the HTML the previews show
    (``checking.markdown.parsed``): without marks of emphasis or code (``jo.**bloggs**@...``
    shows as one address), a link's text without its address (``0770[0 900123](https://...)``
    shows as one number), an autolink without its brackets, escapes and character
    references as the characters they stand for; a blank line between blocks."""
    if not _SHOWN_OTHERWISE.search(text):
        return text  # nothing Markdown shows otherwise than it is written (most texts)
    return html.unescape(_TAG.sub("", _BLOCK_END.sub("\n", parsed(text))))


# What Markdown may show otherwise than written: marks, escapes, links, references, a hard line break.
_SHOWN_OTHERWISE = re.compile(r"[\\*_`\[<&~]| \n")
