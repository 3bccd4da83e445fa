"""Desktop layer: how a comparison is presented — labels, summary line and redline HTML.

Pure functions over the frozen model (no Qt), so the window, the PDF export and the tests share
one way of naming entries ("PP4 → PP5", "OP9 → OP10 + OP11 (split)", "new OP23", "deleted PP16")
and one way of marking words (deleted struck through, inserted on a tint with a dotted
underline). Names, the summary line, word counts and colours are those of `diffing.report`, which
the CLI and the exporters use too. Colours come in as a `Colours` value chosen from the palette,
so the same HTML reads well in light and dark mode; differences the options ignore are drawn
quietly (the comparison's own options, so what the user chose to ignore never reads as a change).
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from diffing.model import (
    DELETE,
    EQUAL,
    INSERT,
    PARAGRAPH_SEPARATOR,
    AlignedEntry,
    Comparison,
    DiffOp,
    DiffOptions,
    Document,
    Relation,
    Side,
)
from diffing.negotiation.model import ParagraphState, Status
from diffing.report import (
    DARK_PALETTE,
    PALETTE,
    RELATION_NAMES,
    SUMMARY_ORDER,
    describe,
    entry_label,
    footnote_name,
    marked,
    relation_text,
    summary_line,
    verb_text,
)

__all__ = ["RELATION_NAMES", "SUMMARY_ORDER"]


INSERTED_TINT = "#dde8fb"
INSERTED_TINT_DARK = "#24365a"
"""The tint behind inserted words on a light / dark background (`Colours.inserted_tint`)."""


@dataclass(frozen=True)
class Colours:
    """Redline colours as CSS colour strings; `for_dark` picks the set for a dark background."""

    deleted: str
    inserted: str
    moved: str
    quiet: str
    inserted_tint: str = INSERTED_TINT
    """The light tint behind inserted words, so an insertion cannot be taken for a link (blue
    underlined text): tint plus a dotted underline. `inserted` on it keeps a contrast ratio of at
    least 4.5:1 in both modes (5.2:1 light, 5.5:1 dark)."""
    dark: bool = False
    """Picked for a dark background (status badges choose their colours by it)."""

    @staticmethod
    def for_dark(dark: bool) -> Colours:
        # The palettes of `diffing.report`: the same colours in every output.
        palette = DARK_PALETTE if dark else PALETTE
        return Colours(
            deleted=palette.deleted,
            inserted=palette.inserted,
            moved=palette.moved,
            quiet=palette.quiet,
            inserted_tint=INSERTED_TINT_DARK if dark else INSERTED_TINT,
            dark=dark,
        )


PRINT_COLOURS = Colours.for_dark(False)


def document_name(document: Document) -> str:
    """What the title bar calls a version: its symbol, its resolution number, or its file name."""
    metadata = document.metadata
    if metadata.symbol:
        return metadata.symbol
    if metadata.resolution_number:
        return f"Resolution {metadata.resolution_number}"
    return Path(document.source).name or document.source


def entry_labels(comparison: Comparison) -> tuple[str, ...]:
    """Every entry's name, as the exports and the CLI name it (`diffing.labels`)."""
    return tuple(entry_label(entry, comparison) for entry in comparison.entries)


def is_change(entry: AlignedEntry) -> bool:
    """Whether next/previous change stops here: any difference of text or place."""
    return entry.changed or entry.relation is not Relation.UNCHANGED


def summary_counts(comparison: Comparison) -> tuple[dict[Relation, int], int, int]:
    """Entries per relation and words inserted/deleted, as the comparison counted them."""
    summary = comparison.summary
    return dict(summary.counts), summary.words_inserted, summary.words_deleted


def summary_text(comparison: Comparison) -> str:
    """ "31 modified · 10 new · 8 deleted · 1 split · +512/−430 words" (`diffing.report`)."""
    return summary_line(comparison)


# --- HTML ------------------------------------------------------------------------------------


