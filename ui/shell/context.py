"""What every view is handed: the open journal, one `changed` signal, and navigation requests.

Views never talk to each other directly. A write anywhere goes through a journal service; the journal
tells `AppContext`, which emits `changed(Changes)` once per write, stamped with the view that asked for it
(`initiated_by`). Each view keeps itself current through a `ChangeWatch`: it declares the aspects it
shows, and refreshes only for a write that names one of them — at once while it is visible, or once when
it is next shown. A view that wants another view (open a customer, a brief, the log form) emits a request
here and the main window carries it out. See docs/architecture.md, "How a change flows".
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
from collections.abc import Callable, Iterable, Iterator

from PySide6.QtCore import QEvent, QObject, QSettings, Signal
from PySide6.QtWidgets import QWidget

from journal.domain.aspects import Aspect
from journal.storage.changes import Changes
from journal.storage.db import Journal

# Who is asking for the writes being made now, innermost last. Writes are made on the GUI thread, one
# user action at a time, so one stack serves every open journal.
_initiators: list[QObject] = []


@contextlib.contextmanager
def initiated_by(initiator: QObject | None) -> Iterator[None]:
    """Writes made inside are stamped as asked for by `initiator` (a view, or a control in one)."""
    if initiator is None:
        yield
        return
    _initiators.append(initiator)
    try:
        yield
    finally:
        _initiators.pop()


class AppContext(QObject):
    changed = Signal(object)  # Changes, with its initiator

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
            initiator = _initiators[-1] if _initiators else None
            self.changed.emit(dataclasses.replace(changes, initiator=initiator))

    def detach(self) -> None:
        if self._written in self.journal.write_listeners:
            self.journal.write_listeners.remove(self._written)


def _within(view: QWidget, initiator: object) -> bool:
    """Whether `initiator` is the view or a widget inside it."""
    return initiator is view or (isinstance(initiator, QWidget) and view.isAncestorOf(initiator))


class ChangeWatch(QObject):
    """Keeps one view current: what it shows (`aspects`, and for a view of one customer, `customer()`),
    and what to do when that changed (`apply`).

    `apply(changes)` runs for a write that names one of the aspects, for the customer shown or for every
    customer: at once while `view` is visible; while it is hidden the writes are only kept, merged into
    one `Changes`, and applied once when it is next shown (`on_show=False`: the view calls `take()`
    itself, on its own schedule). `view=None`: always applied at once (a watch with no page, like
    reminders, which then names the `parent` it lives with). With `own_writes=False` a write the view
    asked for itself is left to it: it shows the result already.
    """

    def __init__(
        self,
        ctx: AppContext,
        view: QWidget | None,
        aspects: Iterable[Aspect],
        apply: Callable[[Changes], object],
        *,
        customer: Callable[[], int | None] | None = None,
        on_show: bool = True,
        own_writes: bool = True,
        parent: QObject | None = None,
    ) -> None:
        # It lives as long as what `apply` belongs to, never longer: its view, or the parent named.
        super().__init__(parent if parent is not None else view if view is not None else ctx)
        self.view = view
        self.aspects = frozenset(aspects)
        self._apply = apply
        self._customer = customer
        self._own_writes = own_writes
        self._pending: Changes | None = None
        self.applied = 0  # how many times `apply` ran (tests and benchmarks count refreshes)
        self._ctx = ctx
        ctx.changed.connect(self._changed)
        if view is not None and on_show:
            view.installEventFilter(self)

    def detach(self) -> None:
        """Stop watching (the view goes on showing what it shows)."""
        self._ctx.changed.disconnect(self._changed)
        self._pending = None

    def names(self, changes: Changes) -> bool:
        """Whether this write changed what the view shows now."""
        customer = self._customer() if self._customer is not None else None
        return changes.names(self.aspects, customer)

    @property
    def stale(self) -> bool:
        """Whether a write the view has not applied changed what it shows."""
        return self._pending is not None

    def take(self) -> Changes | None:
        """The writes missed while hidden, forgotten here (the view reads afresh, or applies them)."""
        pending, self._pending = self._pending, None
        return pending

    def flush(self) -> None:
        """Apply what was missed now (before acting on what the view shows, even hidden)."""
        pending = self.take()
        if pending is not None and self.names(pending):
            self._run(pending)

    def _run(self, changes: Changes) -> None:
        self.applied += 1
        self._apply(changes)

    def _changed(self, changes: Changes) -> None:
        view = self.view
        if not self._own_writes and view is not None and _within(view, changes.initiator):
            return
        if not self.names(changes):
            return
        if view is None or view.isVisible():
            self._run(changes)
        else:
            self._pending = changes if self._pending is None else self._pending.merged(changes)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view and event.type() == QEvent.Type.Show and self._pending is not None:
            self.flush()  # before it is painted: a page never shows what it missed
        return False
