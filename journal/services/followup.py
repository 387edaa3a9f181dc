"""Following up: a quick touch that resets the keep-in-touch clock, snoozing, and revisiting a "not now".

Revisit actions never lose what a customer said: every change to a revisit is a new stage-history row,
and the reason on the customer is replaced only by a newer reason in their words.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from journal.domain import vocab
from journal.domain.errors import ValidationError
from journal.domain.health import SNOOZE_MAX_DAYS
from journal.domain.reasons import suggest_category
from journal.domain.text import TEXT_MAX, check_date, check_int, clean_text, short
from journal.services.interactions import add_interaction
from journal.storage import models
from journal.storage.changes import Changes
from journal.storage.db import Journal
from journal.storage.store import apply, fetch

REVISIT_DAYS = 90  # what to suggest for "come back to them"
CLOSING_STAGES = ("not_now", "lost")


def log_touch(
    journal: Journal,
    customer_id: int,
    *,
    interaction_kind: str = "call",
    note: str = "",
    occurred_at: datetime | None = None,
    revisit_on: date | None = None,
) -> Changes:
    """A quick call, email or message: it counts as contact, so the cadence starts again from it.

    For a not-now or lost customer, `revisit_on` moves their next revisit in the same write.
    """
    m = journal.models
    with journal.write() as tx:
        customer = fetch(m.Customer, customer_id, "customer")
        if revisit_on is not None and customer.stage not in CLOSING_STAGES:
            raise ValidationError("Only a not-now or lost customer has a revisit date.", "revisit_on")
        kind = vocab.INTERACTION_KIND_LABELS.get(interaction_kind, "touch").lower()
        article = "an" if kind[0] in "aeiou" else "a"
        tx.describe(f"Log {article} {kind} with ‘{short(customer.name)}’")
        add_interaction(
            journal,
            customer_id,
            occurred_at=occurred_at,
            interaction_kind=interaction_kind,
            notes=note,
        )
        if revisit_on is not None:
            reschedule_revisit(journal, customer_id, revisit_on)
    return tx.changes()


def snooze(journal: Journal, customer_id: int, days: int) -> Changes:
    """Leave a slipping customer out of Today for `days` days (they are back on the day it ends)."""
    m = journal.models
    check_int(days, field="days", label="Snooze for (days)", low=1, high=SNOOZE_MAX_DAYS, required=True)
    with journal.write() as tx:
        customer = fetch(m.Customer, customer_id, "customer")
        until = journal.clock.today() + timedelta(days=days)
        tx.describe(f"Snooze ‘{short(customer.name)}’ until {until:%d %b}")
        if apply(customer, {"snoozed_until": until}, journal.clock.now()):
            tx.updated("customer", customer_id, customer_id)
    return tx.changes()


def unsnooze(journal: Journal, customer_id: int) -> Changes:
    m = journal.models
    with journal.write() as tx:
        customer = fetch(m.Customer, customer_id, "customer")
        tx.describe(f"Wake ‘{short(customer.name)}’")
        if apply(customer, {"snoozed_until": None}, journal.clock.now()):
            tx.updated("customer", customer_id, customer_id)
    return tx.changes()


def reschedule_revisit(journal: Journal, customer_id: int, revisit_on: date, *, reason: str = "") -> Changes:
    """Come back to a not-now or lost customer on another date; `reason` is what they said this time.

    The earlier reason stays in the stage history; a new one becomes the customer's current reason.
    """
    m = journal.models
    check_date(revisit_on, field="revisit_on", label="Revisit date", required=True)
    reason = clean_text(reason, field="reason", label="What they said", max_len=TEXT_MAX)
    with journal.write() as tx:
        customer = fetch(m.Customer, customer_id, "customer")
        if customer.stage not in CLOSING_STAGES:
            raise ValidationError("Only a not-now or lost customer has a revisit date.", "revisit_on")
        if revisit_on <= journal.clock.today():
            raise ValidationError("The revisit date should be in the future.", "revisit_on")
        now = journal.clock.now()
        tx.describe(f"Revisit ‘{short(customer.name)}’ on {revisit_on:%d %b %Y}")
        fields = {"revisit_on": revisit_on, "revisit_reason": reason or customer.revisit_reason}
        if apply(customer, fields, now) or reason:
            _history(journal, customer, customer.stage, reason, revisit_on, now)
            tx.updated("customer", customer_id, customer_id)
    return tx.changes()


def close_for_good(journal: Journal, customer_id: int, *, reason: str = "") -> Changes:
    """No more revisits: the customer becomes (or stays) lost, with no revisit date. Reasons are kept."""
    m = journal.models
    reason = clean_text(reason, field="reason", label="Why close it", max_len=TEXT_MAX)
    with journal.write() as tx:
        customer = fetch(m.Customer, customer_id, "customer")
        if customer.stage not in CLOSING_STAGES:
            raise ValidationError(
                "Only a not-now or lost customer can be closed for good; change the stage first.", "stage"
            )
        now = journal.clock.now()
        previous = customer.stage
        tx.describe(f"Close ‘{short(customer.name)}’ for good")
        fields = {"stage": "lost", "revisit_on": None, "revisit_reason": reason or customer.revisit_reason}
        if apply(customer, fields, now) or reason:
            _history(journal, customer, previous, reason, None, now, to_stage="lost")
            tx.updated("customer", customer_id, customer_id)
    return tx.changes()


def _history(
    journal: Journal,
    customer: models.Customer,
    from_stage: str,
    reason: str,
    revisit_on: date | None,
    now: datetime,
    *,
    to_stage: str | None = None,
) -> None:
    m = journal.models
    m.StageChange.create(
        customer=customer.id,
        from_stage=from_stage,
        to_stage=to_stage or customer.stage,
        reason=reason,
        reason_category=suggest_category(reason)
        if (to_stage or customer.stage) in ("lost", "not_now")
        else "",
        revisit_on=revisit_on,
        changed_at=now,
        created_at=now,
        updated_at=now,
    )
