"""Exporters layer: the plumbing of a WordprocessingML package, written with lxml.

Shared by the tracked-change export and the comparison table: namespaces, the resolution's
styles (Times New Roman 12, A4), text runs that never carry raw tabs or newlines, and a
deterministic zip (fixed timestamps and part order, so equal inputs give equal bytes).
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections.abc import Sequence

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
NSMAP = {"w": W, "r": R}

DOC_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml"
REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

A4_PORTRAIT = (11906, 16838)
A4_LANDSCAPE = (16838, 11906)

STYLE_IDS = {
    "title": "ResTitle",
    "opening": "ResOpening",
    "preambular": "ResPreambular",
    "operative": "ResOperative",
    "subparagraph": "ResSubparagraph",
    "heading": "ResHeading",
    "closing": "ResClosing",
    "other": "ResOther",
    "masthead": "ResMasthead",
}


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


_W = f"{{{W}}}"


def el(parent: etree._Element | None, tag: str, **attrs: str) -> etree._Element:
    """A w: element (appended to `parent` when given) with w: attributes."""
    # `w` inlined: this runs for every element of an export
    attributes = {_W + k: v for k, v in attrs.items()} if attrs else None
    if parent is None:
        return etree.Element(_W + tag, attributes, nsmap=NSMAP)
    return etree.SubElement(parent, _W + tag, attributes)


_PIECES = re.compile(r"\t|\n|[^\t\n]+")


def add_text(run: etree._Element, text: str, *, deleted: bool = False) -> None:
    """Text into a run: tabs as w:tab, newlines as w:br, text in w:t (w:delText when deleted)."""
    tag = w("delText") if deleted else w("t")
    for piece in _PIECES.findall(text):
        if piece == "\t":
            etree.SubElement(run, w("tab"))
        elif piece == "\n":
            etree.SubElement(run, w("br"))
        else:
            t = etree.SubElement(run, tag)
            t.text = piece
            t.set(XML_SPACE, "preserve")


def run(
    text: str,
    *,
    deleted: bool = False,
    italic: bool = False,
    bold: bool = False,
    color: str | None = None,
    underline: str | None = None,
    strike: str | None = None,
    size: int | None = None,
    rtl: bool = False,
) -> etree._Element:
    """One run; `rtl` marks right-to-left text (w:rtl, with the complex-script bold and italic
    that such text is drawn with)."""
    r = el(None, "r")
    if italic or bold or color or underline or strike or size or rtl:
        rpr = el(r, "rPr")
        # schema order: b, bCs, i, iCs, strike/dstrike, color, sz, szCs, u, rtl
        if bold:
            el(rpr, "b")
            if rtl:
                el(rpr, "bCs")
        if italic:
            el(rpr, "i")
            if rtl:
                el(rpr, "iCs")
        if strike:
            el(rpr, strike)
        if color:
            el(rpr, "color", val=color)
        if size:
            el(rpr, "sz", val=str(size))
            el(rpr, "szCs", val=str(size))
        if underline:
            el(rpr, "u", val=underline)
        if rtl:
            el(rpr, "rtl")
    add_text(r, text, deleted=deleted)
    return r


def _strong(char: str) -> str | None:
    """ "R" for a strong right-to-left character, "L" for a strong left-to-right one."""
    kind = unicodedata.bidirectional(char)
    if kind in ("R", "AL"):
        return "R"
    if kind == "L":
        return "L"
    return None


def first_strong_rtl(text: str) -> bool:
    """True when the first strong character is right-to-left: the paragraph direction of the
    Unicode bidirectional algorithm (rules P2, P3), which Word records as w:bidi."""
    if text.isascii():
        return False  # no right-to-left character in ASCII
    for char in text:
        strong = _strong(char)
        if strong is not None:
            return strong == "R"
    return False


def direction_pieces(text: str) -> list[tuple[str, bool]]:
    """`text` cut where its direction changes: (piece, right-to-left). Neutral characters
    (spaces, digits, punctuation) stay with the piece before them, as Word's runs do."""
    # each distinct character looked up once: most texts hold no right-to-left one at all
    if text.isascii() or not any(_strong(char) == "R" for char in set(text)):
        return [(text, False)]
    pieces: list[tuple[str, bool]] = []
    start = 0
    current: bool | None = None
    for k, char in enumerate(text):
        strong = _strong(char)
        if strong is None:
            continue
        rtl = strong == "R"
        if current is None:
            current = rtl
        elif rtl != current:
            pieces.append((text[start:k], current))
            start, current = k, rtl
    pieces.append((text[start:], bool(current)))
    return [piece for piece in pieces if piece[0]]


