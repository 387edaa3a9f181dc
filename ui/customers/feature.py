"""The Customers feature in the window: its page (made, and its modules imported, when first shown), the
customer actions of the File and Edit menus, and the requests to open a customer or an item."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QWidget

from journal.domain.errors import JournalError
from journal.reads import queries
from journal.services import customers
from ui.shell.context import AppContext
from ui.shell.main_window import MainWindow
from ui.widgets import forms
from ui.widgets.forms import attempt

if TYPE_CHECKING:
    from ui.customers.page import CustomersPage


def _page_class() -> type[CustomersPage]:
    from ui.customers.page import CustomersPage

    return CustomersPage


def install(window: MainWindow) -> None:
    ctx = window.ctx
    j = ctx.journal
    window.add_page(
        "customers",
        lambda: _page_class()(ctx, window),
        "&Customers",
        "Ctrl+2",
        "customers",
        count=lambda: queries.customer_count(j),
    )

    def page() -> CustomersPage:  # made the first time it is needed
        made = window.page("customers")
        assert isinstance(made, _page_class())
        return made

    def need_customer() -> int | None:
        cid = ctx.current_customer_id
        if cid is None:
            ctx.status_message.emit("Choose a customer first.")
        return cid

    def new_customer() -> None:
        window.show_page("customers")
        from ui.customers.customer_dialog import CustomerDialog

        CustomerDialog.ask(ctx, None, window)

    def edit_customer(cid: int | None) -> None:
        if cid is not None:
            from ui.customers.customer_dialog import CustomerDialog

            CustomerDialog.ask(ctx, cid, window)

    def change_stage(cid: int | None) -> None:
        if cid is not None:
            from ui.widgets.small_dialogs import StageDialog

            StageDialog(ctx, cid, window).exec()

    def plan_meeting() -> None:
        cid = need_customer()
        if cid is not None:
            from ui.customers.item_dialogs import PlanMeetingDialog

            changes = PlanMeetingDialog.ask(ctx, cid, None, window)
            if changes:  # show it in the Timeline (not its editor again: it was just written)
                window.show_page("customers")
                page().workspace.show_item("interaction", changes.created_id("interaction"), edit=False)
                ctx.status_message.emit(
                    "Meeting planned. Its brief: Brief in the Timeline, or Ctrl+B on the day."
                )

    def archive() -> None:
        cid = need_customer()
        if cid is None:
            return
        ref = queries.customer_ref(j, cid)
        if ref.archived:
            attempt(window, lambda: customers.restore_customer(j, cid))
            ctx.status_message.emit(f"Restored {ref.name}.")
        elif forms.confirm(
            window,
            "Archive this customer?",
            f"Archive “{ref.name}”? They leave the list and reminders; everything about them is kept, "
            "and you can restore them from the archived list.",
            "Archive",
        ):
            attempt(window, lambda: customers.archive_customer(j, cid))
            ctx.status_message.emit(f"Archived {ref.name}. Tick “Archived” to see and restore them.")

    def merge(cid: int | None) -> None:
        if cid is None:
            return
        from ui.customers.merge_dialog import MergeCustomerDialog

        changes = MergeCustomerDialog.ask(ctx, cid, window)
        if changes:
            kept = next(i for i in changes.ids("customer", "updated"))
            window.show_page("customers")
            page().select_customer(kept)
            ctx.status_message.emit(f"{changes.label}. Ctrl+Z takes it back.")

    def focus_filter() -> None:
        window.show_page("customers")
        page().filter.setFocus()
        page().filter.selectAll()

    def open_customer(cid: int) -> None:
        window.show_page("customers")
        page().select_customer(cid)
        page().table.setFocus()

    def open_item(kind: str, item_id: int) -> None:
        window.show_page("customers")
        try:
            cid = queries.item_customer(j, kind, item_id)
        except JournalError as e:
            ctx.status_message.emit(str(e))
            return
        page().select_customer(cid)
        page().workspace.show_item(kind, item_id)

    first = window.file_menu.actions()[0]  # the File menu always has Quit
    new_act = window.action(
        "&New customer…",
        new_customer,
        shortcut=QKeySequence.StandardKey.New,
        name="new_customer",
        writes=True,
    )
    if new_act.shortcut().isEmpty():
        new_act.setShortcut(QKeySequence("Ctrl+N"))
    window.file_menu.insertAction(first, new_act)
    window.file_menu.insertSeparator(first)
    window.action(
        "&Edit customer…",
        lambda: edit_customer(need_customer()),
        shortcut="Ctrl+E",
        menu=window.edit_menu,
        name="edit_customer",
        writes=True,
    )
    window.action(
        "Change &stage…",
        lambda: change_stage(need_customer()),
        shortcut="Ctrl+Shift+E",
        menu=window.edit_menu,
        name="change_stage",
        writes=True,
    )
    window.action(
        "&Plan a meeting…",
        plan_meeting,
        shortcut="Ctrl+Shift+M",
        menu=window.edit_menu,
        name="plan_meeting",
        writes=True,
    )
    window.action(
        "&Archive or restore customer",
        archive,
        shortcut="Ctrl+Del",
        menu=window.edit_menu,
        name="archive_customer",
        writes=True,
        tip="Archive the customer (kept, hidden from lists), or restore an archived one",
    )
    window.action(
        "&Merge customer into…",
        lambda: merge(need_customer()),
        shortcut="Ctrl+Shift+G",
        menu=window.edit_menu,
        name="merge_customer",
        writes=True,
        tip="Merge this customer, typed in twice, into the one to keep: everything about it moves there",
    )
    window.edit_menu.addSeparator()
    window.action(
        "&Find customer", focus_filter, shortcut="Ctrl+F", menu=window.edit_menu, name="find_customer"
    )

    ctx.customer_requested.connect(open_customer)
    ctx.item_requested.connect(open_item)
    window.when_built(
        "customers", lambda made: _fit_out(made, ctx, new_customer, edit_customer, change_stage, merge)
    )

    def save_state() -> None:
        if window.is_built("customers"):
            page().save_state()

    window.state_savers.append(save_state)


def _fit_out(
    page: QWidget,
    ctx: AppContext,
    new_customer: Callable[[], None],
    edit_customer: Callable[[int | None], None],
    change_stage: Callable[[int | None], None],
    merge: Callable[[int | None], None],
) -> None:
    """The page's own buttons, once it is made."""
    assert isinstance(page, _page_class())
    # The header's buttons act on the customer the header shows.
    header = page.workspace.header
    header.add_button(
        "&Edit…",
        "Edit name, value, cadence, tags (Ctrl+E)",
        lambda: edit_customer(page.current_id()),
        "editCustomerButton",
    )
    header.add_button(
        "&Stage…", "Change stage (Ctrl+Shift+E)", lambda: change_stage(page.current_id()), "changeStageButton"
    )
    header.add_button(
        "Merge into…",
        "Merge this customer into another, with everything about it (Ctrl+Shift+G)",
        lambda: merge(page.current_id()),
        "mergeCustomerButton",
    )
    header.add_button(
        "&Log…",
        "Log a call or meeting (Ctrl+L)",
        lambda: ctx.log_requested.emit(page.current_id(), None),
        "logButton",
    )

    page.first_run.create_first.clicked.connect(new_customer)
    page.new_button.clicked.connect(new_customer)
