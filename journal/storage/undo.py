"""Undo and redo of every write made since the journal was opened, the way SQLite documents it
(https://sqlite.org/undoredo.html): temporary triggers on each record table log the SQL that reverses
each row change into a temporary table; undoing a write runs its reversing SQL newest first, and the
triggers log what reverses *that*, which becomes the redo.

Everything is on this connection only and vanishes when the journal closes. The search index follows
by itself: its own triggers on the record tables fire for the reversing SQL like for any other write.
Steps are the journal's writes (`journal.write(label)`), named by their labels: "Undo delete promise
‘Send pricing’". A write that changes no record (a draft saved, the search index rebuilt) is no step.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

import peewee as pw

from journal.domain.aspects import Aspect
from journal.domain.errors import JournalError
from journal.storage.changes import DERIVED_TABLE_PREFIXES, TABLES, Action, Changes
from journal.storage.db import Journal
from journal.storage.kinds import BY_TABLE, customer_sql

LIMIT = 100  # steps kept; the oldest are forgotten beyond this
# Autosaved text (a draft) and what a calendar was sent are not edits to undo.
SKIPPED = tuple(table for table, (_, aspect) in TABLES.items() if aspect in (Aspect.DRAFTS, Aspect.CALENDAR))

# Record tables and the kind their rows are named by in `Changes` (one list for both: journal.changes).
KINDS = {table: kind for table, (kind, _) in TABLES.items() if table not in SKIPPED}


class CannotUndo(JournalError):
    """The step cannot be reversed (the journal changed underneath it); nothing was changed."""


@dataclass(frozen=True)
class Step:
    label: str
    first: int  # the step's rows in temp.undo_log, by seq
    last: int


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def undo_label(label: str) -> str:
    return f"Undo {label[:1].lower()}{label[1:]}" if label else "Undo"


def redo_label(label: str) -> str:
    return f"Redo {label[:1].lower()}{label[1:]}" if label else "Redo"


class UndoStack:
    """Install on an open journal (on the thread that writes); `undo()` / `redo()` return what changed."""

    def __init__(self, journal: Journal, limit: int = LIMIT) -> None:
        self.journal = journal
        self.limit = limit
        self.undo_steps: list[Step] = []
        self.redo_steps: list[Step] = []
        self.listeners: list[Callable[[], None]] = []  # told when what can be undone changes
        self._last = 0
        self._capturing = False
        self._captured: Step | None = None
        self._install()
        journal.write_listeners.insert(0, self._written)

    def detach(self) -> None:
        """Stop recording (the window that undoes is gone)."""
        if self._written in self.journal.write_listeners:
            self.journal.write_listeners.remove(self._written)

    # -- set-up ------------------------------------------------------------------------------------

    def _conn(self) -> sqlite3.Connection:
        return self.journal.conn()

    def _install(self) -> None:
        conn = self._conn()
        conn.execute("PRAGMA recursive_triggers = ON")  # so REPLACE logs the row it removes
        conn.execute(
            "CREATE TEMP TABLE IF NOT EXISTS undo_log (seq INTEGER PRIMARY KEY AUTOINCREMENT, "
            "tbl TEXT NOT NULL, rid INTEGER NOT NULL, sql TEXT NOT NULL)"
        )
        tables = [
            str(r[0])
            for r in conn.execute(
                "SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
            if not str(r[0]).startswith(DERIVED_TABLE_PREFIXES)
        ]
        for table in tables:
            if table in SKIPPED:
                continue
            columns = [str(r[1]) for r in conn.execute(f"PRAGMA main.table_info({_q(table)})")]
            self._triggers(conn, table, columns)
        self._last = self._max_seq()

    @staticmethod
    def _triggers(conn: sqlite3.Connection, table: str, columns: list[str]) -> None:
        if not table.isidentifier():
            raise ValueError(f"unexpected table name {table!r}")
        t = _q(table)
        lit = f"'{table}'"
        sets = " || ', ' || ".join(f"'{_q(c)} = ' || quote(OLD.{_q(c)})" for c in columns)
        names = ", ".join(["rowid", *(_q(c) for c in columns)])
        values = " || ', ' || ".join(["OLD.rowid", *(f"quote(OLD.{_q(c)})" for c in columns)])
        conn.execute(
            f"CREATE TEMP TRIGGER IF NOT EXISTS undo_{table}_insert AFTER INSERT ON main.{t} BEGIN "
            f"INSERT INTO undo_log (tbl, rid, sql) VALUES ({lit}, NEW.rowid, "
            f"'DELETE FROM {t} WHERE rowid = ' || NEW.rowid); END"
        )
        conn.execute(
            f"CREATE TEMP TRIGGER IF NOT EXISTS undo_{table}_update AFTER UPDATE ON main.{t} BEGIN "
            f"INSERT INTO undo_log (tbl, rid, sql) VALUES ({lit}, OLD.rowid, "
            f"'UPDATE {t} SET ' || {sets} || ' WHERE rowid = ' || OLD.rowid); END"
        )
        conn.execute(
            f"CREATE TEMP TRIGGER IF NOT EXISTS undo_{table}_delete BEFORE DELETE ON main.{t} BEGIN "
            f"INSERT INTO undo_log (tbl, rid, sql) VALUES ({lit}, OLD.rowid, "
            f"'INSERT INTO {t} ({names}) VALUES (' || {values} || ')'); END"
        )

    def _max_seq(self) -> int:
        row = self._conn().execute("SELECT max(seq) FROM temp.undo_log").fetchone()
        return int(row[0] or 0)

    # -- recording ---------------------------------------------------------------------------------

    def _written(self, changes: Changes) -> None:
        end = self._max_seq()
        if end <= self._last:
            return
        step = Step(changes.label, self._last + 1, end)
        self._last = end
        if self._capturing:
            self._captured = step
            return
        self.undo_steps.append(step)
        self._forget(self.redo_steps)
        self.redo_steps = []
        if len(self.undo_steps) > self.limit:
            self._forget(self.undo_steps[: -self.limit])
            self.undo_steps = self.undo_steps[-self.limit :]
        self._tell()

    def _forget(self, steps: list[Step]) -> None:
        for step in steps:
            self._conn().execute(
                "DELETE FROM temp.undo_log WHERE seq BETWEEN ? AND ?", (step.first, step.last)
            )

    def _tell(self) -> None:
        for listener in list(self.listeners):
            listener()

    # -- undoing -----------------------------------------------------------------------------------

    @property
    def undo_text(self) -> str | None:
        """ "Undo delete promise ‘Send pricing’", or None when there is nothing to undo."""
        return undo_label(self.undo_steps[-1].label) if self.undo_steps else None

    @property
    def redo_text(self) -> str | None:
        return redo_label(self.redo_steps[-1].label) if self.redo_steps else None

    def undo(self) -> Changes:
        if not self.undo_steps:
            raise CannotUndo("There is nothing to undo.")
        step = self.undo_steps.pop()
        reverse = self._apply(step, undo_label(step.label), self.undo_steps)
        if reverse is not None:
            self.redo_steps.append(Step(step.label, reverse[1].first, reverse[1].last))
        self._tell()
        return reverse[0] if reverse else Changes(undo_label(step.label))

    def redo(self) -> Changes:
        if not self.redo_steps:
            raise CannotUndo("There is nothing to redo.")
        step = self.redo_steps.pop()
        reverse = self._apply(step, redo_label(step.label), self.redo_steps)
        if reverse is not None:
            self.undo_steps.append(Step(step.label, reverse[1].first, reverse[1].last))
        self._tell()
        return reverse[0] if reverse else Changes(redo_label(step.label))

    def _apply(self, step: Step, label: str, came_from: list[Step]) -> tuple[Changes, Step] | None:
        conn = self._conn()
        rows = conn.execute(
            "SELECT tbl, rid, sql FROM temp.undo_log WHERE seq BETWEEN ? AND ? ORDER BY seq DESC",
            (step.first, step.last),
        ).fetchall()
        self._capturing, self._captured = True, None
        try:
            with self.journal.write(label) as tx:
                conn.execute("PRAGMA defer_foreign_keys = ON")  # rows come back children first
                before = {(t, r): self._customer_of(t, r) for t, r, _ in rows}
                for _, _, sql in rows:
                    conn.execute(sql)
                seen: set[tuple[str, int]] = set()
                for table, rid, sql in rows:
                    if (table, rid) in seen:
                        continue
                    seen.add((table, rid))
                    action: Action = "updated"
                    if sql.startswith("DELETE"):
                        action = "deleted"
                    elif sql.startswith("INSERT"):
                        action = "created"
                    customer = self._customer_of(table, rid) or before[(table, rid)]
                    kind = BY_TABLE[table].changes_kind if table in BY_TABLE else table
                    getattr(tx, action)(kind, self._record_id(table, rid), customer)
        except (sqlite3.DatabaseError, pw.DatabaseError) as e:
            self._forget([step])
            self._tell()
            raise CannotUndo(f"“{step.label}” can no longer be undone ({e}); nothing was changed.") from e
        except JournalError:
            came_from.append(step)  # disk full, say: it can be tried again
            raise
        finally:
            self._capturing = False
        self._forget([step])
        captured, self._captured = self._captured, None
        return (tx.changes(), captured) if captured is not None else None

    def _record_id(self, table: str, rid: int) -> int:
        if table in ("customer_tag", "stage_change"):
            return self._customer_of(table, rid) or rid
        if table == "attendee":
            row = (
                self._conn().execute("SELECT interaction_id FROM attendee WHERE rowid = ?", (rid,)).fetchone()
            )
            return int(row[0]) if row else rid
        return rid

    def _customer_of(self, table: str, rid: int) -> int | None:
        sql = customer_sql(BY_TABLE[table]) if table in BY_TABLE else None
        if sql is None:
            return None
        row = self._conn().execute(sql, (rid,)).fetchone()
        return int(row[0]) if row and row[0] is not None else None
