"""One date style across the app: "Tue 1 Dec", the year only when it is not this year, never "01 Dec"."""

from __future__ import annotations

import re
from pathlib import Path

import ui

# strftime's zero-padded day, next to a weekday or a month name: "Tue 01 Dec", "01 Dec 2026".
ZERO_PADDED = re.compile(r"%a %d|%d %b|%d/%m|%b %d")


def test_no_view_formats_a_day_with_a_leading_zero() -> None:
    root = Path(ui.__file__).parent
    found = [
        f"{path.relative_to(root.parent)}:{n}: {line.strip()}"
        for path in sorted(root.rglob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if ZERO_PADDED.search(line)
    ]
    assert found == [], "\n".join(found)
