"""Core layer: the document and comparison model.

Frozen records only; every reader produces a `Document`, alignment and word diff produce a
`Comparison`. Nothing here knows about files, Qt or Word.

The records are `typing.NamedTuple`s: immutable value objects with fields, defaults, repr,
equality and hashing, from the standard library. Frozen dataclasses exec'd their methods at
import (about 1 ms per record class of a whole-process `redline compare`), and msgspec's Struct,
made in C, brought some 20 ms of imports of its own (typing_extensions, inspect, uuid, platform,
decimal); a NamedTuple class costs about 0.2 ms and needs only `typing` (issue 12, item 9). As
tuples, records compare equal to a tuple of the same values and can be iterated and indexed;
nothing here relies on that. Copy with a change: `record._replace(field=value)`; as a dict:
`record._asdict()` (flat, not recursive like `dataclasses.asdict`).

A module that defines records keeps its annotations evaluated (no `from __future__ import
annotations`; names imported only for type checking are quoted where used): NamedTuple turns a
string annotation into a ForwardRef, which calls `compile()`, and a process's first `compile()`
sets up Python's AST types, some 3 ms.

Paragraph ids, stable across versions of the same layout:
    title, opening            the title and the opening line ("The General Assembly,")
    PP1, PP2 ...              preambular paragraphs, in order
    OP1, OP5bis ...           operative paragraphs, after their printed number ("5 bis." -> OP5bis)
    OP5(a), OP5(a)(i)         sub-paragraphs, after their parent and printed letter/numeral
    H1, H2 ...                section headings between paragraphs ("I. Achieving sustainable
                              fisheries", "Arms embargo"): neither PP nor OP, in order
    C1, C2 ...                closing lines after the body ("69th plenary meeting", the date)
    P1, P2 ...                any other paragraph (documents without resolution structure), in order
"""

import re
from enum import StrEnum
from typing import Literal, NamedTuple


class Kind(StrEnum):
    TITLE = "title"
    OPENING = "opening"
    PREAMBULAR = "preambular"
    OPERATIVE = "operative"
    SUBPARAGRAPH = "subparagraph"
    HEADING = "heading"
    """A section heading between paragraphs; aligned and shown, never counted as PP or OP."""
    CLOSING = "closing"
    """A closing line ("69th plenary meeting", the date); pairs only with closing lines."""
    OTHER = "other"


class Span(NamedTuple):
    """Half-open character range [start, end) in a paragraph's text."""

    start: int
    end: int


class FootnoteRef(NamedTuple):
    """A footnote marker that stood in the text at `offset` (the marker itself is removed)."""

    footnote_id: str
    offset: int


class Footnote(NamedTuple):
    """A footnote body. `id` is unique in the document; `marker` is what was printed (1, *, †)."""

    id: str
    marker: str
    text: str


class Paragraph(NamedTuple):
    id: str
    kind: Kind
    text: str
    number: str | None = None
    """Printed number or letter without punctuation: "1", "5 bis", "a", "ii"; None if none."""
    italic: tuple[Span, ...] = ()
    footnotes: tuple[FootnoteRef, ...] = ()
    parent: str | None = None
    """For a sub-paragraph, the id of the paragraph it belongs to."""

    @property
    def label(self) -> str:
        """How negotiators name the paragraph: "PP3", "OP5 bis", "OP5(a)", "Alt OP5 bis",
        "Alt 2 OP1" (the second alternative, id "OP1-alt-2"), "new OP" (id "OP-new")."""
        base, alternative = self.id, ""
        found = re.match(r"(.+)-alt(?:-(\d+))?$", base)
        if found:
            base = found.group(1)
            alternative = f"Alt {found.group(2)} " if found.group(2) else "Alt "
        new = re.fullmatch(r"(PP|OP)-new(?:-(\d+))?", base)
        if new:
            return f"{alternative}new {new.group(1)}" + (f" {new.group(2)}" if new.group(2) else "")
        return alternative + re.sub(r"(?<=\d)(bis|ter|quater)", r" \1", base)


class Metadata(NamedTuple):
    symbol: str | None = None
    """Document symbol, e.g. "E/CN.7/2022/L.4" or "CTOC/COP/2020/L.5"."""
    body: str | None = None
    """The body, e.g. "Commission on Narcotic Drugs"."""
    session: str | None = None
    place_and_date: str | None = None
    agenda_item: str | None = None
    date: str | None = None
    distribution: str | None = None
    sponsors: str | None = None
    """The sponsors line as printed: "Honduras, Mexico and Paraguay: draft resolution"."""
    title: str | None = None
    status: str | None = None
    """"draft" or "adopted" when that can be told from the text, else None."""
    resolution_number: str | None = None
    """"11/6" for an adopted text that starts "Resolution 11/6"."""


