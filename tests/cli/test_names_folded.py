"""Names are typed the way a rep remembers them: without accents, ß, ø or apostrophes, in any case —
the same folding search uses, in every place a name is looked up."""

from __future__ import annotations

from pathlib import Path

import pytest

from journal.reads import queries
from journal.services import contacts, customers
from journal.storage.db import Journal
from ui.cli import main


@pytest.fixture
def harbor(journal: Journal) -> int:
    cid = customers.create_customer(journal, name="Harbor Café").created_id("customer")
    contacts.add_contact(journal, cid, name="Jürgen Weiß", role="Owner")
    contacts.add_contact(journal, cid, name="Siobhán O'Brien", role="Manager")
    customers.create_customer(journal, name="Søndergaard & Co")
    return cid


def test_brief_finds_the_customer_typed_without_accents(
    harbor: int, journal_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--journal", str(journal_path), "brief", "harbor cafe"]) == 0
    assert capsys.readouterr().out.startswith("HARBOR CAFÉ")
    assert main(["--journal", str(journal_path), "brief", "HARBOR CAF"]) == 0
    assert main(["--journal", str(journal_path), "brief", "sondergaard"]) == 0
    assert "SØNDERGAARD & CO" in capsys.readouterr().out


def test_log_with_a_person_typed_without_accents_or_apostrophes(
    harbor: int, journal: Journal, journal_path: Path
) -> None:
    code = main(
        [
            "--journal", str(journal_path), "log", "harbor cafe", "--notes", "Menu tasting",
            "--with", "jurgen", "--with", "obrien", "--outcome", "won",
        ]
    )  # fmt: skip
    assert code == 0
    [iid] = queries.interaction_ids(journal, harbor)
    assert {p.name for p in queries.interaction(journal, iid).attendees} == {"Jürgen Weiß", "Siobhán O'Brien"}


def test_every_lookup_folds_names_alike(harbor: int, journal: Journal) -> None:
    for typed in ("harbor cafe", "Harbor  Café", "harbor-café", "HARBOR CAFE"):
        assert [c.id for c in queries.find_customers(journal, typed)] == [harbor], typed
    assert queries.customer_ids(journal, text="harbor cafe") == [harbor]  # the customer list's filter
