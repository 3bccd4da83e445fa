"""In-place export: the new Word document itself, with revisions added (issue 14).

Pairs are UN-style .docx files built from real resolutions with random edits (custom styles,
numbering.xml lists, running header and job-number footer, real footnotes); Accept All / Reject
All are replayed by tests/helpers/ooxml.py, written apart from the exporter.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from diffing.compare import compare
from diffing.model import Comment, Comparison
from diffing.readers import read_bytes, read_document
from exporters import ExportError, export, render
from exporters.inplace import build_inplace_docx
from tests.exporters.cases import edit_document
from tests.helpers import corpus
from tests.helpers.docx_builder import build_docx, build_raw_docx, wrap
from tests.helpers.ooxml import ACCEPT, REJECT, parts, problems, replay, replay_styles, w
from tests.helpers.rich_docx import enrich

DATE = "2024-03-18T10:00:00Z"
HEADER = "E/CN.7/2022/L.4"
FOOTER = "V.22-01234 (E)"


def _pair(path: Path, seed: int, *, rich: bool = False) -> tuple[bytes, bytes, Comparison]:
    edited = edit_document(read_document(path), seed)
    old = build_docx(edited.old, header=HEADER, footer=FOOTER)
    new = build_docx(edited.new, header=HEADER, footer=FOOTER)
    if rich:
        old, new = enrich(old, version=0), enrich(new, version=1)
    comparison = compare(read_bytes(old, "old.docx"), read_bytes(new, "new.docx"))
    return old, new, comparison


PAIRS = [
    (corpus.CND_L4_DRAFT, 1),
    (corpus.CND_L4_DRAFT, 2),
    (corpus.CND_60_2, 1),
    (corpus.CND_60_2, 2),
    (corpus.COP_11_6, 3),
    (corpus.REPORT, 2),
]


def _zip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.mark.parametrize("rich", [False, True], ids=["plain", "rich"])
@pytest.mark.parametrize(("path", "seed"), PAIRS, ids=[f"{p.name[:3]}-{s}" for p, s in PAIRS])
def test_accept_gives_the_new_document_and_reject_the_old(
    path: Path, seed: int, rich: bool
) -> None:
    old, new, comparison = _pair(path, seed, rich=rich)
    out = build_inplace_docx(comparison, new, old, author="Tester", date=DATE)
    assert problems(out) == []
    assert replay(out, ACCEPT) == replay(new, ACCEPT)
    assert replay(out, REJECT) == replay(old, ACCEPT)
    # every paragraph comes back with its own style, on both sides
    assert replay_styles(out, ACCEPT) == replay_styles(new, ACCEPT)
    assert replay_styles(out, REJECT) == replay_styles(old, ACCEPT)


@pytest.mark.parametrize(
    ("path", "seed"), PAIRS[:3], ids=[f"{p.name[:3]}-{s}" for p, s in PAIRS[:3]]
)
def test_every_part_of_the_new_document_is_kept(path: Path, seed: int) -> None:
    old, new, comparison = _pair(path, seed, rich=True)
    out = build_inplace_docx(comparison, new, old, author="Tester", date=DATE)
    before, after = _zip(new), _zip(out)
    assert set(before) <= set(after)
    assert any(name.startswith("word/header") for name in after)
    assert any(name.startswith("word/footer") for name in after)
    assert "customXml/item1.xml" in after
    for name in before:
        if name in ("word/document.xml", "word/settings.xml") or "notes" in name:
            continue  # the parts that carry revisions
        assert after[name] == before[name], f"{name} changed"
    # the section (page set-up, header and footer references) is the new document's own
    old_section = parts(new)["word/document.xml"].find(f"{w('body')}/{w('sectPr')}")
    out_section = parts(out)["word/document.xml"].find(f"{w('body')}/{w('sectPr')}")
    assert old_section is not None and out_section is not None
    assert etree.tostring(out_section, method="c14n") == etree.tostring(old_section, method="c14n")


def test_unchanged_paragraphs_keep_their_runs_byte_for_byte() -> None:
    old, new, comparison = _pair(corpus.CND_60_2, 1, rich=True)
    out = build_inplace_docx(comparison, new, old, author="Tester", date=DATE)

    def paragraphs(data: bytes) -> dict[bytes, int]:
        body = parts(data)["word/document.xml"]
        found: dict[bytes, int] = {}
        for p in body.iter(w("p")):
            # the runs; the mark (pPr) of a paragraph next to a deleted one carries a revision
            key = b"".join(etree.tostring(c, method="c14n") for c in p if c.tag != w("pPr"))
            found[key] = found.get(key, 0) + 1
        return found

    kept = paragraphs(out)
    unchanged = [
        key
        for key in paragraphs(new)
        if key in paragraphs(old)  # the same XML in both versions
    ]
    assert unchanged, "the pair has unchanged paragraphs"
    assert all(key in kept for key in unchanged)


def _one_paragraph(xml: str) -> bytes:
    return build_raw_docx(xml)


def test_deleted_text_keeps_its_old_formatting_and_inserted_text_its_new() -> None:
    old = _one_paragraph(
        "<w:p><w:r><w:t xml:space='preserve'>Urges </w:t></w:r>"
        "<w:r><w:rPr><w:b/><w:color w:val='FF0000'/></w:rPr><w:t>all</w:t></w:r>"
        "<w:r><w:t xml:space='preserve'> States to act;</w:t></w:r></w:p>"
    )
    new = _one_paragraph(
        "<w:p><w:r><w:t xml:space='preserve'>Urges </w:t></w:r>"
        "<w:r><w:rPr><w:i/></w:rPr><w:t>Member</w:t></w:r>"
        "<w:r><w:t xml:space='preserve'> States to act;</w:t></w:r></w:p>"
    )
    comparison = compare(read_bytes(old, "old.docx"), read_bytes(new, "new.docx"))
    out = build_inplace_docx(comparison, new, old, author="Tester", date=DATE)
    assert replay(out, ACCEPT) == ["Urges Member States to act;"]
    assert replay(out, REJECT) == ["Urges all States to act;"]
    body = parts(out)["word/document.xml"]
    deleted = body.find(f".//{w('del')}/{w('r')}")
    inserted = body.find(f".//{w('ins')}/{w('r')}")
    assert deleted is not None and inserted is not None
    assert deleted.find(f"{w('rPr')}/{w('b')}") is not None
    assert deleted.find(f"{w('rPr')}/{w('color')}") is not None
    assert inserted.find(f"{w('rPr')}/{w('i')}") is not None


_COMMENTS = wrap(
    "comments",
    "<w:comment w:id='7' w:author='EU' w:date='2024-01-01T00:00:00Z' w:initials='EU'>"
    "<w:p><w:r><w:t>Agreed ad ref.</w:t></w:r></w:p></w:comment>",
)


def test_tracked_changes_and_comments_already_in_the_new_document_are_kept() -> None:
    old = _one_paragraph(
        "<w:p><w:r><w:t>Welcomes the report;</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>Decides to remain seized of the matter.</w:t></w:r></w:p>"
    )
    body = (
        "<w:p><w:commentRangeStart w:id='7'/>"
        "<w:r><w:t xml:space='preserve'>Welcomes the </w:t></w:r>"
        "<w:ins w:id='3' w:author='EU' w:date='2024-01-01T00:00:00Z'>"
        "<w:r><w:t xml:space='preserve'>annual </w:t></w:r></w:ins>"
        "<w:r><w:t>report;</w:t></w:r><w:commentRangeEnd w:id='7'/>"
        "<w:r><w:commentReference w:id='7'/></w:r></w:p>"
        "<w:p><w:r><w:t>Decides to remain actively seized of the matter.</w:t></w:r></w:p>"
    )
    new = build_raw_docx(body, parts={"comments": _COMMENTS})
    comparison = compare(read_bytes(old, "old.docx"), read_bytes(new, "new.docx"))
    out = build_inplace_docx(comparison, new, old, author="Tester", date=DATE)
    assert problems(out) == []
    xml = parts(out)
    assert xml["word/comments.xml"].find(f".//{w('t')}").text == "Agreed ad ref."  # type: ignore[union-attr]
    document = xml["word/document.xml"]
    theirs = [e for e in document.iter(w("ins")) if e.get(w("author")) == "EU"]
    assert len(theirs) == 1
    assert replay(out, ACCEPT) == [
        "Welcomes the annual report;",
        "Decides to remain actively seized of the matter.",
    ]


def test_export_chooses_in_place_for_word_files_and_the_generated_layout_otherwise(
    tmp_path: Path,
) -> None:
    old, new, comparison = _pair(corpus.CND_L4_DRAFT, 1)
    (tmp_path / "old.docx").write_bytes(old)
    (tmp_path / "new.docx").write_bytes(new)
    target = tmp_path / "out.docx"
    export(
        comparison,
        target,
        "docx",
        author="T",
        date=DATE,
        sources=(tmp_path / "old.docx", tmp_path / "new.docx"),
    )
    names = set(_zip(target.read_bytes()))
    assert "word/header1.xml" in names or any(n.startswith("word/header") for n in names)
    generated = render(comparison, "docx", author="T", date=DATE, layout="generated")
    assert not any(n.startswith("word/header") for n in _zip(generated))
    text_new = tmp_path / "new.txt"
    text_new.write_text("not a Word file", encoding="utf-8")
    from_text = render(comparison, "docx", author="T", date=DATE, sources=(None, text_new))
    assert from_text == generated
    with pytest.raises(ExportError, match=r"needs the new version as a \.docx"):
        render(
            comparison, "docx", author="T", date=DATE, sources=(None, text_new), layout="inplace"
        )


def test_track_changes_is_off_unless_asked_for() -> None:
    old, new, comparison = _pair(corpus.CND_L4_DRAFT, 2)
    for track in (False, True):
        out = build_inplace_docx(comparison, new, old, author="T", date=DATE, track_changes=track)
        settings = parts(out)["word/settings.xml"]
        assert (settings.find(w("trackRevisions")) is not None) is track
        generated = render(comparison, "docx", author="T", date=DATE, track_changes=track)
        settings = parts(generated)["word/settings.xml"]
        assert (settings.find(w("trackRevisions")) is not None) is track


def test_annotations_become_comments_by_the_one_author() -> None:
    old, new, comparison = _pair(corpus.CND_L4_DRAFT, 1)
    pid = comparison.new.paragraphs[3].id
    comments = (Comment(pid, "new", "", "Agreed ad ref."),)
    out = build_inplace_docx(
        comparison, new, old, author="Jane Drafter", date=DATE, comments=comments
    )
    xml = parts(out)
    comment = xml["word/comments.xml"].find(w("comment"))
    assert comment is not None and comment.get(w("author")) == "Jane Drafter"
    authors = {e.get(w("author")) for e in xml["word/document.xml"].iter(w("ins"), w("del"))}
    assert authors == {"Jane Drafter"}
    assert problems(out) == []


def _arabic(paragraphs: list[str]) -> bytes:
    return build_raw_docx(
        "".join(
            "<w:p><w:pPr><w:bidi/></w:pPr>"
            f"<w:r><w:rPr><w:rtl/></w:rPr><w:t xml:space='preserve'>{text}</w:t></w:r></w:p>"
            for text in paragraphs
        )
    )


def test_right_to_left_is_kept_in_place() -> None:
    old = _arabic(["إذ تشير إلى قرارها 76/188،", "يطلب إلى الأمين العام أن يقدم تقريرا؛", "حذف"])
    new = _arabic(
        ["إذ تشير إلى قراريها 76/188 و 77/1،", "يطلب إلى الأمين العام أن يقدم تقريرا شاملا؛"]
    )
    comparison = compare(read_bytes(old, "old.docx"), read_bytes(new, "new.docx"))
    out = build_inplace_docx(comparison, new, old, author="T", date=DATE)
    assert problems(out) == []
    body = parts(out)["word/document.xml"]
    paragraphs = body.findall(f"{w('body')}/{w('p')}")
    assert len(paragraphs) == 3
    assert all(p.find(f"{w('pPr')}/{w('bidi')}") is not None for p in paragraphs)
    runs = list(body.iter(w("r")))
    assert runs and all(r.find(f"{w('rPr')}/{w('rtl')}") is not None for r in runs)
    assert replay(out, REJECT) == replay(old, ACCEPT)
    assert replay(out, ACCEPT) == replay(new, ACCEPT)


def test_a_moved_and_edited_paragraph_gets_a_remark_in_place(tmp_path: Path) -> None:
    def package(texts: list[str]) -> bytes:
        return build_raw_docx("".join(f"<w:p><w:r><w:t>{t}</w:t></w:r></w:p>" for t in texts))

    old = package(
        [
            "The General Assembly,",
            "1. Welcomes the report;",
            "2. Urges States to act;",
            "3. Decides.",
        ]
    )
    new = package(
        [
            "The General Assembly,",
            "1. Strongly urges States to act;",
            "2. Welcomes the report;",
            "3. Decides.",
        ]
    )
    comparison = compare(read_bytes(old, "old.docx"), read_bytes(new, "new.docx"))
    assert any(e.relation.value == "moved" for e in comparison.entries)
    out = build_inplace_docx(comparison, new, old, author="T", date=DATE)
    assert problems(out) == []
    assert replay(out, ACCEPT) == replay(new, ACCEPT)
    assert replay(out, REJECT) == replay(old, ACCEPT)
    xml = parts(out)
    remarks = ["".join(c.itertext()) for c in xml["word/comments.xml"].iter(w("comment"))]
    assert len(remarks) == 1 and remarks[0].startswith("Moved from OP")
    assert "inserted “Strongly urges”" in remarks[0]
    names = _zip(out)
    assert b"comments.xml" in names["word/_rels/document.xml.rels"]
    assert b"/word/comments.xml" in names["[Content_Types].xml"]


def test_a_word_file_that_is_not_the_compared_version_gets_the_generated_layout(
    tmp_path: Path,
) -> None:
    _, _, comparison = _pair(corpus.CND_L4_DRAFT, 1)
    other = tmp_path / "other.docx"
    other.write_bytes(_one_paragraph("<w:p><w:r><w:t>Minutes of the meeting.</w:t></w:r></w:p>"))
    generated = render(comparison, "docx", author="T", date=DATE, layout="generated")
    assert render(comparison, "docx", author="T", date=DATE, sources=(None, other)) == generated
    with pytest.raises(ExportError, match="does not hold the compared text"):
        render(comparison, "docx", author="T", date=DATE, sources=(None, other), layout="inplace")
