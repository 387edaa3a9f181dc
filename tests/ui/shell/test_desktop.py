"""Desktop integration: a launcher entry and icon from `sales-journal install-desktop`, and reminders as
desktop notifications where there is no tray (GNOME shows none)."""

from __future__ import annotations

import configparser
import os
import stat
import sys
from pathlib import Path

import pytest

from journal.reads.reminders import Reminder
from tests.conftest import NOW
from ui.cli import main
from ui.shell import desktop
from ui.shell.app import build_window
from ui.today import notify
from ui.today.reminders import Reminders


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="freedesktop launchers are Linux's")
def test_install_desktop_writes_a_reverse_dns_entry_and_icon_under_the_data_folder(capsys) -> None:
    home = Path(os.environ["XDG_DATA_HOME"])
    assert main(["install-desktop"]) == 0
    entry = home / "applications" / f"{desktop.APP_ID}.desktop"
    icon = home / "icons" / "hicolor" / "scalable" / "apps" / f"{desktop.APP_ID}.svg"
    assert icon.read_bytes().startswith(b"<svg")
    parsed = configparser.ConfigParser(interpolation=None)
    parsed.optionxform = str  # type: ignore[assignment,method-assign]
    parsed.read_string(entry.read_text(encoding="utf-8"))
    fields = parsed["Desktop Entry"]
    assert fields["Type"] == "Application" and fields["Name"] == "Sales Journal"
    assert fields["Icon"] == str(icon) and fields["StartupWMClass"] == desktop.APP_ID
    assert fields["Exec"] and fields["Terminal"] == "false"
    assert stat.S_IMODE(entry.stat().st_mode) == 0o644
    assert str(entry) in capsys.readouterr().out
    assert main(["install-desktop"]) == 0  # again: replaced, not refused


def test_other_systems_are_told_what_to_do() -> None:
    assert "Shortcut" in desktop.other_system_advice("win32")
    assert "Dock" in desktop.other_system_advice("darwin")


@pytest.mark.parametrize(
    ("tray", "dbus", "notify_send", "expected"),
    [
        (True, True, True, "tray"),
        (False, True, True, "dbus"),
        (False, False, True, "notify-send"),
        (False, False, False, "status"),
    ],
)
def test_where_a_reminder_goes(tray: bool, dbus: bool, notify_send: bool, expected: str) -> None:
    assert notify.choose(tray=tray, dbus=dbus, notify_send=notify_send) == expected


def _reminder() -> Reminder:
    return Reminder("p1", "promise", 1, 1, NOW, "Due today: Send the pricing", "Acme Bakery")


def test_without_a_tray_a_reminder_goes_to_notify_send(
    qtbot, journal, qsettings, tmp_path, monkeypatch
) -> None:
    said = tmp_path / "said.txt"
    fake = tmp_path / "notify-send"
    fake.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > {said}\n', encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setattr(notify, "dbus_available", lambda: False)
    monkeypatch.setattr(notify, "notify_send_path", lambda: str(fake))
    window = build_window(journal, qsettings)
    qtbot.addWidget(window)
    reminders = Reminders(window)
    assert reminders.tray is None  # offscreen: no system tray
    reminders.notify(_reminder())
    assert reminders.channels == ["notify-send"]
    qtbot.waitUntil(said.exists)
    qtbot.waitUntil(lambda: "Send the pricing" in said.read_text(encoding="utf-8"))
    assert "--app-name=Sales Journal" in said.read_text(encoding="utf-8")


def test_with_nothing_to_notify_with_the_status_bar_says_it(qtbot, journal, qsettings, monkeypatch) -> None:
    monkeypatch.setattr(notify, "dbus_available", lambda: False)
    monkeypatch.setattr(notify, "notify_send_path", lambda: None)
    window = build_window(journal, qsettings)
    qtbot.addWidget(window)
    reminders = Reminders(window)
    reminders.notify(_reminder())
    assert reminders.channels == ["status"]
    assert "Send the pricing" in window.statusBar().currentMessage()
