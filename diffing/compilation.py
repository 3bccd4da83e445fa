"""Core layer: the markup of compilation texts — brackets, proposals and who made them.

Between rounds a facilitator circulates a *compilation text*: every proposal in square brackets
with its proposer's tag, alternatives, new paragraphs labelled bis/ter, and agreement markers
(../shared/DOMAIN.md, "Negotiation vocabulary"). For example::

    PP2 [Deeply] concerned [(EU)] about the illicit trade in small arms,
    OP1 [Encourages (G77)] [Urges (EU)] all States to implement the Programme of Action;
    OP1 bis [Requests the Secretary-General to report (CAN)] [(G77: delete)]
    PP3 Concerned about the illicit trade in small arms and light weapons, [agreed ad ref]

`read_markup` turns one paragraph's printed text into a `Markup`: its negotiator's label, the
bracket spans (nested), the proposals with their proposers and action, and the status marker.
The printed text is never changed; every span is a half-open range into it. `clean_text` gives
the text without brackets and tags, with either the first alternative of each proposal or only
the agreed (unbracketed) words.

Rules, and where they come from:
- A parenthesised group is a delegation tag only where compilation texts put tags: in brackets of
  its own ("[(EU)]"), last inside a bracket ("[… (RUS)]"), right after a closing bracket
  ("] (EU)"), or with a proposer's action ("(USA: delete)"). "(UNODC)" after a body's full name
  and "(a)" sub-paragraph letters in running text are never tags.
- A tag names the proposers of the nearest untagged proposal before it; a tag that follows
  unbracketed words ("their national capacity [(USA: delete)]") targets those words, back to the
  previous bracket or tag.
- Status markers ("agreed ad ref", "AAR", "agreed", "agreed in informals", "pending", "retain")
  in brackets of their own are the paragraph's status, not a proposal.
"""

import re
from collections.abc import Sequence
from typing import Literal, NamedTuple

from diffing.model import Span
from diffing.module_logger import get_logger

log = get_logger(__name__)

Action = Literal["add", "delete", "retain", "reserve", "amend"]
"""What a proposer asks for: "add" (the bracketed words are their proposal), "delete", "retain",
"reserve" (a reservation on the words) or "amend"."""

_ACTIONS: dict[str, Action] = {
    "delete": "delete",
    "del": "delete",
    "deletion": "delete",
    "retain": "retain",
    "keep": "retain",
    "reserve": "reserve",
    "reservation": "reserve",
    "amend": "amend",
}

STATUS_MARKERS: dict[str, str] = {
    "agreed ad ref": "agreed ad ref",
    "agreed ad referendum": "agreed ad ref",
    "aar": "agreed ad ref",
    "ad ref": "agreed ad ref",
    "agreed in informals": "agreed in informals",
    "agreed": "agreed",
    "agreed pending": "agreed pending",
    "pending": "pending",
    "retain": "retain",
}
"""Printed status markers (lower case, without brackets) and the status each stands for."""

_DELEGATION = r"[A-Z][A-Za-z0-9.\-]{1,11}"
_TAG = re.compile(
    rf"\(\s*(?P<who>{_DELEGATION}(?:\s*(?:,|/|\+|and)\s*{_DELEGATION})*)"
    r"(?:\s*:\s*(?P<action>[A-Za-z ]+?))?\s*\)"
)
"""A delegation tag: "(EU)", "(CAN, MEX)", "(G77/China)" is one tag, "(USA: delete)"."""

_LABEL = re.compile(
    r"^\s*(?:(?P<new>new\s+)(?P<newkind>PP|OP)\b"
    r"|(?P<kind>PP|OP)\s*(?P<num>\d{1,3})"
    r"(?:\s*(?P<latin>bis|ter|quater|quinquies|sexies|septies|octies|novies|decies))?"
    r"(?:\s*(?P<alt>alt(?:ernative)?)(?:\s*(?P<altnum>\d{1,2}))?)?"
    r"|(?P<altonly>Alt(?:ernative)?)\s*(?P<altonlynum>\d{1,2})(?![\d.]))"
    r"\s*[:.\-–]?\s*",
    re.IGNORECASE,
)
"""A negotiator's label at the start of a compilation paragraph: "PP2", "OP1 bis", "PP2 alt",
"OP5 alt 2", "Alt 1", "new OP"."""


