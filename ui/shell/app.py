"""The composition root: logging, the crash handler, the QApplication, the journal, the main window."""

from __future__ import annotations

import hashlib
import logging
import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path

import shiboken6
from PySide6.QtCore import QLocale, QObject, QSettings, Qt, QThread, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QToolBar,
    QWidget,
)

from journal.domain.clock import Clock, date_order_of_format, system_clock
from journal.domain.errors import JournalCorrupt, JournalError
from journal.reads import queries
from journal.storage import backup, integrity, paths
from journal.storage.db import Journal, storage_error
from journal.storage.lock import WriterLock, lock_path
from ui.backups import feature as backups
from ui.backups.restore import RestoreDialog, find_backups
from ui.brief import feature as brief
from ui.customers import feature as customers
from ui.exports import calendar as calendar_export
from ui.exports import feature as exports
from ui.imports import feature as book_import
from ui.insights import page as insights
from ui.meeting_log import after_meeting
from ui.preferences import dialog as preferences
from ui.reflections import page as reflections
from ui.search import palette as search_palette
from ui.shell import desktop, instance, recovery, settings_file, theme, undo, upkeep
from ui.shell.context import AppContext
from ui.shell.crash import CrashHandler
from ui.shell.icons import app_icon
from ui.shell.logs import setup_logging
from ui.shell.main_window import MainWindow
from ui.shell.style import apply_style
from ui.today import page as today
from ui.today import reminders
from ui.widgets import forms

log = logging.getLogger("sales_journal")

ORGANIZATION = "SalesJournal"
APPLICATION = "Sales Journal"


def make_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName(APPLICATION)
    app.setWindowIcon(app_icon())
    apply_style(app)
    return app


# Each feature adds its own pages, actions and signal handlers to the window (`install(window)`) and asks
# for another feature's work through AppContext's requests. Pages say where they go in the View menu and
# the rail; menus keep the order below.
FEATURES: tuple[Callable[[MainWindow], object], ...] = (
    today.install,
    customers.install,
    reflections.install,
    insights.install,
    brief.install,
    after_meeting.install,
    preferences.install,
    calendar_export.install,
    reminders.install,
    backups.install,
    exports.install,
    book_import.install,
    undo.install,
    search_palette.install,
)


def build_window(journal: Journal, settings: QSettings) -> MainWindow:
    ctx = AppContext(journal, settings)
    window = MainWindow(ctx)
    for install in FEATURES:
        install(window)
    window.statistics = upkeep.Statistics(window)
    window.restore_page()
    return window


SAMPLE_NAME = "sample.sqlite3"
JOURNAL_FILTER = "Sales Journal (*.sqlite3 *.journal);;All files (*)"


def sample_journal_path() -> Path:
    return paths.data_dir() / SAMPLE_NAME


def ensure_sample_journal(path: Path) -> Path:
    """The sample journal, made (small, dated around today) the first time it is asked for."""
    if not path.exists():
        from journal.sample import fill_sample

        with Journal.open(path) as j:
            fill_sample(j, size="small")
    return path


def regional_clock() -> Clock:
    """The app's clock. Where the environment does not say how dates are written (no LANG, as on
    Windows and macOS), the system's own short date format does."""
    clock = system_clock()
    if clock.date_order is None:
        clock.date_order = date_order_of_format(QLocale.system().dateFormat(QLocale.FormatType.ShortFormat))
    return clock


