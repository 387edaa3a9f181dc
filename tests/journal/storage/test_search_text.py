"""How indexed text is cut into words and given the spellings a rep types: the fast patterns mean exactly
what the index's tokenizer means."""

from __future__ import annotations

import re
import sys
import unicodedata

import pytest

from journal.storage import search_text


def _tokenizer_keeps(ch: str) -> bool:
    # unicode61's token characters: letters, numbers and private use (categories L*, N*, Co).
    category = unicodedata.category(ch)
    return category[0] in "LN" or category == "Co"


def test_a_word_character_is_what_the_index_tokenizer_keeps_for_every_code_point() -> None:
    pattern = re.compile(search_text._WORD_CHAR)
    wrong = [
        hex(cp)
        for cp in range(sys.maxunicode + 1)
        if not 0xD800 <= cp <= 0xDFFF and bool(pattern.fullmatch(chr(cp))) != _tokenizer_keeps(chr(cp))
    ]
    assert wrong == []


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("O'Brien’s café, naïve Zoë", ["O'Brien’s", "café", "naïve", "Zoë"]),
        ("'quoted' don''t x_y", ["quoted", "don", "t", "x", "y"]),
        ("Ⅻ ½ \ue001abc e\u0301te\u0301", ["Ⅻ", "½", "\ue001abc", "été"]),
        ("rock'n'roll ’tis", ["rock'n'roll", "tis"]),
    ],
)
def test_words_are_runs_of_letters_and_digits_with_apostrophes_inside(text: str, words: list[str]) -> None:
    assert search_text.words(text) == words


def test_only_words_typed_otherwise_get_a_spelling_of_their_own() -> None:
    text = "Met Weiß and O'Brien at the Café; the customer's lead was plain."
    indexed = search_text.with_spellings(text)
    assert indexed == f"{text}{search_text.ALSO}weiss obrien customers"
    assert search_text.visible(indexed) == text
    assert search_text.with_spellings("plain ascii, no apostrophes") == "plain ascii, no apostrophes"
