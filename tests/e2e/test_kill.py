"""Crash safety, as SQLite tests it: a process writing through the services is killed with SIGKILL at
random moments; every time, the journal opens, passes integrity_check, holds every meeting whose commit
was reported, and no meeting without its promises. Backups killed half-way leave no bad backup."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from journal.sample import fill_sample
from journal.services import customers
from journal.storage import backup, integrity
from journal.storage.db import Journal

KILLS = 50

WRITER = """
import sys
from datetime import date
from pathlib import Path
from journal.services import interactions, promises
from journal.storage.db import Journal

j = Journal.open(Path(sys.argv[1]))
cid = int(sys.argv[2])
print("ready", flush=True)
n = 0
while True:
    n += 1
    due = date(2026, 12, 1)
    with j.write("Log a meeting with two promises"):
        made = interactions.add_interaction(j, cid, notes="Meeting %d " % n + "word " * 200)
        iid = made.created_id("interaction")
        promises.add_promise(j, cid, text="Send pricing %d" % n, due_on=due, source_id=iid)
        promises.add_promise(j, cid, text="Specs %d" % n, due_on=due, owner="them", source_id=iid)
    print(iid, flush=True)
"""

BACKER = """
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from journal.storage import backup

path = Path(sys.argv[1])
print("ready", flush=True)
start = datetime(2026, 1, 1, tzinfo=UTC)
n = 0
while True:
    n += 1
    backup.take(path, now=start + timedelta(hours=n), progress=lambda done, total: None)
    print(n, flush=True)
"""


def spawn(code: str, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def kill_after(proc: subprocess.Popen[str], seconds: float) -> list[str]:
    """Let it run `seconds` after it says it is ready, SIGKILL it, and return what it printed."""
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline().strip()
    assert first == "ready", proc.stderr.read()
    time.sleep(seconds)
    proc.send_signal(signal.SIGKILL)
    out, err = proc.communicate(timeout=30)
    assert "Traceback" not in err, err
    return out.split()


def test_writes_survive_being_killed(journal_path: Path) -> None:
    with Journal.open(journal_path) as j:
        cid = customers.create_customer(j, name="Acme").created_id("customer")
    rng = random.Random(20261122)
    reported: set[int] = set()
    for kill in range(KILLS):
        printed = kill_after(spawn(WRITER, str(journal_path), str(cid)), rng.uniform(0.0, 0.25))
        reported |= {int(x) for x in printed if x.isdigit()}
        conn = sqlite3.connect(journal_path)  # recovery of the WAL happens here, as at a real start
        try:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok", f"kill {kill}"
            stored = {r[0] for r in conn.execute("SELECT id FROM interaction")}
            assert reported <= stored, f"kill {kill}: commits lost: {sorted(reported - stored)[:5]}"
            half = conn.execute(
                "SELECT i.id FROM interaction i "
                "WHERE (SELECT count(*) FROM promise p WHERE p.source_id = i.id) != 2"
            ).fetchall()
            assert half == [], f"kill {kill}: meetings without their promises: {half[:5]}"
        finally:
            conn.close()
    assert len(reported) > KILLS, "the writer committed between kills"
    with Journal.open(journal_path) as j:
        assert integrity.check(j).ok


def test_backups_killed_half_way_leave_only_good_backups(journal_path: Path) -> None:
    with Journal.open(journal_path) as j:
        fill_sample(j, size="small")
    rng = random.Random(7)
    for _ in range(8):
        kill_after(spawn(BACKER, str(journal_path)), rng.uniform(0.0, 0.3))
    found = backup.list_backups(journal_path)
    assert found
    for b in found:
        assert integrity.check_file(b.path).ok
    assert integrity.check_file(journal_path).ok
    made = backup.take(journal_path, now=found[0].taken_at.replace(year=2027))
    leftovers = [p for p in made.parent.iterdir() if p.name.endswith(".partial")]
    assert leftovers == [], "a new backup clears what killed ones left half-written"


@pytest.mark.parametrize("seconds", [0.05])
def test_the_journal_passes_check_after_a_kill_during_a_backup_and_writes(
    journal_path: Path, seconds
) -> None:
    with Journal.open(journal_path) as j:
        cid = customers.create_customer(j, name="Acme").created_id("customer")
    writer = spawn(WRITER, str(journal_path), str(cid))
    backer = spawn(BACKER, str(journal_path))
    printed_backups = kill_after(backer, seconds + 0.3)
    printed = kill_after(writer, seconds)
    assert printed is not None and printed_backups is not None
    with Journal.open(journal_path) as j:
        assert integrity.check(j).ok
