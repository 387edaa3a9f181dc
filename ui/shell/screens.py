"""Keeping windows on the screen they open on: never larger than its free area (the desktop less panels and
docks), a saved place that no longer suits the screen replaced by a sensible default, and a window that
can sit beside another placed there when there is room.

Rectangles here are outer (frame) rectangles, title bar included; `frame_margins` converts.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QMargins, QPoint, QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

# Before a window is first shown its title bar and borders are not known yet: assume a usual one.
ASSUMED_FRAME = QMargins(1, 32, 1, 1)
GAP = 8


def available_area(widget: QWidget | None = None) -> QRect:
    """The free area of the screen `widget` is on (or opens on: a dialog not shown yet opens on its
    parent's), else of the primary screen."""
    parent = widget.parentWidget() if widget is not None and not widget.isVisible() else None
    if parent is not None:
        widget = parent.window()
    return area_at(widget.frameGeometry().center() if widget is not None and widget.isVisible() else None)


def area_at(point: QPoint | None) -> QRect:
    """The free area of the screen holding `point`, else of the primary screen.

    Screens are found by geometry, not through QWidget.screen(): with PySide6 6.11.3, calling that from
    Python led the next window to be built to crash inside Qt's own QWidget::screen() (a segfault in
    QScreen::virtualSiblings, seen in the UI tests)."""
    screens = QGuiApplication.screens()
    found = next((s for s in screens if point is not None and s.geometry().contains(point)), None)
    screen = found or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1024, 768)


def frame_margins(window: QWidget) -> QMargins:
    """What the window manager adds around the window (title bar, borders)."""
    outer, inner = window.frameGeometry(), window.geometry()
    if not window.isVisible() and outer == inner:
        return ASSUMED_FRAME
    return QMargins(
        inner.left() - outer.left(),
        inner.top() - outer.top(),
        outer.right() - inner.right(),
        outer.bottom() - inner.bottom(),
    )


def fit_rect(rect: QRect, area: QRect) -> QRect:
    """`rect` made no larger than `area` and moved (not shrunk further) until it lies inside it."""
    width, height = min(rect.width(), area.width()), min(rect.height(), area.height())
    left = max(area.left(), min(rect.left(), area.right() + 1 - width))
    top = max(area.top(), min(rect.top(), area.bottom() + 1 - height))
    return QRect(left, top, width, height)


def centred(size: QSize, area: QRect) -> QRect:
    rect = QRect(QPoint(0, 0), size.boundedTo(area.size()))
    rect.moveCenter(area.center())
    return fit_rect(rect, area)


def beside(anchor: QRect, size: QSize, area: QRect, *, minimum_width: int, gap: int = GAP) -> QRect:
    """Where a window of `size` goes next to `anchor` (right, else left) when at least `minimum_width`
    is free there; otherwise at the right edge of the screen, over the anchor, still on the screen."""
    height = min(size.height(), area.height())
    right_room = area.right() - anchor.right() - gap
    left_room = anchor.left() - area.left() - gap
    if right_room >= minimum_width:
        rect = QRect(anchor.right() + 1 + gap, anchor.top(), min(size.width(), right_room), height)
    elif left_room >= minimum_width:
        width = min(size.width(), left_room)
        rect = QRect(anchor.left() - gap - width, anchor.top(), width, height)
    else:
        width = min(size.width(), area.width())
        rect = QRect(area.right() + 1 - width, anchor.top(), width, height)
    return fit_rect(rect, area)


def usable(rect: QRect, area: QRect, minimum: QSize) -> bool:
    """Whether a restored place suits this screen: wholly on it, and not shrunk to something unusable."""
    small_ok = minimum.boundedTo(area.size())
    return area.contains(rect) and rect.width() >= small_ok.width() and rect.height() >= small_ok.height()


def place(window: QWidget, outer: QRect) -> None:
    """Give `window` the outer rectangle `outer` (its title bar and borders inside it)."""
    margins = frame_margins(window)
    inner = outer.marginsRemoved(margins)
    window.resize(inner.size().expandedTo(QSize(1, 1)))
    window.move(outer.topLeft())


def shrink_to_screen(window: QWidget) -> None:
    """Make `window` no larger than the free area of its screen, leaving its position alone."""
    margins = frame_margins(window)
    room = available_area(window).marginsRemoved(margins).size()
    if window.width() > room.width() or window.height() > room.height():
        window.resize(window.size().boundedTo(room))


def fit_to_screen(window: QWidget) -> None:
    """Shrink and move `window` as needed so it lies wholly within the free area of its screen."""
    area = available_area(window)
    outer = window.geometry().marginsAdded(frame_margins(window))
    fitted = fit_rect(outer, area)
    if fitted != outer:
        place(window, fitted)


def restore_or_default(window: QWidget, saved: object, *, default: QRect, minimum: QSize) -> bool:
    """Restore the geometry saved with `saveGeometry` when the result suits the screen it lands on (see
    `usable`); otherwise place the window at the outer rectangle `default`. True when the saved one was
    used."""
    if isinstance(saved, QByteArray) and not saved.isEmpty() and window.restoreGeometry(saved):
        inner = window.geometry()
        if usable(inner, area_at(inner.center()), minimum):
            return True
    place(window, default)
    return False
