"""Learning across customers: reasons sorted into kinds, and the patterns a rep reads once a month."""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from journal.domain.clock import FixedClock
from journal.domain.errors import ValidationError
from journal.domain.reasons import suggest_category
from journal.reads import insights
from journal.reads.brief import build_brief
from journal.reads.brief_render import render_text
from journal.services import customers, interactions, needs, promises
from journal.storage.db import Journal
from tests.conftest import NOW
from ui.cli import main

TODAY = NOW.date()
FIXTURES = Path(__file__).parents[1] / "fixtures"


@pytest.mark.parametrize(
    ("words", "category"),
    [
        ("Price is above what they budgeted", "price"),
        ("The budget has gone on the warehouse extension this year.", "no_budget"),
        ("We went with a cheaper supplier", "competitor"),
        ("Needs sign-off from group IT", "no_authority"),
        ("Not the right time: a reorganisation is under way", "timing"),
        ("Spreadsheets are good enough", "status_quo"),
        ("Honestly we don't need it", "no_need"),
        ("Data would live in the cloud", "other"),
        ("   ", ""),
    ],
)
def test_a_reason_is_sorted_by_its_words(words: str, category: str) -> None:
    assert suggest_category(words) == category


def _stages(journal: Journal, clock: FixedClock) -> dict[str, int]:
    ids = {}
    for name, industry in (("Won Co", "Retail"), ("Lost Co", "Retail"), ("Later Co", "Logistics")):
        ids[name] = customers.create_customer(journal, name=name, industry=industry).created_id("customer")
    customers.set_stage(journal, ids["Won Co"], "won")
    customers.set_stage(journal, ids["Lost Co"], "lost", reason="Too expensive for what it does")
    customers.set_stage(
        journal,
        ids["Later Co"],
        "not_now",
        reason="Busy season until March",
        revisit_on=TODAY + timedelta(days=90),
    )
    return ids


def test_lost_and_not_now_reasons_keep_their_words_and_a_kind_the_rep_can_change(journal, clock) -> None:
    ids = _stages(journal, clock)
    report = insights.build(journal, insights.default_period(TODAY))
    assert {(g.category, g.count) for g in report.reasons} == {("price", 1), ("timing", 1)}
    [price] = [g for g in report.reasons if g.category == "price"]
    assert price.quotes[0].text == "Too expensive for what it does" and price.quotes[0].customer == "Lost Co"
    customers.set_stage(journal, ids["Lost Co"], "lost", reason="Chose a rival", reason_category="competitor")
    assert "competitor" in {
        g.category for g in insights.build(journal, insights.default_period(TODAY)).reasons
    }
    with pytest.raises(ValidationError, match="not a kind of reason"):
        customers.set_stage(journal, ids["Lost Co"], "lost", reason="x", reason_category="banana")


def test_win_rate_objections_that_worked_and_what_customers_keep_naming(journal, clock) -> None:
    ids = _stages(journal, clock)
    won, lost = ids["Won Co"], ids["Lost Co"]
    needs.add_objection(journal, won, concern="Price is high", response="Broke it down per site", worked=True)
    needs.add_objection(journal, lost, concern="Too pricey", response="Offered a discount", worked=False)
    needs.add_objection(journal, lost, concern="Needs the board's approval")
    for cid in (won, lost):
        needs.add_need(
            journal, cid, text="Month-end takes four days", need_kind="pain", quote="We lose a week"
        )
    report = insights.build(journal, insights.default_period(TODAY))
    assert (report.won, report.lost, report.not_now, report.win_rate) == (1, 1, 1, 0.5)
    price = next(o for o in report.objections if o.category == "price")
    assert (price.raised, price.answered, price.worked, price.worked_share) == (2, 2, 1, 0.5)
    assert [a.text for a in price.best_answers] == ["Broke it down per site"]
    [top, *_] = report.needs
    assert (top.text, top.customers, top.industries, top.quote) == (
        "Month-end takes four days",
        2,
        "Retail",
        "We lose a week",
    )


def test_follow_through_beside_won_and_lost_deals_and_listening_against_outcomes(journal, clock) -> None:
    ids = _stages(journal, clock)
    kept = promises.add_promise(journal, ids["Won Co"], text="Send terms", due_on=TODAY - timedelta(days=5))
    promises.mark_kept(journal, kept.created_id("promise"), on=TODAY - timedelta(days=6))
    promises.add_promise(journal, ids["Lost Co"], text="Send case study", due_on=TODAY - timedelta(days=3))
    for outcome, listening in (("advanced", 5), ("advanced", 3), ("setback", 2)):
        interactions.add_interaction(
            journal, ids["Won Co"], occurred_at=NOW - timedelta(days=2), notes="Call", outcome=outcome,
            listening=listening, lesson="Ask about the budget owner first" if outcome == "setback" else "",
        )  # fmt: skip
    report = insights.build(journal, insights.default_period(TODAY))
    by_result = {f.result: f for f in report.follow_through_by_result}
    assert (by_result["won"].on_time, by_result["won"].late, by_result["won"].on_time_share) == (1, 0, 1.0)
    assert (by_result["lost"].on_time, by_result["lost"].late) == (0, 1)
    listening = {line.outcome: (line.meetings, line.average_listening) for line in report.listening}
    assert listening["advanced"] == (2, 4.0) and listening["setback"] == (1, 2.0)
    assert [le.text for le in insights.build(journal, report.period, lessons_matching="budget").lessons] == [
        "Ask about the budget owner first"
    ]
    assert insights.build(journal, report.period, lessons_matching="nothing like it").lessons == ()


