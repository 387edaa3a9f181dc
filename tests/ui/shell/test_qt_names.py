"""Our widgets keep Qt's methods: an attribute named like one (`scroll`, `create`) replaces it for every
caller, and Qt code reached from Python then gets a button or a panel where it expects a method."""

from __future__ import annotations

from PySide6.QtCore import QObject, SignalInstance

from journal.services import customers
from ui.customers.customer_dialog import CustomerDialog
from ui.meeting_log.dialog import MeetingLogDialog
from ui.shell.app import build_window


def hidden_qt_methods(root: QObject) -> list[str]:
    """`Class.name` for each attribute of `root` or an object under it that hides a Qt method."""
    found = []
    for obj in [root, *root.findChildren(QObject)]:
        qt_classes = [c for c in type(obj).__mro__ if c.__module__.startswith("PySide6")]
        for name, value in vars(obj).items():
            if isinstance(value, SignalInstance):  # PySide keeps the object's bound signals here
                continue
            if any(callable(getattr(c, name, None)) for c in qt_classes):
                found.append(f"{type(obj).__name__}.{name}")
    return sorted(found)


def test_no_window_or_form_attribute_hides_a_qt_method(qtbot, journal, qsettings) -> None:
    cid = customers.create_customer(journal, name="Acme").created_id("customer")
    window = build_window(journal, qsettings)
    qtbot.addWidget(window)
    forms = [MeetingLogDialog(window.ctx, cid, parent=window), CustomerDialog(window.ctx, cid, window)]
    assert [hidden_qt_methods(w) for w in (window, *forms)] == [[], [], []]
