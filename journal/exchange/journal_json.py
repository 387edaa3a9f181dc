"""The portable export: every record and relation as JSON (README: "The JSON export"), and importing
one into an empty journal, which reproduces it exactly.

Records are keyed by their `uid`; a link to another record is that record's uid under the link's name
without `_id` (a promise's `"customer": "<uid>"`, `"source": null`). Integer ids are not exported: they
belong to one file. The format is derived from the journal's own tables, so a new column is exported
without anyone remembering to add it; `version` changes when the shape of the file does.

An import reads the file a record at a time (`export_reader`), holds every record to the rules typed input
meets (the services' own field checks) and writes it in one transaction with the rest: a refused file
leaves the journal as it was, and a file of any size needs little memory.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from pathlib import Path
from typing import Any

import peewee as pw

from journal.domain.errors import ValidationError
from journal.domain.text import check_time, name_key, visible
from journal.exchange import export_reader
from journal.services import (
    bank,
    contacts,
    customers,
    drafts,
    interactions,
    needs,
    promises,
    questions,
    settings,
)
from journal.storage import migrations, models, paths, statistics
from journal.storage.changes import DERIVED_TABLE_PREFIXES
from journal.storage.db import Journal
from journal.storage.models import format_utc

FORMAT = "sales-journal"
VERSION = 1
MAX_IMPORT_BYTES = 100 * 1024 * 1024  # a busy rep's ten years export to well under this
SKIPPED = ("search_index", "search_key", "sqlite_stat1")
_STAMP_RE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$")
_UID_RE = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


class ImportRefused(ValidationError):
    """The file cannot be imported; the message names the problem and the record. Nothing was written."""


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # SQLite's declared type: INTEGER, TEXT, VARCHAR(255), DATE
    required: bool
    refers_to: str | None  # the table a link column points at
    default: Any = None  # what a record from an export made before the column existed gets

    @cached_property
    def key(self) -> str:
        """The column's name in the file: a link is named for what it points at."""
        return self.name[: -len("_id")] if self.refers_to and self.name.endswith("_id") else self.name


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]  # without `id`
    has_uid: bool


def tables(conn: sqlite3.Connection) -> list[Table]:
    """The journal's record tables, each after the tables it links to (so they import in this order)."""
    names = [
        str(r[0])
        for r in conn.execute("SELECT name FROM main.sqlite_master WHERE type = 'table' ORDER BY rowid")
        if str(r[0]) not in SKIPPED and not str(r[0]).startswith(("sqlite_", *DERIVED_TABLE_PREFIXES))
    ]
    found: dict[str, Table] = {}
    for name in names:
        links = {str(r[3]): str(r[2]) for r in conn.execute(f"PRAGMA main.foreign_key_list({name})")}
        columns = tuple(
            Column(
                str(r[1]),
                str(r[2]).upper(),
                bool(r[3]),
                links.get(str(r[1])),
                None if r[4] is None else conn.execute(f"SELECT {r[4]}").fetchone()[0],
            )
            for r in conn.execute(f"PRAGMA main.table_info({name})")
            if str(r[1]) != "id"
        )
        found[name] = Table(name, columns, any(c.name == "uid" for c in columns))
    ordered: list[Table] = []
    placed: set[str] = set()
    while len(ordered) < len(found):
        for t in found.values():
            needs = {c.refers_to for c in t.columns if c.refers_to and c.refers_to != t.name}
            if t.name not in placed and needs <= placed:
                ordered.append(t)
                placed.add(t.name)
    return ordered


# -- export ---------------------------------------------------------------------------------------------


def _uids(conn: sqlite3.Connection, table: str) -> dict[int, str]:
    return {int(i): str(u) for i, u in conn.execute(f"SELECT id, uid FROM {table}")}


