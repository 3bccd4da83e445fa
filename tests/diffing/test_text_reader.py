"""The plain-text reader: encodings, page furniture, footnotes, light markup, and bytes that are
not text at all."""

from __future__ import annotations

import codecs
import random
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from diffing.errors import ReadError
from diffing.model import Document, Kind
from diffing.readers import _looks_binary, read_bytes
from diffing.readers.text import (
    _INLINE,
    _inline_matches,
    _is_furniture,
    decode,
    parse_inline,
    read_text,
)
from tests.helpers import corpus


def _shape(document: Document) -> list[tuple[str, str, str | None, str, tuple[str, ...]]]:
    return [
        (p.id, str(p.kind), p.number, p.text, tuple(r.footnote_id for r in p.footnotes))
        for p in document.paragraphs
    ]


def _cp1252_safe(text: str) -> str:
    """cp1252 has ¹ ² ³ but no ⁴ … ⁹: write those markers the other way the corpus does."""
    for digit, superscript in zip("0456789", "⁰⁴⁵⁶⁷⁸⁹", strict=True):
        text = text.replace(superscript, "^{" + digit + "}")
    return text


def _junk(seed: int) -> bytes:
    generator = random.Random(seed)
    return bytes(generator.randrange(256) for _ in range(4000))


ENCODINGS = [
    ("utf-8-bom", lambda t: codecs.BOM_UTF8 + t.encode("utf-8")),
    ("utf-16-bom", lambda t: t.encode("utf-16")),
    ("utf-16-le", lambda t: t.encode("utf-16-le")),
    ("utf-16-be", lambda t: t.encode("utf-16-be")),
    ("cp1252", lambda t: t.encode("cp1252")),
    ("utf-8-crlf", lambda t: t.replace("\n", "\r\n").encode("utf-8")),
]


@pytest.mark.parametrize("path", [corpus.COP_11_6, corpus.CND_L4_DRAFT], ids=lambda p: p.stem)
@pytest.mark.parametrize(("name", "encode"), ENCODINGS, ids=[e[0] for e in ENCODINGS])
def test_same_document_in_every_encoding(path, name, encode) -> None:  # type: ignore[no-untyped-def]
    text = _cp1252_safe(path.read_text(encoding="utf-8"))
    expected = read_text(text.encode("utf-8"), path.name)
    document = read_text(encode(text), path.name)
    assert _shape(document) == _shape(expected)
    assert document.footnotes == expected.footnotes
    assert document.metadata == expected.metadata
    assert document.count(Kind.OPERATIVE) > 10
    assert not any("\ufffd" in p.text for p in document.paragraphs)


def test_cp1252_text_that_is_not_utf8() -> None:
    data = "The General Assembly,\n\n1. Welcomes the “Caf\xe9” report – again;\n".encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    document = read_text(data, "x.txt")
    assert document.paragraph("OP1").text == "Welcomes the “Café” report – again;"


@pytest.mark.parametrize(
    "data",
    [_junk(seed) for seed in range(5)]
    + [
        b"\x00" * 500,
        b"\x7fELF\x02\x01\x01\x00" + b"\x00\x01\x02\x03" * 200,
        b"abc\x00def\x00" * 100,
    ],
    ids=lambda d: f"{len(d)}bytes",
)
def test_binary_junk_is_not_a_text_document(data: bytes) -> None:
    with pytest.raises(ReadError, match="not a text document") as caught:
        read_text(data, "junk.txt")
    assert "\n" not in str(caught.value)
    assert str(caught.value).startswith("junk.txt: ")


@pytest.mark.parametrize("seed", range(3))
def test_binary_junk_through_the_dispatcher_is_one_line(seed: int) -> None:
    data = _junk(seed)
    with pytest.raises(ReadError) as caught:
        read_bytes(data, "junk.bin")
    assert "\n" not in str(caught.value)
    assert "junk.bin" in str(caught.value)


@pytest.mark.parametrize("data", [b"", b"   \n\n \t\n", codecs.BOM_UTF8, "\ufeff  \n".encode()])
def test_empty_text_is_refused(data: bytes) -> None:
    with pytest.raises(ReadError, match="empty"):
        read_bytes(data, "empty.txt")


