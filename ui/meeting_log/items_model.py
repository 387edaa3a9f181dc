"""Item models of the Log meeting form: the lines added in a section, and the customer's open items."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from journal.domain import vocab
from journal.domain.dates import relative, short_date
from journal.domain.text import short
from journal.reads import queries
from journal.services import next_steps
from journal.storage.db import Journal

Index = QModelIndex | QPersistentModelIndex
Item = dict[str, Any]


class EntryListModel(QAbstractListModel):
    """The items added in one quick-add section, as plain dicts (so a draft can keep them as they are)."""

    def __init__(self, describe: Callable[[Item], str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.describe = describe
        self._items: list[Item] = []

    def items(self) -> list[Item]:
        return [dict(i) for i in self._items]

    def set_items(self, items: list[Item]) -> None:
        self.beginResetModel()
        self._items = [dict(i) for i in items]
        self.endResetModel()

    def add(self, item: Item) -> int:
        row = len(self._items)
        self.beginInsertRows(QModelIndex(), row, row)
        self._items.append(dict(item))
        self.endInsertRows()
        return row

    def take(self, row: int) -> Item:
        self.beginRemoveRows(QModelIndex(), row, row)
        item = self._items.pop(row)
        self.endRemoveRows()
        return item

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.describe(self._items[index.row()])
        if role == Qt.ItemDataRole.ToolTipRole:
            return "Delete removes it; Enter takes it back into the line above to change it"
        return None


# What ticking an open item does, in turn (Space again moves to the next; after the last, back to nothing).
CHOICES: dict[str, tuple[str, ...]] = {
    "need": ("addressed", "resolved", "dropped"),
    "addressed_need": ("resolved", "dropped"),
    "objection": ("resolved", "answered"),
    "question": ("asked",),
    "promise": ("kept",),
    "next_step": ("done",),
    "hook": ("asked",),
}


@dataclass
class OpenItem:
    kind: str  # need, objection, question, promise, next_step (its meeting's id), hook (a rapport fact's)
    id: int
    text: str
    choices: tuple[str, ...]
    state: str = ""  # "" or one of choices
    answer: str = ""  # a question's answer, or what I answered an objection with this time
    tone: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.id}"


OPEN_LIMIT = 60  # of each kind: the most important and newest (the rest stay on the customer page)


def open_items(journal: Journal, customer_id: int) -> list[OpenItem]:
    """What is still open with a customer, in the order a rep runs through it after a meeting."""
    today = journal.clock.today()
    out: list[OpenItem] = []
    for p in queries.promises(journal, customer_id, statuses=vocab.OPEN_STATUSES["promise"]):
        who = "I promised" if p.owner == "me" else "They promised"
        late = p.days_late(today)
        due = f"due {short_date(p.due_on, today)}" + (f", {late} days late" if late else "")
        out.append(
            OpenItem(
                "promise",
                p.id,
                f"{who}: {p.text} ({due})",
                CHOICES["promise"],
                tone="late" if late else "",
                extra={"text": p.text, "owner": p.owner},
            )
        )
    for s in next_steps.open_next_steps(journal, customer_id=customer_id, limit=OPEN_LIMIT)[0]:
        late = s.days_late(today)
        due = f"by {short_date(s.due_on, today)}" + (f", {late} days late" if late else "")
        out.append(
            OpenItem("next_step", s.interaction_id, f"Next step: {s.text} ({due})", CHOICES["next_step"])
        )
    for f in queries.rapport_facts(journal, customer_id):
        if f.hook and not f.hook_asked:
            out.append(OpenItem("hook", f.id, f"Ask {f.contact_name}: {f.hook}", CHOICES["hook"]))
    for n in queries.needs(journal, customer_id, statuses=vocab.OPEN_STATUSES["need"], limit=OPEN_LIMIT):
        kind = vocab.NEED_KIND_LABELS[n.need_kind]
        status = " (addressed)" if n.status == "addressed" else ""
        choices = CHOICES["addressed_need" if n.status == "addressed" else "need"]
        out.append(OpenItem("need", n.id, f"{kind}: {n.text}{status}", choices, extra={"text": n.text}))
    for o in queries.objections(
        journal, customer_id, statuses=vocab.OPEN_STATUSES["objection"], limit=OPEN_LIMIT
    ):
        answered = f" (I answered: {short(o.response, 60)})" if o.status == "answered" and o.response else ""
        out.append(
            OpenItem(
                "objection",
                o.id,
                f"Objection: {o.concern}{answered}",
                CHOICES["objection"],
                extra={"text": o.concern},
            )
        )
    for q in queries.questions(
        journal, customer_id, statuses=vocab.OPEN_STATUSES["question"], limit=OPEN_LIMIT
    ):
        out.append(OpenItem("question", q.id, f"To ask: {q.text}", CHOICES["question"]))
    return out


# The second column takes words for these: a question's answer, my answer to an objection this time.
TYPED = {"question": ("Answer", "asked"), "objection": ("I answered", "answered")}

STATE_WORDS = {
    "answered": "→ answered",
    "addressed": "→ addressed",
    "resolved": "→ resolved",
    "dropped": "→ dropped",
    "kept": "→ kept",
    "done": "→ done",
    "asked": "→ asked",
}


class OpenItemsModel(QAbstractTableModel):
    """Open items with a tick each: Space marks one done (again: the next state); a question takes its
    answer in the second column."""

    ticked = Signal()

    COLUMNS = ("Open item", "What happened")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._items: list[OpenItem] = []

    def set_items(self, items: list[OpenItem]) -> None:
        self.beginResetModel()
        self._items = items
        self.endResetModel()

    def items(self) -> list[OpenItem]:
        return list(self._items)

    def row_of(self, key: str) -> int | None:
        return next((n for n, item in enumerate(self._items) if item.key == key), None)

    def cycle(self, row: int) -> None:
        item = self._items[row]
        order = ("", *item.choices)
        item.state = order[(order.index(item.state) + 1) % len(order)] if item.state in order else ""
        self._changed(row)

    def set_state(self, key: str, state: str, answer: str = "") -> None:
        row = self.row_of(key)
        if row is None:
            return
        item = self._items[row]
        item.state = state if state in item.choices else ""
        item.answer = answer
        self._changed(row)

    def _changed(self, row: int) -> None:
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))
        self.ticked.emit()

    # -- QAbstractTableModel -----------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section] if 0 <= section < len(self.COLUMNS) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.CheckStateRole and column == 0:
            return Qt.CheckState.Checked if item.state else Qt.CheckState.Unchecked
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == 0:
                return item.text
            if item.kind == "question" and not item.answer:
                return "→ asked (type the answer)" if item.state else ""
            if item.kind in TYPED and item.answer:
                said = f"{TYPED[item.kind][0]}: {short(item.answer, 80)}"
                return f"{said} → resolved" if item.state == "resolved" else said
            return STATE_WORDS.get(item.state, "")
        if role == Qt.ItemDataRole.EditRole and column == 1:
            return item.answer
        if role == Qt.ItemDataRole.ToolTipRole:
            if item.kind == "question":
                how = "Space: asked. Type in the second column to note their answer."
            elif item.kind == "objection":
                how = (
                    "Space: resolved (my answer worked); again: answered. "
                    "Type in the second column what I answered this time."
                )
            else:
                how = f"Space marks it {', then '.join(item.choices)}; once more clears it."
            return f"{item.text}\n\n{how}"
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == 0:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        elif self._items[index.row()].kind in TYPED:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        row = index.row()
        if role == Qt.ItemDataRole.CheckStateRole and index.column() == 0:
            self.cycle(row)
            return True
        if role == Qt.ItemDataRole.EditRole and index.column() == 1 and self._items[row].kind in TYPED:
            item = self._items[row]
            item.answer = str(value)
            if item.answer.strip() and not item.state:
                item.state = TYPED[item.kind][1]
            self._changed(row)
            return True
        return False


def describe_date(day: date, today: date) -> str:
    return f"{day:%a} {short_date(day, today)} ({relative(day, today)})"