def paragraph(style: str | None = None) -> etree._Element:
    p = el(None, "p")
    if style is not None:
        ppr = el(p, "pPr")
        el(ppr, "pStyle", val=style)
    return p


def section(parent: etree._Element, size: tuple[int, int], *, landscape: bool = False) -> None:
    sect = el(parent, "sectPr")
    attrs = {"w": str(size[0]), "h": str(size[1])}
    if landscape:
        attrs["orient"] = "landscape"
    el(sect, "pgSz", **attrs)
    margin = "1134" if landscape else "1417"
    el(
        sect,
        "pgMar",
        top="1417",
        right=margin,
        bottom="1417",
        left=margin,
        header="709",
        footer="709",
        gutter="0",
    )


def styles_xml() -> etree._Element:
    root = el(None, "styles")
    defaults = el(root, "docDefaults")
    rpr = el(el(defaults, "rPrDefault"), "rPr")
    font = "Times New Roman"
    el(rpr, "rFonts", ascii=font, hAnsi=font, cs=font, eastAsia=font)
    el(rpr, "sz", val="24")
    el(rpr, "szCs", val="24")
    el(rpr, "lang", val="en-GB")
    ppr = el(el(defaults, "pPrDefault"), "pPr")
    el(ppr, "spacing", after="0", line="240", lineRule="auto")

    def style(
        style_id: str,
        name: str,
        *,
        kind: str = "paragraph",
        default: bool = False,
        ppr: dict[str, dict[str, str]] | None = None,
        rpr: Sequence[tuple[str, dict[str, str]]] = (),
    ) -> None:
        s = el(root, "style", type=kind, styleId=style_id)
        if default:
            s.set(w("default"), "1")
        el(s, "name", val=name)
        if kind == "paragraph" and not default:
            el(s, "basedOn", val="Normal")
        el(s, "qFormat")
        if ppr:
            p = el(s, "pPr")
            for tag in ("keepNext", "spacing", "ind", "jc"):
                if tag in ppr:
                    el(p, tag, **ppr[tag])
        if rpr:
            r = el(s, "rPr")
            for tag, attrs in rpr:
                el(r, tag, **attrs)

    body_spacing = {"after": "120", "line": "240", "lineRule": "auto"}
    style("Normal", "Normal", default=True)
    style(
        "ResMasthead",
        "Resolution masthead",
        ppr={"spacing": {"after": "60"}},
    )
    style(
        "ResTitle",
        "Resolution title",
        ppr={
            "keepNext": {},
            "spacing": {"before": "240", "after": "240"},
            "ind": {"right": "1134"},
        },
        rpr=[("b", {}), ("bCs", {})],
    )
    style(
        "ResOpening",
        "Resolution opening line",
        ppr={"spacing": body_spacing, "ind": {"firstLine": "567"}, "jc": {"val": "both"}},
    )
    style(
        "ResPreambular",
        "Preambular paragraph",
        ppr={"spacing": body_spacing, "ind": {"firstLine": "567"}, "jc": {"val": "both"}},
    )
    style(
        "ResOperative",
        "Operative paragraph",
        ppr={
            "spacing": body_spacing,
            "ind": {"left": "567", "hanging": "567"},
            "jc": {"val": "both"},
        },
    )
    style(
        "ResSubparagraph",
        "Operative sub-paragraph",
        ppr={
            "spacing": body_spacing,
            "ind": {"left": "1134", "hanging": "567"},
            "jc": {"val": "both"},
        },
    )
    style(
        "ResHeading",
        "Resolution section heading",
        ppr={"keepNext": {}, "spacing": {"before": "240", "after": "120"}},
        rpr=[("b", {}), ("bCs", {})],
    )
    # Closing lines ("69th plenary meeting", the date) stand at the right, as printed.
    style(
        "ResClosing",
        "Resolution closing line",
        ppr={"spacing": {"after": "0"}, "jc": {"val": "right"}},
    )
    style("ResOther", "Resolution text", ppr={"spacing": body_spacing, "jc": {"val": "both"}})
    style(
        "FootnoteText",
        "footnote text",
        ppr={"spacing": {"after": "40"}, "ind": {"left": "284", "hanging": "284"}},
        rpr=[("sz", {"val": "20"}), ("szCs", {"val": "20"})],
    )
    style(
        "FootnoteReference",
        "footnote reference",
        kind="character",
        rpr=[("vertAlign", {"val": "superscript"})],
    )
    style("CommentText", "annotation text", rpr=[("sz", {"val": "20"}), ("szCs", {"val": "20"})])
    style("CommentReference", "annotation reference", kind="character")
    style(
        "TableHeading",
        "Table heading",
        rpr=[("b", {}), ("bCs", {}), ("sz", {"val": "20"}), ("szCs", {"val": "20"})],
    )
    style(
        "TableText",
        "Table text",
        ppr={"spacing": {"after": "60"}},
        rpr=[("sz", {"val": "20"}), ("szCs", {"val": "20"})],
    )
    return root