def test_decode_keeps_a_leading_bom_out_of_the_text() -> None:
    assert decode(codecs.BOM_UTF8 + b"Text", "x.txt") == "Text"
    assert decode("Text".encode("utf-16"), "x.txt") == "Text"


PRINTED = """\
E/CN.7/2099/L.9

The Commission on Narcotic Drugs,

Recalling its resolution 60/2,¹ in which it invited Member States to continue to provide, upon
request, scientific evidence-

V.99-01234 (E)

*9901234*

Please recycle

E/CN.7/2099/L.9

2

¹ United Nations, Treaty Series, vol. 1582,
No. 27627.

based assistance to the States most affected,

1. *Decides* to remain seized of the matter.
"""


def test_page_furniture_and_footnotes_leave_the_paragraph_whole() -> None:
    document = read_text(PRINTED.encode(), "printed.txt")
    assert [p.id for p in document.paragraphs] == ["opening", "PP1", "OP1"]
    assert document.paragraph("PP1").text == (
        "Recalling its resolution 60/2, in which it invited Member States to continue to provide, "
        "upon request, scientific evidence-based assistance to the States most affected,"
    )
    assert [f.text for f in document.footnotes] == [
        "United Nations, Treaty Series, vol. 1582, No. 27627."
    ]
    (ref,) = document.paragraph("PP1").footnotes
    assert document.paragraph("PP1").text[: ref.offset].endswith("resolution 60/2,")
    assert document.metadata.symbol == "E/CN.7/2099/L.9"


# each kind of page furniture as its own pattern, as the reader once asked them in turn
_FURNITURE_KINDS = [
    re.compile(r"^(?:[A-Z]{1,2}\.)?\d{2}-\d{4,6}(?:\s*\([A-Z]\))?(?:\s+\d{6}){0,2}$"),
    re.compile(r"^\*\d{6,}\*$"),
    re.compile(r"^(?:♲\s*)?Please\s+recycle(?:\s*♲)?$", re.I),
    re.compile(r"^(?:Page\s+)?\d{1,3}(?:\s*(?:/|of)\s*\d{1,3})?$", re.I),
    re.compile(r"^[-–]\s*\d{1,3}\s*[-–]$"),
    re.compile(r"^[_–—=*-]{5,}$"),
]
_FURNITURE_LINES = [
    "V.22-01234 (E)",
    "25-16535 (E)  120925  150925",
    "*2516535*",
    "Please recycle ♲",
    "PLEASE  RECYCLE",
    "Page 3 of 12",
    "page 7",
    "12",
    "3/20",
    "- 4 -",
    "– 12 –",
    "_____",
    "----------",
    "=====",
    "*****",
    "V.22-01234 (E) text",
    "1234",
    "Page",
    "- 4",
    "____",
    "Please recycle this",
    "The General Assembly,",
    "",
]


@given(st.sampled_from(_FURNITURE_LINES) | st.text("V.-–_*=0123456789 ()EPageofPlsrcy♲/\t"))
def test_page_furniture_is_every_kind_and_only_those(line: str) -> None:
    expected = any(kind.match(line.strip()) for kind in _FURNITURE_KINDS)
    assert _is_furniture(line) == expected


@given(st.text("ab1234 .,;:”)*^{}[]()$\\_†‡¹²³⁴"))
def test_markup_is_looked_for_only_where_it_can_start_and_found_as_everywhere(source: str) -> None:
    # with plain-digit markers in the text, the digits are tried too (the first of each run);
    # without, digits glued to a word stay text
    everywhere = [(m.span(), m.lastgroup) for m in _INLINE.finditer(source)]
    found = [(m.span(), m.lastgroup) for m in _inline_matches(source, frozenset({"1"}))]
    assert found == everywhere
    found = [(m.span(), m.lastgroup) for m in _inline_matches(source, frozenset())]
    assert found == [(span, kind) for span, kind in everywhere if kind != "plain"]


