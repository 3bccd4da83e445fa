"""Core layer: opening Word packages (zip + XML) from strangers without being hurt by them.

A .docx arrives as an e-mail attachment from anyone. Before any part is parsed, `open_zip` checks
the archive as a whole, using only the sizes its central directory declares (nothing is expanded
yet); `SafeZip.read` then expands one part at a time and never more than it declared:

    entries                         at most MAX_ENTRIES (a long resolution has a few dozen)
    total expanded size             at most MAX_TOTAL_BYTES (200 MB)
    one part expanded               at most MAX_PART_BYTES (32 MB; a 300-page text is ~20 MB)
    compression ratio               at most MAX_RATIO for parts above RATIO_FLOOR (real Word XML
                                    compresses 5-30 times; a zip bomb 1000 times)
    compression methods             stored and deflate only (what Word writes; bzip2 and LZMA
                                    could expand without bound in one step)
    encrypted entries, duplicates   refused

XML parts are parsed with `hardened_parser()`: no entity substitution, no DTD loading, no network,
no huge trees. Word never writes a DTD, so a part that declares one ("billion laughs", external
entities pointing at local files or URLs) is refused before it is parsed (`parse_xml`).

`open_word_package` adds the Open Packaging checks: `[Content_Types].xml` present, the main
document part found through `_rels/.rels` (or at `word/document.xml`), and its content type one of
Word's: documents and templates, with or without macros. Macro-enabled files (.docm) are read as
text like any other; their macros are data we never look at. Other zip packages (Excel,
PowerPoint, OpenDocument, a plain zip) get a message that says what they are.

Every failure is a `ReadError` with one line.
"""

import io
import posixpath
import struct
import zipfile
import zlib
from typing import NamedTuple

from lxml import etree

from diffing.errors import ReadError

MAX_ENTRIES = 5000
MAX_TOTAL_BYTES = 200 * 1024 * 1024
MAX_PART_BYTES = 32 * 1024 * 1024
MAX_RATIO = 200
RATIO_FLOOR = 1024 * 1024
"""Parts smaller than this are never refused for their ratio: small XML compresses very well."""

DAMAGED = "not a valid Word document (damaged or incomplete)"

_ALLOWED_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)

# Errors the standard library raises on corrupt archives and streams.
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    struct.error,
    EOFError,
    OSError,
    ValueError,
    KeyError,
    IndexError,
    NotImplementedError,
    RuntimeError,
    OverflowError,
    UnicodeDecodeError,
)

_DTD_MARKERS = tuple(
    token.encode(encoding)
    for token in ("<!DOCTYPE", "<!ENTITY")
    for encoding in ("utf-8", "utf-16-le", "utf-16-be")
)


def _megabytes(size: int) -> str:
    return f"{size / 2**20:.0f} MB" if size >= 2**20 else f"{max(size, 1) / 1024:.0f} KB"


