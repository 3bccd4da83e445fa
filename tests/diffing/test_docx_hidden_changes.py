"""Nothing changed silently in Word files (issue 12): text in text boxes (also in table cells)
is read and compared in place; images, charts and embedded objects are checked, and a difference
there is reported, never "unchanged". Packages of our own, written as Word writes them."""

from __future__ import annotations

from diffing.compare import compare
from diffing.readers.docx import read_docx
from diffing.report import object_lines, summary_line
from tests.helpers.docx_builder import build_raw_docx

WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
PIC = "http://schemas.openxmlformats.org/drawingml/2006/picture"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
V = "urn:schemas-microsoft-com:vml"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def p(text: str, inner: str = "") -> str:
    return f'<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r>{inner}</w:p>'


def text_box(text: str) -> str:
    """A DrawingML text box with its VML fallback, as Word 2010+ writes it: one box, drawn twice."""
    content = f"<w:txbxContent>{p(text)}</w:txbxContent>"
    return (
        f'<w:r><mc:AlternateContent xmlns:mc="{MC}">'
        f'<mc:Choice Requires="wps"><w:drawing><wp:anchor xmlns:wp="{WP}">'
        f'<a:graphic xmlns:a="{A}"><a:graphicData uri="{WPS}">'
        f'<wps:wsp xmlns:wps="{WPS}"><wps:txbx>{content}</wps:txbx></wps:wsp>'
        "</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
        f'<mc:Fallback><w:pict><v:shape xmlns:v="{V}"><v:textbox>{content}</v:textbox>'
        "</v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )


def picture(rel_id: str = "rIdImg") -> str:
    return (
        f'<w:r><w:drawing><wp:inline xmlns:wp="{WP}"><a:graphic xmlns:a="{A}">'
        f'<a:graphicData uri="{PIC}"><pic:pic xmlns:pic="{PIC}"><pic:blipFill>'
        f'<a:blip xmlns:r="{R}" r:embed="{rel_id}"/></pic:blipFill></pic:pic></a:graphicData>'
        "</a:graphic></wp:inline></w:drawing></w:r>"
    )


OPENING = p("The General Assembly,")
OP1 = p("1. Welcomes the report of the Secretary-General;")
OP2 = p("2. Decides to remain seized of the matter.")


def body(box: str, *, in_table: bool = False) -> bytes:
    holder = p("", text_box(box))
    if in_table:
        holder = f"<w:tbl><w:tr><w:tc>{holder}</w:tc></w:tr></w:tbl>"
    return build_raw_docx(OPENING + OP1 + holder + OP2)


def test_text_in_a_text_box_is_read_once_in_place() -> None:
    document = read_docx(body("Table 1: Contributions received in 2024"), "box.docx")
    texts = [paragraph.text for paragraph in document.paragraphs]
    boxed = [k for k, text in enumerate(texts) if "Contributions received" in text]
    assert len(boxed) == 1, texts  # the VML fallback is the same box, not a second one
    welcome = next(k for k, text in enumerate(texts) if text.startswith("Welcomes"))
    remain = next(k for k, text in enumerate(texts) if text.startswith("Decides"))
    assert welcome < boxed[0] < remain


def test_a_change_inside_a_text_box_is_a_change_also_in_a_table_cell() -> None:
    for in_table in (False, True):
        old = read_docx(body("Contributions received in 2024", in_table=in_table), "old.docx")
        new = read_docx(body("Contributions received in 2025", in_table=in_table), "new.docx")
        comparison = compare(old, new)
        assert comparison.summary.changed, in_table
        changed = [e for e in comparison.entries if e.changed]
        assert len(changed) == 1
        assert ("-", "2024") in changed[0].diff and ("+", "2025") in changed[0].diff


def with_image(image: bytes, *, where: str = "after OP1") -> bytes:
    holder = p("", picture())
    parts = OPENING + OP1 + holder + OP2 if where == "after OP1" else OPENING + holder + OP1 + OP2
    return build_raw_docx(
        parts,
        extra={"word/media/image1.png": image},
        relationships={"rIdImg": ("image", "media/image1.png")},
    )


def test_a_replaced_image_is_reported_never_unchanged() -> None:
    old = read_docx(with_image(b"\x89PNG first chart"), "old.docx")
    same = read_docx(with_image(b"\x89PNG first chart"), "same.docx")
    new = read_docx(with_image(b"\x89PNG second chart"), "new.docx")
    assert [o.kind for o in old.objects] == ["image"]
    assert not compare(old, same).summary.changed
    comparison = compare(old, new)
    assert all(not entry.changed for entry in comparison.entries)  # the words are the same
    assert comparison.summary.changed
    assert object_lines(comparison) == ["image changed after OP1"]
    assert "1 image or object" in summary_line(comparison)


def test_an_image_added_or_removed_is_reported() -> None:
    plain = read_docx(build_raw_docx(OPENING + OP1 + OP2), "plain.docx")
    pictured = read_docx(with_image(b"\x89PNG chart"), "pictured.docx")
    assert object_lines(compare(plain, pictured)) == ["image added after OP1"]
    assert object_lines(compare(pictured, plain)) == ["image removed after OP1"]
