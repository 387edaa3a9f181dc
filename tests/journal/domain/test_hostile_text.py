"""Hostile text typed or pasted into a name or a note: stored and read back literally, or refused in plain
words — never a crash, never SQL."""

from __future__ import annotations

import pytest

from journal.domain.errors import ValidationError
from journal.reads import queries, search
from journal.services import contacts, customers, interactions
from journal.storage.db import Journal

NAMES = {
    "control": "Acme\x00\x07\x1b[31m",
    "rtl override": "Acme \u202eevil\u202c",
    "100k": "A" * 100_000,
    "line break": "Acme\nCorp",
}


@pytest.mark.parametrize("name", NAMES.values(), ids=NAMES.keys())
def test_a_hostile_name_is_refused_in_plain_words(journal: Journal, name: str) -> None:
    with pytest.raises(ValidationError) as caught:
        customers.create_customer(journal, name=name)
    assert caught.value.field == "name"
    assert queries.customer_count(journal) == 0


@pytest.mark.parametrize(
    "text",
    [
        "Robert'); DROP TABLE customer;-- ",
        "' OR 1=1 --",
        'NEAR("budget" "pricing") AND * OR "',
        "שלום — مرحبا — 你好 — 🙂",
        "word " * 20_000,
    ],
)
def test_odd_but_honest_text_is_stored_literally(journal: Journal, text: str) -> None:
    cid = customers.create_customer(journal, name="Acme", about=text[:20_000]).created_id("customer")
    pid = contacts.add_contact(journal, cid, name="Dana").created_id("contact")
    iid = interactions.add_interaction(journal, cid, attendees=[pid], notes=text).created_id("interaction")
    assert queries.interaction(journal, iid).notes == text.strip()
    assert queries.customer(journal, cid).about == text[:20_000].strip()
    search.search(journal, text[:200])  # any text is a query, never FTS syntax
    assert queries.customer_count(journal) == 1
