"""Core layer: pairing the paragraphs of two versions of a document.

`align(old, new, ...)` returns groups of paragraph indices — one old with one new, one old with
several new (a split), several old with one new (a merge), or one side empty (inserted or
deleted) — so that every paragraph of both sides is in exactly one group. What a group *means*
(moved, modified ...) and its word diff are worked out in `diffing.compare`.

The method, chosen so that the work grows about as n·log n rather than n²:
1. Features: each paragraph's words, weighted by inverse document frequency over both versions,
   so the boilerplate every paragraph shares ("the United Nations Office on Drugs and Crime")
   counts little and the rare words that identify a paragraph count a lot.
2. Anchors: identical texts found once on each side. Paragraphs without one look up their
   rarest words in an inverted index of the other side, which proposes a handful of candidates;
   only those get the (weighted Dice) similarity computed. Mutual best candidates clearly better
   than the runner-up are anchors too. The heaviest chain of anchors in the same order on both
   sides bounds the gaps; anchors off the chain are paired at once (they are moves).
3. Gaps between consecutive bounds are filled by a dynamic programme that keeps the order and
   allows 1–0, 0–1, 1–1, 1–2 and 2–1 steps; near-duplicates ("Recalling also …", standard closing
   paragraphs) are kept apart by that order.
4. Splits and merges: a paired paragraph takes an unpaired paragraph (a neighbour, or one found
   among its candidates) whose words it mostly contains, when that makes the group more alike:
   the halves of a split that something was inserted between, or that moved apart.
5. Moves: what is still unpaired is matched across the whole document, best similarity first,
   above a stricter threshold; then step 4 again for the moved paragraphs.
Kinds are a hard rule, not a weight (`_compatible`): masthead lines, headings, body paragraphs and
closing lines pair, split and merge only among themselves; closing lines left over pair in order.
Manual links are applied first and the algorithm works around them: a forced group is kept as it
is, an unlinked pair is never made. When links disagree, the later one wins.
"""

import itertools
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple

from diffing.errors import Cancelled
from diffing.model import Kind, ManualLink, Paragraph
from diffing.structure import is_closing_line
from diffing.worddiff import CjkAware, fold

_WORD = CjkAware(lambda cjk: rf"[{cjk}]|[^\W\d_{cjk}]+|\d+" if cjk else r"[^\W\d_]+|\d+")
"""Words and numbers; a Chinese or Japanese character is a word of its own (`textnorm.CJK`)."""
_ASCII_SEPARATORS = str.maketrans(
    dict.fromkeys((chr(code) for code in range(128) if not chr(code).isalnum()), " ")
)
"""What `_WORD` does not match in an ASCII text (all but letters and digits), as a blank."""

PAIR_THRESHOLD = 0.35
"""Least similarity for two paragraphs in order between anchors to be paired."""
MOVE_THRESHOLD = 0.42
"""Least similarity for a pair out of order: without the order's support, ask for more."""
ANCHOR_THRESHOLD = 0.6
CONTAINMENT = 0.5
"""Share of a split/merge part's weight that must be found in the other side."""
RARE_WORDS = 12
"""How many of its rarest words a paragraph uses to look for candidates."""
POSTING_LIMIT = 32
"""A word found in more paragraphs than this says little about which one is the partner."""
CANDIDATES = 6
DENSE_GAP = 2500
"""Gaps up to this many cells get every similarity computed; larger ones use candidates only."""
MAX_DP_CELLS = 250_000


class Group(NamedTuple):
    old: tuple[int, ...]
    new: tuple[int, ...]
    manual: bool = False


Bag = dict[str, float]


def _words(text: str) -> list[str]:
    """`_WORD`'s words and numbers of `text`, folded and case-folded: "Member States' 2030
    Agenda" -> ["member", "states", "2030", "agenda"]."""
    # Compared as the word diff compares: look-alike and invisible characters folded.
    folded = fold(text).casefold()
    if folded.isascii():
        # Most paragraphs, once folded: str.split in C finds the same runs as the pattern
        # (half the instructions of `findall`, which runs the matcher and slices once a word),
        # unless a run mixes letters and digits ("21st"), which the pattern cuts in two.
        words = folded.translate(_ASCII_SEPARATORS).split()
        if all(map(str.isdigit, itertools.filterfalse(str.isalpha, words))):
            return words
    return _WORD(folded).findall(folded)


