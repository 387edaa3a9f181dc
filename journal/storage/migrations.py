"""The schema's version ladder. Each step moves the file up one version, inside one transaction.

Steps are literal SQL (or a function), never derived from models.py, so a file written by an old
version is always upgraded the same way. tests/journal/storage/test_migrations.py checks that the top of the
ladder matches the models.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from journal.storage import search_text

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

# Version 2: one full-text index over every free text a rep writes, kept right by triggers on the
# record tables, so every write path (services, raw inserts, imports, undo) updates it in the same
# transaction. `search_key` gives each (kind, id) its index rowid; rowids grow as records are written, so
# "newest first" is rowid order (journal/reads/search.py ranks only the newest matches of a common word). The
# index keeps its own copy of the text, so FTS5's 'rebuild' can always regenerate it, and snippets need
# no join. Plus an index for the Today view's promises by status and due date, and the customer list's
# (archived, name) index, so the list is read in order, without a sort; the promise index also covers
# completed_on, so the follow-through record is counted from the index alone.
V2_SCHEMA = """
DROP INDEX customer_archived;
CREATE INDEX customer_archived_name_key ON customer (archived, name_key);
DROP INDEX promise_status_owner_due_on;
CREATE INDEX promise_status_owner_due_on_completed_on ON promise (status, owner, due_on, completed_on);

CREATE TABLE search_key (
  rowid INTEGER PRIMARY KEY, kind VARCHAR(20) NOT NULL, item_id INTEGER NOT NULL);
CREATE UNIQUE INDEX search_key_kind_item_id ON search_key (kind, item_id);

CREATE VIRTUAL TABLE search_index USING fts5(
  name, title, body, customer_id UNINDEXED, at UNINDEXED,
  prefix='2 3', tokenize="unicode61 remove_diacritics 2");

CREATE TRIGGER search_customer_insert AFTER INSERT ON customer BEGIN
  DELETE FROM search_index
  WHERE rowid = (SELECT rowid FROM search_key WHERE kind = 'customer' AND item_id = NEW.id);
  DELETE FROM search_key WHERE kind = 'customer' AND item_id = NEW.id;
  INSERT INTO search_key (kind, item_id) VALUES ('customer', NEW.id);
  INSERT INTO search_index (rowid, name, title, body, customer_id, at) VALUES (
    (SELECT rowid FROM search_key WHERE kind = 'customer' AND item_id = NEW.id),
    NEW.name, NEW.industry,
    NEW.about || char(10) || NEW.revisit_reason,
    NEW.id, NEW.created_at);
END;
CREATE TRIGGER search_customer_update
AFTER UPDATE OF name, industry, about, revisit_reason ON customer BEGIN
  UPDATE search_index SET name = NEW.name, title = NEW.industry,
    body = NEW.about || char(10) || NEW.revisit_reason,
    customer_id = NEW.id, at = NEW.created_at
  WHERE rowid = (SELECT rowid FROM search_key WHERE kind = 'customer' AND item_id = NEW.id);
END;
CREATE TRIGGER search_customer_delete AFTER DELETE ON customer BEGIN
  DELETE FROM search_index
  WHERE rowid = (SELECT rowid FROM search_key WHERE kind = 'customer' AND item_id = OLD.id);
  DELETE FROM search_key WHERE kind = 'customer' AND item_id = OLD.id;
END;

CREATE TRIGGER search_contact_insert AFTER INSERT ON contact BEGIN
  DELETE FROM search_index
  WHERE rowid = (SELECT rowid FROM search_key WHERE kind = 'contact' AND item_id = NEW.id);
  DELETE FROM search_key WHERE kind = 'contact' AND item_id = NEW.id;
  INSERT INTO search_key (kind, item_id) VALUES ('contact', NEW.id);
  INSERT INTO search_index (rowid, name, title, body, customer_id, at) VALUES (
    (SELECT rowid FROM search_key WHERE kind = 'contact' AND item_id = NEW.id),
    NEW.name, NEW.role,
    NEW.notes,
    NEW.customer_id, NEW.created_at);
END;
CREATE TRIGGER search_contact_update
AFTER UPDATE OF name, role, notes, customer_id ON contact BEGIN
  UPDATE search_index SET name = NEW.name, title = NEW.role,
    body = NEW.notes,
    customer_id = NEW.customer_id, at = NEW.created_at
  WHERE rowid = (SELECT rowid FROM search_key WHERE kind = 'contact' AND item_id = NEW.id);
END;
CREATE TRIGGER search_contact_delete AFTER DELETE ON contact BEGIN
  DELETE FROM search_index
  WHERE rowid = (SELECT rowid FROM search_key WHERE kind = 'contact' AND item_id = OLD.id);
  DELETE FROM search_key WHERE kind = 'contact' AND item_id = OLD.id;
END;

CREATE TRIGGER search_rapport_insert AFTER INSERT ON rapport_fact BEGIN
  DELETE FROM search_index
  WHERE rowid = (SELECT rowid FROM search_key WHERE kind = 'rapport' AND item_id = NEW.id);
  DELETE FROM search_key WHERE kind = 'rapport' AND item_id = NEW.id;
  INSERT INTO search_key (kind, item_id) VALUES ('rapport', NEW.id);
  INSERT INTO search_index (rowid, name, title, body, customer_id, at) VALUES (
    (SELECT rowid FROM search_key WHERE kind = 'rapport' AND item_id = NEW.id),
    '', NEW.text,
    NEW.hook,
    (SELECT customer_id FROM contact WHERE id = NEW.contact_id), NEW.created_at);
