"""Long lists are read a page at a time: a customer's timeline and lists come back in the same order
whether read whole or in pages, and counts and positions agree with them."""

from __future__ import annotations

from datetime import date, timedelta

from journal.reads import queries
from journal.services import customers, interactions, needs, promises
from journal.storage.db import Journal
from tests.conftest import NOW


def _customer_with_history(journal: Journal) -> int:
    cid = customers.create_customer(journal, name="Northwind").created_id("customer")
    for n in range(25):
        interactions.add_interaction(
            journal, cid, occurred_at=NOW - timedelta(days=n % 7, hours=n), notes=f"Call {n}"
        )
    for n in range(7):
        needs.add_need(journal, cid, text=f"Need {n}", importance=1 + n % 3)
        promises.add_promise(journal, cid, text=f"Send item {n}", due_on=date(2026, 12, 1 + n))
    return cid


def test_pages_of_a_timeline_join_up_to_the_whole_timeline(journal: Journal) -> None:
    cid = _customer_with_history(journal)
    whole = queries.interaction_ids(journal, cid)
    pages = [queries.interaction_ids(journal, cid, limit=10, offset=o) for o in (0, 10, 20)]
    assert [i for page in pages for i in page] == whole
    assert [len(p) for p in pages] == [10, 10, 5]
    assert queries.interaction_count(journal, cid) == 25
    assert queries.interaction_ids(journal, cid, offset=20) == whole[20:]


def test_a_meetings_position_is_where_the_timeline_shows_it(journal: Journal) -> None:
    cid = _customer_with_history(journal)
    whole = queries.interaction_ids(journal, cid)
    assert [queries.interaction_position(journal, i) for i in whole] == list(range(len(whole)))
    planned = interactions.add_interaction(
        journal, cid, occurred_at=NOW + timedelta(days=3), state="planned", goal="Demo"
    ).created_id("interaction")
    assert queries.interaction_position(journal, planned) is None
    assert queries.recent_interactions(journal, cid, 3) == queries.interactions(journal, whole[:3])


def test_pages_of_needs_and_promises_and_the_counts_by_status(journal: Journal) -> None:
    cid = _customer_with_history(journal)
    all_needs = queries.needs(journal, cid)
    assert queries.needs(journal, cid, limit=3) + queries.needs(journal, cid, offset=3) == all_needs
    all_promises = queries.promises(journal, cid)
    assert queries.promises(journal, cid, limit=4) + queries.promises(journal, cid, limit=4, offset=4) == (
        all_promises
    )
    promises.mark_kept(journal, all_promises[0].id)
    assert queries.status_counts(journal, "need", cid) == {"open": 7}
    assert queries.promise_counts(journal, cid) == {("me", "open"): 6, ("me", "kept"): 1}
