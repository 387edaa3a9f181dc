"""What every benchmark shares: the large sample journal, a median timer and a row of the results table."""

from __future__ import annotations

import gc
import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from journal.sample import fill_sample
from journal.storage.db import Journal

CACHE = Path(__file__).parent / ".cache"
ENV_LARGE = "SALES_JOURNAL_BENCH"


def large_journal_path() -> Path:
    """The large sample (see docs/), made once and reused: $SALES_JOURNAL_BENCH or benchmarks/.cache."""
    path = Path(os.environ.get(ENV_LARGE) or CACHE / "large.sqlite3")
    if not path.exists():
        print(f"making the large sample journal at {path} (about 20 s)…", flush=True)
        with Journal.open(path) as j:
            fill_sample(j, size="large")
    return path


@dataclass(frozen=True)
class Timing:
    median_ms: float
    p90_ms: float
    runs: int


def timed(fn: Callable[[], object], *, runs: int = 15, warmup: int = 2) -> Timing:
    """Median and 90th percentile of `runs` calls, after `warmup` calls that are not counted."""
    for _ in range(warmup):
        fn()
    samples = []
    gc_was = gc.isenabled()
    gc.disable()
    try:
        for _ in range(runs):
            start = time.perf_counter()
            fn()
            samples.append((time.perf_counter() - start) * 1000)
    finally:
        if gc_was:
            gc.enable()
    samples.sort()
    return Timing(statistics.median(samples), samples[min(len(samples) - 1, int(len(samples) * 0.9))], runs)


@dataclass(frozen=True)
class Result:
    """One line of the table: what was measured, the figure, the budget it answers to, and how it compares."""

    name: str
    figure: float
    unit: str = "ms"
    budget: str = ""  # e.g. "≤ 30 ms", "≤ 2× bare window"
    ratio: float | None = None  # figure / the baseline the budget names, when it names one
    ok: bool | None = None  # within budget?
    note: str = ""

    def cells(self) -> list[str]:
        verdict = "" if self.ok is None else ("yes" if self.ok else "NO")
        ratio = "" if self.ratio is None else f"{self.ratio:.2f}×"
        return [self.name, f"{self.figure:,.1f} {self.unit}", self.budget, ratio, verdict, self.note]
