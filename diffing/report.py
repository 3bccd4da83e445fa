"""Core layer: the one comparison vocabulary — labels, the summary line, words, marks, colours.

Every output of a comparison says the same thing in the same words, because every output asks
this module: the CLI's text and JSON (`diffing.serialize`), the app (`desktop.present`, also its
PDF), the HTML page and the comparison table (`exporters`), and the Word export's colours.
Nothing here recomputes what `compare` found: relations, the `moved` flag, word counts and
footnote and masthead changes are read from the `Comparison`.

    entry_label(entry, comparison)   "OP9 → OP10 + OP11 (split, moved)", "new OP23", "PP4 → PP5"
    relation_text(entry)             "split, moved" / "modified" / "unchanged"
    summary_line(comparison)         "31 modified · 10 new · 1 split · 2 footnotes · sponsors ·
                                     +512/−430 words"; "no changes · +0/−0 words"
    summary_figures(comparison)      the same figures as a mapping (JSON, tests)
    masthead_lines(comparison)       "sponsors: + Uruguay − Chile", "symbol: A/80/L.9 → A/RES/80/6"
    object_lines(comparison)         "image changed after OP4" (never compared as text)
    footnote_lines(entry, options)   "footnote 3: See A/HRC/54/2{+ and Corr.1+}."
    marked(ops, options)             the diff with ignored differences flagged, to draw quietly
    text_markup(ops, options)        "[-old-]{+new+}" for terminals, ignored ones unmarked
    PALETTE / DARK_PALETTE           the colours of deletions, insertions, moves, quiet text
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from diffing.model import (
    DELETE,
    EQUAL,
    INSERT,
    AlignedEntry,
    Comparison,
    DiffOp,
    DiffOptions,
    Document,
    FootnoteChange,
    MastheadChange,
    Relation,
)
from diffing.worddiff import is_ignored, word_count

__all__ = [
    "DARK_PALETTE",
    "PALETTE",
    "RELATION_NAMES",
    "SUMMARY_ORDER",
    "Palette",
    "entry_label",
    "footnote_lines",
    "marked",
    "masthead_lines",
    "object_lines",
    "paragraph_label",
    "relation_text",
    "summary_figures",
    "summary_line",
    "text_markup",
    "word_count",
]

RELATION_NAMES: Mapping[Relation, str] = {
    Relation.UNCHANGED: "unchanged",
    Relation.MODIFIED: "modified",
    Relation.MOVED: "moved",
    Relation.SPLIT: "split",
    Relation.MERGED: "merged",
    Relation.INSERTED: "new",
    Relation.DELETED: "deleted",
}
"""What each relation is called for people, in every view ("new", not "inserted")."""

SUMMARY_ORDER = (
    Relation.MODIFIED,
    Relation.MOVED,
    Relation.INSERTED,
    Relation.DELETED,
    Relation.SPLIT,
    Relation.MERGED,
)


@dataclass(frozen=True)
class Palette:
    """Redline colours as "#rrggbb". Both palettes keep a contrast ratio of at least 4.5:1 on
    their background (white / #202020); colour is never the only mark (struck through,
    underlined, doubled for moves)."""

    deleted: str
    inserted: str
    moved: str
    quiet: str
    """Unchanged text and ignored differences (Options): drawn, but not in red or blue."""


PALETTE = Palette(deleted="#b3261e", inserted="#0b57d0", moved="#1b6e2a", quiet="#6b6b6b")
DARK_PALETTE = Palette(deleted="#ff8a80", inserted="#82b1ff", moved="#8fdc97", quiet="#a0a0a0")


# --- labels ------------------------------------------------------------------------------------


def paragraph_label(document: Document, paragraph_id: str) -> str:
    """The paragraph's label ("PP3", "OP5 bis", "title"); the id itself if it is not found."""
    try:
        return document.paragraph(paragraph_id).label
    except KeyError:
        return paragraph_id


def _side(document: Document, ids: tuple[str, ...]) -> str:
    return " + ".join(paragraph_label(document, i) for i in ids)


def relation_text(entry: AlignedEntry) -> str:
    """The relation in words, with "moved" added when a split, merge or edit also moved."""
    name = RELATION_NAMES[entry.relation]
    if entry.moved and entry.relation is not Relation.MOVED:
        name += ", moved"
    return name


def entry_label(entry: AlignedEntry, comparison: Comparison) -> str:
    """A short name for what happened to the paragraphs of `entry`: "new OP23", "deleted PP16",
    "OP3 → OP4" (renumbered, same words), "OP5 (modified)", "OP9 → OP10 + OP11 (split)"."""
    old = _side(comparison.old, entry.old)
    new = _side(comparison.new, entry.new)
    if entry.relation is Relation.INSERTED:
        return f"new {new}"
    if entry.relation is Relation.DELETED:
        return f"deleted {old}"
    name = old if old == new else f"{old} → {new}"
    if entry.relation is Relation.UNCHANGED and not entry.moved:
        return name
    if entry.relation is Relation.UNCHANGED:
        return f"{name} (moved)"
    return f"{name} ({relation_text(entry)})"


# --- marks -------------------------------------------------------------------------------------


