"""Test helper: UN-style Word documents built from a model `Document`, and raw packages.

`build_docx(document)` writes what a drafter's .docx of that resolution looks like: masthead lines
from the metadata, the title in bold, the opening line, preambular paragraphs with their italic
leading words (the document's italic spans), operative paragraphs as an automatically numbered
list ("1." at level 1, sub-paragraphs "(a)" at level 2, "(i)" at level 3; real numbering.xml
definitions) or with typed numbers (`auto_numbering=False`), and real Word footnotes
(footnotes.xml with its separators, relationship and content type; a reference run at each
`FootnoteRef` offset; markers that automatic numbering would not print, such as "*", are custom
marks). Optional header and footer text (running symbol, job number) and a PAGE field let the PDF
tests print page furniture through LibreOffice.

A number automatic numbering cannot print where it stands ("5 bis.", a gap, a sub-paragraph of a
preambular paragraph that would continue the previous list) is typed into the text instead, so
the printed numbers are always the document's. Footnotes no paragraph refers to (the agenda
footnote of the masthead) are attached to the agenda-item line (else the first masthead line);
without a masthead they are left out.

`build_raw_docx(body_xml, ...)` assembles a minimal package around hand-written WordprocessingML,
for tests of constructs python-docx cannot write (tracked changes, odd numbering, hostile XML).

python-docx writes here (tests only); the part python-docx has no API for (footnotes) is added as
a plain part.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping, Sequence
from copy import deepcopy

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement
from docx.shared import Pt
from docx.text.paragraph import Paragraph as DocxParagraph
from lxml import etree

from diffing.model import Document, Footnote, FootnoteRef, Kind, Paragraph, Span

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

_ABSTRACT_ID = "90"
_NUM_ID = "90"
_LEVELS = (("decimal", "%1."), ("lowerLetter", "(%2)"), ("lowerRoman", "(%3)"))


def _letters(number: int) -> str:
    return chr(ord("a") + (number - 1) % 26) * ((number - 1) // 26 + 1)


def _roman(number: int) -> str:
    out = []
    for value, letters in ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)


_FORMATS = (str, _letters, _roman)


def _masthead(document: Document) -> list[str]:
    meta = document.metadata
    lines: list[str] = []
    if meta.symbol:
        lines.append(meta.symbol)
    if meta.distribution:
        lines.append(f"Distr.: {meta.distribution}")
    if meta.date:
        lines.append(meta.date)
    if meta.distribution:
        lines.append("Original: English")
    for value in (meta.body, meta.session, meta.place_and_date, meta.agenda_item, meta.sponsors):
        if value:
            lines.append(value)
    if meta.resolution_number and meta.status == "adopted":
        lines.append(f"Resolution {meta.resolution_number}")
    return lines


class _Builder:
    def __init__(self, document: Document, *, auto_numbering: bool) -> None:
        self.document = document
        self.auto_numbering = auto_numbering
        self.doc = docx.Document()
        self.notes: list[tuple[int, Footnote, bool]] = []
        """(Word id, footnote, custom mark) in reference order."""
        self.auto_notes = 0
        self.counters: list[int | None] = [None, None, None]
        self.auto_top = False
        """The operative paragraph now being written is automatically numbered."""
        self._styles()
        if auto_numbering:
            self._numbering()

    # -- package pieces

    def _styles(self) -> None:
        styles = self.doc.styles
        normal = styles["Normal"]
        normal.font.name = "Times New Roman"
        normal.font.size = Pt(10)
        text = styles.add_style("Footnote Text", WD_STYLE_TYPE.PARAGRAPH)
        text.base_style = normal
        text.font.size = Pt(8)
        reference = styles.add_style("Footnote Reference", WD_STYLE_TYPE.CHARACTER)
        reference.font.superscript = True

    def _numbering(self) -> None:
        numbering = self.doc.part.numbering_part.element
        abstract = OxmlElement("w:abstractNum", {qn("w:abstractNumId"): _ABSTRACT_ID})
        multi = OxmlElement("w:multiLevelType", {qn("w:val"): "multilevel"})
        abstract.append(multi)
        for ilvl in range(9):
            fmt, text = _LEVELS[ilvl] if ilvl < len(_LEVELS) else ("decimal", f"%{ilvl + 1}.")
            lvl = OxmlElement("w:lvl", {qn("w:ilvl"): str(ilvl)})
            lvl.append(OxmlElement("w:start", {qn("w:val"): "1"}))
            lvl.append(OxmlElement("w:numFmt", {qn("w:val"): fmt}))
            lvl.append(OxmlElement("w:lvlText", {qn("w:val"): text}))
            lvl.append(OxmlElement("w:lvlJc", {qn("w:val"): "left"}))
            ppr = OxmlElement("w:pPr")
            indent = str(624 * (ilvl + 1))
            ppr.append(OxmlElement("w:ind", {qn("w:left"): indent, qn("w:hanging"): "624"}))
            lvl.append(ppr)
            abstract.append(lvl)
        first_num = numbering.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            numbering.append(abstract)
        num = OxmlElement("w:num", {qn("w:numId"): _NUM_ID})
        num.append(OxmlElement("w:abstractNumId", {qn("w:val"): _ABSTRACT_ID}))
        numbering.append(num)

    def _footnotes_part(self) -> None:
        root = etree.Element(f"{{{W_NS}}}footnotes", nsmap={"w": W_NS, "r": R_NS})
        for word_id, kind in (("-1", "separator"), ("0", "continuationSeparator")):
            note = etree.SubElement(root, f"{{{W_NS}}}footnote")
            note.set(f"{{{W_NS}}}type", kind)
            note.set(f"{{{W_NS}}}id", word_id)
            paragraph = etree.SubElement(note, f"{{{W_NS}}}p")
            run = etree.SubElement(paragraph, f"{{{W_NS}}}r")
            etree.SubElement(run, f"{{{W_NS}}}{kind}")
        for word_id, footnote, custom in self.notes:
            note = etree.SubElement(root, f"{{{W_NS}}}footnote")
            note.set(f"{{{W_NS}}}id", str(word_id))
            paragraph = etree.SubElement(note, f"{{{W_NS}}}p")
            ppr = etree.SubElement(paragraph, f"{{{W_NS}}}pPr")
            etree.SubElement(ppr, f"{{{W_NS}}}pStyle").set(f"{{{W_NS}}}val", "FootnoteText")
            mark = etree.SubElement(paragraph, f"{{{W_NS}}}r")
            rpr = etree.SubElement(mark, f"{{{W_NS}}}rPr")
            etree.SubElement(rpr, f"{{{W_NS}}}rStyle").set(f"{{{W_NS}}}val", "FootnoteReference")
            if custom:
                etree.SubElement(mark, f"{{{W_NS}}}t").text = footnote.marker
            else:
                etree.SubElement(mark, f"{{{W_NS}}}footnoteRef")
            run = etree.SubElement(paragraph, f"{{{W_NS}}}r")
            t = etree.SubElement(run, f"{{{W_NS}}}t")
            t.text = " " + footnote.text
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, blob, self.doc.part.package)
        self.doc.part.relate_to(part, RT.FOOTNOTES)
        settings = self.doc.settings.element
        properties = OxmlElement("w:footnotePr")
        for word_id in ("-1", "0"):
            properties.append(OxmlElement("w:footnote", {qn("w:id"): word_id}))
        compat = settings.find(qn("w:compat"))
        if compat is not None:
            compat.addprevious(properties)
        else:
            settings.append(properties)

    # -- text

    def _reference(self, paragraph: DocxParagraph, footnote: Footnote) -> None:
        word_id = len(self.notes) + 1
        custom = footnote.marker != str(self.auto_notes + 1)
        if not custom:
            self.auto_notes += 1
        self.notes.append((word_id, footnote, custom))
        run = paragraph.add_run()
        run.style = self.doc.styles["Footnote Reference"]
        attributes = {qn("w:id"): str(word_id)}
        if custom:
            attributes = {qn("w:customMarkFollows"): "1", **attributes}
        run._r.append(OxmlElement("w:footnoteReference", attributes))
        if custom:
            run._r.append(deepcopy(_text_element(footnote.marker)))

    def _write(
        self,
        text: str,
        *,
        italic: Sequence[Span] = (),
        refs: Sequence[FootnoteRef] = (),
        bold: bool = False,
        prefix: str = "",
        number: bool = False,
        level: int = 0,
        first_line_indent: bool = False,
    ) -> None:
        paragraph = self.doc.add_paragraph()
        if number:
            ppr = paragraph._p.get_or_add_pPr()
            numpr = OxmlElement("w:numPr")
            numpr.append(OxmlElement("w:ilvl", {qn("w:val"): str(level)}))
            numpr.append(OxmlElement("w:numId", {qn("w:val"): _NUM_ID}))
            ppr.append(numpr)
        elif first_line_indent:
            paragraph.paragraph_format.first_line_indent = Pt(28)
        if prefix:
            paragraph.add_run(prefix).bold = bold or None
        cuts = {0, len(text)}
        for span in italic:
            cuts.update((span.start, span.end))
        cuts.update(ref.offset for ref in refs)
        points = sorted(c for c in cuts if 0 <= c <= len(text))
        pending = sorted(refs, key=lambda r: r.offset)
        for start, end in zip(points, [*points[1:], len(text)], strict=True):
            while pending and pending[0].offset <= start:
                self._reference(paragraph, self.document.footnote(pending.pop(0).footnote_id))
            if end > start:
                run = paragraph.add_run(text[start:end])
                if any(s.start <= start and end <= s.end for s in italic):
                    run.italic = True
                if bold:
                    run.bold = True
        for ref in pending:
            self._reference(paragraph, self.document.footnote(ref.footnote_id))

    def _numbered(self, paragraph: Paragraph) -> tuple[bool, int, str]:
        """(automatic?, list level, typed prefix) for an operative or sub-paragraph."""
        number = paragraph.number or ""
        if paragraph.kind is Kind.OPERATIVE:
            level, typed = 0, f"{number}.\t"
        else:
            parent = paragraph.parent
            nested = parent is not None and "(" in parent
            level, typed = (2 if nested else 1), f"({number})\t"
        value = (self.counters[level] or 0) + 1
        # Sub-paragraphs are automatic only under an automatically numbered operative
        # paragraph: a list that starts at level 2 is numbered differently by Word and
        # LibreOffice ("(a)" under a preambular paragraph makes LibreOffice's next "1." a 2).
        auto = (
            self.auto_numbering
            and (level == 0 or self.auto_top)
            and _FORMATS[level](value) == number
        )
        if level == 0:
            self.auto_top = auto
        if not auto:
            return False, level, typed
        self.counters[level] = value
        for lower in range(level + 1, len(self.counters)):
            self.counters[lower] = None
        return True, level, ""

    def build(self, *, header: str | None, footer: str | None, page_numbers: bool) -> bytes:
        document = self.document
        referenced = {ref.footnote_id for p in document.paragraphs for ref in p.footnotes}
        loose = [f for f in document.footnotes if f.id not in referenced]
        masthead = _masthead(document) if document.structured else []
        anchor = next(
            (i for i, line in enumerate(masthead) if line == document.metadata.agenda_item), 0
        )
        for index, line in enumerate(masthead):
            refs = (
                [FootnoteRef(f.id, len(line)) for f in loose] if index == anchor and loose else []
            )
            self._write(line, refs=refs)
        for paragraph in document.paragraphs:
            if paragraph.kind not in (Kind.OPERATIVE, Kind.SUBPARAGRAPH):
                self.auto_top = False
            if paragraph.kind in (Kind.OPERATIVE, Kind.SUBPARAGRAPH) and paragraph.number:
                auto, level, typed = self._numbered(paragraph)
                self._write(
                    paragraph.text,
                    italic=paragraph.italic,
                    refs=paragraph.footnotes,
                    prefix=typed,
                    number=auto,
                    level=level,
                )
                continue
            self._write(
                paragraph.text,
                italic=paragraph.italic,
                refs=paragraph.footnotes,
                bold=paragraph.kind is Kind.TITLE,
                prefix=f"{paragraph.number}. " if paragraph.number else "",
                first_line_indent=paragraph.kind is Kind.PREAMBULAR,
            )
        self._footnotes_part()
        section = self.doc.sections[0]
        if header is not None:
            section.header.paragraphs[0].text = header
        if footer is not None or page_numbers:
            paragraph = section.footer.paragraphs[0]
            paragraph.text = footer or ""
            if page_numbers:
                if footer:
                    paragraph.add_run("\t")
                field = OxmlElement("w:fldSimple", {qn("w:instr"): " PAGE "})
                run = OxmlElement("w:r")
                run.append(_text_element("1"))
                field.append(run)
                paragraph._p.append(field)
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()


def _text_element(text: str) -> etree._Element:
    element = OxmlElement("w:t")
    element.text = text
    if text != text.strip():
        element.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return element


def build_docx(
    document: Document,
    *,
    auto_numbering: bool = True,
    header: str | None = None,
    footer: str | None = None,
    page_numbers: bool = False,
) -> bytes:
    """A UN-style .docx of `document`; see the module doc."""
    builder = _Builder(document, auto_numbering=auto_numbering)
    return builder.build(header=header, footer=footer, page_numbers=page_numbers)


# --- raw packages ---------------------------------------------------------------------------

MAIN_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
MACRO_MAIN_TYPE = "application/vnd.ms-word.document.macroEnabled.main+xml"

_PART_TYPES = {
    "numbering": ("numbering", "application/vnd.openxmlformats-officedocument.wordprocessingml"),
    "footnotes": ("footnotes", "application/vnd.openxmlformats-officedocument.wordprocessingml"),
    "endnotes": ("endnotes", "application/vnd.openxmlformats-officedocument.wordprocessingml"),
    "styles": ("styles", "application/vnd.openxmlformats-officedocument.wordprocessingml"),
    "settings": ("settings", "application/vnd.openxmlformats-officedocument.wordprocessingml"),
    "header1": ("header", "application/vnd.openxmlformats-officedocument.wordprocessingml"),
    "comments": ("comments", "application/vnd.openxmlformats-officedocument.wordprocessingml"),
}


def wrap(root: str, content: str) -> str:
    """A WordprocessingML part: `<w:root>content</w:root>` with the usual namespaces."""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:{root} xmlns:w="{W_NS}" xmlns:r="{R_NS}">{content}</w:{root}>'
    )


def build_raw_docx(
    body: str,
    *,
    parts: Mapping[str, str] | None = None,
    main_type: str = MAIN_TYPE,
    document_xml: str | None = None,
    extra: Mapping[str, bytes] | None = None,
    relationships: Mapping[str, tuple[str, str]] | None = None,
) -> bytes:
    """A minimal Word package around hand-written body XML (the inside of `<w:body>`).

    `parts` maps "numbering", "footnotes", "endnotes", "styles", "settings", "header1" or
    "comments" to the
    full XML of that part (see `wrap`); `document_xml` replaces the whole main part (for hostile
    tests); `extra` adds arbitrary zip entries (e.g. word/vbaProject.bin); `relationships` adds
    the main part's relationships {id: (type suffix, target)}, e.g. {"rIdImg": ("image",
    "media/image1.png")} for a picture whose bytes `extra` holds."""
    parts = dict(parts or {})
    extra_relationships = relationships
    main = (
        document_xml if document_xml is not None else wrap("document", f"<w:body>{body}</w:body>")
    )
    overrides = [f'<Override PartName="/word/document.xml" ContentType="{main_type}"/>']
    relationships = []
    files: dict[str, bytes] = {}
    for index, (name, xml) in enumerate(sorted(parts.items()), start=1):
        kind, prefix = _PART_TYPES[name]
        overrides.append(
            f'<Override PartName="/word/{name}.xml" ContentType="{prefix}.{kind}+xml"/>'
        )
        relationships.append(
            f'<Relationship Id="rId{index}" Target="{name}.xml" '
            f'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{kind}"/>'
        )
        files[f"word/{name}.xml"] = xml.encode("utf-8")
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>' + "".join(overrides) + "</Types>"
    )
    package_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="word/document.xml" Type="http://schemas.openxmlformats.org'
        '/officeDocument/2006/relationships/officeDocument"/></Relationships>'
    )
    for rel_id, (kind, target) in (extra_relationships or {}).items():
        relationships.append(
            f'<Relationship Id="{rel_id}" Target="{target}" '
            f'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{kind}"/>'
        )
    document_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(relationships)
        + "</Relationships>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("_rels/.rels", package_rels)
        archive.writestr("word/document.xml", main)
        archive.writestr("word/_rels/document.xml.rels", document_rels)
        for name, data in files.items():
            archive.writestr(name, data)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return out.getvalue()
