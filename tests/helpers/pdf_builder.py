"""Test helper: UN-style PDFs built from documents, through LibreOffice headless.

A `Document` (usually read from a corpus .txt) is written as a flat OpenDocument text (.fodt) laid
out like a UN document — a first page with the masthead, the job number, a barcode line and
"Please recycle" in its footer; the symbol as a running header and the job number with "page/pages"
as a running footer on the other pages; real footnotes with the markers as printed; italic lead
words; operative numbers set apart by a tab; justified text — and LibreOffice converts it to PDF.

Flat ODT rather than .docx because it needs no other helper to exist and LibreOffice renders its
footnotes, headers and custom footnote marks natively; what the PDF reader sees is the PDF, not
how it was made. `build_pdfs` converts many documents in one soffice call (start-up dominates).
"""

from __future__ import annotations

import itertools
import os
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from diffing.model import Document, Kind, Paragraph
from tests.helpers.make_hostile import pdf_file

_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"'
)

_STYLES = """
<office:font-face-decls>
 <style:font-face style:name="Liberation Serif" svg:font-family="'Liberation Serif'"/>
</office:font-face-decls>
<office:styles>
 <style:default-style style:family="paragraph">
  <style:paragraph-properties fo:orphans="2" fo:widows="2"/>
  <style:text-properties style:font-name="Liberation Serif" fo:font-size="10pt"
   fo:hyphenate="false" fo:language="en" fo:country="GB"/>
 </style:default-style>
 <style:style style:name="Standard" style:family="paragraph">
  <style:paragraph-properties fo:text-align="justify" fo:margin-bottom="6pt"/>
 </style:style>
 <style:style style:name="Footnote" style:family="paragraph">
  <style:paragraph-properties fo:text-align="justify" fo:margin-left="0.25in"
   fo:text-indent="-0.25in" fo:margin-bottom="2pt"/>
  <style:text-properties fo:font-size="8.5pt"/>
 </style:style>
 <style:style style:name="FnAnchor" style:family="text">
  <style:text-properties style:text-position="super 58%"/>
 </style:style>
 <style:style style:name="FnArea" style:family="text">
  <style:text-properties style:text-position="super 58%"/>
 </style:style>
 <style:style style:name="Furniture" style:family="paragraph">
  <style:paragraph-properties fo:text-align="start"/>
  <style:text-properties fo:font-size="8pt" fo:font-weight="bold"/>
 </style:style>
 <style:style style:name="FurnitureRight" style:family="paragraph">
  <style:paragraph-properties fo:text-align="end"/>
  <style:text-properties fo:font-size="8pt" fo:font-weight="bold"/>
 </style:style>
 <text:notes-configuration text:note-class="footnote" text:citation-style-name="FnArea"
  text:citation-body-style-name="FnAnchor" style:num-format="1" text:start-value="0"
  text:footnotes-position="page" text:start-numbering-at="document"/>
</office:styles>
<office:automatic-styles>
 <style:style style:name="First" style:family="paragraph" style:parent-style-name="Standard"
  style:master-page-name="FirstPage">
  <style:paragraph-properties fo:text-align="end" fo:margin-bottom="10pt"/>
  <style:text-properties fo:font-size="15pt" fo:font-weight="bold"/>
 </style:style>
 <style:style style:name="FirstPlain" style:family="paragraph" style:parent-style-name="Standard"
  style:master-page-name="FirstPage"/>
 <style:style style:name="Masthead" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:text-align="start" fo:margin-bottom="4pt"/>
 </style:style>
 <style:style style:name="MastheadRight" style:family="paragraph"
  style:parent-style-name="Standard">
  <style:paragraph-properties fo:text-align="end" fo:margin-bottom="4pt"/>
 </style:style>
 <style:style style:name="Body" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:text-align="start" fo:margin-bottom="4pt"/>
  <style:text-properties fo:font-weight="bold"/>
 </style:style>
 <style:style style:name="Title" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:text-align="start" fo:margin-top="12pt" fo:margin-bottom="12pt"
   fo:margin-right="1in"/>
  <style:text-properties fo:font-size="13pt" fo:font-weight="bold"/>
 </style:style>
 <style:style style:name="PP" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:text-indent="0.5in"/>
 </style:style>
 <style:style style:name="OP" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:text-indent="0.5in">
   <style:tab-stops><style:tab-stop style:position="0.9in"/></style:tab-stops>
  </style:paragraph-properties>
 </style:style>
 <style:style style:name="Sub" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:margin-left="0.5in" fo:text-indent="0.4in">
   <style:tab-stops><style:tab-stop style:position="0.4in"/></style:tab-stops>
  </style:paragraph-properties>
 </style:style>
 <style:style style:name="Cols" style:family="section">
  <style:section-properties text:dont-balance-text-columns="false">
   <style:columns fo:column-count="2" fo:column-gap="0.35in"/>
  </style:section-properties>
 </style:style>
 <style:style style:name="I" style:family="text">
  <style:text-properties fo:font-style="italic"/>
 </style:style>
 <style:page-layout style:name="Page">
  <style:page-layout-properties fo:page-width="8.27in" fo:page-height="11.69in"
   fo:margin-top="0.5in" fo:margin-bottom="0.5in" fo:margin-left="1in" fo:margin-right="1in"/>
  <style:header-style><style:header-footer-properties fo:min-height="0in"
   fo:margin-bottom="0.3in"/></style:header-style>
  <style:footer-style><style:header-footer-properties fo:min-height="0in"
   fo:margin-top="0.3in"/></style:footer-style>
 </style:page-layout>
</office:automatic-styles>
"""


