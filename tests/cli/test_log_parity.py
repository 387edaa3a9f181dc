"""`sales-journal log` records everything the Log meeting form does: objections with my answer, needs with
their words, importance and who said it, rapport facts with a hook, questions to ask, questions asked with
their answers, promises kept and needs addressed; an open need is never added twice."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from journal.reads import queries
from journal.services import contacts, customers, needs, promises, questions
from journal.storage.db import Journal
from tests.conftest import NOW
from ui.cli import main


@pytest.fixture
def acme(journal: Journal) -> int:
    cid = customers.create_customer(journal, name="Acme Bakery").created_id("customer")
    contacts.add_contact(journal, cid, name="Anke Vogel", role="CFO")
    contacts.add_contact(journal, cid, name="Ben Ortiz", role="Head of Ops")
    questions.add_question(journal, cid, text="Who else signs off on a purchase like this?")
    promises.add_promise(journal, cid, text="Send the case study", due_on=NOW.date() + timedelta(days=2))
    needs.add_need(journal, cid, text="Close the books in two days")
    return cid


def log(path: Path, *args: str) -> int:
    return main(["--journal", str(path), "log", "acme", "--outcome", "advanced",
                 "--next-step", "Demo", "--next-date", "fri", *args])  # fmt: skip


def test_everything_the_form_logs_the_command_line_logs(
    acme: int, journal: Journal, journal_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = log(
        journal_path,
        "--notes", 'Walked through the close\n" Anke wants it before March "',
        "--with", "anke", "--with", "ben",
        "--pain", "Month-end takes a week", "--quote", "We lose a week every quarter",
        "--importance", "high", "--said-by", "ben",
        "--objection", "Too expensive for 40 seats", "--answer", "Showed the payback in five months",
        "--said-by", "anke",
        "--rapport", "Runs the Berlin marathon in April", "--hook", "Ask how the marathon went",
        "--about", "anke",
        "--question", "What would a good month-end look like?",
        "--asked", "who else signs", "--answer", "The CEO, above 50k",
        "--kept", "case study",
        "--addressed", "close the books",
    )  # fmt: skip
    assert code == 0, capsys.readouterr().err
    [iid] = queries.interaction_ids(journal, acme)
    interaction = queries.interaction(journal, iid)
    assert interaction.notes == "Walked through the close\n> Anke wants it before March"
    people = {c.name: c.id for c in queries.contacts(journal, acme)}
    pain = next(n for n in queries.needs(journal, acme) if n.need_kind == "pain")
    assert (pain.text, pain.quote, pain.importance, pain.contact_id, pain.source_id) == (
        "Month-end takes a week", "We lose a week every quarter", 3, people["Ben Ortiz"], iid,
    )  # fmt: skip
    [objection] = queries.objections(journal, acme)
    assert (objection.concern, objection.response, objection.contact_id) == (
        "Too expensive for 40 seats", "Showed the payback in five months", people["Anke Vogel"],
    )  # fmt: skip
    [fact] = queries.rapport_facts(journal, people["Anke Vogel"])
    assert (fact.text, fact.hook) == ("Runs the Berlin marathon in April", "Ask how the marathon went")
    asked = {q.text: (q.status, q.answer) for q in queries.questions(journal, acme)}
    assert asked["Who else signs off on a purchase like this?"] == ("asked", "The CEO, above 50k")
    assert asked["What would a good month-end look like?"][0] == "to_ask"
    assert [p.status for p in queries.promises(journal, acme)] == ["kept"]
    closed = next(n for n in queries.needs(journal, acme) if n.text == "Close the books in two days")
    assert closed.status == "addressed"


def test_an_open_need_typed_again_is_refused_with_a_pointer_to_it(
    acme: int, journal: Journal, journal_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    [need] = queries.needs(journal, acme)
    assert log(journal_path, "--notes", "Review", "--need", "close the books in  TWO days") == 2
    err = capsys.readouterr().err
    assert "“Close the books in two days”" in err and f"--addressed {need.id} updates it" in err
    assert queries.interaction_ids(journal, acme) == []
    assert len(queries.needs(journal, acme)) == 1
    # one that is only alike is logged, and the open one is pointed out
    assert log(journal_path, "--notes", "Review", "--need", "Close the books faster") == 0
    assert f"need #{need.id}" in capsys.readouterr().out


def test_a_detail_with_nothing_to_describe_is_refused(
    acme: int, journal_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert log(journal_path, "--notes", "Review", "--quote", "We lose a week") == 2
    assert "--quote “We lose a week” describes the --need or --pain just before it" in capsys.readouterr().err
    assert log(journal_path, "--notes", "Review", "--need", "X", "--importance", "huge") == 2
    assert "--importance is low, medium or high" in capsys.readouterr().err
    assert log(journal_path, "--notes", "Review", "--kept", "nothing like it") == 2
    assert "is not an open promise of theirs (" in capsys.readouterr().err
