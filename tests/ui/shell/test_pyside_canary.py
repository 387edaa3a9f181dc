"""PySide6 6.12.0 on Python 3.11 drops a reference to None in item-widget calls and the process dies
("Fatal Python error: none_dealloc") after a few thousand of them. This canary runs those calls many
times in a child process, so a return of the bug fails here instead of in a rep's hands."""

from __future__ import annotations

import subprocess
import sys

import PySide6

CANARY = """
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QListWidget, QTableWidget, QTableWidgetItem
app = QApplication([])
model = QStandardItemModel()
listw = QListWidget()
table = QTableWidget(1, 1)
before = sys.getrefcount(None)
for i in range(20000):
    model.appendRow(QStandardItem(str(i)))
    listw.addItem(str(i))
    table.setItem(0, 0, QTableWidgetItem(str(i)))
print(before - sys.getrefcount(None))
"""


def test_pinned_below_the_broken_release_on_old_pythons() -> None:
    if sys.version_info < (3, 12):
        major, minor = (int(x) for x in PySide6.__version__.split(".")[:2])
        assert (major, minor) < (6, 12), f"PySide6 {PySide6.__version__} crashes on Python 3.11"


def test_item_widgets_do_not_leak_references_to_none() -> None:
    result = subprocess.run(
        [sys.executable, "-c", CANARY], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    # Immortal None (3.12+) reports no change either way; on 3.11 a leak shows as thousands lost.
    assert abs(int(result.stdout.strip())) < 1000
