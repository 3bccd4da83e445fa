"""Test helper: a negotiation simulator that makes the next version of a resolution with known
ground truth, and a writer that puts any `Document` back into the corpus-like text form.

`next_version(document, seed=..., donors=...)` amends words, inserts softeners ("as
appropriate", "upon request"), changes leading verbs, inserts paragraphs taken from other
documents, deletes, moves paragraphs within and between the preamble and the operative part,
splits and merges operative paragraphs, and renumbers. Both versions are written as text and read
back with the real text reader, so their ids are the ones a user would see; `GeneratedPair.truth`
says which old paragraphs became which new ones.

`scaled_document(paragraphs, seed=...)` builds a long resolution (hundreds of paragraphs) from the
corpus paragraphs, each copy reworded for another subject so that no two paragraphs are the same
(many are near-duplicates, as in real long texts).

`document_to_text(document)` writes title, opening line, preambular paragraphs, numbered
operative paragraphs with their *italic* leading verbs, sub-paragraphs "(a)", other paragraphs and
footnotes; `read_text` reads it back to the same paragraphs.
"""

from __future__ import annotations

import itertools
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from diffing.model import Document, Kind, Relation
from diffing.readers.text import read_text
from diffing.structure import leading_phrase

# --- writing a document as text ---------------------------------------------------------------

_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _inline(text: str, italic: Sequence[tuple[int, int]], marks: Sequence[tuple[int, str]]) -> str:
    """The text with *italic* markup around spans and footnote markers at their offsets."""
    inserts: list[tuple[int, int, str]] = []
    for start, end in italic:
        # Markup must hug the words: "*Encourages*", never "* Encourages *".
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            inserts.append((start, 1, "*"))
            inserts.append((end, 0, "*"))
    for offset, marker in marks:
        inserts.append((offset, 2, marker))
    out = text
    for offset, _, piece in sorted(inserts, key=lambda item: (item[0], item[1]), reverse=True):
        out = out[:offset] + piece + out[offset:]
    return out


def document_to_text(document: Document) -> str:
    """The document in the corpus's text form (blank lines between paragraphs)."""
    blocks: list[str] = []
    markers = {f.id: f.marker for f in document.footnotes}

    def printed(marker: str) -> str:
        return marker.translate(_SUPERSCRIPT) if marker.isdigit() else marker

    for paragraph in document.paragraphs:
        italic = [(span.start, span.end) for span in paragraph.italic]
        marks = [
            (ref.offset, printed(markers.get(ref.footnote_id, ref.footnote_id)))
            for ref in paragraph.footnotes
        ]
        text = _inline(paragraph.text, italic, marks)
        if paragraph.kind is Kind.OPERATIVE and paragraph.number is not None:
            text = f"{paragraph.number}. {text}"
        elif paragraph.kind is Kind.SUBPARAGRAPH and paragraph.number is not None:
            text = f"({paragraph.number}) {text}"
        blocks.append(text)
    for footnote in document.footnotes:
        blocks.append(f"{printed(footnote.marker)} {footnote.text}")
    return "\n\n".join(blocks) + "\n"


# --- a simple editable form of a resolution -----------------------------------------------------


@dataclass
class _Item:
    kind: Kind
    text: str
    origin: tuple[int, ...]
    """Indices of the old items this one comes from (empty: inserted)."""
    moved: bool = False


@dataclass(frozen=True)
class GeneratedPair:
    old: Document
    new: Document
    truth: frozenset[tuple[tuple[str, ...], tuple[str, ...], Relation]]
    """(old ids, new ids, relation) for every paragraph of both versions."""
    old_text: str = field(repr=False, default="")
    new_text: str = field(repr=False, default="")

    @property
    def links(self) -> frozenset[tuple[str, str]]:
        """Every (old id, new id) a drafter would link."""
        return frozenset((o, n) for olds, news, _ in self.truth for o in olds for n in news)