def export_chunks(journal: Journal, *, now: datetime) -> Iterator[str]:
    """The JSON export as text pieces (a large journal is never held in memory as one string)."""
    conn = journal.conn()
    conn.execute("BEGIN")  # one consistent snapshot for the whole export
    try:
        schema = tables(conn)
        uids = {t.name: _uids(conn, t.name) for t in schema if t.has_uid}
        head = {
            "format": FORMAT,
            "version": VERSION,
            "journal_format": migrations.user_version(conn),
            "exported_at": format_utc(now),
        }
        yield json.dumps(head, ensure_ascii=False, indent=1)[:-2] + ',\n "records": {'
        for n, table in enumerate(schema):
            yield f"{',' if n else ''}\n  {json.dumps(table.name)}: ["
            names = ", ".join(c.name for c in table.columns)
            order = "id" if table.has_uid else "rowid"
            first = True
            for row in conn.execute(f"SELECT {names} FROM {table.name} ORDER BY {order}"):
                record: dict[str, Any] = {}
                for column, value in zip(table.columns, row, strict=True):
                    if column.refers_to and value is not None:
                        value = uids[column.refers_to].get(int(value))
                    record[column.key] = value
                yield ("\n   " if first else ",\n   ") + json.dumps(record, ensure_ascii=False)
                first = False
            yield "\n  ]" if not first else "]"
        yield "\n }\n}\n"
    finally:
        conn.execute("COMMIT")


def export_json(journal: Journal, target: Path, *, now: datetime) -> Path:
    """Write the export to `target` atomically (a temporary file renamed into place), 0600."""
    with paths.private_atomic_writer(target) as f:
        for chunk in export_chunks(journal, now=now):
            f.write(chunk.encode("utf-8"))
    return target


# -- import ---------------------------------------------------------------------------------------------


class _Bad(Exception):
    """What is wrong with one value, said after the record's description."""


def _ics() -> Any:
    """The calendar module, imported when a file has calendar events: icalendar takes a fifth of a second
    to import, which a window opening has no need to pay."""
    from journal.exchange import ics

    return ics


# Every field of every record is checked by the rules the app applies to what is typed: the services'
# own field checks. `name_key` is made from the name, never read; links, uids and the record's own
# times are checked here.
FIELD_RULES: dict[str, Callable[[str, Any], Any]] = {
    "customer": customers.clean_customer_field,
    "tag": customers.clean_tag_field,
    "interaction": interactions.clean_interaction_field,
    "stage_change": customers.clean_stage_change_field,
    "contact": contacts.clean_contact_field,
    "rapport_fact": contacts.clean_fact_field,
    "important_date": contacts.clean_date_field,
    "need": needs.clean_need_field,
    "objection": needs.clean_objection_field,
    "promise": promises.clean_promise_field,
    "question": questions.clean_question_field,
    "bank_question": bank.clean_question_field,
    "draft": drafts.clean_draft_field,
    "calendar_event": lambda key, value: _ics().clean_calendar_event_field(key, value),
}
LINKS_ONLY = ("customer_tag", "attendee")  # records that are two links and nothing else
# A setting's value is JSON text checked with its key (`settings.clean_stored`).
DERIVED = {("customer", "name_key"): "name", ("tag", "name_key"): "name"}
# A link to a person or a meeting must stay within the record's customer, as the services require.
SAME_CUSTOMER = (
    ("need", "contact_id", "contact", "a person"),
    ("need", "source_id", "interaction", "a meeting"),
    ("objection", "contact_id", "contact", "a person"),
    ("objection", "source_id", "interaction", "a meeting"),
    ("promise", "contact_id", "contact", "a person"),
    ("promise", "source_id", "interaction", "a meeting"),
    ("question", "source_id", "interaction", "a meeting"),
    ("important_date", "contact_id", "contact", "a person"),
)
BATCH = 2_000  # records written at a time, or fewer when they are long:
BATCH_CHARS = 1 << 20
_DATE_RE = re.compile(r"^\d{4}-\d\d-\d\d$")


def _kinds() -> dict[tuple[str, str], str]:
    """How each stored column is written in the file: uid, link, stamp, date, flag, int or text."""
    out: dict[tuple[str, str], str] = {}
    for model in models.MODELS:
        for field in model._meta.sorted_fields:
            if isinstance(field, pw.ForeignKeyField):
                kind = "link"
            elif isinstance(field, models.UTCDateTimeField):
                kind = "stamp"
            elif isinstance(field, pw.DateField):
                kind = "date"
            elif isinstance(field, pw.BooleanField):
                kind = "flag"
            elif isinstance(field, pw.IntegerField):
                kind = "int"
            else:
                kind = "uid" if field.name == "uid" else "text"
            out[model._meta.table_name, field.column_name] = kind
    return out


