"""Core layer: the negotiation file (`.redline`), one SQLite database per negotiation.

It holds every version (round) added to it — a copy of the source bytes, the parse that
annotations point into, the original path and the hash that tells when the original changed on
disk — the manual alignment links between pairs of versions, and the annotations.

Safety: WAL journal with `synchronous=FULL`, every write one transaction (a crash leaves the
state before or after it, and an acknowledged write survives a killed process); one writer per
file (see `lock`), other openers may open it read-only (a snapshot); nothing is written to a
file before it has been checked to be an intact negotiation file of a schema this version knows
(see `schema`), so a foreign or damaged file is left byte for byte as it was.

Editing for undo: every method that changes annotations or links returns a `ChangeSet`;
`apply(changes)` redoes it and `apply(changes.inverted())` undoes it, each in one transaction,
after checking nothing changed in between.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import sqlite3
import urllib.parse
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal

from diffing.errors import RedlineError
from diffing.fileio import atomic_write
from diffing.model import Comment, Comparison, DiffOptions, Document, Kind, ManualLink, Span
from diffing.negotiation import carry, exchange, schema
from diffing.negotiation.codec import document_from_json, document_to_json
from diffing.negotiation.lock import WriterLock
from diffing.negotiation.model import (
    Annotation,
    Change,
    ChangeSet,
    Conflict,
    ConflictKind,
    Dashboard,
    ImportResult,
    LinkChange,
    OriginalState,
    ParagraphState,
    Position,
    Stance,
    Status,
    Unplaced,
    VersionInfo,
    comment_text,
    fingerprint,
)
from diffing.negotiation.schema import NotesFileError

if TYPE_CHECKING:
    from diffing.negotiation.rounds import Rounds

Aligner = Callable[[Document, Document, tuple[ManualLink, ...]], Comparison]
"""How versions are aligned for carrying annotations; `diffing.compare.compare` by default."""
Clock = Callable[[], datetime]


class ReadOnlyError(RedlineError):
    """A change was asked of a negotiation file opened read-only."""


class StaleChangeError(RedlineError):
    """Undo/redo of a change whose annotations were changed since (e.g. by an import)."""


class NotFoundError(RedlineError):
    """No such version, paragraph or annotation in the negotiation file."""


def default_aligner(old: Document, new: Document, links: tuple[ManualLink, ...]) -> Comparison:
    """The automatic alignment with the links applied on top (`diffing.relink`): what the app
    shows. Each open file replaces this by a `LinkedAligner` that keeps the base alignment."""
    from diffing.relink import compare_linked

    return compare_linked(old, new, DiffOptions(), links)[1]


def utc_now() -> datetime:
    return datetime.now(UTC)


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


_UNSET: Any = object()


class NegotiationFile:
    """An open `.redline` file. Use `create` or `open`; close it (or use `with`)."""

    def __init__(
        self,
        path: Path,
        connection: sqlite3.Connection,
        *,
        read_only: bool,
        lock: WriterLock | None,
        clock: Clock,
        aligner: Aligner,
    ) -> None:
        self.path = path
        self.read_only = read_only
        self._db: sqlite3.Connection | None = connection
        self._lock = lock
        self._clock = clock
        if aligner is default_aligner:
            from diffing.relink import LinkedAligner

            aligner = LinkedAligner()
        self._aligner = aligner
        self._documents: dict[int, Document] = {}
        self._version_rows: list[tuple[Any, ...]] | None = None
        """The versions' small columns, read once per change of the file (see `_versions`)."""

    # --- opening and closing ----------------------------------------------------------------

    @classmethod
    def create(
        cls, path: str | Path, *, clock: Clock = utc_now, aligner: Aligner = default_aligner
    ) -> NegotiationFile:
        """A new, empty negotiation file; refuses to replace an existing file."""
        path = Path(path)
        if path.exists():
            raise NotesFileError(f"{path.name}: already exists; choose another name.")
        try:
            # Published under its name only when complete, never replacing another file.
            with atomic_write(path, replace=False) as temporary:
                connection = sqlite3.connect(temporary, isolation_level=None)
                try:
                    connection.execute("BEGIN IMMEDIATE")
                    schema.create_schema(connection)
                    connection.execute(
                        "INSERT INTO meta (key, value) VALUES ('created', ?)", (_stamp(clock()),)
                    )
                    connection.execute("COMMIT")
                    connection.execute("PRAGMA journal_mode = WAL")
                finally:
                    connection.close()
        except FileExistsError:
            raise NotesFileError(f"{path.name}: already exists; choose another name.") from None
        except sqlite3.Error as error:
            raise NotesFileError(f"{path.name}: cannot be created ({error}).") from None
        except OSError as error:
            raise NotesFileError(
                f"{path.name}: cannot be created ({error.strerror or error})."
            ) from None
        return cls.open(path, clock=clock, aligner=aligner)

    @classmethod
    def open(
        cls,
        path: str | Path,
        *,
        read_only: bool = False,
        clock: Clock = utc_now,
        aligner: Aligner = default_aligner,
    ) -> NegotiationFile:
        """Open for writing (one writer at a time: FileLockedError otherwise) or read-only (a
        snapshot taken now; an older schema is migrated in memory only)."""
        path = Path(path)
        is_wal = schema.check_header(path)
        # The lock is named after the real file, so two names for it (a symlink, a relative
        # path) still meet at one lock.
        lock = None if read_only else WriterLock(path.resolve())
        try:
            if lock is not None:
                lock.acquire()
            connection = _connect_checked(path, is_wal=is_wal, read_only=read_only)
        except sqlite3.Error as error:
            if lock is not None:
                lock.release()
            raise NotesFileError(f"{path.name}: cannot be opened ({error}).") from None
        except OSError as error:  # e.g. no right to create the lock file in a shared folder
            if lock is not None:
                lock.release()
            raise NotesFileError(
                f"{path.name}: cannot be opened for writing ({error.strerror or error}); "
                "open it read-only."
            ) from None
        except BaseException:
            if lock is not None:
                lock.release()
            raise
        return cls(path, connection, read_only=read_only, lock=lock, clock=clock, aligner=aligner)

    def close(self) -> None:
        if self._db is None:
            return
        db, self._db = self._db, None
        try:
            if not self.read_only:
                # Fold the WAL back into the file so it can be copied or mailed on its own.
                with contextlib.suppress(sqlite3.Error):
                    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            db.close()
        finally:
            if self._lock is not None:
                self._lock.release()

    @property
    def closed(self) -> bool:
        return self._db is None

    def __enter__(self) -> NegotiationFile:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def save_copy(self, destination: str | Path) -> None:
        """A consistent copy of the whole file at `destination`, replacing it atomically;
        refused when `destination` is this file or is open in another Redline window."""
        destination = Path(destination)
        lock = self._check_destination(destination)
        try:
            self._copy_to(destination)
        finally:
            lock.release()

    def save_as(self, destination: str | Path) -> None:
        """File > Save As: copy to `destination` and go on working there (writable, even when
        this file was open read-only); this file stays as it was."""
        destination = Path(destination)
        lock = self._check_destination(destination)
        try:
            self._copy_to(destination)
            connection = _connect_checked(destination, is_wal=True, read_only=False)
        except BaseException:
            lock.release()
            raise
        self.close()
        self.path, self._db, self._lock, self.read_only = destination, connection, lock, False

    def _check_destination(self, destination: Path) -> WriterLock:
        if destination.exists() and destination.resolve() == self.path.resolve():
            raise NotesFileError(f"{destination.name}: is this file; choose another name.")
        lock = WriterLock(destination.resolve())
        try:
            lock.acquire()
        except OSError as error:
            raise NotesFileError(
                f"{destination.name}: cannot be written ({error.strerror or error})."
            ) from None
        return lock

    def _copy_to(self, destination: Path) -> None:
        try:
            with atomic_write(destination) as temporary:
                target = sqlite3.connect(temporary, isolation_level=None)
                try:
                    self._conn.backup(target)
                    target.execute("PRAGMA journal_mode = WAL")
                finally:
                    target.close()
        except (sqlite3.Error, OSError) as error:
            raise NotesFileError(f"{destination.name}: cannot be saved ({error}).") from None

    def integrity_check(self) -> str:
        return str(self._conn.execute("PRAGMA integrity_check").fetchone()[0])

    @property
    def _conn(self) -> sqlite3.Connection:
        if self._db is None:
            raise NotesFileError(f"{self.path.name}: is closed.")
        return self._db

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        if self.read_only:
            raise ReadOnlyError(f"{self.path.name}: is open read-only; changes are not saved.")
        db = self._conn
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        finally:
            self._version_rows = None  # every write of the versions is in a transaction
        db.execute("COMMIT")

    # --- versions ---------------------------------------------------------------------------

    def add_version(
        self,
        document: Document,
        source_bytes: bytes,
        path: str | Path | None = None,
        label: str | None = None,
        *,
        carry: bool = True,
        round_date: str | None = None,
        comparison: Comparison | None = None,
    ) -> int:
        """Add the next version (round) and carry the annotations of the previous one to it,
        all in one transaction. Returns the new version's id.

        `round_date` (YYYY-MM-DD, already checked by the caller) is when the round was issued,
        today when not given; `comparison`, when the caller has already aligned the previous
        version with `document` (no manual links yet), spares aligning them again to carry."""
        previous = self.latest()
        digest = hashlib.sha256(source_bytes).hexdigest()
        plan: ChangeSet | None = None
        if carry and previous is not None and self.annotations_for(previous.id):
            plan = self._carry_plan(previous.id, None, document, digest, (), comparison)
        ordinal = (previous.ordinal if previous else 0) + 1
        original = None if path is None else str(Path(path).resolve())
        if original is not None and _storable(original) != original:
            original = None  # a file name that is not UTF-8 cannot be stored to be found again
        source_name = _storable(Path(path).name if path is not None else document.source)
        document = document._replace(source=_storable(document.source))
        with self._transaction() as db:
            cursor = db.execute(
                "INSERT INTO versions (ordinal, label, original_path, source_name, sha256, "
                "source, document, added, round_date) VALUES (?,?,?,?,?,?,?,?,?)",
                (
                    ordinal,
                    _storable(label or source_name or f"Version {ordinal}"),
                    original,
                    source_name,
                    digest,
                    source_bytes,
                    document_to_json(document),
                    _stamp(self._clock()),
                    round_date or self._clock().astimezone().date().isoformat(),
                ),
            )
            version_id = int(cursor.lastrowid or 0)
            if plan:
                for change in plan.annotations:
                    assert change.after is not None
                    self._write(replace(change.after, version_id=version_id))
        self._documents[version_id] = document
        return version_id

    def add_version_from_file(self, path: str | Path, label: str | None = None) -> int:
        """Read a document (any format the readers know) and add it as the next version."""
        from diffing.readers import read_bytes, read_document

        path = Path(path)
        read_document(path)  # refuses missing, oversized and unreadable files before reading
        try:
            data = path.read_bytes()
        except OSError as error:
            raise NotFoundError(f"{path.name}: cannot be read ({error.strerror}).") from None
        # Parse exactly the bytes stored, in case the file changed between the two reads.
        return self.add_version(read_bytes(data, path.name), data, path, label)

    def versions(self) -> tuple[VersionInfo, ...]:
        return tuple(VersionInfo(*row[:7]) for row in self._versions())

    def _versions(self) -> list[tuple[Any, ...]]:
        """(id, ordinal, label, original_path, source_name, sha256, added, round_date) of every
        version in order. Kept until the next write: `added` and `round_date` sit after the
        source and the parse in each row, so SQLite walks megabytes to reach them (2 ms a
        call on ten rounds of 800 paragraphs, and a history panel asks dozens of times)."""
        connection = self._conn  # NotesFileError once the file is closed, cached or not
        if self._version_rows is None:
            self._version_rows = connection.execute(
                "SELECT id, ordinal, label, original_path, source_name, sha256, added, "
                "round_date FROM versions ORDER BY ordinal"
            ).fetchall()
        return self._version_rows

    def version(self, version_id: int) -> VersionInfo:
        for info in self.versions():
            if info.id == version_id:
                return info
        raise NotFoundError(f"{self.path.name}: has no version {version_id}.")

    def latest(self) -> VersionInfo | None:
        versions = self.versions()
        return versions[-1] if versions else None

    def predecessor(self, version_id: int) -> VersionInfo | None:
        """The version before this one (whose annotations were carried to it)."""
        earlier = [v for v in self.versions() if v.ordinal < self.version(version_id).ordinal]
        return earlier[-1] if earlier else None

    def document(self, version_id: int) -> Document:
        """The version as it was parsed when added — what its annotations point into."""
        if version_id not in self._documents:
            row = self._conn.execute(
                "SELECT document FROM versions WHERE id = ?", (version_id,)
            ).fetchone()
            if row is None:
                raise NotFoundError(f"{self.path.name}: has no version {version_id}.")
            try:
                self._documents[version_id] = document_from_json(row[0])
            except (ValueError, KeyError, TypeError):
                # The parse is unreadable: read the stored copy of the source again.
                self._documents[version_id] = self.reread(version_id)
        return self._documents[version_id]

    def source_bytes(self, version_id: int) -> bytes:
        row = self._conn.execute(
            "SELECT source FROM versions WHERE id = ?", (version_id,)
        ).fetchone()
        if row is None:
            raise NotFoundError(f"{self.path.name}: has no version {version_id}.")
        return bytes(row[0])

    def reread(self, version_id: int) -> Document:
        """Parse the stored copy of the source again (with today's readers; paragraph ids may
        differ from the stored parse if the readers changed)."""
        from diffing.readers import read_bytes

        return read_bytes(self.source_bytes(version_id), self.version(version_id).source_name)

    def original_state(self, version_id: int) -> OriginalState:
        info = self.version(version_id)
        if info.original_path is None:
            return OriginalState.MISSING
        try:
            data = Path(info.original_path).read_bytes()
        except OSError:
            return OriginalState.MISSING
        same = hashlib.sha256(data).hexdigest() == info.sha256
        return OriginalState.SAME if same else OriginalState.CHANGED

    def original_changed(self, version_id: int) -> bool:
        """The original file is still where it was but its content is not what was added."""
        return self.original_state(version_id) is OriginalState.CHANGED

    def rename_version(self, version_id: int, label: str) -> str:
        """Returns the previous label (undo: rename back)."""
        previous = self.version(version_id).label
        with self._transaction() as db:
            db.execute("UPDATE versions SET label = ? WHERE id = ?", (label, version_id))
        return previous

    def remove_version(self, version_id: int) -> None:
        """Remove a version with its annotations and links (not undoable: ask first)."""
        self.version(version_id)
        with self._transaction() as db:
            db.execute("DELETE FROM versions WHERE id = ?", (version_id,))
        self._documents.pop(version_id, None)

    @functools.cached_property
    def rounds(self) -> Rounds:
        """The versions as rounds of the negotiation: named, dated, in order (see `rounds`)."""
        from diffing.negotiation.rounds import Rounds

        return Rounds(self)

    # --- manual links -----------------------------------------------------------------------

    def links(self, old_version: int, new_version: int) -> tuple[ManualLink, ...]:
        rows = self._conn.execute(
            "SELECT old_ids, new_ids, unlink FROM links WHERE old_version = ? AND "
            "new_version = ? ORDER BY id",
            (old_version, new_version),
        ).fetchall()
        return tuple(
            ManualLink(tuple(json.loads(old)), tuple(json.loads(new)), bool(unlink))
            for old, new, unlink in rows
        )

    def set_links(
        self, old_version: int, new_version: int, links: Sequence[ManualLink]
    ) -> ChangeSet:
        """Replace the manual links of a pair; when `old_version` is the predecessor of
        `new_version`, re-carry the annotations along the new alignment (same transaction)."""
        links = tuple(links)
        before = self.links(old_version, new_version)
        self.version(old_version)
        self.version(new_version)
        for link in links:
            self._check_link(old_version, new_version, link)
        plan = ChangeSet()
        previous = self.predecessor(new_version)
        if previous is not None and previous.id == old_version:
            plan = self._carry_plan(
                old_version,
                new_version,
                self.document(new_version),
                self.version(new_version).sha256,
                links,
            )
        changes = ChangeSet(
            plan.annotations, (LinkChange(old_version, new_version, before, links),)
        )
        self.apply(changes)
        return changes

    def _check_link(self, old_version: int, new_version: int, link: ManualLink) -> None:
        for version_id, ids in ((old_version, link.old), (new_version, link.new)):
            known = {p.id for p in self.document(version_id).paragraphs}
            for paragraph_id in ids:
                if paragraph_id not in known:
                    raise NotFoundError(
                        f"{self.version(version_id).label}: has no paragraph {paragraph_id}."
                    )

    def _write_links(self, old_version: int, new_version: int, links: Iterable[ManualLink]) -> None:
        db = self._conn
        db.execute(
            "DELETE FROM links WHERE old_version = ? AND new_version = ?",
            (old_version, new_version),
        )
        for link in links:
            db.execute(
                "INSERT INTO links (old_version, new_version, old_ids, new_ids, unlink) "
                "VALUES (?,?,?,?,?)",
                (
                    old_version,
                    new_version,
                    json.dumps(list(link.old)),
                    json.dumps(list(link.new)),
                    int(link.unlink),
                ),
            )

    # --- carrying ---------------------------------------------------------------------------

    def carry(self, from_version: int, to_version: int) -> ChangeSet:
        """Carry (again) the annotations of `from_version` to `to_version` along the alignment
        with the stored manual links."""
        links = self.links(from_version, to_version)
        key = self.version(to_version).sha256
        plan = self._carry_plan(from_version, to_version, self.document(to_version), key, links)
        self.apply(plan)
        return plan

    def not_carried(self, version_id: int) -> tuple[Annotation, ...]:
        """Annotations of the previous version with no copy in this one (their paragraph was
        deleted, or a relink left it unpaired): what to tell the drafter after adding a round."""
        previous = self.predecessor(version_id)
        if previous is None:
            return ()
        carried = {a.carried_from for a in self.annotations_for(version_id)}
        return tuple(a for a in self.annotations_for(previous.id) if a.id not in carried)

    def _carry_plan(
        self,
        from_version: int,
        to_version: int | None,
        new: Document,
        new_key: str,
        links: tuple[ManualLink, ...],
        comparison: Comparison | None = None,
    ) -> ChangeSet:
        old = self.document(from_version)
        sources = self.annotations_for(from_version)
        if not sources:
            mapping: dict[str, tuple[str, ...]] = {}
        else:
            mapping = carry.alignment_map(comparison or self._aligner(old, new, links))
        existing = () if to_version is None else self.annotations_for(to_version)
        taken = [row[0] for row in self._conn.execute("SELECT id FROM annotations")]
        return carry.plan_carry(
            sources, existing, mapping, old, new, to_version or 0, new_key, taken
        )

    # --- annotations ------------------------------------------------------------------------

    def annotation(self, annotation_id: str) -> Annotation:
        found = self._read("a.id = ?", (annotation_id,))
        if not found:
            raise NotFoundError(f"{self.path.name}: has no annotation {annotation_id}.")
        return found[0]

    def find_annotation(self, annotation_id: str) -> Annotation | None:
        found = self._read("a.id = ?", (annotation_id,))
        return found[0] if found else None

    def annotations_for(
        self, version_id: int, paragraph_id: str | None = None
    ) -> tuple[Annotation, ...]:
        """In reading order of the version's paragraphs, then by creation."""
        if paragraph_id is None:
            found = self._read("a.version_id = ?", (version_id,))
        else:
            found = self._read(
                "a.version_id = ? AND a.paragraph_id = ?", (version_id, paragraph_id)
            )
        order = {p.id: i for i, p in enumerate(self.document(version_id).paragraphs)}
        return tuple(
            sorted(found, key=lambda a: (order.get(a.paragraph_id, len(order)), a.created))
        )

    def add_annotation(
        self,
        version_id: int,
        paragraph_id: str,
        status: Status = Status.OPEN,
        *,
        note: str = "",
        positions: Sequence[Position] = (),
        author: str = "",
        span: Span | None = None,
        annotation_id: str | None = None,
    ) -> ChangeSet:
        """The new annotation is `changes.added[0]`."""
        text = self._paragraph_text(version_id, paragraph_id)
        now = _stamp(self._clock())
        annotation = Annotation(
            id=annotation_id or str(uuid.uuid4()),
            version_id=version_id,
            paragraph_id=paragraph_id,
            status=Status(status),
            note=note,
            positions=tuple(positions),
            author=author,
            created=now,
            modified=now,
            span=span,
            anchor_text=text,
            fingerprint=fingerprint(text),
        )
        changes = ChangeSet((Change(None, annotation),))
        self.apply(changes)
        return changes

    def update_annotation(
        self,
        annotation_id: str,
        *,
        status: Status = _UNSET,
        note: str = _UNSET,
        positions: Sequence[Position] = _UNSET,
        author: str = _UNSET,
        span: Span | None = _UNSET,
    ) -> ChangeSet:
        """Change what is given; `modified` becomes now. Empty ChangeSet when nothing changed."""
        before = self.annotation(annotation_id)
        values: dict[str, Any] = {}
        if status is not _UNSET:
            values["status"] = Status(status)
        if note is not _UNSET:
            values["note"] = note
        if positions is not _UNSET:
            values["positions"] = tuple(positions)
        if author is not _UNSET:
            values["author"] = author
        if span is not _UNSET:
            values["span"] = span
        after = replace(before, **values)
        if after == before:
            return ChangeSet()
        after = replace(after, modified=_stamp(self._clock()))
        changes = ChangeSet((Change(before, after),))
        self.apply(changes)
        return changes

    def acknowledge(self, annotation_id: str) -> ChangeSet:
        """The drafter has seen the new wording: anchor the annotation to it (clears the
        "text changed since …" flag)."""
        before = self.annotation(annotation_id)
        text = self._paragraph_text(before.version_id, before.paragraph_id)
        after = replace(
            before, anchor_text=text, fingerprint=fingerprint(text), modified=_stamp(self._clock())
        )
        changes = ChangeSet((Change(before, after),))
        self.apply(changes)
        return changes

    def delete_annotation(self, annotation_id: str) -> ChangeSet:
        changes = ChangeSet((Change(self.annotation(annotation_id), None),))
        self.apply(changes)
        return changes

    def apply(self, changes: ChangeSet) -> None:
        """Make every change's `before` into its `after`, in one transaction; refuses (and
        changes nothing) when the file no longer holds the `before` states."""
        if not changes:
            return
        with self._transaction():
            self._apply_in_transaction(changes)

    def _apply_in_transaction(self, changes: ChangeSet) -> None:
        """`apply` inside the caller's transaction (so several steps commit as one)."""
        for link in changes.links:
            if self.links(link.old_version, link.new_version) != tuple(link.before):
                raise StaleChangeError(
                    "The links were changed since; this change cannot be undone or redone."
                )
            self._write_links(link.old_version, link.new_version, link.after)
        for change in changes.annotations:
            subject = change.before or change.after
            if subject is None:
                continue
            if self.find_annotation(subject.id) != change.before:
                raise StaleChangeError(
                    f"The annotation on {subject.paragraph_id} was changed since; this "
                    "change cannot be undone or redone."
                )
            if change.after is None:
                self._conn.execute("DELETE FROM annotations WHERE id = ?", (subject.id,))
            else:
                self._write(change.after)

    def _write(self, annotation: Annotation) -> None:
        """Insert or replace one annotation (inside a transaction)."""
        text = self._paragraph_text(annotation.version_id, annotation.paragraph_id)
        span = annotation.span
        if span is not None and not 0 <= span.start < span.end <= len(text):
            raise RedlineError(
                f"{annotation.paragraph_id}: the selected span {span.start}-{span.end} is not "
                "within the paragraph."
            )
        db = self._conn
        db.execute("DELETE FROM positions WHERE annotation_id = ?", (annotation.id,))
        db.execute(
            "INSERT INTO annotations (id, version_id, paragraph_id, span_start, span_end, "
            "anchor_text, fingerprint, status, note, author, created, modified, carried_from) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET "
            "version_id = excluded.version_id, paragraph_id = excluded.paragraph_id, "
            "span_start = excluded.span_start, span_end = excluded.span_end, "
            "anchor_text = excluded.anchor_text, fingerprint = excluded.fingerprint, "
            "status = excluded.status, note = excluded.note, author = excluded.author, "
            "created = excluded.created, modified = excluded.modified, "
            "carried_from = excluded.carried_from",
            (
                annotation.id,
                annotation.version_id,
                annotation.paragraph_id,
                None if span is None else span.start,
                None if span is None else span.end,
                annotation.anchor_text,
                annotation.fingerprint,
                annotation.status.value,
                annotation.note,
                annotation.author,
                annotation.created,
                annotation.modified,
                annotation.carried_from,
            ),
        )
        for ordinal, position in enumerate(annotation.positions):
            db.execute(
                "INSERT INTO positions (annotation_id, ordinal, delegation, stance, "
                "proposed_text) VALUES (?,?,?,?,?)",
                (
                    annotation.id,
                    ordinal,
                    position.delegation,
                    position.stance.value,
                    position.proposed_text,
                ),
            )

    def _read(self, where: str, parameters: tuple[object, ...]) -> list[Annotation]:
        db = self._conn
        rows = db.execute(
            "SELECT a.id, a.version_id, a.paragraph_id, a.span_start, a.span_end, "
            "a.anchor_text, a.fingerprint, a.status, a.note, a.author, a.created, a.modified, "
            f"a.carried_from FROM annotations a WHERE {where} ORDER BY a.rowid",
            parameters,
        ).fetchall()
        if not rows:
            return []
        ids = [row[0] for row in rows]
        positions: dict[str, list[Position]] = {}
        marks = ",".join("?" * len(ids))
        for annotation_id, delegation, stance, text in db.execute(
            "SELECT annotation_id, delegation, stance, proposed_text FROM positions "
            f"WHERE annotation_id IN ({marks}) ORDER BY annotation_id, ordinal",
            ids,
        ):
            positions.setdefault(annotation_id, []).append(
                Position(delegation, Stance(stance), text)
            )
        texts: dict[int, dict[str, str]] = {}
        result = []
        for (
            id_,
            version_id,
            paragraph_id,
            start,
            end,
            anchor,
            print_,
            status,
            note,
            author,
            created,
            modified,
            carried_from,
        ) in rows:
            if version_id not in texts:
                texts[version_id] = {p.id: p.text for p in self.document(version_id).paragraphs}
            current = texts[version_id].get(paragraph_id)
            result.append(
                Annotation(
                    id=id_,
                    version_id=version_id,
                    paragraph_id=paragraph_id,
                    status=Status(status),
                    note=note,
                    positions=tuple(positions.get(id_, ())),
                    author=author,
                    created=created,
                    modified=modified,
                    span=None if start is None else Span(start, end),
                    anchor_text=anchor,
                    fingerprint=print_,
                    carried_from=carried_from,
                    text_changed=current is None or fingerprint(current) != print_,
                )
            )
        return result

    def _paragraph_text(self, version_id: int, paragraph_id: str) -> str:
        document = self.document(version_id)
        try:
            return document.paragraph(paragraph_id).text
        except KeyError:
            raise NotFoundError(
                f"{self.version(version_id).label}: has no paragraph {paragraph_id}."
            ) from None

    # --- what the views show ----------------------------------------------------------------

    def paragraph_states(self, version_id: int) -> dict[str, ParagraphState]:
        """Badge state of every paragraph of the version (sub-paragraphs without annotations
        of their own show their parent's status)."""
        document = self.document(version_id)
        own: dict[str, list[Annotation]] = {}
        for annotation in self.annotations_for(version_id):
            own.setdefault(annotation.paragraph_id, []).append(annotation)
        states: dict[str, ParagraphState] = {}
        for paragraph in document.paragraphs:
            annotations = own.get(paragraph.id, [])
            if annotations:
                deciding = _deciding(annotations)
                flags = [a.flag for a in annotations if a.flag]
                flag = None
                if flags:
                    flag = min(flags, key=lambda f: (not f.endswith("agreed"), f))
                states[paragraph.id] = ParagraphState(
                    paragraph.id,
                    deciding.status,
                    False,
                    flag,
                    len(annotations),
                    any(a.note.strip() for a in annotations),
                )
                continue
            parent = paragraph.parent
            inherited: Status | None = None
            while parent is not None and inherited is None:
                state = states.get(parent)
                if state is not None and state.status is not None:
                    inherited = state.status
                try:
                    parent = document.paragraph(parent).parent
                except KeyError:
                    parent = None
            states[paragraph.id] = ParagraphState(paragraph.id, inherited, inherited is not None)
        return states

    def dashboard(self, version_id: int) -> Dashboard:
        document = self.document(version_id)
        if document.structured:
            counted = {Kind.TITLE, Kind.PREAMBULAR, Kind.OPERATIVE, Kind.SUBPARAGRAPH}
            paragraphs = [p for p in document.paragraphs if p.kind in counted]
        else:
            paragraphs = list(document.paragraphs)
        states = self.paragraph_states(version_id)
        counts: dict[Status, int] = {}
        changed = 0
        for paragraph in paragraphs:
            state = states[paragraph.id]
            if state.status is not None:
                counts[state.status] = counts.get(state.status, 0) + 1
            if state.flag == "text changed since agreed":
                changed += 1
        return Dashboard(
            total=len(paragraphs),
            counts=tuple((status, counts[status]) for status in Status if status in counts),
            changed_since_agreed=changed,
            unannotated=len(paragraphs) - sum(counts.values()),
        )

    def to_comments(self, version_id: int, side: str = "new") -> list[Comment]:
        """Every annotation of the version as an exporter's `Comment`."""
        texts = {p.id: p.text for p in self.document(version_id).paragraphs}
        return [
            Comment(
                paragraph_id=a.paragraph_id,
                side=side,
                author=a.author or "Redline",
                text=comment_text(a, texts.get(a.paragraph_id, "")),
                date=a.modified or None,
            )
            for a in self.annotations_for(version_id)
        ]

    def comments_for(
        self, old_version: int, new_version: int, comparison: Comparison
    ) -> list[Comment]:
        """Comments for exporting the comparison of two versions: the new version's
        annotations, and the old version's on paragraphs the new one deleted."""
        comments = self.to_comments(new_version, "new")
        deleted = {old_id for entry in comparison.entries if not entry.new for old_id in entry.old}
        comments += [c for c in self.to_comments(old_version, "old") if c.paragraph_id in deleted]
        return comments

    # --- sharing ----------------------------------------------------------------------------

    def export_dict(self) -> dict[str, Any]:
        versions = self.versions()
        keys = {v.id: v.sha256 for v in versions}
        dates = {r.version_id: r.date for r in self.rounds.all()}
        links = []
        for old in versions:
            for new in versions:
                for link in self.links(old.id, new.id):
                    links.append(
                        {
                            "old_version": keys[old.id],
                            "new_version": keys[new.id],
                            "old": list(link.old),
                            "new": list(link.new),
                            "unlink": link.unlink,
                        }
                    )
        return {
            "format": exchange.FORMAT,
            "format_version": exchange.FORMAT_VERSION,
            "exported": _stamp(self._clock()),
            "versions": [
                {
                    "key": v.sha256,
                    "text_key": exchange.text_key(self.document(v.id)),
                    "ordinal": v.ordinal,
                    "label": v.label,
                    "date": dates[v.id],
                    "source_name": v.source_name,
                }
                for v in versions
            ],
            "annotations": [
                exchange.annotation_to_dict(a, keys[v.id])
                for v in versions
                for a in self.annotations_for(v.id)
            ],
            "links": links,
        }

    def export_json(self, path: str | Path) -> int:
        """Write the JSON export atomically; returns the number of annotations."""
        path = Path(path)
        if path.exists() and path.resolve() == self.path.resolve():
            # replacing the negotiation file with its own JSON export would lose it
            raise NotesFileError(f"{path.name}: is this negotiation file; choose another name.")
        originals = {v.original_path for v in self.versions() if v.original_path}
        if path.exists() and str(path.resolve()) in originals:
            raise NotesFileError(f"{path.name}: is the document of a version; choose another name.")
        data = self.export_dict()
        try:
            with atomic_write(path) as temporary:
                text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
                temporary.write_text(text, encoding="utf-8")
        except OSError as error:
            raise NotesFileError(
                f"{path.name}: cannot be written ({error.strerror or error})."
            ) from None
        return len(data["annotations"])

    def import_json(self, path: str | Path) -> ImportResult:
        path = Path(path)
        try:
            if path.stat().st_size > exchange.MAX_IMPORT_BYTES:
                raise exchange.NotesFormatError(f"{path.name}: too large for a notes export.")
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise exchange.NotesFormatError(f"{path.name}: no such file.") from None
        except (OSError, UnicodeDecodeError, ValueError) as error:
            reason = getattr(error, "strerror", None) or "not valid JSON"
            raise exchange.NotesFormatError(
                f"{path.name}: cannot be imported ({reason})."
            ) from None
        try:
            return self.import_dict(data)
        except exchange.NotesFormatError as error:
            raise exchange.NotesFormatError(f"{path.name}: {error}.") from None

    def import_dict(self, data: Any) -> ImportResult:
        """Merge an export: add what is new, count what is already here, return conflicts
        (never overwritten) and what has no version here. One transaction."""
        exchange.check_header(data)
        by_hash = {v.sha256: v.id for v in self.versions()}
        by_text = {exchange.text_key(self.document(v.id)): v.id for v in self.versions()}
        local_of: dict[str, int | None] = {}
        labels: dict[str, str] = {}
        for version in data["versions"]:
            if not isinstance(version, dict) or not isinstance(version.get("key"), str):
                raise exchange.NotesFormatError("a version has no key")
            key = version["key"]
            labels[key] = str(version.get("label", key[:8]))
            local_of[key] = by_hash.get(key, by_text.get(str(version.get("text_key"))))
        incoming_ids = {
            a["id"]
            for a in data["annotations"]
            if isinstance(a, dict) and isinstance(a.get("id"), str)
        }
        changes: list[Change] = []
        conflicts: list[Conflict] = []
        unplaced: list[Unplaced] = []
        unchanged = 0
        for raw in data["annotations"]:
            key = raw.get("version") if isinstance(raw, dict) else None
            if not isinstance(key, str) or key not in local_of:
                raise exchange.NotesFormatError("an annotation names no known version")
            version_id = local_of[key]
            placed = exchange.annotation_from_dict(raw, version_id or 0)
            if version_id is None:
                unplaced.append(
                    Unplaced(
                        placed.id,
                        labels[str(key)],
                        placed.paragraph_id,
                        "this file does not hold that version",
                    )
                )
                continue
            if placed.paragraph_id not in {p.id for p in self.document(version_id).paragraphs}:
                unplaced.append(
                    Unplaced(
                        placed.id,
                        labels[str(key)],
                        placed.paragraph_id,
                        "no such paragraph in this file's version",
                    )
                )
                continue
            placed = self._refresh(placed)
            local = self.find_annotation(placed.id)
            if local is not None:
                if _same(local, placed):
                    unchanged += 1
                else:
                    conflicts.append(Conflict(ConflictKind.SAME_ID, local, placed))
                continue
            neighbours = [
                a
                for a in self.annotations_for(version_id, placed.paragraph_id)
                if a.id not in incoming_ids and a.span == placed.span
            ]
            if any(_same(a, placed) for a in neighbours):
                unchanged += 1
            elif neighbours:
                latest = max(neighbours, key=lambda a: (a.modified, a.id))
                conflicts.append(Conflict(ConflictKind.SAME_PARAGRAPH, latest, placed))
            else:
                changes.append(Change(None, placed))
        link_changes: list[LinkChange] = []
        messages: list[str] = []
        links = data.get("links", [])
        if not isinstance(links, list):
            raise exchange.NotesFormatError("has no list of links")
        for raw in links:
            try:
                old = local_of[raw["old_version"]]
                new = local_of[raw["new_version"]]
                link = ManualLink(tuple(raw["old"]), tuple(raw["new"]), bool(raw["unlink"]))
                for pid in (*link.old, *link.new):
                    exchange.text(pid)
            except (KeyError, TypeError, ValueError) as error:
                raise exchange.NotesFormatError(f"a link is malformed ({error})") from None
            if old is None or new is None:
                continue
            pending = next(
                (c for c in link_changes if (c.old_version, c.new_version) == (old, new)), None
            )
            current = self.links(old, new)
            if pending is None and current:
                if link not in current:
                    messages.append(
                        f"kept this file's manual links between {self.version(old).label} and "
                        f"{self.version(new).label}; the imported ones differ"
                    )
                continue
            if pending is None:
                pending = LinkChange(old, new, current, ())
                link_changes.append(pending)
            index = link_changes.index(pending)
            link_changes[index] = replace(pending, after=(*pending.after, link))
        result = ChangeSet(tuple(changes), tuple(link_changes))
        self.apply(result)
        return ImportResult(result, unchanged, tuple(conflicts), tuple(unplaced), tuple(messages))

    def resolve(self, conflict: Conflict, keep: Literal["local", "incoming", "both"]) -> ChangeSet:
        """Settle an import conflict: keep this file's annotation, take the incoming one, or
        keep both (the incoming one then gets a new id if it shares the local one's)."""
        if keep == "local":
            return ChangeSet()
        local = self.annotation(conflict.local.id)
        incoming = conflict.incoming
        if keep == "incoming":
            if conflict.kind is ConflictKind.SAME_ID:
                changes = ChangeSet((Change(local, incoming),))
            else:
                changes = ChangeSet((Change(local, None), Change(None, incoming)))
        else:
            if incoming.id == local.id:
                incoming = replace(incoming, id=str(uuid.uuid4()))
            changes = ChangeSet((Change(None, incoming),))
        self.apply(changes)
        return changes

    def _refresh(self, annotation: Annotation) -> Annotation:
        """With `text_changed` derived against this file's text, as `_read` gives it."""
        text = self._paragraph_text(annotation.version_id, annotation.paragraph_id)
        return replace(annotation, text_changed=fingerprint(text) != annotation.fingerprint)


