"""Creating and editing a customer by typing, checked in the journal."""

from __future__ import annotations

from PySide6.QtCore import Qt

from journal.reads import queries
from journal.services import customers
from tests.ui.helpers import show_and_activate
from ui.customers.customer_dialog import CustomerDialog


def test_create_by_keyboard(qtbot, ctx) -> None:
    dialog = CustomerDialog(ctx)
    qtbot.addWidget(dialog)
    show_and_activate(qtbot, dialog)
    qtbot.keyClicks(dialog.name, "Northwind Traders")
    qtbot.keyClicks(dialog.industry, "Wholesale")
    qtbot.keyClicks(dialog.value, "12.5k")
    qtbot.keyClicks(dialog.tags, "retail, north")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert not dialog.isVisible()
    [ref] = queries.find_customers(ctx.journal, "northwind")
    detail = queries.customer(ctx.journal, ref.id)
    assert (detail.industry, detail.value_minor, detail.tags) == ("Wholesale", 1_250_000, ("north", "retail"))


def test_bad_value_is_explained_and_nothing_saved(qtbot, ctx) -> None:
    dialog = CustomerDialog(ctx)
    qtbot.addWidget(dialog)
    show_and_activate(qtbot, dialog)
    qtbot.keyClicks(dialog.name, "Northwind")
    qtbot.keyClicks(dialog.value, "lots")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.isVisible()
    assert "not an amount" in dialog.findChild(type(dialog.general_error), "value_minorError").text()
    assert queries.customer_count(ctx.journal) == 0


def test_edit_shows_current_values_and_saves_changes(qtbot, ctx) -> None:
    cid = customers.create_customer(
        ctx.journal, name="Acme", industry="Food", value_minor=500_000
    ).created_id("customer")
    dialog = CustomerDialog(ctx, cid)
    qtbot.addWidget(dialog)
    show_and_activate(qtbot, dialog)
    assert (dialog.name.text(), dialog.value.text()) == ("Acme", "5,000")
    assert not dialog.is_dirty()
    dialog.industry.selectAll()
    qtbot.keyClicks(dialog.industry, "Bakery")
    qtbot.keyClick(dialog.industry, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert queries.customer(ctx.journal, cid).industry == "Bakery"