def _describe(table: str, index: int, record: object) -> str:
    label = f"{table.replace('_', ' ')} #{index + 1}"
    if isinstance(record, dict):
        for key in ("name", "text", "concern", "label", "key", "uid"):
            value = record.get(key)
            if isinstance(value, str) and value:
                shown = visible(value if len(value) <= 40 else value[:39] + "…")
                return f"{label} (“{shown}”)"
    return label


def _wrong_type(key: str, value: Any, expected: str) -> _Bad:
    return _Bad(f"has a “{key}” of the wrong type ({type(value).__name__}): {expected} was expected.")


def _from_file(kind: str, key: str, value: Any) -> Any:
    """A value as the file holds it, in the form the field rules take (a date, a time, yes or no)."""
    if kind == "text" or kind == "link" or kind == "uid":
        if not isinstance(value, str):
            raise _wrong_type(key, value, "a uid" if kind != "text" else "text")
        if kind != "text" and not _UID_RE.match(value):
            raise _Bad(f"has a “{key}” that is not a uid: “{visible(value[:40])}”.")
        return value
    if kind == "int" or kind == "flag":
        if not isinstance(value, int) or (isinstance(value, bool) and kind == "int"):
            raise _wrong_type(key, value, "a whole number")
        if kind == "flag":
            if value not in (0, 1):
                raise _Bad(f"has a “{key}” of {value}: 0 (no) or 1 (yes) was expected.")
            return bool(value)
        return value
    if not isinstance(value, str):
        raise _wrong_type(key, value, "a date" if kind == "date" else "a time")
    try:
        if kind == "date":
            if not _DATE_RE.match(value):
                raise ValueError(value)
            return date.fromisoformat(value)
        if not _STAMP_RE.match(value):
            raise ValueError(value)
        return models.parse_utc(value)
    except ValueError:
        like = "2026-12-01" if kind == "date" else "2026-12-01T09:30:00.000000Z"
        raise _Bad(
            f"has a “{key}” that is not a {kind.replace('stamp', 'time')} like {like}: "
            f"“{visible(value[:40])}”."
        ) from None


def _to_file(kind: str, value: Any) -> Any:
    """A checked value as the journal stores it."""
    if value is None:
        return None
    if kind == "flag":
        return int(value)
    if kind == "date":
        return value.isoformat()
    if kind == "stamp":
        return format_utc(value)
    return value


@dataclass(frozen=True)
class _Field:
    n: int  # its place in the row
    name: str  # the column
    key: str  # its name in the file
    how: str  # uid, link, stamp, date, flag, int, text; "own" (created_at, updated_at); "derived"
    required: bool
    source: int  # a derived field: the place of the field it is made from
    default: Any  # what a record from an export made before the column existed gets


@dataclass
class _Kind:
    """One kind of record being imported: its columns, its rules, and the records waiting to be written."""

    table: Table
    kinds: dict[str, str]
    rule: Callable[[str, Any], Any] | None
    pending: list[tuple[int, dict[str, Any], list[Any]]]
    pending_chars: int = 0
    count: int = 0

    @cached_property
    def keys(self) -> frozenset[str]:
        return frozenset(c.key for c in self.table.columns)

    @cached_property
    def fields(self) -> tuple[_Field, ...]:
        names = [c.name for c in self.table.columns]
        out = []
        for n, c in enumerate(self.table.columns):
            source = DERIVED.get((self.table.name, c.name))
            how = self.kinds.get(c.name, "text")
            if source is not None:
                how = "derived"
            elif c.name in ("created_at", "updated_at"):
                how = "own"
            at = names.index(source) if source else -1
            out.append(_Field(n, c.name, c.key, how, c.required, at, c.default))
        return tuple(out)

    @cached_property
    def insert(self) -> str:
        names = ", ".join(c.name for c in self.table.columns)
        marks = ", ".join("?" for _ in self.table.columns)
        return f"INSERT INTO {self.table.name} ({names}) VALUES ({marks})"


