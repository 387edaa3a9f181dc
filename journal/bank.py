"""The shared bank of open-ended questions, seeded and updated from resources/questions.json."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import resources

if TYPE_CHECKING:
    from journal.db import Journal

_VERSION_KEY = "bank_version"


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
    if row is not None and int(json.loads(row.value)) >= version:
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
