"""Half-written forms kept in the journal, so nothing typed is lost to a crash, a sleep or a slip.

A draft is the form's own state (what was typed, as typed), saved every few seconds while the form is
open and on close, and removed when the form is saved — in the same transaction as what it saved.
Keeping a draft is not an edit of the journal a person would undo: its writes say plainly what they are
("Keep a draft of the meeting log") and name no customer, so views have nothing to refresh.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from journal.domain.errors import ValidationError
from journal.storage import models
from journal.storage.changes import Changes
from journal.storage.db import Journal
from journal.storage.store import fetch

FORM_LABELS = {"meeting_log": "meeting log"}
PAYLOAD_MAX = 2_000_000  # characters of JSON: far more than anyone types into one form


def clean_draft_field(key: str, value: Any) -> Any:
    """One field of a kept draft, as saved or imported: a known form, its state as a JSON object."""
    match key:
        case "form":
            if value not in FORM_LABELS:
                raise ValidationError(f"Unknown kind of form {value!r}.", "form")
            return value
        case "payload":
            if not isinstance(value, str) or len(value) > PAYLOAD_MAX:
                raise ValidationError("This draft is too long to keep.", "payload")
            try:
                state = json.loads(value)
            except ValueError:
                state = None
            if not isinstance(state, dict):
                raise ValidationError("A draft holds a form's fields (a JSON object).", "payload")
            return value
    raise TypeError(f"drafts cannot set {key!r}")


@dataclass(frozen=True)
class DraftView:
    id: int
    form: str
    customer_id: int | None
    interaction_id: int | None
    payload: dict[str, Any]
    updated_at: datetime


def _view(d: models.Draft) -> DraftView:
    try:
        payload = json.loads(d.payload)
    except ValueError:
        payload = {}
    return DraftView(
        d.id,
        d.form,
        d.customer_id,
        d.interaction_id,
        payload if isinstance(payload, dict) else {},
        d.updated_at,
    )


def save_draft(
    journal: Journal,
    form: str,
    payload: Mapping[str, Any],
    *,
    customer_id: int | None = None,
    interaction_id: int | None = None,
    draft_id: int | None = None,
) -> Changes:
    """Keep (or update) a draft of `form`. Returns Changes whose `created_id("draft")`/ids give its id."""
    m = journal.models
    clean_draft_field("form", form)
    try:
        text = json.dumps(dict(payload), ensure_ascii=False, sort_keys=True)
    except (TypeError, ValueError) as e:
        raise ValidationError(f"This draft cannot be kept: {e}.", "payload") from None
    clean_draft_field("payload", text)
    with journal.write(f"Keep a draft of the {FORM_LABELS[form]}") as tx:
        if customer_id is not None:
            fetch(m.Customer, customer_id, "customer")
        if (
            interaction_id is not None
            and m.Interaction.get_or_none(m.Interaction.id == interaction_id) is None
        ):
            interaction_id = None  # the planned meeting went away; the words stay
        now = journal.clock.now()
        existing = m.Draft.get_or_none(m.Draft.id == draft_id) if draft_id is not None else None
        if existing is None:
            draft = m.Draft.create(
                form=form,
                customer=customer_id,
                interaction=interaction_id,
                payload=text,
                created_at=now,
                updated_at=now,
            )
            tx.created("draft", draft.id)
        else:
            m.Draft.update(
                customer=customer_id, interaction=interaction_id, payload=text, updated_at=now
            ).where(m.Draft.id == existing.id).execute()
            tx.updated("draft", existing.id)
    return tx.changes()


def draft(journal: Journal, draft_id: int) -> DraftView | None:
    m = journal.models
    found = m.Draft.get_or_none(m.Draft.id == draft_id)
    return _view(found) if found is not None else None


def latest_draft(journal: Journal, form: str, customer_id: int | None) -> DraftView | None:
    """The newest draft of `form` for a customer (None: one started before a customer was chosen)."""
    m = journal.models
    query = m.Draft.select().where(m.Draft.form == form)
    query = query.where(
        m.Draft.customer.is_null() if customer_id is None else m.Draft.customer == customer_id
    )
    found = query.order_by(m.Draft.updated_at.desc(), m.Draft.id.desc()).first()
    return _view(found) if found is not None else None


def drafts(journal: Journal, form: str | None = None) -> list[DraftView]:
    m = journal.models
    query = m.Draft.select()
    if form is not None:
        query = query.where(m.Draft.form == form)
    return [_view(d) for d in query.order_by(m.Draft.updated_at.desc(), m.Draft.id.desc())]


def discard_draft(journal: Journal, draft_id: int) -> Changes:
    """Throw a draft away (saved, or the person chose to discard it). A draft already gone is fine."""
    m = journal.models
    with journal.write("Throw away a draft") as tx:
        if m.Draft.delete().where(m.Draft.id == draft_id).execute():
            tx.deleted("draft", draft_id)
    return tx.changes()
