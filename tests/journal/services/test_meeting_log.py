"""Logging a meeting: everything found in it is written at once and linked back to it — or nothing is."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from journal.domain.errors import StorageError, ValidationError
from journal.reads import queries
from journal.services import contacts, customers, drafts, interactions, needs, promises, questions
from journal.services.meeting_log import (
    MeetingEntry,
    NeedUpdate,
    NewNeed,
    NewObjection,
    NewPerson,
    NewPromise,
    NewRapport,
    ObjectionUpdate,
    QuestionAsked,
    Reflection,
    log_meeting,
    stage_for_outcome,
    summary,
)
from journal.storage.db import Journal

TODAY = date(2026, 11, 22)  # Sunday; the clock fixture stands at 09:30 UTC


@pytest.fixture
def acme(journal: Journal) -> int:
    return customers.create_customer(journal, name="Acme Ltd", stage="qualified").created_id("customer")


@pytest.fixture
def priya(journal: Journal, acme: int) -> int:
    return contacts.add_contact(journal, acme, name="Priya Shah", role="CFO").created_id("contact")


def row_counts(journal: Journal) -> dict[str, int]:
    conn = journal.conn()
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def realistic(**changes: object) -> MeetingEntry:
    """Two needs, an objection and three promises: the meeting the issue's done-when describes."""
    entry = MeetingEntry(
        notes="Walked through month-end.\n> We lose a week every quarter\nThey want it before March.",
        interaction_kind="call",
        needs=(
            NewNeed("Close the books in two days", "We lose a week every quarter", "pain", 3),
            NewNeed("Board pack by the 5th", need_kind="goal"),
        ),
        objections=(NewObjection("Too expensive for 40 seats", "Showed payback in five months"),),
        promises=(
            NewPromise("Send pricing for 40 seats", date(2026, 11, 27)),
            NewPromise("Book a demo with IT", date(2026, 11, 30)),
            NewPromise("Share the close calendar", date(2026, 11, 25), owner="them"),
        ),
        outcome="advanced",
        next_step="Demo with IT",
        next_step_on=date(2026, 12, 1),
    )
    return MeetingEntry(**{**entry.__dict__, **changes})


def test_a_realistic_meeting_is_written_whole_and_linked_to_it(
    journal: Journal, acme: int, priya: int
) -> None:
    changes = log_meeting(
        journal,
        acme,
        realistic(
            attendees=(priya,),
            new_people=(NewPerson("Tom Berg", "IT lead"),),
            rapport=(NewRapport("Running the Berlin marathon", priya, "interests", "How did Berlin go?"),),
            questions=("What would make March realistic for you?",),
            reflection=Reflection(lesson="Ask about budget earlier", listening=4),
        ),
    )
    assert changes.label == "Log call with ‘Acme Ltd’"
    [iid] = changes.ids("interaction", "created")
    i = queries.interaction(journal, iid)
    assert (i.interaction_kind, i.outcome, i.next_step, i.next_step_on) == (
        "call",
        "advanced",
        "Demo with IT",
        date(2026, 12, 1),
    )
    assert i.occurred_at == datetime(2026, 11, 22, 9, 30, tzinfo=UTC)
    assert "> We lose a week every quarter" in i.notes
    assert (i.lesson, i.listening) == ("Ask about budget earlier", 4)
    assert [p.name for p in i.attendees] == ["Priya Shah", "Tom Berg"]
    tom = next(c for c in queries.contacts(journal, acme) if c.name == "Tom Berg")
    assert tom.role == "IT lead"

    found = queries.needs(journal, acme)
    assert [(n.text, n.quote, n.need_kind, n.importance) for n in found] == [
        ("Close the books in two days", "We lose a week every quarter", "pain", 3),
        ("Board pack by the 5th", "", "goal", 2),
    ]
    [objection] = queries.objections(journal, acme)
    assert (objection.status, objection.response) == ("answered", "Showed payback in five months")
    mine = queries.promises(journal, acme, owner="me")
    theirs = queries.promises(journal, acme, owner="them")
    assert [(p.text, p.due_on) for p in mine] == [
        ("Send pricing for 40 seats", date(2026, 11, 27)),
        ("Book a demo with IT", date(2026, 11, 30)),
    ]
    assert [p.text for p in theirs] == ["Share the close calendar"]
    [fact] = queries.rapport_facts(journal, acme)
    assert (fact.contact_id, fact.hook, fact.learned_on) == (priya, "How did Berlin go?", TODAY)
    [question] = queries.questions(journal, acme)
    sources = {n.source_id for n in found} | {objection.source_id, question.source_id}
    sources |= {p.source_id for p in (*mine, *theirs)}
    assert sources == {iid}
    assert journal.conn().execute("SELECT source_id FROM rapport_fact").fetchone()[0] == iid
    assert summary(changes) == ("2 needs, 1 objection, 1 rapport fact, 1 question, 3 promises, 1 new person")
    assert queries.customer(journal, acme).stage == "qualified"  # "advanced" moves no stage by itself


