"""Today as a two-level item model: a heading row per section ("Overdue — I owe · 3"), its rows beneath.

Headings are not selectable items (the keyboard walks from row to row across sections); an empty section
is its heading alone, saying so quietly. Each row knows what it is (`RowKey`), so the page can act on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, tzinfo
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QBrush, QFont, QGuiApplication, QPalette

from journal.domain import vocab
from journal.domain.dates import day_date, day_time, relative, short_date
from journal.domain.records import PromiseView
from journal.reads import today
from journal.reads.today import ComingUp, Revisit, SlippingCustomer, TodayReport
from journal.services.next_steps import NextStep
from ui.shell import theme

Index = QModelIndex | QPersistentModelIndex
KEY_ROLE = Qt.ItemDataRole.UserRole
COLUMNS = 3  # shown as when · who · what (a row's cells are kept as what · who · when)
CELL_OF_COLUMN = (2, 1, 0)  # read as a mail client's list: the words last, taking the rest of the width
ROW_HEIGHT = 24

_OVERDUE = "overdue"  # status colours of ui/shell/theme.py, looked up when painted
_SOON = "slipping"
_GOOD = "good"


@dataclass(frozen=True)
class RowKey:
    kind: str  # "promise" (mine), "next_step", "to_log", "theirs", "slipping", "revisit", "meeting", "date"
    item_id: int  # promise, customer, interaction (next step, meeting) or important-date id
    customer_id: int


@dataclass(frozen=True)
class TodayRow:
    key: RowKey | None  # None: the "… and N more" line
    cells: tuple[str, str, str]
    tip: str = ""
    tone: str | None = None  # a ui.theme status colour for the "when" cell
    record: object = None


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    total: int
    rows: tuple[TodayRow, ...]

    @property
    def heading(self) -> str:
        if not self.total:
            return f"{self.title} — {today.SECTION_EMPTY.get(self.key, NEXT_UP_EMPTY)}"
        return f"{self.title} · {self.total:,}"


def _promise_row(p: PromiseView, day: date, kind: str) -> TodayRow:
    late = p.days_late(day)
    tone: str | None
    if late:
        when, tone = (f"{late} days late" if late > 1 else "1 day late"), _OVERDUE
    else:
        when, tone = relative(p.due_on, day), (_SOON if p.due_on == day else None)
    who = f"{p.customer_name} · {p.contact_name}" if p.contact_name else p.customer_name
    owner = "You promised" if kind == "promise" else "They promised"
    tip = f"{owner} {p.customer_name}: {p.text}\nDue {day_date(p.due_on, day)}"
    return TodayRow(RowKey(kind, p.id, p.customer_id), (p.text, who, when), tip, tone, p)


def _next_step_row(s: NextStep, day: date) -> TodayRow:
    late = s.days_late(day)
    tone: str | None
    if late:
        when, tone = (f"{late} days late" if late > 1 else "1 day late"), _OVERDUE
    else:
        when, tone = relative(s.due_on, day), (_SOON if s.due_on == day else None)
    tip = (
        f"Next step with {s.customer_name}, decided {short_date(s.decided_on, day)}: {s.text}\n"
        f"Due {day_date(s.due_on, day)}. "
        "Ctrl+D done, Ctrl+Shift+S another day, Ctrl+Shift+X drop it."
    )
    key = RowKey("next_step", s.interaction_id, s.customer_id)
    return TodayRow(key, (s.text, f"{s.customer_name} · next step", when), tip, tone, s)


def _to_log_row(c: ComingUp, day: date, tz: tzinfo) -> TodayRow:
    assert c.at is not None
    local = c.at.astimezone(tz)
    days = (day - local.date()).days
    when = f"today, {local:%H:%M}" if days <= 0 else ("yesterday" if days == 1 else f"{days} days ago")
    what = c.title + (f" — {c.detail}" if c.detail else "")
    tip = (
        f"{c.title} at {c.customer_name}, {day_time(local, day)}: not logged yet.\n"
        "Ctrl+T logs how it went; Ctrl+Shift+X: it did not happen (cancel it)."
    )
    key = RowKey("to_log", c.item_id, c.customer_id)
    return TodayRow(key, (what, c.customer_name, when), tip, _SOON if days <= 0 else _OVERDUE, c)


def _slipping_row(s: SlippingCustomer) -> TodayRow:
    stage = vocab.STAGE_LABELS.get(s.stage, s.stage)
    when = f"{s.days_since} days" if s.last_contact else "never"
    tone = _OVERDUE if s.ratio >= 2 else _SOON
    tip = f"{s.name} ({stage}): {s.label}. Log a touch (Ctrl+T) or snooze them (Ctrl+Shift+N)."
    return TodayRow(
        RowKey("slipping", s.customer_id, s.customer_id), (s.name, f"{stage} · {s.label}", when), tip, tone, s
    )


def _revisit_row(r: Revisit, day: date) -> TodayRow:
    stage = vocab.STAGE_LABELS.get(r.stage, r.stage)
    said = f" — “{' '.join(r.reason.split())}”" if r.reason else ""
    when = "today" if r.days_waiting == 0 else f"{r.days_waiting} days ago"
    since = f"{stage} since {short_date(r.said_on, day)}" if r.said_on else stage
    due = short_date(r.revisit_on, day)
    tip = f"{r.name} — {since}.\nThey said: {r.reason}\nRevisit was due {due}."
    key = RowKey("revisit", r.customer_id, r.customer_id)
    return TodayRow(key, (f"{r.name}{said}", since, when), tip, _SOON, r)


def _coming_row(c: ComingUp, day: date, tz: tzinfo) -> TodayRow:
    when = "today" if c.day == day else ("tomorrow" if (c.day - day).days == 1 else day_date(c.day, day))
    if c.kind == "meeting":
        assert c.at is not None
        when += f", {c.at.astimezone(tz):%H:%M}"
        what = c.title + (f" — {c.detail}" if c.detail else "")
        tip = f"{c.title} at {c.customer_name}\n{c.detail}\nCtrl+B opens the brief."
        return TodayRow(
            RowKey("meeting", c.item_id, c.customer_id), (what, c.customer_name, when), tip.strip(), None, c
        )
    tip = f"{c.title} — {c.customer_name}, {relative(c.day, day)}"
    return TodayRow(RowKey("date", c.item_id, c.customer_id), (c.title, c.customer_name, when), tip, _GOOD, c)


NEXT_UP = "next_up"
NEXT_UP_TITLE = "Next up"
NEXT_UP_EMPTY = "No meetings today or tomorrow, and nothing of yours overdue."


def _soon_meeting(c: ComingUp, day: date) -> bool:
    return c.kind == "meeting" and (c.day - day).days in (0, 1)


def _next_up(report: TodayReport, tz: tzinfo) -> Section:
    """Today's and tomorrow's meetings, then what I owe that is overdue: the day's first things."""
    day = report.day
    meetings = [c for c in report.coming_up if _soon_meeting(c, day)]
    rows = [_coming_row(c, day, tz) for c in meetings]
    rows += [_promise_row(p, day, "promise") for p in report.overdue_mine]
    overdue = report.total("overdue_mine")
    if overdue > len(report.overdue_mine):
        more = f"… and {overdue - len(report.overdue_mine):,} more overdue"
        rows.append(
            TodayRow(None, (more, "", ""), "The Customers page, sorted by next promise due, lists them")
        )
    return Section(NEXT_UP, NEXT_UP_TITLE, len(meetings) + overdue, tuple(rows))