def marked(ops: Iterable[DiffOp], options: DiffOptions) -> list[tuple[str, str, bool]]:
    """(op, text, ignored) for each piece: `ignored` is True for a deletion or insertion that the
    options (and the character equivalence, always) do not count — drawn quietly, not in red or
    blue. A deletion and the insertion after it are judged together."""
    pieces = list(ops)
    out: list[tuple[str, str, bool]] = []
    k = 0
    while k < len(pieces):
        op, text = pieces[k]
        if op == EQUAL:
            out.append((op, text, False))
        elif op == DELETE and k + 1 < len(pieces) and pieces[k + 1][0] == INSERT:
            inserted = pieces[k + 1][1]
            quiet = is_ignored(text, inserted, options)
            out.append((DELETE, text, quiet))
            out.append((INSERT, inserted, quiet))
            k += 1
        elif op == DELETE:
            out.append((op, text, is_ignored(text, "", options)))
        else:
            out.append((op, text, is_ignored("", text, options)))
        k += 1
    return out


def text_markup(ops: Iterable[DiffOp], options: DiffOptions) -> str:
    """The diff for a terminal: [-deleted-] and {+inserted+}; an ignored difference shows as the
    new text, unmarked."""
    parts: list[str] = []
    for op, text, ignored in marked(ops, options):
        if op == EQUAL:
            parts.append(text)
        elif ignored:
            parts.append(text if op == INSERT else "")
        elif op == DELETE:
            parts.append(f"[-{text}-]")
        else:
            parts.append(f"{{+{text}+}}")
    return "".join(parts)


def footnote_name(note: FootnoteChange) -> str:
    """ "footnote 3" (as printed in the new version, else the old)."""
    return f"footnote {note.marker}" if note.marker else "footnote"


def footnote_lines(entry: AlignedEntry, options: DiffOptions) -> list[str]:
    """The entry's changed footnotes, one line each: "footnote 3: See A/HRC/54/2{+ and Corr.1+}.",
    "footnote 4 (new): …", "footnote 2 (deleted): …"."""
    lines = []
    for note in entry.footnotes:
        if not note.changed:
            continue
        state = " (new)" if note.old is None else " (deleted)" if note.new is None else ""
        lines.append(f"{footnote_name(note)}{state}: {text_markup(note.diff, options)}")
    return lines


# --- the masthead and the summary ----------------------------------------------------------------


def masthead_line(change: MastheadChange) -> str:
    """ "sponsors: + Uruguay − Chile", "symbol: A/80/L.9 → A/RES/80/6", "agenda item: only in
    the old version"."""
    if change.old is None:
        return f"{change.field}: {change.new} (only in the new version)"
    if change.new is None:
        return f"{change.field}: {change.old} (only in the old version)"
    if change.field == "sponsors" and (change.added or change.removed):
        parts = [f"+ {name}" for name in change.added] + [f"− {name}" for name in change.removed]
        return f"sponsors: {', '.join(parts)}"
    return f"{change.field}: {change.old} → {change.new}"


def masthead_lines(comparison: Comparison) -> list[str]:
    """One line per masthead line that changed, in masthead order."""
    return [masthead_line(change) for change in comparison.masthead if change.changed]


def object_lines(comparison: Comparison) -> list[str]:
    """ "image changed after OP4", "chart added after PP2", "image removed at the start"."""
    lines = []
    for change in comparison.objects:
        document = comparison.old if change.change == "removed" else comparison.new
        where = (
            f"after {paragraph_label(document, change.after)}" if change.after else "at the start"
        )
        lines.append(f"{change.kind} {change.change} {where}")
    return lines


def summary_figures(comparison: Comparison) -> dict[str, int]:
    """The summary's figures by name: each relation's value ("modified", "inserted" …),
    "words_inserted", "words_deleted", "footnotes_changed", "masthead_changed"."""
    summary = comparison.summary
    figures = {relation.value: summary.count(relation) for relation in Relation}
    figures["words_inserted"] = summary.words_inserted
    figures["words_deleted"] = summary.words_deleted
    figures["footnotes_changed"] = summary.footnotes_changed
    figures["masthead_changed"] = len(summary.masthead_changed)
    figures["objects_changed"] = summary.objects_changed
    return figures


def summary_line(comparison: Comparison) -> str:
    """ "31 modified · 10 new · 8 deleted · 1 split · 2 footnotes · sponsors, symbol ·
    +512/−430 words"; "no changes · +0/−0 words" when the versions read the same."""
    summary = comparison.summary
    parts = [
        f"{summary.count(relation)} {RELATION_NAMES[relation]}"
        for relation in SUMMARY_ORDER
        if summary.count(relation)
    ]
    if summary.footnotes_changed:
        noun = "footnote" if summary.footnotes_changed == 1 else "footnotes"
        parts.append(f"{summary.footnotes_changed} {noun}")
    if summary.masthead_changed:
        parts.append(", ".join(summary.masthead_changed))
    if summary.objects_changed:
        noun = "image or object" if summary.objects_changed == 1 else "images or objects"
        parts.append(f"{summary.objects_changed} {noun}")
    if not parts:
        parts.append("no changes")
    parts.append(f"+{summary.words_inserted}/−{summary.words_deleted} words")
    return " · ".join(parts)


def describe(comparison: Comparison) -> Sequence[str]:
    """What the top of every export says: the summary line, the masthead changes, then the
    images and objects that differ."""
    return [summary_line(comparison), *masthead_lines(comparison), *object_lines(comparison)]