END;
CREATE TRIGGER search_rapport_update
AFTER UPDATE OF text, hook, contact_id ON rapport_fact BEGIN
  UPDATE search_index SET name = '', title = NEW.text,
    body = NEW.hook,
    customer_id = (SELECT customer_id FROM contact WHERE id = NEW.contact_id), at = NEW.created_at
  WHERE rowid = (SELECT rowid FROM search_key WHERE kind = 'rapport' AND item_id = NEW.id);
END;
CREATE TRIGGER search_rapport_delete AFTER DELETE ON rapport_fact BEGIN
  DELETE FROM search_index
  WHERE rowid = (SELECT rowid FROM search_key WHERE kind = 'rapport' AND item_id = OLD.id);
  DELETE FROM search_key WHERE kind = 'rapport' AND item_id = OLD.id;
END;

CREATE TRIGGER search_interaction_insert AFTER INSERT ON interaction BEGIN
  DELETE FROM search_index
  WHERE rowid = (SELECT rowid FROM search_key WHERE kind = 'interaction' AND item_id = NEW.id);
  DELETE FROM search_key WHERE kind = 'interaction' AND item_id = NEW.id;
  INSERT INTO search_key (kind, item_id) VALUES ('interaction', NEW.id);
  INSERT INTO search_index (rowid, name, title, body, customer_id, at) VALUES (
    (SELECT rowid FROM search_key WHERE kind = 'interaction' AND item_id = NEW.id),
    '', NEW.goal,
    NEW.notes || char(10) || NEW.next_step || char(10) || NEW.went_well
      || char(10) || NEW.to_improve || char(10) || NEW.lesson || char(10) || NEW.opening_question,
    NEW.customer_id, NEW.occurred_at);
END;
CREATE TRIGGER search_interaction_update
AFTER UPDATE OF goal, notes, next_step, went_well, to_improve, lesson, opening_question, occurred_at,
  customer_id ON interaction BEGIN
  UPDATE search_index SET name = '', title = NEW.goal,
    body = NEW.notes || char(10) || NEW.next_step || char(10) || NEW.went_well
      || char(10) || NEW.to_improve || char(10) || NEW.lesson || char(10) || NEW.opening_question,
    customer_id = NEW.customer_id, at = NEW.occurred_at
  WHERE rowid = (SELECT rowid FROM search_key WHERE kind = 'interaction' AND item_id = NEW.id);
END;
CREATE TRIGGER search_interaction_delete AFTER DELETE ON interaction BEGIN
  DELETE FROM search_index
  WHERE rowid = (SELECT rowid FROM search_key WHERE kind = 'interaction' AND item_id = OLD.id);
  DELETE FROM search_key WHERE kind = 'interaction' AND item_id = OLD.id;
END;

CREATE TRIGGER search_need_insert AFTER INSERT ON need BEGIN
  DELETE FROM search_index
  WHERE rowid = (SELECT rowid FROM search_key WHERE kind = 'need' AND item_id = NEW.id);
  DELETE FROM search_key WHERE kind = 'need' AND item_id = NEW.id;
  INSERT INTO search_key (kind, item_id) VALUES ('need', NEW.id);
  INSERT INTO search_index (rowid, name, title, body, customer_id, at) VALUES (
    (SELECT rowid FROM search_key WHERE kind = 'need' AND item_id = NEW.id),
    '', NEW.text,
    NEW.quote,
    NEW.customer_id, NEW.created_at);
END;
CREATE TRIGGER search_need_update
AFTER UPDATE OF text, quote, customer_id ON need BEGIN
  UPDATE search_index SET name = '', title = NEW.text,
    body = NEW.quote,
    customer_id = NEW.customer_id, at = NEW.created_at
  WHERE rowid = (SELECT rowid FROM search_key WHERE kind = 'need' AND item_id = NEW.id);
END;
CREATE TRIGGER search_need_delete AFTER DELETE ON need BEGIN
  DELETE FROM search_index
  WHERE rowid = (SELECT rowid FROM search_key WHERE kind = 'need' AND item_id = OLD.id);
  DELETE FROM search_key WHERE kind = 'need' AND item_id = OLD.id;
END;

CREATE TRIGGER search_objection_insert AFTER INSERT ON objection BEGIN
  DELETE FROM search_index
  WHERE rowid = (SELECT rowid FROM search_key WHERE kind = 'objection' AND item_id = NEW.id);
  DELETE FROM search_key WHERE kind = 'objection' AND item_id = NEW.id;
  INSERT INTO search_key (kind, item_id) VALUES ('objection', NEW.id);
  INSERT INTO search_index (rowid, name, title, body, customer_id, at) VALUES (
    (SELECT rowid FROM search_key WHERE kind = 'objection' AND item_id = NEW.id),
    '', NEW.concern,
    NEW.response,
    NEW.customer_id, NEW.created_at);
END;
CREATE TRIGGER search_objection_update
AFTER UPDATE OF concern, response, customer_id ON objection BEGIN
  UPDATE search_index SET name = '', title = NEW.concern,
    body = NEW.response,
    customer_id = NEW.customer_id, at = NEW.created_at
  WHERE rowid = (SELECT rowid FROM search_key WHERE kind = 'objection' AND item_id = NEW.id);
