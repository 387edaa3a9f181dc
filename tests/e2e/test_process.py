"""The installed command, run as a person runs it: the app starts, stays up and quits cleanly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import journal

COMMAND = [sys.executable, "-m", "ui.cli"]


def run(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*COMMAND, *args], capture_output=True, text=True, timeout=timeout, check=False)


def test_the_app_starts_on_a_new_journal_stays_up_and_quits_cleanly(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.Popen(
        [*COMMAND, "--journal", str(path)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        deadline = time.monotonic() + 20
        while not path.exists() and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.1)
        time.sleep(1.5)
        assert proc.poll() is None, f"the app exited early: {proc.stderr.read() if proc.stderr else ''}"
        proc.send_signal(signal.SIGTERM)
        _out, err = proc.communicate(timeout=15)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert "Traceback" not in err
    assert path.exists()
    wal = path.with_name(path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0, "a clean quit leaves no pending WAL"


def test_demo_then_version(tmp_path: Path) -> None:
    path = tmp_path / "demo.sqlite3"
    made = run("--journal", str(path), "demo", "--size", "small")
    assert made.returncode == 0, made.stderr
    assert "25 customers" in made.stdout
    again = run("--journal", str(path), "demo")
    assert again.returncode == 2 and "already has customers" in again.stderr
    version = run("--version")
    assert version.returncode == 0 and version.stdout.strip() == f"Sales Journal {journal.__version__}"


def test_a_file_that_is_not_a_journal_is_refused_in_plain_words(tmp_path: Path) -> None:
    notes = tmp_path / "notes.sqlite3"
    notes.write_bytes(b"not a database at all" * 10)
    result = run("--journal", str(notes), "demo")
    assert result.returncode == 1
    assert "not a Sales Journal" in result.stderr and "Traceback" not in result.stderr
    assert notes.read_bytes() == b"not a database at all" * 10


def test_the_command_line_does_not_load_qt_for_terminal_commands() -> None:
    code = (
        "import sys; from ui.cli import build_parser; build_parser(); "
        "print('PySide6' in ' '.join(sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_icons_and_the_question_bank_load_from_the_installed_package(tmp_path: Path) -> None:
    # -I: no current folder or PYTHONPATH on sys.path, so this reads what pip installed.
    code = (
        "import json, resources; "
        "print(resources.path('icons/app.svg').read_bytes()[:4].decode(), "
        "len(json.loads(resources.read_text('questions.json'))['questions']), "
        "bool(resources.read_text('style.qss')))"
    )
    out = subprocess.run(
        [sys.executable, "-I", "-c", code], capture_output=True, text=True, cwd=tmp_path, check=True
    )
    svg, questions, style = out.stdout.split()
    assert svg == "<svg" and int(questions) >= 40 and style == "True"
