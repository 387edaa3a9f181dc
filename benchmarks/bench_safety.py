"""Backups, checks and the JSON round trip on the large sample journal (each run a few times: they take
seconds, so the median of 3 is reported)."""

from __future__ import annotations

import filecmp
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from benchmarks.common import Result
from journal.exchange import journal_json as exchange
from journal.storage import backup, integrity
from journal.storage.db import Journal

RUNS = 3
IMPORT_SECONDS = 15
IMPORT_PEAK_MB = 300


def _import_in_a_process(source: Path, target: Path) -> tuple[float, float]:
    """`sales-journal import` in its own process, as a rep runs it: seconds taken and peak memory (MB)."""
    size_mb = source.stat().st_size // 1024 // 1024 + 1
    command = [sys.executable, "-m", "ui.cli", "--journal", str(target), "import", str(source)]
    start = time.perf_counter()
    child = subprocess.Popen([*command, "--max-size", str(size_mb)], stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise RuntimeError(f"the import failed with status {child.returncode}")
    return time.perf_counter() - start, usage.ru_maxrss / 1024  # Linux: kilobytes


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
        seconds, peak_mb = _import_in_a_process(out, target)
        with Journal.open(target) as fresh:
            exchange.export_json(fresh, again, now=now)
        same = filecmp.cmp(out, again, shallow=False)
        results.append(
            Result(
                "import JSON (once, `sales-journal import`)",
                seconds * 1000,
                ok=same and seconds <= IMPORT_SECONDS,
                budget=f"≤ {IMPORT_SECONDS} s, re-export equal",
                note=f"{out.stat().st_size / 1e6:,.0f} MB; re-export {'identical' if same else 'DIFFERS'}",
            )
        )
        results.append(
            Result(
                "import JSON: peak memory of the process",
                peak_mb,
                unit="MB",
                ok=peak_mb <= IMPORT_PEAK_MB,
                budget=f"≤ {IMPORT_PEAK_MB} MB",
                note="read a record at a time",
            )
        )
    return results
