"""Core layer: a `Document` as JSON and back, losslessly, for storing each version's parse in
the negotiation file (annotations point at its paragraph ids, so the stored parse — not a new
parse by a later, perhaps different, reader — is what a version *is*)."""

from __future__ import annotations

import json
from typing import Any

from diffing.model import Document, Footnote, FootnoteRef, Kind, Metadata, Paragraph, Span

DOCUMENT_FORMAT = 1


def document_to_json(document: Document) -> str:
    data = {
        "format": DOCUMENT_FORMAT,
        "source": document.source,
        "structured": document.structured,
        "metadata": document.metadata._asdict(),
        "paragraphs": [
            {
                "id": p.id,
                "kind": p.kind.value,
                "text": p.text,
                "number": p.number,
                "italic": [[span.start, span.end] for span in p.italic],
                "footnotes": [[ref.footnote_id, ref.offset] for ref in p.footnotes],
                "parent": p.parent,
            }
            for p in document.paragraphs
        ],
        "footnotes": [[f.id, f.marker, f.text] for f in document.footnotes],
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def document_from_json(text: str) -> Document:
    """Raises ValueError (or KeyError/TypeError) on anything that is not what we wrote."""
    data: dict[str, Any] = json.loads(text)
    if data.get("format") != DOCUMENT_FORMAT:
        raise ValueError(f"unknown document format {data.get('format')!r}")
    known = set(Metadata._fields)
    metadata = Metadata(**{k: v for k, v in data["metadata"].items() if k in known})
    paragraphs = tuple(
        Paragraph(
            id=str(p["id"]),
            kind=Kind(p["kind"]),
            text=str(p["text"]),
            number=p["number"],
            italic=tuple(Span(int(s), int(e)) for s, e in p["italic"]),
            footnotes=tuple(FootnoteRef(str(i), int(o)) for i, o in p["footnotes"]),
            parent=p["parent"],
        )
        for p in data["paragraphs"]
    )
    footnotes = tuple(Footnote(str(i), str(m), str(t)) for i, m, t in data["footnotes"])
    return Document(
        source=str(data["source"]),
        metadata=metadata,
        paragraphs=paragraphs,
        footnotes=footnotes,
        structured=bool(data["structured"]),
    )