@pytest.mark.parametrize(
    ("source", "text", "italic", "markers"),
    [
        ("*Encourages* Member States", "Encourages Member States", ["Encourages"], []),
        ("**Follow-up** to the", "Follow-up to the", [], []),
        ("resolution [70/1](#).", "resolution 70/1.", [], []),
        (" $E_{\\rm /CN.7/2022/L.4}$", " E/CN.7/2022/L.4", [], []),
        ("provisional agenda^{*}", "provisional agenda", [], [("*", 18)]),
        ("provisional agenda*", "provisional agenda", [], [("*", 18)]),
        ("of 1988,¹ in the", "of 1988, in the", [], [("1", 8)]),
        ("Drug Problem²³, the", "Drug Problem, the", [], [("23", 12)]),
        ("*Global Study 2020*,⁵ in", "Global Study 2020, in", ["Global Study 2020"], [("5", 18)]),
        ("changing *modi operandi* with", "changing modi operandi with", ["modi operandi"], []),
        ("costs $5 and $6 million", "costs $5 and $6 million", [], []),
        ("2 * 3 = 6", "2 * 3 = 6", [], []),
    ],
)
def test_inline_markup(source: str, text: str, italic: list[str], markers: list[object]) -> None:
    parsed = parse_inline(source)
    assert parsed.text == text
    assert [parsed.text[s.start : s.end] for s in parsed.italic] == italic
    assert list(parsed.markers) == markers


def test_plain_digit_footnotes_glued_to_words() -> None:
    text = (
        "The General Assembly,\n\n"
        "Recalling the Convention,1 the Protocols thereto2 and the COVID-19 response of 2020,\n\n"
        "1 United Nations, Treaty Series, vol. 2225.\n\n"
        "2 Ibid., vols. 2237 and 2241.\n\n"
        "1. Decides to act.\n"
    )
    document = read_text(text.encode(), "x.txt")
    pp = document.paragraph("PP1")
    assert pp.text == (
        "Recalling the Convention, the Protocols thereto and the COVID-19 response of 2020,"
    )
    assert [(r.footnote_id, pp.text[: r.offset][-10:]) for r in pp.footnotes] == [
        ("1", "onvention,"),
        ("2", "ls thereto"),
    ]
    assert [p.id for p in document.paragraphs] == ["opening", "PP1", "OP1"]


def test_digits_glued_to_words_without_a_footnote_body_stay_text() -> None:
    text = "The General Assembly,\n\n1. Welcomes the G77 position and BMS8 outcome.\n"
    document = read_text(text.encode(), "x.txt")
    assert document.paragraph("OP1").text == "Welcomes the G77 position and BMS8 outcome."


def test_the_same_marker_on_two_pages_points_to_its_own_page() -> None:
    text = (
        "The General Assembly,\n\n"
        "Recalling the first instrument,* and\n\n"
        "* First footnote.\n\n"
        "noting the second,\n\n"
        "1. Welcomes the second instrument.*\n\n"
        "* Second footnote.\n"
    )
    document = read_text(text.encode(), "x.txt")
    assert [(f.id, f.text) for f in document.footnotes] == [
        ("*", "First footnote."),
        ("*-2", "Second footnote."),
    ]
    assert [r.footnote_id for r in document.paragraph("PP1").footnotes] == ["*"]
    assert [r.footnote_id for r in document.paragraph("OP1").footnotes] == ["*-2"]
    assert (
        document.paragraph("PP1").text == "Recalling the first instrument, and noting the second,"
    )


def test_typos_of_the_original_stay() -> None:
    document = read_text(corpus.CND_L4_DRAFT.read_bytes(), corpus.CND_L4_DRAFT.name)
    assert "in accordance with domestic legislation, o mainstream a gender perspective" in (
        document.paragraph("OP9").text
    )
    assert document.paragraph("PP7").text.endswith("firearms and ammunition")
    assert "capacitybuilding" in document.paragraph("OP11").text


def test_a_footnote_cut_on_a_broken_word_goes_on_in_the_next_block() -> None:
    text = (
        "# Draft resolution\n\n"
        "The General Assembly,\n\n"
        "Recalling the Convention,¹ and\n\n"
        "¹ See https://www.example.org/a-very-long-\n\n"
        "address.html.\n\n"
        "noting the Protocol,\n\n"
        "1. Decides.\n"
    )
    document = read_text(text.encode(), "x.md")
    assert [(p.id, p.text) for p in document.paragraphs] == [
        ("opening", "The General Assembly,"),
        ("PP1", "Recalling the Convention, and noting the Protocol,"),
        ("OP1", "Decides."),
    ]
    assert [f.text for f in document.footnotes] == [
        "See https://www.example.org/a-very-long-address.html."
    ]


