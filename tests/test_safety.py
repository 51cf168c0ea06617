"""Untrusted content renders inert, and WeasyPrint reads nothing but our assets."""

from __future__ import annotations

import logging
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

import govpack
from conftest import ROOT, copy_examples
from govpack.reading.document_types import document_types
from govpack.rendering.markup import to_html
from govpack.writing.pdf import PdfError, Printer
from govpack.rendering.names import PRINT, SCREEN
from govpack.rendering.render import Renderer

ASSETS = ROOT / "templates" / "assets"


@pytest.mark.parametrize(
    "text, absent",
    [
        ("<script>alert(1)</script>", "<script"),
        ('<img src="x" onerror="alert(1)">', "<img"),
        ("[click](javascript:alert(1))", "javascript:"),
        ("[data](data:text/html;base64,PHNjcmlwdD4=)", "data:"),
        ("![secret](file:///etc/passwd)", "file:"),
        ("[up](../../etc/passwd)", "../"),
        ('<a rel="attachment" href="file:///etc/passwd">x</a>', "<a rel"),
        ("<style>body{background:url(file:///etc/passwd)}</style>", "<style"),
    ],
)
def test_markdown_is_rendered_inert(text: str, absent: str) -> None:
    assert absent not in str(to_html(text))


def test_safe_links_are_kept() -> None:
    html = str(to_html("See [the guide](https://example.org/guide) or [write](mailto:office@example.org)."))
    assert 'href="https://example.org/guide"' in html
    assert 'href="mailto:office@example.org"' in html


def _page(body: str) -> str:
    """A page with what an accessible PDF needs, a title and a language, around ``body``."""
    return f'<html lang="en"><head><title>Test</title></head><body>{body}</body></html>'


def test_own_assets_are_read() -> None:
    document = Printer(ASSETS).layout(_page('<link rel="stylesheet" href="print.css"><p>Hello</p>'), "test")
    assert len(document.pages) == 1


@pytest.mark.parametrize(
    "html",
    [
        '<img src="file:///etc/hostname" alt="x">',
        '<link rel="stylesheet" href="file:///etc/hostname">',
        '<link rel="stylesheet" href="../base.html.j2">',
        '<img src="http://127.0.0.1:9/x.png" alt="x">',
        '<p style="background: url(file:///etc/hostname)">x</p>',
    ],
)
def test_anything_but_our_assets_fails_the_render(html: str) -> None:
    with pytest.raises(PdfError, match="only"):
        Printer(ASSETS).write(Printer(ASSETS).layout(_page(html), "test"), "test")


