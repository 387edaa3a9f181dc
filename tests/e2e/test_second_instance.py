"""Two copies of the app on one journal: the second hands over to the first and exits; a terminal command
that writes is refused meanwhile, one that reads works; after the first quits, a backup is there."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from journal.sample import fill_sample
from journal.storage import backup, lock
from journal.storage.db import Journal

COMMAND = [sys.executable, "-m", "ui.cli"]


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*COMMAND, *args], env=env, capture_output=True, text=True, timeout=60, check=False)


def test_second_copy_hands_over_and_writes_wait(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    with Journal.open(path) as j:
        fill_sample(j, size="small")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    first = subprocess.Popen([*COMMAND, "--journal", str(path)], env=env, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 20
        while lock.holder(path) is None and time.monotonic() < deadline and first.poll() is None:
            time.sleep(0.1)
        assert lock.holder(path) == first.pid
        second = subprocess.run(
            [*COMMAND, "--journal", str(path)],
            env=env,
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
        assert second.returncode == 0, second.stderr
        assert first.poll() is None, "the first copy keeps running"
        refused = subprocess.run(
            [*COMMAND, "--journal", str(path), "demo"],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
        assert refused.returncode == 1 and "Close the app" in refused.stderr
        read = subprocess.run(
            [*COMMAND, "--journal", str(path), "check"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert read.returncode == 0, read.stderr
        first.send_signal(signal.SIGTERM)
        _out, err = first.communicate(timeout=30)
    finally:
        if first.poll() is None:
            first.kill()
            first.communicate()
    assert first.returncode == 0, err
    assert "Traceback" not in err
    assert lock.holder(path) is None
    assert backup.list_backups(path), "a backup was taken on start or on quit"
