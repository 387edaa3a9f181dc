"""Run every benchmark (each `benchmarks/bench_*.py` has `run(path) -> list[Result]`) and print one table.

    python -m benchmarks.run [--only NAME ...]

The large sample journal is made on first use (see common.large_journal_path).
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

import benchmarks
from benchmarks.common import Result, large_journal_path

HEADERS = ["what", "median", "budget", "vs baseline", "within", "note"]


def table(rows: list[Result]) -> str:
    cells = [HEADERS] + [r.cells() for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(HEADERS))]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |" for row in cells]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--only", nargs="*", default=None, help="run only these (e.g. brief search)")
    args = parser.parse_args(argv)
    names = sorted(
        m.name.removeprefix("bench_")
        for m in pkgutil.iter_modules(benchmarks.__path__)
        if m.name.startswith("bench_")
    )
    if args.only:
        names = [n for n in names if n in args.only]
    path = large_journal_path()
    rows: list[Result] = []
    for name in names:
        print(f"running {name}…", file=sys.stderr, flush=True)
        rows.extend(importlib.import_module(f"benchmarks.bench_{name}").run(path))
    print(table(rows))
    return 1 if any(r.ok is False for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
