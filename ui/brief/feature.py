"""The brief in the window: View → Brief (Ctrl+B), print and PDF, the brief requested by other views, and
its button on the customer page. The brief window (and what it imports) is made the first time it is
asked for."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QWidget

from journal.reads import planned
from ui.shell.context import AppContext
from ui.shell.main_window import MainWindow

if TYPE_CHECKING:
    from ui.brief.window import BriefWindow


def todays_meeting(ctx: AppContext, customer_id: int) -> int | None:
    """The meeting with the customer a brief opened now is for, if any."""
    meeting = planned.for_brief(ctx.journal, customer_id)
    return meeting.id if meeting is not None else None


def install(window: MainWindow) -> None:
    ctx = window.ctx

    def make() -> BriefWindow:
        from ui.brief.window import BriefWindow

        made = BriefWindow(ctx, window)
        made.visibility_changed.connect(brief_act.setChecked)
        return made

    window.make_brief_window = make

    def current() -> int | None:
        cid = ctx.current_customer_id
        if cid is None:
            ctx.status_message.emit("Choose a customer first.")
        return cid

    def open_for(cid: int | None) -> None:
        if cid is not None:
            window.brief_window.show_brief(cid, todays_meeting(ctx, cid))

    def open_requested(customer_id: int, meeting_id: object) -> None:
        window.brief_window.show_brief(customer_id, meeting_id if isinstance(meeting_id, int) else None)

    def print_current() -> None:
        cid = current()
        if cid is not None and window.brief_window.show_brief(cid, todays_meeting(ctx, cid)):
            window.brief_window.print_brief()

    def pdf_current() -> None:
        cid = current()
        if cid is not None and window.brief_window.show_brief(cid, todays_meeting(ctx, cid)):
            window.brief_window.save_pdf()

    def toggle() -> None:
        """View → Brief: ticked while the brief window is open; choosing it again with the same customer
        closes it (with another customer selected, it shows theirs)."""
        brief_window = window.brief_window
        showing = brief_window.isVisible() and brief_window.customer_id == ctx.current_customer_id
        if showing:
            brief_window.close()
        else:
            open_for(current())
        brief_act.setChecked(brief_window.isVisible())

    def save_state() -> None:
        if window.has_brief_window:
            window.brief_window.save_state()

    brief_act = window.action(
        "&Brief",
        toggle,
        shortcut="Ctrl+B",
        menu=window.view_menu,
        name="open_brief",
        tip="Read the brief for the selected customer (for today's meeting with them, if one is planned)",
    )
    brief_act.setCheckable(True)
    pdf_act = window.action(
        "Save brief as &PDF…",
        pdf_current,
        name="save_brief_pdf",
        tip="Save the selected customer's brief as PDF",
    )
    print_act = window.action(
        "&Print brief…",
        print_current,
        shortcut=QKeySequence.StandardKey.Print,
        name="print_brief",
        tip="Print the selected customer's brief",
    )
    window.file_menu.insertActions(window.quit_action, [pdf_act, print_act])
    window.file_menu.insertSeparator(window.quit_action)
    ctx.brief_requested.connect(open_requested)
    window.state_savers.append(save_state)

    window.when_built("customers", lambda page: _on_customer_page(page, ctx, open_for))


def _on_customer_page(page: QWidget, ctx: AppContext, open_brief: Callable[[int | None], None]) -> None:
    from ui.brief.customer_page import install_on_customer_page  # with the page, when first shown

    install_on_customer_page(page, ctx, open_brief)
