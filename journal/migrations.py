"""The schema's version ladder. Each step moves the file up one version, inside one transaction.

Steps are literal SQL (or a function), never derived from models.py, so a file written by an old
version is always upgraded the same way. tests/journal/test_migrations.py checks that the top of the
ladder matches the models.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

# 'SJRN': marks a SQLite file as a Sales Journal (PRAGMA application_id).
APPLICATION_ID = 0x534A524E

V1 = """
CREATE TABLE customer (
  id INTEGER NOT NULL PRIMARY KEY, uid VARCHAR(36) NOT NULL, created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL, name VARCHAR(255) NOT NULL, name_key VARCHAR(255) NOT NULL,
  customer_kind VARCHAR(255) NOT NULL, industry VARCHAR(255) NOT NULL, website VARCHAR(255) NOT NULL,
  about TEXT NOT NULL, stage VARCHAR(255) NOT NULL, value_minor INTEGER, revisit_on DATE,
  revisit_reason TEXT NOT NULL, cadence_days INTEGER, snoozed_until DATE, archived INTEGER NOT NULL,
  archived_at TEXT);
CREATE UNIQUE INDEX customer_uid ON customer (uid);
CREATE UNIQUE INDEX customer_name_key ON customer (name_key);
CREATE INDEX customer_stage ON customer (stage);
CREATE INDEX customer_revisit_on ON customer (revisit_on);
CREATE INDEX customer_archived ON customer (archived);

CREATE TABLE tag (
  id INTEGER NOT NULL PRIMARY KEY, uid VARCHAR(36) NOT NULL, created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL, name VARCHAR(255) NOT NULL, name_key VARCHAR(255) NOT NULL);
CREATE UNIQUE INDEX tag_uid ON tag (uid);
CREATE UNIQUE INDEX tag_name_key ON tag (name_key);

CREATE TABLE customer_tag (
  customer_id INTEGER NOT NULL, tag_id INTEGER NOT NULL, PRIMARY KEY (customer_id, tag_id),
  FOREIGN KEY (customer_id) REFERENCES customer (id) ON DELETE CASCADE,
  FOREIGN KEY (tag_id) REFERENCES tag (id) ON DELETE CASCADE);
CREATE INDEX customer_tag_tag_id ON customer_tag (tag_id);

CREATE TABLE interaction (
  id INTEGER NOT NULL PRIMARY KEY, uid VARCHAR(36) NOT NULL, created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL, customer_id INTEGER NOT NULL, state VARCHAR(255) NOT NULL,
  interaction_kind VARCHAR(255) NOT NULL, occurred_at TEXT NOT NULL, goal TEXT NOT NULL,
  notes TEXT NOT NULL, outcome VARCHAR(255) NOT NULL, next_step TEXT NOT NULL, next_step_on DATE,
  went_well TEXT NOT NULL, to_improve TEXT NOT NULL, lesson TEXT NOT NULL, listening INTEGER,
  opening_question TEXT NOT NULL,
  FOREIGN KEY (customer_id) REFERENCES customer (id) ON DELETE CASCADE);
CREATE UNIQUE INDEX interaction_uid ON interaction (uid);
CREATE INDEX interaction_customer_id_state_occurred_at ON interaction (customer_id, state, occurred_at);
CREATE INDEX interaction_state_occurred_at ON interaction (state, occurred_at);

CREATE TABLE stage_change (
  id INTEGER NOT NULL PRIMARY KEY, uid VARCHAR(36) NOT NULL, created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL, customer_id INTEGER NOT NULL, from_stage VARCHAR(255) NOT NULL,
  to_stage VARCHAR(255) NOT NULL, reason TEXT NOT NULL, revisit_on DATE, changed_at TEXT NOT NULL,
  source_id INTEGER,
  FOREIGN KEY (customer_id) REFERENCES customer (id) ON DELETE CASCADE,
  FOREIGN KEY (source_id) REFERENCES interaction (id) ON DELETE SET NULL);
CREATE UNIQUE INDEX stage_change_uid ON stage_change (uid);
CREATE INDEX stage_change_customer_id ON stage_change (customer_id);
CREATE INDEX stage_change_source_id ON stage_change (source_id);

