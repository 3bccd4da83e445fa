"""Manual links applied locally: unlink means "not a pair", links take paragraphs out of their
entries, and the result is the same however the links were reached (edit by edit, or afresh)."""

from __future__ import annotations

import pytest

from diffing.compare import compare
from diffing.model import Comparison, ManualLink, Relation
from diffing.readers import read_bytes
from diffing.relink import EntryCache, compare_linked, relink

OLD = """Resolution on fisheries

The General Assembly,

Recalling its resolution 70/1 on sustainable development,

Noting with concern the state of fish stocks in the high seas,

1. Calls upon States to manage fish stocks sustainably;

2. Urges States to combat illegal, unreported and unregulated fishing;

3. Encourages regional fisheries management organizations to cooperate;

4. Requests the Secretary-General to report at its next session.
"""

NEW = """Resolution on fisheries

The General Assembly,

Recalling its resolution 70/1 on sustainable development,

Noting with grave concern the state of fish stocks in the high seas,

1. Urges States to combat illegal, unreported and unregulated fishing by all means;

2. Calls upon States to manage fish stocks sustainably and with care;

3. Invites regional organizations to cooperate with coastal States on fisheries management;

4. Requests the Secretary-General to report at its next session on the matter.
"""


@pytest.fixture(scope="module")
def base() -> Comparison:
    return compare(read_bytes(OLD.encode(), "old.txt"), read_bytes(NEW.encode(), "new.txt"))


def _entry_of(comparison: Comparison, side: str, paragraph_id: str):  # type: ignore[no-untyped-def]
    for entry in comparison.entries:
        if paragraph_id in (entry.old if side == "old" else entry.new):
            return entry
    raise AssertionError(f"{side} {paragraph_id} is in no entry")


def _pairs(comparison: Comparison) -> set[tuple[tuple[str, ...], tuple[str, ...]]]:
    return {(e.old, e.new) for e in comparison.entries}


def _paired_entry(base: Comparison):  # type: ignore[no-untyped-def]
    return next(e for e in base.entries if e.old and e.new and e.relation is Relation.MODIFIED)


def test_unlinking_a_pair_makes_one_deleted_and_one_new_paragraph(base: Comparison) -> None:
    entry = _paired_entry(base)
    unlinked = relink(base, [ManualLink(entry.old, entry.new, unlink=True)])
    old_entry = _entry_of(unlinked, "old", entry.old[0])
    new_entry = _entry_of(unlinked, "new", entry.new[0])
    assert (old_entry.relation, old_entry.new) == (Relation.DELETED, ())
    assert (new_entry.relation, new_entry.old) == (Relation.INSERTED, ())
    # Nothing else moved: every other entry is as the aligner made it.
    assert _pairs(unlinked) - {(entry.old, ()), ((), entry.new)} == _pairs(base) - {
        (entry.old, entry.new)
    }
    assert unlinked.summary.count(Relation.DELETED) == base.summary.count(Relation.DELETED) + 1
    assert unlinked.summary.count(Relation.INSERTED) == base.summary.count(Relation.INSERTED) + 1


def test_a_moved_pair_unlinked_is_not_paired_elsewhere(base: Comparison) -> None:
    moved = next(e for e in base.entries if e.relation is Relation.MOVED)
    unlinked = relink(base, [ManualLink(moved.old, moved.new, unlink=True)])
    assert _entry_of(unlinked, "old", moved.old[0]).relation is Relation.DELETED
    assert _entry_of(unlinked, "new", moved.new[0]).relation is Relation.INSERTED


def test_a_link_takes_both_paragraphs_out_of_their_entries(base: Comparison) -> None:
    first, second = [
        e for e in base.entries if e.old and e.new and e.relation is not Relation.UNCHANGED
    ][:2]
    linked = relink(base, [ManualLink(first.old, second.new)])
    entry = _entry_of(linked, "old", first.old[0])
    assert (entry.old, entry.new, entry.manual) == (first.old, second.new, True)
    assert entry.diff and entry.relation is not Relation.DELETED
    # What the two paragraphs left behind stands alone.
    assert _entry_of(linked, "new", first.new[0]).relation is Relation.INSERTED
    assert _entry_of(linked, "old", second.old[0]).relation is Relation.DELETED


def test_a_later_link_pairs_an_unlinked_paragraph_elsewhere(base: Comparison) -> None:
    entry = _paired_entry(base)
    other = next(e for e in base.entries if e.new and e.new != entry.new)
    linked = relink(
        base,
        [ManualLink(entry.old, entry.new, unlink=True), ManualLink(entry.old, other.new)],
    )
    assert (entry.old, other.new) in _pairs(linked)
    assert _entry_of(linked, "new", entry.new[0]).relation is Relation.INSERTED


def test_edits_one_by_one_give_what_opening_afresh_gives(base: Comparison) -> None:
    entry = _paired_entry(base)
    links = [ManualLink(entry.old, entry.new, unlink=True)]
    cache = EntryCache(base)
    step = relink(base, links, cache=cache)
    undone = relink(base, [], cache=cache)
    redone = relink(base, links, cache=cache)
    assert undone == base
    assert redone == step
    _, afresh = compare_linked(base.old, base.new, base.options, links)
    assert afresh == step


def test_the_word_counts_follow_the_entries(base: Comparison) -> None:
    entry = _paired_entry(base)
    unlinked = relink(base, [ManualLink(entry.old, entry.new, unlink=True)])
    old_words = sum(len(base.old.paragraph(i).text.split()) for i in entry.old)
    # The deleted paragraph's words are all deleted now, however many the pair kept.
    assert unlinked.summary.words_deleted > base.summary.words_deleted
    assert unlinked.summary.words_deleted <= base.summary.words_deleted + old_words


def test_links_to_paragraphs_these_versions_lack_are_left_out(base: Comparison) -> None:
    assert relink(base, [ManualLink(("OP99",), ("OP1",))]).entries == base.entries
