"""Who was there: the customer's people to tick, and (when logging) a line to add someone new."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QLabel, QLineEdit, QListView, QVBoxLayout, QWidget

from journal.domain.text import fold_name
from journal.reads import queries
from ui.shell.context import AppContext
from ui.widgets.checklist import CheckItem, CheckListModel

ROW_HEIGHT = 22


class AttendeePicker(QWidget):
    """A checkable list of a customer's people. With `allow_new`, "name, role" + Enter adds a new person
    (ticked); their key is their name until the log creates them."""

    changed = Signal()

    def __init__(
        self,
        ctx: AppContext,
        customer_id: int | None,
        *,
        allow_new: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = CheckListModel(self)
        self.view = QListView(self)
        self.view.setObjectName("attendeeList")
        self.view.setModel(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setToolTip("Space ticks the person under the cursor")
        self.empty = QLabel("No people recorded for this customer yet.", self)
        self.empty.setProperty("role", "hint")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.view)
        layout.addWidget(self.empty)
        self.new_person: QLineEdit | None = None
        if allow_new:
            self.new_person = QLineEdit(self)
            self.new_person.setObjectName("newPerson")
            self.new_person.setAccessibleName("Add someone new")
            self.new_person.setPlaceholderText("Someone new? Name, role — then Enter")
            self.new_person.setClearButtonEnabled(True)
            self.new_person.installEventFilter(self)
            layout.addWidget(self.new_person)
        self.setFocusProxy(self.view)
        self.model.toggled.connect(self.changed.emit)
        self.load(customer_id)

    def setAccessibleName(self, name: str) -> None:
        super().setAccessibleName(name)
        self.view.setAccessibleName(name)

    def load(self, customer_id: int | None, checked: set[int] | None = None) -> None:
        people = queries.contacts(self.ctx.journal, customer_id) if customer_id is not None else []
        self._names: dict[int | str, str] = {c.id: c.name for c in people}
        self.model.set_items(
            CheckItem(c.id, f"{c.name} — {c.role}" if c.role else c.name, c.id in (checked or set()))
            for c in people
        )
        self._fit()

    def _fit(self) -> None:
        count = self.model.rowCount()
        self.view.setVisible(count > 0)
        self.empty.setVisible(count == 0)
        row = self.view.sizeHintForRow(0) if count else ROW_HEIGHT
        self.view.setFixedHeight(min(6, max(1, count)) * max(row, 16) + 2 * self.view.frameWidth() + 2)
        if count and not self.view.currentIndex().isValid():
            self.view.setCurrentIndex(self.model.index(0))

    def checked_ids(self) -> list[int]:
        return [k for k in self.model.checked_keys() if isinstance(k, int)]

    def set_checked_ids(self, ids: set[int]) -> None:
        for item in self.model.items():
            if isinstance(item.key, int):
                self.model.set_checked(item.key, item.key in ids)

    def new_people(self) -> list[tuple[str, str]]:
        """(name, role) of the people added here and still ticked."""
        return [
            (str(item.key), item.tip)
            for item in self.model.items()
            if isinstance(item.key, str) and item.checked
        ]

    def people(self) -> list[tuple[int | str, str]]:
        """Everyone who could be named in an item of this log: (contact id or new name, name)."""
        return list(self._names.items())

    def add_new(self, text: str) -> bool:
        """Tick someone by "name, role": an existing person of that name, or a new one."""
        name, _, role = text.partition(",")
        name, role = " ".join(name.split()), " ".join(role.split())
        if not name:
            return False
        for key, known in self._names.items():
            if fold_name(known) == fold_name(name):
                self.model.set_checked(key, True)
                return True
        self._names[name] = name
        self.model.add(CheckItem(name, f"{name} — {role} (new)" if role else f"{name} (new)", True, role))
        self._fit()
        self.changed.emit()
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.new_person
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            assert self.new_person is not None
            if self.add_new(self.new_person.text()):
                self.new_person.clear()
            return True
        return super().eventFilter(watched, event)
