"""A rep's first session, typed through the real window, then read back from the file in a new window."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from journal.reads import queries
from journal.services import customers
from journal.storage.db import Journal
from tests.ui.helpers import answer_next_dialog, press, save_with_keyboard, show_and_activate, type_text
from ui.shell.app import build_window

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def _window(qtbot, journal: Journal, settings: QSettings):
    window = build_window(journal, settings)
    qtbot.addWidget(window)
    show_and_activate(qtbot, window)
    return window


def _fill(qtbot, **fields: str):
    """A handler typing into named fields of a form dialog, then saving it with Ctrl+Enter."""

    def handler(dialog) -> None:
        for name, text in fields.items():
            widget = dialog.field(name)
            target = getattr(widget, "edit", widget)
            target.setFocus()
            if hasattr(target, "clear") and name not in ("need_kind", "owner"):
                target.clear()
            type_text(qtbot, target, text)
        save_with_keyboard(qtbot, dialog)

    return handler


def _tab_texts(tab) -> list[str]:
    return [item.text(0) for item in tab._items()]


def test_first_session_by_keyboard_is_all_there_next_time(
    qtbot, journal, journal_path, clock, qsettings
) -> None:
    window = _window(qtbot, journal, qsettings)
    page = window.page("customers")
    assert page.stack.currentWidget() is page.first_run

    answer_next_dialog(qtbot, _fill(qtbot, name="Acme Ltd", industry="Retail", value_minor="40k"))
    press(qtbot, window, Qt.Key.Key_N, CTRL)
    qtbot.waitUntil(lambda: queries.customer_count(journal) == 1)
    [acme] = queries.find_customers(journal, "acme ltd")
    assert page.stack.currentWidget() is page.splitter
    assert page.workspace.customer_id() == acme.id
    ws = page.workspace

    ws.show_tab(0)
    people = ws.tab_list[0]
    answer_next_dialog(qtbot, _fill(qtbot, name="Priya Shah", role="Head of Finance"))
    press(qtbot, people.tree, Qt.Key.Key_Insert)
    qtbot.waitUntil(lambda: len(queries.contacts(journal, acme.id)) == 1)
    [priya] = queries.contacts(journal, acme.id)
    assert people.selected() == ("contact", priya.id)
    answer_next_dialog(
        qtbot, _fill(qtbot, text="Training for the Berlin marathon", hook="How did Berlin go?")
    )
    press(qtbot, people.tree, Qt.Key.Key_R, CTRL | SHIFT)
    qtbot.waitUntil(lambda: len(queries.rapport_facts(journal, acme.id)) == 1)
    [fact] = queries.rapport_facts(journal, acme.id)
    assert (fact.contact_name, fact.hook, fact.learned_on) == (
        "Priya Shah",
        "How did Berlin go?",
        clock.today(),
    )

    ws.show_tab(1)
    needs_tab = ws.tab_list[1]
    answer_next_dialog(
        qtbot,
        _fill(
            qtbot, need_kind="P", text="Month-end close takes four days", quote="We lose a week every quarter"
        ),
    )
    press(qtbot, needs_tab.tree, Qt.Key.Key_Insert)
    qtbot.waitUntil(lambda: len(queries.needs(journal, acme.id)) == 1)
    [need] = queries.needs(journal, acme.id)
    assert (need.need_kind, need.quote) == ("pain", "We lose a week every quarter")

    ws.show_tab(2)
    answer_next_dialog(
        qtbot, _fill(qtbot, concern="Your tool is too expensive", response="Showed the payback")
    )
    press(qtbot, ws.tab_list[2].tree, Qt.Key.Key_Insert)
    qtbot.waitUntil(lambda: len(queries.objections(journal, acme.id)) == 1)

    ws.show_tab(3)
    promises_tab = ws.tab_list[3]
    answer_next_dialog(qtbot, _fill(qtbot, text="Send pricing for 40 seats", due_on="fri"))
    press(qtbot, promises_tab.tree, Qt.Key.Key_Insert)
    qtbot.waitUntil(lambda: len(queries.promises(journal, acme.id)) == 1)
    answer_next_dialog(qtbot, _fill(qtbot, text="Share last quarter's close calendar", due_on="in 3 days"))
    press(qtbot, promises_tab.tree, Qt.Key.Key_Insert, SHIFT)
    qtbot.waitUntil(lambda: len(queries.promises(journal, acme.id)) == 2)
    mine = queries.promises(journal, acme.id, owner="me")
    theirs = queries.promises(journal, acme.id, owner="them")
    assert [(p.text, p.due_on.isoformat()) for p in mine] == [("Send pricing for 40 seats", "2026-11-27")]
    assert [(p.text, p.due_on.isoformat()) for p in theirs] == [
        ("Share last quarter's close calendar", "2026-11-25")
    ]
    texts = _tab_texts(promises_tab)
    assert "I owe them · 1" in texts and "They owe me · 1" in texts

    answer_next_dialog(
        qtbot,
        _fill(
            qtbot,
            notes="Walked through the close.\n> We need this by March",
            next_step="Send the pricing",
            next_step_on="fri",
        ),
    )
    press(qtbot, window, Qt.Key.Key_L, CTRL)
    qtbot.waitUntil(lambda: len(queries.interaction_ids(journal, acme.id)) == 1)
    assert queries.last_contact(journal, acme.id) == clock.today()

    window.close()
    window.ctx.detach()
    journal.close()

    again = Journal.open(journal_path, clock=clock)
    try:
        window2 = _window(qtbot, again, qsettings)
        ws2 = window2.page("customers").workspace
        assert ws2.customer_id() == acme.id, "the last open customer is shown again"
        ws2.show_tab(0)
        assert any("Berlin marathon" in t for t in _tab_texts(ws2.tab_list[0]))
        ws2.show_tab(1)
        assert any("We lose a week every quarter" in t for t in _tab_texts(ws2.tab_list[1]))
        ws2.show_tab(4)
        timeline = ws2.tab_list[4]
        assert "We need this by March" in timeline.detail.toPlainText()
        window2.close()
        window2.ctx.detach()
    finally:
        again.close()


def test_empty_name_is_explained_and_nothing_is_written(qtbot, journal, qsettings) -> None:
    window = _window(qtbot, journal, qsettings)
    messages: list[str] = []

    def handler(dialog) -> None:
        save_with_keyboard(qtbot, dialog)
        messages.append(dialog.findChild(type(dialog.general_error), "nameError").text())
        dialog.done(0)

    answer_next_dialog(qtbot, handler)
    press(qtbot, window, Qt.Key.Key_N, CTRL)
    qtbot.waitUntil(lambda: bool(messages))
    assert "name" in messages[0].lower()
    assert queries.customer_count(journal, archived=None) == 0


def test_archive_hides_and_restore_brings_back(qtbot, journal, qsettings) -> None:
    cid = customers.create_customer(journal, name="Globex").created_id("customer")
    customers.create_customer(journal, name="Initech")
    window = _window(qtbot, journal, qsettings)
    page = window.show_page("customers")
    page.select_customer(cid)
    press(qtbot, window, Qt.Key.Key_Delete, CTRL)
    assert queries.customer_ref(journal, cid).archived
    assert page.model.row_of(cid) is None
    qtbot.mouseClick(page.archived, Qt.MouseButton.LeftButton)
    assert page.model.row_of(cid) == 0
    page.select_customer(cid)
    press(qtbot, window, Qt.Key.Key_Delete, CTRL)
    assert not queries.customer_ref(journal, cid).archived


def test_filter_box_narrows_the_list_as_you_type(qtbot, journal, qsettings) -> None:
    for name in ("Acme", "Globex", "Acme Bakery"):
        customers.create_customer(journal, name=name)
    window = _window(qtbot, journal, qsettings)
    page = window.page("customers")
    press(qtbot, window, Qt.Key.Key_F, CTRL)
    assert QApplication.focusWidget() is page.filter
    qtbot.keyClicks(page.filter, "acme")
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    assert page.count.text() == "2 customers"


def test_a_long_customer_name_is_shortened_in_the_header_not_widening_the_window(
    qtbot, journal, qsettings
) -> None:
    name = "Hollybush Community Trust Partners for Regional Development and Education " * 2
    cid = customers.create_customer(journal, name=name.strip()).created_id("customer")
    window = _window(qtbot, journal, qsettings)
    window.resize(1100, 700)
    window.ctx.customer_requested.emit(cid)
    header = window.page("customers").workspace.header
    qtbot.waitUntil(lambda: header.name.text() == name.strip())
    assert window.minimumSizeHint().width() <= 1100
    assert window.width() == 1100
    assert header.name.toolTip() == name.strip(), "the whole name is one hover away"


def test_a_new_journal_welcomes_with_its_whole_text_and_creates_the_first_customer(
    qtbot, journal, qsettings
) -> None:
    from PySide6.QtWidgets import QLabel, QPushButton, QWidget

    from tests.ui.helpers import answer_next_dialog

    window = _window(qtbot, journal, qsettings)
    welcome = window.findChild(QWidget, "firstRun")
    qtbot.waitUntil(welcome.isVisible)
    [text] = [label for label in welcome.findChildren(QLabel) if label.wordWrap()]
    assert text.height() >= text.heightForWidth(text.width()), "the welcome text is not cut off"

    answer_next_dialog(qtbot, _fill(qtbot, name="Acme Bakery"))
    qtbot.mouseClick(welcome.findChild(QPushButton, "createFirstCustomer"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(queries.find_customers(journal, "Acme Bakery")))
    qtbot.waitUntil(lambda: not welcome.isVisible())


def test_an_item_gone_is_told_and_a_bug_is_not_hidden(qtbot, journal, qsettings) -> None:
    window = _window(qtbot, journal, qsettings)
    messages: list[str] = []
    window.ctx.status_message.connect(messages.append)
    window.ctx.item_requested.emit("promise", 999)
    assert messages == ["That item no longer exists."]
    with qtbot.captureExceptions() as raised:
        window.ctx.item_requested.emit("no such kind", 1)
    assert [type(e[1]) for e in raised] == [ValueError]
    assert messages == ["That item no longer exists."]