def _own_time(field: _Field, given: Any) -> str:
    """When the record was written or last changed: a time in the stored form, in believable years."""
    if not isinstance(given, str) or not _STAMP_RE.match(given) or not "1900" <= given[:4] <= "2200":
        try:
            check_time(_from_file("stamp", field.key, given), field=field.name, label="Written on")
        except ValidationError as e:
            raise _Bad(f"has a “{field.key}” the journal does not accept: {e.message}") from None
    try:
        datetime.fromisoformat(given[:-1])
    except ValueError:
        raise _Bad(f"has a “{field.key}” that is not a time: “{visible(given[:40])}”.") from None
    return str(given)


def _checked(kind: _Kind, record: dict[str, Any]) -> list[Any]:
    """The row to insert for a record (links still as uids), by the same rules as typed input."""
    if not record.keys() <= kind.keys:
        extra = sorted(record.keys() - kind.keys)[0]
        raise _Bad(f"has a field this version does not know: “{visible(extra[:40])}”.")
    rule = kind.rule
    row: list[Any] = [None] * len(kind.fields)
    for field in kind.fields:
        how = field.how
        if how == "derived":
            continue
        given = record.get(field.key, field.default)
        if given is None:
            if field.required:
                raise _Bad(f"has no “{field.key}”, which every such record needs.")
            continue
        if how == "own":
            row[field.n] = _own_time(field, given)
            continue
        value = given if how == "text" and type(given) is str else _from_file(how, field.key, given)
        if how == "link" or how == "uid":
            row[field.n] = value
            continue
        try:
            if rule is not None:
                cleaned = rule(field.name, value)
            else:  # a setting: its value is JSON text, checked with its key
                cleaned = (
                    settings.clean_stored(str(record.get("key")), value) if field.key == "value" else value
                )
        except ValidationError as e:
            raise _Bad(f"has a “{field.key}” the journal does not accept: {visible(e.message)}") from None
        # A date or time the rules left as it was is stored as the file gave it (it is in the stored form).
        row[field.n] = given if cleaned is value and how in ("date", "stamp") else _to_file(how, cleaned)
    for field in kind.fields:
        if field.how == "derived":
            row[field.n] = name_key(row[field.source])
    if kind.table.name == "important_date":
        try:
            contacts.check_month_day(record["month"], record["day"], record.get("year"))
        except ValidationError as e:
            raise _Bad(f"has a “{e.field}” the journal does not accept: {e.message}") from None
    return row


def _refused(kind: _Kind, index: int, record: object, problem: str) -> ImportRefused:
    return ImportRefused(f"The {_describe(kind.table.name, index, record)} {problem} Nothing was imported.")


_RULE_BROKEN = {
    "uid": "has the same uid as another {what}.",
    "name_key": "has the same name as another {what}.",
    "key": "repeats a setting already in the file.",
}


def _write(conn: sqlite3.Connection, kind: _Kind) -> None:
    """Write the records waiting: their links turned into ids, all at once, or one by one to name the
    record that breaks a rule of the journal."""
    pending, kind.pending, kind.pending_chars = kind.pending, [], 0
    if not pending:
        return
    for n, column in enumerate(kind.table.columns):
        if not column.refers_to:
            continue
        wanted = list({row[n] for _, _, row in pending if row[n] is not None})
        ids: dict[str, int] = {}
        for start in range(0, len(wanted), 500):
            part = wanted[start : start + 500]
            marks = ", ".join("?" * len(part))
            sql = f"SELECT uid, id FROM {column.refers_to} WHERE uid IN ({marks})"
            ids.update(conn.execute(sql, part).fetchall())
        for index, record, row in pending:
            if row[n] is None:
                continue
            found = ids.get(row[n])
            if found is None:
                what = column.refers_to.replace("_", " ")
                raise _refused(
                    kind,
                    index,
                    record,
                    f"links “{column.key}” to a {what} ({row[n]}) that is not in the file.",
                )
            row[n] = found
    rows = [row for _, _, row in pending]
    conn.execute("SAVEPOINT import_batch")
    try:
        conn.executemany(kind.insert, rows)
    except sqlite3.IntegrityError:
        conn.execute("ROLLBACK TO import_batch")
        for index, record, row in pending:
            try:
                conn.execute(kind.insert, row)
            except sqlite3.IntegrityError as e:
                what = kind.table.name.replace("_", " ")
                broken = _RULE_BROKEN.get(str(e).rsplit(".", 1)[-1], "repeats a link already in the file.")
                if not str(e).startswith("UNIQUE"):
                    broken = f"breaks a rule of the journal ({e})."
                raise _refused(kind, index, record, broken.format(what=what)) from None
    finally:
        conn.execute("RELEASE import_batch")
    kind.count += len(rows)


