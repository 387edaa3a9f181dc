from __future__ import annotations

import pytest

from journal.domain.money import format_minor, parse_money


@pytest.mark.parametrize(
    ("typed", "minor"),
    [
        ("12,500", 1_250_000),
        ("12.5k", 1_250_000),
        ("$99.9", 9_990),
        ("1m", 100_000_000),
        ("", None),
        ("0", 0),
    ],
)
def test_amounts_as_people_type_them(typed: str, minor: int | None) -> None:
    assert parse_money(typed) == minor


@pytest.mark.parametrize("typed", ["twelve", "1.234", "-5", "1e6"])
def test_not_amounts(typed: str) -> None:
    with pytest.raises(ValueError, match="not an amount"):
        parse_money(typed)


def test_shown_back() -> None:
    assert format_minor(1_250_000) == "12,500"
    assert format_minor(1_250_050, "EUR") == "12,500.50 EUR"
