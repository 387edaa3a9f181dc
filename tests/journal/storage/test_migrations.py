"""The version ladder runs, stamps the file, and ends at exactly the schema the models describe."""

from __future__ import annotations

import contextlib
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from journal.storage import migrations, models
from journal.storage.db import Journal


def test_ladder_runs_every_step_and_stamps_the_version(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "fresh.sqlite3", isolation_level=None)
    reached = migrations.upgrade(conn)
    assert reached == list(range(1, migrations.LATEST + 1))
    assert migrations.user_version(conn) == migrations.LATEST
    assert migrations.upgrade(conn) == []  # idempotent at the top


def test_a_failing_step_leaves_the_file_at_its_version(tmp_path: Path, monkeypatch) -> None:
    conn = sqlite3.connect(tmp_path / "j.sqlite3", isolation_level=None)
    migrations.upgrade(conn)

    def broken(c: sqlite3.Connection) -> None:
        c.execute("CREATE TABLE half_done (x)")
        c.execute("THIS IS NOT SQL")

    monkeypatch.setattr(migrations, "STEPS", [*migrations.STEPS, broken])
    monkeypatch.setattr(migrations, "LATEST", len(migrations.STEPS))
    with contextlib.suppress(sqlite3.OperationalError):
        migrations.upgrade(conn)
    assert migrations.user_version(conn) == len(migrations.STEPS) - 1
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "half_done" not in tables


def test_migrated_schema_matches_the_models(journal: Journal) -> None:
    conn = journal.conn()
    for model in models.MODELS:
        table = model._meta.table_name
        on_disk = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
        declared = {field.column_name for field in model._meta.sorted_fields}
        assert on_disk == declared, table
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_statement_splitter_keeps_trigger_bodies_whole() -> None:
    script = "CREATE TABLE a (x);\nCREATE TRIGGER t AFTER INSERT ON a BEGIN\n  SELECT 1;\n  SELECT 2;\nEND;\n"
    assert len(migrations.statements(script)) == 2


FIXTURE_V1 = Path(__file__).parents[1] / "fixtures" / "v1.sqlite3"


def test_a_saved_version_1_journal_opens_at_the_latest_format_with_everything_in_it(tmp_path: Path) -> None:
    from journal.domain.clock import FixedClock
    from journal.reads import queries, search

    copy = tmp_path / "old.sqlite3"
    copy.write_bytes(FIXTURE_V1.read_bytes())
    with Journal.open(copy, clock=FixedClock(datetime(2026, 11, 2, tzinfo=UTC))) as j:
        assert j.schema_version() == migrations.LATEST
        assert j.migrated_to == list(range(2, migrations.LATEST + 1))
        [cafe] = queries.find_customers(j, "café müller")
        assert queries.customer(j, cafe.id).tags == ("north",)
        [need] = queries.needs(j, cafe.id)
        assert need.quote == "We lose an hour every evening counting cash"
        assert [p.text for p in queries.promises(j, cafe.id, owner="them")] == [
            "Send last month's till reports"
        ]
        # the upgrade indexed what was already there: old records are found by search
        assert search.problems(j) == []
        top = search.search(j, "cafe")[0]
        assert (top.type, top.id) == ("customer", cafe.id)
        assert ("need", need.id) in {(h.type, h.id) for h in search.search(j, "counting cash")}
        assert {h.type for h in search.search(j, "till reports")} == {"promise"}
    before = tmp_path / "old.before-format-2.sqlite3"
    if migrations.LATEST > 1:
        # the file as it was is kept beside it, still at version 1
        conn = sqlite3.connect(before)
        assert migrations.user_version(conn) == 1
        assert conn.execute("SELECT name FROM customer ORDER BY id").fetchall()[0] == ("Café Müller",)
        conn.close()
    else:
        assert not before.exists()


def test_upgrading_keeps_a_copy_of_the_file_as_it_was(tmp_path: Path, monkeypatch) -> None:
    def add_column(c: sqlite3.Connection) -> None:
        c.execute("ALTER TABLE customer ADD COLUMN future TEXT")

    monkeypatch.setattr(migrations, "STEPS", [*migrations.STEPS, add_column])
    monkeypatch.setattr(migrations, "LATEST", len(migrations.STEPS))
    copy = tmp_path / "old.sqlite3"
    copy.write_bytes(FIXTURE_V1.read_bytes())
    with Journal.open(copy) as j:
        assert j.schema_version() == migrations.LATEST
    kept = tmp_path / "old.before-format-2.sqlite3"  # named for the first step it was about to take
    conn = sqlite3.connect(kept)
    assert migrations.user_version(conn) == 1
    assert "future" not in {row[1] for row in conn.execute("PRAGMA table_info(customer)")}
    conn.close()
    assert oct(kept.stat().st_mode & 0o777) == "0o600"


