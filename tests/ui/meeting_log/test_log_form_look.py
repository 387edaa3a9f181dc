"""The log form as a rep meets it on a laptop: it fits 1366 px, listening is a row of 1–5 choices for the
keyboard, the notes say what to write, and Save and Cancel carry no stock icons."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLineEdit, QSpinBox, QStyle

from journal.reads import queries
from journal.services import customers
from tests.ui.helpers import press, save_with_keyboard, show_and_activate
from ui.meeting_log.dialog import MeetingLogDialog
from ui.shell import theme
from ui.widgets.fields import DateField, ScaleField

CTRL = Qt.KeyboardModifier.ControlModifier


def _dialog(qtbot, ctx) -> MeetingLogDialog:
    theme.theme()  # the application's look, as the app starts with it
    acme = customers.create_customer(ctx.journal, name="Acme Bakery").created_id("customer")
    dialog = MeetingLogDialog(ctx, acme)
    qtbot.addWidget(dialog)
    show_and_activate(qtbot, dialog)
    return dialog


def test_listening_is_chosen_from_one_to_five_with_the_keyboard(qtbot, ctx) -> None:
    dialog = _dialog(qtbot, ctx)
    qtbot.keyClicks(dialog.notes, "Walked through pricing")
    press(qtbot, dialog.notes, Qt.Key.Key_R, CTRL)
    assert isinstance(dialog.listening, ScaleField)
    assert not [b for b in dialog.findChildren(QSpinBox) if "not rated" in b.specialValueText()]
    dialog.listening.setFocus()
    for _ in range(3):
        qtbot.keyClick(dialog.listening, Qt.Key.Key_Right)
    assert dialog.listening.value() == 3
    assert [b.isChecked() for b in dialog.listening.buttons] == [False, False, True, False, False]
    qtbot.keyClick(dialog.listening, Qt.Key.Key_Backspace)
    assert dialog.listening.value() == 0 and dialog.listening.hint.text() == "not rated"
    qtbot.mouseClick(dialog.listening.buttons[4], Qt.MouseButton.LeftButton)
    assert dialog.listening.value() == 5
    dialog.next_step.setFocus()
    qtbot.keyClicks(dialog.next_step, "Send the order form")
    qtbot.keyClicks(dialog.next_on.edit, "fri")
    save_with_keyboard(qtbot, dialog)
    qtbot.waitUntil(lambda: bool(queries.interaction_ids(ctx.journal, dialog.customer_id)))
    [iid] = queries.interaction_ids(ctx.journal, dialog.customer_id)
    assert queries.interaction(ctx.journal, iid).listening == 5


def test_the_form_fits_a_laptop_and_says_what_to_write(qtbot, ctx) -> None:
    dialog = _dialog(qtbot, ctx)
    assert dialog.minimumSizeHint().width() <= 1366
    placeholder = dialog.notes.placeholderText()
    assert "Markdown" not in placeholder and "their own words" in placeholder
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    cancel = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    assert save.icon().isNull() and cancel.icon().isNull()
    assert "Ctrl" not in dialog.reflect_button.text() and "Ctrl+R" in dialog.reflect_button.toolTip()


def _at_laptop_size(qtbot, ctx) -> MeetingLogDialog:
    dialog = _dialog(qtbot, ctx)
    dialog.resize(1180, 740)  # as it opens on a 1366×768 screen
    QApplication.processEvents()
    return dialog


def test_no_placeholder_is_cut_at_1366(qtbot, ctx) -> None:
    dialog = _at_laptop_size(qtbot, ctx)
    cut = []
    for edit in dialog.findChildren(QLineEdit):
        text = edit.placeholderText()
        if not text or not edit.isVisible():
            continue
        # The room for text inside the frame and its margins (an empty field shows no clear button).
        room = edit.width() - 2 * edit.style().pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth) - 8
        if edit.fontMetrics().horizontalAdvance(text) > room:
            cut.append((edit.objectName(), text, edit.width()))
    assert cut == [], "\n".join(map(str, cut))


def test_a_promise_due_date_is_echoed_like_every_date(qtbot, ctx) -> None:
    dialog = _at_laptop_size(qtbot, ctx)
    for name in ("mine_due", "theirs_due"):
        due = dialog.findChild(DateField, name)
        due.edit.setFocus()
        qtbot.keyClicks(due.edit, "in 100 days")  # into next year: the longest echo there is
        QApplication.processEvents()
        echo = due.echo
        assert echo.text().startswith("→ ") and "(in 100 days)" in echo.text(), echo.text()
        assert echo.isVisible()
        assert echo.width() >= echo.fontMetrics().horizontalAdvance(echo.text()), (echo.text(), echo.width())