def test_markdown_heading_marks_are_not_text() -> None:
    text = "## Strengthening cooperation\n\nThe General Assembly,\n\n1. Decides.\n"
    document = read_text(text.encode(), "x.md")
    assert document.paragraph("title").text == "Strengthening cooperation"


def test_running_headers_inside_and_between_blocks() -> None:
    text = (
        "A/C.3/79/L.12/Rev.1\n\n"
        "The General Assembly,\n\n"
        "Recalling its resolutions on the matter and the\n"
        "A/C.3/79/L.12/Rev.1 2/5\n"
        "reports of the Secretary-General,\n\n"
        "3/5 A/C.3/79/L.12/Rev.1\n\n"
        "1. Decides to act.\n"
    )
    document = read_text(text.encode(), "x.txt")
    assert [(p.id, p.text) for p in document.paragraphs] == [
        ("opening", "The General Assembly,"),
        (
            "PP1",
            "Recalling its resolutions on the matter and the reports of the Secretary-General,",
        ),
        ("OP1", "Decides to act."),
    ]
    assert document.metadata.symbol == "A/C.3/79/L.12/Rev.1"


def test_a_lone_symbol_in_the_body_is_not_a_paragraph() -> None:
    text = "The General Assembly,\n\nRecalling,\n\nE/CN.7/2099/L.9\n\n1. Decides to act.\n"
    document = read_text(text.encode(), "x.txt")
    assert [p.id for p in document.paragraphs] == ["opening", "PP1", "OP1"]
    assert document.metadata.symbol == "E/CN.7/2099/L.9"


def _shape_without_source(document: Document) -> list[tuple[str, str, str | None, str]]:
    return [(p.id, str(p.kind), p.number, p.text) for p in document.paragraphs]


@pytest.mark.parametrize("path", corpus.RESOLUTIONS, ids=lambda p: p.stem)
@pytest.mark.parametrize("width", [55, 78, 100])
@pytest.mark.parametrize("blank_lines", [True, False], ids=["wrapped", "dense"])
def test_hard_wrapped_text_reads_like_the_original(path, width: int, blank_lines: bool) -> None:  # type: ignore[no-untyped-def]
    """The same resolution wrapped at a fixed width, with or without blank lines between its
    paragraphs (footnotes then sit between the lines of the text), reads the same."""
    import textwrap

    source = path.read_text(encoding="utf-8")
    blocks = [block for block in source.split("\n\n") if block.strip()]
    separator = "\n\n" if blank_lines else "\n"
    wrapped = separator.join(textwrap.fill(block, width) for block in blocks)
    assert max(len(line) for line in wrapped.splitlines()) <= width
    expected = read_text(source.encode(), path.name)
    document = read_text(wrapped.encode(), path.name)
    assert _shape_without_source(document) == _shape_without_source(expected)
    assert document.footnotes == expected.footnotes
    assert document.metadata == expected.metadata


def test_one_line_per_paragraph_without_blank_lines() -> None:
    """Text saved from Word: every paragraph on one line, nothing in between."""
    text = "\n".join(
        [
            "United Nations A/C.3/79/L.12/Rev.1",
            "General Assembly Distr.: Limited",
            "12 November 2024",
            "Original: English",
            "Seventy-ninth session",
            "Third Committee",
            "Agenda item 27 (a)",
            "Social development: social development, including questions relating to the world "
            "social situation and to youth, ageing, disabled persons and the family",
            "Albania, Argentina and Zambia: revised draft resolution",
            "Policies and programmes involving youth",
            "The General Assembly,",
            "Recalling its resolution 77/1,",
            "1. Decides to remain seized of the matter.",
        ]
    )
    document = read_text(text.encode(), "x.txt")
    assert [(p.id, p.text) for p in document.paragraphs] == [
        ("title", "Policies and programmes involving youth"),
        ("opening", "The General Assembly,"),
        ("PP1", "Recalling its resolution 77/1,"),
        ("OP1", "Decides to remain seized of the matter."),
    ]
    metadata = document.metadata
    assert metadata.symbol == "A/C.3/79/L.12/Rev.1"
    assert metadata.sponsors == "Albania, Argentina and Zambia: revised draft resolution"
    assert metadata.session == "Seventy-ninth session"
    assert metadata.agenda_item == (
        "Agenda item 27 (a): Social development: social development, including questions "
        "relating to the world social situation and to youth, ageing, disabled persons and the "
        "family"
    )
    assert metadata.distribution == "Limited"
    assert metadata.date == "12 November 2024"
    assert metadata.status == "draft"


