"""Test helper: what real UN Word files hold besides paragraphs, added to a `build_docx` package.

`enrich(data, version=0|1)` adds, after the document's second paragraph:
    a table (header row + one row; version 1 changes a cell's words),
    a paragraph with a complex field (DATE, its shown result) and a hyperlink to un.org,
    a paragraph with an equation (m:oMath),
    a paragraph with a text box (VML, its own paragraph inside),
    a content control (w:sdt) around a paragraph, a bookmark,
    a paragraph with an endnote (endnotes.xml with its separators; version 1 edits the note),
and a custom XML part (customXml/item1.xml) related from the main part, as Word keeps them.
"""

from __future__ import annotations

import io
import zipfile

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
V = "urn:schemas-microsoft-com:vml"
REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WML = "application/vnd.openxmlformats-officedocument.wordprocessingml"

_NS = f'xmlns:w="{W}" xmlns:r="{R}" xmlns:m="{M}" xmlns:v="{V}"'


def _blocks(version: int) -> str:
    cell = "Member States and observers" if version == 0 else "Member States and all observers"
    note = "See A/77/1." if version == 0 else "See A/78/1 and Corr.1."
    return (
        f"""
<w:tbl {_NS}><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr>
<w:tblGrid><w:gridCol w:w="4000"/><w:gridCol w:w="4000"/></w:tblGrid>
<w:tr><w:trPr><w:tblHeader/></w:trPr>
<w:tc><w:p><w:r><w:t>Participants</w:t></w:r></w:p></w:tc>
<w:tc><w:p><w:r><w:t>Status</w:t></w:r></w:p></w:tc></w:tr>
<w:tr><w:tc><w:p><w:r><w:t>{cell}</w:t></w:r></w:p></w:tc>
<w:tc><w:p><w:r><w:t>Invited</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
<w:p {_NS}><w:r><w:t xml:space="preserve">Adopted on </w:t></w:r>
<w:r><w:fldChar w:fldCharType="begin"/></w:r>
<w:r><w:instrText xml:space="preserve"> DATE </w:instrText></w:r>
<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>18 March 2024</w:t></w:r>
<w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t xml:space="preserve">, see </w:t></w:r>
<w:hyperlink r:id="rIdRichLink"><w:r><w:t>www.un.org</w:t></w:r></w:hyperlink></w:p>
<w:p {_NS}><w:r><w:t xml:space="preserve">The ratio is </w:t></w:r>
<m:oMath><m:r><m:t>x=2y</m:t></m:r></m:oMath></w:p>
<w:p {_NS}><w:r><w:t xml:space="preserve">See the box </w:t></w:r><w:r><w:pict>
<v:shape id="RichBox" style="width:120pt;height:40pt"><v:textbox><w:txbxContent>
<w:p><w:r><w:t>Boxed note</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape>
</w:pict></w:r></w:p>
<w:sdt {_NS}><w:sdtPr><w:alias w:val="Agenda"/><w:id w:val="1234"/></w:sdtPr><w:sdtContent>
<w:p><w:bookmarkStart w:id="900" w:name="agenda"/><w:r><w:t>Agenda item 6</w:t></w:r>
<w:bookmarkEnd w:id="900"/></w:p></w:sdtContent></w:sdt>
<w:p {_NS}><w:r><w:t>Recalling the report</w:t></w:r>
<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:endnoteReference w:id="1"/></w:r>
<w:r><w:t>,</w:t></w:r></w:p>
""",
        note,
    )


def _endnotes(note: str) -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:endnotes {_NS}>
<w:endnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:endnote>
<w:endnote w:type="continuationSeparator" w:id="0">
<w:p><w:r><w:continuationSeparator/></w:r></w:p></w:endnote>
<w:endnote w:id="1"><w:p><w:r><w:endnoteRef/></w:r>
<w:r><w:t xml:space="preserve"> {note}</w:t></w:r></w:p></w:endnote>
</w:endnotes>""".encode()


_CUSTOM_XML = (
    b'<?xml version="1.0" encoding="UTF-8"?><unDoc><symbol>E/CN.7/2022/L.4</symbol></unDoc>'
)


def enrich(data: bytes, *, version: int) -> bytes:
    """`data` (a build_docx package) with the constructs of the module doc added."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    document = etree.fromstring(files["word/document.xml"])
    body = document.find(f"{{{W}}}body")
    assert body is not None
    xml, note = _blocks(version)
    wrapper = etree.fromstring(f"<root {_NS}>{xml}</root>")
    anchor = body.findall(f"{{{W}}}p")[1]
    for element in list(wrapper):
        anchor.addnext(element)
        anchor = element
    files["word/document.xml"] = etree.tostring(
        document, xml_declaration=True, encoding="UTF-8", standalone=True
    )
    files["word/endnotes.xml"] = _endnotes(note)
    files["customXml/item1.xml"] = _CUSTOM_XML

    rels = etree.fromstring(files["word/_rels/document.xml.rels"])
    for rid, kind, target, mode in (
        ("rIdRichEndnotes", "endnotes", "endnotes.xml", None),
        ("rIdRichLink", "hyperlink", "https://www.un.org/", "External"),
        ("rIdRichCustom", "customXml", "../customXml/item1.xml", None),
    ):
        attrs = {"Id": rid, "Type": f"{RT}/{kind}", "Target": target}
        if mode:
            attrs["TargetMode"] = mode
        etree.SubElement(rels, f"{{{REL}}}Relationship", attrs)
    files["word/_rels/document.xml.rels"] = etree.tostring(
        rels, xml_declaration=True, encoding="UTF-8", standalone=True
    )
    types = etree.fromstring(files["[Content_Types].xml"])
    etree.SubElement(
        types,
        f"{{{CT}}}Override",
        PartName="/word/endnotes.xml",
        ContentType=f"{WML}.endnotes+xml",
    )
    files["[Content_Types].xml"] = etree.tostring(
        types, xml_declaration=True, encoding="UTF-8", standalone=True
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return out.getvalue()
