"""A meeting's dated next step, followed up like a promise of mine: it comes back on its day (Today, the
brief, reminders, the calendar) until it is done, moved to another day, or dropped.

A next step lives on the interaction it was decided in (`next_step`, `next_step_on`, `next_step_status`).
A not-now or lost customer's next step is not listed: their revisit date is what brings them back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from journal.domain.errors import ValidationError
from journal.domain.text import check_date, short
from journal.storage.changes import Changes
from journal.storage.db import Journal
from journal.storage.models import Interaction, parse_utc
from journal.storage.store import apply, fetch

# Where an open, dated next step counts (joined with `interaction i` and `customer c`).
OPEN_SQL = (
    "i.next_step_status = 'open' AND i.next_step_on IS NOT NULL AND i.next_step != ''"
    " AND i.state = 'done' AND c.archived = 0 AND c.stage NOT IN ('not_now', 'lost')"
)


@dataclass(frozen=True)
class NextStep:
    interaction_id: int
    customer_id: int
    customer_name: str
    text: str
    due_on: date
    decided_on: date  # the local day of the meeting it was decided in

    def days_late(self, today: date) -> int:
        return max(0, (today - self.due_on).days)


def open_next_steps(
    journal: Journal,
    *,
    customer_id: int | None = None,
    since: date | None = None,
    before: date | None = None,
    limit: int = 200,
) -> tuple[tuple[NextStep, ...], int]:
    """Open dated next steps due in [since, before) (open-ended where None), soonest first; and how many
    there are in all."""
    where = OPEN_SQL
    params: dict[str, object] = {"limit": limit}
    if customer_id is not None:
        where += " AND i.customer_id = :cid"
        params["cid"] = customer_id
    if since is not None:
        where += " AND i.next_step_on >= :since"
        params["since"] = since.isoformat()
    if before is not None:
        where += " AND i.next_step_on < :before"
        params["before"] = before.isoformat()
    found = f" FROM interaction i JOIN customer c ON c.id = i.customer_id WHERE {where}"
    rows = (
        journal.conn()
        .execute(
            "SELECT i.id, i.customer_id, c.name, i.next_step, i.next_step_on, i.occurred_at"
            f"{found} ORDER BY i.next_step_on, c.name_key, i.id LIMIT :limit",
            params,
        )
        .fetchall()
    )
    tz = journal.clock.local_tz()
    steps = tuple(
        NextStep(
            r[0],
            r[1],
            r[2],
            r[3],
            date.fromisoformat(r[4]),
            parse_utc(r[5]).astimezone(tz).date(),
        )
        for r in rows
    )
    if limit < 0 or len(rows) < limit:
        return steps, len(rows)
    return steps, int(journal.conn().execute(f"SELECT count(*){found}", params).fetchone()[0])


def _open_step(journal: Journal, interaction_id: int) -> Interaction:
    interaction = fetch(journal.models.Interaction, interaction_id, "meeting")
    if not interaction.next_step or interaction.next_step_on is None:
        raise ValidationError("That meeting has no dated next step.", "next_step")
    if interaction.next_step_status != "open":
        raise ValidationError(f"“{short(interaction.next_step)}” is already {interaction.next_step_status}.")
    return interaction


def mark_done(journal: Journal, interaction_id: int) -> Changes:
    """The next step is done."""
    with journal.write() as tx:
        interaction = _open_step(journal, interaction_id)
        tx.describe(f"Mark done ‘{short(interaction.next_step)}’")
        apply(interaction, {"next_step_status": "done"}, journal.clock.now())
        tx.updated("interaction", interaction_id, interaction.customer_id)
    return tx.changes()


def reschedule(journal: Journal, interaction_id: int, on: date) -> Changes:
    """Move the next step to another day (today or later)."""
    day = check_date(on, field="next_step_on", label="Next step date", required=True)
    if day is None or day < journal.clock.today():
        raise ValidationError("Move the next step to today or a later day.", "next_step_on")
    with journal.write() as tx:
        interaction = _open_step(journal, interaction_id)
        tx.describe(f"Reschedule next step ‘{short(interaction.next_step)}’")
        if apply(interaction, {"next_step_on": day}, journal.clock.now()):
            tx.updated("interaction", interaction_id, interaction.customer_id)
    return tx.changes()


def drop(journal: Journal, interaction_id: int) -> Changes:
    """Let the next step go: it will not happen (it stays on the meeting, marked dropped)."""
    with journal.write() as tx:
        interaction = _open_step(journal, interaction_id)
        tx.describe(f"Drop next step ‘{short(interaction.next_step)}’")
        apply(interaction, {"next_step_status": "dropped"}, journal.clock.now())
        tx.updated("interaction", interaction_id, interaction.customer_id)
    return tx.changes()
