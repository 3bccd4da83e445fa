"""The generated Word parts are written as text (`exporters._xml`): every character reads back as
it was written, and the bytes are those lxml writes for the same tree. (That a text comparison
exported to Word does not load lxml is checked on the command, in test_cli_startup.py.)"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from diffing.compare import compare
from diffing.model import Comment, Kind
from diffing.readers import read_document
from exporters import render
from exporters._redline import sanitize
from exporters._xml import XmlWriter, escape
from tests.exporters.cases import by_id, doc, para

NS = "urn:example"

# every kind of character a resolution's text or an attribute value can hold: markup
# characters, whitespace that XML normalises, quotes, Latin-1, RTL, CJK, look-alikes, astral
SAMPLES = [
    "plain",
    "a & b < c > d",
    "he said \"no\" and 'yes'",
    "tab\there, line\nthere, return\rthere",
    "]]> and &amp; already escaped",
    "¶ § « » – — … € ü ß",
    "يطلب إلى الأمين العام",
    "请秘书长",
    "non\u2011governmental\u00a0text\u00ad\u200b\ufeff",
    "\U0001f600 \U00010000",
    "".join(chr(c) for c in range(0x20, 0x7F)),
    "\x7f\x85\u2028\u2029\ufffd",
]


def _lxml_bytes(root: etree._Element) -> bytes:
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return data


@pytest.mark.parametrize("text", SAMPLES)
def test_text_and_attributes_read_back_exactly_and_as_lxml_writes_them(text: str) -> None:
    x = XmlWriter("e")
    x.root("doc", {"e": NS})
    x.element("t", text, val=text, **{"xml:space": "preserve"})
    x.end("doc")
    written = x.to_bytes()

    root = etree.fromstring(written)
    t = root[0]
    assert t.text == text
    assert t.get(f"{{{NS}}}val") == text

    tree = etree.Element(f"{{{NS}}}doc", nsmap={"e": NS})
    same = etree.SubElement(tree, f"{{{NS}}}t", {f"{{{NS}}}val": text})
    same.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    same.text = text
    assert written == _lxml_bytes(tree)


@pytest.mark.parametrize("text", SAMPLES)
def test_a_runs_text_element_is_what_lxml_writes(text: str) -> None:
    x = XmlWriter("w")
    x.root("r", {"w": NS})
    x.preserved("t", text)
    x.preserved("delText", text)
    x.end("r")

    tree = etree.Element(f"{{{NS}}}r", nsmap={"w": NS})
    for tag in ("t", "delText"):
        same = etree.SubElement(tree, f"{{{NS}}}{tag}")
        same.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        same.text = text
    assert x.to_bytes() == _lxml_bytes(tree)


def test_escape_covers_markup_and_normalised_whitespace() -> None:
    assert escape('<a & "b">\t\n\r') == '&lt;a &amp; "b"&gt;\t\n&#13;'
    assert escape('<a & "b">\t\n\r', attribute=True) == (
        "&lt;a &amp; &quot;b&quot;&gt;&#9;&#10;&#13;"
    )


def test_structure_matches_lxml_empty_elements_default_namespace_and_attribute_order() -> None:
    x = XmlWriter()
    x.root("Types", {"": NS})
    x.empty("Default", Extension="rels", ContentType="a/b")
    x.start("Group", b="2", a="1")
    x.element("Empty", "")
    x.empty("Leaf")
    x.end("Group")
    x.end("Types")

    tree = etree.Element(f"{{{NS}}}Types", nsmap={None: NS})
    etree.SubElement(tree, f"{{{NS}}}Default", Extension="rels", ContentType="a/b")
    group = etree.SubElement(tree, f"{{{NS}}}Group", b="2", a="1")
    etree.SubElement(group, f"{{{NS}}}Empty").text = ""
    etree.SubElement(group, f"{{{NS}}}Leaf")
    assert x.to_bytes() == _lxml_bytes(tree)


def _rich_comparison():  # type: ignore[no-untyped-def]
    """Footnotes, comments, RTL, markup characters, tabs, an empty paragraph, a move."""
    old = doc(
        para("title", 'Cooperation & "trust" <draft>', Kind.TITLE),
        para("PP1", "Recalling its resolution 9/1,", Kind.PREAMBULAR, italic=9),
        para("OP1", "Welcomes the report\tof the Secretary-General;", notes=(("1", 10),)),
        para("OP2", "يطلب إلى الأمين العام أن يقدم تقريرا؛"),
        para("OP3", "Decides to remain seized of the matter."),
        footnotes={"1": "See A/80/1 & Corr.1."},
        sponsors="Argentina, Brazil and Chile",
    )
    new = doc(
        para("title", 'Cooperation & "trust" <final>', Kind.TITLE),
        para("PP1", "Recalling also its resolution 9/1,", Kind.PREAMBULAR, italic=9),
        para("OP1", "Decides to remain seized of the matter."),
        para("OP2", "Welcomes the report\tof the Secretary-General;", notes=(("1", 10),)),
        para("OP3", "يطلب إلى الأمين العام أن يقدم تقريرا شاملا؛"),
        footnotes={"1": "See A/80/1 and Corr.1 <rev>."},
        sponsors="Argentina, Brazil, Chile and Uruguay",
    )
    return by_id(old, new)


def _example_comparison():  # type: ignore[no-untyped-def]
    """The bundled example, COP 10/2 -> 11/6: moves, splits, renumbering, restyled marks."""
    examples = Path(__file__).resolve().parents[2] / "resources" / "examples"
    return compare(
        read_document(examples / "cop-10-2-draft.txt"), read_document(examples / "cop-11-6.txt")
    )


@pytest.mark.parametrize("fmt", ["docx", "table"])
@pytest.mark.parametrize("make", [_rich_comparison, _example_comparison])
def test_every_generated_part_is_what_lxml_writes_for_its_tree(fmt: str, make) -> None:  # type: ignore[no-untyped-def]
    comparison = make()
    comments = (Comment("OP1", "new", 'A & "B"', "Agreed <ad ref>.\nSecond line\tend"),)
    data = render(comparison, fmt, author="Tester & Co", date="2024-03-18", comments=comments)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        names = archive.namelist()
        if fmt == "docx":
            assert "word/footnotes.xml" in names and "word/comments.xml" in names
        for name in names:
            part = archive.read(name)
            # parsed and written again by lxml: the same bytes, so nothing was left unescaped,
            # unclosed or declared twice
            assert _lxml_bytes(etree.fromstring(part)) == part, name


@pytest.mark.parametrize(
    ("text", "children"),
    [
        ("", []),
        ("Urges", ["t"]),
        ("5.\tUrges", ["t", "tab", "t"]),
        ("\t", ["tab"]),
        ("line one\nline two\n", ["t", "br", "t", "br"]),
        ("\n\t", ["br", "tab"]),
    ],
)
@pytest.mark.parametrize("styled", [False, True])
def test_a_run_writes_tabs_and_line_breaks_as_word_elements(
    text: str, children: list[str], styled: bool
) -> None:
    from exporters import _ooxml as ox

    x = ox.wml("p")
    ox.run(x, text, italic=styled)
    x.end("p")
    run = etree.fromstring(x.to_bytes())[0]
    names = [etree.QName(child).localname for child in run]
    assert names == (["rPr"] if styled else []) + children
    visible = "".join(child.text or "" for child in run.iter(ox.w("t")))
    assert visible == text.replace("\t", "").replace("\n", "")


def test_sanitize_removes_exactly_what_xml_forbids_and_cr() -> None:
    # XML 1.0 allows TAB, LF, CR, U+0020-U+D7FF, U+E000-U+FFFD and beyond the BMP; the exports
    # drop CR too. Every character of the Basic Multilingual Plane and some beyond, one by one
    # and inside printable text.
    allowed = re.compile("[\t\n\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
    for code in [*range(0x10000), 0x10000, 0x1F600, 0x10FFFF]:
        char = chr(code)
        kept = allowed.fullmatch(char) is not None and char != "\r"
        assert sanitize(char) == (char if kept else ""), hex(code)
        assert sanitize(f"Urges {char} States") == f"Urges {char if kept else ''} States"
