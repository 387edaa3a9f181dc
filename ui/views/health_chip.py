"""The customer list's Health column: a coloured chip and the words beside it (screen readers get the
words; colour is never the only sign)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from ui import theme
from ui.models.customer_list import TONE_ROLE

CHIP = 10


class HealthChipDelegate(QStyledItemDelegate):
    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        tone = index.data(TONE_ROLE) or "muted"
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        rect = opt.rect
        opt.rect = rect.adjusted(CHIP + 8, 0, 0, 0)
        style = opt.widget.style() if opt.widget is not None else None
        if style is not None:
            # The row's background and selection first, across the whole cell.
            whole = QStyleOptionViewItem(option)
            self.initStyleOption(whole, index)
            whole.text = ""
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, whole, painter, opt.widget)
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(theme.tone(tone))
        y = rect.center().y() - CHIP / 2 + 1
        painter.drawRoundedRect(QRectF(rect.left() + 6, y, CHIP, CHIP), 3, 3)
        painter.restore()
