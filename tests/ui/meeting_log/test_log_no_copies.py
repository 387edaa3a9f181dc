"""Typing a need that is already open offers the open one, to update it instead of adding a copy; an
exact copy is refused with a pointer to the one already open."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from journal.reads import queries
from journal.services import customers, needs
from journal.storage.db import Journal
from tests.ui.helpers import answer_next_dialog, press, show_and_activate
from ui.meeting_log.dialog import MeetingLogDialog
from ui.shell.app import build_window

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def acme(journal: Journal) -> int:
    cid = customers.create_customer(journal, name="Acme Bakery").created_id("customer")
    needs.add_need(journal, cid, text="Close the books in two days", importance=3)
    return cid


def test_typing_an_open_need_offers_it_and_ctrl_u_updates_it(qtbot, journal, qsettings, acme) -> None:
    window = build_window(journal, qsettings)
    qtbot.addWidget(window)
    show_and_activate(qtbot, window)
    window.show_page("customers")
    window.page("customers").select_customer(acme)
    [need] = queries.needs(journal, acme)

    def log(dialog: MeetingLogDialog) -> None:
        dialog.notes.setPlainText("Month-end review")
        section = dialog.sections["needs"]
        field = section.first_input()
        press(qtbot, dialog, Qt.Key.Key_E, ALT)  # needs
        assert field.hasFocus()
        qtbot.keyClicks(field, "close the books in")
        assert section.hint.isVisible()
        assert "Already open: “Close the books in two days”" in section.hint.text()
        press(qtbot, field, Qt.Key.Key_U, CTRL)  # update that one instead
        assert field.text() == ""
        assert dialog.found.open_view.hasFocus()
        qtbot.keyClicks(dialog.next_step, "Send the plan")
        qtbot.keyClicks(dialog.next_on.edit, "fri")
        press(qtbot, dialog, Qt.Key.Key_Return, CTRL)

    answer_next_dialog(qtbot, log)
    press(qtbot, window, Qt.Key.Key_L, CTRL)
    qtbot.waitUntil(lambda: len(queries.interaction_ids(journal, acme)) == 1, timeout=5000)
    [after] = queries.needs(journal, acme, statuses=["open", "addressed", "resolved"])
    assert (after.id, after.status) == (need.id, "addressed")  # updated, no copy


def test_an_exact_copy_typed_again_is_refused_with_a_pointer(qtbot, journal, qsettings, acme) -> None:
    window = build_window(journal, qsettings)
    qtbot.addWidget(window)
    show_and_activate(qtbot, window)
    window.show_page("customers")
    window.page("customers").select_customer(acme)

    def log(dialog: MeetingLogDialog) -> None:
        section = dialog.sections["needs"]
        field = section.first_input()
        field.setFocus()
        qtbot.keyClicks(field, "  CLOSE the   books in two days ")
        press(qtbot, field, Qt.Key.Key_Return)
        assert section.model.rowCount() == 0
        assert section.error.isVisible()
        assert "“Close the books in two days” is already open" in section.error.text()
        seen.append(section.error.text())
        field.clear()
        dialog.reject()

    seen: list[str] = []
    answer_next_dialog(qtbot, log)
    press(qtbot, window, Qt.Key.Key_L, CTRL)
    qtbot.waitUntil(lambda: bool(seen))
    assert len(queries.needs(journal, acme)) == 1
