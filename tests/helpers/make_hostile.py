"""Test helper: builds the hostile-input corpus in tests/data/hostile/ (deterministically).

Run `python -m tests.helpers.make_hostile` to regenerate the files and `manifest.json`; the same
bytes come out every time (fixed seeds, fixed zip timestamps, no LibreOffice). Each entry of the
manifest says what reading the file must give: `"error"` with a fragment of the one-line message,
`"document"` (reading is legitimate: a .docm, an owner-password PDF, odd encodings), and `"why"`.
The 100 MB text file is not committed; the tests make it in a temporary folder.

Also home of the tiny PDF writer the tests use for PDFs LibreOffice cannot make on purpose (no text
layer, 2,000 pages, encryption, a decompression bomb).
"""

from __future__ import annotations

import hashlib
import io
import json
import random
import struct
import zipfile
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

HOSTILE = Path(__file__).resolve().parent.parent / "data" / "hostile"
MANIFEST = HOSTILE / "manifest.json"
_DATE = (2022, 3, 18, 12, 0, 0)


# --- a tiny PDF writer -----------------------------------------------------------------------


def pdf_file(objects: Sequence[bytes], trailer: bytes = b"") -> bytes:
    """A PDF file of `objects` (object 1 is the catalog), with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        trailer,
        xref,
    )
    return bytes(out)


def _stream(content: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(content), extra) + content + b"\nendstream"


def _pdf_text(text: str) -> bytes:
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return escaped.encode("latin-1")


def _text_content(lines: Sequence[str], size: float = 11.0) -> bytes:
    parts = [b"BT /F1 %.1f Tf 14 TL 72 760 Td" % size]
    for line in lines:
        parts.append(b"(" + _pdf_text(line) + b") Tj T*")
    parts.append(b"ET")
    return b"\n".join(parts)


_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman /Encoding /WinAnsiEncoding >>"
_RESOURCES = b"/Resources << /Font << /F1 3 0 R >> >> /MediaBox [0 0 595 842]"


def text_pdf(lines: Sequence[str], pages: int = 1, *, compress: bool = False) -> bytes:
    """A plain PDF with `lines` of Times-Roman text on each of `pages` pages."""
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(pages)).encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d " % pages + _RESOURCES + b" >>",
        _FONT,
    ]
    if compress:
        content = _stream(zlib.compress(_text_content(lines)), b"/Filter /FlateDecode ")
    else:
        content = _stream(_text_content(lines))
    for i in range(pages):
        objects.append(b"<< /Type /Page /Parent 2 0 R /Contents %d 0 R >>" % (5 + 2 * i))
        objects.append(content)
    return pdf_file(objects)


def pages_pdf(pages: Sequence[Sequence[str]]) -> bytes:
    """A plain PDF with the given lines of Times-Roman text on each page."""
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(len(pages))).encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d " % len(pages) + _RESOURCES + b" >>",
        _FONT,
    ]
    for i, lines in enumerate(pages):
        objects.append(b"<< /Type /Page /Parent 2 0 R /Contents %d 0 R >>" % (5 + 2 * i))
        objects.append(_stream(_text_content(lines)))
    return pdf_file(objects)


def image_only_pdf() -> bytes:
    """A 'scanned' page: one grey image, no text at all."""
    pixels = bytes((x * 7 + y * 13) % 256 for y in range(64) for x in range(64))
    image = _stream(
        pixels,
        b"/Type /XObject /Subtype /Image /Width 64 /Height 64 /ColorSpace /DeviceGray "
        b"/BitsPerComponent 8 ",
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >>",
        _stream(b"q 451 0 0 698 72 72 cm /Im1 Do Q"),
        image,
    ]
    return pdf_file(objects)


def vector_only_pdf() -> bytes:
    """A page of line art (a drawn form or chart) without any text."""
    drawing = b"\n".join(b"%d 100 m %d 700 l S" % (x, x + 40) for x in range(80, 500, 20))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        _stream(drawing),
    ]
    return pdf_file(objects)


def many_pages_pdf(pages: int, declared: int | None = None) -> bytes:
    """`pages` pages sharing one content stream, kept small; `declared` may lie in /Count."""
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(pages))
    count = pages if declared is None else declared
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d " % count + _RESOURCES + b" >>",
        _FONT,
        _stream(_text_content(["Page of a very long compilation."])),
    ]
    objects += [b"<</Type/Page/Parent 2 0 R/Contents 4 0 R>>"] * pages
    return pdf_file(objects)


def unmapped_font_pdf() -> bytes:
    """Text drawn with a CID font that has no ToUnicode map: glyphs without letters."""
    glyphs = "".join(f"{n:04x}" for n in range(1, 40)).encode()
    content = (
        b"BT /F1 11 Tf 72 760 Td 14 TL " + b" ".join([b"<" + glyphs + b"> Tj T*"] * 20) + b" ET"
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 3 0 R >> >> >>",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /Hidden /Encoding /Identity-H "
        b"/DescendantFonts [6 0 R] >>",
        b"<< /Type /Page /Parent 2 0 R /Contents 5 0 R >>",
        _stream(content),
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Hidden /DW 500 "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> >>",
    ]
    return pdf_file(objects)


def _control_pdf() -> bytes:
    """A font whose ToUnicode map turns three glyphs into control characters (BEL, ESC, NUL)."""
    cmap = (
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        b"/CMapName /Controls def 1 begincodespacerange <00> <FF> endcodespacerange\n"
        b"3 beginbfchar <07> <0007> <1B> <001B> <01> <0000> endbfchar\n"
        b"endcmap CMapName currentdict /CMap defineresource pop end end"
    )
    lines = ["The Commission on Narcotic\x07 Drugs,", "1. Decides\x1b to act\x01;"]
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 " + _RESOURCES + b" >>",
        _FONT[:-2] + b"/ToUnicode 6 0 R >>",
        b"<< /Type /Page /Parent 2 0 R /Contents 5 0 R >>",
        _stream(_text_content(lines)),
        _stream(cmap),
    ]
    return pdf_file(objects)


def flate_bomb_pdf() -> bytes:
    """One page whose content stream inflates from about 100 KB to 100 MB."""
    inflated = b" " * (100 * 1024 * 1024)
    packed = zlib.compress(inflated, 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 " + _RESOURCES + b" >>",
        _FONT,
        b"<< /Type /Page /Parent 2 0 R /Contents 5 0 R >>",
        _stream(packed, b"/Filter /FlateDecode "),
    ]
    return pdf_file(objects)


def many_bombs_pdf(pages: int = 24, size: int = 7 * 1024 * 1024) -> bytes:
    """Pages each just under the one-page limit, together far over the whole-file limit."""
    packed = zlib.compress(b" " * size, 9)
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d " % pages + _RESOURCES + b" >>",
        _FONT,
        _stream(packed, b"/Filter /FlateDecode "),
    ]
    objects += [b"<</Type/Page/Parent 2 0 R/Contents 4 0 R>>"] * pages
    return pdf_file(objects)


def repeated_contents_pdf(times: int = 20, size: int = 1024 * 1024) -> bytes:
    """One page whose /Contents array names the same 1 MB stream 20 times: small streams, a page
    that expands to 20 MB."""
    packed = zlib.compress(b" " * size, 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [5 0 R] /Count 1 " + _RESOURCES + b" >>",
        _FONT,
        _stream(packed, b"/Filter /FlateDecode "),
        b"<< /Type /Page /Parent 2 0 R /Contents [" + b"4 0 R " * times + b"] >>",
    ]
    return pdf_file(objects)


def _rc4(key: bytes, data: bytes) -> bytes:
    state = list(range(256))
    j = 0
    for i in range(256):
        j = (j + state[i] + key[i % len(key)]) % 256
        state[i], state[j] = state[j], state[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + state[i]) % 256
        state[i], state[j] = state[j], state[i]
        out.append(byte ^ state[(state[i] + state[j]) % 256])
    return bytes(out)


_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def encrypted_pdf(user_password: str, owner_password: str = "owner") -> bytes:
    """A one-page PDF encrypted with the standard security handler (RC4, 40-bit, revision 2).

    With a user password it cannot be opened without it; with an empty one it opens (only the
    owner's permissions are restricted), as most "protected" PDFs from the web do."""
    file_id = hashlib.md5(b"redline hostile corpus").digest()
    permissions = -44  # printing and copying not allowed
    user = (user_password.encode("latin-1") + _PAD)[:32]
    owner = (owner_password.encode("latin-1") + _PAD)[:32]
    owner_entry = _rc4(hashlib.md5(owner).digest()[:5], user)
    key = hashlib.md5(user + owner_entry + struct.pack("<i", permissions) + file_id).digest()[:5]
    user_entry = _rc4(key, _PAD)

    def encrypt(number: int, data: bytes) -> bytes:
        object_key = hashlib.md5(key + struct.pack("<i", number)[:3] + b"\x00\x00").digest()
        return _rc4(object_key[: len(key) + 5], data)

    lines = ["The Commission on Narcotic Drugs,", "1. Decides to protect this text;"]
    content = encrypt(5, _text_content(lines))

    def hexstring(data: bytes) -> bytes:
        return b"<" + data.hex().encode() + b">"

    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 " + _RESOURCES + b" >>",
        _FONT,
        b"<< /Type /Page /Parent 2 0 R /Contents 5 0 R >>",
        _stream(content),
        b"<< /Filter /Standard /V 1 /R 2 /O "
        + hexstring(owner_entry)
        + b" /U "
        + hexstring(user_entry)
        + b" /P %d >>" % permissions,
    ]
    trailer = b"/Encrypt 6 0 R /ID [" + hexstring(file_id) + hexstring(file_id) + b"] "
    return pdf_file(objects, trailer)


