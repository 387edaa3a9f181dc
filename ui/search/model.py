"""The rows of the search palette: group headings with counts, commands, search hits, recent searches.

The palette asks journal.search for a few of the best hits of each kind, so the model only ever holds a
screenful of small rows; headings are shown but cannot be selected, so arrow keys skip them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from journal.reads.search import MARK_CLOSE, MARK_OPEN

Index = QModelIndex | QPersistentModelIndex

ROW_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class PaletteRow:
    role: str  # "heading", "command", "hit", "more" (all hits of a kind), "recent" or "note"
    text: str  # the heading, the command's name, the hit's title, the recent search
    detail: str = ""  # a hit's snippet (matches marked), a command's shortcut, a heading's count
    aside: str = ""  # a hit's customer
    kind: str = ""  # a hit's kind (journal.search.KINDS)
    item_id: int = 0  # a hit's id, or the customer a command acts on (0: none)
    action: object = None  # the QAction a command triggers

    @property
    def selectable(self) -> bool:
        return self.role in ("command", "hit", "more", "recent")


class PaletteModel(QAbstractListModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[PaletteRow] = []

    def set_rows(self, rows: list[PaletteRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[PaletteRow]:
        return list(self._rows)

    def row_at(self, row: int) -> PaletteRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def next_selectable(self, row: int, step: int) -> int | None:
        """The first selectable row from `row` (inclusive) going by `step`; None past either end."""
        while 0 <= row < len(self._rows):
            if self._rows[row].selectable:
                return row
            row += step
        return None

    # -- QAbstractListModel --------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return _spoken(row)
        if role == Qt.ItemDataRole.ToolTipRole and row.role == "hit":
            return f"{row.text} — {row.aside}" if row.aside else row.text
        if role == ROW_ROLE:
            return row
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return Qt.ItemFlag.NoItemFlags
        if self._rows[index.row()].selectable:
            return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
        return Qt.ItemFlag.ItemNeverHasChildren


def _spoken(row: PaletteRow) -> str:
    """A row as one line of plain text (what a screen reader says, and what tests read)."""
    match row.role:
        case "heading":
            return f"{row.text} ({row.detail})" if row.detail else row.text
        case "command":
            return f"{row.text} ({row.detail})" if row.detail else row.text
        case "hit":
            snippet = row.detail.replace(MARK_OPEN, "").replace(MARK_CLOSE, "")
            parts = [row.text, row.aside, snippet]
            return " — ".join(p for p in parts if p)
        case _:
            return row.text
