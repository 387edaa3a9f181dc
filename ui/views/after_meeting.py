"""After the meeting: Log meeting (Ctrl+L) wherever it is asked for, and the Reflections page (Ctrl+3)."""

from __future__ import annotations

from ui.dialogs.meeting_log import MeetingLogDialog
from ui.main_window import MainWindow
from ui.views.reflections import ReflectionsPage


def install(window: MainWindow) -> None:
    ctx = window.ctx

    def log(customer_id: object, meeting_id: object) -> None:
        """ctx.log_requested(customer id | None, planned meeting id | None): None means the current
        customer, and with no current customer the form asks which one."""
        cid = customer_id if isinstance(customer_id, int) else ctx.current_customer_id
        MeetingLogDialog.ask(ctx, cid, meeting_id if isinstance(meeting_id, int) else None, window)

    ctx.log_requested.connect(log)
    window.action(
        "&Log meeting…",
        lambda: ctx.log_requested.emit(None, None),
        shortcut="Ctrl+L",
        menu=window.edit_menu,
        name="log_meeting",
        tip="Log a call or meeting while it is fresh: notes, needs, promises, next step",
    )
    page = ReflectionsPage(ctx, window)
    window.add_page("reflections", page, "&Reflections", "Ctrl+3")
