"""Merge into… in the app: the rep merges a customer typed in twice, and a person entered twice, from the
keyboard; the journal on disk has one of each with everything of both, and Ctrl+Z takes a merge back."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QLineEdit, QWidget

from journal.services import contacts, customers
from journal.storage.db import Journal
from tests.ui.helpers import answer_next_dialog, press, save_with_keyboard, show_and_activate, type_text
from ui.shell.app import build_window

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def on_disk(path: Path) -> list[tuple[str, str]]:
    with Journal.open(path) as j:
        return (
            j.conn()
            .execute(
                "SELECT c.name, coalesce(k.name, '') FROM customer c "
                "LEFT JOIN contact k ON k.customer_id = c.id ORDER BY c.name, k.name"
            )
            .fetchall()
        )


@pytest.mark.qt_log_ignore("does not support raise", "does not support grabbing")  # the match list pops up
def test_merge_a_customer_typed_in_twice_then_undo(qtbot, journal: Journal, qsettings: QSettings) -> None:
    customers.create_customer(journal, name="Acme Ltd")
    dup = customers.create_customer(journal, name="ACME Limited").created_id("customer")
    contacts.add_contact(journal, dup, name="Priya Shah")
    window = build_window(journal, qsettings)
    qtbot.addWidget(window)
    show_and_activate(qtbot, window)
    page = window.page("customers")
    window.show_page("customers")
    page.select_customer(dup)

    def choose_and_merge(dialog: QWidget) -> None:
        picker = dialog.findChild(QLineEdit, "intoField")
        picker.setFocus()
        type_text(qtbot, picker, "Acme Lt")
        qtbot.keyClick(picker, Qt.Key.Key_Return)
        assert picker.text() == "Acme Ltd"
        save_with_keyboard(qtbot, dialog)

    answer_next_dialog(qtbot, choose_and_merge)
    press(qtbot, page.table, Qt.Key.Key_G, CTRL | SHIFT)
    qtbot.waitUntil(lambda: on_disk(journal.path) == [("Acme Ltd", "Priya Shah")], timeout=5000)
    assert page.workspace.customer_id() != dup
    assert "Ctrl+Z" in window.statusBar().currentMessage()

    press(qtbot, page.table, Qt.Key.Key_Z, CTRL)
    assert on_disk(journal.path) == [("ACME Limited", "Priya Shah"), ("Acme Ltd", "")]


def test_merge_a_person_entered_twice(qtbot, journal: Journal, qsettings: QSettings) -> None:
    acme = customers.create_customer(journal, name="Acme").created_id("customer")
    jon = contacts.add_contact(journal, acme, name="Jon Smith").created_id("contact")
    dup = contacts.add_contact(journal, acme, name="Jonathan Smith", role="CFO").created_id("contact")
    window = build_window(journal, qsettings)
    qtbot.addWidget(window)
    show_and_activate(qtbot, window)
    page = window.page("customers")
    window.show_page("customers")
    page.select_customer(acme)
    people = page.workspace.tab_list[0]
    page.workspace.show_tab(0)
    assert people.select("contact", dup)

    answer_next_dialog(qtbot, lambda dialog: save_with_keyboard(qtbot, dialog))  # into Jon, the only other
    press(qtbot, people.tree, Qt.Key.Key_J, CTRL | SHIFT)
    qtbot.waitUntil(lambda: on_disk(journal.path) == [("Acme", "Jon Smith")], timeout=5000)
    with Journal.open(journal.path) as j:
        assert j.conn().execute("SELECT role FROM contact WHERE id = ?", (jon,)).fetchone() == ("CFO",)
    assert people.selected() == ("contact", jon)