# --- Word packages ---------------------------------------------------------------------------

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
    '<Override PartName="/word/document.xml" ContentType="{main}"/>'
    "</Types>"
)
_DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_DOCM_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
_RESOLUTION = [
    "Mexico: draft resolution",
    "Strengthening international cooperation against illicit firearms trafficking",
    "The Conference of the Parties,",
    "Recalling its resolution 10/2,",
    "1. Encourages States parties to cooperate;",
    "2. Requests the secretariat to report.",
]


def _document_xml(paragraphs: Sequence[str], prolog: str = "") -> bytes:
    body = "".join(
        f'<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>' for text in paragraphs
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}'
        f'<w:document xmlns:w="{_W}"><w:body>{body}</w:body></w:document>'
    ).encode()


def _zip(parts: Sequence[tuple[str, bytes]], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in parts:
            info = zipfile.ZipInfo(name, date_time=_DATE)
            info.compress_type = method
            archive.writestr(info, data, compresslevel=9)
    return buffer.getvalue()


def docx(
    document_xml: bytes | None = None,
    *,
    main: str = _DOCX_MAIN,
    extra: Sequence[tuple[str, bytes]] = (),
) -> bytes:
    """A minimal Word package around `document_xml` (a small resolution by default)."""
    parts = [
        ("[Content_Types].xml", _CONTENT_TYPES.format(main=main).encode()),
        ("_rels/.rels", _RELS.encode()),
        ("word/document.xml", document_xml or _document_xml(_RESOLUTION)),
        *extra,
    ]
    return _zip(parts)


def _ole(streams: Sequence[str]) -> bytes:
    """The start of an OLE compound file naming `streams` in its directory (enough to sniff)."""
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    header[0x18:0x1A] = struct.pack("<H", 0x3E)
    header[0x1A:0x1C] = struct.pack("<H", 3)
    header[0x1C:0x1E] = b"\xfe\xff"
    header[0x1E:0x20] = struct.pack("<H", 9)
    directory = bytearray()
    for name in ("Root Entry", *streams):
        entry = bytearray(128)
        encoded = name.encode("utf-16-le")
        entry[: len(encoded)] = encoded
        entry[64:66] = struct.pack("<H", len(encoded) + 2)
        directory += entry
    return bytes(header + directory + bytes(range(256)) * 4)


# --- the corpus -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    name: str
    expect: str
    """"error" (a ReadError whose message contains `message`) or "document"."""
    message: str
    why: str
    build: Callable[[], bytes]


def _junk() -> bytes:
    rng = random.Random(20220318)
    data = bytes(rng.randrange(256) for _ in range(16 * 1024))
    return b"\x00\x01" + data  # never a known magic number


def _nul_text() -> bytes:
    text = ("The Commission on Narcotic Drugs,\n\nRecalling its resolution 60/2,\n\n" * 40).encode()
    return b"\x00".join(text[i : i + 37] for i in range(0, len(text), 37))


def _control_text() -> bytes:
    """A few stray control characters (a bell, an escape, a backspace) in a normal text."""
    lines = ["The Commission on Narcotic Drugs,", ""]
    for number in range(1, 21):
        lines += [f"{number}. Decides to keep the text of paragraph {number} as agreed;", ""]
    lines[4] = lines[4].replace("keep", "keep\x07")
    lines[10] = lines[10].replace("text", "\x1btext")
    lines[20] = lines[20].replace("agreed", "agreed\x08")
    return "\n".join(lines).encode()


def _mixed_encoding() -> bytes:
    utf8 = "The Commission on Narcotic Drugs,\n\nRecalling “Our joint commitment” – 2016,\n\n"
    cp1252 = "1. Decides that the \x93Vienna\x94 text stands;\n\n"
    return utf8.encode() + cp1252.encode("latin-1") + b"2. Requests a report.\n"


def _unknown_encoding() -> bytes:
    text = "Комиссия по наркотическим средствам,\n\n1. Постановляет действовать;\n"
    return text.encode("koi8-r")


def _utf16() -> bytes:
    text = "The Commission on Narcotic Drugs,\n\nRecalling its resolution 60/2,\n\n1. Decides;\n"
    return text.encode("utf-16-le")


def _billion_laughs() -> bytes:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    prolog = f"<!DOCTYPE w:document [{entities}]>"
    return docx(_document_xml(["The Commission,", "1. Decides &lol9;;"], prolog))


def _xxe() -> bytes:
    prolog = '<!DOCTYPE w:document [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
    return docx(_document_xml(["The Commission,", "1. Decides &secret;;"], prolog))


def _deep_nesting() -> bytes:
    depth = 100_000
    inner = "<w:r>" * depth + "<w:t>x</w:t>" + "</w:r>" * depth
    xml = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{_W}"><w:body><w:p>'
        f"{inner}</w:p></w:body></w:document>"
    ).encode()
    return docx(xml)


