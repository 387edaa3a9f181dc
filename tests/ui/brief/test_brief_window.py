"""The brief window: opened by keyboard and from the customer page, links that open items to edit,
following changes, print, PDF and Markdown."""

from __future__ import annotations

import stat
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtGui import QGuiApplication, QTextDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QPushButton, QTextBrowser

from journal.reads import queries
from journal.reads.brief import build_brief
from journal.reads.brief_render import render_markdown
from journal.services import contacts, customers, interactions, promises
from journal.storage.db import Journal
from tests.ui.helpers import answer_next_dialog, press, save_with_keyboard, show_and_activate, type_text
from ui.brief import window as brief_module
from ui.customers.item_dialogs import PromiseDialog
from ui.shell.app import build_window

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def two(journal: Journal) -> tuple[int, int]:
    first = customers.create_customer(journal, name="Acme Bakery", stage="proposal").created_id("customer")
    second = customers.create_customer(journal, name="Brightwater Logistics").created_id("customer")
    return first, second


def open_window(qtbot, journal: Journal, settings: QSettings):
    window = build_window(journal, settings)
    qtbot.addWidget(window)
    show_and_activate(qtbot, window)
    return window


def link_point(browser: QTextBrowser, text: str) -> QPoint:
    """Where the link showing `text` is on screen (scrolled into view), as a person would aim."""
    found = browser.document().find(text)
    assert not found.isNull(), f"{text!r} is not in the brief"
    cursor = browser.textCursor()
    cursor.setPosition(found.selectionStart() + 1)
    browser.setTextCursor(cursor)
    browser.ensureCursorVisible()
    assert cursor.charFormat().anchorHref(), f"{text!r} is not a link"
    return browser.cursorRect(cursor).center() + QPoint(2, 0)


def test_ctrl_b_opens_the_brief_of_the_selected_customer(qtbot, journal, two, qsettings) -> None:
    _acme, bright = two
    promises.add_promise(
        journal, bright, text="Send the pricing", due_on=journal.clock.today() - timedelta(3)
    )
    window = open_window(qtbot, journal, qsettings)
    window.page("customers").select_customer(bright)

    press(qtbot, window, Qt.Key.Key_B, CTRL)
    brief = window.brief_window
    qtbot.waitUntil(brief.isVisible)
    assert brief.brief is not None and brief.brief.customer.id == bright
    assert "Brief — Brightwater Logistics" in brief.windowTitle()
    text = brief.page.toPlainText()
    assert "Send the pricing" in text and "3 days late" in text
    qtbot.waitUntil(brief.page.hasFocus)  # ready to scroll and Tab through the links

    press(qtbot, brief.page, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not brief.isVisible())


