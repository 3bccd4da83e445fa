"""The comparison table, the HTML page, and `exporters.export` itself (atomic write, author and
date defaults, one-line errors)."""

from __future__ import annotations

import io
import os
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from lxml import etree

import exporters
from diffing.compare import compare
from diffing.errors import RedlineError
from diffing.readers import read_document
from diffing.report import PALETTE
from tests.exporters.test_golden import sample
from tests.helpers import corpus

NS = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
DATE = "2024-03-18T10:00:00Z"


def document_xml(data: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read("word/document.xml"))


def cell_text(cell: etree._Element) -> str:
    def text(p: etree._Element) -> str:
        return "".join(
            "\t" if e.tag.endswith("}tab") else (e.text or "") for e in p.iter("{*}t", "{*}tab")
        )

    return "\n".join(text(p) for p in cell.iterfind("w:p", NS))


# --- table ---------------------------------------------------------------------------------------


def test_table_has_three_columns_and_a_row_per_entry() -> None:
    comparison, comments = sample()
    data = exporters.render(comparison, "table", author="T", date=DATE, comments=comments)
    root = document_xml(data)
    assert not root.xpath("//w:ins | //w:del | //w:moveFrom | //w:moveTo", namespaces=NS)
    rows = root.xpath("//w:tbl/w:tr", namespaces=NS)
    assert len(rows) == 1 + len(comparison.entries)
    assert all(len(r.xpath("w:tc", namespaces=NS)) == 3 for r in rows)
    assert rows[0].xpath("w:trPr/w:tblHeader", namespaces=NS)
    cells = {
        cell_text(r.xpath("w:tc", namespaces=NS)[1]).split("\n")[0]: r.xpath("w:tc", namespaces=NS)
        for r in rows[1:]
    }
    # the split: old OP2 against new OP3, OP4, remark says so, the G77/EU remarks are there
    old_cell, new_cell, remarks = cells["OP3, OP4"]
    assert cell_text(old_cell).startswith("OP2\n2.\tRequests the Office to report, and invites")
    assert "Split into OP3, OP4" in cell_text(remarks)
    assert "EU: Agreed ad ref." in cell_text(remarks)
    deleted = cells["—"]
    assert "G77: Deletion not agreed." in cell_text(deleted[2])
    # redline in colour: deleted words struck through in red, inserted underlined in blue
    struck = new_cell.xpath(".//w:r[w:rPr/w:strike]//w:t/text()", namespaces=NS)
    underlined = new_cell.xpath(".//w:r[w:rPr/w:u]//w:t/text()", namespaces=NS)
    assert ", and invites" in "".join(struck)
    assert ";" in "".join(underlined)
    assert new_cell.xpath(".//w:r[w:rPr/w:strike]/w:rPr/w:color/@w:val", namespaces=NS)[0] == (
        PALETTE.deleted.lstrip("#").upper()
    )
    moved = cells["OP1"]
    assert "Moved (was OP3)" in cell_text(moved[2])
    renumbered = cells["OP2"]
    assert "Renumbered: OP1 → OP2" in cell_text(renumbered[2])


@pytest.mark.parametrize("fmt", ["table", "html"])
def test_remarks_keep_their_words_and_are_never_lost(fmt: str) -> None:
    from diffing.model import Comment

    comparison, _ = sample()
    comments = (
        Comment("OP9", "new", "EU", "Proposed wording:"),  # no such paragraph: still shown
        Comment(comparison.new.paragraphs[0].id, "old", "", "Side mixed up"),
    )
    data = exporters.render(comparison, fmt, author="T", date=DATE, comments=comments)
    shown = data.decode("utf-8") if fmt == "html" else "".join(document_xml(data).itertext())
    assert "EU: Proposed wording:" in shown
    assert "Side mixed up" in shown


def test_table_of_the_corpus_pair_is_landscape_and_complete() -> None:
    old = read_document(corpus.COP_10_2_DRAFT)
    new = read_document(corpus.COP_11_6)
    comparison = compare(old, new)
    root = document_xml(exporters.render(comparison, "table", author="T", date=DATE))
    assert root.xpath("//w:sectPr/w:pgSz/@w:orient", namespaces=NS) == ["landscape"]
    rows = root.xpath("//w:tbl/w:tr", namespaces=NS)[1:]
    old_labels = " ".join(cell_text(r.xpath("w:tc", namespaces=NS)[0]) for r in rows)
    new_labels = " ".join(cell_text(r.xpath("w:tc", namespaces=NS)[1]) for r in rows)
    for paragraph in old.paragraphs:
        assert paragraph.label in old_labels
    for paragraph in new.paragraphs:
        assert paragraph.label in new_labels


