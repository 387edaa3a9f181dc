"""The text the search index holds and how it is cut into words: shared by the index's SQL (journal/
migrations.py registers `with_spellings` as the SQL function `search_text`) and by search itself."""

from __future__ import annotations

import sqlite3
import unicodedata

from journal.domain.text import APOSTROPHES, fold

ALSO = "\x1f"  # in indexed text: the spellings added for search follow it (`with_spellings`)


def is_word_char(ch: str) -> bool:
    # unicode61's token characters: letters, numbers and private-use characters (categories L*, N*, Co).
    cat = unicodedata.category(ch)
    return cat[0] in "LN" or cat == "Co"


def words(text: str) -> list[str]:
    """The words of `text`: runs of letters and digits, an apostrophe inside a word kept in it ("O'Brien")."""
    out: list[str] = []
    current: list[str] = []
    text = unicodedata.normalize("NFC", text)
    for i, ch in enumerate(text):
        if is_word_char(ch) or (
            current and ch in APOSTROPHES and i + 1 < len(text) and is_word_char(text[i + 1])
        ):
            current.append(ch)
        elif current:
            out.append("".join(current))
            current = []
    if current:
        out.append("".join(current))
    return out


def _as_indexed(word: str) -> str:
    """A word as the index's tokenizer keeps it: lower case, accents removed, nothing spelt out."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def with_spellings(text: str | None) -> str | None:
    """Text to index: the text itself, then (after ALSO) each word as it is typed without its special
    letters or apostrophes ("Weiß" → "weiss", "O'Brien" → "obrien"), so typing either finds it.

    The index's tokenizer folds case and accents but keeps ß, ø and æ and splits words at apostrophes;
    search folds the words typed fully, so these spellings are what they meet. The index's views call
    it as the SQL function `search_text` (journal/storage/migrations.py V3)."""
    if text is None or (text.isascii() and not any(a in text for a in APOSTROPHES)):
        return text
    extra = dict.fromkeys(
        folded
        for word in words(text)
        if not word.isascii() or any(a in word for a in APOSTROPHES)
        if (folded := fold(word)) != _as_indexed(word)
    )
    return f"{text}{ALSO}{' '.join(extra)}" if extra else text


def visible(text: str | None) -> str:
    """Indexed text without the spellings added for search."""
    return (text or "").partition(ALSO)[0]


def register(conn: sqlite3.Connection) -> None:
    """Make `search_text` known to a connection: the index's triggers call it on every write."""
    conn.create_function("search_text", 1, with_spellings, deterministic=True)
