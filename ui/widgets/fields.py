"""Small shared widgets: natural-language date and time fields that say what they understood, a label
that shortens itself with an ellipsis instead of widening the window, and a 1–5 scale as a row of choices."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QLabel, QLineEdit, QSizePolicy, QToolButton, QWidget

from journal.domain.clock import Clock
from journal.domain.dates import day_time, describe, parse_date, parse_datetime
from journal.domain.errors import ValidationError


class ParsedField(QWidget):
    """A line edit plus a quiet echo of what was understood ("→ Fri 27 Nov (in 5 days)")."""

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
        return day_time(when, self.clock.today())

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


LISTENING_LABELS = {1: "I did most of the talking", 3: "about even", 5: "they talked, I listened"}


class ScaleField(QWidget):
    """A row of choices 1–5 (none chosen: not rated), for the keyboard as for the mouse: ← → or a digit
    choose, 0 or Backspace clears, and a click on the chosen one clears it too. Reads like a QSpinBox
    (`value()`, `setValue()`, `valueChanged`) so forms treat it as one."""

    valueChanged = Signal(int)

    def __init__(self, labels: dict[int, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._value = 0
        self.buttons: list[QToolButton] = []
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        for n in range(1, 6):
            button = QToolButton(self)
            button.setText(str(n))
            button.setCheckable(True)
            button.setAutoRaise(False)
            button.setObjectName(f"scale{n}")
            button.setAccessibleName(f"{n} of 5" + (f": {labels[n]}" if n in labels else ""))
            button.setToolTip(labels.get(n, f"{n} of 5"))
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the row takes focus as one, like radio buttons
            button.setMinimumWidth(26)
            button.clicked.connect(lambda _checked=False, n=n: self.setValue(0 if self._value == n else n))
            row.addWidget(button)
            self.buttons.append(button)
        self.hint = QLabel("not rated", self)
        self.hint.setProperty("role", "hint")
        self.hint.setMinimumWidth(0)  # the words give way on a narrow form; the buttons carry the value
        self.hint.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        row.addSpacing(6)
        row.addWidget(self.hint)
        row.addStretch(1)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Listening, 1 to 5")

    def value(self) -> int:
        return self._value

    def setValue(self, value: int) -> None:
        value = value if 0 <= value <= 5 else 0
        for n, button in enumerate(self.buttons, start=1):
            button.setChecked(n == value)
        self.hint.setText(self.buttons[value - 1].toolTip() if value else "not rated")
        if value != self._value:
            self._value = value
            self.valueChanged.emit(value)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if Qt.Key.Key_1 <= key <= Qt.Key.Key_5:
            self.setValue(int(key) - int(Qt.Key.Key_0))
        elif key in (Qt.Key.Key_0, Qt.Key.Key_Backspace, Qt.Key.Key_Delete):
            self.setValue(0)
        elif key in (Qt.Key.Key_Right, Qt.Key.Key_Up):
            self.setValue(min(5, self._value + 1))
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Down):
            self.setValue(max(0, self._value - 1))
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.hasFocus():  # a focus ring round the row, as the style draws one round a field
            painter = QPainter(self)
            painter.setPen(self.palette().color(self.palette().ColorRole.Highlight))
            last = self.buttons[-1].geometry()
            painter.drawRoundedRect(0, 0, last.right() + 1, self.height() - 1, 3, 3)
