"""The small item models behind Log meeting and the attendee picker hold up to Qt's model checks."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from journal.reads import queries
from journal.services import contacts, customers, needs, promises, questions
from tests.ui.helpers import save_with_keyboard, show_and_activate
from ui.customers.item_dialogs import PlanMeetingDialog
from ui.meeting_log.items_model import EntryListModel, OpenItemsModel, open_items
from ui.widgets.attendees import AttendeePicker
from ui.widgets.checklist import CheckItem, CheckListModel
from ui.widgets.customer_picker import CustomerMatchModel


def test_checklist_ticks_by_key(qtmodeltester) -> None:
    model = CheckListModel()
    model.set_items([CheckItem(1, "Priya"), CheckItem(2, "Tom", True)])
    qtmodeltester.check(model)
    assert model.setData(model.index(0), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert model.checked_keys() == [1, 2]
    model.add(CheckItem("Ola", "Ola (new)", True))
    qtmodeltester.check(model)
    assert model.row_of("Ola") == 2


def test_entry_and_open_item_models(qtmodeltester, journal) -> None:
    entries = EntryListModel(lambda item: item["text"])
    entries.add({"text": "Faster close"})
    entries.add({"text": "Board pack"})
    qtmodeltester.check(entries)
    assert entries.take(0) == {"text": "Faster close"}

    acme = customers.create_customer(journal, name="Acme").created_id("customer")
    needs.add_need(journal, acme, text="Faster close")
    needs.add_objection(journal, acme, concern="Price")
    questions.add_question(journal, acme, text="Who signs?")
    promises.add_promise(journal, acme, text="Send pricing", due_on=date(2026, 11, 20))
    model = OpenItemsModel()
    model.set_items(open_items(journal, acme))
    qtmodeltester.check(model)
    assert [i.kind for i in model.items()] == ["promise", "need", "objection", "question"]
    assert "2 days late" in model.data(model.index(0, 0))
    for expected in ("addressed", "resolved", "dropped", ""):
        model.setData(model.index(1, 0), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
        assert model.items()[1].state == expected, "Space walks a need through its states"


def test_customer_matches(qtmodeltester, journal) -> None:
    for name in ("Acme Ltd", "Acme Bakery", "Globex"):
        customers.create_customer(journal, name=name)
    model = CustomerMatchModel(journal)
    model.search("acme")
    qtmodeltester.check(model)
    assert [m[1] for m in model.matches()] == ["Acme Bakery", "Acme Ltd"]
    model.search("")
    assert model.rowCount() == 0


def test_plan_meeting_picks_attendees_with_the_keyboard(qtbot, ctx, journal) -> None:
    acme = customers.create_customer(journal, name="Acme").created_id("customer")
    priya = contacts.add_contact(journal, acme, name="Priya").created_id("contact")
    contacts.add_contact(journal, acme, name="Tom")
    dialog = PlanMeetingDialog(ctx, acme)
    qtbot.addWidget(dialog)
    show_and_activate(qtbot, dialog)
    picker = dialog.field("attendees")
    assert isinstance(picker, AttendeePicker) and picker.new_person is None
    picker.view.setFocus()
    qtbot.keyClick(picker.view, Qt.Key.Key_Space)
    dialog.when.setText("tomorrow 10am")
    save_with_keyboard(qtbot, dialog)
    [meeting] = queries.planned_meetings(journal, customer_id=acme)
    assert [p.id for p in meeting.attendees] == [priya]


def test_a_reflection_can_be_edited_later_from_the_timeline_dialog(qtbot, ctx, journal) -> None:
    from journal.services import interactions
    from ui.customers.item_dialogs import InteractionDialog

    acme = customers.create_customer(journal, name="Acme").created_id("customer")
    iid = interactions.add_interaction(
        journal, acme, notes="Call", lesson="Listen more", listening=2
    ).created_id("interaction")
    dialog = InteractionDialog(ctx, acme, iid)
    qtbot.addWidget(dialog)
    show_and_activate(qtbot, dialog)
    assert dialog.reflection["lesson"].text() == "Listen more" and dialog.listening.value() == 2
    dialog.reflection["lesson"].setText("Let them finish their sentences")
    dialog.listening.setValue(4)
    save_with_keyboard(qtbot, dialog)
    i = queries.interaction(journal, iid)
    assert (i.lesson, i.listening) == ("Let them finish their sentences", 4)


def test_the_header_log_button_logs_for_the_customer_shown(qtbot, journal, qsettings) -> None:
    from tests.ui.helpers import answer_next_dialog
    from ui.shell.app import build_window

    customers.create_customer(journal, name="Acme")
    globex = customers.create_customer(journal, name="Globex").created_id("customer")
    window = build_window(journal, qsettings)
    qtbot.addWidget(window)
    show_and_activate(qtbot, window)
    window.page("customers").select_customer(globex)
    titles: list[str] = []

    def handler(dialog) -> None:
        titles.append(dialog.windowTitle())
        dialog.done(0)

    answer_next_dialog(qtbot, handler)
    log_button = window.page("customers").workspace.header.findChild(QPushButton, "logButton")
    qtbot.mouseClick(log_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(titles))
    assert titles == ["Log meeting — Globex"]


def test_open_items_show_the_most_important_needs_first_and_no_more_than_fit(journal) -> None:
    from ui.meeting_log.items_model import OPEN_LIMIT

    acme = customers.create_customer(journal, name="Acme").created_id("customer")
    for n in range(OPEN_LIMIT + 5):
        needs.add_need(journal, acme, text=f"Need {n}", importance=1)
    needs.add_need(journal, acme, text="The one that matters", importance=3)
    shown = [i for i in open_items(journal, acme) if i.kind == "need"]
    assert len(shown) == OPEN_LIMIT and shown[0].text == "Need: The one that matters"
