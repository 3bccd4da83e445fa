"""Exporters layer: the drafter's Word package as the in-place export reads and rewrites it.

The package is checked by the reader's `open_word_package` (limits, hardened parsing); parts that
carry revisions are parsed once and written back only when they changed, every other part keeps
its bytes, zip order and settings. Also: comments added to the package (their part, relationship
and content type created when the document had none), notes numbered in reference order, and
w:trackRevisions at its place in the settings.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from lxml import etree

from diffing.errors import ReadError
from diffing.readers.safezip import WordPackage, open_word_package
from exporters import ExportError
from exporters import _ooxml as ox
from exporters._ooxml import w
from exporters._redline import sanitize

if TYPE_CHECKING:
    from exporters._runs import Revisions

_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"

_CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"

COMMENTS_TYPE = f"{ox.REL_TYPE}/comments"

COMMENTS_CT = f"{ox.DOC_TYPE}.comments+xml"


def el(parent: etree._Element | None, tag: str, **attrs: str) -> etree._Element:
    """A w: element (appended to `parent` when given) with w: attributes."""
    attributes = {w(k): v for k, v in attrs.items()} if attrs else None
    if parent is None:
        return etree.Element(w(tag), attributes, nsmap=ox.NSMAP)
    return etree.SubElement(parent, w(tag), attributes)


def text_run(text: str) -> etree._Element:
    """A plain w:r element, its text written as every export writes it (`ox.TEXT_PIECES`)."""
    r = el(None, "r")
    for piece in ox.TEXT_PIECES.findall(text):
        if piece == "\t":
            el(r, "tab")
        elif piece == "\n":
            el(r, "br")
        else:
            t = el(r, "t")
            t.text = piece
            t.set(ox.XML_SPACE, "preserve")
    return r


class NotInPlace(ExportError):
    """The package cannot carry the comparison in place (not the document compared...)."""


@dataclass
class Package:
    """A checked Word package with its main part and notes parsed."""

    data: bytes
    word: WordPackage
    document: etree._Element
    body: etree._Element
    parts: dict[str, etree._Element] = field(default_factory=dict)
    """Parsed parts by zip name, for those we may change."""
    originals: dict[str, bytes] = field(default_factory=dict)
    """Their canonical XML as read: a part that did not change keeps its bytes."""

    @classmethod
    def open(cls, data: bytes, source: str) -> Package:
        try:
            word = open_word_package(data, source)
            document = word.zip.xml(word.main)
        except ReadError as error:
            raise NotInPlace(str(error)) from None
        if etree.QName(document).namespace != ox.W:
            raise NotInPlace(f"{source}: Strict Open XML is written in the generated layout.")
        body = document.find(w("body"))
        if body is None:
            raise NotInPlace(f"{source}: the document has no body.")
        package = cls(data, word, document, body)
        package.parts[word.main] = document
        return package

    def part(self, type_suffix: str) -> tuple[str, etree._Element] | None:
        name = self.word.related_part(type_suffix)
        if name is None:
            return None
        key = next((n for n in self.parts if n.casefold() == name.casefold()), None)
        if key is None:
            self.parts[name] = root = self.word.zip.xml(name)
            self.originals[name] = etree.tostring(root, method="c14n")
            key = name
        return key, self.parts[key]

    def notes(self, kind: str) -> dict[str, etree._Element]:
        found = self.part(f"/{kind}s")
        if found is None:
            return {}
        return {
            n.get(w("id")) or "": n
            for n in found[1].findall(w(kind))
            if n.get(w("type"), "normal") == "normal"
        }


_SETTINGS_BEFORE_TRACK = [
    "writeProtection",
    "view",
    "zoom",
    "removePersonalInformation",
    "removeDateAndTime",
    "doNotDisplayPageBoundaries",
    "displayBackgroundShape",
    "printPostScriptOverText",
    "printFractionalCharacterWidth",
    "printFormsData",
    "embedTrueTypeFonts",
    "embedSystemFonts",
    "saveSubsetFonts",
    "saveFormsData",
    "mirrorMargins",
    "alignBordersAndEdges",
    "bordersDoNotSurroundHeader",
    "bordersDoNotSurroundFooter",
    "gutterAtTop",
    "hideSpellingErrors",
    "hideGrammaticalErrors",
    "activeWritingStyle",
    "proofState",
    "formsDesign",
    "attachedTemplate",
    "linkStyles",
    "stylePaneFormatFilter",
    "stylePaneSortMethod",
    "documentType",
    "mailMerge",
    "revisionView",
]


def set_track_revisions(settings: etree._Element, on: bool) -> None:
    """w:trackRevisions on or off, at its place in the settings' schema order."""
    for existing in settings.findall(w("trackRevisions")):
        settings.remove(existing)
    if not on:
        return
    before = {w(name) for name in _SETTINGS_BEFORE_TRACK}
    index = 0
    for k, child in enumerate(settings):
        if child.tag in before:
            index = k + 1
    settings.insert(index, etree.Element(w("trackRevisions")))


