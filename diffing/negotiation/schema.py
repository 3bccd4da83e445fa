"""Core layer: the negotiation file's SQLite schema, its history and its migrations, and the
checks made before Redline writes a single byte to a file somebody asks it to open.

Schema versions (`PRAGMA user_version`); `PRAGMA application_id` is always APPLICATION_ID:
    1  first release: versions, links, annotations with their positions as a JSON column.
    2  annotations on a span of a paragraph, the anchored text (to tell what changed since),
       carried-from links between rounds; positions in their own table; a meta table.
    3  rounds: each version's round date (`round_date`, YYYY-MM-DD; NULL in files migrated from
       2, meaning the day it was added), and the stored alignment of pairs of versions
       (`alignments`: the comparison entries and the key of what they were computed from), so
       the lineage of a file of many rounds is not re-aligned on every opening.
A file of an older schema is migrated when opened for writing (in one transaction); a file of a
newer schema is refused.
"""

from __future__ import annotations

import json
import sqlite3
import struct
from pathlib import Path

from diffing.errors import RedlineError

APPLICATION_ID = 0x52444C4E  # "RDLN"
SCHEMA_VERSION = 3
SQLITE_MAGIC = b"SQLite format 3\x00"


class NotesFileError(RedlineError):
    """A negotiation file that cannot be opened (not one, damaged, too new...)."""


SCHEMA_V1 = """
CREATE TABLE versions (
    id INTEGER PRIMARY KEY,
    ordinal INTEGER NOT NULL UNIQUE,
    label TEXT NOT NULL,
    original_path TEXT,
    source_name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    source BLOB NOT NULL,
    document TEXT NOT NULL,
    added TEXT NOT NULL
);
CREATE TABLE links (
    id INTEGER PRIMARY KEY,
    old_version INTEGER NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
    new_version INTEGER NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
    old_ids TEXT NOT NULL,
    new_ids TEXT NOT NULL,
    unlink INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE annotations (
    id TEXT PRIMARY KEY,
    version_id INTEGER NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
    paragraph_id TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    status TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    positions TEXT NOT NULL DEFAULT '[]',
    author TEXT NOT NULL DEFAULT '',
    created TEXT NOT NULL,
    modified TEXT NOT NULL
);
"""