# --- HTML ----------------------------------------------------------------------------------------


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_is_self_contained_escaped_and_marks_changes_without_colour() -> None:
    comparison, comments = sample()
    page = exporters.render(comparison, "html", author="T", date=DATE, comments=comments)
    html = page.decode("utf-8")
    parsed = _Collector()
    parsed.feed(html)
    assert "script" not in parsed.tags
    assert not any(name in ("src", "href") for name, _ in parsed.attrs)
    assert "http" not in re.sub(r"<html[^>]*>", "", html).split("</style>")[0].replace(
        "http-equiv", ""
    )
    # greyscale-safe marks
    assert "text-decoration: underline" in html and "line-through" in html
    assert "underline double" in html and "line-through double" in html
    # summary at the top, then the redline with labels
    text = "".join(parsed.text)
    assert text.index(" words") < text.index("Recalling")
    assert "<del>against</del>" in html and "<ins>to prevent</ins>" in html
    assert "OP2 → OP3 + OP4 (split)" in text  # the label every output gives
    assert "Agreed ad ref." in text


def test_html_escapes_text() -> None:
    from diffing.model import Comparison
    from tests.exporters.cases import by_id, doc, para

    old = doc(para("OP1", "Decides <script>alert(1)</script> & more."))
    new = doc(para("OP1", "Decides <b>bold</b> & more."))
    comparison: Comparison = by_id(old, new)
    html = exporters.render(comparison, "html", date=DATE).decode()
    parsed = _Collector()
    parsed.feed(html)
    assert "script" not in parsed.tags
    assert "<b>bold" not in html
    assert "alert(1)" in "".join(parsed.text)


def test_table_and_html_show_every_paragraph_of_a_document_that_repeats_an_id() -> None:
    from tests.exporters.cases import doc, para

    twice = doc(
        para("OP1", "Welcomes the report;"),
        para("OP1", "Requests the secretariat to report."),
    )
    comparison = compare(twice, doc(para("OP1", "Urges all States to act;")))
    html = exporters.render(comparison, "html", date=DATE).decode()
    table = "".join(document_xml(exporters.render(comparison, "table", date=DATE)).itertext())
    for shown in (html, table):
        assert "Welcomes" in shown and "secretariat" in shown and "Urges" in shown


@pytest.mark.parametrize("fmt", exporters.FORMATS)
def test_a_source_name_from_undecodable_bytes_exports(fmt: str) -> None:
    # Linux file names that are not UTF-8 reach Python with lone surrogates; no title paragraph,
    # so the HTML page's <title> falls back to the name
    from tests.exporters.cases import doc, para

    document = doc(para("OP1", "Urges States to act;"))
    named = document._replace(source="draft\udcff\x01.txt")
    data = exporters.render(compare(named, named), fmt, author="T", date=DATE)
    if fmt == "html":
        assert "<title>Redline: draft.txt</title>" in data.decode("utf-8")


# --- export() ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("fmt", "magic"), [("docx", b"PK"), ("table", b"PK"), ("html", b"<!")])
def test_export_writes_the_file(tmp_path: Path, fmt: str, magic: bytes) -> None:
    comparison, _ = sample()
    target = tmp_path / f"out.{fmt}"
    exporters.export(comparison, target, fmt, author="T", date=DATE)
    assert target.read_bytes().startswith(magic)
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temporary file left
    assert target.stat().st_mode & 0o777 == 0o644


def test_failed_export_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    comparison, _ = sample()
    target = tmp_path / "out.docx"
    target.write_bytes(b"previous version")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(RedlineError, match="No space left on device") as error:
        exporters.export(comparison, target, "docx", author="T", date=DATE)
    assert "\n" not in str(error.value)
    assert target.read_bytes() == b"previous version"
    assert [p.name for p in tmp_path.iterdir()] == ["out.docx"]