FONTS = (
    # name, panose-1, charset, family, pitch: Times New Roman as Word describes it
    ("Times New Roman", "02020603050405020304", "00", "roman", "variable"),
)


def font_table_xml() -> etree._Element:
    """word/fontTable.xml: the fonts the styles name (Word rebuilds it when missing; some
    readers warn)."""
    root = el(None, "fonts")
    for name, panose, charset, family, pitch in FONTS:
        font = el(root, "font", name=name)
        el(font, "panose1", val=panose)
        el(font, "charset", val=charset)
        el(font, "family", val=family)
        el(font, "pitch", val=pitch)
    return root


def settings_xml(*, footnotes: bool, track_changes: bool = False) -> etree._Element:
    """word/settings.xml; `track_changes` switches Track Changes on when the file is opened."""
    root = el(None, "settings")
    if track_changes:
        el(root, "trackRevisions")
    el(root, "defaultTabStop", val="567")
    if footnotes:
        pr = el(root, "footnotePr")
        el(pr, "footnote", id="-1")
        el(pr, "footnote", id="0")
    compat = el(root, "compat")
    el(
        compat,
        "compatSetting",
        name="compatibilityMode",
        uri="http://schemas.microsoft.com/office/word",
        val="15",
    )
    return root


def footnote_separators(root: etree._Element) -> None:
    for kind, fid, mark in (
        ("separator", "-1", "separator"),
        ("continuationSeparator", "0", "continuationSeparator"),
    ):
        note = el(root, "footnote", type=kind, id=fid)
        p = el(note, "p")
        el(el(p, "pPr"), "spacing", after="0", line="240", lineRule="auto")
        el(el(p, "r"), mark)


def _xml(root: etree._Element) -> bytes:
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return data


