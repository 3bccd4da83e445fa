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
    verb_text(change)                "Encourages → Urges (strengthened)" (the verb ladder)
    entry_remarks(entry, comparison) "Verb: Encourages → Urges (strengthened)", "Proposals: EU
                                     proposal accepted (Deeply), brackets removed", "possible
                                     PBI: Secretary-General to report" (not counted as changes)
    round_lines(comparison)          "OP1: EU proposal accepted (Urges), brackets removed"
    round_figures(comparison)        proposals accepted / withdrawn / added between two rounds
    proposal_lines(entry, comparison) "EU: Urges (bracketed)": the table's proposals column
    PALETTE / DARK_PALETTE           the colours of deletions, insertions, moves, quiet text
"""

import threading
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple

from diffing.language import detect_language
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
    Kind,
    MastheadChange,
    Paragraph,
    Relation,
    VerbChange,
)
from diffing.worddiff import is_ignored, word_count

if TYPE_CHECKING:
    from diffing.compilation_rounds import CompilationCounts, RoundEvent

# The compilation modules are imported where a compilation text needs them (an ordinary
# resolution never does: `Document.holds_brackets`), the verb ladder and budget flags where a
# remark is written: `redline compare` starts sooner.

__all__ = [
    "DARK_PALETTE",
    "PALETTE",
    "RELATION_NAMES",
    "SUMMARY_ORDER",
    "Palette",
    "comparison_language",
    "counts_line",
    "entry_label",
    "entry_remarks",
    "footnote_lines",
    "is_compilation_text",
    "marked",
    "masthead_lines",
    "object_lines",
    "paragraph_label",
    "proposal_lines",
    "relation_text",
    "round_figures",
    "round_lines",
    "summary_figures",
    "summary_line",
    "text_markup",
    "verb_shift_of",
    "verb_text",
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


class Palette(NamedTuple):
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


# --- negotiators' remarks: the verb ladder, budget implications, compilation rounds -------------


def verb_text(change: VerbChange, language: str = "en") -> str:
    """ "Encourages → Urges (strengthened)", "Requests → Invites (weakened)"; without the
    parenthesis when either phrase is off the ladder of `language` (`diffing.flags.verb_shift`;
    `comparison_language` tells a comparison's)."""
    shift = verb_shift_of(change, language)
    return f"{change.old} → {change.new}" + (f" ({shift})" if shift else "")


def verb_shift_of(change: VerbChange, language: str = "en") -> str | None:
    """ "strengthened", "weakened" or None: where the change stands on the verb ladder."""
    from diffing.flags import verb_shift

    return verb_shift(change.old, change.new, language)


def comparison_language(comparison: Comparison) -> str:
    """The official language the new version is written in ("en", "fr", …), for its ladder."""
    return _facts(comparison.new).language


class _Facts(NamedTuple):
    """What the remarks ask of a document for every entry, worked out once per document (asked
    per entry, it made a remark-writing pass over 800 paragraphs quadratic: 11 s)."""

    compilation: bool
    paragraphs: dict[str, Paragraph]
    language: str


_FACTS: dict[int, tuple[Document, _Facts]] = {}
"""The facts of the documents asked last, by id, each with its document: held, so that its id
cannot be reused while it is here (a record, a tuple, cannot be weakly referenced). Up to
`_FACTS_KEPT` documents stay alive this way after their window or export is done with them."""
_FACTS_KEPT = 16
"""How many documents' facts `_FACTS` keeps: every version of a negotiation file's rounds, as
the app asks them over and over."""
_FACTS_LOCK = threading.Lock()
"""The app asks for facts from its window and from export threads at once."""


def _facts(document: Document) -> _Facts:
    key = id(document)
    with _FACTS_LOCK:
        held = _FACTS.pop(key, None)  # taken out and put back last: the least recent goes first
        if held is not None:
            _FACTS[key] = held
            return held[1]
    # Worked out unlocked (reading a long text takes a while); a thread that asks at the same
    # time works the same facts out once more.
    held = (
        document,
        _Facts(
            is_compilation_text(document),
            {p.id: p for p in document.paragraphs},
            detect_language("\n".join(p.text for p in document.paragraphs)),
        ),
    )
    with _FACTS_LOCK:
        _FACTS.pop(key, None)
        while len(_FACTS) >= _FACTS_KEPT:
            del _FACTS[next(iter(_FACTS))]
        _FACTS[key] = held
    return held[1]


def is_compilation_text(document: Document) -> bool:
    """`compilation_rounds.is_compilation`, imported only for a document holding brackets."""
    if not document.holds_brackets():
        return False
    from diffing.compilation_rounds import is_compilation

    return is_compilation(document)


def is_compilation_comparison(comparison: Comparison) -> bool:
    """True when either version is a compilation text (tagged proposals in brackets)."""
    return _facts(comparison.old).compilation or _facts(comparison.new).compilation


def _texts(document: Document, ids: tuple[str, ...]) -> str:
    by_id = _facts(document).paragraphs
    return " ".join(by_id[i].text for i in ids if i in by_id)


def entry_events(entry: AlignedEntry, comparison: Comparison) -> "tuple[RoundEvent, ...]":
    """What happened to the entry's proposals and brackets between two rounds of a compilation
    text (`compilation_rounds.round_events`); () when neither version is a compilation."""
    if not is_compilation_comparison(comparison):
        return ()
    from diffing.compilation_rounds import round_events

    return round_events(_texts(comparison.old, entry.old), _texts(comparison.new, entry.new))


_PBI_KINDS = frozenset({Kind.OPERATIVE, Kind.SUBPARAGRAPH})


def budget_remark(entry: AlignedEntry, comparison: Comparison) -> str | None:
    """ "possible PBI: Secretary-General to report" when the entry's new operative paragraph
    asks the Secretariat to act (`diffing.flags.budget_flag`), "(extrabudgetary)" added when it
    says so; None for deleted entries and other kinds. A flag, never counted as a change."""
    found = []
    by_id = _facts(comparison.new).paragraphs
    for paragraph in (by_id[i] for i in entry.new if i in by_id):
        if paragraph.kind in _PBI_KINDS:
            from diffing.flags import budget_flag

            flag = budget_flag(paragraph.text)
            if flag is not None:
                found.append(flag.reason + (" (extrabudgetary)" if flag.softened else ""))
    return f"possible PBI: {'; '.join(found)}" if found else None


def entry_remarks(entry: AlignedEntry, comparison: Comparison) -> list[str]:
    """The negotiators' remarks on one entry, in every output: the verb change on the ladder,
    the compilation round's events, and the budget flag."""
    out = []
    if entry.verb_change is not None:
        out.append(f"Verb: {verb_text(entry.verb_change, comparison_language(comparison))}")
    events = entry_events(entry, comparison)
    if events:
        out.append("Proposals: " + ", ".join(str(event) for event in events))
    budget = budget_remark(entry, comparison)
    if budget is not None:
        out.append(budget)
    return out


def proposal_lines(entry: AlignedEntry, comparison: Comparison) -> list[str]:
    """Who proposes what in the entry's new paragraphs, one line each, for the comparison
    table's proposals column: "EU: Urges (bracketed)", "G77: delete “their national capacity”",
    "CAN: Requests the Secretary-General… (bracketed)", "status: agreed ad ref". [] when neither
    version is a compilation text or the entry has no new paragraph."""
    if not is_compilation_comparison(comparison):
        return []
    from diffing.compilation import read_markup

    lines = []
    for paragraph in comparison.new.paragraphs:
        if paragraph.id not in entry.new:
            continue
        markup = read_markup(paragraph.text)
        for proposal in markup.proposals:
            who = ", ".join(proposal.proposers) or "no tag"
            words = _short_words(proposal.text)
            if proposal.action == "add":
                line = f"{who}: {words}"
            else:
                line = f"{who}: {proposal.action} “{words}”"
            lines.append(line + (" (bracketed)" if proposal.bracketed else ""))
        if markup.status is not None:
            lines.append(f"status: {markup.status}")
    return lines


def _short_words(words: str, limit: int = 60) -> str:
    return words if len(words) <= limit else words[: limit - 1].rstrip() + "…"


def counts_line(counts: "CompilationCounts") -> str:
    """Where one compilation round stands, in one line: "5 paragraphs still bracketed · 7
    bracket pairs · proposals: G77 3, EU 2, CAN 1 · agreed ad ref 2"."""
    noun = "paragraph" if counts.bracketed_paragraphs == 1 else "paragraphs"
    parts = [
        f"{counts.bracketed_paragraphs} {noun} still bracketed",
        f"{counts.bracket_pairs} bracket {'pair' if counts.bracket_pairs == 1 else 'pairs'}",
    ]
    if counts.proposals:
        parts.append("proposals: " + ", ".join(f"{who} {n}" for who, n in counts.proposals))
    parts.extend(f"{status} {n}" for status, n in counts.statuses)
    return " · ".join(parts)


def entry_name(entry: AlignedEntry, comparison: Comparison) -> str:
    """The labels negotiators use for an entry: the new ones, else the old ("OP1 bis")."""
    return _side(comparison.new, entry.new) or _side(comparison.old, entry.old)


def round_lines(comparison: Comparison) -> list[str]:
    """One line per entry whose proposals or brackets changed between two compilation rounds:
    "PP2: EU proposal accepted (Deeply), brackets removed"; [] for ordinary resolutions."""
    if not is_compilation_comparison(comparison):
        return []
    lines = []
    for entry in comparison.entries:
        events = entry_events(entry, comparison)
        if events:
            names = ", ".join(str(event) for event in events)
            lines.append(f"{entry_name(entry, comparison)}: {names}")
    return lines


_ROUND_FIGURES = {
    "proposal accepted": "proposals_accepted",
    "proposal withdrawn": "proposals_withdrawn",
    "proposal added": "proposals_added",
}


def round_figures(comparison: Comparison) -> dict[str, int]:
    """Proposals accepted, withdrawn and added between two compilation rounds (all 0 for
    ordinary resolutions): {"proposals_accepted": 1, "proposals_withdrawn": 3, …}."""
    figures = dict.fromkeys(_ROUND_FIGURES.values(), 0)
    if not is_compilation_comparison(comparison):
        return figures
    for entry in comparison.entries:
        for event in entry_events(entry, comparison):
            name = _ROUND_FIGURES.get(event.what)
            if name is not None:
                figures[name] += 1
    return figures


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
    rounds = round_figures(comparison) if is_compilation_comparison(comparison) else {}
    if any(rounds.values()):
        counted = [
            f"{rounds[name]} {name.split('_')[1]}"
            for name in _ROUND_FIGURES.values()
            if rounds[name]
        ]
        parts.append("proposals: " + ", ".join(counted))
    parts.append(f"+{summary.words_inserted}/−{summary.words_deleted} words")
    return " · ".join(parts)


def describe(comparison: Comparison) -> Sequence[str]:
    """What the top of every export says: the summary line, the masthead changes, then the
    images and objects that differ."""
    return [
        summary_line(comparison),
        *masthead_lines(comparison),
        *object_lines(comparison),
        *round_lines(comparison),
    ]