class Label(NamedTuple):
    """The label printed before a compilation paragraph.

    `kind` is "PP" or "OP" (None for a bare "Alt 1"), `number` the printed number ("5"),
    `latin` the bis/ter suffix, `alternative` the alternative's number ("" for "PP2 alt" with no
    number, None when the paragraph is not an alternative), `new` for "new OP"."""

    text: str
    kind: str | None = None
    number: str | None = None
    latin: str | None = None
    alternative: str | None = None
    new: bool = False

    @property
    def key(self) -> str:
        """A normalised name for matching rounds by label: "OP1bis", "PP2-alt", "OP5-alt2"."""
        base = f"{self.kind or ''}{self.number or ''}{self.latin or ''}"
        if self.new:
            base = f"new-{self.kind}"
        if self.alternative is not None:
            base = f"{base}-alt{self.alternative}" if base else f"alt{self.alternative}"
        return base


class Bracket(NamedTuple):
    """One pair of square brackets: `span` covers both brackets; `depth` 0 is outermost."""

    span: Span
    depth: int


class Proposal(NamedTuple):
    """One proposal: the words proposed (or targeted, for "delete"/"retain"), who made it.

    `span` covers the proposal's words in the printed text (without its brackets and tag);
    `proposers` are the delegations in the tag ("EU", "CAN"), empty when none was printed."""

    text: str
    span: Span
    proposers: tuple[str, ...]
    action: Action
    bracketed: bool
    """True when the words stand in brackets of their own (not yet agreed)."""


class Markup(NamedTuple):
    """What one compilation paragraph says beyond its words."""

    label: Label | None
    brackets: tuple[Bracket, ...]
    proposals: tuple[Proposal, ...]
    status: str | None
    """A printed status marker ("agreed ad ref"), normalised with `STATUS_MARKERS`."""
    tags: tuple[Span, ...]
    """Spans of the delegation tags and status markers, with the brackets they stand in."""
    markers: tuple[Span, ...] = ()
    """Spans of the status markers alone ("[agreed ad ref]"), brackets included; each is also in
    `tags`."""
    unbalanced: bool = False
    """True when the brackets do not pair up (a typing slip the user should see)."""

    @property
    def bracketed(self) -> bool:
        """True while some words of the paragraph are in brackets (not agreed)."""
        return any(p.bracketed for p in self.proposals) or bool(
            self.brackets and not self.proposals and self.status is None
        )

    @property
    def delegations(self) -> tuple[str, ...]:
        """Every delegation that made a proposal here, in order of first appearance."""
        seen: dict[str, None] = {}
        for proposal in self.proposals:
            for who in proposal.proposers:
                seen.setdefault(who, None)
        return tuple(seen)


def read_label(text: str) -> tuple[Label | None, int]:
    """The negotiator's label at the start of `text` and the offset where the words begin.

    Returns (None, 0) when the paragraph has no label. Only a label followed by words counts, so
    "OP5" alone is a label with no text (offset len(text))."""
    match = _LABEL.match(text)
    if not match:
        return None, 0
    if match.group("new"):
        label = Label(text=match.group(0).strip(), kind=match.group("newkind").upper(), new=True)
    elif match.group("kind"):
        alternative = None
        if match.group("alt"):
            alternative = match.group("altnum") or ""
        latin = match.group("latin")
        label = Label(
            text=match.group(0).strip(),
            kind=match.group("kind").upper(),
            number=match.group("num"),
            latin=latin.lower() if latin else None,
            alternative=alternative,
        )
    else:
        label = Label(text=match.group(0).strip(), alternative=match.group("altonlynum"))
    return label, match.end()


def _pair_brackets(text: str, start: int) -> tuple[list[tuple[int, int, int]], bool]:
    """(open, close, depth) for every bracket pair from `start`; True when unbalanced."""
    stack: list[int] = []
    pairs: list[tuple[int, int, int]] = []
    unbalanced = False
    for index in range(start, len(text)):
        char = text[index]
        if char == "[":
            stack.append(index)
        elif char == "]":
            if not stack:
                unbalanced = True
                continue
            opened = stack.pop()
            pairs.append((opened, index + 1, len(stack)))
    if stack:
        unbalanced = True
    pairs.sort()
    return pairs, unbalanced


