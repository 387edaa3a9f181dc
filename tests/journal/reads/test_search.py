"""Search: every kind of note is found by any of its words, the index follows every write at once, and
nothing a person types can make it fail."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest

from journal.reads import search
from journal.reads.search import MARK_CLOSE, MARK_OPEN
from journal.sample import fill_sample
from journal.services import contacts, customers, interactions, needs, promises, questions
from journal.storage.db import Journal

TODAY = date(2026, 11, 22)


@pytest.fixture
def acme(journal: Journal) -> int:
    return customers.create_customer(journal, name="Acme Bakery", industry="Food").created_id("customer")


@pytest.fixture
def ann(journal: Journal, acme: int) -> int:
    return contacts.add_contact(journal, acme, name="Ann Lee", role="CFO").created_id("contact")


def found(journal: Journal, query: str) -> set[tuple[str, int]]:
    return {(h.type, h.id) for h in search.search(journal, query)}


# Each record kind, a way to make one with a distinct word in one text field, and that field.
Maker = Callable[[Journal, int, int, str], tuple[str, int]]


def _customer(field: str) -> Maker:
    def make(j: Journal, acme: int, ann: int, word: str) -> tuple[str, int]:
        if field == "revisit_reason":
            customers.set_stage(
                j, acme, "not_now", reason=f"Budget {word} this year", revisit_on=TODAY.replace(2027)
            )
            return "customer", acme
        if field == "name":
            return "customer", customers.create_customer(j, name=f"{word} Ltd").created_id("customer")
        customers.update_customer(j, acme, **{field: f"The {word} people"})
        return "customer", acme

    return make


def _contact(field: str) -> Maker:
    def make(j: Journal, acme: int, ann: int, word: str) -> tuple[str, int]:
        values = {"name": "Bo Diaz", field: f"{word} Diaz" if field == "name" else f"Looks after {word}"}
        return "contact", contacts.add_contact(j, acme, **values).created_id("contact")

    return make


def _rapport(field: str) -> Maker:
    def make(j: Journal, acme: int, ann: int, word: str) -> tuple[str, int]:
        values = {"text": "Has two dogs", field: f"Loves {word} in spring"}
        return "rapport", contacts.add_rapport_fact(j, ann, **values).created_id("rapport")

    return make


def _interaction(field: str) -> Maker:
    def make(j: Journal, acme: int, ann: int, word: str) -> tuple[str, int]:
        changes = interactions.add_interaction(j, acme, **{field: f"We talked about {word} at length"})
        return "interaction", changes.created_id("interaction")

    return make


def _need(field: str) -> Maker:
    def make(j: Journal, acme: int, ann: int, word: str) -> tuple[str, int]:
        values = {"text": "Faster close", field: f"The {word} takes too long"}
        return "need", needs.add_need(j, acme, **values).created_id("need")

    return make


def _objection(field: str) -> Maker:
    def make(j: Journal, acme: int, ann: int, word: str) -> tuple[str, int]:
        values = {"concern": "Too expensive", field: f"Worried about {word}"}
        return "objection", needs.add_objection(j, acme, **values).created_id("objection")

    return make


def _promise(field: str) -> Maker:
    def make(j: Journal, acme: int, ann: int, word: str) -> tuple[str, int]:
        due = TODAY + timedelta(days=3)
        if field == "release_reason":
            pid = promises.add_promise(j, acme, text="Send pricing", due_on=due).created_id("promise")
            promises.release(j, pid, reason=f"They bought {word} elsewhere")
            return "promise", pid
        return "promise", promises.add_promise(j, acme, text=f"Send the {word} deck", due_on=due).created_id(
            "promise"
        )

    return make


def _question(field: str) -> Maker:
    def make(j: Journal, acme: int, ann: int, word: str) -> tuple[str, int]:
        qid = questions.add_question(j, acme, text="What would success look like?").created_id("question")
        if field == "answer":
            questions.mark_asked(j, qid, answer=f"Fewer {word} errors")
        else:
            questions.update_question(j, qid, text=f"How do you handle {word} today?")
        return "question", qid

    return make


FIELDS: list[tuple[str, str, Maker]] = [
    *[("customer", f, _customer(f)) for f in ("name", "industry", "about", "revisit_reason")],
    *[("contact", f, _contact(f)) for f in ("name", "role", "notes")],
    *[("rapport", f, _rapport(f)) for f in ("text", "hook")],
    *[
        ("interaction", f, _interaction(f))
        for f in ("goal", "notes", "next_step", "went_well", "to_improve", "lesson", "opening_question")
    ],
    *[("need", f, _need(f)) for f in ("text", "quote")],
    *[("objection", f, _objection(f)) for f in ("concern", "response")],
    *[("promise", f, _promise(f)) for f in ("text", "release_reason")],
    *[("question", f, _question(f)) for f in ("text", "answer")],
]


@pytest.mark.parametrize(("kind", "field", "make"), FIELDS, ids=[f"{k}-{f}" for k, f, _ in FIELDS])
def test_every_kind_is_found_by_a_word_of_each_of_its_texts(
    journal: Journal, acme: int, ann: int, kind: str, field: str, make: Maker
) -> None:
    word = f"zq{kind}{field.replace('_', '')}"
    key = make(journal, acme, ann, word)
    assert key[0] == kind
    [hit] = search.search(journal, word)
    assert (hit.type, hit.id) == key
    assert hit.customer_id == (acme if field != "name" or kind != "customer" else key[1])
    assert hit.customer in ("Acme Bakery", f"{word} Ltd")
    assert f"{MARK_OPEN}{word}{MARK_CLOSE}" in hit.snippet
    assert hit.title and hit.score > 0


def test_edits_and_deletes_change_what_is_found_at_once(journal: Journal, acme: int, ann: int) -> None:
    iid = interactions.add_interaction(journal, acme, notes="Talked about the warehouse move").created_id(
        "interaction"
    )
    assert found(journal, "warehouse") == {("interaction", iid)}
    interactions.update_interaction(journal, iid, notes="Talked about the office move")
    assert found(journal, "warehouse") == set()
    assert found(journal, "office") == {("interaction", iid)}
    interactions.delete_interaction(journal, iid)
    assert found(journal, "office") == set()

    fact = contacts.add_rapport_fact(journal, ann, text="Sails every weekend").created_id("rapport")
    assert found(journal, "sails") == {("rapport", fact)}
    contacts.delete_contact(journal, ann)  # her rapport facts go with her
    assert found(journal, "sails") == set()
    assert found(journal, "ann") == set()
    assert search.problems(journal) == []


def test_a_write_that_fails_leaves_the_index_as_it_was(journal: Journal, acme: int) -> None:
    with pytest.raises(RuntimeError), journal.write("Half a write"):
        needs.add_need(journal, acme, text="Inventory counts are wrong")
        raise RuntimeError("power cut")
    assert found(journal, "inventory") == set()
    assert search.problems(journal) == []


@pytest.mark.parametrize(
    "query",
    [
        '"',
        "'",
        "-",
        "--",
        "AND OR",
        "NOT",
        "*",
        "(",
        ")",
        "((",
        "NEAR(",
        "name:",
        "title : x",
        "^",
        "a AND",
        '"unbalanced',
        "{name}",
        "+",
        "x" * 10_000,
        "word " * 2_000,
        "😀",
        "📈 sales",
        "\x00",
        "",
        "   ",
        "Ω≈ç√∫",
        "Robert'); DROP TABLE customer;--",
    ],
)
def test_hostile_queries_return_results_or_nothing_never_an_error(
    journal: Journal, acme: int, query: str
) -> None:
    interactions.add_interaction(journal, acme, notes='Rock AND roll; C++ (beta) - NEAR the "end" * star')
    hits = search.search(journal, query)
    assert isinstance(hits, list)
    assert search.find(journal, query, per_kind=3).hits == tuple(search.find(journal, query, per_kind=3).hits)
    assert journal.conn().execute("SELECT count(*) FROM customer").fetchone()[0] == 1


def test_search_words_are_text_not_syntax(journal: Journal, acme: int) -> None:
    iid = interactions.add_interaction(journal, acme, notes="Rock AND roll, then NEAR the end").created_id(
        "interaction"
    )
    other = interactions.add_interaction(journal, acme, notes="Quiet afternoon").created_id("interaction")
    assert found(journal, "AND") == {("interaction", iid)}
    assert found(journal, '"rock and') == {("interaction", iid)}
    assert found(journal, "NEAR(end") == {("interaction", iid)}
    assert found(journal, "-quiet") == {("interaction", other)}  # a dash is not NOT


def test_accents_and_case_are_folded_both_ways(journal: Journal) -> None:
    cafe = customers.create_customer(journal, name="Café Müller").created_id("customer")
    plain = customers.create_customer(journal, name="Resume Bakery").created_id("customer")
    assert found(journal, "cafe") == {("customer", cafe)}
    assert found(journal, "MULLER") == {("customer", cafe)}
    assert found(journal, "café müller") == {("customer", cafe)}
    assert found(journal, "résumé") == {("customer", plain)}
    [hit] = search.search(journal, "muller")
    assert hit.snippet == f"Café {MARK_OPEN}Müller{MARK_CLOSE}"


def test_the_last_word_is_a_prefix_while_it_is_being_typed(journal: Journal, acme: int) -> None:
    iid = interactions.add_interaction(journal, acme, notes="Budget freeze until March").created_id(
        "interaction"
    )
    for typed in ("bu", "bud", "budg", "budget", "budget fr", "budget freeze"):
        assert found(journal, typed) == {("interaction", iid)}, typed
    assert found(journal, "budget f") == {("interaction", iid)}  # one letter does not narrow yet
    assert found(journal, "budg ") == set()  # a space ends the word: whole words only
    assert found(journal, "freeze budget") == {("interaction", iid)}  # every word, any order


def test_a_name_match_ranks_above_a_passing_mention(journal: Journal) -> None:
    other = customers.create_customer(journal, name="Acme").created_id("customer")
    for n in range(3):
        interactions.add_interaction(
            journal, other, notes=f"Meeting {n}: they mentioned gardening, among many other things we covered"
        )
    needs.add_need(journal, other, text="Stock for the gardening season")
    garden = customers.create_customer(journal, name="Gardening Direct").created_id("customer")
    hits = search.search(journal, "gardening")
    assert (hits[0].type, hits[0].id) == ("customer", garden)
    assert hits[1].type == "need"  # a headline outranks a mention in notes
    assert {h.type for h in hits[2:]} == {"interaction"}


def test_recent_notes_come_before_old_ones_that_say_the_same(journal: Journal, acme: int, clock) -> None:
    now = clock.now()
    old = interactions.add_interaction(
        journal, acme, occurred_at=now - timedelta(days=700), notes="Discussed the rollout plan"
    ).created_id("interaction")
    new = interactions.add_interaction(
        journal, acme, occurred_at=now - timedelta(days=2), notes="Discussed the rollout plan"
    ).created_id("interaction")
    assert [h.id for h in search.search(journal, "rollout")] == [new, old]


def test_a_name_is_found_even_past_the_newest_matches(journal: Journal, monkeypatch) -> None:
    shop = customers.create_customer(journal, name="Budget Shop").created_id("customer")
    other = customers.create_customer(journal, name="Globex").created_id("customer")
    for n in range(6):
        interactions.add_interaction(journal, other, notes=f"Budget talk number {n}")
    monkeypatch.setattr(search, "CANDIDATES", 4)
    results = search.find(journal, "budget")
    assert results.capped
    assert ("customer", shop) in {(h.type, h.id) for h in results.hits}
    assert results.hits[0].id == shop
    assert results.count_text("interaction") == "4+"


def test_results_grouped_by_kind_with_counts(journal: Journal, acme: int, ann: int) -> None:
    for n in range(5):
        interactions.add_interaction(journal, acme, notes=f"Pricing call {n}")
    needs.add_need(journal, acme, text="Clear pricing")
    customers.create_customer(journal, name="Pricing Partners")
    results = search.find(journal, "pricing", per_kind=2)
    assert [h.type for h in results.hits] == ["customer", "need", "interaction", "interaction"]
    assert results.counts["interaction"] == 5 and results.counts["need"] == 1
    assert results.count_text("interaction") == "5" and not results.capped
    assert results.words == ("pricing",)
    assert len(search.search(journal, "pricing", limit=3)) == 3


def test_hits_say_what_and_whose(journal: Journal, acme: int, ann: int, clock) -> None:
    interactions.add_interaction(
        journal,
        acme,
        occurred_at=clock.now() - timedelta(days=1),
        interaction_kind="call",
        notes="Spoke of IFRS",
    )
    [hit] = search.search(journal, "ifrs")
    assert (hit.customer, hit.title) == ("Acme Bakery", "Call · Sat 21 Nov 2026")
    [person] = search.search(journal, "ann")
    assert person.title == "Ann Lee — CFO"
    long_note = " ".join(["filler"] * 200 + ["kangaroo"] + ["filler"] * 200)
    interactions.add_interaction(journal, acme, notes=long_note)
    [hit] = search.search(journal, "kangaroo")
    assert hit.snippet.startswith("…") and hit.snippet.endswith("…")
    assert f"{MARK_OPEN}kangaroo{MARK_CLOSE}" in hit.snippet and len(hit.snippet) < 160
    assert hit.snippet_marked("<b>", "</b>").count("<b>kangaroo</b>") == 1


def test_the_sample_journal_raw_inserts_are_indexed(journal: Journal) -> None:
    fill_sample(journal)
    assert search.problems(journal) == []
    hits = search.search(journal, "Brightwater")
    assert hits and hits[0].type == "customer" and hits[0].customer == "Brightwater Logistics"


def test_a_damaged_or_lost_index_is_noticed_and_remade(journal: Journal, acme: int, ann: int) -> None:
    needs.add_need(journal, acme, text="Faster month-end close", quote="We lose a week")
    conn = journal.conn()
    with journal.write("Simulated damage"):
        conn.execute(
            "DELETE FROM search_index WHERE rowid IN (SELECT rowid FROM search_key WHERE kind = 'need')"
        )
    assert found(journal, "month") == set()
    assert search.problems(journal)
    search.reindex(journal)
    assert search.problems(journal) == []
    assert {k for k, _ in found(journal, "month")} == {"need"}
    assert found(journal, "ann") == {("contact", ann)}


def _work(journal: Journal, query: str) -> tuple[int, int]:
    """The statements a search runs (FTS5's own reads of its pages among them) and the rows they
    return; no statement may rank by bm25, which counts the documents of every word by reading every
    match."""
    conn = journal.conn()
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    try:
        search.find(journal, query, limit=5)
    finally:
        conn.set_trace_callback(None)
    assert not any("bm25(" in sql for sql in statements)
    rows = sum(len(conn.execute(sql).fetchall()) for sql in statements if sql.startswith("SELECT"))
    return len(statements), rows


def test_the_work_of_a_search_does_not_grow_with_the_notes_that_match(
    journal: Journal, acme: int, monkeypatch
) -> None:
    monkeypatch.setattr(search, "CANDIDATES", 10)
    monkeypatch.setattr(search, "NAME_CANDIDATES", 3)
    customers.create_customer(journal, name="Kiwi Imports")

    def notes(n: int) -> None:
        with journal.write("Notes"):
            for i in range(n):
                interactions.add_interaction(journal, acme, notes=f"Kiwi tasting number {i}")
        search.optimize(journal)  # one segment each time, as after a bulk load

    queries = ("kiwi", "kiwi ", "kiwi tasting")
    notes(30)
    some = {q: _work(journal, q) for q in queries}
    notes(3000)
    assert {q: _work(journal, q) for q in queries} == some  # a hundred times the matches: the same work
    assert search.find(journal, "kiwi").hits[0].type == "customer"  # the name, however many notes


def test_the_index_of_names_follows_each_new_name_rename_and_deletion(journal: Journal, acme: int) -> None:
    kiwi = customers.create_customer(journal, name="Kiwi Imports").created_id("customer")
    bob = contacts.add_contact(journal, kiwi, name="Bob Kiwi", role="Buyer").created_id("contact")
    for n in range(3):
        interactions.add_interaction(journal, acme, notes=f"Kiwi tasting {n}")
    names_first = {(h.type, h.id) for h in search.search(journal, "kiwi")[:2]}
    assert names_first == {("contact", bob), ("customer", kiwi)}
    customers.update_customer(journal, kiwi, name="Apple Imports")
    contacts.update_contact(journal, bob, name="Bob Apple")
    assert {h.type for h in search.search(journal, "kiwi")} == {"interaction"}
    assert sorted(h.type for h in search.search(journal, "apple")) == ["contact", "customer"]
    contacts.delete_contact(journal, bob)
    assert [h.type for h in search.search(journal, "apple")] == ["customer"]
    assert search.named(journal, "apple imp", "customer") == [kiwi]
    assert search.problems(journal) == []
    with journal.write("Simulated damage"):
        journal.conn().execute("DELETE FROM search_name")
    assert search.problems(journal) == ["The index of names has 0 names for 2 customers and people."]
    search.reindex(journal)
    assert search.problems(journal) == []
    assert [h.id for h in search.search(journal, "apple")] == [kiwi]


@pytest.mark.parametrize(
    "text",
    [
        "Meeting's notes: MEETINGS, pre-meeting and meeting_room; o'meeting",
        "They'll meet at the meet`ing, not the meetinghouse",
        "meeting2 meeting 2meeting meet-ing mee'meeting meetmeeting 'meeting",
        "Café meeting",  # not ASCII: every word is folded
    ],
)
@pytest.mark.parametrize("typed", ["meeting", "meeting ", "meetings ", "they'll", "meet"])
def test_a_snippet_marks_the_same_words_however_they_are_looked_for(text: str, typed: str) -> None:
    query = search.parse(typed)
    assert query is not None
    matcher = search.Matcher(query.forms, query.prefixes)
    tokens = list(search._WORD.finditer(text))
    every_word = [i for i, m in enumerate(tokens) if matcher.matches(m.group())]
    assert matcher._hits(text)[0] == every_word
