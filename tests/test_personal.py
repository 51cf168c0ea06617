"""Contact details found in text however they are written, and nothing else taken for one."""

from __future__ import annotations

import pytest

from govpack.checking.personal import Directory, details


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("For urgent items call Gwen on 07700 900123.", ["07700900123"]),
        ("Ring Gwen on 07700 900123 24 hours a day", ["07700900123"]),
        ("Telephone: 07700 900123\n12 March meeting", ["07700900123"]),
        ("Call 01632 960001 2024 onwards", ["01632960001"]),
        ("07700\u00a0900123 and 07700\u202f900124", ["07700900123", "07700900124"]),
        ("01970\u2013623811, 07700\u2011900123, 01632.960.001", ["01970623811", "07700900123", "01632960001"]),
        ("Tel.01632 960001", ["01632960001"]),
        ("(+44) 7700 900123; +44-7700-900124; +44 (0)7700 900125; 0044 7700 900126", ["07700900123", "07700900124", "07700900125", "07700900126"]),
        ("+44 20 7946 0000, 020 7946 0001, (01632) 960000, 0800 123 4567", ["02079460000", "02079460001", "01632960000", "08001234567"]),
        ("a number broken across lines in a PDF: 07700 900\r\n123", ["07700900123"]),
        ("Slash 07700/900125; spaced dash 07700 \u2013 900128; 0163/296/1201", ["07700900125", "07700900128", "01632961201"]),
        ("Markdown emphasis: _07700 900124_ and __01632 960111__", ["07700900124", "01632960111"]),
        ("Unseen characters: jo@exa\u00admple.org, 0770\u200b0 900123", ["jo@example.org", "07700900123"]),
        ("Email Anna.Price@Example.org.", ["anna.price@example.org"]),
        ("NHS number 943 476 5919, 943476\n5919, 943\u00a0476\u00a05919", ["9434765919"]),
        ("Write to jo [at] example [dot] org, Sam(at)Example.org or gwen at example dot co dot uk", ["jo@example.org", "sam@example.org", "gwen@example.co.uk"]),
        ("Or jo @ example . org, or mo [@] example [.] wales", ["jo@example.org", "mo@example.wales"]),
        ("Full width: \uff10\uff17\uff17\uff10\uff10 \uff19\uff10\uff10\uff11\uff12\uff13, jo\uff20example.org", ["07700900123", "jo@example.org"]),
    ],
)
def test_a_detail_is_found_however_it_is_written(text: str, found: list[str]) -> None:
    assert list(dict.fromkeys(detail.key for detail in details(text))) == found


@pytest.mark.parametrize(
    "text",
    [
        "Version 2.1 of 2026-03-12, approved 12 March 2026 at 09:30.",
        "Practice W91234, £1,234,567 over 2024-2027, 10 to 12 members, 32000 patients.",
        "On 01 04 2024 14 30 the board met; v1.05 2026-03-12.",
        "See ISBN 1861972717 and ISBN: 0306406152.",  # an ISBN-10 passes the NHS number's check
        "Call 999 in an emergency, or 111 for advice; postcode SA48 7ED.",
        "Ffoniwch y feddygfa. Cyfarfod ar 12 Mawrth 2026 am 14:00 yn ystafell 2.",
        "Sort code 12-34-56, account 12345678.",
        "Dates 01/02/2026, 1/2/26 and 2026/27; open 0800-1830; practice C82101.",
        "Ask at reception.org, meet at 10 dot 30, look at the website (at) home.",
        "Staff at reception dot every i and cross every t. Find us at example.org. Done at home. Org charts follow.",
        "Anfonwch at y clerc, a dewch at y bwrdd.",
    ],
)
def test_figures_of_governance_text_are_not_taken_for_details(text: str) -> None:
    assert details(text) == []


def test_a_persons_own_detail_is_found_inside_other_text_and_never_declared_public() -> None:
    directory = Directory({"07700900123": "Gwen Jones's phone", "gwen@example.org": "Gwen Jones's email"}, {"07700900123", "01632960000"})
    found = {detail.key: whose for detail, whose in directory.undeclared("Ref 9907700900123, GWEN@EXAMPLE.ORG, switchboard 01632 960000")}
    assert found == {"07700900123": "Gwen Jones's phone", "gwen@example.org": "Gwen Jones's email"}


def test_a_declared_contact_may_carry_words_beside_it() -> None:
    directory = Directory.of({"publication_scheme": {"contact": "foi@example.org", "public_contacts": ["01632 960000 (option 2)"]}, "people": {}}, {})
    assert list(directory.undeclared("Ring 01632 960 000, option 2, or write to FOI@example.org.")) == []


@pytest.mark.parametrize("text", ["jo@example\\.org", "jo&#64;example.org", "call 07700&nbsp;900123", "ask jo.**bloggs**@example.org", "call 0770*0* 900123", "ask `jo@example.org`", "call 0770[0 900123](https://example.org)", "ask jo.[bloggs](https://example.org)@example.org", "ask jo.bloggs@_example_.org", "call <tel:07700> 900123", "call 07700\\\n900123"])
def test_what_markdown_shows_is_read_as_shown(text: str) -> None:
    """Backslash escapes, character references, emphasis and code marks, links: check sees
    what the page will show."""
    assert [detail.kind for detail, _ in Directory().undeclared(text)] in (["email address"], ["telephone number"])
