"""Core layer: plain JSON-ready dictionaries of the model (the CLI's --format json)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from diffing.model import Document


def document_to_dict(document: Document) -> dict[str, Any]:
    return {
        "source": document.source,
        "structured": document.structured,
        "metadata": asdict(document.metadata),
        "paragraphs": [
            {
                "id": paragraph.id,
                "kind": str(paragraph.kind),
                "number": paragraph.number,
                "text": paragraph.text,
                "footnotes": [ref.footnote_id for ref in paragraph.footnotes],
            }
            for paragraph in document.paragraphs
        ],
        "footnotes": [
            {"id": footnote.id, "marker": footnote.marker, "text": footnote.text}
            for footnote in document.footnotes
        ],
    }
