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
from tests.desktop.conftest import open_pair

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
