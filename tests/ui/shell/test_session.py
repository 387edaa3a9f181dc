"""Opening another journal or the sample journal from the running app, and refusing a bad file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from journal.reads import queries
from journal.services import customers
from journal.storage import statistics
from journal.storage.db import Journal
from ui.shell import app, upkeep


def test_sample_journal_opens_in_a_new_window_and_my_journal_is_one_click_away(
    qtbot, tmp_path: Path, qsettings: QSettings
) -> None:
    home = tmp_path / "mine.sqlite3"
    session = app.Session(qsettings, home)
    assert session.open(home)
    first = session.window
    qtbot.addWidget(first)
    assert first.findChild(type(first.quit_action), "open_home_journal").isVisible() is False
    first.findChild(type(first.quit_action), "open_sample_journal").trigger()
    second = session.window
    qtbot.addWidget(second)
    assert second is not first and not first.isVisible()
    assert session.journal.path == app.sample_journal_path()
    assert queries.customer_count(session.journal) > 20, "the sample is made on first use"
    assert "sample" in second.windowTitle()
    second.findChild(type(second.quit_action), "open_home_journal").trigger()
    assert session.journal.path == home
    assert queries.customer_count(session.journal) == 0
    session.close()


def test_a_file_that_is_not_a_journal_is_refused_and_the_open_one_stays(
    qtbot, tmp_path: Path, qsettings: QSettings, monkeypatch
) -> None:
    home = tmp_path / "mine.sqlite3"
    session = app.Session(qsettings, home)
    session.open(home)
    qtbot.addWidget(session.window)
    customers.create_customer(session.journal, name="Acme")
    notes = tmp_path / "notes.txt"
    notes.write_text("just some notes")
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warned.append(text))
    assert not session.open(notes)
    assert "not a Sales Journal" in warned[0]
    assert notes.read_text() == "just some notes"
    assert session.journal.path == home and session.window.isVisible()
    assert queries.customer_count(session.journal) == 1
    session.close()


def test_the_sample_says_so_in_a_banner_with_a_way_back(qtbot, tmp_path: Path, qsettings: QSettings) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QPushButton, QToolBar

    from tests.ui.helpers import press, show_and_activate

    home = tmp_path / "mine.sqlite3"
    session = app.Session(qsettings, home)
    assert session.open(home)  # the session closes its windows itself, as it replaces them
    assert session.window.findChild(QToolBar, "sampleBanner") is None
    session.open_sample()
    sample = session.window
    show_and_activate(qtbot, sample)
    banner = sample.findChild(QToolBar, "sampleBanner")
    assert banner is not None and banner.isVisible()
    assert (
        "sample journal"
        in sample.findChild(type(banner.widgetForAction(banner.actions()[0])), "sampleMessage").text()
    )
    back = sample.findChild(QPushButton, "openMyJournalButton")
    assert back.isVisible() and "Ctrl+Shift+O" in back.toolTip()
    qtbot.mouseClick(back, Qt.MouseButton.LeftButton)
    assert session.journal.path == home
    mine = session.window
    assert mine.findChild(QToolBar, "sampleBanner") is None
    # And back again by keyboard.
    session.open_sample()
    show_and_activate(qtbot, session.window)
    press(
        qtbot,
        session.window,
        Qt.Key.Key_O,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(lambda: session.journal.path == home)
    session.close()


def test_a_journal_made_by_use_gets_planner_statistics_soon_after_it_opens(
    qtbot, tmp_path: Path, qsettings: QSettings, monkeypatch
) -> None:
    home = tmp_path / "mine.sqlite3"
    with Journal.open(home) as j, j.write("Months of use"):
        for i in range(300):
            customers.create_customer(j, name=f"Customer {i:03}")
    with Journal.open(home) as j:
        j.conn().execute("DROP TABLE IF EXISTS sqlite_stat1")  # as an older version left it: none
    monkeypatch.setattr(upkeep, "DELAY_MS", 0)
    session = app.Session(qsettings, home)
    assert session.open(home)
    window = session.window
    qtbot.addWidget(window)
    assert statistics.recorded_rows(session.journal.conn()) == {}, "the window is not kept waiting for them"
    qtbot.waitUntil(lambda: window.statistics.analysed, timeout=10_000)
    assert statistics.recorded_rows(session.journal.conn())["customer"] == 300
    assert not statistics.is_stale(session.journal)
    session.close()
