"""Cleaning and checking the text people type: stripped, NFC, length-checked, no invisible tricks."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime

from journal.domain.errors import ValidationError

NAME_MAX = 200
LINE_MAX = 1_000
TEXT_MAX = 20_000
NOTES_MAX = 200_000

# Controls that are never legitimate in a name: C0/C1 controls, and bidi overrides/isolates that
# can make a name display as something else.
_NAME_FORBIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# In multi-line text, tab and newline are fine; other controls are refused.
_TEXT_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Half of a UTF-16 pair: not a character, and no file or terminal can be given it.
_BROKEN = re.compile("[\ud800-\udfff]")
# What a terminal or a viewer would act on rather than show: controls (but newline and tab), bidi
# overrides and isolates, and broken characters.
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")

EARLIEST_YEAR = 1900
LATEST_YEAR = 2200


def normalise(value: str) -> str:
    return unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n")).strip()


def name_key(value: str) -> str:
    """How two names compare: case, accents' composition and runs of spaces do not matter."""
    return " ".join(normalise(value).casefold().split())


# Letters that do not come apart into a base letter and an accent, spelt as a rep without them types them.
_SPELT_OUT = str.maketrans(
    {
        "ß": "ss",
        "ẞ": "ss",
        "ø": "o",
        "Ø": "o",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "đ": "d",
        "Đ": "d",
        "ð": "d",
        "Ð": "d",
        "ł": "l",
        "Ł": "l",
        "þ": "th",
        "Þ": "th",
        "ı": "i",
        "ħ": "h",
    }
)
APOSTROPHES = "'’ʼ‘`´"
_NO_APOSTROPHES = str.maketrans(dict.fromkeys(APOSTROPHES, None))


def fold(text: str) -> str:
    """Text as every lookup compares it: case, accents, ß/ss, ø/o and apostrophes do not matter
    ("O’Brien" → "obrien", "Weiß" → "weiss", "Café" → "cafe")."""
    spelt = unicodedata.normalize("NFKD", text.translate(_SPELT_OUT).casefold().translate(_NO_APOSTROPHES))
    return "".join(ch for ch in spelt if not unicodedata.combining(ch))


_LETTERS = re.compile(r"[^\W_]+")


def fold_name(text: str) -> str:
    """A name as every lookup compares it: its words folded, one space between them ("Harbor Café" and
    "harbor  cafe", "O'Brien & Co" and "obrien co" are the same name)."""
    return " ".join(_LETTERS.findall(fold(text)))


def clean_name(
    value: str | None, *, field: str = "name", label: str = "Name", max_len: int = NAME_MAX
) -> str:
    """A required one-line name."""
    text = clean_line(value, field=field, label=label, max_len=max_len)
    if not text:
        raise ValidationError(f"{label} cannot be empty.", field)
    return text


def _check_whole(text: str, field: str, label: str) -> None:
    if not text.isascii() and _BROKEN.search(text):
        raise ValidationError(
            f"{label} contains a broken character (half of a pair); please retype it.", field
        )


def clean_line(
    value: str | None, *, field: str, label: str, max_len: int = LINE_MAX, required: bool = False
) -> str:
    """An optional one-line text: no line breaks or control characters."""
    text = normalise(value or "")
    _check_whole(text, field, label)
    if _NAME_FORBIDDEN.search(text):
        raise ValidationError(
            f"{label} contains invisible control characters or line breaks; please retype it.", field
        )
    text = " ".join(text.split())
    if len(text) > max_len:
        raise ValidationError(f"{label} is too long ({len(text):,} characters; at most {max_len:,}).", field)
    if required and not text:
        raise ValidationError(f"{label} cannot be empty.", field)
    return text


def clean_text(
    value: str | None, *, field: str, label: str, max_len: int = TEXT_MAX, required: bool = False
) -> str:
    """An optional multi-line text (notes, quotes, answers)."""
    text = normalise(value or "")
    _check_whole(text, field, label)
    if _TEXT_FORBIDDEN.search(text):
        raise ValidationError(f"{label} contains invisible control characters; please retype it.", field)
    if len(text) > max_len:
        raise ValidationError(f"{label} is too long ({len(text):,} characters; at most {max_len:,}).", field)
    if required and not text:
        raise ValidationError(f"{label} cannot be empty.", field)
    return text


def check_date(value: date | None, *, field: str, label: str, required: bool = False) -> date | None:
    if value is None:
        if required:
            raise ValidationError(f"{label} is needed.", field)
        return None
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise ValidationError(
            f"{label} {value.isoformat()} is not a believable date "
            f"(the year must be between {EARLIEST_YEAR} and {LATEST_YEAR}).",
            field,
        )
    return value


def check_time(value: datetime, *, field: str, label: str) -> datetime:
    """An aware instant within the believable years."""
    if not isinstance(value, datetime) or value.tzinfo is None:
        raise ValidationError(f"{label} needs a date and a time.", field)
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise ValidationError(f"{label} {value:%Y-%m-%d} is not a believable date.", field)
    return value


def check_flag(value: bool, *, field: str, label: str) -> bool:
    if not isinstance(value, bool):
        raise ValidationError(f"{label} must be yes or no.", field)
    return value


def check_choice(value: str, choices: tuple[str, ...], *, field: str, label: str) -> str:
    if value not in choices:
        allowed = ", ".join(c.replace("_", " ") for c in choices)
        raise ValidationError(f"{label} must be one of: {allowed} (got {value!r}).", field)
    return value


def check_int(
    value: int | None, *, field: str, label: str, low: int, high: int, required: bool = False
) -> int | None:
    if value is None:
        if required:
            raise ValidationError(f"{label} is needed.", field)
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(f"{label} must be a whole number.", field)
    if not low <= value <= high:
        raise ValidationError(f"{label} must be between {low:,} and {high:,} (got {value:,}).", field)
    return value


_MARKS = re.compile(r"^\s*(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)+")
_EMPHASIS = re.compile(r"\*\*|__|`|(?<![\w*])[*_](?=\S)|(?<=\S)[*_](?![\w*])")


def plain_line(line: str) -> str:
    """A line of Markdown as plain text: no heading, quote or list marker, no emphasis marks."""
    return _EMPHASIS.sub("", _MARKS.sub("", line))


def plain(text: str) -> str:
    """Markdown notes as plain text, line by line."""
    return "\n".join(plain_line(line) for line in text.split("\n"))


def short(text: str, limit: int = 60) -> str:
    """A one-line excerpt for labels such as "Undo delete promise ‘Send pricing’"."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def visible(text: str) -> str:
    """Text safe to show in a terminal or a message: anything a terminal would act on instead of
    showing (escape sequences, bell, carriage return, bidi overrides, broken characters) becomes �."""
    return text if text.isascii() and text.isprintable() else _INVISIBLE.sub("\ufffd", text)
