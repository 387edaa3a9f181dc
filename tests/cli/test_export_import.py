"""`sales-journal export --format json|markdown` and `sales-journal import`: a journal moves to a new file
exactly, reads without the app, and a bad file is refused with nothing left behind."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from journal.sample import fill_sample
from journal.services import customers
from journal.storage.db import Journal
from tests.journal.storage.test_undo import content
from ui.cli import main


@pytest.fixture
def filled(journal_path: Path) -> Path:
    with Journal.open(journal_path) as j:
        fill_sample(j, size="small")
        customers.create_customer(j, name="Smith / Jones & Co.", about="# not a heading\n> not a quote")
    return journal_path


def test_export_then_import_into_a_new_journal(filled: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "moving" / "journal.json"
    assert main(["--journal", str(filled), "export", "--format", "json", "-o", str(out)]) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert json.loads(out.read_text())["format"] == "sales-journal"
    new = tmp_path / "laptop" / "journal.sqlite3"
    assert main(["--journal", str(new), "import", str(out)]) == 0
    assert "26 customers" in capsys.readouterr().out
    with Journal.open(filled) as a, Journal.open(new) as b:
        assert content(a) == content(b)
    assert main(["--journal", str(new), "import", str(out)]) == 2
    assert "empty journal" in capsys.readouterr().err


def test_a_bad_file_leaves_no_new_journal_behind(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "sales-journal", "version": 1, "records": {"customer": [{"name": 5}]}}')
    new = tmp_path / "new.sqlite3"
    assert main(["--journal", str(new), "import", str(bad)]) == 2
    assert "customer #1" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == [bad]
    bad.write_text("not json")
    assert main(["--journal", str(new), "import", str(bad)]) == 2
    assert "not valid JSON" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == [bad]


def test_markdown_pages_one_per_customer(filled: Path, tmp_path: Path, capsys) -> None:
    folder = tmp_path / "pages"
    assert main(["--journal", str(filled), "export", "--format", "markdown", "-o", str(folder)]) == 0
    pages = sorted(p.name for p in folder.iterdir())
    assert len(pages) == 27 and "index.md" in pages
    assert "Smith - Jones & Co.md" in pages
    for p in folder.iterdir():
        assert stat.S_IMODE(p.stat().st_mode) == 0o600
    odd = (folder / "Smith - Jones & Co.md").read_text()
    assert (
        odd.startswith("# Smith / Jones & Co.\n") and "\\# not a heading" in odd and "\\> not a quote" in odd
    )
    busy = max((p for p in folder.iterdir() if p.name != "index.md"), key=lambda p: p.stat().st_size)
    text = busy.read_text()
    assert "## Timeline" in text and "## Promises" in text
    assert "](" in (folder / "index.md").read_text()
    (tmp_path / "afile").write_text("x")
    assert (
        main(["--journal", str(filled), "export", "--format", "markdown", "-o", str(tmp_path / "afile")]) == 2
    )


def test_a_markdown_export_that_runs_out_of_disk_leaves_the_folder_as_it_was(
    filled: Path, tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from journal.exchange import markdown as markdown_export

    folder = tmp_path / "pages"
    args = ["--journal", str(filled), "export", "--format", "markdown", "-o", str(folder)]
    real = markdown_export.write_private_atomic
    written: list[Path] = []

    def fills_up(path: Path, data: bytes | str) -> Path:
        if len(written) == 5:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        written.append(path)
        return real(path, data)

    monkeypatch.setattr(markdown_export, "write_private_atomic", fills_up)
    assert main(args) != 0
    assert "Traceback" not in capsys.readouterr().err
    assert not folder.exists(), "no half-made folder"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".pages")] == []
    monkeypatch.setattr(markdown_export, "write_private_atomic", real)
    assert main(args) == 0
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    written.clear()
    monkeypatch.setattr(markdown_export, "write_private_atomic", fills_up)
    with Journal.open(filled) as j:
        customers.create_customer(j, name="Zebra Ltd")
    assert main(args) != 0
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before, "the earlier pages are kept whole"
