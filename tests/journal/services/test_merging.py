"""Merging duplicates by hand: "Acme Ltd" and "ACME Limited" become one customer with everything of both,
"Jon Smith" and "Jonathan Smith" one person; one Ctrl+Z takes a merge back."""

from __future__ import annotations

from datetime import date

import pytest

from journal.domain.errors import NotFound, ValidationError
from journal.reads import queries, search
from journal.services import contacts, customers, interactions, needs, promises, questions
from journal.services.merging import merge_customers, merge_people
from journal.storage.db import Journal
from journal.storage.undo import UndoStack


def count(journal: Journal, table: str, where: str = "1", *params: object) -> int:
    return int(journal.conn().execute(f"SELECT count(*) FROM {table} WHERE {where}", params).fetchone()[0])


@pytest.fixture
def twins(journal: Journal) -> tuple[int, int]:
    """The rep typed Acme in twice: once as Acme Ltd (the one they use), once as ACME Limited."""
    kept = customers.create_customer(journal, name="Acme Ltd", tags=["renewal"]).created_id("customer")
    dup = customers.create_customer(
        journal,
        name="ACME Limited",
        industry="Logistics",
        website="acme.example",
        about="Met them at the trade fair.",
        tags=["renewal", "fair"],
    ).created_id("customer")
    customers.update_customer(journal, kept, about="Long-time customer.")
    priya = contacts.add_contact(journal, dup, name="Priya Shah", role="CFO").created_id("contact")
    contacts.add_rapport_fact(journal, priya, text="Runs marathons")
    contacts.add_important_date(journal, dup, month=3, day=14, contact_id=priya)
    contacts.add_important_date(journal, dup, month=6, day=1, date_kind="renewal", label="Contract renewal")
    interactions.add_interaction(journal, dup, notes="Walked through pricing", attendees=[priya])
    needs.add_need(journal, dup, text="Close the books faster", contact_id=priya)
    needs.add_objection(journal, dup, concern="Too expensive")
    promises.add_promise(journal, dup, text="Send pricing", due_on=date(2026, 11, 24))
    questions.add_question(journal, dup, text="Who else decides?")
    return dup, kept


def test_merging_customers_moves_everything_and_removes_the_duplicate(
    journal: Journal, twins: tuple[int, int]
) -> None:
    dup, kept = twins
    changes = merge_customers(journal, dup, kept)
    assert changes.label == "Merge ‘ACME Limited’ into ‘Acme Ltd’"
    assert count(journal, "customer", "id = ?", dup) == 0
    for table in ("contact", "interaction", "important_date", "need", "objection", "promise", "question"):
        assert count(journal, table, "customer_id = ?", kept) >= 1, table
        assert count(journal, table, "customer_id = ?", dup) == 0, table
    assert count(journal, "rapport_fact") == 1
    assert count(journal, "attendee") == 1
    detail = queries.customer(journal, kept)
    assert sorted(detail.tags) == ["fair", "renewal"]
    assert (detail.industry, detail.website) == ("Logistics", "acme.example")  # empty fields filled
    assert detail.about.startswith("Long-time customer.")  # the kept notes first, both kept
    assert "Met them at the trade fair." in detail.about
    assert "ACME Limited" in detail.about
    # Search finds the moved things under the kept customer, including what was learned about Priya.
    hits = search.search(journal, "marathons")
    assert [h.customer_id for h in hits] == [kept]


def test_a_merge_never_overwrites_what_the_kept_customer_has(journal: Journal) -> None:
    kept = customers.create_customer(journal, name="Acme", industry="Retail").created_id("customer")
    dup = customers.create_customer(journal, name="Acme Retail", industry="Logistics").created_id("customer")
    merge_customers(journal, dup, kept)
    assert queries.customer(journal, kept).industry == "Retail"


def test_one_undo_takes_a_customer_merge_back_whole(journal: Journal, twins: tuple[int, int]) -> None:
    dup, kept = twins
    stack = UndoStack(journal)
    before = {t: count(journal, t, "customer_id = ?", dup) for t in ("contact", "interaction", "need")}
    merge_customers(journal, dup, kept)
    assert stack.undo_text == "Undo merge ‘ACME Limited’ into ‘Acme Ltd’"
    stack.undo()
    assert queries.customer_ref(journal, dup).name == "ACME Limited"
    assert {t: count(journal, t, "customer_id = ?", dup) for t in before} == before
    assert queries.customer(journal, kept).about == "Long-time customer."
    assert sorted(queries.customer(journal, dup).tags) == ["fair", "renewal"]