def _action(word: str | None) -> Action | None:
    if word is None:
        return "add"
    return _ACTIONS.get(word.strip().lower())


def _proposers(who: str) -> tuple[str, ...]:
    parts = re.split(r"\s*(?:,|\+|\band\b)\s*", who.strip())
    return tuple(part for part in parts if part)


_PENDING = re.compile(rf"(?:agreed\s+)?pending\s*[(:]?\s*{_DELEGATION}\s*\)?", re.IGNORECASE)
"""A marker naming who must still check: "agreed pending EU", "pending (USA)"."""


def status_marker(inner: str) -> str | None:
    """The status a printed marker stands for ("AAR" → "agreed ad ref"), None when `inner` (the
    words between a marker's brackets) is not one of `STATUS_MARKERS`. A marker that names the
    delegation agreement waits on ("agreed pending EU", "pending (USA)") is "agreed pending"
    or "pending" (../shared/DOMAIN.md, paragraph status)."""
    words = re.sub(r"\s+", " ", inner.strip()).rstrip(".")
    found = STATUS_MARKERS.get(words.lower())
    if found is None and _PENDING.fullmatch(words):
        found = "agreed pending" if words.lower().startswith("agreed") else "pending"
    return found


def _trimmed(text: str, start: int, end: int) -> Span:
    while start < end and text[start] in " ,;":
        start += 1
    while end > start and text[end - 1] in " ,;":
        end -= 1
    return Span(start, end)


def read_markup(text: str) -> Markup:
    """Read the compilation markup of one paragraph's printed `text` (see the module docstring).

    Never raises on odd input: unbalanced brackets set `Markup.unbalanced` and the brackets that
    do pair are still read."""
    label, offset = read_label(text)
    pairs, unbalanced = _pair_brackets(text, offset)
    tags: list[Span] = []
    markers: list[Span] = []
    status: str | None = None
    # A tag's span (the parentheses, with brackets of its own when it has them), its proposers
    # and action; and the bracket pairs that hold proposals rather than only a tag or a status.
    found: list[tuple[Span, tuple[str, ...], Action]] = []
    tag_brackets: set[tuple[int, int]] = set()
    for opened, closed, _depth in pairs:
        inner = text[opened + 1 : closed - 1]
        marker = status_marker(inner)
        if marker is not None:
            status = status or marker
            tags.append(Span(opened, closed))
            markers.append(Span(opened, closed))
            tag_brackets.add((opened, closed))
            continue
        whole = _TAG.fullmatch(inner.strip())
        if whole and (action := _action(whole.group("action"))) is not None:
            tags.append(Span(opened, closed))
            tag_brackets.add((opened, closed))
            found.append((Span(opened, closed), _proposers(whole.group("who")), action))
    for match in _TAG.finditer(text, offset):
        span = Span(match.start(), match.end())
        if any(t.start <= span.start and span.end <= t.end for t in tags):
            continue
        action = _action(match.group("action"))
        if action is None:
            continue
        rest = text[match.end() :].lstrip(" ")
        before = text[: match.start()].rstrip(" ")
        last_inside = rest.startswith("]")
        after_bracket = before.endswith("]")
        if not (last_inside or after_bracket or match.group("action")):
            continue
        tags.append(span)
        found.append((span, _proposers(match.group("who")), action))
    tags.sort(key=lambda s: s.start)
    found.sort(key=lambda item: item[0].start)

    proposal_pairs = [(o, c) for o, c, _ in pairs if (o, c) not in tag_brackets]
    proposals: list[Proposal] = []
    claimed: set[tuple[int, int]] = set()
    previous_end = offset
    for tag_span, proposers, action in found:
        # A proposal to delete or retain bracketed words may follow their proposer's own tag
        # ("[… (CAN)] [(G77: delete)]"): it targets the same brackets.
        target = _target(
            text, tag_span, proposal_pairs, set() if action != "add" else claimed, tags
        )
        if target is not None:
            opened, closed = target
            claimed.add(target)
            words = _words_without_tags(text, opened + 1, closed - 1, tags)
            proposals.append(
                Proposal(
                    text=text[words.start : words.end],
                    span=words,
                    proposers=proposers,
                    action=action,
                    bracketed=True,
                )
            )
        else:
            closed_before = [c for _, c in proposal_pairs if c <= tag_span.start]
            start = max([previous_end, *closed_before])
            words = _trimmed(text, start, tag_span.start)
            if words.end > words.start:
                proposals.append(
                    Proposal(
                        text=text[words.start : words.end],
                        span=words,
                        proposers=proposers,
                        action=action,
                        bracketed=False,
                    )
                )
        previous_end = tag_span.end
    for opened, closed in proposal_pairs:
        if (opened, closed) in claimed or any(o < opened and closed < c for o, c in proposal_pairs):
            continue
        words = _words_without_tags(text, opened + 1, closed - 1, tags)
        proposals.append(
            Proposal(
                text=text[words.start : words.end],
                span=words,
                proposers=(),
                action="add",
                bracketed=True,
            )
        )
    proposals.sort(key=lambda p: p.span.start)
    brackets = tuple(Bracket(span=Span(o, c), depth=d) for o, c, d in pairs)
    if unbalanced:
        log.debug("unbalanced brackets in %r", text[:60])
    return Markup(
        label=label,
        brackets=brackets,
        proposals=tuple(proposals),
        status=status,
        tags=tuple(tags),
        markers=tuple(markers),
        unbalanced=unbalanced,
    )