END;
CREATE TRIGGER search_objection_delete AFTER DELETE ON objection BEGIN
  DELETE FROM search_index
  WHERE rowid = (SELECT rowid FROM search_key WHERE kind = 'objection' AND item_id = OLD.id);
  DELETE FROM search_key WHERE kind = 'objection' AND item_id = OLD.id;
END;

CREATE TRIGGER search_promise_insert AFTER INSERT ON promise BEGIN
  DELETE FROM search_index
  WHERE rowid = (SELECT rowid FROM search_key WHERE kind = 'promise' AND item_id = NEW.id);
  DELETE FROM search_key WHERE kind = 'promise' AND item_id = NEW.id;
  INSERT INTO search_key (kind, item_id) VALUES ('promise', NEW.id);
  INSERT INTO search_index (rowid, name, title, body, customer_id, at) VALUES (
    (SELECT rowid FROM search_key WHERE kind = 'promise' AND item_id = NEW.id),
    '', NEW.text,
    NEW.release_reason,
    NEW.customer_id, NEW.created_at);
END;
CREATE TRIGGER search_promise_update
AFTER UPDATE OF text, release_reason, customer_id ON promise BEGIN
  UPDATE search_index SET name = '', title = NEW.text,
    body = NEW.release_reason,
    customer_id = NEW.customer_id, at = NEW.created_at
  WHERE rowid = (SELECT rowid FROM search_key WHERE kind = 'promise' AND item_id = NEW.id);
END;
CREATE TRIGGER search_promise_delete AFTER DELETE ON promise BEGIN
  DELETE FROM search_index
  WHERE rowid = (SELECT rowid FROM search_key WHERE kind = 'promise' AND item_id = OLD.id);
  DELETE FROM search_key WHERE kind = 'promise' AND item_id = OLD.id;
END;

CREATE TRIGGER search_question_insert AFTER INSERT ON question BEGIN
  DELETE FROM search_index
  WHERE rowid = (SELECT rowid FROM search_key WHERE kind = 'question' AND item_id = NEW.id);
  DELETE FROM search_key WHERE kind = 'question' AND item_id = NEW.id;
  INSERT INTO search_key (kind, item_id) VALUES ('question', NEW.id);
  INSERT INTO search_index (rowid, name, title, body, customer_id, at) VALUES (
    (SELECT rowid FROM search_key WHERE kind = 'question' AND item_id = NEW.id),
    '', NEW.text,
    NEW.answer,
    NEW.customer_id, NEW.created_at);
END;
CREATE TRIGGER search_question_update
AFTER UPDATE OF text, answer, customer_id ON question BEGIN
  UPDATE search_index SET name = '', title = NEW.text,
    body = NEW.answer,
    customer_id = NEW.customer_id, at = NEW.created_at
  WHERE rowid = (SELECT rowid FROM search_key WHERE kind = 'question' AND item_id = NEW.id);
END;
CREATE TRIGGER search_question_delete AFTER DELETE ON question BEGIN
  DELETE FROM search_index
  WHERE rowid = (SELECT rowid FROM search_key WHERE kind = 'question' AND item_id = OLD.id);
  DELETE FROM search_key WHERE kind = 'question' AND item_id = OLD.id;
END;

CREATE INDEX promise_status_due_on ON promise (status, due_on);
"""

# A next step written before steps were followed up counts as done once a later conversation with the
# customer was logged (that conversation is where it was followed up); journal/sample.py runs this too.
NEXT_STEPS_FOLLOWED = """
UPDATE interaction SET next_step_status = 'done'
 WHERE next_step_on IS NOT NULL AND state = 'done' AND EXISTS (
   SELECT 1 FROM interaction later
    WHERE later.customer_id = interaction.customer_id AND later.state = 'done'
      AND later.occurred_at > interaction.occurred_at);
"""

# Fills the index from the records, oldest first (the triggers keep it right afterwards).
# journal/reads/search.py `reindex` runs this too, so the index can always be remade from the records.
V2_FILL = """
INSERT INTO search_key (kind, item_id)
  SELECT kind, id FROM (
    SELECT 'customer' AS kind, id, created_at FROM customer
    UNION ALL SELECT 'contact', id, created_at FROM contact
    UNION ALL SELECT 'rapport', id, created_at FROM rapport_fact
    UNION ALL SELECT 'interaction', id, created_at FROM interaction
    UNION ALL SELECT 'need', id, created_at FROM need
    UNION ALL SELECT 'objection', id, created_at FROM objection
    UNION ALL SELECT 'promise', id, created_at FROM promise
    UNION ALL SELECT 'question', id, created_at FROM question
  ) ORDER BY created_at, kind, id;
INSERT INTO search_index (rowid, name, title, body, customer_id, at)
  SELECT k.rowid, r.name, r.industry,
    r.about || char(10) || r.revisit_reason,
    r.id, r.created_at
  FROM search_key k JOIN customer r ON r.id = k.item_id WHERE k.kind = 'customer' ORDER BY k.rowid;
INSERT INTO search_index (rowid, name, title, body, customer_id, at)
  SELECT k.rowid, r.name, r.role,
    r.notes,
    r.customer_id, r.created_at
  FROM search_key k JOIN contact r ON r.id = k.item_id WHERE k.kind = 'contact' ORDER BY k.rowid;
