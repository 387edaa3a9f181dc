"""Next steps and meetings to log, acted on from Today with one key; hooks and earlier next steps ticked in
the log form. Every action is checked in the journal."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from journal.domain.clock import FixedClock
from journal.reads import queries
from journal.services import contacts, customers, interactions
from journal.services.meeting_log import MeetingEntry, log_meeting
from journal.storage.db import Journal
from tests.conftest import NOW
from tests.ui.helpers import answer_next_dialog, press, save_with_keyboard, show_and_activate, type_text
from ui.meeting_log.dialog import MeetingLogDialog
from ui.shell.app import build_window
from ui.today.page import TodayPage

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
FRIDAY = date(2026, 11, 27)


def _window(qtbot, journal: Journal, qsettings):
    window = build_window(journal, qsettings)
    qtbot.addWidget(window)
    show_and_activate(qtbot, window)
    page = window.show_page("today")
    assert isinstance(page, TodayPage)
    page.refresh()
    return window, page


def _logged(journal: Journal, customer_id: int, step: str) -> int:
    entry = MeetingEntry(notes="Went through it", outcome="advanced", next_step=step, next_step_on=FRIDAY)
    return log_meeting(journal, customer_id, entry).ids("interaction")[0]


def test_next_steps_are_done_moved_and_dropped_from_today_with_one_key(
    qtbot, journal: Journal, clock: FixedClock, qsettings
) -> None:
    acme = customers.create_customer(journal, name="Acme").created_id("customer")
    terms = _logged(journal, acme, "Send the EU hosting terms")
    demo = _logged(journal, acme, "Book the demo")
    deck = _logged(journal, acme, "Send the deck")
    clock.set(datetime(2026, 11, 27, 9, 0, tzinfo=UTC))
    _w, page = _window(qtbot, journal, qsettings)
    section = next(s for s in page.model.sections if s.key == "next_steps")
    assert [r.cells[0] for r in section.rows] == [
        "Send the EU hosting terms",
        "Book the demo",
        "Send the deck",
    ]
    assert section.rows[0].cells[2] == "today"

    assert page.select("next_step", terms)
    press(qtbot, page.tree, Qt.Key.Key_D, CTRL)
    assert queries.interaction(journal, terms).next_step_status == "done"

    def move(dialog) -> None:
        field = dialog.field("date")
        target = getattr(field, "edit", field)
        target.setFocus()
        target.selectAll()
        type_text(qtbot, target, "tue")
        save_with_keyboard(qtbot, dialog)

    assert page.select("next_step", demo)
    answer_next_dialog(qtbot, move)
    press(qtbot, page.tree, Qt.Key.Key_S, CTRL | SHIFT)
    qtbot.waitUntil(lambda: queries.interaction(journal, demo).next_step_on == date(2026, 12, 1))

    assert page.select("next_step", deck)
    press(qtbot, page.tree, Qt.Key.Key_X, CTRL | SHIFT)
    assert queries.interaction(journal, deck).next_step_status == "dropped"
    assert [r.cells[0] for r in next(s for s in page.model.sections if s.key == "next_steps").rows] == [
        "Book the demo"
    ]


def test_a_meeting_that_happened_is_logged_from_log_these_and_leaves_coming_up(
    qtbot, journal: Journal, clock: FixedClock, qsettings
) -> None:
    acme = customers.create_customer(journal, name="Acme").created_id("customer")
    priya = contacts.add_contact(journal, acme, name="Priya Shah").created_id("contact")
    clock.set(NOW - timedelta(days=3))
    coffee = interactions.plan_meeting(
        journal, acme, occurred_at=NOW - timedelta(days=2), goal="Coffee", attendees=[priya]
    ).created_id("interaction")
    clock.set(NOW)
    _w, page = _window(qtbot, journal, qsettings)
    sections = {s.key: s for s in page.model.sections}
    assert sections["to_log"].heading == "Log these · 1"
    assert [r.key.item_id for r in sections["coming_up"].rows if r.key and r.key.kind == "meeting"] == []
    assert sections["to_log"].rows[0].cells[2] == "2 days ago"

    seen: list[object] = []

    def log(dialog: MeetingLogDialog) -> None:
        seen.append(dialog.planned.currentData())
        type_text(qtbot, dialog.notes, "They loved the pilot")
        dialog.next_step.setText("Send the order form")
        dialog.next_on.setText("fri")
        qtbot.keyClick(dialog.notes, Qt.Key.Key_Return, CTRL)

    assert page.select("to_log", coffee)
    answer_next_dialog(qtbot, log)
    press(qtbot, page.tree, Qt.Key.Key_T, CTRL)
    qtbot.waitUntil(lambda: bool(seen) and QApplication.activeModalWidget() is None, timeout=5000)
    assert seen == [coffee]
    meeting = queries.interaction(journal, coffee)
    assert (meeting.state, meeting.goal) == ("done", "Coffee")
    assert queries.interaction_ids(journal, acme) == [coffee], "the plan became the log"
    assert next(s for s in page.model.sections if s.key == "to_log").total == 0


def test_the_log_form_ticks_a_rapport_hook_asked_and_an_earlier_next_step_done(
    qtbot, ctx, journal: Journal
) -> None:
    acme = customers.create_customer(journal, name="Acme").created_id("customer")
    priya = contacts.add_contact(journal, acme, name="Priya Shah").created_id("contact")
    fact = contacts.add_rapport_fact(
        journal, priya, text="Runs marathons", hook="how the Berlin marathon went"
    ).created_id("rapport")
    earlier = _logged(journal, acme, "Send the EU hosting terms")
    dialog = MeetingLogDialog(ctx, acme)
    qtbot.addWidget(dialog)
    show_and_activate(qtbot, dialog)
    view, model = dialog.open_view, dialog.open_model
    texts = {i.key: i.text for i in model.items()}
    assert texts[f"hook:{fact}"] == "Ask Priya Shah: how the Berlin marathon went"
    assert texts[f"next_step:{earlier}"].startswith("Next step: Send the EU hosting terms")
    view.setFocus()
    for key in (f"hook:{fact}", f"next_step:{earlier}"):
        row = model.row_of(key)
        assert row is not None
        view.setCurrentIndex(model.index(row, 0))
        qtbot.keyClick(view, Qt.Key.Key_Space)
    type_text(qtbot, dialog.notes, "She ran it in 3:40")
    dialog.next_step.setText("Book the demo")
    dialog.next_on.setText("tue")
    qtbot.keyClick(dialog.notes, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: queries.interaction(journal, earlier).next_step_status == "done")
    assert [f.hook_asked for f in queries.rapport_facts(journal, acme)] == [True]