class Session(QObject):
    """The journal open now and its window. File → Open journal and Help → Open the sample journal
    replace both: the new journal is opened first, and only if that works is the old window closed."""

    def __init__(self, settings: QSettings, home: Path, clock: Clock | None = None) -> None:
        super().__init__()
        self.settings = settings
        self.clock = clock or regional_clock()
        self.home = home  # the journal the app was started on: "Open my journal" goes back to it
        self.journal: Journal | None = None
        self.window: MainWindow | None = None
        self.lock: WriterLock | None = None  # held while this app may write to the journal
        self.server: instance.InstanceServer | None = None
        self.handed_off = False  # another copy of the app had the journal: it was asked to show itself
        self.automatic_backups = False  # on start when due and on close (the running app turns it on)
        self.damage_told = False  # damage found in the open journal has been handled

    def open(self, path: Path) -> bool:
        """Open `path` (creating a new journal there if it does not exist) in a fresh window.

        The journal's writer lock is taken first: if another copy of the app has it, that window is
        brought to the front instead (`handed_off`)."""
        lock = self._lock_for(path)
        if lock is None:
            return False
        folders = recovery.backup_folders(path, self.settings, self._key(path, backups.FOLDER_KEY))
        journal = recovery.open_checked(self.window, path, folders, self.clock)
        if journal is None:
            if lock is not self.lock:
                lock.release()
            return False
        old_window, old_journal = self.window, self.journal
        try:
            window = build_window(journal, self.settings)
            queries.customer_count(journal, archived=None)  # what Today reads first, before it is shown
        except Exception as e:  # damage the first reads found (pages zeroed behind an intact header)
            if not isinstance(storage_error(e), JournalCorrupt):
                raise
            log.warning("%s is damaged: %s", path, e)
            journal.close()
            problem = f"“{path.name}” is damaged: SQLite cannot read parts of it ({e})."
            restored = recovery.offer_restore(self.window, path, folders, problem, self.clock)
            if restored is None:
                if lock is not self.lock:
                    lock.release()
                return False
            journal = restored
            window = build_window(journal, self.settings)
        self._install(window)
        if journal.read_only is not None:
            _show_read_only(window, journal.read_only)
        if old_window is not None:
            window.setGeometry(old_window.geometry())
        self.window, self.journal = window, journal
        window.show()
        if old_window is not None:
            old_window.close()
            old_window.ctx.detach()
            old_window.deleteLater()
        if old_journal is not None:
            old_journal.close()
        if lock is not self.lock:
            if self.lock is not None:
                self.lock.release()
            self.lock = lock
            self._listen(path)
        if self.automatic_backups:
            window.backups.enable_automatic()
        window.statistics.schedule()
        log.info("opened %s", path)
        return True

    def _key(self, path: Path, name: str) -> str:
        digest = hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:16]
        return f"journals/{digest}/{name}"

    def _lock_for(self, path: Path) -> WriterLock | None:
        if self.lock is not None and self.lock.path == lock_path(path):
            return self.lock
        lock = WriterLock(path)
        if paths.why_read_only(path) is not None:
            return lock  # opened for reading only: nothing to hold (and no lock file can be made there)
        try:
            if lock.acquire():
                return lock
        except OSError as e:
            QMessageBox.warning(
                self.window, recovery.CANNOT_OPEN, f"“{path}” cannot be opened: {e.strerror}."
            )
            return None
        if instance.ask_running_to_show(path):
            self.handed_off = True
            log.info("%s is open in another window; brought that one to the front", path)
            if self.window is not None:
                self.window.ctx.status_message.emit(f"“{path.name}” is already open in another window.")
            return None
        QMessageBox.warning(
            self.window,
            recovery.CANNOT_OPEN,
            f"Another program is using “{path.name}” right now (a command in a terminal, perhaps). "
            "Try again when it has finished.",
        )
        return None

    def _listen(self, path: Path) -> None:
        if self.server is not None:
            self.server.close()
            self.server.deleteLater()
        self.server = instance.InstanceServer(path, self)
        self.server.show_requested.connect(self.bring_to_front)

    def bring_to_front(self) -> None:
        if self.window is not None:
            if self.window.isMinimized():
                self.window.showNormal()
            self.window.show()
            self.window.raise_()
            self.window.activateWindow()

    def damage_found(self, problem: str) -> None:
        """Damage met while reading or saving, told once however many reads fail: a damaged search index
        is rebuilt from the records on the spot; otherwise the newest sound backup is offered, and the
        damaged file is kept aside."""
        window, journal = self.window, self.journal
        if window is None or journal is None or self.damage_told:
            return
        self.damage_told = True
        report = integrity.check(journal)
        if report.ok:  # already dealt with (a backup restored for an earlier report of the same damage)
            self.damage_told = False
            return
        if report.index_only and journal.read_only is None:
            report = integrity.repair(journal)
            if report.ok:
                log.info("rebuilt the damaged search index of %s", journal.path)
                self.damage_told = False
                window.ctx.status_message.emit(
                    "The search index was damaged; it was rebuilt from your records and nothing was lost."
                )
                return
        log.warning("%s is damaged: %s", journal.path, problem)
        path = journal.path
        folders = recovery.backup_folders(path, self.settings, self._key(path, backups.FOLDER_KEY))
        details = "\n".join(f"• {line}" for line in report.lines()[:5])
        problem = f"“{path.name}” is damaged: SQLite cannot read parts of it.\n{details}".rstrip()
        if not find_backups(path, folders):
            QMessageBox.warning(
                window, "The journal is damaged", f"{problem}\n\nThere is no backup of it to restore."
            )
            return
        chosen = RestoreDialog.ask(
            window,
            path,
            folders,
            f"{problem}\n\nYou can go back to a backup. The newest one that passes its check is selected; "
            "the damaged file will be kept aside, not deleted.",
            self.clock.local_tz(),
        )
        if chosen is not None:
            self._restore(chosen)

    def restore_from_backup(self) -> bool:
        """File → Restore from backup…: choose one; the current file is kept aside and the backup opened."""
        window, journal = self.window, self.journal
        if window is None or journal is None:
            return False
        path = journal.path
        folders = recovery.backup_folders(path, self.settings, self._key(path, backups.FOLDER_KEY))
        chosen = RestoreDialog.ask(
            window,
            path,
            folders,
            "Choose the backup to go back to. Changes made since it was taken will "
            "be only in the file kept aside.",
            self.clock.local_tz(),
        )
        if chosen is None:
            return False
        return self._restore(chosen)

    def _restore(self, chosen: Path) -> bool:
        window, journal = self.window, self.journal
        if window is None or journal is None:
            return False
        path = journal.path
        app = QApplication.instance()
        quit_on_close = isinstance(app, QApplication) and app.quitOnLastWindowClosed()
        if isinstance(app, QApplication):
            app.setQuitOnLastWindowClosed(False)  # the window closes before the restored one opens
        try:
            window.backups.automatic = False  # the current file is kept aside
            window.close()
            window.ctx.detach()
            journal.close()
            self.window = self.journal = None
            try:
                aside = backup.restore(path, chosen, now=journal.clock.now())
            except JournalError as e:
                QMessageBox.warning(window, "Sales Journal could not restore the backup", str(e))
            else:
                log.info("restored %s from %s; the previous file is kept as %s", path, chosen, aside)
            opened = self.open(path)
            self.damage_told = not opened
            if self.window is not None:
                self.window.setGeometry(window.geometry())
                if opened:
                    self.window.ctx.status_message.emit(f"Restored the backup {chosen.name}.")
            window.deleteLater()
            return opened
        finally:
            if isinstance(app, QApplication):
                app.setQuitOnLastWindowClosed(quit_on_close)

    def close(self) -> None:
        if self.window is not None:
            for job in self.window.findChildren(QThread):  # a thread must not outlive its window
                if shiboken6.isValid(job) and job.isRunning():
                    job.wait()
            self.window.ctx.detach()
        if self.journal is not None:
            self.journal.close()
            log.info("closed %s", self.journal.path)
        if self.server is not None:
            self.server.close()
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    def _install(self, window: MainWindow) -> None:
        first = window.file_menu.actions()[0]  # the File menu always has Quit
        new = window.action(
            "New &journal…",
            lambda: self._choose(window, new=True),
            name="new_journal",
            tip="Start a new, empty journal in a file you choose",
        )
        opener = window.action(
            "&Open journal…",
            lambda: self._choose(window, new=False),
            shortcut=QKeySequence.StandardKey.Open,
            name="open_journal",
            tip="Open another journal file",
        )
        if opener.shortcut().isEmpty():
            opener.setShortcut(QKeySequence("Ctrl+O"))
        mine = window.action(
            "Open &my journal",
            lambda: self.open(self.home),
            shortcut="Ctrl+Shift+O",
            name="open_home_journal",
            tip=f"Go back to {self.home}",
        )
        away = window.ctx.journal.path != self.home
        mine.setVisible(away)
        mine.setEnabled(away)
        if window.ctx.journal.path == sample_journal_path():
            _show_sample_banner(window, mine if away else None)
        restore = window.action(
            "&Restore from backup…",
            self.restore_from_backup,
            name="restore_from_backup",
            writes=True,
            tip="Go back to one of this journal's backups; the current file is kept aside",
        )
        importer = window.action(
            "&Import a JSON export…",
            lambda: exports.import_into_new_journal(window, self.open),
            name="import_json",
            tip="Make a new journal from a JSON export (moving to a new computer) and open it",
        )
        window.file_menu.insertActions(first, [new, opener, importer, mine])
        window.file_menu.insertSeparator(first)
        actions = window.file_menu.actions()
        backed = [i for i, a in enumerate(actions) if a.objectName() == "back_up_now"]
        after = actions[backed[0] + 1] if backed else window.quit_action
        window.file_menu.insertAction(after, restore)  # beside Back up now
        sample = window.action(
            "Open the &sample journal",
            self.open_sample,
            name="open_sample_journal",
            tip="A separate journal of made-up customers, to try things out safely",
        )
        window.help_menu.insertAction(window.help_menu.actions()[0], sample)
        window.when_built("customers", self._offer_sample)

    def _offer_sample(self, page: QWidget) -> None:
        first_run = page.findChild(QPushButton, "openSampleJournal")
        if first_run is not None:
            first_run.clicked.connect(self.open_sample)

    def open_sample(self) -> bool:
        path = sample_journal_path()
        try:
            ensure_sample_journal(path)
        except JournalError as e:
            QMessageBox.warning(self.window, "Sales Journal cannot make the sample journal", str(e))
            return False
        return self.open(path)

    def _choose(self, window: MainWindow, *, new: bool) -> None:
        folder = str(window.ctx.journal.path.parent)
        if new:
            name, _ = QFileDialog.getSaveFileName(window, "New journal", folder, JOURNAL_FILTER)
            if name and Path(name).exists():
                QMessageBox.information(
                    window, "New journal", f"“{name}” already exists; use Open journal… to open it."
                )
                return
        else:
            name, _ = QFileDialog.getOpenFileName(window, "Open journal", folder, JOURNAL_FILTER)
        if name:
            self.open(Path(name))


