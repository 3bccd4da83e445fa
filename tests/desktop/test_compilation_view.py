"""Compilation texts in the app, as a user meets them (issue 16): two rounds opened, brackets,
tags and status markers drawn apart from the redline, the "Proposals of:" filter, the counts of
each round and the status the text gives in the navigator."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QTextCharFormat, QTextDocument

from desktop import present
from desktop.models import HTML_ROLE, Column
from desktop.window import MainWindow
from diffing.compilation_rounds import compilation_counts
from diffing.readers import read_document
from tests.desktop.conftest import WAIT_MS, open_pair

DATA = Path(__file__).resolve().parent.parent / "data" / "compilation"
ROUND_1 = DATA / "salw_round1.txt"
ROUND_2 = DATA / "salw_round2.txt"


@pytest.fixture
def rounds(qtbot, window: MainWindow) -> MainWindow:
    open_pair(qtbot, window, ROUND_1, ROUND_2)
    return window


def _listed(window: MainWindow) -> list[str]:
    proxy = window.navigator.proxy
    return [str(proxy.index(row, Column.LABEL).data()) for row in range(proxy.rowCount())]


def test_the_filter_lists_every_delegation_of_either_round_and_shows_only_its_paragraphs(
    qtbot, rounds: MainWindow
) -> None:
    navigator = rounds.navigator
    assert navigator.proposals_row.isVisibleTo(navigator)
    names = [navigator.proposals.itemText(i) for i in range(navigator.proposals.count())]
    # RUS proposed only in round 1, MEX only in round 2; counted old → new.
    assert names == [
        "All delegations",
        "CAN (1 → 1 proposal)",
        "EU (2 → 2 proposals)",
        "G77 (3 → 1 proposal)",
        "MEX (0 → 1 proposal)",
        "RUS (1 → 0 proposals)",
        "USA (1 → 0 proposals)",
    ]
    everything = _listed(rounds)
    assert navigator.choose_delegation("EU")
    qtbot.waitUntil(lambda: _listed(rounds) != everything)
    # EU proposed "Deeply" in PP2 (accepted), "Urges" in OP1 and to retain OP1 bis.
    assert _listed(rounds) == ["PP2", "OP1", "OP1 bis"]
    assert "proposals of EU" in navigator.count.text()
    # Combined with the search: EU's paragraphs that mention the Secretary-General.
    navigator.search.setText("secretary-general")
    qtbot.waitUntil(lambda: _listed(rounds) == ["OP1 bis"])
    # Clearing is one click on the button beside the list.
    navigator.search.clear()
    assert navigator.show_all_proposals.isVisibleTo(navigator)
    qtbot.mouseClick(navigator.show_all_proposals, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _listed(rounds) == everything)
    assert navigator.proposals.currentText() == "All delegations"
    assert not navigator.show_all_proposals.isVisibleTo(navigator)


def test_ordinary_resolutions_get_no_proposals_filter(qtbot, window: MainWindow) -> None:
    from tests.helpers import corpus

    open_pair(qtbot, window, corpus.COP_10_2_DRAFT, corpus.COP_11_6)
    assert not window.navigator.proposals_row.isVisibleTo(window.navigator)


def _fragments(markup: str) -> list[tuple[str, QTextCharFormat]]:
    """The cell as Qt lays it out: each run of text with its character format."""
    document = QTextDocument()
    document.setHtml(markup)
    found = []
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            found.append((fragment.text(), fragment.charFormat()))
            it += 1
        block = block.next()
    return found


def _format_of(markup: str, text: str) -> QTextCharFormat:
    for fragment, char_format in _fragments(markup):
        if fragment.replace("\N{NO-BREAK SPACE}", " ") == text:
            return char_format
    raise AssertionError(f"{text!r} is not a run of its own in {_fragments(markup)}")


def _cell(window: MainWindow, side: str, paragraph_id: str, column: Column) -> str:
    row = window.model.row_of_paragraph(side, paragraph_id)
    return str(window.model.index(row, column).data(HTML_ROLE))


def _background(char_format: QTextCharFormat) -> str:
    return (
        char_format.background().color().name()
        if char_format.hasProperty(QTextCharFormat.Property.BackgroundBrush)
        else ""
    )


def _smaller(char_format: QTextCharFormat) -> bool:
    """Set in small type ("font-size:small" is one step below the text's size in Qt)."""
    return char_format.property(QTextCharFormat.Property.FontSizeAdjustment) == -1


def test_a_bracketed_proposal_is_drawn_apart_from_an_insertion(rounds: MainWindow) -> None:
    colours = rounds.model.colours
    style = present.compilation_style(colours)
    # OP1 bis kept its CAN proposal in brackets; EU's "[(EU: retain)]" is new in round 2.
    cell = _cell(rounds, "new", "OP1bis", Column.NEW)
    words = _format_of(cell, "Requests the Secretary-General to report on the implementation ")
    assert _background(words) == style.bracketed
    assert not words.fontUnderline()
    bracket = _format_of(cell, "[")
    assert bracket.fontWeight() >= 700
    assert bracket.foreground().color() == QColor(style.bracket)
    tag = _format_of(cell, "(CAN)")
    assert _background(tag) == style.tag_background and tag.foreground().color() == QColor(
        style.tag
    )
    # The inserted tag keeps the redline: insertion colour, tint and dotted underline, in the
    # tag's small type.
    inserted = _format_of(cell, "[(EU: retain)]")
    assert inserted.foreground().color() == QColor(colours.inserted)
    assert _background(inserted) == colours.inserted_tint
    assert inserted.underlineStyle() == QTextCharFormat.UnderlineStyle.DotLine
    assert _smaller(inserted) and _smaller(tag) and not _smaller(words)
    # An inserted bracket is both: the redline's insertion and the bracket's weight.
    new_paragraph = _cell(rounds, "new", "OP2bis", Column.NEW)
    opened = _format_of(new_paragraph, "[")
    assert opened.fontWeight() >= 700
    assert opened.foreground().color() == QColor(colours.inserted)
    assert opened.underlineStyle() == QTextCharFormat.UnderlineStyle.DotLine


def test_deleted_brackets_stay_struck_through_and_the_status_marker_is_a_chip(
    rounds: MainWindow,
) -> None:
    colours = rounds.model.colours
    style = present.compilation_style(colours)
    # Round 2 dropped G77's ", as appropriate," from OP2: the old side strikes it through,
    # in red, and keeps its bracket shade and bold brackets.
    old = _cell(rounds, "old", "OP2", Column.OLD)
    struck = [(t, f) for t, f in _fragments(old) if "as appropriate" in t]
    assert struck
    for _, char_format in struck:
        assert char_format.fontStrikeOut()
        assert char_format.foreground().color() == QColor(colours.deleted)
        assert _background(char_format) == style.bracketed
    # PP3's "[agreed ad ref]" is a chip in the agreed-ad-ref badge's colours, in the redline too.
    background, text = present.badge_colours(present.Status.AGREED_AD_REF, dark=colours.dark)
    for column in (Column.NEW, Column.REDLINE):
        cell = _cell(rounds, "new", "PP3", column)
        chip = _format_of(cell, "[agreed ad ref]")
        # One chip, never broken over two lines.
        assert "[agreed\N{NO-BREAK SPACE}ad\N{NO-BREAK SPACE}ref]" in dict(_fragments(cell))
        assert _background(chip) == background
        assert chip.foreground().color() == QColor(text)


def test_an_ordinary_resolution_with_square_brackets_is_drawn_as_before(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    # Brackets in a quotation are not a proposal: nothing of a compilation text here.
    old = tmp_path / "old.txt"
    new = tmp_path / "new.txt"
    old.write_text("The General Assembly,\n\n1. Recalls that “[t]he States” agreed;\n")
    new.write_text("The General Assembly,\n\n1. Recalls that “[t]he States parties” agreed;\n")
    open_pair(qtbot, window, old, new)
    cell = _cell(window, "new", "OP1", Column.NEW)
    assert "font-weight" not in cell and "[t]" in cell
    assert not window.navigator.proposals_row.isVisibleTo(window.navigator)


def test_the_status_column_shows_agreed_ad_ref_from_the_text_in_italics(
    rounds: MainWindow,
) -> None:
    navigator = rounds.navigator
    assert not navigator.table.isColumnHidden(Column.STATUS)
    # The dock made room for the column instead of scrolling it out of view.
    assert rounds.navigator_dock.width() >= navigator.needed_width()
    proxy = navigator.proxy
    rows = {str(proxy.index(r, Column.LABEL).data()): r for r in range(proxy.rowCount())}
    status = proxy.index(rows["PP3"], Column.STATUS)
    assert status.data() == present.BADGE_SHORT[present.Status.AGREED_AD_REF]
    assert (
        status.data(Qt.ItemDataRole.ToolTipRole) == "agreed ad ref (from the text; not annotated)"
    )
    assert status.data(Qt.ItemDataRole.FontRole).italic()
    # OP1 bis is still in brackets; PP1 carries neither brackets nor a marker.
    assert proxy.index(rows["OP1 bis"], Column.STATUS).data() == "bracketed"
    assert proxy.index(rows["PP1"], Column.STATUS).data() == ""
    # The status filter finds the text's statuses too.
    navigator.status.setCurrentIndex(navigator.status.findData("agreed ad ref"))
    listed = _listed(rounds)
    assert listed == ["PP3", "OP3"]


def test_the_counts_shown_are_the_cores_for_each_round(qtbot, rounds: MainWindow) -> None:
    view = rounds.compilation
    # The status bar says it in one line; the View menu and the line open the summary.
    assert view.link.isVisibleTo(rounds) and view.action.isVisible()
    first = compilation_counts(read_document(ROUND_1))
    second = compilation_counts(read_document(ROUND_2))
    assert (first.bracketed_paragraphs, second.bracketed_paragraphs) == (5, 3)
    assert "Compilation: 5 → 3 paragraphs bracketed" in view.link.text()
    view.action.trigger()
    qtbot.waitUntil(view.summary.isVisible)
    shown = view.summary.text.toPlainText()
    old_part, new_part = shown.split("New version")
    for part, counts in ((old_part, first), (new_part, second)):
        assert f"Paragraphs still bracketed\n{counts.bracketed_paragraphs}" in part
        assert f"Bracket pairs\n{counts.bracket_pairs}" in part
        per_delegation = ", ".join(f"{who} {n}" for who, n in counts.proposals)
        assert f"Proposals per delegation\n{per_delegation}" in part
    # What happened between the rounds, as the core names it.
    assert "OP1: G77 proposal withdrawn (Encourages)" in new_part
    assert "PP2: EU proposal accepted (Deeply), brackets removed" in new_part


def test_the_summary_entries_go_away_with_the_compilation(qtbot, rounds: MainWindow) -> None:
    from tests.helpers import corpus

    open_pair(qtbot, rounds, corpus.COP_10_2_DRAFT, corpus.COP_11_6)
    assert not rounds.compilation.link.isVisibleTo(rounds)
    assert not rounds.compilation.action.isVisible()


def test_annotating_a_paragraph_marked_agreed_ad_ref_starts_from_that_status(
    qtbot, rounds: MainWindow
) -> None:
    row = rounds.model.row_of_paragraph("new", "PP3")
    rounds.go_to_row(row)
    rounds.act.focus_panel.trigger()  # Ctrl+Shift+A
    panel = rounds.panel
    assert panel.target is not None and panel.target.paragraph_id == "PP3"
    panel.note.setFocus()
    qtbot.keyClicks(panel.note, "Capitals to confirm by Friday")
    qtbot.keyClick(panel.note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: rounds.model.status_text(row) != "")
    assert rounds.model.status_text(row) == "agreed ad ref"
    assert panel.status.currentData() == "agreed ad ref"
    # Now the user's own status: drawn upright, no longer "from the text".
    proxy = rounds.navigator.proxy
    status = proxy.mapFromSource(rounds.model.index(row, Column.STATUS))
    assert not status.data(Qt.ItemDataRole.FontRole)
    # A paragraph without a marker starts "open", as before.
    plain = rounds.model.row_of_paragraph("new", "PP1")
    rounds.go_to_row(plain)
    panel.note.setFocus()
    qtbot.keyClicks(panel.note, "Fine")
    qtbot.keyClick(panel.note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: rounds.model.status_text(plain) != "")
    assert rounds.model.status_text(plain) == "open"


def test_the_status_column_goes_with_the_compilation_when_no_file_is_open(
    qtbot, rounds: MainWindow
) -> None:
    from tests.helpers import corpus

    open_pair(qtbot, rounds, corpus.COP_10_2_DRAFT, corpus.COP_11_6)
    assert rounds.session.notes is None
    assert rounds.navigator.table.isColumnHidden(Column.STATUS)
    assert not rounds.navigator.status.isVisibleTo(rounds.navigator)


def test_a_delegation_chosen_stays_chosen_in_the_next_pair_only_while_it_is_there(
    qtbot, rounds: MainWindow
) -> None:
    navigator = rounds.navigator
    assert navigator.choose_delegation("G77")
    qtbot.waitUntil(lambda: navigator.proxy.rowCount() < rounds.model.rowCount())
    # Round 2 against itself: G77 still proposes (deleting OP1 bis), RUS no longer does.
    open_pair(qtbot, rounds, ROUND_2, ROUND_2)
    assert navigator.proposals.currentData() == "G77"
    assert _listed(rounds) == ["OP1 bis"]
    assert not navigator.choose_delegation("RUS")
    open_pair(qtbot, rounds, ROUND_1, ROUND_2)
    assert navigator.choose_delegation("RUS")
    open_pair(qtbot, rounds, ROUND_2, ROUND_2)
    assert navigator.proposals.currentText() == "All delegations"
    assert navigator.proxy.rowCount() == rounds.model.rowCount()
    assert "proposals of" not in navigator.count.text()


def test_one_compilation_round_open_alone_has_its_filter_statuses_and_counts(
    qtbot, window: MainWindow
) -> None:
    with qtbot.waitSignal(window.runner.finished, timeout=WAIT_MS):
        window.open_file("old", ROUND_1)
    qtbot.waitUntil(lambda: window.model.rowCount() > 0)
    navigator = window.navigator
    names = [navigator.proposals.itemText(i) for i in range(navigator.proposals.count())]
    assert names[:3] == ["All delegations", "CAN (1 proposal)", "EU (2 proposals)"]
    assert navigator.choose_delegation("RUS")
    qtbot.waitUntil(lambda: _listed(window) == ["Alt PP2"])
    assert not navigator.table.isColumnHidden(Column.STATUS)
    counts = compilation_counts(read_document(ROUND_1))
    assert window.compilation.link.text().endswith(
        f"Compilation: {counts.bracketed_paragraphs} paragraphs bracketed</a>"
    )
    window.compilation.action.trigger()
    qtbot.waitUntil(window.compilation.summary.isVisible)
    shown = window.compilation.summary.text.toPlainText()
    assert f"Paragraphs still bracketed\n{counts.bracketed_paragraphs}" in shown
    assert "New version" not in shown and "Between the rounds" not in shown


def test_f1_help_says_what_the_styles_mean() -> None:
    from desktop.help import shortcuts_html

    text = shortcuts_html()
    style = present.compilation_style(present.PRINT_COLOURS)
    legend = text.split("What the styles mean")[1]
    # Each style is shown as the views draw it, with words that say what it means.
    for words in ("deleted", "inserted", "brackets (not agreed)", "delegation", "status marker"):
        assert words in legend
    assert (
        f"color:{style.bracket}" in legend and f"background-color:{style.tag_background}" in legend
    )
