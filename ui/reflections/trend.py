"""A small chart of the last twelve months: how many meetings ended each way, and how well I listened."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt
from PySide6.QtGui import QHelpEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from journal.domain import vocab
from journal.reads.reflections import MonthTrend
from ui.shell import theme

OUTCOME_ORDER = ("won", "advanced", "no_change", "setback", "not_now", "lost")  # colours: ui/shell/theme.py


class TrendWidget(QWidget):
    """Bars: outcomes per month, stacked. Line: average listening score (1–5), on its own scale."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reflectionTrend")
        self.setAccessibleName("Outcomes and listening by month")
        self.months: list[MonthTrend] = []
        self.setMinimumHeight(150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_months(self, months: list[MonthTrend]) -> None:
        self.months = months
        self.setAccessibleDescription(self.describe())
        self.update()

    def describe(self) -> str:
        """The chart in words, for a screen reader and the tooltip of the whole chart."""
        parts = []
        for m in self.months:
            if not m.meetings:
                continue
            listening = f", listening {m.listening_avg:.1f}" if m.listening_avg is not None else ""
            outcomes = ", ".join(f"{n} {vocab.OUTCOME_LABELS[o].lower()}" for o, n in m.outcomes)
            parts.append(
                f"{m.month:%b %Y}: {m.meetings} meetings{listening}" + (f" ({outcomes})" if outcomes else "")
            )
        return "; ".join(parts) or "No meetings in the last twelve months."

    def _columns(self) -> list[QRectF]:
        if not self.months:
            return []
        left, right, top, bottom = 36, 36, 22, 20
        width = (self.width() - left - right) / len(self.months)
        height = self.height() - top - bottom
        return [QRectF(left + n * width, top, width, height) for n in range(len(self.months))]

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.color(palette.ColorRole.PlaceholderText)
        columns = self._columns()
        if not columns:
            painter.setPen(text)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No meetings yet.")
            return
        top, height = columns[0].top(), columns[0].height()
        most = max((sum(n for _, n in m.outcomes) for m in self.months), default=0) or 1

        painter.setPen(QPen(text, 1))
        small = painter.font()
        small.setPointSizeF(max(7.0, small.pointSizeF() - 1.5))
        painter.setFont(small)
        painter.drawText(QRectF(0, top - 2, 32, 14), Qt.AlignmentFlag.AlignRight, f"{most}")
        painter.drawText(QRectF(0, top + height - 12, 32, 14), Qt.AlignmentFlag.AlignRight, "0")
        painter.setPen(QPen(theme.chart("listening"), 1))
        painter.drawText(QRectF(self.width() - 32, top - 2, 30, 14), Qt.AlignmentFlag.AlignLeft, "5")
        painter.drawText(
            QRectF(self.width() - 32, top + height - 12, 30, 14), Qt.AlignmentFlag.AlignLeft, "1"
        )

        points: list[QPointF | None] = []
        for month, column in zip(self.months, columns, strict=True):
            bar = column.adjusted(column.width() * 0.22, 0, -column.width() * 0.22, 0)
            y = top + height
            for outcome in vocab.OUTCOMES:
                count = month.outcome_count(outcome) if outcome else 0
                if not count:
                    continue
                h = height * count / most
                painter.fillRect(QRectF(bar.left(), y - h, bar.width(), h), theme.chart(outcome))
                y -= h
            painter.setPen(QPen(text, 1))
            painter.drawText(
                QRectF(column.left(), top + height + 3, column.width(), 14),
                Qt.AlignmentFlag.AlignHCenter,
                f"{month.month:%b}",
            )
            if month.listening_avg is None:
                points.append(None)
            else:
                ly = top + height - (month.listening_avg - 1) / 4 * height
                points.append(QPointF(column.center().x(), ly))

        painter.setPen(QPen(theme.chart("listening"), 2))
        previous: QPointF | None = None
        for point in points:
            if point is not None and previous is not None:
                painter.drawLine(previous, point)
            previous = point
        painter.setBrush(theme.chart("listening"))
        for point in points:
            if point is not None:
                painter.drawEllipse(point, 3, 3)

        x = 40.0
        for outcome in (*OUTCOME_ORDER, "listening"):
            label = "listening (1–5)" if outcome == "listening" else vocab.OUTCOME_LABELS[outcome].lower()
            painter.fillRect(QRectF(x, 5, 9, 9), theme.chart(outcome))
            painter.setPen(QPen(text, 1))
            rect = QRectF(x + 12, 1, 120, 16)
            painter.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, label)
            x += 16 + painter.fontMetrics().horizontalAdvance(label) + 10

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            for month, column in zip(self.months, self._columns(), strict=True):
                if column.contains(QPointF(event.pos())):
                    QToolTip.showText(event.globalPos(), self._month_tip(month), self)
                    return True
            QToolTip.hideText()
            return True
        return super().event(event)

    @staticmethod
    def _month_tip(m: MonthTrend) -> str:
        lines = [f"{m.month:%B %Y}: {m.meetings} meeting{'s' if m.meetings != 1 else ''}"]
        if m.listening_avg is not None:
            lines.append(f"Listening {m.listening_avg:.1f} / 5 (over {m.listening_count})")
        lines += [f"{vocab.OUTCOME_LABELS[o]}: {n}" for o, n in m.outcomes]
        return "\n".join(lines)
