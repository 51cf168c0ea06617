"""Untrusted content renders inert, and WeasyPrint reads nothing but our assets."""

from __future__ import annotations

from pathlib import Path

import pytest

import govpack
from conftest import ROOT, copy_examples
from govpack.markup import to_html
from govpack.pdf import PdfError, Printer
from govpack.render import PRINT, SCREEN, Renderer

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


def test_own_assets_are_read() -> None:
    document = Printer(ASSETS).layout('<link rel="stylesheet" href="print.css"><p>Hello</p>', "test")
    assert len(document.pages) == 1


@pytest.mark.parametrize(
    "html",
    [
        '<img src="file:///etc/hostname" alt="">',
        '<link rel="stylesheet" href="file:///etc/hostname">',
        '<link rel="stylesheet" href="../base.html.j2">',
        '<img src="http://127.0.0.1:9/x.png" alt="">',
        '<p style="background: url(file:///etc/hostname)">x</p>',
    ],
)
def test_anything_but_our_assets_fails_the_render(html: str) -> None:
    with pytest.raises(PdfError, match="only"):
        Printer(ASSETS).write(Printer(ASSETS).layout(html, "test"), "test")


def test_attachment_links_cannot_embed_local_files(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("CANARY-7c1e", encoding="utf-8")
    printer = Printer(ASSETS)
    with pytest.raises(PdfError, match="only"):
        printer.write(printer.layout(f'<a rel="attachment" href="{secret.as_uri()}">x</a>', "test"), "test")


def test_plain_text_fields_are_escaped_by_the_templates(tmp_path: Path) -> None:
    organisations, findings = govpack.check(govpack.Project.at(copy_examples(tmp_path)))
    assert findings == []
    doc = organisations[0].documents[0]
    doc.data["control"]["title"] = '<script>alert("x")</script>'
    for medium in (SCREEN, PRINT):
        html = Renderer(ROOT / "templates").document(organisations[0], doc, "en", medium)
        assert "<script>" not in html
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