def _text(text: str) -> str:
    return html.escape(text).replace(PARAGRAPH_SEPARATOR, "<br>")


def _deleted(text: str, colours: Colours) -> str:
    return (
        f'<span style="color:{colours.deleted}; text-decoration:line-through">{_text(text)}</span>'
    )


INSERTED_STYLE = (
    "color:{inserted}; background-color:{tint}; text-decoration-line:underline;"
    " text-decoration-style:dotted; text-underline-style:dotted"
)
"""How inserted words look, in the app, the clipboard and the PDF export: the insertion colour
on a light tint, underlined with dots — a link is blue with a solid underline and no tint, so the
two cannot be confused (issue 13). `text-underline-style` is Qt's rich-text property (Qt reads
`text-decoration:underline` as a solid line whatever follows it, so that shorthand is not used);
`text-decoration-line`/`-style` say the same to browsers and Word when the HTML is pasted."""


def _inserted(text: str, colours: Colours) -> str:
    style = INSERTED_STYLE.format(inserted=colours.inserted, tint=colours.inserted_tint)
    return f'<span style="{style}">{_text(text)}</span>'


def entry_ops(
    entry: AlignedEntry,
    comparison: Comparison,
    texts: Mapping[str, Mapping[str, str]] | None = None,
) -> tuple[DiffOp, ...]:
    """The entry's word diff; for an entry without one, its whole text as one operation.

    `texts` ({"old": {id: text}, "new": {...}}) spares a scan of the documents per entry.
    The entry's changed footnotes follow its text, a line each ("footnote 3: See A/HRC/54/2"
    with "and Corr.1" inserted), so a footnote edit is seen where the paragraph is."""
    notes: list[DiffOp] = []
    for note in entry.footnotes:
        if note.changed:
            state = " (new)" if note.old is None else " (deleted)" if note.new is None else ""
            notes.append((EQUAL, f"{PARAGRAPH_SEPARATOR}{footnote_name(note)}{state}: "))
            notes.extend(note.diff)
    if entry.diff:
        return entry.diff + tuple(notes) if notes else entry.diff
    if texts is None:
        texts = {
            "old": {p.id: p.text for p in comparison.old.paragraphs},
            "new": {p.id: p.text for p in comparison.new.paragraphs},
        }
    old = PARAGRAPH_SEPARATOR.join(texts["old"].get(pid, "") for pid in entry.old)
    new = PARAGRAPH_SEPARATOR.join(texts["new"].get(pid, "") for pid in entry.new)
    if not entry.new:
        return ((DELETE, old),)
    if not entry.old:
        return ((INSERT, new),)
    if old == new:
        return ((EQUAL, new),)
    return ((DELETE, old), (INSERT, new))


def _quiet(text: str, colours: Colours) -> str:
    return f'<span style="color:{colours.quiet}">{_text(text)}</span>'


def side_html(
    ops: Iterable[DiffOp],
    side: Side,
    colours: Colours,
    *,
    quiet: bool = False,
    options: DiffOptions | None = None,
) -> str:
    """One side of an entry: "old" shows deletions struck through, "new" insertions underlined;
    a difference the options ignore (`options`, default: the comparison defaults — look-alike
    characters) is that side's text in the quiet colour."""
    parts = []
    for op, text, ignored in marked(ops, options or DiffOptions()):
        if op == EQUAL:
            parts.append(_text(text))
        elif ignored and (op == DELETE) == (side == "old"):
            parts.append(_quiet(text, colours))
        elif op == DELETE and side == "old":
            parts.append(_deleted(text, colours))
        elif op == INSERT and side == "new":
            parts.append(_inserted(text, colours))
    body = "".join(parts)
    if quiet:
        return f'<span style="color:{colours.quiet}">{body}</span>'
    return body


