"""How a write reaches the views: each refreshes only for what it shows, hidden ones when next shown, and
a draft kept refreshes nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from PySide6.QtCore import QAbstractItemModel, QSettings
from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from journal.domain.aspects import Aspect
from journal.services import customers, interactions, needs, promises
from journal.storage.changes import Changes
from journal.storage.db import Journal
from tests.ui.helpers import show_and_activate
from ui.customers.page import CustomersPage
from ui.meeting_log.dialog import MeetingLogDialog
from ui.reflections.page import ReflectionsPage
from ui.shell.app import build_window
from ui.shell.context import ChangeWatch, initiated_by
from ui.today.page import TodayPage
from ui.widgets import forms

TODAY = date(2026, 11, 22)


@pytest.fixture
def acme(journal: Journal) -> int:
    cid = customers.create_customer(journal, name="Acme Ltd", stage="qualified").created_id("customer")
    promises.add_promise(journal, cid, text="Send the deck", due_on=TODAY)
    interactions.add_interaction(
        journal, cid, occurred_at=datetime(2026, 11, 20, 10, tzinfo=UTC), lesson="Ask about budget first"
    )
    return cid


class Counts:
    """Model resets of every item model in the window, by model."""

    def __init__(self, window: QWidget) -> None:
        self.resets: dict[int, int] = {}
        self.models = window.findChildren(QAbstractItemModel)
        for model in self.models:
            model.modelReset.connect(lambda m=model: self._reset(m))

    def _reset(self, model: QAbstractItemModel) -> None:
        self.resets[id(model)] = self.resets.get(id(model), 0) + 1

    def of(self, model: QAbstractItemModel) -> int:
        return self.resets.get(id(model), 0)

    def total(self) -> int:
        return sum(self.resets.values())

    def clear(self) -> None:
        self.resets.clear()


def _window(qtbot, journal: Journal, settings: QSettings):
    window = build_window(journal, settings)
    qtbot.addWidget(window)
    show_and_activate(qtbot, window)
    today = window.page("today")
    assert isinstance(today, TodayPage)
    qtbot.waitUntil(lambda: today.report is not None)
    return window, today


def _pages(window) -> tuple[CustomersPage, ReflectionsPage]:
    customers_page, reflections = window.page("customers"), window.page("reflections")
    assert isinstance(customers_page, CustomersPage) and isinstance(reflections, ReflectionsPage)
    return customers_page, reflections


def _tab(page: CustomersPage, name: str):
    return next(t for t in page.workspace.tab_list if t.objectName() == f"{name}Tab")


def _rows(tab) -> list[str]:
    return [node.text(0) for node in tab.model.nodes() if node.key]


def test_a_promise_change_refreshes_today_and_the_promises_tab_not_reflections(
    qtbot, journal, qsettings, acme
) -> None:
    window, today = _window(qtbot, journal, qsettings)
    customers_page, reflections = _pages(window)
    window.show_page("reflections")  # read once, as after a look at it this morning
    window.show_page("today")
    counts = Counts(window)

    # Today is shown: it is rebuilt at once; the customer's page is hidden: it only notes it.
    pid = promises.add_promise(journal, acme, text="Book the room", due_on=TODAY).created_id("promise")
    assert counts.of(today.model) == 1
    assert customers_page.workspace.watch.stale
    assert not reflections.watch.stale, "Reflections shows no promises"

    # The customer's promises tab, shown: read again with the new promise, the other tabs left alone.
    window.show_page("customers")
    customers_page.select_customer(acme)
    promises_tab, needs_tab = _tab(customers_page, "promises"), _tab(customers_page, "needs")
    customers_page.workspace.tabs.setCurrentWidget(promises_tab)
    assert "Book the room" in _rows(promises_tab)
    counts.clear()
    forms.attempt(promises_tab, lambda: promises.mark_kept(journal, pid))
    assert counts.of(promises_tab.model) == 1
    assert counts.of(needs_tab.model) == 0 and counts.of(today.model) == 0, "hidden: not rebuilt"
    assert any("Book the room" in row for row in _rows(promises_tab)) and today.watch.stale

    window.show_page("today")
    qtbot.waitUntil(lambda: counts.of(today.model) == 1)  # rebuilt once, on being shown
    window.show_page("reflections")
    assert counts.of(reflections.model) == 0 and reflections.watch.applied == 0


def test_a_hidden_page_refreshes_when_it_is_shown(qtbot, journal, qsettings, acme) -> None:
    window, _today = _window(qtbot, journal, qsettings)
    _customers, reflections = _pages(window)
    window.show_page("reflections")
    assert reflections.model.rowCount() == 1
    window.show_page("today")
    interactions.add_interaction(
        journal, acme, occurred_at=datetime(2026, 11, 21, 15, tzinfo=UTC), lesson="Let them talk"
    )
    assert reflections.watch.stale and reflections.model.rowCount() == 1, "hidden: only noted"
    assert reflections.watch.applied == 0
    window.show_page("reflections")
    assert reflections.watch.applied == 1 and not reflections.watch.stale
    assert reflections.model.rowCount() == 2


def test_a_need_leaves_the_promises_tab_and_the_header_alone(qtbot, journal, qsettings, acme, monkeypatch):
    window, _today = _window(qtbot, journal, qsettings)
    customers_page, _reflections = _pages(window)
    window.show_page("customers")
    customers_page.select_customer(acme)
    workspace = customers_page.workspace
    promises_tab, needs_tab = _tab(customers_page, "promises"), _tab(customers_page, "needs")
    workspace.tabs.setCurrentWidget(promises_tab)
    headers: list[int] = []
    real = workspace.header.show_detail
    monkeypatch.setattr(workspace.header, "show_detail", lambda c: (headers.append(c.id), real(c)))
    counts = Counts(window)

    needs.add_need(journal, acme, text="Close the books faster")
    assert counts.total() == 0 and headers == [], "nothing shown reads a need"
    workspace.tabs.setCurrentWidget(needs_tab)
    assert _rows(needs_tab)[0].startswith("Close the books faster"), "read when shown"
    counts.clear()

    promises.add_promise(journal, acme, text="Call back", due_on=TODAY)
    assert headers == [acme], "the header's health counts promises"
    assert counts.of(needs_tab.model) == 0


def test_a_draft_kept_refreshes_no_view(qtbot, journal, qsettings, acme) -> None:
    window, today = _window(qtbot, journal, qsettings)
    customers_page, _reflections = _pages(window)
    heard: list[Changes] = []
    window.ctx.changed.connect(heard.append)
    rebuilt: list[int] = []
    today.model.modelReset.connect(lambda: rebuilt.append(1))
    counts = Counts(window)
    dialog = MeetingLogDialog(window.ctx, acme, None, window)
    qtbot.addWidget(dialog)
    for page in ("today", "customers"):
        window.show_page(page)
        if page == "customers":
            customers_page.select_customer(acme)
        counts.clear()
        for n in range(3):
            dialog.notes.setPlainText(f"Budget is approved, take {page} {n}")
            assert dialog.autosave()
        assert counts.total() == 0, "no model reset for a draft"
        assert not rebuilt, "Today is not rebuilt for a draft"
    assert len(heard) == 6 and all(c.aspects == {Aspect.DRAFTS} for c in heard)
    assert all(c.initiator is dialog for c in heard), "the form that kept it asked"
    assert not today.watch.stale and not customers_page.workspace.watch.stale


def test_a_view_can_leave_its_own_writes_alone(qtbot, ctx, journal, acme) -> None:
    view = QWidget()
    qtbot.addWidget(view)
    button = QPushButton("Keep", view)
    QVBoxLayout(view).addWidget(button)
    applied: list[Changes] = []
    ChangeWatch(ctx, view, {Aspect.PROMISES}, applied.append, customer=lambda: acme, own_writes=False)
    view.show()
    with initiated_by(button):  # its own button: it shows the result already
        promises.add_promise(journal, acme, text="Mine", due_on=TODAY)
    assert applied == []
    forms.attempt(None, lambda: promises.add_promise(journal, acme, text="Theirs", due_on=TODAY))
    assert len(applied) == 1 and applied[0].initiator is None
    other = customers.create_customer(journal, name="Globex").created_id("customer")
    promises.add_promise(journal, other, text="Not this customer's", due_on=TODAY)
    assert len(applied) == 1
