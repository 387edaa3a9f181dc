"""Choosing a customer by typing part of the name: matches come from the journal as you type."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from journal.domain import vocab
from journal.reads import queries
from journal.storage.db import Journal

Index = QModelIndex | QPersistentModelIndex
LIMIT = 20


class CustomerMatchModel(QAbstractListModel):
    """The first few customers whose name (or industry) contains what was typed, by name."""

    def __init__(self, journal: Journal, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.journal = journal
        self._matches: list[tuple[int, str, str]] = []

    def search(self, text: str) -> None:
        self.beginResetModel()
        if text.strip():
            ids = queries.customer_ids(self.journal, text=text)[:LIMIT]
            rows = queries.customer_rows(self.journal, ids)
            self._matches = [(i, rows[i].name, rows[i].stage) for i in ids if i in rows]
        else:
            self._matches = []
        self.endResetModel()

    def matches(self) -> list[tuple[int, str, str]]:
        return list(self._matches)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._matches)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._matches):
            return None
        cid, name, stage = self._matches[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return name
        if role == Qt.ItemDataRole.ToolTipRole:
            return vocab.STAGE_LABELS.get(stage, stage)
        if role == Qt.ItemDataRole.UserRole:
            return cid
        return None


class CustomerPicker(QLineEdit):
    """Type part of a name; pick from the list (Down, Enter), or press Enter to take the first match."""

    picked = Signal(object)  # customer id, or None when cleared

    def __init__(self, journal: Journal, parent: QWidget | None = None, *, placeholder: str = "") -> None:
        super().__init__(parent)
        self.journal = journal
        self.customer_id: int | None = None
        self.setPlaceholderText(placeholder or "Type part of the customer’s name, then Enter")
        self.setClearButtonEnabled(True)
        self.matches = CustomerMatchModel(journal, self)
        self.completer_ = QCompleter(self.matches, self)
        self.completer_.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer_.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer_.setWidget(self)
        # PySide6's stubs do not let a signal be indexed by the overload it means (QString, not QModelIndex).
        self.completer_.activated[str].connect(self._choose_name)  # type: ignore[index]
        self.textEdited.connect(self._typed)
        self.textChanged.connect(self._cleared)
        self.returnPressed.connect(self._enter)

    def _cleared(self, text: str) -> None:
        if not text and self.customer_id is not None:
            self.customer_id = None
            self.picked.emit(None)

    def _typed(self, text: str) -> None:
        self.matches.search(text)
        if self.customer_id is not None:
            self.customer_id = None
            self.picked.emit(None)
        if self.matches.rowCount() and self.hasFocus():
            self.completer_.complete()

    def _choose_name(self, name: str) -> None:
        for cid, match, _stage in self.matches.matches():
            if match == name:
                self.choose(cid)
                return

    def _enter(self) -> None:
        if self.customer_id is not None:
            return
        found = self.matches.matches()
        if not found and self.text().strip():
            self.matches.search(self.text())
            found = self.matches.matches()
        if found:
            self.choose(found[0][0])

    def choose_quietly(self, customer_id: int) -> None:
        """Show a customer chosen some other way (a planned meeting, a draft) without announcing it."""
        self.blockSignals(True)
        self.customer_id = customer_id
        self.setText(queries.customer_ref(self.journal, customer_id).name)
        self.blockSignals(False)

    def choose(self, customer_id: int | None) -> None:
        """Show and announce a customer (None: clear)."""
        popup = self.completer_.popup()
        if popup is not None:
            popup.hide()
        if customer_id is None:
            self.customer_id = None
            self.blockSignals(True)
            self.clear()
            self.blockSignals(False)
        else:
            self.customer_id = customer_id
            self.setText(queries.customer_ref(self.journal, customer_id).name)
        self.picked.emit(self.customer_id)
