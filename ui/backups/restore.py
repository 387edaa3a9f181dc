"""Choosing a backup to restore, each with its date and what it holds; the newest sound one is chosen."""

from __future__ import annotations

from datetime import tzinfo
from pathlib import Path

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from journal.domain.clock import system_clock
from journal.storage import backup, integrity
from ui.shell import screens
from ui.widgets.jobs import Progress, run_waiting

Index = QModelIndex | QPersistentModelIndex


class BackupListModel(QAbstractListModel):
    """Backups, newest first, each described by its date and record counts (read once, when listed)."""

    def __init__(self, found: list[backup.Backup], tz: tzinfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backups = found
        self._text = [b.describe(tz) for b in found]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default argument
        return 0 if parent.isValid() else len(self.backups)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.backups):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return str(self.backups[index.row()].path)
        return None


def find_backups(journal_path: Path, folders: list[Path]) -> list[backup.Backup]:
    """This journal's backups in any of `folders` (the default one beside it, a chosen one), newest first."""
    seen: dict[Path, backup.Backup] = {}
    for folder in folders:
        for b in backup.list_backups(journal_path, folder):
            seen.setdefault(b.path.resolve(), b)
    return sorted(seen.values(), key=lambda b: b.taken_at, reverse=True)


def newest_sound(found: list[backup.Backup], progress: Progress) -> backup.Backup | None:
    """The first of these backups (newest first) that passes its check."""
    for n, b in enumerate(found):
        progress(n, len(found))
        if integrity.check_file(b.path).ok:
            return b
    return None


class RestoreDialog(QDialog):
    def __init__(
        self,
        journal_path: Path,
        found: list[backup.Backup],
        intro: str,
        parent: QWidget | None = None,
        *,
        tz: tzinfo | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("restoreDialog")
        self.setWindowTitle("Restore from backup")
        self.setAccessibleName("Restore from backup")
        self.journal_path = journal_path
        self.chosen: Path | None = None
        layout = QVBoxLayout(self)
        text = QLabel(
            f"{intro}\n\nThe journal will be replaced by the backup you choose. The current file is kept "
            f"beside it (renamed “{journal_path.name}.damaged-…”), never deleted."
        )
        text.setWordWrap(True)
        text.setObjectName("restoreIntro")
        layout.addWidget(text)
        self.model = BackupListModel(found, tz or system_clock().local_tz(), self)
        self.view = QListView(self)
        self.view.setObjectName("backupList")
        self.view.setAccessibleName("Backups, newest first")
        self.view.setModel(self.model)
        self.view.setMinimumWidth(720)
        self.view.setWordWrap(True)
        self.view.setSpacing(2)
        self.view.doubleClicked.connect(lambda _: self.accept())
        layout.addWidget(self.view)
        other = QPushButton("Choose another &file…", self)
        other.setObjectName("chooseBackupFile")
        other.setToolTip("Restore a backup kept somewhere else (a USB disk, a synced folder)")
        other.clicked.connect(self._choose_file)
        buttons = QDialogButtonBox(self)
        self.restore_button = buttons.addButton("&Restore", QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setObjectName("restoreButton")
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.addButton(other, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        newest = run_waiting(lambda progress: newest_sound(found, progress), parent, "Checking the backups…")
        row = next((i for i, b in enumerate(found) if newest and b.path == newest.path), 0)
        if found:
            self.view.setCurrentIndex(self.model.index(row))
        self.restore_button.setEnabled(bool(found))
        self.view.setFocus()

    def showEvent(self, event: QShowEvent) -> None:
        screens.shrink_to_screen(self)
        super().showEvent(event)
        screens.fit_to_screen(self)

    def _choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Restore from backup", str(self.journal_path.parent), "Backups (*.sqlite3);;All files (*)"
        )
        if name:
            self.chosen = Path(name)
            super().accept()

    def accept(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self.chosen = self.model.backups[index.row()].path
            super().accept()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        journal_path: Path,
        folders: list[Path],
        intro: str,
        tz: tzinfo | None = None,
    ) -> Path | None:
        """The backup the rep chose to restore, or None. Tests replace this."""
        dialog = cls(journal_path, find_backups(journal_path, folders), intro, parent, tz=tz)
        try:
            return dialog.chosen if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()
