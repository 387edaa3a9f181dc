"""Small input boxes made the same way everywhere: a text box that Tab leaves, a drop-down of choices."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QPlainTextEdit


def text_box(placeholder: str = "", height: int = 80) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setPlaceholderText(placeholder)
    box.setTabChangesFocus(True)
    box.setFixedHeight(height)
    return box


def choice_box(labels: dict[str, str] | dict[int, str], current: object = None) -> QComboBox:
    box = QComboBox()
    for value, label in labels.items():
        box.addItem(label, value)
    if current is not None:
        box.setCurrentIndex(max(0, box.findData(current)))
    return box
