"""The same need, objection or promise is never recorded twice: what a rep types is compared with what is
still open with the customer (folded like names: case, accents, spaces), so a log updates the item it is
about instead of adding a copy."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from journal.domain import vocab
from journal.domain.text import fold_name
from journal.storage.db import Journal
from journal.storage.models import parse_utc

SIMILAR = 0.7  # share of the words in common (of the shorter text) that makes two texts alike
LABELS = {"need": "need", "objection": "objection", "promise": "promise"}


@dataclass(frozen=True)
class OpenItem:
    kind: str  # need, objection or promise
    id: int
    text: str
    since: date  # when it was noted


def same(a: str, b: str) -> bool:
    """Two texts that say exactly the same, whatever the case, accents and spaces."""
    return bool(fold_name(a)) and fold_name(a) == fold_name(b)


def by_text(items: Iterable[OpenItem]) -> dict[str, OpenItem]:
    """Items by their text as `same` compares it, the first of each: one fold per item, however many texts
    are checked against them (a busy customer has hundreds open)."""
    out: dict[str, OpenItem] = {}
    for item in items:
        out.setdefault(fold_name(item.text), item)
    out.pop("", None)
    return out


def alike(typed: str, text: str) -> bool:
    """Whether `text` is probably what `typed` (so far) is about: the same, its start, or mostly the
    same words."""
    a, b = fold_name(typed), fold_name(text)
    if len(a) < 4 or not b:
        return False
    if b.startswith(a) or a == b:
        return True
    wa, wb = set(a.split()), set(b.split())
    common = len(wa & wb)
    return common >= 2 and common / min(len(wa), len(wb)) >= SIMILAR


def matching(typed: str, items: Iterable[OpenItem]) -> list[OpenItem]:
    """The items `typed` is probably about, the exact one first."""
    found = [i for i in items if alike(typed, i.text)]
    return sorted(found, key=lambda i: not same(typed, i.text))


def open_items(journal: Journal, customer_id: int, kind: str) -> list[OpenItem]:
    """A customer's open needs (and addressed ones), objections (and answered ones) or open promises."""
    table, text = {
        "need": ("need", "text"),
        "objection": ("objection", "concern"),
        "promise": ("promise", "text"),
    }[kind]
    statuses = vocab.OPEN_STATUSES[kind]
    marks = ",".join("?" * len(statuses))
    sql = f"SELECT id, {text}, created_at FROM {table} WHERE customer_id = ? AND status IN ({marks})"
    return [
        OpenItem(kind, item_id, text, journal.clock.local(parse_utc(at)).date())
        for item_id, text, at in journal.conn().execute(sql, (customer_id, *statuses))
    ]


def describe(item: OpenItem) -> str:
    """“Close the books in two days” (need #12, noted 3 Nov 2026)."""
    return f"“{item.text}” ({LABELS[item.kind]} #{item.id}, noted {item.since.day} {item.since:%b %Y})"
