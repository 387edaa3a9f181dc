"""Writing interactions: meetings, calls, visits, emails and messages — done or planned."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from journal.domain import vocab
from journal.domain.errors import ValidationError
from journal.domain.text import (
    NOTES_MAX,
    TEXT_MAX,
    check_choice,
    check_date,
    check_int,
    check_time,
    clean_text,
    short,
)
from journal.storage.changes import Changes
from journal.storage.db import Journal
from journal.storage.store import apply, clean_fields, fetch


def clean_interaction_field(key: str, value: Any) -> Any:
    """One field of a meeting, call or message, as typed or imported (ValidationError if it is wrong)."""
    match key:
        case "state":
            return check_choice(value, vocab.INTERACTION_STATES, field="state", label="State")
        case "next_step_status":
            return check_choice(value, vocab.NEXT_STEP_STATUSES, field=key, label="Next step status")
        case "interaction_kind":
            return check_choice(value, vocab.INTERACTION_KINDS, field="interaction_kind", label="Kind")
        case "occurred_at":
            return check_time(value, field="occurred_at", label="When")
        case "goal":
            return clean_text(value, field="goal", label="Goal", max_len=TEXT_MAX)
        case "notes":
            return clean_text(value, field="notes", label="Notes", max_len=NOTES_MAX)
        case "outcome":
            return check_choice(value, vocab.OUTCOMES, field="outcome", label="Outcome")
        case "next_step":
            return clean_text(value, field="next_step", label="Next step", max_len=TEXT_MAX)
        case "next_step_on":
            return check_date(value, field="next_step_on", label="Next step date")
        case "went_well" | "to_improve" | "lesson" | "opening_question":
            labels = {
                "went_well": "What went well",
                "to_improve": "What to improve",
                "lesson": "Lesson",
                "opening_question": "The question that opened them up",
            }
            return clean_text(value, field=key, label=labels[key], max_len=TEXT_MAX)
        case "listening":
            return check_int(value, field="listening", label="Listening", low=1, high=5)
    raise TypeError(f"interactions cannot set {key!r}")


def _check_attendees(journal: Journal, customer_id: int, contact_ids: Iterable[int]) -> list[int]:
    m = journal.models
    ids = list(dict.fromkeys(contact_ids))
    if not ids:
        return ids
    found = {
        c.id: c.customer_id
        for c in m.Contact.select(m.Contact.id, m.Contact.customer).where(m.Contact.id.in_(ids))
    }
    for contact_id in ids:
        if contact_id not in found:
            raise ValidationError("One of the people picked no longer exists.", "attendees")
        if found[contact_id] != customer_id:
            raise ValidationError("One of the people picked belongs to another customer.", "attendees")
    return ids


def set_attendees(journal: Journal, interaction_id: int, contact_ids: list[int]) -> bool:
    """Replace who attended (inside a write). Returns whether the set changed."""
    m = journal.models
    current = {a.contact_id for a in m.Attendee.select().where(m.Attendee.interaction == interaction_id)}
    wanted = set(contact_ids)
    if current == wanted:
        return False
    if current - wanted:
        m.Attendee.delete().where(
            (m.Attendee.interaction == interaction_id) & m.Attendee.contact.in_(current - wanted)
        ).execute()
    for contact_id in contact_ids:
        if contact_id not in current:
            m.Attendee.create(interaction=interaction_id, contact=contact_id)
    return True


def add_interaction(
    journal: Journal,
    customer_id: int,
    *,
    occurred_at: datetime | None = None,
    interaction_kind: str = "meeting",
    attendees: Iterable[int] = (),
    state: str = "done",
    **values: Any,
) -> Changes:
    """Record an interaction (state "done") or plan one (state "planned", with a goal)."""
    m = journal.models
    check_choice(state, ("done", "planned"), field="state", label="State")
    when = occurred_at or journal.clock.now()
    fields = clean_fields(
        {"occurred_at": when, "interaction_kind": interaction_kind, **values}, clean_interaction_field
    )
    with journal.write() as tx:
        customer = fetch(m.Customer, customer_id, "customer")
        people = _check_attendees(journal, customer_id, attendees)
        if state == "planned" and fields["occurred_at"] < journal.clock.now().replace(
            second=0, microsecond=0
        ):
            raise ValidationError("A planned meeting needs a time in the future.", "occurred_at")
        now = journal.clock.now()
        kind = vocab.INTERACTION_KIND_LABELS[fields["interaction_kind"]].lower()
        verb = "Plan" if state == "planned" else "Log"
        tx.describe(f"{verb} {kind} with ‘{short(customer.name)}’")
        interaction = m.Interaction.create(
            customer=customer_id, state=state, created_at=now, updated_at=now, **fields
        )
        set_attendees(journal, interaction.id, people)
        tx.created("interaction", interaction.id, customer_id)
    return tx.changes()


def plan_meeting(
    journal: Journal,
    customer_id: int,
    *,
    occurred_at: datetime,
    goal: str = "",
    interaction_kind: str = "meeting",
    attendees: Iterable[int] = (),
) -> Changes:
    return add_interaction(
        journal,
        customer_id,
        occurred_at=occurred_at,
        interaction_kind=interaction_kind,
        attendees=attendees,
        state="planned",
        goal=goal,
    )


def update_interaction(
    journal: Journal, interaction_id: int, *, attendees: Iterable[int] | None = None, **values: Any
) -> Changes:
    m = journal.models
    if "state" in values:
        raise TypeError("update_interaction cannot set the state (see cancel_planned and the meeting log)")
    fields = clean_fields(values, clean_interaction_field)
    with journal.write() as tx:
        interaction = fetch(m.Interaction, interaction_id, "interaction")
        people = (
            _check_attendees(journal, interaction.customer_id, attendees) if attendees is not None else None
        )
        kind = vocab.INTERACTION_KIND_LABELS.get(interaction.interaction_kind, "interaction").lower()
        tx.describe(f"Edit {kind} of {interaction.occurred_at:%d %b %Y}")
        changed = apply(interaction, fields, journal.clock.now())
        if people is not None and set_attendees(journal, interaction_id, people):
            changed = True
            if "updated_at" not in fields:
                m.Interaction.update(updated_at=journal.clock.now()).where(
                    m.Interaction.id == interaction_id
                ).execute()
        if changed:
            tx.updated("interaction", interaction_id, interaction.customer_id)
    return tx.changes()


def cancel_planned(journal: Journal, interaction_id: int) -> Changes:
    m = journal.models
    with journal.write() as tx:
        interaction = fetch(m.Interaction, interaction_id, "interaction")
        if interaction.state != "planned":
            raise ValidationError("Only a planned meeting can be cancelled.", "state")
        tx.describe(f"Cancel meeting of {interaction.occurred_at:%d %b %Y}")
        apply(interaction, {"state": "cancelled"}, journal.clock.now())
        tx.updated("interaction", interaction_id, interaction.customer_id)
    return tx.changes()


def delete_interaction(journal: Journal, interaction_id: int) -> Changes:
    """Delete an interaction. Needs, promises and facts it produced stay, without their source."""
    m = journal.models
    with journal.write() as tx:
        interaction = fetch(m.Interaction, interaction_id, "interaction")
        kind = vocab.INTERACTION_KIND_LABELS.get(interaction.interaction_kind, "interaction").lower()
        tx.describe(f"Delete {kind} of {interaction.occurred_at:%d %b %Y}")
        interaction.delete_instance()
        tx.deleted("interaction", interaction_id, interaction.customer_id)
    return tx.changes()