def _check_same_customer(conn: sqlite3.Connection) -> None:
    for table, column, target, what in SAME_CUSTOMER:
        found = conn.execute(
            f"SELECT t.uid FROM {table} t JOIN {target} x ON x.id = t.{column} "
            "WHERE x.customer_id <> t.customer_id LIMIT 1"
        ).fetchone()
        if found is not None:
            raise ImportRefused(
                f"The {table.replace('_', ' ')} {found[0]} is linked to {what} of another customer. "
                "Nothing was imported."
            )
    found = conn.execute(
        "SELECT i.uid FROM attendee a JOIN interaction i ON i.id = a.interaction_id "
        "JOIN contact c ON c.id = a.contact_id WHERE c.customer_id <> i.customer_id LIMIT 1"
    ).fetchone()
    if found is not None:
        raise ImportRefused(
            f"The interaction {found[0]} lists a person of another customer among those who attended. "
            "Nothing was imported."
        )


def _check_size(path: Path, max_bytes: int) -> int:
    try:
        size = path.stat().st_size
    except OSError as e:
        raise ImportRefused(f"“{path}” cannot be read: {e.strerror}.") from e
    if size > max_bytes:
        raise ImportRefused(
            f"“{path.name}” is {size / 1024 / 1024:,.0f} MB; a Sales Journal export is at most "
            f"{max_bytes // 1024 // 1024} MB unless you allow more (sales-journal import --max-size)."
        )
    return size


@contextmanager
def _events(path: Path) -> Iterator[Iterator[export_reader.Event]]:
    """The file's events, with what goes wrong reading it said in plain words."""
    try:
        with path.open(encoding="utf-8", newline="") as source:
            yield export_reader.events(source)
    except UnicodeDecodeError as e:
        raise ImportRefused(f"“{path.name}” is not a Sales Journal export: it is not UTF-8 text.") from e
    except export_reader.NotAnObject as e:
        raise ImportRefused(f"“{path.name}” is JSON, but not a Sales Journal export.") from e
    except export_reader.BadJSON as e:
        cut = " It looks cut short." if e.cut_short else ""
        raise ImportRefused(
            f"“{path.name}” is not valid JSON (line {e.line}, column {e.column}: {e.message}).{cut}"
        ) from e
    except OSError as e:
        raise ImportRefused(f"“{path}” cannot be read: {e.strerror or e}.") from e


def _check_head(name: str, head: dict[str, Any]) -> None:
    if head.get("format") != FORMAT:
        raise ImportRefused(f"“{name}” is JSON, but not a Sales Journal export (no “format” key first).")
    version = head.get("version")
    if type(version) is not int or version != VERSION:  # not `true` or `1.0`, which equal 1 in Python
        newer = type(version) is int and version > VERSION
        raise ImportRefused(
            f"“{name}” is a Sales Journal export of version {visible(repr(version)[:40])}; this version "
            f"of Sales Journal reads version {VERSION}."
            + (" Update Sales Journal to import it." if newer else "")
        )


def check_head(path: Path, max_bytes: int = MAX_IMPORT_BYTES) -> None:
    """Refuse a file that is too large, not JSON, or not an export of this version, without reading its
    records (the import checks those)."""
    _check_size(path, max_bytes)
    head: dict[str, Any] = {}
    with _events(path) as events:
        for event in events:
            if not isinstance(event, export_reader.Member):
                break
            head[event.key] = event.value
    _check_head(path.name, head)


def _empty(conn: sqlite3.Connection, schema: list[Table]) -> list[str]:
    seeded = ("bank_question", "setting")
    return [
        t.name
        for t in schema
        if t.name not in seeded and conn.execute(f"SELECT EXISTS (SELECT 1 FROM {t.name})").fetchone()[0]
    ]