def test_the_brief_shows_what_worked_with_others_against_the_same_kind_of_objection(journal, clock) -> None:
    ids = _stages(journal, clock)
    needs.add_objection(
        journal, ids["Won Co"], concern="Price is high", response="Broke it down per site", worked=True
    )
    needs.add_objection(journal, ids["Later Co"], concern="It costs too much")
    brief = build_brief(journal, ids["Later Co"], today=TODAY)
    [objection] = brief.objections.items
    assert objection.category == "price" and objection.worked_elsewhere == ("Broke it down per site",)
    assert "Worked with others" in render_text(brief) and "Broke it down per site" in render_text(brief)
    own = build_brief(journal, ids["Won Co"], today=TODAY).objections.items[0]
    assert own.worked_elsewhere == (), "an answer that already worked needs no help"


def test_a_journal_from_before_gets_its_reasons_sorted_when_it_is_opened(tmp_path: Path) -> None:
    copy = tmp_path / "old.sqlite3"
    shutil.copy(FIXTURES / "v1.sqlite3", copy)
    with Journal.open(copy, clock=FixedClock(datetime(2026, 11, 2, tzinfo=NOW.tzinfo))):
        pass
    with sqlite3.connect(copy) as conn:
        rows = conn.execute("SELECT concern, category FROM objection").fetchall()
    assert rows == [("Another subscription to pay for", suggest_category("Another subscription to pay for"))]
    assert rows[0][1] != ""


