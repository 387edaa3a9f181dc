"""What a write changed: every service returns one, and the UI refreshes from it.

A write names the records it touched (`Ref`: a record kind, an id, created/updated/deleted, the customer
it belongs to). What those records *are* to the views — their aspect: customers, people, promises,
meetings… — is said here once, per table (`TABLES`), not at each call site; so are the aspects a deletion
takes with it through the schema's cascades (`REACH`, from the models' foreign keys). A view declares the
aspects it shows and asks `changes.names(aspects, customer_id)`; a draft kept names only `DRAFTS`, which
no view shows. See docs/architecture.md, "How a change flows".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Final, Literal

import peewee as pw

from journal.domain.aspects import Aspect
from journal.storage import kinds, models

Action = Literal["created", "updated", "deleted"]


# Every table of the journal: the record kind its rows are named by in `Changes` (undo names the rows it
# puts back the same way) and the aspect they are — both from the record kinds (journal.kinds), where a
# new table is added (a test checks).
TABLES: Final[Mapping[str, tuple[str, Aspect]]] = MappingProxyType(
    {k.table: (k.changes_kind, k.aspect) for k in kinds.ALL}
)

# Tables SQLite keeps from the record tables by their triggers (the search index, the Insights page's
# daily roll-ups): a write to a record is the change, so a view of search results declares the aspects
# of the kinds it finds. They are not exported, and undo puts back the records, not them.
DERIVED_TABLE_PREFIXES: Final = ("search_", "rollup_")

# The aspect of each record kind a `Ref` names.
KIND_ASPECTS: Final[Mapping[str, Aspect]] = MappingProxyType(
    {kind: aspect for kind, aspect in TABLES.values()}
)

EVERY_ASPECT: Final = frozenset(Aspect)
SHOWN: Final = EVERY_ASPECT - {Aspect.DRAFTS, Aspect.CALENDAR}  # what some view shows


def _reach() -> Mapping[Aspect, frozenset[Aspect]]:
    """For each aspect, the aspects a deletion of one of its records may change besides its own: the
    rows SQLite deletes with it (ON DELETE CASCADE), followed to the end. A link it clears (SET NULL: a
    need's person, a promise's meeting) shows only through what it linked to, whose aspect a view that
    shows the link declares anyway."""
    below: dict[str, set[str]] = {}  # table -> tables whose rows go with its rows
    for model in models.MODELS:
        for f in model._meta.fields.values():
            if isinstance(f, pw.ForeignKeyField) and f.on_delete == "CASCADE":
                below.setdefault(f.rel_model._meta.table_name, set()).add(model._meta.table_name)
    reach: dict[Aspect, set[Aspect]] = {aspect: set() for aspect in Aspect}
    for table, (_, aspect) in TABLES.items():
        seen: set[str] = set()
        todo = [table]
        while todo:
            for child in below.get(todo.pop(), ()):
                if child not in seen:
                    seen.add(child)
                    todo.append(child)
        reach[aspect] |= {TABLES[t][1] for t in seen} - {aspect}
    return MappingProxyType({aspect: frozenset(found) for aspect, found in reach.items()})


REACH: Final[Mapping[Aspect, frozenset[Aspect]]] = _reach()


@dataclass(frozen=True)
class Ref:
    kind: str  # a record kind of TABLES: "customer", "contact", "rapport", "date", "interaction", "need"…
    id: int
    action: Action
    customer_id: int | None = None  # None: a record of no one customer (a setting, a tag, a draft…)

    @property
    def aspect(self) -> Aspect:
        return KIND_ASPECTS[self.kind]

    @property
    def aspects(self) -> frozenset[Aspect]:
        """Its own aspect and, for a deletion, those the schema's cascades reach."""
        own = KIND_ASPECTS[self.kind]
        return REACH[own] | {own} if self.action == "deleted" else frozenset((own,))


