"""The readable pages say what the app says: my local times, planned meetings, the deal's value, whether my
answer to an objection worked, why a promise was let go, and their words as quotes."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from journal.domain.clock import FixedClock
from journal.exchange.markdown import export_markdown
from journal.services import customers, interactions, needs, promises, settings
from journal.services.meeting_log import MeetingEntry, NewObjection, log_meeting
from journal.storage.db import Journal

BERLIN = ZoneInfo("Europe/Berlin")


def test_a_customer_page_reads_like_the_app(tmp_path: Path) -> None:
    clock = FixedClock(datetime(2026, 11, 22, 9, 30, tzinfo=UTC), BERLIN)
    with Journal.open(tmp_path / "j.sqlite3", clock=clock) as j:
        settings.set_settings(j, currency="EUR")
        cafe = customers.create_customer(j, name="Harbor Café", value_minor=1_250_000).created_id("customer")
        log_meeting(
            j,
            cafe,
            MeetingEntry(
                notes='Walked through pricing\n" We lose a week every quarter\nThey want it before March',
                occurred_at=datetime(2026, 11, 20, 14, 0, tzinfo=BERLIN),
                outcome="advanced",
                next_step="Send the order form",
                next_step_on=date(2026, 11, 27),
                objections=(
                    NewObjection("Too expensive", "It pays back in one quarter"),
                    NewObjection("IT is busy", "We run the set-up"),
                ),
            ),
        )
        worked, failed = (o.id for o in j.models.Objection.select().order_by(j.models.Objection.id))
        needs.update_objection(j, worked, status="resolved", worked=True)
        needs.update_objection(j, failed, status="answered", worked=False)
        sow = promises.add_promise(j, cafe, text="Draft the SOW", due_on=date(2026, 11, 26)).created_id(
            "promise"
        )
        promises.release(j, sow, reason="They wrote their own")
        interactions.plan_meeting(
            j, cafe, occurred_at=datetime(2026, 11, 25, 10, 0, tzinfo=BERLIN), goal="Agree the pilot"
        )
        export_markdown(j, tmp_path / "pages")
    page = (tmp_path / "pages" / "Harbor Café.md").read_text(encoding="utf-8")

    assert "2026-11-20 14:00" in page and "UTC" not in page, "the meeting at the rep's own 14:00"
    assert "2026-11-25 10:00" in page and "Agree the pilot" in page, "the planned meeting is there"
    assert "**Deal value:** 12,500 EUR" in page
    assert "It pays back in one quarter (my answer worked)" in page
    assert "We run the set-up (my answer did not work)" in page
    assert "Draft the SOW" in page and "They wrote their own" in page
    assert "\n> We lose a week every quarter\n" in page and "\\>" not in page
    assert "They want it before March" in page