def test_insights_from_the_command_line(journal, journal_path: Path, clock, capsys) -> None:
    _stages(journal, clock)
    assert main(["--journal", str(journal_path), "insights"]) == 0
    text = capsys.readouterr().out
    assert "Won 1, lost 1, not now 1: a win rate of 50%" in text and "“Busy season until March”" in text
    assert main(["--journal", str(journal_path), "insights", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["totals"]["win_rate"] == 0.5 and data["period"]["until"] == TODAY.isoformat()
    assert {"reasons", "objections", "needs", "pipeline", "follow_through", "listening", "lessons"} <= set(
        data
    )
    since_after_until = ["insights", "--since", "2026-11-20", "--until", "2026-11-01"]
    assert main(["--journal", str(journal_path), *since_after_until]) == 2
    assert "--since must come before --until" in capsys.readouterr().err
    assert date.fromisoformat(data["period"]["since"]) == date(2025, 12, 1)


def test_a_need_named_in_other_words_counts_once_per_customer_with_its_latest_words(journal, clock) -> None:
    ids = _stages(journal, clock)
    named = (
        (ids["Won Co"], "Month-end takes four days", "We lose a week"),
        (ids["Won Co"], "month-end takes four days ", ""),  # the same customer again: counted once
        (ids["Later Co"], "MONTH-END TAKES FOUR DAYS", "Four days, every month"),
        (ids["Lost Co"], "Approvals by phone", "Nobody is at a desk"),
    )
    for cid, text, quote in named:
        needs.add_need(journal, cid, text=text, need_kind="pain", quote=quote)
    needs.add_need(journal, ids["Lost Co"], text="Approvals by phone", need_kind="goal")  # not a need or pain
    report = insights.build(journal, insights.default_period(TODAY))
    assert [(n.need_kind, n.text, n.customers, n.industries, n.quote) for n in report.needs] == [
        ("pain", "MONTH-END TAKES FOUR DAYS", 2, "Logistics, Retail", "Four days, every month"),
        ("pain", "Approvals by phone", 1, "Retail", "Nobody is at a desk"),
    ]


def test_follow_through_by_month_counts_each_promise_once_on_time_or_late(journal, clock) -> None:
    ids = _stages(journal, clock)
    cid = ids["Won Co"]
    this_month = TODAY.replace(day=1)
    cases = (  # owner, due, kept on (None: still open)
        ("me", this_month, this_month),  # on time
        ("me", this_month, this_month + timedelta(days=1)),  # late
        ("me", this_month - timedelta(days=1), None),  # open and overdue: late
        ("them", this_month, None),  # open, due (before today): late
        ("them", TODAY + timedelta(days=3), None),  # open, not due yet: neither
        ("them", this_month, this_month),  # on time
    )
    for owner, due, kept_on in cases:
        made = promises.add_promise(journal, cid, text="Send terms", due_on=due, owner=owner)
        if kept_on is not None:
            promises.mark_kept(journal, made.created_id("promise"), on=kept_on)
    report = insights.build(journal, insights.default_period(TODAY))
    months = {
        (m.month, m.mine_on_time, m.mine_late, m.theirs_on_time, m.theirs_late) for m in report.follow_through
    }
    last_month = (this_month - timedelta(days=1)).strftime("%Y-%m")
    assert months == {(this_month.strftime("%Y-%m"), 1, 1, 1, 1), (last_month, 0, 1, 0, 0)}


def test_the_daily_roll_ups_add_up_to_the_records_after_every_kind_of_write(journal, clock) -> None:
    from journal.storage.undo import UndoStack
    from tests.journal.storage.test_migrations import direct_rollups

    conn = journal.conn()

    def agree() -> None:
        kept, made = direct_rollups(conn)
        assert kept == made

    ids = _stages(journal, clock)
    won = ids["Won Co"]
    meetings = [
        interactions.add_interaction(
            journal, won, occurred_at=NOW - timedelta(days=d), notes="Call", outcome=o, listening=li
        ).created_id("interaction")
        for d, o, li in ((1, "advanced", 4), (1, "advanced", None), (40, "setback", 2), (400, "won", 5))
    ]
    planned = interactions.plan_meeting(journal, won, occurred_at=NOW + timedelta(days=2)).created_id(
        "interaction"
    )
    agree()
    interactions.update_interaction(journal, meetings[0], outcome="setback", listening=1)
    interactions.update_interaction(journal, meetings[1], occurred_at=NOW - timedelta(days=90))
    interactions.cancel_planned(journal, planned)
    agree()
    interactions.delete_interaction(journal, meetings[2])
    agree()
    made = [
        promises.add_promise(
            journal, won, text="Send terms", due_on=TODAY - timedelta(days=d), owner=owner
        ).created_id("promise")
        for d, owner in ((3, "me"), (3, "me"), (10, "them"), (35, "me"))
    ]
    promises.mark_kept(journal, made[0], on=TODAY - timedelta(days=4))
    promises.mark_kept(journal, made[1], on=TODAY)
    promises.reschedule(journal, made[2], TODAY + timedelta(days=5))
    promises.release(journal, made[3], reason="No longer needed")
    agree()
    promises.reopen(journal, made[1])
    stack = UndoStack(journal)
    promises.delete_promise(journal, made[0])
    agree()
    stack.undo()
    agree()
    with journal.write("By hand"):
        conn.execute("UPDATE promise SET owner = 'them' WHERE id = ?", (made[1],))
        conn.execute("UPDATE interaction SET state = 'planned' WHERE id = ?", (meetings[3],))
    agree()
    with journal.write("Everything of a customer"):
        conn.execute("DELETE FROM customer WHERE id = ?", (won,))
    agree()
    assert conn.execute("SELECT count(*) FROM rollup_meeting_day").fetchone() == (0,)


def test_listening_counts_the_meetings_of_the_periods_local_days_in_any_zone(journal_path) -> None:
    from zoneinfo import ZoneInfo

    zone = ZoneInfo("Asia/Kolkata")  # +05:30: a local day starts half an hour into a UTC hour
    clock = FixedClock(datetime(2026, 11, 22, 12, tzinfo=zone), tz=zone)
    with Journal.open(journal_path, clock=clock) as j:
        cid = customers.create_customer(j, name="Acme").created_id("customer")
        first = date(2026, 11, 1)
        for day, hour, outcome in ((first, 0, "advanced"), (first - timedelta(days=1), 23, "setback")):
            when = datetime(day.year, day.month, day.day, hour, 10, tzinfo=zone)
            interactions.add_interaction(j, cid, occurred_at=when, notes="Call", outcome=outcome, listening=3)
        report = insights.build(j, insights.Period(first, date(2026, 11, 22)))
        found = {line.outcome: line.meetings for line in report.listening}
        assert found["advanced"] == 1 and found["setback"] == 0
        whole_month = insights.build(j, insights.Period(date(2026, 10, 1), date(2026, 11, 22)))
        assert {line.outcome: line.meetings for line in whole_month.listening}["setback"] == 1


def test_an_imported_journal_has_its_daily_roll_ups(journal, tmp_path: Path) -> None:
    from journal.exchange import journal_json as exchange
    from journal.sample import fill_sample
    from tests.journal.storage.test_migrations import direct_rollups

    fill_sample(journal, size="small")
    exported = exchange.export_json(journal, tmp_path / "all.json", now=NOW)
    with Journal.open(tmp_path / "imported.sqlite3", clock=FixedClock(NOW)) as fresh:
        exchange.import_json(fresh, exported)
        kept, made = direct_rollups(fresh.conn())
        assert kept == made and len(kept) > 100
        names = {
            str(r[0]) for r in fresh.conn().execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        }
        assert {"rollup_meeting_insert", "rollup_promise_update"} <= names  # put back after the import
