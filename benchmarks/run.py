"""Run every benchmark (each `benchmarks/bench_*.py` has `run(path) -> list[Result]`) on the large sample
AND on the same data imported into a fresh journal (as a rep's own journal is made: by use or by an
import, without the sample's own ANALYZE), and print one table; each row with its ratio to the baseline
measured in the same run (a bare Qt window, a LIKE scan, `grep -ril` over the notes as Markdown files).

    python -m benchmarks.run [--only NAME ...] [--journal PATH ...] [--readme README.md]

The large sample is made on first use (see common.large_journal_path), its imported twin beside it
(`sales-journal export --format json`, then `import` into a new file). `--readme` rewrites the README's
Speed section from the results.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import re
import sys
from pathlib import Path

import benchmarks
from benchmarks.common import Result, large_journal_path

HEADERS = ["what", "median", "budget", "vs baseline", "within", "note"]
MAX_IMPORT_MB = 2000  # the large sample's export is about 360 MB


def table(rows: list[Result]) -> str:
    cells = [HEADERS] + [r.cells() for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(HEADERS))]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |" for row in cells]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def imported_twin(path: Path) -> Path:
    """The journal at `path` exported to JSON and imported into a new file (made once, kept beside it)."""
    from journal.exchange import journal_json as exchange
    from journal.storage.db import Journal

    twin = path.with_name(f"{path.stem}.imported{path.suffix}")
    if twin.exists():
        return twin
    export = path.with_suffix(".json")
    print(f"making {twin} from a JSON export of {path} (a few minutes)…", file=sys.stderr, flush=True)
    with Journal.open(path) as j:
        exchange.export_json(j, export, now=j.clock.now())
    partial = twin.with_name(twin.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        with Journal.open(partial) as fresh:
            exchange.import_json(fresh, export, max_bytes=MAX_IMPORT_MB * 1024 * 1024)
        partial.replace(twin)
    finally:
        export.unlink(missing_ok=True)
        partial.unlink(missing_ok=True)
    return twin


def load_average() -> str:
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:
        return "unknown"
    return f"{one:.2f}, {five:.2f}, {fifteen:.2f}"


def labelled(rows: list[Result], label: str) -> list[Result]:
    return [Result(f"{r.name} [{label}]", r.figure, r.unit, r.budget, r.ratio, r.ok, r.note) for r in rows]


def speed_section(rows: list[Result], labels: list[str], load: str) -> str:
    """The README's Speed section: each measure with a budget or a baseline, one column per journal."""
    by_name: dict[str, dict[str, Result]] = {}
    for r in rows:
        if not r.budget and r.ratio is None:
            continue
        name, _, label = r.name.rpartition(" [")
        by_name.setdefault(name.strip(), {})[label.rstrip("]")] = r

    def cell(r: Result | None) -> str:
        if r is None:
            return ""
        text = f"{r.figure:,.0f} {r.unit}" if r.figure >= 100 else f"{r.figure:,.1f} {r.unit}"
        if r.ratio is not None:
            text += f" ({r.ratio:.1f}×)"
        return f"**{text}**" if r.ok is False else text

    lines = [
        "## Speed",
        "",
        "`python -m benchmarks.run` on the large sample (`sales-journal demo --size large`: 10,000 "
        "customers, 205,000 meetings and calls) and on the same data imported into a new journal; "
        f"a shared 2-core machine, load average {load}; medians. In brackets, the figure against its "
        "baseline in the same run: a bare PySide6 window for start-up; for search, how many times "
        "slower a `LIKE` scan and `grep -ril` over the notes as Markdown files are. **Bold**: over its "
        "budget.",
        "",
        "| what | " + " | ".join(labels) + " | budget |",
        "|---|" + "---|" * len(labels) + "---|",
    ]
    for name, found in by_name.items():
        budget = next((r.budget for r in found.values() if r.budget), "")
        cells = " | ".join(cell(found.get(label)) for label in labels)
        lines.append(f"| {name} | {cells} | {budget} |")
    return "\n".join(lines) + "\n"


def rewrite_readme(readme: Path, section: str) -> None:
    text = readme.read_text(encoding="utf-8")
    pattern = re.compile(r"^## Speed\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(text):
        text = pattern.sub(lambda _: section + "\n", text, count=1)
    else:
        text = text.rstrip() + "\n\n" + section
    readme.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--only", nargs="*", default=None, help="run only these (e.g. brief search)")
    parser.add_argument(
        "--journal", action="append", type=Path, help="run on this journal (repeatable) instead"
    )
    parser.add_argument("--readme", type=Path, help="rewrite this README's Speed section from the results")
    args = parser.parse_args(argv)
    names = sorted(
        m.name.removeprefix("bench_")
        for m in pkgutil.iter_modules(benchmarks.__path__)
        if m.name.startswith("bench_")
    )
    if args.only:
        names = [n for n in names if n in args.only]
    if args.journal:
        journals = {p.stem: p for p in args.journal}
    else:
        sample = large_journal_path()
        journals = {"sample": sample, "imported": imported_twin(sample)}
    load = load_average()
    rows: list[Result] = []
    for label, path in journals.items():
        for name in names:
            print(f"running {name} on {label}…", file=sys.stderr, flush=True)
            rows.extend(labelled(importlib.import_module(f"benchmarks.bench_{name}").run(path), label))
    load = f"{load} before, {load_average()} after"
    print(table(rows))
    print(f"\nload average: {load}")
    if args.readme:
        rewrite_readme(args.readme, speed_section(rows, list(journals), load))
    return 1 if any(r.ok is False for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
