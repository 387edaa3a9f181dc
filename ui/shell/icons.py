"""Icons from resources/icons, loaded from the installed package."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QIcon, QPixmap

import resources


@cache
def icon(name: str) -> QIcon:
    data = resources.path(f"icons/{name}.svg").read_bytes()
    pixmap = QPixmap()
    pixmap.loadFromData(data, "SVG")
    return QIcon(pixmap)


def app_icon() -> QIcon:
    return icon("app")
