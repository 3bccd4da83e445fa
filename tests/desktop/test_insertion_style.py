"""How changed words look in the app, as a reader sees them: an insertion on a light tint with a
dotted underline, never the blue solid underline of a link; a difference the user's Options
ignore (here: case) drawn quietly, neither struck through nor marked as inserted."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QTextCharFormat, QTextCursor, QTextDocument

from desktop.models import HTML_ROLE, Column
from desktop.present import Colours
from desktop.window import MainWindow
from diffing.model import DiffOptions
from tests.desktop.conftest import open_pair

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

OLD = """The General Assembly,

Recalling its resolution 70/1 of 25 September 2015,

1. Urges all States to act without delay;

2. Requests the Secretary-General to report at its next session.
"""

NEW = """The General Assembly,

Recalling Its resolution 70/1 of 25 September 2015 and resolution 71/2,

1. Urges all States and international organizations to act without delay;

2. Requests the Secretary-General to report at its next session.
"""


def char_format(html: str, words: str) -> QTextCharFormat:
    """The format the cell's text has in the middle of `words`, as Qt draws it."""
    document = QTextDocument()
    document.setHtml(html)
    found = document.find(words)
    assert not found.isNull(), f"{words!r} is not in the cell"
    cursor = QTextCursor(document)
    cursor.setPosition(found.selectionStart() + 1)
    return cursor.charFormat()


def row_with(main: MainWindow, words: str) -> int:
    model = main.model
    return next(r for r in range(model.rowCount()) if words in model.index(r, Column.NEW).data())


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text(OLD, encoding="utf-8")
    new.write_text(NEW, encoding="utf-8")
    return old, new


def test_inserted_words_are_tinted_and_dotted_not_styled_as_a_link(
    qtbot, window: MainWindow, pair: tuple[Path, Path]
) -> None:
    open_pair(qtbot, window, *pair)
    colours = Colours.for_dark(False)
    row = row_with(window, "international organizations")
    for column in (Column.NEW, Column.REDLINE):
        html = window.model.index(row, column).data(HTML_ROLE)
        inserted = char_format(html, "international organizations")
        assert inserted.foreground().color().name() == colours.inserted
        assert inserted.background().color().name() == colours.inserted_tint
        # A link is a solid single underline on no background; an insertion is neither.
        assert inserted.underlineStyle() is QTextCharFormat.UnderlineStyle.DotLine
        unchanged = char_format(html, "Urges all States")
        assert unchanged.underlineStyle() is QTextCharFormat.UnderlineStyle.NoUnderline
        assert unchanged.background().style().name == "NoBrush"


def test_a_difference_the_options_ignore_is_drawn_quietly(
    qtbot, window: MainWindow, pair: tuple[Path, Path]
) -> None:
    window.set_options(DiffOptions(ignore_case=True))
    open_pair(qtbot, window, *pair)
    assert window.model.comparison is not None
    assert window.model.comparison.options.ignore_case
    colours = Colours.for_dark(False)
    row = row_with(window, "resolution 71/2")
    for column in (Column.NEW, Column.REDLINE):
        html = window.model.index(row, column).data(HTML_ROLE)
        # "its" → "Its" is ignored: the quiet colour, not struck through, not marked inserted …
        ignored = char_format(html, "Its resolution")
        assert ignored.foreground().color().name() == colours.quiet
        assert ignored.underlineStyle() is QTextCharFormat.UnderlineStyle.NoUnderline
        assert not ignored.fontStrikeOut()
        # … while the words really added in the same paragraph still read as inserted.
        added = char_format(html, "and resolution 71/2")
        assert added.background().color().name() == colours.inserted_tint
    # The old side does not strike the ignored "its" out either.
    old_html = window.model.index(row, Column.OLD).data(HTML_ROLE)
    assert not char_format(old_html, "its resolution").fontStrikeOut()