INSERT INTO search_index (rowid, name, title, body, customer_id, at)
  SELECT k.rowid, '', r.text,
    r.hook,
    (SELECT customer_id FROM contact WHERE id = r.contact_id), r.created_at
  FROM search_key k JOIN rapport_fact r ON r.id = k.item_id WHERE k.kind = 'rapport' ORDER BY k.rowid;
INSERT INTO search_index (rowid, name, title, body, customer_id, at)
  SELECT k.rowid, '', r.goal,
    r.notes || char(10) || r.next_step || char(10) || r.went_well
      || char(10) || r.to_improve || char(10) || r.lesson || char(10) || r.opening_question,
    r.customer_id, r.occurred_at
  FROM search_key k JOIN interaction r ON r.id = k.item_id WHERE k.kind = 'interaction' ORDER BY k.rowid;
INSERT INTO search_index (rowid, name, title, body, customer_id, at)
  SELECT k.rowid, '', r.text,
    r.quote,
    r.customer_id, r.created_at
  FROM search_key k JOIN need r ON r.id = k.item_id WHERE k.kind = 'need' ORDER BY k.rowid;
INSERT INTO search_index (rowid, name, title, body, customer_id, at)
  SELECT k.rowid, '', r.concern,
    r.response,
    r.customer_id, r.created_at
  FROM search_key k JOIN objection r ON r.id = k.item_id WHERE k.kind = 'objection' ORDER BY k.rowid;
INSERT INTO search_index (rowid, name, title, body, customer_id, at)
  SELECT k.rowid, '', r.text,
    r.release_reason,
    r.customer_id, r.created_at
  FROM search_key k JOIN promise r ON r.id = k.item_id WHERE k.kind = 'promise' ORDER BY k.rowid;
INSERT INTO search_index (rowid, name, title, body, customer_id, at)
  SELECT k.rowid, '', r.text,
    r.answer,
    r.customer_id, r.created_at
  FROM search_key k JOIN question r ON r.id = k.item_id WHERE k.kind = 'question' ORDER BY k.rowid;
INSERT INTO search_index (search_index) VALUES ('optimize');
"""

V2 = V2_SCHEMA + V2_FILL

# Next steps are followed up like promises (open, done or dropped); the calendar export remembers what it
# sent, so a later export can cancel events whose promise or meeting is settled.
V3 = f"""
ALTER TABLE interaction ADD COLUMN next_step_status VARCHAR(255) NOT NULL DEFAULT 'open';
{NEXT_STEPS_FOLLOWED}
CREATE INDEX interaction_next_step_status_next_step_on ON interaction (next_step_status, next_step_on);

CREATE TABLE calendar_event (
  id INTEGER NOT NULL PRIMARY KEY, uid VARCHAR(36) NOT NULL, created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL, event_uid VARCHAR(255) NOT NULL, sequence INTEGER NOT NULL,
  fingerprint VARCHAR(255) NOT NULL, event TEXT NOT NULL, cancelled_at TEXT);
CREATE UNIQUE INDEX calendar_event_uid ON calendar_event (uid);
CREATE UNIQUE INDEX calendar_event_event_uid ON calendar_event (event_uid);
"""

# Version 5: search finds what a rep remembers. Each kind's indexed text is one view (`search_text_KIND`),
# so the triggers, the fill and a rebuild all index the same thing; the customer's text also holds their
# tags, website and dates, a person's their email, phone (also as bare digits) and dates, and triggers on
# tags and dates keep those right. Every column goes through `search_text()` (journal/storage/search_text.py),
# which adds each word's spelling without ß, ø or apostrophes, so "Weiss" finds "Weiß" and "obrien"
# "O'Brien". The index itself is remade: the rowids in search_key (newest first) are kept.
_V5_KINDS = {  # kind: (table, the columns whose change changes its text)
    "customer": ("customer", "name, industry, about, revisit_reason, website"),
    "contact": ("contact", "name, role, notes, email, phone, customer_id"),
    "rapport": ("rapport_fact", "text, hook, contact_id"),
    "interaction": (
        "interaction",
        "goal, notes, next_step, went_well, to_improve, lesson, opening_question, occurred_at, customer_id",
    ),
    "need": ("need", "text, quote, customer_id"),
    "objection": ("objection", "concern, response, customer_id"),
    "promise": ("promise", "text, release_reason, customer_id"),
    "question": ("question", "text, answer, customer_id"),
}
_DATES = """coalesce((SELECT group_concat(
      d.label || CASE d.date_kind WHEN 'other' THEN '' ELSE ' ' || d.date_kind END, char(10))
    FROM important_date d WHERE {where}), '')"""
_DIGITS = "k.phone"
for _mark in " -()+./":
    _DIGITS = f"replace({_DIGITS}, '{_mark}', '')"
_V5_VIEWS = f"""
CREATE VIEW search_text_customer AS SELECT c.id AS item_id, search_text(c.name) AS name,
  search_text(c.industry || char(10) || coalesce((SELECT group_concat(t.name, ', ') FROM customer_tag ct
    JOIN tag t ON t.id = ct.tag_id WHERE ct.customer_id = c.id), '')) AS title,
  search_text(c.about || char(10) || c.revisit_reason || char(10) || c.website || char(10)
    || {_DATES.format(where="d.customer_id = c.id AND d.contact_id IS NULL")}) AS body,
  c.id AS customer_id, c.created_at AS at FROM customer c;
