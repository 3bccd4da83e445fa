"""Core layer: comparing two rounds of a compilation text — what happened to each proposal.

Between compilation rounds negotiators want to know, paragraph by paragraph, which brackets were
opened, closed or removed and which proposals were added, withdrawn or accepted: "OP1: EU
proposal accepted, brackets removed". This module reads both sides of each aligned entry of a
`Comparison` with `diffing.compilation.read_markup` and names those events; it also counts what
is still open in one round (paragraphs still bracketed, bracket pairs, proposals per delegation).

Paragraphs of a compilation keep their labels from round to round (numbers of agreed paragraphs
do not shift during talks, ../shared/DOMAIN.md), so `label_links` pairs paragraphs by label
before any text similarity is weighed; `compare` takes them as manual links.

Rules:
- A proposal is matched across rounds by its proposers and words (spaces and case folded).
- An old bracketed proposal no longer in brackets whose words stand in the new paragraph's
  agreed text is *accepted*; one whose words are gone is *withdrawn*; an alternative that lost
  to another proposal's words is withdrawn too.
- A new proposal with no old match is *added*; a delete/retain/reserve tag is named as such.
"""

import re
from collections import Counter
from collections.abc import Iterable
from typing import NamedTuple

from diffing.compilation import Markup, Proposal, clean_text, read_markup
from diffing.model import Comparison, Document, ManualLink

COMPILATION_HINT = re.compile(r"\[[^\]]*\([A-Z][A-Za-z0-9.\-]{1,11}[^)]*\)\s*\]|\([A-Z]{2,}\)\]")
"""A tagged proposal somewhere in a paragraph: enough to treat a document as a compilation."""


def is_compilation(document: Document) -> bool:
    """True when some paragraph of `document` holds a tagged proposal in brackets."""
    return any(COMPILATION_HINT.search(p.text) for p in document.paragraphs)


def label_links(old: Document, new: Document) -> tuple[ManualLink, ...]:
    """Manual links pairing paragraphs that carry the same label in two compilation rounds
    ("OP1 bis" with "OP1 bis"), for `compare(..., links=...)`.

    Only when both documents are compilation texts; each id must be unique on both sides, and
    title/opening/other paragraphs are left to the alignment."""
    if not (is_compilation(old) and is_compilation(new)):
        return ()
    new_ids = {p.id for p in new.paragraphs}
    return tuple(
        ManualLink((p.id,), (p.id,))
        for p in old.paragraphs
        if p.id in new_ids and p.id[:2] in {"PP", "OP"}
    )


class RoundEvent(NamedTuple):
    """One thing that happened to a paragraph's markup between two rounds."""

    what: str
    """"proposal accepted", "proposal withdrawn", "proposal added", "deletion proposed",
    "deletion accepted", "deletion withdrawn", "retain proposed", "brackets removed",
    "brackets added", "status"."""
    proposers: tuple[str, ...] = ()
    words: str = ""

    def __str__(self) -> str:
        who = ", ".join(self.proposers)
        if self.what == "status":
            return f"status: {self.words}"
        if self.what.startswith("brackets"):
            return self.what
        text = f"{who} {self.what}" if who else self.what
        return f"{text} ({_short(self.words)})" if self.words else text


def _short(words: str, limit: int = 40) -> str:
    return words if len(words) <= limit else words[: limit - 1].rstrip() + "…"


def _key(proposal: Proposal) -> tuple[tuple[str, ...], str, str]:
    return (
        proposal.proposers,
        re.sub(r"[\s\[\]]+", " ", proposal.text).strip().casefold(),
        proposal.action,
    )


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[\[\]]", "", text)).strip().casefold()


