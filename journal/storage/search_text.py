"""The text the search index holds and how it is cut into words: shared by the index's SQL (journal/
migrations.py registers `with_spellings` as the SQL function `search_text`) and by search itself."""

from __future__ import annotations

import functools
import re
import sqlite3
import unicodedata

from journal.domain.text import APOSTROPHES, fold

ALSO = "\x1f"  # in indexed text: the spellings added for search follow it (`with_spellings`)


# The index tokenizer's (unicode61) token characters: letters, numbers and private use (categories L*, N*,
# Co). `[^\W_]` is letters and numbers; the ranges are the private-use planes. A test holds it to the
# categories over every code point.
_WORD_CHAR = r"(?:[^\W_]|[\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd])"
_ONE_WORD_CHAR = re.compile(_WORD_CHAR)
_WORD = re.compile(f"{_WORD_CHAR}+(?:[{re.escape(APOSTROPHES)}]{_WORD_CHAR}+)*")


def is_word_char(ch: str) -> bool:
    return _ONE_WORD_CHAR.fullmatch(ch) is not None


def words(text: str) -> list[str]:
    """The words of `text`: runs of letters and digits, an apostrophe inside a word kept in it ("O'Brien")."""
    return _WORD.findall(unicodedata.normalize("NFC", text))


# What makes a word need a spelling of its own: a letter outside ASCII or an apostrophe.
_SPECIAL = re.compile(rf"[^\x00-\x7f]|[{re.escape(APOSTROPHES)}]")
_AROUND_SPECIAL = re.compile(rf"\S*(?:{_SPECIAL.pattern})\S*")


@functools.lru_cache(maxsize=4096)
def _typed(word: str) -> str | None:
    """How a word is typed when the index's tokenizer keeps it otherwise ("Weiß" → "weiss"), or None."""
    folded = fold(word)
    decomposed = unicodedata.normalize("NFD", word.lower())  # the tokenizer's own folding
    indexed = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return folded if folded != indexed else None


def with_spellings(text: str | None) -> str | None:
    """Text to index: the text itself, then (after ALSO) each word as it is typed without its special
    letters or apostrophes ("Weiß" → "weiss", "O'Brien" → "obrien"), so typing either finds it.

    The index's tokenizer folds case and accents but keeps ß, ø and æ and splits words at apostrophes;
    search folds the words typed fully, so these spellings are what they meet. The index's views call
    it as the SQL function `search_text` (journal/storage/migrations.py V3)."""
    if text is None or _SPECIAL.search(text) is None:
        return text
    # Words never span white space, so only the runs of non-space around a special letter are cut up.
    runs = _AROUND_SPECIAL.findall(unicodedata.normalize("NFC", text))
    extra = dict.fromkeys(
        typed
        for word in _WORD.findall(" ".join(runs))
        if _SPECIAL.search(word) and (typed := _typed(word)) is not None
    )
    return f"{text}{ALSO}{' '.join(extra)}" if extra else text


def visible(text: str | None) -> str:
    """Indexed text without the spellings added for search."""
    return (text or "").partition(ALSO)[0]


def register(conn: sqlite3.Connection) -> None:
    """Make `search_text` known to a connection: the index's triggers call it on every write."""
    conn.create_function("search_text", 1, with_spellings, deterministic=True)