def _zip_bomb() -> bytes:
    # 180 MB of one character in word/document.xml: about 180 KB on disk (ratio ~1000).
    filler = b"<!-- " + b"a" * (180 * 1024 * 1024) + b" -->"
    xml = _document_xml(_RESOLUTION).replace(b"<w:body>", b"<w:body>" + filler)
    return docx(xml)


def _lying_zip_bomb() -> bytes:
    """A part whose central directory claims 2 KB but whose data inflates to 50 MB."""
    honest = docx(_document_xml(["The Commission,", "x" * 2048]))
    big = _document_xml(["The Commission,", "x" * (50 * 1024 * 1024)])
    packed = zlib.compressobj(9, zlib.DEFLATED, -15)
    raw = packed.compress(big) + packed.flush()
    # Rebuild the archive by hand with the small sizes in both headers and the big data.
    parts = []
    with zipfile.ZipFile(io.BytesIO(honest)) as archive:
        for info in archive.infolist():
            data = archive.read(info.filename)
            parts.append((info.filename, data))
    out = bytearray()
    central = bytearray()
    for name, data in parts:
        encoded = name.encode()
        if name == "word/document.xml":
            body, size, crc = raw, 2048 + 200, zlib.crc32(data)
        else:
            packer = zlib.compressobj(9, zlib.DEFLATED, -15)
            body, size, crc = packer.compress(data) + packer.flush(), len(data), zlib.crc32(data)
        offset = len(out)
        fields = (20, 0, 8, 0x6000, 0x5472, crc, len(body), size, len(encoded), 0)
        out += b"PK\x03\x04" + struct.pack("<HHHHHIIIHH", *fields) + encoded + body
        central += (
            b"PK\x01\x02"
            + struct.pack("<HHHHHHIIIHHHHHII", 20, 20, 0, 8, 0x6000, 0x5472, crc, len(body),
                          size, len(encoded), 0, 0, 0, 0, 0, offset)
            + encoded
        )  # fmt: skip
    end = struct.pack("<HHHHIIH", 0, 0, len(parts), len(parts), len(central), len(out), 0)
    return bytes(out + central + b"PK\x05\x06" + end)


