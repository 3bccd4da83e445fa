"""The Word reader: a .docx of a resolution reads as the same Document as its .txt, and Word's
own machinery (automatic numbering, real footnotes, styles, tables, tracked changes, fields) is
read the way a drafter sees it in Word."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from diffing.model import Document, Kind
from diffing.readers import read_document
from diffing.readers.docx import format_number, read_docx, read_docx_blocks
from diffing.readers.text import read_text
from tests.helpers import corpus
from tests.helpers.docx_builder import MACRO_MAIN_TYPE, build_docx, build_raw_docx, wrap

# --- the corpus as Word documents -----------------------------------------------------------


def _from_text(path: Path) -> Document:
    return read_text(path.read_bytes(), path.name)


def _summary(document: Document) -> list[tuple[object, ...]]:
    return [
        (p.id, p.kind, p.number, p.text, p.italic, p.parent, p.footnotes)
        for p in document.paragraphs
    ]


def _footnote_texts(document: Document) -> dict[str, str]:
    return {f.id: f.text for f in document.footnotes}


SYNTHETIC_GA = """A/C.3/79/L.12

Distr.: Limited
1 November 2024

Original: English

Seventy-ninth session
Third Committee
Agenda item 27 (a)

Mexico and Peru: draft resolution

Promoting international cooperation on things

The General Assembly,

*Recalling* its resolution 70/1 of 25 September 2015,¹

*Noting with concern* the following:

(a) The first problem;

(b) The second problem,

1. *Decides* to act as follows:

(a) To do x, as appropriate;

(b) To do y:

(i) the first thing;

(ii) the second thing;

(c) To do z;

2. *Requests* the Secretary-General to report;²

2 bis. *Invites* Member States to contribute;

3. *Decides* to remain seized of the matter.

¹ See A/70/1.

