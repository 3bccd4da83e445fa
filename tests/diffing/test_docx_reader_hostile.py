"""Hostile and broken Word files: each is refused with one clear line, quickly, and nothing in
them is expanded, fetched or run."""

from __future__ import annotations

import io
import struct
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from diffing.errors import ReadError
from diffing.model import Document
from diffing.readers import read_document, safezip
from diffing.readers.docx import read_docx
from diffing.readers.safezip import hardened_parser, parse_xml
from diffing.readers.text import read_text
from tests.helpers import corpus
from tests.helpers.docx_builder import MACRO_MAIN_TYPE, build_docx, build_raw_docx, wrap

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE w:document [\n <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
        for i in range(1, 10)
    )
    + "]>\n"
    + f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>'
    "</w:body></w:document>"
)

XXE = (
    '<?xml version="1.0"?>\n<!DOCTYPE w:document [ <!ENTITY secret SYSTEM "file:///etc/passwd">'
    ' <!ENTITY remote SYSTEM "http://192.0.2.1/steal"> ]>\n'
    f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&secret;&remote;</w:t></w:r></w:p>'
    "</w:body></w:document>"
)


def _good() -> bytes:
    return build_docx(read_text(corpus.CND_60_2.read_bytes(), "60-2.txt"))


def _zip(entries: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def _patch_central(data: bytes, offset: int, fmt: str, value: int) -> bytes:
    """Overwrite one field of every central-directory entry (what zipfile trusts)."""
    out = bytearray(data)
    start = 0
    while (start := out.find(b"PK\x01\x02", start)) >= 0:
        struct.pack_into(fmt, out, start + offset, value)
        start += 4
    return bytes(out)


def _bomb() -> bytes:
    # 20 MB of one byte deflates to ~20 KB: a ratio no Word part has.
    return _zip(
        {
            "[Content_Types].xml": b"<Types/>",
            "word/document.xml": b" " * (20 * 1024 * 1024),
        }
    )


def _lying_sizes() -> bytes:
    # The central directory claims 100 bytes; the data expands to 2 MB.
    data = _zip({"[Content_Types].xml": b"x" * (2 * 1024 * 1024)})
    return _patch_central(data, 24, "<I", 100)


def _encrypted_entries() -> bytes:
    return _patch_central(_good(), 8, "<H", 0x1)


def _many_entries() -> bytes:
    return _zip({f"word/media/{i}.xml": b"" for i in range(safezip.MAX_ENTRIES + 1)})


def _bzip2() -> bytes:
    return _zip({"[Content_Types].xml": b"<Types/>"}, zipfile.ZIP_BZIP2)


def _duplicate_parts() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate we want
        archive.writestr("word/document.xml", b"<a/>")
        archive.writestr("word/document.xml", b"<b/>")
    return out.getvalue()


def _xlsx() -> bytes:
    return _zip(
        {
            "[Content_Types].xml": (
                b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.'
                b'openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>'
            ),
            "_rels/.rels": (
                b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                b'relationships"><Relationship Id="rId1" Target="xl/workbook.xml" Type="http://'
                b'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
                b"</Relationships>"
            ),
            "xl/workbook.xml": b"<workbook/>",
        }
    )


def _without_document() -> bytes:
    source = zipfile.ZipFile(io.BytesIO(_good()))
    return _zip({n: source.read(n) for n in source.namelist() if n != "word/document.xml"})


def _broken_part() -> bytes:
    source = zipfile.ZipFile(io.BytesIO(_good()))
    entries = {n: source.read(n) for n in source.namelist()}
    entries["word/numbering.xml"] = entries["word/numbering.xml"][:-40]
    return _zip(entries)


def _deep_nesting() -> bytes:
    nested = "<w:sdt><w:sdtContent>" * 3000 + "</w:sdtContent></w:sdt>" * 3000
    return build_raw_docx(nested)


def _control_characters() -> bytes:
    return build_raw_docx("<w:p><w:r><w:t>bad \x01\x02 text</w:t></w:r></w:p>")


def _dtd_in_styles() -> bytes:
    return build_raw_docx(
        "<w:p/>", parts={"styles": XXE.replace("w:document", "w:styles").replace("w:body", "w:x")}
    )


HOSTILE: dict[str, tuple[Callable[[], bytes], tuple[str, ...]]] = {
    "truncated zip": (lambda: _good()[: len(_good()) // 2], ("not a valid Word document",)),
    "zip header then junk": (lambda: b"PK\x03\x04" + bytes(range(256)) * 8, ("damaged",)),
    "broken XML part": (_broken_part, ("broken XML", "word/numbering.xml")),
    "zip bomb": (_bomb, ("zip bomb", "20 MB")),
    "sizes that lie": (_lying_sizes, ("damaged", "cannot be expanded")),
    "too many entries": (_many_entries, ("refused", "parts inside")),
    "encrypted zip entries": (_encrypted_entries, ("password-protected",)),
    "bzip2 compression": (_bzip2, ("compression",)),
    "duplicate parts": (_duplicate_parts, ("appears twice",)),
    "billion laughs": (
        lambda: build_raw_docx("", document_xml=BILLION_LAUGHS),
        ("refused", "DTD", "word/document.xml"),
    ),
    "external entities": (lambda: build_raw_docx("", document_xml=XXE), ("refused", "DTD")),
    "DTD in another part": (_dtd_in_styles, ("refused", "word/styles.xml")),
    "no word/document.xml": (_without_document, ("word/document.xml is missing",)),
    "plain zip": (lambda: _zip({"notes.txt": b"hello"}), ("zip archive", "not a Word document")),
    "Excel workbook": (_xlsx, ("Excel workbook",)),
    "OpenDocument text": (
        lambda: _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "c.xml": b""}),
        ("OpenDocument", ".docx"),
    ),
    "deep nesting": (_deep_nesting, ("not a valid Word document",)),
    "control characters in XML": (_control_characters, ("broken XML",)),
    "not WordprocessingML": (
        lambda: build_raw_docx("", document_xml="<html><body/></html>"),
        ("not WordprocessingML",),
    ),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_package_is_refused_with_one_clear_line(name: str) -> None:
    make, words = HOSTILE[name]
    with pytest.raises(ReadError) as caught:
        read_docx(make(), "attachment.docx")
    message = str(caught.value)
    assert message.startswith("attachment.docx: ")
    assert "\n" not in message
    for word in words:
        assert word in message


@pytest.mark.parametrize("name", ["truncated zip", "zip bomb", "billion laughs", "Excel workbook"])
def test_hostile_files_are_refused_when_opened_from_disk(name: str, tmp_path: Path) -> None:
    make, words = HOSTILE[name]
    path = tmp_path / "draft.docx"
    path.write_bytes(make())
    with pytest.raises(ReadError) as caught:
        read_document(path)
    assert "\n" not in str(caught.value)
    assert all(word in str(caught.value) for word in words)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", ("empty",)),
        (bytes(range(256)) * 40, ("not a text, Word (.docx) or PDF document",)),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512 + "WordDocument".encode("utf-16-le"),
            ("Word 97-2003", ".docx"),
        ),
    ],
    ids=["empty", "binary junk", "renamed .doc"],
)
def test_non_zip_files_named_docx(content: bytes, words: tuple[str, ...], tmp_path: Path) -> None:
    path = tmp_path / "resolution.docx"
    path.write_bytes(content)
    with pytest.raises(ReadError) as caught:
        read_document(path)
    assert "\n" not in str(caught.value)
    for word in words:
        assert word in str(caught.value)
    if content:
        with pytest.raises(ReadError, match="not a valid Word document"):
            read_docx(content, "resolution.docx")
    else:
        with pytest.raises(ReadError, match="empty"):
            read_docx(content, "resolution.docx")


