"""Calendar events into the journal: a meeting with the customer of the people who attended.

Past events become meetings held (`done`), later ones planned meetings. Each meeting's uid is derived
from the event's UID, so importing the same calendar again finds it: a planned meeting that was moved is
moved in the journal too, and nothing else the rep wrote about it changes. Events exported by Sales
Journal itself carry their record's uid and are recognised as such.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from journal.domain.errors import ValidationError
from journal.domain.text import check_time, short
from journal.exchange.imports.entries import Meeting, Skipped
from journal.services import interactions
from journal.storage import statistics
from journal.storage.changes import Changes
from journal.storage.db import Journal

_NAMESPACE = uuid.UUID("6f1c9a8e-8f5d-4c55-9b7e-3a4f1e6a2c10")
OWN_SUFFIX = "@sales-journal"


def meeting_uid(event_uid: str) -> str:
    if event_uid.endswith(OWN_SUFFIX):
        return event_uid[: -len(OWN_SUFFIX)]
    return str(uuid.uuid5(_NAMESPACE, event_uid))


@dataclass
class NewMeeting:
    uid: str
    customer_id: int
    state: str
    when: datetime
    goal: str
    notes: str
    people: list[int]


@dataclass
class MeetingPlan:
    source_name: str
    new: list[NewMeeting] = field(default_factory=list)
    moved: dict[int, datetime] = field(default_factory=dict)
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {
            "meetings_created": len(self.new),
            "meetings_moved": len(self.moved),
            "unchanged": self.unchanged,
            "skipped": len(self.skipped),
        }


def plan_meetings(journal: Journal, meetings: list[Meeting], name: str) -> MeetingPlan:
    conn = journal.conn()
    people = {
        str(email).casefold(): (int(pid), int(cid))
        for pid, cid, email in conn.execute("SELECT id, customer_id, email FROM contact WHERE email != ''")
    }
    now = journal.clock.now()
    plan = MeetingPlan(name)
    seen: set[str] = set()
    for meeting in meetings:
        uid = meeting_uid(meeting.uid)
        label = meeting.summary or f"the event at {meeting.start:%Y-%m-%d %H:%M} UTC"
        if uid in seen:
            continue
        seen.add(uid)
        known = conn.execute(
            "SELECT id, state, occurred_at FROM interaction WHERE uid = ?", (uid,)
        ).fetchone()
        if known is not None:
            iid, state, occurred = known
            moved = meeting.start.strftime("%Y-%m-%dT%H:%M:%S.%fZ") != occurred
            if state == "planned" and moved:
                plan.moved[int(iid)] = meeting.start
            else:
                plan.unchanged += 1
            continue
        if meeting.uid.endswith(OWN_SUFFIX):
            plan.unchanged += 1  # a promise of the journal's own export: it is here already
            continue
        found = [people[e] for e in (*meeting.attendees, meeting.organizer) if e in people]
        if not found:
            plan.skipped.append(Skipped(meeting.line, label, "none of its people are in your journal"))
            continue
        customer = found[0][1]
        try:
            goal = interactions.clean_interaction_field("goal", meeting.summary)
            notes = interactions.clean_interaction_field("notes", meeting.notes)
            check_time(meeting.start, field="occurred_at", label="When")
        except ValidationError as e:
            plan.skipped.append(Skipped(meeting.line, label, str(e)))
            continue
        state = "done" if meeting.start <= now else "planned"
        attendees = list(dict.fromkeys(pid for pid, cid in found if cid == customer))
        plan.new.append(NewMeeting(uid, customer, state, meeting.start, goal, notes, attendees))
    return plan


def apply_meetings(journal: Journal, plan: MeetingPlan) -> Changes:
    """Write the meetings in one transaction (one undo step)."""
    m = journal.models
    with journal.write(f"Import ‘{short(plan.source_name)}’") as tx:
        now = journal.clock.now()
        for new in plan.new:
            iid = m.Interaction.insert(
                uid=new.uid,
                customer=new.customer_id,
                state=new.state,
                interaction_kind="meeting",
                occurred_at=new.when,
                goal=new.goal,
                notes=new.notes,
                created_at=now,
                updated_at=now,
            ).execute()
            for pid in new.people:
                m.Attendee.insert(interaction=iid, contact=pid).execute()
            tx.created("interaction", iid, new.customer_id)
        for iid, when in plan.moved.items():
            m.Interaction.update(occurred_at=when, updated_at=now).where(m.Interaction.id == iid).execute()
            tx.updated("interaction", iid, m.Interaction.get_by_id(iid).customer_id)
    if not journal.in_write:
        statistics.refresh(journal)
    return tx.changes()
