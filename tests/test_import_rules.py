"""Which layer may import what. The app reaches a journal through `journal.db.Journal` and the public
services, queries, records and errors; only `journal/` knows how it is stored (peewee on SQLite, the models,
db's private helpers). And `journal/` never imports Qt, so the command line and the tests run without it."""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

STORAGE = ("peewee", "playhouse", "sqlite3", "journal.storage.models")
QT = ("PySide6", "shiboken6")


def imported_names(path: Path) -> Iterator[tuple[int, str]]:
    """(line, dotted name) for everything `path` imports: `from a.b import c` gives `a.b.c`. A relative
    import stays inside its own package, so it is left out."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and not node.level:
            for alias in node.names:
                yield node.lineno, f"{node.module}.{alias.name}"


def _is_under(name: str, roots: tuple[str, ...]) -> bool:
    return any(name == root or name.startswith(root + ".") for root in roots)


def _is_private(name: str) -> bool:
    """A name of journal/ that starts with an underscore (not a dunder such as `journal.__version__`)."""
    return any(part.startswith("_") and not part.startswith("__") for part in name.split(".")[1:])


def offences(folder: str, breaks_rule: Callable[[str], bool]) -> list[str]:
    found = []
    for path in sorted((ROOT / folder).rglob("*.py")):
        for line, name in imported_names(path):
            if breaks_rule(name):
                found.append(f"{path.relative_to(ROOT)}:{line}: {name}")
    return found


def test_the_app_reaches_journals_through_their_public_interface_only() -> None:
    def reaches_storage(name: str) -> bool:
        return _is_under(name, STORAGE) or (name.startswith("journal.") and _is_private(name))

    assert offences("ui", reaches_storage) == []


def test_the_journal_library_never_imports_qt() -> None:
    assert offences("journal", lambda name: _is_under(name, QT)) == []


def test_the_rules_see_what_they_are_meant_to(tmp_path: Path) -> None:
    """The checks find each kind of import they forbid, however it is written."""
    source = tmp_path / "example.py"
    source.write_text(
        "import sqlite3\n"
        "import peewee as pw\n"
        "from journal.storage.models import Customer\n"
        "from journal.storage import models\n"
        "from journal.storage.db import Journal, _create_private_file\n"
        "from PySide6.QtCore import QObject\n"
        "import journal\n",
        encoding="utf-8",
    )
    names = [name for _, name in imported_names(source)]
    assert [n for n in names if _is_under(n, STORAGE) or _is_private(n)] == [
        "sqlite3",
        "peewee",
        "journal.storage.models.Customer",
        "journal.storage.models",
        "journal.storage.db._create_private_file",
    ]
    assert [n for n in names if _is_under(n, QT)] == ["PySide6.QtCore.QObject"]


SHARED = ("shell", "widgets", "cli")  # the shell, the shared widgets and the command line
# The one place a feature adds to another's page: the brief puts its button and the next meetings on the
# customer header and the timeline (through the header's and the tab's public methods).
EXTENDS = {("brief", "customers")}


def test_a_feature_reaches_another_only_through_the_shell() -> None:
    """Feature folders under ui/ import the shell, the shared widgets and journal/, never each other, so
    a feature can be changed or taken out without reaching into another one's widgets."""
    features = sorted(p.name for p in (ROOT / "ui").iterdir() if (p / "__init__.py").exists())
    assert {"today", "customers", "brief", "shell", "widgets"} <= set(features)
    crossings = []
    for feature in features:
        if feature in SHARED:
            continue
        for path in sorted((ROOT / "ui" / feature).rglob("*.py")):
            for _, name in imported_names(path):
                parts = name.split(".")
                crossing = parts[0] == "ui" and len(parts) > 1 and parts[1] not in (feature, *SHARED)
                if crossing and (feature, parts[1]) not in EXTENDS:
                    crossings.append(f"{path.relative_to(ROOT)}: {name}")
    assert crossings == []


def test_widgets_and_shell_do_not_depend_on_a_feature() -> None:
    wrong = []
    for shared in ("widgets",):
        for path in sorted((ROOT / "ui" / shared).rglob("*.py")):
            for _, name in imported_names(path):
                parts = name.split(".")
                if parts[0] == "ui" and len(parts) > 1 and parts[1] not in ("shell", "widgets"):
                    wrong.append(f"{path.relative_to(ROOT)}: {name}")
    assert wrong == []