def hardened_parser() -> etree.XMLParser:
    """A new lxml parser that expands no entity, loads no DTD and never touches the network.

    A new one per use: lxml parsers must not be shared between threads."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
        attribute_defaults=False,
        remove_pis=True,
        remove_comments=True,
        collect_ids=False,
    )


def parse_xml(data: bytes, source: str, part: str) -> etree._Element:
    """Parse one XML part safely; a DTD (entity declarations) or broken XML is a ReadError."""
    if any(marker in data for marker in _DTD_MARKERS):
        raise ReadError(_dtd_message(source, part))
    try:
        root = etree.fromstring(data, parser=hardened_parser())
    except (etree.XMLSyntaxError, ValueError) as error:
        raise ReadError(f"{source}: {DAMAGED}: broken XML in {part}.") from error
    if root is None:
        raise ReadError(f"{source}: {DAMAGED}: {part} is empty.")
    # Any encoding the byte scan did not cover (UTF-32, EBCDIC...) is caught here.
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise ReadError(_dtd_message(source, part))
    return root


def _dtd_message(source: str, part: str) -> str:
    return (
        f"{source}: refused: {part} declares a DTD or entities, which Word never writes "
        "(a sign of a malicious file)."
    )


class SafeZip:
    """A zip archive checked as a whole; parts are looked up case-insensitively (as in OPC)."""

    def __init__(self, data: bytes, source: str) -> None:
        self.source = source
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zip.infolist()
        except _ZIP_ERRORS:
            raise ReadError(f"{source}: {DAMAGED}.") from None
        if len(infos) > MAX_ENTRIES:
            raise ReadError(
                f"{source}: refused: {len(infos)} parts inside (more than {MAX_ENTRIES}); "
                "not a normal Word document."
            )
        self._infos: dict[str, zipfile.ZipInfo] = {}
        total = 0
        for info in infos:
            key = info.filename.lstrip("/").casefold()
            if key in self._infos:
                raise ReadError(f"{source}: {DAMAGED}: the part {info.filename} appears twice.")
            self._infos[key] = info
            if info.flag_bits & 0x1:
                raise ReadError(
                    f"{source}: is a password-protected (encrypted) zip, not a Word document."
                )
            if info.compress_type not in _ALLOWED_METHODS:
                raise ReadError(
                    f"{source}: {DAMAGED}: {info.filename} uses a compression Word never writes."
                )
            if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(
                info.compress_size, 1
            ):
                raise ReadError(
                    f"{source}: refused: {info.filename} would expand from "
                    f"{_megabytes(info.compress_size)} to {_megabytes(info.file_size)} "
                    "(a 'zip bomb')."
                )
            total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise ReadError(
                f"{source}: refused: its contents would expand to {_megabytes(total)} "
                f"(more than {_megabytes(MAX_TOTAL_BYTES)})."
            )

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(info.filename for info in self._infos.values())

    def has(self, name: str) -> bool:
        return name.lstrip("/").casefold() in self._infos

    def read(self, name: str) -> bytes:
        """The expanded bytes of one part; never more than it declared or MAX_PART_BYTES."""
        info = self._infos.get(name.lstrip("/").casefold())
        if info is None:
            raise ReadError(f"{self.source}: {DAMAGED}: {name} is missing.")
        if info.file_size > MAX_PART_BYTES:
            raise ReadError(
                f"{self.source}: refused: {info.filename} would expand to "
                f"{_megabytes(info.file_size)} (more than {_megabytes(MAX_PART_BYTES)})."
            )
        try:
            with self._zip.open(info) as stream:
                # zipfile stops at the declared size and checks the CRC at the end.
                data = stream.read(MAX_PART_BYTES + 1)
        except _ZIP_ERRORS:
            raise ReadError(
                f"{self.source}: {DAMAGED}: {info.filename} cannot be expanded."
            ) from None
        if len(data) > MAX_PART_BYTES:  # pragma: no cover - zipfile already stops at file_size
            raise ReadError(f"{self.source}: refused: {info.filename} is too large.")
        return data

    def xml(self, name: str) -> etree._Element:
        """One part parsed with the hardened parser."""
        return parse_xml(self.read(name), self.source, name.lstrip("/"))


def open_zip(data: bytes, source: str) -> SafeZip:
    """Check a zip archive before anything parses it; see the module doc for the limits."""
    if not data:
        raise ReadError(f"{source}: the file is empty.")
    return SafeZip(data, source)


# --- Open Packaging Conventions (the Word package) ------------------------------------------

CONTENT_TYPES = "[Content_Types].xml"

WORD_MAIN_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": False,
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml": False,
    "application/vnd.ms-word.document.macroEnabled.main+xml": True,
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml": True,
}
"""Content types of a Word main document part -> whether the package may carry macros."""

_FOREIGN_TYPES = (
    ("spreadsheetml", "an Excel workbook"),
    ("ms-excel", "an Excel workbook"),
    ("presentationml", "a PowerPoint presentation"),
    ("ms-powerpoint", "a PowerPoint presentation"),
    ("drawingml.diagram", "a diagram"),
    ("visio", "a Visio drawing"),
)

_NS_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_NS_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


class Relationship(NamedTuple):
    type: str
    target: str
    """The target part name, resolved to a path inside the zip ("word/footnotes.xml")."""


class WordPackage:
    """A checked Word package: its zip, its main document part and that part's relationships."""

    def __init__(self, zip_: SafeZip, main: str, macro_enabled: bool) -> None:
        self.zip = zip_
        self.main = main
        self.macro_enabled = macro_enabled
        self._relationships: tuple[Relationship, ...] | None = None

    @property
    def source(self) -> str:
        return self.zip.source

    def relationships(self) -> tuple[Relationship, ...]:
        """The main part's internal relationships (external links are ignored)."""
        if self._relationships is None:
            self._relationships = read_relationships(self.zip, self.main)
        return self._relationships

    def related_part(self, type_suffix: str) -> str | None:
        """The part the main document relates to with a relationship type ending in
        `type_suffix` ("/footnotes", "/numbering", "/styles"), if present in the zip."""
        for relationship in self.relationships():
            if relationship.type.endswith(type_suffix) and self.zip.has(relationship.target):
                return relationship.target
        return None