def _huge_entry() -> bytes:
    # A 70 MB part (above the one-part limit) that compresses to ~70 KB.
    return docx(extra=[("word/media/image1.bin", b"\x00" * (70 * 1024 * 1024))])


def _truncated_docx() -> bytes:
    whole = docx()
    return whole[: len(whole) // 2]


def _broken_xml() -> bytes:
    return docx(b'<?xml version="1.0"?><w:document xmlns:w="' + _W.encode() + b'"><w:body><w:p>')


def _invalid_xml_chars() -> bytes:
    return docx(_document_xml(["The Commission,", "1. Decides &#1;&#x1B; to act;"]))


def _no_document_xml() -> bytes:
    return _zip([("[Content_Types].xml", _CONTENT_TYPES.format(main=_DOCX_MAIN).encode())])


def _xlsx() -> bytes:
    types = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="'
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>'
    )
    rels = _RELS.replace("word/document.xml", "xl/workbook.xml")
    return _zip(
        [
            ("[Content_Types].xml", types.encode()),
            ("_rels/.rels", rels.encode()),
            ("xl/workbook.xml", b'<?xml version="1.0"?><workbook/>'),
        ]
    )


def _docm() -> bytes:
    macro = b'Attribute VB_Name = "AutoOpen"\r\nSub AutoOpen()\r\nShell "calc.exe"\r\nEnd Sub'
    return docx(main=_DOCM_MAIN, extra=[("word/vbaProject.bin", _ole(["VBA"]) + macro)])


