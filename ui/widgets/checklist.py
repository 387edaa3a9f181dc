"""A small list of things to tick (who attended, say): keys with labels and a check box each."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal

Index = QModelIndex | QPersistentModelIndex


@dataclass
class CheckItem:
    key: Hashable
    label: str
    checked: bool = False
    tip: str = ""


def is_checked(value: Any) -> bool:
    """A check state as a view hands it over (an enum, or its int value)."""
    return bool(value == Qt.CheckState.Checked or value == Qt.CheckState.Checked.value)


class CheckListModel(QAbstractListModel):
    toggled = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._items: list[CheckItem] = []

    def set_items(self, items: Iterable[CheckItem]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def add(self, item: CheckItem) -> int:
        row = len(self._items)
        self.beginInsertRows(QModelIndex(), row, row)
        self._items.append(item)
        self.endInsertRows()
        self.toggled.emit()
        return row

    def items(self) -> list[CheckItem]:
        return list(self._items)

    def row_of(self, key: Hashable) -> int | None:
        return next((n for n, item in enumerate(self._items) if item.key == key), None)

    def checked_keys(self) -> list[Hashable]:
        return [item.key for item in self._items if item.checked]

    def set_checked(self, key: Hashable, checked: bool = True) -> None:
        row = self.row_of(key)
        if row is not None and self._items[row].checked != checked:
            self._items[row].checked = checked
            index = self.index(row)
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
            self.toggled.emit()

    # -- QAbstractListModel ------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return item.label
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if item.checked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            return item.tip or None
        if role == Qt.ItemDataRole.UserRole:
            return item.key
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid():
            return False
        self.set_checked(self._items[index.row()].key, is_checked(value))
        return True