def _target(
    text: str,
    tag: Span,
    pairs: Sequence[tuple[int, int]],
    claimed: set[tuple[int, int]],
    tags: Sequence[Span],
) -> tuple[int, int] | None:
    """The bracket pair a tag belongs to: the one it stands last inside, else the nearest
    unclaimed pair that closes before it with only spaces or other tags' brackets between."""
    inside = [(o, c) for o, c in pairs if o < tag.start and tag.end <= c - 1]
    if inside:
        innermost = max(inside, key=lambda pair: pair[0])
        if not text[tag.end : innermost[1] - 1].strip():
            return innermost
    before = [(o, c) for o, c in pairs if c <= tag.start and (o, c) not in claimed]
    if not before:
        return None
    nearest = max(before, key=lambda pair: pair[1])
    # Other pairs enclosing `nearest` are the proposal in full ("[… [illicit] …] (RUS)").
    enclosing = [(o, c) for o, c in before if o <= nearest[0] and nearest[1] <= c]
    outer = min(enclosing, key=lambda pair: pair[0])
    between = _blank(text, outer[1], tag.start, tags)
    if between.strip(" ") and not _only_words_between(between):
        return None
    return outer


def _blank(text: str, start: int, end: int, tags: Sequence[Span]) -> str:
    """text[start:end] with other tags (and their brackets) blanked out."""
    chars = list(text[start:end])
    for tag in tags:
        for index in range(max(tag.start, start), min(tag.end, end)):
            chars[index - start] = " "
    return "".join(chars)


def _only_words_between(between: str) -> bool:
    """True when the words between a bracket and its tag are few enough to be part of the same
    proposal ("[Deeply] concerned [(EU)]": one word of context, as facilitators print it)."""
    return len(between.split()) <= 1 and not re.search(r"[;,.]", between)


def _words_without_tags(text: str, start: int, end: int, tags: Sequence[Span]) -> Span:
    for tag in tags:
        if start <= tag.start and tag.end <= end and not text[tag.end : end].strip():
            end = tag.start
    return _trimmed(text, start, end)


CleanChoice = Literal["first", "agreed"]
"""How `clean_text` resolves proposals: "first" keeps the first of competing alternatives (and
every other bracketed proposal), "agreed" keeps only the words outside brackets."""


