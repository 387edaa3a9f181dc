"""The sample journal: full, deterministic, alive relative to today, valid, and readable by the queries."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from journal.domain import vocab
from journal.domain.clock import FixedClock
from journal.domain.errors import ValidationError
from journal.domain.text import name_key
from journal.reads import queries
from journal.sample import SampleCounts, fill_sample
from journal.services import customers
from journal.storage.db import Journal
from journal.storage.models import parse_utc

TABLES = {
    "customer": "customers",
    "tag": "tags",
    "customer_tag": "customer_tags",
    "stage_change": "stage_changes",
    "contact": "contacts",
    "rapport_fact": "rapport_facts",
    "important_date": "important_dates",
    "interaction": "interactions",
    "attendee": "attendees",
    "need": "needs",
    "objection": "objections",
    "promise": "promises",
    "question": "questions",
}


def count(journal: Journal, table: str) -> int:
    return int(journal.conn().execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def column(journal: Journal, sql: str, *params: object) -> list[object]:
    return [row[0] for row in journal.conn().execute(sql, params)]


def next_occurrence(month: int, day: int, today: date) -> date:
    for year in (today.year, today.year + 1, today.year + 2):
        try:
            when = date(year, month, day)
        except ValueError:  # 29 February in a common year
            continue
        if when >= today:
            return when
    raise AssertionError("unreachable")


@pytest.fixture
def sample(journal: Journal) -> SampleCounts:
    return fill_sample(journal)


def test_small_sample_fills_every_table(journal: Journal, sample: SampleCounts) -> None:
    counted = {field: count(journal, table) for table, field in TABLES.items()}
    assert counted == asdict(sample)
    assert all(n > 0 for n in counted.values()), counted
    assert 20 <= sample.customers <= 30
    assert 2 * sample.customers <= sample.contacts <= 4 * sample.customers
    done = count_where(journal, "interaction", "state = 'done'")
    assert 3 * sample.customers <= done <= 12 * sample.customers
    assert "25 customers" in sample.summary()


def count_where(journal: Journal, table: str, where: str) -> int:
    return int(journal.conn().execute(f"SELECT count(*) FROM {table} WHERE {where}").fetchone()[0])


def uids(journal: Journal) -> dict[str, list[object]]:
    return {
        table: column(journal, f"SELECT uid FROM {table} ORDER BY id")
        for table in TABLES
        if table not in ("customer_tag", "attendee")
    }


def test_same_seed_and_clock_make_the_same_sample(tmp_path: Path, clock: FixedClock) -> None:
    made = []
    for name, seed in (("a", 7), ("b", 7), ("c", 8)):
        with Journal.open(tmp_path / f"{name}.sqlite3", clock=clock) as j:
            fill_sample(j, seed=seed)
            names = column(j, "SELECT name FROM customer ORDER BY id")
            notes = column(j, "SELECT notes FROM interaction ORDER BY id")
            made.append((names, uids(j), notes))
    assert made[0] == made[1]
    assert made[0][0] != made[2][0]
    assert made[0][1]["customer"] != made[2][1]["customer"]
    all_uids = [u for table in made[0][1].values() for u in table]
    assert len(all_uids) == len(set(all_uids))


@pytest.mark.parametrize(
    "now",
    [datetime(2026, 11, 22, 9, 30, tzinfo=UTC), datetime(2027, 2, 26, 18, 5, tzinfo=UTC)],
    ids=["sunday-morning", "friday-evening"],
)
def test_dates_are_relative_to_today(journal: Journal, clock: FixedClock, now: datetime) -> None:
    clock.set(now)
    fill_sample(journal)
    today = clock.today()
    week = (today + timedelta(days=7)).isoformat()
    iso = today.isoformat()
    mine_open = "status = 'open' AND owner = 'me'"
    overdue = count_where(journal, "promise", f"{mine_open} AND due_on < '{iso}'")
    recent = (today - timedelta(days=7)).isoformat()
    overdue_by_days = count_where(
        journal, "promise", f"{mine_open} AND due_on BETWEEN '{recent}' AND '{iso}'"
    )
    due_this_week = count_where(journal, "promise", f"{mine_open} AND due_on BETWEEN '{iso}' AND '{week}'")
    assert overdue >= 3 and overdue_by_days >= 3 and due_this_week >= 3
    assert count_where(journal, "promise", "status = 'kept' AND completed_on > due_on") >= 2
    assert count_where(journal, "promise", "status = 'released' AND release_reason != ''") >= 1

    stamp = now.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    assert count_where(journal, "interaction", f"state = 'planned' AND occurred_at > '{stamp}'") >= 3
    # one coffee that happened and was never logged, for Today's "Log these"
    assert count_where(journal, "interaction", f"state = 'planned' AND occurred_at <= '{stamp}'") == 1
    assert count_where(journal, "interaction", f"state = 'done' AND occurred_at > '{stamp}'") == 0
    assert count_where(journal, "interaction", "state = 'cancelled'") >= 1

    # Nothing was written in the future.
    for table in TABLES:
        if table not in ("customer_tag", "attendee"):
            assert count_where(journal, table, f"created_at > '{stamp}' OR updated_at < created_at") == 0
    assert count_where(journal, "promise", f"completed_on > '{iso}'") == 0
    assert count_where(journal, "question", f"asked_on > '{iso}'") == 0
    assert count_where(journal, "rapport_fact", f"learned_on > '{iso}'") == 0

    soon = [
        next_occurrence(m, d, today)
        for m, d in journal.conn().execute("SELECT month, day FROM important_date")
    ]
    assert sum((when - today).days <= 14 for when in soon) >= 3

    # A not-now customer whose revisit date has come; others wait in the future.
    assert count_where(journal, "customer", f"stage = 'not_now' AND revisit_on <= '{iso}'") >= 1
    assert count_where(journal, "customer", "stage = 'not_now' AND revisit_reason = ''") == 0

    statuses = {
        row.health.status for row in queries.customer_rows(journal, queries.customer_ids(journal)).values()
    }
    assert {"overdue", "slipping", "good", "closed"} <= statuses


def test_every_value_is_in_the_vocabulary(journal: Journal, sample: SampleCounts) -> None:
    checks = {
        "SELECT DISTINCT stage FROM customer": vocab.STAGES,
        "SELECT DISTINCT customer_kind FROM customer": vocab.CUSTOMER_KINDS,
        "SELECT DISTINCT from_stage FROM stage_change": ("", *vocab.STAGES),
        "SELECT DISTINCT to_stage FROM stage_change": vocab.STAGES,
        "SELECT DISTINCT channel FROM contact": vocab.CHANNELS,
        "SELECT DISTINCT category FROM rapport_fact": vocab.RAPPORT_CATEGORIES,
        "SELECT DISTINCT date_kind FROM important_date": vocab.DATE_KINDS,
        "SELECT DISTINCT state FROM interaction": vocab.INTERACTION_STATES,
        "SELECT DISTINCT interaction_kind FROM interaction": vocab.INTERACTION_KINDS,
        "SELECT DISTINCT outcome FROM interaction": vocab.OUTCOMES,
        "SELECT DISTINCT need_kind FROM need": vocab.NEED_KINDS,
        "SELECT DISTINCT status FROM need": vocab.NEED_STATUSES,
        "SELECT DISTINCT importance FROM need": tuple(vocab.IMPORTANCE_LABELS),
        "SELECT DISTINCT status FROM objection": vocab.OBJECTION_STATUSES,
        "SELECT DISTINCT worked FROM objection": (None, 0, 1),
        "SELECT DISTINCT owner FROM promise": vocab.PROMISE_OWNERS,
        "SELECT DISTINCT status FROM promise": vocab.PROMISE_STATUSES,
        "SELECT DISTINCT status FROM question": vocab.QUESTION_STATUSES,
        "SELECT DISTINCT listening FROM interaction": (None, 1, 2, 3, 4, 5),
        "SELECT DISTINCT archived FROM customer": (0, 1),
        "SELECT DISTINCT hook_asked FROM rapport_fact": (0, 1),
    }
    for sql, allowed in checks.items():
        assert set(column(journal, sql)) <= set(allowed), sql
    # Every stage is shown, and every kind of need.
    assert set(column(journal, "SELECT DISTINCT stage FROM customer")) == set(vocab.STAGES)
    assert set(column(journal, "SELECT DISTINCT need_kind FROM need")) == set(vocab.NEED_KINDS)
    assert set(column(journal, "SELECT DISTINCT owner FROM promise")) == set(vocab.PROMISE_OWNERS)
    assert set(column(journal, "SELECT DISTINCT state FROM interaction")) == set(vocab.INTERACTION_STATES)
    # Stored the way the models store them.
    for value in column(journal, "SELECT occurred_at FROM interaction"):
        assert parse_utc(str(value)).tzinfo is UTC
    for value in column(journal, "SELECT due_on FROM promise"):
        date.fromisoformat(str(value))
    for m, d, y in journal.conn().execute("SELECT month, day, year FROM important_date"):
        date(y or 2000, m, d)


def test_rows_hang_together(journal: Journal, sample: SampleCounts) -> None:
    conn = journal.conn()
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    for name, key in conn.execute("SELECT name, name_key FROM customer"):
        assert key == name_key(name)
    # People and sources belong to the record's own customer.
    for table in ("need", "objection", "promise"):
        assert (
            count_where(
                journal,
                f"{table} t",
                "EXISTS (SELECT 1 FROM contact c WHERE c.id = t.contact_id"
                " AND c.customer_id != t.customer_id)"
                " OR EXISTS (SELECT 1 FROM interaction i WHERE i.id = t.source_id"
                " AND i.customer_id != t.customer_id)",
            )
            == 0
        ), table
    assert (
        count_where(
            journal,
            "attendee a JOIN interaction i ON i.id = a.interaction_id JOIN contact c ON c.id = a.contact_id",
            "i.customer_id != c.customer_id",
        )
        == 0
    )
    # Lost and not-now keep their reason; archived customers say when.
    assert count_where(journal, "stage_change", "to_stage IN ('lost', 'not_now') AND reason = ''") == 0
    assert count_where(journal, "customer", "archived = 1 AND archived_at IS NULL") == 0
    assert count_where(journal, "customer", "archived = 1") >= 2
    assert count_where(journal, "need", "status != 'open' AND status_changed_at IS NULL") == 0
    assert count_where(journal, "promise", "status = 'kept' AND completed_on IS NULL") == 0
    assert count_where(journal, "question", "status = 'asked' AND (answer = '' OR asked_on IS NULL)") == 0
    # Notes quote the customer's own words.
    assert count_where(journal, "interaction", "state = 'done' AND notes LIKE '%' || char(10) || '> %'") > 50
    quotes = column(journal, "SELECT n.quote FROM need n JOIN interaction i ON i.id = n.source_id")
    notes = "\n".join(str(n) for n in column(journal, "SELECT notes FROM interaction"))
    assert all(f"> {q}" in notes for q in quotes)


def test_the_queries_read_it(journal: Journal, sample: SampleCounts) -> None:
    for sort in queries.CUSTOMER_SORTS:
        ids = queries.customer_ids(journal, sort=sort)
        assert len(ids) == sample.customers - count_where(journal, "customer", "archived = 1")
    assert queries.customer_ids(journal, archived=True)
    rows = queries.customer_rows(journal, queries.customer_ids(journal))
    for cid in [*rows, *queries.customer_ids(journal, archived=True)]:
        queries.customer(journal, cid)
        queries.stage_history(journal, cid)
        queries.contacts(journal, cid)
        queries.rapport_facts(journal, cid)
        queries.important_dates(journal, cid)
        queries.interactions(journal, queries.interaction_ids(journal, cid))
        queries.planned_meetings(journal, customer_id=cid)
        queries.needs(journal, cid)
        queries.objections(journal, cid)
        queries.promises(journal, cid)
        queries.questions(journal, cid)
    assert queries.planned_meetings(journal, start=journal.clock.now())
    assert queries.find_customers(journal, "Brightwater Logistics")


def test_one_customer_has_everything(journal: Journal, sample: SampleCounts, clock: FixedClock) -> None:
    [ref] = queries.find_customers(journal, "Brightwater Logistics")
    today = clock.today()
    detail = queries.customer(journal, ref.id)
    assert detail.stage == "negotiation" and detail.health.status == "overdue"
    assert len(queries.contacts(journal, ref.id)) == 4
    assert {n.need_kind for n in queries.needs(journal, ref.id)} == set(vocab.NEED_KINDS)
    assert all(n.quote for n in queries.needs(journal, ref.id))
    assert queries.objections(journal, ref.id)
    promises = queries.promises(journal, ref.id)
    open_mine = [p for p in promises if p.status == "open" and p.owner == "me"]
    assert any(p.due_on < today for p in open_mine) and any(p.due_on >= today for p in open_mine)
    assert any(p.status == "open" and p.owner == "them" for p in promises)
    assert any(p.status == "kept" and not p.kept_on_time for p in promises)
    assert any(p.status == "released" for p in promises)
    assert [m for m in queries.planned_meetings(journal, customer_id=ref.id) if m.goal]
    assert {q.status for q in queries.questions(journal, ref.id)} == set(vocab.QUESTION_STATUSES)
    assert [f for f in queries.rapport_facts(journal, ref.id) if f.hook and not f.hook_asked]
    birthdays = [d for d in queries.important_dates(journal, ref.id) if d.date_kind == "birthday"]
    assert any((next_occurrence(d.month, d.day, today) - today).days <= 14 for d in birthdays)
    reflected = [i for i in queries.recent_interactions(journal, ref.id, 20) if i.listening]
    assert reflected and all(i.went_well for i in reflected)


def test_a_journal_with_customers_is_refused(journal: Journal) -> None:
    customers.create_customer(journal, name="Acme Bakery")
    before = {table: count(journal, table) for table in TABLES}
    with pytest.raises(ValidationError, match="already has customers"):
        fill_sample(journal)
    assert {table: count(journal, table) for table in TABLES} == before


def test_an_unknown_size_is_refused(journal: Journal) -> None:
    with pytest.raises(ValidationError, match="small, large"):
        fill_sample(journal, size="huge")
    assert count(journal, "customer") == 0


def test_progress_is_reported(journal: Journal) -> None:
    steps: list[str] = []
    fill_sample(journal, progress=steps.append)
    assert steps[0].startswith("customers") and steps[-1] == "analysing"


def test_demo_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from ui import cli

    monkeypatch.setattr(cli, "COMMAND_MODULES", ("demo",))
    path = tmp_path / "demo.sqlite3"
    assert cli.main(["--journal", str(path), "demo", "--seed", "3"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Made a small sample journal at {path}: 25 customers, ")
    assert out.rstrip().endswith(" s")
    with Journal.open(path, create=False) as j:
        assert count(j, "customer") == 25

    assert cli.main(["--journal", str(path), "demo"]) == cli.EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert err.startswith("sales-journal: This journal already has customers in it")
    with Journal.open(path, create=False) as j:
        assert count(j, "customer") == 25
