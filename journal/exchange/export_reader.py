"""Reading a JSON export a record at a time, so a file of hundreds of megabytes never sits in memory.

The file is ordinary JSON of the export's shape (README: "The JSON export format"): an object whose
`records` member is an object of lists of records. Any layout of that JSON is read — one record a line as
the app writes it, pretty-printed, or all on one line — by Python's own decoder, one record at a time, with
only a window of the file in memory. The members before `records` (`format`, `version`, …) are given first,
so a file of another kind or version is refused before its records are read.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, TextIO

CHUNK = 1 << 18  # characters read at a time
# The longest record the app can write is a draft of 2,000,000 characters, each at most 6 when escaped.
RECORD_MAX = 16 << 20
_WHITESPACE = " \t\n\r"


class BadJSON(ValueError):
    """The text is not valid JSON, or not JSON of the export's shape; `line` and `column` say where."""

    def __init__(self, message: str, line: int, column: int, *, cut_short: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.cut_short = cut_short


class NotAnObject(BadJSON):
    """JSON, but a list or a single value rather than an object: not an export."""


@dataclass(frozen=True)
class Member:
    """A member of the export other than its records (`format`, `version`, `exported_at`, …)."""

    key: str
    value: Any


@dataclass(frozen=True)
class Records:
    """The records begin: every member before them has been given."""


@dataclass(frozen=True)
class TableStart:
    """The list of one kind of record begins (it may be empty)."""

    table: str


@dataclass(frozen=True)
class Record:
    table: str
    index: int  # its place in its table's list, from 0
    value: Any  # as decoded: the importer checks it is a record
    length: int = 0  # characters it took in the file


Event = Member | Records | TableStart | Record


class _Window:
    """The part of the file being decoded, with where it is in the whole file (for messages)."""

    def __init__(self, source: TextIO) -> None:
        self.source = source
        self.text = ""
        self.pos = 0
        self.ended = False
        self.dropped = 0  # characters already dropped
        self.lines_before = 0  # newlines in the text already dropped
        self.line_start = 0  # offset in `text` after the last dropped newline (negative once dropped)
        self.decoder = json.JSONDecoder()

    def more(self, at_least: int = CHUNK) -> bool:
        """Read on; False at the end of the file."""
        if self.ended:
            return False
        if self.pos > CHUNK:  # drop what has been decoded
            dropped = self.text[: self.pos]
            newlines = dropped.count("\n")
            self.lines_before += newlines
            self.line_start = (dropped.rfind("\n") + 1 if newlines else self.line_start) - self.pos
            self.text = self.text[self.pos :]
            self.dropped += self.pos
            self.pos = 0
        piece = self.source.read(max(at_least, CHUNK))
        if not piece:
            self.ended = True
            return False
        if not self.text and self.lines_before == 0 and piece.startswith("\ufeff"):
            piece = piece[1:]  # a byte-order mark some editors add
        self.text += piece
        return True

    def consumed(self) -> int:
        """Characters decoded so far."""
        return self.dropped + self.pos

    def where(self, pos: int) -> tuple[int, int]:
        before = self.text[:pos]
        newlines = before.count("\n")
        line_start = before.rfind("\n") + 1 if newlines else self.line_start
        return self.lines_before + newlines + 1, pos - line_start + 1

    def fail(self, message: str, pos: int | None = None) -> BadJSON:
        line, column = self.where(self.pos if pos is None else pos)
        cut_short = self.ended and self.text.rstrip(_WHITESPACE)[-1:] != "}"
        return BadJSON(message, line, column, cut_short=cut_short)

    def skip_space(self) -> str:
        """The next character that is not whitespace ("" at the end of the file), not consumed."""
        while True:
            text, pos = self.text, self.pos
            while pos < len(text) and text[pos] in _WHITESPACE:
                pos += 1
            self.pos = pos
            if pos < len(text):
                return text[pos]
            if not self.more():
                return ""

    def expect(self, chars: str, what: str) -> str:
        found = self.skip_space()
        if not found or found not in chars:
            raise self.fail(f"Expecting {what}")
        self.pos += 1
        return found

    def value(self) -> Any:
        """Decode the JSON value that starts here, reading on until it is whole."""
        self.skip_space()
        want = CHUNK
        while True:
            try:
                value, end = self.decoder.raw_decode(self.text, self.pos)
            except json.JSONDecodeError as e:
                # Cut off by the end of the window (a long string, or near its end): read on and try again.
                near_end = e.pos >= len(self.text) - 8 or e.msg.startswith("Unterminated string")
                if not (near_end and self.more(want)):
                    raise self.fail(e.msg, e.pos) from None
            except RecursionError:
                raise self.fail("Nested too deeply") from None
            else:
                if end < len(self.text) or not self.more(want):  # a number may go on in the next piece
                    self.pos = end
                    return value
            if len(self.text) - self.pos > RECORD_MAX:
                raise self.fail("A single record is far longer than any Sales Journal writes")
            want *= 2


def events(source: TextIO) -> Iterator[Event]:
    """The export's members and records in file order. Raises BadJSON where the text goes wrong, and
    UnicodeDecodeError (from `source`) where it is not UTF-8."""
    w = _Window(source)
    if w.skip_space() not in ("{", ""):
        w.value()  # the whole of whatever it is, to tell JSON of another kind from what is not JSON
        raise NotAnObject("Not an object", *w.where(w.pos))
    w.expect("{", "an object ({) at the start")
    if w.skip_space() == "}":
        w.pos += 1
    else:
        while True:
            key = _key(w)
            if key == "records" and w.skip_space() == "{":
                yield Records()
                yield from _records(w)
            else:
                yield Member(key, w.value())
            if w.expect(",}", "',' or '}'") == "}":
                break
    if w.skip_space():
        raise w.fail("Extra data after the end")


def _key(w: _Window) -> str:
    if w.skip_space() != '"':
        raise w.fail("Expecting property name enclosed in double quotes")
    key = w.value()
    w.expect(":", "':' delimiter")
    return str(key)


def _records(w: _Window) -> Iterator[Event]:
    w.expect("{", "'{'")
    if w.skip_space() == "}":
        w.pos += 1
        return
    while True:
        table = _key(w)
        if w.skip_space() != "[":
            yield Record(table, -1, w.value())  # not a list: the importer says so
        else:
            w.pos += 1
            yield TableStart(table)
            if w.skip_space() == "]":
                w.pos += 1
            else:
                index = 0
                while True:
                    start = w.consumed()
                    value = w.value()
                    yield Record(table, index, value, w.consumed() - start)
                    index += 1
                    if w.expect(",]", "',' or ']'") == "]":
                        break
        if w.expect(",}", "',' or '}'") == "}":
            return