def test_updates_to_open_items_and_kept_promises_go_in_the_same_write(
    journal: Journal, acme: int, priya: int
) -> None:
    need = needs.add_need(journal, acme, text="Faster close").created_id("need")
    objection = needs.add_objection(journal, acme, concern="No budget this year").created_id("objection")
    again = needs.add_objection(journal, acme, concern="Too slow", response="It is fast").created_id(
        "objection"
    )
    question = questions.add_question(journal, acme, text="Who signs off?").created_id("question")
    mine = promises.add_promise(journal, acme, text="Send case study", due_on=TODAY).created_id("promise")
    theirs = promises.add_promise(journal, acme, text="Send data", due_on=TODAY, owner="them").created_id(
        "promise"
    )
    changes = log_meeting(
        journal,
        acme,
        MeetingEntry(
            notes="Follow-up",
            need_updates=(NeedUpdate(need, "addressed"),),
            objection_updates=(
                ObjectionUpdate(objection, "resolved", worked=True),
                ObjectionUpdate(again, "answered", response="Showed the load test: 40 ms a page"),
            ),
            questions_asked=(QuestionAsked(question, "The CFO, above 20k"),),
            kept=(mine, theirs),
            next_step="Send the contract",
            next_step_on=date(2026, 11, 24),
        ),
    )
    assert len(changes.ids("interaction", "created")) == 1
    assert queries.need(journal, need).status == "addressed"
    o = queries.objection(journal, objection)
    assert (o.status, o.worked) == ("resolved", True)
    o = queries.objection(journal, again)
    assert (o.status, o.response, o.worked) == ("answered", "Showed the load test: 40 ms a page", None)
    [q] = queries.questions(journal, acme)
    assert (q.status, q.answer, q.asked_on) == ("asked", "The CFO, above 20k", TODAY)
    assert {p.status for p in queries.promises(journal, acme)} == {"kept"}
    assert "2 promises updated" in summary(changes)


def test_a_failure_on_the_fifth_item_leaves_no_interaction_and_no_items(journal: Journal, acme: int) -> None:
    """Needs 1–2, the objection, promise 1 are written; promise 2 — the fifth item — hits a disk error."""
    before = row_counts(journal)
    journal.conn().execute(
        "CREATE TEMP TRIGGER fifth_item_fails BEFORE INSERT ON promise"
        " WHEN (SELECT count(*) FROM promise) >= 1"
        " BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END"
    )
    with pytest.raises(StorageError, match="nothing was saved"):
        log_meeting(journal, acme, realistic())
    assert row_counts(journal) == before
    assert queries.interaction_ids(journal, acme) == []
    assert queries.needs(journal, acme) == [] and queries.promises(journal, acme) == []
    assert not journal.in_write


def test_a_bad_fifth_item_is_named_and_nothing_is_written(journal: Journal, acme: int) -> None:
    before = row_counts(journal)
    entry = realistic()
    bad = (entry.promises[0], NewPromise("Send pricing", date(2026, 11, 20)), entry.promises[2])
    with pytest.raises(ValidationError, match="Promise 2: The due date is before the meeting") as info:
        log_meeting(journal, acme, realistic(promises=bad))
    assert info.value.field == "promises.1.due_on"
    with pytest.raises(ValidationError, match="Need 2: What they need cannot be empty") as info:
        log_meeting(journal, acme, realistic(needs=(entry.needs[0], NewNeed("  "))))
    assert info.value.field == "needs.1.text"
    assert row_counts(journal) == before


