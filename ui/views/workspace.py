"""The customer workspace: header and tabs for one customer.

Contract (used by the customers page, the brief, search and Today):
- `show_customer(customer_id | None)` shows that customer (None: nothing selected).
- `show_item(kind, item_id)` opens the item's customer, switches to the tab holding it, selects it and
  opens its editor; it makes that customer the current one (`ctx.set_current_customer`).
- `customer_id()` is the customer shown.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from journal import queries
from ui.context import AppContext


class CustomerWorkspace(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("customerWorkspace")
        self.setAccessibleName("Customer")
        self._customer_id: int | None = None
        self.title = QLabel(self)
        self.title.setProperty("role", "heading")
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addStretch(1)

    def customer_id(self) -> int | None:
        return self._customer_id

    def show_customer(self, customer_id: int | None) -> None:
        self._customer_id = customer_id
        self.title.setText(queries.customer(self.ctx.journal, customer_id).name if customer_id else "")

    def show_item(self, kind: str, item_id: int) -> None:
        raise NotImplementedError("the workspace opens items once its tabs exist")
