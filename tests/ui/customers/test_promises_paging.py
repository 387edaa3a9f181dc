"""The Promises tab of a long-standing customer: every open promise, and the kept and released ones a
page at a time (newest first), so opening it — or reading it again after a change — reads one page."""

from __future__ import annotations

from datetime import timedelta

from journal.services import customers, promises
from ui.customers.page import CustomersPage
from ui.customers.tabs import PROMISES_PAGE

KEPT = PROMISES_PAGE * 2 + 10


def test_kept_promises_are_read_a_page_at_a_time(qtbot, ctx) -> None:
    j = ctx.journal
    cid = customers.create_customer(j, name="Northwind Traders").created_id("customer")
    today = j.clock.today()
    for n in range(KEPT):
        pid = promises.add_promise(j, cid, text=f"Kept {n}", due_on=today - timedelta(days=n)).created_id(
            "promise"
        )
        promises.mark_kept(j, pid)
    late = promises.add_promise(j, cid, text="Send the contract", due_on=today - timedelta(days=2))
    page = CustomersPage(ctx)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    qtbot.waitExposed(page)
    page.select_customer(cid)
    page.workspace.show_tab(3)
    tab = page.workspace.tab_list[3]
    assert tab.promises_read == 1 + PROMISES_PAGE, "the open one and a page of kept ones"
    kept = tab._closed
    assert kept.text(0) == f"Kept and released · {KEPT:,}"
    assert kept.children[-1].text(0) == f"Show older… ({KEPT - PROMISES_PAGE:,} more)"
    assert tab.select("promise", late.created_id("promise"))

    tab.tree.scrollToBottom()  # the view asks for the next page as it reaches the end
    qtbot.waitUntil(lambda: tab.promises_read == 1 + 2 * PROMISES_PAGE)
    assert sum(1 for n in kept.children if n.key) >= 2 * PROMISES_PAGE

    tab.tree.scrollToTop()
    read, shown = tab.promises_read, len(tab._promises)
    promises.mark_kept(j, late.created_id("promise"))  # a change: the tab is read again, as far as shown
    assert tab.promises_read - read <= shown < KEPT
    assert tab._closed.text(0) == f"Kept and released · {KEPT + 1:,}"
