"""Exporters layer: tracked-change Word, comparison table, HTML. Imports diffing, never Qt.

`export(comparison, path, fmt)` writes one file atomically: the bytes go to a temporary file in
the target folder, which then replaces the target, so the file appears whole or not at all.
"""

from __future__ import annotations

import getpass
import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from diffing.errors import RedlineError
from diffing.fileio import atomic_write
from diffing.model import Comment, Comparison
from diffing.module_logger import get_logger

if TYPE_CHECKING:
    from datetime import datetime

logger = get_logger(__name__)

FORMATS = ("docx", "table", "html")
LAYOUTS = ("auto", "inplace", "generated")
"""How the tracked-change .docx is laid out: "inplace" writes the revisions into the new
version's own Word file, "generated" rebuilds a UN layout from the text, "auto" takes the first
when the new version is a .docx file that exists and holds the compared text."""

Sources = tuple["str | os.PathLike[str] | None", "str | os.PathLike[str] | None"]


class ExportError(RedlineError):
    """An export could not be written (bad option, unwritable folder...)."""


def default_author() -> str:
    """The user's name from the OS (full name when the account has one), else "Redline"."""
    try:
        login = getpass.getuser()
    except Exception:
        login = os.environ.get("USERNAME") or os.environ.get("USER") or ""
    try:
        import pwd

        full = pwd.getpwnam(login).pw_gecos.split(",")[0].strip()
    except (ImportError, KeyError, OSError):
        full = ""
    return full or login or "Redline"


def format_date(date: datetime | str | None = None) -> str:
    """UTC "YYYY-MM-DDTHH:MM:SSZ"; None means now; a string is read as ISO 8601 (naive = UTC)."""
    if date is None:
        # The time module (built in) tells the time now; `datetime` (4 million instructions of
        # imports, ~1 ms of `redline compare -o x.docx`) is loaded only to read a given date.
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    from datetime import UTC, datetime

    if isinstance(date, str):
        try:
            value = datetime.fromisoformat(date.strip())
        except ValueError:
            raise ExportError(
                f"not an ISO 8601 date: {date!r} (e.g. 2024-03-18T10:00:00Z)"
            ) from None
    else:
        value = date
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    try:
        value = value.astimezone(UTC)
    except OverflowError:  # e.g. 0001-01-01T00:00:00+05:00 falls before year 1 in UTC
        raise ExportError(f"date out of range: {date!r}") from None
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def render(
    comparison: Comparison,
    fmt: str,
    *,
    author: str | None = None,
    date: datetime | str | None = None,
    comments: Sequence[Comment] = (),
    moves: bool = True,
    sources: Sources = (None, None),
    layout: str = "auto",
    track_changes: bool = False,
) -> bytes:
    """The export's bytes (see `export`)."""
    from exporters._redline import sanitize

    name = sanitize(author if author is not None else default_author()).strip() or "Redline"
    stamp = format_date(date)
    if layout not in LAYOUTS:
        raise ExportError(f"unknown layout {layout!r} (use one of: {', '.join(LAYOUTS)})")
    if fmt == "docx":
        from exporters.tracked import build_tracked_docx

        if layout != "generated":
            data = _inplace(
                comparison, sources, layout, name, stamp, comments, moves, track_changes
            )
            if data is not None:
                return data
        return build_tracked_docx(
            comparison,
            author=name,
            date=stamp,
            comments=comments,
            moves=moves,
            track_changes=track_changes,
        )
    if fmt == "table":
        from exporters.table import build_table_docx

        return build_table_docx(comparison, author=name, date=stamp, comments=comments)
    if fmt == "html":
        from exporters.html import build_html

        return build_html(comparison, date=stamp, comments=comments).encode("utf-8")
    raise ExportError(f"unknown export format {fmt!r} (use one of: {', '.join(FORMATS)})")


def _word_file(path: str | os.PathLike[str] | None) -> bytes | None:
    """The bytes of a .docx/.docm file that exists, else None."""
    if path is None:
        return None
    target = Path(path)
    if target.suffix.lower() not in (".docx", ".docm") or not target.is_file():
        return None
    try:
        return target.read_bytes()
    except OSError:
        return None


def _inplace(
    comparison: Comparison,
    sources: Sources,
    layout: str,
    author: str,
    date: str,
    comments: Sequence[Comment],
    moves: bool,
    track_changes: bool,
) -> bytes | None:
    """The in-place export when the new version is a Word file, else None (generated layout)."""
    old_path, new_path = sources
    new_data = _word_file(new_path)
    if new_data is None:
        if layout == "inplace":
            raise ExportError(
                f"{new_path or comparison.new.source}: the in-place export needs the new "
                "version as a .docx file."
            )
        return None
    # imported only for a Word file: the package reader and its XML machinery cost a text
    # comparison's export a third of its time
    from exporters.inplace import NotInPlace, build_inplace_docx

    try:
        return build_inplace_docx(
            comparison,
            new_data,
            _word_file(old_path),
            author=author,
            date=date,
            comments=comments,
            moves=moves,
            track_changes=track_changes,
        )
    except NotInPlace as error:
        if layout == "inplace":
            raise
        logger.info("generated layout instead of in-place: %s", error)
        return None


def export(
    comparison: Comparison,
    path: str | os.PathLike[str],
    fmt: str,
    *,
    author: str | None = None,
    date: datetime | str | None = None,
    comments: Sequence[Comment] = (),
    moves: bool = True,
    sources: Sources = (None, None),
    layout: str = "auto",
    track_changes: bool = False,
) -> None:
    """Write `comparison` to `path` as fmt "docx" (tracked changes), "table" or "html".

    author: revision author (default: the OS user's name); date: revision date (default: now,
    UTC); a fixed author and date give byte-identical files for the same comparison.
    comments: remarks shown as Word comments / in the remarks column / under the paragraph.
    moves=False writes moved paragraphs as deletion + insertion instead of move revisions.
    sources: the (old, new) files compared; when the new one is a .docx, the tracked-change
    export is that document with revisions added (`layout`: see LAYOUTS).
    track_changes: the .docx opens with Track Changes on (w:trackRevisions), for the recipient.
    """
    data = render(
        comparison,
        fmt,
        author=author,
        date=date,
        comments=comments,
        moves=moves,
        sources=sources,
        layout=layout,
        track_changes=track_changes,
    )
    write_file(data, path)


def write_file(data: bytes, path: str | os.PathLike[str]) -> None:
    """Write `data` to `path` whole or not at all (a temporary file beside it, synced, then
    renamed over it); ExportError with one line when it cannot."""
    target = Path(path)
    try:
        with atomic_write(target) as temporary:
            temporary.write_bytes(data)
    except OSError as error:
        raise ExportError(f"{target}: cannot write there ({error.strerror or error}).") from None