² A/79/100.
"""
"""A GA-style draft with what the corpus lacks: sub-paragraphs (a)/(i) under an operative and
under a preambular paragraph, a "2 bis." paragraph, footnotes in operative paragraphs."""


def _synthetic() -> Document:
    document = read_text(SYNTHETIC_GA.encode("utf-8"), "synthetic.txt")
    ids = [p.id for p in document.paragraphs]
    # The test is only worth something if the text reader saw the structure we wrote.
    assert {"PP2(a)", "OP1(b)(ii)", "OP2bis", "OP3"} <= set(ids), ids
    return document


@pytest.mark.parametrize("path", corpus.ALL, ids=lambda p: p.name[:3])
@pytest.mark.parametrize("auto", [True, False], ids=["auto-numbering", "typed-numbers"])
def test_corpus_docx_reads_like_its_text(path: Path, auto: bool) -> None:
    expected = _from_text(path)
    data = build_docx(expected, auto_numbering=auto, header=expected.metadata.symbol)
    document = read_docx(data, path.stem + ".docx")

    assert _summary(document) == _summary(expected)
    assert _footnote_texts(document) == _footnote_texts(expected)
    assert [f.marker for f in document.footnotes] == [f.marker for f in expected.footnotes]
    assert document.metadata == expected.metadata
    assert document.structured == expected.structured


@pytest.mark.parametrize("path", corpus.RESOLUTIONS, ids=lambda p: p.name[:3])
def test_corpus_docx_uses_word_numbering_and_real_footnotes(path: Path) -> None:
    """The equality above proves something only if the .docx really carries automatic numbers
    (not typed ones) and footnotes in footnotes.xml (not in the text)."""
    expected = _from_text(path)
    data = build_docx(expected)
    blocks, footnotes = read_docx_blocks(data, "x.docx")
    operatives = expected.count(Kind.OPERATIVE)
    numbered = [b for b in blocks if b.number is not None]
    assert [b.number for b in numbered] == [f"{n}." for n in range(1, operatives + 1)]
    assert not any(b.text[:1].isdigit() for b in numbered)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        body = archive.read("word/document.xml").decode()
        notes = archive.read("word/footnotes.xml").decode()
    references = sum(len(p.footnotes) for p in expected.paragraphs)
    assert body.count("<w:footnoteReference") >= references > 0
    for footnote in expected.footnotes:
        assert footnote.text[:30] in notes
        assert footnote.text[:30] not in body
    assert len(footnotes) == len(expected.footnotes)


def test_acceptance_counts_and_footnote_from_docx() -> None:
    counts = {
        corpus.COP_10_2_DRAFT: (21, 24),
        corpus.COP_11_6: (19, 29),
        corpus.CND_L4_DRAFT: (13, 16),
        corpus.CND_60_2: (9, 11),
    }
    for path, (pps, ops) in counts.items():
        document = read_docx(build_docx(_from_text(path)), path.stem + ".docx")
        assert (document.count(Kind.PREAMBULAR), document.count(Kind.OPERATIVE)) == (pps, ops)
        assert document.paragraph("title").text
        assert document.paragraph("opening").text.startswith("The ")
    cop = read_docx(build_docx(_from_text(corpus.COP_11_6)), "11-6.docx")
    (reference,) = [r for r in cop.paragraph("PP1").footnotes]
    assert cop.footnote(reference.footnote_id).text.startswith(
        "United Nations, Treaty Series, vol. 2225"
    )
    assert cop.paragraph("PP1").text[: reference.offset].endswith("Organized Crime,")
    report = read_docx(build_docx(_from_text(corpus.REPORT)), "report.docx")
    assert not report.structured
    assert {p.kind for p in report.paragraphs} == {Kind.OTHER}


@pytest.mark.parametrize("auto", [True, False], ids=["auto-numbering", "typed-numbers"])
def test_subparagraphs_bis_and_footnotes_round_trip(auto: bool) -> None:
    expected = _synthetic()
    data = build_docx(expected, auto_numbering=auto)
    document = read_docx(data, "synthetic.docx")
    assert _summary(document) == _summary(expected)
    assert _footnote_texts(document) == {"1": "See A/70/1.", "2": "A/79/100."}
    numbers = [b.number for b in read_docx_blocks(data, "s.docx")[0] if b.number]
    if auto:
        # "2 bis." and the sub-paragraphs of a preambular paragraph stay typed.
        assert numbers == ["1.", "(a)", "(b)", "(i)", "(ii)", "(c)", "2.", "3."]
    else:
        assert numbers == []


def test_read_document_dispatches_docx_by_content(tmp_path: Path) -> None:
    path = tmp_path / "draft.docx"
    path.write_bytes(build_docx(_from_text(corpus.CND_60_2)))
    document = read_document(path)
    assert document.count(Kind.OPERATIVE) == 11
    assert document.source == "draft.docx"


def test_header_and_footer_never_reach_paragraphs() -> None:
    expected = _from_text(corpus.CND_L4_DRAFT)
    data = build_docx(
        expected, header="E/CN.7/2022/L.4 RUNNINGHEAD", footer="V.22-01234 (E)", page_numbers=True
    )
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        furniture = "".join(
            archive.read(name).decode()
            for name in archive.namelist()
            if name.startswith(("word/header", "word/footer"))
        )
    assert "RUNNINGHEAD" in furniture and "V.22-01234" in furniture
    document = read_docx(data, "l4.docx")
    texts = " ".join(p.text for p in document.paragraphs)
    assert "RUNNINGHEAD" not in texts
    assert "V.22-01234" not in texts
    assert _summary(document) == _summary(expected)


@pytest.mark.libreoffice
def test_libreoffice_prints_the_builders_numbers_and_footnotes(tmp_path: Path) -> None:
    """A real client numbers the builder's list as the reader does (the PDF tests rely on it)."""
    import subprocess

    from tests.conftest import soffice

    binary = soffice()
    source = tmp_path / "synthetic.docx"
    source.write_bytes(build_docx(_synthetic()))
    subprocess.run(
        [
            binary,
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "txt:Text",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    lines = [
        line.strip() for line in (tmp_path / "synthetic.txt").read_text("utf-8-sig").split("\n")
    ]
    assert "1. Decides to act as follows:" in lines
    assert "(ii) the second thing;" in lines
    assert "(c) To do z;" in lines
    assert "3. Decides to remain seized of the matter." in lines


# --- Word constructs, on hand-written packages ----------------------------------------------

R = '<w:r><w:t xml:space="preserve">{}</w:t></w:r>'


def _p(*runs: str, ppr: str = "") -> str:
    return f"<w:p>{f'<w:pPr>{ppr}</w:pPr>' if ppr else ''}{''.join(runs)}</w:p>"


def _t(text: str, rpr: str = "") -> str:
    props = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    return f'<w:r>{props}<w:t xml:space="preserve">{text}</w:t></w:r>'


def _texts(body: str, **parts: str) -> list[str]:
    blocks, _ = read_docx_blocks(build_raw_docx(body, parts=parts), "t.docx")
    return [b.text for b in blocks]


def test_tables_are_read_row_by_row_cell_by_cell() -> None:
    def cell(*paragraphs: str) -> str:
        return f"<w:tc><w:tcPr/>{''.join(_p(_t(x)) for x in paragraphs)}</w:tc>"

    nested = f"<w:tbl><w:tr>{cell('nested 1')}{cell('nested 2')}</w:tr></w:tbl>"
    body = (
        _p(_t("before"))
        + "<w:tbl><w:tblPr/>"
        + f"<w:tr>{cell('row 1 cell 1 a', 'row 1 cell 1 b')}{cell('row 1 cell 2')}</w:tr>"
        + f"<w:tr><w:tc>{_p(_t('row 2 cell 1'))}{nested}</w:tc>{cell('row 2 cell 2')}</w:tr>"
        + "</w:tbl>"
        + _p(_t("after"))
    )
    assert _texts(body) == [
        "before",
        "row 1 cell 1 a",
        "row 1 cell 1 b",
        "row 1 cell 2",
        "row 2 cell 1",
        "nested 1",
        "nested 2",
        "row 2 cell 2",
        "after",
    ]


def test_tracked_changes_read_as_the_current_text() -> None:
    numbering = wrap(
        "numbering",
        '<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        '<w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>',
    )
    num = '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>'
    author = 'w:id="{}" w:author="EU" w:date="2024-01-01T00:00:00Z"'
    deleted_mark = f"<w:rPr><w:del {author.format(90)}/></w:rPr>"
    body = (
        _p(
            _t("Encourages "),
            f"<w:del {author.format(1)}><w:r><w:delText>all </w:delText></w:r></w:del>",
            f"<w:ins {author.format(2)}>{_t('Member ')}</w:ins>",
            _t("States"),
            f"<w:moveFrom {author.format(3)}><w:r><w:t>, moved away</w:t></w:r></w:moveFrom>",
            f"<w:moveTo {author.format(4)}>{_t(' to act')}</w:moveTo>",
            _t(";"),
            ppr=num,
        )
        # A whole deleted numbered paragraph: no text, no number, no empty paragraph.
        + _p(
            f"<w:del {author.format(5)}><w:r><w:delText>Deleted paragraph;</w:delText></w:r>"
            "</w:del>",
            ppr=num + deleted_mark,
        )
        # A paragraph whose mark was deleted runs on into the next one.
        + _p(_t("Requests the"), ppr=num + deleted_mark)
        + _p(_t("Secretary-General to report;"), ppr=num)
        # A numbering change tracked in pPrChange: the current properties count.
        + _p(
            _t("Decides to remain seized."),
            ppr=num + f"<w:pPrChange {author.format(6)}><w:pPr/></w:pPrChange>",
        )
    )
    blocks, _ = read_docx_blocks(build_raw_docx(body, parts={"numbering": numbering}), "t.docx")
    assert [(b.number, b.text) for b in blocks] == [
        ("1.", "Encourages Member States to act;"),
        ("2.", "Requests the Secretary-General to report;"),
        ("3.", "Decides to remain seized."),
    ]


def test_fields_breaks_tabs_hyphens_and_hidden_text() -> None:
    body = _p(
        _t("See"),
        "<w:r><w:tab/></w:r>",
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
        '<w:r><w:instrText xml:space="preserve"> HYPERLINK "https://undocs.org" </w:instrText>'
        "</w:r>",
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
        _t("A/RES/70/1"),
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
        '<w:fldSimple w:instr=" REF x "><w:r><w:t>, annex</w:t></w:r></w:fldSimple>',
        "<w:r><w:br/></w:r>",
        _t("evidence"),
        "<w:r><w:noBreakHyphen/></w:r>",
        _t("based pro"),
        "<w:r><w:softHyphen/></w:r>",
        _t("grammes"),
        _t(" SECRET", "<w:vanish/>"),
        '<w:hyperlink r:id="rId99">' + _t(" and the link") + "</w:hyperlink>",
    )
    assert _texts(body) == ["See A/RES/70/1, annex evidence-based programmes and the link"]


def test_italic_and_bold_from_runs_styles_and_defaults() -> None:
    styles = wrap(
        "styles",
        "<w:docDefaults><w:rPrDefault><w:rPr/></w:rPrDefault></w:docDefaults>"
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
        "</w:style>"
        '<w:style w:type="character" w:styleId="Emphasis"><w:name w:val="Emphasis"/>'
        "<w:rPr><w:i/></w:rPr></w:style>"
        '<w:style w:type="character" w:styleId="Strong2"><w:basedOn w:val="Emphasis"/>'
        "<w:rPr><w:b/></w:rPr></w:style>"
        '<w:style w:type="paragraph" w:styleId="Quote"><w:name w:val="Quote"/>'
        "<w:rPr><w:i/></w:rPr></w:style>"
        '<w:style w:type="paragraph" w:styleId="TitleUN"><w:name w:val="Title UN"/>'
        "<w:rPr><w:b/></w:rPr></w:style>",
    )
    body = (
        _p(_t("Recalling", '<w:rStyle w:val="Emphasis"/>'), _t(" also", "<w:i/>"), _t(" its"))
        + _p(_t("Noting", '<w:rStyle w:val="Strong2"/>'), _t(" with", '<w:i w:val="0"/>'))
        + _p(
            _t("All italic but "),
            _t("this", '<w:i w:val="false"/>'),
            ppr='<w:pStyle w:val="Quote"/>',
        )
        + _p(_t("Bold "), _t("title"), ppr='<w:pStyle w:val="TitleUN"/>')
    )
    blocks, _ = read_docx_blocks(build_raw_docx(body, parts={"styles": styles}), "t.docx")
    spans = [[b.text[s.start : s.end] for s in b.italic] for b in blocks]
    # Italic words separated by a plain space read as one span: the space's slant is invisible.
    assert spans == [["Recalling also"], ["Noting"], ["All italic but"], []]
    assert [b.bold for b in blocks] == [False, False, False, True]
    assert [b.style for b in blocks] == ["Normal", "Normal", "Quote", "Title UN"]


def _numbering(*abstracts: str, nums: str) -> str:
    return wrap("numbering", "".join(abstracts) + nums)


def _lvl(ilvl: int, fmt: str, text: str, start: int = 1, extra: str = "") -> str:
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>{extra}'
        f'<w:lvlText w:val="{text}"/></w:lvl>'
    )


def _numbers(body: str, numbering: str, styles: str | None = None) -> list[str | None]:
    parts = {"numbering": numbering}
    if styles is not None:
        parts["styles"] = styles
    blocks, _ = read_docx_blocks(build_raw_docx(body, parts=parts), "t.docx")
    return [b.number for b in blocks]


def _np(num_id: str, ilvl: int | None = None, text: str = "x", style: str | None = None) -> str:
    ppr = f'<w:pStyle w:val="{style}"/>' if style else ""
    level = f'<w:ilvl w:val="{ilvl}"/>' if ilvl is not None else ""
    if num_id:
        ppr += f'<w:numPr>{level}<w:numId w:val="{num_id}"/></w:numPr>'
    return _p(_t(text), ppr=ppr)


def test_numbering_levels_formats_and_restarts() -> None:
    abstract = (
        '<w:abstractNum w:abstractNumId="0">'
        + _lvl(0, "decimal", "%1.")
        + _lvl(1, "lowerLetter", "(%2)")
        + _lvl(2, "lowerRoman", "(%3)")
        + "</w:abstractNum>"
    )
    body = "".join(_np("1", level) for level in (0, 1, 1, 2, 2, 2, 2, 1, 0, 1, 2, 0))
    nums = '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    assert _numbers(body, _numbering(abstract, nums=nums)) == [
        "1.", "(a)", "(b)", "(i)", "(ii)", "(iii)", "(iv)", "(c)", "2.", "(a)", "(i)", "3.",
    ]  # fmt: skip


