"""The settings file (recent searches, the journals opened) and the log are as private as the journal:
0600 in a 0700 folder, whatever the umask."""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings

from ui.shell import app, logs, settings_file


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(params=[0o022, 0o000], ids=["umask 022", "umask 000"])
def umask(request) -> Iterator[int]:
    old = os.umask(request.param)
    yield request.param
    os.umask(old)


@pytest.fixture
def named_app(qapp, tmp_path: Path) -> Iterator[None]:
    """The app's names, and Qt's settings folder in this test's home (Qt reads $XDG_CONFIG_HOME once)."""
    names = QCoreApplication.organizationName(), QCoreApplication.applicationName()
    QCoreApplication.setOrganizationName(app.ORGANIZATION)
    QCoreApplication.setApplicationName(app.APPLICATION)
    native, user = QSettings.Format.NativeFormat, QSettings.Scope.UserScope
    was = str(Path(QSettings().fileName()).parent.parent)
    QSettings.setPath(native, user, str(tmp_path / "home" / ".config"))
    yield
    QSettings.setPath(native, user, was)
    QCoreApplication.setOrganizationName(names[0])
    QCoreApplication.setApplicationName(names[1])


def test_the_settings_file_and_its_folder_are_private(named_app, umask: int, tmp_path: Path) -> None:
    settings = settings_file.open_settings()
    file = Path(settings.fileName())
    assert file.is_relative_to(tmp_path)  # the test's own home
    settings.setValue("palette/recent", ["acme pricing", "northwind"])
    settings.setValue("journals/0123/backups/folder", str(tmp_path / "usb"))
    settings.sync()
    assert settings.status() == QSettings.Status.NoError
    assert mode(file) == 0o600
    assert mode(file.parent) == 0o700
    settings.setValue("palette/recent", ["again"])
    settings.sync()
    assert mode(file) == 0o600
    assert [p.name for p in file.parent.iterdir()] == [file.name]


def test_an_existing_settings_file_is_made_private(named_app, tmp_path: Path) -> None:
    file = Path(QSettings().fileName())
    file.parent.mkdir(parents=True)
    file.parent.chmod(0o755)
    file.write_text("[palette]\nrecent=acme\n")
    file.chmod(0o644)
    settings = settings_file.open_settings()
    assert settings.value("palette/recent") == "acme"
    assert mode(file) == 0o600 and mode(file.parent) == 0o700
    assert mode(file.parent.parent) != 0o700  # the shared configuration folder is left as it was


def test_settings_in_a_file_of_its_own_are_private(qapp, umask: int, tmp_path: Path) -> None:
    path = tmp_path / "new" / "settings.ini"
    settings = settings_file.open_settings(path)
    settings.setValue("window/page", "today")
    settings.sync()
    assert mode(path) == 0o600 and mode(path.parent) == 0o700


def test_the_log_is_private_after_it_rolls_over(umask: int, tmp_path: Path, monkeypatch) -> None:
    log_path = logs.setup_logging(tmp_path / "logs")
    try:
        handler = next(h for h in logging.getLogger().handlers if getattr(h, "_sales_journal", False))
        monkeypatch.setattr(handler, "maxBytes", 100)
        for n in range(5):
            logging.getLogger("sales_journal").info("opened journal %d at %s", n, tmp_path)
        files = sorted((tmp_path / "logs").iterdir())
        assert len(files) > 1
        assert {p.name: mode(p) for p in files} == {p.name: 0o600 for p in files}
        assert mode(log_path.parent) == 0o700
    finally:
        for h in [h for h in logging.getLogger().handlers if getattr(h, "_sales_journal", False)]:
            logging.getLogger().removeHandler(h)
            h.close()
