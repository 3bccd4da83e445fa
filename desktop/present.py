"""Desktop layer: how a comparison is presented — labels, summary line and redline HTML.

Pure functions over the frozen model (no Qt), so the window, the PDF export and the tests share
one way of naming entries ("PP4 → PP5", "OP9 → OP10 + OP11 (split)", "new OP23", "deleted PP16")
and one way of marking words (deleted struck through, inserted on a tint with a dotted
underline). Names, the summary line, word counts and colours are those of `diffing.report`, which
the CLI and the exporters use too. Colours come in as a `Colours` value chosen from the palette,
so the same HTML reads well in light and dark mode; differences the options ignore are drawn
quietly (the comparison's own options, so what the user chose to ignore never reads as a change).

Compilation texts (issue 16): in a version the core calls a compilation text
(`compilation_sides`, `diffing.compilation_rounds.is_compilation`) the markup the core reads
(`diffing.compilation.read_markup`) is drawn in styles of its own, inside the redline's: bracket
characters bold in an amber colour, words in brackets on a light shade (a deeper one within
nested brackets), delegation tags ("(EU)", "[(USA: delete)]") as small grey labels, and status
markers ("[agreed ad ref]") as small chips in the colours of the annotation badge of the status
they stand for (`MARKER_STATUS`). The redline wins where the two meet: a deleted or inserted
bracket keeps the deletion's or insertion's colour (and an insertion its tint) and adds only the
weight, size and, outside insertions, the shade. Any other document is drawn exactly as before,
square brackets included. `text_status` is the status a paragraph's printed text gives (the rule
is written out in `desktop.compilation_view`).
"""

from __future__ import annotations

import html
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from diffing.compilation import Markup, read_markup, status_marker
from diffing.compilation_rounds import is_compilation
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


INSERTED_STYLE = (
    "color:{inserted}; background-color:{tint}; text-decoration-line:underline;"
    " text-decoration-style:dotted; text-underline-style:dotted"
)
"""How inserted words look, in the app, the clipboard and the PDF export: the insertion colour
on a light tint, underlined with dots — a link is blue with a solid underline and no tint, so the
two cannot be confused (issue 13). `text-underline-style` is Qt's rich-text property (Qt reads
`text-decoration:underline` as a solid line whatever follows it, so that shorthand is not used);
`text-decoration-line`/`-style` say the same to browsers and Word when the HTML is pasted."""


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
            # The label of a footnote only one version has is that version's alone: the old
            # side shows no "footnote 1 (new):" with nothing after it.
            if note.old is None:
                label: DiffOp = (INSERT, f"{PARAGRAPH_SEPARATOR}{footnote_name(note)} (new): ")
            elif note.new is None:
                label = (DELETE, f"{PARAGRAPH_SEPARATOR}{footnote_name(note)} (deleted): ")
            else:
                label = (EQUAL, f"{PARAGRAPH_SEPARATOR}{footnote_name(note)}: ")
            notes.append(label)
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


def side_html(
    ops: Iterable[DiffOp],
    side: Side,
    colours: Colours,
    *,
    quiet: bool = False,
    options: DiffOptions | None = None,
    compilation: Collection[Side] = (),
) -> str:
    """One side of an entry: "old" shows deletions struck through, "new" insertions underlined;
    a difference the options ignore (`options`, default: the comparison defaults — look-alike
    characters) is that side's text in the quiet colour. When `side` is in `compilation` (the
    sides that are compilation texts, `compilation_sides`), its brackets, delegation tags and
    status markers are drawn in their own styles as well (see "Compilation texts" below)."""
    pieces = marked(ops, options or DiffOptions())
    marks = _side_marks(pieces, side, colours) if side in compilation else None
    parts = []
    place = 0
    for op, text, ignored in pieces:
        if op != EQUAL and (op == DELETE) != (side == "old"):
            continue
        within = _within(op, ignored)
        parts.append(_piece_html(text, within, colours, marks, place))
        place += len(text)
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
    compilation: Collection[Side] = (),
) -> str:
    """Both sides in one column, as the tracked-change Word export reads; an ignored difference
    reads as the new text in the quiet colour. Compilation markup (`compilation`, as in
    `side_html`) is the old text's in deleted words and the new text's elsewhere; words both
    sides share take the old text's markup only while the entry has no change at all."""
    pieces = marked(ops, options or DiffOptions())
    old_marks = _side_marks(pieces, "old", colours) if "old" in compilation else None
    new_marks = _side_marks(pieces, "new", colours) if "new" in compilation else None
    unchanged = all(op == EQUAL for op, _, _ in pieces)
    use_old = new_marks is None and unchanged
    parts = []
    old_place = new_place = 0
    for op, text, ignored in pieces:
        if op == EQUAL:
            marks, place = (old_marks, old_place) if use_old else (new_marks, new_place)
        elif op == DELETE:
            marks, place = old_marks, old_place
        else:
            marks, place = new_marks, new_place
        old_place += len(text) if op != INSERT else 0
        new_place += len(text) if op != DELETE else 0
        if ignored and op == DELETE:
            continue
        within = _within(op, ignored)
        parts.append(_piece_html(text, within, colours, marks, place))
    body = "".join(parts)
    if quiet:
        return f'<span style="color:{colours.quiet}">{body}</span>'
    return body