def test_numbering_start_values_other_formats_and_legal() -> None:
    abstract = (
        '<w:abstractNum w:abstractNumId="0">'
        + _lvl(0, "upperRoman", "%1.", start=4)
        + _lvl(1, "upperLetter", "%1.%2", extra="<w:isLgl/>")
        + _lvl(2, "bullet", "•")
        + _lvl(3, "decimalZero", "%4)")
        + "</w:abstractNum>"
    )
    nums = '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    body = "".join(_np("1", level) for level in (0, 1, 1, 2, 3, 0))
    assert _numbers(body, _numbering(abstract, nums=nums)) == [
        "IV.", "4.1", "4.2", None, "01)", "V.",
    ]  # fmt: skip
    assert [format_number(n, "lowerLetter") for n in (1, 26, 27, 28)] == ["a", "z", "aa", "bb"]
    assert format_number(1994, "upperRoman") == "MCMXCIV"


def test_lists_sharing_a_definition_continue_and_start_overrides_restart() -> None:
    abstract = (
        '<w:abstractNum w:abstractNumId="0">' + _lvl(0, "decimal", "%1.") + "</w:abstractNum>"
    )
    nums = (
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="0"/></w:num>'
        '<w:num w:numId="3"><w:abstractNumId w:val="0"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
        '<w:num w:numId="4"><w:abstractNumId w:val="0"/>'
        '<w:lvlOverride w:ilvl="0"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        '<w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%1)"/></w:lvl></w:lvlOverride></w:num>'
    )
    body = "".join(_np(n, 0) for n in ("1", "1", "2", "3", "3", "1", "4")) + _np("0", 0, "none")
    assert _numbers(body, _numbering(abstract, nums=nums)) == [
        "1.", "2.", "3.", "1.", "2.", "3.", "d)", None,
    ]  # fmt: skip


