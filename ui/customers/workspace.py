"""The customer workspace: a header (who, where they stand, how warm) and a tab for each kind of note.

Contract (used by the customers page, the brief, search and Today):
- `show_customer(customer_id | None)` shows that customer (None: nothing selected).
- `show_item(kind, item_id, edit=True)` opens the item's customer, switches to the tab holding it, selects
  it and (unless `edit` is False) opens its editor; it makes that customer the current one
  (`ctx.set_current_customer`).
- `customer_id()` is the customer shown.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from journal.domain import vocab
from journal.domain.aspects import Aspect
from journal.domain.dates import relative, short_date
from journal.domain.errors import NotFound
from journal.domain.money import format_minor
from journal.domain.records import CustomerDetail
from journal.reads import queries
from journal.reads.followthrough import follow_through
from journal.services import settings
from journal.storage.changes import Changes
from ui.customers.items_tab import ItemsTab
from ui.customers.tabs import NeedsTab, ObjectionsTab, PeopleTab, PromisesTab, QuestionsTab, TimelineTab
from ui.shell.context import AppContext, ChangeWatch
from ui.widgets.fields import ElidedLabel

TONES = {"overdue": "overdue", "slipping": "slipping", "due": "slipping", "good": "good"}

# What the header shows: the customer, their last contact, health and follow-through (meetings,
# promises, the cadence settings) and value (the currency setting).
HEADER_ASPECTS = frozenset({Aspect.CUSTOMERS, Aspect.MEETINGS, Aspect.PROMISES, Aspect.SETTINGS})


def _badge(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setProperty("role", "badge")
    return label


class CustomerHeader(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("customerHeader")
        self.name = ElidedLabel(self)
        self.name.setObjectName("customerName")
        self.name.setProperty("role", "heading")
        self.stage = _badge(self, "customerStage")
        self.health = _badge(self, "customerHealth")
        self.facts = QLabel(self)
        self.facts.setObjectName("customerFacts")
        self.facts.setProperty("role", "muted")
        self.facts.setWordWrap(True)
        self.record = QLabel(self)
        self.record.setObjectName("customerFollowThrough")
        self.record.setAccessibleName("Follow-through")
        self.record.setProperty("role", "muted")
        self.about = QLabel(self)
        self.about.setObjectName("customerAbout")
        self.about.setWordWrap(True)
        self.about.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QHBoxLayout()
        self.buttons.setSpacing(6)

        top = QHBoxLayout()
        top.addWidget(self.name, 1)
        top.addLayout(self.buttons)
        badges = QHBoxLayout()
        badges.addWidget(self.stage)
        badges.addWidget(self.health)
        badges.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addLayout(badges)
        layout.addWidget(self.facts)
        layout.addWidget(self.record)
        layout.addWidget(self.about)
        self._lines = layout

    def add_line(self, widget: QWidget) -> None:
        """A line of its own under the name and the badges."""
        self._lines.insertWidget(2, widget)

    def add_button(self, text: str, tip: str, slot: object, name: str) -> QPushButton:
        button = QPushButton(text.replace("&", ""), self)
        button.setObjectName(name)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        button.setToolTip(tip)
        button.clicked.connect(slot)
        self.buttons.addWidget(button)
        return button

    def show_detail(self, c: CustomerDetail) -> None:
        today = self.ctx.journal.clock.today()
        self.name.setText(c.name + ("  (archived)" if c.archived else ""))
        self.stage.setText(vocab.STAGE_LABELS[c.stage])
        self.health.setText(c.health.label)
        self.health.setProperty("tone", TONES.get(c.health.status, ""))
        self.health.style().unpolish(self.health)
        self.health.style().polish(self.health)
        facts = []
        if c.industry:
            facts.append(c.industry)
        if c.value_minor is not None:
            facts.append(f"{format_minor(c.value_minor, settings.get(self.ctx.journal, 'currency'))}")
        facts.append(
            f"last contact {relative(c.last_contact, today)}" if c.last_contact else "no contact yet"
        )
        if c.cadence_days:
            facts.append(f"keep in touch every {c.cadence_days} days")
        if c.revisit_on:
            facts.append(f"revisit {short_date(c.revisit_on, today)} ({relative(c.revisit_on, today)})")
        if c.tags:
            facts.append("tags: " + ", ".join(c.tags))
        self.facts.setText(" · ".join(facts))
        record = follow_through(self.ctx.journal, customer_id=c.id).customer_line()
        self.record.setText(record)
        self.record.setVisible(bool(record))
        about = c.about
        if c.stage in ("lost", "not_now") and c.revisit_reason:
            about = f"They said: “{c.revisit_reason}”" + (f"\n{about}" if about else "")
        self.about.setText(about)
        self.about.setVisible(bool(about))


class CustomerWorkspace(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("customerWorkspace")
        self.setAccessibleName("Customer")
        self._customer_id: int | None = None

        self.header = CustomerHeader(ctx, self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("workspaceTabs")
        self.tabs.setAccessibleName("Customer sections")
        self.tabs.setDocumentMode(True)
        self.tab_list: list[ItemsTab] = [
            PeopleTab(ctx, "people", "People & rapport"),
            NeedsTab(ctx, "needs", "Needs & pain points"),
            ObjectionsTab(ctx, "objections", "Objections"),
            PromisesTab(ctx, "promises", "Promises"),
            TimelineTab(ctx, "timeline", "Timeline"),
            QuestionsTab(ctx, "questions", "Questions to ask"),
        ]
        for n, tab in enumerate(self.tab_list, start=1):
            self.tabs.addTab(tab, tab.tab_text(None).replace("&", "&&"))
            self.tabs.setTabToolTip(n - 1, f"{tab.title} (Alt+{n})")
            QShortcut(QKeySequence(f"Alt+{n}"), self).activated.connect(lambda i=n - 1: self.show_tab(i))
        self.tabs.currentChanged.connect(lambda _: self._load_current())

        self.nothing = QLabel("Choose a customer on the left, or create one with Ctrl+N.", self)
        self.nothing.setObjectName("noCustomer")
        self.nothing.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.nothing.setProperty("role", "muted")
        page = QWidget(self)
        box = QVBoxLayout(page)
        box.setContentsMargins(12, 8, 12, 8)
        box.addWidget(self.header)
        box.addWidget(self.tabs, 1)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.nothing)
        self.stack.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self._loaded: set[int] = set()  # tabs filled for the current customer (others load when shown)
        aspects = HEADER_ASPECTS.union(*(tab.aspects for tab in self.tab_list))
        self.watch = ChangeWatch(ctx, self, aspects, self._changed, customer=self.customer_id)

    def customer_id(self) -> int | None:
        return self._customer_id

    def show_tab(self, index: int) -> None:
        self.tabs.setCurrentIndex(index)
        self.tab_list[index].tree.setFocus()

    def show_customer(self, customer_id: int | None) -> None:
        self.watch.take()  # read afresh: nothing missed before is left to apply
        if customer_id is not None:
            try:
                detail = queries.customer(self.ctx.journal, customer_id)
            except NotFound:
                customer_id = None
        self._customer_id = customer_id
        self._loaded.clear()
        if customer_id is None:
            self.stack.setCurrentWidget(self.nothing)
            for tab in self.tab_list:
                tab.load(None)
            return
        self.header.show_detail(detail)
        self.stack.setCurrentIndex(1)
        self._count(range(len(self.tab_list)))
        self._load_current()

    def _count(self, indexes: Iterable[int]) -> None:
        """Put the current counts in these tabs' titles ("Needs · 7")."""
        for index in indexes:
            tab = self.tab_list[index]
            self.tabs.setTabText(index, tab.tab_text(self._customer_id).replace("&", "&&"))

    def _load_current(self) -> None:
        index = self.tabs.currentIndex()
        if self._customer_id is not None and index not in self._loaded:
            self.tab_list[index].load(self._customer_id)
            self._loaded.add(index)

    def _changed(self, changes: Changes) -> None:
        """A write changed what this customer's header or some of its tabs show: read those again (the
        tab shown now at once, the others when they are next shown). The tab shown may take the write
        in place, reading only the records it names (`ItemsTab.apply`)."""
        cid = self._customer_id
        if cid is None:
            return
        if changes.names(HEADER_ASPECTS, cid):
            try:
                self.header.show_detail(queries.customer(self.ctx.journal, cid))
            except NotFound:  # gone (an undone "add customer"): the list shows another one
                self.show_customer(None)
                return
        named = [index for index, tab in enumerate(self.tab_list) if changes.names(tab.aspects, cid)]
        current = self.tabs.currentIndex()
        kept = current in named and current in self._loaded and self.tab_list[current].apply(changes)
        self._loaded.difference_update(i for i in named if not (kept and i == current))
        self._count(named)
        self._load_current()

    def show_item(self, kind: str, item_id: int, *, edit: bool = True) -> None:
        customer_id = queries.item_customer(self.ctx.journal, kind, item_id)
        if customer_id != self._customer_id:
            self.show_customer(customer_id)
        self.ctx.set_current_customer(customer_id)
        if kind == "customer":
            return
        for index, tab in enumerate(self.tab_list):
            if kind in tab.kinds:
                self.tabs.setCurrentIndex(index)
                self._load_current()
                if isinstance(tab, TimelineTab):
                    tab.ensure_shown(item_id)
                if tab.select(kind, item_id):
                    tab.tree.setFocus()
                    if edit:
                        tab.edit_selected()
                return
