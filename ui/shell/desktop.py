"""A launcher entry and an icon, so the app starts like every other one on the desktop.

On Linux (freedesktop desktops: GNOME, KDE, Xfce, …) `install` writes a reverse-DNS `.desktop` file to
`$XDG_DATA_HOME/applications` and the SVG icon to `$XDG_DATA_HOME/icons/hicolor/scalable/apps`, both named
after APP_ID, which the running app also gives Qt (`setDesktopFileName`) so the window is matched to its
entry. No Qt here: the command runs in a terminal.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import resources

APP_ID = "org.salesjournal.SalesJournal"


@dataclass(frozen=True)
class Installed:
    entry: Path
    icon: Path


def data_home() -> Path:
    """The user's data folder: $XDG_DATA_HOME, else ~/.local/share."""
    value = os.environ.get("XDG_DATA_HOME", "")
    return Path(value) if value and Path(value).is_absolute() else Path.home() / ".local" / "share"


def launch_command() -> list[str]:
    """How to start the app: the installed `sales-journal` script, else this Python running the CLI."""
    script = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if script is not None and script.name == "sales-journal" and script.exists():
        return [str(script.resolve())]
    found = shutil.which("sales-journal")
    if found:
        return [str(Path(found).resolve())]
    return [sys.executable, "-m", "ui.cli"]


def desktop_entry(command: list[str], icon: Path) -> str:
    exec_line = " ".join(shlex.quote(part).replace("%", "%%") for part in command)
    return "\n".join(
        [
            "[Desktop Entry]",
            "Type=Application",
            "Version=1.0",
            "Name=Sales Journal",
            "GenericName=Sales journal",
            "Comment=Your customers, what they need in their own words, and every promise made",
            f"Exec={exec_line}",
            f"TryExec={command[0]}",
            f"Icon={icon}",
            "Terminal=false",
            "Categories=Office;ContactManagement;",
            "Keywords=sales;customers;crm;journal;meetings;promises;",
            "StartupNotify=true",
            f"StartupWMClass={APP_ID}",
            "",
        ]
    )


def install(home: Path | None = None, command: list[str] | None = None) -> Installed:
    """Write the icon and the launcher entry (replacing earlier ones of ours)."""
    home = home or data_home()
    icon = home / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    entry = home / "applications" / f"{APP_ID}.desktop"
    icon.parent.mkdir(parents=True, exist_ok=True)
    entry.parent.mkdir(parents=True, exist_ok=True)
    icon.write_bytes(resources.path("icons/app.svg").read_bytes())
    entry.write_text(desktop_entry(command or launch_command(), icon), encoding="utf-8")
    entry.chmod(0o644)
    return Installed(entry, icon)


def other_system_advice(platform: str = sys.platform) -> str:
    command = " ".join(shlex.quote(p) for p in launch_command())
    if platform == "darwin":
        return (
            "On macOS there is no launcher file to install. Start Sales Journal from a terminal with "
            f"{command}, or make an Automator “Application” that runs it and keep that in the Dock."
        )
    if platform == "win32":
        return (
            "On Windows, right-click the desktop → New → Shortcut and give it this command: "
            f"{command} (pythonw.exe instead of python.exe keeps the console window away); pin it to Start."
        )
    return f"This system has no freedesktop launcher folder; start Sales Journal with {command}."