def _show_sample_banner(window: MainWindow, mine: QAction | None) -> None:
    """A banner over the pages while the sample is open, so no real note goes into it by mistake."""
    banner = QToolBar("Sample journal", window)
    banner.setObjectName("sampleBanner")
    banner.setAccessibleName("You are looking at the sample journal")
    banner.setMovable(False)
    label = QLabel(
        "You are looking at the <b>sample journal</b>: made-up customers to try things out. "
        "Your own notes belong in your journal.",
        banner,
    )
    label.setObjectName("sampleMessage")
    label.setAccessibleName("This is the sample journal")
    label.setToolTip(label.text())
    # On a narrow window the words are cut short, not the way back (a toolbar hides what does not fit).
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    banner.addWidget(label)
    if mine is not None:
        spacer = QWidget(banner)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        banner.addWidget(spacer)
        keys = mine.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        back = QPushButton("Open my journal", banner)
        back.setObjectName("openMyJournalButton")
        back.setAccessibleName("Open my journal")
        back.setToolTip(f"Leave the sample and go back to your own journal ({keys})")
        back.clicked.connect(mine.trigger)
        banner.addWidget(back)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, banner)


def _show_read_only(window: MainWindow, why: str) -> None:
    """A banner over the pages: this journal can be read, searched and exported, not changed; the
    actions that would change it are disabled."""
    window.make_read_only(why)
    banner = QToolBar("Read-only journal", window)
    banner.setObjectName("readOnlyBanner")
    banner.setAccessibleName("This journal is read-only")
    banner.setMovable(False)
    label = QLabel(
        f"This journal is read-only ({why}): you can read, search and export it, but not change it.", banner
    )
    label.setObjectName("readOnlyMessage")
    label.setAccessibleName("Why this journal is read-only")
    banner.addWidget(label)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, banner)