def test_a_customer_is_not_merged_with_itself(journal: Journal, twins: tuple[int, int]) -> None:
    _dup, kept = twins
    with pytest.raises(ValidationError, match="itself"):
        merge_customers(journal, kept, kept)
    assert count(journal, "customer") == 2


@pytest.fixture
def jons(journal: Journal) -> tuple[int, int, int]:
    acme = customers.create_customer(journal, name="Acme").created_id("customer")
    jon = contacts.add_contact(
        journal, acme, name="Jon Smith", email="jon@acme.example", notes="Prefers mornings"
    ).created_id("contact")
    jonathan = contacts.add_contact(
        journal,
        acme,
        name="Jonathan Smith",
        role="CFO",
        email="j.smith@acme.example",
        phone="+1 555 0100",
        notes="Two kids",
    ).created_id("contact")
    contacts.add_rapport_fact(journal, jonathan, text="Sails on weekends")
    contacts.add_important_date(journal, acme, month=5, day=17, contact_id=jonathan)
    contacts.add_important_date(journal, acme, month=5, day=17, contact_id=jon)
    both = interactions.add_interaction(journal, acme, attendees=[jon, jonathan]).created_id("interaction")
    interactions.add_interaction(journal, acme, attendees=[jonathan])
    needs.add_need(journal, acme, text="Fewer manual steps", contact_id=jonathan)
    promises.add_promise(
        journal, acme, text="Send the contract", due_on=date(2026, 12, 1), owner="them", contact_id=jonathan
    )
    return jonathan, jon, both


def test_merging_people_moves_what_was_learned_and_keeps_both_notes(
    journal: Journal, jons: tuple[int, int, int]
) -> None:
    dup, kept, _both = jons
    merge_people(journal, dup, kept)
    assert count(journal, "contact", "id = ?", dup) == 0
    person = queries.contact(journal, kept)
    assert (person.name, person.role, person.email, person.phone) == (
        "Jon Smith",
        "CFO",
        "jon@acme.example",
        "+1 555 0100",
    )
    assert person.notes.startswith("Prefers mornings")
    assert "Two kids" in person.notes
    assert "Other email: j.smith@acme.example" in person.notes
    assert count(journal, "rapport_fact", "contact_id = ?", kept) == 1
    assert count(journal, "important_date", "contact_id = ?", kept) == 1  # the same birthday, once
    assert count(journal, "attendee", "contact_id = ?", kept) == 2  # both meetings, the shared one once
    assert count(journal, "need", "contact_id = ?", kept) == 1
    assert count(journal, "promise", "contact_id = ?", kept) == 1


def test_one_undo_takes_a_person_merge_back(journal: Journal, jons: tuple[int, int, int]) -> None:
    dup, kept, _both = jons
    stack = UndoStack(journal)
    merge_people(journal, dup, kept)
    stack.undo()
    assert queries.contact(journal, dup).name == "Jonathan Smith"
    assert queries.contact(journal, kept).notes == "Prefers mornings"
    assert count(journal, "attendee", "contact_id = ?", dup) == 2
    assert count(journal, "need", "contact_id = ?", dup) == 1


def test_people_at_different_customers_merge_only_when_they_moved(
    journal: Journal, jons: tuple[int, int, int]
) -> None:
    dup, _kept, _both = jons
    globex = customers.create_customer(journal, name="Globex").created_id("customer")
    at_globex = contacts.add_contact(journal, globex, name="Jonathan Smith").created_id("contact")
    with pytest.raises(ValidationError, match="moved"):
        merge_people(journal, dup, at_globex)
    with pytest.raises(ValidationError, match="themselves"):
        merge_people(journal, dup, dup)
    assert count(journal, "contact") == 3

    merge_people(journal, dup, at_globex, moved=True)
    person = queries.contact(journal, at_globex)
    assert person.role == "CFO"
    assert "Was at Acme." in person.notes
    assert count(journal, "rapport_fact", "contact_id = ?", at_globex) == 1
    assert count(journal, "important_date", "contact_id = ? AND customer_id = ?", at_globex, globex) == 1
    # Acme's records stay Acme's, and no longer name someone who works elsewhere.
    assert count(journal, "need", "customer_id = (SELECT id FROM customer WHERE name = 'Acme')") == 1
    assert count(journal, "need", "contact_id = ?", at_globex) == 0
    assert count(journal, "attendee", "contact_id = ?", at_globex) == 0


def test_merging_a_record_that_is_gone_says_so(journal: Journal, jons: tuple[int, int, int]) -> None:
    dup, kept, _both = jons
    contacts.delete_contact(journal, dup)
    with pytest.raises(NotFound, match="no longer exists"):
        merge_people(journal, dup, kept)
    assert queries.contact(journal, kept).notes == "Prefers mornings"
