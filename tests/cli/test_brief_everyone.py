"""The brief names everyone at the account worth knowing, on one page: a CFO never met is there with the
hook to ask and the birthday coming up; a typical customer's PDF is one A4 page with every section, long
ones cut short and counted; a not-now reason is said once."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from journal.reads.brief import build_brief
from journal.reads.brief_render import render_text
from journal.services import contacts, customers, interactions, needs, promises, questions
from journal.storage.db import Journal
from ui.cli import main

TODAY = date(2026, 11, 22)


def at(days_ago: int) -> datetime:
    return datetime.combine(TODAY - timedelta(days=days_ago), datetime.min.time(), tzinfo=UTC).replace(
        hour=10
    )


@pytest.fixture
def acme(journal: Journal) -> int:
    """A typical customer: four people, three recent meetings, a handful of promises, needs, objections
    and questions."""
    cid = customers.create_customer(
        journal, name="Acme Bakery", industry="Food", stage="proposal", value_minor=4_000_000,
        about="Family bakery with twelve shops around Leeds; the second generation runs it now.",
    ).created_id("customer")  # fmt: skip
    ops = contacts.add_contact(journal, cid, name="Ben Ortiz", role="Head of Ops").created_id("contact")
    it = contacts.add_contact(journal, cid, name="Priya Shah", role="IT lead").created_id("contact")
    owner = contacts.add_contact(journal, cid, name="Tom Acker", role="Owner").created_id("contact")
    cfo = contacts.add_contact(journal, cid, name="Anke Vogel", role="CFO").created_id("contact")
    contacts.add_rapport_fact(
        journal,
        cfo,
        text="Runs the Berlin marathon",
        hook="Ask how the marathon went",
        learned_on=at(60).date(),
    )
    birthday = TODAY + timedelta(days=6)
    contacts.add_important_date(journal, cid, month=birthday.month, day=birthday.day, contact_id=cfo)
    for person in (ops, it, owner):
        contacts.add_rapport_fact(journal, person, text="Two kids at the local school", category="family")
        contacts.add_rapport_fact(journal, person, text="Follows the county cricket", category="interests")
    notes = (
        "Walked through how the shops order flour and how invoices are approved today. They want the "
        "pilot in two shops first. Asked what a good month-end would look like.\n> We lose a week every "
        "quarter closing the books.\nAgreed to send the draft plan and a reference customer."
    )
    for days_ago, people in ((3, [ops]), (10, [it, ops]), (20, [owner])):
        interactions.add_interaction(
            journal, cid, occurred_at=at(days_ago), attendees=people, notes=notes, outcome="advanced",
            next_step="Send the draft plan", next_step_on=TODAY + timedelta(days=2),
            lesson="Ask who signs before the demo", to_improve="Let them talk first",
        )  # fmt: skip
    for n, text in enumerate(("Send the draft plan", "Intro to a reference customer", "Price for 12 shops")):
        promises.add_promise(journal, cid, text=text, due_on=TODAY + timedelta(days=n - 1))
    promises.add_promise(
        journal, cid, text="Send the shop list", due_on=TODAY + timedelta(days=3), owner="them"
    )
    for text, quote in (
        ("Close the books in two days", "We lose a week every quarter"),
        ("Approvals from a phone", "I sign things off at the airport"),
        ("Stock counts in one place", "Every shop counts on paper"),
        ("Fewer invoice errors", "Half my Fridays go on credit notes"),
        ("Reports the bank accepts", "The bank wants monthly figures"),
        ("Training that fits shifts", "Nobody can leave the counter"),
    ):
        needs.add_need(journal, cid, text=text, quote=quote, contact_id=ops)
    needs.add_objection(
        journal, cid, concern="Too expensive for twelve shops", response="Payback in six months"
    )
    needs.add_objection(journal, cid, concern="Spreadsheets work fine")
    for text in ("What would a good month-end look like?", "Who else signs off on this?"):
        questions.add_question(journal, cid, text=text)
    return cid


def test_the_cfo_never_met_is_in_the_brief_with_her_hook_and_birthday(journal: Journal, acme: int) -> None:
    b = build_brief(journal, acme, today=TODAY)
    names = [p.name for p in b.people.items]
    assert names[:3] == ["Ben Ortiz", "Priya Shah", "Tom Acker"]  # by when I last met them
    anke = next(p for p in b.people.items if p.name == "Anke Vogel")
    assert [h.hook for h in anke.hooks] == ["Ask how the marathon went"]
    assert [d.days_away for d in anke.dates] == [6]
    text = render_text(b)
    assert "Anke Vogel — CFO" in text and "Ask how the marathon went" in text


def test_a_typical_customer_fits_one_a4_page(qapp, acme: int, journal_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "acme.pdf"
    assert main(["--journal", str(journal_path), "brief", "acme", "--format", "pdf", "-o", str(target)]) == 0
    data = target.read_bytes()
    assert len(re.findall(rb"/Type\s*/Page\b", data)) == 1


def test_a_long_section_on_the_page_shows_its_top_items_and_counts_the_rest(
    journal: Journal, acme: int
) -> None:
    from journal.reads.brief_render import render_page

    page = render_page(build_brief(journal, acme, today=TODAY))
    assert "Training that fits shifts" in page and "Close the books in two days" not in page  # newest first
    assert "… and 1 more in the Needs tab." in page
    assert "Questions to ask" in page


def test_a_not_now_reason_is_said_once(
    journal: Journal, acme: int, capsys: pytest.CaptureFixture[str]
) -> None:
    customers.set_stage(
        journal,
        acme,
        "not_now",
        reason="Budget frozen until the new year",
        revisit_on=TODAY + timedelta(days=60),
    )
    text = render_text(build_brief(journal, acme, today=TODAY))
    assert text.count("Budget frozen until the new year") == 1
