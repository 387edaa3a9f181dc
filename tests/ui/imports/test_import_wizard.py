"""File → Import contacts or calendar…: the rep previews LinkedIn's export, leaves a column out, decides
each near match from the keyboard, imports, reads the summary — and one Ctrl+Z takes it all back."""

from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QLabel, QTextBrowser

from journal.services import contacts, customers
from journal.storage.db import Journal
from tests.journal.exchange.test_book_import import FIXTURES
from tests.ui.helpers import press
from ui.imports import feature as book_import
from ui.imports.wizard import ImportWizard
from ui.shell.app import build_window

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def on_disk(path: Path) -> dict[str, tuple[str, str]]:
    """Each person in the journal file, read through a connection of its own: (customer, role)."""
    with Journal.open(path) as j:
        rows = j.conn().execute(
            "SELECT k.name, c.name, k.role FROM contact k JOIN customer c ON c.id = k.customer_id"
        )
        return {r[0]: (r[1], r[2]) for r in rows}


def closed(wizard: ImportWizard) -> bool:
    return not shiboken6.isValid(wizard) or not wizard.isVisible()


def start_wizard(qtbot, window, monkeypatch, fixture: str) -> ImportWizard:
    monkeypatch.setattr(book_import, "ask_import_path", lambda parent, folder: FIXTURES / fixture)
    press(qtbot, window, Qt.Key.Key_I, CTRL | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: window.findChild(ImportWizard) is not None, timeout=5000)
    wizard = window.findChild(ImportWizard)
    qtbot.waitUntil(lambda: wizard.next.isEnabled(), timeout=10000)
    return wizard


def test_import_linkedin_with_the_keyboard_then_undo_it_whole(
    qtbot, journal: Journal, qsettings: QSettings, monkeypatch, shown_errors
) -> None:
    acme = customers.create_customer(journal, name="Acme Ltd").created_id("customer")
    contacts.add_contact(journal, acme, name="Jon Smith", role="Signs the cheques")
    window = build_window(journal, qsettings)
    qtbot.addWidget(window)
    window.show()
    action = window.findChild(QAction, "import_book")
    assert action.shortcut().toString() == "Ctrl+Shift+I" and "never duplicated" in action.toolTip()

    wizard = start_wizard(qtbot, window, monkeypatch, "linkedin_connections.csv")
    assert "LinkedIn connections" in wizard.findChild(QLabel, "importWhat").text()
    preview = wizard.preview
    assert preview.rowCount() == 6
    assert preview.headerData(5, Qt.Orientation.Horizontal) == "Position\n→ Role / job title"
    # The rep leaves the positions out: End picks "Skip this column" in that column's box.
    position = wizard.findChild(QComboBox, "mapColumn5")
    press(qtbot, position, Qt.Key.Key_End)
    assert position.currentText() == "Skip this column"
    assert preview.headerData(5, Qt.Orientation.Horizontal) == "Position\n→ Skip this column"

    press(qtbot, position, Qt.Key.Key_N, ALT)  # Next
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == wizard.REVIEW, timeout=10000)
    count = wizard.findChild(QLabel, "reviewCount")
    assert count.text() == "Near match 1 of 1"
    assert "“ACME Limited” looks like “Acme Ltd”" in wizard.findChild(QLabel, "reviewText").text()
    press(qtbot, wizard.merge, Qt.Key.Key_M)  # the same company
    # Merged into Acme Ltd, Jonathan Smith now meets Jon Smith there: a second near match comes up.
    qtbot.waitUntil(lambda: count.text() == "Near match 2 of 2", timeout=10000)
    assert "“Jonathan Smith” looks like “Jon Smith”" in wizard.findChild(QLabel, "reviewText").text()
    press(qtbot, wizard.keep, Qt.Key.Key_K)  # two different people
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == wizard.READY, timeout=10000)
    assert "5 new people" in wizard.findChild(QLabel, "importReady").text()

    press(qtbot, wizard.next, Qt.Key.Key_I, ALT)  # Import
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == wizard.SUMMARY, timeout=10000)
    summary = wizard.findChild(QTextBrowser, "importSummary").toPlainText()
    assert "Created: 4 customers, 5 people" in summary
    assert "Merged into records already in your journal: 1 rows" in summary
    assert "Kept both: 1 rows" in summary
    assert shown_errors == []

    people = on_disk(journal.path)
    assert people["Jonathan Smith"] == ("Acme Ltd", "")  # merged company, kept both people
    assert people["Jon Smith"] == ("Acme Ltd", "Signs the cheques")  # what the rep wrote stays
    assert people["Tomás Ferreira"] == ("Northwind Traders", "")  # the position column was skipped
    assert len(people) == 6

    press(qtbot, wizard.next, Qt.Key.Key_C, ALT)  # Close
    qtbot.waitUntil(lambda: closed(wizard), timeout=2000)
    assert "Ctrl+Z" in window.statusBar().currentMessage()
    undo = window.findChild(QAction, "undo")
    assert undo.text() == "&Undo import ‘linkedin_connections.csv’"
    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert on_disk(journal.path) == {"Jon Smith": ("Acme Ltd", "Signs the cheques")}
    with Journal.open(journal.path) as j:
        assert j.conn().execute("SELECT name FROM customer").fetchall() == [("Acme Ltd",)]


def test_a_file_that_cannot_come_in_is_explained_and_nothing_is_written(
    qtbot, journal: Journal, qsettings: QSettings, monkeypatch, shown_errors, tmp_path: Path
) -> None:
    hostile = tmp_path / "contacts.csv"
    hostile.write_text("Name,Company\nBob,\"=cmd|' /C calc'!A0\"\n")
    window = build_window(journal, qsettings)
    qtbot.addWidget(window)
    window.show()
    monkeypatch.setattr(book_import, "ask_import_path", lambda parent, folder: hostile)
    window.findChild(QAction, "import_book").trigger()
    qtbot.waitUntil(lambda: bool(shown_errors), timeout=10000)
    assert "spreadsheet formula" in shown_errors[0]
    qtbot.waitUntil(
        lambda: window.findChild(ImportWizard) is None or not window.findChild(ImportWizard).isVisible()
    )
    assert on_disk(journal.path) == {}


def test_a_vcard_file_comes_in_without_a_mapping_and_the_summary_says_what_was_left_out(
    qtbot, journal: Journal, qsettings: QSettings, monkeypatch, shown_errors
) -> None:
    window = build_window(journal, qsettings)
    qtbot.addWidget(window)
    window.show()
    wizard = start_wizard(qtbot, window, monkeypatch, "contacts_v40.vcf")
    assert not wizard.mapping_area.isVisible() and wizard.preview.rowCount() >= 1
    press(qtbot, wizard.next, Qt.Key.Key_N, ALT)
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == wizard.READY, timeout=10000)
    press(qtbot, wizard.next, Qt.Key.Key_I, ALT)
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == wizard.SUMMARY, timeout=10000)
    assert "Sofia Alvarez" in on_disk(journal.path)
