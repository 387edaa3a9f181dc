"""Qt fixtures: an application context and a main window on a fresh journal, with settings kept in tmp."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from journal.db import Journal
from ui.context import AppContext


@pytest.fixture
def qsettings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def ctx(qapp, journal: Journal, qsettings: QSettings) -> Iterator[AppContext]:
    context = AppContext(journal, qsettings)
    yield context
    context.detach()
