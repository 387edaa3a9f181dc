"""Rules of the house that no single feature's tests would notice being broken."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Ways of asking the machine what time it is or which zone it is in.
ASKS_THE_CLOCK = re.compile(
    r"datetime\.now\(|datetime\.utcnow\(|date\.today\(|datetime\.today\(|\btime\.time\(\)"
    r"|time\.localtime\(|\.astimezone\(\)|\bClock\(\)|tzlocal|QDateTime\.current|QDate\.current|QTimeZone"
)


def test_only_the_clock_reads_the_time_or_the_zone() -> None:
    """Everything else takes a clock, so a test (or a demo) can run the app at any instant in any zone."""
    offenders = []
    for folder in ("journal", "ui"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path == ROOT / "journal" / "domain" / "clock.py":
                continue
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if ASKS_THE_CLOCK.search(line.split("#", 1)[0]):
                    offenders.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert offenders == []
