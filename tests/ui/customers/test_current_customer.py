"""The customer shown on the Customers page is the one Brief (Ctrl+B), Log (Ctrl+L) and the customer
actions act on, however the rep got there: switching pages, clicking or arrowing through the list, or
the search palette."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QPushButton

from journal.reads import queries
from journal.services import customers, promises
from journal.storage.db import Journal
from tests.ui.helpers import answer_next_dialog, press, save_with_keyboard, show_and_activate, type_text
from ui.shell.app import build_window

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def names(journal: Journal) -> dict[str, int]:
    """Acme has a late promise (so Today selects it); Brightwater is the customer shown last time."""
    ids = {
        name: customers.create_customer(journal, name=name).created_id("customer")
        for name in ("Acme Bakery", "Brightwater Logistics", "Cobalt Mills")
    }
    promises.add_promise(
        journal, ids["Acme Bakery"], text="Send the pricing", due_on=journal.clock.today() - timedelta(2)
    )
    return ids


def _window(qtbot, journal: Journal, settings: QSettings, shown: int | None = None):
    window = build_window(journal, settings)
    if shown is not None:  # the customer the Customers page showed when the app was last closed
        window.page("customers").select_customer(shown)
    window.restore_page()
    qtbot.addWidget(window)
    show_and_activate(qtbot, window)
    return window


def _brief_customer(qtbot, window) -> str:
    brief = window.brief_window
    qtbot.waitUntil(brief.isVisible)
    assert brief.brief is not None
    name = brief.brief.customer.name
    brief.close()
    qtbot.waitUntil(lambda: not brief.isVisible())
    return name


def _to_customers(qtbot, window):
    assert window.current_page_key() == "today"
    qtbot.waitUntil(lambda: window.ctx.current_customer_id is not None)  # Today has Acme selected
    press(qtbot, window, Qt.Key.Key_2, CTRL)
    page = window.page("customers")
    assert window.current_page_key() == "customers"
    return page


def test_ctrl_b_after_switching_to_customers_briefs_the_customer_shown(
    qtbot, journal, qsettings, names
) -> None:
    window = _window(qtbot, journal, qsettings, shown=names["Brightwater Logistics"])
    page = _to_customers(qtbot, window)
    assert page.workspace.customer_id() == names["Brightwater Logistics"]
    assert page.table.currentIndex().row() == page.model.row_of(names["Brightwater Logistics"])

    press(qtbot, window, Qt.Key.Key_B, CTRL)
    assert _brief_customer(qtbot, window) == "Brightwater Logistics"


def test_the_header_brief_button_after_switching_pages(qtbot, journal, qsettings, names) -> None:
    window = _window(qtbot, journal, qsettings, shown=names["Cobalt Mills"])
    page = _to_customers(qtbot, window)
    qtbot.mouseClick(page.findChild(QPushButton, "briefButton"), Qt.MouseButton.LeftButton)
    assert _brief_customer(qtbot, window) == "Cobalt Mills"


def test_ctrl_l_after_switching_pages_logs_for_the_customer_shown(qtbot, journal, qsettings, names) -> None:
    bright = names["Brightwater Logistics"]
    window = _window(qtbot, journal, qsettings, shown=bright)
    _to_customers(qtbot, window)
    seen: list[int | None] = []

    def log(dialog) -> None:
        seen.append(dialog.customer_id)
        type_text(qtbot, dialog.notes, "Asked about the winter routes")
        type_text(qtbot, dialog.next_step, "Send the route map")
        type_text(qtbot, dialog.next_on.edit, "fri")
        save_with_keyboard(qtbot, dialog)

    answer_next_dialog(qtbot, log)
    press(qtbot, window, Qt.Key.Key_L, CTRL)
    qtbot.waitUntil(lambda: bool(queries.interaction_ids(journal, bright)))
    assert seen == [bright]
    assert queries.interaction_ids(journal, names["Acme Bakery"]) == []


def test_ctrl_e_after_switching_pages_edits_the_customer_shown(qtbot, journal, qsettings, names) -> None:
    window = _window(qtbot, journal, qsettings, shown=names["Cobalt Mills"])
    _to_customers(qtbot, window)
    titles: list[str] = []

    def edit(dialog) -> None:
        titles.append(dialog.name.text())
        dialog.reject()

    answer_next_dialog(qtbot, edit)
    press(qtbot, window, Qt.Key.Key_E, CTRL)
    qtbot.waitUntil(lambda: bool(titles))
    assert titles == ["Cobalt Mills"]


def test_arrowing_and_clicking_in_the_list_moves_the_brief_along(qtbot, journal, qsettings, names) -> None:
    window = _window(qtbot, journal, qsettings, shown=names["Acme Bakery"])
    page = _to_customers(qtbot, window)
    press(qtbot, page.table, Qt.Key.Key_Down)
    assert page.workspace.customer_id() == names["Brightwater Logistics"]
    press(qtbot, window, Qt.Key.Key_B, CTRL)
    assert _brief_customer(qtbot, window) == "Brightwater Logistics"

    row = page.model.row_of(names["Cobalt Mills"])
    rect = page.table.visualRect(page.model.index(row, 0))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    press(qtbot, window, Qt.Key.Key_B, CTRL)
    assert _brief_customer(qtbot, window) == "Cobalt Mills"


def test_back_and_forth_between_pages_keeps_the_customer_shown(qtbot, journal, qsettings, names) -> None:
    window = _window(qtbot, journal, qsettings, shown=names["Cobalt Mills"])
    _to_customers(qtbot, window)
    press(qtbot, window, Qt.Key.Key_1, CTRL)
    assert window.ctx.current_customer_id == names["Acme Bakery"], "Today's selection, on Today"
    press(qtbot, window, Qt.Key.Key_3, CTRL)
    press(qtbot, window, Qt.Key.Key_2, CTRL)
    assert window.ctx.current_customer_id == names["Cobalt Mills"]
    press(qtbot, window, Qt.Key.Key_B, CTRL)
    assert _brief_customer(qtbot, window) == "Cobalt Mills"


def test_a_customer_found_with_the_search_palette_is_the_one_briefed(
    qtbot, journal, qsettings, names
) -> None:
    window = _window(qtbot, journal, qsettings, shown=names["Acme Bakery"])
    press(qtbot, window, Qt.Key.Key_K, CTRL)
    palette = window.search_palette
    qtbot.waitUntil(palette.isVisible)
    qtbot.keyClicks(palette.edit, "cobalt")
    qtbot.waitUntil(lambda: not palette._timer.isActive())
    press(qtbot, palette.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not palette.isVisible())
    assert window.current_page_key() == "customers"
    press(qtbot, window, Qt.Key.Key_B, CTRL)
    assert _brief_customer(qtbot, window) == "Cobalt Mills"
