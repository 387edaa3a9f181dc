"""The customer list as a table model: ids are filtered and sorted in SQL, rows fetched in pages as shown.

The model holds only the ordered ids (a few bytes each); the text of a row is fetched with its page the
first time the view asks for it, so opening or scrolling ten thousand customers reads only what is seen.

Sorting by a column worked out per customer (last contact, health…) reads every customer's history: in
a window the new order is read on a worker thread, through a connection of its own, and the list takes
it when it comes (the lines read already stay: only their order changed).
"""

from __future__ import annotations

import contextlib
import logging
import threading
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QPainter, QPixmap
from PySide6.QtWidgets import QWidget

from journal.domain import vocab
from journal.domain.dates import day_date, relative, short_date
from journal.domain.money import format_minor
from journal.domain.records import CustomerRow
from journal.reads import queries
from journal.storage.db import Journal
from ui.shell import theme

log = logging.getLogger("sales_journal")

PAGE = 100
# Sorts worked out from every customer's meetings or promises: read on a worker in a window. The others
# are a customer column (an index or one pass over 10,000 rows) and read at once.
HISTORY_SORTS = frozenset({"last_contact", "next_due", "health"})

COLUMNS: tuple[tuple[str, str], ...] = (
    ("name", "Customer"),
    ("stage", "Stage"),
    ("last_contact", "Last contact"),
    ("next_due", "Promise due"),
    ("health", "Health"),
    ("value", "Value"),
    ("industry", "Industry"),
)

_TONES = ("overdue", "slipping")  # status colours of ui/shell/theme.py
TONE_ROLE = Qt.ItemDataRole.UserRole + 2  # the health's status colour name (ui/shell/theme.py)
# The health chip's colour for each status (drawn as the cell's decoration).
HEALTH_TONES = {"overdue": "overdue", "slipping": "slipping", "due": "due", "good": "good"}
HEALTH_WORDS = {"good": "On track", "due": "Due a touch", "slipping": "Slipping", "overdue": "Overdue",
                "new": "New", "paused": "Snoozed", "closed": "Closed"}  # fmt: skip
# Shown at first; the others are a right-click on the header away (and remembered).
SHOWN_AT_FIRST = ("name", "health", "next_due")

Index = QModelIndex | QPersistentModelIndex


def chip(tone: str) -> QPixmap:
    """A small rounded square of a status colour, drawn beside the health's word."""
    key = f"{theme.scheme()}/{tone}"
    if key not in _chips:
        pixmap = QPixmap(12, 12)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(theme.tone(tone))
        painter.drawRoundedRect(1, 1, 10, 10, 3, 3)
        painter.end()
        _chips[key] = pixmap
    return _chips[key]


_chips: dict[str, QPixmap] = {}


