"""Core layer: the stored alignment of a pair of versions (schema 3's `alignments` table).

Aligning two versions of an 800-paragraph resolution takes about a second; a negotiation of
nine rounds has eight consecutive pairs, and the lineage, the history of a paragraph and the
history table need them all. So the comparison entries of a pair (relations, ids, similarity,
word diff, verb change) are stored once computed, under a key naming everything they were
computed from: both versions' source hashes, the pair's manual links, the aligner and the
Redline version. A key that no longer matches — a link changed, a version replaced, a newer
Redline — means the stored entries are not used: they are recomputed and replaced. So nothing
has to remember to invalidate them, and a round or link changed by any code path is never read
with stale alignment.

The documents themselves are not stored here: a version's parse is in `versions.document` and
never changes, so `comparison_from_json` takes them from the caller.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable, Sequence
from typing import Any

from diffing._version import __version__
from diffing.model import (
    AlignedEntry,
    Comparison,
    DiffOptions,
    Document,
    ManualLink,
    Relation,
    Summary,
    VerbChange,
)

ALIGNMENT_FORMAT = 1
"""Of the stored entries' JSON; part of the key, so a change of format recomputes."""


def alignment_key(
    old_sha256: str,
    new_sha256: str,
    links: Sequence[ManualLink],
    aligner: Callable[..., object],
) -> str:
    """What a pair's stored entries were computed from, as one hash."""
    data = {
        "format": ALIGNMENT_FORMAT,
        "redline": __version__,
        "aligner": f"{getattr(aligner, '__module__', '')}.{getattr(aligner, '__qualname__', '')}",
        "old": old_sha256,
        "new": new_sha256,
        "links": [[list(link.old), list(link.new), link.unlink] for link in links],
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode("utf-8")).hexdigest()


def comparison_to_json(comparison: Comparison) -> str:
    """The entries, options and summary of a comparison (not its documents)."""
    summary = comparison.summary
    data: dict[str, Any] = {
        "format": ALIGNMENT_FORMAT,
        "options": comparison.options._asdict(),
        "summary": [
            [[relation.value, count] for relation, count in summary.counts],
            summary.words_inserted,
            summary.words_deleted,
        ],
        "entries": [
            [
                entry.relation.value,
                list(entry.old),
                list(entry.new),
                entry.similarity,
                [[op, text] for op, text in entry.diff],
                None
                if entry.verb_change is None
                else [entry.verb_change.old, entry.verb_change.new],
                entry.changed,
                entry.manual,
            ]
            for entry in comparison.entries
        ],
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def comparison_from_json(text: str, old: Document, new: Document) -> Comparison:
    """The comparison of `old` with `new` stored by `comparison_to_json`. Raises ValueError
    (or KeyError/TypeError) on anything that is not what we wrote, or entries that name
    paragraphs the documents do not have."""
    data: dict[str, Any] = json.loads(text)
    if data.get("format") != ALIGNMENT_FORMAT:
        raise ValueError(f"unknown alignment format {data.get('format')!r}")
    old_ids = {p.id for p in old.paragraphs}
    new_ids = {p.id for p in new.paragraphs}
    entries = []
    for relation, olds, news, similarity, diff, verb, changed, manual in data["entries"]:
        if not set(olds) <= old_ids or not set(news) <= new_ids:
            raise ValueError("stored alignment names paragraphs the versions do not have")
        entries.append(
            AlignedEntry(
                relation=Relation(relation),
                old=tuple(str(i) for i in olds),
                new=tuple(str(i) for i in news),
                similarity=float(similarity),
                diff=tuple((str(op), str(piece)) for op, piece in diff),
                verb_change=None if verb is None else VerbChange(str(verb[0]), str(verb[1])),
                changed=bool(changed),
                manual=bool(manual),
            )
        )
    counts, inserted, deleted = data["summary"]
    summary = Summary(
        tuple((Relation(relation), int(count)) for relation, count in counts),
        int(inserted),
        int(deleted),
    )
    return Comparison(old, new, tuple(entries), DiffOptions(**data["options"]), summary)


def load(
    connection: sqlite3.Connection, old_version: int, new_version: int, key: str
) -> str | None:
    """The stored entries of the pair when they were computed from `key`, else None."""
    row = connection.execute(
        "SELECT entries FROM alignments WHERE old_version = ? AND new_version = ? AND key = ?",
        (old_version, new_version, key),
    ).fetchone()
    return None if row is None else str(row[0])


def stored(connection: sqlite3.Connection, old_version: int, new_version: int, key: str) -> bool:
    """Whether the pair has entries computed from `key` (without reading them)."""
    row = connection.execute(
        "SELECT 1 FROM alignments WHERE old_version = ? AND new_version = ? AND key = ?",
        (old_version, new_version, key),
    ).fetchone()
    return row is not None


def save(
    connection: sqlite3.Connection, old_version: int, new_version: int, key: str, entries: str
) -> None:
    """Store (or replace) the pair's entries; inside the caller's transaction."""
    connection.execute(
        "INSERT INTO alignments (old_version, new_version, key, entries) VALUES (?,?,?,?) "
        "ON CONFLICT(old_version, new_version) DO UPDATE SET key = excluded.key, "
        "entries = excluded.entries",
        (old_version, new_version, key, entries),
    )


def prune(connection: sqlite3.Connection, keep: Sequence[tuple[int, int]]) -> int:
    """Drop the stored alignments of every pair but `keep` (inside the caller's transaction);
    returns how many were dropped."""
    rows = connection.execute("SELECT old_version, new_version FROM alignments").fetchall()
    wanted = set(keep)
    dropped = [tuple(row) for row in rows if tuple(row) not in wanted]
    for old_version, new_version in dropped:
        connection.execute(
            "DELETE FROM alignments WHERE old_version = ? AND new_version = ?",
            (old_version, new_version),
        )
    return len(dropped)