def read_relationships(zip_: SafeZip, part: str) -> tuple[Relationship, ...]:
    """The internal relationships of `part` ("" for the package itself)."""
    folder, name = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", f"{name}.rels")
    if not zip_.has(rels):
        return ()
    root = zip_.xml(rels)
    out: list[Relationship] = []
    for element in root.iter(f"{_NS_REL}Relationship"):
        if element.get("TargetMode", "Internal") != "Internal":
            continue
        target = element.get("Target") or ""
        if not target:
            continue
        if target.startswith("/"):
            resolved = target.lstrip("/")
        else:
            resolved = posixpath.normpath(posixpath.join(folder, target))
        if resolved.startswith("../") or resolved == "..":
            continue
        out.append(Relationship(element.get("Type") or "", resolved))
    return tuple(out)


def _content_types(zip_: SafeZip) -> tuple[dict[str, str], dict[str, str]]:
    """(defaults by extension, overrides by part name), all keys case-folded."""
    root = zip_.xml(CONTENT_TYPES)
    defaults = {
        (e.get("Extension") or "").casefold(): e.get("ContentType") or ""
        for e in root.iter(f"{_NS_CT}Default")
    }
    overrides = {
        (e.get("PartName") or "").lstrip("/").casefold(): e.get("ContentType") or ""
        for e in root.iter(f"{_NS_CT}Override")
    }
    return defaults, overrides


def content_type(zip_: SafeZip, part: str) -> str:
    defaults, overrides = _content_types(zip_)
    key = part.lstrip("/").casefold()
    if key in overrides:
        return overrides[key]
    return defaults.get(posixpath.splitext(key)[1].lstrip("."), "")


def open_word_package(data: bytes, source: str) -> WordPackage:
    """Check that `data` is a Word package and find its main document part."""
    zip_ = open_zip(data, source)
    if not zip_.has(CONTENT_TYPES):
        raise ReadError(f"{source}: {_describe_foreign_zip(zip_)}")
    main: str | None = None
    for relationship in read_relationships(zip_, ""):
        if relationship.type.endswith("/officeDocument"):
            main = relationship.target
            break
    if main is None or not zip_.has(main):
        main = "word/document.xml"
    main_type = content_type(zip_, main)
    for fragment, what in _FOREIGN_TYPES:
        if fragment in main_type:
            raise ReadError(f"{source}: is {what}, not a Word document.")
    if not zip_.has(main):
        raise ReadError(f"{source}: {DAMAGED}: word/document.xml is missing.")
    if main_type not in WORD_MAIN_TYPES:
        raise ReadError(
            f"{source}: {DAMAGED}: its main part is not a Word document "
            f"({main_type or 'no content type'})."
        )
    return WordPackage(zip_, main, WORD_MAIN_TYPES[main_type])


def _describe_foreign_zip(zip_: SafeZip) -> str:
    """What a zip without [Content_Types].xml is, in a user's words."""
    if zip_.has("mimetype"):
        try:
            mimetype = zip_.read("mimetype")[:200].decode("ascii", "replace")
        except ReadError:
            mimetype = ""
        if "opendocument.text" in mimetype:
            return "is an OpenDocument text (.odt); save it as .docx and open that."
        if "opendocument" in mimetype:
            return "is an OpenDocument file, not a Word document."
        if "epub" in mimetype:
            return "is an e-book (EPUB), not a Word document."
    if any(name.casefold().startswith("word/") for name in zip_.names):
        return f"{DAMAGED}: [Content_Types].xml is missing."
    return "is a zip archive, not a Word document."