def _truncated_pdf() -> bytes:
    whole = text_pdf(["The Commission on Narcotic Drugs,", "1. Decides to act;"] * 20, pages=3)
    return whole[: len(whole) // 3]


def _pdf_garbage() -> bytes:
    return b"%PDF-1.7\n" + _junk()[:4096]


CASES: tuple[Case, ...] = (
    Case("empty.txt", "error", "the file is empty", "no bytes at all", lambda: b""),
    Case(
        "whitespace.txt", "error", "the file is empty", "only blanks", lambda: b" \n\t\r\n  " * 50
    ),
    Case("binary_junk.bin", "error", "not a text", "random bytes", _junk),
    Case("nul_laden.txt", "error", "not a text", "text with NUL bytes inside", _nul_text),
    Case("control_chars.txt", "document", "", "a few control characters in text", _control_text),
    Case(
        "mixed_encoding.txt",
        "document",
        "",
        "UTF-8 with a pasted cp1252 line: each line read in its own encoding",
        _mixed_encoding,
    ),
    Case("unknown_encoding.txt", "document", "", "KOI8-R: read, never crash", _unknown_encoding),
    Case("utf16_no_bom.txt", "document", "", "UTF-16 without a BOM", _utf16),
    Case(
        "renamed_doc.docx",
        "error",
        "Word 97-2003",
        "a .doc renamed",
        lambda: _ole(["WordDocument"]),
    ),
    Case(
        "encrypted.docx",
        "error",
        "password-protected",
        "an encrypted OOXML package (OLE container)",
        lambda: _ole(["EncryptionInfo", "EncryptedPackage"]),
    ),
    Case("truncated.docx", "error", "damaged", "half a .docx", _truncated_docx),
    Case("zip_bomb.docx", "error", "refused", "180 MB from 180 KB", _zip_bomb),
    Case("zip_bomb_lying.docx", "error", "damaged", "sizes in the zip lie", _lying_zip_bomb),
    Case("huge_entry.docx", "error", "refused", "one 70 MB part", _huge_entry),
    Case("billion_laughs.docx", "error", "refused", "XML entity expansion", _billion_laughs),
    Case("xxe.docx", "error", "refused", "external entity to a local file", _xxe),
    Case("deep_nesting.docx", "error", "refused", "100,000 nested elements", _deep_nesting),
    Case("broken_xml.docx", "error", "broken XML", "document.xml cut short", _broken_xml),
    Case("invalid_xml_chars.docx", "error", "broken XML", "&#1; in XML 1.0", _invalid_xml_chars),
    Case(
        "no_document_xml.docx", "error", "document.xml is missing", "no main part", _no_document_xml
    ),
    Case("spreadsheet.docx", "error", "not a Word document", "an .xlsx renamed", _xlsx),
    Case("macro_enabled.docm", "document", "", "macros are never run", _docm),
    Case("truncated.pdf", "error", "not a readable PDF", "a third of a PDF", _truncated_pdf),
    Case("garbage.pdf", "error", "not a readable PDF", "a PDF header then junk", _pdf_garbage),
    Case(
        "encrypted.pdf",
        "error",
        "protected by a password",
        "user password",
        lambda: encrypted_pdf("secret"),
    ),
    Case(
        "owner_password.pdf",
        "document",
        "",
        "restrictions only: opens without a password",
        lambda: encrypted_pdf(""),
    ),
    Case("scanned.pdf", "error", "has no text layer (scanned?)", "an image only", image_only_pdf),
    Case(
        "vector_only.pdf", "error", "has no text layer (scanned?)", "line art only", vector_only_pdf
    ),
    Case(
        "two_thousand_pages.pdf",
        "error",
        "2,000 pages",
        "2,000 pages",
        lambda: many_pages_pdf(2000),
    ),
    Case(
        "lying_page_count.pdf",
        "error",
        "more than 1,000 pages",
        "/Count says 1, the tree holds 1,200",
        lambda: many_pages_pdf(1200, declared=1),
    ),
    Case(
        "unmapped_font.pdf",
        "error",
        "do not say which letters they draw",
        "glyphs without a ToUnicode map",
        unmapped_font_pdf,
    ),
    Case(
        "control_chars.pdf",
        "document",
        "",
        "control characters in the text layer",
        _control_pdf,
    ),
    Case("flate_bomb.pdf", "error", "decompression bomb", "100 MB content stream", flate_bomb_pdf),
    Case(
        "many_bombs.pdf",
        "error",
        "pages expand to more than",
        "24 pages of 7 MB each from one 7 KB stream",
        many_bombs_pdf,
    ),
    Case(
        "repeated_contents.pdf",
        "error",
        "expands to more than",
        "one small stream named 20 times in a page's /Contents",
        repeated_contents_pdf,
    ),
    Case(
        "image.png",
        "error",
        "an image (PNG)",
        "a picture, renamed",
        lambda: b"\x89PNG\r\n\x1a\n" + bytes(64),
    ),
    Case(
        "notes.redline",
        "error",
        "a database",
        "a notes file opened as a document",
        lambda: b"SQLite format 3\x00" + bytes(4080),
    ),
    Case("document.rtf", "error", "Rich Text", "RTF", lambda: b"{\\rtf1\\ansi The Commission,}"),
)


def build(directory: Path = HOSTILE) -> list[dict[str, str]]:
    directory.mkdir(parents=True, exist_ok=True)
    manifest = []
    for case in CASES:
        data = case.build()
        (directory / case.name).write_bytes(data)
        manifest.append(
            {"file": case.name, "expect": case.expect, "message": case.message, "why": case.why}
        )
    MANIFEST.write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return manifest


if __name__ == "__main__":
    for entry in build():
        size = (HOSTILE / entry["file"]).stat().st_size
        print(f"{entry['file']:<28}{size:>9,} bytes  {entry['expect']:<9}{entry['message']}")
