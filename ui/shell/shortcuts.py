"""Help → Keyboard shortcuts (F1, Ctrl+/): every key the app answers to, read from the actions themselves,
so the list cannot drift from what the keys do."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMenu,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.shell import screens
from ui.widgets import fields as widgets

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Shortcut:
    keys: str
    action: str
    where: str


def _where(action: QAction, top: QWidget) -> str:
    for holder in action.associatedObjects():
        if isinstance(holder, QMenu) and holder.title():
            return f"{holder.title().replace('&', '')} menu"
    owner = action.parent()
    while isinstance(owner, QWidget) and owner is not top:
        name = owner.accessibleName()
        if name and owner.isWindow():
            return f"{name} window"
        if name:
            return name
        owner = owner.parentWidget()
    return "Everywhere"


def shortcuts_of(top: QWidget) -> list[Shortcut]:
    """Every action under `top` that has keys, grouped by where it works."""
    found: list[Shortcut] = []
    seen: set[tuple[str, str]] = set()
    for action in top.findChildren(QAction):
        keys = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts())
        name = action.text().replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip(".…")
        if not keys or not name:
            continue
        item = Shortcut(keys, name, _where(action, top))
        if (item.keys, item.where) not in seen:
            seen.add((item.keys, item.where))
            found.append(item)
    order = {"File menu": 0, "Edit menu": 1, "View menu": 2, "Help menu": 3}
    return sorted(found, key=lambda s: (order.get(s.where, 4), s.where))


class ShortcutsModel(QAbstractTableModel):
    HEADERS = ("Keys", "Does", "Where")

    def __init__(self, rows: list[Shortcut], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows = rows

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 3

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        row = self.rows[index.row()]
        return (row.keys, row.action, row.where)[index.column()]


class ShortcutsDialog(QDialog):
    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle("Keyboard shortcuts")
        self.setAccessibleName("Keyboard shortcuts")
        self.model = ShortcutsModel(shortcuts_of(window), self)
        intro = QLabel(
            "Every key Sales Journal answers to. Forms also take Ctrl+Enter to save and Esc to close."
        )
        intro.setWordWrap(True)
        intro.setProperty("role", "muted")
        self.table = QTableView(self)
        self.table.setObjectName("shortcutsTable")
        self.table.setAccessibleName("Keyboard shortcuts")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        widgets.tidy_header(self.table.horizontalHeader())
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.table.setFocus()
        area = screens.available_area(window)
        self.resize(min(760, area.width() - 40), min(620, area.height() - 60))
