"""Two journals open in one process (an import into a new file while the app runs, a command run
in-process): every read and write through one of them reaches its own file and no other."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from pathlib import Path

import peewee as pw
import pytest

from journal.domain.clock import FixedClock
from journal.domain.errors import NotFound
from journal.reads import queries
from journal.services import contacts, customers, interactions, needs, promises, questions, settings
from journal.storage import models
from journal.storage.db import Journal
from tests.conftest import NOW

TODAY = date(2026, 11, 22)


def on_disk(path: Path, sql: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_interleaved_writes_through_two_journals_each_land_in_their_own_file(
    tmp_path: Path, clock: FixedClock
) -> None:
    a_path, b_path = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3"
    a = Journal.open(a_path, clock=clock)
    b = Journal.open(b_path, clock=clock)  # opened last: it must not take over a's writes
    try:
        acme = customers.create_customer(a, name="Acme", tags=["retail"]).created_id("customer")
        globex = customers.create_customer(b, name="Globex", tags=["energy"]).created_id("customer")
        assert acme == globex == 1  # the same ids in both files: only the journal tells them apart

        ann = contacts.add_contact(a, acme, name="Ann Lee").created_id("contact")
        hank = contacts.add_contact(b, globex, name="Hank Scorpio").created_id("contact")
        contacts.add_rapport_fact(a, ann, text="Runs marathons")
        met = interactions.add_interaction(
            b, globex, occurred_at=NOW - timedelta(days=1), notes="Volcano tour", attendees=[hank]
        ).created_id("interaction")
        kept = promises.add_promise(a, acme, text="Send pricing", due_on=TODAY).created_id("promise")
        promises.add_promise(b, globex, text="Send the doomsday device", due_on=TODAY, source_id=met)
        promises.mark_kept(a, kept)
        needs.add_need(b, globex, text="World domination", importance=3)
        questions.add_question(a, acme, text="What does success look like?")
        customers.set_stage(b, globex, "qualified")
        customers.update_customer(a, acme, industry="Bakery")
        settings.set_settings(b, currency="EUR")

        assert queries.customer(a, acme).name == "Acme" and queries.customer(b, globex).name == "Globex"
        assert queries.customer_ids(a) == [acme] and queries.customer_ids(b) == [globex]
        assert [p.text for p in queries.promises(a, acme)] == ["Send pricing"]
        assert [p.text for p in queries.promises(b, globex)] == ["Send the doomsday device"]
        assert settings.get(a, "currency") == "USD" and settings.get(b, "currency") == "EUR"
        with pytest.raises(NotFound):
            contacts.update_contact(a, hank + 1, name="No one")
    finally:
        b.close()
        a.close()

    def records(path: Path) -> dict[str, list[tuple[object, ...]]]:
        return {
            "customer": on_disk(path, "SELECT name, stage, industry FROM customer"),
            "tag": on_disk(path, "SELECT name FROM tag"),
            "contact": on_disk(path, "SELECT name FROM contact"),
            "rapport": on_disk(path, "SELECT text FROM rapport_fact"),
            "interaction": on_disk(path, "SELECT notes FROM interaction"),
            "attendee": on_disk(path, "SELECT interaction_id, contact_id FROM attendee"),
            "promise": on_disk(path, "SELECT text, status FROM promise"),
            "need": on_disk(path, "SELECT text FROM need"),
            "question": on_disk(path, "SELECT text FROM question"),
            "setting": on_disk(path, "SELECT key, value FROM setting WHERE key = 'currency'"),
        }

    assert records(a_path) == {
        "customer": [("Acme", "lead", "Bakery")],
        "tag": [("retail",)],
        "contact": [("Ann Lee",)],
        "rapport": [("Runs marathons",)],
        "interaction": [],
        "attendee": [],
        "promise": [("Send pricing", "kept")],
        "need": [],
        "question": [("What does success look like?",)],
        "setting": [],
    }
    assert records(b_path) == {
        "customer": [("Globex", "qualified", "")],
        "tag": [("energy",)],
        "contact": [("Hank Scorpio",)],
        "rapport": [],
        "interaction": [("Volcano tour",)],
        "attendee": [(met, hank)],
        "promise": [("Send the doomsday device", "open")],
        "need": [("World domination",)],
        "question": [],
        "setting": [("currency", '"EUR"')],
    }


def test_closing_one_journal_leaves_the_other_writing_to_its_own_file(
    tmp_path: Path, clock: FixedClock
) -> None:
    a = Journal.open(tmp_path / "a.sqlite3", clock=clock)
    b = Journal.open(tmp_path / "b.sqlite3", clock=clock)
    b.close()
    customers.create_customer(a, name="Acme")
    a.close()
    assert on_disk(tmp_path / "a.sqlite3", "SELECT name FROM customer") == [("Acme",)]
    assert on_disk(tmp_path / "b.sqlite3", "SELECT name FROM customer") == []


def test_each_journal_has_its_own_models_and_the_declared_ones_reach_no_file(
    tmp_path: Path, clock: FixedClock
) -> None:
    with (
        Journal.open(tmp_path / "a.sqlite3", clock=clock) as a,
        Journal.open(tmp_path / "b.sqlite3", clock=clock) as b,
    ):
        assert a.models.Customer is not b.models.Customer
        assert issubclass(a.models.Customer, models.Customer)
        assert a.models.Promise.customer.rel_model is a.models.Customer  # joins stay in the journal
        assert a.models.Customer._meta.database is a.db and b.models.Customer._meta.database is b.db
        with pytest.raises(pw.InterfaceError):
            models.Customer.select().count()