def _items(document: Document, *, others: bool = False) -> list[_Item]:
    kept: tuple[Kind, ...] = (Kind.TITLE, Kind.OPENING, Kind.PREAMBULAR, Kind.OPERATIVE)
    if others:
        kept += (Kind.OTHER,)
    items = [_Item(p.kind, p.text, ()) for p in document.paragraphs if p.kind in kept]
    for index, item in enumerate(items):
        item.origin = (index,)
    return items


def _items_text(items: Sequence[_Item]) -> str:
    """Write items as a resolution, operative paragraphs numbered from 1, endings made right."""
    blocks: list[str] = []
    operative = [k for k, item in enumerate(items) if item.kind is Kind.OPERATIVE]
    number = 0
    for k, item in enumerate(items):
        text = item.text.strip()
        if item.kind is Kind.PREAMBULAR:
            blocks.append(_ending(text, ","))
        elif item.kind is Kind.OPERATIVE:
            number += 1
            ending = "." if k == operative[-1] else ";"
            span = leading_phrase(text)
            body = _ending(text, ending)
            if span is not None:
                body = f"*{body[span.start : span.end]}*{body[span.end :]}"
            blocks.append(f"{number}. {body}")
        else:
            blocks.append(text)
    return "\n\n".join(blocks) + "\n"


def _ending(text: str, mark: str) -> str:
    return text.rstrip(" ,;.:") + mark


def _read(text: str, name: str, expected: Sequence[_Item]) -> Document:
    document = read_text(text.encode("utf-8"), name)
    kinds = [p.kind for p in document.paragraphs]
    if kinds != [item.kind for item in expected]:
        raise AssertionError(f"{name}: the reader did not read back the generated paragraphs")
    return document


# --- rewording ----------------------------------------------------------------------------------

SOFTENERS = (
    "as appropriate",
    "upon request",
    "where appropriate",
    "in accordance with domestic law",
    "subject to the availability of extrabudgetary resources",
    "within existing resources",
    "on a voluntary basis",
)
PHRASES = (
    "and relevant regional organizations",
    "including through technical assistance and capacity-building",
    "in close cooperation with civil society and the private sector",
    "with full respect for human rights",
    "taking into account national circumstances",
    "in a timely manner",
)
SWAPS = {
    "strengthen": "enhance",
    "promote": "foster",
    "cooperation": "collaboration",
    "continue": "further",
    "relevant": "pertinent",
    "effective": "efficient",
    "information": "data",
    "efforts": "endeavours",
    "measures": "steps",
    "States": "Member States",
    "important": "essential",
    "illicit": "unlawful",
    "support": "assist",
    "Office": "Secretariat",
    "national": "domestic",
    "international": "global",
    "best practices": "lessons learned",
}
OPERATIVE_VERBS = (
    "Invites",
    "Encourages",
    "Calls upon",
    "Urges",
    "Requests",
    "Decides",
    "Also invites",
    "Further encourages",
    "Stresses",
    "Emphasizes",
)
PREAMBULAR_VERBS = (
    "Recalling",
    "Recognizing",
    "Noting",
    "Welcoming",
    "Noting with appreciation",
    "Acknowledging",
    "Deeply concerned about",
    "Bearing in mind",
    "Reaffirming",
    "Stressing",
)
PARTICIPLES = {
    "Encourages": "Encouraging",
    "Urges": "Urging",
    "Invites": "Inviting",
    "Requests": "Requesting",
    "Calls upon": "Calling upon",
    "Recognizes": "Recognizing",
    "Notes": "Noting",
    "Welcomes": "Welcoming",
    "Acknowledges": "Acknowledging",
    "Reaffirms": "Reaffirming",
    "Emphasizes": "Emphasizing",
    "Recalls": "Recalling",
    "Stresses": "Stressing",
    "Reiterates": "Reiterating",
    "Decides": "Deciding",
    "Notes with appreciation": "Noting with appreciation",
}
FINITE = {participle: finite for finite, participle in PARTICIPLES.items()}