def _master_pages(symbol: str, job: str) -> str:
    barcode = "*" + "".join(ch for ch in job if ch.isdigit()) + "*"
    page_field = (
        '<text:page-number text:select-page="current">1</text:page-number>/'
        "<text:page-count>1</text:page-count>"
    )
    return f"""
<office:master-styles>
 <style:master-page style:name="Standard" style:page-layout-name="Page">
  <style:header><text:p text:style-name="Furniture">{escape(symbol)}</text:p></style:header>
  <style:footer><text:p text:style-name="Furniture">{page_field}<text:tab/>{escape(job)}</text:p>
  </style:footer>
 </style:master-page>
 <style:master-page style:name="FirstPage" style:page-layout-name="Page"
  style:next-style-name="Standard">
  <style:footer>
   <text:p text:style-name="Furniture">{escape(job)} (E)    250322    250322</text:p>
   <text:p text:style-name="Furniture">{escape(barcode)}</text:p>
   <text:p text:style-name="FurnitureRight">Please recycle</text:p>
  </style:footer>
 </style:master-page>
</office:master-styles>
"""


def _runs(paragraph: Paragraph, document: Document, placed: set[str]) -> str:
    """The paragraph's text as ODF runs: italic spans, footnotes at their offsets."""
    text = paragraph.text
    cuts = {0, len(text)}
    for span in paragraph.italic:
        cuts.update((span.start, span.end))
    for ref in paragraph.footnotes:
        cuts.add(ref.offset)
    ordered = sorted(cut for cut in cuts if 0 <= cut <= len(text))
    out: list[str] = []
    for start, end in itertools.pairwise(ordered):
        for ref in paragraph.footnotes:
            if ref.offset == start:
                out.append(_note(ref.footnote_id, document, placed))
        piece = escape(text[start:end])
        italic = any(span.start <= start and end <= span.end for span in paragraph.italic)
        out.append(f'<text:span text:style-name="I">{piece}</text:span>' if italic else piece)
    for ref in paragraph.footnotes:
        if ref.offset >= len(text):
            out.append(_note(ref.footnote_id, document, placed))
    return "".join(out)


def _note(footnote_id: str, document: Document, placed: set[str]) -> str:
    footnote = document.footnote(footnote_id)
    marker = escape(footnote.marker)
    if footnote_id in placed:
        # A second reference to a footnote already printed: its marker, raised, no new body.
        return f'<text:span text:style-name="FnAnchor">{marker}</text:span>'
    placed.add(footnote_id)
    return (
        f'<text:note text:id="n{len(placed)}" text:note-class="footnote">'
        f'<text:note-citation text:label="{marker}">{marker}</text:note-citation>'
        f'<text:note-body><text:p text:style-name="Footnote">{escape(footnote.text)}</text:p>'
        "</text:note-body></text:note>"
    )


