"""The last check before publication: no personal contact detail in any file of the public set.

``check`` finds contact details typed into texts (rule ``personal-data``) and
``publish`` withholds personal fields before rendering. This reads what those
layers made, as a member of the public would: the text of every page, PDF, JSON
and CSV about to be published. Anything a template, a shared default or a
future change lets through stops the publication here, named by file, with
the content line it came from.
"""

from __future__ import annotations

import html
import io
import re
from pathlib import PurePosixPath
from typing import Any

import pikepdf
import pypdfium2 as pdfium

from govpack.cores import forked_map
from govpack.errors import ERROR, Finding
from govpack.reading.source import Source, strings
from govpack.checking.personal import NHS_NUMBER, PERSONAL_KEYS, RULE, Detail, Directory, as_read, details, key_of, plain


# Fewer files than this are read in this process: a worker's start costs more than a few pages.
PARALLEL_FROM = 32


def published_text(path: str, content: bytes) -> str:
    """What a reader of the file at ``path`` could read: the text and attributes of a
    page (entities decoded), and its text as shown; the text and metadata of a PDF; a
    JSON or CSV file whole."""
    if path.endswith(".pdf"):
        return _pdf_text(content)
    text = content.decode("utf-8", errors="replace")
    if not path.endswith(".html"):
        return text
    # As written (attributes: a mailto: link) and as shown, where an element within a
    # line (emphasis, a link) does not part the words it splits: jo.<strong>bloggs</strong>@...
    shown = _OTHER_TAG.sub("\n", _INLINE_TAG.sub("", text))
    return f"{html.unescape(text)}\n{html.unescape(shown)}"


# HTML's phrasing elements, which are shown within the line of the text around them.
_INLINE_TAG = re.compile(
    r"</?(?:a|abbr|b|bdi|bdo|cite|code|data|del|dfn|em|i|ins|kbd|mark|q|s|samp|small|span|strong|sub|sup|time|u|var|wbr)\b[^>]*>", re.I
)
_OTHER_TAG = re.compile(r"<[^>]*>")  # any other element, shown on lines of its own


def _pdf_text(content: bytes) -> str:
    """A PDF's text as PDFium lays it out, then every string its objects hold: link
    targets, alternative text, bookmarks and metadata, which no page shows."""
    document = pdfium.PdfDocument(content)
    try:
        parts = [document[index].get_textpage().get_text_range() for index in range(len(document))]
    finally:
        document.close()
    with pikepdf.open(io.BytesIO(content)) as pdf:
        for obj in pdf.objects:
            _strings(obj, parts)
        metadata = pdf.Root.get("/Metadata")
        if isinstance(metadata, pikepdf.Stream):
            parts.append(metadata.read_bytes().decode("utf-8", errors="replace"))
    return "\n".join(parts)


def _strings(obj: Any, out: list[str]) -> None:
    """The strings in ``obj`` and its direct parts (indirect ones are objects of their own)."""
    if isinstance(obj, pikepdf.String):
        out.append(str(obj))
    elif isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream, pikepdf.Array)):
        for value in obj.values() if not isinstance(obj, pikepdf.Array) else obj:
            if not getattr(value, "is_indirect", True):
                _strings(value, out)


def disclosures(files: dict[str, bytes], directory: Directory, texts: list[Source], own: list[Source]) -> list[Finding]:
    """A finding for each contact detail ``directory`` does not declare public, in each
    of ``files`` (by the path to name it by, such as ``build/public/index.html``).

    Each stands at the text of ``texts`` (the content about to be published) that holds
    the detail; else, for a person's own detail, at its field in ``own`` (the
    organisation files as written); else at the first of ``texts``, saying that no
    text of the content holds it.
    """
    readable = [path for path in sorted(files) if path.endswith((".html", ".pdf", ".json", ".csv"))]  # the stylesheets are govpack's own
    # The set is whole only once every file is made: where there are many files, they are
    # read on every core. Their text is as a reader reads it, not Markdown to be read as
    # shown: a page's text as shown is read with its HTML (``published_text``), and parsing
    # whole files as Markdown was most of this gate's time.
    found = forked_map(
        lambda index: list(directory.undeclared(published_text(readable[index], files[readable[index]]), markdown=False)), len(readable), PARALLEL_FROM
    )
    findings = []
    for path, undeclared in zip(readable, found, strict=True):
        for detail, whose in undeclared:
            what = whose or detail.described
            message = f'publishing stopped, nothing was published: {path} would show "{detail.written}", {what}'
            findings.append(_origin(detail, texts, own, message, path))
    return findings


def _origin(detail: Detail, texts: list[Source], own: list[Source], message: str, path: str) -> Finding:
    """The finding at the text that holds ``detail``, with what to do there; where none
    does, at the organisation file of the folder the published file ``path`` is in."""
    for source in texts:
        for at, text in strings(source.data):
            if _holds(text, detail):
                advice = "take it out of this text" if detail.kind == NHS_NUMBER else (
                    "take it out of this text, or, if it is the organisation's own contact point, list it in publication_scheme.public_contacts"
                )
                return source.finding(at, f"{message}; {advice}", RULE, ERROR, within=detail.needles)
    for source in own:
        for at, text in strings(source.data):
            if at and at[-1] in PERSONAL_KEYS and _holds(text, detail):
                return source.finding(at, f"{message}, from this field, which is never published: report this to govpack's developers", RULE, ERROR)
    folder = PurePosixPath(path).parent.name  # build/public/<organisation>/...
    where = next((source.path for source in own if PurePosixPath(source.path).parent.name == folder), texts[0].path if texts else ".")
    return Finding(where, 1, 1, ERROR, f"{message}, which no text of the content holds: report this to govpack's developers", RULE)


def _holds(text: str, detail: Detail) -> bool:
    """Whether ``text``, as written or as shown, holds ``detail``."""
    shown = f"{text}\n{as_read(text)}"
    return key_of(text) == detail.key or any(d.key == detail.key for d in details(shown)) or detail.key in "".join(plain(shown).split()).casefold()