def redline_html(
    ops: Iterable[DiffOp],
    colours: Colours,
    *,
    quiet: bool = False,
    options: DiffOptions | None = None,
) -> str:
    """Both sides in one column, as the tracked-change Word export reads; an ignored difference
    reads as the new text in the quiet colour."""
    parts = []
    for op, text, ignored in marked(ops, options or DiffOptions()):
        if op == EQUAL:
            parts.append(_text(text))
        elif ignored:
            if op == INSERT:
                parts.append(_quiet(text, colours))
        elif op == DELETE:
            parts.append(_deleted(text, colours))
        elif op == INSERT:
            parts.append(_inserted(text, colours))
    body = "".join(parts)
    if quiet:
        return f'<span style="color:{colours.quiet}">{body}</span>'
    return body


def similarity_text(entry: AlignedEntry) -> str:
    """ "87 %"; a dash for an entry with one side only, where similarity means nothing."""
    if not (entry.old and entry.new):
        return "—"
    return f"{round(entry.similarity * 100)} %"


def spoken_text(ops: Iterable[DiffOp], side: Side | None = None) -> str:
    """The cell as a screen reader should say it: changes in words, not only in colour.

    side "old" or "new" keeps that side's changes; None (the redline) keeps both."""
    parts = []
    for op, text in ops:
        if op == EQUAL:
            parts.append(text)
        elif op == DELETE and side in (None, "old"):
            parts.append(f" [deleted: {text.strip()}] ")
        elif op == INSERT and side in (None, "new"):
            parts.append(f" [inserted: {text.strip()}] ")
    return " ".join("".join(parts).split())


def relation_line(entry: AlignedEntry, *, name: bool = True) -> str:
    """ "modified · 87 %" and, when the leading verb changed, "verb: Encourages → Urges".

    `name=False` leaves out the relation where the label already says it."""
    line = relation_text(entry) if name else ""
    if entry.old and entry.new:
        line += f" · {similarity_text(entry)}"
    if entry.manual:
        line += " · linked by hand"
    if entry.verb_change is not None:
        line += f" · verb: {verb_text(entry.verb_change)}"
    return line.removeprefix(" · ")


def label_html(
    label: str, entry: AlignedEntry, colours: Colours, state: ParagraphState | None = None
) -> str:
    colour = {
        Relation.DELETED: colours.deleted,
        Relation.INSERTED: colours.inserted,
        Relation.MOVED: colours.moved,
        Relation.SPLIT: colours.moved,
        Relation.MERGED: colours.moved,
    }.get(entry.relation)
    style = f' style="color:{colour}"' if colour else ""
    # The shared label names every relation but "unchanged"; the second line need not repeat it.
    line = relation_line(entry, name=entry.relation is Relation.UNCHANGED)
    return (
        f"<b{style}>{html.escape(label)}</b><br>"
        f'<small style="color:{colours.quiet}">{html.escape(line)}</small>'
        + (f"<br>{badge_html(state, colours)}" if state is not None and state.status else "")
    )


def single_label_html(label: str) -> str:
    """The label of a paragraph shown while only its version is open: no relation to name."""
    return f"<b>{html.escape(label)}</b>"


def missing_version_text(side: Side) -> str:
    """What the empty column says while only the other version is open."""
    key = "Ctrl+Shift+O" if side == "new" else "Ctrl+O"
    return f"Open the {side} version ({key}) or drop a file here"


def missing_version_html(side: Side, colours: Colours) -> str:
    return f'<i style="color:{colours.quiet}">{html.escape(missing_version_text(side))}</i>'


