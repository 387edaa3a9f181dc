"""The brief's place in the main window: Ctrl+B, Save brief as PDF…, Print brief…, the Brief button and
next-meeting line on the customer's header. The brief window and its modules (the brief, its renderers,
printing) load the first time a brief is opened."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QWidget

from ui.main_window import MainWindow


def install(window: MainWindow) -> None:
    ctx = window.ctx

    def make() -> object:
        from ui.brief.window import BriefWindow

        return BriefWindow(ctx, window)

    window.provide("brief_window", make)

    def todays(cid: int) -> int | None:
        from ui.brief.window import todays_meeting

        return todays_meeting(ctx, cid)

    def current() -> int | None:
        cid = ctx.current_customer_id
        if cid is None:
            ctx.status_message.emit("Choose a customer first.")
        return cid

    def open_for(cid: int | None) -> None:
        if cid is not None:
            window.brief_window.show_brief(cid, todays(cid))

    def open_requested(customer_id: int, meeting_id: object) -> None:
        window.brief_window.show_brief(customer_id, meeting_id if isinstance(meeting_id, int) else None)

    def print_current() -> None:
        cid = current()
        if cid is not None and window.brief_window.show_brief(cid, todays(cid)):
            window.brief_window.print_brief()

    def pdf_current() -> None:
        cid = current()
        if cid is not None and window.brief_window.show_brief(cid, todays(cid)):
            window.brief_window.save_pdf()

    def save_state() -> None:
        if window.made("brief_window"):
            window.brief_window.save_state()

    window.action(
        "&Brief",
        lambda: open_for(current()),
        shortcut="Ctrl+B",
        menu=window.view_menu,
        name="open_brief",
        tip="Read the brief for the selected customer (for today's meeting with them, if one is planned)",
    )
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

    def on_customer_page(page: QWidget) -> None:
        from ui.brief.customer_page import install_on_customer_page

        install_on_customer_page(page, ctx, open_for)

    window.when_built("customers", on_customer_page)
