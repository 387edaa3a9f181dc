"""A half-written meeting log survives `kill -9` of the app and is offered again on the next Ctrl+L."""

from __future__ import annotations

import contextlib
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt

from journal.services import customers, drafts
from journal.storage.db import Journal
from tests.e2e.draft_driver import NEED, NOTES
from tests.ui.helpers import answer_next_dialog, press, show_and_activate
from ui.meeting_log.dialog import FORM
from ui.shell.app import build_window

ROOT = Path(__file__).resolve().parents[2]


def _lines(stream, into: queue.Queue[str]) -> None:
    for line in stream:
        into.put(line.strip())


def test_a_draft_survives_kill_9_and_is_offered_on_reopening(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "journal.sqlite3"
    with Journal.open(path) as j:
        acme = customers.create_customer(j, name="Acme Ltd").created_id("customer")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.e2e.draft_driver", str(path), str(tmp_path / "settings.ini")],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    said: queue.Queue[str] = queue.Queue()
    reader = threading.Thread(target=_lines, args=(proc.stdout, said), daemon=True)
    reader.start()
    heard: list[str] = []
    try:
        deadline = time.monotonic() + 40
        while not any(line.startswith("draft kept") for line in heard) and time.monotonic() < deadline:
            assert proc.poll() is None, f"the app stopped: {proc.stderr.read() if proc.stderr else ''}"
            with contextlib.suppress(queue.Empty):
                heard.append(said.get(timeout=0.2))
        assert "typed" in heard and any(h.startswith("draft kept") for h in heard), heard
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)
        reader.join(timeout=5)
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()
    assert proc.returncode == -signal.SIGKILL

    journal = Journal.open(path)
    try:
        kept = drafts.latest_draft(journal, FORM, acme)
        assert kept is not None, "the draft is in the journal after kill -9"
        assert kept.payload["notes"] == NOTES
        assert [i["text"] for i in kept.payload["sections"]["needs"]["items"]] == [NEED]

        from ui.widgets import forms

        asked: list[str] = []
        monkeypatch.setattr(forms, "confirm", lambda parent, title, *a, **k: asked.append(title) or True)
        window = build_window(journal, QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
        qtbot.addWidget(window)
        show_and_activate(qtbot, window)
        window.page("customers").select_customer(acme)
        restored: list[object] = []

        def check(dialog) -> None:
            restored.append(dialog.notes.toPlainText())
            restored.append([i["text"] for i in dialog.sections["needs"].items()])
            dialog.done(0)  # close without saving or discarding: the draft stays

        answer_next_dialog(qtbot, check)
        press(qtbot, window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: len(restored) == 2, timeout=5000)
        assert asked == ["Continue your unsaved log?"]
        assert restored == [NOTES, [NEED]]
        window.close()
        window.ctx.detach()
    finally:
        journal.close()
