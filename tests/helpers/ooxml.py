"""Test helper: Accept All / Reject All replayed over a .docx, and what each version must read.

Written independently of the exporter so the tests compare two separate accounts of the text.

"Paragraph text" here is what a reader sees in the body, paragraph by paragraph:
    - masthead lines (symbol, sponsors line) that the metadata has, then every paragraph;
    - a paragraph with a number: "5." (operative, other) or "(a)" (sub-paragraph), a TAB, the text;
    - a footnote reference as "{{fn:" + the footnote's text + "}}" where it stands;
    - tabs as "\t", line breaks as "\n"; characters XML 1.0 forbids and CR removed.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections.abc import Callable

from lxml import etree

from diffing.model import Document, Kind

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


_INVALID = re.compile("[^\t\n\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def clean(text: str) -> str:
    return _INVALID.sub("", text)


def note(text: str) -> str:
    return "{{fn:" + text + "}}"


# --- what each version must read ---------------------------------------------------------------


def expected_paragraphs(document: Document) -> list[str]:
    lines = [document.metadata.symbol, document.metadata.sponsors]
    out = [clean(line) for line in lines if line is not None and clean(line).strip()]
    notes = {f.id: f.text for f in document.footnotes}
    for paragraph in document.paragraphs:
        text = paragraph.text
        refs = sorted(
            (
                (min(max(ref.offset, 0), len(text)), k, notes[ref.footnote_id])
                for k, ref in enumerate(paragraph.footnotes)
                if ref.footnote_id in notes
            ),
        )
        pieces, last = [], 0
        for offset, _, body in refs:
            pieces.append(clean(text[last:offset]))
            pieces.append(note(clean(body)))
            last = offset
        pieces.append(clean(text[last:]))
        prefix = ""
        if paragraph.number is not None and paragraph.number.strip():
            number = clean(paragraph.number.strip())
            if paragraph.kind is Kind.SUBPARAGRAPH:
                prefix = f"({number})\t"
            elif _right_to_left(paragraph.text):
                prefix = f"{number} -\t"  # as Arabic texts print it
            else:
                prefix = f"{number}.\t"
        out.append(prefix + "".join(pieces))
    # a Word body always has one paragraph, so an empty document reads as one empty paragraph
    return out or [""]


# --- replay --------------------------------------------------------------------------------------

ACCEPT = "accept"
REJECT = "reject"
_KEPT = {ACCEPT: {"ins", "moveTo"}, REJECT: {"del", "moveFrom"}}
_DROPPED = {ACCEPT: {"del", "moveFrom"}, REJECT: {"ins", "moveTo"}}
_TRANSPARENT = {"hyperlink", "smartTag", "sdt", "sdtContent", "fldSimple", "customXml"}


def parts(data: bytes) -> dict[str, etree._Element]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {
            name: etree.fromstring(archive.read(name))
            for name in archive.namelist()
            if name.endswith(".xml") or name.endswith(".rels")
        }


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _run_text(run: etree._Element, footnote: Callable[[str], str]) -> str:
    out = []
    for child in run:
        name = _local(child)
        if name in ("t", "delText"):
            out.append(child.text or "")
        elif name == "tab":
            out.append("\t")
        elif name in ("br", "cr"):
            out.append("\n")
        elif name == "footnoteReference":
            out.append(note(footnote(child.get(w("id")) or "")))
    return "".join(out)


def _content(element: etree._Element, mode: str, footnote: Callable[[str], str]) -> str:
    out = []
    for child in element:
        name = _local(child)
        if name == "r":
            out.append(_run_text(child, footnote))
        elif name in _KEPT[mode] or name in _TRANSPARENT:
            out.append(_content(child, mode, footnote))
        elif name in _DROPPED[mode]:
            continue
    return "".join(out)


def _mark_kept(paragraph: etree._Element, mode: str) -> bool:
    rpr = paragraph.find(f"{w('pPr')}/{w('rPr')}")
    if rpr is None:
        return True
    return not any(_local(child) in _DROPPED[mode] for child in rpr)


def replay_paragraphs(
    paragraphs: list[etree._Element], mode: str, footnote: Callable[[str], str]
) -> list[str]:
    """Paragraph texts after Accept All or Reject All: a dropped paragraph mark joins the
    paragraph to the next one (the last mark of a part always stays)."""
    out: list[str] = []
    pending = ""
    for k, paragraph in enumerate(paragraphs):
        pending += _content(paragraph, mode, footnote)
        if _mark_kept(paragraph, mode) or k == len(paragraphs) - 1:
            out.append(pending)
            pending = ""
    return out


def replay_styles(data: bytes, mode: str) -> list[str]:
    """The paragraph style of each body paragraph after Accept All / Reject All: that of the
    paragraph mark that survives (where Word keeps a paragraph's formatting)."""
    body = parts(data)["word/document.xml"].find(w("body"))
    assert body is not None
    paragraphs = body.findall(w("p"))
    out = []
    for k, paragraph in enumerate(paragraphs):
        if _mark_kept(paragraph, mode) or k == len(paragraphs) - 1:
            properties = paragraph.find(w("pPr"))
            change = paragraph.find(f"{w('pPr')}/{w('pPrChange')}/{w('pPr')}")
            if mode == REJECT and change is not None:
                properties = change  # Reject restores the properties recorded as old
            style = properties.find(w("pStyle")) if properties is not None else None
            out.append("" if style is None else style.get(w("val")) or "")
    return out


def _footnote_text(root: etree._Element | None, mode: str) -> Callable[[str], str]:
    def text(fid: str) -> str:
        if root is None:
            return "<no footnotes part>"
        for footnote in root.findall(w("footnote")):
            if footnote.get(w("id")) == fid:
                body = "\n".join(
                    replay_paragraphs(footnote.findall(w("p")), mode, lambda _: "<nested>")
                )
                # the writer puts one space between the footnote mark and the text
                return body[1:] if body.startswith(" ") else body
        return f"<missing footnote {fid}>"

    return text


def replay(data: bytes, mode: str) -> list[str]:
    """The body's paragraph texts after Accept All (mode=ACCEPT) or Reject All (REJECT)."""
    xml = parts(data)
    body = xml["word/document.xml"].find(w("body"))
    assert body is not None
    footnote = _footnote_text(xml.get("word/footnotes.xml"), mode)
    return replay_paragraphs(body.findall(w("p")), mode, footnote)


# --- schema sanity -------------------------------------------------------------------------------

_REVISIONS = {
    "ins",
    "del",
    "moveFrom",
    "moveTo",
    "moveFromRangeStart",
    "moveToRangeStart",
    "pPrChange",
    "rPrChange",
}
_MARK_REVISIONS = {"ins", "del", "moveFrom", "moveTo"}


def problems(data: bytes) -> list[str]:
    """What a strict reader (Word) would object to; empty when the package is sound."""
    found: list[str] = []
    xml = parts(data)
    ids: dict[str, str] = {}
    for name, root in xml.items():
        if not name.startswith("word/"):
            continue
        for element in root.iter():
            tag = _local(element)
            if tag in _REVISIONS or tag == "comment":
                rid = element.get(w("id"))
                if rid is None:
                    found.append(f"{name}: {tag} without w:id")
                elif rid in ids:
                    found.append(f"{name}: w:id {rid} of {tag} also used in {ids[rid]}")
                else:
                    ids[rid] = f"{name}:{tag}"
                if not element.get(w("author")):
                    found.append(f"{name}: {tag} {rid} without w:author")
                date = element.get(w("date"))
                if not date or not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", date):
                    found.append(f"{name}: {tag} {rid} has date {date!r}")
            if tag == "rPr" and element.getparent() is not None:
                parent = element.getparent()
                if parent is not None and _local(parent) == "pPr":
                    kinds = [_local(c) for c in element]
                    marks = [k for k, c in enumerate(kinds) if c in _MARK_REVISIONS]
                    if marks and marks[0] != 0:
                        found.append(f"{name}: paragraph-mark revision not first in rPr")
            if tag == "delText":
                ancestors = {_local(a) for a in element.iterancestors()}
                if "del" not in ancestors:
                    found.append(f"{name}: w:delText outside w:del")
            if tag == "t":
                ancestors = {_local(a) for a in element.iterancestors()}
                if "del" in ancestors:
                    found.append(f"{name}: w:t inside w:del")
            if tag == "del" and any(_local(a) == "del" for a in element.iterancestors()):
                found.append(f"{name}: w:del inside w:del")
            if tag in ("t", "delText", "instrText"):
                text = element.text or ""
                if text != text.strip(" ") and element.get(XML_SPACE) != "preserve":
                    found.append(f"{name}: untrimmed {tag} without xml:space=preserve: {text!r}")
                if "\n" in text or "\t" in text or "\r" in text:
                    found.append(f"{name}: raw newline or tab in {tag}: {text!r}")
                if _INVALID.search(text):
                    found.append(f"{name}: character invalid in XML in {tag}")
        for start_tag, end_tag in (
            ("moveFromRangeStart", "moveFromRangeEnd"),
            ("moveToRangeStart", "moveToRangeEnd"),
            ("commentRangeStart", "commentRangeEnd"),
        ):
            starts = {e.get(w("id")) for e in root.iter(w(start_tag))}
            ends = {e.get(w("id")) for e in root.iter(w(end_tag))}
            if starts != ends:
                found.append(f"{name}: {start_tag}/{end_tag} ids do not pair")
    document = xml["word/document.xml"]
    names_from = {e.get(w("name")) for e in document.iter(w("moveFromRangeStart"))}
    names_to = {e.get(w("name")) for e in document.iter(w("moveToRangeStart"))}
    if names_from != names_to:
        found.append("moveFrom and moveTo range names do not pair")
    paragraphs = document.findall(f"{w('body')}/{w('p')}")
    if paragraphs:
        last = paragraphs[-1].find(f"{w('pPr')}/{w('rPr')}")
        if last is not None and any(_local(c) in _MARK_REVISIONS for c in last):
            found.append("the document's last paragraph mark carries a revision")
    comments = xml.get("word/comments.xml")
    if comments is not None:
        defined = {c.get(w("id")) for c in comments.iter(w("comment"))}
        referenced = {e.get(w("id")) for e in document.iter(w("commentReference"))}
        if defined != referenced:
            found.append("comments.xml and commentReference ids differ")
    return found


# --- for clients that cannot open comments -------------------------------------------------------


def without_comments(data: bytes) -> bytes:
    """The package without comments (ranges, references, part, relationship): LibreOffice 7.4
    headless crashes when it opens a view on a document with comments. Comments are no
    revisions, so Accept/Reject read the same without them."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename.startswith("word/comments"):
                continue
            if info.filename == "word/document.xml":
                root = etree.fromstring(content)
                for tag in ("commentRangeStart", "commentRangeEnd"):
                    for node in list(root.iter(w(tag))):
                        node.getparent().remove(node)  # type: ignore[union-attr]
                for node in list(root.iter(w("commentReference"))):
                    run = node.getparent()
                    if run is not None and run.getparent() is not None:
                        run.getparent().remove(run)  # type: ignore[union-attr]
                content = etree.tostring(
                    root, xml_declaration=True, encoding="UTF-8", standalone=True
                )
            elif info.filename.endswith(".rels") or info.filename == "[Content_Types].xml":
                root = etree.fromstring(content)
                for node in list(root):
                    target_name = node.get("Target") or node.get("PartName") or ""
                    if "comments" in target_name.rsplit("/", 1)[-1]:
                        root.remove(node)
                content = etree.tostring(
                    root, xml_declaration=True, encoding="UTF-8", standalone=True
                )
            target.writestr(info, content)
    return out.getvalue()


def _right_to_left(text: str) -> bool:
    """The first strong character is right-to-left: the paragraph direction of the Unicode
    bidirectional algorithm (UAX #9, rules P2 and P3: the first character of class L, R or AL),
    stated here again from the standard, not imported, so the expectation does not follow the
    exporter's own code. By class, not by block: an Arabic digit or combining mark is not
    strong, nor a code point the character database leaves unassigned (a random text found
    both)."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False
