"""Preferences (Ctrl+,): how often to keep in touch at each stage, reminders, the currency, and where the
backups stand."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QSpinBox, QWidget

from journal import backup, health, settings, vocab
from journal.changes import Changes
from journal.dates import relative
from ui.context import AppContext
from ui.forms import FormDialog


class PreferencesDialog(FormDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "Preferences", parent, save_text="Save")
        self.setObjectName("preferencesDialog")
        values = settings.all_settings(ctx.journal)
        intro = QLabel(
            "Keep in touch by default every… (a customer's own cadence, set in Edit customer, wins). "
            "Not-now and lost customers come back on their revisit date instead."
        )
        intro.setWordWrap(True)
        intro.setProperty("role", "hint")
        self.form.addRow(intro)
        self.cadence: dict[str, QSpinBox] = {}
        for stage in health.CADENCE_STAGES:
            box = QSpinBox()
            box.setRange(0, health.CADENCE_MAX_DAYS)
            box.setSuffix(" days")
            box.setSpecialValueText("no cadence")
            box.setValue(values[f"cadence.{stage}"] or 0)
            self.cadence[stage] = box
            self.add_field(f"cadence.{stage}", f"&{vocab.STAGE_LABELS[stage]}", box)
        self.notifications = QCheckBox("Remind me when a promise falls due and before a meeting")
        self.notifications.setChecked(bool(values["notifications"]))
        self.add_field("notifications", "&Reminders", self.notifications)
        self.currency = QLineEdit(values["currency"])
        self.currency.setMaxLength(3)
        self.currency.setPlaceholderText("USD, EUR, GBP…")
        self.add_field("currency", "&Currency", self.currency)
        self.backups = QLabel(self.backup_summary())
        self.backups.setObjectName("backupSummary")
        self.backups.setAccessibleName("Backups")
        self.backups.setWordWrap(True)
        self.backups.setProperty("role", "muted")
        self.form.addRow("Backups", self.backups)
        self.mark_clean()

    def backup_summary(self) -> str:
        j = self.ctx.journal
        folder = settings.backup_folder(j) or backup.default_folder(j.path)
        found = backup.list_backups(j.path, folder)
        where = f"in {folder}. File → Back up now makes one; File → Backup folder… moves them."
        if not found:
            return f"No backup yet. They are kept {where}"
        tz = j.clock.local_tz()
        taken = found[0].taken_at.astimezone(tz)
        last = f"{taken:%a} {taken.day} {taken:%b %Y, %H:%M} ({relative(taken.date(), j.clock.today())})"
        kept = "1 backup is" if len(found) == 1 else f"{len(found)} backups are"
        return f"Last backup {last}. {kept} kept {where}"

    def save(self) -> Changes:
        values: dict[str, object] = {
            f"cadence.{stage}": box.value() or None for stage, box in self.cadence.items()
        }
        values["notifications"] = self.notifications.isChecked()
        values["currency"] = self.currency.text()
        return settings.set_settings(self.ctx.journal, **values)

    @classmethod
    def ask(cls, ctx: AppContext, parent: QWidget | None = None) -> Changes | None:
        dialog = cls(ctx, parent)
        return dialog.changes if dialog.exec() else None
