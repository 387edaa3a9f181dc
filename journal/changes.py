"""What a write changed: every service returns one, and the UI refreshes from it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Action = Literal["created", "updated", "deleted"]


@dataclass(frozen=True)
class Ref:
    kind: str  # "customer", "contact", "rapport", "date", "interaction", "need", "objection", ...
    id: int
    action: Action
    customer_id: int | None = None


@dataclass(frozen=True)
class Changes:
    label: str
    refs: tuple[Ref, ...] = ()

    @property
    def kinds(self) -> frozenset[str]:
        return frozenset(r.kind for r in self.refs)

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

    def __bool__(self) -> bool:
        return bool(self.refs)


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
        self.refs.append(Ref(kind, id, "created", customer_id))

    def updated(self, kind: str, id: int, customer_id: int | None = None) -> None:
        self.refs.append(Ref(kind, id, "updated", customer_id))

    def deleted(self, kind: str, id: int, customer_id: int | None = None) -> None:
        self.refs.append(Ref(kind, id, "deleted", customer_id))

    def changes(self) -> Changes:
        seen: dict[tuple[str, int], Ref] = {}
        for ref in self.refs:
            key = (ref.kind, ref.id)
            prior = seen.get(key)
            if prior is not None and prior.action == "created" and ref.action == "updated":
                continue  # created then edited in the same write is still "created"
            seen[key] = ref
        return Changes(self.label, tuple(seen.values()))
