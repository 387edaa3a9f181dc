"""Opening the app loads what its first window needs: the other pages, the dialogs, the file formats and
the command line's commands load when first used."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from journal.services import customers
from journal.storage.db import Journal

# Loaded on first use, never to show the window and Today.
LAZY = (
    "ui.customers.page",
    "ui.customers.workspace",
    "ui.brief.window",
    "journal.reads.brief_render",
    "ui.imports.wizard",
    "ui.meeting_log.dialog",
    "journal.exchange.journal_json",
    "journal.exchange.ics",
    "journal.exchange.imports",
    "icalendar",
    "ui.cli.demo",
    "ui.cli.book_import",
)

CHILD = """
import sys, time
from pathlib import Path
from ui import cli
from ui.shell import app

cli.build_parser(cli.modules_for([])).parse_args([])
application = app.make_application()
session = app.Session(app.settings_file.open_settings(), Path(sys.argv[1]))
assert session.open(Path(sys.argv[1]))
deadline = time.monotonic() + 30
while not session.window.settled and time.monotonic() < deadline:
    application.processEvents()
print(session.window.settled, session.window.page("today").report is not None)
print(" ".join(sorted(m for m in sys.modules if m.startswith(tuple(sys.argv[2:])))))
session.close()
"""


def test_starting_the_app_loads_none_of_what_waits_for_first_use(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    with Journal.open(path) as j:
        customers.create_customer(j, name="Acme")  # not empty: the app opens on Today
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
    }
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), *LAZY],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    ready, loaded = [*out.stdout.splitlines(), ""][:2]
    assert ready == "True True"
    assert loaded.split() == []
