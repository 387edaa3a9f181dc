"""The portable export: every record and relation as JSON (README: "The JSON export"), and importing
one into an empty journal, which reproduces it exactly.

Records are keyed by their `uid`; a link to another record is that record's uid under the link's name
without `_id` (a promise's `"customer": "<uid>"`, `"source": null`). Integer ids are not exported: they
belong to one file. The format is derived from the journal's own tables, so a new column is exported
without anyone remembering to add it; `version` changes when the shape of the file does.

An import is checked whole before anything is written — JSON, version, every field's type and length,
every link — and then written in one transaction: refused input leaves the journal as it was.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from pathlib import Path
from typing import Any

from journal import migrations, paths, search
from journal.db import Journal
from journal.errors import ValidationError
from journal.models import format_utc

FORMAT = "sales-journal"
VERSION = 1
MAX_IMPORT_BYTES = 100 * 1024 * 1024  # a busy rep's ten years export to well under this
MAX_TEXT = 200_000  # the longest text the app stores (meeting notes)
MAX_SHORT = 255  # VARCHAR(255) columns
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

    @cached_property
    def limit(self) -> int:
        """The longest text the column may hold."""
        if self.name == "payload":
            return MAX_TEXT * 4  # a draft: a whole form
        return MAX_SHORT if self.type.startswith("VARCHAR") else MAX_TEXT


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
        if str(r[0]) not in SKIPPED and not str(r[0]).startswith(("sqlite_", "search_"))
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


def _describe(table: str, index: int, record: object) -> str:
    label = f"{table.replace('_', ' ')} #{index + 1}"
    if isinstance(record, dict):
        for key in ("name", "text", "concern", "label", "uid", "key"):
            value = record.get(key)
            if isinstance(value, str) and value:
                shown = value if len(value) <= 40 else value[:39] + "…"
                return f"{label} (“{shown}”)"
    return label


class _Bad(Exception):
    """What is wrong with one value, said after the record's description."""


def _check_value(column: Column, value: Any) -> Any:
    if value is None:
        if column.required:
            raise _Bad(f"has no “{column.key}”, which every such record needs.")
        return None
    if column.refers_to:
        if not isinstance(value, str):
            raise _Bad(f"links “{column.key}” with {type(value).__name__}, not a uid.")
        return value
    wrong = f"has a “{column.key}” of the wrong type ({type(value).__name__})"
    if column.type == "INTEGER":
        if not isinstance(value, int) or isinstance(value, bool):
            raise _Bad(f"{wrong}: a whole number was expected.")
        if not -(2**63) <= value < 2**63:
            raise _Bad(f"has a “{column.key}” too large to store.")
        return value
    if not isinstance(value, str):
        raise _Bad(f"{wrong}: text was expected.")
    if len(value) > column.limit:
        raise _Bad(
            f"has a “{column.key}” of {len(value):,} characters; the most the journal keeps there is "
            f"{column.limit:,}."
        )
    try:
        if column.type == "DATE":
            date.fromisoformat(value)
        elif column.name.endswith("_at"):
            if not _STAMP_RE.match(value):
                raise ValueError(value)
            datetime.fromisoformat(value[:-1])
        elif column.name == "uid" and not _UID_RE.match(value):
            raise ValueError(value)
    except ValueError:
        raise _Bad(f"has a “{column.key}” that is not a valid value: “{value[:40]}”.") from None
    return value


def read_export(path: Path, max_bytes: int = MAX_IMPORT_BYTES) -> dict[str, Any]:
    """The parsed file, or ImportRefused saying what is wrong with it in plain words."""
    try:
        size = path.stat().st_size
    except OSError as e:
        raise ImportRefused(f"“{path}” cannot be read: {e.strerror}.") from e
    if size > max_bytes:
        raise ImportRefused(
            f"“{path.name}” is {size / 1024 / 1024:,.0f} MB; a Sales Journal export is at most "
            f"{max_bytes // 1024 // 1024} MB unless you allow more (sales-journal import --max-size)."
        )
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as e:
        raise ImportRefused(f"“{path.name}” is not a Sales Journal export: it is not UTF-8 text.") from e
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        ends = text.rstrip()[-1:]
        cut = " It looks cut short." if text.lstrip().startswith("{") and ends != "}" else ""
        raise ImportRefused(
            f"“{path.name}” is not valid JSON (line {e.lineno}, column {e.colno}: {e.msg}).{cut}"
        ) from e
    except RecursionError as e:
        raise ImportRefused(f"“{path.name}” is nested too deeply to be a Sales Journal export.") from e
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ImportRefused(f"“{path.name}” is JSON, but not a Sales Journal export (no “format” key).")
    version = data.get("version")
    if type(version) is not int or version != VERSION:  # not `true` or `1.0`, which equal 1 in Python
        newer = type(version) is int and version > VERSION
        raise ImportRefused(
            f"“{path.name}” is a Sales Journal export of version {version!r}; this version of Sales Journal "
            f"reads version {VERSION}." + (" Update Sales Journal to import it." if newer else "")
        )
    if not isinstance(data.get("records"), dict):
        raise ImportRefused(f'“{path.name}” has no "records" object.')
    return data