def test_lvl_restart_zero_keeps_counting_across_higher_levels() -> None:
    abstract = (
        '<w:abstractNum w:abstractNumId="0">'
        + _lvl(0, "decimal", "%1.")
        + _lvl(1, "lowerLetter", "(%2)", extra='<w:lvlRestart w:val="0"/>')
        + "</w:abstractNum>"
    )
    nums = '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    body = "".join(_np("1", level) for level in (0, 1, 1, 0, 1))
    assert _numbers(body, _numbering(abstract, nums=nums)) == ["1.", "(a)", "(b)", "2.", "(c)"]


def test_numbering_through_paragraph_styles() -> None:
    abstract = (
        '<w:abstractNum w:abstractNumId="0">'
        + _lvl(0, "decimal", "%1.", extra='<w:pStyle w:val="OP"/>')
        + _lvl(1, "lowerLetter", "(%2)", extra='<w:pStyle w:val="SubOP"/>')
        + "</w:abstractNum>"
    )
    nums = '<w:num w:numId="7"><w:abstractNumId w:val="0"/></w:num>'
    styles = wrap(
        "styles",
        '<w:style w:type="paragraph" w:styleId="OP"><w:pPr><w:numPr><w:numId w:val="7"/>'
        "</w:numPr></w:pPr></w:style>"
        '<w:style w:type="paragraph" w:styleId="SubOP"><w:basedOn w:val="OP"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="OPNoNumber"><w:basedOn w:val="OP"/>'
        '<w:pPr><w:numPr><w:numId w:val="0"/></w:numPr></w:pPr></w:style>',
    )
    body = (
        _np("", style="OP")
        + _np("", style="SubOP")
        + _np("", style="SubOP")
        + _np("0", style="OP", text="typed")
        + _np("", style="OP")
        + _np("", style="OPNoNumber")
    )
    assert _numbers(body, _numbering(abstract, nums=nums), styles) == [
        "1.", "(a)", "(b)", None, "2.", None,
    ]  # fmt: skip


