"""Markdown prints as the editors' previews authors look at show it (CommonMark: VS Code, GitHub)."""

from __future__ import annotations

import pytest

from govpack.checking.markdown import folded_list, plain_problems, problems
from govpack.rendering.markup import to_html

PREVIEWED = [
    ("We will:\n- keep the register\n- publish it", "<p>We will:</p>\n<ul>\n<li>keep the register</li>\n<li>publish it</li>\n</ul>"),
    ("Steps:\n1. agree\n2. sign", '<p>Steps:</p>\n<ol>\n<li>agree</li>\n<li>sign</li>\n</ol>'),
    ("- one\n  - nested at two\n  - and again\n- two", "<ul>\n<li>one\n<ul>\n<li>nested at two</li>\n<li>and again</li>\n</ul>\n</li>\n<li>two</li>\n</ul>"),
    ("- one\n    - nested at four\n- two", "<ul>\n<li>one\n<ul>\n<li>nested at four</li>\n</ul>\n</li>\n<li>two</li>\n</ul>"),
    ("- a\n  - b\n    - c\n- d", "<ul>\n<li>a\n<ul>\n<li>b\n<ul>\n<li>c</li>\n</ul>\n</li>\n</ul>\n</li>\n<li>d</li>\n</ul>"),
    ("1. first\n   - under it\n2. second", "<ol>\n<li>first\n<ul>\n<li>under it</li>\n</ul>\n</li>\n<li>second</li>\n</ol>"),
    ("3. three\n4. four", '<ol start="3">\n<li>three</li>\n<li>four</li>\n</ol>'),
    # Another kind of item starts a list of its own.
    ("- a\n- b\n1. one\n2. two", "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n<ol>\n<li>one</li>\n<li>two</li>\n</ol>"),
    ("1. one\n- a", "<ol>\n<li>one</li>\n</ol>\n<ul>\n<li>a</li>\n</ul>"),
    # And so it does within another list, which goes on after it.
    ("- a\n  - b\n  1. c\n  2. d\n- e", "<ul>\n<li>a\n<ul>\n<li>b</li>\n</ul>\n<ol>\n<li>c</li>\n<li>d</li>\n</ol>\n</li>\n<li>e</li>\n</ul>"),
    ("- a\n  - b\n    1. c\n    - d\n  - e\n- f", "<ul>\n<li>a\n<ul>\n<li>b\n<ol>\n<li>c</li>\n</ol>\n<ul>\n<li>d</li>\n</ul>\n</li>\n<li>e</li>\n</ul>\n</li>\n<li>f</li>\n</ul>"),
    # A list the author made loose stays loose.
    ("- a\n  - b\n  1. c\n\n- e", "<ul>\n<li>\n<p>a</p>\n<ul>\n<li>b</li>\n</ul>\n<ol>\n<li>c</li>\n</ol>\n</li>\n<li>\n<p>e</p>\n</li>\n</ul>"),
    # Numbered "1)" as "1." is, from any number; the lead-in line's paragraph ends.
    ("Steps:\n1) agree\n2) sign", "<p>Steps:</p>\n<ol>\n<li>agree</li>\n<li>sign</li>\n</ol>"),
    ("3) three\n4) four", '<ol start="3">\n<li>three</li>\n<li>four</li>\n</ol>'),
    # Found by comparing with CommonMark's reference on 40,000 texts: each printed otherwise.
    # A blank line in a nested list, then the next item: item 2, not a line of "b".
    ("1. a\n\n   - b\n2. c", "<ol>\n<li>\n<p>a</p>\n<ul>\n<li>b</li>\n</ul>\n</li>\n<li>\n<p>c</p>\n</li>\n</ol>"),
    # An item's second paragraph, indented under its text: in the item; the next item one of the list.
    ("- a\n\n  more\n- b", "<ul>\n<li>\n<p>a</p>\n<p>more</p>\n</li>\n<li>\n<p>b</p>\n</li>\n</ul>"),
    # A line of a numbered item starting with a year: a line of it.
    ("1. The review is due in\n   2027. A practice may withdraw.", "<ol>\n<li>The review is due in\n2027. A practice may withdraw.</li>\n</ol>"),
    # A paragraph indented one space after a list ends it; the list after it is a list.
    ("- a\n\n b\n- c", "<ul>\n<li>a</li>\n</ul>\n<p>b</p>\n<ul>\n<li>c</li>\n</ul>"),
    (" - a\n1. b", "<ul>\n<li>a</li>\n</ul>\n<ol>\n<li>b</li>\n</ol>"),
    ("1. a\n  3) b", '<ol>\n<li>a</li>\n</ol>\n<ol start="3">\n<li>b</li>\n</ol>'),
    # Bare addresses linked as GitHub links them: not a file's name, nor one without a scheme.
    ("See app.py, README.md, St.Davids.uk, //example.org/x and www.example.org.", '<p>See app.py, README.md, St.Davids.uk, //example.org/x and <a href="http://www.example.org" rel="noopener noreferrer">www.example.org</a>.</p>'),
    # An address shown as written, not decoded (%20 as a space, punycode as look-alike letters).
    ("https://example.org/a%20b and https://xn--80ak6aa92e.com", '<p><a href="https://example.org/a%20b" rel="noopener noreferrer">https://example.org/a%20b</a> and <a href="https://xn--80ak6aa92e.com" rel="noopener noreferrer">https://xn--80ak6aa92e.com</a></p>'),
    # Text indented four spaces is a code block, its lines as written (check warns of it).
    ("Our aims:\n\n    - listen\n    - act", "<p>Our aims:</p>\n<pre><code>- listen\n- act\n</code></pre>"),
    ("- a\n  1) under it", "<ul>\n<li>a\n<ol>\n<li>under it</li>\n</ol>\n</li>\n</ul>"),
    ("- x\ncontinued lazily\n- y", "<ul>\n<li>x\ncontinued lazily</li>\n<li>y</li>\n</ul>"),
    ("Line one  \nline two", "<p>Line one<br>\nline two</p>"),
    ("**Bold**, *italic*, `code` and [a link](https://example.org).", '<p><strong>Bold</strong>, <em>italic</em>, <code>code</code> and <a href="https://example.org" rel="noopener noreferrer">a link</a>.</p>'),
    ("> A quotation.", "<blockquote>\n<p>A quotation.</p>\n</blockquote>"),
    # A rule between parts, written ***, --- or ___ on a line of its own, as the preview draws it.
    ("Part one.\n\n***\n\nPart two.\n\n- - -", "<p>Part one.</p>\n<hr>\n<p>Part two.</p>\n<hr>"),
    ("One paragraph.\n\nAnother.", "<p>One paragraph.</p>\n<p>Another.</p>"),
    ("Line one\\\nline two", "<p>Line one<br>\nline two</p>"),
    ("Papers at https://example.org/papers or www.example.org.", '<p>Papers at <a href="https://example.org/papers" rel="noopener noreferrer">https://example.org/papers</a> or <a href="http://www.example.org" rel="noopener noreferrer">www.example.org</a>.</p>'),
    ("Write to cluster@example.org.", '<p>Write to <a href="mailto:cluster@example.org" rel="noopener noreferrer">cluster@example.org</a>.</p>'),
    ("Review ~~2025~~ 2026, not H~2~O.", "<p>Review <del>2025</del> 2026, not H~2~O.</p>"),
    # A heading in a text is a bold line: the document's own headings make its outline.
    ("## Our aims\nTo listen.", "<p><strong>Our aims</strong></p>\n<p>To listen.</p>"),
]