class SignalStop(QObject):
    """SIGTERM and SIGINT end the app cleanly at any point of its life — while it opens the journal, while
    a dialog at start-up waits for the rep, or once the window is up: windows and dialogs are closed, the
    event loop (if it runs yet) quits, and `run_gui` closes the journal and releases its lock. A second
    signal ends the process at once.

    Python runs a signal handler only between its own bytecodes, so a timer gives it a turn while Qt waits.
    """

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.app = app
        self.requested = False
        self.closing = False
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, self._received)
        self.timer = QTimer(self)
        self.timer.timeout.connect(self._tick)
        self.timer.start(100)

    def _received(self, signum: int, _frame: object) -> None:
        signal.signal(signum, signal.SIG_DFL)  # a second one is not asked politely
        if not self.requested:
            log.info("asked to quit by signal %d", signum)
        self.requested = True
        # Not from here: the handler runs between any two bytecodes, perhaps in the middle of a paint, and
        # closing a window while it paints crashes Qt. The event loop closes them at its next turn.
        QTimer.singleShot(0, self._tick)

    def _tick(self) -> None:
        """Close whatever is open — again on every tick, so a dialog start-up shows after the signal
        closes too — and quit once nothing is left. A window still closing (waiting for its backup to
        finish, in an event loop of its own) is left to finish first."""
        if not self.requested or self.closing:
            return
        self.closing = True
        try:
            self.app.closeAllWindows()
        finally:
            self.closing = False
        if not any(w.isVisible() for w in self.app.topLevelWidgets()):
            self.app.quit()


