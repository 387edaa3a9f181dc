"""A quick-add section of a form: a row of inputs where Enter adds a line, and the lines added so far.

Enter on a row with text adds it (checked first: a bad date is said right there) and clears the row for the
next one; Enter on an empty row moves on to the next section. In the list, Delete removes a line and Enter
takes it back into the row to change it. Text left in the row when the form is saved is saved too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QVBoxLayout,
    QWidget,
)

from journal.domain.errors import ValidationError
from ui.meeting_log.items_model import EntryListModel, Item
from ui.widgets.fields import ParsedField

Reader = Callable[[dict[str, Any]], Item]  # what was typed -> an item; raises ValidationError
Input = QLineEdit | ParsedField | QComboBox
ROW_HEIGHT = 22


def is_plain_enter(event: QEvent) -> bool:
    return (
        isinstance(event, QKeyEvent)
        and event.type() == QEvent.Type.KeyPress
        and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        and not event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    )


class QuickAdd(QWidget):
    move_on = Signal()
    changed = Signal()

    def __init__(
        self, name: str, read: Reader, describe: Callable[[Item], str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName(f"{name}Section")
        self.name = name
        self.read = read
        self.inputs: list[tuple[str, Input]] = []
        self._defaults: dict[str, int] = {}
        self.row = QHBoxLayout()
        self.row.setSpacing(6)
        self.model = EntryListModel(describe, self)
        self.list = QListView(self)
        self.list.setObjectName(f"{name}List")
        self.list.setModel(self.model)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setWordWrap(True)
        self.list.setToolTip("Delete removes a line; Enter takes it back into the row above to change it")
        self.list.installEventFilter(self)
        self.list.hide()
        self.hint = QLabel(self)
        self.hint.setProperty("role", "hint")
        self.hint.setWordWrap(True)
        self.hint.hide()
        self.error = QLabel(self)
        self.error.setObjectName(f"{name}Error")
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.error.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        layout.addLayout(self.row)
        layout.addWidget(self.hint)
        layout.addWidget(self.error)
        layout.addWidget(self.list)

    # -- building --------------------------------------------------------------------------------

    def add_input(self, key: str, widget: Input, label: str, *, stretch: int = 1) -> Input:
        widget.setObjectName(f"{self.name}_{key}")
        widget.setAccessibleName(label)
        if isinstance(widget, QComboBox):
            self._defaults[key] = widget.currentIndex()
        self._typing_target(widget).installEventFilter(self)
        self.inputs.append((key, widget))
        self.row.addWidget(widget, stretch)
        if isinstance(widget, QComboBox):
            widget.currentIndexChanged.connect(lambda _: self.changed.emit())
        else:
            edit = widget.edit if isinstance(widget, ParsedField) else widget
            edit.textChanged.connect(lambda _: self._typed())
        return widget

    @staticmethod
    def _typing_target(widget: QWidget) -> QWidget:
        return widget.edit if isinstance(widget, ParsedField) else widget

    def first_input(self) -> QWidget:
        return self.inputs[0][1]

    def focus_widgets(self) -> list[QWidget]:
        """This section's stops in the tab order: the row, then the list."""
        return [self._typing_target(w) for _, w in self.inputs] + [self.list]

    # -- reading and writing -----------------------------------------------------------------

    def raw(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, widget in self.inputs:
            if isinstance(widget, QComboBox):
                out[key] = widget.currentData()
            else:
                out[key] = widget.text()
        return out

    def has_text(self) -> bool:
        return any(widget.text().strip() for _, widget in self.inputs if not isinstance(widget, QComboBox))

    def clear_inputs(self) -> None:
        for key, widget in self.inputs:
            if isinstance(widget, QComboBox):
                widget.setCurrentIndex(self._defaults.get(key, 0))
            else:
                widget.setText("")

    def set_raw(self, values: dict[str, Any]) -> None:
        for key, widget in self.inputs:
            if key not in values:
                continue
            if isinstance(widget, QComboBox):
                found = widget.findData(values[key])
                if found >= 0:
                    widget.setCurrentIndex(found)
            else:
                widget.setText(str(values[key] or ""))

    def pending(self) -> Item | None:
        """The line still in the row (as if Enter had been pressed), or None. Raises if it is not right."""
        return self.read(self.raw()) if self.has_text() else None

    def items(self) -> list[Item]:
        return self.model.items()

    def state(self) -> dict[str, Any]:
        return {"row": self.raw() if self.has_text() else {}, "items": self.model.items()}

    def set_state(self, state: dict[str, Any]) -> None:
        items = state.get("items") or []
        self.model.set_items([i for i in items if isinstance(i, dict)])
        row = state.get("row") or {}
        if isinstance(row, dict):
            self.set_raw(row)
        self._fit()

    # -- typing --------------------------------------------------------------------------------

    def submit(self) -> None:
        if not self.has_text():
            self.move_on.emit()
            return
        try:
            item = self.read(self.raw())
        except ValidationError as e:
            self.show_error(str(e))
            return
        self.model.add(item)
        self.clear_inputs()
        self.hide_error()
        self._fit()
        self.first_input().setFocus(Qt.FocusReason.OtherFocusReason)
        self.changed.emit()

    def show_error(self, message: str, row: int | None = None) -> None:
        self.error.setText(message)
        self.error.show()
        if row is not None and 0 <= row < self.model.rowCount():
            self.list.setCurrentIndex(self.model.index(row))
            self.list.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.first_input().setFocus(Qt.FocusReason.OtherFocusReason)

    def hide_error(self) -> None:
        self.error.hide()
        self.error.clear()

    def _typed(self) -> None:
        if self.error.isVisible():
            self.hide_error()
        self.changed.emit()

    def _fit(self) -> None:
        count = self.model.rowCount()
        self.list.setVisible(count > 0)
        row = self.list.sizeHintForRow(0) if count else ROW_HEIGHT
        self.list.setFixedHeight(min(5, max(1, count)) * max(row, 16) + 2 * self.list.frameWidth() + 2)

    def _take_back(self) -> None:
        index = self.list.currentIndex()
        if not index.isValid():
            return
        if self.has_text():
            self.show_error("Add or clear the line above first, then take this one back to change it.")
            return
        item = self.model.take(index.row())
        self.set_raw(item.get("raw") or {})
        self._fit()
        self.first_input().setFocus(Qt.FocusReason.OtherFocusReason)
        self.changed.emit()

    def _remove(self) -> None:
        index = self.list.currentIndex()
        if index.isValid():
            self.model.take(index.row())
            self._fit()
            if not self.model.rowCount():
                self.first_input().setFocus(Qt.FocusReason.OtherFocusReason)
            self.changed.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.list and isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            if is_plain_enter(event) or event.key() == Qt.Key.Key_F2:
                self._take_back()
                return True
            if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self._remove()
                return True
            return False
        if is_plain_enter(event):
            self.submit()
            return True
        return super().eventFilter(watched, event)
