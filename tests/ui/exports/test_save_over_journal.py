"""File → Save as PDF, Export everything (JSON), Export readable pages and Export to calendar: a file
chosen that is a journal is refused with a message and left byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from journal.services import customers
from journal.storage.db import Journal
from tests.ui.helpers import press, show_and_activate
from ui.brief import window as brief_module
from ui.exports import calendar as calendar_export
from ui.exports import feature as exports
from ui.shell.app import build_window


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under `root` but the app's settings (a window made on first use keeps its size there)."""
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != "settings.ini"
    }


@pytest.fixture
def window(qtbot, journal: Journal, qsettings):
    customers.create_customer(journal, name="Acme Bakery")
    made = build_window(journal, qsettings)
    qtbot.addWidget(made)
    return made


@pytest.fixture
def other(tmp_path: Path) -> Path:
    path = tmp_path / "other.sqlite3"
    Journal.open(path).close()
    return path


@pytest.mark.parametrize("which", ["this journal", "another journal"])
@pytest.mark.parametrize("action", ["export_json", "export_calendar", "save_pdf"])
def test_saving_over_a_journal_is_refused(
    qtbot, window, journal: Journal, other: Path, tmp_path: Path, monkeypatch, shown_errors, action, which
) -> None:
    target = journal.path if which == "this journal" else other
    journal.conn().execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = snapshot(tmp_path)
    monkeypatch.setattr(exports, "ask_json_path", lambda parent, suggested: target)
    monkeypatch.setattr(calendar_export, "ask_export_path", lambda parent, suggested: target)
    monkeypatch.setattr(brief_module, "ask_pdf_path", lambda parent, suggested: target)
    if action == "save_pdf":
        show_and_activate(qtbot, window)
        window.ctx.brief_requested.emit(customers_id(journal), None)
        brief = window.brief_window
        qtbot.waitUntil(brief.isActiveWindow)
        press(qtbot, brief.page, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    else:
        window.findChild(QAction, action).trigger()
    assert window.exporter.job is None
    assert shown_errors and "not written over" in shown_errors[0]
    assert snapshot(tmp_path) == before


def customers_id(journal: Journal) -> int:
    from journal.reads import queries

    [found] = queries.find_customers(journal, "Acme")
    return found.id


def test_readable_pages_are_not_written_over_a_journal(
    qtbot, window, journal: Journal, tmp_path: Path, monkeypatch, shown_errors
) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    Journal.open(folder / "Acme Bakery.md").close()
    before = snapshot(tmp_path)
    monkeypatch.setattr(exports, "ask_markdown_folder", lambda parent, suggested: folder)
    window.findChild(QAction, "export_markdown").trigger()
    qtbot.waitUntil(lambda: window.exporter.job is None, timeout=10000)
    assert shown_errors and "not written over" in shown_errors[0]
    assert snapshot(tmp_path) == before
