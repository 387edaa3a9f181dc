"""Qt fixtures: an application context and a main window on a fresh journal, with settings kept in tmp."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from journal.storage.db import Journal
from ui.shell.context import AppContext


@pytest.fixture
def qsettings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def ctx(qapp, journal: Journal, qsettings: QSettings) -> Iterator[AppContext]:
    context = AppContext(journal, qsettings)
    yield context
    context.detach()


@pytest.fixture(autouse=True)
def _no_blocking_confirmations(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A modal question would hang an offscreen test: answer "yes, discard" and record the question.
    Tests that care about the answer patch `ui.forms.confirm` themselves."""
    from ui.widgets import forms

    asked: list[str] = []

    def answer(parent, title: str, *args, **kwargs) -> bool:
        asked.append(title)
        return True

    monkeypatch.setattr(forms, "confirm", answer)
    return asked


@pytest.fixture(autouse=True)
def shown_errors(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Known problems the app would show in a message box, recorded instead (a modal box would hang)."""
    from ui.widgets import forms

    shown: list[str] = []
    monkeypatch.setattr(forms, "show_error", lambda parent, error, title="": shown.append(str(error)))
    return shown
