"""A calendar that imported one export is put right by the next: settled promises and meetings are sent as
cancelled (same UID, SEQUENCE one higher), and SEQUENCE grows by one for each real change, no more."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar

from journal.domain.clock import FixedClock
from journal.exchange import ics
from journal.exchange import journal_json as exchange
from journal.services import customers, interactions, promises
from journal.services.meeting_log import MeetingEntry, log_meeting
from journal.storage.db import Journal
from tests.conftest import NOW


def _events(path: Path) -> dict[str, Any]:
    return {str(e["UID"]): e for e in Calendar.from_ical(path.read_bytes()).walk("VEVENT")}


def _state(event: Any) -> tuple[str, int]:
    return str(event.get("STATUS", "CONFIRMED")), int(event["SEQUENCE"])


def test_what_is_settled_since_the_last_export_is_cancelled_and_changes_count_once(
    journal: Journal, clock: FixedClock, tmp_path: Path
) -> None:
    acme = customers.create_customer(journal, name="Acme").created_id("customer")

    def promise(text: str, day: int) -> int:
        return promises.add_promise(journal, acme, text=text, due_on=date(2026, 11, day)).created_id(
            "promise"
        )

    kept, released, moved, same = (
        promise("Send pricing", 25),
        promise("Draft the SOW", 26),
        promise("Call the CFO", 27),
        promise("Share the case study", 28),
    )
    call_off = interactions.plan_meeting(journal, acme, occurred_at=NOW + timedelta(days=1)).created_id(
        "interaction"
    )
    held = interactions.plan_meeting(journal, acme, occurred_at=NOW + timedelta(hours=2)).created_id(
        "interaction"
    )
    uid = {
        name: f"{journal.models.Promise.get_by_id(pid).uid}@sales-journal"
        for name, pid in (("kept", kept), ("released", released), ("moved", moved), ("same", same))
    }
    for name, iid in (("call_off", call_off), ("held", held)):
        uid[name] = f"{journal.models.Interaction.get_by_id(iid).uid}@sales-journal"

    first = _events_after(journal, tmp_path / "1.ics")
    assert {u: _state(first[u]) for u in uid.values()} == dict.fromkeys(uid.values(), ("CONFIRMED", 0))

    clock.set(NOW + timedelta(hours=3))  # the SEQUENCE once counted these seconds: 10800
    promises.mark_kept(journal, kept)
    promises.release(journal, released, reason="They bought it elsewhere")
    promises.reschedule(journal, moved, date(2026, 11, 30))
    interactions.cancel_planned(journal, call_off)
    log_meeting(
        journal,
        acme,
        MeetingEntry(notes="Met", outcome="won", planned_id=held),
    )
    second = _events_after(journal, tmp_path / "2.ics")
    for name in ("kept", "released", "call_off", "held"):
        assert _state(second[uid[name]]) == ("CANCELLED", 1), name
    assert second[uid["kept"]].decoded("DTSTART") == date(2026, 11, 25), "the same event, cancelled"
    assert _state(second[uid["moved"]]) == ("CONFIRMED", 1)
    assert second[uid["moved"]].decoded("DTSTART") == date(2026, 11, 30)
    assert _state(second[uid["same"]]) == ("CONFIRMED", 0)

    clock.set(NOW + timedelta(days=1))
    third = _events_after(journal, tmp_path / "3.ics")  # nothing changed: nothing goes up
    assert {u: _state(e) for u, e in third.items()} == {u: _state(e) for u, e in second.items()}

    promises.reopen(journal, kept)  # kept by mistake: the event comes back, newer than its cancellation
    fourth = _events_after(journal, tmp_path / "4.ics")
    assert _state(fourth[uid["kept"]]) == ("CONFIRMED", 2)


def _events_after(journal: Journal, path: Path) -> dict[str, Any]:
    ics.export(journal, path)
    return _events(path)


def test_an_export_that_cannot_be_written_remembers_nothing(journal: Journal, tmp_path: Path) -> None:
    acme = customers.create_customer(journal, name="Acme").created_id("customer")
    promises.add_promise(journal, acme, text="Send pricing", due_on=date(2026, 11, 25))
    (tmp_path / "a file").write_text("not a folder")
    with pytest.raises(OSError):
        ics.export(journal, tmp_path / "a file" / "cal.ics")
    assert journal.models.CalendarEvent.select().count() == 0


def test_a_journal_moved_by_json_keeps_what_its_calendar_was_sent(
    journal: Journal, clock: FixedClock, tmp_path: Path
) -> None:
    acme = customers.create_customer(journal, name="Acme").created_id("customer")
    pid = promises.add_promise(journal, acme, text="Send pricing", due_on=date(2026, 11, 25)).created_id(
        "promise"
    )
    ics.export(journal, tmp_path / "1.ics")
    exchange.export_json(journal, tmp_path / "j.json", now=clock.now())
    with Journal.open(tmp_path / "new.sqlite3", clock=FixedClock(datetime(2026, 11, 23, tzinfo=UTC))) as new:
        exchange.import_json(new, tmp_path / "j.json")
        promises.mark_kept(new, pid)
        events = _events_after(new, tmp_path / "2.ics")
    assert [_state(e) for e in events.values()] == [("CANCELLED", 1)]