def redline_document_html(comparison: Comparison, colours: Colours = PRINT_COLOURS) -> str:
    """The whole redline as one HTML page (the PDF export): label, then the marked text."""
    title = f"{document_name(comparison.old)} → {document_name(comparison.new)}"
    rows = [
        f"<h2>{html.escape(title)}</h2>",
        f'<p style="color:{colours.quiet}">{html.escape(summary_text(comparison))}</p>',
        *(f"<p>{html.escape(line)}</p>" for line in describe(comparison)[1:]),
    ]
    texts = {
        "old": {p.id: p.text for p in comparison.old.paragraphs},
        "new": {p.id: p.text for p in comparison.new.paragraphs},
    }
    for entry, label in zip(comparison.entries, entry_labels(comparison), strict=True):
        quiet = not is_change(entry)
        rows.append(
            f'<p><small style="color:{colours.quiet}">{html.escape(label)}</small><br>'
            + redline_html(
                entry_ops(entry, comparison, texts),
                colours,
                quiet=quiet,
                options=comparison.options,
            )
            + "</p>"
        )
    return "<html><body>" + "\n".join(rows) + "</body></html>"


# --- annotation badges (issue 6) -------------------------------------------------------------

BADGE_COLOURS_LIGHT: Mapping[Status, tuple[str, str]] = {
    # status: (background, text); every pair keeps a contrast ratio of at least 4.5:1.
    Status.OPEN: ("#e8eaed", "#3c4043"),
    Status.UNDER_DISCUSSION: ("#fff1c2", "#5f4500"),
    Status.AGREED_IN_INFORMALS: ("#dcf2e1", "#1b5e20"),
    Status.AGREED_AD_REF: ("#b9e4c4", "#0f4a22"),
    Status.AGREED: ("#1b6e2a", "#ffffff"),
    Status.BRACKETED: ("#fde0de", "#8c1d18"),
    Status.REOPENED: ("#ffe0b2", "#7a3e00"),
}
BADGE_COLOURS_DARK: Mapping[Status, tuple[str, str]] = {
    Status.OPEN: ("#3c4043", "#e8eaed"),
    Status.UNDER_DISCUSSION: ("#5a4712", "#ffe39a"),
    Status.AGREED_IN_INFORMALS: ("#1f4a2a", "#c4ecd0"),
    Status.AGREED_AD_REF: ("#24603a", "#e2f7e8"),
    Status.AGREED: ("#2e7d32", "#ffffff"),
    Status.BRACKETED: ("#6d1f1b", "#ffd3cf"),
    Status.REOPENED: ("#6b3a05", "#ffdcae"),
}


BADGE_SHORT: Mapping[Status, str] = {
    # For the navigator's narrow status column (the tooltip says it in full).
    Status.OPEN: "open",
    Status.UNDER_DISCUSSION: "discussion",
    Status.AGREED_IN_INFORMALS: "informals",
    Status.AGREED_AD_REF: "ad ref",
    Status.AGREED: "agreed",
    Status.BRACKETED: "bracketed",
    Status.REOPENED: "reopened",
}


def badge_colours(status: Status, *, dark: bool) -> tuple[str, str]:
    """(background, text) of a status badge for a light or dark palette."""
    return (BADGE_COLOURS_DARK if dark else BADGE_COLOURS_LIGHT)[status]


def badge_text(state: ParagraphState | None) -> str:
    """What a badge says in words (colour is never the only signal): "agreed ad ref",
    "bracketed (from OP5)", "agreed — text changed since agreed"."""
    if state is None or state.status is None:
        return ""
    text = state.status.value
    if state.inherited:
        text += " (parent)"
    if state.flag:
        text += f" — {state.flag}"
    return text


def badge_html(state: ParagraphState | None, colours: Colours) -> str:
    """A status badge for a label cell; empty when the paragraph is not annotated."""
    if state is None or state.status is None:
        return ""
    background, text = badge_colours(state.status, dark=colours.dark)
    name = state.status.value + (" (parent)" if state.inherited else "")
    badge = (
        f'<span style="background-color:{background}; color:{text}">'
        f"&nbsp;{html.escape(name)}&nbsp;</span>"
    )
    if state.flag:
        badge += f' <b style="color:{colours.deleted}">⚠ {html.escape(state.flag)}</b>'
    return badge
