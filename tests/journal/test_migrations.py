"""The version ladder runs, stamps the file, and ends at exactly the schema the models describe."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from journal import migrations, models
from journal.db import Journal


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