@pytest.mark.parametrize(
    ("outcome", "stage"),
    [
        ("", None),
        ("advanced", None),
        ("no_change", None),
        ("setback", None),
        ("won", "won"),
        ("lost", "lost"),
        ("not_now", "not_now"),
    ],
)
def test_outcome_moves_the_stage_only_when_unambiguous(
    journal: Journal, acme: int, outcome: str, stage: str | None
) -> None:
    m = journal.models
    assert stage_for_outcome(outcome) == stage
    entry = MeetingEntry(
        notes="Talked",
        outcome=outcome,
        next_step="" if outcome in ("won", "lost") else "Call back",
        next_step_on=None if outcome in ("won", "lost") else date(2026, 11, 30),
        reason="Budget frozen until April" if outcome in ("lost", "not_now") else "",
        revisit_on=date(2027, 4, 1) if outcome == "not_now" else None,
    )
    changes = log_meeting(journal, acme, entry)
    detail = queries.customer(journal, acme)
    assert detail.stage == (stage or "qualified")
    assert changes.touches("customer") == (stage is not None)
    if stage is not None:
        move = m.StageChange.select().where(m.StageChange.to_stage == stage).get()
        assert move.source_id == changes.created_id("interaction")
    if stage in ("lost", "not_now"):
        assert detail.revisit_reason == "Budget frozen until April"


def test_next_step_is_required_unless_won_or_lost(journal: Journal, acme: int) -> None:
    with pytest.raises(ValidationError, match="What happens next") as info:
        log_meeting(journal, acme, MeetingEntry(notes="Nice chat", outcome="advanced"))
    assert info.value.field == "next_step"
    with pytest.raises(ValidationError, match="When will the next step happen") as info:
        log_meeting(journal, acme, MeetingEntry(notes="Nice chat", next_step="Call"))
    assert info.value.field == "next_step_on"
    log_meeting(journal, acme, MeetingEntry(notes="Signed!", outcome="won"))
    assert queries.customer(journal, acme).stage == "won"


def test_not_now_needs_their_reason_and_a_revisit_date_which_becomes_the_next_step(
    journal: Journal, acme: int
) -> None:
    with pytest.raises(ValidationError, match="reason they gave") as info:
        log_meeting(journal, acme, MeetingEntry(outcome="not_now", revisit_on=date(2027, 3, 1)))
    assert info.value.field == "reason"
    with pytest.raises(ValidationError, match="date to revisit") as info:
        log_meeting(journal, acme, MeetingEntry(outcome="not_now", reason="After the merger"))
    assert info.value.field == "revisit_on"
    with pytest.raises(ValidationError, match="future"):
        log_meeting(journal, acme, MeetingEntry(outcome="not_now", reason="x", revisit_on=TODAY))
    changes = log_meeting(
        journal, acme, MeetingEntry(outcome="not_now", reason="After the merger", revisit_on=date(2027, 3, 1))
    )
    i = queries.interaction(journal, changes.created_id("interaction"))
    assert (i.next_step, i.next_step_on) == ("Get back in touch", date(2027, 3, 1))
    detail = queries.customer(journal, acme)
    assert (detail.stage, detail.revisit_on) == ("not_now", date(2027, 3, 1))


def test_completing_a_planned_meeting_logs_that_meeting(
    journal: Journal, acme: int, priya: int, clock
) -> None:
    planned = interactions.plan_meeting(
        journal,
        acme,
        occurred_at=datetime(2026, 11, 22, 10, 0, tzinfo=UTC),
        goal="Find out who signs",
        attendees=[priya],
    ).created_id("interaction")
    clock.set(datetime(2026, 11, 22, 11, 15, tzinfo=UTC))
    entry = realistic(planned_id=planned, attendees=(priya,))
    changes = log_meeting(journal, acme, entry)
    assert changes.ids("interaction", "created") == [] and changes.ids("interaction") == [planned]
    i = queries.interaction(journal, planned)
    assert (i.state, i.goal, i.occurred_at.hour) == ("done", "Find out who signs", 10)
    assert queries.planned_meetings(journal, customer_id=acme) == []
    assert {n.source_id for n in queries.needs(journal, acme)} == {planned}
    with pytest.raises(ValidationError, match="already been logged"):
        log_meeting(journal, acme, entry)