class Comments:
    """Comments added to the new package (its own comments stay)."""

    def __init__(self, package: Package, revisions: Revisions) -> None:
        self.package = package
        self.revisions = revisions
        found = package.part("/comments")
        self.created = found is None
        if found is None:
            self.name = "word/comments.xml"
            self.root = el(None, "comments")
        else:
            self.name, self.root = found
        self.count = 0

    def add(self, p: etree._Element, author: str, date: str, text: str) -> None:
        cid = self.revisions.new_id()
        initials = "".join(part[0] for part in author.split() if part)[:8] or "R"
        comment = etree.SubElement(
            self.root,
            w("comment"),
            {w("id"): cid, w("author"): author, w("date"): date, w("initials"): initials},
        )
        for k, line in enumerate(sanitize(text).split("\n")):
            cp = etree.SubElement(comment, w("p"))
            if k == 0:
                etree.SubElement(etree.SubElement(cp, w("r")), w("annotationRef"))
            if line:
                cp.append(text_run(line))
        ppr = p.find(w("pPr"))
        start = etree.Element(w("commentRangeStart"), {w("id"): cid})
        if ppr is not None:
            ppr.addnext(start)
        else:
            p.insert(0, start)
        etree.SubElement(p, w("commentRangeEnd"), {w("id"): cid})
        ref = etree.SubElement(p, w("r"))
        etree.SubElement(ref, w("commentReference"), {w("id"): cid})
        self.count += 1


def add_part(
    parts: dict[str, bytes],
    main: str,
    data: bytes,
    name: str,
    rel_type: str,
    content_type: str,
) -> None:
    """A new part: its bytes, its content type and its relationship from the main part."""
    types = etree.fromstring(parts["[Content_Types].xml"])
    etree.SubElement(types, f"{{{_CT_NS}}}Override", PartName=f"/{name}", ContentType=content_type)
    parts["[Content_Types].xml"] = xml_bytes(types)
    folder, base = posixpath.split(main)
    rels_name = posixpath.join(folder, "_rels", f"{base}.rels")
    rels = etree.fromstring(parts[rels_name])
    taken = {r.get("Id") for r in rels}
    k = 1
    while f"rId{k}" in taken:
        k += 1
    etree.SubElement(
        rels,
        f"{{{_REL_NS}}}Relationship",
        Id=f"rId{k}",
        Type=rel_type,
        Target=posixpath.relpath(name, folder),
    )
    parts[rels_name] = xml_bytes(rels)
    parts[name] = data


def xml_bytes(root: etree._Element) -> bytes:
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return data


def notes_in_reference_order(package: Package, kind: str) -> None:
    """Notes numbered and stored in the order of their references (as Word saves them):
    LibreOffice (7.4) gives the k-th reference the k-th note by id, whatever the ids say."""
    found = package.part(f"/{kind}s")
    if found is None:
        return
    root = found[1]
    refs = list(package.body.iter(w(f"{kind}Reference")))
    notes = [n for n in root if n.tag == w(kind) and n.get(w("type"), "normal") == "normal"]
    if not notes:
        return
    by_id = {n.get(w("id")) or "": n for n in notes}
    special = [
        int(v)
        for n in root
        if n.tag == w(kind) and n.get(w("type"), "normal") != "normal"
        for v in [n.get(w("id")) or ""]
        if v.lstrip("-").isdigit()
    ]
    next_id = max([0, *special]) + 1
    ranked: list[etree._Element] = []
    renamed: dict[str, str] = {}
    for ref in refs:
        old_id = ref.get(w("id")) or ""
        note = by_id.get(old_id)
        if note is None:
            continue
        if old_id not in renamed:
            renamed[old_id] = str(next_id)
            next_id += 1
            ranked.append(note)
        ref.set(w("id"), renamed[old_id])
    for note in notes:
        if note not in ranked:
            ranked.append(note)
            note.set(w("id"), str(next_id))
            next_id += 1
    for note in ranked:
        old_id = note.get(w("id")) or ""
        if old_id in renamed:
            note.set(w("id"), renamed[old_id])
    first = root.index(notes[0])
    for note in notes:
        root.remove(note)
    for offset, note in enumerate(ranked):
        root.insert(first + offset, note)


def zip_parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def write_zip(original: bytes, parts: dict[str, bytes]) -> bytes:
    """The package with its parts in their original order and zip settings; new parts last."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(original)) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        seen = set()
        for info in source.infolist():
            seen.add(info.filename)
            clone = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            clone.compress_type = info.compress_type
            clone.external_attr = info.external_attr
            target.writestr(clone, parts[info.filename])
        for name, data in parts.items():
            if name in seen:
                continue
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, data)
    return buffer.getvalue()
