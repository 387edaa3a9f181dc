"""After the meeting: Log meeting (Ctrl+L) wherever it is asked for."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from journal.domain.errors import NotFound
from journal.reads import queries
from ui.shell.main_window import MainWindow


def install(window: MainWindow) -> None:
    ctx = window.ctx

    def log(customer_id: object, meeting_id: object) -> None:
        """ctx.log_requested(customer id | None, planned meeting id | None). A planned meeting is completed
        by the log (it becomes the logged meeting); its customer is the meeting's own. With neither, the
        current customer; with no current customer the form asks which one (or which planned meeting)."""
        meeting = None
        if isinstance(meeting_id, int):
            try:
                meeting = queries.interaction(ctx.journal, meeting_id)
            except NotFound:
                ctx.status_message.emit("That meeting is no longer in the journal.")
                return
            if meeting.state != "planned":  # logged already (or cancelled): show it, never log it twice
                done = "was cancelled" if meeting.state == "cancelled" else "is logged already"
                ctx.status_message.emit(f"That meeting {done}: here it is.")
                ctx.item_requested.emit("interaction", meeting.id)
                return
        if meeting is not None:
            cid: int | None = meeting.customer_id
        else:
            cid = customer_id if isinstance(customer_id, int) else ctx.current_customer_id
        # Over whichever of our windows asked (the brief may be kept on top of the main window).
        active = QApplication.activeWindow()
        parent = active if active is not None and active.isVisible() else window
        from ui.meeting_log.dialog import MeetingLogDialog  # imported when first asked for

        MeetingLogDialog.ask(ctx, cid, meeting.id if meeting is not None else None, parent)

    ctx.log_requested.connect(log)
    window.action(
        "&Log meeting…",
        lambda: ctx.log_requested.emit(None, None),
        shortcut="Ctrl+L",
        menu=window.edit_menu,
        name="log_meeting",
        writes=True,
        tip="Log a call or meeting while it is fresh: notes, needs, promises, next step",
    )
