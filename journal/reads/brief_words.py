"""The words every rendering of a brief shares, so text, Markdown, HTML and PDF say the same thing."""

from __future__ import annotations

import re
from datetime import date, datetime

from journal.domain import vocab
from journal.domain.dates import relative
from journal.domain.health import NO_CADENCE_STAGES, rhythm
from journal.domain.money import format_minor
from journal.reads.brief import (
    Conversation,
    DateItem,
    Header,
    MeetingRef,
    NeedItem,
    NextStepItem,
    ObjectionItem,
    PersonRef,
    PromiseItem,
    Revisit,
)

# C0/C1 controls (escape sequences could repaint a terminal); tab and newline are flattened anyway.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def flat(text: str) -> str:
    """User text on one line: a brief quotes, it does not reproduce layout."""
    return " ".join(_CONTROLS.sub(" ", text).split())


def day(d: date, today: date) -> str:
    """ "Fri 20 Nov", with the year when it is not this year."""
    return f"{d:%a} {d.day} {d:%b}" + ("" if d.year == today.year else f" {d.year}")


def moment(when: datetime, today: date) -> str:
    """ "Wed 25 Nov, 11:30 (in 2 days)"."""
    return f"{day(when.date(), today)}, {when:%H:%M} ({relative(when.date(), today)})"


def ago(d: date, today: date) -> str:
    """How long ago, in the words a person uses: "yesterday", "3 weeks ago", "last month"."""
    days = (today - d).days
    if days < 14:
        return relative(d, today)
    if days < 31:
        return f"{days // 7} weeks ago"
    months = (today.year - d.year) * 12 + today.month - d.month
    if months <= 1:
        return "last month"
    if months < 12:
        return f"{months} months ago"
    return "a year ago" if months < 24 else f"{months // 12} years ago"


def due(p: PromiseItem | NextStepItem, today: date) -> str:
    """ "3 days late (due Fri 20 Nov)", "due today", "due Fri 27 Nov (in 4 days)"."""
    if p.days_late:
        late = "1 day late" if p.days_late == 1 else f"{p.days_late} days late"
        return f"{late} (due {day(p.due_on, today)})"
    if p.due_in == 0:
        return "due today"
    if p.due_in == 1:
        return f"due tomorrow ({day(p.due_on, today)})"
    return f"due {day(p.due_on, today)} ({relative(p.due_on, today)})"


def promise_people(p: PromiseItem, owner: str, today: date) -> str:
    """Who it is for (mine) or from (theirs), and when it was promised."""
    parts = []
    if p.contact_name:
        parts.append(f"{'for' if owner == 'me' else 'from'} {flat(p.contact_name)}")
    if p.made_on:
        parts.append(f"promised {day(p.made_on, today)}")
    return " · ".join(parts)


def person(p: PersonRef) -> str:
    return f"{flat(p.name)} ({flat(p.role)})" if p.role else flat(p.name)


def people(refs: tuple[PersonRef, ...]) -> str:
    return ", ".join(person(p) for p in refs)


def stage_line(h: Header, today: date) -> str:
    """ "Negotiation since 6 Nov · 270,000 USD · Logistics"."""
    stage = vocab.STAGE_LABELS.get(h.stage, h.stage)
    if h.stage_since:
        stage += f" since {day(h.stage_since, today)}"
    parts = [stage]
    if h.value_minor is not None:
        parts.append(format_minor(h.value_minor, h.currency))
    if h.industry:
        parts.append(flat(h.industry))
    if h.customer_kind == "individual":
        parts.append("individual")
    if h.archived:
        parts.append("archived")
    return " · ".join(parts)


def with_label(h: Header, meeting: MeetingRef | None) -> str:
    """What the line of people is: who the meeting is with, or (no one picked) who was met lately."""
    if h.with_rule == "recent":
        return "No one picked yet; met most recently" if meeting else "Met most recently"
    if h.with_rule == "people":
        return "Their people"
    return "With"


def last_contact(h: Header) -> str:
    """ "41 days ago — past the 30-day cadence"."""
    if h.last_contact is None or h.days_since is None:
        return "no contact yet"
    when = {0: "today", 1: "yesterday"}.get(h.days_since, f"{h.days_since} days ago")
    if h.stage in NO_CADENCE_STAGES:
        return when
    match rhythm(h.days_since, h.cadence_days):
        case "slipping":
            return f"{when} — past the {h.cadence_days}-day cadence"
        case "due":
            return f"{when} — due for a touch (every {h.cadence_days} days)"
        case "within":
            return f"{when} — within the {h.cadence_days}-day cadence"
    return when


