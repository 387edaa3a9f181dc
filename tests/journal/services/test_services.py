"""Every service: what it writes, what it returns, and what it refuses (changing nothing)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from journal.domain.errors import NotFound, ValidationError
from journal.reads import queries
from journal.services import contacts, customers, interactions, needs, promises, questions, settings
from journal.storage.db import Journal

TODAY = date(2026, 11, 22)


@pytest.fixture
def acme(journal: Journal) -> int:
    return customers.create_customer(journal, name="Acme Bakery", industry="Food").created_id("customer")


@pytest.fixture
def ann(journal: Journal, acme: int) -> int:
    return contacts.add_contact(journal, acme, name="Ann Lee", role="CFO").created_id("contact")


def row_counts(journal: Journal) -> dict[str, int]:
    conn = journal.conn()
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


# -- customers ---------------------------------------------------------------------------------------


def test_create_customer_returns_what_changed(journal: Journal) -> None:
    m = journal.models
    changes = customers.create_customer(
        journal, name="  Acme\u0301  Bakery ", tags=["Retail", "#retail", "VIP"]
    )
    cid = changes.created_id("customer")
    assert changes.customer_ids == {cid}
    assert changes.label == "Add customer ‘Acmé Bakery’"
    detail = queries.customer(journal, cid)
    assert detail.name == "Acmé Bakery"  # stripped, spaces folded, NFC-composed
    assert detail.tags == ("Retail", "VIP")
    assert detail.stage == "lead" and detail.cadence_days == 14
    assert m.StageChange.select().where(m.StageChange.customer == cid).count() == 1


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "cannot be empty"),
        ("   ", "cannot be empty"),
        ("x" * 201, "too long"),
        ("Evil\u202eCorp", "control characters"),
        ("Two\nlines", "control characters"),
    ],
)
def test_bad_customer_names_are_refused(journal: Journal, name: str, message: str) -> None:
    before = row_counts(journal)
    with pytest.raises(ValidationError, match=message) as info:
        customers.create_customer(journal, name=name)
    assert info.value.field == "name"
    assert row_counts(journal) == before


def test_duplicate_names_differing_in_case_or_spacing_are_refused(journal: Journal, acme: int) -> None:
    with pytest.raises(ValidationError, match="already a customer called “Acme Bakery”"):
        customers.create_customer(journal, name="acme   BAKERY")
    other = customers.create_customer(journal, name="Beta").created_id("customer")
    with pytest.raises(ValidationError, match="already"):
        customers.update_customer(journal, other, name="ACME bakery")
    customers.archive_customer(journal, acme)
    with pytest.raises(ValidationError, match="archived"):
        customers.create_customer(journal, name="Acme Bakery")


def test_sql_looking_names_are_stored_literally(journal: Journal) -> None:
    m = journal.models
    name = "Robert'); DROP TABLE customer;--"
    cid = customers.create_customer(journal, name=name).created_id("customer")
    assert queries.customer(journal, cid).name == name
    assert m.Customer.select().count() == 1


def test_update_customer_only_reports_real_changes(journal: Journal, acme: int) -> None:
    assert not customers.update_customer(journal, acme, industry="Food")
    changes = customers.update_customer(journal, acme, industry="Bakery", value_minor=1_250_000)
    assert changes.ids("customer", "updated") == [acme]
    detail = queries.customer(journal, acme)
    assert (detail.industry, detail.value_minor) == ("Bakery", 1_250_000)
    with pytest.raises(ValidationError, match="between"):
        customers.update_customer(journal, acme, value_minor=-5)
    with pytest.raises(ValidationError, match="between"):
        customers.update_customer(journal, acme, cadence_days=0)


def test_archive_and_restore(journal: Journal, acme: int) -> None:
    customers.archive_customer(journal, acme)
    assert acme not in queries.customer_ids(journal)
    assert acme in queries.customer_ids(journal, archived=True)
    customers.restore_customer(journal, acme)
    assert acme in queries.customer_ids(journal)


def test_not_now_keeps_reason_and_revisit_as_history(journal: Journal, acme: int) -> None:
    with pytest.raises(ValidationError, match="reason"):
        customers.set_stage(journal, acme, "not_now", revisit_on=TODAY + timedelta(days=90))
    with pytest.raises(ValidationError, match="revisit"):
        customers.set_stage(journal, acme, "not_now", reason="Budget frozen until spring")
    with pytest.raises(ValidationError, match="future"):
        customers.set_stage(journal, acme, "not_now", reason="Budget frozen", revisit_on=TODAY)
    customers.set_stage(
        journal, acme, "not_now", reason="Budget frozen until spring", revisit_on=date(2027, 3, 1)
    )
    customers.set_stage(journal, acme, "qualified")
    customers.set_stage(journal, acme, "lost", reason="Went with a cheaper supplier")
    history = queries.stage_history(journal, acme)
    assert [h.to_stage for h in history] == ["lost", "qualified", "not_now", "lead"]
    assert history[2].reason == "Budget frozen until spring" and history[2].revisit_on == date(2027, 3, 1)
    detail = queries.customer(journal, acme)
    assert detail.stage == "lost" and detail.revisit_reason == "Went with a cheaper supplier"


def test_unknown_records_are_reported_plainly(journal: Journal) -> None:
    with pytest.raises(NotFound, match="no longer exists"):
        customers.update_customer(journal, 999, industry="x")
    with pytest.raises(NotFound):
        promises.mark_kept(journal, 999)


# -- people ------------------------------------------------------------------------------------------


def test_contacts_rapport_and_dates(journal: Journal, acme: int, ann: int) -> None:
    m = journal.models
    contacts.add_rapport_fact(
        journal, ann, text="Ran the Berlin marathon", category="interests", hook="How did Berlin go?"
    )
    contacts.add_important_date(journal, acme, month=2, day=29, contact_id=ann)
    [fact] = queries.rapport_facts(journal, acme)
    assert (fact.contact_name, fact.hook, fact.learned_on) == ("Ann Lee", "How did Berlin go?", TODAY)
    [when] = queries.important_dates(journal, acme)
    assert when.next_occurrence(TODAY) == date(2027, 2, 28)  # 2027 is not a leap year
    with pytest.raises(ValidationError, match="Day"):
        contacts.add_important_date(journal, acme, month=2, day=30)
    with pytest.raises(ValidationError, match="email"):
        contacts.add_contact(journal, acme, name="Bob", email="bob at acme")
    changes = contacts.delete_contact(journal, ann)
    assert changes.ids("contact", "deleted") == [ann]
    assert m.RapportFact.select().count() == 0
    assert queries.important_dates(journal, acme) == []


def test_a_person_from_another_customer_is_refused(journal: Journal, acme: int) -> None:
    beta = customers.create_customer(journal, name="Beta").created_id("customer")
    bob = contacts.add_contact(journal, beta, name="Bob").created_id("contact")
    with pytest.raises(ValidationError, match="another customer"):
        needs.add_need(journal, acme, text="Speed", contact_id=bob)
    with pytest.raises(ValidationError, match="another customer"):
        interactions.add_interaction(journal, acme, attendees=[bob])


# -- needs and objections ------------------------------------------------------------------------------


def test_needs_keep_their_words_and_order(journal: Journal, acme: int, ann: int) -> None:
    needs.add_need(journal, acme, text="Cheaper delivery", importance=1)
    needs.add_need(
        journal,
        acme,
        text="Invoices take too long",
        need_kind="pain",
        quote="“We lose a day a week”",
        importance=3,
        contact_id=ann,
    )
    listed = queries.needs(journal, acme)
    assert [n.text for n in listed] == ["Invoices take too long", "Cheaper delivery"]
    assert listed[0].quote == "We lose a day a week" and listed[0].contact_name == "Ann Lee"
    needs.set_need_status(journal, listed[0].id, "resolved")
    assert queries.need(journal, listed[0].id).status_changed_at is not None
    assert [n.text for n in queries.needs(journal, acme, statuses=["open"])] == ["Cheaper delivery"]
    with pytest.raises(ValidationError, match="Importance"):
        needs.add_need(journal, acme, text="x", importance=4)


def test_objections(journal: Journal, acme: int) -> None:
    oid = needs.add_objection(journal, acme, concern="Too expensive").created_id("objection")
    assert queries.objection(journal, oid).status == "open"
    answered = needs.add_objection(journal, acme, concern="Switching is risky", response="We migrate for you")
    assert queries.objection(journal, answered.created_id("objection")).status == "answered"
    needs.set_objection_status(journal, oid, "resolved", worked=True)
    assert queries.objection(journal, oid).worked is True


# -- promises ---------------------------------------------------------------------------------------


def test_promises_both_ways(journal: Journal, acme: int) -> None:
    late = promises.add_promise(
        journal, acme, text="Send pricing", due_on=TODAY - timedelta(days=3)
    ).created_id("promise")
    promises.add_promise(journal, acme, text="Book demo", due_on=TODAY + timedelta(days=2))
    theirs = promises.add_promise(journal, acme, text="Intro to IT", due_on=TODAY, owner="them").created_id(
        "promise"
    )
    mine = queries.promises(journal, acme, owner="me")
    assert [p.text for p in mine] == ["Send pricing", "Book demo"]
    assert mine[0].days_late(TODAY) == 3
    assert queries.customer(journal, acme).health.status == "overdue"
    promises.mark_kept(journal, late)
    kept = queries.promise(journal, late)
    assert kept.status == "kept" and kept.completed_on == TODAY and kept.kept_on_time is False
    promises.release(journal, theirs, reason="They hired their own IT lead")
    assert queries.promise(journal, theirs).release_reason == "They hired their own IT lead"
    with pytest.raises(ValidationError, match="open promise"):
        promises.reschedule(journal, theirs, TODAY)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"text": "", "due_on": TODAY}, "cannot be empty"),
        ({"text": "Call back", "due_on": date(1, 1, 1)}, "not a believable date"),
        ({"text": "Call back", "due_on": None}, "Due date is needed"),
        ({"text": "Call back", "due_on": TODAY, "owner": "boss"}, "Who promised"),
        ({"text": "x" * 20_001, "due_on": TODAY}, "too long"),
    ],
)
def test_bad_promises_change_nothing(journal: Journal, acme: int, kwargs: dict, message: str) -> None:
    before = row_counts(journal)
    with pytest.raises(ValidationError, match=message):
        promises.add_promise(journal, acme, **kwargs)
    assert row_counts(journal) == before


def test_a_kept_date_in_the_future_is_refused(journal: Journal, acme: int) -> None:
    pid = promises.add_promise(journal, acme, text="x", due_on=TODAY).created_id("promise")
    with pytest.raises(ValidationError, match="future"):
        promises.mark_kept(journal, pid, on=TODAY + timedelta(days=1))


# -- interactions -----------------------------------------------------------------------------------


def test_interactions_and_plans(journal: Journal, acme: int, ann: int) -> None:
    m = journal.models
    when = datetime(2026, 11, 12, 15, 0, tzinfo=UTC)
    iid = interactions.add_interaction(
        journal,
        acme,
        occurred_at=when,
        interaction_kind="call",
        attendees=[ann],
        notes="> We need it by March",
        outcome="advanced",
        listening=4,
    ).created_id("interaction")
    [view] = queries.recent_interactions(journal, acme)
    assert view.id == iid and view.attendees[0].name == "Ann Lee" and view.notes == "> We need it by March"
    assert queries.customer(journal, acme).last_contact == date(2026, 11, 12)
    with pytest.raises(ValidationError, match="future"):
        interactions.plan_meeting(journal, acme, occurred_at=when, goal="Demo")
    planned = interactions.plan_meeting(
        journal,
        acme,
        occurred_at=datetime(2026, 11, 25, 14, 0, tzinfo=UTC),
        goal="Agree the pilot",
        attendees=[ann],
    ).created_id("interaction")
    assert [m.id for m in queries.planned_meetings(journal, customer_id=acme)] == [planned]
    assert queries.customer(journal, acme).last_contact == date(2026, 11, 12)  # a plan is not contact
    with pytest.raises(ValidationError, match="Listening"):
        interactions.update_interaction(journal, iid, listening=6)
    nid = needs.add_need(journal, acme, text="Speed", source_id=iid).created_id("need")
    interactions.delete_interaction(journal, iid)
    assert m.Need.get_by_id(nid).source_id is None  # what a meeting produced stays
    assert m.Interaction.select().count() == 1


def test_writes_are_all_or_nothing(journal: Journal, acme: int) -> None:
    before = row_counts(journal)
    with pytest.raises(ValidationError), journal.write("Log a meeting") as tx:
        interactions.add_interaction(journal, acme, notes="Went well")
        promises.add_promise(journal, acme, text="Send deck", due_on=TODAY)
        promises.add_promise(journal, acme, text="", due_on=TODAY)
    assert row_counts(journal) == before
    assert tx.refs  # the outer write saw the inner ones before it was rolled back


def test_listeners_hear_each_committed_write_once(journal: Journal, acme: int) -> None:
    m = journal.models
    heard = []
    journal.write_listeners.append(heard.append)
    with journal.write("Two things"):
        promises.add_promise(journal, acme, text="a", due_on=TODAY)
        promises.add_promise(journal, acme, text="b", due_on=TODAY)
    assert len(heard) == 1 and len(heard[0].ids("promise", "created")) == 2
    assert m.Promise.select().count() == 2


# -- questions and settings -------------------------------------------------------------------------


def test_questions(journal: Journal, acme: int) -> None:
    first = questions.add_question(journal, acme, text="What would success look like?").created_id("question")
    questions.add_question(journal, acme, text="Who else decides?")
    questions.mark_asked(journal, first, answer="Invoices out the same day")
    listed = queries.questions(journal, acme)
    assert [q.text for q in listed] == ["Who else decides?", "What would success look like?"]
    assert listed[1].answer == "Invoices out the same day" and listed[1].asked_on == TODAY
    assert questions.is_closed_question("Is the budget approved?")
    assert not questions.is_closed_question("How is the budget decided?")


def test_settings(journal: Journal) -> None:
    assert settings.get(journal, "currency") == "USD"
    settings.set_settings(journal, currency="eur", **{"cadence.lead": 10})
    assert settings.get(journal, "currency") == "EUR"
    assert settings.cadence_defaults(journal)["lead"] == 10
    with pytest.raises(ValidationError, match="three-letter"):
        settings.set_settings(journal, currency="euros")
