"""Reminders while the app runs: a tray icon with the overdue count, and a desktop notification when a
promise of mine falls due or a planned meeting is 15 minutes away (unless turned off in Preferences).

What to show and when to look again is decided by `journal.reminders.plan`; this module only carries it
out with a timer. Where there is no system tray (GNOME, and offscreen), reminders are desktop notifications
(ui/today/notify.py: D-Bus, else notify-send) and are also shown in the status bar.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QObject, QRect, Qt, QTimer
from PySide6.QtGui import QAction, QColor, QFont, QIcon, QPainter
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from journal.domain.aspects import Aspect
from journal.reads import reminders
from journal.reads.reminders import Reminder
from journal.services import settings
from ui.shell.context import ChangeWatch
from ui.shell.icons import app_icon
from ui.shell.main_window import MainWindow
from ui.today import notify as notifications

MAX_WAIT_MS = 10 * 60 * 1000  # look again at least this often (sleep, clock changes)
FIRST_CHECK_MS = 1500
ASPECTS = frozenset({Aspect.PROMISES, Aspect.MEETINGS, Aspect.CUSTOMERS, Aspect.SETTINGS})


def tray_available() -> bool:
    return QSystemTrayIcon.isSystemTrayAvailable()


def badge_icon(count: int) -> QIcon:
    """The app icon with the overdue count in a red badge."""
    pixmap = app_icon().pixmap(64, 64)
    if count:
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#b3261e"))
        painter.drawEllipse(QRect(28, 0, 36, 36))
        font = QFont()
        font.setBold(True)
        font.setPixelSize(22 if count < 10 else 16)
        painter.setFont(font)
        painter.setPen(QColor("white"))
        painter.drawText(
            QRect(28, 0, 36, 36), Qt.AlignmentFlag.AlignCenter, str(count) if count < 100 else "99+"
        )
        painter.end()
    return QIcon(pixmap)


class Reminders(QObject):
    def __init__(self, window: MainWindow, today_page: QObject | None = None) -> None:
        super().__init__(window)
        self.setObjectName("reminders")
        self.window = window
        self.ctx = window.ctx
        self.today_page = today_page
        self.shown: set[str] = self._load_shown()
        self.notified: list[Reminder] = []  # every reminder given this session, newest last
        self.last: Reminder | None = None
        self.overdue = 0
        self.next_wake: datetime | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.check)
        self.tray: QSystemTrayIcon | None = None
        self._channel: notifications.Channel | None = None
        self.channels: list[str] = []  # where each notification went, newest last
        if tray_available():
            self.tray = QSystemTrayIcon(badge_icon(0), window)
            self.tray.setObjectName("trayIcon")
            menu = QMenu(window)
            show = QAction("Open Today", menu)
            show.triggered.connect(self.show_today)
            menu.addAction(show)
            menu.addSeparator()
            menu.addAction(window.quit_action)
            self.tray.setContextMenu(menu)
            self.tray.activated.connect(self._activated)
            self.tray.messageClicked.connect(self.open_last)
            self.tray.show()
        # Promises falling due, meetings coming up (of customers not archived), the setting that turns
        # notifications off: a write to any of them is looked at at once (the tray has no page to show).
        self.watch = ChangeWatch(self.ctx, None, ASPECTS, lambda _: self.check(), parent=self)
        # Once the window is up and has drawn Today: the tray count can come a moment later than the page.
        QTimer.singleShot(FIRST_CHECK_MS, self.check)

    def _load_shown(self) -> set[str]:
        """Reminders already given today, so restarting the app does not repeat them."""
        saved = str(self.ctx.settings.value(self.ctx.journal_key("reminders_shown"), "") or "")
        day, _, keys = saved.partition("|")
        return set(keys.split("|")) if keys and day == self.ctx.journal.clock.today().isoformat() else set()

    def _save_shown(self) -> None:
        today = self.ctx.journal.clock.today().isoformat()
        value = "|".join([today, *sorted(self.shown)])
        self.ctx.settings.setValue(self.ctx.journal_key("reminders_shown"), value)

    def check(self) -> None:
        """Show what is due now, update the tray, and set the timer for the next moment that matters."""
        j = self.ctx.journal
        if not j.is_open:  # a timer outliving its journal (the app quitting, another journal opened)
            return
        now = j.clock.now()
        due_promises, meetings = reminders.upcoming(j, now)
        plan = reminders.plan(
            now,
            j.clock.local_tz(),
            due_promises,
            meetings,
            self.shown,
            enabled=bool(settings.get(j, "notifications")),
        )
        if plan.show:
            self.notify(*plan.show)
        self.overdue = reminders.overdue_count(j)
        if self.tray is not None:
            self.tray.setIcon(badge_icon(self.overdue))
            late = f"{self.overdue} promise{'s' if self.overdue != 1 else ''} of mine overdue"
            self.tray.setToolTip(f"Sales Journal — {late if self.overdue else 'nothing overdue'}")
        self.next_wake = plan.next_wake
        wait = int((plan.next_wake - now).total_seconds() * 1000) + 500
        self.timer.start(max(1000, min(wait, MAX_WAIT_MS)))

    def notify(self, *due: Reminder) -> None:
        """One notification for what fell due together (a bubble per promise would bury the first)."""
        for reminder in due:
            self.shown.add(reminder.key)
            self.notified.append(reminder)
        self._save_shown()
        self.last = due[0]
        if len(due) == 1:
            title, body = due[0].title, due[0].body
        else:
            promises_only = all(r.kind == "promise" for r in due)
            title = f"{len(due)} promises of yours due today" if promises_only else f"{len(due)} reminders"
            more = f"; and {len(due) - 3} more" if len(due) > 3 else ""
            body = "; ".join(r.title.removeprefix("Due today: ") for r in due[:3]) + more
        channel = "tray" if self.tray is not None and QSystemTrayIcon.supportsMessages() else self.channel()
        self.channels.append(channel)
        if channel == "tray" and self.tray is not None:
            self.tray.showMessage(title, body, QSystemTrayIcon.MessageIcon.Information, 15000)
            return
        sent = (channel == "dbus" and notifications.send_dbus(title, body)) or (
            channel == "notify-send" and notifications.send_notify_send(title, body)
        )
        self.ctx.status_message.emit(f"{title} — {body}")  # also in the window, when one looks at it
        if not sent and channel != "status":
            self.channels[-1] = "status"

    def channel(self) -> notifications.Channel:
        """Where reminders go without a tray (looked up once: the desktop does not change under us)."""
        if self._channel is None:
            self._channel = notifications.current_channel()
        return self._channel

    def open_last(self) -> None:
        """A click on the notification: the meeting's brief, or the promise or next step on Today."""
        reminder = self.last
        if reminder is None:
            return
        self.show_today()
        if reminder.kind == "meeting":
            self.ctx.brief_requested.emit(reminder.customer_id, reminder.item_id)
            return
        select = getattr(self.today_page, "select", None)
        if select is None or not select(reminder.kind, reminder.item_id):
            self.ctx.customer_requested.emit(reminder.customer_id)

    def show_today(self) -> None:
        self.window.showNormal()
        self.window.raise_()
        self.window.activateWindow()
        self.window.show_page("today")

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (QSystemTrayIcon.ActivationReason.Trigger, QSystemTrayIcon.ActivationReason.DoubleClick):
            self.show_today()


def install(window: MainWindow, today_page: QObject | None = None) -> Reminders:
    """Reminders for the window; a reminder clicked selects its row on the Today page, when there is one."""
    if today_page is None:
        try:
            today_page = window.page("today")
        except KeyError:
            today_page = None
    return Reminders(window, today_page)