CREATE VIEW search_text_contact AS SELECT k.id AS item_id, search_text(k.name) AS name,
  search_text(k.role) AS title,
  search_text(k.notes || char(10) || k.email || char(10) || k.phone || ' '
    || {_DIGITS}
    || char(10) || {_DATES.format(where="d.contact_id = k.id")}) AS body,
  k.customer_id AS customer_id, k.created_at AS at FROM contact k;
CREATE VIEW search_text_rapport AS SELECT r.id AS item_id, '' AS name, search_text(r.text) AS title,
  search_text(r.hook) AS body, (SELECT customer_id FROM contact WHERE id = r.contact_id) AS customer_id,
  r.created_at AS at FROM rapport_fact r;
CREATE VIEW search_text_interaction AS SELECT i.id AS item_id, '' AS name, search_text(i.goal) AS title,
  search_text(i.notes || char(10) || i.next_step || char(10) || i.went_well || char(10) || i.to_improve
    || char(10) || i.lesson || char(10) || i.opening_question) AS body,
  i.customer_id AS customer_id, i.occurred_at AS at FROM interaction i;
CREATE VIEW search_text_need AS SELECT n.id AS item_id, '' AS name, search_text(n.text) AS title,
  search_text(n.quote) AS body, n.customer_id AS customer_id, n.created_at AS at FROM need n;
CREATE VIEW search_text_objection AS SELECT o.id AS item_id, '' AS name, search_text(o.concern) AS title,
  search_text(o.response) AS body, o.customer_id AS customer_id, o.created_at AS at FROM objection o;
CREATE VIEW search_text_promise AS SELECT p.id AS item_id, '' AS name, search_text(p.text) AS title,
  search_text(p.release_reason) AS body, p.customer_id AS customer_id, p.created_at AS at FROM promise p;
CREATE VIEW search_text_question AS SELECT q.id AS item_id, '' AS name, search_text(q.text) AS title,
  search_text(q.answer) AS body, q.customer_id AS customer_id, q.created_at AS at FROM question q;
"""


def _v3_refresh(kind: str, item: str) -> str:
    return f"""
  UPDATE search_index SET (name, title, body, customer_id, at) =
    (SELECT name, title, body, customer_id, at FROM search_text_{kind} WHERE item_id = {item})
  WHERE rowid = (SELECT rowid FROM search_key WHERE kind = '{kind}' AND item_id = {item});"""


def _v3_triggers() -> str:
    out = []
    for kind, (table, columns) in _V5_KINDS.items():
        out.append(f"""
CREATE TRIGGER search_{kind}_insert AFTER INSERT ON {table} BEGIN
  DELETE FROM search_index
  WHERE rowid = (SELECT rowid FROM search_key WHERE kind = '{kind}' AND item_id = NEW.id);
  DELETE FROM search_key WHERE kind = '{kind}' AND item_id = NEW.id;
  INSERT INTO search_key (kind, item_id) VALUES ('{kind}', NEW.id);
  INSERT INTO search_index (rowid, name, title, body, customer_id, at)
    SELECT (SELECT rowid FROM search_key WHERE kind = '{kind}' AND item_id = NEW.id),
      name, title, body, customer_id, at FROM search_text_{kind} WHERE item_id = NEW.id;
END;
CREATE TRIGGER search_{kind}_update AFTER UPDATE OF {columns} ON {table} BEGIN{_v3_refresh(kind, "NEW.id")}
END;
CREATE TRIGGER search_{kind}_delete AFTER DELETE ON {table} BEGIN
  DELETE FROM search_index
  WHERE rowid = (SELECT rowid FROM search_key WHERE kind = '{kind}' AND item_id = OLD.id);
  DELETE FROM search_key WHERE kind = '{kind}' AND item_id = OLD.id;
END;""")
    customer, contact = "customer", "contact"
    tagged = _v3_refresh(customer, "NEW.customer_id")
    untagged = _v3_refresh(customer, "OLD.customer_id")
    new_date = _v3_refresh(customer, "NEW.customer_id") + _v3_refresh(contact, "NEW.contact_id")
    old_date = _v3_refresh(customer, "OLD.customer_id") + _v3_refresh(contact, "OLD.contact_id")
    out.append(f"""
CREATE TRIGGER search_customer_tag_insert AFTER INSERT ON customer_tag BEGIN{tagged}
END;
CREATE TRIGGER search_customer_tag_delete AFTER DELETE ON customer_tag BEGIN{untagged}
END;
CREATE TRIGGER search_tag_update AFTER UPDATE OF name ON tag BEGIN
  UPDATE search_index SET (name, title, body, customer_id, at) =
    (SELECT v.name, v.title, v.body, v.customer_id, v.at FROM search_key k
      JOIN search_text_customer v ON v.item_id = k.item_id WHERE k.rowid = search_index.rowid)
  WHERE rowid IN (SELECT k.rowid FROM customer_tag ct JOIN search_key k
                   ON k.kind = 'customer' AND k.item_id = ct.customer_id WHERE ct.tag_id = NEW.id);
