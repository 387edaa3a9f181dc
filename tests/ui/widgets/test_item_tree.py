"""The workspace tabs' own item model: a proper Qt model, rows found by (kind, id), and a long timeline
read a page at a time as it is scrolled; the customer list reads only what it shows."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt

from journal.reads import queries
from journal.services import contacts, customers, interactions, promises
from journal.storage.db import Journal
from tests.conftest import NOW
from tests.ui.helpers import show_and_activate
from ui.customers.list_model import PAGE
from ui.customers.tabs import TIMELINE_PAGE, PeopleTab, PromisesTab, TimelineTab
from ui.shell.app import build_window


@pytest.fixture
def acme(journal: Journal) -> int:
    cid = customers.create_customer(journal, name="Acme Bakery").created_id("customer")
    ann = contacts.add_contact(journal, cid, name="Ann Lee", role="CFO").created_id("contact")
    contacts.add_rapport_fact(journal, ann, category="interests", text="Runs marathons")
    promises.add_promise(journal, cid, text="Send pricing", due_on=date(2026, 11, 20))
    promises.add_promise(journal, cid, text="Intro to IT", due_on=date(2026, 12, 1), owner="them")
    return cid


def _meetings(journal: Journal, cid: int, n: int) -> list[int]:
    return [
        interactions.add_interaction(
            journal, cid, occurred_at=NOW - timedelta(days=k, hours=1), notes=f"Call number {k}"
        ).created_id("interaction")
        for k in range(n)
    ]


def _keys(tab) -> list[tuple[str, int]]:
    return [node.key for node in tab._items() if node.key]


def test_tab_models_pass_qt_model_checks(qtmodeltester, ctx, acme) -> None:
    people = PeopleTab(ctx, "people", "People")
    people.load(acme)
    qtmodeltester.check(people.model, force_py=True)
    assert [n.text(0) for n in people._items()] == ["Ann Lee", "Runs marathons"]
    assert people._items()[1].parent() is people._items()[0]  # the fact sits under its person
    promises_tab = PromisesTab(ctx, "promises", "Promises")
    promises_tab.load(acme)
    qtmodeltester.check(promises_tab.model, force_py=True)
    texts = [n.text(0) for n in promises_tab._items()]
    assert texts[0] == "I owe them · 1" and "They owe me · 1" in texts
    [late] = [n for n in promises_tab._items() if n.text(0) == "Send pricing"]
    assert promises_tab.model.data(promises_tab.model.index_of(late), Qt.ItemDataRole.ForegroundRole)


def test_select_and_selected_work_by_kind_and_id(ctx, acme) -> None:
    tab = PromisesTab(ctx, "promises", "Promises")
    tab.load(acme)
    [mine, theirs] = [p.id for p in queries.promises(ctx.journal, acme)]
    assert tab.selected() == ("promise", mine)  # the first item is current after loading
    assert tab.select("promise", theirs)
    assert tab.selected() == ("promise", theirs)
    assert not tab.select("promise", 999)
    tab.load(acme)  # reloading keeps the selection
    assert tab.selected() == ("promise", theirs)


def test_a_long_timeline_is_read_a_page_at_a_time_as_it_is_scrolled(qtbot, ctx, journal) -> None:
    cid = customers.create_customer(journal, name="Northwind").created_id("customer")
    ids = _meetings(journal, cid, TIMELINE_PAGE * 2 + 30)
    tab = TimelineTab(ctx, "timeline", "Timeline")
    qtbot.addWidget(tab)
    tab.resize(800, 500)
    tab.show()
    tab.load(cid)
    assert len(_keys(tab)) == TIMELINE_PAGE  # the newest hundred, not all 230
    assert _keys(tab)[0] == ("interaction", ids[0])
    assert any(n.text(0) == "Show older… (130 more)" for n in tab._items())

    tab.tree.scrollToBottom()  # scrolled to the end: the next page is read
    qtbot.waitUntil(lambda: len(_keys(tab)) == TIMELINE_PAGE * 2)
    [more] = [n for n in tab._items() if n.text(0) == "Show older… (30 more)"]
    tab.tree.setFocus()
    tab.tree.setCurrentItem(more)  # moving onto "Show older…" reads the rest
    qtbot.waitUntil(lambda: _keys(tab) == [("interaction", i) for i in ids])
    assert tab.selected() == ("interaction", ids[TIMELINE_PAGE * 2])  # and stays where it was
    assert not any(n.text(0).startswith("Show older") for n in tab._items())

    tab.load(None)
    tab.load(cid)
    tab.ensure_shown(ids[-1])  # opening the oldest from a search reads back to it, and no further
    assert _keys(tab)[-1] == ("interaction", ids[-1])
    assert tab.select("interaction", ids[-1])


def test_the_customer_list_reads_only_what_it_shows_of_5000(qtbot, journal, qsettings) -> None:
    with journal.write("Add customers"):
        journal.conn().execute(
            """WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)
            INSERT INTO customer (uid, created_at, updated_at, name, name_key, customer_kind, industry,
              website, about, stage, revisit_reason, archived)
            SELECT 'c-' || i, '2026-01-01T00:00:00.000000Z', '2026-01-01T00:00:00.000000Z',
              printf('Customer %04d', i), printf('customer %04d', i), 'company', '', '', '', 'lead', '', 0
            FROM n"""
        )
    window = build_window(journal, qsettings)
    qtbot.addWidget(window)
    show_and_activate(qtbot, window)
    page = window.show_page("customers")
    qtbot.wait(10)
    assert page.model.rowCount() == 5000
    assert page.model.rows_fetched == PAGE  # one page read to show the first screen
    page.table.scrollToBottom()
    qtbot.wait(10)
    assert page.model.rows_fetched == 2 * PAGE  # and one more for the last screen
