"""Writing the open-ended questions a rep means to ask a customer next time, and their answers."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from journal.domain import vocab
from journal.domain.errors import ValidationError
from journal.domain.text import TEXT_MAX, check_choice, check_date, clean_text, short
from journal.services.needs import check_source
from journal.storage.changes import Changes
from journal.storage.db import Journal
from journal.storage.store import apply, clean_fields, fetch

# Questions that start like these invite a yes or a no; we say so, gently, rather than refuse.
_CLOSED_START = re.compile(
    r"^(is|are|was|were|do|does|did|can|could|will|would|should|shall|have|has|had|may|might|am)\b",
    re.IGNORECASE,
)


def is_closed_question(text: str) -> bool:
    return bool(_CLOSED_START.match(text.strip()))


def clean_question_field(key: str, value: Any) -> Any:
    """One field of a question to ask, as typed or imported (ValidationError if it is wrong)."""
    match key:
        case "status":
            return check_choice(value, vocab.QUESTION_STATUSES, field="status", label="Status")
        case "asked_on":
            return check_date(value, field="asked_on", label="Asked on")
        case "text":
            return clean_text(value, field="text", label="Question", max_len=TEXT_MAX, required=True)
        case "answer":
            return clean_text(value, field="answer", label="Answer", max_len=TEXT_MAX)
        case "source_id":
            return value
    raise TypeError(f"questions cannot set {key!r}")


def add_question(journal: Journal, customer_id: int, *, text: str, source_id: int | None = None) -> Changes:
    m = journal.models
    fields = clean_fields({"text": text}, clean_question_field)
    with journal.write(f"Add question ‘{short(fields['text'])}’") as tx:
        fetch(m.Customer, customer_id, "customer")
        fields["source_id"] = check_source(journal, source_id, customer_id)
        now = journal.clock.now()
        question = m.Question.create(customer=customer_id, created_at=now, updated_at=now, **fields)
        tx.created("question", question.id, customer_id)
    return tx.changes()


def update_question(journal: Journal, question_id: int, **values: Any) -> Changes:
    m = journal.models
    if set(values) - {"text", "answer", "source_id"}:
        raise TypeError(f"update_question cannot set {sorted(values)}")
    fields = clean_fields(values, clean_question_field)
    with journal.write() as tx:
        question = fetch(m.Question, question_id, "question")
        tx.describe(f"Edit question ‘{short(question.text)}’")
        if apply(question, fields, journal.clock.now()):
            tx.updated("question", question_id, question.customer_id)
    return tx.changes()


def mark_asked(journal: Journal, question_id: int, *, answer: str = "", on: date | None = None) -> Changes:
    m = journal.models
    answer = clean_question_field("answer", answer)
    on = clean_question_field("asked_on", on) or journal.clock.today()
    if on > journal.clock.today():
        raise ValidationError("A question cannot have been asked in the future.", "asked_on")
    with journal.write() as tx:
        question = fetch(m.Question, question_id, "question")
        tx.describe(f"Mark asked ‘{short(question.text)}’")
        if apply(question, {"status": "asked", "answer": answer, "asked_on": on}, journal.clock.now()):
            tx.updated("question", question_id, question.customer_id)
    return tx.changes()


def mark_to_ask(journal: Journal, question_id: int) -> Changes:
    m = journal.models
    with journal.write() as tx:
        question = fetch(m.Question, question_id, "question")
        tx.describe(f"Ask again ‘{short(question.text)}’")
        if apply(question, {"status": "to_ask", "asked_on": None}, journal.clock.now()):
            tx.updated("question", question_id, question.customer_id)
    return tx.changes()


def delete_question(journal: Journal, question_id: int) -> Changes:
    m = journal.models
    with journal.write() as tx:
        question = fetch(m.Question, question_id, "question")
        tx.describe(f"Delete question ‘{short(question.text)}’")
        question.delete_instance()
        tx.deleted("question", question_id, question.customer_id)
    return tx.changes()