# --- compilation texts (issue 16) ------------------------------------------------------------

_Within = Literal["equal", "quiet", "deleted", "inserted"]
"""What a piece of a cell is: shared words, an ignored difference, a deletion, an insertion."""


@dataclass(frozen=True)
class CompilationStyle:
    """Colours of a compilation text's markup for one background (`compilation_style`)."""

    bracket: str
    """Bracket characters: bold, in this colour."""
    bracketed: str
    """The light shade behind words in brackets."""
    nested: str
    """The shade behind words in brackets within brackets."""
    tag: str
    tag_background: str
    """A delegation tag ("(EU)", "[(USA: delete)]"): a small grey label."""


COMPILATION_LIGHT = CompilationStyle(
    bracket="#8a4b00",
    bracketed="#f5edd6",
    nested="#eadbb0",
    tag="#55595e",
    tag_background="#eceff1",
)
COMPILATION_DARK = CompilationStyle(
    bracket="#ffb870",
    bracketed="#3a3322",
    nested="#483c26",
    tag="#c9ccce",
    tag_background="#383b3f",
)


def compilation_style(colours: Colours) -> CompilationStyle:
    return COMPILATION_DARK if colours.dark else COMPILATION_LIGHT


MARKER_STATUS: Mapping[str, Status] = {
    "agreed ad ref": Status.AGREED_AD_REF,
    "agreed in informals": Status.AGREED_IN_INFORMALS,
    "agreed": Status.AGREED,
    "agreed pending": Status.AGREED_AD_REF,
    "pending": Status.UNDER_DISCUSSION,
    "retain": Status.BRACKETED,
}
"""The annotation status each printed status marker (`diffing.compilation.STATUS_MARKERS`)
stands for. "agreed pending EU" is agreed subject to one delegation's check, as ad ref is subject
to capitals'; a bare "pending" is agreement not reached yet (under discussion); "[Retain]"
stands after words a delegation wants kept in brackets (bracketed)."""


def compilation_sides(comparison: Comparison) -> frozenset[Side]:
    """The versions of `comparison` that are compilation texts (`is_compilation`): only their
    cells are drawn with brackets, tags and markers in their own styles; other documents look
    as they always did, even when a paragraph holds square brackets."""
    sides: list[Side] = []
    if is_compilation(comparison.old):
        sides.append("old")
    if is_compilation(comparison.new):
        sides.append("new")
    return frozenset(sides)


def text_status(markups: Iterable[Markup]) -> Status | None:
    """The status the printed text of a paragraph (or of the paragraphs of one entry) gives:
    the first status marker's (`MARKER_STATUS`), else "bracketed" while words are still in
    brackets (`Markup.bracketed`), else None."""
    bracketed = False
    for markup in markups:
        if markup.status is not None and markup.status in MARKER_STATUS:
            return MARKER_STATUS[markup.status]
        bracketed = bracketed or markup.bracketed
    return Status.BRACKETED if bracketed else None


@dataclass(frozen=True)
class _Mark:
    """How one character of a compilation text is set, beyond the redline."""

    bold: bool = False
    small: bool = False
    colour: str | None = None
    background: str | None = None
    whole: bool = False
    """Kept on one line (a tag or a status chip broken over two lines reads as two)."""

    def css(self, within: _Within) -> str:
        """The redline keeps its own colour (and an insertion its tint): only shared words take
        the markup's colour, and all but insertions its background."""
        parts = []
        if self.bold:
            parts.append("font-weight:bold")
        if self.small:
            parts.append("font-size:small")
        if self.colour and within == "equal":
            parts.append(f"color:{self.colour}")
        if self.background and within != "inserted":
            parts.append(f"background-color:{self.background}")
        return "; ".join(parts)


def _chip(status: Status, colours: Colours) -> _Mark:
    background, text = badge_colours(status, dark=colours.dark)
    return _Mark(small=True, colour=text, background=background, whole=True)


