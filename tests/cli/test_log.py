"""`sales-journal log`: quick capture from a terminal, through the same service and checks as the form."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from journal.domain.clock import system_clock
from journal.domain.dates import day_date, parse_date
from journal.reads import queries
from journal.services import customers
from journal.storage.db import Journal
from ui.cli import main


@pytest.fixture
def path(tmp_path: Path) -> Path:
    p = tmp_path / "journal.sqlite3"
    with Journal.open(p) as j:
        customers.create_customer(j, name="Acme Ltd", stage="proposal")
        customers.create_customer(j, name="Acme Bakery")
        customers.create_customer(j, name="Globex")
    return p


def counts(path: Path) -> dict[str, int]:
    with Journal.open(path) as j:
        conn = j.conn()
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def test_a_meeting_logged_from_the_terminal(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    today = system_clock().today()
    code = main(
        [
            "--journal", str(path), "log", "acme ltd", "--kind", "call",
            "--notes", 'Walked through pricing\n" We need it by March',
            "--outcome", "advanced", "--next-step", "Send the order form", "--next-date", "in 3 days",
            "--promise-me", "Send pricing @ tomorrow", "--promise-them", "Sign the NDA@2030-01-15",
            "--need", "Close in two days", "--pain", "Month-end takes a week", "--listening", "4",
        ]
    )  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0
    assert "Logged a call with Acme Ltd" in out and "2 needs, 2 promises" in out
    assert "Sign the NDA — due Tue 15 Jan 2030" in out, "dates are shown back"
    with Journal.open(path) as j:
        [acme] = queries.find_customers(j, "acme ltd")
        [iid] = queries.interaction_ids(j, acme.id)
        i = queries.interaction(j, iid)
        assert (i.interaction_kind, i.outcome, i.listening) == ("call", "advanced", 4)
        assert (i.next_step, i.next_step_on) == (
            "Send the order form",
            parse_date("in 3 days", today, order="DMY"),
        )
        assert i.notes == "Walked through pricing\n> We need it by March"  # no stray quote mark or space
        assert {(n.text, n.need_kind, n.source_id) for n in queries.needs(j, acme.id)} == {
            ("Close in two days", "need", iid),
            ("Month-end takes a week", "pain", iid),
        }
        assert {(p.owner, p.text, p.due_on) for p in queries.promises(j, acme.id)} == {
            ("me", "Send pricing", parse_date("tomorrow", today, order="DMY")),
            ("them", "Sign the NDA", date(2030, 1, 15)),
        }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["acme ltd", "--notes", "x"], "What happens next? Write the next step"),
        (["acme ltd", "--notes", "x", "--next-step", "Call"], "When will the next step happen"),
        (["acme ltd", "--notes", "x", "--outcome", "won", "--promise-me", "Send pricing"], "after an @"),
        (["acme ltd", "--notes", "x", "--outcome", "won", "--promise-me", "Send@next blursday"], "blursday"),
        (["acme ltd", "--notes", "x", "--outcome", "won", "--promise-them", "Pay@31/02"], "no 31 February"),
        (["acme ltd", "--notes", "x", "--outcome", "not_now", "--revisit", "mar 1"], "reason they gave"),
        (["acme ltd", "--notes", "x", "--outcome", "won", "--listening", "9"], "between 1 and 5"),
        (["acme", "--notes", "x", "--outcome", "won"], "matches 2 customers"),
        (["initech", "--notes", "x", "--outcome", "won"], "No customer matches"),
    ],
)
def test_bad_input_exits_2_with_the_reason_and_writes_nothing(
    path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    before = counts(path)
    assert main(["--journal", str(path), "log", *args]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert counts(path) == before


def test_not_now_from_the_terminal_moves_the_stage_with_their_reason(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        [
            "--journal", str(path), "log", "globex", "--notes", "Budget is frozen",
            "--outcome", "not_now", "--reason", "Frozen until the merger closes", "--revisit", "in 3 months",
        ]
    )  # fmt: skip
    assert code == 0
    assert "Globex is now at Not now." in capsys.readouterr().out
    with Journal.open(path) as j:
        [globex] = queries.find_customers(j, "globex")
        detail = queries.customer(j, globex.id)
        assert (detail.stage, detail.revisit_reason) == ("not_now", "Frozen until the merger closes")
        [i] = queries.recent_interactions(j, globex.id)
        assert (i.next_step, i.next_step_on) == ("Get back in touch", detail.revisit_on)


def test_a_meeting_planned_just_now_is_completed_not_logged_twice(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from datetime import timedelta

    from journal.domain.clock import FixedClock
    from journal.services import interactions

    held = system_clock().now() - timedelta(hours=1)
    with Journal.open(path, clock=FixedClock(held - timedelta(days=3))) as j:  # planned days ago
        [globex] = queries.find_customers(j, "globex")
        meeting = interactions.plan_meeting(j, globex.id, occurred_at=held, goal="Meet the CFO")
        earlier = interactions.plan_meeting(j, globex.id, occurred_at=held - timedelta(days=2))
        just_held, days_ago = meeting.created_id("interaction"), earlier.created_id("interaction")
    won = ["--journal", str(path), "log", "globex", "--notes", "Signed", "--outcome", "won"]
    assert main(won) == 0
    assert "It completes the meeting planned for" in capsys.readouterr().out
    assert main([*won, "--meeting", str(days_ago)]) == 0
    assert main([*won, "--unplanned"]) == 0
    assert main([*won, "--meeting", str(just_held)]) == 2, "logged already"
    assert "already been logged" in capsys.readouterr().err
    with Journal.open(path) as j:
        assert queries.planned_meetings(j, customer_id=globex.id) == []
        ids = queries.interaction_ids(j, globex.id)
        assert len(ids) == 3 and {just_held, days_ago} < set(ids), "two plans completed, one new meeting"
        assert queries.interaction(j, just_held).goal == "Meet the CFO"


def test_who_was_there_from_the_terminal(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from journal.services import contacts

    with Journal.open(path) as j:
        [globex] = queries.find_customers(j, "globex")
        priya = contacts.add_contact(j, globex.id, name="Priya Shah", role="CFO").created_id("contact")
        contacts.add_contact(j, globex.id, name="Tom Berg")
    base = ["--journal", str(path), "log", "globex", "--notes", "Budget call", "--outcome", "won"]
    before = counts(path)
    assert main([*base, "--with", "Ola"]) == 2
    err = capsys.readouterr().err
    assert "“Ola” is not one of their people (Priya Shah, Tom Berg)" in err and "--new-person" in err
    assert counts(path) == before
    assert (
        main([*base, "--with", "priya", "--with", "TOM B", "--new-person", "Ola Nordmann, Head of Ops"]) == 0
    )
    out = capsys.readouterr().out
    assert "Logged a meeting with Globex (" in out and all(n in out for n in ("Priya", "Tom", "Ola"))
    with Journal.open(path) as j:
        ola = next(c for c in queries.contacts(j, globex.id) if c.name == "Ola Nordmann")
        [i] = queries.recent_interactions(j, globex.id)
        assert ola.role == "Head of Ops" and len(i.attendees) == 3 and priya in {p.id for p in i.attendees}


@pytest.mark.parametrize(
    ("order", "due"), [("MDY", date(2026, 12, 1)), ("DMY", date(2027, 1, 12))], ids=["US", "elsewhere"]
)
def test_a_numeric_due_date_means_what_the_reps_country_means(
    path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, order: str, due: date
) -> None:
    monkeypatch.setenv("SALES_JOURNAL_DATE_ORDER", order)
    args = ["--journal", str(path), "log", "globex", "--notes", "Call", "--outcome", "won"]
    assert main([*args, "--promise-me", "Send it@12/1", "--dry-run"]) == 0
    shown = capsys.readouterr().out
    said = day_date(due, date(2026, 11, 22))  # the tests' today: the year only when it is not this one
    assert f"I promised: Send it — due {said}" in shown and "nothing written" in shown
    assert counts(path)["interaction"] == 0, "a dry run writes nothing"
    assert main([*args, "--promise-me", "Send it@12/1"]) == 0
    assert f"due {said}" in capsys.readouterr().out
    with Journal.open(path) as j:
        [globex] = queries.find_customers(j, "globex")
        assert [p.due_on for p in queries.promises(j, globex.id)] == [due]


def test_a_numeric_date_that_reads_two_ways_is_refused_where_the_locale_does_not_say(
    path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SALES_JOURNAL_DATE_ORDER")
    for name in ("LC_ALL", "LC_TIME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    args = ["--journal", str(path), "log", "globex", "--notes", "Call", "--outcome", "won"]
    assert main([*args, "--promise-me", "Send it@12/1"]) == 2
    err = capsys.readouterr().err
    assert "1 December" in err and "12 January" in err and "--promise-me" in err
    assert counts(path)["interaction"] == 0
