"""Ctrl+K: the search palette (ui/search/palette_widget.py), made the first time it is asked for, so
starting the app does not wait for it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ui.shell.main_window import MainWindow

if TYPE_CHECKING:
    from ui.search.palette_widget import SearchPalette


def palette(window: MainWindow) -> SearchPalette:
    """The window's search palette, made on first use."""
    if window.search_palette is None:
        from ui.search.palette_widget import SearchPalette

        window.search_palette = SearchPalette(window)
    return window.search_palette


def install(window: MainWindow) -> None:
    window.action(
        "&Search everything…",
        lambda: palette(window).open(),
        shortcut="Ctrl+K",
        menu=window.edit_menu,
        name="search_palette",
        tip="Find any customer, person, note, need, promise or question, or run a command",
    )