def round_events(old_text: str, new_text: str) -> tuple[RoundEvent, ...]:
    """What happened to the markup of one paragraph between two rounds, in a fixed order:
    accepted, withdrawn, added, then brackets and status. Texts are the printed paragraphs."""
    old, new = read_markup(old_text), read_markup(new_text)
    events: list[RoundEvent] = []
    new_keys = {_key(p) for p in new.proposals}
    old_keys = {_key(p) for p in old.proposals}
    agreed_new = _words(clean_text(new_text, "agreed"))
    words_new = _words(new_text)
    for proposal in old.proposals:
        if _key(proposal) in new_keys:
            continue
        words = _words(proposal.text)
        if proposal.action == "add" and proposal.bracketed:
            accepted = bool(words) and words in agreed_new
            what = "proposal accepted" if accepted else "proposal withdrawn"
        elif proposal.action == "delete":
            # The words went: the deletion carried; they stayed: the proposal was dropped.
            what = "deletion withdrawn" if words and words in words_new else "deletion accepted"
        else:
            what = f"{proposal.action} withdrawn"
        events.append(RoundEvent(what=what, proposers=proposal.proposers, words=proposal.text))
    for proposal in new.proposals:
        if _key(proposal) in old_keys:
            continue
        what = {"add": "proposal added", "delete": "deletion proposed"}.get(
            proposal.action, f"{proposal.action} proposed"
        )
        events.append(RoundEvent(what=what, proposers=proposal.proposers, words=proposal.text))
    if _still_bracketed(old) and not _still_bracketed(new):
        events.append(RoundEvent(what="brackets removed"))
    elif not _still_bracketed(old) and _still_bracketed(new):
        events.append(RoundEvent(what="brackets added"))
    if new.status != old.status and new.status is not None:
        events.append(RoundEvent(what="status", words=new.status))
    return tuple(events)


def _still_bracketed(markup: Markup) -> bool:
    return any(
        not any(t.start == b.span.start and t.end == b.span.end for t in markup.tags)
        for b in markup.brackets
    )


class EntryEvents(NamedTuple):
    """The events of one aligned entry, with the labels negotiators use for it."""

    label: str
    events: tuple[RoundEvent, ...]

    def __str__(self) -> str:
        return f"{self.label}: " + ", ".join(str(e) for e in self.events)


def comparison_events(comparison: Comparison) -> tuple[EntryEvents, ...]:
    """Round events for every entry of `comparison` that has some, in its reading order.

    An inserted paragraph's proposals are all "added"; a deleted one's bracketed proposals are
    "withdrawn" (the paragraph went with them)."""
    old_text = {p.id: p.text for p in comparison.old.paragraphs}
    new_text = {p.id: p.text for p in comparison.new.paragraphs}
    old_label = {p.id: p.label for p in comparison.old.paragraphs}
    new_label = {p.id: p.label for p in comparison.new.paragraphs}
    found: list[EntryEvents] = []
    for entry in comparison.entries:
        before = " ".join(old_text[i] for i in entry.old)
        after = " ".join(new_text[i] for i in entry.new)
        events = round_events(before, after)
        if events:
            label = " + ".join(new_label[i] for i in entry.new) or " + ".join(
                old_label[i] for i in entry.old
            )
            found.append(EntryEvents(label=label, events=events))
    return tuple(found)


class CompilationCounts(NamedTuple):
    """Where one compilation round stands."""

    bracketed_paragraphs: int
    """Paragraphs with words still in brackets."""
    bracket_pairs: int
    """Pairs of square brackets around proposals (tags and status markers not counted)."""
    proposals: tuple[tuple[str, int], ...]
    """Proposals per delegation, most first, then by name: (("EU", 3), ("G77", 2))."""
    statuses: tuple[tuple[str, int], ...]
    """Printed status markers and how many paragraphs carry each."""


def compilation_counts(document: Document) -> CompilationCounts:
    """Count what is still open in one round (see `CompilationCounts`)."""
    return counts_of(p.text for p in document.paragraphs)


def counts_of(texts: Iterable[str]) -> CompilationCounts:
    """`compilation_counts` over printed paragraph texts."""
    bracketed = pairs = 0
    per_delegation: Counter[str] = Counter()
    statuses: Counter[str] = Counter()
    for text in texts:
        markup = read_markup(text)
        proposal_brackets = [
            b
            for b in markup.brackets
            if not any(t.start == b.span.start and t.end == b.span.end for t in markup.tags)
        ]
        pairs += len(proposal_brackets)
        bracketed += bool(proposal_brackets)
        for proposal in markup.proposals:
            per_delegation.update(proposal.proposers)
        if markup.status:
            statuses[markup.status] += 1
    return CompilationCounts(
        bracketed_paragraphs=bracketed,
        bracket_pairs=pairs,
        proposals=tuple(sorted(per_delegation.items(), key=lambda kv: (-kv[1], kv[0]))),
        statuses=tuple(sorted(statuses.items())),
    )
