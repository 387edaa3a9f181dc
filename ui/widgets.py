"""Small shared widgets: natural-language date and time fields that say what they understood, and a
label that shortens itself with an ellipsis instead of widening the window."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QLabel, QLineEdit, QWidget

from journal.clock import Clock
from journal.dates import describe, parse_date, parse_datetime
from journal.errors import ValidationError


class ParsedField(QWidget):
    """A line edit plus a quiet echo of what was understood ("→ Fri 27 Nov 2026 (in 5 days)")."""

    edited = Signal()

    def __init__(
        self, clock: Clock, *, optional: bool, placeholder: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.clock = clock
        self.optional = optional
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(placeholder)
        self.edit.setClearButtonEnabled(True)
        self.echo = QLabel(self)
        self.echo.setObjectName("dateEcho")
        self.echo.setProperty("role", "hint")
        self.echo.setMinimumWidth(200)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.echo, 1)
        self.setFocusProxy(self.edit)
        self.edit.textChanged.connect(self._update_echo)
        self.edit.textChanged.connect(lambda _: self.edited.emit())
        self._update_echo()

    def setAccessibleName(self, name: str) -> None:
        super().setAccessibleName(name)
        self.edit.setAccessibleName(name)

    def text(self) -> str:
        return self.edit.text()

    def setText(self, text: str) -> None:
        self.edit.setText(text)

    def _describe(self) -> str:
        raise NotImplementedError

    def _update_echo(self) -> None:
        if not self.edit.text().strip():
            self.echo.setText("" if self.optional else "needed")
            self.echo.setProperty("state", "empty")
        else:
            try:
                self.echo.setText(f"→ {self._describe()}")
                self.echo.setToolTip("")
                self.echo.setProperty("state", "ok")
            except ValidationError as e:
                # Its first sentence: "“12/1” could be 1 December or 12 January." says what to fix.
                self.echo.setText(str(e).split(". ", 1)[0].rstrip(".") + ".")
                self.echo.setToolTip(str(e))
                self.echo.setProperty("state", "bad")
        self.echo.style().unpolish(self.echo)
        self.echo.style().polish(self.echo)


class DateField(ParsedField):
    """A date typed naturally: "fri", "next week", "in 3 days", "dec 3", "2026-12-01"."""

    def __init__(
        self,
        clock: Clock,
        *,
        optional: bool = False,
        placeholder: str = "fri, next week, in 3 days, dec 3…",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(clock, optional=optional, placeholder=placeholder, parent=parent)

    def _describe(self) -> str:
        today = self.clock.today()
        return describe(parse_date(self.edit.text(), today, order=self.clock.date_order), today)

    def value(self, *, field: str = "date") -> date | None:
        """The date typed, None if empty and optional; raises ValidationError naming `field` otherwise."""
        if not self.edit.text().strip():
            if self.optional:
                return None
            raise ValidationError("A date is needed here.", field)
        return parse_date(self.edit.text(), self.clock.today(), order=self.clock.date_order, field=field)

    def set_value(self, value: date | None) -> None:
        self.edit.setText(value.isoformat() if value else "")


class DateTimeField(ParsedField):
    """A moment typed naturally: "now", "tomorrow 3pm", "fri 10:30", "2026-12-01 14:00"."""

    def __init__(
        self,
        clock: Clock,
        *,
        optional: bool = False,
        placeholder: str = "now, tomorrow 3pm, fri 10:30…",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(clock, optional=optional, placeholder=placeholder, parent=parent)

    def _describe(self) -> str:
        when = self.value()
        assert when is not None
        return f"{when:%a} {when.day} {when:%b %Y, %H:%M}"

    def value(self, *, field: str = "when") -> datetime | None:
        if not self.edit.text().strip():
            if self.optional:
                return None
            raise ValidationError("A date and time are needed here.", field)
        return parse_datetime(
            self.edit.text(),
            self.clock.now(),
            self.clock.local_tz(),
            order=self.clock.date_order,
            field=field,
        )

    def set_value(self, value: datetime | None) -> None:
        if value is None:
            self.edit.setText("")
        else:
            local = value.astimezone(self.clock.local_tz())
            self.edit.setText(f"{local:%Y-%m-%d %H:%M}")


class ElidedLabel(QLabel):
    """One line that ends in "…" when it has less room than its text; the tooltip then shows it all."""

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(min(hint.width(), self.fontMetrics().horizontalAdvance("M") * 8), hint.height())

    def setText(self, text: str) -> None:
        super().setText(text)
        self._update_tip()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update_tip()

    def _update_tip(self) -> None:
        fits = self.fontMetrics().horizontalAdvance(self.text()) <= self.contentsRect().width()
        self.setToolTip("" if fits else self.text())

    def paintEvent(self, event: QPaintEvent) -> None:
        rect = self.contentsRect()
        text = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, rect.width())
        painter = QPainter(self)
        self.style().drawItemText(
            painter,
            rect,
            int(self.alignment()),
            self.palette(),
            self.isEnabled(),
            text,
            self.foregroundRole(),
        )


def tidy_header(header: QHeaderView) -> None:
    """Table headers as a rep reads them: left-aligned and in the normal weight (Qt bolds every header
    when a whole row is selected, and centres them)."""
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    header.setHighlightSections(False)
