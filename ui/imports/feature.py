"""File → Import contacts or calendar… (Ctrl+Shift+I): a rep's book brought into this journal through the
import wizard (ui/imports/wizard.py). File → Import a JSON export… stays the way to restore a whole
journal into a new one."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QWidget

from ui.shell.main_window import MainWindow

if TYPE_CHECKING:
    from ui.imports.wizard import ImportWizard

SETTINGS_KEY = "import/folder"
FILTER = "Contacts and calendars (*.csv *.tsv *.txt *.vcf *.vcard *.ics);;All files (*)"


def ask_import_path(parent: QWidget | None, folder: Path) -> Path | None:
    """The file to import (a test replaces this module attribute)."""
    name, _ = QFileDialog.getOpenFileName(parent, "Import contacts or calendar", str(folder), FILTER)
    return Path(name) if name else None


def open_wizard(window: MainWindow, path: Path) -> ImportWizard:
    """The wizard for `path`, shown (not waited for), reading the file on a worker thread."""
    from ui.imports.wizard import ImportWizard  # made when first asked for

    wizard = ImportWizard(window.ctx, path, window)
    wizard.setModal(True)
    wizard.finished.connect(wizard.deleteLater)
    wizard.show()
    wizard.start()
    return wizard


def import_book(window: MainWindow) -> ImportWizard | None:
    settings = window.ctx.settings
    folder = settings.value(SETTINGS_KEY)
    path = ask_import_path(window, Path(str(folder)) if folder else Path.home())
    if path is None:
        return None
    settings.setValue(SETTINGS_KEY, str(path.parent))
    return open_wizard(window, path)


def install(window: MainWindow) -> None:
    act = window.action(
        "Import &contacts or calendar…",
        lambda: import_book(window),
        shortcut="Ctrl+Shift+I",
        name="import_book",
        writes=True,
        tip="Bring in contacts (LinkedIn, Google, Outlook, HubSpot, Pipedrive, vCards) or calendar meetings, "
        "previewed first and never duplicated",
    )
    before = next(
        (a for a in window.file_menu.actions() if a.objectName() == "export_json"), window.quit_action
    )
    window.file_menu.insertAction(before, act)