class _Similarity:
    """Weighted bags of words and the similarities between them, cached."""

    def __init__(self, old: Sequence[Paragraph], new: Sequence[Paragraph]) -> None:
        old_lists = [_words(p.text) for p in old]
        new_lists = [_words(p.text) for p in new]
        self.old_normal = [" ".join(words) for words in old_lists]
        self.new_normal = [" ".join(words) for words in new_lists]
        old_words = [Counter(words) for words in old_lists]
        new_words = [Counter(words) for words in new_lists]
        df: Counter[str] = Counter()
        for bag in old_words:
            df.update(bag.keys())
        for bag in new_words:
            df.update(bag.keys())
        total = len(old) + len(new) + 1
        self.idf = {word: math.log(total / count) + 0.1 for word, count in df.items()}
        self.df = df
        self.old = [self._weigh(bag) for bag in old_words]
        self.new = [self._weigh(bag) for bag in new_words]
        self.old_mass = [sum(bag.values()) for bag in self.old]
        self.new_mass = [sum(bag.values()) for bag in self.new]
        self.old_counts = old_words
        self.new_counts = new_words
        self._cache: dict[tuple[tuple[int, ...], tuple[int, ...]], float] = {}
        self._contained_new: dict[tuple[int, tuple[int, ...]], float] = {}
        self._contained_old: dict[tuple[int, tuple[int, ...]], float] = {}

    def _weigh(self, counts: Counter[str]) -> Bag:
        return {word: count * self.idf[word] for word, count in counts.items()}

    def pair(self, i: int, j: int) -> float:
        key = ((i,), (j,))
        found = self._cache.get(key)
        if found is None:
            found = _dice(self.old[i], self.new[j], self.old_mass[i], self.new_mass[j])
            self._cache[key] = found
        return found

    def group(self, olds: tuple[int, ...], news: tuple[int, ...]) -> float:
        if len(olds) == 1 and len(news) == 1:
            return self.pair(olds[0], news[0])
        key = (olds, news)
        found = self._cache.get(key)
        if found is None:
            a = _combine(self.old[i] for i in olds)
            b = _combine(self.new[j] for j in news)
            found = _dice(a, b, sum(a.values()), sum(b.values()))
            self._cache[key] = found
        return found

    def contained_new(self, j: int, olds: tuple[int, ...]) -> float:
        """Share of new paragraph j's weight found in the old paragraphs."""
        return _contained(self._contained_new, j, olds, (self.new, self.new_mass), self.old)

    def contained_old(self, i: int, news: tuple[int, ...]) -> float:
        """Share of old paragraph i's weight found in the new paragraphs."""
        return _contained(self._contained_old, i, news, (self.old, self.old_mass), self.new)


def _contained(
    cache: dict[tuple[int, tuple[int, ...]], float],
    k: int,
    others: tuple[int, ...],
    side: tuple[list[Bag], list[float]],
    other_side: list[Bag],
) -> float:
    """Share of paragraph k's weight (`side`: the bags and masses of its version) found in the
    paragraphs `others` of the other version, remembered in `cache`: the gap filling and both
    passes over splits and merges ask again for the same shares."""
    key = (k, others)
    found = cache.get(key)
    if found is None:
        bags, masses = side
        if len(others) == 1:
            whole = other_side[others[0]]
        else:
            whole = _combine(other_side[o] for o in others)
        found = cache[key] = _containment(bags[k], masses[k], whole)
    return found


def _combine(bags: Iterable[Bag]) -> Bag:
    result: dict[str, float] = defaultdict(float)
    for bag in bags:
        for word, weight in bag.items():
            result[word] += weight
    return result


def _dice(a: Bag, b: Bag, mass_a: float, mass_b: float) -> float:
    if mass_a + mass_b == 0:
        return 1.0
    if len(a) > len(b):
        a, b = b, a
    shared = 0.0
    for word, weight in a.items():
        other = b.get(word)
        if other is not None:
            shared += weight if weight < other else other
    return 2 * shared / (mass_a + mass_b)


