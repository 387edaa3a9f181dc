"""The shared form machinery: natural dates echoed back, messages under the field, nothing lost on cancel."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from journal.domain.clock import FixedClock
from journal.reads import queries
from journal.services import customers
from journal.storage.changes import Changes
from tests.conftest import NOW
from tests.ui.helpers import show_and_activate
from ui.widgets import forms
from ui.widgets.fields import DateField
from ui.widgets.forms import FormDialog


class NewCustomer(FormDialog):
    def __init__(self, ctx) -> None:
        super().__init__(ctx, "New customer")
        self.name = self.add_field("name", "&Name", QLineEdit())
        self.revisit = self.add_field("revisit_on", "&Revisit", DateField(ctx.journal.clock, optional=True))

    def save(self) -> Changes:
        self.revisit.value(field="revisit_on")
        return customers.create_customer(self.ctx.journal, name=self.name.text())


def test_date_field_echoes_what_it_understood(qtbot, ctx) -> None:
    field = DateField(ctx.journal.clock)
    qtbot.addWidget(field)
    qtbot.keyClicks(field.edit, "fri")
    assert field.value() == date(2026, 11, 27)
    assert field.echo.text() == "→ Fri 27 Nov (in 5 days)"
    field.edit.clear()
    qtbot.keyClicks(field.edit, "next blursday")
    assert field.echo.text() == "I don’t understand “next blursday” as a date."


@pytest.mark.parametrize(
    ("order", "echo"),
    [
        ("MDY", "→ Tue 1 Dec (in 9 days)"),
        ("DMY", "→ Tue 12 Jan 2027 (in 51 days)"),
        (None, "“12/1” could be 1 December or 12 January."),
    ],
)
def test_a_numeric_date_is_read_in_the_reps_order_and_shown_back(qtbot, order, echo) -> None:
    field = DateField(FixedClock(NOW, date_order=order))
    qtbot.addWidget(field)
    qtbot.keyClicks(field.edit, "12/1")
    assert field.echo.text() == echo


def test_validation_shows_next_to_the_field_and_writes_nothing(qtbot, ctx) -> None:
    dialog = NewCustomer(ctx)
    qtbot.addWidget(dialog)
    show_and_activate(qtbot, dialog)
    qtbot.keyClicks(dialog.revisit.edit, "31/02")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    error = dialog.findChild(type(dialog.general_error), "revisit_onError")
    assert error.isVisible() and "no 31 February" in error.text()
    assert dialog.isVisible()
    dialog.revisit.edit.clear()
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    name_error = dialog.findChild(type(dialog.general_error), "nameError")
    assert name_error.isVisible() and "cannot be empty" in name_error.text()
    assert queries.customer_count(ctx.journal) == 0
    qtbot.keyClicks(dialog.name, "Acme")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert not dialog.isVisible()
    assert [c.name for c in queries.find_customers(ctx.journal, "acme")] == ["Acme"]


@pytest.mark.parametrize("answer", [False, True])
def test_cancel_with_typed_text_asks_first(qtbot, ctx, monkeypatch, answer: bool) -> None:
    asked = []
    monkeypatch.setattr(forms, "confirm", lambda *a, **k: asked.append(a[1]) or answer)
    dialog = NewCustomer(ctx)
    qtbot.addWidget(dialog)
    show_and_activate(qtbot, dialog)
    qtbot.keyClicks(dialog.name, "Half-typed")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Escape)
    assert asked == ["Discard what you typed?"]
    assert dialog.isVisible() is (not answer)


def test_cancel_of_an_untouched_form_does_not_ask(qtbot, ctx, monkeypatch) -> None:
    monkeypatch.setattr(forms, "confirm", lambda *a, **k: pytest.fail("asked for nothing"))
    dialog = NewCustomer(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClick(dialog.name, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
