"""Core layer: the JSON file in which drafters share annotations (`redline notes … export`).

Format (UTF-8 JSON object), format_version 1:
    {
      "format": "redline-notes", "format_version": 1, "exported": "2026-11-25T20:00:00Z",
      "versions": [ {"key": "<sha256 of the source bytes>", "text_key": "<sha256 of the parse>",
                     "ordinal": 1, "label": "Rev.1", "date": "2026-03-02",
                     "source_name": "L4.docx"} ],
      "annotations": [ {"id": "<uuid>", "version": "<key>", "paragraph_id": "OP3",
                        "span": [start, end] | null, "status": "agreed ad ref", "note": "…",
                        "positions": [{"delegation": "EU", "position": "amend",
                                       "proposed_text": "…"}],
                        "author": "…", "created": "…Z", "modified": "…Z",
                        "anchor_text": "…", "fingerprint": "…", "carried_from": null} ],
      "links": [ {"old_version": "<key>", "new_version": "<key>", "old": ["OP3"],
                  "new": ["OP4"], "unlink": false} ]
    }
Versions are matched by the hash of their source bytes, else by the hash of their parse, so two
colleagues who added the same documents share notes without sharing the .redline file. A reader
refuses a newer format_version; unknown keys are ignored (so additions stay compatible).
"date" (when the round was issued, YYYY-MM-DD) was added within format 1: an import keeps this
file's own dates and names, and an older export without it still imports.
"""

from __future__ import annotations

import hashlib
from typing import Any

from diffing.errors import RedlineError
from diffing.model import Document, Span
from diffing.negotiation.model import Annotation, Position, Stance, Status

FORMAT = "redline-notes"
FORMAT_VERSION = 1
MAX_IMPORT_BYTES = 50 * 1024 * 1024


class NotesFormatError(RedlineError):
    """A notes export that cannot be imported."""


def text_key(document: Document) -> str:
    data = "\n".join(f"{p.id}\t{p.text}" for p in document.paragraphs)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def annotation_to_dict(annotation: Annotation, version_key: str) -> dict[str, Any]:
    span = annotation.span
    return {
        "id": annotation.id,
        "version": version_key,
        "paragraph_id": annotation.paragraph_id,
        "span": None if span is None else [span.start, span.end],
        "status": annotation.status.value,
        "note": annotation.note,
        "positions": [
            {
                "delegation": p.delegation,
                "position": p.stance.value,
                "proposed_text": p.proposed_text,
            }
            for p in annotation.positions
        ],
        "author": annotation.author,
        "created": annotation.created,
        "modified": annotation.modified,
        "anchor_text": annotation.anchor_text,
        "fingerprint": annotation.fingerprint,
        "carried_from": annotation.carried_from,
    }


def annotation_from_dict(data: Any, version_id: int) -> Annotation:
    """Raises NotesFormatError naming what is wrong."""
    if not isinstance(data, dict):
        raise NotesFormatError("an annotation is not an object")
    try:
        span_data = data.get("span")
        span = None
        if span_data is not None:
            start, end = (int(x) for x in span_data)
            span = Span(start, end)
        positions = tuple(
            Position(
                delegation=text(p["delegation"]),
                stance=Stance.parse(text(p["position"])),
                proposed_text=text(p.get("proposed_text", "")),
            )
            for p in data.get("positions", [])
        )
        carried = data.get("carried_from")
        return Annotation(
            id=text(data["id"]),
            version_id=version_id,
            paragraph_id=text(data["paragraph_id"]),
            status=Status.parse(text(data["status"])),
            note=text(data.get("note", "")),
            positions=positions,
            author=text(data.get("author", "")),
            created=text(data["created"]),
            modified=text(data.get("modified", data["created"])),
            span=span,
            anchor_text=text(data.get("anchor_text", "")),
            fingerprint=text(data["fingerprint"]),
            carried_from=None if carried is None else text(carried),
        )
    except NotesFormatError:
        raise
    except (KeyError, TypeError, ValueError) as error:
        ident = data.get("id", "?")
        raise NotesFormatError(f"annotation {ident}: {_describe(error)}") from None


def check_header(data: Any) -> None:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise NotesFormatError('is not a Redline notes export (no "format": "redline-notes")')
    version = data.get("format_version")
    if not isinstance(version, int):
        raise NotesFormatError("has no format_version")
    if version > FORMAT_VERSION:
        raise NotesFormatError(
            f"was exported by a newer version of Redline (format {version}; this version "
            f"reads up to {FORMAT_VERSION}); update Redline to import it"
        )
    for key in ("versions", "annotations"):
        if not isinstance(data.get(key), list):
            raise NotesFormatError(f"has no list of {key}")


def text(value: Any) -> str:
    """`value` when it is text a negotiation file can store; TypeError / ValueError otherwise."""
    if not isinstance(value, str):
        raise TypeError(f"expected text, found {type(value).__name__}")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        # JSON may spell a lone surrogate ("\\ud800"); the file (SQLite, UTF-8) cannot hold one
        raise ValueError("text with an unpaired surrogate character") from None
    return value


def _describe(error: Exception) -> str:
    if isinstance(error, KeyError):
        return f"missing {error.args[0]!r}"
    return str(error)
