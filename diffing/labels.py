"""Core layer: how an aligned entry is named for people — now part of the one comparison
vocabulary, `diffing.report`; kept so that existing imports keep working."""

from __future__ import annotations

from diffing.report import entry_label, paragraph_label

__all__ = ["entry_label", "paragraph_label"]
