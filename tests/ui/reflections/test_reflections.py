"""Reflections (Ctrl+3): my lessons across customers, newest first, fetched as I scroll, filtered."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt

from journal.services import customers, interactions
from journal.services.meeting_log import MeetingEntry, Reflection, log_meeting
from journal.storage.db import Journal
from tests.ui.helpers import press, show_and_activate
from ui.reflections.page import ReflectionsPage
from ui.shell.app import build_window

START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


@pytest.fixture
def two(journal: Journal) -> tuple[int, int]:
    acme = customers.create_customer(journal, name="Acme Ltd").created_id("customer")
    globex = customers.create_customer(journal, name="Globex").created_id("customer")
    for n in range(250):
        interactions.add_interaction(
            journal,
            acme if n % 5 else globex,
            occurred_at=START + timedelta(hours=n * 20),
            outcome="setback" if n % 10 == 0 else "advanced",
            lesson=f"Lesson {n}",
            listening=1 + n % 5,
        )
    interactions.add_interaction(journal, acme, occurred_at=START, notes="no reflection: not listed")
    return acme, globex


def test_the_model_pages_newest_first(qtbot, qtmodeltester, ctx, two) -> None:
    page = ReflectionsPage(ctx)
    qtbot.addWidget(page)
    page.resize(900, 700)
    page.show()
    model = page.model
    assert model.rows_fetched == 100, "only the first page is read"
    assert model.data(model.index(0, 4)) == "Lesson 249"
    page.table.scrollToBottom()
    qtbot.waitUntil(lambda: model.rowCount() > 100)
    assert model.rows_fetched == model.rowCount() <= 250
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == 250
    assert [model.data(model.index(r, 4)) for r in (0, 1, 249)] == ["Lesson 249", "Lesson 248", "Lesson 0"]
    qtmodeltester.check(model)


def test_filter_by_outcome_and_customer(qtbot, ctx, two) -> None:
    _acme, globex = two
    page = ReflectionsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    page.outcome.setCurrentIndex(page.outcome.findData("setback"))
    assert page.model.rowCount() == 25
    assert {page.model.data(page.model.index(r, 2)) for r in range(25)} == {"Setback"}
    page.outcome.setCurrentIndex(0)
    page.customer.choose(globex)
    assert page.model.rowCount() == 50
    assert {page.model.row(r).customer_name for r in range(50)} == {"Globex"}
    qtbot.waitUntil(lambda: 0 < sum(m.meetings for m in page.trend.months) <= 50)  # the trend follows
    page.customer.clear()
    assert page.model.rowCount() == 100


def test_trend_shows_listening_by_month_and_says_it_in_words(qtbot, ctx, two) -> None:
    page = ReflectionsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: bool(page.trend.months))  # drawn just after the list
    months = page.trend.months
    assert len(months) == 12 and months[-1].month.month == 11
    busy = [m for m in months if m.meetings]
    assert busy and all(1 <= m.listening_avg <= 5 for m in busy)
    assert "listening" in page.trend.accessibleDescription()
    assert page.headline.isVisible() and page.headline.text().startswith("November: ")
    page.trend.grab()  # paints without error


def test_enter_opens_the_meeting_and_a_new_reflection_appears_on_top(qtbot, ctx, journal, two) -> None:
    acme, _ = two
    page = ReflectionsPage(ctx)
    qtbot.addWidget(page)
    show_and_activate(qtbot, page)
    page.table.setFocus()
    first = page.model.row(0)
    assert ctx.current_customer_id == first.customer_id
    with qtbot.waitSignal(ctx.item_requested) as opened:
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert opened.args == ["interaction", first.id]
    log_meeting(
        journal,
        acme,
        MeetingEntry(notes="Great call", outcome="won", reflection=Reflection(lesson="Ask for the order")),
    )
    assert page.model.data(page.model.index(0, 4)) == "Ask for the order"


def test_ctrl_3_shows_reflections_and_an_empty_journal_says_how_to_start(qtbot, journal, qsettings) -> None:
    window = build_window(journal, qsettings)
    qtbot.addWidget(window)
    show_and_activate(qtbot, window)
    press(qtbot, window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page_key() == "reflections"
    page = window.page("reflections")
    assert page.empty.isVisible() and "Ctrl+R" in page.empty.text()


def test_an_empty_reflections_page_says_what_will_appear_instead_of_an_empty_chart(qtbot, ctx) -> None:
    page = ReflectionsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    assert not page.trend.isVisible()
    assert page.empty.isVisible() and "what each meeting taught you" in page.empty.text()