class CustomerListModel(QAbstractTableModel):
    _answered = Signal(int, object)  # the order asked for, the ids in that order (None: not read)

    def __init__(self, journal: Journal, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.journal = journal
        self.text = ""
        self.stage: str | None = None
        self.archived = False
        self.sort_key = "name"
        self.descending = False
        self._ids: list[int] = []
        self._rows: dict[int, CustomerRow] = {}
        self.rows_fetched = 0  # how many rows were read from the journal: tests check the paging
        self._asked = 0  # each order asked for; a worker's answer to an older one is dropped
        self.worker: threading.Thread | None = None  # reading a new order, when one is under way
        self._worker_asked = 0  # the order it reads
        self._wanted = 0  # the last order asked of a worker
        self._answered.connect(self._reordered)  # queued: emitted on the worker thread
        self.reload()

    # -- what to show ------------------------------------------------------------------------

    def set_filter(
        self, *, text: str | None = None, stage: str | None = "", archived: bool | None = None
    ) -> None:
        if text is not None:
            self.text = text
        if stage != "":
            self.stage = stage
        if archived is not None:
            self.archived = archived
        self.reload()

    def reload(self) -> None:
        self._asked += 1
        ids = queries.customer_ids(self.journal, **self._order())
        self.beginResetModel()
        self._ids = ids
        self._rows.clear()
        self.endResetModel()

    def _order(self) -> dict[str, Any]:
        """What decides which customers are listed, and in which order."""
        return {
            "text": self.text,
            "stage": self.stage,
            "archived": self.archived,
            "sort": self.sort_key,
            "descending": self.descending,
        }

    def _reorder_later(self) -> None:
        """Read the order on a worker thread; the list shows the one it has until it comes. One worker
        at a time: one asked for while another reads starts when that one ends."""
        self._asked += 1
        self._wanted = self._asked
        if self.worker is None:
            self._read_order()

    def _read_order(self) -> None:
        asked, order, journal = self._asked, self._order(), self.journal

        def work() -> None:
            try:
                twin = journal.twin()
                try:
                    ids: list[int] | None = queries.customer_ids(twin, **order)
                finally:
                    twin.close()
            except Exception:  # told where it can be: the order is read again on the window's thread
                log.warning("the customer list's order was not read on a worker", exc_info=True)
                ids = None
            with contextlib.suppress(RuntimeError):  # the list was closed meanwhile
                self._answered.emit(asked, ids)

        self.worker = threading.Thread(target=work, name="customer-order", daemon=True)
        self._worker_asked = asked
        self.worker.start()

    def _reordered(self, asked: int, ids: list[int] | None) -> None:
        """The worker's answer, on the window's thread."""
        if self.worker is not None:
            self.worker.join()  # it has said all it had to
            self.worker = None
        if not self.journal.is_open:
            return
        if asked == self._asked:
            if ids is None:
                self.reload()
                return
            self.beginResetModel()
            self._ids = ids
            self.endResetModel()
        elif self._wanted == self._asked != self._worker_asked:
            self._read_order()  # asked for while it read (and not read here since): read that one now

    def refresh_rows(self, customer_ids: frozenset[int] | None) -> None:
        """Re-read these customers' lines (None: every line) where they are shown, after an edit that
        keeps the order: a line read already is read again when next painted."""
        if customer_ids is None:
            self._rows.clear()
            if self._ids:
                self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, len(COLUMNS) - 1))
            return
        for cid in customer_ids & self._rows.keys():
            del self._rows[cid]
            row = self.row_of(cid)
            if row is not None:
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def customer_id(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, customer_id: int) -> int | None:
        try:
            return self._ids.index(customer_id)
        except ValueError:
            return None

    def row_record(self, row: int) -> CustomerRow | None:
        cid = self.customer_id(row)
        if cid is None:
            return None
        if cid not in self._rows:
            start = row - row % PAGE
            page = [i for i in self._ids[start : start + PAGE] if i not in self._rows]
            fetched = queries.customer_rows(self.journal, page)
            self.rows_fetched += len(fetched)
            self._rows.update(fetched)
        return self._rows.get(cid)

    # -- QAbstractTableModel -----------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                return COLUMNS[section][1]
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"Sort by {COLUMNS[section][1].lower()}"
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.UserRole:
            return self.customer_id(index.row())
        if role == TONE_ROLE:
            record = self.row_record(index.row())
            return HEALTH_TONES.get(record.health.status, "muted") if record is not None else ""
        if role == Qt.ItemDataRole.DecorationRole:
            if COLUMNS[index.column()][0] != "health":
                return None
            record = self.row_record(index.row())
            return chip(HEALTH_TONES.get(record.health.status, "muted")) if record is not None else None
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.ForegroundRole,
            Qt.ItemDataRole.TextAlignmentRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            return None
        row = self.row_record(index.row())
        if row is None:
            return None
        key = COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if key == "value":
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if key == "next_due" and row.next_due and row.next_due < self.journal.clock.today():
                return QBrush(theme.tone("overdue"))
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, key)
        if role == Qt.ItemDataRole.AccessibleTextRole and key == "health":
            return f"{self._text(row, key)}: {row.health.label}"
        return self._text(row, key)

    def _text(self, row: CustomerRow, key: str) -> str:
        today = self.journal.clock.today()
        match key:
            case "name":
                return row.name
            case "stage":
                return vocab.STAGE_LABELS.get(row.stage, row.stage)
            case "last_contact":
                return relative(row.last_contact, today) if row.last_contact else "never"
            case "next_due":
                return short_date(row.next_due, today) if row.next_due is not None else ""
            case "health":
                return HEALTH_WORDS.get(row.health.status, row.health.status.title())
            case "value":
                return format_minor(row.value_minor) if row.value_minor is not None else ""
            case "industry":
                return row.industry
        return ""

    def _tooltip(self, row: CustomerRow, key: str) -> str:
        if key == "last_contact" and row.last_contact:
            return day_date(row.last_contact, self.journal.clock.today())
        if key == "health":
            return row.health.label
        if key == "next_due" and row.next_due is not None:
            today = self.journal.clock.today()
            return f"{day_date(row.next_due, today)} ({relative(row.next_due, today)})"
        return self._text(row, key)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        key, descending = COLUMNS[column][0], order == Qt.SortOrder.DescendingOrder
        if (key, descending) == (self.sort_key, self.descending):
            return  # the view asks again when sorting is switched on or the indicator set: already so
        self.sort_key, self.descending = key, descending
        if key in HISTORY_SORTS and isinstance(QObject.parent(self), QWidget) and not self.journal.read_only:
            self._reorder_later()
        else:
            self.reload()