def test_clicking_a_promise_link_opens_that_promise_to_edit(qtbot, journal, two, qsettings) -> None:
    acme, _ = two
    pid = promises.add_promise(
        journal, acme, text="Send the pricing", due_on=journal.clock.today()
    ).created_id("promise")
    window = open_window(qtbot, journal, qsettings)
    window.ctx.brief_requested.emit(acme, None)
    brief = window.brief_window
    qtbot.waitUntil(brief.isVisible)

    def edit(dialog) -> None:
        assert isinstance(dialog, PromiseDialog) and dialog.item_id == pid
        field = dialog.field("text")
        field.selectAll()
        type_text(qtbot, field, "Send the pricing for three sites")
        save_with_keyboard(qtbot, dialog)

    seen = answer_next_dialog(qtbot, edit)
    point = link_point(brief.page, "Send the pricing")
    qtbot.mouseClick(brief.page.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.waitUntil(lambda: bool(seen) and not seen[0].isVisible())
    assert queries.promise(journal, pid).text == "Send the pricing for three sites"
    workspace = window.page("customers").workspace
    assert workspace.customer_id() == acme and workspace.tabs.currentWidget().selected() == ("promise", pid)
    qtbot.waitUntil(lambda: "Send the pricing for three sites" in brief.page.toPlainText())  # it follows


def test_links_are_reached_with_tab_and_opened_with_enter(qtbot, journal, two, qsettings) -> None:
    acme, _ = two
    pid = promises.add_promise(journal, acme, text="Call back", due_on=journal.clock.today()).created_id(
        "promise"
    )
    window = open_window(qtbot, journal, qsettings)
    window.ctx.brief_requested.emit(acme, None)
    brief = window.brief_window
    qtbot.waitUntil(brief.isActiveWindow)

    opened: list[tuple[str, int]] = []
    window.ctx.item_requested.disconnect()
    window.ctx.item_requested.connect(lambda kind, item: opened.append((kind, item)))
    press(qtbot, brief.page, Qt.Key.Key_Tab)
    assert brief.page.textCursor().charFormat().anchorHref() or brief.page.textCursor().hasSelection()
    qtbot.keyClick(brief.page, Qt.Key.Key_Return)
    assert opened == [("promise", pid)]


def test_a_planned_meetings_brief_from_the_timeline_shows_its_goal_and_people(
    qtbot, journal, two, qsettings
) -> None:
    acme, _ = two
    ann = contacts.add_contact(journal, acme, name="Ann Lee", role="CFO").created_id("contact")
    contacts.add_contact(journal, acme, name="Bob Marsh")
    when = journal.clock.now() + timedelta(days=2)
    mid = interactions.plan_meeting(
        journal, acme, occurred_at=when, goal="Agree the pilot scope", attendees=[ann]
    ).created_id("interaction")
    window = open_window(qtbot, journal, qsettings)
    page = window.page("customers")
    page.select_customer(acme)
    workspace = page.workspace
    timeline = next(t for t in workspace.tab_list if t.objectName() == "timelineTab")
    workspace.show_tab(workspace.tab_list.index(timeline))
    assert timeline.select("interaction", mid)
    button = timeline.findChild(QPushButton, "timelineTab_briefButton")
    assert button is not None and button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    brief = window.brief_window
    qtbot.waitUntil(brief.isVisible)
    assert brief.brief is not None and brief.brief.meeting is not None and brief.brief.meeting.id == mid
    text = brief.page.toPlainText()
    assert text.index("Agree the pilot scope") < text.index("I owe them")
    assert [p.name for p in brief.brief.people.items][:1] == ["Ann Lee"]  # the meeting's people first


def test_the_customer_page_lists_planned_meetings_with_a_link_to_their_brief(
    qtbot, journal, two, qsettings
) -> None:
    acme, _ = two
    when = journal.clock.now() + timedelta(days=3)
    mid = interactions.plan_meeting(journal, acme, occurred_at=when, goal="Demo <b>v2</b>").created_id(
        "interaction"
    )
    window = open_window(qtbot, journal, qsettings)
    window.ctx.customer_requested.emit(acme)
    line = window.findChild(brief_module.QLabel, "nextMeetings")
    assert line is not None and line.isVisible()
    assert "Demo &lt;b&gt;v2&lt;/b&gt;" in line.text() and "in 3 days" in line.text()
    line.linkActivated.emit(str(mid))
    brief = window.brief_window
    qtbot.waitUntil(brief.isVisible)
    assert (
        brief.brief is not None
        and brief.brief.meeting is not None
        and brief.brief.meeting.goal == "Demo <b>v2</b>"
    )

    interactions.cancel_planned(journal, mid)  # the line follows the journal
    qtbot.waitUntil(lambda: not line.isVisible())


def test_header_button_and_back_between_briefs(qtbot, journal, two, qsettings) -> None:
    acme, _ = two
    mid = interactions.plan_meeting(
        journal, acme, occurred_at=journal.clock.now() + timedelta(days=5)
    ).created_id("interaction")
    window = open_window(qtbot, journal, qsettings)
    window.page("customers").select_customer(acme)
    qtbot.mouseClick(window.findChild(QPushButton, "briefButton"), Qt.MouseButton.LeftButton)
    brief = window.brief_window
    qtbot.waitUntil(brief.isVisible)
    assert brief.meeting_id is None  # not today: the customer's brief, with the meeting as "Next meeting"
    qtbot.mouseClick(
        brief.page.viewport(), Qt.MouseButton.LeftButton, pos=link_point(brief.page, "(in 5 days)")
    )
    assert brief.meeting_id == mid
    press(qtbot, brief.page, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert (brief.customer_id, brief.meeting_id) == (acme, None)


def test_ctrl_b_picks_todays_planned_meeting(qtbot, journal, two, qsettings) -> None:
    acme, _ = two
    mid = interactions.plan_meeting(
        journal, acme, occurred_at=journal.clock.now() + timedelta(hours=4), goal="Sign"
    ).created_id("interaction")
    window = open_window(qtbot, journal, qsettings)
    window.page("customers").select_customer(acme)
    press(qtbot, window, Qt.Key.Key_B, CTRL)
    qtbot.waitUntil(window.brief_window.isVisible)
    assert window.brief_window.meeting_id == mid


def test_the_brief_follows_the_journal(qtbot, journal, two, qsettings) -> None:
    acme, _ = two
    pid = promises.add_promise(journal, acme, text="Send the deck", due_on=journal.clock.today()).created_id(
        "promise"
    )
    window = open_window(qtbot, journal, qsettings)
    window.ctx.brief_requested.emit(acme, None)
    brief = window.brief_window
    qtbot.waitUntil(brief.isVisible)
    assert "Send the deck" in brief.page.toPlainText()
    promises.mark_kept(journal, pid)
    assert "Send the deck" not in brief.page.toPlainText()
    assert "Nothing promised to them" in brief.page.toPlainText()


def test_save_as_pdf_print_and_copy_as_markdown(
    qtbot, journal, two, qsettings, tmp_path, monkeypatch
) -> None:
    acme, _ = two
    window = open_window(qtbot, journal, qsettings)
    window.ctx.brief_requested.emit(acme, None)
    brief = window.brief_window
    qtbot.waitUntil(brief.isActiveWindow)

    target = tmp_path / "out" / "acme.pdf"
    suggested: list[Path] = []
    monkeypatch.setattr(brief_module, "ask_pdf_path", lambda parent, path: suggested.append(path) or target)
    press(qtbot, brief.page, Qt.Key.Key_S, CTRL)
    assert target.read_bytes().startswith(b"%PDF")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert suggested[0].name == f"Brief - Acme Bakery - {journal.clock.today().isoformat()}.pdf"

    printed = tmp_path / "printed.pdf"

    def printer(parent) -> QPrinter:
        p = QPrinter(QPrinter.PrinterMode.HighResolution)
        p.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        p.setOutputFileName(str(printed))
        return p

    monkeypatch.setattr(brief_module, "ask_printer", printer)
    press(qtbot, brief.page, Qt.Key.Key_P, CTRL)
    assert printed.read_bytes().startswith(b"%PDF")

    press(qtbot, brief.page, Qt.Key.Key_C, CTRL | SHIFT)
    assert QGuiApplication.clipboard().text().startswith("# Acme Bakery\n")


def test_markdown_of_hostile_text_stays_literal_when_rendered(qapp, journal) -> None:
    cid = customers.create_customer(journal, name="<b>Acme</b> # 1").created_id("customer")
    promises.add_promise(
        journal, cid, text="# Not a heading <i>x</i> **no** [l](u)", due_on=journal.clock.today()
    )
    doc = QTextDocument()
    doc.setMarkdown(render_markdown(build_brief(journal, cid, today=journal.clock.today())))
    text = doc.toPlainText()
    assert "<b>Acme</b> # 1" in text
    assert "# Not a heading <i>x</i> **no** [l](u)" in text


def test_plan_a_meeting_by_keyboard_then_read_its_brief(qtbot, journal, two, qsettings) -> None:
    acme, _ = two
    ann = contacts.add_contact(journal, acme, name="Ann Lee", role="CFO").created_id("contact")
    window = open_window(qtbot, journal, qsettings)
    page = window.page("customers")
    page.select_customer(acme)

    def plan(dialog) -> None:
        type_text(qtbot, dialog.field("occurred_at").edit, "tue 10am")
        people = dialog.field("attendees").view  # the first person is the current row
        people.setFocus()
        qtbot.keyClick(people, Qt.Key.Key_Space)
        type_text(qtbot, dialog.field("goal"), "Agree who signs off the budget")
        save_with_keyboard(qtbot, dialog)

    seen = answer_next_dialog(qtbot, plan)
    press(qtbot, page.table, Qt.Key.Key_M, CTRL | SHIFT)
    qtbot.waitUntil(lambda: bool(queries.planned_meetings(journal, customer_id=acme)))
    [meeting] = queries.planned_meetings(journal, customer_id=acme)
    assert meeting.goal == "Agree who signs off the budget" and [p.id for p in meeting.attendees] == [ann]
    assert meeting.occurred_at.astimezone(journal.clock.local_tz()).strftime("%a %H:%M") == "Tue 10:00"
    qtbot.wait(50)
    assert len(seen) == 1 and QApplication.activeModalWidget() is None  # not opened again to edit
    timeline = page.workspace.tabs.currentWidget()
    assert timeline.objectName() == "timelineTab" and timeline.selected() == ("interaction", meeting.id)

    qtbot.mouseClick(timeline.findChild(QPushButton, "timelineTab_briefButton"), Qt.MouseButton.LeftButton)
    brief = window.brief_window
    qtbot.waitUntil(brief.isVisible)
    lines = brief.page.toPlainText().splitlines()
    assert any(line.startswith("Goal: Agree who signs off the budget") for line in lines[:6])
    assert "With: Ann Lee (CFO)" in lines


def test_log_from_the_brief_and_keep_it_on_top(qtbot, journal, two, qsettings) -> None:
    acme, _ = two
    mid = interactions.plan_meeting(
        journal, acme, occurred_at=journal.clock.now() + timedelta(hours=2)
    ).created_id("interaction")
    window = open_window(qtbot, journal, qsettings)
    window.ctx.brief_requested.emit(acme, mid)
    brief = window.brief_window
    qtbot.waitUntil(brief.isActiveWindow)
    asked: list[tuple[object, object]] = []
    window.ctx.log_requested.disconnect()
    window.ctx.log_requested.connect(lambda cid, meeting: asked.append((cid, meeting)))
    press(qtbot, brief.page, Qt.Key.Key_L, CTRL)
    assert asked == [(acme, mid)]
    assert brief.log_action.text() == "Log this meeting…"

    press(qtbot, brief.page, Qt.Key.Key_T, CTRL)
    assert brief.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    assert str(qsettings.value("brief/on_top")).lower() == "true"
