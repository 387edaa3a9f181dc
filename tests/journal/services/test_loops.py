"""Nothing the rep decided falls through: a next step comes back on its day, a meeting that happened asks
to be logged, a not-now customer who moves forward is active again, and Today and the brief agree on who
is due for a touch."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from icalendar import Calendar

from journal.domain.clock import FixedClock
from journal.domain.errors import ValidationError
from journal.exchange import ics
from journal.reads import brief, brief_render, queries, reminders, today
from journal.services import contacts, customers, interactions, next_steps
from journal.services.meeting_log import MeetingEntry, log_meeting
from journal.storage.db import Journal
from journal.storage.undo import UndoStack
from tests.conftest import NOW

FRIDAY = date(2026, 11, 27)  # NOW is Sunday 22 Nov 2026


def _acme(journal: Journal, **values: object) -> int:
    return customers.create_customer(journal, name="Acme", **values).created_id("customer")  # type: ignore[arg-type]


def _log_with_next_step(journal: Journal, customer_id: int) -> int:
    entry = MeetingEntry(
        notes="Walked through hosting",
        outcome="advanced",
        next_step="Send the EU hosting terms",
        next_step_on=FRIDAY,
    )
    return log_meeting(journal, customer_id, entry).ids("interaction")[0]


def _brief_text(journal: Journal, customer_id: int) -> str:
    b = brief.build_brief(journal, customer_id, today=journal.clock.today())
    return brief_render.render_text(b)


def test_a_next_step_comes_back_on_its_day_in_today_the_brief_reminders_and_the_calendar(
    journal: Journal, clock: FixedClock, tmp_path: Path
) -> None:
    acme = _acme(journal)
    meeting = _log_with_next_step(journal, acme)

    clock.set(datetime(2026, 11, 27, 9, 5, tzinfo=UTC))  # Friday morning
    report = today.report(journal)
    [step] = report.next_steps
    assert (step.text, step.due_on, step.customer_id) == ("Send the EU hosting terms", FRIDAY, acme)
    assert report.total("next_steps") == 1
    assert "Send the EU hosting terms" in _brief_text(journal, acme).split("Last conversations")[0]

    due, meetings = reminders.upcoming(journal)
    plan = reminders.plan(clock.now(), clock.local_tz(), due, meetings)
    assert [r.title for r in plan.show] == ["Next step today: Send the EU hosting terms"]
    assert plan.show[0].kind == "next_step" and plan.show[0].item_id == meeting

    path = tmp_path / "cal.ics"
    ics.export(journal, path)
    [event] = [
        e for e in Calendar.from_ical(path.read_bytes()).walk("VEVENT") if "Next step" in str(e["SUMMARY"])
    ]
    assert str(event["SUMMARY"]) == "Next step with Acme: Send the EU hosting terms"
    assert event.decoded("DTSTART") == FRIDAY


def test_a_next_step_is_done_moved_or_dropped_and_each_can_be_undone(
    journal: Journal, clock: FixedClock
) -> None:
    acme = _acme(journal)
    meeting = _log_with_next_step(journal, acme)
    clock.set(datetime(2026, 11, 27, 9, 5, tzinfo=UTC))
    undo = UndoStack(journal)

    next_steps.mark_done(journal, meeting)
    assert today.report(journal).next_steps == ()
    assert undo.undo_text == "Undo mark done ‘Send the EU hosting terms’"
    undo.undo()
    assert [s.text for s in today.report(journal).next_steps] == ["Send the EU hosting terms"]

    next_steps.reschedule(journal, meeting, date(2026, 12, 10))
    assert today.report(journal).next_steps == (), "moved beyond this week"
    assert queries.interaction(journal, meeting).next_step_on == date(2026, 12, 10)
    undo.undo()

    next_steps.drop(journal, meeting)
    assert today.report(journal).next_steps == ()
    try:
        next_steps.mark_done(journal, meeting)
    except ValidationError as e:
        assert "already dropped" in str(e)
    else:
        raise AssertionError("a dropped next step cannot be done")
    undo.undo()
    assert [s.text for s in today.report(journal).next_steps] == ["Send the EU hosting terms"]


def test_the_next_meeting_log_can_tick_the_earlier_next_step_done(
    journal: Journal, clock: FixedClock
) -> None:
    acme = _acme(journal)
    first = _log_with_next_step(journal, acme)
    clock.set(datetime(2026, 11, 26, 15, 0, tzinfo=UTC))
    log_meeting(
        journal,
        acme,
        MeetingEntry(
            notes="Sent the terms on the call",
            outcome="advanced",
            next_step="Book the demo",
            next_step_on=date(2026, 12, 1),
            next_steps_done=(first,),
        ),
    )
    assert [s.text for s in today.report(journal).next_steps] == ["Book the demo"]


def test_a_meeting_that_happened_unlogged_asks_to_be_logged_and_leaves_coming_up(
    journal: Journal, clock: FixedClock
) -> None:
    acme = _acme(journal)
    priya = contacts.add_contact(journal, acme, name="Priya Shah").created_id("contact")
    clock.set(NOW - timedelta(days=3))
    coffee = interactions.plan_meeting(
        journal, acme, occurred_at=NOW - timedelta(days=2), goal="Coffee: hear how the pilot went"
    ).created_id("interaction")
    clock.set(datetime(2026, 11, 22, 8, 0, tzinfo=UTC))
    standup = interactions.plan_meeting(
        journal, acme, occurred_at=datetime(2026, 11, 22, 10, 0, tzinfo=UTC), attendees=[priya]
    ).created_id("interaction")
    assert standup in [c.item_id for c in today.report(journal).coming_up]

    clock.set(datetime(2026, 11, 22, 11, 0, tzinfo=UTC))  # the 10:00 meeting has passed
    report = today.report(journal)
    assert [c.item_id for c in report.to_log] == [coffee, standup], "oldest first"
    assert report.total("to_log") == 2
    assert [c for c in report.coming_up if c.kind == "meeting"] == []
    text = _brief_text(journal, acme)
    assert "not logged yet" in text and "Fri 20 Nov" in text
    b = brief.build_brief(journal, acme, today=clock.today())
    assert [m.id for m in b.customer.unlogged] == [standup, coffee]
    assert b.customer.upcoming == ()

    log_meeting(
        journal,
        acme,
        MeetingEntry(
            notes="Good coffee", outcome="no_change", next_step="Call", next_step_on=FRIDAY, planned_id=coffee
        ),
    )
    interactions.cancel_planned(journal, standup)
    assert today.report(journal).to_log == ()
    assert "not logged yet" not in _brief_text(journal, acme)


def test_a_not_now_customer_who_advances_is_active_again_and_leaves_revisit(
    journal: Journal, clock: FixedClock
) -> None:
    acme = _acme(journal, stage="proposal")
    customers.set_stage(
        journal, acme, "not_now", reason="Budget frozen till spring", revisit_on=date(2026, 12, 1)
    )
    clock.set(datetime(2026, 12, 2, 10, 0, tzinfo=UTC))
    assert [r.customer_id for r in today.report(journal).revisit] == [acme]

    log_meeting(
        journal,
        acme,
        MeetingEntry(
            notes="Budget is back",
            outcome="advanced",
            next_step="Send the proposal",
            next_step_on=date(2026, 12, 4),
        ),
    )
    detail = queries.customer(journal, acme)
    assert detail.stage == "proposal", "back where they were before not now"
    assert detail.revisit_on is None
    assert today.report(journal).revisit == ()


def test_a_rapport_hook_is_ticked_asked_in_the_log(journal: Journal) -> None:
    acme = _acme(journal)
    priya = contacts.add_contact(journal, acme, name="Priya Shah").created_id("contact")
    fact = contacts.add_rapport_fact(
        journal, priya, text="Runs the Berlin marathon", hook="Ask how the marathon went"
    ).created_id("rapport")
    assert "Ask how the marathon went" in _brief_text(journal, acme)
    log_meeting(
        journal,
        acme,
        MeetingEntry(
            notes="She ran 3:40",
            attendees=(priya,),
            outcome="no_change",
            next_step="Call",
            next_step_on=FRIDAY,
            hooks_asked=(fact,),
        ),
    )
    assert [f.hook_asked for f in queries.rapport_facts(journal, acme)] == [True]
    assert "Ask how the marathon went" not in _brief_text(journal, acme).split("Last conversations")[0]


def test_a_cadence_that_runs_out_today_is_due_in_today_and_in_the_brief(
    journal: Journal, clock: FixedClock
) -> None:
    acme = _acme(journal, cadence_days=14)
    interactions.add_interaction(journal, acme, occurred_at=NOW - timedelta(days=14))
    b = brief.build_brief(journal, acme, today=clock.today())
    assert b.customer.health.status == "due"
    [slipping] = today.report(journal).slipping
    assert slipping.customer_id == acme
    assert slipping.label == "due for a touch today (every 14 days)"
