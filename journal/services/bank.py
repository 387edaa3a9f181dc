"""The shared bank of open-ended questions, seeded and updated from resources/questions.json."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import resources
from journal.domain import vocab
from journal.domain.errors import ValidationError
from journal.domain.text import clean_line, clean_text

if TYPE_CHECKING:
    from journal.storage.db import Journal

_VERSION_KEY = "bank_version"


def _words_from(value: Any, choices: tuple[str, ...], *, field: str, label: str) -> str:
    text = clean_line(value, field=field, label=label, max_len=255)
    unknown = [w for w in text.split() if w not in choices]
    if unknown:
        raise ValidationError(f"{label} names “{unknown[0]}”, which is not one of them.", field)
    return text


def clean_question_field(key: str, value: Any) -> Any:
    """One field of a question in the bank, as shipped or imported (ValidationError if it is wrong)."""
    match key:
        case "topic":
            return clean_line(value, field=key, label="Topic", max_len=255, required=True)
        case "text":
            return clean_text(value, field=key, label="Question", max_len=2_000, required=True)
        case "stages":
            return _words_from(value, vocab.STAGES, field=key, label="Stages")
        case "need_kinds":
            return _words_from(value, vocab.NEED_KINDS, field=key, label="Kinds of need")
        case "keywords":
            return clean_line(value, field=key, label="Keywords", max_len=255)
    raise TypeError(f"bank questions cannot set {key!r}")


def check_version(value: Any) -> int:
    """The bank's version as stored in the settings: a whole number."""
    if type(value) is not int or value < 0:
        raise ValidationError(
            f"The question bank's version must be a whole number (got {value!r}).", _VERSION_KEY
        )
    return value


def load_resource() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(resources.read_text("questions.json"))
    return data


def outdated(journal: Journal) -> bool:
    """Whether the journal's question bank is older than the one shipped (reads only)."""
    m = journal.models
    row = m.Setting.get_or_none(m.Setting.key == _VERSION_KEY)
    return row is None or int(json.loads(row.value)) < int(load_resource()["version"])


def seed(journal: Journal) -> int:
    """Bring the bank up to the shipped version; returns how many questions were written."""
    m = journal.models
    data = load_resource()
    version = int(data["version"])
    row = m.Setting.get_or_none(m.Setting.key == _VERSION_KEY)
    if row is not None and check_version(json.loads(row.value)) >= version:
        return 0
    now = journal.clock.now()
    written = 0
    with journal.db.atomic("IMMEDIATE"):
        for q in data["questions"]:
            fields = {
                "topic": q["topic"],
                "text": q["text"],
                "stages": q.get("stages", ""),
                "need_kinds": q.get("need_kinds", ""),
                "keywords": q.get("keywords", ""),
                "updated_at": now,
            }
            updated = m.BankQuestion.update(**fields).where(m.BankQuestion.uid == q["uid"]).execute()
            if not updated:
                m.BankQuestion.create(uid=q["uid"], created_at=now, **fields)
            written += 1
        m.Setting.insert(key=_VERSION_KEY, value=json.dumps(version)).on_conflict_replace().execute()
    return written