def test_unwritable_folder_and_bad_options_are_one_line_errors(tmp_path: Path) -> None:
    comparison, _ = sample()
    with pytest.raises(RedlineError, match="cannot write"):
        exporters.export(comparison, tmp_path / "missing" / "out.docx", "docx", date=DATE)
    with pytest.raises(RedlineError, match="unknown export format"):
        exporters.export(comparison, tmp_path / "out.pdf", "pdf", date=DATE)
    with pytest.raises(RedlineError, match="ISO 8601"):
        exporters.export(comparison, tmp_path / "out.docx", "docx", date="yesterday")
    with pytest.raises(RedlineError, match="out of range"):
        exporters.export(comparison, tmp_path / "out.docx", "docx", date="0001-01-01T00:00+05:00")


def test_author_and_date_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    comparison, _ = sample()
    monkeypatch.setattr(exporters, "default_author", lambda: "Ana Pérez")
    root = document_xml(exporters.render(comparison, "docx"))
    assert set(root.xpath("//@w:author", namespaces=NS)) == {"Ana Pérez"}
    dates = set(root.xpath("//@w:date", namespaces=NS))
    assert len(dates) == 1 and re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", dates.pop())


def test_default_author_is_never_empty() -> None:
    assert exporters.default_author().strip()


@pytest.mark.parametrize(
    ("given", "written"),
    [
        ("2024-03-18T10:00:00Z", "2024-03-18T10:00:00Z"),
        ("2024-03-18T11:30:00+01:00", "2024-03-18T10:30:00Z"),
        ("2024-03-18", "2024-03-18T00:00:00Z"),
        ("2024-03-18T10:00:00.123456", "2024-03-18T10:00:00Z"),
    ],
)
def test_dates_are_written_as_utc(given: str, written: str) -> None:
    assert exporters.format_date(given) == written


def test_no_date_given_is_the_time_now_in_utc() -> None:
    from datetime import UTC, datetime, timedelta

    before = datetime.now(UTC).replace(microsecond=0)
    written = exporters.format_date()
    after = datetime.now(UTC)
    stamp = datetime.strptime(written, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    assert before <= stamp <= after + timedelta(seconds=1)


@pytest.mark.parametrize("fmt", ["html", "table"])
def test_differences_the_options_ignore_are_not_drawn_as_changes(fmt: str) -> None:
    from diffing.model import Document, Kind, Paragraph

    text = "Encourages non-governmental organizations and Member States to cooperate;"
    old = Document("old", paragraphs=(Paragraph("OP1", Kind.OPERATIVE, text, number="1"),))
    adopted = text.replace("non-", "non\u2011").replace("Member States", "Member\u00a0States")
    new = Document("new", paragraphs=(Paragraph("OP1", Kind.OPERATIVE, adopted, number="1"),))
    comparison = compare(old, new)
    assert comparison.entries[0].relation.value == "unchanged"
    data = exporters.render(comparison, fmt, author="T", date="2024-01-01T00:00:00Z")
    if fmt == "html":
        page = data.decode("utf-8")
        body = page[page.index('<div class="entry">') :]
        assert "<ins>" not in body and "<del>" not in body
        assert "non\u2011governmental" in body  # the new version's own characters
    else:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            xml = package.read("word/document.xml").decode("utf-8")
        table = xml[xml.index("<w:tbl>") :]
        assert "<w:strike" not in table and "<w:u " not in table


@pytest.mark.parametrize("fmt", ["html", "table"])
def test_a_footnote_edit_shows_with_its_own_number_and_without_the_rule_line(fmt: str) -> None:
    from diffing.model import Document, Footnote, FootnoteRef, Kind, Paragraph

    text = "Taking note of the report of the Human Rights Council,"

    def version(note: str) -> Document:
        paragraph = Paragraph(
            "PP1", Kind.PREAMBULAR, text, footnotes=(FootnoteRef("n3", len(text) - 1),)
        )
        return Document("v", paragraphs=(paragraph,), footnotes=(Footnote("n3", "3", note),))

    comparison = compare(
        version("__________ See A/HRC/54/2."), version("See A/HRC/54/2 and Corr.1.")
    )
    data = exporters.render(comparison, fmt, author="T", date="2024-01-01T00:00:00Z")
    if fmt == "html":
        page = data.decode("utf-8")
        assert "<sup>3</sup>" in page and "<ins> and Corr.1</ins>" in page
        assert "____" not in page
    else:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            xml = package.read("word/document.xml").decode("utf-8")
        assert ">3<" in xml and "and Corr.1" in xml and "____" not in xml
