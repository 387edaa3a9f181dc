"""One writer per journal: the lock is exclusive, and a lock left by a crashed process is taken over."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from journal.storage import lock


def test_only_one_holder(journal_path: Path) -> None:
    first = lock.WriterLock(journal_path)
    assert first.acquire()
    assert lock.holder(journal_path) == os.getpid()
    with pytest.raises(lock.JournalLocked, match="one program at a time"):
        lock.acquire_or_explain(journal_path)
    first.release()
    assert lock.holder(journal_path) is None
    with lock.acquire_or_explain(journal_path) as second:
        assert second.held
    assert oct(lock.lock_path(journal_path).stat().st_mode & 0o777) == "0o600"


def test_a_lock_left_by_a_killed_process_is_recovered(journal_path: Path) -> None:
    journal_path.parent.mkdir(parents=True)
    code = (
        "import sys, time; from pathlib import Path; from journal.storage import lock\n"
        f"assert lock.WriterLock(Path({str(journal_path)!r})).acquire()\n"
        "print('held', flush=True); time.sleep(60)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
        assert lock.holder(journal_path) == proc.pid
        assert not lock.WriterLock(journal_path).acquire()
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert proc.stdout is not None
        proc.stdout.close()
    assert lock.lock_path(journal_path).exists()  # the file is left behind, but unlocked
    assert lock.holder(journal_path) is None
    with lock.WriterLock(journal_path) as taken:
        assert taken.acquire()