def test_total_expanded_size_is_limited(monkeypatch: pytest.MonkeyPatch) -> None:
    data = _good()
    monkeypatch.setattr(safezip, "MAX_TOTAL_BYTES", 1024)
    with pytest.raises(ReadError, match=r"would expand to \d+ KB \(more than 1 KB\)"):
        read_docx(data, "big.docx")


def test_one_part_is_limited(monkeypatch: pytest.MonkeyPatch) -> None:
    data = _good()
    monkeypatch.setattr(safezip, "MAX_PART_BYTES", 2048)
    with pytest.raises(ReadError, match=r"refused: word/\S+ would expand to"):
        read_docx(data, "big.docx")


def test_hardened_parser_expands_no_entity_even_when_asked_directly() -> None:
    """The byte scan refuses DTDs first; the parser under it must not expand them either."""
    from lxml import etree

    for attack in (BILLION_LAUGHS, XXE):
        try:
            root = etree.fromstring(attack.encode(), parser=hardened_parser())
        except etree.XMLSyntaxError:
            continue  # libxml2 itself refusing (amplification limit) is as good
        serialised = etree.tostring(root)
        assert len(serialised) < 2000
        assert b"root:" not in serialised


def test_dtd_is_refused_in_any_encoding() -> None:
    for encoding in ("utf-16", "utf-16-le", "utf-16-be"):
        data = XXE.replace('version="1.0"', f'version="1.0" encoding="{encoding}"')
        with pytest.raises(ReadError, match="DTD"):
            parse_xml(data.encode(encoding), "x.docx", "word/document.xml")


def test_docm_is_read_as_text_and_its_macros_ignored() -> None:
    text = (
        "<w:p><w:r><w:t>The General Assembly,</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>1. Decides to act;</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>2. Requests a report.</w:t></w:r></w:p>"
    )
    data = build_raw_docx(
        text, main_type=MACRO_MAIN_TYPE, extra={"word/vbaProject.bin": b"Sub AutoOpen()"}
    )
    document = read_docx(data, "macro.docm")
    assert isinstance(document, Document)
    assert [(p.id, p.text) for p in document.paragraphs] == [
        ("opening", "The General Assembly,"),
        ("OP1", "Decides to act;"),
        ("OP2", "Requests a report."),
    ]


def test_unrelated_zip_parts_and_external_relationships_are_harmless() -> None:
    """Relationships pointing outside the package (links, ../ escapes) are never followed."""
    document_rels = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" TargetMode="External" Target="file:///etc/passwd" Type="http://'
        'schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"/>'
        '<Relationship Id="rId2" Target="../../../etc/passwd" Type="http://schemas.openxmlformats'
        '.org/officeDocument/2006/relationships/numbering"/></Relationships>'
    )
    data = build_raw_docx(
        "<w:p><w:r><w:t>Text</w:t></w:r></w:p>", parts={"styles": wrap("styles", "")}
    )
    source = zipfile.ZipFile(io.BytesIO(data))
    entries = {n: source.read(n) for n in source.namelist()}
    entries["word/_rels/document.xml.rels"] = document_rels.encode()
    document = read_docx(_zip(entries), "links.docx")
    assert [p.text for p in document.paragraphs] == ["Text"]
