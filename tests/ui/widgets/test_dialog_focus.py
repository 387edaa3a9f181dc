"""Every dialog opens ready to type: the keyboard focus in its first field, Tab through the fields before
the buttons; an inline error goes away as soon as its field is edited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QWidget,
)

from journal.reads import queries
from journal.services import contacts, customers, interactions, needs, promises, questions
from journal.storage import backup
from journal.storage.db import Journal
from tests.ui.helpers import answer_next_dialog, press, show_and_activate
from ui.backups import restore
from ui.customers import customer_dialog as customer
from ui.customers import item_dialogs as items
from ui.meeting_log import dialog as meeting_log
from ui.preferences import dialog as preferences
from ui.shell.app import build_window
from ui.today import followup
from ui.widgets import small_dialogs as small
from ui.widgets.forms import FormDialog

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
INPUTS = (QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QAbstractSpinBox, QAbstractItemView)


@pytest.fixture
def acme(journal: Journal) -> int:
    return customers.create_customer(journal, name="Acme Bakery", stage="proposal").created_id("customer")


def _ids(journal: Journal, acme: int) -> dict[str, int]:
    j, today = journal, journal.clock.today()
    priya = contacts.add_contact(j, acme, name="Priya Shah").created_id("contact")
    return {
        "contact": priya,
        "rapport": contacts.add_rapport_fact(j, priya, text="Runs marathons").created_id("rapport"),
        "date": contacts.add_important_date(j, acme, month=3, day=14, label="Founded").created_id("date"),
        "need": needs.add_need(j, acme, text="Faster close").created_id("need"),
        "objection": needs.add_objection(j, acme, concern="Too dear").created_id("objection"),
        "promise": promises.add_promise(j, acme, text="Send pricing", due_on=today).created_id("promise"),
        "question": questions.add_question(j, acme, text="Who signs?").created_id("question"),
        "interaction": interactions.add_interaction(
            j, acme, occurred_at=j.clock.now() - timedelta(days=1), notes="Called"
        ).created_id("interaction"),
    }


ITEM_DIALOGS = {
    "contact": items.ContactDialog,
    "rapport": items.RapportDialog,
    "date": items.ImportantDateDialog,
    "need": items.NeedDialog,
    "objection": items.ObjectionDialog,
    "promise": items.PromiseDialog,
    "question": items.QuestionDialog,
    "interaction": items.InteractionDialog,
}


def _every_dialog(ctx, acme: int) -> list[tuple[str, QDialog]]:
    ids = _ids(ctx.journal, acme)
    customers.set_stage(
        ctx.journal,
        acme,
        "not_now",
        reason="Budget",
        revisit_on=ctx.journal.clock.today() + timedelta(days=30),
    )
    made: list[tuple[str, QDialog]] = [
        ("new customer", customer.CustomerDialog(ctx)),
        ("edit customer", customer.CustomerDialog(ctx, acme)),
        ("date", small.DateDialog(ctx, "Reschedule promise", "New due date")),
        ("stage", small.StageDialog(ctx, acme)),
        ("touch", followup.TouchDialog(ctx, acme)),
        ("snooze", followup.SnoozeDialog(ctx, acme)),
        ("release", followup.ReleaseDialog(ctx, ids["promise"])),
        ("revisit", followup.RevisitDialog(ctx, acme)),
        ("preferences", preferences.PreferencesDialog(ctx)),
        ("meeting log", meeting_log.MeetingLogDialog(ctx, acme)),
        ("meeting log, no customer", meeting_log.MeetingLogDialog(ctx, None)),
        ("plan meeting", items.PlanMeetingDialog(ctx, acme)),
    ]
    for kind, cls in ITEM_DIALOGS.items():
        made.append((f"new {kind}", cls(ctx, acme)))
        made.append((f"edit {kind}", cls(ctx, acme, ids[kind])))
    taken = backup.take(ctx.journal.path, now=ctx.journal.clock.now())
    found = backup.list_backups(ctx.journal.path, taken.parent)
    made.append(("restore", restore.RestoreDialog(ctx.journal.path, found, "Choose one.")))
    return made


def _tab_walk(qtbot, dialog: QDialog) -> list[QWidget]:
    """The widgets Tab visits from the first focus until it comes back round."""
    start = QApplication.focusWidget()
    seen: list[QWidget] = []
    for _ in range(60):
        seen.append(QApplication.focusWidget())
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        if QApplication.focusWidget() is start:
            break
    return seen


def test_every_dialog_opens_with_the_focus_in_a_field_and_tabs_through_fields_before_buttons(
    qtbot, ctx, acme
) -> None:
    for name, dialog in _every_dialog(ctx, acme):
        qtbot.addWidget(dialog)
        show_and_activate(qtbot, dialog)
        focus = QApplication.focusWidget()
        assert isinstance(focus, INPUTS), f"{name}: the focus is on {focus!r}, not in a field"
        assert focus.window() is dialog
        walk = _tab_walk(qtbot, dialog)
        buttons = [isinstance(w.parent(), QDialogButtonBox) for w in walk]
        assert any(buttons), f"{name}: Tab never reaches the buttons"
        # Tab goes round: start the round at the first widget after the buttons.
        after = max(n for n, b in enumerate(buttons) if b) + 1
        walk, buttons = walk[after:] + walk[:after], buttons[after:] + buttons[:after]
        names = [w.objectName() or type(w).__name__ for w in walk]
        assert not buttons[0], f"{name}: Tab visits only buttons: {names}"
        assert all(buttons[buttons.index(True) :]), f"{name}: fields after the buttons: {names}"
        if isinstance(dialog, FormDialog):
            fields = [f for f in dialog._fields.values() if isinstance(f, tuple)]
            stops = [w for w in walk if any(f[0] is w or f[0].isAncestorOf(w) for f in fields)]
            order = [
                next(n for n, f in enumerate(fields) if f[0] is w or f[0].isAncestorOf(w)) for w in stops
            ]
            assert order == sorted(order), f"{name}: fields out of order: {names}"
        dialog.done(0)


def _type_into_focus(qtbot, text: str) -> None:
    qtbot.keyClicks(QApplication.focusWidget(), text)


def _window(qtbot, journal: Journal, settings: QSettings):
    window = build_window(journal, settings)
    qtbot.addWidget(window)
    show_and_activate(qtbot, window)
    return window


def test_ctrl_n_then_typing_and_enter_creates_the_customer(qtbot, journal, qsettings, acme) -> None:
    window = _window(qtbot, journal, qsettings)

    def type_and_enter(dialog) -> None:
        _type_into_focus(qtbot, "Northwind Traders")
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)

    answer_next_dialog(qtbot, type_and_enter)
    press(qtbot, window, Qt.Key.Key_N, CTRL)
    qtbot.waitUntil(lambda: bool(queries.find_customers(journal, "Northwind Traders")))


def test_the_welcome_button_opens_a_form_ready_to_type(qtbot, journal, qsettings) -> None:
    window = _window(qtbot, journal, qsettings)
    welcome = window.findChild(QWidget, "firstRun")
    qtbot.waitUntil(welcome.isVisible)

    def type_and_enter(dialog) -> None:
        _type_into_focus(qtbot, "Acme Bakery")
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)

    answer_next_dialog(qtbot, type_and_enter)
    qtbot.mouseClick(welcome.findChild(QPushButton, "createFirstCustomer"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(queries.find_customers(journal, "Acme Bakery")))


def test_reschedule_on_today_takes_the_typed_date(qtbot, journal, qsettings, acme) -> None:
    today = journal.clock.today()
    pid = promises.add_promise(
        journal, acme, text="Send pricing", due_on=today - timedelta(days=2)
    ).created_id("promise")
    window = _window(qtbot, journal, qsettings)
    page = window.page("today")
    qtbot.waitUntil(lambda: page.selected() is not None)
    assert page.select("promise", pid)

    def type_and_enter(dialog) -> None:
        _type_into_focus(qtbot, "in 3 days")
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)

    answer_next_dialog(qtbot, type_and_enter)
    press(qtbot, page.tree, Qt.Key.Key_S, CTRL | SHIFT)
    qtbot.waitUntil(lambda: queries.promise(journal, pid).due_on == today + timedelta(days=3))


def test_an_inline_error_goes_away_once_its_field_is_edited(qtbot, journal, qsettings, acme) -> None:
    window = _window(qtbot, journal, qsettings)
    shown: list[tuple[str, bool]] = []

    def empty_then_type(dialog) -> None:
        error = dialog.findChild(QLabel, "nameError")
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
        shown.append((error.text(), error.isVisible()))
        assert dialog.isVisible()
        _type_into_focus(qtbot, "Acme")
        shown.append((error.text(), error.isVisible()))
        value = dialog.findChild(QLabel, "value_minorError")
        dialog.value.setFocus()
        qtbot.keyClicks(dialog.value, "lots")
        qtbot.keyClick(dialog.value, Qt.Key.Key_Return)
        shown.append((value.text(), value.isVisible()))
        qtbot.keyClick(dialog.value, Qt.Key.Key_Backspace)
        shown.append((value.text(), value.isVisible()))
        dialog.done(0)

    answer_next_dialog(qtbot, empty_then_type)
    press(qtbot, window, Qt.Key.Key_N, CTRL)
    qtbot.waitUntil(lambda: len(shown) == 4)
    assert shown[0] == ("Customer name cannot be empty.", True)
    assert shown[1][1] is False, "typing the name clears its error"
    assert "not an amount" in shown[2][0] and shown[2][1]
    assert shown[3][1] is False
    assert queries.customer_count(journal, archived=None) == 1  # only Acme Bakery, made before