def _paragraph_xml(paragraph: Paragraph, document: Document, placed: set[str]) -> str:
    runs = _runs(paragraph, document, placed)
    if paragraph.kind is Kind.TITLE:
        return f'<text:p text:style-name="Title">{runs}</text:p>'
    number = escape(paragraph.number or "")
    if paragraph.kind is Kind.OPERATIVE:
        return f'<text:p text:style-name="OP">{number}.<text:tab/>{runs}</text:p>'
    if paragraph.kind is Kind.SUBPARAGRAPH:
        return f'<text:p text:style-name="Sub">({number})<text:tab/>{runs}</text:p>'
    if paragraph.kind is Kind.PREAMBULAR:
        return f'<text:p text:style-name="PP">{runs}</text:p>'
    return f'<text:p text:style-name="Standard">{runs}</text:p>'


def document_to_fodt(
    document: Document,
    *,
    symbol: str | None = None,
    job: str = "V.22-01234",
    two_columns: bool = False,
    extra_text: str = "",
    plain_footnote_numbers: bool = False,
) -> str:
    """A UN-style flat ODT of `document`. Footnotes no paragraph refers to (the agenda item's)
    go on the agenda line of the masthead. `two_columns` sets the body in two columns;
    `extra_text` is appended as a last plain paragraph (for ligature tests);
    `plain_footnote_numbers` prints the numbers in the footnote area on the line, not raised,
    glued to the text ("1United Nations…"), as some converters do."""
    meta = document.metadata
    symbol = symbol or meta.symbol or "A/RES/00/0"
    placed: set[str] = set()
    referenced = {ref.footnote_id for p in document.paragraphs for ref in p.footnotes}
    loose = [f for f in document.footnotes if f.id not in referenced]
    masthead = [f'<text:p text:style-name="First">{escape(symbol)}</text:p>']
    if not document.structured:
        # A report has no masthead here; its first paragraph opens the first page.
        masthead = ['<text:p text:style-name="FirstPlain"/>']
    for value in (
        ()
        if not document.structured
        else (meta.distribution and f"Distr.: {meta.distribution}", meta.date)
    ):
        if value:
            masthead.append(f'<text:p text:style-name="MastheadRight">{escape(value)}</text:p>')
    if document.structured:
        masthead.append('<text:p text:style-name="MastheadRight">Original: English</text:p>')
    if meta.body:
        masthead.append(f'<text:p text:style-name="Body">{escape(meta.body)}</text:p>')
    for value in (meta.session, meta.place_and_date):
        if value:
            masthead.append(f'<text:p text:style-name="Masthead">{escape(value)}</text:p>')
    notes = "".join(_note(f.id, document, placed) for f in loose)
    if meta.agenda_item or notes:
        item, _, topic = (meta.agenda_item or "").partition(":")
        line = escape(item.strip()) or "Agenda"
        masthead.append(f'<text:p text:style-name="Masthead">{line}{notes}</text:p>')
        if topic.strip():
            masthead.append(f'<text:p text:style-name="Body">{escape(topic.strip())}</text:p>')
    if meta.sponsors:
        masthead.append(f'<text:p text:style-name="Masthead">{escape(meta.sponsors)}</text:p>')
    body = [_paragraph_xml(p, document, placed) for p in document.paragraphs]
    if extra_text:
        body.append(f'<text:p text:style-name="Standard">{escape(extra_text)}</text:p>')
    if two_columns:
        # Title and opening line across the page, the paragraphs in two columns.
        head = [
            x
            for p, x in zip(document.paragraphs, body, strict=False)
            if p.kind in (Kind.TITLE, Kind.OPENING)
        ]
        rest = body[len(head) :]
        body = [
            *head,
            '<text:section text:style-name="Cols" text:name="Cols">',
            *rest,
            "</text:section>",
        ]
    styles = _STYLES
    if plain_footnote_numbers:
        area = '<style:style style:name="FnArea" style:family="text">'
        start = styles.index(area)
        end = styles.index("</style:style>", start) + len("</style:style>")
        styles = styles[:start] + area + "</style:style>" + styles[end:]
        styles = styles.replace('fo:margin-left="0.25in"\n   fo:text-indent="-0.25in"', "")
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document {_NS} office:version="1.3" '
        'office:mimetype="application/vnd.oasis.opendocument.text">'
        f"{styles}{_master_pages(symbol, job)}<office:body><office:text>"
        + "\n".join(masthead + body)
        + "</office:text></office:body></office:document>"
    )


