"""Small dialogs for following up from Today: log a touch, snooze, release a promise, reschedule a revisit."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtWidgets import QHBoxLayout, QLabel, QSpinBox, QWidget

from journal.domain import health, vocab
from journal.domain.dates import day_date
from journal.domain.text import short
from journal.reads import queries
from journal.services import followup, promises
from journal.storage.changes import Changes
from ui.shell.context import AppContext
from ui.widgets.boxes import choice_box, text_box
from ui.widgets.fields import DateField, DateTimeField
from ui.widgets.forms import FormDialog

TOUCH_KINDS = {k: vocab.INTERACTION_KIND_LABELS[k] for k in ("call", "email", "message", "meeting", "visit")}


class TouchDialog(FormDialog):
    """A quick call, email or message: a line about it, and it counts as contact. For a not-now or lost
    customer, when to come back to them next."""

    def __init__(self, ctx: AppContext, customer_id: int, parent: QWidget | None = None) -> None:
        c = queries.customer(ctx.journal, customer_id)
        super().__init__(ctx, f"Log a touch with {c.name}", parent, save_text="Log")
        self.setObjectName("touchDialog")
        self.customer_id = customer_id
        self.kind = choice_box(TOUCH_KINDS, "call")
        self.when = DateTimeField(ctx.journal.clock)
        self.when.setText("now")
        self.note = text_box("What you said and what they said, in a line or two", 70)
        self.add_field("interaction_kind", "&Kind", self.kind)
        self.add_field("occurred_at", "W&hen", self.when)
        self.add_field("notes", "&Note", self.note)
        self.revisit: DateField | None = None
        if c.stage in followup.CLOSING_STAGES:
            self.revisit = DateField(ctx.journal.clock, optional=True)
            self.revisit.set_value(ctx.journal.clock.today() + timedelta(days=followup.REVISIT_DAYS))
            self.add_field(
                "revisit_on",
                "&Next revisit",
                self.revisit,
                hint="When to come back to them; clear it to keep the date as it is.",
            )
        self.mark_clean()
        self.note.setFocus()
        self.resize(520, self.sizeHint().height())

    def save(self) -> Changes:
        return followup.log_touch(
            self.ctx.journal,
            self.customer_id,
            interaction_kind=self.kind.currentData(),
            occurred_at=self.when.value(field="occurred_at"),
            note=self.note.toPlainText(),
            revisit_on=self.revisit.value(field="revisit_on") if self.revisit is not None else None,
        )

    @classmethod
    def ask(cls, ctx: AppContext, customer_id: int, parent: QWidget | None = None) -> Changes | None:
        dialog = cls(ctx, customer_id, parent)
        return dialog.changes if dialog.exec() else None


class SnoozeDialog(FormDialog):
    """Leave a slipping customer out of Today for some days."""

    def __init__(self, ctx: AppContext, customer_id: int, parent: QWidget | None = None) -> None:
        c = queries.customer_ref(ctx.journal, customer_id)
        super().__init__(ctx, f"Snooze {c.name}", parent, save_text="Snooze")
        self.setObjectName("snoozeDialog")
        self.customer_id = customer_id
        self.days = QSpinBox()
        self.days.setRange(1, health.SNOOZE_MAX_DAYS)
        self.days.setValue(health.SNOOZE_DAYS)
        self.days.setSuffix(" days")
        self.until = QLabel()
        self.until.setProperty("role", "hint")
        row = QWidget()
        box = QHBoxLayout(row)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.days)
        box.addWidget(self.until, 1)
        self.days.valueChanged.connect(self._echo)
        self.add_field("days", "Snooze &for", row, hint="They come back to Today on that day.")
        row.setFocusProxy(self.days)
        self._echo()
        self.mark_clean()

    def _echo(self) -> None:
        until = self.ctx.journal.clock.today() + timedelta(days=self.days.value())
        self.until.setText(f"until {day_date(until, self.ctx.journal.clock.today())}")

    def save(self) -> Changes:
        return followup.snooze(self.ctx.journal, self.customer_id, self.days.value())

    @classmethod
    def ask(cls, ctx: AppContext, customer_id: int, parent: QWidget | None = None) -> Changes | None:
        dialog = cls(ctx, customer_id, parent)
        return dialog.changes if dialog.exec() else None


class ReleaseDialog(FormDialog):
    """Let a promise go, honestly: why it is no longer needed."""

    def __init__(self, ctx: AppContext, promise_id: int, parent: QWidget | None = None) -> None:
        p = queries.promise(ctx.journal, promise_id)
        super().__init__(ctx, "Release promise", parent, save_text="Release")
        self.setObjectName("releaseDialog")
        self.promise_id = promise_id
        note = QLabel(f"“{short(p.text, 80)}” — {p.customer_name}")
        note.setWordWrap(True)
        self.form.addRow(note)
        self.reason = text_box("e.g. They found the figures themselves; agreed on the call", 70)
        self.add_field("release_reason", "&Why", self.reason)
        self.mark_clean()

    def save(self) -> Changes:
        return promises.release(self.ctx.journal, self.promise_id, reason=self.reason.toPlainText())

    @classmethod
    def ask(cls, ctx: AppContext, promise_id: int, parent: QWidget | None = None) -> Changes | None:
        dialog = cls(ctx, promise_id, parent)
        return dialog.changes if dialog.exec() else None


class RevisitDialog(FormDialog):
    """Come back to a not-now or lost customer on another date (what they said before is kept)."""

    def __init__(self, ctx: AppContext, customer_id: int, parent: QWidget | None = None) -> None:
        c = queries.customer(ctx.journal, customer_id)
        super().__init__(ctx, f"Revisit {c.name} later", parent, save_text="Reschedule")
        self.setObjectName("revisitDialog")
        self.customer_id = customer_id
        if c.revisit_reason:
            said = QLabel(f"They said: “{short(c.revisit_reason, 160)}”")
            said.setWordWrap(True)
            said.setProperty("role", "muted")
            self.form.addRow(said)
        self.when = DateField(ctx.journal.clock)
        self.when.set_value(ctx.journal.clock.today() + timedelta(days=followup.REVISIT_DAYS))
        self.reason = text_box("If they said something new, in their words (optional)", 60)
        self.add_field("revisit_on", "&Revisit on", self.when, hint="Three months is a good default.")
        self.add_field("reason", "What they &said", self.reason)
        self.mark_clean()

    def save(self) -> Changes:
        when = self.when.value(field="revisit_on")
        assert when is not None
        return followup.reschedule_revisit(
            self.ctx.journal, self.customer_id, when, reason=self.reason.toPlainText()
        )

    @classmethod
    def ask(cls, ctx: AppContext, customer_id: int, parent: QWidget | None = None) -> Changes | None:
        dialog = cls(ctx, customer_id, parent)
        return dialog.changes if dialog.exec() else None
