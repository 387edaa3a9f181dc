"""What a journal holds is shown, never acted on: names and notes brought in from elsewhere (an older
version, another program, a paste) with escape sequences, a bell or bidi overrides print as visible
characters in every command, and the Markdown pages carry no live HTML, links or remote images."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path

import pytest

from journal.services import customers, interactions, promises
from journal.storage.db import Journal
from ui.cli import main

# Clears the screen, retitles the window, rings the bell, hides a NUL, and flips the text that follows.
NASTY_NAME = "Evil\x1b]0;pwned\x07\x1b[2J\x00 Corp\u202e"
NASTY_NOTE = "pricing \x9b31m red \x1b[8m hidden"
ACTING = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture
def nasty(journal_path: Path) -> Path:
    with Journal.open(journal_path) as j:
        cid = customers.create_customer(j, name="Evil Corp").created_id("customer")
        customers.create_customer(j, name="Evil Twin Ltd")
        promises.add_promise(j, cid, text="Send pricing", due_on=j.clock.today() - timedelta(days=2))
        interactions.add_interaction(j, cid, notes="pricing talk")
        # As a journal from an older version or another program may hold them.
        j.conn().execute("UPDATE customer SET name = ? WHERE id = ?", (NASTY_NAME, cid))
        j.conn().execute("UPDATE promise SET text = ?", (f"Send {NASTY_NOTE}",))
        j.conn().execute("UPDATE interaction SET notes = ?", (NASTY_NOTE,))
        j.conn().execute("INSERT INTO search_index (search_index) VALUES ('rebuild')")
    return journal_path


@pytest.mark.parametrize(
    "command",
    [
        ["today"],
        ["search", "pricing"],
        ["search", "evil"],
        ["brief", "Evil Corp"],
        ["brief", "evil"],  # two customers: the names are listed in the refusal
        ["log", "1", "--notes", "Called about pricing", "--outcome", "won"],
    ],
)
def test_commands_show_control_characters_instead_of_obeying_them(
    nasty: Path, capsys, command: list[str]
) -> None:
    main(["--journal", str(nasty), *command])
    out, err = capsys.readouterr()
    assert out or err
    assert not ACTING.search(out), repr(out)
    assert not ACTING.search(err), repr(err)
    if command[0] in ("today", "brief", "log") and "Corp" in out:
        assert "Evil" in out and "Corp" in out and "\ufffd" in out


def test_json_output_keeps_the_exact_text_yet_prints_nothing_a_terminal_acts_on(nasty: Path, capsys) -> None:
    assert main(["--journal", str(nasty), "today", "--format", "json"]) == 0
    out = capsys.readouterr().out
    assert not ACTING.search(out)
    mine = json.loads(out)["overdue_mine"]
    assert [p["text"] for p in mine] == [f"Send {NASTY_NOTE}"]


HOSTILE_MARKDOWN = (
    "<script>alert('x')</script>\n"
    "[the pricing sheet](javascript:alert(document.cookie))\n"
    "![pixel](https://tracker.example/p.png?who=rep)\n"
    '<img src="https://tracker.example/q.png">\n'
    "<https://phish.example/login>"
)


def test_markdown_pages_show_html_links_and_images_as_the_text_typed(
    journal_path: Path, tmp_path: Path
) -> None:
    with Journal.open(journal_path) as j:
        cid = customers.create_customer(j, name="Acme <b>bold</b>", about=HOSTILE_MARKDOWN).created_id(
            "customer"
        )
        interactions.add_interaction(j, cid, notes=HOSTILE_MARKDOWN)
    folder = tmp_path / "pages"
    assert main(["--journal", str(journal_path), "export", "--format", "markdown", "-o", str(folder)]) == 0

    acme = next(folder.glob("Acme*.md"))
    for page in (acme, folder / "index.md"):
        text = page.read_text()
        assert not re.search(r"(?<!\\)<", text), text  # no raw HTML, no autolink
        assert not re.search(r"(?<!\\)!(?<!\\)\[", text.replace("!\\[", "")), text  # no image
        assert not re.search(r"(?<!\\)\]\(javascript", text), text  # no javascript: link
    page = acme.read_text()
    assert "alert" in page and "tracker.example" in page  # the words are all still there
    assert page.count("javascript:alert") == 2
