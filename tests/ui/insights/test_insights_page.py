"""The Insights page, driven by keys: it fills from a worker, charts speak their numbers, it saves."""

from __future__ import annotations

import stat
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from journal.services import customers, needs
from tests.ui.helpers import press, show_and_activate
from ui.shell.app import build_window

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # the chart's tooltip, offscreen
def test_ctrl_4_shows_why_deals_were_lost_and_what_worked_and_saves_it(
    qtbot, journal, qsettings, tmp_path: Path
):
    today = journal.clock.today()
    won = customers.create_customer(journal, name="Won Co").created_id("customer")
    lost = customers.create_customer(journal, name="Lost Co").created_id("customer")
    customers.set_stage(journal, won, "won")
    customers.set_stage(journal, lost, "lost", reason="Too expensive for what it does")
    needs.add_objection(journal, won, concern="Price is high", response="Broke it down per site", worked=True)
    window = build_window(journal, qsettings)
    qtbot.addWidget(window)
    show_and_activate(qtbot, window)
    press(qtbot, window, Qt.Key.Key_4, CTRL)
    page = window.page("insights")
    assert window.pages.currentWidget() is page
    qtbot.waitUntil(lambda: page.report is not None, timeout=10_000)
    text = page.text.toPlainText()
    assert "win rate of 50%" in text and "Too expensive for what it does" in text
    assert "Broke it down per site" in text
    assert "1 won, 1 lost" in page.outcomes.accessibleDescription()
    page.answers.setFocus()
    assert (
        "Price: raised 1 times; my answer worked 1 of 1 times (100%)" in page.answers.accessibleDescription()
    )
    saved = page.save_markdown(tmp_path / "insights.md")
    assert saved is not None and "Too expensive for what it does" in saved.read_text()
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    pdf = page.save_as_pdf(tmp_path / "insights.pdf")
    assert pdf is not None and pdf.read_bytes().startswith(b"%PDF")
    assert page.save_markdown(journal.path) is None, "the journal itself is never written over"
    assert journal.path.read_bytes()[:16] == b"SQLite format 3\x00"
    page.period.setCurrentIndex(0)  # the last 3 months
    qtbot.waitUntil(lambda: page.report is not None and page.report.period.days < 100, timeout=10_000)
    assert page.report.period.until == today and page.report.period.since > today - timedelta(days=100)