GA_DRAFT_WITH_CLOSING_DATE = """United Nations A/C.3/79/L.12

General Assembly Distr.: Limited
1 November 2024

Mexico and Peru: draft resolution

Promoting social inclusion

The General Assembly,

Recalling its resolution 78/1,

1. Decides to continue;

35th plenary meeting
12 December 2024
"""


def test_symbol_digits_and_a_closing_date_are_not_footnotes() -> None:
    document = read_text(GA_DRAFT_WITH_CLOSING_DATE.encode(), "ga.txt")
    assert document.metadata.symbol == "A/C.3/79/L.12"
    assert document.footnotes == ()
    closing = [p.text for p in document.paragraphs if p.kind is Kind.CLOSING]
    assert closing == ["35th plenary meeting", "12 December 2024"]


def test_a_cp1252_line_pasted_into_utf8_text_reads_in_its_own_encoding() -> None:
    data = (
        "The Commission on Narcotic Drugs,\n\nRecalling “Our joint commitment”,\n\n".encode()
        + "1. Decides that the \x93Vienna\x94 text stands;\n".encode("latin-1")
    )
    document = read_text(data, "mixed.txt")
    assert [p.text for p in document.paragraphs][-2:] == [
        "Recalling “Our joint commitment”,",
        "Decides that the “Vienna” text stands;",
    ]


def test_stray_control_characters_are_dropped_from_the_text() -> None:
    data = b"The General Assembly,\n\nRecalling its resolution\x07 78/1,\n\n1. Decides\x1b;\n"
    document = read_text(data, "ctl.txt")
    assert [p.text for p in document.paragraphs][-2:] == [
        "Recalling its resolution 78/1,",
        "Decides;",
    ]


_PLAIN = b"The General Assembly,\n\n1. Decides to act.\n" * 400


@pytest.mark.parametrize(
    "data",
    [
        _PLAIN + b"\x00" * len(_PLAIN),  # text first, NULs after the part a sniff looks at
        b"\x00" * len(_PLAIN) + _PLAIN,
        bytes(byte if index % 4 < 2 else 0 for index, byte in enumerate(_PLAIN)),
    ],
    ids=["text-then-nul", "nul-then-text", "nul-pairs"],
)
@pytest.mark.parametrize("name", ["half.txt", "half.docx", "half.pdf", "half.dat", "half"])
def test_a_file_half_of_nul_bytes_is_binary_not_text(data: bytes, name: str) -> None:
    # The content decides, whatever the file's name says.
    with pytest.raises(ReadError) as raised:
        read_bytes(data, name)
    message = str(raised.value)
    assert message == f"{name}: is not a text, Word (.docx) or PDF document (binary content)."


def test_utf16_text_with_its_nul_bytes_still_reads() -> None:
    document = read_bytes(_PLAIN.decode().encode("utf-16-le"), "utf16.txt")
    assert document.paragraph("OP1").text == "Decides to act."


@given(st.lists(st.sampled_from([b"a", b" ", b"\t", b"\n", b"\x0c", b"\x1a", b"\x01", b"\x1b"])))
def test_a_file_of_control_bytes_is_binary_whatever_text_lies_around_them(
    pieces: list[bytes],
) -> None:
    data = b"".join(pieces)
    # more than one control byte in twenty (tab, line breaks, form feed, Ctrl-Z and NUL aside)
    # is no text; the file is refused as binary with a one-line error
    sample = (b"Recalling its resolution 79/1,\n" + data)[:8192]
    controls = sum(1 for byte in sample if byte < 0x20 and byte not in b"\t\n\r\x0c\x0b\x1a\x00")
    if sample.count(0) == 0:
        assert _looks_binary(sample) == (controls * 20 > len(sample))
