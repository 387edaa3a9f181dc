"""Moving to a new computer: the journal exported to JSON, then imported into a new file, in a fresh process
(budget: the large sample's export in ≤ 15 s, peak memory ≤ 300 MB). One run: an import takes a minute.

    python -m benchmarks.bench_json_import [JOURNAL]
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.common import Result
from journal.exchange import journal_json
from journal.storage.db import Journal

BUDGET_S = 15.0
MEMORY_MB = 300.0
CHILD = """
import resource, sys, time
from pathlib import Path
from journal.exchange import journal_json
from journal.storage.db import Journal
with Journal.open(Path(sys.argv[2])) as j:
    wall, cpu = time.perf_counter(), time.process_time()
    journal_json.import_json(j, Path(sys.argv[1]), max_bytes=4 << 30)
    print(time.perf_counter() - wall, time.process_time() - cpu)
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def run(path: Path) -> list[Result]:
    with tempfile.TemporaryDirectory() as tmp:
        export = Path(tmp) / "export.json"
        with Journal.open(path) as j:
            journal_json.export_json(j, export, now=j.clock.now())
        size_mb = export.stat().st_size / 1e6
        done = subprocess.run(
            [sys.executable, "-c", CHILD, str(export), str(Path(tmp) / "new.sqlite3")],
            capture_output=True,
            text=True,
            check=True,
        )
    times, peak_kb = done.stdout.split("\n")[:2]
    wall, cpu = (float(x) for x in times.split())
    peak_mb = int(peak_kb) / 1024
    return [
        Result(
            "JSON import into a new journal",
            wall,
            "s",
            budget=f"≤ {BUDGET_S:.0f} s",
            ratio=wall / BUDGET_S,
            ok=wall <= BUDGET_S,
            note=f"{size_mb:.0f} MB export; {cpu:.1f} s of CPU",
        ),
        Result(
            "JSON import: peak memory",
            peak_mb,
            "MB",
            budget=f"≤ {MEMORY_MB:.0f} MB",
            ok=peak_mb <= MEMORY_MB,
        ),
    ]


if __name__ == "__main__":
    from benchmarks.common import large_journal_path
    from benchmarks.run import table

    print(table(run(Path(sys.argv[1]) if len(sys.argv) > 1 else large_journal_path())))