END;
CREATE TRIGGER search_date_insert AFTER INSERT ON important_date BEGIN{new_date}
END;
CREATE TRIGGER search_date_update AFTER UPDATE OF label, date_kind, customer_id, contact_id ON important_date
BEGIN{old_date}{new_date}
END;
CREATE TRIGGER search_date_delete AFTER DELETE ON important_date BEGIN{old_date}
END;""")
    return "\n".join(out) + "\n"


V5_SCHEMA = (
    "".join(
        f"DROP TRIGGER search_{kind}_{event};\n"
        for kind in _V5_KINDS
        for event in ("insert", "update", "delete")
    )
    + """DROP TABLE search_index;
CREATE VIRTUAL TABLE search_index USING fts5(
  name, title, body, customer_id UNINDEXED, at UNINDEXED,
  prefix='2 3', tokenize="unicode61 remove_diacritics 2");
"""
    + _V5_VIEWS
    + _v3_triggers()
)

# The index's keys, oldest record first (a rebuild makes them again; the upgrade keeps them).
V5_KEYS = V2_FILL[: V2_FILL.index("INSERT INTO search_index")]

# Each record's text into the index, by its key (the triggers keep it right afterwards).
V5_FILL = (
    "".join(
        f"""INSERT INTO search_index (rowid, name, title, body, customer_id, at)
  SELECT k.rowid, v.name, v.title, v.body, v.customer_id, v.at
  FROM search_key k JOIN search_text_{kind} v ON v.item_id = k.item_id
  WHERE k.kind = '{kind}' ORDER BY k.rowid;
"""
        for kind in _V5_KINDS
    )
    + "INSERT INTO search_index (search_index) VALUES ('optimize');\n"
)

V5 = V5_SCHEMA + V5_FILL

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


V4 = """
ALTER TABLE stage_change ADD COLUMN reason_category VARCHAR(255) NOT NULL DEFAULT '';
ALTER TABLE objection ADD COLUMN category VARCHAR(255) NOT NULL DEFAULT '';
CREATE INDEX objection_worked_category ON objection (worked, category, response, customer_id);
DROP INDEX interaction_state_occurred_at;
CREATE INDEX interaction_state_occurred_at_outcome_listening
  ON interaction (state, occurred_at, outcome, listening);
CREATE INDEX stage_change_customer_id_changed_at ON stage_change (customer_id, changed_at);
"""

CATEGORISE = """
UPDATE stage_change SET reason_category = suggest_reason_category(reason)
  WHERE to_stage IN ('lost', 'not_now') AND reason != '' AND reason_category = '';
UPDATE objection SET category = suggest_reason_category(concern || ' ' || response) WHERE category = '';
"""


def categorise_reasons(conn: sqlite3.Connection) -> None:
    """Sort every reason and objection not sorted yet into the category its words suggest."""
    from journal.domain.reasons import suggest_category

    conn.create_function("suggest_reason_category", 1, suggest_category, deterministic=True)
    _sql(CATEGORISE)(conn)


def _v4(conn: sqlite3.Connection) -> None:
    """Reasons and objections get a category, suggested from their words for those already there."""
    _sql(V4)(conn)
    categorise_reasons(conn)


# Version 6, search: the names of customers and people get an index of their own (`search_name`, rowids
# those of `search_key`), kept from `search_key` and the names by triggers, so a name is found among a few
# tens of thousands of short texts rather than by reading every note that holds the word.
V6_NAMES = """
CREATE VIRTUAL TABLE search_name USING fts5(
  name, prefix='2 3', tokenize="unicode61 remove_diacritics 2");
CREATE TRIGGER search_name_insert AFTER INSERT ON search_key WHEN NEW.kind IN ('customer', 'contact') BEGIN
  INSERT INTO search_name (rowid, name)
    SELECT NEW.rowid, name FROM search_text_customer WHERE NEW.kind = 'customer' AND item_id = NEW.item_id
    UNION ALL
    SELECT NEW.rowid, name FROM search_text_contact WHERE NEW.kind = 'contact' AND item_id = NEW.item_id;
END;
CREATE TRIGGER search_name_delete AFTER DELETE ON search_key WHEN OLD.kind IN ('customer', 'contact') BEGIN
  DELETE FROM search_name WHERE rowid = OLD.rowid;
END;
CREATE TRIGGER search_name_customer_update AFTER UPDATE OF name ON customer BEGIN
  UPDATE search_name SET name = (SELECT name FROM search_text_customer WHERE item_id = NEW.id)
  WHERE rowid = (SELECT rowid FROM search_key WHERE kind = 'customer' AND item_id = NEW.id);
END;
CREATE TRIGGER search_name_contact_update AFTER UPDATE OF name ON contact BEGIN
  UPDATE search_name SET name = (SELECT name FROM search_text_contact WHERE item_id = NEW.id)
  WHERE rowid = (SELECT rowid FROM search_key WHERE kind = 'contact' AND item_id = NEW.id);
END;
"""

# Each name into the name index, by its key (the triggers keep it right afterwards).
V6_NAMES_FILL = """
INSERT INTO search_name (rowid, name)
  SELECT k.rowid, v.name FROM search_key k JOIN search_text_customer v ON v.item_id = k.item_id
  WHERE k.kind = 'customer' ORDER BY k.rowid;
