"""Insights (Ctrl+4): patterns across every customer — why deals are won and lost, which answers work,
what customers keep naming, whether follow-through and listening go with winning.

The numbers are worked out on a worker thread (they read the whole journal), then shown as two charts
and the full report, whose tables carry every number for a screen reader. The page saves as Markdown or
PDF.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QRectF, Qt, QThread, Signal
from PySide6.QtGui import (
    QFocusEvent,
    QHelpEvent,
    QKeyEvent,
    QKeySequence,
    QPageSize,
    QPainter,
    QPaintEvent,
    QPdfWriter,
    QShortcut,
    QShowEvent,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QTextBrowser,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from journal.domain.errors import JournalError
from journal.domain.text import EARLIEST_YEAR
from journal.reads import insights
from journal.reads.insights import Insights, MonthOutcomes, ObjectionGroup
from journal.reads.insights_render import render_markdown
from journal.services import settings
from journal.storage.changes import Changes
from journal.storage.paths import check_output, write_private_atomic
from ui.shell import theme
from ui.shell.context import AppContext
from ui.shell.main_window import MainWindow
from ui.widgets import forms

PERIODS: tuple[tuple[str, int | None], ...] = (
    ("The last 3 months", 3),
    ("The last 6 months", 6),
    ("The last 12 months", 12),
    ("The last 2 years", 24),
    ("Since the start", None),
)
DEFAULT_PERIOD = 2


class Worker(QThread):
    """Builds the insights on its own connection, so the window stays responsive on a large journal."""

    built = Signal(object)  # Insights
    failed = Signal(str)

    def __init__(self, ctx: AppContext, period: insights.Period, lessons: str, parent: QObject) -> None:
        super().__init__(parent)
        self.ctx, self.period, self.lessons = ctx, period, lessons

    def run(self) -> None:
        journal = self.ctx.journal
        try:
            self.built.emit(insights.build(journal, self.period, lessons_matching=self.lessons))
        except JournalError as e:
            self.failed.emit(str(e))
        finally:
            journal.db.close()  # this thread's connection only


class BarChart(QWidget):
    """Bars with their exact numbers on hover and, from the keyboard, on the bar in focus (←/→)."""

    def __init__(
        self, name: str, parent: QWidget | None = None, *, maximum: float | None = None, unit: str = ""
    ) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumHeight(160)
        self.maximum = maximum  # the top of the scale (100 for shares); None: the largest value
        self.unit = unit
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.labels: list[str] = []
        self.series: list[tuple[str, str, list[float]]] = []  # (name, ui.theme chart colour, values)
        self.texts: list[str] = []  # what each group says in words
        self.focused = 0

    def set_data(
        self, labels: list[str], series: list[tuple[str, str, list[float]]], texts: list[str]
    ) -> None:
        self.labels, self.series, self.texts = labels, series, texts
        self.focused = min(self.focused, max(len(labels) - 1, 0))
        self.setAccessibleDescription("; ".join(texts) if texts else "Nothing to show for this period.")
        self.update()

    def _group_rect(self, i: int) -> QRectF:
        area = QRectF(self.rect()).adjusted(8, 22, -8, -24)
        width = area.width() / max(len(self.labels), 1)
        return QRectF(area.left() + i * width, area.top(), width, area.height())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text_colour = self.palette().windowText().color()
        if not self.labels:
            painter.setPen(text_colour)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "Nothing to show for this period.")
            return
        top = self.maximum or max((max(v) for _, _, v in self.series if v), default=0) or 1
        metrics = painter.fontMetrics()
        if len(self.series) > 1:  # a legend, top right: which colour is which
            x = float(self.width() - 8)
            for name, colour, _ in reversed(self.series):
                x -= metrics.horizontalAdvance(name) + 4
                painter.setPen(text_colour)
                painter.drawText(QRectF(x, 2, metrics.horizontalAdvance(name) + 4, 16), name)
                x -= 14
                painter.fillRect(QRectF(x, 5, 10, 10), theme.chart(colour))
                x -= 10
        for i, label in enumerate(self.labels):
            group = self._group_rect(i)
            bar_w = group.width() * 0.8 / max(len(self.series), 1)
            for k, (_, colour, values) in enumerate(self.series):
                h = (group.height() - 16) * (values[i] / top)
                x = group.left() + group.width() * 0.1 + k * bar_w
                painter.fillRect(QRectF(x, group.bottom() - h, bar_w - 1, h), theme.chart(colour))
                if values[i] and bar_w >= metrics.horizontalAdvance(f"{values[i]:.0f}{self.unit}"):
                    painter.setPen(text_colour)
                    painter.drawText(
                        QRectF(x, group.bottom() - h - 16, bar_w, 16),
                        Qt.AlignmentFlag.AlignHCenter,
                        f"{values[i]:.0f}{self.unit}",
                    )
            painter.setPen(text_colour)
            painter.drawText(
                QRectF(group.left(), group.bottom() + 2, group.width(), 20),
                Qt.AlignmentFlag.AlignHCenter,
                metrics.elidedText(label, Qt.TextElideMode.ElideRight, int(group.width()) - 2),
            )
            if self.hasFocus() and i == self.focused:
                painter.setPen(self.palette().highlight().color())
                painter.drawRect(group.adjusted(1, 1, -1, 1))
        painter.end()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            for i in range(len(self.labels)):
                if self._group_rect(i).contains(event.pos()):
                    QToolTip.showText(event.globalPos(), self.texts[i], self)
                    return True
            QToolTip.hideText()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        step = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1}.get(Qt.Key(event.key()))
        if step is None or not self.labels:
            super().keyPressEvent(event)
            return
        self.focused = max(0, min(len(self.labels) - 1, self.focused + step))
        self._announce()

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self._announce()

    def _announce(self) -> None:
        if self.labels:
            text = self.texts[self.focused]
            self.setAccessibleDescription(text)
            QToolTip.showText(self.mapToGlobal(self._group_rect(self.focused).center().toPoint()), text, self)
        self.update()


def outcome_chart_data(
    months: tuple[MonthOutcomes, ...],
) -> tuple[list[str], list[tuple[str, str, list[float]]], list[str]]:
    labels = [date.fromisoformat(f"{m.month}-01").strftime("%b") for m in months]
    series = [
        ("Won", "won", [float(m.won) for m in months]),
        ("Lost", "lost", [float(m.lost) for m in months]),
        ("Not now", "not_now", [float(m.not_now) for m in months]),
    ]
    texts = [
        f"{date.fromisoformat(f'{m.month}-01'):%B %Y}: {m.won} won, {m.lost} lost, {m.not_now} not now"
        for m in months
    ]
    return labels, series, texts


def answer_chart_data(
    groups: tuple[ObjectionGroup, ...],
) -> tuple[list[str], list[tuple[str, str, list[float]]], list[str]]:
    shown = [g for g in groups if g.answered]
    labels = [g.label for g in shown]
    series = [("Worked", "won", [100 * (g.worked_share or 0) for g in shown])]
    texts = [
        f"{g.label}: raised {g.raised} times; my answer worked {g.worked} of {g.answered} times "
        f"({round(100 * (g.worked_share or 0))}%)"
        for g in shown
    ]
    return labels, series, texts


class InsightsPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("insightsPage")
        self.setAccessibleName("Insights")
        self.report: Insights | None = None
        self._stale = True
        self._worker: Worker | None = None

        title = QLabel("Insights", self)
        title.setProperty("role", "heading")
        intro = QLabel(
            "Across every customer: why they said no, which answers worked, what they keep naming.", self
        )
        intro.setProperty("role", "muted")
        self.period = QComboBox(self)
        self.period.setObjectName("insightsPeriod")
        self.period.setAccessibleName("Period")
        self.period.setToolTip("Which months to look back over")
        for label, _ in PERIODS:
            self.period.addItem(label)
        self.period.setCurrentIndex(DEFAULT_PERIOD)
        self.period.currentIndexChanged.connect(lambda _: self.refresh())
        self.lessons = QLineEdit(self)
        self.lessons.setObjectName("insightsLessons")
        self.lessons.setAccessibleName("Lessons containing")
        self.lessons.setPlaceholderText("Find in my lessons…")
        self.lessons.setToolTip("Show only the lessons that contain these words")
        self.lessons.returnPressed.connect(self.refresh)
        self.save_md = QPushButton("Save as &Markdown…", self)
        self.save_md.setObjectName("insightsSaveMarkdown")
        self.save_md.setToolTip("Save this page as a Markdown file (Ctrl+S)")
        self.save_md.clicked.connect(self.save_markdown)
        self.save_pdf = QPushButton("Save as &PDF…", self)
        self.save_pdf.setObjectName("insightsSavePdf")
        self.save_pdf.setToolTip("Save this page as a PDF (Ctrl+Shift+S)")
        self.save_pdf.clicked.connect(self.save_as_pdf)
        self.status = QLabel("", self)
        self.status.setObjectName("insightsStatus")
        self.status.setProperty("role", "muted")

        self.outcomes = BarChart("Won, lost and not now by month", self)
        self.outcomes.setObjectName("insightsOutcomeChart")
        self.answers = BarChart(
            "How often my answer worked, by kind of objection", self, maximum=100, unit="%"
        )
        self.answers.setObjectName("insightsAnswerChart")
        self.text = QTextBrowser(self)
        self.text.setObjectName("insightsReport")
        self.text.setAccessibleName("Insights report")
        self.text.setOpenLinks(False)

        bar = QHBoxLayout()
        bar.addWidget(self.period)
        bar.addWidget(self.lessons, 1)
        bar.addWidget(self.save_md)
        bar.addWidget(self.save_pdf)
        charts = QHBoxLayout()
        for heading, chart in (
            ("Won, lost and not now", self.outcomes),
            ("Answers that worked", self.answers),
        ):
            column = QVBoxLayout()
            caption = QLabel(heading, self)
            caption.setProperty("role", "subheading")
            caption.setBuddy(chart)
            column.addWidget(caption)
            column.addWidget(chart)
            charts.addLayout(column, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addLayout(bar)
        layout.addWidget(self.status)
        layout.addLayout(charts)
        layout.addWidget(self.text, 1)
        QShortcut(
            QKeySequence("Ctrl+S"), self, context=Qt.ShortcutContext.WidgetWithChildrenShortcut
        ).activated.connect(self.save_markdown)
        QShortcut(
            QKeySequence("Ctrl+Shift+S"), self, context=Qt.ShortcutContext.WidgetWithChildrenShortcut
        ).activated.connect(self.save_as_pdf)
        ctx.changed.connect(self._journal_changed)

    def selected_period(self) -> insights.Period:
        today = self.ctx.journal.clock.today()
        months = PERIODS[self.period.currentIndex()][1]
        if months is None:
            return insights.Period(date(EARLIEST_YEAR, 1, 1), today)
        return insights.default_period(today, months)

    def refresh(self) -> None:
        """Work the numbers out again, on a worker thread; the page shows them when they arrive."""
        self._stale = False
        if self._worker is not None and self._worker.isRunning():
            self._worker.built.disconnect()
            self._worker.wait()
        self.status.setText("Working it out…")
        worker = Worker(self.ctx, self.selected_period(), self.lessons.text(), self)
        worker.built.connect(self.show_report)
        worker.failed.connect(self.status.setText)
        self._worker = worker
        worker.start()

    def show_report(self, report: Insights) -> None:
        self.report = report
        self.status.setText("")
        self.outcomes.set_data(*outcome_chart_data(report.outcomes))
        self.answers.set_data(*answer_chart_data(report.objections))
        self.text.setMarkdown(self.markdown())

    def markdown(self) -> str:
        if self.report is None:
            return ""
        return render_markdown(self.report, str(settings.get(self.ctx.journal, "currency")))

    def showEvent(self, event: QShowEvent) -> None:
        if self._stale:
            self.refresh()
        super().showEvent(event)

    def _journal_changed(self, changes: Changes) -> None:
        self._stale = True
        if self.isVisible():
            self.refresh()

    def shown_customer_id(self) -> int | None:
        return None

    def _save_path(self, title: str, suffix: str, filter_: str) -> Path | None:
        start = str(Path.home() / f"Insights {self.ctx.journal.clock.today().isoformat()}{suffix}")
        name, _ = QFileDialog.getSaveFileName(self, title, start, filter_)
        return Path(name) if name else None

    def save_markdown(self, path: Path | None = None) -> Path | None:
        path = path or self._save_path("Save insights as Markdown", ".md", "Markdown (*.md)")
        if path is None or self.report is None:
            return None
        try:
            check_output(path, journal=self.ctx.journal.path)
            write_private_atomic(path, self.markdown().encode())
        except (JournalError, OSError) as e:
            forms.show_error(self, JournalError(str(e)), "Could not save the insights")
            return None
        self.ctx.status_message.emit(f"Saved the insights to {path}.")
        return path

    def save_as_pdf(self, path: Path | None = None) -> Path | None:
        path = path or self._save_path("Save insights as PDF", ".pdf", "PDF (*.pdf)")
        if path is None or self.report is None:
            return None
        try:
            check_output(path, journal=self.ctx.journal.path)
        except JournalError as e:
            forms.show_error(self, e, "Could not save the insights")
            return None
        document = QTextDocument()
        document.setMarkdown(self.markdown())
        writer = QPdfWriter(str(path))
        writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        writer.setTitle("Insights")
        document.print_(writer)
        path.chmod(0o600)
        self.ctx.status_message.emit(f"Saved the insights to {path}.")
        return path


def install(window: MainWindow) -> None:
    window.add_page("insights", InsightsPage(window.ctx, window), "&Insights", "Ctrl+4")