@pytest.mark.parametrize(("text", "html"), PREVIEWED, ids=[text.split("\n")[0][:24] for text, _ in PREVIEWED])
def test_markdown_prints_as_the_preview_shows_it(text: str, html: str) -> None:
    assert str(to_html(text)).strip() == html


@pytest.mark.parametrize("marker", [".", ")"])
def test_a_line_of_a_paragraph_starting_with_a_number_stays_in_the_paragraph(marker: str) -> None:
    """CommonMark: only a list numbered from 1, or a bulleted one, interrupts a paragraph."""
    text = f"Not to take effect before 31 March\n2027{marker} A practice may withdraw."
    assert str(to_html(text)).strip() == f"<p>Not to take effect before 31 March\n2027{marker} A practice may withdraw.</p>"
    # The same in a list item: a line of it, not a list inside it.
    item = f"- The practice opened in\n  2006{marker} It then grew.\n- Another"
    assert str(to_html(item)).strip() == f"<ul>\n<li>The practice opened in\n2006{marker} It then grew.</li>\n<li>Another</li>\n</ul>"


def test_a_less_than_sign_in_prose_is_no_html() -> None:
    assert problems("(£18,750 < the £20,000 limit)") == [] and problems("costs <the limit, say") == []
    assert problems("We agree <b>now</b>.") == [("HTML (<b>) is shown as text, not used", "<b")]


