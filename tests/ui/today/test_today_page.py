"""Today, driven from the keyboard in the real window; every action is checked in the journal."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from icalendar import Calendar
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QLabel, QSpinBox

from journal.domain.clock import FixedClock
from journal.reads import queries, today
from journal.services import contacts, customers, interactions, promises, settings
from journal.storage.db import Journal
from tests.conftest import NOW
from tests.ui.helpers import answer_next_dialog, press, save_with_keyboard, show_and_activate, type_text
from ui.shell.app import build_window
from ui.today.model import TodayModel
from ui.today.page import TodayPage

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
TODAY = NOW.date()


def _world(journal: Journal, clock: FixedClock) -> dict[str, int]:
    """Acme owes and is owed; Slow Co and Quiet Co are slipping; Resting and Elsewhere are due a revisit."""
    ids: dict[str, int] = {}
    clock.set(NOW - timedelta(days=10))
    for name in ("Resting Ltd", "Elsewhere Inc"):
        ids[name] = customers.create_customer(journal, name=name).created_id("customer")
        customers.set_stage(
            journal,
            ids[name],
            "not_now",
            reason=f"{name}: budget frozen",
            revisit_on=TODAY - timedelta(days=1),
        )
    clock.set(NOW)
    acme = ids["Acme"] = customers.create_customer(journal, name="Acme").created_id("customer")
    priya = contacts.add_contact(journal, acme, name="Priya Shah").created_id("contact")
    for key, text, due, owner in (
        ("late", "Send the pricing", -2, "me"),
        ("today", "Send the deck", 0, "me"),
        ("theirs", "Send their volumes", -1, "them"),
    ):
        ids[key] = promises.add_promise(
            journal, acme, text=text, due_on=TODAY + timedelta(days=due), owner=owner, contact_id=priya
        ).created_id("promise")
    ids["meeting"] = interactions.plan_meeting(
        journal, acme, occurred_at=NOW + timedelta(days=1), goal="Agree the pilot", attendees=[priya]
    ).created_id("interaction")
    for name, ago in (("Slow Co", 25), ("Quiet Co", 20)):
        cid = ids[name] = customers.create_customer(journal, name=name, cadence_days=10).created_id(
            "customer"
        )
        interactions.add_interaction(journal, cid, occurred_at=NOW - timedelta(days=ago))
    return ids


def _window(qtbot, journal: Journal, settings_: QSettings):
    window = build_window(journal, settings_)
    qtbot.addWidget(window)
    show_and_activate(qtbot, window)
    page = window.page("today")
    assert isinstance(page, TodayPage)
    return window, page


def _select(page: TodayPage, kind: str, item_id: int) -> None:
    assert page.select(kind, item_id), (kind, item_id)


def _fill(qtbot, **fields: str):
    def handler(dialog) -> None:
        for name, text in fields.items():
            widget = dialog.field(name)
            target = getattr(widget, "edit", widget)
            target.setFocus()
            if hasattr(target, "selectAll"):
                target.selectAll()
            type_text(qtbot, target, text)
        save_with_keyboard(qtbot, dialog)

    return handler


def test_the_model_passes_qt_checks(qapp, qtmodeltester, journal: Journal, clock: FixedClock) -> None:
    _world(journal, clock)
    model = TodayModel()
    model.set_report(today.report(journal), clock.local_tz())
    qtmodeltester.check(model, force_py=True)


def test_today_is_the_start_page_with_counts_and_quiet_empty_sections(
    qtbot, journal: Journal, clock: FixedClock, qsettings
) -> None:
    ids = _world(journal, clock)
    window, page = _window(qtbot, journal, qsettings)
    assert window.current_page_key() == "today"
    headings = [s.heading for s in page.model.sections]
    assert headings == [
        "Next up · 2",  # tomorrow's meeting, then the overdue promise
        "Due today & this week — I owe · 1",
        "Next steps — mine — No next steps due this week.",
        "Log these — Every meeting that has happened is logged.",
        "Chase — they owe me · 1",
        "Slipping · 2",
        "Revisit · 2",
        "Coming up — No meetings or dates in the next two weeks.",
    ]
    assert page.selected().item_id == ids["meeting"]  # the day's first thing is selected first
    assert page.select("promise", ids["late"])
    assert "Sunday 22 November — 1 overdue, 1 due this week, 1 to chase" in page.summary.text()
    assert page.record.text() == (
        "You kept 0% of your promises on time in the last 90 days (0 of 1 on time, 1 overdue)."
        " Customers kept 0% of theirs."
    )
    assert "Ctrl+D kept" in page.hint.text()
    assert not page.snooze_act.isEnabled() and page.kept.isEnabled()
    assert window.ctx.current_customer_id == ids["Acme"]

    window.show_page("customers")  # Ctrl+E there edits the customer shown there, not Today's row
    assert window.ctx.current_customer_id in (None, window.page("customers").workspace.customer_id())
    press(qtbot, window, Qt.Key.Key_1, CTRL)
    assert window.current_page_key() == "today"
    assert window.ctx.current_customer_id == ids["Acme"]

    customers.archive_customer(journal, ids["Acme"])
    headings = [s.heading for s in page.model.sections]
    assert headings[0] == "Next up — No meetings today or tomorrow, and nothing of yours overdue."
    assert headings[-1] == "Coming up — No meetings or dates in the next two weeks."
    assert page.model.rowCount(page.model.index(0, 0)) == 0


def test_promise_rows_kept_rescheduled_and_released_from_the_keyboard(
    qtbot, journal: Journal, clock: FixedClock, qsettings
) -> None:
    ids = _world(journal, clock)
    _w, page = _window(qtbot, journal, qsettings)
    tree = page.tree

    _select(page, "promise", ids["late"])
    press(qtbot, tree, Qt.Key.Key_D, CTRL)
    kept = queries.promise(journal, ids["late"])
    assert (kept.status, kept.completed_on) == ("kept", TODAY)
    assert page.selected().item_id == ids["today"]  # the next row takes its place

    answer_next_dialog(qtbot, _fill(qtbot, date="fri"))
    press(qtbot, tree, Qt.Key.Key_S, CTRL | SHIFT)
    qtbot.waitUntil(lambda: queries.promise(journal, ids["today"]).due_on == date(2026, 11, 27))
    assert page.model.sections[1].rows[0].cells[2] == "in 5 days"

    _select(page, "theirs", ids["theirs"])
    answer_next_dialog(qtbot, _fill(qtbot, release_reason="They sent it by post; agreed on the call"))
    press(qtbot, tree, Qt.Key.Key_X, CTRL | SHIFT)
    qtbot.waitUntil(lambda: queries.promise(journal, ids["theirs"]).status == "released")
    assert (
        queries.promise(journal, ids["theirs"]).release_reason == "They sent it by post; agreed on the call"
    )
    assert next(s for s in page.model.sections if s.key == "chase_theirs").total == 0


def test_a_release_without_a_reason_is_explained_and_changes_nothing(
    qtbot, journal: Journal, clock: FixedClock, qsettings
) -> None:
    ids = _world(journal, clock)
    _w, page = _window(qtbot, journal, qsettings)
    _select(page, "promise", ids["late"])
    seen: list[str] = []

    def handler(dialog) -> None:
        save_with_keyboard(qtbot, dialog)
        seen.append(dialog.findChild(type(dialog.general_error), "release_reasonError").text())
        dialog.done(0)

    answer_next_dialog(qtbot, handler)
    press(qtbot, page.tree, Qt.Key.Key_X, CTRL | SHIFT)
    qtbot.waitUntil(lambda: bool(seen))
    assert "cannot be empty" in seen[0]
    assert queries.promise(journal, ids["late"]).status == "open"


def test_slipping_rows_take_a_touch_or_a_snooze(
    qtbot, journal: Journal, clock: FixedClock, qsettings
) -> None:
    ids = _world(journal, clock)
    _w, page = _window(qtbot, journal, qsettings)
    tree = page.tree

    _select(page, "slipping", ids["Slow Co"])
    assert "Ctrl+Shift+N snooze" in page.hint.text()
    answer_next_dialog(qtbot, _fill(qtbot, notes="Quick call: they are hiring, call back in May"))
    press(qtbot, tree, Qt.Key.Key_T, CTRL)
    qtbot.waitUntil(lambda: queries.last_contact(journal, ids["Slow Co"]) == TODAY)
    [touch] = queries.recent_interactions(journal, ids["Slow Co"], 1)
    assert (touch.interaction_kind, touch.notes) == ("call", "Quick call: they are hiring, call back in May")
    assert [s.name for s in page.report.slipping] == ["Quiet Co"]

    _select(page, "slipping", ids["Quiet Co"])

    def snooze(dialog) -> None:
        spin = dialog.findChild(QSpinBox)
        spin.setFocus()
        spin.selectAll()
        type_text(qtbot, spin, "10")
        assert "until Wed 2 Dec" in dialog.until.text()
        save_with_keyboard(qtbot, dialog)

    answer_next_dialog(qtbot, snooze)
    press(qtbot, tree, Qt.Key.Key_N, CTRL | SHIFT)
    qtbot.waitUntil(lambda: queries.customer(journal, ids["Quiet Co"]).snoozed_until == date(2026, 12, 2))
    assert page.report.slipping == ()


def test_revisits_are_rescheduled_logged_or_closed_and_history_is_kept(
    qtbot, journal: Journal, clock: FixedClock, qsettings, _no_blocking_confirmations
) -> None:
    ids = _world(journal, clock)
    _w, page = _window(qtbot, journal, qsettings)
    tree = page.tree
    resting, elsewhere = ids["Resting Ltd"], ids["Elsewhere Inc"]

    _select(page, "revisit", resting)
    answer_next_dialog(qtbot, _fill(qtbot, revisit_on="2027-03-01", reason="New budget year starts in March"))
    press(qtbot, tree, Qt.Key.Key_S, CTRL | SHIFT)
    qtbot.waitUntil(lambda: queries.customer(journal, resting).revisit_on == date(2027, 3, 1))
    reasons = [h.reason for h in queries.stage_history(journal, resting)]
    assert reasons[:2] == ["New budget year starts in March", "Resting Ltd: budget frozen"]

    _select(page, "revisit", elsewhere)

    def touch(dialog) -> None:
        assert dialog.field("revisit_on").text() == "2027-02-20"  # 90 days on, suggested
        _fill(qtbot, notes="Emailed the new case study")(dialog)

    answer_next_dialog(qtbot, touch)
    press(qtbot, tree, Qt.Key.Key_T, CTRL)
    qtbot.waitUntil(lambda: queries.customer(journal, elsewhere).revisit_on == date(2027, 2, 20))
    assert queries.last_contact(journal, elsewhere) == TODAY
    assert page.report.revisit == ()

    clock.set(datetime(2027, 2, 20, 9, tzinfo=UTC))
    page.check_day()
    _select(page, "revisit", elsewhere)
    press(qtbot, tree, Qt.Key.Key_X, CTRL | SHIFT)
    qtbot.waitUntil(lambda: queries.customer(journal, elsewhere).stage == "lost")
    assert "Close for good?" in _no_blocking_confirmations
    detail = queries.customer(journal, elsewhere)
    assert detail.revisit_on is None and detail.revisit_reason == "Elsewhere Inc: budget frozen"


def test_enter_opens_the_customer_and_ctrl_b_the_meetings_brief(
    qtbot, journal: Journal, clock: FixedClock, qsettings
) -> None:
    ids = _world(journal, clock)
    window, page = _window(qtbot, journal, qsettings)
    tree = page.tree
    _select(page, "meeting", ids["meeting"])
    assert "Ctrl+T log the meeting" in page.hint.text()
    with qtbot.waitSignal(window.ctx.brief_requested) as brief:
        press(qtbot, tree, Qt.Key.Key_B, CTRL)
    assert brief.args == [ids["Acme"], ids["meeting"]]
    qtbot.waitUntil(window.brief_window.isVisible)
    shown = window.brief_window.brief
    assert shown is not None and shown.meeting is not None and shown.meeting.id == ids["meeting"]
    window.brief_window.close()
    show_and_activate(qtbot, window)
    window.ctx.log_requested.disconnect()  # the log form is another page's: only the request matters
    with qtbot.waitSignal(window.ctx.log_requested) as log:
        press(qtbot, tree, Qt.Key.Key_T, CTRL)
    assert log.args == [ids["Acme"], ids["meeting"]]

    _select(page, "slipping", ids["Quiet Co"])
    with qtbot.waitSignal(window.ctx.brief_requested) as brief:
        press(qtbot, tree, Qt.Key.Key_B, CTRL)
    assert brief.args == [ids["Quiet Co"], None]
    press(qtbot, tree, Qt.Key.Key_Return)
    assert window.current_page_key() == "customers"
    assert window.page("customers").workspace.customer_id() == ids["Quiet Co"]


def test_midnight_rolls_today_over_without_waiting(
    qtbot, journal: Journal, clock: FixedClock, qsettings
) -> None:
    ids = _world(journal, clock)
    clock.set(datetime(2026, 11, 22, 23, 59, 50, tzinfo=UTC))
    _w, page = _window(qtbot, journal, qsettings)
    assert [p.id for p in page.report.due_mine] == [ids["today"]]
    assert page.ms_to_midnight() == 11_000
    assert page.day_timer.isActive() and page.day_timer.interval() == 11_000

    clock.set(datetime(2026, 11, 23, 0, 0, 1, tzinfo=UTC))
    page.day_timer.timeout.emit()  # what the timer does at midnight
    assert page.report.day == date(2026, 11, 23)
    assert [p.id for p in page.report.overdue_mine] == [ids["late"], ids["today"]]
    assert "Monday 23 November" in page.summary.text()
    assert page.day_timer.interval() == 10 * 60 * 1000  # a day away: look again in ten minutes


def test_preferences_change_cadence_and_reminders(
    qtbot, journal: Journal, clock: FixedClock, qsettings
) -> None:
    ids = _world(journal, clock)
    _w, page = _window(qtbot, journal, qsettings)
    lead = customers.create_customer(journal, name="New Lead").created_id("customer")
    interactions.add_interaction(journal, lead, occurred_at=NOW - timedelta(days=9))

    def handler(dialog) -> None:
        spin = dialog.field("cadence.lead")
        spin.setFocus()
        spin.selectAll()
        type_text(qtbot, spin, "7")
        box = dialog.field("notifications")
        box.setFocus()
        qtbot.keyClick(box, Qt.Key.Key_Space)
        save_with_keyboard(qtbot, dialog)

    answer_next_dialog(qtbot, handler)
    press(qtbot, page.tree, Qt.Key.Key_Comma, CTRL)
    qtbot.waitUntil(lambda: settings.get(journal, "cadence.lead") == 7)
    assert settings.get(journal, "notifications") is False
    assert "New Lead" in [s.name for s in page.report.slipping]
    assert ids


def test_preferences_say_when_the_last_backup_was_and_where_they_are(
    qtbot, journal: Journal, clock: FixedClock, qsettings
) -> None:
    from journal.storage import backup

    _w, page = _window(qtbot, journal, qsettings)
    seen: list[str] = []

    def handler(dialog) -> None:
        seen.append(dialog.findChild(QLabel, "backupSummary").text())
        dialog.reject()

    answer_next_dialog(qtbot, handler)
    press(qtbot, page.tree, Qt.Key.Key_Comma, CTRL)
    qtbot.waitUntil(lambda: len(seen) == 1)
    assert seen[0].startswith("No backup yet.") and str(journal.path.parent / "backups") in seen[0]

    backup.take(journal.path, now=NOW - timedelta(days=2))
    backup.take(journal.path, now=NOW - timedelta(hours=1))
    answer_next_dialog(qtbot, handler)
    press(qtbot, page.tree, Qt.Key.Key_Comma, CTRL)
    qtbot.waitUntil(lambda: len(seen) == 2)
    assert seen[1].startswith("Last backup Sun 22 Nov, 08:30 (today). 2 backups are kept in ")


def test_customer_header_shows_the_follow_through_record(
    qtbot, journal: Journal, clock: FixedClock, qsettings
) -> None:
    ids = _world(journal, clock)
    promises.mark_kept(journal, ids["late"])
    promises.mark_kept(journal, ids["today"])
    window, page = _window(qtbot, journal, qsettings)
    _select(page, "theirs", ids["theirs"])
    press(qtbot, page.tree, Qt.Key.Key_Return)
    header = window.page("customers").workspace.header
    assert header.record.text() == (
        "Follow-through, last 90 days: I kept 1 of 2 on time, 1 late · they kept 0 of 1 on time, 1 overdue"
    )
    assert page.record.text().startswith("You kept 50% of your promises on time in the last 90 days")


@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_reminders_without_a_tray_go_to_the_status_bar(
    qtbot, journal: Journal, clock: FixedClock, qsettings
) -> None:
    from ui.today.reminders import Reminders, badge_icon

    ids = _world(journal, clock)
    clock.set(datetime(2026, 11, 22, 8, 50, tzinfo=UTC))
    window, page = _window(qtbot, journal, qsettings)
    reminders = window.findChild(Reminders, "reminders")
    assert reminders is not None and reminders.tray is None  # offscreen: no tray, nothing breaks
    qtbot.waitUntil(
        lambda: reminders.next_wake is not None
    )  # the first look comes by itself, soon after start
    assert reminders.notified == [] and reminders.overdue == 1
    assert reminders.next_wake == datetime(2026, 11, 22, 9, 0, tzinfo=UTC)

    clock.set(datetime(2026, 11, 22, 9, 0, 1, tzinfo=UTC))
    with qtbot.waitSignal(window.ctx.status_message) as message:
        reminders.timer.timeout.emit()
    assert message.args == ["Due today: Send the deck — You promised Acme."]
    assert [r.item_id for r in reminders.notified] == [ids["today"]]
    reminders.check()
    assert len(reminders.notified) == 1  # once
    again = Reminders(window)  # as after a restart the same day: not again
    again.check()
    assert again.notified == []
    again.watch.detach()
    again.timer.stop()
    assert reminders.tray is None and not badge_icon(3).isNull()

    clock.set(datetime(2026, 11, 22, 9, 5, tzinfo=UTC))
    with qtbot.waitSignal(window.ctx.status_message) as message, journal.write("Two at once"):
        for text in ("Call Priya back", "Book the room"):  # due together: one message, not two
            promises.add_promise(journal, ids["Acme"], text=text, due_on=TODAY)
    assert message.args[0] == "2 promises of yours due today — Call Priya back; Book the room"
    assert len(reminders.notified) == 3

    window.show_page("customers")
    reminders.open_last()
    assert window.current_page_key() == "today"
    assert page.selected().item_id == reminders.notified[1].item_id  # the first of the last notification

    settings.set_settings(journal, notifications=False)
    clock.set(datetime(2026, 11, 23, 9, 15, 30, tzinfo=UTC))  # 15 minutes before the meeting
    reminders.check()
    assert len(reminders.notified) == 3
    settings.set_settings(journal, notifications=True)
    assert [r.kind for r in reminders.notified] == ["promise"] * 3 + ["meeting"]
    with qtbot.waitSignal(window.ctx.brief_requested) as brief:
        reminders.open_last()
    assert brief.args == [ids["Acme"], ids["meeting"]]


@pytest.mark.parametrize("fails", [False, True])
def test_calendar_export_from_the_file_menu(
    qtbot, journal: Journal, clock: FixedClock, qsettings, tmp_path, monkeypatch, shown_errors, fails: bool
) -> None:
    from ui.exports import calendar as calendar_export

    _world(journal, clock)
    window, _page = _window(qtbot, journal, qsettings)
    target = tmp_path / ("missing" if fails else "out") / "journal.exchange.ics"
    if fails:
        target.parent.write_text("a file where a folder should be")
        target = target.parent / "journal.exchange.ics"
    monkeypatch.setattr(calendar_export, "ask_export_path", lambda parent, suggested: target)
    act = window.findChild(type(window.quit_action), "export_calendar")
    assert act is not None and act in window.file_menu.actions()
    act.trigger()
    job = window.calendar_exporter.job
    assert job is not None, "written on a worker thread"
    qtbot.waitUntil(lambda: window.calendar_exporter.job is None, timeout=10_000)
    if fails:
        assert shown_errors and "could not be written" in shown_errors[0]
        return
    cal = Calendar.from_ical(target.read_bytes())
    assert sorted(str(e["SUMMARY"]) for e in cal.walk("VEVENT")) == [
        "Meeting with Acme",
        "Promised Acme: Send the deck",
        "Promised Acme: Send the pricing",
    ]


def test_a_new_journal_starts_on_the_welcome_page_and_today_says_why_it_is_empty(
    qtbot, journal: Journal, qsettings
) -> None:
    window = build_window(journal, qsettings)
    qtbot.addWidget(window)
    show_and_activate(qtbot, window)
    qtbot.waitUntil(lambda: window.current_page_key() == "customers")
    customers_page = window.page("customers")
    assert customers_page.stack.currentWidget() is customers_page.first_run
    press(qtbot, window, Qt.Key.Key_1, CTRL)
    assert window.current_page_key() == "today"
    page = window.page("today")
    assert "your journal is empty" in page.summary.text()
    assert all(not s.total for s in page.model.sections)


def test_today_leads_with_next_up_and_folded_sections_stay_folded(
    qtbot, journal: Journal, clock: FixedClock, qsettings
) -> None:
    ids = _world(journal, clock)
    window, page = _window(qtbot, journal, qsettings)
    first = page.model.sections[0]
    assert first.title == "Next up"
    assert [row.key.kind for row in first.rows] == ["meeting", "promise"]  # tomorrow 09:30, then overdue
    assert first.rows[0].cells[2] == "tomorrow, 09:30"

    # ← on a row folds its section; the selection moves on to the next section in sight.
    assert page.select("promise", ids["today"])
    press(qtbot, page.tree, Qt.Key.Key_Left)
    due = page.model.section_index("due_mine")
    assert not page.tree.isExpanded(due)
    assert page.selected().item_id == ids["theirs"]

    # Remembered: a new window on the same settings opens with that section folded.
    window.close()
    _w2, again = _window(qtbot, journal, qsettings)
    qtbot.waitUntil(lambda: again.report is not None)
    assert not again.tree.isExpanded(again.model.section_index("due_mine"))
    assert again.tree.isExpanded(again.model.section_index("next_up"))

    # A click on its heading unfolds it, and → unfolds everything.
    heading = again.tree.visualRect(again.model.section_index("due_mine")).center()
    qtbot.mouseClick(again.tree.viewport(), Qt.MouseButton.LeftButton, pos=heading)
    assert again.tree.isExpanded(again.model.section_index("due_mine"))
    press(qtbot, again.tree, Qt.Key.Key_Left)
    press(qtbot, again.tree, Qt.Key.Key_Right)
    assert all(again.tree.isExpanded(again.model.index(r, 0)) for r in range(again.model.rowCount()))
    assert qsettings.value("today/folded") == ""


def test_today_columns_sit_close_to_their_content(
    qtbot, journal: Journal, clock: FixedClock, qsettings
) -> None:
    _world(journal, clock)
    window, page = _window(qtbot, journal, qsettings)
    window.resize(1366, 768)
    qtbot.waitUntil(lambda: page.report is not None)
    header = page.tree.header()
    # when · who · what: the words take the rest of the width, the other columns only what they need.
    model = page.model
    first = model.item_indexes()[0]
    assert [first.siblingAtColumn(c).data() for c in range(3)] == [
        "tomorrow, 09:30",
        "Acme",
        "Meeting with Priya Shah — Agree the pilot",
    ]
    metrics = page.tree.fontMetrics()
    whos = [row.cells[1] for section in page.model.sections for row in section.rows]
    widest_who = max(metrics.horizontalAdvance(who) for who in whos)
    assert widest_who <= header.sectionSize(1) <= widest_who + 40  # all of it, and no more
    assert header.sectionViewportPosition(2) < page.tree.viewport().width() // 2  # not ~700 px in


def test_an_empty_today_has_no_row_of_greyed_buttons(qtbot, journal: Journal, qsettings) -> None:
    customers.create_customer(journal, name="Acme")
    window, page = _window(qtbot, journal, qsettings)
    window.show_page("today")
    qtbot.waitUntil(lambda: page.report is not None)
    assert not page.button_bar.isVisible()
    assert page.model.sections[0].heading.startswith("Next up — No meetings today or tomorrow")


def test_rows_are_found_by_position_without_an_index_for_each(
    qtbot, journal: Journal, clock: FixedClock, qsettings
) -> None:
    _world(journal, clock)
    _main, page = _window(qtbot, journal, qsettings)
    rows = page.model.item_indexes()
    assert len(rows) > 3
    for n, index in enumerate(rows):
        assert page.model.position_of(index) == n
        assert page.model.item_at(n) == index
    assert page.model.item_at(len(rows) + 5) == rows[-1]  # past the end: the last
    assert page.model.position_of(page.model.index(0, 0)) == 0  # a heading
