"""The customer list model: correct rows, sorted and filtered in SQL, read a page at a time."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

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


def test_sorting_in_the_window_reads_the_new_order_off_the_windows_connection(qtbot, ctx) -> None:
    """Ordering ten thousand customers by their history takes longer than a pause may: the window's own
    connection runs no statement for it (a worker reads it), and only lines not read yet are read."""
    from ui.customers.page import CustomersPage

    ids = _make(ctx.journal, PAGE + 20)
    now = ctx.journal.clock.now()
    for n, cid in enumerate(ids[:5]):
        interactions.add_interaction(ctx.journal, cid, occurred_at=now - timedelta(days=n + 1), notes="call")
    page = CustomersPage(ctx)
    qtbot.addWidget(page)
    page.resize(900, 600)
    page.show()
    qtbot.waitExposed(page)
    model = page.model
    assert model.data(model.index(0, 0)) == "Customer 0000"
    read_before = model.rows_fetched

    seen: list[str] = []
    ctx.journal.conn().set_trace_callback(seen.append)
    try:
        model.sort(2, Qt.SortOrder.DescendingOrder)
        assert seen == [], "the window's thread waits for no query"
        assert model.worker is not None
        with qtbot.waitSignal(model.modelReset, timeout=5000):
            pass
    finally:
        ctx.journal.conn().set_trace_callback(None)
    assert [model.customer_id(r) for r in range(5)] == ids[:5]  # most recent contact first
    QApplication.processEvents()
    assert model.rows_fetched == read_before, "the lines shown were read already: none is read again"
    qtbot.waitUntil(lambda: model.worker is None)
