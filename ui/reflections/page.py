"""Reflections (Ctrl+3): what I learned from every meeting, newest first, and how my listening is going."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from journal.domain import vocab
from journal.domain.aspects import Aspect
from journal.domain.dates import day_date
from journal.reads import reflections
from journal.reads.reflections import ReflectionRow
from ui.reflections.model import ReflectionsModel
from ui.reflections.trend import TrendWidget
from ui.shell.context import AppContext, ChangeWatch
from ui.shell.main_window import MainWindow
from ui.widgets.customer_picker import CustomerPicker
from ui.widgets.fields import tidy_header


def reflection_markdown(row: ReflectionRow, when: str) -> str:
    kind = vocab.INTERACTION_KIND_LABELS.get(row.interaction_kind, "Meeting")
    outcome = f" — {vocab.OUTCOME_LABELS[row.outcome]}" if row.outcome else ""
    parts = [f"### {row.customer_name}\n\n{kind}, {when}{outcome}"]
    for label, value in (
        ("Lesson", row.lesson),
        ("Went well", row.went_well),
        ("To improve", row.to_improve),
        ("The question that opened them up", row.opening_question),
    ):
        if value:
            parts.append(f"**{label}:** {value}")
    if row.listening:
        parts.append(f"**Listening:** {row.listening} / 5")
    parts.append("*Enter opens the meeting.*")
    return "\n\n".join(parts)


class ReflectionsPage(QWidget):
    ASPECTS = frozenset({Aspect.MEETINGS, Aspect.CUSTOMERS})  # meetings' reflections, customers' names

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("reflectionsPage")
        self.setAccessibleName("Reflections")

        title = QLabel("Reflections", self)
        title.setProperty("role", "heading")
        intro = QLabel("What each meeting taught me, newest first — and whether I am listening more.", self)
        intro.setProperty("role", "muted")
        self.customer = CustomerPicker(ctx.journal, self, placeholder="All customers — type a name to narrow")
        self.customer.setObjectName("reflectionCustomer")
        self.customer.setMaximumWidth(380)
        self.customer.setAccessibleName("Customer filter")
        self.customer.picked.connect(lambda _: self.refresh())
        self.outcome = QComboBox(self)
        self.outcome.setObjectName("reflectionOutcome")
        self.outcome.setAccessibleName("Outcome filter")
        self.outcome.addItem("All outcomes", None)
        for value in vocab.OUTCOMES:
            if value:
                self.outcome.addItem(vocab.OUTCOME_LABELS[value], value)
        self.outcome.currentIndexChanged.connect(lambda _: self.refresh(trend=False))  # the trend counts all
        customer_label = QLabel("&Customer", self)
        customer_label.setBuddy(self.customer)
        outcome_label = QLabel("&Outcome", self)
        outcome_label.setBuddy(self.outcome)

        self.trend = TrendWidget(self)
        # The trend reads a year of meetings (150 ms on a very large journal): drawn just after the list.
        self._trend_timer = QTimer(self)
        self._trend_timer.setSingleShot(True)
        self._trend_timer.setInterval(0)
        self._trend_timer.timeout.connect(self._load_trend)
        self.headline = QLabel(self)
        self.headline.setObjectName("trendHeadline")
        self.headline.setProperty("role", "muted")
        self.headline.setWordWrap(True)
        self.model = ReflectionsModel(ctx.journal, self)
        self.table = QTableView(self)
        self.table.setObjectName("reflectionTable")
        self.table.setAccessibleName("Reflections")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        tidy_header(header)
        header.setStretchLastSection(True)
        for column, width in enumerate((80, 180, 100, 72)):
            self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.activated.connect(self._open)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        QShortcut(QKeySequence(Qt.Key.Key_Return), self.table).activated.connect(self._open_current)
        self.detail = QTextBrowser(self)
        self.detail.setObjectName("reflectionDetail")
        self.detail.setAccessibleName("Reflection")
        self.detail.setOpenLinks(False)
        self.empty = QLabel(
            "No reflections yet. Here you will see, newest first, what each meeting taught you, and a "
            "twelve-month chart of how meetings ended and how well you listened. After a meeting, log it "
            "(Ctrl+L) and press Ctrl+R for the thirty-second self-check: what went well, what to improve, "
            "one lesson.",
            self,
        )
        self.empty.setObjectName("noReflections")
        self.empty.setProperty("role", "muted")
        self.empty.setWordWrap(True)

        bar = QHBoxLayout()
        bar.addWidget(customer_label)
        bar.addWidget(self.customer, 2)
        bar.addSpacing(12)
        bar.addWidget(outcome_label)
        bar.addWidget(self.outcome)
        bar.addStretch(1)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(8)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addLayout(bar)
        layout.addWidget(self.trend)
        layout.addWidget(self.headline)
        layout.addWidget(self.empty)
        layout.addWidget(self.splitter, 1)
        self.setFocusProxy(self.table)
        self._read = False  # read when first shown
        self.watch = ChangeWatch(ctx, self, self.ASPECTS, lambda _: self.refresh())

    def refresh(self, *, trend: bool = True) -> None:
        self._read = True
        self.watch.take()
        customer_id = self.customer.customer_id
        self.model.set_filter(customer_id=customer_id, outcome=self.outcome.currentData())
        if trend:
            self._trend_timer.start()
        has_rows = self.model.rowCount() > 0
        # With no reflection yet, say what will be here instead of drawing an empty chart.
        none_yet = not has_rows and reflections.reflection_count(self.ctx.journal) == 0
        self.trend.setVisible(not none_yet)
        self.headline.setVisible(not none_yet and bool(self.headline.text()))
        self.empty.setVisible(not has_rows)
        self.splitter.setVisible(has_rows)
        if has_rows:
            self.table.selectRow(0)
        else:
            self.detail.clear()

    def _load_trend(self) -> None:
        months = reflections.trend(self.ctx.journal, customer_id=self.customer.customer_id)
        self.trend.set_months(months)
        self.headline.setText(reflections.headline(months))
        self.headline.setVisible(self.trend.isVisibleTo(self) and bool(self.headline.text()))

    def showEvent(self, event: QShowEvent) -> None:
        if not self._read:
            self.refresh()
        super().showEvent(event)

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = self.model.row(current.row()) if current.isValid() else None
        if row is None:
            self.detail.clear()
            return
        local = row.occurred_at.astimezone(self.ctx.journal.clock.local_tz())
        when = f"{day_date(local.date(), self.ctx.journal.clock.today())}, {local:%H:%M}"
        self.detail.setMarkdown(reflection_markdown(row, when))
        self.ctx.set_current_customer(row.customer_id)

    def shown_customer_id(self) -> int | None:
        current = self.table.currentIndex()
        row = self.model.row(current.row()) if current.isValid() else None
        return row.customer_id if row is not None else None

    def _open_current(self) -> None:
        self._open(self.table.currentIndex())

    def _open(self, index: QModelIndex) -> None:
        row = self.model.row(index.row()) if index.isValid() else None
        if row is not None:
            self.ctx.item_requested.emit("interaction", row.id)


def install(window: MainWindow) -> None:
    window.add_page(
        "reflections",
        lambda: ReflectionsPage(window.ctx, window),
        "&Reflections",
        "Ctrl+3",
        "reflections",
        count=lambda: reflections.reflection_count(window.ctx.journal),
    )