def sections_of(report: TodayReport, tz: tzinfo) -> tuple[Section, ...]:
    day = report.day
    out = [_next_up(report, tz)]
    for key in today.SECTIONS:
        if key == "overdue_mine":  # led by Next up
            continue
        items = report.section(key)
        if key == "coming_up":
            items = tuple(c for c in items if not _soon_meeting(c, day))
        rows: list[TodayRow] = []
        for item in items:
            if key in ("overdue_mine", "due_mine"):
                rows.append(_promise_row(item, day, "promise"))
            elif key == "next_steps":
                rows.append(_next_step_row(item, day))
            elif key == "to_log":
                rows.append(_to_log_row(item, day, tz))
            elif key == "chase_theirs":
                rows.append(_promise_row(item, day, "theirs"))
            elif key == "slipping":
                rows.append(_slipping_row(item))
            elif key == "revisit":
                rows.append(_revisit_row(item, day))
            else:
                rows.append(_coming_row(item, day, tz))
        total = report.total(key) - (len(report.section(key)) - len(items))
        if total > len(items):
            more = f"… and {total - len(items):,} more"
            rows.append(
                TodayRow(None, (more, "", ""), "The Customers page, sorted by health, lists them all")
            )
        out.append(Section(key, today.SECTION_TITLES[key], total, tuple(rows)))
    return tuple(out)