ENV_OPEN = "SALES_JOURNAL_OPEN"  # what to show first: a page (today, customers…), brief or log
PAGES = ("today", "customers", "reflections", "insights")
OPENINGS = (*PAGES, "brief", "log", "search")


def show_opening(window: MainWindow, what: str) -> None:
    """Start on a given page, or with the brief or the log form of the customer shown (for demonstrations
    and screenshots: --open, or SALES_JOURNAL_OPEN)."""
    if what in PAGES:
        window.show_page(what)
        return
    if what.startswith("search"):  # "search:cash flow" opens the palette with those words typed
        palette = search_palette.palette(window)
        palette.open()
        palette.edit.setText(what.partition(":")[2])
        return
    window.show_page("customers")
    cid = window.ctx.current_customer_id
    if cid is None:
        return
    if what == "brief":
        window.ctx.brief_requested.emit(cid, None)
    elif what == "log":
        QTimer.singleShot(0, lambda: window.ctx.log_requested.emit(cid, None))


def run_gui(journal_path: Path | None = None, *, appearance: str = "", opening: str = "") -> int:
    log_path = setup_logging()
    app = make_application()
    app.setDesktopFileName(desktop.APP_ID)
    stop = SignalStop(app)
    CrashHandler(log_path).install()
    path = paths.resolve_journal_path(journal_path)
    log.info("opening %s", path)
    settings = settings_file.open_settings()
    theme.theme(app).set_preference(appearance or theme.saved_preference(settings))
    session = Session(settings, path)
    session.automatic_backups = True
    forms.damage_handler = session.damage_found
    try:
        opened = session.open(path)
        if stop.requested:  # during start-up: the window (if any) closes as it would in the event loop
            stop.app.closeAllWindows()
            return 0
        if not opened:
            return 0 if session.handed_off else 1
        opening = opening or os.environ.get(ENV_OPEN, "").strip().lower()
        if session.window is not None and opening.partition(":")[0] in OPENINGS:
            show_opening(session.window, opening)
        return app.exec()
    finally:
        session.close()