def _set_aside(conn: sqlite3.Connection) -> list[str]:
    """Make the import's transaction a bulk load; returns the statements that put back what it set aside.

    The search index and the daily roll-ups are filled once at the end, and the indexes that only speed
    up reading are made once at the end too, by sorting, instead of row by row (the unique ones stay: they
    are rules a record can break, named as it is written). Dropped in the same transaction, a failed
    import keeps them all."""
    set_aside = conn.execute(
        "SELECT type, name, sql FROM main.sqlite_master WHERE sql IS NOT NULL AND ("
        "  (type = 'trigger' AND (sql LIKE '%search_index%' OR name LIKE 'rollup\\_%' ESCAPE '\\'))"
        "  OR (type = 'index' AND sql NOT LIKE 'CREATE UNIQUE %'))"
    ).fetchall()
    for kind, name, _ in set_aside:
        conn.execute(f'DROP {kind.upper()} "{name.replace(chr(34), chr(34) * 2)}"')
    return [sql for _, _, sql in set_aside]


def import_json(
    journal: Journal,
    path: Path,
    *,
    progress: Callable[[str], None] | None = None,
    max_bytes: int = MAX_IMPORT_BYTES,
) -> dict[str, int]:
    """Import an export into this journal, which must be empty. Returns records imported per table.

    The file is read a record at a time; each record is checked by the rules typed input meets and
    written in the same transaction as the rest, so a refused file leaves the journal as it was."""
    _check_size(path, max_bytes)
    conn = journal.conn()
    schema = tables(conn)
    occupied = _empty(conn, schema)
    if occupied:
        raise ImportRefused(
            "An export is imported into an empty journal, and this one already holds records "
            f"({', '.join(t.replace('_', ' ') for t in occupied[:4])}). Import into a new file with "
            "--journal NEW_FILE."
        )
    column_kinds = _kinds()
    kinds = {
        t.name: _Kind(
            t,
            {c.name: column_kinds.get((t.name, c.name), "text") for c in t.columns},
            FIELD_RULES.get(t.name),
            [],
        )
        for t in schema
    }
    with _events(path) as events, journal.write(f"Import ‘{path.name}’"):
        conn.execute("DELETE FROM bank_question")  # the seeded bank is replaced by the one exported
        conn.execute("DELETE FROM setting")
        set_aside = _set_aside(conn)
        head: dict[str, Any] = {}
        current: _Kind | None = None
        seen: set[str] = set()
        for event in events:
            if isinstance(event, export_reader.Member):
                if event.key == "records":
                    raise ImportRefused(f'“{path.name}” has no "records" object.')
                if not seen:
                    head[event.key] = event.value
                continue
            if isinstance(event, export_reader.Records):
                _check_head(path.name, head)
                seen.add("")
                continue
            table = event.table
            if current is None or table != current.table.name:
                if current is not None:
                    _write(conn, current)
                if table not in kinds:
                    raise ImportRefused(
                        f"“{path.name}” holds records of a kind this version does not know: "
                        f"{visible(table[:40])}."
                    )
                if table in seen:
                    raise ImportRefused(f"“{path.name}” lists the {table.replace('_', ' ')} records twice.")
                seen.add(table)
                current = kinds[table]
                if progress is not None:
                    progress(table)
            if isinstance(event, export_reader.TableStart):
                continue
            if event.index < 0:
                raise ImportRefused(f"“{table}” in the file is not a list of records.")
            record = event.value
            try:
                if not isinstance(record, dict):
                    raise _Bad("is not a record (an object with named fields).")
                row = _checked(current, record)
            except _Bad as e:
                raise _refused(current, event.index, record, str(e)) from None
            current.pending.append((event.index, record, row))
            current.pending_chars += event.length
            if len(current.pending) >= BATCH or current.pending_chars >= BATCH_CHARS:
                _write(conn, current)
        if current is not None:
            _write(conn, current)
        if not seen:
            _check_head(path.name, head)
            raise ImportRefused(f'“{path.name}” has no "records" object.')
        seen.discard("")
        _check_same_customer(conn)
        if progress is not None:
            progress("indexes")
        for statement in set_aside:
            conn.execute(statement)
        for statement in migrations.statements(migrations.ALL_ROLLUPS_FILL):
            conn.execute(statement)
        if progress is not None:
            progress("search index")
        from journal.reads import search

        search.reindex(journal)
    if progress is not None:
        progress("statistics")
    statistics.analyze(journal)  # the planner knows the imported tables' sizes from the first query on
    return {name: kind.count for name, kind in kinds.items()}
