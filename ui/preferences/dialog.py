"""Preferences (Ctrl+,): appearance, how often to keep in touch at each stage, reminders, the currency, and
where the backups stand.

Appearance belongs to this computer (the app's settings); the rest travels with the journal."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QFormLayout, QLabel, QSpinBox, QWidget

from journal.domain import health, vocab
from journal.domain.dates import day_date, relative
from journal.services import settings
from journal.storage import backup
from journal.storage.changes import Changes
from ui.shell import theme
from ui.shell.context import AppContext
from ui.shell.main_window import MainWindow
from ui.widgets.forms import FormDialog

CURRENCIES = ("USD", "EUR", "GBP", "CHF", "CAD", "AUD", "NZD", "JPY", "CNY", "INR", "SEK", "NOK", "DKK",
              "PLN", "CZK", "HUF", "BRL", "MXN", "ZAR", "SGD", "HKD", "KRW", "AED", "ILS", "TRY")  # fmt: skip


def section(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setProperty("role", "subheading")
    return label


class PreferencesDialog(FormDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "Preferences", parent, save_text="Save")
        self.setObjectName("preferencesDialog")
        values = settings.all_settings(ctx.journal)

        self.form.addRow(section("Appearance", self))
        self.appearance = QComboBox()
        for value, label in theme.PREFERENCES:
            self.appearance.addItem(label, value)
        chosen = str(ctx.settings.value(theme.SETTINGS_KEY, "system") or "system")
        self.appearance.setCurrentIndex(max(0, self.appearance.findData(chosen)))
        self.appearance.setToolTip("System follows the light or dark setting of your desktop")
        self.add_field("appearance", "&Appearance", self.appearance)

        self.form.addRow(section("Keep in touch", self))
        self.cadence: dict[str, QSpinBox] = {}
        for stage in health.CADENCE_STAGES:
            box = QSpinBox()
            box.setRange(0, health.CADENCE_MAX_DAYS)
            box.setPrefix("every ")
            box.setSuffix(" days")
            box.setSpecialValueText("No reminder")
            box.setValue(values[f"cadence.{stage}"] or 0)
            self.cadence[stage] = box
            self.add_field(f"cadence.{stage}", f"&{vocab.STAGE_LABELS[stage]}", box)
        note = QLabel(
            "A customer's own cadence (Edit customer) wins. Not-now and lost customers come back on their "
            "revisit date instead.",
            self,
        )
        note.setWordWrap(True)
        note.setProperty("role", "hint")
        self.form.addRow("", note)

        self.form.addRow(section("Reminders and money", self))
        self.notifications = QCheckBox("When a promise falls due and before a meeting")
        self.notifications.setChecked(bool(values["notifications"]))
        self.add_field("notifications", "&Remind me", self.notifications)
        self.currency = QComboBox()
        current = str(values["currency"] or "USD").upper()
        for code in (
            (current, *(c for c in CURRENCIES if c != current)) if current not in CURRENCIES else CURRENCIES
        ):
            self.currency.addItem(code, code)
        self.currency.setCurrentIndex(max(0, self.currency.findData(current)))
        self.add_field("currency", "&Currency", self.currency)

        self.form.addRow(section("Backups", self))
        self.backups = QLabel(self.backup_summary())
        self.backups.setObjectName("backupSummary")
        self.backups.setAccessibleName("Backups")
        self.backups.setWordWrap(True)
        self.backups.setProperty("role", "muted")
        self.form.addRow("", self.backups)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.setMinimumWidth(520)
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
        today = j.clock.today()
        last = f"{day_date(taken.date(), today)}, {taken:%H:%M} ({relative(taken.date(), today)})"
        kept = "1 backup is" if len(found) == 1 else f"{len(found)} backups are"
        return f"Last backup {last}. {kept} kept {where}"

    def save(self) -> Changes:
        values: dict[str, object] = {
            f"cadence.{stage}": box.value() or None for stage, box in self.cadence.items()
        }
        values["notifications"] = self.notifications.isChecked()
        values["currency"] = self.currency.currentData()
        changes = settings.set_settings(self.ctx.journal, **values)
        self.apply_appearance()
        return changes

    def apply_appearance(self) -> None:
        """Appearance is this computer's: kept in the app's settings and applied at once."""
        chosen = str(self.appearance.currentData())
        self.ctx.settings.setValue(theme.SETTINGS_KEY, chosen)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            theme.theme(app).set_preference(chosen)

    @classmethod
    def ask(cls, ctx: AppContext, parent: QWidget | None = None) -> Changes | None:
        dialog = cls(ctx, parent)
        return dialog.changes if dialog.exec() else None


def install(window: MainWindow) -> None:
    window.edit_menu.addSeparator()
    prefs = window.action(
        "&Preferences…",
        lambda: PreferencesDialog.ask(window.ctx, window),
        shortcut="Ctrl+,",
        menu=window.edit_menu,
        name="preferences",
        tip="Keep-in-touch cadences, reminders, currency and appearance",
    )
    prefs.setMenuRole(QAction.MenuRole.PreferencesRole)