def health(h: Header) -> str:
    return h.health.label[:1].upper() + h.health.label[1:]


def kind(value: str) -> str:
    return vocab.INTERACTION_KIND_LABELS.get(value, value)


def unlogged(m: MeetingRef, today: date) -> str:
    """ "Meeting Fri 20 Nov, 10:00 (2 days ago) — not logged yet: log how it went"."""
    return f"{kind(m.kind)} {moment(m.when, today)} — not logged yet: log how it went"


def meeting_when(m: MeetingRef, today: date) -> str:
    """ "Wed 25 Nov, 11:30 (in 2 days)", and whether it was cancelled or has happened."""
    state = {"cancelled": " — cancelled", "done": " — already logged"}.get(m.state, "")
    return f"{moment(m.when, today)}{state}"


def date_item(d: DateItem, today: date, *, with_name: bool = False) -> str:
    """ "Birthday in 9 days (Tue 1 Dec), turns 50"."""
    what = flat(d.label) or vocab.DATE_KIND_LABELS.get(d.kind, d.kind)
    if with_name and d.contact_name:
        what = f"{flat(d.contact_name)}: {what[:1].lower()}{what[1:]}"
    when = {0: "today", 1: "tomorrow"}.get(d.days_away, f"in {d.days_away} days")
    text = f"{what} {when} ({day(d.on, today)})"
    if d.years:
        text += f", turns {d.years}" if d.kind == "birthday" else f", {d.years} years"
    return text


def need_tags(n: NeedItem) -> str:
    """ "pain point · high · addressed — check it landed"."""
    parts = [vocab.NEED_KIND_LABELS.get(n.kind, n.kind).lower()]
    if n.importance == 3:
        parts.append("high")
    elif n.importance == 1:
        parts.append("low")
    if n.status == "addressed":
        parts.append("addressed — check it landed")
    return " · ".join(parts)


def objection_state(o: ObjectionItem) -> str:
    if not o.response.strip():
        return "open — no answer given yet"
    if o.status == "open":
        return "still open after my answer"
    return {None: "not sure yet whether it worked", True: "it worked", False: "it did not land"}[o.worked]


def hook(text: str) -> str:
    """A follow-up hook as something to do: "Ask: How did Berlin go?", "Follow up: send flowers"."""
    text = flat(text)
    if text.lower().startswith("ask"):
        return text
    return f"Ask: {text}" if text.endswith("?") else f"Follow up: {text}"


def conversation_title(c: Conversation, today: date) -> str:
    """ "Tue 17 Nov · Meeting with Sunita Parry · Advanced"."""
    kind = vocab.INTERACTION_KIND_LABELS.get(c.kind, c.kind)
    title = f"{day(c.when.date(), today)} · {kind}"
    if c.attendees:
        title += " with " + ", ".join(flat(p.name) for p in c.attendees)
    if c.outcome:
        title += f" · {vocab.OUTCOME_LABELS.get(c.outcome, c.outcome)}"
    return title


def next_step(c: Conversation, today: date) -> str:
    by = f" (by {day(c.next_step_on, today)})" if c.next_step_on else ""
    return f"{flat(c.next_step)}{by}"


def reflections(c: Conversation) -> list[tuple[str, str]]:
    """What I told myself to do differently, and the question that worked (what went well is in the log)."""
    pairs = [
        ("Lesson", c.lesson),
        ("To improve", c.to_improve),
        ("Opened them up", c.opening_question),
    ]
    return [(label, flat(text)) for label, text in pairs if text.strip()]


def revisit_short(r: Revisit, today: date) -> str:
    """For the header: "revisit today", "revisit Mon 8 Feb 2027 (in 77 days)"."""
    if r.revisit_on is None or r.due_in is None:
        return "no revisit date set"
    if r.due_in < 0:
        return f"the revisit date came {-r.due_in} days ago"
    if r.due_in == 0:
        return "revisit today"
    return f"revisit {day(r.revisit_on, today)} ({relative(r.revisit_on, today)})"
