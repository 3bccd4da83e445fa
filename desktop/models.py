"""Desktop layer: item models over an immutable `Comparison`.

`ComparisonModel` has one row per aligned entry and one column per thing a view may show; each
view hides the columns it does not need (side by side: label, old, new; redline: label, redline;
navigator: label, relation, similarity). A later column (annotation status) is one more entry in
`Column` and one more branch in `data`. Rich text is built lazily per cell and cached, because a
400-paragraph omnibus text must not pay for HTML nobody has scrolled to.

While only one version is open (`set_document`), the model shows that version's paragraphs alone:
one unchanged single-side row per paragraph, plain text, a placeholder in the other side's first
cell; `comparison` stays None, so nothing that needs two versions (changes, links, exports,
annotations) takes these rows for a comparison.

`NavigatorFilter` is the navigator's proxy: changed only, one relation, text search.
"""

from __future__ import annotations

import html
import logging
import re
from difflib import SequenceMatcher
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor

from desktop import present
from desktop.qtcompat import protect_singletons
from diffing.model import (
    DELETE,
    EQUAL,
    INSERT,
    PARAGRAPH_SEPARATOR,
    AlignedEntry,
    Comparison,
    DiffOp,
    Document,
    Relation,
    Side,
)
from diffing.negotiation.model import ParagraphState

logger = logging.getLogger(__name__)

ModelIndex = QModelIndex | QPersistentModelIndex

protect_singletons()


class Column(IntEnum):
    LABEL = 0
    OLD = 1
    NEW = 2
    REDLINE = 3
    RELATION = 4
    SIMILARITY = 5
    STATUS = 6


_SIDE_OF_COLUMN: dict[Column, Side] = {Column.OLD: "old", Column.NEW: "new"}

HEADERS = {
    Column.LABEL: "Paragraph",
    Column.OLD: "Old version",
    Column.NEW: "New version",
    Column.REDLINE: "Redline",
    Column.RELATION: "Change",
    Column.SIMILARITY: "%",  # narrow: the tooltip says "Similarity"
    Column.STATUS: "Status",
}

TEXT_COLUMNS = frozenset((Column.LABEL, Column.OLD, Column.NEW, Column.REDLINE))

HTML_ROLE = Qt.ItemDataRole.UserRole + 1
NOTE_MARK = "✎ note"
"""Shown with the label of a paragraph whose annotation has a written note."""
"""Rich text of a cell (label, old, new, redline), for the rich-text delegate."""
ENTRY_ROLE = Qt.ItemDataRole.UserRole + 2
"""The AlignedEntry of the row."""
RELATION_ROLE = Qt.ItemDataRole.UserRole + 3
"""The entry's Relation."""
CHANGED_ROLE = Qt.ItemDataRole.UserRole + 4
"""True when next/previous change stops at the row."""
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 5
"""Lower-case label and texts, for the navigator's text filter."""
STATUS_ROLE = Qt.ItemDataRole.UserRole + 6
"""The annotation status of the row's paragraph ("agreed ad ref"), "" when not annotated."""

NOT_ANNOTATED = "not annotated"
"""The navigator's status filter for rows without a status."""
TEXT_CHANGED = "text changed"
"""The navigator's status filter for rows flagged "text changed since …"."""


_ANSWERED = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.AccessibleTextRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.BackgroundRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.TextAlignmentRole,
        HTML_ROLE,
        ENTRY_ROLE,
        RELATION_ROLE,
        CHANGED_ROLE,
        SEARCH_ROLE,
        STATUS_ROLE,
    }
)
"""The roles `ComparisonModel.data` answers."""


class _Cells:
    """Text cached per cell, kept per row so that rows removed or inserted renumber the rest by
    moving a list, not by rebuilding a dictionary of 2,400 cells."""

    def __init__(self) -> None:
        self._rows: list[dict[int, str]] = []

    def get(self, key: tuple[int, int]) -> str | None:
        row, column = key
        return self._rows[row].get(column) if row < len(self._rows) else None

    def __setitem__(self, key: tuple[int, int], text: str) -> None:
        row, column = key
        if row >= len(self._rows):
            self._rows.extend({} for _ in range(row + 1 - len(self._rows)))
        self._rows[row][column] = text

    def pop(self, key: tuple[int, int], default: None = None) -> str | None:
        row, column = key
        return self._rows[row].pop(column, default) if row < len(self._rows) else default

    def forget(self, row: int) -> None:
        if row < len(self._rows):
            self._rows[row] = {}

    def clear(self) -> None:
        self._rows = []

    def shift(self, first: int, delta: int) -> None:
        if first >= len(self._rows):
            return
        if delta < 0:
            del self._rows[first : first - delta]
        else:
            self._rows[first:first] = [{} for _ in range(delta)]


