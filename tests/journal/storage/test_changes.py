"""What a write says it changed: aspects derived in one place from the tables it touched."""

from __future__ import annotations

from datetime import date

import pytest

from journal.domain.aspects import Aspect
from journal.services import contacts, customers, drafts, needs, promises, settings
from journal.storage import models
from journal.storage.changes import (
    DERIVED_TABLE_PREFIXES,
    KIND_ASPECTS,
    REACH,
    SHOWN,
    TABLES,
    Changes,
    Ref,
    Tx,
)
from journal.storage.db import Journal
from journal.storage.undo import KINDS, UndoStack

TODAY = date(2026, 11, 22)


@pytest.fixture
def acme(journal: Journal) -> int:
    return customers.create_customer(journal, name="Acme Ltd").created_id("customer")


def _tables(journal: Journal) -> list[str]:
    rows = journal.conn().execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    )
    return [str(r[0]) for r in rows]


def test_every_table_of_the_journal_has_an_aspect(journal: Journal) -> None:
    """A table added to the schema (or to the models) without saying what it is to the views fails here."""
    declared = {m._meta.table_name for m in models.MODELS}
    in_file = set(_tables(journal))
    records = {t for t in in_file if not t.startswith(DERIVED_TABLE_PREFIXES)}
    assert records == declared, "a table of the file that no model declares, or the other way round"
    for table in sorted(records | declared):
        assert table in TABLES, f"table {table!r} has no aspect in journal.changes.TABLES"
        kind, aspect = TABLES[table]
        assert isinstance(aspect, Aspect)
        assert KIND_ASPECTS[kind] is aspect, f"kind {kind!r} is named with two aspects"
    assert set(TABLES) == declared, "TABLES names a table the journal does not have"
    assert in_file - records, "the search index is there, kept by triggers"


def test_every_record_kind_a_service_or_undo_names_has_an_aspect() -> None:
    for model in models.MODELS:
        kind = getattr(model, "kind", "")
        if kind and kind != "stage_change":  # a stage change is part of its customer
            assert KIND_ASPECTS[kind] is TABLES[model._meta.table_name][1]
    assert set(KINDS.values()) <= set(KIND_ASPECTS), "undo names rows by the kinds of TABLES"
    assert {aspect for _, aspect in TABLES.values()} == set(Aspect), "no aspect without a table"
    hidden = {Aspect.DRAFTS, Aspect.CALENDAR}  # what no view shows
    assert not hidden & SHOWN and SHOWN | hidden == set(Aspect)


def test_an_unknown_kind_is_refused_at_once() -> None:
    tx = Tx("Something new")
    with pytest.raises(ValueError, match="TABLES"):
        tx.created("gadget", 1, 1)


def test_each_write_names_its_aspects(journal: Journal, acme: int) -> None:
    promise = promises.add_promise(journal, acme, text="Send the deck", due_on=TODAY)
    assert promise.aspects == {Aspect.PROMISES}
    assert needs.add_need(journal, acme, text="Speed").aspects == {Aspect.NEEDS}
    assert settings.set_settings(journal, currency="EUR").aspects == {Aspect.SETTINGS}
    draft = drafts.save_draft(journal, "meeting_log", {"notes": "Budget"}, customer_id=acme)
    assert draft.aspects == {Aspect.DRAFTS}
    assert not draft.names(SHOWN), "a draft changes nothing any view shows"
    person = contacts.add_contact(journal, acme, name="Priya Shah").created_id("contact")
    contacts.add_rapport_fact(journal, person, text="Runs marathons")
    gone = contacts.delete_contact(journal, person)
    assert {Aspect.PEOPLE, Aspect.RAPPORT, Aspect.DATES} <= gone.aspects, "what the deletion took with it"
    assert REACH[Aspect.PEOPLE] == {Aspect.RAPPORT, Aspect.DATES, Aspect.MEETINGS}  # who attended
    assert REACH[Aspect.NEEDS] == REACH[Aspect.PROMISES] == frozenset(), "nothing goes with them"
    assert REACH[Aspect.CUSTOMERS] >= SHOWN - {Aspect.CUSTOMERS, Aspect.SETTINGS, Aspect.QUESTION_BANK}


def test_names_is_scoped_to_a_customer_or_to_everyone(journal: Journal, acme: int) -> None:
    globex = customers.create_customer(journal, name="Globex").created_id("customer")
    changes = promises.add_promise(journal, acme, text="Send the deck", due_on=TODAY)
    assert changes.names({Aspect.PROMISES})
    assert changes.names({Aspect.PROMISES, Aspect.NEEDS}, acme)
    assert not changes.names({Aspect.PROMISES}, globex)
    assert not changes.names({Aspect.NEEDS, Aspect.MEETINGS}, acme)
    assert changes.customers_named({Aspect.PROMISES}) == {acme}
    everyone = settings.set_settings(journal, currency="EUR")
    assert everyone.names({Aspect.SETTINGS}, globex) and everyone.customers_named({Aspect.SETTINGS}) is None


def test_undo_names_the_aspects_of_the_rows_it_puts_back(journal: Journal, acme: int) -> None:
    stack = UndoStack(journal)
    promises.add_promise(journal, acme, text="Send the deck", due_on=TODAY)
    undone = stack.undo()
    assert undone.aspects == {Aspect.PROMISES} and undone.customers_named({Aspect.PROMISES}) == {acme}
    customers.create_customer(journal, name="Globex", tags=["key account"])
    undone = stack.undo()
    assert Aspect.CUSTOMERS in undone.aspects
    assert {r.kind for r in undone.refs} <= set(KIND_ASPECTS)


def test_merged_keeps_each_ref_once_and_the_aspects_of_both() -> None:
    a = Changes("one", (Ref("promise", 1, "updated", 7),))
    b = Changes("two", (Ref("promise", 1, "updated", 7), Ref("need", 2, "created", 7)))
    merged = a.merged(b).merged(b)
    assert merged.label == "two" and len(merged.refs) == 2
    assert merged.aspects == {Aspect.PROMISES, Aspect.NEEDS}


def test_the_initiator_is_not_part_of_what_changed() -> None:
    refs = (Ref("promise", 1, "updated", 7),)
    assert Changes("x", refs, initiator=object()) == Changes("x", refs)
