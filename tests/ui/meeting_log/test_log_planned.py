"""Logging a meeting that was planned completes it: the plan becomes the log, never a second meeting."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

from journal.reads import queries
from journal.services import contacts, customers, interactions
from journal.storage.db import Journal
from tests.ui.helpers import answer_next_dialog, show_and_activate, type_text
from ui.meeting_log.dialog import MeetingLogDialog
from ui.shell.app import build_window

CTRL = Qt.KeyboardModifier.ControlModifier
TEN = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)  # the fixed clock says 09:30


@pytest.fixture
def acme(journal: Journal) -> int:
    return customers.create_customer(journal, name="Acme Ltd", stage="qualified").created_id("customer")


@pytest.fixture
def priya(journal: Journal, acme: int) -> int:
    return contacts.add_contact(journal, acme, name="Priya Shah", role="CFO").created_id("contact")


@pytest.fixture
def planned(journal: Journal, acme: int, priya: int, clock) -> int:
    meeting = interactions.plan_meeting(
        journal, acme, occurred_at=TEN, goal="Find out who signs", attendees=[priya]
    ).created_id("interaction")
    clock.set(datetime(2026, 11, 22, 11, 15, tzinfo=UTC))  # the meeting is over
    return meeting


def _window(qtbot, journal: Journal, settings):
    window = build_window(journal, settings)
    qtbot.addWidget(window)
    show_and_activate(qtbot, window)
    return window


def _finish(qtbot, dialog: MeetingLogDialog, notes: str) -> None:
    type_text(qtbot, dialog.notes, notes)
    dialog.next_step.setText("Send the order form")
    dialog.next_on.setText("tomorrow")
    qtbot.keyClick(dialog.notes, Qt.Key.Key_Return, CTRL)


def _logged_once(journal: Journal, acme: int, planned: int) -> None:
    assert queries.planned_meetings(journal, customer_id=acme) == []
    assert queries.interaction_ids(journal, acme) == [planned], "the plan became the log: no duplicate"
    meeting = queries.interaction(journal, planned)
    assert (meeting.state, meeting.goal, meeting.occurred_at) == ("done", "Find out who signs", TEN)


def test_log_requested_with_a_meeting_completes_it_even_from_another_customer(
    qtbot, journal, qsettings, acme, planned
) -> None:
    """What Today (Ctrl+T on a meeting) and the brief do: ctx.log_requested(customer or None, meeting)."""
    globex = customers.create_customer(journal, name="Globex").created_id("customer")
    window = _window(qtbot, journal, qsettings)
    window.page("customers").select_customer(globex)  # someone else is on screen
    seen: list[tuple[object, object, str]] = []

    def log(dialog: MeetingLogDialog) -> None:
        seen.append((dialog.customer_id, dialog.planned.currentData(), dialog.when.edit.text()))
        _finish(qtbot, dialog, "The CFO signs above 20k.")

    answer_next_dialog(qtbot, log)
    window.ctx.log_requested.emit(None, planned)
    qtbot.waitUntil(lambda: bool(seen) and QApplication.activeModalWidget() is None, timeout=5000)
    assert seen == [(acme, planned, "2026-11-22 10:00")], "its customer, the meeting, its time"
    _logged_once(journal, acme, planned)
    assert queries.interaction(journal, planned).notes == "The CFO signs above 20k."

    messages: list[str] = []
    window.ctx.status_message.connect(messages.append)
    opened = answer_next_dialog(qtbot, lambda dialog: dialog.done(0))
    window.ctx.log_requested.emit(acme, planned)  # asked again (a stale Today row): shown, not logged twice
    assert [(type(d).__name__, d.item_id) for d in opened] == [("InteractionDialog", planned)], "its editor"
    assert messages[0] == "That meeting is logged already: here it is."
    assert queries.interaction_ids(journal, acme) == [planned]


def test_ctrl_l_with_no_customer_offers_the_recent_planned_meetings_of_anyone(
    qtbot, ctx, journal, acme, priya, planned
) -> None:
    globex = customers.create_customer(journal, name="Globex").created_id("customer")
    interactions.plan_meeting(journal, globex, occurred_at=datetime(2026, 11, 22, 14, 0, tzinfo=UTC))
    interactions.plan_meeting(journal, globex, occurred_at=datetime(2026, 12, 20, 14, 0, tzinfo=UTC))
    dialog = MeetingLogDialog(ctx, None)
    qtbot.addWidget(dialog)
    show_and_activate(qtbot, dialog)
    assert QApplication.focusWidget() is dialog.picker
    assert [dialog.planned.itemText(n) for n in range(dialog.planned.count())] == [
        "Choose the customer above, or one of these planned meetings",
        "Acme Ltd, planned Sun 22 Nov, 10:00 — Find out who signs",
        "Globex, planned Sun 22 Nov, 14:00",
    ], "today's meetings with anyone; not next month's"
    qtbot.keyClick(dialog.picker, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.planned
    qtbot.keyClick(dialog.planned, Qt.Key.Key_Down)
    assert (dialog.customer_id, dialog.planned.currentData()) == (acme, planned)
    assert dialog.picker.text() == "Acme Ltd" and dialog.people.checked_ids() == [priya]
    assert dialog.notes.isEnabled() and dialog.windowTitle() == "Log meeting — Acme Ltd"
    assert QApplication.focusWidget() is dialog.planned, "the list stays under the keys"
    _finish(qtbot, dialog, "Signed off by the CFO.")
    assert dialog.result() == dialog.DialogCode.Accepted
    _logged_once(journal, acme, planned)


def test_the_customer_page_log_button_completes_the_meeting_just_held(
    qtbot, journal, qsettings, acme, planned
) -> None:
    window = _window(qtbot, journal, qsettings)
    window.show_page("customers")
    window.page("customers").select_customer(acme)
    seen: list[object] = []

    def log(dialog: MeetingLogDialog) -> None:
        seen.append(dialog.planned.currentText())
        _finish(qtbot, dialog, "Went well.")

    answer_next_dialog(qtbot, log)
    header = window.page("customers").workspace.header
    qtbot.mouseClick(header.findChild(QPushButton, "logButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(seen) and QApplication.activeModalWidget() is None, timeout=5000)
    assert seen == ["Planned Sun 22 Nov, 10:00 — Find out who signs"], "the meeting just held, chosen"
    _logged_once(journal, acme, planned)


def test_ctrl_t_on_a_meeting_in_today_logs_and_completes_it(qtbot, journal, qsettings, acme, planned) -> None:
    from tests.ui.helpers import press

    window = _window(qtbot, journal, qsettings)
    today = window.show_page("today")
    today.refresh()
    assert today.select("to_log", planned), "the meeting that has happened waits to be logged on Today"
    seen: list[object] = []

    def log(dialog: MeetingLogDialog) -> None:
        seen.append(dialog.planned.currentData())
        _finish(qtbot, dialog, "Met the CFO.")

    answer_next_dialog(qtbot, log)
    press(qtbot, today.tree, Qt.Key.Key_T, CTRL)
    qtbot.waitUntil(lambda: bool(seen) and QApplication.activeModalWidget() is None, timeout=5000)
    assert seen == [planned]
    _logged_once(journal, acme, planned)


def test_log_from_the_brief_opens_over_the_brief_and_completes_its_meeting(
    qtbot, journal, qsettings, acme, planned
) -> None:
    from tests.ui.helpers import press

    window = _window(qtbot, journal, qsettings)
    window.ctx.brief_requested.emit(acme, planned)
    brief = window.brief_window
    qtbot.waitUntil(brief.isActiveWindow)
    seen: list[object] = []

    def log(dialog: MeetingLogDialog) -> None:
        seen.append((dialog.parentWidget() is brief, dialog.planned.currentData()))
        _finish(qtbot, dialog, "Agreed the budget owner.")

    answer_next_dialog(qtbot, log)
    press(qtbot, brief.page, Qt.Key.Key_L, CTRL)
    qtbot.waitUntil(lambda: bool(seen) and QApplication.activeModalWidget() is None, timeout=5000)
    assert seen == [(True, planned)], "over the brief (which may be kept on top), for its meeting"
    _logged_once(journal, acme, planned)
