"""Exporters layer: the remark that goes with a paragraph moved and edited.

A paragraph that moved and whose words changed is shown as a deletion at its old place and an
insertion at its new one (a move range with edits inside is not replayed alike by Word and
LibreOffice); the remark on the insertion says where it came from and what changed in its words,
so nothing of the change is lost. Used by the generated and the in-place export alike.
"""

from __future__ import annotations

from diffing.model import DELETE, INSERT
from diffing.worddiff import diff_words

MAX_CHANGES = 12
"""Word changes listed in one remark; more are summed up as "…"."""


def moved_remark(old_label: str, old_text: str, new_text: str) -> str:
    """ "Moved from OP33 and edited: deleted “urges”; inserted “calls upon”." (texts: the
    paragraph's words in each version; labels as negotiators say them)."""
    changes = []
    for op, text in diff_words(old_text, new_text):
        words = " ".join(text.split())
        if op == DELETE and words:
            changes.append(f"deleted “{words}”")
        elif op == INSERT and words:
            changes.append(f"inserted “{words}”")
    head = f"Moved from {old_label}"
    if not changes:
        return f"{head}."
    shown = "; ".join(changes[:MAX_CHANGES]) + ("; …" if len(changes) > MAX_CHANGES else "")
    return f"{head} and edited: {shown}."
