"""New customer / edit customer details."""

from __future__ import annotations

from typing import TypedDict

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QSpinBox, QWidget

from journal.domain import health, vocab
from journal.domain.errors import ValidationError
from journal.domain.money import format_minor, parse_money
from journal.reads import queries
from journal.services import customers, settings
from journal.storage.changes import Changes
from ui.shell.context import AppContext
from ui.widgets.forms import FormDialog


class CustomerFields(TypedDict):
    name: str
    customer_kind: str
    industry: str
    website: str
    value_minor: int | None
    cadence_days: int | None
    tags: list[str]
    about: str


class CustomerDialog(FormDialog):
    def __init__(
        self, ctx: AppContext, customer_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        title = "New customer" if customer_id is None else "Edit customer"
        super().__init__(ctx, title, parent, save_text="Create" if customer_id is None else "Save")
        self.setObjectName("customerDialog")
        self.customer_id = customer_id
        self.name = QLineEdit()
        self.name.setPlaceholderText("Company or person")
        self.kind = QComboBox()
        for value in vocab.CUSTOMER_KINDS:
            self.kind.addItem(value.title(), value)
        self.stage = QComboBox()
        for value in vocab.STAGES:
            self.stage.addItem(vocab.STAGE_LABELS[value], value)
        self.industry = QLineEdit()
        self.website = QLineEdit()
        self.value = QLineEdit()
        currency = settings.get(ctx.journal, "currency")
        self.value.setPlaceholderText(f"e.g. 12,500 or 12.5k ({currency})")
        self.cadence = QSpinBox()
        self.cadence.setRange(0, health.CADENCE_MAX_DAYS)
        self.cadence.setSpecialValueText("Stage default")
        self.cadence.setSuffix(" days")
        self.tags = QLineEdit()
        self.tags.setPlaceholderText("comma-separated, e.g. retail, north")
        self.about = QPlainTextEdit()
        self.about.setPlaceholderText("What they do, how they buy, anything worth knowing")
        self.about.setTabChangesFocus(True)
        self.about.setFixedHeight(90)

        self.add_field("name", "&Name", self.name)
        self.add_field("customer_kind", "&Kind", self.kind)
        if customer_id is None:
            self.add_field("stage", "&Stage", self.stage)
        self.add_field("industry", "&Industry", self.industry)
        self.add_field("website", "&Website", self.website)
        self.add_field("value_minor", "Estimated &value", self.value)
        self.add_field(
            "cadence_days",
            "Keep in &touch every",
            self.cadence,
            hint="Stage default: the cadence Preferences sets for their stage",
        )
        self.add_field("tags", "T&ags", self.tags)
        self.add_field("about", "A&bout", self.about)
        if customer_id is not None:
            self._fill(customer_id)
        self.resize(520, self.sizeHint().height())

    def _fill(self, customer_id: int) -> None:
        c = queries.customer(self.ctx.journal, customer_id)
        self.name.setText(c.name)
        self.kind.setCurrentIndex(max(0, self.kind.findData(c.customer_kind)))
        self.industry.setText(c.industry)
        self.website.setText(c.website)
        self.value.setText(format_minor(c.value_minor) if c.value_minor is not None else "")
        self.cadence.setValue(c.cadence_custom or 0)
        self.tags.setText(", ".join(c.tags))
        self.about.setPlainText(c.about)
        self.mark_clean()

    def _values(self) -> CustomerFields:
        try:
            value = parse_money(self.value.text())
        except ValueError as e:
            raise ValidationError(str(e), "value_minor") from None
        return CustomerFields(
            name=self.name.text(),
            customer_kind=self.kind.currentData(),
            industry=self.industry.text(),
            website=self.website.text(),
            value_minor=value,
            cadence_days=self.cadence.value() or None,
            tags=[t for t in self.tags.text().split(",") if t.strip()],
            about=self.about.toPlainText(),
        )

    def save(self) -> Changes:
        values = self._values()
        if self.customer_id is None:
            return customers.create_customer(self.ctx.journal, stage=self.stage.currentData(), **values)
        return customers.update_customer(self.ctx.journal, self.customer_id, **values)

    @classmethod
    def ask(
        cls, ctx: AppContext, customer_id: int | None = None, parent: QWidget | None = None
    ) -> Changes | None:
        dialog = cls(ctx, customer_id, parent)
        return dialog.changes if dialog.exec() else None