def test_what_cannot_be_right_is_refused(journal: Journal, acme: int, priya: int) -> None:
    other = customers.create_customer(journal, name="Globex").created_id("customer")
    stranger = contacts.add_contact(journal, other, name="Sam").created_id("contact")
    theirs = promises.add_promise(journal, other, text="x", due_on=TODAY).created_id("promise")
    ok = {"next_step": "Call", "next_step_on": TODAY}
    cases = [
        (MeetingEntry(occurred_at=datetime(2026, 11, 23, 9, 0, tzinfo=UTC), **ok), "still to come"),
        (MeetingEntry(attendees=(stranger,), **ok), "not one of this customer’s people"),
        (MeetingEntry(new_people=(NewPerson("priya shah"),), **ok), "already one of their people"),
        (MeetingEntry(new_people=(NewPerson("Al"), NewPerson("AL")), **ok), "added twice"),
        (MeetingEntry(kept=(theirs,), **ok), "belongs to another customer"),
        (MeetingEntry(rapport=(NewRapport("Likes golf"),), **ok), "Say who this is about"),
        (MeetingEntry(needs=(NewNeed("x", person="Nobody"),), **ok), "not one of the people added"),
        (MeetingEntry(reflection=Reflection(listening=6), **ok), "Listening must be between 1 and 5"),
        (MeetingEntry(interaction_kind="fax", **ok), "Kind must be one of"),
    ]
    before = row_counts(journal)
    for entry, message in cases:
        with pytest.raises(ValidationError, match=message):
            log_meeting(journal, acme, entry)
    assert row_counts(journal) == before


def test_a_new_person_can_be_named_in_the_items_of_the_same_log(journal: Journal, acme: int) -> None:
    entry = MeetingEntry(
        new_people=(NewPerson("Ola Nordmann", "Ops"),),
        rapport=(NewRapport("Two kids, loves sailing"),),  # the only attendee: no need to say who
        needs=(NewNeed("Fewer spreadsheets", person="ola nordmann"),),
        next_step="Call",
        next_step_on=TODAY,
    )
    log_meeting(journal, acme, entry)
    [ola] = queries.contacts(journal, acme)
    assert queries.needs(journal, acme)[0].contact_id == ola.id
    assert queries.rapport_facts(journal, acme)[0].contact_id == ola.id


def test_the_draft_goes_in_the_same_write_as_the_log(journal: Journal, acme: int) -> None:
    draft_id = drafts.save_draft(journal, "meeting_log", {"notes": "half"}, customer_id=acme).created_id(
        "draft"
    )
    with pytest.raises(ValidationError):
        log_meeting(journal, acme, MeetingEntry(notes="x"), draft_id=draft_id)
    assert drafts.draft(journal, draft_id) is not None, "a refused log keeps its draft"
    changes = log_meeting(journal, acme, realistic(), draft_id=draft_id)
    assert drafts.draft(journal, draft_id) is None
    assert changes.ids("draft", "deleted") == [draft_id]


# -- drafts --------------------------------------------------------------------------------------------


