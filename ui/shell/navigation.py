"""The navigation rail down the left of the main window: Today, Customers, Reflections, each with a count.

Arrow keys or a click show a page; Ctrl+1/2/3 (the View menu) do the same and move the rail with them.
Each page's count comes from the function it was added with (`MainWindow.add_page(…, count=…)`), read
after the window's first paint and again after every write.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QPainter, QPalette
from PySide6.QtWidgets import QAbstractItemView, QListView, QStyledItemDelegate, QStyleOptionViewItem, QWidget

Index = QModelIndex | QPersistentModelIndex
KeyRole = Qt.ItemDataRole.UserRole
CountRole = Qt.ItemDataRole.UserRole + 1


class NavigationModel(QAbstractListModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.entries: list[tuple[str, str, str, str]] = []  # key, title, keys, what the count counts
        self.counts: dict[str, int | None] = {}

    def add(self, key: str, title: str, keys: str, counted: str, *, first: bool = False) -> None:
        row = 0 if first else len(self.entries)
        self.beginInsertRows(QModelIndex(), row, row)
        self.entries.insert(row, (key, title, keys, counted))
        self.endInsertRows()

    def set_count(self, key: str, count: int | None) -> None:
        if self.counts.get(key) != count:
            self.counts[key] = count
            row = self.row_of(key)
            if row is not None:
                self.dataChanged.emit(self.index(row), self.index(row))

    def row_of(self, key: str) -> int | None:
        for row, entry in enumerate(self.entries):
            if entry[0] == key:
                return row
        return None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.entries)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.entries):
            return None
        key, title, keys, counted = self.entries[index.row()]
        count = self.counts.get(key)
        if role == Qt.ItemDataRole.DisplayRole:
            return title
        if role == KeyRole:
            return key
        if role == CountRole:
            return count
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{title} ({keys})"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{title}, {count} {counted}" if count is not None else title
        return None


class CountDelegate(QStyledItemDelegate):
    """The page's name, and its count at the right edge."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        super().paint(painter, option, index)
        count = index.data(CountRole)
        if count is None:
            return
        painter.save()
        rect: QRect = option.rect.adjusted(0, 0, -16, 0)
        selected = bool(option.state & option.state.State_Selected)
        palette: QPalette = option.palette
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.PlaceholderText
        painter.setPen(palette.color(role))
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), f"{count:,}")
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width() + 56, max(size.height(), 34))


class NavigationRail(QListView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("navigation")
        self.setAccessibleName("Pages")
        self.setToolTip("")
        self.nav_model = NavigationModel(self)
        self.setModel(self.nav_model)
        self.setItemDelegate(CountDelegate(self))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.05)
        self.setFont(font)
        self.setFixedWidth(168)

    def key_at(self, index: QModelIndex) -> str:
        return str(index.data(KeyRole)) if index.isValid() else ""

    def show_key(self, key: str) -> None:
        row = self.nav_model.row_of(key)
        if row is not None and self.currentIndex().row() != row:
            self.setCurrentIndex(self.nav_model.index(row))
