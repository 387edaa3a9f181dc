"""Reading an import file safely and telling what it is from its content, not its name.

A file is refused, with a message saying why and nothing written, when it is too large, binary (a
workbook, a PDF, an image), or text in an encoding that cannot be told for sure.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Mapping
from datetime import date
from pathlib import Path

from journal.domain.clock import DateOrder
from journal.domain.errors import ValidationError
from journal.exchange.imports.entries import Kind, Source

MAX_BYTES = 50 * 1024 * 1024  # ten times the largest contacts export a busy rep would have

_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
_MAGIC = {
    b"PK\x03\x04": "a zipped file (an Excel workbook, perhaps): save it as CSV first",
    b"\xd0\xcf\x11\xe0": "an old Excel or Word file: save it as CSV first",
    b"%PDF": "a PDF",
    b"\x89PNG": "a picture",
    b"\xff\xd8\xff": "a picture",
    b"SQLite format 3": "a database (a journal, perhaps: open it with --journal instead)",
}


class ImportProblem(ValidationError):
    """The file cannot be imported; the message says why. Nothing was written."""


def decode(data: bytes, name: str) -> str:
    """The text of a file: UTF-8 (with or without a BOM), UTF-16 with a BOM, or Windows-1252 (what older
    Outlook and Excel write). Anything else is refused rather than guessed into nonsense."""
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise ImportProblem(f"“{name}” is {what}, not a contacts or calendar file. Nothing was imported.")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise ImportProblem(
                f"“{name}” says it is UTF-16 text but is damaged at byte {len(data)}. Nothing was imported."
            ) from None
    else:
        if b"\x00" in data:
            raise ImportProblem(
                f"“{name}” holds binary data (or UTF-16 text without its byte-order mark), so it is not a "
                "file Sales Journal can read. Export it again as CSV (UTF-8). Nothing was imported."
            )
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                raise ImportProblem(
                    f"“{name}” is neither UTF-8 nor Windows-1252 text (byte {e.start + 1} cannot be read in "
                    "either), so its names would come out garbled. Export it again as “CSV UTF-8”. "
                    "Nothing was imported."
                ) from None
    found = _CONTROL.search(text)
    if found is not None:
        line = text.count("\n", 0, found.start()) + 1
        raise ImportProblem(
            f"“{name}” has a control character on line {line}: it is a binary file, not a contacts or "
            "calendar export. Nothing was imported."
        )
    return text


def kind_of(text: str) -> Kind:
    """What the text is, from how it begins."""
    head = text.lstrip()[:2000]
    upper = head.upper()
    if head.startswith("{"):
        return "json"
    if upper.startswith("BEGIN:VCARD"):
        return "vcard"
    if upper.startswith("BEGIN:VCALENDAR"):
        return "ics"
    return "csv"


def read_bytes(path: Path, max_bytes: int = MAX_BYTES) -> bytes:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise ImportProblem(
                f"“{path.name}” is {size / 1024 / 1024:,.0f} MB; a contacts or calendar export is at most "
                f"{max_bytes // 1024 // 1024} MB. Is it the right file? Nothing was imported."
            )
        data = path.read_bytes()
    except OSError as e:
        raise ImportProblem(f"“{path}” cannot be read: {e.strerror or e}.") from e
    if not data.strip():
        raise ImportProblem(f"“{path.name}” is empty. Nothing was imported.")
    return data


def read(
    path: Path,
    *,
    kind: Kind | None = None,
    mapping: Mapping[str, str] | None = None,
    date_order: DateOrder | None = None,
    window: tuple[date, date] | None = None,
    zone: object = None,
) -> Source:
    """Read and understand `path`. `kind` overrides detection; `mapping` (CSV column -> field) overrides
    the detected mapping for those columns; `window` bounds the calendar events taken (first, last day)."""
    text = decode(read_bytes(path), path.name)
    found = kind or kind_of(text)
    if found == "json":
        raise ImportProblem(
            f"“{path.name}” is a Sales Journal export: it is restored whole into an empty journal "
            "(sales-journal --journal NEW_FILE import FILE), not merged into this one."
        )
    # Each reader's library is loaded only for its kind of file (the calendar's takes a while to load).
    if found == "vcard":
        from journal.exchange.imports import vcard

        return vcard.read_text(text, path.name)
    if found == "ics":
        from journal.exchange.imports import calendar

        return calendar.read_text(text, path.name, window=window, zone=zone)
    from journal.exchange.imports import csv_layouts

    return csv_layouts.read_text(text, path.name, mapping=mapping, date_order=date_order)
