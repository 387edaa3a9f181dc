"""Desktop notifications where there is no tray icon to show them (GNOME shows none): freedesktop
notifications over D-Bus, else `notify-send`, else the status bar. Windows and macOS have a tray (the
notification area, the menu bar), so Qt's own tray messages reach their notification centres."""

from __future__ import annotations

import logging
import shutil
from typing import Literal

from PySide6.QtCore import QProcess
from PySide6.QtWidgets import QSystemTrayIcon

from ui.shell.desktop import APP_ID

log = logging.getLogger("sales_journal")

Channel = Literal["tray", "dbus", "notify-send", "status"]
SERVICE = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"


def choose(*, tray: bool, dbus: bool, notify_send: bool) -> Channel:
    """Where a reminder goes: the tray's bubble, a desktop notification, or the status bar."""
    if tray:
        return "tray"
    if dbus:
        return "dbus"
    if notify_send:
        return "notify-send"
    return "status"


def dbus_available() -> bool:
    """A session bus with a notification server on it (QtDBus ships with PySide6-Essentials)."""
    try:
        from PySide6.QtDBus import QDBusConnection
    except ImportError:
        return False
    bus = QDBusConnection.sessionBus()
    if not bus.isConnected():
        return False
    interface = bus.interface()
    if interface is None:
        return False
    reply = interface.isServiceRegistered(SERVICE)
    return bool(reply.value()) if reply.isValid() else False


def notify_send_path() -> str | None:
    return shutil.which("notify-send")


def current_channel() -> Channel:
    tray = QSystemTrayIcon.isSystemTrayAvailable() and QSystemTrayIcon.supportsMessages()
    if tray:
        return "tray"
    return choose(tray=False, dbus=dbus_available(), notify_send=notify_send_path() is not None)


def send_dbus(title: str, body: str) -> bool:
    from PySide6.QtDBus import QDBusConnection, QDBusMessage

    message = QDBusMessage.createMethodCall(SERVICE, PATH, SERVICE, "Notify")
    # app_name, replaces_id, app_icon, summary, body, actions, hints, expire_timeout (ms)
    message.setArguments(["Sales Journal", 0, APP_ID, title, body, [], {}, 15000])
    reply = QDBusConnection.sessionBus().call(message)
    ok = reply.type() != QDBusMessage.MessageType.ErrorMessage
    if not ok:
        log.warning("desktop notification failed: %s", reply.errorMessage())
    return ok


def send_notify_send(title: str, body: str, program: str | None = None) -> bool:
    program = program or notify_send_path()
    if program is None:
        return False
    # Detached: the program outlives nothing of ours and is never waited for.
    started = QProcess.startDetached(
        program, ["--app-name=Sales Journal", f"--icon={APP_ID}", "--", title, body]
    )
    ok = bool(started[0] if isinstance(started, tuple) else started)
    if not ok:
        log.warning("notify-send could not be started")
    return ok