class TodayModel(QAbstractItemModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.sections: tuple[Section, ...] = ()

    def set_report(self, report: TodayReport, tz: tzinfo) -> None:
        self.beginResetModel()
        self.sections = sections_of(report, tz)
        self.endResetModel()

    # -- lookups the page uses -------------------------------------------------------------------

    def row_at(self, index: Index) -> TodayRow | None:
        if not index.isValid() or not index.internalId():
            return None
        section = self.sections[index.internalId() - 1]
        return section.rows[index.row()] if index.row() < len(section.rows) else None

    def key_at(self, index: Index) -> RowKey | None:
        row = self.row_at(index)
        return row.key if row is not None else None

    def index_of(self, key: RowKey) -> QModelIndex:
        for s, section in enumerate(self.sections):
            for r, row in enumerate(section.rows):
                if row.key == key:
                    return self.index(r, 0, self.index(s, 0))
        return QModelIndex()

    def section_index(self, key: str) -> QModelIndex:
        for s, section in enumerate(self.sections):
            if section.key == key:
                return self.index(s, 0)
        return QModelIndex()

    def item_at(self, position: int) -> QModelIndex:
        """The actionable row at `position` counted from the top (the last one past the end; none when
        there is none), without making an index for every row."""
        last = QModelIndex()
        for s, section in enumerate(self.sections):
            for r, row in enumerate(section.rows):
                if row.key is not None:
                    last = self.index(r, 0, self.index(s, 0))
                    if position == 0:
                        return last
                    position -= 1
        return last

    def position_of(self, index: Index) -> int:
        """How many actionable rows come before the one at `index` (0 when it is none)."""
        if self.key_at(index) is None:
            return 0
        section = index.internalId() - 1
        before = sum(1 for s in self.sections[:section] for row in s.rows if row.key is not None)
        return before + sum(1 for row in self.sections[section].rows[: index.row()] if row.key is not None)

    def item_indexes(self) -> list[QModelIndex]:
        """Every actionable row, top to bottom."""
        out: list[QModelIndex] = []
        for s, section in enumerate(self.sections):
            parent = self.index(s, 0)
            out.extend(self.index(r, 0, parent) for r, row in enumerate(section.rows) if row.key is not None)
        return out

    # -- QAbstractItemModel ----------------------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0)
        return self.createIndex(row, column, parent.row() + 1)

    # Qt's parent() of the model (a QObject) and parent(index) of an item share one Python name.
    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or not index.internalId():
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, 0)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self.sections)
        if parent.internalId() or parent.column() != 0:
            return 0
        return len(self.sections[parent.row()].rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return COLUMNS

    def flags(self, index: Index) -> Qt.ItemFlag:
        row = self.row_at(index)
        if row is None or row.key is None:
            return Qt.ItemFlag.NoItemFlags  # headings (clicked to fold) and "… more": never landed on
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if not index.internalId():
            return self._heading_data(self.sections[index.row()], index.column(), role)
        row = self.row_at(index)
        if row is None:
            return None
        col = CELL_OF_COLUMN[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return row.cells[col]
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.tip or row.cells[col]
        if role == KEY_ROLE:
            return row.key
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.key is None or col == 1:
                palette = QGuiApplication.palette()
                return QBrush(palette.color(QPalette.ColorGroup.Normal, QPalette.ColorRole.PlaceholderText))
            if col == 2 and row.tone is not None:
                return QBrush(theme.tone(row.tone))
        if role == Qt.ItemDataRole.SizeHintRole:
            return QSize(0, ROW_HEIGHT)
        return None

    def _heading_data(self, section: Section, col: int, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return section.heading  # a heading spans the row, drawn from whichever column comes first
        if role == Qt.ItemDataRole.ToolTipRole:
            return "Click to fold or unfold this section (← on a row folds it, → unfolds)"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole:
            font = QFont(QGuiApplication.font())
            font.setBold(bool(section.total))
            if section.total and font.pointSizeF() > 0:
                font.setPointSizeF(font.pointSizeF() * 1.1)
            return font
        if role == Qt.ItemDataRole.ForegroundRole:
            palette = QGuiApplication.palette()
            group = QPalette.ColorRole.Text if section.total else QPalette.ColorRole.PlaceholderText
            return QBrush(palette.color(QPalette.ColorGroup.Normal, group))
        if role == Qt.ItemDataRole.SizeHintRole:
            return QSize(0, 34 if section.total else 24)
        return None
