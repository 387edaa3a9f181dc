"""Rendering a brief: what a rep reads in a terminal, and user text that looks like markup staying text."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser

import pytest

from journal.reads.brief import build_brief
from journal.reads.brief_render import render_html, render_json, render_markdown, render_text
from journal.services import contacts, customers, interactions, needs, promises, questions
from journal.storage.db import Journal

TODAY = date(2026, 11, 22)

HOSTILE = {
    "name": "<b>Acme</b> & Sons # 1",
    "person": "- Ann <i>Lee</i>",
    "need": "# Not a heading",
    "quote": "<script>alert('x')</script> *really*",
    "promise": "**bold** [link](http://example.com) <b>x</b> `code`",
    "notes": "# Heading\n<b>bold</b>\n1. not a list\n> not a quote",
    "objection": "1. Price | too high ~~ok~~ &amp; more",
    "question": "What about <img src=x onerror=alert(1)>?",
    "fact": "Loves \\ backslashes_and_underscores_",
}


@pytest.fixture
def hostile(journal: Journal) -> int:
    cid = customers.create_customer(journal, name=HOSTILE["name"], industry="<u>Retail</u>").created_id(
        "customer"
    )
    ann = contacts.add_contact(journal, cid, name=HOSTILE["person"], role="# CFO").created_id("contact")
    contacts.add_rapport_fact(journal, ann, text=HOSTILE["fact"], hook="<a href='x'>ask</a>?")
    needs.add_need(journal, cid, text=HOSTILE["need"], quote=HOSTILE["quote"], contact_id=ann, importance=3)
    promises.add_promise(journal, cid, text=HOSTILE["promise"], due_on=TODAY - timedelta(days=2))
    needs.add_objection(journal, cid, concern=HOSTILE["objection"], response="<em>Sure</em>")
    questions.add_question(journal, cid, text=HOSTILE["question"])
    interactions.add_interaction(
        journal,
        cid,
        occurred_at=datetime(2026, 11, 20, 10, tzinfo=UTC),
        attendees=[ann],
        notes=HOSTILE["notes"],
        lesson="<b>listen</b>",
    )
    return cid


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_escapes_every_piece_of_user_text(journal, hostile) -> None:
    page = render_html(build_brief(journal, hostile, today=TODAY), links=True)
    parser = _Tags()
    parser.feed(page)
    allowed = {
        "html",
        "head",
        "meta",
        "title",
        "style",
        "body",
        "h1",
        "h2",
        "p",
        "span",
        "a",
        "ul",
        "ol",
        "li",
    }
    assert parser.tags <= allowed | {"br", "table", "tr", "td"}
    text = "".join(parser.text)
    for value in (
        "<b>Acme</b> & Sons # 1",
        "- Ann <i>Lee</i>",
        "# Not a heading",
        "<script>alert('x')</script>",
    ):
        assert value in text
    assert "**bold** [link](http://example.com) <b>x</b> `code`" in text
    assert "What about <img src=x onerror=alert(1)>?" in text
    assert "1. Price | too high ~~ok~~ &amp; more" in text
    assert "onerror" not in page.replace("onerror=alert(1)&gt;", "")


def test_html_links_open_items_in_the_app_only_when_asked(journal, hostile) -> None:
    b = build_brief(journal, hostile, today=TODAY)
    with_links = render_html(b, links=True)
    assert f'href="item:promise/{b.i_owe.items[0].id}"' in with_links
    assert "<a href" not in render_html(b)


def test_markdown_escapes_user_text_so_nothing_becomes_markup(journal, hostile) -> None:
    md = render_markdown(build_brief(journal, hostile, today=TODAY))
    assert md.startswith("# \\<b>Acme\\</b> & Sons # 1\n")
    headings = [line for line in md.splitlines() if line.startswith("#")]
    assert all(line.startswith(("# \\<b>Acme", "## ")) for line in headings)
    assert "\\# Not a heading" in md
    assert "\\*\\*bold\\*\\* \\[link\\](http://example.com) \\<b>x\\</b> \\`code\\`" in md
    assert "1\\. Price \\| too high \\~\\~ok\\~\\~ \\&amp; more" in md
    assert "Loves \\\\ backslashes\\_and\\_underscores\\_" in md
    assert "\\<script>" in md and "<script>" not in md.replace("\\<script>", "")


def test_text_is_literal_and_fits_80_columns(journal, hostile) -> None:
    text = render_text(build_brief(journal, hostile, today=TODAY))
    assert max(len(line) for line in text.splitlines()) <= 80
    assert text.startswith("<B>ACME</B> & SONS # 1")
    assert "! **bold** [link](http://example.com) <b>x</b> `code`" in text
    assert "2 days late" in text


def test_text_drops_terminal_control_characters(journal) -> None:
    cid = customers.create_customer(journal, name="Plain").created_id("customer")
    with journal.write("raw"):  # as if imported from elsewhere, past the form's checks
        journal.models.Promise.create(
            customer=cid,
            text="Send \x1b[2Jpricing\x07",
            due_on=TODAY,
            created_at=journal.clock.now(),
            updated_at=journal.clock.now(),
        )
    text = render_text(build_brief(journal, cid, today=TODAY))
    assert "\x1b" not in text and "\x07" not in text and "Send [2Jpricing" in text


def test_json_keeps_user_text_exactly(journal, hostile) -> None:
    data = json.loads(render_json(build_brief(journal, hostile, today=TODAY)))
    assert data["customer"]["name"] == HOSTILE["name"]
    assert data["i_owe"]["items"][0]["text"] == HOSTILE["promise"]
    assert data["i_owe"]["items"][0]["days_late"] == 2
    assert data["care_about"]["items"][0]["quote"] == HOSTILE["quote"]
    assert data["people"]["items"][0]["name"] == HOSTILE["person"]
    assert data["questions"]["items"][0]["text"] == HOSTILE["question"]
    assert data["today"] == "2026-11-22"


def test_empty_sections_say_so_in_every_format(journal) -> None:
    cid = customers.create_customer(journal, name="Fresh Start").created_id("customer")
    b = build_brief(journal, cid, today=TODAY)
    line = "Nothing promised to them — a good moment to offer something concrete?"
    assert line in render_text(b)
    assert line in render_markdown(b)
    assert line in render_html(b)
    assert "No conversations logged yet" in render_text(b)