def test_an_html_comment_which_prints_as_text_is_a_problem() -> None:
    text = "Ask jo.bloggs@<!-- -->example.org"
    assert problems(text) == [("an HTML comment (<!-- -->) is shown as text, not hidden: take it out, or write what it says", "<!--")]
    assert "&lt;!-- --&gt;" in str(to_html(text))  # as the problem says


def test_a_table_which_prints_as_text_is_a_problem_at_its_header_row() -> None:
    text = "Our targets:\n\n| Measure | Target |\n| --- | ---: |\n| Visits | 85% |"
    assert problems(text) == [("a table is not printed as a table: its rows run together in one paragraph, | and all: write its rows as a list", "| Measure | Target |")]
    assert problems("Yes | No, as agreed.\n\n--- | ---") == []  # a table's rows have no blank line between


def test_text_indented_as_code_is_a_problem_at_its_first_line() -> None:
    message = "text indented four spaces or more, or between ``` lines, is printed as code, on lines of its own, as the preview shows it: if it is text, take the spaces or the ``` out"
    assert problems("Our aims:\n\n    - listen\n    - act") == [(message, "    - listen")]
    assert problems("Run:\n\n```\ninvoke build\n```") == [(message, "```")]
    assert problems("- a list\n    - nested at four") == []
    # Straight after a heading (a code block may follow any block but a paragraph).
    assert problems("## Aims\n    - listen") == [(message, "    - listen")]
    # At the code block's own first line, indented as it is: not at an item before it saying the same.
    assert problems("We will:\n- act\n\nTo do so:\n\n    - act") == [(message, "    - act")]


def test_a_link_definition_no_link_uses_is_a_problem() -> None:
    """``[Chair]: Jones`` is read as a link's definition, which is never shown."""
    assert problems("[Chair]: Jones\n\nThe meeting was quorate.") == [
        ("[Chair]: Jones is read as the address of a link, and is not shown: if it is text, put a backslash before its [", "[Chair]: Jones")
    ]
    assert "Jones" in str(to_html("\\[Chair]: Jones"))  # as the problem says
    assert problems("See [the plan][plan].\n\n[plan]: https://example.org/plan") == []


def test_a_number_a_list_prints_as_another_is_a_problem_at_its_line() -> None:
    """CommonMark numbers a list on from its first item: a year at the start of a wrapped
    line after item 2 prints as 3, its year lost."""
    text = "We will:\n1. agree the plan\n2. publish it by March\n2027. This is the target year."
    assert problems(text) == [
        ('"2027." at the start of this line is printed as the number 3: a numbered list counts on from its first item; '
         "if 2027 belongs to the sentence, write 2027\\. instead", "2027. This is the target year.")
    ]
    assert "2027. This is the target year" in str(to_html(text.replace("2027.", "2027\\.")))  # as the problem says
    assert problems("1. a\n1. b\n1. c") == [] and problems("3. a\n4. b") == [] and problems("0. zero\n1. one") == []  # numbered as meant