def _empty(conn: sqlite3.Connection, schema: list[Table]) -> list[str]:
    seeded = ("bank_question", "setting")
    return [
        t.name
        for t in schema
        if t.name not in seeded and conn.execute(f"SELECT EXISTS (SELECT 1 FROM {t.name})").fetchone()[0]
    ]


def _checked_rows(schema: list[Table], records: dict[str, Any]) -> dict[str, list[tuple[Any, ...]]]:
    """Every record checked and turned into the row to insert; ImportRefused names the first bad one."""
    rows: dict[str, list[tuple[Any, ...]]] = {}
    seen_uids: dict[str, set[str]] = {}
    for table in schema:
        items = records.get(table.name, [])
        if not isinstance(items, list):
            raise ImportRefused(f"“{table.name}” in the file is not a list of records.")
        keys = {c.key for c in table.columns}
        out: list[tuple[Any, ...]] = []
        uids: set[str] = set()
        for i, record in enumerate(items):
            try:
                if not isinstance(record, dict):
                    raise _Bad("is not a record (an object with named fields).")
                extra = set(record) - keys
                if extra:
                    raise _Bad(f"has a field this version does not know: “{sorted(extra)[0]}”.")
                values = []
                for column in table.columns:
                    given = record.get(column.key, column.default)
                    value = _check_value(column, given)
                    target = column.refers_to
                    if target and value is not None and value not in seen_uids.get(target, ()):
                        kind = target.replace("_", " ")
                        raise _Bad(
                            f"links “{column.key}” to a {kind} ({value[:36]}) that is not in the file."
                        )
                    values.append(value)
                if table.has_uid:
                    if record["uid"] in uids:
                        raise _Bad(f"has the same uid as another {table.name.replace('_', ' ')}.")
                    uids.add(record["uid"])
            except _Bad as e:
                raise ImportRefused(f"The {_describe(table.name, i, record)} {e}") from None
            out.append(tuple(values))
        rows[table.name] = out
        seen_uids[table.name] = uids
    return rows


def import_json(
    journal: Journal,
    path: Path,
    *,
    progress: Callable[[str], None] | None = None,
    max_bytes: int = MAX_IMPORT_BYTES,
) -> dict[str, int]:
    """Import an export into this journal, which must be empty. Returns records imported per table."""
    data = read_export(path, max_bytes)
    conn = journal.conn()
    schema = tables(conn)
    occupied = _empty(conn, schema)
    if occupied:
        raise ImportRefused(
            "An export is imported into an empty journal, and this one already holds records "
            f"({', '.join(t.replace('_', ' ') for t in occupied[:4])}). Import into a new file with "
            "--journal NEW_FILE."
        )
    records: dict[str, Any] = data["records"]
    known = {t.name for t in schema}
    unknown = sorted(set(records) - known)
    if unknown:
        raise ImportRefused(
            f"“{path.name}” holds records of a kind this version does not know: {unknown[0]}."
        )
    rows = _checked_rows(schema, records)
    counts: dict[str, int] = {}
    with journal.write(f"Import ‘{path.name}’"):
        conn.execute("DELETE FROM bank_question")  # the seeded bank is replaced by the one exported
        conn.execute("DELETE FROM setting")
        # The search index is filled once at the end (far faster than row by row through its triggers);
        # the triggers are put back inside the same transaction, so a failed import leaves them as they were.
        triggers = conn.execute(
            "SELECT name, sql FROM main.sqlite_master WHERE type = 'trigger' AND sql LIKE '%search_index%'"
        ).fetchall()
        for name, _ in triggers:
            conn.execute(f'DROP TRIGGER "{name}"')
        for table in schema:
            if progress is not None:
                progress(table.name)
            values = ", ".join(
                f"(SELECT id FROM {c.refers_to} WHERE uid = ?)" if c.refers_to else "?" for c in table.columns
            )
            sql = f"INSERT INTO {table.name} ({', '.join(c.name for c in table.columns)}) VALUES ({values})"
            try:
                conn.executemany(sql, rows[table.name])
            except sqlite3.IntegrityError as e:
                raise ImportRefused(
                    f"The {table.name.replace('_', ' ')} records in “{path.name}” break a rule of the "
                    f"journal ({e}); nothing was imported."
                ) from e
            counts[table.name] = len(rows[table.name])
        for _, trigger in triggers:
            conn.execute(trigger)
        if progress is not None:
            progress("search index")
        search.reindex(journal)
    return counts