def _footnotes(*notes: str) -> str:
    separators = (
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
        "</w:footnote>"
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
        "<w:continuationSeparator/></w:r></w:p></w:footnote>"
    )
    return wrap("footnotes", separators + "".join(notes))


def _note(word_id: int, *paragraphs: str, custom: str | None = None) -> str:
    mark = f"<w:r><w:t>{custom}</w:t></w:r>" if custom else "<w:r><w:footnoteRef/></w:r>"
    body = "".join(
        f"<w:p>{mark if i == 0 else ''}{_t(' ' + text)}</w:p>" for i, text in enumerate(paragraphs)
    )
    return f'<w:footnote w:id="{word_id}">{body}</w:footnote>'


def _ref(word_id: int, custom: str | None = None) -> str:
    if custom:
        return (
            f'<w:r><w:footnoteReference w:customMarkFollows="1" w:id="{word_id}"/>'
            f"<w:t>{custom}</w:t></w:r>"
        )
    return f'<w:r><w:footnoteReference w:id="{word_id}"/></w:r>'


def test_footnotes_custom_marks_numbers_and_positions() -> None:
    body = _p(_t("Item 6 of the provisional agenda"), _ref(3, "*")) + _p(
        _t("Recalling the Convention,"),
        _ref(1),
        _t(" and the Protocols"),
        _ref(2),
        _t(" and a missing one"),
        _ref(9),
        _t(","),
    )
    footnotes = _footnotes(
        _note(1, "United Nations, Treaty Series, vol. 2225.", "Second paragraph."),
        _note(2, "Ibid., vols. 2237."),
        _note(3, "E/CN.7/2022/1.", custom="*"),
    )
    blocks, notes = read_docx_blocks(build_raw_docx(body, parts={"footnotes": footnotes}), "t")
    assert [(n.id, n.marker, n.text) for n in notes] == [
        ("*", "*", "E/CN.7/2022/1."),
        ("1", "1", "United Nations, Treaty Series, vol. 2225. Second paragraph."),
        ("2", "2", "Ibid., vols. 2237."),
    ]
    assert blocks[0].text == "Item 6 of the provisional agenda"
    text = blocks[1].text
    assert text == "Recalling the Convention, and the Protocols and a missing one,"
    assert [(r.footnote_id, text[: r.offset][-10:]) for r in blocks[1].footnotes] == [
        ("1", "onvention,"),
        ("2", " Protocols"),
    ]


