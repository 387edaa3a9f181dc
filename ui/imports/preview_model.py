"""The first rows of a file being imported, as a table: a CSV file's own columns (each header saying the
field it goes to), or the people of a vCard file, or the events of a calendar."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from journal.exchange.imports.entries import Source

Index = QModelIndex | QPersistentModelIndex
ROWS = 20  # enough to see what each column holds
SKIP_LABEL = "Skip this column"


def field_label(field: str) -> str:
    from journal.exchange.imports.fields import FIELDS

    return SKIP_LABEL if field == "ignore" else FIELDS.get(field, field)


class ImportPreviewModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._headers: list[str] = []
        self._fields: list[str] = []  # per column, for a CSV file: where it goes
        self._rows: list[list[str]] = []

    def show_source(self, source: Source) -> None:
        self.beginResetModel()
        if source.table is not None:
            self._headers = list(source.table.headers)
            self._fields = [source.mapping.get(h, "ignore") for h in self._headers]
            self._rows = [list(r) for r in source.table.rows[:ROWS]]
        elif source.kind == "ics":
            self._headers = ["Event", "Starts", "People"]
            self._fields = []
            self._rows = [
                [m.summary, f"{m.start:%Y-%m-%d %H:%M}", ", ".join(m.attendees)]
                for m in source.meetings[:ROWS]
            ]
        else:
            self._headers = ["Name", "Company", "Role", "Email", "Phone"]
            self._fields = []
            self._rows = [
                [e.name, e.company, e.role, ", ".join(e.emails), ", ".join(e.phones)]
                for e in source.entries[:ROWS]
            ]
        self.endResetModel()

    def set_field(self, column: int, field: str) -> None:
        if 0 <= column < len(self._fields):
            self._fields[column] = field
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, column, column)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        value = row[index.column()] if index.column() < len(row) else ""
        if role == Qt.ItemDataRole.DisplayRole:
            return " ".join(value.split())[:200]
        if role == Qt.ItemDataRole.ToolTipRole:
            return value[:2000] or None
        if role == Qt.ItemDataRole.ForegroundRole and self._skipped(index.column()):
            return Qt.GlobalColor.gray
        return None

    def _skipped(self, column: int) -> bool:
        return bool(self._fields) and column < len(self._fields) and self._fields[column] == "ignore"

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._headers):
            return super().headerData(section, orientation, role)
        if role == Qt.ItemDataRole.DisplayRole:
            if not self._fields:
                return self._headers[section]
            return f"{self._headers[section]}\n→ {field_label(self._fields[section])}"
        return None
