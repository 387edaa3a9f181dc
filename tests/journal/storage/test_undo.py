"""Undo and redo of every kind of edit, restoring records exactly (ids, uids, links) and the search index."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

import pytest

from journal.reads import search
from journal.services import contacts, customers, interactions, needs, promises, questions, settings
from journal.storage import integrity
from journal.storage.db import Journal
from journal.storage.undo import CannotUndo, UndoStack
from tests.conftest import NOW

RECORD_TABLES = (
    "customer",
    "tag",
    "customer_tag",
    "interaction",
    "stage_change",
    "contact",
    "rapport_fact",
    "important_date",
    "attendee",
    "need",
    "objection",
    "promise",
    "question",
    "setting",
)


def content(j: Journal) -> str:
    """Every record of the journal, as a digest: equal digests, equal journals."""
    h = hashlib.sha256()
    for table in RECORD_TABLES:
        for row in j.conn().execute(f"SELECT * FROM {table} ORDER BY rowid"):
            h.update(repr(row).encode())
    return h.hexdigest()


@pytest.fixture
def stack(journal: Journal) -> UndoStack:
    return UndoStack(journal)


@pytest.fixture
def acme(journal: Journal) -> int:
    cid = customers.create_customer(journal, name="Acme", tags=["north"]).created_id("customer")
    pid = contacts.add_contact(journal, cid, name="Dana Reyes", role="CFO").created_id("contact")
    contacts.add_rapport_fact(journal, pid, category="interests", text="Runs marathons")
    iid = interactions.add_interaction(journal, cid, attendees=[pid], notes="Talked about budget").created_id(
        "interaction"
    )
    needs.add_need(journal, cid, text="Cut month-end close time", source_id=iid)
    promises.add_promise(
        journal, cid, text="Send pricing", due_on=NOW.date() + timedelta(days=2), source_id=iid
    )
    questions.add_question(journal, cid, text="What would a great quarter look like?")
    return cid


def test_undo_names_the_write_and_redo_comes_back(journal: Journal, stack: UndoStack) -> None:
    assert stack.undo_text is None
    cid = customers.create_customer(journal, name="Acme").created_id("customer")
    pid = promises.add_promise(journal, cid, text="Send pricing", due_on=date(2026, 12, 1)).created_id(
        "promise"
    )
    before = content(journal)
    promises.delete_promise(journal, pid)
    assert stack.undo_text == "Undo delete promise ‘Send pricing’"
    changes = stack.undo()
    assert changes.ids("promise", "created") == [pid] and changes.customer_ids == {cid}
    assert content(journal) == before
    assert stack.redo_text == "Redo delete promise ‘Send pricing’"
    stack.redo()
    assert journal.conn().execute("SELECT count(*) FROM promise").fetchone()[0] == 0
    assert stack.undo_text == "Undo delete promise ‘Send pricing’"


@pytest.mark.parametrize(
    "edit",
    [
        lambda j, cid: customers.update_customer(j, cid, name="Acme Corp", industry="Retail"),
        lambda j, cid: customers.set_stage(j, cid, "proposal"),
        lambda j, cid: customers.archive_customer(j, cid),
        lambda j, cid: customers.update_customer(j, cid, tags=["south", "key account"]),
        lambda j, cid: contacts.delete_contact(j, _first(j, "contact")),
        lambda j, cid: contacts.update_contact(j, _first(j, "contact"), role="CEO"),
        lambda j, cid: contacts.delete_rapport_fact(j, _first(j, "rapport_fact")),
        lambda j, cid: interactions.delete_interaction(j, _first(j, "interaction")),
        lambda j, cid: interactions.update_interaction(j, _first(j, "interaction"), notes="Rewritten"),
        lambda j, cid: needs.delete_need(j, _first(j, "need")),
        lambda j, cid: needs.set_need_status(j, _first(j, "need"), "resolved"),
        lambda j, cid: promises.mark_kept(j, _first(j, "promise")),
        lambda j, cid: promises.reschedule(j, _first(j, "promise"), date(2027, 1, 5)),
        lambda j, cid: questions.mark_asked(j, _first(j, "question"), answer="Faster close"),
        lambda j, cid: questions.delete_question(j, _first(j, "question")),
        lambda j, cid: settings.set_settings(j, currency="EUR"),
    ],
)
def test_every_kind_of_edit_undoes_and_redoes_exactly(journal: Journal, acme: int, edit) -> None:
    stack = UndoStack(journal)
    before = content(journal)
    edit(journal, acme)
    after = content(journal)
    assert after != before
    stack.undo()
    assert content(journal) == before
    assert integrity.check(journal).ok, "the search index follows the undo"
    stack.redo()
    assert content(journal) == after
    assert integrity.check(journal).ok


def _first(j: Journal, table: str) -> int:
    return int(j.conn().execute(f"SELECT min(id) FROM {table}").fetchone()[0])


def test_deleting_a_meeting_with_its_links_comes_back_whole(journal: Journal, acme: int) -> None:
    stack = UndoStack(journal)
    before = content(journal)
    iid = _first(journal, "interaction")
    interactions.delete_interaction(journal, iid)
    assert journal.conn().execute("SELECT source_id FROM promise").fetchone()[0] is None
    stack.undo()
    assert content(journal) == before
    assert journal.conn().execute("SELECT source_id FROM promise").fetchone()[0] == iid
    assert [h.id for h in search.search(journal, "budget")] == [iid]


def test_many_steps_are_kept_and_a_new_edit_clears_redo(journal: Journal, stack: UndoStack) -> None:
    cid = customers.create_customer(journal, name="Acme").created_id("customer")
    start = content(journal)
    for n in range(60):
        promises.add_promise(journal, cid, text=f"Promise {n}", due_on=date(2026, 12, 1))
    for _ in range(60):
        stack.undo()
    assert content(journal) == start
    assert stack.undo_text == "Undo add customer ‘Acme’" or stack.undo_text.startswith("Undo")
    stack.redo()
    assert stack.redo_steps
    customers.update_customer(journal, cid, industry="Retail")
    assert not stack.redo_steps and stack.redo_text is None
    with pytest.raises(CannotUndo):
        stack.redo()


def test_the_oldest_steps_are_forgotten_beyond_the_limit(journal: Journal) -> None:
    stack = UndoStack(journal, limit=5)
    cid = customers.create_customer(journal, name="Acme").created_id("customer")
    for n in range(8):
        customers.update_customer(journal, cid, industry=f"Industry {n}")
    assert len(stack.undo_steps) == 5
    assert journal.conn().execute("SELECT count(*) FROM temp.undo_log").fetchone()[0] <= 5 * 3


def test_a_failed_write_is_not_a_step(journal: Journal, stack: UndoStack) -> None:
    customers.create_customer(journal, name="Acme")
    with pytest.raises(RuntimeError), journal.write("Half a write"):
        customers.create_customer(journal, name="Beta")
        raise RuntimeError("crash in the middle")
    assert [s.label for s in stack.undo_steps] == ["Add customer ‘Acme’"]
