"""The customer list model: correct rows, sorted and filtered in SQL, read a page at a time."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt

from journal.services import customers, interactions, promises
from ui.customers.list_model import PAGE, TONE_ROLE, CustomerListModel


def _make(journal, n: int) -> list[int]:
    return [
        customers.create_customer(journal, name=f"Customer {i:04}").created_id("customer") for i in range(n)
    ]


def test_passes_qt_model_checks(qtmodeltester, journal) -> None:
    _make(journal, 30)
    model = CustomerListModel(journal)
    qtmodeltester.check(model, force_py=True)
    model.sort(2, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model, force_py=True)


def test_reads_only_the_pages_it_shows(journal) -> None:
    _make(journal, PAGE * 3 + 5)
    model = CustomerListModel(journal)
    assert model.rowCount() == PAGE * 3 + 5
    assert model.rows_fetched == 0
    assert model.data(model.index(0, 0)) == "Customer 0000"
    assert model.rows_fetched == PAGE
    assert model.data(model.index(PAGE * 3 + 4, 0)) == f"Customer {PAGE * 3 + 4:04}"
    assert model.rows_fetched == PAGE + 5


def test_sorts_by_last_contact_and_overdue_promises_stand_out(journal, clock) -> None:
    old, recent, never = _make(journal, 3)
    now = clock.now()
    interactions.add_interaction(journal, old, occurred_at=now - timedelta(days=40), notes="first call")
    interactions.add_interaction(journal, recent, occurred_at=now - timedelta(days=2), notes="demo")
    promises.add_promise(journal, old, text="Send pricing", due_on=clock.today() - timedelta(days=3))
    model = CustomerListModel(journal)
    model.sort(2, Qt.SortOrder.DescendingOrder)
    assert [model.customer_id(r) for r in range(3)] == [recent, old, never]
    assert model.data(model.index(0, 2)) == "2 days ago"
    assert model.data(model.index(2, 2)) == "never"
    row = model.row_of(old)
    assert model.data(model.index(row, 4)) == "Overdue"  # beside a chip of the overdue colour
    assert model.data(model.index(row, 4), Qt.ItemDataRole.ToolTipRole) == "1 promise of mine overdue"
    assert model.data(model.index(row, 4), TONE_ROLE) == "overdue"
    assert "3 days ago" in model.data(model.index(row, 3), Qt.ItemDataRole.ToolTipRole)


def test_filters_by_text_stage_and_archive(journal) -> None:
    a, b, c = _make(journal, 3)
    customers.update_customer(journal, b, industry="Bakery")
    customers.set_stage(journal, c, "proposal")
    customers.archive_customer(journal, a)
    model = CustomerListModel(journal)
    assert model.rowCount() == 2
    model.set_filter(text="baker")
    assert [model.customer_id(r) for r in range(model.rowCount())] == [b]
    model.set_filter(text="", stage="proposal")
    assert [model.customer_id(r) for r in range(model.rowCount())] == [c]
    model.set_filter(stage=None, archived=True)
    assert [model.customer_id(r) for r in range(model.rowCount())] == [a]
