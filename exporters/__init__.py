"""Exporters layer: tracked-change Word, comparison table, HTML. Imports diffing, never Qt.

`export(comparison, path, fmt)` writes one file atomically: the bytes go to a temporary file in
the target folder, which then replaces the target, so the file appears whole or not at all.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from diffing.errors import RedlineError
from diffing.fileio import atomic_write
from diffing.model import Comment, Comparison

FORMATS = ("docx", "table", "html")


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
        value = datetime.now(UTC)
    elif isinstance(date, str):
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
) -> bytes:
    """The export's bytes (see `export`)."""
    from exporters._redline import sanitize

    name = sanitize(author if author is not None else default_author()).strip() or "Redline"
    stamp = format_date(date)
    if fmt == "docx":
        from exporters.tracked import build_tracked_docx

        return build_tracked_docx(
            comparison, author=name, date=stamp, comments=comments, moves=moves
        )
    if fmt == "table":
        from exporters.table import build_table_docx

        return build_table_docx(comparison, author=name, date=stamp, comments=comments)
    if fmt == "html":
        from exporters.html import build_html

        return build_html(comparison, date=stamp, comments=comments).encode("utf-8")
    raise ExportError(f"unknown export format {fmt!r} (use one of: {', '.join(FORMATS)})")


def export(
    comparison: Comparison,
    path: str | os.PathLike[str],
    fmt: str,
    *,
    author: str | None = None,
    date: datetime | str | None = None,
    comments: Sequence[Comment] = (),
    moves: bool = True,
) -> None:
    """Write `comparison` to `path` as fmt "docx" (tracked changes), "table" or "html".

    author: revision author (default: the OS user's name); date: revision date (default: now,
    UTC); a fixed author and date give byte-identical files for the same comparison.
    comments: remarks shown as Word comments / in the remarks column / under the paragraph.
    moves=False writes moved paragraphs as deletion + insertion instead of move revisions.
    """
    data = render(comparison, fmt, author=author, date=date, comments=comments, moves=moves)
    target = Path(path)
    try:
        with atomic_write(target) as temporary:
            temporary.write_bytes(data)
    except OSError as error:
        raise ExportError(f"{target}: cannot write there ({error.strerror or error}).") from None