def build_pdfs(sources: Mapping[str, str | bytes], out_dir: Path, soffice: str) -> dict[str, Path]:
    """Convert documents to PDFs in `out_dir` with one LibreOffice call: flat ODT texts (str, from
    `document_to_fodt`) or Word packages (bytes, e.g. from `docx_builder.build_docx`)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    inputs: list[Path] = []
    for name, source in sources.items():
        if isinstance(source, bytes):
            path = out_dir / f"{name}.docx"
            path.write_bytes(source)
        else:
            path = out_dir / f"{name}.fodt"
            path.write_text(source, encoding="utf-8")
        inputs.append(path)
    convert(inputs, out_dir, soffice)
    result = {name: out_dir / f"{name}.pdf" for name in sources}
    missing = [str(path) for path in result.values() if not path.exists()]
    if missing:
        raise RuntimeError(f"LibreOffice did not produce {missing}")
    return result


def convert(inputs: Sequence[Path], out_dir: Path, soffice: str, fmt: str = "pdf") -> None:
    """Run LibreOffice headless once on all `inputs`, with a private profile under /tmp."""
    with tempfile.TemporaryDirectory(prefix="redline-lo-") as profile:
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--norestore",
                "--convert-to",
                fmt,
                "--outdir",
                str(out_dir),
                *map(str, inputs),
            ],
            check=True,
            capture_output=True,
            timeout=300,
            env={**os.environ, "SAL_USE_VCLPLUGIN": "svp"},
        )


# --- PDFs laid out run by run ------------------------------------------------------------------
#
# Real UN PDFs have layouts LibreOffice does not produce on its own: a symbol whose first letter
# is a separate, larger run, a running header in two smaller lines, a footnote rule drawn with
# underscores, a job number with an asterisk. `laid_out_pdf` writes such pages directly: each
# `Run` is placed where it is given, in one of the standard Times fonts, with text spacing
# taken from the fonts' metrics (shipped with pdfminer.six) so runs can follow one another.


@dataclass(frozen=True)
class Run:
    """Text placed on a page: `x` and `top` in points from the left and top edges."""

    x: float
    top: float
    text: str
    size: float = 10.0
    font: str = "R"
    """"R" regular, "I" italic, "B" bold (Times)."""
    word_spacing: float = 0.0
    """Added to each space's width (Tw): justified text squeezes spaces with a negative one."""


_FONTS = {"R": "Times-Roman", "I": "Times-Italic", "B": "Times-Bold"}
PAGE_WIDTH = 612.0
PAGE_HEIGHT = 792.0


def text_width(text: str, size: float = 10.0, font: str = "R") -> float:
    """The width of `text` in points as a PDF viewer draws it (the font's own metrics)."""
    from pdfminer.fontmetrics import FONT_METRICS

    widths = FONT_METRICS[_FONTS[font]][1]
    return sum(widths.get(char, 500) for char in text) * size / 1000


def after(run: Run, text: str, *, gap: float = 0.0, **changes: object) -> Run:
    """A run that follows `run` on its line, `gap` points after its last character."""
    fields: dict[str, object] = {"size": run.size, "font": run.font, "top": run.top}
    fields.update(changes)
    x = run.x + text_width(run.text, run.size, run.font) + gap
    return Run(x=x, text=text, **fields)  # type: ignore[arg-type]


def laid_out_pdf(pages: Sequence[Sequence[Run]]) -> bytes:
    """A PDF of US-letter pages holding exactly the given runs (WinAnsi text)."""
    count = len(pages)
    fonts = " ".join(f"/F{key} {3 + i} 0 R" for i, key in enumerate(_FONTS)).encode()
    first_page = 3 + len(_FONTS)
    kids = " ".join(f"{first_page + 2 * i} 0 R" for i in range(count)).encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % count,
    ]
    for name in _FONTS.values():
        objects.append(
            b"<< /Type /Font /Subtype /Type1 /BaseFont /%s /Encoding /WinAnsiEncoding >>"
            % name.encode()
        )
    for i, runs in enumerate(pages):
        content = b"\n".join(
            b"BT /F%s %.2f Tf %.2f Tw 1 0 0 1 %.2f %.2f Tm (%s) Tj ET"
            % (
                run.font.encode(),
                run.size,
                run.word_spacing,
                run.x,
                PAGE_HEIGHT - run.top - run.size * 0.8,
                run.text.replace("\\", "\\\\")
                .replace("(", "\\(")
                .replace(")", "\\)")
                .encode("cp1252"),
            )
            for run in runs
        )
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources << /Font << %s >> >> "
            b"/Contents %d 0 R >>" % (PAGE_WIDTH, PAGE_HEIGHT, fonts, first_page + 2 * i + 1)
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    return pdf_file(objects)
