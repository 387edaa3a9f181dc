"""A brief as a PDF or on paper, through Qt's text layout (the same page the brief window shows)."""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QLocale, QMarginsF
from PySide6.QtGui import (
    QGuiApplication,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPdfWriter,
    QTextDocument,
)


def ensure_gui() -> QGuiApplication:
    """Qt lays out text only inside an application; the command line makes a windowless one."""
    app = QGuiApplication.instance()
    if isinstance(app, QGuiApplication):
        return app
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    return QGuiApplication(sys.argv[:1])


def page_size() -> QPageSize:
    """Letter where people measure in inches, A4 elsewhere."""
    us = QLocale().measurementSystem() == QLocale.MeasurementSystem.ImperialUSSystem
    return QPageSize(QPageSize.PageSizeId.Letter if us else QPageSize.PageSizeId.A4)


def document(html: str) -> QTextDocument:
    doc = QTextDocument()
    doc.setHtml(html)
    return doc


def print_html(html: str, device: QPagedPaintDevice) -> None:
    """Lay the page out on `device` (a printer or a PDF writer), over as many pages as it needs.
    Qt adds 2 cm margins of its own and numbers the pages."""
    document(html).print_(device)


def pdf_bytes(html: str, title: str) -> bytes:
    ensure_gui()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle(title)
    writer.setCreator("Sales Journal")
    writer.setPageSize(page_size())
    writer.setResolution(300)
    writer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
    print_html(html, writer)
    del writer  # finishes the file
    buffer.close()
    return bytes(data.data())