def _same(kept: Document, wanted: Document) -> bool:
    # A negotiation file gives back equal documents, not the same objects.
    return kept is wanted or kept == wanted


def _key(entry: AlignedEntry) -> tuple[tuple[str, ...], tuple[str, ...], Relation]:
    """What makes a row the same row after a link: the paragraphs it pairs and how."""
    return entry.old, entry.new, entry.relation


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """Sorted row numbers as (first, last) runs of consecutive rows."""
    runs: list[tuple[int, int]] = []
    for row in rows:
        if runs and runs[-1][1] == row - 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs


class ComparisonModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._comparison: Comparison | None = None
        self._entries: list[AlignedEntry] = []
        """The rows: the comparison's entries, also while an update is being applied."""
        self._colours = present.Colours.for_dark(False)
        self._labels: list[str] = []
        self._texts: dict[str, dict[str, str]] = {"old": {}, "new": {}}
        self._plain = _Cells()
        self._html = _Cells()
        self._highlight = ""
        self._states: dict[str, dict[str, ParagraphState]] = {"old": {}, "new": {}}
        self._single: str | None = None
        """"old" or "new" while only that version is shown (`set_document`)."""
        self._compilation: frozenset[Side] = frozenset()
        """The versions that are compilation texts: their markup is drawn (issue 16)."""

    # --- content ---
    @property
    def comparison(self) -> Comparison | None:
        """The comparison shown; None when nothing, or only one version, is shown."""
        return None if self._single else self._comparison

    @property
    def shown(self) -> Comparison | None:
        """What the rows show: the comparison, or the version open alone beside an empty one."""
        return self._comparison

    @property
    def single_side(self) -> str | None:
        """ "old" or "new" while only that version is shown, else None."""
        return self._single

    def set_comparison(
        self,
        comparison: Comparison | None,
        labels: tuple[str, ...] | None = None,
        states: tuple[dict[str, ParagraphState], dict[str, ParagraphState]] | None = None,
    ) -> None:
        """Show a comparison; `labels` (present.entry_labels, computed off the UI thread for a
        long text) are computed here when not given.

        The same two documents with other entries (a link, an unlink, their undo) change only
        the rows whose entries changed (rows removed, inserted or redrawn): a model reset made
        both views re-estimate and re-measure all 800 rows of a long text at every link."""
        shown = self._comparison
        if (
            comparison is not None
            and shown is not None
            and self._single is None
            and labels is not None
            and len(labels) == len(comparison.entries)
            and _same(shown.old, comparison.old)
            and _same(shown.new, comparison.new)
            and shown.options == comparison.options
        ):
            self._update(comparison, labels)
            if states is not None:
                self.set_states(*states)
            return
        self._reset(comparison, labels, states, None)

    def _update(self, comparison: Comparison, labels: tuple[str, ...]) -> None:
        """Turn the rows shown into `comparison`'s entries with the fewest row changes."""
        before = self._entries
        after = comparison.entries
        opcodes = SequenceMatcher(
            None, [_key(e) for e in before], [_key(e) for e in after], autojunk=False
        ).get_opcodes()
        redraw: list[int] = []
        # From the end, so that the rows before each block keep their numbers.
        for tag, i1, i2, j1, j2 in reversed(opcodes):
            if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
                for k in range(i2 - i1):
                    old, new = before[i1 + k], after[j1 + k]
                    if old is not new and (old != new or self._labels[i1 + k] != labels[j1 + k]):
                        self._entries[i1 + k] = new
                        self._labels[i1 + k] = labels[j1 + k]
                        self._forget(i1 + k)
                        redraw.append(j1 + k)
                continue
            if i2 > i1:
                self.beginRemoveRows(QModelIndex(), i1, i2 - 1)
                del self._entries[i1:i2]
                del self._labels[i1:i2]
                self._shift(i1, -(i2 - i1))
                self.endRemoveRows()
            if j2 > j1:
                self.beginInsertRows(QModelIndex(), i1, i1 + j2 - j1 - 1)
                self._entries[i1:i1] = after[j1:j2]
                self._labels[i1:i1] = labels[j1:j2]
                self._shift(i1, j2 - j1)
                self.endInsertRows()
        self._comparison = comparison
        assert self._entries == list(after)
        # Rows redrawn in place were counted at their final places (the blocks before them
        # may have changed size meanwhile).
        for first, last in _runs(sorted(redraw)):
            self.dataChanged.emit(self.index(first, 0), self.index(last, self.columnCount() - 1))

    def _forget(self, row: int) -> None:
        self._plain.forget(row)
        self._html.forget(row)

    def _shift(self, first: int, delta: int) -> None:
        """Renumber the cached cells from `first` on by `delta` rows (rows removed or added)."""
        self._plain.shift(first, delta)
        self._html.shift(first, delta)

    def set_document(self, side: str, document: Document) -> None:
        """Show one version alone ("old" or "new"), before the other is open or when it could not
        be read: its paragraphs in reading order, each an unchanged row with one side only."""
        other = Document(source="")
        entries = tuple(
            AlignedEntry(
                Relation.UNCHANGED,
                (p.id,) if side == "old" else (),
                (p.id,) if side == "new" else (),
                1.0,
            )
            for p in document.paragraphs
        )
        old, new = (document, other) if side == "old" else (other, document)
        labels = tuple(p.label for p in document.paragraphs)
        self._reset(Comparison(old, new, entries), labels, ({}, {}), side)

    def _reset(
        self,
        comparison: Comparison | None,
        labels: tuple[str, ...] | None,
        states: tuple[dict[str, ParagraphState], dict[str, ParagraphState]] | None,
        single: str | None,
    ) -> None:
        self.beginResetModel()
        self._comparison = comparison
        self._entries = list(comparison.entries) if comparison is not None else []
        self._single = single if comparison is not None else None
        if states is not None:
            self._states = {"old": dict(states[0]), "new": dict(states[1])}
        self._plain.clear()
        self._html.clear()
        self._compilation = present.compilation_sides(comparison) if comparison else frozenset()
        # Paragraph texts by id: Document.paragraph() is a scan, too slow per cell for 800 rows.
        self._texts = {
            "old": {p.id: p.text for p in comparison.old.paragraphs} if comparison else {},
            "new": {p.id: p.text for p in comparison.new.paragraphs} if comparison else {},
        }
        if comparison is None:
            self._labels = []
        else:
            if labels is None or len(labels) != len(comparison.entries):
                labels = present.entry_labels(comparison)
            self._labels = list(labels)
        self.endResetModel()

    @property
    def colours(self) -> present.Colours:
        return self._colours

    def set_colours(self, colours: present.Colours) -> None:
        if colours == self._colours:
            return
        self._colours = colours
        self._redraw_all()

    def _redraw_all(self) -> None:
        """Forget the cached cell HTML and tell the views every cell's rich text changed."""
        self._html.clear()
        if self.rowCount():
            self.dataChanged.emit(
                self.index(0, 0),
                self.index(self.rowCount() - 1, self.columnCount() - 1),
                [HTML_ROLE],
            )

    HIGHLIGHT = "background-color:#ffe28a; color:#000000"
    """How words found by the search are marked in the text (one place)."""

    def set_highlight(self, text: str) -> None:
        """Mark every occurrence of `text` (case-insensitive) in the text cells; "" for none."""
        text = text.strip()
        if text == self._highlight:
            return
        self._highlight = text
        self._redraw_all()

    def _highlighted(self, markup: str) -> str:
        """`markup` with the search words marked, in its text only (never inside a tag)."""
        if not self._highlight:
            return markup
        found = re.compile(re.escape(html.escape(self._highlight, quote=False)), re.IGNORECASE)
        parts = re.split(r"(<[^>]*>)", markup)
        for k in range(0, len(parts), 2):
            parts[k] = found.sub(
                lambda m: f'<span style="{self.HIGHLIGHT}">{m.group(0)}</span>', parts[k]
            )
        return "".join(parts)

    def set_states(self, old: dict[str, ParagraphState], new: dict[str, ParagraphState]) -> None:
        """Annotation states of the old and new version's paragraphs (empty: no badges)."""
        before = [self.state(row) for row in range(self.rowCount())]
        self._states = {"old": dict(old), "new": dict(new)}
        changed = [row for row in range(self.rowCount()) if self.state(row) != before[row]]
        if not changed:
            return
        for row in changed:
            self._html.pop((row, Column.LABEL), None)
        # Signals for the two columns that show a status, per run of changed rows: the views
        # re-measure only those rows, and no column sized to its contents is measured again
        # over every row (that took 200 ms per edit on 800 paragraphs).
        start = previous = changed[0]
        for row in [*changed[1:], -2]:
            if row != previous + 1:
                self.dataChanged.emit(
                    self.index(start, Column.LABEL),
                    self.index(previous, Column.LABEL),
                    [HTML_ROLE, Qt.ItemDataRole.DisplayRole],
                )
                self.dataChanged.emit(
                    self.index(start, Column.STATUS),
                    self.index(previous, Column.STATUS),
                    [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.BackgroundRole],
                )
                start = row
            previous = row

    def state(self, row: int) -> ParagraphState | None:
        """The annotation state a row shows: its new paragraph's (the first annotated one of a
        split), or the old paragraph's for a deleted paragraph."""
        if self._comparison is None:
            return None
        entry = self._entries[row]
        side, ids = ("new", entry.new) if entry.new else ("old", entry.old)
        states = self._states[side]
        found = [states[pid] for pid in ids if pid in states]
        for state in found:
            if state.status is not None:
                return state
        return found[0] if found else None

    def status_text(self, row: int) -> str:
        state = self.state(row)
        return state.status.value if state is not None and state.status is not None else ""

    def entry(self, row: int) -> AlignedEntry:
        assert self._comparison is not None
        return self._entries[row]

    def label(self, row: int) -> str:
        return self._labels[row]

    def html(self, row: int, column: int) -> str | None:
        """Rich text of a cell, for the delegate (a Python call: no QVariant round trip)."""
        if self._comparison is None or column not in TEXT_COLUMNS:
            return None
        key = (row, column)
        cached = self._html.get(key)
        if cached is None:
            entry = self._entries[row]
            rich = self._rich_text(row, Column(column), entry)
            if column != Column.LABEL:
                rich = self._highlighted(rich)
            cached = self._html[key] = rich
        return cached

    def plain(self, row: int, column: int) -> str:
        assert self._comparison is not None
        return self._plain_text(row, Column(column), self._entries[row])

    def copy_text(self, row: int, column: int) -> str:
        """A cell as plain text for the clipboard. The redline column marks its changes the
        way wdiff does — "States [-parties-]{+Parties+}" — so deleted and inserted words never
        run together ("States partiesParties"); other columns are their text."""
        assert self._comparison is not None
        if column != Column.REDLINE:
            return self.plain(row, column)
        marks = {DELETE: "[-{}-]", INSERT: "{{+{}+}}"}
        parts = []
        for op, text in self._ops(self._entries[row]):
            form = marks.get(op)
            if form is None or not text.strip():
                parts.append(text)
            else:
                # Blanks stay outside the marks so that words keep their spacing.
                core = text.strip()
                start = text[: len(text) - len(text.lstrip())]
                end = text[len(text.rstrip()) :]
                parts.append(start + form.format(core) + end)
        return "".join(parts)

    def short_label(self, row: int) -> str:
        """The label without its "(relation)" suffix, for lists that show the relation apart."""
        return self._labels[row].removesuffix(f" ({self.entry(row).relation.value})")

    def search_text(self, row: int) -> str:
        entry = self.entry(row)
        return " ".join(
            (self._labels[row], self._side_text(entry, "old"), self._side_text(entry, "new"))
        ).casefold()

    def is_change(self, row: int) -> bool:
        return present.is_change(self.entry(row))

    def row_of_paragraph(self, side: str, paragraph_id: str) -> int:
        """The row showing a paragraph of the old or new version, or -1."""
        if self._comparison is None:
            return -1
        for row, entry in enumerate(self._entries):
            if paragraph_id in (entry.old if side == "old" else entry.new):
                return row
        return -1

    # --- Qt model interface ---
    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self._comparison is None:
            return 0
        return len(self._entries)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if (
            role == Qt.ItemDataRole.ToolTipRole
            and orientation == Qt.Orientation.Horizontal
            and section == Column.SIMILARITY
        ):
            return "Similarity of the old and new text"
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(Column):
            if self._missing_column() == section:
                return f"{HEADERS[Column(section)]} (not open)"
            return HEADERS[Column(section)]
        if orientation == Qt.Orientation.Vertical and 0 <= section < self.rowCount():
            return str(section + 1)
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Painting asks every cell for a dozen roles (font, icon, check state…): answer the
        # ones never given at once, before any other work.
        if role not in _ANSWERED or not index.isValid() or self._comparison is None:
            return None
        row, column = index.row(), Column(index.column())
        entry = self._entries[row]
        if self._single is not None:
            single = self._single_data(row, column, role)
            if single is not None:
                return single
        if role == Qt.ItemDataRole.AccessibleTextRole and column in (
            Column.OLD,
            Column.NEW,
            Column.REDLINE,
        ):
            ops = present.entry_ops(entry, self._comparison, self._texts)
            side = _SIDE_OF_COLUMN.get(column)
            if side is not None and not (entry.old if side == "old" else entry.new):
                return "(none)"
            return present.spoken_text(ops, side)
        if role == Qt.ItemDataRole.AccessibleTextRole and column is Column.LABEL:
            status = present.badge_text(self.state(row))
            spoken = f"{self._labels[row]}, {present.relation_line(entry)}"
            return f"{spoken}, {status}" if status else spoken
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._plain_text(row, column, entry)
        if role == HTML_ROLE:
            return self.html(row, column)
        if role == Qt.ItemDataRole.ToolTipRole and column in (Column.LABEL, Column.RELATION):
            return present.relation_line(entry)
        if column is Column.STATUS and role in (
            Qt.ItemDataRole.BackgroundRole,
            Qt.ItemDataRole.ForegroundRole,
        ):
            state = self.state(row)
            if state is None or state.status is None:
                return None
            colours = present.badge_colours(state.status, dark=self._colours.dark)
            return QColor(colours[0 if role == Qt.ItemDataRole.BackgroundRole else 1])
        if role == Qt.ItemDataRole.ToolTipRole and column is Column.STATUS:
            return present.badge_text(self.state(row)) or None
        if role == STATUS_ROLE:
            return self.status_text(row)
        if role == Qt.ItemDataRole.TextAlignmentRole and column is Column.SIMILARITY:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == ENTRY_ROLE:
            return entry
        if role == RELATION_ROLE:
            return entry.relation
        if role == CHANGED_ROLE:
            return int(present.is_change(entry))  # an int: see desktop.qtcompat
        if role == SEARCH_ROLE:
            return self.search_text(row)
        return None

    # --- helpers ---
    def _side_text(self, entry: AlignedEntry, side: str) -> str:
        texts = self._texts[side]
        ids = entry.old if side == "old" else entry.new
        return PARAGRAPH_SEPARATOR.join(texts[pid] for pid in ids if pid in texts)

    def _plain_text(self, row: int, column: Column, entry: AlignedEntry) -> str:
        if column is Column.LABEL:
            return self._labels[row]
        if column is Column.RELATION:
            return present.RELATION_NAMES[entry.relation]
        if column is Column.SIMILARITY:
            return present.similarity_text(entry)
        if column is Column.STATUS:
            state = self.state(row)
            text = self.status_text(row)
            return f"{text} ⚠" if text and state is not None and state.flag else text
        key = (row, column)
        cached = self._plain.get(key)
        if cached is None:
            if column is Column.OLD:
                cached = self._side_text(entry, "old")
            elif column is Column.NEW:
                cached = self._side_text(entry, "new")
            else:
                cached = "".join(text for _, text in self._ops(entry))
            self._plain[key] = cached
        return cached

    def _rich_text(self, row: int, column: Column, entry: AlignedEntry) -> str:
        assert self._comparison is not None
        colours = self._colours
        if column is Column.LABEL:
            if self._single is not None:
                return present.single_label_html(self._labels[row])
            state = self.state(row)
            label = present.label_html(self._labels[row], entry, colours, state)
            if state is not None and state.noted:
                label += f" <span title='has a note'>{NOTE_MARK}</span>"
            return label
        if self._single is not None and row == 0 and column == self._missing_column():
            return present.missing_version_html(self._missing_side(), colours)
        ops = self._ops(entry)
        quiet = not present.is_change(entry)
        if column is Column.REDLINE:
            return present.redline_html(
                ops,
                colours,
                quiet=quiet,
                options=self._comparison.options,
                compilation=self._compilation,
            )
        side: Side = "old" if column is Column.OLD else "new"
        if not (entry.old if side == "old" else entry.new):
            return ""
        return present.side_html(
            ops,
            side,
            colours,
            quiet=quiet,
            options=self._comparison.options,
            compilation=self._compilation,
        )

    def _ops(self, entry: AlignedEntry) -> tuple[DiffOp, ...]:
        assert self._comparison is not None
        if self._single is not None:
            # One version alone: its text as it reads, not "deleted" or "new".
            return ((EQUAL, self._side_text(entry, self._single)),)
        return present.entry_ops(entry, self._comparison, self._texts)

    def _missing_side(self) -> Side:
        return "new" if self._single == "old" else "old"

    def _missing_column(self) -> Column | None:
        if self._single is None:
            return None
        return Column.NEW if self._single == "old" else Column.OLD

    def _single_data(self, row: int, column: Column, role: int) -> Any:
        """What a cell says differently while one version is shown alone; None: as usual."""
        texts = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole)
        if column == self._missing_column() and role in texts and row == 0:
            return present.missing_version_text(self._missing_side())
        if column is Column.LABEL and role == Qt.ItemDataRole.AccessibleTextRole:
            return self._labels[row]
        if column in (Column.RELATION, Column.SIMILARITY) and role in texts:
            return ""  # a relation to a version that is not open means nothing
        if column in (Column.LABEL, Column.RELATION) and role == Qt.ItemDataRole.ToolTipRole:
            return f"{self._single} version only"
        if (
            role == Qt.ItemDataRole.AccessibleTextRole
            and column in (Column.OLD, Column.NEW, Column.REDLINE)
            and column != self._missing_column()
        ):
            return "".join(text for _, text in self._ops(self.entry(row)))
        return None


