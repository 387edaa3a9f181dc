"""Crash safety at scale: a process logging meetings (each with two promises, in one transaction) is
killed with SIGKILL 500 times at random moments. After every kill the journal must pass integrity_check,
hold every meeting whose commit was reported, and hold no meeting without both its promises.

    python -m benchmarks.bench_kill [--kills 500] [--seed 20261122]

Takes a few minutes (each kill starts a new Python process). tests/e2e/test_kill.py runs the same with 50.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.common import Result
from journal.services import customers
from journal.storage import integrity
from journal.storage.db import Journal
from tests.e2e.test_kill import WRITER, kill_after, spawn

KILLS = 500


@dataclass
class Figures:
    kills: int = 0
    acknowledged: int = 0
    lost: int = 0  # acknowledged commits missing after a kill
    half_written: int = 0  # meetings without both their promises
    failed_checks: int = 0  # kills after which integrity_check did not say ok
    seconds: float = 0.0


def survive_kills(path: Path, kills: int, seed: int = 20261122) -> Figures:
    with Journal.open(path) as j:
        cid = customers.create_customer(j, name="Acme").created_id("customer")
    rng = random.Random(seed)
    reported: set[int] = set()
    figures = Figures()
    start = time.perf_counter()
    for _ in range(kills):
        printed = kill_after(spawn(WRITER, str(path), str(cid)), rng.uniform(0.0, 0.25))
        reported |= {int(x) for x in printed if x.isdigit()}
        figures.kills += 1
        conn = sqlite3.connect(path)  # recovery of the log happens here, as at a real start
        try:
            if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                figures.failed_checks += 1
            stored = {r[0] for r in conn.execute("SELECT id FROM interaction")}
            figures.lost = len(reported - stored)
            figures.half_written = conn.execute(
                "SELECT count(*) FROM interaction i "
                "WHERE (SELECT count(*) FROM promise p WHERE p.source_id = i.id) != 2"
            ).fetchone()[0]
        finally:
            conn.close()
    figures.acknowledged = len(reported)
    figures.seconds = time.perf_counter() - start
    with Journal.open(path) as j:
        if not integrity.check(j).ok:
            figures.failed_checks += 1
    return figures


def run(path: Path, kills: int = KILLS) -> list[Result]:
    with tempfile.TemporaryDirectory() as tmp:
        f = survive_kills(Path(tmp) / "journal.sqlite3", kills)
    note = f"{f.kills} kills, {f.acknowledged:,} commits acknowledged, {f.seconds:.0f} s"
    return [
        Result(
            "SIGKILL while logging: acknowledged commits lost", f.lost, "", "= 0", ok=f.lost == 0, note=note
        ),
        Result(
            "SIGKILL while logging: half-written meetings", f.half_written, "", "= 0", ok=f.half_written == 0
        ),
        Result(
            "SIGKILL while logging: failed integrity checks",
            f.failed_checks,
            "",
            "= 0",
            ok=not f.failed_checks,
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=KILLS)
    parser.add_argument("--seed", type=int, default=20261122)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        f = survive_kills(Path(tmp) / "journal.sqlite3", args.kills, args.seed)
    print(
        f"{f.kills} SIGKILLs in {f.seconds:.0f} s: {f.acknowledged:,} commits acknowledged, {f.lost} lost, "
        f"{f.half_written} half-written meetings, {f.failed_checks} failed integrity checks"
    )
    return 0 if not (f.lost or f.half_written or f.failed_checks) else 1


if __name__ == "__main__":
    sys.exit(main())