def test_a_copy_kept_before_an_upgrade_is_never_replaced(tmp_path: Path, monkeypatch) -> None:
    from journal.storage import db

    def add_column(c: sqlite3.Connection) -> None:
        c.execute("ALTER TABLE customer ADD COLUMN future TEXT")

    monkeypatch.setattr(migrations, "STEPS", [*migrations.STEPS, add_column])
    monkeypatch.setattr(migrations, "LATEST", len(migrations.STEPS))
    copy = tmp_path / "old.sqlite3"
    copy.write_bytes(FIXTURE_V1.read_bytes())
    earlier = tmp_path / "old.before-format-2.sqlite3"
    earlier.write_bytes(b"a copy kept by an earlier upgrade")
    stale = tmp_path / ".old.before-format-2.sqlite3.partial"  # left by a copy that was killed
    stale.write_bytes(b"half")
    made = db.copy_before_upgrade(copy, 1)
    assert made.name == "old.before-format-2-2.sqlite3"
    assert earlier.read_bytes() == b"a copy kept by an earlier upgrade"
    conn = sqlite3.connect(made)
    assert migrations.user_version(conn) == 1
    conn.close()
    assert oct(made.stat().st_mode & 0o777) == "0o600"
    with Journal.open(copy) as j:
        assert j.schema_version() == migrations.LATEST
    assert (tmp_path / "old.before-format-2-3.sqlite3").exists()
    assert earlier.read_bytes() == b"a copy kept by an earlier upgrade"


def direct_rollups(conn: sqlite3.Connection) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    """The roll-ups as their tables hold them, and as the records add up now."""

    def held() -> list[tuple[object, ...]]:
        return (
            conn.execute("SELECT * FROM rollup_meeting_day ORDER BY 1, 2").fetchall()
            + conn.execute("SELECT * FROM rollup_promise_day ORDER BY 1, 2, 3").fetchall()
            + conn.execute("SELECT * FROM rollup_customer_contact ORDER BY 1").fetchall()
        )

    kept = held()
    conn.execute("SAVEPOINT again")
    try:
        for statement in migrations.statements(migrations.ALL_ROLLUPS_FILL):
            conn.execute(statement)
        made = held()
    finally:
        conn.execute("ROLLBACK TO again")
        conn.execute("RELEASE again")
    return kept, made


def test_format_6_indexes_a_journal_of_format_5_for_insights_and_measures_them(
    tmp_path: Path, monkeypatch
) -> None:
    from journal.domain.clock import FixedClock
    from journal.reads import search
    from journal.sample import fill_sample

    now = datetime(2026, 11, 2, 9, tzinfo=UTC)
    path = tmp_path / "five.sqlite3"
    with monkeypatch.context() as m:
        m.setattr(migrations, "STEPS", migrations.STEPS[:5])
        m.setattr(migrations, "LATEST", 5)
        m.setattr(search, "optimize", lambda journal: None)  # the name index is not there yet
        with Journal.open(path, clock=FixedClock(now)) as j:
            fill_sample(j, size="small")
            j.conn().execute("ANALYZE")
    with Journal.open(path, clock=FixedClock(now)) as j:
        assert j.migrated_to == list(range(6, migrations.LATEST + 1))
        conn = j.conn()
        indexes = {str(r[0]) for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert {
            "interaction_state_outcome_occurred_at_listening",
            "need_need_kind_text_customer_id_created_at",
            "objection_category_created_at_worked_response",
            "stage_change_to_stage_changed_at",
        } <= indexes
        assert "stage_change_customer_id" not in indexes  # its first column leads a wider index now
        measured = {str(r[0]) for r in conn.execute("SELECT idx FROM sqlite_stat1")}
        assert "need_need_kind_text_customer_id_created_at" in measured
        kept, made = direct_rollups(conn)  # the records already there are in the daily roll-ups
        assert kept == made and len(kept) > 100
        assert search.problems(j) == []  # every name already there is in the index of names
        [person] = conn.execute("SELECT name FROM contact LIMIT 1").fetchone()
        assert ("contact", person) in {(h.type, h.title.split(" — ")[0]) for h in search.search(j, person)}