CREATE TABLE contact (
  id INTEGER NOT NULL PRIMARY KEY, uid VARCHAR(36) NOT NULL, created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL, customer_id INTEGER NOT NULL, name VARCHAR(255) NOT NULL,
  role VARCHAR(255) NOT NULL, email VARCHAR(255) NOT NULL, phone VARCHAR(255) NOT NULL,
  channel VARCHAR(255) NOT NULL, notes TEXT NOT NULL,
  FOREIGN KEY (customer_id) REFERENCES customer (id) ON DELETE CASCADE);
CREATE UNIQUE INDEX contact_uid ON contact (uid);
CREATE INDEX contact_customer_id ON contact (customer_id);

CREATE TABLE rapport_fact (
  id INTEGER NOT NULL PRIMARY KEY, uid VARCHAR(36) NOT NULL, created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL, contact_id INTEGER NOT NULL, category VARCHAR(255) NOT NULL,
  text TEXT NOT NULL, learned_on DATE, hook TEXT NOT NULL, hook_asked INTEGER NOT NULL,
  source_id INTEGER,
  FOREIGN KEY (contact_id) REFERENCES contact (id) ON DELETE CASCADE,
  FOREIGN KEY (source_id) REFERENCES interaction (id) ON DELETE SET NULL);
CREATE UNIQUE INDEX rapport_fact_uid ON rapport_fact (uid);
CREATE INDEX rapport_fact_contact_id ON rapport_fact (contact_id);
CREATE INDEX rapport_fact_source_id ON rapport_fact (source_id);

CREATE TABLE important_date (
  id INTEGER NOT NULL PRIMARY KEY, uid VARCHAR(36) NOT NULL, created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL, customer_id INTEGER NOT NULL, contact_id INTEGER,
  date_kind VARCHAR(255) NOT NULL, label VARCHAR(255) NOT NULL, month INTEGER NOT NULL,
  day INTEGER NOT NULL, year INTEGER,
  FOREIGN KEY (customer_id) REFERENCES customer (id) ON DELETE CASCADE,
  FOREIGN KEY (contact_id) REFERENCES contact (id) ON DELETE CASCADE);
CREATE UNIQUE INDEX important_date_uid ON important_date (uid);
CREATE INDEX important_date_customer_id ON important_date (customer_id);
CREATE INDEX important_date_contact_id ON important_date (contact_id);
CREATE INDEX important_date_month_day ON important_date (month, day);

CREATE TABLE attendee (
  interaction_id INTEGER NOT NULL, contact_id INTEGER NOT NULL,
  PRIMARY KEY (interaction_id, contact_id),
  FOREIGN KEY (interaction_id) REFERENCES interaction (id) ON DELETE CASCADE,
  FOREIGN KEY (contact_id) REFERENCES contact (id) ON DELETE CASCADE);
CREATE INDEX attendee_contact_id ON attendee (contact_id);

CREATE TABLE need (
  id INTEGER NOT NULL PRIMARY KEY, uid VARCHAR(36) NOT NULL, created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL, customer_id INTEGER NOT NULL, need_kind VARCHAR(255) NOT NULL,
  text TEXT NOT NULL, quote TEXT NOT NULL, importance INTEGER NOT NULL, status VARCHAR(255) NOT NULL,
  status_changed_at TEXT, contact_id INTEGER, source_id INTEGER,
  FOREIGN KEY (customer_id) REFERENCES customer (id) ON DELETE CASCADE,
  FOREIGN KEY (contact_id) REFERENCES contact (id) ON DELETE SET NULL,
  FOREIGN KEY (source_id) REFERENCES interaction (id) ON DELETE SET NULL);
CREATE UNIQUE INDEX need_uid ON need (uid);
CREATE INDEX need_customer_id_status ON need (customer_id, status);
CREATE INDEX need_contact_id ON need (contact_id);
CREATE INDEX need_source_id ON need (source_id);

CREATE TABLE objection (
  id INTEGER NOT NULL PRIMARY KEY, uid VARCHAR(36) NOT NULL, created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL, customer_id INTEGER NOT NULL, concern TEXT NOT NULL,
  response TEXT NOT NULL, status VARCHAR(255) NOT NULL, worked INTEGER, status_changed_at TEXT,
  contact_id INTEGER, source_id INTEGER,
  FOREIGN KEY (customer_id) REFERENCES customer (id) ON DELETE CASCADE,
  FOREIGN KEY (contact_id) REFERENCES contact (id) ON DELETE SET NULL,
  FOREIGN KEY (source_id) REFERENCES interaction (id) ON DELETE SET NULL);
