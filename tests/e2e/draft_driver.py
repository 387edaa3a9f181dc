"""Drive the real app to the middle of a meeting log, then wait to be killed.

    python -m tests.e2e.draft_driver JOURNAL SETTINGS

Opens the main window on JOURNAL, selects its first customer, asks for Log meeting (the Ctrl+L action),
types notes and a need into the form, and prints "draft kept N" each time the form keeps a draft.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from journal.reads import queries
from journal.storage.db import Journal
from ui.meeting_log.dialog import MeetingLogDialog
from ui.shell.app import build_window, make_application

NOTES = "They close the books in four days.\n> We lose a week every quarter"
NEED = "Close in two days"


def main(journal_path: str, settings_path: str) -> int:
    app = make_application()
    journal = Journal.open(Path(journal_path))
    window = build_window(journal, QSettings(settings_path, QSettings.Format.IniFormat))
    window.show()
    window.page("customers").select_customer(queries.customer_ids(journal)[0])

    def type_into_the_form() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, MeetingLogDialog):
            QTimer.singleShot(20, type_into_the_form)
            return
        dialog.draft_saved.connect(lambda draft_id: print(f"draft kept {draft_id}", flush=True))
        for n, line in enumerate(NOTES.split("\n")):
            if n:
                QTest.keyClick(dialog.notes, Qt.Key.Key_Return)
            QTest.keyClicks(dialog.notes, line)
        need = dialog.sections["needs"].first_input()
        QTest.keyClicks(need, NEED)
        QTest.keyClick(need, Qt.Key.Key_Return)
        print("typed", flush=True)

    log = window.findChild(QAction, "log_meeting")
    QTimer.singleShot(0, type_into_the_form)
    QTimer.singleShot(0, log.trigger)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