def _lead(text: str) -> tuple[str, str]:
    span = leading_phrase(text)
    if span is None or span.start != 0:
        return "", text
    return text[: span.end], text[span.end :]


def _amend(text: str, rng: random.Random) -> str:
    """One to three amendments of the kind negotiators make."""
    for _ in range(rng.randint(1, 3)):
        choice = rng.random()
        commas = [m.start() for m in re.finditer(r",", text[:-1])]
        if choice < 0.3:
            phrase = rng.choice(SOFTENERS)
            if commas and rng.random() < 0.6:
                at = rng.choice(commas)
                text = f"{text[:at]}, {phrase}{text[at:]}"
            else:
                text = f"{text.rstrip(' ,;.')}, {phrase}{text[len(text.rstrip(' ,;.')) :]}"
        elif choice < 0.55:
            candidates = [w for w in SWAPS if re.search(rf"\b{re.escape(w)}\b", text)]
            if candidates:
                word = rng.choice(candidates)
                hits = list(re.finditer(rf"\b{re.escape(word)}\b", text))
                hit = rng.choice(hits)
                text = text[: hit.start()] + SWAPS[word] + text[hit.end() :]
        elif choice < 0.75 and len(commas) >= 3:
            # Delete one clause between two commas, if it is not most of the paragraph.
            k = rng.randrange(len(commas) - 1)
            start, end = commas[k], commas[k + 1]
            # Not the region that tells copies of a paragraph apart (scaled documents).
            if end - start < len(text) * 0.3 and "with regard to" not in text[start:end]:
                text = text[:start] + text[end:]
        else:
            # A phrase closes a clause: before a comma, or at the end.
            phrase = rng.choice(PHRASES)
            at = rng.choice(commas) if commas else len(text.rstrip(" ,;."))
            text = f"{text[:at]} {phrase}{text[at:]}"
    return text


def _change_verb(item: _Item, rng: random.Random) -> None:
    lead, rest = _lead(item.text)
    if not lead:
        return
    verbs = OPERATIVE_VERBS if item.kind is Kind.OPERATIVE else PREAMBULAR_VERBS
    choices = [v for v in verbs if v.casefold() != lead.casefold()]
    item.text = rng.choice(choices) + rest


def _to_kind(item: _Item, kind: Kind) -> bool:
    """Turn a PP into an OP or back ("Recognizing" <-> "Recognizes"); False if not possible."""
    lead, rest = _lead(item.text)
    table = PARTICIPLES if kind is Kind.PREAMBULAR else FINITE
    if lead not in table:
        return False
    item.text = table[lead] + rest
    item.kind = kind
    return True


