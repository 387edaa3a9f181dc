"""A meeting logged, edited or deleted shows in the Timeline shown by reading that meeting only: the page
of meetings on screen is not read again, however long the customer's history."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from datetime import timedelta

from PySide6.QtCore import QSettings, Qt

from journal.reads import queries
from journal.services import customers, interactions
from journal.storage.db import Journal
from tests.ui.helpers import answer_next_dialog, press, show_and_activate, type_text
from ui.customers.page import CustomersPage
from ui.customers.tabs import TIMELINE_PAGE
from ui.shell.app import build_window

HISTORY = TIMELINE_PAGE + 30
IN_LIST = re.compile(r'FROM "interaction" AS "t1" WHERE \("t1"\."id" IN \(([^)]*)\)\)')


def _history(journal: Journal) -> int:
    cid = customers.create_customer(journal, name="Northwind Traders").created_id("customer")
    now = journal.clock.now()
    for n in range(HISTORY):
        interactions.add_interaction(journal, cid, occurred_at=now - timedelta(days=n + 1), notes=f"Call {n}")
    return cid


def _meetings_read(journal: Journal, action: Callable[[], object]) -> tuple[int, list[str]]:
    """How many meetings the statements run by `action` read by id, and the statements."""
    seen: list[str] = []
    journal.conn().set_trace_callback(seen.append)
    try:
        action()
    finally:
        journal.conn().set_trace_callback(None)
    read = sum(len(m.group(1).split(",")) for s in seen for m in IN_LIST.finditer(s))
    return read, seen


def _pages(statements: list[str]) -> list[str]:
    return [s for s in statements if 'ORDER BY "t1"."occurred_at" DESC' in s]


def _timeline(qtbot, ctx, cid: int):
    page = CustomersPage(ctx)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    qtbot.waitExposed(page)
    page.select_customer(cid)
    page.workspace.show_tab(4)
    return page.workspace.tab_list[4]


def _past_ids(timeline) -> list[int]:
    return [n.key[1] for n in timeline._past.children if n.key]


def test_a_meeting_logged_edited_and_deleted_is_read_alone(qtbot, ctx) -> None:
    j = ctx.journal
    cid = _history(j)
    timeline = _timeline(qtbot, ctx, cid)
    assert len(_past_ids(timeline)) == TIMELINE_PAGE

    read, seen = _meetings_read(
        j, lambda: interactions.add_interaction(j, cid, occurred_at=j.clock.now(), notes="Signed today")
    )
    new = queries.interaction_ids(j, cid, limit=1)[0]
    assert _pages(seen) == [], "the page shown is not read again"
    assert read == 1
    assert _past_ids(timeline)[:2] == [new, queries.interaction_ids(j, cid, limit=2)[1]]
    assert timeline._past.text(0) == f"Past · {HISTORY + 1:,}"
    assert "Signed today" in timeline.tree.topLevelItem(0).child(0).text(3)

    read, seen = _meetings_read(j, lambda: interactions.update_interaction(j, new, notes="Signed at noon"))
    assert (read, _pages(seen)) == (1, [])
    assert "Signed at noon" in timeline.tree.topLevelItem(0).child(0).text(3)

    read, seen = _meetings_read(j, lambda: interactions.delete_interaction(j, new))
    assert (read, _pages(seen)) == (0, [])
    assert new not in _past_ids(timeline)
    assert timeline._past.text(0) == f"Past · {HISTORY:,}"
    assert _past_ids(timeline) == queries.interaction_ids(j, cid, limit=TIMELINE_PAGE)


def test_a_meeting_logged_through_the_form_shows_in_the_timeline_and_on_disk(
    qtbot, journal: Journal, qsettings: QSettings
) -> None:
    cid = _history(journal)
    window = build_window(journal, qsettings)
    qtbot.addWidget(window)
    show_and_activate(qtbot, window)
    window.show_page("customers")
    page = window.page("customers")
    page.select_customer(cid)
    page.workspace.show_tab(4)
    timeline = page.workspace.tab_list[4]
    before = _past_ids(timeline)

    def log(dialog) -> None:
        type_text(qtbot, dialog.notes, "Walked through pricing with the CFO")
        dialog.next_step.setText("Send the order form")
        dialog.next_on.setText("tomorrow")
        qtbot.keyClick(dialog.notes, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    answer_next_dialog(qtbot, log)
    seen: list[str] = []
    journal.conn().set_trace_callback(seen.append)
    try:
        press(qtbot, timeline.tree, Qt.Key.Key_Insert)
        qtbot.waitUntil(lambda: queries.interaction_count(journal, cid) == HISTORY + 1, timeout=5000)
    finally:
        journal.conn().set_trace_callback(None)

    on_disk = sqlite3.connect(journal.path)
    try:
        [(new, notes)] = on_disk.execute(
            "SELECT id, notes FROM interaction WHERE customer_id = ? ORDER BY id DESC LIMIT 1", (cid,)
        ).fetchall()
    finally:
        on_disk.close()
    assert notes == "Walked through pricing with the CFO"
    assert _past_ids(timeline) == [new, *before], "the new meeting on top of those shown"
    assert "Walked through pricing with the CFO" in timeline.tree.topLevelItem(0).child(0).text(3)
    assert _pages(seen) == [], "the meetings shown are not read again"