def test_footnote_number_format_from_settings_and_endnotes() -> None:
    settings = wrap(
        "settings",
        '<w:footnotePr><w:numFmt w:val="lowerLetter"/><w:numStart w:val="3"/></w:footnotePr>',
    )
    endnotes = wrap(
        "endnotes",
        '<w:endnote w:type="separator" w:id="-1"><w:p/></w:endnote>'
        '<w:endnote w:id="1"><w:p><w:r><w:endnoteRef/></w:r>' + _t(" An endnote.") + "</w:p>"
        "</w:endnote>",
    )
    body = _p(
        _t("One"),
        _ref(1),
        _t(" two"),
        _ref(2),
        _t(" end"),
        '<w:r><w:endnoteReference w:id="1"/></w:r>',
    )
    parts = {
        "settings": settings,
        "endnotes": endnotes,
        "footnotes": _footnotes(_note(1, "First."), _note(2, "Second.")),
    }
    _, notes = read_docx_blocks(build_raw_docx(body, parts=parts), "t")
    assert [(n.id, n.text) for n in notes] == [
        ("c", "First."),
        ("d", "Second."),
        ("i", "An endnote."),
    ]


def test_macro_enabled_document_is_read_as_text_only() -> None:
    data = build_raw_docx(
        _p(_t("The General Assembly,")),
        main_type=MACRO_MAIN_TYPE,
        extra={"word/vbaProject.bin": b'\xd0\xcf\x11\xe0 Sub AutoOpen() Shell "calc" End Sub'},
    )
    blocks, _ = read_docx_blocks(data, "draft.docm")
    assert [b.text for b in blocks] == ["The General Assembly,"]


def test_strict_open_xml_documents_are_read() -> None:
    strict = "http://purl.oclc.org/ooxml/wordprocessingml/main"
    document_xml = (
        f'<w:document xmlns:w="{strict}"><w:body><w:p><w:r><w:rPr><w:i/></w:rPr>'
        '<w:t>Recalling</w:t></w:r><w:r><w:t xml:space="preserve"> its resolution,</w:t>'
        "</w:r></w:p></w:body></w:document>"
    )
    blocks, _ = read_docx_blocks(build_raw_docx("", document_xml=document_xml), "strict.docx")
    assert [(b.text, [(s.start, s.end) for s in b.italic]) for b in blocks] == [
        ("Recalling its resolution,", [(0, 9)])
    ]
