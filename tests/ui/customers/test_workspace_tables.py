"""The workspace tabs at a laptop's size: the customer's own words are readable in full, each tab says how
many items it holds, and no column runs into the next."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from journal.services import contacts, customers, interactions, needs, promises
from ui.customers.page import CustomersPage
from ui.shell.navigation import NavigationRail

LAPTOP = (1366, 768)
QUOTE = (
    "We lose two days every month reconciling the warehouse counts by hand, and the auditors have started "
    "asking why the numbers never match the invoices we send out at the end of the quarter"
)


def _page(qtbot, ctx):
    cid = customers.create_customer(ctx.journal, name="Acme Ltd").created_id("customer")
    page = CustomersPage(ctx)
    qtbot.addWidget(page)
    page.resize(LAPTOP[0] - NavigationRail().width(), LAPTOP[1] - 60)
    page.show()
    qtbot.waitExposed(page)
    page.workspace.show_customer(cid)
    return page, cid


def _tab_index(ws, name: str) -> int:
    return next(n for n, tab in enumerate(ws.tab_list) if tab.objectName() == f"{name}Tab")


def test_a_long_quote_is_readable_in_full_in_the_detail_pane_and_the_tooltip(qtbot, ctx) -> None:
    page, cid = _page(qtbot, ctx)
    ws = page.workspace
    dan = contacts.add_contact(ctx.journal, cid, name="Daniel Kowalski").created_id("contact")
    needs.add_need(ctx.journal, cid, text="Stock counts that match", quote=QUOTE, contact_id=dan)
    index = _tab_index(ws, "needs")
    ws.show_tab(index)
    tab = ws.tab_list[index]
    qtbot.waitUntil(lambda: tab.selected() is not None)
    node = tab.tree.currentItem()
    cell = tab.model.index_of(node, 0)
    assert QUOTE in cell.data(Qt.ItemDataRole.ToolTipRole)
    assert QUOTE in " ".join(tab.detail.toPlainText().split())
    assert tab.detail.isVisible()


def test_tab_titles_carry_counts_that_follow_changes(qtbot, ctx) -> None:
    page, cid = _page(qtbot, ctx)
    ws = page.workspace
    index = _tab_index(ws, "needs")
    assert ws.tabs.tabText(index) == "Needs"
    assert "Needs & pain points" in ws.tabs.tabToolTip(index)
    first = needs.add_need(ctx.journal, cid, text="Faster month end").created_id("need")
    needs.add_need(ctx.journal, cid, text="One price list")
    qtbot.waitUntil(lambda: ws.tabs.tabText(index) == "Needs · 2")
    # Open needs are counted: one resolved leaves one.
    needs.set_need_status(ctx.journal, first, "resolved")
    qtbot.waitUntil(lambda: ws.tabs.tabText(index) == "Needs · 1")


def test_columns_never_overlap_at_1366(qtbot, ctx) -> None:
    page, cid = _page(qtbot, ctx)
    ws = page.workspace
    dan = contacts.add_contact(ctx.journal, cid, name="Daniel Kowalski").created_id("contact")
    needs.add_need(
        ctx.journal, cid, text="Stock counts that match", quote=QUOTE, importance=3, contact_id=dan
    )
    people = [dan] + [
        contacts.add_contact(
            ctx.journal, cid, name=name, role="Head of Procurement and Logistics"
        ).created_id("contact")
        for name in ("Alexandra Montgomery-Smythe", "Bartholomew Okonkwo-Reyes", "Wilhelmina Vandersloot")
    ]
    interactions.add_interaction(ctx.journal, cid, attendees=people, notes=QUOTE)
    assert ws.tabs.tabText(_tab_index(ws, "timeline")) == "Timeline · 1"
    promises.add_promise(ctx.journal, cid, text=QUOTE, due_on=ctx.journal.clock.today(), contact_id=dan)
    for n, tab in enumerate(ws.tab_list):
        ws.show_tab(n)
        QApplication.processEvents()
        header = tab.tree.header()
        widths = [header.sectionSize(c) for c in range(header.count())]
        assert sum(widths) <= tab.tree.viewport().width(), (tab.objectName(), widths)
        assert not tab.tree.horizontalScrollBar().isVisible(), tab.objectName()
        # The item's own words keep a fair share; a longer cell elsewhere is elided, in full in its tooltip.
        assert widths[tab.wide_column] >= tab.tree.viewport().width() * 0.4, (tab.objectName(), widths)
        for c in range(header.count()):
            want = tab.tree.sizeHintForColumn(c)
            if c != tab.wide_column and header.sectionSize(c) < want:
                node = next(n for n in tab._items() if n.key and n.text(c))
                assert node.text(c) == tab.model.index_of(node, c).data(Qt.ItemDataRole.ToolTipRole)


def test_a_rapport_fact_is_shown_in_full_in_the_detail_pane(qtbot, ctx) -> None:
    page, cid = _page(qtbot, ctx)
    ws = page.workspace
    dan = contacts.add_contact(ctx.journal, cid, name="Daniel Kowalski").created_id("contact")
    fact = contacts.add_rapport_fact(
        ctx.journal, dan, category="family", text=QUOTE, hook="Ask how the audit went"
    ).created_id("rapport")
    index = _tab_index(ws, "people")
    ws.show_tab(index)
    tab = ws.tab_list[index]
    assert tab.select("rapport", fact)
    shown = " ".join(tab.detail.toPlainText().split())
    assert tab.detail.isVisible()
    assert QUOTE in shown and "Ask how the audit went" in shown and "Daniel Kowalski" in shown
    assert ws.tabs.tabText(index) == "People · 1"