SCHEMA_V2 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE versions (
    id INTEGER PRIMARY KEY,
    ordinal INTEGER NOT NULL UNIQUE,
    label TEXT NOT NULL,
    original_path TEXT,
    source_name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    source BLOB NOT NULL,
    document TEXT NOT NULL,
    added TEXT NOT NULL
);
CREATE TABLE links (
    id INTEGER PRIMARY KEY,
    old_version INTEGER NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
    new_version INTEGER NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
    old_ids TEXT NOT NULL,
    new_ids TEXT NOT NULL,
    unlink INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX links_pair ON links(old_version, new_version);
CREATE TABLE annotations (
    id TEXT PRIMARY KEY,
    version_id INTEGER NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
    paragraph_id TEXT NOT NULL,
    span_start INTEGER,
    span_end INTEGER,
    anchor_text TEXT NOT NULL DEFAULT '',
    fingerprint TEXT NOT NULL,
    status TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    author TEXT NOT NULL DEFAULT '',
    created TEXT NOT NULL,
    modified TEXT NOT NULL,
    carried_from TEXT,
    CHECK ((span_start IS NULL) = (span_end IS NULL))
);
CREATE INDEX annotations_paragraph ON annotations(version_id, paragraph_id);
CREATE INDEX annotations_carried ON annotations(carried_from);
CREATE TABLE positions (
    annotation_id TEXT NOT NULL REFERENCES annotations(id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    delegation TEXT NOT NULL,
    stance TEXT NOT NULL,
    proposed_text TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (annotation_id, ordinal)
);
"""

SCHEMA_V3 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE versions (
    id INTEGER PRIMARY KEY,
    ordinal INTEGER NOT NULL UNIQUE,
    label TEXT NOT NULL,
    original_path TEXT,
    source_name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    source BLOB NOT NULL,
    document TEXT NOT NULL,
    added TEXT NOT NULL,
    round_date TEXT
);
CREATE TABLE links (
    id INTEGER PRIMARY KEY,
    old_version INTEGER NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
    new_version INTEGER NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
    old_ids TEXT NOT NULL,
    new_ids TEXT NOT NULL,
    unlink INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX links_pair ON links(old_version, new_version);
CREATE TABLE annotations (
    id TEXT PRIMARY KEY,
    version_id INTEGER NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
    paragraph_id TEXT NOT NULL,
    span_start INTEGER,
    span_end INTEGER,
    anchor_text TEXT NOT NULL DEFAULT '',
    fingerprint TEXT NOT NULL,
    status TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    author TEXT NOT NULL DEFAULT '',
    created TEXT NOT NULL,
    modified TEXT NOT NULL,
    carried_from TEXT,
    CHECK ((span_start IS NULL) = (span_end IS NULL))
);
CREATE INDEX annotations_paragraph ON annotations(version_id, paragraph_id);
CREATE INDEX annotations_carried ON annotations(carried_from);
CREATE TABLE positions (
    annotation_id TEXT NOT NULL REFERENCES annotations(id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    delegation TEXT NOT NULL,
    stance TEXT NOT NULL,
    proposed_text TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (annotation_id, ordinal)
);
CREATE TABLE alignments (
    old_version INTEGER NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
    new_version INTEGER NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    entries TEXT NOT NULL,
    PRIMARY KEY (old_version, new_version)
);
"""

SCHEMAS = {1: SCHEMA_V1, 2: SCHEMA_V2, 3: SCHEMA_V3}

# The tables (and indexes) each schema version has; anything else is another application's.
TABLES = {
    1: frozenset({"versions", "links", "annotations"}),
    2: frozenset({"meta", "versions", "links", "annotations", "positions"}),
    3: frozenset({"meta", "versions", "links", "annotations", "positions", "alignments"}),
}


def create_schema(connection: sqlite3.Connection, version: int = SCHEMA_VERSION) -> None:
    """Inside the caller's transaction."""
    for statement in _statements(SCHEMAS[version]):
        connection.execute(statement)
    connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    connection.execute(f"PRAGMA user_version = {version}")


def migrate(connection: sqlite3.Connection, from_version: int) -> None:
    """Bring the schema up to SCHEMA_VERSION, inside the caller's transaction."""
    version = from_version
    while version < SCHEMA_VERSION:
        _MIGRATIONS[version](connection)
        version += 1
        connection.execute(f"PRAGMA user_version = {version}")


def _migrate_1_to_2(connection: sqlite3.Connection) -> None:
    connection.execute("ALTER TABLE annotations RENAME TO annotations_v1")
    unchanged = ("CREATE TABLE versions ", "CREATE TABLE links ")
    for statement in _statements(SCHEMA_V2):
        if not statement.startswith(unchanged):
            connection.execute(statement)
    rows = connection.execute(
        "SELECT a.id, a.version_id, a.paragraph_id, a.fingerprint, a.status, a.note, "
        "a.positions, a.author, a.created, a.modified, v.document "
        "FROM annotations_v1 a JOIN versions v ON v.id = a.version_id"
    ).fetchall()
    # Version 1 kept only a fingerprint of the annotated text; when it still matches the stored
    # paragraph, that paragraph's text is the anchored text.
    from diffing.negotiation.codec import document_from_json
    from diffing.negotiation.model import fingerprint

    documents: dict[int, dict[str, str]] = {}
    for row in rows:
        (
            id_,
            version_id,
            paragraph_id,
            print_,
            status,
            note,
            positions,
            author,
            created,
            modified,
            document,
        ) = row
        if version_id not in documents:
            parsed = document_from_json(document)
            documents[version_id] = {p.id: p.text for p in parsed.paragraphs}
        text = documents[version_id].get(paragraph_id, "")
        anchor = text if text and fingerprint(text) == print_ else ""
        connection.execute(
            "INSERT INTO annotations (id, version_id, paragraph_id, anchor_text, fingerprint, "
            "status, note, author, created, modified) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (
                id_,
                version_id,
                paragraph_id,
                anchor,
                print_,
                status,
                note,
                author,
                created,
                modified,
            ),
        )
        for ordinal, position in enumerate(json.loads(positions)):
            connection.execute(
                "INSERT INTO positions (annotation_id, ordinal, delegation, stance, "
                "proposed_text) VALUES (?,?,?,?,?)",
                (
                    id_,
                    ordinal,
                    position["delegation"],
                    position["position"],
                    position.get("text", ""),
                ),
            )
    connection.execute("DROP TABLE annotations_v1")


def _migrate_2_to_3(connection: sqlite3.Connection) -> None:
    # Existing versions keep no round date (NULL): their round is dated the day it was added.
    connection.execute("ALTER TABLE versions ADD COLUMN round_date TEXT")
    for statement in _statements(SCHEMA_V3):
        if statement.startswith("CREATE TABLE alignments "):
            connection.execute(statement)


_MIGRATIONS = {1: _migrate_1_to_2, 2: _migrate_2_to_3}


def _statements(script: str) -> list[str]:
    return [statement.strip() for statement in script.split(";") if statement.strip()]


# --- checks before opening ------------------------------------------------------------------


def check_header(path: Path) -> bool:
    """Refuse what is plainly not an intact SQLite file, reading only the file's first bytes.

    Returns True when the file is in WAL mode (so opening it read-only needs care)."""
    name = path.name
    try:
        size = path.stat().st_size
        with path.open("rb") as stream:
            header = stream.read(100)
    except FileNotFoundError:
        raise NotesFileError(f"{name}: no such file.") from None
    except IsADirectoryError:
        raise NotesFileError(f"{name}: is a folder, not a Redline negotiation file.") from None
    except OSError as error:
        raise NotesFileError(f"{name}: cannot be read ({error.strerror or error}).") from None
    if size == 0:
        raise NotesFileError(f"{name}: is empty, not a Redline negotiation file.")
    if not header.startswith(SQLITE_MAGIC):
        if SQLITE_MAGIC.startswith(header[: len(SQLITE_MAGIC)]):
            raise NotesFileError(f"{name}: is truncated (cut short); it cannot be opened.")
        raise NotesFileError(f"{name}: is not a Redline negotiation file (not an SQLite database).")
    if len(header) < 100:
        raise NotesFileError(f"{name}: is truncated (cut short); it cannot be opened.")
    (page_size,) = struct.unpack(">H", header[16:18])
    page_size = 65536 if page_size == 1 else page_size
    (change_counter,) = struct.unpack(">I", header[24:28])
    (pages,) = struct.unpack(">I", header[28:32])
    (valid_for,) = struct.unpack(">I", header[92:96])
    if page_size < 512 or page_size & (page_size - 1):
        raise NotesFileError(f"{name}: is damaged (bad page size); it cannot be opened.")
    is_wal = header[18] == 2 and header[19] == 2
    # A checkpoint killed part-way has written page 1 (the new page count) but not yet the pages
    # that extend the file; the -wal file still holds them all and SQLite replays it on open.
    short = pages and valid_for == change_counter and size < pages * page_size
    if size % page_size or (short and not (is_wal and _has_wal(path))):
        raise NotesFileError(f"{name}: is truncated (cut short); it cannot be opened.")
    return is_wal


def _has_wal(path: Path) -> bool:
    try:
        return Path(f"{path}-wal").stat().st_size > 0
    except OSError:
        return False


def check_contents(connection: sqlite3.Connection, name: str) -> int:
    """On a read-only connection: is this our file, of a schema we can open? Returns the schema
    version. Runs SQLite's quick check, which reads every page."""
    try:
        result = connection.execute("PRAGMA quick_check").fetchone()
        if result is None or result[0] != "ok":
            raise NotesFileError(f"{name}: is damaged (SQLite check failed); it cannot be opened.")
        application_id = connection.execute("PRAGMA application_id").fetchone()[0]
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        tables = {
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        }
    except sqlite3.DatabaseError as error:
        message = str(error)
        if "not a database" in message or "malformed" in message:
            raise NotesFileError(f"{name}: is damaged or truncated; it cannot be opened.") from None
        raise NotesFileError(f"{name}: cannot be read ({message}).") from None
    if application_id != APPLICATION_ID:
        what = "an empty database" if not tables else "a database of another application"
        raise NotesFileError(f"{name}: is {what}, not a Redline negotiation file.")
    if version > SCHEMA_VERSION:
        raise NotesFileError(
            f"{name}: was made by a newer version of Redline (file format {version}, this "
            f"version reads up to {SCHEMA_VERSION}); update Redline to open it."
        )
    if version not in TABLES:
        raise NotesFileError(f"{name}: has an unknown file format ({version}).")
    foreign = sorted(tables - TABLES[version])
    missing = sorted(TABLES[version] - tables)
    if foreign:
        raise NotesFileError(
            f"{name}: holds tables Redline does not know ({', '.join(foreign[:3])}); it is not a "
            "Redline negotiation file, or another program changed it."
        )
    if missing:
        raise NotesFileError(f"{name}: is damaged (missing tables: {', '.join(missing)}).")
    return int(version)