INSERT INTO search_name (rowid, name)
  SELECT k.rowid, v.name FROM search_key k JOIN search_text_contact v ON v.item_id = k.item_id
  WHERE k.kind = 'contact' ORDER BY k.rowid;
INSERT INTO search_name (search_name) VALUES ('optimize');
"""

# Version 6: the Insights page reads each of its aggregates from one index, in the order it groups by, so
# no pass reads whole rows or sorts a year of records: meetings by outcome, needs by what was named (the
# text as compared: lower(trim(text))) and by customer, objections by category and the answers that
# worked with their date, stage changes by stage and by customer, open deals by stage with their value.
V6 = """
CREATE INDEX interaction_state_outcome_occurred_at_listening
  ON interaction (state, outcome, occurred_at, listening);
CREATE INDEX need_need_kind_text_customer_id_created_at
  ON need (need_kind, lower(trim(text)), customer_id, created_at);
CREATE INDEX objection_category_created_at_worked_response
  ON objection (category, created_at, worked, response);
DROP INDEX objection_worked_category;
CREATE INDEX objection_worked_category_response_customer_id_created_at
  ON objection (worked, category, response, customer_id, created_at);
DROP INDEX customer_stage;
CREATE INDEX customer_stage_archived_value_minor ON customer (stage, archived, value_minor);
CREATE INDEX stage_change_to_stage_changed_at
  ON stage_change (to_stage, changed_at, from_stage, reason_category, customer_id);
DROP INDEX stage_change_customer_id;
DROP INDEX stage_change_customer_id_changed_at;
CREATE INDEX stage_change_customer_id_changed_at_id_to_stage
  ON stage_change (customer_id, changed_at, id, to_stage);
"""

# Version 6, Insights: what a year of meetings and promises adds up to, per day, kept by triggers in the
# same transaction as every write (an empty day's row goes), so the page adds up a few hundred days rather
# than a hundred thousand records. Meetings held, by the UTC day they took place and their outcome, with
# how many have a listening score and its sum; promises by due day, owner and status, with how many were
# kept on time and how many done after the day. journal/reads/insights.py reads them.
_MEETING_ADD = """
  INSERT INTO rollup_meeting_day (day, outcome, meetings, listened, listening)
    SELECT substr(NEW.occurred_at, 1, 10), NEW.outcome, 1, NEW.listening IS NOT NULL,
      coalesce(NEW.listening, 0)
    WHERE NEW.state = 'done'
  ON CONFLICT (day, outcome) DO UPDATE SET meetings = meetings + 1,
    listened = listened + excluded.listened, listening = listening + excluded.listening;"""
_MEETING_TAKE = """
  UPDATE rollup_meeting_day SET meetings = meetings - 1, listened = listened - (OLD.listening IS NOT NULL),
    listening = listening - coalesce(OLD.listening, 0)
  WHERE OLD.state = 'done' AND day = substr(OLD.occurred_at, 1, 10) AND outcome = OLD.outcome;
  DELETE FROM rollup_meeting_day
  WHERE OLD.state = 'done' AND day = substr(OLD.occurred_at, 1, 10) AND outcome = OLD.outcome
    AND meetings = 0;"""
_PROMISE_ADD = """
  INSERT INTO rollup_promise_day (due_on, owner, status, promises, on_time, late)
    SELECT NEW.due_on, NEW.owner, NEW.status, 1,
      ifnull(NEW.status = 'kept' AND NEW.completed_on <= NEW.due_on, 0),
      ifnull(NEW.completed_on > NEW.due_on, 0)
    WHERE true
  ON CONFLICT (due_on, owner, status) DO UPDATE SET promises = promises + 1,
    on_time = on_time + excluded.on_time, late = late + excluded.late;"""
_PROMISE_TAKE = """
  UPDATE rollup_promise_day SET promises = promises - 1,
    on_time = on_time - ifnull(OLD.status = 'kept' AND OLD.completed_on <= OLD.due_on, 0),
    late = late - ifnull(OLD.completed_on > OLD.due_on, 0)
  WHERE due_on = OLD.due_on AND owner = OLD.owner AND status = OLD.status;
  DELETE FROM rollup_promise_day
  WHERE due_on = OLD.due_on AND owner = OLD.owner AND status = OLD.status AND promises = 0;"""
V6_ROLLUPS = f"""
CREATE TABLE rollup_meeting_day (
  day TEXT NOT NULL, outcome VARCHAR(255) NOT NULL, meetings INTEGER NOT NULL, listened INTEGER NOT NULL,
  listening INTEGER NOT NULL, PRIMARY KEY (day, outcome)) WITHOUT ROWID;
CREATE TRIGGER rollup_meeting_insert AFTER INSERT ON interaction BEGIN{_MEETING_ADD}
END;
CREATE TRIGGER rollup_meeting_update AFTER UPDATE OF state, occurred_at, outcome, listening ON interaction
BEGIN{_MEETING_TAKE}{_MEETING_ADD}
END;
CREATE TRIGGER rollup_meeting_delete AFTER DELETE ON interaction BEGIN{_MEETING_TAKE}
END;
CREATE TABLE rollup_promise_day (
  due_on DATE NOT NULL, owner VARCHAR(255) NOT NULL, status VARCHAR(255) NOT NULL, promises INTEGER NOT NULL,
  on_time INTEGER NOT NULL, late INTEGER NOT NULL, PRIMARY KEY (due_on, owner, status)) WITHOUT ROWID;
