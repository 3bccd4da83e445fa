"""Desktop layer: one clear line for the user, the details for the log.

Readers sometimes pass on a library's own words ("PDFNoValidXRef: Unexpected EOF" from
pdfminer); they mean nothing to a drafter. `for_user` keeps our sentence and drops such a
technical tail; the full text goes to the log (`redline --debug` writes it to a file).
"""

from __future__ import annotations

import logging
import re

logger = logging.getLogger(__name__)

# A library's exception name — CamelCase with two capitals at least (PDFNoValidXRef, BadZipFile,
# PSEOF, KeyError) — and the words it carries, up to the end of the parenthesis or sentence.
_NAME = r"(?:[a-z_]+\.)*[A-Z][A-Za-z0-9]*[A-Z][A-Za-z0-9]*"
_IN_BRACKETS = re.compile(r"\(([^()]*?)(?::\s*)?\b" + _NAME + r":[^()]*\)")
_BARE = re.compile(r"\s*\(" + _NAME + r":[^()]*\)")


def for_user(message: str) -> str:
    """`message` without a library's exception names and texts; logged in full when cut."""
    cleaned = _BARE.sub("", message)
    cleaned = _IN_BRACKETS.sub(lambda m: f"({m.group(1).rstrip(': ')})", cleaned)
    cleaned = cleaned.replace(" ()", "").strip()
    if cleaned != message:
        logger.info("reported to the user as %r: %s", cleaned, message)
    return cleaned