def _deciding(annotations: Sequence[Annotation]) -> Annotation:
    """The annotation whose status a paragraph shows: the latest on the whole paragraph, else
    the latest on a part of it."""
    whole = [a for a in annotations if a.span is None] or list(annotations)
    return max(whole, key=lambda a: (a.modified, a.created, a.id))


def _same(a: Annotation, b: Annotation) -> bool:
    return (a.paragraph_id, a.span, a.content()) == (b.paragraph_id, b.span, b.content())


def _connect_checked(path: Path, *, is_wal: bool, read_only: bool) -> sqlite3.Connection:
    """Check the file read-only, then connect for writing (migrating an older schema) or, for
    read-only, copy it into memory."""
    # With no -wal file there is nothing to replay: read the file as immutable, so that not
    # even a -shm file is created next to a file we may refuse.
    immutable = is_wal and not Path(f"{path}-wal").exists()
    checker = _connect_read_only(path, immutable=immutable)
    try:
        version = schema.check_contents(checker, path.name)
        if read_only:
            connection = sqlite3.connect(":memory:", isolation_level=None)
            checker.backup(connection)
    finally:
        checker.close()
    if not read_only:
        connection = sqlite3.connect(path, isolation_level=None, timeout=10)
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = FULL")
    connection.execute("PRAGMA foreign_keys = ON")
    if version < schema.SCHEMA_VERSION:
        connection.execute("BEGIN IMMEDIATE")
        try:
            schema.migrate(connection, version)
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            connection.close()
            raise
    return connection


def _connect_read_only(path: Path, *, immutable: bool) -> sqlite3.Connection:
    # the bytes of the name, so a name that is not UTF-8 (Linux allows any bytes) opens too
    uri = "file:" + urllib.parse.quote(os.fsencode(path.resolve())) + "?mode=ro"
    if immutable:
        uri += "&immutable=1"
    return sqlite3.connect(uri, uri=True, isolation_level=None)


def _storable(text: str) -> str:
    """`text` with lone surrogates (undecodable bytes of a file name) as U+FFFD: SQLite's text
    is UTF-8, which cannot hold them."""
    return "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in text)