def clean_text(text: str, choice: CleanChoice = "first") -> str:
    """`text` without brackets, tags, status markers or label: the words a clean version reads.

    With "first", adjacent competing proposals ("[Encourages (G77)] [Urges (EU)]") keep only the
    first; a "delete" proposal does not delete (it is only a proposal). With "agreed", every
    bracketed proposal is dropped. Spaces are tidied and the first letter is capitalised when the
    words before it were dropped."""
    markup = read_markup(text)
    _, offset = read_label(text)
    drop = [False] * len(text)
    for index in range(offset):
        drop[index] = True
    for tag in markup.tags:
        for index in range(tag.start, tag.end):
            drop[index] = True
    for bracket in markup.brackets:
        drop[bracket.span.start] = True
        drop[bracket.span.end - 1] = True
    bracketed = [p for p in markup.proposals if p.bracketed]
    previous: Proposal | None = None
    for proposal in bracketed:
        if choice == "agreed" or (
            previous is not None
            and proposal.action == "add"
            and previous.action == "add"
            and _adjacent(text, markup, previous, proposal)
        ):
            _drop_bracket_of(markup, proposal, drop)
        previous = proposal
    if choice == "agreed":
        # Brackets that held no tagged proposal are unagreed words too.
        for bracket in markup.brackets:
            if bracket.depth == 0 and not any(
                t.start == bracket.span.start and t.end == bracket.span.end for t in markup.tags
            ):
                for index in range(bracket.span.start, bracket.span.end):
                    drop[index] = True
    kept = "".join(char for index, char in enumerate(text) if not drop[index])
    kept = re.sub(r"\s{2,}", " ", kept).strip()
    kept = re.sub(r"\s+([,;:.])", r"\1", kept)
    kept = re.sub(r"([,;:])(?=[,;:])", "", kept)
    if kept and text[offset:].lstrip()[:1] == "[" and kept[0].islower():
        kept = kept[0].upper() + kept[1:]
    return kept


def _bracket_around(markup: Markup, proposal: Proposal) -> Span:
    candidates = [
        b.span
        for b in markup.brackets
        if b.span.start < proposal.span.start and proposal.span.end < b.span.end
    ]
    return max(candidates, key=lambda span: span.start) if candidates else proposal.span


def _drop_bracket_of(markup: Markup, proposal: Proposal, drop: list[bool]) -> None:
    span = _bracket_around(markup, proposal)
    for index in range(span.start, span.end):
        drop[index] = True


def _adjacent(text: str, markup: Markup, first: Proposal, second: Proposal) -> bool:
    """True when only spaces and tags stand between two bracketed proposals (alternatives)."""
    end = _bracket_around(markup, first).end
    start = _bracket_around(markup, second).start
    return not _blank(text, end, start, markup.tags).strip()


_ALT_TEXT = re.compile(r"^\s*alt(?:ernative)?\b\.?\s*\d{0,2}\s*[:.\-–]?\s*", re.IGNORECASE)
""""alt [Concerned …]": an alternative whose label a reader split from its text."""


def is_alternative(paragraph_id: str, text: str) -> bool:
    """True when a paragraph is an alternative to another ("PP2 alt", "Alt 1", "Alt OP5 bis"):
    by its id ("OP5bis-alt"), its printed label, or a leftover "alt" before its words."""
    if paragraph_id.endswith("-alt"):
        return True
    label, _ = read_label(text)
    if label is not None and label.alternative is not None:
        return True
    return bool(_ALT_TEXT.match(text)) and "[" in text[:12]


def clean_document_texts(
    paragraphs: Sequence[tuple[str, str]], choice: CleanChoice = "first"
) -> list[tuple[str, str]]:
    """The clean version of a compilation text, paragraph by paragraph.

    `paragraphs` are (id, printed text) in reading order, as a reader gives them; the result is
    (id, clean text) for every paragraph kept. Alternatives are dropped (the paragraph they
    would replace stays), and so are paragraphs left without words — a proposal wholly in
    brackets under "agreed", or one whose only words were a tag."""
    kept: list[tuple[str, str]] = []
    for paragraph_id, text in paragraphs:
        if is_alternative(paragraph_id, text):
            continue
        words = clean_text(text, choice)
        if re.search(r"\w", words):
            kept.append((paragraph_id, words))
    return kept
