"""Money as integer minor units (cents), typed and shown the way people write it."""

from __future__ import annotations

import re

_AMOUNT = re.compile(r"^(\d+)(?:\.(\d{1,2}))?$")
_SUFFIX = {"k": 1_000, "m": 1_000_000}


def parse_money(text: str) -> int | None:
    """ "12,500" → 1250000; "12.5k" → 1250000; "" → None. Raises ValueError with a plain message."""
    s = text.strip().replace(",", "").replace("_", "").replace(" ", "").lstrip("$€£¥")
    if not s:
        return None
    multiplier = 1
    if s[-1].lower() in _SUFFIX:
        multiplier = _SUFFIX[s[-1].lower()]
        s = s[:-1]
    m = _AMOUNT.match(s)
    if not m:
        raise ValueError(f"“{text.strip()}” is not an amount. Write it like 12,500 or 12.5k.")
    whole, cents = int(m.group(1)), int((m.group(2) or "0").ljust(2, "0"))
    if multiplier > 1:
        return round((whole + cents / 100) * multiplier * 100)
    return whole * 100 + cents


def format_minor(value: int | None, currency: str = "") -> str:
    """1250000 → "12,500"; 1250050 → "12,500.50"; with a currency code: "12,500 USD"."""
    if value is None:
        return ""
    whole, cents = divmod(value, 100)
    text = f"{whole:,}" if not cents else f"{whole:,}.{cents:02d}"
    return f"{text} {currency}" if currency else text