def test_attachment_links_cannot_embed_local_files(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("CANARY-7c1e", encoding="utf-8")
    printer = Printer(ASSETS)
    with pytest.raises(PdfError, match="only"):
        printer.write(printer.layout(_page(f'<a rel="attachment" href="{secret.as_uri()}">x</a>'), "test"), "test")


def test_plain_text_fields_are_escaped_by_the_templates(tmp_path: Path) -> None:
    organisations, findings = govpack.check(govpack.Project.at(copy_examples(tmp_path)))
    assert findings == []
    doc = organisations[0].documents[0]
    doc.data["control"]["title"] = '<script>alert("x")</script>'
    for medium in (SCREEN, PRINT):
        html = Renderer(ROOT / "templates", document_types(ROOT / "schemas")).document(organisations[0], doc, "en", medium)
        assert "<script>" not in html
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html


class _Elements(HTMLParser):
    """The elements of a page, as a browser would make them (text does not count)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, {name: value or "" for name, value in attrs}))


def _live(page: str) -> list[str]:
    """What in a page could run, fetch or embed: scripts other than govpack's own
    (templates/assets/*.js, linked by their path in the set), event handlers, images,
    and links to javascript:, data: or file:."""
    parser = _Elements()
    parser.feed(page)
    live = []
    for tag, attrs in parser.found:
        own = tag == "script" and re.fullmatch(r"(\.\./)*assets/[a-z]+\.js", attrs.get("src", "")) is not None
        if tag in ("script", "img", "iframe", "object", "embed") and not own:
            live.append(tag)
        live += [f"{tag} {name}" for name in attrs if name.startswith("on")]
        live += [f"{tag} {name}={value}" for name, value in attrs.items() if name in ("href", "src") and value.strip().lower().startswith(("javascript:", "data:", "file:"))]
    return live


def _longest_text(data, at=()):
    """The key path of the longest text in ``data``."""
    best = ((), "")
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else []
    for key, value in items:
        found = ((*at, key), value) if isinstance(value, str) else _longest_text(value, (*at, key))
        if len(found[1]) > len(best[1]):
            best = found
    return best


def test_hostile_markup_planted_in_the_longest_prose_renders_inert(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("CANARY-LOCAL-8d2f", encoding="utf-8")
    hostile = (
        "\n\n<script>alert('x')</script> [go](javascript:alert(1)) <img src=x onerror=alert(1)>"
        f" ![local]({secret.as_uri()}) <a rel=\"attachment\" href=\"{secret.as_uri()}\">file</a>"
        f" [attach]({secret.as_uri()}) ![remote](http://127.0.0.1:9/x.png)\n"
    )
    project = govpack.Project.at(copy_examples(tmp_path / "project", ("wyvern-vale",)))
    organisations, _ = govpack.check(project)
    doc = max(organisations[0].documents, key=lambda d: len(_longest_text(d.source.data)[1]))
    at, text = _longest_text(doc.source.data)
    path = project.root / doc.source.path
    source = path.read_text(encoding="utf-8")
    # Append to the block scalar: its last line, indented as the others.
    last = text.rstrip("\n").splitlines()[-1]
    indent = next(line for line in source.splitlines() if line.strip() == last.strip())
    indent = indent[: len(indent) - len(indent.lstrip())]
    planted = source.replace(last + "\n", last + "\n" + "".join(f"{indent}{line}\n" if line else "\n" for line in hostile.strip("\n").split("\n")), 1)
    assert planted != source
    path.write_text(planted, encoding="utf-8")
    govpack.build(project)
    govpack.publish(project)
    outputs = [p for p in project.output.rglob("*") if p.is_file()]
    pages = [p.read_text(encoding="utf-8") for p in outputs if p.suffix == ".html"]
    assert any("alert(" in page for page in pages), "the planted text should show, as text"
    for page in pages:
        assert _live(page) == [], _live(page)
    for pdf in (p for p in outputs if p.suffix == ".pdf"):
        raw = pdf.read_bytes()
        # Every stream decoded by a PDF parser: finding them with a pattern cuts one short
        # when its compressed bytes happen to end in a carriage return.
        with pikepdf.open(pdf) as parsed:
            streams = [obj.read_bytes() for obj in parsed.objects if isinstance(obj, pikepdf.Stream)]
        assert all(b"CANARY-LOCAL-8d2f" not in blob for blob in [raw, *streams]), pdf
        assert b"/EmbeddedFile" not in raw and b"file:" not in raw, pdf


_BUILD_AND_MEASURE = """
import pathlib, resource, sys
import govpack
result = govpack.build(govpack.Project.at(pathlib.Path(sys.argv[1])))
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)  # KiB on Linux
"""


def test_a_300_page_text_renders_within_bounded_memory(tmp_path: Path) -> None:
    project = copy_examples(tmp_path, ("wyvern-vale",))
    vision = project / "content" / "wyvern-vale" / "vision.yaml"
    long_text = "".join(f"  - Step {n}: plan care close to home.\n" for n in range(1, 14001))  # a list of some 300 pages
    text = vision.read_text(encoding="utf-8")
    start = text.index("\nstrategic_intent: |\n") + len("\nstrategic_intent: |\n")
    end = text.index("\n", text.index("\n", start) + 1)
    vision.write_text(text[:start] + long_text + text[end:], encoding="utf-8")
    assert vision.stat().st_size < 1_000_000  # within the loader's limit
    done = subprocess.run([sys.executable, "-c", _BUILD_AND_MEASURE, str(project)], capture_output=True, text=True, check=True, timeout=900)
    peak_kib = int(done.stdout.strip().splitlines()[-1])
    pages = len(PdfReader(project / "build" / "internal" / "wyvern-vale" / "vision.en.pdf").pages)
    assert pages >= 300
    assert peak_kib < 1024 * 1024, f"peak memory {peak_kib // 1024} MiB"


def test_a_logged_message_that_is_not_text_is_kept_as_a_warning() -> None:
    # logging allows any object as a message; a handler that assumed a str would print a traceback.
    from govpack.writing.pdf import _Collect

    handler = _Collect()
    handler.emit(logging.LogRecord("weasyprint", logging.WARNING, __file__, 1, ValueError("odd"), (), None))
    handler.emit(logging.LogRecord("weasyprint", logging.WARNING, __file__, 1, ".notdef glyph for %r", ("\uf0b7",), None))
    assert [w.message for w in handler.warnings] == ["odd", ".notdef glyph for '\\uf0b7'"]
    assert handler.warnings[1].missing == "\uf0b7"
