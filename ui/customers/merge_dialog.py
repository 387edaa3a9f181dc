"""Merge into…: a customer typed in twice, or a person, merged into the record to keep
(journal/services/merging.py).
Type part of the name of the one to keep; Ctrl+Enter merges; Ctrl+Z takes the merge back."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from journal.domain.errors import ValidationError
from journal.reads import queries
from journal.services import merging
from journal.storage.changes import Changes
from ui.shell.context import AppContext
from ui.widgets.customer_picker import CustomerPicker
from ui.widgets.forms import FormDialog


class MergeCustomerDialog(FormDialog):
    def __init__(self, ctx: AppContext, customer_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "Merge customer", parent, save_text="Merge")
        self.setObjectName("mergeCustomerDialog")
        self.customer_id = customer_id
        name = queries.customer_ref(ctx.journal, customer_id).name
        note = QLabel(
            f"Everything about “{name}” — people, meetings, needs, promises, dates and tags — moves to the "
            "customer you choose, which fills its empty fields from it and keeps both notes. Then "
            f"“{name}” is removed. Ctrl+Z takes it back.",
            self,
        )
        note.setWordWrap(True)
        note.setProperty("role", "hint")
        self.form.addRow(note)
        self.into = CustomerPicker(ctx.journal, self, placeholder="Type part of the name of the one to keep")
        self.add_field("into", "Merge &into", self.into)
        self.mark_clean()

    def save(self) -> Changes:
        if self.into.customer_id is None:
            raise ValidationError("Choose the customer to keep: type part of its name, then Enter.", "into")
        return merging.merge_customers(self.ctx.journal, self.customer_id, self.into.customer_id)

    @classmethod
    def ask(cls, ctx: AppContext, customer_id: int, parent: QWidget | None = None) -> Changes | None:
        dialog = cls(ctx, customer_id, parent)
        return dialog.changes if dialog.exec() else None


class MergePersonDialog(FormDialog):
    """A person merged into another at the same customer; or, if they moved, into someone at another."""

    def __init__(self, ctx: AppContext, person_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "Merge person", parent, save_text="Merge")
        self.setObjectName("mergePersonDialog")
        self.person = queries.contact(ctx.journal, person_id)
        note = QLabel(
            f"What you know about {self.person.name} — notes, rapport, dates, needs, promises and meetings — "
            "moves to the person you choose, whose empty fields are filled from it. Ctrl+Z takes it back.",
            self,
        )
        note.setWordWrap(True)
        note.setProperty("role", "hint")
        self.form.addRow(note)
        self.customer = CustomerPicker(ctx.journal, self)
        self.customer.choose_quietly(self.person.customer_id)
        self.customer.picked.connect(lambda _cid: self._fill_people())
        self.add_field(
            "customer",
            "&At",
            self.customer,
            hint="Another customer only if they moved there: their history here stays here.",
        )
        self.into = QComboBox(self)
        self.add_field("into", "Merge &into", self.into)
        self._fill_people()
        self.mark_clean()

    def _fill_people(self) -> None:
        self.into.clear()
        cid = self.customer.customer_id
        if cid is None:
            return
        for p in queries.contacts(self.ctx.journal, cid):
            if p.id != self.person.id:
                self.into.addItem(f"{p.name} — {p.role}" if p.role else p.name, p.id)

    def save(self) -> Changes:
        into = self.into.currentData()
        if into is None:
            raise ValidationError("Choose the person to keep.", "into")
        moved = self.customer.customer_id != self.person.customer_id
        return merging.merge_people(self.ctx.journal, self.person.id, int(into), moved=moved)

    @classmethod
    def ask(cls, ctx: AppContext, person_id: int, parent: QWidget | None = None) -> Changes | None:
        dialog = cls(ctx, person_id, parent)
        return dialog.changes if dialog.exec() else None
