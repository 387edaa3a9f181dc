"""Today (Ctrl+1), the page the app opens on: what I owe, who to chase, who is slipping, who to revisit,
what is coming up — each row acted on with one key.

The page refreshes after a write that changes what it shows (`ASPECTS`: a note or a draft does not), once
it is shown if the write came while it was hidden, and when the date rolls over at midnight while the app
is open (a timer set from the journal's clock, so a test moves a fake clock instead of waiting).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QMouseEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from journal.domain.aspects import Aspect
from journal.domain.dates import day_date
from journal.domain.text import short
from journal.reads import queries, today
from journal.services import followup, interactions, next_steps, promises
from journal.storage.changes import Changes
from ui.shell.context import AppContext, ChangeWatch
from ui.shell.main_window import MainWindow
from ui.today.followup import ReleaseDialog, RevisitDialog, SnoozeDialog, TouchDialog
from ui.today.model import CELL_OF_COLUMN, RowKey, TodayModel
from ui.widgets import forms
from ui.widgets import small_dialogs as small
from ui.widgets.flow import FlowLayout
from ui.widgets.forms import attempt
from ui.widgets.jobs import Job, Progress

MAX_TIMER_MS = 10 * 60 * 1000  # look at the date at least this often (a laptop may sleep through midnight)
BRIEF_KEYS = QKeySequence("Ctrl+B")

FOLDED_KEY = "today/folded"  # the sections folded away, by key
PROMISES = ("promise", "theirs")
CUSTOMERS = ("promise", "next_step", "to_log", "theirs", "slipping", "revisit", "meeting", "date")


class TodayTree(QTreeView):
    """The list of rows. Enter opens the row's customer; Ctrl+B opens a brief for the row (taken here,
    ahead of any window-wide Ctrl+B, so a planned meeting's own brief opens)."""

    def __init__(self, page: TodayPage) -> None:
        super().__init__(page)
        self.page = page

    def event(self, e: QEvent) -> bool:
        if (
            isinstance(e, QKeyEvent)
            and e.type() == QEvent.Type.ShortcutOverride
            and QKeySequence(e.keyCombination()) == BRIEF_KEYS
        ):
            e.accept()
            return True
        return super().event(e)

    def mousePressEvent(self, e: QMouseEvent) -> None:
        index = self.indexAt(e.position().toPoint())
        if index.isValid() and not index.internalId() and e.button() == Qt.MouseButton.LeftButton:
            self.page.fold(index.row(), self.isExpanded(index.siblingAtColumn(0)))
            return
        super().mousePressEvent(e)

    def keyPressEvent(self, e: QKeyEvent) -> None:
        if e.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not e.modifiers():
            self.page.open_customer()
            return
        if e.key() == Qt.Key.Key_Left and not e.modifiers() and self.currentIndex().parent().isValid():
            self.page.fold(self.currentIndex().parent().row(), True)
            return
        if e.key() == Qt.Key.Key_Right and not e.modifiers():
            self.page.unfold_all()
            return
        if QKeySequence(e.keyCombination()) == BRIEF_KEYS:
            self.page.open_brief()
            return
        super().keyPressEvent(e)


