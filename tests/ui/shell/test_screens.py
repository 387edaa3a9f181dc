"""Windows fit the screen they open on: the main window, the brief (beside the main window when there is
room), every dialog; a saved place that does not suit this screen gives way to a sensible default."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, QSettings, QSize, Qt
from PySide6.QtGui import QGuiApplication

from journal.services import customers
from journal.storage.db import Journal
from tests.ui.helpers import press, show_and_activate
from ui.shell import screens
from ui.shell.app import build_window
from ui.shell.main_window import MainWindow

CTRL = Qt.KeyboardModifier.ControlModifier
LAPTOP = QRect(0, 0, 1366, 768 - 32)  # a 1366×768 screen with a panel along the bottom
WIDE = QRect(0, 0, 2560, 1440 - 40)


def _area() -> QRect:
    return QGuiApplication.primaryScreen().availableGeometry()


def _outer(window) -> QRect:
    return window.frameGeometry()


# -- the helper, with explicit rectangles ------------------------------------------------------------


def test_fit_rect_shrinks_to_the_area_and_moves_inside_it() -> None:
    assert screens.fit_rect(QRect(100, 50, 760, 900), LAPTOP) == QRect(100, 0, 760, 736)
    assert screens.fit_rect(QRect(1000, 500, 760, 400), LAPTOP) == QRect(606, 336, 760, 400)
    assert screens.fit_rect(QRect(-300, -20, 3000, 200), LAPTOP) == QRect(0, 0, 1366, 200)
    on_second = QRect(1366, 0, 1920, 1050)
    assert screens.fit_rect(QRect(1400, 100, 800, 600), on_second) == QRect(1400, 100, 800, 600)


def test_beside_goes_right_then_left_then_over_the_anchor_on_the_screen() -> None:
    size = QSize(760, 900)
    right = screens.beside(QRect(0, 0, 1200, 900), size, WIDE, minimum_width=480)
    assert right == QRect(1208, 0, 760, 900)
    left = screens.beside(QRect(1300, 100, 1200, 900), size, WIDE, minimum_width=480)
    assert left == QRect(1300 - 8 - 760, 100, 760, 900)
    # Only 546 px free to the right on a wide screen with a wide main window: narrower, still beside.
    narrow = screens.beside(QRect(0, 0, 2000, 1000), size, WIDE, minimum_width=480)
    assert narrow == QRect(2008, 0, 552, 900)
    # A laptop with the main window nearly full width: no room beside, so at the right edge, on screen.
    over = screens.beside(QRect(43, 0, 1280, 736), size, LAPTOP, minimum_width=480)
    assert over == QRect(1366 - 760, 0, 760, 736)
    assert LAPTOP.contains(over)


def test_a_restored_place_is_used_only_when_it_suits_the_screen() -> None:
    minimum = QSize(480, 360)
    assert screens.usable(QRect(10, 10, 760, 700), LAPTOP, minimum)
    assert not screens.usable(QRect(10, 10, 760, 900), LAPTOP, minimum), "off the bottom"
    assert not screens.usable(QRect(1400, 10, 760, 700), LAPTOP, minimum), "on a screen no longer there"
    assert not screens.usable(QRect(10, 10, 625, 243), LAPTOP, minimum), "absurdly small"
    tiny = QRect(0, 0, 400, 300)
    assert screens.usable(tiny, tiny, minimum), "on a screen smaller than the minimum, the whole screen"


# -- the real windows, on the offscreen screen --------------------------------------------------------


@pytest.fixture
def acme(journal: Journal) -> int:
    return customers.create_customer(journal, name="Acme Bakery").created_id("customer")


def _window(qtbot, journal: Journal, settings: QSettings) -> MainWindow:
    window = build_window(journal, settings)
    qtbot.addWidget(window)
    show_and_activate(qtbot, window)
    return window


def test_the_main_window_opens_within_the_screen(qtbot, journal, qsettings, acme) -> None:
    window = _window(qtbot, journal, qsettings)
    assert _area().contains(_outer(window)), (_outer(window), _area())


def test_the_brief_opens_within_the_screen(qtbot, journal, qsettings, acme) -> None:
    window = _window(qtbot, journal, qsettings)
    window.ctx.customer_requested.emit(acme)
    press(qtbot, window, Qt.Key.Key_B, CTRL)
    brief = window.brief_window
    qtbot.waitUntil(brief.isVisible)
    assert _area().contains(_outer(brief)), (_outer(brief), _area())
    assert brief.width() >= 480 and brief.height() >= 360


def test_the_brief_opens_beside_a_main_window_that_leaves_room(qtbot, journal, qsettings, acme) -> None:
    window = _window(qtbot, journal, qsettings)
    window.show_page("customers")  # made (with its minimum size) before the window is placed
    area = _area()
    # The offscreen screen is only 800 px wide: leave room beside by sliding the window partly off it, so
    # that its right edge is 300 px in.
    width = window.minimumWidth()
    window.setGeometry(area.left() + 300 - width, area.top() + 40, width, area.height() - 80)
    assert area.right() - window.frameGeometry().right() >= 480
    window.ctx.customer_requested.emit(acme)
    press(qtbot, window, Qt.Key.Key_B, CTRL)
    brief = window.brief_window
    qtbot.waitUntil(brief.isVisible)
    assert _outer(brief).left() > _outer(window).right(), "beside, not over, the main window"
    assert not _outer(brief).intersects(_outer(window))
    assert area.contains(_outer(brief))


def test_a_saved_brief_place_from_another_screen_gives_way_to_the_default(
    qtbot, journal, qsettings, acme
) -> None:
    window = _window(qtbot, journal, qsettings)
    brief = window.brief_window
    brief.setGeometry(QRect(3000, 200, 625, 243))  # small, and on a screen to the right of this one
    qsettings.setValue("brief/geometry", brief.saveGeometry())
    window.close()
    window.ctx.detach()

    again = _window(qtbot, journal, qsettings)
    again.ctx.customer_requested.emit(acme)
    press(qtbot, again, Qt.Key.Key_B, CTRL)
    brief = again.brief_window
    qtbot.waitUntil(brief.isVisible)
    assert _area().contains(_outer(brief))
    assert brief.width() >= 480 and brief.height() >= 360, brief.size()


def test_a_saved_brief_place_that_suits_the_screen_is_kept(qtbot, journal, qsettings, acme) -> None:
    window = _window(qtbot, journal, qsettings)
    window.ctx.customer_requested.emit(acme)
    press(qtbot, window, Qt.Key.Key_B, CTRL)
    brief = window.brief_window
    qtbot.waitUntil(brief.isVisible)
    brief.setGeometry(QRect(60, 70, 520, 610))
    brief.close()
    window.close()
    window.ctx.detach()

    again = _window(qtbot, journal, qsettings)
    again.ctx.customer_requested.emit(acme)
    press(qtbot, again, Qt.Key.Key_B, CTRL)
    qtbot.waitUntil(again.brief_window.isVisible)
    assert again.brief_window.geometry() == QRect(60, 70, 520, 610)


def test_a_main_window_saved_larger_than_this_screen_fits_it(qtbot, journal, qsettings, acme) -> None:
    ctx = _ctx(journal, qsettings)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.setGeometry(QRect(0, 0, 2400, 1300))
    qsettings.setValue("window/geometry", window.saveGeometry())
    ctx.detach()

    again = _window(qtbot, journal, qsettings)
    assert _area().contains(_outer(again)), (_outer(again), _area())


def _ctx(journal: Journal, settings: QSettings):
    from ui.shell.context import AppContext

    return AppContext(journal, settings)


def test_every_dialog_fits_the_screen(qtbot, journal, qsettings, acme) -> None:
    from tests.ui.widgets.test_dialog_focus import _every_dialog
    from ui.meeting_log.dialog import MeetingLogDialog

    ctx = _ctx(journal, qsettings)
    try:
        area = _area()
        for name, dialog in [*_every_dialog(ctx, acme), ("log", MeetingLogDialog(ctx, acme))]:
            qtbot.addWidget(dialog)
            dialog.resize(area.width() + 300, area.height() + 300)  # as a big screen's saved size would
            show_and_activate(qtbot, dialog)
            assert area.contains(_outer(dialog)), f"{name}: {_outer(dialog)} is not within {area}"
            dialog.done(0)
    finally:
        ctx.detach()


def test_the_offscreen_screen_is_smaller_than_the_old_brief() -> None:
    assert _area().height() < 900, "these tests need a screen the brief's old fixed 900 px would not fit"
