"""Fixtures shared by every test: a fresh journal on disk, with a clock that stands still."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from journal.domain.clock import ENV_DATE_ORDER, ENV_NOW, ENV_TZ, FixedClock
from journal.storage.db import Journal

# A Sunday morning; every date in the tests is relative to this.
NOW = datetime(2026, 11, 22, 9, 30, tzinfo=UTC)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def journal_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "journal.sqlite3"


@pytest.fixture
def journal(journal_path: Path, clock: FixedClock) -> Iterator[Journal]:
    j = Journal.open(journal_path, clock=clock)
    yield j
    j.close()


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep every test away from the real user's data, logs and settings."""
    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / ".local" / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.delenv("SALES_JOURNAL", raising=False)


@pytest.fixture(autouse=True)
def _clock_at_now(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every command and window a test starts, in this process or a child, runs at NOW in UTC with
    day-first dates, whatever the machine's own clock, zone and locale say."""
    monkeypatch.setenv(ENV_NOW, NOW.isoformat())
    monkeypatch.setenv(ENV_TZ, "UTC")
    monkeypatch.setenv(ENV_DATE_ORDER, "DMY")
