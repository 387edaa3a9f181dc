"""The desktop asks the app to quit (SIGTERM, as on logging out) while it is still opening: it ends within
seconds, its journal closed and its lock free, whatever it was doing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from journal.sample import fill_sample
from journal.storage import backup, lock
from journal.storage.db import Journal

COMMAND = [sys.executable, "-m", "ui.cli"]
QUITS_WITHIN_S = 10.0  # generous: a loaded machine is slow to start, not to stop


def start_app(path: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.Popen(
        [*COMMAND, "--journal", str(path)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def wait_for_log(proc: subprocess.Popen[str], words: str, timeout: float = 30) -> None:
    log_file = Path(os.environ["XDG_STATE_HOME"]) / "SalesJournal" / "log" / "sales-journal.log"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if log_file.exists() and words in log_file.read_text(errors="replace"):
            return
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
        time.sleep(0.02)
    raise AssertionError(f"the app never logged {words!r}")


def quits_on_sigterm(proc: subprocess.Popen[str]) -> str:
    proc.send_signal(signal.SIGTERM)
    start = time.monotonic()
    try:
        _out, err = proc.communicate(timeout=QUITS_WITHIN_S)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        pytest.fail(f"the app was still running {QUITS_WITHIN_S:.0f} s after SIGTERM")
    assert time.monotonic() - start < QUITS_WITHIN_S
    assert proc.returncode == 0, err
    assert "Traceback" not in err
    return err


def test_sigterm_while_the_start_up_restore_offer_waits_ends_the_app(journal_path: Path) -> None:
    with Journal.open(journal_path) as j:
        fill_sample(j, size="small")
    backup.take(journal_path, now=j.clock.now())
    journal_path.write_bytes(b"\0" * 100 + journal_path.read_bytes()[100:])  # damaged: a backup is offered
    damaged = journal_path.read_bytes()
    proc = start_app(journal_path)
    try:
        wait_for_log(proc, "cannot open")
        time.sleep(0.3)  # the dialog is up, waiting for the rep, who has logged out
        quits_on_sigterm(proc)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert lock.holder(journal_path) is None
    assert journal_path.read_bytes() == damaged


@pytest.mark.parametrize("when", ["opening", "opened"])
def test_sigterm_at_start_up_closes_the_journal_and_frees_it(journal_path: Path, when: str) -> None:
    with Journal.open(journal_path) as j:
        fill_sample(j, size="small")
    proc = start_app(journal_path)
    try:
        wait_for_log(proc, f"{when} {journal_path}")
        quits_on_sigterm(proc)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert lock.holder(journal_path) is None
    wal = journal_path.with_name(journal_path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0, "the journal was closed, not abandoned"