def _core(title: str, author: str, date: str) -> etree._Element:
    cp = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
    dc = "http://purl.org/dc/elements/1.1/"
    dcterms = "http://purl.org/dc/terms/"
    xsi = "http://www.w3.org/2001/XMLSchema-instance"
    root = etree.Element(
        f"{{{cp}}}coreProperties", nsmap={"cp": cp, "dc": dc, "dcterms": dcterms, "xsi": xsi}
    )
    etree.SubElement(root, f"{{{dc}}}title").text = title
    etree.SubElement(root, f"{{{dc}}}creator").text = author
    etree.SubElement(root, f"{{{cp}}}lastModifiedBy").text = author
    for tag in ("created", "modified"):
        e = etree.SubElement(root, f"{{{dcterms}}}{tag}", {f"{{{xsi}}}type": "dcterms:W3CDTF"})
        e.text = date
    return root


def package(
    document: etree._Element,
    *,
    title: str,
    author: str,
    date: str,
    footnotes: etree._Element | None = None,
    comments: etree._Element | None = None,
    track_changes: bool = False,
) -> bytes:
    """The .docx bytes: same inputs, same bytes."""
    overrides = [
        ("/word/document.xml", f"{DOC_TYPE}.document.main+xml"),
        ("/word/styles.xml", f"{DOC_TYPE}.styles+xml"),
        ("/word/settings.xml", f"{DOC_TYPE}.settings+xml"),
        ("/word/fontTable.xml", f"{DOC_TYPE}.fontTable+xml"),
        ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
    ]
    rels = [
        ("rId1", "styles", "styles.xml"),
        ("rId2", "settings", "settings.xml"),
        ("rId5", "fontTable", "fontTable.xml"),
    ]
    parts: list[tuple[str, bytes]] = []
    if footnotes is not None:
        overrides.append(("/word/footnotes.xml", f"{DOC_TYPE}.footnotes+xml"))
        rels.append(("rId3", "footnotes", "footnotes.xml"))
        parts.append(("word/footnotes.xml", _xml(footnotes)))
    if comments is not None:
        overrides.append(("/word/comments.xml", f"{DOC_TYPE}.comments+xml"))
        rels.append(("rId4", "comments", "comments.xml"))
        parts.append(("word/comments.xml", _xml(comments)))

    types = etree.Element(f"{{{CT}}}Types", nsmap={None: CT})
    for ext, mime in (
        ("rels", "application/vnd.openxmlformats-package.relationships+xml"),
        ("xml", "application/xml"),
    ):
        etree.SubElement(types, f"{{{CT}}}Default", Extension=ext, ContentType=mime)
    for name, mime in overrides:
        etree.SubElement(types, f"{{{CT}}}Override", PartName=name, ContentType=mime)

    root_rels = etree.Element(f"{{{PKG_REL}}}Relationships", nsmap={None: PKG_REL})
    etree.SubElement(
        root_rels,
        f"{{{PKG_REL}}}Relationship",
        Id="rId1",
        Type=f"{REL_TYPE}/officeDocument",
        Target="word/document.xml",
    )
    etree.SubElement(
        root_rels,
        f"{{{PKG_REL}}}Relationship",
        Id="rId2",
        Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
        Target="docProps/core.xml",
    )
    doc_rels = etree.Element(f"{{{PKG_REL}}}Relationships", nsmap={None: PKG_REL})
    for rid, kind, target in rels:
        etree.SubElement(
            doc_rels,
            f"{{{PKG_REL}}}Relationship",
            Id=rid,
            Type=f"{REL_TYPE}/{kind}",
            Target=target,
        )

    ordered = [
        ("[Content_Types].xml", _xml(types)),
        ("_rels/.rels", _xml(root_rels)),
        ("docProps/core.xml", _xml(_core(title, author, date))),
        ("word/document.xml", _xml(document)),
        ("word/_rels/document.xml.rels", _xml(doc_rels)),
        ("word/styles.xml", _xml(styles_xml())),
        (
            "word/settings.xml",
            _xml(settings_xml(footnotes=footnotes is not None, track_changes=track_changes)),
        ),
        ("word/fontTable.xml", _xml(font_table_xml())),
        *parts,
    ]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in ordered:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()
