"""My reflections as a table model, newest first, fetched a page at a time as the view scrolls."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QFont

from journal.domain import vocab
from journal.domain.dates import short_date
from journal.reads import reflections
from journal.reads.reflections import ReflectionRow
from journal.storage.db import Journal
from ui.shell import theme

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("When", "Customer", "Outcome", "Listening", "Lesson")


def headline(row: ReflectionRow) -> tuple[str, bool]:
    """What to skim: the lesson, else what to improve, else what went well. (text, is it the lesson?)"""
    if row.lesson:
        return row.lesson, True
    if row.to_improve:
        return f"To improve: {row.to_improve}", False
    if row.went_well:
        return f"Went well: {row.went_well}", False
    if row.opening_question:
        return f"Opened them up: {row.opening_question}", False
    return "", False


class ReflectionsModel(QAbstractTableModel):
    def __init__(self, journal: Journal, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.journal = journal
        self.customer_id: int | None = None
        self.outcome: str | None = None
        self._rows: list[ReflectionRow] = []
        self._done = False
        self.rows_fetched = 0  # read from the journal so far: tests check the paging

    def set_filter(self, *, customer_id: int | None, outcome: str | None) -> None:
        self.customer_id, self.outcome = customer_id, outcome
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._rows = []
        self._done = False
        self.endResetModel()
        if self.canFetchMore(QModelIndex()):
            self.fetchMore(QModelIndex())

    def row(self, n: int) -> ReflectionRow | None:
        return self._rows[n] if 0 <= n < len(self._rows) else None

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008 - Qt's signature
        return not parent.isValid() and not self._done

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._done:
            return
        after = self._rows[-1].cursor if self._rows else None
        page = reflections.reflections_page(
            self.journal, customer_id=self.customer_id, outcome=self.outcome, after=after
        )
        self.rows_fetched += len(page)
        if len(page) < reflections.PAGE:
            self._done = True
        if page:
            start = len(self._rows)
            self.beginInsertRows(QModelIndex(), start, start + len(page) - 1)
            self._rows.extend(page)
            self.endInsertRows()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section] if 0 <= section < len(COLUMNS) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row(index.row()) if index.isValid() else None
        if row is None:
            return None
        column = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        text, is_lesson = headline(row)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(row, column, text)
        if role == Qt.ItemDataRole.ToolTipRole and column == "Lesson":
            return text or None
        if role == Qt.ItemDataRole.ForegroundRole and column == "Lesson" and not is_lesson:
            return QBrush(theme.tone("muted"))
        if role == Qt.ItemDataRole.FontRole and column == "Lesson" and not is_lesson:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column == "Listening":
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _text(self, row: ReflectionRow, column: str, headline_text: str) -> str:
        match column:
            case "When":
                local = row.occurred_at.astimezone(self.journal.clock.local_tz())
                return short_date(local.date(), self.journal.clock.today())
            case "Customer":
                return row.customer_name
            case "Outcome":
                return vocab.OUTCOME_LABELS.get(row.outcome, "") if row.outcome else ""
            case "Listening":
                return f"{row.listening}/5" if row.listening else ""
        return headline_text
