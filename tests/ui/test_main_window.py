"""The window opens on a journal, has its menus and pages, and remembers its place."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from ui.main_window import MainWindow


def test_pages_are_reached_by_their_shortcuts(qtbot, ctx) -> None:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.add_page("one", QLabel("one"), "&One", "Ctrl+8")
    window.add_page("two", QLabel("two"), "&Two", "Ctrl+9")
    window.show()
    qtbot.waitExposed(window)
    window.show_page("one")
    act = window.findChild(type(window.quit_action), "show_two")
    assert act is not None and "Ctrl+9" in act.toolTip()
    act.trigger()
    assert window.current_page_key() == "two"


def test_geometry_is_remembered(qtbot, ctx) -> None:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(700, 500)
    window.show()
    qtbot.waitExposed(window)
    window.close()
    again = MainWindow(ctx)
    qtbot.addWidget(again)
    assert (again.width(), again.height()) == (700, 500)
