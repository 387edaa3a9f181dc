"""Every view fits a 1366×768 laptop: no page asks for more width, and the customer list never scrolls
sideways; the columns that do not fit are a right-click on the header away, and remembered."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QMenu

from journal.sample import fill_sample
from journal.services import customers
from tests.ui.helpers import show_and_activate
from ui.customers.list_model import COLUMNS
from ui.customers.page import CustomersPage
from ui.shell.app import build_window
from ui.shell.navigation import NavigationRail

CTRL = Qt.KeyboardModifier.ControlModifier
LAPTOP = (1366, 768)


def laptop_window(qtbot, journal, qsettings):
    window = build_window(journal, qsettings)
    qtbot.addWidget(window)
    window.resize(*LAPTOP)
    show_and_activate(qtbot, window)
    return window


def test_every_page_and_the_window_fit_1366_pixels(qtbot, journal, qsettings) -> None:
    fill_sample(journal, size="small")
    window = laptop_window(qtbot, journal, qsettings)
    for key in ("today", "customers", "reflections"):
        window.show_page(key)
        page = window.page(key)
        assert page.minimumSizeHint().width() <= LAPTOP[0] - window.rail.width(), key
    assert window.minimumSizeHint().width() <= LAPTOP[0]


def test_the_customer_list_never_scrolls_sideways_at_1366(qtbot, ctx) -> None:
    fill_sample(ctx.journal, size="small")
    # The page as the window holds it on a 1366×768 screen, beside the navigation rail. (Offscreen, the
    # window itself is clamped to the virtual screen, which is smaller.)
    page = CustomersPage(ctx)
    qtbot.addWidget(page)
    page.resize(LAPTOP[0] - NavigationRail().width(), LAPTOP[1] - 60)
    page.show()
    qtbot.waitExposed(page)
    table = page.table
    qtbot.waitUntil(lambda: table.viewport().width() > 100)
    QApplication.processEvents()
    header = table.horizontalHeader()
    shown = [c for c in range(len(COLUMNS)) if not table.isColumnHidden(c)]
    assert [COLUMNS[c][1] for c in shown] == ["Customer", "Promise due", "Health"]
    assert not table.horizontalScrollBar().isVisible()
    assert sum(header.sectionSize(c) for c in shown) <= table.viewport().width()
    # The longest sample names are not cut to a stub: the name column keeps a readable width.
    assert header.sectionSize(0) >= 150
    health = table.model().index(0, next(c for c in shown if COLUMNS[c][0] == "health"))
    # A chip of colour with words beside it, and the whole story for a screen reader.
    assert health.data() in ("On track", "Due a touch", "Slipping", "Overdue", "New", "Snoozed", "Closed")
    assert health.data(Qt.ItemDataRole.AccessibleTextRole).startswith(f"{health.data()}: ")


def test_columns_come_back_from_the_header_menu_and_are_remembered(qtbot, journal, qsettings) -> None:
    customers.create_customer(journal, name="Acme Bakery", industry="Food")
    window = laptop_window(qtbot, journal, qsettings)
    window.show_page("customers")
    page = window.page("customers")
    industry = next(n for n, (key, _t) in enumerate(COLUMNS) if key == "industry")
    assert page.table.isColumnHidden(industry)

    menu = page.column_menu()
    assert isinstance(menu, QMenu)
    menu.findChild(type(menu.actions()[0]), "column_industry").trigger()
    assert not page.table.isColumnHidden(industry)
    window.close()  # saves the header

    again = laptop_window(qtbot, journal, qsettings)
    again.show_page("customers")
    assert not again.page("customers").table.isColumnHidden(industry)
    assert QPoint  # the menu is the header's context menu (right-click), checked above via column_menu