def test_markdown_in_a_text_that_takes_none_is_a_problem() -> None:
    """A decision's wording, a milestone's measure: printed as one paragraph, as written."""
    bold = "this text takes no Markdown: it is printed as written, so **bold** is printed with its stars: take them out"
    listed = "this text takes no Markdown: it is printed as one paragraph, so its list's lines run together: write it as sentences"
    assert plain_problems("The Team approved the minutes, with **two** changes.") == [(bold, "The Team approved the minutes, with **two** changes.")]
    assert plain_problems("Two changes:\n1. page 2\n2. page 3") == [(listed, "1. page 2")]
    assert plain_problems("The plan - pending funding:\n- publish it in May") == [(listed, "- publish it in May")]  # its line, not the dash before
    assert plain_problems("One plan.\n\nAnother paragraph.") == [("this text takes no Markdown: it is printed as one paragraph, its paragraphs run together: write it as one", "Another paragraph.")]
    # Prose that reads as it prints: a wrapped line starting with a year or a dash, a signature's blank.
    for prose in ("The Board approved the minutes of 15 February\n2024. The chair signed them.", "The plan\n- subject to funding -\nwas agreed", "Signed ________ Date ____"):
        assert plain_problems(prose) == [], prose


def test_a_list_whose_lines_yaml_joins_is_a_problem_and_one_it_keeps_is_not() -> None:
    message = (
        "this text's list is printed as one line: YAML joins the lines of a text written with > after its key, "
        "or without | after it, before Markdown reads them: write | after the key, and the text on the lines under it"
    )
    assert folded_list(("discussion: >", "  The Board agreed:", "  - to publish;", "  - to review."), "The Board agreed: - to publish; - to review.") == [(message, "- to publish;")]
    assert folded_list(("discussion:", "  The Board agreed", "  - to publish"), "The Board agreed - to publish") == [(message, "- to publish")]
    # A text of a list alone: its items joined into the first.
    assert folded_list(("actions: >", "  - write to practices", "  - book the room"), "- write to practices - book the room") == [(message, "- book the room")]
    # Items apart in a >, a literal |, and a wrapped year are printed as they read.
    assert folded_list(("discussion: >", "  The Board agreed:", "", "  - to publish;", "", "  - to review."), "The Board agreed:\n- to publish;\n- to review.") == []
    assert folded_list(("discussion: |  # note: see the minutes", "  The Board agreed:", "  - to publish;"), "The Board agreed:\n- to publish;\n") == []
    assert folded_list(("discussion: >", "  The budget ran to 31 March", "  2025. As the terms say"), "The budget ran to 31 March 2025. As the terms say") == []


def test_a_list_pasted_from_word_runs_into_the_line_before_it_and_is_a_problem() -> None:
    message = "this line runs into the line before it: Markdown marks a list's lines - or 1., not with a bullet, a letter, a Roman number, a number in brackets or a long dash: start it with - or 1."
    assert problems("Pasted from Word:\n•\tFirst bullet\n•\tSecond") == [(message, "•\tFirst bullet")]
    assert problems("Options:\na) one\nb) two") == [(message, "a) one")]
    assert problems("Aims:\ni. listen\nii. act") == [(message, "i. listen")]
    assert problems("The Board may:\n(a) co-opt members;\n(b) form groups.") == [(message, "(a) co-opt members;")]
    assert problems("Clause 4:\n(1) The chair\n(2) A deputy") == [(message, "(1) The chair")]
    assert problems("Under section 47\n(1) of the Act, and section 48\n(2) of it, the Board acts.") == []  # a clause's wrapped lines
    assert problems("The practices agreed:  \n(a) to share staff;  \n(b) to share rooms.") == []  # each on a line of its own
    assert problems("Agreed:\n– to publish\n– to review") == [(message, "– to publish")]
    # On a line of its own it is printed as written; an initial, an abbreviation or a letter wrapped to a line's start is no list.
    assert problems("Para one.\n\n• alone") == [] and problems("Presented by Dr\nA. Jones.") == []
    assert problems("See the handbook\np. 12 for details.") == [] and problems("options were a, b and\nc. The Board chose b.") == []
    assert problems("> Pasted:\n> • one") == [(message, "> • one")]  # in a quotation too
    # A dash or a bracketed number wrapped to a line's start, alone, is prose.
    assert problems("We met in May\n– a good meeting – and agreed.") == [] and problems("as section 3\n(2) of the terms says") == []