CREATE UNIQUE INDEX objection_uid ON objection (uid);
CREATE INDEX objection_customer_id_status ON objection (customer_id, status);
CREATE INDEX objection_contact_id ON objection (contact_id);
CREATE INDEX objection_source_id ON objection (source_id);

CREATE TABLE promise (
  id INTEGER NOT NULL PRIMARY KEY, uid VARCHAR(36) NOT NULL, created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL, customer_id INTEGER NOT NULL, owner VARCHAR(255) NOT NULL,
  text TEXT NOT NULL, due_on DATE NOT NULL, status VARCHAR(255) NOT NULL, completed_on DATE,
  release_reason TEXT NOT NULL, contact_id INTEGER, source_id INTEGER,
  FOREIGN KEY (customer_id) REFERENCES customer (id) ON DELETE CASCADE,
  FOREIGN KEY (contact_id) REFERENCES contact (id) ON DELETE SET NULL,
  FOREIGN KEY (source_id) REFERENCES interaction (id) ON DELETE SET NULL);
CREATE UNIQUE INDEX promise_uid ON promise (uid);
CREATE INDEX promise_customer_id_status_due_on ON promise (customer_id, status, due_on);
CREATE INDEX promise_status_owner_due_on ON promise (status, owner, due_on);
CREATE INDEX promise_contact_id ON promise (contact_id);
CREATE INDEX promise_source_id ON promise (source_id);

CREATE TABLE question (
  id INTEGER NOT NULL PRIMARY KEY, uid VARCHAR(36) NOT NULL, created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL, customer_id INTEGER NOT NULL, text TEXT NOT NULL,
  status VARCHAR(255) NOT NULL, answer TEXT NOT NULL, asked_on DATE, source_id INTEGER,
  FOREIGN KEY (customer_id) REFERENCES customer (id) ON DELETE CASCADE,
  FOREIGN KEY (source_id) REFERENCES interaction (id) ON DELETE SET NULL);
CREATE UNIQUE INDEX question_uid ON question (uid);
CREATE INDEX question_customer_id_status ON question (customer_id, status);
CREATE INDEX question_source_id ON question (source_id);

CREATE TABLE bank_question (
  id INTEGER NOT NULL PRIMARY KEY, uid VARCHAR(36) NOT NULL, created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL, topic VARCHAR(255) NOT NULL, text TEXT NOT NULL,
  stages VARCHAR(255) NOT NULL, need_kinds VARCHAR(255) NOT NULL, keywords VARCHAR(255) NOT NULL);
CREATE UNIQUE INDEX bank_question_uid ON bank_question (uid);

CREATE TABLE draft (
  id INTEGER NOT NULL PRIMARY KEY, uid VARCHAR(36) NOT NULL, created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL, form VARCHAR(255) NOT NULL, customer_id INTEGER, interaction_id INTEGER,
  payload TEXT NOT NULL,
  FOREIGN KEY (customer_id) REFERENCES customer (id) ON DELETE CASCADE,
  FOREIGN KEY (interaction_id) REFERENCES interaction (id) ON DELETE SET NULL);
CREATE UNIQUE INDEX draft_uid ON draft (uid);
CREATE INDEX draft_form_customer_id ON draft (form, customer_id);
CREATE INDEX draft_customer_id ON draft (customer_id);
CREATE INDEX draft_interaction_id ON draft (interaction_id);

CREATE TABLE setting (key VARCHAR(255) NOT NULL PRIMARY KEY, value TEXT NOT NULL);
"""

Step = Callable[[sqlite3.Connection], None]


def statements(script: str) -> list[str]:
    """Split a script into statements; a trigger body's semicolons do not end its statement."""
    out: list[str] = []
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            out.append(pending.strip())
            pending = ""
    if pending.strip():
        raise ValueError(f"incomplete SQL statement: {pending.strip()[:80]}")
    return out


def _sql(script: str) -> Step:
    def run(conn: sqlite3.Connection) -> None:
        for statement in statements(script):
            conn.execute(statement)

    return run


# STEPS[n] takes a file from version n to version n + 1.
STEPS: list[Step] = [_sql(V1)]

LATEST = len(STEPS)


def user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def upgrade(conn: sqlite3.Connection) -> list[int]:
    """Run every step above the file's version, each in its own transaction. Returns the versions reached."""
    reached: list[int] = []
    version = user_version(conn)
    while version < LATEST:
        conn.execute("BEGIN IMMEDIATE")
        try:
            STEPS[version](conn)
            version += 1
            if version == 1:
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {version}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        reached.append(version)
    return reached
