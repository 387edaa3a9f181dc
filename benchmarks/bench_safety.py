"""Backups, checks and the JSON round trip on the large sample journal (each run a few times: they take
seconds, so the median of 3 is reported)."""

from __future__ import annotations

import filecmp
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from benchmarks.common import Result
from journal import backup, exchange, integrity
from journal.db import Journal

RUNS = 3


def _median(fn) -> float:  # type: ignore[no-untyped-def]
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return sorted(samples)[len(samples) // 2] * 1000


def run(path: Path) -> list[Result]:
    results: list[Result] = []
    now = datetime(2026, 11, 22, tzinfo=UTC)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "backups"
        n = iter(range(100))
        made = _median(lambda: backup.take(path, now=now + timedelta(hours=next(n)), folder=folder))
        results.append(
            Result("backup (copy, verify, rotate)", made, note=f"{path.stat().st_size / 1e6:,.0f} MB")
        )
        results.append(
            Result("check journal (quick_check, FKs, FTS)", _median(lambda: integrity.check_file(path)))
        )
        out = Path(tmp) / "a.json"
        again = Path(tmp) / "b.json"
        with Journal.open(path) as j:
            results.append(Result("export JSON", _median(lambda: exchange.export_json(j, out, now=now))))
        target = Path(tmp) / "imported.sqlite3"
        start = time.perf_counter()
        with Journal.open(target) as fresh:
            exchange.import_json(fresh, out, max_bytes=2 * out.stat().st_size)
            imported = (time.perf_counter() - start) * 1000
            exchange.export_json(fresh, again, now=now)
        same = filecmp.cmp(out, again, shallow=False)
        results.append(
            Result(
                "import JSON (once)",
                imported,
                ok=same,
                budget="re-export equal",
                note=f"{out.stat().st_size / 1e6:,.0f} MB; re-export {'identical' if same else 'DIFFERS'}",
            )
        )
    return results
