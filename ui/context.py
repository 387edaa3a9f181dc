"""What every view is handed: the open journal, one `changed` signal, and navigation requests.

Views never talk to each other directly. A write anywhere goes through a journal service; the journal
tells `AppContext`, which emits `changed(Changes)` once per write, and each view refreshes what it shows.
A view that wants another view (open a customer, a brief, the log form) emits a request here and the
main window carries it out.
"""

from __future__ import annotations

import hashlib

from PySide6.QtCore import QObject, QSettings, Signal

from journal.changes import Changes
from journal.db import Journal


class AppContext(QObject):
    changed = Signal(object)  # Changes

    customer_requested = Signal(int)  # customer id
    item_requested = Signal(str, int)  # kind ("promise", "need", ...), id: show it, ready to edit
    brief_requested = Signal(int, object)  # customer id, planned meeting id or None
    log_requested = Signal(object, object)  # customer id or None, planned meeting id or None
    status_message = Signal(str)
    current_customer_changed = Signal(object)  # customer id or None: the one Ctrl+B, Ctrl+L… act on

    def __init__(self, journal: Journal, settings: QSettings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.journal = journal
        self.settings = settings
        self._current_customer: int | None = None
        # Words to highlight when an item is opened from a search (set by the search palette).
        self.highlight_terms: tuple[str, ...] = ()
        journal.write_listeners.append(self._written)

    @property
    def current_customer_id(self) -> int | None:
        """The customer the rep is looking at: on switching pages, the one the new page shows (its
        `shown_customer_id()`); within a page, the one selected there or open in the workspace."""
        return self._current_customer

    def set_current_customer(self, customer_id: int | None) -> None:
        if customer_id != self._current_customer:
            self._current_customer = customer_id
            self.current_customer_changed.emit(customer_id)

    def journal_key(self, name: str) -> str:
        """A settings key that belongs to this journal file (the last open customer, say), so opening
        another journal does not pick up this one's ids."""
        digest = hashlib.sha256(str(self.journal.path.resolve()).encode()).hexdigest()[:16]
        return f"journals/{digest}/{name}"

    def _written(self, changes: Changes) -> None:
        if changes:
            self.changed.emit(changes)

    def detach(self) -> None:
        if self._written in self.journal.write_listeners:
            self.journal.write_listeners.remove(self._written)
