"""Finding your way: the navigation rail with counts, a New customer button where the customers are, the
list of keyboard shortcuts, and View → Brief ticked like the other views."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

from journal.reads import queries
from journal.services import customers, interactions, promises
from tests.ui.helpers import answer_next_dialog, press, show_and_activate
from ui.shell.app import build_window
from ui.shell.navigation import CountRole
from ui.shell.shortcuts import ShortcutsDialog

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def window(qtbot, journal, qsettings):
    acme = customers.create_customer(journal, name="Acme Bakery").created_id("customer")
    customers.create_customer(journal, name="Brightwater Logistics")
    promises.add_promise(journal, acme, text="Send the pricing", due_on=journal.clock.today() - timedelta(2))
    w = build_window(journal, qsettings)
    qtbot.addWidget(w)
    show_and_activate(qtbot, w)
    return w


def rail_rows(window) -> list[tuple[str, object]]:
    model = window.rail.model()
    return [(model.index(r).data(), model.index(r).data(CountRole)) for r in range(model.rowCount())]


def test_the_rail_names_every_page_with_its_count(qtbot, window) -> None:
    qtbot.waitUntil(lambda: rail_rows(window)[0][1] is not None)
    assert rail_rows(window) == [("Today", 1), ("Customers", 2), ("Reflections", 0), ("Insights", None)]
    model = window.rail.model()
    assert model.index(0).data(Qt.ItemDataRole.AccessibleTextRole) == "Today, 1 to act on"
    assert model.index(1).data(Qt.ItemDataRole.ToolTipRole) == "Customers (Ctrl+2)"


def test_arrow_keys_on_the_rail_switch_pages_and_ctrl_digits_move_the_rail(qtbot, window) -> None:
    assert window.current_page_key() == "today"
    window.rail.setFocus()
    press(qtbot, window.rail, Qt.Key.Key_Down)
    assert window.current_page_key() == "customers"
    assert window.rail.hasFocus()  # still on the rail: Down again reaches Reflections
    press(qtbot, window.rail, Qt.Key.Key_Down)
    assert window.current_page_key() == "reflections"

    press(qtbot, window.page("reflections"), Qt.Key.Key_1, CTRL)
    assert window.current_page_key() == "today"
    assert window.rail.currentIndex().row() == 0
    press(qtbot, window.page("today"), Qt.Key.Key_2, CTRL)
    assert window.rail.currentIndex().row() == 1


def test_the_rail_count_follows_a_new_customer(qtbot, journal, window) -> None:
    customers.create_customer(journal, name="Cobalt Dental")
    qtbot.waitUntil(lambda: rail_rows(window)[1] == ("Customers", 3))


def test_the_customers_page_has_a_new_customer_button(qtbot, journal, window) -> None:
    press(qtbot, window.page("today"), Qt.Key.Key_2, CTRL)
    button = window.page("customers").findChild(QPushButton, "newCustomerButton")
    assert button.isVisible() and "Ctrl+N" in button.toolTip() and "Ctrl" not in button.text()

    def type_and_save(dialog) -> None:
        qtbot.keyClicks(QApplication.focusWidget(), "Cobalt Dental")
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return, CTRL)

    answer_next_dialog(qtbot, type_and_save)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(queries.find_customers(journal, "Cobalt Dental")))


@pytest.mark.parametrize("keys", [(Qt.Key.Key_F1, None), (Qt.Key.Key_Slash, CTRL)])
def test_f1_or_ctrl_slash_lists_every_key_from_the_actions(qtbot, window, keys) -> None:
    seen: list[list[tuple[str, str, str]]] = []

    def read_and_close(dialog) -> None:
        assert isinstance(dialog, ShortcutsDialog)
        seen.append([(r.keys, r.action, r.where) for r in dialog.model.rows])
        qtbot.keyClick(dialog.table, Qt.Key.Key_Escape)

    answer_next_dialog(qtbot, read_and_close)
    press(qtbot, window.page("today"), *keys)
    assert seen
    rows = seen[0]
    assert ("Ctrl+B", "Brief", "View menu") in rows
    assert ("Ctrl+D", "Mark kept", "Today") in rows
    assert ("Ctrl+P", "Print", "Brief window") in rows
    # Every window action with keys is listed, by the keys it really has.
    listed = {keys for keys, _, _ in rows}
    for action in window.actions():
        for key in action.shortcuts():
            assert any(key.toString() in keys for keys in listed), action.text()


def test_view_menu_brief_is_ticked_while_the_brief_is_open(qtbot, window) -> None:
    brief_action = next(a for a in window.view_menu.actions() if a.objectName() == "open_brief")
    assert brief_action.isCheckable() and not brief_action.isChecked()
    press(qtbot, window.page("today"), Qt.Key.Key_2, CTRL)
    press(qtbot, window.page("customers").table, Qt.Key.Key_B, CTRL)
    qtbot.waitUntil(window.brief_window.isVisible)
    assert brief_action.isChecked()
    press(qtbot, window.brief_window.page, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not window.brief_window.isVisible())
    assert not brief_action.isChecked()


def test_pages_not_shown_are_made_when_first_shown(qtbot, window) -> None:
    assert window.current_page_key() == "today"
    assert not window.is_built("customers") and not window.is_built("reflections")
    press(qtbot, window.page("today"), Qt.Key.Key_3, CTRL)
    assert window.is_built("reflections") and not window.is_built("customers")
    assert window.pages.currentWidget().objectName() == "reflectionsPage"


def test_the_reflections_count_comes_after_the_window_and_follows_each_change(
    qtbot, journal, qsettings
) -> None:
    acme = customers.create_customer(journal, name="Acme Bakery").created_id("customer")
    interactions.add_interaction(journal, acme, lesson="Ask about their busiest week first")
    interactions.add_interaction(journal, acme, notes="No reflection on this one")
    w = build_window(journal, qsettings)
    qtbot.addWidget(w)
    assert dict(rail_rows(w))["Reflections"] is None  # not read before the window is painted
    show_and_activate(qtbot, w)
    qtbot.waitUntil(lambda: dict(rail_rows(w))["Reflections"] == 1)
    assert not w.is_built("reflections")  # the count does not need the page
    interactions.add_interaction(journal, acme, went_well="They opened up about the budget")
    qtbot.waitUntil(lambda: dict(rail_rows(w))["Reflections"] == 2)
