"""Small one-question dialogs: a new date, and a customer's stage (with the reason and revisit date)."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from journal.domain import vocab
from journal.reads import queries
from journal.services import customers
from journal.storage.changes import Changes
from ui.shell.context import AppContext
from ui.widgets.boxes import text_box
from ui.widgets.fields import DateField
from ui.widgets.forms import FormDialog

REVISIT_DAYS = 90


class DateDialog(FormDialog):
    def __init__(self, ctx: AppContext, title: str, label: str, parent: QWidget | None = None) -> None:
        super().__init__(ctx, title, parent, save_text="OK")
        self.setObjectName("dateDialog")
        self.value: date | None = None
        self.when = DateField(ctx.journal.clock)
        self.add_field("date", label, self.when)

    def save(self) -> Changes:
        self.value = self.when.value(field="date")
        return Changes(self.windowTitle())


def ask_date(parent: QWidget | None, ctx: AppContext, title: str, label: str) -> date | None:
    dialog = DateDialog(ctx, title, label, parent)
    return dialog.value if dialog.exec() else None


class StageDialog(FormDialog):
    """Move a customer along; not now and lost ask for their reason and when to come back."""

    def __init__(self, ctx: AppContext, customer_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "Change stage", parent, save_text="Change stage")
        self.setObjectName("stageDialog")
        self.customer_id = customer_id
        c = queries.customer(ctx.journal, customer_id)
        self.stage = QComboBox()
        for value in vocab.STAGES:
            self.stage.addItem(vocab.STAGE_LABELS[value], value)
        self.stage.setCurrentIndex(max(0, self.stage.findData(c.stage)))
        self.reason = text_box("The reason they gave, in their words", 70)
        self.revisit = DateField(ctx.journal.clock, optional=True)
        self.note = QLabel(f"{c.name} is now at {vocab.STAGE_LABELS[c.stage]}.")
        self.note.setProperty("role", "hint")
        self.form.addRow(self.note)
        self.add_field("stage", "&Stage", self.stage)
        self.add_field("reason", "&Their reason", self.reason)
        self.add_field("revisit_on", "&Revisit on", self.revisit, hint="Three months is a good default.")
        self.stage.currentIndexChanged.connect(self._stage_changed)
        self._stage_changed()
        self.mark_clean()

    def _stage_changed(self) -> None:
        closing = self.stage.currentData() in ("lost", "not_now")
        for name in ("reason", "revisit_on"):
            self.show_field(name, closing)
        if closing and not self.revisit.text():
            self.revisit.set_value(self.ctx.journal.clock.today() + timedelta(days=REVISIT_DAYS))

    def save(self) -> Changes:
        stage = self.stage.currentData()
        closing = stage in ("lost", "not_now")
        return customers.set_stage(
            self.ctx.journal,
            self.customer_id,
            stage,
            reason=self.reason.toPlainText() if closing else "",
            revisit_on=self.revisit.value(field="revisit_on") if closing else None,
        )
