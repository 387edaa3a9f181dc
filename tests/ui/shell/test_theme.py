"""Light and dark: every status colour readable in both schemes, the scheme followed from the system or
chosen in Preferences, and the brief on screen in the scheme but printed dark on white."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QComboBox

from journal.reads.brief_render import PAGE_STYLE
from journal.services import customers, promises, settings
from tests.ui.helpers import answer_next_dialog, press, save_with_keyboard, show_and_activate
from ui.brief import pdf
from ui.preferences.dialog import PreferencesDialog
from ui.shell import theme
from ui.shell.app import build_window

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture(autouse=True)
def _light_again(qapp) -> Iterator[None]:
    """Each test starts light and leaves the application light."""
    keeper = theme.theme(qapp)
    keeper.set_preference("system")
    yield
    keeper.set_preference("system")


@pytest.mark.parametrize("name", ["light", "dark"])
def test_every_status_colour_reads_at_4_5_to_1_on_every_surface(name: str) -> None:
    c = theme.SCHEMES[name]  # type: ignore[index]
    too_faint = [
        (tone, surface, round(theme.contrast(c.tones[tone], surface), 2))
        for tone in theme.TONES
        for surface in c.surfaces()
        if theme.contrast(c.tones[tone], surface) < 4.5
    ]
    too_faint += [
        (f"badge {tone}", c.badges[tone], round(theme.contrast(c.tones[tone], c.badges[tone]), 2))
        for tone in theme.BADGES
        if theme.contrast(c.tones[tone], c.badges[tone]) < 4.5
    ]
    too_faint += (
        [("text", c.base, theme.contrast(c.text, c.base))] if theme.contrast(c.text, c.base) < 7 else []
    )
    too_faint += (
        [("selected text", c.highlight, theme.contrast(c.highlighted_text, c.highlight))]
        if theme.contrast(c.highlighted_text, c.highlight) < 4.5
        else []
    )
    assert too_faint == []


def test_the_contrast_ratio_is_wcags() -> None:
    assert theme.contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert theme.contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    # The overdue red the app used to hard-code, on the dark base: unreadable, as found.
    assert theme.contrast("#8c1d18", theme.DARK.base) < 2


def test_no_status_colour_is_hard_coded_outside_the_palette() -> None:
    import pathlib
    import re

    ui = pathlib.Path(theme.__file__).parent
    hex_colour = re.compile(r"#[0-9a-fA-F]{6}\b")
    allowed = {"theme.py", "reminders.py", "highlight.py", "palette_widget.py"}  # icons and markers
    found = [
        f"{p.relative_to(ui)}: {m.group(0)}"
        for p in ui.rglob("*.py")
        if p.name not in allowed
        for m in hex_colour.finditer(p.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_choosing_dark_in_preferences_turns_the_app_dark_and_is_remembered(qtbot, journal, qsettings) -> None:
    acme = customers.create_customer(journal, name="Acme Bakery").created_id("customer")
    promises.add_promise(journal, acme, text="Send the pricing", due_on=journal.clock.today() - timedelta(3))
    window = build_window(journal, qsettings)
    qtbot.addWidget(window)
    show_and_activate(qtbot, window)
    app = QApplication.instance()
    assert app.palette().color(QPalette.ColorRole.Base).lightness() > 200

    def choose_dark(dialog: PreferencesDialog) -> None:
        box = dialog.findChild(QComboBox, "appearanceField")
        box.setFocus()
        qtbot.keyClick(box, Qt.Key.Key_End)  # System, Light, Dark: the last
        assert box.currentText() == "Dark"
        save_with_keyboard(qtbot, dialog)

    seen = answer_next_dialog(qtbot, choose_dark)
    press(qtbot, window.page("today"), Qt.Key.Key_Comma, CTRL)
    assert seen
    assert theme.scheme() == "dark"
    assert app.palette().color(QPalette.ColorRole.Base).lightness() < 60
    assert qsettings.value(theme.SETTINGS_KEY) == "dark"
    # Today's overdue row is painted in the dark scheme's red, readable on the dark base.
    today = window.page("today")
    late = next(
        i for i in today.model.item_indexes() if "Send the pricing" in str(i.siblingAtColumn(2).data())
    )
    colour = late.siblingAtColumn(0).data(Qt.ItemDataRole.ForegroundRole).color().name()
    assert colour == theme.DARK.tones["overdue"]
    assert settings.get(journal, "currency") == "USD"  # the rest of the form saved as it was


def test_the_system_switching_to_dark_is_followed(qapp, monkeypatch) -> None:
    monkeypatch.setattr(theme, "system_scheme", lambda: "dark")
    qapp.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert theme.scheme() == "dark"
    assert qapp.palette().color(QPalette.ColorRole.Window).name() == theme.DARK.window
    theme.theme(qapp).set_preference("light")  # a choice made in Preferences wins over the system
    assert theme.scheme() == "light"


def test_the_brief_follows_the_scheme_on_screen_and_prints_dark_on_white(
    qtbot, journal, qsettings, monkeypatch
) -> None:
    acme = customers.create_customer(journal, name="Acme Bakery").created_id("customer")
    promises.add_promise(journal, acme, text="Send the pricing", due_on=journal.clock.today() - timedelta(3))
    window = build_window(journal, qsettings)
    qtbot.addWidget(window)
    show_and_activate(qtbot, window)
    theme.theme().set_preference("dark")
    window.ctx.brief_requested.emit(acme, None)
    brief = window.brief_window
    qtbot.waitUntil(brief.isVisible)
    assert theme.DARK.base in brief.page.styleSheet()
    assert theme.DARK.tones["overdue"] in brief.page.toHtml().lower()

    printed: list[str] = []
    monkeypatch.setattr(pdf, "print_html", lambda html, device: printed.append(html))
    from ui.brief import window as brief_module

    monkeypatch.setattr(brief_module, "ask_printer", lambda parent: QPrinter())
    press(qtbot, brief.page, Qt.Key.Key_P, CTRL)
    assert printed and PAGE_STYLE in printed[0]  # the paper page: dark on white
    assert theme.DARK.base not in printed[0] and theme.DARK.text not in printed[0]

    theme.theme().set_preference("light")  # and back: the open brief repaints at once
    assert theme.LIGHT.base in brief.page.styleSheet()
