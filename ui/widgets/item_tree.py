"""The rows of a workspace tab: one customer's items in groups, as our own item model.

`ItemNode` is a plain Python row (cells, the (kind, id) it stands for, how it looks); `ItemTreeModel`
shows a tree of them, and `ItemTree` is the view. The view answers the few item-widget style calls the
tabs use (currentItem, setCurrentItem, scrollToItem, itemActivated, topLevelItem…), so a tab fills itself
with rows as before, but Qt's item-widget classes are never used: they crash PySide6 6.12 on Python 3.11
(pitfalls in docs/).

A long list need not be read at once: a tab sets `model.more` to a function that appends the next page of
rows, and the view calls it when it is scrolled to the end. (Not Qt's canFetchMore: that asks about the
last top-level row, here a group heading that is always in view, so it would read everything at once.)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QFont, QResizeEvent
from PySide6.QtWidgets import QHeaderView, QTreeView, QWidget

from ui.shell import theme
from ui.widgets.fields import tidy_header

Index = QModelIndex | QPersistentModelIndex

KEY_ROLE = Qt.ItemDataRole.UserRole
TONES = ("overdue", "muted", "good")  # status colours of ui/shell/theme.py


_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.AccessibleTextRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.FontRole,
    }
)


class ItemNode:
    """One row: its cells, the (kind, id) it stands for (None for a heading), its look and its children."""

    __slots__ = ("_parent", "bold", "cells", "children", "roles", "selectable", "tips", "tone")

    def __init__(self, cells: Sequence[str], key: tuple[str, int] | None = None) -> None:
        self.cells = [str(c) for c in cells]
        self.roles: dict[int, Any] = {int(KEY_ROLE): key}
        self.tips: dict[int, str] = {}
        self.tone: str | None = None
        self.bold = False
        self.selectable = True
        self.children: list[ItemNode] = []
        self._parent: ItemNode | None = None

    # The item-widget style calls the tabs make.
    def text(self, column: int) -> str:
        return self.cells[column] if 0 <= column < len(self.cells) else ""

    def data(self, column: int, role: int) -> Any:
        return self.roles.get(int(role)) if column == 0 else None

    def setData(self, column: int, role: int, value: Any) -> None:
        if column == 0:
            self.roles[int(role)] = value

    def setToolTip(self, column: int, tip: str) -> None:
        self.tips[column] = tip

    def font(self, _column: int = 0) -> QFont:
        font = QFont()
        font.setBold(self.bold)
        return font

    def setFont(self, _column: int, font: QFont) -> None:
        self.bold = font.bold()

    def parent(self) -> ItemNode | None:
        return self._parent

    def child(self, row: int) -> ItemNode | None:
        return self.children[row] if 0 <= row < len(self.children) else None

    def childCount(self) -> int:
        return len(self.children)

    def addChild(self, node: ItemNode) -> None:
        node._parent = self
        self.children.append(node)

    @property
    def key(self) -> tuple[str, int] | None:
        key = self.roles.get(int(KEY_ROLE))
        return (str(key[0]), int(key[1])) if key else None


class ItemTreeModel(QAbstractItemModel):
    def __init__(self, columns: Sequence[str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.root = ItemNode([])
        self.more: Callable[[], None] | None = None  # appends the next page of rows, when there is one
        # Indexes point at nodes without holding them: rows taken out are kept until the next reset, so
        # an index Qt still holds never points at a freed object.
        self._retired: list[ItemNode] = []

    # -- filling ---------------------------------------------------------------------------------

    def reset(self, fill: Callable[[], None]) -> None:
        """Empty the tree and let `fill` add rows (add_row) inside one model reset."""
        self.beginResetModel()
        self._retired = [self.root]
        self.root = ItemNode([])
        self.more = None
        try:
            fill()
        finally:
            self.endResetModel()

    def add_row(self, node: ItemNode, parent: ItemNode | None = None, *, announce: bool = False) -> ItemNode:
        """Add a row under `parent` (None: at the top). `announce` when adding outside `reset`."""
        owner = parent or self.root
        if announce:
            at = len(owner.children)
            self.beginInsertRows(self.index_of(owner), at, at)
        owner.addChild(node)
        if owner is self.root:
            node._parent = None
        if announce:
            self.endInsertRows()
        return node

    def insert_row(self, node: ItemNode, parent: ItemNode | None, at: int) -> ItemNode:
        """Insert a row under `parent` (None: at the top) before its row `at`, outside `reset`."""
        owner = parent or self.root
        at = max(0, min(at, len(owner.children)))
        self.beginInsertRows(self.index_of(owner), at, at)
        owner.children.insert(at, node)
        node._parent = None if owner is self.root else owner
        self.endInsertRows()
        return node

    def node_changed(self, node: ItemNode) -> None:
        """Tell the view a row's cells were changed in place."""
        self.dataChanged.emit(self.index_of(node, 0), self.index_of(node, len(self.columns) - 1))

    def remove_row(self, node: ItemNode) -> None:
        owner = node.parent() or self.root
        if node not in owner.children:
            return
        at = owner.children.index(node)
        self.beginRemoveRows(self.index_of(owner), at, at)
        self._retired.append(owner.children.pop(at))
        self.endRemoveRows()

    def index_of(self, node: ItemNode | None, column: int = 0) -> QModelIndex:
        if node is None or node is self.root:
            return QModelIndex()
        owner = node.parent() or self.root
        return self.createIndex(owner.children.index(node), column, node)

    def node(self, index: Index) -> ItemNode | None:
        if not index.isValid():
            return None
        found = index.internalPointer()
        return found if isinstance(found, ItemNode) else None

    def nodes(self) -> list[ItemNode]:
        """Every row, depth first, in display order."""
        out: list[ItemNode] = []
        stack = list(reversed(self.root.children))
        while stack:
            node = stack.pop()
            out.append(node)
            stack.extend(reversed(node.children))
        return out

    # -- QAbstractItemModel ----------------------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        owner = self.node(parent) if parent.isValid() else self.root
        if owner is None or not (0 <= row < len(owner.children) and 0 <= column < len(self.columns)):
            return QModelIndex()
        return self.createIndex(row, column, owner.children[row])

    # Qt's parent() of the model (a QObject) and parent(index) of an item share one Python name.
    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        node = self.node(index)
        if node is None or node.parent() is None:
            return QModelIndex()
        return self.index_of(node.parent())

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return 0
        owner = self.node(parent) if parent.isValid() else self.root
        return len(owner.children) if owner is not None else 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section] if 0 <= section < len(self.columns) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ROLES and int(role) < int(Qt.ItemDataRole.UserRole):
            return None  # the view asks for many roles per cell; answer the unused ones at once
        node = self.node(index)
        if node is None:
            return None
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return node.text(column)
        if role == Qt.ItemDataRole.ToolTipRole:
            # A cell too narrow for its words elides them; the tooltip always has them in full.
            return node.tips.get(column) or node.text(column) or None
        if role == Qt.ItemDataRole.ForegroundRole and node.tone in TONES:
            return QBrush(theme.tone(node.tone))
        if role == Qt.ItemDataRole.FontRole and node.bold:
            return node.font()
        if column == 0 and int(role) >= int(Qt.ItemDataRole.UserRole):
            return node.roles.get(int(role))
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        node = self.node(index)
        if node is None:
            return Qt.ItemFlag.NoItemFlags
        if not node.selectable:
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class ItemTree(QTreeView):
    """The tree of a tab, with the item-widget style calls the tabs use."""

    itemActivated = Signal(object, int)  # ItemNode, column
    currentItemChanged = Signal(object, object)  # current ItemNode or None, previous

    NARROW_SHARE = 0.55  # at most this much of the width for the columns other than the wide one

    def __init__(self, columns: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tree_model = ItemTreeModel(columns, self)
        self.setModel(self.tree_model)
        tidy_header(self.header())
        self.wide_column: int | None = None  # set by fit_columns
        self._fitting = False
        # Columns are fitted once the event loop is back, never inside a resize or a paint (resizing a
        # section there asks for a repaint while one is under way).
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.timeout.connect(self.fit_columns)
        self.tree_model.modelReset.connect(self._fit_timer.start)
        self.tree_model.rowsInserted.connect(self._fit_timer.start)
        self.activated.connect(self._activated)
        self.verticalScrollBar().valueChanged.connect(self._scrolled)
        self.selectionModel().currentChanged.connect(self._current_changed)

    def use_wide_column(self, column: int) -> None:
        """Let `column` (the item's own words) take the room the others leave, and keep every column
        inside the view: the others are as wide as their contents up to a share of the width, and
        elide beyond it (the tooltip has the full text)."""
        self.wide_column = column
        header = self.header()
        header.setStretchLastSection(False)
        for col in range(header.count()):
            mode = QHeaderView.ResizeMode.Stretch if col == column else QHeaderView.ResizeMode.Fixed
            header.setSectionResizeMode(col, mode)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.fit_columns()

    def fit_columns(self) -> None:
        if self.wide_column is None or self._fitting:
            return
        self._fitting = True
        try:
            header = self.header()
            narrow = [c for c in range(header.count()) if c != self.wide_column]
            want = {c: max(self.sizeHintForColumn(c), header.sectionSizeHint(c)) for c in narrow}
            left = int(self.viewport().width() * self.NARROW_SHARE)
            # The narrowest get what they ask; the rest share what is left equally.
            for n, col in enumerate(sorted(narrow, key=want.__getitem__)):
                width = max(min(want[col], left // (len(narrow) - n)), header.minimumSectionSize())
                header.resizeSection(col, width)
                left -= width
        finally:
            self._fitting = False

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.wide_column is not None:
            self._fit_timer.start()

    def _scrolled(self, value: int) -> None:
        if value == self.verticalScrollBar().maximum() and self.tree_model.more is not None:
            self.tree_model.more()

    def _activated(self, index: QModelIndex) -> None:
        node = self.tree_model.node(index)
        if node is not None:
            self.itemActivated.emit(node, index.column())

    def _current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        self.currentItemChanged.emit(self.tree_model.node(current), self.tree_model.node(previous))

    def currentItem(self) -> ItemNode | None:
        return self.tree_model.node(self.currentIndex())

    def setCurrentItem(self, node: ItemNode | None) -> None:
        self.setCurrentIndex(self.tree_model.index_of(node))

    def scrollToItem(self, node: ItemNode) -> None:
        self.scrollTo(self.tree_model.index_of(node))

    def topLevelItemCount(self) -> int:
        return len(self.tree_model.root.children)

    def topLevelItem(self, row: int) -> ItemNode | None:
        return self.tree_model.root.child(row)

    def items(self) -> list[ItemNode]:
        return self.tree_model.nodes()
