"""The app's settings file (window layout, recent searches, the journals opened and their backup folders):
as private as the journal itself — the file 0600, its folder 0700 — whatever the umask.

Qt creates the file with the umask's mode and keeps the mode of an existing file when it rewrites it, so
the file is made private before Qt first writes it.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

from PySide6.QtCore import QSettings

from journal.storage import paths


def open_settings(path: Path | None = None) -> QSettings:
    """The app's settings: in the platform's place (named by the application's organization and name),
    or in the INI file at `path`."""
    settings = QSettings() if path is None else QSettings(str(path), QSettings.Format.IniFormat)
    make_private(settings, own_folder=path is None)
    return settings


def make_private(settings: QSettings, *, own_folder: bool) -> None:
    """Make the file behind `settings` (and, when `own_folder`, the folder it is in) private. The
    registry on Windows and the preferences daemon's files on macOS are not files of ours."""
    if settings.format() == QSettings.Format.NativeFormat and sys.platform in ("win32", "darwin"):
        return
    file = Path(settings.fileName())
    folder = file.parent
    paths.ensure_private_dir(folder)
    if own_folder:  # the app's own folder, inside the shared configuration folder
        folder.chmod(paths.PRIVATE_DIR_MODE)
    with contextlib.suppress(FileExistsError):
        os.close(os.open(file, os.O_CREAT | os.O_EXCL | os.O_WRONLY, paths.PRIVATE_FILE_MODE))
    file.chmod(paths.PRIVATE_FILE_MODE)  # also when it was there already, or the umask masked the mode