def _split(item: _Item) -> tuple[str, str] | None:
    """Cut an operative paragraph at ", and <verb>" near its middle, or at a comma."""
    text = item.text
    cuts = [m for m in re.finditer(r", (?:and |also |further )?(?=[a-z])", text)]
    words = len(text.split())
    best = None
    for match in cuts:
        before = len(text[: match.start()].split())
        if min(before, words - before) >= max(8, words // 4):
            score = abs(before - words / 2)
            if best is None or score < best[0]:
                best = (score, match)
    if best is None:
        return None
    match = best[1]
    first = text[: match.start()].rstrip()
    second = text[match.end() :]
    lead, _ = _lead(text)
    head = lead.split()[0] if lead else "Also"
    if not re.match(r"(encourages|invites|requests|urges|calls|decides|also|further)", second):
        second = f"{head} {second}"
    second = second[0].upper() + second[1:]
    return first, second


def _merge(first: str, second: str) -> str:
    return f"{first.rstrip(' ,;.')}, and {second[0].lower()}{second[1:]}"


# --- the next version ---------------------------------------------------------------------------


def next_version(
    document: Document,
    *,
    seed: int,
    donors: Sequence[Document] = (),
    rate: float = 1.0,
) -> GeneratedPair:
    """A realistic next version of `document` and the ground truth of what became of what.

    `rate` scales how many edits of each kind are made (1.0: a typical round of negotiation)."""
    rng = random.Random(seed)
    old_items = _items(document)
    body = [k for k, item in enumerate(old_items) if item.kind in (Kind.PREAMBULAR, Kind.OPERATIVE)]
    size = len(body)

    def count(per_hundred: float, least: int = 1) -> int:
        return max(least, round(size * per_hundred / 100 * rate))

    new_items = [_Item(item.kind, item.text, item.origin) for item in old_items]

    def positions(kind: Kind | None = None) -> list[int]:
        return [
            k
            for k, item in enumerate(new_items)
            if item.kind in (Kind.PREAMBULAR, Kind.OPERATIVE)
            and (kind is None or item.kind is kind)
        ]

    touched: set[int] = set()  # old indices already split/merged/moved, left alone afterwards

    # Splits and merges of operative paragraphs.
    for _ in range(count(3)):
        candidates = [
            k
            for k in positions(Kind.OPERATIVE)
            if len(new_items[k].origin) == 1 and new_items[k].origin[0] not in touched
        ]
        rng.shuffle(candidates)
        for k in candidates:
            halves = _split(new_items[k])
            if halves is not None:
                origin = new_items[k].origin
                touched.update(origin)
                new_items[k : k + 1] = [
                    _Item(Kind.OPERATIVE, halves[0], origin),
                    _Item(Kind.OPERATIVE, halves[1], origin),
                ]
                break
    for _ in range(count(2)):
        operative = positions(Kind.OPERATIVE)
        pairs = [
            (a, b)
            for a, b in itertools.pairwise(operative)
            if b == a + 1
            and len(new_items[a].origin) == len(new_items[b].origin) == 1
            # Neither may be a half of a split (touched) nor already merged.
            and not touched.intersection(new_items[a].origin + new_items[b].origin)
            and len(new_items[a].text.split()) + len(new_items[b].text.split()) < 160
        ]
        if not pairs:
            break
        a, b = rng.choice(pairs)
        origin = new_items[a].origin + new_items[b].origin
        touched.update(origin)
        new_items[a : b + 1] = [
            _Item(Kind.OPERATIVE, _merge(new_items[a].text, new_items[b].text), origin)
        ]

    # Deletions.
    for _ in range(count(4)):
        candidates = [
            k
            for k in positions()
            if len(new_items[k].origin) == 1 and new_items[k].origin[0] not in touched
        ]
        if len(candidates) < 4:
            break
        k = rng.choice(candidates)
        touched.update(new_items[k].origin)
        del new_items[k]

    # Moves: within the preamble or the operative part, and between them.
    for _ in range(count(4)):
        candidates = [
            k
            for k in positions()
            if len(new_items[k].origin) == 1 and new_items[k].origin[0] not in touched
        ]
        if not candidates:
            break
        k = rng.choice(candidates)
        item = new_items.pop(k)
        same = positions(item.kind)
        if rng.random() < 0.25:
            other = Kind.OPERATIVE if item.kind is Kind.PREAMBULAR else Kind.PREAMBULAR
            if _to_kind(item, other):
                same = positions(other)
        if not same:
            new_items.insert(k, item)
            continue
        # Far enough that it is a real move, not a swap of neighbours.
        choices = [p for p in same if abs(p - k) > 2] or same
        target = rng.choice(choices)
        new_items.insert(target + rng.randint(0, 1), item)
        item.moved = True
        touched.update(item.origin)

    # Verb changes and amendments.
    for k in positions():
        item = new_items[k]
        if len(item.origin) == 1 and item.origin[0] in touched and not item.moved:
            continue
        roll = rng.random()
        if roll < 0.12:
            _change_verb(item, rng)
        if rng.random() < 0.35:
            item.text = _amend(item.text, rng)

    # Insertions from other documents (or, without donors, reworded copies of far paragraphs
    # would be ambiguous, so donors are required for insertions).
    donor_items = [
        item
        for donor in donors
        for item in _items(donor, others=True)
        if item.kind in (Kind.PREAMBULAR, Kind.OPERATIVE, Kind.OTHER)
    ]
    for item in donor_items:
        # A paragraph of a report becomes a proposal for either part.
        if item.kind is Kind.OTHER:
            item.kind = rng.choice((Kind.PREAMBULAR, Kind.OPERATIVE))
    known = {item.text for item in new_items}
    rng.shuffle(donor_items)
    # A donor paragraph that says nearly what an old paragraph says (standard wording shared by
    # two resolutions) would really be a reworded old paragraph: not a clean insertion.
    old_words = [_word_set(item.text) for item in old_items]
    donor_items = [
        item
        for item in donor_items
        if all(_overlap(_word_set(item.text), words) < 0.5 for words in old_words)
    ]
    for item in donor_items[: count(5) if donor_items else 0]:
        if item.text in known:
            continue
        places = positions(item.kind)
        if not places:
            continue
        at = rng.choice(places) + rng.randint(0, 1)
        new_items.insert(at, _Item(item.kind, item.text, ()))
        known.add(item.text)

    # Keep the preamble before the operative part (a move between them already changed kind).
    head = [i for i in new_items if i.kind in (Kind.TITLE, Kind.OPENING)]
    preamble = [i for i in new_items if i.kind is Kind.PREAMBULAR]
    operative = [i for i in new_items if i.kind is Kind.OPERATIVE]
    new_items = head + preamble + operative

    old_text = _items_text(old_items)
    new_text = _items_text(new_items)
    old = _read(old_text, "old.txt", old_items)
    new = _read(new_text, "new.txt", new_items)
    return GeneratedPair(old, new, _truth(old_items, new_items, old, new), old_text, new_text)


def _word_set(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"\w+", text.casefold()))


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Share of the smaller set found in the other."""
    return len(a & b) / max(1, min(len(a), len(b)))


def _truth(
    old_items: Sequence[_Item], new_items: Sequence[_Item], old: Document, new: Document
) -> frozenset[tuple[tuple[str, ...], tuple[str, ...], Relation]]:
    old_ids = [p.id for p in old.paragraphs]
    new_ids = [p.id for p in new.paragraphs]
    by_origin: dict[tuple[int, ...], list[int]] = {}
    for k, item in enumerate(new_items):
        by_origin.setdefault(item.origin, []).append(k)
    truth: set[tuple[tuple[str, ...], tuple[str, ...], Relation]] = set()
    covered: set[int] = set()
    for origin, news in by_origin.items():
        ids = tuple(new_ids[k] for k in news)
        if not origin:
            truth.update(((), (new_id,), Relation.INSERTED) for new_id in ids)
            continue
        covered.update(origin)
        olds = tuple(old_ids[i] for i in origin)
        if len(news) > 1:
            relation = Relation.SPLIT
        elif len(origin) > 1:
            relation = Relation.MERGED
        elif new_items[news[0]].moved:
            relation = Relation.MOVED
        elif new_items[news[0]].text == old_items[origin[0]].text:
            relation = Relation.UNCHANGED
        else:
            relation = Relation.MODIFIED
        truth.add((olds, ids, relation))
    for i in range(len(old_items)):
        if i not in covered:
            truth.add(((old_ids[i],), (), Relation.DELETED))
    return frozenset(truth)


# --- long documents -----------------------------------------------------------------------------

THEMES = (
    {},
    {
        "firearms": "narcotic drugs",
        "ammunition": "precursor chemicals",
        "parts and components": "analogues and derivatives",
        "Firearms": "Drugs",
        "arms": "drugs",
    },
    {
        "firearms": "cultural property",
        "ammunition": "archaeological objects",
        "Firearms": "Cultural Property",
        "trafficking": "looting",
    },
    {
        "firearms": "migrants",
        "ammunition": "travel documents",
        "Firearms": "Migrants",
        "trafficking": "smuggling",
    },
    {
        "firearms": "wildlife",
        "ammunition": "timber",
        "Firearms": "Wildlife",
        "drug": "forest",
    },
    {"firearms": "cybercrime tools", "Firearms": "Cybercrime", "ammunition": "malware"},
)
REGIONS = (
    "Africa",
    "Asia and the Pacific",
    "Latin America and the Caribbean",
    "Eastern Europe",
    "Western Europe",
    "the Middle East",
    "Central Asia",
    "the Sahel",
    "the Western Balkans",
    "the Andean region",
    "the Pacific islands",
    "South-East Asia",
    "the Gulf of Guinea",
    "Central America",
    "the Black Sea region",
    "the Horn of Africa",
)


def _vary(text: str, copy: int, rng: random.Random) -> str:
    """Copy number `copy` of a corpus paragraph, reworded for another subject and region."""
    if copy == 0:
        return text
    theme = THEMES[copy % len(THEMES)]
    for word, replacement in theme.items():
        text = re.sub(rf"\b{re.escape(word)}\b", replacement, text)
    region = REGIONS[(copy // len(THEMES) + copy) % len(REGIONS)]
    lead, rest = _lead(text)
    if lead:
        text = f"{lead}, with regard to {region},{rest}" if rest[:1] != "," else text
    words = text.split(" ")
    for k in rng.sample(range(len(words)), k=max(1, len(words) // 12)):
        stripped = words[k].strip(",;.")
        if stripped in SWAPS:
            words[k] = words[k].replace(stripped, SWAPS[stripped])
    return " ".join(words)


@cache
def corpus_documents() -> tuple[Document, ...]:
    from tests.helpers import corpus

    return tuple(read_text(Path(p).read_bytes(), Path(p).name) for p in corpus.RESOLUTIONS)


def scaled_document(paragraphs: int, *, seed: int = 0) -> Document:
    """A resolution of about `paragraphs` paragraphs (40 % preambular) built from the corpus."""
    rng = random.Random(seed)
    documents = corpus_documents()
    pool_pp = [p.text for d in documents for p in d.paragraphs if p.kind is Kind.PREAMBULAR]
    pool_op = [p.text for d in documents for p in d.paragraphs if p.kind is Kind.OPERATIVE]
    want_pp = round(paragraphs * 0.4)
    want_op = paragraphs - want_pp
    seen: set[str] = set()

    def take(pool: list[str], want: int) -> list[str]:
        out: list[str] = []
        copy = 0
        while len(out) < want:
            order = list(pool)
            rng.shuffle(order)
            for text in order:
                if len(out) >= want:
                    break
                varied = _vary(text, copy, rng)
                if varied not in seen:
                    seen.add(varied)
                    out.append(varied)
            copy += 1
        return out

    items = [
        _Item(
            Kind.TITLE, "Strengthening international cooperation against transnational crime", ()
        ),
        _Item(Kind.OPENING, "The Conference of the Parties,", ()),
    ]
    items += [_Item(Kind.PREAMBULAR, text, ()) for text in take(pool_pp, want_pp)]
    items += [_Item(Kind.OPERATIVE, text, ()) for text in take(pool_op, want_op)]
    return _read(_items_text(items), f"scaled-{paragraphs}.txt", items)


def generated_pairs(count: int, *, seed: int = 0, rate: float = 1.0) -> list[GeneratedPair]:
    """`count` pairs from the corpus resolutions, each with the others as donors."""
    documents = corpus_documents()
    pairs = []
    for k in range(count):
        document = documents[k % len(documents)]
        # 10/2 and 11/6 are versions of one resolution: not donors for each other.
        donors = [d for d in documents if d is not document and not _related(d, document)]
        pairs.append(next_version(document, seed=seed * 1000 + k, donors=donors, rate=rate))
    return pairs


def _related(a: Document, b: Document) -> bool:
    """True for versions of one resolution: most of their operative paragraphs share words."""
    from diffing.align import align

    groups = align(a.paragraphs, b.paragraphs)
    paired = sum(1 for g in groups if g.old and g.new)
    return paired > 0.5 * min(len(a.paragraphs), len(b.paragraphs))
