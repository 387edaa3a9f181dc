"""The Customers page: the list (filtered and sorted in SQL) beside the workspace of the selected one.

An empty journal shows a first-run page instead: create the first customer, or try the sample journal.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QItemSelectionModel, QModelIndex, QPoint, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from journal.domain import vocab
from journal.domain.aspects import Aspect
from journal.domain.errors import JournalError
from journal.reads import queries
from journal.storage.changes import Changes
from ui.customers.list_model import COLUMNS, SHOWN_AT_FIRST, CustomerListModel
from ui.customers.workspace import CustomerWorkspace
from ui.shell.context import AppContext, ChangeWatch
from ui.widgets.fields import tidy_header


class FirstRun(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("firstRun")
        self.setAccessibleName("Welcome")
        title = QLabel("Welcome to your sales journal", self)
        title.setProperty("role", "heading")
        text = QLabel(
            "Keep every customer, the people you meet there, what they need in their own words, and every "
            "promise made on both sides. Everything stays in one file on this computer.",
            self,
        )
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        # A centred, wrapped label gets its one-line height unless told its width and the height it needs.
        text.setFixedWidth(520)
        text.setMinimumHeight(text.heightForWidth(520))
        self.create_first = QPushButton("Create your first customer", self)
        self.create_first.setToolTip("Add your first customer (Ctrl+N)")
        self.create_first.setObjectName("createFirstCustomer")
        self.create_first.setAccessibleName("Create your first customer")
        self.create_first.setDefault(True)
        self.sample = QPushButton("Explore the sample journal", self)
        self.sample.setObjectName("openSampleJournal")
        self.sample.setAccessibleName("Explore the sample journal")
        self.sample.setToolTip("Open a separate journal filled with made-up customers, to try things safely")
        box = QVBoxLayout(self)
        box.setSpacing(12)
        box.addStretch(1)
        for widget in (title, text, self.create_first, self.sample):
            box.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
        box.addStretch(2)


class CustomersPage(QWidget):
    # What the list shows: the customers themselves, their last contact, next promise and health (which
    # the cadence settings and overdue promises decide).
    ASPECTS = frozenset({Aspect.CUSTOMERS, Aspect.MEETINGS, Aspect.PROMISES, Aspect.SETTINGS})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("customersPage")
        self.setAccessibleName("Customers")

        self.model = CustomerListModel(ctx.journal, self)
        self.filter = QLineEdit(self)
        self.filter.setObjectName("customerFilter")
        self.filter.setAccessibleName("Filter customers")
        self.filter.setPlaceholderText("Filter by name or industry")
        self.filter.setToolTip("Filter by name or industry (Ctrl+F)")
        self.filter.setClearButtonEnabled(True)
        self.stage = QComboBox(self)
        self.stage.setObjectName("stageFilter")
        self.stage.setAccessibleName("Stage filter")
        self.stage.setToolTip("Show one stage only")
        self.stage.addItem("All stages", None)
        for value in vocab.STAGES:
            self.stage.addItem(vocab.STAGE_LABELS[value], value)
        self.archived = QCheckBox("Archived", self)
        self.archived.setObjectName("showArchived")
        self.archived.setAccessibleName("Show archived customers")
        self.archived.setToolTip("Show archived customers instead (they can be restored)")
        self.new_button = QPushButton("New customer…", self)
        self.new_button.setObjectName("newCustomerButton")
        self.new_button.setAccessibleName("New customer")
        self.new_button.setToolTip("Add a customer (Ctrl+N)")
        self.count = QLabel(self)
        self.count.setObjectName("customerCount")
        self.count.setProperty("role", "muted")

        self.table = QTableView(self)
        self.table.setObjectName("customerTable")
        self.table.setAccessibleName("Customers")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.table.horizontalHeader()
        tidy_header(header)
        # Never sideways: the name takes what the other columns leave, and columns beyond what fits are
        # a right-click on the header away (remembered with the header's state).
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(48)
        for col, width in enumerate((180, 90, 100, 104, 112, 90, 120)):
            self.table.setColumnWidth(col, width)
        for col, (key, _title) in enumerate(COLUMNS):
            self.table.setColumnHidden(col, key not in SHOWN_AT_FIRST)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._column_menu)
        header.setToolTip("Right-click to choose the columns")

        left = QWidget(self)
        bar = QHBoxLayout()
        bar.addWidget(self.filter, 1)
        bar.addWidget(self.stage)
        bar.addWidget(self.new_button)
        foot = QHBoxLayout()
        foot.addWidget(self.count, 1)
        foot.addWidget(self.archived)
        lbox = QVBoxLayout(left)
        lbox.setContentsMargins(8, 8, 0, 8)
        lbox.addLayout(bar)
        lbox.addWidget(self.table, 1)
        lbox.addLayout(foot)

        self.workspace = CustomerWorkspace(ctx, self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("customersSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.workspace)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([500, 700])

        self.first_run = FirstRun(self)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.splitter)
        self.stack.addWidget(self.first_run)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.setFocusProxy(self.table)

        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(120)
        self._filter_timer.timeout.connect(self._apply_filter)
        self.filter.textChanged.connect(lambda _: self._filter_timer.start())
        self.filter.returnPressed.connect(self.table.setFocus)
        self.stage.currentIndexChanged.connect(lambda _: self._apply_filter())
        self.archived.toggled.connect(lambda _: self._apply_filter())
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.model.modelReset.connect(self._after_reset)
        # The list; the workspace keeps itself current (a page hidden behind Today catches up when shown).
        self.watch = ChangeWatch(ctx, self, self.ASPECTS, self._journal_changed)
        self._restore()
        self._after_reset()
        self._update_first_run()

    # -- state -------------------------------------------------------------------------------

    def _restore(self) -> None:
        state = self.ctx.settings.value("customers/splitter")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.splitter.restoreState(state)
        header = self.ctx.settings.value("customers/header")
        if isinstance(header, QByteArray) and not header.isEmpty():
            self.table.horizontalHeader().restoreState(header)
            tidy_header(self.table.horizontalHeader())  # the saved state carries an older alignment
        last = self.ctx.settings.value(self.ctx.journal_key("last_customer"))
        if last is not None and str(last).isdigit():
            self.select_customer(int(str(last)))  # else _after_reset shows the first one

    def save_state(self) -> None:
        self.ctx.settings.setValue("customers/splitter", self.splitter.saveState())
        self.ctx.settings.setValue("customers/header", self.table.horizontalHeader().saveState())
        cid = self.workspace.customer_id()
        if cid is not None:
            self.ctx.settings.setValue(self.ctx.journal_key("last_customer"), cid)

    def column_menu(self) -> QMenu:
        """Which columns to show: every one but the name, ticked when shown."""
        menu = QMenu(self)
        menu.setObjectName("customerColumns")
        for col, (key, title) in enumerate(COLUMNS):
            if key == "name":
                continue
            act = menu.addAction(title)
            act.setObjectName(f"column_{key}")
            act.setCheckable(True)
            act.setChecked(not self.table.isColumnHidden(col))
            act.toggled.connect(lambda shown, c=col: self.table.setColumnHidden(c, not shown))
        return menu

    def _column_menu(self, pos: QPoint) -> None:
        self.column_menu().exec(self.table.horizontalHeader().mapToGlobal(pos))

    # -- list ----------------------------------------------------------------------------------

    def _apply_filter(self) -> None:
        self.model.set_filter(
            text=self.filter.text(), stage=self.stage.currentData(), archived=self.archived.isChecked()
        )

    def _after_reset(self) -> None:
        total = self.model.rowCount()
        self.count.setText(f"{total:,} customer{'s' if total != 1 else ''}")
        cid = self.workspace.customer_id()
        row = self.model.row_of(cid) if cid is not None else None
        if row is None and total:
            row = 0  # the one shown was filtered out or archived: show the first that matches
        if row is not None:
            # Show the customer here rather than from the selection signal: a damaged journal then
            # fails where the app can explain it (building the window), not inside a Qt slot.
            shown = self.model.customer_id(row)
            if shown is not None and shown != self.workspace.customer_id():
                self.workspace.show_customer(shown)
            self._select_row(row)
        else:
            self.workspace.show_customer(None)
            self.ctx.set_current_customer(None)

    def _select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.scrollTo(index)

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        cid = self.model.customer_id(current.row()) if current.isValid() else None
        if cid is not None and cid != self.workspace.customer_id():
            self.workspace.show_customer(cid)
        if cid is not None:
            self.ctx.set_current_customer(cid)

    def select_customer(self, customer_id: int) -> None:
        """Show a customer, widening the filter if it hides them."""
        self.watch.flush()  # the list as it is now, even while the page is hidden
        row = self.model.row_of(customer_id)
        if row is None:
            try:
                ref = queries.customer_ref(self.ctx.journal, customer_id)
            except JournalError:  # gone since it was asked for: nothing to show
                return
            self.filter.blockSignals(True)
            self.filter.clear()
            self.filter.blockSignals(False)
            self.stage.blockSignals(True)
            self.stage.setCurrentIndex(0)
            self.stage.blockSignals(False)
            self.archived.blockSignals(True)
            self.archived.setChecked(ref.archived)
            self.archived.blockSignals(False)
            self._apply_filter()
            row = self.model.row_of(customer_id)
        self.workspace.show_customer(customer_id)
        self.ctx.set_current_customer(customer_id)
        if row is not None:
            self._select_row(row)

    def _journal_changed(self, changes: Changes) -> None:
        if changes.names({Aspect.CUSTOMERS}):  # a name, a stage, one more or less: the order may change
            self.model.reload()
            self._update_first_run()
        else:  # a meeting, a promise: the same rows in the same order, some reading differently
            self.model.refresh_rows(changes.customers_named(self.ASPECTS))
        created = changes.ids("customer", "created")
        if created:
            self.select_customer(created[0])

    def _update_first_run(self) -> None:
        empty = queries.customer_count(self.ctx.journal, archived=None) == 0
        self.stack.setCurrentWidget(self.first_run if empty else self.splitter)

    def current_id(self) -> int | None:
        return self.workspace.customer_id()

    def shown_customer_id(self) -> int | None:
        return self.workspace.customer_id()
