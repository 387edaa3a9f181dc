"""File → Export everything (JSON) and readable pages (Markdown), written off the GUI thread."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction

from journal.services import customers
from journal.storage.db import Journal
from ui.exports import feature as exports
from ui.shell.app import build_window


def test_export_everything_and_readable_pages(
    qtbot, journal: Journal, qsettings: QSettings, tmp_path: Path, monkeypatch
) -> None:
    customers.create_customer(journal, name="Acme", about="Makes anvils")
    window = build_window(journal, qsettings)
    qtbot.addWidget(window)
    target = tmp_path / "out" / "everything.json"
    monkeypatch.setattr(exports, "ask_json_path", lambda parent, suggested: target)
    monkeypatch.setattr(exports, "ask_markdown_folder", lambda parent, suggested: tmp_path / "pages")
    with qtbot.waitSignal(
        window.exporter.job.finished if window.exporter.job else _start(window, "export_json")
    ):
        pass
    qtbot.waitUntil(lambda: window.exporter.job is None, timeout=10000)
    data = json.loads(target.read_text())
    assert [c["name"] for c in data["records"]["customer"]] == ["Acme"]
    assert "Exported everything" in window.statusBar().currentMessage()
    job = _start(window, "export_markdown")
    qtbot.waitUntil(lambda: window.exporter.job is None, timeout=10000)
    assert job is not None
    assert "Makes anvils" in (tmp_path / "pages" / "Acme.md").read_text()
    assert journal.is_open and customers.create_customer(journal, name="Still writable")


def _start(window, name: str):
    window.findChild(QAction, name).trigger()
    return window.exporter.job.finished


def test_import_a_json_export_into_a_new_journal_and_open_it(
    qtbot, tmp_path: Path, qsettings: QSettings, monkeypatch, shown_errors
) -> None:
    from journal.exchange import journal_json as exchange
    from journal.sample import fill_sample
    from journal.storage import backup
    from ui.shell import app

    old = tmp_path / "old.sqlite3"
    with Journal.open(old) as j:
        fill_sample(j, size="small")
        export = exchange.export_json(j, tmp_path / "moving.json", now=j.clock.now())
    home = tmp_path / "laptop.sqlite3"
    session = app.Session(qsettings, home)
    assert session.open(home)
    target = tmp_path / "imported.sqlite3"
    monkeypatch.setattr(exports, "ask_import_file", lambda parent, folder: export)
    monkeypatch.setattr(exports, "ask_new_journal", lambda parent, suggested: target)
    session.window.findChild(QAction, "import_json").trigger()
    assert shown_errors == []
    assert session.journal.path == target
    assert backup.record_counts(target)["customer"] == 25
    assert customers.create_customer(session.journal, name="After the move")

    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "sales-journal", "version": 1, "records": {"customer": [{"name": 1}]}}')
    second = tmp_path / "second.sqlite3"
    monkeypatch.setattr(exports, "ask_import_file", lambda parent, folder: bad)
    monkeypatch.setattr(exports, "ask_new_journal", lambda parent, suggested: second)
    session.window.findChild(QAction, "import_json").trigger()
    assert "customer #1" in shown_errors[0]
    assert not second.exists() and session.journal.path == target
    qtbot.addWidget(session.window)
    session.close()


def test_a_large_export_is_imported_after_the_rep_says_yes(
    qtbot, tmp_path: Path, qsettings: QSettings, monkeypatch, shown_errors
) -> None:
    from journal.exchange import journal_json as exchange
    from journal.sample import fill_sample
    from journal.storage import backup
    from ui.shell import app
    from ui.widgets import forms

    with Journal.open(tmp_path / "old.sqlite3") as j:
        fill_sample(j, size="small")
        export = exchange.export_json(j, tmp_path / "big.json", now=j.clock.now())
    monkeypatch.setattr(exchange, "MAX_IMPORT_BYTES", export.stat().st_size // 2)  # larger than usual
    session = app.Session(qsettings, tmp_path / "laptop.sqlite3")
    assert session.open(tmp_path / "laptop.sqlite3")
    qtbot.addWidget(session.window)
    monkeypatch.setattr(exports, "ask_import_file", lambda parent, folder: export)
    asked: list[str] = []
    answer = [False]

    def confirm(parent, title, text, action, *, destructive=True) -> bool:
        asked.append(text)
        return answer[0]

    monkeypatch.setattr(forms, "confirm", confirm)
    declined = tmp_path / "declined.sqlite3"
    monkeypatch.setattr(exports, "ask_new_journal", lambda parent, suggested: declined)
    session.window.findChild(QAction, "import_json").trigger()
    assert "big.json" in asked[0] and "MB" in asked[0]
    assert not declined.exists() and shown_errors == []

    answer[0] = True
    accepted = tmp_path / "accepted.sqlite3"
    monkeypatch.setattr(exports, "ask_new_journal", lambda parent, suggested: accepted)
    session.window.findChild(QAction, "import_json").trigger()
    assert shown_errors == []
    assert session.journal.path == accepted
    assert backup.record_counts(accepted)["customer"] == 25
    session.close()