class TodayPage(QWidget):
    # What the page shows: promises (and the follow-through record), customers slipping past their
    # cadence (last contact, settings) or due a revisit, planned meetings, dates, and people's names.
    ASPECTS = frozenset(
        {Aspect.CUSTOMERS, Aspect.PEOPLE, Aspect.MEETINGS, Aspect.PROMISES, Aspect.DATES, Aspect.SETTINGS}
    )

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("todayPage")
        self.setAccessibleName("Today")
        self.report: today.TodayReport | None = None
        self._dirty = True
        self._shown_before = False
        self._wanted: dict[int, int] = {}  # the widths the longest when and who take
        self._reading = 0  # counts reports asked for: a worker's is shown only if none came after it

        self.title = QLabel(self)
        self.title.setObjectName("todayTitle")
        self.title.setProperty("role", "heading")
        self.summary = QLabel(self)
        self.summary.setObjectName("todaySummary")
        self.summary.setProperty("role", "muted")
        self.summary.setWordWrap(True)
        self.record = QLabel(self)
        self.record.setObjectName("followThrough")
        self.record.setAccessibleName("Follow-through")
        self.record.setWordWrap(True)

        self.model = TodayModel(self)
        self.tree = TodayTree(self)
        self.tree.setObjectName("todayTree")
        self.tree.setAccessibleName("Today")
        self.tree.setModel(self.model)
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(False)
        self.tree.setItemsExpandable(False)
        self.tree.setIndentation(14)
        self.tree.setUniformRowHeights(False)
        self.tree.setAlternatingRowColors(False)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setAllColumnsShowFocus(True)
        # Read as a mail client's list: when · who · what, each column as wide as what it holds and the
        # words taking the rest, so no gap opens between a short line and its customer.
        header = self.tree.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setMinimumSectionSize(40)
        self.tree.doubleClicked.connect(lambda _: self.open_customer())

        self.button_bar = QWidget(self)
        self.button_bar.setObjectName("todayButtons")
        self.buttons = FlowLayout(self.button_bar)  # wraps on a narrow screen instead of widening the window
        self.buttons.setContentsMargins(0, 0, 0, 0)
        self.hint = QLabel(self)
        self.hint.setObjectName("todayHint")
        self.hint.setProperty("role", "hint")
        self.hint.setWordWrap(True)

        self._actions: list[tuple[QAction, QPushButton, Callable[[RowKey], bool]]] = []
        self.kept = self._action(
            "Mark &kept", "Ctrl+D", self.mark_kept, "Mark the promise kept, or the next step done, today",
            (*PROMISES, "next_step"),
        )  # fmt: skip
        self.reschedule_act = self._action(
            "Re&schedule…", "Ctrl+Shift+S", self.reschedule,
            "Move the due date, the next step or the revisit date",
            ("promise", "next_step", "theirs", "revisit"),
        )  # fmt: skip
        self.let_go = self._action(
            "Re&lease…", "Ctrl+Shift+X", self.let_go_selected,
            "Release the promise with a reason, drop the next step, cancel a meeting that did not happen, "
            "or close a revisit for good", (*PROMISES, "next_step", "to_log", "revisit"),
        )  # fmt: skip
        self.touch = self._action(
            "Log a &touch…", "Ctrl+T", self.log_touch,
            "Log a quick call, email or message (a planned meeting: log how it went)", CUSTOMERS,
        )  # fmt: skip
        self.snooze_act = self._action(
            "S&nooze…", "Ctrl+Shift+N", self.snooze, "Leave this customer out of Slipping for some days",
            ("slipping",),
        )  # fmt: skip
        self.brief = self._action(
            "&Brief", None, self.open_brief, "Open the brief (Ctrl+B)", CUSTOMERS, shown_keys="Ctrl+B"
        )
        self.opener = self._action(
            "&Open", None, self.open_customer, "Open the customer (Enter)", CUSTOMERS, shown_keys="Enter"
        )
        self.buttons.addStretch(1)

        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addWidget(self.summary, 1, Qt.AlignmentFlag.AlignBottom)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addWidget(self.record)
        layout.addWidget(self.button_bar)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.hint)
        self.setFocusProxy(self.tree)

        self.tree.selectionModel().currentChanged.connect(lambda *_: self._current_changed())
        # Refreshed at once while shown; while hidden, on being shown (`_refresh_if_stale`).
        self.watch = ChangeWatch(ctx, self, self.ASPECTS, lambda _: self.refresh(), on_show=False)
        self.day_timer = QTimer(self)
        self.day_timer.setObjectName("todayDayTimer")
        self.day_timer.setSingleShot(True)
        self.day_timer.timeout.connect(self.check_day)
        self._current_changed()  # the report is read when the page is first shown, after the window

    # -- building ----------------------------------------------------------------------------------

    def _action(
        self,
        text: str,
        keys: str | None,
        slot: Callable[[], object],
        tip: str,
        kinds: tuple[str, ...],
        shown_keys: str = "",
    ) -> QAction:
        act = QAction(text, self)
        name = text.replace("&", "").rstrip(".…").lower().replace(" ", "_")
        act.setObjectName(f"today_{name}")
        if keys:
            act.setShortcut(QKeySequence(keys))
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            tip = f"{tip} ({keys})"
        act.setToolTip(tip)
        act.triggered.connect(slot)
        self.addAction(act)
        label = text.replace("&", "")
        if shown_keys and not keys:
            tip = tip if shown_keys in tip else f"{tip} ({shown_keys})"
        button = QPushButton(label, self)  # the keys are in its tooltip, as on every button
        button.setObjectName(f"today_{name}Button")
        button.setAccessibleName(label.rstrip("…"))
        button.setToolTip(tip)
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        button.clicked.connect(act.trigger)
        self.buttons.addWidget(button)
        self._actions.append((act, button, lambda key: key.kind in kinds))
        return act

    # -- what is shown -----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the report again, keeping the selected row (or the one that took its place)."""
        self.watch.take()
        self._show_report(today.report(self.ctx.journal))

    def _read_on_worker(self, window: MainWindow) -> None:
        """The first report, read on a worker thread (on a connection of its own) while the window stays
        free; what a write changes in the meantime is read again on this thread, and the older report
        dropped."""
        journal = self.ctx.journal
        if not window.isVisible() or not journal.is_open:  # closed before it was painted
            return
        if journal.read_only is not None:  # no second connection on a file opened for reading only
            self.refresh()
            return
        self.watch.take()
        reading = self._reading = self._reading + 1

        def work(_progress: Progress) -> today.TodayReport:
            twin = journal.twin()
            try:
                return today.report(twin)
            finally:
                twin.close()

        def done(report: object) -> None:
            window.loading.discard("today")
            if reading == self._reading and isinstance(report, today.TodayReport) and journal.is_open:
                self._show_report(report)
                window.recount()
                if self.watch.stale:
                    self.refresh()

        def failed(_error: object) -> None:
            window.loading.discard("today")
            if reading == self._reading and journal.is_open:
                self.refresh()  # on this thread, where a damaged file is handled as everywhere else

        window.loading.add("today")
        job = Job(work, window)
        job.succeeded.connect(done)
        job.failed.connect(failed)
        job.finished.connect(job.deleteLater)
        job.start()

    def _show_report(self, report: today.TodayReport) -> None:
        keep = self.selected()
        position = self._position()
        j = self.ctx.journal
        self._reading += 1  # a report still being read on the worker is older than this one
        self.report = report
        self._dirty = False
        self.model.set_report(self.report, j.clock.local_tz())
        for row in range(self.model.rowCount()):  # the sections' headings
            self.tree.setFirstColumnSpanned(row, QModelIndex(), True)
        self.tree.expandAll()
        for key in self.folded():
            index = self.model.section_index(key)
            if index.isValid():
                self.tree.collapse(index)
        self.button_bar.setVisible(self.model.item_at(0).isValid())
        self._fit_columns()
        self._show_header(self.report)
        target = self.model.index_of(keep) if keep is not None else QModelIndex()
        if not target.isValid():
            target = self.model.item_at(position)
        if target.isValid():
            self.tree.selectionModel().setCurrentIndex(
                target,
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
            self._scroll_to_current()
        self._current_changed()
        self._arm_day_timer()

    def _fit_columns(self) -> None:
        """When and who as wide as their longest entry (who at most two fifths of the width)."""
        metrics = self.tree.fontMetrics()
        pad = 24
        for col in (0, 1):
            cell = CELL_OF_COLUMN[col]
            texts = {row.cells[cell] for s in self.model.sections for row in s.rows}  # names repeat
            self._wanted[col] = max((metrics.horizontalAdvance(t) for t in texts), default=0) + pad
        self._size_columns()

    def _size_columns(self) -> None:
        for col, cap in ((0, 200), (1, max(160, self.tree.viewport().width() * 2 // 5))):
            self.tree.header().resizeSection(col, min(max(self._wanted.get(col, 0), 60), cap))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._wanted and event.size().width() != event.oldSize().width():
            self._size_columns()  # who may have two fifths of the new width

    # -- folding sections (remembered between runs) ------------------------------------------------

    def folded(self) -> set[str]:
        value = self.ctx.settings.value(FOLDED_KEY, "")
        return {k for k in str(value or "").split(",") if k}

    def fold(self, section_row: int, folded: bool) -> None:
        if not 0 <= section_row < len(self.model.sections):
            return
        index = self.model.index(section_row, 0)
        keys = self.folded()
        key = self.model.sections[section_row].key
        if folded:
            keys.add(key)
            inside = self.tree.currentIndex().parent() == index
            self.tree.collapse(index)
            if inside:  # the row in the folded section is out of sight: on to the next one in sight
                shown = [i for i in self.model.item_indexes() if self.tree.isExpanded(i.parent())]
                after = [i for i in shown if i.parent().row() > section_row] or shown
                if after:
                    self.tree.setCurrentIndex(after[0])
        else:
            keys.discard(key)
            self.tree.expand(index)
        self.ctx.settings.setValue(FOLDED_KEY, ",".join(sorted(keys)))

    def unfold_all(self) -> None:
        for row in range(len(self.model.sections)):
            self.tree.expand(self.model.index(row, 0))
        self.ctx.settings.setValue(FOLDED_KEY, "")

    def _scroll_to_current(self) -> None:
        current = self.tree.currentIndex()
        if current.isValid():
            self.tree.scrollTo(current.parent())  # its section's heading too, when both fit
            self.tree.scrollTo(current)

    def _show_header(self, r: today.TodayReport) -> None:
        day = r.day
        self.title.setText("Today")
        first = [
            f"{r.total('overdue_mine')} overdue" if r.total("overdue_mine") else "",
            f"{r.total('due_mine')} due this week" if r.total("due_mine") else "",
            f"{r.total('next_steps')} next steps" if r.total("next_steps") else "",
            f"{r.total('to_log')} to log" if r.total("to_log") else "",
            f"{r.total('chase_theirs')} to chase" if r.total("chase_theirs") else "",
        ]
        counts = ", ".join(x for x in first if x)
        if not counts and queries.customer_count(self.ctx.journal, archived=None) == 0:
            counts = "your journal is empty: add your first customer with Ctrl+N"
        self.summary.setText(f"{day:%A} {day.day} {day:%B}" + (f" — {counts}" if counts else " — all clear"))
        self.record.setText(r.follow_through.sentence())

    def _position(self) -> int:
        return self.model.position_of(self.tree.currentIndex())

    def selected(self) -> RowKey | None:
        return self.model.key_at(self.tree.currentIndex())

    def nav_count(self) -> int | None:
        """What asks for action today: every section but what is merely coming up."""
        if self.report is None:
            return None
        return sum(self.report.total(k) for k in today.SECTIONS if k != "coming_up")

    def shown_customer_id(self) -> int | None:
        key = self.selected()
        return key.customer_id if key is not None else None

    def select(self, kind: str, item_id: int) -> bool:
        for index in self.model.item_indexes():
            key = self.model.key_at(index)
            if key is not None and key.kind == kind and key.item_id == item_id:
                self.tree.setCurrentIndex(index)
                self.tree.scrollTo(index)
                return True
        return False

    def _current_changed(self) -> None:
        key = self.selected()
        for act, button, applies in self._actions:
            on = key is not None and applies(key)
            act.setEnabled(on)
            button.setEnabled(on)
        if key is not None and self.isVisible():
            self.ctx.set_current_customer(key.customer_id)
        self.hint.setText(self._hint(key))

    def _hint(self, key: RowKey | None) -> str:
        if key is None:
            return "Nothing to act on. ↑ ↓ move between rows when there is."
        keys = ["Enter open"]
        if key.kind in PROMISES:
            keys += ["Ctrl+D kept", "Ctrl+Shift+S reschedule", "Ctrl+Shift+X release"]
        if key.kind == "next_step":
            keys += ["Ctrl+D done", "Ctrl+Shift+S another day", "Ctrl+Shift+X drop"]
        if key.kind == "revisit":
            keys += ["Ctrl+Shift+S revisit later", "Ctrl+Shift+X close for good"]
        if key.kind == "to_log":
            keys.append("Ctrl+Shift+X did not happen")
        keys.append("Ctrl+T log the meeting" if key.kind in ("meeting", "to_log") else "Ctrl+T log a touch")
        if key.kind == "slipping":
            keys.append("Ctrl+Shift+N snooze")
        keys += ["Ctrl+B brief", "← fold section"]
        return " · ".join(keys)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown_before:
            self._shown_before = True
            if queries.customer_count(self.ctx.journal, archived=None) == 0:
                QTimer.singleShot(0, self._welcome)  # a new journal starts on the welcome page
        window = self.window()
        if isinstance(window, MainWindow) and not window.painted:
            window.after_first_paint(lambda: self._read_on_worker(window))  # the window first
        else:
            QTimer.singleShot(0, self._refresh_if_stale)  # once the view has its size
        key = self.selected()
        if key is not None:
            self.ctx.set_current_customer(key.customer_id)

    def _stale(self) -> bool:
        if not self.ctx.journal.is_open:  # a timer outliving its journal: nothing to read any more
            return False
        return (
            self._dirty
            or self.watch.stale
            or self.report is None
            or self.report.day != self.ctx.journal.clock.today()
        )

    def _refresh_if_stale(self) -> None:
        if self._stale():
            self.refresh()
        else:
            self._scroll_to_current()

    def _welcome(self) -> None:
        window = self.window()
        if isinstance(window, MainWindow) and window.current_page_key() == "today":
            window.show_page("customers")

    # -- the day rolling over ----------------------------------------------------------------------

    def ms_to_midnight(self) -> int:
        clock = self.ctx.journal.clock
        now = clock.now()
        midnight = clock.start_of(clock.today() + timedelta(days=1))
        return max(1000, int((midnight - now).total_seconds() * 1000) + 1000)

    def _arm_day_timer(self) -> None:
        self.day_timer.start(min(self.ms_to_midnight(), MAX_TIMER_MS))

    def check_day(self) -> None:
        """The timer's tick: a new day means a new Today."""
        if self._stale():
            if self.isVisible():
                self.refresh()
                return
            self._dirty = True
        self._arm_day_timer()

    # -- row actions -------------------------------------------------------------------------------

    def _key(self, *kinds: str) -> RowKey | None:
        key = self.selected()
        return key if key is not None and key.kind in kinds else None

    def _done(self, changes: Changes | None, message: str) -> None:
        if changes:
            self.ctx.status_message.emit(message)
        self.tree.setFocus()

    def mark_kept(self) -> None:
        key = self._key(*PROMISES, "next_step")
        if key is None:
            return
        if key.kind == "next_step":
            done = attempt(self, lambda: next_steps.mark_done(self.ctx.journal, key.item_id))
            self._done(done, "Next step done.")
            return
        changes = attempt(self, lambda: promises.mark_kept(self.ctx.journal, key.item_id))
        self._done(changes, "Marked kept. Following through builds trust.")

    def reschedule(self) -> None:
        key = self._key("promise", "next_step", "theirs", "revisit")
        if key is None:
            return
        if key.kind == "revisit":
            self._done(RevisitDialog.ask(self.ctx, key.customer_id, self), "Revisit moved.")
            return
        row = self.model.row_at(self.tree.currentIndex())
        what = short(row.cells[0], 60) if row is not None else "this promise"
        step = key.kind == "next_step"
        title, prompt = (
            ("Reschedule next step", "New day for") if step else ("Reschedule promise", "New due date for")
        )
        when = small.ask_date(self, self.ctx, title, f"{prompt} “{what}”")
        if when is not None:
            move = next_steps.reschedule if step else promises.reschedule
            changes = attempt(self, lambda: move(self.ctx.journal, key.item_id, when))
            self._done(changes, f"Moved to {day_date(when, self.ctx.journal.clock.today())}.")
        else:
            self.tree.setFocus()

    def let_go_selected(self) -> None:
        key = self._key("promise", "next_step", "to_log", "theirs", "revisit")
        if key is None:
            return
        if key.kind == "next_step":
            self._done(
                attempt(self, lambda: next_steps.drop(self.ctx.journal, key.item_id)), "Next step dropped."
            )
            return
        if key.kind == "to_log":
            cancelled = attempt(self, lambda: interactions.cancel_planned(self.ctx.journal, key.item_id))
            self._done(cancelled, "Meeting cancelled: it did not happen.")
            return
        if key.kind != "revisit":
            self._done(ReleaseDialog.ask(self.ctx, key.item_id, self), "Promise released.")
            return
        row = self.model.row_at(self.tree.currentIndex())
        name = row.cells[0] if row is not None else "this customer"
        if forms.confirm(
            self,
            "Close for good?",
            f"Stop revisiting {name}? They move to Lost with no revisit date; what they said stays in "
            "their history.",
            "Close for good",
        ):
            changes = attempt(self, lambda: followup.close_for_good(self.ctx.journal, key.customer_id))
            self._done(changes, f"Closed {name} for good.")
        else:
            self.tree.setFocus()

    def log_touch(self) -> None:
        key = self._key(*CUSTOMERS)
        if key is None:
            return
        if key.kind in ("meeting", "to_log"):
            self.ctx.log_requested.emit(key.customer_id, key.item_id)
            return
        self._done(
            TouchDialog.ask(self.ctx, key.customer_id, self), "Logged. Their keep-in-touch clock restarts."
        )

    def snooze(self) -> None:
        key = self._key("slipping")
        if key is not None:
            self._done(SnoozeDialog.ask(self.ctx, key.customer_id, self), "Snoozed.")

    def open_customer(self) -> None:
        key = self.selected()
        if key is not None:
            self.ctx.customer_requested.emit(key.customer_id)

    def open_brief(self) -> None:
        key = self.selected()
        if key is not None:
            self.ctx.brief_requested.emit(key.customer_id, key.item_id if key.kind == "meeting" else None)


def install(window: MainWindow) -> None:
    page = TodayPage(window.ctx, window)
    window.add_page(
        "today", page, "&Today", "Ctrl+1", "to act on", count=page.nav_count, first=True
    )  # as it heads the day


def find_page(window: QObject) -> TodayPage | None:
    page = window.findChild(TodayPage, "todayPage")
    return page if isinstance(page, TodayPage) else None