def _containment(part: Bag, mass: float, whole: Bag) -> float:
    if mass == 0:
        return 0.0
    shared = 0.0
    for word, weight in part.items():
        other = whole.get(word)
        if other is not None:
            shared += weight if weight < other else other
    return shared / mass


def heaviest_chain(pairs: list[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    """The heaviest chain of pairs increasing on both sides (pairs sorted by new index).

    Weighted patience sorting would be n·log n; anchors are few enough after uniqueness that a
    Fenwick tree over old indices keeps this n·log n anyway."""
    if not pairs:
        return []
    size = max(i for i, _, _ in pairs) + 2
    tree: list[tuple[float, int]] = [(0.0, -1)] * (size + 1)

    def query(position: int) -> tuple[float, int]:
        best = (0.0, -1)
        while position > 0:
            if tree[position][0] > best[0]:
                best = tree[position]
            position -= position & -position
        return best

    def update(position: int, value: tuple[float, int]) -> None:
        while position <= size:
            if value[0] > tree[position][0]:
                tree[position] = value
            position += position & -position

    ordered = sorted(range(len(pairs)), key=lambda k: (pairs[k][1], pairs[k][0]))
    back = [-1] * len(pairs)
    score = [0.0] * len(pairs)
    # Pairs with the same new index must not chain: process each new index as a batch.
    position = 0
    while position < len(ordered):
        end = position
        while end < len(ordered) and pairs[ordered[end]][1] == pairs[ordered[position]][1]:
            end += 1
        results = []
        for k in ordered[position:end]:
            best, previous = query(pairs[k][0] + 1)
            results.append((k, best + pairs[k][2], previous))
        for k, value, previous in results:
            score[k] = value
            back[k] = previous
            update(pairs[k][0] + 2, (value, k))
        position = end
    k = max(range(len(pairs)), key=lambda index: score[index])
    chain = []
    while k != -1:
        chain.append(pairs[k])
        k = back[k]
    chain.reverse()
    return chain


def align(
    old: Sequence[Paragraph],
    new: Sequence[Paragraph],
    *,
    links: Sequence[ManualLink] = (),
    cancel: Callable[[], bool] | None = None,
) -> list[Group]:
    """Groups of old and new paragraph indices covering every paragraph exactly once."""

    def check() -> None:
        if cancel is not None and cancel():
            raise Cancelled()

    check()
    old_index = {p.id: k for k, p in enumerate(old)}
    new_index = {p.id: k for k, p in enumerate(new)}
    groups: list[Group] = []
    old_taken = [False] * len(old)
    new_taken = [False] * len(new)
    forbidden: set[tuple[int, int]] = set()

    # Latest first, so that a later link wins over an earlier one it contradicts; ids that are
    # not in these versions (a link made on other versions) are left out.
    for link in reversed(links):
        olds = tuple(sorted({old_index[i] for i in link.old if i in old_index}))
        news = tuple(sorted({new_index[i] for i in link.new if i in new_index}))
        if link.unlink:
            forbidden.update((i, j) for i in olds for j in news)
            continue
        olds = tuple(i for i in olds if not old_taken[i])
        news = tuple(j for j in news if not new_taken[j])
        if not olds and not news:
            continue
        if any((i, j) in forbidden for i in olds for j in news):
            continue
        for i in olds:
            old_taken[i] = True
        for j in news:
            new_taken[j] = True
        groups.append(Group(olds, news, manual=True))

    similarity = _Similarity(old, new)
    kinds = ([_family(p) for p in old], [_family(p) for p in new])

    def allowed(i: int, j: int) -> bool:
        return (
            not old_taken[i]
            and not new_taken[j]
            and (i, j) not in forbidden
            and _compatible(kinds[0][i], kinds[1][j])
        )

    def pair(i: int, j: int) -> None:
        old_taken[i] = True
        new_taken[j] = True
        groups.append(Group((i,), (j,)))

    # Title with title, opening line with opening line: whatever their wording.
    for kind in (Kind.TITLE, Kind.OPENING):
        of_kind_old = [k for k, p in enumerate(old) if p.kind is kind]
        of_kind_new = [k for k, p in enumerate(new) if p.kind is kind]
        if (
            len(of_kind_old) == 1
            and len(of_kind_new) == 1
            and allowed(of_kind_old[0], of_kind_new[0])
        ):
            pair(of_kind_old[0], of_kind_new[0])

    check()

    # --- anchors --------------------------------------------------------------------------------
    anchors: list[tuple[int, int, float]] = []
    old_by_text: dict[str, list[int]] = defaultdict(list)
    new_by_text: dict[str, list[int]] = defaultdict(list)
    for k, text in enumerate(similarity.old_normal):
        old_by_text[text].append(k)
    for k, text in enumerate(similarity.new_normal):
        new_by_text[text].append(k)
    for text, olds_with_text in old_by_text.items():
        news_with_text = new_by_text.get(text)
        if news_with_text and len(olds_with_text) == 1 and len(news_with_text) == 1:
            i, j = olds_with_text[0], news_with_text[0]
            if allowed(i, j):
                anchors.append((i, j, 1.0))
    exact_old = {i for i, _, _ in anchors}
    exact_new = {j for _, j, _ in anchors}
    # Paragraphs with an identical partner (most of them, in a revision) need no candidates.
    candidates = _candidates(
        similarity,
        {i for i in range(len(old)) if old_taken[i]} | exact_old,
        {j for j in range(len(new)) if new_taken[j]} | exact_new,
    )
    check()

    best_old: dict[int, list[tuple[float, int]]] = defaultdict(list)
    best_new: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for (i, j), value in candidates.items():
        if allowed(i, j) and i not in exact_old and j not in exact_new:
            best_old[i].append((value, j))
            best_new[j].append((value, i))
    for values in best_old.values():
        values.sort(key=lambda item: (-item[0], item[1]))
    for values in best_new.values():
        values.sort(key=lambda item: (-item[0], item[1]))
    for j, values in best_new.items():
        value, i = values[0]
        if value < ANCHOR_THRESHOLD or best_old[i][0][1] != j:
            continue
        runner_up = max(
            values[1][0] if len(values) > 1 else 0.0,
            best_old[i][1][0] if len(best_old[i]) > 1 else 0.0,
        )
        if value - runner_up >= 0.15:
            anchors.append((i, j, value))

    anchors.sort(key=lambda a: (a[1], a[0]))
    fixed = [(g.old[0], g.new[0], 1.0) for g in groups if len(g.old) == 1 and len(g.new) == 1]
    chain = heaviest_chain(sorted(anchors + fixed, key=lambda a: (a[1], a[0])))
    # Anchors off the chain are confident pairs too (moves): pair them before the gaps are filled,
    # or the gap filling could give their paragraphs to weaker partners.
    for i, j, _ in chain + anchors:
        if allowed(i, j):
            pair(i, j)
    check()

    # --- gaps between anchors, in order -----------------------------------------------------------
    # Every paired paragraph bounds a gap, so pairs made so far (manual, anchors) are respected.
    bounds = sorted(
        (g.old[0], g.new[0]) for g in groups if g.old and g.new and len(g.old) == len(g.new) == 1
    )
    bounds = _monotone(bounds, similarity)
    previous = (-1, -1)
    for bound in [*bounds, (len(old), len(new))]:
        check()
        gap_old = [i for i in range(previous[0] + 1, bound[0]) if not old_taken[i]]
        gap_new = [j for j in range(previous[1] + 1, bound[1]) if not new_taken[j]]
        if gap_old and gap_new:
            for g in _fill_gap(gap_old, gap_new, similarity, candidates, allowed, kinds):
                for i in g.old:
                    old_taken[i] = True
                for j in g.new:
                    new_taken[j] = True
                groups.append(g)
        previous = bound
    check()

    # Parts of splits and merges first: a half that stayed in place is a better partner than a
    # look-alike paragraph far away.
    _extend_splits_and_merges(groups, similarity, old_taken, new_taken, forbidden, kinds)
    _attach_remainders(groups, similarity, candidates, old_taken, new_taken, forbidden, kinds)

    # --- moves: what is left, paired across the document ------------------------------------------
    left_old = [i for i in range(len(old)) if not old_taken[i]]
    left_new = [j for j in range(len(new)) if not new_taken[j]]
    if left_old and left_new:
        scored: list[tuple[float, int, int]] = []
        if len(left_old) * len(left_new) <= DENSE_GAP:
            for i in left_old:
                for j in left_new:
                    if (i, j) not in forbidden:
                        value = similarity.pair(i, j)
                        if value >= MOVE_THRESHOLD:
                            scored.append((value, i, j))
        else:
            for (i, j), value in candidates.items():
                if value >= MOVE_THRESHOLD and allowed(i, j):
                    scored.append((value, i, j))
        scored.sort(key=lambda item: (-item[0], item[1], item[2]))
        for _value, i, j in scored:
            if allowed(i, j):
                pair(i, j)
    check()

    _extend_splits_and_merges(groups, similarity, old_taken, new_taken, forbidden, kinds)
    _attach_remainders(groups, similarity, candidates, old_taken, new_taken, forbidden, kinds)

    # Closing lines left over pair in order, whatever their words: a meeting number or a date
    # changes every year, and it has no other partner.
    left_closing_old = [i for i in range(len(old)) if kinds[0][i] == "closing" and not old_taken[i]]
    left_closing_new = [j for j in range(len(new)) if kinds[1][j] == "closing" and not new_taken[j]]
    for i, j in zip(left_closing_old, left_closing_new, strict=False):
        if allowed(i, j):
            pair(i, j)

    for i in range(len(old)):
        if not old_taken[i]:
            groups.append(Group((i,), ()))
    for j in range(len(new)):
        if not new_taken[j]:
            groups.append(Group((), (j,)))
    return groups


def _monotone(bounds: list[tuple[int, int]], similarity: _Similarity) -> list[tuple[int, int]]:
    """Drop bounds that break the order (pairs out of order are moves, not gap limits)."""
    weighted = [
        (i, j, similarity.pair(i, j)) for i, j in sorted(bounds, key=lambda b: (b[1], b[0]))
    ]
    return [(i, j) for i, j, _ in heaviest_chain(weighted)]


_FAMILY = {
    Kind.TITLE: "head",
    Kind.OPENING: "head",
    Kind.PREAMBULAR: "body",
    Kind.OPERATIVE: "body",
    Kind.SUBPARAGRAPH: "body",
    Kind.HEADING: "heading",
    Kind.CLOSING: "closing",
    Kind.OTHER: "other",
}


def _family(paragraph: Paragraph) -> str:
    """The paragraph's family for the rule below. A paragraph of no recognised kind that reads
    as a closing line ("29th plenary meeting", "29 October 2024") is a closing line: a reader
    that does not mark closing lines still gets them paired with closing lines only."""
    family = _FAMILY[paragraph.kind]
    if family == "other" and is_closing_line(paragraph.text):
        return "closing"
    return family


def _compatible(a: str, b: str) -> bool:
    """Whether two paragraphs may be in one group, a hard rule (only a person's link overrides
    it): masthead lines (title, opening line), section headings, body paragraphs (PP, OP,
    sub-paragraphs) and closing lines ("69th plenary meeting", the date) each pair, split and
    merge only among themselves, so last year's closing date never merges into this year's
    preamble. A change of kind within the body is a real move ("move to PP"). A paragraph of no
    recognised kind (a document without resolution structure) may pair with anything but a
    closing line. `a` and `b` are families (`_family`)."""
    if a == b:
        return True
    if "closing" in (a, b):
        return False
    return "other" in (a, b)


def _one_family(families: Iterable[str]) -> bool:
    """What the paragraphs of a split or merge must be: all of one family. A paragraph of no
    recognised kind in a structured document (a stray masthead or closing line) is never split
    into or merged with a body paragraph."""
    return len(set(families)) <= 1


def _candidates(
    similarity: _Similarity, skip_old: set[int], skip_new: set[int]
) -> dict[tuple[int, int], float]:
    """A few likely partners per paragraph not in `skip_*` (both directions), with their
    similarity."""
    df = similarity.df
    idf = similarity.idf

    # every word's place in the order (document frequency, word), ranked once: each paragraph
    # then sorts its words by a dict look-up in C instead of a key built in Python per word
    # (the ranking too: by word, then by frequency in a stable sort, both keys in C)
    ordered = sorted(df)
    ordered.sort(key=df.__getitem__)
    rank = {word: place for place, word in enumerate(ordered)}

    def rare(counts: Counter[str]) -> list[str]:
        return sorted(counts, key=rank.__getitem__)[:RARE_WORDS]

    def index(bags: list[Counter[str]], skip: set[int]) -> dict[str, list[int]]:
        # Every word is indexed (a short paragraph's rare words may be common words of the long
        # one it was cut from); only the asking paragraph's rarest words are looked up.
        postings: dict[str, list[int]] = defaultdict(list)
        for k, bag in enumerate(bags):
            if k not in skip:
                for word in bag:
                    postings[word].append(k)
        return postings

    old_postings = index(similarity.old_counts, skip_old)
    new_postings = index(similarity.new_counts, skip_new)
    result: dict[tuple[int, int], float] = {}

    def propose(
        bags: list[Counter[str]], skip: set[int], postings: dict[str, list[int]], flip: bool
    ) -> None:
        for k, bag in enumerate(bags):
            if k in skip:
                continue
            scores: dict[int, float] = defaultdict(float)
            for word in rare(bag):
                posting = postings.get(word)
                if posting and len(posting) <= POSTING_LIMIT:
                    weight = idf[word]
                    for other in posting:
                        scores[other] += weight
            if not scores:
                continue
            # the CANDIDATES highest scores, the lowest index first among equals: sorted by
            # index, then by score in a stable sort (keys in C, where a heap took a Python key
            # per paragraph scored)
            ranked = sorted(scores)
            ranked.sort(key=scores.__getitem__, reverse=True)
            best = [(other, scores[other]) for other in ranked[:CANDIDATES]]
            # Far weaker than the best in shared rare words: not worth a similarity.
            floor = best[0][1] * 0.25
            for other, score in best:
                if score < floor:
                    break
                i, j = (other, k) if flip else (k, other)
                if (i, j) not in result:
                    result[(i, j)] = similarity.pair(i, j)

    propose(similarity.new_counts, skip_new, old_postings, flip=True)
    propose(similarity.old_counts, skip_old, new_postings, flip=False)
    return result


def _fill_gap(
    olds: list[int],
    news: list[int],
    similarity: _Similarity,
    candidates: dict[tuple[int, int], float],
    allowed: Callable[[int, int], bool],
    kinds: tuple[list[str], list[str]],
) -> list[Group]:
    """Best in-order grouping of the paragraphs of one gap (1–0, 0–1, 1–1, 1–2, 2–1 steps)."""

    def same_family_new(j1: int, j2: int) -> bool:
        return _one_family((kinds[1][j1], kinds[1][j2]))

    def same_family_old(i1: int, i2: int) -> bool:
        return _one_family((kinds[0][i1], kinds[0][i2]))

    rows, cols = len(olds), len(news)
    dense = rows * cols <= DENSE_GAP
    if rows * cols > MAX_DP_CELLS:
        return _sparse_gap(olds, news, candidates, allowed)

    def sim(i: int, j: int) -> float:
        if not allowed(i, j):
            return 0.0
        if dense:
            return similarity.pair(i, j)
        return candidates.get((i, j), 0.0)

    pair_scores: dict[tuple[int, int], float] = {}
    for a in range(rows):
        for b in range(cols):
            value = sim(olds[a], news[b])
            if value >= PAIR_THRESHOLD:
                pair_scores[(a, b)] = value

    def split_score(a: int, b: int) -> float | None:
        """old a with new b and b+1, if both new parts come from old a."""
        first, second = pair_scores.get((a, b)), pair_scores.get((a, b + 1))
        if first is None and second is None:
            return None
        i, j1, j2 = olds[a], news[b], news[b + 1]
        if not (allowed(i, j1) and allowed(i, j2) and same_family_new(j1, j2)):
            return None
        if not _one_family((kinds[0][i], kinds[1][j1])):
            return None
        if (
            min(similarity.contained_new(j1, (i,)), similarity.contained_new(j2, (i,)))
            < CONTAINMENT
        ):
            return None
        value = similarity.group((i,), (j1, j2))
        if value < max(first or 0.0, second or 0.0) + 0.05:
            return None
        return value

    def merge_score(a: int, b: int) -> float | None:
        first, second = pair_scores.get((a, b)), pair_scores.get((a + 1, b))
        if first is None and second is None:
            return None
        i1, i2, j = olds[a], olds[a + 1], news[b]
        if not (allowed(i1, j) and allowed(i2, j) and same_family_old(i1, i2)):
            return None
        if not _one_family((kinds[0][i1], kinds[1][j])):
            return None
        if (
            min(similarity.contained_old(i1, (j,)), similarity.contained_old(i2, (j,)))
            < CONTAINMENT
        ):
            return None
        value = similarity.group((i1, i2), (j,))
        if value < max(first or 0.0, second or 0.0) + 0.05:
            return None
        return value

    # score[a][b]: best total for olds[:a] and news[:b]; a pairing adds (similarity - threshold)
    # times the number of paragraphs it covers, so a split is not cheaper than a pair.
    negative = -1.0
    score = [[0.0] * (cols + 1) for _ in range(rows + 1)]
    step = [[0] * (cols + 1) for _ in range(rows + 1)]
    for a in range(rows + 1):
        for b in range(cols + 1):
            if a == 0 and b == 0:
                continue
            best, move = negative, 0
            if a > 0 and score[a - 1][b] >= best:
                best, move = score[a - 1][b], 1
            if b > 0 and score[a][b - 1] > best:
                best, move = score[a][b - 1], 2
            if a > 0 and b > 0:
                found = pair_scores.get((a - 1, b - 1))
                if found is not None:
                    total = score[a - 1][b - 1] + 2 * (found - PAIR_THRESHOLD)
                    if total > best:
                        best, move = total, 3
            if a > 0 and b > 1:
                found = split_score(a - 1, b - 2)
                if found is not None:
                    total = score[a - 1][b - 2] + 3 * (found - PAIR_THRESHOLD)
                    if total > best:
                        best, move = total, 4
            if a > 1 and b > 0:
                found = merge_score(a - 2, b - 1)
                if found is not None:
                    total = score[a - 2][b - 1] + 3 * (found - PAIR_THRESHOLD)
                    if total > best:
                        best, move = total, 5
            score[a][b] = best
            step[a][b] = move

    result: list[Group] = []
    a, b = rows, cols
    while a > 0 or b > 0:
        move = step[a][b]
        if move == 1:
            a -= 1
        elif move == 2:
            b -= 1
        elif move == 3:
            result.append(Group((olds[a - 1],), (news[b - 1],)))
            a, b = a - 1, b - 1
        elif move == 4:
            result.append(Group((olds[a - 1],), (news[b - 2], news[b - 1])))
            a, b = a - 1, b - 2
        else:
            result.append(Group((olds[a - 2], olds[a - 1]), (news[b - 1],)))
            a, b = a - 2, b - 1
    result.reverse()
    return result


def _sparse_gap(
    olds: list[int],
    news: list[int],
    candidates: dict[tuple[int, int], float],
    allowed: Callable[[int, int], bool],
) -> list[Group]:
    """For a huge gap: the heaviest in-order chain of candidate pairs (splits come later)."""
    old_set, new_set = set(olds), set(news)
    pairs = [
        (i, j, value - PAIR_THRESHOLD)
        for (i, j), value in candidates.items()
        if i in old_set and j in new_set and value >= PAIR_THRESHOLD and allowed(i, j)
    ]
    pairs.sort(key=lambda p: (p[1], p[0]))
    return [Group((i,), (j,)) for i, j, _ in heaviest_chain(pairs)]


def _extend_splits_and_merges(
    groups: list[Group],
    similarity: _Similarity,
    old_taken: list[bool],
    new_taken: list[bool],
    forbidden: set[tuple[int, int]],
    kinds: tuple[list[str], list[str]],
) -> None:
    """Let a one-to-one pair take an unpaired neighbour that it plainly contains."""

    def fits(olds: tuple[int, ...], news: tuple[int, ...]) -> bool:
        return _one_family([*(kinds[0][i] for i in olds), *(kinds[1][j] for j in news)])

    for position, group in enumerate(groups):
        if group.manual or len(group.old) != 1 or len(group.new) != 1:
            continue
        (i,), (j,) = group.old, group.new
        base = similarity.pair(i, j)
        for neighbour in (j + 1, j - 1):
            if 0 <= neighbour < len(new_taken) and not new_taken[neighbour]:
                if (i, neighbour) in forbidden:
                    continue
                news = tuple(sorted((j, neighbour)))
                if (
                    fits((i,), news)
                    and similarity.contained_new(neighbour, (i,)) >= CONTAINMENT
                    and similarity.group((i,), news) >= base + 0.05
                ):
                    new_taken[neighbour] = True
                    groups[position] = Group((i,), news)
                    break
        else:
            for neighbour in (i + 1, i - 1):
                if 0 <= neighbour < len(old_taken) and not old_taken[neighbour]:
                    if (neighbour, j) in forbidden:
                        continue
                    olds = tuple(sorted((i, neighbour)))
                    if (
                        fits(olds, (j,))
                        and similarity.contained_old(neighbour, (j,)) >= CONTAINMENT
                        and similarity.group(olds, (j,)) >= base + 0.05
                    ):
                        old_taken[neighbour] = True
                        groups[position] = Group(olds, (j,))
                        break


def _attach_remainders(
    groups: list[Group],
    similarity: _Similarity,
    candidates: dict[tuple[int, int], float],
    old_taken: list[bool],
    new_taken: list[bool],
    forbidden: set[tuple[int, int]],
    kinds: tuple[list[str], list[str]],
) -> None:
    """An unpaired paragraph that is plainly part of a paired one elsewhere joins its group: the
    second half of a split that something was inserted into, or that moved away."""
    group_of_old: dict[int, int] = {}
    group_of_new: dict[int, int] = {}
    for position, group in enumerate(groups):
        if group.manual:
            continue
        if len(group.old) == 1:
            group_of_old[group.old[0]] = position
        if len(group.new) == 1:
            group_of_new[group.new[0]] = position
    by_new: dict[int, list[tuple[float, int]]] = defaultdict(list)
    by_old: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for (i, j), value in candidates.items():
        if (i, j) in forbidden:
            continue
        if not new_taken[j] and i in group_of_old:
            by_new[j].append((value, i))
        if not old_taken[i] and j in group_of_new:
            by_old[i].append((value, j))
    for j in sorted(by_new):
        for _value, i in sorted(by_new[j], key=lambda item: (-item[0], item[1])):
            position = group_of_old[i]
            group = groups[position]
            if len(group.old) != 1:
                continue
            news = tuple(sorted((*group.new, j)))
            if (
                _one_family([kinds[0][i], *(kinds[1][k] for k in news)])
                and similarity.contained_new(j, (i,)) >= CONTAINMENT
                and similarity.group((i,), news) >= similarity.group((i,), group.new) + 0.05
            ):
                groups[position] = Group((i,), news)
                new_taken[j] = True
                break
    for i in sorted(by_old):
        for _value, j in sorted(by_old[i], key=lambda item: (-item[0], item[1])):
            position = group_of_new[j]
            group = groups[position]
            if len(group.new) != 1:
                continue
            olds = tuple(sorted((*group.old, i)))
            if (
                _one_family([*(kinds[0][k] for k in olds), kinds[1][j]])
                and similarity.contained_old(i, (j,)) >= CONTAINMENT
                and similarity.group(olds, (j,)) >= similarity.group(group.old, (j,)) + 0.05
            ):
                groups[position] = Group(olds, (j,))
                old_taken[i] = True
                break