@dataclass(frozen=True)
class Changes:
    label: str
    refs: tuple[Ref, ...] = ()
    # The view or control that asked for the write, when the UI said (ui.context.initiated_by); a view
    # that already shows what it wrote may leave its own writes alone. Not part of what changed.
    initiator: object | None = field(default=None, compare=False, repr=False)

    @property
    def aspects(self) -> frozenset[Aspect]:
        """Every aspect this write changed, cascades included."""
        return frozenset[Aspect]().union(*(r.aspects for r in self.refs))

    def names(self, aspects: Iterable[Aspect], customer_id: int | None = None) -> bool:
        """Whether this write changed any of `aspects` — with `customer_id`, of that customer or of every
        customer (a record of no one customer: a setting, a tag)."""
        wanted = frozenset(aspects)
        return any(
            not wanted.isdisjoint(r.aspects)
            and (customer_id is None or r.customer_id is None or r.customer_id == customer_id)
            for r in self.refs
        )

    def customers_named(self, aspects: Iterable[Aspect]) -> frozenset[int] | None:
        """The customers whose `aspects` this write changed; None when it changed them for every
        customer (a setting, a tag)."""
        wanted = frozenset(aspects)
        found: set[int] = set()
        for r in self.refs:
            if not wanted.isdisjoint(r.aspects):
                if r.customer_id is None:
                    return None
                found.add(r.customer_id)
        return frozenset(found)

    @property
    def customer_ids(self) -> frozenset[int]:
        return frozenset(r.customer_id for r in self.refs if r.customer_id is not None)

    def ids(self, kind: str, action: Action | None = None) -> list[int]:
        return [r.id for r in self.refs if r.kind == kind and (action is None or r.action == action)]

    def created_id(self, kind: str) -> int:
        """The id of the first record of `kind` this write created."""
        for r in self.refs:
            if r.kind == kind and r.action == "created":
                return r.id
        raise LookupError(f"this write created no {kind}")

    def touches(self, *kinds: str) -> bool:
        return any(r.kind in kinds for r in self.refs)

    def merged(self, later: Changes) -> Changes:
        """This write and a later one as one change: what a hidden view has missed. Each ref is kept
        once, so it grows with the records touched, not with the writes."""
        return Changes(later.label, tuple(dict.fromkeys((*self.refs, *later.refs))), later.initiator)

    def __bool__(self) -> bool:
        return bool(self.refs)


def _dedupe(refs: Iterable[Ref]) -> tuple[Ref, ...]:
    seen: dict[tuple[str, int], Ref] = {}
    for ref in refs:
        key = (ref.kind, ref.id)
        prior = seen.get(key)
        if prior is not None and prior.action == "created" and ref.action == "updated":
            continue  # created then edited is still "created"
        seen[key] = ref
    return tuple(seen.values())


@dataclass
class Tx:
    """Collects what one write does, inside its transaction."""

    label: str
    refs: list[Ref] = field(default_factory=list)

    def describe(self, label: str) -> None:
        """Name a write begun unnamed, once it has read what its name mentions. A write joined by a
        nested one keeps the name it was begun with."""
        if not self.label:
            self.label = label

    def created(self, kind: str, id: int, customer_id: int | None = None) -> None:
        self._add(Ref(kind, id, "created", customer_id))

    def updated(self, kind: str, id: int, customer_id: int | None = None) -> None:
        self._add(Ref(kind, id, "updated", customer_id))

    def deleted(self, kind: str, id: int, customer_id: int | None = None) -> None:
        self._add(Ref(kind, id, "deleted", customer_id))

    def _add(self, ref: Ref) -> None:
        if ref.kind not in KIND_ASPECTS:
            raise ValueError(f"unknown record kind {ref.kind!r}: name its table in journal.changes.TABLES")
        self.refs.append(ref)

    def changes(self) -> Changes:
        return Changes(self.label, _dedupe(self.refs))
