"""An unexpected error reaches a person as a calm dialog pointing at the log, never as a traceback."""

from __future__ import annotations

import logging
import stat
from pathlib import Path

from ui.shell import crash
from ui.shell.logs import setup_logging


def test_unexpected_error_is_logged_and_shown(qtbot, tmp_path: Path, monkeypatch) -> None:
    log_path = setup_logging(tmp_path / "logs")
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        crash.CrashDialog, "exec", lambda self: shown.append((self.informativeText(), self.detailedText()))
    )
    handler = crash.CrashHandler(log_path)
    try:
        raise RuntimeError("the printer caught fire")
    except RuntimeError as e:
        handler.handle(type(e), e, e.__traceback__)
    qtbot.waitUntil(lambda: bool(shown))
    summary, details = shown[0]
    assert "RuntimeError: the printer caught fire" in summary and str(log_path) in summary
    assert "Traceback" in details
    for h in logging.getLogger().handlers:
        h.flush()
    assert "the printer caught fire" in log_path.read_text()
    assert stat.S_IMODE(log_path.stat().st_mode) == 0o600
    assert stat.S_IMODE(log_path.parent.stat().st_mode) == 0o700


def test_keyboard_interrupt_quits_instead_of_reporting(qapp, monkeypatch) -> None:
    monkeypatch.setattr(
        crash.CrashDialog, "exec", lambda self: (_ for _ in ()).throw(AssertionError("shown"))
    )
    quits: list[int] = []

    class FakeApp:
        @staticmethod
        def instance() -> object:
            return type("App", (), {"quit": lambda self: quits.append(1)})()

    monkeypatch.setattr(crash, "QApplication", FakeApp)
    crash.CrashHandler(None).handle(KeyboardInterrupt, KeyboardInterrupt(), None)
    assert quits == [1]
