"""Bringing a 10,000-connection LinkedIn export into a journal, as `sales-journal import` does it, in a
process of its own: the dry run (read, check, match) and the import (the same, then one write), timed from
process start to exit, and the import's peak memory (maximum resident set size).

The file is generated here in LinkedIn's layout (its "Notes:" preamble and BOM, mostly empty emails,
2,500 companies with several people each) and not kept.
"""

from __future__ import annotations

import csv
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import Result

ROWS = 10_000
IMPORT_BUDGET_S = 5.0
DRY_RUN_BUDGET_S = 2.0
MEMORY_BUDGET_MB = 200.0

FIRST = [
    "Priya",
    "Tomás",
    "Jon",
    "Mei",
    "Sean",
    "Ana",
    "Ravi",
    "Leah",
    "Grace",
    "Alan",
    "Yuki",
    "Björn",
    "Dana",
    "Marco",
    "Ines",
    "Kwame",
    "Hana",
    "Luca",
]
LAST = [
    "Shah",
    "Ferreira",
    "Smith",
    "Lin",
    "O'Brien",
    "Costa",
    "Patel",
    "Goldberg",
    "Hopper",
    "Kay",
    "Tanaka",
    "Lindqvist",
    "Whitfield",
]
WORDS = [
    "Bright",
    "North",
    "Acme",
    "Lumen",
    "Orbital",
    "Naval",
    "Harbor",
    "Atlas",
    "Tatra",
    "Ricci",
    "Sakura",
    "Fjord",
    "Kestrel",
    "Andes",
]
KINDS = [
    "Analytics",
    "Traders",
    "Bank",
    "Freight",
    "Health",
    "Shipping",
    "Systems",
    "Robotics",
    "Logistik",
    "Aerospace",
    "Mining",
]
ROLES = ["CFO", "Head of Finance", "VP Operations", "Controller", "CTO", "Procurement Lead", "Founder"]


def linkedin_file(path: Path, rows: int = ROWS) -> Path:
    rng = random.Random(18)
    companies = [f"{rng.choice(WORDS)} {rng.choice(KINDS)} {n}" for n in range(rows // 4)]
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        f.write('Notes:\n"When exporting your connection data, you may notice that some of the email '
                'addresses are missing."\n\n')  # fmt: skip
        out = csv.writer(f)
        out.writerow(
            ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]
        )
        for n in range(rows):
            first, last = rng.choice(FIRST), f"{rng.choice(LAST)}{n}"
            email = f"{first.lower()}.{n}@example.com" if rng.random() < 0.1 else ""
            out.writerow(
                [first, last, f"https://www.linkedin.com/in/{first.lower()}-{n}", email,
                 rng.choice(companies) if rng.random() < 0.95 else "", rng.choice(ROLES), "17 Mar 2023"]
            )  # fmt: skip
    return path


def _run(*args: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "ui.cli", *args], check=True, capture_output=True)
    return time.perf_counter() - start


def run(path: Path | None = None) -> list[Result]:
    with tempfile.TemporaryDirectory() as folder:
        source = linkedin_file(Path(folder) / "Connections.csv")
        journal = Path(folder) / "journal.sqlite3"
        _run("--journal", str(journal), "demo")  # a journal with a small book in it already
        dry = _run("--journal", str(journal), "import", str(source), "--dry-run")
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        real = _run("--journal", str(journal), "import", str(source))
        peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        again = _run("--journal", str(journal), "import", str(source))
    peak_mb = peak_kb / 1024  # Linux reports kilobytes
    note = "" if peak_kb > before else "(peak of every child so far)"
    return [
        Result("import 10,000 LinkedIn rows, dry run", dry, "s", f"≤ {DRY_RUN_BUDGET_S:.0f} s",
               ok=dry <= DRY_RUN_BUDGET_S, note="process start to exit"),
        Result("import 10,000 LinkedIn rows", real, "s", f"≤ {IMPORT_BUDGET_S:.0f} s",
               ok=real <= IMPORT_BUDGET_S, note="process start to exit"),
        Result("import 10,000 LinkedIn rows again (0 new)", again, "s", f"≤ {IMPORT_BUDGET_S:.0f} s",
               ok=again <= IMPORT_BUDGET_S),
        Result("import 10,000 LinkedIn rows, peak memory", peak_mb, "MB", f"≤ {MEMORY_BUDGET_MB:.0f} MB",
               ok=peak_mb <= MEMORY_BUDGET_MB, note=note),
    ]  # fmt: skip


if __name__ == "__main__":
    from benchmarks.run import table

    print(table(run()))
