"""The shape shared by every workspace tab: a tree of one customer's items, a detail pane, and actions.

Each tree row carries its (kind, id). Edit and delete are dispatched by kind, so a tab that shows
several kinds (people with their rapport facts and dates) needs no special cases. The tree is our own
item model (ui/widgets/item_tree.py); `row` and `group` add rows to it while `fill` runs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from journal.domain import vocab
from journal.domain.aspects import Aspect
from journal.reads import queries
from journal.storage import kinds
from journal.storage.changes import Changes
from ui.shell.context import AppContext
from ui.widgets import forms
from ui.widgets.flow import FlowLayout
from ui.widgets.forms import attempt
from ui.widgets.item_tree import KEY_ROLE, TONES, ItemNode, ItemTree

__all__ = ["KEY_ROLE", "TONES", "Editor", "ItemNode", "ItemsTab", "Key"]

Key = tuple[str, int]
Editor = Callable[[AppContext, int, int | None, QWidget | None], Changes | None]


class ItemsTab(QWidget):
    kinds: tuple[str, ...] = ()  # the kinds of item this tab shows (for show_item)
    aspects: frozenset[Aspect] = frozenset()  # what it shows, to be reloaded when a write changes it
    columns: tuple[str, ...] = ()
    wide_column = 0  # the column that takes the room the others leave: the item's own words
    empty_text = "Nothing here yet."
    label = ""  # the tab's short title, shown with its count ("Needs · 7"); the title is its full name
    open_kind = ""  # the record kind whose open items the tab counts ("" : count() says)

    def __init__(self, ctx: AppContext, name: str, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.title = title
        self.customer_id: int | None = None
        self.setObjectName(f"{name}Tab")
        self.setAccessibleName(title)
        self.editors: dict[str, Editor] = {}
        self.deleters: dict[str, Callable[[int], Changes]] = {}  # by record kind
        self._item_actions: list[tuple[QAction, Callable[[Key], bool]]] = []

        self.tree = ItemTree(self.columns, self)
        self.model = self.tree.tree_model
        self._filling = False
        self.tree.setObjectName(f"{name}Tree")
        self.tree.setAccessibleName(f"{self.accessibleName()} list")
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setWordWrap(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.use_wide_column(self.wide_column)
        self.tree.itemActivated.connect(lambda *_: self.edit_selected())
        self.tree.currentItemChanged.connect(lambda *_: self._selection_changed())

        self.detail = QTextBrowser(self)
        self.detail.setObjectName(f"{name}Detail")
        self.detail.setAccessibleName(f"{self.accessibleName()} details")
        self.detail.setOpenLinks(False)
        self.detail.setMinimumHeight(80)
        self.empty = QLabel(self.empty_text, self)
        self.empty.setProperty("role", "muted")
        self.empty.setWordWrap(True)

        self.buttons = FlowLayout()  # wraps on a narrow screen instead of widening the window
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setObjectName(f"{name}Splitter")
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(self.buttons)
        layout.addWidget(self.empty)
        layout.addWidget(self.splitter, 1)
        self.build()
        self.buttons.addStretch(1)
        self.add_action(
            "&Edit…",
            self.edit_selected,
            "F2",
            "Edit the selected item (F2 or Enter)",
            when=lambda key: key[0] in self.editors,
        )
        self.add_action(
            "&Delete",
            self.delete_selected,
            QKeySequence.StandardKey.Delete,
            "Delete the selected item",
            when=lambda key: key[0] in self.deleters,
        )

    # -- for subclasses --------------------------------------------------------------------------

    def build(self) -> None:
        """Add this tab's actions (add_action) and editors/deleters."""

    def fill(self, customer_id: int) -> None:
        raise NotImplementedError

    def describe(self, kind: str, item_id: int) -> str:
        """Markdown for the detail pane."""
        return ""

    def apply(self, changes: Changes) -> bool:
        """Show a write that names this tab's aspects in place, reading only the records it names;
        False when the tab must be read again instead (the default)."""
        return False

    def count(self, customer_id: int) -> int:
        """How many items the tab's title counts: by default the open ones of `open_kind`."""
        if not self.open_kind:
            return 0
        counts = queries.status_counts(self.ctx.journal, self.open_kind, customer_id)
        return sum(counts.get(status, 0) for status in vocab.OPEN_STATUSES[self.open_kind])

    def tab_text(self, customer_id: int | None) -> str:
        """The tab's title: "Needs · 7", or just "Needs" when there is nothing to count."""
        label = self.label or self.title
        n = self.count(customer_id) if customer_id is not None else 0
        return f"{label} · {n:,}" if n else label

    def add_action(
        self,
        text: str,
        slot: Callable[[], object],
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        tip: str = "",
        *,
        when: Callable[[Key], bool] | None = None,
        button: bool = True,
    ) -> QAction:
        """An action of this tab: its shortcut works while focus is inside the tab; `when` enables it
        only for the selected items it applies to."""
        act = QAction(text, self)
        act.setObjectName(
            f"{self.objectName()}_{text.replace('&', '').strip('.…').lower().replace(' ', '_')}"
        )
        if shortcut is not None:
            act.setShortcut(QKeySequence(shortcut))
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        keys = act.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        tip = tip or text.replace("&", "").rstrip(".…")
        act.setToolTip(f"{tip} ({keys})" if keys else tip)
        act.triggered.connect(slot)
        self.addAction(act)
        if when is not None:
            self._item_actions.append((act, when))
        if button:
            btn = QPushButton(text.replace("&", ""), self)  # shortcuts instead of clashing mnemonics
            btn.setObjectName(f"{act.objectName()}Button")
            btn.setAccessibleName(text.replace("&", "").rstrip(".…"))
            btn.setToolTip(act.toolTip())
            btn.clicked.connect(act.trigger)
            act.changed.connect(lambda b=btn, a=act: b.setEnabled(a.isEnabled()))
            self.buttons.addWidget(btn)
        return act

    def row(
        self,
        key: Key | None,
        cells: Sequence[str],
        parent: ItemNode | None = None,
        *,
        tone: str | None = None,
        tip: str = "",
    ) -> ItemNode:
        node = ItemNode(cells, key)
        node.tone = tone
        if tip:
            node.setToolTip(0, tip)
        return self.model.add_row(node, parent, announce=not self._filling)

    def group(self, title: str, count: int) -> ItemNode:
        """A heading row ("I owe them · 3"), not selectable as an item."""
        node = ItemNode([f"{title} · {count:,}" if count else f"{title} · none"])
        node.bold = True
        node.selectable = False
        return self.model.add_row(node, announce=not self._filling)

    # -- loading ---------------------------------------------------------------------------------

    def load(self, customer_id: int | None) -> None:
        keep = self.selected() if customer_id == self.customer_id else None
        self.customer_id = customer_id

        def fill() -> None:
            if customer_id is not None:
                self.fill(customer_id)

        self._filling = True
        try:
            self.model.reset(fill)
        finally:
            self._filling = False
        for row, node in enumerate(self.model.root.children):
            if not node.selectable:
                self.tree.setFirstColumnSpanned(row, self.model.index_of(None), True)
        self.tree.expandAll()
        has_items = self._first_item() is not None
        self.empty.setVisible(not has_items)
        if keep is None or not self.select(*keep):
            first = self._first_item()
            if first is not None:
                self.tree.setCurrentItem(first)
        self._selection_changed()

    def _items(self) -> list[ItemNode]:
        return self.model.nodes()

    def _first_item(self) -> ItemNode | None:
        return next((i for i in self._items() if i.key), None)

    def selected(self) -> Key | None:
        item = self.tree.currentItem()
        return item.key if item is not None else None

    def select(self, kind: str, item_id: int) -> bool:
        for item in self._items():
            if item.key == (kind, item_id):
                self.tree.setCurrentItem(item)
                self.tree.scrollToItem(item)
                return True
        return False

    def _selection_changed(self) -> None:
        key = self.selected()
        for act, when in self._item_actions:
            act.setEnabled(key is not None and when(key))
        text = self.describe(*key) if key else ""
        self.detail.setMarkdown(text)
        self.detail.setVisible(bool(text))

    # -- the common actions ----------------------------------------------------------------------

    def edit_selected(self) -> None:
        key = self.selected()
        if key is None or self.customer_id is None or key[0] not in self.editors:
            return
        self.editors[key[0]](self.ctx, self.customer_id, key[1], self)

    def delete_selected(self) -> None:
        key = self.selected()
        if key is None or key[0] not in self.deleters:
            return
        delete, noun = self.deleters[key[0]], kinds.kind(key[0]).label
        item = self.tree.currentItem()
        what = item.text(0) if item is not None else noun
        if forms.confirm(
            self, f"Delete this {noun}?", f"Delete “{what[:80]}”? This cannot be undone.", "Delete"
        ):
            attempt(self, lambda: delete(key[1]))
