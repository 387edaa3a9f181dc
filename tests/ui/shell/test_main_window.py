"""The window opens on a journal, has its menus and pages, and remembers its place."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from ui.shell.main_window import MainWindow


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


def test_every_menu_action_is_named_explained_and_no_two_share_a_key(qtbot, journal, qsettings) -> None:
    """With every feature installed: a tooltip and an object name on each menu entry (for people and for
    tests), and no window-wide shortcut given twice (Qt would then run neither)."""
    from collections import Counter

    from PySide6.QtCore import Qt
    from PySide6.QtGui import QAction

    from ui.shell.app import build_window

    window = build_window(journal, qsettings)
    qtbot.addWidget(window)
    actions = [
        a
        for menu in (window.file_menu, window.edit_menu, window.view_menu, window.help_menu)
        for a in menu.actions()
        if not a.isSeparator()
    ]
    assert len(actions) > 20
    for a in actions:
        label = a.text().replace("&", "")
        assert (a.toolTip() and a.toolTip() != label.rstrip("…")) or a.menu() is not None, label
        assert a.objectName(), label
    keys = Counter(
        s.toString()
        for a in window.findChildren(QAction)
        if a.shortcutContext() != Qt.ShortcutContext.WidgetWithChildrenShortcut
        and a.shortcutContext() != Qt.ShortcutContext.WidgetShortcut
        and any(w is window for w in a.associatedObjects())
        for s in a.shortcuts()
    )
    assert [k for k, n in keys.items() if n > 1] == []