def test_drafts_are_kept_found_updated_and_thrown_away(journal: Journal, acme: int, clock) -> None:
    first = drafts.save_draft(journal, "meeting_log", {"notes": "We lose a week"}, customer_id=acme)
    assert first.label == "Keep a draft of the meeting log"
    assert first.customer_ids == frozenset(), "a draft names no customer: no view refreshes for it"
    draft_id = first.created_id("draft")
    clock.set(clock.now() + timedelta(seconds=5))
    drafts.save_draft(
        journal,
        "meeting_log",
        {"notes": "We lose a week — every quarter"},
        customer_id=acme,
        draft_id=draft_id,
    )
    found = drafts.latest_draft(journal, "meeting_log", acme)
    assert found is not None and found.id == draft_id
    assert found.payload == {"notes": "We lose a week — every quarter"}
    assert drafts.latest_draft(journal, "meeting_log", None) is None
    assert len(drafts.drafts(journal, "meeting_log")) == 1
    drafts.discard_draft(journal, draft_id)
    assert drafts.latest_draft(journal, "meeting_log", acme) is None
    assert not drafts.discard_draft(journal, draft_id), "throwing away a draft twice is harmless"
    with pytest.raises(ValidationError):
        drafts.save_draft(journal, "meeting_log", {"when": object()})  # not JSON


def test_undo_takes_back_a_whole_log_in_one_step_and_the_plan_returns(
    journal: Journal, acme: int, priya: int, clock
) -> None:
    from journal.storage.undo import UndoStack

    planned = interactions.plan_meeting(
        journal, acme, occurred_at=datetime(2026, 11, 22, 10, 0, tzinfo=UTC), attendees=[priya]
    ).created_id("interaction")
    clock.set(datetime(2026, 11, 22, 11, 15, tzinfo=UTC))
    stack = UndoStack(journal)
    before = row_counts(journal)
    log_meeting(journal, acme, realistic(planned_id=planned, outcome="won"))
    assert stack.undo_text == "Undo log call with ‘Acme Ltd’"
    stack.undo()

    def records(counts: dict[str, int]) -> dict[str, int]:  # (the search index's own pages may differ)
        return {t: n for t, n in counts.items() if not t.startswith("search_")}

    assert records(row_counts(journal)) == records(before)
    assert [m.id for m in queries.planned_meetings(journal, customer_id=acme)] == [planned]
    assert queries.customer(journal, acme).stage == "qualified"
    stack.redo()
    assert queries.planned_meetings(journal, customer_id=acme) == []
    assert len(queries.needs(journal, acme)) == 2 and queries.customer(journal, acme).stage == "won"


def test_a_need_already_open_is_not_logged_again(journal: Journal) -> None:
    from journal.services import customers, needs
    from journal.services.meeting_log import MeetingEntry, NewNeed, log_meeting

    acme = customers.create_customer(journal, name="Acme Foods").created_id("customer")
    nid = needs.add_need(journal, acme, text="Close the books in two days").created_id("need")
    entry = MeetingEntry(notes="Review", outcome="won", needs=(NewNeed("  close the BOOKS in two days"),))
    with pytest.raises(ValidationError) as refused:
        log_meeting(journal, acme, entry)
    assert f"(need #{nid}, noted" in refused.value.message and refused.value.field == "needs.0.text"
    assert len(journal.models.Need.select()) == 1


def test_a_log_is_checked_for_copies_folding_each_open_item_once(
    journal: Journal, acme: int, monkeypatch
) -> None:
    """A busy customer has hundreds of open needs: a log compares its new ones with each of them folded
    once (before: once per new need, and its own text each time: 85 ms a save on the large sample)."""
    from journal.domain import text as text_rules
    from journal.services import duplicates, meeting_log

    with journal.write("Open needs"):
        for n in range(200):
            journal.conn().execute(
                "INSERT INTO need (uid, created_at, updated_at, customer_id, text, need_kind, quote,"
                " importance, status) VALUES (lower(hex(randomblob(16))), '2026-01-01T00:00:00.000000Z',"
                " '2026-01-01T00:00:00.000000Z', ?, ?, 'pain', '', 2, 'open')",
                (acme, f"Open need number {n}"),
            )
    folds: list[str] = []

    def counted(text: str) -> str:
        folds.append(text)
        return text_rules.fold_name(text)

    monkeypatch.setattr(duplicates, "fold_name", counted)
    monkeypatch.setattr(meeting_log, "fold_name", counted)
    log_meeting(journal, acme, realistic())
    assert len(folds) <= 200 + 10, len(folds)
    with pytest.raises(ValidationError, match="already open"):
        log_meeting(journal, acme, realistic(needs=(NewNeed("open NEED number 7"),), promises=()))
