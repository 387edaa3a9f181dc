"""The log file: where crash reports and unexpected errors go, in the platform's log folder."""

from __future__ import annotations

import io
import logging
import logging.handlers
import os
from pathlib import Path

from journal.storage import paths

LOG_NAME = "sales-journal.log"


class _PrivateLogFile(logging.handlers.RotatingFileHandler):
    """Each log file — the first, and the new one after each rollover — is 0600 from the start."""

    _sales_journal = True  # marks the app's own handler, replaced when logging is set up again

    def _open(self) -> io.TextIOWrapper:
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, paths.PRIVATE_FILE_MODE)
        Path(self.baseFilename).chmod(paths.PRIVATE_FILE_MODE)  # open's mode is masked by the umask
        return open(fd, "a", encoding=self.encoding, errors=self.errors)  # noqa: PTH123 - an open fd


def setup_logging(folder: Path | None = None) -> Path:
    """Log to a rotating file (private to the user). Returns the file's path."""
    folder = paths.ensure_private_dir(folder or paths.log_dir())
    log_path = folder / LOG_NAME
    handler = _PrivateLogFile(log_path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "_sales_journal", False)]:
        root.removeHandler(old)
        old.close()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    paths.make_private(log_path)
    return log_path
