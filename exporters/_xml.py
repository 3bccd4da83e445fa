"""Exporters layer: XML written as text, for the parts the exports generate from scratch.

Building an lxml tree only to serialise it costs the generated .docx most of its export time and
lxml's import; these parts are written start tag by end tag instead. The bytes are those lxml
(libxml2) writes for the same tree with `tostring(root, xml_declaration=True, encoding="UTF-8",
standalone=True)`: the same declaration, `<a/>` for an empty element, attributes in the order
given, and the same escaping (`escape`; tests/exporters/test_xml.py compares the two on every
character class). Text must hold only characters XML 1.0 allows (`exporters._redline.sanitize`).
Documents that are edited (the in-place export) stay lxml trees.
"""

from __future__ import annotations

DECLARATION = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"


_TEXT_REFERENCES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\r", "&#13;"))
_ATTRIBUTE_REFERENCES = (*_TEXT_REFERENCES, ('"', "&quot;"), ("\n", "&#10;"), ("\t", "&#9;"))


def escape(text: str, *, attribute: bool = False) -> str:
    """`text` as character data (`attribute=False`) or as a double-quoted attribute value.

    As libxml2 escapes them: &, < and > always; in attributes also " and the whitespace that
    attribute-value normalisation would turn into spaces (TAB, LF, CR as character references);
    CR in character data too, which a parser would otherwise read as a line end.
    """
    if text.isalnum():  # ids, style names, numbers: no character to replace
        return text
    # most texts hold none of these: four searches of the text, without a loop around them
    if not attribute and not (("&" in text) or ("<" in text) or (">" in text) or ("\r" in text)):
        return text
    for char, reference in _ATTRIBUTE_REFERENCES if attribute else _TEXT_REFERENCES:
        if char in text:
            text = text.replace(char, reference)
    return text


class _Names(dict[str, str]):
    """Strings made once per name: `form` % the name qualified by `prefix`."""

    def __init__(self, prefix: str, form: str = "%s") -> None:
        super().__init__()
        self.prefix = prefix
        self.form = form

    def __missing__(self, name: str) -> str:
        value = self[name] = self.form % (name if ":" in name else self.prefix + name)
        return value


class _Attributes(dict[tuple[str, str], str]):
    """An attribute as written (` w:val="both"`), made once per (name, value): a part repeats
    the same few (style names, the author and date of every revision) hundreds of times."""

    def __init__(self, names: _Names) -> None:
        super().__init__()
        self.names = names

    def __missing__(self, item: tuple[str, str]) -> str:
        name, value = item
        written = self[item] = f' {self.names[name]}="{escape(value, attribute=True)}"'
        return written


class XmlWriter:
    """One XML part, written in document order.

    `prefix` qualifies every tag and attribute name given without one ("w" writes `val` as
    `w:val`); a name that has a prefix ("xml:space") is written as it is. The caller closes what
    it opens (`start`/`end`), as the element structure of the part requires.
    """

    # tags without attributes, and text elements' start tags, are made once (the writer writes
    # some thousand elements a document, most of them alike)
    __slots__ = (
        "_attributes",
        "_empties",
        "_ends",
        "_names",
        "_openings",
        "_out",
        "_preserved",
        "_starts",
    )

    def __init__(self, prefix: str = "") -> None:
        qualifier = f"{prefix}:" if prefix else ""
        self._out: list[str] = []
        self._names = _Names(qualifier)
        self._attributes = _Attributes(self._names)
        self._starts = _Names(qualifier, "<%s>")
        self._ends = _Names(qualifier, "</%s>")
        self._empties = _Names(qualifier, "<%s/>")
        self._openings: dict[tuple[str, ...], str] = {}
        self._preserved = _Names(qualifier, '<%s xml:space="preserve">')

    def _open(self, tag: str, attrs: dict[str, str]) -> str:
        opening = "<" + self._names[tag]
        attributes = self._attributes
        for item in attrs.items():  # a tag has one to three: a loop costs less than a join
            opening += attributes[item]
        return opening

    def root(self, tag: str, namespaces: dict[str, str], **attrs: str) -> None:
        """The start tag of the root element, declaring `namespaces` (prefix → URI; the prefix
        "" declares the default namespace), then its attributes."""
        declarations = "".join(
            f' xmlns{":" + prefix if prefix else ""}="{escape(uri, attribute=True)}"'
            for prefix, uri in namespaces.items()
        )
        names = self._names
        attributes = "".join(f' {names[k]}="{escape(v, attribute=True)}"' for k, v in attrs.items())
        self._out.append(f"<{names[tag]}{declarations}{attributes}>")

    def start(self, tag: str, **attrs: str) -> None:
        self._out.append(self._open(tag, attrs) + ">" if attrs else self._starts[tag])

    def end(self, tag: str) -> None:
        self._out.append(self._ends[tag])

    def empty(self, tag: str, **attrs: str) -> None:
        """An element without content: `<w:b/>`."""
        self._out.append(self._open(tag, attrs) + "/>" if attrs else self._empties[tag])

    def element(self, tag: str, text: str, **attrs: str) -> None:
        """An element holding only `text` (written `<a></a>` when it is empty, as lxml writes
        an element whose text was set to "")."""
        key = (tag, *attrs.values(), *attrs)
        opening = self._openings.get(key)
        if opening is None:
            opening = self._openings[key] = self._open(tag, attrs) + ">"
        self._out.append(opening + escape(text) + self._ends[tag])

    def preserved(self, tag: str, text: str) -> None:
        """`element(tag, text, **{"xml:space": "preserve"})`: the text of a run (w:t,
        w:delText), which a document writes hundreds of times."""
        self._out.append(self._preserved[tag] + escape(text) + self._ends[tag])

    def preserved_in(self, parent: str, tag: str, text: str) -> None:
        """`start(parent)`, `preserved(tag, text)`, `end(parent)` in one: a run that holds only
        its text, most of the runs of a document."""
        ends = self._ends
        self._out.append(
            f"{self._starts[parent]}{self._preserved[tag]}{escape(text)}{ends[tag]}{ends[parent]}"
        )

    def to_bytes(self) -> bytes:
        """The part: XML declaration and the elements written, UTF-8."""
        return (DECLARATION + "".join(self._out)).encode("utf-8")