class EmbeddedObject(NamedTuple):
    """Something in a document that is not compared as text — an image, a chart, an embedded
    object — kept so that a change to it is still reported. Equations are read as text."""

    kind: str
    """"image", "chart" or "object"."""
    digest: str
    """A hash of its content: equal digests, same content."""
    after: str | None = None
    """Id of the paragraph it stands in or after; None before the first paragraph."""


class Document(NamedTuple):
    source: str
    """Where the text came from (file name); informational only."""
    metadata: Metadata = Metadata()
    paragraphs: tuple[Paragraph, ...] = ()
    footnotes: tuple[Footnote, ...] = ()
    structured: bool = False
    """True when a preamble/operative structure was recognised."""
    objects: tuple[EmbeddedObject, ...] = ()
    """Images, charts and embedded objects, in order (Word documents)."""

    def paragraph(self, paragraph_id: str) -> Paragraph:
        for paragraph in self.paragraphs:
            if paragraph.id == paragraph_id:
                return paragraph
        raise KeyError(paragraph_id)

    def footnote(self, footnote_id: str) -> Footnote:
        for footnote in self.footnotes:
            if footnote.id == footnote_id:
                return footnote
        raise KeyError(footnote_id)

    def count(self, kind: Kind) -> int:  # in place of tuple.count, which means nothing here
        """Paragraphs of `kind`."""
        return sum(1 for paragraph in self.paragraphs if paragraph.kind is kind)

    def holds_brackets(self) -> bool:
        """Whether some paragraph holds a closing square bracket, as every proposal of a
        compilation text does (`diffing.compilation_rounds.COMPILATION_HINT`): a document
        without one needs none of the compilation machinery (nor its import)."""
        return any("]" in paragraph.text for paragraph in self.paragraphs)


# --- comparison ------------------------------------------------------------------------------


Side = Literal["old", "new"]
"""Which version of a comparison: the earlier ("old") or the later ("new")."""


class Relation(StrEnum):
    UNCHANGED = "unchanged"
    MODIFIED = "modified"
    MOVED = "moved"
    SPLIT = "split"
    MERGED = "merged"
    INSERTED = "inserted"
    DELETED = "deleted"


EQUAL = "="
DELETE = "-"
INSERT = "+"

DiffOp = tuple[str, str]
"""One piece of a word diff: (EQUAL | DELETE | INSERT, text). Joining the EQUAL and DELETE parts
gives the old text exactly; EQUAL and INSERT the new text. Where one side of an entry has several
paragraphs, their texts are joined with PARAGRAPH_SEPARATOR."""

PARAGRAPH_SEPARATOR = "\n"


class DiffOptions(NamedTuple):
    ignore_case: bool = False
    ignore_whitespace: bool = False
    ignore_punctuation: bool = False
    ignore_footnotes: bool = False
    ignore_numbering: bool = True
    """Renumbering (OP3 -> OP4) is not a change of substance by default."""
    ignore_quote_style: bool = True
    """Curly and straight quotes and apostrophes ("States’" / "States'") are the same by default
    (`diffing.worddiff.QUOTE_CHARACTERS` says why); False shows such a change as a change."""


class VerbChange(NamedTuple):
    """The leading italic verb or participle changed: "Encourages" -> "Urges"."""

    old: str
    new: str


class FootnoteChange(NamedTuple):
    """One footnote of an entry, as compared: the footnote in each version (None where the entry
    has none: added or dropped), and the word diff of its text. Footnotes pair by their words,
    not their numbers; the rule line above footnotes is page furniture, never part of a text."""

    old: str | None
    """Footnote id in the old version."""
    new: str | None
    """Footnote id in the new version."""
    marker: str
    """The number or sign as printed (the new one when it has both): "3", "*"."""
    diff: tuple[DiffOp, ...]
    changed: bool
    """True when the texts differ under the options (or the footnote was added or dropped)."""
    words_inserted: int = 0
    words_deleted: int = 0


class AlignedEntry(NamedTuple):
    relation: Relation
    old: tuple[str, ...]
    """Ids of the old paragraphs of this entry (empty when inserted)."""
    new: tuple[str, ...]
    """Ids of the new paragraphs of this entry (empty when deleted)."""
    similarity: float
    """0.0 to 1.0; 1.0 for identical texts."""
    diff: tuple[DiffOp, ...] = ()
    verb_change: VerbChange | None = None
    changed: bool = False
    """True when the texts or footnotes differ (under the options), whatever the relation."""
    manual: bool = False
    """True when a person linked these paragraphs by hand."""
    moved: bool = False
    """True when the entry stands out of order (off the longest in-order chain), whatever else
    happened to it: a split or a modified paragraph that also moved says so here."""
    footnotes: tuple[FootnoteChange, ...] = ()
    """The footnotes of the entry's paragraphs, paired and diffed."""
    words_inserted: int = 0
    """Words inserted in the text and footnotes, under the options (`worddiff.word_count`)."""
    words_deleted: int = 0