def _paragraph_marks(text: str, colours: Colours) -> list[_Mark | None]:
    """The mark of each character of one paragraph's printed text (None: plain words)."""
    markup = read_markup(text)
    style = compilation_style(colours)
    tag_spans = {(t.start, t.end) for t in markup.tags}
    proposal_brackets = [
        b.span for b in markup.brackets if (b.span.start, b.span.end) not in tag_spans
    ]
    depth = [0] * len(text)
    for span in proposal_brackets:
        for index in range(span.start + 1, span.end - 1):
            depth[index] += 1
    shades = (None, style.bracketed, style.nested)
    marks: list[_Mark | None] = [_Mark(background=shades[min(d, 2)]) if d else None for d in depth]
    for span in proposal_brackets:
        for index in (span.start, span.end - 1):
            marks[index] = _Mark(
                bold=True, colour=style.bracket, background=shades[min(depth[index], 2)]
            )
    markers = {(m.start, m.end) for m in markup.markers}
    for tag in markup.tags:
        if (tag.start, tag.end) in markers:
            status = MARKER_STATUS.get(status_marker(text[tag.start + 1 : tag.end - 1]) or "")
            mark = (
                _chip(status, colours)
                if status is not None
                else _Mark(
                    small=True, colour=style.tag, background=style.tag_background, whole=True
                )
            )
        else:
            mark = _Mark(small=True, colour=style.tag, background=style.tag_background, whole=True)
        for index in range(tag.start, tag.end):
            marks[index] = mark
    return marks


Marks = Sequence["_Mark | None"]
"""The mark of every character of one side's text in a cell (`_side_marks`)."""


def _side_marks(pieces: Sequence[tuple[str, str, bool]], side: Side, colours: Colours) -> Marks:
    """Marks for one side's text as the cell's diff pieces spell it: paragraph by paragraph
    (an entry may join several, and its changed footnotes follow on lines of their own)."""
    text = "".join(
        piece for op, piece, _ in pieces if op == EQUAL or (op == DELETE) == (side == "old")
    )
    marks: list[_Mark | None] = []
    for number, paragraph in enumerate(text.split(PARAGRAPH_SEPARATOR)):
        if number:
            marks.append(None)
        marks.extend(_paragraph_marks(paragraph, colours))
    return marks


def _marked_runs(text: str, within: _Within, marks: Marks | None, start: int) -> str:
    """`text` as HTML, each run of characters with the same mark in a span of that style."""
    if marks is None:
        return _text(text)
    parts = []
    run_start = 0
    for index in range(1, len(text) + 1):
        if index < len(text) and marks[start + index] == marks[start + run_start]:
            continue
        mark = marks[start + run_start]
        run = _text(text[run_start:index])
        if mark is not None and mark.whole:
            run = run.replace(" ", "&nbsp;")
        css = mark.css(within) if mark is not None else ""
        parts.append(f'<span style="{css}">{run}</span>' if css else run)
        run_start = index
    return "".join(parts)


def _within(op: str, ignored: bool) -> _Within:
    if op == EQUAL:
        return "equal"
    if ignored:
        return "quiet"
    return "deleted" if op == DELETE else "inserted"


def _piece_html(
    text: str, within: _Within, colours: Colours, marks: Marks | None, start: int
) -> str:
    """One piece of a cell: the redline's style outside, the compilation marks inside."""
    inner = _marked_runs(text, within, marks, start)
    if within == "equal":
        return inner
    if within == "quiet":
        return f'<span style="color:{colours.quiet}">{inner}</span>'
    if within == "deleted":
        return f'<span style="color:{colours.deleted}; text-decoration:line-through">{inner}</span>'
    style = INSERTED_STYLE.format(inserted=colours.inserted, tint=colours.inserted_tint)
    return f'<span style="{style}">{inner}</span>'


_NEW: frozenset[Side] = frozenset({"new"})


def legend_html(colours: Colours = PRINT_COLOURS) -> str:
    """What the styles of the views mean (Help → Keyboard shortcuts and the compilation
    summary), each drawn by the same code that draws the cells."""
    samples = (
        (side_html(((DELETE, "deleted words"),), "old", colours), "deleted"),
        (side_html(((INSERT, "inserted words"),), "new", colours), "inserted"),
        (
            side_html(((EQUAL, "[bracketed words (EU)]"),), "new", colours, compilation=_NEW),
            "compilation texts: a proposal in brackets (not agreed) and the delegation that "
            "made it",
        ),
        (
            side_html(((EQUAL, "agreed [agreed ad ref]"),), "new", colours, compilation=_NEW),
            "a status marker printed in the text (its status shows in the navigator, in italics)",
        ),
        (
            side_html(((INSERT, "[inserted bracket (G77)]"),), "new", colours, compilation=_NEW),
            "brackets and tags keep the redline's colour when inserted or deleted",
        ),
    )
    return "".join(f"<p>{sample} — {html.escape(what)}</p>" for sample, what in samples)


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
    compilation = compilation_sides(comparison)
    for entry, label in zip(comparison.entries, entry_labels(comparison), strict=True):
        quiet = not is_change(entry)
        rows.append(
            f'<p><small style="color:{colours.quiet}">{html.escape(label)}</small><br>'
            + redline_html(
                entry_ops(entry, comparison, texts),
                colours,
                quiet=quiet,
                options=comparison.options,
                compilation=compilation,
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