CREATE TRIGGER rollup_promise_insert AFTER INSERT ON promise BEGIN{_PROMISE_ADD}
END;
CREATE TRIGGER rollup_promise_update AFTER UPDATE OF due_on, owner, status, completed_on ON promise
BEGIN{_PROMISE_TAKE}{_PROMISE_ADD}
END;
CREATE TRIGGER rollup_promise_delete AFTER DELETE ON promise BEGIN{_PROMISE_TAKE}
END;
"""

# The roll-ups from the records (the migration, and an import, which sets their triggers aside).
ROLLUPS_FILL = """
DELETE FROM rollup_meeting_day;
INSERT INTO rollup_meeting_day (day, outcome, meetings, listened, listening)
  SELECT substr(occurred_at, 1, 10) AS day, outcome, count(*), count(listening), coalesce(sum(listening), 0)
  FROM interaction WHERE state = 'done' GROUP BY day, outcome;
DELETE FROM rollup_promise_day;
INSERT INTO rollup_promise_day (due_on, owner, status, promises, on_time, late)
  SELECT due_on, owner, status, count(*), sum(ifnull(status = 'kept' AND completed_on <= due_on, 0)),
    sum(ifnull(completed_on > due_on, 0))
  FROM promise GROUP BY due_on, owner, status;
"""

V6_MEASURED = ("customer", "interaction", "need", "objection", "stage_change")


def _v6(conn: sqlite3.Connection) -> None:
    """The new indexes, measured at once when the file has statistics: the planner leaves an index it
    knows nothing about for one it knows, and the old ones are gone."""
    _sql(V6_NAMES + V6_NAMES_FILL + V6 + V6_ROLLUPS + ROLLUPS_FILL)(conn)
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone() is not None:
        conn.execute("PRAGMA analysis_limit = 1000")
        for table in V6_MEASURED:
            conn.execute(f"ANALYZE {table}")
        conn.execute("PRAGMA analysis_limit = 0")


# Version 7: the meetings with a reflection, for the Reflections page's count (a count of this index, not
# of the table) and its pages newest first. The condition is `reflections.REFLECTED`, word for word.
V7 = """
CREATE INDEX interaction_reflected ON interaction (occurred_at, id) WHERE state = 'done'
  AND (went_well != '' OR to_improve != '' OR lesson != '' OR opening_question != ''
  OR listening IS NOT NULL);
"""


# Version 8: each customer's last contact (their newest meeting held), kept by triggers in the same
# transaction as every write, so Today's slipping list and the customer list read a row per customer
# instead of seeking each customer's meetings. A customer with no meeting held has no row.
def _last_contact(who: str) -> str:
    return f"""
  DELETE FROM rollup_customer_contact WHERE customer_id = {who};
  INSERT INTO rollup_customer_contact (customer_id, last_at)
    SELECT {who}, max(occurred_at) FROM interaction WHERE customer_id = {who} AND state = 'done'
    HAVING max(occurred_at) IS NOT NULL;"""


V8 = f"""
CREATE TABLE rollup_customer_contact (customer_id INTEGER NOT NULL PRIMARY KEY, last_at TEXT NOT NULL);
CREATE TRIGGER rollup_contact_insert AFTER INSERT ON interaction WHEN NEW.state = 'done' BEGIN
  INSERT INTO rollup_customer_contact (customer_id, last_at) VALUES (NEW.customer_id, NEW.occurred_at)
  ON CONFLICT (customer_id) DO UPDATE SET last_at = excluded.last_at
  WHERE last_at IS NULL OR excluded.last_at > last_at;
END;
CREATE TRIGGER rollup_contact_update AFTER UPDATE OF state, occurred_at, customer_id ON interaction
  WHEN OLD.state = 'done' OR NEW.state = 'done'
BEGIN{_last_contact("OLD.customer_id")}{_last_contact("NEW.customer_id")}
END;
CREATE TRIGGER rollup_contact_delete AFTER DELETE ON interaction WHEN OLD.state = 'done'
BEGIN{_last_contact("OLD.customer_id")}
END;
CREATE TRIGGER rollup_contact_customer_delete AFTER DELETE ON customer BEGIN
  DELETE FROM rollup_customer_contact WHERE customer_id = OLD.id;
END;
"""

# The last contacts from the records (the migration, and an import, which sets their triggers aside).
LAST_CONTACT_FILL = """
DELETE FROM rollup_customer_contact;
INSERT INTO rollup_customer_contact (customer_id, last_at)
  SELECT customer_id, max(occurred_at) FROM interaction WHERE state = 'done' GROUP BY customer_id;
"""

# Every roll-up from the records (an import fills them once, at its end).
ALL_ROLLUPS_FILL = ROLLUPS_FILL + LAST_CONTACT_FILL

# STEPS[n] takes a file from version n to version n + 1.
STEPS: list[Step] = [
    _sql(V1),
    _sql(V2),
    _sql(V3),
    _v4,
    _sql(V5),
    _v6,
    _sql(V7),
    _sql(V8 + LAST_CONTACT_FILL),
]

LATEST = len(STEPS)


def user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def upgrade(conn: sqlite3.Connection) -> list[int]:
    """Run every step above the file's version, each in its own transaction. Returns the versions reached."""
    reached: list[int] = []
    search_text.register(conn)
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