class ManualLink(NamedTuple):
    """A drafter's correction of the alignment: force `old` and `new` into one entry, or
    (`unlink=True`) forbid pairing them."""

    old: tuple[str, ...]
    new: tuple[str, ...]
    unlink: bool = False


class MastheadChange(NamedTuple):
    """One masthead line compared: the sponsors line, the symbol, the agenda item, the title
    (when the title is not a paragraph of its own). Sponsors are compared as a list of
    delegations, so "Argentina, Brazil and Chile" -> "Argentina, Brazil, Chile and Uruguay"
    reads "+ Uruguay"."""

    field: str
    """"sponsors", "symbol", "agenda item" or "title"."""
    old: str | None
    new: str | None
    diff: tuple[DiffOp, ...]
    changed: bool
    added: tuple[str, ...] = ()
    """Sponsors that only the new line names (in its order)."""
    removed: tuple[str, ...] = ()
    """Sponsors that only the old line names."""


class ObjectChange(NamedTuple):
    """An image, chart or embedded object that differs: "changed", "added" or "removed", and
    the paragraph it stands after (in the new version, else the old)."""

    kind: str
    change: str
    after: str | None


class Summary(NamedTuple):
    counts: tuple[tuple[Relation, int], ...]
    words_inserted: int
    words_deleted: int
    footnotes_changed: int = 0
    """Footnotes added, dropped or edited, in all entries."""
    masthead_changed: tuple[str, ...] = ()
    """The masthead lines that changed ("sponsors", "symbol" ...), in masthead order."""
    objects_changed: int = 0
    """Images, charts and embedded objects changed, added or removed."""

    def count(self, relation: Relation) -> int:  # in place of tuple.count, as Document's
        """Entries of `relation`."""
        return dict(self.counts).get(relation, 0)

    @property
    def changed(self) -> bool:
        """Whether the versions differ at all (what `redline compare`'s exit status says)."""
        return (
            any(n for relation, n in self.counts if relation is not Relation.UNCHANGED)
            or self.footnotes_changed > 0
            or bool(self.masthead_changed)
            or self.objects_changed > 0
        )


def summarize(
    entries: tuple[AlignedEntry, ...],
    masthead: tuple[MastheadChange, ...] = (),
    objects: tuple[ObjectChange, ...] = (),
) -> Summary:
    """The one summary of a comparison: entries per relation (every relation present, 0 when
    none), words inserted/deleted as the entries counted them, footnotes and masthead lines
    changed."""
    counts = dict.fromkeys(Relation, 0)
    for entry in entries:
        counts[entry.relation] += 1
    return Summary(
        tuple(counts.items()),
        sum(entry.words_inserted for entry in entries),
        sum(entry.words_deleted for entry in entries),
        sum(1 for entry in entries for note in entry.footnotes if note.changed),
        tuple(change.field for change in masthead if change.changed),
        len(objects),
    )


_NO_SUMMARY = Summary((), 0, 0)


class _ComparisonFields(NamedTuple):
    old: Document
    new: Document
    entries: tuple[AlignedEntry, ...]
    """In reading order of the new text, deletions where they stood."""
    options: DiffOptions = DiffOptions()
    summary: Summary = _NO_SUMMARY
    """Always computed (`summarize`) when not given."""
    masthead: tuple[MastheadChange, ...] = ()
    """The masthead lines both or either version has, compared."""
    objects: tuple[ObjectChange, ...] = ()
    """Images, charts and embedded objects that differ (never compared as text)."""


class Comparison(_ComparisonFields):
    """Two versions aligned and diffed; `summary` is computed from the entries when not given
    (`_replace` keeps the summary it had, as it keeps every field not named, and `_make` takes
    the seven fields as given)."""

    __slots__ = ()

    def __new__(
        cls,
        old: Document,
        new: Document,
        entries: tuple[AlignedEntry, ...],
        options: DiffOptions = DiffOptions(),  # noqa: B008  (immutable)
        summary: Summary = _NO_SUMMARY,
        masthead: tuple[MastheadChange, ...] = (),
        objects: tuple[ObjectChange, ...] = (),
    ) -> "Comparison":
        if not summary.counts:
            summary = summarize(entries, masthead, objects)
        return super().__new__(cls, old, new, entries, options, summary, masthead, objects)


class Comment(NamedTuple):
    """A remark to show with a paragraph in exports (Word comment, table remarks column).

    Annotations (status, notes, positions) reach the exporters in this neutral form."""

    paragraph_id: str
    side: str
    """"new" or "old": which version `paragraph_id` belongs to (deleted paragraphs: "old")."""
    author: str
    text: str
    date: str | None = None
    """UTC, "YYYY-MM-DDTHH:MM:SSZ"; None means the export's date."""
