"""The pre-meeting brief: what each section holds and in what order, on a fixed day."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest

from journal.domain.clock import FixedClock
from journal.domain.errors import NotFound, ValidationError
from journal.reads.brief import Brief, build_brief, summarise
from journal.services import contacts, customers, interactions, needs, promises, questions
from journal.storage.db import Journal
from tests.conftest import NOW

TODAY = date(2026, 11, 22)
STAMP = {"created_at": NOW, "updated_at": NOW}  # rows made past the services carry their own times


def at(days: int, hour: int = 10) -> datetime:
    """A moment `days` from now (negative: ago)."""
    return datetime.combine(TODAY + timedelta(days=days), datetime.min.time(), tzinfo=UTC).replace(hour=hour)


def brief(journal: Journal, cid: int, meeting: int | None = None) -> Brief:
    return build_brief(journal, cid, today=TODAY, meeting_id=meeting)


@pytest.fixture
def acme(journal: Journal) -> int:
    return customers.create_customer(
        journal, name="Acme Bakery", industry="Food", stage="proposal", value_minor=4_000_000
    ).created_id("customer")


def person(journal: Journal, cid: int, name: str, role: str = "") -> int:
    return contacts.add_contact(journal, cid, name=name, role=role).created_id("contact")


def log(journal: Journal, clock: FixedClock, cid: int, days_ago: int, people: list[int], **values) -> int:
    return interactions.add_interaction(
        journal, cid, occurred_at=at(-days_ago), attendees=people, **values
    ).created_id("interaction")


# -- header --------------------------------------------------------------------------------------------


def test_header_says_stage_value_and_last_contact_against_the_cadence(journal, acme, clock) -> None:
    ann = person(journal, acme, "Ann Lee", "CFO")
    customers.update_customer(journal, acme, cadence_days=30)
    log(journal, clock, acme, 41, [ann])
    h = brief(journal, acme).customer
    assert (h.name, h.stage, h.value_minor, h.industry) == ("Acme Bakery", "proposal", 4_000_000, "Food")
    assert (h.last_contact, h.days_since, h.cadence_days, h.past_cadence) == (
        TODAY - timedelta(41),
        41,
        30,
        True,
    )
    assert h.health.status == "slipping"
    assert [p.name for p in h.with_people] == ["Ann Lee"] and h.with_rule == "recent"


def test_upcoming_meetings_are_in_the_header_soonest_first_and_past_plans_are_not(
    journal, acme, clock
) -> None:
    m = journal.models
    later = interactions.plan_meeting(journal, acme, occurred_at=at(9), goal="Sign").created_id("interaction")
    soon = interactions.plan_meeting(journal, acme, occurred_at=at(2), goal="Demo").created_id("interaction")
    stale = interactions.plan_meeting(journal, acme, occurred_at=at(1), goal="Old").created_id("interaction")
    m.Interaction.update(occurred_at=at(-3)).where(m.Interaction.id == stale).execute()
    assert [u.id for u in brief(journal, acme).customer.upcoming] == [soon, later]
    assert brief(journal, acme).customer.upcoming[0].goal == "Demo"


# -- promises ------------------------------------------------------------------------------------------


def test_i_owe_them_is_overdue_first_with_days_late_then_by_due_date(journal, acme) -> None:
    def add(text: str, days: int, owner: str = "me") -> int:
        due = TODAY + timedelta(days=days)
        return promises.add_promise(journal, acme, text=text, due_on=due, owner=owner).created_id("promise")

    soon = add("Send the deck", 3)
    very_late = add("Send pricing", -5)
    late = add("Call back", -1)
    today = add("Book the demo", 0)
    kept = add("Intro to support", -2)
    promises.mark_kept(journal, kept)
    theirs = add("Send the org chart", -4, owner="them")

    b = brief(journal, acme)
    assert [p.id for p in b.i_owe.items] == [very_late, late, today, soon]
    assert [p.days_late for p in b.i_owe.items] == [5, 1, 0, 0]
    assert b.i_owe.total == 4
    assert [(p.id, p.days_late) for p in b.they_owe.items] == [(theirs, 4)]


def test_a_long_promise_list_is_cut_and_counted(journal, acme) -> None:
    m = journal.models
    with journal.write("many"):
        for n in range(30):
            m.Promise.create(
                customer=acme, owner="me", text=f"P{n}", due_on=TODAY + timedelta(days=n), **STAMP
            )
    section = brief(journal, acme).i_owe
    assert len(section.items) == 25 and section.total == 30 and section.more == 5


# -- what they care about ------------------------------------------------------------------------------


def test_needs_by_importance_then_newest_with_their_words_and_who_said_it(journal, acme, clock) -> None:
    ann = person(journal, acme, "Ann Lee")

    def add(text: str, importance: int, days_ago: int, **kw) -> int:
        clock.set(NOW - timedelta(days=days_ago))
        return needs.add_need(journal, acme, text=text, importance=importance, **kw).created_id("need")

    old_high = add(
        "Month end takes ten days", 3, 30, need_kind="pain", quote="We live in Excel", contact_id=ann
    )
    new_mid = add("Cash view", 2, 1)
    new_high = add("Get paid faster", 3, 2, need_kind="goal")
    addressed = add("Audit trail", 1, 5)
    needs.set_need_status(journal, addressed, "addressed")
    dropped = add("Payroll", 3, 3)
    needs.set_need_status(journal, dropped, "dropped")
    fixed = add("Approvals get lost", 2, 40)
    clock.set(NOW - timedelta(days=20))
    needs.set_need_status(journal, fixed, "resolved")
    long_ago = add("Paper receipts", 2, 300)
    clock.set(NOW - timedelta(days=200))
    needs.set_need_status(journal, long_ago, "resolved")
    clock.set(NOW)

    care = brief(journal, acme).care_about
    assert [n.id for n in care.open.items] == [new_high, old_high, new_mid, addressed]
    first_quoted = care.open.items[1]
    assert (first_quoted.quote, first_quoted.contact_name, first_quoted.kind) == (
        "We live in Excel",
        "Ann Lee",
        "pain",
    )
    assert care.open.items[3].status == "addressed"
    assert [(r.id, r.resolved_on) for r in care.resolved] == [(fixed, TODAY - timedelta(days=20))]


# -- objections ----------------------------------------------------------------------------------------


def test_objections_open_first_then_answers_that_did_not_work_and_never_resolved_ones(
    journal, acme, clock
) -> None:
    def add(concern: str, days_ago: int, **kw) -> int:
        clock.set(NOW - timedelta(days=days_ago))
        return needs.add_objection(journal, acme, concern=concern, **kw).created_id("objection")

    worked = add("Too expensive", 1, response="Showed the payback", worked=True)
    unsure = add("Busy season", 2, response="Start in January")
    failed = add("Cloud worries", 3, response="Sent the DPA", worked=False)
    old_open = add("Bad last vendor", 10)
    new_open = add("Contract length", 4)
    resolved = add("Training time", 5, response="Two short sessions")
    needs.set_objection_status(journal, resolved, "resolved")
    clock.set(NOW)

    items = brief(journal, acme).objections.items
    assert [o.id for o in items] == [new_open, old_open, failed, unsure, worked]
    assert (items[2].response, items[2].worked) == ("Sent the DPA", False)


# -- people --------------------------------------------------------------------------------------------


def test_a_meetings_brief_is_about_its_attendees_and_opens_with_its_goal(journal, acme, clock) -> None:
    ann = person(journal, acme, "Ann Lee", "CFO")
    bob = person(journal, acme, "Bob Marsh", "IT")
    log(journal, clock, acme, 3, [bob])
    meeting = interactions.plan_meeting(
        journal, acme, occurred_at=at(2, 14), goal="Agree the pilot scope", attendees=[ann]
    ).created_id("interaction")

    b = brief(journal, acme, meeting)
    assert b.meeting is not None and b.meeting.goal == "Agree the pilot scope"
    assert b.meeting.when.hour == 14
    assert [p.name for p in b.people.items] == ["Ann Lee", "Bob Marsh"]  # its attendees first
    assert b.customer.with_rule == "meeting"
    assert [p.name for p in brief(journal, acme).people.items] == ["Bob Marsh", "Ann Lee"]  # most recent


def test_a_meeting_of_another_customer_is_refused(journal, acme) -> None:
    other = customers.create_customer(journal, name="Other").created_id("customer")
    meeting = interactions.plan_meeting(journal, other, occurred_at=at(1)).created_id("interaction")
    with pytest.raises(ValidationError, match="not with Acme Bakery"):
        brief(journal, acme, meeting)
    with pytest.raises(NotFound):
        brief(journal, acme, 9999)


def test_people_have_facts_newest_first_unasked_hooks_and_dates_within_30_days(journal, acme, clock) -> None:
    ann = person(journal, acme, "Ann Lee", "CFO")
    log(journal, clock, acme, 2, [ann])

    def fact(text: str, days_ago: int, hook: str = "") -> int:
        learned = TODAY - timedelta(days=days_ago)
        return contacts.add_rapport_fact(journal, ann, text=text, learned_on=learned, hook=hook).created_id(
            "rapport"
        )

    marathon = fact("Runs marathons", 40, hook="How did Berlin go?")
    asked = fact("Twins at school", 30, hook="How are the twins?")
    contacts.update_rapport_fact(journal, asked, hook_asked=True)
    newest = fact("Moved house", 1)
    for n in range(5):
        fact(f"Old fact {n}", 100 + n)
    birthday = contacts.add_important_date(
        journal, acme, month=12, day=1, year=1976, contact_id=ann
    ).created_id("date")
    contacts.add_important_date(journal, acme, month=1, day=5, contact_id=ann)  # 44 days away
    renewal = contacts.add_important_date(
        journal, acme, month=12, day=15, date_kind="renewal", label="Contract renewal"
    ).created_id("date")

    b = brief(journal, acme)
    [p] = b.people.items
    assert (p.name, p.role) == ("Ann Lee", "CFO")
    assert [f.id for f in p.facts][:3] == [newest, asked, marathon] and len(p.facts) == 4
    assert [f.id for f in p.hooks] == [marathon]
    assert [(d.id, d.days_away, d.years) for d in p.dates] == [(birthday, 9, 50)]
    assert [(d.id, d.label, d.days_away) for d in b.customer.dates] == [(renewal, "Contract renewal", 23)]


def test_people_fall_back_to_the_customers_people_then_say_there_are_none(journal, acme) -> None:
    assert brief(journal, acme).people.items == ()
    assert brief(journal, acme).customer.with_rule == "none"
    person(journal, acme, "Zoe")
    person(journal, acme, "Abe")
    b = brief(journal, acme)
    assert [p.name for p in b.people.items] == ["Abe", "Zoe"] and b.customer.with_rule == "people"


# -- last conversations ----------------------------------------------------------------------------------


def test_last_three_conversations_newest_first_with_summary_outcome_next_step_and_lessons(
    journal, acme, clock
) -> None:
    ann = person(journal, acme, "Ann Lee")
    ids = [log(journal, clock, acme, days, [ann], notes=f"Talk {days}") for days in (40, 30, 20)]
    newest = log(
        journal,
        clock,
        acme,
        5,
        [ann],
        notes="## Visit\n\n- Need: **one** view of cash\n\n> We live in Excel.\n",
        outcome="advanced",
        next_step="Send pricing",
        next_step_on=TODAY + timedelta(days=2),
        lesson="Ask about budget early",
        to_improve="Talked too much",
    )
    interactions.plan_meeting(journal, acme, occurred_at=at(3))

    items = brief(journal, acme).last_conversations.items
    assert [c.id for c in items] == [newest, ids[2], ids[1]]
    c = items[0]
    assert c.summary == "Visit. Need: one view of cash. “We live in Excel.”"
    assert (c.outcome, c.next_step, c.lesson, c.to_improve) == (
        "advanced",
        "Send pricing",
        "Ask about budget early",
        "Talked too much",
    )
    assert [p.name for p in c.attendees] == ["Ann Lee"]


def test_a_long_note_is_summarised_short_at_a_word() -> None:
    text = summarise("word " * 200)
    assert len(text) <= 240 and text.endswith("word…")


# -- questions -----------------------------------------------------------------------------------------


def test_queued_questions_come_first_then_open_bank_questions_that_fit_the_needs(journal, acme) -> None:
    first = questions.add_question(journal, acme, text="What would make this easy?").created_id("question")
    closed = questions.add_question(journal, acme, text="Is budget approved?").created_id("question")
    asked = questions.add_question(journal, acme, text="How will you measure whether this was worth it?")
    questions.mark_asked(journal, asked.created_id("question"))
    needs.add_need(journal, acme, text="Budget is tight this year", need_kind="concern", importance=3)

    items = brief(journal, acme).questions.items
    assert [(q.id, q.source, q.closed) for q in items[:2]] == [
        (first, "queued", False),
        (closed, "queued", True),
    ]
    suggested = items[2:]
    assert len(suggested) == 3 and all(q.source == "bank" for q in suggested)
    texts = [q.text for q in suggested]
    assert "How will you measure whether this was worth it?" not in texts  # asked already
    assert any("budget" in q.text.lower() and "Budget is tight" in q.reason for q in suggested)
    from journal.services.questions import is_closed_question

    assert not any(is_closed_question(t) for t in texts)


def test_suggestions_follow_the_stage(journal, acme) -> None:
    customers.set_stage(
        journal, acme, "not_now", reason="Budget frozen", revisit_on=TODAY + timedelta(days=60)
    )
    texts = [q.text for q in brief(journal, acme).questions.items]
    assert "What would make now a better time than before?" in texts
    assert "What prompted you to start looking at this now?" not in texts  # a lead's question


# -- not now -------------------------------------------------------------------------------------------


def test_not_now_customers_show_their_reason_and_revisit_date(journal, acme) -> None:
    assert brief(journal, acme).revisit is None
    customers.set_stage(
        journal, acme, "not_now", reason="Try us after the busy season", revisit_on=TODAY + timedelta(days=30)
    )
    r = brief(journal, acme).revisit
    assert r is not None
    assert (r.stage, r.reason, r.revisit_on, r.due_in, r.since) == (
        "not_now",
        "Try us after the busy season",
        TODAY + timedelta(days=30),
        30,
        TODAY,
    )


# -- an empty customer ---------------------------------------------------------------------------------


def test_an_empty_customer_has_every_section_saying_why_it_is_empty(journal, acme) -> None:
    b = brief(journal, acme)
    sections = [b.i_owe, b.they_owe, b.care_about.open, b.objections, b.people, b.last_conversations]
    for section in sections:
        assert section.items == () and section.total == 0
        assert section.empty
    assert b.i_owe.empty.startswith("Nothing promised to them")
    assert b.customer.last_contact is None and b.customer.health.status == "new"
    assert len(b.questions.items) == 3  # suggestions for a proposal, even with nothing known yet


def test_a_missing_customer_is_not_found(journal) -> None:
    with pytest.raises(NotFound):
        build_brief(journal, 404, today=TODAY)


# -- queries do not grow with data -----------------------------------------------------------------------


def grow(journal: Journal, cid: int, n: int) -> None:
    """n interactions, each with attendees, a need, an objection, two promises, a question and a fact."""
    m = journal.models
    people = [person(journal, cid, f"Person {k}") for k in range(4)]
    with journal.write("grow"):
        for k in range(n):
            when = NOW - timedelta(days=n - k)
            i = m.Interaction.create(
                customer=cid, occurred_at=when, notes=f"Note {k}", lesson=f"Lesson {k}", **STAMP
            )
            m.Attendee.create(interaction=i.id, contact=people[k % 4])
            m.Need.create(
                customer=cid,
                text=f"Need {k}",
                importance=1 + k % 3,
                source=i.id,
                created_at=when,
                updated_at=when,
            )
            m.Objection.create(customer=cid, concern=f"Concern {k}", created_at=when, updated_at=when)
            for owner in ("me", "them"):
                m.Promise.create(
                    customer=cid,
                    owner=owner,
                    text=f"P{k}",
                    due_on=TODAY + timedelta(days=k % 40 - 20),
                    **STAMP,
                )
            m.Question.create(customer=cid, text=f"What about {k}?", **STAMP)
            m.RapportFact.create(contact=people[k % 4], text=f"Fact {k}", hook="How was it?", **STAMP)
        m.Interaction.create(customer=cid, occurred_at=at(3), state="planned", goal="Next", **STAMP)


def count_queries(journal: Journal, action: Callable[[], object]) -> list[str]:
    seen: list[str] = []
    conn = journal.conn()
    conn.set_trace_callback(seen.append)
    try:
        action()
    finally:
        conn.set_trace_callback(None)
    return seen


def test_the_number_of_queries_does_not_grow_with_the_customers_history(journal) -> None:
    small = customers.create_customer(journal, name="Small").created_id("customer")
    large = customers.create_customer(journal, name="Large").created_id("customer")
    grow(journal, small, 5)
    grow(journal, large, 500)
    few = count_queries(journal, lambda: brief(journal, small))
    many = count_queries(journal, lambda: brief(journal, large))
    assert len(few) == len(many) <= 16
    b = brief(journal, large)
    assert b.i_owe.total == 500 and len(b.i_owe.items) == 25
    assert len(b.last_conversations.items) == 3 and b.customer.upcoming
