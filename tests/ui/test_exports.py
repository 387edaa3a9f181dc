"""File → Export everything (JSON) and readable pages (Markdown), written off the GUI thread."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction

from journal import customers
from journal.db import Journal
from ui import exports
from ui.app import build_window


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
