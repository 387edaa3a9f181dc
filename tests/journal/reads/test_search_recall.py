"""Search finds what a rep remembers, the way they remember it: phrases in order, plurals, names spelt
without their special letters, every field they would look in, a name before a mention, plain snippets."""

from __future__ import annotations

from datetime import date, timedelta

from journal.domain.clock import FixedClock
from journal.reads import search
from journal.reads.search import MARK_CLOSE, MARK_OPEN
from journal.services import contacts, customers, interactions, needs
from journal.storage.db import Journal

TODAY = date(2026, 11, 22)


def found(journal: Journal, query: str) -> set[tuple[str, int]]:
    return {(h.type, h.id) for h in search.search(journal, query)}


def test_a_quoted_phrase_finds_those_words_in_that_order_only(journal: Journal) -> None:
    acme = customers.create_customer(journal, name="Acme").created_id("customer")
    pays = interactions.add_interaction(journal, acme, notes="They want to pay cash on delivery")
    other = interactions.add_interaction(journal, acme, notes="Cash is tight; they pay in March")
    assert found(journal, '"pay cash"') == {("interaction", pays.created_id("interaction"))}
    assert ("interaction", other.created_id("interaction")) in found(journal, "pay cash")


def test_plurals_and_singulars_find_each_other(journal: Journal) -> None:
    cafe = customers.create_customer(journal, name="Harbor Café").created_id("customer")
    note = interactions.add_interaction(journal, cafe, notes="Most guests pay cash").created_id("interaction")
    need = needs.add_need(journal, cafe, text="Fewer invoices at month end").created_id("need")
    assert ("customer", cafe) in found(journal, "Cafés")
    assert ("interaction", note) in found(journal, "pays cash")
    assert ("need", need) in found(journal, "invoice ")


def test_names_are_found_without_their_special_letters_or_apostrophes(journal: Journal) -> None:
    acme = customers.create_customer(journal, name="Acme").created_id("customer")
    sean = contacts.add_contact(journal, acme, name="Sean O'Brien").created_id("contact")
    jurgen = contacts.add_contact(journal, acme, name="Jürgen Weiß").created_id("contact")
    soren = contacts.add_contact(journal, acme, name="Søren Kjær").created_id("contact")
    assert ("contact", sean) in found(journal, "obrien")
    assert ("contact", sean) in found(journal, "O’Brien")  # a typographic apostrophe
    assert ("contact", jurgen) in found(journal, "Weiss")
    assert ("contact", jurgen) in found(journal, "weiß")
    assert ("contact", soren) in found(journal, "soren kjaer")
    [hit] = [h for h in search.search(journal, "Weiss") if h.id == jurgen]
    assert hit.snippet == f"Jürgen {MARK_OPEN}Weiß{MARK_CLOSE}"


def test_tags_dates_emails_phones_and_roles_are_found(journal: Journal) -> None:
    acme = customers.create_customer(journal, name="Acme", tags=["Wholesale"]).created_id("customer")
    anke = contacts.add_contact(
        journal, acme, name="Anke Vogel", role="CFO", email="anke@brightwater.de", phone="+49 (30) 555-0199"
    ).created_id("contact")
    contacts.add_important_date(journal, acme, month=3, day=14, date_kind="renewal", label="Fleet contract")
    contacts.add_important_date(journal, acme, month=6, day=2, contact_id=anke, label="Wedding day")
    assert ("customer", acme) in found(journal, "wholesale")
    assert ("customer", acme) in found(journal, "fleet contract")
    assert ("contact", anke) in found(journal, "wedding")
    assert ("contact", anke) in found(journal, "anke@brightwater.de")
    assert ("contact", anke) in found(journal, "4930555")  # the number typed without its spaces
    assert ("contact", anke) in found(journal, "cfo")
    # the index follows the tags and dates as they change
    customers.update_customer(journal, acme, tags=["Retail"])
    assert ("customer", acme) not in found(journal, "wholesale")
    assert ("customer", acme) in found(journal, "retail")
    [wedding] = [d.id for d in _dates(journal, acme) if d.label == "Wedding day"]
    contacts.delete_important_date(journal, wedding)
    assert ("contact", anke) not in found(journal, "wedding")
    assert search.problems(journal) == []


def _dates(journal: Journal, customer_id: int) -> list[object]:
    m = journal.models
    return list(m.ImportantDate.select().where(m.ImportantDate.customer == customer_id))


def test_a_customer_named_for_the_word_comes_before_notes_that_mention_it(
    journal: Journal, clock: FixedClock
) -> None:
    now = clock.now()
    clock.set(now - timedelta(days=400))  # a customer of long standing
    cafe = customers.create_customer(
        journal, name="Harbor Café", industry="Hospitality", about="Family-run, forty seats on the quay"
    ).created_id("customer")
    other = customers.create_customer(journal, name="Dockside").created_id("customer")
    clock.set(now)
    for text in ("Café owners want faster card payments", "Café staff rota", "Café loyalty cards"):
        needs.add_need(journal, other, text=text)
    interactions.add_interaction(journal, other, notes="Coffee at the café")
    hits = search.search(journal, "café")
    assert (hits[0].type, hits[0].id) == ("customer", cafe)
    assert len(hits) == 5  # and every mention after it


def test_snippets_are_plain_text_with_the_words_marked(journal: Journal) -> None:
    acme = customers.create_customer(journal, name="Acme").created_id("customer")
    interactions.add_interaction(
        journal, acme, notes="Walked through pricing\n> **They'll** pay by _card_ from now on\n- cash"
    )
    [hit] = search.search(journal, "they'll")
    assert "**" not in hit.snippet and "> " not in hit.snippet and "_card_" not in hit.snippet
    assert hit.snippet_plain().startswith("Walked through pricing They'll pay by card")
    assert f"{MARK_OPEN}They'll{MARK_CLOSE}" in hit.snippet


def test_typed_syntax_never_breaks_a_phrase_or_a_plural(journal: Journal) -> None:
    acme = customers.create_customer(journal, name="Acme").created_id("customer")
    note = interactions.add_interaction(journal, acme, notes="They pay cash").created_id("interaction")
    typed = ['"', '""', '"pay', 'cash"', '"pay" OR "x"', "NEAR(pay", "o'", "'s", "ß", "*", '"pay cash" *']
    for query in typed:
        search.find(journal, query)  # never raises
    assert ("interaction", note) in found(journal, '"pay ca')  # a phrase still being typed