class NavigatorFilter(QSortFilterProxyModel):
    """The navigator's rows: all entries, or only changes, one relation, matching a search."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._changed_only = False
        self._relation: Relation | None = None
        self._search = ""
        self._status = ""

    def set_status(self, status: str) -> None:
        """A status value, NOT_ANNOTATED, TEXT_CHANGED, or "" for every row."""
        self._begin_filter_change()
        self._status = status
        self._end_filter_change()

    def set_changed_only(self, value: bool) -> None:
        self._begin_filter_change()
        self._changed_only = value
        self._end_filter_change()

    def set_relation(self, relation: Relation | None) -> None:
        self._begin_filter_change()
        self._relation = relation
        self._end_filter_change()

    def set_search(self, text: str) -> None:
        self._begin_filter_change()
        self._search = text.strip().casefold()
        self._end_filter_change()

    # Qt 6.9 replaced invalidateRowsFilter (now deprecated) with a begin/end pair; use the pair
    # where it exists so the oldest and the newest supported PySide6 both work without warnings.
    def _begin_filter_change(self) -> None:
        if hasattr(self, "beginFilterChange"):
            self.beginFilterChange()

    def _end_filter_change(self) -> None:
        if hasattr(self, "endFilterChange"):
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.invalidateRowsFilter()

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ANSWERED:
            return None
        # The navigator has a column for the relation: its labels need not say it again.
        if role == Qt.ItemDataRole.DisplayRole and index.isValid() and index.column() == 0:
            model = self.sourceModel()
            if isinstance(model, ComparisonModel):
                return model.short_label(self.mapToSource(index).row())
        if (
            role == Qt.ItemDataRole.DisplayRole
            and index.isValid()
            and index.column() == Column.STATUS
        ):
            # A narrow column: "ad ref" for "agreed ad ref"; the tooltip says it in full.
            model = self.sourceModel()
            if isinstance(model, ComparisonModel):
                state = model.state(self.mapToSource(index).row())
                if state is None or state.status is None:
                    return ""
                return present.BADGE_SHORT[state.status] + (" ⚠" if state.flag else "")
        return super().data(index, role)

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:
        model = self.sourceModel()
        assert isinstance(model, ComparisonModel)
        if source_row >= model.rowCount():
            return False
        if self._changed_only and not model.is_change(source_row):
            return False
        if self._relation is not None and model.entry(source_row).relation != self._relation:
            return False
        if self._status and not self._status_matches(model, source_row):
            return False
        return not self._search or self._search in model.search_text(source_row)

    def _status_matches(self, model: ComparisonModel, row: int) -> bool:
        if self._status == NOT_ANNOTATED:
            return not model.status_text(row)
        if self._status == TEXT_CHANGED:
            state = model.state(row)
            return state is not None and state.flag is not None
        return model.status_text(row) == self._status
