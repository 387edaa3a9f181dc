"""The search palette: Ctrl+K, type, arrows, Enter — the item opens in its customer's workspace with the
words marked; commands run by name; recent searches come back; typing never searches per key."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from journal.reads import queries
from journal.services import contacts, customers, interactions, needs, promises
from journal.storage.db import Journal
from tests.conftest import NOW
from tests.ui.helpers import answer_next_dialog, press, show_and_activate
from ui.search.model import PaletteModel, PaletteRow
from ui.search.palette_widget import match_commands
from ui.shell.app import build_window
from ui.widgets.highlight import highlight_fields

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def acme(journal: Journal) -> int:
    cid = customers.create_customer(journal, name="Acme Bakery", industry="Food").created_id("customer")
    ann = contacts.add_contact(journal, cid, name="Ann Lee", role="CFO").created_id("contact")
    interactions.add_interaction(
        journal,
        cid,
        occurred_at=NOW - timedelta(days=3),
        attendees=[ann],
        notes="Talked about the new ovens.\n\nAnn spends her weekends gardening; the budget freeze ends"
        " in May.",
    )
    needs.add_need(journal, cid, text="Budget freeze until May", quote="We cannot sign before May")
    promises.add_promise(journal, cid, text="Send the oven brochure", due_on=NOW.date() + timedelta(days=2))
    customers.create_customer(journal, name="Zenith Mills")
    return cid


def _window(qtbot, journal: Journal, settings: QSettings):
    window = build_window(journal, settings)
    qtbot.addWidget(window)
    show_and_activate(qtbot, window)
    return window


def _open_palette(qtbot, window):
    press(qtbot, window.pages.currentWidget() or window, Qt.Key.Key_K, CTRL)
    palette = window.search_palette
    qtbot.waitUntil(palette.isVisible)
    assert palette.edit.hasFocus()
    return palette


def _type(qtbot, palette, text: str) -> None:
    qtbot.keyClicks(palette.edit, text)
    qtbot.waitUntil(lambda: not palette._timer.isActive())


def _texts(palette) -> list[str]:
    return [palette.model.index(r).data() for r in range(palette.model.rowCount())]


def _current(palette) -> PaletteRow:
    return palette.model.row_at(palette.list.currentIndex().row())


def test_typing_finds_grouped_results_and_enter_opens_the_note_with_the_words_marked(
    qtbot, journal, qsettings, acme
) -> None:
    window = _window(qtbot, journal, qsettings)
    palette = _open_palette(qtbot, window)
    _type(qtbot, palette, "gardening")
    assert palette.searches_run == 1  # typed nine keys, searched once
    rows = palette.model.rows()
    assert [r.text for r in rows if r.role == "heading"] == ["Meetings and notes"]
    [hit] = [r for r in rows if r.role == "hit"]
    assert hit.kind == "interaction" and hit.aside == "Acme Bakery"
    assert "gardening" in palette.model.index(rows.index(hit)).data()
    assert _current(palette) == hit  # the first hit is ready for Enter

    opened: list[QWidget] = []

    def look(dialog) -> None:
        notes = dialog.findChild(QPlainTextEdit, "notesField")
        marked = [s.cursor.selectedText() for s in notes.extraSelections()]
        assert marked == ["gardening"]
        assert notes.hasFocus()
        assert notes.textCursor().position() == notes.toPlainText().index("gardening")
        opened.append(dialog)
        dialog.reject()

    answer_next_dialog(qtbot, look)
    press(qtbot, palette.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(opened))
    assert not palette.isVisible()
    page = window.page("customers")
    assert page.workspace.customer_id() == acme
    assert window.ctx.current_customer_id == acme
    assert window.ctx.highlight_terms == ()  # the next item opened some other way is not marked


def test_arrows_skip_headings_and_enter_opens_a_need_in_its_tab(qtbot, journal, qsettings, acme) -> None:
    window = _window(qtbot, journal, qsettings)
    palette = _open_palette(qtbot, window)
    _type(qtbot, palette, "budget")
    kinds = [r.kind for r in palette.model.rows() if r.role == "hit"]
    assert kinds == ["need", "interaction"]  # grouped in kind order, the need's headline first
    headings = [t for t, r in zip(_texts(palette), palette.model.rows(), strict=True) if r.role == "heading"]
    assert headings == ["Needs and pain points (1)", "Meetings and notes (1)"]
    press(qtbot, palette.edit, Qt.Key.Key_Down)  # over the "Meetings and notes" heading
    assert _current(palette).kind == "interaction"
    press(qtbot, palette.edit, Qt.Key.Key_Down)  # nothing below: stays
    assert _current(palette).kind == "interaction"
    press(qtbot, palette.edit, Qt.Key.Key_Up)
    need = _current(palette)
    assert need.kind == "need"

    seen: list[str] = []

    def look(dialog) -> None:
        seen.append(dialog.objectName())
        marked = [
            s.cursor.selectedText() for s in dialog.findChild(QPlainTextEdit, "textField").extraSelections()
        ]
        assert marked == ["Budget"]
        dialog.reject()

    answer_next_dialog(qtbot, look)
    press(qtbot, palette.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(seen))
    assert seen == ["needDialog"]
    workspace = window.page("customers").workspace
    assert workspace.tabs.currentWidget().objectName() == "needsTab"
    assert workspace.tabs.currentWidget().selected() == ("need", need.item_id)


def test_a_customer_hit_opens_the_customer_and_the_search_is_remembered(
    qtbot, journal, qsettings, acme
) -> None:
    zenith = queries.find_customers(journal, "Zenith Mills")[0].id
    window = _window(qtbot, journal, qsettings)
    window.page("customers").select_customer(acme)
    palette = _open_palette(qtbot, window)
    assert _texts(palette) == ["Find any customer, person, note, need, promise or question by a word."]
    _type(qtbot, palette, "zen")  # a prefix, as typed
    assert _current(palette).kind == "customer"
    press(qtbot, palette.edit, Qt.Key.Key_Return)
    assert window.ctx.current_customer_id == zenith
    assert window.page("customers").workspace.customer_id() == zenith

    palette = _open_palette(qtbot, window)
    assert palette.edit.text() == "zen"  # the last search, selected, ready to be typed over
    palette.edit.clear()
    qtbot.waitUntil(lambda: not palette._timer.isActive())
    assert _texts(palette) == ["Recent searches", "zen"]
    press(qtbot, palette.edit, Qt.Key.Key_Return)  # a recent search runs again
    assert palette.edit.text() == "zen"
    assert [r.item_id for r in palette.model.rows() if r.role == "hit"] == [zenith]


def test_commands_run_by_name_and_for_a_customer(qtbot, journal, qsettings, acme) -> None:
    window = _window(qtbot, journal, qsettings)
    palette = _open_palette(qtbot, window)
    _type(qtbot, palette, "log meeting")
    command = _current(palette)
    assert command.role == "command" and command.text == "Log meeting"
    assert command.detail == "Ctrl+L"

    seen: list[tuple[str, int]] = []

    def look(dialog) -> None:
        seen.append((dialog.objectName(), dialog.customer_id))
        dialog.reject()

    zenith = queries.find_customers(journal, "Zenith Mills")[0].id
    window.page("customers").select_customer(zenith)
    answer_next_dialog(qtbot, look)
    press(qtbot, palette.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(seen))
    assert seen == [("meetingLogDialog", zenith)]  # for the customer in front of me

    seen.clear()
    palette = _open_palette(qtbot, window)
    palette.edit.clear()
    _type(qtbot, palette, "log for acme")
    command = _current(palette)
    assert (command.text, command.aside, command.item_id) == ("Log meeting", "Acme Bakery", acme)
    answer_next_dialog(qtbot, look)
    press(qtbot, palette.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(seen))
    assert seen == [("meetingLogDialog", acme)]
    assert window.ctx.current_customer_id == acme


def test_escape_closes_and_nothing_typed_can_break_it(qtbot, journal, qsettings, acme, shown_errors) -> None:
    window = _window(qtbot, journal, qsettings)
    palette = _open_palette(qtbot, window)
    for hostile in ['"', "-", "AND OR", "*", "(", "x" * 10_000, "🙂 budget", "NEAR(a b)"]:
        palette.edit.setText(hostile)
        palette.refresh()
        assert palette.model.rowCount() >= 1
    palette.edit.setText("qwertyuiop")
    palette.refresh()
    assert _texts(palette) == ["Nothing found for “qwertyuiop”. Try fewer or shorter words."]
    press(qtbot, palette.edit, Qt.Key.Key_Return)  # nothing to open: nothing happens
    assert palette.isVisible()
    press(qtbot, palette.edit, Qt.Key.Key_Escape)
    assert not palette.isVisible()
    assert shown_errors == []


def test_results_follow_the_journal_while_open(qtbot, journal, qsettings, acme) -> None:
    window = _window(qtbot, journal, qsettings)
    palette = _open_palette(qtbot, window)
    _type(qtbot, palette, "brochure")
    [hit] = [r for r in palette.model.rows() if r.role == "hit"]
    promises.delete_promise(journal, hit.item_id)  # deleted while the palette shows it
    assert [r for r in palette.model.rows() if r.role == "hit"] == []


def test_show_all_narrows_to_one_kind_and_escape_widens_again(qtbot, journal, qsettings, acme) -> None:
    for n in range(7):
        needs.add_need(journal, acme, text=f"Oven spare part {n}")
    window = _window(qtbot, journal, qsettings)
    palette = _open_palette(qtbot, window)
    _type(qtbot, palette, "oven")
    rows = palette.model.rows()
    more = [r for r in rows if r.role == "more"]
    assert [r.text for r in more] == ["Show all 7 needs and pain points"]
    assert sum(1 for r in rows if r.kind == "need" and r.role == "hit") == 5
    palette.activate(rows.index(more[0]))
    assert {r.kind for r in palette.model.rows() if r.role == "hit"} == {"need"}
    assert sum(1 for r in palette.model.rows() if r.role == "hit") == 7
    press(qtbot, palette.edit, Qt.Key.Key_Escape)
    assert palette.isVisible()
    assert {r.kind for r in palette.model.rows() if r.role == "hit"} == {"need", "promise", "interaction"}


def test_the_palette_model_is_a_proper_model(qtmodeltester) -> None:
    model = PaletteModel()
    model.set_rows(
        [
            PaletteRow("heading", "Needs and pain points", "2"),
            PaletteRow("hit", "Budget freeze", "\x02Budget\x03 freeze", "Acme", "need", 3),
            PaletteRow("command", "Log interaction", "Ctrl+L"),
        ]
    )
    qtmodeltester.check(model)
    assert not model.flags(model.index(0)) & Qt.ItemFlag.ItemIsSelectable
    assert model.index(1).data() == "Budget freeze — Acme — Budget freeze"
    assert model.next_selectable(0, 1) == 1


def _actions(*specs: tuple[str, str]) -> list[QAction]:
    out = []
    for text, name in specs:
        action = QAction(text)
        action.setObjectName(name)
        out.append(action)
    return out


def test_commands_are_matched_by_the_start_of_their_words(qapp) -> None:
    actions = _actions(
        ("&Log interaction…", "log_interaction"),
        ("&Today", "show_today"),
        ("&Brief…", "brief"),
        ("&Quit", "quit"),
        ("&Edit customer…", "edit_customer"),
        ("Back &up now", "back_up_now"),
        ("&Backup folder…", "choose_backup_folder"),
    )

    def customers(text: str) -> list[tuple[int, str]]:
        return [(7, "Acme Bakery")] if "acme".startswith(text.lower()[:4]) else [(8, "Upland")]

    def names(query: str) -> list[tuple[str, str]]:
        return [(m.name, m.customer) for m in match_commands(actions, query, customers)]

    assert names("today") == [("Today", "")]
    assert names("log meeting") == [("Log interaction", "")]  # a meeting is an interaction
    assert names("brief Acme") == [("Brief", "Acme Bakery")]
    assert names("brief for acme") == [("Brief", "Acme Bakery")]
    assert names("cust edit") == [("Edit customer", "")]
    assert names("quit acme") == []  # quitting is not something done to a customer
    assert names("t") == []  # one letter names nothing yet
    assert names("gardening") == []
    assert names("back up") == [("Back up now", "")]  # not "Backup folder" for a customer "Up…"


def test_highlight_counts_positions_as_qt_does(qapp) -> None:
    form = QWidget()
    notes = QPlainTextEdit("🙂🙂 Café talk about the café", form)
    assert highlight_fields(form, ("cafe",)) is notes
    assert [s.cursor.selectedText() for s in notes.extraSelections()] == ["Café", "café"]


def test_a_command_for_a_customer_typed_without_accents(qtbot, journal, qsettings, acme) -> None:
    cafe = customers.create_customer(journal, name="Harbor Café").created_id("customer")
    window = _window(qtbot, journal, qsettings)
    palette = _open_palette(qtbot, window)
    _type(qtbot, palette, "brief harbor cafe")
    command = _current(palette)
    assert (command.role, command.text, command.aside, command.item_id) == (
        "command",
        "Brief",
        "Harbor Café",
        cafe,
    )
    press(qtbot, palette.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.ctx.current_customer_id == cafe)
